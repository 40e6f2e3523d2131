// StoreDb's batch writes straight through classic-level's binding when the
// store is open: rows written so read back as written, and a store not open
// refuses the batch with an error rather than reaching the binding. Reads
// check each table block's CRC (scripts/build-leveldb.mjs), which is
// computed with the CPU's crc32 instruction.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { StoreClosedError, StoreCorruptionError } from '../../src/errors.js'
import { formatName } from '../../src/capsule/name.js'
import { StoreDb, tablesRead } from '../../src/store/level-db.js'
import { describeKey, heartbeatKey, tableRange } from '../../src/store/layout.js'
import { tempDir } from '../helpers.js'
import { levelFiles } from './damage-helper.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

/** A store at `path` of 200 rows 0x01 i that do not compress, in one table file (written by an open after them); its name. */
async function rowsInOneTable (path: string): Promise<string> {
  const db = await StoreDb.open(path)
  await db.batch(Array.from({ length: 200 }, (_, i) => ({ type: 'put' as const, key: Uint8Array.of(1, i), value: crypto.getRandomValues(new Uint8Array(1000)) })), { sync: true })
  await db.close()
  await (await StoreDb.open(path)).close()
  return levelFiles(path, '.ldb')[0]!
}

/**
 * Moves `file` of the store at `path` out of reach, leaving in its place a
 * symbolic link to where it is not (a disk not mounted); returns where the
 * link points, and what puts the file there (the disk mounted again).
 */
function outOfReach (dir: string, path: string, file: string): { elsewhere: string, putBack: () => void } {
  const kept = join(dir, `kept-${file}`)
  const elsewhere = join(dir, 'unmounted', file)
  renameSync(join(path, file), kept)
  symlinkSync(elsewhere, join(path, file))
  return { elsewhere, putBack: () => { mkdirSync(join(dir, 'unmounted'), { recursive: true }); renameSync(kept, elsewhere) } }
}

/** The value of `key` in the store at `path`, opened again. */
async function reopenedValue (path: string, key: Uint8Array): Promise<Uint8Array | undefined> {
  const reopened = await StoreDb.open(path)
  try {
    return await reopened.get(key)
  } finally {
    await reopened.close()
  }
}

describe('StoreDb open: files out of reach (found by attacking a server\'s disk)', () => {
  // LevelDB passed over such a log and deleted the link as it opened; the node started with every capsule in that
  // log gone, and no way back.
  it('a log that is a symbolic link to nothing is refused naming the log and where it points, before LevelDB deletes it; put back, every row is there', async () => {
    const dir = tempDir('gdp-level-log-link-')
    cleanups.push(dir.cleanup)
    const path = join(dir.path, 'store')
    const db = await StoreDb.open(path)
    await db.batch([{ type: 'put', key: Uint8Array.of(1), value: Uint8Array.of(2) }], { sync: true })
    await db.close()
    const log = levelFiles(path, '.log').find((file) => statSync(join(path, file)).size > 0)!
    const { elsewhere, putBack } = outOfReach(dir.path, path, log)
    await expect(StoreDb.open(path)).rejects.toMatchObject({ name: 'StoreAccessError', message: `cannot open the store at ${path}: its log ${join(path, log)} is a symbolic link to ${elsewhere}, which is not there: LevelDB would pass over it, then delete it, and the writes it holds with it; put the log back where the link points (a disk not mounted?), then open it again` })
    expect(lstatSync(join(path, log)).isSymbolicLink()).toBe(true)
    putBack()
    expect(await reopenedValue(path, Uint8Array.of(1))).toEqual(Uint8Array.of(2))
  })

  // LevelDB lists such a table as there, so the store opened, and every read of its rows failed as a damaged block
  // ("IO error: <table>: No such file or directory"), a store repair the way out.
  it('a table that is a symbolic link to nothing is refused at open naming it and where it points; put back, its rows are there', async () => {
    const dir = tempDir('gdp-level-table-link-')
    cleanups.push(dir.cleanup)
    const path = join(dir.path, 'store')
    const table = await rowsInOneTable(path)
    const { elsewhere, putBack } = outOfReach(dir.path, path, table)
    await expect(StoreDb.open(path)).rejects.toMatchObject({ name: 'StoreCorruptionError', message: `the store at ${path} holds table files that are symbolic links to nothing: ${table} (to ${elsewhere}): put them back where the links point (a disk not mounted?)` })
    putBack()
    expect(await reopenedValue(path, Uint8Array.of(1, 7))).toHaveLength(1000)
  })
})

describe('StoreDb open: CURRENT or its MANIFEST out of reach (found by attacking a server\'s disk)', () => {
  // Refused as lost, with the advice to write CURRENT with printf, which wrote through the link (onto a mount point's
  // folder, the disk not mounted), or, for the MANIFEST, to point CURRENT at the newest MANIFEST: the link itself.
  for (const which of ['CURRENT', 'MANIFEST'] as const) {
    it(`a ${which} that is a symbolic link to nothing is refused naming it and where it points, advising no write through the link; put back, the rows are there`, async () => {
      const dir = tempDir(`gdp-level-${which}-link-`)
      cleanups.push(dir.cleanup)
      const path = join(dir.path, 'store')
      await rowsInOneTable(path)
      const file = which === 'CURRENT' ? 'CURRENT' : readFileSync(join(path, 'CURRENT'), 'latin1').trim()
      const { elsewhere, putBack } = outOfReach(dir.path, path, file)
      await expect(StoreDb.open(path)).rejects.toMatchObject({ name: 'StoreCorruptionError', message: `the store at ${path}: its ${file} is a symbolic link to ${elsewhere}, which is not there: put the file back where the link points (a disk not mounted?), then open the store again` })
      expect(lstatSync(join(path, file)).isSymbolicLink()).toBe(true)
      putBack()
      expect(await reopenedValue(path, Uint8Array.of(1, 7))).toHaveLength(1000)
    })
  }
})

describe('StoreDb batch', () => {
  it('writes puts and deletes of one batch, in order, and they survive a reopen', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const key = (i: number): Uint8Array => Uint8Array.of(1, i)
    let db = await StoreDb.open(dir.path)
    await db.batch([
      { type: 'put', key: key(1), value: Uint8Array.of(10) },
      { type: 'put', key: key(2), value: new Uint8Array(Buffer.alloc(70_000, 7)) },
      { type: 'put', key: key(3), value: new Uint8Array(0) },
      { type: 'del', key: key(1) },
      // A view into a larger buffer: only its bytes are the key and the value.
      { type: 'put', key: Uint8Array.of(0, 1, 4, 0).subarray(1, 3), value: Uint8Array.of(9, 8, 7).subarray(1) }
    ], { sync: false })
    await db.close()
    db = await StoreDb.open(dir.path)
    cleanups.push(async () => { await db.close() })
    expect(await db.get(key(1))).toBeUndefined()
    expect(Buffer.from((await db.get(key(2)))!)).toEqual(Buffer.alloc(70_000, 7))
    expect([...(await db.get(key(3)))!]).toEqual([])
    expect([...(await db.get(key(4)))!]).toEqual([8, 7])
  })

  it('refuses a batch once the store is closed, and writes nothing', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const db = await StoreDb.open(dir.path)
    await db.close()
    await expect(db.batch([{ type: 'put', key: Uint8Array.of(1), value: Uint8Array.of(1) }], { sync: false })).rejects.toThrow(/not open/)
    const again = await StoreDb.open(dir.path)
    expect(await again.get(Uint8Array.of(1))).toBeUndefined()
    await again.close()
  })
})

describe('StoreDb reads of a damaged table', () => {
  it('the binding in use is the one scripts/build-leveldb.mjs built, with its CRC-32C by the CPU\'s instruction (a classic-level upgrade that drops it is noticed here)', () => {
    const binding = readFileSync(join(import.meta.dirname, '../../node_modules/classic-level/build/Release/classic_level.node'))
    expect(binding.includes('Crc32cByInstruction')).toBe(true)
  })

  it('one byte flipped in a table block is a StoreCorruptionError (block checksum mismatch), never other rows or an abort', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    let db = await StoreDb.open(dir.path)
    // Rows that do not compress, so the flipped byte lands in row data.
    const rows = Array.from({ length: 200 }, (_, i) => ({ type: 'put' as const, key: Uint8Array.of(1, i), value: crypto.getRandomValues(new Uint8Array(1000)) }))
    await db.batch(rows, { sync: true })
    await db.close()
    // Opening again writes the log's rows into a table file.
    db = await StoreDb.open(dir.path)
    await db.close()
    const table = readdirSync(dir.path).filter((f) => f.endsWith('.ldb')).map((f) => join(dir.path, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!
    const bytes = readFileSync(table)
    bytes[Math.floor(bytes.length / 3)]! ^= 0x04
    writeFileSync(table, bytes)
    db = await StoreDb.open(dir.path)
    cleanups.push(async () => { await db.close() })
    const readAll = async (): Promise<number> => {
      let n = 0
      for await (const [key, value] of db.iterator({ gte: Uint8Array.of(1), lt: Uint8Array.of(2) })) {
        // A row read back is the row written: the damage is never passed on as data.
        expect(Buffer.from(value).equals(Buffer.from(rows[key[1]!]!.value))).toBe(true)
        n++
      }
      return n
    }
    await expect(readAll()).rejects.toThrow(StoreCorruptionError)
    await expect(readAll()).rejects.toThrow(/checksum mismatch/)
  })

  it('a table cut short on disk is a StoreCorruptionError saying so, naming the table (it was LevelDB\'s bare "IO error: <table>: Invalid argument")', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const table = await rowsInOneTable(dir.path)
    truncateSync(join(dir.path, table), Math.floor(statSync(join(dir.path, table)).size / 2))
    const db = await StoreDb.open(dir.path)
    cleanups.push(async () => { await db.close() })
    const read = db.get(Uint8Array.of(1, 7))
    await expect(read).rejects.toThrow(StoreCorruptionError)
    await expect(db.get(Uint8Array.of(1, 7))).rejects.toThrow(new RegExp(`table ${table.replace('.', '\\.')} is shorter than LevelDB wrote it \\(cut short on disk\\): LevelDB: IO error: .*Invalid argument`))
  })

  it('a scan that reads past its capsule\'s rows into a neighbour\'s damaged block names that table, and does not say the damage is its capsule\'s', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const [mine, neighbour] = [new Uint8Array(32).fill(0x10), new Uint8Array(32).fill(0x20)]
    // Each capsule's heartbeats in a table of their own: rows that do not compress, each batch moved into a table by the open after it.
    const tableOf = async (name: Uint8Array): Promise<string> => {
      const before = new Set(readdirSync(dir.path))
      const db = await StoreDb.open(dir.path)
      await db.batch(Array.from({ length: 50 }, (_, i) => ({ type: 'put' as const, key: heartbeatKey(name, i + 1), value: crypto.getRandomValues(new Uint8Array(1000)) })), { sync: true })
      await db.close()
      await (await StoreDb.open(dir.path)).close()
      return readdirSync(dir.path).find((f) => f.endsWith('.ldb') && !before.has(f))!
    }
    const healthy = await tableOf(mine)
    const damaged = await tableOf(neighbour)
    // The neighbour's first block: the one holding the first key past this capsule's rows.
    const bytes = readFileSync(join(dir.path, damaged))
    bytes[500]! ^= 0x04
    writeFileSync(join(dir.path, damaged), bytes)
    const db = await StoreDb.open(dir.path)
    cleanups.push(async () => { await db.close() })
    // What a capsule's open does to check nothing lies past its last heartbeat (StoredCapsule #lastEntry).
    const err = await db.iterator({ gt: heartbeatKey(mine, 50), lt: tableRange('heartbeat', mine).lt, limit: 1 }).all().then(() => undefined, (e: unknown) => e as Error)
    expect(err).toBeInstanceOf(StoreCorruptionError)
    expect(err!.message).toMatch(new RegExp(`^capsule ${formatName(mine)}: heartbeat at size 50 and after: LevelDB: Corruption: [^(]*checksum mismatch[^(]* \\(one of tables ${healthy}, ${damaged}; store at ${dir.path}\\); ` +
      'the unreadable block is at or just past these rows, so the damage may be in another capsule\'s rows: ' +
      'a store repair \\(with no node running on the store\\) finds whose rows it holds and keeps every row it can read$'))
    // Its own rows read well: only the scan past them meets the damage.
    expect(await db.get(heartbeatKey(mine, 50))).toBeDefined()
  })
})

describe('a scan that meets a damaged block part way', () => {
  // Found by attacking the disk: a read of a whole capsule printed its first 192 records, then failed naming
  // "record chunk 0 and after", where it began, as if nothing had been read.
  it('names where it began and the last row it read whole; a scan of values alone, where it began', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const name = new Uint8Array(32).fill(0x30)
    let db = await StoreDb.open(dir.path)
    await db.batch(Array.from({ length: 200 }, (_, i) => ({ type: 'put' as const, key: heartbeatKey(name, i + 1), value: crypto.getRandomValues(new Uint8Array(1000)) })), { sync: true })
    await db.close()
    await (await StoreDb.open(dir.path)).close() // the log becomes a table
    const table = readdirSync(dir.path).find((f) => f.endsWith('.ldb'))!
    const bytes = readFileSync(join(dir.path, table))
    // Half way through: blocks of about 4 KiB, four rows each.
    bytes[Math.floor(bytes.length / 2)]! ^= 0x04
    writeFileSync(join(dir.path, table), bytes)
    db = await StoreDb.open(dir.path)
    cleanups.push(async () => { await db.close() })
    const scan = async (entries: AsyncIterable<unknown>): Promise<{ read: number, last: unknown, err: Error }> => {
      let read = 0
      let last: unknown
      try { for await (const entry of entries) { read++; last = entry } } catch (err) { return { read, last, err: err as Error } }
      throw new Error('the scan met no damage')
    }
    const range = tableRange('heartbeat', name)
    for (const [rows, keyOf] of [[db.iterator(range), (e: unknown) => (e as Uint8Array[])[0]!], [db.keys(range), (e: unknown) => e as Uint8Array]] as const) {
      const { read, last, err } = await scan(rows)
      // (classic-level reads ahead in batches: a batch that meets the block fails whole, so fewer rows come than precede it.)
      const past = read === 0 ? '' : `, past ${describeKey(keyOf(last))}, the last row read`
      expect(err.message.startsWith(`capsule ${formatName(name)}: heartbeats${past}: LevelDB: Corruption: `), err.message).toBe(true)
    }
    // The row-by-row read: most of the rows before the damage come.
    {
      const { read } = await scan(db.iterator(range))
      expect(read).toBeGreaterThan(10)
    }
    const { err } = await scan(db.values(range))
    expect(err.message).toMatch(new RegExp(`^capsule ${formatName(name)}: heartbeats: LevelDB: Corruption: `))
  })
})

describe('tablesRead: the tables a read may have read', () => {
  const k = (...bytes: number[]): Uint8Array => Uint8Array.of(...bytes)
  // Level 0: tables 7 and 9 overlap each other; level 1: 3 < 4 < 5 < 6, level 2: 11 < 12.
  const listing = [
    '--- level 0 ---',
    ' 7:1000[\'\\x01\\x05\' @ 20 : 1 .. \'\\x03\\x00\' @ 30 : 1]',
    ' 9:1000[\'\\x04\\x00\' @ 31 : 1 .. \'\\x05\\x00\' @ 40 : 1]',
    '--- level 1 ---',
    ' 3:1000[\'\\x01\\x00\' @ 1 : 1 .. \'\\x01\\x09\' @ 2 : 1]',
    ' 4:1000[\'\\x02\\x00\' @ 3 : 1 .. \'\\x02\\x09\' @ 4 : 1]',
    ' 5:1000[\'\\x03\\x00\' @ 5 : 1 .. \'\\x03\\x09\' @ 6 : 1]',
    ' 6:1000[\'\\x04\\x00\' @ 7 : 1 .. \'\\x04\\x09\' @ 8 : 1]',
    '--- level 2 ---',
    ' 11:1000[\'\\x00\\x00\' @ 9 : 1 .. \'\\x01\\x07\' @ 10 : 1]',
    ' 12:1000[\'\\x06\\x00\' @ 11 : 1 .. \'\\x06\\x09\' @ 12 : 1]',
    '--- level 3 ---',
    ''
  ].join('\n')

  it('a point read: the tables whose key range holds the key', () => {
    expect(tablesRead(listing, k(1, 6)).sort((a, b) => a - b)).toEqual([3, 7, 11])
  })

  it('a forward scan: the tables over the range, every level-0 table past it, and the next table past it in each deeper level', () => {
    // [\x01\x08, \x01\xff): 3 and 7 hold it; 11 ends before it; past it: 9 (level 0), 4 (level 1, not 5 or 6), 12 (level 2).
    expect(tablesRead(listing, k(1, 8), { end: k(1, 0xff), reverse: false }).sort((a, b) => a - b)).toEqual([3, 4, 7, 9, 12])
  })

  it('a reverse scan: also the tables holding the last key before the range', () => {
    // [\x04\x05, \x04\xff): 6 and 9 hold it; past it: 12; before it: 7 (level 0), 5 (level 1), 11 (level 2).
    expect(tablesRead(listing, k(4, 5), { end: k(4, 0xff), reverse: true }).sort((a, b) => a - b)).toEqual([5, 6, 7, 9, 11, 12])
    expect(tablesRead(listing, k(4, 5), { end: k(4, 0xff), reverse: false }).sort((a, b) => a - b)).toEqual([6, 9, 12])
  })

  it('a scan to the end of the keys has nothing past it', () => {
    expect(tablesRead(listing, k(6, 5), { end: undefined, reverse: false })).toEqual([12])
  })
})

describe('reads while the store is reopened after a failed write', () => {
  // Found by CI: a server's read that came while a write reopened LevelDB (WriteQueue.heal) found the old handle
  // closing and was answered SERVER_ERROR (StoreClosedError), though the store was back a moment later.
  it('wait for the reopen and read from the new handle: a get, a listing, and a scan begun before it', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const db = await StoreDb.open(dir.path)
    cleanups.push(async () => { await db.close() })
    const key = (i: number): Uint8Array => Uint8Array.of(1, i)
    await db.batch([1, 2, 3].map((i) => ({ type: 'put' as const, key: key(i), value: Uint8Array.of(i) })), { sync: false })
    // Its close made slow, so that the reads below come while the old handle is closing.
    const prototype = Level.prototype as unknown as { _close: (...args: unknown[]) => Promise<void> }
    const close = prototype._close
    let closing = (): void => {}
    const closeBegun = new Promise<void>((resolve) => { closing = resolve })
    vi.spyOn(prototype, '_close').mockImplementation(async function (this: unknown, ...args: unknown[]) {
      closing()
      await new Promise((resolve) => setTimeout(resolve, 100))
      return await close.apply(this, args)
    } as never)
    cleanups.push(() => { vi.restoreAllMocks() })
    const reopened = db.reopen()
    await closeBegun
    const reads = await Promise.all([
      db.get(key(2)),
      db.iterator({ gte: key(1), lt: key(9) }).all(),
      (async () => { const keys: number[] = []; for await (const k of db.keys({ gte: key(1), lt: key(9) })) keys.push(k[1]!); return keys })()
    ])
    await reopened
    expect([...reads[0]!]).toEqual([2])
    expect(reads[1].map(([k, v]) => [k[1], v[0]])).toEqual([[1, 1], [2, 2], [3, 3]])
    expect(reads[2]).toEqual([1, 2, 3])
  })
})

describe('a scan that a reopen after a failed write cuts part way', () => {
  // Busy: its reader is away (sending a row, say) through the whole reopen, and finds its iterator closed with the old
  // handle once the reopen is over, with no reopen under way to wait for: it failed StoreClosedError on an open store.
  for (const busy of [false, true]) {
    for (const [reverse, past] of [[false, false], [true, false], [false, true]]) {
      it(`goes on from the row past its last on the new handle, ${past ? 'a scan stepping over damaged blocks' : reverse ? 'in reverse' : 'forward'}, within its limit${busy ? ', its reader busy through the reopen' : ''}: each row once, in order`, async () => {
        const dir = tempDir()
        cleanups.push(() => { dir.cleanup() })
        const db = await StoreDb.open(dir.path)
        cleanups.push(async () => { await db.close() })
        const key = (i: number): Uint8Array => Uint8Array.of(1, i >> 8, i & 0xff)
        await db.batch(Array.from({ length: 3000 }, (_, i) => ({ type: 'put' as const, key: key(i), value: Uint8Array.of(7) })), { sync: false })
        const read: number[] = []
        let reopened: Promise<void> | undefined
        // More rows than classic-level reads ahead at once (1,000 at most), so the cut comes before the scan ends.
        const scan = reverse || !past
          ? db.keys({ gte: key(0), lt: key(3000), reverse, limit: 2500 })
          : db.keysPast({ gte: key(0), lt: key(2500) }, (err) => { throw err })
        for await (const k of scan) {
          read.push((k[1]! << 8) | k[2]!)
          if (read.length === 10) reopened = db.reopen()
          if (read.length === 10 && busy) await reopened
        }
        await reopened
        const first = reverse ? 2999 : 0
        expect(read).toEqual(Array.from({ length: 2500 }, (_, i) => reverse ? first - i : first + i))
      })
    }
  }
})

describe('a scan stepping over a damaged block, cut by a reopen after a failed write past the block', () => {
  // After the damaged block, the scan reads the rest a row at a time on an iterator of its own, which a reopen closed:
  // that part failed StoreClosedError, where the part before the block read on from the new handle.
  it('goes on from the row past its last on the new handle: each row after the block once, in order', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const table = join(dir.path, await rowsInOneTable(dir.path))
    const bytes = readFileSync(table)
    bytes[Math.floor(bytes.length / 3)]! ^= 0x04
    writeFileSync(table, bytes)
    const db = await StoreDb.open(dir.path)
    cleanups.push(async () => { await db.close() })
    const unreadable: StoreCorruptionError[] = []
    const read: number[] = []
    let reopened = false
    for await (const k of db.keysPast({ gte: Uint8Array.of(1), lt: Uint8Array.of(2) }, (err) => { unreadable.push(err) })) {
      read.push(k[1]!)
      if (unreadable.length > 0 && !reopened) {
        reopened = true
        await db.reopen()
      }
    }
    expect(unreadable).toHaveLength(1)
    expect(reopened).toBe(true)
    // Each row once, in order, to the range's end: only the damaged block's are passed over.
    expect(read.every((i, at) => at === 0 || i > read[at - 1]!)).toBe(true)
    expect(read.at(-1)).toBe(199)
    expect(read.length).toBeGreaterThan(150)
  })
})

describe('a get of the old handle once a reopen after a failed write is over', () => {
  it('a get of the old handle that finds it closed once the reopen is over reads the new one; one after close() is refused', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const db = await StoreDb.open(dir.path)
    await db.batch([{ type: 'put', key: Uint8Array.of(1, 2), value: Uint8Array.of(2) }], { sync: false })
    // The old handle's get is held until the reopen is over, then made: it finds that handle closed.
    const prototype = Level.prototype as unknown as { get: (...args: unknown[]) => Promise<Uint8Array | undefined> }
    const get = prototype.get
    let reopened: Promise<void> | undefined
    const spy = vi.spyOn(prototype, 'get').mockImplementationOnce(async function (this: unknown, ...args: unknown[]) {
      reopened = db.reopen()
      await reopened
      return await get.apply(this, args)
    } as never)
    cleanups.push(() => { vi.restoreAllMocks() })
    expect([...(await db.get(Uint8Array.of(1, 2)))!]).toEqual([2])
    expect(spy).toHaveBeenCalledTimes(2)
    await db.close()
    await expect(db.get(Uint8Array.of(1, 2))).rejects.toThrow(StoreClosedError)
  })
})

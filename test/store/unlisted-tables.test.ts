// A store on a full disk whose room is held by tables LevelDB no longer lists (a compaction that ran out of room
// leaves what it wrote): it deletes them under LevelDB's lock and opens (src/store/store-lock.ts). The disk's free
// space is played through node:fs's statfsSync: the bytes of the unlisted table, and a little more, free once it goes.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Level } from 'level'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { readManifest } from '../../src/store/free-space.js'
import { REPAIR_MARKER, StoreDb } from '../../src/store/level-db.js'
import { storedCrc32c } from '../../src/store/table-index.js'
import { fillCapsule, tempDir } from '../helpers.js'

const MiB = 1 << 20
/** Free on the played disk with the unlisted table there: less than opening takes (about 1.1 MiB with no log to replay). */
const FREE_WITH_IT = 0.2 * MiB
const UNLISTED_BYTES = 3 * MiB

const disk: { store?: string, unlisted?: string, lockDenied?: boolean } = {}
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>()
  return {
    ...original,
    statfsSync: (path: fs.PathLike, ...rest: unknown[]) => {
      const real = original.statfsSync(path, ...(rest as []))
      if (disk.store === undefined || !String(path).startsWith(disk.store)) return real
      const free = FREE_WITH_IT + (disk.unlisted !== undefined && original.existsSync(disk.unlisted) ? 0 : UNLISTED_BYTES)
      return { ...real, bsize: 4096, bavail: Math.floor(free / 4096) }
    },
    openSync: (path: fs.PathLike, ...rest: unknown[]) => {
      if (disk.lockDenied === true && String(path).endsWith('/LOCK')) throw Object.assign(new Error(`EACCES: permission denied, open '${String(path)}'`), { code: 'EACCES' })
      return (original.openSync as (...args: unknown[]) => number)(path, ...rest)
    }
  }
})

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0).reverse()) c(); disk.store = undefined; disk.unlisted = undefined; disk.lockDenied = undefined })

/** A LevelDB varint. */
function varint (value: number): number[] {
  const out: number[] = []
  for (; value >= 0x80; value = Math.floor(value / 128)) out.push((value % 128) | 0x80)
  out.push(value)
  return out
}

/** A piece of a LevelDB log (a MANIFEST's record) of `type` (1: a whole record), its CRC made whole. */
function logRecord (payload: Buffer, type = 1): Buffer {
  const typed = Buffer.concat([Buffer.from([type]), payload])
  const header = Buffer.alloc(7)
  header.writeUInt32LE(storedCrc32c(typed, 0, typed.length), 0)
  header.writeUInt16LE(payload.length, 4)
  header[6] = type
  return Buffer.concat([header, payload])
}

const tables = (path: string): string[] => fs.readdirSync(path).filter((f) => /\.(ldb|sst)$/.test(f)).sort()

/**
 * A closed store holding a capsule of 300 records in tables, and (unless `later`) a table file its MANIFEST does not
 * list, on a disk played as full. `later`: the table is left by `unlisted()`, once the store is open elsewhere (that
 * open's LevelDB deletes such a table itself).
 */
async function storeWithUnlistedTable (later = false): Promise<{ path: string, name: Uint8Array, listed: string[], unlisted: (bytes?: number) => string }> {
  const dir = tempDir('gdp-unlisted-')
  cleanups.push(dir.cleanup)
  const path = join(dir.path, 'store')
  const { t } = await fillCapsule(path, 300, () => randomBytes(5000))
  // Once more, so that the log is rewritten into a table and nothing is left to replay.
  await (await CapsuleStore.open({ path })).close()
  const listed = tables(path)
  expect(listed.length).toBeGreaterThan(0)
  // What a compaction that ran out of room leaves: a table numbered past every file LevelDB made.
  const unlisted = (bytes = UNLISTED_BYTES): string => {
    const file = join(path, '900000.ldb')
    fs.writeFileSync(file, randomBytes(bytes))
    disk.store = path
    disk.unlisted = file
    return file
  }
  if (!later) unlisted()
  return { path, name: t.name, listed, unlisted }
}

/** The MANIFEST CURRENT names in the store at `path`, and a table it lists, with its level. */
function firstListedTable (path: string): { manifest: string, level: number, table: { number: number } } {
  const manifest = join(path, fs.readFileSync(join(path, 'CURRENT'), 'latin1').trim())
  const levels = readManifest(fs.readFileSync(manifest)).levels
  const level = levels.findIndex((tables) => tables.length > 0)
  return { manifest, level, table: levels[level]![0]! }
}

describe('a store on a full disk whose room is held by tables its MANIFEST no longer lists', () => {
  let child: ChildProcess | undefined
  beforeEach(() => { child = undefined })
  afterEach(() => { child?.kill('SIGKILL') })

  it('deletes them under LevelDB\'s lock and opens, every listed table kept and every record there', async () => {
    const { path, name, listed } = await storeWithUnlistedTable()
    const store = await CapsuleStore.open({ path })
    try {
      expect(fs.existsSync(disk.unlisted!)).toBe(false)
      for (const table of listed) expect(fs.existsSync(join(path, table)), table).toBe(true)
      const capsule = await store.capsule(name)
      expect(capsule.size).toBe(300)
      expect((await capsule.read(299)).payload.length).toBe(5000)
    } finally {
      await store.close()
    }
  })

  it('is refused as in use, deleting nothing, while another process holds the store open', async () => {
    const { path, unlisted } = await storeWithUnlistedTable(true)
    // The played disk is this process's: the other one opens LevelDB on the real one.
    child = spawn(process.execPath, ['--input-type=module', '-e', `import { Level } from 'level'; const db = new Level(${JSON.stringify(path)}); await db.open(); console.log('open'); setInterval(() => {}, 1000)`], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] })
    await new Promise<void>((resolve, reject) => {
      child!.stdout!.on('data', (chunk: Buffer) => { if (chunk.toString().includes('open')) resolve() })
      child!.on('exit', (code) => reject(new Error(`the holder exited (${code})`)))
    })
    const table = unlisted()
    await expect(CapsuleStore.open({ path })).rejects.toMatchObject({ name: 'StoreInUseError' })
    expect(fs.existsSync(table)).toBe(true)
  })

  it('refuses a second open while this process has the store open, deleting nothing (its lock is LevelDB\'s there)', async () => {
    const { path, unlisted } = await storeWithUnlistedTable(true)
    const open = await CapsuleStore.open({ path })
    cleanups.push(() => { void open.close() })
    const table = unlisted()
    await expect(CapsuleStore.open({ path })).rejects.toMatchObject({ name: 'StoreInUseError', message: `the store at ${path} is already open in this process` })
    expect(fs.existsSync(table)).toBe(true)
  })

  it('deletes nothing while a store of this process is closing: an open then waits for its LevelDB to close, one begun as another closed included', async () => {
    const { path, unlisted } = await storeWithUnlistedTable(true)
    const first = await StoreDb.open(path)
    const prototype = Level.prototype as unknown as { _close: (this: unknown) => Promise<void> }
    const close = prototype._close
    // The second open starts once LevelDB has closed the first, before the first's close returns.
    let second: Promise<StoreDb> | undefined
    vi.spyOn(prototype, '_close').mockImplementationOnce(async function (this: unknown) {
      await close.call(this)
      second = StoreDb.open(path)
    })
    await first.close()
    vi.restoreAllMocks()
    const open = await second!
    const table = unlisted()
    // An open while the second closes, its LevelDB still holding the lock: it waits, and the table is there until then.
    let third: Promise<StoreDb> | undefined
    let keptWhileClosing: boolean | undefined
    vi.spyOn(prototype, '_close').mockImplementationOnce(async function (this: unknown) {
      third = StoreDb.open(path)
      await close.call(this)
      keptWhileClosing = fs.existsSync(table)
    })
    await open.close()
    vi.restoreAllMocks()
    const db = await third!
    cleanups.push(() => db.close())
    expect(keptWhileClosing).toBe(true)
    // Nothing here has the folder open once that close ended: the open made its room as a first open does.
    expect(fs.existsSync(table)).toBe(false)
  })

  it('deletes nothing while a store repair is under way or was stopped (LevelDB\'s repair lists the tables it writes only at its end, and takes no lock)', async () => {
    const { path, listed } = await storeWithUnlistedTable()
    // As 'gdp store repair' leaves it from before LevelDB's repair until the salvage ends; its own first open is StoreDb's.
    fs.writeFileSync(join(path, REPAIR_MARKER), 'gdp store repair started\n')
    await expect(StoreDb.open(path)).rejects.toMatchObject({ name: 'StoreFullError' })
    expect(fs.existsSync(disk.unlisted!)).toBe(true)
    for (const name of listed) expect(fs.existsSync(join(path, name)), name).toBe(true)
  })

  it('deletes nothing where its LOCK file cannot be opened, and says the disk is full (not the error of that open)', async () => {
    const { path } = await storeWithUnlistedTable()
    disk.lockDenied = true
    await expect(CapsuleStore.open({ path })).rejects.toMatchObject({ name: 'StoreFullError' })
    expect(fs.existsSync(disk.unlisted!)).toBe(true)
  })

  it('deletes nothing where the MANIFEST holds the end of a record with no start (LevelDB refuses it), though its CRC holds', async () => {
    const { path, listed } = await storeWithUnlistedTable()
    const { manifest, level, table } = firstListedTable(path)
    // A version edit deleting a listed table (tag 6: level, number), as the last piece of a record (type 4) whose
    // first piece is not there: read as a whole record, the table looked unlisted.
    fs.appendFileSync(manifest, logRecord(Buffer.from([6, level, ...varint(table.number)]), 4))
    await expect(CapsuleStore.open({ path })).rejects.toMatchObject({ name: 'StoreFullError' })
    for (const name of listed) expect(fs.existsSync(join(path, name)), name).toBe(true)
  })

  it('deletes nothing where zeros cut a MANIFEST record in two (LevelDB refuses it), though each piece\'s CRC holds', async () => {
    const { path, listed } = await storeWithUnlistedTable()
    const { manifest, level, table } = firstListedTable(path)
    // A version edit deleting a listed table, its first piece (type 2) before zeros to the block's end, its last
    // (type 4) after them: joined across the zeros, the table looked unlisted.
    fs.appendFileSync(manifest, logRecord(Buffer.from([6, level]), 2))
    fs.appendFileSync(manifest, Buffer.alloc(32768 - fs.statSync(manifest).size))
    fs.appendFileSync(manifest, logRecord(Buffer.from(varint(table.number)), 4))
    await expect(CapsuleStore.open({ path })).rejects.toMatchObject({ name: 'StoreFullError' })
    for (const name of listed) expect(fs.existsSync(join(path, name)), name).toBe(true)
  })

  it('deletes nothing where a MANIFEST record runs past the end of its block (LevelDB refuses it), though its CRC holds', async () => {
    const { path, listed } = await storeWithUnlistedTable()
    const { manifest, level, table } = firstListedTable(path)
    const deletion = Buffer.from([6, level, ...varint(table.number)])
    // Harmless edits (tag 9, the previous log number: 0) up to 3 bytes before the end of the first block, then the
    // deletion of a listed table as a whole record (type 1) that runs into the next block.
    const fill = 32768 - fs.statSync(manifest).size - 7 - (7 + deletion.length - 3)
    // (An odd count of bytes starts with a 0 of two bytes: 0x80 0x00.)
    const harmless = [...(fill % 2 === 1 ? [9, 0x80, 0] : []), ...Array.from({ length: Math.floor((fill - 3 * (fill % 2)) / 2) }, () => [9, 0]).flat()]
    fs.appendFileSync(manifest, logRecord(Buffer.from(harmless)))
    fs.appendFileSync(manifest, logRecord(deletion))
    await expect(CapsuleStore.open({ path })).rejects.toMatchObject({ name: 'StoreFullError' })
    for (const name of listed) expect(fs.existsSync(join(path, name)), name).toBe(true)
  })

  it('deletes nothing where the MANIFEST lacks what LevelDB requires of it (its next file number), though each record holds', async () => {
    const { path, listed } = await storeWithUnlistedTable()
    const levels = readManifest(fs.readFileSync(join(path, fs.readFileSync(join(path, 'CURRENT'), 'latin1').trim()))).levels
    // One record: the listed tables (tag 7: level, number, size, smallest and largest internal keys), nothing else.
    const key = (user: Buffer): number[] => [...varint(user.length + 8), ...user, ...Buffer.alloc(8)]
    const edit = Buffer.from(levels.flatMap((tables, level) => tables.flatMap((t) => [7, level, ...varint(t.number), ...varint(t.size), ...key(t.smallest!), ...key(t.largest!)])))
    fs.writeFileSync(join(path, 'MANIFEST-900001'), logRecord(edit))
    fs.writeFileSync(join(path, 'CURRENT'), 'MANIFEST-900001\n')
    await expect(CapsuleStore.open({ path })).rejects.toThrow()
    expect(fs.existsSync(disk.unlisted!)).toBe(true)
    for (const name of listed) expect(fs.existsSync(join(path, name)), name).toBe(true)
  })

  it('deletes nothing where the MANIFEST fails its CRC (a damaged one could hide a table it lists), and says the disk is full', async () => {
    const { path } = await storeWithUnlistedTable()
    const manifest = join(path, fs.readFileSync(join(path, 'CURRENT'), 'latin1').trim())
    const bytes = fs.readFileSync(manifest)
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01
    fs.writeFileSync(manifest, bytes)
    await expect(CapsuleStore.open({ path })).rejects.toMatchObject({ name: 'StoreFullError' })
    expect(fs.existsSync(disk.unlisted!)).toBe(true)
  })

  describe('reopened after a failed write, in the same process', () => {
    /** The store open, one write of it failed (it is reopened before the next), and a table of `bytes` it does not list left (a failed compaction's output). */
    const brokenStore = async (bytes: number): Promise<{ store: CapsuleStore, name: Uint8Array, table: string }> => {
      const { path, name, unlisted } = await storeWithUnlistedTable(true)
      const store = await CapsuleStore.open({ path })
      cleanups.push(() => { void store.close() })
      const prototype = Level.prototype as unknown as { _batch: () => Promise<void> }
      vi.spyOn(prototype, '_batch').mockRejectedValueOnce(Object.assign(new Error('IO error: 000012.ldb: No space left on device'), { code: 'LEVEL_IO_ERROR' }))
      await expect(store.putDelegation(name, Uint8Array.of(1))).rejects.toMatchObject({ name: 'StoreFullError' })
      vi.restoreAllMocks()
      return { store, name, table: unlisted(bytes) }
    }

    it('deletes them as a first open does, where that makes the room, and writes go on without a restart', async () => {
      const { store, name, table } = await brokenStore(UNLISTED_BYTES)
      await store.putDelegation(name, Uint8Array.of(2))
      expect(fs.existsSync(table)).toBe(false)
      expect((await store.capsule(name)).size).toBe(300)
    })

    it('deletes nothing and keeps LevelDB open (reads go on) where deleting them would not make the room', async () => {
      const { store, name, table } = await brokenStore(64 << 10)
      await expect(store.putDelegation(name, Uint8Array.of(2))).rejects.toMatchObject({ name: 'StoreFullError', message: expect.stringContaining('writes resume once that much is free') })
      expect(fs.existsSync(table)).toBe(true)
      expect((await (await store.capsule(name)).read(299)).payload.length).toBe(5000)
    })
  })
})

// Damage to the files of a closed store, made the way a bad disk or a
// careless operator makes it, opened through the real store.
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { sha256 } from '../../src/crypto/hash.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { metadataKey, recordChunkKey } from '../../src/store/layout.js'
import { nackFor } from '../../src/server/capsule-service.js'
import { pb } from '../../src/wire/index.js'
import { payload, rejection, tempDir, testCapsule, type TestCapsule } from '../helpers.js'
import { gdpAsync } from '../cli/run-gdp.js'
import { salvageStore } from '../../src/store/salvage.js'
import { flipByteAt, indexBlockOf } from './damage-helper.js'

/** The store's evidence file (src/store/evidence.ts). */
const EVIDENCE_FILE = 'GDP-EVIDENCE'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

/** A closed store holding one capsule of `records` records, appended `batch` at a time. */
async function filled (records: number, batch: number, sync = false): Promise<{ path: string, t: TestCapsule }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const t = testCapsule()
  const store = await CapsuleStore.open({ path: dir.path, sync })
  const capsule = await store.create(t.signed)
  const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
  for (let i = 0; i < records; i += batch) await capsule.append(writer.append(Array.from({ length: Math.min(batch, records - i) }, (_, j) => payload(`record ${i + j}`)), i))
  await store.close()
  return { path: dir.path, t }
}

const files = (path: string, pattern: RegExp): string[] => readdirSync(path).filter((f) => pattern.test(f)).sort()

/** Flips one byte `fromEnd` bytes before the end of the store's newest .log file. */
function flipInLog (path: string, fromEnd: number): void {
  const log = join(path, files(path, /^\d+\.log$/).at(-1)!)
  const bytes = readFileSync(log)
  bytes[bytes.length - fromEnd]! ^= 0xff
  writeFileSync(log, bytes)
}

describe('a store that lost its CURRENT file', () => {
  it('is refused, naming CURRENT, and left as it was (never opened as a new database)', async () => {
    const { path, t } = await filled(40, 10)
    const before = files(path, /\.(ldb|log)$|^MANIFEST-/)
    unlinkSync(join(path, 'CURRENT'))
    const err = await rejection(CapsuleStore.open({ path }))
    expect(err.name).toBe('StoreCorruptionError')
    expect(err.message).toContain(`the store at ${path} has lost its CURRENT file`)
    expect(err.message).toMatch(/opening it would start an empty database and delete those tables, so it was not opened/)
    expect(files(path, /\.(ldb|log)$|^MANIFEST-/)).toEqual(before)
    // The way back the message gives works.
    const manifest = /printf '(MANIFEST-\d+)\\n' >/.exec(err.message)![1]!
    writeFileSync(join(path, 'CURRENT'), `${manifest}\n`)
    const store = await CapsuleStore.open({ path })
    const capsule = await store.capsule(t.name)
    expect((await capsule.verifyAll()).records).toBe(40)
    await store.close()
  })

  it('one naming a MANIFEST that is not there is refused the same way, with the same way back', async () => {
    const { path, t } = await filled(40, 10)
    writeFileSync(join(path, 'CURRENT'), 'MANIFEST-999999\n')
    const err = await rejection(CapsuleStore.open({ path }))
    expect(err.name).toBe('StoreCorruptionError')
    expect(err.message).toContain(`the store at ${path} has a CURRENT file naming MANIFEST-999999, which is not there`)
    const manifest = /printf '(MANIFEST-\d+)\\n' >/.exec(err.message)![1]!
    writeFileSync(join(path, 'CURRENT'), `${manifest}\n`)
    const store = await CapsuleStore.open({ path })
    expect((await (await store.capsule(t.name)).verifyAll()).records).toBe(40)
    await store.close()
  })

  it('a damaged MANIFEST is refused naming it, and gdp store repair rebuilds the store from its tables (it was "the LevelDB database is corrupt: Corruption: checksum mismatch", naming no file)', async () => {
    const { path, t } = await filled(40, 10)
    // Opened again: the log goes into a table, and a new MANIFEST lists it.
    await (await CapsuleStore.open({ path })).close()
    const manifest = files(path, /^MANIFEST-/).at(-1)!
    flipByteAt(join(path, manifest), 0.5)
    const err = await rejection(CapsuleStore.open({ path }))
    expect(err).toMatchObject({ name: 'StoreCorruptionError' })
    expect(err.message).toContain(`the store at ${path} has a damaged MANIFEST (${manifest}, which lists its tables): LevelDB: Corruption: `)
    // The store repair is the command line's to name, with its data folder: not a bare command that runs on ./data.
    expect(err.message).toMatch(/restore the store from a backup$/)
    expect(err).toMatchObject({ namesWayOut: false })
    await salvageStore(path, () => {})
    const store = await CapsuleStore.open({ path })
    try {
      expect((await (await store.capsule(t.name)).verifyAll()).records).toBe(40)
    } finally {
      await store.close()
    }
  })

  it('an empty folder is still a new store', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const store = await CapsuleStore.open({ path: dir.path })
    await store.close()
    expect(existsSync(join(dir.path, 'CURRENT'))).toBe(true)
  })
})

describe('a store that went backwards', () => {
  for (const sync of [false, true]) {
    it(`a byte flipped in the tail of the log: the capsule is refused, naming what it had and what is left (sync: ${sync})`, async () => {
      const { path, t } = await filled(1000, 10, sync)
      flipInLog(path, 100)
      const store = await CapsuleStore.open({ path })
      const err = await rejection(store.capsule(t.name))
      expect(err.name).toBe('StoreRegressionError')
      expect(err.message).toContain(`capsule ${formatName(t.name)}: the store went backwards: it acknowledged 1000 records and holds 990;`)
      expect(err.message).toContain(join(path, EVIDENCE_FILE))
      await store.close()
    })
  }

  it('a capsule whose metadata vanished is reported as lost, not unknown', async () => {
    const { path, t } = await filled(20, 10)
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.del(metadataKey(t.name))
    await db.close()
    const store = await CapsuleStore.open({ path })
    const err = await rejection(store.capsule(t.name))
    expect(err.name).toBe('StoreRegressionError')
    expect(err.message).toMatch(/it acknowledged this capsule with 20 records and no longer holds its metadata/)
    // Nor is it created afresh, which would start it over at 0 records.
    expect((await rejection(store.create(t.signed))).name).toBe('StoreRegressionError')
    await store.close()
  })

  it('deleting the evidence file, as the message offers, serves what is left', async () => {
    const { path, t } = await filled(100, 10)
    flipInLog(path, 100)
    let store = await CapsuleStore.open({ path })
    expect((await rejection(store.capsule(t.name))).name).toBe('StoreRegressionError')
    await store.close()
    unlinkSync(join(path, EVIDENCE_FILE))
    store = await CapsuleStore.open({ path })
    const capsule = await store.capsule(t.name)
    expect((await capsule.verifyAll()).records).toBe(90)
    await store.close()
  })

  const takenBack = [
    { records: 'the lost records', word: 'record', count: 10, refused: undefined },
    { records: 'another history', word: 'another', count: 10, refused: 'another heartbeat at size 100' },
    { records: 'a batch past the size it acknowledged', word: 'record', count: 20, refused: 'a batch that spans size 100' }
  ]
  for (const { records, word, count, refused } of takenBack) {
    it(`opened behind(), it is given ${records}: served only once it holds those it acknowledged`, async () => {
      const { path, t } = await filled(100, 10)
      flipInLog(path, 100)
      const store = await CapsuleStore.open({ path })
      const behind = await store.behind(t.name)
      expect(behind.size).toBe(90)
      expect((await rejection(store.capsule(t.name))).message).toMatch(/it acknowledged 100 records and holds 90; fetching the rest from its replicas/)
      // Ed25519 signs deterministically: the same payloads and time make the very batch the store lost.
      const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, behind.writerState)
      const append = behind.append(writer.append(Array.from({ length: count }, (_, j) => payload(`${word} ${90 + j}`)), 90))
      if (refused === undefined) {
        await append
        expect(await store.capsule(t.name)).toBe(behind)
        expect((await behind.verifyAll()).records).toBe(100)
      } else {
        const err = await rejection(append)
        expect(err.name).toBe('StoreRegressionError')
        expect(err.message).toContain(`it acknowledged 100 records, and the records given to take it back there are another history (${refused}); not stored`)
        expect(behind.size).toBe(90)
        expect((await rejection(store.capsule(t.name))).name).toBe('StoreRegressionError')
      }
      await store.close()
    })
  }

  it('a torn tail of the evidence file is cut, so the claims written after it are read', async () => {
    const { path, t } = await filled(50, 10)
    appendFileSync(join(path, EVIDENCE_FILE), Buffer.from([0, 0, 0, 9, 1, 2, 3]))
    let store = await CapsuleStore.open({ path })
    const capsule = await store.capsule(t.name)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    await capsule.append(writer.append([payload('after the cut')], 99))
    await store.close()
    flipInLog(path, 100) // the last batch: the record just appended
    store = await CapsuleStore.open({ path })
    expect((await rejection(store.capsule(t.name))).message).toMatch(/it acknowledged 51 records and holds 50;/)
    await store.close()
  })
})

describe('an unreadable table', () => {
  /** A store whose records sit in a table file, with a stretch of that file overwritten. */
  async function damagedTable (): Promise<{ path: string, t: TestCapsule, table: string }> {
    const { path, t } = await filled(2000, 10)
    await (await CapsuleStore.open({ path })).close() // the log becomes a table
    const table = files(path, /\.ldb$/)[0]!
    const bytes = readFileSync(join(path, table))
    // Keys sort heartbeats < metadata < record chunks < tiles: about a quarter in, record chunks.
    bytes.fill(0xff, Math.floor(bytes.length * 0.23), Math.floor(bytes.length * 0.25))
    writeFileSync(join(path, table), bytes)
    return { path, t, table }
  }

  it('the block of the last record chunk: opening the capsule names the LevelDB error, never settles on an older chunk', async () => {
    const { path, t } = await filled(2000, 10)
    await (await CapsuleStore.open({ path })).close() // the log becomes a table
    const table = files(path, /\.ldb$/)[0]!
    const bytes = readFileSync(join(path, table))
    // A hash does not compress: the last record's payload hash is in the table as it is. From there to past its block's end.
    const at = bytes.indexOf(sha256(payload('record 1999')))
    expect(at).toBeGreaterThan(0)
    bytes.fill(0xff, at, at + 5000)
    writeFileSync(join(path, table), bytes)
    const store = await CapsuleStore.open({ path })
    const err = await rejection(store.capsule(t.name))
    expect(err.name).toBe('StoreCorruptionError')
    // The scan that met it may have read past the capsule's rows: the words say so, and where to look.
    expect(err.message).toMatch(new RegExp(`^capsule ${formatName(t.name)}: record chunk \\d+ and after: LevelDB: Corruption: [^(]+ \\(table ${table}; store at ${path}\\); ` +
      'the unreadable block is at or just past these rows, so the damage may be in another capsule\'s rows: a store repair \\(with no node running on the store\\) finds whose rows .*$'))
    await store.close()
  })

  it('reads fail with a StoreCorruptionError naming the capsule, the chunk, the table and the store', async () => {
    const { path, t, table } = await damagedTable()
    const store = await CapsuleStore.open({ path })
    const capsule = await store.capsule(t.name)
    const named = new RegExp(`^capsule ${formatName(t.name)}: record chunk (\\d+): LevelDB: Corruption: [^(]+ \\(table ${table}; store at ${path}\\)$`)
    let failed: Error | undefined
    for (let seq = 0; seq < 2000 && failed === undefined; seq += 16) {
      try { capsule.read(seq) } catch (err) { failed = err as Error }
    }
    expect(failed?.name).toBe('StoreCorruptionError')
    expect(failed!.message).toMatch(named)
    const chunk = Number(named.exec(failed!.message)![1])
    // A range read steps over the bad block; it reports the same read, not "missing".
    const err = await rejection(capsule.verifyAll())
    expect(err.name).toBe('StoreCorruptionError')
    expect(err.message).toBe(failed!.message)
    expect(chunk).toBeGreaterThan(0)
    // The server's answer carries the same words, without the server's paths (found by attacking the gateway).
    expect(nackFor(failed!)).toEqual({ reason: pb.NackReason.SERVER_ERROR, detail: failed!.message.replace(`store at ${path})`, 'store at <path>)') })
    await store.close()
  })
})

// Found by flipping bytes in a table file: the next open's compaction read the block without checking its CRC (as
// LevelDB does unless paranoid) and wrote the damage into a new table with a good one. A record's payload is checked
// against its header's hash on every read; the header itself (its link to the record before, its time) was not:
// reads of the store served the damaged record, and only a reader's proof check, or a verify, found it.
describe('a record header damaged inside its chunk row, under a good CRC', () => {
  async function damagedHeader (seqno: number): Promise<{ path: string, t: TestCapsule, store: CapsuleStore }> {
    const { path, t } = await filled(100, 10)
    let store = await CapsuleStore.open({ path })
    const before = (await store.capsule(t.name)).read(seqno - 1).hash
    await store.close()
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
    const key = recordChunkKey(t.name, Math.floor(seqno / 16))
    const row = Buffer.from(await db.get(key))
    // The record's link to the one before: its header holds that record's hash.
    const at = row.indexOf(Buffer.from(before))
    expect(at).toBeGreaterThan(0)
    row[at + 5]! ^= 0x01
    await db.put(key, row)
    await db.close()
    store = await CapsuleStore.open({ path })
    return { path, t, store }
  }

  it('a read of that record, one by one or in a range, is refused as damage, and the records around it read', async () => {
    const { t, store } = await damagedHeader(37)
    const capsule = await store.capsule(t.name)
    const refused = rejection(Promise.resolve().then(() => capsule.read(37)))
    const err = await refused
    expect(err.name).toBe('StoreCorruptionError')
    expect(err.message).toMatch(new RegExp(`^capsule ${formatName(t.name)}: stored record 37 is unreadable: it hashes to \\S+, where the Merkle tree holds \\S+ for it: its header \\(in record chunk 2\\) or Merkle tile 0/2 is damaged$`))
    const inRange: string[] = []
    const ranged = await rejection((async () => { for await (const r of capsule.readRange(30, 45)) inRange.push(String(r.header.seqno)) })())
    expect(ranged.message).toBe(err.message)
    expect(inRange).toEqual(['30', '31', '32', '33', '34', '35', '36'])
    expect(capsule.read(36).header.seqno).toBe(36)
    expect(capsule.read(38).header.seqno).toBe(38)
    // A server answers so: SERVER_ERROR, and a client goes to another replica (as the server mends it from one).
    expect(nackFor(err).reason).toBe(pb.NackReason.SERVER_ERROR)
    await store.close()
  })
})


describe('a damaged index block (where in its table each data block is, read as the table opens)', () => {
  it('is found by its checksum, as a data block is: StoreCorruptionError, never an abort inside LevelDB or rows read as absent (found by attacking the disk)', async () => {
    const { path, t } = await filled(2000, 10)
    await (await CapsuleStore.open({ path })).close() // the log becomes a table
    // A data folder, as gdp --data takes it: the store in its store/.
    const data = `${path}-data`
    mkdirSync(data)
    cleanups.push(() => { rmSync(data, { recursive: true, force: true }) })
    renameSync(path, join(data, 'store'))
    const tablePath = join(data, 'store', files(join(data, 'store'), /\.ldb$/)[0]!)
    const good = readFileSync(tablePath)
    const index = indexBlockOf(good)
    expect(index.offset + index.size + 5 + 48).toBeLessThanOrEqual(good.length)
    // Unchecked, flips like these aborted the process (an assertion on a key's length) or sent a seek to another block.
    for (const at of [1, Math.floor(index.size / 3), Math.floor(index.size / 2), index.size - 9]) {
      const bytes = Buffer.from(good)
      bytes[index.offset + at]! ^= 0x04
      writeFileSync(tablePath, bytes)
      const run = await gdpAsync(['--data', data, 'capsule', 'verify', formatName(t.name)])
      expect(run.code, `a flip at byte ${at} of the index block: ${run.err}`).toBe(1)
      expect(run.err).toMatch(/StoreCorruptionError: .*LevelDB: Corruption: block checksum mismatch/)
    }
    // The repair gives the table a new index from its data blocks, which are whole: nothing is lost (LevelDB's own
    // repair set the whole table aside).
    const repaired = await gdpAsync(['--data', data, 'store', 'repair'])
    expect(repaired.err).toMatch(/^table \d+\.ldb: its index was damaged; a new one was made from the \d+ data blocks found \(/)
    expect(repaired.out).toBe(`capsule ${formatName(t.name)}: 2000 records whole\n`)
    expect(repaired.code).toBe(0)
    expect((await gdpAsync(['--data', data, 'capsule', 'verify', formatName(t.name)])).out).toMatch(/2000 records, .*: valid/)
  }, 60_000)
})

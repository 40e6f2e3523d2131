// Damage done to a store's files on disk, for the tests that check what a
// store (or a base index) does with it: a byte flipped in a table or a log.
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { payload, testCapsule, type TestCapsule } from '../helpers.js'

/** Flips the bits of `mask` in byte `offset` of `file`; returns the offset. */
export function flipByte (file: string, offset: number, mask = 0xff): number {
  const bytes = readFileSync(file)
  if (offset < 0 || offset >= bytes.length) throw new RangeError(`${file} has ${bytes.length} bytes: none at ${offset} to flip`)
  bytes[offset]! ^= mask
  writeFileSync(file, bytes)
  return offset
}

/** Flips the bits of `mask` in the byte at `fraction` (0 to 1) of `file`'s length; returns its offset. */
export function flipByteAt (file: string, fraction: number, mask = 0xff): number {
  return flipByte(file, Math.floor(statSync(file).size * fraction), mask)
}

/** LevelDB files of the folder `path` whose names end in `ext` ('.log', '.ldb'), in the order LevelDB numbered them. */
export function levelFiles (path: string, ext: string): string[] {
  return readdirSync(path).filter((f) => f.endsWith(ext)).sort()
}

/** The newest log of the LevelDB at `path`: where every write since it was last opened went. */
export function newestLog (path: string): string {
  const log = levelFiles(path, '.log').at(-1)
  if (log === undefined) throw new Error(`the LevelDB at ${path} has no log`)
  return join(path, log)
}

/**
 * Copies the store at `pristine` to `copy` and flips a byte of the copy's
 * newest log at `fraction` of its length: LevelDB drops the write batches
 * of the rest of that 32 KiB log block when it next opens the copy, and
 * keeps the later ones. Returns `copy`.
 */
export function copyWithFlippedLogByte (pristine: string, copy: string, fraction: number, mask = 0xff): string {
  cpSync(pristine, copy, { recursive: true })
  flipByteAt(newestLog(copy), fraction, mask)
  return copy
}

/** What openEachLogFlip does with each copy: `prepare` it before it is opened, `check` the store opened on it, `after` its close. */
export interface LogFlipSteps {
  /** Changes the copy before the store opens it (what LevelDB finds there at that open). */
  prepare?: (copy: string) => void
  /** Checks the store opened on the copy; false when the flip dropped nothing this test is about (it does not count). */
  check: (store: CapsuleStore, at: number) => Promise<boolean>
  /** Runs once the store is closed again, for a copy that counted. */
  after?: (copy: string) => Promise<void>
}

/**
 * Opens copies of the store at `pristine` (made below `into`), each with a
 * byte of its log flipped at `from`, `from + step`, ... up to 0.95 of its
 * length (copyWithFlippedLogByte): how a test sees what a store does with
 * each drop LevelDB makes. Returns how many copies `check` counted, which a
 * test expects above 0: a log no flip drops anything from tests nothing.
 */
export async function openEachLogFlip (pristine: string, into: string, from: number, step: number, steps: LogFlipSteps): Promise<number> {
  let counted = 0
  for (let at = from; at < 0.95; at += step) {
    const copy = copyWithFlippedLogByte(pristine, join(into, `at-${at.toFixed(2)}`), at)
    steps.prepare?.(copy)
    const store = await CapsuleStore.open({ path: copy })
    try {
      if (!await steps.check(store, at)) continue
      counted++
    } finally {
      await store.close()
    }
    await steps.after?.(copy)
  }
  return counted
}

/**
 * Makes a store at `path` of one capsule of 600 records in 200 batches,
 * each read by its hash as soon as it is written, so that the hash index is
 * caught up batch by batch and its rows sit in the log beside the records
 * (a byte flipped in the log then drops both). Returns the capsule and its
 * records' hashes.
 */
export async function hashIndexedStore (path: string): Promise<{ t: TestCapsule, hashes: Uint8Array[] }> {
  const store = await CapsuleStore.open({ path })
  try {
    const t = testCapsule()
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const hashes: Uint8Array[] = []
    for (let i = 0; i < 200; i++) {
      const batch = writer.append([payload(`a${i}`), payload(`b${i}`), payload(`c${i}`)], i + 1)
      await capsule.append(batch)
      hashes.push(...batch.records.map((r) => r.hash))
      if (await capsule.findByHash(hashes.at(-1)!) === undefined) throw new Error(`record ${hashes.length - 1} is not found by its hash as it is written`)
    }
    return { t, hashes }
  } finally {
    await store.close()
  }
}

/**
 * The records of the capsule of `hashes` (its records' hashes by seqno) that
 * `store` holds but does not find by their hash. A record refused as
 * damaged (StoreCorruptionError) is not a wrong answer and is not counted;
 * undefined when the capsule itself is refused as missing records or gone
 * backwards, which is not wrong data either.
 */
export async function notFoundByHash (store: CapsuleStore, name: Uint8Array, hashes: Uint8Array[]): Promise<number[] | undefined> {
  let kept
  try {
    kept = await store.capsule(name)
  } catch (err) {
    if (!['StoreCorruptionError', 'StoreRegressionError'].includes((err as Error).name)) throw err
    return undefined
  }
  const missing: number[] = []
  for (let seqno = 0; seqno < kept.size; seqno++) {
    const found = await kept.findByHash(hashes[seqno]!).catch((err: Error) => { if (err.name !== 'StoreCorruptionError') throw err; return 'refused' as const })
    if (found !== 'refused' && found?.header.seqno !== seqno) missing.push(seqno)
  }
  return missing
}

/** Where a LevelDB table's index block is: its handle in the footer (the file's last 48 bytes), two varints after the metaindex's. */
export function indexBlockOf (table: Uint8Array): { offset: number, size: number } {
  let at = table.length - 48
  const varint = (): number => {
    let value = 0
    for (let shift = 0; ; shift += 7) {
      const byte = table[at++]!
      value += (byte & 0x7f) * 2 ** shift
      if (byte < 0x80) return value
    }
  }
  varint(); varint() // the metaindex block
  return { offset: varint(), size: varint() }
}

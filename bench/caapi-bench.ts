/**
 * The key-value and file CAAPIs (src/kv, src/files) against hyperbee and
 * hyperdrive, measured side by side in the same run on the same machine
 * (issue 11, "Benchmarks"). Every store lives in a temp folder that is
 * deleted at the end.
 *
 * Key-value: LocalKv on a CapsuleStore against Hyperbee on a Corestore.
 * KV_KEYS distinct keys (12 bytes, put in random order) with 100-byte
 * values are put in batches of 1,000; that is also the data set of the
 * rows after it: single puts of new keys, awaited one by one; gets of
 * random keys; gets at the version after half the batches (ours
 * `view({ version })`, hyperbee `checkout(version)`); range scans of
 * 10,000 keys from a random key. The two sides run in alternating slices,
 * so load from elsewhere on the machine falls on both alike.
 *
 * Files: the file CAAPI (FileSystem over a LocalKv) against Hyperdrive,
 * both streamed in 64 KiB pieces: put and get of a 64 MiB file; then a
 * 1 MiB in-place edit in the middle of a 256 MiB file, put again whole,
 * and the bytes its new version adds to the store's folder (measured with
 * the database fully compacted and closed, so no compaction under way
 * decides the figure) and to the logs. Hyperdrive is measured with
 * `dedup: true` (blocks equal to the previous version's are not stored
 * again) and with its default.
 *
 * Remote read and key-value open (bench/caapi-remote.ts): a 255 MB file
 * read through a 2-router overlay path of node processes against the local
 * file system; a store of 1,000,000 key writes opened in a fresh process,
 * with its index and with the index rows deleted (rebuilt).
 *
 *   npm run bench:caapi                    full run (about 40 minutes on 2 cores, most of it the 1,000,000 key writes and the rebuild)
 *   GDP_BENCH_QUICK=1 npm run bench:caapi  smoke run, about 10x smaller
 *
 * Knobs for investigation (not needed for the tables):
 *   GDP_BENCH_ONLY=kv|files|remote|open   run one part
 *   GDP_BENCH_CPU_PROF=<dir>    write a .cpuprofile of each row, both sides (the
 *                               anchor's frames are under node_modules/); the
 *                               profiler slows the run, so its figures do not count
 *
 * Prints markdown tables (stdout); progress goes to stderr.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Session } from 'node:inspector/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import Corestore from 'corestore'
import Hyperbee from 'hyperbee'
import Hyperdrive from 'hyperdrive'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { MIN_CHUNK_LENGTH, NORMAL_CHUNK_LENGTH } from '../src/files/chunker.js'
import { FileSystem } from '../src/files/file-system.js'
import { filesAppFields, MAX_CHUNK_LENGTH } from '../src/files/format.js'
import { MAX_GROUP_BYTES } from '../src/files/tree.js'
import { kvAppField } from '../src/kv/format.js'
import { LocalKv } from '../src/kv/local.js'
import { CapsuleStore } from '../src/store/capsule-store.js'
import { StoreDb } from '../src/store/level-db.js'
import { kvOpenTable, remoteReadTable, type BenchContext } from './caapi-remote.js'
import type { Row, Table } from './caapi-table.js'
import { diskBytes } from './disk-bytes.js'

// ---- configuration ----

const QUICK = process.env.GDP_BENCH_QUICK === '1'
const ONLY = process.env.GDP_BENCH_ONLY
const PARTS = ['kv', 'files', 'remote', 'open']
if (ONLY !== undefined && !PARTS.includes(ONLY)) throw new Error(`GDP_BENCH_ONLY=${ONLY}: expected one of ${PARTS.join(', ')}`)
const PROFILE_DIR = process.env.GDP_BENCH_CPU_PROF
const MiB = 1024 * 1024

const KV_KEYS = QUICK ? 10_000 : 100_000
const BATCH = 1000
const VALUE_BYTES = 100
const SINGLE_PUTS = QUICK ? 300 : 2000
const SYNC_PUTS = QUICK ? 50 : 300
const GETS = QUICK ? 2000 : 20_000
const SCAN_KEYS = QUICK ? 1000 : 10_000
const SCANS = QUICK ? 4 : 10
/** Operations per slice when the sides alternate. */
const SLICE = { batches: 5, puts: 100, gets: 1000, scans: 1 }
/** A side that has spent this long on one row stops there, and so does the other, at the same count. */
const ROW_LIMIT_MS = QUICK ? 10_000 : 20_000
/** The same for loading the data set; the rows after it use the keys loaded by then. */
const LOAD_LIMIT_MS = QUICK ? 20_000 : 90_000

const FILE_BYTES = (QUICK ? 8 : 64) * MiB
const BIG_FILE_BYTES = (QUICK ? 32 : 256) * MiB
const EDIT_BYTES = MiB
/** Bytes per write on both sides: hyperdrive's own block size. */
const PIECE_BYTES = 64 * 1024
/** Rounds of the file put and get rows; each side keeps its best (the first of each is slower on both sides, as V8 compiles the code). */
const FILE_ROUNDS = 4
/** No further file round starts after this long. */
const FILE_ROUNDS_LIMIT_MS = QUICK ? 20_000 : 60_000

const EDIT_TARGET_BYTES = 2 * MiB

const requireFromHere = createRequire(import.meta.url)
const versionOf = (pkg: string): string => (requireFromHere(`${pkg}/package.json`) as { version: string }).version

// ---- helpers ----

const log = (msg: string): void => { process.stderr.write(`[caapi] ${msg}\n`) }

/** Distinct random values, reused cyclically. */
const VALUE_POOL = 50_000
const valuePool = randomBytes(VALUE_POOL * VALUE_BYTES)
function valueOf (n: number): Buffer {
  const at = (n % VALUE_POOL) * VALUE_BYTES
  return valuePool.subarray(at, at + VALUE_BYTES)
}
/** Key n: 12 bytes that sort as n does. */
const keyOf = (n: number): Buffer => Buffer.from(`key-${String(n).padStart(8, '0')}`)

function shuffled (count: number): number[] {
  const out = Array.from({ length: count }, (_, i) => i)
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    const t = out[i]!
    out[i] = out[j]!
    out[j] = t
  }
  return out
}

const randomBelow = (n: number): number => Math.floor(Math.random() * n)

function checkValue (side: string, n: number, value: Uint8Array | undefined): void {
  if (value === undefined || Buffer.compare(value, valueOf(n)) !== 0) throw new Error(`${side}: key ${n} does not read back the value put`)
}

let tmpRoot = ''
let dirCount = 0
const tempDir = (label: string): string => path.join(tmpRoot, `${++dirCount}-${label}`)

/** Writes a CPU profile of `task` to GDP_BENCH_CPU_PROF/<label>.cpuprofile when that is set. */
async function profiled<T> (label: string, task: () => Promise<T>): Promise<T> {
  if (PROFILE_DIR === undefined) return await task()
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  try {
    return await task()
  } finally {
    const { profile } = await session.post('Profiler.stop')
    await writeFile(path.join(PROFILE_DIR, `${label}.cpuprofile`), JSON.stringify(profile))
    session.disconnect()
  }
}

/** What two sides did in one row: operations per second each, over the same count. */
interface SideBySide {
  ours: number
  anchor: number
  done: number
  /** Whether the row stopped at its time limit before its count. */
  cut: boolean
}

/**
 * Runs `total` operations on each side in alternating slices of `slice`
 * (ours first), each side timed apart: `run(from, count)` does operations
 * from..from+count-1. Stops early, both sides at the same count, once
 * either has spent `limitMs`.
 */
async function alternate (total: number, slice: number, ours: (from: number, count: number) => Promise<void>, anchor: (from: number, count: number) => Promise<void>, limitMs = ROW_LIMIT_MS): Promise<SideBySide> {
  let oursMs = 0
  let anchorMs = 0
  let done = 0
  while (done < total && Math.max(oursMs, anchorMs) < limitMs) {
    const count = Math.min(slice, total - done)
    let t0 = performance.now()
    await ours(done, count)
    oursMs += performance.now() - t0
    t0 = performance.now()
    await anchor(done, count)
    anchorMs += performance.now() - t0
    done += count
  }
  return { ours: done / (oursMs / 1000), anchor: done / (anchorMs / 1000), done, cut: done < total }
}

// ---- the tables ----

function fmt (v: number | string, unit: Row['unit']): string {
  if (typeof v === 'string') return v
  if (unit === 'bytes') return `${Math.round(v).toLocaleString('en-US')} B`
  if (unit === 's') return `${v.toFixed(2)} s`
  const n = v >= 100 ? Math.round(v).toLocaleString('en-US') : Number(v.toPrecision(3)).toLocaleString('en-US')
  return unit === 'MiB/s' || unit === 'MB/s' ? `${n} ${unit}` : unit === 'keys' ? `${n} keys/s` : `${n}/s`
}

function printTable (t: Table): void {
  const lines = [`| operation | gdp-node | ${t.anchorName} | ratio | target | met? |`, '|---|---:|---:|---:|---|---|']
  for (const r of t.rows) {
    const both = typeof r.ours === 'number' && typeof r.anchor === 'number'
    const ratio = both ? `${((r.ours as number) / (r.anchor as number)).toFixed(2)}x` : '—'
    let met = '—'
    if (r.target !== undefined && typeof r.ours === 'number') met = r.target.met(r.ours, typeof r.anchor === 'number' ? r.anchor : NaN) ? 'yes' : '**NO**'
    lines.push(`| ${r.op} | ${fmt(r.ours, r.unit)} | ${fmt(r.anchor, r.unit)} | ${ratio} | ${r.target?.label ?? '—'} | ${met} |`)
  }
  process.stdout.write(['', `## ${t.title}${QUICK ? ' (QUICK mode: ~10x smaller)' : ''}`, '', ...lines, '', ...t.notes.map((n) => `- ${n}`), ''].join('\n'))
}

const atLeast = (factor: number): Row['target'] => ({ label: `>= ${factor}x`, met: (a, b) => a >= factor * b })
const cutNote = (r: SideBySide): string => r.cut ? ` (time limit: ${r.done.toLocaleString('en-US')} done)` : ''

// ---- key-value: the two sides ----

interface Signed {
  signer: Ed25519Signer
  name: Uint8Array
}

/** Creates a key-value capsule (with `appFields`) in the store and opens it with its writer key. */
async function createKv (store: CapsuleStore, appFields = [kvAppField()]): Promise<{ kv: LocalKv } & Signed> {
  const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: Date.now() * 1000, appFields, nonce: randomBytes(16) })
  await store.create(signMetadata(metadata, signer))
  const name = capsuleName(metadata)
  return { kv: await LocalKv.open(store, name, { signer }), signer, name }
}

async function openBee (dir: string): Promise<{ bee: Hyperbee, corestore: Corestore }> {
  const corestore = new Corestore(dir)
  const bee = new Hyperbee(corestore.get({ name: 'bee' }), { keyEncoding: 'binary', valueEncoding: 'binary' })
  await bee.ready()
  return { bee, corestore }
}

async function kvTable (): Promise<Table> {
  const rows: Row[] = []
  const notes: string[] = []
  const store = await CapsuleStore.open({ path: tempDir('gdp-kv') })
  const { kv } = await createKv(store)
  const { bee, corestore } = await openBee(tempDir('hyperbee'))
  try {
    const order = shuffled(KV_KEYS)
    const batches = KV_KEYS / BATCH
    /** Each side's version after each batch: the old version is the one after half the batches loaded. */
    const versions = { ours: [] as number[], anchor: [] as number[] }

    log(`put batched: ${batches} batches of ${BATCH} each`)
    const storesBefore = { ...kv.index.treeStores }
    const batched = await profiled('kv-put-batched', async () => await alternate(batches, SLICE.batches, async (from, count) => {
      for (let b = from; b < from + count; b++) {
        const receipt = await kv.batch(order.slice(b * BATCH, (b + 1) * BATCH).map((n) => ({ type: 'put' as const, key: keyOf(n), value: valueOf(n), encryptionEpoch: 0 })))
        versions.ours.push(receipt.version)
      }
    }, async (from, count) => {
      for (let b = from; b < from + count; b++) {
        const batch = bee.batch()
        for (const n of order.slice(b * BATCH, (b + 1) * BATCH)) await batch.put(keyOf(n), valueOf(n))
        await batch.flush()
        versions.anchor.push(bee.version)
      }
    }, LOAD_LIMIT_MS))
    if (batched.done < 2) throw new Error(`${batched.done} batch loaded within ${LOAD_LIMIT_MS} ms: the old-version row needs two at least`)
    const loaded = batched.done * BATCH
    const loadedKeys = order.slice(0, loaded)
    const loadedLabel = `${loaded.toLocaleString('en-US')} keys${batched.cut ? `, time limit: ${loaded.toLocaleString('en-US')} of ${KV_KEYS.toLocaleString('en-US')} loaded` : ''}`
    rows.push({ op: `put batched: keys/s in batches of ${BATCH.toLocaleString('en-US')} (${loadedLabel})`, ours: batched.ours * BATCH, anchor: batched.anchor * BATCH, unit: 'keys', target: atLeast(5) })
    const stores = kv.index.treeStores
    const storeRows = stores.rows - storesBefore.rows
    notes.push(`Ours, batched puts: the index stored its state tree ${stores.stores - storesBefore.stores} times (docs/kv.md section 7.1), ${storeRows.toLocaleString('en-US')} node rows ` +
      `(${(storeRows / loaded).toFixed(1)} a key put); the writes that stored it took ${((stores.ms - storesBefore.ms) / 1000).toFixed(1)} s of the ${(batched.done / batched.ours).toFixed(1)} s ours spent on batched puts.`)

    log(`put single: ${SINGLE_PUTS} each, awaited one by one`)
    const single = await profiled('kv-put-single', async () => await alternate(SINGLE_PUTS, SLICE.puts, async (from, count) => {
      for (let i = from; i < from + count; i++) await kv.put(keyOf(KV_KEYS + i), valueOf(KV_KEYS + i))
    }, async (from, count) => {
      for (let i = from; i < from + count; i++) await bee.put(keyOf(KV_KEYS + i), valueOf(KV_KEYS + i))
    }))
    rows.push({ op: `put single: puts/s, one put per append, awaited one by one, into ${loaded.toLocaleString('en-US')} keys${cutNote(single)}`, ours: single.ours, anchor: single.anchor, unit: 'ops', target: atLeast(5) })

    log(`get: ${GETS} random keys each`)
    const getKeys = Array.from({ length: GETS }, () => loadedKeys[randomBelow(loaded)]!)
    const gets = await profiled('kv-get', async () => await alternate(GETS, SLICE.gets, async (from, count) => {
      for (const n of getKeys.slice(from, from + count)) checkValue('ours', n, (await (await kv.view()).get(keyOf(n)))?.value)
    }, async (from, count) => {
      for (const n of getKeys.slice(from, from + count)) checkValue('hyperbee', n, (await bee.get(keyOf(n)))?.value ?? undefined)
    }))
    rows.push({ op: `get: random keys of ${loaded.toLocaleString('en-US')}, latest version (ours: view() and get per key)${cutNote(gets)}`, ours: gets.ours, anchor: gets.anchor, unit: 'ops', target: atLeast(5) })

    log(`get at an old version: ${GETS} random keys each`)
    const oldBatches = Math.ceil(batched.done / 2)
    const oldKeys = Array.from({ length: GETS }, () => loadedKeys[randomBelow(oldBatches * BATCH)]!)
    const oldView = await kv.view({ version: versions.ours[oldBatches - 1]! })
    const checkout = bee.checkout(versions.anchor[oldBatches - 1]!)
    const oldGets = await profiled('kv-get-old', async () => await alternate(GETS, SLICE.gets, async (from, count) => {
      for (const n of oldKeys.slice(from, from + count)) checkValue('ours', n, (await oldView.get(keyOf(n)))?.value)
    }, async (from, count) => {
      for (const n of oldKeys.slice(from, from + count)) checkValue('hyperbee', n, (await checkout.get(keyOf(n)))?.value ?? undefined)
    }))
    // A key put after the old version must be absent there, on both sides.
    const later = loadedKeys[loaded - 1]!
    if (await oldView.get(keyOf(later)) !== undefined || await checkout.get(keyOf(later)) !== null) throw new Error('a key put after the old version reads at it')
    await checkout.close()
    rows.push({
      op: `get at an old version: random keys, at the version after ${(oldBatches * BATCH).toLocaleString('en-US')} keys (ours view({ version }), hyperbee checkout(version))${cutNote(oldGets)}`,
      ours: oldGets.ours,
      anchor: oldGets.anchor,
      unit: 'ops'
    })

    log(`range scan: ${SCANS} scans of ${SCAN_KEYS} keys each`)
    // Scans start at a loaded key and stay within them (the single puts' keys sort after every loaded key).
    const sorted = [...loadedKeys].sort((a, b) => a - b)
    const scanLength = Math.min(SCAN_KEYS, loaded)
    const scanStarts = Array.from({ length: SCANS }, () => randomBelow(loaded - scanLength + 1))
    const checkScan = (side: string, at: number, keys: Uint8Array[]): void => {
      const [first, last] = [sorted[at]!, sorted[at + scanLength - 1]!]
      if (keys.length !== scanLength || Buffer.compare(keys[0]!, keyOf(first)) !== 0 || Buffer.compare(keys[keys.length - 1]!, keyOf(last)) !== 0) {
        throw new Error(`${side}: the scan from key ${first} did not return the ${scanLength} keys from ${first} to ${last}`)
      }
    }
    const scans = await profiled('kv-range', async () => await alternate(SCANS, SLICE.scans, async (from, count) => {
      for (const at of scanStarts.slice(from, from + count)) {
        checkScan('ours', at, (await (await kv.view()).range({ gte: keyOf(sorted[at]!), limit: scanLength })).map((e) => e.key))
      }
    }, async (from, count) => {
      for (const at of scanStarts.slice(from, from + count)) {
        const keys: Uint8Array[] = []
        for await (const e of bee.createReadStream({ gte: keyOf(sorted[at]!) }, { limit: scanLength })) keys.push(e.key)
        checkScan('hyperbee', at, keys)
      }
    }))
    rows.push({ op: `range scan of ${scanLength.toLocaleString('en-US')} keys from a random key, latest version: keys/s (${scans.done} scans each)`, ours: scans.ours * scanLength, anchor: scans.anchor * scanLength, unit: 'keys' })

    log(`count: ${SCANS} counts of ${scanLength} keys each`)
    // A range of scanLength keys ends below the next key: starts that leave one above it.
    const countStarts = Array.from({ length: SCANS }, () => randomBelow(loaded - scanLength))
    const countOf = (at: number): { gte: Buffer, lt: Buffer } => ({ gte: keyOf(sorted[at]!), lt: keyOf(sorted[at + scanLength]!) })
    const checkCount = (side: string, counted: number): void => { if (counted !== scanLength) throw new Error(`${side} counted ${counted} keys, not ${scanLength}`) }
    const counts = await profiled('kv-count', async () => await alternate(SCANS, SLICE.scans, async (from, count) => {
      for (const at of countStarts.slice(from, from + count)) checkCount('ours', await (await kv.view()).count(countOf(at)))
    }, async (from, count) => {
      // hyperbee has no count: a reader counts what a read stream of the range gives.
      for (const at of countStarts.slice(from, from + count)) {
        let counted = 0
        for await (const _ of bee.createReadStream(countOf(at))) counted++
        checkCount('hyperbee', counted)
      }
    }))
    rows.push({ op: `count of the ${scanLength.toLocaleString('en-US')} keys of a range from a random key, latest version: counts/s (ours: the state tree's counts; hyperbee: a read stream counted; ${counts.done} counts each)`, ours: counts.ours, anchor: counts.anchor, unit: 'ops' })

    notes.push(`Durability, both sides as they come: ours CapsuleStore \`sync: ${store.sync}\` (the default; LevelDB writes each batch to its log, no fsync); ` +
      'hyperbee on corestore/hypercore 11 writes through RocksDB, no fsync, with no setting for one (rocksdb-native passes no WriteOptions). ' +
      'Either survives a killed process, neither a power loss.')
    notes.push('Ours: LocalKv defaults (`checkpoint: true`): each put or batch is one append of two records, the write and a checkpoint of the state after it (one signed heartbeat), ' +
      'so every version can be proven; hyperbee appends one block per key (a batch: one block per key, flushed together).')
  } finally {
    await bee.close()
    await corestore.close()
    await store.close()
  }

  log(`put single with fsync: ${SYNC_PUTS} (ours only)`)
  const syncStore = await CapsuleStore.open({ path: tempDir('gdp-kv-sync'), sync: true })
  try {
    const { kv } = await createKv(syncStore)
    const t0 = performance.now()
    let done = 0
    while (done < SYNC_PUTS && performance.now() - t0 < ROW_LIMIT_MS) {
      await kv.put(keyOf(done), valueOf(done))
      done++
    }
    rows.push({ op: `put single, ours \`sync: true\` (fsync each append), into a new capsule${done < SYNC_PUTS ? ` (time limit: ${done} done)` : ''}`, ours: done / ((performance.now() - t0) / 1000), anchor: 'n/a (no fsync setting)', unit: 'ops' })
  } finally {
    await syncStore.close()
  }
  return { title: `Key-value CAAPI vs hyperbee ${versionOf('hyperbee')} (corestore ${versionOf('corestore')}, hypercore ${versionOf('hypercore')})`, anchorName: 'hyperbee', rows, notes }
}

// ---- files: the two sides ----

/** Content as a stream of 64 KiB pieces; with `edit`, the bytes at `edit.at` replaced by `edit.bytes` (both piece-aligned). */
function * piecesOf (content: Uint8Array, edit?: { at: number, bytes: Uint8Array }): Generator<Uint8Array> {
  if (edit !== undefined && (edit.at % PIECE_BYTES !== 0 || edit.bytes.length % PIECE_BYTES !== 0)) throw new Error('the edit is not piece-aligned')
  for (let at = 0; at < content.length; at += PIECE_BYTES) {
    const inEdit = edit !== undefined && at >= edit.at && at < edit.at + edit.bytes.length
    yield inEdit ? edit.bytes.subarray(at - edit.at, at - edit.at + PIECE_BYTES) : content.subarray(at, Math.min(at + PIECE_BYTES, content.length))
  }
}

/** Reads a stream, checking it against `expected`; returns the bytes read. */
async function readChecked (side: string, stream: AsyncIterable<Uint8Array>, expected: Uint8Array): Promise<number> {
  let at = 0
  for await (const piece of stream) {
    if (Buffer.compare(piece, expected.subarray(at, at + piece.length)) !== 0) throw new Error(`${side}: bytes at ${at} differ from those put`)
    at += piece.length
  }
  if (at !== expected.length) throw new Error(`${side}: read ${at} bytes, ${expected.length} were put`)
  return at
}

/**
 * The bytes of a closed store's folder once its LevelDB is fully compacted:
 * a store closed during a compaction leaves its unfinished output behind
 * until the next open, and the folder's size then depends on timing.
 */
async function settledBytes (dir: string): Promise<number> {
  const db = await StoreDb.open(dir)
  try {
    // Every key of the store sorts below 64 bytes of 0xff (each begins with a table tag).
    await db.compactRange(new Uint8Array(0), new Uint8Array(64).fill(0xff))
  } finally {
    await db.close()
  }
  return await diskBytes(dir)
}

interface OursFiles {
  store: CapsuleStore
  fs: FileSystem
}

async function openOursFiles (dir: string, capsule?: Signed): Promise<OursFiles & Signed> {
  const store = await CapsuleStore.open({ path: dir })
  if (capsule === undefined) {
    const { kv, signer, name } = await createKv(store, filesAppFields())
    return { store, fs: new FileSystem(kv), signer, name }
  }
  const { signer, name } = capsule
  return { store, fs: new FileSystem(await LocalKv.open(store, name, { signer })), signer, name }
}

interface Drive {
  drive: Hyperdrive
  corestore: Corestore
}

async function openDrive (dir: string): Promise<Drive> {
  const corestore = new Corestore(dir)
  const drive = new Hyperdrive(corestore)
  await drive.ready()
  return { drive, corestore }
}

async function closeDrive ({ drive, corestore }: Drive): Promise<void> {
  await drive.close()
  await corestore.close()
}

/** Streams the pieces into a hyperdrive file, waiting on its back-pressure, until the stream closes. */
async function drivePut (drive: Hyperdrive, file: string, pieces: Iterable<Uint8Array>, dedup: boolean): Promise<void> {
  const ws = drive.createWriteStream(file, { dedup })
  let failure: Error | undefined
  let closed = false
  ws.once('error', (err) => { failure = err })
  const whenClosed = new Promise<void>((resolve) => { ws.once('close', () => { closed = true; resolve() }) })
  for (const piece of pieces) {
    if (!ws.write(piece)) await Promise.race([new Promise<void>((resolve) => { ws.once('drain', resolve) }), whenClosed])
    if (closed) break
  }
  ws.end()
  await whenClosed
  if (failure !== undefined) throw failure
}

/** Bytes a hyperdrive's logs hold: its file entries (Hyperbee core) and its blobs core. */
async function driveLogBytes (drive: Hyperdrive): Promise<number> {
  return drive.core.byteLength + (await drive.getBlobs()).core.byteLength
}

const mibPerSecond = (bytes: number, ms: number): number => bytes / MiB / (ms / 1000)

async function timed (task: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await task()
  return performance.now() - t0
}

/** What putting the edited file stored, on one side. */
interface EditResult {
  folderGrowth: number
  logBytes: number
  ms: number
}

async function oursEdit (original: Uint8Array, edit: { at: number, bytes: Uint8Array }, file: string): Promise<EditResult> {
  const dir = tempDir('gdp-files-edit')
  const first = await openOursFiles(dir)
  await first.fs.put(file, piecesOf(original))
  await first.store.close()
  const before = await settledBytes(dir)
  const again = await openOursFiles(dir, first)
  let closed = false
  try {
    let stored = 0
    const ms = await profiled('files-edit-ours', async () => await timed(async () => { stored = (await again.fs.put(file, piecesOf(original, edit))).stored.bytes }))
    const around = { start: edit.at - PIECE_BYTES, end: edit.at + edit.bytes.length + PIECE_BYTES }
    const expected = Buffer.concat([original.subarray(around.start, edit.at), edit.bytes, original.subarray(edit.at + edit.bytes.length, around.end)])
    await readChecked('ours, edited range', again.fs.get(file, around), expected)
    await again.store.close()
    closed = true
    return { folderGrowth: await settledBytes(dir) - before, logBytes: stored, ms }
  } finally {
    if (!closed) await again.store.close()
  }
}

async function driveEdit (original: Uint8Array, edit: { at: number, bytes: Uint8Array }, file: string, dedup: boolean): Promise<EditResult> {
  const dir = tempDir(`hyperdrive-edit${dedup ? '-dedup' : ''}`)
  const first = await openDrive(dir)
  await drivePut(first.drive, file, piecesOf(original), dedup)
  await first.corestore.storage.compact()
  await closeDrive(first)
  const before = await diskBytes(dir)
  const again = await openDrive(dir)
  let closed = false
  try {
    const logBefore = await driveLogBytes(again.drive)
    const ms = await profiled(`files-edit-hyperdrive${dedup ? '-dedup' : ''}`, async () => await timed(async () => { await drivePut(again.drive, file, piecesOf(original, edit), dedup) }))
    const logBytes = await driveLogBytes(again.drive) - logBefore
    await again.corestore.storage.compact()
    await closeDrive(again)
    closed = true
    return { folderGrowth: await diskBytes(dir) - before, logBytes, ms }
  } finally {
    if (!closed) await closeDrive(again)
  }
}

async function filesTable (): Promise<Table> {
  const rows: Row[] = []
  const notes: string[] = []
  const fileMiB = FILE_BYTES / MiB

  const ours = await openOursFiles(tempDir('gdp-files'))
  const hd = await openDrive(tempDir('hyperdrive'))
  try {
    let best = { put: [0, 0], get: [0, 0] }
    const started = performance.now()
    let rounds = 0
    while (rounds < FILE_ROUNDS && performance.now() - started < FILE_ROUNDS_LIMIT_MS) {
      log(`files round ${rounds + 1}: put and get of ${fileMiB} MiB each`)
      // New random content each round: the same bytes again would be stored once by ours (dedup).
      const content = randomBytes(FILE_BYTES)
      const file = `bench/put-${rounds}.bin`
      const oursPut = await profiled(`files-put-ours-${rounds}`, async () => await timed(async () => { await ours.fs.put(file, piecesOf(content)) }))
      const drivePutMs = await profiled(`files-put-hyperdrive-${rounds}`, async () => await timed(async () => { await drivePut(hd.drive, `/${file}`, piecesOf(content), false) }))
      const oursGet = await profiled(`files-get-ours-${rounds}`, async () => await timed(async () => { await readChecked('ours', ours.fs.get(file), content) }))
      const driveGet = await profiled(`files-get-hyperdrive-${rounds}`, async () => await timed(async () => { await readChecked('hyperdrive', hd.drive.createReadStream(`/${file}`), content) }))
      best = {
        put: [Math.max(best.put[0]!, mibPerSecond(FILE_BYTES, oursPut)), Math.max(best.put[1]!, mibPerSecond(FILE_BYTES, drivePutMs))],
        get: [Math.max(best.get[0]!, mibPerSecond(FILE_BYTES, oursGet)), Math.max(best.get[1]!, mibPerSecond(FILE_BYTES, driveGet))]
      }
      rounds++
    }
    rows.push({ op: `put ${fileMiB} MiB from a stream of 64 KiB pieces (best of ${rounds})`, ours: best.put[0]!, anchor: best.put[1]!, unit: 'MiB/s', target: atLeast(3) })
    rows.push({ op: `get ${fileMiB} MiB as a stream (best of ${rounds}; every byte checked against the put)`, ours: best.get[0]!, anchor: best.get[1]!, unit: 'MiB/s', target: atLeast(3) })
  } finally {
    await closeDrive(hd)
    await ours.store.close()
  }

  const bigMiB = BIG_FILE_BYTES / MiB
  log(`1 MiB edit in the middle of a ${bigMiB} MiB file: ours, hyperdrive dedup, hyperdrive default`)
  const original = randomBytes(BIG_FILE_BYTES)
  const edit = { at: BIG_FILE_BYTES / 2, bytes: randomBytes(EDIT_BYTES) }
  const file = 'bench/big.bin'
  const oursResult = await oursEdit(original, edit, file)
  const dedup = await driveEdit(original, edit, `/${file}`, true)
  const plain = await driveEdit(original, edit, `/${file}`, false)
  const editLabel = `1 MiB edit in the middle of a ${bigMiB} MiB file, put again whole`
  rows.push({ op: `${editLabel}: growth of the store's folder (hyperdrive \`dedup: true\`)`, ours: oursResult.folderGrowth, anchor: dedup.folderGrowth, unit: 'bytes', target: { label: '< 2 MiB', met: (a) => a < EDIT_TARGET_BYTES } })
  rows.push({ op: `${editLabel}: bytes added to the logs (ours: new chunk and page blobs; hyperdrive \`dedup: true\`: blobs + entries cores)`, ours: oursResult.logBytes, anchor: dedup.logBytes, unit: 'bytes' })
  rows.push({ op: `${editLabel}: growth of the store's folder (hyperdrive default, no dedup)`, ours: oursResult.folderGrowth, anchor: plain.folderGrowth, unit: 'bytes' })
  rows.push({ op: `${editLabel}: put throughput (hyperdrive \`dedup: true\`)`, ours: mibPerSecond(BIG_FILE_BYTES, oursResult.ms), anchor: mibPerSecond(BIG_FILE_BYTES, dedup.ms), unit: 'MiB/s' })

  notes.push('Ratio: ours / hyperdrive; in the byte rows, below 1x means ours stores fewer bytes.')
  notes.push('Durability as in the key-value table: ours `sync: false` (default, no fsync); hyperdrive on corestore/hypercore 11 (RocksDB, no fsync).')
  const kib = (bytes: number): string => `${bytes / 1024} KiB`
  notes.push(`Ours: FileSystem over LocalKv: content-defined chunks (${kib(MIN_CHUNK_LENGTH)} to ${kib(MAX_CHUNK_LENGTH)}, ${kib(NORMAL_CHUNK_LENGTH)} typical), ` +
    `each new chunk a blob record, appended in groups of at most ${MAX_GROUP_BYTES / MiB} MiB; ` +
    'a chunk the capsule already holds is not stored again. Hyperdrive: one block per 64 KiB piece written; with `dedup: true` a block equal to one of the previous version of the same file is not stored again.')
  notes.push(`The edit replaces bytes [${edit.at.toLocaleString('en-US')}, ${(edit.at + EDIT_BYTES).toLocaleString('en-US')}) in place (aligned to 64 KiB: the best case for hyperdrive's fixed blocks). ` +
    'Folder growth: the size of the store\'s folder before and after the put, each time with its database fully compacted (ours: LevelDB `compactRange` over all keys; ' +
    'hyperdrive: `corestore.storage.compact()`, RocksDB) and closed; it includes every overhead (records, heartbeats, Merkle tiles and index rows; hypercore trees and the entries bee).')
  return { title: `File CAAPI vs hyperdrive ${versionOf('hyperdrive')}`, anchorName: 'hyperdrive', rows, notes }
}

// ---- main ----

async function main (): Promise<void> {
  tmpRoot = await mkdtemp(path.join(os.tmpdir(), 'gdp-caapi-bench-'))
  if (PROFILE_DIR !== undefined) await mkdir(PROFILE_DIR, { recursive: true })
  const started = performance.now()
  const tables: Table[] = []
  try {
    const context: BenchContext = { quick: QUICK, tempDir, log, profiled, profileDir: PROFILE_DIR, diskBytes }
    if (ONLY === undefined || ONLY === 'kv') tables.push(await kvTable())
    if (ONLY === undefined || ONLY === 'files') tables.push(await filesTable())
    if (ONLY === undefined || ONLY === 'remote') tables.push(await remoteReadTable(context))
    if (ONLY === undefined || ONLY === 'open') tables.push(await kvOpenTable(context))
  } finally {
    // A store left open by a failed row may still be writing: retry, and never hide the row's error behind this one.
    await rm(tmpRoot, { recursive: true, force: true, maxRetries: 5 }).catch((err: Error) => { log(`could not remove ${tmpRoot}: ${err.message}`) })
  }
  for (const t of tables) printTable(t)
  const cpus = os.cpus()
  process.stdout.write([
    '',
    `node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${os.platform()} ${os.release()}, load average ${os.loadavg()[0]!.toFixed(2)} at the end, ${new Date().toISOString()}, ` +
      `temp dir ${os.tmpdir()}; total bench time ${((performance.now() - started) / 1000).toFixed(1)} s${PROFILE_DIR === undefined ? '' : ' (CPU profiler on: figures not comparable)'}.`,
    ''
  ].join('\n'))
}

await main()

/**
 * The LevelDB index of one key-value capsule (docs/kv.md, "The index"): it
 * follows the capsule in a CapsuleStore, applying its records in order,
 * and answers every read of docs/kv.md section 3 at the latest version and
 * at any past one, by version or by time, as src/kv/model.ts does.
 *
 * It is derived state. Its rows live in the store's 'K' table of the
 * capsule; each catch-up write holds whole records' rows and the new
 * applied position, in one LevelDB batch, so a crash leaves it at some
 * record boundary. On opening it checks that the capsule still holds the
 * record it last applied, and drops and rebuilds itself from the records
 * when it does not, or when its rows are missing.
 */
import { logger } from '@libp2p/logger'
import { formatName } from '../capsule/name.js'
import type { CapsuleRecord, RecordHead, RecordHeader } from '../capsule/types.js'
import type { AppendBatch } from '../capsule/writer.js'
import { bytesToHex } from '../crypto/bytes.js'
import { sha256 } from '../crypto/hash.js'
import { DerivedRowDamagedError, InvalidArgumentError, MalformedMessageError, StoreCorruptionError } from '../errors.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import type { CapsuleRows, RowRange } from '../store/capsule-rows.js'
import { readUint64, writeUint64 } from '../store/layout.js'
import type { WriteOp } from '../store/level-db.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import { boundsOf, checkKey, checkTime, checkVersion, compareKeys, decodeKvRecord, inBounds, prefixBounds, requireKvCapsule, type KeyBounds, type KeyRange, type KvOp, type KvRecord } from './format.js'
import { HashMap } from './hash-map.js'
import { NodeCache } from './node-cache.js'
import { SpanKeys } from './span-keys.js'
import { RecentRecords, type WatchedRecord } from './recent-records.js'
import { kvContentOf } from './changes.js'
import { decodeStoredNode, NodeNeeded, openStoredNode, storedNodeHash, TreeEdit, type RemovedTreeNode, type StoredTreeNode, type TreeMark, type TreeNode, type WrittenTreeNode } from './tree-edit.js'
import { EMPTY_COMMITMENT, intervalInside, intervalOutside, leftOf, rightOf, treeNodeLength, writeTreeNode, type KeyInterval, type KvCommitment, type KvProofNode, type KvTreeEntry, type SubtreeRef } from './tree.js'
import { checkPage, diffBytes, entryBytes, historyBytes, pager, type KvAt, type KvDiffEntry, type KvDiffPage, type KvEntry, type KvHistoryEntry, type KvHistoryOptions, type KvHistoryPage, type KvInvalidRecord, type KvPageOptions, type KvScanOptions, type KvEntryPage, type KvScanPageOptions } from './model.js'

const log = logger('gdp:kv:index')

/** Bumped when the rows change form: an index of another layout is rebuilt (6: every row carries a checksum). */
const INDEX_LAYOUT = 6

/**
 * The first byte of each row's key (after the table's tag and capsule name):
 *   state                        -> layout (1) | records applied (8) | keys (8) | tree version (8) | its keys (8) | hash of the last record applied (32, none at 0)
 *                                   | tree root (32, none without keys) | the stored tree's root (32) and its key (the rest), none when it has no keys
 *   write   escaped key | seqno  -> put: 0x01 | epoch (4) | timestamp (8) | value;  delete: 0x00 | timestamp (8)
 *   time    timestamp | seqno    -> empty: one per record applied, to find the version at a time
 *   invalid seqno                -> timestamp (8) | why the record is not a key-value record (UTF-8)
 *   blob    SHA-256 of data      -> seqno (8) of the last blob record holding those bytes, to find them again (dedup)
 *   node    key                  -> left child's key length (2) | its key | right child's key length (2) | its key | KvTreeNode:
 *                                   the stored tree, the state tree at the tree version
 *   version version              -> keys (8) | tree root (32, none without keys): the commitment of each version from 1
 *   checkpoint seqno             -> the version it states (8) | 1 if it holds, 0 if not
 *   last    escaped key          -> seqno (8) | the value of its write row: the key's last write, for a get at the
 *                                   latest version in one point read (LevelDB's iterators cost an async round trip)
 */
const ROW = { state: 0x00, write: 0x01, time: 0x02, invalid: 0x03, blob: 0x04, node: 0x05, version: 0x06, checkpoint: 0x07, last: 0x08 } as const

/** Keys one diff may touch, at most: its answer is held in memory. */
export const MAX_DIFF_KEYS = 100_000

/**
 * Decoded tree nodes an index keeps in memory unless it is given a cache to
 * share, at most. A node takes about 1.2 KB of heap, so this is at most
 * about 300 MB. The cache holds between half and all of its capacity
 * (node-cache.ts), so a tree of up to about 130,000 keys stays whole in it:
 * a write then reads no node row (batched puts into 100,000 keys went
 * 1.8x faster than with half this, which read most paths back from LevelDB).
 */
export const DEFAULT_TREE_CACHE_NODES = 262_144

/**
 * When the index writes its tree's rows: once the records applied since it
 * last wrote them hold this many writes, or are this many records or
 * payload bytes (docs/kv.md section 7.1). The nodes the writes between
 * make and replace again (the top of the tree, each time) are written
 * once, and opening replays at most this much.
 */
export interface TreeStoring {
  ops: number
  records: number
  bytes: number
}

export const STORE_TREE_EVERY: TreeStoring = { ops: 2048, records: 1024, bytes: 16 * 1024 * 1024 }

export interface KvIndexInit {
  /** @default STORE_TREE_EVERY */
  storeTreeEvery?: TreeStoring
  /**
   * The cache of decoded tree nodes, to share between the indexes of one
   * process so that together they stay within its capacity. Nodes are found
   * by hash, which names their content, so a node one index cached is right
   * for any other. @default a cache of DEFAULT_TREE_CACHE_NODES of its own
   */
  nodeCache?: NodeCache
  /**
   * The records near the tip that watches read, to share between the
   * indexes of one process so that together they stay within its budget
   * (recent-records.ts). @default one of its own, of RECENT_RECORDS within RECENT_RECORD_BYTES
   */
  recentRecords?: RecentRecords
}

/** A catch-up writes at most about this much per LevelDB batch (always whole records). */
const CATCH_UP_BATCH_BYTES = 16 * 1024 * 1024
const CATCH_UP_BATCH_ROWS = 10_000
/** Rows deleted per LevelDB batch when the index is dropped. */
const DROP_BATCH_ROWS = 10_000

const HASH_LENGTH = 32
const SEQNO_LENGTH = 8

// ---- row keys ----

/**
 * A key in an order-preserving, prefix-free form, so that (key, seqno) rows
 * sort by key, then by seqno: each 0x00 byte becomes 00 ff, and the key ends
 * with 00 01. Without it, the rows of `a` (a followed by a seqno) would
 * interleave with those of `a\x00`.
 */
function escapeKey (key: Uint8Array): Uint8Array {
  let zeros = 0
  for (const byte of key) if (byte === 0) zeros++
  const out = new Uint8Array(key.length + zeros + 2)
  let at = 0
  for (const byte of key) {
    out[at++] = byte
    if (byte === 0) out[at++] = 0xff
  }
  out[at++] = 0x00
  out[at] = 0x01
  return out
}

function unescapeKey (escaped: Uint8Array): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < escaped.length - 2; i++) {
    out.push(escaped[i]!)
    if (escaped[i] === 0) i++
  }
  return Uint8Array.from(out)
}

function concat (...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function uint64 (n: number): Uint8Array {
  const out = new Uint8Array(8)
  writeUint64(out, 0, n)
  return out
}

/**
 * Write rows of one key a scan of a past version reads before it looks the
 * key's entry up instead and skips its other rows: the lookup and the new
 * iterator past them cost about what reading 100 to 200 rows does, so a
 * key with few writes is read through and one with many costs this at most.
 */
const SCAN_ROWS_PER_KEY = 64
/** Above every seqno: a write row key's escaped key followed by this sorts after all of that key's rows. */
const PAST_SEQNOS = new Uint8Array(SEQNO_LENGTH).fill(0xff)

const STATE_KEY = Uint8Array.of(ROW.state)
/** Where the rows of `key` begin: its escaped form, which every one of them starts with. */
const writeRowsOf = (key: Uint8Array): Uint8Array => concat(Uint8Array.of(ROW.write), escapeKey(key))
const writeRowKey = (key: Uint8Array, seqno: number): Uint8Array => concat(writeRowsOf(key), uint64(seqno))
const lastWriteRowKey = (key: Uint8Array): Uint8Array => concat(Uint8Array.of(ROW.last), escapeKey(key))
const timeRowKey = (timestampUs: number, seqno: number): Uint8Array => concat(Uint8Array.of(ROW.time), uint64(timestampUs), uint64(seqno))
const invalidRowKey = (seqno: number): Uint8Array => concat(Uint8Array.of(ROW.invalid), uint64(seqno))
const blobRowKey = (hash: Uint8Array): Uint8Array => concat(Uint8Array.of(ROW.blob), hash)
const nodeRowKey = (key: Uint8Array): Uint8Array => concat(Uint8Array.of(ROW.node), key)
const versionRowKey = (version: number): Uint8Array => concat(Uint8Array.of(ROW.version), uint64(version))
const checkpointRowKey = (seqno: number): Uint8Array => concat(Uint8Array.of(ROW.checkpoint), uint64(seqno))

const commitmentValue = (c: KvCommitment): Uint8Array => concat(uint64(c.keyCount), c.root)
const commitmentFrom = (value: Uint8Array, at: number): KvCommitment => ({ keyCount: readUint64(value, at), root: value.slice(at + 8, at + 8 + HASH_LENGTH) })
const sameCommitment = (a: KvCommitment, b: KvCommitment): boolean => a.keyCount === b.keyCount && Buffer.compare(a.root, b.root) === 0

/** A write row, read back. */
interface WriteRow {
  /** The row key without its seqno: equal for every row of one key. */
  escapedKey: Uint8Array
  seqno: number
  value: Uint8Array
}

function writeRow (rowKey: Uint8Array, value: Uint8Array): WriteRow {
  return { escapedKey: rowKey.subarray(1, rowKey.length - SEQNO_LENGTH), seqno: readUint64(rowKey, rowKey.length - SEQNO_LENGTH), value }
}

const sameKey = (a: WriteRow, b: WriteRow): boolean => Buffer.compare(a.escapedKey, b.escapedKey) === 0
const isPut = (row: WriteRow): boolean => row.value[0] === 1

function writeRowValue (op: KvOp, timestampUs: number): Uint8Array {
  if (op.type === 'delete') return concat(Uint8Array.of(0), uint64(timestampUs))
  const epoch = new Uint8Array(4)
  new DataView(epoch.buffer).setUint32(0, op.encryptionEpoch)
  return concat(Uint8Array.of(1), epoch, uint64(timestampUs), op.value)
}

function entryOf (row: WriteRow): KvEntry {
  const epoch = new DataView(row.value.buffer, row.value.byteOffset, row.value.byteLength).getUint32(1)
  return { key: unescapeKey(row.escapedKey), value: row.value.subarray(13), encryptionEpoch: epoch, seqno: row.seqno, timestampUs: readUint64(row.value, 5) }
}

function historyEntryOf (row: WriteRow): KvHistoryEntry {
  if (!isPut(row)) return { type: 'delete', seqno: row.seqno, timestampUs: readUint64(row.value, 1) }
  const { value, encryptionEpoch, seqno, timestampUs } = entryOf(row)
  return { type: 'put', seqno, timestampUs, value, encryptionEpoch }
}

/** A record as the index reads it: a key-value record, or why it is none. */
export type Decoded = { kv: KvRecord } | { invalid: string }

export function decodeRecord (record: CapsuleRecord): Decoded {
  let kv: KvRecord
  try {
    kv = decodeKvRecord(record.payload)
  } catch (err) {
    if (!(err instanceof MalformedMessageError)) throw err
    return { invalid: err.message }
  }
  if (kv.type === 'checkpoint' && kv.version > record.header.seqno) return { invalid: `checkpoint claims version ${kv.version}: a checkpoint covers only records before it` }
  return { kv }
}

/** The operations a record applies to the state, in order. */
export function opsOf (decoded: Decoded): KvOp[] {
  if ('invalid' in decoded) return []
  const kv = decoded.kv
  return kv.type === 'put' || kv.type === 'delete' ? [kv] : kv.type === 'batch' ? kv.ops : []
}

/**
 * The rows a record adds besides the tree's: its writes, its time, its blob
 * (by `blobHash`, its data's SHA-256 where the writer has it, else computed
 * here), and why it is invalid if it is.
 */
function rowsOf (record: CapsuleRecord, decoded: Decoded, blobHash?: Uint8Array): WriteOp[] {
  const { seqno, timestampUs } = record.header
  const ops: WriteOp[] = [{ type: 'put', key: timeRowKey(timestampUs, seqno), value: new Uint8Array(0) }]
  if ('invalid' in decoded) return [...ops, { type: 'put', key: invalidRowKey(seqno), value: concat(uint64(timestampUs), Buffer.from(decoded.invalid)) }]
  for (const op of opsOf(decoded)) {
    const value = writeRowValue(op, timestampUs)
    ops.push({ type: 'put', key: writeRowKey(op.key, seqno), value }, { type: 'put', key: lastWriteRowKey(op.key), value: concat(uint64(seqno), value) })
  }
  if (decoded.kv.type === 'blob') ops.push({ type: 'put', key: blobRowKey(blobHash ?? sha256(decoded.kv.data)), value: uint64(seqno) })
  return ops
}

const opBytes = (op: WriteOp): number => op.key.length + (op.type === 'put' ? op.value.length : 0)

/** The tree the node rows hold: the state tree at `version`, and its root's key. */
interface StoredTree {
  version: number
  commitment: KvCommitment
  rootKey?: Uint8Array
}

const NO_TREE: StoredTree = { version: 0, commitment: EMPTY_COMMITMENT }

function stateValue (applied: number, lastHash: Uint8Array, commitment: KvCommitment, tree: StoredTree): Uint8Array {
  return concat(Uint8Array.of(INDEX_LAYOUT), uint64(applied), uint64(commitment.keyCount), uint64(tree.version), uint64(tree.commitment.keyCount),
    lastHash, commitment.root, tree.commitment.root, tree.rootKey ?? new Uint8Array(0))
}

/** The state row, read: the version applied, its last record's hash and commitment, and the stored tree. */
interface IndexState {
  applied: number
  lastHash: Uint8Array
  commitment: KvCommitment
  tree: StoredTree
}

/** Parses a state row of this layout; a string says what is wrong with it. */
function parseState (state: Uint8Array): IndexState | string {
  if (state[0] !== INDEX_LAYOUT) return `its rows are of layout ${state[0] ?? 'none'}, this code reads layout ${INDEX_LAYOUT}`
  if (state.length < 33) return 'its state row is malformed'
  const applied = readUint64(state, 1)
  const keyCount = readUint64(state, 9)
  const treeVersion = readUint64(state, 17)
  const treeKeys = readUint64(state, 25)
  let at = 33
  const take = (length: number): Uint8Array => state.subarray(at, (at += length))
  const lastHash = take(applied > 0 ? HASH_LENGTH : 0)
  const root = take(keyCount > 0 ? HASH_LENGTH : 0)
  const treeRoot = take(treeKeys > 0 ? HASH_LENGTH : 0)
  const rootKey = state.subarray(at)
  if (at > state.length || treeVersion > applied || (treeKeys > 0) !== (rootKey.length > 0)) return 'its state row is malformed'
  const tree: StoredTree = { version: treeVersion, commitment: treeKeys === 0 ? EMPTY_COMMITMENT : { keyCount: treeKeys, root: treeRoot.slice() } }
  if (treeKeys > 0) tree.rootKey = rootKey.slice()
  return { applied, lastHash, commitment: keyCount === 0 ? EMPTY_COMMITMENT : { keyCount, root: root.slice() }, tree }
}

/**
 * The rows of nodes a tree store writes, each under its key: a value holds
 * the node's children's keys (2-byte lengths, 0 for none), then its
 * KvTreeNode. Every key and value is a view of one buffer: a store writes
 * thousands of rows at once, and buffers of their own (off V8's heap at
 * these sizes) cost more than writing them.
 */
function nodeRows (written: WrittenTreeNode[]): WriteOp[] {
  let bytes = 0
  for (const { node } of written) bytes += 1 + node.entry.key.length + 4 + (node.leftKey?.length ?? 0) + (node.rightKey?.length ?? 0) + treeNodeLength(node.entry, node.left, node.right)
  const slab = new Uint8Array(bytes)
  let at = 0
  const ops: WriteOp[] = new Array(written.length)
  for (let i = 0; i < written.length; i++) {
    const node = written[i]!.node
    const keyAt = at
    slab[at] = ROW.node
    slab.set(node.entry.key, at + 1)
    at += 1 + node.entry.key.length
    const valueAt = at
    for (const child of [node.leftKey, node.rightKey]) {
      const length = child?.length ?? 0
      slab[at] = length >> 8
      slab[at + 1] = length & 0xff
      if (child !== undefined) slab.set(child, at + 2)
      at += 2 + length
    }
    at = writeTreeNode(slab, at, node.entry, node.left, node.right)
    ops[i] = { type: 'put', key: slab.subarray(keyAt, valueAt), value: slab.subarray(valueAt, at) }
  }
  return ops
}

function decodeNodeRow (value: Uint8Array): StoredTreeNode {
  const leftLength = (value[0]! << 8) | value[1]!
  const leftKey = value.subarray(2, 2 + leftLength)
  let at = 2 + leftLength
  const rightLength = (value[at]! << 8) | value[at + 1]!
  const rightKey = value.subarray(at + 2, at + 2 + rightLength)
  at += 2 + rightLength
  if (at > value.length) throw new MalformedMessageError('state tree node row: its child keys run past its end')
  const node = decodeStoredNode(value.subarray(at))
  if ((node.left !== undefined) !== (leftLength > 0) || (node.right !== undefined) !== (rightLength > 0)) throw new MalformedMessageError('state tree node row: its child keys do not match its children')
  if (leftLength > 0) node.leftKey = leftKey
  if (rightLength > 0) node.rightKey = rightKey
  return node
}

const rootRefOf = (c: KvCommitment): SubtreeRef | undefined => c.keyCount === 0 ? undefined : { hash: c.root, count: c.keyCount }

/** Records applied together: their rows (relative keys) and the state they reach. */
interface KvIndexStep {
  ops: WriteOp[]
  bytes: number
  /** Commitments of the versions in the step, not yet in the rows. */
  pending: Map<number, KvCommitment>
  last?: RecordHead
  /** Set once the step's rows are complete. */
  commitment?: KvCommitment
  /** When the step writes the tree's rows: the tree they hold, and the nodes written and removed. */
  storing?: { tree: StoredTree, written: WrittenTreeNode[], removed: RemovedTreeNode[] }
  /** When the step began (performance.now()), for TreeStoreCounters. */
  started: number
}

/** What storing the tree cost (docs/kv.md section 7.1): most of what batched writes of random keys cost. */
export interface TreeStoreCounters {
  /** Times the tree's rows were written. */
  stores: number
  /** Node rows written by them. */
  rows: number
  /** Time the writes that stored it took, from building their rows to adopting them (their records' own rows included), in ms. */
  ms: number
}

/** A record whose header the store reads but not its payload (LevelDB cannot read it, or it no longer hashes right): the damage, to throw unless the index may pass it. */
interface UnreadableRecord extends RecordHead {
  damage: StoreCorruptionError
}

/** A checkpoint as the index found it: the version it states and whether the records make that state. */
export interface KvIndexedCheckpoint {
  seqno: number
  version: number
  holds: boolean
}

// ---- the index ----

export class KvIndex {
  readonly #capsule: StoredCapsule
  readonly #rows: CapsuleRows
  #applied = 0
  /** The commitment of the latest state: its tree's root and key count. */
  #commitment: KvCommitment = EMPTY_COMMITMENT
  #updating: Promise<void> = Promise.resolve()
  /** Why opening dropped and rebuilt the index; undefined when it caught up from its rows. */
  #rebuildReason: string | undefined
  /** A rebuild after damage met by a read, while it runs. */
  #repairing: Promise<void> | undefined
  /** Decoded nodes of the stored tree by hash (and maybe other indexes' nodes, when shared). */
  readonly #nodes: NodeCache
  /**
   * The nodes loaded for the operation being applied, until it is: an edit
   * that needs a node starts again from the root, and a cache too small for
   * the path (or shared with indexes that evict meanwhile) would otherwise
   * have it load the same nodes for ever.
   */
  readonly #opening = new HashMap<StoredTreeNode>()
  /** The keys of the spans that diffs read last, for their next pages. */
  readonly #spanKeys = new SpanKeys()
  /** The records near the tip as watches read them, decoded once for all of them. */
  readonly #recent: RecentRecords
  /** The capsule's name as #recent keeps its records by. */
  readonly #capsuleKey: string
  /** The tree the node rows hold. */
  #stored: StoredTree = NO_TREE
  /** The tree at the latest version applied: the stored tree, edited by the records applied since (in memory). */
  #tree: TreeEdit
  /** What was applied since the tree's rows were written: when to write them again. */
  #sinceStored = { ops: 0, records: 0, bytes: 0 }
  readonly #storeTreeEvery: TreeStoring
  readonly treeStores: TreeStoreCounters = { stores: 0, rows: 0, ms: 0 }
  /** The writes a writer's commitmentAfter applied to the tree for the record it appends next, and the tree before them. */
  #prepared: { seqno: number, ops: KvOp[], mark: TreeMark } | undefined

  private constructor (capsule: StoredCapsule, rows: CapsuleRows, init: KvIndexInit) {
    this.#capsule = capsule
    this.#rows = rows
    this.#storeTreeEvery = init.storeTreeEvery ?? STORE_TREE_EVERY
    this.#nodes = init.nodeCache ?? new NodeCache(DEFAULT_TREE_CACHE_NODES)
    this.#recent = init.recentRecords ?? new RecentRecords()
    this.#capsuleKey = formatName(capsule.name)
    this.#tree = this.#storedTree()
  }

  /**
   * Opens the index of key-value capsule `name`: checks its rows against the
   * capsule (rebuilding them when missing or wrong), then catches up.
   * Throws MalformedMessageError when the capsule is not a key-value capsule.
   */
  static async open (store: CapsuleStore, name: Uint8Array, init: KvIndexInit = {}): Promise<KvIndex> {
    const capsule = await store.capsule(name)
    requireKvCapsule(capsule.metadata)
    const index = new KvIndex(capsule, store.kvIndexRows(name), init)
    await index.#load()
    await index.update()
    return index
  }

  /** The capsule the index follows. */
  get capsule (): StoredCapsule { return this.#capsule }

  /** Records applied: the latest version the index answers at. */
  get version (): number { return this.#applied }

  /** The commitment of the state at the latest version applied: what a checkpoint of it states. */
  get commitment (): KvCommitment { return this.#commitment }

  /** Why opening rebuilt the index from the capsule, or undefined if it caught up from its own rows. */
  get rebuildReason (): string | undefined { return this.#rebuildReason }

  /** Applies the records appended since the last update; returns the version reached. Updates run one at a time. */
  async update (): Promise<number> {
    await this.exclusive(async () => { await this.#catchUp() })
    return this.#applied
  }

  /**
   * Catches up, then runs `task` with no update until it ends: it sees the
   * latest version, and a writer that appends in it appends on that tip.
   */
  async atTip<T> (task: () => Promise<T>): Promise<T> {
    return await this.exclusive(async () => {
      await this.#catchUp()
      return await task()
    })
  }

  /**
   * Runs `task` when no update runs, and no update until it ends: it sees
   * the index's rows, its tree included, at one version.
   */
  async exclusive<T> (task: () => Promise<T>): Promise<T> {
    // Nor while a read's rebuild runs (it takes no turn: a read inside a task may start one): a task would read a tree half rebuilt.
    const run = this.#updating.catch(() => {}).then(async () => {
      await this.#repairing?.catch(() => {})
      return await task()
    })
    this.#updating = run.then(() => {}, () => {})
    return await run
  }

  /**
   * The version `at` names, after catching up: a version from 0 to the
   * latest, or for a time, the number of records stamped at or before it.
   * Latest when absent.
   */
  async versionAt (at?: KvAt): Promise<number> {
    const latest = await this.update()
    if (at === undefined) return latest
    if ('version' in at) {
      checkVersion(at.version, latest)
      return at.version
    }
    checkTime(at.timestampUs)
    return await this.#healing(async () => await this.#versionAtTime(at.timestampUs, latest))
  }

  /**
   * The records stamped at or before `timestampUs`, by one seek in the time
   * rows, checked against the headers of the records on either side of the
   * answer: a time row lost moved the answer to the version before it.
   */
  async #versionAtTime (timestampUs: number, latest: number): Promise<number> {
    // Timestamps are whole microseconds: stamped at or before t is stamped before floor(t) + 1.
    const after = Math.floor(timestampUs) + 1
    if (after <= 0) return 0
    const upper = after > Number.MAX_SAFE_INTEGER ? { lt: Uint8Array.of(ROW.time + 1) } : { lt: timeRowKey(after, 0) }
    let version = 0
    for await (const [key] of this.#rows.iterator({ gte: Uint8Array.of(ROW.time), ...upper, reverse: true, limit: 1 })) version = Math.min(readUint64(key, 9) + 1, latest)
    if (version < latest && this.#capsule.readHeader(version).header.timestampUs < after) {
      throw new DerivedRowDamagedError(`${this.#where()}: its time rows are missing some: record ${version} is stamped at or before ${timestampUs}, and no time row says so; it is derived from the records, and rebuilt from them`)
    }
    return version
  }

  /** The read-only state at a version or time (latest when absent). */
  async view (at?: KvAt): Promise<KvIndexView> {
    return new KvIndexView(this.#rows, await this.versionAt(at), this.#link)
  }

  /**
   * The state at `version` as applied so far, without catching up first:
   * for tasks run by exclusive() or atTip(). Its counts scan the rows: the
   * tree's count takes the index's turn, which such a task holds (one that
   * asked for it waited for itself, and every later task with it).
   */
  viewOf (version: number): KvIndexView {
    checkVersion(version, this.#applied)
    return new KvIndexView(this.#rows, version, this.#inTurnLink)
  }

  /** What a view asks of the index: see KvIndexView's constructor. */
  readonly #link: IndexLink = {
    repair: async (damage) => { await this.#repairRows(damage) },
    applied: () => ({ version: this.#applied, keyCount: this.#commitment.keyCount }),
    treeCount: async (version, bounds) => await this.#treeCount(version, bounds)
  }

  /** The link of a view for a task that holds the index's turn: no tree counts. */
  readonly #inTurnLink: IndexLink = { ...this.#link, treeCount: async () => undefined }

  /** Rebuilds the index from the records after a read met a damaged row; reads that meet damage meanwhile wait for the same rebuild. */
  readonly #repairRows = async (damage: DerivedRowDamagedError | TreeRowMissingError): Promise<void> => {
    this.#repairing ??= (async () => {
      try {
        await this.#rebuild(damage.message)
        await this.#applyRecords()
      } finally {
        this.#repairing = undefined
      }
    })()
    await this.#repairing
  }

  /** The records up to the latest version that are not key-value records, oldest first. */
  async invalidRecords (): Promise<KvInvalidRecord[]> {
    await this.update()
    const out: KvInvalidRecord[] = []
    for await (const [key, value] of this.#rows.iterator({ gte: Uint8Array.of(ROW.invalid), lt: Uint8Array.of(ROW.invalid + 1) })) {
      out.push({ seqno: readUint64(key, 1), timestampUs: readUint64(value, 0), reason: Buffer.from(value.subarray(8)).toString() })
    }
    return out
  }

  /** The checkpoint records applied, oldest first, each checked against the index's own tree. */
  async checkpoints (): Promise<KvIndexedCheckpoint[]> {
    await this.update()
    const out: KvIndexedCheckpoint[] = []
    for await (const [key, value] of this.#rows.iterator({ gte: Uint8Array.of(ROW.checkpoint), lt: Uint8Array.of(ROW.checkpoint + 1) })) {
      out.push({ seqno: readUint64(key, 1), version: readUint64(value, 0), holds: value[8] === 1 })
    }
    return out
  }

  /** The checkpoint record at `seqno`, if there is one there. */
  async checkpointAt (seqno: number): Promise<KvIndexedCheckpoint | undefined> {
    const value = await this.#rows.get(checkpointRowKey(seqno))
    return value === undefined ? undefined : { seqno, version: readUint64(value, 0), holds: value[8] === 1 }
  }

  /** The commitment of the state at `version` (0 to the latest applied); a row found missing rebuilds the index. */
  async commitmentAt (version: number): Promise<KvCommitment> {
    return await this.#healing(async () => await this.#commitmentAt(version))
  }

  /** commitmentAt without the rebuild: for the index's own catch-up and opening, which rebuild on damage themselves. */
  async #commitmentAt (version: number): Promise<KvCommitment> {
    if (version === 0) return EMPTY_COMMITMENT
    if (version === this.#applied) return this.#commitment
    const value = await this.#rows.get(versionRowKey(version))
    if (value === undefined) throw new DerivedRowDamagedError(`${this.#where()}: no commitment row for version ${version}: rows are missing; it is derived from the records, and rebuilt from them`)
    return commitmentFrom(value, 0)
  }

  /**
   * The keys whose entries differ between versions `from` and `to` (either
   * order), in key order, within `bounds`: the keys the records between
   * them write, each read at both versions, a page at a time (`page`;
   * `more` says keys may follow the last one: ask again above it). Only
   * the keys are held whole: throws InvalidArgumentError past `maxKeys` of
   * them (narrow the range or the versions).
   */
  async diff (from: number, to: number, bounds: KeyBounds = {}, page: KvPageOptions = {}, maxKeys = MAX_DIFF_KEYS): Promise<KvDiffPage> {
    checkPage(page)
    const latest = await this.update()
    for (const v of [from, to]) checkVersion(v, latest)
    const [low, high] = from <= to ? [from, to] : [to, from]
    const keys = this.#spanKeys.get(low, high, bounds) ?? await this.#keysWritten(low, high, bounds, maxKeys, `the diff between versions ${from} and ${to}`)
    const before = new KvIndexView(this.#rows, from, this.#link)
    const after = new KvIndexView(this.#rows, to, this.#link)
    const out = pager(page, diffBytes)
    for (const key of keys) {
      const b = await before.get(key)
      const a = await after.get(key)
      if (b?.seqno === a?.seqno) continue
      const entry: KvDiffEntry = { key }
      if (b !== undefined) entry.before = b
      if (a !== undefined) entry.after = a
      if (!out.add(entry)) return { entries: out.items, more: true }
    }
    return { entries: out.items, more: false }
  }

  /**
   * Record `seqno` and its key-value content, for a watch near the tip:
   * read and decoded once for every watch of the capsule that asks while it
   * is kept (recent-records.ts).
   */
  async watchedRecord (seqno: number): Promise<WatchedRecord> {
    return await this.#recent.get(this.#capsuleKey, seqno, async () => {
      let record: CapsuleRecord
      try {
        record = this.#capsule.read(seqno)
      } catch (err) {
        if (!(err instanceof StoreCorruptionError)) throw err
        for await (const passed of this.changeRecords(seqno, seqno + 1)) return { record: passed, kv: undefined }
        throw err
      }
      return { record, kv: kvContentOf(record) }
    })
  }

  /**
   * Records [from, to) for a reader of what they changed (a watch): a
   * record whose payload the store cannot read comes as its head alone
   * when it changed nothing, else ends the read with the store's error.
   */
  async * changeRecords (from: number, to: number): AsyncGenerator<CapsuleRecord | RecordHead> {
    for await (const record of this.#readRecords(from, to)) {
      if ('damage' in record) {
        // Its version rows say whether it changed anything, once the index has applied it.
        await this.update()
        await this.#passApplied(record)
        yield { header: record.header, hash: record.hash }
      } else {
        yield record
      }
    }
  }

  /** The keys records [low, high) write within `bounds`, in key order, kept for the diff's next pages; throws InvalidArgumentError past `maxKeys`. */
  async #keysWritten (low: number, high: number, bounds: KeyBounds, maxKeys: number, what: string): Promise<Uint8Array[]> {
    const written = new Map<string, Uint8Array>()
    for await (const record of this.#readRecords(low, high)) {
      if ('damage' in record) {
        await this.#passApplied(record)
        continue
      }
      for (const op of opsOf(decodeRecord(record))) {
        if (!inBounds(op.key, bounds)) continue
        written.set(bytesToHex(op.key), op.key)
        if (written.size > maxKeys) throw new InvalidArgumentError(`${what} touches more than ${maxKeys} keys; ask for a narrower key range or fewer versions`)
      }
    }
    const keys = [...written.values()].sort(compareKeys)
    this.#spanKeys.set(low, high, bounds, keys)
    return keys
  }

  /** The seqno of a blob record whose data hashes to `hash` (the last one), if there is one: one row read. */
  async findBlob (hash: Uint8Array): Promise<number | undefined> {
    await this.update()
    // A point read of a small row: synchronous, since an asynchronous LevelDB read costs about 50 us of CPU here
    // in the thread pool's hand-offs, and a file put asks once per chunk.
    let row: Uint8Array | undefined
    try {
      row = this.#rows.getSync(blobRowKey(hash))
    } catch (err) {
      // A damaged row: a put that trusted it would refer to bytes it does not have, for good.
      if (!(err instanceof DerivedRowDamagedError)) throw err
      await this.#repairRows(err)
      row = this.#rows.getSync(blobRowKey(hash))
    }
    return row === undefined ? undefined : readUint64(row, 0)
  }

  /**
   * The commitment the latest state would have after `ops`, applied in
   * order, without changing the index: what a writer's checkpoint after
   * them states. Run it inside exclusive(), after update(), for a result
   * that holds at the tip.
   */
  async commitmentAfter (ops: KvOp[], seqno: number): Promise<KvCommitment> {
    return await this.#healing(async () => {
      this.#settlePrepared()
      const mark = this.#tree.mark()
      try {
        for (const op of ops) await this.#applyOp(op, seqno)
      } catch (err) {
        this.#tree.rollback(mark)
        throw err
      }
      // Kept for the catch-up that applies the record, if it is the next one and holds these operations; otherwise rolled back.
      this.#prepared = { seqno, ops, mark }
      return this.#tree.commitment()
    })
  }

  /** Undoes a writer's commitmentAfter whose record was not the next applied (its append failed, or another came first). */
  #settlePrepared (): void {
    if (this.#prepared === undefined) return
    this.#tree.rollback(this.#prepared.mark)
    this.#prepared = undefined
  }

  /**
   * The partial tree of the latest state that shows the subtrees `show`
   * asks for (given each one's key interval), in pre-order: the nodes of a
   * proof of the latest state. Run it inside exclusive().
   */
  async partialTree (show: (interval: KeyInterval) => boolean): Promise<KvProofNode[]> {
    const out: KvProofNode[] = []
    const walk = async (n: TreeNode, interval: KeyInterval): Promise<void> => {
      const ref = n.closed ?? n.ref!
      if (!show(interval)) {
        out.push({ type: 'pruned', hash: ref.hash, count: ref.count })
        return
      }
      const node = n.closed === undefined ? n : openStoredNode(await this.#node(n.closed.hash, n.key), n.closed)
      const entry = node.entry!
      out.push({ type: 'entry', entry, hasLeft: node.left !== undefined, hasRight: node.right !== undefined })
      if (node.left !== undefined) await walk(node.left, leftOf(interval, entry.key))
      if (node.right !== undefined) await walk(node.right, rightOf(interval, entry.key))
    }
    return await this.#healing(async () => {
      this.#settlePrepared()
      out.length = 0
      const root = this.#tree.root()
      if (root !== undefined) await walk(root, {})
      return out
    })
  }

  /**
   * The keys next to `key` in the latest state, the one below it and the one
   * above it (where there are): a walk down the tree, whose nodes are mostly
   * cached, where a LevelDB range read each way cost a seek through every
   * table (milliseconds each on a store of some 100 MB).
   */
  async neighbours (key: Uint8Array): Promise<Uint8Array[]> {
    const open = async (n: TreeNode): Promise<TreeNode> => n.closed === undefined ? n : openStoredNode(await this.#node(n.closed.hash, n.key), n.closed)
    return await this.#healing(async () => {
      this.#settlePrepared()
      let before: Uint8Array | undefined
      let after: Uint8Array | undefined
      for (let n = this.#tree.root(); n !== undefined;) {
        const node = await open(n)
        const here = node.entry!.key
        const order = compareKeys(key, here)
        if (order > 0) { before = here; n = node.right; continue }
        if (order < 0) { after = here; n = node.left; continue }
        // The key itself: its neighbours are the last of its left subtree and the first of its right one.
        for (let l = node.left; l !== undefined;) { const opened = await open(l); before = opened.entry!.key; l = opened.right }
        for (let r = node.right; r !== undefined;) { const opened = await open(r); after = opened.entry!.key; r = opened.left }
        break
      }
      return [before, after].filter((k): k is Uint8Array => k !== undefined)
    })
  }

  /**
   * How many keys of the latest state lie within `bounds`, from the tree:
   * a subtree wholly within them counts as its count says, unopened, so
   * only the nodes on the bounds' two search paths are opened. Undefined
   * when the index is no longer at `version` (the view then scans its
   * rows). Takes the index's turn: not for a task exclusive() runs (its
   * views, viewOf's, scan instead).
   */
  async #treeCount (version: number, bounds: KeyBounds): Promise<number | undefined> {
    const count = async (n: TreeNode | undefined, interval: KeyInterval): Promise<number> => {
      if (n === undefined || intervalOutside(interval, bounds)) return 0
      const ref = n.closed ?? n.ref
      if (ref !== undefined && intervalInside(interval, bounds)) return ref.count
      const node = n.closed === undefined ? n : openStoredNode(await this.#node(n.closed.hash, n.key), n.closed)
      const key = node.entry!.key
      return (inBounds(key, bounds) ? 1 : 0) + await count(node.left, leftOf(interval, key)) + await count(node.right, rightOf(interval, key))
    }
    return await this.exclusive(async () => await this.#healing(async () => {
      if (version !== this.#applied) return undefined
      this.#settlePrepared()
      return await count(this.#tree.root(), {})
    }))
  }

  /** Runs `task` on the tree; if the tree's rows turn out damaged, rebuilds the index from the records and runs it again. */
  async #healing<T> (task: () => Promise<T>): Promise<T> {
    try {
      return await task()
    } catch (err) {
      if (!(err instanceof TreeRowMissingError) && !(err instanceof DerivedRowDamagedError)) throw err
      // The rebuild a read met the same damage in, if one runs: two at once each dropped the rows the other wrote.
      await this.#repairRows(err)
      return await task()
    }
  }

  #where (): string { return `key-value index of capsule ${formatName(this.#capsule.name)}` }

  /**
   * Reads the applied position and rebuilds the tree in memory from the
   * stored one, or drops the rows when they are missing, do not match the
   * capsule, or do not make the state they record.
   */
  async #load (): Promise<void> {
    let row: Uint8Array | undefined
    try {
      row = await this.#rows.get(STATE_KEY)
    } catch (err) {
      // A damaged state row, or one of a layout before checksums (whose last bytes are no checksum).
      if (!(err instanceof DerivedRowDamagedError)) throw err
      const layout = (await this.#rows.getUnchecked(STATE_KEY))?.[0]
      // Said so: an operator told of damage after an upgrade looks for a failing disk.
      await this.#rebuild(layout !== undefined && layout < INDEX_LAYOUT ? `its rows are of layout ${layout}, from an earlier version (before row checksums); this code reads layout ${INDEX_LAYOUT}` : err.message)
      return
    }
    const state = row === undefined ? 'it has no rows' : parseState(row)
    const problem = typeof state === 'string' ? state : await this.#stateProblem(state)
    if (problem !== undefined) {
      await this.#rebuild(problem)
      return
    }
    const { applied, commitment, tree } = state as IndexState
    this.#applied = applied
    this.#commitment = commitment
    this.#stored = tree
    try {
      await this.#reloadTree()
    } catch (err) {
      if (!(err instanceof TreeRowMissingError) && !(err instanceof DerivedRowDamagedError)) throw err
      await this.#rebuild(err.message)
      return
    }
    if (!sameCommitment(this.#tree.commitment(), commitment)) await this.#rebuild(`its stored tree and the records after it do not make the state it recorded at version ${applied}`)
  }

  async #rebuild (reason: string): Promise<void> {
    this.#rebuildReason = reason
    log('%s: rebuilding: %s', this.#where(), reason)
    await this.#drop()
  }

  async #stateProblem (state: IndexState): Promise<string | undefined> {
    const { applied, lastHash, tree } = state
    if (applied > this.#capsule.size) return `it has applied ${applied} records, the capsule holds ${this.#capsule.size}`
    if (applied > 0 && Buffer.compare(this.#capsule.readHeader(applied - 1).hash, lastHash) !== 0) return `the capsule's record ${applied - 1} is not the one it applied`
    if (tree.rootKey !== undefined) {
      const root = await this.#rows.get(nodeRowKey(tree.rootKey))
      if (root === undefined) return 'the root of its state tree is missing'
    }
    return undefined
  }

  /** Deletes every row, the state row first (it sorts first), so an interrupted drop still reads as missing. */
  async #drop (): Promise<void> {
    let ops: WriteOp[] = []
    for await (const key of this.#rows.keys()) {
      ops.push({ type: 'del', key })
      if (ops.length >= DROP_BATCH_ROWS) {
        await this.#rows.write(ops)
        ops = []
      }
    }
    if (ops.length > 0) await this.#rows.write(ops)
    this.#spanKeys.clear()
    this.#recent.forget(this.#capsuleKey)
    this.#applied = 0
    this.#commitment = EMPTY_COMMITMENT
    this.#stored = NO_TREE
    this.#restartTree()
  }

  /** Edits start again from the stored tree, with nothing applied since and no writer's edit pending. */
  #restartTree (): void {
    this.#prepared = undefined
    this.#tree = this.#storedTree()
    this.#sinceStored = { ops: 0, records: 0, bytes: 0 }
  }

  /** An edit of the stored tree, opening nodes from the cache (applyOp loads the others). */
  #storedTree (): TreeEdit {
    return new TreeEdit(rootRefOf(this.#stored.commitment), (hash) => this.#opening.get(hash) ?? this.#nodes.get(hash), this.#stored.rootKey)
  }

  /**
   * Makes the tree in memory again: the stored tree, edited by the records
   * applied since it was stored. After a write that failed, it is the tree
   * of what the rows say was applied.
   */
  async #reloadTree (): Promise<void> {
    this.#restartTree()
    if (this.#stored.version >= this.#applied) return
    for await (const record of this.#readRecords(this.#stored.version, this.#applied)) {
      if ('damage' in record) {
        await this.#passApplied(record)
        this.#counted(record.header, 0)
        continue
      }
      const writes = opsOf(decodeRecord(record))
      for (const op of writes) await this.#applyOp(op, record.header.seqno)
      this.#counted(record.header, writes.length)
    }
  }

  /**
   * Records [from, to) in order, each whole, or, where the store reads a
   * record's header but not its payload (a damaged blob's, most often),
   * the header and the damage: the caller passes it only where it can
   * show the record changed nothing. A record whose header is unreadable
   * too ends the read with the store's error.
   */
  async * #readRecords (from: number, to: number): AsyncGenerator<CapsuleRecord | UnreadableRecord> {
    let next = from
    while (next < to) {
      try {
        for await (const record of this.#capsule.readRange(next, to)) {
          next = record.header.seqno + 1
          yield record
        }
        return
      } catch (err) {
        if (!(err instanceof StoreCorruptionError)) throw err
        let header: RecordHead
        try {
          header = this.#capsule.readHeader(next)
        } catch {
          throw err
        }
        yield { ...header, damage: err }
        next++
      }
    }
  }

  /**
   * Passes an unreadable record the index applied before, when its version
   * rows show it changed nothing (a blob, a checkpoint); otherwise throws
   * the store's error: the state after it cannot be made without it.
   */
  async #passApplied (record: UnreadableRecord): Promise<void> {
    const seqno = record.header.seqno
    if (!sameCommitment(await this.#commitmentAt(seqno), await this.#commitmentAt(seqno + 1))) throw record.damage
    log('%s: passed record %d, which the store cannot read: it changed nothing (%s)', this.#where(), seqno, record.damage.message)
  }

  #counted (header: RecordHeader, ops: number): void {
    this.#sinceStored.ops += ops
    this.#sinceStored.records++
    this.#sinceStored.bytes += header.payloadLength
  }

  #treeStoreDue (): boolean {
    const since = this.#sinceStored
    const every = this.#storeTreeEvery
    return since.ops >= every.ops || since.records >= every.records || since.bytes >= every.bytes
  }

  /** Applies the records not applied yet; damaged tree rows (derived state) make it start again from the records. */
  async #catchUp (): Promise<void> {
    await this.#healing(async () => { await this.#applyRecords() })
  }

  async #applyRecords (): Promise<void> {
    const size = this.#capsule.size
    if (size <= this.#applied) return
    await this.#rollingBack(async () => {
      let step = this.#step()
      // A record the store cannot read, applied as one that changes nothing; nothing after it is written until a checkpoint shows the state is the writer's.
      let unconfirmed: UnreadableRecord | undefined
      for await (const record of this.#readRecords(this.#applied, size)) {
        if ('damage' in record) {
          this.#addUnreadable(step, record)
          unconfirmed ??= record
          continue
        }
        const checkpoint = await this.#addRecord(step, record)
        if (unconfirmed !== undefined && checkpoint !== undefined && checkpoint.version > unconfirmed.header.seqno) {
          if (!checkpoint.holds) throw this.#unpassable(unconfirmed, `the checkpoint at record ${record.header.seqno} does not hold without it`)
          log('%s: passed record %d, which the store cannot read: the checkpoint at record %d holds without it (%s)', this.#where(), unconfirmed.header.seqno, record.header.seqno, unconfirmed.damage.message)
          unconfirmed = undefined
        }
        if (unconfirmed === undefined && (step.ops.length >= CATCH_UP_BATCH_ROWS || step.bytes >= CATCH_UP_BATCH_BYTES || this.#treeStoreDue())) {
          await this.#write(step)
          step = this.#step()
        }
      }
      if (unconfirmed !== undefined) throw this.#unpassable(unconfirmed, 'no checkpoint after it shows it changed nothing')
      await this.#write(step)
    })
  }

  #unpassable (record: UnreadableRecord, why: string): StoreCorruptionError {
    return new StoreCorruptionError(`${record.damage.message}; the index cannot go past it: ${why}`)
  }

  /**
   * Appends a writer's batch to the capsule together with the rows it adds
   * to the index, in one LevelDB batch: the index never lags its own
   * writer, and never reads back records it was handed. Call it inside
   * atTip(), with a batch that extends the tip.
   */
  async appendIndexed (batch: AppendBatch, blobHashes?: Uint8Array[]): Promise<void> {
    await this.#rollingBack(async () => {
      const step = await this.#stepFor(batch.records, blobHashes)
      await this.#capsule.append(batch, this.#rows.absolute(step.ops))
      this.#adopt(step)
    })
  }

  /**
   * Writes the tree's rows now if records were applied since they were last
   * written, so that the next open replays nothing: for a process about to
   * close the store (the command line does).
   */
  async storeTree (): Promise<void> {
    await this.exclusive(async () => {
      this.#settlePrepared()
      if (this.#sinceStored.records === 0 || this.#applied === 0) return
      const step = this.#step()
      step.last = this.#capsule.readHeader(this.#applied - 1)
      await this.#rollingBack(async () => {
        this.#finish(step, true)
        await this.#capsule.writeDerived(this.#rows.absolute(step.ops))
        this.#adopt(step)
      })
    })
  }

  /** Runs `task`, which edits the tree ahead of writing rows: if it fails, the tree goes back to what the rows say was applied. */
  async #rollingBack (task: () => Promise<void>): Promise<void> {
    try {
      await task()
    } catch (err) {
      await this.#reloadTree()
      throw err
    }
  }

  /**
   * The rows that records following the tip add, with the index state after
   * them; nothing written. `blobHashes`: the SHA-256 of the blobs' data, by
   * the records' positions, where the writer has them.
   */
  async #stepFor (records: CapsuleRecord[], blobHashes: Uint8Array[] = []): Promise<KvIndexStep> {
    if (records[0]?.header.seqno !== this.#applied) throw new InvalidArgumentError(`the records to index start at ${records[0]?.header.seqno ?? 'none'}, the index is at ${this.#applied}`)
    const step = this.#step()
    for (const [i, record] of records.entries()) await this.#addRecord(step, record, blobHashes[i])
    this.#finish(step)
    return step
  }

  /** Takes the index state a step reached, once its rows are written; after a step that wrote the tree, edits start again from it. */
  #adopt (step: KvIndexStep): void {
    if (step.last === undefined) return
    this.#applied = step.last.header.seqno + 1
    this.#commitment = step.commitment!
    const storing = step.storing
    if (storing === undefined) return
    for (const { hash } of storing.removed) this.#nodes.delete(hash)
    for (const { hash, node } of storing.written) this.#nodes.set(hash, node)
    this.#stored = storing.tree
    this.#restartTree()
    this.treeStores.stores++
    this.treeStores.rows += storing.written.length
    this.treeStores.ms += performance.now() - step.started
  }

  /**
   * The new state row, and when enough was applied since they were last
   * written, the tree's rows: each node made since, under its key, and the
   * keys of stored nodes gone from the tree deleted. Added to the step's
   * rows once, before they are written.
   */
  #finish (step: KvIndexStep, storeTree = this.#treeStoreDue()): void {
    if (step.last === undefined || step.commitment !== undefined) return
    step.commitment = this.#tree.commitment()
    const version = step.last.header.seqno + 1
    if (storeTree) {
      const rootKey = this.#tree.rootKey()
      const { written, removed } = this.#tree.changes()
      const tree: StoredTree = { version, commitment: step.commitment }
      if (rootKey !== undefined) tree.rootKey = rootKey
      step.storing = { tree, written, removed }
      // A removed node's key that a written node holds too needs no delete: its row is written again. Keys are
      // matched by identity (a node copied for new children keeps its entry), not by value: a match missed
      // costs a delete that the put after it, in the same batch, undoes. (By value, a hex string per node was
      // a twentieth of a batched write.)
      const kept = new Set(written.map((w) => w.node.entry.key))
      for (const { key } of removed) if (!kept.has(key)) step.ops.push({ type: 'del', key: nodeRowKey(key) })
      for (const row of nodeRows(written)) step.ops.push(row)
    }
    step.ops.push({ type: 'put', key: STATE_KEY, value: stateValue(version, step.last.hash, step.commitment, step.storing?.tree ?? this.#stored) })
  }

  async #write (step: KvIndexStep): Promise<void> {
    this.#finish(step)
    if (step.last === undefined) return
    await this.#capsule.writeDerived(this.#rows.absolute(step.ops))
    this.#adopt(step)
  }

  #step (): KvIndexStep {
    return { ops: [], bytes: 0, pending: new Map(), started: performance.now() }
  }

  /**
   * Adds a record's rows to the step and applies its writes to the tree;
   * returns what a checkpoint record states and whether it holds.
   */
  async #addRecord (step: KvIndexStep, record: CapsuleRecord, blobHash?: Uint8Array): Promise<{ version: number, holds: boolean } | undefined> {
    const seqno = record.header.seqno
    const decoded = decodeRecord(record)
    const rows = rowsOf(record, decoded, blobHash)
    const writes = opsOf(decoded)
    const prepared = this.#prepared
    if (prepared !== undefined && prepared.seqno === seqno && seqno === this.#applied && step.last === undefined && sameOps(prepared.ops, writes)) {
      // The writer's commitmentAfter applied these very writes already.
      this.#prepared = undefined
    } else {
      this.#settlePrepared()
      for (const op of writes) await this.#applyOp(op, seqno)
    }
    this.#counted(record.header, writes.length)
    let checkpoint: { version: number, holds: boolean } | undefined
    if ('kv' in decoded && decoded.kv.type === 'checkpoint') {
      const stated = decoded.kv
      const actual = stated.version === seqno ? this.#tree.commitment() : step.pending.get(stated.version) ?? await this.#commitmentAt(stated.version)
      checkpoint = { version: stated.version, holds: sameCommitment(actual, stated) }
      if (!checkpoint.holds) log('%s: the checkpoint at record %d states a state the records do not make (version %d)', this.#where(), seqno, stated.version)
      rows.push({ type: 'put', key: checkpointRowKey(seqno), value: concat(uint64(stated.version), Uint8Array.of(checkpoint.holds ? 1 : 0)) })
    }
    this.#closeRecord(step, record, rows)
    return checkpoint
  }

  /** Adds the rows of a record whose payload the store cannot read as those of a record that changes nothing: its time and its version's commitment. */
  #addUnreadable (step: KvIndexStep, record: UnreadableRecord): void {
    this.#settlePrepared()
    this.#counted(record.header, 0)
    this.#closeRecord(step, record, [{ type: 'put', key: timeRowKey(record.header.timestampUs, record.header.seqno), value: new Uint8Array(0) }])
  }

  /** Ends a record's rows with the commitment of the version after it, and adds them to the step. */
  #closeRecord (step: KvIndexStep, record: RecordHead, rows: WriteOp[]): void {
    const seqno = record.header.seqno
    const commitment = this.#tree.commitment()
    step.pending.set(seqno + 1, commitment)
    rows.push({ type: 'put', key: versionRowKey(seqno + 1), value: commitmentValue(commitment) })
    step.ops.push(...rows)
    step.bytes += rows.reduce((n, op) => n + opBytes(op), 0)
    step.last = { header: record.header, hash: record.hash }
  }

  /**
   * Applies one operation to the tree. When the edit needs a node the cache
   * does not hold, the nodes on the key's search path in the stored tree
   * are loaded (the edit's unopened subtrees are stored ones, so that is
   * the path it walks) before it runs again; any other node it needs (a
   * delete's merge walks its neighbours' paths) is loaded when it asks.
   */
  async #applyOp (op: KvOp, seqno: number): Promise<void> {
    try {
      for (let loaded = false; ;) {
        try {
          if (op.type === 'put') this.#tree.put({ key: op.key, valueHash: sha256(op.value), encryptionEpoch: op.encryptionEpoch, seqno })
          else this.#tree.delete(op.key)
          return
        } catch (err) {
          if (!(err instanceof NodeNeeded)) throw err
          if (!loaded) await this.#loadPath(op.key)
          else this.#opening.set(err.hash, await this.#node(err.hash, err.key))
          loaded = true
        }
      }
    } finally {
      this.#opening.clear()
    }
  }

  /** Loads the nodes on `key`'s search path in the stored tree. */
  async #loadPath (key: Uint8Array): Promise<void> {
    let ref = rootRefOf(this.#stored.commitment)
    let refKey = this.#stored.rootKey
    while (ref !== undefined) {
      const node = await this.#node(ref.hash, refKey)
      this.#opening.set(ref.hash, node)
      const order = compareKeys(key, node.entry.key)
      if (order === 0) return
      ;[ref, refKey] = order < 0 ? [node.left, node.leftKey] : [node.right, node.rightKey]
    }
  }

  /** A node of the stored tree, found by its key's row and checked against its hash. */
  async #node (hash: Uint8Array, key: Uint8Array | undefined): Promise<StoredTreeNode> {
    const cached = this.#nodes.get(hash)
    if (cached !== undefined) return cached
    if (key === undefined) throw new TreeRowMissingError(`its state tree node ${bytesToHex(hash)} is not cached and its key is not known`)
    // A point read on the event loop (about 20 us) rather than an async one
    // (a round trip to LevelDB's thread, three to four times that): a write
    // that misses the cache reads several nodes of its path one after another.
    const row = this.#rows.getSync(nodeRowKey(key))
    if (row === undefined) throw new TreeRowMissingError(`its state tree lacks the node of key ${bytesToHex(key)}`)
    let node: StoredTreeNode
    try {
      node = decodeNodeRow(row)
    } catch (err) {
      if (!(err instanceof MalformedMessageError)) throw err
      throw new TreeRowMissingError(`its state tree's row of key ${bytesToHex(key)} is damaged: ${err.message}`)
    }
    if (Buffer.compare(storedNodeHash(node), hash) !== 0 || compareKeys(node.entry.key, key) !== 0) throw new TreeRowMissingError(`its state tree's row of key ${bytesToHex(key)} holds another node than ${bytesToHex(hash)}`)
    this.#nodes.set(hash, node)
    return node
  }
}

/** Whether two lists of operations are the same writes (a prepared edit is taken only for the very record it was made for). */
function sameOps (a: KvOp[], b: KvOp[]): boolean {
  if (a.length !== b.length) return false
  return a.every((x, i) => {
    const y = b[i]!
    if (x.type !== y.type || compareKeys(x.key, y.key) !== 0) return false
    return x.type === 'delete' || (y.type === 'put' && x.encryptionEpoch === y.encryptionEpoch && compareKeys(x.value, y.value) === 0)
  })
}

/** The index's tree rows are missing or wrong: it rebuilds itself. */
class TreeRowMissingError extends Error {}


function checkLimit (limit: number | undefined): void {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new InvalidArgumentError(`limit ${limit} is not a non-negative integer`)
}

/** The version an index has applied, and the keys its state holds there. */
interface AppliedNow { version: number, keyCount: number }

interface IndexLink {
  /** Rebuilds the index from the records once a read meets a damaged row; the read is then made again. */
  repair: (damage: DerivedRowDamagedError) => Promise<void>
  /** The version the index has applied, now, and its number of keys. */
  applied: () => AppliedNow
  /** The keys within the bounds at the latest version, from the tree; undefined once the index is past `version`. */
  treeCount: (version: number, bounds: KeyBounds) => Promise<number | undefined>
}

/** The state at one version, read from the index's rows: every read of docs/kv.md section 3. */
export class KvIndexView {
  readonly version: number
  readonly #rows: CapsuleRows
  readonly #index: IndexLink

  constructor (rows: CapsuleRows, version: number, index: IndexLink) {
    this.#rows = rows
    this.version = version
    this.#index = index
  }

  async #repaired<T> (read: () => Promise<T>): Promise<T> {
    try {
      return await read()
    } catch (err) {
      if (!(err instanceof DerivedRowDamagedError)) throw err
      await this.#index.repair(err)
      return await read()
    }
  }

  /** The key's entry, or undefined: its last write before this version, if a put. */
  async get (key: Uint8Array): Promise<KvEntry | undefined> {
    // As RemoteKv refuses it: answered as absent, a key no write can have read as one never written here.
    checkKey(key)
    return await this.#repaired(async () => await this.#get(key))
  }

  async #get (key: Uint8Array): Promise<KvEntry | undefined> {
    // The key's last write, if it is before this version, is the one; a view of an older version seeks its write rows.
    const last = this.#rows.getSync(lastWriteRowKey(key))
    if (last === undefined) {
      // Never written, unless the row was lost (a damaged store drops rows as well): the key's write rows tell.
      for await (const [rowKey] of this.#rows.iterator({ gte: writeRowsOf(key), lt: concat(writeRowsOf(key), PAST_SEQNOS), limit: 1 })) {
        throw new DerivedRowDamagedError(`the key-value index has write row ${Buffer.from(rowKey).toString('hex').slice(0, 80)} of a key with no last-write row: rows are missing; it is derived from the records, and rebuilt from them`)
      }
      return undefined
    }
    const seqno = readUint64(last, 0)
    if (seqno < this.version) {
      const row = { escapedKey: escapeKey(key), seqno, value: last.subarray(SEQNO_LENGTH) }
      return isPut(row) ? entryOf(row) : undefined
    }
    for await (const [rowKey, value] of this.#rows.iterator({ gte: writeRowsOf(key), lt: writeRowKey(key, this.version), reverse: true, limit: 1 })) {
      const row = writeRow(rowKey, value)
      return isPut(row) ? entryOf(row) : undefined
    }
    return undefined
  }

  /** Entries within the range, in key order (or reversed), at most `limit`. */
  async range (options: KvScanOptions = {}): Promise<KvEntry[]> {
    checkLimit(options.limit)
    return await this.#entries(boundsOf(options), options.reverse ?? false, options.limit ?? Infinity)
  }

  /** Entries whose keys begin with `prefix`, in key order (or reversed), at most `limit`. */
  async prefix (prefix: Uint8Array, options: { reverse?: boolean, limit?: number } = {}): Promise<KvEntry[]> {
    checkLimit(options.limit)
    return await this.#entries(prefixBounds(prefix), options.reverse ?? false, options.limit ?? Infinity)
  }

  async #entries (bounds: KeyBounds, reverse: boolean, limit: number): Promise<KvEntry[]> {
    return await this.#repaired(async () => {
      const out: KvEntry[] = []
      if (limit > 0) await this.#scan(bounds, reverse, (entry) => out.push(entry) < limit)
      return out
    })
  }

  /**
   * A page of the entries within the range, and whether more follow. The
   * scan stops at the entry that does not fit: a page of large values
   * holds a page's bytes, where range() with a limit held every entry up
   * to it.
   */
  async rangePage (options: KvScanPageOptions): Promise<KvEntryPage> {
    checkPage(options)
    return await this.#repaired(async () => {
      const page = pager(options, entryBytes)
      let more = false
      await this.#scan(boundsOf(options), options.reverse ?? false, (entry) => {
        more = !page.add(entry)
        return !more
      })
      return { entries: page.items, more }
    })
  }

  /**
   * Keys within the range. At the latest version, from the tree's counts
   * (two search paths); at a past one, a scan of the rows that keeps no
   * entry (docs/kv.md, "Costs, known").
   */
  async count (range: KeyRange = {}): Promise<number> {
    const bounds = boundsOf(range)
    const counted = this.version === this.#index.applied().version ? await this.#index.treeCount(this.version, bounds) : undefined
    if (counted !== undefined) return counted
    return await this.#repaired(async () => {
      let found = 0
      await this.#scan(bounds, false, () => { found++; return true })
      return found
    })
  }

  /**
   * The state's entries as its tree holds them (values by their hashes),
   * or undefined when it holds more than `maxKeys`: what a proof of this
   * version is built from, no value kept past its hash.
   */
  async treeEntries (maxKeys: number): Promise<KvTreeEntry[] | undefined> {
    return await this.#repaired(async () => {
      const out: KvTreeEntry[] = []
      let over = false
      await this.#scan({}, false, (e) => {
        over = out.length === maxKeys
        if (!over) out.push({ key: e.key, valueHash: sha256(e.value), encryptionEpoch: e.encryptionEpoch, seqno: e.seqno })
        return !over
      })
      return over ? undefined : out
    })
  }

  /** The writes of `key` before this version, oldest first, from `options.fromSeqno`: one row read per write, a page at a time. */
  async history (key: Uint8Array, options: KvHistoryOptions = {}): Promise<KvHistoryPage> {
    checkKey(key)
    const fromSeqno = options.fromSeqno ?? 0
    if (!Number.isSafeInteger(fromSeqno) || fromSeqno < 0) throw new InvalidArgumentError(`a history starts at a seqno, a whole number, not ${fromSeqno}`)
    checkPage(options)
    return await this.#repaired(async () => {
      const page = pager(options, historyBytes)
      if (fromSeqno >= this.version) return { writes: page.items, more: false }
      for await (const [rowKey, value] of this.#rows.iterator({ gte: writeRowKey(key, fromSeqno), lt: writeRowKey(key, this.version) })) {
        if (!page.add(historyEntryOf(writeRow(rowKey, value)))) return { writes: page.items, more: true }
      }
      return { writes: page.items, more: false }
    })
  }

  /**
   * Passes the entries of keys in [start, end) at this version to `take`,
   * in key order or reversed, until it returns false.
   */
  async #scan (bounds: KeyBounds, reverse: boolean, take: (entry: KvEntry) => boolean): Promise<void> {
    const latest = this.#index.applied()
    if (this.version < latest.version) {
      await this.#scanWrites(bounds, reverse, take)
      return
    }
    let found = 0
    const whole = await this.#scanLastWrites(bounds, reverse, (entry) => {
      found++
      return take(entry)
    })
    // A scan of every key must find as many as the index's state counts: fewer, and last-write rows were lost. So must
    // a listing's first page that ends short of its limit: it is every key (a store that lost every such row listed
    // none, exit 0). (Not checked when records were applied while it ran: the count it is held to moved on.)
    if (bounds.start === undefined && bounds.end === undefined && whole && this.version === this.#index.applied().version && found !== latest.keyCount) {
      throw new DerivedRowDamagedError(`the key-value index found ${found} keys in its last-write rows, and its state holds ${latest.keyCount}: rows are missing or left over; it is derived from the records, and rebuilt from them`)
    }
  }

  /**
   * A scan of the state the index has applied: one row a key, its last
   * write (`08` rows), where a scan of the write rows read every write of
   * every key (a key written 500 times, 500 rows). A key written since the
   * scan began is looked up at this version instead.
   */
  async #scanLastWrites (bounds: KeyBounds, reverse: boolean, take: (entry: KvEntry) => boolean): Promise<boolean> {
    // Escaping keeps key order, so the rows of keys within the bounds lie between the bounds' rows.
    const range = {
      gte: bounds.start === undefined ? Uint8Array.of(ROW.last) : lastWriteRowKey(bounds.start),
      lt: bounds.end === undefined ? Uint8Array.of(ROW.last + 1) : lastWriteRowKey(bounds.end),
      reverse
    }
    for await (const [rowKey, value] of this.#rows.iterator(range)) {
      const seqno = readUint64(value, 0)
      const escapedKey = rowKey.subarray(1)
      let entry: KvEntry | undefined
      if (seqno < this.version) {
        const row = { escapedKey, seqno, value: value.subarray(SEQNO_LENGTH) }
        if (isPut(row)) entry = entryOf(row)
      } else entry = await this.#get(unescapeKey(escapedKey))
      if (entry !== undefined && !take(entry)) return false
    }
    return true
  }

  /**
   * A scan of the write rows, for a version before the latest. The rows of
   * a key are contiguous and ordered by seqno; its entry is its last row
   * before this version, if that row is a put. A key with more than
   * SCAN_ROWS_PER_KEY rows is looked up instead and the rest of its rows
   * skipped (the scan starts again past them): a scan costs at most about
   * that many rows and one seek a key, however often keys were written.
   */
  async #scanWrites (bounds: KeyBounds, reverse: boolean, take: (entry: KvEntry) => boolean): Promise<void> {
    // Prefix-free escaping: every row of a key below `end` sorts below end's escaped form.
    let lower: RowRange = { gte: bounds.start === undefined ? Uint8Array.of(ROW.write) : writeRowsOf(bounds.start) }
    let upper: RowRange = { lt: bounds.end === undefined ? Uint8Array.of(ROW.write + 1) : writeRowsOf(bounds.end) }
    /** Whether the scan is done: `take` said so. */
    const emit = (row: WriteRow | undefined): boolean => row !== undefined && isPut(row) && !take(entryOf(row))
    for (;;) {
      let keyRow: WriteRow | undefined
      let current: WriteRow | undefined
      let walked = 0
      let skipped: Uint8Array | undefined
      for await (const [rowKey, value] of this.#rows.iterator({ ...lower, ...upper, reverse })) {
        const row = writeRow(rowKey, value)
        if (keyRow !== undefined && !sameKey(keyRow, row)) {
          if (emit(current)) return
          current = undefined
          walked = 0
        }
        keyRow = row
        if (++walked > SCAN_ROWS_PER_KEY) {
          const entry = await this.#get(unescapeKey(row.escapedKey))
          if (entry !== undefined && !take(entry)) return
          skipped = concat(Uint8Array.of(ROW.write), row.escapedKey)
          break
        }
        if (row.seqno >= this.version) continue
        // Forward, a later row before the version replaces the one held; in reverse, the first one found is the last.
        if (!reverse || current === undefined) current = row
      }
      if (skipped === undefined) {
        emit(current)
        return
      }
      // On past the rows of the key looked up: every one of them sorts below its escaped form followed by 8 bytes of 0xff.
      if (reverse) upper = { lt: skipped }
      else lower = { gt: concat(skipped, PAST_SEQNOS) }
    }
  }
}

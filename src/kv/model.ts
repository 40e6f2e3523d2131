/**
 * The reference model of a key-value capsule (docs/kv.md section 3): it
 * applies the capsule's records in order and answers every read at any
 * version, the way any index must. Kept simple rather than fast (every
 * read replays the writes it needs): it is the oracle that indexes are
 * tested against. Pure: no I/O.
 */
import { sha256 } from '../crypto/hash.js'
import { InvalidArgumentError, MalformedMessageError } from '../errors.js'
import { checkTime, checkVersion, compareKeys, decodeKvRecord, encodeKvRecord, type KeyRange, type KvCheckpoint, type KvOp, type KvRecord } from './format.js'
import { buildKvTree, commitmentOf, type KvCommitment, type KvTree } from './tree.js'

/** A decoded record of the capsule, with its place and time in the capsule. */
export interface KvAppliedRecord {
  seqno: number
  timestampUs: number
  record: KvRecord
}

/** A key's value in a state, and the put that set it. */
export interface KvEntry {
  key: Uint8Array
  value: Uint8Array
  encryptionEpoch: number
  seqno: number
  timestampUs: number
}

/** One write of a key: a put (with what it set) or a delete. */
export type KvHistoryEntry =
  | { type: 'put', seqno: number, timestampUs: number, value: Uint8Array, encryptionEpoch: number }
  | { type: 'delete', seqno: number, timestampUs: number }

/** How much one page of an answer holds: at most `limit` items and `maxBytes` (or the one item that alone is more). */
export interface KvPageOptions {
  /** Items at most. @default no limit */
  limit?: number
  /** Bytes at most, past the first item (a page always holds one). @default no limit */
  maxBytes?: number
}

/** A page holds one item at least: a limit below 1 would never end. A maxBytes that is no number of bytes (NaN bounded nothing) is refused too. */
export function checkPage (options: KvPageOptions): void {
  if (options.limit !== undefined && !(Number.isSafeInteger(options.limit) && options.limit >= 1)) throw new InvalidArgumentError(`a page holds at least one item: limit ${options.limit}`)
  if (options.maxBytes !== undefined && !(Number.isSafeInteger(options.maxBytes) && options.maxBytes >= 0)) throw new InvalidArgumentError(`a page holds a whole number of bytes from 0 to 2^53 - 1 past its first item, not maxBytes ${options.maxBytes}`)
}

/**
 * Takes items into a page while they fit `options` (the first always):
 * `add` each in order until it answers false (that item did not fit).
 */
export function pager<T> (options: KvPageOptions, bytesOf: (item: T) => number): { items: T[], add: (item: T) => boolean } {
  const { limit = Infinity, maxBytes = Infinity } = options
  const items: T[] = []
  let bytes = 0
  return {
    items,
    add (item) {
      bytes += bytesOf(item)
      if (items.length > 0 && (items.length >= limit || bytes > maxBytes)) return false
      items.push(item)
      return true
    }
  }
}

/** Which part of a key's history a read takes: a page, so a key written often with large values is never read whole. */
export interface KvHistoryOptions extends KvPageOptions {
  /** The writes at this seqno and after. @default 0 */
  fromSeqno?: number
}

/** A page of a key's history: its writes, oldest first, and whether more follow before the view's version. */
export interface KvHistoryPage {
  writes: KvHistoryEntry[]
  more: boolean
}

/** What a write weighs in a page: its value's bytes. */
export const historyBytes = (w: KvHistoryEntry): number => w.type === 'put' ? w.value.length : 0

/** What an entry weighs in a page: its key and value. */
export const entryBytes = (e: KvEntry): number => e.key.length + e.value.length

/** A page of a diff: keys in order, and whether more may follow (after the last key). */
export interface KvDiffPage {
  entries: KvDiffEntry[]
  more: boolean
}

/** What a diff entry weighs in a page: its key and both values. */
export const diffBytes = (d: KvDiffEntry): number => d.key.length + (d.before?.value.length ?? 0) + (d.after?.value.length ?? 0)

/** A key whose entry differs between two versions; `before` or `after` is absent where the key is. */
export interface KvDiffEntry {
  key: Uint8Array
  before?: KvEntry
  after?: KvEntry
}

/** A checkpoint record, and whether its commitment is the state's at its version. */
export interface KvCheckpointRecord {
  seqno: number
  timestampUs: number
  checkpoint: KvCheckpoint
  /** False: the writer committed to a state the records do not make. */
  holds: boolean
}

/** A record that is not a key-value record, or breaks a rule that needs its place: it changes nothing. */
export interface KvInvalidRecord {
  seqno: number
  timestampUs: number
  reason: string
}

/** A past state, by version (records applied) or by time (the version of the records stamped at or before it). */
export type KvAt = { version: number } | { timestampUs: number }

/** A range scan: bounds as KeyRange, then the order and how many entries at most. */
export interface KvScanOptions extends KeyRange {
  reverse?: boolean
  limit?: number
}

/** A page of a scan: at most `limit` entries, and `maxBytes` of keys and values once past the first. */
export interface KvScanPageOptions extends KvScanOptions {
  maxBytes?: number
}

/** A page of entries, and whether more follow the last within the range. */
export interface KvEntryPage {
  entries: KvEntry[]
  more: boolean
}

interface Write {
  seqno: number
  timestampUs: number
  key: Uint8Array
  /** Absent for a delete. */
  put?: { value: Uint8Array, encryptionEpoch: number }
}

const copy = (bytes: Uint8Array): Uint8Array => new Uint8Array(bytes)
const hexKey = (key: Uint8Array): string => Buffer.from(key).toString('hex')

function writesOf (op: KvOp, seqno: number, timestampUs: number): Write {
  const write: Write = { seqno, timestampUs, key: copy(op.key) }
  if (op.type === 'put') write.put = { value: copy(op.value), encryptionEpoch: op.encryptionEpoch }
  return write
}

/** The state after `writes`: the last write of each key, puts only, in key order. */
function stateOf (writes: Write[]): KvEntry[] {
  const last = new Map<string, Write>()
  for (const w of writes) last.set(hexKey(w.key), w)
  const entries: KvEntry[] = []
  for (const w of last.values()) {
    if (w.put !== undefined) entries.push({ key: w.key, value: w.put.value, encryptionEpoch: w.put.encryptionEpoch, seqno: w.seqno, timestampUs: w.timestampUs })
  }
  return entries.sort((a, b) => compareKeys(a.key, b.key))
}

/** The state tree of a state (docs/kv.md section 5). */
function treeOf (entries: KvEntry[]): KvTree | undefined {
  return buildKvTree(entries.map((e) => ({ key: e.key, valueHash: sha256(e.value), encryptionEpoch: e.encryptionEpoch, seqno: e.seqno })))
}

export class KvModel {
  /** The timestamp of every record applied, by seqno. */
  readonly #timestamps: number[] = []
  readonly #writes: Write[] = []
  readonly #checkpoints: KvCheckpointRecord[] = []
  readonly #invalid: KvInvalidRecord[] = []
  readonly #blobs: Array<{ seqno: number, data: Uint8Array }> = []

  /** Records applied: the latest version. */
  get version (): number { return this.#timestamps.length }

  get checkpoints (): KvCheckpointRecord[] { return [...this.#checkpoints] }

  get invalidRecords (): KvInvalidRecord[] { return [...this.#invalid] }

  /** The blob records applied, oldest first. */
  get blobs (): Array<{ seqno: number, data: Uint8Array }> { return [...this.#blobs] }

  /**
   * Applies the next record of the capsule. Throws InvalidArgumentError
   * unless it is the next in order (seqno = version), not stamped before
   * the previous record (as the capsule guarantees), and a record the
   * format allows (as decodeKvRecord returns only).
   */
  apply (applied: KvAppliedRecord): void {
    const { seqno, timestampUs, record } = applied
    encodeKvRecord(record) // for its checks: a batch with a key twice, say, would have no one meaning
    this.#advance(seqno, timestampUs)
    switch (record.type) {
      case 'put':
      case 'delete':
        this.#writes.push(writesOf(record, seqno, timestampUs))
        return
      case 'batch':
        for (const op of record.ops) this.#writes.push(writesOf(op, seqno, timestampUs))
        return
      case 'checkpoint': {
        if (record.version > seqno) {
          this.#invalid.push({ seqno, timestampUs, reason: `checkpoint claims version ${record.version}: a checkpoint covers only records before it` })
          return
        }
        const actual = commitmentOf(treeOf(stateOf(this.#writes.filter((w) => w.seqno < record.version))))
        const holds = actual.keyCount === record.keyCount && Buffer.compare(actual.root, record.root) === 0
        this.#checkpoints.push({ seqno, timestampUs, checkpoint: { ...record, root: copy(record.root) }, holds })
        return
      }
      case 'blob': // bytes for values to refer to: the state does not change
        this.#blobs.push({ seqno, data: copy(record.data) })
    }
  }

  /** Applies the next record from its payload; a payload that is not a key-value record is an invalid record. */
  applyPayload (seqno: number, timestampUs: number, payload: Uint8Array): void {
    let record: KvRecord
    try {
      record = decodeKvRecord(payload)
    } catch (err) {
      if (!(err instanceof MalformedMessageError)) throw err
      this.#advance(seqno, timestampUs)
      this.#invalid.push({ seqno, timestampUs, reason: err.message })
      return
    }
    this.apply({ seqno, timestampUs, record })
  }

  #advance (seqno: number, timestampUs: number): void {
    if (seqno !== this.version) throw new InvalidArgumentError(`record ${seqno} applied after ${this.version} records: records apply in order, from 0`)
    if (!Number.isSafeInteger(timestampUs) || timestampUs < 0) throw new InvalidArgumentError(`record ${seqno}: timestamp ${timestampUs} is not an integer in [0, 2^53)`)
    const previous = this.#timestamps[seqno - 1]
    if (previous !== undefined && timestampUs < previous) throw new InvalidArgumentError(`record ${seqno} is stamped ${timestampUs}, before record ${seqno - 1} (${previous}): capsule timestamps never decrease`)
    this.#timestamps.push(timestampUs)
  }

  /**
   * The version `at` names: a version from 0 to the latest, or for a time,
   * the number of records stamped at or before it. Latest when absent.
   */
  versionAt (at?: KvAt): number {
    if (at === undefined) return this.version
    if ('version' in at) {
      checkVersion(at.version, this.version)
      return at.version
    }
    checkTime(at.timestampUs)
    return this.#timestamps.filter((t) => t <= at.timestampUs).length
  }

  /** The read-only state at a version (latest when absent). */
  view (at?: KvAt): KvView {
    const version = this.versionAt(at)
    return new KvView(version, this.#writes.filter((w) => w.seqno < version))
  }

  /** Keys whose entries differ between two versions (either order), in key order. */
  diff (from: KvAt, to: KvAt): KvDiffEntry[] {
    const before = new Map(this.view(from).range().map((e) => [hexKey(e.key), e]))
    const after = new Map(this.view(to).range().map((e) => [hexKey(e.key), e]))
    const out: KvDiffEntry[] = []
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const b = before.get(key)
      const a = after.get(key)
      // A key's entry is set by one write, so the same seqno means the same entry.
      if (b?.seqno === a?.seqno) continue
      const entry: KvDiffEntry = { key: (a ?? b)!.key }
      if (b !== undefined) entry.before = b
      if (a !== undefined) entry.after = a
      out.push(entry)
    }
    return out.sort((x, y) => compareKeys(x.key, y.key))
  }
}

function limited (entries: KvEntry[], limit: number | undefined): KvEntry[] {
  if (limit === undefined) return entries
  if (!Number.isSafeInteger(limit) || limit < 0) throw new InvalidArgumentError(`limit ${limit} is not a non-negative integer`)
  return entries.slice(0, limit)
}

/** The state at one version: every read of docs/kv.md section 3. */
export class KvView {
  readonly version: number
  readonly #writes: Write[]
  readonly #entries: KvEntry[]

  constructor (version: number, writes: Write[]) {
    this.version = version
    this.#writes = writes
    this.#entries = stateOf(writes)
  }

  get (key: Uint8Array): KvEntry | undefined {
    return this.#entries.find((e) => compareKeys(e.key, key) === 0)
  }

  /** Entries within the range, in key order (or reversed), at most `limit`. */
  range (options: KvScanOptions = {}): KvEntry[] {
    const { gt, gte, lt, lte, reverse = false, limit } = options
    if (gt !== undefined && gte !== undefined) throw new InvalidArgumentError('a key range takes gt or gte, not both')
    if (lt !== undefined && lte !== undefined) throw new InvalidArgumentError('a key range takes lt or lte, not both')
    const inRange = this.#entries.filter((e) =>
      (gt === undefined || compareKeys(e.key, gt) > 0) && (gte === undefined || compareKeys(e.key, gte) >= 0) &&
      (lt === undefined || compareKeys(e.key, lt) < 0) && (lte === undefined || compareKeys(e.key, lte) <= 0))
    if (reverse) inRange.reverse()
    return limited(inRange, limit)
  }

  /** Entries whose keys begin with `prefix`, in key order (or reversed), at most `limit`. */
  prefix (prefix: Uint8Array, options: { reverse?: boolean, limit?: number } = {}): KvEntry[] {
    const matching = this.range({ reverse: options.reverse ?? false }).filter((e) => Buffer.from(e.key).subarray(0, prefix.length).equals(prefix))
    return limited(matching, options.limit)
  }

  /** Keys within the range. */
  count (range: KeyRange = {}): number {
    return this.range(range).length
  }

  /** Every write of `key` up to this version, oldest first. */
  history (key: Uint8Array): KvHistoryEntry[] {
    return this.#writes.filter((w) => compareKeys(w.key, key) === 0).map((w) => w.put === undefined
      ? { type: 'delete', seqno: w.seqno, timestampUs: w.timestampUs }
      : { type: 'put', seqno: w.seqno, timestampUs: w.timestampUs, value: w.put.value, encryptionEpoch: w.put.encryptionEpoch })
  }

  /** The state tree of this state (docs/kv.md section 5), undefined when it holds no keys. */
  tree (): KvTree | undefined {
    return treeOf(this.#entries)
  }

  /** What a checkpoint of this state says: its key count and tree root. */
  commitment (): KvCommitment {
    return commitmentOf(this.tree())
  }
}

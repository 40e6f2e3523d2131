/**
 * The key-value CAAPI as its users see it (docs/kv.md): one interface
 * whether the capsule is in a local store or behind a node of the overlay,
 * so the file CAAPI, the command line and the HTTP gateway are written once.
 */
import type { KeyRange, KvOp } from './format.js'
import type { KvAt, KvDiffPage, KvEntry, KvEntryPage, KvHistoryOptions, KvHistoryPage, KvPageOptions, KvScanOptions, KvScanPageOptions } from './model.js'

/** The state at one version: every read of docs/kv.md section 3.1 and a key's history. */
export interface KvReadView {
  /** Records applied: the state after records 0..version-1. */
  readonly version: number
  get: (key: Uint8Array) => Promise<KvEntry | undefined>
  /** Entries within the range, in key order (or reversed), at most `limit`. */
  range: (options?: KvScanOptions) => Promise<KvEntry[]>
  /**
   * A page of the entries within the range (by default, every one), and
   * whether more follow: what a reader that pages by bytes asks for, since
   * a page of `limit` entries of large values may be large.
   */
  rangePage: (options: KvScanPageOptions) => Promise<KvEntryPage>
  prefix: (prefix: Uint8Array, options?: { reverse?: boolean, limit?: number }) => Promise<KvEntry[]>
  count: (range?: KeyRange) => Promise<number>
  /** The writes of `key` before this version, oldest first: the page `options` asks for (by default, every one). */
  history: (key: Uint8Array, options?: KvHistoryOptions) => Promise<KvHistoryPage>
}

/** What one record did to the state, for a watch: the keys it wrote and their entries after it (absent: deleted). */
export interface KvChange {
  seqno: number
  timestampUs: number
  /** The version after the record: seqno + 1. */
  version: number
  /** The record's hash: what names this change, whoever read it. */
  recordHash: Uint8Array
  writes: Array<{ key: Uint8Array, entry?: KvEntry }>
}

export interface KvReader {
  readonly name: Uint8Array
  /** The read-only state at a version or time; the latest when `at` is absent. */
  view: (at?: KvAt) => Promise<KvReadView>
  /**
   * Keys whose entries differ between two versions (either order), in key
   * order, within `range` if given: the page `page` asks for (by default,
   * every one); `more` says keys may follow the last (ask above it).
   */
  diff: (from: number, to: number, range?: KeyRange, page?: KvPageOptions) => Promise<KvDiffPage>
  /**
   * The changes of every record after version `from`, as they are appended:
   * records that write no key in `range` are skipped, so resume from the
   * last change's version. Ends when `signal` aborts.
   */
  watch: (from: number, options?: { range?: KeyRange, signal?: AbortSignal }) => AsyncGenerator<KvChange>
  /**
   * The data of the blob records from..to-1, in order: a run of them is one
   * read (one request through the overlay). Blobs are content-addressed:
   * the caller checks each against the SHA-256 that refers to it (a file's
   * ref, a findBlob hash), which proves its bytes, so a remote reader does
   * not prove the records against the capsule's log as well. Throws
   * NotFound/Malformed errors. `maxLength`, where the caller knows it (a
   * file's refs): the most bytes of data any of them holds, so a remote
   * reader refuses a larger one as it comes (InvalidProofError) rather than
   * hold what a server sends until the run is in.
   */
  blobs: (from: number, to: number, options?: { maxLength?: number }) => Promise<Uint8Array[]>
  /** The seqno of a blob record holding exactly the bytes that hash (SHA-256) to `hash`, if there is one. */
  findBlob: (hash: Uint8Array) => Promise<number | undefined>
}

/**
 * A condition of a compare-and-set, checked against the state at the tip
 * the write is appended on (docs/kv.md section 2): the key is absent (or,
 * `absent: false`, present), its entry was set by the put at `seqno`, or its
 * value hashes to `valueHash`.
 */
export type KvCondition =
  | { key: Uint8Array, absent: boolean }
  | { key: Uint8Array, seqno: number }
  | { key: Uint8Array, valueHash: Uint8Array }

/** Where a write landed. */
export interface KvWriteReceipt {
  /** The seqno of the record that holds the write. */
  seqno: number
  /** The version after the write (its checkpoint included, if one was appended). */
  version: number
  /** Whether the append ended with a checkpoint, so reads of this version can be proven. */
  checkpointed: boolean
}

export interface KvWriter extends KvReader {
  /**
   * Applies the operations together, at one version, if every condition
   * holds at the tip; otherwise throws ConditionFailedError and writes
   * nothing. Several operations on a key: the last counts.
   */
  batch: (ops: KvOp[], conditions?: KvCondition[]) => Promise<KvWriteReceipt>
  put: (key: Uint8Array, value: Uint8Array, options?: { encryptionEpoch?: number, condition?: KvCondition }) => Promise<KvWriteReceipt>
  delete: (key: Uint8Array, options?: { condition?: KvCondition }) => Promise<KvWriteReceipt>
  /**
   * Appends each as a blob record (docs/kv.md section 2); returns their
   * seqnos, in order. `hashes`, when the caller has them: the SHA-256 of
   * each, which a local index takes for its blob rows instead of hashing
   * the data again.
   */
  appendBlobs: (data: Uint8Array[], hashes?: Uint8Array[]) => Promise<number[]>
}

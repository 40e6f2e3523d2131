/**
 * A key-value capsule in a local CapsuleStore (docs/kv.md): reads from its
 * LevelDB index, and, with the writer key, writes that end each append with
 * a checkpoint of the new state, so every version a heartbeat ends can be
 * proven. The command line uses it on the local store; a node uses it for
 * the capsules it holds.
 */
import type { Signer } from '../capsule/metadata.js'
import type { CapsuleMetadata } from '../capsule/types.js'
import { CapsuleWriter } from '../capsule/writer.js'
import { ChainMismatchError, InvalidArgumentError, RecordNotFoundError, StoreCorruptionError, WrongKeyError } from '../errors.js'
import { formatName } from '../capsule/name.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import type { KvChange, KvCondition, KvReadView, KvWriteReceipt, KvWriter } from './api.js'
import { changeIn, changeOf, checkConditions, factsOf, kvWriteOf, KvBatchWriter } from './changes.js'
import { RECENT_RECORDS } from './recent-records.js'
import { blobData, boundsOf, checkBlobRange, checkVersion, encodeKvRecord, type KeyRange, type KvOp } from './format.js'
import { KvIndex } from './index.js'
import type { KvAt, KvDiffPage, KvPageOptions } from './model.js'
import { proveKvRead, type KvProofQuery } from './prover.js'
import type { KvProof } from './proof.js'

export interface LocalKvInit {
  /** The writer key; without it the capsule is read-only here. */
  signer?: Signer
  /** End every append with a checkpoint of the state after it (docs/kv.md section 5.2). @default true */
  checkpoint?: boolean
  /** Microseconds since the epoch, to stamp appends. @default Date.now() * 1000 */
  clock?: () => number
}

export class LocalKv extends KvBatchWriter implements KvWriter {
  readonly name: Uint8Array
  readonly #index: KvIndex
  readonly #writer: CapsuleWriter | undefined
  readonly #checkpoint: boolean
  readonly #clock: () => number

  private constructor (index: KvIndex, init: LocalKvInit) {
    super()
    this.name = index.capsule.name
    this.#index = index
    const capsule = index.capsule
    this.#writer = init.signer === undefined ? undefined : new CapsuleWriter(capsule.name, capsule.metadata, init.signer, capsule.writerState)
    this.#checkpoint = init.checkpoint ?? true
    this.#clock = init.clock ?? (() => Date.now() * 1000)
  }

  /**
   * Opens key-value capsule `name` of the store and its index (rebuilt if
   * needed). Throws MalformedMessageError for a capsule that is not a
   * key-value capsule, WrongKeyError for a signer that is not its writer.
   */
  static async open (store: CapsuleStore, name: Uint8Array, init: LocalKvInit = {}): Promise<LocalKv> {
    return new LocalKv(await KvIndex.open(store, name), init)
  }

  /**
   * Opens key-value capsule `name` as open() does, runs `task` on it, then
   * writes the index's tree rows, so that the next process to open it
   * replays none of this one's writes: for a process that closes the store
   * after (the command line).
   */
  static async using<T> (store: CapsuleStore, name: Uint8Array, init: LocalKvInit, task: (kv: LocalKv) => Promise<T>): Promise<T> {
    const kv = await LocalKv.open(store, name, init)
    try {
      return await task(kv)
    } finally {
      await kv.index.storeTree()
    }
  }

  /** A LocalKv on an index already open (the one a server answers reads from): one index per capsule. */
  static onIndex (index: KvIndex, init: LocalKvInit = {}): LocalKv {
    return new LocalKv(index, init)
  }

  /** The capsule's metadata (its name's preimage). */
  get metadata (): CapsuleMetadata { return this.#index.capsule.metadata }

  /** The index this reads from: its version, commitment, checkpoints. */
  get index (): KvIndex { return this.#index }

  async view (at?: KvAt): Promise<KvReadView> {
    return await this.#index.view(at)
  }

  async diff (from: number, to: number, range: KeyRange = {}, page: KvPageOptions = {}): Promise<KvDiffPage> {
    return await this.#index.diff(from, to, boundsOf(range), page)
  }

  /** A proof of `query` at `version` (docs/kv.md section 6), as a server sends it. */
  async prove (version: number, query: KvProofQuery): Promise<KvProof> {
    await this.#index.update()
    return await proveKvRead(this.#index, version, query)
  }

  async * watch (from: number, options: { range?: KeyRange, signal?: AbortSignal } = {}): AsyncGenerator<KvChange> {
    const { signal } = options
    const aborted = (): boolean => signal?.aborted === true
    const bounds = boundsOf(options.range ?? {})
    const capsule = this.#index.capsule
    checkVersion(from, capsule.size)
    let next = from
    while (!aborted()) {
      const size = capsule.size
      if (next < size && size - next <= RECENT_RECORDS) {
        // Near the tip, where every watcher of the capsule reads the same records as they come: each is read and decoded once.
        for (; next < size; next++) {
          const { record, kv } = await this.#index.watchedRecord(next)
          const change = changeIn(record, kv, bounds)
          if (change !== undefined) yield change
          if (aborted()) return
        }
        continue
      }
      if (next < size) {
        for await (const record of this.#index.changeRecords(next, size)) {
          const change = 'payload' in record ? changeOf(record, bounds) : undefined
          next = record.header.seqno + 1
          if (change !== undefined) yield change
          if (aborted()) return
        }
        continue
      }
      try {
        await capsule.waitForSize(next + 1, signal)
      } catch (err) {
        if (aborted()) return
        throw err
      }
    }
  }

  async blobs (from: number, to: number): Promise<Uint8Array[]> {
    const capsule = this.#index.capsule
    checkBlobRange(this.name, from, to)
    if (to > capsule.size) throw new RecordNotFoundError(`capsule ${formatName(this.name)} has no record ${to - 1} (it holds ${capsule.size})`)
    const out: Uint8Array[] = []
    for (let seqno = from; seqno < to; seqno++) out.push(blobData(this.name, seqno, capsule.read(seqno).payload))
    return out
  }

  /**
   * The seqno of a stored blob with these bytes that the store can read
   * (one record read, its payload checked against its hash): a blob whose
   * record is damaged here is none, and the writer stores the bytes anew.
   * A file that referred to it was written, and could never be read.
   */
  async findBlob (hash: Uint8Array): Promise<number | undefined> {
    const seqno = await this.#index.findBlob(hash)
    if (seqno === undefined) return undefined
    try {
      this.#index.capsule.read(seqno)
    } catch (err) {
      if (err instanceof StoreCorruptionError) return undefined
      throw err
    }
    return seqno
  }

  override async batch (ops: KvOp[], conditions: KvCondition[] = []): Promise<KvWriteReceipt> {
    const writer = this.#requireWriter()
    const { payload, applied } = kvWriteOf(ops, conditions)
    return await this.#index.atTip(async () => {
      const seqno = this.#index.version
      await checkConditions(async (key) => factsOf(await this.#index.viewOf(seqno).get(key)), conditions)
      const payloads = [payload]
      if (this.#checkpoint) payloads.push(encodeKvRecord({ type: 'checkpoint', version: seqno + 1, ...await this.#index.commitmentAfter(applied, seqno) }))
      await this.#append(writer, payloads)
      return { seqno, version: seqno + payloads.length, checkpointed: this.#checkpoint }
    })
  }

  async appendBlobs (data: Uint8Array[], hashes?: Uint8Array[]): Promise<number[]> {
    const writer = this.#requireWriter()
    if (data.length === 0) return []
    if (hashes !== undefined && hashes.length !== data.length) throw new InvalidArgumentError(`appendBlobs: ${hashes.length} hashes for ${data.length} blobs`)
    const payloads = data.map((d) => encodeKvRecord({ type: 'blob', data: d }))
    return await this.#index.atTip(async () => {
      const first = this.#index.version
      // A checkpoint restates the unchanged state, so the tip stays provable.
      const checkpoint = this.#checkpoint ? [encodeKvRecord({ type: 'checkpoint', version: first + payloads.length, ...this.#index.commitment })] : []
      await this.#append(writer, [...payloads, ...checkpoint], hashes)
      return payloads.map((_, i) => first + i)
    })
  }

  /**
   * Appends on the tip the index has caught up to, with the index's rows
   * for the new records in the same write. Throws ChainMismatchError if the
   * capsule moved past it meanwhile (an append from elsewhere): what was
   * checked at that tip may not hold.
   */
  async #append (writer: CapsuleWriter, payloads: Uint8Array[], blobHashes?: Uint8Array[]): Promise<void> {
    const capsule = this.#index.capsule
    if (capsule.size !== this.#index.version) throw new ChainMismatchError(`key-value capsule ${formatName(this.name)} moved on from record ${this.#index.version} while this write was built; try again`)
    if (writer.state.size !== capsule.size) writer.reset(capsule.writerState)
    try {
      await this.#index.appendIndexed(writer.append(payloads, this.#clock()), blobHashes)
    } catch (err) {
      writer.reset(capsule.writerState)
      throw err
    }
  }

  #requireWriter (): CapsuleWriter {
    if (this.#writer === undefined) throw new WrongKeyError(`key-value capsule ${formatName(this.name)} was opened without its writer key: it is read-only here`)
    return this.#writer
  }
}

import { decodeRecordParts, decodeSignedHeartbeat, encodeRecordHeader, encodeSignedHeartbeat, recordFromParts, recordHash, writeRecord } from '../capsule/codec.js'
import { verifyHeartbeat } from '../capsule/heartbeat.js'
import { consistencyProofRanges, EMPTY_ROOT, frontierNodeIds, hashPerfectSubtrees, inclusionProofRanges, MerkleFrontier, perfectSubtrees, rangeProofRanges, type LeafRange, type NodeId } from '../capsule/merkle.js'
import { formatName, NAME_LENGTH } from '../capsule/name.js'
import type { CapsuleMetadata, CapsuleRecord, ConsistencyProof, RecordHead, RecordHeader, InclusionProof, RangeProof, SeqRange, SignedHeartbeat, SignedMetadata } from '../capsule/types.js'
import { emptyWriterState, type AppendBatch, type WriterState } from '../capsule/writer.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { binaryKey } from '../crypto/bytes.js'
import { CapsuleDeletedError, ChainMismatchError, InvalidArgumentError, ServerBusyError, StoreAccessError, StoreClosedError, StoreCorruptionError, StoreFullError, StoreRegressionError, StoreWriteError } from '../errors.js'
import { decodeProto, pb, protoWriter } from '../wire/index.js'
import type { Claim, Evidence } from './evidence.js'
import { chunkOfKey, describeKey, hashIndexedKey, hashIndexKey, heartbeatKey, payloadKey, readUint64, recordChunkKey, tableRange, tileKey, uint64Value } from './layout.js'
import type { StoreDb, WriteOp } from './level-db.js'
import { edgeTiles, sameTileAt, TILE_BYTES, TILE_HEIGHT, TILE_WIDTH, TileBuilder, tileAddressOf, tileWidthAt, type BuiltTile, type TileCache } from './tiles.js'
import type { WriteChain, WriteQueue } from './write-queue.js'

/**
 * Records are stored 16 to a LevelDB entry, aligned, so a read is one
 * synchronous get; payloads above 4 KiB are kept apart, so rewriting the
 * partial chunk at the tip stays cheap.
 */
const CHUNK_RECORDS = 16
const INLINE_PAYLOAD_MAX = 4096


/** The record chunk holding record `seqno`. */
const chunkOf = (seqno: number): number => Math.floor(seqno / CHUNK_RECORDS)

/** What `damage()` found wrong in a capsule, checked against its last heartbeat. */
export interface CapsuleDamage {
  /** Records checked: the size of the last heartbeat, which the writer signed over all of them. */
  size: number
  /**
   * Records to replace with a replica's copy, as ranges [from, to) of whole
   * record chunks (16 records, aligned; the last one up to `size`): a row
   * that cannot be read, or a record that does not check out (its payload,
   * its number, its link to its neighbours, the heartbeat that ends it).
   */
  records: SeqRange[]
  /**
   * Merkle tiles that are missing, unreadable or disagree with the records,
   * to derive again from them. Found up to the first damaged record only
   * (past it the tree is not known); a repair checks every tile.
   */
  tiles: Array<{ level: number, index: number }>
  /**
   * Sizes whose stored heartbeat row is damaged (it does not decode, is not
   * the writer's signature, or states another size; the last one only of a
   * capsule that opened, which holds it in memory): to replace with a replica's copy of the heartbeat the writer signed at
   * that size, which the records then check.
   */
  heartbeats: number[]
  /**
   * The last heartbeat row (at `size`) is damaged on a capsule that did not
   * open: its records are not checked, having nothing to be checked against.
   * A replica's copy of that heartbeat, given to damage() and repair(), is
   * what they are then checked against.
   */
  lastHeartbeatDamaged: boolean
  /**
   * The metadata row is damaged (CapsuleStore.damage): nothing else is
   * checked until a replica's copy of it is back (CapsuleStore.repairMetadata).
   */
  metadataDamaged: boolean
  /** Damage a repair does not mend, in words: records past the last heartbeat. */
  unrepairable: string[]
  /** The first fault found, in words; undefined when nothing is damaged. */
  firstFault: string | undefined
}

/** What a repair rewrote. */
export interface CapsuleRepair {
  /** Records checked: the size of the heartbeat they were checked against. */
  size: number
  /** Records rewritten, as ranges [from, to) of whole record chunks. */
  records: SeqRange[]
  /** Merkle tiles rewritten, derived again from the records. */
  tiles: Array<{ level: number, index: number }>
  /** Sizes whose heartbeat row was rewritten from the heartbeat given. */
  heartbeats: number[]
}

/** Consecutive record chunks as ranges of records, the last one ending at `size`. */
function chunkRanges (chunks: Iterable<number>, size: number): SeqRange[] {
  const out: SeqRange[] = []
  for (const c of [...chunks].sort((a, b) => a - b)) {
    const from = c * CHUNK_RECORDS
    const to = Math.min(from + CHUNK_RECORDS, size)
    const last = out.at(-1)
    if (last !== undefined && last.to === from) last.to = to
    else out.push({ from, to })
  }
  return out
}

/** The records of a chunk being filled, in the parts their encoding is made of. */
interface ChunkDraft {
  index: number
  records: Array<{ encodedHeader: Uint8Array, payload: Uint8Array | undefined }>
}

export interface StoredCapsuleComponents {
  db: StoreDb
  writes: WriteQueue
  tiles: TileCache
  evidence: Evidence
  /** Told when the capsule's size changes (for its listing: the ChangeLog, and what the store holds of one it let go of). */
  resized: (capsule: StoredCapsule) => void
  /** Holds the capsule while readers wait for its records (the store may let go of it otherwise). */
  waitedOn: Set<StoredCapsule>
}

interface Tip {
  state: WriterState
  heartbeat: SignedHeartbeat | undefined
}

/**
 * One capsule in the store. Appends take AppendBatches (built by a
 * CapsuleWriter or checked by verifyAppendBatch) and are acknowledged once
 * written. Readers see only what has been written: `size` and `head` move
 * when the write completes, while `tip` runs ahead for queued appends. A
 * failed write fails every append queued after it and takes the tip back to
 * what is written; appends then go on from there.
 */
export class StoredCapsule {
  readonly name: Uint8Array
  readonly signedMetadata: SignedMetadata
  readonly #c: StoredCapsuleComponents
  #durable: Tip
  #tip: Tip
  /** Right-edge tiles that appends write into, by tile level. */
  #edge = new Map<number, { index: number, bytes: Uint8Array }>()
  /** The records of the partial chunk at the tip. */
  #edgeChunk: ChunkDraft = { index: 0, records: [] }
  /** Appends queued since the last failed write; the queue marks it failed. */
  #chain: WriteChain = { failed: undefined }
  /** The last append's write: once it settles, every earlier one has. */
  #lastWrite: Promise<void> = Promise.resolve()
  /** Taking the state back to what is written, after a failed write. */
  #recovery: Promise<void> | undefined

  private constructor (name: Uint8Array, signedMetadata: SignedMetadata, components: StoredCapsuleComponents, tip: Tip) {
    this.name = name
    this.signedMetadata = signedMetadata
    this.#c = components
    this.#durable = tip
    this.#tip = tip
  }

  get metadata (): CapsuleMetadata { return this.signedMetadata.metadata }

  /** Records written. */
  get size (): number { return this.#durable.state.size }

  /** The latest written heartbeat; undefined while the capsule is empty. */
  get head (): SignedHeartbeat | undefined { return this.#durable.heartbeat }

  /** What the next append must extend: queued appends included, unless a write failed. */
  get writerState (): WriterState { return this.#chain.failed === undefined ? this.#tip.state : this.#durable.state }

  #where (): string { return `capsule ${formatName(this.name)}` }

  /**
   * Loads the capsule and checks its last heartbeat against what is stored:
   * signature, the last record and its hash, and the tree root; and what is
   * stored against what the store acknowledged (its evidence file).
   */
  static async open (name: Uint8Array, signedMetadata: SignedMetadata, components: StoredCapsuleComponents, { behind = false }: { behind?: boolean } = {}): Promise<StoredCapsule> {
    const capsule = new StoredCapsule(name, signedMetadata, components, { state: emptyWriterState(name), heartbeat: undefined })
    capsule.#mayBeBehind = behind
    const tip = await capsule.#loadTip()
    capsule.#durable = tip
    capsule.#tip = tip
    await capsule.#loadEdges(tip.state.size)
    return capsule
  }

  async #loadTip (): Promise<Tip> {
    const where = this.#where()
    const hbEntry = await this.#lastEntry('heartbeat')
    const chunkEntry = await this.#lastEntry('records')
    if (hbEntry === undefined) {
      if (chunkEntry !== undefined) throw new StoreCorruptionError(`${where}: records are stored but no heartbeat covers them`)
      this.#checkEvidence(0, undefined)
      return { state: emptyWriterState(this.name), heartbeat: undefined }
    }
    let heartbeat: SignedHeartbeat
    try {
      heartbeat = decodeSignedHeartbeat(hbEntry[1])
      verifyHeartbeat(heartbeat, this.name, this.metadata)
    } catch (err) {
      throw new StoreCorruptionError(`${where}: the last stored heartbeat is invalid: ${(err as Error).message}`)
    }
    const size = heartbeat.heartbeat.size
    if (chunkEntry === undefined) throw new StoreCorruptionError(`${where}: the heartbeat states ${size} records but none are stored`)
    const chunk = this.#decodeChunk(chunkEntry[1], chunkOfKey(chunkEntry[0]))
    const stored = chunk.firstSeq + chunk.ends.length
    if (stored !== size) {
      throw new StoreCorruptionError(`${where}: the heartbeat states ${size} records but the stored records end at ${stored}` + (stored < size ? ' (truncated)' : ''))
    }
    const last = this.#recordFromChunk(chunk, size - 1)
    if (!equalBytes(last.hash, heartbeat.heartbeat.lastRecordHash)) throw new StoreCorruptionError(`${where}: record ${size - 1} does not match the hash in the last heartbeat`)
    const frontierIds = frontierNodeIds(size)
    const frontierNodes = this.#nodes(frontierIds, size)
    const frontier = new MerkleFrontier(size, frontierNodes)
    if (!equalBytes(frontier.root(), heartbeat.heartbeat.root)) throw new StoreCorruptionError(`${where}: the stored Merkle tree does not match the root in the last heartbeat`)
    this.#checkEvidence(size, hbEntry[1])
    return { state: { size, lastHash: last.hash, lastTimestampUs: heartbeat.heartbeat.timestampUs, frontier }, heartbeat }
  }

  /**
   * The last row of one of the capsule's tables. A reverse scan steps over a
   * block LevelDB cannot read without a word, so the rows after the one it
   * found are scanned forwards too: that scan reports such a block.
   */
  async #lastEntry (table: 'heartbeat' | 'records'): Promise<[Uint8Array, Uint8Array] | undefined> {
    const range = tableRange(table, this.name)
    const [last] = await this.#c.db.iterator({ ...range, reverse: true, limit: 1 }).all()
    const [after] = await this.#c.db.iterator(last === undefined ? { ...range, limit: 1 } : { gt: last[0], lt: range.lt, limit: 1 }).all()
    if (after !== undefined) throw new StoreCorruptionError(`${describeKey(after[0])} lies beyond the last row LevelDB returns: a block between them is unreadable`)
    return last
  }

  /**
   * Refuses a capsule that holds less than the store acknowledged, or other
   * records at that size: LevelDB dropped writes it had completed (see
   * evidence.ts), and serving what is left would pass a shorter history off
   * as the whole.
   */
  #checkEvidence (size: number, heartbeat: Uint8Array | undefined): void {
    const claim = this.#c.evidence.get(this.name)
    if (claim === undefined || claim.size === 0) return
    const remedy = `restore the store from a backup, or delete ${this.#c.evidence.path} to serve what is left (the store then forgets what it acknowledged, for every capsule)`
    if (claim.size > size) {
      if (this.#mayBeBehind) {
        this.#owed = claim
        return
      }
      throw new StoreRegressionError(`${this.#where()}: the store went backwards: it acknowledged ${claim.size} records and holds ${size}; LevelDB lost writes it had completed (a damaged log or table file). Not served: ${remedy}`)
    }
    const stored = claim.size === size ? heartbeat : this.#c.db.getSync(heartbeatKey(this.name, claim.size))
    if (stored === undefined || !equalBytes(sha256(stored), claim.heartbeatHash)) {
      throw new StoreRegressionError(`${this.#where()}: the heartbeat at size ${claim.size} is ${stored === undefined ? 'missing' : 'not the one the store acknowledged'}: its history was replaced. Not served: ${remedy}`)
    }
  }

  /** Opened to fetch what it lost (open's `behind`): it may hold fewer records than the store acknowledged. */
  #mayBeBehind = false
  /** What the store acknowledged of a capsule opened `behind` that it does not hold again yet: appends must lead back to it. */
  #owed: Claim | undefined

  /**
   * Whether the capsule holds what the store acknowledged: false for one
   * opened `behind` until appends gave it back every record it lost.
   */
  holdsAcknowledged (): boolean {
    return this.#owed === undefined || this.#owed.size <= this.size
  }

  /**
   * Refuses, before anything is written, a batch that does not lead a
   * capsule opened `behind` back to the history the store acknowledged: one
   * that ends at the acknowledged size must carry the very heartbeat the
   * evidence names (so records before it are those acknowledged: the
   * heartbeat signs them all), and none may pass that size without ending
   * there (the acknowledged history has a batch boundary there). Until the
   * capsule is back there, its appends make no claim, so the evidence keeps
   * the one it is owed.
   */
  #owedClaim (batch: AppendBatch, claim: Claim): Claim | undefined {
    const owed = this.#owed
    if (owed === undefined || owed.size <= batch.baseSize) return claim
    if (batch.state.size < owed.size) return undefined
    if (batch.state.size > owed.size || !equalBytes(claim.heartbeatHash, owed.heartbeatHash)) {
      throw new StoreRegressionError(`${this.#where()}: the store went backwards: it acknowledged ${owed.size} records, and the records given to take it back there are another history (${batch.state.size > owed.size ? `a batch that spans size ${owed.size}` : `another heartbeat at size ${owed.size}`}); not stored`)
    }
    return claim
  }

  /** Loads the partial record chunk and Merkle tiles at the tip, which appends extend. */
  async #loadEdges (size: number): Promise<void> {
    const chunkIndex = Math.floor(size / CHUNK_RECORDS)
    this.#edgeChunk = { index: chunkIndex, records: [] }
    if (size % CHUNK_RECORDS !== 0) {
      const chunk = this.#decodeChunk(this.#c.db.getSync(recordChunkKey(this.name, chunkIndex)), chunkIndex)
      this.#edgeChunk.records = chunk.ends.map((end, i) => {
        const parts = decodeRecordParts(chunk.body.subarray(i === 0 ? 0 : chunk.ends[i - 1], end))
        return { encodedHeader: encodeRecordHeader(parts.header), payload: parts.payload.length > 0 ? parts.payload : undefined }
      })
    }
    this.#edge.clear()
    for (const { level, index } of edgeTiles(size)) {
      const bytes = this.#tile(level, index, size)
      this.#edge.set(level, { index, bytes: new Uint8Array(bytes) })
    }
  }

  // ---- appending ----

  /** How the store refuses the capsule's name once it deleted it (CapsuleStore.delete); undefined until then. */
  #deletion: CapsuleDeletedError | undefined
  /** The deletion is written (deletionWritten): no record comes any more. */
  #deleted = false
  /** The deletions that marked the capsule (markDeleted) and were not undone (unmarkDeleted): appends go on at none. */
  #deletionMarks = 0
  readonly #sizeWaiters = new Set<{ size: number, resolve: () => void, reject: (err: Error) => void }>()

  /**
   * Refuses every later append: the store is deleting the capsule
   * (CapsuleStore.delete). `refusal` is how the store refuses its name from
   * now on: a read that finds its rows gone is refused so too.
   */
  markDeleted (refusal: CapsuleDeletedError): void {
    this.#deletion = refusal
    this.#deletionMarks++
  }

  /**
   * How a request is refused once the store is deleting the capsule: as its
   * name is refused, with the owner's order. An append said "was deleted"
   * with no order, also where the order only took this server off the
   * capsule's replicas, and its writer could not tell the others take it.
   */
  #deletedHere (): CapsuleDeletedError {
    return new CapsuleDeletedError(this.#deletion!.message, this.#deletion!.deletion)
  }

  /**
   * Takes appends again: the store's deletion of the capsule was not written
   * (CapsuleStore.delete), unless another deletion still marks it (one
   * under way may yet be written).
   */
  unmarkDeleted (): void {
    if (--this.#deletionMarks === 0) this.#deletion = undefined
  }

  /**
   * The store's deletion of the capsule is written: readers waiting for its
   * records are told. Not before: a deletion that fails (a full disk) leaves
   * the capsule taking appends, and its readers were told it was deleted.
   */
  deletionWritten (): void {
    this.#deleted = true
    for (const waiter of this.#sizeWaiters) waiter.reject(new CapsuleDeletedError(`capsule ${formatName(this.name)} was deleted`))
    this.#sizeWaiters.clear()
    this.#c.waitedOn.delete(this)
  }

  /**
   * Resolves once the capsule holds at least `size` records durably: how a
   * reader in this process follows appends without polling. Rejects with
   * CapsuleDeletedError when the capsule is deleted, or with the signal's
   * reason when `signal` aborts.
   */
  async waitForSize (size: number, signal?: AbortSignal): Promise<void> {
    if (this.size >= size) return
    if (this.#deleted) throw new CapsuleDeletedError(`capsule ${formatName(this.name)} was deleted`)
    signal?.throwIfAborted()
    await new Promise<void>((resolve, reject) => {
      const waiter = { size, resolve: () => { done(); resolve() }, reject: (err: Error) => { done(); reject(err) } }
      const abort = (): void => { waiter.reject(signal!.reason as Error) }
      const done = (): void => {
        this.#sizeWaiters.delete(waiter)
        if (this.#sizeWaiters.size === 0) this.#c.waitedOn.delete(this)
        signal?.removeEventListener('abort', abort)
      }
      this.#sizeWaiters.add(waiter)
      this.#c.waitedOn.add(this)
      signal?.addEventListener('abort', abort, { once: true })
    })
  }

  #wakeWaiters (): void {
    for (const waiter of this.#sizeWaiters) if (this.size >= waiter.size) waiter.resolve()
  }

  /**
   * Stores a batch; resolves once it is written (and fsynced, if the store
   * syncs). Batches must arrive in order; concurrent appends are grouped.
   * `derived` rows (state derived from these records, such as a key-value
   * index's: CapsuleRows.absolute) are written in the same LevelDB batch.
   */
  async append (batch: AppendBatch, derived: WriteOp[] = []): Promise<SignedHeartbeat> {
    if (this.#deletion !== undefined) throw this.#deletedHere()
    if (this.#chain.failed !== undefined || this.#recovery !== undefined) {
      try {
        await this.#recover()
      } catch (err) {
        throw this.#writeError(batch, err as Error)
      }
      // A deletion marked it while it recovered: written now, the rows could come after the deletion listed the
      // capsule's, and the append was acknowledged, its bytes counted against the owner of a capsule gone.
      if (this.#deletion !== undefined) throw this.#deletedHere()
    }
    if (!equalBytes(batch.capsule, this.name)) throw new InvalidArgumentError(`batch is for capsule ${formatName(batch.capsule)}, not ${formatName(this.name)}`)
    const tip = this.#tip.state
    if (batch.baseSize !== tip.size || !equalBytes(batch.baseHash, tip.lastHash)) {
      throw new ChainMismatchError(`${this.#where()}: the batch extends size ${batch.baseSize}, the capsule is at ${tip.size}`)
    }
    const heartbeat = encodeSignedHeartbeat(batch.heartbeat)
    const claim = this.#owedClaim(batch, { name: this.name, size: batch.state.size, heartbeatHash: sha256(heartbeat) })
    const next: Tip = { state: batch.state, heartbeat: batch.heartbeat }
    if (this.#held !== undefined) {
      // A repair is rewriting the rows the edge chunk and tiles come from. The tip moves on
      // now, so pipelined appends still verify against it; the rows wait their turn, in order.
      this.#tip = next
      await this.#afterRepair()
      if (this.#deletion !== undefined) throw this.#deletedHere()
    }
    const ops = this.#batchOps(batch, heartbeat)
    // One at a time: as the arguments of one push, some 125,000 rows (a key-value batch's, into a tree of millions of keys) overflowed V8's stack.
    for (const op of derived) ops.push(op)
    this.#tip = next
    const write = this.#c.writes.write(ops, { chain: this.#chain, claim, newData: true })
    this.#lastWrite = write
    try {
      await write
    } catch (err) {
      throw this.#writeError(batch, err as Error)
    }
    if (next.state.size > this.#durable.state.size) {
      this.#durable = next
      this.#c.resized(this)
      this.#wakeWaiters()
    }
    if (this.#owed !== undefined && this.#owed.size <= this.size) this.#owed = undefined
    return batch.heartbeat
  }

  /**
   * After a failed write: once every write queued behind it has failed too,
   * makes LevelDB writable again and reloads the tip, the edge chunk and the
   * edge tiles from what is written. Appends that arrive meanwhile wait.
   */
  async #recover (): Promise<void> {
    this.#recovery ??= (async () => {
      try {
        await this.#lastWrite.then(() => {}, () => {})
        await this.#c.writes.heal()
        await this.reload()
      } finally {
        this.#recovery = undefined
      }
    })()
    await this.#recovery
  }

  /** Why a batch was not stored, and where the capsule stands. */
  #writeError (batch: AppendBatch, err: Error): Error {
    if (!(err instanceof StoreWriteError)) return err
    const what = `${this.#where()}: records ${batch.baseSize}..${batch.state.size - 1} were not stored: ${err.message}; the capsule stays at ${this.#durable.state.size} records`
    return err instanceof StoreFullError
      ? new StoreFullError(`${what}: append from there once the disk has room`, { cause: err })
      : new StoreWriteError(`${what}: append from there again`, { cause: err })
  }

  #batchOps (batch: AppendBatch, heartbeat: Uint8Array): WriteOp[] {
    const ops: WriteOp[] = []
    let chunk = this.#edgeChunk
    for (const record of batch.records) {
      const seqno = record.header.seqno
      const index = Math.floor(seqno / CHUNK_RECORDS)
      if (chunk.index !== index) chunk = { index, records: [] }
      chunk.records.push(this.#stage(record, ops))
      if (chunk.records.length === CHUNK_RECORDS) ops.push(this.#chunkOp(chunk))
    }
    if (chunk.records.length < CHUNK_RECORDS) ops.push(this.#chunkOp(chunk))
    this.#edgeChunk = chunk
    const dirty = new Set<number>()
    for (const node of batch.nodes) {
      const address = tileAddressOf(node)
      let tile = this.#edge.get(address.level)
      if (tile === undefined || tile.index !== address.index) {
        tile = { index: address.index, bytes: new Uint8Array(TILE_BYTES) }
        this.#edge.set(address.level, tile)
      }
      tile.bytes.set(node.hash, address.offset)
      dirty.add(address.level)
      // The last node of a tile's top row completes it: write it before the edge moves on.
      if (node.level % TILE_HEIGHT === TILE_HEIGHT - 1 && node.index % 2 === 1) {
        ops.push(this.#tileOp(address.level, tile.index, tile.bytes, batch.state.size))
        dirty.delete(address.level)
      }
    }
    for (const level of dirty) {
      const tile = this.#edge.get(level)!
      ops.push(this.#tileOp(level, tile.index, tile.bytes, batch.state.size))
    }
    ops.push({ type: 'put', key: heartbeatKey(this.name, batch.state.size), value: heartbeat })
    return ops
  }

  /** A record's entry in its chunk; a payload too large to keep there goes to `ops`, to be stored apart. */
  #stage (record: CapsuleRecord, ops: WriteOp[]): ChunkDraft['records'][number] {
    const inline = record.payload.length <= INLINE_PAYLOAD_MAX
    if (!inline) ops.push({ type: 'put', key: payloadKey(this.name, record.header.seqno), value: record.payload })
    return { encodedHeader: record.encodedHeader, payload: inline ? record.payload : undefined }
  }

  /** A RecordChunk, written in one pass: the end offsets, then the records. */
  #chunkOp (chunk: ChunkDraft): WriteOp {
    const body = protoWriter()
    const ends: number[] = []
    for (const r of chunk.records) {
      writeRecord(body, r.encodedHeader, r.payload)
      ends.push(body.len)
    }
    const value = pb.RecordChunk.encode({ firstSeq: chunk.index * CHUNK_RECORDS, ends, body: body.finish() }).finish()
    return { type: 'put', key: recordChunkKey(this.name, chunk.index), value }
  }

  #tileOp (level: number, index: number, bytes: Uint8Array, size: number): WriteOp {
    const value = pb.MerkleTile.encode({ width: tileWidthAt(level, index, size), hashes: bytes }).finish()
    return { type: 'put', key: tileKey(this.name, level, index), value }
  }

  // ---- reading the tree ----

  // Tree reads are synchronous: tiles are small and mostly in LevelDB's cache,
  // and a proof needs up to one per tile level.
  #tile (level: number, index: number, size: number, cache = true): Uint8Array {
    const key = tileKey(this.name, level, index)
    const cacheKey = binaryKey(key)
    const cached = this.#c.tiles.get(cacheKey)
    const needed = tileWidthAt(level, index, size)
    if (cached !== undefined) return cached
    const value = this.#c.db.getSync(key)
    if (value === undefined) throw this.#missing(`Merkle tile ${level}/${index} is missing`)
    let tile: pb.MerkleTile
    try { tile = decodeProto(pb.MerkleTile, value, 'Merkle tile') } catch (err) { throw new StoreCorruptionError(`${this.#where()}: Merkle tile ${level}/${index}: ${(err as Error).message}`) }
    if (tile.hashes.length !== TILE_BYTES || tile.width < needed) throw new StoreCorruptionError(`${this.#where()}: Merkle tile ${level}/${index} is incomplete`)
    // Only full tiles are cached: partial ones still change on the right edge.
    if (tile.width === TILE_WIDTH && cache) this.#c.tiles.set(cacheKey, tile.hashes)
    return tile.hashes
  }

  /**
   * The tile of the tree's leaves (record hashes) `index`, at the tip or
   * stored; a range read passes `cache` false, so that a scan of the whole
   * capsule does not push the tiles proofs use out of the cache.
   */
  #leafTile (index: number, cache: boolean): Uint8Array {
    const edge = this.#edge.get(0)
    return edge !== undefined && edge.index === index ? edge.bytes : this.#tile(0, index, this.size, cache)
  }

  /**
   * A record read for serving, checked against the hash the tree holds for
   * it (`leaves`, its leaf tile): its payload was checked against its header
   * as it was read, and this checks the header (its link to the record
   * before, its time). A header damaged under a good CRC (LevelDB rewrites a
   * damaged block as it compacts, unless paranoid) was served as it was.
   */
  #checkedLeaf (record: CapsuleRecord, leaves: Uint8Array): CapsuleRecord {
    const seqno = record.header.seqno
    const at = (seqno % TILE_WIDTH) * 32
    const leaf = leaves.subarray(at, at + 32)
    if (!equalBytes(record.hash, leaf)) throw this.#unreadable(seqno, new Error(`it hashes to ${formatName(record.hash)}, where the Merkle tree holds ${formatName(leaf)} for it: its header (in record chunk ${Math.floor(seqno / CHUNK_RECORDS)}) or Merkle tile 0/${Math.floor(seqno / TILE_WIDTH)} is damaged`))
    return record
  }

  /** Hashes of perfect subtrees, each complete within a tree of `size`. */
  #nodes (ids: NodeId[], size: number): Uint8Array[] {
    const out: Uint8Array[] = []
    for (const id of ids) {
      const address = tileAddressOf(id)
      const edge = this.#edge.get(address.level)
      const tile = edge !== undefined && edge.index === address.index ? edge.bytes : this.#tile(address.level, address.index, size)
      out.push(tile.slice(address.offset, address.offset + 32))
    }
    return out
  }

  #rangeHashes (ranges: LeafRange[], size: number): Uint8Array[] {
    const out: Uint8Array[] = []
    for (const [begin, end] of ranges) out.push(hashPerfectSubtrees(this.#nodes(perfectSubtrees(begin, end), size)))
    return out
  }

  /** Merkle root of the first `size` records. */
  async rootAt (size: number): Promise<Uint8Array> {
    this.#checkSize(size)
    return size === 0 ? EMPTY_ROOT : hashPerfectSubtrees(this.#nodes(frontierNodeIds(size), size))
  }

  /** The right-edge perfect-subtree hashes of the tree of `size` records, largest first. */
  async frontierAt (size: number): Promise<Uint8Array[]> {
    this.#checkSize(size)
    return this.#nodes(frontierNodeIds(size), size)
  }

  /** Inclusion proof of record `seqno` in the tree of `treeSize` records (default: the current size). */
  async inclusionProof (seqno: number, treeSize = this.size): Promise<InclusionProof> {
    this.#checkSize(treeSize)
    if (!Number.isSafeInteger(seqno) || seqno < 0 || seqno >= treeSize) throw new InvalidArgumentError(`${this.#where()}: record ${seqno} is not in the first ${treeSize} records`)
    return { index: seqno, treeSize, path: this.#rangeHashes(inclusionProofRanges(seqno, treeSize), treeSize) }
  }

  /** One proof for records [from, to) in the tree of `treeSize` records (docs/spec.md section 6.1). */
  async rangeProof (from: number, to: number, treeSize = this.size): Promise<RangeProof> {
    this.#checkSize(treeSize)
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || from >= to || to > treeSize) throw new InvalidArgumentError(`${this.#where()}: records ${from}..${to} are not a non-empty range of the first ${treeSize} records`)
    return { from, to, treeSize, path: this.#rangeHashes(rangeProofRanges(from, to, treeSize), treeSize) }
  }

  async consistencyProof (fromSize: number, toSize = this.size): Promise<ConsistencyProof> {
    this.#checkSize(toSize)
    if (!Number.isSafeInteger(fromSize) || fromSize < 1 || fromSize > toSize) throw new InvalidArgumentError(`${this.#where()}: no consistency proof from size ${fromSize} to ${toSize}`)
    return { fromSize, toSize, path: this.#rangeHashes(consistencyProofRanges(fromSize, toSize), toSize) }
  }

  #checkSize (size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) throw new InvalidArgumentError(`${this.#where()}: size ${size} is beyond the ${this.size} records stored`)
  }

  // ---- reading records ----

  #decodeChunk (value: Uint8Array | undefined, index: number): pb.RecordChunk {
    if (value === undefined) throw this.#missing(`records ${index * CHUNK_RECORDS}..${index * CHUNK_RECORDS + CHUNK_RECORDS - 1} are missing`)
    let chunk: pb.RecordChunk
    try { chunk = decodeProto(pb.RecordChunk, value, 'record chunk') } catch (err) { throw new StoreCorruptionError(`${this.#where()}: record chunk ${index}: ${(err as Error).message}`) }
    if (chunk.firstSeq !== index * CHUNK_RECORDS || chunk.ends.length > CHUNK_RECORDS || chunk.ends.some((end, i) => end < (chunk.ends[i - 1] ?? 0) || end > chunk.body.length)) {
      throw new StoreCorruptionError(`${this.#where()}: record chunk ${index} is malformed`)
    }
    return chunk
  }

  /** Record `seqno`'s header and inline payload in its chunk; a plain Error says what is wrong with them. */
  #partsFromChunk (chunk: pb.RecordChunk, seqno: number): { header: RecordHeader, payload: Uint8Array } {
    const i = seqno - chunk.firstSeq
    if (i < 0 || i >= chunk.ends.length) throw new Error('it is missing from its chunk')
    const parts = decodeRecordParts(chunk.body.subarray(i === 0 ? 0 : chunk.ends[i - 1], chunk.ends[i]))
    if (parts.header.seqno !== seqno) throw new Error(`found record ${parts.header.seqno} in its place`)
    return parts
  }

  /**
   * A row of the capsule that is not there: damage, unless the store deleted
   * the capsule while a read ran (a range read takes its records from a
   * snapshot, and their Merkle tiles as they are now): that read is refused
   * as one made after the deletion (the gateway's 410, not 502 for damage).
   */
  #missing (what: string): StoreCorruptionError | CapsuleDeletedError {
    if (this.#deletion !== undefined) return this.#deletedHere()
    return new StoreCorruptionError(`${this.#where()}: ${what}`)
  }

  #unreadable (seqno: number, err: unknown): StoreCorruptionError {
    return new StoreCorruptionError(`${this.#where()}: stored record ${seqno} is unreadable: ${(err as Error).message}`)
  }

  #recordFromChunk (chunk: pb.RecordChunk, seqno: number): CapsuleRecord {
    try {
      const parts = this.#partsFromChunk(chunk, seqno)
      let payload = parts.payload
      if (payload.length === 0 && parts.header.payloadLength > 0) {
        const apart = this.#c.db.getSync(payloadKey(this.name, seqno))
        if (apart === undefined) throw this.#missing(`stored record ${seqno} is unreadable: its payload is missing`)
        payload = apart
      }
      // Never serve silently wrong data: a payload altered on disk is caught here.
      if (!equalBytes(sha256(payload), parts.header.payloadHash)) throw new Error('its payload does not match its hash')
      return recordFromParts(parts.header, payload)
    } catch (err) {
      // LevelDB's failure to read the payload already names it, or is not damage (a process out of file descriptors, a file it may not read).
      if (err instanceof StoreCorruptionError || err instanceof CapsuleDeletedError || err instanceof StoreClosedError || err instanceof StoreAccessError || err instanceof ServerBusyError) throw err
      throw this.#unreadable(seqno, err)
    }
  }

  /**
   * The header of record `seqno` and the record's hash, without its payload:
   * for a reader that can go on past a payload LevelDB cannot read (a
   * key-value index passing a damaged blob, src/kv/index.ts). Throws
   * StoreCorruptionError when the header itself cannot be read.
   */
  readHeader (seqno: number): RecordHead {
    if (!Number.isSafeInteger(seqno) || seqno < 0 || seqno >= this.size) throw new InvalidArgumentError(`${this.#where()} has ${this.size} records; there is no record ${seqno}`)
    const index = Math.floor(seqno / CHUNK_RECORDS)
    const chunk = this.#decodeChunk(this.#c.db.getSync(recordChunkKey(this.name, index)), index)
    let header: RecordHeader
    try {
      header = this.#partsFromChunk(chunk, seqno).header
    } catch (err) {
      throw this.#unreadable(seqno, err)
    }
    return { header, hash: recordHash(header) }
  }

  /** Payload bytes of all its records, read from their headers (StoreCorruptionError where one cannot be read). */
  payloadBytes (): number {
    let bytes = 0
    for (let index = 0; index * CHUNK_RECORDS < this.size; index++) {
      const chunk = this.#decodeChunk(this.#c.db.getSync(recordChunkKey(this.name, index)), index)
      for (let seqno = index * CHUNK_RECORDS; seqno < Math.min((index + 1) * CHUNK_RECORDS, this.size); seqno++) {
        try {
          bytes += this.#partsFromChunk(chunk, seqno).header.payloadLength
        } catch (err) {
          throw this.#unreadable(seqno, err)
        }
      }
    }
    return bytes
  }

  /** Record `seqno` (0-based); InvalidArgumentError when it is not written yet. */
  read (seqno: number): CapsuleRecord {
    if (!Number.isSafeInteger(seqno) || seqno < 0 || seqno >= this.size) throw new InvalidArgumentError(`${this.#where()} has ${this.size} records; there is no record ${seqno}`)
    const index = Math.floor(seqno / CHUNK_RECORDS)
    const record = this.#recordFromChunk(this.#decodeChunk(this.#c.db.getSync(recordChunkKey(this.name, index)), index), seqno)
    return this.#checkedLeaf(record, this.#leafTile(Math.floor(seqno / TILE_WIDTH), true))
  }

  /** Streams records [from, to) in order; memory stays bounded by one chunk. */
  async * readRange (from: number, to = this.size): AsyncGenerator<CapsuleRecord> {
    const end = Math.min(to, this.size)
    if (!Number.isSafeInteger(from) || from < 0) throw new InvalidArgumentError(`range start ${from} is not a record number`)
    if (from >= end) return
    const range = tableRange('records', this.name)
    let next = from
    let leaves: { tile: number, hashes: Uint8Array } | undefined
    // Bounded above by the last chunk needed, so LevelDB does not read ahead past it (a one-record read is one chunk).
    const upper = recordChunkKey(this.name, Math.floor((end - 1) / CHUNK_RECORDS) + 1)
    for await (const [key, value] of this.#c.db.iterator({ gte: recordChunkKey(this.name, Math.floor(from / CHUNK_RECORDS)), lt: Buffer.compare(upper, range.lt) < 0 ? upper : range.lt })) {
      const index = chunkOfKey(key)
      if (index !== Math.floor(next / CHUNK_RECORDS)) break
      const chunk = this.#decodeChunk(value, index)
      const last = Math.min(chunk.firstSeq + chunk.ends.length, end)
      while (next < last) {
        const tile = Math.floor(next / TILE_WIDTH)
        if (leaves?.tile !== tile) leaves = { tile, hashes: this.#leafTile(tile, false) }
        yield this.#checkedLeaf(this.#recordFromChunk(chunk, next++), leaves.hashes)
      }
      if (next >= end) return
    }
    // A scan steps over a block LevelDB cannot read: reading the chunk itself says why it is missing.
    this.#c.db.getSync(recordChunkKey(this.name, Math.floor(next / CHUNK_RECORDS)))
    throw this.#missing(`records from ${next} are missing`)
  }

  /**
   * The record with this hash, or undefined. The hash index is built on
   * first use and caught up on each later one, so appends never pay for it.
   */
  async findByHash (hash: Uint8Array): Promise<CapsuleRecord | undefined> {
    const size = this.size
    this.#indexing = this.#indexing.then(async () => { await this.#indexUpTo(size) })
    await this.#indexing
    const value = this.#c.db.getSync(hashIndexKey(this.name, hash))
    if (value === undefined) return undefined
    const seqno = readUint64(value, 0)
    if (seqno >= this.size) return undefined
    const record = this.read(seqno)
    // The index keys on a prefix: only a full match counts.
    return equalBytes(record.hash, hash) ? record : undefined
  }

  #indexing: Promise<void> = Promise.resolve()

  async #indexUpTo (size: number): Promise<void> {
    const stored = this.#c.db.getSync(hashIndexedKey(this.name))
    let covered = stored === undefined ? 0 : readUint64(stored, 0)
    let ops: WriteOp[] = []
    for await (const record of this.readRange(covered, size)) {
      ops.push({ type: 'put', key: hashIndexKey(this.name, record.hash), value: uint64Value(record.header.seqno) })
      covered = record.header.seqno + 1
      if (ops.length >= 10_000) {
        ops.push({ type: 'put', key: hashIndexedKey(this.name), value: uint64Value(covered) })
        await this.writeDerived(ops)
        ops = []
      }
    }
    if (ops.length > 0) {
      ops.push({ type: 'put', key: hashIndexedKey(this.name), value: uint64Value(covered) })
      await this.writeDerived(ops)
    }
  }

  /**
   * Writes rows derived from the capsule's records (its hash index, a
   * key-value index; absolute keys), unless the store is deleting it:
   * CapsuleDeletedError then, as for an append. Rows queued after the
   * deletion listed the capsule's rows stayed on disk for good, under a name
   * refused from then on. Checked as the write is queued: one queued before
   * is written before that listing, and deleted with the rest.
   */
  async writeDerived (ops: WriteOp[]): Promise<void> {
    if (this.#deletion !== undefined) throw this.#deletedHere()
    await this.#c.writes.write(ops)
  }

  /** The first record whose timestamp is at or after `timestampUs`, or undefined. */
  findByTimestamp (timestampUs: number): number | undefined {
    let lo = 0
    let hi = this.size
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2)
      if (this.read(mid).header.timestampUs < timestampUs) lo = mid + 1
      else hi = mid
    }
    return lo < this.size ? lo : undefined
  }

  /** The stored heartbeats, oldest first: all, or those with after < size <= upTo. */
  async * heartbeats (range: { after?: number, upTo?: number } = {}): AsyncGenerator<SignedHeartbeat> {
    const keys = range.after === undefined ? tableRange('heartbeat', this.name) : { gt: heartbeatKey(this.name, range.after), lt: tableRange('heartbeat', this.name).lt }
    const upTo = Math.min(range.upTo ?? this.size, this.size)
    for await (const [key, value] of this.#c.db.iterator(keys)) {
      const hb = this.#decodeHeartbeat(key, value)
      if (hb.heartbeat.size > upTo) return
      yield hb
    }
  }

  /** The heartbeat stating exactly `size`, if one was stored. */
  async heartbeatAt (size: number): Promise<SignedHeartbeat | undefined> {
    const key = heartbeatKey(this.name, size)
    const value = await this.#c.db.get(key)
    return value === undefined ? undefined : this.#decodeHeartbeat(key, value)
  }

  #decodeHeartbeat (key: Uint8Array, value: Uint8Array): SignedHeartbeat {
    try {
      return decodeSignedHeartbeat(value)
    } catch (err) {
      throw new StoreCorruptionError(`${describeKey(key)}: ${(err as Error).message}`)
    }
  }

  /**
   * Re-checks everything stored: each record's payload hash (on reading),
   * sequence number, timestamp and chain link, every heartbeat's signature and root, and every
   * Merkle tile. Throws StoreCorruptionError at the first fault.
   */
  async verifyAll (): Promise<{ records: number, heartbeats: number, tiles: number }> {
    const where = this.#where()
    const size = this.size
    const frontier = new MerkleFrontier()
    const built = new TileBuilder()
    let tiles = 0
    const checkTile = (tile: BuiltTile): void => {
      const stored = this.#tile(tile.level, tile.index, size)
      if (!equalBytes(stored, tile.bytes)) throw new StoreCorruptionError(`${where}: Merkle tile ${tile.level}/${tile.index} does not match the records`)
      tiles++
    }
    const heartbeats = this.heartbeats()
    let next = await heartbeats.next()
    let count = 0
    let prevHash = this.name
    let lastTimestampUs = 0
    for await (const record of this.readRange(0, size)) {
      const h = record.header
      if (h.seqno !== frontier.size) throw new StoreCorruptionError(`${where}: found record ${h.seqno} where ${frontier.size} belongs`)
      if (!equalBytes(h.prevHash, prevHash)) throw new StoreCorruptionError(`${where}: record ${h.seqno} does not chain to record ${h.seqno - 1}`)
      if (h.timestampUs < lastTimestampUs) throw new StoreCorruptionError(`${where}: record ${h.seqno} is older than its predecessor`)
      frontier.append(record.hash, built.onNode)
      for (const tile of built.takeCompleted()) checkTile(tile)
      prevHash = record.hash
      lastTimestampUs = h.timestampUs
      while (next.done !== true && next.value.heartbeat.size === frontier.size) {
        const hb = next.value
        try { verifyHeartbeat(hb, this.name, this.metadata) } catch (err) { throw new StoreCorruptionError(`${where}: ${(err as Error).message}`) }
        if (!equalBytes(hb.heartbeat.root, frontier.root()) || !equalBytes(hb.heartbeat.lastRecordHash, record.hash)) {
          throw new StoreCorruptionError(`${where}: the heartbeat at size ${frontier.size} does not match the records`)
        }
        count++
        next = await heartbeats.next()
      }
    }
    if (frontier.size !== size) throw new StoreCorruptionError(`${where}: ${frontier.size} records readable, ${size} expected`)
    if (next.done !== true) throw new StoreCorruptionError(`${where}: a heartbeat at size ${next.value.heartbeat.size} matches no record boundary`)
    for (const tile of built.partial(size)) checkTile(tile)
    return { records: size, heartbeats: count, tiles }
  }

  // ---- damage and repair ----

  /** Set on a capsule opened only to be repaired (openDamaged): its last heartbeat, which its tip did not check out against. */
  #damagedHead: SignedHeartbeat | undefined
  /** While a repair runs: appends wait for it, in order, before they touch the edge (see append). */
  #held: Promise<void> | undefined

  /** Waits for the repair in progress (and the appends queued behind it, each in turn). */
  async #afterRepair (): Promise<void> {
    const turn = this.#held!.then(() => {})
    this.#held = turn
    await turn
    if (this.#held === turn) this.#held = undefined
  }

  /**
   * A capsule too damaged to open (its tip does not check out), opened only
   * to be inspected and repaired (CapsuleStore.damage and repair). Its last
   * heartbeat must verify and agree with the store's evidence: every record
   * is checked against it. When that row is damaged, `head` (a replica's
   * copy of the heartbeat at the size its key names) stands in for it,
   * checked the same way; without one, damage() says so and repair() refuses.
   */
  static async openDamaged (name: Uint8Array, signedMetadata: SignedMetadata, components: StoredCapsuleComponents, head?: SignedHeartbeat): Promise<StoredCapsule> {
    const capsule = new StoredCapsule(name, signedMetadata, components, { state: emptyWriterState(name), heartbeat: undefined })
    const where = capsule.#where()
    const entry = await capsule.#lastEntry('heartbeat')
    if (entry === undefined) throw new StoreCorruptionError(`${where}: no heartbeat is stored to check its records against, so it cannot be repaired in place`)
    try {
      capsule.#damagedHead = capsule.#checkedHeartbeat(entry[0], entry[1])
    } catch (err) {
      // Its key still says which size the writer's heartbeat was: a replica's copy of it stands in, checked.
      const size = readUint64(entry[0], 1 + NAME_LENGTH)
      const fault = `the heartbeat at size ${size} is damaged: ${(err as Error).message}`
      if (head?.heartbeat.size !== size) {
        capsule.#damagedLastRow = { size, fault }
        return capsule
      }
      capsule.#damagedHead = capsule.#givenHeartbeat(head, size)
      capsule.#checkEvidence(size, encodeSignedHeartbeat(head))
      return capsule
    }
    capsule.#checkEvidence(capsule.#damagedHead.heartbeat.size, entry[1])
    return capsule
  }

  /** Set on a capsule opened to be repaired whose last heartbeat row is damaged, with none given to stand in for it. */
  #damagedLastRow: { size: number, fault: string } | undefined

  /**
   * A heartbeat given to replace the damaged row at size `at`, checked: the
   * writer signed it, it states that size, and where the store acknowledged
   * that size it is the very heartbeat acknowledged (its hash is in the
   * evidence). Its records check the rest (#inspect).
   */
  #givenHeartbeat (given: SignedHeartbeat, at: number): SignedHeartbeat {
    const refused = (why: string): ChainMismatchError => new ChainMismatchError(`${this.#where()}: the heartbeat given to replace the one at size ${at} ${why}`)
    try {
      verifyHeartbeat(given, this.name, this.metadata)
    } catch (err) {
      throw refused(`does not verify: ${(err as Error).message}`)
    }
    if (given.heartbeat.size !== at) throw refused(`states size ${given.heartbeat.size}`)
    const claim = this.#c.evidence.get(this.name)
    if (claim?.size === at && !equalBytes(sha256(encodeSignedHeartbeat(given)), claim.heartbeatHash)) throw refused('is not the one the store acknowledged at that size')
    return given
  }

  /** A stored heartbeat row, checked: it decodes, the writer signed it, and it states the size its key names. */
  #checkedHeartbeat (key: Uint8Array, value: Uint8Array): SignedHeartbeat {
    const signed = decodeSignedHeartbeat(value)
    verifyHeartbeat(signed, this.name, this.metadata)
    const size = readUint64(key, 1 + NAME_LENGTH)
    if (signed.heartbeat.size !== size) throw new Error(`it states size ${signed.heartbeat.size}`)
    return signed
  }

  /**
   * Checks every row of the capsule against its last heartbeat (the writer's
   * signature over all of it) and lists what is damaged, where verifyAll
   * stops at the first fault. Appends may go on meanwhile.
   */
  async damage (): Promise<CapsuleDamage> {
    const head = this.#damagedHead ?? this.head
    const lost = this.#damagedLastRow
    if (lost !== undefined) return { size: lost.size, records: [], tiles: [], heartbeats: [lost.size], lastHeartbeatDamaged: true, metadataDamaged: false, unrepairable: [], firstFault: lost.fault }
    if (head === undefined) return { size: 0, records: [], tiles: [], heartbeats: [], lastHeartbeatDamaged: false, metadataDamaged: false, unrepairable: [], firstFault: undefined }
    return (await this.#inspect(head, undefined, this.#damagedHead !== undefined)).damage
  }

  /**
   * Mends damage from verified records, in one LevelDB write: every record
   * chunk `records` covers is rewritten from them (each chunk's records
   * given from its start; a chunk given in part keeps its stored records for
   * the rest), and every Merkle tile that is missing,
   * unreadable or wrong is derived again from the records. Nothing is
   * written unless the whole capsule then checks out against its last
   * heartbeat: records that are not the ones its heartbeats commit to give a
   * ChainMismatchError, damage they do not cover a StoreCorruptionError.
   * Appends that arrive meanwhile wait for it, in order. Given no records,
   * it derives damaged tiles again. `heartbeats` replace damaged heartbeat
   * rows, each only if the writer signed it, it states the size its row
   * names, it matches the records there (their last hash and their root),
   * and, where the store acknowledged that size, it is the heartbeat the
   * store acknowledged (ChainMismatchError otherwise).
   */
  async repair (records: CapsuleRecord[], heartbeats: SignedHeartbeat[] = []): Promise<CapsuleRepair> {
    if (this.#chain.failed !== undefined || this.#recovery !== undefined) await this.#recover()
    let release: () => void = () => {}
    const released = new Promise<void>((resolve) => { release = resolve })
    const before = this.#held ?? Promise.resolve()
    const held = before.then(async () => { await released })
    this.#held = held
    try {
      // Every append queued before has written its rows; those after wait.
      await before
      await this.#lastWrite.catch(() => {})
      if (this.#damagedLastRow !== undefined) throw new StoreCorruptionError(`${this.#where()}: ${this.#damagedLastRow.fault}, and no heartbeat was given to replace it; the records are checked against it`)
      const head = this.#damagedHead ?? this.#durable.heartbeat
      const size = head?.heartbeat.size ?? 0
      const replacement = this.#replacement(records, size)
      if (head === undefined) return { size, records: [], tiles: [], heartbeats: [] }
      const { ops, repair } = await this.#inspect(head, replacement, true, new Map(heartbeats.map((h) => [h.heartbeat.size, h])))
      // Checked just before the write is queued: a deletion queued after it removes what it wrote.
      if (this.#deletion !== undefined) throw new CapsuleDeletedError(`capsule ${formatName(this.name)} was deleted; it is not repaired`)
      if (ops.length > 0) await this.#c.writes.write(ops)
      for (const tile of repair.tiles) this.#c.tiles.delete(binaryKey(tileKey(this.name, tile.level, tile.index)))
      if (this.#damagedHead !== undefined) {
        // Now it opens as any capsule does, its tip checked.
        await this.reload()
        this.#damagedHead = undefined
      } else {
        await this.#loadEdges(size)
      }
      return repair
    } finally {
      release()
      if (this.#held === held) this.#held = undefined
    }
  }

  /** Records given to a repair, by chunk, each rebuilt here (its hash computed) and checked against its payload. */
  #replacement (records: CapsuleRecord[], size: number): Map<number, CapsuleRecord[]> {
    const where = this.#where()
    const byChunk = new Map<number, CapsuleRecord[]>()
    for (const given of records) {
      const seqno = given.header.seqno
      if (!Number.isSafeInteger(seqno) || seqno < 0 || seqno >= size) throw new InvalidArgumentError(`${where}: record ${seqno} given to repair it is not among the ${size} records its last heartbeat covers`)
      const chunk = byChunk.get(chunkOf(seqno)) ?? []
      if (chunk.length !== seqno % CHUNK_RECORDS) throw new InvalidArgumentError(`${where}: records given to repair it must run from the start of their chunk, in order; record ${seqno} is out of place`)
      const record = recordFromParts(given.header, given.payload)
      if (!equalBytes(sha256(record.payload), record.header.payloadHash)) throw new ChainMismatchError(`${where}: record ${seqno} given to repair it does not match its payload hash`)
      chunk.push(record)
      byChunk.set(chunkOf(seqno), chunk)
    }
    return byChunk
  }

  /**
   * The one pass behind damage() and repair(): every record chunk, record,
   * heartbeat and Merkle tile of the tree `head` states, in order. Without a
   * `replacement` it lists what it finds; with one (records by chunk, to
   * stand in for the stored ones) it throws at the first fault, and returns
   * the rows to write. `quiet`: no append runs, so stored records past
   * `head` are damage too. `heartbeats` (by size) stand in for damaged
   * heartbeat rows, checked as repair() says.
   */
  async #inspect (head: SignedHeartbeat, replacement: Map<number, CapsuleRecord[]> | undefined, quiet: boolean, heartbeats = new Map<number, SignedHeartbeat>()): Promise<{ damage: CapsuleDamage, ops: WriteOp[], repair: CapsuleRepair }> {
    const where = this.#where()
    const size = head.heartbeat.size
    const chunks = Math.ceil(size / CHUNK_RECORDS)
    const damaged = new Set<number>()
    const tiles: Array<{ level: number, index: number }> = []
    const unrepairable: string[] = []
    const damagedHeartbeats: number[] = []
    const replacedHeartbeats: number[] = []
    const ops: WriteOp[] = []
    let firstFault: string | undefined
    /** The tree so far is built from records that all checked out, so tiles and roots can be checked. */
    let known = true
    /** Records that do not check out, in the chunks named (either may hold the wrong one). */
    const fault = (message: string, ...inChunks: number[]): void => {
      if (replacement !== undefined) {
        if (inChunks.some((c) => replacement.has(c))) throw new ChainMismatchError(`${where}: the records given to repair it are not the ones its heartbeats commit to: ${message}`)
        throw new StoreCorruptionError(`${where}: ${message}, and no records were given to replace ${inChunks.length === 1 ? 'them' : 'either side'}`)
      }
      firstFault ??= message
      for (const c of inChunks) damaged.add(c)
      known = false
    }
    const beyondRepair = (message: string): void => {
      if (replacement !== undefined) throw new StoreCorruptionError(`${where}: ${message}; a repair does not mend that`)
      firstFault ??= message
      unrepairable.push(message)
    }
    const checkTile = (tile: BuiltTile): void => {
      if (this.#storedTileMatches(tile, size)) return
      tiles.push({ level: tile.level, index: tile.index })
      if (replacement !== undefined) ops.push(this.#tileOp(tile.level, tile.index, tile.bytes, size))
      else firstFault ??= `Merkle tile ${tile.level}/${tile.index} does not match the records`
    }

    const rows = this.#c.db.iterator({ gte: tableRange('heartbeat', this.name).gte, lte: heartbeatKey(this.name, size) })[Symbol.asyncIterator]()
    try {
      let row = await rows.next()
      let nextHeartbeat = row.done === true ? Infinity : readUint64(row.value[0], 1 + NAME_LENGTH)
      /** Checks the stored heartbeats up to size `upTo`; the one at `upTo` against `last` (the record it ends with) and `root`, when known. */
      const heartbeatsThrough = async (upTo: number, last: CapsuleRecord | undefined, root: (() => Uint8Array) | undefined): Promise<void> => {
        while (nextHeartbeat <= upTo) {
          const at = nextHeartbeat
          let signed: SignedHeartbeat | undefined
          /** A heartbeat given to replace the damaged row, checked here as the row's would have been. */
          let given: SignedHeartbeat | undefined
          try {
            signed = this.#checkedHeartbeat(row.value![0], row.value![1])
          } catch (err) {
            const message = `the heartbeat at size ${at} is damaged: ${(err as Error).message}`
            given = heartbeats.get(at)
            if (replacement === undefined) {
              firstFault ??= message
              damagedHeartbeats.push(at)
            } else if (given === undefined) {
              throw new StoreCorruptionError(`${where}: ${message}, and no heartbeat was given to replace it`)
            } else {
              signed = this.#givenHeartbeat(given, at)
              ops.push({ type: 'put', key: heartbeatKey(this.name, at), value: encodeSignedHeartbeat(given) })
              replacedHeartbeats.push(at)
            }
          }
          if (signed !== undefined && at === upTo) {
            const mismatch = last !== undefined && !equalBytes(signed.heartbeat.lastRecordHash, last.hash)
              ? `record ${at - 1} is not the one the heartbeat at size ${at} ends with`
              : root !== undefined && !equalBytes(signed.heartbeat.root, root()) ? `the records before ${at} do not match the root of the heartbeat at size ${at}` : undefined
            if (mismatch !== undefined && given !== undefined) throw new ChainMismatchError(`${where}: the heartbeat given to replace the one at size ${at} is not the one its records commit to: ${mismatch}`)
            if (mismatch !== undefined) fault(mismatch, chunkOf(at - 1))
          }
          row = await rows.next()
          nextHeartbeat = row.done === true ? Infinity : readUint64(row.value[0], 1 + NAME_LENGTH)
        }
      }

      const frontier = new MerkleFrontier()
      const built = new TileBuilder()
      /** The record before the current one, when it was read. */
      let previous: CapsuleRecord | undefined
      for (let c = 0; c < chunks; c++) {
        const end = Math.min((c + 1) * CHUNK_RECORDS, size)
        let records = replacement?.get(c)
        if (records !== undefined && c * CHUNK_RECORDS + records.length < end) {
          // What is written is what is checked here: the whole chunk.
          records = [...records, ...this.#storedRest(c, c * CHUNK_RECORDS + records.length, end)]
          replacement!.set(c, records)
        }
        if (records === undefined) {
          let held = 0
          try {
            const chunk = this.#decodeChunk(this.#c.db.getSync(recordChunkKey(this.name, c)), c)
            held = chunk.firstSeq + chunk.ends.length
            records = []
            for (let seqno = c * CHUNK_RECORDS; seqno < end; seqno++) records.push(this.#recordFromChunk(chunk, seqno))
          } catch (err) {
            if (!(err instanceof StoreCorruptionError)) throw err
            fault(err.message.startsWith(`${where}: `) ? err.message.slice(where.length + 2) : err.message, c)
            records = undefined
          }
          if (quiet && held > size) beyondRepair(`record chunk ${c} holds records past the last heartbeat (size ${size})`)
        }
        if (records === undefined) {
          previous = undefined
          await heartbeatsThrough(end, undefined, undefined)
          continue
        }
        for (const record of records) {
          const h = record.header
          const prevHash = h.seqno === 0 ? this.name : previous?.hash
          // Either record of a broken link may be the wrong one.
          const neighbours = (): number[] => h.seqno % CHUNK_RECORDS === 0 && h.seqno > 0 ? [c - 1, c] : [c]
          if (prevHash !== undefined && !equalBytes(h.prevHash, prevHash)) fault(`record ${h.seqno} does not chain to record ${h.seqno - 1}`, ...neighbours())
          else if (previous !== undefined && h.timestampUs < previous.header.timestampUs) fault(`record ${h.seqno} is older than its predecessor`, ...neighbours())
          previous = record
          if (known) {
            frontier.append(record.hash, built.onNode)
            for (const tile of built.takeCompleted()) checkTile(tile)
          }
          if (nextHeartbeat <= h.seqno + 1) await heartbeatsThrough(h.seqno + 1, record, known ? () => frontier.root() : undefined)
        }
      }
      // The heartbeat everything is checked against (an open capsule's is in memory, whatever its row holds).
      if (known && size > 0 && (!equalBytes(previous!.hash, head.heartbeat.lastRecordHash) || !equalBytes(frontier.root(), head.heartbeat.root))) {
        fault(`the records do not match the last heartbeat (size ${size})`, chunks - 1)
      }
      if (known) for (const tile of built.partial(size)) checkTile(tile)
    } finally {
      await rows.return?.()
    }
    if (quiet && size > 0) {
      const [after] = await this.#c.db.iterator({ gt: recordChunkKey(this.name, chunks - 1), lt: tableRange('records', this.name).lt, limit: 1 }).all()
      if (after !== undefined) beyondRepair(`${describeKey(after[0]).slice(where.length + 2)} lies past the last heartbeat (size ${size})`)
    }
    for (const [index, records] of replacement ?? []) {
      const draft: ChunkDraft = { index, records: [] }
      for (const record of records) draft.records.push(this.#stage(record, ops))
      ops.push(this.#chunkOp(draft))
    }
    const unused = [...heartbeats.keys()].filter((at) => !replacedHeartbeats.includes(at))
    if (unused.length > 0) throw new InvalidArgumentError(`${where}: heartbeats given to repair it at sizes ${unused.join(', ')} replace no damaged heartbeat row`)
    return {
      damage: { size, records: chunkRanges(damaged, size), tiles, heartbeats: damagedHeartbeats, lastHeartbeatDamaged: false, metadataDamaged: false, unrepairable, firstFault },
      ops,
      repair: { size, records: chunkRanges(replacement?.keys() ?? [], size), tiles, heartbeats: replacedHeartbeats }
    }
  }

  /**
   * Records [from, end) of chunk `index` as stored: the rest of a chunk a
   * repair was given the start of (appends grew the tip chunk since its
   * damage was found). Checked by the pass like any other.
   */
  #storedRest (index: number, from: number, end: number): CapsuleRecord[] {
    try {
      const chunk = this.#decodeChunk(this.#c.db.getSync(recordChunkKey(this.name, index)), index)
      const records: CapsuleRecord[] = []
      for (let seqno = from; seqno < end; seqno++) records.push(this.#recordFromChunk(chunk, seqno))
      return records
    } catch (err) {
      if (!(err instanceof StoreCorruptionError)) throw err
      throw new StoreCorruptionError(`${this.#where()}: records ${from}..${end - 1} were not given to repair it, and the stored ones cannot be read: ${err.message}`)
    }
  }

  /** Whether the stored tile holds what `tile`, built from the records, holds for a tree of `size`; false when it cannot be read. */
  #storedTileMatches (tile: BuiltTile, size: number): boolean {
    let stored: pb.MerkleTile
    try {
      const value = this.#c.db.getSync(tileKey(this.name, tile.level, tile.index))
      if (value === undefined) return false
      stored = decodeProto(pb.MerkleTile, value, 'Merkle tile')
    } catch (err) {
      if (err instanceof StoreClosedError) throw err
      return false
    }
    return stored.hashes.length === TILE_BYTES && stored.width >= tileWidthAt(tile.level, tile.index, size) && sameTileAt(stored.hashes, tile.bytes, tile.level, tile.index, size)
  }

  /** Drops the state loaded at open and loads it again (after a failed write). */
  async reload (): Promise<void> {
    this.#c.tiles.clear()
    const tip = await this.#loadTip()
    const resized = tip.state.size !== this.#durable.state.size
    this.#durable = tip
    this.#tip = tip
    await this.#loadEdges(tip.state.size)
    this.#chain = { failed: undefined }
    if (resized) this.#c.resized(this)
  }
}

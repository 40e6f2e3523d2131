/**
 * Building append batches (the writer, on the writer's device) and checking
 * them (a server, on bytes it received). Both end in an AppendBatch: records
 * that extend a known state, the tree nodes they complete, and one signed
 * heartbeat for the whole batch.
 */
import { sha256, equalBytes } from '../crypto/hash.js'
import { CapsuleExpiredError, ChainMismatchError, InvalidArgumentError, WrongKeyError } from '../errors.js'
import { recordFromParts } from './codec.js'
import { signHeartbeat, verifyHeartbeat } from './heartbeat.js'
import { MerkleFrontier } from './merkle.js'
import type { Signer } from './metadata.js'
import { formatName } from './name.js'
import { microsecondsProblem } from './time.js'
import { MAX_PAYLOAD_LENGTH, type CapsuleMetadata, type CapsuleRecord, type SignedHeartbeat } from './types.js'

/** What an appender must know about a capsule: its tip. */
export interface WriterState {
  size: number
  /** Hash of the last record; the capsule name when empty. */
  lastHash: Uint8Array
  /**
   * The latest time the history states: the last heartbeat's timestamp
   * (never before its records'). The next records may not be earlier.
   */
  lastTimestampUs: number
  frontier: MerkleFrontier
}

/** A perfect subtree hash completed by an append (level 0: a record hash). */
export interface TreeNode {
  level: number
  index: number
  hash: Uint8Array
}

declare const checked: unique symbol

/**
 * Records that extend `base`, checked or built by this module: only
 * CapsuleWriter.append and verifyAppendBatch make one.
 */
export interface AppendBatch {
  readonly capsule: Uint8Array
  readonly baseSize: number
  readonly baseHash: Uint8Array
  readonly records: CapsuleRecord[]
  readonly nodes: TreeNode[]
  readonly heartbeat: SignedHeartbeat
  /** The state after the batch. */
  readonly state: WriterState
  readonly [checked]: true
}

export function emptyWriterState (name: Uint8Array): WriterState {
  return { size: 0, lastHash: name, lastTimestampUs: 0, frontier: new MerkleFrontier() }
}

function lastRecordHashOf (state: WriterState): Uint8Array {
  return state.size === 0 ? new Uint8Array(0) : state.lastHash
}

/** Signs appends for one capsule. Holds the writer key; never runs on a server. */
export class CapsuleWriter {
  readonly name: Uint8Array
  #state: WriterState
  readonly #signer: Signer
  readonly #metadata: CapsuleMetadata

  constructor (name: Uint8Array, metadata: CapsuleMetadata, signer: Signer, state: WriterState) {
    if (!equalBytes(signer.publicKey, metadata.writer.key)) throw new WrongKeyError(`this key is not the writer key of capsule ${formatName(name)}`)
    this.name = name
    this.#signer = signer
    this.#metadata = metadata
    this.#state = state
  }

  get state (): WriterState { return this.#state }

  get metadata (): CapsuleMetadata { return this.#metadata }

  /** Forget batches that were built but not stored (after a failed write). */
  reset (state: WriterState): void { this.#state = state }

  /**
   * Builds the next batch and advances the writer past it. Timestamps never
   * go backwards: a clock that does is clamped to the last timestamp.
   * Throws CapsuleExpiredError once the capsule has expired.
   */
  append (payloads: Uint8Array[], nowUs: number): AppendBatch {
    if (payloads.length === 0) throw new InvalidArgumentError('an append needs at least one record')
    const base = this.#state
    const frontier = base.frontier.clone()
    const timestampUs = Math.max(nowUs, base.lastTimestampUs)
    // A clock past 2255 (or not a number) failed deep in the encoder, as an internal error. (One before the last timestamp is clamped.)
    const problem = Number.isNaN(timestampUs) ? 'is not a number' : microsecondsProblem(Math.floor(timestampUs))
    if (problem !== undefined) throw new InvalidArgumentError(`the writer's clock, ${timestampUs} microseconds since the epoch, ${problem}: nothing was signed`)
    checkNotExpired(this.name, this.#metadata, timestampUs, `records ${base.size}..${base.size + payloads.length - 1}`)
    const records: CapsuleRecord[] = []
    const nodes: TreeNode[] = []
    const onNode = (level: number, index: number, hash: Uint8Array): void => { nodes.push({ level, index, hash }) }
    let prevHash = base.lastHash
    for (const payload of payloads) {
      if (payload.length > MAX_PAYLOAD_LENGTH) throw new InvalidArgumentError(`a record payload is at most ${MAX_PAYLOAD_LENGTH} bytes, got ${payload.length}`)
      const record = recordFromParts({ seqno: base.size + records.length, timestampUs, prevHash, payloadHash: sha256(payload), payloadLength: payload.length }, payload)
      const hash = record.hash
      records.push(record)
      frontier.append(hash, onNode)
      prevHash = hash
    }
    const state: WriterState = { size: frontier.size, lastHash: prevHash, lastTimestampUs: timestampUs, frontier }
    const heartbeat = signHeartbeat({ capsule: this.name, size: state.size, root: frontier.root(), lastRecordHash: lastRecordHashOf(state), timestampUs }, this.#signer)
    this.#state = state
    return { capsule: this.name, baseSize: base.size, baseHash: base.lastHash, records, nodes, heartbeat, state } as unknown as AppendBatch
  }
}

/** Throws CapsuleExpiredError when `timestampUs` is at or after the capsule's expiry. */
function checkNotExpired (name: Uint8Array, metadata: CapsuleMetadata, timestampUs: number, what: string): void {
  if (metadata.expiresAtUs !== 0 && timestampUs >= metadata.expiresAtUs) {
    throw new CapsuleExpiredError(`capsule ${formatName(name)} expired at ${new Date(metadata.expiresAtUs / 1000).toISOString()}: ${what} stamped ${new Date(timestampUs / 1000).toISOString()} cannot be appended`)
  }
}

/**
 * Checks records and a heartbeat received from elsewhere against the state
 * they claim to extend: at least one record, contiguous sequence numbers,
 * the hash chain, timestamps that never decrease (from the last heartbeat's,
 * through the records, to the new heartbeat's) and fall before the expiry,
 * payload hashes, and a heartbeat signed by the writer that states exactly
 * the resulting tree. `heartbeatVerified`: the caller checked the
 * heartbeat's signature (verifyHeartbeat) already, before it decoded the
 * records (a server refuses a forged batch before it hashes any of them).
 */
export function verifyAppendBatch (name: Uint8Array, metadata: CapsuleMetadata, base: WriterState, records: CapsuleRecord[], heartbeat: SignedHeartbeat, { heartbeatVerified = false }: { heartbeatVerified?: boolean } = {}): AppendBatch {
  const where = `capsule ${formatName(name)}`
  if (!heartbeatVerified) verifyHeartbeat(heartbeat, name, metadata)
  // A heartbeat with no records before it would sign no change; the store keeps one heartbeat per size.
  if (records.length === 0) throw new ChainMismatchError(`${where}: the heartbeat at size ${heartbeat.heartbeat.size} comes with no records; an append batch has at least one`)
  const frontier = base.frontier.clone()
  const nodes: TreeNode[] = []
  const onNode = (level: number, index: number, hash: Uint8Array): void => { nodes.push({ level, index, hash }) }
  let prevHash = base.lastHash
  let lastTimestampUs = base.lastTimestampUs
  const checked: CapsuleRecord[] = []
  for (const input of records) {
    // Rebuilt here, so the batch holds only hashes and encodings this code computed.
    const record = recordFromParts(input.header, input.payload)
    const h = record.header
    const expected = frontier.size
    if (h.seqno !== expected) throw new ChainMismatchError(`${where}: expected record ${expected}, got ${h.seqno}`)
    if (!equalBytes(h.prevHash, prevHash)) throw new ChainMismatchError(`${where}: record ${h.seqno} does not chain to record ${h.seqno - 1}`)
    if (h.timestampUs < lastTimestampUs) throw new ChainMismatchError(`${where}: record ${h.seqno} has a timestamp before ${h.seqno === base.size ? 'the last heartbeat\'s' : 'its predecessor\'s'}`)
    if (h.payloadLength !== record.payload.length || !equalBytes(sha256(record.payload), h.payloadHash)) throw new ChainMismatchError(`${where}: record ${h.seqno} payload does not match its hash`)
    if (!equalBytes(input.hash, record.hash)) throw new ChainMismatchError(`${where}: record ${h.seqno} hash is wrong`)
    frontier.append(record.hash, onNode)
    checked.push(record)
    prevHash = record.hash
    lastTimestampUs = h.timestampUs
  }
  const hb = heartbeat.heartbeat
  const state: WriterState = { size: frontier.size, lastHash: prevHash, lastTimestampUs: hb.timestampUs, frontier }
  if (hb.size !== state.size) throw new ChainMismatchError(`${where}: heartbeat states size ${hb.size}, the records end at ${state.size}`)
  if (!equalBytes(hb.root, frontier.root())) throw new ChainMismatchError(`${where}: heartbeat root does not match the records`)
  if (!equalBytes(hb.lastRecordHash, lastRecordHashOf(state))) throw new ChainMismatchError(`${where}: heartbeat last record hash does not match the records`)
  if (hb.timestampUs < lastTimestampUs) throw new ChainMismatchError(`${where}: heartbeat is older than its last record`)
  checkNotExpired(name, metadata, hb.timestampUs, `the heartbeat at size ${hb.size}`)
  return { capsule: name, baseSize: base.size, baseHash: base.lastHash, records: checked, nodes, heartbeat, state } as unknown as AppendBatch
}

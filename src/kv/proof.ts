/**
 * Verified reads of a key-value capsule (docs/kv.md section 6): the proof a
 * server sends with a read, its canonical encoding, and its verification
 * against a heartbeat the capsule's writer signed. Pure: no I/O.
 *
 * A proof is a checkpoint record, its inclusion in the heartbeat's tree, and
 * a partial state tree (tree.ts) whose root is the checkpoint's. Verifying
 * it yields a KvTreeView that answers only what the proof shows: a get,
 * list or count it does not cover throws InvalidProofError rather than
 * guess.
 */
import { requireCanonical } from '../capsule/canonical.js'
import { headerFromPb, headerToPb, inclusionProofFromPb, inclusionProofToPb, recordFromPb, recordHash, recordToPb, signedHeartbeatFromPb, signedHeartbeatToPb } from '../capsule/codec.js'
import { verifyHeartbeat } from '../capsule/heartbeat.js'
import { verifyInclusion } from '../capsule/merkle.js'
import type { CapsuleMetadata, CapsuleRecord, Heartbeat, InclusionProof, RecordHeader, SignedHeartbeat } from '../capsule/types.js'
import { equalBytes, HASH_LENGTH, sha256 } from '../crypto/hash.js'
import { InvalidProofError, MalformedMessageError } from '../errors.js'
import { decodeProto, pb } from '../wire/index.js'
import { compareKeys, countWireFields, describeKey, decodeKvRecord, inBounds, MAX_ENCRYPTION_EPOCH, MAX_KEY_LENGTH, type KeyBounds, type KvCheckpoint } from './format.js'
import {
  intervalHolds, intervalInside, intervalOutside, leftOf, rankOf, rightOf, treeNodeHash,
  type KeyInterval, type KvCommitment, type KvProofNode, type KvTreeEntry, type SubtreeRef
} from './tree.js'

/** Nodes in one partial tree, at most: a page of a range proof stays far below it. */
export const MAX_PROOF_NODES = 65_536

export interface KvProof {
  heartbeat: SignedHeartbeat
  /** The checkpoint record, header and payload. */
  checkpoint: CapsuleRecord
  checkpointInclusion: InclusionProof
  /** The partial state tree in pre-order; empty when the checkpoint holds no keys. */
  nodes: KvProofNode[]
  /** For reads by time: the record after the checkpoint, which bounds how long its state lasted. */
  next?: { header: RecordHeader, inclusion: InclusionProof }
}

// ---- encoding ----

function proofNodeToPb (n: KvProofNode): pb.IKvProofNode {
  if (n.type === 'pruned') return { pruned: { hash: n.hash, count: n.count } }
  const e = n.entry
  return { entry: { key: e.key, valueHash: e.valueHash, encryptionEpoch: e.encryptionEpoch, seqno: e.seqno, hasLeft: n.hasLeft, hasRight: n.hasRight } }
}

/** The canonical encoding of a proof (a KvProof message). */
export function encodeKvProof (proof: KvProof): Uint8Array {
  return pb.KvProof.encode({
    heartbeat: signedHeartbeatToPb(proof.heartbeat),
    checkpoint: recordToPb(proof.checkpoint),
    checkpointInclusion: inclusionProofToPb(proof.checkpointInclusion),
    nodes: proof.nodes.map(proofNodeToPb),
    nextHeader: proof.next === undefined ? null : headerToPb(proof.next.header),
    nextInclusion: proof.next === undefined ? null : inclusionProofToPb(proof.next.inclusion)
  }).finish()
}

/** What is wrong with the form of a proof node, or undefined: the checks that need no tree. */
function proofNodeProblem (n: KvProofNode, i: number): string | undefined {
  if (n.type === 'pruned') {
    if (n.hash.length !== HASH_LENGTH) return `node ${i}: a pruned subtree's hash is ${HASH_LENGTH} bytes, got ${n.hash.length}`
    if (!Number.isSafeInteger(n.count) || n.count < 1) return `node ${i}: a pruned subtree holds at least one key, in [1, 2^53), got ${n.count}`
    return undefined
  }
  const e = n.entry
  if (e.key.length === 0 || e.key.length > MAX_KEY_LENGTH) return `node ${i}: key is ${e.key.length} bytes; a key is 1 to ${MAX_KEY_LENGTH}`
  if (e.valueHash.length !== HASH_LENGTH) return `node ${i}: value hash is ${HASH_LENGTH} bytes, got ${e.valueHash.length}`
  if (!Number.isSafeInteger(e.seqno) || e.seqno < 0) return `node ${i}: seqno ${e.seqno} is not an integer in [0, 2^53)`
  if (!Number.isInteger(e.encryptionEpoch) || e.encryptionEpoch < 0 || e.encryptionEpoch > MAX_ENCRYPTION_EPOCH) return `node ${i}: encryption epoch ${e.encryptionEpoch} is not a uint32`
  return undefined
}

const EMPTY = new Uint8Array(0)

function proofNodeFromPb (value: pb.KvProofNode): KvProofNode {
  switch (value.node) {
    case 'pruned': return { type: 'pruned', hash: value.pruned!.hash ?? EMPTY, count: value.pruned!.count ?? 0 }
    case 'entry': {
      const e = value.entry!
      return {
        type: 'entry',
        entry: { key: e.key ?? EMPTY, valueHash: e.valueHash ?? EMPTY, encryptionEpoch: e.encryptionEpoch ?? 0, seqno: e.seqno ?? 0 },
        hasLeft: e.hasLeft ?? false,
        hasRight: e.hasRight ?? false
      }
    }
    default: throw new MalformedMessageError('key-value proof node holds neither an entry nor a pruned subtree')
  }
}

/**
 * Decodes a proof from its canonical encoding; checks its form (limits,
 * lengths), not what it proves (see verifyKvProof). Throws
 * MalformedMessageError.
 */
export function decodeKvProof (bytes: Uint8Array): KvProof {
  // Counted before decoding, so that a flood of tiny nodes is refused before it becomes objects.
  if (countWireFields(bytes, [4], MAX_PROOF_NODES) > MAX_PROOF_NODES) throw new MalformedMessageError(`key-value proof has more than ${MAX_PROOF_NODES} nodes`)
  const value = decodeProto(pb.KvProof, bytes, 'key-value proof')
  const nodes = value.nodes ?? []
  if (value.checkpoint == null) throw new MalformedMessageError('key-value proof has no checkpoint record')
  const proof: KvProof = {
    heartbeat: signedHeartbeatFromPb(value.heartbeat),
    checkpoint: recordFromPb(value.checkpoint),
    checkpointInclusion: inclusionProofFromPb(value.checkpointInclusion),
    nodes: nodes.map((n) => proofNodeFromPb(n as pb.KvProofNode))
  }
  for (const [i, n] of proof.nodes.entries()) {
    const problem = proofNodeProblem(n, i)
    if (problem !== undefined) throw new MalformedMessageError(`key-value proof ${problem}`)
  }
  if ((value.nextHeader == null) !== (value.nextInclusion == null)) throw new MalformedMessageError('key-value proof has one of next_header and next_inclusion without the other')
  if (value.nextHeader != null) proof.next = { header: headerFromPb(value.nextHeader), inclusion: inclusionProofFromPb(value.nextInclusion) }
  requireCanonical(bytes, encodeKvProof(proof), 'key-value proof')
  return proof
}

// ---- the partial tree ----

type VerifiedNode =
  | { type: 'entry', entry: KvTreeEntry, left?: VerifiedNode, right?: VerifiedNode }
  | { type: 'pruned', count: number }


/** What a verified partial tree shows of a state; answers only what it covers. Made only by verifyKvTree. */
export interface KvTreeView {
  readonly commitment: KvCommitment
  /** The entry of `key`, or undefined when the proof shows it absent. Throws InvalidProofError when the proof does not cover it. */
  get: (key: Uint8Array) => KvTreeEntry | undefined
  /** Every entry within the bounds, in key order. Throws InvalidProofError when a subtree that may hold one is not shown. */
  list: (bounds: KeyBounds) => KvTreeEntry[]
  /** How many keys lie within the bounds. Throws InvalidProofError when a subtree straddling a bound is not shown. */
  count: (bounds: KeyBounds) => number
}

class VerifiedTree implements KvTreeView {
  readonly commitment: KvCommitment
  readonly #root: VerifiedNode | undefined

  constructor (commitment: KvCommitment, root: VerifiedNode | undefined) {
    this.commitment = commitment
    this.#root = root
  }

  get (key: Uint8Array): KvTreeEntry | undefined {
    let at = this.#root
    while (at !== undefined) {
      if (at.type === 'pruned') throw new InvalidProofError(`the proof does not cover key ${describeKey(key)}`)
      const order = compareKeys(key, at.entry.key)
      if (order === 0) return at.entry
      at = order < 0 ? at.left : at.right
    }
    return undefined
  }

  list (bounds: KeyBounds): KvTreeEntry[] {
    const out: KvTreeEntry[] = []
    const walk = (n: VerifiedNode | undefined, interval: KeyInterval): void => {
      if (n === undefined || intervalOutside(interval, bounds)) return
      if (n.type === 'pruned') throw new InvalidProofError('the proof does not show every key of the range: a subtree that may hold some is given only by its hash')
      walk(n.left, leftOf(interval, n.entry.key))
      if (inBounds(n.entry.key, bounds)) out.push(n.entry)
      walk(n.right, rightOf(interval, n.entry.key))
    }
    walk(this.#root, {})
    return out
  }

  count (bounds: KeyBounds): number {
    const walk = (n: VerifiedNode | undefined, interval: KeyInterval): number => {
      if (n === undefined || intervalOutside(interval, bounds)) return 0
      if (n.type === 'pruned') {
        if (intervalInside(interval, bounds)) return n.count
        throw new InvalidProofError('the proof does not count the range: a subtree across one of its bounds is given only by its hash')
      }
      return walk(n.left, leftOf(interval, n.entry.key)) + (inBounds(n.entry.key, bounds) ? 1 : 0) + walk(n.right, rightOf(interval, n.entry.key))
    }
    return walk(this.#root, {})
  }
}

/**
 * Checks a partial tree against a commitment: its nodes form a tree in
 * pre-order, shown keys in search-tree order and shown children ranked
 * below their parents, and the hashes and counts computed from it are the
 * commitment's. Throws InvalidProofError.
 */
export function verifyKvTree (commitment: KvCommitment, nodes: KvProofNode[]): KvTreeView {
  if (nodes.length > MAX_PROOF_NODES) throw new InvalidProofError(`the partial tree has ${nodes.length} nodes, at most ${MAX_PROOF_NODES} allowed`)
  for (const [i, n] of nodes.entries()) {
    const problem = proofNodeProblem(n, i)
    if (problem !== undefined) throw new InvalidProofError(`partial tree ${problem}`)
  }
  if (commitment.keyCount === 0) {
    if (nodes.length !== 0) throw new InvalidProofError('the state has no keys, but the proof shows a tree')
    return new VerifiedTree(commitment, undefined)
  }
  let next = 0
  // Recursion is safe without a depth limit: a node is descended into only once it ranks
  // below its parent, so a path of depth d takes about 2^d hashes to forge (docs/kv.md 6.2).
  const parse = (interval: KeyInterval, parentRank: Uint8Array | undefined): { ref: SubtreeRef, node: VerifiedNode } => {
    const n = nodes[next++]
    if (n === undefined) throw new InvalidProofError('the partial tree ends before its last subtree')
    if (n.type === 'pruned') return { ref: { hash: n.hash, count: n.count }, node: { type: 'pruned', count: n.count } }
    const key = n.entry.key
    if (!intervalHolds(interval, key)) throw new InvalidProofError(`key ${describeKey(key)} is out of search-tree order`)
    const rank = rankOf(key)
    if (parentRank !== undefined && Buffer.compare(rank, parentRank) >= 0) throw new InvalidProofError(`key ${describeKey(key)} ranks above its parent: not the state tree`)
    const left = n.hasLeft ? parse(leftOf(interval, key), rank) : undefined
    const right = n.hasRight ? parse(rightOf(interval, key), rank) : undefined
    const count = 1 + (left?.ref.count ?? 0) + (right?.ref.count ?? 0)
    if (!Number.isSafeInteger(count)) throw new InvalidProofError('the partial tree counts 2^53 keys or more')
    const node: VerifiedNode = { type: 'entry', entry: n.entry }
    if (left !== undefined) node.left = left.node
    if (right !== undefined) node.right = right.node
    return { ref: { hash: treeNodeHash(n.entry, left?.ref, right?.ref), count }, node }
  }
  const root = parse({}, undefined)
  if (next !== nodes.length) throw new InvalidProofError(`the partial tree ends at node ${next - 1}; ${nodes.length - next} more follow`)
  if (!equalBytes(root.ref.hash, commitment.root)) throw new InvalidProofError('the partial tree does not lead to the checkpoint\'s root')
  if (root.ref.count !== commitment.keyCount) throw new InvalidProofError(`the partial tree holds ${root.ref.count} keys, the checkpoint says ${commitment.keyCount}`)
  return new VerifiedTree(commitment, root.node)
}

// ---- the whole proof ----

/** What a verified proof shows: one state of the capsule, where it stands in the history, and the part of it the proof covers. */
export interface ProvenKvState {
  /** The writer-signed heartbeat the proof leads to. */
  heartbeat: Heartbeat
  checkpointSeqno: number
  /** The version of the state: the state after records 0..version-1. */
  version: number
  /**
   * The last version known to have the same state: version + 1 when the
   * checkpoint covers every record before it (a checkpoint changes nothing),
   * else version.
   */
  lastVersion: number
  /**
   * The times at which the capsule was at lastVersion, if the proof shows
   * them (docs/kv.md section 6.4): from the checkpoint record's timestamp
   * up to the next record's, exclusive; with no untilUs, from then on as
   * far as the heartbeat's history goes.
   */
  time?: { fromUs: number, untilUs?: number }
  tree: KvTreeView
}

/**
 * Verifies a proof against the capsule's name and metadata: the heartbeat
 * is the writer's, the checkpoint record is in its tree with a payload
 * that matches its header and holds a checkpoint covering no record after
 * itself, the partial tree leads to the checkpoint's root, and the next
 * record, if given, is the one after the checkpoint in the same tree.
 * Throws InvalidSignatureError, InvalidProofError or MalformedMessageError.
 *
 * @example
 * const state = verifyKvProof(decodeKvProof(bytes), name, metadata)
 * const entry = state.tree.get(key) // undefined: proven absent at state.version
 * if (entry !== undefined) checkValue(entry, value)
 */
export function verifyKvProof (proof: KvProof, name: Uint8Array, metadata: CapsuleMetadata): ProvenKvState {
  verifyHeartbeat(proof.heartbeat, name, metadata)
  const heartbeat = proof.heartbeat.heartbeat
  const record = proof.checkpoint
  const seqno = record.header.seqno
  if (!equalBytes(sha256(record.payload), record.header.payloadHash)) throw new InvalidProofError(`checkpoint record ${seqno}: the payload does not match its hash`)
  const included = (what: string, header: RecordHeader, hash: Uint8Array, inclusion: InclusionProof): void => {
    if (inclusion.index !== header.seqno || inclusion.treeSize !== heartbeat.size) throw new InvalidProofError(`${what}: the inclusion proof is for record ${inclusion.index} in a tree of ${inclusion.treeSize}, not record ${header.seqno} in the heartbeat's ${heartbeat.size}`)
    if (!verifyInclusion(inclusion.index, inclusion.treeSize, hash, inclusion.path, heartbeat.root)) throw new InvalidProofError(`${what}: record ${header.seqno} is not in the heartbeat's tree`)
  }
  // The hash is computed here from the header, never taken from the record object.
  included('checkpoint', record.header, recordHash(record.header), proof.checkpointInclusion)
  const decoded = decodeKvRecord(record.payload)
  if (decoded.type !== 'checkpoint') throw new InvalidProofError(`record ${seqno} is a ${decoded.type}, not a checkpoint`)
  const checkpoint: KvCheckpoint = decoded
  if (checkpoint.version > seqno) throw new InvalidProofError(`checkpoint record ${seqno} claims version ${checkpoint.version}: a checkpoint covers only records before it`)
  const tree = verifyKvTree({ keyCount: checkpoint.keyCount, root: checkpoint.root }, proof.nodes)
  const state: ProvenKvState = { heartbeat, checkpointSeqno: seqno, version: checkpoint.version, lastVersion: checkpoint.version === seqno ? seqno + 1 : checkpoint.version, tree }
  if (proof.next !== undefined) {
    const { header, inclusion } = proof.next
    if (header.seqno !== seqno + 1) throw new InvalidProofError(`the next record given is ${header.seqno}, not ${seqno + 1}`)
    included('next record', header, recordHash(header), inclusion)
    if (header.timestampUs < record.header.timestampUs) throw new InvalidProofError(`record ${header.seqno} is stamped before record ${seqno}: timestamps never decrease`)
  }
  if (checkpoint.version === seqno) {
    const fromUs = record.header.timestampUs
    if (proof.next !== undefined) state.time = { fromUs, untilUs: proof.next.header.timestampUs }
    else if (seqno + 1 === heartbeat.size) state.time = { fromUs }
  }
  return state
}

/**
 * Whether the proven state is the capsule's state at time `timestampUs`
 * (docs/kv.md section 6.4), as far as the heartbeat's history goes.
 */
export function coversTimestamp (state: ProvenKvState, timestampUs: number): boolean {
  const time = state.time
  return time !== undefined && timestampUs >= time.fromUs && (time.untilUs === undefined || timestampUs < time.untilUs)
}

/** Throws InvalidProofError unless `value` is the value the proven entry names. */
export function checkValue (entry: KvTreeEntry, value: Uint8Array): void {
  if (!equalBytes(sha256(value), entry.valueHash)) throw new InvalidProofError(`the value given for key ${describeKey(entry.key)} is not the one the proof shows`)
}

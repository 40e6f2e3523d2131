/**
 * What a reader knows of a capsule: its verified head and recent heartbeats,
 * and the hash links of the records it recently checked, each proven against
 * a signed heartbeat; it turns contradictory heartbeats into fork proofs. It
 * keeps no record: a client's view lives as long as the client (a node's
 * own serves the HTTP gateway), and the records it read are the caller's.
 */
import { equalBytes } from '../crypto/hash.js'
import { ChainMismatchError, ForkDetectedError, InvalidProofError } from '../errors.js'
import { encodeHeartbeat } from './codec.js'
import { divergedFork, sameSizeFork } from './fork.js'
import { verifyHeartbeat } from './heartbeat.js'
import { inclusionPathFromRangeProof, verifyConsistency, VerifiedTree, verifyRange } from './merkle.js'
import { verifySignedMetadata } from './metadata.js'
import { formatName } from './name.js'
import type { CapsuleRecord, ConsistencyProof, InclusionProof, RangeProof, SignedHeartbeat, SignedMetadata } from './types.js'

/**
 * Heartbeats a view keeps, its head's and the most recently met: a
 * subscription to a writer appending one record at a time meets one a
 * record. A fork between one let go and one met later is proven still when
 * the later one meets the head or a record it contradicts.
 */
export const MAX_KEPT_HEARTBEATS = 256

/**
 * Record links (hash and prev_hash) a view keeps, the most recently checked,
 * so a record is checked to chain to its neighbours read before it (a read
 * proves its own run of records together: this is for one read to the next).
 */
export const MAX_KEPT_LINKS = 1024

interface RecordLink { hash: Uint8Array, prevHash: Uint8Array }

export class CapsuleView {
  readonly name: Uint8Array
  readonly signedMetadata: SignedMetadata
  #head: SignedHeartbeat | undefined
  /** The verified heartbeat of the most records met (the head's or later, shown by no consistency proof). */
  #newest: SignedHeartbeat | undefined
  /** Up to MAX_KEPT_HEARTBEATS verified heartbeats by size, the head's among them; a second one of the same size is a fork. */
  readonly #heartbeats = new Map<number, SignedHeartbeat>()
  /**
   * Links of up to MAX_KEPT_LINKS records, in the order they were checked.
   * The record's own arrays: its hash is computed, and a decoded prev_hash is
   * a copy (fixedBytes), so no frame is held through them.
   */
  readonly #links = new Map<number, RecordLink>()
  /** Checks proofs against the tree of the heartbeat the last record was proven against, with what the last proof showed. */
  #verified: VerifiedTree | undefined

  constructor (signedMetadata: SignedMetadata) {
    this.name = verifySignedMetadata(signedMetadata)
    this.signedMetadata = signedMetadata
  }

  get head (): SignedHeartbeat | undefined { return this.#head }

  /** Records the view knows exist: the head's size. */
  get size (): number { return this.#head?.heartbeat.size ?? 0 }

  /**
   * The verified heartbeat of the most records the view met, by a read or an
   * info: the writer signed that its log holds that many, though no proof
   * showed it extends the head. Undefined while the view met none.
   */
  get newest (): SignedHeartbeat | undefined { return this.#newest }

  /**
   * Accepts a heartbeat signed by the writer. Moving the head forward needs a
   * consistency proof from the current head (none while the view is empty).
   * Throws ForkDetectedError when it contradicts a known one of equal size.
   */
  addHeartbeat (signed: SignedHeartbeat, consistency?: ConsistencyProof): void {
    verifyHeartbeat(signed, this.name, this.signedMetadata.metadata)
    this.#remember(signed)
    const head = this.#head
    const hb = signed.heartbeat
    if (head === undefined || hb.size <= head.heartbeat.size) {
      if (head === undefined) this.#head = signed
      return
    }
    if (head.heartbeat.size > 0) {
      if (consistency === undefined || consistency.fromSize !== head.heartbeat.size || consistency.toSize !== hb.size) {
        throw new InvalidProofError(`moving capsule ${formatName(this.name)} from size ${head.heartbeat.size} to ${hb.size} needs a consistency proof between those sizes`)
      }
      if (!verifyConsistency(head.heartbeat.size, hb.size, consistency.path, head.heartbeat.root, hb.root)) {
        throw new InvalidProofError(`heartbeat at size ${hb.size} is not shown to extend the one at size ${head.heartbeat.size}`)
      }
    }
    this.#head = signed
  }

  /**
   * Accepts a heartbeat signed by the writer that comes with no proof that
   * it extends the head (an info's, a lagging replica's maybe): kept, so one
   * of a size met before that states another tree is a fork
   * (ForkDetectedError), and so is a record read later that contradicts it;
   * the head moves only as addHeartbeat moves it.
   */
  meetHeartbeat (signed: SignedHeartbeat): void {
    this.#verifyOnce(signed)
    this.#remember(signed)
    this.#head ??= signed
  }

  #remember (signed: SignedHeartbeat): void {
    const hb = signed.heartbeat
    const known = this.#heartbeats.get(hb.size)
    if (known === undefined) {
      if (hb.size > (this.#newest?.heartbeat.size ?? -1)) this.#newest = signed
      this.#heartbeats.set(hb.size, signed)
      if (this.#heartbeats.size > MAX_KEPT_HEARTBEATS) this.#forgetOldestHeartbeat()
      return
    }
    if (!equalBytes(known.heartbeat.root, hb.root) || !equalBytes(known.heartbeat.lastRecordHash, hb.lastRecordHash)) {
      throw new ForkDetectedError(`capsule ${formatName(this.name)} forked: two signed heartbeats at size ${hb.size} disagree`, sameSizeFork(this.signedMetadata, known, signed))
    }
  }

  /** The one met longest ago, but the head's and the newest: a fork at either is proven against it whenever it was met. */
  #forgetOldestHeartbeat (): void {
    for (const size of this.#heartbeats.keys()) {
      if (size === this.#head?.heartbeat.size || size === this.#newest?.heartbeat.size) continue
      this.#heartbeats.delete(size)
      return
    }
  }

  /**
   * Adds a record proven by an inclusion proof to a heartbeat (which is
   * verified and remembered too). Throws ForkDetectedError when a known
   * heartbeat names another record at that position.
   */
  addRecord (record: CapsuleRecord, proof: InclusionProof, heartbeat: SignedHeartbeat): void {
    const seqno = record.header.seqno
    if (proof.index !== seqno) throw new InvalidProofError(`proof is for record ${proof.index}, not ${seqno}`)
    if (proof.treeSize !== heartbeat.heartbeat.size) throw new InvalidProofError(`proof is for a tree of ${proof.treeSize} records, the heartbeat states ${heartbeat.heartbeat.size}`)
    this.#verifyOnce(heartbeat)
    const tree = this.#verifiedTree(heartbeat)
    if (!tree.verify(seqno, record.hash, proof.path)) throw new InvalidProofError(`record ${seqno} is not in the tree of the heartbeat at size ${proof.treeSize}`)
    this.#remember(heartbeat)
    this.#place(record, heartbeat, () => proof)
  }

  /**
   * Adds consecutive records proven together by a range proof to a
   * heartbeat (docs/spec.md section 6.1), as addRecord adds one; a fork it
   * reveals is proven with the record's inclusion proof, which the range's
   * records and proof give.
   */
  addRange (records: CapsuleRecord[], proof: RangeProof, heartbeat: SignedHeartbeat): void {
    const { from, to, treeSize } = proof
    if (records.length !== to - from || records.some((r, i) => r.header.seqno !== from + i)) {
      throw new InvalidProofError(`range proof is for records ${from}..${to - 1}, not for the ${records.length} records from ${records[0]?.header.seqno ?? '-'} given with it`)
    }
    if (treeSize !== heartbeat.heartbeat.size) throw new InvalidProofError(`range proof is for a tree of ${treeSize} records, the heartbeat states ${heartbeat.heartbeat.size}`)
    this.#verifyOnce(heartbeat)
    const leaves = records.map((r) => r.hash)
    if (!verifyRange(from, to, treeSize, leaves, proof.path, heartbeat.heartbeat.root)) {
      throw new InvalidProofError(`${to - from === 1 ? `record ${from} is` : `records ${from}..${to - 1} are`} not in the tree of the heartbeat at size ${treeSize}`)
    }
    this.#remember(heartbeat)
    records.forEach((record, i) => {
      this.#place(record, heartbeat, () => ({ index: from + i, treeSize, path: inclusionPathFromRangeProof(from + i, from, to, treeSize, leaves, proof.path)! }))
    })
  }

  /** Verifies a heartbeat's signature unless this same heartbeat (statement and signature) was verified already. */
  #verifyOnce (heartbeat: SignedHeartbeat): void {
    const known = this.#heartbeats.get(heartbeat.heartbeat.size)
    const seen = known === heartbeat || (known !== undefined && equalBytes(known.signature, heartbeat.signature) && equalBytes(encodeHeartbeat(known.heartbeat), encodeHeartbeat(heartbeat.heartbeat)))
    if (!seen) verifyHeartbeat(heartbeat, this.name, this.signedMetadata.metadata)
  }

  /**
   * Keeps a record proven in the tree of `heartbeat`, once it agrees with the
   * heartbeat that ends at it (else a fork, proven with `proofOf()`) and
   * chains to the records beside it.
   */
  #place (record: CapsuleRecord, heartbeat: SignedHeartbeat, proofOf: () => InclusionProof): void {
    const seqno = record.header.seqno
    const ending = this.#heartbeats.get(seqno + 1)
    if (ending !== undefined && !equalBytes(ending.heartbeat.lastRecordHash, record.hash)) {
      if (ending.heartbeat.size === heartbeat.heartbeat.size) throw new InvalidProofError(`the heartbeat at size ${seqno + 1} names a last record hash its own tree contradicts`)
      throw new ForkDetectedError(`capsule ${formatName(this.name)} forked at record ${seqno}`, divergedFork(this.signedMetadata, ending, heartbeat, proofOf(), record.hash))
    }
    const before = this.#links.get(seqno - 1)
    const after = this.#links.get(seqno + 1)
    if ((before !== undefined && !equalBytes(record.header.prevHash, before.hash)) || (after !== undefined && !equalBytes(after.prevHash, record.hash))) {
      throw new ChainMismatchError(`record ${seqno} does not chain to its neighbours in capsule ${formatName(this.name)}`)
    }
    if (this.#head === undefined) this.#head = heartbeat
    // Moved to the end: the most recently checked are kept.
    this.#links.delete(seqno)
    this.#links.set(seqno, { hash: record.hash, prevHash: record.header.prevHash })
    if (this.#links.size > MAX_KEPT_LINKS) this.#links.delete(this.#links.keys().next().value!)
  }

  #verifiedTree (signed: SignedHeartbeat): VerifiedTree {
    const { size, root } = signed.heartbeat
    if (this.#verified?.size !== size || !equalBytes(this.#verified.root, root)) this.#verified = new VerifiedTree(size, root)
    return this.#verified
  }
}

/**
 * What a reader holds of a capsule: verified heartbeats and whichever
 * records it has fetched, each proven against a signed heartbeat. It may have
 * holes and says which; it turns contradictory heartbeats into fork proofs.
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

/** A half-open range of record numbers [from, to). */
export interface SeqRange { from: number, to: number }

export class CapsuleView {
  readonly name: Uint8Array
  readonly signedMetadata: SignedMetadata
  #head: SignedHeartbeat | undefined
  /** Every verified heartbeat by size; a second one of the same size is a fork. */
  readonly #heartbeats = new Map<number, SignedHeartbeat>()
  readonly #records = new Map<number, CapsuleRecord>()
  /** Checks proofs against the tree of the heartbeat the last record was proven against, with what the last proof showed. */
  #verified: VerifiedTree | undefined

  constructor (signedMetadata: SignedMetadata) {
    this.name = verifySignedMetadata(signedMetadata)
    this.signedMetadata = signedMetadata
  }

  get head (): SignedHeartbeat | undefined { return this.#head }

  /** Records the view knows exist: the head's size. */
  get size (): number { return this.#head?.heartbeat.size ?? 0 }

  record (seqno: number): CapsuleRecord | undefined { return this.#records.get(seqno) }

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

  #remember (signed: SignedHeartbeat): void {
    const hb = signed.heartbeat
    const known = this.#heartbeats.get(hb.size)
    if (known === undefined) { this.#heartbeats.set(hb.size, signed); return }
    if (!equalBytes(known.heartbeat.root, hb.root) || !equalBytes(known.heartbeat.lastRecordHash, hb.lastRecordHash)) {
      throw new ForkDetectedError(`capsule ${formatName(this.name)} forked: two signed heartbeats at size ${hb.size} disagree`, sameSizeFork(this.signedMetadata, known, signed))
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
    const before = this.#records.get(seqno - 1)
    const after = this.#records.get(seqno + 1)
    if ((before !== undefined && !equalBytes(record.header.prevHash, before.hash)) || (after !== undefined && !equalBytes(after.header.prevHash, record.hash))) {
      throw new ChainMismatchError(`record ${seqno} does not chain to its neighbours in capsule ${formatName(this.name)}`)
    }
    if (this.#head === undefined) this.#head = heartbeat
    this.#records.set(seqno, record)
  }

  /**
   * Lets go of the records in `range` (a reader done with them), keeping the
   * verified heartbeats: reading them again checks their proofs, not the
   * heartbeats' signatures, again.
   */
  release (range: SeqRange): void {
    if (range.to - range.from > this.#records.size) {
      for (const seqno of this.#records.keys()) if (seqno >= range.from && seqno < range.to) this.#records.delete(seqno)
    } else {
      for (let seqno = range.from; seqno < range.to; seqno++) this.#records.delete(seqno)
    }
  }

  #verifiedTree (signed: SignedHeartbeat): VerifiedTree {
    const { size, root } = signed.heartbeat
    if (this.#verified?.size !== size || !equalBytes(this.#verified.root, root)) this.#verified = new VerifiedTree(size, root)
    return this.#verified
  }

  /** The ranges of [0, size) this view holds no record for. */
  missingRanges (): SeqRange[] {
    const held = [...this.#records.keys()].filter((s) => s < this.size).sort((a, b) => a - b)
    const out: SeqRange[] = []
    let next = 0
    for (const seq of held) {
      if (seq > next) out.push({ from: next, to: seq })
      next = seq + 1
    }
    if (next < this.size) out.push({ from: next, to: this.size })
    return out
  }
}

/**
 * Fork proofs: two heartbeats, both signed by the capsule's writer, that no
 * single append-only history can produce. Portable: the proof carries the
 * metadata, so a checker needs nothing else.
 */
import { equalBytes } from '../crypto/hash.js'
import { InvalidProofError } from '../errors.js'
import { verifyHeartbeat } from './heartbeat.js'
import { rootFromInclusionProof } from './merkle.js'
import { verifySignedMetadata } from './metadata.js'
import type { ForkProof, InclusionProof, SignedHeartbeat, SignedMetadata } from './types.js'

export type ForkKind = 'same-size' | 'diverged'

export interface VerifiedFork {
  capsule: Uint8Array
  kind: ForkKind
  /** Record position where the two histories differ (for 'same-size', somewhere before the size). */
  position: number
}

/** A fork shown by two heartbeats of equal size with different roots. */
export function sameSizeFork (metadata: SignedMetadata, first: SignedHeartbeat, second: SignedHeartbeat): ForkProof {
  return { metadata, first, second }
}

/**
 * A fork shown by a shorter heartbeat and a proof that the longer one holds
 * another record at the shorter one's last position.
 */
export function divergedFork (metadata: SignedMetadata, shorter: SignedHeartbeat, longer: SignedHeartbeat, proof: InclusionProof, recordHash: Uint8Array): ForkProof {
  return { metadata, first: shorter, second: longer, divergence: { proof, recordHash } }
}

/**
 * Checks a fork proof completely (docs/spec.md, "Holes, branches and
 * forks"); throws InvalidProofError if it proves no fork. Timestamps play no part.
 */
export function verifyForkProof (fork: ForkProof): VerifiedFork {
  let name: Uint8Array
  try {
    name = verifySignedMetadata(fork.metadata)
    verifyHeartbeat(fork.first, name, fork.metadata.metadata)
    verifyHeartbeat(fork.second, name, fork.metadata.metadata)
  } catch (err) {
    throw new InvalidProofError(`not a fork proof: ${(err as Error).message}`)
  }
  const a = fork.first.heartbeat
  const b = fork.second.heartbeat
  if (a.size === b.size) {
    if (fork.divergence !== undefined) throw new InvalidProofError('a fork between heartbeats of equal size carries no divergence proof')
    if (equalBytes(a.root, b.root) && equalBytes(a.lastRecordHash, b.lastRecordHash)) throw new InvalidProofError('not a fork: both heartbeats state the same tree')
    return { capsule: name, kind: 'same-size', position: a.size - 1 }
  }
  const [shorter, longer] = a.size < b.size ? [a, b] : [b, a]
  if (shorter.size === 0) throw new InvalidProofError('not a fork: every history extends the empty capsule')
  const d = fork.divergence
  if (d === undefined) throw new InvalidProofError('heartbeats of different sizes prove a fork only with a divergence proof')
  const position = shorter.size - 1
  if (d.proof.index !== position || d.proof.treeSize !== longer.size) throw new InvalidProofError(`divergence proof must be for record ${position} in the tree of ${longer.size}`)
  const root = rootFromInclusionProof(d.proof.index, d.proof.treeSize, d.recordHash, d.proof.path)
  if (!equalBytes(root, longer.root)) throw new InvalidProofError('divergence proof does not lead to the longer heartbeat\'s root')
  if (equalBytes(d.recordHash, shorter.lastRecordHash)) throw new InvalidProofError('not a fork: the longer tree holds the same record at that position')
  return { capsule: name, kind: 'diverged', position }
}

/**
 * The replica count a capsule's policy holds its set to, for the servers
 * that keep the set (removals, moves) and the clients that change it
 * (moves, drains), so that both count alike.
 */
import type { CapsuleMetadata } from '../capsule/types.js'
import { replicasOf, writeQuorumOf } from '../routing/replica-set.js'

/**
 * The fewest servers a capsule's set may be left with by a removal: its
 * `replicas`, or its write quorum where that is more (`replicas` 0 leaves
 * the quorum free), and what asks for them. Held to `replicas` alone, a
 * removal took a capsule of replicas 0 and write quorum 2 to one server,
 * and every append after it was refused for good.
 */
export function serversWanted (metadata: CapsuleMetadata): { count: number, asksFor: string } {
  const replicas = replicasOf(metadata)
  const quorum = writeQuorumOf(metadata)
  return quorum > replicas ? { count: quorum, asksFor: `a write quorum of ${quorum}` } : { count: replicas, asksFor: `${replicas} replicas` }
}

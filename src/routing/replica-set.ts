/**
 * A capsule's replicas: the owner's AdCert for each server that holds it
 * (docs/replication.md). The set says where a replica passes appends on to
 * and fetches missing records from, and whose acknowledgements a writer
 * counts towards the write quorum. Only the owner can add to it: each member
 * is an AdCert the owner signed.
 */
import type { CapsuleMetadata, SignedMetadata } from '../capsule/types.js'
import { formatName } from '../capsule/name.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { InvalidArgumentError, MalformedMessageError } from '../errors.js'
import { decodeProto, pb } from '../wire/index.js'
import { signedDeletionFromPb, signedDeletionToPb, type SignedCapsuleDeletion } from '../capsule/deletion.js'
import { signedPlacementDelegationFromPb, signedPlacementDelegationToPb, verifyPlacementDelegation, type SignedPlacementDelegation } from '../capsule/delegation.js'
import { CLOCK_SKEW_US, signedAdCertFromPb, signedAdCertToPb, verifyAdCert, type SignedAdCert } from './certificates.js'

/** Servers one capsule may name as replicas: each is a peer every other one talks to. */
export const MAX_REPLICAS = 16

/** Replicas the capsule's policy asks for: `replicas`, or 1 when it leaves it to the server (0). */
export function replicasOf (metadata: CapsuleMetadata): number {
  return Math.max(1, metadata.replication.replicas)
}

/**
 * Replicas that must hold a batch before it is acknowledged: `write_quorum`,
 * or a majority of the replicas when it is 0 (so that any two quorums meet);
 * one for an always-write capsule.
 */
export function writeQuorumOf (metadata: CapsuleMetadata): number {
  if (metadata.replication.alwaysWrite === true) return 1
  return metadata.replication.writeQuorum !== 0 ? metadata.replication.writeQuorum : Math.floor(replicasOf(metadata) / 2) + 1
}

/** Removals a replica set keeps, at most: one per server it may have named. */
export const MAX_REMOVALS = 64
/** Placement delegations a replica set carries, at most: one per delegate. */
export const MAX_DELEGATIONS = 8

/**
 * What a replica set carries besides its members, each signed by the owner
 * (or a delegate): the removals of servers that left it, and the placement
 * delegations that let other keys change it.
 */
export interface ReplicaSetOrders {
  removals: SignedCapsuleDeletion[]
  delegations: SignedPlacementDelegation[]
}

export function replicaSetToPb (adCerts: SignedAdCert[], orders: Partial<ReplicaSetOrders> = {}): pb.IReplicaSet {
  return { adcerts: adCerts.map(signedAdCertToPb), removals: (orders.removals ?? []).map(signedDeletionToPb), delegations: (orders.delegations ?? []).map(signedPlacementDelegationToPb) }
}

export function replicaSetFromPb (value: pb.IReplicaSet | null | undefined): SignedAdCert[] {
  const adCerts = (value?.adcerts ?? []).map(signedAdCertFromPb)
  if (adCerts.length > MAX_REPLICAS) throw new MalformedMessageError(`a replica set names ${adCerts.length} servers, more than ${MAX_REPLICAS}`)
  return adCerts
}

/** The owner's removals a replica set carries (each still to be checked against the metadata). */
export function removalsFromPb (value: pb.IReplicaSet | null | undefined): SignedCapsuleDeletion[] {
  const removals = (value?.removals ?? []).map(signedDeletionFromPb)
  if (removals.length > MAX_REMOVALS) throw new MalformedMessageError(`a replica set carries ${removals.length} removals, more than ${MAX_REMOVALS}`)
  if (removals.some((r) => r.deletion.server === undefined)) throw new MalformedMessageError('a removal in a replica set names no server')
  return removals
}

/** The owner's placement delegations a replica set carries (each still to be checked against the metadata). */
export function delegationsFromPb (value: pb.IReplicaSet | null | undefined): SignedPlacementDelegation[] {
  const delegations = (value?.delegations ?? []).map(signedPlacementDelegationFromPb)
  if (delegations.length > MAX_DELEGATIONS) throw new MalformedMessageError(`a replica set carries ${delegations.length} placement delegations, more than ${MAX_DELEGATIONS}`)
  return delegations
}

/**
 * The delegations of a replica set that hold at `nowUs`, each checked against
 * the capsule's metadata (one the owner did not sign throws); expired ones
 * are left out.
 */
export function currentDelegations (delegations: SignedPlacementDelegation[], name: Uint8Array, metadata: SignedMetadata, nowUs: number): SignedPlacementDelegation[] {
  const current = delegations.filter((d) => d.delegation.notAfterUs >= nowUs)
  for (const d of current) verifyPlacementDelegation(d, name, metadata, nowUs, CLOCK_SKEW_US)
  return current
}

/** Delegations with `added` in, each replacing one to the same delegate that began earlier; the newest MAX_DELEGATIONS. */
export function withDelegations (held: SignedPlacementDelegation[], added: SignedPlacementDelegation[]): SignedPlacementDelegation[] {
  let kept = held
  for (const d of added) {
    const same = kept.find((k) => equalBytes(k.delegation.delegate, d.delegation.delegate))
    if (same !== undefined && same.delegation.notBeforeUs >= d.delegation.notBeforeUs) continue
    kept = [...kept.filter((k) => k !== same), d]
  }
  return kept.sort((a, b) => a.delegation.notBeforeUs - b.delegation.notBeforeUs).slice(-MAX_DELEGATIONS)
}

export function encodeReplicaSet (adCerts: SignedAdCert[], orders: Partial<ReplicaSetOrders> = {}): Uint8Array {
  return pb.ReplicaSet.encode(replicaSetToPb(adCerts, orders)).finish()
}

export function decodeReplicaSet (bytes: Uint8Array): ReplicaSetOrders & { adCerts: SignedAdCert[] } {
  const value = decodeProto(pb.ReplicaSet, bytes, 'replica set')
  return { adCerts: replicaSetFromPb(value), removals: removalsFromPb(value), delegations: delegationsFromPb(value) }
}

/** Bytes of a replica set's digest in a listing (CapsuleSummary.set_digest): enough to tell that a set changed. */
export const SET_DIGEST_BYTES = 8

/**
 * What a server lists of a capsule's replica set as it stores it (encoded):
 * a peer compares heads again when it changes, as a removal or an add
 * leaves the capsule's size as it was.
 */
export function replicaSetDigest (encoded: Uint8Array): Uint8Array {
  return sha256(encoded).slice(0, SET_DIGEST_BYTES)
}

/**
 * Whether a move's target took the capsule over from `from`, by the replica
 * set it answers with: it names the target and no longer the source (the
 * take-over's create dropped it). How a switch whose answer was lost is
 * found done.
 */
export function tookOver (targetSet: SignedAdCert[], to: Uint8Array, from: Uint8Array): boolean {
  return targetSet.some((a) => equalBytes(a.cert.server, to)) && !targetSet.some((a) => equalBytes(a.cert.server, from))
}

/**
 * Whether the owner removed `adCert`'s server after signing it: an AdCert
 * issued before a removal of its server does not put it back in the set (a
 * create replayed with an old set cannot undo a removal); a later one does.
 */
export function removedBy (adCert: SignedAdCert, removals: SignedCapsuleDeletion[]): boolean {
  return removals.some((r) => equalBytes(r.deletion.server!, adCert.cert.server) && adCert.cert.notBeforeUs <= r.deletion.deletedAtUs)
}

/** Removals with `removal` in, replacing an older one of the same server; the newest MAX_REMOVALS. */
export function withRemoval (removals: SignedCapsuleDeletion[], removal: SignedCapsuleDeletion): SignedCapsuleDeletion[] {
  const others = removals.filter((r) => !equalBytes(r.deletion.server!, removal.deletion.server!))
  const older = removals.find((r) => equalBytes(r.deletion.server!, removal.deletion.server!))
  const kept = older !== undefined && older.deletion.deletedAtUs > removal.deletion.deletedAtUs ? older : removal
  return [...others, kept].sort((a, b) => a.deletion.deletedAtUs - b.deletion.deletedAtUs).slice(-MAX_REMOVALS)
}

/**
 * The members of `offered` and of `held` not in it, one AdCert per server
 * (the one that lasts longer), none expired at `nowUs` nor `barred`;
 * offered ones first, in their order. Barred ones go before the choice: a
 * server removed and placed again on an AdCert that ends sooner was kept on
 * the old one, which the removal bars, and so left out.
 */
export function joinedMembers (held: SignedAdCert[], offered: SignedAdCert[], nowUs: number, barred: (a: SignedAdCert) => boolean): SignedAdCert[] {
  const byServer = new Map<string, SignedAdCert>()
  for (const a of [...offered, ...held]) {
    if (a.cert.notAfterUs < nowUs || barred(a)) continue
    const k = formatName(a.cert.server)
    const kept = byServer.get(k)
    if (kept === undefined) byServer.set(k, a)
    else if (a.cert.notAfterUs > kept.cert.notAfterUs) byServer.set(k, a)
  }
  return [...byServer.values()]
}

/**
 * The date up to which an AdCert no longer brings a server into a set that
 * does not hold it, once the set keeps MAX_REMOVALS removals: the oldest
 * kept one's. A full set may have dropped older removals for newer ones,
 * and a create replayed with the AdCert of a server whose removal it dropped
 * would put that server back; every dropped removal is dated at or before
 * the oldest kept. Undefined while the set keeps fewer (then it keeps every
 * removal it was given).
 */
export function removalFloorUs (removals: SignedCapsuleDeletion[]): number | undefined {
  if (removals.length < MAX_REMOVALS) return undefined
  return Math.min(...removals.map((r) => r.deletion.deletedAtUs))
}

/**
 * Checks a replica set offered with a create: each AdCert is the owner's for
 * this capsule and valid now, no server is named twice, and there are at
 * least as many as the policy asks for. Returns the servers, in order.
 */
export function verifyReplicaSet (adCerts: SignedAdCert[], name: Uint8Array, metadata: SignedMetadata, nowUs: number): Uint8Array[] {
  const servers: Uint8Array[] = []
  for (const adCert of adCerts) {
    verifyAdCert(adCert, name, metadata, adCert.cert.server, nowUs)
    if (servers.some((s) => equalBytes(s, adCert.cert.server))) throw new InvalidArgumentError(`the replica set names server ${formatName(adCert.cert.server)} twice`)
    servers.push(adCert.cert.server)
  }
  const wanted = replicasOf(metadata.metadata)
  if (servers.length < wanted) throw new InvalidArgumentError(`capsule ${formatName(name)} asks for ${wanted} replicas; the create names ${servers.length} (give one AdCert per replica)`)
  return servers
}

/** The servers of a stored replica set whose AdCerts are still valid at `nowUs` (checked when the set was accepted). */
export function currentReplicas (adCerts: SignedAdCert[], nowUs: number): Uint8Array[] {
  return adCerts.filter((a) => a.cert.notBeforeUs <= nowUs && nowUs <= a.cert.notAfterUs).map((a) => a.cert.server)
}

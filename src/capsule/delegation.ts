/**
 * Placement delegations (docs/spec.md section 3.1): the owner lets another
 * key, typically a domain operator's, place a capsule for a period: sign
 * AdCerts naming servers and remove replicas, so that the operator can drain
 * a server without the owner at hand. Pure: building, encoding, checking.
 */
import { ED25519_SIGNATURE_LENGTH, verifyEd25519 } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { CertificateError, MalformedMessageError } from '../errors.js'
import { decodeProto, fixedBytes, pb, safeUint } from '../wire/index.js'
import { publicKeyFromPb, publicKeyToPb } from './codec.js'
import type { Signer } from './metadata.js'
import { formatName, NAME_LENGTH } from './name.js'
import { placementDelegationSigningBytes } from './signing.js'
import type { SignedMetadata } from './types.js'

export interface PlacementDelegation {
  capsule: Uint8Array
  /** Ed25519 public key of the delegate. */
  delegate: Uint8Array
  /** Microseconds since the epoch, inclusive. */
  notBeforeUs: number
  notAfterUs: number
}
export interface SignedPlacementDelegation { delegation: PlacementDelegation, ownerSignature: Uint8Array }

function delegationToPb (d: PlacementDelegation): pb.IPlacementDelegation {
  return { capsule: d.capsule, delegate: publicKeyToPb({ algorithm: 'ed25519', key: d.delegate }), notBeforeUs: d.notBeforeUs, notAfterUs: d.notAfterUs }
}

export function encodePlacementDelegation (d: PlacementDelegation): Uint8Array {
  return pb.PlacementDelegation.encode(delegationToPb(d)).finish()
}

/** The owner (holding the key the capsule's metadata names) signs a delegation. */
export function signPlacementDelegation (delegation: PlacementDelegation, owner: Signer): SignedPlacementDelegation {
  return { delegation, ownerSignature: owner.sign(placementDelegationSigningBytes(encodePlacementDelegation(delegation))) }
}

export function signedPlacementDelegationToPb (s: SignedPlacementDelegation): pb.ISignedPlacementDelegation {
  return { delegation: delegationToPb(s.delegation), ownerSignature: s.ownerSignature }
}

export function signedPlacementDelegationFromPb (value: pb.ISignedPlacementDelegation | null | undefined): SignedPlacementDelegation {
  const d = value?.delegation
  if (d == null) throw new MalformedMessageError('the placement delegation is missing')
  const delegation = {
    capsule: fixedBytes(d.capsule, NAME_LENGTH, 'placement delegation capsule'),
    delegate: publicKeyFromPb(d.delegate, 'placement delegation delegate').key,
    notBeforeUs: safeUint(d.notBeforeUs, 'placement delegation not_before_us'),
    notAfterUs: safeUint(d.notAfterUs, 'placement delegation not_after_us')
  }
  if (delegation.notAfterUs < delegation.notBeforeUs) throw new MalformedMessageError('the placement delegation ends before it begins')
  return { delegation, ownerSignature: fixedBytes(value!.ownerSignature, ED25519_SIGNATURE_LENGTH, 'placement delegation owner_signature') }
}

export function encodeSignedPlacementDelegation (s: SignedPlacementDelegation): Uint8Array {
  return pb.SignedPlacementDelegation.encode(signedPlacementDelegationToPb(s)).finish()
}

export function decodeSignedPlacementDelegation (bytes: Uint8Array): SignedPlacementDelegation {
  return signedPlacementDelegationFromPb(decodeProto(pb.SignedPlacementDelegation, bytes, 'placement delegation'))
}

/**
 * Throws unless `signed` is the owner's delegation of capsule `name` (whose
 * verified metadata is `metadata`) and holds at `atUs` (a peer's clock may
 * run `skewUs` ahead of ours: its statements may start that much early).
 */
export function verifyPlacementDelegation (signed: SignedPlacementDelegation, name: Uint8Array, metadata: SignedMetadata, atUs: number, skewUs = 0): void {
  const d = signed.delegation
  const what = `the placement delegation of capsule ${formatName(name)}`
  if (!equalBytes(d.capsule, name)) throw new CertificateError('wrong-capsule', `${what} is for capsule ${formatName(d.capsule)}`)
  if (!verifyEd25519(metadata.metadata.owner.key, placementDelegationSigningBytes(encodePlacementDelegation(d)), signed.ownerSignature)) {
    throw new CertificateError('bad-signature', `${what} is not signed by its owner`)
  }
  if (atUs + skewUs < d.notBeforeUs) throw new CertificateError('not-yet-valid', `${what} is not valid before ${new Date(d.notBeforeUs / 1000).toISOString()}`)
  if (atUs > d.notAfterUs) throw new CertificateError('expired', `${what} expired at ${new Date(d.notAfterUs / 1000).toISOString()}`)
}

/** Whether `delegation` names `key` as its delegate. */
export function delegatesTo (delegation: SignedPlacementDelegation, key: Uint8Array): boolean {
  return equalBytes(delegation.delegation.delegate, key)
}

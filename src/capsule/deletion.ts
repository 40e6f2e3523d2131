/**
 * The owner's signed order to delete a capsule (docs/spec.md section 3;
 * docs/replication.md, "Deletion"). Pure: building, encoding and checking.
 */
import { ED25519_SIGNATURE_LENGTH, verifyEd25519 } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { InvalidSignatureError, MalformedMessageError } from '../errors.js'
import { decodeProto, fixedBytes, pb, safeUint } from '../wire/index.js'
import { signedPlacementDelegationFromPb, signedPlacementDelegationToPb, verifyPlacementDelegation, type SignedPlacementDelegation } from './delegation.js'
import type { Signer } from './metadata.js'
import { formatName, NAME_LENGTH } from './name.js'
import { deletionSigningBytes } from './signing.js'
import type { SignedMetadata } from './types.js'

/** With `server`, the removal of one replica: that server deletes the capsule, the others drop it from the set. */
export interface CapsuleDeletion { capsule: Uint8Array, deletedAtUs: number, server?: Uint8Array }
/** Signed by the owner, or, with `delegation`, by the delegate it names (then it removes one replica). */
export interface SignedCapsuleDeletion { deletion: CapsuleDeletion, ownerSignature: Uint8Array, delegation?: SignedPlacementDelegation }

function encodeDeletion (d: CapsuleDeletion): Uint8Array {
  return pb.CapsuleDeletion.encode({ capsule: d.capsule, ...(d.deletedAtUs !== 0 ? { deletedAtUs: d.deletedAtUs } : {}), ...(d.server !== undefined ? { server: d.server } : {}) }).finish()
}

/**
 * The owner signs the deletion of capsule `capsule`; with `server`, its
 * removal from that one replica. A delegate signs a removal with the owner's
 * `delegation` to it.
 */
export function signDeletion (capsule: Uint8Array, deletedAtUs: number, owner: Signer, server?: Uint8Array, delegation?: SignedPlacementDelegation): SignedCapsuleDeletion {
  const deletion = { capsule, deletedAtUs, ...(server !== undefined ? { server } : {}) }
  return { deletion, ownerSignature: owner.sign(deletionSigningBytes(encodeDeletion(deletion))), ...(delegation !== undefined ? { delegation } : {}) }
}

export function signedDeletionToPb (s: SignedCapsuleDeletion): pb.ISignedCapsuleDeletion {
  return { deletion: pb.CapsuleDeletion.decode(encodeDeletion(s.deletion)), ownerSignature: s.ownerSignature, ...(s.delegation !== undefined ? { delegation: signedPlacementDelegationToPb(s.delegation) } : {}) }
}

export function signedDeletionFromPb (value: pb.ISignedCapsuleDeletion | null | undefined): SignedCapsuleDeletion {
  if (value?.deletion == null) throw new MalformedMessageError('the deletion is missing')
  return {
    deletion: {
      capsule: fixedBytes(value.deletion.capsule, NAME_LENGTH, 'deletion capsule'),
      deletedAtUs: safeUint(value.deletion.deletedAtUs, 'deletion deleted_at_us'),
      ...(value.deletion.server == null || value.deletion.server.length === 0 ? {} : { server: fixedBytes(value.deletion.server, NAME_LENGTH, 'deletion server') })
    },
    ownerSignature: fixedBytes(value.ownerSignature, ED25519_SIGNATURE_LENGTH, 'deletion owner_signature'),
    ...(value.delegation == null ? {} : { delegation: signedPlacementDelegationFromPb(value.delegation) })
  }
}

export function encodeSignedDeletion (s: SignedCapsuleDeletion): Uint8Array {
  return pb.SignedCapsuleDeletion.encode(signedDeletionToPb(s)).finish()
}

export function decodeSignedDeletion (bytes: Uint8Array): SignedCapsuleDeletion {
  return signedDeletionFromPb(decodeProto(pb.SignedCapsuleDeletion, bytes, 'capsule deletion'))
}

/**
 * Throws unless `signed` deletes the capsule `name` (whose metadata is
 * `metadata`) and its owner signed it, or removes one replica and a delegate
 * signed it under the owner's delegation, valid when the removal says it was
 * signed (a removal stays evidence after its delegation expires).
 */
export function verifyDeletion (signed: SignedCapsuleDeletion, name: Uint8Array, metadata: SignedMetadata): void {
  if (!equalBytes(signed.deletion.capsule, name)) throw new InvalidSignatureError(`the deletion is for capsule ${formatName(signed.deletion.capsule)}, not ${formatName(name)}`)
  let signer = metadata.metadata.owner.key
  if (signed.delegation !== undefined) {
    if (signed.deletion.server === undefined) throw new InvalidSignatureError(`a delegate may remove a replica of capsule ${formatName(name)}, not delete the capsule: only its owner can`)
    verifyPlacementDelegation(signed.delegation, name, metadata, signed.deletion.deletedAtUs)
    signer = signed.delegation.delegation.delegate
  }
  if (!verifyEd25519(signer, deletionSigningBytes(encodeDeletion(signed.deletion)), signed.ownerSignature)) {
    throw new InvalidSignatureError(`the deletion of capsule ${formatName(name)} is not signed by its ${signed.delegation === undefined ? 'owner' : 'owner\'s delegate'}`)
  }
}

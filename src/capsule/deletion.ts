/**
 * The owner's signed order to delete a capsule (docs/spec.md section 3;
 * docs/replication.md, "Deletion"). Pure: building, encoding and checking.
 */
import { ED25519_SIGNATURE_LENGTH, verifyEd25519 } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { InvalidSignatureError, MalformedMessageError } from '../errors.js'
import { decodeProto, fixedBytes, pb, safeUint } from '../wire/index.js'
import type { Signer } from './metadata.js'
import { formatName, NAME_LENGTH } from './name.js'
import { deletionSigningBytes } from './signing.js'
import type { SignedMetadata } from './types.js'

export interface CapsuleDeletion { capsule: Uint8Array, deletedAtUs: number }
export interface SignedCapsuleDeletion { deletion: CapsuleDeletion, ownerSignature: Uint8Array }

function encodeDeletion (d: CapsuleDeletion): Uint8Array {
  return pb.CapsuleDeletion.encode({ capsule: d.capsule, ...(d.deletedAtUs !== 0 ? { deletedAtUs: d.deletedAtUs } : {}) }).finish()
}

/** The owner signs the deletion of capsule `capsule`. */
export function signDeletion (capsule: Uint8Array, deletedAtUs: number, owner: Signer): SignedCapsuleDeletion {
  const deletion = { capsule, deletedAtUs }
  return { deletion, ownerSignature: owner.sign(deletionSigningBytes(encodeDeletion(deletion))) }
}

export function signedDeletionToPb (s: SignedCapsuleDeletion): pb.ISignedCapsuleDeletion {
  return { deletion: pb.CapsuleDeletion.decode(encodeDeletion(s.deletion)), ownerSignature: s.ownerSignature }
}

export function signedDeletionFromPb (value: pb.ISignedCapsuleDeletion | null | undefined): SignedCapsuleDeletion {
  if (value?.deletion == null) throw new MalformedMessageError('the deletion is missing')
  return {
    deletion: { capsule: fixedBytes(value.deletion.capsule, NAME_LENGTH, 'deletion capsule'), deletedAtUs: safeUint(value.deletion.deletedAtUs, 'deletion deleted_at_us') },
    ownerSignature: fixedBytes(value.ownerSignature, ED25519_SIGNATURE_LENGTH, 'deletion owner_signature')
  }
}

export function encodeSignedDeletion (s: SignedCapsuleDeletion): Uint8Array {
  return pb.SignedCapsuleDeletion.encode(signedDeletionToPb(s)).finish()
}

export function decodeSignedDeletion (bytes: Uint8Array): SignedCapsuleDeletion {
  return signedDeletionFromPb(decodeProto(pb.SignedCapsuleDeletion, bytes, 'capsule deletion'))
}

/** Throws unless `signed` deletes the capsule `name` (whose metadata is `metadata`) and its owner signed it. */
export function verifyDeletion (signed: SignedCapsuleDeletion, name: Uint8Array, metadata: SignedMetadata): void {
  if (!equalBytes(signed.deletion.capsule, name)) throw new InvalidSignatureError(`the deletion is for capsule ${formatName(signed.deletion.capsule)}, not ${formatName(name)}`)
  if (!verifyEd25519(metadata.metadata.owner.key, deletionSigningBytes(encodeDeletion(signed.deletion)), signed.ownerSignature)) {
    throw new InvalidSignatureError(`the deletion of capsule ${formatName(name)} is not signed by its owner`)
  }
}

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

/** With `server`, the removal of one replica: that server deletes the capsule, the others drop it from the set. */
export interface CapsuleDeletion { capsule: Uint8Array, deletedAtUs: number, server?: Uint8Array }
export interface SignedCapsuleDeletion { deletion: CapsuleDeletion, ownerSignature: Uint8Array }

function encodeDeletion (d: CapsuleDeletion): Uint8Array {
  return pb.CapsuleDeletion.encode({ capsule: d.capsule, ...(d.deletedAtUs !== 0 ? { deletedAtUs: d.deletedAtUs } : {}), ...(d.server !== undefined ? { server: d.server } : {}) }).finish()
}

/** The owner signs the deletion of capsule `capsule`; with `server`, its removal from that one replica. */
export function signDeletion (capsule: Uint8Array, deletedAtUs: number, owner: Signer, server?: Uint8Array): SignedCapsuleDeletion {
  const deletion = { capsule, deletedAtUs, ...(server !== undefined ? { server } : {}) }
  return { deletion, ownerSignature: owner.sign(deletionSigningBytes(encodeDeletion(deletion))) }
}

export function signedDeletionToPb (s: SignedCapsuleDeletion): pb.ISignedCapsuleDeletion {
  return { deletion: pb.CapsuleDeletion.decode(encodeDeletion(s.deletion)), ownerSignature: s.ownerSignature }
}

export function signedDeletionFromPb (value: pb.ISignedCapsuleDeletion | null | undefined): SignedCapsuleDeletion {
  if (value?.deletion == null) throw new MalformedMessageError('the deletion is missing')
  return {
    deletion: {
      capsule: fixedBytes(value.deletion.capsule, NAME_LENGTH, 'deletion capsule'),
      deletedAtUs: safeUint(value.deletion.deletedAtUs, 'deletion deleted_at_us'),
      ...(value.deletion.server == null || value.deletion.server.length === 0 ? {} : { server: fixedBytes(value.deletion.server, NAME_LENGTH, 'deletion server') })
    },
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

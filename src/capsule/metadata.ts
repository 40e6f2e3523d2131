import { equalBytes } from '../crypto/hash.js'
import { isValidEd25519PublicKey, verifyEd25519 } from '../crypto/ed25519.js'
import { InvalidArgumentError, InvalidSignatureError } from '../errors.js'
import { canonicalAppFields, encodeMetadata } from './codec.js'
import { formatName } from './name.js'
import { capsuleNameFromEncoding, metadataSigningBytes } from './signing.js'
import type { AppField, CapsuleMetadata, PublicKey, ReplicationPolicy, SignedMetadata } from './types.js'

/** Anything that signs with an Ed25519 key (a local key, later a hardware or remote signer). */
export interface Signer {
  readonly publicKey: Uint8Array
  sign: (message: Uint8Array) => Uint8Array
}

export interface NewMetadataInit {
  owner: Uint8Array
  writer: Uint8Array
  createdAtUs: number
  expiresAtUs?: number
  replication?: ReplicationPolicy
  appFields?: AppField[]
  /** Random bytes that keep two otherwise identical capsules apart; 16 is plenty. */
  nonce: Uint8Array
}

const ed25519 = (key: Uint8Array): PublicKey => ({ algorithm: 'ed25519', key })

/** Application fields named so mark the formats this project defines (gdp.kv, gdp.files, gdp.migration: docs/spec.md section 4). */
export const RESERVED_APP_FIELD_PREFIX = 'gdp.'

/**
 * Builds metadata in canonical form, checking what the encoding cannot: the
 * limits (docs/spec.md, "Limits"), the quorum, the expiry, and that both keys
 * are keys a signature can verify under.
 */
export function newMetadata (init: NewMetadataInit): CapsuleMetadata {
  const replication = init.replication ?? { replicas: 0, writeQuorum: 0 }
  for (const [what, n] of [['created time', init.createdAtUs], ['expiry', init.expiresAtUs ?? 0], ['replicas', replication.replicas], ['write quorum', replication.writeQuorum]] as const) {
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${what} must be a non-negative integer, got ${n}`)
  }
  for (const [role, key] of [['owner', init.owner], ['writer', init.writer]] as const) {
    if (!isValidEd25519PublicKey(key)) throw new InvalidArgumentError(`the ${role} key is not an Ed25519 public key v1 accepts (32 bytes encoding a point of order L)`)
  }
  try {
    const metadata: CapsuleMetadata = {
      owner: ed25519(init.owner),
      writer: ed25519(init.writer),
      createdAtUs: init.createdAtUs,
      expiresAtUs: init.expiresAtUs ?? 0,
      replication,
      appFields: canonicalAppFields(init.appFields ?? []),
      nonce: init.nonce
    }
    encodeMetadata(metadata) // for its checks
    return metadata
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message)
  }
}

/** The capsule's 256-bit flat name. */
export function capsuleName (metadata: CapsuleMetadata): Uint8Array {
  return capsuleNameFromEncoding(encodeMetadata(metadata))
}

export function signMetadata (metadata: CapsuleMetadata, owner: Signer): SignedMetadata {
  if (!equalBytes(owner.publicKey, metadata.owner.key)) throw new InvalidArgumentError('the signing key is not the owner key named in the metadata')
  return { metadata, ownerSignature: owner.sign(metadataSigningBytes(capsuleName(metadata))) }
}

/**
 * Checks the owner's signature, and that the writer key is one a heartbeat
 * can be signed with (a capsule whose every append would fail is refused
 * at once); returns the capsule name.
 */
export function verifySignedMetadata (signed: SignedMetadata): Uint8Array {
  const name = capsuleName(signed.metadata)
  if (!verifyEd25519(signed.metadata.owner.key, metadataSigningBytes(name), signed.ownerSignature)) {
    throw new InvalidSignatureError(`metadata of capsule ${formatName(name)} is not signed by its owner key`)
  }
  if (!isValidEd25519PublicKey(signed.metadata.writer.key)) {
    throw new InvalidSignatureError(`metadata of capsule ${formatName(name)} names a writer key no signature verifies under (not the encoding of a point of order L)`)
  }
  return name
}

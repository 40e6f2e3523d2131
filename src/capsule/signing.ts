/**
 * Every hashed or signed byte string of the protocol, each with its own
 * domain-separation tag, defined here and nowhere else (docs/spec.md, "Signed
 * and hashed byte strings"). Inputs are canonical encodings from codec.ts.
 */
import { concatBytes, utf8Bytes } from '../crypto/bytes.js'
import { sha256 } from '../crypto/hash.js'

// Tags are ASCII, whose UTF-8 encoding is one byte a character.
const ascii = (s: string): Uint8Array => utf8Bytes(s)

export const TAGS = {
  capsuleName: ascii('gdp/v1/capsule-name\0'),
  metadataSignature: ascii('gdp/v1/metadata\0'),
  record: ascii('gdp/v1/record\0'),
  heartbeatSignature: ascii('gdp/v1/heartbeat\0'),
  deletion: ascii('gdp/v1/capsule-deletion\0'),
  placementDelegation: ascii('gdp/v1/placement-delegation\0')
} as const

/** RFC 6962 leaf prefix: record hashes are Merkle leaf hashes. */
const LEAF_PREFIX = 0x00

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts)

/** name = SHA-256("gdp/v1/capsule-name\0" || canonical CapsuleMetadata) */
export function capsuleNameFromEncoding (encodedMetadata: Uint8Array): Uint8Array {
  return sha256(concat(TAGS.capsuleName, encodedMetadata))
}

/** The owner signs "gdp/v1/metadata\0" || name. */
export function metadataSigningBytes (name: Uint8Array): Uint8Array {
  return concat(TAGS.metadataSignature, name)
}

/** What precedes the canonical RecordHeader in the record hash input. */
export const RECORD_HASH_PREFIX: Uint8Array = concat(Uint8Array.of(LEAF_PREFIX), TAGS.record)

/**
 * record hash = SHA-256(0x00 || "gdp/v1/record\0" || canonical RecordHeader):
 * the RFC 6962 leaf hash of the tagged header. `input` is that whole byte
 * string (codec.ts builds it in place, to hash without a copy).
 */
export function recordHashOfInput (input: Uint8Array): Uint8Array {
  return sha256(input)
}

/** What the owner signs to delete a capsule: the tag, then the canonical CapsuleDeletion. */
export function deletionSigningBytes (encodedDeletion: Uint8Array): Uint8Array {
  return concat(TAGS.deletion, encodedDeletion)
}

/** What the owner signs to let another key place a capsule: the tag, then the canonical PlacementDelegation. */
export function placementDelegationSigningBytes (encodedDelegation: Uint8Array): Uint8Array {
  return concat(TAGS.placementDelegation, encodedDelegation)
}

/** The writer signs "gdp/v1/heartbeat\0" || canonical Heartbeat. */
export function heartbeatSigningBytes (encodedHeartbeat: Uint8Array): Uint8Array {
  return concat(TAGS.heartbeatSignature, encodedHeartbeat)
}

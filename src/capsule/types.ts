/** The DataCapsule data model: plain data, no behaviour. Formats: docs/spec.md. */

export type SignatureAlgorithm = 'ed25519'

export interface PublicKey {
  algorithm: SignatureAlgorithm
  key: Uint8Array
}

export interface ReplicationPolicy {
  /** Servers that should hold the capsule; 0 = server default. */
  replicas: number
  /** Acknowledgements an append needs; 0 = server default. */
  writeQuorum: number
  /** Any reachable replica acknowledges an append alone; the others catch up. Absent means false. */
  alwaysWrite?: boolean
}

export interface AppField {
  key: string
  value: Uint8Array
}

export interface CapsuleMetadata {
  owner: PublicKey
  writer: PublicKey
  createdAtUs: number
  /** 0: never expires. */
  expiresAtUs: number
  replication: ReplicationPolicy
  /** Sorted by key, keys unique. */
  appFields: AppField[]
  nonce: Uint8Array
}

export interface SignedMetadata {
  metadata: CapsuleMetadata
  ownerSignature: Uint8Array
}

export interface RecordHeader {
  seqno: number
  timestampUs: number
  /** Hash of record seqno-1, or the capsule name for record 0. */
  prevHash: Uint8Array
  payloadHash: Uint8Array
  payloadLength: number
}

export interface CapsuleRecord {
  readonly header: RecordHeader
  /** The canonical encoding of `header`, made once (see recordFromParts). */
  readonly encodedHeader: Uint8Array
  readonly payload: Uint8Array
  /** The record hash (RFC 6962 leaf hash of the header); computed, never trusted from input. */
  readonly hash: Uint8Array
}

/** A record without its payload: what a reader has of one whose payload a store cannot read. */
export type RecordHead = Pick<CapsuleRecord, 'header' | 'hash'>

export interface Heartbeat {
  capsule: Uint8Array
  size: number
  root: Uint8Array
  /** Empty when size is 0. */
  lastRecordHash: Uint8Array
  timestampUs: number
}

export interface SignedHeartbeat {
  heartbeat: Heartbeat
  signature: Uint8Array
}

export interface InclusionProof {
  index: number
  treeSize: number
  path: Uint8Array[]
}

/** Records [from, to) as leaves of the tree of treeSize (docs/spec.md section 6.1). */
export interface RangeProof {
  from: number
  to: number
  treeSize: number
  path: Uint8Array[]
}

export interface ConsistencyProof {
  fromSize: number
  toSize: number
  path: Uint8Array[]
}

export interface ForkProof {
  metadata: SignedMetadata
  first: SignedHeartbeat
  second: SignedHeartbeat
  /** Only when the sizes differ: proves what `second` holds at first.size-1. */
  divergence?: { proof: InclusionProof, recordHash: Uint8Array }
}

/** Largest record payload, 64 MiB (docs/spec.md, "Records"); 16 MiB is what must work, the rest is headroom. */
export const MAX_PAYLOAD_LENGTH = 64 * 1024 * 1024
/** Application fields in metadata, at most (docs/spec.md, "Limits"). */
export const MAX_APP_FIELDS = 256
/** Bytes of UTF-8 in an application field key, at most; a key has at least one. */
export const MAX_APP_FIELD_KEY_LENGTH = 256
/** Bytes of metadata nonce, at most. */
export const MAX_NONCE_LENGTH = 64
/** Bytes of canonical CapsuleMetadata, at most: what bounds the values of application fields. */
export const MAX_METADATA_LENGTH = 4 * 1024 * 1024
/** Hashes in an inclusion or consistency proof path, at most (trees of fewer than 2^53 leaves need up to 54). */
export const MAX_PROOF_PATH = 64
/** A range proof's path: two inclusion paths at most (docs/spec.md section 6.1). */
export const MAX_RANGE_PROOF_PATH = 2 * MAX_PROOF_PATH

/** A half-open range of record numbers [from, to). */
export interface SeqRange { from: number, to: number }

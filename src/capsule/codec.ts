/**
 * Canonical encoding of the model (docs/spec.md, "Canonical encoding") and
 * validating decoders. Encoders build fresh protobuf objects from the model,
 * so what is hashed or signed never depends on how some input was encoded.
 * Decoders of bytes accept only canonical encodings (see canonical.ts), check
 * every field and the limits, and throw MalformedMessageError.
 */
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH } from '../crypto/ed25519.js'
import { allocBytes, compareBytes, equalBytes, utf8Bytes } from '../crypto/bytes.js'
import { HASH_LENGTH } from '../crypto/hash.js'
import { MalformedMessageError } from '../errors.js'
import { decodeProto, fixedBytes, fixedBytesView, ownedBytes, pb, protoWriter, safeUint, type ProtoWriter } from '../wire/index.js'
import { bytesFieldLength, varintFieldLength, varintLength, writeBytesField, writeVarintField } from '../wire/canonical-writer.js'
import { CanonicalReader } from '../wire/canonical-reader.js'
import { requireCanonical } from './canonical.js'
import { NAME_LENGTH } from './name.js'
import {
  MAX_APP_FIELD_KEY_LENGTH, MAX_APP_FIELDS, MAX_METADATA_LENGTH, MAX_NONCE_LENGTH, MAX_PAYLOAD_LENGTH, MAX_PROOF_PATH, MAX_RANGE_PROOF_PATH,
  type AppField, type CapsuleMetadata, type CapsuleRecord, type ConsistencyProof, type ForkProof, type Heartbeat,
  type InclusionProof, type PublicKey, type RangeProof, type RecordHeader, type SignedHeartbeat, type SignedMetadata
} from './types.js'
import { RECORD_HASH_PREFIX, recordHashOfInput } from './signing.js'

export const METADATA_VERSION = 1

/**
 * Decodes bytes of protobuf `type` into the model with `fromPb` (which checks
 * the values), then refuses them unless `encode` makes exactly those bytes of
 * the result: how every decoder here accepts only the canonical encoding.
 */
function decodeCanonical<P, T> (type: { decode: (bytes: Uint8Array) => P }, bytes: Uint8Array, what: string, fromPb: (value: P) => T, encode: (value: T) => Uint8Array): T {
  const value = fromPb(decodeProto(type, bytes, what))
  requireCanonical(bytes, encode(value), what)
  return value
}

type Props<T> = T extends { new(p?: infer P): unknown } ? NonNullable<P> : never

// ---- public keys ----

export function publicKeyToPb (key: PublicKey): Props<typeof pb.PublicKey> {
  return { algorithm: pb.SignatureAlgorithm.ED25519, key: key.key }
}

export function publicKeyFromPb (value: pb.IPublicKey | null | undefined, field: string): PublicKey {
  if (value == null) throw new MalformedMessageError(`${field} is missing`)
  if (value.algorithm !== pb.SignatureAlgorithm.ED25519) throw new MalformedMessageError(`${field} uses unsupported signature algorithm ${String(value.algorithm)}`)
  return { algorithm: 'ed25519', key: fixedBytes(value.key, ED25519_PUBLIC_KEY_LENGTH, `${field}.key`) }
}

// ---- metadata ----

// Keys sort by their UTF-8 bytes, as the spec says: JavaScript's < compares
// UTF-16 code units, which order U+E000..U+FFFF after the characters above U+FFFF.
const compareUtf8 = (a: string, b: string): number => compareBytes(utf8Bytes(a), utf8Bytes(b))

/**
 * Sorts fields by key (UTF-8 byte order) and checks them as the canonical
 * form and the limits require: at most MAX_APP_FIELDS, keys of 1 to
 * MAX_APP_FIELD_KEY_LENGTH bytes, no key twice.
 */
export function canonicalAppFields (fields: AppField[]): AppField[] {
  if (fields.length > MAX_APP_FIELDS) throw new MalformedMessageError(`metadata has ${fields.length} application fields, at most ${MAX_APP_FIELDS} allowed`)
  for (const f of fields) {
    const length = utf8Bytes(f.key).length
    if (length === 0 || length > MAX_APP_FIELD_KEY_LENGTH) throw new MalformedMessageError(`application field key '${f.key.slice(0, 40)}' is ${length} bytes; a key is 1 to ${MAX_APP_FIELD_KEY_LENGTH} bytes of UTF-8`)
  }
  const sorted = [...fields].sort((a, b) => compareUtf8(a.key, b.key))
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.key === sorted[i - 1]!.key) throw new MalformedMessageError(`application field '${sorted[i]!.key}' appears twice`)
  }
  return sorted
}

function metadataToPb (m: CapsuleMetadata): pb.CapsuleMetadata {
  return pb.CapsuleMetadata.create({
    version: METADATA_VERSION,
    owner: publicKeyToPb(m.owner),
    writer: publicKeyToPb(m.writer),
    createdAtUs: m.createdAtUs,
    expiresAtUs: m.expiresAtUs,
    replication: (m.replication.replicas !== 0 || m.replication.writeQuorum !== 0 || m.replication.alwaysWrite === true)
      // Only a true always_write is written: canonical encodings leave defaults out.
      ? { replicas: m.replication.replicas, writeQuorum: m.replication.writeQuorum, ...(m.replication.alwaysWrite === true ? { alwaysWrite: true } : {}) }
      : null,
    appFields: canonicalAppFields(m.appFields).map((f) => ({ key: f.key, value: f.value })),
    nonce: m.nonce
  })
}

function metadataFromPb (value: pb.ICapsuleMetadata | null | undefined): CapsuleMetadata {
  if (value == null) throw new MalformedMessageError('metadata is missing')
  if (value.version !== METADATA_VERSION) throw new MalformedMessageError(`metadata version ${String(value.version ?? 0)} is not supported (this implementation reads version ${METADATA_VERSION})`)
  // Copies (ownedBytes): a metadata is kept as long as its capsule is known, and a decoded field is a view of its frame.
  const appFields = (value.appFields ?? []).map((f) => ({ key: f.key ?? '', value: ownedBytes(f.value) }))
  const sorted = canonicalAppFields(appFields)
  if (sorted.some((f, i) => f !== appFields[i])) throw new MalformedMessageError('metadata application fields are not sorted by key (UTF-8 byte order)')
  const metadata: CapsuleMetadata = {
    owner: publicKeyFromPb(value.owner, 'metadata.owner'),
    writer: publicKeyFromPb(value.writer, 'metadata.writer'),
    createdAtUs: safeUint(value.createdAtUs, 'metadata.created_at_us'),
    expiresAtUs: safeUint(value.expiresAtUs, 'metadata.expires_at_us'),
    replication: { replicas: value.replication?.replicas ?? 0, writeQuorum: value.replication?.writeQuorum ?? 0, ...(value.replication?.alwaysWrite === true ? { alwaysWrite: true } : {}) },
    appFields,
    nonce: ownedBytes(value.nonce)
  }
  encodeMetadata(metadata) // for its checks
  return metadata
}

/**
 * The canonical encoding of the metadata: the input of the capsule name.
 * Checks what the encoding cannot show, throwing MalformedMessageError: the
 * limits, the quorum within the replicas, an expiry after the creation.
 */
export function encodeMetadata (m: CapsuleMetadata): Uint8Array {
  if (m.nonce.length > MAX_NONCE_LENGTH) throw new MalformedMessageError(`metadata nonce is ${m.nonce.length} bytes, at most ${MAX_NONCE_LENGTH} allowed`)
  const { replicas, writeQuorum } = m.replication
  if (replicas !== 0 && writeQuorum > replicas) throw new MalformedMessageError(`write quorum ${writeQuorum} exceeds replica count ${replicas}`)
  if (m.replication.alwaysWrite === true && writeQuorum > 1) throw new MalformedMessageError(`an always-write capsule is acknowledged by one replica; a write quorum of ${writeQuorum} contradicts it`)
  if (m.expiresAtUs !== 0 && m.expiresAtUs <= m.createdAtUs) throw new MalformedMessageError(`metadata expires (${m.expiresAtUs} us) no later than it was created (${m.createdAtUs} us)`)
  const encoded = pb.CapsuleMetadata.encode(metadataToPb(m)).finish()
  if (encoded.length > MAX_METADATA_LENGTH) throw new MalformedMessageError(`metadata is ${encoded.length} bytes encoded, at most ${MAX_METADATA_LENGTH} allowed`)
  return encoded
}

export function signedMetadataToPb (s: SignedMetadata): pb.SignedMetadata {
  return pb.SignedMetadata.create({ metadata: metadataToPb(s.metadata), ownerSignature: s.ownerSignature })
}

export function signedMetadataFromPb (value: pb.ISignedMetadata | null | undefined): SignedMetadata {
  if (value == null) throw new MalformedMessageError('signed metadata is missing')
  return {
    metadata: metadataFromPb(value.metadata),
    ownerSignature: fixedBytes(value.ownerSignature, ED25519_SIGNATURE_LENGTH, 'metadata owner_signature')
  }
}

export function encodeSignedMetadata (s: SignedMetadata): Uint8Array {
  return pb.SignedMetadata.encode(signedMetadataToPb(s)).finish()
}

/** Decodes signed metadata; checks its form, not its signature (see verifySignedMetadata). */
export function decodeSignedMetadata (bytes: Uint8Array): SignedMetadata {
  return decodeCanonical(pb.SignedMetadata, bytes, 'signed metadata', signedMetadataFromPb, encodeSignedMetadata)
}

// ---- records ----

export function headerToPb (h: RecordHeader): pb.IRecordHeader {
  return { seqno: h.seqno, timestampUs: h.timestampUs, prevHash: h.prevHash, payloadHash: h.payloadHash, payloadLength: h.payloadLength }
}

export function headerFromPb (value: pb.IRecordHeader | null | undefined): RecordHeader {
  if (value == null) throw new MalformedMessageError('record header is missing')
  const payloadLength = safeUint(value.payloadLength, 'record payload_length')
  if (payloadLength > MAX_PAYLOAD_LENGTH) throw new MalformedMessageError(`record payload of ${payloadLength} bytes exceeds the ${MAX_PAYLOAD_LENGTH}-byte limit`)
  return {
    seqno: safeUint(value.seqno, 'record seqno'),
    timestampUs: safeUint(value.timestampUs, 'record timestamp_us'),
    prevHash: fixedBytes(value.prevHash, HASH_LENGTH, 'record prev_hash'),
    payloadHash: fixedBytes(value.payloadHash, HASH_LENGTH, 'record payload_hash'),
    payloadLength
  }
}

/** The canonical encoding of a record header: what the record hash covers. */
export function encodeRecordHeader (h: RecordHeader): Uint8Array {
  return recordHashInput(h).subarray(RECORD_HASH_PREFIX.length)
}

/** The record hash: RFC 6962 leaf hash of the tagged canonical header. */
export function recordHash (header: RecordHeader): Uint8Array {
  return recordHashOfInput(recordHashInput(header))
}

/** Bytes a length-delimited field of `length` bytes takes, with a one-byte tag (field numbers 1 to 15). */
export const delimitedLength = (length: number): number => 1 + varintLength(length) + length

/**
 * The longest canonical Record: seqno and timestamp of 2^53 - 1, a payload
 * of MAX_PAYLOAD_LENGTH bytes. 67,108,962 bytes: the payload plus 98.
 */
export const MAX_RECORD_LENGTH = delimitedLength(1 + varintLength(Number.MAX_SAFE_INTEGER) + 1 + varintLength(Number.MAX_SAFE_INTEGER) +
  2 * delimitedLength(HASH_LENGTH) + 1 + varintLength(MAX_PAYLOAD_LENGTH)) + delimitedLength(MAX_PAYLOAD_LENGTH)

/**
 * The record hash input, RECORD_HASH_PREFIX || canonical RecordHeader, in one
 * buffer. Appending is the hot path, so the header is written by the
 * hand-written canonical writer (wire/canonical-writer.ts), not protobufjs;
 * a property test holds it equal to the protobuf encoder's output.
 */
function recordHashInput (h: RecordHeader): Uint8Array {
  const prefix = RECORD_HASH_PREFIX.length
  const out = allocBytes(prefix + varintFieldLength(h.seqno) + varintFieldLength(h.timestampUs) + bytesFieldLength(h.prevHash) + bytesFieldLength(h.payloadHash) + varintFieldLength(h.payloadLength))
  out.set(RECORD_HASH_PREFIX, 0)
  let at = writeVarintField(out, prefix, 0x08, h.seqno)
  at = writeVarintField(out, at, 0x10, h.timestampUs)
  at = writeBytesField(out, at, 0x1a, h.prevHash)
  at = writeBytesField(out, at, 0x22, h.payloadHash)
  writeVarintField(out, at, 0x28, h.payloadLength)
  return out
}

export function recordToPb (r: CapsuleRecord): pb.IRecord {
  return { header: headerToPb(r.header), payload: r.payload }
}

/** A record from its parts: checks the payload against the header and computes the hash. */
/** The payload bytes of some records (what quotas, lag and transfer allowances count). */
export function payloadBytes (records: ReadonlyArray<{ payload: Uint8Array }>): number {
  return records.reduce((n, r) => n + r.payload.length, 0)
}

export function recordFromParts (header: RecordHeader, payload: Uint8Array): CapsuleRecord {
  if (payload.length !== header.payloadLength) throw new MalformedMessageError(`record ${header.seqno}: payload is ${payload.length} bytes, header says ${header.payloadLength}`)
  const input = recordHashInput(header)
  return { header, encodedHeader: input.subarray(RECORD_HASH_PREFIX.length), payload, hash: recordHashOfInput(input) }
}

/**
 * Converts a decoded record, computing its hash. Checks the form and the
 * payload length; not the payload hash, nor its place in any chain.
 */
export function recordFromPb (value: pb.IRecord | null | undefined): CapsuleRecord {
  if (value == null) throw new MalformedMessageError('record is missing')
  return recordFromParts(headerFromPb(value.header), value.payload ?? new Uint8Array(0))
}

export function encodeRecord (r: CapsuleRecord): Uint8Array {
  const writer = protoWriter()
  writeRecord(writer, r.encodedHeader, r.payload)
  return writer.finish()
}

/**
 * Appends the canonical encoding of a Record, from its encoded header and a
 * payload (none: the store keeps large payloads apart), to `writer`.
 */
export function writeRecord (writer: ProtoWriter, encodedHeader: Uint8Array, payload: Uint8Array | undefined): void {
  writer.uint32(10).bytes(encodedHeader)
  if (payload !== undefined && payload.length > 0) writer.uint32(18).bytes(payload)
}

/**
 * Decodes a record's header and whatever payload bytes it carries, unchecked
 * against each other and not checked for canonical form: for the store's
 * own rows, which hold only encodings this code made (and payloads kept
 * apart). Bytes from anywhere else go through decodeRecord.
 */
export function decodeRecordParts (bytes: Uint8Array): { header: RecordHeader, payload: Uint8Array } {
  const value = decodeProto(pb.Record, bytes, 'record')
  return { header: headerFromPb(value.header), payload: value.payload ?? new Uint8Array(0) }
}

/** Decodes a record from its canonical encoding (docs/spec.md, "Decoding"), its payload checked against the header's length. */
export function decodeRecord (bytes: Uint8Array): CapsuleRecord {
  const { header, payload } = decodeRecordParts(bytes)
  const record = recordFromParts(header, payload)
  // Checked in place, as 0a <length> header, then 12 <length> payload unless it is empty: with the
  // header matching and the total length right, what follows 12 can only be the payload with a
  // minimal length, the input's own tail, so the payload is neither copied nor compared.
  const encoded = record.encodedHeader
  const payloadAt = 2 + encoded.length // a header is at most 91 bytes: a one-byte length
  const canonical = bytes.length === payloadAt + (payload.length === 0 ? 0 : 1 + varintLength(payload.length) + payload.length) &&
    bytes[0] === 0x0a && bytes[1] === encoded.length && equalBytes(bytes.subarray(2, payloadAt), encoded) &&
    (payload.length === 0 || bytes[payloadAt] === 0x12)
  if (!canonical) requireCanonical(bytes, encodeRecord(record), 'record')
  return record
}

// ---- heartbeats ----

function heartbeatToPb (h: Heartbeat): pb.Heartbeat {
  return pb.Heartbeat.create({ capsule: h.capsule, size: h.size, root: h.root, lastRecordHash: h.lastRecordHash, timestampUs: h.timestampUs })
}

function heartbeatFromPb (value: pb.IHeartbeat | null | undefined): Heartbeat {
  if (value == null) throw new MalformedMessageError('heartbeat is missing')
  const size = safeUint(value.size, 'heartbeat size')
  return {
    capsule: fixedBytes(value.capsule, NAME_LENGTH, 'heartbeat capsule'),
    size,
    root: fixedBytes(value.root, HASH_LENGTH, 'heartbeat root'),
    lastRecordHash: size === 0
      ? fixedBytes(value.lastRecordHash, 0, 'heartbeat last_record_hash of an empty capsule')
      : fixedBytes(value.lastRecordHash, HASH_LENGTH, 'heartbeat last_record_hash'),
    timestampUs: safeUint(value.timestampUs, 'heartbeat timestamp_us')
  }
}

/** The canonical encoding of a heartbeat: what its signature covers (after the tag). */
export function encodeHeartbeat (h: Heartbeat): Uint8Array {
  return pb.Heartbeat.encode(heartbeatToPb(h)).finish()
}

export function signedHeartbeatToPb (s: SignedHeartbeat): pb.SignedHeartbeat {
  return pb.SignedHeartbeat.create({ heartbeat: heartbeatToPb(s.heartbeat), signature: s.signature })
}

export function signedHeartbeatFromPb (value: pb.ISignedHeartbeat | null | undefined): SignedHeartbeat {
  if (value == null) throw new MalformedMessageError('signed heartbeat is missing')
  return {
    heartbeat: heartbeatFromPb(value.heartbeat),
    signature: fixedBytes(value.signature, ED25519_SIGNATURE_LENGTH, 'heartbeat signature')
  }
}

export function encodeSignedHeartbeat (s: SignedHeartbeat): Uint8Array {
  return pb.SignedHeartbeat.encode(signedHeartbeatToPb(s)).finish()
}

/** Decodes a signed heartbeat; checks its form, not its signature (see verifyHeartbeat). */
export function decodeSignedHeartbeat (bytes: Uint8Array): SignedHeartbeat {
  return decodeCanonical(pb.SignedHeartbeat, bytes, 'signed heartbeat', signedHeartbeatFromPb, encodeSignedHeartbeat)
}

// ---- proofs ----

function pathFromPb (path: Uint8Array[] | null | undefined, field: string, max = MAX_PROOF_PATH): Uint8Array[] {
  const hashes = path ?? []
  if (hashes.length > max) throw new MalformedMessageError(`${field} has ${hashes.length} hashes, at most ${max} allowed`)
  // Checked against a root and dropped (a caller keeping proofs keeps them with their records, which hold the frame anyway).
  return hashes.map((h, i) => fixedBytesView(h, HASH_LENGTH, `${field}[${i}]`))
}

export function inclusionProofToPb (p: InclusionProof): pb.InclusionProof {
  return pb.InclusionProof.create({ index: p.index, treeSize: p.treeSize, path: p.path })
}

export function inclusionProofFromPb (value: pb.IInclusionProof | null | undefined): InclusionProof {
  if (value == null) throw new MalformedMessageError('inclusion proof is missing')
  return { index: safeUint(value.index, 'proof index'), treeSize: safeUint(value.treeSize, 'proof tree_size'), path: pathFromPb(value.path, 'inclusion proof path') }
}

/** The canonical InclusionProof, written by hand (src/wire/canonical-writer.ts): a reader re-encodes every proof it decodes to check its form. */
export function encodeInclusionProof (p: InclusionProof): Uint8Array {
  const out = new Uint8Array(varintFieldLength(p.index) + varintFieldLength(p.treeSize) + p.path.reduce((n, h) => n + bytesFieldLength(h) + (h.length === 0 ? 2 : 0), 0))
  let at = writeVarintField(out, 0, 0x08, p.index)
  at = writeVarintField(out, at, 0x10, p.treeSize)
  for (const hash of p.path) {
    // A repeated field keeps its empty elements.
    if (hash.length === 0) { out[at++] = 0x1a; out[at++] = 0 } else at = writeBytesField(out, at, 0x1a, hash)
  }
  return out
}

export function decodeInclusionProof (bytes: Uint8Array): InclusionProof {
  return readCanonicalInclusionProof(bytes) ?? decodeInclusionProofChecked(bytes)
}

/**
 * A canonical InclusionProof read in one pass (src/wire/canonical-reader.ts),
 * or undefined at the first byte that is not: a reader decodes a proof per
 * record, and protobufjs's decode with the canonical check cost it about as
 * much as the path's hashes.
 */
function readCanonicalInclusionProof (bytes: Uint8Array): InclusionProof | undefined {
  const reader = new CanonicalReader(bytes)
  const index = reader.varintField(0x08)
  const treeSize = reader.varintField(0x10)
  if (index < 0 || treeSize < 0) return undefined
  const path: Uint8Array[] = []
  while (!reader.done) {
    if (path.length === MAX_PROOF_PATH) return undefined
    const hash = reader.fixedBytesField(0x1a, HASH_LENGTH)
    if (hash === undefined) return undefined
    path.push(hash)
  }
  return { index, treeSize, path }
}

/** Decodes any InclusionProof protobufjs reads, then refuses it with the reason unless it is valid and canonical. */
function decodeInclusionProofChecked (bytes: Uint8Array): InclusionProof {
  return decodeCanonical(pb.InclusionProof, bytes, 'inclusion proof', inclusionProofFromPb, encodeInclusionProof)
}

export function rangeProofToPb (p: RangeProof): pb.RangeProof {
  return pb.RangeProof.create({ from: p.from, to: p.to, treeSize: p.treeSize, path: p.path })
}

/** A RangeProof's values, checked: whole numbers below 2^53, a non-empty range within the tree, 32-byte hashes, at most MAX_RANGE_PROOF_PATH. */
export function rangeProofFromPb (value: pb.IRangeProof | null | undefined): RangeProof {
  if (value == null) throw new MalformedMessageError('range proof is missing')
  const proof = { from: safeUint(value.from, 'range proof from'), to: safeUint(value.to, 'range proof to'), treeSize: safeUint(value.treeSize, 'range proof tree_size'), path: pathFromPb(value.path, 'range proof path', MAX_RANGE_PROOF_PATH) }
  if (!(proof.from < proof.to && proof.to <= proof.treeSize)) throw new MalformedMessageError(`range proof of records ${proof.from}..${proof.to} is not a non-empty range of a tree of ${proof.treeSize} records`)
  return proof
}

export function encodeRangeProof (p: RangeProof): Uint8Array {
  return pb.RangeProof.encode(rangeProofToPb(p)).finish()
}

export function decodeRangeProof (bytes: Uint8Array): RangeProof {
  return decodeCanonical(pb.RangeProof, bytes, 'range proof', rangeProofFromPb, encodeRangeProof)
}

export function encodeConsistencyProof (p: ConsistencyProof): Uint8Array {
  return pb.ConsistencyProof.encode(pb.ConsistencyProof.create({ fromSize: p.fromSize, toSize: p.toSize, path: p.path })).finish()
}

export function decodeConsistencyProof (bytes: Uint8Array): ConsistencyProof {
  return decodeCanonical(pb.ConsistencyProof, bytes, 'consistency proof', (value) => ({ fromSize: safeUint(value.fromSize, 'proof from_size'), toSize: safeUint(value.toSize, 'proof to_size'), path: pathFromPb(value.path, 'consistency proof path') }), encodeConsistencyProof)
}

export function encodeForkProof (f: ForkProof): Uint8Array {
  return pb.ForkProof.encode(pb.ForkProof.create({
    metadata: signedMetadataToPb(f.metadata),
    first: signedHeartbeatToPb(f.first),
    second: signedHeartbeatToPb(f.second),
    divergence: f.divergence === undefined ? null : inclusionProofToPb(f.divergence.proof),
    divergentRecordHash: f.divergence?.recordHash
  })).finish()
}

/** Decodes a fork proof; checks its form, not whether it proves a fork (see verifyForkProof). */
export function decodeForkProof (bytes: Uint8Array): ForkProof {
  return decodeCanonical(pb.ForkProof, bytes, 'fork proof', forkProofFromPb, encodeForkProof)
}

function forkProofFromPb (value: pb.IForkProof): ForkProof {
  const proof: ForkProof = {
    metadata: signedMetadataFromPb(value.metadata),
    first: signedHeartbeatFromPb(value.first),
    second: signedHeartbeatFromPb(value.second)
  }
  if (value.divergence != null) {
    proof.divergence = { proof: inclusionProofFromPb(value.divergence), recordHash: fixedBytes(value.divergentRecordHash, HASH_LENGTH, 'fork proof divergent_record_hash') }
  } else if (value.divergentRecordHash != null && value.divergentRecordHash.length > 0) {
    throw new MalformedMessageError('fork proof has a divergent_record_hash but no divergence proof')
  }
  return proof
}

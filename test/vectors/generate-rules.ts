/**
 * The vectors of docs/spec.md that a verifier must refuse, and the limits:
 * crafted Ed25519 signatures (section 1.1), non-canonical encodings (2.1),
 * application field order (2), export files breaking the batch and frame
 * rules (8, 10), fork proofs (9) and the limits (11). All deterministic:
 * fixed keys, fixed times, searches over counters.
 */
import { createHash } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { encodeSignedMetadata, encodeForkProof, encodeRecordHeader, encodeSignedHeartbeat, MAX_RECORD_LENGTH, recordFromParts, recordToPb, signedHeartbeatToPb, signedMetadataToPb } from '../../src/capsule/codec.js'
import { divergedFork, sameSizeFork } from '../../src/capsule/fork.js'
import { signHeartbeat } from '../../src/capsule/heartbeat.js'
import { inclusionPathAfter, MerkleFrontier } from '../../src/capsule/merkle.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { MAX_APP_FIELD_KEY_LENGTH, MAX_APP_FIELDS, MAX_METADATA_LENGTH, MAX_NONCE_LENGTH, MAX_PAYLOAD_LENGTH, MAX_PROOF_PATH, type CapsuleMetadata, type CapsuleRecord, type SignedHeartbeat, type SignedMetadata } from '../../src/capsule/types.js'
import { CapsuleWriter, type AppendBatch } from '../../src/capsule/writer.js'
import type { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { EXPORT_MAGIC, MAX_FRAME_LENGTH } from '../../src/store/archive.js'
import { lengthPrefixed, pb, protoWriter } from '../../src/wire/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const bytes = (h: string): Buffer => Buffer.from(h, 'hex')

/** The capsule of the main vectors, which these build on. */
export interface VectorCapsule {
  owner: Ed25519Signer
  writer: Ed25519Signer
  metadata: CapsuleMetadata
  signed: SignedMetadata
  name: Uint8Array
  batches: AppendBatch[]
}

export function generateRuleVectors (c: VectorCapsule): Record<string, unknown> {
  return {
    limits: limitVectors(),
    ed25519: ed25519Vectors(),
    nonCanonical: nonCanonicalVectors(c),
    appFieldOrder: appFieldOrderVectors(c),
    exports: exportVectors(c),
    forkProofs: forkProofVectors(c)
  }
}

function limitVectors (): unknown {
  const largestHeader = encodeRecordHeader({ seqno: Number.MAX_SAFE_INTEGER, timestampUs: Number.MAX_SAFE_INTEGER, prevHash: new Uint8Array(32).fill(0xaa), payloadHash: new Uint8Array(32).fill(0xbb), payloadLength: MAX_PAYLOAD_LENGTH })
  return {
    maxPayloadLength: MAX_PAYLOAD_LENGTH,
    largestRecordHeader: hex(largestHeader),
    maxRecordLength: MAX_RECORD_LENGTH,
    maxExportFrameLength: MAX_FRAME_LENGTH,
    maxMetadataLength: MAX_METADATA_LENGTH,
    maxAppFields: MAX_APP_FIELDS,
    maxAppFieldKeyLength: MAX_APP_FIELD_KEY_LENGTH,
    maxNonceLength: MAX_NONCE_LENGTH,
    maxProofPath: MAX_PROOF_PATH
  }
}

// ---- Ed25519 (spec section 1.1) ----

const Point = ed25519.Point
type EdPoint = InstanceType<typeof Point>
const ORDER = Point.Fn.ORDER
const FIELD = Point.Fp.ORDER
const le32 = (n: bigint): Buffer => { const b = Buffer.alloc(32); for (let i = 0, x = n; i < 32; i++, x >>= 8n) b[i] = Number(x & 0xffn); return b }
const challenge = (r: Uint8Array, a: Uint8Array, m: Uint8Array): bigint => {
  const h = createHash('sha512').update(Buffer.concat([r, a, m])).digest()
  let n = 0n
  for (let i = 63; i >= 0; i--) n = (n << 8n) | BigInt(h[i]!)
  return n % ORDER
}
const enc = (p: EdPoint): Buffer => Buffer.from(p.toBytes())
const B = Point.BASE

/** A point of order 8: [L]Q for the first point Q (by y) whose torsion part has order 8. */
function orderEight (): EdPoint {
  for (let y = 2n; ; y++) {
    let q: EdPoint
    try { q = Point.fromBytes(le32(y)) } catch { continue }
    const t = q.multiplyUnsafe(ORDER - 1n).add(q)
    if (!t.double().double().is0()) return t
  }
}

export interface Ed25519Vector {
  case: string
  publicKey: string
  message: string
  signature: string
  valid: boolean
  /** Libraries that accept it anyway: 'openssl' (node:crypto), 'noble-strict' ({ zip215: false }), 'noble-zip215' (its default). */
  acceptedBy: string[]
}

function ed25519Vectors (): Ed25519Vector[] {
  const message = Buffer.from('gdp/v1 ed25519 vector')
  const seed = new Uint8Array(32).map((_, i) => 0x60 + i)
  const T = orderEight()
  const s = 0x1234_5678_9abc_def0n // a scalar for signatures under keys whose discrete log is known
  const a = 0x0fed_cba9_8765_4321n
  const good = enc(B.multiply(a))
  const out: Ed25519Vector[] = []
  const add = (name: string, publicKey: Uint8Array, m: Uint8Array, r: Uint8Array, sScalar: Uint8Array, valid: boolean, acceptedBy: string[]): void => {
    out.push({ case: name, publicKey: hex(publicKey), message: hex(m), signature: hex(Buffer.concat([r, sScalar])), valid, acceptedBy })
  }
  const honest = ed25519.sign(message, seed)
  add('a valid signature', ed25519.getPublicKey(seed), message, honest.subarray(0, 32), honest.subarray(32), true, ['openssl', 'noble-strict', 'noble-zip215'])
  const sHonest = BigInt('0x' + Buffer.from(honest.subarray(32)).reverse().toString('hex'))
  add('S not reduced (S + L)', ed25519.getPublicKey(seed), message, honest.subarray(0, 32), le32(sHonest + ORDER), false, [])
  // Under the identity key every R = [S]B verifies for every message.
  const identity = le32(1n)
  const identitySigned = identity.map((byte, i) => (i === 31 ? byte | 0x80 : byte))
  for (const [name, key, acceptedBy] of [
    ['public key is the identity', identity, ['openssl', 'noble-zip215']],
    ['public key is the identity, non-canonical (y = p + 1)', le32(FIELD + 1n), ['openssl', 'noble-zip215']],
    ['public key is the identity with the sign bit set (x = 0)', identitySigned, ['openssl', 'noble-zip215']]
  ] as const) add(name, key, message, enc(B.multiply(s)), le32(s), false, [...acceptedBy])
  // A key of order 8: R = [s]B - [k]T, where k (mod 8) depends on R; search the messages for a match.
  search: for (let i = 0; ; i++) {
    const m = Buffer.concat([message, Buffer.from(` ${i}`)])
    for (let j = 0n; j < 8n; j++) {
      const r = enc(B.multiply(s).subtract(T.multiplyUnsafe(j === 0n ? 0n : j)))
      if (challenge(r, enc(T), m) % 8n === j) { add('public key of order 8 (small order)', enc(T), m, r, le32(s), false, ['openssl', 'noble-zip215']); break search }
    }
  }
  // A mixed-order key A = [a]B + T signing honestly: without the cofactor it verifies only when 8 divides k.
  const mixed = enc(B.multiply(a).add(T))
  for (const [name, divisible, acceptedBy] of [
    ['public key of mixed order, k divisible by 8', true, ['openssl', 'noble-strict', 'noble-zip215']],
    ['public key of mixed order, k not divisible by 8', false, ['noble-strict', 'noble-zip215']]
  ] as const) {
    for (let r = 1n; ; r++) {
      const big = enc(B.multiply(r))
      const k = challenge(big, mixed, message)
      if ((k % 8n === 0n) === divisible) { add(name, mixed, message, big, le32((r + k * a) % ORDER), false, [...acceptedBy]); break }
    }
  }
  const withR = (name: string, r: Uint8Array, sFor: (k: bigint) => bigint, acceptedBy: string[]): void => {
    add(name, good, message, r, le32(sFor(challenge(r, good, message)) % ORDER), false, acceptedBy)
  }
  const r0 = 0x5555n
  withR('R of mixed order ([r]B + T)', enc(B.multiply(r0).add(T)), (k) => r0 + k * a, ['noble-strict', 'noble-zip215'])
  withR('R of order 8, S = k a', enc(T), (k) => k * a, ['noble-strict', 'noble-zip215'])
  withR('R is the identity, S = k a', identity, (k) => k * a, ['openssl', 'noble-strict', 'noble-zip215'])
  withR('R is the identity, non-canonical (y = p + 1)', le32(FIELD + 1n), (k) => k * a, ['noble-zip215'])
  withR('R is the identity with the sign bit set (x = 0)', identitySigned, (k) => k * a, ['noble-zip215'])
  return out
}

// ---- non-canonical encodings (spec section 2.1) ----

/** `encoding` with the bytes `from` (hex), which must occur exactly once, replaced by `to`. */
function patch (encoding: Uint8Array, from: string, to: string): Buffer {
  const whole = Buffer.from(encoding)
  const at = whole.indexOf(bytes(from))
  if (at < 0 || at !== whole.lastIndexOf(bytes(from))) throw new Error(`vector generator: ${from} does not occur exactly once in ${hex(encoding)}`)
  return Buffer.concat([whole.subarray(0, at), bytes(to), whole.subarray(at + from.length / 2)])
}

function nonCanonicalVectors (c: VectorCapsule): unknown[] {
  const hb = c.batches[1]!.heartbeat
  const signed = encodeSignedHeartbeat(hb)
  const heartbeat = signed.subarray(2, 2 + signed[1]!) // SignedHeartbeat = 0a <len> Heartbeat 12 40 signature
  const signature = hex(hb.signature)
  const timestampUs = hb.heartbeat.timestampUs
  const fixed64 = (n: number): Buffer => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b }
  const emptyPayload = c.batches[0]!.records[2]!
  const emptyRecord = pb.Record.encode(recordToPb(emptyPayload)).finish()
  const frameOf = (member: pb.IExportFrame): Uint8Array => pb.ExportFrame.encode(member).finish()
  const heartbeatFrame = frameOf({ heartbeat: signedHeartbeatToPb(hb) })
  const lenient = (message: 'SignedHeartbeat' | 'Record' | 'SignedMetadata' | 'ExportFrame', rule: string, encoding: Uint8Array, lenientReaderAccepts = true): unknown =>
    ({ rule, message, encoding: hex(encoding), lenientReaderAccepts })
  const withHeartbeat = (changed: Uint8Array): Buffer => Buffer.concat([protoWriter().uint32(10).bytes(changed).finish(), bytes('1240' + signature)])
  return [
    lenient('SignedHeartbeat', 'an unknown field (field 3), bytes no signature covers', Buffer.concat([signed, bytes('1a0378797a')])),
    lenient('SignedHeartbeat', 'an unknown field inside the signed Heartbeat (field 6)', withHeartbeat(Buffer.concat([heartbeat, bytes('3001')]))),
    lenient('SignedHeartbeat', 'a known field with the wrong wire type (Heartbeat.timestamp_us as fixed64)', withHeartbeat(patch(heartbeat, '28' + hex(protoWriter().uint64(timestampUs).finish()), '29' + hex(fixed64(timestampUs))))),
    lenient('SignedHeartbeat', 'field number 0', Buffer.concat([signed, bytes('0000')]), false),
    lenient('SignedHeartbeat', 'a singular field twice (the signature)', Buffer.concat([signed, bytes('1240' + signature)])),
    lenient('SignedHeartbeat', 'fields out of order (signature before heartbeat)', Buffer.concat([bytes('1240' + signature), protoWriter().uint32(10).bytes(heartbeat).finish()])),
    lenient('SignedHeartbeat', 'a non-minimal varint (Heartbeat.size as 85 00)', withHeartbeat(patch(heartbeat, '10051a20', '1085001a20'))),
    lenient('SignedHeartbeat', 'a non-minimal length (the heartbeat field\'s, as f1 00)', Buffer.concat([bytes('0af100'), heartbeat, bytes('1240' + signature)])),
    lenient('Record', 'a default written out (an empty payload, 12 00)', Buffer.concat([emptyRecord, bytes('1200')])),
    lenient('ExportFrame', 'two members of a oneof (heartbeat and trailer)', Buffer.concat([heartbeatFrame, bytes('2200')])),
    lenient('SignedMetadata', 'a string that is not valid UTF-8 (an application field key)', patch(encodeSignedMetadata(c.signed), Buffer.from('content-type').toString('hex'), Buffer.from('content-typ').toString('hex') + 'ff'), false)
  ]
}

// ---- application field order (spec section 2) ----

function appFieldOrderVectors (c: VectorCapsule): unknown {
  // U+E000 is one UTF-16 unit above the surrogates that encode U+1F600: UTF-16 order puts the emoji first, UTF-8 order last.
  const keys = ['a', '\u{1F600}', '\u{E000}']
  const metadata = newMetadata({ owner: c.owner.publicKey, writer: c.writer.publicKey, createdAtUs: c.metadata.createdAtUs, appFields: keys.map((key) => ({ key, value: Buffer.from(key) })), nonce: new Uint8Array(16).fill(0x43) })
  const signed = signMetadata(metadata, c.owner)
  const utf16Ordered = pb.SignedMetadata.encode({ ...signedMetadataToPb(signed), metadata: { ...signedMetadataToPb(signed).metadata, appFields: keys.map((key) => ({ key, value: Buffer.from(key) })) } }).finish()
  return {
    keys: metadata.appFields.map((f) => f.key),
    signedMetadata: hex(encodeSignedMetadata(signed)),
    name: hex(capsuleName(metadata)),
    utf16OrderedSignedMetadata: hex(utf16Ordered)
  }
}

// ---- export files (spec sections 8 and 10) ----

const frame = (member: pb.IExportFrame): Uint8Array => lengthPrefixed(pb.ExportFrame.encode(member).finish())

function exportFile (signed: SignedMetadata, batches: Array<{ records: CapsuleRecord[], heartbeat: SignedHeartbeat }>): Buffer {
  const parts = [EXPORT_MAGIC, frame({ header: { version: 1, metadata: signedMetadataToPb(signed) } })]
  let records = 0
  for (const b of batches) {
    for (const r of b.records) parts.push(frame({ record: recordToPb(r) }))
    parts.push(frame({ heartbeat: signedHeartbeatToPb(b.heartbeat) }))
    records += b.records.length
  }
  parts.push(frame({ trailer: { records, heartbeats: batches.length } }))
  return Buffer.concat(parts)
}

function exportVectors (c: VectorCapsule): unknown[] {
  const [first, second] = c.batches as [AppendBatch, AppendBatch]
  const t1 = first.heartbeat.heartbeat.timestampUs
  // The writer alive a second later: its state at size 5, signed again.
  const liveness = signHeartbeat({ ...second.heartbeat.heartbeat, timestampUs: second.heartbeat.heartbeat.timestampUs + 1_000_000 }, c.writer)
  // A first heartbeat signed a second after its records, then records stamped between the two.
  const lateFirst = signHeartbeat({ ...first.heartbeat.heartbeat, timestampUs: t1 + 1_000_000 }, c.writer)
  const between = new CapsuleWriter(c.name, c.metadata, c.writer, first.state).append([Buffer.from('fourth record'), Buffer.from([0, 1, 2, 3, 255])], t1 + 500_000)
  // One more record stamped at the expiry: made by hand, as the writer refuses to.
  const expiry = c.metadata.expiresAtUs
  const payload = Buffer.from('too late')
  const late = recordFromParts({ seqno: 5, timestampUs: expiry, prevHash: second.state.lastHash, payloadHash: sha256(payload), payloadLength: payload.length }, payload)
  const tree = second.state.frontier.clone()
  tree.append(late.hash)
  const lateHeartbeat = signHeartbeat({ capsule: c.name, size: 6, root: tree.root(), lastRecordHash: late.hash, timestampUs: expiry }, c.writer)
  const valid = exportFile(c.signed, c.batches)
  const trailer = frame({ trailer: { records: 5, heartbeats: 2 } })
  const prefix = (n: number): Uint8Array => protoWriter().uint32(n).finish()
  return [
    { case: 'a valid export: two batches', file: hex(valid), valid: true, records: 5, heartbeats: 2 },
    { case: 'a heartbeat with no records before it (the writer signing its state again, a second later)', file: hex(Buffer.concat([valid.subarray(0, valid.length - trailer.length), frame({ heartbeat: signedHeartbeatToPb(liveness) }), frame({ trailer: { records: 5, heartbeats: 3 } })])), valid: false, rule: 'section 8, rule 2' },
    { case: 'records stamped before the heartbeat that ended the previous batch', file: hex(exportFile(c.signed, [{ records: first.records, heartbeat: lateFirst }, between])), valid: false, rule: 'section 8, rule 5' },
    { case: 'a record and heartbeat stamped at the expiry', file: hex(exportFile(c.signed, [...c.batches, { records: [late], heartbeat: lateHeartbeat }])), valid: false, rule: 'section 8, rule 6' },
    { case: 'a frame length above the limit, refused before the frame is read', file: hex(Buffer.concat([EXPORT_MAGIC, prefix(MAX_FRAME_LENGTH + 1)])), valid: false, rule: 'section 10, frame limit' },
    { case: 'a frame length at the limit, the file cut short after it', file: hex(Buffer.concat([EXPORT_MAGIC, prefix(MAX_FRAME_LENGTH), bytes('1285')])), valid: false, rule: 'section 10, truncation (not the frame limit)' }
  ]
}

// ---- fork proofs (spec section 9) ----

function forkProofVectors (c: VectorCapsule): unknown[] {
  const [first, second] = c.batches as [AppendBatch, AppendBatch]
  const forked = new CapsuleWriter(c.name, c.metadata, c.writer, first.state)
  const other = forked.append([Buffer.from('forked record'), Buffer.from('another')], second.heartbeat.heartbeat.timestampUs)
  const longer = forked.append([Buffer.from('and'), Buffer.from('more')], second.heartbeat.heartbeat.timestampUs + 1)
  const leaves = [...first.records, ...other.records, ...longer.records].map((r) => r.hash)
  const divergence = { index: 4, treeSize: 7, path: inclusionPathAfter(new MerkleFrontier(), leaves, 4) }
  const liveness = signHeartbeat({ ...second.heartbeat.heartbeat, timestampUs: second.heartbeat.heartbeat.timestampUs + 1_000_000 }, c.writer)
  return [
    { case: 'same size, other roots', forkProof: hex(encodeForkProof(sameSizeFork(c.signed, second.heartbeat, other.heartbeat))), valid: true, kind: 'same-size', position: 4 },
    { case: 'sizes 5 and 7, another record 4 in the larger tree', forkProof: hex(encodeForkProof(divergedFork(c.signed, second.heartbeat, longer.heartbeat, divergence, leaves[4]!))), valid: true, kind: 'diverged', position: 4 },
    { case: 'not a fork: the same state signed twice, at different times', forkProof: hex(encodeForkProof(sameSizeFork(c.signed, second.heartbeat, liveness))), valid: false }
  ]
}

// docs/spec.md section 2.1: a v1 reader accepts a message only in its
// canonical encoding. Every decoder of bytes is given random canonical
// messages (accepted) and each kind of non-canonical rewrite of them
// (refused, saying which rule). The wire format is parsed here by a reader
// of this test's own, independent of src/capsule/canonical.ts.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { requireCanonical, whyNotCanonical } from '../../src/capsule/canonical.js'
import {
  decodeConsistencyProof, decodeInclusionProof, decodeRangeProof, decodeRecord, decodeSignedHeartbeat, decodeSignedMetadata,
  encodeConsistencyProof, encodeInclusionProof, encodeRangeProof, encodeRecord, encodeSignedHeartbeat, encodeSignedMetadata, inclusionProofFromPb, recordFromParts
} from '../../src/capsule/codec.js'
import { newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { MalformedMessageError } from '../../src/errors.js'
import { EXPORT_MAGIC, readExport } from '../../src/store/archive.js'
import { decodeProto, lengthPrefixed, pb, protoWriter } from '../../src/wire/index.js'

const owner = new Ed25519Signer(new Uint8Array(32).fill(1))
const writer = new Ed25519Signer(new Uint8Array(32).fill(2))
const hash = fc.uint8Array({ minLength: 32, maxLength: 32 })
const uint = fc.oneof(fc.constant(0), fc.nat(1000), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))

interface Field { number: number, wireType: number, bytes: Uint8Array }

function varint (n: number): number[] {
  const out: number[] = []
  while (n >= 128) { out.push((n % 128) | 0x80); n = Math.floor(n / 128) }
  out.push(n)
  return out
}

/** The top-level fields of a well-formed message (this test's own wire reader). */
function fields (bytes: Uint8Array): Field[] {
  const out: Field[] = []
  let at = 0
  const read = (): number => { let n = 0; let f = 1; for (;;) { const b = bytes[at++]!; n += (b & 0x7f) * f; f *= 128; if (b < 0x80) return n } }
  while (at < bytes.length) {
    const start = at
    const tag = read()
    const wireType = tag % 8
    if (wireType === 0) read()
    else if (wireType === 1) at += 8
    else if (wireType === 2) { const length = read(); at += length } else at += 4
    out.push({ number: Math.floor(tag / 8), wireType, bytes: bytes.subarray(start, at) })
  }
  return out
}

const join = (parts: Array<Uint8Array | number[]>): Uint8Array => Buffer.concat(parts.map((p) => Uint8Array.from(p)))
const tagOf = (number: number, wireType: number): number[] => varint(number * 8 + wireType)
const valueOf = (f: Field): Uint8Array => f.bytes.subarray(varint(f.number * 8 + f.wireType).length)

interface Subject {
  name: string
  /** Canonical encodings of random messages of this type. */
  encodings: fc.Arbitrary<Uint8Array>
  decode: (bytes: Uint8Array) => unknown
  /** Its fields: number to wire type, and whether it may appear more than once. */
  schema: Record<number, { wireType: number, repeated?: true }>
}

const subjects: Subject[] = [
  {
    name: 'SignedHeartbeat',
    encodings: fc.record({ size: uint, root: hash, last: hash, timestampUs: uint, capsule: hash, signature: fc.uint8Array({ minLength: 64, maxLength: 64 }) })
      .map((h) => encodeSignedHeartbeat({ heartbeat: { capsule: h.capsule, size: h.size, root: h.root, lastRecordHash: h.size === 0 ? new Uint8Array(0) : h.last, timestampUs: h.timestampUs }, signature: h.signature })),
    decode: decodeSignedHeartbeat,
    schema: { 1: { wireType: 2 }, 2: { wireType: 2 } }
  },
  {
    name: 'InclusionProof',
    encodings: fc.record({ index: uint, treeSize: uint, path: fc.array(hash, { maxLength: 6 }) }).map(encodeInclusionProof),
    decode: decodeInclusionProof,
    schema: { 1: { wireType: 0 }, 2: { wireType: 0 }, 3: { wireType: 2, repeated: true } }
  },
  {
    name: 'RangeProof',
    encodings: fc.record({ from: fc.oneof(fc.constant(0), fc.nat(1000), fc.nat(2 ** 51)), length: fc.integer({ min: 1, max: 2 ** 20 }), beyond: fc.oneof(fc.constant(0), fc.nat(2 ** 30)), path: fc.array(hash, { maxLength: 6 }) })
      .map((r) => encodeRangeProof({ from: r.from, to: r.from + r.length, treeSize: r.from + r.length + r.beyond, path: r.path })),
    decode: decodeRangeProof,
    schema: { 1: { wireType: 0 }, 2: { wireType: 0 }, 3: { wireType: 0 }, 4: { wireType: 2, repeated: true } }
  },
  {
    name: 'ConsistencyProof',
    encodings: fc.record({ fromSize: uint, toSize: uint, path: fc.array(hash, { maxLength: 6 }) }).map(encodeConsistencyProof),
    decode: decodeConsistencyProof,
    schema: { 1: { wireType: 0 }, 2: { wireType: 0 }, 3: { wireType: 2, repeated: true } }
  },
  {
    name: 'Record',
    encodings: fc.record({ seqno: uint, timestampUs: uint, prevHash: hash, payload: fc.uint8Array({ maxLength: 40 }) })
      .map((r) => encodeRecord(recordFromParts({ seqno: r.seqno, timestampUs: r.timestampUs, prevHash: r.prevHash, payloadHash: sha256(r.payload), payloadLength: r.payload.length }, r.payload))),
    decode: decodeRecord,
    schema: { 1: { wireType: 2 }, 2: { wireType: 2 } }
  },
  {
    name: 'SignedMetadata',
    encodings: fc.record({
      createdAtUs: fc.integer({ min: 0, max: 2 ** 50 }),
      fields: fc.uniqueArray(fc.record({ key: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), value: fc.uint8Array({ maxLength: 8 }) }), { selector: (f) => f.key, maxLength: 4 }),
      nonce: fc.uint8Array({ maxLength: 16 })
    }).map(({ createdAtUs, fields, nonce }) => encodeSignedMetadata(signMetadata(newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs, appFields: fields, nonce }), owner))),
    decode: decodeSignedMetadata,
    schema: { 1: { wireType: 2 }, 2: { wireType: 2 } }
  }
]

/** How a canonical encoding can be rewritten into one v1 refuses, and the reason the reader must give. */
interface Rewrite { kind: string, bytes: Uint8Array | undefined, reason?: RegExp }

function rewrites (s: Subject, encoding: Uint8Array, pick: number, extra: number): Rewrite[] {
  const fs = fields(encoding)
  const at = fs.length === 0 ? 0 : pick % fs.length
  const f = fs[at]
  const before = join(fs.slice(0, at).map((x) => x.bytes))
  const from = join(fs.slice(at).map((x) => x.bytes))
  const out: Rewrite[] = [
    { kind: 'unknown field', bytes: join([before, tagOf(100 + extra, 0), varint(extra + 1), from]), reason: /field \d+ \(wire type 0\) is not a field of this message/ },
    { kind: 'field number 0', bytes: join([before, [0, 0], from]), reason: /field number 0/ }
  ]
  if (f === undefined) return out
  const after = join(fs.slice(at + 1).map((x) => x.bytes))
  out.push({ kind: 'a non-minimal tag', bytes: join([before, [...tagOf(f.number, f.wireType).map((b, i, all) => (i === all.length - 1 ? b | 0x80 : b)), 0], valueOf(f), after]), reason: /longer than it needs to be/ })
  if (s.schema[f.number]?.repeated !== true) out.push({ kind: 'a singular field twice', bytes: join([before, f.bytes, f.bytes, after]), reason: /appears (more than once|twice)/ }) // a message twice merges, which may break its own checks first
  const next = fs[at + 1]
  if (next !== undefined && next.number !== f.number) out.push({ kind: 'fields out of order', bytes: join([before, next.bytes, f.bytes, join(fs.slice(at + 2).map((x) => x.bytes))]), reason: /comes after field/ })
  // A field of the wrong wire type: a varint as fixed64, a length-delimited one as a varint.
  out.push({ kind: 'a wrong wire type', bytes: join([before, f.wireType === 0 ? [...tagOf(f.number, 1), 1, 0, 0, 0, 0, 0, 0, 0] : [...tagOf(f.number, 0), 1], after]) })
  // A default written out, where the field belongs: for a field the encoding leaves out.
  for (const [n, { wireType, repeated }] of Object.entries(s.schema).map(([n, d]) => [Number(n), d] as const)) {
    if (repeated === true || fs.some((x) => x.number === n)) continue
    const place = fs.findIndex((x) => x.number > n)
    const cut = place < 0 ? fs.length : place
    out.push({ kind: `field ${n} written with its default`, bytes: join([...fs.slice(0, cut).map((x) => x.bytes), [...tagOf(n, wireType), 0], ...fs.slice(cut).map((x) => x.bytes)]), reason: /default value/ })
  }
  return out
}

describe('v1 readers accept canonical encodings only (spec 2.1)', () => {
  for (const s of subjects) {
    it(`${s.name}: canonical encodings decode; every kind of rewrite is refused, saying why`, () => {
      fc.assert(fc.property(s.encodings, fc.nat(), fc.nat(899), (encoding, pick, extra) => {
        s.decode(encoding)
        for (const r of rewrites(s, encoding, pick, extra)) {
          let error: unknown
          try { s.decode(r.bytes!) } catch (err) { error = err }
          expect(error, r.kind).toBeInstanceOf(MalformedMessageError)
          if (r.reason !== undefined) expect((error as Error).message, r.kind).toMatch(r.reason)
        }
      }), { numRuns: 150 })
    })
  }

  it('names the nested field: field 1.6 is inside field 1', () => {
    const heartbeat = pb.Heartbeat.encode({ capsule: new Uint8Array(32).fill(1), size: 3, root: new Uint8Array(32).fill(2), lastRecordHash: new Uint8Array(32).fill(3), timestampUs: 9 }).finish()
    const signature = [0x12, 64, ...new Uint8Array(64).fill(4)]
    const canonical = join([[0x0a, heartbeat.length], heartbeat, signature])
    const extended = join([[0x0a, heartbeat.length + 2], heartbeat, [0x30, 1], signature])
    expect(whyNotCanonical(extended, canonical)).toBe('field 1.6 (wire type 0) is not a field of this message in v1, or has the wrong wire type')
    expect(() => decodeSignedHeartbeat(extended)).toThrow('signed heartbeat is not in canonical form (docs/spec.md, "Decoding"): field 1.6 (wire type 0) is not a field of this message in v1, or has the wrong wire type')
  })

  it('export frames: exactly one member, itself canonical', async () => {
    const heartbeat = encodeSignedHeartbeat({ heartbeat: { capsule: new Uint8Array(32).fill(1), size: 1, root: new Uint8Array(32).fill(2), lastRecordHash: new Uint8Array(32).fill(3), timestampUs: 9 }, signature: new Uint8Array(64) })
    const member = protoWriter().uint32(26).bytes(heartbeat).finish()
    const first = async (frame: Uint8Array): Promise<unknown> => {
      for await (const f of readExport((async function * () { yield Buffer.concat([EXPORT_MAGIC, lengthPrefixed(frame)]) })())) return f
    }
    expect(await first(member)).toMatchObject({ kind: 'heartbeat' })
    await expect(first(join([member, [0x22, 0]]))).rejects.toThrow('export frame 0 holds 2 fields; it must hold exactly one of header, record, heartbeat, trailer')
    await expect(first(new Uint8Array(0))).rejects.toThrow('export frame 0 holds 0 fields')
    await expect(first(join([[0x2a, 0]]))).rejects.toThrow('export frame 0 holds field 5 with wire type 2')
    const longLength = [...varint(heartbeat.length).map((b, i, all) => (i === all.length - 1 ? b | 0x80 : b)), 0]
    await expect(first(join([[0x1a, ...longLength], heartbeat]))).rejects.toThrow('export frame 0: field 3 has a varint longer than it needs to be')
    await expect(first(join([[0x1a, ...varint(heartbeat.length + 2)], heartbeat, [0x18, 1]]))).rejects.toThrow('export frame 0: signed heartbeat is not in canonical form (docs/spec.md, "Decoding"): field 3 (wire type 0) is not a field of this message in v1, or has the wrong wire type')
    // The trailer of an empty capsule is the member present and empty: 22 00.
    expect(await first(Uint8Array.of(0x22, 0))).toEqual({ kind: 'trailer', records: 0, heartbeats: 0 })
    await expect(first(Uint8Array.of(0x22, 2, 0x08, 0))).rejects.toThrow(/trailer is not in canonical form.*field 1 is written with its default value/)
  })
})

// decodeInclusionProof reads canonical proofs in one pass of its own
// (src/wire/canonical-reader.ts) and hands anything else to protobufjs and the
// canonical check: the two must take the same messages, with the same values,
// and refuse the rest with the general decoder's reason.
describe('the one-pass InclusionProof reader', () => {
  const general = (bytes: Uint8Array): unknown => {
    const proof = inclusionProofFromPb(decodeProto(pb.InclusionProof, bytes, 'inclusion proof'))
    requireCanonical(bytes, encodeInclusionProof(proof), 'inclusion proof')
    return proof
  }
  const outcome = (decode: (bytes: Uint8Array) => unknown, bytes: Uint8Array): unknown => {
    try { return decode(bytes) } catch (err) { return { refused: (err as Error).name, message: (err as Error).message } }
  }
  const sameAsGeneral = (bytes: Uint8Array): void => { expect(outcome(decodeInclusionProof, bytes)).toEqual(outcome(general, bytes)) }
  const proofs = fc.record({ index: uint, treeSize: uint, path: fc.array(hash, { maxLength: 66 }) })

  it('agrees with the general decoder on canonical proofs, on every one-byte change, cut and insertion of them, and on random bytes', () => {
    fc.assert(fc.property(proofs, fc.nat(), fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 120 }), (proof, pick, byte, noise) => {
      const bytes = encodeInclusionProof(proof)
      sameAsGeneral(bytes)
      const at = bytes.length === 0 ? 0 : pick % bytes.length
      const changed = bytes.slice()
      changed[at] = byte
      sameAsGeneral(changed)
      sameAsGeneral(bytes.subarray(0, at))
      sameAsGeneral(join([bytes.subarray(0, at), [byte], bytes.subarray(at)]))
      sameAsGeneral(noise)
      sameAsGeneral(join([bytes, noise]))
    }), { numRuns: 400 })
  })

  it('at and past its limits: 64 hashes and 65, index and size 2^53 - 1 and 2^53, varints of one byte more than needed, zeros written out', () => {
    const h = new Uint8Array(32).fill(7)
    const path64 = encodeInclusionProof({ index: 1, treeSize: 2, path: Array.from({ length: 64 }, () => h) })
    expect(decodeInclusionProof(path64).path).toHaveLength(64)
    expect(() => decodeInclusionProof(join([path64, [0x1a, 32], h]))).toThrow('inclusion proof path has 65 hashes, at most 64 allowed')
    const max = Number.MAX_SAFE_INTEGER
    expect(decodeInclusionProof(encodeInclusionProof({ index: max, treeSize: max, path: [] }))).toEqual({ index: max, treeSize: max, path: [] })
    const tooBig = join([[0x08], varint(2 ** 53)])
    expect(() => decodeInclusionProof(tooBig)).toThrow('proof index is not an integer in [0, 2^53)')
    expect(() => decodeInclusionProof(Uint8Array.of(0x08, 0x85, 0x00))).toThrow(/inclusion proof is not in canonical form/)
    expect(() => decodeInclusionProof(Uint8Array.of(0x08, 0x00))).toThrow(/inclusion proof is not in canonical form.*default value/)
    expect(() => decodeInclusionProof(join([[0x1a, 31], h.subarray(1)]))).toThrow('inclusion proof path[0] must be 32 bytes')
    for (const bytes of [path64, tooBig, Uint8Array.of(0x10, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01)]) sameAsGeneral(bytes)
  })
})

describe('RangeProof values', () => {
  const h = new Uint8Array(32).fill(9)
  it('a path of 128 hashes and 129; an empty, backwards or out-of-tree range; random bytes: a clear refusal, never a crash', () => {
    expect(decodeRangeProof(encodeRangeProof({ from: 0, to: 1, treeSize: 1, path: Array.from({ length: 128 }, () => h) })).path).toHaveLength(128)
    expect(() => decodeRangeProof(encodeRangeProof({ from: 0, to: 1, treeSize: 1, path: Array.from({ length: 129 }, () => h) }))).toThrow('range proof path has 129 hashes, at most 128 allowed')
    for (const [from, to, treeSize] of [[3, 3, 10], [4, 3, 10], [0, 11, 10], [0, 0, 0]]) {
      expect(() => decodeRangeProof(encodeRangeProof({ from: from!, to: to!, treeSize: treeSize!, path: [] }))).toThrow(`range proof of records ${from}..${to} is not a non-empty range of a tree of ${treeSize} records`)
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      try { decodeRangeProof(bytes) } catch (err) { expect(err).toBeInstanceOf(MalformedMessageError) }
    }), { numRuns: 500 })
  })
})

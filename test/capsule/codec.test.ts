// Every decoder: random and mutated bytes give a MalformedMessageError (never
// another exception, never a crash), and encode/decode round-trips.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeConsistencyProof, decodeForkProof, decodeInclusionProof, decodeRecord, decodeSignedHeartbeat, decodeSignedMetadata,
  encodeInclusionProof, encodeMetadata, encodeRecord, encodeRecordHeader, encodeSignedHeartbeat, encodeSignedMetadata
} from '../../src/capsule/codec.js'
import { capsuleName, newMetadata, signMetadata, verifySignedMetadata } from '../../src/capsule/metadata.js'
import { formatName, parseName } from '../../src/capsule/name.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { InvalidArgumentError, InvalidSignatureError, MalformedMessageError } from '../../src/errors.js'
import { onlyMalformed } from '../helpers.js'
import { pb } from '../../src/wire/index.js'
import { recordFromParts } from '../../src/capsule/codec.js'
import { readExport } from '../../src/store/archive.js'

const decoders = {
  decodeSignedMetadata, decodeRecord, decodeSignedHeartbeat, decodeInclusionProof, decodeConsistencyProof, decodeForkProof
}

const owner = new Ed25519Signer(new Uint8Array(32).fill(1))
const writer = new Ed25519Signer(new Uint8Array(32).fill(2))
const metadataArb = fc.record({
  createdAtUs: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER - 1 }),
  fields: fc.uniqueArray(fc.record({ key: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), value: fc.uint8Array({ maxLength: 20 }) }), { selector: (f) => f.key, maxLength: 5 }),
  nonce: fc.uint8Array({ maxLength: 16 }),
  replicas: fc.integer({ min: 0, max: 9 })
}).map(({ createdAtUs, fields, nonce, replicas }) => newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs, appFields: fields, nonce, replication: { replicas, writeQuorum: Math.floor(replicas / 2) } }))

describe('decoders reject garbage with MalformedMessageError only', () => {
  it('a varint of exactly 2^53 is malformed, not a crash (found by this property)', () => {
    for (const decode of Object.values(decoders)) onlyMalformed(() => decode(Uint8Array.from([248, 0, 128, 128, 128, 128, 128, 128, 128, 16])))
  })

  for (const [name, decode] of Object.entries(decoders)) {
    it(name, () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => onlyMalformed(() => decode(bytes))), { numRuns: 500 })
    })
  }

  it('mutations of a valid signed metadata either decode or are malformed', () => {
    const valid = encodeSignedMetadata(signMetadata(newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: 5, nonce: new Uint8Array(4) }), owner))
    fc.assert(fc.property(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const bytes = valid.slice(); bytes[at]! ^= xor
      onlyMalformed(() => decodeSignedMetadata(bytes))
    }), { numRuns: 500 })
  })

  it('export frame reader', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 5 }), fc.boolean(), async (chunks, magic) => {
      const input = magic ? [Buffer.from('GDPCAPS\x01', 'latin1'), ...chunks] : chunks
      try {
        for await (const _ of readExport((async function * () { yield * input })())) { /* drain */ }
      } catch (err) {
        if (!(err instanceof MalformedMessageError)) throw err
      }
    }), { numRuns: 300 })
  })
})

describe('canonical encoding', () => {
  it('an inclusion proof written by hand is what protobufjs writes, for any index, size and path', () => {
    const hashes = fc.array(fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 200 })), { maxLength: 70 })
    const n = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
    fc.assert(fc.property(n, n, hashes, (index, treeSize, path) => {
      const expected = pb.InclusionProof.encode({ index, treeSize, path }).finish()
      expect(Buffer.from(encodeInclusionProof({ index, treeSize, path })).toString('hex')).toBe(Buffer.from(expected).toString('hex'))
    }), { numRuns: 500 })
  })

  it('metadata round-trips and the name does not depend on field order', () => {
    fc.assert(fc.property(metadataArb, (metadata) => {
      const signed = signMetadata(metadata, owner)
      const decoded = decodeSignedMetadata(encodeSignedMetadata(signed))
      expect(Buffer.from(capsuleName(decoded.metadata))).toEqual(Buffer.from(capsuleName(metadata)))
      expect(Buffer.from(verifySignedMetadata(decoded))).toEqual(Buffer.from(capsuleName(metadata)))
      const reversed = newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: metadata.createdAtUs, appFields: [...metadata.appFields].reverse(), nonce: metadata.nonce, replication: metadata.replication })
      expect(Buffer.from(encodeMetadata(reversed))).toEqual(Buffer.from(encodeMetadata(metadata)))
    }), { numRuns: 100 })
  })

  it('rejects metadata whose fields are not sorted, or repeated', () => {
    const m = pb.CapsuleMetadata.create({ version: 1, owner: { algorithm: 1, key: owner.publicKey }, writer: { algorithm: 1, key: writer.publicKey }, appFields: [{ key: 'b' }, { key: 'a' }] })
    const bytes = pb.SignedMetadata.encode({ metadata: m, ownerSignature: new Uint8Array(64) }).finish()
    expect(() => decodeSignedMetadata(bytes)).toThrow(/not sorted/)
    m.appFields = [{ key: 'a' }, { key: 'a' }]
    expect(() => decodeSignedMetadata(pb.SignedMetadata.encode({ metadata: m, ownerSignature: new Uint8Array(64) }).finish())).toThrow(/twice/)
    expect(() => newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: 1, nonce: new Uint8Array(0), appFields: [{ key: 'x', value: new Uint8Array() }, { key: 'x', value: new Uint8Array() }] })).toThrow(InvalidArgumentError)
  })

  it('rejects unknown versions, algorithms and oversized numbers with a clear message', () => {
    const base = { version: 1, owner: { algorithm: 1, key: owner.publicKey }, writer: { algorithm: 1, key: writer.publicKey } }
    const enc = (m: object): Uint8Array => pb.SignedMetadata.encode({ metadata: m, ownerSignature: new Uint8Array(64) }).finish()
    expect(() => decodeSignedMetadata(enc({ ...base, version: 2 }))).toThrow(/version 2 is not supported/)
    expect(() => decodeSignedMetadata(enc({ ...base, writer: { algorithm: 7, key: writer.publicKey } }))).toThrow(/unsupported signature algorithm/)
    expect(() => decodeSignedMetadata(enc({ ...base, owner: { algorithm: 1, key: new Uint8Array(31) } }))).toThrow(/32 bytes/)
    // 2^60 as a varint: must not be silently rounded to a float.
    const big = pb.Heartbeat.encode({ capsule: new Uint8Array(32), size: 5, root: new Uint8Array(32), lastRecordHash: new Uint8Array(32) }).finish()
    const patched = Buffer.concat([big, Buffer.from([0x28, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x10])])
    expect(() => decodeSignedHeartbeat(pb.SignedHeartbeat.encode({ heartbeat: pb.Heartbeat.decode(patched), signature: new Uint8Array(64) }).finish())).toThrow(MalformedMessageError)
  })

  it('sorts application fields by their keys\' UTF-8 bytes, whatever order JavaScript strings have', () => {
    fc.assert(fc.property(metadataArb, (metadata) => {
      const keys = metadata.appFields.map((f) => Buffer.from(f.key, 'utf8'))
      for (let i = 1; i < keys.length; i++) expect(Buffer.compare(keys[i - 1]!, keys[i]!)).toBe(-1)
      expect(decodeSignedMetadata(encodeSignedMetadata(signMetadata(metadata, owner))).metadata.appFields.map((f) => f.key)).toEqual(metadata.appFields.map((f) => f.key))
    }), { numRuns: 200 })
  })

  it('detects a forged owner signature', () => {
    const signed = signMetadata(newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: 1, nonce: new Uint8Array(1) }), owner)
    const forged = { ...signed, ownerSignature: writer.sign(new Uint8Array(1)) }
    expect(() => verifySignedMetadata(forged)).toThrow(InvalidSignatureError)
  })

  it('records round-trip, and a payload that does not match its header is malformed', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(1_000_000), (payload, seqno) => {
      const header = { seqno, timestampUs: 77, prevHash: new Uint8Array(32).fill(3), payloadHash: sha256(payload), payloadLength: payload.length }
      const record = recordFromParts(header, payload)
      const decoded = decodeRecord(encodeRecord(record))
      expect(Buffer.from(decoded.hash)).toEqual(Buffer.from(record.hash))
      expect(Buffer.from(decoded.payload)).toEqual(Buffer.from(payload))
    }), { numRuns: 100 })
    const header = { seqno: 0, timestampUs: 0, prevHash: new Uint8Array(32), payloadHash: new Uint8Array(32), payloadLength: 3 }
    expect(() => decodeRecord(pb.Record.encode({ header, payload: new Uint8Array(2) }).finish())).toThrow(/payload is 2 bytes, header says 3/)
  })

  it('the hand-written record header encoder is the protobuf encoding', () => {
    fc.assert(fc.property(fc.record({
      seqno: fc.oneof(fc.constant(0), fc.nat(), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
      timestampUs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })),
      prevHash: fc.uint8Array({ maxLength: 200 }),
      payloadHash: fc.uint8Array({ maxLength: 40 }),
      payloadLength: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 40 }))
    }), (header) => {
      expect(Buffer.from(encodeRecordHeader(header))).toEqual(Buffer.from(pb.RecordHeader.encode(header).finish()))
    }), { numRuns: 500 })
  })

  it('records encode as protobuf Records', () => {
    const header = { seqno: 3, timestampUs: 9, prevHash: new Uint8Array(32).fill(1), payloadHash: sha256(Buffer.from('p')), payloadLength: 1 }
    const record = recordFromParts(header, Buffer.from('p'))
    expect(Buffer.from(encodeRecord(record))).toEqual(Buffer.from(pb.Record.encode({ header, payload: Buffer.from('p') }).finish()))
  })

  it('heartbeats and proofs round-trip', () => {
    const hb = { heartbeat: { capsule: new Uint8Array(32).fill(1), size: 9, root: new Uint8Array(32).fill(2), lastRecordHash: new Uint8Array(32).fill(3), timestampUs: 4 }, signature: new Uint8Array(64).fill(5) }
    expect(decodeSignedHeartbeat(encodeSignedHeartbeat(hb)).heartbeat.size).toBe(9)
    const proof = { index: 3, treeSize: 9, path: [new Uint8Array(32).fill(6)] }
    expect(decodeInclusionProof(encodeInclusionProof(proof)).path.length).toBe(1)
  })

  it('names print as 43 base64url characters and parse back, also from hex', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (name) => {
      const text = formatName(name)
      expect(text).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(Buffer.from(parseName(text))).toEqual(Buffer.from(name))
      expect(Buffer.from(parseName(Buffer.from(name).toString('hex')))).toEqual(Buffer.from(name))
    }))
    expect(() => parseName('short')).toThrow(InvalidArgumentError)
  })
})

describe('metadata limits (spec section 11), for a builder and a decoder alike', () => {
  const base = { owner: owner.publicKey, writer: writer.publicKey, createdAtUs: 1_000, nonce: new Uint8Array(16) }
  const field = (key: string, size = 0): { key: string, value: Uint8Array } => ({ key, value: new Uint8Array(size) })
  /** The same metadata built without the builder's checks, as another implementation might encode it. */
  const encodedAnyway = (m: Record<string, unknown>): Uint8Array => pb.SignedMetadata.encode({ metadata: { version: 1, owner: { algorithm: 1, key: owner.publicKey }, writer: { algorithm: 1, key: writer.publicKey }, createdAtUs: 1_000, ...m }, ownerSignature: new Uint8Array(64) }).finish()
  const cases: Array<[string, Parameters<typeof newMetadata>[0], Record<string, unknown>, RegExp]> = [
    ['257 application fields', { ...base, appFields: Array.from({ length: 257 }, (_, i) => field(`k${String(i).padStart(3, '0')}`)) }, { appFields: Array.from({ length: 257 }, (_, i) => field(`k${String(i).padStart(3, '0')}`)) }, /257 application fields, at most 256/],
    ['an empty key', { ...base, appFields: [field('')] }, { appFields: [field('')] }, /is 0 bytes; a key is 1 to 256 bytes/],
    ['a key of 257 bytes', { ...base, appFields: [field('é'.repeat(128) + 'x')] }, { appFields: [field('é'.repeat(128) + 'x')] }, /is 257 bytes; a key is 1 to 256 bytes/],
    ['a nonce of 65 bytes', { ...base, nonce: new Uint8Array(65) }, { nonce: new Uint8Array(65) }, /nonce is 65 bytes, at most 64/],
    ['metadata over 4 MiB', { ...base, appFields: [field('a', 2 << 20), field('b', 2 << 20)] }, { appFields: [field('a', 2 << 20), field('b', 2 << 20)] }, /at most 4194304 allowed/],
    ['a quorum above the replicas', { ...base, replication: { replicas: 2, writeQuorum: 3 } }, { replication: { replicas: 2, writeQuorum: 3 } }, /write quorum 3 exceeds replica count 2/],
    ['an expiry at the creation', { ...base, expiresAtUs: 1_000 }, { expiresAtUs: 1_000 }, /expires .* no later than it was created/]
  ]
  for (const [what, init, encoded, message] of cases) {
    it(`refuses ${what}`, () => {
      expect(() => newMetadata(init)).toThrow(InvalidArgumentError)
      expect(() => newMetadata(init)).toThrow(message)
      expect(() => decodeSignedMetadata(encodedAnyway(encoded))).toThrow(MalformedMessageError)
      expect(() => decodeSignedMetadata(encodedAnyway(encoded))).toThrow(message)
    })
  }

  it('takes the largest: 256 fields of 256-byte keys, a 64-byte nonce, a quorum when replicas is 0, values up to the 4 MiB total', () => {
    const keys = Array.from({ length: 256 }, (_, i) => field(String(i).padStart(3, '0').padEnd(256, 'k'), 16_000))
    const m = newMetadata({ ...base, appFields: keys, nonce: new Uint8Array(64), replication: { replicas: 0, writeQuorum: 5 } })
    expect(encodeMetadata(m).length).toBeLessThanOrEqual(4 * 1024 * 1024)
    expect(decodeSignedMetadata(encodeSignedMetadata(signMetadata(m, owner))).metadata.appFields.length).toBe(256)
  })

  it('refuses owner and writer keys no signature can verify under', () => {
    const identity = new Uint8Array(32); identity[0] = 1
    expect(() => newMetadata({ ...base, writer: identity })).toThrow(/the writer key is not an Ed25519 public key v1 accepts/)
    expect(() => newMetadata({ ...base, owner: new Uint8Array(32).fill(0xff) })).toThrow(/the owner key/)
  })
})

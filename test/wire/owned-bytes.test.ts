// What outlives a decoded message owns its bytes, so keeping it does not keep
// the frame: a decoded bytes field is a view of the buffer it was decoded
// from, and a frame may be padded with unknown fields up to its limit.
import { describe, expect, it } from 'vitest'
import { MalformedMessageError } from '../../src/errors.js'
import { signedMetadataFromPb, signedMetadataToPb } from '../../src/capsule/codec.js'
import { newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { fixedBytes, fixedBytesView, pb } from '../../src/wire/index.js'

describe('fixedBytes', () => {
  it('gives a copy of a decoded field, not a view of the frame it was decoded from', () => {
    const name = new Uint8Array(32).fill(9)
    const frame = Buffer.from(pb.Pdu.encode({ destination: name, source: new Uint8Array(32).fill(1), ttl: 4 }).finish())
    const decoded = pb.Pdu.decode(frame).destination!
    expect(decoded.buffer).toBe(frame.buffer)
    const kept = fixedBytes(decoded, 32, 'destination')
    expect(kept.buffer).not.toBe(frame.buffer)
    expect(kept.byteLength).toBe(32)
    expect(kept.buffer.byteLength).toBe(32)
    expect(kept).toEqual(decoded)
    frame.fill(0)
    expect(kept).toEqual(Buffer.from(name))
  })

  it('refuses a field of another length, naming it; fixedBytesView, for fields checked and dropped, checks the same and copies nothing', () => {
    expect(() => fixedBytes(new Uint8Array(31), 32, 'destination')).toThrow(new MalformedMessageError('destination must be 32 bytes, got 31'))
    expect(fixedBytes(undefined, 32, 'origin', true)).toHaveLength(0)
    expect(() => fixedBytesView(new Uint8Array(33), 32, 'path[0]')).toThrow(new MalformedMessageError('path[0] must be 32 bytes, got 33'))
    const frame = new Uint8Array(64)
    expect(fixedBytesView(frame.subarray(16, 48), 32, 'path[0]').buffer).toBe(frame.buffer)
  })
})

describe('signedMetadataFromPb', () => {
  // Found by this survey: a metadata's name is the hash of its fields, so none can be padded; but its nonce and
  // application field values were views of the frame, and an info response padded with an unknown field had a
  // client's view of the capsule, kept for as long as the client, hold the whole frame.
  it('gives a metadata whose every bytes field owns its bytes', () => {
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: 1, nonce: new Uint8Array(16).fill(7), appFields: [{ key: 'k', value: new Uint8Array(8).fill(1) }] })
    const frame = Buffer.from(pb.SignedMetadata.encode(signedMetadataToPb(signMetadata(metadata, owner))).finish())
    const decoded = signedMetadataFromPb(pb.SignedMetadata.decode(frame))
    const m = decoded.metadata
    for (const bytes of [m.owner.key, m.writer.key, m.nonce, m.appFields[0]!.value, decoded.ownerSignature]) expect(bytes.buffer).not.toBe(frame.buffer)
    expect(m.nonce).toEqual(Buffer.from(new Uint8Array(16).fill(7)))
  })
})


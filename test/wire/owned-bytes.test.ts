// What outlives a decoded message owns its bytes, so keeping it does not keep
// the frame: a decoded bytes field is a view of the buffer it was decoded
// from, and a frame may be padded with unknown fields up to its limit.
import { describe, expect, it } from 'vitest'
import { MalformedMessageError } from '../../src/errors.js'
import { signedMetadataFromPb, signedMetadataToPb } from '../../src/capsule/codec.js'
import { newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { Uint8ArrayList } from 'uint8arraylist'
import { inclusionProofRanges, KEPT_VIEW_BUFFER_BYTES, rootOfLeaves, VerifiedTree } from '../../src/capsule/merkle.js'
import { sha256 } from '../../src/crypto/hash.js'
import { fixedBytes, fixedBytesView, frameBytes, pb } from '../../src/wire/index.js'
import { fullCollection } from '../full-collection.js'

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

describe('frameBytes', () => {
  it('decodes a frame of half its buffer where it is, and copies one of less than half', () => {
    const chunk = new Uint8Array(1000)
    expect(frameBytes(new Uint8ArrayList(chunk.subarray(0, 500))).buffer).toBe(chunk.buffer)
    const copied = frameBytes(new Uint8ArrayList(chunk.subarray(0, 499)))
    expect(copied.buffer).not.toBe(chunk.buffer)
    expect(copied.byteLength).toBe(499)
  })
})

describe('VerifiedTree', () => {
  /** Whether the tree still holds the buffer of `bytes` bytes its last accepted proof's path was decoded into. */
  async function holdsPathBuffer (bytes: number): Promise<boolean> {
    const leaves = Array.from({ length: 4 }, (_, i) => sha256(Uint8Array.of(i)))
    const ranges = inclusionProofRanges(1, 4)
    let buffer: WeakRef<ArrayBuffer> | undefined
    const tree = new VerifiedTree(4, rootOfLeaves(leaves))
    ;(() => {
      const frame = new Uint8Array(bytes)
      const path = ranges.map(([begin, end], k) => {
        const view = frame.subarray(k * 32, k * 32 + 32)
        view.set(rootOfLeaves(leaves.slice(begin, end)))
        return view
      })
      expect(tree.verify(1, leaves[1]!, path)).toBe(true)
      buffer = new WeakRef(frame.buffer)
    })()
    await fullCollection()
    // (The tree is alive to the end: it is what would hold the buffer.)
    return buffer!.deref() !== undefined && tree.size === 4
  }

  it(`keeps its last path as views of a buffer of ${KEPT_VIEW_BUFFER_BYTES} bytes, and copies it from one byte more`, async () => {
    expect(await holdsPathBuffer(KEPT_VIEW_BUFFER_BYTES)).toBe(true)
    expect(await holdsPathBuffer(KEPT_VIEW_BUFFER_BYTES + 1)).toBe(false)
  })
})


// patchPduTtl: a router forwards a request in the encoding it arrived in,
// with its ttl set in place; what it cannot patch it leaves to the encoder.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { patchPduTtl, pb, protoWriter } from '../../src/wire/index.js'

const pduArb = fc.record({
  ttl: fc.integer({ min: 1, max: 300 }),
  destination: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  source: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  nonce: fc.uint8Array({ minLength: 16, maxLength: 16 }),
  payload: fc.uint8Array({ maxLength: 600 })
})

const encode = (p: { ttl: number, destination: Uint8Array, source: Uint8Array, nonce: Uint8Array, payload: Uint8Array }): Uint8Array =>
  pb.Pdu.encode({ version: 1, destination: p.destination, source: p.source, ttl: p.ttl, nonce: p.nonce, request: { append: { records: [{ payload: p.payload }] } } }).finish()

describe('patchPduTtl', () => {
  it('any PDU: the patched encoding decodes to the same PDU with the new ttl, or nothing is patched (a varint of another length, or 0)', () => {
    fc.assert(fc.property(pduArb, fc.integer({ min: -1, max: 300 }), (p, ttl) => {
      const bytes = encode(p)
      const patched = patchPduTtl(new Uint8Array(bytes), ttl)
      const sameWidth = ttl >= 1 && (ttl < 128) === (p.ttl < 128)
      if (!sameWidth) { expect(patched).toBeUndefined(); return }
      expect(patched).toBeDefined()
      // Encoded again, the decoded PDU is the one encoded with that ttl from the start.
      expect(Buffer.from(pb.Pdu.encode(pb.Pdu.decode(patched!)).finish())).toEqual(Buffer.from(encode({ ...p, ttl })))
      expect(patched!.length).toBe(bytes.length)
    }), { numRuns: 500 })
  })

  it('a ttl given twice (a decoder takes the last) is set in both places, so no copy of the field escapes the decrement', () => {
    const body = encode({ ttl: 9, destination: new Uint8Array(32).fill(1), source: new Uint8Array(32).fill(2), nonce: new Uint8Array(16), payload: new Uint8Array() })
    const twice = new Uint8Array([...body, ...protoWriter().uint32((4 << 3) | 0).uint32(50).finish()])
    expect(pb.Pdu.decode(twice).ttl).toBe(50)
    const patched = patchPduTtl(twice, 49)!
    expect(pb.Pdu.decode(patched).ttl).toBe(49)
    expect([...patched].filter((b, i) => b === 49 && patched[i - 1] === 0x20).length).toBe(2)
  })

  it('bytes it cannot walk, and a PDU without a ttl, are left to the encoder', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 1, max: 200 }), (bytes, ttl) => {
      const copy = new Uint8Array(bytes)
      const patched = patchPduTtl(copy, ttl)
      if (patched === undefined) expect(copy).toEqual(bytes)
    }), { numRuns: 2000 })
    expect(patchPduTtl(pb.Pdu.encode({ version: 1, nonce: new Uint8Array(16) }).finish(), 5)).toBeUndefined()
    // A group (wire type 3) or a length past the end.
    expect(patchPduTtl(Uint8Array.of(0x20, 0x05, 0x0b), 4)).toBeUndefined()
    expect(patchPduTtl(Uint8Array.of(0x20, 0x05, 0x12, 0x40, 0x00), 4)).toBeUndefined()
  })
})

// fixedBytes, through which every name, hash, key and signature is decoded:
// what it gives owns its bytes, so keeping one does not keep the frame.
import { describe, expect, it } from 'vitest'
import { MalformedMessageError } from '../../src/errors.js'
import { fixedBytes, pb } from '../../src/wire/index.js'

describe('fixedBytes', () => {
  it('gives a copy of a decoded field, not a view of the frame it was decoded from (a Buffer frame gives a Buffer)', () => {
    const name = new Uint8Array(32).fill(9)
    const frame = Buffer.from(pb.Pdu.encode({ destination: name, source: new Uint8Array(32).fill(1), ttl: 4 }).finish())
    const decoded = pb.Pdu.decode(frame).destination!
    expect(decoded.buffer).toBe(frame.buffer)
    const kept = fixedBytes(decoded, 32, 'destination')
    expect(kept.buffer).not.toBe(frame.buffer)
    expect(kept.byteLength).toBe(32)
    expect(kept.buffer.byteLength).toBe(32)
    expect(Buffer.isBuffer(kept)).toBe(true)
    expect(kept).toEqual(decoded)
    frame.fill(0)
    expect(kept).toEqual(Buffer.from(name))
  })

  it('refuses a field of another length, naming it', () => {
    expect(() => fixedBytes(new Uint8Array(31), 32, 'destination')).toThrow(new MalformedMessageError('destination must be 32 bytes, got 31'))
    expect(fixedBytes(undefined, 32, 'origin', true)).toHaveLength(0)
  })
})

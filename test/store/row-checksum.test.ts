import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { checkedRowValue, crc32, ROW_CHECKSUM_LENGTH, writeWithRowChecksum } from '../../src/store/row-checksum.js'

/** CRC-32 a bit at a time, as its definition reads: what the table-driven one must agree with. */
function bitwiseCrc32 (bytes: Uint8Array): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = (crc & 1) !== 0 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

describe('row checksums', () => {
  it('CRC-32 is zlib\'s: the check value of "123456789" is 0xcbf43926, and it agrees with the bitwise definition over parts of any length', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32()).toBe(0)
    fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 4 }), (parts) => {
      expect(crc32(...parts)).toBe(bitwiseCrc32(Uint8Array.from(parts.flatMap((p) => [...p]))))
    }), { numRuns: 500 })
  })

  it('a stored row reads back as its value; a flipped bit anywhere, another key, or fewer than 4 bytes is refused', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.uint8Array({ maxLength: 60 }), fc.nat(), fc.nat({ max: 8 }), (key, value, at, offset) => {
      // Written at an offset within a larger buffer, as rows are written into one buffer per batch.
      const buffer = new Uint8Array(offset + value.length + ROW_CHECKSUM_LENGTH + 3)
      const stored = buffer.subarray(offset, writeWithRowChecksum(buffer, offset, key, value))
      expect(checkedRowValue(key, stored)).toEqual(value)
      const flipped = Uint8Array.from(stored)
      flipped[at % flipped.length]! ^= 1 << (at % 8)
      expect(checkedRowValue(key, flipped)).toBeUndefined()
      const otherKey = Uint8Array.from(key)
      otherKey[0]! ^= 0x80
      expect(checkedRowValue(otherKey, stored)).toBeUndefined()
    }), { numRuns: 500 })
    expect(checkedRowValue(Uint8Array.of(1), Uint8Array.of(1, 2, 3))).toBeUndefined()
  })
})

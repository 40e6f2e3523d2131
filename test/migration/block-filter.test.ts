// The base index's Bloom filter never says "no" for a block it was given, and seldom "maybe" for another.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BlockFilter, FILTER_BITS_PER_BLOCK } from '../../src/migration/block-filter.js'

describe('block filter', () => {
  it('holds every hash added, at any offset of a larger buffer', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ minLength: 40, maxLength: 40 }), { maxLength: 200 }), fc.nat({ max: 8 }), (buffers, offset) => {
      const filter = new BlockFilter(buffers.length)
      const hashes = buffers.map((b) => b.subarray(offset, offset + 32))
      for (const h of hashes) filter.add(h)
      for (const h of hashes) expect(filter.mayHold(h)).toBe(true)
      expect(filter.added).toBe(hashes.length)
    }), { numRuns: 200 })
  })

  it('sized for n blocks: at n, few absent hashes pass; past n, every added one still does', () => {
    const n = 20_000
    const filter = new BlockFilter(n)
    expect(filter.capacity).toBeGreaterThanOrEqual(n)
    const pool = new Uint8Array(randomBytes(3 * filter.capacity * 32))
    const added = Array.from({ length: 3 * filter.capacity }, (_, i) => pool.subarray(i * 32, i * 32 + 32))
    for (const h of added.slice(0, filter.capacity)) filter.add(h)
    const others = new Uint8Array(randomBytes(20_000 * 32))
    const absent = Array.from({ length: 20_000 }, (_, i) => others.subarray(i * 32, i * 32 + 32))
    // 3 probes at FILTER_BITS_PER_BLOCK bits a block: about 1.5 %; well under 4 % whatever the draw.
    expect(FILTER_BITS_PER_BLOCK).toBe(16)
    expect(absent.filter((h) => filter.mayHold(h)).length / absent.length).toBeLessThan(0.04)
    for (const h of added.slice(filter.capacity)) filter.add(h)
    expect(added.filter((h) => !filter.mayHold(h))).toEqual([])
  })
})

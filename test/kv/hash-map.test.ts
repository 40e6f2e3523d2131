// HashMap keys hashes by their first six bytes: two hashes that share them must both be kept, found and deleted apart.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HashMap } from '../../src/kv/hash-map.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
/** Hashes that often share their first six bytes: a few prefixes, then random bytes. */
const hash = fc.tuple(fc.integer({ min: 0, max: 2 }), fc.uint8Array({ minLength: 26, maxLength: 26, max: 3 })).map(([p, rest]) => Uint8Array.from([p, 0, 0, 0, 0, 0, ...rest]))
type Op = { type: 'set', hash: Uint8Array, value: number } | { type: 'delete', hash: Uint8Array }
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ type: fc.constant('set' as const), hash, value: fc.integer() }),
  fc.record({ type: fc.constant('delete' as const), hash }))

describe('a map keyed by hashes', () => {
  it('holds what a map keyed by the whole hash holds, through sets and deletes of hashes that share prefixes', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), fc.array(hash, { maxLength: 10 }), (ops, probes) => {
      const map = new HashMap<number>()
      const model = new Map<string, number>()
      for (const o of ops) {
        if (o.type === 'set') {
          map.set(o.hash, o.value)
          model.set(hex(o.hash), o.value)
        } else {
          expect(map.delete(o.hash)).toBe(model.delete(hex(o.hash)))
        }
        expect(map.size).toBe(model.size)
      }
      for (const h of [...probes, ...ops.map((o) => o.hash)]) {
        expect(map.get(h)).toBe(model.get(hex(h)))
        expect(map.has(h)).toBe(model.has(hex(h)))
      }
      expect([...map.values()].sort()).toEqual([...model.values()].sort())
      map.clear()
      expect(map.size).toBe(0)
      expect([...map.values()]).toEqual([])
    }), { numRuns: 500 })
  })
})

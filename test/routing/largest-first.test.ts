// The DHT store's index of holders by size (src/routing/largest-first.ts),
// against a plain map scanned in full, over random sequences of changes.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LargestFirst } from '../../src/routing/largest-first.js'

type Change = { op: 'set', name: string, size: number } | { op: 'delete', name: string }

const names = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h')
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), name: names, size: fc.integer({ min: 0, max: 1000 }) }),
  fc.record({ op: fc.constant('delete' as const), name: names })
)

/** The largest size of a name other than `except`, by a scan; undefined with none. */
function largestSize (model: Map<string, number>, except: string): number | undefined {
  let best: number | undefined
  for (const [name, size] of model) if (name !== except && (best === undefined || size > best)) best = size
  return best
}

describe('LargestFirst', () => {
  it('finds the largest size other than the one excepted after any changes, as a scan of every name does', () => {
    fc.assert(fc.property(fc.array(change, { maxLength: 200 }), names, (changes, except) => {
      const heap = new LargestFirst()
      const model = new Map<string, number>()
      for (const c of changes) {
        if (c.op === 'set') { heap.set(c.name, c.size); model.set(c.name, c.size) } else { heap.delete(c.name); model.delete(c.name) }
        expect(heap.size).toBe(model.size)
        const found = heap.largestExcept(except)
        expect(found?.size).toBe(largestSize(model, except))
        if (found !== undefined) {
          expect(found.name).not.toBe(except)
          expect(model.get(found.name)).toBe(found.size)
        }
      }
    }), { numRuns: 300 })
  })

  it('answers nothing when it holds nothing, or only the name excepted', () => {
    const heap = new LargestFirst()
    expect(heap.largestExcept('a')).toBeUndefined()
    heap.set('a', 5)
    expect(heap.largestExcept('a')).toBeUndefined()
    expect(heap.largestExcept('b')).toEqual({ name: 'a', size: 5 })
    heap.delete('a')
    heap.delete('a')
    expect(heap.size).toBe(0)
  })
})

import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HeldByPath } from '../../src/routing/held-by-path.js'

/** How many of `paths` share the first `level + 1` keys of `path` (a path that ends before counts as its own group). */
function groupSize (paths: string[][], path: string[], level: number): number {
  const prefix = [...path, ''].slice(0, level + 1)
  return paths.filter((p) => prefix.every((key, i) => ([...p, ''][i]) === key)).length
}

describe('HeldByPath', () => {
  it('a newcomer takes the room of the subscriber holding the most where their paths part, if it holds more than one over the newcomer', () => {
    const held = new HeldByPath()
    // A router r with a hog h (3) and one more subscriber a (1); a neighbour n (1).
    held.add('h1', ['r', 'h'])
    held.add('h2', ['r', 'h'])
    held.add('a1', ['r', 'a'])
    held.add('h3', ['r', 'h'])
    held.add('n1', ['n'])
    // Another neighbour: r holds 4, over 0 + 1: r's largest subscriber (h) gives up its oldest.
    expect(held.roomFor(['m'])).toBe('h1')
    // n holds 1, r 4: the same.
    expect(held.roomFor(['n'])).toBe('h1')
    // A new subscriber of r: h holds 3, over 0 + 1.
    expect(held.roomFor(['r', 'b'])).toBe('h1')
    // a holds 1, h 3: over 1 + 1.
    expect(held.roomFor(['r', 'a'])).toBe('h1')
    // h itself takes nobody's room; r's own subscription (naming nobody) is one more subscriber of r.
    expect(held.roomFor(['r', 'h'])).toBeUndefined()
    expect(held.roomFor(['r'])).toBe('h1')
    held.delete('h1')
    // Now h holds 2 and a 1: a new subscriber of r (0) takes h's oldest; a's next one does not.
    expect(held.roomFor(['r', 'b'])).toBe('h2')
    expect(held.roomFor(['r', 'a'])).toBeUndefined()
    expect(held.size).toBe(4)
  })

  it('a group gives up the oldest of its largest subgroup, going down while one holds more than one', () => {
    const held = new HeldByPath()
    held.add('x1', ['r', 'x'])
    held.add('y1', ['r', 'y', 'p'])
    held.add('y2', ['r', 'y', 'q'])
    held.add('y3', ['r', 'y', 'q'])
    // From another neighbour: r (4) gives up; within r, y (3) is largest; within y, q (2).
    expect(held.roomFor(['n'])).toBe('y2')
    held.delete('y3')
    // Within y, p and q hold one each: y's oldest.
    expect(held.roomFor(['n'])).toBe('y1')
  })

  it('keeps no group once its last subscription goes, and a subscription added twice counts once', () => {
    const held = new HeldByPath()
    held.add('a', ['r', 'x'])
    held.add('a', ['r', 'x'])
    held.add('b', ['r'])
    expect(held.size).toBe(2)
    expect(held.delete('a')).toBe(true)
    expect(held.delete('a')).toBe(false)
    expect(held.delete('b')).toBe(true)
    expect(held.size).toBe(0)
    // Nothing held: nobody to take room from.
    expect(held.roomFor(['n'])).toBeUndefined()
    // Held again: counted as if new.
    held.add('c', ['r'])
    held.add('d', ['r'])
    held.add('e', ['r'])
    expect(held.roomFor(['n'])).toBe('c')
  })

  it('whatever it holds, after any adds and deletes, it ends a subscription it holds, of a group holding more than one over the newcomer’s where their paths part; and ends none only when no such group exists', () => {
    const key = fc.constantFrom('a', 'b', 'c')
    const path = fc.array(key, { minLength: 1, maxLength: 4 })
    // Each step adds a subscription along a path, or deletes the one added that many steps before (if still held).
    const step = fc.oneof(path.map((p) => ({ add: p })), fc.nat(40).map((back) => ({ back })))
    fc.assert(fc.property(fc.array(step, { maxLength: 60 }), path, (steps, newcomer) => {
      const held = new HeldByPath()
      const live = new Map<string, string[]>()
      steps.forEach((s, i) => {
        if ('add' in s) { held.add(String(i), s.add); live.set(String(i), s.add); return }
        const id = String(i - s.back - 1)
        expect(held.delete(id)).toBe(live.delete(id))
      })
      expect(held.size).toBe(live.size)
      const paths = [...live.values()]
      const mine = [...newcomer, '']
      // Some level on the newcomer's way where another group holds more than one over the newcomer's.
      const fair = mine.some((_, level) => paths.some((p) => {
        const theirs = [...p, '']
        return theirs.slice(0, level).every((k, i) => k === mine[i]) && theirs[level] !== mine[level] && groupSize(paths, p, level) > groupSize(paths, newcomer, level) + 1
      }))
      const evicted = held.roomFor(newcomer)
      expect(evicted !== undefined).toBe(fair)
      if (evicted === undefined) return
      expect(live.has(evicted)).toBe(true)
      const victim = [...live.get(evicted)!, '']
      const level = victim.findIndex((k, i) => mine[i] !== k)
      expect(level).toBeGreaterThanOrEqual(0)
      expect(groupSize(paths, live.get(evicted)!, level)).toBeGreaterThan(groupSize(paths, newcomer, level) + 1)
    }), { numRuns: 500 })
  })
})

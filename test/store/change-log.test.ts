// The change log a store keeps for its peers' anti-entropy: what changed
// since a point, or "cannot say" (the asker then lists everything).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { ChangeLog } from '../../src/store/change-log.js'

describe('a change log', () => {
  it('names each capsule changed after a point once, in the order of their last changes', () => {
    const log = new ChangeLog()
    log.note('a')
    const point = log.point
    log.note('b')
    log.note('c')
    log.note('b')
    expect(log.since(point, 10)).toEqual(['c', 'b'])
    expect(log.since(log.point, 10)).toEqual([])
    expect(log.since({ log: log.id, seq: 0 }, 10)).toEqual(['a', 'c', 'b'])
  })

  it('cannot say for a point of another log, one ahead of it, or more changes than the limit', () => {
    const log = new ChangeLog()
    log.note('a')
    log.note('b')
    expect(log.since({ log: new ChangeLog().id, seq: 1 }, 10)).toBeUndefined()
    expect(log.since({ log: log.id, seq: 3 }, 10)).toBeUndefined()
    expect(log.since({ log: log.id, seq: 0 }, 2)).toEqual(['a', 'b'])
    expect(log.since({ log: log.id, seq: 0 }, 1)).toBeUndefined()
    expect(new ChangeLog().id).not.toEqual(log.id)
  })

  it('keeps its capacity in capsules, and cannot say for a point older than what it forgot', () => {
    const log = new ChangeLog(3)
    const start = log.point
    for (const name of ['a', 'b', 'c']) log.note(name)
    expect(log.since(start, 10)).toEqual(['a', 'b', 'c'])
    // A capsule changing again takes no more room.
    log.note('a')
    expect(log.since(start, 10)).toEqual(['b', 'c', 'a'])
    const beforeD = log.point
    // At capacity and past it: b, the oldest, is forgotten, and a point from before its change cannot be answered.
    log.note('d')
    expect(log.since(start, 10)).toBeUndefined()
    expect(log.since(beforeD, 10)).toEqual(['d'])
    // b changed at seq 2: a point at 2 or later needs nothing forgotten.
    expect(log.since({ log: log.id, seq: 2 }, 10)).toEqual(['c', 'a', 'd'])
    expect(log.since({ log: log.id, seq: 1 }, 10)).toBeUndefined()
  })
})

describe('a change log, against every history', () => {
  it('names exactly the capsules changed after a point, or cannot say only past its capacity or its limit', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 60 }),
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 12 }),
      fc.nat(),
      (changes, capacity, limit, at) => {
        const log = new ChangeLog(capacity)
        const points = [log.point]
        for (const c of changes) { log.note(`c${c}`); points.push(log.point) }
        const point = points[at % points.length]!
        const after = new Set(changes.slice(point.seq).map((c) => `c${c}`))
        const answer = log.since(point, limit)
        if (answer === undefined) {
          // Refused only when more changed than the limit, or than the log keeps.
          expect(after.size > limit || after.size > capacity).toBe(true)
        } else {
          expect(new Set(answer)).toEqual(after)
          expect(answer).toHaveLength(after.size)
        }
      }
    ))
  })
})

// A router's record of the last snapshot pages it relayed up, awaiting the
// parent's acknowledgement (src/routing/relayed-snapshots.ts): bounded by
// max_relayed_snapshots, the oldest forgotten past it.
import { describe, expect, it } from 'vitest'
import { RelayedSnapshots, type RelayedPage } from '../../src/routing/relayed-snapshots.js'

const page = (n: number): RelayedPage => ({ server: new Uint8Array(32).fill(n), sequence: 1000 + n })

describe('RelayedSnapshots', () => {
  it('holds exactly its limit; one more forgets the oldest, whose acknowledgement then finds nothing', () => {
    const limit = 3
    const relayed = new RelayedSnapshots(limit)
    for (let a = 1; a <= limit; a++) relayed.add(a, [page(a)])
    expect(relayed.size).toBe(limit)
    relayed.add(limit + 1, [page(limit + 1), page(99)])
    expect(relayed.size).toBe(limit)
    expect(relayed.take(1)).toBeUndefined()
    expect(relayed.take(2)).toEqual([page(2)])
    expect(relayed.take(limit + 1)).toEqual([page(limit + 1), page(99)])
    // Taken once: a second acknowledgement of the same announcement tells no one again.
    expect(relayed.take(2)).toBeUndefined()
    expect(relayed.size).toBe(1)
  })

  it('forgets in the order announcements came, not by their sequence numbers', () => {
    const relayed = new RelayedSnapshots(2)
    relayed.add(50, [page(1)])
    relayed.add(7, [page(2)])
    relayed.add(60, [page(3)])
    expect(relayed.take(50)).toBeUndefined()
    expect(relayed.take(7)).toEqual([page(2)])
  })

  it('a limit of 1 keeps the latest only; a limit below 1 is refused', () => {
    const relayed = new RelayedSnapshots(1)
    relayed.add(1, [page(1)])
    relayed.add(2, [page(2)])
    expect(relayed.take(1)).toBeUndefined()
    expect(relayed.take(2)).toEqual([page(2)])
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => new RelayedSnapshots(bad)).toThrow(`a relayed snapshot limit is a positive whole number, not ${bad}`)
  })
})

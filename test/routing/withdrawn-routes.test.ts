// The routes a server withdrew lately, kept for a moment (docs/routing.md
// section 4): bounded, the oldest going first once full.
import { describe, expect, it, vi } from 'vitest'
import { MAX_WITHDRAWN, RouteTable } from '../../src/routing/route-table.js'

const name = (n: number): Uint8Array => { const b = new Uint8Array(32); new DataView(b.buffer).setUint32(0, n); b[31] = 7; return b }

describe('withdrawn routes', () => {
  it('keeps the next hop of up to MAX_WITHDRAWN withdrawn routes; one more evicts the oldest', () => {
    const table = new RouteTable()
    const now = Date.now() * 1000
    const server = new Uint8Array(32).fill(1)
    const hop = new Uint8Array(32).fill(2)
    const set = table.serverSet(server, hop, 1, now + 3_600_000_000, 'announced')
    for (let i = 0; i <= MAX_WITHDRAWN; i++) table.addMember(set, name(i), now + 3_600_000_000)
    for (let i = 0; i < MAX_WITHDRAWN; i++) table.removeMember(set, name(i))
    // At the limit: every one is remembered.
    expect(table.withdrawnNextHop(name(0))).toEqual(hop)
    expect(table.withdrawnNextHop(name(MAX_WITHDRAWN - 1))).toEqual(hop)
    // Past it: the oldest goes, the newest stays.
    table.removeMember(set, name(MAX_WITHDRAWN))
    expect(table.withdrawnNextHop(name(0))).toBeUndefined()
    expect(table.withdrawnNextHop(name(1))).toEqual(hop)
    expect(table.withdrawnNextHop(name(MAX_WITHDRAWN))).toEqual(hop)
  })
})

describe('withdrawn routes past MAX_WITHDRAWN', () => {
  /** Steps taken over Maps' entries while `fn` runs. */
  function mapSteps (fn: () => void): number {
    const iterator = Object.getPrototypeOf(new Map().entries()) as { next: () => unknown }
    const steps = vi.spyOn(iterator, 'next')
    try {
      fn()
      return steps.mock.calls.length
    } finally {
      steps.mockRestore()
    }
  }

  it('cost a step or two each, not a pass over all of them: a server withdrawing (or leaving with) many routes held its router for minutes', () => {
    const table = new RouteTable()
    const now = Date.now() * 1000
    const hop = new Uint8Array(32).fill(2)
    const set = table.serverSet(new Uint8Array(32).fill(1), hop, 1, now + 3_600_000_000, 'announced')
    const more = 200
    for (let i = 0; i < MAX_WITHDRAWN + more; i++) table.addMember(set, name(i), now + 3_600_000_000)
    for (let i = 0; i < MAX_WITHDRAWN; i++) table.removeMember(set, name(i))
    // Full, none ended yet (they are kept 5 s): each one more takes the place of the oldest.
    expect(mapSteps(() => { for (let i = MAX_WITHDRAWN; i < MAX_WITHDRAWN + more; i++) table.removeMember(set, name(i)) })).toBeLessThan(4 * more)
    expect(table.withdrawnNextHop(name(more - 1))).toBeUndefined()
    expect(table.withdrawnNextHop(name(more))).toEqual(hop)
    expect(table.withdrawnNextHop(name(MAX_WITHDRAWN + more - 1))).toEqual(hop)
  })

  it('a name withdrawn again is kept from then on, as the newest', () => {
    const table = new RouteTable()
    const now = Date.now() * 1000
    const hop = new Uint8Array(32).fill(2)
    const set = table.serverSet(new Uint8Array(32).fill(1), hop, 1, now + 3_600_000_000, 'announced')
    for (let i = 0; i < MAX_WITHDRAWN; i++) table.addMember(set, name(i), now + 3_600_000_000)
    for (let i = 0; i < MAX_WITHDRAWN; i++) table.removeMember(set, name(i))
    // The oldest is advertised and withdrawn again (a route that flaps): it is no longer the one to go first.
    table.addMember(set, name(0), now + 3_600_000_000)
    table.removeMember(set, name(0))
    table.addMember(set, name(MAX_WITHDRAWN), now + 3_600_000_000)
    table.removeMember(set, name(MAX_WITHDRAWN))
    expect(table.withdrawnNextHop(name(0))).toEqual(hop)
    expect(table.withdrawnNextHop(name(1))).toBeUndefined()
  })
})

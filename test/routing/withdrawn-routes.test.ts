// The routes a server withdrew lately, kept for a moment (docs/routing.md
// section 4): bounded, the oldest going first once full.
import { describe, expect, it } from 'vitest'
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

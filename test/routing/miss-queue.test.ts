// Requests for names without a route wait while the name is looked up. One
// neighbour sending requests for unknown names must not fill that queue for
// everyone, nor make each miss cost a pass over every waiting request.
import { describe, expect, it } from 'vitest'
import { Forwarder, type Link } from '../../src/routing/forwarder.js'
import { RouteTable } from '../../src/routing/route-table.js'
import { pb } from '../../src/wire/index.js'

const random = (n: number): Uint8Array => crypto.getRandomValues(new Uint8Array(n))

function link (fill: number): Link & { sent: pb.IPdu[] } {
  const sent: pb.IPdu[] = []
  return { peer: new Uint8Array(32).fill(fill), cost: 1, sent, send: (pdu) => { sent.push(pdu) } }
}

const request = (): pb.IPdu => ({ version: 1, destination: random(32), source: random(32), ttl: 8, nonce: random(16), request: { info: {} } })

describe('the miss queue', () => {
  it('holds at most its share of requests from one neighbour; others still get theirs queued', () => {
    const lookups: Array<() => void> = []
    const f = new Forwarder({ self: random(32), lookupsPerSecond: 1e6 }, { table: new RouteTable(), clock: () => Date.now() * 1000, resolve: async () => { await new Promise<void>((resolve) => { lookups.push(resolve) }) } })
    const junk = link(1)
    const other = link(2)
    f.addLink(junk)
    f.addLink(other)
    for (let i = 0; i < 300; i++) f.receive(request(), junk)
    expect(junk.sent).toHaveLength(44)
    expect(junk.sent.every((p) => p.nack?.reason === pb.NackReason.CONGESTION)).toBe(true)
    expect(f.counters.queued).toBe(256) // the share: a quarter of the default 1024
    f.receive(request(), other)
    expect(other.sent).toEqual([]) // queued, not refused
    expect(f.counters.queued).toBe(257)
    f.stop()
  })

  // The share is the neighbour's, over all its links (one per connection): per link, a peer with 4 connections had 4.
  it("holds one share of a neighbour's requests over all its links; a link of it that goes frees what it held", () => {
    const f = new Forwarder({ self: random(32), lookupsPerSecond: 1e6 }, { table: new RouteTable(), clock: () => Date.now() * 1000, resolve: async () => { await new Promise<void>(() => {}) } })
    const links = [link(1), link(1), link(1), link(1)]
    for (const l of links) f.addLink(l)
    for (const l of links) for (let i = 0; i < 100; i++) f.receive(request(), l)
    expect(f.counters.queued).toBe(256)
    expect(links.reduce((n, l) => n + l.sent.length, 0)).toBe(400 - 256)
    // The first link held 100 of them: gone with it, so 100 more fit, and no more.
    f.removeLink(links[0]!)
    const last = links[3]!
    last.sent.length = 0
    for (let i = 0; i < 101; i++) f.receive(request(), last)
    expect(last.sent).toHaveLength(1)
    expect(last.sent[0]!.nack?.reason).toBe(pb.NackReason.CONGESTION)
    f.stop()
  })

  it('a finished lookup retries only its own name', async () => {
    let lookupsRun = 0
    // The lookups the forwarder started, each already finished: the forwarder handles a result in a callback it attached
    // to the lookup's promise, which runs before anything attached later, so awaiting them all waits for that handling.
    const lookups: Array<Promise<void>> = []
    const resolve = (): Promise<void> => { const lookup = (async () => { lookupsRun++ })(); lookups.push(lookup); return lookup }
    const f = new Forwarder({ self: random(32), missQueueLimit: 4096, missQueuePerNeighbour: 4096, lookupsPerSecond: 1e6 }, { table: new RouteTable(), clock: () => Date.now() * 1000, resolve })
    const junk = link(1)
    f.addLink(junk)
    const t = performance.now()
    for (let i = 0; i < 3000; i++) f.receive(request(), junk)
    await Promise.all(lookups)
    // Each of 3000 lookups used to retry every waiting name: about 4.5 million next-hop checks.
    expect(performance.now() - t).toBeLessThan(1500)
    expect(lookupsRun).toBe(3000)
    f.stop()
  })
})

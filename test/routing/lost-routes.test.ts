// A server whose routes went with a link that went down is refused at once,
// not after the resolve timeout: nothing but that server linking again (and
// advertising) brings its route back, and a replica that asked its peers one
// after another waited the whole timeout for each one away (the reroute
// bench measured rounds of 5 to 6 s from that and the peer backoff).
import { describe, expect, it } from 'vitest'
import { MAX_LOST_SERVERS, type LocalService } from '../../src/routing/forwarder.js'
import { pb } from '../../src/wire/index.js'
import { waitFor } from '../helpers.js'
import { clock, connect, memoryNode, type MemoryNode } from './memory-links.js'

const name = (n: number): Uint8Array => new Uint8Array(32).fill(n)
const capsule = name(99)
const answers: LocalService = {
  serves: (n) => Buffer.from(n).equals(Buffer.from(name(3))),
  handle: (_pdu, reply) => { reply({ response: { final: true, info: { size: 1 } } }) }
}

function ask (from: MemoryNode, destination: Uint8Array): Promise<pb.IPdu> {
  return new Promise((resolve) => { from.f.request(destination, { info: {} }, resolve) })
}

/**
 * A client, a router that (like a node without an upstream) has nobody to
 * ask and holds a request for a name it has no route to until the resolve
 * timeout, and a server behind it whose set lasts `lifetimeUs`.
 */
function overlay (lifetimeUs: number, resolveTimeoutMs = 60_000): { c: MemoryNode, r: MemoryNode, s: MemoryNode, cut: () => void, expiresAtUs: number } {
  const [c, r, s] = [memoryNode(name(1)), memoryNode(name(2), undefined, async () => {}, { resolveTimeoutMs }), memoryNode(name(3), answers)]
  connect(c, r)
  c.f.setDefaultRoute(r.f.self)
  const link = connect(r, s)
  // As an advertisement installs it: the server's set, with its capsule and its own name.
  const expiresAtUs = clock() + lifetimeUs
  r.table.install({ capsule, server: s.f.self, nextHop: s.f.self, cost: 1, expiresAtUs })
  return { c, r, s, cut: () => { link.close() }, expiresAtUs }
}

describe('a server whose link went down', () => {
  it('is refused at once with NO_ROUTE saying so, while the route would have lasted; a name that never had a route still waits', async () => {
    const { c, r, cut } = overlay(3_600_000_000)
    expect((await ask(c, name(3))).response?.info?.size).toBe(1)
    cut()
    const refused = await ask(c, name(3))
    expect(refused.nack).toMatchObject({ reason: pb.NackReason.NO_ROUTE, detail: expect.stringContaining('was reached through a link that went down') })
    expect(r.f.counters.queued).toBe(0)
    // Only servers are remembered: a capsule whose routes went waits for an advertisement, as any unknown name.
    void ask(c, capsule)
    void ask(c, name(50))
    await waitFor(() => r.f.counters.queued === 2, { timeoutMs: 5000, what: 'the router to hold the requests for the capsule and the unknown name' })
  })

  it('is reached again once it links again and its route is back', async () => {
    const { c, r, s, cut } = overlay(3_600_000_000)
    cut()
    expect((await ask(c, name(3))).nack?.reason).toBe(pb.NackReason.NO_ROUTE)
    connect(r, s)
    r.table.install({ capsule, server: s.f.self, nextHop: s.f.self, cost: 1, expiresAtUs: clock() + 3_600_000_000 })
    expect((await ask(c, name(3))).response?.info?.size).toBe(1)
  })

  it('past the end its set had, waits like any name without a route (and gets NO_ROUTE after the resolve timeout)', async () => {
    const { c, r, cut, expiresAtUs } = overlay(300_000, 200)
    cut()
    expect((await ask(c, name(3))).nack?.detail).toContain('was reached through a link that went down')
    await waitFor(() => clock() > expiresAtUs, { timeoutMs: 5000, what: 'the set to pass its end' })
    const waited = await ask(c, name(3))
    expect(waited.nack).toMatchObject({ reason: pb.NackReason.NO_ROUTE, detail: expect.stringContaining('no route to') })
    expect(r.f.counters.queued).toBe(1)
  })

  // Found by advertising under new keys with lifetimes of years and dropping each link: every one stayed remembered
  // for as long as its server said, a hundred new ones a second from one address.
  it('at most MAX_LOST_SERVERS are remembered: past it the oldest loss is forgotten, and a request for it waits as for any name', async () => {
    const [c, r] = [memoryNode(name(1)), memoryNode(name(2), undefined, async () => {}, { resolveTimeoutMs: 50 })]
    connect(c, r)
    c.f.setDefaultRoute(r.f.self)
    const child = name(7)
    const server = (i: number): Uint8Array => { const b = new Uint8Array(32); new DataView(b.buffer).setUint32(0, i + 1); return b }
    const lose = (from: number, to: number): void => {
      const servers = Array.from({ length: to - from }, (_, i) => server(from + i))
      for (const s of servers) r.table.serverSet(s, child, 1, clock() + 10 * 365 * 24 * 3_600_000_000, 'announced')
      expect(r.f.serversLostVia(child, servers)).toBe(servers.length)
    }
    const lostAtOnce = async (i: number): Promise<boolean> => (await ask(c, server(i))).nack?.detail?.includes('was reached through a link that went down') === true
    lose(0, MAX_LOST_SERVERS)
    expect(await lostAtOnce(0)).toBe(true)
    lose(MAX_LOST_SERVERS, MAX_LOST_SERVERS + 1)
    expect(await lostAtOnce(0)).toBe(false)
    expect(await lostAtOnce(1)).toBe(true)
    expect(await lostAtOnce(MAX_LOST_SERVERS)).toBe(true)
  })
})

// max_routes_per_server, max_routes_per_neighbour, max_refused_per_neighbour, max_advertise_lifetime, upstream_requests_per_second and the frame rate of a
// trusted child router through the real stack: a router's settings, a server
// that advertises more capsules than the router takes from it, clients asking
// through the router (docs/routing.md sections 4 and 7.1).
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import type { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { nodeName } from '../../src/routing/signing.js'
import { equalBytes } from '../../src/crypto/hash.js'
import { testCapsule, waitFor, type TestCapsule } from '../helpers.js'
import { admittedRouter, nodesPerTest } from './local-nodes.js'

const start = nodesPerTest({ advertiseIntervalMs: 200, advertiseLifetimeMs: 5000 })

describe('max_routes_per_server on a running router', () => {
  it('a router set to 3 routes per server routes 3 of a server\'s 5 capsules, refuses the rest as too-many-routes, and routes the first 3 still', async () => {
    const router = await start('router', undefined, { maxRoutesPerServer: 3 })
    const server = await start('server', router)
    const direct = await start('client', server)
    const viaRouter = await start('client', router)
    const capsules: TestCapsule[] = []
    for (let i = 0; i < 5; i++) {
      const t = testCapsule(Date.now() * 1000)
      const now = Date.now() * 1000
      await direct.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
      capsules.push(t)
      // One at a time, each heard of before the next: the router takes the first 3.
      if (i < 3) await waitFor(async () => await viaRouter.client.info(t.name), { timeoutMs: 10_000, intervalMs: 100, what: `capsule ${i} to be routed` })
      else await waitFor(() => tooManyRoutes(router) >= i - 2, { timeoutMs: 10_000, what: `the router to refuse capsule ${i}` })
    }
    // After renewals of the server's advertisements, the 3 are routed and the 2 are not (a request for one waits for
    // a route, 3 s, then NO_ROUTE: the five are asked at once).
    await new Promise((resolve) => setTimeout(resolve, 1000))
    const answers = await Promise.allSettled(capsules.map(async (t) => (await viaRouter.client.info(t.name)).size))
    expect(answers.slice(0, 3).map((a) => a.status === 'fulfilled' ? a.value : a.reason)).toEqual([0, 0, 0])
    for (const a of answers.slice(3)) expect(a.status === 'rejected' ? String(a.reason) : 'answered').toMatch(/NO_ROUTE/)
  }, 60_000)
})

describe('max_routes_per_neighbour on a running router', () => {
  it('a parent set to 4 routes through a child router takes its first server\'s name and 2 capsules and its second server\'s name, and refuses that server\'s capsule as too-many-neighbour-routes', async () => {
    const { domain, key: childKey, membership } = admittedRouter()
    const parent = await start('router', undefined, { trustedDomains: [formatName(nodeName(domain.publicKey))], maxRoutesPerNeighbour: 4 })
    const child = await start('router', parent, { membership }, childKey)
    const reader = await start('client', parent)
    const createOn = async (server: GdpNode): Promise<TestCapsule> => {
      const writer = await start('client', server)
      const now = Date.now() * 1000
      const t = testCapsule(now)
      await writer.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
      return t
    }
    const first = await start('server', child)
    for (const t of [await createOn(first), await createOn(first)]) {
      await waitFor(async () => await reader.client.info(t.name), { timeoutMs: 10_000, intervalMs: 100, what: 'the capsule to be announced to the parent' })
    }
    expect(parent.table.routesVia(child.name)).toBe(3)
    const second = await start('server', child)
    const refused = await createOn(second)
    await waitFor(() => rejected(parent, 'too-many-neighbour-routes') >= 1, { timeoutMs: 10_000, what: 'the parent to refuse the capsule past the bound' })
    expect(parent.table.routesVia(child.name)).toBe(4)
    expect(parent.table.lookup(second.name, Date.now() * 1000)?.nextHop).toEqual(child.name)
    expect(parent.table.lookup(refused.name, Date.now() * 1000)).toBeUndefined()
    expect(rejected(parent, 'too-many-routes')).toBe(0)
  }, 60_000)
})

describe('max_refused_per_neighbour on a running router', () => {
  it('a parent set to 2 refused names through a child router holds a server\'s 2 refused capsules with its set agreeing; a 3rd is not held, the set is unmatched, and one snapshot is asked, not one every 5 s', async () => {
    const { domain, key: childKey, membership } = admittedRouter()
    // One route per server: the server's capsules past its first are refused (too-many-routes), held as refused names.
    const parent = await start('router', undefined, { trustedDomains: [formatName(nodeName(domain.publicKey))], maxRoutesPerServer: 1, maxRefusedPerNeighbour: 2 })
    const child = await start('router', parent, { membership }, childKey)
    const server = await start('server', child)
    const writer = await start('client', server)
    const create = async (): Promise<void> => {
      const now = Date.now() * 1000
      const t = testCapsule(now)
      await writer.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
    }
    const held = () => parent.table.summaries().find((set) => equalBytes(set.server, server.name))
    await create()
    await waitFor(() => held()?.members === 1, { timeoutMs: 10_000, what: 'the first capsule to be routed at the parent' })
    for (let i = 1; i <= 2; i++) {
      await create()
      await waitFor(() => held()?.refused === i, { timeoutMs: 10_000, what: `refused capsule ${i} to be held at the parent` })
    }
    // At the bound: the set agrees with the server's, so the parent asks for no snapshot (a few updates later).
    const atBound = snapshotsAsked(parent)
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect(held()).toMatchObject({ members: 3, refused: 2, unmatched: false })
    expect(snapshotsAsked(parent)).toBe(atBound)
    // Past it: refused all the same, not held; the set is unmatched and one snapshot asked.
    await create()
    await waitFor(() => tooManyRoutes(parent) >= 3, { timeoutMs: 10_000, what: 'the parent to refuse the capsule past the bound' })
    await waitFor(() => snapshotsAsked(parent) > atBound, { timeoutMs: 10_000, what: 'the parent to ask for a snapshot' })
    // For longer than RESYNC_INTERVAL_MS (5 s), the child relaying an update every 200 ms, each differing: no more asks.
    await new Promise((resolve) => setTimeout(resolve, 6000))
    expect(snapshotsAsked(parent)).toBe(atBound + 1)
    expect(held()).toMatchObject({ members: 3, refused: 2, unmatched: true })
    expect(parent.table.refusedVia(child.name)).toBe(2)
    expect(parent.table.routesVia(child.name)).toBe(2) // the server's name and its first capsule
  }, 60_000)
})

describe('max_advertise_lifetime on a running router', () => {
  it('a server that signs its updates for an hour and does not refresh them has its routes lapse at the router after max_advertise_lifetime, its link up all along', async () => {
    const router = await start('router', undefined, { maxAdvertiseLifetimeMs: 5000 })
    const server = await start('server', router, { advertiseLifetimeMs: 3_600_000, advertiseIntervalMs: 600_000 })
    const writer = await start('client', server)
    const now = Date.now() * 1000
    const t = testCapsule(now)
    await writer.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
    await waitFor(() => router.table.lookup(t.name, Date.now() * 1000) !== undefined, { timeoutMs: 10_000, what: 'the capsule to be routed' })
    const held = router.table.summaries().find((set) => equalBytes(set.server, server.name))!
    // The router's clock has microseconds, Date.now() whole milliseconds: one more than it read covers the router's.
    expect(held.expiresAtUs).toBeLessThanOrEqual((Date.now() + 1) * 1000 + 5e6)
    await waitFor(() => router.table.lookup(t.name, Date.now() * 1000) === undefined, { timeoutMs: 15_000, what: 'the route to lapse' })
    expect(router.transport.neighbours().some((n) => equalBytes(n, server.name))).toBe(true)
  }, 30_000)
})

describe('a child router of a trusted domain over its frame rate at its parent', () => {
  it('is spared: what it sends over the rate is dropped, it stays linked and unbanned, and its domain stays reachable', async () => {
    const { domain, key: childKey, membership } = admittedRouter()
    const parent = await start('router', undefined, { trustedDomains: [formatName(nodeName(domain.publicKey))], peerFramesPerSecond: 100, peerOverRateDisconnectMs: 1000 })
    const now = Date.now() * 1000
    // Everything its clients ask goes up: the parent's limit is what is tested.
    const child = await start('router', parent, { membership, upstreamRequestsPerSecond: 100_000 }, childKey)
    const server = await start('server', child)
    const writer = await start('client', server)
    const t = testCapsule(now)
    await writer.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
    const reader = await start('client', parent)
    await waitFor(async () => await reader.client.info(t.name), { timeoutMs: 10_000, intervalMs: 100, what: 'the capsule to be announced to the parent' })
    // A client of the child asks for random names, about 1,000 a second for 3 s, not waiting for answers.
    const flooder = await start('client', child)
    const until = Date.now() + 3000
    while (Date.now() < until) {
      for (let i = 0; i < 50; i++) flooder.forwarder.request(crypto.getRandomValues(new Uint8Array(32)), { info: {} }, () => {})
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    const counters = parent.transport.counters
    expect(counters.rateLimited).toBeGreaterThan(0)
    expect(counters.rateLimitSpared).toBeGreaterThanOrEqual(1)
    expect(counters.rateLimitDisconnects).toBe(0)
    expect(parent.gater.counters.bans).toBe(0)
    // The flood over, the domain is still reachable through the same link.
    await new Promise((resolve) => setTimeout(resolve, 1000))
    expect((await reader.client.info(t.name)).size).toBe(0)
  }, 60_000)
})

describe('a server answering its router\'s clients faster than the router\'s frame rate', () => {
  it('is not cut off: replies to the router\'s requests are taken past peer_frames_per_second (the router banned its own server)', async () => {
    const router = await start('router', undefined, { peerFramesPerSecond: 100, peerOverRateDisconnectMs: 1000 })
    const server = await start('server', router)
    const writer = await start('client', server)
    const t = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    await writer.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
    await writer.client.append(await writer.client.writer(t.name, t.writer), Array.from({ length: 200 }, (_, i) => new Uint8Array([i])), Date.now() * 1000)
    const clients = [await start('client', router), await start('client', router), await start('client', router)]
    await waitFor(async () => await clients[0]!.client.info(t.name), { timeoutMs: 10_000, intervalMs: 100, what: 'the capsule to be routed' })
    // Each client asks 60 reads a second (under the router's 100), each of another record (none merged): the
    // server answers 180 a second for 4 s, four times as long as the router lets a neighbour stay over its rate.
    let answered = 0
    let refused = 0
    let seqno = 0
    const until = Date.now() + 4000
    while (Date.now() < until) {
      for (const c of clients) for (let i = 0; i < 3; i++) c.forwarder.request(t.name, { read: { seqno: seqno++ % 200 } }, (pdu) => { if (pdu.nack == null) answered++; else refused++ })
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    await waitFor(() => answered + refused >= seqno, { timeoutMs: 5000, what: 'every read to be answered' })
    expect(refused).toBe(0)
    expect(router.transport.counters.rateLimitDisconnects).toBe(0)
    expect(router.gater.counters.bans).toBe(0)
  }, 30_000)
})

function tooManyRoutes (node: GdpNode): number {
  return rejected(node, 'too-many-routes')
}

function snapshotsAsked (node: GdpNode): number {
  return node.stats().snapshotsAsked as number
}

function rejected (node: GdpNode, problem: string): number {
  return (node.stats() as { rejectedAdvertisements: Record<string, number> }).rejectedAdvertisements[problem] ?? 0
}

describe('upstream_requests_per_second on a running router', () => {
  it('a child router set to 20 passes up to 20 of a client\'s requests a second for names it has no route to, and answers the rest CONGESTION itself; another client\'s still go up', async () => {
    const parent = await start('router')
    const child = await start('router', parent, { upstreamRequestsPerSecond: 20 })
    const flooder = await start('client', child)
    const honest = await start('client', child)
    const ask = async (node: GdpNode): Promise<string> => {
      try {
        await node.client.info(crypto.getRandomValues(new Uint8Array(32)))
        return 'answered'
      } catch (err) {
        return (err as Error).message.split(':')[0]!
      }
    }
    // At once: the child's share for the one client asking is a second's worth, 20.
    const flood = await Promise.all(Array.from({ length: 60 }, async () => await ask(flooder)))
    const refused = flood.filter((r) => r === 'CONGESTION').length
    expect(refused).toBeGreaterThanOrEqual(35)
    expect(flood.filter((r) => r === 'NO_ROUTE').length).toBe(60 - refused) // went up, and nobody serves them
    expect((child.stats().forwarder as { upstreamRefused: number }).upstreamRefused).toBe(refused)
    // The other client's share is its own: its request goes up (and is answered NO_ROUTE by the parent).
    expect(await ask(honest)).toBe('NO_ROUTE')
  }, 30_000)
})

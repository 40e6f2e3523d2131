// max_routes_per_server through the real stack: a router process's settings,
// a server that advertises more capsules than the router takes from it, and
// a client asking for each through the router (docs/routing.md section 4).
import { describe, expect, it } from 'vitest'
import type { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { testCapsule, waitFor, type TestCapsule } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

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

function tooManyRoutes (node: GdpNode): number {
  return (node.stats() as { rejectedAdvertisements: Record<string, number> }).rejectedAdvertisements['too-many-routes'] ?? 0
}

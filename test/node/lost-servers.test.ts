// A child router that loses its link to a server tells its parent (a route
// announcement naming lost servers, docs/routing.md section 5): the parent
// drops that server's set through the child at once. Before, it kept the
// routes until their lifetime ended, sending requests for the capsules to a
// child that could only answer NO_ROUTE, though another replica was reachable.
import { join } from 'node:path'
import { describe, expect, it, onTestFinished } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { GdpNode as Node } from '../../src/node/node.js'
import { adoptRouter, NodeStandby } from '../../src/node/standby.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { nodeName } from '../../src/routing/signing.js'
import { tempDir, testCapsule, waitFor, type TestCapsule } from '../helpers.js'
import { admittedRouter, nodesPerTest } from './local-nodes.js'

// Routes that would last a minute: what goes sooner went because the parent was told.
const start = nodesPerTest({ advertiseIntervalMs: 200, advertiseLifetimeMs: 60_000 })

describe('a child router that loses a server', () => {
  it('tells its parent, which drops that server\'s routes through it at once and takes another replica\'s route; its other servers stay routed', async () => {
    const { domain, key: childKey, membership } = admittedRouter()
    const parent = await start('router', undefined, { trustedDomains: [formatName(nodeName(domain.publicKey))] })
    const now = Date.now() * 1000
    const child = await start('router', parent, { membership }, childKey)
    const [lost, kept, direct] = [await start('server', child), await start('server', child), await start('server', parent)]
    // One capsule on the server that goes and on one attached to the parent; one on the server that stays.
    const shared = testCapsule(now)
    const other = testCapsule(now)
    await create(shared, lost)
    await create(shared, direct)
    await create(other, kept)
    const via = (t: TestCapsule, server: Node): boolean => parent.table.routes(t.name).some((r) => r.server.every((b, i) => b === server.name[i]))
    await waitFor(() => via(shared, lost) && via(shared, direct) && via(other, kept), { timeoutMs: 10_000, intervalMs: 100, what: 'the parent to hold every route' })

    await lost.stop()
    await waitFor(() => !via(shared, lost), { timeoutMs: 5000, intervalMs: 50, what: 'the parent to drop the lost server\'s route' })
    expect(via(shared, direct)).toBe(true)
    expect(via(other, kept)).toBe(true)
    expect(parent.table.lookup(shared.name, Date.now() * 1000)?.nextHop).toEqual(direct.name)
    const reader = await start('client', parent)
    expect((await reader.client.info(shared.name)).size).toBe(0)
  }, 60_000)
})

describe('a child router that moves to another machine', () => {
  it('does not tell its parent of the servers that leave it for its new instance: the parent keeps their routes, which that instance relays', async () => {
    // The child's key in a data folder of its own: a router moves with its folder's key.
    const data = tempDir('gdp-moving-child-')
    onTestFinished(() => { data.cleanup() })
    const { domain, membership } = admittedRouter(new Ed25519Signer(writeKeyFile(join(data.path, 'node.key'), true).secretKey))
    const parent = await start('router', undefined, { trustedDomains: [formatName(nodeName(domain.publicKey))] })
    const child = await start('router', parent, { membership, data: data.path })
    const server = await start('server', child)
    const t = testCapsule(Date.now() * 1000)
    await create(t, server)
    const routed = (): boolean => parent.table.lookup(t.name, Date.now() * 1000) !== undefined
    await waitFor(routed, { timeoutMs: 10_000, intervalMs: 100, what: 'the parent to route the capsule through the child' })

    const folder = tempDir('gdp-standby-')
    const standby = await NodeStandby.create({ ...DEFAULT_CONFIG, role: 'router', data: folder.path, listen: ['/ip4/127.0.0.1/tcp/0'] }, formatName(child.name))
    await standby.start()
    const adopting = standby.arrival().then(async (arrived) => await adoptRouter(standby, arrived, async (c) => await Node.create({ ...c, advertiseIntervalMs: 200, advertiseLifetimeMs: 60_000 })))
    const moved: Node[] = []
    onTestFinished(async () => { for (const n of moved) await n.stop(); await standby.stop().catch(() => {}); folder.cleanup() })
    await child.migrateTo(standby.multiaddrs()[0]!)
    const adopted = await adopting
    moved.push(adopted.node)
    expect(await adopted.committed).toBe(true)
    await child.retireAfterMove()
    await waitFor(() => server.moves.relinked === 1, { timeoutMs: 10_000, what: 'the server to relink to the new instance' })
    // The old instance's links to the server and the parent are gone: a notice from it would have dropped the route.
    for (let i = 0; i < 20; i++) {
      expect(routed()).toBe(true)
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(parent.table.lookup(t.name, Date.now() * 1000)?.nextHop).toEqual(child.name)
  }, 60_000)
})

/** Creates `t` on `server` (asked directly) with an AdCert naming it. */
async function create (t: TestCapsule, server: Node): Promise<void> {
  const now = Date.now() * 1000
  const writer = await start('client', server)
  await writer.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
}

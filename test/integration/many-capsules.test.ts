// A server holding 100,000 delegated capsules behind a router, both whole
// nodes in this process over real loopback libp2p links: every capsule
// becomes routable through the router from the server's snapshot, a create
// afterwards costs one small update, and after the router restarts the
// server's snapshot makes every capsule routable again.
import { afterAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { nodeName } from '../../src/routing/signing.js'
import { fillDelegatedStore, tempDir, waitFor } from '../helpers.js'
import { join } from 'node:path'
import { writeKeyFile } from '../../src/node/keyfile.js'

const CAPSULES = 100_000
const running: GdpNode[] = []
const dirs: Array<() => void> = []
afterAll(async () => {
  for (const n of running.splice(0).reverse()) await n.stop()
  for (const d of dirs.splice(0)) d()
})

const nowUs = (): number => Date.now() * 1000

async function node (role: 'router' | 'server' | 'client', data: string | undefined, upstream?: GdpNode, listen = ['/ip4/127.0.0.1/tcp/0']): Promise<GdpNode> {
  // Snapshots as fast as the router checks them: this test is about scale, not pacing.
  const n = await GdpNode.create({ ...DEFAULT_CONFIG, advertiseSnapshotRate: 50_000, data: data ?? tempDir().path, role, listen: role === 'client' ? [] : listen, upstream: upstream?.multiaddrs()[0] },
    role === 'client' ? { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) } : {})
  await n.start()
  if (upstream !== undefined) await n.upstreamReady(10_000)
  running.push(n)
  return n
}

describe('a server with 100,000 capsules', () => {
  it('makes every one routable through its router, again after the router restarts; a create then costs one small update', async () => {
    const serverDir = tempDir()
    const routerDir = tempDir()
    dirs.push(serverDir.cleanup, routerDir.cleanup)
    const serverKey = writeKeyFile(join(serverDir.path, 'node.key'), false)
    const names = await fillDelegatedStore(join(serverDir.path, 'store'), nodeName(serverKey.publicKey), CAPSULES)
    const listen = [`/ip4/127.0.0.1/tcp/${20_000 + Math.floor(Math.random() * 20_000)}`]
    let router = await node('router', routerDir.path, undefined, listen)
    const server = await node('server', serverDir.path, router)
    // The snapshot: 1,563 pages of 64.
    await waitFor(() => router.table.size === CAPSULES + 1, { timeoutMs: 180_000, intervalMs: 50, what: 'every capsule to be routed' })
    const now = nowUs()
    expect(names.every((n) => router.table.lookup(n, now)?.server !== undefined)).toBe(true)
    expect(router.processor.rejections.size).toBe(0)
    // Requests through the router reach the server, for capsules picked at random.
    const client = await node('client', undefined, router)
    for (let i = 0; i < 20; i++) {
      const name = names[Math.floor(Math.random() * names.length)]!
      expect((await client.client.info(name)).size).toBe(0)
    }

    // One more create: one update adding one capsule, not the whole set.
    const updatesBefore = server.advertiser!.counters.updates
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs(), nonce: new Uint8Array(16).fill(9) })
    const fresh = capsuleName(metadata)
    await client.client.create(signMetadata(metadata, owner), server.name, signAdCert({ capsule: fresh, server: server.name, notBeforeUs: nowUs() - 1e6, notAfterUs: nowUs() + 3600e6 }, owner))
    await waitFor(() => router.table.lookup(fresh, nowUs()) !== undefined, { timeoutMs: 10_000, what: 'the new capsule to be routed' })
    expect(server.advertiser!.counters.updates - updatesBefore).toBe(1)
    expect(server.advertiser!.counters.snapshots).toBe(1)

    // The router restarts with nothing: the server's snapshot on the new link makes everything routable again.
    await client.stop()
    await router.stop()
    running.splice(running.indexOf(router), 1)
    running.splice(running.indexOf(client), 1)
    router = await node('router', routerDir.path, undefined, listen)
    await waitFor(() => router.table.size === CAPSULES + 2, { timeoutMs: 180_000, intervalMs: 50, what: 'every capsule to be routed after the restart' })
    const later = nowUs()
    expect([...names, fresh].every((n) => router.table.lookup(n, later) !== undefined)).toBe(true)
  }, 480_000)
})

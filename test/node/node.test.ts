// Whole nodes in this process over real loopback libp2p links: routes that
// lapse, links that come back, and advertisements that must be refused.
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { GdpNode } from '../../src/node/node.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../../src/node/config.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { signAdCert, signAdvertisement, encodeSignedAdvertisement } from '../../src/routing/certificates.js'
import { RequestRefusedError } from '../../src/client/client.js'
import { nodeName } from '../../src/routing/signing.js'
import { pb } from '../../src/wire/index.js'
import { tempDir, testCapsule } from '../helpers.js'

const running: GdpNode[] = []
const dirs: Array<() => void> = []
afterEach(async () => {
  for (const n of running.splice(0).reverse()) await n.stop().catch(() => {})
  for (const d of dirs.splice(0)) d()
})

const fast: Partial<NodeConfig> = { advertiseIntervalMs: 200, advertiseLifetimeMs: 1000 }

async function start (role: 'router' | 'server' | 'client', upstream?: GdpNode, listen = ['/ip4/127.0.0.1/tcp/0'], data?: string): Promise<GdpNode> {
  const dir = data ?? tempDir().path
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, ...fast, data: dir, role, listen: role === 'client' ? [] : listen, upstream: upstream?.multiaddrs()[0] },
    role === 'client' ? { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) } : {})
  await node.start()
  if (upstream !== undefined) await node.upstreamReady(10_000)
  running.push(node)
  return node
}

async function hosted (client: GdpNode, server: GdpNode): Promise<ReturnType<typeof testCapsule>> {
  const t = testCapsule(Date.now() * 1000)
  const now = Date.now() * 1000
  await client.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
  return t
}

async function until (fn: () => Promise<unknown>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  for (;;) {
    try { await fn(); return } catch (err) { if (Date.now() > deadline) throw err }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('nodes', () => {
  it('a route lapses when its server stops advertising, and the router says NO_ROUTE', async () => {
    const router = await start('router')
    const server = await start('server', router)
    const client = await start('client', router)
    const t = await hosted(client, server)
    await until(async () => await client.client.info(t.name))
    await server.stop()
    running.splice(running.indexOf(server), 1)
    await new Promise((resolve) => setTimeout(resolve, 1500)) // past the advertisement lifetime
    const err = await client.client.info(t.name).catch((e: Error) => e)
    expect(err).toBeInstanceOf(RequestRefusedError)
    expect((err as RequestRefusedError).reason).toBe('NO_ROUTE')
  }, 30_000)

  it('a server links again after its router restarts, and its capsules are reachable again', async () => {
    const routerDir = tempDir()
    dirs.push(routerDir.cleanup)
    const listen = [`/ip4/127.0.0.1/tcp/${20_000 + Math.floor(Math.random() * 20_000)}`]
    let router = await start('router', undefined, listen, routerDir.path)
    const server = await start('server', router)
    let client = await start('client', router)
    const t = await hosted(client, server)
    await until(async () => await client.client.info(t.name))
    await client.stop(); await router.stop()
    running.splice(0, running.length, server)
    router = await start('router', undefined, listen, routerDir.path) // same key and address
    client = await start('client', router)
    await until(async () => await client.client.info(t.name), 15_000)
    expect((await client.client.info(t.name)).size).toBe(0)
  }, 40_000)

  it('a router refuses and counts an advertisement from a neighbour the owner did not delegate to', async () => {
    const router = await start('router')
    const rogue = await start('server', router)
    const client = await start('client', router)
    const t = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    const honestServer = nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey)
    const adCert = signAdCert({ capsule: t.name, server: honestServer, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
    const ad = signAdvertisement({ serverKey: rogue.key.publicKey, router: router.name, sequence: Date.now() * 2000, issuedAtUs: now, expiresAtUs: now + 1e7, cost: 0, withdraw: false, capsules: [{ metadata: t.signed, adCert }] }, rogue.key)
    const link = rogue.forwarder.link(router.name)!
    link.send({ version: 1, destination: router.name, source: rogue.name, ttl: 1, nonce: new Uint8Array(16).fill(1), advertisement: pb.SignedAdvertisement.decode(encodeSignedAdvertisement(ad)) })
    await until(async () => { if ((router.stats().rejectedAdvertisements as Record<string, number>)['wrong-server'] !== 1) throw new Error(JSON.stringify(router.stats().rejectedAdvertisements)) })
    const err = await client.client.info(t.name).catch((e: Error) => e)
    expect((err as RequestRefusedError).reason).toBe('NO_ROUTE')
  }, 30_000)
})

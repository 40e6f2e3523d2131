// A real testnet: 6 node processes in 2 routing domains under a root domain,
// on loopback, plus 3 client nodes in this process. A client in domain A
// appends to a capsule hosted in domain B; another reads it with proofs; a
// third is subscribed.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { GdpNode } from '../../src/node/node.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { parseName } from '../../src/capsule/name.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { RequestRefusedError } from '../../src/client/client.js'
import { down, loadTopology, nodeStatus, up, type TestnetState } from '../../testnet/testnet.js'
import { payload, tempDir, testCapsule } from '../helpers.js'

const dir = tempDir('gdp-testnet-')
let state: TestnetState
const clients: GdpNode[] = []

async function clientOf (nodeId: string, ws = false): Promise<GdpNode> {
  const n = state.nodes.find((x) => x.id === nodeId)!
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: ws ? n.ws : n.tcp }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
  await node.start()
  await node.upstreamReady(10_000)
  clients.push(node)
  return node
}

/** Retries while routes propagate (NO_ROUTE), up to 15 s. */
async function eventually<T> (fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15_000
  for (;;) {
    try { return await fn() } catch (err) {
      if (!(err instanceof RequestRefusedError) || err.reason !== 'NO_ROUTE' || Date.now() > deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

beforeAll(async () => {
  state = await up(loadTopology(join(import.meta.dirname, '../../testnet/topologies/two-domains.yaml')), join(dir.path, 'run'))
}, 60_000)

afterAll(async () => {
  for (const c of clients) await c.stop()
  if (state !== undefined) await down(state)
  dir.cleanup()
})

describe('testnet: 6 nodes, 2 domains', () => {
  it('a writer in domain A appends to a capsule in domain B; a reader verifies; a subscriber follows', async () => {
    const writer = await clientOf('a-router', true) // over WebSocket, as an edge device would
    const reader = await clientOf('a-router')
    const subscriber = await clientOf('b-router-2')
    const bServer = parseName(state.nodes.find((n) => n.id === 'b-server')!.name)
    const t = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    const adCert = signAdCert({ capsule: t.name, server: bServer, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
    await eventually(async () => await writer.client.create(t.signed, bServer, adCert))

    const received: string[] = []
    const controller = new AbortController()
    const following = (async () => {
      const stream = await eventually(async () => { await subscriber.client.info(t.name); return subscriber.client.subscribe(t.name, 0, controller.signal) })
      for await (const record of stream) {
        received.push(Buffer.from(record.payload).toString())
        if (received.length === 30) controller.abort()
      }
    })()

    const w = await eventually(async () => await writer.client.writer(t.name, t.writer))
    for (let b = 0; b < 3; b++) {
      const ack = await writer.client.append(w, Array.from({ length: 10 }, (_, i) => payload(`rec-${b * 10 + i}`)), Date.now() * 1000)
      expect(Buffer.from(ack.server)).toEqual(Buffer.from(bServer))
    }
    const records = await reader.client.read(t.name, { range: { from: 0, to: 30 } })
    expect(records.map((r) => Buffer.from(r.payload).toString())).toEqual(Array.from({ length: 30 }, (_, i) => `rec-${i}`))
    expect((await reader.client.read(t.name, { last: 1 }))[0]!.header.seqno).toBe(29)
    await following
    expect(received).toEqual(Array.from({ length: 30 }, (_, i) => `rec-${i}`))

    // The path really went through the root domain.
    const root = state.nodes.find((n) => n.id === 'root-router')!
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect((nodeStatus(root)!.forwarder as { forwarded: number }).forwarded).toBeGreaterThan(0)
  }, 60_000)

  it('a name nobody advertised is refused with NO_ROUTE', async () => {
    const c = await clientOf('a-router')
    const err = await c.client.info(testCapsule().name).catch((e: Error) => e)
    expect(err).toBeInstanceOf(RequestRefusedError)
    expect((err as RequestRefusedError).reason).toBe('NO_ROUTE')
  }, 30_000)
})

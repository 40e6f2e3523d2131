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
import { RequestRefusedError } from '../../src/client/client.js'
import { down, loadTopology, nodeStatus, up, type TestnetState } from '../../testnet/testnet.js'
import { crossDomain } from '../../testnet/scenarios/cross-domain.js'
import { formatName } from '../../src/capsule/name.js'
import { tempDir, testCapsule } from '../helpers.js'

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
    const result = await crossDomain(state, 30)
    expect(result.read).toEqual(result.appended)
    expect(result.followed).toEqual(result.appended)
    const bServer = state.nodes.find((n) => n.id === 'b-server')!
    for (const server of result.acknowledgedBy) expect(formatName(server)).toBe(bServer.name)
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

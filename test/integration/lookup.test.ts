// GLookup on the routers' kad-dht, in a testnet where nothing is announced
// upward: a client at west-router can reach east-server's capsule only if
// west-router finds it in the lookup service.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { GdpNode } from '../../src/node/node.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { parseName } from '../../src/capsule/name.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { down, loadTopology, nodeStatus, up, type TestnetState } from '../../testnet/testnet.js'
import { payload, tempDir, testCapsule, waitFor } from '../helpers.js'
import { RequestRefusedError } from '../../src/errors.js'

const dir = tempDir('gdp-lookup-')
let state: TestnetState
let west: GdpNode

beforeAll(async () => {
  state = await up(loadTopology(join(import.meta.dirname, '../../testnet/topologies/flat-lookup.yaml')), join(dir.path, 'run'))
  const n = state.nodes.find((x) => x.id === 'west-router')!
  west = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: n.tcp }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
  await west.start()
  await west.upstreamReady(10_000)
}, 60_000)

afterAll(async () => {
  await west?.stop()
  if (state !== undefined) await down(state)
  dir.cleanup()
})

describe('GLookup', () => {
  it('finds a server and its capsule through the DHT and routes to them', async () => {
    const server = parseName(state.nodes.find((x) => x.id === 'east-server')!.name)
    const t = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    const adCert = signAdCert({ capsule: t.name, server, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
    // The DHT fills as routers link up and the server advertises: wait for the first
    // publication, then retry while lookups find nothing yet.
    const east = state.nodes.find((x) => x.id === 'east-router')!
    const deadline = Date.now() + 30_000
    const left = (): number => Math.max(0, deadline - Date.now())
    await waitFor(() => ((nodeStatus(east)?.lookup as { published?: number } | undefined)?.published ?? 0) > 0, { timeoutMs: left(), intervalMs: 100, what: 'east-router to publish its first lookup record' })
    const refused = (err: Error): boolean => err instanceof RequestRefusedError
    await waitFor(async () => await west.client.create(t.signed, server, adCert), { timeoutMs: left(), intervalMs: 200, retryOn: refused, what: 'a create from west to be routed to east-server' })
    const writer = await waitFor(async () => await west.client.writer(t.name, t.writer), { timeoutMs: left(), intervalMs: 200, retryOn: refused, what: 'the capsule to be found from west' })
    await west.client.append(writer, [payload('found by lookup')], Date.now() * 1000)
    expect(Buffer.from((await west.client.read(t.name, { seqno: 0 }))[0]!.payload).toString()).toBe('found by lookup')
    // Nothing is announced in this topology: only lookups can have found the way (status.json is rewritten every second).
    const found = (): number => ['west-router', 'hub-router'].reduce((n, id) => n + ((nodeStatus(state.nodes.find((x) => x.id === id)!)?.lookup as { found?: number } | undefined)?.found ?? 0), 0)
    await waitFor(() => found() > 0, { timeoutMs: 5000, intervalMs: 100, what: 'west-router or hub-router to report a lookup that found the capsule' })
    expect(found()).toBeGreaterThan(0)
  }, 90_000)

  it('a router that has just joined finds the capsule at its first read', async () => {
    const server = parseName(state.nodes.find((x) => x.id === 'east-server')!.name)
    const t = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    const adCert = signAdCert({ capsule: t.name, server, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
    const refused = (err: Error): boolean => err instanceof RequestRefusedError
    await waitFor(async () => await west.client.create(t.signed, server, adCert), { timeoutMs: 30_000, intervalMs: 200, retryOn: refused, what: 'a create from west to be routed to east-server' })
    const writer = await waitFor(async () => await west.client.writer(t.name, t.writer), { timeoutMs: 30_000, intervalMs: 200, retryOn: refused, what: 'the capsule to be found from west' })
    await west.client.append(writer, [payload('read from a new router')], Date.now() * 1000)
    const hub = state.nodes.find((x) => x.id === 'hub-router')!
    // Each a router started now, reading at once: its DHT has only just heard of its upstream.
    for (let i = 0; i < 2; i++) {
      const data = tempDir('gdp-late-router-')
      const router = await GdpNode.create({ ...DEFAULT_CONFIG, data: data.path, role: 'router', listen: ['/ip4/127.0.0.1/tcp/0'], upstream: hub.tcp, lookup: true, lookupPrivateAddresses: true }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
      let client: GdpNode | undefined
      try {
        await router.start()
        await router.upstreamReady(10_000)
        client = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: router.multiaddrs()[0]! }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
        await client.start()
        await client.upstreamReady(10_000)
        expect(Buffer.from((await client.client.read(t.name, { seqno: 0 }))[0]!.payload).toString()).toBe('read from a new router')
      } finally {
        await client?.stop()
        await router.stop()
        data.cleanup()
      }
    }
  }, 90_000)
})

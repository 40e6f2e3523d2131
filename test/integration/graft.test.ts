// Grafting links (docs/moving.md section 4) in a process testnet of two
// domains under a root (testnet/topologies/two-domains.yaml): a client
// attached to a-router appends to a capsule on b-server and subscribes to
// it; b-server is moved from b-router to b-router-2, then the client from
// a-router to the root router, each with `gdp node graft`. No append fails,
// nothing is lost or seen twice, and the old routers drop what went.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { parseName } from '../../src/capsule/name.js'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { Appender } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { controlRequest } from '../../src/node/control.js'
import { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { down, loadTopology, nodeStatus, up, type TestnetNode, type TestnetState } from '../../testnet/testnet.js'
import { gdpAsync, type GdpRun } from '../cli/run-gdp.js'
import { appendStream, createCapsuleOn, graft } from './graft-helpers.js'
import { payload, tempDir, waitFor } from '../helpers.js'

const dir = tempDir('gdp-graft-')
let state: TestnetState
let client: GdpNode
const node = (id: string): TestnetNode => state.nodes.find((n) => n.id === id)!
const nowUs = (): number => Date.now() * 1000

beforeAll(async () => {
  state = await up(loadTopology(join(import.meta.dirname, '../../testnet/topologies/two-domains.yaml')), join(dir.path, 'run'))
  client = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: node('a-router').tcp, data: join(dir.path, 'client') })
  await client.start()
  await client.upstreamReady(30_000)
}, 90_000)

afterAll(async () => {
  await client?.stop()
  if (state !== undefined) await down(state)
  dir.cleanup()
})

describe('grafting a link', () => {
  it('moves a server, then a client, to other routers under a steady append stream and a subscription: nothing fails, nothing is lost', async () => {
    const server = node('b-server')
    const { name, owner } = await createCapsuleOn(client, server)
    await waitFor(async () => await client.client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the capsule to be routed from domain a' })

    const appender = new Appender(client.client, await client.client.writer(name, owner))
    const stream = appendStream(appender)
    const failures = stream.failures
    const received: CapsuleRecord[] = []
    const subscription = new AbortController()
    const subscriber = (async () => { for await (const r of client.client.subscribe(name, 0, subscription.signal)) received.push(r) })().catch((err: Error) => { if (!subscription.signal.aborted) failures.push(`subscription: ${err.message}`) })
    await waitFor(() => stream.acked >= 30, { timeoutMs: 10_000, what: '30 appends' })

    // A neighbour that is not linked, and a neighbour that is not a server or client of that router, are refused.
    expect((await graft(node('b-router'), node('a-server').name, node('b-router-2').tcp)).err).toMatch(/is not linked to this router/)
    // A target that is not a router (another server) is refused before the neighbour hears of it: it would be cut off, and remember it.
    const toServer = await graft(node('b-router'), server.name, node('a-server').tcp)
    expect(toServer.code).toBe(1)
    expect(toServer.err).toMatch(/the node at .* is not a router: a neighbour is grafted to a router only/)
    expect(existsSync(join(server.data, 'moved-peers.json'))).toBe(false)
    // This router itself, and the neighbour itself, are refused as such (libp2p's "Can not dial self" came back as a
    // router out of reach; move attack #5), and so is a drain onto this router.
    const toSelf = await graft(node('b-router'), server.name, node('b-router').tcp)
    expect([toSelf.code, toSelf.err.trim()]).toEqual([1, `gdp: NodeCommandError: InvalidArgumentError: ${node('b-router').tcp} is this router: its neighbours are attached here already; name another router`])
    const toItself = await graft(node('b-router'), server.name, server.tcp)
    expect([toItself.code, toItself.err.trim()]).toEqual([1, `gdp: NodeCommandError: InvalidArgumentError: ${server.tcp} is ${server.name} itself: a neighbour is grafted to another router`])
    const drainToSelf = await gdpAsync(['--data', node('b-router').data, 'node', 'drain', '--to', `${node('b-router-2').tcp},${node('b-router').tcp}`])
    expect([drainToSelf.code, drainToSelf.err.trim()]).toEqual([1, `gdp: NodeCommandError: InvalidArgumentError: ${node('b-router').tcp} is this router: its neighbours are attached here already; name another router`])
    const server1 = await graft(node('b-router'), server.name, node('b-router-2').tcp)
    expect(server1.code).toBe(0)
    expect(JSON.parse(server1.out)).toMatchObject({ neighbour: server.name, to: node('b-router-2').tcp })
    const at = stream.acked
    await waitFor(() => stream.acked >= at + 30, { timeoutMs: 10_000, what: '30 appends through b-router-2' })
    // b-router dropped the server's set (the withdrawal), and the server keeps its new router for restarts.
    await waitFor(() => (nodeStatus(node('b-router'))?.routes as number) === 0, { timeoutMs: 10_000, what: 'b-router to drop the server\'s routes' })
    const book = JSON.parse(readFileSync(join(server.data, 'moved-peers.json'), 'utf8')) as Record<string, string>
    expect(book[node('b-router').peerId]).toBe(node('b-router-2').tcp)

    const client1 = await graft(node('a-router'), JSON.parse(JSON.stringify(client.stats())).name as string, node('root-router').tcp)
    expect(client1.code).toBe(0)
    const at2 = stream.acked
    await waitFor(() => stream.acked >= at2 + 30, { timeoutMs: 10_000, what: '30 appends through the root router' })
    expect(client.moves.grafted).toBe(1)
    expect(existsSync(join(dir.path, 'client', 'moved-peers.json'))).toBe(true)

    await stream.stop()
    const acked = stream.acked
    expect(failures).toEqual([])
    await waitFor(() => received.length >= acked, { timeoutMs: 10_000, what: 'the subscriber to get every record' })
    subscription.abort()
    await subscriber
    expect(received.map((r) => r.header.seqno)).toEqual([...Array(received.length).keys()])
    expect((await client.client.read(name, { range: { from: 0, to: acked } })).length).toBe(acked)
  }, 120_000)

  it('gdp node drain takes every server and edge client off a router, servers first; a server refuses to drain its capsules', async () => {
    const a = node('a-router')
    const client2 = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: a.tcp, data: join(dir.path, 'drained-client') })
    await client2.start()
    try {
      await client2.upstreamReady(30_000)
      const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
      const server = node('a-server')
      const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs(), nonce: crypto.getRandomValues(new Uint8Array(16)) })
      const name = capsuleName(metadata)
      await client2.client.create(signMetadata(metadata, owner), parseName(server.name), signAdCert({ capsule: name, server: parseName(server.name), notBeforeUs: nowUs() - 1e6, notAfterUs: nowUs() + 3600e6 }, owner))
      await waitFor(async () => await client2.client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the capsule on a-server to be routed' })
      const appender = new Appender(client2.client, await client2.client.writer(name, owner))
      await appender.append([payload('before')])
      // The client the first test grafted away keeps its old link to a-router until it goes quiet (up to the
      // retirement grace of 10 s): until then a-router counts it as its edge, and a drain takes it too.
      if (client.moves.grafted > 0) {
        await waitFor(() => !(nodeStatus(a)?.neighbours as string[]).includes(client.stats().name as string), { timeoutMs: 20_000, what: 'a-router to drop the link of the client grafted away' })
      }
      const run = async (data: string, args: string[]): Promise<GdpRun> => await gdpAsync(['--data', data, '--json', 'node', 'drain', ...args])
      expect((await run(server.data, ['--to', node('b-router-2').tcp])).err).toMatch(/move on their owners' orders/)
      // The first target given is dead: each neighbour goes to the next one instead of staying.
      const dead = '/ip4/127.0.0.1/tcp/9/p2p/12D3KooWEoBcQR1Y1DRTpyS34X3Dd69Hg4uvaFWq6D2MPxLrvE54'
      const drained = await run(a.data, ['--to', `${dead},${node('b-router-2').tcp}`])
      expect(drained.err).toBe('')
      const { moved, unreachable } = JSON.parse(drained.out) as { moved: Array<{ neighbour: string, kind: string, to: string, error?: string }>, unreachable: Array<{ to: string, error: string }> }
      expect(moved.map((m) => [m.kind, m.error, m.to])).toEqual([['server', undefined, node('b-router-2').tcp], ['edge', undefined, node('b-router-2').tcp]])
      // The dead one is named, skipped.
      expect(unreachable).toEqual([{ to: dead, error: expect.stringMatching(/cannot reach the router at/) }])
      expect(moved.map((m) => m.neighbour)).toEqual([server.name, client2.stats().name])
      // Nothing but the upstream is left on a-router; the capsule is served through the other router.
      await waitFor(() => (nodeStatus(a)?.neighbours as string[]).length === 1, { timeoutMs: 15_000, what: 'a-router to keep only its upstream' })
      await appender.append([payload('after')])
      expect((await client2.client.read(name, { range: { from: 0, to: 2 } })).map((r) => new TextDecoder().decode(r.payload))).toEqual(['before', 'after'])
    } finally {
      await client2.stop()
    }
  }, 120_000)

  it('gdp node rebalance measures each neighbour\'s traffic and grafts the busiest elsewhere; an idle one stays', async () => {
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const server = node('b-server')
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs(), nonce: crypto.getRandomValues(new Uint8Array(16)) })
    const name = capsuleName(metadata)
    const clients: GdpNode[] = []
    for (const id of ['busy', 'idle']) {
      const c = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: node('a-router').tcp, data: join(dir.path, id) })
      await c.start()
      await c.upstreamReady(30_000)
      clients.push(c)
    }
    const [busy, idle] = clients as [GdpNode, GdpNode]
    try {
      // Right after the drain above moved servers across domains, a route to b-server may still be settling (a CI run
      // under load met NO_ROUTE once): the create is retried until it is routed, as the other tests' first creates are.
      await waitFor(async () => await busy.client.create(signMetadata(metadata, owner), parseName(server.name), signAdCert({ capsule: name, server: parseName(server.name), notBeforeUs: nowUs() - 1e6, notAfterUs: nowUs() + 3600e6 }, owner)), { timeoutMs: 20_000, intervalMs: 200, what: 'a create to reach b-server through a-router' })
      await waitFor(async () => await busy.client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the capsule to be routed from domain a' })
      const appender = new Appender(busy.client, await busy.client.writer(name, owner))
      let writing = true
      let acked = 0
      const writer = (async () => { while (writing) acked = (await appender.append([new Uint8Array(1000)])).heartbeat.heartbeat.size })()
      const refused = await gdpAsync(['--data', node('a-router').data, 'node', 'rebalance', '--to', node('b-router-2').tcp, '--share', '2'])
      expect(refused.code).toBe(2) // a value not of its kind: usage
      expect(refused.err).toMatch(/--share 2/)
      // A window past what setTimeout takes fired at once, measuring nothing: at most an hour, at and past it (a usage
      // error before the node is asked; the node refuses one too, from any other caller of its control socket).
      const tooLong = await gdpAsync(['--data', node('a-router').data, 'node', 'rebalance', '--to', node('b-router-2').tcp, '--window', '3601s'])
      expect(tooLong.code).toBe(2)
      expect(tooLong.err).toMatch(/^gdp: --window 3601s: at most 1h/)
      await expect(controlRequest(node('a-router').data, { op: 'node.rebalance', args: { to: [node('b-router-2').tcp], share: 0.5, windowMs: 3_601_000, apply: false } })).rejects.toThrow(/the measuring window is more than 0 and at most 1 h, not 3601 s/)
      const result = await gdpAsync(['--data', node('a-router').data, '--json', 'node', 'rebalance', '--to', node('b-router-2').tcp, '--share', '0.5', '--window', '2s', '--apply'])
      expect(result.err).toBe('')
      const plan = JSON.parse(result.out)
      expect(plan.moves.map((m: { neighbour: string }) => m.neighbour)).toEqual([busy.stats().name])
      expect(plan.moves[0].bytesPerSecond).toBeGreaterThan(1000)
      expect(plan.applied).toHaveLength(1)
      expect(plan.applied[0].error).toBeUndefined()
      expect(busy.moves.grafted).toBe(1)
      expect(idle.moves.grafted).toBe(0)
      const at = acked
      await waitFor(() => acked >= at + 20, { timeoutMs: 10_000, what: 'appends through the new router' })
      writing = false
      await writer
    } finally {
      for (const c of clients) await c.stop()
    }
  }, 120_000)
})

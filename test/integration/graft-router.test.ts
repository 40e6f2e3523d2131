// Grafting a child router's link to another parent (docs/moving.md section
// 4) in a process testnet (testnet/topologies/two-parents.yaml): c-router,
// with c-server behind it, moves from p1-router to p2-router with `gdp node
// graft`. Its server's set reaches p2-router (snapshots relayed as they
// come), p1-router drops every set it held through c-router (the leaving
// announcement), and a client of c-router appends throughout. A graft to
// p3-router, which does not trust domain c, is refused and moves nothing;
// draining p2-router then takes c-router back to p1-router. With its server
// stopped, a graft leaves the old parent after graft_snapshot_wait, and the
// set follows once the server answers.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { Appender } from '../../src/client/client.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { down, loadTopology, nodeStatus, up, type TestnetNode, type TestnetState } from '../../testnet/testnet.js'
import { gdpAsync } from '../cli/run-gdp.js'
import { appendStream, createCapsuleOn, graft } from './graft-helpers.js'
import { tempDir, waitFor } from '../helpers.js'

const dir = tempDir('gdp-graft-router-')
let state: TestnetState
const clients: GdpNode[] = []
const node = (id: string): TestnetNode => state.nodes.find((n) => n.id === id)!

async function clientOf (router: string): Promise<GdpNode> {
  const client = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: node(router).tcp, data: join(dir.path, `client-${clients.length}-${router}`) })
  clients.push(client)
  await client.start()
  await client.upstreamReady(30_000)
  return client
}

/** c-router's graft_snapshot_wait: short, so that the test of a graft whose snapshots do not come waits it out. */
const SNAPSHOT_WAIT_MS = 3000

beforeAll(async () => {
  const topology = loadTopology(join(import.meta.dirname, '../../testnet/topologies/two-parents.yaml'))
  topology.nodes['c-router']!.settings = { graft_snapshot_wait: `${SNAPSHOT_WAIT_MS}ms` }
  state = await up(topology, join(dir.path, 'run'))
}, 90_000)

afterAll(async () => {
  for (const c of clients) await c.stop()
  if (state !== undefined) await down(state)
  dir.cleanup()
})

describe('grafting a child router to another parent', () => {
  it('moves the server sets it relays to the new parent, the old parent drops them, and its own clients append throughout', async () => {
    const [onP1, onP2, onC] = [await clientOf('p1-router'), await clientOf('p2-router'), await clientOf('c-router')]
    const { name, owner } = await createCapsuleOn(onC, node('c-server'))
    // p1-router routes to it through c-router; p2-router knows nothing of it.
    await waitFor(async () => await onP1.client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the capsule to be routed from p1-router' })
    await expect(onP2.client.info(name)).rejects.toMatchObject({ name: 'RequestRefusedError' })

    const appender = new Appender(onC.client, await onC.client.writer(name, owner))
    const stream = appendStream(appender)
    await waitFor(() => stream.acked >= 20, { timeoutMs: 10_000, what: '20 appends' })

    // A parent that does not trust domain c refuses the relayed snapshots: the graft fails and nothing moves.
    const refused = await graft(node('p1-router'), node('c-router').name, node('p3-router').tcp)
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/did not move: the new parent did not take the servers' sets: the parent router refused it: .*not trusted/)
    expect((await onP1.client.info(name)).metadata).toBeDefined()
    // Neither the refused graft's link (c-router to p3-router) nor p1-router's check that p3-router is a router stays
    // open: each stayed for good, shown in gdp peers as an edge client (drain attack F4).
    await waitFor(async () => {
      const peers = JSON.parse((await gdpAsync(['--data', node('p3-router').data, '--json', 'peers'])).out).peers as Array<{ name: string | null }>
      return peers.every((p) => p.name !== node('c-router').name && p.name !== node('p1-router').name) || undefined
    }, { timeoutMs: 10_000, intervalMs: 200, what: 'p3-router to hold no connection to c-router or p1-router' })
    const before = stream.acked
    await waitFor(() => stream.acked >= before + 10, { timeoutMs: 10_000, what: '10 appends after the refused graft' })

    const moved = await graft(node('p1-router'), node('c-router').name, node('p2-router').tcp)
    expect(moved.err).toBe('')
    expect(moved.code).toBe(0)
    expect(JSON.parse(moved.out)).toMatchObject({ neighbour: node('c-router').name, to: node('p2-router').tcp })

    // The new parent holds the server's set (the capsule and the server's own name) and routes to it.
    await waitFor(async () => await onP2.client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the capsule to be routed from p2-router' })
    expect((await onP2.client.read(name, { range: { from: 0, to: 10 } })).length).toBe(10)
    // (gdp status is written every few seconds.)
    await waitFor(() => (nodeStatus(node('p2-router'))?.routes as number) === 2, { timeoutMs: 10_000, what: 'p2-router to hold the capsule\'s and the server\'s routes' })
    // The old parent dropped every set it held through c-router, at once (not when the link closed).
    await waitFor(() => (nodeStatus(node('p1-router'))?.routes as number) === 0, { timeoutMs: 5_000, what: 'p1-router to drop the routes through c-router' })
    // c-router keeps its new parent for restarts.
    const book = JSON.parse(readFileSync(join(node('c-router').data, 'moved-peers.json'), 'utf8')) as Record<string, string>
    expect(book[node('p1-router').peerId]).toBe(node('p2-router').tcp)

    const at = stream.acked
    await waitFor(() => stream.acked >= at + 20, { timeoutMs: 10_000, what: '20 more appends after the graft' })

    // Draining p2-router takes the child router with it: back to p1-router, which routes to the capsule again.
    const drained = await gdpAsync(['--data', node('p2-router').data, '--json', 'node', 'drain', '--to', node('p1-router').tcp])
    expect(drained.err).toBe('')
    // The child router before the edge client (p2-router's own client, which goes to p1-router too).
    const { moved: drainedMoves } = JSON.parse(drained.out) as { moved: Array<{ neighbour: string, kind: string, error?: string }> }
    expect(drainedMoves.map((m) => [m.kind, m.neighbour, m.error])).toEqual([['router', node('c-router').name, undefined], ['edge', JSON.parse(JSON.stringify(onP2.stats())).name, undefined]])
    await waitFor(async () => await onP1.client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the capsule to be routed from p1-router again' })
    await waitFor(() => (nodeStatus(node('p2-router'))?.routes as number) === 0, { timeoutMs: 5_000, what: 'p2-router to drop the routes through c-router' })
    const at2 = stream.acked
    await waitFor(() => stream.acked >= at2 + 20, { timeoutMs: 10_000, what: '20 more appends after the drain' })
    await stream.stop()
    expect(stream.failures).toEqual([])
  }, 120_000)

  it('with its server stopped, a graft waits graft_snapshot_wait for the snapshot, then leaves the old parent; the set follows once the server answers', async () => {
    // Fresh clients: the drain above moved p2-router's edge client to p1-router.
    const [onP1, onP2, onC] = [await clientOf('p1-router'), await clientOf('p2-router'), await clientOf('c-router')]
    const { name } = await createCapsuleOn(onC, node('c-server'))
    await waitFor(async () => await onP1.client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the capsule to be routed from p1-router' })
    const server = node('c-server')
    process.kill(server.pid, 'SIGSTOP')
    let moved
    try {
      moved = await graft(node('p1-router'), node('c-router').name, node('p2-router').tcp)
    } finally {
      process.kill(server.pid, 'SIGCONT')
    }
    expect(moved.err).toBe('')
    expect(moved.code).toBe(0)
    const { ms } = JSON.parse(moved.out) as { ms: number }
    expect(ms).toBeGreaterThanOrEqual(SNAPSHOT_WAIT_MS)
    expect(ms).toBeLessThan(SNAPSHOT_WAIT_MS + 10_000)
    // The old parent let go; the server, running again, answers the snapshot request it was sent, and the new parent routes to it.
    await waitFor(() => (nodeStatus(node('p1-router'))?.routes as number) === 0, { timeoutMs: 10_000, what: 'p1-router to drop the routes through c-router' })
    await waitFor(async () => await onP2.client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the capsule to be routed from p2-router' })
  }, 90_000)
})

// NodeMoved notices (docs/moving.md section 3) from peers a node does not
// follow, and floods of them from one it does: found by a wire-level attack in
// which 5,000 notices from a stranger each started a 15-second dial loop.
import { createServer, type Server } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import type { GdpNode } from '../../src/node/node.js'
import { PDU_VERSION } from '../../src/routing/forwarder.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()
const servers: Server[] = []
afterEach(() => { for (const s of servers.splice(0)) s.close() })

/** A TCP port that counts the connections made to it and closes each at once (a dial there fails fast). */
async function counting (): Promise<{ port: number, connections: () => number }> {
  let connections = 0
  const server = createServer((socket) => { connections++; socket.destroy() })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP port')
  return { port: address.port, connections: () => connections }
}

/** Sends `from`'s neighbour `to` a moved notice over their link, naming `port` under `from`'s peer id. */
function notice (from: GdpNode, to: GdpNode, port: number): void {
  const address = `/ip4/127.0.0.1/tcp/${port}/p2p/${from.libp2p.peerId.toString()}`
  from.forwarder.link(to.name)!.send({ version: PDU_VERSION, destination: to.name, source: from.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), moved: { addresses: [address] } })
}

const refused = (node: GdpNode): Record<string, number> => node.stats().rejectedAdvertisements as Record<string, number>
const moves = (node: GdpNode): Record<string, number> => node.stats().moves as Record<string, number>

describe('moved notices only from peers this node follows', () => {
  it('a router refuses and counts a moved notice from an edge client it never dialled, and dials nothing', async () => {
    const router = await start('router')
    const client = await start('client', router)
    const tarpit = await counting()
    notice(client, router, tarpit.port)
    await waitFor(() => refused(router)['wrong-link'] === 1, { timeoutMs: 5000, what: 'the stranger\'s notice to be refused' })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(tarpit.connections()).toBe(0)
    expect(moves(router)).toMatchObject({ relinking: 0, failed: 0 })
  })

  it('many notices from its upstream run one dial loop at a time, the newest addresses in it, and the loop ends when the node stops', async () => {
    const router = await start('router')
    const client = await start('client', router)
    const older = await counting()
    const newer = await counting()
    for (let i = 0; i < 200; i++) notice(router, client, older.port)
    notice(router, client, newer.port)
    await waitFor(() => newer.connections() >= 2, { timeoutMs: 5000, what: 'the loop to dial the newest address' })
    const olderDials = older.connections()
    // One loop, backing off from 100 ms: a handful of dials a second, not one per notice (200 loops made hundreds).
    expect(olderDials).toBeLessThanOrEqual(2)
    expect(moves(client).relinking).toBe(1)
    expect(refused(client)).toEqual({})
    const before = newer.connections()
    const stopped = performance.now()
    await client.stop()
    expect(performance.now() - stopped).toBeLessThan(5000)
    expect(moves(client).relinking).toBe(0)
    await new Promise((resolve) => setTimeout(resolve, 1500))
    expect(newer.connections()).toBe(before)
    expect(older.connections()).toBe(olderDials)
  })
})

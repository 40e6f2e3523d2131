// NodeMoved notices (docs/moving.md section 3) from peers a node does not
// follow, and floods of them from one it does: found by a wire-level attack in
// which 5,000 notices from a stranger each started a 15-second dial loop. And
// grafts (section 4), which have a node dial where its upstream says.
import { createServer, type Server, type Socket } from 'node:net'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { formatName } from '../../src/capsule/name.js'
import type { GdpNode } from '../../src/node/node.js'
import { PDU_VERSION } from '../../src/routing/forwarder.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()
/** Nodes that dial a neighbour that moved for 1 s, not 15. */
const startDiallingBriefly = nodesPerTest({}, { movedDialMs: 1000 })
const servers: Server[] = []
afterEach(() => { for (const s of servers.splice(0)) s.close() })

/** A TCP port on loopback whose connections go to `onConnection` (closed after each test). */
async function listening (onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer(onConnection)
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP port')
  return address.port
}

/** A TCP port that counts the connections made to it and closes each at once (a dial there fails fast). */
async function counting (): Promise<{ port: number, connections: () => number }> {
  let connections = 0
  const port = await listening((socket) => { connections++; socket.destroy() })
  return { port, connections: () => connections }
}

/** Sends `from`'s neighbour `to` a moved notice over their link, naming `port` under `from`'s peer id (or `addresses`). */
function notice (from: GdpNode, to: GdpNode, port: number, addresses = [`/ip4/127.0.0.1/tcp/${port}/p2p/${from.libp2p.peerId.toString()}`]): void {
  from.forwarder.link(to.name)!.send({ version: PDU_VERSION, destination: to.name, source: from.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), moved: { addresses } })
}

const refused = (node: GdpNode): Record<string, number> => node.stats().rejectedAdvertisements as Record<string, number>
const moves = (node: GdpNode): Record<string, number> => node.stats().moves as Record<string, number>

/** Sends `to` a notice from `from` naming a counting port, waits for it to be refused as `problem`, and checks a while later that the port was never dialled. */
async function refusedUndialled (from: GdpNode, to: GdpNode, problem: string): Promise<void> {
  const tarpit = await counting()
  notice(from, to, tarpit.port)
  await waitFor(() => refused(to)[problem] === 1, { timeoutMs: 5000, what: `the notice to be refused as ${problem}` })
  await new Promise((resolve) => setTimeout(resolve, 500))
  expect(tarpit.connections()).toBe(0)
}

describe('moved notices only from peers this node follows', () => {
  it('a router refuses and counts a moved notice from an edge client it never dialled, and dials nothing', async () => {
    const router = await start('router')
    const client = await start('client', router)
    await refusedUndialled(client, router, 'wrong-link')
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

  // Found by reading the notices: each one from a peer this node follows (a child router of a trusted domain, say)
  // had it dial the hosts and ports the notice named for 15 s more, one after another without end, and any kind of
  // address it named was dialled in turn.
  it('a neighbour\'s notices are followed one a minute: one after its loop ended is refused and counted, and dials nothing', async () => {
    const router = await start('router')
    const client = await start('client', router)
    // A port that refuses, then where the router is: followed, the loop links there after a failed dial, and ends.
    const elsewhere = await counting()
    notice(router, client, 0, [`/ip4/127.0.0.1/tcp/${elsewhere.port}/p2p/${router.libp2p.peerId.toString()}`, router.multiaddrs()[0]!])
    await waitFor(() => moves(client).relinked === 1, { timeoutMs: 5000, what: 'the client to relink' })
    await waitFor(() => moves(client).relinking === 0 || undefined, { timeoutMs: 5000, what: 'the loop to end' })
    expect(elsewhere.connections()).toBe(1)
    await refusedUndialled(router, client, 'over-budget')
    expect(moves(client)).toMatchObject({ relinking: 0, relinked: 1 })
  })

  // Found by review: a router moved, and moved again within the minute (back to where it was, say), found every
  // neighbour refusing its second notice, and that move failed.
  it('a notice whose loop linked at the first address it dialled leaves the next one free: a router may move again at once', async () => {
    const router = await start('router')
    const client = await start('client', router)
    for (let move = 1; move <= 2; move++) {
      notice(router, client, 0, [router.multiaddrs()[0]!])
      await waitFor(() => moves(client).relinked === move, { timeoutMs: 5000, what: `the client to relink after move ${move}` })
      await waitFor(() => moves(client).relinking === 0 || undefined, { timeoutMs: 5000, what: 'the loop to end' })
    }
    expect(refused(client)).toEqual({})
  })

  // Each notice while the loop ran gave it the whole dial time again: notices every 200 ms kept it dialling for good.
  it('a notice while its loop runs gives it the newest addresses and no more time: the loop ends while notices still come', async () => {
    const router = await startDiallingBriefly('router')
    const client = await startDiallingBriefly('client', router)
    const first = await counting()
    const later = await counting()
    notice(router, client, first.port)
    for (let i = 0; i < 40 && moves(client).failed === 0; i++) {
      notice(router, client, later.port)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }
    expect(moves(client)).toMatchObject({ failed: 1, relinking: 0, relinked: 0 })
    expect(later.connections()).toBeGreaterThan(0)
  }, 20_000)

  it('a notice naming an address of a kind this node does not dial (UDP, a relay circuit) is refused as malformed', async () => {
    const router = await start('router')
    const client = await start('client', router)
    const id = router.libp2p.peerId.toString()
    notice(router, client, 0, [`/ip4/127.0.0.1/tcp/9/p2p/${id}`, `/ip4/127.0.0.1/udp/9/quic-v1/p2p/${id}`])
    await waitFor(() => refused(client).malformed === 1, { timeoutMs: 5000, what: 'the UDP notice to be refused' })
    notice(router, client, 0, [`/ip4/127.0.0.1/tcp/9/p2p/${client.libp2p.peerId.toString()}/p2p-circuit/p2p/${id}`])
    await waitFor(() => refused(client).malformed === 2, { timeoutMs: 5000, what: 'the relayed notice to be refused' })
    expect(moves(client)).toMatchObject({ relinking: 0 })
    // Refused, they are not followed: a notice of TCP and WebSocket addresses is.
    notice(router, client, 0, [`/ip4/127.0.0.1/tcp/9/p2p/${id}`, `/dns4/localhost/tcp/9/ws/p2p/${id}`, `/ip6/::1/tcp/9/tls/sni/localhost/ws/p2p/${id}`])
    await waitFor(() => moves(client).relinking === 1 || undefined, { timeoutMs: 5000, what: 'the notice to be followed' })
    expect(refused(client)).toEqual({ malformed: 2 })
  })
})

/** Sends `to` a graft from `from` over their link, naming `addresses`. */
function graft (from: GdpNode, to: GdpNode, addresses: string[]): void {
  from.forwarder.link(to.name)!.send({ version: PDU_VERSION, destination: to.name, source: from.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), graft: { addresses } })
}

/** A TCP port that holds each connection made to it open and says nothing (a dial there waits out its timeout), until `release`. */
async function holding (): Promise<{ port: number, connections: () => number, release: () => void }> {
  const sockets: Socket[] = []
  const port = await listening((socket) => { sockets.push(socket) })
  return { port, connections: () => sockets.length, release: () => { for (const s of sockets.splice(0)) s.destroy() } }
}

/** An address at `port` under a peer id of its own: libp2p joins dials to one peer id into one. */
async function elsewhere (port: number): Promise<string> {
  return `/ip4/127.0.0.1/tcp/${port}/p2p/${peerIdFromPrivateKey(await generateKeyPair('Ed25519')).toString()}`
}

// Found by reading the graft path: an upstream (compromised, or buggy) could have this node dial 16 hosts and ports
// of any kind per graft, one graft after another without end.
describe('grafts only as many, and only to addresses, as grafting needs', () => {
  it('8 grafts a minute are followed, each dialling where it says; the 9th is refused and counted as over-budget, and dials nothing', async () => {
    const router = await start('router')
    const client = await start('client', router)
    const tarpit = await counting()
    // One after another: one while another runs is refused (below).
    for (let i = 1; i <= 8; i++) {
      graft(router, client, [await elsewhere(tarpit.port)])
      await waitFor(() => tarpit.connections() === i || undefined, { timeoutMs: 5000, what: `graft ${i} to dial` })
      await waitFor(() => moves(client).grafting === 0 || undefined, { timeoutMs: 5000, what: `graft ${i} to end` })
    }
    graft(router, client, [await elsewhere(tarpit.port)])
    await waitFor(() => refused(client)['over-budget'] === 1 || undefined, { timeoutMs: 5000, what: 'the 9th graft to be refused' })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(tarpit.connections()).toBe(8)
    expect(refused(client)).toEqual({ 'over-budget': 1 })
    expect(client.stats().upstream).toEqual({ name: formatName(router.name), linked: true })
  })

  // Found by review: grafts ran side by side, racing on the upstream and the default route (one that failed put back
  // the router it left, undoing the other's move); the router guards one per neighbour only while it waits 60 s,
  // and a graft dialling 16 addresses at 5 s each ran 80.
  it('one graft at a time: one while another runs is refused and counted as over-budget, and dials nothing; once it ended, the next is followed', async () => {
    const router = await start('router')
    const client = await start('client', router)
    const slow = await holding()
    const tarpit = await counting()
    graft(router, client, [await elsewhere(slow.port)])
    await waitFor(() => slow.connections() === 1 || undefined, { timeoutMs: 5000, what: 'the first graft to dial' })
    graft(router, client, [await elsewhere(tarpit.port)])
    await waitFor(() => refused(client)['over-budget'] === 1 || undefined, { timeoutMs: 5000, what: 'the second graft to be refused' })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(tarpit.connections()).toBe(0)
    expect(moves(client).grafting).toBe(1)
    slow.release()
    await waitFor(() => moves(client).grafting === 0 || undefined, { timeoutMs: 5000, what: 'the first graft to end' })
    graft(router, client, [await elsewhere(tarpit.port)])
    await waitFor(() => tarpit.connections() === 1 || undefined, { timeoutMs: 5000, what: 'the third graft to dial' })
    await waitFor(() => moves(client).grafting === 0 || undefined, { timeoutMs: 5000, what: 'the third graft to end' })
    expect(refused(client)).toEqual({ 'over-budget': 1 })
    expect(client.stats().upstream).toEqual({ name: formatName(router.name), linked: true })
  })

  it('a graft naming two addresses, an address of a kind this node does not dial, or one without a peer id, is refused as malformed and dials nothing; one from a node not its upstream as wrong-link', async () => {
    const router = await start('router')
    const client = await start('client', router)
    const tarpit = await counting()
    const target = await elsewhere(tarpit.port)
    const id = target.split('/p2p/')[1]!
    // A router sends one address (the --to of gdp node graft): a second is refused, and neither is dialled.
    graft(router, client, [target, await elsewhere(tarpit.port)])
    graft(router, client, [`/ip4/127.0.0.1/udp/${tarpit.port}/quic-v1/p2p/${id}`])
    graft(router, client, [`/ip4/127.0.0.1/tcp/${tarpit.port}/p2p/${router.libp2p.peerId.toString()}/p2p-circuit/p2p/${id}`])
    graft(router, client, [`/ip4/127.0.0.1/tcp/${tarpit.port}`])
    graft(router, client, [])
    await waitFor(() => refused(client).malformed === 5 || undefined, { timeoutMs: 5000, what: 'the 5 grafts to be refused' })
    graft(client, router, [target])
    await waitFor(() => refused(router)['wrong-link'] === 1 || undefined, { timeoutMs: 5000, what: 'the graft from the client to be refused' })
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(tarpit.connections()).toBe(0)
    expect(refused(client)).toEqual({ malformed: 5 })
    expect(client.stats().upstream).toEqual({ name: formatName(router.name), linked: true })
  })
})

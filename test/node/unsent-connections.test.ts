// What connections hold under their muxers, unsent, together. Each is
// bounded (MAX_UNSENT_BYTES a layer), and the send budget counts what the
// PDU links hold above the muxer; but a peer that grants its streams
// windows and reads nothing of its socket has what the streams send pile up
// in the layers below, out of the send budget's count, up to 8 MiB a
// connection, 64 connections an address, on as many addresses as it has.
// Now their sum is bounded (unsent_budget; unsent-connections.ts).
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { PDU_PROTOCOL } from '../../src/node/pdu-transport.js'
import { UnsentConnections, type UnsentConnection } from '../../src/node/unsent-connections.js'
import { lengthPrefixed, pb } from '../../src/wire/index.js'
import { attackerProcess, REQUESTERS } from './dht-peer.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()
const MiB = 1024 * 1024

/**
 * The attacker, a process of its own: from each of `addresses`, a peer of
 * its own dials `connections` connections, opens a PDU stream on each,
 * sends `request` (hex) there, and stops reading the socket; then it grants
 * that stream `step` bytes of window every 20 ms, blind, up to `grant` in
 * all, for `ms`. Prints, by address, how many of its connections are still
 * open.
 */
const GRANTER = REQUESTERS + `
const [target, protocol, addresses, connections, request, grant, step, ms] = JSON.parse(process.argv[1])
const lanes = await requesters(target, protocol, addresses, connections, request, (lane) => { lane.connection.maConn.pause(); lane.granted = 0 })
const end = Date.now() + ms
while (Date.now() < end) {
  for (const lane of lanes) {
    if (lane.granted >= grant || lane.connection.status !== 'open') continue
    const update = Buffer.alloc(12); update[1] = 1; update.writeUInt32BE(lane.stream.streamId, 4); update.writeUInt32BE(step, 8)
    try { lane.connection.muxer.send(update); lane.granted += step } catch {}
  }
  await new Promise((r) => setTimeout(r, 20))
}
const open = {}
for (const lane of lanes) open[lane.address] = (open[lane.address] ?? 0) + (lane.connection.status === 'open' ? 1 : 0)
console.log(JSON.stringify({ dialled: lanes.length, open }))
process.exit(0)
`

describe('what connections hold unsent under their muxers, together', () => {
  it('peers granting windows and reading nothing of their sockets, from two addresses: at most unsent_budget and a connection\'s worth held, the unread longest closed, an allow-listed address\'s connections kept', async () => {
    const server = await start('server', undefined, { unsentBudgetBytes: 32 * MiB, connectionAllow: ['/ip4/127.0.0.3'] })
    const writer = await start('client', server)
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: Date.now() * 1000, nonce: new Uint8Array(16) })
    const name = capsuleName(metadata)
    await writer.client.create(signMetadata(metadata, owner), server.name)
    await writer.client.append(await writer.client.writer(name, owner), [new Uint8Array(8 * MiB).fill(7)], Date.now() * 1000)
    const read = lengthPrefixed(pb.Pdu.encode({ version: 1, destination: name, source: new Uint8Array(32).fill(9), ttl: 16, nonce: crypto.getRandomValues(new Uint8Array(16)), request: { read: { seqno: 0, proofs: true } } }).finish())
    // The Noise connection's write buffer, the TCP connection's, and its socket's own queue (which takes a whole send).
    const libp2p = server.libp2p as unknown as { getConnections: () => Array<{ remoteAddr: { toString: () => string }, muxer?: { maConn: { writeBufferLength: number, stream?: { writeBufferLength?: number, socket?: { writableLength: number } } } } }> }
    const layers = (from?: string): number => libp2p.getConnections().filter((c) => from === undefined || c.remoteAddr.toString().startsWith(`/ip4/${from}/`))
      .reduce((n, c) => n + (c.muxer?.maConn.writeBufferLength ?? 0) + (c.muxer?.maConn.stream?.writeBufferLength ?? 0) + (c.muxer?.maConn.stream?.socket?.writableLength ?? 0), 0)
    // 24 reads of 8 MiB (within the send budget), each let out 7 MiB: past what the sockets take, the rest in the layers.
    const flooding = attackerProcess<{ dialled: number, open: Record<string, number> }>(GRANTER, [server.multiaddrs()[0]!, PDU_PROTOCOL, ['127.0.0.2', '127.0.0.3'], 12, Buffer.from(read).toString('hex'), 7 * MiB, 256 * 1024, 3000])
    let done = false
    void flooding.finally(() => { done = true })
    // What all connections hold past the budget, or past what the allow-listed ones hold alone (they are never closed).
    let peak = 0
    let peakOver = 0
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      const all = layers()
      peak = Math.max(peak, all)
      peakOver = Math.max(peakOver, all - Math.max(32 * MiB, layers('127.0.0.3')))
    }
    const { dialled, open } = await flooding
    expect(dialled).toBe(24)
    // Before: 60 to 70 MiB held (about 3 MiB a connection), growing with the connections, 64 an address, 1,024 a node.
    expect(peak).toBeGreaterThan(32 * MiB)
    expect(peakOver).toBeLessThanOrEqual(8 * MiB)
    expect(server.unsent.counters.closed).toBeGreaterThan(0)
    expect(open['127.0.0.2']).toBeLessThan(12)
    expect(open['127.0.0.3']).toBe(12)
    expect((server.stats() as { connections: { unsentClosed: number } }).connections.unsentClosed).toBe(server.unsent.counters.closed)
  }, 30_000)
})

describe('UnsentConnections', () => {
  /** A connection whose layers hold `bytes`, and whether it was closed. */
  const connection = (bytes: number): UnsentConnection & { layer: { writeBufferLength: number }, aborted: Error[] } => {
    const aborted: Error[] = []
    return { layer: { writeBufferLength: bytes }, aborted, abort: (err) => { aborted.push(err) } }
  }

  it('holds up to its budget; one byte past it closes the connection unread the longest, not an exempt one, not one that drained since', async () => {
    const budget = new UnsentConnections(10 * MiB)
    const exempt = connection(4 * MiB)
    const first = connection(2 * MiB)
    const drainedSince = connection(3 * MiB)
    budget.full(exempt, [exempt.layer], true)
    await new Promise((resolve) => setTimeout(resolve, 5))
    budget.full(first, [first.layer], false)
    budget.full(drainedSince, [drainedSince.layer], false)
    // Its socket took all it held: it is no longer counted, nor a candidate, until it fills again.
    drainedSince.layer.writeBufferLength = 0
    budget.drained(drainedSince)
    await new Promise((resolve) => setTimeout(resolve, 5))
    const last = connection(4 * MiB)
    budget.full(last, [last.layer], false)
    expect(budget.counters.bytes).toBe(10 * MiB) // at the budget: nothing closed
    expect([exempt, first, last].map((c) => c.aborted.length)).toEqual([0, 0, 0])
    // Filling again: it counts from now, the newest.
    drainedSince.layer.writeBufferLength = 1
    budget.full(drainedSince, [drainedSince.layer], false)
    expect(first.aborted.map((e) => e.name)).toEqual(['SlowPeerError'])
    expect(first.aborted[0]!.message).toMatch(/leaving 2097152 bytes unsent, the most unread when the node's connections held more than 10485760 bytes unsent/)
    expect([exempt, last, drainedSince].map((c) => c.aborted.length)).toEqual([0, 0, 0])
    expect(budget.counters).toMatchObject({ bytes: 8 * MiB + 1, closed: 1 })
    // What the sockets took meanwhile is looked at before any is closed: the last one's took all it held, no drain yet.
    last.layer.writeBufferLength = 0
    exempt.layer.writeBufferLength = 9 * MiB
    budget.full(exempt, [exempt.layer], true)
    expect(last.aborted).toHaveLength(0)
    expect(budget.counters).toMatchObject({ bytes: 9 * MiB + 1, closed: 1 })
    // An exempt one past the budget alone: the others holding any go, it stays.
    exempt.layer.writeBufferLength = 11 * MiB
    budget.full(exempt, [exempt.layer], true)
    expect(drainedSince.aborted).toHaveLength(1)
    expect([exempt, last].map((c) => c.aborted.length)).toEqual([0, 0])
    expect(budget.counters).toMatchObject({ bytes: 11 * MiB, closed: 2 })
  })

  it('a connection whose socket drained and was filled again from the layers above stays counted, as unread from the drain', async () => {
    const budget = new UnsentConnections(4 * MiB)
    const [a, b] = [connection(2 * MiB), connection(2 * MiB)]
    budget.full(a, [a.layer], false)
    await new Promise((resolve) => setTimeout(resolve, 5))
    budget.full(b, [b.layer], false)
    // a's socket took all it held, and its Noise layer passed it as much again at once: before, uncounted from then on.
    budget.drained(a)
    expect(budget.counters.bytes).toBe(4 * MiB)
    b.layer.writeBufferLength = 2 * MiB + 1
    budget.full(b, [b.layer], false)
    // a read last: b is the one unread the longest.
    expect(b.aborted).toHaveLength(1)
    expect(a.aborted).toHaveLength(0)
    budget.closed(a)
    expect(budget.counters).toMatchObject({ bytes: 0, closed: 1 })
  })
})

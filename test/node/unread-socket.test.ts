// A peer that stops reading its socket and keeps sending: what the node
// writes back piles up on the node's side. Its streams stop at a full
// socket, but yamux answers each ping frame itself: a peer that sent pings
// (12 bytes each) on 8 connections and read nothing took a router's memory
// up 600 MiB in 6 s, every answer kept. Now a connection that holds
// MAX_UNSENT_FRAMES frames or MAX_UNSENT_BYTES unsent is closed
// (pdu-transport.ts, pduMuxer).
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { boundUnsentFrames, MAX_UNSENT_BYTES, MAX_UNSENT_FRAMES } from '../../src/node/pdu-transport.js'
import { waitFor } from '../helpers.js'
import { attackerProcess, connectionTo } from './dht-peer.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

/**
 * The attacker, a process of its own dialling from 127.0.0.2: `connections`
 * connections whose sockets it stops reading, each sent 20,000 yamux pings
 * (SYN, 12 bytes each, 5,000 to a write) every 5 ms for `ms` or until
 * the node has closed them all. Prints how
 * many pings it sent and how many of its connections the node closed.
 */
const PINGER = `
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { multiaddr } from '@multiformats/multiaddr'
if (typeof Promise.withResolvers !== 'function') Promise.withResolvers = function () { let resolve, reject; const promise = new this((a, b) => { resolve = a; reject = b }); return { promise, resolve, reject } }
const [target, connections, ms] = JSON.parse(process.argv[1])
const node = await createLibp2p({ transports: [tcp({ dialOpts: { localAddress: '127.0.0.2' } })], connectionEncrypters: [noise()], streamMuxers: [yamux()], connectionManager: { maxConnections: 1000 } })
await node.start()
const stats = { sent: 0, closed: 0 }
const conns = []
for (let c = 0; c < connections; c++) {
  const connection = await node.dial(multiaddr(target), { force: true })
  connection.maConn.pause()
  conns.push(connection)
}
const pings = Buffer.alloc(5000 * 12)
for (let i = 0; i < 5000; i++) { pings[i * 12 + 1] = 2; pings.writeUInt16BE(1, i * 12 + 2); pings.writeUInt32BE(i + 1, i * 12 + 8) }
const deadline = Date.now() + ms
while (Date.now() < deadline && conns.some((c) => c.status === 'open')) {
  for (const connection of conns) {
    if (connection.status !== 'open') continue
    for (let i = 0; i < 4; i++) { try { connection.muxer.send(pings); stats.sent += 5000 } catch { break } }
  }
  await new Promise((r) => setTimeout(r, 5))
}
stats.closed = conns.filter((c) => c.status !== 'open').length
console.log(JSON.stringify(stats))
process.exit(0)
`

function pingFlood (target: string, connections: number, ms: number): Promise<{ sent: number, closed: number }> {
  return attackerProcess<{ sent: number, closed: number }>(PINGER, [target, connections, ms])
}

describe('a peer that stops reading its socket', () => {
  it('sending yamux pings on 8 connections, it has them closed, and the node\'s memory stays bounded', async () => {
    const router = await start('router')
    const rss = process.memoryUsage().rss
    let grown = 0
    const flooding = pingFlood(router.multiaddrs()[0]!, 8, 15_000)
    let done = false
    void flooding.finally(() => { done = true })
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 250))
      grown = Math.max(grown, process.memoryUsage().rss - rss)
    }
    const { sent, closed } = await flooding
    // Before: none closed in 10 s, and the router's memory up 600 MiB in 6 s (now about 30 MiB, all 8 closed in 5 s
    // on a quiet machine; a loaded one may not send the attacker's pings fast enough to pass a socket's buffers on each).
    expect(sent).toBeGreaterThan(10 * MAX_UNSENT_FRAMES)
    expect(closed).toBeGreaterThan(0)
    expect(grown).toBeLessThan(200 * 1024 * 1024)
    // Counted (status.json connections.unsentOverFrames, unsentOverBytes): libp2p's own closing said nothing.
    const { connections } = router.stats() as { connections: { unsentOverFrames: number, unsentOverBytes: number } }
    expect(connections.unsentOverFrames + connections.unsentOverBytes).toBeGreaterThan(0)
    expect(connections.unsentOverFrames + connections.unsentOverBytes).toBeLessThanOrEqual(8)
  }, 60_000)

  it('a connection\'s layers under its muxer hold at most MAX_UNSENT_BYTES unsent', async () => {
    const router = await start('router')
    await connectionTo(router)
    const libp2p = (router as unknown as { libp2p: { getConnections: () => Array<{ muxer: { maConn: { maxWriteBufferLength?: number, stream?: { maxWriteBufferLength?: number } } } }> } }).libp2p
    await waitFor(() => libp2p.getConnections().length > 0, { timeoutMs: 5000, what: 'the router to see the connection' })
    const [connection] = libp2p.getConnections()
    expect(connection!.muxer.maConn.maxWriteBufferLength).toBe(MAX_UNSENT_BYTES)
    expect(connection!.muxer.maConn.stream?.maxWriteBufferLength).toBe(MAX_UNSENT_BYTES)
  })

  it('a connection is closed at the frame past MAX_UNSENT_FRAMES sent to a full socket, not at the last one within it; a drain starts the count again', () => {
    const drains: Array<() => void> = []
    const aborted: Error[] = []
    const connection = { abort: (err: Error) => { aborted.push(err) }, addEventListener: (_type: 'drain', listener: () => void) => { drains.push(listener) } }
    const muxer = { send: (_data: unknown) => false }
    boundUnsentFrames(muxer, connection)
    for (let i = 0; i < MAX_UNSENT_FRAMES; i++) muxer.send(new Uint8Array(12))
    expect(aborted).toEqual([])
    for (const drain of drains) drain()
    for (let i = 0; i < MAX_UNSENT_FRAMES; i++) muxer.send(new Uint8Array(12))
    expect(aborted).toEqual([])
    muxer.send(new Uint8Array(12))
    expect(aborted.map((e) => e.name)).toEqual(['SlowPeerError'])
  })
})

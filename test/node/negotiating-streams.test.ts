// Streams whose protocol is not yet negotiated. libp2p reads all a new
// inbound stream carries into a buffer of up to 4 MiB while it runs
// multistream-select on it, for up to 10 s, before any protocol's own
// bound sees a byte. Found by attacking a router from the network: a peer
// that had the router's answers wait (it asked `ls` and read nothing) and
// went on sending, on 100 streams of 2 connections, took 240 MiB of the
// router's memory for as long as it liked to reopen them. Now a stream that
// sends more than a negotiation needs (MAX_NEGOTIATION_BYTES) before its
// protocol is settled is reset (pdu-transport.ts, pduMuxer).
import type { Connection, Stream } from '@libp2p/interface'
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import type { GdpNode } from '../../src/node/node.js'
import { MAX_NEGOTIATION_BYTES } from '../../src/node/pdu-transport.js'
import { fullCollection } from '../full-collection.js'
import { waitFor } from '../helpers.js'
import { attackerProcess, connectionTo } from './dht-peer.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()
const MiB = 1024 * 1024

/** A multistream-select `ls` request: the router answers it with the list of its protocols and reads the next. */
const LS = [3, 0x6c, 0x73, 0x0a]

/**
 * The attacker, a process of its own: a bare libp2p node with `connections`
 * connections to `target`, opening `streams` raw streams on each (libp2p
 * runs multistream-select on them at the router), each paused (it reads
 * none of the router's answers, whose window fills) and sent 4,096 `ls`
 * requests and then `bytes` more, at the router's stream rate. Prints its
 * counts as JSON once it held them `holdMs`.
 */
const NEGOTIATOR = `
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { multiaddr } from '@multiformats/multiaddr'
if (typeof Promise.withResolvers !== 'function') Promise.withResolvers = function () { let resolve, reject; const promise = new this((a, b) => { resolve = a; reject = b }); return { promise, resolve, reject } }
const [target, connections, streams, ls, bytes, holdMs] = JSON.parse(process.argv[1])
const node = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()], connectionManager: { maxConnections: 1000 } })
await node.start()
const stats = { opened: 0, closed: 0, open: 0 }
const asks = Buffer.concat(new Array(4096).fill(Buffer.from(ls)))
const junk = Buffer.alloc(bytes, 0x41)
const all = []
for (let c = 0; c < connections; c++) {
  const connection = await node.dial(multiaddr(target), { force: true })
  for (let s = 0; s < streams; s++) {
    const stream = await connection.muxer.createStream({})
    stats.opened++
    stream.pause()
    stream.addEventListener('close', () => { stats.closed++ })
    try { stream.send(asks); stream.send(junk) } catch {}
    all.push(stream)
    // Under the router's stream rate (500 a second).
    await new Promise((r) => setTimeout(r, 3))
  }
}
await new Promise((r) => setTimeout(r, holdMs))
stats.open = all.filter((s) => s.status === 'open').length
console.log(JSON.stringify(stats))
await node.stop()
process.exit(0)
`

const heldMiB = (): number => { const m = process.memoryUsage(); return (m.heapUsed + m.arrayBuffers) / MiB }

/**
 * A connection to `router` that the router has taken up: a stream opened
 * before its muxer has a listener waits among its early streams, and the
 * 11th closes the connection.
 */
async function settledConnectionTo (router: GdpNode): Promise<Connection> {
  const connection = await connectionTo(router)
  await (await connection.newStream('/ipfs/ping/1.0.0')).close()
  return connection
}

/** A raw stream on `connection`: no protocol proposed by libp2p, so the router negotiates on what the test sends. */
async function rawStream (connection: unknown): Promise<Stream> {
  return await (connection as { muxer: { createStream: (o: object) => Promise<Stream> } }).muxer.createStream({})
}

/** multistream-select's header and, optionally, a protocol proposed, as one message. */
function negotiation (protocol?: string): Uint8Array {
  const line = (text: string): number[] => { const b = new TextEncoder().encode(text + '\n'); return [b.length, ...b] }
  return new Uint8Array([...line('/multistream/1.0.0'), ...(protocol === undefined ? [] : line(protocol))])
}

describe('streams whose protocol is being negotiated', () => {
  it('an address may have 64 streams negotiating at once; the next is reset, one negotiated makes room, and an allow-listed address is not counted', async () => {
    const router = await start('router')
    const connection = await settledConnectionTo(router)
    // Each sends the header and proposes nothing: libp2p waits for its protocol (10 s).
    const streams: Stream[] = []
    for (let i = 0; i < 65; i++) { const stream = await rawStream(connection); stream.send(negotiation()); streams.push(stream) }
    await waitFor(() => router.gater.counters.deniedNegotiatingPerIp > 0, { timeoutMs: 5000, what: 'the stream past 64 negotiating to be reset' })
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(streams.filter((s) => s.status === 'open').length).toBe(64)
    expect(router.gater.counters.deniedNegotiatingPerIp).toBe(1)
    // One settles its protocol: room for another.
    streams.find((s) => s.status === 'open')!.send(negotiation('/ipfs/ping/1.0.0').subarray(negotiation().length))
    await new Promise((resolve) => setTimeout(resolve, 300))
    const next = await rawStream(connection)
    next.send(negotiation())
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(next.status).toBe('open')
    expect(router.gater.counters.deniedNegotiatingPerIp).toBe(1)
    expect(router.stats().connections).toMatchObject({ deniedNegotiatingPerIp: 1 })

    const allowing = await start('router', undefined, { connectionAllow: ['/ip4/127.0.0.1'] })
    const neighbour = await settledConnectionTo(allowing)
    const many: Stream[] = []
    for (let i = 0; i < 80; i++) { const stream = await rawStream(neighbour); stream.send(negotiation()); many.push(stream) }
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(many.filter((s) => s.status === 'open').length).toBe(80)
    expect(allowing.gater.counters.deniedNegotiatingPerIp).toBe(0)
  })

  it(`a stream may send ${MAX_NEGOTIATION_BYTES} bytes before its protocol is negotiated and stays open; one byte more and it is reset`, async () => {
    const router = await start('router')
    const connection = await connectionTo(router)
    const stream = await rawStream(connection)
    // The router's answers to it wait unread: it holds what it was sent.
    stream.pause()
    const asks = new Uint8Array(Array.from({ length: MAX_NEGOTIATION_BYTES / LS.length }, () => LS).flat())
    expect(asks.length).toBe(MAX_NEGOTIATION_BYTES)
    stream.send(asks)
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(stream.status).toBe('open')
    expect(router.gater.counters.negotiationOverBytes).toBe(0)
    stream.send(new Uint8Array([3]))
    await waitFor(() => stream.status !== 'open', { timeoutMs: 3000, what: 'the stream one byte past the bound to be reset' })
    expect(router.gater.counters.negotiationOverBytes).toBe(1)
    expect(router.stats().connections).toMatchObject({ negotiationOverBytes: 1 })
    // The connection goes on: a stream negotiated as usual is taken.
    const ping = await connection.newStream('/ipfs/ping/1.0.0')
    expect(ping.protocol).toBe('/ipfs/ping/1.0.0')
  })

  it('100 streams of 2 connections, each sent 3 MiB behind unread negotiation answers, are reset and what they sent is not held', async () => {
    const router = await start('router')
    await fullCollection()
    const before = heldMiB()
    const attack = attackerProcess<{ opened: number, closed: number, open: number }>(NEGOTIATOR, [router.multiaddrs()[0], 2, 50, LS, 3 * MiB, 4000])
    // Every stream reset, or (before) open and negotiating; then what is left once the bytes in flight have come.
    const negotiating = (): number => router.libp2p.getConnections().flatMap((c) => c.streams).filter((s) => s.direction === 'inbound' && s.protocol === '').length
    // Reset for what they sent, or (on a machine too busy to reset each before the next opens) as the 65th of the
    // address negotiating at once.
    const reset = (): number => router.gater.counters.negotiationOverBytes + router.gater.counters.deniedNegotiatingPerIp
    await waitFor(() => reset() + negotiating() >= 100, { timeoutMs: 20_000, what: 'the attacker\'s 100 streams to open' })
    await new Promise((resolve) => setTimeout(resolve, 1500))
    await fullCollection()
    const held = heldMiB() - before
    const stats = await attack
    // Before: every stream stayed open and the router held about 240 MiB of what they sent (2.4 MiB a stream).
    expect({ opened: stats.opened, open: stats.open, reset: reset() }).toEqual({ opened: 100, open: 0, reset: 100 })
    expect(held).toBeLessThan(32)
  }, 60_000)
})

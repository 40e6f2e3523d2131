// A peer that speaks the lookup DHT's protocol to a lookup router and
// sends messages it does not finish, or more than it should: kad-dht read each stream into a
// buffer of up to 4 MiB (libp2p's limit; kad-dht sets none) and kept it
// 10 s. Found by attacking a router from the network: 4 connections of 32
// streams, each sent a length prefix of 4 MB and that much less a byte,
// took the router from 300 to 700 MiB, and 64 connections from one
// address may be open. Now a prefix over the largest message a DHT peer
// sends closes its stream at once, and what the streams hold is bounded per
// stream, per address and for the node (src/routing/dht-streams.ts).
// kad-dht also handled a peer's messages as fast as they came: one
// connection of 8 streams had 33,000 FIND_NODEs a second handled and held
// the router's event loop up to 2.2 s at a time (4 connections: 7.9 s, and
// an honest PING went unanswered for 5 s). Now the addresses sending take
// turns for lookup_messages_per_second (2,000) messages a second, a tenth of
// a second's worth at once.
import type { Stream } from '@libp2p/interface'
import * as varint from 'uint8-varint'
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import type { GdpNode } from '../../src/node/node.js'
import { MAX_DHT_MESSAGE_BYTES } from '../../src/routing/dht-streams.js'
import { waitFor } from '../helpers.js'
import { answer, attackerProcess, connectionTo, DHT_PROTOCOL, pingsDuring, SMALL_PING } from './dht-peer.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest({ lookup: true, lookupPrivateAddresses: true })

/** A kad-dht PING (type 5) of `bytes` bytes (at least 4), padded with an unknown field (15, which kad-dht skips), with its length prefix. */
function ping (bytes: number): Uint8Array {
  const head = [0x08, 0x05, 0x7a]
  let pad = bytes - head.length - 1
  while (head.length + varint.encodingLength(pad) + pad > bytes) pad--
  const message = new Uint8Array([...head, ...varint.encode(pad), ...new Uint8Array(pad)])
  expect(message.length).toBe(bytes)
  return new Uint8Array([...varint.encode(message.length), ...message])
}

function closed (stream: Stream): Promise<void> {
  return stream.status === 'open' ? new Promise((resolve) => { stream.addEventListener('close', () => { resolve() }, { once: true }) }) : Promise.resolve()
}

/**
 * Peers sending FIND_NODEs, a process of their own (an attacker's own event
 * loop): from each of `addresses` (127.x; null: the default) a bare libp2p
 * node with `connections` connections of `streams` streams on the DHT
 * protocol, sending `batch` FIND_NODEs on each stream every `everyMs` for
 * `ms` and reading the answers; a stream the router closes is opened again.
 * Prints how many were sent and answered, as JSON.
 */
const FIND_NODES = `
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { multiaddr } from '@multiformats/multiaddr'
if (typeof Promise.withResolvers !== 'function') Promise.withResolvers = function () { let resolve, reject; const promise = new this((a, b) => { resolve = a; reject = b }); return { promise, resolve, reject } }
const [target, protocol, addresses, connections, streams, batchSize, everyMs, ms] = JSON.parse(process.argv[1])
const stats = { sent: 0, answers: 0, opened: 0 }
const findNode = Buffer.from([36, 0x08, 0x04, 0x12, 32, ...new Array(32).fill(1)])
const batch = Buffer.concat(new Array(batchSize).fill(findNode))
const open = async (connection) => {
  const stream = await connection.newStream(protocol)
  stats.opened++
  // Answers are small: a one-byte length prefix, then the answer.
  let rest = 0
  stream.addEventListener('message', (event) => {
    const bytes = event.data.subarray()
    if (rest >= bytes.length) { rest -= bytes.length; return }
    for (let i = rest; i < bytes.length; i += bytes[i] + 1) { stats.answers++; rest = i + bytes[i] + 1 - bytes.length }
  })
  return stream
}
const nodes = []
const lanes = (await Promise.all(addresses.map(async (address) => {
  const node = await createLibp2p({ transports: [tcp(address === null ? {} : { dialOpts: { localAddress: address } })], connectionEncrypters: [noise()], streamMuxers: [yamux()], connectionManager: { maxConnections: 1000 } })
  await node.start()
  nodes.push(node)
  const own = []
  for (let c = 0; c < connections; c++) {
    const connection = await node.dial(multiaddr(target), { force: true })
    for (let s = 0; s < streams; s++) own.push({ connection, stream: await open(connection) })
  }
  return own
}))).flat()
const deadline = Date.now() + ms
while (Date.now() < deadline) {
  for (const lane of lanes) {
    if (lane.stream.status !== 'open') { try { lane.stream = await open(lane.connection) } catch { continue } }
    try { lane.stream.send(batch); stats.sent += batchSize } catch {}
  }
  await new Promise((r) => setTimeout(r, everyMs))
}
console.log(JSON.stringify(stats))
for (const node of nodes) await node.stop()
process.exit(0)
`

/** A process flooding `router` with FIND_NODEs on `connections` connections of `streams` streams each for `ms`, 50 every 10 ms on each; what it sent and was answered. */
async function flood (router: GdpNode, connections: number, streams: number, ms: number): Promise<{ sent: number, answers: number, opened: number }> {
  return await attackerProcess(FIND_NODES, [router.multiaddrs()[0], DHT_PROTOCOL, [null], connections, streams, 50, 10, ms])
}

describe('a lookup router\'s DHT streams', () => {
  it('a message of the largest size a DHT peer sends is read and answered; a length prefix one byte past it closes the stream at once', async () => {
    const router = await start('router')
    const connection = await connectionTo(router)
    const atLimit = await connection.newStream(DHT_PROTOCOL)
    const answered = answer(atLimit)
    atLimit.send(ping(MAX_DHT_MESSAGE_BYTES))
    // kad-dht answers a PING with its known fields: the type.
    expect(await waitFor(answered, { timeoutMs: 5000, what: 'the answer to a PING of the largest size' })).toEqual(SMALL_PING)

    const past = await connection.newStream(DHT_PROTOCOL)
    const started = performance.now()
    past.send(new Uint8Array([...varint.encode(MAX_DHT_MESSAGE_BYTES + 1), 0x08, 0x05]))
    // kad-dht alone waited 10 s for the rest (holding up to 4 MiB of it).
    await waitFor(closed(past), { timeoutMs: 3000, what: 'the stream with a prefix past the limit to close' })
    expect(performance.now() - started).toBeLessThan(3000)
    expect(router.dhtStreams).toEqual({ tooLarge: 1, overBudget: 0, timedOut: 0, evicted: 0, delayed: 0, rateLimited: 0, tooManyStreams: 0, streamsEvicted: 0 })
    expect((router.stats().lookup as { streams: unknown }).streams).toEqual(router.dhtStreams)
  })

  it('streams holding unfinished messages hold at most their address\'s bound: the stream past it closes, and a PING from the same address is still answered', async () => {
    const router = await start('router')
    const connection = await connectionTo(router)
    // 30 streams (kad-dht takes 32 on a connection) each hold a message of the largest size less its last byte.
    const streams: Stream[] = []
    for (let i = 0; i < 30; i++) {
      const stream = await connection.newStream(DHT_PROTOCOL)
      stream.send(ping(MAX_DHT_MESSAGE_BYTES).subarray(0, -1))
      streams.push(stream)
    }
    // An address may hold 16 of the largest messages with their prefixes: 16 held, 14 closed.
    await waitFor(() => router.dhtStreams!.overBudget >= 14, { timeoutMs: 5000, what: `the streams past the address's bound to close (${router.dhtStreams!.overBudget})` })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(streams.filter((s) => s.status === 'open').length).toBe(16)
    expect(router.dhtStreams!.overBudget).toBe(14)

    const honest = await connection.newStream(DHT_PROTOCOL)
    const answered = answer(honest)
    honest.send(SMALL_PING)
    expect(await waitFor(answered, { timeoutMs: 5000, what: 'the answer to a small PING' })).toEqual(SMALL_PING)
  })

  it('an address may hold 64 DHT streams open at once (kad-dht keeps each 10 s for a message); the next is reset, and one closed makes room', async () => {
    const router = await start('router')
    const connections = [await connectionTo(router), await connectionTo(router), await connectionTo(router)]
    // 3 connections of 32 streams (kad-dht takes 32 on a connection), sending nothing: before, all 96 stayed open 10 s.
    const streams: Stream[] = []
    for (const connection of connections) for (let i = 0; i < 32; i++) streams.push(await connection.newStream(DHT_PROTOCOL))
    await waitFor(() => router.dhtStreams!.tooManyStreams >= 32, { timeoutMs: 5000, what: `the streams past 64 to be reset (${router.dhtStreams!.tooManyStreams})` })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(streams.filter((s) => s.status === 'open').length).toBe(64)
    expect(router.dhtStreams!.tooManyStreams).toBe(32)
    await streams.find((s) => s.status === 'open')!.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
    const honest = await connections[2]!.newStream(DHT_PROTOCOL)
    const answered = answer(honest)
    honest.send(SMALL_PING)
    expect(await waitFor(answered, { timeoutMs: 5000, what: 'the answer to a PING on a stream opened once one closed' })).toEqual(SMALL_PING)
    expect(router.dhtStreams!.tooManyStreams).toBe(32)
  }, 30_000)

  it('an allow-listed address (the domain\'s own routers) is not held to 64 DHT streams open at once', async () => {
    const router = await start('router', undefined, { connectionAllow: ['/ip4/127.0.0.1'] })
    const connections = [await connectionTo(router), await connectionTo(router), await connectionTo(router)]
    const streams: Stream[] = []
    for (const connection of connections) for (let i = 0; i < 32; i++) streams.push(await connection.newStream(DHT_PROTOCOL))
    const last = streams.at(-1)!
    const answered = answer(last)
    last.send(SMALL_PING)
    expect(await waitFor(answered, { timeoutMs: 5000, what: 'the answer to a PING on the 96th stream' })).toEqual(SMALL_PING)
    expect(streams.filter((s) => s.status === 'open').length).toBe(96)
    expect(router.dhtStreams!.tooManyStreams).toBe(0)
  }, 30_000)

  it('more addresses sending DHT messages than a share\'s burst holds (a tenth of a second\'s worth) still get the rate between them, and a PING from another is answered', async () => {
    // 100 a second: 10 at once, split among 12 addresses. Before, each share held less than a message and never one:
    // the addresses got what the shares of those forgotten after a second idle let through, about a tenth of the rate.
    // (12, not more: the peers are 12 libp2p nodes of one process, and load the machine as much as the router.)
    const rate = 100
    const router = await start('router', undefined, { lookupMessagesPerSecond: rate })
    const honest = await connectionTo(router)
    const addresses = Array.from({ length: 12 }, (_, i) => `127.0.0.${i + 2}`)
    const ms = 3000
    const sending = attackerProcess<{ answers: number }>(FIND_NODES, [router.multiaddrs()[0], DHT_PROTOCOL, addresses, 1, 1, 1, 50, ms])
    const { latencies } = await pingsDuring(honest, sending, 200, 1500)
    const { answers } = await sending
    // 240 a second asked for (one every 50 ms from each), 100 let through: about 300 in 3 s, and no more than the rate and a burst.
    expect(answers).toBeGreaterThan(0.6 * rate * ms / 1000)
    expect(answers).toBeLessThan(rate * (ms + 1000) / 1000)
    // The honest address's share is a message every 13 / 100 s, behind none of the others'.
    const median = [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length / 2)]!
    expect({ pings: latencies.length >= 4, medianUnder500ms: median < 500 }).toEqual({ pings: true, medianUnder500ms: true })
  }, 30_000)

  it('a peer flooding FIND_NODEs gets about lookup_messages_per_second answered, and a PING from another connection is answered meanwhile', async () => {
    // 500 a second, a quarter of the default: at the default, a router starved of CPU by other processes handled
    // fewer than 2,000 a second by itself, and the flood never reached the rate it is to be held to (2 runs of 8).
    const rate = 500
    const router = await start('router', undefined, { lookupMessagesPerSecond: rate })
    const honest = await connectionTo(router)
    const ms = 3000
    const flooding = flood(router, 2, 8, ms)
    // The router's event loop, and a PING every 100 ms from another connection, while the flood lasts.
    const { latencies } = await pingsDuring(honest, flooding, 100)
    const { sent, answers } = await flooding
    // Before: about 7,000 answers a second, the event loop held 2.5 s at a time, and 2 PINGs answered in 3 s (now about 25).
    // (More were sent than the rate lets through: on a machine too loaded for that, this flood would prove nothing.)
    expect(sent).toBeGreaterThan(answers)
    expect(router.dhtStreams!.delayed).toBeGreaterThan(0)
    expect(answers).toBeLessThan(rate * (ms + 1000) / 1000)
    // Before, the loop was held about 2.2 s at a time for each flooding connection, and 2 PINGs were answered in 3 s.
    // Now, alone, 14 to 25 are answered, most in tens of ms (the loop held 0.1 to 0.7 s). Beside three processes that
    // keep both cores busy, one PING of 18 waited 2.7 s and the loop's longest hold was 1.8 to over 3 s, a CPU starved
    // process's as much as the flood's: the PINGs are judged by their count and median, which holds of seconds ruin.
    const median = [...latencies].sort((a, b) => a - b)[Math.floor(latencies.length / 2)]!
    expect({ pings: latencies.length >= 6, medianUnder500ms: median < 500 }).toEqual({ pings: true, medianUnder500ms: true })
  }, 30_000)
})

// A peer that speaks the lookup DHT's protocol to a lookup router and
// sends messages it does not finish: kad-dht read each stream into a
// buffer of up to 4 MiB (libp2p's limit; kad-dht sets none) and kept it
// 10 s. Found by attacking a router from the network: 4 connections of 32
// streams, each sent a length prefix of 4 MB and that much less a byte,
// took the router from 300 to 700 MiB, and 64 connections from one
// address may be open. Now a prefix over the largest message a DHT peer
// sends closes its stream at once, and what the streams hold is bounded per
// stream, per address and for the node (src/routing/dht-streams.ts).
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Connection, Stream } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import * as varint from 'uint8-varint'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import type { GdpNode } from '../../src/node/node.js'
import { MAX_DHT_MESSAGE_BYTES } from '../../src/routing/dht-streams.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest({ lookup: true, lookupPrivateAddresses: true })
const DHT_PROTOCOL = '/gdp/kad/1.0.0'
const peers: Libp2p[] = []
afterEach(async () => { for (const p of peers.splice(0)) await p.stop() })

async function attackerOn (router: GdpNode): Promise<Connection> {
  const peer = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
  await peer.start()
  peers.push(peer)
  return await peer.dial(multiaddr(router.multiaddrs()[0]!))
}

/** A kad-dht PING (type 5) of `bytes` bytes (at least 4), padded with an unknown field (15, which kad-dht skips), with its length prefix. */
function ping (bytes: number): Uint8Array {
  const head = [0x08, 0x05, 0x7a]
  let pad = bytes - head.length - 1
  while (head.length + varint.encodingLength(pad) + pad > bytes) pad--
  const message = new Uint8Array([...head, ...varint.encode(pad), ...new Uint8Array(pad)])
  expect(message.length).toBe(bytes)
  return new Uint8Array([...varint.encode(message.length), ...message])
}

/** A kad-dht PING of its type alone, with its length prefix. */
const SMALL_PING = new Uint8Array([2, 0x08, 0x05])

function closed (stream: Stream): Promise<void> {
  return stream.status === 'open' ? new Promise((resolve) => { stream.addEventListener('close', () => { resolve() }, { once: true }) }) : Promise.resolve()
}

/** The first bytes of the answer on `stream`. */
function answer (stream: Stream): Promise<Uint8Array> {
  return new Promise((resolve) => { stream.addEventListener('message', (event) => { resolve(event.data.subarray()) }, { once: true }) })
}

describe('a lookup router\'s DHT streams', () => {
  it('a message of the largest size a DHT peer sends is read and answered; a length prefix one byte past it closes the stream at once', async () => {
    const router = await start('router')
    const connection = await attackerOn(router)
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
    expect(router.dhtStreams).toEqual({ tooLarge: 1, overBudget: 0, timedOut: 0, evicted: 0 })
    expect((router.stats().lookup as { streams: unknown }).streams).toEqual(router.dhtStreams)
  })

  it('streams holding unfinished messages hold at most their address\'s bound: the stream past it closes, and a PING from the same address is still answered', async () => {
    const router = await start('router')
    const connection = await attackerOn(router)
    // 32 streams (kad-dht's limit on a connection) each hold a message of the largest size less its last byte.
    const streams: Stream[] = []
    for (let i = 0; i < 30; i++) {
      const stream = await connection.newStream(DHT_PROTOCOL)
      stream.send(ping(MAX_DHT_MESSAGE_BYTES).subarray(0, -1))
      streams.push(stream)
    }
    // An address may hold 16 of the largest messages (its prefix, 3 bytes, taken from the 16th): 15 held, 15 closed.
    await waitFor(() => router.dhtStreams!.overBudget >= 15, { timeoutMs: 5000, what: `the streams past the address's bound to close (${router.dhtStreams!.overBudget})` })
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(streams.filter((s) => s.status === 'open').length).toBe(15)
    expect(router.dhtStreams!.overBudget).toBe(15)

    const honest = await connection.newStream(DHT_PROTOCOL)
    const answered = answer(honest)
    honest.send(SMALL_PING)
    expect(await waitFor(answered, { timeoutMs: 5000, what: 'the answer to a small PING' })).toEqual(SMALL_PING)
  })
})

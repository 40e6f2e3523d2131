// A peer that opens streams on a router and leaves them idle: each PDU
// stream held its muxer state and decoder for as long as its connection
// stayed, and libp2p let a connection have 32, one address 2,048 over its
// 64 connections; a ROUTER_PROTOCOL question the peer never closed stayed
// as long, 32 a connection. Now a connection holds
// PDU_STREAMS_PER_CONNECTION and ROUTER_QUESTIONS_PER_CONNECTION, the next
// are reset, an answered question goes after ROUTER_QUESTION_HOLD_MS, and
// all of them go with the peer.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Connection, Stream } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { ROUTER_PROTOCOL, ROUTER_QUESTION_HOLD_MS, ROUTER_QUESTIONS_PER_CONNECTION, type GdpNode } from '../../src/node/node.js'
import { PDU_PROTOCOL, PDU_STREAMS_PER_CONNECTION } from '../../src/node/pdu-transport.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()
/** Nodes whose PDU streams left idle behind a newer one go after IDLE_MS. */
const IDLE_MS = 300
const startQuick = nodesPerTest({}, { idleStreamMs: IDLE_MS })
const stops: Array<() => Promise<void>> = []
afterEach(async () => { for (const stop of stops.splice(0)) await stop() })

/** The streams of `protocol` that `router` holds open on each of its connections. */
function heldPerConnection (router: GdpNode, protocol = PDU_PROTOCOL): number[] {
  return router.libp2p.getConnections().map((c) => c.streams.filter((s) => s.protocol === protocol && s.status === 'open').length)
}

/** A bare libp2p peer, stopped after the test. */
async function attackerPeer (): Promise<Libp2p> {
  const attacker = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
  await attacker.start()
  stops.push(async () => { await attacker.stop() })
  return attacker
}

/** `count` streams of `protocol` opened on `connection`, nothing sent on any, none closed. */
async function idleStreams (connection: Connection, count: number, protocol = PDU_PROTOCOL): Promise<Stream[]> {
  const streams: Stream[] = []
  for (let i = 0; i < count; i++) {
    const stream = await connection.newStream(protocol)
    stream.addEventListener('message', () => {})
    streams.push(stream)
  }
  return streams
}

describe('PDU streams opened and left idle', () => {
  it(`a connection holds ${PDU_STREAMS_PER_CONNECTION}, the next are reset, the connection stays; all go when the peer leaves`, async () => {
    const router = await start('router')
    const attacker = await attackerPeer()
    const connections = 20
    const perConnection = PDU_STREAMS_PER_CONNECTION + 2
    const opened: Stream[][] = []
    for (let c = 0; c < connections; c++) {
      const connection = await attacker.dial(multiaddr(router.multiaddrs()[0]!), { force: true })
      opened.push(await idleStreams(connection, perConnection))
    }
    // The streams past the limit, on every connection, are reset by the router.
    const pastLimit = opened.flatMap((streams) => streams.slice(PDU_STREAMS_PER_CONNECTION))
    await waitFor(() => pastLimit.every((s) => s.status !== 'open'), { timeoutMs: 10_000, what: 'the streams past the limit to be reset' })
    expect(heldPerConnection(router)).toEqual(Array(connections).fill(PDU_STREAMS_PER_CONNECTION))
    expect(opened.flatMap((streams) => streams.slice(0, PDU_STREAMS_PER_CONNECTION)).every((s) => s.status === 'open')).toBe(true)
    expect(attacker.getConnections(router.libp2p.peerId)).toHaveLength(connections)
    // The peer leaves: nothing of it is held.
    await attacker.stop()
    await waitFor(() => router.libp2p.getConnections().length === 0 && router.transport.neighbours().length === 0, { timeoutMs: 10_000, what: 'the router to let go of the peer\'s connections and links' })
  }, 30_000)

  it(`a PDU stream whose peer closed its writable end is closed by the router, and frees its place of the ${PDU_STREAMS_PER_CONNECTION}`, async () => {
    const router = await start('router')
    const attacker = await attackerPeer()
    const connection = await attacker.dial(multiaddr(router.multiaddrs()[0]!))
    const halfClosed = await idleStreams(connection, PDU_STREAMS_PER_CONNECTION)
    // Each sends its end of stream and nothing more, and never closes (its writable end only; it would read on).
    for (const stream of halfClosed) await stream.close()
    await waitFor(() => halfClosed.every((s) => s.status === 'closed'), { timeoutMs: 5000, what: 'the router to close the streams its peer ended' })
    expect(heldPerConnection(router)).toEqual([0])
    // Their places are free: as many again are taken, and the one past them is reset, on the same connection.
    const next = await idleStreams(connection, PDU_STREAMS_PER_CONNECTION + 1)
    await waitFor(() => next[PDU_STREAMS_PER_CONNECTION]!.status !== 'open', { timeoutMs: 10_000, what: 'the stream past the limit to be reset' })
    expect(next.slice(0, PDU_STREAMS_PER_CONNECTION).map((s) => s.status)).toEqual(Array(PDU_STREAMS_PER_CONNECTION).fill('open'))
    expect(heldPerConnection(router)).toEqual([PDU_STREAMS_PER_CONNECTION])
    expect(connection.status).toBe('open')
  }, 30_000)

  it(`PDU streams left idle behind a newer one go after the idle limit, the newest stays, and their places are free again`, async () => {
    const router = await startQuick('router')
    const attacker = await attackerPeer()
    const connection = await attacker.dial(multiaddr(router.multiaddrs()[0]!))
    const first = await idleStreams(connection, PDU_STREAMS_PER_CONNECTION)
    await waitFor(() => first.slice(0, -1).every((s) => s.status !== 'open'), { timeoutMs: 20 * IDLE_MS, what: 'the idle streams behind the newest to be reset' })
    // The newest is what the link sends on: it stays, however quiet.
    expect(first.at(-1)!.status).toBe('open')
    expect(heldPerConnection(router)).toEqual([1])
    // The places of those reset are free: up to the limit again, the newest is taken (were they still counted, it
    // would be reset as past the limit). Older ones may go meanwhile, left idle behind it, as above; the newest stays.
    const next = await idleStreams(connection, PDU_STREAMS_PER_CONNECTION - 1)
    await new Promise((resolve) => setTimeout(resolve, 3 * IDLE_MS))
    expect(next.at(-1)!.status).toBe('open')
    expect(heldPerConnection(router)[0]).toBeLessThanOrEqual(PDU_STREAMS_PER_CONNECTION)
    expect(connection.status).toBe('open')
  }, 30_000)

  it(`a connection holds ${ROUTER_QUESTIONS_PER_CONNECTION} ROUTER_PROTOCOL questions never closed, the next are reset, and the rest go after ${ROUTER_QUESTION_HOLD_MS} ms`, async () => {
    const router = await start('router')
    const attacker = await attackerPeer()
    const connection = await attacker.dial(multiaddr(router.multiaddrs()[0]!))
    const began = performance.now()
    const opened = await idleStreams(connection, ROUTER_QUESTIONS_PER_CONNECTION + 2, ROUTER_PROTOCOL)
    await waitFor(() => opened.slice(ROUTER_QUESTIONS_PER_CONNECTION).every((s) => s.status !== 'open'), { timeoutMs: 10_000, what: 'the questions past the limit to be reset' })
    const held = heldPerConnection(router, ROUTER_PROTOCOL)
    // Those within the limit stay until the hold ends (on a machine too slow to get here before, they may be gone).
    if (performance.now() - began < ROUTER_QUESTION_HOLD_MS) expect(held).toEqual([ROUTER_QUESTIONS_PER_CONNECTION])
    await waitFor(() => heldPerConnection(router, ROUTER_PROTOCOL)[0] === 0, { timeoutMs: ROUTER_QUESTION_HOLD_MS + 5000, what: 'the answered questions to be reset' })
    expect(connection.status).toBe('open')
  }, 30_000)
})

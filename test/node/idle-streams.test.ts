// A peer that opens PDU streams on a router and sends nothing on them: each
// stream held its muxer state and decoder for as long as its connection
// stayed, and libp2p let a connection have 32, one address 2,048 over its
// 64 connections. Now a connection holds PDU_STREAMS_PER_CONNECTION, the
// next is reset, and all of them go with the peer.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Connection, Stream } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import type { GdpNode } from '../../src/node/node.js'
import { PDU_PROTOCOL, PDU_STREAMS_PER_CONNECTION } from '../../src/node/pdu-transport.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()
const stops: Array<() => Promise<void>> = []
afterEach(async () => { for (const stop of stops.splice(0)) await stop() })

/** The PDU streams `router` holds open on each of its connections. */
function heldPerConnection (router: GdpNode): number[] {
  return router.libp2p.getConnections().map((c) => c.streams.filter((s) => s.protocol === PDU_PROTOCOL && s.status === 'open').length)
}

/** `count` PDU streams opened on `connection`, nothing sent on any. */
async function idleStreams (connection: Connection, count: number): Promise<Stream[]> {
  const streams: Stream[] = []
  for (let i = 0; i < count; i++) {
    const stream = await connection.newStream(PDU_PROTOCOL)
    stream.addEventListener('message', () => {})
    streams.push(stream)
  }
  return streams
}

describe('PDU streams opened and left idle', () => {
  it(`a connection holds ${PDU_STREAMS_PER_CONNECTION}, the next are reset, the connection stays; all go when the peer leaves`, async () => {
    const router = await start('router')
    const attacker = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
    await attacker.start()
    stops.push(async () => { await attacker.stop() })
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
})

// The router protocol (ROUTER_PROTOCOL) answers a question of no data by
// closing: found by attacking a router from the network, a peer that sent
// data on it anyway had each of its streams keep up to 4 MiB unread (90 such
// streams of 4 connections took a router from 140 to 360 MiB).
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { ROUTER_PROTOCOL } from '../../src/node/node.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

describe('the router protocol', () => {
  it('ends a stream that sends data on it at once, keeping none of it; a stream that sends none is answered by closing', async () => {
    const router = await start('router')
    const client = await start('client', router)
    const connection = client.libp2p.getConnections(router.libp2p.peerId)[0]!
    const held = (): number => router.libp2p.getConnections(client.libp2p.peerId).flatMap((c) => c.streams).filter((s) => s.protocol === ROUTER_PROTOCOL).length
    // An honest question: the router closes its end, and the stream ends once the asker closes its own.
    const asked = await connection.newStream(ROUTER_PROTOCOL)
    await asked.close()
    await waitFor(() => held() === 0, { timeoutMs: 2000, what: 'the question\'s stream to end' })
    // 3 MiB, under the stream's 4 MiB read limit: kept unread until the connection closed, before.
    const stream = await connection.newStream(ROUTER_PROTOCOL)
    stream.send(new Uint8Array(3 * 1024 * 1024))
    await waitFor(() => stream.status !== 'open', { timeoutMs: 3000, what: 'the router to end the stream that sent data' })
    expect(held()).toBe(0)
    expect(router.forwarder.link(client.name)).toBeDefined()
  }, 20_000)
})

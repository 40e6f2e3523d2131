// A peer that sends a server list requests as fast as its frame rate lets
// it: each reads a page of up to 1,000 capsules, so 10,000 of them in two
// seconds held a server of 3,000 capsules busy for about ten, and cut an
// honest client's link to it. Lists are answered a few at a time now, with
// a bounded line; the rest are refused CONGESTION with when to ask again.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Libp2p } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { nodeNameOfPeer, PDU_PROTOCOL } from '../../src/node/pdu-transport.js'
import { FrameDecoder, lengthPrefixed, pb } from '../../src/wire/index.js'
import { testCapsule, waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()
const attackers: Libp2p[] = []
afterEach(async () => { for (const a of attackers.splice(0)) await Promise.resolve(a.stop()).catch(() => {}) })

describe('list requests from one peer', () => {
  it('2,000 sent at once: a few are answered at a time, the line is bounded, the rest are refused CONGESTION with retry_after_ms, and a client reads meanwhile', async () => {
    const server = await start('server', undefined, { createRate: 100_000, createRateTotal: 100_000 })
    const client = await start('client', server)
    const capsules = Array.from({ length: 300 }, () => testCapsule(Date.now() * 1000))
    for (let i = 0; i < capsules.length; i += 30) await Promise.all(capsules.slice(i, i + 30).map(async (t) => await client.client.create(t.signed, server.name)))
    const t = capsules[0]!
    await client.client.append(await client.client.writer(t.name, t.writer), [new Uint8Array(8)], Date.now() * 1000)
    const attacker = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
    attackers.push(attacker)
    await attacker.start()
    const stream = await (await attacker.dial(multiaddr(server.multiaddrs()[0]))).newStream(PDU_PROTOCOL)
    const source = nodeNameOfPeer(attacker.peerId)
    const answers: pb.Pdu[] = []
    const decoder = new FrameDecoder(80 * 1024 * 1024)
    stream.addEventListener('message', (event) => { for (const frame of decoder.decode(event.data)) answers.push(pb.Pdu.decode(frame.subarray())) })
    const sent = 2000
    stream.send(Buffer.concat(Array.from({ length: sent }, () => lengthPrefixed(pb.Pdu.encode({ version: 1, destination: server.name, source, ttl: 16, nonce: crypto.getRandomValues(new Uint8Array(16)), request: { list: {} } }).finish()))))
    // A client's read while the lists are under way.
    await waitFor(() => answers.length > 0, { timeoutMs: 10_000, what: 'the first answers to the lists' })
    const [record] = await client.client.read(t.name, { seqno: 0 })
    expect(record!.header.seqno).toBe(0)
    await waitFor(() => answers.length === sent, { timeoutMs: 60_000, what: 'every list to be answered or refused' })
    const refused = answers.filter((a) => a.nack?.reason === pb.NackReason.CONGESTION)
    const listed = answers.filter((a) => a.response?.list != null)
    expect(refused.length + listed.length).toBe(sent)
    // Before, all 2,000 were taken at once (none refused).
    expect(refused.length).toBeGreaterThan(sent / 2)
    expect(refused[0]!.nack!.detail).toMatch(/answers 2 list requests at a time and has 64 waiting; ask again later/)
    expect(refused.every((a) => Number(a.nack!.retryAfterMs) > 0)).toBe(true)
    expect(listed[0]!.response!.list!.capsules).toHaveLength(300)
  }, 90_000)
})

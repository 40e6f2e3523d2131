// libp2p-noise's frame reader threw (and caught) a RangeError for every chunk
// a link received; quietFrameDecoding makes it wait for more bytes without
// one. Checked on real TCP + Noise + Yamux links between two libp2p nodes:
// the reader is replaced on both ends, and messages of every size, split
// across TCP chunks anywhere, arrive whole and in order.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { ConnectionEncrypter } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { createLibp2p, type Libp2p } from 'libp2p'
import { Uint8ArrayList } from 'uint8arraylist'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { quietenFrameDecoding, quietFrameDecoding } from '../../src/node/quiet-frame-decoding.js'

const nodes: Libp2p[] = []
afterEach(async () => { await Promise.all(nodes.splice(0).map(async (n) => { await n.stop() })) })

/** The frame readers of the connections `encrypter` secured, once quietened. */
const quietened: unknown[] = []

/** Records each secured connection's reader after quietFrameDecoding had it. */
function watching<C> (encrypter: (components: C) => ConnectionEncrypter): (components: C) => ConnectionEncrypter {
  return (components) => {
    const inner = encrypter(components)
    const seen = async <T extends { connection: unknown }>(secured: Promise<T>): Promise<T> => {
      const s = await secured
      quietened.push((s.connection as { decoder: { lengthDecoder: unknown } }).decoder.lengthDecoder)
      return s
    }
    return { protocol: inner.protocol, secureInbound: async (c, o) => await seen(inner.secureInbound(c, o)), secureOutbound: async (c, o) => await seen(inner.secureOutbound(c, o)) }
  }
}

async function node (): Promise<Libp2p> {
  const n = await createLibp2p({ addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] }, transports: [tcp()], connectionEncrypters: [watching(quietFrameDecoding(noise()))], streamMuxers: [yamux()] })
  nodes.push(n)
  await n.handle('/echo/1', async (stream) => { stream.addEventListener('message', (evt) => { stream.send(evt.data instanceof Uint8Array ? evt.data : evt.data.subarray()) }) })
  return n
}

describe('quietFrameDecoding', () => {
  it('replaces the frame reader of both ends, and every byte of messages of any size arrives in order', async () => {
    const [a, b] = [await node(), await node()]
    const stream = await a.dialProtocol(b.getMultiaddrs()[0]!, '/echo/1')
    const received = new Uint8ArrayList()
    let waiting: (() => void) | undefined
    stream.addEventListener('message', (evt) => { received.append(evt.data); waiting?.() })
    const sent = new Uint8ArrayList()
    // One byte, sizes around a Noise message's 65,535 bytes, and a message of many Noise messages.
    for (const [i, size] of [1, 2, 3, 1000, 65_519, 65_535, 65_536, 300_000].entries()) {
      const message = new Uint8Array(size).map((_, j) => (i * 31 + j * 7) & 0xff)
      sent.append(message)
      const echoed = new Promise<void>((resolve) => { waiting = () => { if (received.byteLength >= sent.byteLength) resolve() } })
      stream.send(message)
      await echoed
    }
    expect(Buffer.from(received.subarray()).equals(Buffer.from(sent.subarray()))).toBe(true)
    stream.abort(new Error('done'))
    // Both ends' connections (outbound on a, inbound on b), each reader replaced.
    expect(quietened).toHaveLength(2)
    for (const reader of quietened) expect((reader as (data: Uint8Array) => number)(new Uint8Array(0))).toBeGreaterThanOrEqual(65_535)
  })

  it('waits for more bytes, without an exception, when fewer than two are buffered; reads a length big-endian', () => {
    const connection = { decoder: { lengthDecoder: (): number => { throw new RangeError('Could not decode int16BE') }, maxDataLength: 4096 } }
    expect(quietenFrameDecoding(connection)).toBe(true)
    const read = connection.decoder.lengthDecoder as (data: Uint8Array | Uint8ArrayList) => number
    expect(read(new Uint8Array(0))).toBe(4096)
    expect(read(new Uint8Array([1]))).toBe(4096)
    expect(read(new Uint8Array([1, 2, 3]))).toBe(0x0102)
    expect(read(new Uint8ArrayList(new Uint8Array([1]), new Uint8Array([2])))).toBe(0x0102)
  })

  it('leaves a connection of another shape as it is', () => {
    expect(quietenFrameDecoding({})).toBe(false)
    expect(quietenFrameDecoding({ decoder: { lengthDecoder: () => 0 } })).toBe(false)
  })
})

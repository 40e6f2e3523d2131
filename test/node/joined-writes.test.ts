// Every Noise message used to reach the socket as two writes or more (its
// length, then the ciphertext's pieces); joinedWrites hands each send to the
// socket as one buffer, or as one gathered write when it is long. Counted
// here on real TCP + Noise + Yamux links between two libp2p nodes.
import { Socket } from 'node:net'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { ConnectionEncrypter, MessageStream } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { createLibp2p, type Libp2p } from 'libp2p'
import { Uint8ArrayList } from 'uint8arraylist'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { joinedWrites } from '../../src/node/joined-writes.js'

const nodes: Libp2p[] = []
afterEach(async () => { await Promise.all(nodes.splice(0).map(async (n) => { await n.stop() })) })

async function node (joined: boolean): Promise<Libp2p> {
  const n = await createLibp2p({ addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] }, transports: [tcp()], connectionEncrypters: [joined ? joinedWrites(noise()) : noise()], streamMuxers: [yamux()] })
  nodes.push(n)
  await n.handle('/echo/1', async (stream) => { stream.addEventListener('message', (evt) => { stream.send(evt.data instanceof Uint8Array ? evt.data : evt.data.subarray()) }) })
  return n
}

/** Socket writes made while `exchange` runs, and what it returned. */
async function countingWrites<T> (exchange: () => Promise<T>): Promise<{ writes: number, result: T }> {
  const write = Socket.prototype.write
  let writes = 0
  Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>) { writes++; return write.apply(this, args) } as Socket['write']
  try {
    const result = await exchange()
    return { writes, result }
  } finally {
    Socket.prototype.write = write
  }
}

/** `rounds` messages of `size` bytes sent one at a time, each awaited back; the bytes echoed. */
async function pingPong (from: Libp2p, to: Libp2p, rounds: number, size: number): Promise<Uint8Array> {
  const stream = await from.dialProtocol(to.getMultiaddrs()[0]!, '/echo/1')
  const received = new Uint8ArrayList()
  let waiting: (() => void) | undefined
  stream.addEventListener('message', (evt) => { received.append(evt.data); waiting?.() })
  const message = new Uint8Array(size)
  for (let i = 0; i < rounds; i++) {
    message.fill(i)
    const echoed = new Promise<void>((resolve) => { waiting = () => { if (received.byteLength >= (i + 1) * size) resolve() } })
    stream.send(message)
    await echoed
  }
  stream.abort(new Error('done'))
  return received.subarray()
}

describe('joinedWrites', () => {
  it('makes one socket write of each send, where there were two per Noise message, and every byte still arrives in order', async () => {
    const rounds = 50
    const counts: Record<string, number> = {}
    for (const joined of [false, true]) {
      const [a, b] = [await node(joined), await node(joined)]
      // Connect and open one stream first, so the handshakes are not counted.
      await pingPong(a, b, 1, 10)
      const { writes, result } = await countingWrites(async () => await pingPong(a, b, rounds, 300))
      expect(result.byteLength).toBe(rounds * 300)
      for (let i = 0; i < rounds; i++) expect(result[i * 300 + 299]).toBe(i)
      counts[joined ? 'joined' : 'plain'] = writes
    }
    // Each round sends a's message and b's echo, and a yamux window update for
    // each (plain yamux, without the hysteresis of pduMuxer): a write each
    // joined, two plain, and the updates' writes alike.
    expect(counts.plain! - counts.joined!).toBeGreaterThanOrEqual(4 * rounds - 10)
    expect(counts.joined).toBeLessThanOrEqual(4 * rounds + 10)
  })

  it('joins sends up to 16 KiB into one piece; a longer one is handed on as it is, uncopied', async () => {
    const given: Uint8ArrayList[] = []
    const connection = { sendData: (data: Uint8ArrayList) => { given.push(data); return { sentBytes: data.byteLength, canSendMore: true } } }
    const inner = { protocol: '/test', secureInbound: async () => ({}), secureOutbound: async () => ({}) }
    const encrypter = joinedWrites(() => inner as unknown as ConnectionEncrypter)({})
    await encrypter.secureInbound(connection as unknown as MessageStream)
    const pieces = (list: Uint8ArrayList): Uint8Array[] => [...list]
    const length = Uint8Array.of(0x40, 0x00)
    const atLimit = new Uint8Array(16 * 1024 - 2).fill(7)
    connection.sendData(new Uint8ArrayList(length, atLimit))
    expect(pieces(given[0]!)).toHaveLength(1)
    expect(given[0]!.subarray()).toEqual(new Uint8ArrayList(length, atLimit).subarray())
    const overLimit = new Uint8Array(16 * 1024 - 1).fill(8)
    connection.sendData(new Uint8ArrayList(length, overLimit))
    expect(pieces(given[1]!)).toHaveLength(2)
    expect(pieces(given[1]!)[1]).toBe(overLimit)
  })

  it('gathers a longer send over TCP into one socket write (writev) of its pieces, uncopied', async () => {
    const counts: Record<string, { writes: number, gathered: number }> = {}
    for (const joined of [false, true]) {
      const [a, b] = [await node(joined), await node(joined)]
      await pingPong(a, b, 1, 10)
      const proto = Socket.prototype as unknown as { _write: (...args: unknown[]) => void, _writev: (...args: unknown[]) => void }
      const [write, writev] = [proto._write, proto._writev]
      const count = { writes: 0, gathered: 0 }
      proto._write = function (this: Socket, ...args: unknown[]) { count.writes++; write.apply(this, args) }
      proto._writev = function (this: Socket, ...args: unknown[]) { count.gathered++; writev.apply(this, args) }
      try {
        const echoed = await pingPong(a, b, 3, 200_000)
        expect(echoed.byteLength).toBe(600_000)
        expect([echoed[0], echoed[199_999], echoed[200_000], echoed[599_999]]).toEqual([0, 0, 1, 2])
      } finally {
        [proto._write, proto._writev] = [write, writev]
      }
      counts[joined ? 'joined' : 'plain'] = count
    }
    // Plain: a write per piece, about 13 per 200,000-byte send (4 Noise messages of a length, the
    // yamux header's and the data's ciphertexts, and a tag); gathered: one per send.
    expect(counts.plain!.writes).toBeGreaterThanOrEqual(6 * 10)
    expect(counts.joined!.gathered).toBeGreaterThanOrEqual(6)
    expect(counts.joined!.writes + counts.joined!.gathered).toBeLessThan((counts.plain!.writes + counts.plain!.gathered) / 3)
  })

  it('carries sends longer than one Noise message (64 KiB), joined, intact', async () => {
    const [a, b] = [await node(true), await node(false)]
    const echoed = await pingPong(a, b, 3, 200_000)
    expect(echoed.byteLength).toBe(600_000)
    expect([echoed[0], echoed[199_999], echoed[200_000], echoed[599_999]]).toEqual([0, 0, 1, 2])
  })
})

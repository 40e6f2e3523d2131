// The bounds of src/routing/dht-streams.ts at and past each limit, on
// in-memory stream pairs and a stand-in for kad-dht's RPC: one that takes
// no message (so every whole message waits), or one that handles a given
// number of messages at once. The node's own kad-dht, over real
// connections, is test/node/dht-streams.test.ts.
import type { Connection, Stream } from '@libp2p/interface'
import { streamPair } from '@libp2p/utils'
import * as varint from 'uint8-varint'
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { boundDhtStreams, MAX_DHT_FRAME_BYTES, MAX_DHT_MESSAGE_BYTES, type DhtStreamLimitsInit } from '../../src/routing/dht-streams.js'
import { waitFor } from '../helpers.js'

interface Rpc { onIncomingStream: (stream: Stream, connection: Connection) => Promise<void>, handleMessage: (peer: unknown, message: unknown) => Promise<unknown> }

/** A stand-in for kad-dht whose stream handler runs `read` (given the RPC, to call handleMessage through as kad-dht does). */
function dht (read: (rpc: Rpc, stream: Stream) => Promise<void> = async () => {}): { rpc: Rpc } {
  const rpc: Rpc = {
    async onIncomingStream (stream) { await read(this, stream) },
    async handleMessage () { return undefined }
  }
  return { rpc }
}

/** A connection from `holder` (its address). */
const from = (holder: string): Connection => ({ holder }) as unknown as Connection

/** Opens a stream pair, hands the far end to the bounded handler as `holder`'s; the near end is the peer's. */
async function open (rpc: Rpc, holder = 'a'): Promise<{ peer: Stream, node: Stream }> {
  const [peer, node] = await streamPair()
  void rpc.onIncomingStream(node, from(holder))
  return { peer, node }
}

/** A whole frame of `bytes` bytes with its prefix (its content does not matter here). */
const frame = (bytes: number): Uint8Array => new Uint8Array([...varint.encode(bytes), ...new Uint8Array(bytes)])

async function settle (): Promise<void> { await new Promise((resolve) => setTimeout(resolve, 50)) }

/** The allow-listed address of the tests below. */
const ALLOWED = 'router'

function bounded (init: DhtStreamLimitsInit = {}, read?: (rpc: Rpc, stream: Stream) => Promise<void>): { rpc: Rpc, counters: ReturnType<typeof boundDhtStreams> } {
  const target = dht(read)
  const holderOf = (c: Connection): string => (c as unknown as { holder: string }).holder
  const counters = boundDhtStreams(target, holderOf, { exempt: (c) => holderOf(c) === ALLOWED, ...init })
  return { rpc: target.rpc, counters }
}

describe('DHT stream bounds', () => {
  /** kad-dht's handler waiting on a stream until it closes (for its next message, as it does 10 s). */
  const held = async (_rpc: Rpc, stream: Stream): Promise<void> => { await new Promise((resolve) => { stream.addEventListener('close', resolve) }) }

  it('an address may have holderStreams open at once; one more is reset as it opens, another address\'s is not, and one closed makes room', async () => {
    const { rpc, counters } = bounded({ holderStreams: 3 }, held)
    const streams = await Promise.all(Array.from({ length: 3 }, async () => await open(rpc, 'a')))
    await settle()
    expect(streams.every(({ node }) => node.status === 'open')).toBe(true)
    const past = await open(rpc, 'a')
    await settle()
    expect(past.node.status).not.toBe('open')
    expect((await open(rpc, 'b')).node.status).toBe('open')
    expect(counters.tooManyStreams).toBe(1)
    streams[0]!.node.abort(new Error('the peer went'))
    await settle()
    const again = await open(rpc, 'a')
    await settle()
    expect(again.node.status).toBe('open')
    expect(counters.tooManyStreams).toBe(1)
  })

  it('all addresses may have totalStreams open at once; one more closes the stream open longest', async () => {
    const { rpc, counters } = bounded({ totalStreams: 3 }, held)
    const streams = []
    for (const holder of ['a', 'b', 'c']) { streams.push(await open(rpc, holder)); await settle() }
    expect(streams.every(({ node }) => node.status === 'open')).toBe(true)
    expect(counters.streamsEvicted).toBe(0)
    const newest = await open(rpc, 'd')
    await settle()
    expect(streams.map(({ node }) => node.status === 'open')).toEqual([false, true, true])
    expect(newest.node.status).toBe('open')
    expect(counters.streamsEvicted).toBe(1)
  })

  it('an allow-listed address\'s streams are not counted against holderStreams or totalStreams, and never the one closed for the newest', async () => {
    const { rpc, counters } = bounded({ holderStreams: 2, totalStreams: 3 }, held)
    const allowed = []
    for (let i = 0; i < 3; i++) { allowed.push(await open(rpc, ALLOWED)); await settle() }
    const strangers = []
    for (const holder of ['a', 'b', 'c', 'd']) { strangers.push(await open(rpc, holder)); await settle() }
    // The strangers' 4 streams in a room of 3: the oldest of theirs went, none of the allow-listed address's.
    expect(allowed.map(({ node }) => node.status === 'open')).toEqual([true, true, true])
    expect(strangers.map(({ node }) => node.status === 'open')).toEqual([false, true, true, true])
    expect(counters).toMatchObject({ tooManyStreams: 0, streamsEvicted: 1 })
  })

  it('an allow-listed address\'s message is never the slowest closed when all streams hold totalBytes', async () => {
    const { rpc, counters } = bounded({ totalBytes: 4 * MAX_DHT_FRAME_BYTES })
    const strangers = await Promise.all(['a', 'b', 'c', 'd'].map(async (holder) => await open(rpc, holder)))
    for (const { peer } of strangers) peer.send(frame(MAX_DHT_MESSAGE_BYTES))
    await settle()
    // A small message, just begun: by rate the slowest of all, and over the node's bound.
    const allowed = await open(rpc, ALLOWED)
    allowed.peer.send(frame(64))
    await settle()
    expect(allowed.node.status).toBe('open')
    expect(strangers.filter(({ node }) => node.status === 'open').length).toBe(3)
    expect(counters.evicted).toBe(1)
  })

  it('a stream holds two of the largest messages waiting to be handled; a byte more closes it', async () => {
    const { rpc, counters } = bounded()
    const { peer, node } = await open(rpc)
    peer.send(frame(MAX_DHT_MESSAGE_BYTES))
    peer.send(frame(MAX_DHT_MESSAGE_BYTES))
    await settle()
    expect(node.status).toBe('open')
    peer.send(new Uint8Array([1]))
    await waitFor(() => node.status !== 'open', { timeoutMs: 2000, what: 'the stream past its bound to close' })
    expect(counters).toMatchObject({ overBudget: 1, tooLarge: 0 })
  })

  it('an address\'s streams hold 16 of the largest messages together; the stream that passes it is closed, another address\'s is not', async () => {
    const { rpc, counters } = bounded()
    const streams = await Promise.all(Array.from({ length: 17 }, async () => await open(rpc, 'a')))
    for (const { peer } of streams) { peer.send(frame(MAX_DHT_MESSAGE_BYTES)); await settle() }
    expect(streams.map(({ node }) => node.status === 'open')).toEqual([...new Array(16).fill(true), false])
    const other = await open(rpc, 'b')
    other.peer.send(frame(MAX_DHT_MESSAGE_BYTES))
    await settle()
    expect(other.node.status).toBe('open')
    expect(counters.overBudget).toBe(1)
  })

  it('all streams hold totalBytes at most: past it, the slowest stream is closed', async () => {
    const { rpc, counters } = bounded({ totalBytes: 4 * MAX_DHT_FRAME_BYTES })
    const streams = await Promise.all(['a', 'b', 'c', 'd', 'e'].map(async (holder) => await open(rpc, holder)))
    for (const { peer } of streams.slice(0, 4)) peer.send(frame(MAX_DHT_MESSAGE_BYTES))
    await settle()
    expect(streams.every(({ node }) => node.status === 'open')).toBe(true)
    streams[4]!.peer.send(frame(MAX_DHT_MESSAGE_BYTES))
    await settle()
    expect(streams.filter(({ node }) => node.status === 'open').length).toBe(4)
    expect(counters.evicted).toBe(1)
  })

  it('an address\'s messages past its share of the rate wait for it; one that waits past maxWaitMs closes its stream', async () => {
    // 10 a second, a tenth of a second's worth at once: one message at once, the next a tenth of a second later.
    const handled: number[] = []
    const twice = async (rpc: Rpc): Promise<void> => {
      const started = performance.now()
      for (let i = 0; i < 2; i++) {
        await rpc.handleMessage(undefined, {})
        handled.push(performance.now() - started)
      }
    }
    // A wait of 5 s for the 100 ms the share takes: a message is refused once the loop finds it waited past maxWaitMs,
    // and a loaded machine's loop, held for a second, found the second message past 1 s.
    const waiting = bounded({ messagesPerSecond: 10, maxWaitMs: 5000 }, twice)
    await open(waiting.rpc)
    await waitFor(() => handled.length === 2, { timeoutMs: 10_000, what: 'both messages to be handled' })
    // The first went at once (one message delayed, the second), the second once its share came.
    expect(handled[1]).toBeGreaterThan(80)
    expect(waiting.counters).toMatchObject({ delayed: 1, rateLimited: 0 })

    const refused: Error[] = []
    const impatient = bounded({ messagesPerSecond: 10, maxWaitMs: 50 }, async (rpc) => { await twice(rpc).catch((err: Error) => { refused.push(err) }) })
    await open(impatient.rpc)
    await waitFor(() => refused.length === 1, { timeoutMs: 10_000, what: 'the second message to be refused' })
    expect(refused[0]!.name).toBe('RateLimitExceededError')
    expect(impatient.counters).toMatchObject({ delayed: 1, rateLimited: 1 })
  })

  it('an allow-listed address\'s messages take turns of their own, not a share beside strangers flooding the rate', async () => {
    // 10 a second among 10 strangers sending without pause: a share among 11 fills about once a second,
    // so with the router in their pool its second message waited past maxWaitMs (300 ms); in its own it waits 100 ms.
    const stop = new AbortController()
    const flood = async (rpc: Rpc): Promise<void> => {
      for (const until = performance.now() + 10_000; !stop.signal.aborted && performance.now() < until;) await rpc.handleMessage(undefined, {}).catch(() => {})
    }
    const handled: number[] = []
    const refused: Error[] = []
    const { rpc, counters } = bounded({ messagesPerSecond: 10, maxWaitMs: 300 }, async (rpc, stream) => {
      if (stream !== routerStream) { await flood(rpc); return }
      for (let i = 0; i < 3; i++) {
        try {
          await rpc.handleMessage(undefined, {})
          handled.push(i)
        } catch (err) { refused.push(err as Error) }
      }
    })
    let routerStream: Stream | undefined
    for (let i = 0; i < 10; i++) await open(rpc, `stranger-${i}`)
    await settle()
    const [peer, node] = await streamPair()
    routerStream = node
    void rpc.onIncomingStream(node, from(ALLOWED))
    await waitFor(() => handled.length + refused.length === 3, { timeoutMs: 10_000, what: 'the router\'s three messages to be handled or refused' })
    expect(refused).toEqual([])
    // The strangers were held to their shares meanwhile: each one's second message waited.
    expect(counters.delayed).toBeGreaterThanOrEqual(10)
    stop.abort()
    await peer.close()
  })
})

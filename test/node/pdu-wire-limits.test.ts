// What one hostile neighbour can make a PduTransport hold or compute, over a
// real libp2p connection on loopback (TCP, Noise, yamux with the node's
// stream limits): a PDU of a million tiny fields is refused before protobufjs
// builds it, and frames begun and not finished are counted as they arrive,
// capped per neighbour and in all, and dropped when they stall. Honest large
// frames, fast or slow, still arrive whole.
import { noise } from '@chainsafe/libp2p-noise'
import type { Stream } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { createLibp2p, type Libp2p } from 'libp2p'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { type Link } from '../../src/routing/forwarder.js'
import { LINK_REVIVAL_INTERVAL_MS, PDU_PROTOCOL, PduTransport, pduMuxer, type PduReceiver, type PduTransportComponents, type PduTransportInit } from '../../src/node/pdu-transport.js'
import { lengthPrefix, lengthPrefixed, pb } from '../../src/wire/index.js'
import { MAX_PDU_BYTES } from '../../src/wire/pdu-shape.js'
import { waitFor } from '../helpers.js'

const MIB = 1024 * 1024
const stops: Array<() => Promise<void>> = []
afterEach(async () => { for (const stop of stops.splice(0).reverse()) await stop().catch(() => {}) })

async function libp2pNode (listen: boolean): Promise<Libp2p> {
  const node = await createLibp2p({
    addresses: { listen: listen ? ['/ip4/127.0.0.1/tcp/0'] : [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [pduMuxer()]
  })
  stops.push(async () => { await node.stop() })
  return node
}

/** A node whose PduTransport hands what it decodes to `received`. */
async function victim (init: PduTransportInit = {}, exempt?: PduTransportComponents['exempt']): Promise<{ node: Libp2p, transport: PduTransport, received: pb.IPdu[], linksUp: () => number }> {
  const node = await libp2pNode(true)
  const received: pb.IPdu[] = []
  let linksUp = 0
  const forwarder: PduReceiver = { addLink: (_l: Link) => { linksUp++ }, removeLink: () => {}, receive: (pdu) => { received.push(pdu) } }
  const transport = new PduTransport({ libp2p: node, forwarder, ...(exempt === undefined ? {} : { exempt }) }, init)
  await transport.start()
  stops.push(async () => { await transport.stop() })
  return { node, transport, received, linksUp: () => linksUp }
}

/**
 * A raw PDU stream from `attacker` (a new node unless given) to `to`: bytes go out as written, nothing is decoded.
 * With `newConnection`, over a connection of its own (else over the one open to `to`, if any).
 */
async function rawStream (to: Libp2p, attacker?: Libp2p, newConnection = false): Promise<{ stream: Stream, attacker: Libp2p, closed: Promise<void> }> {
  const from = attacker ?? await libp2pNode(false)
  const stream = newConnection
    ? await (await from.dial(to.getMultiaddrs()[0]!, { force: true })).newStream(PDU_PROTOCOL)
    : await from.dialProtocol(to.getMultiaddrs()[0]!, PDU_PROTOCOL)
  stream.addEventListener('message', () => {})
  const closed = new Promise<void>((resolve) => { stream.addEventListener('close', () => { resolve() }) })
  return { stream, attacker: from, closed }
}

/** Writes `bytes` in chunks of 1 MiB, each once the stream can take it. */
async function write (stream: Stream, bytes: Uint8Array): Promise<void> {
  for (let at = 0; at < bytes.length; at += MIB) {
    if (!stream.send(bytes.subarray(at, at + MIB))) await stream.onDrain()
  }
}

/** The frame of a PDU whose encoding is `length` bytes, padded in its destination. */
function pduFrame (length: number, nonce = 1): Uint8Array {
  const encoded = pb.Pdu.encode({ version: 1, ttl: 4, nonce: new Uint8Array(16).fill(nonce), destination: new Uint8Array(length - 27) }).finish()
  expect(encoded.length).toBe(length)
  return lengthPrefixed(encoded)
}

/** A frame of `length` bytes announced, of which only `sent` bytes are written. */
async function unfinished (stream: Stream, length: number, sent: number): Promise<void> {
  await write(stream, lengthPrefix(length))
  await write(stream, new Uint8Array(sent))
}

describe('a PDU of repeated empty fields', () => {
  it('is refused before protobufjs builds it: counted as malformed, the event loop not held, the link still carries a 32 MiB PDU', async () => {
    const { node, transport, received } = await victim()
    const { stream } = await rawStream(node)
    // 2 million empty `added` entries (4 MiB): protobufjs alone took over a second and hundreds of MiB for this.
    const n = 2 * MIB
    const entries = new Uint8Array(2 * n)
    for (let i = 0; i < n; i++) entries[2 * i] = (8 << 3) | 2
    // Pdu{version 1, advertisement (13): SignedAdvertisement{advertisement (1): Advertisement{added: the entries}}}
    const body = concat(Uint8Array.of((1 << 3) | 2), lengthPrefix(entries.length), entries)
    const bomb = concat(Uint8Array.of(0x08, 0x01, (13 << 3) | 2), lengthPrefix(body.length), body)
    const delay = monitorEventLoopDelay({ resolution: 10 })
    delay.enable()
    await write(stream, lengthPrefixed(bomb))
    await waitFor(() => transport.counters.malformed === 1, { timeoutMs: 10_000, what: 'the bomb to be counted as malformed' })
    delay.disable()
    expect(received).toHaveLength(0)
    expect(delay.max / 1e6).toBeLessThan(500)
    // An honest large PDU on the same stream still arrives.
    await write(stream, pduFrame(32 * MIB, 7))
    await waitFor(() => received.length === 1, { timeoutMs: 10_000, what: 'the 32 MiB PDU' })
    expect(received[0]!.nonce).toEqual(new Uint8Array(16).fill(7))
    expect(transport.counters.malformed).toBe(1)
  }, 30_000)
})

describe('the frame size limit', () => {
  it('a frame of exactly MAX_PDU_BYTES arrives whole; one announced a byte longer resets its stream from its prefix, before its bytes come', async () => {
    const { node, transport, received } = await victim()
    const { stream, attacker } = await rawStream(node)
    await write(stream, pduFrame(MAX_PDU_BYTES, 3))
    await waitFor(() => received.length === 1, { timeoutMs: 20_000, what: 'the PDU of MAX_PDU_BYTES' })
    expect(received[0]!.destination?.length).toBe(MAX_PDU_BYTES - 27)
    expect(transport.counters.malformed).toBe(0)
    const over = await rawStream(node, attacker, true)
    await write(over.stream, lengthPrefix(MAX_PDU_BYTES + 1))
    await over.closed
    expect(over.stream.status).toBe('reset')
    expect(transport.counters.malformed).toBe(1)
    expect(transport.unfinishedBytes).toBe(0)
  }, 40_000)
})

describe('frames begun and not finished', () => {
  it('a frame that stops arriving is dropped with its stream after the grace; a slow honest one that keeps the rate arrives', async () => {
    const { node, transport, received } = await victim({ unfinished: { graceMs: 1000, minBytesPerSecond: 2 * MIB, checkIntervalMs: 100 } })
    const held = await rawStream(node)
    await unfinished(held.stream, 64 * MIB, 8 * MIB)
    await waitFor(() => transport.unfinishedBytes >= 8 * MIB, { timeoutMs: 5000, what: 'the 8 MiB to arrive' })
    // An honest 12 MiB frame over 2 s (6 MiB/s, well above the minimum rate), from another neighbour.
    const honest = await rawStream(node)
    const frame = pduFrame(12 * MIB, 9)
    for (let at = 0; at < frame.length; at += MIB) {
      if (!honest.stream.send(frame.subarray(at, at + MIB))) await honest.stream.onDrain()
      await new Promise((resolve) => setTimeout(resolve, 160)) // the slow link's pacing
    }
    await held.closed
    expect(transport.counters.unfinished.timedOut).toBe(1)
    await waitFor(() => received.length === 1, { timeoutMs: 5000, what: 'the honest frame' })
    expect(received[0]!.nonce).toEqual(new Uint8Array(16).fill(9))
    expect(transport.unfinishedBytes).toBe(0)
    expect(honest.stream.status).toBe('open')
  }, 30_000)

  it('a length prefix alone, or one byte of one, and then nothing: dropped with its stream after the grace; a stream that sent nothing stays', async () => {
    const { node, transport } = await victim({ unfinished: { graceMs: 500, checkIntervalMs: 100 } })
    const prefixOnly = await rawStream(node)
    await write(prefixOnly.stream, lengthPrefix(1000))
    const partialPrefix = await rawStream(node)
    await write(partialPrefix.stream, lengthPrefix(1000).subarray(0, 1))
    const silent = await rawStream(node)
    await waitFor(Promise.all([prefixOnly.closed, partialPrefix.closed]), { timeoutMs: 10_000, what: 'both streams to be closed' })
    expect(transport.counters.unfinished.timedOut).toBe(2)
    expect(transport.counters.malformed).toBe(0)
    expect(transport.unfinishedBytes).toBe(0)
    expect(silent.stream.status).toBe('open')
  }, 30_000)

  it('a frame sent fast and then held is dropped once it has not grown for stallMs, though its rate so far is high', async () => {
    const { node, transport } = await victim({ unfinished: { graceMs: 60_000, stallMs: 1500, checkIntervalMs: 100 } })
    const held = await rawStream(node)
    await unfinished(held.stream, 64 * MIB, 8 * MIB)
    const started = Date.now()
    await held.closed
    expect(Date.now() - started).toBeGreaterThan(1000)
    expect(transport.counters.unfinished.timedOut).toBe(1)
    expect(transport.unfinishedBytes).toBe(0)
  }, 30_000)

  it('one neighbour may hold its budget in unfinished frames over all its streams; the stream that passes it is closed', async () => {
    const { node, transport } = await victim({ unfinished: { peerBytes: 16 * MIB } })
    const first = await rawStream(node)
    // With their 4-byte prefixes, exactly 16 MiB: at the budget.
    await unfinished(first.stream, 64 * MIB, 8 * MIB - 4)
    const second = await rawStream(node, first.attacker)
    await unfinished(second.stream, 64 * MIB, 8 * MIB - 4)
    await waitFor(() => transport.unfinishedBytes === 16 * MIB, { timeoutMs: 5000, what: 'both frames to be held' })
    const third = await rawStream(node, first.attacker)
    await unfinished(third.stream, 64 * MIB, 1)
    await third.closed
    expect(transport.counters.unfinished.overBudget).toBe(1)
    expect(transport.unfinishedBytes).toBe(16 * MIB)
    expect([first.stream.status, second.stream.status]).toEqual(['open', 'open'])
    expect(transport.counters.malformed).toBe(0)
  }, 30_000)

  /**
   * A 20 MiB node-wide budget: a frame of 12 MiB that then stalls (from an
   * exempt neighbour when `staleExempt`), and a stranger's 12 MiB arriving
   * fast after it. Returns once one of the two was dropped.
   */
  async function staleThenFresh (staleExempt: boolean): Promise<{ transport: PduTransport, stale: Stream, fresh: Stream }> {
    const spared = staleExempt ? await libp2pNode(false) : undefined
    const { node, transport } = await victim({ unfinished: { totalBytes: 20 * MIB } }, spared === undefined ? undefined : (connection) => connection.remotePeer.equals(spared.peerId))
    const stale = await rawStream(node, spared)
    await unfinished(stale.stream, 64 * MIB, 12 * MIB)
    await waitFor(() => transport.unfinishedBytes >= 12 * MIB, { timeoutMs: 5000, what: 'the stale frame' })
    await new Promise((resolve) => setTimeout(resolve, 1500)) // it stalls; the next one arrives fast
    const fresh = await rawStream(node)
    await unfinished(fresh.stream, 64 * MIB, 12 * MIB)
    await Promise.race([stale.closed, fresh.closed])
    expect(transport.counters.unfinished.evicted).toBe(1)
    expect(transport.unfinishedBytes).toBeLessThanOrEqual(20 * MIB)
    return { transport, stale: stale.stream, fresh: fresh.stream }
  }

  it('over the node-wide budget, the frames arriving slowest are dropped until it fits', async () => {
    const { stale, fresh } = await staleThenFresh(false)
    expect(fresh.status).toBe('open')
    expect(stale.status).not.toBe('open')
  }, 30_000)

  // The domain's own neighbours (configured, allow-listed) are spared, as by the DHT's eviction and the receive
  // limits: a stranger's fresh frames filling the budget dropped a router's frame that had stalled a moment.
  it('over the node-wide budget, an exempt neighbour\'s frame is not dropped, however slow: the stranger\'s is', async () => {
    const { stale, fresh } = await staleThenFresh(true)
    expect(stale.status).toBe('open')
    expect(fresh.status).not.toBe('open')
  }, 30_000)
})

describe('a neighbour over several connections', () => {

  // Its frame rate is one allowance over all its connections: per connection, each new one (a handshake, within the
  // gater's 64 per address) brought a full burst and rate of its own.
  it('shares one frame allowance among its connections: a second and third connection take nothing more; another neighbour keeps its own', async () => {
    const burst = 10
    const { node, transport, received } = await victim({ receive: { framesPerSecond: 1, burstFrames: burst, disconnectAfterMs: 60_000 } })
    const first = await rawStream(node)
    const streams = [first.stream, (await rawStream(node, first.attacker, true)).stream, (await rawStream(node, first.attacker, true)).stream]
    expect(first.attacker.getConnections(node.peerId)).toHaveLength(3)
    const began = performance.now()
    const perConnection = 2 * burst
    for (const [i, stream] of streams.entries()) stream.send(concat(...Array.from({ length: perConnection }, (_, j) => replyToNothing(1 + i * perConnection + j))))
    await waitFor(() => transport.counters.framesIn === 3 * perConnection, { timeoutMs: 10_000, what: 'every frame to arrive' })
    // The burst, and what the rate of 1 a second refilled meanwhile: not a burst per connection.
    const refilled = Math.ceil((performance.now() - began) / 1000)
    expect(received.length).toBeGreaterThanOrEqual(burst)
    expect(received.length).toBeLessThanOrEqual(burst + refilled)
    expect(transport.counters.rateLimited).toBe(3 * perConnection - received.length)
    // Another neighbour's allowance is its own: its burst is all taken.
    const other = await rawStream(node)
    const before = received.length
    other.stream.send(concat(...Array.from({ length: burst }, (_, j) => replyToNothing(200 + j))))
    await waitFor(() => transport.counters.framesIn === 3 * perConnection + burst, { timeoutMs: 10_000, what: "the other neighbour's frames to arrive" })
    expect(received.length - before).toBe(burst)
  }, 30_000)

  // A stream closed and another opened on the same connection brings up a new link (the one before went down with its
  // last stream): forgotten with that link, its allowance came back full, a burst more for each stream, and streams
  // cost no handshake (stream_rate_per_ip allows 500 a second).
  it('keeps its spent allowance when it closes its last stream and opens another on the same connection', async () => {
    const burst = 10
    const { node, transport, received } = await victim({ receive: { framesPerSecond: 1, burstFrames: burst, disconnectAfterMs: 60_000 } })
    const first = await rawStream(node)
    const began = performance.now()
    first.stream.send(concat(...Array.from({ length: burst }, (_, j) => replyToNothing(1 + j))))
    await waitFor(() => received.length === burst, { timeoutMs: 10_000, what: 'the first burst to be taken' })
    first.stream.abort(new Error('cycling streams'))
    await waitFor(() => transport.neighbours().length === 0, { timeoutMs: 10_000, what: 'its link to go down' })
    const second = await rawStream(node, first.attacker)
    expect(first.attacker.getConnections(node.peerId)).toHaveLength(1)
    second.stream.send(concat(...Array.from({ length: burst }, (_, j) => replyToNothing(100 + j))))
    await waitFor(() => transport.counters.framesIn === 2 * burst, { timeoutMs: 10_000, what: 'the second burst to arrive' })
    // What the rate of 1 a second refilled meanwhile, not a second burst.
    expect(received.length - burst).toBeLessThanOrEqual(Math.ceil((performance.now() - began) / 1000))
    expect(transport.counters.rateLimited).toBe(2 * burst - received.length)
  }, 30_000)
})

describe('a neighbour that closes its stream and opens another on the same connection', () => {
  // Each such stream took the link down and up at the forwarder (a pass over every route set, the requests in flight
  // and those waiting for routes), and a stream costs no handshake (stream_rate_per_ip allows 500 a second).
  it('brings its link back up once within LINK_REVIVAL_INTERVAL_MS; the streams past that are refused, and one after it is taken', async () => {
    const { node, transport, received, linksUp } = await victim()
    const first = await rawStream(node)
    first.stream.send(replyToNothing(1))
    await waitFor(() => received.length === 1, { timeoutMs: 10_000, what: 'the first frame' })
    const cycle = async (nonce: number): Promise<void> => {
      const { stream, closed } = await rawStream(node, first.attacker)
      let sent = true
      try { stream.send(replyToNothing(nonce)) } catch { sent = false } // refused: reset already
      if (sent) await Promise.race([closed, waitFor(() => received.some((pdu) => pdu.nonce?.[0] === nonce), { timeoutMs: 10_000, what: `frame ${nonce}` })])
      if (stream.status === 'open') stream.abort(new Error('cycling streams'))
      await waitFor(() => transport.neighbours().length === 0, { timeoutMs: 10_000, what: 'its link to go down' })
    }
    first.stream.abort(new Error('cycling streams'))
    await waitFor(() => transport.neighbours().length === 0, { timeoutMs: 10_000, what: 'its link to go down' })
    const began = performance.now()
    for (let nonce = 2; nonce <= 6; nonce++) await cycle(nonce)
    const within = performance.now() - began < LINK_REVIVAL_INTERVAL_MS
    expect(first.attacker.getConnections(node.peerId)).toHaveLength(1)
    // All five within the interval (on a machine too slow for that, more were allowed: at least one a second).
    if (within) expect({ linksUp: linksUp(), refused: transport.counters.revivalsRefused }).toEqual({ linksUp: 2, refused: 4 })
    expect(linksUp() + transport.counters.revivalsRefused).toBe(6)
    // An honest neighbour's link keeper, a while later: taken.
    await new Promise((resolve) => setTimeout(resolve, LINK_REVIVAL_INTERVAL_MS))
    const refused = transport.counters.revivalsRefused
    const later = await rawStream(node, first.attacker)
    later.stream.send(replyToNothing(7))
    await waitFor(() => received.some((pdu) => pdu.nonce?.[0] === 7), { timeoutMs: 10_000, what: 'the frame of the stream opened a while later' })
    expect(transport.counters.revivalsRefused).toBe(refused)
    expect(transport.neighbours()).toHaveLength(1)
  }, 30_000)
})

/** A small frame of a NACK answering nothing pending: it counts against the frame rate as any frame does. */
function replyToNothing (nonce: number): Uint8Array {
  return lengthPrefixed(pb.Pdu.encode({ version: 1, ttl: 4, nonce: new Uint8Array(16).fill(nonce), nack: { reason: 1, detail: 'nothing asked' } }).finish())
}

function concat (...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}

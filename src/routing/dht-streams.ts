/**
 * What a peer may hold in a lookup router's memory through the DHT's
 * protocol. kad-dht reads each stream into a buffer that libp2p bounds at
 * 4 MiB only, with no limit of its own on a message, and keeps a stream open
 * 10 s without a message: a peer that sent a length prefix of nearly 4 MiB
 * and that much of the message, then held it, cost 4 MiB per stream, on 32
 * streams per connection and 64 connections per address (4 connections took
 * a router from 300 to 700 MiB). Here each stream's bytes not yet taken by
 * kad-dht (a message begun, or whole and waiting) and its answers not yet
 * sent are counted, against the stream's own bound, its sender's address's
 * and the node's (the unfinished frames of src/wire/unfinished-frames.ts);
 * and the messages kad-dht handles take turns, for a rate shared evenly
 * among the addresses sending them.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import * as varint from 'uint8-varint'
import { setTimeout as sleep } from 'node:timers/promises'
import { IncompatibleDependencyError, RateLimitExceededError } from '../errors.js'
import { FrameDecoder } from '../wire/index.js'
import { UnfinishedFrames, UnfinishedFramesError, type FrameMeter, type UnfinishedFrameLimitsInit } from '../wire/unfinished-frames.js'
import { FairShares } from './fair-shares.js'
import { MAX_LOOKUP_RECORD_BYTES } from './lookup.js'

/**
 * The largest message a DHT peer sends a router: a PUT_VALUE of the largest
 * lookup record, with its key (twice: in the message and its record), the
 * record's time and the message's fields, well under the 4 KiB added.
 * Requests (GET_VALUE, FIND_NODE, PING) are a key or less.
 */
export const MAX_DHT_MESSAGE_BYTES = MAX_LOOKUP_RECORD_BYTES + 4096
/** The largest message with its length prefix: the unit of the bounds below. */
export const MAX_DHT_FRAME_BYTES = MAX_DHT_MESSAGE_BYTES + varint.encodingLength(MAX_DHT_MESSAGE_BYTES)

/** The bytes and streams below; the rate a message must arrive at, as for unfinished PDU frames (UnfinishedFrameLimitsInit). */
export interface DhtStreamLimitsInit extends Pick<UnfinishedFrameLimitsInit, 'graceMs' | 'minBytesPerSecond' | 'stallMs' | 'checkIntervalMs'> {
  /** Bytes one stream may hold: messages not yet taken by kad-dht and answers not yet sent. @default 2 * MAX_DHT_FRAME_BYTES */
  streamBytes?: number
  /** Bytes all streams of one sender's address may hold. @default 16 * MAX_DHT_FRAME_BYTES */
  holderBytes?: number
  /** Bytes all streams may hold; past it the slowest are dropped. @default 256 * MAX_DHT_FRAME_BYTES */
  totalBytes?: number
  /**
   * Messages kad-dht handles a second, shared evenly among the addresses
   * sending them (FairShares). One past its address's share waits for it;
   * one that waited `maxWaitMs` closes its stream. @default 2000
   */
  messagesPerSecond?: number
  /** @default 5000 */
  maxWaitMs?: number
  /** Streams one sender's address may have open at once; one more is reset as it opens. @default 64 */
  holderStreams?: number
  /** Streams open at once in all; past it the one open longest is closed. @default 1024 */
  totalStreams?: number
  /**
   * Connections whose streams are counted against neither stream cap nor
   * ever closed to make room (the operator's allow list): strangers opening
   * streams from many addresses kept the node's streams full, and each new
   * one closed the stream open longest, the domain's own routers' included.
   * Their messages share a `messagesPerSecond` of their own.
   * @default none
   */
  exempt?: (connection: Connection) => boolean
}

export interface DhtStreamCounters {
  /** Streams closed at a length prefix over MAX_DHT_MESSAGE_BYTES, or one not minimal. */
  tooLarge: number
  /** Streams closed because they, or their address's streams together, held more than their bound. */
  overBudget: number
  /** Streams closed because what they held did not move on at the minimum rate (a message held unfinished, answers unread). */
  timedOut: number
  /** Streams closed because theirs was the slowest when the node's bound was full. */
  evicted: number
  /** Messages that waited for their address's share of the message rate. */
  delayed: number
  /** Streams closed because their message waited for its share for maxWaitMs. */
  rateLimited: number
  /** Streams reset as they opened: their address had holderStreams open. */
  tooManyStreams: number
  /** Streams closed because theirs was open longest when totalStreams were. */
  streamsEvicted: number
}

/**
 * Each stream open costs about 27 KiB of heap (yamux's, libp2p's and
 * kad-dht's state) however little it carries, and kad-dht keeps one 10 s
 * waiting for a message: 1,024 streams from 2 addresses held 27 MiB, and
 * up to 32 on each of max_connections (1,024) connections could be open,
 * about 860 MiB. An honest peer opens a stream for a request and closes it
 * once answered.
 */
const DEFAULT_HOLDER_STREAMS = 64
const DEFAULT_TOTAL_STREAMS = 1024

/**
 * An address's share holds a tenth of a second's worth at most: kad-dht
 * handles the messages that came together one after the other without
 * yielding (they wait on nothing), at about 160 µs each here, so a burst of
 * a second's worth held the event loop for as long.
 */
const BURST_SECONDS = 0.1

/** The guard of the stream whose messages kad-dht is handling. */
const streamOf = new AsyncLocalStorage<StreamGuard>()

/**
 * Bounds what kad-dht's streams hold (`holderOf` names a connection's
 * sender: its address), and returns the counters of streams closed for it.
 * kad-dht's stream handler and message handler are wrapped, before the DHT
 * starts (it registers its handler at its start). Throws
 * IncompatibleDependencyError when kad-dht no longer has them.
 */
export function boundDhtStreams (dht: unknown, holderOf: (connection: Connection) => string, init: DhtStreamLimitsInit = {}): DhtStreamCounters {
  type Rpc = { onIncomingStream?: (stream: Stream, connection: Connection) => Promise<void>, handleMessage?: (peer: PeerId, message: unknown) => Promise<unknown> }
  const rpc = (dht as { rpc?: Rpc }).rpc
  const onIncoming = rpc?.onIncomingStream
  const handle = rpc?.handleMessage
  if (rpc === undefined || typeof onIncoming !== 'function' || typeof handle !== 'function') throw new IncompatibleDependencyError('@libp2p/kad-dht changed: its RPC has no onIncomingStream(stream, connection) and handleMessage(peer, message) to bound its streams through')
  const counters: DhtStreamCounters = { tooLarge: 0, overBudget: 0, timedOut: 0, evicted: 0, delayed: 0, rateLimited: 0, tooManyStreams: 0, streamsEvicted: 0 }
  const { streamBytes = 2 * MAX_DHT_FRAME_BYTES, holderBytes = 16 * MAX_DHT_FRAME_BYTES, totalBytes = 256 * MAX_DHT_FRAME_BYTES, messagesPerSecond = 2000, maxWaitMs = 5000, holderStreams = DEFAULT_HOLDER_STREAMS, totalStreams = DEFAULT_TOTAL_STREAMS, exempt = () => false, ...timing } = init
  const unfinished = new UnfinishedFrames({ ...timing, peerBytes: holderBytes, totalBytes } satisfies UnfinishedFrameLimitsInit, MAX_DHT_MESSAGE_BYTES, counters)
  const turns = new MessageTurns(new FairShares(messagesPerSecond, BURST_SECONDS), maxWaitMs, counters)
  // The exempt (the domain's own routers) take turns of their own at the same rate: in the strangers' pool,
  // 200 addresses flooding it left a router one message a tenth of a second, 2,000 one a second.
  const ownTurns = new MessageTurns(new FairShares(messagesPerSecond, BURST_SECONDS), maxWaitMs, counters)
  rpc.handleMessage = async (peer, message) => {
    const guard = streamOf.getStore()
    if (guard !== undefined) {
      guard.taken()
      await (guard.exempt ? ownTurns : turns).wait(guard.holder)
    }
    return await handle.call(rpc, peer, message)
  }
  // Open streams not exempt, oldest first, and how many each address has open.
  const open = new Set<Stream>()
  const openBy = new Map<string, number>()
  rpc.onIncomingStream = async (stream, connection) => {
    const holder = holderOf(connection)
    const counted = !exempt(connection)
    if (counted) {
      const held = openBy.get(holder) ?? 0
      if (held >= holderStreams) {
        counters.tooManyStreams++
        stream.abort(new RateLimitExceededError(`${holder} has ${held} DHT streams open, the most one address may`))
        return
      }
      if (open.size >= totalStreams) {
        const oldest = open.values().next().value!
        open.delete(oldest)
        counters.streamsEvicted++
        oldest.abort(new RateLimitExceededError(`the node has ${totalStreams} DHT streams open, and this one was open longest`))
      }
      open.add(stream)
      openBy.set(holder, held + 1)
    }
    const guard = new StreamGuard(stream, holder, !counted, unfinished.meter(holder, (err) => { stream.abort(err) }, !counted), streamBytes, counters)
    try {
      await streamOf.run(guard, async () => { await onIncoming.call(rpc, stream, connection) })
    } finally {
      if (counted) {
        open.delete(stream)
        const left = (openBy.get(holder) ?? 1) - 1
        if (left === 0) openBy.delete(holder)
        else openBy.set(holder, left)
      }
    }
  }
  return counters
}

/**
 * Each address's messages take turns for its share of the message rate,
 * one at a time and in the order they came, so that one timer per address
 * waits, however many of its streams do. Kept until they run out: kad-dht
 * handled the messages of one peer as fast as they came (one connection of
 * 8 streams, sending without reading, had 33,000 handled a second and held
 * the router's event loop up to 2.2 s at a time).
 */
class MessageTurns {
  readonly #shares: FairShares
  readonly #maxWaitMs: number
  readonly #counters: DhtStreamCounters
  /** Each address's last message waiting, and how many wait. */
  readonly #queues = new Map<string, { last: Promise<void>, waiting: number }>()

  constructor (shares: FairShares, maxWaitMs: number, counters: DhtStreamCounters) {
    this.#shares = shares
    this.#maxWaitMs = maxWaitMs
    this.#counters = counters
  }

  /** Resolves when `holder` may have one more message handled; throws RateLimitExceededError after maxWaitMs. */
  async wait (holder: string): Promise<void> {
    const queue = this.#queues.get(holder)
    if (queue === undefined && this.#shares.take(holder, performance.now())) return
    this.#counters.delayed++
    const deadline = performance.now() + this.#maxWaitMs
    const entry = queue ?? { last: Promise.resolve(), waiting: 0 }
    this.#queues.set(holder, entry)
    entry.waiting++
    const turn = entry.last.then(async () => {
      // A message's share comes at the address's even part of the rate: polled at that pace, at least every 10 ms.
      for (;;) {
        const now = performance.now()
        if (now > deadline) {
          this.#counters.rateLimited++
          throw new RateLimitExceededError(`DHT messages from ${holder} waited ${this.#maxWaitMs} ms for their share of ${this.#shares.ratePerSecond} a second`)
        }
        if (this.#shares.take(holder, now)) return
        await sleep(Math.max(10, Math.min(100, 1000 * Math.max(1, this.#shares.active) / this.#shares.ratePerSecond)))
      }
    })
    entry.last = turn.catch(() => {})
    try {
      await turn
    } finally {
      if (--entry.waiting === 0) this.#queues.delete(holder)
    }
  }
}

/**
 * One stream's account: the messages that arrived whole and that kad-dht
 * has not taken yet (it reads one, handles it, answers, then reads the
 * next), the message begun, and its answers waiting to be sent.
 */
class StreamGuard {
  readonly #stream: Stream
  /** The sender's address, whose budgets and share of the message rate the stream's messages take. */
  readonly holder: string
  /** Whether the sender is one of the domain's own routers, whose messages take turns apart from strangers'. */
  readonly exempt: boolean
  readonly #meter: FrameMeter
  readonly #streamBytes: number
  readonly #counters: DhtStreamCounters
  readonly #decoder = new FrameDecoder(MAX_DHT_MESSAGE_BYTES)
  /** Sizes (prefix included) of the whole messages waiting, oldest first. */
  readonly #waiting: number[] = []
  #waitingBytes = 0

  constructor (stream: Stream, holder: string, exempt: boolean, meter: FrameMeter, streamBytes: number, counters: DhtStreamCounters) {
    this.#stream = stream
    this.holder = holder
    this.exempt = exempt
    this.#meter = meter
    this.#streamBytes = streamBytes
    this.#counters = counters
    // Added before kad-dht's own reader, so a message is counted before kad-dht can take it.
    stream.addEventListener('message', (event) => { this.#arrived(event.data) })
    const send = stream.send.bind(stream)
    // An answer past the peer's window waits in the stream's write buffer until the peer reads.
    stream.send = (data) => {
      const sent = send(data)
      this.#update(false)
      return sent
    }
    // The peer read answers: what it holds moved on.
    stream.addEventListener('drain', () => { this.#update(true) })
    stream.addEventListener('idle', () => { this.#update(true) })
    stream.addEventListener('close', () => { meter.close() })
  }

  /** kad-dht took the oldest whole message to handle. (An empty one, which the decoder does not yield, takes none.) */
  taken (): void {
    const size = this.#waiting.shift()
    if (size === undefined) return
    this.#waitingBytes -= size
    this.#update(true)
  }

  #arrived (data: Parameters<FrameDecoder['decode']>[0]): void {
    let completed = false
    try {
      for (const message of this.#decoder.decode(data)) {
        completed = true
        const size = varint.encodingLength(message.byteLength) + message.byteLength
        this.#waiting.push(size)
        this.#waitingBytes += size
      }
    } catch (err) {
      this.#counters.tooLarge++
      this.#close(err as Error)
      return
    }
    this.#update(completed)
  }

  #update (moved: boolean): void {
    if (this.#stream.status !== 'open') return
    const held = this.#waitingBytes + this.#decoder.buffered + this.#stream.writeBufferLength
    try {
      if (held > this.#streamBytes) {
        this.#counters.overBudget++
        throw new UnfinishedFramesError(`a DHT stream holds ${held} bytes of messages not yet handled and answers not yet read, over its ${this.#streamBytes}`)
      }
      this.#meter.update(held, moved, performance.now())
    } catch (err) {
      this.#close(err as Error)
    }
  }

  #close (err: Error): void {
    this.#meter.close()
    this.#stream.abort(err)
  }
}

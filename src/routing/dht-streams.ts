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
 * and the node's (the unfinished frames of src/wire/unfinished-frames.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import * as varint from 'uint8-varint'
import { IncompatibleDependencyError } from '../errors.js'
import { FrameDecoder } from '../wire/index.js'
import { UnfinishedFrames, UnfinishedFramesError, type FrameMeter, type UnfinishedFrameLimitsInit } from '../wire/unfinished-frames.js'
import { MAX_LOOKUP_RECORD_BYTES } from './lookup.js'

/**
 * The largest message a DHT peer sends a router: a PUT_VALUE of the largest
 * lookup record, with its key (twice: in the message and its record), the
 * record's time and the message's fields, well under the 4 KiB added.
 * Requests (GET_VALUE, FIND_NODE, PING) are a key or less.
 */
export const MAX_DHT_MESSAGE_BYTES = MAX_LOOKUP_RECORD_BYTES + 4096

export interface DhtStreamLimitsInit {
  /** Bytes one stream may hold: messages not yet taken by kad-dht and answers not yet sent. @default 2 * MAX_DHT_MESSAGE_BYTES */
  streamBytes?: number
  /** Bytes all streams of one sender's address may hold. @default 16 * MAX_DHT_MESSAGE_BYTES */
  holderBytes?: number
  /** Bytes all streams may hold; past it the slowest are dropped. @default 256 * MAX_DHT_MESSAGE_BYTES */
  totalBytes?: number
  /** As for unfinished PDU frames (UnfinishedFrameLimitsInit). */
  graceMs?: number
  minBytesPerSecond?: number
  stallMs?: number
  checkIntervalMs?: number
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
}

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
  const counters: DhtStreamCounters = { tooLarge: 0, overBudget: 0, timedOut: 0, evicted: 0 }
  const { streamBytes = 2 * MAX_DHT_MESSAGE_BYTES, holderBytes = 16 * MAX_DHT_MESSAGE_BYTES, totalBytes = 256 * MAX_DHT_MESSAGE_BYTES, ...timing } = init
  const unfinished = new UnfinishedFrames({ ...timing, peerBytes: holderBytes, totalBytes } satisfies UnfinishedFrameLimitsInit, MAX_DHT_MESSAGE_BYTES, counters)
  rpc.handleMessage = async (peer, message) => {
    streamOf.getStore()?.taken()
    return await handle.call(rpc, peer, message)
  }
  rpc.onIncomingStream = async (stream, connection) => {
    const guard = new StreamGuard(stream, unfinished.meter(holderOf(connection), (err) => { stream.abort(err) }), streamBytes, counters)
    await streamOf.run(guard, async () => { await onIncoming.call(rpc, stream, connection) })
  }
  return counters
}

/**
 * One stream's account: the messages that arrived whole and that kad-dht
 * has not taken yet (it reads one, handles it, answers, then reads the
 * next), the message begun, and its answers waiting to be sent.
 */
class StreamGuard {
  readonly #stream: Stream
  readonly #meter: FrameMeter
  readonly #streamBytes: number
  readonly #counters: DhtStreamCounters
  readonly #decoder = new FrameDecoder(MAX_DHT_MESSAGE_BYTES)
  /** Sizes (prefix included) of the whole messages waiting, oldest first. */
  readonly #waiting: number[] = []
  #waitingBytes = 0

  constructor (stream: Stream, meter: FrameMeter, streamBytes: number, counters: DhtStreamCounters) {
    this.#stream = stream
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

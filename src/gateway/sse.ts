/**
 * Server-Sent Events: a stream of events taken over from fastify. The
 * client going away aborts `signal`, which ends the subscription or watch
 * that feeds the stream.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { logger } from '@libp2p/logger'
import { InvalidArgumentError } from '../errors.js'
import { errorBody, logFailedAnswer, statusOf, TooManyEventStreamsError } from '../http/errors.js'
import { NO_SNIFF } from '../http/headers.js'

const log = logger('gdp:gateway')

export interface EventStream {
  /** Aborted when the client disconnects or the gateway stops. */
  readonly signal: AbortSignal
  /** Sends one event; `id` is what the client sends back as Last-Event-ID to resume after it. */
  send: (event: string, data: unknown, id?: string) => Promise<void>
  /**
   * Sends an event that every stream asking with the same `key` sends
   * alike (one change, to all the watchers of a capsule that asked for it in
   * the same form): its frame is built from `data()` once and shared.
   */
  sendShared: (key: string, event: string, data: () => unknown, id?: string) => Promise<void>
  /** Sends an error event and ends the stream. */
  fail: (err: Error) => void
  end: () => void
}

export interface EventStreamsInit {
  /** An idle stream gets a comment line this often; a stream that took nothing of what it holds over `maxBufferedBytes` since the last one is ended then. */
  keepAliveMs: number
  /** Streams open at once at most. */
  maxStreams: number
  /** Unsent bytes a stream may hold before a client that takes none of them is taken to have stopped reading. */
  maxBufferedBytes: number
  /** Aborted when the gateway stops: open streams end. */
  stopping: () => AbortSignal
  /** Bytes of shared event frames kept for the streams that have not sent them yet. @default 64 MiB */
  maxSharedFrameBytes?: number
  /** Unsent bytes all streams hold together (a frame that several hold counted once); past it the stream stuck longest is ended, and the next, until within. @default 128 MiB */
  maxTotalBufferedBytes?: number
}

/** What the event streams hold and how many were ended for their clients not reading. */
export interface EventStreamCounters {
  /** Streams open now. */
  readonly open: number
  /** Bytes the streams have written that their sockets have not taken yet, a frame several hold counted once. */
  readonly unsentBytes: number
  /** Streams ended because their client took nothing: between two keep-alives, holding over `maxBufferedBytes` (stalled); to bring all streams back within `maxTotalBufferedBytes` (overBudget). */
  readonly closedUnread: { readonly stalled: number, readonly overBudget: number }
}

/** A write a stream's socket has not taken yet. */
interface Pending {
  readonly chunk: string | Buffer
  readonly bytes: number
  /** When it was written, in the order of all writes of all streams: the stream whose oldest pending write is the oldest is the one stuck longest. */
  readonly order: number
  released: boolean
}

const frameOf = (event: string, data: unknown, id: string | undefined): string => `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`

/**
 * The frames of events that many streams send alike, built once: each
 * watcher of a capsule encoded a 4 MiB value as its own JSON text (about
 * 30 MB built and copied per watcher), so one write with 256 watchers
 * stopped the node for a minute and took 7 GB. A frame is one Buffer that
 * every stream writes, and whose unsent part they all hold, as one.
 */
class SharedFrames {
  /** Least recently used first. */
  readonly #frames = new Map<string, Buffer>()
  #bytes = 0

  constructor (readonly maxBytes: number) {}

  frame (key: string, build: () => Buffer): Buffer {
    let frame = this.#frames.get(key)
    if (frame !== undefined) {
      this.#frames.delete(key)
      this.#frames.set(key, frame)
      return frame
    }
    frame = build()
    this.#frames.set(key, frame)
    this.#bytes += frame.length
    for (const [k, f] of this.#frames) {
      if (this.#bytes <= this.maxBytes || k === key) break
      this.#frames.delete(k)
      this.#bytes -= f.length
    }
    return frame
  }
}

/**
 * The event streams of one gateway: how many are open at once, and how much
 * a client that stopped reading may leave unsent in each. Without a bound,
 * streams that never read hold a value or more each, as many as are opened.
 */
export class EventStreams {
  readonly #init: EventStreamsInit
  readonly #shared: SharedFrames
  readonly #maxTotal: number
  #open = 0
  /** Bytes written and not taken by the sockets, each shared frame once, and how many streams hold each shared frame. */
  #unsent = 0
  readonly #holders = new Map<Buffer, number>()
  /** The open streams' pending writes (oldest first), and how to end each stream. */
  readonly #streams = new Map<Pending[], () => void>()
  #order = 0
  readonly #closedUnread = { stalled: 0, overBudget: 0 }

  constructor (init: EventStreamsInit) {
    this.#init = init
    this.#shared = new SharedFrames(init.maxSharedFrameBytes ?? 64 * 1024 * 1024)
    this.#maxTotal = init.maxTotalBufferedBytes ?? 128 * 1024 * 1024
  }

  get counters (): EventStreamCounters {
    return { open: this.#open, unsentBytes: this.#unsent, closedUnread: { ...this.#closedUnread } }
  }

  #hold (entry: Pending, shared: boolean): void {
    if (!shared) { this.#unsent += entry.bytes; return }
    const frame = entry.chunk as Buffer
    const n = this.#holders.get(frame) ?? 0
    if (n === 0) this.#unsent += entry.bytes
    this.#holders.set(frame, n + 1)
  }

  #release (entry: Pending): void {
    if (entry.released) return
    entry.released = true
    const n = this.#holders.get(entry.chunk as Buffer)
    if (n === undefined) { this.#unsent -= entry.bytes; return }
    if (n > 1) { this.#holders.set(entry.chunk as Buffer, n - 1); return }
    this.#holders.delete(entry.chunk as Buffer)
    this.#unsent -= entry.bytes
  }

  /** Past the budget: ends the streams stuck longest (their oldest unsent write the oldest) until the rest hold no more than it. */
  #keepWithinBudget (): void {
    while (this.#unsent > this.#maxTotal) {
      let stuckLongest: Pending[] | undefined
      for (const pending of this.#streams.keys()) {
        if (pending.length > 0 && (stuckLongest === undefined || pending[0]!.order < stuckLongest[0]!.order)) stuckLongest = pending
      }
      if (stuckLongest === undefined) return
      this.#closedUnread.overBudget++
      this.#streams.get(stuckLongest)!()
    }
  }

  /**
   * Answers 200 text/event-stream and hands back the stream; past
   * `maxStreams` open, TooManyEventStreamsError (503) before anything is
   * sent. A comment line every `keepAliveMs` keeps proxies from closing an
   * idle stream and finds a client that went away without closing.
   */
  open (reply: FastifyReply): EventStream {
    const { keepAliveMs, maxStreams, maxBufferedBytes } = this.#init
    if (this.#open >= maxStreams) throw new TooManyEventStreamsError(`this gateway serves ${maxStreams} event streams at once, all open; close one or try again later`)
    const stopping = this.#init.stopping()
    this.#open++
    const controller = new AbortController()
    const res = reply.raw
    reply.hijack()
    res.writeHead(200, {
      ...NO_SNIFF,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies such as nginx buffer answers unless told not to; events must go out as they come.
      'x-accel-buffering': 'no'
    })
    // Bytes handed to the response, and what was still unsent at the last keep-alive: what the client took between two is the difference.
    let written = 0
    let writtenAtBeat = 0
    let unsentAtBeat = 0
    // Writes the socket has not taken, oldest first: each leaves when its callback says the socket took it (they come in order).
    const pending: Pending[] = []
    let keepAlive: ReturnType<typeof setInterval> | undefined
    let closed = false
    // The stream ends (its client left, the gateway stops, the source ended): what it wrote may still be on its way.
    const close = (): void => {
      if (closed) return
      closed = true
      this.#open--
      clearInterval(keepAlive)
      stopping.removeEventListener('abort', end)
      controller.abort()
    }
    const end = (): void => {
      close()
      if (!res.writableEnded) res.end()
    }
    // The socket is gone: nothing it held is held any more.
    const letGo = (): void => {
      this.#streams.delete(pending)
      for (const entry of pending.splice(0)) this.#release(entry)
    }
    // Ended for its client not reading: what it holds is let go now, not once the socket has closed.
    const cutOff = (): void => {
      close()
      letGo()
      res.destroy()
    }
    const write = (chunk: string | Buffer, shared = false): boolean => {
      const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      written += bytes
      const entry: Pending = { chunk, bytes, order: this.#order++, released: false }
      pending.push(entry)
      this.#hold(entry, shared)
      const more = res.write(chunk, () => {
        if (pending[0] === entry) pending.shift()
        this.#release(entry)
      })
      this.#keepWithinBudget()
      return more
    }
    this.#streams.set(pending, cutOff)
    res.on('close', () => { close(); letGo() })
    stopping.addEventListener('abort', end)
    // A client that left while the stream was set up (the capsule looked up): its close came before anyone listened
    // for it, and the stream, its place and its watch were kept for ever.
    if (res.destroyed || res.socket?.destroyed !== false) { close(); letGo() } else write(': stream open\n\n')
    if (stopping.aborted) end()
    if (!closed) {
      keepAlive = setInterval(() => {
        const unsent = res.writableLength
        const taken = (written - writtenAtBeat) - (unsent - unsentAtBeat)
        // A client that stopped reading: its stream holds more than the bound unsent and took none of it since the last beat.
        if (unsent > maxBufferedBytes && taken <= 0) { this.#closedUnread.stalled++; cutOff(); return }
        write(': keep-alive\n\n')
        writtenAtBeat = written
        unsentAtBeat = res.writableLength
      }, keepAliveMs)
    }
    const shared = this.#shared
    const send = async (frame: () => string | Buffer, isShared = false): Promise<void> => {
      if (res.writableEnded || res.destroyed) return
      // A slow reader: wait for the socket to drain rather than buffer an unbounded backlog here.
      if (!write(frame(), isShared)) {
        await new Promise<void>((resolve) => {
          const done = (): void => { res.off('drain', done); res.off('close', done); resolve() }
          res.on('drain', done)
          res.on('close', done)
        })
      }
    }
    return {
      signal: controller.signal,
      async send (event, data, id) {
        await send(() => frameOf(event, data, id))
      },
      async sendShared (key, event, data, id) {
        await send(() => shared.frame(key, () => Buffer.from(frameOf(event, data(), id))), true)
      },
      fail (err) {
        const status = statusOf(err)
        // A watch's source failed on the node's side: the client's event names the kind, the log says why.
        logFailedAnswer(log, `${reply.request.method} ${reply.request.url}: the event stream ends`, err, status)
        if (!res.writableEnded && !res.destroyed) write(`event: error\ndata: ${JSON.stringify(errorBody(err, status))}\n\n`)
        end()
      },
      end
    }
  }
}

/** Where a stream resumes: the Last-Event-ID header when the client sends one (a reconnect), else the query's value. */
export function resumeFrom (request: FastifyRequest, fromQuery: number | undefined): number | undefined {
  const header = request.headers['last-event-id']
  if (typeof header === 'string' && header.length > 0) {
    if (!/^\d{1,15}$/.test(header)) throw new InvalidArgumentError(`Last-Event-ID '${header}' is not an event id this stream sent (a whole number)`)
    return Number(header)
  }
  return fromQuery
}

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
import { isStuck, Looks, STUCK_LOOKS, took, type LookedAt, type StuckWindow } from './stuck-clients.js'

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
  /** Bytes of shared event frames kept for the streams that have not sent them yet, each with its key and its entry's overhead (sharedFrameEntryBytes). @default 64 MiB */
  maxSharedFrameBytes?: number
  /**
   * Unsent bytes all streams hold together (a frame that several hold counted once). An event is written only while they
   * hold less (it waits for room before it is built), so they hold at most this and the one event that passed it; while
   * there is no room, the stream whose client has taken nothing longest, stuckWindow.stuckMs or more (up to its mostMs after its socket took much at once), is ended, and the next. @default 128 MiB
   */
  maxTotalBufferedBytes?: number
  /** When a client counts as stuck, to be ended for room under maxTotalBufferedBytes. @default DEFAULT_STUCK_WINDOW */
  stuckWindow?: StuckWindow
}

/** What the event streams hold and how many were ended for their clients not reading. */
export interface EventStreamCounters {
  /** Streams open now. */
  readonly open: number
  /** Bytes the streams have written that their sockets have not taken yet, a frame several hold counted once. */
  readonly unsentBytes: number
  /** Events of open streams waiting for room under `maxTotalBufferedBytes`. */
  readonly waitingEvents: number
  /** Streams ended because their client took nothing: between two keep-alives, holding over `maxBufferedBytes` (stalled); to bring all streams back within `maxTotalBufferedBytes` (overBudget). */
  readonly closedUnread: { readonly stalled: number, readonly overBudget: number }
}

/** A write a stream's socket has not taken yet. */
interface Pending {
  readonly chunk: string | Buffer
  readonly bytes: number
  released: boolean
}

/** An open stream, as the budget sees it (moved: its socket took some of what it holds, or it began to hold some). */
interface OpenStream extends LookedAt {
  /** Its writes the socket has not taken yet, oldest first. */
  readonly pending: Pending[]
  /** Ends it for its client not reading, letting go of what it holds at once. */
  readonly cutOff: () => void
}

/** A frame is handed to the socket this much at a time, to see a client take a large event slowly (not stopped). */
const FRAME_SLICE = 256 * 1024

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
    this.#bytes += sharedFrameEntryBytes(key, frame)
    for (const [k, f] of this.#frames) {
      if (this.#bytes <= this.maxBytes || k === key) break
      this.#frames.delete(k)
      this.#bytes -= sharedFrameEntryBytes(k, f)
    }
    return frame
  }
}

/**
 * Memory a kept frame takes besides its bytes and its key's characters:
 * the Buffer object, its own ArrayBuffer (sharedFrameOf) and the map's
 * entry. Measured on Node 20 (the process's RSS after gc, 200,000 entries
 * of 34-byte frames under 78-character keys, as the gateway keys records):
 * 418 bytes an entry, 306 beyond the frame and the key (as slices of the
 * shared pool, 254 and 142, but a kept slice could hold its 8 KiB chunk).
 * Counted only by frame bytes, frames of tiny events took several times
 * the budget.
 */
export const SHARED_FRAME_ENTRY_OVERHEAD_BYTES = 320

/**
 * A frame to keep, in memory of its own. Buffer.from takes a text under
 * 4 KiB into a slice of an 8 KiB pool that other allocations share: kept,
 * each such frame could hold a whole pool chunk alive, some 20 to 40 times
 * what it counts, once the other slices were garbage.
 */
export function sharedFrameOf (text: string): Buffer {
  const frame = Buffer.allocUnsafeSlow(Buffer.byteLength(text))
  frame.write(text)
  return frame
}

/** What one kept frame counts against maxSharedFrameBytes. */
export const sharedFrameEntryBytes = (key: string, frame: Buffer): number => frame.length + key.length + SHARED_FRAME_ENTRY_OVERHEAD_BYTES

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
  readonly #streams = new Set<OpenStream>()
  /** Events waiting for room to be written, in the order they asked; and whether one let in has yet to write. */
  readonly #waiting: Array<{ stream: OpenStream, resolve: (letIn: boolean) => void }> = []
  #letIn = false
  readonly #looks: Looks
  readonly #closedUnread = { stalled: 0, overBudget: 0 }

  constructor (init: EventStreamsInit) {
    this.#init = init
    this.#shared = new SharedFrames(init.maxSharedFrameBytes ?? 64 * 1024 * 1024)
    this.#maxTotal = init.maxTotalBufferedBytes ?? 128 * 1024 * 1024
    this.#looks = new Looks(() => { this.#look() }, init.stuckWindow)
  }

  get counters (): EventStreamCounters {
    return { open: this.#open, unsentBytes: this.#unsent, waitingEvents: this.#waiting.length, closedUnread: { ...this.#closedUnread } }
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
    if (n !== undefined && n > 1) { this.#holders.set(entry.chunk as Buffer, n - 1); return }
    if (n !== undefined) this.#holders.delete(entry.chunk as Buffer)
    this.#unsent -= entry.bytes
    this.#admit()
  }

  /**
   * Waits until an event of `stream` may be written: while the streams hold
   * the budget or more, events wait, in the order they came, and are let in
   * one at a time (each takes its room by writing). An event larger than
   * the budget goes once they hold less, and is then alone past it: a
   * stream that reads takes every event, however large (one larger than
   * the budget had its stream ended at every try, and a resumed one again).
   */
  async #room (stream: OpenStream): Promise<boolean> {
    return await new Promise<boolean>((resolve) => {
      this.#waiting.push({ stream, resolve })
      this.#admit()
    })
  }

  /** The event let in has been written (or its stream ended first): the next may go. */
  #written (): void {
    this.#letIn = false
    this.#admit()
  }

  /** Lets the event waiting longest go (the next once it has written), while the streams hold less than the budget. */
  #admit (): void {
    while (!this.#letIn && this.#waiting.length > 0) {
      const next = this.#waiting[0]!
      const open = this.#streams.has(next.stream)
      if (open && this.#unsent >= this.#maxTotal) break
      this.#waiting.shift()
      // An ended stream's event goes at once, and writes nothing.
      if (open) this.#letIn = true
      next.resolve(open)
    }
    // Streams hold writes, or events wait: look at them while they do.
    this.#looks.keep(this.#unsent > 0 || this.#waiting.length > 0)
  }

  /**
   * Counts the looks in a row that found each stream holding writes and
   * none taken; then, with events waiting for room or bytes past the
   * budget, ends the streams stuck (src/gateway/stuck-clients.ts), the one
   * stuck longest first, until there is room or none is stuck. A client that
   * takes what it is sent, however slowly, keeps its stream: the others'
   * events wait (they were ended as soon as the events under way together
   * passed the budget, clients reading at full speed included).
   */
  #look (): void {
    for (const stream of this.#streams) this.#looks.count(stream, stream.pending.length > 0)
    while (this.#unsent > this.#maxTotal || (this.#waiting.length > 0 && this.#unsent >= this.#maxTotal)) {
      let stuckLongest: OpenStream | undefined
      for (const stream of this.#streams) {
        if (isStuck(stream) && (stuckLongest === undefined || stream.quietLooks > stuckLongest.quietLooks)) stuckLongest = stream
      }
      if (stuckLongest === undefined) break
      this.#closedUnread.overBudget++
      stuckLongest.cutOff()
    }
    this.#admit()
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
    const self: OpenStream = { pending, moved: false, movedBytes: 0, quietLooks: 0, allowedLooks: STUCK_LOOKS, cutOff: () => { cutOff() } }
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
    // Ends the answer once the socket was handed what the stream wrote (ended at once, it cut a frame short).
    let ending = false
    const end = (): void => {
      close()
      ending = true
      handOver()
    }
    // The socket is gone: nothing it held is held any more, and its event waiting for room goes now, writing nothing.
    // Left in line until the events before it went, it kept its record or value, and its watch, as long as they waited:
    // streams opened and left while a slow client held the budget piled up, each with its event, beyond maxStreams.
    const letGo = (): void => {
      this.#streams.delete(self)
      slices.splice(0)
      queued = 0
      for (const entry of pending.splice(0)) this.#release(entry)
      for (const resolve of untilTaken.splice(0)) resolve()
      for (let i = this.#waiting.length - 1; i >= 0; i--) {
        if (this.#waiting[i]!.stream === self) this.#waiting.splice(i, 1)[0]!.resolve(false)
      }
      this.#admit()
    }
    // Ended for its client not reading: what it holds is let go now, not once the socket has closed.
    const cutOff = (): void => {
      close()
      letGo()
      res.destroy()
    }
    // Slices written and not yet handed to the socket, and their bytes. The socket is handed one slice at a time, the
    // next once it took the one before: handed a whole frame, it joined the slices into one write, whose slices were all
    // seen taken at once when the last was, so a client reading a large event slowly took nothing for seconds, as the
    // looks saw it, and was ended as stuck. Seen one by one, the bytes its socket took give it the time to read them.
    const slices: Array<{ slice: string | Buffer, taken: () => void }> = []
    let queued = 0
    let handing = false
    // What waits for a write to be taken (or the stream to close).
    const untilTaken: Array<() => void> = []
    const handOver = (): void => {
      if (handing || res.destroyed) return
      const next = slices.shift()
      if (next === undefined) {
        if (ending && !res.writableEnded) res.end()
        return
      }
      queued -= typeof next.slice === 'string' ? Buffer.byteLength(next.slice) : next.slice.length
      handing = true
      res.write(next.slice, () => { handing = false; next.taken(); handOver() })
    }
    /** Writes `chunk`; resolves once the socket took all of it, or the stream closed. */
    const write = async (chunk: string | Buffer, shared = false): Promise<void> => {
      const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
      written += bytes
      queued += bytes
      const entry: Pending = { chunk, bytes, released: false }
      if (pending.length === 0) took(self, 0)
      pending.push(entry)
      this.#hold(entry, shared)
      let resolveWhole = (): void => {}
      const whole = new Promise<void>((resolve) => { resolveWhole = resolve })
      untilTaken.push(resolveWhole)
      const frame = bytes <= FRAME_SLICE || typeof chunk !== 'string' ? chunk : Buffer.from(chunk)
      for (let at = 0; at < bytes; at += FRAME_SLICE) {
        const slice = bytes <= FRAME_SLICE ? frame : (frame as Buffer).subarray(at, at + FRAME_SLICE)
        const sliceBytes = Math.min(FRAME_SLICE, bytes - at)
        const last = at + FRAME_SLICE >= bytes
        slices.push({
          slice,
          taken: () => {
            // The bytes the socket took, for the time its client is given to read them (src/gateway/stuck-clients.ts).
            took(self, sliceBytes)
            if (!last) return
            if (pending[0] === entry) pending.shift()
            this.#release(entry)
            const i = untilTaken.indexOf(resolveWhole)
            if (i >= 0) untilTaken.splice(i, 1)
            resolveWhole()
          }
        })
      }
      handOver()
      this.#admit()
      await whole
    }
    this.#streams.add(self)
    res.on('close', () => { close(); letGo() })
    stopping.addEventListener('abort', end)
    // A client that left while the stream was set up (the capsule looked up): its close came before anyone listened
    // for it, and the stream, its place and its watch were kept for ever.
    if (res.destroyed || res.socket?.destroyed !== false) { close(); letGo() } else void write(': stream open\n\n')
    if (stopping.aborted) end()
    if (!closed) {
      keepAlive = setInterval(() => {
        const unsent = res.writableLength + queued
        const taken = (written - writtenAtBeat) - (unsent - unsentAtBeat)
        // A client that stopped reading: its stream holds more than the bound unsent and took none of it since the last beat.
        if (unsent > maxBufferedBytes && taken <= 0) { this.#closedUnread.stalled++; cutOff(); return }
        void write(': keep-alive\n\n')
        writtenAtBeat = written
        unsentAtBeat = res.writableLength + queued
      }, keepAliveMs)
    }
    const shared = this.#shared
    const send = async (frame: () => string | Buffer, isShared = false): Promise<void> => {
      if (ending || res.destroyed) return
      const letIn = await this.#room(self)
      let taken: Promise<void>
      try {
        if (ending || res.destroyed) return
        taken = write(frame(), isShared)
      } finally {
        if (letIn) this.#written()
      }
      // A slow reader (slices of it wait to be handed over, or the socket holds past its bound): wait for the socket to
      // take the event rather than buffer an unbounded backlog here.
      if (queued > 0 || res.writableNeedDrain) await taken
    }
    return {
      signal: controller.signal,
      async send (event, data, id) {
        await send(() => frameOf(event, data, id))
      },
      async sendShared (key, event, data, id) {
        await send(() => shared.frame(key, () => sharedFrameOf(frameOf(event, data(), id))), true)
      },
      fail (err) {
        const status = statusOf(err)
        // A watch's source failed on the node's side: the client's event names the kind, the log says why.
        logFailedAnswer(log, `${reply.request.method} ${reply.request.url}: the event stream ends`, err, status)
        if (!ending && !res.destroyed) void write(`event: error\ndata: ${JSON.stringify(errorBody(err, status))}\n\n`)
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

/**
 * How long an event stream waits for its client to take an event with its
 * watch (and the capsule's subscription under it) still open: past it the
 * watch is let go, and taken up again from after that event once the client
 * took it. The subscription kept what came meanwhile (up to the client
 * library's 8 MiB) for a client that may never read: 100 streams whose
 * clients stopped reading held 1.25 GB of a node, uncounted by the event
 * streams' budget (found by attacking the gateway).
 */
const SLOW_CLIENT_MS = 1000

/**
 * Sends what `watch(from)` gives, one event each (`send`), until it ends or
 * `signal` aborts; an event its client is slow to take is waited for with
 * the watch let go (SLOW_CLIENT_MS), and the watch opened again from after
 * it (`nextOf`, where its id says to resume): nothing lost or sent twice.
 */
export async function sendLettingGoWhenSlow<T> (watch: (from: number) => AsyncGenerator<T>, from: number, send: (item: T) => Promise<void>, nextOf: (item: T) => number, signal: AbortSignal): Promise<void> {
  let next = from
  for (let slow: Promise<void> | undefined; !signal.aborted; slow = undefined) {
    for await (const item of watch(next)) {
      const sent = send(item)
      next = nextOf(item)
      if (!await settlesWithin(sent, SLOW_CLIENT_MS)) { slow = sent; break }
    }
    if (slow === undefined) break
    await slow
  }
}

/** Whether `promise` settles within `ms` (rejects as it does). */
async function settlesWithin (promise: Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<boolean>((resolve) => { timer = setTimeout(() => { resolve(false) }, ms) })
  try {
    return await Promise.race([promise.then(() => true), late])
  } finally {
    clearTimeout(timer)
  }
}

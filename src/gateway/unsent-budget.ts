/**
 * Bytes the gateway has read or built for its clients and they have not
 * taken yet, under one budget each for file downloads and for answers built
 * whole (a page of records, a value, a listing); and room reserved for file
 * uploads under a third. Each download read up to
 * 64 chunks (about 4 MiB) ahead of its client, and each answer was held
 * whole until its client took it (a page of 16 MiB of records is some
 * 50 MB as JSON text and its bytes): 200 clients that asked for a large
 * file and read nothing held 850 MB of the node's memory, 30 that asked for
 * a page of records 1.5 GB, and the 1,024 connections the gateway admits
 * could hold tens of GB (found by attacking the gateway). And it counted
 * an answer only once built, refusing the next at once when there was no
 * room: 13 of 16 clients that asked for a page of 8 MiB at once under a
 * 40 MiB budget were refused though room came within a second, and
 * nothing bounded how many answers were read at once (records coming back
 * from many servers together). An answer now reserves room before it
 * reads. Past the budget the download or answer whose
 * client has taken nothing longest, and is stuck (src/gateway/stuck-clients.ts), is cut
 * off to make room; failing that, a download waits before it reads on, an
 * answer waits before it reads (and is refused, 503, once it waited its
 * time), and an answer built past the room it reserved is refused.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { Readable } from 'node:stream'
import { logger } from '@libp2p/logger'
import type { FastifyReply } from 'fastify'
import { ServerBusyError } from '../errors.js'
import { NO_SNIFF } from '../http/headers.js'
import { DEFAULT_STUCK_WINDOW, isStuck, Looks, STUCK_LOOKS, took, type LookedAt, type StuckWindow } from './stuck-clients.js'

const log = logger('gdp:gateway')

/** An answer built whole is handed to its socket this much at a time, to see its client take it. */
const ANSWER_SLICE = 256 * 1024

/** What the downloads, answers or uploads under a budget hold, and how many were cut off or refused. */
export interface UnsentCounters {
  /** Downloads, answers or uploads under way, or waiting for room. */
  readonly open: number
  /** Bytes they have read (or are reading) or built that their clients have not taken yet, and room they reserved. */
  readonly heldBytes: number
  /** Cut off, their clients stuck longest, to keep the others within the budget. */
  readonly closedOverBudget: number
  /** Answers refused (503) because the budget was held by answers whose clients were still taking them. */
  readonly refused: number
}

class DownloadEnded extends Error {}

/** One download's or answer's share of the budget, and whether its client takes what it is sent (src/gateway/stuck-clients.ts). */
class Lease implements LookedAt {
  /** Bytes it holds against the budget. */
  held = 0
  /** Its writes the socket has not taken yet (an answer: one, until it has been handed over). */
  untaken = 0
  moved = false
  movedBytes = 0
  quietLooks = 0
  allowedLooks = STUCK_LOOKS
  closed = false
  /** Wakes a send waiting for its socket to drain: set while it waits. */
  wake: (() => void) | undefined

  constructor (readonly response: ServerResponse) {}
}

interface Waiter { lease: Lease, bytes: number, resolve: () => void, reject: (err: Error) => void }

export class UnsentBudget {
  readonly #maxBytes: number
  readonly #leases = new Set<Lease>()
  /** The leases of requests that reserved room (reserve), by response. */
  readonly #reserved = new WeakMap<ServerResponse, Lease>()
  readonly #waiting: Waiter[] = []
  #held = 0
  #closedOverBudget = 0
  #refused = 0
  readonly #looks: Looks

  readonly #roomWaitMs: number

  readonly #what: string

  /**
   * `what`: what the budget holds bytes for, as an error names it
   * ('answers'); `roomWaitMs`: how long a reservation waits for room
   * (reserve) before it is refused. Room comes back as clients take their
   * answers and requests end, and at once from an answer whose client is
   * stuck (`stuckWindow`).
   */
  constructor (maxBytes: number, what: string, roomWaitMs = 0, stuckWindow: StuckWindow = DEFAULT_STUCK_WINDOW) {
    this.#maxBytes = maxBytes
    this.#what = what
    this.#roomWaitMs = roomWaitMs
    this.#looks = new Looks(() => { this.#look() }, stuckWindow)
  }

  get counters (): UnsentCounters {
    return { open: this.#leases.size, heldBytes: this.#held, closedOverBudget: this.#closedOverBudget, refused: this.#refused }
  }

  /**
   * Takes an answer built whole under the budget and gives it back as a
   * stream of slices, each handed to the socket once it took the one before
   * (so a client still taking it, however slowly, is seen to): held until it
   * has been handed over in full or closed. Undefined, and nothing taken,
   * when the budget has no room for it even after cutting off the stuck;
   * nothing to send, and nothing taken, when its client has left.
   */
  holdAnswer (res: ServerResponse, body: Buffer): Readable | undefined {
    const share = Math.min(body.length, this.#maxBytes)
    const reserved = this.#reserved.get(res)
    // Its client left while it was built: its lease was let go (or would never be), and holding it counted its bytes for ever.
    if (res.destroyed || reserved?.closed === true) return Readable.from([])
    const lease = reserved ?? new Lease(res)
    // Built within what it reserved: the surplus goes back. Built past it (or reserved nothing): the rest is taken now or the answer is refused.
    if (share <= lease.held) this.#release(lease, lease.held - share)
    while (this.#held + share - lease.held > this.#maxBytes) {
      if (!this.#cutStuckLongest()) {
        this.#refused++
        return undefined
      }
    }
    this.#held += share - lease.held
    lease.held = share
    if (reserved === undefined) this.#open(lease)
    lease.untaken = 1
    async function * slices (): AsyncGenerator<Buffer> {
      for (let at = 0; at < body.length; at += ANSWER_SLICE) {
        // Asked for the next slice: the socket took the one before, and the client is not stuck.
        took(lease, at === 0 ? 0 : ANSWER_SLICE)
        yield body.subarray(at, at + ANSWER_SLICE)
      }
      // Asked past the last: the socket took the slice before it (unmarked, a client had two slices to take unseen).
      took(lease, ANSWER_SLICE)
    }
    const stream = Readable.from(slices(), { objectMode: false, highWaterMark: ANSWER_SLICE })
    // A slice it still holds keeps the whole answer's memory.
    const destroy = (): void => { stream.destroy() }
    res.once('finish', destroy)
    res.once('close', destroy)
    return stream
  }

  /**
   * Reserves `bytes` for the work on request `res` (an answer it will
   * build, a file it will store), before that work reads anything: it
   * starts once the work under the budget leaves that much room, so no
   * number of requests at once holds much more than the budget (each at
   * most what it reserved; an answer that needs more takes it once built,
   * holdAnswer). Waits for room (cutting off the stuck, as for a download)
   * at most its wait, then throws ServerBusyError. What is reserved is held
   * until the request is answered, or an answer brought to its size once
   * built.
   */
  async reserve (res: ServerResponse, bytes: number): Promise<void> {
    const lease = new Lease(res)
    this.#reserved.set(res, lease)
    this.#open(lease)
    const admitted = this.#waitForRoom(lease, Math.min(bytes, this.#maxBytes))
    const timer = setTimeout(() => {
      const at = this.#waiting.findIndex((w) => w.lease === lease)
      if (at < 0) return
      const [waiter] = this.#waiting.splice(at, 1)
      this.#refused++
      waiter!.reject(new ServerBusyError(`the gateway holds ${this.#held} bytes for the ${this.#what} under way, its limit, and had no room for this one within ${this.#roomWaitMs / 1000} s; try again shortly`))
      this.#admit()
    }, this.#roomWaitMs)
    try {
      await admitted
    } finally {
      clearTimeout(timer)
    }
  }

  /** Counts `lease` under the budget until its response ends. */
  #open (lease: Lease): void {
    this.#leases.add(lease)
    this.#looks.keep(true)
    // Its client left before it began ('finish' and 'close' will not come again): it ends now, and reads for it no room.
    if (lease.response.destroyed) {
      this.#close(lease)
      return
    }
    const close = (): void => { this.#close(lease) }
    lease.response.once('finish', close)
    lease.response.once('close', close)
  }

  /** Gives back `bytes` of what `lease` holds. */
  #release (lease: Lease, bytes: number): void {
    if (bytes <= 0) return
    lease.held -= bytes
    this.#held -= bytes
    this.#admit()
  }

  /**
   * Sends a file's bytes as the answer `reply` has set up (status and
   * headers): `read(hold)` reads them, awaiting `hold` before each stretch
   * it reads. The first stretch is read before the answer starts, so a read
   * that fails at once is a JSON error; one that fails later cuts the answer
   * short, as does a cut for the budget.
   */
  async send (reply: FastifyReply, read: (hold: (bytes: number) => Promise<void>) => AsyncGenerator<Uint8Array>): Promise<void> {
    const res = reply.raw
    const lease = new Lease(res)
    this.#open(lease)
    const chunks = read(async (bytes) => { await this.#hold(lease, bytes) })
    try {
      let next = await chunks.next()
      // Written here rather than through fastify, to know when the socket has taken each write.
      reply.hijack()
      res.writeHead(reply.statusCode, { ...reply.getHeaders(), ...NO_SNIFF } as OutgoingHttpHeaders)
      while (next.done !== true && !res.destroyed && !lease.closed) {
        const part = next.value
        lease.untaken++
        const more = res.write(part, () => { this.#taken(lease, part.length) })
        if (!more) await drained(res, lease)
        if (!res.destroyed && !lease.closed) next = await chunks.next()
      }
      // Closed with its connection before its turn (pipelined behind another): it will never be sent.
      if (lease.closed && !res.destroyed) res.destroy()
      if (!res.destroyed) res.end()
    } catch (err) {
      if (!reply.sent) throw err
      // The answer has begun: all that is left is to cut it short.
      if (!res.destroyed) log('%s %s: the download ends early: %s', reply.request.method, reply.request.url, (err as Error).message)
      res.destroy()
    } finally {
      // The reads ahead stop; what the lease holds is let go when the answer closes.
      await chunks.return(undefined).catch(() => {})
    }
  }

  async #hold (lease: Lease, bytes: number): Promise<void> {
    // A stretch larger than the whole budget takes all of it, once nothing else is held.
    await this.#waitForRoom(lease, Math.min(bytes, this.#maxBytes))
  }

  async #waitForRoom (lease: Lease, bytes: number): Promise<void> {
    // Room taken for an ended download or request would be held for ever.
    if (lease.closed) throw new DownloadEnded('the download has ended')
    await new Promise<void>((resolve, reject) => {
      this.#waiting.push({ lease, bytes, resolve, reject })
      this.#admit()
    })
  }

  /** The socket took a write of `bytes`: they are held no more. */
  #taken (lease: Lease, bytes: number): void {
    lease.untaken--
    took(lease, bytes)
    const freed = Math.min(bytes, lease.held)
    lease.held -= freed
    this.#held -= freed
    this.#admit()
  }

  #close (lease: Lease): void {
    if (lease.closed) return
    lease.closed = true
    lease.wake?.()
    this.#leases.delete(lease)
    this.#looks.keep(this.#leases.size > 0)
    this.#held -= lease.held
    lease.held = 0
    for (let i = this.#waiting.length - 1; i >= 0; i--) {
      const waiter = this.#waiting[i]!
      if (waiter.lease !== lease) continue
      this.#waiting.splice(i, 1)
      waiter.reject(new DownloadEnded('the download has ended'))
    }
    this.#admit()
  }

  /**
   * Lets waiting reads go on, in the order they asked, while the budget has
   * room: making room by cutting off stuck downloads, else waiting for bytes
   * to be taken. A stuck download's own reads ahead wait without cutting
   * others off: its client is not taking what it holds already.
   */
  #admit (): void {
    for (let i = 0; i < this.#waiting.length;) {
      const waiter = this.#waiting[i]!
      if (this.#held + waiter.bytes > this.#maxBytes) {
        if (isStuck(waiter.lease)) { i++; continue }
        if (this.#cutStuckLongest()) continue
        break
      }
      this.#waiting.splice(i, 1)
      waiter.lease.held += waiter.bytes
      this.#held += waiter.bytes
      waiter.resolve()
    }
  }

  /** A look at every download and answer (while any is open): counts who took nothing since the last, then lets waiting reads go on, cutting off the stuck if they need the room. */
  #look (): void {
    for (const lease of this.#leases) {
      // An answer pipelined behind another on its connection has no socket yet: the one in front is looked at, not it
      // (it was taken for stuck while its client read the one in front, and cutting it off closed the connection).
      const { socket, req } = lease.response
      this.#looks.count(lease, lease.untaken > 0 && socket !== null)
      // Its connection closed before its turn: it ends neither in 'finish' nor in 'close', and held its room until cut off.
      if (socket === null && req.socket.destroyed) this.#close(lease)
    }
    this.#admit()
  }

  /** Cuts off the download or answer whose client has taken nothing longest, if it is stuck; whether it did. */
  #cutStuckLongest (): boolean {
    let stuckLongest: Lease | undefined
    for (const lease of this.#leases) {
      if (lease.held > 0 && isStuck(lease) && (stuckLongest === undefined || lease.quietLooks > stuckLongest.quietLooks)) stuckLongest = lease
    }
    if (stuckLongest === undefined) return false
    this.#closedOverBudget++
    log('the %s whose client took nothing for %d looks is cut off: its budget holds %d bytes', this.#what, stuckLongest.quietLooks, this.#held)
    // Let go of what it holds now, not once its socket has closed.
    this.#close(stuckLongest)
    stuckLongest.response.destroy()
    return true
  }
}

/**
 * Until the socket drained, the answer closed, or its lease did: an answer
 * pipelined behind another whose connection closed before its turn gets
 * neither 'drain' nor 'close', and its send waited for good, its file's
 * reader suspended with it.
 */
async function drained (res: ServerResponse, lease: Lease): Promise<void> {
  if (lease.closed) return
  await new Promise<void>((resolve) => {
    const done = (): void => { res.off('drain', done); res.off('close', done); lease.wake = undefined; resolve() }
    res.on('drain', done)
    res.on('close', done)
    lease.wake = done
  })
}

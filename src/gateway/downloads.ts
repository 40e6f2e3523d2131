/**
 * File downloads under one budget of bytes for the whole gateway: what a
 * download has read from the capsule and its client has not taken yet.
 * Each download read up to 64 chunks ahead of its client (about 4 MiB), so
 * 200 clients that asked for a large file and read nothing held 850 MB of
 * the node's memory, and the 1,024 connections the gateway admits 4 GB or
 * more (found by attacking the gateway). Past the budget a download waits
 * before it reads on, and the download whose client has left a write
 * untaken longest, for STUCK_MS at least, is cut off to make room.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { logger } from '@libp2p/logger'
import type { FastifyReply } from 'fastify'
import { NO_SNIFF } from '../http/headers.js'

const log = logger('gdp:gateway')

/** A download whose client has taken nothing of a write for this long is stuck: under budget pressure it is cut off, oldest first. A client still reading never waits so long for one chunk (256 KiB at most). */
export const STUCK_MS = 2000

/** What the downloads hold, and how many were cut off. */
export interface DownloadCounters {
  /** Downloads under way. */
  readonly open: number
  /** Bytes they have read (or are reading) from capsules that their clients have not taken yet. */
  readonly heldBytes: number
  /** Downloads cut off, their clients stuck longest, to keep the others within the budget. */
  readonly closedOverBudget: number
}

class DownloadBudgetExceeded extends Error {}

/** One download's share of the budget. */
class Lease {
  /** Bytes it holds against the budget. */
  held = 0
  /** When each of its writes the socket has not taken yet was made, oldest first. */
  readonly unsent: number[] = []
  closed = false

  constructor (readonly response: ServerResponse) {}

  /** Since when its client has left a write untaken, if it has. */
  get stuckSince (): number | undefined { return this.unsent[0] }
}

interface Waiter { lease: Lease, bytes: number, resolve: () => void, reject: (err: Error) => void }

export class Downloads {
  readonly #maxBytes: number
  readonly #leases = new Set<Lease>()
  readonly #waiting: Waiter[] = []
  #held = 0
  #closedOverBudget = 0
  #retry: ReturnType<typeof setInterval> | undefined

  constructor (maxBytes: number) {
    this.#maxBytes = maxBytes
  }

  get counters (): DownloadCounters {
    return { open: this.#leases.size, heldBytes: this.#held, closedOverBudget: this.#closedOverBudget }
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
    this.#leases.add(lease)
    res.once('close', () => { this.#close(lease) })
    const chunks = read(async (bytes) => { await this.#hold(lease, bytes) })
    try {
      let next = await chunks.next()
      // Written here rather than through fastify, to know when the socket has taken each write.
      reply.hijack()
      res.writeHead(reply.statusCode, { ...reply.getHeaders(), ...NO_SNIFF } as OutgoingHttpHeaders)
      while (next.done !== true && !res.destroyed) {
        const part = next.value
        lease.unsent.push(performance.now())
        const more = res.write(part, () => { this.#taken(lease, part.length) })
        if (!more) await drained(res)
        if (!res.destroyed) next = await chunks.next()
      }
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
    if (lease.closed) throw new DownloadBudgetExceeded('the download has ended')
    // A stretch larger than the whole budget takes all of it, once nothing else is held.
    const share = Math.min(bytes, this.#maxBytes)
    await new Promise<void>((resolve, reject) => {
      this.#waiting.push({ lease, bytes: share, resolve, reject })
      this.#admit()
    })
  }

  /** The socket took a write of `bytes`: they are held no more. */
  #taken (lease: Lease, bytes: number): void {
    lease.unsent.shift()
    const freed = Math.min(bytes, lease.held)
    lease.held -= freed
    this.#held -= freed
    this.#admit()
  }

  #close (lease: Lease): void {
    if (lease.closed) return
    lease.closed = true
    this.#leases.delete(lease)
    this.#held -= lease.held
    lease.held = 0
    for (let i = this.#waiting.length - 1; i >= 0; i--) {
      const waiter = this.#waiting[i]!
      if (waiter.lease !== lease) continue
      this.#waiting.splice(i, 1)
      waiter.reject(new DownloadBudgetExceeded('the download has ended'))
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
    // Reads that wait with none stuck yet: look again as writes grow old.
    if (this.#waiting.length > 0 && this.#retry === undefined) {
      this.#retry = setInterval(() => { this.#admit() }, STUCK_MS / 4)
      this.#retry.unref()
    } else if (this.#waiting.length === 0 && this.#retry !== undefined) {
      clearInterval(this.#retry)
      this.#retry = undefined
    }
  }

  /** Cuts off the download whose client has left a write untaken longest, if that is STUCK_MS or more; whether it did. */
  #cutStuckLongest (): boolean {
    let stuckLongest: Lease | undefined
    for (const lease of this.#leases) {
      const since = lease.stuckSince
      if (since !== undefined && lease.held > 0 && (stuckLongest === undefined || since < stuckLongest.stuckSince!)) stuckLongest = lease
    }
    if (stuckLongest === undefined || !isStuck(stuckLongest)) return false
    this.#closedOverBudget++
    log('a download whose client took nothing for %d ms is cut off: the gateway\'s downloads hold %d bytes, their budget', Math.round(performance.now() - stuckLongest.stuckSince!), this.#held)
    // Let go of what it holds now, not once its socket has closed.
    this.#close(stuckLongest)
    stuckLongest.response.destroy()
    return true
  }
}

const isStuck = (lease: Lease): boolean => lease.stuckSince !== undefined && performance.now() - lease.stuckSince >= STUCK_MS

async function drained (res: ServerResponse): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = (): void => { res.off('drain', done); res.off('close', done); resolve() }
    res.on('drain', done)
    res.on('close', done)
  })
}

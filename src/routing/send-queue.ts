/**
 * The bounded send queue of one link. Encoded frames wait here while the
 * byte stream under the link (a yamux stream, an in-memory pipe) is backed
 * up; the queue decides what a peer that reads slowly, or not at all, may
 * cost this node:
 *
 * - under the soft limit everything is taken (an empty queue takes a frame
 *   of any size);
 * - over it, requests and record data ('stream': read and subscription
 *   responses) are refused with LinkCongestedError: the forwarder answers
 *   CONGESTION to others' requests, makes this node's own requests wait
 *   (onWritable), and ends the reads and subscriptions that feed the link,
 *   telling each requester where to resume;
 * - other replies and NACKs (small: acknowledgements, info, refusals) are
 *   still taken, since they were asked for, up to the hard limit; one that
 *   would go past it means the peer asks and does not read: `onOverflow`
 *   closes the link and the reply is refused.
 *
 * A node-wide SendBudget bounds what all queues hold together: past it,
 * record data and requests are refused on every link that holds any, and
 * the link holding the most that sent nothing for the budget's stallMs is
 * closed, then the next, until the rest fits. Without it, each neighbour
 * that asks for reads and does not read pinned 16 MiB for as long as its
 * connection lasted: a thousand connections, 16 GiB.
 */
import { type SendClass } from './forwarder.js'
import { concatBytes } from '../crypto/bytes.js'
import { LinkCongestedError } from '../errors.js'

export interface SendQueueInit {
  /** Queued bytes over which requests and record data are refused. @default 16 MiB */
  softLimitBytes?: number
  /** Queued bytes a reply may not take the queue past: the link is closed instead. @default twice the soft limit + the largest frame */
  hardLimitBytes?: number
  /** Frames queued in the same tick go out as one write of up to this many bytes (one yamux frame, one encryption). @default 64 KiB */
  coalesceBytes?: number
  /** Names the link in error messages. */
  name?: string
  /** What every link's queue holds together, at most (shared by the node's queues). */
  budget?: SendBudget
}

export interface SendBudgetInit {
  /** Bytes all send queues together may hold. @default 256 MiB */
  totalBytes?: number
  /** A queue that sent nothing for this long may be closed when the budget is full. @default 5000 */
  stallMs?: number
}

const DEFAULT_SEND_BUDGET_BYTES = 256 * 1024 * 1024
const DEFAULT_SEND_STALL_MS = 5000

/** The bytes of every link's send queue together (see the module comment). */
export class SendBudget {
  readonly totalBytes: number
  readonly stallMs: number
  /** Links closed because they held the most, unsent for stallMs, when the budget was full. */
  evicted = 0
  #queued = 0
  readonly #queues = new Set<SendQueue>()

  constructor (init: SendBudgetInit = {}) {
    this.totalBytes = init.totalBytes ?? DEFAULT_SEND_BUDGET_BYTES
    this.stallMs = init.stallMs ?? DEFAULT_SEND_STALL_MS
    if (!(Number.isSafeInteger(this.totalBytes) && this.totalBytes > 0)) throw new RangeError(`a send budget is a positive whole number of bytes, not ${this.totalBytes}`)
  }

  /** Bytes held now in all queues. */
  get queued (): number { return this.#queued }

  /** Whether the queues hold the whole budget (record data and requests are refused on links that hold any). */
  get full (): boolean { return this.#queued >= this.totalBytes }

  /** A queue's bytes went from `before` to `after`. */
  change (queue: SendQueue, before: number, after: number): void {
    this.#queued += after - before
    if (before === 0 && after > 0) this.#queues.add(queue)
    else if (before > 0 && after === 0) this.#queues.delete(queue)
  }

  /** Over the budget: closes the links holding the most that sent nothing for stallMs, until the rest fits. */
  relieve (now: number): void {
    while (this.full) {
      let largest: SendQueue | undefined
      for (const q of this.#queues) if (now - q.progressAt >= this.stallMs && (largest === undefined || q.ownBytes > largest.ownBytes)) largest = q
      if (largest === undefined) return
      this.evicted++
      largest.overflow(`it read nothing for ${this.stallMs} ms, holding ${largest.ownBytes} bytes, the most when the node's send budget (${this.totalBytes} bytes) was full`)
    }
  }
}

/** Where the queue's bytes go: a stream that may say "no more until I drain" (it calls SendQueue.flush once it has). */
export interface ByteSink {
  /** Takes a chunk; false when it wants no more until it has drained. */
  write: (chunk: Uint8Array) => boolean
  /** Whether a write now would be taken without waiting for a drain (false too when there is no stream). */
  writable: () => boolean
  /** Bytes it took and has not passed on yet. */
  buffered: () => number
}

const DEFAULT_SOFT_LIMIT_BYTES = 16 * 1024 * 1024

export class SendQueue {
  readonly softLimit: number
  readonly hardLimit: number
  readonly #coalesce: number
  readonly #name: string
  readonly #sink: ByteSink
  readonly #onOverflow: (why: string) => void
  readonly #budget: SendBudget | undefined
  /** When this queue last wrote to its sink, or last became non-empty (performance.now()). */
  progressAt = 0
  /** Frames not yet written, from #head on (a deque without shifting on every write). */
  #frames: Uint8Array[] = []
  #head = 0
  #bytes = 0
  #scheduled = false
  #flushing = false
  #waiters: Array<() => void> = []

  /** `largestFrame`: the largest frame the link carries; a queue just under the soft limit takes one, and still has a soft limit's room for replies. */
  constructor (init: SendQueueInit, largestFrame: number, sink: ByteSink, onOverflow: (why: string) => void) {
    this.softLimit = init.softLimitBytes ?? DEFAULT_SOFT_LIMIT_BYTES
    this.hardLimit = init.hardLimitBytes ?? 2 * this.softLimit + largestFrame
    this.#coalesce = init.coalesceBytes ?? 64 * 1024
    this.#name = init.name ?? 'the peer'
    this.#sink = sink
    this.#onOverflow = onOverflow
    this.#budget = init.budget
  }

  /** Bytes queued here (not yet handed to the sink): what the budget counts. */
  get ownBytes (): number { return this.#bytes }

  /** Closes the link (the budget chose it): what waits is dropped. */
  overflow (why: string): void {
    this.#onOverflow(why)
    this.clear()
  }

  #setBytes (bytes: number): void {
    if (this.#bytes === 0 && bytes > 0) this.progressAt = performance.now()
    this.#budget?.change(this, this.#bytes, bytes)
    this.#bytes = bytes
  }

  /** Bytes waiting to leave: queued here and buffered by the sink. */
  get queued (): number { return this.#bytes + this.#sink.buffered() }

  /** Whether requests and subscription data are refused now: over the soft limit, or holding any while the node's send budget is full. */
  get backedUp (): boolean { return this.queued >= this.softLimit || (this.#bytes > 0 && this.#budget?.full === true) }

  /**
   * Queues an encoded frame, or throws LinkCongestedError (see the module
   * comment). A frame given in parts (a length prefix and a large body, say)
   * goes out as they are, in order and together, the body never copied.
   */
  push (frame: Uint8Array | readonly Uint8Array[], kind: SendClass): void {
    const parts = frame instanceof Uint8Array ? [frame] : frame
    let length = 0
    for (const part of parts) length += part.length
    const queued = this.queued
    if (kind !== 'reply' && this.backedUp) {
      throw new LinkCongestedError(`the link to ${this.#name} is backed up (${queued} bytes queued)`)
    }
    // Always room for one reply in an empty queue, whatever its size (up to the largest PDU).
    if (kind === 'reply' && queued > 0 && queued + length > this.hardLimit) {
      this.overflow(`left more than ${this.hardLimit} bytes unread`)
      throw new LinkCongestedError(`closed the link to ${this.#name}: it does not read (${queued} bytes of replies queued)`)
    }
    for (const part of parts) this.#frames.push(part)
    this.#setBytes(this.#bytes + length)
    if (this.#budget?.full === true) {
      this.#budget.relieve(performance.now())
      // This link was the one closed: what it was given goes nowhere.
      if (this.#bytes === 0) throw new LinkCongestedError(`closed the link to ${this.#name}: it does not read, and the node's send budget is full`)
    }
    if (this.#bytes >= this.#coalesce) this.flush()
    else if (!this.#scheduled) {
      // At the end of this turn of the event loop, not of this task: the PDUs that frames read from every link
      // in this turn produce go out together, one stream write (and one socket write) for many.
      this.#scheduled = true
      setImmediate(() => { this.#scheduled = false; this.flush() })
    }
  }

  /** Calls `callback` once, when the queue is back under half the soft limit (it may be already). */
  onWritable (callback: () => void): void {
    this.#waiters.push(callback)
    this.#wake()
  }

  /** Writes what waits while the sink takes it; the sink calls this when it drains. */
  flush (): void {
    // A sink may call back from within a write (a stream's 'idle'); the loop below goes on anyway.
    if (this.#flushing) return
    this.#flushing = true
    try {
      this.#write()
    } finally {
      this.#flushing = false
    }
    this.#wake()
  }

  #write (): void {
    while (this.#head < this.#frames.length && this.#sink.writable()) {
      let end = this.#head
      let size = 0
      while (end < this.#frames.length && (end === this.#head || size + this.#frames[end]!.length <= this.#coalesce)) size += this.#frames[end++]!.length
      const chunk = end - this.#head === 1 ? this.#frames[this.#head]! : concatBytes(this.#frames.slice(this.#head, end), size)
      for (let i = this.#head; i < end; i++) this.#frames[i] = EMPTY
      this.#head = end
      this.#setBytes(this.#bytes - size)
      this.progressAt = performance.now()
      if (this.#head > 1024 && this.#head * 2 > this.#frames.length) { this.#frames = this.#frames.slice(this.#head); this.#head = 0 }
      if (!this.#sink.write(chunk)) break
    }
    if (this.#head === this.#frames.length) { this.#frames = []; this.#head = 0 }
  }

  /** Forgets what waits (the link is gone). */
  clear (): void {
    this.#frames = []
    this.#head = 0
    this.#setBytes(0)
    this.#waiters = []
  }

  #wake (): void {
    if (this.#waiters.length === 0 || this.queued >= this.softLimit / 2) return
    const waiters = this.#waiters
    this.#waiters = []
    for (const w of waiters) w()
  }
}

const EMPTY = new Uint8Array(0)

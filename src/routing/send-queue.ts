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
  readonly #onOverflow: () => void
  /** Frames not yet written, from #head on (a deque without shifting on every write). */
  #frames: Uint8Array[] = []
  #head = 0
  #bytes = 0
  #scheduled = false
  #flushing = false
  #waiters: Array<() => void> = []

  /** `largestFrame`: the largest frame the link carries; a queue just under the soft limit takes one, and still has a soft limit's room for replies. */
  constructor (init: SendQueueInit, largestFrame: number, sink: ByteSink, onOverflow: () => void) {
    this.softLimit = init.softLimitBytes ?? DEFAULT_SOFT_LIMIT_BYTES
    this.hardLimit = init.hardLimitBytes ?? 2 * this.softLimit + largestFrame
    this.#coalesce = init.coalesceBytes ?? 64 * 1024
    this.#name = init.name ?? 'the peer'
    this.#sink = sink
    this.#onOverflow = onOverflow
  }

  /** Bytes waiting to leave: queued here and buffered by the sink. */
  get queued (): number { return this.#bytes + this.#sink.buffered() }

  /** Whether requests and subscription data are refused now. */
  get backedUp (): boolean { return this.queued >= this.softLimit }

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
      this.#onOverflow()
      this.clear()
      throw new LinkCongestedError(`closed the link to ${this.#name}: it does not read (${queued} bytes of replies queued)`)
    }
    for (const part of parts) this.#frames.push(part)
    this.#bytes += length
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
      this.#bytes -= size
      if (this.#head > 1024 && this.#head * 2 > this.#frames.length) { this.#frames = this.#frames.slice(this.#head); this.#head = 0 }
      if (!this.#sink.write(chunk)) break
    }
    if (this.#head === this.#frames.length) { this.#frames = []; this.#head = 0 }
  }

  /** Forgets what waits (the link is gone). */
  clear (): void {
    this.#frames = []
    this.#head = 0
    this.#bytes = 0
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

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
 * - other replies and NACKs of up to SMALL_REPLY_BYTES (acknowledgements,
 *   refusals, most info answers) are still taken, since they were asked
 *   for, up to the hard limit; one that would go past it means the peer
 *   asks and does not read: `onOverflow` closes the link and the reply is
 *   refused. A larger reply (a key-value read, a large capsule's info, a
 *   list page) is refused as record data is: the forwarder answers
 *   CONGESTION in its place.
 *
 * A node-wide SendBudget bounds what all queues hold together, the write
 * each has handed to its sink and the sink has not sent yet included: at
 * it, record data and requests are refused on every link, and the link
 * holding the most that sent less than PROGRESS_BYTES in the budget's stallMs is closed,
 * then the next, until the rest fits. Small replies may take the queues
 * past the budget by its reply allowance in all, then only a link that is
 * sending gets one. Without it, each neighbour that asks
 * for reads and does not read pinned 16 MiB for as long as its connection
 * lasted: a thousand connections, 16 GiB. Without the handed write counted,
 * one read of a large record per connection, never read, pinned up to
 * 64 MiB each in its stream's buffer with the budget empty: 64 connections
 * from 4 addresses reading a 16 MiB record took a server up 1 GiB.
 */
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
  /** A queue that sent less than PROGRESS_BYTES in this long may be closed when the budget is full. @default 5000 */
  stallMs?: number
  /**
   * Bytes of small replies the queues may hold past totalBytes, in all:
   * past it a reply goes only to a link that is sending (see
   * SendQueue.push). @default a quarter of totalBytes
   */
  replyAllowanceBytes?: number
}

const DEFAULT_SEND_BUDGET_BYTES = 256 * 1024 * 1024
/**
 * The largest reply a backed-up link still takes (a coalesced write). Replies
 * of any size were taken up to the hard limit, and past the node's budget:
 * of 4 neighbours asking for info on a capsule of 1 MiB of metadata and
 * reading nothing, a server with a budget of 64 MiB held 100 MB for one
 * until its link passed its hard limit (about 96 MiB), and each link may
 * hold as much at once; a key-value read answers with up to 8 MiB.
 */
export const SMALL_REPLY_BYTES = 64 * 1024

/**
 * How a link with a long send queue treats a PDU (sendClassOf in the
 * forwarder): requests and record data ('stream': read and subscription
 * responses, the flows a requester can resume) are refused over its soft
 * limit; other replies and NACKs only past its hard limit, where the link
 * is closed.
 */
export type SendClass = 'request' | 'reply' | 'stream'
const DEFAULT_SEND_STALL_MS = 5000
/**
 * What a queue must send (or send all it holds) for it to count as sending:
 * one that sends less in the budget's stallMs is closed as one that sends
 * nothing. With any byte counted, a peer granting its window a hundred
 * bytes at a time kept what it held, up to its hard limit, and with enough
 * such links the budget full, every link's record data refused, for as
 * long as it trickled. 16 KiB in 5 s is about 3 KiB a second.
 */
export const PROGRESS_BYTES = 16 * 1024

/** The bytes of every link's send queue together (see the module comment). */
export class SendBudget {
  readonly totalBytes: number
  readonly stallMs: number
  /** What the queues may hold with the replies taken past totalBytes, at most. */
  readonly ceilingBytes: number
  /** Links closed because they held the most, unsent for stallMs, when the budget was full. */
  evicted = 0
  #queued = 0
  readonly #queues = new Set<SendQueue>()
  /** Queues with callers waiting (onWritable) for room in the budget. */
  readonly #waiting = new Set<SendQueue>()
  /** While full: when the next queue will have sent nothing for stallMs. */
  #timer: ReturnType<typeof setTimeout> | undefined

  constructor (init: SendBudgetInit = {}) {
    this.totalBytes = init.totalBytes ?? DEFAULT_SEND_BUDGET_BYTES
    this.stallMs = init.stallMs ?? DEFAULT_SEND_STALL_MS
    if (!(Number.isSafeInteger(this.totalBytes) && this.totalBytes > 0)) throw new RangeError(`a send budget is a positive whole number of bytes, not ${this.totalBytes}`)
    this.ceilingBytes = this.totalBytes + (init.replyAllowanceBytes ?? Math.floor(this.totalBytes / 4))
  }

  /** Bytes held now in all queues. */
  get queued (): number { return this.#queued }

  /** Whether the queues hold the whole budget (record data and requests are refused on every link). */
  get full (): boolean { return this.#queued >= this.totalBytes }

  /** A queue's bytes went from `before` to `after`. */
  change (queue: SendQueue, before: number, after: number): void {
    this.#queued += after - before
    if (before === 0 && after > 0) this.#queues.add(queue)
    else if (before > 0 && after === 0) this.#queues.delete(queue)
    if (this.full) this.#watch()
    else if (this.#waiting.size > 0) {
      const waiting = [...this.#waiting]
      this.#waiting.clear()
      // Not from within the change: the waiters send, and a queue may be in the middle of a write.
      queueMicrotask(() => { for (const q of waiting) q.retryWaiters() })
    }
  }

  /** `queue` has callers waiting for room: they are called back once the budget is no longer full. */
  wait (queue: SendQueue): void { this.#waiting.add(queue) }

  /** Over the budget: closes the links holding the most that sent nothing for stallMs, until the rest fits. */
  relieve (now: number): void {
    while (this.full) {
      let largest: SendQueue | undefined
      for (const q of this.#queues) if (now - q.progressAt >= this.stallMs && (largest === undefined || q.heldBytes > largest.heldBytes)) largest = q
      if (largest === undefined) return
      this.evicted++
      largest.overflow(`it read less than ${PROGRESS_BYTES} bytes in ${this.stallMs} ms, holding ${largest.heldBytes} bytes, the most when the node's send budget (${this.totalBytes} bytes) was full`)
    }
  }

  /**
   * While full, relieves the budget as soon as a queue has sent nothing for
   * stallMs, whether or not another frame is offered then: with record data
   * and requests refused on every link, none may be, and a flood of reads
   * that stopped once the budget was full would otherwise hold it for good.
   */
  #watch (): void {
    if (this.#timer !== undefined) return
    let next = Infinity
    for (const q of this.#queues) next = Math.min(next, q.progressAt + this.stallMs)
    if (next === Infinity) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.relieve(performance.now())
      if (this.full) this.#watch()
    }, Math.max(0, Math.ceil(next - performance.now())))
    this.#timer.unref?.()
  }
}

/** Where the queue's bytes go: a stream that may say "no more until I drain" (it calls SendQueue.flush once it has). */
export interface ByteSink {
  /**
   * Takes a write of whole frames, in parts to go out in order on one and the
   * same stream (a frame's length prefix and its large body, say); false when
   * it wants no more until it has drained. A frame split over two writes
   * could go half on each of two streams.
   */
  write: (parts: readonly Uint8Array[]) => boolean
  /** Whether a write now would be taken without waiting for a drain (false too when there is no stream). */
  writable: () => boolean
  /** Bytes it took and has not passed on yet (it calls SendQueue.flush when that falls). */
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
  /** When this queue last had PROGRESS_BYTES sent since the time before (or all it held), or last came to hold any (performance.now()). */
  progressAt = 0
  /** Bytes sent since progressAt. */
  #sentSinceProgress = 0
  /** Frames not yet written (each whole, or in its parts), from #head on (a deque without shifting on every write). */
  #frames: Array<Uint8Array | readonly Uint8Array[]> = []
  #head = 0
  #bytes = 0
  /** Bytes of its writes the sink still held when last looked at (at each write and each flush). */
  #handed = 0
  #scheduled = false
  #flushing = false
  /** A flush was asked for during one (see flush). */
  #flushAgain = false
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

  /** Bytes queued here (not yet handed to the sink). */
  get ownBytes (): number { return this.#bytes }

  /** What the budget counts: bytes queued here, and those of its writes the sink has not sent yet. */
  get heldBytes (): number { return this.#bytes + this.#handed }

  /** Closes the link (the budget chose it): what waits is dropped. */
  overflow (why: string): void {
    this.#onOverflow(why)
    this.clear()
  }

  #count (bytes: number, handed: number): void {
    const before = this.#bytes + this.#handed
    const after = bytes + handed
    if (before === 0 && after > 0) this.#progressed()
    this.#bytes = bytes
    this.#handed = handed
    this.#budget?.change(this, before, after)
  }

  /** What the sink sent of the writes it was handed since last looked at: progress, and room in the budget. */
  #seeSink (): void {
    const handed = Math.min(this.#handed, this.#sink.buffered())
    if (handed === this.#handed) return
    this.#sent(this.#handed - handed, this.#bytes + handed)
    this.#count(this.#bytes, handed)
  }

  /** `bytes` went out, leaving `left` held: progress once they add up to PROGRESS_BYTES, or nothing is left. */
  #sent (bytes: number, left: number): void {
    this.#sentSinceProgress += bytes
    if (this.#sentSinceProgress >= PROGRESS_BYTES || left === 0) this.#progressed()
  }

  #progressed (): void {
    this.progressAt = performance.now()
    this.#sentSinceProgress = 0
  }

  /** Bytes waiting to leave: queued here and buffered by the sink. */
  get queued (): number { return this.#bytes + this.#sink.buffered() }

  /** Whether requests and subscription data are refused now: over the soft limit, or while the node's send budget is full. */
  get backedUp (): boolean { return this.queued >= this.softLimit || this.#budget?.full === true }

  /**
   * Queues an encoded frame, or throws LinkCongestedError (see the module
   * comment). A frame given in parts (a length prefix and a large body, say)
   * goes out as they are, in order and together, the body never copied.
   */
  push (frame: Uint8Array | readonly Uint8Array[], kind: SendClass): void {
    const length = byteLength(frame)
    const queued = this.queued
    if ((kind !== 'reply' || length > SMALL_REPLY_BYTES) && this.backedUp) {
      const refused = kind === 'reply' ? `a reply of ${length} bytes (over the ${SMALL_REPLY_BYTES} a backed-up link takes) is refused` : undefined
      if (queued < this.softLimit) throw new LinkCongestedError(`the node's send budget is full (${this.#budget!.queued} bytes unsent to its neighbours): ${refused ?? 'nothing more'} for the link to ${this.#name}${refused === undefined ? ' but small replies' : ''} until some are sent`)
      throw new LinkCongestedError(`the link to ${this.#name} is backed up (${queued} bytes queued)${refused === undefined ? '' : `: ${refused}`}`)
    }
    // Replies were asked for, so they are taken past the budget; but a link is not evicted before it has sent nothing for
    // stallMs, and each could take them up to its hard limit meanwhile: 4 peers asking for 60 KiB info replies and
    // reading none held 141 MiB with a 64 MiB budget, in under 5 s. Past the allowance, only a link that is sending gets one.
    if (kind === 'reply' && this.#budget !== undefined && this.#budget.queued + length > this.#budget.ceilingBytes && !(queued === 0 && this.#sink.writable())) {
      throw new LinkCongestedError(`the node's send budget and its allowance for replies are spent (${this.#budget.queued} bytes unsent to its neighbours): a reply of ${length} bytes for the link to ${this.#name}, which has ${queued} unsent, is refused until some are sent`)
    }
    // Always room for one reply in an empty queue while the budget has room, whatever its size (up to the largest PDU).
    if (kind === 'reply' && queued > 0 && queued + length > this.hardLimit) {
      this.overflow(`left more than ${this.hardLimit} bytes unread`)
      throw new LinkCongestedError(`closed the link to ${this.#name}: it does not read (${queued} bytes of replies queued)`)
    }
    this.#frames.push(frame)
    this.#count(this.#bytes + length, this.#handed)
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

  /**
   * Takes back frames a write handed to the sink held and never sent (its
   * stream was reset under them): they go out first, before what was queued
   * since, whatever the limits, as they were taken once already. Dropped,
   * a request among them was answered by nobody, and its requester waited
   * its whole timeout.
   */
  putBack (frames: Uint8Array | readonly Uint8Array[]): void {
    const length = byteLength(frames)
    this.#frames.splice(this.#head, 0, frames)
    // Counted as sent once the sink no longer holds them (#seeSink): they were not.
    this.#sentSinceProgress -= length
    this.#count(this.#bytes + length, this.#handed)
  }

  /** Calls `callback` once, when the queue is back under half the soft limit (it may be already) and the node's send budget is not full. */
  onWritable (callback: () => void): void {
    this.#waiters.push(callback)
    this.#wake()
  }

  /** Writes what waits while the sink takes it; the sink calls this when it drains. */
  flush (): void {
    // A sink may call back from within a write (a stream's 'idle', or its close when the write failed): the flush
    // under way goes round once more then. Ignored, what waited behind a write that closed its stream stayed queued
    // though the sink had another to write to, until some later frame came.
    if (this.#flushing) { this.#flushAgain = true; return }
    this.#flushing = true
    try {
      do {
        this.#flushAgain = false
        this.#seeSink()
        this.#write()
      } while (this.#flushAgain)
    } finally {
      this.#flushing = false
    }
    this.#wake()
  }

  #write (): void {
    while (this.#head < this.#frames.length && this.#sink.writable()) {
      let end = this.#head
      let size = 0
      while (end < this.#frames.length && (end === this.#head || size + byteLength(this.#frames[end]!) <= this.#coalesce)) size += byteLength(this.#frames[end++]!)
      // One frame goes as it is (a large body not copied); several, coalesced into one part.
      const only = end - this.#head === 1 ? this.#frames[this.#head]! : undefined
      const parts = only === undefined ? [concatBytes(this.#frames.slice(this.#head, end).flat(), size)] : only instanceof Uint8Array ? [only] : only
      for (let i = this.#head; i < end; i++) this.#frames[i] = EMPTY
      this.#head = end
      if (this.#head > 1024 && this.#head * 2 > this.#frames.length) { this.#frames = this.#frames.slice(this.#head); this.#head = 0 }
      const queued = this.#bytes
      const held = queued + this.#handed
      const more = this.#sink.write(parts)
      // What the sink could not send at once it holds, and the budget counts it until it is sent. Frames it put back
      // meanwhile (its stream reset itself on the write) are in #bytes again, and putBack counted them as not sent.
      const handed = this.#sink.buffered()
      this.#sent(held - (queued - size + handed), this.#bytes - size + handed)
      this.#count(this.#bytes - size, handed)
      if (!more) break
    }
    if (this.#head === this.#frames.length) { this.#frames = []; this.#head = 0 }
  }

  /** Forgets what waits (the link is gone). */
  clear (): void {
    this.#frames = []
    this.#head = 0
    this.#count(0, 0)
    this.#waiters = []
  }

  /** The budget has room again: callers waiting for this queue may go on. */
  retryWaiters (): void { this.#wake() }

  #wake (): void {
    if (this.#waiters.length === 0 || this.queued >= this.softLimit / 2) return
    // Woken by the budget once it has room: called now, they would be refused at once, and wait again, without end.
    if (this.#budget?.full === true) { this.#budget.wait(this); return }
    const waiters = this.#waiters
    this.#waiters = []
    for (const w of waiters) w()
  }
}

const EMPTY = new Uint8Array(0)

function byteLength (frame: Uint8Array | readonly Uint8Array[]): number {
  if (frame instanceof Uint8Array) return frame.length
  let length = 0
  for (const part of frame) length += part.length
  return length
}

/**
 * What peers may hold in frames they have begun and not finished. A frame is
 * admitted (rate, queues) only once complete, and a FrameDecoder keeps every
 * chunk of it until then: a peer that sends a 64 MiB length prefix and most
 * of the frame, then holds it, would cost 64 MiB per stream, on every
 * stream of every connection, for as long as it likes. Here each stream's
 * unfinished frame is counted as it grows, against its peer's budget and a
 * node-wide one, and must keep arriving at a minimum average rate.
 */
import { GdpError } from '../errors.js'

/** A peer's unfinished frames passed its budget; the stream that passed it is closed. */
export class UnfinishedFramesError extends GdpError { override name = 'UnfinishedFramesError' }
/** A frame did not arrive at the minimum rate, or was evicted (the slowest) when the node-wide budget was full. */
export class FrameTimeoutError extends GdpError { override name = 'FrameTimeoutError' }

export interface UnfinishedFrameLimitsInit {
  /** Bytes one peer may hold in unfinished frames over all its streams; past it, the stream that grew is closed. @default 2 * the largest frame */
  peerBytes?: number
  /** Bytes all peers together may hold in unfinished frames; past it, the slowest frames (bytes per second so far) are dropped until it fits. @default 4 * the largest frame */
  totalBytes?: number
  /** A frame may take this long before the rate below applies. @default 10000 */
  graceMs?: number
  /**
   * After graceMs, a frame must have arrived at this many bytes per second on
   * average since the grace ended (time this node did not read the stream, its
   * byte rate exceeded, not counted); else it is dropped with its stream. The
   * default takes a 64 MiB frame over a link of 512 kbit/s (about 17 min).
   * @default 64 KiB
   */
  minBytesPerSecond?: number
  /**
   * A frame that has not grown for this long (time not read left out, as
   * above) is dropped with its stream, whatever its rate so far: a peer that
   * sent most of a frame fast, then holds it, keeps it no longer.
   * @default 30000
   */
  stallMs?: number
  /** How often frames are checked against that rate. @default 1000 */
  checkIntervalMs?: number
}

export interface UnfinishedFrameCounters {
  /** Streams closed because their peer's unfinished frames passed its budget. */
  overBudget: number
  /** Streams closed because their frame arrived below the minimum rate, or stopped growing. */
  timedOut: number
  /** Streams closed because their frame was the slowest when the node-wide budget was full. */
  evicted: number
}

/** One stream's unfinished frame, as its decoder holds it. */
export class FrameMeter {
  readonly #owner: UnfinishedFrames
  readonly peer: string
  readonly abort: (err: Error) => void
  /** Never the one dropped when the node-wide budget is full (an operator's allow-listed peer); still counted. */
  readonly exempt: boolean
  /** Bytes of the unfinished frame held now (counted in the budgets). */
  held = 0
  /** When the frame began; undefined while none is unfinished. */
  startedAt: number | undefined
  #pausedMs = 0
  #pausedAt: number | undefined
  #pausedAtStart = 0
  /** activeMs when the frame last grew. */
  grewAt = 0

  constructor (owner: UnfinishedFrames, peer: string, abort: (err: Error) => void, exempt: boolean) {
    this.#owner = owner
    this.peer = peer
    this.abort = abort
    this.exempt = exempt
  }

  /**
   * After a decode: `buffered` bytes are held towards an unfinished frame,
   * and `completed` tells whether frames were completed meanwhile (the one
   * held is then a new one). Throws UnfinishedFramesError or
   * FrameTimeoutError: the caller closes the stream.
   */
  update (buffered: number, completed: boolean, now: number): void {
    if (buffered === 0) { this.#owner.release(this); return }
    if (completed || this.startedAt === undefined) {
      this.startedAt = now
      this.#pausedAtStart = this.pausedMs(now)
    }
    this.grewAt = this.activeMs(now)
    this.#owner.grow(this, buffered, now)
  }

  /** This node stopped reading the stream (its peer over its byte rate): that time is not the peer's. */
  pause (now: number): void { this.#pausedAt ??= now }
  resume (now: number): void {
    if (this.#pausedAt === undefined) return
    this.#pausedMs += now - this.#pausedAt
    this.#pausedAt = undefined
  }

  pausedMs (now: number): number { return this.#pausedMs + (this.#pausedAt === undefined ? 0 : now - this.#pausedAt) }

  /** How long the frame has been read for, this node's pauses left out. */
  activeMs (now: number): number {
    return this.startedAt === undefined ? 0 : now - this.startedAt - (this.pausedMs(now) - this.#pausedAtStart)
  }

  /** The stream ended: what it held is released. */
  close (): void { this.#owner.release(this) }
}

/** The node-wide account of unfinished frames, and the timer that drops those that stall. */
export class UnfinishedFrames {
  readonly limits: Required<UnfinishedFrameLimitsInit>
  readonly counters: UnfinishedFrameCounters
  readonly #held = new Set<FrameMeter>()
  readonly #byPeer = new Map<string, number>()
  #total = 0
  #timer: NodeJS.Timeout | undefined

  constructor (init: UnfinishedFrameLimitsInit, largestFrame: number, counters: UnfinishedFrameCounters = { overBudget: 0, timedOut: 0, evicted: 0 }) {
    const given = Object.fromEntries(Object.entries(init).filter(([, v]) => v !== undefined)) as UnfinishedFrameLimitsInit
    this.limits = { peerBytes: 2 * largestFrame, totalBytes: 4 * largestFrame, graceMs: 10_000, minBytesPerSecond: 64 * 1024, stallMs: 30_000, checkIntervalMs: 1000, ...given }
    this.counters = counters
  }

  /** Bytes held in unfinished frames now, over all peers. */
  get total (): number { return this.#total }

  /** A meter for one stream of `peer`; `abort` closes that stream; `exempt`: never evicted (see FrameMeter.exempt). */
  meter (peer: string, abort: (err: Error) => void, exempt = false): FrameMeter {
    return new FrameMeter(this, peer, abort, exempt)
  }

  grow (meter: FrameMeter, bytes: number, now: number): void {
    const delta = bytes - meter.held
    const peerHeld = (this.#byPeer.get(meter.peer) ?? 0) + delta
    if (peerHeld > this.limits.peerBytes) {
      this.release(meter)
      this.counters.overBudget++
      throw new UnfinishedFramesError(`peer ${meter.peer} holds more than ${this.limits.peerBytes} bytes in unfinished frames`)
    }
    meter.held = bytes
    this.#byPeer.set(meter.peer, peerHeld)
    this.#total += delta
    this.#held.add(meter)
    if (this.#total > this.limits.totalBytes) this.#evict(meter, now)
    if (this.#timer === undefined) {
      this.#timer = setInterval(() => { this.#check(performance.now()) }, this.limits.checkIntervalMs)
      this.#timer.unref()
    }
  }

  release (meter: FrameMeter): void {
    meter.startedAt = undefined
    if (!this.#held.delete(meter)) return
    this.#total -= meter.held
    const peerHeld = (this.#byPeer.get(meter.peer) ?? 0) - meter.held
    if (peerHeld > 0) this.#byPeer.set(meter.peer, peerHeld)
    else this.#byPeer.delete(meter.peer)
    meter.held = 0
    if (this.#held.size === 0) { clearInterval(this.#timer); this.#timer = undefined }
  }

  /**
   * Over the node-wide budget: drops the frames arriving slowest (bytes per
   * second of reading so far) until it fits. A peer holding frames it does
   * not finish falls behind every transfer in progress, so honest large
   * frames keep their place; it may be `current` itself (then this throws).
   * Exempt frames are never dropped: a small one just begun is the slowest
   * of all by its rate, and strangers holding the budget full closed every
   * message of the operator's own routers as it came.
   */
  #evict (current: FrameMeter, now: number): void {
    // Over at least a second: a frame just begun has not shown a rate yet, and must not outrank those under way.
    const rate = (m: FrameMeter): number => m.held / Math.max(1000, m.activeMs(now))
    const slowest = [...this.#held].filter((m) => !m.exempt).sort((a, b) => rate(a) - rate(b))
    for (const meter of slowest) {
      if (this.#total <= this.limits.totalBytes) return
      this.release(meter)
      this.counters.evicted++
      const err = new FrameTimeoutError(`the node holds more than ${this.limits.totalBytes} bytes in unfinished frames; peer ${meter.peer}'s arrives slowest`)
      if (meter === current) throw err
      meter.abort(err)
    }
  }

  #check (now: number): void {
    const { graceMs, minBytesPerSecond, stallMs } = this.limits
    for (const meter of [...this.#held]) {
      const active = meter.activeMs(now)
      const late = active - graceMs
      const stalled = active - meter.grewAt >= stallMs
      if (!stalled && (late <= 0 || meter.held >= minBytesPerSecond * late / 1000)) continue
      this.release(meter)
      this.counters.timedOut++
      meter.abort(new FrameTimeoutError(stalled
        ? `peer ${meter.peer}'s frame has not grown for ${stallMs} ms (${meter.held} bytes)`
        : `peer ${meter.peer}'s frame arrives slower than ${minBytesPerSecond} bytes/s (${meter.held} bytes in ${Math.round(active)} ms)`))
    }
  }
}

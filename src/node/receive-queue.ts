/**
 * The receive side of the PDU transport: per-neighbour admission and fair
 * scheduling of the frames that arrive.
 *
 * - Admission: each neighbour has token buckets of frames and bytes per
 *   second. A frame over the frame rate is dropped before it is decoded and
 *   counted; a neighbour that stays over it (no second without a drop) for
 *   `disconnectAfterMs` is disconnected, unless the node spares it (a child
 *   router of a trusted domain: its frames over the rate are still dropped,
 *   but a flood its clients sent through it no longer cuts a whole domain
 *   off). Bytes over the byte rate are not
 *   dropped: they are taken on credit, and the neighbour's stream is not
 *   read until its bucket has refilled (its yamux window closes, so it stops
 *   sending). Dropping them lost replies that requests of this node's
 *   clients had asked for: a server answering reads faster than the rate had
 *   some of its answers dropped, and the readers waited for them until they
 *   timed out. Configured neighbours and allow-listed addresses are exempt.
 *   A neighbour's links (one per connection) share its buckets, its queue
 *   bounds and its turn: with buckets per connection, a peer that opened 64
 *   connections (the gater's limit per address) had 64 times the rate.
 * - Fair queueing: admitted frames wait in their link's queue, and the
 *   neighbours are served round-robin, `sliceFrames` frames each per round, with
 *   setImmediate between rounds so that network input (other neighbours'
 *   frames among it) is read in between. Before, every frame of a 'message'
 *   event was decoded and forwarded at once, so one neighbour's burst held
 *   everyone else's frames behind it. A link that goes away keeps its
 *   frames queued: they are still handed on in its turns (close).
 *
 * At rest (nothing queued) a frame is handled in the 'message' event that
 * brought it, as before: queueing adds no latency until there is a backlog.
 */
export interface ReceiveLimitsInit {
  /** Frames per second one neighbour may send, sustained. @default 5000 */
  framesPerSecond?: number
  /** Frames one neighbour may send at once beyond the rate. @default 2 * framesPerSecond */
  burstFrames?: number
  /**
   * Past framesPerSecond, frames that answer requests this node sent the
   * neighbour (responses and NACKs it asked for) are still taken, up to this
   * many a second more: a busy server answers its router's many clients
   * faster than any one neighbour asks, and the bound stays (a neighbour
   * flooding replies under a subscription's nonce costs no more than this).
   * @default 8 * framesPerSecond
   */
  askedFramesPerSecond?: number
  /** Bytes per second one neighbour may send, sustained; past it, its stream is read more slowly, not dropped. @default 32 MiB */
  bytesPerSecond?: number
  /** Bytes one neighbour may send at once beyond the rate. @default 2 * the largest frame */
  burstBytes?: number
  /** A neighbour over its rate for this long without a one-second break is disconnected. @default 10000 */
  disconnectAfterMs?: number
  /** Frames one neighbour's queues hand on per round, together, before the next neighbour's turn. @default 32 */
  sliceFrames?: number
  /** Frames waiting in one neighbour's queues together, at most; more are dropped (the node is overloaded). @default 16384 */
  maxQueuedFrames?: number
  /** Bytes waiting in one neighbour's queues together, at most; a frame when none waits always fits. @default 128 MiB */
  maxQueuedBytes?: number
}

export interface ReceiveCounters {
  /** Frames dropped because their neighbour was over its frame rate. */
  rateLimited: number
  /** Times a neighbour's stream stopped being read for a while because it was over its byte rate. */
  throttled: number
  /** Neighbours disconnected for staying over their rate. */
  rateLimitDisconnects: number
  /** Times a neighbour stayed over its rate and was not disconnected, as the node spares it (its frames are still dropped). */
  rateLimitSpared: number
  /** Frames dropped because their neighbour's queue was full. */
  queueOverflow: number
  /** Frames waiting now, over all neighbours. */
  queued: number
  /** Frames whose handling threw (caught, so one frame cannot stop the service of the others). */
  handleErrors: number
}

/** A frame as the length-prefixed decoder yields it (a Uint8ArrayList), undecoded. */
export interface Frame { readonly byteLength: number, subarray: () => Uint8Array }

/** A token bucket: `rate` tokens per second, at most `capacity` saved up. */
export class TokenBucket {
  readonly rate: number
  readonly capacity: number
  #tokens: number
  #at: number

  constructor (rate: number, capacity: number, now: number) {
    this.rate = rate
    this.capacity = capacity
    this.#tokens = capacity
    this.#at = now
  }

  /** Takes `n` tokens if there are that many at `now` (ms). */
  take (n: number, now: number): boolean {
    if (now > this.#at) {
      this.#tokens = Math.min(this.capacity, this.#tokens + (now - this.#at) * this.rate / 1000)
      this.#at = now
    }
    if (this.#tokens < n) return false
    this.#tokens -= n
    return true
  }

  /** The ms from `now` until the bucket is full again (0: it is). */
  refilledIn (now: number): number {
    this.take(0, now)
    return (this.capacity - this.#tokens) * 1000 / this.rate
  }

  /** Gives back `n` tokens (a frame the other bucket refused). */
  refund (n: number): void { this.#tokens = Math.min(this.capacity, this.#tokens + n) }

  /** Takes `n` tokens at `now`, on credit if there are not that many: the ms until the bucket is back at 0 (0: none owed). */
  borrow (n: number, now: number): number {
    this.take(0, now)
    this.#tokens -= n
    return this.#tokens >= 0 ? 0 : -this.#tokens * 1000 / this.rate
  }
}

/**
 * What one neighbour may send, over all its links: its token buckets, its
 * run over the rate, and the frames its queues hold. Shared by its links (one
 * per connection): each connection had buckets of its own, so a neighbour
 * that opened 64 (the gater's limit per address) had 64 times the rate.
 */
class PeerAllowance {
  /** Undefined: exempt from the rate limits. */
  readonly frames: TokenBucket | undefined
  readonly asked: TokenBucket | undefined
  readonly bytes: TokenBucket | undefined
  /** Start of the current run of drops, and the last drop (ms). */
  overSince = 0
  lastDrop = -Infinity
  disconnected = false
  /** Frames and bytes waiting in its links' queues together. */
  queuedFrames = 0
  queuedBytes = 0
  /** Its links' queues open now: with none, it is forgotten once forgetting it gives nothing back (restedAt). */
  links = 0
  /** The round of service it was last served in, and how many of its frames were handed on in that round. */
  round = -1
  served = 0

  constructor (limits: Required<ReceiveLimitsInit> | undefined, now: number) {
    this.frames = limits === undefined ? undefined : new TokenBucket(limits.framesPerSecond, limits.burstFrames, now)
    this.asked = limits === undefined ? undefined : new TokenBucket(limits.askedFramesPerSecond, 2 * limits.askedFramesPerSecond, now)
    this.bytes = limits === undefined ? undefined : new TokenBucket(limits.bytesPerSecond, limits.burstBytes, now)
  }

  /** When a fresh allowance would give it no more than this one: its buckets full, its run of drops over (ms). */
  restedAt (now: number): number {
    const refilled = Math.max(0, ...[this.frames, this.asked, this.bytes].map((b) => b?.refilledIn(now) ?? 0))
    return Math.max(now + refilled, this.lastDrop + 1000)
  }
}

/** One link's receive queue, under its neighbour's allowance. */
export class InboundQueue<L> {
  readonly link: L
  readonly allowance: PeerAllowance
  /** The allowance's key in the receiver, undefined for one of its own. */
  readonly peer: string | undefined
  queue: Frame[] = []
  head = 0
  bytes = 0
  ready = false
  /** Its link went away: it admits nothing more. */
  closed = false
  /** Closed with frames waiting: called once the last of them is handed on. */
  drained: (() => void) | undefined

  constructor (link: L, allowance: PeerAllowance, peer: string | undefined) {
    this.link = link
    this.allowance = allowance
    this.peer = peer
  }

  /** Whether a frame is within the frame rate at `now`. */
  admits (now: number): boolean {
    return this.allowance.frames === undefined || this.allowance.frames.take(1, now)
  }

  /** Whether a frame it was asked for is within the rate for those, past the frame rate, at `now`. */
  admitsAsked (now: number): boolean {
    return this.allowance.asked === undefined || this.allowance.asked.take(1, now)
  }

  /** Takes a frame's bytes from the byte rate: the ms its sender should not be read for (0: none). */
  owes (length: number, now: number): number {
    return this.allowance.bytes === undefined ? 0 : this.allowance.bytes.borrow(length, now)
  }
}

export interface FairReceiverComponents<L> {
  /** Decodes and handles one frame. Should not throw; a throw is caught and counted (handleErrors). */
  handle: (frame: Frame, link: L) => void
  /** A neighbour stayed over its rate too long: close its connections, and say so (false: spared, left linked). */
  disconnect: (link: L) => boolean
  /**
   * Whether a frame over its neighbour's frame rate answers a request this
   * node sent that neighbour: it is taken all the same, as it was asked for
   * (a server answering its router's clients faster than the rate was cut
   * off and banned by its own router). Asked only past the rate.
   */
  asked?: (frame: Frame, link: L) => boolean
}

export const DEFAULT_RECEIVE_LIMITS = {
  framesPerSecond: 5000,
  bytesPerSecond: 32 * 1024 * 1024,
  disconnectAfterMs: 10_000,
  sliceFrames: 32,
  maxQueuedFrames: 16_384,
  maxQueuedBytes: 128 * 1024 * 1024
}

/** Per-neighbour admission and round-robin service of their queues. */
export class FairReceiver<L> {
  readonly counters: ReceiveCounters = { rateLimited: 0, throttled: 0, rateLimitDisconnects: 0, rateLimitSpared: 0, queueOverflow: 0, queued: 0, handleErrors: 0 }
  readonly limits: Required<ReceiveLimitsInit>
  readonly #c: FairReceiverComponents<L>
  /** Queues with frames waiting, in service order. */
  #ready: Array<InboundQueue<L>> = []
  #scheduled = false
  #running = false
  /** Rounds of service so far: a neighbour's share of a round is counted by it (PeerAllowance.round). */
  #round = 0
  /** Allowances of neighbours with a link open, or closed lately (#resting), by the key `open` was given. */
  readonly #allowances = new Map<string, PeerAllowance>()
  /**
   * Allowances whose last link closed, by key, with when forgetting them loses nothing (restedAt), oldest first. Kept
   * till then: forgotten at once, a neighbour that closed its stream and opened another on the same connection (no
   * handshake, stream_rate_per_ip 500 a second) had a new link with a full burst and its byte debt gone each time.
   */
  readonly #resting = new Map<string, number>()
  readonly #nextRound = (): void => { this.#scheduled = false; this.run() }

  constructor (init: ReceiveLimitsInit, largestFrame: number, components: FairReceiverComponents<L>, counters?: ReceiveCounters) {
    if (counters !== undefined) this.counters = counters
    const given = Object.fromEntries(Object.entries(init).filter(([, v]) => v !== undefined)) as ReceiveLimitsInit
    const merged = { ...DEFAULT_RECEIVE_LIMITS, ...given }
    this.limits = {
      ...merged,
      burstFrames: Math.max(1, given.burstFrames ?? 2 * merged.framesPerSecond),
      askedFramesPerSecond: given.askedFramesPerSecond ?? 8 * merged.framesPerSecond,
      // Bytes are taken on credit, so a frame larger than the bucket still goes through (and its sender waits).
      burstBytes: Math.max(1, given.burstBytes ?? 2 * largestFrame)
    }
    this.#c = components
  }

  /**
   * A link's queue; `exempt` ones are not rate-limited (configured neighbours, allow-listed addresses). The links
   * opened with one `peer` (a neighbour's node name, one link per connection) share its allowance while any is
   * open, and until its buckets have refilled after the last closed, exempt and other links apart; without one,
   * the link has an allowance of its own.
   */
  open (link: L, exempt: boolean, now = performance.now(), peer?: string): InboundQueue<L> {
    this.#forgetRested(now)
    const key = peer === undefined ? undefined : `${exempt ? 'exempt' : 'limited'} ${peer}`
    let allowance = key === undefined ? undefined : this.#allowances.get(key)
    if (allowance === undefined) {
      allowance = new PeerAllowance(exempt ? undefined : this.limits, now)
      if (key !== undefined) this.#allowances.set(key, allowance)
    }
    if (key !== undefined) this.#resting.delete(key)
    // Linked again after it was disconnected (its ban over, or none): staying over the rate cuts it off again.
    if (allowance.links === 0) allowance.disconnected = false
    allowance.links++
    return new InboundQueue(link, allowance, key)
  }

  /**
   * The link went away: it admits nothing more, and what it sent and is still queued is handed on in its turns as
   * before (`drained` is called once the last of it is, at once if none waits). Dropped, replies that had arrived
   * whole were lost, their requesters told the link was down instead. Until then its frames count against its
   * neighbour's bounds, and its allowance is not forgotten: a new link of the neighbour shares them, so opening and
   * closing links gains no room. With its neighbour's last link, its allowance rests.
   */
  close (q: InboundQueue<L>, now = performance.now(), drained?: () => void): void {
    if (q.closed) return
    q.closed = true
    if (q.head === q.queue.length) drained?.()
    else q.drained = drained
    if (--q.allowance.links === 0 && q.peer !== undefined) this.#resting.set(q.peer, q.allowance.restedAt(now))
    this.#forgetRested(now)
  }

  /** A link went away and what it had queued is not to be handled (the node stops): dropped, and `drained` called at once. */
  discard (q: InboundQueue<L>, now = performance.now(), drained?: () => void): void {
    const waiting = q.queue.length - q.head
    this.counters.queued -= waiting
    q.allowance.queuedFrames -= waiting
    q.allowance.queuedBytes -= q.bytes
    q.queue = []
    q.head = 0
    q.bytes = 0
    this.close(q, now, drained)
  }

  /** Forgets the allowances whose links all closed that have rested by `now`: a fresh one would give no more. */
  #forgetRested (now: number): void {
    // In the order their links closed: one still resting stops the pass (those after it go on a later one), and so does
    // one whose closed links' frames still wait (forgotten, a new link of its neighbour had the whole bounds again).
    for (const [key, restedAt] of this.#resting) {
      if (restedAt > now || this.#allowances.get(key)!.queuedFrames > 0) break
      this.#resting.delete(key)
      this.#allowances.delete(key)
    }
  }

  /**
   * Admits one frame that arrived at `now` (performance.now()), or drops and
   * counts it (over the frame rate, or the queue full). Returns the ms the
   * neighbour's stream should not be read for, its byte rate spent (0: read on).
   */
  admit (q: InboundQueue<L>, frame: Frame, now: number): number {
    if (q.closed) return 0
    const length = frame.byteLength
    const peer = q.allowance
    if (!q.admits(now) && !(this.#c.asked?.(frame, q.link) === true && q.admitsAsked(now))) {
      this.counters.rateLimited++
      if (now - peer.lastDrop > 1000) peer.overSince = now
      peer.lastDrop = now
      if (now - peer.overSince >= this.limits.disconnectAfterMs && !peer.disconnected) {
        if (this.#c.disconnect(q.link)) {
          peer.disconnected = true
          this.counters.rateLimitDisconnects++
        } else {
          // Spared: counted again if it stays over for another disconnectAfterMs.
          peer.overSince = now
          this.counters.rateLimitSpared++
        }
      }
      return 0
    }
    const owed = q.owes(length, now)
    if (owed > 0) this.counters.throttled++
    const waiting = peer.queuedFrames
    if (waiting > 0 && (waiting >= this.limits.maxQueuedFrames || peer.queuedBytes + length > this.limits.maxQueuedBytes)) { this.counters.queueOverflow++; return owed }
    q.queue.push(frame)
    q.bytes += length
    peer.queuedFrames++
    peer.queuedBytes += length
    this.counters.queued++
    if (!q.ready) { q.ready = true; this.#ready.push(q) }
    return owed
  }

  /**
   * Serves one round: each queue with frames hands on up to `sliceFrames`
   * of them. Called after a 'message' event's frames were admitted (at rest
   * that handles them at once) and again by setImmediate while frames wait.
   */
  run (): void {
    if (this.#running || this.#scheduled) return
    this.#running = true
    try {
      const round = this.#ready
      this.#ready = []
      this.#round++
      // Links whose neighbour's slice its other links took this round: they go first in the next, or a link behind
      // a busy one of the same neighbour waited until that one's whole backlog was handled.
      const passedOver: Array<InboundQueue<L>> = []
      for (const q of round) {
        // A neighbour's links share its slice of the round, as they share its allowance.
        const peer = q.allowance
        if (peer.round !== this.#round) { peer.round = this.#round; peer.served = 0 }
        const turn = peer.served < this.limits.sliceFrames
        const end = Math.min(q.queue.length, q.head + this.limits.sliceFrames - peer.served)
        while (q.head < end) {
          const frame = q.queue[q.head]!
          q.queue[q.head++] = undefined as unknown as Frame // let it be collected
          q.bytes -= frame.byteLength
          peer.queuedFrames--
          peer.queuedBytes -= frame.byteLength
          peer.served++
          this.counters.queued--
          try { this.#c.handle(frame, q.link) } catch { this.counters.handleErrors++ }
        }
        if (q.head < q.queue.length) {
          (turn ? this.#ready : passedOver).push(q)
          // A queue that never empties: drop the handled front now and then, not on every frame.
          if (q.head >= 4096) { q.queue = q.queue.slice(q.head); q.head = 0 }
        } else {
          q.ready = false; q.queue = []; q.head = 0; q.bytes = 0
          const drained = q.drained
          q.drained = undefined
          drained?.()
        }
      }
      if (passedOver.length > 0) this.#ready = [...passedOver, ...this.#ready]
    } finally {
      this.#running = false
    }
    if (this.#ready.length > 0) { this.#scheduled = true; setImmediate(this.#nextRound) }
  }
}

/**
 * A rate shared evenly among the neighbours that used it in the last
 * second: each may take its share (the rate divided by their number, a
 * second's worth at once), and one that asks for more gets it only while
 * much of the whole rate goes unused; the others always get their shares.
 * Two uses in the forwarder:
 *
 * - what a router passes up to its parent (`upstream_requests_per_second`):
 *   a parent limits what each neighbour sends it, and disconnects and bans
 *   one that stays over, so a child router that passed up every request
 *   its clients sent let one anonymous client, asking for names nobody
 *   serves, get the whole child domain cut off from the parent (found by an
 *   attack on the domains);
 * - the lookups a router makes for names it has no route to (`lookup_rate`):
 *   each costs DHT queries here and, when it finds nothing, at the parent
 *   the request goes up to; four anonymous clients asking for random names
 *   made a lookup router do 5,905 lookups in 20 s, and its parent 1,218;
 * - the AdCert signature checks a router does for the advertisements and
 *   route announcements of all its neighbours together (route-table.ts):
 *   any peer is a server over its own link, so a budget per link let a peer
 *   linked under many keys take as many budgets.
 *
 * Pure: the caller gives the time.
 */

/** Sources a share is remembered for, at most; the ones idle longest are forgotten first. */
const MAX_SOURCES = 4096
/** A source that sent nothing up for this long no longer counts among those sharing. */
const ACTIVE_MS = 1000

interface Share { tokens: number, at: number, lastUse: number }

export class FairShares {
  readonly ratePerSecond: number
  /** Seconds' worth a share, and the whole, hold at most: how large a take may be at once. */
  readonly #burstSeconds: number
  readonly #sources = new Map<string, Share>()
  #lastPrune = 0
  /** The rate over all sources: what is left of it lets a source take past its share. */
  #tokens: number
  #at = 0

  /**
   * `ratePerSecond`: takes a second in all. Each neighbour's share is a
   * token bucket of rate / active neighbours, `burstSeconds`' worth at once,
   * its own whatever the others did (a bucket over all of them alone would
   * let the first to come empty it). Past its share a neighbour may still
   * take while more than half a second of the whole rate stays unused, so
   * one that sends much beside others that send little is not held to an
   * even split of what they leave.
   */
  constructor (ratePerSecond: number, burstSeconds = 1) {
    this.ratePerSecond = ratePerSecond
    this.#burstSeconds = burstSeconds
    this.#tokens = ratePerSecond * burstSeconds
  }

  /** Neighbours that took in the last second. */
  get active (): number {
    return this.#sources.size
  }

  /** What `source` may take now without going past its share (`now`: ms, monotonic). */
  available (source: string, now: number): number {
    const share = this.#sources.get(source)
    const each = this.#each(share === undefined ? this.#sources.size + 1 : this.#sources.size)
    return share === undefined ? Math.max(1, each) : Math.min(Math.max(1, each), share.tokens + Math.max(0, now - share.at) * each / (1000 * this.#burstSeconds))
  }

  /** Whether `source` may take `count` more now (`now`: ms, monotonic); takes them if so. */
  take (source: string, now: number, count = 1): boolean {
    this.#prune(now)
    let share = this.#sources.get(source)
    if (share === undefined) {
      if (this.#sources.size >= MAX_SOURCES) this.#sources.delete(this.#sources.keys().next().value!)
      // A newcomer starts with a full share.
      share = { tokens: Infinity, at: now, lastUse: now }
      this.#sources.set(source, share)
    }
    const rate = this.ratePerSecond
    const each = this.#each(this.#sources.size)
    share.tokens = Math.min(Math.max(1, each), share.tokens + Math.max(0, now - share.at) * each / (1000 * this.#burstSeconds))
    share.at = now
    this.#tokens = Math.min(rate * this.#burstSeconds, this.#tokens + Math.max(0, now - this.#at) * rate / 1000)
    this.#at = now
    if (share.tokens >= count) share.tokens -= count
    else if (this.#tokens - (count - 1) < rate / 2) return false
    // Shares taken when the whole is spent still count against it, a burst's worth at most.
    this.#tokens = Math.max(-rate * this.#burstSeconds, this.#tokens - count)
    share.lastUse = now
    // Kept in the order of last use, so the front is the one idle longest.
    this.#sources.delete(source)
    this.#sources.set(source, share)
    return true
  }

  /**
   * A burst of a share's even part of the rate among `sources`. A share
   * holds at least one, and fills at its part of the rate: with more
   * sources than the whole burst holds, a share of less than one never
   * took a thing, and the sources got only what those forgotten after a
   * second idle let through (20 addresses sending DHT messages to a lookup
   * router of 100 a second, 10 at once, had 8 a second answered).
   */
  #each (sources: number): number {
    return this.ratePerSecond * this.#burstSeconds / Math.max(1, sources)
  }

  /** Forgets the sources idle for a second, at most once every 100 ms: the map is in order of last use. */
  #prune (now: number): void {
    if (now - this.#lastPrune < 100) return
    this.#lastPrune = now
    for (const [source, share] of this.#sources) {
      if (now - share.lastUse < ACTIVE_MS) break
      this.#sources.delete(source)
    }
  }
}

/**
 * Routes by flat name. A capsule may have several routes (replicas, or one
 * replica reachable several ways): lookups pick the cheapest live one, which
 * is anycast to the nearest replica.
 *
 * Routes are grouped by where they come from: one ServerSet per (server,
 * next hop) holds the cost and lifetime shared by every capsule that server
 * advertised through that neighbour, so refreshing a set of a million routes
 * is one assignment, and each route costs a map entry and a small object
 * (docs/routing.md section 4: about 150 bytes).
 */
import { formatName } from '../capsule/name.js'
import { binaryKey, bytesOfKey, compareBytes } from '../crypto/bytes.js'
import { MalformedMessageError } from '../errors.js'
import { fixedBytes, pb, safeUint } from '../wire/index.js'
import { equalBytes } from '../crypto/hash.js'
import { CertificateError, type CertificateProblem } from '../errors.js'
import { CLOCK_SKEW_US, EMPTY_SET_DIGEST, toggleSetDigest, verifyAdvertisement, type SignedAdvertisement, type TrustPolicy } from './certificates.js'
import { verifyRouteAnnouncement, type SignedRouteAnnouncement } from './announcements.js'
import { nodeName } from './signing.js'
import { FairShares } from './fair-shares.js'

export interface Route {
  capsule: Uint8Array
  /** The storage server the route ends at. */
  server: Uint8Array
  /** The neighbour PDUs go to next (the server itself when directly attached). */
  nextHop: Uint8Array
  /** Server's cost plus the link costs on the way. */
  cost: number
  expiresAtUs: number
}

/** How a router learnt a server's set: from the server itself, in a route announcement of a neighbour router, or from a lookup. */
export type RouteOrigin = 'attached' | 'announced' | 'lookup'

/** What one server advertised through one neighbour, as this router holds it. */
interface ServerSet {
  readonly id: string
  readonly server: Uint8Array
  readonly nextHop: Uint8Array
  origin: RouteOrigin
  cost: number
  expiresAtUs: number
  /** Members (routes and refused names), and the XOR of their names: compared with what the server states. */
  count: number
  digest: Uint8Array
  /**
   * Names the server lists whose chain failed: never routes, held (at most
   * MAX_REFUSED_MEMBERS, and the neighbour's bound on them: refuseMember)
   * only so that the count and digest agree with the server's, by the
   * snapshot generation that listed them.
   */
  readonly refused: Map<string, Member>
  /**
   * The set lists refused names this router did not hold (past
   * MAX_REFUSED_MEMBERS, or the neighbour's bound on them): its count and
   * digest cannot agree with the server's until a snapshot is held whole.
   */
  unmatched: boolean
  /** Snapshots asked of it since it became unmatched: each waits twice as long as the one before (snapshotDue). */
  unmatchedAsks: number
  /** RouteTable's count of refused names let go when this set last found no room for one: room freed since ends its wait. */
  fullAt: number
  /** Generation of the members; a finished snapshot removes the older ones. */
  epoch: number
  snapshot: { firstSequence: number, epoch: number, count: number, digest: Uint8Array, unmatched: boolean } | undefined
  /** When this router last asked for a snapshot of this set (performance.now(), ms): how often it asks is snapshotDue's. */
  resyncAskedAt: number
  /** The routing domain of the router that relayed it (its membership, checked); undefined for a set learnt otherwise. */
  domain: Uint8Array | undefined
  /**
   * The first of its routes (the server's own name's included), each linked
   * to the next: ending the set or its snapshot walks these, not the whole
   * table. Found through the table by name, a set's few routes were sought
   * among every server's, and any peer (a server over its own link) sending
   * empty one-page snapshots, one signature check each, held a router of a
   * million routes in passes over all of them.
   */
  first: RouteEntry | undefined
  /** Its server's and next hop's names as text, the order of the admin API's routes view; set when first ordered. */
  viewKey: string | undefined
}

/** A server's set that went with a link: the server, the end the set had, and how it was learnt. */
export interface LostSet { server: Uint8Array, expiresAtUs: number, origin: RouteOrigin }

/** A server this router holds a live set of, through one neighbour (what a replica proposal is made from). */
export interface KnownServerSet {
  server: Uint8Array
  /** The neighbour its advertisements come through: the server itself when attached here. */
  nextHop: Uint8Array
  cost: number
  /** The domain of the router that relayed the set, when it came in a route announcement. */
  relayDomain: Uint8Array | undefined
}

/** A server set as operators see it (the admin API's routes view). */
export interface ServerSetSummary extends KnownServerSet {
  origin: RouteOrigin
  expiresAtUs: number
  /** Capsules in the set, routable or not. */
  members: number
  /** Refused names held (never routed, counted in members). */
  refused: number
  /** The set lists refused names this router did not hold: its copy cannot agree with the server's, and snapshots of it are asked less and less often. */
  unmatched: boolean
}

/** A member of a server's set, by the snapshot generation that last listed it. */
interface Member { epoch: number }

/**
 * A route: a member of a server's set whose chain held. `notAfterS` is the
 * end of its AdCert in seconds (a small integer, so V8 stores it inline).
 */
interface RouteEntry extends Member {
  readonly set: ServerSet
  notAfterS: number
  /** Its name as the table's key. */
  readonly key: string
  /** Its neighbours among its set's routes (ServerSet.first). */
  before: RouteEntry | undefined
  after: RouteEntry | undefined
}

/** The epoch of a set's entry for the server's own node name, which no snapshot removes. */
const SELF_EPOCH = -1
const NEVER_S = 2 ** 31 - 1
/**
 * Refused names one set holds, at most: enough for an honest server's few
 * (an AdCert that ended before the server withdrew it), while a peer that
 * lists junk holds no more than this. Past it a refused name is not held:
 * the set's digest then differs from the server's, and it is unmatched (snapshotDue).
 */
export const MAX_REFUSED_MEMBERS = 1024
/** A router asks one set for a snapshot at most this often. */
export const RESYNC_INTERVAL_MS = 5000
/**
 * How long a router waits to ask again for a snapshot of a set that lists
 * refused names it did not hold, after the first ask (then twice as long
 * each time, up to MAX_UNMATCHED_RESYNC_MS): such a snapshot most likely
 * ends the same way, and asked every RESYNC_INTERVAL_MS a child router's
 * sets of junk had their servers resend them whole, checked again, for good.
 */
export const UNMATCHED_RESYNC_MS = 60_000
export const MAX_UNMATCHED_RESYNC_MS = 3_600_000

/** Capsule names as map keys: one-byte strings of the 32 raw bytes (48 bytes of heap each). */
const key = binaryKey
const setId = (server: Uint8Array, nextHop: Uint8Array): string => key(server) + key(nextHop)

/** How long a withdrawn route still takes what would otherwise be refused (docs/routing.md section 4). */
export const WITHDRAWN_GRACE_MS = 5000
/** Withdrawn routes remembered for that grace, at most. */
export const MAX_WITHDRAWN = 10_000

export class RouteTable {
  readonly #routes = new Map<string, RouteEntry | RouteEntry[]>()
  /**
   * Routes their server withdrew lately (a capsule that moved, a server that
   * left for another router), by name: the next hop they had, until when
   * (ms). A request that would otherwise be refused (no route here, and the
   * default route is where it came from: the parent has not heard of the
   * withdrawal yet) still goes there, where it is served or passed on.
   */
  readonly #withdrawn = new Map<string, { nextHop: Uint8Array, until: number }>()
  readonly #sets = new Map<string, ServerSet>()
  #size = 0
  /** Routes through each next hop (its name's key), the servers' own names' included: what maxRoutesPerNeighbour bounds. */
  readonly #routesVia = new Map<string, number>()
  /** Refused names held in the sets through each next hop: what maxRefusedPerNeighbour bounds. */
  readonly #refusedVia = new Map<string, number>()
  /** Refused names let go, ever: a clock of room freed. */
  #refusedFreed = 0
  /**
   * Room freed through each next hop that has sets (a refused name let go, or
   * a set gone): the clock's value then (`freed`), and the value its unmatched
   * sets were last shown, and when (performance.now(), ms): snapshotDue.
   */
  readonly #roomFreedVia = new Map<string, { freed: number, shown: number, shownAtMs: number }>()
  /** The sets in the routes view's order, until a set comes or goes. */
  #ordered: ServerSet[] | undefined

  /** The set of `server`'s routes through `nextHop`, created empty when missing. */
  serverSet (server: Uint8Array, nextHop: Uint8Array, cost: number, expiresAtUs: number, origin: RouteOrigin): ServerSet {
    const id = setId(server, nextHop)
    let set = this.#sets.get(id)
    if (set === undefined) {
      set = { id, server, nextHop, origin, cost, expiresAtUs, count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST), refused: new Map(), unmatched: false, unmatchedAsks: 0, fullAt: 0, epoch: 0, snapshot: undefined, resyncAskedAt: -Infinity, domain: undefined, first: undefined, viewKey: undefined }
      this.#sets.set(id, set)
      this.#ordered = undefined
      // The server's own node name is self-certifying (the hash of the key that signed): route it too, so create requests reach it.
      this.#put(server, set, NEVER_S, SELF_EPOCH)
    }
    set.cost = cost
    set.expiresAtUs = expiresAtUs
    // An advertisement says more than a lookup's answer about the same set.
    if (origin !== 'lookup') set.origin = origin
    return set
  }

  existingSet (server: Uint8Array, nextHop: Uint8Array): ServerSet | undefined {
    return this.#sets.get(setId(server, nextHop))
  }

  /** The sets whose server refreshed them within their lifetime, one per (server, next hop). */
  liveSets (nowUs: number): KnownServerSet[] {
    const live: KnownServerSet[] = []
    for (const s of this.#sets.values()) {
      if (s.expiresAtUs >= nowUs) live.push({ server: s.server, nextHop: s.nextHop, cost: s.cost, relayDomain: s.domain })
    }
    return live
  }

  /** Every set held, live or not yet expired, with its origin and size. */
  summaries (): ServerSetSummary[] {
    return [...this.#sets.values()].map(summaryOf)
  }

  /**
   * The sets whose server's and next hop's names as text (formatName, one
   * after the other) come after `after`, in that order, at most `limit`, and
   * whether more follow: a binary search in an order kept until a set comes
   * or goes, so a page costs its own size, not a sort of every set.
   */
  summaryPage (after: string | undefined, limit: number): { sets: Array<ServerSetSummary & { key: string }>, more: boolean } {
    const ordered = this.#ordered ??= this.#orderSets()
    let low = 0
    if (after !== undefined) {
      for (let high = ordered.length; low < high;) {
        const middle = (low + high) >>> 1
        if (ordered[middle]!.viewKey! > after) high = middle
        else low = middle + 1
      }
    }
    const sets = ordered.slice(low, low + limit).map((s) => ({ ...summaryOf(s), key: s.viewKey! }))
    return { sets, more: low + limit < ordered.length }
  }

  /** In code-unit order, the one `>` pages by: sorted by localeCompare (case, '-' and '_' placed otherwise), paging skipped sets. */
  #orderSets (): ServerSet[] {
    const sets = [...this.#sets.values()]
    for (const s of sets) s.viewKey ??= formatName(s.server) + formatName(s.nextHop)
    return sets.sort((a, b) => a.viewKey! < b.viewKey! ? -1 : a.viewKey! > b.viewKey! ? 1 : 0)
  }

  /** Routes to capsules by how their sets were learnt: the servers' own names are not counted (size counts them). */
  capsuleRoutesByOrigin (): Record<RouteOrigin, number> {
    const byOrigin: Record<RouteOrigin, number> = { attached: 0, announced: 0, lookup: 0 }
    for (const set of this.#sets.values()) byOrigin[set.origin] += set.count
    return byOrigin
  }

  /** Sets learned straight from the server (next hop = server). */
  directSets (): Array<{ server: Uint8Array }> {
    return [...this.#sets.values()].filter((s) => equalBytes(s.server, s.nextHop))
  }

  /** The entry of `capsule` in `set`, if it is a member. */
  #entry (capsule: string, set: ServerSet): RouteEntry | undefined {
    const found = this.#routes.get(capsule)
    if (found === undefined) return undefined
    if (!Array.isArray(found)) return found.set === set ? found : undefined
    return found.find((e) => e.set === set)
  }

  /** Adds `capsule` to `set` (or updates it); returns the entry and whether it is new. */
  #put (capsule: Uint8Array, set: ServerSet, notAfterS: number, epoch: number): { entry: RouteEntry, fresh: boolean } {
    const k = key(capsule)
    const existing = this.#entry(k, set)
    if (existing !== undefined) {
      existing.notAfterS = notAfterS
      const entry = existing
      return { entry, fresh: false }
    }
    const entry: RouteEntry = { set, notAfterS, epoch, key: k, before: undefined, after: set.first }
    if (set.first !== undefined) set.first.before = entry
    set.first = entry
    const found = this.#routes.get(k)
    if (found === undefined) this.#routes.set(k, entry)
    else if (Array.isArray(found)) found.push(entry)
    else this.#routes.set(k, [found, entry])
    this.#size++
    const via = key(set.nextHop)
    this.#routesVia.set(via, (this.#routesVia.get(via) ?? 0) + 1)
    return { entry, fresh: true }
  }

  /** Takes `e` out of its set's routes, and out of its next hop's count. */
  #unlink (e: RouteEntry): void {
    unlink(e)
    const via = key(e.set.nextHop)
    const n = (this.#routesVia.get(via) ?? 1) - 1
    if (n > 0) this.#routesVia.set(via, n)
    else this.#routesVia.delete(via)
  }

  /** Routes held through `nextHop`, over all the sets through it, the servers' own names' included. */
  routesVia (nextHop: Uint8Array): number {
    return this.#routesVia.get(key(nextHop)) ?? 0
  }

  #remove (k: string, keep: (e: RouteEntry) => boolean): number {
    const found = this.#routes.get(k)
    if (found === undefined) return 0
    if (!Array.isArray(found)) {
      if (keep(found)) return 0
      this.#unlink(found)
      this.#routes.delete(k)
      this.#size--
      return 1
    }
    const kept = found.filter(keep)
    for (const e of found) if (!kept.includes(e)) this.#unlink(e)
    const removed = found.length - kept.length
    if (kept.length === 0) this.#routes.delete(k)
    else if (kept.length === 1) this.#routes.set(k, kept[0]!)
    else if (removed > 0) this.#routes.set(k, kept)
    this.#size -= removed
    return removed
  }

  /** Removes every route of `set` that `drop` selects; one pass over the set's routes. */
  #sweep (set: ServerSet, drop: (e: RouteEntry) => boolean): number {
    let removed = 0
    for (let entry = set.first; entry !== undefined;) {
      const after = entry.after
      if (drop(entry)) { const dropped = entry; removed += this.#remove(dropped.key, (e) => e !== dropped) }
      entry = after
    }
    return removed
  }

  /** Adds `capsule` to `set` as a route, valid until `notAfterUs` (a name refused before becomes a route). */
  addMember (set: ServerSet, capsule: Uint8Array, notAfterUs: number): void {
    const notAfterS = Math.min(NEVER_S, Math.floor(notAfterUs / 1e6))
    // Routable never: what a refused name is (exported routing state writes them so).
    if (notAfterS <= 0) { this.refuseMember(set, capsule); return }
    const k = key(capsule)
    const refused = set.refused.get(k)
    if (refused !== undefined) this.#forgetRefused(set, k)
    const { entry, fresh } = this.#put(capsule, set, notAfterS, refused?.epoch ?? set.snapshot?.epoch ?? set.epoch)
    this.#counted(set, capsule, entry, fresh && refused === undefined)
  }

  /**
   * Holds `capsule`, whose chain failed, as a member of `set` that is never
   * routed (a route to it goes); false when the set holds MAX_REFUSED_MEMBERS
   * such already, or the sets through its next hop `maxRefusedVia`, and the
   * name is not held: the set is then unmatched.
   */
  refuseMember (set: ServerSet, capsule: Uint8Array, maxRefusedVia = Infinity): boolean {
    // The server's own name is routed on its key's word: an AdCert naming it changes nothing.
    if (equalBytes(capsule, set.server)) return false
    const k = key(capsule)
    let member = set.refused.get(k)
    let fresh = false
    if (member === undefined) {
      const route = this.#entry(k, set)
      // A route taken back is a member still: held, as it costs no more than it did.
      if (route === undefined && (set.refused.size >= MAX_REFUSED_MEMBERS || this.refusedVia(set.nextHop) >= maxRefusedVia)) {
        set.unmatched = true
        set.fullAt = this.#refusedFreed
        if (set.snapshot !== undefined) set.snapshot.unmatched = true
        return false
      }
      if (route !== undefined) this.#remove(k, (e) => e !== route)
      fresh = route === undefined
      member = { epoch: route?.epoch ?? set.snapshot?.epoch ?? set.epoch }
      set.refused.set(k, member)
      this.#countRefused(set.nextHop, 1)
    }
    this.#counted(set, capsule, member, fresh)
    return true
  }

  /** Counts a member listed now in `set` (and in its snapshot, once per snapshot: one counted there already is only refreshed). */
  #counted (set: ServerSet, capsule: Uint8Array, member: Member, fresh: boolean): void {
    const snapshot = set.snapshot
    if (snapshot !== undefined && (fresh || member.epoch !== snapshot.epoch)) {
      member.epoch = snapshot.epoch
      snapshot.count++
      toggleSetDigest(snapshot.digest, capsule)
    }
    if (fresh) { set.count++; toggleSetDigest(set.digest, capsule) }
  }

  /** Whether `capsule` is routed through `set` (a member, not a refused one). */
  isRoute (set: ServerSet, capsule: Uint8Array): boolean {
    return this.#entry(key(capsule), set) !== undefined
  }

  /** Routes `set` holds (its members but the refused ones). */
  routeCount (set: ServerSet): number {
    return set.count - set.refused.size
  }

  /** Refused names held in the sets through `nextHop`. */
  refusedVia (nextHop: Uint8Array): number {
    return this.#refusedVia.get(key(nextHop)) ?? 0
  }

  #countRefused (nextHop: Uint8Array, change: number): void {
    const via = key(nextHop)
    if (change < 0) {
      this.#refusedFreed -= change
      const room = this.#roomFreedVia.get(via)
      if (room === undefined) this.#roomFreedVia.set(via, { freed: this.#refusedFreed, shown: 0, shownAtMs: -Infinity })
      else room.freed = this.#refusedFreed
    }
    const n = (this.#refusedVia.get(via) ?? 0) + change
    if (n > 0) this.#refusedVia.set(via, n)
    else this.#refusedVia.delete(via)
  }

  /** Takes refused name `k` out of `set`; whether it was there. */
  #forgetRefused (set: ServerSet, k: string): boolean {
    if (!set.refused.delete(k)) return false
    this.#countRefused(set.nextHop, -1)
    return true
  }

  /**
   * Whether to ask now for a snapshot of `set`, whose copy differs from what
   * its server states, noting the ask: at most every RESYNC_INTERVAL_MS, and
   * for an unmatched set, after the first ask, UNMATCHED_RESYNC_MS and twice
   * that each time (up to MAX_UNMATCHED_RESYNC_MS), as its snapshot most
   * likely ends unmatched again; but at the usual rate again once refused
   * names through its next hop were let go since it last found no room for
   * one (a set there withdrew them or went): waiting out the back-off, a set
   * stayed unmatched up to an hour with room to be held whole. Room freed
   * through a next hop is shown to its sets at most once per
   * UNMATCHED_RESYNC_MS: a server behind the same child router withdrawing a
   * refused name and listing it again had every unmatched set there asked for
   * a full snapshot at each of its updates.
   */
  snapshotDue (set: ServerSet, nowMs: number): boolean {
    if (set.unmatched && set.refused.size < MAX_REFUSED_MEMBERS && this.#roomShownVia(set.nextHop, nowMs) > set.fullAt) {
      set.unmatchedAsks = 0
      set.fullAt = this.#refusedFreed
    }
    const wait = !set.unmatched || set.unmatchedAsks === 0 ? RESYNC_INTERVAL_MS : Math.min(MAX_UNMATCHED_RESYNC_MS, UNMATCHED_RESYNC_MS * 2 ** (set.unmatchedAsks - 1))
    if (nowMs - set.resyncAskedAt < wait) return false
    set.resyncAskedAt = nowMs
    if (set.unmatched) set.unmatchedAsks++
    return true
  }

  /** The clock of room freed as the unmatched sets through `nextHop` see it at `nowMs`: brought up to date once per UNMATCHED_RESYNC_MS at most. */
  #roomShownVia (nextHop: Uint8Array, nowMs: number): number {
    const room = this.#roomFreedVia.get(key(nextHop))
    if (room === undefined) return 0
    if (room.freed > room.shown && nowMs - room.shownAtMs >= UNMATCHED_RESYNC_MS) {
      room.shown = room.freed
      room.shownAtMs = nowMs
    }
    return room.shown
  }

  /** Notes that `set` agrees with what its server states: whatever it did not hold is gone, and snapshots are asked at the usual rate again. */
  agreed (set: ServerSet): void {
    set.unmatched = false
    set.unmatchedAsks = 0
  }

  /** Removes `capsule` from `set`. */
  removeMember (set: ServerSet, capsule: Uint8Array): void {
    if (equalBytes(capsule, set.server)) return
    if (this.#forgetRefused(set, key(capsule))) {
      set.count--
      toggleSetDigest(set.digest, capsule)
    } else if (this.#remove(key(capsule), (e) => e.set !== set) > 0) {
      set.count--
      toggleSetDigest(set.digest, capsule)
      this.#rememberWithdrawn(capsule, set.nextHop)
    }
  }

  #rememberWithdrawn (name: Uint8Array, nextHop: Uint8Array): void {
    const k = key(name)
    const now = performance.now()
    // Kept in the order they end (a name withdrawn again goes last), so those ended, then the oldest while full, are
    // at the front: a pass over all of them for each one past the limit cost a set of 100,000 routes withdrawn or
    // leaving about 10^9 steps, and a server adding and withdrawing its capsules held its router so.
    this.#withdrawn.delete(k)
    for (const [oldest, w] of this.#withdrawn) {
      if (w.until > now && this.#withdrawn.size < MAX_WITHDRAWN) break
      this.#withdrawn.delete(oldest)
    }
    this.#withdrawn.set(k, { nextHop, until: now + WITHDRAWN_GRACE_MS })
  }

  /** The next hop a route to `name` had before its server withdrew it, within WITHDRAWN_GRACE_MS. */
  withdrawnNextHop (name: Uint8Array): Uint8Array | undefined {
    const w = this.#withdrawn.get(key(name))
    if (w === undefined) return undefined
    if (w.until > performance.now()) return w.nextHop
    this.#withdrawn.delete(key(name))
    return undefined
  }

  /** Starts a full snapshot of `set`: members are counted afresh, the old ones still route meanwhile. */
  beginSnapshot (set: ServerSet, firstSequence: number): void {
    set.snapshot = { firstSequence, epoch: set.epoch + 1, count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST), unmatched: false }
  }

  /** Ends the snapshot of `set`: members it did not list go. */
  endSnapshot (set: ServerSet): void {
    const snapshot = set.snapshot
    if (snapshot === undefined) return
    this.#sweep(set, (e) => e.epoch !== SELF_EPOCH && e.epoch !== snapshot.epoch)
    for (const [k, member] of set.refused) if (member.epoch !== snapshot.epoch) this.#forgetRefused(set, k)
    set.epoch = snapshot.epoch
    // Held whole, the snapshot is what the server states; if not, asked again only after a while (snapshotDue). The
    // names it let go of its own were room its snapshot had, not room freed since.
    set.unmatched = snapshot.unmatched
    if (!set.unmatched) set.unmatchedAsks = 0
    else set.fullAt = this.#refusedFreed
    set.count = snapshot.count
    set.digest = snapshot.digest
    set.snapshot = undefined
  }

  /**
   * Adds or refreshes a single route (one a lookup found), in the set of its
   * server and next hop; false, and nothing changed, when the routes it would
   * add (the capsule's, and the server's own name's for a new set) take the
   * sets through its next hop past `maxRoutesVia`. Renewing a route is always
   * taken. Counted against that bound, lookup routes were never held to it:
   * lookups for names a DHT record sends through one router grew its count
   * past any bound, and no advertisement through it was taken after.
   */
  install (route: Route, maxRoutesVia = Infinity): boolean {
    const existing = this.existingSet(route.server, route.nextHop)
    const capsuleIsNew = !equalBytes(route.capsule, route.server) && (existing === undefined || !this.isRoute(existing, route.capsule))
    const newRoutes = (existing === undefined ? 1 : 0) + (capsuleIsNew ? 1 : 0)
    if (newRoutes > 0 && this.routesVia(route.nextHop) + newRoutes > maxRoutesVia) return false
    const set = this.serverSet(route.server, route.nextHop, route.cost, Math.max(route.expiresAtUs, existing?.expiresAtUs ?? 0), 'lookup')
    if (!equalBytes(route.capsule, route.server)) this.addMember(set, route.capsule, route.expiresAtUs)
    return true
  }

  /**
   * Removes every route through `nextHop` (a neighbour that went away);
   * returns the servers whose sets went, each with the end its set had.
   */
  dropNextHop (nextHop: Uint8Array): LostSet[] {
    const gone = new Set<ServerSet>()
    for (const set of this.#sets.values()) if (equalBytes(set.nextHop, nextHop)) gone.add(set)
    return this.#lose(gone)
  }

  /**
   * Removes the sets of `servers` held through `nextHop` (a child router
   * lost its links to them), as dropNextHop does for a neighbour lost here;
   * returns those that were held.
   */
  dropServersVia (nextHop: Uint8Array, servers: Uint8Array[]): LostSet[] {
    const gone = new Set<ServerSet>()
    for (const server of servers) {
      const set = this.existingSet(server, nextHop)
      if (set !== undefined) gone.add(set)
    }
    return this.#lose(gone)
  }

  #lose (gone: Set<ServerSet>): LostSet[] {
    this.#dropSets(gone)
    return [...gone].map((set) => ({ server: set.server, expiresAtUs: set.expiresAtUs, origin: set.origin }))
  }

  /**
   * Removes every set through `nextHop` because that neighbour said it
   * leaves (a child router grafted to another parent): unlike dropNextHop
   * (a neighbour lost), the routes are remembered as withdrawn, as when a
   * server leaves. Returns the servers whose sets went.
   */
  withdrawNextHop (nextHop: Uint8Array): Uint8Array[] {
    const gone = new Set<ServerSet>()
    for (const set of this.#sets.values()) if (equalBytes(set.nextHop, nextHop)) gone.add(set)
    this.#withdrawSets(gone)
    return [...gone].map((set) => set.server)
  }

  /** Removes one set with every route in it, the server's own name's included (its server left: the routes are remembered as withdrawn). */
  dropSet (set: ServerSet): void {
    this.#withdrawSets(new Set([set]))
  }

  #withdrawSets (gone: Set<ServerSet>): void {
    for (const set of gone) for (let e = set.first; e !== undefined; e = e.after) this.#rememberWithdrawn(bytesOfKey(e.key), set.nextHop)
    this.#dropSets(gone)
  }

  #dropSets (gone: Set<ServerSet>): number {
    let removed = 0
    for (const set of gone) {
      this.#sets.delete(set.id)
      this.#ordered = undefined
      this.#countRefused(set.nextHop, -set.refused.size)
      removed += this.#sweep(set, () => true)
      // Every set holds a route (its server's own name): none left through the next hop, no set there waits for room.
      if (this.routesVia(set.nextHop) === 0) this.#roomFreedVia.delete(key(set.nextHop))
    }
    return removed
  }

  /**
   * The cheapest unexpired route, ties broken by server name so every router
   * picks the same. Routes `avoided` says to stay away from (to a server
   * that left a request unanswered, through a neighbour that did not answer
   * a ping) are taken only when no other is left.
   */
  lookup (capsule: Uint8Array, nowUs: number, avoided: (server: Uint8Array, nextHop: Uint8Array) => boolean = () => false): Route | undefined {
    const found = this.#routes.get(key(capsule))
    if (found === undefined) return undefined
    const nowS = nowUs / 1e6
    let best: RouteEntry | undefined
    let bestAvoided = false
    for (const e of Array.isArray(found) ? found : [found]) {
      if (e.set.expiresAtUs < nowUs || e.notAfterS < nowS) continue
      const avoid = avoided(e.set.server, e.set.nextHop)
      const cheaper = best === undefined || e.set.cost < best.set.cost || (e.set.cost === best.set.cost && compareBytes(e.set.server, best.set.server) < 0)
      if (best === undefined || (bestAvoided && !avoid) || (bestAvoided === avoid && cheaper)) { best = e; bestAvoided = avoid }
    }
    return best === undefined ? undefined : routeOf(capsule, best)
  }

  routes (capsule: Uint8Array): Route[] {
    const found = this.#routes.get(key(capsule))
    if (found === undefined) return []
    return (Array.isArray(found) ? found : [found]).map((e) => routeOf(capsule, e))
  }

  /** Forgets the sets whose server stopped refreshing them, with their routes; returns how many routes went. */
  expire (nowUs: number): number {
    const gone = new Set<ServerSet>()
    for (const set of this.#sets.values()) if (set.expiresAtUs < nowUs) gone.add(set)
    return this.#dropSets(gone)
  }

  /** Routes held (refused names are not routes), the servers' own names' included. */
  get size (): number { return this.#size }

  /**
   * Every set with its members, for a router moving to another machine
   * (docs/moving.md section 3). A snapshot in progress is not carried: the
   * set's digest then differs from the server's next update, which asks for
   * a snapshot again.
   */
  exportSets (): pb.IServerSetState[] {
    // Two passes: count each set's members, then write them into one buffer per set.
    const counts = new Map<ServerSet, number>()
    for (const set of this.#sets.values()) if (set.refused.size > 0) counts.set(set, set.refused.size)
    for (const found of this.#routes.values()) {
      for (const e of Array.isArray(found) ? found : [found]) if (e.epoch !== SELF_EPOCH) counts.set(e.set, (counts.get(e.set) ?? 0) + 1)
    }
    const buffers = new Map<ServerSet, { bytes: Uint8Array, view: DataView, at: number }>()
    for (const [set, n] of counts) {
      const bytes = new Uint8Array(n * MEMBER_BYTES)
      buffers.set(set, { bytes, view: new DataView(bytes.buffer), at: 0 })
    }
    for (const [k, found] of this.#routes) {
      for (const e of Array.isArray(found) ? found : [found]) {
        if (e.epoch === SELF_EPOCH) continue
        const out = buffers.get(e.set)!
        for (let i = 0; i < NAME_BYTES; i++) out.bytes[out.at + i] = k.charCodeAt(i)
        out.view.setUint32(out.at + NAME_BYTES, e.notAfterS)
        out.at += MEMBER_BYTES
      }
    }
    // Refused names go as members whose AdCert ended at 0, so the digest still agrees after the move.
    for (const set of this.#sets.values()) {
      const out = buffers.get(set)
      if (out === undefined) continue
      for (const k of set.refused.keys()) {
        for (let i = 0; i < NAME_BYTES; i++) out.bytes[out.at + i] = k.charCodeAt(i)
        out.view.setUint32(out.at + NAME_BYTES, 0)
        out.at += MEMBER_BYTES
      }
    }
    return [...this.#sets.values()].map((set) => ({
      server: set.server,
      nextHop: set.nextHop,
      origin: set.origin,
      cost: set.cost,
      expiresAtUs: set.expiresAtUs,
      domain: set.domain ?? new Uint8Array(0),
      members: buffers.get(set)?.bytes ?? new Uint8Array(0)
    }))
  }

  /**
   * Installs sets exported by exportSets (replacing any held for the same
   * server and next hop), within this router's bounds, which may be lower
   * than the exporting machine's, as advertised sets are held: a set is not
   * begun through a next hop holding `maxRoutesVia` routes; a member past
   * `maxRoutesPerServer` in its set or `maxRoutesVia` through its next hop is
   * refused; refused names are held within `maxRefusedVia` through each next
   * hop, past which their set is unmatched. Returns how many sets and
   * members each bound refused.
   */
  importSets (sets: pb.IServerSetState[], bounds: ImportBounds = {}): ImportRefusals {
    const { maxRoutesPerServer = Infinity, maxRoutesVia = Infinity, maxRefusedVia = Infinity } = bounds
    const refusals: ImportRefusals = { 'too-many-routes': 0, 'too-many-neighbour-routes': 0 }
    for (const state of sets) {
      // Copies: a decoded message's fields are views of its whole buffer.
      const server = new Uint8Array(fixedBytes(state.server, NAME_BYTES, 'server'))
      const nextHop = new Uint8Array(fixedBytes(state.nextHop, NAME_BYTES, 'next hop'))
      const origin = state.origin === 'attached' || state.origin === 'announced' || state.origin === 'lookup' ? state.origin : undefined
      if (origin === undefined) throw new MalformedMessageError(`a server set's origin '${state.origin ?? ''}' is not attached, announced or lookup`)
      const members = state.members ?? new Uint8Array(0)
      if (members.length % MEMBER_BYTES !== 0) throw new MalformedMessageError(`a server set's members take ${MEMBER_BYTES} bytes each, not ${members.length} in all`)
      const old = this.existingSet(server, nextHop)
      if (old !== undefined) this.#dropSets(new Set([old]))
      // A new set costs a route (its server's own name): an update beginning one through a next hop at its bound is refused.
      if (this.routesVia(nextHop) >= maxRoutesVia) { refusals['too-many-neighbour-routes']++; continue }
      const set = this.serverSet(server, nextHop, state.cost ?? 0, safeUint(state.expiresAtUs, 'set end'), origin)
      set.origin = origin
      if (state.domain != null && state.domain.length > 0) set.domain = new Uint8Array(fixedBytes(state.domain, NAME_BYTES, 'domain'))
      const view = new DataView(members.buffer, members.byteOffset, members.byteLength)
      for (let at = 0; at < members.length; at += MEMBER_BYTES) {
        const notAfterS = view.getUint32(at + NAME_BYTES)
        const capsule = members.subarray(at, at + NAME_BYTES)
        const past = notAfterS === 0 || this.isRoute(set, capsule) ? undefined : this.routeCount(set) >= maxRoutesPerServer ? 'too-many-routes' : this.routesVia(nextHop) >= maxRoutesVia ? 'too-many-neighbour-routes' : undefined
        if (past !== undefined) refusals[past]++
        if (notAfterS === 0 || past !== undefined) { this.refuseMember(set, capsule, maxRefusedVia); continue }
        const { fresh } = this.#put(capsule, set, notAfterS, set.epoch)
        if (fresh) { set.count++; toggleSetDigest(set.digest, capsule) }
      }
    }
    return refusals
  }
}

/** The bounds an imported routing state is held within (RouteTable.importSets): the importing router's own. */
export interface ImportBounds { maxRoutesPerServer?: number, maxRoutesVia?: number, maxRefusedVia?: number }

/** Sets and members of an imported routing state that a bound refused, by the problem an advertisement past it is counted as. */
export type ImportRefusals = Record<'too-many-routes' | 'too-many-neighbour-routes', number>

const NAME_BYTES = 32
/** A member in an exported set: its name and its AdCert's end in seconds. */
const MEMBER_BYTES = NAME_BYTES + 4

/** Takes `e` out of its set's routes. */
function unlink (e: RouteEntry): void {
  if (e.before === undefined) e.set.first = e.after
  else e.before.after = e.after
  if (e.after !== undefined) e.after.before = e.before
  e.before = undefined
  e.after = undefined
}

function summaryOf (s: ServerSet): ServerSetSummary {
  return { server: s.server, nextHop: s.nextHop, cost: s.cost, relayDomain: s.domain, origin: s.origin, expiresAtUs: s.expiresAtUs, members: s.count, refused: s.refused.size, unmatched: s.unmatched }
}

function routeOf (capsule: Uint8Array, e: RouteEntry): Route {
  return { capsule, server: e.set.server, nextHop: e.set.nextHop, cost: e.set.cost, expiresAtUs: Math.min(e.set.expiresAtUs, e.notAfterS * 1e6) }
}

export interface AdvertisementOutcome {
  server: Uint8Array
  /** Capsules whose routes were installed or refreshed. */
  installed: Uint8Array[]
  withdrawn: Uint8Array[]
  rejected: CertificateError[]
  /** The router's copy of the server's set no longer matches what the server states: ask for a snapshot. */
  resync: boolean
  /** When the server's set ends here unless refreshed (µs): the update's lifetime, at most maxLifetimeMs. */
  expiresAtUs: number
  /**
   * The neighbour sent more AdCerts with bad signatures than any honest
   * server does (MAX_BAD_ADCERT_SIGNATURES): junk, to be cut off like a
   * neighbour over its frame rate.
   */
  abusive: boolean
}

export interface AdvertisementProcessorInit {
  /** Routes one server set may hold; entries past it are refused (`too-many-routes`). @default DEFAULT_MAX_ROUTES_PER_SERVER */
  maxRoutesPerServer?: number
  /**
   * Routes all the sets through one neighbour may hold together, the servers'
   * own names' included; a capsule past it is refused, and an update that
   * would begin a new set there refused whole (`too-many-neighbour-routes`).
   * @default DEFAULT_MAX_ROUTES_PER_NEIGHBOUR
   */
  maxRoutesPerNeighbour?: number
  /**
   * Refused names (AdCerts that failed, capsules past a bound) all the sets
   * through one neighbour may hold together, so that their digests agree
   * with their servers'. Past it a refused name is not held: its set is
   * marked unmatched, and snapshots of it are asked ever less often
   * (RouteTable.snapshotDue). Not counted in maxRoutesPerNeighbour: a child
   * at that bound would have names dropped, its sets' digests never agree,
   * and each asked for a snapshot every RESYNC_INTERVAL_MS.
   * @default DEFAULT_MAX_REFUSED_PER_NEIGHBOUR
   */
  maxRefusedPerNeighbour?: number
  /**
   * How long an update (a server's advertisement, or a child router's route
   * announcement and the updates it relays) keeps its routes here, at most,
   * however long it says it holds (the node gives its `max_advertise_lifetime`):
   * the lifetime is the signer's, and one of years kept a set routed here,
   * its last sequence and its lost-server entry held, for years, refreshed
   * or not. @default DEFAULT_MAX_ADVERTISE_LIFETIME_MS
   */
  maxLifetimeMs?: number
  /**
   * Signature checks (a server's, and one per added capsule) the updates of
   * all neighbours together may cost a second, in bursts of twice that,
   * shared evenly among the neighbours sending them (a child router's link
   * pays for the updates it relays); an update past its link's share, while
   * the rest is not unused, is refused whole (`over-budget`). @default 10000
   */
  checksPerSecond?: number
  /**
   * Last sequences (replay protection, one a server or child router that
   * signed an update taken here) held at most, but for those of signers
   * with sets held here. Past it, those of signers with none whose hold
   * ends soonest are forgotten, down to half of it: each counts until its
   * update could no longer be taken (up to maxLifetimeMs), so servers that
   * attached, advertised once and were dropped held one each for an hour,
   * as many as came in an hour. @default MAX_LAST_SEQUENCES
   */
  maxLastSequences?: number
}

/** Twice the design figure of 1,000,000 capsules on one server (docs/routing.md section 4). */
export const DEFAULT_MAX_ROUTES_PER_SERVER = 2_000_000
/**
 * Five servers' worth of DEFAULT_MAX_ROUTES_PER_SERVER (ten at the design
 * figure) through one neighbour, a child router's domain: about 1.5 GB of
 * table at some 150 bytes a route. A child router carries server keys of its
 * own, each a set within the per-server bound, so without it one neighbour
 * grew the table without end.
 */
export const DEFAULT_MAX_ROUTES_PER_NEIGHBOUR = 10_000_000
/**
 * 64 sets' worth at MAX_REFUSED_MEMBERS, about 10 MB: room for every server
 * of a large domain to have a few AdCerts lapse, while a child router relaying
 * sets of junk, 1,024 refused names each, holds no more than this.
 */
export const DEFAULT_MAX_REFUSED_PER_NEIGHBOUR = 65_536
/** An hour: thirty times the default `advertise_lifetime`, room for servers that advertise less often than the default. */
export const DEFAULT_MAX_ADVERTISE_LIFETIME_MS = 3_600_000
/**
 * AdCerts with bad signatures one neighbour may send over its link before it
 * is cut off: an honest server sends none (each was signed by the capsule's
 * owner, and checked when it was delegated), a forger sends them by the
 * thousand, each costing this router a signature check.
 */
export const MAX_BAD_ADCERT_SIGNATURES = 64
/** Neighbours whose bad AdCert signatures are counted at once; the one idle longest is forgotten first. */
const MAX_COUNTED_NEIGHBOURS = 4096
/**
 * Last sequences held; past it, those of servers and routers gone (no live
 * set of theirs or through them, no announcement of theirs in force) are
 * forgotten, and again past twice those left. Kept for good, a router whose
 * servers came and went under new keys grew by each.
 */
export const SEQUENCES_BEFORE_FORGETTING = 1024
/**
 * 65,536 last sequences, some 10 MB: room for the servers and routers of a
 * large domain that went lately, while keys that attach, advertise once and
 * go, made by the thousand, hold no more than this.
 */
export const MAX_LAST_SEQUENCES = 65_536
/** Seconds' worth of the check rate one update may take at once. */
export const CHECK_BURST_SECONDS = 2

/** Where an update came from: the neighbour, its link cost, and for relayed updates the relaying router's terms. */
export interface UpdateSource {
  neighbour: Uint8Array
  linkCost: number
  /**
   * A relayed update: the announcing router's own cost and the announcement's
   * end, which bound the routes, and the domain its membership puts it in.
   */
  relay?: { router: Uint8Array, cost: number, expiresAtUs: number, domain?: Uint8Array }
}

/**
 * Applies verified advertisement updates to a route table, remembering each
 * server's last sequence number (so replays are refused) and counting every
 * refusal by its reason.
 */
export class AdvertisementProcessor {
  readonly #router: Uint8Array
  readonly #table: RouteTable
  /**
   * The last sequence taken from each server and child router (by its name's
   * key), and until when it counts (µs): while an update or announcement it
   * signed before could still be taken here (#takenUntil), whichever
   * neighbour brings it.
   */
  readonly #lastSequence = new Map<string, { sequence: number, holdsUntilUs: number }>()
  readonly rejections = new Map<CertificateProblem, number>()
  readonly #maxRoutes: number
  readonly #maxRoutesPerNeighbour: number
  readonly #maxRefusedPerNeighbour: number
  readonly #maxLifetimeUs: number
  /**
   * AdCert checks, by the neighbour whose link brought the update: for all
   * links together, as any peer is a server over its own link and may link
   * under as many keys as it likes.
   */
  readonly #checks: FairShares
  /** Bad AdCert signatures each directly attached server sent (an honest one sends none). */
  readonly #badSignatures = new Map<string, number>()
  /**
   * Routers whose route announcements this router took (their membership held
   * under its trust policy), with the end of that membership (µs), until they
   * leave, or until #remember forgets them with their last sequence (gone
   * without leaving).
   */
  readonly #announcers = new Map<string, number>()
  /** Last sequences held at most, but for those of signers with sets here (#remember). */
  readonly #maxLastSequences: number
  /** How many last sequences #remember holds before it forgets those of servers and routers gone. */
  #forgetAt: number

  constructor (router: Uint8Array, table: RouteTable, init: AdvertisementProcessorInit = {}) {
    this.#router = router
    this.#table = table
    this.#maxRoutes = init.maxRoutesPerServer ?? DEFAULT_MAX_ROUTES_PER_SERVER
    this.#maxRoutesPerNeighbour = init.maxRoutesPerNeighbour ?? DEFAULT_MAX_ROUTES_PER_NEIGHBOUR
    this.#maxRefusedPerNeighbour = init.maxRefusedPerNeighbour ?? DEFAULT_MAX_REFUSED_PER_NEIGHBOUR
    this.#maxLifetimeUs = (init.maxLifetimeMs ?? DEFAULT_MAX_ADVERTISE_LIFETIME_MS) * 1000
    this.#checks = new FairShares(init.checksPerSecond ?? 10_000, CHECK_BURST_SECONDS)
    this.#maxLastSequences = init.maxLastSequences ?? MAX_LAST_SEQUENCES
    this.#forgetAt = Math.min(SEQUENCES_BEFORE_FORGETTING, this.#maxLastSequences)
  }

  /** The bounds an imported routing state is held within here (RouteTable.importSets), as advertised sets are. */
  get importBounds (): ImportBounds {
    return { maxRoutesPerServer: this.#maxRoutes, maxRoutesVia: this.#maxRoutesPerNeighbour, maxRefusedVia: this.#maxRefusedPerNeighbour }
  }

  /** Takes `checks` from `neighbour`'s share of the check rate; throws CertificateError (`over-budget`) when they are not there. */
  #spend (neighbour: Uint8Array, checks: number, nowUs: number): void {
    const k = key(neighbour)
    const nowMs = nowUs / 1000
    if (this.#checks.take(k, nowMs, checks)) return
    throw new CertificateError('over-budget', `an update from ${formatName(neighbour)} asks for ${checks} signature checks; its link's share has ${Math.floor(this.#checks.available(k, nowMs))} left (this router does ${this.#checks.ratePerSecond} a second for ${this.#checks.active} neighbours)`)
  }

  /** Counts bad AdCert signatures from `neighbour`; whether it sent more than an honest server ever would. */
  #abusive (neighbour: Uint8Array, bad: number): boolean {
    const k = key(neighbour)
    const total = (this.#badSignatures.get(k) ?? 0) + bad
    if (bad === 0 && total === 0) return false
    this.#badSignatures.delete(k)
    if (this.#badSignatures.size >= MAX_COUNTED_NEIGHBOURS) this.#badSignatures.delete(this.#badSignatures.keys().next().value!)
    this.#badSignatures.set(k, total)
    return total > MAX_BAD_ADCERT_SIGNATURES
  }

  /**
   * Keeps `name`'s last sequence, counting until `takenUntilUs` (or longer,
   * for one that counted already). Past SEQUENCES_BEFORE_FORGETTING, or
   * twice those left at the last pass, forgets those that no longer count
   * (a router's counts too while sets through it live), and as announcers
   * the routers among them; past half of maxLastSequences, those left of
   * signers with no live set here (as server or next hop) and no membership
   * in force as an announcer, whose hold ends soonest, down to that half.
   */
  #remember (name: Uint8Array, sequence: number, takenUntilUs: number, nowUs: number): void {
    const k = key(name)
    const held = this.#lastSequence.get(k)
    // Still counting, the last sequence was lower (or the update was refused): what it guards against lasts as long.
    // Not one imported with no time (importSequences), which counts until a later one is taken: kept, its endless hold
    // refused a server whose clock went back as replaying until this router restarted.
    const holdsUntilUs = held !== undefined && held.holdsUntilUs >= nowUs && held.holdsUntilUs !== Infinity ? Math.max(held.holdsUntilUs, takenUntilUs) : takenUntilUs
    this.#lastSequence.set(k, { sequence, holdsUntilUs })
    if (this.#lastSequence.size <= this.#forgetAt) return
    const liveSets = this.#table.liveSets(nowUs)
    const counting = new Set([k])
    for (const set of liveSets) counting.add(key(set.nextHop))
    for (const [other, last] of this.#lastSequence) if (last.holdsUntilUs >= nowUs) counting.add(other)
    for (const other of this.#lastSequence.keys()) if (!counting.has(other)) this.#lastSequence.delete(other)
    const half = Math.floor(this.#maxLastSequences / 2)
    if (this.#lastSequence.size > half) this.#forgetSoonestEnding(this.#lastSequence.size - half, k, liveSets, nowUs)
    for (const k of this.#announcers.keys()) if (!this.#lastSequence.has(k)) this.#announcers.delete(k)
    // Down to half of the bound, the next pass is at least half of it away; a map of held sets' signers above
    // that grows by half the bound before the next, not by one (a pass at each update).
    const left = this.#lastSequence.size
    this.#forgetAt = left > half ? left + half : Math.min(this.#maxLastSequences, Math.max(SEQUENCES_BEFORE_FORGETTING, 2 * left))
  }

  /**
   * Forgets up to `excess` last sequences that still count, those whose hold
   * ends soonest first, sparing `current` (just taken), the servers of live
   * sets and their next hops, and announcers whose membership holds: their
   * replays stay refused while what they sent routes here.
   */
  #forgetSoonestEnding (excess: number, current: string, liveSets: KnownServerSet[], nowUs: number): void {
    const spared = new Set([current])
    for (const set of liveSets) { spared.add(key(set.server)); spared.add(key(set.nextHop)) }
    for (const [router, until] of this.#announcers) if (nowUs <= until + CLOCK_SKEW_US) spared.add(router)
    // Compared, not subtracted: an imported one with no time holds until Infinity, and Infinity - Infinity sorts nowhere.
    const candidates = [...this.#lastSequence].filter(([name]) => !spared.has(name)).sort(([, a], [, b]) => a.holdsUntilUs < b.holdsUntilUs ? -1 : a.holdsUntilUs > b.holdsUntilUs ? 1 : 0)
    for (const [name] of candidates.slice(0, excess)) this.#lastSequence.delete(name)
  }

  count (problem: CertificateProblem, times = 1): void {
    if (times === 0) return
    this.rejections.set(problem, (this.rejections.get(problem) ?? 0) + times)
  }

  /**
   * Whether `router` is a child router whose announcements this router took,
   * whose domain membership holds at `nowUs` (with the skew every reader
   * allows): a neighbour of a trusted domain (it may say it moved). Known
   * until it left or was forgotten, one whose membership ended stayed spared
   * from bans and was followed when it said it moved, for good.
   */
  announcedBy (router: Uint8Array, nowUs: number): boolean {
    const until = this.#announcers.get(key(router))
    return until !== undefined && nowUs <= until + CLOCK_SKEW_US
  }

  /**
   * The last sequence number accepted from each server and router that still
   * counts at `nowUs`, for a router moving elsewhere (docs/moving.md): one
   * that no longer does would count there afresh from the export
   * (importSequences), and refuse as replays updates this router takes.
   */
  exportSequences (nowUs: number): pb.ILastSequence[] {
    return [...this.#lastSequence].filter(([, last]) => last.holdsUntilUs >= nowUs).map(([k, last]) => ({ name: bytesOfKey(k), sequence: last.sequence }))
  }

  /**
   * Takes the last sequences a router exported at `exportedAtUs` (by its
   * clock): each counts until nothing it took could be taken any more (this
   * router's lifetime bound and the skew at both ends past then), or, with no
   * time given, until a later one is taken.
   */
  importSequences (sequences: pb.ILastSequence[], exportedAtUs?: number): void {
    const holdsUntilUs = exportedAtUs === undefined ? Infinity : exportedAtUs + this.#maxLifetimeUs + 2 * CLOCK_SKEW_US
    for (const s of sequences) {
      const k = key(fixedBytes(s.name, NAME_BYTES, 'sequence name'))
      const held = this.#lastSequence.get(k)
      this.#lastSequence.set(k, { sequence: Math.max(held?.sequence ?? 0, safeUint(s.sequence, 'sequence')), holdsUntilUs: Math.max(held?.holdsUntilUs ?? 0, holdsUntilUs) })
    }
  }

  /** The last sequence taken from `name`, while it counts at `nowUs`. */
  #lastOf (name: Uint8Array, nowUs: number): number | undefined {
    const last = this.#lastSequence.get(key(name))
    return last !== undefined && last.holdsUntilUs >= nowUs ? last.sequence : undefined
  }

  /**
   * Until when a statement issued at `issuedAtUs` to last until `expiresAtUs`
   * is taken here: to its end, but no longer than maxLifetime after it was
   * issued, and the skew. Taken to its end, an update signed for a year and
   * replayed after its set had ended here (an hour at most) brought back
   * routes its server had withdrawn since.
   */
  #takenUntil (issuedAtUs: number, expiresAtUs: number): number {
    return Math.min(expiresAtUs, issuedAtUs + this.#maxLifetimeUs) + CLOCK_SKEW_US
  }

  /** Throws CertificateError (`expired`) when a statement issued at `issuedAtUs` is past what #takenUntil allows. */
  #checkNotTooOld (what: string, issuedAtUs: number, expiresAtUs: number, nowUs: number): number {
    const until = this.#takenUntil(issuedAtUs, expiresAtUs)
    if (nowUs > until && nowUs - CLOCK_SKEW_US <= expiresAtUs) throw new CertificateError('expired', `${what} was issued at ${new Date(issuedAtUs / 1000).toISOString()}, more than the ${this.#maxLifetimeUs / 1000} ms this router keeps an update (max_advertise_lifetime) before now`)
    return until
  }

  /**
   * Verifies a server's update and applies it to the server's set through
   * `source.neighbour`. A direct update must come over the server's own link
   * (the neighbour is the server): a copy replayed by anyone else attracts
   * nothing. Throws the CertificateError, counted, when it fails as a whole.
   */
  apply (signed: SignedAdvertisement, source: UpdateSource, nowUs: number): AdvertisementOutcome {
    const server = nodeName(signed.advertisement.serverKey)
    let verified
    let takenUntilUs
    try {
      if (source.relay === undefined && !equalBytes(server, source.neighbour)) {
        throw new CertificateError('wrong-link', `advertisement from server ${formatName(server)} arrived over the link of ${formatName(source.neighbour)}, not the server's own`)
      }
      const a = signed.advertisement
      takenUntilUs = this.#checkNotTooOld(`advertisement ${a.sequence} from server ${formatName(server)}`, a.issuedAtUs, a.expiresAtUs, nowUs)
      // Before any check: the server's signature and each AdCert's cost the same, and the link proves who pays
      // (a child router's, for the updates it relays).
      this.#spend(source.neighbour, 1 + a.added.length, nowUs)
      // The last sequence counts, through any neighbour, while an update signed before it could still be taken: counted
      // only while the set through this neighbour lived, a child router relaying an update its server had since
      // replaced (the server moved to another router, say) had it taken once that set had gone. Not for longer: a
      // server restarted with its clock behind where it was (its sequences come from its clock) had every update
      // refused as a replay until its clock caught up.
      const live = this.#table.existingSet(server, source.neighbour)
      verified = verifyAdvertisement(signed, source.relay?.router ?? this.#router, nowUs, this.#lastOf(server, nowUs))
      // A new set costs a route (the server's own name): none is begun through a neighbour at its bound.
      if (live === undefined && !verified.leaving && this.#table.routesVia(source.neighbour) >= this.#maxRoutesPerNeighbour) throw this.#tooManyViaNeighbour(source.neighbour)
    } catch (err) {
      if (err instanceof CertificateError) this.count(err.problem)
      throw err
    }
    this.#remember(server, verified.sequence, takenUntilUs, nowUs)
    const table = this.#table
    const cost = verified.cost + source.linkCost + (source.relay?.cost ?? 0)
    const set = table.serverSet(server, source.neighbour, cost, Math.min(verified.expiresAtUs, source.relay?.expiresAtUs ?? Infinity, nowUs + this.#maxLifetimeUs), source.relay === undefined ? 'attached' : 'announced')
    if (source.relay?.domain !== undefined) set.domain = source.relay.domain
    const outcome: AdvertisementOutcome = { server, installed: [], withdrawn: [], rejected: [], resync: false, abusive: false, expiresAtUs: set.expiresAtUs }
    const snapshot = verified.snapshot
    if (snapshot !== undefined && snapshot.firstSequence === verified.sequence) table.beginSnapshot(set, snapshot.firstSequence)
    // A page of a snapshot this router did not see begin: its routes count, the set cannot be trusted.
    const orphanPage = snapshot !== undefined && set.snapshot?.firstSequence !== snapshot.firstSequence
    // Past a bound, only what is routed already is renewed: a name refused before (for the bound, say) would be a new
    // route, and taken as a member, each update past the bound added up to MAX_REFUSED_MEMBERS routes more.
    for (const c of verified.added) {
      if (table.routeCount(set) >= this.#maxRoutes && !table.isRoute(set, c.name)) {
        this.#refuse(set, c.name, new CertificateError('too-many-routes', `server ${formatName(server)} has ${this.#maxRoutes} routes here already, as many as this router takes from one server`), outcome)
        continue
      }
      if (table.routesVia(source.neighbour) >= this.#maxRoutesPerNeighbour && !table.isRoute(set, c.name)) {
        this.#refuse(set, c.name, this.#tooManyViaNeighbour(source.neighbour), outcome)
        continue
      }
      table.addMember(set, c.name, c.notAfterUs)
      outcome.installed.push(c.name)
    }
    let bad = 0
    for (const r of verified.rejected) {
      this.#refuse(set, r.name, r.error, outcome)
      if (r.error.problem === 'bad-signature') bad++
    }
    // Relayed updates were checked by the child router too: a bad signature there is its server's, not the link's.
    outcome.abusive = source.relay === undefined && this.#abusive(source.neighbour, bad)
    for (const name of verified.withdrawn) {
      table.removeMember(set, name)
      outcome.withdrawn.push(name)
    }
    if (verified.leaving) {
      // The server left this router (a graft): its set goes, its own name's route with it.
      table.dropSet(set)
      return outcome
    }
    if (orphanPage) {
      set.snapshot = undefined
      outcome.resync = true
    } else if (snapshot?.last === true) {
      table.endSnapshot(set)
    }
    if (set.snapshot === undefined) {
      if (set.count === verified.set.count && equalBytes(set.digest, verified.set.digest)) table.agreed(set)
      else outcome.resync = true
    }
    return outcome
  }

  #tooManyViaNeighbour (neighbour: Uint8Array): CertificateError {
    return new CertificateError('too-many-neighbour-routes', `the server sets through ${formatName(neighbour)} hold ${this.#maxRoutesPerNeighbour} routes here already, as many as this router takes through one neighbour (max_routes_per_neighbour)`)
  }

  /**
   * Refuses one entry of an update: counted, never routed, held only so the
   * set's digest agrees (RouteTable.refuseMember), while the sets through its
   * neighbour hold fewer than maxRefusedPerNeighbour such.
   */
  #refuse (set: ServerSet, name: Uint8Array, error: CertificateError, outcome: AdvertisementOutcome): void {
    this.#table.refuseMember(set, name, this.#maxRefusedPerNeighbour)
    this.count(error.problem)
    outcome.rejected.push(error)
  }

  /**
   * Verifies a route announcement from a child router (`neighbour`) under
   * `policy` and applies the server updates it relays, each through that
   * router. Throws the CertificateError, counted, when it fails as a whole;
   * an update inside that fails alone is counted and skipped.
   */
  applyAnnouncement (signed: SignedRouteAnnouncement, neighbour: Uint8Array, linkCost: number, nowUs: number, policy: TrustPolicy): AdvertisementOutcome[] {
    let verified
    let takenUntilUs
    try {
      // The last sequence counts while an announcement signed before it could still be taken, as a server's does: a
      // child router restarted with its sequences (from its clock) behind where they were, after its clock ran ahead,
      // had every announcement refused as a replay until this router restarted.
      const router = nodeName(signed.announcement.routerKey)
      // Before any signature: a copy of a child's announcement (or one naming its key, with its membership, which
      // travels in every announcement) sent by another peer cost the parent both checks before it was refused.
      if (!equalBytes(router, neighbour)) throw new CertificateError('wrong-router', `route announcement from ${formatName(router)} arrived from neighbour ${formatName(neighbour)}`)
      const a = signed.announcement
      takenUntilUs = this.#checkNotTooOld(`route announcement ${a.sequence} from router ${formatName(router)}`, a.issuedAtUs, a.expiresAtUs, nowUs)
      verified = verifyRouteAnnouncement(signed, this.#router, policy, nowUs, this.#lastOf(router, nowUs))
    } catch (err) {
      if (err instanceof CertificateError) this.count(err.problem)
      throw err
    }
    const endsUs = Math.min(verified.expiresAtUs, nowUs + this.#maxLifetimeUs)
    this.#remember(verified.router, verified.sequence, takenUntilUs, nowUs)
    // Only what came through the router that signed it, over its own link (checked above), goes.
    if (verified.leaving) { this.#announcers.delete(key(verified.router)); this.#table.withdrawNextHop(neighbour); return [] }
    this.#announcers.set(key(verified.router), signed.announcement.membership.membership.notAfterUs)
    const outcomes: AdvertisementOutcome[] = []
    const relay = { router: verified.router, cost: verified.cost, expiresAtUs: endsUs, domain: verified.domain }
    for (const ad of verified.advertisements) {
      try {
        outcomes.push(this.apply(ad, { neighbour, linkCost, relay }, nowUs))
      } catch (err) {
        if (!(err instanceof CertificateError)) throw err
      }
    }
    return outcomes
  }
}

/**
 * Hop-by-hop forwarding of PDUs by flat name. A request goes to the local
 * service when this node serves the name, otherwise to the next hop of the
 * cheapest live route; its nonce is remembered so that responses retrace the
 * path (a pending table, as in NDN), identical reads in flight are merged,
 * loops are caught by nonce, and a name without a route waits in a bounded
 * queue while the resolver looks it up. Every refusal is a NACK with a reason.
 */
import { formatName, NAME_LENGTH } from '../capsule/name.js'
import { sha256 } from '../crypto/hash.js'
import { GdpError } from '../errors.js'
import { pb } from '../wire/index.js'
import type { RouteTable } from './route-table.js'

export const PDU_VERSION = 1
export const NONCE_LENGTH = 16
export const DEFAULT_TTL = 16

/** A PDU too large for a link; the forwarder answers TOO_LARGE. */
export class FrameTooLargeError extends GdpError {}
/** A link that cannot take a request now; the forwarder answers CONGESTION. */
export class LinkCongestedError extends GdpError {}

/** A neighbour: somewhere PDUs can be sent. Transports implement it; send may throw the two errors above. */
export interface Link {
  readonly peer: Uint8Array
  /** Cost of this link for route selection (e.g. measured RTT in ms). */
  readonly cost: number
  send: (pdu: pb.IPdu) => void
}

/** What this node serves itself (a capsule server, or a node answering for its own name). */
export interface LocalService {
  serves: (name: Uint8Array) => boolean
  /** Handles a request; `reply` may be called several times, the last with final = true. */
  handle: (pdu: pb.IPdu, reply: (body: { response: pb.IResponse } | { nack: pb.INack }) => void) => void
  /** The requester of a long-lived request (a subscription) went away. */
  cancel?: (nonce: Uint8Array) => void
}

export interface ForwarderInit {
  self: Uint8Array
  /** How long a forwarded request waits for its first response. @default 10000 */
  pendingTimeoutMs?: number
  /** Requests waiting for a route, at most, over all names. @default 1024 */
  missQueueLimit?: number
  /** How long a request waits for a route before NO_ROUTE. @default 3000 */
  resolveTimeoutMs?: number
  /** Pending requests, at most. @default 65536 */
  maxPending?: number
}

export interface ForwarderComponents {
  table: RouteTable
  /** Microseconds since the epoch. */
  clock: () => number
  local?: LocalService
  /** Looks a name up (in the domain's lookup service); routes it finds are installed by the caller. */
  resolve?: (name: Uint8Array) => Promise<void>
  /** Receives hop-local routing messages from neighbours (advertisements, route announcements). */
  routing?: (pdu: pb.IPdu, from: Link) => void
}

export type NackReason = keyof typeof pb.NackReason

export interface ForwarderCounters {
  received: number
  /** Replies that were malformed or answered nothing pending here. */
  dropped: number
  forwarded: number
  delivered: number
  merged: number
  queued: number
  nacks: Partial<Record<NackReason, number>>
}

interface Downstream { link: Link | undefined, nonce: Uint8Array, onReply?: (pdu: pb.IPdu) => void }

interface Pending {
  downstreams: Downstream[]
  upstream: Uint8Array
  mergeKey: string | undefined
  expiresAt: number
  /** Subscriptions stay until final or link loss; other requests until their deadline. */
  longLived: boolean
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

export class Forwarder {
  readonly self: Uint8Array
  readonly counters: ForwarderCounters = { received: 0, dropped: 0, forwarded: 0, delivered: 0, merged: 0, queued: 0, nacks: {} }
  readonly #init: Required<ForwarderInit>
  readonly #c: ForwarderComponents
  readonly #links = new Map<string, Link>()
  readonly #pending = new Map<string, Pending>()
  readonly #merge = new Map<string, string>()
  /** Nonces of requests answered recently: one that comes back is a loop. */
  #deadNonces = new Set<string>()
  #oldDeadNonces = new Set<string>()
  readonly #waiting = new Map<string, Array<{ pdu: pb.IPdu, from: Link | undefined, onReply?: (pdu: pb.IPdu) => void, deadline: number }>>()
  #waitingCount = 0
  #timer: NodeJS.Timeout | undefined
  #defaultRoute: Uint8Array | undefined
  /** Names looked up in the last 10 s (by resolve): until then their requests may take the default route. */
  readonly #lookedUp = new Map<string, number>()
  /** Subscriptions delivered to the local service, by nonce: the neighbour they came from. */
  readonly #localSubscriptions = new Map<string, string>()

  constructor (init: ForwarderInit, components: ForwarderComponents) {
    this.self = init.self
    this.#init = { pendingTimeoutMs: 10_000, missQueueLimit: 1024, resolveTimeoutMs: 3000, maxPending: 65_536, ...init }
    this.#c = components
  }

  start (): void {
    this.#timer = setInterval(() => { this.#sweep() }, 250)
    this.#timer.unref()
  }

  stop (): void {
    clearInterval(this.#timer)
    for (const list of this.#waiting.values()) for (const w of list) this.#nackTo(w.from, w.pdu, 'NO_ROUTE', 'node stopping', w.onReply)
    this.#waiting.clear()
  }

  addLink (link: Link): void {
    this.#links.set(hex(link.peer), link)
    this.#retryWaiting()
  }

  /** A neighbour went away: its routes go, and requests it was to answer are NACKed. */
  removeLink (peer: Uint8Array): void {
    this.#links.delete(hex(peer))
    this.#c.table.dropNextHop(peer)
    for (const [nonce, from] of this.#localSubscriptions) {
      if (from !== hex(peer)) continue
      this.#localSubscriptions.delete(nonce)
      this.#c.local?.cancel?.(new Uint8Array(Buffer.from(nonce, 'hex')))
    }
    for (const [nonce, p] of this.#pending) {
      if (hex(p.upstream) === hex(peer)) {
        this.#finish(nonce, p)
        for (const d of p.downstreams) this.#nackTo(d.link, { nonce: d.nonce, source: this.self, destination: this.self }, 'NO_ROUTE', `lost the link to ${formatName(peer)}`, d.onReply)
      } else {
        p.downstreams = p.downstreams.filter((d) => d.link === undefined || hex(d.link.peer) !== hex(peer))
        if (p.downstreams.length === 0) this.#finish(nonce, p)
      }
    }
  }

  link (peer: Uint8Array): Link | undefined { return this.#links.get(hex(peer)) }

  /**
   * Where names without a route go: an edge client's router, or a router's
   * parent-domain router. Undefined: nowhere (resolve, or NACK).
   */
  setDefaultRoute (peer: Uint8Array | undefined): void {
    this.#defaultRoute = peer
    this.#retryWaiting()
  }

  /**
   * The neighbour a request for `destination` goes to next, if any: a
   * neighbour of that name, the best route, or (once a lookup has had its
   * chance, when there is a resolver) the default route.
   */
  #nextHop (destination: Uint8Array): Link | undefined {
    const direct = this.#links.get(hex(destination))
    if (direct !== undefined) return direct
    const route = this.#c.table.lookup(destination, this.#c.clock())
    const viaRoute = route === undefined ? undefined : this.#links.get(hex(route.nextHop))
    if (viaRoute !== undefined) return viaRoute
    if (this.#c.resolve !== undefined && !this.#lookedUp.has(hex(destination))) return undefined
    return this.#defaultRoute === undefined ? undefined : this.#links.get(hex(this.#defaultRoute))
  }

  /** Routes were installed for `name` (or anything): waiting requests try again. */
  routesChanged (): void { this.#retryWaiting() }

  /**
   * Sends a request that starts at this node (a client's own request);
   * `onReply` receives its responses or NACK.
   */
  request (destination: Uint8Array, request: pb.IRequest, onReply: (pdu: pb.IPdu) => void, ttl = DEFAULT_TTL): Uint8Array {
    const nonce = new Uint8Array(NONCE_LENGTH)
    crypto.getRandomValues(nonce)
    this.#onRequest({ version: PDU_VERSION, destination, source: this.self, ttl, nonce, request }, undefined, onReply)
    return nonce
  }

  /** Withdraws interest in a request started here (ends a subscription locally). */
  cancel (nonce: Uint8Array): void {
    const p = this.#pending.get(hex(nonce))
    if (p !== undefined) this.#finish(hex(nonce), p)
  }

  /**
   * Handles a PDU received from a neighbour. Only requests are answered with
   * NACKs: a bad reply is dropped and counted, or two nodes could NACK each
   * other's NACKs forever.
   */
  receive (pdu: pb.IPdu, from: Link): void {
    this.counters.received++
    const wellFormed = pdu.nonce?.length === NONCE_LENGTH && pdu.destination?.length === NAME_LENGTH && pdu.source?.length === NAME_LENGTH
    if (pdu.request == null) {
      if (pdu.version === PDU_VERSION && wellFormed && (pdu.response != null || pdu.nack != null)) this.#onReply(pdu, from)
      else if (pdu.version === PDU_VERSION && (pdu.advertisement != null || pdu.announcement != null) && this.#c.routing !== undefined) this.#c.routing(pdu, from)
      else this.counters.dropped++
      return
    }
    if (pdu.version !== PDU_VERSION) { this.#nackTo(from, pdu, 'UNSUPPORTED_VERSION', `PDU version ${String(pdu.version)}; this node speaks ${PDU_VERSION}`); return }
    if (!wellFormed) { this.#nackTo(from, pdu, 'MALFORMED', 'destination and source must be 32-byte names and the nonce 16 bytes'); return }
    this.#onRequest(pdu, from)
  }

  #onRequest (pdu: pb.IPdu, from: Link | undefined, onReply?: (pdu: pb.IPdu) => void): void {
    const nonce = hex(pdu.nonce!)
    if (this.#pending.has(nonce) || this.#deadNonces.has(nonce) || this.#oldDeadNonces.has(nonce)) { this.#nackTo(from, pdu, 'LOOP', 'this request came back: a routing loop'); return }
    const destination = pdu.destination!
    if (this.#c.local?.serves(destination) === true) {
      this.counters.delivered++
      const downstream: Downstream = { link: from, nonce: pdu.nonce!, onReply }
      if (pdu.request!.subscribe != null && from !== undefined) this.#localSubscriptions.set(nonce, hex(from.peer))
      this.#c.local.handle(pdu, (body) => {
        const final = 'nack' in body || body.response.final === true
        if (final) this.#localSubscriptions.delete(nonce)
        this.#sendTo(downstream, { version: PDU_VERSION, destination: pdu.source, source: this.self, ttl: DEFAULT_TTL, nonce: pdu.nonce, ...body })
      })
      return
    }
    if ((pdu.ttl ?? 0) <= 0) { this.#nackTo(from, pdu, 'EXPIRED', 'the request ran out of hops'); return }
    const mergeKey = mergeable(pdu) ? `${hex(destination)}:${hex(sha256(pb.Request.encode(pdu.request!).finish()))}` : undefined
    const inFlight = mergeKey === undefined ? undefined : this.#merge.get(mergeKey)
    if (inFlight !== undefined) {
      this.#pending.get(inFlight)!.downstreams.push({ link: from, nonce: pdu.nonce!, onReply })
      this.counters.merged++
      return
    }
    const next = this.#nextHop(destination)
    if (next === undefined) { this.#wait(pdu, from, onReply); return }
    if (from !== undefined && next === from) { this.#nackTo(from, pdu, 'NO_ROUTE', `no route to ${formatName(destination)} other than back where it came from`); return }
    if (this.#pending.size >= this.#init.maxPending) { this.#nackTo(from, pdu, 'CONGESTION', 'too many requests in flight'); return }
    this.#pending.set(nonce, {
      downstreams: [{ link: from, nonce: pdu.nonce!, onReply }],
      upstream: next.peer,
      mergeKey,
      expiresAt: Date.now() + this.#init.pendingTimeoutMs,
      longLived: pdu.request!.subscribe != null
    })
    if (mergeKey !== undefined) this.#merge.set(mergeKey, nonce)
    try {
      next.send({ ...pdu, ttl: (pdu.ttl ?? 0) - 1 })
    } catch (err) {
      this.#finish(nonce, this.#pending.get(nonce)!)
      this.#nackTo(from, pdu, err instanceof FrameTooLargeError ? 'TOO_LARGE' : 'CONGESTION', (err as Error).message, onReply)
      return
    }
    this.counters.forwarded++
  }

  #onReply (pdu: pb.IPdu, from: Link): void {
    const nonce = hex(pdu.nonce!)
    const p = this.#pending.get(nonce)
    if (p === undefined || hex(p.upstream) !== hex(from.peer)) { this.counters.dropped++; return } // late, duplicate or unsolicited
    const final = pdu.nack != null || pdu.response?.final === true
    if (final) this.#finish(nonce, p)
    else p.expiresAt = Date.now() + this.#init.pendingTimeoutMs
    for (const d of p.downstreams) this.#sendTo(d, { ...pdu, nonce: d.nonce })
  }

  #finish (nonce: string, p: Pending): void {
    this.#pending.delete(nonce)
    if (p.mergeKey !== undefined && this.#merge.get(p.mergeKey) === nonce) this.#merge.delete(p.mergeKey)
    this.#deadNonces.add(nonce)
  }

  #wait (pdu: pb.IPdu, from: Link | undefined, onReply?: (pdu: pb.IPdu) => void): void {
    if (this.#waitingCount >= this.#init.missQueueLimit) { this.#nackTo(from, pdu, 'CONGESTION', 'too many requests waiting for routes'); return }
    if (this.#c.resolve === undefined) { this.#nackTo(from, pdu, 'NO_ROUTE', `no route to ${formatName(pdu.destination!)}`, onReply); return }
    const key = hex(pdu.destination!)
    const list = this.#waiting.get(key)
    const entry = { pdu, from, onReply, deadline: Date.now() + this.#init.resolveTimeoutMs }
    this.counters.queued++
    this.#waitingCount++
    if (list !== undefined) { list.push(entry); return }
    this.#waiting.set(key, [entry])
    const done = (): void => { this.#lookedUp.set(key, Date.now()); this.#retryWaiting() }
    this.#c.resolve(pdu.destination!).then(done, done)
  }

  #retryWaiting (): void {
    for (const [key, list] of this.#waiting) {
      if (this.#nextHop(list[0]!.pdu.destination!) === undefined) continue
      this.#waiting.delete(key)
      this.#waitingCount -= list.length
      for (const w of list) this.#onRequest(w.pdu, w.from, w.onReply)
    }
  }

  #sweep (): void {
    const now = Date.now()
    for (const [key, list] of this.#waiting) {
      const expired = list.filter((w) => w.deadline <= now)
      if (expired.length === 0) continue
      const kept = list.filter((w) => w.deadline > now)
      this.#waitingCount -= expired.length
      if (kept.length === 0) this.#waiting.delete(key)
      else this.#waiting.set(key, kept)
      for (const w of expired) this.#nackTo(w.from, w.pdu, 'NO_ROUTE', `no route to ${formatName(w.pdu.destination!)}`, w.onReply)
    }
    for (const [nonce, p] of this.#pending) {
      if (p.longLived || p.expiresAt > now) continue
      this.#finish(nonce, p)
      for (const d of p.downstreams) this.#nackTo(d.link, { nonce: d.nonce, destination: this.self, source: this.self }, 'CONGESTION', 'no answer in time', d.onReply)
    }
    for (const [name, at] of this.#lookedUp) if (at < now - 10_000) this.#lookedUp.delete(name)
    // Two generations: a nonce is remembered for one to two sweeps' worth of lifetime.
    if (this.#deadNonces.size > 4096) { this.#oldDeadNonces = this.#deadNonces; this.#deadNonces = new Set() }
  }

  #sendTo (d: Downstream, pdu: pb.IPdu): void {
    if (d.link === undefined) { d.onReply?.(pdu); return }
    try {
      d.link.send(pdu)
    } catch (err) {
      // A reply that cannot go back (too large, link gone) becomes a NACK saying why.
      if (pdu.nack == null) this.#nackTo(d.link, pdu, err instanceof FrameTooLargeError ? 'TOO_LARGE' : 'CONGESTION', (err as Error).message)
    }
  }

  #nackTo (link: Link | undefined, pdu: pb.IPdu, reason: NackReason, detail: string, onReply?: (pdu: pb.IPdu) => void): void {
    this.counters.nacks[reason] = (this.counters.nacks[reason] ?? 0) + 1
    this.#sendTo({ link, nonce: pdu.nonce ?? new Uint8Array(0), onReply }, {
      version: PDU_VERSION, destination: pdu.source, source: this.self, ttl: DEFAULT_TTL, nonce: pdu.nonce, nack: { reason: pb.NackReason[reason], detail }
    })
  }
}

/** Reads and info requests can share one upstream request; appends and subscriptions cannot. */
function mergeable (pdu: pb.IPdu): boolean {
  return pdu.request?.read != null || pdu.request?.info != null
}

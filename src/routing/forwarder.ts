/**
 * Hop-by-hop forwarding of PDUs by flat name. A request goes to the local
 * service when this node serves the name, otherwise to the next hop of the
 * cheapest live route; its nonce is remembered so that responses retrace the
 * path (a pending table, as in NDN), identical reads in flight are merged,
 * loops are caught by nonce, and a name without a route waits in a bounded
 * queue while the resolver looks it up. Every refusal is a NACK with a reason.
 */
import { formatName, NAME_LENGTH } from '../capsule/name.js'
import { MAX_PAYLOAD_LENGTH } from '../capsule/types.js'
import { bytesToHex, hexToBytes } from '../crypto/bytes.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { FrameTooLargeError, LinkCongestedError } from '../errors.js'
import { patchPduTtl, pb } from '../wire/index.js'
import type { PduHeader } from '../wire/pdu-shape.js'
import type { LostSet, Route, RouteTable } from './route-table.js'
import { FairShares } from './fair-shares.js'
import { SMALL_REPLY_BYTES, type SendClass } from './send-queue.js'
import { HeldByPath } from './held-by-path.js'
import { MAX_REPLICAS } from './replica-set.js'
import { logger } from '@libp2p/logger'

const log = logger('gdp:forwarder')

export const PDU_VERSION = 1
export const NONCE_LENGTH = 16
export const DEFAULT_TTL = 16

/**
 * Subscribers a subscription names in via, at most: each router on the way
 * keeps the last three and adds its own neighbour, so a server knows the
 * subscriber four routers away (and a subscriber behind more is grouped
 * with the nearest four). Each names a node (NAME_LENGTH bytes).
 */
export const MAX_SUBSCRIPTION_VIA = 4
/**
 * A request that this node answers, in a frame over this many bytes (an
 * append's: over its payloads, APPEND_RECORD_BYTES a record and this), is
 * kept encoded again, not as views of its frame (#onRequest): most honest
 * ones (a read is about a hundred bytes) pay nothing for it, and the
 * thousands that may wait at a server hold a few MiB at most.
 */
const PADDED_REQUEST_BYTES = 4096
/** What an honest append's record takes in its frame besides its payload, at most: its header, and its batch's heartbeat. */
const APPEND_RECORD_BYTES = 1024

/**
 * Whether a request's frame of `frameBytes` holds more than the request
 * itself (PADDED_REQUEST_BYTES): decoded, its fields are views of the whole
 * frame, which unknown fields may pad up to the frame limit.
 */
function paddedFrame (request: pb.IRequest, frameBytes: number): boolean {
  if (request.append == null) return frameBytes > PADDED_REQUEST_BYTES
  const records = request.append.records ?? []
  const payloads = records.reduce((sum, r) => sum + (r.payload?.length ?? 0), 0)
  return frameBytes > payloads + records.length * APPEND_RECORD_BYTES + PADDED_REQUEST_BYTES
}

/** The first key of the path of this node's own requests in the table of requests in flight (a neighbour's is its name in hex). */
const OWN_REQUESTS = 'own'

/** Whose share of the miss queue a request from `from` takes: its neighbour's, over all its links, or this node's. */
function waitingKey (from: Link | undefined): string {
  return from === undefined ? OWN_REQUESTS : hex(from.peer)
}

/**
 * The path a subscription came along, for making room by (HeldByPath): the
 * neighbour it came from, then the subscribers the routers on the way named
 * in `via`, nearest first.
 */
function subscriptionPath (from: Link, via: Uint8Array[]): string[] {
  return [hex(from.peer), ...via.map(hex).reverse()]
}

/** A PDU's SendClass, how a link with a long send queue treats it. */
export function sendClassOf (pdu: pb.IPdu): SendClass {
  if (pdu.response?.read != null) return 'stream'
  return pdu.response != null || pdu.nack != null ? 'reply' : 'request'
}

/** A neighbour: somewhere PDUs can be sent. Transports implement it; send may throw the two errors above. */
export interface Link {
  readonly peer: Uint8Array
  /** Cost of this link for route selection (e.g. measured RTT in ms). */
  readonly cost: number
  /**
   * Queues by sendClassOf(pdu). `encoded`: the PDU's encoding, when the
   * caller has it (a reply passed on as it came), so it is not encoded again.
   */
  send: (pdu: pb.IPdu, encoded?: Uint8Array) => void
  /**
   * Calls `callback` once, when the link takes requests again after it
   * refused one as congested: this node's own requests wait for it. A link
   * without it never makes them wait.
   */
  onWritable?: (callback: () => void) => void
  /** Whether it would refuse a request or record data now (its send queue is over the soft limit). */
  backedUp?: () => boolean
  /**
   * Resolves once the neighbour answered a ping, rejects if it did not
   * within `timeoutMs`: tells a neighbour that hangs from one with nothing
   * to send. A link without it is not probed.
   */
  probe?: (timeoutMs: number) => Promise<void>
}

/** What a service sending records (reads, subscriptions) may know of the way back to its requester. */
export interface ReplyFlow {
  /** Who asked: the neighbour the request came from (its name in hex), '' for this node's own. Whose turns it takes (Turns). */
  readonly requester: string
  /** Whether records sent now would be refused: the requester's link is backed up. */
  backedUp: () => boolean
  /**
   * Ends the read or subscription as the forwarder does when that link
   * refuses its records (`cancel` is called, the requester gets CONGESTION
   * with where to resume, it is counted): a service checks backedUp before
   * it builds a response, and calls this instead of building one that would
   * be refused.
   */
  cut: (resumeFrom: number | undefined) => void
}

/** What this node serves itself (a capsule server, or a node answering for its own name). */
export interface LocalService {
  /** Whether requests for `name` are handled here; `ownRequest`: one this node sent itself. */
  serves: (name: Uint8Array, ownRequest?: boolean) => boolean
  /**
   * Handles a request; `reply` may be called several times, the last with
   * final = true. Read and subscription responses stop going out once the
   * requester's link is backed up: the forwarder then calls `cancel` and
   * NACKs the requester itself, with where to resume.
   */
  handle: (pdu: pb.IPdu, reply: (body: { response: pb.IResponse } | { nack: pb.INack }) => void, flow?: ReplyFlow) => void
  /** The requester of a subscription or of a read still being sent went away, or its link is backed up: stop sending. */
  cancel?: (nonce: Uint8Array) => void
  /** Subscriptions it holds now, this node's own included (see ForwarderInit.maxLocalSubscriptions). */
  readonly subscriptions?: number
}

export interface ForwarderInit {
  self: Uint8Array
  /** How long a forwarded request waits for its first response. @default 10000 */
  pendingTimeoutMs?: number
  /**
   * How long a request that any server of its capsule may answer (see
   * `movable`: reads, and a writer's batches sent to the replica that takes
   * them) waits for its first response before it goes to another server of
   * the capsule instead, where this node has a route to one (twice as long
   * where the next hop is not that server itself, so that the router nearest
   * the server moves it first; plus the request's transfer allowance). The
   * silent server is then avoided as after a timeout
   * (SILENT_SERVER_AVOID_MS). Any response stops that: a replica waiting
   * for its write quorum says so after AT_WORK_HEADS_UP_MS. @default 1000
   */
  failoverAfterMs?: number
  /**
   * A neighbour (a server, or a router on the way to one) with a
   * subscription pending on its link here that has sent nothing for this
   * long is pinged (Link.probe), where this node has another route to the
   * subscription's capsule. @default 2000
   */
  probeSilentAfterMs?: number
  /**
   * A neighbour that does not answer that ping within this long is taken as
   * hung: routes through it are avoided (SILENT_SERVER_AVOID_MS), and its
   * subscriptions here to capsules with a route that avoids it end with
   * MOVED, so that their subscribers subscribe again that way. @default 3000
   */
  probeTimeoutMs?: number
  /**
   * The link rate a PDU's size is allowed for on top of each wait for its
   * answer here (pendingTimeoutMs, failoverAfterMs, a heads-up's): tests of
   * those waits for large batches give a faster one, so as not to wait out
   * seconds of allowance per MiB. @default SLOW_LINK_BYTES_PER_SECOND
   */
  slowLinkBytesPerSecond?: number
  /** Requests waiting for a route, at most, over all names. @default 1024 */
  missQueueLimit?: number
  /** How long a request waits for a route before NO_ROUTE. @default 3000 */
  resolveTimeoutMs?: number
  /**
   * Requests from one neighbour (or from this node) waiting for routes, at
   * most, over all its links: its share of missQueueLimit, so that one
   * neighbour's requests for unknown names cannot fill the queue for
   * everyone (one share per link gave a peer one per connection). @default a quarter of
   * missQueueLimit, but at least 64 (or the whole queue if smaller)
   */
  missQueuePerNeighbour?: number
  /**
   * Pending requests, at most. When they are all taken, a request from a
   * neighbour takes the room of the oldest request of the neighbour holding
   * the most (more than one over its own), which is answered CONGESTION;
   * otherwise it is refused. @default 65536
   */
  maxPending?: number
  /**
   * Subscriptions the local service takes, at most (its own limit: a
   * capsule server's maxSubscriptions). When it holds that many, a
   * neighbour's subscription takes the room of the oldest subscription of
   * the neighbour holding the most of them (more than one over its own),
   * which ends with CONGESTION and where to resubscribe; otherwise the
   * service refuses it as before. One peer linked to a server subscribed
   * 10,000 times (two seconds of its frame rate) and every other subscriber
   * of that server was refused for as long as it stayed. @default 10000
   */
  maxLocalSubscriptions?: number
  /**
   * This node's own requests waiting for a backed-up link to drain, at most
   * (more get CONGESTION); each waits up to pendingTimeoutMs. @default 256
   */
  maxPacedRequests?: number
  /** Bytes of those waiting requests, at most (one always fits). @default 32 MiB */
  maxPacedBytes?: number
  /**
   * Neighbours' requests passed up the default route a second, at most,
   * split evenly among the neighbours that sent any up in the last second
   * (src/routing/fair-shares.ts): kept below the parent's limit on what
   * one neighbour sends it, so that no client here gets this router banned
   * there. @default 4000
   */
  upstreamRequestsPerSecond?: number
  /**
   * Lookups (resolve) of names with no route this node starts a second, at
   * most, split evenly among the neighbours whose requests asked for them
   * in the last second (this node's own requests count as one): past its
   * share, a neighbour's request for a name nobody looked up lately gets
   * CONGESTION. @default 200
   */
  lookupsPerSecond?: number
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
  /** Told of servers attached here whose link went down (a router that relays their sets tells its parent). */
  attachedServersLost?: (servers: Uint8Array[]) => void
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
  /** This node's own requests that waited for a backed-up link instead of failing with CONGESTION. */
  paced: number
  /** Subscriptions ended because the link to their subscriber was backed up. */
  subscriptionsCut: number
  /** Reads ended part way for the same reason (the reader resumes from where it stopped). */
  readsCut: number
  /** Neighbours' requests refused (CONGESTION) because their share of what goes up the default route was spent. */
  upstreamRefused: number
  /** Requests for names with no route refused (CONGESTION) because their neighbour's share of lookups was spent. */
  lookupsRefused: number
  /** Requests in flight ended (CONGESTION) to make room, with every pending slot taken, for a neighbour holding fewer. */
  pendingEvicted: number
  /** Subscriptions to the local service ended (CONGESTION) to make room, with all its subscriptions taken, for a neighbour holding fewer. */
  subscriptionsEvicted: number
  /** Reads and batches sent to another server of their capsule after theirs left them unanswered for failoverAfterMs, and subscriptions ended (MOVED) on a server that did not answer a ping. */
  failedOver: number
  nacks: Partial<Record<NackReason, number>>
}

interface Downstream {
  link: Link | undefined
  nonce: Uint8Array
  onReply?: (pdu: pb.IPdu) => void
  /** This node's own request got no answer in time (instead of a CONGESTION NACK, which would say something else). */
  onExpired?: () => void
}

interface Pending {
  downstreams: Downstream[]
  upstream: Uint8Array
  /** The link it went out on: its replies come back on it, and it is answered NO_ROUTE if that link goes. */
  upstreamLink: Link
  destination: Uint8Array
  /** The capsule a request sent to a server by the server's name is about (request.capsule): a stop names it too. */
  capsule: Uint8Array | undefined
  mergeKey: string | undefined
  expiresAt: number
  /** Subscriptions stay until final or link loss; other requests until their deadline. */
  longLived: boolean
  /** Not sent yet: waiting for the upstream link to drain (this node's own requests only). */
  paced: boolean
  /**
   * Who asked first, whose share of the table it counts in: the neighbour's
   * name in hex (OWN_REQUESTS for this node), then for a subscription the
   * subscribers it came through (subscriptionPath).
   */
  path: string[]
  /** How long it waits for an answer, and for each next response: pendingTimeoutMs, or what this node's own request asked for. */
  timeoutMs: number
  /** The most a heads-up for it is believed to announce (headsUpCapBytes). */
  headsUpCapBytes: number
  /** A request of one answer (answersOnce): heads-ups it takes still, of MAX_HEADS_UPS. */
  headsUpsLeft?: number
  /** Its heads-ups believed and not brought yet (HeadsUpLedger): past MAX_HEADS_UPS, they no longer push its expiry back. */
  headsUps?: HeadsUpLedger
  /** The server of the route it took (none when it went to a neighbour by name or up the default route). */
  server?: Uint8Array
  /** Whether any response came back for it. */
  answered?: boolean
  /** A request that may go to another server of `capsule` if `server` does not answer: when, and the request as it was sent on. */
  failover?: { at: number, afterMs: number, request: pb.IPdu, server: Uint8Array, capsule: Uint8Array, byName: boolean }
}

/** Where a request goes next: the link, and the server whose route leads there (when a route was taken). */
interface NextHop { link: Link, server?: Uint8Array }

/** How long a router sends requests for a server's capsules elsewhere after it left one unanswered (while another server has a route). */
export const SILENT_SERVER_AVOID_MS = 30_000
/**
 * Servers whose link went down remembered at once, at most (the oldest loss
 * forgotten first: a request for it then waits for a route as for any name).
 * Each is kept as long as the lifetime its server signed, which no one
 * bounds: a peer advertising under a new key with a lifetime of years, and
 * dropping its link, left an entry for years, a hundred a second from one
 * address within the connection rate.
 */
export const MAX_LOST_SERVERS = 65_536

/** The retry_after_ms of a CONGESTION that says another server now takes the request: ask again at once (0 would mean absent). */
export const SWITCHED_SERVER_RETRY_MS = 1

/** One of this node's own requests waiting for a backed-up link. */
interface Paced { nonce: string, pdu: pb.IPdu, bytes: number, deadline: number }

const hex = bytesToHex

export class Forwarder {
  readonly self: Uint8Array
  readonly counters: ForwarderCounters = { received: 0, dropped: 0, forwarded: 0, delivered: 0, merged: 0, queued: 0, paced: 0, subscriptionsCut: 0, readsCut: 0, upstreamRefused: 0, lookupsRefused: 0, pendingEvicted: 0, subscriptionsEvicted: 0, failedOver: 0, nacks: {} }
  readonly #init: Required<Omit<ForwarderInit, 'missQueuePerNeighbour'>>
  readonly #c: ForwarderComponents
  /** Links by neighbour (hex name), oldest first: a neighbour that moved (docs/moving.md) has two for a while; requests go out on the newest. */
  readonly #links = new Map<string, Link[]>()
  readonly #pending = new Map<string, Pending>()
  /** Pending requests by the path each came along (Pending.path): whose a full table takes room from. */
  readonly #pendingByPath = new HeldByPath()
  readonly #merge = new Map<string, string>()
  /** Nonces of requests answered recently: one that comes back is a loop. */
  #deadNonces = new Set<string>()
  #oldDeadNonces = new Set<string>()
  readonly #waiting = new Map<string, Array<{ pdu: pb.IPdu, from: Link | undefined, onReply?: (pdu: pb.IPdu) => void, onExpired?: () => void, timeoutMs?: number, deadline: number }>>()
  #waitingCount = 0
  /** Waiting requests by the neighbour they came from (waitingKey). */
  readonly #waitingBy = new Map<string, number>()
  readonly #missQueuePerNeighbour: number
  /** What neighbours' requests may take of the default route. */
  readonly #upstreamShares: FairShares
  /** What neighbours' requests may start of lookups. */
  readonly #lookupShares: FairShares
  #timer: NodeJS.Timeout | undefined
  /** When each link last brought a PDU; the links being pinged now; and when a silent one was last found with no route around it (#probeSilent). */
  readonly #lastHeard = new WeakMap<Link, number>()
  readonly #probing = new WeakSet<Link>()
  readonly #noRouteAround = new WeakMap<Link, number>()
  #defaultRoute: Uint8Array | undefined
  /** Names looked up in the last 10 s (by resolve): until then their requests may take the default route. */
  readonly #lookedUp = new Map<string, number>()
  /**
   * Servers whose routes went with a link that went down (hex name), until
   * their set would have expired (µs): a request for one with no other way
   * is refused at once. Waiting for an advertisement that only a relinked
   * server sends held each one for the whole resolve timeout, and a replica
   * asking its peers one after another waited that long per peer away.
   */
  readonly #lostServers = new Map<string, number>()
  /**
   * Servers that left a request sent on their route unanswered, and
   * neighbours that did not answer a ping (hex name), until when
   * (performance.now() ms): requests take a route to another server, or
   * through another neighbour, while there is one. A replica that hung (its
   * process stopped, its link still up) otherwise drew every request for
   * its capsules, each to fail after pendingTimeoutMs, though the other
   * replicas could answer. Its next response ends this at once.
   */
  readonly #silentNodes = new Map<string, number>()
  /** Subscriptions delivered to the local service, by nonce: the link they came over. */
  readonly #localSubscriptions = new Map<string, Link>()
  /** The same by the path each came along (its neighbour, then the subscribers named in via), and what ends each. */
  readonly #localSubscriptionsByPath = new HeldByPath()
  readonly #endLocalSubscription = new Map<string, () => void>()
  /** This node's own requests waiting for a backed-up link, in order, by link. */
  readonly #paced = new Map<string, Paced[]>()
  #pacedCount = 0
  #pacedBytes = 0

  constructor (init: ForwarderInit, components: ForwarderComponents) {
    this.self = init.self
    this.#init = { pendingTimeoutMs: 10_000, failoverAfterMs: 1000, probeSilentAfterMs: 2000, probeTimeoutMs: 3000, missQueueLimit: 1024, resolveTimeoutMs: 3000, slowLinkBytesPerSecond: SLOW_LINK_BYTES_PER_SECOND, maxPending: 65_536, maxLocalSubscriptions: 10_000, maxPacedRequests: 256, maxPacedBytes: 32 * 1024 * 1024, upstreamRequestsPerSecond: 4000, lookupsPerSecond: 200, ...init }
    this.#upstreamShares = new FairShares(this.#init.upstreamRequestsPerSecond)
    this.#lookupShares = new FairShares(this.#init.lookupsPerSecond)
    this.#c = components
    this.#missQueuePerNeighbour = init.missQueuePerNeighbour ?? Math.max(Math.min(64, this.#init.missQueueLimit), Math.floor(this.#init.missQueueLimit / 4))
  }

  start (): void {
    this.#timer = setInterval(() => { this.#sweep() }, 250)
    // In Node the sweep alone does not hold the process up; a browser's timers are numbers, with no unref.
    this.#timer.unref?.()
  }

  stop (): void {
    clearInterval(this.#timer)
    for (const list of this.#waiting.values()) for (const w of list) this.#nackTo(w.from, w.pdu, 'NO_ROUTE', 'node stopping', w.onReply)
    this.#waiting.clear()
    this.#waitingBy.clear()
  }

  /** A link to a neighbour: the newest one to that neighbour takes its requests from now on. */
  addLink (link: Link): void {
    const list = this.#links.get(hex(link.peer)) ?? []
    if (!list.includes(link)) list.push(link)
    this.#links.set(hex(link.peer), list)
    this.#retryWaiting()
  }

  /**
   * A link went away (or, given a name, every link to that neighbour).
   * Requests that went out on it are NACKed NO_ROUTE (subscriptions MOVED:
   * subscribe again by name) and requesters that
   * came over it are forgotten; once a neighbour has no link left, its
   * routes go too.
   */
  removeLink (gone: Uint8Array | Link): void {
    const peer = gone instanceof Uint8Array ? gone : gone.peer
    const list = this.#links.get(hex(peer)) ?? []
    const removed = gone instanceof Uint8Array ? list : list.filter((l) => l === gone)
    const kept = list.filter((l) => !removed.includes(l))
    if (kept.length > 0) this.#links.set(hex(peer), kept)
    else this.#links.delete(hex(peer))
    if (kept.length === 0) {
      // Requests waiting for this link are pending on it too: NACKed below.
      for (const w of this.#paced.get(hex(peer)) ?? []) { this.#pacedCount--; this.#pacedBytes -= w.bytes }
      this.#paced.delete(hex(peer))
      const lost = this.#c.table.dropNextHop(peer)
      this.#noteLost(lost)
      const attached = lost.filter((set) => set.origin === 'attached').map((set) => set.server)
      if (attached.length > 0) this.#c.attachedServersLost?.(attached)
    }
    const isGone = (link: Link | undefined): boolean => link !== undefined && (removed.includes(link) || (gone instanceof Uint8Array && hex(link.peer) === hex(peer)))
    // Requests it sent that wait for a route have nobody to answer: a route found later sent them on all the same, and
    // a subscription among them was then held here and at its server for good (no link of its requester left to go).
    for (const [key, list] of this.#waiting) {
      const kept = list.filter((w) => !isGone(w.from))
      if (kept.length === list.length) continue
      this.#waitingCount -= list.length - kept.length
      for (const w of list) if (isGone(w.from)) this.#unwait(w.from)
      if (kept.length > 0) this.#waiting.set(key, kept)
      else this.#waiting.delete(key)
    }
    for (const [nonce, from] of this.#localSubscriptions) {
      if (!isGone(from)) continue
      this.#dropLocalSubscription(nonce)
      this.#c.local?.cancel?.(hexToBytes(nonce))
    }
    for (const [nonce, p] of this.#pending) {
      if (isGone(p.upstreamLink)) {
        this.#finish(nonce, p)
        // A subscription is not lost with one path: its subscribers subscribe again by name, from the next record,
        // over whatever path (or replica) is left; the far end of a moving link may close it before it was retired here.
        // A request that went out may have reached its server before the link went (an append may be stored there):
        // said so, as its requester cannot tell it from one that found no route.
        const [reason, why] = p.longLived
          ? ['MOVED', `lost the link to ${formatName(peer)} on the way: subscribe again`] as const
          : p.paced ? ['NO_ROUTE', `lost the link to ${formatName(peer)} before the request went out`] as const : ['NO_ROUTE', `lost the link to ${formatName(peer)} after the request went out: it may have reached the server`] as const
        const maybeDelivered = reason === 'NO_ROUTE' && !p.paced
        for (const d of p.downstreams) this.#nackTo(d.link, { nonce: d.nonce, source: this.self, destination: this.self }, reason, why, d.onReply, { maybeDelivered })
      } else {
        p.downstreams = p.downstreams.filter((d) => !isGone(d.link))
        if (p.downstreams.length === 0) this.#finish(nonce, p)
      }
    }
  }

  /**
   * A link about to go because its neighbour moved, or this node leaves it
   * (docs/moving.md): the subscriptions that went out on it, and those this
   * node serves over it, end with MOVED, so their subscribers subscribe
   * again (over the new link or path), and a server is told to stop. Other
   * requests on it are answered on it as usual.
   */
  retire (link: Link): void {
    // Subscriptions this node serves over that link: their subscribers subscribe again, by name, the way that is left.
    for (const [nonce, from] of this.#localSubscriptions) {
      if (from !== link) continue
      this.#dropLocalSubscription(nonce)
      this.#c.local?.cancel?.(hexToBytes(nonce))
      this.#nackTo(link, { nonce: hexToBytes(nonce), source: link.peer, destination: this.self }, 'MOVED', `${formatName(this.self)} left this link: subscribe again`)
    }
    for (const [nonce, p] of this.#pending) {
      if (p.upstreamLink !== link || !p.longLived) continue
      this.#finish(nonce, p)
      for (const d of p.downstreams) this.#nackTo(d.link, { nonce: d.nonce, source: this.self, destination: this.self }, 'MOVED', `${formatName(link.peer)} on the way moved: subscribe again`, d.onReply)
      this.#tellToStop(link, p, nonce)
    }
  }

  /** Whether a request pending here went out on `link` or came over it (a retired link closes once it is not). */
  inUse (link: Link): boolean {
    for (const p of this.#pending.values()) if (p.upstreamLink === link || p.downstreams.some((d) => d.link === link)) return true
    for (const from of this.#localSubscriptions.values()) if (from === link) return true
    return false
  }

  /** The newest link to `peer`. */
  link (peer: Uint8Array): Link | undefined { return this.#links.get(hex(peer))?.at(-1) }

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
   * chance, when there is a resolver) the default route. The best route is
   * one that does not lead back to `cameFrom` where there is one: a server
   * asking for a capsule it holds by the capsule's name (its metadata lost,
   * docs/replication.md "Repair") was sent NO_ROUTE by its router, whose
   * cheapest route still led to that server, while others of it were routed.
   */
  #nextHop (destination: Uint8Array, cameFrom?: Uint8Array): NextHop | undefined {
    const direct = this.link(destination)
    if (direct !== undefined) return { link: direct }
    const now = this.#c.clock()
    // A request of this node's own has no way back to avoid: no closure made for it (this runs for every request).
    let route = cameFrom === undefined
      ? this.#c.table.lookup(destination, now, this.#avoided)
      : this.#c.table.lookup(destination, now, (server, nextHop) => equalBytes(nextHop, cameFrom) || this.#avoided(server, nextHop))
    // Every route that is not back is avoided (its server silent): one of them still rather than back.
    if (route !== undefined && cameFrom !== undefined && equalBytes(route.nextHop, cameFrom)) route = this.#c.table.lookup(destination, now, (_server, nextHop) => equalBytes(nextHop, cameFrom))
    const viaRoute = route === undefined ? undefined : this.link(route.nextHop)
    if (viaRoute !== undefined) return { link: viaRoute, server: route!.server }
    // A route whose neighbour is not linked (yet): a router that moved here with its routes, before that
    // neighbour relinked. The request waits for the link rather than going up the default route.
    if (route !== undefined) return undefined
    if (this.#c.resolve !== undefined && !this.#lookedUp.has(hex(destination))) return undefined
    const up = this.#defaultRoute === undefined ? undefined : this.link(this.#defaultRoute)
    return up === undefined ? undefined : { link: up }
  }

  /**
   * A movable request sent by name to a server that left one unanswered
   * lately, to be handled as sent to the capsule (a writer's next batch for
   * the replica that takes appends, which hung): another server of the
   * capsule to send it to, where there is one, so that it does not wait
   * failoverAfterMs there again.
   */
  #insteadOfSilent (pdu: pb.IPdu): Uint8Array | undefined {
    const request = pdu.request!
    if (request.asCapsule !== true || pdu.destination == null || !this.#silent(pdu.destination) || !movable(pdu)) return undefined
    const other = this.#c.table.lookup(request.capsule!, this.#c.clock(), this.#avoided)
    return other === undefined || this.#avoided(other.server, other.nextHop) ? undefined : other.server
  }

  /**
   * `node` (a server) left a request unanswered, or (a neighbour) did not
   * answer a ping: routes to it and through it are avoided for
   * SILENT_SERVER_AVOID_MS, or until it sends this node anything.
   */
  #markSilent (node: Uint8Array): void {
    this.#silentNodes.set(hex(node), performance.now() + SILENT_SERVER_AVOID_MS)
  }

  /** Whether `node` left a request or a ping unanswered lately (#silentNodes). */
  #silent (node: Uint8Array): boolean {
    const until = this.#silentNodes.get(hex(node))
    return until !== undefined && until > performance.now()
  }

  /** Whether a route to `server` through `nextHop` is to be avoided while another is left: either fell silent. */
  readonly #avoided = (server: Uint8Array, nextHop: Uint8Array): boolean => this.#silent(server) || this.#silent(nextHop)

  /**
   * A request sent on the route of server `p.server` had no response in
   * time: that server's routes are avoided for SILENT_SERVER_AVOID_MS.
   * Returns what the requester is told: the detail, and `retryAfterMs`
   * (SWITCHED_SERVER_RETRY_MS) only when another server's route now takes
   * the capsule's requests, so that asking again is worth it. A CONGESTION
   * without it (a full queue, a spent rate) is not retried by clients: a
   * retry would double the load that caused it.
   */
  #noAnswer (p: Pending): { detail: string, retryAfterMs?: number } {
    if (p.server === undefined || p.answered === true) return { detail: `no answer in time from ${formatName(p.upstream)}` }
    const server = p.server
    this.#markSilent(server)
    const other = this.#c.table.lookup(p.destination, this.#c.clock(), (s) => equalBytes(s, server))
    const detail = `server ${formatName(server)} gave no answer within ${p.timeoutMs} ms`
    if (other === undefined || equalBytes(other.server, server)) return { detail }
    return {
      detail: `${detail}; this router sends the requests for ${formatName(p.destination)} to another of its servers for ${SILENT_SERVER_AVOID_MS / 1000} s`,
      retryAfterMs: SWITCHED_SERVER_RETRY_MS
    }
  }

  /**
   * A movable request's server left it unanswered for failoverAfterMs: it
   * goes, under a new nonce (routers beyond may still hold the first), to
   * another server of the capsule (by that server's route, leaving by
   * another link; or, sent by name, to that server by name), and the
   * silent server is avoided as after a timeout. Replies are passed back
   * under the requesters' nonces as for merged reads; a late answer of the
   * first server finds nothing pending and is dropped. With no other server
   * to go to it waits out its timeout.
   */
  #failOver (nonce: string, p: Pending): void {
    const { request, server: silent, capsule, byName } = p.failover!
    p.failover = undefined
    const other = this.#c.table.lookup(capsule, this.#c.clock(), (s, hop) => equalBytes(s, silent) || this.#avoided(s, hop))
    if (other === undefined || equalBytes(other.server, silent)) return
    // Sent to the silent server by name: it goes to the other by name, whichever link leads there.
    const link = byName ? this.#nextHop(other.server)?.link : this.link(other.nextHop)
    if (link === undefined || (!byName && link === p.upstreamLink) || p.downstreams.some((d) => d.link !== undefined && equalBytes(d.link.peer, link.peer))) return
    const moved = byName ? { ...request, destination: other.server, nonce: randomNonce() } : { ...request, nonce: randomNonce() }
    try {
      link.send(moved)
    } catch {
      return // backed up or too large there: the first server may still answer
    }
    this.counters.failedOver++
    this.#markSilent(silent)
    this.#finish(nonce, p)
    const key = hex(moved.nonce)
    this.#pending.set(key, { ...p, destination: moved.destination!, upstream: link.peer, upstreamLink: link, server: byName ? undefined : other.server, expiresAt: performance.now() + requestTimeoutMs(p.timeoutMs, moved, this.#init.slowLinkBytesPerSecond) })
    this.#pendingByPath.add(key, p.path)
    if (p.mergeKey !== undefined && !this.#merge.has(p.mergeKey)) this.#merge.set(p.mergeKey, key)
  }

  /**
   * A subscription waits for records that may never come, so no timeout
   * tells a neighbour that hangs from a server with nothing to send: the
   * neighbour subscriptions went to (their server, or a router on the way)
   * that has sent nothing for probeSilentAfterMs (#quiet) is pinged, where
   * another route could take one of them, and one that does not answer is
   * taken as hung (#neighbourHung). Where none could move, it is looked at
   * again only after probeSilentAfterMs: a quiet server holding thousands of
   * subscriptions costs their route lookups once in that time, not every
   * sweep. Run by the sweep, after its pass over pending requests.
   */
  #probeSilent (link: Link, subscriptions: Pending[], now: number): void {
    if (!subscriptions.some((p) => this.#routeAvoiding(p.destination, link.peer) !== undefined)) {
      this.#noRouteAround.set(link, now)
      return
    }
    this.#probing.add(link)
    link.probe!(this.#init.probeTimeoutMs).then(() => {
      this.#lastHeard.set(link, performance.now())
    }, () => {
      if (this.#links.get(hex(link.peer))?.includes(link) === true) this.#neighbourHung(link)
    }).finally(() => { this.#probing.delete(link) })
  }

  /** Whether `link` is one to probe: it can be, is not being probed, sent nothing lately and was not found with no route around lately. */
  #quiet (link: Link, now: number): boolean {
    if (link.probe === undefined || this.#probing.has(link)) return false
    const since = Math.max(this.#lastHeard.get(link) ?? 0, this.#noRouteAround.get(link) ?? 0)
    return now - since >= this.#init.probeSilentAfterMs
  }

  /**
   * A linked route to `destination` that neither goes to nor through
   * `neighbour`, nor to or through a node that fell silent, if there is one.
   */
  #routeAvoiding (destination: Uint8Array, neighbour: Uint8Array): Route | undefined {
    const away = (server: Uint8Array, nextHop: Uint8Array): boolean => equalBytes(server, neighbour) || equalBytes(nextHop, neighbour) || this.#avoided(server, nextHop)
    const route = this.#c.table.lookup(destination, this.#c.clock(), away)
    return route === undefined || away(route.server, route.nextHop) || this.link(route.nextHop) === undefined ? undefined : route
  }

  /**
   * The neighbour on `link` did not answer a ping: routes to it and through
   * it are avoided as after a timeout, and its subscriptions here end with
   * MOVED (their subscribers subscribe again, by name, from the next
   * record) where a route avoiding it is left; with none, they stay.
   */
  #neighbourHung (link: Link): void {
    const neighbour = formatName(link.peer)
    log('%s did not answer a ping within %d ms: routes to and through it avoided for %d s', neighbour, this.#init.probeTimeoutMs, SILENT_SERVER_AVOID_MS / 1000)
    this.#markSilent(link.peer)
    for (const [nonce, p] of this.#pending) {
      if (!p.longLived || p.upstreamLink !== link || this.#routeAvoiding(p.destination, link.peer) === undefined) continue
      this.#finish(nonce, p)
      this.#tellToStop(link, p, nonce)
      this.counters.failedOver++
      for (const d of p.downstreams) this.#nackTo(d.link, { nonce: d.nonce, source: this.self, destination: this.self }, 'MOVED', `${neighbour}, the next hop, did not answer a ping within ${this.#init.probeTimeoutMs} ms: subscribe again (another route to ${formatName(p.destination)} is left)`, d.onReply)
    }
  }

  /**
   * A child router (`nextHop`) lost its links to `servers`: their sets
   * through it go, and requests for them get NO_ROUTE at once where no
   * other route is left, as for a link lost here. Returns how many sets went.
   */
  serversLostVia (nextHop: Uint8Array, servers: Uint8Array[]): number {
    const lost = this.#c.table.dropServersVia(nextHop, servers)
    this.#noteLost(lost)
    return lost.length
  }

  #noteLost (lost: LostSet[]): void {
    for (const set of lost) {
      const k = hex(set.server)
      // Taken out first, so the map's order is that of the losses.
      this.#lostServers.delete(k)
      this.#lostServers.set(k, set.expiresAtUs)
      if (this.#lostServers.size > MAX_LOST_SERVERS) this.#lostServers.delete(this.#lostServers.keys().next().value!)
    }
  }

  /** Whether `name` is a server whose routes went with a link that went down, within the time they would have lasted. */
  #lost (name: Uint8Array): boolean {
    const until = this.#lostServers.get(hex(name))
    return until !== undefined && until > this.#c.clock()
  }

  /** Whether a request under `nonce` went out on `link` and waits for its replies there. */
  awaitsReply (nonce: Uint8Array, link: Link): boolean {
    return this.#pending.get(hex(nonce))?.upstreamLink === link
  }

  /**
   * Routes were installed for `names`: the requests waiting for those try
   * again. Without names (routes may have changed anywhere: some expired,
   * and a request may now go up the default route), every waiting request
   * does, which costs a route lookup per name waiting: a router did that for
   * every routing message, and a peer sending them at its frame rate (an
   * empty update, a graft notice) held it in lookups of the requests queued.
   */
  routesChanged (names?: Uint8Array[]): void {
    if (names === undefined) { this.#retryWaiting(); return }
    if (this.#waiting.size === 0) return
    for (const name of names) this.#retryWaiting(hex(name))
  }

  /**
   * Sends a request that starts at this node (a client's own request);
   * `onReply` receives its responses or NACK, `onExpired` (if given) is
   * called instead of a CONGESTION NACK when no answer came within
   * `timeoutMs` (default pendingTimeoutMs; a router on the way waits its
   * own pendingTimeoutMs, and answers CONGESTION past it). While
   * the link it goes out on is backed up, the request waits for it to drain
   * (bounded by maxPacedRequests, maxPacedBytes and pendingTimeoutMs):
   * a pipelined writer is paced by its link instead of refused.
   */
  request (destination: Uint8Array, request: pb.IRequest, onReply: (pdu: pb.IPdu) => void, ttl = DEFAULT_TTL, onExpired?: () => void, timeoutMs?: number): Uint8Array {
    const nonce = randomNonce()
    this.#onRequest({ version: PDU_VERSION, destination, source: this.self, ttl, nonce, request }, undefined, onReply, onExpired, undefined, timeoutMs)
    return nonce
  }

  /** Withdraws interest in a request started here (ends a subscription locally). */
  cancel (nonce: Uint8Array): void {
    const p = this.#pending.get(hex(nonce))
    if (p !== undefined) this.#finish(hex(nonce), p)
  }

  /**
   * A request whose body the transport could not decode (too many fields,
   * broken bytes; it read the header alone): NACKed MALFORMED with why, so
   * its sender learns at once instead of timing out. A header that is wrong
   * itself gets nothing, as it names no one to answer.
   */
  refuseUndecodable (header: PduHeader, from: Link, why: string): void {
    this.counters.received++
    if (header.version !== PDU_VERSION || header.nonce.length !== NONCE_LENGTH || header.source.length !== NAME_LENGTH) { this.counters.dropped++; return }
    this.#nackTo(from, header, 'MALFORMED', `the request could not be decoded: ${why}`)
  }

  /**
   * Handles a PDU received from a neighbour. Only requests are answered with
   * NACKs: a bad reply is dropped and counted, or two nodes could NACK each
   * other's NACKs forever.
   */
  receive (pdu: pb.IPdu, from: Link, encoded?: Uint8Array): void {
    this.counters.received++
    this.#lastHeard.set(from, performance.now())
    // A neighbour that speaks is not silent: a server that hung and came back is asked again at once, not after SILENT_SERVER_AVOID_MS.
    if (this.#silentNodes.size > 0) this.#silentNodes.delete(hex(from.peer))
    const wellFormed = pdu.nonce?.length === NONCE_LENGTH && pdu.destination?.length === NAME_LENGTH && pdu.source?.length === NAME_LENGTH
    if (pdu.request == null) {
      if (pdu.version === PDU_VERSION && wellFormed && (pdu.response != null || pdu.nack != null)) this.#onReply(pdu, from, encoded)
      else if (pdu.version === PDU_VERSION && (pdu.advertisement != null || pdu.announcement != null || pdu.resync != null || pdu.moved != null || pdu.graft != null || pdu.snapshotAck != null) && this.#c.routing !== undefined) this.#c.routing(pdu, from)
      else this.counters.dropped++
      return
    }
    if (pdu.version !== PDU_VERSION) { this.#nackTo(from, pdu, 'UNSUPPORTED_VERSION', `PDU version ${String(pdu.version)}; this node speaks ${PDU_VERSION}`); return }
    if (!wellFormed) { this.#nackTo(from, pdu, 'MALFORMED', 'destination and source must be 32-byte names and the nonce 16 bytes'); return }
    this.#onRequest(pdu, from, undefined, undefined, encoded)
  }

  /** `encoded`: the request as it arrived, forwarded with its ttl patched rather than encoded again (patchPduTtl). */
  #onRequest (pdu: pb.IPdu, from: Link | undefined, onReply?: (pdu: pb.IPdu) => void, onExpired?: () => void, encoded?: Uint8Array, timeoutMs = this.#init.pendingTimeoutMs): void {
    if (pdu.request!.subscribe != null && encoded !== undefined) {
      // Kept for as long as it lasts (its pending entry here, what answers it at the server): a decoded message is a
      // view of its frame, which unknown fields may pad up to the frame limit. Encoded again, it is its own few bytes,
      // and is passed on so.
      pdu = pb.Pdu.decode(pb.Pdu.encode(pdu).finish())
      encoded = undefined
    }
    const nonce = hex(pdu.nonce!)
    // A subscription this node serves is no pending entry, and its nonce names it at the service: a request sent
    // again under it was taken as another subscription, counted there while it replaced the first (by nonce), and
    // that count was never given back (one peer repeating a subscribe 10,000 times refused every later one).
    if (this.#pending.has(nonce) || this.#localSubscriptions.has(nonce) || this.#deadNonces.has(nonce) || this.#oldDeadNonces.has(nonce)) { this.#nackTo(from, pdu, 'LOOP', 'this request came back: a routing loop'); return }
    const via = pdu.request!.subscribe?.via ?? []
    if (via.length > MAX_SUBSCRIPTION_VIA || via.some((v) => v.length !== NAME_LENGTH)) { this.#nackTo(from, pdu, 'MALFORMED', `a subscription names at most ${MAX_SUBSCRIPTION_VIA} subscribers it came through (via), each a ${NAME_LENGTH}-byte node name`, onReply); return }
    const instead = this.#insteadOfSilent(pdu)
    if (instead !== undefined) {
      pdu = { ...pdu, destination: instead }
      encoded = undefined
    }
    const destination = pdu.destination!
    const local = this.#c.local
    if (local?.serves(destination, from === undefined) === true) {
      this.counters.delivered++
      if (encoded !== undefined && pdu.request!.subscribe == null && paddedFrame(pdu.request!, encoded.length)) {
        // Kept while the service answers it, a read while it waits for its turn (maxWaitingReads), an append while it
        // waits for the store (counted towards maxWritingBytes by its payloads): as a subscription is, encoded again
        // rather than as views of a frame that unknown fields may pad. (An append's frame was taken for its records,
        // which it holds anyway: padded, a few bytes of records held a frame of up to the frame limit. A request passed
        // on is kept as it came, its unknown fields with it, until answered: a newer node may know them.)
        pdu = pb.Pdu.decode(pb.Pdu.encode(pdu).finish())
      }
      const downstream: Downstream = { link: from, nonce: pdu.nonce!, onReply }
      const subscribe = pdu.request!.subscribe != null
      let cut = false
      // The requester's link is backed up (or gone): this read or subscription goes, not the link.
      const end = (resumeFrom: number | undefined): void => {
        cut = true
        this.#dropLocalSubscription(nonce)
        local.cancel?.(pdu.nonce!)
        this.#cut(downstream, pdu.source, subscribe, resumeFrom)
      }
      if (subscribe && from !== undefined) {
        // Every subscription taken: the subscriber holding the most gives up its oldest, if that is fair.
        const path = subscriptionPath(from, via)
        if (Math.max(this.#localSubscriptions.size, local.subscriptions ?? 0) >= this.#init.maxLocalSubscriptions) this.#makeSubscriptionRoom(path)
        this.#addLocalSubscription(nonce, from, path, () => {
          cut = true
          this.#dropLocalSubscription(nonce)
          local.cancel?.(pdu.nonce!)
          this.counters.subscriptionsEvicted++
          this.#nackTo(from, { nonce: pdu.nonce, source: pdu.source, destination: this.self }, 'CONGESTION', `this server's subscriptions are all taken, and this subscriber held the most (of those beside it on the way here): subscription ended; resubscribe later`)
        })
      }
      // This node's own request (a gateway on a server, say) is an object as its client built it: what a
      // service reads of it (protobufjs oneof getters, defaults) exists only on decoded messages, so it is
      // delivered as any neighbour's would be, encoded and decoded.
      local.handle(from === undefined ? pb.Pdu.decode(pb.Pdu.encode(pdu).finish()) : pdu, (body) => {
        if (cut) return
        const final = 'nack' in body || body.response.final === true
        if (final) this.#dropLocalSubscription(nonce)
        const reply = { version: PDU_VERSION, destination: pdu.source, source: this.self, ttl: DEFAULT_TTL, nonce: pdu.nonce, ...body }
        if (!this.#sendTo(downstream, reply)) end(firstSeqno(reply))
      }, {
        requester: from === undefined ? '' : hex(from.peer),
        backedUp: () => from?.backedUp?.() === true,
        cut: (resumeFrom) => { if (!cut) end(resumeFrom) }
      })
      return
    }
    if ((pdu.ttl ?? 0) <= 0) { this.#nackTo(from, pdu, 'EXPIRED', 'the request ran out of hops'); return }
    const stop = pdu.request!.unsubscribe?.nonce
    if (stop != null && this.#stopPending(stop, from, pdu, onReply)) return
    // The ttl is part of the request merged: one sent with too few hops to arrive failed every read merged into it.
    const mergeKey = mergeable(pdu) ? `${hex(destination)}:${pdu.ttl ?? 0}:${hex(sha256(pb.Request.encode(pdu.request!).finish()))}` : undefined
    const inFlight = mergeKey === undefined ? undefined : this.#merge.get(mergeKey)
    // Only into one with half the newcomer's time left at least: joined to one sent 8 s before, unanswered, a
    // request (a retry after a timeout, say) never reached the server and failed with it 2 s later.
    const joinable = inFlight !== undefined && this.#pending.get(inFlight)!.expiresAt - performance.now() >= requestTimeoutMs(timeoutMs, pdu, this.#init.slowLinkBytesPerSecond) / 2
    if (joinable) {
      this.#pending.get(inFlight)!.downstreams.push({ link: from, nonce: pdu.nonce!, onReply, onExpired })
      this.counters.merged++
      return
    }
    const hop = this.#nextHop(destination, from?.peer)
    let next = hop?.link
    // Nowhere to go but back where it came from (the parent has not heard of a withdrawal yet): a route its
    // server withdrew lately still takes it, for a moment. (With no next hop at all it waits for a route instead.)
    if (next !== undefined && sameNeighbour(next, from)) {
      const withdrawn = this.#c.table.withdrawnNextHop(destination)
      const link = withdrawn === undefined ? undefined : this.link(withdrawn)
      if (link !== undefined && !sameNeighbour(link, from)) next = link
    }
    if (next === undefined && this.#lost(destination)) { this.#nackTo(from, pdu, 'NO_ROUTE', `${formatName(destination)} was reached through a link that went down, and there is no other route to it`, onReply); return }
    if (next === undefined) { this.#wait(pdu, from, onReply, onExpired, timeoutMs); return }
    if (sameNeighbour(next, from)) { this.#nackTo(from, pdu, 'NO_ROUTE', `no route to ${formatName(destination)} other than back where it came from`); return }
    const path = from === undefined ? [OWN_REQUESTS] : pdu.request!.subscribe != null ? subscriptionPath(from, via) : [hex(from.peer)]
    if (this.#pending.size >= this.#init.maxPending && !this.#makeRoom(path)) { this.#nackTo(from, pdu, 'CONGESTION', 'too many requests in flight', onReply); return }
    if (from !== undefined && this.#defaultRoute !== undefined && equalBytes(next.peer, this.#defaultRoute) && !this.#upstreamShares.take(hex(from.peer), performance.now())) {
      this.counters.upstreamRefused++
      this.#nackTo(from, pdu, 'CONGESTION', `this router passes ${this.#upstreamShares.ratePerSecond} requests a second up to its parent, shared among ${this.#upstreamShares.active} neighbours; yours is spent`)
      return
    }
    const out = { ...pdu, ttl: (pdu.ttl ?? 0) - 1 }
    if (pdu.request!.subscribe != null && from !== undefined) {
      // Whom it came from, for the server to make room by if its subscriptions are all taken (HeldByPath).
      out.request = { ...pdu.request, subscribe: { ...pdu.request!.subscribe, via: [...via.slice(1 - MAX_SUBSCRIPTION_VIA), from.peer] } }
      encoded = undefined
    }
    const pending: Pending = {
      downstreams: [{ link: from, nonce: pdu.nonce!, onReply, onExpired }],
      upstream: next.peer,
      upstreamLink: next,
      destination,
      capsule: pdu.request!.capsule != null && pdu.request!.capsule.length > 0 ? pdu.request!.capsule : undefined,
      mergeKey,
      expiresAt: performance.now() + requestTimeoutMs(timeoutMs, pdu, this.#init.slowLinkBytesPerSecond),
      longLived: pdu.request!.subscribe != null,
      paced: false,
      path,
      timeoutMs,
      headsUpCapBytes: headsUpCapBytes(pdu.request),
      headsUpsLeft: answersOnce(pdu.request) ? MAX_HEADS_UPS : undefined,
      server: hop?.server
    }
    // The server it goes to, and the capsule another server of which may take it: sent by name to be handled as
    // sent to the capsule (whether a server's own route or a link leads there), or sent to the capsule by a route.
    const byName = pdu.request!.asCapsule === true
    const target = byName ? destination : hop?.server
    if (target !== undefined && next === hop?.link && movable(pdu)) {
      const wait = requestTimeoutMs(equalBytes(next.peer, target) ? this.#init.failoverAfterMs : 2 * this.#init.failoverAfterMs, pdu, this.#init.slowLinkBytesPerSecond)
      pending.failover = { at: performance.now() + wait, afterMs: wait, request: out, server: target, capsule: byName ? pdu.request!.capsule! : destination, byName }
    }
    this.#pending.set(nonce, pending)
    this.#pendingByPath.add(nonce, path)
    if (mergeKey !== undefined) this.#merge.set(mergeKey, nonce)
    // This node's own requests keep their order (pipelined appends must) behind those already waiting for this link.
    const behind = from === undefined && this.#paced.has(hex(next.peer))
    let refused: Error | undefined
    if (!behind) {
      try {
        next.send(out, encoded === undefined ? undefined : patchPduTtl(encoded, out.ttl))
        this.counters.forwarded++
        return
      } catch (err) {
        refused = err as Error
      }
    }
    // Others' requests get CONGESTION from a backed-up next hop; this node's own wait for it to drain.
    const mayWait = from === undefined && next.onWritable !== undefined && (behind || refused instanceof LinkCongestedError)
    if (mayWait && this.#pace(nonce, pending, next, out)) return
    this.#finish(nonce, pending)
    const detail = refused?.message ?? `the link to ${formatName(next.peer)} is backed up and ${this.#pacedCount} requests of this node wait for it already`
    this.#nackTo(from, pdu, refused instanceof FrameTooLargeError ? 'TOO_LARGE' : 'CONGESTION', detail, onReply)
  }

  /** Parks one of this node's own requests until `link` drains; false when too many wait already. */
  #pace (nonce: string, p: Pending, link: Link, pdu: pb.IPdu): boolean {
    const bytes = approximateBytes(pdu)
    if (this.#pacedCount >= this.#init.maxPacedRequests || (this.#pacedCount > 0 && this.#pacedBytes + bytes > this.#init.maxPacedBytes)) return false
    p.paced = true
    this.#pacedCount++
    this.#pacedBytes += bytes
    this.counters.paced++
    const key = hex(link.peer)
    const entry: Paced = { nonce, pdu, bytes, deadline: performance.now() + this.#init.pendingTimeoutMs }
    const list = this.#paced.get(key)
    if (list !== undefined) { list.push(entry); return true }
    this.#paced.set(key, [entry])
    link.onWritable!(() => { this.#unpace(key) })
    return true
  }

  /** A link drained: this node's requests waiting for it go out in order, until it is backed up again. */
  #unpace (key: string): void {
    const list = this.#paced.get(key)
    const link = this.#links.get(key)?.at(-1)
    if (list === undefined || link === undefined) return
    while (list.length > 0) {
      const w = list[0]!
      const p = this.#pending.get(w.nonce)
      if (p !== undefined) {
        try {
          link.send(w.pdu)
          p.upstreamLink = link
          p.paced = false
          p.expiresAt = performance.now() + requestTimeoutMs(p.timeoutMs, w.pdu, this.#init.slowLinkBytesPerSecond)
          if (p.failover !== undefined) p.failover.at = performance.now() + p.failover.afterMs
          this.counters.forwarded++
        } catch (err) {
          if (err instanceof LinkCongestedError) { link.onWritable!(() => { this.#unpace(key) }); return }
          this.#finish(w.nonce, p)
          for (const d of p.downstreams) this.#nackTo(d.link, { nonce: d.nonce, source: w.pdu.source, destination: this.self }, err instanceof FrameTooLargeError ? 'TOO_LARGE' : 'CONGESTION', (err as Error).message, d.onReply)
        }
      }
      list.shift()
      this.#pacedCount--
      this.#pacedBytes -= w.bytes
    }
    this.#paced.delete(key)
  }

  #onReply (pdu: pb.IPdu, from: Link, encoded?: Uint8Array): void {
    const nonce = hex(pdu.nonce!)
    const p = this.#pending.get(nonce)
    if (p === undefined || hex(p.upstream) !== hex(from.peer)) { this.counters.dropped++; return } // late, duplicate or unsolicited
    const final = pdu.nack != null || pdu.response?.final === true
    p.answered = true
    if (p.server !== undefined) this.#silentNodes.delete(hex(p.server))
    if (!final && p.headsUpsLeft !== undefined && (headsUpBytes(pdu.response, p.headsUpCapBytes) === undefined || p.headsUpsLeft-- === 0)) {
      this.#finish(nonce, p)
      const what = p.headsUpsLeft < 0 ? `more than ${MAX_HEADS_UPS} heads-ups` : 'a response that is not final'
      for (const d of p.downstreams) this.#nackTo(d.link, { nonce: d.nonce, source: this.self, destination: this.self }, 'SERVER_ERROR', `${formatName(from.peer)} answered a request of one answer with ${what}`, d.onReply)
      return
    }
    if (final) this.#finish(nonce, p)
    else {
      // A read's heads-up announces the response after it: a server sending heads-ups alone (or each before a
      // response of one small record) held the request, and its place here, for good, each pushing the expiry back.
      const announced = headsUpBytes(pdu.response, p.headsUpCapBytes)
      p.headsUps ??= new HeadsUpLedger()
      if (announced === undefined) p.headsUps.brought(pdu.response)
      // Never shortened: a heads-up may overtake the responses queued before the answer it announces.
      if (announced === undefined || p.headsUps.believe(announced)) p.expiresAt = Math.max(p.expiresAt, performance.now() + nextResponseTimeoutMs(p.timeoutMs, pdu.response, p.headsUpCapBytes, this.#init.slowLinkBytesPerSecond))
      // Responses began: a request that joined now would get only the rest (and blame the server for what it lacks).
      if (p.mergeKey !== undefined && this.#merge.get(p.mergeKey) === nonce) this.#merge.delete(p.mergeKey)
    }
    for (const d of [...p.downstreams]) {
      // A requester whose request was merged into this one knows it by its own nonce; the first one's reply goes on as it came.
      const asItCame = equalBytes(d.nonce, pdu.nonce!)
      const reply = asItCame ? pdu : { ...pdu, nonce: d.nonce }
      if (!this.#sendTo(d, reply, asItCame ? encoded : undefined, encoded?.length)) this.#cutForwarded(nonce, p, d, reply)
    }
  }

  /**
   * A reader's or subscriber's link is backed up: it leaves the request;
   * with nobody left, the server is told to stop sending (unsubscribe
   * stops a read still being sent as well as a subscription).
   */
  #cutForwarded (nonce: string, p: Pending, d: Downstream, failed: pb.IPdu): void {
    p.downstreams = p.downstreams.filter((x) => x !== d)
    this.#cut(d, failed.destination, p.longLived, firstSeqno(failed))
    if (p.downstreams.length > 0 || this.#pending.get(nonce) !== p) return
    this.#finish(nonce, p)
    this.#tellToStop(p.upstreamLink, p, nonce)
  }

  /** Ends a read or subscription its requester's link cannot take: a NACK (a reply, so it still goes) says where to resume. */
  #cut (d: Downstream, requester: Uint8Array | null | undefined, subscription: boolean, resumeFrom: number | undefined): void {
    if (subscription) this.counters.subscriptionsCut++
    else this.counters.readsCut++
    const what = subscription ? 'subscription' : 'read'
    const resume = resumeFrom === undefined ? '' : `; ${subscription ? 'resubscribe' : 'read the rest'} from seqno ${resumeFrom}`
    this.#nackTo(d.link, { nonce: d.nonce, source: requester, destination: this.self }, 'CONGESTION', `the link to the requester is backed up: ${what} ended${resume}`)
  }

  /**
   * An unsubscribe of a request in flight here is taken only from its
   * requester, by the neighbour it came from: anyone else's is refused
   * UNAUTHORIZED (a nonce is no secret: a peer that repeated one, having
   * routed its traffic or guessed it, ended another's subscription or read).
   * The requester leaves and is answered here. The request goes on for those
   * merged into it (sent on, the unsubscribe ended their reads as well: a peer
   * that read first and unsubscribed at once made honest readers' reads come
   * back empty); with nobody left, this node tells the next hop to stop, in
   * its own name, so each node on the way gets the stop from the neighbour
   * the request came from (the server cannot tell a requester's name repeated
   * by a stranger from the requester's own). Returns false for a nonce not
   * in flight here: the unsubscribe goes on.
   */
  #stopPending (stop: Uint8Array, from: Link | undefined, pdu: pb.IPdu, onReply?: (pdu: pb.IPdu) => void): boolean {
    const nonce = hex(stop)
    const p = this.#pending.get(nonce)
    if (p === undefined) return false
    const leaving = p.downstreams.find((d) => equalBytes(d.nonce, stop) && (d.link === from || (d.link !== undefined && sameNeighbour(d.link, from))))
    if (leaving === undefined) {
      this.#nackTo(from, pdu, 'UNAUTHORIZED', `request ${nonce} did not come here from you: only its requester, by the way it came, may stop it`, onReply)
      return true
    }
    p.downstreams = p.downstreams.filter((d) => d !== leaving)
    // Its read or subscription ends here as the server ends one it stops: answered here, the unsubscribe left the
    // requester's read waiting for a last answer that never came (the server's STOPPED went to an entry gone).
    const what = p.longLived ? 'subscription' : 'read'
    this.#nackTo(leaving.link, { nonce: leaving.nonce, source: pdu.source, destination: this.self }, 'STOPPED', `the ${what} was ended by its requester's unsubscribe; read on from the record after the last one received`, leaving.onReply)
    if (p.downstreams.length === 0) {
      this.#finish(nonce, p)
      // (One still waiting for its link to drain was never sent: it is not sent now.)
      if (!p.paced) this.#tellToStop(p.upstreamLink, p, nonce)
    }
    this.#sendTo({ link: from, nonce: pdu.nonce!, onReply }, { version: PDU_VERSION, destination: pdu.source, source: this.self, ttl: DEFAULT_TTL, nonce: pdu.nonce, response: { final: true, unsubscribe: { found: true } } })
    return true
  }

  /**
   * Every pending slot is taken: the requester holding the most, by the path
   * the newcomer came along (HeldByPath.roomFor), gives up its oldest request
   * if that is fair (answered CONGESTION; a subscription's or read's server
   * is told to stop). One peer that subscribed 65,536 times to a silent name
   * held the whole table, and every honest request got CONGESTION for as
   * long as it stayed linked; by neighbour alone, a subscriber behind a
   * router held that router's share against every other request it passed
   * on, once another router's held as much.
   */
  #makeRoom (path: string[]): boolean {
    const nonce = this.#pendingByPath.roomFor(path)
    if (nonce === undefined) return false
    const p = this.#pending.get(nonce)!
    this.#finish(nonce, p)
    this.counters.pendingEvicted++
    for (const d of p.downstreams) this.#nackTo(d.link, { nonce: d.nonce, destination: this.self, source: this.self }, 'CONGESTION', `this router's table of requests in flight is full, and this request's requester held the most of it (of those beside it on the way here): request ended`, d.onReply)
    // A subscription, or a read whose server may be sending it still (an info told to stop finds nothing).
    if (p.longLived || p.mergeKey !== undefined) {
      this.#tellToStop(p.upstreamLink, p, nonce)
    }
    return true
  }

  #addLocalSubscription (nonce: string, from: Link, path: string[], evict: () => void): void {
    this.#localSubscriptions.set(nonce, from)
    this.#localSubscriptionsByPath.add(nonce, path)
    this.#endLocalSubscription.set(nonce, evict)
  }

  #dropLocalSubscription (nonce: string): void {
    this.#localSubscriptions.delete(nonce)
    this.#localSubscriptionsByPath.delete(nonce)
    this.#endLocalSubscription.delete(nonce)
  }

  /**
   * Every subscription of the local service is taken: the subscriber
   * holding the most, by the path the newcomer came along, gives up its
   * oldest if that is fair (HeldByPath.roomFor; answered CONGESTION, the
   * service told to stop), as #makeRoom does for requests in flight.
   */
  #makeSubscriptionRoom (path: string[]): void {
    const evict = this.#localSubscriptionsByPath.roomFor(path)
    if (evict !== undefined) this.#endLocalSubscription.get(evict)!()
  }

  /** Tells the server of a request this node no longer holds (its entry went) to stop sending, with no entry of its own: the answer is dropped. */
  #tellToStop (link: Link, p: Pending, nonce: string): void {
    // Naming the capsule, as its request did, when that went to a server by the server's name.
    const request: pb.IRequest = { unsubscribe: { nonce: hexToBytes(nonce) }, ...(p.capsule === undefined ? {} : { capsule: p.capsule }) }
    try { link.send({ version: PDU_VERSION, destination: p.destination, source: this.self, ttl: DEFAULT_TTL, nonce: randomNonce(), request }) } catch {}
  }

  #finish (nonce: string, p: Pending): void {
    this.#pending.delete(nonce)
    this.#pendingByPath.delete(nonce)
    if (p.mergeKey !== undefined && this.#merge.get(p.mergeKey) === nonce) this.#merge.delete(p.mergeKey)
    this.#deadNonces.add(nonce)
  }

  #wait (pdu: pb.IPdu, from: Link | undefined, onReply?: (pdu: pb.IPdu) => void, onExpired?: () => void, timeoutMs?: number): void {
    if (this.#waitingCount >= this.#init.missQueueLimit) { this.#nackTo(from, pdu, 'CONGESTION', 'too many requests waiting for routes'); return }
    const awaitingLink = this.#c.table.lookup(pdu.destination!, this.#c.clock()) !== undefined
    if (this.#c.resolve === undefined && !awaitingLink) { this.#nackTo(from, pdu, 'NO_ROUTE', `no route to ${formatName(pdu.destination!)}`, onReply); return }
    const mine = this.#waitingBy.get(waitingKey(from)) ?? 0
    if (mine >= this.#missQueuePerNeighbour) { this.#nackTo(from, pdu, 'CONGESTION', `${mine} requests from this neighbour wait for routes already`, onReply); return }
    const key = hex(pdu.destination!)
    const list = this.#waiting.get(key)
    // A name nobody waits for starts a lookup: from the neighbour's share of them.
    if (list === undefined && !awaitingLink && this.#c.resolve !== undefined && !this.#lookupShares.take(from === undefined ? 'self' : hex(from.peer), performance.now())) {
      this.counters.lookupsRefused++
      this.#nackTo(from, pdu, 'CONGESTION', `this router looks up ${this.#lookupShares.ratePerSecond} names a second, shared among ${this.#lookupShares.active} neighbours; yours are spent`, onReply)
      return
    }
    this.#waitingBy.set(waitingKey(from), mine + 1)
    const entry = { pdu, from, onReply, onExpired, timeoutMs, deadline: performance.now() + this.#init.resolveTimeoutMs }
    this.counters.queued++
    this.#waitingCount++
    if (list !== undefined) { list.push(entry); return }
    this.#waiting.set(key, [entry])
    // Only this name's requests can have a next hop now: retrying every waiting name here cost O(waiting)
    // per miss, which let a neighbour sending requests for unknown names stall the node.
    // Waiting for a neighbour to link (addLink retries it), there is nothing to look up.
    if (awaitingLink || this.#c.resolve === undefined) return
    const done = (): void => { this.#lookedUp.set(key, performance.now()); this.#retryWaiting(key) }
    this.#c.resolve(pdu.destination!).then(done, done)
  }

  #unwait (from: Link | undefined): void {
    const k = waitingKey(from)
    const n = (this.#waitingBy.get(k) ?? 1) - 1
    if (n > 0) this.#waitingBy.set(k, n)
    else this.#waitingBy.delete(k)
  }

  /** Waiting requests that have a next hop now go on: those for the name `only` (hex), or for every name. */
  #retryWaiting (only?: string): void {
    const lists = only === undefined ? this.#waiting : new Map(this.#waiting.has(only) ? [[only, this.#waiting.get(only)!]] : [])
    for (const [key, list] of lists) {
      if (this.#nextHop(list[0]!.pdu.destination!) === undefined) continue
      this.#waiting.delete(key)
      this.#waitingCount -= list.length
      for (const w of list) this.#unwait(w.from)
      for (const w of list) this.#onRequest(w.pdu, w.from, w.onReply, w.onExpired, undefined, w.timeoutMs)
    }
  }

  #sweep (): void {
    const now = performance.now()
    for (const [key, list] of this.#waiting) {
      const expired = list.filter((w) => w.deadline <= now)
      if (expired.length === 0) continue
      const kept = list.filter((w) => w.deadline > now)
      this.#waitingCount -= expired.length
      for (const w of expired) this.#unwait(w.from)
      if (kept.length === 0) this.#waiting.delete(key)
      else this.#waiting.set(key, kept)
      for (const w of expired) this.#nackTo(w.from, w.pdu, 'NO_ROUTE', `no route to ${formatName(w.pdu.destination!)}`, w.onReply)
    }
    for (const [key, list] of this.#paced) {
      const gone = list.filter((w) => w.deadline <= now || !this.#pending.has(w.nonce))
      if (gone.length === 0) continue
      const kept = list.filter((w) => !gone.includes(w))
      if (kept.length > 0) this.#paced.set(key, kept)
      else this.#paced.delete(key)
      for (const w of gone) {
        this.#pacedCount--
        this.#pacedBytes -= w.bytes
        const p = this.#pending.get(w.nonce)
        if (p === undefined) continue
        this.#finish(w.nonce, p)
        for (const d of p.downstreams) this.#nackTo(d.link, { nonce: d.nonce, destination: this.self, source: this.self }, 'CONGESTION', `the link to ${formatName(p.upstream)} stayed backed up for ${this.#init.pendingTimeoutMs} ms`, d.onReply)
      }
    }
    // Subscriptions on links that have sent nothing for probeSilentAfterMs, by link.
    const silent = new Map<Link, Pending[]>()
    for (const [nonce, p] of this.#pending) {
      if (p.longLived && this.#quiet(p.upstreamLink, now)) {
        const onLink = silent.get(p.upstreamLink)
        if (onLink === undefined) silent.set(p.upstreamLink, [p])
        else onLink.push(p)
      }
      if (p.longLived || p.paced) continue
      if (p.expiresAt > now) {
        if (p.failover !== undefined && p.failover.at <= now && p.answered !== true) this.#failOver(nonce, p)
        continue
      }
      this.#finish(nonce, p)
      const { detail, retryAfterMs } = this.#noAnswer(p)
      for (const d of p.downstreams) {
        if (d.link === undefined && d.onExpired !== undefined) d.onExpired()
        else this.#nackTo(d.link, { nonce: d.nonce, destination: this.self, source: this.self }, 'CONGESTION', detail, d.onReply, { retryAfterMs })
      }
    }
    for (const [link, subscriptions] of silent) this.#probeSilent(link, subscriptions, now)
    for (const [name, at] of this.#lookedUp) if (at < now - 10_000) this.#lookedUp.delete(name)
    const nowUs = this.#c.clock()
    for (const [name, until] of this.#lostServers) if (until <= nowUs) this.#lostServers.delete(name)
    for (const [name, until] of this.#silentNodes) if (until <= now) this.#silentNodes.delete(name)
    // Two generations: a nonce is remembered for one to two sweeps' worth of lifetime.
    if (this.#deadNonces.size > 4096) { this.#oldDeadNonces = this.#deadNonces; this.#deadNonces = new Set() }
  }

  /**
   * Sends toward a requester; false only for records its backed-up link refused (the caller ends that read or subscription).
   * `bytes`: about what the PDU takes encoded, when the caller knows (a reply passed on: the size it came in).
   */
  #sendTo (d: Downstream, pdu: pb.IPdu, encoded?: Uint8Array, bytes = encoded?.length): boolean {
    if (d.link === undefined) { d.onReply?.(pdu); return true }
    // What a backed-up link would refuse is refused before it is encoded: one reply to many merged requests on the
    // link of a peer that does not read was otherwise encoded (megabytes each: records, or an info of large metadata)
    // for each of them, only to be refused.
    if (d.link.backedUp?.() === true && sendClassOf(pdu) === 'stream') return false
    if (d.link.backedUp?.() === true && bytes !== undefined && bytes > SMALL_REPLY_BYTES && pdu.nack == null) {
      this.#nackTo(d.link, pdu, 'CONGESTION', `the link to the requester is backed up: a reply of ${bytes} bytes (over the ${SMALL_REPLY_BYTES} a backed-up link takes) is refused`)
      return true
    }
    try {
      d.link.send(pdu, encoded)
    } catch (err) {
      if (err instanceof LinkCongestedError && sendClassOf(pdu) === 'stream') return false
      // A reply that cannot go back (too large, link gone) becomes a NACK saying why.
      if (pdu.nack == null) this.#nackTo(d.link, pdu, err instanceof FrameTooLargeError ? 'TOO_LARGE' : 'CONGESTION', (err as Error).message)
    }
    return true
  }

  #nackTo (link: Link | undefined, pdu: pb.IPdu, reason: NackReason, detail: string, onReply?: (pdu: pb.IPdu) => void, { retryAfterMs, maybeDelivered }: { retryAfterMs?: number, maybeDelivered?: boolean } = {}): void {
    this.counters.nacks[reason] = (this.counters.nacks[reason] ?? 0) + 1
    this.#sendTo({ link, nonce: pdu.nonce ?? new Uint8Array(0), onReply }, {
      version: PDU_VERSION, destination: pdu.source, source: this.self, ttl: DEFAULT_TTL, nonce: pdu.nonce, nack: { reason: pb.NackReason[reason], detail, retryAfterMs, ...(maybeDelivered === true ? { maybeDelivered } : {}) }
    })
  }
}

/**
 * Whether `link` leads to the neighbour `from` came over, by whichever of its
 * links (one per connection): two routers each the other's upstream, both
 * dialled, sent a request back over the other link, and it bounced between
 * them until its requester got LOOP rather than NO_ROUTE.
 */
function sameNeighbour (link: Link, from: Link | undefined): boolean {
  return from !== undefined && (link === from || equalBytes(link.peer, from.peer))
}

function randomNonce (): Uint8Array {
  const nonce = new Uint8Array(NONCE_LENGTH)
  crypto.getRandomValues(nonce)
  return nonce
}

/** The first record a read or subscription response carries, if any. */
function firstSeqno (pdu: pb.IPdu): number | undefined {
  const seqno = pdu.response?.read?.records?.[0]?.header?.seqno
  return seqno == null ? undefined : Number(seqno)
}

/**
 * The slowest link a PDU's size is allowed for (8 Mbit/s): a large request,
 * or a large answer announced by a heads-up (Response.following_bytes),
 * gets its transfer time at that rate on top of the fixed timeout, so a
 * 16 MiB append or record over a slow edge link (or through routers on a
 * slow machine) is not given up on at 10 s.
 */
export const SLOW_LINK_BYTES_PER_SECOND = 1024 * 1024

/**
 * How many links a large PDU is allowed to cross one after the other:
 * routers store and forward whole PDUs, so a 16 MiB record read through two
 * routers crosses three slow links in turn before its requester has it, and
 * each hop's timer must cover what is still ahead of it as well.
 */
export const STORE_AND_FORWARD_LINKS = 6

/** A server announces a response larger than this with a heads-up first. */
export const HEADS_UP_BYTES = 1024 * 1024

/** What a record costs a response besides its payload (its header, its share of the proofs, roughly), as a server counts it in the heads-up announcing the response. */
export const RECORD_OVERHEAD_BYTES = 256

/**
 * The heads-ups of a request that were believed (each pushed its timeout
 * back) and whose bytes no response has brought yet. Past MAX_HEADS_UPS of
 * them, a heads-up is not believed: a server sending a heads-up of 64 MiB
 * before each response of one small record held a read about 6.5 minutes a
 * record, for good, where honest heads-ups are paid by the response they
 * announce (two may be outstanding: a heads-up may overtake the response
 * before it).
 */
export class HeadsUpLedger {
  readonly #owed: number[] = []

  /** Whether a heads-up announcing `bytes` is believed, and kept as owed if it is. */
  believe (bytes: number): boolean {
    if (this.#owed.length >= MAX_HEADS_UPS) return false
    this.#owed.push(bytes)
    return true
  }

  /** A response that is no heads-up pays the oldest announcements with the bytes its records bring. */
  brought (response: pb.IResponse | null | undefined): void {
    let bytes = 0
    for (const r of response?.read?.records ?? []) bytes += (r.payload?.length ?? 0) + RECORD_OVERHEAD_BYTES
    while (this.#owed.length > 0 && bytes >= this.#owed[0]!) bytes -= this.#owed.shift()!
    if (this.#owed.length > 0) this.#owed[0]! -= bytes
  }
}

/**
 * The most a heads-up is believed to announce: a response is one PDU, and
 * none is larger than the largest payload with room for the rest (the
 * transport's MAX_PDU_BYTES). Taken at its word, one heads-up of 300 MB held
 * a request (a replica's anti-entropy round with it) for 28 minutes, and
 * one of 375 GB for about 24 days.
 */
export const MAX_HEADS_UP_BYTES = MAX_PAYLOAD_LENGTH + 1024 * 1024

/**
 * Heads-ups a request of one answer (every kind but a read or a
 * subscription) takes before it: a replica's at-work one, then one for a
 * large answer. Anything else not final, or a heads-up past these, ends it
 * (the client: UnexpectedResponseError; a router: SERVER_ERROR to its
 * requesters): each pushed the timeout back, so a server sending them
 * without end held the request, at every hop, for good. A read or a
 * subscription believes as many that no response has brought the bytes of
 * yet (HeadsUpLedger); more push its timeout back no further.
 */
export const MAX_HEADS_UPS = 2

/** Whether `request` has one answer (final), heads-ups aside; reads and subscriptions have a response after another. */
export function answersOnce (request: pb.IRequest | null | undefined): boolean {
  return request?.read == null && request?.subscribe == null
}

/** What an append's heads-up announces (AT_WORK_HEADS_UP_MS): its answer, with an acknowledgement of each replica at most. */
export const APPEND_ANSWER_BYTES = 512 * MAX_REPLICAS

/**
 * The most a heads-up is believed to announce for the answer to `request`:
 * MAX_HEADS_UP_BYTES for records (reads, subscriptions, key-value reads),
 * APPEND_ANSWER_BYTES for an append; nothing for any other request, whose
 * answer no server announces (an info, a list: a page of 1,000 capsules is
 * about 50 KB). A heads-up of 64 MiB held an info or a list about six and a
 * half minutes, two of them thirteen: a server that never answered kept a
 * replica's anti-entropy round, or an operator's command, waiting that long.
 */
export function headsUpCapBytes (request: pb.IRequest | null | undefined): number {
  if (request?.read != null || request?.subscribe != null || request?.kvRead != null) return MAX_HEADS_UP_BYTES
  return request?.append != null ? APPEND_ANSWER_BYTES : 0
}

/**
 * A replica that took a writer's batch and, this long after, waits for its
 * peers (for its write quorum, or for records it lacks) sends a heads-up:
 * the routers on the way then know it is at work, so they do not move the
 * batch to another replica after failoverAfterMs nor take it for hung.
 * Well under failoverAfterMs's default, and late enough that a batch its
 * quorum holds at once costs no extra PDU.
 */
export const AT_WORK_HEADS_UP_MS = 250

/** The time `bytes` may take to arrive: STORE_AND_FORWARD_LINKS links at `bytesPerSecond` (SLOW_LINK_BYTES_PER_SECOND). */
export function transferAllowanceMs (bytes: number, bytesPerSecond = SLOW_LINK_BYTES_PER_SECOND): number {
  return Math.ceil(bytes * STORE_AND_FORWARD_LINKS * 1000 / bytesPerSecond)
}

/** How long a request may wait for its answer: `base`, plus its bytes' transfer allowance. */
export function requestTimeoutMs (base: number, pdu: pb.IPdu, bytesPerSecond = SLOW_LINK_BYTES_PER_SECOND): number {
  return base + transferAllowanceMs(approximateBytes(pdu), bytesPerSecond)
}

/**
 * How long a request may wait for its next response once one came: `base`,
 * plus the transfer allowance of the bytes a heads-up announced (up to
 * what that request's answer may be: headsUpCapBytes).
 */
export function nextResponseTimeoutMs (base: number, response: pb.IResponse | null | undefined, capBytes: number, bytesPerSecond = SLOW_LINK_BYTES_PER_SECOND): number {
  return base + transferAllowanceMs(headsUpBytes(response, capBytes) ?? 0, bytesPerSecond)
}

/** The bytes a heads-up announces (a response with only following_bytes), believed up to `capBytes` (headsUpCapBytes); undefined for any other response. */
export function headsUpBytes (response: pb.IResponse | null | undefined, capBytes: number): number | undefined {
  if (response == null || response.final === true || response.followingBytes == null || response.followingBytes === 0) return undefined
  return Math.min(Number(response.followingBytes), capBytes)
}

/** Roughly what a request takes on the wire, for the bound on waiting requests: payloads dominate (appends), the rest is small. */
function approximateBytes (pdu: pb.IPdu): number {
  let bytes = 1024
  for (const r of pdu.request?.append?.records ?? []) bytes += (r.payload?.length ?? 0) + 128
  return bytes
}

/** The largest append a router may send to another replica when the one it went to does not answer: it is kept until answered. */
export const MOVABLE_APPEND_BYTES = 1024 * 1024

/**
 * Requests that may go to another server of their capsule when theirs does
 * not answer: reads, infos and key-value reads sent to the capsule, and
 * those and appends (up to MOVABLE_APPEND_BYTES) sent to one replica by
 * name to be handled as sent to the capsule (a client steering, or sending
 * a writer's batches to the replica that takes them): any replica may take
 * those, and a batch stored twice is stored once. Not a request for one
 * replica in particular (a read quorum asks each), nor any that changes
 * something else.
 */
function movable (pdu: pb.IPdu): boolean {
  const request = pdu.request!
  const reads = request.read != null || request.info != null || request.kvRead != null
  if (request.capsule == null || request.capsule.length === 0) return reads
  return request.asCapsule === true && (reads || (request.append != null && approximateBytes(pdu) <= MOVABLE_APPEND_BYTES))
}

/** Reads and info requests can share one upstream request; appends and subscriptions cannot. */

function mergeable (pdu: pb.IPdu): boolean {
  return pdu.request?.read != null || pdu.request?.info != null
}

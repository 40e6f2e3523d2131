/**
 * Inbound connection admission by remote IP, through libp2p's
 * ConnectionGater hooks. libp2p's connection manager bounds handshakes in
 * progress over all peers (maxIncomingPendingConnections) but not per
 * address, so a few hundred stalled sockets from one host took every slot
 * and locked out everyone else until the upgrade timeout freed them. Here
 * each IP (each /64 for IPv6) gets a few handshakes in progress and a
 * bounded number of open connections; addresses on the allow list
 * (configured neighbours, the upstream, `connection_allow`) are exempt, as
 * they are from libp2p's own limits. A flood from many addresses can still
 * take every pending slot: then a new handshake replaces the oldest one
 * pending for `evictAfterMs` or more (libp2p's own pending limit is set
 * above this one so that the gater sees the newcomer), so stalled sockets
 * are recycled in about that time rather than the upgrade timeout, and a
 * client whose handshake finishes quickly gets in. Peers the PDU transport
 * disconnects for abuse are refused for a while by peer id.
 *
 * Streams are admitted the same way (`admitStream`, asked by the muxer for
 * each stream a peer opens): each IP may open `streamRatePerIp` a second.
 * libp2p's work for an inbound stream (protocol negotiation, a peer-store
 * write, the handler's setup, garbage) comes before its protocol sees a
 * byte, so one host that opened streams and reset them on 16 connections
 * held a router's event loop 1.5 s at a time whatever the protocols bounded.
 */
import { BlockList } from 'node:net'
import type { ConnectionGater, MultiaddrConnection, PeerId } from '@libp2p/interface'
import { tryGetNetConfig } from '@libp2p/utils'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { HandshakeEvictedError, RateLimitExceededError } from '../errors.js'

export interface ConnectionLimitsInit {
  /** Inbound handshakes in progress from one IP (one /64 for IPv6), at most; more are refused at once. @default 8 */
  maxPendingPerIp?: number
  /** Open inbound connections from one IP (one /64 for IPv6), at most. @default 64 */
  maxConnectionsPerIp?: number
  /** Inbound handshakes in progress over all addresses, at most (allow-listed ones not counted). @default 256 */
  maxPending?: number
  /** With every pending slot taken, a new handshake replaces the oldest one pending at least this long. @default 1000 */
  evictAfterMs?: number
  /** Multiaddrs exempt from the per-IP limits and from bans; `/ipcidr/<bits>` after the address names a network. @default [] */
  allow?: string[]
  /** How long a peer disconnected for abuse is refused. @default 60000 */
  banMs?: number
  /** Peers banned at once, at most; the oldest ban goes first. @default 4096 */
  maxBans?: number
  /** Streams a second one IP (one /64 for IPv6) may open to this node, at most, a quarter second's worth at once; the rest are reset as they open. @default 500 */
  streamRatePerIp?: number
  /** Streams of one IP (one /64) negotiating their protocol at once, at most; one more is reset as it opens. @default 64 */
  maxNegotiatingPerIp?: number
  /** Streams negotiating their protocol at once over all IPs, at most; past it the one negotiating longest is reset. @default 1024 */
  maxNegotiating?: number
}

export interface ConnectionGaterCounters {
  /** Inbound handshakes in progress now (not counting allow-listed addresses). */
  pending: number
  /** Inbound connections open now (not counting allow-listed addresses). */
  open: number
  deniedPendingPerIp: number
  deniedConnectionsPerIp: number
  /** Refused: every pending slot taken, none pending long enough to be replaced. */
  deniedPendingTotal: number
  /** Handshakes aborted to make room for a newer one. */
  evicted: number
  deniedBanned: number
  /** Peers banned so far. */
  bans: number
  /** Inbound streams reset as they opened: their IP had opened streamRatePerIp in the last second. */
  deniedStreamsPerIp: number
  /** Inbound streams reset for sending more than a protocol negotiation needs before their protocol was settled (pdu-transport.ts). */
  negotiationOverBytes: number
  /** Inbound streams reset as they opened: their IP had maxNegotiatingPerIp negotiating. */
  deniedNegotiatingPerIp: number
  /** Inbound streams reset because theirs had negotiated longest when maxNegotiating were. */
  negotiatingEvicted: number
}

/** A stream whose protocol is being negotiated, as the gater counts it. */
export interface NegotiatingStream { abort: (err: Error) => void }

interface PerIp { pending: number, open: number }
/** A token bucket of one IP's streams. */
interface StreamBucket { tokens: number, at: number }
/** IPs whose stream buckets are remembered, at most; the one idle longest is forgotten first (it starts full again). */
const MAX_STREAM_BUCKETS = 4096
interface Tracked { key: string, stage: 'pending' | 'open' | 'gone', at: number, maConn: MultiaddrConnection }

export class GdpConnectionGater implements ConnectionGater {
  readonly counters: ConnectionGaterCounters = { pending: 0, open: 0, deniedPendingPerIp: 0, deniedConnectionsPerIp: 0, deniedPendingTotal: 0, evicted: 0, deniedBanned: 0, bans: 0, deniedStreamsPerIp: 0, negotiationOverBytes: 0, deniedNegotiatingPerIp: 0, negotiatingEvicted: 0 }
  readonly #init: Required<Omit<ConnectionLimitsInit, 'allow'>>
  readonly #allow = new BlockList()
  readonly #perIp = new Map<string, PerIp>()
  readonly #tracked = new WeakMap<MultiaddrConnection, Tracked>()
  /** Handshakes in progress, oldest first. */
  readonly #pending = new Set<Tracked>()
  /** Peer id -> when its ban ends (ms); insertion order is ban order. */
  readonly #bans = new Map<string, number>()
  /** IP key -> its stream bucket; in order of last use. */
  readonly #streams = new Map<string, StreamBucket>()
  /** Streams negotiating their protocol (not allow-listed), oldest first, with their IP key; and how many each IP has. */
  readonly #negotiating = new Map<NegotiatingStream, string>()
  readonly #negotiatingBy = new Map<string, number>()

  constructor (init: ConnectionLimitsInit = {}) {
    this.#init = { maxPendingPerIp: 8, maxConnectionsPerIp: 64, maxPending: 256, evictAfterMs: 1000, banMs: 60_000, maxBans: 4096, streamRatePerIp: 500, maxNegotiatingPerIp: 64, maxNegotiating: 1024, ...withoutUndefined(init) }
    for (const entry of init.allow ?? []) {
      const net = ipNetOf(entry)
      if (net === undefined) continue // a DNS name cannot be matched against a socket's address
      this.#allow.addSubnet(net.host, net.bits, net.family)
    }
  }

  /** Whether a remote address is on the allow list. */
  allowed (address: Multiaddr): boolean {
    const config = tryGetNetConfig(address)
    if (config === null || (config.type !== 'ip4' && config.type !== 'ip6')) return false
    const host = unmapped(config.host)
    return this.#allow.check(host, host.includes(':') ? 'ipv6' : 'ipv4')
  }

  /** Refuses `peer`'s inbound connections for a while (it abused a link); allow-listed addresses still get in. */
  ban (peer: PeerId): void {
    const id = peer.toString()
    this.#bans.delete(id)
    if (this.#bans.size >= this.#init.maxBans) this.#bans.delete(this.#bans.keys().next().value!)
    this.#bans.set(id, performance.now() + this.#init.banMs)
    this.counters.bans++
  }

  banned (peer: PeerId): boolean {
    const until = this.#bans.get(peer.toString())
    if (until === undefined) return false
    if (until > performance.now()) return true
    this.#bans.delete(peer.toString())
    return false
  }

  /**
   * Whether a peer at `address` may open one more stream now (it is taken
   * if so). Allow-listed addresses always may: a loopback testnet puts
   * every node on 127.0.0.1, and configured neighbours must not be cut.
   */
  admitStream (address: Multiaddr): boolean {
    if (this.allowed(address)) return true
    const key = ipKey(address)
    if (key === undefined) return true // not an IP connection: no address to count it against
    const now = performance.now()
    const rate = this.#init.streamRatePerIp
    // A quarter second's worth at once: the streams admitted together are handled together, holding the event loop.
    const burst = Math.max(1, rate / 4)
    let bucket = this.#streams.get(key)
    if (bucket === undefined) {
      if (this.#streams.size >= MAX_STREAM_BUCKETS) this.#streams.delete(this.#streams.keys().next().value!)
      bucket = { tokens: burst, at: now }
    }
    this.#streams.delete(key)
    this.#streams.set(key, bucket)
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.at) * rate / 1000)
    bucket.at = now
    if (bucket.tokens < 1) { this.counters.deniedStreamsPerIp++; return false }
    bucket.tokens--
    return true
  }

  /**
   * `stream`, opened by a peer at `address`, is negotiating its protocol
   * until `negotiated(stream)`: libp2p keeps it up to 10 s for that, with
   * what it carries (up to MAX_NEGOTIATION_BYTES, pdu-transport.ts) and
   * its state, and the stream rate alone let one IP have about 5,000 at
   * once (and up to 1,000 on each connection), every IP as many, with no
   * bound in all. False when that IP has
   * maxNegotiatingPerIp negotiating (the caller resets it); with
   * maxNegotiating in all, the one negotiating longest is reset. A
   * js-libp2p peer negotiates a stream in one round trip. Allow-listed
   * addresses are not counted.
   */
  admitNegotiation (address: Multiaddr, stream: NegotiatingStream): boolean {
    if (this.allowed(address)) return true
    const key = ipKey(address)
    if (key === undefined) return true
    const held = this.#negotiatingBy.get(key) ?? 0
    if (held >= this.#init.maxNegotiatingPerIp) { this.counters.deniedNegotiatingPerIp++; return false }
    if (this.#negotiating.size >= this.#init.maxNegotiating) {
      const oldest = this.#negotiating.keys().next().value!
      this.negotiated(oldest)
      this.counters.negotiatingEvicted++
      oldest.abort(new RateLimitExceededError(`the node has ${this.#init.maxNegotiating} streams negotiating their protocol, and this one negotiated longest`))
    }
    this.#negotiating.set(stream, key)
    this.#negotiatingBy.set(key, held + 1)
    return true
  }

  /** `stream`'s negotiation ended (its protocol settled, or it closed). */
  negotiated (stream: NegotiatingStream): void {
    const key = this.#negotiating.get(stream)
    if (key === undefined) return
    this.#negotiating.delete(stream)
    const left = (this.#negotiatingBy.get(key) ?? 1) - 1
    if (left <= 0) this.#negotiatingBy.delete(key)
    else this.#negotiatingBy.set(key, left)
  }

  denyInboundConnection (maConn: MultiaddrConnection): boolean {
    if (this.allowed(maConn.remoteAddr)) return false
    const key = ipKey(maConn.remoteAddr)
    if (key === undefined) return false // not an IP connection (e.g. a relay): libp2p's own limits apply
    const entry = this.#perIp.get(key) ?? { pending: 0, open: 0 }
    if (entry.pending >= this.#init.maxPendingPerIp) { this.counters.deniedPendingPerIp++; return true }
    if (entry.pending + entry.open >= this.#init.maxConnectionsPerIp) { this.counters.deniedConnectionsPerIp++; return true }
    if (maConn.status !== 'open') return false // already gone: nothing to hold a slot
    const now = performance.now()
    if (this.counters.pending >= this.#init.maxPending && !this.#evictOldest(now)) { this.counters.deniedPendingTotal++; return true }
    entry.pending++
    this.counters.pending++
    this.#perIp.set(key, entry)
    const tracked: Tracked = { key, stage: 'pending', at: now, maConn }
    this.#tracked.set(maConn, tracked)
    this.#pending.add(tracked)
    // Every end of the socket (upgrade timeout, refusal, normal close) frees its slot.
    maConn.addEventListener('close', () => { this.#release(tracked) }, { once: true })
    return false
  }

  denyInboundEncryptedConnection (peer: PeerId, maConn: MultiaddrConnection): boolean {
    if (!this.banned(peer) || this.allowed(maConn.remoteAddr)) return false
    this.counters.deniedBanned++
    return true
  }

  denyInboundUpgradedConnection (_peer: PeerId, maConn: MultiaddrConnection): boolean {
    const tracked = this.#tracked.get(maConn)
    if (tracked?.stage === 'pending') {
      const entry = this.#perIp.get(tracked.key)!
      entry.pending--
      entry.open++
      this.counters.pending--
      this.counters.open++
      tracked.stage = 'open'
      this.#pending.delete(tracked)
    }
    return false
  }

  /** Aborts the oldest handshake pending for evictAfterMs or more, if any, and frees its slot now. */
  #evictOldest (now: number): boolean {
    const oldest = this.#pending.values().next().value
    if (oldest === undefined || now - oldest.at < this.#init.evictAfterMs) return false
    this.#release(oldest)
    this.counters.evicted++
    oldest.maConn.abort(new HandshakeEvictedError(`a handshake pending ${now - oldest.at} ms gave its slot to a newer one: all ${this.#init.maxPending} were taken`))
    return true
  }

  #release (tracked: Tracked): void {
    if (tracked.stage === 'gone') return
    const entry = this.#perIp.get(tracked.key)
    if (tracked.stage === 'pending') {
      this.counters.pending--
      this.#pending.delete(tracked)
      if (entry !== undefined) entry.pending--
    } else {
      this.counters.open--
      if (entry !== undefined) entry.open--
    }
    tracked.stage = 'gone'
    if (entry !== undefined && entry.pending <= 0 && entry.open <= 0) this.#perIp.delete(tracked.key)
  }
}

/** The per-IP key of a remote address: the IPv4 address, or the /64 of an IPv6 one (one host usually holds a whole /64). */
export function ipKey (address: Multiaddr): string | undefined {
  const config = tryGetNetConfig(address)
  if (config === null || (config.type !== 'ip4' && config.type !== 'ip6')) return undefined
  const host = unmapped(config.host)
  if (!host.includes(':')) return host
  return `${expandIpv6(host).slice(0, 4).join(':')}::/64`
}

/** IPv4-mapped IPv6 (a dual-stack listener's view of an IPv4 peer; multiaddr writes it ::ffff:a00:5) as plain IPv4. */
function unmapped (host: string): string {
  if (/^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(host)) return host.slice(7)
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(host)
  if (hex === null) return host
  const hi = parseInt(hex[1]!, 16)
  const lo = parseInt(hex[2]!, 16)
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`
}

function expandIpv6 (host: string): string[] {
  const [head, tail] = host.split('::') as [string, string | undefined]
  const left = head === '' ? [] : head.split(':')
  const right = tail === undefined || tail === '' ? [] : tail.split(':')
  const middle = tail === undefined ? [] : new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0')
  return [...left, ...middle, ...right].map((h) => h.toLowerCase().replace(/^0+(?=.)/, ''))
}

/** The network an allow-list entry names: an IP multiaddr, optionally with /ipcidr/<bits>; undefined for DNS names. */
export function ipNetOf (entry: string): { host: string, bits: number, family: 'ipv4' | 'ipv6' } | undefined {
  const config = tryGetNetConfig(multiaddr(entry))
  if (config === null || (config.type !== 'ip4' && config.type !== 'ip6')) return undefined
  const family = config.type === 'ip4' ? 'ipv4' : 'ipv6'
  const bits = config.cidr === undefined ? (family === 'ipv4' ? 32 : 128) : Number(config.cidr)
  return { host: config.host, bits, family }
}

function withoutUndefined<T extends object> (o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

/**
 * The allow list for libp2p's connection manager and this gater from
 * configured addresses: each IP address as /ipcidr/32 (or /128), networks
 * as given; DNS names are left out (nothing to match a socket against).
 */
export function ipAllowList (addresses: string[]): string[] {
  const out = new Set<string>()
  for (const a of addresses) {
    const net = ipNetOf(a)
    if (net !== undefined) out.add(`/${net.family === 'ipv4' ? 'ip4' : 'ip6'}/${net.host}/ipcidr/${net.bits}`)
  }
  return [...out]
}

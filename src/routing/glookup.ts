/**
 * GLookup, the lookup service of a router (docs/routing.md section 6):
 * publishes, for the servers attached here, a server record ("S is attached
 * to this router now", renewed at half the advertisement lifetime) and a
 * capsule record per capsule they advertise ("C is served by S", stored
 * once and again only before DHT nodes would drop it or when its AdCert is
 * renewed); and looks up names this router has no route to, installing the
 * route the two records give. Records are checked by ./lookup.ts. The DHT
 * is injected: a kad-dht in a node, an in-memory map in tests.
 */
import { logger } from '@libp2p/logger'
import { formatName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { binaryKey, bytesOfKey } from '../crypto/bytes.js'
import { CertificateError, MalformedMessageError } from '../errors.js'
import { pb } from '../wire/index.js'
import { CLOCK_SKEW_US, encodeSignedAdvertisement, signedAdvertisementFromPb, signedAdvertisementToPb, type AdvertisedCapsule, type SignedAdvertisement } from './certificates.js'
import type { Forwarder } from './forwarder.js'
import {
  decodeLookupRecord, encodeLookupRecord, lookupKey, lookupRecordSelector, MAX_LOOKUP_RECORD_BYTES, MAX_ROUTER_ADDRESSES, recordAddresses, signServerLookupRecord, verifyLookupRecord,
  type KeyOfAddress, type VerifiedCapsuleRecord, type VerifiedServerRecord
} from './lookup.js'
import { DEFAULT_MAX_ADVERTISE_LIFETIME_MS, DEFAULT_MAX_ROUTES_PER_NEIGHBOUR, type AdvertisementOutcome, type RouteTable } from './route-table.js'
import type { Signer } from '../capsule/metadata.js'

const log = logger('gdp:glookup')
/** Added to the server's cost for a route found by lookup: its links were never measured. */
const LOOKUP_ROUTE_COST = 10
/** Room left in a server record for the router's addresses: an update larger than the rest never proves attachment. */
const MAX_PROOF_BYTES = MAX_LOOKUP_RECORD_BYTES - MAX_ROUTER_ADDRESSES * 256
/** Server records a lookup verified, kept until they end, at most this many. */
const MAX_KNOWN_ATTACHMENTS = 1024
/** The held capsule records are looked over for ones due at most this often (a pass over all of them). */
const CAPSULE_SWEEP_GAP_MS = 10_000
/** How long a lookup may spend dialling the router a record names, over all its addresses (up to 16). */
const LINK_BUDGET_MS = 5000
/** How long a lookup's other paths may go on once a peer returned a record (see #find). */
const FIND_GRACE_MS = 500

export interface GLookupInit {
  /** This router's node name: a record naming it gives no route. */
  self: Uint8Array
  /** A publication, or a lookup with both its queries, gives up after this. @default 2500 */
  timeoutMs?: number
  /**
   * A server record is published again, with the server's latest update,
   * once this has passed: half the advertisements' lifetime, so a new record
   * is stored before the update in the old one ends. @default 60000
   */
  republishMs?: number
  /**
   * A capsule record is published again once this has passed: half the time
   * a DHT node keeps a record it was handed (kad-dht: 48 hours), so records
   * outlive DHT churn for as long as their AdCert. @default 86400000
   */
  capsuleRepublishMs?: number
  /**
   * Capsule records held to publish again, at most (about 600 bytes each);
   * capsules past it are not published, and are found through announcements
   * and default routes. @default 100000
   */
  maxCapsules?: number
  /** DHT puts in flight at once: a snapshot of many capsules is published at the DHT's pace. @default 8 */
  maxPuts?: number
  /**
   * A route a lookup installs lasts this long at most (the node gives its
   * `advertise_lifetime`), however long the server's update says it holds:
   * the server signs that lifetime, and at years a route each lookup
   * installed stayed, so lookups (200 a second) grew the table for good.
   * Bounded, the routes lookups hold are at most the lookup rate times this.
   * @default 120000
   */
  routeLifetimeMs?: number
  /**
   * Routes all the sets through one router may hold, advertised or looked up
   * (the node gives its `max_routes_per_neighbour`); a lookup that would take
   * them past it installs nothing (`overRouteBound`).
   * @default DEFAULT_MAX_ROUTES_PER_NEIGHBOUR
   */
  maxRoutesPerNeighbour?: number
  /**
   * A server record whose update was issued longer ago than this (and the
   * skew) is refused, whatever lifetime its server signed (the node gives
   * `max_advertise_lifetime`, as to its advertisement processor): routers
   * publish their servers' latest update every `republishMs`, so only a
   * record nobody republishes is older, and taken to the end its server
   * signed, one of a year that the server's old router put back let that
   * router draw its capsules' requests for a year after the server left.
   * @default DEFAULT_MAX_ADVERTISE_LIFETIME_MS
   */
  maxUpdateAgeMs?: number
}

/** The part of a DHT that GLookup uses (kad-dht's, structurally). */
export interface LookupDht {
  put: (key: Uint8Array, value: Uint8Array, options: { signal: AbortSignal }) => AsyncIterable<unknown>
  /**
   * Query events: each `PEER_RESPONSE` with a record carries one a peer
   * returned (checked by the DHT's validator), the last `VALUE` one the best
   * of them, once every path of the query has ended.
   */
  get: (key: Uint8Array, options: { signal: AbortSignal }) => AsyncIterable<{ name: string, value?: Uint8Array, record?: { value: Uint8Array } | null }>
  /** Peers known: with none, a put has nowhere to go; records due wait for the next one ('peer:add'). */
  routingTable: { size: number } & Partial<Pick<EventTarget, 'addEventListener' | 'removeEventListener'>>
}

export interface GLookupComponents {
  dht: LookupDht
  /** Microseconds since the epoch. */
  clock: () => number
  table: Pick<RouteTable, 'install' | 'existingSet'>
  /** Whether a router is a neighbour already; waiting requests are retried once a route is installed. */
  forwarder: Pick<Forwarder, 'link' | 'routesChanged'>
  /** Dials a router's address and links to it; rejects when it cannot. */
  dial: (address: string) => Promise<unknown>
  /** This router's addresses (with /p2p/<peer id>), for the server records it publishes. */
  addresses: () => string[]
  /** The key of the peer an address ends in (/p2p/<id>), if it names one with an Ed25519 key. */
  routerKeyOfAddress: KeyOfAddress
  /** This router's key: it signs its addresses in the server records it publishes. */
  signer: Signer
}

export interface GLookupCounters {
  /** Records stored in the DHT (capsule and server records). */
  published: number
  publishFailures: number
  /** Server records not published: no address of this router to put in them, or too large. */
  unpublishable: number
  /** Capsules not published because maxCapsules records are held already. */
  overCapacity: number
  /** Capsule and server records held to publish again. */
  capsuleRecords: number
  serverRecords: number
  lookups: number
  /** Lookups that installed a route. */
  found: number
  /** Lookups that got no record (capsule or server) in time. */
  notFound: number
  /** Lookups whose record did not verify. */
  refused: number
  /** Lookups whose router this router could not link to at any address its record gives: no route installed. */
  unreachable: number
  /** Lookups that installed no route: the sets through the router they found hold maxRoutesPerNeighbour routes already. */
  overRouteBound: number
  /**
   * Lookups that installed no route: the server's set through the router
   * found is advertised here, and its updates say what it holds there (the
   * record is stale: the capsule was withdrawn, or refused here).
   */
  advertisedHere: number
  /** Lookups whose record names this router as the server's: nothing to install (a server gone from here, or never here). */
  namedThisRouter: number
}

/** A server attached to this router, as GLookup publishes it. */
interface HeldServer {
  /** Its latest update that fits in a record: proves it is attached here until that update ends. */
  proof: SignedAdvertisement | undefined
  /** The end of its latest update of any size: past it the server has left, and its capsules are dropped. */
  heardUntilUs: number
  /** When its record was last handed to the DHT (ms); undefined: due at the next update. */
  publishedAtMs: number | undefined
}

/** A capsule of an attached server, with its encoded record. */
interface HeldCapsule {
  server: string
  record: Uint8Array
  /** Its AdCert's end: the record is worthless after it. */
  notAfterUs: number
  /** When its record is due to be handed to the DHT (again), in ms. */
  dueAtMs: number
}

/** When a held capsule needs looking at: its record is due, or its AdCert ends (ms). */
const wakeMs = (capsule: HeldCapsule): number => Math.min(capsule.dueAtMs, capsule.notAfterUs / 1000)

/** A 32-byte name from a decoded message; MalformedMessageError naming `what` otherwise. */
function requireName (bytes: Uint8Array | null | undefined, what: string): Uint8Array {
  if (bytes == null || bytes.length !== 32) throw new MalformedMessageError(`${what}: a name is 32 bytes, got ${bytes?.length ?? 0}`)
  return bytes
}


export class GLookup {
  readonly #init: Required<GLookupInit>
  readonly #c: GLookupComponents
  readonly #servers = new Map<string, HeldServer>()
  readonly #capsules = new Map<string, HeldCapsule>()
  /** Names whose record is due, in the order they became due; servers go first. */
  readonly #serversDue = new Set<string>()
  readonly #capsulesDue = new Set<string>()
  #nextCapsuleSweepMs = 0
  #inFlight = 0
  readonly #idleWaiters: Array<() => void> = []
  /** Server records verified by recent lookups, until they end: a capsule of a server found lately takes one query. */
  readonly #attachments = new Map<string, VerifiedServerRecord>()
  /** Aborted at stop: ends the publications and lookups in flight. */
  #running: AbortController | undefined
  #sweepTimer: NodeJS.Timeout | undefined
  /** The clock at the last sweep: a reading below it is a step back. */
  #lastSweepUs = 0
  readonly counters: GLookupCounters = { published: 0, publishFailures: 0, unpublishable: 0, overCapacity: 0, capsuleRecords: 0, serverRecords: 0, lookups: 0, found: 0, notFound: 0, refused: 0, unreachable: 0, overRouteBound: 0, advertisedHere: 0, namedThisRouter: 0 }

  constructor (init: GLookupInit, components: GLookupComponents) {
    this.#init = { timeoutMs: 2500, republishMs: 60_000, capsuleRepublishMs: 24 * 3600_000, maxCapsules: 100_000, maxPuts: 8, routeLifetimeMs: 120_000, maxRoutesPerNeighbour: DEFAULT_MAX_ROUTES_PER_NEIGHBOUR, maxUpdateAgeMs: DEFAULT_MAX_ADVERTISE_LIFETIME_MS, ...init }
    this.#c = components
  }

  /** Lookups that started with no DHT peers, waiting for the first. */
  #peerWaiters: Array<() => void> = []

  /** A peer joined the DHT's routing table: records that waited for one go now, and lookups that waited for one. */
  readonly #onPeer = (): void => {
    for (const resume of this.#peerWaiters.splice(0)) resume()
    if (this.#serversDue.size + this.#capsulesDue.size > 0) this.#pump()
  }

  /**
   * Resolves once the DHT has a peer to ask (or `signal` ends). A router
   * that has just started has none until its first link's identify ran: a
   * query then asks nobody and finds nothing, and the first read through a
   * fresh router failed NO_ROUTE where it would have waited a moment.
   */
  async #somePeer (signal: AbortSignal): Promise<void> {
    if (signal.aborted) return
    await new Promise<void>((resolve) => {
      const done = (): void => { signal.removeEventListener('abort', done); this.#peerWaiters = this.#peerWaiters.filter((w) => w !== done); resolve() }
      this.#peerWaiters.push(done)
      signal.addEventListener('abort', done, { once: true })
    })
  }

  async start (): Promise<void> {
    this.#running = new AbortController()
    this.#c.dht.routingTable.addEventListener?.('peer:add', this.#onPeer)
    // Updates drive publication; this also forgets servers that left and retries puts when no update comes.
    this.#sweepTimer = setInterval(() => { this.#sweep() }, this.#init.republishMs)
    this.#sweepTimer.unref()
    // What an instance this router moved from held (importState) is due now.
    if (this.#servers.size + this.#capsules.size > 0) this.#sweep()
  }

  /** Ends the publications and lookups in flight; nothing new starts. */
  async stop (): Promise<void> {
    this.#c.dht.routingTable.removeEventListener?.('peer:add', this.#onPeer)
    clearInterval(this.#sweepTimer)
    this.#running?.abort()
    this.#running = undefined
    this.#notifyIdle()
  }

  /** Peers in the DHT's routing table. */
  get peers (): number { return this.#c.dht.routingTable.size }

  /**
   * What this service holds to publish, for a router that moves to another
   * machine (docs/moving.md section 3): its servers with their proofs, and
   * its capsule records with their schedules.
   */
  exportState (): Pick<pb.ILookupState, 'servers' | 'capsules'> {
    return {
      servers: [...this.#servers].map(([s, server]) => ({ server: bytesOfKey(s), proof: server.proof === undefined ? undefined : signedAdvertisementToPb(server.proof), heardUntilUs: server.heardUntilUs })),
      capsules: [...this.#capsules].map(([c, capsule]) => ({ capsule: bytesOfKey(c), server: bytesOfKey(capsule.server), record: capsule.record, notAfterUs: capsule.notAfterUs, dueAtUs: capsule.dueAtMs * 1000 }))
    }
  }

  /**
   * Takes over what another instance of this router held (exportState), as
   * it is: the state comes from the router's own signed migration, and every
   * record was checked when it was first held. Each server's record is due
   * at once, since it names the addresses of the machine the router left;
   * each capsule record keeps its schedule. Held names are kept as they are.
   * Throws MalformedMessageError for an entry that is not one (nothing is
   * installed then).
   */
  importState (state: Pick<pb.ILookupState, 'servers' | 'capsules'>): { servers: number, capsules: number } {
    const servers = (state.servers ?? []).map((server) => ({
      s: binaryKey(requireName(server.server, 'a held server')),
      held: { proof: server.proof == null ? undefined : signedAdvertisementFromPb(server.proof), heardUntilUs: Number(server.heardUntilUs ?? 0), publishedAtMs: undefined }
    }))
    const capsules = (state.capsules ?? []).map((capsule) => {
      if (capsule.record == null || capsule.record.length === 0) throw new MalformedMessageError('a held capsule record is empty')
      const dueAtMs = Number(capsule.dueAtUs ?? 0) / 1000
      return {
        c: binaryKey(requireName(capsule.capsule, 'a held capsule')),
        held: { server: binaryKey(requireName(capsule.server, 'a held capsule\'s server')), record: capsule.record, notAfterUs: Number(capsule.notAfterUs ?? 0), dueAtMs }
      }
    })
    const added = { servers: 0, capsules: 0 }
    for (const { s, held } of servers) {
      if (this.#servers.has(s)) continue
      this.#servers.set(s, held)
      added.servers++
    }
    for (const { c, held } of capsules) {
      if (this.#capsules.has(c)) continue
      if (this.#capsules.size >= this.#init.maxCapsules) {
        this.counters.overCapacity++
        continue
      }
      this.#capsules.set(c, held)
      this.#nextCapsuleSweepMs = Math.min(this.#nextCapsuleSweepMs, wakeMs(held))
      added.capsules++
    }
    this.counters.capsuleRecords = this.#capsules.size
    this.counters.serverRecords = this.#servers.size
    this.#sweep()
    return added
  }

  /**
   * Takes note of an update this router accepted from a server attached to
   * it: the update becomes the proof in the server's record, each capsule it
   * installed gets a capsule record (unless held already with the same
   * AdCert), each it withdrew is no longer published. Publishes what is due.
   * Resolves once no put is in flight and none can start; never rejects.
   */
  async publish (update: SignedAdvertisement, outcome: Pick<AdvertisementOutcome, 'server' | 'installed' | 'withdrawn' | 'expiresAtUs'>): Promise<void> {
    if (this.#running === undefined) return
    const nowUs = this.#c.clock()
    const s = binaryKey(outcome.server)
    let server = this.#servers.get(s)
    if (server === undefined) {
      server = { proof: undefined, heardUntilUs: 0, publishedAtMs: undefined }
      this.#servers.set(s, server)
    }
    // Until the router's set of it ends (max_advertise_lifetime at most), not the lifetime the server signed: held to
    // that, a server that linked once with one of years, then left, was published as attached here for years.
    server.heardUntilUs = Math.max(server.heardUntilUs, outcome.expiresAtUs)
    // A large update (many capsules added at once) proves no more than a small one: the last small one stays the proof.
    if (encodeSignedAdvertisement(update).length <= MAX_PROOF_BYTES) server.proof = update
    const installed = new Set(outcome.installed.map(binaryKey))
    for (const capsule of update.advertisement.added) {
      const c = binaryKey(capsule.adCert.cert.capsule)
      if (installed.has(c)) this.#hold(c, s, capsule, nowUs / 1000)
    }
    for (const name of outcome.withdrawn) this.#drop(binaryKey(name))
    this.#sweep()
    await this.#whenIdle()
  }

  /** Holds a capsule's record, due now, unless held already with the same AdCert (then its schedule stands). */
  #hold (c: string, s: string, capsule: AdvertisedCapsule, nowMs: number): void {
    const held = this.#capsules.get(c)
    if (held === undefined && this.#capsules.size >= this.#init.maxCapsules) {
      this.counters.overCapacity++
      return
    }
    const record = encodeLookupRecord({ capsule })
    // Metadata of large app fields: no DHT node takes the record, and it was put again every republishMs, each put refused.
    if (record.length > MAX_LOOKUP_RECORD_BYTES) {
      this.counters.unpublishable++
      log('no record for capsule %s: %d bytes, over %d', formatName(bytesOfKey(c)), record.length, MAX_LOOKUP_RECORD_BYTES)
      this.#drop(c)
      return
    }
    if (held !== undefined && held.server === s && equalBytes(held.record, record)) return
    this.#capsules.set(c, { server: s, record, notAfterUs: capsule.adCert.cert.notAfterUs, dueAtMs: nowMs })
    this.#capsulesDue.add(c)
  }

  #drop (c: string): void {
    this.#capsules.delete(c)
    this.#capsulesDue.delete(c)
  }

  /**
   * Forgets servers whose updates ended (they left) with their capsules, and
   * capsules whose AdCert ended; marks the records due; starts their puts.
   */
  #sweep (): void {
    if (this.#running === undefined) return
    const nowUs = this.#c.clock()
    const nowMs = nowUs / 1000
    // The clock stepped back (set right after it ran ahead): every schedule made on it lies ahead by the step, and a
    // router whose clock had run a year ahead published nothing again for a year. All is due now, for a step longer
    // than a server record's period (a shorter one delays records less than their lifetime allows).
    if (nowUs < this.#lastSweepUs - this.#init.republishMs * 1000) {
      for (const server of this.#servers.values()) server.publishedAtMs = undefined
      for (const capsule of this.#capsules.values()) capsule.dueAtMs = nowMs
      this.#nextCapsuleSweepMs = 0
    }
    this.#lastSweepUs = nowUs
    const left = new Set<string>()
    for (const [s, server] of this.#servers) {
      if (server.heardUntilUs < nowUs) {
        left.add(s)
        this.#servers.delete(s)
        this.#serversDue.delete(s)
      } else if (server.publishedAtMs === undefined || nowMs >= server.publishedAtMs + this.#init.republishMs) {
        this.#serversDue.add(s)
      }
    }
    if (left.size > 0 || nowMs >= this.#nextCapsuleSweepMs) {
      let next = Infinity
      for (const [c, capsule] of this.#capsules) {
        if (left.has(capsule.server) || capsule.notAfterUs < nowUs) this.#drop(c)
        else if (capsule.dueAtMs <= nowMs) this.#capsulesDue.add(c)
        else next = Math.min(next, wakeMs(capsule))
      }
      this.#nextCapsuleSweepMs = Math.max(next, nowMs + CAPSULE_SWEEP_GAP_MS)
    }
    this.counters.capsuleRecords = this.#capsules.size
    this.counters.serverRecords = this.#servers.size
    this.#pump()
  }

  /** Starts puts of due records, up to maxPuts in flight, while the DHT has peers. */
  #pump (): void {
    const running = this.#running
    while (running !== undefined && this.#inFlight < this.#init.maxPuts && this.#c.dht.routingTable.size > 0) {
      const next = this.#nextDue()
      if (next === undefined) break
      this.#inFlight++
      void this.#put(next.name, next.record, next.failed, running.signal).finally(() => {
        this.#inFlight--
        this.#pump()
      })
    }
    this.#notifyIdle()
  }

  /** The next due record to put, marked as published (`failed` undoes that), or undefined when none is due. */
  #nextDue (): { name: Uint8Array, record: Uint8Array, failed: () => void } | undefined {
    const nowMs = this.#c.clock() / 1000
    for (const s of this.#serversDue) {
      this.#serversDue.delete(s)
      const server = this.#servers.get(s)
      const record = server === undefined ? undefined : this.#serverRecord(s, server)
      if (server === undefined || record === undefined) continue
      server.publishedAtMs = nowMs
      // Forgotten, so the next update tries again.
      return { name: bytesOfKey(s), record, failed: () => { server.publishedAtMs = undefined } }
    }
    for (const c of this.#capsulesDue) {
      this.#capsulesDue.delete(c)
      const capsule = this.#capsules.get(c)
      if (capsule === undefined) continue
      // Its AdCert ended while it waited: every DHT node would refuse it.
      if (capsule.notAfterUs < nowMs * 1000) { this.#drop(c); continue }
      const due = (atMs: number): void => {
        capsule.dueAtMs = atMs
        this.#nextCapsuleSweepMs = Math.min(this.#nextCapsuleSweepMs, wakeMs(capsule))
      }
      due(nowMs + this.#init.capsuleRepublishMs)
      return { name: bytesOfKey(c), record: capsule.record, failed: () => { due(this.#c.clock() / 1000 + this.#init.republishMs) } }
    }
    return undefined
  }

  /** A server's record, with its proof and this router's addresses; undefined (and counted) when no DHT node would take it. */
  #serverRecord (s: string, server: HeldServer): Uint8Array | undefined {
    const proof = server.proof
    if (proof === undefined || proof.advertisement.expiresAtUs < this.#c.clock()) return undefined
    const routerAddresses = recordAddresses(this.#c.addresses(), this.#init.self, this.#c.routerKeyOfAddress)
    const record = routerAddresses.length === 0 ? undefined : encodeLookupRecord(signServerLookupRecord(proof, routerAddresses, this.#c.signer))
    if (record === undefined || record.length > MAX_LOOKUP_RECORD_BYTES) {
      this.counters.unpublishable++
      log('no record for server %s: %s', formatName(bytesOfKey(s)), record === undefined ? 'no address of this router names its peer id' : `${record.length} bytes, over ${MAX_LOOKUP_RECORD_BYTES}`)
      return undefined
    }
    return record
  }

  async #put (name: Uint8Array, record: Uint8Array, failed: () => void, stopped: AbortSignal): Promise<void> {
    try {
      await this.#withDeadline(stopped, async (signal) => { for await (const event of this.#c.dht.put(lookupKey(name), record, { signal })) void event })
      this.counters.published++
    } catch (err) {
      failed()
      if (stopped.aborted) return
      log('publishing %s failed: %s', formatName(name), (err as Error).message)
      this.counters.publishFailures++
    }
  }

  /** Resolves once no put is in flight and none can start (nothing due, no DHT peers, or stopped). */
  async #whenIdle (): Promise<void> {
    if (this.#idle()) return
    await new Promise<void>((resolve) => { this.#idleWaiters.push(resolve) })
  }

  #idle (): boolean {
    return this.#inFlight === 0 && (this.#running === undefined || this.#c.dht.routingTable.size === 0 || this.#serversDue.size + this.#capsulesDue.size === 0)
  }

  #notifyIdle (): void {
    if (this.#idle()) for (const resolve of this.#idleWaiters.splice(0)) resolve()
  }

  /**
   * Looks a name up; with valid records naming another router, links to
   * that router and installs the route through it. For a capsule that is two
   * queries: its capsule record names its server, whose server record names
   * the router. Never rejects: finding nothing leaves the request to the
   * default route.
   */
  async lookUp (name: Uint8Array): Promise<void> {
    const running = this.#running
    if (running === undefined) return
    this.counters.lookups++
    const id = formatName(name)
    let found: { server: VerifiedServerRecord, capsule?: VerifiedCapsuleRecord } | undefined
    try {
      found = await this.#withDeadline(running.signal, async (signal) => {
        if (this.#c.dht.routingTable.size === 0) await this.#somePeer(signal)
        return await this.#resolve(name, signal)
      })
    } catch (err) {
      // DHT nodes validate records, but the one that answered may not have.
      this.counters.refused++
      log('lookup of %s: refused the record found: %s', id, (err as Error).message)
      return
    }
    if (found === undefined) {
      this.counters.notFound++
      log('lookup of %s found nothing', id)
      return
    }
    const { server, capsule } = found
    if (equalBytes(server.router, this.#init.self)) {
      this.counters.namedThisRouter++
      log('lookup of %s: the record found names this router as server %s\'s', id, formatName(server.server))
      return
    }
    if (this.#tooOld(server)) {
      this.counters.refused++
      this.#attachments.delete(binaryKey(server.server))
      log('lookup of %s: refused the record found: server %s\'s update in it was issued at %s, more than %d ms ago', id, formatName(server.server), new Date(server.issuedAtUs / 1000).toISOString(), this.#init.maxUpdateAgeMs)
      return
    }
    if (this.#c.forwarder.link(server.router) === undefined && !await this.#linkTo(server)) {
      // A route whose next hop is not linked holds each request until it times out: none is better. The addresses
      // are not signed (anyone may put a copy of the record with others), so the record is asked for again next time.
      this.counters.unreachable++
      this.#attachments.delete(binaryKey(server.server))
      log('lookup of %s: router %s answers at none of the %d addresses its record gives', id, formatName(server.router), server.routerAddresses.length)
      return
    }
    const expiresAtUs = Math.min(server.expiresAtUs, capsule?.notAfterUs ?? Infinity, this.#c.clock() + this.#init.routeLifetimeMs * 1000)
    // The server's own updates through that router say what it holds there, fresher than a DHT record: the route is
    // there already, or the capsule was withdrawn (or refused here). Added to that set, a withdrawn capsule's stale
    // record made a member its server does not list, and each such lookup had the server asked for a full snapshot.
    const held = this.#c.table.existingSet(server.server, server.router)
    if (held !== undefined && held.origin !== 'lookup') {
      this.counters.advertisedHere++
      log('lookup of %s: server %s advertises its set here through router %s, which says what it holds: the record adds nothing', id, formatName(server.server), formatName(server.router))
      return
    }
    if (!this.#c.table.install({ capsule: name, server: server.server, nextHop: server.router, cost: server.cost + LOOKUP_ROUTE_COST, expiresAtUs }, this.#init.maxRoutesPerNeighbour)) {
      this.counters.overRouteBound++
      log('lookup of %s: the sets through router %s hold %d routes here already (max_routes_per_neighbour)', id, formatName(server.router), this.#init.maxRoutesPerNeighbour)
      return
    }
    this.counters.found++
    log('lookup of %s: through router %s', id, formatName(server.router))
    this.#c.forwarder.routesChanged([name])
  }

  /** Dials the router of `server` at its record's addresses in turn, for at most LINK_BUDGET_MS in all; whether one answered. */
  async #linkTo (server: VerifiedServerRecord): Promise<boolean> {
    const until = performance.now() + LINK_BUDGET_MS
    for (const address of server.routerAddresses) {
      if (performance.now() > until) return false
      try {
        await this.#c.dial(address)
        return true
      } catch { /* the next address */ }
    }
    return false
  }

  /** The verified records that route `name`, or undefined when one is missing; throws when one does not hold. */
  async #resolve (name: Uint8Array, signal: AbortSignal): Promise<{ server: VerifiedServerRecord, capsule?: VerifiedCapsuleRecord } | undefined> {
    const first = await this.#find(name, signal)
    if (first === undefined) return undefined
    const found = verifyLookupRecord(name, decodeLookupRecord(first), this.#c.clock(), this.#c.routerKeyOfAddress)
    if (found.kind === 'server') return { server: this.#remember(found) }
    const known = this.#attachments.get(binaryKey(found.server))
    // Not one grown too old (lookUp refuses it): the DHT holds a fresher one while its server advertises.
    if (known !== undefined && known.expiresAtUs >= this.#c.clock() && !this.#tooOld(known)) return { server: known, capsule: found }
    const second = await this.#find(found.server, signal)
    if (second === undefined) {
      log('capsule %s is delegated to server %s, which no router has published as attached', formatName(name), formatName(found.server))
      return undefined
    }
    const server = verifyLookupRecord(found.server, decodeLookupRecord(second), this.#c.clock(), this.#c.routerKeyOfAddress)
    // A capsule record cannot verify under a server's name (its metadata would hash to it): unreachable, but typed.
    if (server.kind !== 'server') throw new CertificateError('wrong-server', `the record under server ${formatName(found.server)} is not a server record`)
    return { server: this.#remember(server), capsule: found }
  }

  /** Whether a server record's update was issued longer ago than maxUpdateAgeMs (and the skew): it is refused then. */
  #tooOld (server: VerifiedServerRecord): boolean {
    return this.#c.clock() > server.issuedAtUs + this.#init.maxUpdateAgeMs * 1000 + CLOCK_SKEW_US
  }

  #remember (attachment: VerifiedServerRecord): VerifiedServerRecord {
    const s = binaryKey(attachment.server)
    this.#attachments.delete(s)
    this.#attachments.set(s, attachment)
    // The oldest goes first: a Map iterates in insertion order.
    if (this.#attachments.size > MAX_KNOWN_ATTACHMENTS) this.#attachments.delete(this.#attachments.keys().next().value!)
    return attachment
  }

  /**
   * The best record under `name`: the DHT's own choice when its query ends,
   * else, when a path of it stalls (a peer that left an address that
   * accepts and never answers), the best of those peers returned by then.
   * kad-dht yields its choice only once every path has ended, so one
   * stalled path threw away what honest peers had answered, and every
   * lookup ran out of time. Once a peer returned a record, the others get
   * FIND_GRACE_MS more, not the whole deadline.
   */
  async #find (name: Uint8Array, signal: AbortSignal): Promise<Uint8Array | undefined> {
    const key = lookupKey(name)
    const returned: Uint8Array[] = []
    const query = new AbortController()
    const abort = (): void => { query.abort(signal.reason) }
    // An 'abort' listener added to a signal that has ended already is never called.
    if (signal.aborted) return undefined
    signal.addEventListener('abort', abort, { once: true })
    let grace: NodeJS.Timeout | undefined
    try {
      for await (const event of this.#c.dht.get(key, { signal: query.signal })) {
        if (event.name === 'VALUE' && event.value !== undefined) return event.value
        const value = event.name === 'PEER_RESPONSE' ? event.record?.value : undefined
        if (value === undefined) continue
        returned.push(value)
        grace ??= setTimeout(() => { query.abort(new DOMException(`a peer returned a record ${FIND_GRACE_MS} ms ago`, 'TimeoutError')) }, FIND_GRACE_MS)
      }
    } catch {
      // Not found, no peers to ask, or out of time: what peers returned meanwhile, or the default route's turn.
    } finally {
      clearTimeout(grace)
      signal.removeEventListener('abort', abort)
    }
    return returned.length === 0 ? undefined : returned[lookupRecordSelector(key, returned)]
  }

  /**
   * Runs DHT queries with a signal that aborts after timeoutMs or at stop.
   * Not AbortSignal.any() with AbortSignal.timeout(): Node 20 may collect
   * the timeout signal, which then never fires.
   */
  async #withDeadline<T> (stopped: AbortSignal, query: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const deadline = new AbortController()
    const abort = (): void => { deadline.abort(stopped.reason) }
    const timer = setTimeout(() => { deadline.abort(new DOMException(`no answer within ${this.#init.timeoutMs} ms`, 'TimeoutError')) }, this.#init.timeoutMs)
    stopped.addEventListener('abort', abort, { once: true })
    try {
      return await query(deadline.signal)
    } finally {
      clearTimeout(timer)
      stopped.removeEventListener('abort', abort)
    }
  }
}

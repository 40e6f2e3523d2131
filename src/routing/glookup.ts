/**
 * GLookup, the lookup service of a router (docs/routing.md section 6):
 * publishes where the servers attached here and their capsules can be
 * reached, and looks up names this router has no route to, installing the
 * route a record names. Records are checked by ./lookup.ts. The DHT is
 * injected: a kad-dht in a node, an in-memory map in tests.
 */
import { logger } from '@libp2p/logger'
import { formatName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import type { SignedAdvertisement } from './certificates.js'
import type { Forwarder } from './forwarder.js'
import { decodeLookupRecord, encodeLookupRecord, lookupKey, verifyLookupRecord, type VerifiedLookup } from './lookup.js'
import type { AdvertisementOutcome, RouteTable } from './route-table.js'

const log = logger('gdp:glookup')
/** Added to the server's cost for a route found by lookup: its links were never measured. */
const LOOKUP_ROUTE_COST = 10

export interface GLookupInit {
  /** This router's node name: a record naming it gives no route. */
  self: Uint8Array
  /** A publication or a lookup gives up after this. @default 2500 */
  timeoutMs?: number
  /** Updates adding more capsules than this are not published: each record carries its whole update. @default 32 */
  maxPublishedCapsules?: number
  /**
   * A name is published again, by the next update that names it, once this
   * has passed: half the advertisements' lifetime, so a record is renewed
   * before the advertisement in it ends. @default 60000
   */
  republishMs?: number
}

/** The part of a DHT that GLookup uses (kad-dht's, structurally). */
export interface LookupDht {
  put: (key: Uint8Array, value: Uint8Array, options: { signal: AbortSignal }) => AsyncIterable<unknown>
  /** Query events; the last `VALUE` one carries the best record. */
  get: (key: Uint8Array, options: { signal: AbortSignal }) => AsyncIterable<{ name: string, value?: Uint8Array }>
  /** Peers known: with none, a put has nowhere to go. */
  routingTable: { size: number }
}

export interface GLookupComponents {
  dht: LookupDht
  /** Microseconds since the epoch. */
  clock: () => number
  table: Pick<RouteTable, 'install'>
  /** Whether a router is a neighbour already; waiting requests are retried once a route is installed. */
  forwarder: Pick<Forwarder, 'link' | 'routesChanged'>
  /** Dials a router's address and links to it; rejects when it cannot. */
  dial: (address: string) => Promise<unknown>
  /** This router's addresses (with /p2p/<peer id>), for the records it publishes. */
  addresses: () => string[]
  /** The node name of the peer an address ends in (/p2p/<id>), if it names one. */
  routerOfAddress: (address: string) => Uint8Array | undefined
}

export interface GLookupCounters {
  /** Records stored in the DHT. */
  published: number
  publishFailures: number
  lookups: number
  /** Lookups that installed a route. */
  found: number
  /** Lookups that got no record in time. */
  notFound: number
  /** Lookups whose record did not verify. */
  refused: number
}

export class GLookup {
  readonly #init: Required<GLookupInit>
  readonly #c: GLookupComponents
  /** When each name was last published (ms), for names published within republishMs. */
  readonly #published = new Map<string, number>()
  /** Aborted at stop: ends the publications and lookups in flight. */
  #running: AbortController | undefined
  #pruneTimer: NodeJS.Timeout | undefined
  readonly counters: GLookupCounters = { published: 0, publishFailures: 0, lookups: 0, found: 0, notFound: 0, refused: 0 }

  constructor (init: GLookupInit, components: GLookupComponents) {
    this.#init = { timeoutMs: 2500, maxPublishedCapsules: 32, republishMs: 60_000, ...init }
    this.#c = components
  }

  async start (): Promise<void> {
    this.#running = new AbortController()
    // A name older than republishMs is published again anyway: forgetting it keeps the map to recent names.
    this.#pruneTimer = setInterval(() => {
      const before = this.#nowMs() - this.#init.republishMs
      for (const [id, at] of this.#published) if (at <= before) this.#published.delete(id)
    }, this.#init.republishMs)
    this.#pruneTimer.unref()
  }

  /** Ends the publications and lookups in flight; nothing new starts. */
  async stop (): Promise<void> {
    clearInterval(this.#pruneTimer)
    this.#running?.abort()
    this.#running = undefined
  }

  /** Peers in the DHT's routing table. */
  get peers (): number { return this.#c.dht.routingTable.size }

  /**
   * Publishes a record for the server of an update this router accepted and
   * for each capsule the update installed, unless published within
   * republishMs. Resolves once every put has ended; never rejects.
   */
  async publish (update: SignedAdvertisement, outcome: Pick<AdvertisementOutcome, 'server' | 'installed'>): Promise<void> {
    if (this.#running === undefined || update.advertisement.added.length > this.#init.maxPublishedCapsules) return
    // With no DHT peers yet a put has nowhere to go: the next update tries again.
    if (this.#c.dht.routingTable.size === 0) return
    const now = this.#nowMs()
    const record = encodeLookupRecord({ advertisement: update, routerAddresses: this.#c.addresses() })
    const puts: Array<Promise<void>> = []
    for (const name of [outcome.server, ...outcome.installed]) {
      const id = formatName(name)
      const last = this.#published.get(id)
      if (last !== undefined && last > now - this.#init.republishMs) continue
      this.#published.set(id, now)
      puts.push(this.#put(name, id, record, this.#running.signal))
    }
    await Promise.all(puts)
  }

  async #put (name: Uint8Array, id: string, record: Uint8Array, stopped: AbortSignal): Promise<void> {
    try {
      await this.#beforeDeadline(stopped, async (signal) => { for await (const event of this.#c.dht.put(lookupKey(name), record, { signal })) void event })
      this.counters.published++
    } catch (err) {
      // Forgotten, so the next update naming it tries again.
      this.#published.delete(id)
      if (stopped.aborted) return
      log('publishing %s failed: %s', id, (err as Error).message)
      this.counters.publishFailures++
    }
  }

  /**
   * Looks a name up; with a valid record naming another router, links to
   * that router and installs the route through it. Never rejects: finding
   * nothing leaves the request to the default route.
   */
  async lookUp (name: Uint8Array): Promise<void> {
    const running = this.#running
    if (running === undefined) return
    this.counters.lookups++
    const id = formatName(name)
    let value: Uint8Array | undefined
    try {
      await this.#beforeDeadline(running.signal, async (signal) => {
        for await (const event of this.#c.dht.get(lookupKey(name), { signal })) {
          if (event.name === 'VALUE') value = event.value
        }
      })
    } catch {
      // Not found, no peers to ask, or out of time: the default route gets its turn.
    }
    if (value === undefined) {
      this.counters.notFound++
      log('lookup of %s found nothing', id)
      return
    }
    let found: VerifiedLookup
    try {
      found = verifyLookupRecord(name, decodeLookupRecord(value), this.#c.clock(), this.#c.routerOfAddress)
    } catch (err) {
      // DHT nodes validate records, but the one that answered may not have.
      this.counters.refused++
      log('lookup of %s: refused the record found: %s', id, (err as Error).message)
      return
    }
    if (equalBytes(found.router, this.#init.self)) return
    if (this.#c.forwarder.link(found.router) === undefined) {
      for (const address of found.routerAddresses) {
        try { await this.#c.dial(address); break } catch { /* try the next address */ }
      }
    }
    this.#c.table.install({ capsule: name, server: found.advertisement.server, nextHop: found.router, cost: found.advertisement.cost + LOOKUP_ROUTE_COST, expiresAtUs: found.expiresAtUs })
    this.counters.found++
    log('lookup of %s: through router %s', id, formatName(found.router))
    this.#c.forwarder.routesChanged()
  }

  /**
   * Runs a DHT query with a signal that aborts after timeoutMs or at stop.
   * Not AbortSignal.any() with AbortSignal.timeout(): Node 20 may collect
   * the timeout signal, which then never fires.
   */
  async #beforeDeadline (stopped: AbortSignal, query: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const deadline = new AbortController()
    const abort = (): void => { deadline.abort(stopped.reason) }
    const timer = setTimeout(() => { deadline.abort(new DOMException(`no answer within ${this.#init.timeoutMs} ms`, 'TimeoutError')) }, this.#init.timeoutMs)
    stopped.addEventListener('abort', abort, { once: true })
    try {
      await query(deadline.signal)
    } finally {
      clearTimeout(timer)
      stopped.removeEventListener('abort', abort)
    }
  }

  #nowMs (): number { return this.#c.clock() / 1000 }
}

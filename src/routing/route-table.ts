/**
 * Routes by flat name. A capsule may have several routes (replicas, or one
 * replica reachable several ways): lookups pick the cheapest live one, which
 * is anycast to the nearest replica.
 */
import { formatName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { CertificateError, type CertificateProblem } from '../errors.js'
import { verifyAdvertisement, type SignedAdvertisement, type TrustPolicy, type VerifiedAdvertisement } from './certificates.js'
import { verifyRouteAnnouncement, type SignedRouteAnnouncement } from './announcements.js'
import { nodeName } from './signing.js'

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

const key = (name: Uint8Array): string => formatName(name)

export class RouteTable {
  readonly #routes = new Map<string, Route[]>()

  /** Adds or refreshes the route to `route.capsule` through `route.server` and `route.nextHop`. */
  install (route: Route): void {
    const list = this.#routes.get(key(route.capsule)) ?? []
    const i = list.findIndex((r) => equalBytes(r.server, route.server) && equalBytes(r.nextHop, route.nextHop))
    if (i >= 0) list[i] = route
    else list.push(route)
    this.#routes.set(key(route.capsule), list)
  }

  /** Removes routes to `capsule` through `server` (from any next hop, or only `nextHop`). */
  withdraw (capsule: Uint8Array, server: Uint8Array, nextHop?: Uint8Array): void {
    const list = this.#routes.get(key(capsule))
    if (list === undefined) return
    const kept = list.filter((r) => !(equalBytes(r.server, server) && (nextHop === undefined || equalBytes(r.nextHop, nextHop))))
    if (kept.length === 0) this.#routes.delete(key(capsule))
    else this.#routes.set(key(capsule), kept)
  }

  /** Removes every route to `server`'s capsules through `nextHop` (before a full-state update). */
  withdrawServerVia (server: Uint8Array, nextHop: Uint8Array): void {
    for (const [k, list] of this.#routes) {
      const kept = list.filter((r) => !(equalBytes(r.server, server) && equalBytes(r.nextHop, nextHop)))
      if (kept.length === 0) this.#routes.delete(k)
      else this.#routes.set(k, kept)
    }
  }

  /** Removes every route through `nextHop` (a neighbour that went away). */
  dropNextHop (nextHop: Uint8Array): void {
    for (const [k, list] of this.#routes) {
      const kept = list.filter((r) => !equalBytes(r.nextHop, nextHop))
      if (kept.length === 0) this.#routes.delete(k)
      else this.#routes.set(k, kept)
    }
  }

  /** The cheapest unexpired route, ties broken by server name so every router picks the same. */
  lookup (capsule: Uint8Array, nowUs: number): Route | undefined {
    let best: Route | undefined
    for (const r of this.#routes.get(key(capsule)) ?? []) {
      if (r.expiresAtUs < nowUs) continue
      if (best === undefined || r.cost < best.cost || (r.cost === best.cost && Buffer.compare(r.server, best.server) < 0)) best = r
    }
    return best
  }

  routes (capsule: Uint8Array): Route[] {
    return [...(this.#routes.get(key(capsule)) ?? [])]
  }

  /** Forgets expired routes; returns how many. */
  expire (nowUs: number): number {
    let removed = 0
    for (const [k, list] of this.#routes) {
      const kept = list.filter((r) => r.expiresAtUs >= nowUs)
      removed += list.length - kept.length
      if (kept.length === 0) this.#routes.delete(k)
      else this.#routes.set(k, kept)
    }
    return removed
  }

  get size (): number {
    let n = 0
    for (const list of this.#routes.values()) n += list.length
    return n
  }
}

export interface AdvertisementOutcome {
  installed: Uint8Array[]
  withdrawn: Uint8Array[]
  rejected: CertificateError[]
}

/**
 * Applies verified advertisements to a route table, remembering each
 * server's last sequence number (so replays are refused) and counting every
 * refusal by its reason.
 */
export class AdvertisementProcessor {
  readonly #router: Uint8Array
  readonly #table: RouteTable
  readonly #lastSequence = new Map<string, number>()
  readonly rejections = new Map<CertificateProblem, number>()

  constructor (router: Uint8Array, table: RouteTable) {
    this.#router = router
    this.#table = table
  }

  #count (err: CertificateError): void {
    this.rejections.set(err.problem, (this.rejections.get(err.problem) ?? 0) + 1)
  }

  /**
   * Verifies a server's advertisement (addressed to this router, received
   * from `neighbour` over a link of `linkCost`) and updates the table. An
   * advertisement is full state: it replaces what that server advertised
   * before, unless it is a withdrawal of the capsules it lists. Throws the
   * CertificateError, counted, when it fails as a whole.
   */
  apply (signed: SignedAdvertisement, neighbour: Uint8Array, linkCost: number, nowUs: number): AdvertisementOutcome {
    let verified
    try {
      verified = verifyAdvertisement(signed, this.#router, nowUs, this.#lastSequence.get(key(serverOf(signed))))
    } catch (err) {
      if (err instanceof CertificateError) this.#count(err)
      throw err
    }
    this.#lastSequence.set(key(verified.server), verified.sequence)
    const outcome: AdvertisementOutcome = { installed: [], withdrawn: [], rejected: [] }
    this.#install(verified, neighbour, linkCost, verified.expiresAtUs, outcome)
    return outcome
  }

  /**
   * Verifies a route announcement from a child router (`neighbour`) under
   * `policy` and replaces the routes learned through it. Throws the
   * CertificateError, counted, when it fails as a whole.
   */
  applyAnnouncement (signed: SignedRouteAnnouncement, neighbour: Uint8Array, linkCost: number, nowUs: number, policy: TrustPolicy): AdvertisementOutcome {
    let verified
    try {
      verified = verifyRouteAnnouncement(signed, this.#router, policy, nowUs, this.#lastSequence.get(key(nodeName(signed.announcement.routerKey))))
      if (!equalBytes(verified.router, neighbour)) throw new CertificateError('wrong-router', `route announcement from ${formatName(verified.router)} arrived from neighbour ${formatName(neighbour)}`)
    } catch (err) {
      if (err instanceof CertificateError) this.#count(err)
      throw err
    }
    this.#lastSequence.set(key(verified.router), verified.sequence)
    this.#table.dropNextHop(neighbour)
    const outcome: AdvertisementOutcome = { installed: [], withdrawn: [], rejected: [] }
    for (const err of verified.rejected) { this.#count(err); outcome.rejected.push(err) }
    for (const ad of verified.advertisements) {
      this.#install({ ...ad, rejected: [] }, neighbour, linkCost + verified.cost, Math.min(ad.expiresAtUs, verified.expiresAtUs), outcome)
    }
    return outcome
  }

  #install (verified: VerifiedAdvertisement, neighbour: Uint8Array, linkCost: number, expiresAtUs: number, outcome: AdvertisementOutcome): void {
    for (const err of verified.rejected) { this.#count(err); outcome.rejected.push(err) }
    if (!verified.withdraw) {
      this.#table.withdrawServerVia(verified.server, neighbour)
      // The server's own node name is self-certifying (the hash of the key that signed): route it too, so create requests reach it.
      this.#table.install({ capsule: verified.server, server: verified.server, nextHop: neighbour, cost: verified.cost + linkCost, expiresAtUs })
    }
    for (const c of verified.capsules) {
      if (verified.withdraw) {
        this.#table.withdraw(c.name, verified.server, neighbour)
        outcome.withdrawn.push(c.name)
      } else {
        this.#table.install({ capsule: c.name, server: verified.server, nextHop: neighbour, cost: verified.cost + linkCost, expiresAtUs: Math.min(expiresAtUs, c.adCertExpiresUs) })
        outcome.installed.push(c.name)
      }
    }
  }
}

function serverOf (signed: SignedAdvertisement): Uint8Array {
  return nodeName(signed.advertisement.serverKey)
}

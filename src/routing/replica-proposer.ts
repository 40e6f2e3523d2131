/**
 * A router proposes storage servers for a new capsule's replicas
 * (docs/replication.md, "The replica set"). Asked at its own node name
 * (`propose_servers`), it answers from the servers whose signed
 * advertisements it holds now, distinct hosts first and, when asked,
 * distinct routing domains before that. A proposal is the router's word,
 * like a listing: the owner delegates each server it names, and each
 * server's create proves it is there.
 *
 * What a router can tell honestly:
 * - the host of a server is the address of the link its advertisements come
 *   over: the server's own link when it is attached here, else the link of
 *   the router it sits behind (so servers behind one router count as one
 *   host: a conservative grouping). A link whose address is unknown counts
 *   as a host of its own neighbour.
 * - the domain of a server attached here is this router's own domain (its
 *   membership), that of a server relayed in a route announcement the
 *   announcing router's (its membership, checked under the trust policy);
 *   a server found by lookup has no domain this router can tell.
 */
import { formatName } from '../capsule/name.js'
import { bytesToHex, compareBytes, concatBytes } from '../crypto/bytes.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { DomainsUnknownError, GdpError, InvalidArgumentError, UnexpectedResponseError } from '../errors.js'
import { fixedBytes, pb, safeUint } from '../wire/index.js'
import type { LocalService, ReplyFlow } from './forwarder.js'
import { MAX_REPLICAS } from './replica-set.js'
import type { RouteTable } from './route-table.js'

/** A server a router proposes, and what it can tell of it. */
export interface ProposedServer {
  /** Node name. */
  server: Uint8Array
  /** The neighbour its advertisements come through: the server itself when it is attached to the router. */
  via: Uint8Array
  /** Route cost: the server's own plus the links' on the way. */
  cost: number
  /** Servers with the same number share a host as the router sees it; numbered from 1 in the proposal. */
  host: number
  /** Its routing domain's name, when the router can tell. */
  domain: Uint8Array | undefined
}

export interface ServerProposal {
  /** In the order chosen: distinct domains (if asked) and hosts first, then the cheapest. */
  servers: ProposedServer[]
  /** Distinct servers the router knows now, chosen or not. */
  known: number
}

export interface ProposalRequest {
  /** Servers wanted: 1 to MAX_REPLICAS. */
  count: number
  /** Distinct routing domains first (refused when the router cannot tell any server's domain). @default false */
  spreadDomains?: boolean
  /**
   * Ties (same cost, as spread) go in the order of SHA-256(salt || name): the
   * new capsule's name, so no server key is ground to come first. Up to
   * MAX_PROPOSAL_SALT_BYTES. @default empty: the names' own order
   */
  salt?: Uint8Array
}

/** A proposal's salt, at most. */
export const MAX_PROPOSAL_SALT_BYTES = 64

/** A server as the choice sees it: where it is, grouped by host and domain. */
export interface ServerCandidate {
  server: Uint8Array
  via: Uint8Array
  cost: number
  /** Whatever identifies its host: the same key, the same machine as far as the router can tell. */
  hostKey: string
  domain: Uint8Array | undefined
}

export interface ReplicaProposerInit {
  /** This node's name: the requests it answers are addressed to it. */
  self: Uint8Array
  /** This router's routing domain (its membership's), which the servers attached to it are in. @default none: their domain is unknown */
  domain?: Uint8Array
  /**
   * The servers it may propose, by node name (the operator's, say):
   * any device that attaches as a server and advertises was proposed for
   * other owners' capsules, and could then read their payloads or drop
   * them. @default any server it knows
   */
  servers?: Uint8Array[]
}

export interface ReplicaProposerComponents {
  /** Where the servers come from: its live sets, one per server and neighbour. */
  table: Pick<RouteTable, 'liveSets'>
  /** Microseconds since the epoch. */
  clock: () => number
  /** The host a neighbour's link comes from (an IP address), if known. @default none known: each neighbour a host of its own */
  hostOf?: (neighbour: Uint8Array) => string | undefined
  /** What else this node serves (a server's capsule service): every other request goes there. @default nothing else */
  service?: LocalService
}

const hex = bytesToHex

/**
 * Picks up to `count` servers, one at a time: the one whose domain (with
 * `spreadDomains`) and then host were picked least so far, then the
 * cheapest, then the lowest SHA-256(salt || name) (the lowest name with no
 * salt), so every router given the same salt picks the same. A server whose
 * domain is unknown comes after every server whose domain is known.
 */
export function chooseServers<T extends ServerCandidate> (candidates: T[], count: number, spreadDomains = false, salt: Uint8Array = new Uint8Array(0)): T[] {
  const order = new Map(candidates.map((c) => [c, salt.length === 0 ? c.server : sha256(concatBytes([salt, c.server]))]))
  const remaining = [...candidates].sort((a, b) => a.cost - b.cost || compareBytes(order.get(a)!, order.get(b)!))
  const perHost = new Map<string, number>()
  const perDomain = new Map<string, number>()
  const domainUses = (c: T): number => !spreadDomains ? 0 : c.domain === undefined ? Infinity : perDomain.get(hex(c.domain)) ?? 0
  const hostUses = (c: T): number => perHost.get(c.hostKey) ?? 0
  const chosen: T[] = []
  while (chosen.length < count && remaining.length > 0) {
    let best = 0
    for (let i = 1; i < remaining.length; i++) {
      const c = remaining[i]!
      const b = remaining[best]!
      // Sorted by cost already: a later candidate wins only by being more spread.
      if (domainUses(c) < domainUses(b) || (domainUses(c) === domainUses(b) && hostUses(c) < hostUses(b))) best = i
    }
    const [pick] = remaining.splice(best, 1) as [T]
    chosen.push(pick)
    perHost.set(pick.hostKey, hostUses(pick) + 1)
    if (pick.domain !== undefined) perDomain.set(hex(pick.domain), (perDomain.get(hex(pick.domain)) ?? 0) + 1)
  }
  return chosen
}

/** Checks a proposal request's count: 1 to MAX_REPLICAS, as a replica set holds. */
export function checkProposalRequest (request: ProposalRequest): void {
  const { count, salt } = request
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_REPLICAS) throw new InvalidArgumentError(`a capsule has 1 to ${MAX_REPLICAS} replicas; ${count} servers were asked for`)
  if (salt !== undefined && salt.length > MAX_PROPOSAL_SALT_BYTES) throw new InvalidArgumentError(`a proposal's salt is at most ${MAX_PROPOSAL_SALT_BYTES} bytes, not ${salt.length}`)
}

export class ReplicaProposer implements LocalService {
  readonly #self: Uint8Array
  readonly #domain: Uint8Array | undefined
  readonly #allowed: Set<string> | undefined
  readonly #c: ReplicaProposerComponents

  constructor (init: ReplicaProposerInit, components: ReplicaProposerComponents) {
    this.#self = init.self
    this.#domain = init.domain
    this.#allowed = init.servers === undefined ? undefined : new Set(init.servers.map(hex))
    this.#c = components
  }

  /** The servers this router knows now and may propose, each through its cheapest neighbour, with its host and domain. */
  known (): ServerCandidate[] {
    const best = new Map<string, ServerCandidate>()
    // Many servers share a neighbour (the router they sit behind): its host is asked once.
    const hosts = new Map<string, string | undefined>()
    const hostOf = (neighbour: Uint8Array): string | undefined => {
      const key = hex(neighbour)
      if (!hosts.has(key)) hosts.set(key, this.#c.hostOf?.(neighbour))
      return hosts.get(key)
    }
    for (const set of this.#c.table.liveSets(this.#c.clock())) {
      const key = hex(set.server)
      if (this.#allowed !== undefined && !this.#allowed.has(key)) continue
      const held = best.get(key)
      if (held !== undefined && (held.cost < set.cost || (held.cost === set.cost && compareBytes(held.via, set.nextHop) <= 0))) continue
      const attached = equalBytes(set.server, set.nextHop)
      const host = hostOf(set.nextHop)
      best.set(key, {
        server: set.server,
        via: set.nextHop,
        cost: set.cost,
        hostKey: host === undefined ? `neighbour ${hex(set.nextHop)}` : `host ${host}`,
        domain: attached ? this.#domain : set.relayDomain
      })
    }
    return [...best.values()]
  }

  /**
   * Up to `count` servers for a capsule's replicas, and how many it knows.
   * Fewer than asked when it knows fewer. Throws InvalidArgumentError for a
   * count out of 1..MAX_REPLICAS, DomainsUnknownError for spreadDomains when
   * it cannot tell the domain of any server it knows.
   */
  propose (request: ProposalRequest): ServerProposal {
    checkProposalRequest(request)
    const known = this.known()
    if (request.spreadDomains === true && known.length > 0 && known.every((c) => c.domain === undefined)) {
      throw new DomainsUnknownError(`router ${formatName(this.#self)} knows ${known.length} servers and the routing domain of none of them (it has no domain membership, and no router of a domain announced servers to it): it cannot spread replicas across domains`)
    }
    const hosts = new Map<string, number>()
    const servers = chooseServers(known, request.count, request.spreadDomains, request.salt).map((c) => {
      if (!hosts.has(c.hostKey)) hosts.set(c.hostKey, hosts.size + 1)
      return { server: c.server, via: c.via, cost: c.cost, host: hosts.get(c.hostKey)!, domain: c.domain }
    })
    return { servers, known: known.length }
  }

  serves (name: Uint8Array, ownRequest?: boolean): boolean {
    return equalBytes(name, this.#self) || this.#c.service?.serves(name, ownRequest) === true
  }

  handle (pdu: pb.IPdu, reply: (body: { response: pb.IResponse } | { nack: pb.INack }) => void, flow?: ReplyFlow): void {
    const request = pdu.request!
    if (equalBytes(pdu.destination!, this.#self) && request.proposeServers != null) {
      try {
        const { count, spreadDomains, salt } = request.proposeServers
        const proposal = this.propose({ count: count ?? 0, spreadDomains: spreadDomains === true, salt: salt ?? undefined })
        reply({ response: { final: true, proposeServers: proposalToPb(proposal) } })
      } catch (err) {
        reply({ nack: proposalNack(err as Error) })
      }
      return
    }
    const service = this.#c.service
    if (service?.serves(pdu.destination!) === true) { service.handle(pdu, reply, flow); return }
    reply({ nack: { reason: pb.NackReason.MALFORMED, detail: `node ${formatName(this.#self)} is a router: its own name takes propose_servers requests only (send creates to a server's name, other requests to a capsule's)` } })
  }

  cancel (nonce: Uint8Array): void {
    this.#c.service?.cancel?.(nonce)
  }

  /** The server's subscriptions (the forwarder makes room among its neighbours once they are all taken). */
  get subscriptions (): number {
    return this.#c.service?.subscriptions ?? 0
  }
}

function proposalNack (err: Error): pb.INack {
  const reason = err instanceof InvalidArgumentError ? pb.NackReason.MALFORMED : err instanceof DomainsUnknownError ? pb.NackReason.NOT_FOUND : pb.NackReason.SERVER_ERROR
  return { reason, detail: err instanceof GdpError ? err.message : `router error: ${err.message}` }
}

/** A proposal as the router sends it: `host` numbers as they are, an unknown domain as empty bytes. */
export function proposalToPb (proposal: ServerProposal): pb.IProposeServersResponse {
  return {
    servers: proposal.servers.map((s) => ({ server: s.server, via: s.via, cost: s.cost, host: s.host, domain: s.domain ?? new Uint8Array(0) })),
    known: proposal.known
  }
}

/**
 * A router's answer to a request for `count` servers, checked for shape: at
 * most `count` servers, each named once, with 32-byte names. What it says
 * of them is its word.
 */
export function proposalFromPb (value: pb.IProposeServersResponse | null | undefined, count: number): ServerProposal {
  if (value == null) throw new UnexpectedResponseError('the router answered a propose_servers request with something else')
  const listed = value.servers ?? []
  if (listed.length > count) throw new UnexpectedResponseError(`the router proposed ${listed.length} servers; ${count} were asked for`)
  const servers = listed.map((s, i) => ({
    server: fixedBytes(s.server, 32, `servers[${i}].server`),
    via: fixedBytes(s.via, 32, `servers[${i}].via`),
    cost: safeUint(s.cost, `servers[${i}].cost`),
    host: safeUint(s.host, `servers[${i}].host`),
    domain: s.domain == null || s.domain.length === 0 ? undefined : fixedBytes(s.domain, 32, `servers[${i}].domain`)
  }))
  if (new Set(servers.map((s) => hex(s.server))).size !== servers.length) throw new UnexpectedResponseError('the router proposed a server twice')
  const known = safeUint(value.known, 'known')
  if (known < servers.length) throw new UnexpectedResponseError(`the router proposed ${servers.length} servers and says it knows ${known}`)
  return { servers, known }
}

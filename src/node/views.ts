/**
 * What an operator can ask a running node (docs/operations.md): its status,
 * routes, capsules, certificates, peers, migrations, and the overlay as it
 * sees it. Plain JSON, built on demand from the node's own state; the admin
 * API, the control socket and the dashboard all serve these same views.
 */
import type { Connection, Libp2p } from '@libp2p/interface'
import { formatName, parseName } from '../capsule/name.js'
import { equalBytes, sha256Backend } from '../crypto/hash.js'
import { nativeCryptoBackend } from '../crypto/sodium.js'
import { packageVersion } from '../version.js'
import { InvalidArgumentError, isCapsuleFault } from '../errors.js'
import { decodeSignedAdCert, type SignedDomainMembership } from '../routing/certificates.js'
import type { Forwarder } from '../routing/forwarder.js'
import type { AdvertisementProcessor, RouteTable } from '../routing/route-table.js'
import type { MigrationService } from '../migration/service.js'
import type { CapsuleService } from '../server/capsule-service.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import type { NodeConfig } from './config.js'
import { nodeNameOfPeer, type PduTransport } from './pdu-transport.js'
import { wallClockUs } from '../clock.js'
import { capsuleKind } from '../files/format.js'

/** The views by the name the API and the CLI give them. */
export const VIEW_NAMES = ['status', 'routes', 'capsules', 'certs', 'peers', 'migrations', 'topology'] as const
export type ViewName = typeof VIEW_NAMES[number]

/** Entries one page of a list view holds at most (capsules, routes, delegations). */
export const MAX_VIEW_PAGE = 1000

export interface ViewQuery {
  /** Entries at most (default and cap MAX_VIEW_PAGE). */
  limit?: number
  /** Start after this name (a page's `next`). */
  after?: string
  /** The routes view: only the routes of this capsule. */
  capsule?: string
}

/** How a neighbour relates to this node, from what it proved (an AdCert, a membership) or this node's configuration. */
export type PeerKind = 'upstream' | 'server' | 'router' | 'neighbour' | 'edge'


const iso = (us: number): string | null => Number.isFinite(us) && us > 0 ? new Date(Math.floor(us / 1000)).toISOString() : null

/** What the views read of a node (a GdpNode): its components as they are, and its stats. */
export interface ViewedNode {
  readonly config: NodeConfig
  readonly name: Uint8Array
  readonly libp2p: Pick<Libp2p, 'getConnections'>
  readonly table: RouteTable
  readonly forwarder: Pick<Forwarder, 'link'>
  readonly transport: Pick<PduTransport, 'neighbours'>
  readonly processor: Pick<AdvertisementProcessor, 'rejections'>
  readonly store: CapsuleStore | undefined
  readonly service: CapsuleService | undefined
  readonly migration: MigrationService | undefined
  readonly membership: SignedDomainMembership | undefined
  readonly upstream: Uint8Array | undefined
  stats: () => Record<string, unknown>
}

export class NodeViews {
  readonly #node: ViewedNode
  readonly #startedAt = performance.now()

  constructor (node: ViewedNode) {
    this.#node = node
  }

  /** One view by name; InvalidArgumentError for an unknown one or a bad query. */
  async view (name: string, query: ViewQuery = {}): Promise<unknown> {
    if ((VIEW_NAMES as readonly string[]).includes(name)) checkViewQuery(name as ViewName, query)
    switch (name as ViewName) {
      case 'status': return this.status()
      case 'routes': return this.routes(query)
      case 'capsules': return await this.capsules(query)
      case 'certs': return await this.certs(query)
      case 'peers': return this.peers()
      case 'migrations': return this.migrations()
      case 'topology': return this.topology(query)
      default: throw new InvalidArgumentError(`no view '${name}' (views: ${VIEW_NAMES.join(', ')})`)
    }
  }

  status (): Record<string, unknown> {
    const node = this.#node
    return {
      ...node.stats(),
      domain: node.membership === undefined ? null : formatName(node.membership.membership.domain),
      upstream: node.upstream === undefined ? null : formatName(node.upstream),
      uptimeSeconds: Math.floor((performance.now() - this.#startedAt) / 1000),
      pid: process.pid,
      version: packageVersion,
      crypto: nativeCryptoBackend,
      sha256: sha256Backend
    }
  }

  /** Server sets (who serves what, through which neighbour, learnt how), or one capsule's routes. */
  routes (query: ViewQuery): Record<string, unknown> {
    const table = this.#node.table
    const now = wallClockUs()
    if (query.capsule !== undefined) {
      const capsule = parseName(query.capsule)
      const best = table.lookup(capsule, now)
      return {
        capsule: formatName(capsule),
        routes: table.routes(capsule).map((r) => ({
          server: formatName(r.server), nextHop: formatName(r.nextHop), cost: r.cost, expiresAt: iso(r.expiresAtUs),
          live: r.expiresAtUs >= now, chosen: best !== undefined && equalBytes(best.server, r.server) && equalBytes(best.nextHop, r.nextHop)
        }))
      }
    }
    // In the order of their names as text (a page's next is the last one's server and next hop, one after the other).
    const selected = table.summaryPage(query.after, pageLimit(query))
    const sets = selected.sets.map((s) => ({
      server: formatName(s.server),
      nextHop: formatName(s.nextHop),
      origin: s.origin,
      relayDomain: s.relayDomain === undefined ? null : formatName(s.relayDomain),
      cost: s.cost,
      capsules: s.members,
      refused: s.refused,
      unmatched: s.unmatched,
      expiresAt: iso(s.expiresAtUs),
      live: s.expiresAtUs >= now
    }))
    // routes: every route held, each set's server's own name included (it is routed, for creates); byOrigin: the capsules'.
    return { routes: table.size, byOrigin: table.capsuleRoutesByOrigin(), sets, next: selected.more ? selected.sets.at(-1)!.key : null }
  }

  /**
   * The capsules stored here (servers), with their size, head and replicas.
   * One the store finds damaged is listed all the same, with `error` (its
   * name and message) and null where the store cannot say.
   */
  async capsules (query: ViewQuery): Promise<Record<string, unknown>> {
    const service = this.#node.service
    const store = this.#node.store
    if (service === undefined || store === undefined) return { role: this.#node.config.role, capsules: [], next: null, note: 'this node stores no capsules (not a server)' }
    const { items: names, next } = await pageOf(service.hostedInNameOrder(query.after === undefined ? undefined : afterName(query.after)), (name) => name, query)
    const capsules = []
    for (const name of names) {
      const replicaSet = service.replicator?.replicaSet(parseName(name))
      const replicas = replicaSet === undefined ? [formatName(this.#node.name)] : replicaSet.map((r) => formatName(r.cert.server))
      let capsule
      try {
        capsule = await store.capsule(parseName(name))
      } catch (err) {
        if (!isCapsuleFault(err)) throw err
        capsules.push({ name, kind: null, owner: null, records: null, head: null, replicas, error: { name: err.name, message: err.message } })
        continue
      }
      capsules.push({
        name,
        kind: capsuleKind(capsule.metadata),
        owner: Buffer.from(capsule.metadata.owner.key).toString('base64url'),
        records: capsule.size,
        head: capsule.head === undefined ? null : { size: capsule.head.heartbeat.size, at: iso(capsule.head.heartbeat.timestampUs) },
        replicas
      })
    }
    return { total: service.hostedCount, payloadBytes: service.payloadBytes ?? null, capsules, next }
  }

  /** This router's domain membership, the delegations (AdCerts) this server holds, and certificates refused, by reason. */
  async certs (query: ViewQuery): Promise<Record<string, unknown>> {
    const node = this.#node
    const membership = node.membership?.membership
    const now = wallClockUs()
    const delegations = []
    let next: string | null = null
    if (node.store !== undefined) {
      // In the store's order, names' bytes: their text (base64url) sorts otherwise, and a cursor compared as text
      // skipped every name starting with a digit, '-' or '_' (found by attacking the admin API).
      const stored = await pageOf(node.store.delegations(query.after === undefined ? undefined : afterName(query.after)), (d) => formatName(d.name), query)
      next = stored.next
      for (const { name, encoded } of stored.items) {
        const id = formatName(name)
        const { cert, delegation } = decodeSignedAdCert(encoded)
        // Signed by the owner, or by a key the owner delegated the capsule's placement to (an operator's).
        const delegate = delegation === undefined ? null : Buffer.from(delegation.delegation.delegate).toString('base64url')
        delegations.push({ capsule: id, server: formatName(cert.server), notBefore: iso(cert.notBeforeUs), notAfter: iso(cert.notAfterUs), valid: cert.notBeforeUs <= now && now <= cert.notAfterUs, delegate })
      }
    }
    return {
      membership: membership === undefined
        ? null
        : { domain: formatName(membership.domain), parent: membership.parent.length === 0 ? null : formatName(membership.parent), router: formatName(membership.router), notBefore: iso(membership.notBeforeUs), notAfter: iso(membership.notAfterUs), valid: membership.notBeforeUs <= now && now <= membership.notAfterUs },
      trustedDomains: node.config.trustedDomains,
      refused: Object.fromEntries(node.processor.rejections),
      delegations,
      next
    }
  }

  /** The open connections and PDU links: who, where, how they relate to this node. */
  peers (): { peers: PeerView[] } {
    const node = this.#node
    const linked = new Set(node.transport.neighbours().map(formatName))
    const proven = this.#provenByRoutes()
    const peers = node.libp2p.getConnections().map((connection) => this.#peer(connection, linked, proven))
    // One entry per peer: the newest connection tells where it is.
    const byName = new Map(peers.map((p) => [p.name ?? p.peerId, p]))
    return { peers: [...byName.values()].sort((a, b) => a.kind.localeCompare(b.kind) || (a.name ?? '').localeCompare(b.name ?? '')) }
  }

  /**
   * What the route table proves of its neighbours, read once for all of
   * them: the servers attached here, and the routers relaying sets (with
   * their domain). Read again for each connection, a router with 1,024
   * connections and 5,000 server sets spent 350 ms on each peers view, and
   * each dashboard poll and each scrape of gdp_peers asked for one.
   */
  #provenByRoutes (): ProvenByRoutes {
    const servers = new Set<string>()
    const routers = new Map<string, string | null>()
    for (const s of this.#node.table.summaries()) {
      if (s.origin === 'attached' && equalBytes(s.server, s.nextHop)) servers.add(formatName(s.server))
      // The first set a router relays names its domain.
      else if (s.origin === 'announced' && !routers.has(formatName(s.nextHop))) routers.set(formatName(s.nextHop), s.relayDomain === undefined ? null : formatName(s.relayDomain))
    }
    return { servers, routers }
  }

  #peer (connection: Connection, linked: Set<string>, proven: ProvenByRoutes): PeerView {
    let name: Uint8Array | undefined
    try { name = nodeNameOfPeer(connection.remotePeer) } catch { name = undefined }
    const formatted = name === undefined ? null : formatName(name)
    const link = name === undefined ? undefined : this.#node.forwarder.link(name)
    const { kind, domain } = name === undefined || formatted === null ? { kind: 'edge' as const, domain: null } : this.#kindOf(name, formatted, connection, proven)
    return { name: formatted, peerId: connection.remotePeer.toString(), kind, address: connection.remoteAddr.toString(), direction: connection.direction, linked: formatted !== null && linked.has(formatted), cost: link?.cost ?? null, domain }
  }

  #kindOf (name: Uint8Array, formatted: string, connection: Connection, proven: ProvenByRoutes): { kind: PeerKind, domain: string | null } {
    const node = this.#node
    if (node.upstream !== undefined && equalBytes(node.upstream, name)) return { kind: 'upstream', domain: null }
    if (proven.servers.has(formatted)) return { kind: 'server', domain: null }
    const relayDomain = proven.routers.get(formatted)
    if (relayDomain !== undefined) return { kind: 'router', domain: relayDomain }
    const peerId = connection.remotePeer.toString()
    if (node.config.neighbours.some((a) => a.endsWith(`/p2p/${peerId}`))) return { kind: 'neighbour', domain: null }
    return { kind: 'edge', domain: null }
  }

  /** Migrations this node is sending (with their progress) and receiving. */
  migrations (): Record<string, unknown> {
    const migration = this.#node.migration
    if (migration === undefined) return { sending: [], received: [] }
    return {
      sending: [...migration.counters.sending].map(([name, { mode, progress }]) => ({ name, mode, ...(progress === undefined ? {} : { round: progress.round, final: progress.final, done: progress.roundDone, total: progress.roundTotal, sentBytes: progress.sentBytes, ackedBytes: progress.ackedBytes, bytesPerSecond: progress.wireBytesPerSecond }) })),
      // Polled every second by the dashboard: from what the receiver keeps, not its state files.
      received: migration.summaries().map((m) => ({ name: m.name, status: m.status, startedAt: m.startedAt })),
      sent: migration.counters.sent,
      failed: migration.counters.failed
    }
  }

  /**
   * The overlay as this node sees it: itself, its links, and behind them
   * the servers and routers its routes name. A router sees its domain's
   * servers, and those of the domains below it through their routers.
   * At most `query.limit` nodes (itself and its peers first) and twice as
   * many links, `truncated` when some were left out: a router of 20,000
   * server sets answered each dashboard poll, every second, with all of them.
   */
  topology (query: ViewQuery = {}): { self: string, nodes: TopologyNode[], links: TopologyLink[], truncated: boolean } {
    const limit = pageLimit(query)
    const node = this.#node
    const self = formatName(node.name)
    const domain = node.membership === undefined ? null : formatName(node.membership.membership.domain)
    const nodes = new Map<string, TopologyNode>([[self, { id: self, kind: node.config.role, domain, self: true }]])
    const links: TopologyLink[] = []
    const seenLinks = new Set<string>()
    let truncated = false
    /** Whether all of `wanted` are shown: they are already, or there was room for those that are not (none is shown without the others). */
    const shown = (...wanted: TopologyNode[]): boolean => {
      const fresh = wanted.filter((n) => !nodes.has(n.id))
      if (nodes.size + fresh.length > limit) {
        truncated = true
        return false
      }
      for (const n of fresh) nodes.set(n.id, n)
      return true
    }
    const link = (from: string, to: string, kind: TopologyLink['kind']): void => {
      const id = `${from}>${to}`
      if (seenLinks.has(id)) return
      if (links.length >= 2 * limit) {
        truncated = true
        return
      }
      seenLinks.add(id)
      links.push({ from, to, kind })
    }
    for (const peer of this.peers().peers) {
      if (peer.name === null) continue
      const kind: TopologyNode['kind'] = peer.kind === 'server' ? 'server' : peer.kind === 'edge' ? 'client' : 'router'
      if (shown({ id: peer.name, kind, domain: peer.domain ?? (kind === 'server' || kind === 'client' ? domain : null), self: false })) link(self, peer.name, peer.linked ? 'link' : 'connection')
    }
    const now = wallClockUs()
    for (const set of node.table.summaries()) {
      if (set.expiresAtUs < now || set.origin === 'attached') continue
      const server = formatName(set.server)
      const via = formatName(set.nextHop)
      if (shown({ id: server, kind: 'server', domain: set.relayDomain === undefined ? null : formatName(set.relayDomain), self: false }, { id: via, kind: 'router', domain: null, self: false })) link(via, server, 'route')
    }
    return { self, nodes: [...nodes.values()], links, truncated }
  }
}

/** Node names (formatted) the route table proves kinds of: servers attached here, and routers relaying sets, by their domain. */
interface ProvenByRoutes { servers: Set<string>, routers: Map<string, string | null> }

export interface PeerView {
  /** Node name; null for a peer whose key is not Ed25519 (not a gdp node). */
  name: string | null
  peerId: string
  kind: PeerKind
  address: string
  direction: string
  /** Whether a PDU link is open on the connection. */
  linked: boolean
  /** The link's cost in route selection (its measured RTT, ms). */
  cost: number | null
  domain: string | null
}

export interface TopologyNode {
  /** Node name (43 characters). */
  id: string
  kind: 'router' | 'server' | 'client'
  /** Routing domain, where known. */
  domain: string | null
  self: boolean
}

/** A PDU link, a connection without one yet, or a route through a router to a server behind it. */
export interface TopologyLink { from: string, to: string, kind: 'link' | 'connection' | 'route' }

function pageLimit (query: ViewQuery): number {
  const limit = query.limit ?? MAX_VIEW_PAGE
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_VIEW_PAGE) throw new InvalidArgumentError(`limit: ${String(query.limit)} is not a whole number from 1 to ${MAX_VIEW_PAGE}`)
  return limit
}

/** The query parameters each view takes: the paged lists limit and after, the routes a capsule instead, the topology a limit. */
const VIEW_PARAMETERS: Record<ViewName, Array<keyof ViewQuery>> = {
  status: [],
  routes: ['limit', 'after', 'capsule'],
  capsules: ['limit', 'after'],
  certs: ['limit', 'after'],
  peers: [],
  migrations: [],
  topology: ['limit']
}


/** The refusal of a query parameter `name` does not take, naming those it does. */
export function unknownViewParameter (name: ViewName, parameter: string): InvalidArgumentError {
  const known = VIEW_PARAMETERS[name]
  return new InvalidArgumentError(`the ${name} view takes ${known.length === 0 ? 'no query parameters' : known.join(', ')}, not '${parameter}'`)
}

/**
 * Refuses a query a view would ignore: a page of a view that is no paged
 * list, or of one capsule's routes (all of them come at once), a capsule
 * given to a view of everything. Each was taken and ignored in silence.
 */
function checkViewQuery (name: ViewName, query: ViewQuery): void {
  const unknown = (['limit', 'after', 'capsule'] as const).find((k) => query[k] !== undefined && !VIEW_PARAMETERS[name].includes(k))
  if (unknown !== undefined) throw unknownViewParameter(name, unknown)
  if (query.capsule !== undefined && (query.limit !== undefined || query.after !== undefined)) throw new InvalidArgumentError('one capsule\'s routes come all at once: give capsule, or limit and after for a page of the server sets, not both')
}

/** A page's `after` that names a capsule: its bytes, the order of the store it pages through (the certs view's). */
export function afterName (after: string): Uint8Array {
  try {
    return parseName(after)
  } catch (err) {
    throw new InvalidArgumentError(`after: '${after}' is not a capsule name (give a page's next)`, { cause: err })
  }
}

/**
 * The first `query.limit` items of `source` (one already past `query.after`,
 * in its own order), and the key to ask the next page after: the source is
 * read no further than one item past the page.
 */
async function pageOf<T> (source: AsyncIterable<T>, keyOf: (item: T) => string, query: ViewQuery): Promise<{ items: T[], next: string | null }> {
  const limit = pageLimit(query)
  const items: T[] = []
  for await (const item of source) {
    // One more than the page shows whether another page follows.
    if (items.length === limit) return { items, next: keyOf(items.at(-1)!) }
    items.push(item)
  }
  return { items, next: null }
}

/**
 * A gdp node: libp2p (TCP, WebSocket, Noise, Yamux, identify, ping), the
 * PDU transport, the forwarder and route table, the links it keeps up, and
 * by role a capsule store and service (server), advertisements to its
 * router, announcements to a parent-domain router and the lookup service
 * (routers). Assembled, started and stopped here, in one place.
 */
import './polyfill.js'
import { copyFileSync, existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { noise } from '@chainsafe/libp2p-noise'
import { identify, identifyPush } from '@libp2p/identify'
import type { Connection, Libp2p } from '@libp2p/interface'
import type { Ping } from '@libp2p/ping'
import type { KadDHT, SingleKadDHT } from '@libp2p/kad-dht'
import { peerIdFromString } from '@libp2p/peer-id'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { logger } from '@libp2p/logger'
import { GdpClient, type WriterJournal } from '../client/client.js'
import { lateReplicaClient } from '../server/replicator.js'
import { formatName, parseName } from '../capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair, type Ed25519KeyPair } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { checkNativeCryptoSetting } from '../crypto/sodium.js'
import { CertificateError, InvalidArgumentError, LinkCongestedError, LinkRefusedError, LinkTimeoutError, MalformedMessageError, RequestTimeoutError, RouterMoveFailedError } from '../errors.js'
import { LimitedLog } from '../log-limit.js'
import { ANNOUNCEMENT_TARGET_BYTES, MAX_ANNOUNCED_ADVERTISEMENTS, signRouteAnnouncement, signedRouteAnnouncementFromPb, signedRouteAnnouncementToPb, type RouteAnnouncement, type SignedRouteAnnouncement } from '../routing/announcements.js'
import { Advertiser, type SnapshotRefusal } from '../routing/advertiser.js'
import { GLookup } from '../routing/glookup.js'
import { RelayedSnapshots } from '../routing/relayed-snapshots.js'
import {
  decodeSignedAdCert, decodeSignedDomainMembership, verifyDomainMembership, encodeSignedAdvertisement, signedAdvertisementFromPb, signedAdvertisementToPb,
  type SignedAdvertisement, type SignedDomainMembership, type TrustPolicy
} from '../routing/certificates.js'
import { Forwarder, NONCE_LENGTH, PDU_VERSION, type Link } from '../routing/forwarder.js'
import { AdvertisementProcessor, MAX_BAD_ADCERT_SIGNATURES, RouteTable, type AdvertisementOutcome } from '../routing/route-table.js'
import { nodeName } from '../routing/signing.js'
import { keepNewerLookupRecord, LOOKUP_NAMESPACE, lookupRecordSelector, lookupRecordValidator } from '../routing/lookup.js'
import { ReplicaProposer } from '../routing/replica-proposer.js'
import type { CapsuleService } from '../server/capsule-service.js'
import type { Repairer } from '../server/repair.js'
import { ListGate } from '../server/list-gate.js'
import { CreatePolicy } from '../server/create-policy.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import { pb } from '../wire/index.js'
import { ADMIN_TOKEN_FILE, GATEWAY_TOKEN_FILE, GRAFT_REPLY_WAIT_MS, type NodeConfig } from './config.js'
import type { MigrationService } from '../migration/service.js'
import { ControlServer, MAX_REBALANCE_WINDOW_MS } from './control.js'
import { parsePublicKey, readKeyFile, readKeySigner, writeKeyFile } from './keyfile.js'
import { nodeNameOfPeer, pduMuxer, PduTransport, publicKeyOfPeer } from './pdu-transport.js'
import { UnsentConnections } from './unsent-connections.js'
import { GdpConnectionGater, ipAllowList, ipKey } from './connection-gater.js'
import { guardedWebSockets } from './websocket-guard.js'
import { boundedPing } from './ping-echo.js'
import { LinkKeeper, wrongAddressError, type DialFailure } from './link-keeper.js'
import type { httpGateway, HttpGateway } from '../gateway/gateway.js'
import { NodeViews } from './views.js'
import { nodeKvAccess } from './kv-access.js'
import { movedAddresses, readAddressBook, rememberAddress } from './address-book.js'
import { planRebalance, type NeighbourLoad, type RebalancePlan } from './rebalance.js'
import { exportRouterState } from '../routing/router-state.js'
import { chargePutsToSenders, DHT_DATASTORE_PREFIX, DhtRecordStore, MAX_CARRIED_DHT_BYTES, type DhtStoreCounters } from '../routing/dht-records.js'
import { boundDhtStreams, type DhtStreamCounters } from '../routing/dht-streams.js'
import { NODE_KEY_FILE, NODE_SETTINGS_IMAGE, NODE_KEY_IMAGE, ROUTER_STATE_IMAGE, MEMBERSHIP_IMAGE, MOVE_TOKEN_IMAGE, logicalSettings, type CarriedLookupState, type NodeMigrationSummary } from './router-images.js'
import { callOff, listening, MOVE_COMMIT_WAIT_MS, newMoveToken, sendCommit } from './router-commit.js'
import { clearMovedAway, recordMovedAway } from './moved-away.js'
import { joinedWrites } from './joined-writes.js'
import { quietFrameDecoding } from './quiet-frame-decoding.js'
import { noiseCrypto } from './noise-crypto.js'
import { startLibp2p } from './start-libp2p.js'
import { libp2pIdentity } from './libp2p-identity.js'
import { createFolder, linkToNothing } from '../store/folders.js'
import { gatewayJournal } from './writer-journal.js'
import { wallClockUs } from '../clock.js'

const clock = wallClockUs
/** Node events by component; enable with DEBUG=gdp:* (none in per-PDU paths). */
/** In the relay queue: a server attached here whose link went down. */
interface LostServer { lost: Uint8Array }
/** A caller of upstreamReady: told when the link is up, and each dial of the upstream that failed meanwhile. */
interface UpstreamWaiter { linked: (peer: Uint8Array) => void, dialFailed: (failure: DialFailure) => void }

const log = logger('gdp:node')
/** Outbound ping streams one connection may hold at once: libp2p's connection monitor's, the node's own RTT measurement, and its probe of a server that holds subscriptions and sends nothing (Link.probe). */
export const PING_STREAMS_PER_CONNECTION = 3
/** Requests wait this long for a route: longer than a GLookup lookup (2.5 s), so one that finds it is retried in time. */
const RESOLVE_TIMEOUT_MS = 4000
/** Refused advertisement entries are logged at most this often, by problem. */
const REFUSED_ENTRY_LOG_MS = 60_000
/** A neighbour that moved is dialled at its new address this long (it may still be starting there). */
const MOVED_DIAL_MS = 15_000
/** While upstreamReady bounds refused dials: how soon one refused is dialled again (a refusal costs one round trip). */
const REFUSED_REDIAL_MS = 250
/** Addresses a moved notice or a graft may name: a node listens on a few, not on many. */
const MAX_MOVED_ADDRESSES = 16
/**
 * Addresses a graft may name: every router sends one (graftNeighbour, the
 * --to of gdp node graft), so no router's graft is refused. Each is dialled
 * for up to GRAFT_DIAL_MS in turn, and the snapshot wait may take all but
 * 10 s of the GRAFT_REPLY_WAIT_MS its router waits for the answer
 * (config.ts): 16 held a graft 80 s, and the router reported a graft failed
 * that went on to move the node.
 */
const MAX_GRAFT_ADDRESSES = 1
/** How long a graft dials each address it names. */
const GRAFT_DIAL_MS = 5000
/**
 * A neighbour's moved notices are followed one in this long, at most: each
 * had it dial where the notice said for MOVED_DIAL_MS more, so a child router
 * sending them had its parent dial any host and port it named, without end.
 * A notice whose loop linked at the first address it dialled (only the
 * neighbour itself was dialled) leaves the next one free: a router moves
 * again once its move is done, or a minute after one failed.
 */
const MOVED_NOTICE_INTERVAL_MS = 60_000
/**
 * Grafts a node begins in GRAFT_WINDOW_MS, at most. Each has it dial the
 * address its upstream names, so an upstream sending
 * them without end had it dial any host and port; an operator grafts a
 * neighbour once, and a drain tries the next router given after each graft
 * that failed, a few in a row.
 */
const MAX_GRAFTS_PER_WINDOW = 8
const GRAFT_WINDOW_MS = 60_000
/**
 * A protocol only routers handle, answered by closing the stream: how the
 * router a graft orders checks that its target is a router (nodes do not
 * otherwise learn each other's role when they link). A neighbour grafted to
 * a server would be cut off from the overlay, and would remember it.
 */
export const ROUTER_PROTOCOL = '/gdp/router/1.0.0'
/**
 * Questions of ROUTER_PROTOCOL one connection may have open at once (the
 * next is reset): an asker has one at a time. libp2p's default let a peer
 * hold 32 a connection.
 */
export const ROUTER_QUESTIONS_PER_CONNECTION = 4
/**
 * How long an answered question of ROUTER_PROTOCOL stays open before it is
 * reset: the asker closes its end as soon as its stream is negotiated, and
 * one that never did had its stream held as long as its connection stayed.
 */
export const ROUTER_QUESTION_HOLD_MS = 2000
/** A server's live subscriptions, at most (CapsuleServiceInit.maxSubscriptions; ForwarderInit.maxLocalSubscriptions shares them fairly among neighbours). */
const MAX_SUBSCRIPTIONS = 10_000
/** An old link to a neighbour that moved closes once nothing pending uses it, or after this. */
const RETIRE_GRACE_MS = 10_000
/** ...and once no frame went either way on it for this long: the far end may still send on it. */
const RETIRE_QUIET_MS = 1000
/** How long a graft's router waits for its target to say it is a router. */
const GRAFT_TARGET_CHECK_MS = 5000
/** A router that moves tells its edge neighbours at most this long after the neighbours its routes lead to. */
const FIRST_WAVE_MS = 2000
/** A router that moved waits this long, at most, for its neighbours to leave its old links. */
const MOVED_DRAIN_MS = 15_000
/** How long a router that moved waits for its new instance to confirm it took over (router-commit.ts). */
const MOVE_COMMIT_MS = 5000

/** How long a router's move (GdpNode.migrateTo) waits at each step: the defaults, or shorter ones a test gives. */
export interface RouterMoveWaits {
  /** For something to listen at the new instance's address. @default MOVED_DIAL_MS (15 s) */
  dialMs?: number
  /** For the neighbours, once told, to leave the old links. @default MOVED_DRAIN_MS (15 s) */
  drainMs?: number
  /** For the new instance to confirm it took over. @default MOVE_COMMIT_MS (5 s) */
  commitMs?: number
  /** Between calls-off of a move that failed, until the new instance answers (router-commit.ts callOff). @default CALL_OFF_EVERY_MS (2 s) */
  callOffEveryMs?: number
}

export interface GdpNodeOptions {
  /** Use this key instead of the one in the data folder (ephemeral clients). */
  key?: Ed25519Signer
  /**
   * Makes the admin API, for a configuration that enables it: `adminServer`
   * of src/admin/server.ts. Given by whoever runs the node (the `gdp node
   * start` command), so that the node, which the admin API shows, does not
   * depend on it; a configuration that enables the admin API without it is
   * refused.
   */
  admin?: NodeAdminFactory
  /** How long requests of the node's client (`node.client`) wait for an answer: GdpClientInit.timeoutMs (`gdp --request-timeout`). @default 15000 */
  clientTimeoutMs?: number
  /** How long the migration endpoint waits for a new stream's hello: MigrationServiceInit.helloTimeoutMs. @default HELLO_TIMEOUT_MS (10 s) */
  migrationHelloTimeoutMs?: number
  /** How long a PDU stream a neighbour opened may carry nothing behind a newer one it opened: PduTransportInit.idleStreamMs. @default IDLE_STREAM_MS (60 s) */
  idleStreamMs?: number
  /** How long a neighbour that moved is dialled at the addresses its notice named (#relink). @default MOVED_DIAL_MS (15 s) */
  movedDialMs?: number
}

/**
 * The parts only some nodes have, their modules loaded by create() for those
 * nodes alone: a client node (every `gdp --node` command runs one) loaded
 * them, and with them LevelDB's and zstd's native addons, for nothing.
 */
interface LoadedParts {
  /** A server's store, opened, and the module of its capsule service. */
  server?: { store: CapsuleStore, service: typeof import('../server/capsule-service.js') }
  /** The module of the migration endpoint, for a node with its own data folder. */
  migration?: typeof import('../migration/service.js')
  /** The HTTP gateway's factory, for a node that serves it: the HTTP services double the time a node takes to load. */
  gatewayOf?: typeof httpGateway
}

/** What the node tells the admin API it starts: where to listen, its token, whether to serve the dashboard. */
export interface NodeAdminInit {
  host: string
  /** 0 takes a free port. */
  port: number
  tokenFile: string
  /** Make the token file when it does not exist (the default one); a file the operator named is theirs to make. */
  createToken: boolean
  /** Serve the dashboard page at /dashboard. */
  dashboard: boolean
}

/** The admin API as the node drives it: started and stopped with it, told the latency of each request the node serves. */
export interface NodeAdmin {
  /** Where it listens (http://host:port), once started. */
  readonly url: string
  start: () => Promise<void>
  stop: () => Promise<void>
  observeLatency: (operation: 'append' | 'read', seconds: number) => void
}

export type NodeAdminFactory = (init: NodeAdminInit) => (components: { node: GdpNode }) => NodeAdmin

export class GdpNode {
  readonly config: NodeConfig
  readonly key: Ed25519Signer
  readonly name: Uint8Array
  readonly libp2p: Libp2p<{ ping: Ping, dht?: KadDHT }>
  readonly table = new RouteTable()
  readonly forwarder: Forwarder
  readonly transport: PduTransport
  readonly processor: AdvertisementProcessor
  readonly client: GdpClient
  /** Inbound connection limits per IP, the allow list, and bans of abusive peers. */
  readonly gater: GdpConnectionGater
  /** What all connections hold unsent under their muxers, and the connections closed for it (unsent-connections.ts). */
  readonly unsent: UnsentConnections
  readonly store: CapsuleStore | undefined
  readonly service: CapsuleService | undefined
  /** List requests to this node, a few at a time (src/server/list-gate.ts). */
  readonly lists: ListGate | undefined
  /** The migration endpoint and the local control socket: only for a node with its own data folder. */
  readonly migration: MigrationService | undefined
  readonly #control: ControlServer | undefined
  readonly #policy: TrustPolicy
  #membership: SignedDomainMembership | undefined
  /** What the membership file was when last read (membershipVersion): a file written since is read again (#currentMembership). */
  #membershipRead = ''
  /** A renewal read from the file that does not begin yet: taken once it does, or once the one held has ended. */
  #nextMembership: SignedDomainMembership | undefined
  /** A server's advertisements to its router (servers only). */
  readonly advertiser: Advertiser | undefined
  /** Publications and lookups in the DHT (routers with `lookup: true` only). */
  readonly glookup: GLookup | undefined
  /** The records this router stores as a DHT node (routers with `lookup: true` only): they move with it. */
  readonly #dhtRecords: DhtRecordStore | undefined
  /** What this router stores for the lookup DHT (routers with `lookup: true` only). */
  get dhtStore (): DhtStoreCounters | undefined { return this.#dhtRecords?.counters }
  /** Lookup routers: DHT streams closed for what they held (dht-streams.ts). */
  readonly dhtStreams: DhtStreamCounters | undefined
  /** Answers propose_servers at this node's name from the servers it knows (routers and servers; a server's other requests go on to its service). */
  readonly proposer: ReplicaProposer | undefined
  /** The HTTP gateway over this node's client, when the configuration enables it. */
  readonly gateway: HttpGateway | undefined
  /** The admin API (views, metrics, dashboard), when the configuration enables it. */
  readonly admin: NodeAdmin | undefined
  /** What operators can ask this node (status, routes, capsules, ...): served by the admin API and the control socket. */
  readonly views: NodeViews = new NodeViews(this)
  /** Redials the configured neighbours and the upstream while their links are down. */
  readonly #links: LinkKeeper
  /** Updates from this router's servers and servers whose link went down, waiting to be relayed to the parent, in order. */
  #relayQueue: Array<SignedAdvertisement | LostServer> = []
  /** Refused entries of advertisements, logged by problem (a peer can send many a second). */
  readonly #refusedEntries = new LimitedLog(REFUSED_ENTRY_LOG_MS)
  /** Snapshots of server sets this router asked its neighbours for (stats: snapshotsAsked). */
  #snapshotsAsked = 0
  /**
   * The links each server attached here last advertised over, and the one
   * before (weakly: a link that closed goes): an update over the one before
   * means two nodes advertise as that server, each over its own link.
   */
  readonly #advertisingLinks = new Map<string, { last: WeakRef<Link>, before: WeakRef<Link> | undefined }>()
  /** Servers seen advertising over two links in turn: by name, when last (performance.now()). */
  readonly #serversOnTwoLinks = new Map<string, number>()
  readonly #twoLinksLog = new LimitedLog(REFUSED_ENTRY_LOG_MS)
  /**
   * Configured neighbours of this router that answered, once linked, that
   * they are not routers: by name, with the address configured.
   */
  readonly #neighboursNotRouters = new Map<string, string>()
  /** The parent router's last refusal of an announcement of this router's (kept after, as a server keeps its router's). */
  #parentRefusal: SnapshotRefusal | undefined
  readonly #parentRefusalLog = new LimitedLog(REFUSED_ENTRY_LOG_MS)
  /** Servers whose full snapshot a graft of this router waits to see in place at its new parent: by name. */
  readonly #snapshotWaiters = new Map<string, (error: string) => void>()
  /** Last snapshot pages relayed up: each server is told (SnapshotAck) once the parent acknowledged the announcement that carried its page. */
  readonly #relayedSnapshots: RelayedSnapshots
  #announcementSequence = 0
  #upstream: Uint8Array | undefined
  #timers: NodeJS.Timeout[] = []
  /** Neighbours told to link to another router (graftNeighbour), until they say they did: by name. */
  readonly #grafted = new Map<string, (error: string) => void>()
  /** Neighbours a graft is moving now (formatName), so that another graft of one is refused. */
  readonly #grafting = new Set<string>()
  /** Whether a drain runs: a second one is refused. */
  #draining = false
  /** While this router moves: neighbours of the first wave not yet across, by name. */
  readonly #relinked = new Map<string, () => void>()
  /** The neighbours' and upstream's addresses as configured, before the address book said where they moved. */
  readonly #configured: string[]
  /** The upstream's address as configured: where a node grafted to a router that is gone finds its way back. */
  readonly #configuredUpstream: string | undefined
  /** Where this router is moving (or moved, and is about to stop): one move at a time. */
  #moving: string | undefined
  /** While this router moves: the neighbours told where (by name), and those of them that said they relinked there. */
  #move: { told: Set<string>, relinked: Set<string> } | undefined
  /** Neighbours that moved (docs/moving.md): relinked at their new address, or not. */
  readonly moves = { relinked: 0, failed: 0, grafted: 0 }
  /** Neighbours that moved being dialled at their new address, by name: one loop each (#relink). */
  readonly #relinking = new Map<string, MovedNeighbour>()
  /** When each neighbour's last moved notice followed began its loop (performance.now()), oldest first, within MOVED_NOTICE_INTERVAL_MS. */
  readonly #followedMoveAt = new Map<string, number>()
  /** When the grafts begun within GRAFT_WINDOW_MS began (performance.now()), oldest first. */
  readonly #graftsBegunAt: number[] = []
  /** Whether a graft of this node (#onGraft) runs now: one at a time (#beginGraft). */
  #graftUnderWay = false
  /** Node names of the configured neighbours and upstream: peers this node dials, whose moves it follows. */
  readonly #configuredNames: Set<string>
  /** How long #relink dials a neighbour that moved: MOVED_DIAL_MS, or a test's shorter wait. */
  readonly #movedDialMs: number
  /** Aborted by stop: ends the relinking loops. */
  readonly #stopping = new AbortController()
  #migrated: (() => void) | undefined
  /** Resolves once this node moved to another machine (migrateTo) and stopped here. */
  readonly migrated: Promise<void> = new Promise((resolve) => { this.#migrated = resolve })

  private constructor (config: NodeConfig, key: Ed25519Signer, libp2p: Libp2p<{ ping: Ping, dht?: KadDHT }>, membership: SignedDomainMembership | undefined, gater = new GdpConnectionGater(), services: LoadedParts & { adminOf?: NodeAdminFactory, clientTimeoutMs?: number, migrationHelloTimeoutMs?: number, idleStreamMs?: number, movedDialMs?: number, dhtRecords?: DhtRecordStore, dhtStreams?: DhtStreamCounters, unsent?: UnsentConnections, configured?: string[], configuredUpstream?: string } = {}) {
    this.#configured = services.configured ?? []
    this.#configuredUpstream = services.configuredUpstream
    this.config = config
    this.#dhtRecords = services.dhtRecords
    this.dhtStreams = services.dhtStreams
    this.#relayedSnapshots = new RelayedSnapshots(config.maxRelayedSnapshots)
    this.gater = gater
    this.unsent = services.unsent ?? new UnsentConnections(config.unsentBudgetBytes)
    this.key = key
    this.name = nodeName(key.publicKey)
    this.libp2p = libp2p
    const { server, migration } = services
    this.store = server?.store
    this.#policy = { trustedDomains: config.trustedDomains.map((d) => parseName(d, 'domain name')) }
    this.#membership = membership
    this.#membershipRead = membershipVersion(config.membership)
    const createPolicy = new CreatePolicy({
      allowOwners: config.createAllow.includes('any') ? undefined : config.createAllow.map((k) => parsePublicKey(k)),
      maxCapsulesPerOwner: config.createQuotaCapsules,
      maxBytesPerOwner: config.createQuotaBytes,
      maxCreatesPerMinutePerOwner: config.createRate,
      maxCreatesPerMinute: config.createRateTotal
    })
    this.service = server === undefined
      ? undefined
      : new server.service.CapsuleService({ replication: { syncIntervalMs: config.replicationSyncIntervalMs, fullListEveryRounds: config.replicationFullListEvery }, expiryGraceMs: config.expiryGraceMs, maxSubscriptions: MAX_SUBSCRIPTIONS, createChecksPerSecond: config.createChecksPerSecond, maxWritingBytes: config.writingBudgetBytes, repair: { maxRepairMs: config.maxRepairMs } }, {
        store: server.store,
        signer: key,
        clock,
        createPolicy,
        replicaClient: lateReplicaClient(() => this.client),
        forward: (destination, request, onReply) => { this.forwarder.request(destination, request, onReply) },
        observeLatency: (operation, seconds) => { this.admin?.observeLatency(operation, seconds) }
      })
    this.advertiser = this.service === undefined
      ? undefined
      : new Advertiser({ lifetimeMs: config.advertiseLifetimeMs, intervalMs: config.advertiseIntervalMs, snapshotRate: config.advertiseSnapshotRate }, {
        signer: key,
        clock,
        capsules: this.service,
        send: (update) => this.#upstream !== undefined && this.#sendHop(this.#upstream, { advertisement: signedAdvertisementToPb(update) })
      })
    // A router with no upstream has nobody to ask: a request for a name it has no route to yet waits
    // for the advertisement to arrive (routesChanged retries it) until the forwarder's resolve timeout.
    const awaitAdvertisement = config.upstream === undefined ? async (): Promise<void> => {} : undefined
    const resolve = libp2p.services.dht !== undefined ? async (name: Uint8Array): Promise<void> => { await this.glookup?.lookUp(name) } : awaitAdvertisement
    this.proposer = config.role === 'client'
      ? undefined
      : new ReplicaProposer({ self: this.name, domain: membership?.membership.domain, ...(config.proposeServers.includes('any') ? {} : { servers: config.proposeServers.map((n) => parseName(n, 'propose_servers')) }) }, {
        table: this.table,
        clock,
        hostOf: (neighbour) => this.transport.remoteHost(neighbour),
        service: this.service
      })
    // A list reads a page of capsules: answered a few at a time, so that a flood of them cannot hold the node.
    const local = this.proposer ?? this.service
    this.lists = local === undefined ? undefined : new ListGate(local)
    // The service's own limit: at it, the forwarder has the neighbour holding the most subscriptions give one up.
    this.forwarder = new Forwarder({ self: this.name, resolveTimeoutMs: RESOLVE_TIMEOUT_MS, maxLocalSubscriptions: MAX_SUBSCRIPTIONS, upstreamRequestsPerSecond: config.upstreamRequestsPerSecond, lookupsPerSecond: config.lookupsPerSecond }, { table: this.table, clock, local: this.lists, resolve, routing: (pdu, from) => { this.#onRouting(pdu, from) }, attachedServersLost: (servers) => { this.#serversLost(servers) } })
    this.transport = new PduTransport({
      libp2p,
      forwarder: this.forwarder,
      measureRtt: async (peer, signal) => await libp2p.services.ping.ping(peer, { signal }),
      exempt: ownNeighbour([...config.neighbours, ...(config.upstream === undefined ? [] : [config.upstream])], gater),
      onAbuse: (peer) => { gater.ban(peer) },
      // A child router whose announcements this router took under its trust policy carries its domain's clients:
      // cutting it off for their flood cut the whole domain off (found by attacking the domains).
      spare: (peer) => this.processor.announcedBy(peer, clock())
    }, {
      receive: { framesPerSecond: config.peerFramesPerSecond, bytesPerSecond: config.peerBytesPerSecond, burstBytes: config.peerBytesBurst, disconnectAfterMs: config.peerOverRateDisconnectMs },
      sendBudget: { totalBytes: config.sendBudgetBytes, stallMs: config.sendStallMs },
      idleStreamMs: services.idleStreamMs
    })
    const connect = async (address: string): Promise<Uint8Array> => await this.transport.connect(multiaddr(address))
    this.#links = new LinkKeeper({}, { connect })
    // kadDHT() without a client/server split builds a SingleKadDHT, which has a routing table.
    const dht = libp2p.services.dht as SingleKadDHT | undefined
    this.glookup = dht === undefined
      ? undefined
      : new GLookup({ self: this.name, republishMs: config.advertiseLifetimeMs / 2, routeLifetimeMs: config.advertiseLifetimeMs, maxRoutesPerNeighbour: config.maxRoutesPerNeighbour, maxUpdateAgeMs: Math.max(config.maxAdvertiseLifetimeMs, config.advertiseLifetimeMs) }, {
        dht,
        clock,
        table: this.table,
        forwarder: this.forwarder,
        dial: connect,
        addresses: () => this.multiaddrs(),
        routerKeyOfAddress,
        signer: this.key
      })
    this.#movedDialMs = services.movedDialMs ?? MOVED_DIAL_MS
    this.#configuredNames = new Set([...config.neighbours, ...(config.upstream === undefined ? [] : [config.upstream])].flatMap((a) => {
      const name = routerOfAddress(a)
      return name === undefined ? [] : [formatName(name)]
    }))
    // Each capsule a server lists costs a signature check: a server's link may cost twice what a snapshot at this node's own rate does.
    this.processor = new AdvertisementProcessor(this.name, this.table, { maxRoutesPerServer: config.maxRoutesPerServer, maxRoutesPerNeighbour: config.maxRoutesPerNeighbour, maxRefusedPerNeighbour: config.maxRefusedPerNeighbour, maxLifetimeMs: Math.max(config.maxAdvertiseLifetimeMs, config.advertiseLifetimeMs), checksPerSecond: 2 * config.advertiseSnapshotRate })
    this.client = new GdpClient(services.clientTimeoutMs === undefined ? {} : { timeoutMs: services.clientTimeoutMs }, { forwarder: this.forwarder, clock })
    const { gatewayOf, adminOf } = services
    const gateway = config.gateway
    this.gateway = gatewayOf === undefined
      ? undefined
      : gatewayOf({
        host: gateway.host,
        port: gateway.port,
        maxBodyBytes: gateway.maxBodyBytes,
        maxFileBytes: gateway.maxFileBytes,
        maxBodiesBytes: gateway.bodiesBudgetBytes,
        maxAnswerBytes: gateway.answersBudgetBytes,
        maxDownloadBytes: gateway.downloadsBudgetBytes,
        maxUploadBytes: gateway.uploadsBudgetBytes,
        maxEventStreamBytes: gateway.eventStreamsBudgetBytes,
        maxConnections: gateway.maxConnections,
        tokenFile: gateway.tokenFile ?? join(config.data, GATEWAY_TOKEN_FILE),
        // A token file the operator named is theirs to make; the default one is made at first enable.
        createToken: gateway.tokenFile === undefined
      })({
        client: this.client,
        kv: nodeKvAccess({ writers: gateway.writerKeys.map((file) => gatewayWriter(config.data, file)) }, { client: this.client, ...(this.service === undefined ? {} : { service: this.service }), ...(this.store === undefined ? {} : { store: this.store }) })
      })
    if (migration !== undefined) {
      this.migration = new migration.MigrationService({
        folder: join(config.data, 'migration'),
        receiveFolder: config.migrationDir ?? join(config.data, 'migrations'),
        allow: config.migrationAllow,
        keepFreeBytes: config.migrationKeepFreeBytes,
        ...(config.migrationHashMemoryBytes === undefined ? {} : { maxHashBytes: config.migrationHashMemoryBytes }),
        ...(config.migrationUnfinishedPerSender === undefined ? {} : { maxUnfinishedPerSender: config.migrationUnfinishedPerSender }),
        ...(services.migrationHelloTimeoutMs === undefined ? {} : { helloTimeoutMs: services.migrationHelloTimeoutMs })
      }, { libp2p, signer: key, peerKey: (connection) => publicKeyOfPeer(connection.remotePeer) })
      this.#control = new ControlServer(config.data, {
        migration: this.migration,
        views: this.views,
        service: this.service,
        migrateNode: async (to, onEvent) => {
          const summary = await this.migrateTo(to, onEvent)
          // After the answer went out on the control socket, which stops with the node.
          setTimeout(() => { void this.retireAfterMove() }, 100)
          return summary
        },
        graft: async (neighbour, to) => await this.graftNeighbour(neighbour, to),
        rebalance: async (options) => await this.rebalance(options),
        drain: async (to) => await this.drain(to)
      })
    }
    // Last: its metrics are chosen from the services the node has (the migration endpoint's were left out).
    const admin = config.admin
    this.admin = adminOf?.({
      host: admin.host,
      port: admin.port,
      tokenFile: admin.tokenFile ?? join(config.data, ADMIN_TOKEN_FILE),
      createToken: admin.tokenFile === undefined,
      dashboard: admin.dashboard
    })({ node: this })
  }

  /** Builds a node from its configuration; its key lives in <data>/node.key unless given. */
  static async create (config: NodeConfig, options: GdpNodeOptions = {}): Promise<GdpNode> {
    checkNativeCryptoSetting()
    // Before anything is opened: the store's lock and libp2p's sockets would outlive the refusal.
    if (config.admin.enabled && options.admin === undefined) throw new InvalidArgumentError('the configuration enables the admin API, and GdpNode.create was given no admin factory to make it (options.admin: adminServer of src/admin/server.ts)')
    // Neighbours that moved since the configuration was written are where they said they went.
    const book = options.key === undefined ? readAddressBook(config.data) : new Map<string, string>()
    const configured = [...config.neighbours, ...(config.upstream === undefined ? [] : [config.upstream])]
    const configuredUpstream = config.upstream
    if (book.size > 0) {
      config = { ...config, neighbours: movedAddresses(config.neighbours, book, peerIdOfAddress), ...(config.upstream === undefined ? {} : { upstream: movedAddresses([config.upstream], book, peerIdOfAddress)[0] }) }
    }
    let key = options.key
    const keyPath = join(config.data, NODE_KEY_FILE)
    /** A key made at this start: written once the store shows that no node ran on the folder (below). */
    let newKey: Ed25519KeyPair | undefined
    if (key === undefined) {
      createFolder(config.data)
      // A node ran on this folder (its status file is there) and its key is gone: a key made now would be another node,
      // and the store's capsules were delegated to the old one (found by damaging a server's disk: it came back as a
      // new node in silence). A store made by the command line alone holds no delegation, and gets its first key.
      // A link to nothing is not gone: the key file's read says where it points.
      if (!existsSync(keyPath) && linkToNothing(keyPath) === undefined) {
        if (existsSync(join(config.data, 'status.json'))) throw keyGone(keyPath, `a node ran on ${config.data} (its status.json is there)`)
        newKey = generateEd25519KeyPair()
        key = new Ed25519Signer(newKey.secretKey)
      } else {
        key = new Ed25519Signer(readKeyFile(keyPath, { node: true }).secretKey)
      }
    }
    // Dialled, it never linked, in silence: libp2p refuses to dial its own peer id, and the keeper tried again for ever.
    const self = nodeName(key.publicKey)
    const keyFile = options.key === undefined ? `its own key, in ${keyPath}` : 'its own key'
    if (config.upstream !== undefined && equalBytes(routerOfAddress(config.upstream) ?? new Uint8Array(), self)) throw new InvalidArgumentError(`upstream ${config.upstream} is this node itself (${keyFile}): give the address of the router above it`)
    const itself = config.neighbours.find((a) => equalBytes(routerOfAddress(a) ?? new Uint8Array(), self))
    if (itself !== undefined) throw new InvalidArgumentError(`neighbour ${itself} is this node itself (${keyFile}): give the address of another router`)
    const membership = config.membership === undefined ? undefined : readMembership(config.membership, nodeName(key.publicKey))
    // Neighbours, the upstream and connection_allow bypass libp2p's limits (pending, rate, pruning)
    // and the gater's per-IP ones, so a flood from elsewhere cannot lock them out.
    const allow = ipAllowList([...config.neighbours, ...(config.upstream === undefined ? [] : [config.upstream]), ...config.connectionAllow])
    const gater = new GdpConnectionGater({
      maxPendingPerIp: config.maxPendingPerIp,
      maxConnectionsPerIp: config.maxConnectionsPerIp,
      maxPending: config.maxPendingConnections,
      evictAfterMs: config.evictPendingAfterMs,
      allow,
      banMs: config.peerBanMs,
      streamRatePerIp: config.streamRatePerIp
    })
    // What every connection holds unsent below its muxer, together: each is bounded, their number is not small.
    const unsent = new UnsentConnections(config.unsentBudgetBytes, logger('gdp:transport'))
    const validateLookupRecord = lookupRecordValidator(clock, routerKeyOfAddress)
    const dhtRecords = config.lookup ? new DhtRecordStore({ maxBytes: config.lookupStoreBytes, keepHeld: keepNewerLookupRecord(validateLookupRecord) }) : undefined
    // Loaded only by a lookup router: a tenth of what a node loads, and every gdp --node command is a node.
    const dht = config.lookup ? await import('@libp2p/kad-dht') : undefined
    const libp2p = await createLibp2p({
      privateKey: libp2pIdentity(key),
      start: false,
      ...(dhtRecords === undefined ? {} : { datastore: dhtRecords.datastore }),
      addresses: { listen: config.role === 'client' ? [] : config.listen },
      transports: [tcp(), guardedWebSockets(gater, { upgradeTimeoutMs: config.upgradeTimeoutMs, origins: config.websocketOrigins })],
      connectionEncrypters: [joinedWrites(quietFrameDecoding(noise({ crypto: noiseCrypto })))],
      streamMuxers: [pduMuxer((remoteAddr) => gater.admitStream(remoteAddr), { budget: unsent, exempt: (remoteAddr) => gater.allowed(remoteAddr) }, gater.counters, gater)],
      connectionManager: {
        // A handshake (Noise, Yamux) takes a few round trips; a socket that stalls in it holds a pending slot
        // until this passes (libp2p's default, 10 s, let a few hundred stalled sockets lock everyone out).
        inboundUpgradeTimeout: config.upgradeTimeoutMs,
        // Above the gater's own limit, so that with every slot taken the gater still sees a newcomer
        // (and may give it the slot of a handshake stalled for evict_pending_after).
        maxIncomingPendingConnections: 2 * config.maxPendingConnections,
        inboundConnectionThreshold: config.connectionRatePerIp,
        maxConnections: config.maxConnections,
        allow
      },
      connectionGater: gater,
      services: {
        identify: identify(),
        // Peers learn protocols registered after a connection opened (the lookup DHT's, say)
        // only from a push; without it their DHT routing tables can stay empty.
        identifyPush: identifyPush(),
        // libp2p's connection monitor pings every connection on this same protocol and aborts the connection
        // when its ping is refused: with one outbound ping stream allowed (the default), a ping of the node's
        // own (measuring a new link's RTT) in flight at that moment cut a healthy link.
        // The peer must take as many: the monitor's ping, refused there, cuts the link as well.
        // Its answers hold no more of a ping stream than its window: libp2p's own held all a peer sent (ping-echo.ts).
        ping: boundedPing({ maxOutboundStreams: PING_STREAMS_PER_CONNECTION, maxInboundStreams: PING_STREAMS_PER_CONNECTION }),
        ...(dht !== undefined
          ? {
              dht: dht.kadDHT({
                protocol: lookupProtocol(membership),
                datastorePrefix: DHT_DATASTORE_PREFIX,
                clientMode: false,
                peerInfoMapper: config.lookupPrivateAddresses ? dht.passthroughMapper : dht.removePrivateAddressesMapper,
                validators: { [LOOKUP_NAMESPACE]: validateLookupRecord },
                selectors: { [LOOKUP_NAMESPACE]: lookupRecordSelector }
              })
            }
          : {})
      }
    })
    // The DHT store's room is shared by the addresses that put into it (one host, however many peer ids it makes, is one),
    // and so is what its streams may hold of the node's memory.
    let dhtStreams: DhtStreamCounters | undefined
    if (libp2p.services.dht !== undefined) {
      chargePutsToSenders(libp2p.services.dht, (peer) => {
        const address = libp2p.getConnections(peer)[0]?.remoteAddr
        return (address === undefined ? undefined : ipKey(address)) ?? `peer ${peer.toString()}`
      })
      // The domain's own routers keep their streams however many strangers open.
      dhtStreams = boundDhtStreams(libp2p.services.dht, (connection) => ipKey(connection.remoteAddr) ?? `peer ${connection.remotePeer.toString()}`, {
        messagesPerSecond: config.lookupMessagesPerSecond,
        exempt: ownNeighbour(configured, gater)
      })
    }
    const parts: LoadedParts = {}
    // Only a node with its own data folder (its key there, not given as an ephemeral client's is) has the migration endpoint.
    if (options.key === undefined) parts.migration = await import('../migration/service.js')
    if (config.gateway.enabled) parts.gatewayOf = (await import('../gateway/gateway.js')).httpGateway
    if (config.role === 'server') {
      const [{ CapsuleStore }, service] = await Promise.all([import('../store/capsule-store.js'), import('../server/capsule-service.js')])
      parts.server = { store: await CapsuleStore.open({ path: join(config.data, 'store'), sync: config.sync, openCapsules: config.openCapsules }), service }
      // Its status file gone too (both lost with the disk's damage, or removed as clutter), the node started as another
      // node over a store of capsules delegated to the one that ran here.
      const delegated = newKey === undefined ? undefined : await firstDelegate(parts.server.store)
      if (delegated !== undefined) {
        await parts.server.store.close()
        throw keyGone(keyPath, `the store at ${parts.server.store.path} holds capsules delegated to ${delegated}, which ran on ${config.data}`)
      }
    }
    if (newKey !== undefined) {
      try {
        writeKeyFile(keyPath, false, { node: true }, newKey)
      } catch (err) {
        // No room for it, say: the store is not left open (and locked) by a start that failed.
        await parts.server?.store.close()
        throw err
      }
    }
    const adminOf = config.admin.enabled ? options.admin : undefined
    return new GdpNode(config, key, libp2p, membership, gater, { ...parts, adminOf, clientTimeoutMs: options.clientTimeoutMs, migrationHelloTimeoutMs: options.migrationHelloTimeoutMs, idleStreamMs: options.idleStreamMs, movedDialMs: options.movedDialMs, dhtRecords, dhtStreams, unsent, configured, ...(configuredUpstream === undefined ? {} : { configuredUpstream }) })
  }

  /**
   * Starts every part; one that fails (an HTTP service whose port is taken)
   * stops those started before it, so that a failed start leaves nothing
   * behind: its control socket stayed, and the commands that found it said
   * the connection was refused instead of that no node runs there.
   */
  async start (): Promise<void> {
    try {
      await this.#start()
    } catch (err) {
      await this.stop()
      throw err
    }
  }

  async #start (): Promise<void> {
    await this.service?.start()
    await this.advertiser?.start()
    await this.glookup?.start()
    await startLibp2p(this.libp2p)
    if (this.config.role === 'router') {
      await this.libp2p.handle(ROUTER_PROTOCOL, (stream) => {
        // The question carries no data. Unread, what a peer sent anyway stayed until the stream's 4 MiB read limit,
        // on each of its streams of every connection.
        stream.addEventListener('message', () => { stream.abort(new MalformedMessageError(`${ROUTER_PROTOCOL} carries no data`)) })
        const unclosed = setTimeout(() => { stream.abort(new RequestTimeoutError(`${ROUTER_PROTOCOL}: answered, and the asker did not close its end within ${ROUTER_QUESTION_HOLD_MS} ms`)) }, ROUTER_QUESTION_HOLD_MS)
        stream.addEventListener('close', () => { clearTimeout(unclosed) })
        stream.close().catch(() => {})
      }, { runOnLimitedConnection: false, maxInboundStreams: ROUTER_QUESTIONS_PER_CONNECTION })
    }
    await this.transport.start()
    await this.migration?.start()
    await this.#control?.start()
    this.forwarder.start()
    this.service?.events.addEventListener('delegated', (event) => { this.advertiser?.delegated(event.detail) })
    this.service?.events.addEventListener('deleted', (event) => { this.advertiser?.withdrawn(event.detail) })
    // A capsule whose store went backwards here: its other replicas serve it meanwhile.
    this.service?.events.addEventListener('withdrawn', (event) => { this.advertiser?.withdrawn(event.detail) })
    this.transport.onLinkUp = (peer) => {
      if (this.#upstream !== undefined && equalBytes(peer, this.#upstream)) this.#upstreamLinked()
    }
    // A neighbour that moved here is dialled where it went, and where the configuration says, by turns: a router whose
    // new instance died goes on where it was, and its neighbours had only the dead address; an upstream this node was
    // grafted to that is gone leaves it its configured upstream (it was stranded, moved-peers.json naming the dead one).
    const configuredFor = (address: string): string | undefined => this.#configured.find((a) => peerIdOfAddress(a) === peerIdOfAddress(address))
    for (const address of this.config.neighbours) {
      const onLinked = this.config.role === 'router' ? (peer: Uint8Array) => { void this.#checkNeighbourIsRouter(address, peer) } : undefined
      this.#links.keep(address, { up: () => this.transport.neighbours().length > 0 && this.#connectedTo(address), onLinked }, configuredFor(address))
    }
    if (this.config.upstream !== undefined) {
      this.#links.keep(this.config.upstream, {
        up: () => this.#upstream !== undefined && this.forwarder.link(this.#upstream) !== undefined,
        onLinked: (peer) => {
          this.#upstream = peer
          this.forwarder.setDefaultRoute(peer)
          this.#upstreamLinked()
        },
        onDialFailed: (failure) => { for (const waiter of this.#upstreamWaiters) waiter.dialFailed(failure) }
      }, configuredFor(this.config.upstream) ?? this.#configuredUpstream)
    }
    const t = setInterval(() => {
      if (this.table.expire(clock()) > 0) this.forwarder.routesChanged()
      // A renewal that begins later is taken as it begins, not at the next update a server happens to send.
      if (this.#nextMembership !== undefined) this.#currentMembership()
    }, 1000)
    t.unref()
    this.#timers.push(t)
    // Last: what it serves goes through the forwarder and the links above.
    await this.gateway?.start()
    await this.admin?.start()
  }

  /**
   * Stops in the reverse order of start: nothing new comes in, then work in
   * progress (an advertisement reading the store, say) ends, then the store
   * closes. A stop never throws: a part that fails to stop is logged and the
   * rest still stop.
   */
  async stop (): Promise<void> {
    this.#stopped ??= this.#stop()
    await this.#stopped
  }

  #stopped: Promise<void> | undefined

  async #stop (): Promise<void> {
    this.#links.stop()
    this.#stopping.abort()
    for (const t of this.#timers) clearInterval(t)
    const steps: Array<[string, () => unknown]> = [
      ['admin API', async () => await this.admin?.stop()],
      ['gateway', async () => await this.gateway?.stop()],
      ['forwarder', () => { this.forwarder.stop() }],
      ['lookup service', async () => await this.glookup?.stop()],
      ['control socket', async () => await this.#control?.stop()],
      ['migration', async () => await this.migration?.stop()],
      ['advertiser', async () => await this.advertiser?.stop()],
      ['capsule service', async () => await this.service?.stop()],
      ['transport', async () => await this.transport.stop()],
      ['libp2p', async () => await this.libp2p.stop()],
      ['store', async () => await this.store?.close()]
    ]
    for (const [part, step] of steps) {
      try { await step() } catch (err) { log('stopping the %s failed: %s', part, (err as Error).message) }
    }
  }

  /** This router's membership in its routing domain, when it has one. */
  get membership (): SignedDomainMembership | undefined { return this.#membership }

  /** The upstream router's node name once linked. */
  get upstream (): Uint8Array | undefined { return this.#upstream }

  /**
   * Resolves once the upstream link is up; rejects after `timeoutMs`
   * (LinkTimeoutError). With `refusedForMs`, a node whose every dial is
   * refused (nothing listens there) is dialled again every
   * REFUSED_REDIAL_MS, and once they were refused that long the wait ends
   * with LinkRefusedError: a node restarting listens again within it, one
   * that is not running never does (the command line waited 10 s for it).
   * With it too, a dial whose address can never link (another node there
   * than the address names, no transport for it) ends the wait at once,
   * InvalidArgumentError saying which.
   */
  async upstreamReady (timeoutMs: number, { refusedForMs }: { refusedForMs?: number } = {}): Promise<Uint8Array> {
    if (this.#upstream !== undefined && this.forwarder.link(this.#upstream) !== undefined) return this.#upstream
    const upstream = this.config.upstream
    return await new Promise((resolve, reject) => {
      const end = (): void => { clearTimeout(timer); this.#upstreamWaiters.delete(waiter) }
      const waiter: UpstreamWaiter = {
        linked: (peer) => { end(); resolve(peer) },
        dialFailed: (failure) => {
          if (refusedForMs !== undefined && failure.wrongAddress !== undefined) {
            end()
            reject(wrongAddressError({ ...failure, wrongAddress: failure.wrongAddress }))
            return
          }
          if (refusedForMs === undefined || failure.refusedSinceMs === undefined || upstream === undefined) return
          if (performance.now() - failure.refusedSinceMs < refusedForMs) {
            this.#links.dialSoon(upstream, REFUSED_REDIAL_MS)
            return
          }
          end()
          const where = failure.address === upstream ? 'there' : `at ${failure.address}`
          reject(new LinkRefusedError(`cannot reach ${upstream}: nothing listens ${where} (every dial refused for ${refusedForMs} ms: ${failure.message}); is the node running, and is the address right?`))
        }
      }
      const timer = setTimeout(() => {
        end()
        const failure = upstream === undefined ? undefined : this.#links.lastFailure(upstream)
        const why = failure === undefined ? '' : `; the last dial${failure.address === upstream ? '' : ` (of ${failure.address})`} failed: ${failure.message}`
        reject(new LinkTimeoutError(`cannot reach ${upstream ?? 'an upstream router'} within ${timeoutMs} ms${why}`))
      }, timeoutMs)
      this.#upstreamWaiters.add(waiter)
      // A dial refused before this wait began counts from when it was.
      const failure = upstream === undefined ? undefined : this.#links.lastFailure(upstream)
      if (failure !== undefined) waiter.dialFailed(failure)
    })
  }

  /** Callers of upstreamReady waiting for the link. */
  readonly #upstreamWaiters = new Set<UpstreamWaiter>()

  /** Addresses others can dial, with /p2p/<peer id>. */
  multiaddrs (): string[] {
    return this.libp2p.getMultiaddrs().map((a) => a.toString())
  }

  #connectedTo (address: string): boolean {
    const peerId = peerIdOfAddress(address)
    return this.libp2p.getConnections().some((c) => c.remotePeer.toString() === peerId)
  }

  /** Sends a hop-local PDU to neighbour `to`; false when there is no link or it refused. */
  #sendHop (to: Uint8Array, body: Partial<pb.IPdu>): boolean {
    const link = this.forwarder.link(to)
    return link !== undefined && this.#sendOn(link, body)
  }

  /** Sends a hop-local PDU over `link` (one of two a neighbour's name may have); false when it refused. */
  #sendOn (link: Link, body: Partial<pb.IPdu>): boolean {
    const to = link.peer
    const nonce = new Uint8Array(NONCE_LENGTH)
    crypto.getRandomValues(nonce)
    try {
      link.send({ version: PDU_VERSION, destination: to, source: this.name, ttl: 1, nonce, ...body })
      return true
    } catch {
      return false
    }
  }

  /**
   * The link to the upstream is up (again). A server sends its router a full
   * snapshot; a router asks its own servers for snapshots, which it relays,
   * so a parent that restarted learns everything again.
   */
  #upstreamLinked (): void {
    this.service?.replicator?.linkRestored()
    // Dialled is not linked: upstreamReady waits for the PDU link itself.
    if (this.#upstream !== undefined && this.forwarder.link(this.#upstream) !== undefined) {
      for (const waiter of this.#upstreamWaiters) waiter.linked(this.#upstream)
    }
    if (this.advertiser !== undefined && this.#upstream !== undefined) this.advertiser.attach(this.#upstream)
    else if (this.#membership !== undefined) this.#resyncServers(undefined, 'the parent router linked again')
  }

  /** Asks the servers attached here (one, or all) for full snapshots. */
  #resyncServers (server: Uint8Array | undefined, reason: string): void {
    for (const set of this.table.directSets()) {
      if (server === undefined || equalBytes(set.server, server)) this.#sendHop(set.server, { resync: { server: set.server, reason } })
    }
  }

  /** Relays a server's update to the parent router, gathered with others arriving in the same tick; false if this router relays nothing. */
  #relay (update: SignedAdvertisement): boolean {
    return this.#enqueueRelay(update)
  }

  #enqueueRelay (item: SignedAdvertisement | LostServer): boolean {
    if (this.#membership === undefined || this.#upstream === undefined) return false
    this.#relayQueue.push(item)
    if (this.#relayQueue.length === 1) setImmediate(() => { this.#flushRelays() })
    return true
  }

  /** Servers attached here whose last link went: forgotten by the check for two nodes with one key, and told to the parent. */
  #serversLost (servers: Uint8Array[]): void {
    for (const server of servers) this.#advertisingLinks.delete(formatName(server))
    this.#relayLost(servers)
  }

  /** Relays that servers attached here lost their link, so the parent drops their sets through this router. */
  #relayLost (servers: Uint8Array[]): void {
    // A router moving to another machine loses its servers to its new instance, which has the same name: told
    // here, the parent would drop the routes that instance relays for them.
    if (this.#moving !== undefined) return
    for (const server of servers) this.#enqueueRelay({ lost: server })
  }

  /** Tells a neighbour (a server, or a child router) that its full snapshot is in place, or why not. */
  #acknowledgeSnapshot (neighbour: Uint8Array, sequence: number, error: string): void {
    this.#sendHop(neighbour, { snapshotAck: { sequence, error } })
    this.#snapshotWaiters.get(formatName(neighbour))?.(error)
  }

  /** The upstream's warning about this server (a SnapshotAck with `warning`): kept for its status, and logged. */
  #onRouterWarning (warning: string, from: Link): void {
    if (this.#upstream === undefined || !equalBytes(from.peer, this.#upstream)) throw new CertificateError('wrong-link', `a router's warning from ${formatName(from.peer)}, which is not this node's upstream`)
    this.advertiser?.warned(warning)
  }

  /**
   * The upstream says a snapshot is in place there: a server's last page
   * (the advertiser waits for it in a graft), or the announcement that
   * carried last pages this router relayed, whose servers are told in turn.
   */
  #onSnapshotAck (sequence: number, error: string, from: Link): void {
    if (this.#upstream === undefined || !equalBytes(from.peer, this.#upstream)) throw new CertificateError('wrong-link', `a snapshot acknowledgement from ${formatName(from.peer)}, which is not this node's upstream`)
    if (this.advertiser !== undefined) { this.advertiser.acknowledged(sequence, error); return }
    if (error !== '') {
      // Its servers were told; the router itself, whose membership or announcement the parent refused, said nothing.
      this.#parentRefusal = { sequence, error, at: new Date(clock() / 1000).toISOString() }
      this.#parentRefusalLog.note(error, (more) => { log.error('the parent router refused this router\'s announcement (%d): %s; the routes it relays are not taken there%s', sequence, error, more) })
    }
    const pages = this.#relayedSnapshots.take(sequence)
    if (pages === undefined) return
    for (const page of pages) this.#acknowledgeSnapshot(page.server, page.sequence, error === '' ? '' : `the parent router refused it: ${error}`)
  }

  #flushRelays (): void {
    const queue = this.#relayQueue
    this.#relayQueue = []
    const upstream = this.#upstream
    const membership = this.#currentMembership()
    if (upstream === undefined || membership === undefined) return
    let batch: SignedAdvertisement[] = []
    let lost: Uint8Array[] = []
    let bytes = 0
    // Lost servers go in announcements of their own, in the order of the queue: a server that came back after
    // its link went down is dropped and then advertised again, not the other way round.
    const sendLost = (): void => {
      if (lost.length === 0) return
      this.#sendHop(upstream, { announcement: signedRouteAnnouncementToPb(this.#announcement(upstream, membership, [], { lostServers: lost })) })
      lost = []
    }
    const send = (): void => {
      if (batch.length === 0) return
      const announcement = this.#announcement(upstream, membership, batch)
      const lastPages = batch.filter((ad) => ad.advertisement.snapshot?.last === true).map((ad) => ({ server: nodeName(ad.advertisement.serverKey), sequence: ad.advertisement.sequence }))
      if (lastPages.length > 0) {
        this.#relayedSnapshots.add(announcement.announcement.sequence, lastPages)
      }
      // Lost (link down or backed up): the parent finds its copy stale at the next refresh and asks for a snapshot.
      this.#sendHop(upstream, { announcement: signedRouteAnnouncementToPb(announcement) })
      batch = []
      bytes = 0
    }
    for (const update of queue) {
      if ('lost' in update) {
        send()
        if (lost.length >= MAX_ANNOUNCED_ADVERTISEMENTS) sendLost()
        lost.push(update.lost)
        continue
      }
      sendLost()
      const size = encodeSignedAdvertisement(update).length
      if (batch.length >= MAX_ANNOUNCED_ADVERTISEMENTS || (batch.length > 0 && bytes + size > ANNOUNCEMENT_TARGET_BYTES)) send()
      batch.push(update)
      bytes += size
    }
    send()
    sendLost()
  }

  /**
   * The membership to announce with: the one held, or the one its file holds
   * now, when it was written since it was read and holds a membership in the
   * same domain that ends later (a renewal). Read at start only, a renewed
   * file was not used until a restart: once the old membership ended, the
   * parent refused every announcement, the new one on disk. A renewal that
   * begins later is taken once it begins, or once the one held has ended:
   * taken at once, it had the parent refuse all the router relayed while the
   * one it replaced still held. Another domain's needs a restart (the router
   * joined that domain's lookup service at start), and is logged, as is a
   * file that no longer reads.
   */
  #currentMembership (): SignedDomainMembership | undefined {
    const path = this.config.membership
    const held = this.#membership
    if (path === undefined || held === undefined) return held
    const version = membershipVersion(path)
    if (version !== this.#membershipRead) {
      this.#membershipRead = version
      try {
        const renewed = readMembership(path, this.name)
        if (!equalBytes(renewed.membership.domain, held.membership.domain)) {
          log.error('membership file %s: now a membership in domain %s, not %s, which this router joined at start: restart it to change domains', path, formatName(renewed.membership.domain), formatName(held.membership.domain))
        } else if (renewed.membership.notAfterUs > held.membership.notAfterUs) {
          this.#nextMembership = renewed
        }
      } catch (err) {
        log.error('%s; the membership read before is kept', (err as Error).message)
      }
    }
    const next = this.#nextMembership
    const now = clock()
    if (next !== undefined && (next.membership.notBeforeUs <= now || held.membership.notAfterUs < now)) {
      this.#membership = next
      this.#nextMembership = undefined
      log('membership file %s read again: the membership now ends %s', path, new Date(next.membership.notAfterUs / 1000).toISOString())
      // The parent ends what was relayed under the old one with it: every server's set is relayed again under this
      // one. Left to each server's next update, sets of servers that send one less often than the clock skew
      // readers allow (advertise_interval) lapsed there at each renewal until it came.
      this.#resyncServers(undefined, 'this router\'s domain membership was renewed')
    }
    return this.#membership
  }

  /** A route announcement to `parent`, signed, under the next sequence number. */
  #announcement (parent: Uint8Array, membership: SignedDomainMembership, advertisements: SignedAdvertisement[], only: Pick<RouteAnnouncement, 'leaving' | 'lostServers'> = {}): SignedRouteAnnouncement {
    const now = clock()
    this.#announcementSequence = Math.max(this.#announcementSequence + 1, now)
    return signRouteAnnouncement({
      routerKey: this.key.publicKey, parent, sequence: this.#announcementSequence, issuedAtUs: now,
      expiresAtUs: now + this.config.advertiseLifetimeMs * 1000, membership, advertisements, cost: 1, ...only
    }, this.key)
  }

  /**
   * Logs the entries of an update that were refused (their count is in the
   * stats by problem; this says which capsule and server), each problem at
   * most once a minute; and a router whose copy of a server's set went stale
   * asks the neighbour it came from for a snapshot (at most every few seconds,
   * ever less often for a set it cannot hold whole: RouteTable.snapshotDue).
   */
  #afterUpdate (outcome: AdvertisementOutcome, from: Link): void {
    for (const refused of outcome.rejected) {
      this.#refusedEntries.note(refused.problem, (more) => { log('refused an entry of server %s\'s advertisement from %s%s: %s', formatName(outcome.server), formatName(from.peer), more, refused.message) })
    }
    if (!outcome.resync) return
    const set = this.table.existingSet(outcome.server, from.peer)
    if (set === undefined || !this.table.snapshotDue(set, performance.now())) return
    this.#snapshotsAsked++
    this.#sendHop(from.peer, { resync: { server: outcome.server, reason: 'the set stated differs from the one this router holds' } })
  }

  /**
   * Throws unless this node is a router. A server or client named as another
   * node's upstream took its advertisements into a table nothing routes by:
   * the sender showed its upstream linked and its capsules were unreachable,
   * with nothing said. Refused, the snapshot's acknowledgement says why, in
   * the sender's status and log.
   */
  #requireRouter (from: Link): void {
    if (this.config.role === 'router') return
    throw new CertificateError('not-a-router', `${formatName(this.name)} is a ${this.config.role}, not a router: it routes nothing for ${formatName(from.peer)}, whose upstream should be a router`)
  }

  /**
   * Notes the link a server attached here advertised over. Two nodes running
   * with one key (a server's data folder copied to make another) each
   * advertise over their own link, in turn: this router held one set for
   * both, routed each request to whichever linked last, and their copies of
   * the capsules drifted apart, with nothing said. A server that relinked
   * advertises over its new link only, and a router's move or a graft puts
   * a server on another router: neither comes back to an earlier link.
   */
  #noteAdvertisingLink (link: Link): void {
    const server = formatName(link.peer)
    const seen = this.#advertisingLinks.get(server)
    if (seen === undefined) { this.#advertisingLinks.set(server, { last: new WeakRef(link), before: undefined }); return }
    if (seen.last.deref() === link) return
    // (The earlier link is open: an update came over it.)
    if (seen.before?.deref() === link) {
      this.#serversOnTwoLinks.set(server, performance.now())
      this.#twoLinksLog.note(server, (more) => { log.error('server %s advertises over two links in turn: two nodes run with its key (a data folder copied to make another node?); each holds its own copy of its capsules, and requests go to either%s', server, more) })
      // Each of the two is told, in its own log and status: only this router said it, and neither's operator looks here.
      const warning = `router ${formatName(this.name)} sees two nodes advertise with this server's key (${server}), each over a link of its own: a data folder copied to make another node? Each holds its own copy of the capsules and requests go to either, so the copies drift apart: stop one (a second node starts on a new folder of its own, and its owners place capsules on it)`
      for (const twin of [link, seen.last.deref()]) if (twin !== undefined) this.#sendOn(twin, { snapshotAck: { sequence: 0, error: '', warning } })
    }
    this.#advertisingLinks.set(server, { last: new WeakRef(link), before: seen.last })
  }

  /** Servers seen advertising over two links in turn within a set's lifetime, with how many seconds ago. */
  #twoLinkServers (): Array<[string, number]> {
    const now = performance.now()
    for (const [server, at] of this.#serversOnTwoLinks) if (now - at > this.config.advertiseLifetimeMs) this.#serversOnTwoLinks.delete(server)
    return [...this.#serversOnTwoLinks].map(([server, at]) => [server, Math.round((now - at) / 1000)])
  }

  /** Advertisements and route announcements from neighbours, and requests for snapshots from the upstream. */
  #onRouting (pdu: pb.IPdu, from: Link): void {
    const now = clock()
    try {
      // A server or client named as another node's upstream (or neighbour) took its advertisements into a table
      // nothing routes by: the sender showed its upstream linked, its capsules unreachable, nothing said. Refused,
      // its snapshot's acknowledgement says why, in the sender's status and log.
      if (pdu.advertisement != null) {
        this.#requireRouter(from)
        const signed = signedAdvertisementFromPb(pdu.advertisement)
        const outcome = this.processor.apply(signed, { neighbour: from.peer, linkCost: from.cost }, now)
        if (equalBytes(outcome.server, from.peer)) this.#noteAdvertisingLink(from)
        if (outcome.abusive) this.#cutOff(from.peer, `it sent more than ${MAX_BAD_ADCERT_SIGNATURES} AdCerts with bad signatures`)
        this.#afterUpdate(outcome, from)
        this.forwarder.routesChanged(routedBy(outcome))
        // A server leaving this router (a graft) is not published as attached here.
        if (signed.advertisement.leaving !== true) void this.glookup?.publish(signed, outcome)
        // A last snapshot page is acknowledged here, or, relayed, once the parent acknowledged it (#onSnapshotAck).
        if (!this.#relay(signed) && signed.advertisement.snapshot?.last === true) this.#acknowledgeSnapshot(from.peer, signed.advertisement.sequence, '')
      } else if (pdu.announcement != null) {
        const announcement = signedRouteAnnouncementFromPb(pdu.announcement)
        const carriesSnapshot = announcement.announcement.advertisements.some((ad) => ad.advertisement.snapshot?.last === true)
        let outcomes: AdvertisementOutcome[]
        try {
          this.#requireRouter(from)
          outcomes = this.processor.applyAnnouncement(announcement, from.peer, from.cost, now, this.#policy)
        } catch (err) {
          if (carriesSnapshot && err instanceof CertificateError) this.#acknowledgeSnapshot(from.peer, announcement.announcement.sequence, err.message)
          throw err
        }
        for (const outcome of outcomes) {
          this.#afterUpdate(outcome, from)
          this.forwarder.routesChanged(routedBy(outcome))
        }
        const lost = announcement.announcement.lostServers
        if (lost !== undefined) this.forwarder.serversLostVia(from.peer, lost)
        // Relaying is one level deep (docs/routing.md section 5): in place here is in place.
        if (carriesSnapshot) this.#acknowledgeSnapshot(from.peer, announcement.announcement.sequence, '')
      } else if (pdu.snapshotAck != null && (pdu.snapshotAck.warning ?? '') !== '') {
        this.#onRouterWarning(pdu.snapshotAck.warning!, from)
      } else if (pdu.snapshotAck != null) {
        this.#onSnapshotAck(Number(pdu.snapshotAck.sequence ?? 0), pdu.snapshotAck.error ?? '', from)
      } else if (pdu.graft?.done === true) {
        this.#grafted.get(formatName(from.peer))?.(pdu.graft.error ?? '')
      } else if (pdu.graft != null) {
        // Checked here, where a refusal is counted (and answered: the router that asked waits); the graft goes on in the background.
        const addresses = pdu.graft.addresses ?? []
        try {
          this.#beginGraft(addresses, from.peer)
        } catch (err) {
          this.#answerGraft(from, (err as Error).message)
          throw err
        }
        void this.#onGraft(addresses, from).finally(() => { this.#graftUnderWay = false })
      } else if (pdu.moved?.relinked === true) {
        // Only a neighbour told of a move under way says it followed it: counted from anyone, a stranger's notices
        // made a move whose new instance had died look done, and the router stopped.
        const id = formatName(from.peer)
        if (this.#move?.told.has(id) !== true) throw new CertificateError('wrong-link', `a relinked notice from ${id}, which this router did not tell of a move`)
        this.#move.relinked.add(id)
        this.#relinked.get(id)?.()
      } else if (pdu.moved != null) {
        // Checked here, where a refusal is counted; the relinking goes on in the background and answers for itself.
        if (!this.#followsMoves(from.peer)) throw new CertificateError('wrong-link', `a moved notice from ${formatName(from.peer)}, which is not this node's upstream, a configured neighbour or a child router that announced routes here`)
        this.#onMoved(movedAddressesOf(pdu.moved.addresses ?? [], from.peer), from)
      } else if (pdu.resync != null) {
        // Only the upstream may ask: it is the one this node advertises or relays to.
        if (this.#upstream === undefined || !equalBytes(from.peer, this.#upstream)) throw new CertificateError('wrong-link', `a snapshot request from ${formatName(from.peer)}, which is not this node's upstream`)
        const server = pdu.resync.server == null || pdu.resync.server.length === 0 ? undefined : pdu.resync.server
        if (this.advertiser !== undefined) this.advertiser.requestSnapshot()
        else this.#resyncServers(server, pdu.resync.reason ?? 'the parent asked')
      }
    } catch (err) {
      if (err instanceof CertificateError && pdu.advertisement?.advertisement?.snapshot?.last === true) this.#acknowledgeSnapshot(from.peer, Number(pdu.advertisement.advertisement.sequence ?? 0), err.message)
      // Refusals are counted by the processor (a refused snapshot request here); anything else is a malformed message.
      if (!(err instanceof CertificateError)) this.processor.count('malformed')
      else if (pdu.resync != null || pdu.moved != null || pdu.graft != null || pdu.snapshotAck != null) this.processor.count(err.problem)
      log('refused routing message from %s: %s', formatName(from.peer), (err as Error).message)
    }
  }

  /**
   * Whether this node follows `peer` when it says it moved: a peer it links
   * to itself (its upstream, a router it was grafted to, a configured
   * neighbour), or a child router of a trusted domain that announced routes
   * here (the parent of a router that moves). Anyone else that moves dials
   * this node again from where it went, and a notice from it would only make
   * this node dial where a stranger says.
   */
  #followsMoves (peer: Uint8Array): boolean {
    return (this.#upstream !== undefined && equalBytes(peer, this.#upstream)) || this.#configuredNames.has(formatName(peer)) || this.processor.announcedBy(peer, clock())
  }

  /**
   * A neighbour moved to another machine (docs/moving.md section 3): link to
   * it at its new address (the same key, so Noise proves it is the same
   * node), retire the old link once nothing pending uses it, keep the new
   * address for redials and restarts, and (a server) tell its router what
   * set it advertises, so the router needs no snapshot when it holds it
   * already. One loop per neighbour: a notice while it runs gives it the new
   * addresses, not more time; one after it ended, within
   * MOVED_NOTICE_INTERVAL_MS of its start, is refused (CertificateError,
   * `over-budget`), unless that loop linked at the first address it dialled.
   */
  #onMoved (addresses: string[], from: Link): void {
    const id = formatName(from.peer)
    const running = this.#relinking.get(id)
    if (running !== undefined) {
      Object.assign(running, { addresses, from })
      return
    }
    const now = performance.now()
    for (const [neighbour, at] of this.#followedMoveAt) {
      if (now - at < MOVED_NOTICE_INTERVAL_MS) break
      this.#followedMoveAt.delete(neighbour)
    }
    const followed = this.#followedMoveAt.get(id)
    if (followed !== undefined) throw new CertificateError('over-budget', `a moved notice from ${id} ${Math.round(now - followed)} ms after the last one this node followed: one in ${MOVED_NOTICE_INTERVAL_MS / 1000} s is`)
    this.#followedMoveAt.set(id, now)
    const moved: MovedNeighbour = { addresses, from, deadline: now + this.#movedDialMs }
    this.#relinking.set(id, moved)
    this.#relink(moved)
      .catch((err: Error) => { if (!this.#stopping.signal.aborted) log.error('relinking to %s after it moved failed: %s', id, err.message) })
      .finally(() => { this.#relinking.delete(id) })
  }

  async #relink (moved: MovedNeighbour): Promise<void> {
    const stopping = this.#stopping.signal
    let dialsFailed = 0
    for (let attempt = 0; !stopping.aborted; attempt++) {
      // Read afresh each round: a newer notice replaces them.
      const { addresses, from } = moved
      for (const address of addresses) {
        if (stopping.aborted) return
        try {
          await this.transport.connect(multiaddr(address), AbortSignal.any([AbortSignal.timeout(5000), stopping]), true)
          // Linked at the first address dialled: the notice had this node dial only the neighbour itself, and its next
          // move (one back, say) is followed at once. Held to one a minute, a router moved again within the minute
          // of a move that was done found every neighbour refusing to follow it, and its move failed.
          if (dialsFailed === 0) this.#followedMoveAt.delete(formatName(from.peer))
          const retired = this.transport.retireOlderLinks(from.peer, { graceMs: RETIRE_GRACE_MS, quietMs: RETIRE_QUIET_MS })
          const peerId = peerIdOfAddress(address)!
          this.#links.readdress(peerId, address, peerIdOfAddress)
          if (this.config.neighbours.some((a) => peerIdOfAddress(a) === peerId) || (this.config.upstream !== undefined && peerIdOfAddress(this.config.upstream) === peerId)) this.#remember(peerId, address)
          if (this.#upstream !== undefined && equalBytes(from.peer, this.#upstream)) this.advertiser?.refresh()
          // Over the old link: the node that moved learns this neighbour is across.
          try { from.send({ version: PDU_VERSION, destination: from.peer, source: this.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(NONCE_LENGTH)), moved: { relinked: true } }) } catch {}
          this.moves.relinked++
          log('%s moved: linked at %s, %d old links retired', formatName(from.peer), address, retired)
          return
        } catch (err) {
          dialsFailed++
          log('%s moved: cannot link at %s yet: %s', formatName(from.peer), address, (err as Error).message)
        }
      }
      if (performance.now() > moved.deadline) {
        this.moves.failed++
        log.error('%s moved to %s and cannot be reached there; the old link stays while it lasts', formatName(from.peer), addresses.join(', '))
        return
      }
      await sleep(Math.min(1000, 100 * 2 ** attempt), undefined, { signal: stopping }).catch(() => {})
    }
  }

  /**
   * A neighbour sent what no honest node sends and each piece of which costs
   * this node work: its connections close and its peer id is refused for
   * peer_ban, as for a neighbour over its frame rate (allow-listed addresses
   * are never refused).
   */
  #cutOff (peer: Uint8Array, why: string): void {
    log('cutting off %s: %s', formatName(peer), why)
    for (const connection of this.libp2p.getConnections()) {
      if (connection.remotePeer.publicKey?.type !== 'Ed25519' || !equalBytes(nodeNameOfPeer(connection.remotePeer), peer)) continue
      this.gater.ban(connection.remotePeer)
      connection.abort(new CertificateError('bad-signature', `${formatName(peer)} is cut off: ${why}`))
    }
  }

  /** The libp2p peer id of a neighbour this node is connected to, by its node name. */
  #peerIdOf (name: Uint8Array): string | undefined {
    const connection = this.libp2p.getConnections().find((c) => c.remotePeer.publicKey?.type === 'Ed25519' && equalBytes(nodeNameOfPeer(c.remotePeer), name))
    return connection?.remotePeer.toString()
  }

  /** Keeps where a neighbour went for restarts (a node with a data folder of its own only); a failure costs only that. */
  #remember (peerId: string, address: string): void {
    if (this.migration === undefined) return
    try { rememberAddress(this.config.data, peerId, address) } catch (err) { log.error('cannot note that %s is at %s: %s', peerId, address, (err as Error).message) }
  }

  /**
   * This node's upstream router tells it to link to another router instead
   * (a graft, docs/moving.md section 4). A server advertises its set there
   * (a full snapshot: that router checks every AdCert) and then withdraws
   * it from the old router, which relays the withdrawal up; a router
   * relays its servers' snapshots there and then leaves the old parent
   * (#moveRelayedSets); a client sends its requests there from then on.
   * The old link goes once nothing pending
   * uses it; its subscriptions end with MOVED and their subscribers
   * subscribe again by name. The new upstream is kept for restarts.
   * #beginGraft took it first.
   */
  async #onGraft (addresses: string[], from: Link): Promise<void> {
    let router: Uint8Array | undefined
    // Peers this node was connected to before: a link the graft opens and then does not use is closed.
    const connected = new Set(this.libp2p.getConnections().map((c) => c.remotePeer.toString()))
    try {
      let used = ''
      for (const address of addresses) {
        try {
          router = await this.transport.connect(multiaddr(address), AbortSignal.timeout(GRAFT_DIAL_MS))
          used = address
          break
        } catch (err) {
          log('graft: cannot link to %s: %s', address, (err as Error).message)
        }
      }
      if (router === undefined) throw new LinkTimeoutError(`cannot link to the router at ${addresses.join(', ')}`)
      if (equalBytes(router, from.peer)) throw new InvalidArgumentError('a graft to the router this node is linked to already')
      // A router below this one (it relays its servers' sets here) made the parent of this one: each would route up
      // to the other, in a loop, and the domains above lose the routes (the command had said moved).
      if (this.table.summaries().some((set) => set.origin === 'announced' && equalBytes(set.nextHop, router!))) {
        throw new InvalidArgumentError(`${formatName(router)} is a router below this one (it relays its servers' sets here): grafted under it, this router and it would route to each other in a loop`)
      }
      const old = from.peer
      this.#upstream = router
      this.forwarder.setDefaultRoute(router)
      const linkedToRouter = (): boolean => this.forwarder.link(router!) !== undefined
      const hop = (body: pb.IPdu): boolean => { try { from.send({ version: PDU_VERSION, destination: old, source: this.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(NONCE_LENGTH)), ...body }); return true } catch { return false } }
      let told: boolean
      try {
        told = this.advertiser !== undefined
          ? await this.advertiser.graft(router, (update) => hop({ advertisement: signedAdvertisementToPb(update) }), undefined, linkedToRouter)
          : await this.#moveRelayedSets(old, hop, linkedToRouter)
      } catch (err) {
        // The new router refused the sets before the old one was told anything: stay.
        this.#upstream = old
        this.forwarder.setDefaultRoute(old)
        throw err
      }
      if (!told) log.error('graft: the old router %s could not be told to withdraw the sets; its routes expire with their lifetime', formatName(old))
      // The kept link leads to the router this node leaves (its configured upstream's address, or where an earlier
      // graft sent it): it goes to the new one. (Keyed by the configured upstream alone, a node grafted away and back
      // kept dialling the router it had visited.) The book, read at start with the configured address, is keyed by it.
      const configured = this.config.upstream === undefined ? undefined : peerIdOfAddress(this.config.upstream)
      for (const peerId of new Set([configured, this.#peerIdOf(old)])) if (peerId !== undefined) this.#links.readdress(peerId, used, peerIdOfAddress)
      if (configured !== undefined) this.#remember(configured, used)
      this.#answerGraft(from)
      this.moves.grafted++
      log('grafted from %s to %s (%s)', formatName(old), formatName(router), used)
      // Answered done already: a failure here is not the graft's, and a second answer (an error) told the router that
      // asked that a graft it had taken as done had failed.
      try {
        this.transport.retireOlderLinks(old, { graceMs: RETIRE_GRACE_MS, quietMs: RETIRE_QUIET_MS }, false)
      } catch (err) {
        log.error('graft: the links to the old router %s were not retired (they stay open until either end closes them): %s', formatName(old), (err as Error).message)
      }
    } catch (err) {
      log('graft refused: %s', (err as Error).message)
      // A refused graft leaves no link to the router it did not move to (one stayed, shown as an edge client on both).
      const opened = router === undefined ? undefined : this.#peerIdOf(router)
      if (opened !== undefined && !connected.has(opened) && (this.#upstream === undefined || !equalBytes(this.#upstream, router!))) await this.libp2p.hangUp(peerIdFromString(opened)).catch(() => {})
      // Answered once nothing is left to await, as a graft that succeeded is: a drain grafts this node to the next router
      // as soon as the answer comes, and found it still under way (hanging up), refused.
      this.#answerGraft(from, (err as Error).message)
    }
  }

  /**
   * Takes a graft from `from` before anything is dialled, or throws
   * CertificateError: `wrong-link` when `from` is not this node's upstream,
   * `malformed` unless it names MAX_GRAFT_ADDRESSES (1) address, ending
   * in a peer id and of a kind this node dials, `over-budget` while
   * another graft runs or when MAX_GRAFTS_PER_WINDOW began within
   * GRAFT_WINDOW_MS.
   */
  #beginGraft (addresses: string[], from: Uint8Array): void {
    const id = formatName(from)
    if (this.#upstream === undefined || !equalBytes(from, this.#upstream)) throw new CertificateError('wrong-link', `a graft from ${id}, which is not this node's upstream`)
    requireAddressCount(addresses, MAX_GRAFT_ADDRESSES, 'a graft')
    for (const a of addresses) {
      if (routerOfAddress(a) === undefined) throw new CertificateError('malformed', `a graft from ${id}: '${a}' does not end in /p2p/<the other router's peer id>`)
      requireDialledHere(a, `a graft from ${id}`)
    }
    // Two at once raced on the upstream and the default route, each putting back the router it left when it failed.
    // Refused, not queued: the router that asked waits GRAFT_REPLY_WAIT_MS for the answer, and an operator who ran
    // gdp node graft again after it gave up (the first dialling on) expects what the router says of its own second
    // graft, to wait for the first; queued, the second began after the first had moved this node (from a router
    // no longer its upstream) or after its router had reported it failed, and moved the node anyway.
    if (this.#graftUnderWay) throw new CertificateError('over-budget', `a graft from ${id} while another is under way: wait for it to end`)
    const now = performance.now()
    while (this.#graftsBegunAt.length > 0 && now - this.#graftsBegunAt[0]! >= GRAFT_WINDOW_MS) this.#graftsBegunAt.shift()
    if (this.#graftsBegunAt.length >= MAX_GRAFTS_PER_WINDOW) throw new CertificateError('over-budget', `a graft from ${id}: ${MAX_GRAFTS_PER_WINDOW} began in the last ${GRAFT_WINDOW_MS / 1000} s, as many as this node begins`)
    this.#graftsBegunAt.push(now)
    this.#graftUnderWay = true
  }

  /** Tells the router that asked for a graft that it is done (`error` empty) or why not. */
  #answerGraft (from: Link, error = ''): void {
    try { from.send({ version: PDU_VERSION, destination: from.peer, source: this.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(NONCE_LENGTH)), graft: { done: true, error } }) } catch {}
  }

  /**
   * A router grafted to another parent (its upstream already switched):
   * each server attached here sends a full snapshot, which is relayed to
   * the new parent as it arrives; once the new parent acknowledged every
   * last page (or after config.graftSnapshotWaitMs, while `linked` says the
   * link to it holds), the old parent is told over the old link that this
   * router leaves, and drops every set it holds through it. A refusal, or a
   * new parent whose link went down, throws, and the old parent was told
   * nothing. Only
   * relayed sets move: a router relays its own servers' (docs/routing.md).
   */
  async #moveRelayedSets (old: Uint8Array, hop: (body: pb.IPdu) => boolean, linked: () => boolean): Promise<boolean> {
    const membership = this.#currentMembership()
    if (membership === undefined) return true // relays nothing: the old parent holds nothing through it
    const servers = this.table.directSets().map((set) => set.server)
    const pending = servers.map(async (server) => await new Promise<string>((resolve) => { this.#snapshotWaiters.set(formatName(server), resolve) }))
    this.#resyncServers(undefined, 'this router moved to another parent')
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => { resolve('timeout') }, this.config.graftSnapshotWaitMs).unref())
    const done = await Promise.race([Promise.all(pending), timeout])
    for (const server of servers) this.#snapshotWaiters.delete(formatName(server))
    if (done === 'timeout') log.error('graft: not every server attached here had its snapshot in place at the new parent within %d ms; it learns the rest at their next refresh', this.config.graftSnapshotWaitMs)
    const refused = done === 'timeout' ? undefined : done.find((error) => error !== '')
    // Make before break: the old parent keeps the routes while the new one refuses them, or is gone.
    if (refused !== undefined) throw new InvalidArgumentError(`the new parent did not take the servers' sets: ${refused}`)
    if (!linked()) throw new LinkTimeoutError('the link to the new parent went down before it took the servers\' sets')
    return hop({ announcement: signedRouteAnnouncementToPb(this.#announcement(old, membership, [], { leaving: true })) })
  }

  /**
   * Moves one neighbour of this router (a server, an edge client or a child router
   * attached here) to another router, `to` (docs/moving.md section 4);
   * resolves once the neighbour says it is across, with how long that took.
   */
  async graftNeighbour (neighbour: Uint8Array, to: string, timeoutMs = GRAFT_REPLY_WAIT_MS): Promise<{ neighbour: string, to: string, ms: number }> {
    if (this.config.role !== 'router') throw new InvalidArgumentError('only a router grafts its neighbours to another router')
    this.#refuseWhileMoving('graft a neighbour')
    const link = this.forwarder.link(neighbour)
    if (link === undefined) throw new InvalidArgumentError(`${formatName(neighbour)} is not linked to this router`)
    if (equalBytes(this.#graftTarget(to), neighbour)) throw new InvalidArgumentError(`${to} is ${formatName(neighbour)} itself: a neighbour is grafted to another router`)
    const key = formatName(neighbour)
    // One graft of a neighbour at a time: a second one's answer took the first's place, and the first waited out its timeout.
    if (this.#grafting.has(key)) throw new InvalidArgumentError(`a graft of ${key} is under way already: wait for it to end`)
    this.#grafting.add(key)
    try {
      await this.#requireRouterAt(to)
      const started = performance.now()
      const done = new Promise<string>((resolve, reject) => {
        // The neighbour's silence is its own: RequestTimeoutError, not the LinkTimeoutError of a target out of reach.
        const timer = setTimeout(() => { this.#grafted.delete(key); reject(new RequestTimeoutError(`${key} did not say it moved within ${timeoutMs} ms`)) }, timeoutMs)
        this.#grafted.set(key, (error) => { clearTimeout(timer); this.#grafted.delete(key); resolve(error) })
      })
      if (!this.#sendHop(neighbour, { graft: { addresses: [to] } })) {
        this.#grafted.get(key)?.('')
        throw new LinkCongestedError(`cannot reach ${key} now`)
      }
      const error = await done
      if (error !== '') throw new InvalidArgumentError(`${key} did not move: ${error}`)
      return { neighbour: key, to, ms: performance.now() - started }
    } finally {
      this.#grafting.delete(key)
    }
  }

  /** Throws while this router moves to another machine (migrateTo): its neighbours are being told to follow it there. */
  #refuseWhileMoving (what: string): void {
    if (this.#moving !== undefined) throw new InvalidArgumentError(`cannot ${what}: this router is moving to ${this.#moving}, its neighbours following it there; once the move ends (or fails), try again`)
  }

  /**
   * The node name of the router a graft or drain sends neighbours to: the
   * peer id `address` ends in. Not this router: its neighbours are here
   * already (libp2p refused to dial itself, and the graft was reported as a
   * router out of reach).
   */
  #graftTarget (address: string): Uint8Array {
    const target = routerOfAddress(address)
    if (target === undefined) throw new InvalidArgumentError(`'${address}' must end in /p2p/<the other router's peer id>`)
    if (equalBytes(target, this.name)) throw new InvalidArgumentError(`${address} is this router: its neighbours are attached here already; name another router`)
    return target
  }

  /** Throws InvalidArgumentError unless what answers at `address` is a router (it speaks ROUTER_PROTOCOL). */
  async #requireRouterAt (address: string): Promise<void> {
    const answer = await this.#askIfRouter(address)
    if (answer === false) throw new InvalidArgumentError(`the node at ${address} is not a router: a neighbour is grafted to a router only (it would be cut off from the overlay)`)
    if (answer instanceof Error) throw new LinkTimeoutError(`cannot reach the router at ${address}: ${answer.message}`)
  }

  /** Whether what answers at `address` speaks ROUTER_PROTOCOL, or why it could not be asked. */
  async #askIfRouter (address: string): Promise<boolean | Error> {
    const peer = peerIdFromString(peerIdOfAddress(address)!)
    // A connection opened only to ask is closed after: left open, it showed in gdp peers as an edge client for good.
    const probing = this.libp2p.getConnections(peer).length === 0
    try {
      const stream = await this.libp2p.dialProtocol(multiaddr(address), ROUTER_PROTOCOL, { signal: AbortSignal.timeout(GRAFT_TARGET_CHECK_MS), runOnLimitedConnection: false })
      await stream.close().catch(() => {})
      return true
    } catch (err) {
      return (err as Error).name === 'UnsupportedProtocolError' ? false : err as Error
    } finally {
      if (probing) await this.libp2p.hangUp(peer).catch(() => {})
    }
  }

  /**
   * Asks a configured neighbour of this router, just linked, whether it is
   * a router. A server or client so configured linked and showed in gdp
   * peers as a neighbour, and this router learnt nothing from it (a server
   * advertises to its own upstream only): its capsules went unrouted here,
   * with nothing said. Said now in the status and the log; a neighbour that
   * answers otherwise later (restarted as a router) is no longer named.
   */
  async #checkNeighbourIsRouter (address: string, peer: Uint8Array): Promise<void> {
    const answer = await this.#askIfRouter(address)
    // Not asked (the link went again): the next link asks.
    if (answer instanceof Error) return
    const name = formatName(peer)
    if (answer) { this.#neighboursNotRouters.delete(name); return }
    this.#neighboursNotRouters.set(name, address)
    if (!this.#advertisesHere(name)) log.error('neighbour %s (%s) is not a router: a router learns no routes from a server or client it is configured to link to; a server is attached to a router by its own upstream setting', name, address)
  }

  /**
   * Whether server `name` advertises to this router over a link still held:
   * it is attached here (its upstream), and a router that also lists it as a
   * neighbour (to exempt it from the connection limits, say) routes its
   * capsules all the same.
   */
  #advertisesHere (name: string): boolean {
    return this.#advertisingLinks.get(name)?.last.deref() !== undefined
  }

  /** The configured neighbours that are not routers and advertise nothing here: by name, with their address. */
  #strayNeighbours (): Array<[string, string]> {
    return [...this.#neighboursNotRouters].filter(([name]) => !this.#advertisesHere(name))
  }

  /**
   * Takes every server, child router and edge client off this router for
   * maintenance (docs/moving.md section 4): each is grafted to one of the
   * routers `to`, servers first (their routes then lead there), spread over
   * them in turn.
   * A server's capsules move with gdp capsule move instead, signed by their
   * owners or by a key the owners delegated placement to: the node's own key
   * is neither.
   */
  async drain (to: string[]): Promise<{ moved: Array<{ neighbour: string, kind: string, to: string, ms?: number, error?: string }>, unreachable: Array<{ to: string, error: string }> }> {
    if (this.config.role === 'client') throw new InvalidArgumentError('a client has no neighbours to drain: to move its link to another router, run gdp node graft on its router')
    if (this.config.role !== 'router') throw new InvalidArgumentError(`a ${this.config.role}'s capsules move on their owners' orders, or on the word of a key the owners delegated their placement to (gdp capsule delegate; then gdp capsule move --all-from <this server> --to <server> --key <that key>), not with this command. To take its link off its router, run gdp node drain or gdp node graft on the router`)
    if (to.length === 0) throw new InvalidArgumentError('drain needs at least one router to move the neighbours to (--to)')
    this.#refuseWhileMoving('drain it')
    for (const t of to) this.#graftTarget(t)
    if (this.#draining) throw new InvalidArgumentError('a drain of this router is under way already: wait for it to end')
    this.#draining = true
    try {
      return await this.#drainTo(to)
    } finally {
      this.#draining = false
    }
  }

  /** The drain itself, one at a time (drain). */
  async #drainTo (to: string[]): Promise<{ moved: Array<{ neighbour: string, kind: string, to: string, ms?: number, error?: string }>, unreachable: Array<{ to: string, error: string }> }> {
    // Servers first, then child routers (each with the sets it relays), then edge clients, whose requests then find their routes there.
    const order = ['server', 'router', 'edge']
    const neighbours = this.views.peers().peers.filter((p) => p.linked && p.name !== null && order.includes(p.kind))
    neighbours.sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    const moved: Array<{ neighbour: string, kind: string, to: string, ms?: number, error?: string }> = []
    // Targets found out of reach (of this router or of a neighbour told to go there): why, by address.
    const unreachable = new Map<string, string>()
    for (const [i, peer] of neighbours.entries()) {
      // Spread over the targets in turn; one that fails, the next (a dead target left its neighbours where they were).
      let outcome: { neighbour: string, kind: string, to: string, ms?: number, error?: string } | undefined
      for (let k = 0; k < to.length; k++) {
        const target = to[(i + k) % to.length]!
        const known = unreachable.get(target)
        if (known !== undefined) { outcome ??= { neighbour: peer.name!, kind: peer.kind, to: target, error: known }; continue }
        try {
          outcome = { kind: peer.kind, ...await this.graftNeighbour(parseName(peer.name!), target) }
          break
        } catch (err) {
          const message = (err as Error).message
          outcome = { neighbour: peer.name!, kind: peer.kind, to: target, error: message }
          // A neighbour that did not answer is its own fault: the target stays in use for the others (one hung
          // neighbour had every later one reported as not moved, the target as out of reach), and no other target
          // would get an answer from it either.
          if (err instanceof RequestTimeoutError) break
          if (err instanceof LinkTimeoutError || message.includes('cannot link to the router')) unreachable.set(target, message)
        }
      }
      moved.push(outcome!)
    }
    return { moved, unreachable: [...unreachable].map(([target, error]) => ({ to: target, error })) }
  }

  /**
   * Takes load off this router (docs/moving.md section 4): measures what
   * each server and edge client attached here brought over `windowMs`,
   * proposes grafting the busiest to the routers `to` until `share` of
   * that traffic would go, and with `apply` grafts them, one by one.
   */
  async rebalance (options: { to: string[], share: number, windowMs: number, apply: boolean }): Promise<RebalancePlan & { windowMs: number, applied: Array<{ neighbour: string, to: string, ms?: number, error?: string }> }> {
    if (this.config.role !== 'router') throw new InvalidArgumentError('only a router rebalances the servers and clients attached to it')
    this.#refuseWhileMoving('rebalance it')
    // As a drain checks them: this router among them was measured for the whole window, then planned moves to itself.
    for (const to of options.to) this.#graftTarget(to)
    planRebalance([], options.to, options.share)
    // setTimeout takes at most 2^31 - 1 ms and fires at once past it; an operator waits for the answer anyway.
    if (!(options.windowMs > 0 && options.windowMs <= MAX_REBALANCE_WINDOW_MS)) throw new InvalidArgumentError(`the measuring window is more than 0 and at most ${MAX_REBALANCE_WINDOW_MS / 3_600_000} h, not ${options.windowMs / 1000} s`)
    const before = this.transport.traffic()
    await new Promise((resolve) => setTimeout(resolve, options.windowMs))
    const after = this.transport.traffic()
    const kinds = new Map(this.views.peers().peers.map((p) => [p.name, p.kind]))
    const loads: NeighbourLoad[] = []
    for (const [name, now] of after) {
      const kind = kinds.get(name)
      if (kind !== 'server' && kind !== 'edge') continue
      const then = before.get(name) ?? { frames: 0, bytes: 0 }
      const seconds = options.windowMs / 1000
      loads.push({ name, kind, framesPerSecond: Math.max(0, now.frames - then.frames) / seconds, bytesPerSecond: Math.max(0, now.bytes - then.bytes) / seconds })
    }
    const plan = planRebalance(loads, options.to, options.share)
    const applied: Array<{ neighbour: string, to: string, ms?: number, error?: string }> = []
    if (options.apply) {
      for (const move of plan.moves) {
        try {
          applied.push(await this.graftNeighbour(parseName(move.neighbour), move.to))
        } catch (err) {
          applied.push({ neighbour: move.neighbour, to: move.to, error: (err as Error).message })
        }
      }
    }
    return { windowMs: options.windowMs, ...plan, applied }
  }

  /** What the lookup service holds and the records stored as a DHT node, for the router's move; undefined without a lookup service. */
  async #exportLookupState (onEvent: (message: string) => void): Promise<{ state: pb.ILookupState, carried: CarriedLookupState } | undefined> {
    if (this.glookup === undefined || this.#dhtRecords === undefined) return undefined
    const { records, bytes, left } = await this.#dhtRecords.export()
    const held = this.glookup.exportState()
    const carried = { servers: held.servers?.length ?? 0, capsules: held.capsules?.length ?? 0, dhtRecords: records.length }
    onEvent(`lookup service: ${carried.servers} server records and ${carried.capsules} capsule records held, ${carried.dhtRecords} DHT records stored (${bytes} bytes)` +
      (left > 0 ? `; ${left} more stored records stay behind (over ${MAX_CARRIED_DHT_BYTES} bytes): the DHT's other nodes hold them too` : ''))
    return { state: { ...held, dhtRecords: records }, carried }
  }

  /**
   * Installs the lookup state a router brought from the machine it left
   * (before start): the records it publishes, each server's due at once
   * with this machine's addresses, and those it stored as a DHT node. A
   * node without a lookup service installs nothing and says so.
   */
  async importLookupState (state: pb.ILookupState): Promise<CarriedLookupState> {
    if (this.glookup === undefined || this.#dhtRecords === undefined) {
      log('the router brought a lookup state, but runs here without a lookup service: not installed')
      return { servers: 0, capsules: 0, dhtRecords: 0 }
    }
    const dhtRecords = await this.#dhtRecords.import(state.dhtRecords ?? [])
    return { ...this.glookup.importState(state), dhtRecords }
  }

  /**
   * Moves this router to another machine (docs/moving.md section 3): its
   * key, domain membership, logical settings, routing state and lookup
   * service's records go as a migration (signed capsule entries) to the
   * standby node at `to`, which
   * becomes this router there; every neighbour is told the new address and
   * links there, and this node stops once they left its old links (or after
   * MOVED_DRAIN_MS). Requests pending here are answered on the old links
   * meanwhile. `waits` shortens the waits of the steps that can fail.
   */
  async migrateTo (to: string, onEvent: (message: string) => void = () => {}, waits: RouterMoveWaits = {}): Promise<NodeMigrationSummary> {
    const { dialMs = MOVED_DIAL_MS, drainMs = MOVED_DRAIN_MS, commitMs = MOVE_COMMIT_MS, callOffEveryMs } = waits
    if (this.config.role !== 'router') throw new InvalidArgumentError(`only a router moves with its state this way; a ${this.config.role}'s capsules move with gdp capsule move, and a client starts again elsewhere`)
    if (this.migration === undefined) throw new InvalidArgumentError('this node has no data folder of its own to move')
    const standbyPeer = peerIdOfAddress(to)
    if (standbyPeer === undefined) throw new InvalidArgumentError(`'${to}' must end in /p2p/<the standby's peer id>`)
    // Two at once both went through: two instances of one router, the neighbours split between them.
    if (this.#moving !== undefined) throw new RouterMoveFailedError(`the router did not move to ${to}: a move of it to ${this.#moving} is under way (or done: this instance then stops)`)
    // Its state would go with the routes of a neighbour a graft is taking elsewhere: the new instance kept them, pointing
    // at a neighbour that never links to it, until they expired.
    if (this.#draining || this.#grafting.size > 0) throw new RouterMoveFailedError(`the router did not move to ${to}: ${this.#draining ? 'a drain of it' : `a graft of ${[...this.#grafting].join(', ')}`} is under way; wait for it to end`)
    const addresses = [to.slice(0, to.lastIndexOf('/p2p/')) + `/p2p/${this.libp2p.peerId.toString()}`]
    const folder = join(this.config.data, 'migration', 'outgoing-node')
    // What the new instance must hear from this one, at the end, to go on as the router (router-commit.ts).
    const token = newMoveToken()
    let shipped = false
    this.#moving = to
    try {
      rmSync(folder, { recursive: true, force: true })
      createFolder(folder, 0o700)
      const started = performance.now()
      const lookup = await this.#exportLookupState(onEvent)
      const state = exportRouterState(this.table, this.processor, clock(), lookup?.state)
      const routes = this.table.size
      const sets = this.table.summaries().length
      const images = [
        { name: ROUTER_STATE_IMAGE, path: join(folder, ROUTER_STATE_IMAGE) },
        { name: NODE_KEY_IMAGE, path: join(folder, NODE_KEY_IMAGE) },
        { name: NODE_SETTINGS_IMAGE, path: join(folder, NODE_SETTINGS_IMAGE) },
        { name: MOVE_TOKEN_IMAGE, path: join(folder, MOVE_TOKEN_IMAGE) }
      ]

      writeFileSync(images[0]!.path, state)
      copyFileSync(join(this.config.data, NODE_KEY_FILE), images[1]!.path)
      writeFileSync(images[2]!.path, JSON.stringify(logicalSettings(this.config)))
      writeFileSync(images[3]!.path, token)
      if (this.config.membership !== undefined) {
        images.push({ name: MEMBERSHIP_IMAGE, path: join(folder, MEMBERSHIP_IMAGE) })
        copyFileSync(this.config.membership, images[4]!.path)
      }
      const exported = performance.now()
      onEvent(`exported ${routes} routes (${state.length} bytes) in ${Math.round(exported - started)} ms`)
      await this.migration.send({ name: `node-${formatName(this.name).slice(0, 16)}`, images: images.map((i) => ({ ...i, base: 'none' })), mode: 'zstd-1', inline: true }, to, { onEvent })
      shipped = true
      // From here a new instance may run at the standby's address: the folder is marked until the move fails (then
      // unmarked), and confirmed once the new instance took over. Marked only then, an instance killed during the
      // switch (or whose disk refused the mark at its end) left a folder that started a second instance of the router.
      try {
        recordMovedAway(this.config.data, addresses[0]!, new Date(), false)
      } catch (err) {
        this.#moveFailed(`the mark that keeps ${this.config.data} from starting a second instance of the router could not be written: ${(err as Error).message}`)
      }
      const shippedAt = performance.now()
      onEvent(`the standby holds the state (${Math.round(shippedAt - exported)} ms); telling ${this.transport.neighbours().length} neighbours to link at ${addresses.join(', ')}`)
      // The old instance dials nobody again: the new one keeps the links up from now on.
      this.#links.stop()
      this.#move = { told: new Set(), relinked: new Set() }
      if (!await listening(addresses[0]!, dialMs)) this.#moveFailed(`nothing listens at ${addresses[0]!} after ${dialMs / 1000} s (the standby stopped?); no neighbour was told to go there`)
      const neighbours = this.transport.neighbours()
      // Links move in two waves: first the neighbours routes lead to (servers, child routers) and the
      // upstream, then, once they are across (or after a while), the edge clients, whose requests then
      // find their next hop linked at the new instance.
      const nextHops = new Set(this.table.summaries().map((s) => formatName(s.nextHop)))
      if (this.#upstream !== undefined) nextHops.add(formatName(this.#upstream))
      const first = neighbours.filter((p) => nextHops.has(formatName(p)))
      const across = Promise.all(first.map(async (peer) => await new Promise<void>((resolve) => { this.#relinked.set(formatName(peer), resolve) })))
      const tell = (peer: Uint8Array): void => { this.#move!.told.add(formatName(peer)); this.#sendHop(peer, { moved: { addresses } }) }
      for (const peer of first) tell(peer)
      await Promise.race([across, new Promise((resolve) => setTimeout(resolve, FIRST_WAVE_MS))])
      this.#relinked.clear()
      for (const peer of neighbours) if (!nextHops.has(formatName(peer))) tell(peer)
      const deadline = performance.now() + drainMs
      while (this.transport.neighbours().length > 0 && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20))
      // Told, and none of them got across: the new instance is gone or out of their reach. Stopping here would leave the router nowhere.
      if (neighbours.length > 0 && this.#move.relinked.size === 0) this.#moveFailed(`none of its ${neighbours.length} neighbours linked to the new instance at ${addresses[0]!} within ${drainMs / 1000} s`)
      // The new instance goes on as the router only once it has this word, and this one stops only once it answered:
      // killed or frozen during the switch, it had been left as the router nowhere, or as a second one when it woke.
      // Going on here, the neighbours that followed come back (they dial their configured address again).
      try {
        await sendCommit(addresses[0]!, token, commitMs)
      } catch (err) {
        this.#moveFailed(`${(err as Error).message} (${this.#move.relinked.size} of its ${neighbours.length} neighbours had linked there)`)
      }
      log('moved to %s: the new instance took over; %d of %d neighbours relinked, stopping here', addresses[0]!, this.#move.relinked.size, neighbours.length)
      try {
        recordMovedAway(this.config.data, addresses[0]!, new Date(), true)
      } catch (err) {
        // The move is done all the same, and the folder is marked: its refusal says only that the move may not be done.
        log.error('the move is done, but the mark in its folder was not confirmed: %s', (err as Error).message)
      }
      const drained = performance.now()
      const summary: NodeMigrationSummary = {
        to: addresses[0]!,
        routes,
        sets,
        stateBytes: state.length,
        exportMs: exported - started,
        shipMs: shippedAt - exported,
        drainMs: drained - shippedAt,
        neighbours: neighbours.length,
        linksLeft: this.transport.neighbours().length,
        ...(lookup === undefined ? {} : { lookup: lookup.carried })
      }
      onEvent(`neighbours left the old links in ${Math.round(summary.drainMs)} ms (${summary.linksLeft} still linked); stopping here`)
      return summary
    } catch (err) {
      // A move that did not happen may be tried again; one that did leaves #moving set: this instance stops.
      this.#moving = undefined
      // Once the standby held the state, a new instance may run (or wake, frozen until now): it is told to stand down,
      // and this router goes on here, its folder no longer marked.
      if (shipped) {
        try { clearMovedAway(this.config.data) } catch (e) { log.error('the move failed, and the mark in its folder could not be taken away (gdp node start there needs --moved-back): %s', (e as Error).message) }
        callOff(addresses[0]!, token, this.#stopping.signal, callOffEveryMs)
      }
      throw err
    } finally {
      this.#move = undefined
      // The copy of the key goes as soon as it was sent.
      rmSync(folder, { recursive: true, force: true })
    }
  }

  /**
   * A move that did not happen: this router keeps its links here again and
   * goes on serving (neighbours that were told stop dialling the new address
   * after MOVED_DIAL_MS and stay). Throws RouterMoveFailedError.
   */
  #moveFailed (why: string): never {
    this.#links.resume()
    log.error('the move did not happen: %s; this router goes on here', why)
    throw new RouterMoveFailedError(`the router did not move: ${why}. It goes on here; a new instance that started is told to stand down (without word, it does by itself ${MOVE_COMMIT_WAIT_MS / 1000} s after its start): once it did, try again`)
  }

  /** Stops this node after it moved (migrateTo): `migrated` resolves. */
  async retireAfterMove (): Promise<void> {
    await this.stop()
    this.#migrated?.()
  }

  /** The repairer's counters, and the capsules whose last repair failed (how many, the first few named). */
  #repairStatus (repairer: Repairer): Record<string, unknown> {
    const { count, shown } = repairer.unmended()
    return { ...repairer.counters, unmendedCount: count, unmended: shown }
  }

  /** The advertiser's counters, with its router's last refusal and its warning where there are. */
  #advertiserStatus (advertiser: Advertiser): Record<string, unknown> {
    const warning = advertiser.lastWarning
    return { ...advertiser.counters, ...(advertiser.lastRefusal === undefined ? {} : { lastRefusal: advertiser.lastRefusal }), ...(warning === undefined ? {} : { lastWarning: warning }) }
  }

  /** Counters for status and metrics. */
  stats (): Record<string, unknown> {
    const delegatedElsewhere = this.service?.delegatedElsewhere
    const twoLinkServers = this.#twoLinkServers()
    const strayNeighbours = this.#strayNeighbours()
    return {
      name: formatName(this.name),
      role: this.config.role,
      peerId: this.libp2p.peerId.toString(),
      addresses: this.multiaddrs(),
      neighbours: this.transport.neighbours().map(formatName),
      // With one configured: whether it is linked (its servers and clients linked to it say nothing of that).
      ...(this.config.upstream === undefined ? {} : { upstream: { name: this.#upstream === undefined ? null : formatName(this.#upstream), linked: this.#upstream !== undefined && this.forwarder.link(this.#upstream) !== undefined } }),
      routes: this.table.size,
      hosted: this.service?.hostedCount ?? 0,
      subscriptions: this.service?.subscriptions ?? 0,
      ...(this.service === undefined ? {} : { service: this.service.counters }),
      ...(delegatedElsewhere === undefined || delegatedElsewhere.size === 0 ? {} : { delegatedElsewhere: Object.fromEntries(delegatedElsewhere) }),
      ...(this.service === undefined || this.lists === undefined ? {} : { lists: { ...this.lists.counters, waiting: this.lists.waiting } }),
      ...(this.store === undefined || this.store.damageAtOpen.length === 0 ? {} : { storeDamageAtOpen: this.store.damageAtOpen }),
      ...(this.store === undefined || this.store.damagedBlocks.length === 0 ? {} : { storeDamagedBlocks: this.store.damagedBlocks }),
      ...(this.store?.full === undefined ? {} : { storeFull: this.store.full }),
      ...(this.service?.replicator === undefined ? {} : { replication: this.service.replicator.counters }),
      ...(this.service === undefined ? {} : { repair: this.#repairStatus(this.service.repairer) }),
      forwarder: this.forwarder.counters,
      transport: this.transport.counters,
      moves: { ...this.moves, relinking: this.#relinking.size, grafting: this.#graftUnderWay ? 1 : 0 },
      connections: { ...this.gater.counters, unsentBytes: this.unsent.counters.bytes, unsentClosed: this.unsent.counters.closed, unsentOverBytes: this.unsent.counters.overBytes, unsentOverFrames: this.unsent.counters.overFrames },
      rejectedAdvertisements: Object.fromEntries(this.processor.rejections),
      snapshotsAsked: this.#snapshotsAsked,
      ...(this.#parentRefusal === undefined ? {} : { parentRefusal: this.#parentRefusal }),
      ...(twoLinkServers.length === 0 ? {} : { serversOnTwoLinks: Object.fromEntries(twoLinkServers) }),
      ...(strayNeighbours.length === 0 ? {} : { neighboursNotRouters: Object.fromEntries(strayNeighbours) }),
      ...(this.advertiser === undefined ? {} : { advertiser: this.#advertiserStatus(this.advertiser) }),
      ...(this.migration === undefined ? {} : { migration: this.migration.stats() }),
      ...(this.glookup === undefined ? {} : { lookup: { ...this.glookup.counters, peers: this.glookup.peers, ...(this.dhtStore === undefined ? {} : { stored: { ...this.dhtStore } }), ...(this.dhtStreams === undefined ? {} : { streams: { ...this.dhtStreams } }) } }),
      ...(this.gateway === undefined ? {} : { gateway: this.gateway.url }),
      ...(this.admin === undefined ? {} : { admin: this.admin.url })
    }
  }
}

/** The names an applied update may have given a route: its server's own and the capsules it installed. */
function routedBy (outcome: AdvertisementOutcome): Uint8Array[] {
  return [outcome.server, ...outcome.installed]
}

/** A gateway's writer key, with its journal in the node's data folder (docs/spec.md section 9.1). */
function gatewayWriter (data: string, keyFile: string): { signer: Ed25519Signer, journal: WriterJournal } {
  const signer = readKeySigner(keyFile)
  return { signer, journal: gatewayJournal(data, keyFile, signer.publicKey) }
}

/**
 * Whether a connection is of the domain's own: a configured neighbour or
 * the upstream (by peer id, so one that linked here at a new address after
 * a move stays one) or an allow-listed address. Such connections are not
 * rate-limited, and theirs are never the streams or frames closed to make
 * room for strangers'.
 */
function ownNeighbour (configured: string[], gater: GdpConnectionGater): (connection: Pick<Connection, 'remotePeer' | 'remoteAddr'>) => boolean {
  const peers = new Set(configured.map(peerIdOfAddress))
  return (connection) => peers.has(connection.remotePeer.toString()) || gater.allowed(connection.remoteAddr)
}

/**
 * The peer id a multiaddr ends in (/p2p/<id>), as a string; none when it
 * does not end in one. Not the first /p2p/ in it: in a relay circuit
 * (/p2p/<relay>/p2p-circuit/p2p/<id>) that is the relay, and a lookup record
 * whose address went on past its router's peer id was taken as that router's.
 */
function peerIdOfAddress (address: string): string | undefined {
  const last = multiaddr(address).getComponents().at(-1)
  return last?.name === 'p2p' ? last.value : undefined
}

/** The Ed25519 key of the peer a multiaddr ends in (/p2p/<id>), if it names one with such a key. */
export function routerKeyOfAddress (address: string): Uint8Array | undefined {
  try {
    const id = peerIdOfAddress(address)
    return id === undefined ? undefined : publicKeyOfPeer(peerIdFromString(id))
  } catch {
    // Not a multiaddr, not a peer id, or not an Ed25519 key: names no router.
    return undefined
  }
}

/** The node name of the peer a multiaddr ends in (/p2p/<id>), if it names one with an Ed25519 key. */
function routerOfAddress (address: string): Uint8Array | undefined {
  const key = routerKeyOfAddress(address)
  return key === undefined ? undefined : nodeName(key)
}

/**
 * Each routing domain runs its own lookup service: routers admitted into a
 * domain join the DHT of that domain only; routers with no membership share
 * one. Names of other domains are found through the parent (announcements
 * and default routes).
 */
function lookupProtocol (membership: SignedDomainMembership | undefined): string {
  return membership === undefined ? '/gdp/kad/1.0.0' : `/gdp/kad/${formatName(membership.membership.domain)}/1.0.0`
}

/**
 * The router's membership in its domain, as its file holds it: whole, for
 * this router, and signed by the domain key it names. One that decoded was
 * taken as it was: with a byte of its signature flipped, or another
 * router's, the router ran and its parent refused every announcement it
 * sent, which only the parent said (found by damaging a router's files).
 * Its validity in time is not checked here: an expired one is renewed
 * while the router runs on (a new file in its place is read again when an
 * announcement goes, #currentMembership), and `gdp certs` shows it.
 */
function readMembership (path: string, router: Uint8Array): SignedDomainMembership {
  let signed: SignedDomainMembership
  try {
    signed = decodeSignedDomainMembership(readFileSync(path))
  } catch (err) {
    throw new InvalidArgumentError(`membership file ${path}: ${(err as Error).message}`)
  }
  const m = signed.membership
  if (!equalBytes(m.router, router)) {
    throw new InvalidArgumentError(`membership file ${path}: the membership in domain ${formatName(m.domain)} is for router ${formatName(m.router)}, not this node (${formatName(router)}): give this router its own ('gdp domain admit ${formatName(router)}' with the domain key)`)
  }
  try {
    // At its own start: whether it is still valid is not what is asked.
    verifyDomainMembership(signed, router, { trustedDomains: [m.domain] }, m.notBeforeUs)
  } catch (err) {
    throw new InvalidArgumentError(`membership file ${path}: ${(err as Error).message}: the file is damaged; ask the domain's operator for it again ('gdp domain admit')`)
  }
  return signed
}

/**
 * Which version of the membership file at `path` there is ('' when there is
 * none to read): its inode, size, mtime and ctime. By its mtime alone, a
 * file copied over in place (cp truncates, then writes; `gdp domain admit`
 * replaces it whole) and read between the two was refused, and the write
 * that followed within the same clock tick left its mtime as it was: the
 * renewal was never read.
 */
function membershipVersion (path: string | undefined): string {
  if (path === undefined) return ''
  try {
    const s = statSync(path)
    return `${s.ino}:${s.size}:${s.mtimeMs}:${s.ctimeMs}`
  } catch { return '' }
}

/** A neighbour that moved, being dialled at its new addresses until `deadline` (ms): a newer notice replaces the addresses and link. */
interface MovedNeighbour { addresses: string[], from: Link, deadline: number }

/**
 * The addresses of a moved notice from `peer`: 1 to 16, each ending in its
 * peer id, each of a kind this node dials (requireDialledHere); throws
 * CertificateError otherwise.
 */
function movedAddressesOf (addresses: string[], peer: Uint8Array): string[] {
  requireAddressCount(addresses, MAX_MOVED_ADDRESSES, 'a moved notice')
  for (const a of addresses) {
    const router = routerOfAddress(a)
    if (router === undefined || !equalBytes(router, peer)) throw new CertificateError('wrong-link', `moved notice from ${formatName(peer)}: '${a}' does not end in its peer id`)
    requireDialledHere(a, `moved notice from ${formatName(peer)}`)
  }
  return addresses
}

/** Throws CertificateError (`malformed`) unless `what` (a moved notice, a graft) names 1 to `max` addresses. */
function requireAddressCount (addresses: string[], max: number, what: string): void {
  if (addresses.length === 0 || addresses.length > max) throw new CertificateError('malformed', `${what} names ${max === 1 ? '1 address' : `1 to ${max} addresses`}, not ${addresses.length}`)
}

/**
 * Throws CertificateError (`malformed`) unless `address` (in `what`, ending
 * in a peer id) is of a kind this node dials: of another kind (UDP, a relay
 * circuit) it is not where a router listens, and dialled in turn it only held
 * the dials up.
 */
function requireDialledHere (address: string, what: string): void {
  if (!dialledHere(address)) throw new CertificateError('malformed', `${what}: '${address}' is not an address this node dials (a host, /tcp/<port>, /ws or /wss or none, and /p2p/<its peer id>)`)
}

/** Hosts and what goes over TCP before the /p2p/ id in an address this node's transports dial (TCP, WebSockets). */
const DIALLED_HOSTS = new Set(['ip4', 'ip6', 'dns', 'dns4', 'dns6'])
const DIALLED_OVER_TCP = new Set(['', 'ws', 'wss', 'tls/ws', 'tls/sni/ws'])

/** Whether `address` (a multiaddr that parses, ending in /p2p/) is one this node's transports dial. */
function dialledHere (address: string): boolean {
  const names = multiaddr(address).getComponents().map((c) => c.name)
  return DIALLED_HOSTS.has(names[0] ?? '') && names[1] === 'tcp' && DIALLED_OVER_TCP.has(names.slice(2, -1).join('/'))
}

/** The refusal of a node's start whose key is gone from a folder `ran` shows a node ran on. */
function keyGone (keyPath: string, ran: string): InvalidArgumentError {
  return new InvalidArgumentError(`no node key at ${keyPath}, but ${ran} under a key its neighbours and the owners who delegated capsules to it know: restore node.key from a backup, or make a new one with 'gdp node init' to go on as another node`)
}

/** The server the first capsule delegation `store` holds names ('a server' where it cannot be read), or undefined: it holds none. */
async function firstDelegate (store: CapsuleStore): Promise<string | undefined> {
  for await (const { encoded } of store.delegations()) {
    try {
      return `node ${formatName(decodeSignedAdCert(encoded).cert.server)}`
    } catch {
      return 'a server'
    }
  }
  return undefined
}

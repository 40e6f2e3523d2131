/**
 * Node configuration: the settings of configuration files (read by
 * config-file.ts, which alone loads the YAML parser: a client command loads
 * this module, and no parser it never uses), overridden by GDP_* environment
 * variables, overridden by command-line flags; checked with errors that say
 * which setting is wrong and why.
 */
import { existsSync } from 'node:fs'
import { isIPv4 } from 'node:net'
import { multiaddr } from '@multiformats/multiaddr'
import { parseName } from '../capsule/name.js'
import { InvalidArgumentError } from '../errors.js'
import { MAX_VALUE_LENGTH } from '../kv/format.js'
import { parsePublicKey } from './keyfile.js'
import { MAX_TIMER_MS } from '../clock.js'
import { parseDurationMs } from './duration.js'
import { MAX_CAPSULES_PER_UPDATE } from '../routing/advertiser.js'
import { SLOW_LINK_BYTES_PER_SECOND } from '../routing/forwarder.js'
import { CHECK_BURST_SECONDS, DEFAULT_MAX_ADVERTISE_LIFETIME_MS, DEFAULT_MAX_REFUSED_PER_NEIGHBOUR, DEFAULT_MAX_ROUTES_PER_NEIGHBOUR, DEFAULT_MAX_ROUTES_PER_SERVER } from '../routing/route-table.js'
import { MAX_DELEGATIONS, MAX_REMOVALS, MAX_REPLICAS } from '../routing/replica-set.js'
import { DISK_KEPT_FREE_BYTES } from '../store/free-space.js'

/** `lookup_store_bytes` at least: room for a few of the largest DHT records (64 KiB, src/routing/dht-records.ts). */
const MIN_LOOKUP_STORE_BYTES = 1024 ** 2
/**
 * `lookup_messages_per_second` at least: a lookup asks each router it meets
 * a few DHT messages, and a router's share of the rate among the addresses
 * sending holds a tenth of a second's worth (src/routing/dht-streams.ts).
 */
const MIN_LOOKUP_MESSAGES_PER_SECOND = 100
/**
 * `peer_bytes_per_second` at least: the slowest link a request's timeout
 * allows for (SLOW_LINK_BYTES_PER_SECOND). A neighbour read more slowly has
 * its PDUs arrive after those waiting for them gave up: at 1 byte a second,
 * one PDU of 64 MiB took two years, and a node taking the setting was of no
 * use to its neighbours.
 */
const MIN_PEER_BYTES_PER_SECOND = SLOW_LINK_BYTES_PER_SECOND
/**
 * `advertise_snapshot_rate` at least: a router checks twice its rate of
 * AdCert signatures a second, CHECK_BURST_SECONDS' worth at once, and
 * refuses whole an update that does not fit, so the largest a server sends
 * (its signature and MAX_CAPSULES_PER_UPDATE capsules) must fit in one
 * burst. At 1, a router took updates of 3 capsules at most, and a server's
 * snapshot pages of 64 never.
 */
const MIN_ADVERTISE_SNAPSHOT_RATE = Math.ceil((MAX_CAPSULES_PER_UPDATE + 1) / (2 * CHECK_BURST_SECONDS))
/** The smallest send budget: room for a backed-up neighbour's queue (16 MiB) several times over. */
const MIN_SEND_BUDGET_BYTES = 64 * 1024 ** 2
/** The least writing_budget: an append alone is always taken, and one of up to a few MiB comes with others. */
const MIN_WRITING_BUDGET_BYTES = 1024 * 1024
/** The most signatures one create may carry besides its metadata's: its AdCert, a replica set's AdCerts, removals each with a delegate's signature, delegations. */
const MAX_CREATE_CHECKS = 1 + MAX_REPLICAS + 2 * MAX_REMOVALS + MAX_DELEGATIONS
/** The smallest budget of bytes connections hold unsent: room for a few connections' full layers (2 x 4 MiB each). */
const MIN_UNSENT_BUDGET_BYTES = 32 * 1024 ** 2
/**
 * The shortest value of the durations that drive timers, each with why:
 * below it the setting does harm, not what it says (found by attacking the
 * options: upgrade_timeout 1ms cut every handshake, advertise_interval 1ms
 * sent a router 900 updates a second with nothing in them).
 */
const MIN_DURATION: Partial<Record<keyof NodeConfig, [ms: number, why: string]>> = {
  upgradeTimeoutMs: [500, 'a Noise and Yamux handshake takes several round trips, and a shorter limit cuts it on any link but loopback'],
  advertiseIntervalMs: [100, 'each interval sends the router an update, and shorter ones flood it'],
  replicationSyncIntervalMs: [100, 'each round asks every peer replica what it holds'],
  evictPendingAfterMs: [100, 'shorter, every new handshake replaces one in progress'],
  peerOverRateDisconnectMs: [1000, 'rates are measured over a second'],
  peerBanMs: [1000, 'a shorter ban is none'],
  sendStallMs: [1000, 'a neighbour that reads sends nothing for a moment while its window refills, and would be cut off'],
  expiryGraceMs: [60_000, 'expiry is checked every minute, and a shorter grace deletes on the first check past expiry: a clock stepped ahead deleted every capsule with an expiry before anyone could see it'],
  maxRepairMs: [1000, 'a repair asks its peers over the network, and in less each would have too little time to answer']
}
/** Counts of connections or handshakes at most: each holds a file descriptor, and Linux allows 2^20 per process unless raised past its default ceiling. */
const MAX_CONNECTION_COUNT = 2 ** 20
/** Other counts (rates, quotas, routes) at most: past it a limit limits nothing. */
const MAX_COUNT = 2 ** 31 - 1

export type NodeRole = 'router' | 'server' | 'client'

/** The gateway's token file in the data folder, unless the configuration names another. */
export const GATEWAY_TOKEN_FILE = 'gateway.token'
/** The admin API's token file in the data folder, unless the configuration names another. */
export const ADMIN_TOKEN_FILE = 'admin.token'

/** What every HTTP service of a node is set up with: off by default, loopback, a bearer token. */
export interface HttpServiceConfig {
  /** Off unless the operator turns it on. */
  enabled: boolean
  /** Address to listen on: loopback unless the operator names another. */
  host: string
  /** TCP port; 0 takes a free one. */
  port: number
  /** File holding the bearer token; default <data>/<service>.token, made (mode 0600) when the service is first enabled. */
  tokenFile: string | undefined
}

/** The HTTP gateway (docs/gateway.md): REST and Server-Sent Events over this node, behind a bearer token. */
export interface GatewayConfig extends HttpServiceConfig {
  /** Bytes of a JSON or protobuf request body at most. */
  maxBodyBytes: number
  /** Bytes of a file one PUT may stream in, at most. */
  maxFileBytes: number
  /** Bytes of request bodies all requests hold at once (the gateway's maxBodiesBytes): at least maxBodyBytes. */
  bodiesBudgetBytes: number
  /** Bytes of answers built whole, and room reserved by the reads building them (maxAnswerBytes). */
  answersBudgetBytes: number
  /** Bytes all file downloads hold read ahead of their clients (maxDownloadBytes). */
  downloadsBudgetBytes: number
  /** Room all file uploads reserve while they store (maxUploadBytes). */
  uploadsBudgetBytes: number
  /** Bytes all event streams hold unsent (maxEventStreamBytes). */
  eventStreamsBudgetBytes: number
  /** Connections the gateway holds at once (maxConnections): each is a file descriptor. */
  maxConnections: number
  /** Key files of capsule writers: the gateway writes the key-value and file capsules whose writer key is one of them (none: read-only). */
  writerKeys: string[]
}

/** The admin API (docs/operations.md): status, routes, capsules, certificates, peers, Prometheus metrics and the dashboard. */
export interface AdminConfig extends HttpServiceConfig {
  /** Serve the dashboard page at /dashboard (same token). */
  dashboard: boolean
}

/** How the node's logs are written: debug's text lines, or one JSON object per line. */
export type LogFormat = 'text' | 'json'
/** Which logs are on: none, errors, the node's events (info), libp2p's too (debug); undefined leaves it to DEBUG. */
export type LogLevel = 'none' | 'error' | 'info' | 'debug'

export interface NodeConfig {
  /** Folder for the node key and the capsule store. */
  data: string
  role: NodeRole
  /** Multiaddrs to listen on; a client listens on none. */
  listen: string[]
  /** Peers (multiaddrs with /p2p/) this node keeps links to. */
  neighbours: string[]
  /** The router this node sends what it has no route for: its own router (servers, clients) or its parent-domain router (routers). */
  upstream: string | undefined
  /** Domain names (43-character text form) whose routers this node trusts. */
  trustedDomains: string[]
  /** File with this router's signed domain membership (routers that announce to a parent). */
  membership: string | undefined
  /** Routers: take part in the lookup service (GLookup on kad-dht), publishing and resolving capsule names. */
  lookup: boolean
  /** Keep loopback and private addresses in the lookup DHT (testnets, container networks). */
  lookupPrivateAddresses: boolean
  /** Bytes of records a lookup router stores for the DHT's other nodes, at most; past it new ones are refused. */
  lookupStoreBytes: number
  /**
   * DHT messages a lookup router handles a second, shared evenly among the
   * addresses sending them (src/routing/dht-streams.ts): about 160 µs of
   * CPU each, so the default takes about a third of a core at most.
   */
  lookupMessagesPerSecond: number
  /** fsync every store write. */
  sync: boolean
  /** Servers: capsules the store keeps open, at most (the least used lately are let go of, and opened again when asked for: CapsuleStoreInit.openCapsules). */
  openCapsules: number
  /** How often servers advertise and routers announce. */
  advertiseIntervalMs: number
  /** How long an advertisement or announcement stays valid. */
  advertiseLifetimeMs: number
  /** Capsules per second, at most, in a server's full snapshot to its router (each costs the router an AdCert check). */
  advertiseSnapshotRate: number
  /** Servers: between two anti-entropy rounds, in which a replica fetches what its peer replicas hold and it lacks. */
  replicationSyncIntervalMs: number
  /** Servers: an anti-entropy round reads a peer's whole list once in this many rounds, and only what changed there since the last in the others (ReplicatorInit.fullListEveryRounds; 1: whole lists every round). */
  replicationFullListEvery: number
  /** Servers: how long of their own running time capsules must be seen past their expiry before they are deleted (CapsuleServiceInit.expiryGraceMs). */
  expiryGraceMs: number
  /** Servers: owner public keys (base64url or hex) allowed to create capsules here, or ['any'] (default): anyone, within the quotas. */
  createAllow: string[]
  /** Servers: capsules one owner may hold here. */
  createQuotaCapsules: number
  /** Servers: payload bytes one owner's capsules may hold here. */
  createQuotaBytes: number
  /** Servers: creates per minute by one owner. */
  createRate: number
  /** Servers: creates per minute by all owners together. */
  createRateTotal: number
  /** Servers: signatures checked a second for creates besides their metadata's, shared by the neighbours sending them (CapsuleServiceInit.createChecksPerSecond). */
  createChecksPerSecond: number
  /** Servers: bytes of appends verified and not yet written by the store, all capsules together (CapsuleServiceInit.maxWritingBytes). */
  writingBudgetBytes: number
  /** Servers: a repair of on-disk damage waits this long for the other servers' copies, in all (RepairerInit.maxRepairMs). */
  maxRepairMs: number
  /** Node names allowed to migrate VM state to this node, or 'any'; empty: none. */
  migrationAllow: string[]
  /** Routers and servers: the servers proposed for new capsules' replicas (propose_servers), by node name, or ['any'] (default): every server advertised here. */
  proposeServers: string[]
  /** Where received migrations land (default <data>/migrations). */
  migrationDir: string | undefined
  /** Bytes of migration_dir's disk a round of a received migration leaves free, and of the bases' disk a base add (MigrationReceiverInit.keepFreeBytes, BaseRegistryInit.keepFreeBytes); 0 for a disk of its own. */
  migrationKeepFreeBytes: number
  /** Bytes of memory the block hashes of the migrations being received may take, all together (MigrationReceiverInit.maxHashBytes); undefined: its default, 4 GiB. */
  migrationHashMemoryBytes: number | undefined
  /** Migrations one sending node may have not finished here at once, received, paused or failed (MigrationReceiverInit.maxUnfinishedPerSender); undefined: its default, 16. */
  migrationUnfinishedPerSender: number | undefined
  /** An inbound connection must finish its handshake (Noise, Yamux) within this; stalled ones free their slot. */
  upgradeTimeoutMs: number
  /** Inbound handshakes in progress, at most, over all addresses (allow-listed ones not counted). */
  maxPendingConnections: number
  /** With every pending slot taken, a new handshake replaces the oldest one pending at least this long. */
  evictPendingAfterMs: number
  /** Inbound handshakes in progress from one IP (one /64 for IPv6), at most. */
  maxPendingPerIp: number
  /** Open connections, at most (libp2p's maxConnections: above it, it prunes). */
  maxConnections: number
  /** Open inbound connections from one IP (one /64 for IPv6), at most. */
  maxConnectionsPerIp: number
  /** New inbound connections per second from one IP, at most (libp2p's inboundConnectionThreshold). */
  connectionRatePerIp: number
  /** New inbound streams per second from one IP, at most (a quarter second's worth at once); more are reset as they open. */
  streamRatePerIp: number
  /** Addresses exempt from the connection limits besides neighbours and the upstream (multiaddrs; /ipcidr/<bits> for networks). */
  connectionAllow: string[]
  /**
   * Web pages whose browsers may link over WebSocket, by origin
   * (https://app.example), or 'any'. A WebSocket upgrade with no Origin
   * header (any client but a browser) is taken; one from a page of another
   * origin is refused (403): any site its user visited reached a node on
   * loopback, and took the connection slots of the user's own tools.
   */
  websocketOrigins: string[]
  /** Frames per second a neighbour may send (twice that at once); configured and allow-listed peers are exempt. */
  peerFramesPerSecond: number
  /** Neighbours' requests this node passes up its default route a second, shared evenly among them: below the parent's peer_frames_per_second. */
  upstreamRequestsPerSecond: number
  /** Lookups of names with no route a lookup router starts a second, shared evenly among the neighbours asking. */
  lookupsPerSecond: number
  /** Bytes per second a neighbour may send; past it its stream is read more slowly (nothing dropped); configured and allow-listed peers are exempt. */
  peerBytesPerSecond: number
  /** Bytes a neighbour may send at once beyond its byte rate. */
  peerBytesBurst: number
  /** Bytes all neighbours' send queues, and the writes their streams hold unsent, may hold together (SendBudget); past it the links holding the most unread go. */
  sendBudgetBytes: number
  /** With the send budget full, a link whose queue has sent nothing for this long may be closed, the one holding the most first (SendBudgetInit.stallMs). */
  sendStallMs: number
  /** Bytes all connections may hold unsent under their muxers together (UnsentConnections); past it the connections unread the longest are closed. */
  unsentBudgetBytes: number
  /** A neighbour over its rate for this long without a break is disconnected. */
  peerOverRateDisconnectMs: number
  /** How long a neighbour disconnected for staying over its rate is refused. */
  peerBanMs: number
  /** Routers: how long a router grafted to another parent waits for its servers' snapshots to be in place there before it leaves the old parent anyway (at most GRAFT_SNAPSHOT_WAIT_MAX_MS). */
  graftSnapshotWaitMs: number
  /** Routers: relayed announcements carrying servers' last snapshot pages whose acknowledgement by the parent is awaited, at most; past it the oldest is forgotten (its servers' grafts wait out their own timeout). */
  maxRelayedSnapshots: number
  /** Routers: routes one server may hold here (its set through one neighbour); capsules it advertises past it are refused (`too-many-routes`). */
  maxRoutesPerServer: number
  /** Routers: routes the server sets through one neighbour (a child router's, or a server's own) may hold together; past it a capsule is refused, and a new set whole (`too-many-neighbour-routes`). */
  maxRoutesPerNeighbour: number
  /** Routers: refused names the server sets through one neighbour may hold together (so their digests agree); past it a set is unmatched, and snapshots of it asked ever less often. */
  maxRefusedPerNeighbour: number
  /** Routers: how long a server's advertisement, or a child router's announcement, keeps its routes here at most, whatever lifetime it was signed with (AdvertisementProcessorInit.maxLifetimeMs), and never less than advertise_lifetime. */
  maxAdvertiseLifetimeMs: number
  gateway: GatewayConfig
  admin: AdminConfig
  logFormat: LogFormat
  logLevel: LogLevel | undefined
}

/** A router that asks a neighbour to graft waits this long for it to say it did. */
export const GRAFT_REPLY_WAIT_MS = 60_000
/** The longest graft_snapshot_wait: the graft's other steps get the rest of GRAFT_REPLY_WAIT_MS. */
export const GRAFT_SNAPSHOT_WAIT_MAX_MS = 50_000

export const DEFAULT_CONFIG: NodeConfig = {
  data: './data',
  role: 'router',
  listen: ['/ip4/127.0.0.1/tcp/4040', '/ip4/127.0.0.1/tcp/4041/ws'],
  neighbours: [],
  upstream: undefined,
  trustedDomains: [],
  membership: undefined,
  lookup: false,
  lookupPrivateAddresses: false,
  lookupStoreBytes: 256 * 1024 ** 2,
  lookupMessagesPerSecond: 2000,
  sync: false,
  openCapsules: 10_000,
  advertiseIntervalMs: 30_000,
  advertiseLifetimeMs: 120_000,
  advertiseSnapshotRate: 5000,
  replicationSyncIntervalMs: 10_000,
  replicationFullListEvery: 30,
  expiryGraceMs: 3_600_000,
  createAllow: ['any'],
  createQuotaCapsules: 100_000,
  createQuotaBytes: 64 * 1024 ** 3,
  createRate: 600,
  createRateTotal: 6000,
  createChecksPerSecond: 2000,
  writingBudgetBytes: 256 * 1024 ** 2,
  maxRepairMs: 120_000,
  migrationAllow: [],
  proposeServers: ['any'],
  migrationDir: undefined,
  migrationKeepFreeBytes: DISK_KEPT_FREE_BYTES,
  migrationHashMemoryBytes: undefined,
  migrationUnfinishedPerSender: undefined,
  upgradeTimeoutMs: 3000,
  maxPendingConnections: 256,
  evictPendingAfterMs: 1000,
  maxPendingPerIp: 8,
  maxConnections: 1024,
  maxConnectionsPerIp: 64,
  connectionRatePerIp: 100,
  streamRatePerIp: 500,
  connectionAllow: [],
  websocketOrigins: [],
  peerFramesPerSecond: 5000,
  upstreamRequestsPerSecond: 4000,
  lookupsPerSecond: 200,
  peerBytesPerSecond: 32 * 1024 * 1024,
  peerBytesBurst: 128 * 1024 * 1024,
  sendBudgetBytes: 256 * 1024 * 1024,
  sendStallMs: 5000,
  unsentBudgetBytes: 256 * 1024 * 1024,
  peerOverRateDisconnectMs: 10_000,
  peerBanMs: 60_000,
  graftSnapshotWaitMs: 30_000,
  maxRelayedSnapshots: 1024,
  maxRoutesPerServer: DEFAULT_MAX_ROUTES_PER_SERVER,
  maxRoutesPerNeighbour: DEFAULT_MAX_ROUTES_PER_NEIGHBOUR,
  maxRefusedPerNeighbour: DEFAULT_MAX_REFUSED_PER_NEIGHBOUR,
  maxAdvertiseLifetimeMs: DEFAULT_MAX_ADVERTISE_LIFETIME_MS,
  gateway: {
    enabled: false,
    host: '127.0.0.1',
    port: 4080,
    tokenFile: undefined,
    maxBodyBytes: 24 * 1024 * 1024,
    maxFileBytes: 16 * 1024 ** 3,
    bodiesBudgetBytes: 256 * 1024 * 1024,
    answersBudgetBytes: 256 * 1024 * 1024,
    downloadsBudgetBytes: 256 * 1024 * 1024,
    uploadsBudgetBytes: 256 * 1024 * 1024,
    eventStreamsBudgetBytes: 128 * 1024 * 1024,
    maxConnections: 1024,
    writerKeys: []
  },
  admin: { enabled: false, host: '127.0.0.1', port: 4090, tokenFile: undefined, dashboard: false },
  logFormat: 'text',
  logLevel: undefined
}

const KEYS: Record<string, keyof NodeConfig> = {
  data: 'data',
  role: 'role',
  listen: 'listen',
  neighbours: 'neighbours',
  upstream: 'upstream',
  trusted_domains: 'trustedDomains',
  membership: 'membership',
  lookup: 'lookup',
  lookup_private_addresses: 'lookupPrivateAddresses',
  lookup_store_bytes: 'lookupStoreBytes',
  lookup_messages_per_second: 'lookupMessagesPerSecond',
  sync: 'sync',
  open_capsules: 'openCapsules',
  advertise_interval: 'advertiseIntervalMs',
  advertise_lifetime: 'advertiseLifetimeMs',
  advertise_snapshot_rate: 'advertiseSnapshotRate',
  replication_sync_interval: 'replicationSyncIntervalMs',
  replication_full_list_every: 'replicationFullListEvery',
  expiry_grace: 'expiryGraceMs',
  create_allow: 'createAllow',
  create_quota_capsules: 'createQuotaCapsules',
  create_quota_bytes: 'createQuotaBytes',
  create_rate: 'createRate',
  create_rate_total: 'createRateTotal',
  create_checks_per_second: 'createChecksPerSecond',
  writing_budget: 'writingBudgetBytes',
  max_repair_time: 'maxRepairMs',
  migration_allow: 'migrationAllow',
  propose_servers: 'proposeServers',
  migration_dir: 'migrationDir',
  migration_keep_free: 'migrationKeepFreeBytes',
  migration_hash_memory: 'migrationHashMemoryBytes',
  migration_unfinished_per_sender: 'migrationUnfinishedPerSender',
  upgrade_timeout: 'upgradeTimeoutMs',
  max_pending_connections: 'maxPendingConnections',
  evict_pending_after: 'evictPendingAfterMs',
  max_pending_per_ip: 'maxPendingPerIp',
  max_connections: 'maxConnections',
  max_connections_per_ip: 'maxConnectionsPerIp',
  connection_rate_per_ip: 'connectionRatePerIp',
  stream_rate_per_ip: 'streamRatePerIp',
  connection_allow: 'connectionAllow',
  websocket_origins: 'websocketOrigins',
  peer_frames_per_second: 'peerFramesPerSecond',
  upstream_requests_per_second: 'upstreamRequestsPerSecond',
  lookups_per_second: 'lookupsPerSecond',
  peer_bytes_per_second: 'peerBytesPerSecond',
  peer_bytes_burst: 'peerBytesBurst',
  send_budget: 'sendBudgetBytes',
  send_stall: 'sendStallMs',
  unsent_budget: 'unsentBudgetBytes',
  peer_over_rate_disconnect: 'peerOverRateDisconnectMs',
  peer_ban: 'peerBanMs',
  graft_snapshot_wait: 'graftSnapshotWaitMs',
  max_relayed_snapshots: 'maxRelayedSnapshots',
  max_routes_per_server: 'maxRoutesPerServer',
  max_routes_per_neighbour: 'maxRoutesPerNeighbour',
  max_refused_per_neighbour: 'maxRefusedPerNeighbour',
  max_advertise_lifetime: 'maxAdvertiseLifetimeMs',
  gateway: 'gateway',
  admin: 'admin',
  log_format: 'logFormat',
  log_level: 'logLevel'
}

/** The settings every HTTP service section has. */
const HTTP_SERVICE_KEYS: Record<string, keyof HttpServiceConfig> = { enabled: 'enabled', host: 'host', port: 'port', token_file: 'tokenFile' }

/** The settings of the `gateway` section; GDP_GATEWAY_<NAME> in the environment. */
const GATEWAY_KEYS: Record<string, keyof GatewayConfig> = {
  ...HTTP_SERVICE_KEYS,
  max_body: 'maxBodyBytes',
  max_file: 'maxFileBytes',
  bodies_budget: 'bodiesBudgetBytes',
  answers_budget: 'answersBudgetBytes',
  downloads_budget: 'downloadsBudgetBytes',
  uploads_budget: 'uploadsBudgetBytes',
  event_streams_budget: 'eventStreamsBudgetBytes',
  max_connections: 'maxConnections',
  writer_keys: 'writerKeys'
}

/**
 * The least a budget of the gateway's memory may be: below it nearly every large answer, download, upload or event
 * would wait for all others to finish (one larger than the budget goes alone), and a budget of a few hundred bytes is
 * most likely a unit left out.
 */
export const MIN_GATEWAY_BUDGET_BYTES = 1024 * 1024
/** The fewest connections the gateway may hold: an event stream or a download keeps its connection, and requests need room beside a few. */
export const MIN_GATEWAY_CONNECTIONS = 16

/** The settings of the `admin` section; GDP_ADMIN_<NAME> in the environment. */
const ADMIN_KEYS: Record<string, keyof AdminConfig> = { ...HTTP_SERVICE_KEYS, dashboard: 'dashboard' }

/** The sections (mappings of their own settings), by their name in the file; GDP_<SECTION>_<NAME> in the environment. */
const SECTIONS = { gateway: GATEWAY_KEYS, admin: ADMIN_KEYS } as const

function applyGateway (gateway: GatewayConfig, raw: unknown, setting: string, given: GivenSettings, source: string): void {
  for (const [field, value, where] of sectionSettings(raw, setting, GATEWAY_KEYS, given, source)) {
    switch (field) {
      case 'maxBodyBytes': case 'maxFileBytes':
        gateway[field] = count(value, where, 'bytes')
        break
      case 'bodiesBudgetBytes': case 'answersBudgetBytes': case 'downloadsBudgetBytes': case 'uploadsBudgetBytes': case 'eventStreamsBudgetBytes':
        gateway[field] = count(value, where, 'bytes')
        if (gateway[field] < MIN_GATEWAY_BUDGET_BYTES) throw new InvalidArgumentError(`${where}: at least ${MIN_GATEWAY_BUDGET_BYTES} bytes (1MiB), not ${gateway[field]}: below it nearly every large request would wait for all others (did you leave out the unit? KiB, MiB or GiB)`)
        break
      case 'maxConnections':
        gateway.maxConnections = count(value, where, { max: MAX_CONNECTION_COUNT })
        if (gateway.maxConnections < MIN_GATEWAY_CONNECTIONS) throw new InvalidArgumentError(`${where}: at least ${MIN_GATEWAY_CONNECTIONS}, not ${gateway.maxConnections}: an event stream or a download keeps its connection, and requests need room beside them`)
        break
      case 'writerKeys':
        gateway.writerKeys = list(value, where)
        break
      default:
        applyHttpService(gateway, field, value, where)
    }
  }
}

function applyAdmin (admin: AdminConfig, raw: unknown, setting: string, given: GivenSettings, source: string): void {
  for (const [field, value, where] of sectionSettings(raw, setting, ADMIN_KEYS, given, source)) {
    if (field === 'dashboard') admin.dashboard = flag(value, where)
    else applyHttpService(admin, field, value, where)
  }
}

/** The settings of a section, by field, each with where it was given (noted in `given`, by the section's name); an unknown one is refused. */
function sectionSettings<T> (raw: unknown, setting: string, keys: Record<string, T>, given: GivenSettings, source: string): Array<[T, unknown, string]> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidArgumentError(`${setting}: expected a mapping (${Object.keys(keys).join(', ')})`)
  return Object.entries(raw).map(([k, value]) => {
    const field = Object.hasOwn(keys, k) ? keys[k] : undefined
    if (field === undefined) throw new InvalidArgumentError(`${setting}: unknown setting '${k}' (known: ${Object.keys(keys).join(', ')})`)
    given.set(`${setting.slice(source.length + 1)}.${k}`, source)
    return [field, value, `${setting}.${k}`]
  })
}

function applyHttpService (service: HttpServiceConfig, field: keyof HttpServiceConfig, value: unknown, where: string): void {
  switch (field) {
    case 'enabled':
      service.enabled = flag(value, where)
      break
    case 'host':
      if (typeof value !== 'string' || value.trim().length === 0) throw new InvalidArgumentError(`${where}: expected an address to listen on (127.0.0.1, ::1, 0.0.0.0, ...)`)
      service.host = value.trim()
      break
    case 'port': {
      const port = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InvalidArgumentError(`${where}: '${String(value)}' is not a TCP port (0 to 65535; 0 takes a free one)`)
      service.port = port
      break
    }
    case 'tokenFile':
      if (value !== null && typeof value !== 'string') throw new InvalidArgumentError(`${where}: expected a file name`)
      // Empty, it was taken, and the service failed at start with "token file  does not exist", naming no setting.
      if (value !== null && value.trim() === '') throw new InvalidArgumentError(`${where}: expected a file name, not an empty string (leave it out for the default in the data folder)`)
      service.tokenFile = value ?? undefined
      break
  }
}

function flag (value: unknown, setting: string): boolean {
  if (typeof value !== 'boolean' && value !== 'true' && value !== 'false') throw new InvalidArgumentError(`${setting}: expected true or false`)
  return value === true || value === 'true'
}

const LOG_LEVELS: LogLevel[] = ['none', 'error', 'info', 'debug']

/** What a value of the wrong type is, for errors: a list or a mapping said as such rather than as '[object Object]'. */
function described (value: unknown): string {
  if (Array.isArray(value)) return 'a list'
  if (value !== null && typeof value === 'object') return 'a mapping'
  return `'${String(value)}'`
}

/**
 * A duration ('30s', '5m', '1d': see parseDurationMs); at most MAX_TIMER_MS,
 * as each drives a timer, and at least its MIN_DURATION.
 */
function duration (value: unknown, setting: string, field: keyof NodeConfig): number {
  // A bare number was taken as milliseconds, where the same from a variable or flag is refused: advertise_interval: 30
  // sent 33 advertisements a second, upgrade_timeout: 3 cut every handshake.
  // Configuration files from those versions meet this: the hint keeps what they meant (upgrade_timeout: 5000 as 5000s
  // would wait 83 minutes for a handshake).
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) {
    const seconds = value % 1000 === 0 ? ` (${value / 1000}s)` : ''
    throw new InvalidArgumentError(`${setting}: ${value} has no unit: earlier versions read it as milliseconds, ${value}ms${seconds}; say that, or another whole number and ms, s, m, h, d or w`)
  }
  // A one-element list ([3s]) was read as its element.
  if (typeof value !== 'string' && typeof value !== 'number') throw new InvalidArgumentError(`${setting}: expected a duration such as 30s, not ${described(value)}`)
  const ms = parseDurationMs(String(value), setting)
  if (ms > MAX_TIMER_MS) throw new InvalidArgumentError(`${setting}: at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest a timer holds), not ${ms}`)
  const least = MIN_DURATION[field]
  if (least !== undefined && ms < least[0]) throw new InvalidArgumentError(`${setting}: at least ${least[0]}ms, not ${ms}ms: ${least[1]}`)
  return ms
}

/** The units a byte size may say, for errors: a size in others ('100MB', '10m') was refused naming none. */
const BYTE_UNITS = 'KiB, MiB or GiB (1024 bytes to the KiB; KB, MB, GB and TiB are not taken)'

/**
 * A positive whole number: of bytes, which may say KiB, MiB or GiB
 * ('32MiB'), or a count of something else (connections, frames a second,
 * capsules), which may not, at most `max`.
 */
function count (value: unknown, setting: string, kind: 'bytes' | { max: number }): number {
  if (typeof value !== 'string' && typeof value !== 'number') throw new InvalidArgumentError(`${setting}: expected a positive whole number, not ${described(value)}`)
  const match = typeof value === 'string' ? /^(\d+)\s*(KiB|MiB|GiB)?$/.exec(value.trim()) : null
  if (kind !== 'bytes' && match?.[2] !== undefined) throw new InvalidArgumentError(`${setting}: '${value}' is a byte size; this setting counts something else, so give a whole number`)
  const unit = { KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[match?.[2] as 'KiB' | 'MiB' | 'GiB'] ?? 1
  const n = typeof value === 'number' ? value : match === null ? NaN : Number(match[1]) * unit
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError(`${setting}: '${String(value)}' is not a positive whole number${kind === 'bytes' ? ` of bytes, which may say ${BYTE_UNITS}` : ''}`)
  if (kind !== 'bytes' && n > kind.max) throw new InvalidArgumentError(`${setting}: at most ${kind.max}, not ${n}${kind.max === MAX_CONNECTION_COUNT ? ' (each connection holds a file descriptor)' : ''}`)
  return n
}

function list (value: unknown, setting: string): string[] {
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value
  throw new InvalidArgumentError(`${setting}: expected a list of strings`)
}

/**
 * Where each setting given was last given ('config file x.yaml:',
 * 'environment', 'flag'), by its name in the file ('gateway.port' in a
 * section): errors about how settings fit together name the source, and a
 * flag's is a usage error.
 */
type GivenSettings = Map<string, string>

function apply (config: NodeConfig, raw: Record<string, unknown>, where: string, given: GivenSettings): void {
  for (const [k, value] of Object.entries(raw)) {
    // Own keys only: 'toString' or '__proto__' found Object.prototype's members, and were taken and ignored.
    const field = Object.hasOwn(KEYS, k) ? KEYS[k] : undefined
    if (field === undefined) throw new InvalidArgumentError(`${where.replace(/:$/, '')}: unknown setting '${k}' (known: ${Object.keys(KEYS).join(', ')})`)
    const setting = `${where} ${k}`
    if (!(k in SECTIONS)) given.set(k, where)
    switch (field) {
      case 'data':
        // Empty, the node's key and store went into the working folder; null, an internal error (as --data '' is refused).
        if (typeof value !== 'string' || value.trim() === '') throw new InvalidArgumentError(`${setting}: expected a data folder, not ${value === null ? 'null' : JSON.stringify(value)}`)
        config.data = value
        break
      case 'upstream': case 'membership': case 'migrationDir':
        if (value !== null && typeof value !== 'string') throw new InvalidArgumentError(`${setting}: expected a string`)
        // An empty migration_dir put received migrations in the working folder, where gdp migrate list did not look.
        if (field === 'migrationDir' && value !== null && value.trim() === '') throw new InvalidArgumentError(`${setting}: expected a folder, not an empty string (leave it out for <data>/migrations)`)
        // An empty membership was refused as "no file  (make one ...)", naming no file.
        if (field === 'membership' && value !== null && value.trim() === '') throw new InvalidArgumentError(`${setting}: expected a membership file, not an empty string (leave it out for a router with none)`)
        config[field] = (value ?? undefined) as never
        break
      case 'role':
        if (value !== 'router' && value !== 'server' && value !== 'client') throw new InvalidArgumentError(`${setting}: '${String(value)}' is not a role (router, server or client)`)
        config.role = value
        break
      case 'listen': case 'neighbours': case 'trustedDomains': case 'migrationAllow': case 'proposeServers': case 'connectionAllow': case 'createAllow': case 'websocketOrigins':
        config[field] = list(value, setting)
        break
      case 'sync': case 'lookup': case 'lookupPrivateAddresses':
        config[field] = flag(value, setting)
        break
      case 'advertiseIntervalMs': case 'advertiseLifetimeMs': case 'maxAdvertiseLifetimeMs': case 'replicationSyncIntervalMs': case 'expiryGraceMs': case 'upgradeTimeoutMs': case 'evictPendingAfterMs': case 'peerOverRateDisconnectMs': case 'peerBanMs': case 'sendStallMs': case 'maxRepairMs':
        config[field] = duration(value, setting, field)
        break
      case 'migrationKeepFreeBytes':
        // 0 too: a migration_dir on a disk of its own need keep nothing free for the store.
        try {
          config.migrationKeepFreeBytes = value === 0 || (typeof value === 'string' && value.trim() === '0') ? 0 : count(value, setting, 'bytes')
        } catch {
          throw new InvalidArgumentError(`${setting}: expected a whole number of bytes, which may say ${BYTE_UNITS}, or 0; not ${described(value)}`)
        }
        break
      case 'lookupStoreBytes':
        config.lookupStoreBytes = count(value, setting, 'bytes')
        if (config.lookupStoreBytes < MIN_LOOKUP_STORE_BYTES) throw new InvalidArgumentError(`${setting}: at least ${MIN_LOOKUP_STORE_BYTES} bytes (1 MiB), room for a few of the largest records (64 KiB)`)
        break
      case 'lookupMessagesPerSecond':
        config.lookupMessagesPerSecond = count(value, setting, { max: MAX_COUNT })
        if (config.lookupMessagesPerSecond < MIN_LOOKUP_MESSAGES_PER_SECOND) throw new InvalidArgumentError(`${setting}: at least ${MIN_LOOKUP_MESSAGES_PER_SECOND}: each lookup asks a router a few DHT messages, and each address sending them may have a tenth of a second's worth at once`)
        break
      case 'graftSnapshotWaitMs':
        config.graftSnapshotWaitMs = duration(value, setting, field)
        if (config.graftSnapshotWaitMs > GRAFT_SNAPSHOT_WAIT_MAX_MS) throw new InvalidArgumentError(`${setting}: at most ${GRAFT_SNAPSHOT_WAIT_MAX_MS / 1000} s, so that the graft ends before the router that asked for it stops waiting (${GRAFT_REPLY_WAIT_MS / 1000} s)`)
        break
      case 'maxPendingConnections': case 'maxPendingPerIp': case 'maxConnections': case 'maxConnectionsPerIp':
        config[field] = count(value, setting, { max: MAX_CONNECTION_COUNT })
        break
      case 'advertiseSnapshotRate':
        config.advertiseSnapshotRate = count(value, setting, { max: MAX_COUNT })
        if (config.advertiseSnapshotRate < MIN_ADVERTISE_SNAPSHOT_RATE) throw new InvalidArgumentError(`${setting}: at least ${MIN_ADVERTISE_SNAPSHOT_RATE}: a router checks twice this many AdCerts a second, ${CHECK_BURST_SECONDS} s of it at once, and a server's largest update needs ${MAX_CAPSULES_PER_UPDATE + 1} checks (smaller, such updates were refused whole, every time)`)
        break
      case 'connectionRatePerIp': case 'streamRatePerIp': case 'peerFramesPerSecond': case 'upstreamRequestsPerSecond': case 'lookupsPerSecond': case 'maxRelayedSnapshots': case 'maxRoutesPerServer': case 'maxRoutesPerNeighbour': case 'maxRefusedPerNeighbour': case 'replicationFullListEvery':
      case 'createQuotaCapsules': case 'openCapsules': case 'createRate': case 'createRateTotal': case 'migrationUnfinishedPerSender':
        config[field] = count(value, setting, { max: MAX_COUNT })
        break
      case 'peerBytesBurst': case 'createQuotaBytes': case 'migrationHashMemoryBytes':
        config[field] = count(value, setting, 'bytes')
        break
      case 'peerBytesPerSecond':
        config.peerBytesPerSecond = count(value, setting, 'bytes')
        if (config.peerBytesPerSecond < MIN_PEER_BYTES_PER_SECOND) throw new InvalidArgumentError(`${setting}: at least ${MIN_PEER_BYTES_PER_SECOND} bytes (1 MiB) a second, the slowest link the request timeouts allow for: read more slowly, a neighbour's answers arrive after their requests gave up`)
        break
      case 'createChecksPerSecond':
        config.createChecksPerSecond = count(value, setting, { max: MAX_COUNT })
        if (config.createChecksPerSecond < MAX_CREATE_CHECKS) throw new InvalidArgumentError(`${setting}: at least ${MAX_CREATE_CHECKS}, the most signatures one create may carry besides its metadata's (its AdCert, ${MAX_REPLICAS} of a replica set, ${MAX_REMOVALS} removals each with a delegate's, ${MAX_DELEGATIONS} delegations): fewer, such a create is refused every time (near it, one is taken only while few other neighbours send creates)`)
        break
      case 'writingBudgetBytes':
        config.writingBudgetBytes = count(value, setting, 'bytes')
        if (config.writingBudgetBytes < MIN_WRITING_BUDGET_BYTES) throw new InvalidArgumentError(`${setting}: at least ${MIN_WRITING_BUDGET_BYTES} bytes (1 MiB): below it nearly every append that comes while another is written is refused, and a budget of a few hundred bytes is most likely a unit left out`)
        break
      case 'sendBudgetBytes':
        config.sendBudgetBytes = count(value, setting, 'bytes')
        if (config.sendBudgetBytes < MIN_SEND_BUDGET_BYTES) throw new InvalidArgumentError(`${setting}: at least ${MIN_SEND_BUDGET_BYTES} bytes (64 MiB), room for a backed-up neighbour's queue several times over`)
        break
      case 'unsentBudgetBytes':
        config.unsentBudgetBytes = count(value, setting, 'bytes')
        if (config.unsentBudgetBytes < MIN_UNSENT_BUDGET_BYTES) throw new InvalidArgumentError(`${setting}: at least ${MIN_UNSENT_BUDGET_BYTES} bytes (32 MiB), room for a few connections' full write buffers (8 MiB each)`)
        break
      case 'gateway':
        applyGateway(config.gateway, value, setting, given, where)
        break
      case 'admin':
        applyAdmin(config.admin, value, setting, given, where)
        break
      case 'logFormat':
        if (value !== 'text' && value !== 'json') throw new InvalidArgumentError(`${setting}: '${String(value)}' is not a log format (text or json)`)
        config.logFormat = value
        break
      case 'logLevel':
        if (!LOG_LEVELS.includes(value as LogLevel)) throw new InvalidArgumentError(`${setting}: '${String(value)}' is not a log level (${LOG_LEVELS.join(', ')})`)
        config.logLevel = value as LogLevel
        break
    }
  }
}

/**
 * In a router's data folder, the settings it brought when it moved there
 * (written by the standby that took it over): `gdp node start` reads them
 * before the operator's own file, so the router starts again as it ran.
 */
export const BROUGHT_SETTINGS_FILE = 'router.yaml'

/**
 * Top-level settings of `config` as a configuration file names and says
 * them: what configOf reads back as the same settings. For the settings a
 * router brought when it moved (docs/moving.md section 3).
 */
export function fileSettingsOf (config: Partial<NodeConfig>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).flatMap(([field, value]) => {
    const name = SETTING_NAMES.get(field as keyof NodeConfig)
    if (name === undefined || name in SECTIONS) throw new Error(`fileSettingsOf: ${field} is not a top-level setting`)
    return value === undefined ? [] : [[name, fileValue(field, value)]]
  }))
}

/** A configuration file's name for each top-level field. */
const SETTING_NAMES = new Map(Object.entries(KEYS).map(([name, field]) => [field, name]))

/** A field's value as a configuration file says it: a duration in ms (a number) with its unit, since a bare number is refused. */
const fileValue = (field: string, value: unknown): unknown => field.endsWith('Ms') && typeof value === 'number' ? `${value}ms` : value

/**
 * `base` with top-level `settings` keyed by field (as a router that moves
 * sends its own: router-images.ts), each checked as a configuration file's
 * is, and the whole checked as loadConfig checks what it makes. Throws
 * InvalidArgumentError naming the setting, with `where` the settings came from.
 */
export function configWithSettings (base: NodeConfig, settings: Partial<Record<keyof NodeConfig, unknown>>, where: string): NodeConfig {
  const config: NodeConfig = { ...base, listen: [...base.listen], gateway: { ...base.gateway }, admin: { ...base.admin } }
  const raw = Object.fromEntries(Object.entries(settings).map(([field, value]) => {
    const name = SETTING_NAMES.get(field as keyof NodeConfig)
    if (name === undefined || name in SECTIONS) throw new InvalidArgumentError(`${where}: '${field}' is not a top-level setting`)
    return [name, fileValue(field, value)]
  }))
  const given: GivenSettings = new Map()
  apply(config, raw, `${where}:`, given)
  validate(config, given)
  return config
}

/** The settings of one configuration file: its path, said in errors, and its top-level mapping. */
export interface FileSettings { file: string, settings: Record<string, unknown> }

/**
 * The configuration from defaults, then the settings of `files` in order
 * (those a router brought when it moved here, then the operator's), then
 * GDP_* variables of `env` (GDP_ROLE, GDP_LISTEN, GDP_TRUSTED_DOMAINS,
 * ...), then `flags` (same names as the file).
 */
export function configOf (files: FileSettings[], env: Record<string, string | undefined>, flags: Record<string, unknown>, warn: (message: string) => void = () => {}): NodeConfig {
  const config: NodeConfig = { ...DEFAULT_CONFIG, listen: [...DEFAULT_CONFIG.listen], gateway: { ...DEFAULT_CONFIG.gateway }, admin: { ...DEFAULT_CONFIG.admin } }
  const given: GivenSettings = new Map()
  for (const { file, settings } of files) apply(config, settings, `config file ${file}:`, given)
  const fromEnv: Record<string, unknown> = {}
  for (const k of Object.keys(KEYS)) {
    if (k in SECTIONS) continue // GDP_<SECTION>_<NAME> below
    const value = env[`GDP_${k.toUpperCase()}`]
    if (value !== undefined) fromEnv[k] = value
  }
  for (const [section, keys] of Object.entries(SECTIONS)) {
    const sectionEnv = Object.fromEntries(Object.keys(keys).flatMap((k) => {
      const value = env[`GDP_${section.toUpperCase()}_${k.toUpperCase()}`]
      return value === undefined ? [] : [[k, value]]
    }))
    if (Object.keys(sectionEnv).length > 0) fromEnv[section] = sectionEnv
  }
  apply(config, fromEnv, 'environment', given)
  apply(config, Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)), 'flag', given)
  validate(config, given)
  for (const message of idleSettings(config, given)) warn(message)
  // Warned of, not refused: this node cannot know its router's max_advertise_lifetime, which may be raised for it.
  if (config.role !== 'client' && config.advertiseIntervalMs >= DEFAULT_MAX_ADVERTISE_LIFETIME_MS) {
    warn(`advertise_interval: ${DEFAULT_MAX_ADVERTISE_LIFETIME_MS / 3_600_000}h or more: a router keeps the routes of an update ${DEFAULT_MAX_ADVERTISE_LIFETIME_MS / 3_600_000} h at most unless its max_advertise_lifetime is raised, so at one left at the default this node's routes lapse between its updates`)
  }
  return config
}

/** Settings only a server's capsule service and store read. */
const SERVER_SETTINGS = ['sync', 'open_capsules', 'replication_sync_interval', 'replication_full_list_every', 'expiry_grace', 'create_allow', 'create_quota_capsules', 'create_quota_bytes', 'create_rate', 'create_rate_total', 'create_checks_per_second', 'writing_budget', 'max_repair_time']
/**
 * Settings only a router reads: those of relaying its servers' snapshots to its parent (a server advertises its own, a
 * client none), and those of the advertisements and announcements it takes (a server or client refuses them:
 * not-a-router): the routes one server may hold, the domains whose routers it trusts.
 */
const ROUTER_SETTINGS = ['graft_snapshot_wait', 'max_relayed_snapshots', 'max_routes_per_server', 'max_routes_per_neighbour', 'max_refused_per_neighbour', 'max_advertise_lifetime', 'trusted_domains']
/**
 * Settings a client does not read: it proposes no servers (it answers no
 * one's requests), advertises no capsules and is sent no advertisements.
 */
const ROUTER_OR_SERVER_SETTINGS = ['advertise_interval', 'advertise_lifetime', 'advertise_snapshot_rate', 'propose_servers']
/**
 * Settings only inbound connections read: their handshakes' limits, the pages' origins. A node that listens on nothing
 * (a client, a server with listen: []) is dialled by no one.
 */
const INBOUND_SETTINGS = ['upgrade_timeout', 'max_pending_connections', 'evict_pending_after', 'max_pending_per_ip', 'max_connections_per_ip', 'connection_rate_per_ip', 'websocket_origins']
/** Settings only the lookup service reads. */
const LOOKUP_SETTINGS = ['lookup_private_addresses', 'lookup_store_bytes', 'lookup_messages_per_second']

/** Whether no one can dial the node: a client listens on nothing whatever `listen` says (src/node/node.ts). */
const listensOnNothing = (config: NodeConfig): boolean => config.role === 'client' || config.listen.length === 0

/** Whether top-level setting `name` was given, and at another value than its default: said, the default is no choice. */
const givenOtherThanDefault = (config: NodeConfig, given: GivenSettings, name: string): boolean =>
  given.has(name) && JSON.stringify(config[KEYS[name]!]) !== JSON.stringify(DEFAULT_CONFIG[KEYS[name]!])

/**
 * Settings given a value other than their default where nothing reads them:
 * a server's on a router or client, a router's on a server or client, a
 * router's or server's on a client, inbound connections' on a node that
 * listens on nothing, the lookup service's with it off, the logs' format with them off. They
 * were taken and did nothing, in silence (an operator's quota on the wrong
 * node). Warned of, not refused: a file that states every setting at its
 * default, as deploy/node.example.yaml does, runs on any role.
 */
function idleSettings (config: NodeConfig, given: GivenSettings): string[] {
  const changed = (name: string): boolean => givenOtherThanDefault(config, given, name)
  const where = (name: string): string => `${given.get(name)!} ${name}`
  return [
    ...(config.role === 'server' ? [] : SERVER_SETTINGS.filter(changed).map((name) => `${where(name)}: a server's setting, and this node is a ${config.role}: it does nothing here`)),
    ...(config.role === 'router' ? [] : ROUTER_SETTINGS.filter(changed).map((name) => `${where(name)}: a router's setting, and this node is a ${config.role}: it does nothing here`)),
    ...(config.role === 'client' ? ROUTER_OR_SERVER_SETTINGS.filter(changed).map((name) => `${where(name)}: a router's or server's setting, and this node is a client: it does nothing here`) : []),
    ...(listensOnNothing(config) ? INBOUND_SETTINGS.filter(changed).map((name) => `${where(name)}: a setting of inbound connections, and this node listens on nothing: it does nothing here`) : []),
    ...(config.lookup ? [] : LOOKUP_SETTINGS.filter(changed).map((name) => `${where(name)}: a setting of the lookup service, which is off (lookup: true turns it on): it does nothing`)),
    // The format shapes the logs alone (src/node/log-output.ts): with none on, json was taken and nothing written in it.
    ...(config.logLevel === 'none' && changed('log_format') ? [`${where('log_format')}: a format of the logs, and log_level is none: it does nothing here`] : [])
  ]
}

/** The names of every setting's variable: GDP_<SETTING>, GDP_<SECTION>_<NAME>. */
function settingVariables (): string[] {
  return Object.keys(KEYS).flatMap((k) => k in SECTIONS ? Object.keys(SECTIONS[k as keyof typeof SECTIONS]).map((n) => `GDP_${k}_${n}`.toUpperCase()) : [`GDP_${k.toUpperCase()}`])
}

/**
 * Variables named as node start's flags are (--gateway, --admin,
 * --dashboard), by the settings' variables they mean: GDP_GATEWAY=true
 * did nothing, in silence, and is no near miss of GDP_GATEWAY_ENABLED.
 */
const FLAG_NAMED_VARIABLES: Record<string, string> = { GDP_GATEWAY: 'GDP_GATEWAY_ENABLED', GDP_ADMIN: 'GDP_ADMIN_ENABLED', GDP_DASHBOARD: 'GDP_ADMIN_DASHBOARD' }

/** Variables the command line reads itself, not settings. */
const COMMAND_LINE_VARIABLES = ['GDP_DATA', 'GDP_DEBUG', 'GDP_ADMIN_TOKEN', 'GDP_NATIVE_CRYPTO']

/**
 * GDP_* variables of `env` that name no setting but are one or two letters
 * from one (GDP_UPSTREM), or named as a flag is (GDP_GATEWAY), each with the
 * one it probably means: a typo in the
 * file is refused, and one in a variable did nothing, in silence. Only near
 * misses: other GDP_* variables (of the project's tests and benchmarks, say)
 * are someone else's.
 */
export function misspelledSettings (env: Record<string, string | undefined>): Array<{ variable: string, meant: string }> {
  const known = settingVariables()
  return Object.keys(env).filter((v) => v.startsWith('GDP_') && !known.includes(v) && !COMMAND_LINE_VARIABLES.includes(v)).flatMap((variable) => {
    const meant = FLAG_NAMED_VARIABLES[variable] ?? known.find((k) => editDistanceAtMost(variable, k, nearMissLetters(k)))
    return meant === undefined ? [] : [{ variable, meant }]
  })
}

/**
 * How many letters off a setting's variable a near miss may be: two, or one for a name of four letters (GDP_ROLE,
 * GDP_SYNC), of which two would be half, and catch variables of other programs.
 */
const nearMissLetters = (variable: string): number => variable.length - 'GDP_'.length < 5 ? 1 : 2

/** Whether `a` becomes `b` in at most `limit` insertions, deletions and substitutions. */
function editDistanceAtMost (a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false
  let row = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next.push(Math.min(row[j]! + 1, next[j - 1]! + 1, row[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)))
    row = next
  }
  return row[b.length]! <= limit
}

/**
 * Whether two listeners' hosts take one port together: the same address, or
 * one of them every address of its family (0.0.0.0, ::). Two different
 * addresses may share a port, and so may /ip4/0.0.0.0 and /ip6/:: (libp2p
 * listens on an IPv6 address for IPv6 only).
 */
function sharedAddress (a: string, b: string): boolean {
  const every = (host: string): boolean => host === '0.0.0.0' || host === '::'
  return a === b || (isIPv4(a) === isIPv4(b) && (every(a) || every(b)))
}

/** An HTTP service (the gateway, the admin API) on :: takes the port on every IPv4 address too: Node listens dual-stack there. */
const dualStack = (host: string): boolean => host === '::'

/** The precedence of where settings come from: a later one overrides an earlier one. */
const SOURCE_ORDER = ['config file', 'environment', 'flag']

function validate (config: NodeConfig, given: GivenSettings): void {
  /**
   * The setting an error is about, with where it was given ('flag
   * migration_allow', 'config file x.yaml: listen'); of several that do not
   * fit together, the one given last in precedence (a flag's is a usage error).
   */
  const rank = (name: string): number => SOURCE_ORDER.findIndex((s) => given.get(name)?.startsWith(s) === true)
  const at = (...names: string[]): string => {
    const name = names.reduce((a, b) => rank(b) > rank(a) ? b : a)
    const where = given.get(name)
    return where === undefined ? name : `${where} ${name}`
  }
  for (const [setting, addrs] of [['listen', config.listen], ['neighbours', config.neighbours], ['upstream', config.upstream === undefined ? [] : [config.upstream]]] as const) {
    // One listen address twice failed the start as a port in use, "another process on that port?": there was none.
    // (A neighbour twice is one link, and was taken: a file an earlier version ran on still starts.)
    const twice = setting === 'listen' ? addrs.find((a, i) => addrs.indexOf(a) !== i) : undefined
    if (twice !== undefined) throw new InvalidArgumentError(`${at(setting)}: '${twice}' is given twice; give each address once`)
    for (const a of addrs) {
      try { multiaddr(a) } catch { throw new InvalidArgumentError(`${at(setting)}: '${a}' is not a multiaddr (e.g. /ip4/127.0.0.1/tcp/4040)`) }
      if (setting !== 'listen' && !a.includes('/p2p/')) throw new InvalidArgumentError(`${at(setting)}: '${a}' must end in /p2p/<peer id>, so the peer's key is checked`)
      // Taken and printed as a secure address, with every TLS handshake failing after it (found by attacking the edge).
      if (setting === 'listen' && multiaddr(a).getComponents().some((c) => c.name === 'wss' || c.name === 'tls')) {
        throw new InvalidArgumentError(`${at(setting)}: '${a}' asks for TLS, and a node holds no certificate: listen on /ws and put a TLS proxy in front (docs/browser.md)`)
      }
    }
  }
  // A client dials its upstream and listens on nothing: addresses given for it were taken and ignored. The default ones
  // stated, as a file of every setting at its default does, are no choice.
  if (config.role === 'client' && givenOtherThanDefault(config, given, 'listen') && config.listen.length > 0) throw new InvalidArgumentError(`${at('listen')}: a client listens on nothing (it dials its upstream router); leave listen out for a client`)
  // Servers, clients and child routers dial a router: one listening on nothing started and was reachable by no one.
  if (config.role === 'router' && config.listen.length === 0) throw new InvalidArgumentError(`${at('listen', 'role')}: a router listens for the servers, clients and routers that link to it; give it an address`)
  if (config.role === 'server' && config.listen.length === 0 && config.upstream === undefined && config.neighbours.length === 0) throw new InvalidArgumentError(`${at('listen', 'upstream', 'role')}: a server that listens on nothing and has no upstream router is reached by no one; give it an address to listen on or an upstream`)
  for (const [setting, allowed, what] of [['create_allow', config.createAllow, 'owner keys'], ['migration_allow', config.migrationAllow, 'node names'], ['propose_servers', config.proposeServers, 'node names'], ['websocket_origins', config.websocketOrigins, 'origins']] as const) {
    // [any, x] let anyone in, x no more than the rest: refused rather than read as a list that means something.
    // [any, any] was refused as 'any' combined with node names, though it names none.
    if (allowed.includes('any') && allowed.length > 1) throw new InvalidArgumentError(`${at(setting)}: ${allowed.every((a) => a === 'any') ? `'any' is given ${allowed.length} times; give it once` : `'any' cannot be combined with ${what}`}`)
  }
  for (const k of config.createAllow) {
    if (k === 'any') continue
    try { parsePublicKey(k) } catch { throw new InvalidArgumentError(`${at('create_allow')}: '${k}' is not an owner public key (from 'gdp keys show') or 'any'`) }
  }
  for (const d of config.trustedDomains) {
    try { parseName(d) } catch { throw new InvalidArgumentError(`${at('trusted_domains')}: '${d}' is not a domain name (43 base64url characters, from 'gdp domain show')`) }
  }
  for (const a of config.connectionAllow) {
    // An address or a network, nothing more: a port or transport after it was dropped, exempting the whole IP;
    // a prefix past the address's bits failed at start as an internal error.
    let parts: Array<{ name: string, value?: string }> = []
    try { parts = multiaddr(a).getComponents() } catch {}
    const ip = parts[0]?.name === 'ip4' || parts[0]?.name === 'ip6'
    if (!ip || parts.length > 2 || (parts.length === 2 && parts[1]!.name !== 'ipcidr')) throw new InvalidArgumentError(`${at('connection_allow')}: '${a}' is not an IP address or network as a multiaddr (e.g. /ip4/10.0.0.7 or /ip4/10.0.0.0/ipcidr/8; no port, and names are not resolved)`)
    const bits = parts[0]!.name === 'ip4' ? 32 : 128
    const prefix = parts[1] === undefined ? bits : Number(parts[1].value)
    if (!(Number.isInteger(prefix) && prefix >= 0 && prefix <= bits)) throw new InvalidArgumentError(`${at('connection_allow')}: '${a}' has a prefix of ${parts[1]!.value ?? ''} bits; an ${parts[0]!.name} network takes 0 to ${bits}`)
  }
  for (const o of config.websocketOrigins) {
    if (o === 'any') continue
    // As a browser sends it: a scheme, a host, a port unless the scheme's own; no path, no trailing '/'.
    let origin: string | undefined
    try { origin = new URL(o).origin } catch {}
    if (origin !== o) throw new InvalidArgumentError(`${at('websocket_origins')}: '${o}' is not an origin as a browser sends it (https://app.example, http://127.0.0.1:8080: no path, no trailing '/') or 'any'`)
  }
  for (const [setting, names] of [['migration_allow', config.migrationAllow], ['propose_servers', config.proposeServers]] as const) {
    for (const n of names) {
      if (n === 'any') continue
      try { parseName(n) } catch { throw new InvalidArgumentError(`${at(setting)}: '${n}' is not a node name (43 base64url characters, from 'gdp node init') or 'any'`) }
    }
  }
  // A body between the two would be refused as the gateway being busy, at every try.
  if (config.gateway.bodiesBudgetBytes < config.gateway.maxBodyBytes) throw new InvalidArgumentError(`${at('gateway.bodies_budget', 'gateway.max_body')}: the bodies all requests hold at once (${config.gateway.bodiesBudgetBytes} bytes) must have room for one body of max_body (${config.gateway.maxBodyBytes} bytes), or such a body is refused as busy at every try`)
  // A key's value is such a body too, up to its own limit whatever max_body says.
  if (config.gateway.bodiesBudgetBytes < MAX_VALUE_LENGTH) throw new InvalidArgumentError(`${at('gateway.bodies_budget')}: the bodies all requests hold at once (${config.gateway.bodiesBudgetBytes} bytes) must have room for one key's value (${MAX_VALUE_LENGTH} bytes, PUT .../keys/{key}, whatever max_body is), or such a value is refused as busy at every try`)
  if (config.admin.dashboard && !config.admin.enabled) throw new InvalidArgumentError(`${at('admin.dashboard', 'admin.enabled')}: the dashboard is served by the admin API; enable it too (admin.enabled: true)`)
  for (const [section, service, on] of [['gateway', 'HTTP gateway', config.gateway.enabled], ['admin', 'admin API', config.admin.enabled]] as const) {
    if (on) continue
    // Settings of a service left off did nothing (a port the operator then found nothing on). They may be kept with an
    // explicit enabled: false given as late as they are (a file's, or the flags'); a flag or variable that sets one
    // over a file's enabled: false is this start's intent, refused.
    const settings = [...given.keys()].filter((name) => name.startsWith(`${section}.`) && name !== `${section}.enabled`)
    const ignored = settings.find((name) => rank(name) > rank(`${section}.enabled`))
    if (ignored === undefined) continue
    if (given.get(ignored) === 'flag') throw new InvalidArgumentError(`${at(ignored)} sets where the ${service} listens, and it is off: give --${section} too`)
    throw new InvalidArgumentError(`${at(ignored)}: the ${service} is off, so this does nothing: turn it on (${section}.enabled: true), or say enabled: false to keep the setting while it is off`)
  }
  // Both on one port failed the start as the admin API's port in use, naming no other process: the gateway held it.
  if (config.gateway.enabled && config.admin.enabled && config.admin.port !== 0 && config.admin.port === config.gateway.port && (sharedAddress(config.admin.host, config.gateway.host) || dualStack(config.admin.host) || dualStack(config.gateway.host))) {
    throw new InvalidArgumentError(`${at('admin.port', 'gateway.port')}: ${config.admin.port} is the port of both the HTTP gateway and the admin API; give each its own (0 takes a free one)`)
  }
  // So did two listen addresses on one port of one address (/ip4/0.0.0.0/tcp/4040 beside /ip4/127.0.0.1/tcp/4040, or
  // .../tcp/4040 beside .../tcp/4040/ws), and the gateway or admin API on a listen address's port: the node's own.
  const listeners = config.listen.flatMap((address) => {
    const [ip, tcp] = multiaddr(address).getComponents()
    return (ip?.name === 'ip4' || ip?.name === 'ip6') && tcp?.name === 'tcp' && tcp.value !== '0' ? [{ address, host: ip.value!, port: Number(tcp.value) }] : []
  })
  for (const [i, a] of listeners.entries()) {
    const b = listeners.slice(i + 1).find((l) => l.port === a.port && sharedAddress(l.host, a.host))
    if (b !== undefined) throw new InvalidArgumentError(`${at('listen')}: '${a.address}' and '${b.address}' listen on one port of one address; give each its own port`)
  }
  for (const [section, service, on] of [['gateway', 'HTTP gateway', config.gateway.enabled], ['admin', 'admin API', config.admin.enabled]] as const) {
    const { host, port } = config[section]
    const clash = on && port !== 0 ? listeners.find((l) => l.port === port && (sharedAddress(l.host, host) || dualStack(host))) : undefined
    if (clash !== undefined) throw new InvalidArgumentError(`${at(`${section}.port`, 'listen')}: ${port} is the port of both the ${service} and the listen address '${clash.address}'; give each its own (0 takes a free one)`)
  }
  if (config.role === 'client' && config.upstream === undefined) throw new InvalidArgumentError(`${at('role')}: a client needs an upstream router (upstream: /ip4/.../p2p/...)`)
  if (config.membership !== undefined && !existsSync(config.membership)) throw new InvalidArgumentError(`${at('membership')}: no file ${config.membership} (make one with 'gdp domain admit')`)
  if (config.lookup && config.role !== 'router') throw new InvalidArgumentError(`${at('lookup', 'role')}: only routers take part in the lookup service`)
  if (config.advertiseLifetimeMs <= config.advertiseIntervalMs) throw new InvalidArgumentError(`${at('advertise_lifetime', 'advertise_interval')}: advertise_lifetime must be longer than advertise_interval, or routes lapse between advertisements`)
  // Left at its default, it grows with advertise_lifetime instead (GdpNode takes the longer of the two).
  if (config.role === 'router' && given.has('max_advertise_lifetime') && config.maxAdvertiseLifetimeMs < config.advertiseLifetimeMs) throw new InvalidArgumentError(`${at('max_advertise_lifetime', 'advertise_lifetime')}: max_advertise_lifetime must be at least advertise_lifetime, or the routes of servers advertising as often as this router lapse between their advertisements`)
}

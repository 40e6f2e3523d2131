/**
 * A gdp node: libp2p (TCP, WebSocket, Noise, Yamux, identify, ping), the
 * PDU transport, the forwarder and route table, and by role a capsule store
 * and service (server), advertisements to its router and announcements to a
 * parent-domain router. Assembled, started and stopped here, in one place.
 */
import './polyfill.js'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { identify, identifyPush } from '@libp2p/identify'
import type { Libp2p, PeerId } from '@libp2p/interface'
import { ping, type Ping } from '@libp2p/ping'
import { kadDHT, passthroughMapper, removePrivateAddressesMapper, type KadDHT, type SingleKadDHT } from '@libp2p/kad-dht'
import { peerIdFromString } from '@libp2p/peer-id'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { logger } from '@libp2p/logger'
import { GdpClient } from '../client/client.js'
import { formatName, parseName } from '../capsule/name.js'
import { Ed25519Signer } from '../crypto/ed25519.js'
import { CertificateError, GdpError, InvalidArgumentError } from '../errors.js'
import { signRouteAnnouncement, signedRouteAnnouncementFromPb, signedRouteAnnouncementToPb } from '../routing/announcements.js'
import {
  decodeSignedAdvertisement, decodeSignedDomainMembership, encodeSignedAdvertisement, MAX_ADVERTISED_CAPSULES, signAdvertisement,
  type SignedAdvertisement, type SignedDomainMembership, type TrustPolicy
} from '../routing/certificates.js'
import { Forwarder, NONCE_LENGTH, PDU_VERSION, type Link } from '../routing/forwarder.js'
import { AdvertisementProcessor, RouteTable } from '../routing/route-table.js'
import { nodeName } from '../routing/signing.js'
import { capsuleOfLookupKey, decodeLookupRecord, encodeLookupRecord, LOOKUP_NAMESPACE, lookupKey, selectLookupRecord, verifyLookupRecord } from '../routing/lookup.js'
import { CapsuleService } from '../server/capsule-service.js'
import { CapsuleStore } from '../store/capsule-store.js'
import { pb } from '../wire/index.js'
import type { NodeConfig } from './config.js'
import { MigrationService } from '../migration/service.js'
import { ControlServer } from './control.js'
import { readKeyFile, writeKeyFile } from './keyfile.js'
import { PduTransport } from './pdu-transport.js'

const clock = (): number => Math.floor((performance.timeOrigin + performance.now()) * 1000)
/** Node events by component; enable with DEBUG=gdp:* (none in per-PDU paths). */
const log = logger('gdp:node')
const RECONNECT_MS = 2000
/** A lookup or publication in GLookup gives up after this; queued requests wait up to RESOLVE_TIMEOUT_MS. */
const LOOKUP_TIMEOUT_MS = 2500
const RESOLVE_TIMEOUT_MS = 4000

export interface GdpNodeOptions {
  /** Use this key instead of the one in the data folder (ephemeral clients). */
  key?: Ed25519Signer
}

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
  readonly store: CapsuleStore | undefined
  readonly service: CapsuleService | undefined
  /** The migration endpoint and the local control socket: only for a node with its own data folder. */
  readonly migration: MigrationService | undefined
  readonly #control: ControlServer | undefined
  readonly #policy: TrustPolicy
  readonly #membership: SignedDomainMembership | undefined
  /** The latest accepted advertisement of each directly attached server, for announcements. */
  readonly #serverAds = new Map<string, SignedAdvertisement>()
  #upstream: Uint8Array | undefined
  #sequence = 0
  #timers: NodeJS.Timeout[] = []
  #stopping = false

  private constructor (config: NodeConfig, key: Ed25519Signer, libp2p: Libp2p<{ ping: Ping, dht?: KadDHT }>, store: CapsuleStore | undefined, membership: SignedDomainMembership | undefined, ownData: boolean) {
    this.config = config
    this.key = key
    this.name = nodeName(key.publicKey)
    this.libp2p = libp2p
    this.store = store
    this.#policy = { trustedDomains: config.trustedDomains.map(parseName) }
    this.#membership = membership
    this.service = store === undefined ? undefined : new CapsuleService({}, { store, signer: key, clock })
    // A router with no upstream has nobody to ask: a request for a name it has no route to yet waits
    // for the advertisement to arrive (routesChanged retries it) until the forwarder's resolve timeout.
    const awaitAdvertisement = config.upstream === undefined ? async (): Promise<void> => {} : undefined
    const resolve = libp2p.services.dht !== undefined ? async (name: Uint8Array): Promise<void> => { await this.#lookUp(name) } : awaitAdvertisement
    this.forwarder = new Forwarder({ self: this.name, resolveTimeoutMs: RESOLVE_TIMEOUT_MS }, { table: this.table, clock, local: this.service, resolve, routing: (pdu, from) => { this.#onRouting(pdu, from) } })
    this.transport = new PduTransport({ libp2p, forwarder: this.forwarder, measureRtt: async (peer) => await libp2p.services.ping.ping(peer) })
    this.processor = new AdvertisementProcessor(this.name, this.table)
    this.client = new GdpClient({}, { forwarder: this.forwarder })
    if (ownData) {
      this.migration = new MigrationService({
        folder: join(config.data, 'migration'),
        receiveFolder: config.migrationDir ?? join(config.data, 'migrations'),
        allow: config.migrationAllow
      }, { libp2p, signer: key, peerKey: (connection) => publicKeyOfPeer(connection.remotePeer) })
      this.#control = new ControlServer(config.data, this.migration)
    }
  }

  /** Builds a node from its configuration; its key lives in <data>/node.key unless given. */
  static async create (config: NodeConfig, options: GdpNodeOptions = {}): Promise<GdpNode> {
    let key = options.key
    if (key === undefined) {
      mkdirSync(config.data, { recursive: true })
      const path = join(config.data, 'node.key')
      key = new Ed25519Signer((existsSync(path) ? readKeyFile(path) : writeKeyFile(path, false)).secretKey)
    }
    const membership = config.membership === undefined ? undefined : readMembership(config.membership)
    const libp2p = await createLibp2p({
      privateKey: await generateKeyPairFromSeed('Ed25519', key.seed),
      start: false,
      addresses: { listen: config.role === 'client' ? [] : config.listen },
      transports: [tcp(), webSockets()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { inboundConnectionThreshold: 1000, maxIncomingPendingConnections: 256 },
      services: {
        identify: identify(),
        // Peers learn protocols registered after a connection opened (the lookup DHT's, say)
        // only from a push; without it their DHT routing tables can stay empty.
        identifyPush: identifyPush(),
        ping: ping(),
        ...(config.lookup
          ? {
              dht: kadDHT({
                protocol: lookupProtocol(membership),
                clientMode: false,
                peerInfoMapper: config.lookupPrivateAddresses ? passthroughMapper : removePrivateAddressesMapper,
                validators: { [LOOKUP_NAMESPACE]: async (key: Uint8Array, value: Uint8Array) => { verifyLookupRecord(capsuleOfLookupKey(key), decodeLookupRecord(value), clock(), routerOfAddress) } },
                selectors: { [LOOKUP_NAMESPACE]: (_key: Uint8Array, records: Uint8Array[]) => selectLookupRecord(records.map(decodeLookupRecord)) }
              })
            }
          : {})
      }
    })
    const store = config.role === 'server' ? await CapsuleStore.open({ path: join(config.data, 'store'), sync: config.sync }) : undefined
    return new GdpNode(config, key, libp2p, store, membership, options.key === undefined)
  }

  async start (): Promise<void> {
    await this.service?.start()
    await this.libp2p.start()
    await this.transport.start()
    await this.migration?.start()
    await this.#control?.start()
    this.forwarder.start()
    if (this.service !== undefined) this.service.onHosted = () => { void this.#advertise() }
    this.transport.onLinkUp = (peer) => {
      if (this.#upstream !== undefined && Buffer.from(peer).equals(Buffer.from(this.#upstream))) void this.#advertise()
    }
    for (const peer of this.config.neighbours) this.#keepLinked(peer, false)
    if (this.config.upstream !== undefined) this.#keepLinked(this.config.upstream, true)
    const every = (ms: number, fn: () => void): void => { const t = setInterval(fn, ms); t.unref(); this.#timers.push(t) }
    every(this.config.advertiseIntervalMs, () => { void this.#advertise() })
    every(1000, () => { if (this.table.expire(clock()) > 0) this.forwarder.routesChanged() })
  }

  async stop (): Promise<void> {
    this.#stopping = true
    for (const t of this.#timers) clearInterval(t)
    this.forwarder.stop()
    await this.#control?.stop()
    await this.migration?.stop()
    await this.transport.stop()
    await this.libp2p.stop()
    await this.store?.close()
  }

  /** The upstream router's node name once linked. */
  get upstream (): Uint8Array | undefined { return this.#upstream }

  /** Resolves once the upstream link is up; rejects after `timeoutMs`. */
  async upstreamReady (timeoutMs: number): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs
    while (this.#upstream === undefined || this.forwarder.link(this.#upstream) === undefined) {
      if (Date.now() > deadline) throw new GdpError(`cannot reach ${this.config.upstream ?? 'an upstream router'} within ${timeoutMs} ms`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    return this.#upstream
  }

  /** Addresses others can dial, with /p2p/<peer id>. */
  multiaddrs (): string[] {
    return this.libp2p.getMultiaddrs().map((a) => a.toString())
  }

  /** Dials `address` now and again whenever the link is down; the upstream also becomes the default route. */
  #keepLinked (address: string, upstream: boolean): void {
    const attempt = async (): Promise<void> => {
      if (this.#stopping) return
      try {
        const peer = await this.transport.connect(multiaddr(address))
        log('linked to %s (%s)', formatName(peer), address)
        if (upstream) {
          this.#upstream = peer
          this.forwarder.setDefaultRoute(peer)
        }
      } catch (err) {
        log('cannot link to %s yet: %s', address, (err as Error).message)
      }
    }
    void attempt()
    const t = setInterval(() => {
      const linked = upstream ? this.#upstream !== undefined && this.forwarder.link(this.#upstream) !== undefined : this.transport.neighbours().length > 0 && this.#linkedTo(address)
      if (!linked) void attempt()
    }, RECONNECT_MS)
    t.unref()
    this.#timers.push(t)
  }

  #linkedTo (address: string): boolean {
    const peerId = multiaddr(address).getComponents().find((c) => c.name === 'p2p')?.value
    return this.libp2p.getConnections().some((c) => c.remotePeer.toString() === peerId)
  }

  /** Link for a PDU this node sends one hop. */
  #sendHop (to: Uint8Array, body: Partial<pb.IPdu>): void {
    const link = this.forwarder.link(to)
    if (link === undefined) return
    const nonce = new Uint8Array(NONCE_LENGTH)
    crypto.getRandomValues(nonce)
    try {
      link.send({ version: PDU_VERSION, destination: to, source: this.name, ttl: 1, nonce, ...body })
    } catch {
      // The link went down or is backed up: the next interval tries again.
    }
  }

  #nextSequence (): number {
    this.#sequence = Math.max(this.#sequence + 1, clock())
    return this.#sequence
  }

  /** A server advertises its delegated capsules to its router; a router announces what it reaches to its parent. */
  async #advertise (): Promise<void> {
    const upstream = this.#upstream
    if (upstream === undefined || this.#stopping) return
    const now = clock()
    const expiresAtUs = now + this.config.advertiseLifetimeMs * 1000
    if (this.service !== undefined) {
      const capsules = await this.service.advertisable(now, MAX_ADVERTISED_CAPSULES)
      const ad = signAdvertisement({ serverKey: this.key.publicKey, router: upstream, sequence: this.#nextSequence(), issuedAtUs: now, expiresAtUs, cost: 0, withdraw: false, capsules }, this.key)
      this.#sendHop(upstream, { advertisement: pb.SignedAdvertisement.decode(encodeSignedAdvertisement(ad)) })
    } else if (this.#membership !== undefined) {
      const advertisements = [...this.#serverAds.values()].filter((ad) => ad.advertisement.expiresAtUs > now)
      const announcement = signRouteAnnouncement({ routerKey: this.key.publicKey, parent: upstream, sequence: this.#nextSequence(), issuedAtUs: now, expiresAtUs, membership: this.#membership, advertisements, cost: 1 }, this.key)
      this.#sendHop(upstream, { announcement: signedRouteAnnouncementToPb(announcement) })
    }
  }

  #onRouting (pdu: pb.IPdu, from: Link): void {
    const now = clock()
    try {
      if (pdu.advertisement != null) {
        const signed = decodeSignedAdvertisement(pb.SignedAdvertisement.encode(pdu.advertisement).finish())
        const outcome = this.processor.apply(signed, from.peer, from.cost, now)
        this.#serverAds.set(formatName(from.peer), signed)
        this.#publish([nodeName(signed.advertisement.serverKey), ...outcome.installed], signed)
        void this.#advertise() // tell the parent at once, so a new capsule is reachable from afar quickly
      } else if (pdu.announcement != null) {
        this.processor.applyAnnouncement(signedRouteAnnouncementFromPb(pdu.announcement), from.peer, from.cost, now, this.#policy)
      }
      this.forwarder.routesChanged()
    } catch (err) {
      // Refusals are counted by the processor; anything else is a malformed message.
      if (!(err instanceof CertificateError)) this.processor.rejections.set('malformed', (this.processor.rejections.get('malformed') ?? 0) + 1)
      log('refused routing message from %s: %s', formatName(from.peer), (err as Error).message)
    }
  }

  /** When each capsule was last published to the lookup service. */
  readonly #published = new Map<string, number>()
  readonly lookupCounters = { published: 0, publishFailures: 0, lookups: 0, found: 0 }

  /** Publishes GLookup records for capsules a server advertised here (again at half their lifetime). */
  #publish (capsules: Uint8Array[], advertisement: SignedAdvertisement): void {
    const dht = this.libp2p.services.dht
    // With no DHT peers yet a put has nowhere to go: the next advertisement tries again.
    // kadDHT() without a client/server split builds a SingleKadDHT, which has a routing table.
    if (dht === undefined || (dht as SingleKadDHT).routingTable.size === 0) return
    const now = Date.now()
    const record = encodeLookupRecord({ advertisement, routerAddresses: this.multiaddrs() })
    for (const capsule of capsules) {
      const id = formatName(capsule)
      if ((this.#published.get(id) ?? 0) > now - this.config.advertiseLifetimeMs / 2) continue
      this.#published.set(id, now)
      void (async () => {
        try {
          for await (const event of dht.put(lookupKey(capsule), record, { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) })) void event
          this.lookupCounters.published++
        } catch (err) {
          log('publishing %s failed: %s', id, (err as Error).message)
          this.lookupCounters.publishFailures++
          this.#published.delete(id)
        }
      })()
    }
  }

  /** Looks a capsule up in GLookup; installs the route and links to the router it names. */
  async #lookUp (capsule: Uint8Array): Promise<void> {
    const dht = this.libp2p.services.dht
    if (dht === undefined) return
    this.lookupCounters.lookups++
    let value: Uint8Array | undefined
    try {
      for await (const event of dht.get(lookupKey(capsule), { signal: AbortSignal.timeout(LOOKUP_TIMEOUT_MS) })) {
        if (event.name === 'VALUE') value = event.value
      }
    } catch {
      // Not found, or no peers to ask: the default route gets its turn.
    }
    if (value === undefined) { log('lookup of %s found nothing', formatName(capsule)); return }
    const found = verifyLookupRecord(capsule, decodeLookupRecord(value), clock(), routerOfAddress)
    if (Buffer.from(found.router).equals(Buffer.from(this.name))) return
    if (this.forwarder.link(found.router) === undefined) {
      for (const address of found.routerAddresses) {
        try { await this.transport.connect(multiaddr(address)); break } catch { /* try the next address */ }
      }
    }
    this.table.install({ capsule, server: found.advertisement.server, nextHop: found.router, cost: found.advertisement.cost + 10, expiresAtUs: found.expiresAtUs })
    this.lookupCounters.found++
    log('lookup of %s: through router %s', formatName(capsule), formatName(found.router))
    this.forwarder.routesChanged()
  }

  /** Counters for status and metrics. */
  stats (): Record<string, unknown> {
    return {
      name: formatName(this.name),
      role: this.config.role,
      peerId: this.libp2p.peerId.toString(),
      addresses: this.multiaddrs(),
      neighbours: this.transport.neighbours().map(formatName),
      routes: this.table.size,
      hosted: this.service?.hosted().length ?? 0,
      subscriptions: this.service?.subscriptions ?? 0,
      forwarder: this.forwarder.counters,
      transport: this.transport.counters,
      rejectedAdvertisements: Object.fromEntries(this.processor.rejections),
      ...(this.migration === undefined ? {} : { migration: this.migration.stats() }),
      ...(this.libp2p.services.dht === undefined ? {} : { lookup: { ...this.lookupCounters, peers: (this.libp2p.services.dht as SingleKadDHT).routingTable.size } })
    }
  }
}

function publicKeyOfPeer (peer: PeerId): Uint8Array {
  const key = peer.publicKey
  if (key?.type !== 'Ed25519') throw new GdpError(`peer ${peer.toString()} has no Ed25519 key`)
  return key.raw
}

/** The node name of the peer a multiaddr ends in (/p2p/<id>), if it names one with an Ed25519 key. */
function routerOfAddress (address: string): Uint8Array | undefined {
  try {
    const id = multiaddr(address).getComponents().find((c) => c.name === 'p2p')?.value
    const key = id === undefined ? undefined : peerIdFromString(id).publicKey
    return key?.type === 'Ed25519' ? nodeName(key.raw) : undefined
  } catch {
    return undefined
  }
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

function readMembership (path: string): SignedDomainMembership {
  try {
    return decodeSignedDomainMembership(readFileSync(path))
  } catch (err) {
    throw new InvalidArgumentError(`membership file ${path}: ${(err as Error).message}`)
  }
}

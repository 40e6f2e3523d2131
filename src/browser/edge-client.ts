/**
 * An edge client in a browser (docs/browser.md): libp2p over WebSocket with
 * Noise and Yamux, the PDU transport, a forwarder whose one route is the
 * node it connected to, and the GdpClient, the same client protocol and
 * checks as a Node client node. Its keys are made and kept in the browser:
 * the node signs nothing for it, and everything read is verified here.
 */
import { noise } from '@chainsafe/libp2p-noise'
import type { Libp2p } from '@libp2p/interface'
import { webSockets } from '@libp2p/websockets'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { capsuleName, newMetadata, signMetadata } from '../capsule/metadata.js'
import { formatName, parseName } from '../capsule/name.js'
import type { ReadSelector } from '../capsule/selector.js'
import type { AppField, CapsuleRecord } from '../capsule/types.js'
import { Appender, GdpClient } from '../client/client.js'
import { utf8Bytes } from '../crypto/bytes.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../crypto/ed25519.js'
import { InvalidArgumentError, LinkTimeoutError, ServiceStoppedError } from '../errors.js'
import { joinedWrites } from '../node/joined-writes.js'
import { quietFrameDecoding } from '../node/quiet-frame-decoding.js'
import { LinkKeeper, wrongAddressError } from '../node/link-keeper.js'
import { pduMuxer, PduTransport } from '../node/pdu-transport.js'
import { libp2pIdentity } from '../node/libp2p-identity.js'
import { signAdCert } from '../routing/certificates.js'
import { Forwarder } from '../routing/forwarder.js'
import { RouteTable } from '../routing/route-table.js'
import { storageJournal, type JournalStorage } from './storage-journal.js'
import { nodeName } from '../routing/signing.js'
import { MAX_TIMER_MS, wallClockUs as clock } from '../clock.js'

/** Requests wait this long for a route: as a Node client node's do (node.ts). */
const RESOLVE_TIMEOUT_MS = 4000
/** How long an owner's AdCert lets a server advertise a capsule by default: as `gdp capsule create --delegate` does. */
const DEFAULT_DELEGATION_MS = 30 * 24 * 3600 * 1000
/** An AdCert is valid from this long before its signing, so a server whose clock is behind the browser's takes it. */
const CLOCK_SKEW_MS = 60_000

export interface ConnectOptions {
  /** How long to wait for the link to the node; then connect fails with LinkTimeoutError. @default 10000 */
  timeoutMs?: number
  /** How long a request may take before it fails (GdpClient). @default 15000 */
  requestTimeoutMs?: number
}

export interface CreateCapsuleOptions {
  /** The servers' node names (text): the capsule's replicas. @default the servers the connected node proposes or, when it knows none, the node itself */
  servers?: string[]
  /** Replicas wanted, when the connected node proposes the servers. @default 1 */
  replicas?: number
  /** Replicas that must hold an append before it is acknowledged. @default a majority */
  writeQuorum?: number
  /** Application metadata (text values). */
  fields?: Record<string, string>
  /** How long each server may advertise the capsule (its AdCert's validity), in ms. @default 30 days */
  delegateMs?: number
  /** Where to keep the writer's journal (storageJournal): `localStorage`, say. @default none: nothing is kept across a reload */
  journal?: JournalStorage
}

export interface OpenCapsuleOptions {
  /** Where the writer's journal is kept (storageJournal): `localStorage`, say; give the same storage each time the capsule is opened with the key. @default none */
  journal?: JournalStorage
}

/** A record as read or received: verified by its inclusion proof against a heartbeat its writer signed. */
export interface EdgeRecord {
  seqno: number
  timestampUs: number
  payload: Uint8Array
  /** The record hash (text form): what the writer's heartbeats commit to. */
  hash: string
}

/** What an acknowledged append tells. */
export interface EdgeAppendReceipt {
  /** Records in the capsule once this batch is in. */
  size: number
  /** Node names of the replicas whose signed acknowledgement was checked (none when recovery found the batch stored without one). */
  acknowledgedBy: string[]
}

/**
 * Links a browser to a gdp node over WebSocket and returns an edge client.
 * `address` is the node's WebSocket multiaddr with its peer id, e.g.
 * `/ip4/127.0.0.1/tcp/4041/ws/p2p/12D3KooW...` (a node lists it when its
 * `listen` has a /ws address). The link is dialled again while it is down.
 * @example const edge = await connect(address); const capsule = await edge.createCapsule()
 */
export async function connect (address: string, options: ConnectOptions = {}): Promise<EdgeClient> {
  for (const option of ['timeoutMs', 'requestTimeoutMs'] as const) {
    const ms = options[option]
    // 0, NaN or past what a timer holds, every request (or the link) timed out at once, named as the node's silence.
    if (ms !== undefined && !(Number.isInteger(ms) && ms >= 1 && ms <= MAX_TIMER_MS)) throw new InvalidArgumentError(`${option}: a whole number of milliseconds from 1 to ${MAX_TIMER_MS} (about 24.8 days, the longest a timer holds), not ${ms}`)
  }
  let target
  try {
    target = multiaddr(address)
  } catch (err) {
    throw new InvalidArgumentError(`'${address}' is not a multiaddr (${(err as Error).message}); give the node's WebSocket address, e.g. /ip4/127.0.0.1/tcp/4041/ws/p2p/12D3KooW...`)
  }
  if (target.getComponents().find((c) => c.name === 'p2p') === undefined) throw new InvalidArgumentError(`'${address}' must end in /p2p/<peer id>: Noise checks the node is that peer`)
  const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const libp2p = await createLibp2p({
    privateKey: libp2pIdentity(key),
    start: false,
    addresses: { listen: [] },
    transports: [webSockets()],
    connectionEncrypters: [joinedWrites(quietFrameDecoding(noise()))],
    streamMuxers: [pduMuxer()],
    // In a browser libp2p refuses to dial ws:// and private addresses unless told otherwise; this
    // client dials only the node its page named (loopback or a LAN node included), nothing it learns.
    connectionGater: { denyDialMultiaddr: () => false }
  })
  const edge = new EdgeClient(key, libp2p, options)
  try {
    await edge.start(address, options.timeoutMs ?? 10_000)
  } catch (err) {
    await edge.close()
    throw err
  }
  return edge
}

export class EdgeClient {
  readonly #libp2p: Libp2p
  readonly #forwarder: Forwarder
  readonly #transport: PduTransport
  readonly #links: LinkKeeper
  readonly #client: GdpClient
  /** Aborted by close(): subscriptions under way end, and every call after fails at once. */
  readonly #closing = new AbortController()
  #peer: Uint8Array | undefined

  constructor (key: Ed25519Signer, libp2p: Libp2p, options: ConnectOptions) {
    this.#libp2p = libp2p
    this.#forwarder = new Forwarder({ self: nodeName(key.publicKey), resolveTimeoutMs: RESOLVE_TIMEOUT_MS }, { table: new RouteTable(), clock })
    this.#transport = new PduTransport({ libp2p, forwarder: this.#forwarder })
    this.#links = new LinkKeeper({}, { connect: async (address) => await this.#transport.connect(multiaddr(address)) })
    this.#client = new GdpClient(options.requestTimeoutMs === undefined ? {} : { timeoutMs: options.requestTimeoutMs }, { forwarder: this.#forwarder, clock })
  }

  /**
   * Starts the parts and waits for the first link to the node at `address`,
   * within `timeoutMs`; an address no wait mends (another node there than
   * its /p2p/ names, one no transport here dials) ends the wait at once, as
   * the command line's does. A refused connection cannot end it early: a
   * browser's WebSocket reports every failure to connect alike, an error
   * event with no reason (docs/browser.md).
   */
  async start (address: string, timeoutMs: number): Promise<void> {
    await this.#libp2p.start()
    await this.#transport.start()
    this.#forwarder.start()
    const linked = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Why the dial failed (refused, a node with another key than the address's peer id, a page origin the node
        // does not take): "cannot reach" alone left the page guessing.
        const failure = this.#links.lastFailure(address)
        reject(new LinkTimeoutError(`cannot reach ${address} within ${timeoutMs} ms${failure === undefined ? '' : `; the last dial failed: ${failure.message}`}`))
      }, timeoutMs)
      this.#links.keep(address, {
        up: () => this.#peer !== undefined && this.#forwarder.link(this.#peer) !== undefined,
        onLinked: (peer) => {
          // Every request goes to that node, which routes it on.
          this.#peer = peer
          this.#forwarder.setDefaultRoute(peer)
          clearTimeout(timer)
          resolve()
        },
        onDialFailed: (failure) => {
          if (failure.wrongAddress === undefined) return
          clearTimeout(timer)
          reject(wrongAddressError({ ...failure, wrongAddress: failure.wrongAddress }))
        }
      })
    })
    await linked
  }

  /** The node name (text form) of the node this client is linked to. */
  get node (): string {
    if (this.#peer === undefined) throw new LinkTimeoutError('not linked to a node yet')
    return formatName(this.#peer)
  }

  /**
   * Creates a capsule with a key made here, owner and writer both, on the
   * servers chosen (by default, those the connected node proposes). Each
   * server gets the owner's AdCert for it, and all of them when there are
   * several, so each knows its peers.
   */
  async createCapsule (options: CreateCapsuleOptions = {}): Promise<EdgeCapsule> {
    this.#open()
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const given = options.servers?.map((s) => parseName(s, 'server name'))
    const replicas = given?.length ?? options.replicas ?? 1
    if (replicas === 0) throw new InvalidArgumentError('a capsule needs at least one server')
    // Each was the servers' word only, after a round trip: -1 replicas read as a write quorum too large, and an
    // AdCert that had expired when it was signed made a capsule no router would route to.
    if (!Number.isInteger(replicas) || replicas < 1) throw new InvalidArgumentError(`replicas: a whole number from 1, not ${replicas}`)
    const texts = given?.map((s) => formatName(s))
    const twice = texts?.find((s, i) => texts.indexOf(s) !== i)
    if (twice !== undefined) throw new InvalidArgumentError(`servers: ${twice} is named twice; each replica is another server`)
    const delegateMs = options.delegateMs ?? DEFAULT_DELEGATION_MS
    if (!Number.isInteger(delegateMs) || delegateMs < 1) throw new InvalidArgumentError(`delegateMs: a whole number of milliseconds from 1 (how long each server may advertise the capsule), not ${delegateMs}`)
    const writeQuorum = options.writeQuorum ?? 0
    if (writeQuorum > replicas) throw new InvalidArgumentError(`a write quorum of ${writeQuorum} is more than the ${replicas} replicas: no append could ever be acknowledged`)
    const now = clock()
    const notAfterUs = now + delegateMs * 1000
    if (!Number.isSafeInteger(notAfterUs)) throw new InvalidArgumentError(`delegateMs: ${delegateMs} ms from now is past the last time an AdCert can state`)
    const appFields: AppField[] = Object.entries(options.fields ?? {}).map(([k, v]) => ({ key: k, value: utf8Bytes(v) }))
    const metadata = newMetadata({
      owner: key.publicKey,
      writer: key.publicKey,
      createdAtUs: now,
      replication: { replicas: replicas > 1 ? replicas : 0, writeQuorum },
      appFields,
      nonce: crypto.getRandomValues(new Uint8Array(16))
    })
    const signed = signMetadata(metadata, key)
    const name = capsuleName(metadata)
    // The capsule's name orders the servers the node cannot tell apart otherwise: no server key is ground to come first.
    const servers = given ?? await this.#proposedServers(replicas, name)
    const adCerts = servers.map((server) => signAdCert({ capsule: name, server, notBeforeUs: now - CLOCK_SKEW_MS * 1000, notAfterUs }, key))
    for (const [i, server] of servers.entries()) await this.#client.create(signed, server, adCerts[i], servers.length > 1 ? adCerts : [])
    const journal = options.journal === undefined ? undefined : storageJournal(options.journal, key.publicKey)
    return new EdgeCapsule(name, key, new Appender(this.#client, await this.#client.newWriter(signed, key, { journal })), this.#closing.signal)
  }

  /** The connected node's proposal of `count` servers; none known: the node itself (a server linked to directly). */
  async #proposedServers (count: number, salt: Uint8Array): Promise<Uint8Array[]> {
    const peer = this.#peer!
    const proposal = await this.#client.proposeServers(peer, { count, salt })
    if (proposal.known === 0 && count === 1) return [peer]
    if (proposal.servers.length < count) throw new InvalidArgumentError(`${count} replicas need as many servers; node ${formatName(peer)} knows ${proposal.known}: name them with servers`)
    return proposal.servers.map((s) => s.server)
  }

  /**
   * Goes on writing an existing capsule with its writer key (the secretKey
   * of an EdgeCapsule, kept by the page), from the capsule's verified tip.
   * With a journal, from no less than what the key signed there before (a
   * batch signed and never answered is sent again first; replicas that show
   * less are refused: ReplicasBehindWriterError, nothing signed).
   */
  async openCapsule (name: string, secretKey: Uint8Array, options: OpenCapsuleOptions = {}): Promise<EdgeCapsule> {
    this.#open()
    const key = new Ed25519Signer(secretKey)
    const capsule = parseName(name)
    const journal = options.journal === undefined ? undefined : storageJournal(options.journal, key.publicKey)
    return new EdgeCapsule(capsule, key, new Appender(this.#client, await this.#client.writer(capsule, key, { journal })), this.#closing.signal)
  }

  /** Reads records; each is checked by its inclusion proof against a heartbeat the capsule's writer signed. */
  async read (name: string, selector: ReadSelector): Promise<EdgeRecord[]> {
    this.#open()
    return (await this.#client.read(parseName(name), selector)).map(edgeRecord)
  }

  /** The capsule's size, as its newest heartbeat (signature checked) says. */
  async size (name: string): Promise<number> {
    this.#open()
    return await this.#client.size(parseName(name))
  }

  /**
   * Records from `fromSeqno` on, each verified, as they are appended, until
   * `signal` aborts (then the server is told to stop).
   * @example for await (const record of edge.subscribe(name, { signal })) show(record)
   */
  async * subscribe (name: string, options: { fromSeqno?: number, signal?: AbortSignal } = {}): AsyncGenerator<EdgeRecord> {
    this.#open()
    const closing = this.#closing.signal
    const signal = options.signal === undefined ? closing : AbortSignal.any([options.signal, closing])
    for await (const record of this.#client.subscribe(parseName(name), options.fromSeqno ?? 0, signal)) yield edgeRecord(record)
    // Ended by close(), not by the page's signal: it waited for a route on a client that was gone, then said NO_ROUTE.
    if (closing.aborted && options.signal?.aborted !== true) throw closedError()
  }

  #open (): void {
    if (this.#closing.signal.aborted) throw closedError()
  }

  /** Closes the link and stops; the client cannot be used afterwards. */
  async close (): Promise<void> {
    this.#closing.abort()
    this.#links.stop()
    this.#forwarder.stop()
    await this.#transport.stop()
    await this.#libp2p.stop()
  }
}

/** A capsule this browser writes: its name, its writer key and the Appender that signs and sends its batches. */
export class EdgeCapsule {
  /** The capsule's name (text form). */
  readonly name: string
  readonly #key: Ed25519Signer
  readonly #appender: Appender
  readonly #closing: AbortSignal

  constructor (name: Uint8Array, key: Ed25519Signer, appender: Appender, closing: AbortSignal) {
    this.name = formatName(name)
    this.#key = key
    this.#appender = appender
    this.#closing = closing
  }

  /** The writer's (and owner's) 32-byte secret key: whoever holds it can write the capsule. Keep it to open the capsule again later. */
  get secretKey (): Uint8Array { return this.#key.seed }

  /**
   * Appends records (text is stored as UTF-8) as one signed batch, with
   * appends made meanwhile; resolves once the replicas' signed
   * acknowledgements are checked (a write quorum of them).
   */
  async append (payloads: Array<Uint8Array | string>): Promise<EdgeAppendReceipt> {
    // Signed and kept in the journal after close(), a batch went on to fail after some 3 s as 'may be stored or not'.
    if (this.#closing.aborted) throw closedError()
    const receipt = await this.#appender.append(payloads.map((p) => typeof p === 'string' ? utf8Bytes(p) : p))
    const acks = receipt.ack === undefined ? [] : [receipt.ack, ...receipt.ack.replicaAcks]
    return { size: receipt.heartbeat.heartbeat.size, acknowledgedBy: acks.map((a) => formatName(a.server)) }
  }
}

function closedError (): ServiceStoppedError {
  return new ServiceStoppedError('this edge client was closed (close()): connect again')
}

function edgeRecord (record: CapsuleRecord): EdgeRecord {
  return { seqno: record.header.seqno, timestampUs: record.header.timestampUs, payload: record.payload, hash: formatName(record.hash) }
}

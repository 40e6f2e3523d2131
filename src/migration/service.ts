/**
 * The migration endpoint of a node: receives migrations from allowed
 * senders on /gdp/migrate/1.0.0, and sends them on the operator's request
 * (through the node's control socket). Holds the base registry and the
 * store of migration capsules.
 */
import { join } from 'node:path'
import type { Connection, DialProtocolOptions, Stream, StreamHandlerOptions } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import { peerIdFromString } from '@libp2p/peer-id'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import type { Signer } from '../capsule/metadata.js'
import { parseName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { InvalidArgumentError, MigrationUnauthorizedError, ServerBusyError, ServiceStoppedError } from '../errors.js'
import { formatName } from '../capsule/name.js'
import { nodeName } from '../routing/signing.js'
import { CapsuleStore } from '../store/capsule-store.js'
import { refuseLostCurrent } from '../store/level-db.js'
import { BaseRegistry } from './bases.js'
import { MAX_HELLO_FRAME_BYTES, MIGRATE_PROTOCOL, refuseStream, streamChannel } from './channel.js'
import type { ModeDecision } from './controller.js'
import { MigrationReceiver, type ReceivedSummary } from './receiver.js'
import { MigrationSender, type MigrationProgress, type MigrationSendInit, type MigrationSummary } from './sender.js'
import { InlinePool, WorkerPool } from './pool.js'

const log = logger('gdp:migration')

/**
 * Streams one sending node may have open here at once, from before its
 * hello until each ends. Each may hold a queue of unread frames
 * (MAX_QUEUED_FRAME_BYTES) and its migration's open files: without a bound
 * an allowed node, or one whose key was stolen, could open libp2p's limit
 * per connection on every connection it makes.
 */
export const MAX_STREAMS_PER_SENDER = 8

export interface MigrationServiceInit {
  /** Folder for the base registry and the migration capsules. */
  folder: string
  /** Folder where received images land, one subfolder per migration. */
  receiveFolder: string
  /** Node names (43-character text form) allowed to send migrations here, or 'any'. */
  allow: string[]
  /** What a sender not allowed is told to do about it. @default 'add it to migration_allow' */
  notAllowedHint?: string
  /** Pipeline worker threads (default: one per core). */
  workers?: number
  /** Bytes of receiveFolder's disk a round leaves free, and of folder's disk a base add (MigrationReceiverInit.keepFreeBytes). @default DISK_KEPT_FREE_BYTES */
  keepFreeBytes?: number
  /** Bytes of memory the block hashes of the migrations received may take (MigrationReceiverInit.maxHashBytes). @default MAX_HASH_MEMORY_BYTES */
  maxHashBytes?: number
  /** Migrations one sender may have not finished here at once (MigrationReceiverInit.maxUnfinishedPerSender). @default MAX_UNFINISHED_PER_SENDER */
  maxUnfinishedPerSender?: number
  /** How long a sender's new stream may go without its hello (MigrationReceiverInit.helloTimeoutMs). @default HELLO_TIMEOUT_MS */
  helloTimeoutMs?: number
}

/** What the service reads of the connection a stream came on: the peer the transport authenticated. */
export type MigrationConnection = Pick<Connection, 'remotePeer'>

/**
 * What the service needs of the network: to answer its protocol and to open
 * a stream to another node. A libp2p node has these; tests join two
 * services by in-memory stream pairs instead.
 */
export interface MigrationNetwork {
  handle: (protocol: string, handler: (stream: Stream, connection: MigrationConnection) => void, options?: StreamHandlerOptions) => Promise<void>
  unhandle: (protocol: string) => Promise<void>
  dialProtocol: (peer: Multiaddr, protocol: string, options?: DialProtocolOptions) => Promise<Stream>
}

export interface MigrationServiceComponents {
  /** The node's libp2p, of which the service uses only what MigrationNetwork lists. */
  libp2p: MigrationNetwork
  signer: Signer
  /** The Ed25519 key of a connected peer, as the transport authenticated it. */
  peerKey: (connection: MigrationConnection) => Uint8Array
}

/** Listeners for one migration's events (MigrationSenderEvents), added next to the service's own. */
export interface MigrationListeners {
  onProgress?: (progress: MigrationProgress) => void
  onDecision?: (decision: ModeDecision) => void
  /** Notices: a pre-copy round done, the pause, a dropped link. */
  onEvent?: (message: string) => void
}

export class MigrationService {
  readonly #init: MigrationServiceInit
  readonly #c: MigrationServiceComponents
  #bases: BaseRegistry | undefined
  #store: CapsuleStore | undefined
  #receiver: MigrationReceiver | undefined
  #pool: WorkerPool | undefined
  readonly #allowed: Set<string> | 'any'
  /** Streams open from each sending node (by its name's text), counted against MAX_STREAMS_PER_SENDER. */
  readonly #streamsFrom = new Map<string, number>()
  /** For status and metrics: migrations sent and under way, and the mode each one uses now. */
  readonly counters = { sent: 0, failed: 0, sending: new Map<string, { mode: string, progress?: MigrationProgress }>() }

  constructor (init: MigrationServiceInit, components: MigrationServiceComponents) {
    this.#init = init
    this.#c = components
    this.#allowed = init.allow.includes('any') ? 'any' : new Set(init.allow.map((n) => Buffer.from(parseName(n)).toString('hex')))
  }

  async start (): Promise<void> {
    const capsules = join(this.#init.folder, 'capsules')
    // The store's own words for a lost CURRENT or a damaged MANIFEST end in 'gdp store repair', which mends <data>/store, not this one.
    const owner = {
      what: 'the migration store',
      orElse: `with the node stopped, move ${capsules} away: the migrations received whole stay (their folders and 'gdp migrate list'); one being received is sent again`
    }
    refuseLostCurrent(capsules, owner)
    this.#bases = await BaseRegistry.open({ folder: join(this.#init.folder, 'bases'), ...(this.#init.keepFreeBytes === undefined ? {} : { keepFreeBytes: this.#init.keepFreeBytes }) })
    try {
      this.#store = await CapsuleStore.open({ path: capsules, owner })
    } catch (err) {
      // Left open, the base index kept its lock: the next start in this process was refused as "in use by another process".
      await this.#bases.close()
      this.#bases = undefined
      throw err
    }
    const allowed = this.#allowed
    const hint = this.#init.notAllowedHint ?? 'add it to migration_allow'
    this.#receiver = new MigrationReceiver({
      folder: this.#init.receiveFolder,
      allow: (sender) => allowed === 'any' || allowed.has(Buffer.from(sender).toString('hex')),
      notAllowedHint: hint,
      ...(this.#init.keepFreeBytes === undefined ? {} : { keepFreeBytes: this.#init.keepFreeBytes }),
      ...(this.#init.maxHashBytes === undefined ? {} : { maxHashBytes: this.#init.maxHashBytes }),
      ...(this.#init.maxUnfinishedPerSender === undefined ? {} : { maxUnfinishedPerSender: this.#init.maxUnfinishedPerSender }),
      ...(this.#init.helloTimeoutMs === undefined ? {} : { helloTimeoutMs: this.#init.helloTimeoutMs })
    }, { store: this.#store, bases: this.#bases })
    const receiver = this.#receiver
    await receiver.start()
    await this.#c.libp2p.handle(MIGRATE_PROTOCOL, (stream, connection) => {
      const key = this.#c.peerKey(connection)
      // A node not allowed is refused before anything it sends is buffered (the hello would tell no more: the
      // receiver checks again that the capsule is the key's own). An allowed one may send a hello, and no more, first.
      const sender = nodeName(key)
      if (allowed !== 'any' && !allowed.has(Buffer.from(sender).toString('hex'))) {
        refuseStream(stream, new MigrationUnauthorizedError(`this node does not accept migrations from node ${formatName(sender)} (${hint})`))
        return
      }
      const peer = formatName(sender)
      const open = this.#streamsFrom.get(peer) ?? 0
      if (open >= MAX_STREAMS_PER_SENDER) {
        refuseStream(stream, new ServerBusyError(`this node receives ${open} migration streams from node ${peer} at once already: send again once one of them ends`))
        return
      }
      this.#streamsFrom.set(peer, open + 1)
      void receiver.serve(streamChannel(stream, { firstFrameBytes: MAX_HELLO_FRAME_BYTES }), key).finally(() => {
        const left = (this.#streamsFrom.get(peer) ?? 1) - 1
        if (left === 0) this.#streamsFrom.delete(peer)
        else this.#streamsFrom.set(peer, left)
      })
    }, { runOnLimitedConnection: false })
  }

  async stop (): Promise<void> {
    await this.#c.libp2p.unhandle(MIGRATE_PROTOCOL).catch(() => {})
    await this.#receiver?.stop()
    await this.#pool?.close()
    await this.#bases?.close()
    await this.#store?.close()
  }

  get bases (): BaseRegistry {
    if (this.#bases === undefined) throw new ServiceStoppedError('the migration service is not started')
    return this.#bases
  }

  get receiver (): MigrationReceiver {
    if (this.#receiver === undefined) throw new ServiceStoppedError('the migration service is not started')
    return this.#receiver
  }

  /**
   * Sends a migration to the node at `to` (a multiaddr ending in
   * /p2p/<peer id>); resolves once the receiver verified every image.
   * `inline`: hash and compress on this thread rather than the service's
   * worker threads (InlinePool), for a few megabytes such as a router's
   * state.
   */
  async send (init: MigrationSendInit & { inline?: boolean }, to: string, listeners: MigrationListeners = {}): Promise<MigrationSummary> {
    let address
    try { address = multiaddr(to) } catch { throw new InvalidArgumentError(`'${to}' is not a multiaddr (e.g. /ip4/10.0.0.2/tcp/4040/p2p/12D3...)`) }
    // The last /p2p/ part: in a relayed address, the relay's comes first.
    const peer = address.getComponents().findLast((c) => c.name === 'p2p')?.value
    if (peer === undefined) throw new InvalidArgumentError(`'${to}' must end in /p2p/<peer id>, so the receiver's key is checked`)
    let peerKey: Uint8Array | undefined
    try { peerKey = peerIdFromString(peer).publicKey?.raw } catch { throw new InvalidArgumentError(`'${to}': '${peer}' is not a peer id`) }
    // Refused here: libp2p's "Can not dial self" would be redialled until the resume timeout.
    if (peerKey !== undefined && equalBytes(peerKey, this.#c.signer.publicKey)) throw new InvalidArgumentError(`'${to}' is this node itself: a migration goes to another node`)
    const pool = init.inline === true ? new InlinePool() : (this.#pool ??= new WorkerPool(this.#init.workers))
    const libp2p = this.#c.libp2p
    log('migration %s to %s', init.name, to)
    const sender = new MigrationSender(init, {
      signer: this.#c.signer,
      bases: this.bases,
      pool,
      connect: async (signal) => {
        try {
          return streamChannel(await libp2p.dialProtocol(address, MIGRATE_PROTOCOL, { signal, runOnLimitedConnection: false }))
        } catch (err) {
          // InvalidArgumentError ends the migration at once: redialling reaches the same other node.
          if (isWrongPeer(err as Error)) throw new InvalidArgumentError(`the node at ${to} is not ${peer}: it proved another key (${(err as Error).message}); check the address's /p2p/ part`)
          throw err
        }
      }
    })
    const { events } = sender
    const { onProgress, onDecision, onEvent } = listeners
    events.addEventListener('progress', (event) => { this.counters.sending.set(init.name, { mode: event.detail.mode, progress: event.detail }) })
    if (onProgress !== undefined) events.addEventListener('progress', (event) => { onProgress(event.detail) })
    if (onDecision !== undefined) events.addEventListener('decision', (event) => { onDecision(event.detail) })
    if (onEvent !== undefined) events.addEventListener('notice', (event) => { onEvent(event.detail) })
    this.counters.sending.set(init.name, { mode: init.mode ?? 'auto' })
    try {
      const summary = await sender.run()
      this.counters.sent++
      return summary
    } catch (err) {
      this.counters.failed++
      throw err
    } finally {
      this.counters.sending.delete(init.name)
    }
  }

  /** Received migrations as the receiver keeps them in memory (no state file read), oldest first. */
  summaries (): ReceivedSummary[] {
    return this.#receiver?.summaries() ?? []
  }

  /** Written to the node's status file every second: counted from what the receiver keeps, no state file read. */
  stats (): Record<string, unknown> {
    const received = this.#receiver?.counts() ?? { complete: 0, receiving: 0, damaged: 0 }
    return {
      // Counted, not listed: a list opens every base's copy and its block index, every second.
      bases: this.#bases?.count ?? 0,
      sent: this.counters.sent,
      failed: this.counters.failed,
      sending: Object.fromEntries([...this.counters.sending].map(([name, { mode }]) => [name, mode])),
      received: received.complete,
      receiving: received.receiving,
      damaged: received.damaged
    }
  }
}

/** A dial that reached a node with another key than the address's peer id (Noise checks it): one error, or each of several. */
function isWrongPeer (err: Error): boolean {
  if (err instanceof AggregateError) return err.errors.length > 0 && err.errors.every((e) => e instanceof Error && isWrongPeer(e))
  return err.name === 'UnexpectedPeerError' || (err.name === 'EncryptionFailedError' && err.message.includes('does not match expected remote identity key'))
}

/**
 * The capsule service of a storage server: answers create, append, read,
 * subscribe and info requests for the capsules in its store. It verifies
 * everything a writer sends (signatures, chain, tree) and never holds a
 * writer's key; it signs an acknowledgement of each append with its own key.
 */
import { verifyInclusion, verifyRange } from '../capsule/merkle.js'
import { encodeHeartbeat, inclusionProofToPb, rangeProofToPb, payloadBytes, recordFromPb, recordToPb, signedHeartbeatFromPb, signedHeartbeatToPb, signedMetadataFromPb, signedMetadataToPb } from '../capsule/codec.js'
import type { Signer } from '../capsule/metadata.js'
import { formatName, parseName } from '../capsule/name.js'
import type { CapsuleRecord, SeqRange, SignedHeartbeat, SignedMetadata } from '../capsule/types.js'
import { TypedEventEmitter } from '@libp2p/interface'
import { verifyAppendBatch } from '../capsule/writer.js'
import { verifyHeartbeat } from '../capsule/heartbeat.js'
import { resolveSelector, type ReadSelector } from '../capsule/selector.js'
import { currentDelegations, delegationsFromPb, removalsFromPb, removedBy, replicaSetFromPb, replicaSetToPb, replicasOf, tookOver, verifyReplicaSet, writeQuorumOf } from '../routing/replica-set.js'
import { deletionRefusedWith, oneReplicaHere, Replicator, type ReplicaClient, type ReplicatorInit } from './replicator.js'
import { serversWanted } from '../client/servers-wanted.js'
import { Repairer, type RepairerInit, type RepairOutcome } from './repair.js'
import { KvService, kvReadBytes, type KvServiceInit } from './kv-service.js'
import { encodeSignedDeletion, signedDeletionFromPb, verifyDeletion, type SignedCapsuleDeletion } from '../capsule/deletion.js'
import type { SignedPlacementDelegation } from '../capsule/delegation.js'
import { logger } from '@libp2p/logger'
import { CapsuleDeletedError, CapsuleMovedError, CapsuleNotFoundError, CertificateError, ChainMismatchError, CreateRefusedError, ForkDetectedError, GdpError, InvalidArgumentError, InvalidSignatureError, isOwnFailure, MalformedMessageError, NotRequesterError, PreconditionFailedError, QuorumNotReachedError, QuotaExceededError, ReplicasUnreachableError, RequestRefusedError, requesterMessage, ServerBusyError, StoreClosedError, StoreCorruptionError, StoreFullError, StoreRegressionError } from '../errors.js'
import { storeFullDetail } from '../store/free-space.js'
import { LimitedLog } from '../log-limit.js'
import { appendAckToPb, signAppendAck } from '../routing/append-ack.js'
import { CLOCK_SKEW_US, decodeSignedAdCert, encodeSignedAdCert, signedAdCertFromPb, verifyAdCert, type AdvertisedCapsule, type SignedAdCert } from '../routing/certificates.js'
import { capsuleName, verifySignedMetadata } from '../capsule/metadata.js'
import { APPEND_ANSWER_BYTES, AT_WORK_HEADS_UP_MS, HEADS_UP_BYTES, RECORD_OVERHEAD_BYTES, type LocalService, type ReplyFlow } from '../routing/forwarder.js'
import type { CapsuleStore, OwnerUsage } from '../store/capsule-store.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import type { CreatePolicy } from './create-policy.js'
import { fixedBytes, pb, safeUint } from '../wire/index.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { bytesToHex, compareBytes } from '../crypto/bytes.js'
import { serverReceiptToPb, signServerReceipt } from '../routing/receipt.js'
import { nodeName } from '../routing/signing.js'
import { Turns } from './turns.js'
import { FairShares } from '../routing/fair-shares.js'

export interface CapsuleServiceInit {
  /** Records per read response; longer reads arrive in several responses. @default 256 */
  maxRecordsPerResponse?: number
  /** Payload bytes per read response (a single larger record still goes alone). @default 4 MiB */
  maxBytesPerResponse?: number
  /** Live subscriptions, at most. @default 10000 */
  maxSubscriptions?: number
  /** Capsules per list response; a longer list takes several requests. @default 1000 */
  maxCapsulesPerList?: number
  /** How this server keeps capsules of several replicas together with its peers. */
  replication?: ReplicatorInit
  /** How this server mends on-disk damage from its peers (Repairer). */
  repair?: RepairerInit
  /** Between two checks for capsules past their expiry, which are then deleted once past expiryGraceMs too. @default 60000 */
  expiryCheckMs?: number
  /**
   * How long of this server's own running time (its monotonic clock, which a
   * step of the wall clock does not move) a capsule must be seen past its
   * expiry, at every check, before it is deleted: a wall clock stepped years
   * ahead (a reset real-time clock, a wrong or forged NTP answer) would
   * otherwise delete every capsule with an expiry on one reading of it,
   * beyond repair. A capsule seen in time again starts over. @default 3600000
   */
  expiryGraceMs?: number
  /**
   * Between two saves of the owners' byte counts (with a create policy; and
   * at stop): a crash forgets at most this long of appends, so a quota may
   * be passed by that much. @default 5000
   */
  usageSaveMs?: number
  /**
   * A subscriber with more live records than this appended and not yet sent
   * to it has fallen too far behind: it is ended with CONGESTION and the
   * sequence number to resubscribe from. @default 65536
   */
  maxSubscriberLagRecords?: number
  /** The same bound in payload bytes. @default 64 MiB */
  maxSubscriberLagBytes?: number
  /** Subscription responses built at once, over all subscriptions, in turns (each up to maxBytesPerResponse). @default 8 */
  subscriptionWorkers?: number
  /**
   * Read responses built at once, over all reads, in turns (each up to
   * maxBytesPerResponse): each read goes to the back of its requester's
   * line after each response, and requesters take turns in rotation.
   * @default 4
   */
  readWorkers?: number
  /**
   * Reads of records waiting for a turn, at most (a read waits again for
   * each of its responses); past it, the requester waiting with the most
   * gives up its newest if it waits with more than one over the newcomer's
   * requester, else the newcomer is refused; either with ServerBusyError
   * (CONGESTION) saying where to read on from. @default 1024
   */
  maxWaitingReads?: number
  /**
   * Bytes of appends verified and waiting for the store to write them, all
   * capsules together (a record counts its payload and 256 bytes); one that
   * would pass it, while any wait, is refused with ServerBusyError
   * (CONGESTION), nothing stored: its writer sends it again. @default 256 MiB
   */
  maxWritingBytes?: number
  /**
   * Signatures checked a second for creates besides their metadata's (an
   * AdCert, a replica set's AdCerts, removals and delegations), shared
   * evenly by the neighbours sending creates (FairShares); a create past
   * its requester's share is refused with QuotaExceededError
   * (QUOTA_EXCEEDED, retry_after_ms 1000), as one past the create rates is.
   * @default 2000
   */
  createChecksPerSecond?: number
  /** The key-value reads of key-value capsules: pages and open indexes. */
  kv?: KvServiceInit
  /**
   * How long requests that still reach this server for a capsule it handed
   * over (a move, docs/moving.md) are passed on to the server it moved to:
   * longer than a route lasts without a refresh (advertise_lifetime), so
   * every router has dropped the old route by then. @default 180000
   */
  movedForwardMs?: number
}

/** Events of a CapsuleService; each detail is a capsule name. */
export interface CapsuleServiceEvents {
  /** A create added a capsule new to this server. */
  hosted: CustomEvent<Uint8Array>
  /** A create stored an owner's AdCert for this server, new or renewed; or a capsule withdrawn since its store went backwards is served again. */
  delegated: CustomEvent<Uint8Array>
  /** A capsule was deleted here (by its owner, or when it expired): it is to be withdrawn from routing. */
  deleted: CustomEvent<Uint8Array>
  /**
   * A capsule held here cannot be served (its store went backwards:
   * StoreRegressionError): it is to be withdrawn from routing, so requests
   * go to the other replicas. advertised() leaves it out until anti-entropy
   * fetched from them every record the store had acknowledged ('delegated'
   * then).
   */
  withdrawn: CustomEvent<Uint8Array>
}

export interface CapsuleServiceCounters {
  /** Subscriptions ended because their subscriber fell too far behind. */
  subscriptionsLagging: number
  /** Requests this service refused with a NACK, by reason (STORE_FULL, QUOTA_EXCEEDED, ...). */
  nacks: Record<string, number>
  /** Capsules past their expiry by this server's clock at the last check, not yet seen so for expiryGraceMs. */
  expiryPending: number
  /** Capsules deleted here since start because they expired. */
  expired: number
  /** Capsules withdrawn from routing now because their store went backwards (until anti-entropy mends them, or they are deleted). */
  withdrawn: number
}

export interface CapsuleServiceComponents {
  store: CapsuleStore
  /** How this server reaches the other replicas of a capsule; without it, it refuses capsules of several replicas. */
  replicaClient?: ReplicaClient
  /** The server's node key: signs append acknowledgements. */
  signer: Signer
  /** Who may create here and how many; none: anyone, without limits. */
  createPolicy?: CreatePolicy
  clock: () => number
  /** Told how long each append and each read took to serve, in seconds (the node's latency histograms). */
  observeLatency?: (operation: 'append' | 'read', seconds: number) => void
  /**
   * Sends a request from this node and passes each reply to `onReply` (the
   * forwarder's request): how requests for a capsule that moved away are
   * passed on to its new server. Without it they are answered MOVED.
   */
  forward?: (destination: Uint8Array, request: pb.IRequest, onReply: (pdu: pb.IPdu) => void) => void
}

type Reply = Parameters<LocalService['handle']>[1]

/** What a read response carries besides its records. */
interface ReadExtras {
  /** An inclusion proof per record, to the head. */
  proofs: boolean
  /** With proofs: one range proof for the response's records instead. */
  rangeProof: boolean
  /** The heartbeats that ended the writer's batches among the records. */
  batchHeartbeats: boolean
  /** A read's answer ends with the record that brings the payload bytes sent to this many (0 or unset: no limit). */
  maxBytes?: number
}

/**
 * A live subscription is two numbers, what went out and what exists: the
 * records between are read from the store when its turn comes, so one that
 * falls behind holds no memory, only a lag, and the lag is bounded.
 */
interface Subscription {
  id: string
  capsule: StoredCapsule
  proofs: boolean
  /** With proofs: one range proof per response. */
  rangeProof: boolean
  reply: Reply
  flow: ReplyFlow | undefined
  /** Who may end it with an unsubscribe (StopRight). */
  stopRight: StopRight
  /** The next record to send. */
  sent: number
  /** Records before this one exist and are to be sent. */
  until: number
  /** Records from here on were appended after the subscription started; only they count as lag (the backlog was asked for). */
  liveFrom: number
  /** Payload bytes of live records not sent yet. */
  lagBytes: number
  /** Waiting for its turn. */
  queued: boolean
  /** A worker is building its next response. */
  busy: boolean
  ended: boolean
  /** What goes out after the response being built, once ended (a final response or NACK). */
  last?: Parameters<Reply>[0]
}

/** A read still being sent: cancel or unsubscribe stop it between two responses; `last` (a STOPPED NACK) goes out instead, if set. */
interface ReadInProgress { capsule: string, stopped: boolean, stopRight: StopRight, last?: Parameters<Reply>[0] }

/**
 * Who may stop a subscription or a read with an unsubscribe of its nonce:
 * one that comes by the neighbour the request came by (ReplyFlow.requester,
 * '' for this node's own), sent by the request's source or by that
 * neighbour (a router on the way, whose requester is gone or left). A nonce
 * is no secret: every router on the way sees it, and any peer that repeated
 * it ended another requester's subscription.
 */
interface StopRight { neighbour: string, source: string }

/** Whether an unsubscribe sent by `source`, come by `flow`, may stop a request of `right`. */
function mayStop (right: StopRight, flow: ReplyFlow | undefined, source: string): boolean {
  const neighbour = flow?.requester ?? ''
  return neighbour === right.neighbour && (source === right.source || source === neighbour)
}

/** The StopRight of a request from `source` come by `flow`: made for the reads, subscriptions and unsubscribes that use it only (not every append). */
const stopRightOf = (flow: ReplyFlow | undefined, source: Uint8Array | null | undefined): StopRight => ({ neighbour: flow?.requester ?? '', source: bytesToHex(source ?? new Uint8Array(0)) })

const key = (name: Uint8Array): string => formatName(name)

/** Runs `run` once no other run under `k` in `turns` is under way, noted there while it runs: one at a time per key. */
async function inTurn<T> (turns: Map<string, Promise<unknown>>, k: string, run: () => Promise<T>): Promise<T> {
  for (let earlier = turns.get(k); earlier !== undefined; earlier = turns.get(k)) await earlier.catch(() => {})
  const running = run()
  turns.set(k, running)
  try {
    return await running
  } finally {
    if (turns.get(k) === running) turns.delete(k)
  }
}

const log = logger('gdp:capsule-service')

/**
 * What a background task of the service (a timer's) logs when it fails:
 * once when it starts failing, or fails in another way, and once when it
 * works again; not at every tick while it fails (a full disk fails it for
 * as long as it lasts). Such a task never throws: it is tried again at its
 * next tick.
 */
class BackgroundFailures {
  readonly #what: string
  #failing: string | undefined
  constructor (what: string) { this.#what = what }
  failed (err: Error): void {
    if (this.#failing !== err.name) log.error('%s failed (tried again later; logged once until it works again): %s', this.#what, err.message)
    this.#failing = err.name
  }

  worked (): void {
    if (this.#failing !== undefined) log('%s works again', this.#what)
    this.#failing = undefined
  }
}

/**
 * Requests this server failed for its own reasons, and those refused for a
 * full disk, are logged at most this often, by kind (their NACK does not
 * name the store's files).
 */
const FAILURE_LOG_MS = 60_000
/** A hand-off waits at most this long for reads of the capsule still being sent before it deletes the capsule here. */
const READ_DRAIN_MS = 5000
/**
 * How far ahead of this server's clock a batch may be stamped (its
 * heartbeat, the latest of its timestamps). Timestamps never decrease along
 * a capsule, so one batch stamped years ahead by a writer whose clock ran
 * ahead would hold every later record at that time for good (and a capsule
 * with an expiry would take no record again); refused, the writer's batch
 * stores nothing and it can go on once its clock is right.
 */
export const MAX_STAMPED_AHEAD_US = 3600e6

/** What a create's replica set carries, decoded and not yet checked: its AdCerts, removals and placement delegations. */
interface OfferedSet { adCerts: SignedAdCert[], removals: SignedCapsuleDeletion[], delegations: SignedPlacementDelegation[] }

export class CapsuleService implements LocalService {
  readonly #init: Required<CapsuleServiceInit>
  readonly #c: CapsuleServiceComponents
  readonly #self: Uint8Array
  readonly #hosted = new Set<string>()
  /** Creates being admitted and stored, by capsule: one at a time each (#create). */
  readonly #creating = new Map<string, Promise<unknown>>()
  /** Capsules hosted whose metadata row was gone at start (repaired from a replica when asked for): not among the store's names. */
  readonly #metadataLost = new Set<string>()
  /** Capsules handed over to another server (a move): where to, and until when (ms) requests are passed on there; the soonest to end first. */
  readonly #moved = new Map<string, { to: Uint8Array, until: number }>()
  /** Capsules being handed over: their requests wait for the switch to end. */
  readonly #handingOff = new Map<string, Promise<void>>()
  /**
   * Appends past the hand-off gate and not answered yet, by capsule: a
   * hand-off waits for them before its last catch-up. One suspended between
   * the gate and the store (opening the capsule, checking what is held) when
   * the gate closed was written and acknowledged here after the target had
   * taken over, and lost with the copy here.
   */
  readonly #appending = new Map<string, { count: number, drained?: () => void }>()
  readonly #subscriptions = new Map<string, Map<string, Subscription>>()
  #subscriptionCount = 0
  /** Subscriptions waiting for their turn, first come first served (a deque: #readyHead is its front). */
  #ready: Array<Subscription | undefined> = []
  #readyHead = 0
  #workers = 0
  /** Reads still being sent, by nonce. */
  readonly #reads = new Map<string, ReadInProgress>()
  readonly #readTurns: Turns
  /** Bytes of appends verified and not written yet (maxWritingBytes). */
  #writingBytes = 0
  /** Those appends' writes, until each ends: a stop waits for them before its last save of the counts (stop). */
  readonly #writing = new Set<Promise<unknown>>()
  readonly #createChecks: FairShares
  readonly counters: CapsuleServiceCounters = { subscriptionsLagging: 0, nacks: {}, expiryPending: 0, expired: 0, withdrawn: 0 }

  constructor (init: CapsuleServiceInit, components: CapsuleServiceComponents) {
    this.#init = {
      maxRecordsPerResponse: 256,
      maxBytesPerResponse: 4 * 1024 * 1024,
      maxSubscriptions: 10_000,
      maxCapsulesPerList: 1000,
      replication: {},
      repair: {},
      kv: {},
      expiryCheckMs: 60_000,
      expiryGraceMs: 3_600_000,
      maxSubscriberLagRecords: 65_536,
      maxSubscriberLagBytes: 64 * 1024 * 1024,
      subscriptionWorkers: 8,
      readWorkers: 4,
      maxWaitingReads: 1024,
      maxWritingBytes: 256 * 1024 * 1024,
      createChecksPerSecond: 2000,
      movedForwardMs: 180_000,
      usageSaveMs: 5000,
      ...init
    }
    this.#readTurns = new Turns(this.#init.readWorkers)
    this.#createChecks = new FairShares(this.#init.createChecksPerSecond)
    this.#c = components
    this.#self = nodeName(components.signer.publicKey)
    this.replicator = components.replicaClient === undefined
      ? undefined
      : new Replicator(this.#init.replication, {
        store: components.store,
        client: components.replicaClient,
        self: this.#self,
        clock: components.clock,
        stored: (capsule, heartbeat, records) => {
          const bytes = payloadBytes(records)
          this.#c.createPolicy?.countBytes(capsule.metadata.owner.key, bytes)
          this.#countedSince(capsule.name, bytes)
          this.#notify(capsule, heartbeat, records)
        },
        deleted: async (capsule, deletion) => {
          if (!this.#hosted.has(key(capsule.name))) return
          if (deletion.deletion.server !== undefined) await this.#leaveWithRecordsHeld(capsule, deletion, true)
          else await this.#deleteHere(capsule, encodeSignedDeletion(deletion))
        },
        unopenable: (name, err) => { this.#withdrawIfRegressed(name, err) },
        recovered: (name) => {
          this.#servedAgain(name)
          void this.#countAgain(name)
        }
      })
    this.repairer = new Repairer(this.#init.repair, {
      store: components.store,
      self: this.#self,
      client: components.replicaClient,
      peers: (name) => this.replicator?.peers(name) ?? [],
      learnLostSet: async (name, info) => { await this.replicator?.learnLostSet(name, info) },
      clock: components.clock,
      repaired: (outcome) => {
        this.replicator?.mended(outcome.capsule)
        void this.#countAgain(outcome.capsule)
        // Left out of advertisements while its metadata was damaged (advertised()): offered again.
        if (outcome.metadata) this.events.safeDispatchEvent('delegated', { detail: outcome.capsule })
      }
    })
    this.kv = new KvService(this.#init.kv, { store: components.store })
    this.events.addEventListener('delegated', (event) => { this.#delegatedElsewhere.delete(key(event.detail)) })
  }

  /** Answers the key-value reads of the key-value capsules held here (docs/kv.md section 11). */
  readonly kv: KvService

  /** Passes appends on to a capsule's other replicas and fetches what they hold (when a replica client was given). */
  readonly replicator: Replicator | undefined

  /** Mends on-disk damage from a healthy replica: on a read that meets it, and on verifyAndRepair. */
  readonly repairer: Repairer

  /**
   * Checks every row of a capsule and repairs what is damaged from a peer
   * replica (Repairer.repair); undefined when nothing was. Throws a
   * StoreCorruptionError, the store left as it was, when it cannot be.
   * Tried at once, even while reads wait after a failed repair.
   */
  async verifyAndRepair (name: Uint8Array): Promise<RepairOutcome | undefined> {
    return await this.repairer.repair(name, { now: true })
  }

  /** Learns the capsules already in the store. */
  async start (): Promise<void> {
    // Rows of capsules deleted here, left after their deletion: a set was shared with peers that no longer list the
    // capsule (every round with one failed opening it), index rows stayed for good. (A delegation, which had the deleted
    // capsule advertised, is dropped by the listing of delegations the advertiser reads next.)
    for (const { name, row } of await this.#c.store.dropOrphanRows()) log('capsule %s was deleted here: its %s, left on disk, is dropped', formatName(name), row)
    await this.replicator?.start()
    const policy = this.#c.createPolicy
    // A capsule whose metadata row is damaged or gone is held here still: a request for it has it repaired from a replica.
    const damaged = (name: Uint8Array, fault: string): void => {
      log.error('capsule %s: %s; it is repaired from a replica when asked for (gdp capsule repair)', formatName(name), fault)
      this.#hosted.add(key(name))
    }
    for await (const { name, signed } of this.#c.store.allMetadata(damaged)) {
      this.#hosted.add(key(name))
      policy?.held(signed)
    }
    // And one whose row is gone: it was neither held nor repaired, every read of it refused as a store gone backwards.
    for (const { name, fault } of await this.#c.store.lostMetadata((n) => this.#hosted.has(key(n)))) {
      damaged(name, fault)
      this.#metadataLost.add(key(name))
    }
    // The saved counts first: a capsule deleted here before they are read (a removal to finish, an expiry) took its
    // bytes off a count of 0, and saved that 0 in its deletion, for good: the owner's other capsules counted as nothing.
    if (policy !== undefined) await this.#readUsage(policy)
    // Counting nothing, its deletions take no bytes off the saved counts: no longer whole (as after a kill).
    else await this.#c.store.ownerCountsTaken()
    this.#countsRead = true
    await this.#finishRemovals()
    const checkExpiry = (): void => {
      this.#expiring = this.#expiring.then(async () => {
        await this.expire()
        this.#expiryFailures.worked()
      }).catch((err: Error) => { this.#expiryFailures.failed(err) })
    }
    // At once too: a clock gone wrong shows most often at a start (a real-time clock reset by a power loss), and the
    // grace of running time starts from the first check that sees a capsule expired.
    checkExpiry()
    this.#expiryTimer = setInterval(checkExpiry, this.#init.expiryCheckMs)
    this.#expiryTimer.unref()
    if (policy === undefined) return
    this.#usageTimer = setInterval(() => {
      // One save at a time: a tick while one is still being written waits for the next.
      if (this.#usageSaving === undefined) void this.#saveUsage()
    }, this.#init.usageSaveMs)
    this.#usageTimer.unref()
  }

  /** Reads the owners' byte counts saved in the store into the create policy; counts again those damaged. */
  async #readUsage (policy: CreatePolicy): Promise<void> {
    let recount: Uint8Array[] = []
    // Counts in a block LevelDB cannot read are lost, whose owners are unknown: every owner is counted again. Taken
    // as nothing used, an owner's quota was open again; the scan threw, and the server did not start.
    let unreadable = false
    // Counts of 0 a store of before kept, of owners whose capsules all went: removed (an owner of none has no row).
    const emptied: Array<{ owner: Uint8Array, bytes: number }> = []
    for await (const { owner, bytes } of this.#c.store.ownerUsage(() => { unreadable = true })) {
      if (bytes === undefined) recount.push(owner)
      else if (bytes === 0) emptied.push({ owner, bytes })
      else policy.usage(owner, bytes)
    }
    if (emptied.length > 0) await this.#c.store.putOwnerUsage(emptied)
    // Saved as a server stopped with no record written since, or they may miss records: those of the last seconds
    // before a kill -9 (saved every usageSaveMs), a local command's appends, a store from before the counts were
    // kept or received by migration. Read as saved, such bytes were never counted, and a deletion took them off the
    // owner's other capsules' count, below what the owner holds.
    const whole = await this.#c.store.ownerCountsWhole()
    if (!whole) log('the owners\' saved byte counts may miss records (the server did not stop cleanly, or records were written while it was stopped): every owner is counted again from its capsules')
    if (unreadable || !whole) {
      const owners = new Map<string, Uint8Array>()
      for await (const { owner } of this.#c.store.ownerUsage()) owners.set(key(owner), owner)
      for await (const { signed } of this.#c.store.allMetadata()) owners.set(key(signed.metadata.owner.key), signed.metadata.owner.key)
      recount = [...owners.values()]
    }
    if (recount.length > 0) await this.#recountUsage(policy, recount, whole)
    await this.#c.store.ownerCountsTaken()
  }

  /**
   * Counts again, from their capsules' records, the payload bytes of owners
   * whose saved count is damaged, and saves it. A capsule too damaged to
   * read is counted as nothing (it is repaired when asked for).
   */
  async #recountUsage (policy: CreatePolicy, owners: Uint8Array[], sayEach: boolean): Promise<void> {
    const counts = new Map(owners.map((owner) => [key(owner), { owner, bytes: 0 }]))
    const read = new Set<string>()
    for await (const { name, signed } of this.#c.store.allMetadata()) {
      read.add(key(name))
      const count = counts.get(key(signed.metadata.owner.key))
      if (count === undefined || !await this.#c.store.mayHoldRecords(name)) continue
      try {
        count.bytes += (await this.#c.store.capsule(name)).payloadBytes()
      } catch (err) {
        if (!(err instanceof StoreCorruptionError || err instanceof StoreRegressionError)) throw err
        this.#countedShort.set(key(name), { owner: signed.metadata.owner.key, since: 0 })
      }
    }
    // Held with its metadata row damaged or gone: its owner is not known, so it may be one of those counted again.
    for (const k of this.#hosted) if (!read.has(k)) this.#countedShort.set(k, { since: 0 })
    for (const k of counts.keys()) this.#recountedOwners.add(k)
    for (const { owner, bytes } of counts.values()) {
      if (sayEach) log.error('owner %s: its saved count of payload bytes was damaged, or saved to be counted again (a capsule of its counted as nothing); counted again from its capsules: %d bytes', formatName(owner), bytes)
      policy.usage(owner, bytes)
    }
    const short = this.#countsShort()
    await this.#c.store.putOwnerUsage([...counts.values()].map(({ owner, bytes }) => ({ owner, bytes, countAgain: short(owner) })))
  }

  /**
   * Tells whether an owner's count may be short: a capsule of its (or of an
   * owner not known, where its count was counted again) is counted short,
   * other than `except`. Such a count is saved to be counted again at the
   * next start (OwnerUsage.countAgain), where which capsules were counted
   * short is found again: kept in memory only, a restart before their repair
   * read the count as whole, and they stayed uncounted for good. The capsules
   * are walked once for all the owners of a save: walked for each owner, a
   * save of 10,000 owners beside 10,000 capsules counted short takes 10^8 steps.
   */
  #countsShort (except?: string): (owner: Uint8Array) => boolean {
    if (this.#countedShort.size === 0) return () => false
    const owners = new Set<string>()
    let ownerUnknown = false
    for (const [k, short] of this.#countedShort) {
      if (k === except) continue
      if (short.owner === undefined) ownerUnknown = true
      else owners.add(key(short.owner))
    }
    return (owner) => owners.has(key(owner)) || (ownerUnknown && this.#recountedOwners.has(key(owner)))
  }

  /**
   * Capsules counted as nothing by #recountUsage (too damaged to read, or
   * gone backwards), by name: their owner, and the bytes counted for them
   * since (records appended, or fetched from peers). Their repair, or their catching up,
   * did not add the rest: the owner's count stayed short for good (its
   * quota overshot), and a deletion of the capsule took all its bytes off.
   * No owner: its metadata could not be read either; once it can, its bytes
   * are added if its owner is among #recountedOwners (an owner whose count
   * was read as saved held them already).
   */
  readonly #countedShort = new Map<string, { owner?: Uint8Array, since: number }>()
  /** Owners whose count #recountUsage counted again, for capsules counted short whose owner it did not know. */
  readonly #recountedOwners = new Set<string>()

  /** Notes `bytes` of records written to capsule `name` and counted for its owner, where it was counted short. */
  #countedSince (name: Uint8Array, bytes: number): void {
    const short = this.#countedShort.size === 0 ? undefined : this.#countedShort.get(key(name))
    if (short !== undefined) short.since += bytes
  }

  /** What a deletion of capsule `name`, holding `bytes`, takes off its owner's count: where it was counted short, only what was counted for it since. */
  #deletedBytes (name: Uint8Array, owner: Uint8Array, bytes: number): number {
    const short = this.#countedShort.size === 0 ? undefined : this.#countedShort.get(key(name))
    if (short === undefined || (short.owner === undefined && !this.#recountedOwners.has(key(owner)))) return bytes
    return short.since
  }

  /** Adds what a capsule counted short holds and was not counted, once it reads again (repaired or caught up). */
  async #countAgain (name: Uint8Array): Promise<void> {
    const short = this.#countedShort.get(key(name))
    const policy = this.#c.createPolicy
    if (short === undefined || policy === undefined) return
    let held: number
    let owner: Uint8Array
    try {
      const capsule = await this.#c.store.capsule(name)
      held = capsule.payloadBytes()
      owner = short.owner ?? capsule.metadata.owner.key
    } catch (err) {
      // Still damaged, or deleted meanwhile: left as it is (the next repair counts it, #forgetDeleted forgets it).
      log('capsule %s, counted short: not counted again yet: %s', formatName(name), (err as Error).message)
      return
    }
    if (this.#countedShort.get(key(name)) !== short) return
    this.#countedShort.delete(key(name))
    if (short.owner === undefined && !this.#recountedOwners.has(key(owner))) return
    policy.countBytes(owner, Math.max(0, held - short.since))
    log('capsule %s: read again, its %d payload bytes counted for owner %s (%d of them counted as they were written)', formatName(name), held, formatName(owner), short.since)
  }

  /**
   * Deletes the capsules whose replica set, as stored here, has this server
   * removed: a hand-off or a removal stopped (kill -9) after it recorded the
   * removal and before the copy here went. The copy came back at start and
   * was advertised again beside the server that took it over, behind it.
   */
  async #finishRemovals (): Promise<void> {
    const replicator = this.replicator
    if (replicator === undefined) return
    for (const k of [...this.#hosted]) {
      const name = parseName(k)
      const set = replicator.replicaSet(name)
      const removal = replicator.removals(name).find((r) => r.deletion.server !== undefined && equalBytes(r.deletion.server, this.#self))
      if (set === undefined || removal === undefined || set.some((a) => equalBytes(a.cert.server, this.#self))) continue
      try {
        await this.#deleteHere(await this.#c.store.capsule(name), encodeSignedDeletion(removal))
        log('capsule %s: this server was removed from its replicas (a hand-off or removal stopped before it deleted the copy here); deleted now', formatName(name))
      } catch (err) {
        log.error('capsule %s: this server was removed from its replicas, and deleting the copy here failed: %s', formatName(name), (err as Error).message)
      }
    }
  }

  /** Saves the owners' byte counts (a failure, a full disk say, is logged: the counts saved last stay); the store must still be open. */
  async stop (): Promise<void> {
    clearInterval(this.#expiryTimer)
    await this.#expiring
    await this.replicator?.stop()
    clearInterval(this.#usageTimer)
    await this.#usageSaving
    // Appends taken are counted already: saved while they are still being written, the counts were not saved as
    // whole, and a stop under load had the next start count every owner again.
    await Promise.allSettled(this.#writing)
    // Not read (a start that failed before): the counts in memory count nothing, and saved as whole they had the
    // next start read as they were counts left short by a kill, for good.
    if (this.#countsRead) await this.#saveUsage(true)
  }

  /** The saved counts were read (or counted again) at start: those in memory count every record held from then. */
  #countsRead = false
  #usageTimer: NodeJS.Timeout | undefined
  #expiryTimer: NodeJS.Timeout | undefined
  /** Capsules past their expiry at the last check, by key: when (performance.now()) they were first seen so. */
  #pastExpiry = new Map<string, number>()
  #expiring: Promise<void> = Promise.resolve()
  readonly #expiryFailures = new BackgroundFailures('deleting expired capsules')
  readonly #usageFailures = new BackgroundFailures('saving the owners\' byte counts')
  /** The save of the owners' byte counts in progress. */
  #usageSaving: Promise<void> | undefined
  /** Owners whose changed byte counts were taken from the create policy and not saved (their save failed): saved with the next, by key. */
  readonly #unsavedOwners = new Map<string, Uint8Array>()
  /**
   * Capsules whose deletion took their bytes off their owners' counts as it
   * was written, until they are forgotten: another deletion of one at once
   * (the owner's order by request and from a peer) takes nothing more.
   */
  readonly #deletionsCounted = new Set<string>()
  /** Requests this server failed for its own reasons or refused for a full disk, logged by kind (error name). */
  readonly #failuresLogged = new LimitedLog(FAILURE_LOG_MS)

  /**
   * Saves the owners' byte counts that changed. Never throws (it runs from a
   * timer): a failure is logged, and its counts are saved with the next ones.
   * `whole`: the last save, as the server stops, saved even where no count
   * changed, as counting every record held (CapsuleStore.ownerCountsWhole),
   * unless appends taken are still being written.
   */
  async #saveUsage (whole = false): Promise<void> {
    const policy = this.#c.createPolicy
    if (policy === undefined) return
    const saving = (async () => {
      try {
        if (!whole && !policy.usageChanged && this.#unsavedOwners.size === 0) return
        let written: Uint8Array[] = []
        // The counts read as the batch goes to LevelDB: read before, a deletion written ahead of this save had its
        // bytes put back by it (or the count it saved was older than the appends written with it).
        await this.#c.store.putOwnerUsage(() => {
          for (const owner of policy.takeChangedOwners()) this.#unsavedOwners.set(key(owner), owner)
          written = [...this.#unsavedOwners.values()]
          const short = this.#countsShort()
          return written.map((owner) => ({ owner, bytes: policy.bytesOf(owner), countAgain: short(owner) }))
          // Not with appends taken and not written yet: counted as they were taken, one that then fails (a full disk,
          // the store closing) left its bytes in counts read as whole, the owner's quota short of them.
        }, { whole: whole && (() => this.#writingBytes === 0) })
        // An owner's count changed since is noted changed again, and saved with the next.
        for (const owner of written) this.#unsavedOwners.delete(key(owner))
        this.#usageFailures.worked()
      } catch (err) {
        this.#usageFailures.failed(err as Error)
      }
    })()
    this.#usageSaving = saving
    try {
      await saving
    } finally {
      if (this.#usageSaving === saving) this.#usageSaving = undefined
    }
  }

  /** Live subscriptions. */
  get subscriptions (): number { return this.#subscriptionCount }

  /** Payload bytes of the capsules held here, as counted for the owners' quotas; undefined without a create policy. */
  get payloadBytes (): number | undefined { return this.#c.createPolicy?.payloadBytes }

  /** How many capsules are served here: read every second for the status file, at no cost per capsule. */
  get hostedCount (): number { return this.#hosted.size }

  /** Capsules moved from here whose requests are, or were until lately, passed on to where they went. */
  get movedAway (): number { return this.#moved.size }

  /** Forgets the moves whose requests are no longer passed on (they stayed, each, unless one was asked for later). */
  #forgetMovesEnded (): void {
    const now = performance.now()
    for (const [k, moved] of this.#moved) {
      if (moved.until > now) break
      this.#moved.delete(k)
    }
  }

  /** Names served here, in their text form (they are kept so: decoding each and encoding it again cost a server of 50,000 capsules about 2 % of a core every second). */
  hostedNames (): string[] {
    return [...this.#hosted]
  }

  /**
   * Names served here after `after`, in the store's order (the names'
   * bytes), read from the store's ordered keys as they are asked for: a page
   * of them costs in proportion to its size. Sorting every name for each
   * page of the capsules view took 26 ms at 100,000 capsules.
   */
  async * hostedInNameOrder (after?: Uint8Array): AsyncGenerator<string> {
    // Those whose metadata row is gone are served all the same but not among the store's names: few, merged in.
    const lost = [...this.#metadataLost].map((k) => parseName(k)).filter((n) => after === undefined || compareBytes(n, after) > 0).sort(compareBytes)
    let i = 0
    const hosted = (name: Uint8Array): string | undefined => this.#hosted.has(key(name)) ? key(name) : undefined
    for await (const name of this.#c.store.names(after)) {
      for (; i < lost.length && compareBytes(lost[i]!, name) <= 0; i++) {
        // One repaired since has its row again: listed once, from the store.
        const k = equalBytes(lost[i]!, name) ? undefined : hosted(lost[i]!)
        if (k !== undefined) yield k
      }
      const k = hosted(name)
      if (k !== undefined) yield k
    }
    for (; i < lost.length; i++) {
      const k = hosted(lost[i]!)
      if (k !== undefined) yield k
    }
  }

  /**
   * Its capsules, and its own node name (where create requests go). A
   * capsule whose metadata it asks the overlay for by its name is not served
   * to its own requests, or its question came to itself; others' are
   * answered, SERVER_ERROR for its damage, and their clients go to another
   * replica (passed on, they were answered NO_ROUTE, which a writer's
   * Appender met until it gave up, at the same replica each time).
   */
  serves (name: Uint8Array, ownRequest = false): boolean {
    return (this.#hosted.has(key(name)) && !(ownRequest && this.repairer.askingByName(name))) || equalBytes(name, this.#self) || this.#movedTo(name) !== undefined
  }

  /** The server a capsule moved to from here, while requests for it are still passed on there. */
  #movedTo (name: Uint8Array): Uint8Array | undefined {
    const moved = this.#moved.get(key(name))
    if (moved === undefined) return undefined
    if (moved.until > performance.now()) return moved.to
    this.#moved.delete(key(name))
    return undefined
  }

  /**
   * Capsules whose stored AdCert names another server than this node, by
   * that server's name, as the last pass over the delegations found them:
   * the node's key was replaced (another node's copied over, one made afresh
   * after it was lost). Routers refuse to route them to this node, so they
   * are not advertised; the status and `gdp node start` say so, where
   * nothing did and the capsules were unreachable.
   */
  get delegatedElsewhere (): Map<string, number> {
    const counts = new Map<string, number>()
    for (const server of this.#delegatedElsewhere.values()) counts.set(server, (counts.get(server) ?? 0) + 1)
    return counts
  }

  /**
   * The capsules of delegatedElsewhere, by name, with the server their AdCert
   * names. One its owner delegates to this node since ('delegated': gdp
   * capsule renew, a create with the new key's AdCert) leaves it: the status
   * said it was not advertised until the node restarted.
   */
  #delegatedElsewhere = new Map<string, string>()

  /** Every capsule delegated to this server, with its AdCert's end (for the Advertiser). */
  async * delegations (): AsyncGenerator<{ name: Uint8Array, notAfterUs: number }> {
    const elsewhere = new Map<string, string>()
    for await (const { name, encoded } of this.#c.store.delegations()) {
      const adCert = await this.#delegation(name, encoded)
      if (adCert === undefined) continue
      if (!equalBytes(adCert.cert.server, this.#self)) {
        elsewhere.set(key(name), formatName(adCert.cert.server))
        continue
      }
      yield { name, notAfterUs: adCert.cert.notAfterUs }
    }
    this.#delegatedElsewhere = elsewhere
    for (const [server, count] of this.delegatedElsewhere) log.error('capsules in this store delegated to server %s, not to this node %s: %d, not advertised (was node.key replaced?)', server, formatName(this.#self), count)
  }

  /**
   * The owner's AdCert placing a capsule on this server, from its stored row
   * (`encoded`, read by the caller), else from the replica set that names
   * this server (also where a removal bars the row's and not the set's). A row that does not decode (a damaged disk) is written
   * again from the replica set when it holds this server's AdCert, and is
   * left out otherwise: it threw, and one such row kept the node from
   * starting (its advertiser loads every delegation) and the owner from
   * deleting that capsule.
   */
  async #delegation (name: Uint8Array, encoded: Uint8Array | undefined): Promise<SignedAdCert | undefined> {
    const fromSet = (): SignedAdCert | undefined => this.replicator?.replicaSet(name)?.find((a) => equalBytes(a.cert.server, this.#self))
    if (encoded === undefined) return fromSet()
    let stored: SignedAdCert
    try {
      stored = decodeSignedAdCert(encoded)
    } catch (err) {
      const own = fromSet()
      log.error('capsule %s: its delegation row is damaged (%s); %s', formatName(name), (err as Error).message, own === undefined ? 'it is not advertised until its owner delegates it here again' : 'written again from its replica set')
      if (own === undefined) return undefined
      try {
        await this.#c.store.putDelegation(name, encodeSignedAdCert(own))
      } catch (err) {
        // Deleted meanwhile: there is nothing to advertise.
        if (err instanceof CapsuleDeletedError) return undefined
        throw err
      }
      return own
    }
    // Removed and placed again since (the set names this server on a later AdCert): the row's older AdCert, which
    // lasted longer, was kept (#storedOutlasts) and advertised until it ended, though the removal bars it.
    const removals = this.replicator?.removals(name) ?? []
    const again = removedBy(stored, removals) ? fromSet() : undefined
    return again !== undefined && !removedBy(again, removals) ? again : stored
  }

  /**
   * What an advertisement carries for `name`: metadata and AdCert, if its
   * delegation is valid now (with the clock skew allowed); when from a later
   * time, that time.
   */
  async advertised (name: Uint8Array, nowUs: number): Promise<AdvertisedCapsule | { validFromUs: number } | undefined> {
    if (this.#regressed.has(key(name))) return undefined
    const encoded = await this.#c.store.delegation(name)
    if (encoded === undefined) return undefined
    const adCert = await this.#delegation(name, encoded)
    if (adCert === undefined || adCert.cert.notAfterUs < nowUs) return undefined
    if (adCert.cert.notBeforeUs > nowUs + CLOCK_SKEW_US) return { validFromUs: adCert.cert.notBeforeUs - CLOCK_SKEW_US }
    let metadata: SignedMetadata
    try {
      metadata = await this.#c.store.signedMetadata(name)
    } catch (err) {
      // Its metadata row damaged or gone: not advertised until a repair brings it back ('delegated' then). It threw,
      // and the advertiser's snapshot of every capsule of this server failed with it: all of them became unreachable.
      if (!(err instanceof StoreCorruptionError || err instanceof CapsuleNotFoundError)) throw err
      log.error('capsule %s is not advertised: %s', formatName(name), err.message)
      return undefined
    }
    return { metadata, adCert }
  }

  /** What happens to the capsules held here (see CapsuleServiceEvents). */
  readonly events = new TypedEventEmitter<CapsuleServiceEvents>()

  handle (pdu: pb.IPdu, reply: Reply, flow?: ReplyFlow): void {
    this.#dispatch(pdu, reply, flow).catch((err: Error) => {
      const nack = this.#refusal(err)
      const reason = pb.NackReason[nack.reason ?? 0] ?? String(nack.reason)
      this.counters.nacks[reason] = (this.counters.nacks[reason] ?? 0) + 1
      reply({ nack })
    })
  }

  /** Logs a request refused for a full disk (with the store's own words, which its NACK leaves out), at most once a FAILURE_LOG_MS. */
  #refusedFull (err: StoreFullError): void {
    this.#failuresLogged.note(err.name, (more) => { log.error('the store is full: writes are refused until there is room (logged at most once a minute): %s%s', err.message, more) })
  }

  /** The NACK for a request that met `err`; the server's own failures are logged, as the NACK leaves out their detail. */
  #refusal (err: Error): pb.INack {
    if (err instanceof StoreFullError) this.#refusedFull(err)
    else if (isOwnFailure(err) || err instanceof StoreCorruptionError) this.#failed(err)
    return nackFor(err)
  }

  /**
   * Logs a request this server failed to answer for its own reasons (its store, its disk, a bug, damaged
   * records), whose NACK may name only the kind: each kind at most once a FAILURE_LOG_MS, with how many more.
   */
  #failed (err: Error): void {
    // A stack trace only for a bug (an error of no kind the node names): for damaged records or a closed store it was
    // a screenful of lines naming nothing the message did not.
    const what = err instanceof GdpError ? `${err.name}: ${err.message}` : err.stack ?? err.message
    this.#failuresLogged.note(err.name, (more) => { log.error('failed to answer a request%s: %s', more, what) })
  }

  /**
   * Capsules whose store went backwards, by name: not advertised until they
   * hold again every record the store acknowledged (anti-entropy fetches
   * them from the other replicas), or an operator acts.
   */
  readonly #regressed = new Set<string>()

  /**
   * Withdraws a capsule from routing when `err`, met opening it, says its
   * store went backwards: every request reaching it here would fail, while
   * its other replicas can serve it.
   */
  #withdrawIfRegressed (name: Uint8Array, err: unknown): void {
    if (!(err instanceof StoreRegressionError) || this.#regressed.has(key(name))) return
    this.#regressed.add(key(name))
    this.counters.withdrawn = this.#regressed.size
    log.error('capsule %s withdrawn from routing: %s', formatName(name), err.message)
    this.events.safeDispatchEvent('withdrawn', { detail: name })
  }

  /** A capsule withdrawn when its store went backwards holds again what the store acknowledged: it is advertised again. */
  #servedAgain (name: Uint8Array): void {
    if (!this.#regressed.delete(key(name))) return
    this.counters.withdrawn = this.#regressed.size
    log('capsule %s served again: its store holds every record it acknowledged', formatName(name))
    this.events.safeDispatchEvent('delegated', { detail: name })
  }

  /** A capsule held here; one too damaged to open is repaired from a peer replica first (or the error says why it cannot be). */
  async #open (name: Uint8Array): Promise<StoredCapsule> {
    try {
      return await this.#c.store.capsule(name)
    } catch (err) {
      this.#withdrawIfRegressed(name, err)
      if (!(err instanceof StoreCorruptionError) || !this.#hosted.has(key(name)) || this.repairer.repairing(name)) throw err
      await this.repairer.repair(name)
      return await this.#c.store.capsule(name)
    }
  }

  async #create (request: pb.ICreateRequest, requester = ''): Promise<pb.IResponse> {
    const signed = signedMetadataFromPb(request.metadata)
    const name = verifySignedMetadata(signed)
    // Whether its owner may create now, first: the rest may carry some 90 signatures to check (a replica set, its
    // removals and delegations), which a create refused for the rates cost all the same. Counted once all holds.
    const policy = this.#c.createPolicy
    if (policy !== undefined) policy.check(signed, name, await this.#counted(name))
    // Decoded once, first: one carrying more than the protocol allows is refused for that.
    const offered: OfferedSet = { adCerts: replicaSetFromPb(request.replicas), removals: removalsFromPb(request.replicas), delegations: delegationsFromPb(request.replicas) }
    this.#takeCreateChecks(request.adcert != null, offered, requester)
    // Check the delegation before storing anything: a bad one refuses the whole create.
    const adCert = request.adcert == null ? undefined : signedAdCertFromPb(request.adcert)
    if (adCert !== undefined) verifyAdCert(adCert, name, signed, this.#self, this.#c.clock())
    const replicas = this.#replicaSet(offered.adCerts, name, signed)
    const brought = offered.removals
    for (const removal of brought) {
      verifyDeletion(removal, name, signed)
      // Dated ahead, a removal would also take out the AdCerts the owner signs until then (removedBy): its server could not be placed again.
      if (removal.deletion.deletedAtUs > this.#c.clock() + CLOCK_SKEW_US) throw new InvalidArgumentError(`the removal of server ${formatName(removal.deletion.server!)} from capsule ${formatName(name)} is dated ${new Date(removal.deletion.deletedAtUs / 1000).toISOString()}, ahead of this server's clock`)
    }
    const removals = this.#leftToOwnPath(name, brought, [...replicas ?? [], ...adCert === undefined ? [] : [adCert]])
    const delegations = currentDelegations(offered.delegations, name, signed, this.#c.clock())
    const catchUpFrom = request.catchUpFrom == null || request.catchUpFrom.length === 0 ? undefined : fixedBytes(request.catchUpFrom, 32, 'catch_up_from')
    if (catchUpFrom !== undefined && (replicas === undefined || equalBytes(catchUpFrom, this.#self) || !replicas.some((a) => equalBytes(a.cert.server, catchUpFrom)))) {
      throw new InvalidArgumentError(`a move's target catches up from another replica: the replica set must name ${formatName(catchUpFrom)} and this server`)
    }
    // Refused before anything is stored: a set this replica would not keep left a capsule stored and not hosted.
    const members = replicas === undefined ? 1 : this.replicator!.checkAdoption(name, replicas, { removals, delegations }, serversWanted(signed.metadata).count).members.length
    // replicas 0 (one) leaves write_quorum free in the metadata: such a capsule was created, and every append refused.
    const quorum = writeQuorumOf(signed.metadata)
    if (quorum > members) throw new InvalidArgumentError(`capsule ${formatName(name)} asks for a write quorum of ${quorum} and would have ${members} ${members === 1 ? 'server' : 'servers'}: no append could ever be acknowledged; name at least ${quorum} replicas`)
    // One create of a capsule at a time from here until it is hosted: two at once (a create sent again before the
    // first was stored) both found it not hosted, and its owner was counted two capsules for it until a restart.
    const capsule = await inTurn(this.#creating, key(name), async () => await this.#admitAndStore(signed, name, replicas === undefined ? undefined : { replicas, orders: { removals, delegations } }))
    if (catchUpFrom !== undefined) {
      // Not advertised until the source hands the capsule over: its routes keep pointing at the source, which holds every record.
      this.replicator!.fetchUntilCurrent(capsule, catchUpFrom).catch((err: Error) => { log('catching up %s from %s failed: %s', formatName(name), formatName(catchUpFrom), err.message) })
    } else if (adCert !== undefined && !(await this.#storedOutlasts(name, adCert))) {
      await this.#c.store.putDelegation(name, encodeSignedAdCert(adCert))
      this.events.safeDispatchEvent('delegated', { detail: name })
    }
    return { final: true, create: { capsule: capsule.name, receipt: serverReceiptToPb(signServerReceipt({ kind: 'created', capsule: name, orderHash: new Uint8Array(0), atUs: this.#c.clock() }, this.#c.signer)) } }
  }

  /**
   * Whether capsule `name` holds a place of its owner's already: hosted, or
   * stored here by a create that failed after its metadata was written (its
   * set not adopted, or the open after the write failed). A start counts
   * every capsule stored (policy.held), hosted or not; counted by whether
   * it was hosted, the same create sent again counted its owner a second
   * capsule until a restart.
   */
  async #counted (name: Uint8Array): Promise<boolean> {
    if (this.#hosted.has(key(name))) return true
    try {
      return await this.#c.store.has(name)
    } catch (err) {
      // A store being reopened after a failed write answers no read until it is open again, where the create's own
      // write waits for it: refused here, the create that would have reopened it failed with the store's StoreClosedError.
      // Counted by what is hosted, then, as before (one stored and not hosted is counted again until a restart).
      if (err instanceof StoreClosedError) return false
      throw err
    }
  }

  /**
   * A create checked whole: admitted by the create policy, stored, its set
   * adopted, and hosted; its owner's place given back if it is not stored.
   */
  async #admitAndStore (signed: SignedMetadata, name: Uint8Array, set: { replicas: SignedAdCert[], orders: Parameters<Replicator['adopt']>[2] } | undefined): Promise<StoredCapsule> {
    // Admitted only now: one refused before took a place of its owner's until the server restarted.
    const policy = this.#c.createPolicy
    const exists = policy !== undefined && await this.#counted(name)
    policy?.admit(signed, name, exists)
    let capsule: StoredCapsule
    try {
      capsule = await this.#c.store.create(signed)
    } catch (err) {
      // Not stored (a full disk, say): its place is given back, as a deleted capsule's is. Stored all the same (the
      // open after the write failed), it is kept: the store holds it, and a start counts it. Where the store cannot
      // say, kept too: an owner is counted one capsule too many until a restart rather than let past its quota.
      if (!exists && !(await this.#c.store.has(name).catch(() => true))) policy?.deleted(signed, 0)
      throw err
    }
    // A replica added to a capsule that has records already gets them at its next anti-entropy round
    // (a move's target fetches them now, in #create).
    if (set !== undefined) await this.replicator!.adopt(name, set.replicas, set.orders, serversWanted(signed.metadata).count)
    if (!this.#hosted.has(key(name))) {
      this.#hosted.add(key(name))
      this.events.safeDispatchEvent('hosted', { detail: name })
    }
    return capsule
  }

  /**
   * Takes from createChecksPerSecond the signatures a create carries besides
   * its metadata's (its AdCert; its replica set's AdCerts, removals, a
   * delegate's two, and delegations), each about 0.1 ms to check: some 150
   * at most, and creates within the create rates, from owners anyone can
   * make up, kept a server's cores busy checking them. Throws
   * QuotaExceededError (retry after a second) when the requester's share
   * is spent.
   */
  #takeCreateChecks (withAdCert: boolean, { adCerts, removals, delegations }: OfferedSet, requester: string): void {
    const checks = (withAdCert ? 1 : 0) + adCerts.length + removals.length + removals.filter((r) => r.delegation !== undefined).length + delegations.length
    if (checks === 0 || this.#createChecks.take(requester, performance.now(), checks)) return
    // As a create past the create rates is: a mover of many capsules waits as told (gdp capsule move --rate-wait).
    throw new QuotaExceededError(`this server checks ${this.#init.createChecksPerSecond} signatures a second for creates, shared by the neighbours sending them, and this create carries ${checks} besides its metadata's: more than is left of this requester's share; try again in 1 s`, 1000)
  }

  /**
   * The removals a create brings, less those of this server where it holds
   * the capsule in its set and the create does not place it again (on an
   * AdCert of `offered` the removal does not bar): such a removal goes its
   * own way (#leaveWithRecordsHeld, the server learning it from a replica
   * left that took it, at anti-entropy). Taken with a create, it dropped
   * this server from its set and left the copy, the replicas left neither
   * brought up to its head nor told, and the next start deleted it
   * (#finishRemovals).
   */
  #leftToOwnPath (name: Uint8Array, removals: SignedCapsuleDeletion[], offered: SignedAdCert[]): SignedCapsuleDeletion[] {
    const placed = this.replicator?.replicaSet(name)?.find((a) => equalBytes(a.cert.server, this.#self))
    if (placed === undefined || !this.#hosted.has(key(name))) return removals
    const own = offered.filter((a) => equalBytes(a.cert.server, this.#self))
    return removals.filter((r) => !(removedBy(placed, [r]) && own.every((a) => removedBy(a, [r]))))
  }

  /**
   * Whether the AdCert stored for `name` is in force and ends after
   * `offered`: a create bringing `offered` is then an older one sent again
   * (anyone who saw it can send it while its AdCert holds), and storing it
   * ended the capsule's routes at its end, the renewal lost. An owner ends a
   * placement sooner by removing the server or deleting the capsule.
   */
  async #storedOutlasts (name: Uint8Array, offered: SignedAdCert): Promise<boolean> {
    const stored = await this.#delegation(name, await this.#c.store.delegation(name))
    return stored !== undefined && stored.cert.notBeforeUs <= this.#c.clock() + CLOCK_SKEW_US && stored.cert.notAfterUs > offered.cert.notAfterUs
  }

  /**
   * The replica set a create offers, checked (the owner's AdCert for each
   * replica, this server among them), or undefined for a capsule of one
   * replica created without one.
   */
  #replicaSet (adCerts: SignedAdCert[], name: Uint8Array, signed: SignedMetadata): SignedAdCert[] | undefined {
    const wanted = replicasOf(signed.metadata)
    if (adCerts.length === 0) {
      if (wanted > 1) throw new InvalidArgumentError(`capsule ${formatName(name)} asks for ${wanted} replicas: a create must name them (the owner's AdCert for each)`)
      return undefined
    }
    if (this.replicator === undefined) throw new PreconditionFailedError('this server does not keep capsules of several replicas (it has no way to reach peer replicas)')
    const servers = verifyReplicaSet(adCerts, name, signed, this.#c.clock())
    if (!servers.some((s) => equalBytes(s, this.#self))) throw new InvalidArgumentError(`the replica set of capsule ${formatName(name)} does not name this server`)
    return adCerts
  }

  async #dispatch (pdu: pb.IPdu, reply: Reply, flow: ReplyFlow | undefined): Promise<void> {
    const request = pdu.request!
    let name = pdu.destination!
    // A request to this server's node name about one capsule comes from a peer replica (or a client choosing
    // this replica): an append so sent is stored here only, not passed on.
    const addressed = equalBytes(name, this.#self) && request.capsule != null && request.capsule.length > 0
    // Passed on by the server the capsule moved from, or sent by a client steering around a failed replica: handled as a request to the capsule.
    const direct = addressed && request.asCapsule !== true
    if (addressed) {
      name = fixedBytes(request.capsule, 32, 'request capsule')
      if (pdu.source != null && pdu.source.length === 32) this.replicator?.heardAbout(name, pdu.source)
    }
    else if (equalBytes(name, this.#self)) {
      if (request.create != null) reply({ response: await this.#create(request.create, flow?.requester) })
      else if (request.list != null) reply({ response: { final: true, list: await this.#list(request.list) } })
      else throw new InvalidArgumentError('a server\'s node name takes create and list requests, and requests naming a capsule')
      return
    }
    if (request.create != null || request.list != null) throw new InvalidArgumentError('send create and list requests to a server\'s node name, not to a capsule name')
    const k = key(name)
    for (let gate = this.#handingOff.get(k); gate !== undefined; gate = this.#handingOff.get(k)) await gate
    // Counted at once, with no await between the gate found open and here: a hand-off that closes it waits for this append.
    const appended = request.append != null ? this.#appendStarted(k) : undefined
    try {
      await this.#dispatchToCapsule(name, request, reply, flow, pdu.nonce!, direct, pdu.source)
    } finally {
      appended?.()
    }
  }

  /** Counts an append under way on capsule `k`; the function returned ends it. */
  #appendStarted (k: string): () => void {
    const under = this.#appending.get(k) ?? { count: 0 }
    under.count++
    this.#appending.set(k, under)
    return () => {
      if (--under.count > 0) return
      this.#appending.delete(k)
      under.drained?.()
    }
  }

  /** Resolves once no append on capsule `k` is under way (new ones wait at the gate). */
  async #appendsDone (k: string): Promise<void> {
    const under = this.#appending.get(k)
    if (under === undefined) return
    await new Promise<void>((resolve) => { under.drained = resolve })
  }

  /** `source`: who sent the request, for the StopRight of a subscription or read it starts or stops. */
  async #dispatchToCapsule (name: Uint8Array, request: pb.IRequest, reply: Reply, flow: ReplyFlow | undefined, nonce: Uint8Array, direct: boolean, source: Uint8Array | null | undefined): Promise<void> {
    const movedTo = this.#movedTo(name)
    if (movedTo !== undefined) { this.#passOnMoved(name, movedTo, request, direct, reply); return }
    const capsule = await this.#open(name)
    if (request.handOff != null) {
      if (!direct) throw new InvalidArgumentError('a hand-off goes to the source server\'s node name, naming the capsule')
      reply({ response: await this.#handOff(capsule, request.handOff) })
      return
    }
    const started = performance.now()
    if (request.append != null) {
      const atWork = direct ? undefined : new AtWorkNotice(reply)
      try {
        reply({ response: await this.#append(capsule, request.append, direct, atWork) })
      } finally {
        atWork?.stop()
      }
      this.#c.observeLatency?.('append', (performance.now() - started) / 1000)
    } else if (request.delete != null) reply({ response: await this.#delete(capsule, request.delete, direct) })
    else if (request.read != null) {
      await this.#read(capsule, request.read, reply, nonce, flow, stopRightOf(flow, source))
      this.#c.observeLatency?.('read', (performance.now() - started) / 1000)
    }
    else if (request.info != null) {
      const head = capsule.head
      const replicas = this.replicator?.replicaSet(capsule.name)
      const forkProof = await this.#c.store.forkProof(capsule.name)
      // A member of the set with no delegation row of its own is a move's target that has not taken over (#create).
      const joining = replicas !== undefined && (await this.#c.store.delegation(capsule.name)) === undefined
      // In the words a refused write gets (not the store's own, which name its folder).
      const storeFailure = joining ? this.replicator!.storeFailure(capsule.name) : undefined
      const catchUpFailure = storeFailure === undefined ? '' : nackFor(storeFailure).detail
      reply({ response: { final: true, info: { metadata: signedMetadataToPb(capsule.signedMetadata), head: head === undefined ? null : signedHeartbeatToPb(head), size: capsule.size, frontier: await capsule.frontierAt(head?.heartbeat.size ?? 0), replicas: replicas === undefined ? null : replicaSetToPb(replicas, this.replicator!.orders(capsule.name)), forkProof, joining, catchUpFailure } } })
    }
    else if (request.subscribe != null) await this.#subscribe(capsule, request.subscribe, nonce, reply, flow, stopRightOf(flow, source))
    else if (request.unsubscribe != null) reply({ response: { final: true, unsubscribe: { found: this.#unsubscribe(capsule, request.unsubscribe.nonce ?? new Uint8Array(0), flow, stopRightOf(flow, source).source) } } })
    else if (request.kvRead != null) {
      const kvRead = await this.kv.read(capsule, request.kvRead, flow?.requester)
      // A diff page of up to twice maxBytesPerResponse, say: announced, as a large read's records are.
      const bytes = kvReadBytes(kvRead)
      if (bytes > HEADS_UP_BYTES) reply({ response: { final: false, followingBytes: bytes } })
      reply({ response: { final: true, kvRead } })
    }
    else throw new MalformedMessageError('unknown request')
  }

  /**
   * The switch of a move (docs/moving.md): requests for the capsule wait
   * while the target is brought up to this server's head and told to
   * advertise the capsule (a create carrying its AdCert and the owner's
   * removal of this server); then this server ends its subscriptions with
   * MOVED, deletes the capsule (the removal is its tombstone), withdraws it
   * from routing, and passes on what still reaches it for movedForwardMs.
   * If any step before the target takes over fails, nothing changed here.
   */
  async #handOff (capsule: StoredCapsule, request: pb.IHandOffRequest): Promise<pb.IResponse> {
    const removal = signedDeletionFromPb(request.removal)
    verifyDeletion(removal, capsule.name, capsule.signedMetadata)
    const removed = removal.deletion.server
    if (removed === undefined || !equalBytes(removed, this.#self)) throw new InvalidArgumentError('a hand-off carries the owner\'s removal of this server from the capsule\'s replicas')
    const to = fixedBytes(request.to, 32, 'hand-off target')
    const set = this.replicator?.replicaSet(capsule.name)
    const target = set?.find((a) => equalBytes(a.cert.server, to) && !equalBytes(to, this.#self))
    if (set === undefined || target === undefined || target.cert.notAfterUs < this.#c.clock()) {
      throw new PreconditionFailedError(`server ${formatName(to)} is not a replica of capsule ${formatName(capsule.name)} with a valid AdCert: create it there first (catch_up_from this server)`)
    }
    // A move onto a server that was a replica already would leave the capsule one short.
    const left = set.filter((a) => !equalBytes(a.cert.server, this.#self)).length
    const wanted = serversWanted(capsule.metadata)
    if (left < wanted.count) throw new PreconditionFailedError(`capsule ${formatName(capsule.name)} asks for ${wanted.asksFor}; handing it over to ${formatName(to)}, a replica already, would leave ${left}: move it to a server that holds none`)
    // The removal the target takes over with: one that does not take this server out of the set (dated before the
    // AdCert that placed it, by a clock gone back) left the target's set naming this server after its copy went.
    const placedHere = set.find((a) => equalBytes(a.cert.server, this.#self))
    if (placedHere !== undefined && !removedBy(placedHere, [removal])) {
      const at = (us: number): string => new Date(us / 1000).toISOString()
      throw new PreconditionFailedError(`the removal of server ${formatName(this.#self)} from capsule ${formatName(capsule.name)}, dated ${at(removal.deletion.deletedAtUs)}, is older than the AdCert that placed it (${at(placedHere.cert.notBeforeUs)}): it would not take it out of the set; sign it dated at or after that`)
    }
    const k = key(capsule.name)
    if (this.#handingOff.has(k)) throw new ServerBusyError(`capsule ${formatName(capsule.name)} is being handed over already`)
    // A first round while requests still flow, so that the round under the gate has little left to send.
    try {
      await this.replicator!.catchUp(capsule, to)
    } finally {
      // Another move's whole switch may have run meanwhile: this one went on with a copy no longer here (or failed
      // reading it), and its target, never told to drop its copy, was left in the set.
      await this.#stillHeld(capsule)
    }
    const started = performance.now()
    // Appends taken before the switch are durable here first, so the target gets them too.
    const letGo = await this.#holdRequests(capsule)
    try {
      const size = await this.replicator!.catchUp(capsule, to, true)
      const caughtUp = performance.now()
      await this.#takeOver(capsule.name, capsule.signedMetadata, to, target, set, removal)
      // The target took over: this server's removal is kept before anything else, so that a stop before the copy here
      // goes finishes the deletion at the next start (#finishRemovals), where the copy came back and was advertised again.
      await this.replicator!.remove(capsule.name, removal)
      // From here on requests for the capsule go to the target: the held ones as soon as the gate opens.
      this.#forgetMovesEnded()
      this.#moved.delete(k) // to the end: the map stays in the order the moves end
      this.#moved.set(k, { to, until: performance.now() + this.#init.movedForwardMs })
      const tookOver = performance.now()
      const moved = new CapsuleMovedError(`capsule ${formatName(capsule.name)} moved to server ${formatName(to)}`, to)
      for (const s of [...(this.#subscriptions.get(k)?.values() ?? [])]) this.#end(s, { nack: nackFor(moved) })
      letGo()
      // Reads being sent finish from this store (bounded), then the copy here goes.
      for (const deadline = performance.now() + READ_DRAIN_MS; [...this.#reads.values()].some((r) => r.capsule === k) && performance.now() < deadline;) await new Promise((resolve) => setTimeout(resolve, 10))
      await this.#deleteHere(capsule, encodeSignedDeletion(removal))
      log('capsule %s handed over to %s at %d records: catch-up %d ms, take-over %d ms, delete %d ms', formatName(capsule.name), formatName(to), size, Math.round(caughtUp - started), Math.round(tookOver - caughtUp), Math.round(performance.now() - tookOver))
      return { final: true, handOff: { size } }
    } finally {
      letGo()
    }
  }

  /**
   * Tells a move's target to take the capsule over (a create carrying its
   * AdCert, the set and the owner's removal of this server). Without its
   * answer, the target is asked whether it took over: the answer may be
   * what was lost (a target slow to answer, or killed once it had). Taken
   * for a failure then, this server went on serving and advertising the
   * capsule beside the target, which had dropped it from its set. Throws
   * when the target did not take over, or cannot be asked.
   */
  async #takeOver (name: Uint8Array, signed: SignedMetadata, to: Uint8Array, target: SignedAdCert, set: SignedAdCert[], removal: SignedCapsuleDeletion): Promise<void> {
    const client = this.#c.replicaClient!
    try {
      await client.create(signed, to, target, set, { removals: [...this.replicator!.removals(name), removal], delegations: this.replicator!.delegations(name) })
    } catch (err) {
      const asked = await client.info(name, { replica: to }).catch((e: Error) => e)
      client.forget(name)
      if (asked instanceof Error) throw new ReplicasUnreachableError(`server ${formatName(to)} did not confirm taking capsule ${formatName(name)} over (${(err as Error).message}), and could not be asked whether it did (${asked.message}): it may have; run the move again with --from ${formatName(this.#self)} to finish it`, { cause: err })
      if (!tookOver(asked.replicas, to, this.#self)) throw err
      log('capsule %s: server %s took it over, its answer lost (%s)', formatName(name), formatName(to), (err as Error).message)
    }
  }

  /** Throws why a capsule a hand-off began with is no longer here: another move's switch took it (MOVED), or its owner deleted it. */
  async #stillHeld (capsule: StoredCapsule): Promise<void> {
    const movedTo = this.#movedTo(capsule.name)
    if (movedTo !== undefined) throw new CapsuleMovedError(`capsule ${formatName(capsule.name)} moved to server ${formatName(movedTo)} already (another move took it there)`, movedTo)
    if (!this.#hosted.has(key(capsule.name))) await this.#c.store.capsule(capsule.name)
  }

  /**
   * A request for a capsule handed over to `to`: passed on there, addressed
   * to that server (a route to the capsule may still lead back here), each
   * reply sent back. A new subscription is answered MOVED instead: the
   * subscriber subscribes there itself rather than through this server.
   */
  #passOnMoved (name: Uint8Array, to: Uint8Array, request: pb.IRequest, direct: boolean, reply: Reply): void {
    const forward = this.#c.forward
    // A hand-off here is another move's, which lost the race: passed on, the target refused it as a hand-off not meant for it.
    if (request.handOff != null) throw new CapsuleMovedError(`capsule ${formatName(name)} moved to server ${formatName(to)} already (another move took it there)`, to)
    if (request.subscribe != null || forward === undefined) throw new CapsuleMovedError(`capsule ${formatName(name)} moved to server ${formatName(to)}`, to)
    forward(to, { ...request, capsule: name, asCapsule: !direct }, (pdu) => {
      if (pdu.nack != null) reply({ nack: pdu.nack })
      else if (pdu.response != null) reply({ response: pdu.response })
    })
  }

  /**
   * Deletes a capsule on its owner's signed order; sent to the capsule (not
   * `direct`), the order is passed on to the other replicas too.
   */
  async #delete (capsule: StoredCapsule, request: pb.IDeleteRequest, direct: boolean): Promise<pb.IResponse> {
    const deletion = signedDeletionFromPb(request.deletion)
    verifyDeletion(deletion, capsule.name, capsule.signedMetadata)
    // Read before the rows go: the receipt shows the owner placed the capsule here (by the AdCert it advertises with,
    // else the one the replica set names it by).
    const adCert = await this.#delegation(capsule.name, await this.#c.store.delegation(capsule.name))
    const removed = deletion.deletion.server
    if (removed !== undefined && this.replicator === undefined) throw oneReplicaHere(capsule.name)
    // Removed already (the order passed on again, or learnt twice): nothing is left to do here but pass it on.
    const removes = removed === undefined || this.replicator!.checkRemoval(capsule, deletion, false)
    const leaves = removed !== undefined && removes && equalBytes(removed, this.#self)
    // Read before the set changes, so that a server removed hears of it. This server's own removal went to every
    // replica left before its copy did (#leaveWithRecordsHeld).
    const peers = direct || leaves ? [] : this.replicator?.peers(capsule.name) ?? []
    if (leaves) {
      await this.#leaveWithRecordsHeld(capsule, deletion, false)
    } else if (removed === undefined) {
      await this.#deleteHere(capsule, encodeSignedDeletion(deletion))
    } else if (removes) {
      // Weighed again once the changes under way are kept: another removal at once may have taken the one to spare.
      await this.replicator!.remove(capsule.name, deletion, () => this.replicator!.checkRemoval(capsule, deletion, false))
    }
    await Promise.allSettled(peers.map(async (peer) => { await this.replicator!.passOnDeletion(capsule.name, deletion, peer) }))
    const receipt = signServerReceipt({ kind: 'deleted', capsule: capsule.name, orderHash: sha256(encodeSignedDeletion(deletion)), atUs: this.#c.clock(), adCert }, this.#c.signer)
    return { final: true, delete: { receipt: serverReceiptToPb(receipt) } }
  }

  /**
   * Deletes the copy here of a capsule this server was taken off (the
   * owner's `removal`), once the replicas left hold its records: it brings
   * every one it reaches up to its head, a first time while requests flow,
   * then with them held (appends under way done first) until the copy is
   * gone, and requests held are refused as taken off (the client goes to
   * another replica). When none of the replicas left can be brought up to
   * it, it refuses with PreconditionFailedError and keeps its copy; a copy
   * gone otherwise before the second round ends it as done, and so does
   * the owner's deletion of the whole capsule that the replicas left answer
   * with (the copy goes on that order). Deleted
   * at once, a copy took with it the acknowledged records the others had
   * not fetched yet: `gdp replicas add` and then `rm` of the old server
   * lost every record (the new one fetches at its next anti-entropy round).
   * Meanwhile the set is weighed as without this server (Replicator.leave,
   * `learnt`: the removal came from a peer), so a removal of another
   * server cannot take it below the policy.
   */
  async #leaveWithRecordsHeld (capsule: StoredCapsule, removal: SignedCapsuleDeletion, learnt: boolean): Promise<void> {
    const k = key(capsule.name)
    const left = await this.replicator!.leave(capsule, removal, learnt)
    let letGo = (): void => {}
    try {
      const deletedByOwner = await this.#bringReplicasLeftUp(capsule)
      if (deletedByOwner === undefined) await this.#removalTakenByReplicasLeft(capsule, removal)
      letGo = await this.#holdRequests(capsule)
      // Gone since the first round (another removal of this server, a move's switch, the owner's deletion): nothing is
      // left to keep. The second round found no peers (the replicator forgot the capsule) and refused the removal as
      // keeping a copy that was gone.
      if (!this.#hosted.has(k)) return
      // The owner's deletion reaching the replicas left during this round, with requests held here (the order passed
      // on to this server waits at the gate), had them all answer the capsule deleted: the removal was refused as
      // keeping a copy that the order held at the gate deleted right after.
      const order = deletedByOwner ?? await this.#bringReplicasLeftUp(capsule)
      // The owner's deletion learnt from a peer at anti-entropy during the round (it does not wait at the gate)
      // deleted the copy already: deleted again, its owner got its capsule and bytes back twice in the quota.
      if (!this.#hosted.has(k)) return
      await this.#deleteHere(capsule, encodeSignedDeletion(order ?? removal))
    } finally {
      letGo()
      left()
    }
  }

  /**
   * Passes this server's removal on to every other replica of the set
   * before its copy goes (Replicator.removalTakenBy); throws
   * PreconditionFailedError where one refused it. Each replica weighs the
   * removals of one set in turn against the policy, and a server taken off
   * weighs the others' as without itself, so of two removals at once that
   * together leave too few replicas, one is refused by a replica both reach,
   * and its server keeps its copy. Weighed only here, two servers taken off
   * at once each found the other to spare and both copies went (the
   * replicas left took the removal passed on first and refused the other,
   * keeping a server gone in the set).
   */
  async #removalTakenByReplicasLeft (capsule: StoredCapsule, removal: SignedCapsuleDeletion): Promise<void> {
    const peers = this.replicator!.peers(capsule.name)
    const taken = await Promise.allSettled(peers.map(async (peer) => await this.replicator!.removalTakenBy(capsule, removal, peer)))
    const refused = taken.flatMap((r, i) => r.status === 'rejected' ? [`${formatName(peers[i]!)}: ${(r.reason as Error).message}`] : [])
    if (refused.length > 0) throw new PreconditionFailedError(`capsule ${formatName(capsule.name)}: server ${formatName(this.#self)} is taken off its replicas, but ${refused.length} of the others refused the removal (${refused.join('; ')}); it keeps its copy`)
    // Gone with no replica left holding the removal, none would learn it (this server's NOT_FOUND that told of it gone
    // too): each kept the server in its set for good.
    if (peers.length > 0 && !taken.some((r) => r.status === 'fulfilled' && r.value)) throw new PreconditionFailedError(`capsule ${formatName(capsule.name)}: server ${formatName(this.#self)} is taken off its replicas, but none of the others took the removal (none answered, or those that did were taken off themselves); it keeps its copy: send the removal again once one answers`)
  }

  /**
   * Holds the capsule's requests (#handingOff: they wait at the gate), then
   * waits until the appends taken before, those past the gate still on
   * their way to the store included, are durable here. Returns what lets
   * the requests go (called again, it does nothing more); ServerBusyError
   * while a hand-off or a removal holds them already.
   */
  async #holdRequests (capsule: StoredCapsule): Promise<() => void> {
    const k = key(capsule.name)
    if (this.#handingOff.has(k)) throw new ServerBusyError(`capsule ${formatName(capsule.name)} is being handed over already`)
    let open = (): void => {}
    const gate = new Promise<void>((resolve) => { open = resolve })
    this.#handingOff.set(k, gate)
    const letGo = (): void => {
      if (this.#handingOff.get(k) === gate) this.#handingOff.delete(k)
      open()
    }
    try {
      await this.#appendsDone(k)
      await capsule.waitForSize(capsule.writerState.size)
    } catch (err) {
      letGo()
      throw err
    }
    return letGo
  }

  /**
   * Brings each other replica of the capsule that this server reaches up to
   * its head; throws PreconditionFailedError when none could be. A replica
   * on another history (a fork) cannot take these records: the owner's
   * removal of this server leaves the capsule to that history, and the fork
   * proof stays. Returns the owner's deletion of the whole capsule that a
   * replica answered with where none was brought up: there are no records
   * left to keep.
   */
  async #bringReplicasLeftUp (capsule: StoredCapsule): Promise<SignedCapsuleDeletion | undefined> {
    const peers = this.replicator!.peers(capsule.name)
    const caughtUp = await Promise.allSettled(peers.map(async (peer) => await this.replicator!.catchUp(capsule, peer)))
    if (caughtUp.some((r) => r.status === 'fulfilled' || r.reason instanceof ForkDetectedError)) return undefined
    for (const r of caughtUp) {
      let deletion: SignedCapsuleDeletion | undefined
      try {
        deletion = deletionRefusedWith(capsule, (r as PromiseRejectedResult).reason)
      } catch {
        // A peer's deletion that does not hold (it lies): one more reason the copy stays, in the refusal below.
        continue
      }
      if (deletion !== undefined && deletion.deletion.server === undefined) return deletion
    }
    const failed = caughtUp.flatMap((r, i) => r.status === 'rejected' ? [`${formatName(peers[i]!)}: ${(r.reason as Error).message}`] : [])
    throw new PreconditionFailedError(`capsule ${formatName(capsule.name)}: server ${formatName(this.#self)} is taken off its replicas, but another replica must hold all ${capsule.size} records it holds before its copy goes, and none could be brought up to them (${failed.length === 0 ? 'it knows no other replica' : failed.join('; ')}); it keeps its copy: send the removal again once one answers`)
  }

  /**
   * Removes a capsule from this server: its rows (for a tombstone), its
   * subscriptions, its route. `capsule` undefined: one the store refuses to
   * open for damage (its metadata `signed` read from the listing), deleted
   * all the same, its owner getting nothing back for its quota.
   */
  async #deleteHere (capsule: StoredCapsule | undefined, tombstone: Uint8Array, signed = capsule!.signedMetadata): Promise<void> {
    const name = capsule?.name ?? capsuleName(signed.metadata)
    const k = key(name)
    const hosted = this.#hosted.has(k)
    // Deleted and forgotten already: an earlier deletion of it, refused as not known to be written, found written as
    // the store reopened for a read of this one's (the capsule opened before it). Deleted again, its owner got its
    // capsule and bytes back twice in the quota.
    if (!hosted && await this.#c.store.tombstone(name) !== undefined) return
    // What it held goes back to its owner's quota (read before the rows go; a delete is rare, a quota is for good),
    // counted once the store takes no more appends to it: counted before, an append stored meanwhile stayed counted.
    let bytes = 0
    const countHeld = async (): Promise<void> => {
      let held = 0
      try {
        if (capsule !== undefined) for await (const record of capsule.readRange(0, capsule.size)) held += record.payload.length
      } catch (err) {
        // A damaged capsule is deleted all the same; its owner gets back what could be read.
        log('capsule %s: counting its bytes for the quota stopped: %s', formatName(name), (err as Error).message)
      }
      bytes = this.#deletedBytes(name, signed.metadata.owner.key, held)
    }
    // Refused as not known to be written, and found written once the store reopens: forgotten then, or it was served
    // (hosted, advertised, its set compared with each round, its owner's bytes counted) until a restart. Taken off the
    // hosted at once: a later deletion of it, whose write reopened the store, then knows it was forgotten.
    const writtenLater = (): void => {
      if (!this.#hosted.delete(key(name))) return
      this.#forgetDeleted(name, signed, bytes).catch((err: Error) => { log.error('capsule %s: forgetting it once its deletion was found written failed: %s', formatName(name), err.message) })
    }
    const owner = signed.metadata.owner.key
    const policy = this.#c.createPolicy
    // Its bytes come off its owner's count as the deletion goes to LevelDB, and that count is saved in the same
    // batch: taken off before, the count saved missed the appends of the owner's stored meanwhile; after, a save
    // of the counts in between put them back. Once only: forgotten meanwhile (an earlier deletion of it found
    // written as this one's write reopened the store), or counted by another deletion of it, it takes nothing.
    let counted = false
    let undone = false
    const ownerUsage = (): OwnerUsage => {
      if (!(hosted && !this.#hosted.has(k)) && !this.#deletionsCounted.has(k)) {
        policy!.releaseBytes(owner, bytes)
        this.#deletionsCounted.add(k)
        counted = true
      }
      return { owner, bytes: policy!.bytesOf(owner), countAgain: this.#countsShort(k)(owner) }
    }
    // Not known to be written: the bytes go back as its batch fails, before the next batch is built (a save of the
    // counts queued behind it saved them taken off, given back only once the store had reopened and been read).
    const ownerUsageFailed = (): void => {
      if (!counted) return
      policy!.countBytes(owner, bytes)
      this.#deletionsCounted.delete(k)
      counted = false
      undone = true
    }
    await this.#c.store.delete(name, tombstone, { writtenLater, ...(policy === undefined ? {} : { ownerUsage, ownerUsageFailed, whenFinal: countHeld }) })
    // Forgotten meanwhile (an earlier deletion of it found written as this one's write reopened the store): once only.
    if (hosted && !this.#hosted.has(k)) return
    if (policy !== undefined && !counted) {
      // Counted by the other deletion of it: once only, or its owner got its capsule back twice in the quota.
      if (!undone || this.#deletionsCounted.has(k)) return
      // Its failed batch was logged all the same (the reopen after it holds it): the bytes given back come off again,
      // noted at once, so a deletion of it written meanwhile takes nothing.
      policy.releaseBytes(owner, bytes)
      this.#deletionsCounted.add(k)
      counted = true
    }
    await this.#forgetDeleted(name, signed, counted ? 0 : bytes)
  }

  /** Forgets capsule `name`, deleted in the store, holding `bytes` of its owner's not taken off its count yet: its subscribers, quota, set and routes. */
  async #forgetDeleted (name: Uint8Array, signed: SignedMetadata, bytes: number): Promise<void> {
    // Once it is deleted: a deletion the store refused (its disk full) leaves the capsule, and its subscribers, as they were.
    // Ended as the store refuses the name now, with the owner's order: a subscriber here when this server was taken off
    // the capsule's replicas goes on at another (ended "deleted", with no order, it stopped, and the capsule lived on).
    const refusal = await this.#c.store.capsule(name).then(() => new CapsuleDeletedError(`capsule ${formatName(name)} was deleted`), (err: Error) => err)
    for (const s of [...(this.#subscriptions.get(key(name))?.values() ?? [])]) this.#end(s, { nack: nackFor(refusal) })
    this.#c.createPolicy?.deleted(signed, bytes)
    this.#countedShort.delete(key(name))
    this.#deletionsCounted.delete(key(name))
    this.#hosted.delete(key(name))
    this.#metadataLost.delete(key(name))
    this.replicator?.forget(name)
    this.repairer.forget(name)
    this.kv.forget(name)
    // One withdrawn as its store went backwards (and deleted when it expired) is never served again: its name is taken for good.
    this.#regressed.delete(key(name))
    this.counters.withdrawn = this.#regressed.size
    this.events.safeDispatchEvent('deleted', { detail: name })
  }

  /**
   * Deletes the capsules whose metadata says they expired: their owner
   * signed that they end then. Runs every expiryCheckMs; returns how many.
   * Not before the clock skew the certificates allow has passed too: a
   * server whose clock ran 55 s ahead (which every other check lets by)
   * deleted a capsule while its writer could still append, and refused
   * those appends as "deleted when it expired". Nor before every check for
   * expiryGraceMs of running time has seen it past its expiry (the
   * deletion cannot be undone; the wall clock can be wrong).
   */
  async expire (): Promise<number> {
    const now = this.#c.clock()
    const running = performance.now()
    const pastExpiry = new Map<string, number>()
    let deleted = 0
    let newlySeen: { name: Uint8Array, expiresAtUs: number, count: number } | undefined
    for await (const { name, signed } of this.#c.store.allMetadata()) {
      const expiresAtUs = signed.metadata.expiresAtUs
      if (expiresAtUs === 0 || expiresAtUs + CLOCK_SKEW_US > now) continue
      const k = key(name)
      const since = this.#pastExpiry.get(k) ?? running
      if (running - since < this.#init.expiryGraceMs) {
        pastExpiry.set(k, since)
        if (since === running) newlySeen = { name, expiresAtUs, count: (newlySeen?.count ?? 0) + 1 }
        continue
      }
      // Refused for damage (a block LevelDB cannot read, the store gone backwards), it is deleted all the same: its
      // owner signed that it ends. It threw here, and no capsule after it in name order expired, at any check.
      const capsule = await this.#c.store.capsule(name).catch((err: unknown) => {
        if (!(err instanceof StoreCorruptionError)) throw err
        log.error('capsule %s expired, and is deleted though the store refuses it: %s', formatName(name), err.message)
        return undefined
      })
      await this.#deleteHere(capsule, new Uint8Array(0), signed)
      deleted++
      // Counted as each goes: a pass over thousands of capsules takes minutes, and the status showed none gone until its end.
      this.counters.expired++
      if (this.#pastExpiry.has(k)) this.counters.expiryPending = Math.max(0, this.counters.expiryPending - 1)
    }
    // A capsule not past its expiry at this check (the clock was set back) starts over if it is again.
    this.#pastExpiry = pastExpiry
    this.counters.expiryPending = pastExpiry.size
    if (newlySeen !== undefined) {
      const iso = (us: number): string => new Date(us / 1000).toISOString()
      log('%d capsule(s) newly past their expiry by this server\'s clock, %s (capsule %s expired at %s): deleted after %d s of running time if every check until then says so', newlySeen.count, iso(now), formatName(newlySeen.name), iso(newlySeen.expiresAtUs), Math.round(this.#init.expiryGraceMs / 1000))
    }
    return deleted
  }

  /** A page of the capsules held here, in name order, after `request.after`. */
  async #list (request: pb.IListRequest): Promise<pb.IListResponse> {
    const after = request.after == null || request.after.length === 0 ? undefined : fixedBytes(request.after, 32, 'list after')
    const limit = request.limit == null || request.limit === 0 ? this.#init.maxCapsulesPerList : Math.min(request.limit, this.#init.maxCapsulesPerList)
    if (request.changedSince != null && after !== undefined) throw new InvalidArgumentError('a list request with changed_since starts at the first page: its after must be empty')
    // Taken before anything is read: a change while this answer is read shows again in the next one.
    const point = after === undefined ? this.#c.store.changes.point : undefined
    if (request.changedSince != null) {
      const since = { log: request.changedSince.log ?? new Uint8Array(0), seq: safeUint(request.changedSince.seq ?? 0, 'changed_since seq') }
      const changed = this.#c.store.changes.since(since, limit)
      if (changed !== undefined) return { ...await this.#listChanged(changed.map((text) => parseName(text))), point, changesOnly: true }
    }
    const capsules: pb.ICapsuleSummary[] = []
    for await (const name of this.#c.store.names(after)) {
      // One more than the page shows whether another page follows.
      if (capsules.length === limit) return { capsules, more: true, point }
      const size = await this.#listedSize(name)
      if (size !== undefined) capsules.push(this.#summary(name, size))
    }
    return { capsules, more: false, point }
  }

  /** What a listing says of capsules changed since a point: those listed now, and those no longer listed, in name order. */
  async #listChanged (names: Uint8Array[]): Promise<{ capsules: pb.ICapsuleSummary[], unlisted: Uint8Array[] }> {
    const capsules: pb.ICapsuleSummary[] = []
    const unlisted: Uint8Array[] = []
    for (const name of names.sort(compareBytes)) {
      const size = await this.#c.store.has(name) ? await this.#listedSize(name) : undefined
      if (size === undefined) unlisted.push(name)
      else capsules.push(this.#summary(name, size))
    }
    return { capsules, unlisted }
  }

  /** A capsule as listed: its size, and the digest of its replica set, whose change a peer replica compares heads again for. */
  #summary (name: Uint8Array, size: number): pb.ICapsuleSummary {
    const setDigest = this.replicator?.setDigest(name)
    return setDigest === undefined ? { name, size } : { name, size, setDigest }
  }

  /** A stored capsule's size as listed, or undefined for one not served here until it is repaired or holds again what the store acknowledged. */
  async #listedSize (name: Uint8Array): Promise<number | undefined> {
    try {
      return await this.#c.store.listedSize(name)
    } catch (err) {
      // Left out, as it is of routing. Its error failed the whole list, and with it anti-entropy for every other capsule.
      if (err instanceof StoreCorruptionError || err instanceof StoreRegressionError) return undefined
      throw err
    }
  }

  /**
   * Stores a writer's batch. Sent to the capsule (not `direct`), the batch is
   * then passed on to the capsule's other replicas, and answered once the
   * write quorum holds it, with their acknowledgements.
   */
  async #append (capsule: StoredCapsule, request: pb.IAppendRequest, direct: boolean, atWork?: AtWorkNotice): Promise<pb.IResponse> {
    const heartbeat = signedHeartbeatFromPb(request.heartbeat)
    const batchHeartbeats = (request.batchHeartbeats ?? []).map(signedHeartbeatFromPb)
    if (batchHeartbeats.length > 0 && !direct) throw new InvalidArgumentError('an append of several batches goes from one replica to another, addressed to it by name, not to a capsule')
    // The writer's signatures first, the cheapest refusal: decoding the records hashes each one's header (and
    // verifying them, its payload), and a client could have the server hash batches of any size it then refused.
    for (const signed of [...batchHeartbeats, heartbeat]) verifyHeartbeat(signed, capsule.name, capsule.metadata)
    const records = (request.records ?? []).map(recordFromPb)
    if (batchHeartbeats.length > 0) return await this.#appendBatches(capsule, splitBatches(records, batchHeartbeats, heartbeat))
    const end = heartbeat.heartbeat.size
    const need = writeQuorumOf(capsule.metadata) - 1
    // A batch held already (passed on again by a peer, resent by a writer) is acknowledged again, not refused;
    // resent by a writer, it is passed on again too, for the quorum it did not get the first time, but only to the
    // peers that have not acknowledged it: anyone can replay a batch, and each replay cost every peer its bytes.
    const held = await this.#held(capsule, records, heartbeat)
    let stored = held
    // Looked up first: the acknowledgements remembered of a held batch answer for peers waited out.
    if (!direct) this.replicator?.ensureQuorumReachable(capsule.name, need, stored)
    if (stored === undefined) {
      // A writer's batch that runs ahead of this replica: what it lacks is on a peer.
      // (Against the tip, which counts appends still being written: a pipelined batch is not ahead.)
      if (!direct && end - records.length > capsule.writerState.size && this.replicator !== undefined && this.replicator.peers(capsule.name).length > 0) {
        // (Its heartbeat is its writer's, checked above: a batch nobody signed had this replica ask every peer before it was refused.)
        atWork?.waitingForPeers()
        const failed = await this.replicator.catchUpFor(capsule)
        // Still behind because its disk is full: not a CONFLICT, which a writer takes for a tip that moved (the batch
        // extends the capsule, and other replicas take it), but STORE_FULL, so the writer goes to another replica.
        // (Behind for another reason, a replica just restarted say, CONFLICT stands: the writer reads the tip again
        // and comes back, where avoiding the replica for a minute would steer every request to the others.)
        if (end - records.length > capsule.writerState.size && failed instanceof StoreFullError) throw failed
      }
      stored = await this.#writeOrHeld(capsule, records, heartbeat)
    }
    const response: pb.IResponse = { final: true, append: this.#ack(stored) }
    if (!direct && this.replicator !== undefined) {
      if (need > 0) atWork?.waitingForPeers()
      const acks = await this.replicator.passOn(capsule, { records, heartbeat: stored }, need, held !== undefined)
      response.replicaAcks = acks.map(appendAckToPb)
    }
    return response
  }

  /**
   * Stores consecutive batches a peer replica passed on together, in order,
   * each verified against the tip the one before it left (they are written
   * together); one acknowledgement each.
   */
  async #appendBatches (capsule: StoredCapsule, batches: Array<{ records: CapsuleRecord[], heartbeat: SignedHeartbeat }>): Promise<pb.IResponse> {
    const writes: Array<Promise<SignedHeartbeat>> = []
    try {
      for (const { records, heartbeat } of batches) {
        const held = await this.#held(capsule, records, heartbeat)
        const write = held !== undefined ? Promise.resolve(held) : this.#writeOrHeld(capsule, records, heartbeat)
        // Awaited below; one that fails before then must not count as unhandled.
        write.catch(() => {})
        writes.push(write)
      }
    } finally {
      // A batch that does not verify ends the request once those before it are written.
      await Promise.allSettled(writes)
    }
    const acks = (await Promise.all(writes)).map((stored) => this.#ack(stored))
    return { final: true, append: acks.at(-1), batchAcks: acks.slice(0, -1) }
  }

  /**
   * Writes a batch; one refused because the same batch was taken meanwhile
   * (two senders at once: a peer passing it on and a move's catch-up, or a
   * writer resending) is acknowledged as held once that copy is durable.
   */
  async #writeOrHeld (capsule: StoredCapsule, records: CapsuleRecord[], heartbeat: SignedHeartbeat): Promise<SignedHeartbeat> {
    try {
      return await this.#write(capsule, records, heartbeat)
    } catch (err) {
      if (!(err instanceof ChainMismatchError)) throw err
      const held = await this.#held(capsule, records, heartbeat)
      if (held === undefined) throw err
      return held
    }
  }

  /** The heartbeat this replica holds for a batch that is held already (the same writer-signed heartbeat), if it is. */
  async #held (capsule: StoredCapsule, records: CapsuleRecord[], heartbeat: SignedHeartbeat): Promise<SignedHeartbeat | undefined> {
    const end = heartbeat.heartbeat.size
    if (records.length === 0 || end > capsule.writerState.size) return undefined
    // Taken and still being written (the same batch from another sender): held once it is durable.
    if (end > capsule.size) await capsule.waitForSize(end)
    const held = await capsule.heartbeatAt(end)
    const same = held !== undefined && equalBytes(held.signature, heartbeat.signature) && equalBytes(encodeHeartbeat(held.heartbeat), encodeHeartbeat(heartbeat.heartbeat))
    if (!same) return undefined
    // Anyone who read the heartbeat can send it again: with other records, it was acknowledged, and they were passed on.
    if (!signedRecords(records, held)) throw new ChainMismatchError(`capsule ${formatName(capsule.name)}: records ${records[0]!.header.seqno}..${records.at(-1)!.header.seqno} sent with the heartbeat at size ${end}, which this replica holds, are not the records it signs`)
    return held
  }

  /**
   * Verifies a batch against the tip, which already includes appends still
   * being written, and hands it to the store at once: pipelined appends
   * verify in arrival order and share LevelDB writes. Throws at once if it
   * does not verify; resolves once it is durable. `heartbeat`'s signature
   * was verified already (#append), before the records were decoded.
   */
  #write (capsule: StoredCapsule, records: CapsuleRecord[], heartbeat: SignedHeartbeat): Promise<SignedHeartbeat> {
    const batch = verifyAppendBatch(capsule.name, capsule.metadata, capsule.writerState, records, heartbeat, { heartbeatVerified: true })
    const now = this.#c.clock()
    if (heartbeat.heartbeat.timestampUs > now + MAX_STAMPED_AHEAD_US) {
      const at = (us: number): string => new Date(us / 1000).toISOString()
      throw new PreconditionFailedError(`records ${records[0]!.header.seqno}..${heartbeat.heartbeat.size - 1} of capsule ${formatName(capsule.name)} are stamped ${at(heartbeat.heartbeat.timestampUs)}, more than ${MAX_STAMPED_AHEAD_US / 3600e6} hour after this server's clock (${at(now)}): the writer's clock runs ahead, or this server's behind; a capsule's timestamps never decrease, so a record stamped ahead would hold every later one at its time`)
    }
    const bytes = payloadBytes(records)
    // Held until the store has written them: appends that come faster than the disk takes them (many writers, each
    // within its link's byte rate) piled up in memory without a bound.
    const writing = bytes + records.length * RECORD_OVERHEAD_BYTES
    if (this.#writingBytes > 0 && this.#writingBytes + writing > this.#init.maxWritingBytes) {
      throw new ServerBusyError(`this server holds ${this.#writingBytes} bytes of appends its store has not written yet, and records ${records[0]!.header.seqno}..${heartbeat.heartbeat.size - 1} of capsule ${formatName(capsule.name)} would take it past ${this.#init.maxWritingBytes}: nothing was stored; send them again shortly`)
    }
    const owner = capsule.metadata.owner.key
    this.#c.createPolicy?.admitBytes(owner, bytes)
    this.#writingBytes += writing
    const written = capsule.append(batch).then((stored) => {
      this.#writingBytes -= writing
      this.#writing.delete(written)
      this.#countedSince(capsule.name, bytes)
      this.#notify(capsule, stored, records)
      return stored
    }, (err: Error) => {
      this.#writingBytes -= writing
      this.#writing.delete(written)
      this.#c.createPolicy?.releaseBytes(owner, bytes)
      throw err
    })
    this.#writing.add(written)
    return written
  }

  #ack (stored: SignedHeartbeat): pb.IAppendAck {
    return appendAckToPb(signAppendAck(stored, this.#c.clock(), this.#c.signer))
  }

  async #read (capsule: StoredCapsule, request: pb.IReadRequest, reply: Reply, nonce: Uint8Array, flow: ReplyFlow | undefined, stopRight: StopRight): Promise<void> {
    const what = { proofs: request.proofs === true, rangeProof: request.rangeProof === true, batchHeartbeats: request.batchHeartbeats === true, maxBytes: request.maxBytes ?? 0 }
    let range: SeqRange | undefined
    let sent = 0
    let sentBytes = 0
    const counted: Reply = (message) => {
      for (const r of 'response' in message ? message.response.read?.records ?? [] : []) { sent++; sentBytes += r.payload?.length ?? 0 }
      reply(message)
    }
    // Kept under its nonce, which a cancel or an unsubscribe names: a second read under one still being sent, kept
    // in its place, was forgotten when the first ended, and then read to its end whoever asked it to stop.
    const id = Buffer.from(nonce).toString('hex')
    if (this.#reads.has(id)) throw new InvalidArgumentError(`a read under nonce ${id} is being sent here already: each request needs a nonce of its own`)
    const progress: ReadInProgress = { capsule: key(capsule.name), stopped: false, stopRight }
    this.#reads.set(id, progress)
    try {
      range = await resolveSelector(capsule, selectorFromPb(request))
      await this.#sendRecords(capsule, range.from, range.to, what, counted, progress, flow)
    } catch (err) {
      // A read that meets the damage this server is repairing (a peer that is repairing the same records from
      // here, say) does not wait for it: the repair may be waiting for that peer.
      if (!(err instanceof StoreCorruptionError) || this.repairer.repairing(capsule.name)) throw err
      // Damage on disk: repaired once from a healthy replica (or a clear error), then the read goes on where it stopped.
      await this.repairer.repair(capsule.name)
      const repaired = await this.#c.store.capsule(capsule.name)
      range ??= await resolveSelector(repaired, selectorFromPb(request))
      // (A read cut at maxBytes before the damage ended there: nothing is left to send.)
      if (what.maxBytes === 0 || sentBytes < what.maxBytes) await this.#sendRecords(repaired, range.from + sent, range.to, { ...what, maxBytes: what.maxBytes === 0 ? 0 : what.maxBytes - sentBytes }, counted, progress, flow)
    } finally {
      this.#reads.delete(id)
    }
  }

  /**
   * Sends records [from, to) in responses of bounded size, all proven
   * against the head as it is now; the last is final. A read of many
   * responses stops part way when cancelled or unsubscribed (between two
   * responses), and is cut, with where to resume, rather than build a
   * response its reader's backed-up link would refuse.
   */
  async #sendRecords (capsule: StoredCapsule, from: number, to: number, what: ReadExtras, reply: Reply, read: ReadInProgress, flow: ReplyFlow | undefined): Promise<void> {
    const head = capsule.head
    const stopped = (): boolean => {
      if (read.stopped && read.last !== undefined) reply(read.last)
      return read.stopped
    }
    const chunks = this.#chunks(capsule, from, to, what.maxBytes)
    let next = from
    try {
      // One response per turn, then to the back of the line: a long read shares the store with the reads that came
      // after it, and one whose link backed up meanwhile is cut before its records are read.
      for (let last = false; !last;) {
        const endTurn = await this.#readTurn(capsule, next, flow?.requester)
        try {
          if (stopped()) return
          if (flow?.backedUp() === true) { flow.cut(next); return }
          const chunk = await chunks.next()
          if (chunk.done === true) return
          const response = await this.#readResponse(capsule, chunk.value.records, what, head)
          if (stopped()) return
          // Routers store and forward whole PDUs: a large answer is announced, so that each hop waits for it long enough.
          const bytes = chunk.value.records.reduce((sum, r) => sum + r.payload.length + RECORD_OVERHEAD_BYTES, 0)
          if (bytes > HEADS_UP_BYTES) reply({ response: { final: false, followingBytes: bytes } })
          reply({ response: { final: chunk.value.last, read: response } })
          last = chunk.value.last
          next += chunk.value.records.length
        } finally {
          endTurn()
        }
      }
    } finally {
      await chunks.return(undefined)
    }
  }

  /**
   * A turn to build a read's next response (from record `next`): refused,
   * with where to read on from, when maxWaitingReads wait already and
   * `requester` waits with as many as any other but one, or when it waited
   * and a requester waiting with fewer took its place (Turns.makeRoom).
   */
  async #readTurn (capsule: StoredCapsule, next: number, requester = ''): Promise<() => void> {
    const later = `read again from seqno ${next} later`
    const waiting = this.#init.maxWaitingReads
    if (this.#readTurns.waiting >= waiting && !this.#readTurns.makeRoom(requester, new ServerBusyError('place taken'))) throw new ServerBusyError(`this server has ${waiting} reads of records waiting for a turn already; ${later}`)
    try {
      return await this.#readTurns.take(requester)
    } catch {
      // Its place taken (the error makeRoom was given names no record): said with where this read goes on from.
      throw new ServerBusyError(`this server has ${waiting} reads of records waiting for a turn, and a requester waiting with fewer took this one's place; ${later}`)
    }
  }

  /**
   * Records [from, to) in chunks of at most maxRecordsPerResponse records
   * and maxBytesPerResponse payload bytes (a single larger record goes
   * alone); `last` marks the chunk that reaches `to` (an empty one when
   * from >= to).
   */
  async * #chunks (capsule: StoredCapsule, from: number, to: number, maxBytes = 0): AsyncGenerator<{ records: CapsuleRecord[], last: boolean }> {
    let records: CapsuleRecord[] = []
    let bytes = 0
    let total = 0
    for await (const record of capsule.readRange(from, to)) {
      if (records.length > 0 && (records.length >= this.#init.maxRecordsPerResponse || bytes + record.payload.length > this.#init.maxBytesPerResponse)) {
        yield { records, last: false }
        records = []
        bytes = 0
      }
      records.push(record)
      bytes += record.payload.length
      total += record.payload.length
      // The reader asked for a window of bytes: it ends with the record that filled it.
      if (maxBytes > 0 && total >= maxBytes) break
    }
    yield { records, last: true }
  }

  /** A read response: the records with proofs (if asked for) to `head`: one range proof for them all, or one inclusion proof each. */
  async #readResponse (capsule: StoredCapsule, records: CapsuleRecord[], what: ReadExtras, head: SignedHeartbeat | undefined): Promise<pb.IReadResponse> {
    const read: pb.IReadResponse = { records: records.map(recordToPb), heartbeat: head === undefined ? null : signedHeartbeatToPb(head) }
    if (what.proofs && head !== undefined && records.length > 0) {
      const { size, root } = head.heartbeat
      const from = records[0]!.header.seqno
      const to = records.at(-1)!.header.seqno + 1
      // Checked before it goes (hashes only: a few per record): a tree node damaged on disk under a good CRC made
      // every proof through it fail at the readers, who went elsewhere, and this replica was never mended.
      const damaged = (): StoreCorruptionError => new StoreCorruptionError(`capsule ${formatName(capsule.name)}: the stored Merkle tree does not prove records ${from}..${to - 1} against the heartbeat at size ${size}: a tile is damaged`)
      if (what.rangeProof) {
        const proof = await capsule.rangeProof(from, to, size)
        if (!verifyRange(from, to, size, records.map((r) => r.hash), proof.path, root)) throw damaged()
        read.rangeProof = rangeProofToPb(proof)
      } else {
        read.proofs = await Promise.all(records.map(async (r) => {
          const proof = await capsule.inclusionProof(r.header.seqno, size)
          if (!verifyInclusion(proof.index, size, r.hash, proof.path, root)) throw damaged()
          return inclusionProofToPb(proof)
        }))
      }
    }
    if (what.batchHeartbeats && records.length > 0) {
      read.batchHeartbeats = []
      for await (const hb of capsule.heartbeats({ after: records[0]!.header.seqno, upTo: records.at(-1)!.header.seqno + 1 })) read.batchHeartbeats.push(signedHeartbeatToPb(hb))
    }
    return read
  }

  async #subscribe (capsule: StoredCapsule, request: pb.ISubscribeRequest, nonce: Uint8Array, reply: Reply, flow: ReplyFlow | undefined, stopRight: StopRight): Promise<void> {
    if (this.#subscriptionCount >= this.#init.maxSubscriptions) throw new ServerBusyError(`too many subscriptions on this server (${this.#init.maxSubscriptions}); retry later`)
    const from = request.fromSeqno ?? 0
    const s: Subscription = {
      id: Buffer.from(nonce).toString('hex'),
      capsule,
      proofs: request.proofs === true,
      rangeProof: request.rangeProof === true,
      reply,
      flow,
      stopRight,
      sent: from,
      until: capsule.size,
      liveFrom: Math.max(from, capsule.size),
      lagBytes: 0,
      queued: false,
      busy: false,
      ended: false
    }
    const subs = this.#subscriptions.get(key(capsule.name)) ?? new Map<string, Subscription>()
    subs.set(s.id, s)
    this.#subscriptions.set(key(capsule.name), subs)
    this.#subscriptionCount++
    // What exists already, then live records as they are appended.
    this.#schedule(s)
  }

  /** Ends a subscription or a read still being sent (its requester went away, or its link is backed up): nothing more goes out. */
  cancel (nonce: Uint8Array): void {
    const id = Buffer.from(nonce).toString('hex')
    for (const subs of this.#subscriptions.values()) {
      const s = subs.get(id)
      if (s !== undefined) this.#end(s)
    }
    const read = this.#reads.get(id)
    if (read !== undefined) read.stopped = true
  }

  /**
   * Ends a subscription, or a read still being sent, on its requester's
   * word (or a router's on its way, whose requester is gone): a final,
   * empty response releases the routers' state. Anyone else's, sent by
   * `source` come by `flow`, is refused (StopRight).
   */
  #unsubscribe (capsule: StoredCapsule, nonce: Uint8Array, flow: ReplyFlow | undefined, source: string): boolean {
    const id = Buffer.from(nonce).toString('hex')
    const refuse = (): never => { throw new NotRequesterError(`request ${id} on capsule ${formatName(capsule.name)} was not sent by you by this way: only its requester, or a router on its way, may stop it`) }
    const s = this.#subscriptions.get(key(capsule.name))?.get(id)
    if (s !== undefined) {
      if (!mayStop(s.stopRight, flow, source)) refuse()
      this.#end(s, { response: { final: true, read: { records: [] } } })
      return true
    }
    const read = this.#reads.get(id)
    if (read === undefined || read.capsule !== key(capsule.name) || read.stopped) return false
    if (!mayStop(read.stopRight, flow, source)) refuse()
    read.stopped = true
    // Not an empty final answer: readers merged into this read by a router on the way get it too, and took that
    // for the end of the capsule (a peer that read first, then unsubscribed, made others' reads come back empty).
    read.last = { nack: { reason: pb.NackReason.STOPPED, detail: 'the read was ended by an unsubscribe of its nonce before its last record; read on from the record after the last one received' } }
    return true
  }

  /** Tells the capsule's subscribers of a batch stored (`records`, ending at `heartbeat`). */
  #notify (capsule: StoredCapsule, heartbeat: SignedHeartbeat, records: CapsuleRecord[]): void {
    const subs = this.#subscriptions.get(key(capsule.name))
    if (subs === undefined) return
    const size = heartbeat.heartbeat.size
    for (const s of [...subs.values()]) {
      if (size <= s.until) continue
      s.until = size
      // Only records it is owed count, as only those are taken off as they are sent (#turn): counting those before
      // where it asked to start ended a subscription waiting ahead of the capsule for lagging.
      const owed = Math.max(s.sent, s.liveFrom)
      for (const r of records) if (r.header.seqno >= owed) s.lagBytes += r.payload.length
      const lag = s.until - Math.max(s.sent, s.liveFrom)
      if (lag <= this.#init.maxSubscriberLagRecords && s.lagBytes <= this.#init.maxSubscriberLagBytes) { this.#schedule(s); continue }
      this.counters.subscriptionsLagging++
      this.#end(s, { nack: { reason: pb.NackReason.CONGESTION, detail: `subscriber fell too far behind (${lag} records, ${s.lagBytes} bytes not sent yet); resubscribe from seqno ${s.sent}` } })
    }
  }

  /** Puts a subscription with records to send in line for a worker. */
  #schedule (s: Subscription): void {
    if (s.queued || s.busy || s.ended || s.sent >= s.until) return
    s.queued = true
    this.#ready.push(s)
    while (this.#workers < this.#init.subscriptionWorkers && this.#readyHead < this.#ready.length) {
      this.#workers++
      void this.#work()
    }
  }

  /**
   * A worker: one response for the subscription whose turn it is, which then
   * goes to the back of the line. A few workers bound the responses in
   * memory at once, whatever the number of subscriptions, and share the
   * store fairly between them.
   */
  async #work (): Promise<void> {
    try {
      while (this.#readyHead < this.#ready.length) {
        const s = this.#ready[this.#readyHead]!
        this.#ready[this.#readyHead++] = undefined
        if (this.#readyHead === this.#ready.length) { this.#ready = []; this.#readyHead = 0 }
        else if (this.#readyHead > 1024 && this.#readyHead * 2 > this.#ready.length) { this.#ready = this.#ready.slice(this.#readyHead); this.#readyHead = 0 }
        s.queued = false
        if (s.ended) continue
        s.busy = true
        try {
          await this.#turn(s)
        } catch (err) {
          this.#end(s, { nack: this.#refusal(err as Error) })
          this.#mendAfterSubscription(s.capsule.name, err)
        } finally {
          s.busy = false
        }
        if (s.ended) this.#sendLast(s)
        else this.#schedule(s)
      }
    } finally {
      this.#workers--
    }
  }

  /**
   * Damage a subscription met ends it (its subscriber goes on at another
   * replica: a subscription is not held while a repair runs, as a read is)
   * and is mended in the background; before, the replica kept the damage
   * until a read met it or an operator ran a repair.
   */
  #mendAfterSubscription (name: Uint8Array, err: unknown): void {
    if (!(err instanceof StoreCorruptionError) || !this.#hosted.has(key(name)) || this.repairer.repairing(name)) return
    // At most a line a FAILURE_LOG_MS: each subscription that met damage no replica could mend wrote one, so a client
    // subscribing again and again had a line logged per request.
    this.repairer.repair(name).catch((failed: Error) => {
      this.#failuresLogged.note('unmended after a subscription', (more) => { log.error('capsule %s: the damage a subscription met was not mended: %s%s', formatName(name), failed.message, more) })
    })
  }

  /** Sends a subscription's next response, unless it ended meanwhile. */
  async #turn (s: Subscription): Promise<void> {
    // A response its subscriber's link would refuse is not worth building: the subscription ends now (cancel follows).
    if (s.flow?.backedUp() === true) { s.flow.cut(s.sent); return }
    const chunks = this.#chunks(s.capsule, s.sent, s.until)
    try {
      const first = await chunks.next()
      if (first.done === true || s.ended) return
      const records = first.value.records
      const read = await this.#readResponse(s.capsule, records, { proofs: s.proofs, rangeProof: s.rangeProof, batchHeartbeats: false }, s.capsule.head)
      if (s.ended) return
      for (const r of records) if (r.header.seqno >= s.liveFrom) s.lagBytes -= r.payload.length
      s.sent = records.at(-1)!.header.seqno + 1
      s.reply({ response: { final: false, read } })
    } finally {
      await chunks.return(undefined)
    }
  }

  /** Ends a subscription; `last`, if any, goes out after the response being built. */
  #end (s: Subscription, last?: Parameters<Reply>[0]): void {
    if (s.ended) return
    s.ended = true
    const subs = this.#subscriptions.get(key(s.capsule.name))
    subs?.delete(s.id)
    if (subs?.size === 0) this.#subscriptions.delete(key(s.capsule.name))
    this.#subscriptionCount--
    s.last = last
    if (!s.busy) this.#sendLast(s)
  }

  #sendLast (s: Subscription): void {
    const last = s.last
    s.last = undefined
    if (last !== undefined) s.reply(last)
  }
}

/** The NACK reason of each kind of error a request may meet; any other is SERVER_ERROR. */

/**
 * Tells the routers on a writer's batch's way that this replica is at work
 * on it: a heads-up once the batch waits for peers (its write quorum, or
 * records this replica lacks) and AT_WORK_HEADS_UP_MS have passed since it
 * came, one for each such wait. Without it a router moved the batch to
 * another replica after failoverAfterMs (1 s; the quorum may take 5 s),
 * and avoided this one as hung for 30 s. A replica whose disk stalls sends
 * none: the batch is moved from it, as before.
 */
class AtWorkNotice {
  readonly #reply: Reply
  readonly #due = performance.now() + AT_WORK_HEADS_UP_MS
  // Armed only once the batch waits for peers: most appends never do, and a timer each would be work in the hot path.
  #timer: NodeJS.Timeout | undefined

  constructor (reply: Reply) {
    this.#reply = reply
  }

  /** The batch waits for peers from now on. */
  waitingForPeers (): void {
    const wait = this.#due - performance.now()
    if (wait <= 0) this.#send()
    else this.#timer ??= setTimeout(() => { this.#send() }, wait)
  }

  #send (): void {
    this.#reply({ response: { final: false, followingBytes: APPEND_ANSWER_BYTES } })
  }

  stop (): void {
    clearTimeout(this.#timer)
  }
}

const NACK_REASONS: Array<[abstract new (...args: never[]) => Error, pb.NackReason]> = [
  [InvalidSignatureError, pb.NackReason.UNAUTHORIZED],
  [CertificateError, pb.NackReason.UNAUTHORIZED],
  [CreateRefusedError, pb.NackReason.UNAUTHORIZED],
  [NotRequesterError, pb.NackReason.UNAUTHORIZED],
  [ChainMismatchError, pb.NackReason.CONFLICT],
  [CapsuleNotFoundError, pb.NackReason.NOT_FOUND],
  [QuotaExceededError, pb.NackReason.QUOTA_EXCEEDED],
  [MalformedMessageError, pb.NackReason.MALFORMED],
  [InvalidArgumentError, pb.NackReason.MALFORMED],
  [PreconditionFailedError, pb.NackReason.FAILED_PRECONDITION],
  [ServerBusyError, pb.NackReason.CONGESTION],
  [QuorumNotReachedError, pb.NackReason.QUORUM_NOT_REACHED],
  [ReplicasUnreachableError, pb.NackReason.REPLICAS_UNREACHABLE],
  [StoreFullError, pb.NackReason.STORE_FULL]
]

/** The NACK that tells a requester what was wrong. */
export function nackFor (err: Error): pb.INack {
  const reason = NACK_REASONS.find(([type]) => err instanceof type)?.[1] ?? pb.NackReason.SERVER_ERROR
  const nack: pb.INack = { reason, detail: err instanceof StoreFullError ? storeFullDetail(err) : requesterMessage(err) }
  if (err instanceof CapsuleDeletedError && err.deletion !== undefined) nack.deletion = pb.SignedCapsuleDeletion.decode(err.deletion)
  if (err instanceof CapsuleMovedError) { nack.reason = pb.NackReason.MOVED; nack.movedTo = err.movedTo }
  if (err instanceof QuotaExceededError && err.retryAfterMs !== undefined) nack.retryAfterMs = err.retryAfterMs
  // A request this server made for the one it answers (a hand-off's create at the target) that a server refused
  // for its create rate: the requester may wait and try again, as if it had been refused itself.
  if (err instanceof RequestRefusedError && err.reason === 'QUOTA_EXCEEDED') {
    nack.reason = pb.NackReason.QUOTA_EXCEEDED
    if (err.retryAfterMs !== undefined) nack.retryAfterMs = err.retryAfterMs
  }
  return nack
}

/** The selector a read request carries (its oneof), in the form resolveSelector takes. */
function selectorFromPb (request: pb.IReadRequest): ReadSelector {
  switch ((request as pb.ReadRequest).selector) {
    // uint64 on the wire: a number past 2^53 (or a time past what Date holds) is refused, not rounded or wrapped.
    case 'seqno': return { seqno: safeUint(Number(request.seqno), 'read seqno') }
    case 'range': return { range: { from: safeUint(Number(request.range?.from ?? 0), 'read range from'), to: safeUint(Number(request.range?.to ?? 0), 'read range to') } }
    case 'last': return { last: safeUint(Number(request.last), 'read last') }
    case 'atUs': return { atUs: safeUint(Number(request.atUs), 'read at_us') }
    case 'hash': return { hash: request.hash! }
    default: throw new MalformedMessageError('a read request needs a selector')
  }
}

/**
 * Whether `records` are the last records `held` signs: each names the one
 * before it by hash, up to the heartbeat's last record, and holds the
 * payload its header names.
 */
function signedRecords (records: CapsuleRecord[], held: SignedHeartbeat): boolean {
  let next = held.heartbeat.lastRecordHash
  for (let i = records.length - 1; i >= 0; i--) {
    const { header, hash, payload } = records[i]!
    if (!equalBytes(hash, next) || !equalBytes(sha256(payload), header.payloadHash)) return false
    next = header.prevHash
  }
  return true
}

/**
 * Splits the records of an append of several batches at the heartbeats that
 * end the batches before the last: each must end strictly after the one
 * before it and before the last batch's end.
 */
function splitBatches (records: CapsuleRecord[], earlier: SignedHeartbeat[], last: SignedHeartbeat): Array<{ records: CapsuleRecord[], heartbeat: SignedHeartbeat }> {
  const base = last.heartbeat.size - records.length
  const batches: Array<{ records: CapsuleRecord[], heartbeat: SignedHeartbeat }> = []
  let from = base
  for (const heartbeat of earlier) {
    const end = heartbeat.heartbeat.size
    if (end <= from || end >= last.heartbeat.size) throw new MalformedMessageError(`a batch heartbeat at size ${end} does not fall between ${from} and ${last.heartbeat.size}, the end of the last batch`)
    batches.push({ records: records.slice(from - base, end - base), heartbeat })
    from = end
  }
  batches.push({ records: records.slice(from - base), heartbeat: last })
  return batches
}

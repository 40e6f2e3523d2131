/**
 * Keeps the replicas of a capsule together (docs/replication.md).
 *
 * - A replica that takes a batch from the writer passes it on to the other
 *   replicas, in order, one queue per peer, and collects their signed
 *   acknowledgements until the write quorum holds it.
 * - A peer that is behind (it answers CONFLICT) is first sent the batches it
 *   lacks, from this replica's store.
 * - Anti-entropy: every `syncIntervalMs`, and at once when a writer's batch
 *   runs ahead of this replica, it asks its peers what they hold (a list
 *   request, a page per 1,000 capsules) and fetches what it lacks, each batch
 *   verified against its own tip as a writer's append would be. Holes fill
 *   without the writer; a replica back from a crash or a wiped disk catches
 *   up by itself.
 */
import { logger } from '@libp2p/logger'
import { formatName } from '../capsule/name.js'
import { MAX_BATCH_PAYLOAD_BYTES, WriterBatches } from '../client/writer-batches.js'
import type { CapsuleRecord, ForkProof, InclusionProof, SignedHeartbeat } from '../capsule/types.js'
import { verifyAppendBatch } from '../capsule/writer.js'
import { encodeForkProof, payloadBytes } from '../capsule/codec.js'
import { divergedFork, verifyForkProof } from '../capsule/fork.js'
import { compareWithStore } from '../store/archive.js'
import { decodeSignedDeletion, verifyDeletion, type SignedCapsuleDeletion } from '../capsule/deletion.js'
import { equalBytes } from '../crypto/hash.js'
import { CapsuleDeletedError, ChainMismatchError, ForkDetectedError, InvalidArgumentError, InvalidProofError, InvalidSignatureError, LinkCongestedError, LinkTimeoutError, PreconditionFailedError, QuorumNotReachedError, ReplicasUnreachableError, RequestRefusedError, RequestTimeoutError, ServerBusyError, ServiceStoppedError, StoreAccessError, StoreClosedError, StoreCorruptionError, StoreRegressionError, StoreWriteError, UnexpectedResponseError } from '../errors.js'
import type { AppendAck } from '../routing/append-ack.js'
import { currentReplicas, decodeReplicaSet, encodeReplicaSet, joinedMembers, MAX_REPLICAS, removalFloorUs, removedBy, replicaSetDigest, withDelegations, withRemoval, type ReplicaSetOrders } from '../routing/replica-set.js'
import { CLOCK_SKEW_US, type SignedAdCert } from '../routing/certificates.js'
import { transferAllowanceMs } from '../routing/forwarder.js'
import { serversWanted } from '../client/servers-wanted.js'
import { verifyPlacementDelegation, type SignedPlacementDelegation } from '../capsule/delegation.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import { LIST_RETRY_AFTER_MS } from './list-gate.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import type { CapsuleInfo, CapsuleListing, ListPoint, ReadBatches, ReadWindow, ReplicaChoice } from '../client/client.js'
import type { AppendBatch } from '../capsule/writer.js'
import type { SignedMetadata } from '../capsule/types.js'

const log = logger('gdp:replicator')

/** Rounds a capsule waits at most before it is sent again to a peer that keeps saying it does not hold it (#reseed): about 43 minutes at the default 10 s a round. */
export const MAX_RESEED_WAIT_ROUNDS = 256

/** Rounds to wait after `times` tries in a row that came to nothing: twice as many each time, up to `max` (a power of 2). */
function doublingWaitRounds (times: number, max: number): number {
  return times >= Math.log2(max) ? max : 2 ** times
}

/** Rounds before a capsule sent again `times` times in a row to a peer that still says it does not hold it is sent once more: twice as many each time, up to MAX_RESEED_WAIT_ROUNDS. */
export function reseedWaitRounds (times: number): number {
  return doublingWaitRounds(times, MAX_RESEED_WAIT_ROUNDS)
}

/**
 * Rounds a capsule waits at most before it is fetched again from a peer
 * that listed more of it than it then served (#syncWith): about 2.7
 * minutes at the default 10 s a round, so a peer that lists what it will
 * hold soon (a store being repaired) is caught up from within that.
 */
export const MAX_UNFULFILLED_WAIT_ROUNDS = 16

/** Rounds before a capsule is fetched again from a peer whose listed size `times` fetches in a row brought nothing of: twice as many each time, up to MAX_UNFULFILLED_WAIT_ROUNDS. */
export function unfulfilledWaitRounds (times: number): number {
  return doublingWaitRounds(times, MAX_UNFULFILLED_WAIT_ROUNDS)
}

/**
 * The owner's deletion (or removal) of `capsule` that a peer refused a
 * request with (NOT_FOUND carrying the order), checked against the
 * capsule's metadata; undefined for any other failure. Throws when the
 * order carried does not hold: a peer may lie.
 */
export function deletionRefusedWith (capsule: StoredCapsule, err: unknown): SignedCapsuleDeletion | undefined {
  if (!(err instanceof RequestRefusedError && err.reason === 'NOT_FOUND' && err.deletion !== undefined)) return undefined
  const deletion = decodeSignedDeletion(err.deletion)
  verifyDeletion(deletion, capsule.name, capsule.signedMetadata)
  return deletion
}

/** The refusal of a removal from a capsule this server holds alone: there is no set to remove a replica from. */
export function oneReplicaHere (name: Uint8Array): PreconditionFailedError {
  return new PreconditionFailedError(`capsule ${formatName(name)} has one replica, here: delete it instead`)
}

/** How many times a peer's backoff doubles, at most: from peerBackoffMs to 32 times it. */
const MAX_BACKOFF_DOUBLINGS = 5

/**
 * Whether an error says `peer` did not answer (rather than answered no). A
 * refusal the peer sent itself is an answer, CONGESTION too (its lists all
 * taken, docs/routing.md): a router's on the way says nothing of the peer.
 */
function unreachable (err: unknown, peer: Uint8Array): boolean {
  if (err instanceof RequestRefusedError) {
    if (err.from !== undefined && equalBytes(err.from, peer)) return false
    return err.reason === 'NO_ROUTE' || err.reason === 'EXPIRED' || err.reason === 'CONGESTION' || err.reason === 'LOOP'
  }
  return err instanceof RequestTimeoutError || err instanceof LinkTimeoutError || err instanceof LinkCongestedError
}

/** Whether `err` is the peer's own refusal of a request as one too many now (CONGESTION it sent, as a ListGate does). */
function busyItself (err: unknown, peer: Uint8Array): err is RequestRefusedError {
  return err instanceof RequestRefusedError && err.reason === 'CONGESTION' && err.from !== undefined && equalBytes(err.from, peer)
}

/**
 * Whether `err` is this server's own store failing: a write it refused (its
 * disk full), files it may not read, damage it met, a store closed or being
 * reopened. A peer's failures reach the replicator as the client's errors,
 * never as these.
 */
function ownStoreFault (err: unknown): boolean {
  return err instanceof StoreWriteError || err instanceof StoreAccessError || err instanceof StoreCorruptionError || err instanceof StoreClosedError
}

/** A catch-up (a move's switch) waits this long, at most, for batches already queued for the peer. */
const CATCH_UP_QUEUE_WAIT_MS = 1000
/** Servers kept to learn a damaged replica set from, per capsule: each is asked at the next round, then forgotten. */
const MAX_SET_SOURCES = 8
/**
 * A peer further behind a batch passed on to it than this is not sent what
 * it lacks along with the batch: it fetches it itself (anti-entropy, a
 * move's own catch-up).
 */
const FAR_BEHIND_RECORDS = 4096

/** A round asks a peer that refuses its list as busy this many times in all, then leaves it to the next round. */
const LIST_TRIES = 3
/** The longest wait a busy peer's retry_after_ms gets before a list is asked again (a peer's word, bounded). */
const MAX_LIST_RETRY_WAIT_MS = 5000

/** Peers whose last read time is kept to order fetches by: a server's peers, bounded however many sets name others. */
const MAX_READ_TIMES = 4096

/**
 * Acknowledgements remembered per capsule and peer, those of the latest
 * batches it took from here: an Appender's batches in flight (4) and more, so
 * a writer's resend of any of them finds its acknowledgement.
 */
export const ACKS_REMEMBERED_PER_PEER = 8

/** The default of ReplicatorInit.maxRecordsPerRequest: such a request of the largest records' headers stays well within MAX_PDU_FIELDS. */
export const MAX_RECORDS_PER_REQUEST = 16_384

/** What the replicator asks of other replicas: a client that can address one replica. */
export interface ReplicaClient {
  info: (name: Uint8Array, choice: ReplicaChoice) => Promise<CapsuleInfo>
  /** `signal`: the read is given up when it is aborted (a repair out of time, Repairer). */
  readBatches: (name: Uint8Array, window: ReadWindow, metadata: SignedMetadata, choice: ReplicaChoice, proven: boolean, signal?: AbortSignal) => Promise<ReadBatches>
  appendBatches: (batches: Array<Pick<AppendBatch, 'capsule' | 'records' | 'heartbeat'>>, choice: Required<ReplicaChoice>) => Promise<AppendAck[]>
  proveRecord: (name: Uint8Array, seqno: number, metadata: SignedMetadata, choice: ReplicaChoice) => Promise<{ record: CapsuleRecord, proof: InclusionProof, heartbeat: SignedHeartbeat }>
  delete: (name: Uint8Array, deletion: SignedCapsuleDeletion, choice: ReplicaChoice) => Promise<void>
  /** A create sent to one server (a move's switch tells its target to take the capsule over). */
  create: (signed: SignedMetadata, server: Uint8Array, adCert: SignedAdCert, replicas: SignedAdCert[], orders: ReplicaSetOrders) => Promise<Uint8Array>
  listing: (server: Uint8Array, changedSince?: ListPoint) => Promise<CapsuleListing>
  forget: (name: Uint8Array) => void
}

/**
 * A ReplicaClient that calls the one `client()` returns when used: a node
 * builds its client after the forwarder, which needs the service first.
 */
export function lateReplicaClient (client: () => ReplicaClient): ReplicaClient {
  return {
    info: async (name, choice) => await client().info(name, choice),
    readBatches: async (name, window, metadata, choice, proven, signal) => await client().readBatches(name, window, metadata, choice, proven, signal),
    appendBatches: async (batches, choice) => await client().appendBatches(batches, choice),
    proveRecord: async (name, seqno, metadata, choice) => await client().proveRecord(name, seqno, metadata, choice),
    delete: async (name, deletion, choice) => { await client().delete(name, deletion, choice) },
    create: async (signed, server, adCert, replicas, orders) => await client().create(signed, server, adCert, replicas, orders),
    listing: async (server, changedSince) => await client().listing(server, changedSince),
    forget: (name) => { client().forget(name) }
  }
}

export interface ReplicatorInit {
  /** Between two anti-entropy rounds over every replicated capsule. @default 10000 */
  syncIntervalMs?: number
  /** Records fetched per read when catching up from a peer, at most. @default 1024 */
  fetchWindowRecords?: number
  /**
   * Payload bytes fetched per read when catching up from a peer: the read
   * ends with the record that reaches them, so a capsule of large records
   * is caught up in windows of bytes, not of 1,024 records held at once
   * (1 GiB of 1 MiB file chunks). @default 16 MiB
   */
  fetchWindowBytes?: number
  /**
   * How long an append waits for the write quorum, at most, plus the time
   * its payload may take on a slow link: past it, the writer is answered
   * QUORUM_NOT_REACHED while the batch is still passed on. A writer's batch
   * that runs ahead of this replica waits as long for the catch-up from its
   * peers, then gets CONFLICT while the catch-up goes on. Below a router's
   * wait for an answer (10 s) and a client's (15 s), so that a peer that
   * takes the batch and never answers gets the writer a refusal that says
   * so, not a timeout that says nothing. @default 5000
   */
  quorumWaitMs?: number
  /**
   * Batches of one capsule waiting to be passed on to one peer, at most.
   * Past it, a peer too slow to keep up is not sent more: it is behind, and
   * catches up from this replica's store (or by anti-entropy). @default 256
   */
  maxQueuedBatches?: number
  /**
   * Payload bytes of one capsule's batches waiting for one peer, at most (a
   * batch is queued alone, whatever its size, when none waits). Counted in
   * batches alone, a peer that acknowledged slowly held 256 of a writer's
   * batches here, of up to 64 MiB each: 16 GiB of memory for one capsule.
   * Past it a batch is not queued (`skipped`), as past maxQueuedBatches.
   * The default holds four of the largest batches, an Appender's batches in
   * flight: a peer the writer's quorum waits for is sent every one.
   * @default 4 x MAX_BATCH_PAYLOAD_BYTES (256.25 MiB)
   */
  maxQueuedBytes?: number
  /**
   * A peer that did not answer is passed nothing and not fetched from for
   * this long, doubling with each failure in a row up to 32 times: a dead
   * peer must not cost every append a request timeout. Anti-entropy rounds
   * still try it, and an answer ends the wait. One not failing again for
   * the longest backoff after its wait ended is forgotten, and starts anew. @default 1000
   */
  peerBackoffMs?: number
  /**
   * Batches waiting for one peer go to it together, in one request of at
   * most this many batches and maxBytesPerRequest payload bytes (a larger
   * batch goes alone): fewer round trips and PDUs per batch. @default 64
   */
  maxBatchesPerRequest?: number
  /** @default 4 MiB */
  maxBytesPerRequest?: number
  /**
   * Records in one such request, at most (a larger batch goes alone: its
   * writer sent it in one PDU). Five batches of 10,000 small records made a
   * PDU of more fields than MAX_PDU_FIELDS, which the first router dropped
   * without an answer: the peer never got them, and a move's switch waited
   * out its wait for them. @default 16,384
   */
  maxRecordsPerRequest?: number
  /**
   * Capsule-peer pairs whose latest acknowledgements are remembered, at
   * most (ACKS_REMEMBERED_PER_PEER each, and the largest size acknowledged),
   * the least recently used forgotten first: a batch held here and sent
   * again is answered with them, and is not passed on again to a peer that
   * acknowledged it (or a later batch). About 3.5 KiB a pair (14 MiB in all). @default 4096
   */
  maxRememberedAckPairs?: number
  /** Peers an anti-entropy round talks to at once. @default 8 */
  syncConcurrency?: number
  /**
   * Shared capsules a peer did not list that one round asks it about, at
   * most (the rest wait for the next round): a peer that lost many capsules
   * must not cost a round a request per capsule. @default 100
   */
  maxUnlistedProbes?: number
  /**
   * Shared capsules whose heads one round compares with this replica's
   * records, at most (the rest wait for the next round): those a peer holds
   * as many records of as this replica, or fewer, and those whose replica
   * set the peer lists as changed, to one other than this replica's. Sizes
   * alone do not show two histories of one length, nor a removal; each
   * capsule is compared again only once the peer's size or set changed.
   * @default 100
   */
  maxHeadComparisons?: number
  /**
   * Capsules one round reads of a peer's list, at most, and for how long:
   * a peer's list names every capsule it holds, page after page, and one
   * that lied with endless pages of made-up names held the round (and, the
   * rounds being one after the other, every later one) for good. A peer
   * that lists more, or for longer, is left at that point until the next
   * round (counted as a failure). The questions about shared capsules it
   * did not list stop once the round with it has taken listBudgetMs, the
   * rest left to the next round. @default 1,000,000 capsules, 60 s
   */
  maxListedPerRound?: number
  listBudgetMs?: number
  /**
   * How long one fetch of a capsule reads from its peers, at most: past it
   * the fetch ends after the read under way, and the next round (or the
   * next batch that runs ahead) goes on from there. Unbounded, a peer that
   * answered each read slowly held the round, and so every later one, for
   * as long as it had records to send. So long, too, at most, are the
   * records of a capsule sent again to a peer that lost it (the peer
   * fetches the rest itself). @default 60 s
   */
  fetchBudgetMs?: number
  /**
   * A read from a peer that takes longer than this, while a fetch has other
   * peers to read from, moves the fetch on to them; the slow peer is read
   * again, to the end, only after them (for what they lack). A fetch asks
   * the peers that read fastest lately first. Without it, a slow peer first
   * in set order held each catch-up to its pace (each read just inside the
   * request timeout, for fetchBudgetMs, again at each fetch) while a fast
   * peer held the same records, and the writer's batch got CONFLICT at the
   * lagging replica all along. @default 1000 ms
   */
  fetchHedgeMs?: number
  /**
   * A round asks each peer only what changed since its last complete round
   * with it (ListRequest.changed_since), and for its whole list once in
   * this many rounds, as after any round that left work for the next, or
   * when the capsules shared with the peer changed. @default 30
   */
  fullListEveryRounds?: number
}

/** A batch waiting in a peer's queue, and who waits for its acknowledgement. */
interface Outgoing {
  batch: PassedBatch
  bytes: number
  resolve: (ack: AppendAck) => void
  reject: (err: Error) => void
}

/** Batches of one capsule waiting for one peer, in the order they were stored; `sending` while a request is out. */
interface PeerQueue {
  capsule: StoredCapsule
  peer: Uint8Array
  waiting: Outgoing[]
  sending: boolean
  /** Payload bytes of `waiting`. */
  bytes: number
  /** The acknowledgement of each batch waiting or being sent, by the batch's size (of the one history held here). */
  unanswered: Map<number, Promise<AppendAck>>
}

type PassedBatch = { records: CapsuleRecord[], heartbeat: SignedHeartbeat }

/**
 * A peer's acknowledgement of a batch, kept without the heartbeat it signs,
 * which is the batch's own (rebuilt from it when used): a whole AppendAck
 * decoded takes 1.8 KiB, this a fifth of it.
 */
interface KeptAck { size: number, storedAtUs: number, signature: Uint8Array }

/** What a peer acknowledged of a capsule: the acknowledgements of the latest batches it took from here (largest size first), and the largest size. */
interface PeerAcks { serverKey: Uint8Array, latest: KeptAck[], largest: number }

export interface ReplicatorComponents {
  store: CapsuleStore
  client: ReplicaClient
  /** This server's node name. */
  self: Uint8Array
  clock: () => number
  /**
   * Milliseconds of running time (default performance.now()): what the
   * budgets, waits, backoffs and peers' read times are measured on. Not the
   * wall clock: a step of it ahead (NTP, a VM resumed) ended every budget at
   * once, and a switch's wait for the batches queued to a peer, which were
   * then sent again, racing them; a step back stretched a round by its size.
   */
  monotonicMs?: () => number
  /** Told of each batch stored from a peer, its records ending at `heartbeat` (so subscribers get them). */
  stored: (capsule: StoredCapsule, heartbeat: SignedHeartbeat, records: CapsuleRecord[]) => void
  /** Deletes the capsule here on its owner's order (checked), which a peer had and this replica missed. */
  deleted: (capsule: StoredCapsule, deletion: SignedCapsuleDeletion) => Promise<void>
  /** Told of a capsule held here that its store could not open (damaged, or gone backwards); anti-entropy skips it, or fetches what one gone backwards lost. */
  unopenable: (name: Uint8Array, err: StoreCorruptionError) => void
  /** Told of a capsule whose store had gone backwards once it holds again every record the store acknowledged: it can be served again. */
  recovered: (name: Uint8Array) => void
}

export interface ReplicatorCounters {
  /** Batches passed on to a peer replica and acknowledged by it. */
  passedOn: number
  /** Batches sent to a peer that was behind, to catch it up. */
  sentToCatchUp: number
  /** Batches fetched from peers and stored here. */
  fetched: number
  /** Batches from a peer that did not verify against this replica's tip (a fork, or a broken peer). */
  refused: number
  /** Passing on or fetching that failed (a peer down or unreachable); retried later. */
  failures: number
  /** Batches not passed on to a peer that was down or too far behind, or, sent again, to one that refused a batch lately for a reason that lasts: it catches up later. */
  skipped: number
  /**
   * Batches held here and sent again (a writer's resend, anyone's replay),
   * one count per peer not sent it again: the peer had acknowledged it, or a
   * later batch. Sent to every peer again, a replay cost N-1 times its bytes.
   */
  notSentAgain: number
  /** Capsules deleted here on their owner's order, learnt from a peer (this replica missed it). */
  deletionsLearnt: number
  /** Capsules found forked: a peer holds another history the writer signed, or served a fork proof; the fork proof is stored. */
  forks: number
  /** Capsules sent again to a replica of their set that had lost them (a wiped disk): metadata, replica set, records. */
  reseeded: number
  /** Capsules whose store here went backwards that got back, from peers, every record the store had acknowledged. */
  recovered: number
  /** Writers' appends refused before anything was stored, as too few peers were within reach for the quorum (REPLICAS_UNREACHABLE). */
  refusedUnreachable: number
  /** Anti-entropy rounds with a peer that read its whole list, and those that read only what changed there since the last. */
  fullListings: number
  changeListings: number
}

/** Where the last complete anti-entropy round with a peer left its list (Replicator.#syncWith). */
interface PeerListPoint {
  point: ListPoint
  /** The round that last read the peer's whole list. */
  fullRound: number
  /** The capsules shared with the peer then, in the order #syncWith was given them. */
  shared: string[]
}

export class Replicator {
  readonly #init: Required<ReplicatorInit>
  readonly #c: ReplicatorComponents
  readonly #monotonicMs: () => number
  /** Replica sets by capsule name (text form). */
  readonly #sets = new Map<string, SignedAdCert[]>()
  /** The owner's removals of replicas, by capsule name (text form), checked. */
  readonly #removals = new Map<string, SignedCapsuleDeletion[]>()
  /** The owner's placement delegations, by capsule name (text form), checked. */
  readonly #delegations = new Map<string, SignedPlacementDelegation[]>()
  /** Each (capsule, peer) queue: batches go to a peer in the order they were stored. */
  readonly #queues = new Map<string, PeerQueue>()
  /** What each peer acknowledged of each capsule lately, by (capsule, peer) as #queues, the least recently used first. */
  readonly #acks = new Map<string, PeerAcks>()
  /**
   * Peers that refused a batch passed on for a reason that lasts (they hold
   * no copy of the capsule, are too far behind and fetch, or hold another
   * history), with the refusal, by (capsule, peer) as #acks, at most
   * maxRememberedAckPairs, the oldest first: a batch sent again is not
   * passed on to them until they acknowledge one or the next anti-entropy
   * round (one that held no copy: or until a set naming it is kept, as the
   * owner's create sends it), where each replay of a batch cost each of
   * them its bytes again.
   */
  readonly #refusals = new Map<string, { why: string, holdsNone: boolean }>()
  /**
   * Peers that did not answer, by name: skipped until `until`
   * (monotonicMs); in the order they last failed, forgotten once
   * their backoff has been over for the longest backoff.
   */
  readonly #down = new Map<string, { failures: number, until: number }>()
  /** Fetches in progress, by capsule: one at a time per capsule; with the peers each reads, and those it passed over as down. */
  readonly #fetching = new Map<string, { done: Promise<Error | undefined>, from: Uint8Array[], passedOver: Uint8Array[] }>()
  /**
   * Why this server's store refused what the last fetch of a capsule read
   * (its disk full, say), by capsule, until a fetch stores what it reads:
   * a move's target says so when asked (storeFailure), where the move
   * waited out its timeout and told nobody why.
   */
  readonly #storeFailures = new Map<string, StoreWriteError>()
  /** How long the last read of a fetch from each peer took (ms), by name, the oldest dropped past MAX_READ_TIMES: the order a fetch asks its peers in. */
  readonly #readMs = new Map<string, number>()
  /**
   * By capsule, then peer (text forms): the peer's size when its head was
   * last compared with this replica's records, and the digest of its set it
   * listed then.
   */
  readonly #headsCompared = new Map<string, Map<string, { size: number, setDigest: Uint8Array }>>()
  /** The digest of each replica set held (its stored bytes), by capsule name (text form): what a listing shows of it. */
  readonly #setDigests = new Map<string, Uint8Array>()
  /** The last change of each capsule's set under way (#changeSet), settled either way, by name (text form). */
  readonly #setChanges = new Map<string, Promise<void>>()
  /**
   * Capsules this server's own removal from is under way for (leave), by
   * name (text form), with how many such removals run: their sets are
   * weighed as without this server.
   */
  readonly #leaving = new Map<string, number>()
  /** Capsules being deleted on an order a peer had (#deleteOnOrder), by name (text form). */
  readonly #deletingOnOrder = new Set<string>()
  /** Capsules whose store went backwards, fetching what they lost now, by name (text form). */
  readonly #recovering = new Map<string, Promise<void>>()
  /** Capsules whose fork proof is being stored now, by name (text form). */
  readonly #storingForkProof = new Set<string>()
  /**
   * Capsules whose replica set row was damaged at start, by name (text form),
   * each with the servers (by text name, at most MAX_SET_SOURCES) heard from
   * about it since, which may hold its set (#learnSetAgain).
   */
  readonly #damagedSets = new Map<string, Map<string, Uint8Array>>()
  /** Waits in progress (#pause), each ended at once by stop(). */
  readonly #wakeOnStop = new Set<() => void>()
  #timer: NodeJS.Timeout | undefined
  #round: Promise<void> = Promise.resolve()
  #stopped = false
  /** Anti-entropy rounds begun. */
  #rounds = 0
  /**
   * By capsule, then peer (text forms): the capsule sent again to a peer
   * that did not hold it, how many times in a row (the peer has not listed
   * it since), and the round before which it is not sent again.
   */
  readonly #reseeds = new Map<string, Map<string, { times: number, notBeforeRound: number }>>()
  /** Where each peer's list was left by the last complete round with it, by the peer's text name. */
  readonly #listPoints = new Map<string, PeerListPoint>()
  /**
   * By peer, then capsule (text forms): the size the peer listed of the
   * capsule that fetches from it brought nothing of, how many fetches in a
   * row, and the round before which it is not fetched from again at that
   * size. Fetched again at once, and left as work (a whole list next round),
   * a peer that listed more than it served cost a fetch and a whole list
   * every round, for good.
   */
  readonly #unfulfilled = new Map<string, Map<string, { claimed: number, times: number, notBeforeRound: number }>>()
  readonly counters: ReplicatorCounters = { passedOn: 0, sentToCatchUp: 0, fetched: 0, refused: 0, failures: 0, skipped: 0, notSentAgain: 0, deletionsLearnt: 0, forks: 0, reseeded: 0, recovered: 0, refusedUnreachable: 0, fullListings: 0, changeListings: 0 }

  constructor (init: ReplicatorInit, components: ReplicatorComponents) {
    this.#init = { syncIntervalMs: 10_000, fetchWindowRecords: 1024, fetchWindowBytes: 16 * 1024 * 1024, maxQueuedBatches: 256, maxQueuedBytes: 4 * MAX_BATCH_PAYLOAD_BYTES, quorumWaitMs: 5000, peerBackoffMs: 1000, maxBatchesPerRequest: 64, maxBytesPerRequest: 4 * 1024 * 1024, maxRecordsPerRequest: MAX_RECORDS_PER_REQUEST, maxRememberedAckPairs: 4096, syncConcurrency: 8, maxUnlistedProbes: 100, maxHeadComparisons: 100, maxListedPerRound: 1_000_000, listBudgetMs: 60_000, fetchBudgetMs: 60_000, fetchHedgeMs: 1000, fullListEveryRounds: 30, ...init }
    this.#c = components
    this.#monotonicMs = components.monotonicMs ?? (() => performance.now())
  }

  async start (): Promise<void> {
    // Sets of capsules deleted here were dropped before (CapsuleService.start, dropOrphanRows).
    for await (const { name, encoded } of this.#c.store.replicaSets()) {
      let set: ReturnType<typeof decodeReplicaSet>
      try {
        set = decodeReplicaSet(encoded)
      } catch (err) {
        // One damaged row kept the whole server from starting. Without it the capsule is held here as if of this
        // replica alone (served, its appends passed on to no peer: a writer's quorum then goes to the others) until
        // a peer replica's copy of the owner-signed set is learnt.
        log.error('capsule %s: its replica set row is damaged (%s): it is served here, but passes appends on to none of its other replicas until its set is learnt again from a peer replica (one that lists it in anti-entropy, or passes an append on), or its owner sends it (gdp replicas add %s --server <this server>)', formatName(name), (err as Error).message, formatName(name))
        this.#damagedSets.set(formatName(name), new Map())
        continue
      }
      const { adCerts, removals, delegations } = set
      this.#sets.set(formatName(name), adCerts)
      this.#setDigests.set(formatName(name), replicaSetDigest(encoded))
      if (removals.length > 0) this.#removals.set(formatName(name), removals)
      if (delegations.length > 0) this.#delegations.set(formatName(name), delegations)
    }
    this.#timer = setInterval(() => { this.#round = this.#round.then(async () => { await this.syncAll() }) }, this.#init.syncIntervalMs)
    this.#timer.unref()
  }

  /** Stops the rounds; work in progress ends at its next step. */
  async stop (): Promise<void> {
    this.#stopped = true
    clearInterval(this.#timer)
    for (const wake of [...this.#wakeOnStop]) wake()
    await this.#round
    // Batches queued for a peer that is down would hold the stop for a request timeout each: they
    // are dropped at their next step instead, and the peer fetches them at its next round.
    await Promise.allSettled([...this.#fetching.values()].map(async ({ done }) => await done))
  }

  /**
   * Keeps a capsule's replica set (checked by the caller), joined with the
   * one held: the owner adds a replica by sending every replica the larger
   * set. A server leaves the set only by a removal, so a create replayed with
   * an older, smaller set drops nobody; of two AdCerts for one server the one
   * that lasts longer stays, and expired ones go. Removals and delegations
   * (checked) join those held; a server removed after its AdCert was signed
   * stays out. Throws when the set would name more than MAX_REPLICAS servers,
   * or when the removals it brings would leave fewer than `wanted`.
   */
  async adopt (name: Uint8Array, adCerts: SignedAdCert[], orders: Partial<ReplicaSetOrders> = {}, wanted = 0): Promise<void> {
    await this.#changeSet(name, () => {
      const { members, removals, delegations } = this.checkAdoption(name, adCerts, orders, wanted)
      return { members, orders: { removals, delegations } }
    })
  }

  /**
   * The set, removals and delegations adopt() would keep; throws where it
   * would refuse, so a create can be refused before it stores anything.
   */
  checkAdoption (name: Uint8Array, adCerts: SignedAdCert[], orders: Partial<ReplicaSetOrders> = {}, wanted = 0): { members: SignedAdCert[] } & ReplicaSetOrders {
    const heldBefore = this.#removals.get(formatName(name)) ?? []
    let removals = heldBefore
    for (const removal of orders.removals ?? []) removals = withRemoval(removals, removal)
    const delegations = withDelegations(this.delegations(name), orders.delegations ?? [])
    const held = this.#sets.get(formatName(name))
    // A server this replica does not hold, on an AdCert from before the removal floor, may be one whose removal the
    // set dropped. A replica given its first set takes every member: the owner's create (sent to a new replica
    // before the others learn of it) names long-standing members on AdCerts older than the floor.
    const barred = (a: SignedAdCert, by: SignedCapsuleDeletion[]): boolean => {
      if (removedBy(a, by)) return true
      const floorUs = removalFloorUs(by)
      return held !== undefined && floorUs !== undefined && a.cert.notBeforeUs <= floorUs && !held.some((h) => equalBytes(h.cert.server, a.cert.server))
    }
    const joinedUnless = (by: SignedCapsuleDeletion[]): SignedAdCert[] => joinedMembers(held ?? [], adCerts, this.#c.clock(), (a) => barred(a, by))
    const members = joinedUnless(removals)
    if (members.length > MAX_REPLICAS) throw new PreconditionFailedError(`capsule ${formatName(name)} would have ${members.length} replicas with the ones it has, more than ${MAX_REPLICAS}: remove some first`)
    // Removals a create brings are evidence, checked at their own dates (a delegate's may be from a delegation
    // expired since), so one its delegate dated back after expiry passes too: it may not take the set below the policy.
    const staying = this.#staying(name, members)
    if (staying < wanted && staying < this.#staying(name, joinedUnless(heldBefore))) {
      throw new PreconditionFailedError(`the removals sent with the create would leave capsule ${formatName(name)} ${staying} of the ${wanted} replicas its policy asks for${this.#leavingNote(name, members)}`)
    }
    return { members, removals, delegations }
  }

  /**
   * Throws unless this replica may act on `removal` (its signature checked
   * by the caller, a delegate's against its delegation at the removal's own
   * date) now: not dated ahead of this clock, a delegate's order sent to
   * the capsule taken only while its delegation holds here (checked at the
   * removal's own date alone, an expired delegate dated its orders back
   * into its time), not older than the AdCert that placed the server (the
   * owner placed it again since), and not leaving fewer replicas than the
   * policy asks for. A delegate's removal `learnt` from a peer is evidence
   * of what the set's other replicas took, as a create's removals are
   * (checkAdoption): checked at its own date, however long ago its
   * delegation expired (refused, a replica away until then kept the
   * removed server for good). The policy check is left out for an owner's
   * removal of this very server learnt from a peer: the owner may take it
   * off when it likes, and this server, away meanwhile, may not know the
   * replicas added in its place. Returns whether the removal takes a server
   * out of the set held here.
   */
  checkRemoval (capsule: StoredCapsule, removal: SignedCapsuleDeletion, learnt: boolean): boolean {
    const server = removal.deletion.server!
    const nowUs = this.#c.clock()
    const what = `the removal of server ${formatName(server)} from capsule ${formatName(capsule.name)}`
    if (removal.deletion.deletedAtUs > nowUs + CLOCK_SKEW_US) throw new InvalidArgumentError(`${what} is dated ${new Date(removal.deletion.deletedAtUs / 1000).toISOString()}, ahead of this server's clock`)
    // Within the skew, as the delegation is where a set carries it: one its owner signed by a clock a little ahead
    // was refused here until this clock caught up, after the delegate's move had switched the capsule elsewhere.
    if (removal.delegation !== undefined && !learnt) verifyPlacementDelegation(removal.delegation, capsule.name, capsule.signedMetadata, nowUs, CLOCK_SKEW_US)
    const set = this.#sets.get(formatName(capsule.name))
    if (set === undefined) throw oneReplicaHere(capsule.name)
    const placed = set.find((a) => equalBytes(a.cert.server, server))
    if (placed === undefined) return false
    if (!removedBy(placed, [removal])) throw new PreconditionFailedError(`${what} is older than the AdCert that placed it (${new Date(placed.cert.notBeforeUs / 1000).toISOString()}): its owner placed it again since`)
    const rest = set.filter((a) => a !== placed)
    const left = this.#staying(capsule.name, rest)
    const wanted = serversWanted(capsule.metadata)
    const ownersOwnOfThisServer = learnt && removal.delegation === undefined && equalBytes(server, this.#c.self)
    if (left < wanted.count && !ownersOwnOfThisServer) throw new PreconditionFailedError(`capsule ${formatName(capsule.name)} asks for ${wanted.asksFor}; removing ${formatName(server)} would leave ${left}${this.#leavingNote(capsule.name, rest)}: add another replica first`)
    return true
  }

  /** How many of `members` stay in the capsule's set: this server does not, while its own removal is under way (leave). */
  #staying (name: Uint8Array, members: SignedAdCert[]): number {
    const leaving = this.#leaving.has(formatName(name))
    return members.filter((a) => !(leaving && equalBytes(a.cert.server, this.#c.self))).length
  }

  /** Why #staying leaves this server out of `members`, said in a refusal; empty where it does not. */
  #leavingNote (name: Uint8Array, members: SignedAdCert[]): string {
    return this.#staying(name, members) < members.length ? ` (this server, ${formatName(this.#c.self)}, is being taken off it: it hands its records over first)` : ''
  }

  /**
   * Weighs this server's own removal from the capsule (`learnt` from a
   * peer, or sent to the capsule; checkRemoval) against the set the
   * changes before it kept, throwing where it may not be taken now, and
   * has the changes after it weighed as without this server until the
   * returned function is called (once its copy went, or it stays). Weighed
   * only as it came, a removal of another server taken while this one
   * brought the replicas left up to its head (minutes, for a large
   * capsule) found this server to spare, and the set was left below the
   * policy once its copy went.
   */
  async leave (capsule: StoredCapsule, removal: SignedCapsuleDeletion, learnt: boolean): Promise<() => void> {
    const id = formatName(capsule.name)
    let marked = false
    await this.#changeSet(capsule.name, () => {
      if (this.checkRemoval(capsule, removal, learnt)) {
        this.#leaving.set(id, (this.#leaving.get(id) ?? 0) + 1)
        marked = true
      }
      return undefined
    })
    return () => {
      if (!marked) return
      marked = false
      const runs = (this.#leaving.get(id) ?? 0) - 1
      if (runs > 0) this.#leaving.set(id, runs)
      else this.#leaving.delete(id)
    }
  }

  /**
   * Drops a server from a capsule's replica set on its owner's (or a
   * delegate's) removal, checked by the caller. `check` (checkRemoval)
   * weighs it again against the set the changes before it kept, throwing
   * where it may not be taken now; false, the server is gone already and
   * nothing changes (returns false). Weighed only as it came, two removals at once each
   * found one replica to spare, and both were taken, below the policy.
   */
  async remove (name: Uint8Array, removal: SignedCapsuleDeletion, check?: () => boolean): Promise<boolean> {
    return await this.#changeSet(name, () => {
      if (check !== undefined && !check()) return undefined
      const removals = withRemoval(this.#removals.get(formatName(name)) ?? [], removal)
      return { members: (this.#sets.get(formatName(name)) ?? []).filter((a) => !removedBy(a, removals)), orders: { removals, delegations: this.delegations(name) } }
    })
  }

  /**
   * Makes one change of a capsule's set once the changes of it under way
   * are kept (failed or not): `change` builds the set to keep from the one
   * held then. Built from the set held as it started, of an add and a
   * removal at once (the owner's create, a removal, a set learnt from a
   * peer's info) the one whose write ended last dropped the other's
   * change: a removed server came back into the set kept on disk.
   */
  async #changeSet (name: Uint8Array, change: () => { members: SignedAdCert[], orders: ReplicaSetOrders } | undefined): Promise<boolean> {
    const id = formatName(name)
    // Held when the change was asked and gone since: the capsule was deleted here (forget). Given its set again, it was
    // shared with peers that no longer list it, and opening it (deleted) to ask about it failed each round with them.
    const held = this.#sets.has(id)
    const forgotten = (): boolean => held && !this.#sets.has(id)
    const kept = (this.#setChanges.get(id) ?? Promise.resolve()).then(async () => {
      if (forgotten()) return false
      const changed = change()
      if (changed === undefined) return false
      await this.#keep(name, changed.members, changed.orders, forgotten)
      return true
    })
    const settled = kept.then(() => {}, () => {})
    this.#setChanges.set(id, settled)
    try {
      return await kept
    } finally {
      if (this.#setChanges.get(id) === settled) this.#setChanges.delete(id)
    }
  }

  /** Keeps the set, unless `forgotten` says its capsule was deleted here during the write. */
  async #keep (name: Uint8Array, adCerts: SignedAdCert[], orders: ReplicaSetOrders, forgotten: () => boolean): Promise<void> {
    const encoded = encodeReplicaSet(adCerts, orders)
    // Before the write, which notes the change for listings: a listing read after the note shows the new digest. Put
    // back when the write fails (unless another set was kept since): a digest of a set not held, equal to a peer's
    // that holds it, had this replica pass that peer over, and never learn the members its set has (#syncWith).
    const id = formatName(name)
    const before = this.#setDigests.get(id)
    const digest = replicaSetDigest(encoded)
    this.#setDigests.set(id, digest)
    try {
      await this.#c.store.putReplicaSet(name, encoded)
    } catch (err) {
      if (this.#setDigests.get(id) === digest) {
        if (before === undefined) this.#setDigests.delete(id)
        else this.#setDigests.set(id, before)
      }
      // Deleted here and forgotten meanwhile: the change is dropped, as one whose write ended first is (below).
      if (err instanceof CapsuleDeletedError && forgotten()) return
      throw err
    }
    if (forgotten()) return
    const heldBefore = this.#sets.get(id) ?? []
    this.#sets.set(id, adCerts)
    // A server that left the set deleted its copy (a removal); placed again, it holds nothing of what it acknowledged
    // before: its acknowledgements remembered answered replays with a quorum on a server that held none of it. So too
    // one whose removal comes with the AdCert placing it again: away for the removal, this replica never saw it leave.
    const removed = (a: SignedAdCert): boolean => !adCerts.some((b) => equalBytes(b.cert.server, a.cert.server)) || removedBy(a, orders.removals)
    for (const left of heldBefore.filter(removed)) this.#acks.delete(`${id}/${formatName(left.cert.server)}`)
    // A set kept is news of its members too: the owner's create reaches a server it adds (or adds again) before the
    // others, so one that refused batches holding no copy may hold one now. Kept to the next round, its refusal failed
    // a writer's resend of a batch that server had to hold for the quorum, where the writer could not go on meanwhile.
    for (const member of [...heldBefore, ...adCerts]) {
      const key = `${id}/${formatName(member.cert.server)}`
      if (this.#refusals.get(key)?.holdsNone === true || removed(member)) this.#refusals.delete(key)
    }
    this.#damagedSets.delete(formatName(name))
    if (orders.removals.length > 0) this.#removals.set(formatName(name), orders.removals)
    if (orders.delegations.length > 0) this.#delegations.set(formatName(name), orders.delegations)
  }

  /** The digest of the capsule's replica set held here, listed with it (CapsuleSummary.set_digest); undefined without one. */
  setDigest (name: Uint8Array): Uint8Array | undefined {
    return this.#setDigests.get(formatName(name))
  }

  /** The owner's removals of replicas of the capsule. */
  removals (name: Uint8Array): SignedCapsuleDeletion[] {
    return this.#removals.get(formatName(name)) ?? []
  }

  /** The owner's placement delegations of the capsule (some may have expired since). */
  delegations (name: Uint8Array): SignedPlacementDelegation[] {
    return this.#delegations.get(formatName(name)) ?? []
  }

  /** What the capsule's replica set carries besides its members. */
  orders (name: Uint8Array): ReplicaSetOrders {
    return { removals: this.removals(name), delegations: this.delegations(name) }
  }

  /** Forgets a deleted capsule's replica set (its stored row went with the capsule). */
  forget (name: Uint8Array): void {
    this.#sets.delete(formatName(name))
    this.#setDigests.delete(formatName(name))
    this.#damagedSets.delete(formatName(name))
    this.#removals.delete(formatName(name))
    this.#delegations.delete(formatName(name))
    this.#headsCompared.delete(formatName(name))
    this.#reseeds.delete(formatName(name))
    for (const byCapsule of this.#unfulfilled.values()) byCapsule.delete(formatName(name))
    this.#storeFailures.delete(formatName(name))
    for (const key of this.#acks.keys()) if (key.startsWith(`${formatName(name)}/`)) this.#acks.delete(key)
    for (const key of this.#refusals.keys()) if (key.startsWith(`${formatName(name)}/`)) this.#refusals.delete(key)
  }

  /** Passes the owner's deletion of a capsule on to one peer replica. */
  async passOnDeletion (name: Uint8Array, deletion: SignedCapsuleDeletion, peer: Uint8Array): Promise<void> {
    try {
      await this.#c.client.delete(name, deletion, { replica: peer })
    } catch (err) {
      this.counters.failures++
      log('passing the deletion of %s on to %s failed: %s', formatName(name), formatName(peer), (err as Error).message)
    }
  }

  /**
   * Passes this server's own removal from the capsule on to `peer` (by
   * name, weighed there as any removal) before the copy here goes; throws
   * where the peer refused it as the set stands there (FAILED_PRECONDITION:
   * it took another removal first and has no replica to spare, or the owner
   * placed this server again since). A peer taken off itself meanwhile
   * answers NOT_FOUND with its own removal: that one is taken here, weighed
   * against the policy as one learnt is (throwing where it is refused). A
   * peer not reached is passed over, as a pass-on that fails is: it learns
   * the removal from a peer's set at anti-entropy. Returns whether the peer
   * took the removal: one taken off itself holds it for no replica left, so
   * it counts as one not reached.
   */
  async removalTakenBy (capsule: StoredCapsule, removal: SignedCapsuleDeletion, peer: Uint8Array): Promise<boolean> {
    try {
      await this.#c.client.delete(capsule.name, removal, { replica: peer })
      return true
    } catch (err) {
      if (err instanceof RequestRefusedError && err.reason === 'FAILED_PRECONDITION') throw err
      const itsOwn = deletionRefusedWith(capsule, err)
      if (itsOwn?.deletion.server !== undefined && equalBytes(itsOwn.deletion.server, peer)) {
        const { refused } = await this.#removeLearnt(capsule, itsOwn)
        if (refused !== undefined) throw refused
        return false
      }
      this.counters.failures++
      log('passing the removal of this server from %s on to %s failed: %s', formatName(capsule.name), formatName(peer), (err as Error).message)
      return false
    }
  }

  /** The capsule's replica set, if it has one. */
  replicaSet (name: Uint8Array): SignedAdCert[] | undefined {
    return this.#sets.get(formatName(name))
  }

  /** The other replicas of a capsule whose AdCerts are valid now. */
  peers (name: Uint8Array): Uint8Array[] {
    const set = this.#sets.get(formatName(name))
    return set === undefined ? [] : currentReplicas(set, this.#c.clock()).filter((s) => !equalBytes(s, this.#c.self))
  }

  /**
   * Refuses a writer's append that this replica could not pass on to `need`
   * peers now, before it stores anything: peers whose AdCerts are not valid
   * by its clock, or that were silent lately (waiting out a backoff), are
   * out of reach. Stored, such a batch left the writer resending it here,
   * where it got no further, until this replica could reach its peers again
   * (cut off from them, or its clock wrong), while the others made a quorum.
   * A peer whose acknowledgement of `held` (a batch held here already, sent
   * again) is remembered needs nothing sent: it counts, silent or not, or a
   * writer's resend of a batch the quorum acknowledged was refused.
   */
  ensureQuorumReachable (name: Uint8Array, need: number, held?: SignedHeartbeat): void {
    if (need <= 0) return
    const valid = this.peers(name)
    const answered = (peer: Uint8Array): boolean => held !== undefined && typeof this.#acknowledged(name, peer, held) === 'object'
    const reachable = valid.filter((peer) => !this.#isDown(peer) || answered(peer)).length
    if (reachable >= need) return
    this.counters.refusedUnreachable++
    const others = (this.#sets.get(formatName(name)) ?? []).filter((a) => !equalBytes(a.cert.server, this.#c.self)).length
    const why = [[others - valid.length, 'with no AdCert valid by this server\'s clock'], [valid.length - reachable, 'silent lately']].filter(([n]) => n !== 0).map(([n, what]) => `${n} ${what}`).join(', ')
    throw new ReplicasUnreachableError(`capsule ${formatName(name)}: an append needs ${need} more ${need === 1 ? 'replica' : 'replicas'} to hold it and reaches ${reachable === 0 ? 'none' : `only ${reachable}`} of its ${others} peers now${why === '' ? '' : ` (${why})`}; nothing was stored here: another replica may reach them`)
  }

  /**
   * Passes a batch this replica stored on to every peer, in order after the
   * batches passed on before it; resolves with the acknowledgements of the
   * first `need` peers to hold it (the rest go on in the background), and
   * rejects with QuorumNotReachedError once too many peers failed for `need`.
   * A peer that acknowledged the batch (held here and sent again: a writer's
   * resend, anyone's replay) or a later one is not sent it again; its
   * acknowledgement, remembered, counts (one forgotten cannot). Sent again
   * (`resent`), it is not passed on to a peer that refused a batch lately
   * for a reason that lasts either: that peer counts as failed.
   */
  async passOn (capsule: StoredCapsule, batch: PassedBatch, need: number, resent = false): Promise<AppendAck[]> {
    const peers = this.peers(capsule.name)
    const remembered: AppendAck[] = []
    const unacknowledged: Uint8Array[] = []
    const refusedLately: string[] = []
    for (const peer of peers) {
      const acknowledged = this.#acknowledged(capsule.name, peer, batch.heartbeat)
      const refusal = resent && acknowledged === undefined ? this.#refusals.get(`${formatName(capsule.name)}/${formatName(peer)}`)?.why : undefined
      if (refusal !== undefined) {
        this.counters.skipped++
        refusedLately.push(`${formatName(peer)} refused a batch lately and is not sent it again before the next anti-entropy round: ${refusal}`)
        continue
      }
      if (acknowledged === undefined) { unacknowledged.push(peer); continue }
      this.counters.notSentAgain++
      if (acknowledged !== 'held') remembered.push(acknowledged)
    }
    const sends = unacknowledged.map((peer) => this.#enqueue(capsule, peer, batch))
    if (need <= 0 || remembered.length >= need) { for (const s of sends) s.catch(() => {}); return need <= 0 ? [] : remembered }
    const forgotten = peers.length - unacknowledged.length - remembered.length - refusedLately.length
    const waitMs = this.#init.quorumWaitMs + transferAllowanceMs(payloadBytes(batch.records))
    let timer: NodeJS.Timeout | undefined
    try {
      return await new Promise((resolve, reject) => {
        const acks = remembered.slice()
        const errors: string[] = refusedLately.slice()
        const able = (): number => remembered.length + unacknowledged.length + refusedLately.length - errors.length
        if (peers.length < need) reject(new QuorumNotReachedError(`capsule ${formatName(capsule.name)} has ${peers.length} other replicas with a valid delegation; an append needs ${need} of them`))
        else if (able() < need && forgotten > 0) reject(new QuorumNotReachedError(`capsule ${formatName(capsule.name)}: ${need} more replicas must acknowledge the batch, held here already; ${forgotten} of its peers hold it (they acknowledged a later batch) and their acknowledgements of it are no longer remembered here, so ${able()} can${refusedLately.length === 0 ? '' : ` (${refusedLately.join('; ')})`}`))
        else if (able() < need) reject(new QuorumNotReachedError(`capsule ${formatName(capsule.name)}: ${need} more replicas must hold the batch and only ${able()} can (${errors.join('; ')})`))
        timer = setTimeout(() => {
          const failed = errors.length === 0 ? '' : ` (${errors.join('; ')})`
          reject(new QuorumNotReachedError(`capsule ${formatName(capsule.name)}: ${need} more replicas must hold the batch; ${acks.length} did within ${waitMs} ms${failed}, and it is still passed on`))
        }, waitMs)
        for (const [i, send] of sends.entries()) {
          send.then((ack) => {
            acks.push(ack)
            if (acks.length === need) resolve(acks.slice())
          }, (err: Error) => {
            errors.push(`${formatName(unacknowledged[i]!)}: ${err.message}`)
            if (able() < need) reject(new QuorumNotReachedError(`capsule ${formatName(capsule.name)}: ${need} more replicas must hold the batch and only ${able()} can (${errors.join('; ')})`))
          })
        }
      })
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * A peer's remembered acknowledgement of a batch this replica holds;
   * 'held' for one it acknowledged a later batch than, whose own
   * acknowledgement is forgotten (its records chain back over the batch).
   */
  #acknowledged (name: Uint8Array, peer: Uint8Array, heartbeat: SignedHeartbeat): AppendAck | 'held' | undefined {
    const key = `${formatName(name)}/${formatName(peer)}`
    const known = this.#acks.get(key)
    if (known === undefined) return undefined
    this.#acks.delete(key) // to the end: the least recently used go first
    this.#acks.set(key, known)
    const size = heartbeat.heartbeat.size
    // Of the one history held here: the batch at that size is the one the peer acknowledged.
    const kept = known.latest.find((a) => a.size === size)
    if (kept !== undefined) return { server: peer, serverKey: known.serverKey, heartbeat, storedAtUs: kept.storedAtUs, signature: kept.signature }
    return known.largest >= size ? 'held' : undefined
  }

  /** Notes a peer's refusal of a batch for a reason that lasts (#refusals), the latest in place of its earlier one; `holdsNone`: it holds no copy, which a set kept may have ended (#keep). */
  #noteRefusal (name: Uint8Array, peer: Uint8Array, why: string, holdsNone = false): void {
    const key = `${formatName(name)}/${formatName(peer)}`
    this.#refusals.delete(key)
    this.#refusals.set(key, { why, holdsNone })
    if (this.#refusals.size > this.#init.maxRememberedAckPairs) this.#refusals.delete(this.#refusals.keys().next().value!)
  }

  /** Remembers a peer's acknowledgement of a batch passed on to it, among the ACKS_REMEMBERED_PER_PEER of the largest sizes. */
  #rememberAck (key: string, ack: AppendAck): void {
    const known = this.#acks.get(key) ?? { serverKey: ack.serverKey, latest: [], largest: 0 }
    this.#acks.delete(key)
    this.#acks.set(key, known)
    const size = ack.heartbeat.heartbeat.size
    known.largest = Math.max(known.largest, size)
    this.#refusals.delete(key)
    if (!known.latest.some((a) => a.size === size)) {
      known.latest = [...known.latest, { size, storedAtUs: ack.storedAtUs, signature: ack.signature }].sort((a, b) => b.size - a.size).slice(0, ACKS_REMEMBERED_PER_PEER)
    }
    if (this.#acks.size > this.#init.maxRememberedAckPairs) this.#acks.delete(this.#acks.keys().next().value!)
  }

  async #enqueue (capsule: StoredCapsule, peer: Uint8Array, batch: PassedBatch): Promise<AppendAck> {
    const key = `${formatName(capsule.name)}/${formatName(peer)}`
    let queue = this.#queues.get(key)
    if (queue === undefined) {
      queue = { capsule, peer, waiting: [], sending: false, bytes: 0, unanswered: new Map() }
      this.#queues.set(key, queue)
    }
    // Sent again before the peer answered (a writer's resend, anyone's replay), a batch waits for the acknowledgement
    // of its first copy: queued again, each replay was one more copy sent to a peer slow to answer.
    const size = batch.heartbeat.heartbeat.size
    const unanswered = queue.unanswered.get(size)
    if (unanswered !== undefined) return await unanswered
    if (queue.waiting.length >= this.#init.maxQueuedBatches) {
      this.counters.skipped++
      throw new ServerBusyError(`${queue.waiting.length} batches are waiting for replica ${formatName(peer)} already; it catches up later`)
    }
    const bytes = payloadBytes(batch.records)
    if (queue.waiting.length > 0 && queue.bytes + bytes > this.#init.maxQueuedBytes) {
      this.counters.skipped++
      throw new ServerBusyError(`${queue.bytes} bytes of batches are waiting for replica ${formatName(peer)} already, and ${bytes} more would pass the ${this.#init.maxQueuedBytes} held for it; it catches up later`)
    }
    queue.bytes += bytes
    const acked = new Promise<AppendAck>((resolve, reject) => { queue.waiting.push({ batch, bytes, resolve, reject }) })
    queue.unanswered.set(size, acked)
    const answered = (): void => { queue.unanswered.delete(size) }
    acked.then(answered, answered)
    if (!queue.sending) void this.#drain(key, queue)
    return await acked
  }

  /** Sends a queue's batches, those waiting together, one request at a time; the queue is forgotten once empty. */
  async #drain (key: string, queue: PeerQueue): Promise<void> {
    queue.sending = true
    try {
      while (queue.waiting.length > 0) {
        const group = this.#nextRequest(queue.waiting, (o) => o.batch)
        for (const o of group) queue.bytes -= o.bytes
        try {
          const acks = await this.#sendTo(queue.capsule, queue.peer, group.map((o) => o.batch))
          group.forEach((o, i) => {
            this.#rememberAck(key, acks[i]!)
            o.resolve(acks[i]!)
          })
        } catch (err) {
          for (const o of group) o.reject(err as Error)
        }
      }
    } finally {
      queue.sending = false
      if (this.#queues.get(key) === queue) this.#queues.delete(key)
    }
  }

  /** Takes from `waiting` the batches the next request carries: the first, and those after it within the request's limits. */
  #nextRequest<T extends { bytes: number }> (waiting: T[], batchOf: (item: T) => PassedBatch): T[] {
    const recordsOf = (item: T): number => batchOf(item).records.length
    let bytes = waiting[0]!.bytes
    let records = recordsOf(waiting[0]!)
    let count = 1
    const start = (batch: PassedBatch): number => batch.heartbeat.heartbeat.size - batch.records.length
    for (; count < waiting.length && count < this.#init.maxBatchesPerRequest; count++) {
      const next = waiting[count]!
      if (bytes + next.bytes > this.#init.maxBytesPerRequest || records + recordsOf(next) > this.#init.maxRecordsPerRequest) break
      // Together, batches must follow on: one held already and sent again once its first copy failed (a writer's
      // resend, anyone's replay) repeats an earlier one, and the peer refused the request whole, the batch before it too.
      if (start(batchOf(next)) !== batchOf(waiting[count - 1]!).heartbeat.heartbeat.size) break
      bytes += next.bytes
      records += recordsOf(next)
    }
    return waiting.splice(0, count)
  }

  /**
   * This server's own link to its router is up again: the peers it could
   * not reach meanwhile may have been fine (the fault was its own), so their
   * backoffs end, and an anti-entropy round runs now to catch up.
   */
  linkRestored (): void {
    this.#down.clear()
    if (this.#timer !== undefined && !this.#stopped) this.#round = this.#round.then(async () => { await this.syncAll() })
  }

  /** Whether a peer is waiting out its backoff after it did not answer. */
  #isDown (peer: Uint8Array): boolean {
    const down = this.#down.get(formatName(peer))
    return down !== undefined && this.#monotonicMs() < down.until
  }

  /** Notes how a request to a peer went: any answer (a refusal too) ends its backoff; silence starts or doubles it. */
  #heard (peer: Uint8Array, err?: unknown): void {
    const key = formatName(peer)
    if (err === undefined || !unreachable(err, peer)) { this.#down.delete(key); return }
    const failures = (this.#down.get(key)?.failures ?? 0) + 1
    const now = this.#monotonicMs()
    this.#down.delete(key) // to the end: the map stays in the order peers last failed
    this.#down.set(key, { failures, until: now + this.#init.peerBackoffMs * 2 ** Math.min(failures - 1, MAX_BACKOFF_DOUBLINGS) })
    // A peer gone for good (a server that left, its capsules moved away) is never heard from again: kept, servers
    // churning over months grew the map until a link restore cleared it. One that fails again later starts its backoff anew.
    const longest = this.#init.peerBackoffMs * 2 ** MAX_BACKOFF_DOUBLINGS
    for (const [k, down] of this.#down) {
      if (down.until + longest > now) break
      this.#down.delete(k)
    }
  }

  /** Peers remembered as not answering: backing off, or failed within the longest backoff before. */
  get peersDown (): number {
    return this.#down.size
  }

  /** Notes how long a read from a peer took, keeping MAX_READ_TIMES peers at most (the oldest noted go first). */
  #noteRead (peer: Uint8Array, ms: number): void {
    const key = formatName(peer)
    this.#readMs.delete(key)
    this.#readMs.set(key, ms)
    if (this.#readMs.size > MAX_READ_TIMES) this.#readMs.delete(this.#readMs.keys().next().value!)
  }

  /** Runs one request to a peer, noting whether it answered. */
  async #ask<T> (peer: Uint8Array, request: () => Promise<T>): Promise<T> {
    try {
      const result = await request()
      this.#heard(peer)
      return result
    } catch (err) {
      this.#heard(peer, err)
      throw err
    }
  }

  /** Sends consecutive batches to a peer in one request; a peer that is behind is first sent what it lacks. */
  async #sendTo (capsule: StoredCapsule, peer: Uint8Array, batches: PassedBatch[]): Promise<AppendAck[]> {
    if (this.#stopped) throw new ServiceStoppedError('the replicator stopped')
    if (this.#isDown(peer)) {
      this.counters.skipped += batches.length
      throw new RequestTimeoutError(`replica ${formatName(peer)} did not answer lately; it catches up later`)
    }
    const choice = { replica: peer }
    const send = async (group: PassedBatch[]): Promise<AppendAck[]> => await this.#c.client.appendBatches(group.map((b) => ({ capsule: capsule.name, ...b })), choice)
    try {
      const acks = await this.#ask(peer, async () => await send(batches))
      this.counters.passedOn += batches.length
      return acks
    } catch (err) {
      if (await this.#learnDeletion(capsule, err)) throw err
      if (!(err instanceof RequestRefusedError && err.reason === 'CONFLICT')) {
        // It holds no copy (never given the capsule, or lost it): so until it is sent it, at anti-entropy.
        if (err instanceof RequestRefusedError && err.reason === 'NOT_FOUND') this.#noteRefusal(capsule.name, peer, err.message, true)
        this.counters.failures++
        throw err
      }
    }
    // The peer is behind (or ahead, on another history): send what it lacks, from its tip on, then the batches again
    // (any it holds meanwhile are acknowledged again). Each request notes whether the peer answered, as the first did:
    // a peer silent from here on was neither counted failing nor waited out.
    const first = batches[0]!
    const base = first.heartbeat.heartbeat.size - first.records.length
    try {
      const peerInfo = await this.#ask(peer, async () => await this.#c.client.info(capsule.name, choice))
      const tip = peerInfo.size
      // Shorter peers too: one that holds another history (the writer signed two) must not just count as failing,
      // and this replica, holding the longer history, keeps the proof as well.
      const fork = peerInfo.head === undefined ? undefined : await this.#checkFork(capsule, peer, peerInfo.head)
      if (fork !== undefined) {
        this.counters.refused += batches.length
        const forked = new ForkDetectedError(`replica ${formatName(peer)} holds another history of capsule ${formatName(capsule.name)}; the fork proof is stored`, fork)
        this.#noteRefusal(capsule.name, peer, forked.message)
        throw forked
      }
      // Fewer than it signed that it held: it lies, or lost them (a store gone backwards refuses, a wiped one holds no
      // copy). Sent them again at each batch, a lying replica had the capsule sent anew for every batch appended.
      const acknowledged = this.#acks.get(`${formatName(capsule.name)}/${formatName(peer)}`)?.largest ?? 0
      if (tip < acknowledged) {
        this.counters.skipped += batches.length
        const lost = new ServerBusyError(`replica ${formatName(peer)} lists ${tip} records of capsule ${formatName(capsule.name)}, fewer than the ${acknowledged} it acknowledged; it is not sent them again, and fetches what it lacks itself`)
        this.#noteRefusal(capsule.name, peer, lost.message)
        throw lost
      }
      // Far behind (a move's target still fetching the capsule, a replica back from a long absence): it catches up by
      // fetching, not through the queue of appends, where sending it all held every batch behind it (a switch waited for them).
      if (base - tip > FAR_BEHIND_RECORDS) {
        this.counters.skipped += batches.length
        const behind = new ServerBusyError(`replica ${formatName(peer)} holds ${tip} records of capsule ${formatName(capsule.name)}, ${base - tip} behind this batch; it catches up by fetching`)
        this.#noteRefusal(capsule.name, peer, behind.message)
        throw behind
      }
      if (tip < base) await this.#sendMissing(capsule, peer, tip, base)
      const acks = await this.#ask(peer, async () => await send(batches))
      this.counters.passedOn += batches.length
      return acks
    } catch (err) {
      if (!(err instanceof ForkDetectedError || err instanceof ServerBusyError)) this.counters.failures++
      throw err
    }
  }

  /** Sends a peer whose tip is `tip` the batches this replica stored after it, up to size `upTo`, in requests within the limits. */
  async #sendMissing (capsule: StoredCapsule, peer: Uint8Array, tip: number, upTo: number, until = Infinity): Promise<void> {
    const choice = { replica: peer }
    let from = tip
    const group: Array<PassedBatch & { bytes: number }> = []
    let bytes = 0
    const flush = async (): Promise<void> => {
      bytes = 0
      while (group.length > 0) {
        const request = this.#nextRequest(group, (b) => b)
        const acks = await this.#ask(peer, async () => await this.#c.client.appendBatches(request.map((b) => ({ capsule: capsule.name, records: b.records, heartbeat: b.heartbeat })), choice))
        // Its word that it holds them: one that lists fewer later is not sent them again (#sendTo).
        for (const ack of acks) this.#rememberAck(`${formatName(capsule.name)}/${formatName(peer)}`, ack)
        this.counters.sentToCatchUp += request.length
      }
    }
    for await (const heartbeat of capsule.heartbeats({ after: tip, upTo })) {
      if (this.#monotonicMs() > until) {
        log('sending %s to %s took its %d ms: it fetches the rest, from record %d, itself', formatName(capsule.name), formatName(peer), this.#init.fetchBudgetMs, from)
        return
      }
      const records: CapsuleRecord[] = []
      for await (const record of capsule.readRange(from, heartbeat.heartbeat.size)) records.push(record)
      const batchBytes = payloadBytes(records)
      group.push({ records, heartbeat, bytes: batchBytes })
      bytes += batchBytes
      // Sent once a request's worth is read: 64 batches read first held up to 4 GiB for one peer.
      if (group.length >= this.#init.maxBatchesPerRequest || bytes >= this.#init.maxBytesPerRequest) await flush()
      from = heartbeat.heartbeat.size
    }
    await flush()
  }

  /**
   * Brings one peer up to this replica's durable head (a move's switch,
   * docs/moving.md): what it lacks is sent from this replica's store, and
   * its answer to info must then show the head. Throws when it cannot be.
   * `afterQueue`: first let the batches queued for the peer go (only when
   * no more are coming, or the queue may never empty).
   */
  async catchUp (capsule: StoredCapsule, peer: Uint8Array, afterQueue = false): Promise<number> {
    const choice = { replica: peer }
    const size = capsule.size
    // With no new appends coming (a switch's gate), batches already on their way to the peer go first: sending them again would race them.
    const queued = afterQueue ? this.#queues.get(`${formatName(capsule.name)}/${formatName(peer)}`) : undefined
    for (const deadline = this.#monotonicMs() + CATCH_UP_QUEUE_WAIT_MS; queued !== undefined && this.#queues.get(`${formatName(capsule.name)}/${formatName(peer)}`) === queued && this.#monotonicMs() < deadline;) await new Promise((resolve) => setTimeout(resolve, 2))
    const before = await this.#c.client.info(capsule.name, choice)
    const fork = before.head === undefined ? undefined : await this.#checkFork(capsule, peer, before.head)
    if (fork !== undefined) throw new ForkDetectedError(`replica ${formatName(peer)} holds another history of capsule ${formatName(capsule.name)}; the fork proof is stored`, fork)
    if (before.size >= size) return before.size
    await this.#sendMissing(capsule, peer, before.size, size)
    const after = await this.#c.client.info(capsule.name, choice)
    if (after.size < size) throw new ServerBusyError(`replica ${formatName(peer)} holds ${after.size} records of capsule ${formatName(capsule.name)} after the catch-up, not ${size}`)
    return after.size
  }

  /**
   * Fetches the capsule from one peer until a fetch brings nothing more: a
   * move's target catching up with its source in the background (the source
   * passes later appends on meanwhile). The owner's create that asks for
   * this says the source is up: a backoff from earlier failures (a target
   * cut off during a move that failed) does not skip it. Whether a fetch
   * brought something is told by the tip, appends still being written
   * included: a fetch that met the source's own batches on their way to the
   * store (passed on to a target that was behind) ends with nothing stored
   * yet, and the catch-up stopped there until the next anti-entropy round.
   * A fetch of the capsule from other peers under way is waited for, not
   * joined: joined, one that brought nothing ended the catch-up with the
   * source never read.
   */
  async fetchUntilCurrent (capsule: StoredCapsule, peer: Uint8Array): Promise<void> {
    this.#down.delete(formatName(peer))
    for (let before = -1; capsule.writerState.size > before && !this.#stopped;) {
      before = capsule.writerState.size
      await this.#fetchAfterOthers(capsule, [peer])
    }
  }

  /**
   * Fetches the capsule from `from` (fetch) once the fetches of it under way
   * that do not read every one of those peers ended: joined, one resolved
   * with its own peers' failure and brought nothing of the others (a move's
   * target never read its source; a writer's batch ahead of this replica
   * got CONFLICT while another peer held what it lacked).
   */
  async #fetchAfterOthers (capsule: StoredCapsule, from: Uint8Array[]): Promise<Error | undefined> {
    const key = formatName(capsule.name)
    // A peer it passed over as down, and no longer down (fetchUntilCurrent ends that backoff), is not read by it:
    // joined, one that had passed over the source ended the catch-up with the source never read when the others
    // brought nothing. (One still down would be passed over by a fetch of its own too.)
    const unread = (running: { passedOver: Uint8Array[] }, peer: Uint8Array): boolean => !this.#isDown(peer) && running.passedOver.some((p) => equalBytes(p, peer))
    const covers = (running: { from: Uint8Array[], passedOver: Uint8Array[] }): boolean => from.every((peer) =>
      running.from.some((p) => equalBytes(p, peer)) && !unread(running, peer))
    let waited: Promise<Error | undefined> | undefined
    for (let running = this.#fetching.get(key); running !== undefined && running.done !== waited && !covers(running) && !this.#stopped; running = this.#fetching.get(key)) {
      waited = running.done
      await running.done
    }
    return await this.fetch(capsule, from)
  }

  /**
   * One anti-entropy round: every peer named in any replica set is asked
   * what it holds (peers waiting out a backoff too: this is how a peer back
   * up is noticed). A shared capsule a peer holds more of is fetched; one it
   * does not list is asked about, in case its owner deleted it while this
   * replica was away.
   */
  async syncAll (): Promise<void> {
    this.#rounds++
    // A peer that refused a batch for good may have changed since (fetched, been sent the capsule): a replay may try it again.
    this.#refusals.clear()
    // Each server heard from about a capsule whose set row was damaged is asked once, until one's set is taken.
    for (const [capsule, sources] of this.#damagedSets) {
      for (const [text, peer] of sources) {
        if (this.#stopped || await this.#learnSetAgain(capsule, peer)) break
        sources.delete(text)
      }
    }
    // Peers are few and capsules many: a peer is found by its bytes, not by a text form made per capsule.
    const waiting: Array<{ peer: Uint8Array, capsules: string[] }> = []
    const nowUs = this.#c.clock()
    for (const [capsule, set] of this.#sets) {
      for (const server of currentReplicas(set, nowUs)) {
        if (equalBytes(server, this.#c.self)) continue
        let entry = waiting.find((e) => equalBytes(e.peer, server))
        if (entry === undefined) waiting.push(entry = { peer: server, capsules: [] })
        entry.capsules.push(capsule)
      }
    }
    // A peer no capsule is shared with any more is forgotten: one that shares one again is listed whole.
    const peers = new Set(waiting.map((e) => formatName(e.peer)))
    for (const peer of this.#listPoints.keys()) if (!peers.has(peer)) this.#listPoints.delete(peer)
    for (const peer of this.#unfulfilled.keys()) if (!peers.has(peer)) this.#unfulfilled.delete(peer)
    // Several peers at a time: one that is away costs a request timeout, not the whole round.
    await Promise.all(Array.from({ length: Math.min(this.#init.syncConcurrency, waiting.length) }, async () => {
      for (let next = waiting.shift(); next !== undefined && !this.#stopped; next = waiting.shift()) await this.#syncWith(next.peer, next.capsules)
    }))
  }

  /**
   * Anti-entropy with one peer: fetches what it holds more of, compares the
   * heads of what it holds as much or less of, asks about what it does not
   * list. Asks only what changed there since the last round with it that
   * left nothing for the next (#listFrom).
   */
  async #syncWith (peer: Uint8Array, capsules: string[]): Promise<void> {
    // Made when first needed: an idle round reading changes only needs none.
    let shared: Set<string> | undefined
    const isShared = (capsule: string): boolean => (shared ??= new Set(capsules)).has(capsule)
    // Only the shared names the peer lists are kept: what it holds besides is not this replica's to remember.
    const listed = new Set<string>()
    let headComparisons = 0
    let read = 0
    // Whether this round leaves nothing for the next: only then may the next ask for changes alone.
    let complete = true
    const until = this.#monotonicMs() + this.#init.listBudgetMs
    const known = this.#listPoints.get(formatName(peer))
    this.#listPoints.delete(formatName(peer))
    try {
      const listing = await this.#listing(peer, this.#listFrom(known, capsules, peer))
      if (listing === undefined) {
        // Busy, not silent nor wrong: nothing was read, so where its list was left still holds for the next round.
        if (known !== undefined) this.#listPoints.set(formatName(peer), known)
        return
      }
      if (listing.changesOnly) this.counters.changeListings++
      else this.counters.fullListings++
      this.#heard(peer)
      // A peer that answered its list and then fell silent (a fetch or an info timed out) is left there: each request
      // after cost a timeout too (a round with a peer that answered no info took one per shared capsule).
      let silent = false
      for await (const summary of listing.capsules) {
        if (this.#stopped) return
        if (this.#isDown(peer)) { silent = true; break }
        if (++read > this.#init.maxListedPerRound || this.#monotonicMs() > until) {
          const over = read > this.#init.maxListedPerRound ? `more than ${this.#init.maxListedPerRound} capsules` : `capsules for longer than ${this.#init.listBudgetMs} ms`
          throw new UnexpectedResponseError(`${formatName(peer)} listed ${over} in one round: the rest of its list waits for the next round`)
        }
        const id = formatName(summary.name)
        if (this.#damagedSets.has(id)) await this.#learnSetAgain(id, peer)
        // Only capsules whose set names the peer: any other it lists cost a read or an info each round (and a failure,
        // and a whole list next round) from a server never delegated it, whatever it may hold.
        if (!isShared(id)) continue
        listed.add(id)
        const reseeded = this.#reseeds.get(id)
        if (reseeded?.delete(formatName(peer)) === true && reseeded.size === 0) this.#reseeds.delete(id)
        // (Deleted here since the round began.)
        if (!this.#sets.has(id)) continue
        let capsule: StoredCapsule
        const compared = this.#headsCompared.get(id)?.get(formatName(peer))
        // The peer's set is not the one it listed when its head was compared here (never compared: not the one held
        // here): its info may carry this server's removal (a server taken off while away, or stopped before it kept
        // its removal, learns it there: a removal changes no size, and the peer fetches nothing from a server no
        // longer in its set) or members added. A quiet capsule was compared with again only once its size changed,
        // and one whose writer goes on at the peer was fetched from, round after round, never compared with: the
        // server taken off kept serving and advertising its copy beside the replicas left. (A peer that lists no
        // digest, of an earlier version, tells nothing of its set.) A peer that lists the digest of the set held here
        // has nothing to tell of it: an owner's change every replica took alike (a removal on each of a decommissioned
        // server's thousands of capsules) cost an info per capsule and peer, and a whole list each round until done.
        const own = this.#setDigests.get(id)
        // A set being written here lists its digest already (#keep): a peer passed over for listing it is compared with
        // in the next round, which reads its whole list, as the write may fail and the digest go back. Taken as done,
        // the round left the next one asking only what changed at the peer since, and its members went unlearnt.
        if (this.#setChanges.has(id)) complete = false
        const setChanged = summary.setDigest.length > 0 && !(own !== undefined && equalBytes(own, summary.setDigest)) && !(compared !== undefined && equalBytes(compared.setDigest, summary.setDigest))
        try {
          // Its size first, which the store keeps of a capsule it let go of: opening one again (about 1 ms) only to
          // find nothing to do took an idle whole list of 20,000 capsules from 615 to 1,011 ms of CPU.
          const size = await this.#c.store.listedSize(summary.name)
          // A peer that lists none of the records held here is compared with once too. Passed over, a peer that held
          // none kept both copies apart for good.
          if (summary.size <= size && !setChanged && ((summary.size === 0 && size === 0) || compared?.size === summary.size)) continue
          capsule = await this.#c.store.capsule(summary.name)
        } catch (err) {
          // Deleted here since the round looked at its set: its error ended the round there, the capsules after it
          // waiting for the next round.
          if (err instanceof CapsuleDeletedError) continue
          // One capsule this store cannot open must not stop the round for the others the peer lists.
          if (!(err instanceof StoreCorruptionError)) throw err
          this.#c.unopenable(summary.name, err)
          // One that went backwards fetches what it lost, round after round. One that is damaged waits for a repair
          // (mended() then has its peers listed whole): it left work for the next round, which read the whole list
          // again, and so every round, for as long as the damage stayed.
          // (A peer that lists none of its records has none to give back.)
          if (err instanceof StoreRegressionError && summary.size > 0) {
            complete = false
            await this.#recover(summary.name, summary.size, peer)
          }
          continue
        }
        // Compared again once the peer's size changed where it is not ahead (two histories of one length), and once
        // its set did whatever its size.
        let compare = setChanged || compared?.size !== summary.size
        const unfulfilled = this.#unfulfilled.get(formatName(peer))?.get(id)
        // Listed whole again at a size fetches from it brought nothing of: not fetched before its turn comes (#listFrom
        // reads its whole list then). Listed as changed there since the last round, or larger, it is news (repaired
        // there, or its writer went on): fetched at once.
        const waits = unfulfilled !== undefined && !listing.changesOnly && summary.size <= unfulfilled.claimed && this.#rounds < unfulfilled.notBeforeRound
        if (summary.size > capsule.size && waits) compare = setChanged
        else if (summary.size > capsule.size) {
          const sizeBefore = capsule.size
          // A fetch of the capsule from another peer under way, which this one joins, says nothing of what this peer
          // serves: once it ended, this peer is fetched from itself (joining yet another, the round leaves it as work).
          // Taken as this peer's, the failure of a fetch from a peer on the other side of a fork had a peer on this
          // replica's own history counted done, its records waiting for its next whole list.
          let joined = this.#fetching.has(id)
          let failed = await this.fetch(capsule, [peer], summary.size)
          if (joined && capsule.size < summary.size && !this.#stopped) {
            joined = this.#fetching.has(id)
            failed = await this.fetch(capsule, [peer], summary.size)
          }
          // A peer whose records do not chain here, of a capsule known forked (its proof stored), holds the other
          // history: nothing of it can be taken, and no round will. Left as work, every later round read that peer's
          // whole list for as long as the fork stayed. What it appends is listed as a change, and tried again.
          const otherHistory = !joined && failed instanceof ChainMismatchError && await this.#c.store.forkProof(capsule.name) !== undefined
          // (One on the other history is fetched from again only once it lists a change, as above.)
          const waitsNow = !joined && !otherHistory && this.#noteUnfulfilled(peer, id, summary.size, capsule.size > sizeBefore, failed)
          if (capsule.size < summary.size && !otherHistory && !waitsNow) complete = false
          compare = setChanged && !this.#isDown(peer)
        }
        if (compare) {
          if (headComparisons < this.#init.maxHeadComparisons) {
            headComparisons++
            if (!await this.#compareHeads(capsule, peer, summary.setDigest)) complete = false
          } else complete = false
        }
      }
      if (silent || this.#isDown(peer)) {
        log('%s stopped answering during the round: the rest of it waits for the next round', formatName(peer))
        return
      }
      // Fetches whose turn came in this whole list and that were not noted again: the peer served, or lists no more
      // than is held here. Kept, each had every later round read the whole list.
      const unfulfilled = this.#unfulfilled.get(formatName(peer))
      if (!listing.changesOnly && unfulfilled !== undefined) {
        for (const [capsule, { notBeforeRound }] of unfulfilled) if (notBeforeRound <= this.#rounds) unfulfilled.delete(capsule)
        if (unfulfilled.size === 0) this.#unfulfilled.delete(formatName(peer))
      }
      const unlisted = listing.changesOnly ? listing.unlisted.map(formatName).filter(isShared) : capsules.filter((c) => !listed.has(c))
      if (unlisted.length > this.#init.maxUnlistedProbes) complete = false
      const asked = await this.#askAboutUnlisted(peer, unlisted, until)
      if (asked === 'silent') return
      if (asked === 'some wait') complete = false
      if (complete && listing.point !== undefined && !this.#stopped) {
        this.#listPoints.set(formatName(peer), { point: listing.point, fullRound: listing.changesOnly ? known!.fullRound : this.#rounds, shared: capsules })
      }
    } catch (err) {
      this.#heard(peer, err)
      this.counters.failures++
      log('anti-entropy with %s failed: %s', formatName(peer), (err as Error).message)
    }
  }

  /**
   * A capsule was repaired here: the next round with each of its peers
   * reads that peer's whole list, as a round that could not open it passed
   * it over (what changed there meanwhile is not asked again otherwise).
   */
  mended (name: Uint8Array): void {
    for (const peer of this.peers(name)) this.#listPoints.delete(formatName(peer))
  }

  /**
   * A peer's list, asked again after the wait it names while it refuses it
   * CONGESTION itself (its lists all taken: a ListGate with every turn and
   * place taken), LIST_TRIES times in all; undefined when it still does.
   * Such a peer answered: it is not backed off (appends to it go on, and a
   * writer's append needing it is not refused), nor counted as failed.
   */
  async #listing (peer: Uint8Array, changedSince: ListPoint | undefined): Promise<CapsuleListing | undefined> {
    for (let tries = 1; ; tries++) {
      try {
        return await this.#c.client.listing(peer, changedSince)
      } catch (err) {
        if (!busyItself(err, peer)) throw err
        this.#heard(peer)
        if (tries >= LIST_TRIES || this.#stopped) {
          log('%s refused its list %d times as busy (%s): left to the next round', formatName(peer), tries, err.message)
          return undefined
        }
        await this.#pause(Math.min(err.retryAfterMs ?? LIST_RETRY_AFTER_MS, MAX_LIST_RETRY_WAIT_MS))
      }
    }
  }

  /** Waits `ms`, or until the replicator stops. */
  async #pause (ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const wake = (): void => { clearTimeout(timer); this.#wakeOnStop.delete(wake); resolve() }
      const timer = setTimeout(wake, ms)
      this.#wakeOnStop.add(wake)
    })
  }

  /**
   * The point of a peer's list to ask changes since, or undefined for its
   * whole list: the first round with it, and one after a round that left
   * work for the next or failed; once in fullListEveryRounds; when the
   * capsules shared with it changed (a capsule newly shared was never
   * compared); while a replica set here is damaged (it is learnt again from
   * a peer that lists its capsule).
   */
  #listFrom (known: PeerListPoint | undefined, shared: string[], peer: Uint8Array): ListPoint | undefined {
    if (known === undefined || this.#rounds - known.fullRound >= this.#init.fullListEveryRounds || this.#damagedSets.size > 0) return undefined
    // A capsule whose fetch from the peer waits (#noteUnfulfilled) is fetched again in the first round of its turn.
    for (const { notBeforeRound } of this.#unfulfilled.get(formatName(peer))?.values() ?? []) if (this.#rounds >= notBeforeRound) return undefined
    if (known.shared.length !== shared.length || known.shared.some((c, i) => c !== shared[i])) return undefined
    return known.point
  }

  /**
   * Keeps track of a fetch from `peer` of what it listed (`claimed` records):
   * one that brought something (all of it, or as much as a budget or a slow
   * peer let it) ends any wait; one that brought nothing, from a peer still
   * answering, waits twice as many rounds each time (unfulfilledWaitRounds).
   * Returns whether the capsule waits: the round then leaves no work for
   * the next. A failure of this store's own is not the peer's doing
   * (ownStoreFault): only a write refused was kept from counting, and a
   * store whose files it may not read, or whose damage it met, had the peer
   * waited out for up to MAX_UNFULFILLED_WAIT_ROUNDS rounds.
   */
  #noteUnfulfilled (peer: Uint8Array, capsule: string, claimed: number, progressed: boolean, failed: Error | undefined): boolean {
    const text = formatName(peer)
    const byCapsule = this.#unfulfilled.get(text)
    if (progressed || ownStoreFault(failed) || this.#isDown(peer) || this.#stopped || !this.#sets.has(capsule)) {
      if (byCapsule?.delete(capsule) === true && byCapsule.size === 0) this.#unfulfilled.delete(text)
      return false
    }
    const times = (byCapsule?.get(capsule)?.times ?? 0) + 1
    const notBeforeRound = this.#rounds + unfulfilledWaitRounds(times)
    if (byCapsule === undefined) this.#unfulfilled.set(text, new Map([[capsule, { claimed, times, notBeforeRound }]]))
    else byCapsule.set(capsule, { claimed, times, notBeforeRound })
    log('%s listed %d records of %s, and a fetch from it brought none of those missing here: fetched from it again in %d rounds', text, claimed, capsule, unfulfilledWaitRounds(times))
    return true
  }

  /**
   * A capsule whose store here went backwards (LevelDB lost writes it had
   * completed, or the store came back from an older backup): fetches what
   * it lost from a peer that holds more, each batch verified against the
   * tip as any is, until it holds every record the store acknowledged;
   * then, those records checked against the store's evidence, it is served
   * again. A capsule whose stored history is not the one acknowledged stays
   * unserved (the operator acts, as its error says).
   */
  async #recover (name: Uint8Array, peerSize: number, peer: Uint8Array): Promise<void> {
    // One at a time per capsule: a round meets it with each peer at once. (A peer that fails it leaves it to the next round.)
    const id = formatName(name)
    const running = this.#recovering.get(id)
    if (running !== undefined) { await running; return }
    const recovering = this.#recoverFrom(name, peerSize, peer)
    this.#recovering.set(id, recovering)
    try {
      await recovering
    } finally {
      this.#recovering.delete(id)
    }
  }

  async #recoverFrom (name: Uint8Array, peerSize: number, peer: Uint8Array): Promise<void> {
    try {
      const capsule = await this.#c.store.behind(name)
      if (peerSize > capsule.size) await this.fetch(capsule, [peer])
      // Opens the same instance once it holds what was acknowledged; throws while it does not.
      await this.#c.store.capsule(name)
    } catch (err) {
      if (!(err instanceof StoreCorruptionError)) throw err
      log('capsule %s, whose store went backwards, is not recovered from %s yet: %s', formatName(name), formatName(peer), err.message)
      return
    }
    this.counters.recovered++
    log('capsule %s, whose store went backwards, holds again every record the store acknowledged (fetched from %s)', formatName(name), formatName(peer))
    this.#c.recovered(name)
  }

  /**
   * Compares a peer's head with this replica's records: two histories of
   * one length (the writer signed two batches for one position) have equal
   * sizes, and a peer on another, shorter history is never fetched from. A
   * fork proof the peer serves is kept too, so it outlives that peer's
   * removal; members and removals its set carries are learnt. `setDigest`:
   * the digest of its set it listed, noted with its size. Returns whether
   * it was compared (false: the peer failed; the next round tries again).
   */
  async #compareHeads (capsule: StoredCapsule, peer: Uint8Array, setDigest: Uint8Array): Promise<boolean> {
    try {
      const theirs = await this.#ask(peer, async () => await this.#c.client.info(capsule.name, { replica: peer }))
      if (await this.#learnOwnRemoval(capsule, theirs, peer)) return true
      await this.#learnMembers(capsule, theirs, peer)
      await this.#learnRemovals(capsule, theirs, peer)
      if (theirs.fork !== undefined) await this.#keepForkProof(capsule, theirs.fork, peer)
      if (theirs.head !== undefined) await this.#checkFork(capsule, peer, theirs.head)
      const compared = this.#headsCompared.get(formatName(capsule.name)) ?? new Map<string, { size: number, setDigest: Uint8Array }>()
      compared.set(formatName(peer), { size: theirs.size, setDigest })
      this.#headsCompared.set(formatName(capsule.name), compared)
      return true
    } catch (err) {
      if (await this.#learnDeletion(capsule, err)) return true
      this.counters.failures++
      log('comparing the head of %s with %s failed: %s', formatName(capsule.name), formatName(peer), (err as Error).message)
      return false
    }
  }

  /**
   * Takes the members of a peer's set that this replica's lacks: it missed
   * the owner's add (a server down, or of an earlier version, as the add
   * went by). Replicas were told of members only by the owner's creates, and
   * one that missed an add passed appends on, and weighed removals against
   * the replica floor, by its smaller set for good: found by attacking
   * upgrades, a capsule that took no append again. Taken as a create
   * bringing the peer's set would be: every AdCert and removal checked by
   * the info that carried them, removals dated ahead of this clock left
   * out, the set held to MAX_REPLICAS and the policy. A set that removes
   * this server is left to the removal's own path (#learnOwnRemoval).
   */
  async #learnMembers (capsule: StoredCapsule, theirs: CapsuleInfo, peer: Uint8Array): Promise<void> {
    const held = this.#sets.get(formatName(capsule.name))
    if (held === undefined) return
    // A server held only on an AdCert the peer's removals bar was placed again since (on the AdCert the peer holds).
    const fresh = theirs.replicas.filter((a) => !held.some((h) => equalBytes(h.cert.server, a.cert.server) && !removedBy(h, theirs.removals)))
    if (fresh.length === 0) return
    if (!this.#namedIn(theirs) && theirs.removals.some((r) => r.deletion.server !== undefined && equalBytes(r.deletion.server, this.#c.self))) return
    try {
      await this.#adoptPeerSet(capsule.name, theirs)
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err
      log('the set of %s that %s holds is not taken here: %s', formatName(capsule.name), formatName(peer), err.message)
      return
    }
    log('capsule %s: learnt from %s of replicas %s, which the owner added while this one did not hear', formatName(capsule.name), formatName(peer), fresh.map((a) => formatName(a.cert.server)).join(', '))
  }

  /**
   * Takes the removals of other servers that a peer's set carries and this
   * replica's lacks, each checked as the same order sent to the capsule
   * would be (a delegate's only while its delegation holds, never below the
   * policy): one replica of the set may be the one that lies. A removal was
   * learnt only from the removed server's own refusal: a replica that
   * missed it (away, or restored from a backup taken before it) kept a
   * server gone for good in its set, passing appends on to it and weighing
   * removals against a set one too large.
   */
  async #learnRemovals (capsule: StoredCapsule, theirs: CapsuleInfo, peer: Uint8Array): Promise<void> {
    for (const removal of theirs.removals) {
      const server = removal.deletion.server
      const held = this.#sets.get(formatName(capsule.name)) ?? []
      if (server === undefined || equalBytes(server, this.#c.self) || !held.some((a) => removedBy(a, [removal]))) continue
      const { removed, refused } = await this.#removeLearnt(capsule, removal)
      if (refused !== undefined) {
        this.counters.refused++
        log.error('%s holds a removal from %s that this replica does not take: %s', formatName(peer), formatName(capsule.name), refused.message)
      }
      if (!removed) continue
      this.counters.deletionsLearnt++
      log('capsule %s: replica %s removed on its owner\'s order, which %s holds and this replica missed', formatName(capsule.name), formatName(server), formatName(peer))
    }
  }

  /**
   * Takes a removal of another server learnt from a peer, weighed
   * (checkRemoval) against the set the changes before it kept: whether it
   * took the server out, and why it was refused, if it was.
   */
  async #removeLearnt (capsule: StoredCapsule, removal: SignedCapsuleDeletion): Promise<{ removed: boolean, refused?: Error }> {
    let refused: Error | undefined
    const removes = (): boolean => {
      try {
        return this.checkRemoval(capsule, removal, true)
      } catch (err) {
        refused = err as Error
        return false
      }
    }
    const removed = await this.remove(capsule.name, removal, removes)
    return { removed, refused }
  }

  /**
   * Takes a peer's set as a create bringing it would be (its info checked
   * every AdCert and removal): removals dated ahead of this clock left out,
   * the set held to MAX_REPLICAS and the policy.
   */
  async #adoptPeerSet (name: Uint8Array, theirs: CapsuleInfo): Promise<void> {
    const nowUs = this.#c.clock()
    const removals = theirs.removals.filter((r) => r.deletion.deletedAtUs <= nowUs + CLOCK_SKEW_US)
    await this.adopt(name, theirs.replicas, { removals, delegations: theirs.delegations }, serversWanted(theirs.metadata.metadata).count)
  }

  /**
   * A server sent this one a request about capsule `name` by name (a peer
   * passing an append on): where the capsule's replica set row was damaged
   * here, it is one to learn the set from (#learnSetAgain).
   */
  heardAbout (name: Uint8Array, server: Uint8Array): void {
    // On every request a peer sends by name: nothing to look up on a store with no damaged set.
    if (this.#damagedSets.size === 0) return
    const sources = this.#damagedSets.get(formatName(name))
    if (sources === undefined || sources.size >= MAX_SET_SOURCES || equalBytes(server, this.#c.self)) return
    sources.set(formatName(server), server)
  }

  /**
   * Learns the set of a capsule whose replica set row was damaged here from
   * a peer replica's (every AdCert, removal and delegation checked by its
   * info) when that set names this server and no removal of it, and writes
   * the row again. Returns whether it did.
   */
  async #learnSetAgain (text: string, peer: Uint8Array): Promise<boolean> {
    const name = new Uint8Array(Buffer.from(text, 'base64url'))
    try {
      await this.#adoptSetNamingSelf(name, await this.#ask(peer, async () => await this.#c.client.info(name, { replica: peer })))
    } catch (err) {
      log('the replica set of %s, damaged here, is not learnt from %s: %s', text, formatName(peer), (err as Error).message)
      return false
    }
    log.error('capsule %s: its replica set, damaged here, learnt again from %s and written again', text, formatName(peer))
    return true
  }

  /** Adopts a peer's set (from its info, every member checked) if it names this server (#namedIn). */
  async #adoptSetNamingSelf (name: Uint8Array, theirs: CapsuleInfo): Promise<void> {
    if (!this.#namedIn(theirs)) throw new PreconditionFailedError('its set does not name this server')
    await this.#adoptPeerSet(name, theirs)
  }

  /**
   * Whether a peer's set names this server on an AdCert none of its
   * removals bars: with a removal of this server, it was placed again since
   * (a removal of it alone was taken as said, though the owner had placed
   * it again while it was away: its copy went, and its tombstone refused
   * the capsule for good while every peer kept it in the set).
   */
  #namedIn (theirs: CapsuleInfo): boolean {
    return theirs.replicas.some((a) => equalBytes(a.cert.server, this.#c.self) && !removedBy(a, theirs.removals))
  }

  /**
   * A capsule whose metadata row was lost here, with its replica set row
   * (written after it: a log LevelDB cut short loses both), mended from a
   * server found by the capsule's name (Repairer): its set is taken from
   * that server's info, as a damaged row's is (#learnSetAgain), so the
   * records lost with them can be fetched from the replicas it names.
   * Nothing is taken where a set is held here. Throws where the set is not
   * this server's.
   */
  async learnLostSet (name: Uint8Array, theirs: CapsuleInfo): Promise<void> {
    if (this.#sets.has(formatName(name))) return
    await this.#adoptSetNamingSelf(name, theirs)
    // Its delegation row is not written from the set: a move's target is in the set with its AdCert too (docs/replication.md, "Repair").
    log.error('capsule %s: its replica set, lost here with its metadata, learnt from %s and written again; its delegation here was lost too, so this server does not advertise it (its peers do) until its owner renews its placement (gdp capsule renew) once its records are back', formatName(name), theirs.server === undefined ? 'the server that answered by its name' : formatName(theirs.server))
  }

  /**
   * Asks a peer about shared capsules it did not list (at most
   * maxUnlistedProbes a round): deleted there, they are deleted here; lost
   * there (a wiped disk), it is sent them again. Returns 'silent' where the
   * peer fell silent (the rest wait for the next round), 'some wait' where
   * a capsule waits to be sent again (the next round reads the peer's whole
   * list, which is where it is found unlisted again), or the round's time
   * with the peer (`until`, listBudgetMs from its start) ran out: the rest
   * wait for the next round. Without that bound, a peer that answered each
   * info just inside the request timeout held the round (and every later
   * one) for one timeout per capsule it did not list.
   */
  async #askAboutUnlisted (peer: Uint8Array, capsules: string[], until: number): Promise<'silent' | 'some wait' | 'done'> {
    let someWait = false
    for (const text of capsules.slice(0, this.#init.maxUnlistedProbes)) {
      if (this.#stopped || !this.#sets.has(text)) continue
      if (this.#monotonicMs() > until) {
        log('asking %s about the capsules it did not list took the round\'s %d ms: the rest wait for the next round', formatName(peer), this.#init.listBudgetMs)
        return 'some wait'
      }
      if (this.#isDown(peer)) {
        log('%s stopped answering while asked about capsules it did not list: the rest wait for the next round', formatName(peer))
        return 'silent'
      }
      const name = new Uint8Array(Buffer.from(text, 'base64url'))
      try {
        await this.#ask(peer, async () => await this.#c.client.info(name, { replica: peer }))
      } catch (err) {
        let capsule: StoredCapsule
        try {
          capsule = await this.#c.store.capsule(name)
        } catch (unopened) {
          // Deleted here since (its peers are told of it otherwise): nothing to ask about.
          if (unopened instanceof CapsuleDeletedError) continue
          // Its error ended the round's questions here: the capsules after it, deleted or lost there, were never
          // asked about, every round, for as long as it stayed damaged. It waits for a repair, as in the list above.
          if (!(unopened instanceof StoreCorruptionError)) throw unopened
          this.#c.unopenable(name, unopened)
          continue
        }
        if (await this.#learnDeletion(capsule, err)) continue
        if (err instanceof RequestRefusedError && err.reason === 'NOT_FOUND') {
          // Its history ended: the peer most likely deleted it on its own clock (an expiry's NOT_FOUND carries no
          // order), and refused it again by its tombstone, a failure each round until this server's expiry came too.
          const expiresAtUs = capsule.metadata.expiresAtUs
          if (expiresAtUs !== 0 && this.#c.clock() >= expiresAtUs) continue
          const sent = this.#reseeds.get(text)?.get(formatName(peer))
          if (sent !== undefined && this.#rounds < sent.notBeforeRound) {
            log('%s says again it does not hold %s, sent to it again %d times in a row: sent once more in %d rounds', formatName(peer), text, sent.times, sent.notBeforeRound - this.#rounds)
            someWait = true
            continue
          }
          await this.#reseed(capsule, peer)
        } else {
          this.counters.failures++
          log('asking %s about %s, which it did not list, failed: %s', formatName(peer), text, (err as Error).message)
        }
      }
    }
    return someWait ? 'some wait' : 'done'
  }

  /**
   * Sends a replica of the capsule's set that does not hold it (it lost its
   * store) the capsule again, as the owner adds a replica: a create with the
   * owner-signed metadata, the peer's AdCert and the replica set, which the
   * peer checks as any create (only the owner's AdCert naming it makes it
   * take the capsule), then the records from this replica's store, for
   * fetchBudgetMs at most (the peer fetches the rest itself). A peer
   * that says again it does not hold the capsule, without having listed it
   * since (it lies, or loses it again), is sent it again only after twice
   * as many rounds each time, up to MAX_RESEED_WAIT_ROUNDS: it was sent the
   * whole capsule every round.
   */
  async #reseed (capsule: StoredCapsule, peer: Uint8Array): Promise<void> {
    const nowUs = this.#c.clock()
    // The peer checks every AdCert at its clock: one that ended since this replica took the set would refuse the create.
    const set = (this.#sets.get(formatName(capsule.name)) ?? []).filter((a) => a.cert.notBeforeUs <= nowUs && nowUs <= a.cert.notAfterUs)
    const adCert = set.find((a) => equalBytes(a.cert.server, peer))
    if (adCert === undefined) return
    try {
      await this.#ask(peer, async () => await this.#c.client.create(capsule.signedMetadata, peer, adCert, set, this.orders(capsule.name)))
      const text = formatName(capsule.name)
      const byPeer = this.#reseeds.get(text) ?? new Map<string, { times: number, notBeforeRound: number }>()
      this.#reseeds.set(text, byPeer)
      const times = (byPeer.get(formatName(peer))?.times ?? 0) + 1
      byPeer.set(formatName(peer), { times, notBeforeRound: this.#rounds + reseedWaitRounds(times) })
      // Its records for fetchBudgetMs at most: it fetches the rest itself, as a replica added does. All of them held the
      // round (and every later one) for a request timeout per 4 MiB, at a peer that took each just inside it.
      await this.#sendMissing(capsule, peer, 0, capsule.size, this.#monotonicMs() + this.#init.fetchBudgetMs)
      this.counters.reseeded++
      log('capsule %s sent again to replica %s, which did not hold it', formatName(capsule.name), formatName(peer))
    } catch (err) {
      if (await this.#learnDeletion(capsule, err)) return
      this.counters.failures++
      log('sending %s again to replica %s failed: %s', formatName(capsule.name), formatName(peer), (err as Error).message)
    }
  }

  /**
   * Whether `err`, a peer's answer about this capsule, is NOT_FOUND with the
   * owner's order that deleted it there: this replica missed the deletion
   * (it was away), so it checks the order and deletes the capsule too.
   */
  async #learnDeletion (capsule: StoredCapsule, err: unknown): Promise<boolean> {
    let deletion: SignedCapsuleDeletion | undefined
    try {
      deletion = deletionRefusedWith(capsule, err)
    } catch (invalid) {
      this.counters.refused++
      log.error('a peer answered with a deletion of %s that does not hold: %s', formatName(capsule.name), (invalid as Error).message)
      return false
    }
    if (deletion === undefined) return false
    const server = deletion.deletion.server
    if (server !== undefined) {
      // One replica of the set may be the one that lies: what it tells of a removal holds only as an order sent to
      // the capsule would (a delegate's removal of the others, below the policy, had them all delete their copies).
      try {
        if (!this.checkRemoval(capsule, deletion, true)) return true
      } catch (refused) {
        this.counters.refused++
        log.error('a peer answered with a removal from %s that this replica does not take: %s', formatName(capsule.name), (refused as Error).message)
        return false
      }
    }
    if (server !== undefined && !equalBytes(server, this.#c.self)) {
      const { removed, refused } = await this.#removeLearnt(capsule, deletion)
      if (refused !== undefined) {
        this.counters.refused++
        log.error('a peer answered with a removal from %s that this replica does not take: %s', formatName(capsule.name), refused.message)
        return false
      }
      if (!removed) return true
      log('capsule %s: replica %s removed on its owner\'s order, which a peer had and this replica missed', formatName(capsule.name), formatName(server))
    } else if (server === undefined) {
      await this.#deleteOnOrder(capsule, deletion)
      return true
    } else {
      try {
        await this.#deleteOnOrder(capsule, deletion)
      } catch (kept) {
        // This server's removal, whose copy stays until a replica left holds its records: the next round tries again.
        log.error('capsule %s: %s', formatName(capsule.name), (kept as Error).message)
        return false
      }
      return true
    }
    this.counters.deletionsLearnt++
    return true
  }

  /** Deletes the capsule here on its owner's order (checked) that a peer had and this replica missed. */
  async #deleteOnOrder (capsule: StoredCapsule, deletion: SignedCapsuleDeletion): Promise<void> {
    const id = formatName(capsule.name)
    // Several peers may tell of it at once: the first one deletes it.
    if (!this.#sets.has(id) || this.#deletingOnOrder.has(id)) return
    // The set is kept until the copy went: a server taken off brings the replicas left up to its head first (their
    // names are in it), and keeps its copy and set when it cannot.
    this.#deletingOnOrder.add(id)
    try {
      await this.#c.deleted(capsule, deletion)
    } finally {
      this.#deletingOnOrder.delete(id)
    }
    this.forget(capsule.name)
    this.counters.deletionsLearnt++
    log('capsule %s deleted on its owner\'s order, which a peer had and this replica missed', formatName(capsule.name))
  }

  /**
   * The owner's removal of this server from the capsule, in a peer's set
   * (its info checked the signature): taken as one sent to the capsule
   * would be, and the copy here deleted with it as tombstone. A replica away
   * while it was removed (or whose clock ran behind, refusing it as dated
   * ahead) learnt it only from a peer that answered NOT_FOUND, which peers
   * still holding the capsule never do: it kept its copy for good, named
   * itself in its set and advertised it. A removal older than this server's
   * placement (its owner placed it again since) is evidence, not an order.
   * Returns whether the copy went.
   */
  async #learnOwnRemoval (capsule: StoredCapsule, theirs: CapsuleInfo, peer: Uint8Array): Promise<boolean> {
    const removal = theirs.removals.find((r) => r.deletion.server !== undefined && equalBytes(r.deletion.server, this.#c.self))
    const placed = this.#sets.get(formatName(capsule.name))?.find((a) => equalBytes(a.cert.server, this.#c.self))
    // Placed again since, on an AdCert the peer holds (#learnMembers takes it): the removal is evidence, not an order.
    if (removal === undefined || placed === undefined || !removedBy(placed, [removal]) || this.#namedIn(theirs)) return false
    try {
      if (!this.checkRemoval(capsule, removal, true)) return false
    } catch (refused) {
      this.counters.refused++
      log.error('%s holds a removal of this server from %s that this replica does not take: %s', formatName(peer), formatName(capsule.name), (refused as Error).message)
      return false
    }
    await this.#deleteOnOrder(capsule, removal)
    return true
  }

  /**
   * Fetches what the capsule's peers hold beyond this replica's tip, for a
   * writer's batch that runs ahead of it: waits for the fetch quorumWaitMs
   * at most (it goes on after), so that peers that take the request and
   * never answer get the writer an answer before its router and it give up.
   * Resolves with a peer's failure, if one failed in that time.
   */
  async catchUpFor (capsule: StoredCapsule): Promise<Error | undefined> {
    let timer: NodeJS.Timeout | undefined
    const waited = new Promise<undefined>((resolve) => { timer = setTimeout(() => { resolve(undefined) }, this.#init.quorumWaitMs) })
    try {
      return await Promise.race([this.#fetchAfterOthers(capsule, this.peers(capsule.name)), waited])
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * Fetches what `from` (default: every peer) holds of the capsule beyond
   * this replica's tip, batch by batch, each verified against the tip as a
   * writer's append is, for fetchBudgetMs at most. One fetch per capsule at
   * a time; a caller arriving while one runs waits for it. Resolves with
   * the last peer's failure, if any failed (each is logged and counted, not
   * thrown). `listedSize`: the size the one peer of `from` listed, fetched
   * up to without asking it first (its info cost as much as the read of a
   * few records); what it sends is verified all the same.
   */
  async fetch (capsule: StoredCapsule, from: Uint8Array[] = this.peers(capsule.name), listedSize?: number): Promise<Error | undefined> {
    const key = formatName(capsule.name)
    const running = this.#fetching.get(key)
    if (running !== undefined) return await running.done
    const passedOver: Uint8Array[] = []
    const fetching = (async () => {
      let failed: Error | undefined
      const until = this.#monotonicMs() + this.#init.fetchBudgetMs
      // The fastest lately first (a peer not read yet counts as fast); those found slow now are read to the end last.
      const ordered = from.map((peer, i) => ({ peer, i, ms: this.#readMs.get(formatName(peer)) ?? 0 })).sort((a, b) => a.ms - b.ms || a.i - b.i).map(({ peer }) => peer)
      const queue = ordered.map((peer) => ({ peer, again: false }))
      for (let i = 0; i < queue.length; i++) {
        const { peer, again } = queue[i]!
        if (this.#stopped || this.#monotonicMs() > until) return failed
        if (this.#isDown(peer)) { passedOver.push(peer); continue }
        try {
          // Moving on from a slow read only where another peer comes after; a peer read again is read to the end.
          const cut = await this.#ask(peer, async () => await this.#fetchFrom(capsule, peer, until, from.length === 1 ? listedSize : undefined, !again && i < queue.length - 1))
          if (cut) queue.push({ peer, again: true })
        } catch (err) {
          if (await this.#learnDeletion(capsule, err)) return undefined
          // What the peer sent does not hold (as opposed to a peer away or slow): counted so, the operator sees which.
          if (err instanceof ChainMismatchError || err instanceof InvalidProofError || err instanceof InvalidSignatureError || err instanceof UnexpectedResponseError) this.counters.refused++
          else this.counters.failures++
          failed = err as Error
          log('fetching %s from %s failed: %s', key, formatName(peer), failed.message)
        }
      }
      return failed
    })()
    this.#fetching.set(key, { done: fetching, from, passedOver })
    try {
      const failed = await fetching
      // Not for a capsule forgotten (deleted) while it ran: its entry would have stayed for good.
      if (failed instanceof StoreWriteError && this.#sets.has(key)) this.#storeFailures.set(key, failed)
      else this.#storeFailures.delete(key)
      return failed
    } finally {
      this.#fetching.delete(key)
    }
  }

  /** Why this server's store refused what the last fetch of the capsule read, if it did (its disk full, say). */
  storeFailure (name: Uint8Array): StoreWriteError | undefined {
    return this.#storeFailures.get(formatName(name))
  }

  /**
   * Reads from one peer until it has nothing more; `hedged`, only until a
   * read takes longer than fetchHedgeMs: resolves true if it stopped there
   * with records left to read.
   */
  async #fetchFrom (capsule: StoredCapsule, peer: Uint8Array, until: number, listedSize: number | undefined, hedged: boolean): Promise<boolean> {
    const choice = { replica: peer }
    // The peer's head, asked for where the size is not known, and for a fork proof where a batch does not extend this replica's tip.
    let head: SignedHeartbeat | undefined
    let size = listedSize
    if (size === undefined) {
      ({ size, head } = await this.#c.client.info(capsule.name, choice))
      if (head === undefined) return false
      if (size <= capsule.size) { await this.#checkFork(capsule, peer, head); return false }
    }
    const batches = new WriterBatches()
    try {
      // From the tip (appends still being written count), not what is durable yet.
      for (let from = capsule.writerState.size; from < size && !this.#stopped;) {
        // Out of time: what it holds now stays (each batch was stored as it came), the rest waits for the next fetch.
        if (this.#monotonicMs() > until) {
          log('fetching %s from %s took its %d ms: the rest, from record %d, waits for the next round', formatName(capsule.name), formatName(peer), this.#init.fetchBudgetMs, capsule.writerState.size)
          return false
        }
        const started = this.#monotonicMs()
        // Without per-record proofs: each batch is verified below against this replica's tip.
        const got = await this.#c.client.readBatches(capsule.name, { from, to: Math.min(from + this.#init.fetchWindowRecords, size), maxBytes: this.#init.fetchWindowBytes }, capsule.signedMetadata, choice, false)
        const tookMs = this.#monotonicMs() - started
        this.#noteRead(peer, tookMs)
        // (None: the peer's log ends before what its info said; the next round asks again.)
        if (got.records.length === 0) return false
        const { batches: ended, overflow } = batches.add(got, from)
        for (const { records, heartbeat } of ended) {
          // A batch that reached this replica meanwhile (passed on by a peer, or a writer's) is held already.
          if (heartbeat.heartbeat.size <= capsule.writerState.size) continue
          // One that does not start at the tip (the tip moved past the window's start): the next round fetches it.
          if (heartbeat.heartbeat.size - records.length !== capsule.writerState.size) return false
          let batch
          try {
            batch = verifyAppendBatch(capsule.name, capsule.metadata, capsule.writerState, records, heartbeat)
          } catch (err) {
            if (err instanceof ChainMismatchError) {
              // (A peer that does not answer now leaves the fork to be found at the next round; the batch's refusal stands.)
              head ??= (await this.#c.client.info(capsule.name, choice).catch(() => undefined))?.head
              if (head !== undefined) await this.#checkFork(capsule, peer, head)
            }
            throw err
          }
          await capsule.append(batch)
          this.counters.fetched++
          this.#c.stored(capsule, heartbeat, records)
        }
        // Records no heartbeat ends yet wait for the next window, as a batch may span two.
        if (overflow !== undefined) throw new UnexpectedResponseError(`${formatName(peer)} sent ${overflow}`)
        // What the client verified of this window is not needed again.
        this.#c.client.forget(capsule.name)
        from += got.records.length
        // Slow, with another peer to read from next: what this window brought is stored; the other peer goes on from the tip.
        if (hedged && tookMs > this.#init.fetchHedgeMs && from < size) {
          log('fetching %s from %s: a read took %d ms; the next peer goes on from record %d', formatName(capsule.name), formatName(peer), Math.round(tookMs), capsule.writerState.size)
          return true
        }
      }
      return false
    } finally {
      this.#c.client.forget(capsule.name)
    }
  }

  /**
   * The fork proof, if `peerHead`, the peer's head heartbeat (verified as the
   * writer's), contradicts this replica's history; it is checked and
   * stored, so info serves it. Same size or shorter: against the stored
   * heartbeat or record there. Longer: the peer's record where this replica's
   * head ends, with its proof to the peer's head.
   */
  async #checkFork (capsule: StoredCapsule, peer: Uint8Array, peerHead: SignedHeartbeat): Promise<ForkProof | undefined> {
    const head = capsule.head
    if (head === undefined) return undefined
    let proof: ForkProof | undefined
    if (peerHead.heartbeat.size <= capsule.size) {
      const comparison = await compareWithStore(capsule, peerHead)
      if (comparison.status === 'contradicts') proof = comparison.proof
    } else {
      const theirs = await this.#c.client.proveRecord(capsule.name, head.heartbeat.size - 1, capsule.signedMetadata, { replica: peer })
      if (!equalBytes(theirs.record.hash, head.heartbeat.lastRecordHash)) proof = divergedFork(capsule.signedMetadata, head, theirs.heartbeat, theirs.proof, theirs.record.hash)
    }
    if (proof === undefined) return undefined
    await this.#keepForkProof(capsule, proof, peer)
    return proof
  }

  /**
   * Stores a fork proof of the capsule (checked: any replica can check one,
   * it is two heartbeats the writer signed) unless one is stored already;
   * info then serves it, so readers see the capsule forked.
   */
  async #keepForkProof (capsule: StoredCapsule, proof: ForkProof, peer: Uint8Array): Promise<void> {
    const fork = verifyForkProof(proof)
    if (!equalBytes(fork.capsule, capsule.name)) throw new InvalidArgumentError(`replica ${formatName(peer)} sent a fork proof of capsule ${formatName(fork.capsule)} for ${formatName(capsule.name)}`)
    // Several peers may show the fork at once (a round talks to them together): one proof is kept, and counted, once.
    const key = formatName(capsule.name)
    if (this.#storingForkProof.has(key)) return
    this.#storingForkProof.add(key)
    try {
      if (await this.#c.store.forkProof(capsule.name) !== undefined) return
      await this.#c.store.putForkProof(capsule.name, encodeForkProof(proof))
    } finally {
      this.#storingForkProof.delete(key)
    }
    this.counters.forks++
    log.error('capsule %s forked (%s at record %d): replica %s holds another history the writer signed; fork proof stored', formatName(capsule.name), fork.kind, fork.position, formatName(peer))
  }
}

/**
 * The client side of the capsule protocol, over a Forwarder (the client's
 * own overlay node). It verifies everything it receives: metadata against
 * the name, heartbeats against the writer key, every record against a
 * heartbeat by its inclusion proof (or the records of a response by their
 * range proof), and each append acknowledgement against
 * the server's key. Writers sign on this side; servers never see the key.
 */
import { decodeForkProof, inclusionProofFromPb, rangeProofFromPb, recordFromPb, recordToPb, signedHeartbeatFromPb, signedHeartbeatToPb, signedMetadataFromPb, signedMetadataToPb } from '../capsule/codec.js'
import { verifyHeartbeat } from '../capsule/heartbeat.js'
import { frontierNodeIds, MerkleFrontier, rootFromInclusionProof } from '../capsule/merkle.js'
import { verifyForkProof } from '../capsule/fork.js'
import { decodeSignedDeletion, encodeSignedDeletion, signedDeletionToPb, verifyDeletion, type SignedCapsuleDeletion } from '../capsule/deletion.js'
import { serverReceiptFromPb, verifyServerReceipt } from '../routing/receipt.js'
import { capsuleName, verifySignedMetadata, type Signer } from '../capsule/metadata.js'
import { formatName, NAME_LENGTH } from '../capsule/name.js'
import { MAX_PAYLOAD_LENGTH, type CapsuleRecord, type ForkProof, type InclusionProof, type SeqRange, type SignedHeartbeat, type SignedMetadata } from '../capsule/types.js'
import { CapsuleView } from '../capsule/view.js'
import { SharedSubscriptions } from './shared-subscriptions.js'
import { checkSelector, type ReadSelector } from '../capsule/selector.js'
import { formatTime } from '../capsule/time.js'
import { CapsuleWriter, emptyWriterState, type AppendBatch, type WriterState } from '../capsule/writer.js'
import { compareBytes } from '../crypto/bytes.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { MAX_TIMER_MS, wallClockUs } from '../clock.js'
import { AppendRecoveryError, ChainMismatchError, ForkDetectedError, InvalidArgumentError, InvalidProofError, InvalidSignatureError, MalformedMessageError, QuorumNotReachedError, ReadQuorumNotReachedError, RecordTooLargeError, RemovalIncompleteError, ReplicasBehindWriterError, RequestRefusedError, RequestTimeoutError, UnexpectedResponseError, WriterConflictError } from '../errors.js'
import { peerText } from '../peer-text.js'
import { appendAckFromPb, verifyAppendAck, type AppendAck } from '../routing/append-ack.js'
import { answersOnce, DEFAULT_TTL, headsUpBytes, headsUpCapBytes, HeadsUpLedger, nextResponseTimeoutMs, requestTimeoutMs, type Forwarder } from '../routing/forwarder.js'
import { signedAdCertToPb, verifyAdCert, type SignedAdCert } from '../routing/certificates.js'
import { currentDelegations, delegationsFromPb, joinedMembers, removalsFromPb, removedBy, replicaSetFromPb, replicaSetToPb, replicasOf, SET_DIGEST_BYTES, withRemoval, writeQuorumOf, type ReplicaSetOrders } from '../routing/replica-set.js'
import type { SignedPlacementDelegation } from '../capsule/delegation.js'
import { checkProposalRequest, proposalFromPb, type ProposalRequest, type ServerProposal } from '../routing/replica-proposer.js'
import { fixedBytes, pb, safeUint } from '../wire/index.js'
import { appendFitsOnePdu, LIST_POINT_LOG_BYTES, MAX_PDU_BYTES, MAX_PDU_FIELDS } from '../wire/pdu-shape.js'

/** Tries in a row without a record that a read or subscription cut by a backed-up link (CONGESTION) makes, and the pause before one. */
export const READ_RETRIES = 5
/** The largest maxBytes a read may ask for (ReadRequest.max_bytes is a uint32). */
export const MAX_READ_BYTES = 0xffff_ffff
const READ_RETRY_MS = 100
/** How many times info() sends a request to a capsule whose router answered that it now sends it to another replica. */
const INFO_TRIES = 2
/** Times in a row a subscription is told MOVED (or its path broke) with no record between, before it gives up. */
export const MAX_MOVES_WITHOUT_RECORD = 8
/**
 * How long a subscription waits, with no record, for a route to its capsule
 * again (its router restarting, the link to it lost), trying again every
 * SUBSCRIPTION_ROUTE_RETRY_MS, before it gives up with NO_ROUTE.
 */
export const SUBSCRIPTION_ROUTE_WAIT_MS = 30_000
const SUBSCRIPTION_ROUTE_RETRY_MS = 500
/**
 * What a record a subscription keeps costs besides its payload (its header,
 * hashes and the objects holding them), towards subscriptionBufferBytes: a
 * record of an empty payload (a key-value delete, a marker) costs memory too.
 */
const KEPT_RECORD_BYTES = 256
/**
 * What records decoded from one response count for towards a subscription's
 * buffer: their payloads and KEPT_RECORD_BYTES each, or the buffers their
 * payloads are views of, where that is more. A payload holds the frame it
 * was decoded from (the transport copies a frame only when it is under half
 * of the chunk it came in), and a frame may be padded with unknown fields up
 * to the frame limit around a record of a few bytes.
 */
function keptBytes (records: CapsuleRecord[]): number {
  const { own, held } = recordBytes(records)
  return Math.max(own, held)
}

/** The records' payloads and KEPT_RECORD_BYTES each (own), and the bytes of the buffers their payloads are views of (held). */
function recordBytes (records: CapsuleRecord[]): { own: number, held: number } {
  let own = 0
  const buffers = new Set<ArrayBufferLike>()
  for (const record of records) {
    own += KEPT_RECORD_BYTES + record.payload.length
    buffers.add(record.payload.buffer)
  }
  let held = 0
  for (const buffer of buffers) held += buffer.byteLength
  return { own, held }
}

/**
 * What an honest response takes besides its records' payloads: about 1 KiB
 * a record (its header and inclusion proof) and a few KiB for the rest (the
 * heartbeat, the PDU's envelope). The transport decodes a frame in place only
 * where it fills at least half of its buffer (frameBytes), so twice that is
 * what honest records hold.
 */
const HONEST_FRAME_RECORD_BYTES = 1024
const HONEST_FRAME_SLACK_BYTES = 4096

/**
 * Whether records decoded from one response hold a frame padded (with
 * unknown fields, which decoding skips) past what an honest one takes: kept
 * for as long as the caller keeps them, they kept the padding, up to the
 * frame limit a response.
 */
function framePadded (records: CapsuleRecord[]): boolean {
  const { own, held } = recordBytes(records)
  return held > 2 * (own + records.length * HONEST_FRAME_RECORD_BYTES) + HONEST_FRAME_SLACK_BYTES
}

export interface CapsuleInfo {
  metadata: SignedMetadata
  head: SignedHeartbeat | undefined
  size: number
  /** The capsule's replicas as its owner delegated them, each AdCert checked (empty when the server keeps no set: one replica). */
  replicas: SignedAdCert[]
  /** The owner's removals of replicas, each checked: servers that left the set. */
  removals: SignedCapsuleDeletion[]
  /** The owner's placement delegations that hold now, each checked: keys that may change the set besides the owner's. */
  delegations: SignedPlacementDelegation[]
  /**
   * Proof, checked, that the writer signed two histories of the capsule:
   * the server's, when it holds one; else the client's, when the head sent
   * contradicts a heartbeat of the writer the client verified before.
   */
  fork: ForkProof | undefined
  /** What a writer needs to extend the capsule, checked against the head. */
  writerState: WriterState
  /** The node name of the server that answered (the PDU's source: routers do not change it, and nothing proves it). */
  server: Uint8Array | undefined
  /** The answering server says it is a move's target that has not taken the capsule over (it does not advertise it, and may be behind). Not proven. */
  joining: boolean
  /** A joining server's word that its store refused what it last fetched of the capsule, and why (its disk full, say); undefined when it says nothing of the kind. Not proven. */
  catchUpFailure: string | undefined
}

/**
 * Which replica a request about a capsule goes to: by default the nearest,
 * as the routers choose; with `replica`, that server (by node name), and an
 * append sent so is stored there only, not passed on to the other replicas.
 */
export interface ReplicaChoice { replica?: Uint8Array }

/** A server's acknowledgement of an append, with those of the other replicas it passed the batch on to. */
export interface QuorumAck extends AppendAck {
  /** Acknowledgements of the other replicas that hold the batch (none for a capsule of one replica, or an append sent to one replica). */
  replicaAcks: AppendAck[]
}

/**
 * Records from..to-1 read as the writer's batches; with `maxBytes`, the
 * server stops after the record that brings the payloads it sent to that
 * many bytes or more (at least one record), so a reader of a capsule of
 * large records holds a window of bytes, not of records.
 */
export interface ReadWindow {
  from: number
  to: number
  maxBytes?: number
}

/** How a read is made and checked (#read). */
interface ReadHow {
  /** With the writer's heartbeats that end batches among the records. */
  batchHeartbeats?: boolean
  /** @default 'proofs' */
  check?: ReadCheck
  /** Keep each record's proof (readProven). */
  keepProofs?: boolean
  /** Payload bytes the server may stop after (ReadWindow.maxBytes). */
  maxBytes?: number
  /** Payload bytes a record may hold, at most: a larger one is refused as it comes (readUnchecked). */
  maxPayloadLength?: number
  /** Ends the read when aborted: it is given up as at a timeout (its nonce forgotten, later responses dropped) and rejects with the signal's reason. */
  signal?: AbortSignal
}

/** Records, and the writer's heartbeats that ended batches among them. */
export interface ReadBatches {
  records: CapsuleRecord[]
  heartbeats: SignedHeartbeat[]
  /** Each record with the proof it was checked by, when the reader asked to keep them (readProven). */
  proven?: ProvenRecord[]
}

/** A record, its inclusion proof and the writer-signed heartbeat the proof leads to: evidence a third party can check. */
export interface ProvenRecord {
  record: CapsuleRecord
  proof: InclusionProof
  heartbeat: SignedHeartbeat
}

/**
 * A capsule a server says it holds (a listing is its word; info proves a
 * size), and the digest of the replica set it holds of it (empty: none, or
 * a server of an earlier version).
 */
export interface CapsuleSummary { name: Uint8Array, size: number, setDigest: Uint8Array }

/** A point in a server's change log (pdu.proto ListPoint): where a listing began. */
export interface ListPoint { log: Uint8Array, seq: number }

/** What a server lists (GdpClient.listing). */
export interface CapsuleListing {
  /** Where the server's change log stood before it answered: what to ask changes since next time (absent: it keeps none). */
  point: ListPoint | undefined
  /** True: `capsules` holds only those changed since the point asked from, and `unlisted` those changed since that it no longer lists. False: `capsules` is everything it holds. */
  changesOnly: boolean
  unlisted: Uint8Array[]
  capsules: AsyncIterable<CapsuleSummary>
}

/** A batch as a writer's journal keeps it: enough to send it again. */
export type JournaledBatch = Pick<AppendBatch, 'capsule' | 'records' | 'heartbeat'>

/**
 * What one writer key signed last in each capsule, kept across runs (the
 * command line and a node's gateway keep it beside the key file: src/node/writer-journal.ts).
 * The writer's own word on how far its capsule goes: no replica can make it
 * sign over records it signed before by showing less.
 */
export interface WriterJournal {
  /**
   * Takes `capsule`'s entry for this process, waiting while another process
   * holds it (a second process signing there with this key); called before
   * the entry is read. Held until this process ends.
   */
  hold?: (capsule: Uint8Array) => Promise<void>
  /** The batch this key signed last in `capsule`, if any. */
  last: (capsule: Uint8Array) => JournaledBatch | undefined
  /** Keeps `batch` as the last signed in its capsule; called before it is sent, and throws when it could not be kept. */
  signed: (batch: JournaledBatch) => void
  /**
   * `batch`, the last signed, was refused for certain (stored nowhere, as
   * `refusal` says): what was kept before it is the last again. Throws when
   * that could not be kept, saying so and what the refusal was.
   */
  refused: (batch: JournaledBatch, refusal: Error) => void
  /**
   * `batch` is stored (acknowledged, or covered by a later batch's
   * acknowledgement): once it is the last signed, what was kept to give its
   * place back is let go. Kept until a refusal that never comes, it was one
   * batch held for every capsule a gateway ever wrote.
   */
  acknowledged: (batch: JournaledBatch) => void
  /** Where `capsule`'s entry is kept, for messages. */
  where: (capsule: Uint8Array) => string
}

export interface GdpClientComponents {
  forwarder: Forwarder
  /** Microseconds since the epoch, for checking certificates' validity and stamping an Appender's records. @default the wall clock (wallClockUs, which follows a step of it) */
  clock?: () => number
}

export interface GdpClientInit {
  /**
   * How long a request waits for its answer (and, once responses come, for
   * each next one) before it fails with RequestTimeoutError. A router on the
   * way waits its own time (10 s by default) and answers CONGESTION past it.
   * @default 15000
   */
  timeoutMs?: number
  /**
   * A replica that served a read that did not verify, or refused a request
   * with SERVER_ERROR or STORE_FULL (its store cannot serve the capsule), is avoided for
   * this long: requests for that capsule go to its other replicas by name
   * meanwhile (it may repair itself; then the nearest serves again).
   * @default 60000
   */
  avoidFaultyReplicaMs?: number
  /**
   * Bytes of records a subscription keeps that its consumer has not taken
   * yet, at most (each its payload and 256 bytes for the rest, or the frame
   * the records of a response hold where that is more: keptBytes): past it the
   * subscription is paused (unsubscribed) and, once the consumer took what
   * is kept, subscribes again from the next record, so a consumer that stops
   * reading costs memory up to this, not without bound.
   * @default 8 MiB
   */
  subscriptionBufferBytes?: number
  /**
   * Capsules the client keeps what it learnt of (what it verified: metadata,
   * heartbeats; the replica set; replicas it avoids), the most recently
   * used. A node's own client lives as long as the node and serves the
   * gateway: one it no longer keeps is checked afresh from its metadata (one
   * signature) when used again, and a read of one of several replicas asks
   * its info (the replica set) again first.
   * @default 256
   */
  keptCapsules?: number
}

export interface GdpClientCounters {
  /** Read responses that did not verify; each time the read went on from another replica. */
  faultyResponses: number
  /**
   * Refusals with SERVER_ERROR or STORE_FULL from a replica of the capsule (it is avoided), NOT_FOUND with the
   * owner's order that took it off the capsule's replicas (it is dropped from the set known), or NOT_FOUND for
   * records a heartbeat of the writer the client verified shows (it is avoided): a read goes on from another replica.
   */
  replicaErrors: number
  /** NO_ROUTE for a request to a replica of the capsule by name (one steered to around another): it is avoided as well. */
  replicasUnreachable: number
  /** Subscriptions that went on elsewhere because their capsule, or a router on the way, moved (docs/moving.md). */
  subscriptionsMoved: number
  /** Subscriptions paused, and watchers that left their shared subscription (watch), because their consumer had subscriptionBufferBytes not taken yet; each went on from where it stopped. */
  subscriptionsPaused: number
}

/** UnexpectedResponseError unless `names` are in strictly increasing order, each after `after`. */
function inNameOrder (names: Uint8Array[], after: Uint8Array, field: string): void {
  for (let i = 0; i < names.length; i++) {
    if (compareBytes(names[i]!, i === 0 ? after : names[i - 1]!) <= 0) throw new UnexpectedResponseError(`the server listed ${field} out of name order`)
  }
}

/**
 * What a client keeps of a capsule it used: what it verified (its view,
 * until forgotten), the replica set its last info named, and the replicas it
 * avoids (those that served reads that did not verify, or refused with
 * SERVER_ERROR or STORE_FULL, by text name: until then, in ms).
 */
interface KnownCapsule {
  view?: CapsuleView
  replicas?: Uint8Array[]
  /** The owner's AdCerts and removals of every info since it was kept, joined as a replica joins a peer's (the replicas known are its members). */
  set?: { adCerts: SignedAdCert[], removals: SignedCapsuleDeletion[] }
  avoided?: Map<string, number>
}

export class GdpClient {
  readonly #forwarder: Forwarder
  readonly #timeoutMs: number
  /** What the client keeps of up to keptCapsules capsules (text names), the least recently used first. */
  readonly #capsules = new Map<string, KnownCapsule>()
  readonly #keptCapsules: number
  readonly #avoidMs: number
  readonly #subscriptionBufferBytes: number
  readonly #shared: SharedSubscriptions
  /** The journal of each writer made with one (writer()): append keeps each batch there before it goes. */
  readonly #journals = new WeakMap<CapsuleWriter, WriterJournal>()
  /** Each writer's batches sent by append() whose fate is unknown (a timeout, QUORUM_NOT_REACHED), oldest first: sent again before its next. */
  readonly #unsettled = new WeakMap<CapsuleWriter, AppendBatch[]>()
  readonly counters: GdpClientCounters = { faultyResponses: 0, replicaErrors: 0, replicasUnreachable: 0, subscriptionsMoved: 0, subscriptionsPaused: 0 }

  constructor (init: GdpClientInit, components: GdpClientComponents) {
    this.#forwarder = components.forwarder
    this.#clock = components.clock ?? wallClockUs
    this.#timeoutMs = init.timeoutMs ?? 15_000
    this.#avoidMs = init.avoidFaultyReplicaMs ?? 60_000
    this.#subscriptionBufferBytes = init.subscriptionBufferBytes ?? 8 * 1024 * 1024
    this.#keptCapsules = init.keptCapsules ?? 256
    this.#shared = new SharedSubscriptions(this.subscribe.bind(this), this.#subscriptionBufferBytes, () => { this.counters.subscriptionsPaused++ })
    if (!Number.isSafeInteger(this.#keptCapsules) || this.#keptCapsules < 1) throw new InvalidArgumentError(`a client keeps what it verified of a positive whole number of capsules, not ${String(init.keptCapsules)}`)
  }

  /**
   * Sends a request and collects responses until the final one, or hands
   * each to `onResponse` (which may throw to end the request). No answer in
   * time is a RequestTimeoutError, not a refusal: the request may have been
   * carried out.
   */
  async #call (destination: Uint8Array, request: pb.IRequest, onResponse?: (response: pb.IResponse, from: Uint8Array | undefined) => void, signal?: AbortSignal): Promise<pb.IResponse[]> {
    signal?.throwIfAborted()
    // Gives the request up when the signal is aborted, as at a timeout (its nonce forgotten), rejected with the signal's reason.
    let abort = (): void => {}
    const answered = new Promise<pb.IResponse[]>((resolve, reject) => {
      const responses: pb.IResponse[] = []
      let nonce: Uint8Array | undefined
      const started = performance.now()
      const expired = (): void => {
        clearTimeout(timer)
        reject(new RequestTimeoutError(`no answer from ${formatName(destination)} within ${Math.round(performance.now() - started)} ms`))
      }
      const giveUp = (): void => {
        if (nonce !== undefined) this.#forwarder.cancel(nonce)
        expired()
      }
      // The timeout runs from the request, then from each response (a long read that makes progress goes on), and
      // is never shortened: a heads-up may overtake the responses queued before the answer it announces.
      let deadline = performance.now() + requestTimeoutMs(this.#timeoutMs, { request })
      // At most what a timer holds: the allowance for the request's bytes took a timeoutMs near it past, and every
      // request timed out at once (found by attacking the browser client's limits).
      const waitTillDeadline = (): ReturnType<typeof setTimeout> => setTimeout(giveUp, Math.min(deadline - performance.now(), MAX_TIMER_MS))
      let timer = waitTillDeadline()
      // Every request but a read has one answer: before it, a server sends at most a heads-up (it is at work, or a
      // large answer follows). Anything else not final, or heads-up after heads-up, held the request for good
      // (each pushed the timeout back), and what was not a heads-up was kept in `responses` meanwhile. A read's
      // heads-up announces the response after it: past MAX_HEADS_UPS of them whose bytes no response brought, they
      // push nothing back either (a peer sending one a second held a replica's fetch, and the writer waiting on it,
      // for good; HeadsUpLedger).
      const oneAnswer = answersOnce(request)
      const headsUpCap = headsUpCapBytes(request)
      const headsUps = new HeadsUpLedger()
      nonce = this.#forwarder.request(destination, request, (pdu) => {
        if (pdu.response != null && pdu.response.final !== true) {
          const announced = headsUpBytes(pdu.response, headsUpCap)
          const headsUp = announced !== undefined
          if (oneAnswer && !headsUp) {
            clearTimeout(timer)
            if (nonce !== undefined) this.#forwarder.cancel(nonce)
            reject(new UnexpectedResponseError(`${formatName(pdu.source ?? destination)} answered a request of one answer with a response that is not final`))
            return
          }
          if (!headsUp) headsUps.brought(pdu.response)
          const later = performance.now() + nextResponseTimeoutMs(this.#timeoutMs, pdu.response, headsUpCap)
          if (later > deadline && (!headsUp || headsUps.believe(announced))) {
            deadline = later
            clearTimeout(timer)
            timer = waitTillDeadline()
          }
          if (headsUp) return
        }
        if (pdu.nack != null) {
          clearTimeout(timer)
          const refused = refusal(pdu.nack, pdu.source ?? undefined)
          this.#avoidIfFailing(request.capsule ?? destination, destination, request, refused)
          reject(refused)
          return
        }
        try {
          if (onResponse === undefined) responses.push(pdu.response!)
          else onResponse(pdu.response!, pdu.source ?? undefined)
        } catch (err) {
          clearTimeout(timer)
          if (nonce !== undefined) this.#forwarder.cancel(nonce)
          reject(err)
          return
        }
        if (pdu.response?.final === true) { clearTimeout(timer); resolve(responses) }
      }, DEFAULT_TTL, expired, this.#timeoutMs)
      abort = () => {
        clearTimeout(timer)
        if (nonce !== undefined) this.#forwarder.cancel(nonce)
        reject(signal?.reason)
      }
      signal?.addEventListener('abort', abort)
    })
    try {
      return await answered
    } finally {
      signal?.removeEventListener('abort', abort)
    }
  }

  /**
   * The view of capsule `name`, made from `metadata` the first time; the
   * metadata is checked against the name every time it is not the view's
   * own: checked only the first time, a later info brought another
   * capsule's metadata (a writer key of the server's own, and a head it
   * signed with it), and the client took both as this capsule's.
   */
  #view (metadata: SignedMetadata, name: Uint8Array): CapsuleView {
    const key = formatName(name)
    const known = this.#capsules.get(key) ?? {}
    const view = known.view ?? new CapsuleView(metadata)
    // The view's own, or the same bytes again (a name is the hash of its metadata): no signature to check again, as
    // a reader passing the metadata of an earlier info on each read would have had checked on each.
    const own = view.signedMetadata
    const same = metadata === own || (equalBytes(metadata.ownerSignature, own.ownerSignature) && equalBytes(capsuleName(metadata.metadata), view.name))
    const of = same ? view.name : verifySignedMetadata(metadata)
    if (!equalBytes(of, name)) throw new InvalidSignatureError(`the server sent metadata of ${formatName(of)} for capsule ${key}`)
    known.view = view
    // Moved to the end: the capsules used last are kept.
    this.#capsules.delete(key)
    this.#capsules.set(key, known)
    if (this.#capsules.size > this.#keptCapsules) this.#capsules.delete(this.#capsules.keys().next().value!)
    return view
  }

  /**
   * Asks the server with node name `server` to host a new capsule; with the
   * owner's AdCert for that server, the server advertises it (a move's target,
   * given `catchUpFrom`, fetches the records from that replica instead and
   * advertises the capsule only when it is handed over: docs/moving.md).
   */
  async create (signed: SignedMetadata, server: Uint8Array, adCert?: SignedAdCert, replicas: SignedAdCert[] = [], orders: Partial<ReplicaSetOrders> = {}, catchUpFrom?: Uint8Array): Promise<Uint8Array> {
    const name = verifySignedMetadata(signed)
    const [response] = await this.#call(server, { create: { metadata: signedMetadataToPb(signed), adcert: adCert === undefined ? null : signedAdCertToPb(adCert), replicas: replicas.length === 0 ? null : replicaSetToPb(replicas, orders), catchUpFrom } })
    if (!equalBytes(response?.create?.capsule ?? new Uint8Array(0), name)) throw new UnexpectedResponseError(`the server created ${formatName(response?.create?.capsule ?? new Uint8Array(0))}, not ${formatName(name)}`)
    // Signed by the server asked: a router on the way could answer "created" for it.
    verifyServerReceipt(serverReceiptFromPb(response?.create?.receipt, `creating capsule ${formatName(name)}`), { kind: 'created', capsule: name, server })
    this.#view(signed, name)
    return name
  }

  /** Metadata, head and what a writer needs, all verified. */
  async info (name: Uint8Array, choice: ReplicaChoice = {}): Promise<CapsuleInfo> {
    let server: Uint8Array | undefined
    let response: pb.IResponse | undefined
    await this.#atSomeReplica(name, choice, async (target) => {
      for (let tries = 1; ; tries++) {
        try {
          await this.#call(...this.#to(name, target, { info: {} }), (answer, from) => { response = answer; server = from })
          return
        } catch (err) {
          // Sent to the capsule, not to a replica by name: a router whose chosen replica gave no answer says when it
          // sends the next request to another one (a CONGESTION with retry_after_ms). Any other CONGESTION (a full
          // queue, a spent rate) is not asked again: that would double the load it is about.
          const switched = err instanceof RequestRefusedError && err.reason === 'CONGESTION' && err.retryAfterMs !== undefined
          if (!(target.replica === undefined && tries < INFO_TRIES && switched)) throw err
          await new Promise((resolve) => setTimeout(resolve, err.retryAfterMs))
        }
      }
    })
    const info = response?.info
    if (info == null) throw new UnexpectedResponseError('the server answered an info request with something else')
    const metadata = signedMetadataFromPb(info.metadata)
    const view = this.#view(metadata, name)
    const head = info.head == null ? undefined : signedHeartbeatFromPb(info.head)
    // Met by the view, whoever answered: a head that contradicts one met before (a replica of another history, or a
    // lying one) is a fork, reported as a server's proof is. Remembered only while the first, a later head of the
    // same size stating another tree (or one a read met later contradicted) went by unseen. Not thrown: gathering
    // heads from several replicas must go on to the others.
    let met: ForkProof | undefined
    if (head !== undefined) {
      try {
        view.meetHeartbeat(head)
      } catch (err) {
        if (!(err instanceof ForkDetectedError)) throw err
        met = err.proof as ForkProof
      }
    }
    const size = head?.heartbeat.size ?? 0
    const edge = (info.frontier ?? []).map((h, i) => fixedBytes(h, 32, `frontier[${i}]`))
    // Checked here: MerkleFrontier takes a wrong count for a bug of its caller (a RangeError), not for a wrong answer.
    const nodes = frontierNodeIds(size).length
    if (edge.length !== nodes) throw new InvalidProofError(`the tree edge sent for ${formatName(name)} has ${edge.length} hashes; a tree of ${size} records has ${nodes}`)
    const frontier = new MerkleFrontier(size, edge)
    if (head !== undefined) {
      if (!equalBytes(frontier.root(), head.heartbeat.root)) throw new InvalidProofError(`the tree edge sent for ${formatName(name)} does not match its heartbeat`)
    }
    const writerState: WriterState = head === undefined
      ? emptyWriterState(name)
      : { size, lastHash: head.heartbeat.lastRecordHash, lastTimestampUs: head.heartbeat.timestampUs, frontier }
    const replicas = replicaSetFromPb(info.replicas)
    for (const adCert of replicas) verifyAdCert(adCert, name, metadata, adCert.cert.server, this.#clock())
    const removals = removalsFromPb(info.replicas)
    for (const removal of removals) verifyDeletion(removal, name, metadata)
    this.#joinSet(name, replicas, removals)
    const delegations = currentDelegations(delegationsFromPb(info.replicas), name, metadata, this.#clock())
    const sent = info.forkProof == null || info.forkProof.length === 0 ? undefined : decodeForkProof(info.forkProof)
    if (sent !== undefined && !equalBytes(verifyForkProof(sent).capsule, name)) throw new InvalidProofError(`the server sent a fork proof of another capsule with the info of ${formatName(name)}`)
    const fork = sent ?? met
    return { metadata, head, size, writerState, replicas, removals, delegations, fork, server, joining: info.joining === true, catchUpFailure: info.catchUpFailure == null || info.catchUpFailure === '' ? undefined : peerText(info.catchUpFailure) }
  }

  /**
   * The switch of a capsule move (docs/moving.md), sent to the source server
   * `from`: it brings `to` up to its head, has it take the capsule over and
   * removes itself (`removal`: the owner's removal of `from`). Resolves with
   * the records `to` holds then.
   */
  async handOff (name: Uint8Array, from: Uint8Array, to: Uint8Array, removal: SignedCapsuleDeletion): Promise<number> {
    const [response] = await this.#call(...this.#to(name, { replica: from }, { handOff: { removal: signedDeletionToPb(removal), to } }))
    if (response?.handOff == null) throw new UnexpectedResponseError('the server answered a hand-off with something else')
    return safeUint(response.handOff.size, 'hand-off size')
  }

  readonly #clock: () => number

  /** Microseconds since the epoch, by this client's clock (GdpClientComponents.clock). */
  nowUs (): number { return this.#clock() }

  /** Replica servers of a capsule, as its last info named them (none when it named none, or none was asked). */
  #replicas (name: Uint8Array): Uint8Array[] {
    return this.#capsules.get(formatName(name))?.replicas ?? []
  }

  /**
   * Where a request for a capsule goes: the replica chosen; else the
   * nearest, unless a replica is avoided: then another by name, which
   * handles it as sent to the capsule (an append is passed on to the others).
   */
  #to (name: Uint8Array, choice: ReplicaChoice, request: pb.IRequest, asCapsule = false): [Uint8Array, pb.IRequest] {
    if (choice.replica !== undefined) return [choice.replica, asCapsule ? { ...request, capsule: name, asCapsule: true } : { ...request, capsule: name }]
    const steered = this.#avoiding(name) ? this.#healthyReplica(name).replica : undefined
    return steered === undefined ? [name, request] : [steered, { ...request, capsule: name, asCapsule: true }]
  }

  /**
   * A replica of the capsule that refused to serve it (a read, info, append
   * or subscription) with SERVER_ERROR (its store went backwards, or is
   * damaged past repair), STORE_FULL or REPLICAS_UNREACHABLE (an append it
   * could pass on to too few peers) fails every such request there: it is avoided as
   * one that served a read that did not verify. (A hand-off or deletion
   * that failed says nothing of how the replica serves the capsule.) A
   * replica a request went to by name (`destination`) that the overlay has
   * no route to is avoided too: steered there around another one, every
   * request would find it gone until that one's time was up.
   */
  #avoidIfFailing (name: Uint8Array, destination: Uint8Array, request: pb.IRequest, refused: RequestRefusedError): void {
    const serving = request.read != null || request.info != null || request.append != null || request.subscribe != null || request.kvRead != null
    if (!serving) return
    if (refused.reason === 'NO_ROUTE' && this.#isReplica(name, destination)) {
      this.counters.replicasUnreachable++
      this.#avoid(name, destination)
      return
    }
    if (takenOffThere(name, refused) && this.#isReplica(name, refused.from!)) {
      // No longer a replica: the set the client knows drops it, and the request goes to another one (#afterReplicaError).
      this.counters.replicaErrors++
      this.#dropReplica(name, refused.from!)
      return
    }
    if (!replicaFailed(refused) || refused.from === undefined || !this.#isReplica(name, refused.from)) return
    this.counters.replicaErrors++
    this.#avoid(name, refused.from)
  }

  /**
   * The newest heartbeat of the writer the client verified of a capsule (the
   * one of the most records it met since it last forgot the capsule, by an
   * info or a read), so the capsule holds at least its records. Undefined
   * when none.
   */
  knownHead (name: Uint8Array): SignedHeartbeat | undefined {
    return this.#capsules.get(formatName(name))?.view?.newest
  }

  /**
   * The records capsule `name` holds at least, asked of a replica (`choice`):
   * its head's size, or more where the client verified a heartbeat of the
   * writer showing more. A replica behind another one, or one hiding its
   * latest records, answers info with an older head: a caller counting from
   * it showed older records as the last ones, or took a version the client
   * had read for one past the end.
   */
  async size (name: Uint8Array, choice: ReplicaChoice = {}): Promise<number> {
    const { size } = await this.info(name, choice)
    return Math.max(size, this.knownHead(name)?.heartbeat.size ?? 0)
  }

  /**
   * Drops what the client holds of a capsule: its verified heartbeats and
   * the records read so far. A long read forgets between windows to keep
   * its memory bounded; the next read checks everything afresh.
   */
  forget (name: Uint8Array): void {
    const known = this.#capsules.get(formatName(name))
    if (known !== undefined) known.view = undefined
  }

  /**
   * Deletes a capsule on its owner's signed order (signDeletion): sent to the
   * capsule, the nearest replica deletes it and passes the order on to the
   * others; with `replica`, that one only.
   */
  async delete (name: Uint8Array, deletion: SignedCapsuleDeletion, choice: ReplicaChoice = {}): Promise<void> {
    const metadata = choice.replica !== undefined ? undefined : this.#capsules.get(formatName(name))?.view?.signedMetadata ?? (await this.info(name)).metadata
    const [response] = await this.#call(...this.#to(name, choice, { delete: { deletion: signedDeletionToPb(deletion) } }))
    if (response?.delete == null) throw new UnexpectedResponseError('the server answered a delete request with something else')
    // Signed by a server of the capsule: a router on the way could answer "deleted" for it, and every record stayed.
    verifyServerReceipt(serverReceiptFromPb(response.delete.receipt, `deleting capsule ${formatName(name)}`), { kind: 'deleted', capsule: name, order: encodeSignedDeletion(deletion), server: choice.replica, metadata })
    this.forget(name)
  }

  /**
   * The owner's removal of a replica (`removal` names its server), sent to
   * the capsule and then to each replica left (`replicas` less the one
   * removed) by name, every receipt checked. Sent to the capsule alone, the
   * receipt of whichever replica answered was taken for it: a lying one
   * (the server removed, say) signs it and passes the order on to none, and
   * the replicas left kept that server in their set, passing it appends
   * and counting its acknowledgements. The capsule's answer failing does
   * not end it either: the nearest replica may be the server removed,
   * refusing its removal or letting it time out. Rejects with
   * RemovalIncompleteError naming the replicas left that did not take it
   * (those that did bring it to the others at anti-entropy), or, when none
   * did, with the capsule's own refusal.
   */
  async removeReplica (name: Uint8Array, removal: SignedCapsuleDeletion, replicas: Uint8Array[]): Promise<void> {
    const removed = removal.deletion.server
    if (removed === undefined) throw new InvalidArgumentError(`the order for capsule ${formatName(name)} deletes it whole, it names no replica to take off`)
    const nearest = await this.delete(name, removal).then(() => undefined, (err: unknown) => err)
    const left = replicas.filter((s) => !equalBytes(s, removed))
    const failed: string[] = []
    await Promise.all(left.map(async (replica) => {
      try {
        await this.delete(name, removal, { replica })
      } catch (err) {
        failed.push(`${formatName(replica)} (${(err as Error).message})`)
      }
    }))
    // Taken by none, the order's fate is what the capsule answered (a refusal of the order itself, say, or no answer in time).
    if (nearest !== undefined && failed.length === left.length) throw nearest
    if (failed.length > 0) throw new RemovalIncompleteError(`capsule ${formatName(name)}: the removal of server ${formatName(removed)} did not reach ${failed.join('; ')}; the replicas that took it bring it to those at anti-entropy, or run the same gdp replicas rm again once they answer`)
  }

  /** The capsules `server` holds, in name order, a page per request. */
  async * list (server: Uint8Array): AsyncGenerator<CapsuleSummary> {
    yield * (await this.listing(server)).capsules
  }

  /**
   * What `server` lists: every capsule it holds, in name order, a page per
   * request; or, given a point of an earlier listing, possibly only those
   * changed since (docs/replication.md, "Anti-entropy"). The first page is
   * asked for now, the others as `capsules` is read.
   */
  async listing (server: Uint8Array, changedSince?: ListPoint): Promise<CapsuleListing> {
    const first = await this.#listPage(server, new Uint8Array(0), changedSince)
    const point = first.point == null ? undefined : { log: fixedBytes(first.point.log, LIST_POINT_LOG_BYTES, 'point.log'), seq: safeUint(first.point.seq ?? 0, 'point.seq') }
    const changesOnly = changedSince !== undefined && first.changesOnly === true
    const unlisted = changesOnly ? (first.unlisted ?? []).map((name, i) => fixedBytes(name, 32, `unlisted[${i}]`)) : []
    inNameOrder(unlisted, new Uint8Array(0), 'unlisted')
    if (changesOnly && first.more === true) throw new UnexpectedResponseError('the server answered a listing of changes with more than one page')
    const pages = async function * (this: GdpClient): AsyncGenerator<CapsuleSummary> {
      let after: Uint8Array = new Uint8Array(0)
      for (let list = first; ;) {
        const page = (list.capsules ?? []).map((c, i) => ({ name: fixedBytes(c.name, 32, `capsules[${i}].name`), size: safeUint(c.size ?? 0, `capsules[${i}].size`), setDigest: fixedBytes(c.setDigest, SET_DIGEST_BYTES, `capsules[${i}].set_digest`, true) }))
        // Each page must move forward, so a server cannot list a capsule twice; it can list made-up names for ever, so a
        // caller that must end bounds how much it reads (the replicator does).
        inNameOrder(page.map((c) => c.name), after, 'capsules')
        yield * page
        if (list.more !== true || page.length === 0) return
        after = page.at(-1)!.name
        list = await this.#listPage(server, after)
      }
    }
    return { point, changesOnly, unlisted, capsules: pages.call(this) }
  }

  async #listPage (server: Uint8Array, after: Uint8Array, changedSince?: ListPoint): Promise<pb.IListResponse> {
    const [response] = await this.#call(server, { list: { after, changedSince } })
    if (response?.list == null) throw new UnexpectedResponseError('the server answered a list request with something else')
    return response.list
  }

  /**
   * A key-value read (docs/kv.md section 11), answered by the nearest
   * replica (or the one chosen). The answer is the server's word: RemoteKv
   * checks its proof.
   */
  async kvRead (name: Uint8Array, request: pb.IKvReadRequest, choice: ReplicaChoice = {}): Promise<pb.IKvReadResponse> {
    const [response] = await this.#atSomeReplica(name, choice, async (target) => await this.#call(...this.#to(name, target, { kvRead: request })))
    if (response?.kvRead == null) throw new UnexpectedResponseError('the server answered a key-value read with something else')
    return response.kvRead
  }

  /**
   * A writer for `name` that signs with `signer`, starting at the capsule's
   * current tip (#latestTip). With a `journal`, what the key signed before
   * (in this process or an earlier one) is the floor: replicas showing less
   * are a ReplicasBehindWriterError, nothing signed (a replica that lost
   * records or hides them made a writer fork its capsule); a last batch that
   * never reached them is sent again first. Each batch `append` signs with
   * this writer is kept in the journal before it is sent.
   */
  async writer (name: Uint8Array, signer: Signer, { journal }: { journal?: WriterJournal } = {}): Promise<CapsuleWriter> {
    // Before the tip is read: another process signing here with this key moves it.
    await journal?.hold?.(name)
    const info = await this.info(name)
    const heads = await this.#quorumHeads(name, info, 'writer')
    let tip = newestHead(heads).writerState
    const last = journal?.last(name)
    if (last !== undefined) {
      // The entry checks itself but for its signature, which takes the capsule's writer key: damaged, it was sent again
      // and refused by the replicas as a heartbeat the writer did not sign, naming neither the entry nor the way out.
      try {
        verifyHeartbeat(last.heartbeat, name, info.metadata.metadata)
      } catch (err) {
        throw new InvalidSignatureError(`the writer journal entry of capsule ${formatName(name)} (${journal!.where(name)}) is damaged (${(err as Error).message}): it says what this key signed last in the capsule; restore it, or delete it to let the replicas say again`, { cause: err })
      }
    }
    if (last !== undefined && tip.size < last.heartbeat.heartbeat.size) tip = await this.#sendJournaled(name, tip, last, journal!)
    if (last !== undefined) {
      // The record this key signed last must still be the replicas' record at its place, also when another writer
      // with this key (a gateway, a command with another journal) went on from there: one that signed over records a
      // replica had lost made a second history, and writing on would build on it (found by attacking the gateway).
      const at = last.heartbeat.heartbeat.size - 1
      const held = tip.size === at + 1 ? tip.lastHash : tip.size > at + 1 ? (await this.read(name, { seqno: at }))[0]!.hash : undefined
      if (held !== undefined && !equalBytes(held, last.records.at(-1)!.hash)) {
        throw new ReplicasBehindWriterError(`capsule ${formatName(name)}: record ${at} at its replicas is not the one this key signed there (its journal, ${journal!.where(name)}): the capsule is forked already (signed elsewhere with this key, over records a replica had lost?); nothing was signed`)
      }
      // The tip is the batch signed last, held by fewer of the replicas that answered than a write quorum: the run
      // that signed it may have got QUORUM_NOT_REACHED. It goes again first, and failing, nothing new is signed: a
      // command signed batch after batch over one that a single replica held, and when that replica then lost its
      // disk, the key could write no more (found by killing replicas under a writer).
      if (tip.size === last.heartbeat.heartbeat.size && !await this.#heldByWriteQuorum(name, info, heads, tip.size)) {
        await this.#sendAgainFirst(last, `which this key signed last (its journal, ${journal!.where(name)}) and fewer of the replicas that answered than the write quorum hold`)
      }
    }
    const writer = new CapsuleWriter(name, info.metadata.metadata, signer, tip)
    if (journal !== undefined) this.#journals.set(writer, journal)
    return writer
  }

  /** The journal writer() or newWriter() gave `writer`, if any: an Appender keeps its batches there too. */
  journalOf (writer: CapsuleWriter): WriterJournal | undefined {
    return this.#journals.get(writer)
  }

  /** Takes `server` out of the replica set known of the capsule (it was taken off it). */
  #dropReplica (name: Uint8Array, server: Uint8Array): void {
    const known = this.#capsules.get(formatName(name))
    if (known?.replicas !== undefined) known.replicas = known.replicas.filter((r) => !equalBytes(r, server))
    if (known?.set !== undefined) known.set.adCerts = known.set.adCerts.filter((a) => !equalBytes(a.cert.server, server))
  }

  /**
   * Joins the set a replica answered (each AdCert and removal checked) to
   * the one known, as a replica joins a peer's: a server leaves it by the
   * owner's removal only, and one removed stays out until placed again.
   * Replaced by each answer, the set known was one a lying replica chose:
   * an older one (an info of its own replayed) named fewer replicas, and
   * the read quorum of that smaller set was the liar alone.
   */
  #joinSet (name: Uint8Array, adCerts: SignedAdCert[], removals: SignedCapsuleDeletion[]): void {
    const known = this.#capsules.get(formatName(name))!
    // (An info without a set keeps the one known: the capsule has one replica, or that server lost its set.)
    if (adCerts.length === 0 && removals.length === 0) {
      known.replicas ??= []
      return
    }
    let joinedRemovals = known.set?.removals ?? []
    for (const removal of removals) joinedRemovals = withRemoval(joinedRemovals, removal)
    const members = joinedMembers(known.set?.adCerts ?? [], adCerts, this.#clock(), (a) => removedBy(a, joinedRemovals))
    known.set = { adCerts: members, removals: joinedRemovals }
    known.replicas = members.map((a) => a.cert.server)
  }

  /**
   * A writer for a capsule this process has just created from `signed`
   * (no records anywhere yet, so no tip to ask for: it may not even be routed
   * yet), keeping each batch in `journal` before it is sent, as writer() does.
   */
  async newWriter (signed: SignedMetadata, signer: Signer, { journal }: { journal?: WriterJournal } = {}): Promise<CapsuleWriter> {
    const name = capsuleName(signed.metadata)
    await journal?.hold?.(name)
    if (journal?.last(name) !== undefined) throw new InvalidArgumentError(`capsule ${formatName(name)} is not new: this key's journal holds a batch signed in it (${journal.where(name)}); write it with writer()`)
    const writer = new CapsuleWriter(name, signed.metadata, signer, emptyWriterState(name))
    if (journal !== undefined) this.#journals.set(writer, journal)
    return writer
  }

  /**
   * The tip after the journal's last batch, which the replicas' `tip` lacks:
   * sent again when they lack just that batch (the run that signed it
   * stopped before an answer, or got none), else ReplicasBehindWriterError.
   */
  async #sendJournaled (name: Uint8Array, tip: WriterState, last: JournaledBatch, journal: WriterJournal): Promise<WriterState> {
    const first = last.records[0]!.header.seqno
    const signed = last.heartbeat.heartbeat.size
    if (tip.size === first && equalBytes(tip.lastHash, last.records[0]!.header.prevHash)) {
      await this.#sendAgainFirst(last, `which this key signed last (its journal, ${journal.where(name)}) and the replicas that answered lack`)
      const after = await this.#latestTip(name, await this.info(name))
      if (after.size >= signed) return after
      tip = after
    }
    throw new ReplicasBehindWriterError(`capsule ${formatName(name)}: its replicas that answered hold ${tip.size} records, and this key signed ${signed} (its journal, ${journal.where(name)}): a replica lost records or hides them, and signing from record ${tip.size} on would fork the capsule; nothing was signed. ` +
      'Ask again once the replicas that hold them answer; only if those records are lost everywhere for good, delete the journal file to write on from there (readers that kept them will see two histories)')
  }

  /**
   * The capsule's info from the replica with the longest verified head
   * among a read quorum: a replica that was down may have missed appends a
   * quorum acknowledged, and the nearest one (what `info` asks) may be that
   * one. With a write quorum w of n replicas, n - w + 1 must answer (the
   * nearest first), since any such group holds one
   * replica of every acknowledged append; else QuorumNotReachedError. It
   * goes on as soon as that many answered, so a replica that is down costs
   * a timeout only when it is needed. An always-write capsule takes what
   * answers (its appends never waited for others either). The answer's
   * `server` is where the head came from: reads addressed there see at
   * least that head. A writer starts from this tip (a writer building on a
   * shorter one would sign a second batch for a position taken, a fork its
   * other replicas refuse for good); a reader asks for it to see every
   * acknowledged append (`--latest` on the command line).
   */
  async latestInfo (name: Uint8Array): Promise<CapsuleInfo> {
    return await this.#latest(name, await this.info(name), 'reader')
  }

  /** latestInfo from `first`, the info of one replica; a writer's errors say that nothing was signed. */
  async #latest (name: Uint8Array, first: CapsuleInfo, role: 'reader' | 'writer'): Promise<CapsuleInfo> {
    return newestHead(await this.#quorumHeads(name, first, role))
  }

  /** The heads of a read quorum of the capsule's replicas (latestInfo), `first` among them. */
  async #quorumHeads (name: Uint8Array, first: CapsuleInfo, role: 'reader' | 'writer'): Promise<CapsuleInfo[]> {
    const goal = role === 'writer' ? 'it builds on the latest acknowledged append' : 'it has the latest acknowledged append'
    // The set known, joined from every info (#joinSet): a replica that answered an older, smaller one would be asked alone.
    const replicas = this.#replicas(name)
    const policy = replicasOf(first.metadata.metadata)
    if (policy > 1 && replicas.length < policy) throw new ReadQuorumNotReachedError(`capsule ${formatName(name)}: its metadata asks for ${policy} replicas, and the replica that answered lists ${replicas.length}: a ${role} cannot tell ${goal}${role === 'writer' ? '; nothing was signed' : ''}`)
    if (replicas.length <= 1) return [first]
    const others = replicas.filter((r) => first.server === undefined || !equalBytes(r, first.server))
    const alwaysWrite = first.metadata.metadata.replication.alwaysWrite === true
    const needed = alwaysWrite ? 1 : replicas.length - writeQuorumOf(first.metadata.metadata) + 1
    if (!alwaysWrite && needed <= 1) return [first]
    const heads = [first]
    // Done once enough heads came (an always-write capsule waits for every answer it can get).
    const failures = await this.#askHeads(name, others, heads, () => !alwaysWrite && distinctServers(heads) >= needed)
    const answered = distinctServers(heads)
    // A replica that answers with the owner's signed order taking it off the capsule's replicas is no longer one: the
    // set the answering replica gave had not learnt it yet (a removal passes from the server taken off to the others
    // after its copy went, and that server first brought them up to its head). Counted, a writer right after a
    // `replicas rm` failed for the quorum of a set of which one was gone.
    const removed = failures.filter((err) => provenTakenOff(name, err, first.metadata))
    if (answered < needed && removed.length > 0 && !alwaysWrite) {
      for (const err of removed) this.#dropReplica(name, (err as RequestRefusedError).from!)
      const left = replicas.length - removed.length
      if (answered >= left - writeQuorumOf(first.metadata.metadata) + 1) return heads
    }
    if (answered < needed) {
      const why = failures[0]?.message ?? ''
      const fork = role === 'writer' ? ' (a replica that missed some would make it fork the capsule)' : ''
      throw new ReadQuorumNotReachedError(`capsule ${formatName(name)}: ${answered} of its ${replicas.length} replicas answered, and a ${role} needs ${needed} to know ${goal}${fork}${why === '' ? '' : `: ${why}`}${role === 'writer' ? '; nothing was signed' : ''}`)
    }
    return heads
  }

  /**
   * Asks each of `replicas` for its head at once, adding the answers to
   * `heads`, until `enough()` holds or every one answered; the failures.
   */
  async #askHeads (name: Uint8Array, replicas: Uint8Array[], heads: CapsuleInfo[], enough: () => boolean): Promise<Error[]> {
    const failures: Error[] = []
    await new Promise<void>((resolve) => {
      let pending = replicas.length
      const settle = (): void => { if (pending === 0 || enough()) resolve() }
      settle()
      for (const replica of replicas) {
        this.info(name, { replica }).then((head) => { heads.push(head) }, (err: Error) => { failures.push(err) }).finally(() => { pending--; settle() })
      }
    })
    return failures
  }

  /**
   * Whether a write quorum of the capsule's replicas holds its first `size`
   * records, by `heads` and, where they are fewer than a write quorum (the
   * read quorum is n - k + 1 replicas: the first alone when every replica
   * must hold an append), by the heads of the others, until enough show it.
   * With `heads` alone it could never be shown there: each writer sent the
   * journal's last batch again, and failed whenever any replica was away.
   */
  async #heldByWriteQuorum (name: Uint8Array, info: CapsuleInfo, heads: CapsuleInfo[], size: number): Promise<boolean> {
    if (heldByWriteQuorum(info, heads, size)) return true
    if (distinctServers(heads) >= writeQuorumOf(info.metadata.metadata)) return false
    const asked = heads.flatMap((h) => h.server === undefined ? [] : [h.server])
    const others = this.#replicas(name).filter((r) => !asked.some((s) => equalBytes(s, r)))
    const all = [...heads]
    await this.#askHeads(name, others, all, () => heldByWriteQuorum(info, all, size))
    return heldByWriteQuorum(info, all, size)
  }

  /** The writer's state at the latest tip a read quorum of its replicas holds (latestInfo); nothing is signed without it. */
  async #latestTip (name: Uint8Array, info: CapsuleInfo): Promise<WriterState> {
    return (await this.#latest(name, info, 'writer')).writerState
  }

  /**
   * Appends the next batch of `writer`; resolves with the server's verified
   * acknowledgement. Refused, the writer is set back, so the next append
   * takes the batch's place. After a timeout or QUORUM_NOT_REACHED the batch
   * may be stored on some replicas: the writer keeps it (signing another in
   * its place would be a fork), and the next append sends it again first
   * (the same signed batch: a replica that holds it acknowledges it again),
   * and fails as it would if that fails, before signing anything new. (Only
   * covering it by the hash chain left replicas that never got it refusing
   * every later batch with CONFLICT.) An Appender resends it by itself.
   */
  async append (writer: CapsuleWriter, payloads: Uint8Array[], nowUs: number): Promise<QuorumAck> {
    requireOnePdu(payloads)
    await this.#settle(writer)
    const before = writer.state
    const batch = writer.append(payloads, nowUs)
    try {
      // Kept before it goes: once sent, it may be stored, and the next run must not sign another in its place.
      this.#journals.get(writer)?.signed(batch)
    } catch (err) {
      writer.reset(before)
      throw err
    }
    try {
      const ack = await this.appendBatch(batch)
      this.#journals.get(writer)?.acknowledged(batch)
      return ack
    } catch (err) {
      if (!mayBeStored(err)) {
        writer.reset(before)
        this.#journals.get(writer)?.refused(batch, err as Error)
      } else {
        this.#unsettled.set(writer, [...this.#unsettled.get(writer) ?? [], batch])
      }
      throw err
    }
  }

  /**
   * Sends again, in order, the batches of `writer` whose append failed
   * without saying whether they were stored. Those a writer set back past
   * (CapsuleWriter.reset to an earlier tip) are no longer its chain: dropped.
   */
  async #settle (writer: CapsuleWriter): Promise<void> {
    const batches = this.#unsettled.get(writer)
    if (batches === undefined) return
    while (batches.length > 0) {
      const batch = batches[0]!
      if (writer.state.size < batch.heartbeat.heartbeat.size) break
      await this.#sendAgainFirst(batch, 'whose append got no answer before')
      this.#journals.get(writer)?.acknowledged(batch)
      batches.shift()
    }
    this.#unsettled.delete(writer)
  }

  /**
   * Sends `batch` again, signed before and of unknown fate, ahead of anything
   * new. Failing, its error names those records (`which` says why they went
   * again) and that nothing new was signed, and resentBeforeSigning finds
   * them: the bare error was taken for the failure of the write that was to
   * follow, which `gdp capsule append` then said may still take effect.
   */
  async #sendAgainFirst (batch: Pick<AppendBatch, 'capsule' | 'records' | 'heartbeat'>, which: string): Promise<QuorumAck> {
    try {
      return await this.appendBatch(batch)
    } catch (err) {
      if (!(err instanceof Error)) throw err
      const resent = { from: batch.records[0]!.header.seqno, to: batch.heartbeat.heartbeat.size }
      err.message = `records ${resent.from}..${resent.to - 1}, ${which}, were sent again first and failed, so nothing new was signed: ${err.message}`
      resentRecords.set(err, resent)
      throw err
    }
  }

  /**
   * Sends a batch a writer built (CapsuleWriter.append) and verifies the
   * server's acknowledgement of it. A replica that refuses it with
   * SERVER_ERROR or STORE_FULL (its store failed, is full, or lacks records
   * it could not fetch) or REPLICAS_UNREACHABLE (it reaches too few of its
   * peers for the quorum, and stored nothing) is avoided and the same batch goes to another
   * replica by name, as a read does: a replica that holds it already
   * acknowledges it again, so sending it twice stores it once.
   *
   * A capsule of several replicas takes appends at one of them, the first of
   * its set (in the owner's order) not being avoided, for every session of
   * its writer: sessions of one writer key on two replicas' own nodes (two
   * gateways) each had their batch stored by their own replica first, and
   * forked the capsule for good; at one replica, the second batch for a
   * position is refused with CONFLICT and its session reads the tip again.
   * That replica answering short of the quorum (QUORUM_NOT_REACHED, or
   * fewer acknowledgements) has the same batch go to the next replica, and
   * the next batch to it again. Its CONFLICT stands: an honest one behind
   * the batch, or taking another session's batch for the place, says it, and
   * the batch stored elsewhere meanwhile would be a second record there.
   */
  async appendBatch (batch: Pick<AppendBatch, 'capsule' | 'records' | 'heartbeat'>, choice: ReplicaChoice = {}): Promise<QuorumAck> {
    const request = { append: { records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) } }
    let response: pb.IResponse | undefined
    // The replica set, to go to another replica when one fails: asked again for a capsule the client let go of.
    if (choice.replica === undefined && this.#capsules.get(formatName(batch.capsule))?.replicas === undefined) await this.info(batch.capsule)
    // The failure of an earlier try after which the batch may be stored there: a later refusal that stored nothing does not unsay it.
    let uncertain: Error | undefined
    // Replicas that took the batch as the capsule's and fell short of the quorum: the batch goes to the next, and the
    // next batch to them again (an honest one falls short too).
    const passedOver: Uint8Array[] = []
    for (let tries = 1; ; tries++) {
      // Once a replica failed, the next healthy one takes the batch, as a request to the capsule (passed on for the quorum there).
      // (A batch for one replica by name, as a replica passing on sends it, stays there.)
      const [destination, steered] = choice.replica === undefined ? this.#to(batch.capsule, this.#sequencer(batch.capsule, passedOver), request, true) : this.#to(batch.capsule, choice, request)
      const passOver = (): boolean => {
        if (tries >= MAX_APPEND_TRIES || steered.asCapsule !== true || !this.#isReplica(batch.capsule, destination)) return false
        passedOver.push(destination)
        return this.#healthyReplica(batch.capsule, passedOver).replica !== undefined
      }
      try {
        [response] = await this.#call(destination, steered)
      } catch (err) {
        const fate = steered.asCapsule === true ? answeredElsewhere(err, destination) : err
        if (mayBeStored(fate)) uncertain ??= fate as Error
        if (choice.replica === undefined && tries < MAX_APPEND_TRIES && this.#lostOnTheWay(batch.capsule, destination, err)) continue
        // A lying replica first in the set refused every batch so, stopping every write of its capsule. The same signed
        // batch at another replica is stored once, and held where the first took it.
        if (fate instanceof RequestRefusedError && fate.reason === 'QUORUM_NOT_REACHED' && passOver()) continue
        // After a shortfall, the first replica's word says most: the next ones' failures (its peers, cut off with it) echo it.
        if (choice.replica !== undefined || tries >= MAX_APPEND_TRIES || this.#afterReplicaError(batch.capsule, err, steered.asCapsule === true) === undefined) throw mayBeStored(fate) && passedOver.length === 0 ? fate : uncertain ?? fate
        continue
      }
      try {
        return await this.#checkedAck(batch, response, choice)
      } catch (err) {
        // Fewer acknowledgements than the quorum: the same batch goes to the next replica. Not avoided for it: an honest
        // one falls short too when this client's view of the set is stale (a set change), and steered to another, this
        // session would append where the writer's others do not, and two sessions' records for one place both be stored.
        if (err instanceof QuorumNotReachedError && passOver()) {
          uncertain ??= err
          continue
        }
        // An acknowledgement that does not verify: the replica lies, and is avoided. Sent there again, one lying
        // replica first in the set stopped every write of its capsule.
        if (steered.asCapsule !== true || !unverified(err) || tries >= MAX_APPEND_TRIES || !this.#isReplica(batch.capsule, destination) || this.#avoidFaulty(batch.capsule, destination) === undefined) throw uncertain ?? err
      }
    }
  }

  /** The acknowledgements of an answer to `batch`, each checked, and counted against the write quorum when it went to the capsule. */
  async #checkedAck (batch: Pick<AppendBatch, 'capsule' | 'records' | 'heartbeat'>, response: pb.IResponse | undefined, choice: ReplicaChoice): Promise<QuorumAck> {
    const ack = appendAckFromPb(response?.append)
    verifyAppendAck(ack, batch.heartbeat)
    if (choice.replica !== undefined && !equalBytes(ack.server, choice.replica)) throw new InvalidSignatureError(`replica ${formatName(choice.replica)} answered with the acknowledgement of server ${formatName(ack.server)}`)
    const replicaAcks = (response?.replicaAcks ?? []).map(appendAckFromPb)
    for (const a of replicaAcks) verifyAppendAck(a, batch.heartbeat)
    if (choice.replica === undefined) await this.#checkQuorum(batch.capsule, [ack, ...replicaAcks])
    return { ...ack, replicaAcks }
  }

  /**
   * Sends consecutive batches a writer signed to one replica in one request
   * (a replica passing them on to a peer): each is verified and acknowledged
   * there on its own, and each acknowledgement is checked here.
   */
  async appendBatches (batches: Array<Pick<AppendBatch, 'capsule' | 'records' | 'heartbeat'>>, choice: Required<ReplicaChoice>): Promise<AppendAck[]> {
    const last = batches.at(-1)
    if (last === undefined) return []
    const append = {
      records: batches.flatMap((b) => b.records.map(recordToPb)),
      heartbeat: signedHeartbeatToPb(last.heartbeat),
      batchHeartbeats: batches.slice(0, -1).map((b) => signedHeartbeatToPb(b.heartbeat))
    }
    const [response] = await this.#call(...this.#to(last.capsule, choice, { append }))
    const acks = [...(response?.batchAcks ?? []), response?.append].map(appendAckFromPb)
    if (acks.length !== batches.length) throw new UnexpectedResponseError(`the server answered ${batches.length} batches with ${acks.length} acknowledgements`)
    acks.forEach((ack, i) => {
      verifyAppendAck(ack, batches[i]!.heartbeat)
      // Another server's acknowledgement, however well signed, says nothing of this one: counted as its own, it
      // stood in for a peer that held nothing, and the quorum the writer then counted fell short.
      if (!equalBytes(ack.server, choice.replica)) throw new InvalidSignatureError(`replica ${formatName(choice.replica)} answered with the acknowledgement of server ${formatName(ack.server)}`)
    })
    return acks
  }

  /**
   * An append to a capsule of several replicas is acknowledged only when at
   * least its write quorum of distinct replicas signed for the batch.
   */
  async #checkQuorum (name: Uint8Array, acks: AppendAck[]): Promise<void> {
    const key = formatName(name)
    const metadata = this.#capsules.get(key)?.view?.signedMetadata.metadata ?? (await this.info(name)).metadata.metadata
    const quorum = writeQuorumOf(metadata)
    if (quorum <= 1) return
    if (this.#capsules.get(key)?.replicas === undefined) await this.info(name)
    const replicas = this.#replicas(name)
    let signers = new Set(acks.filter((a) => replicas.some((r) => equalBytes(r, a.server))).map((a) => formatName(a.server)))
    // Signed by a server this client did not know as a replica: the set changed (a replica added, or a move); ask again.
    if (signers.size < quorum && acks.some((a) => !replicas.some((r) => equalBytes(r, a.server)))) {
      await this.info(name)
      const fresh = this.#replicas(name)
      signers = new Set(acks.filter((a) => fresh.some((r) => equalBytes(r, a.server))).map((a) => formatName(a.server)))
    }
    if (signers.size < quorum) throw new QuorumNotReachedError(`capsule ${key} needs ${quorum} replicas to acknowledge an append; ${signers.size} of its replicas did`)
  }

  /**
   * Reads records; each is checked by its inclusion proof against a
   * writer-signed heartbeat. A read cut part way because a link on the way
   * back was backed up (CONGESTION) goes on from the first record it did not
   * get, after a pause; up to READ_RETRIES tries in a row that bring nothing,
   * the pause doubling each time. With `maxBytes`, a range's answer ends with
   * the record that reaches that many payload bytes (ReadWindow).
   */
  async read (name: Uint8Array, selector: ReadSelector, metadata?: SignedMetadata, { maxBytes }: { maxBytes?: number } = {}): Promise<CapsuleRecord[]> {
    if (maxBytes !== undefined && !('range' in selector)) throw new InvalidArgumentError('maxBytes bounds a read of a range of records only')
    return (await this.#read(name, selector, metadata, {}, { maxBytes })).records
  }

  /**
   * Reads records as read() does, and keeps with each the inclusion proof
   * and heartbeat it was checked by, for a caller that passes the evidence
   * on (the HTTP gateway).
   */
  async readProven (name: Uint8Array, selector: ReadSelector, metadata?: SignedMetadata): Promise<ProvenRecord[]> {
    return (await this.#read(name, selector, metadata, {}, { keepProofs: true })).proven ?? []
  }

  /**
   * Reads records from..to-1 as the writer's batches: with them comes the
   * writer's heartbeat that ended each batch among them, by size. Records are
   * proven as read() proves them; each heartbeat's signature is verified and
   * the record it names as its last is the one read at that position. (Its
   * root is checked by whoever stores or exports the batch: verifyAppendBatch.)
   * With `proven` false the records come without inclusion proofs: only for
   * a caller that verifies every batch against a tip it holds, as a replica
   * catching up does (verifyAppendBatch checks the chain, the hashes and the
   * tree against the writer's signed root); the proofs were two thirds of
   * its catch-up's cost. With `window.maxBytes` the answer may end before
   * `to`, after the record that reached that many payload bytes; a server
   * that sends more, or stops short of both, is refused.
   */
  async readBatches (name: Uint8Array, window: ReadWindow, metadata?: SignedMetadata, choice: ReplicaChoice = {}, proven = true, signal?: AbortSignal): Promise<ReadBatches> {
    const { maxBytes, ...range } = window
    return await this.#read(name, { range }, metadata, choice, { batchHeartbeats: true, check: proven ? 'proofs' : 'payloads', maxBytes, signal })
  }

  /**
   * Records from..to-1 with nothing checked: no proof is asked for, and no
   * payload is hashed against its header. Only for a caller that checks
   * each payload against a hash it holds from proven data, as content
   * addressed blobs are (a file's chunks and pages, docs/files.md section
   * 5.4): proving the records as well hashed every byte twice.
   * With `maxPayloadLength` (a caller that knows how large each is, as a
   * file's refs say), a record of a larger payload is refused as it comes
   * (InvalidProofError): nothing else bounds what an unchecked record
   * holds, and a server sent 64 MiB records for a run of chunks of a few
   * KiB, which the reader held until the whole run had come.
   */
  async readUnchecked (name: Uint8Array, range: SeqRange, metadata?: SignedMetadata, { maxPayloadLength }: { maxPayloadLength?: number } = {}): Promise<CapsuleRecord[]> {
    return (await this.#read(name, { range }, metadata, {}, { check: 'none', maxPayloadLength })).records
  }

  /**
   * Reads from the replica chosen or, by default, the nearest one. A
   * response that does not verify comes from a faulty replica (a damaged
   * disk, a bug, malice): it is counted and avoided for avoidFaultyReplicaMs,
   * and the read starts again from another replica of the capsule, by name.
   */
  async #read (name: Uint8Array, selector: ReadSelector, metadata: SignedMetadata | undefined, choice: ReplicaChoice, how: ReadHow = {}): Promise<ReadBatches> {
    checkSelector(selector)
    if (how.maxBytes !== undefined && (!Number.isSafeInteger(how.maxBytes) || how.maxBytes < 1 || how.maxBytes > MAX_READ_BYTES)) throw new InvalidArgumentError(`a read's maxBytes must be a whole number from 1 to ${MAX_READ_BYTES}, not ${how.maxBytes}`)
    const known = this.#capsules.get(formatName(name))
    let signed = metadata ?? known?.view?.signedMetadata
    // A capsule of several replicas needs its set to read from another one when one fails: asked for, if not known.
    if (signed === undefined || (choice.replica === undefined && known?.replicas === undefined && replicasOf(signed.metadata) > 1)) {
      const info = await this.info(name)
      signed ??= info.metadata
    }
    if (choice.replica !== undefined) return await this.#readFrom(name, selector, signed, choice, how)
    let target = this.#avoiding(name) ? this.#healthyReplica(name) : {}
    for (let tries = 1; ; tries++) {
      const answered: ReplicaChoice = {}
      try {
        return await this.#readFrom(name, selector, signed, target, how, answered)
      } catch (err) {
        const denied = this.#deniesProven(name, selector, err)
        const next = this.#afterReplicaError(name, err, target.replica !== undefined) ?? this.#afterFaultyAnswer(name, err, target.replica ?? answered.replica) ??
          (denied ? this.#afterDenial(name, (err as RequestRefusedError).from) : undefined)
        // The first try and one for each known replica, at most. Each avoids the replica that failed, but that is the
        // one the answer names (its source, which nothing proves): one refusing every read in another's name had that
        // one avoided, and was asked again by name, for ever (found by attacking the client as a server).
        if (next === undefined || tries > this.#replicas(name).length) {
          if (denied) (err as Error).message += `, but a heartbeat of the writer this client verified shows ${this.knownHead(name)!.heartbeat.size} records: the server lags behind, lost its copy, or lies`
          throw err
        }
        target = next
      }
    }
  }

  /**
   * A request that only reads (info, a key-value read), sent by `ask` to
   * `choice` or, with none chosen, to the nearest replica. One of several
   * known replicas that refuses it with SERVER_ERROR or STORE_FULL (damage
   * there, a repair under way; avoided since, #call), or one asked by name
   * that has no route, is left for another by name within the same call, as
   * #read does: a single damaged replica failed the caller once and only the
   * next call went elsewhere. At most as many tries as the capsule has known
   * replicas, so at most once each. Never for a write: an append is resent
   * only by the Appender, which reads the tip first.
   */
  async #atSomeReplica<T> (name: Uint8Array, choice: ReplicaChoice, ask: (target: ReplicaChoice) => Promise<T>): Promise<T> {
    if (choice.replica !== undefined) return await ask(choice)
    let target: ReplicaChoice = {}
    for (let tries = 1; ; tries++) {
      try {
        return await ask(target)
      } catch (err) {
        const elsewhere = this.#afterReplicaError(name, err, target.replica !== undefined)
        if (elsewhere === undefined || tries >= this.#replicas(name).length) throw err
        target = elsewhere
      }
    }
  }

  /**
   * After a SERVER_ERROR or STORE_FULL from a replica of the capsule
   * (avoided since, #call): another replica by name, or undefined for none.
   * After NO_ROUTE for a request `steered` to a replica by name (avoided
   * too): another one, or the capsule's nearest replica when none is left.
   */
  #afterReplicaError (name: Uint8Array, err: unknown, steered: boolean): ReplicaChoice | undefined {
    if (!(err instanceof RequestRefusedError)) return undefined
    const failed = (replicaFailed(err) && err.from !== undefined && this.#isReplica(name, err.from)) || takenOffThere(name, err)
    if (!failed && !(steered && err.reason === 'NO_ROUTE')) return undefined
    const next = this.#healthyReplica(name)
    return next.replica !== undefined ? next : failed ? undefined : {}
  }

  /**
   * After an answer from replica `faulty` that did not verify: the replica
   * counted and avoided, the capsule's view forgotten (it may hold what the
   * replica sent before the fault showed), and another replica by name to
   * ask. Undefined when `err` stands: no verification failure, no replica
   * of the capsule to blame, or no other replica left.
   */
  #afterFaultyAnswer (name: Uint8Array, err: unknown, faulty: Uint8Array | undefined): ReplicaChoice | undefined {
    if (!unverified(err) || faulty === undefined || !this.#isReplica(name, faulty)) return undefined
    return this.#avoidFaulty(name, faulty)
  }

  /**
   * Whether `err` refuses as not found (with no owner's order taking the
   * server off) a read of records a heartbeat of the writer the client
   * verified shows: the capsule and the records are there. Reported as "not
   * found", the user took them for missing (a read by time or by hash is
   * not held to it: the record at a time may be none, and no heartbeat
   * shows which hashes the log holds).
   */
  #deniesProven (name: Uint8Array, selector: ReadSelector, err: unknown): boolean {
    if (!(err instanceof RequestRefusedError) || err.reason !== 'NOT_FOUND' || err.deletion !== undefined || 'atUs' in selector || 'hash' in selector) return false
    const first = 'range' in selector ? selector.range.from : 'seqno' in selector ? selector.seqno : 0
    return first < (this.knownHead(name)?.heartbeat.size ?? 0)
  }

  /**
   * After a replica (`denier`) refused as not found records the client knows
   * exist (#deniesProven): it lags behind, lost its copy, or lies. Counted
   * and avoided as a failing replica is, and another one named to ask
   * (undefined: none left, or the refusal came from no known replica).
   */
  #afterDenial (name: Uint8Array, denier: Uint8Array | undefined): ReplicaChoice | undefined {
    if (denier === undefined || !this.#isReplica(name, denier)) return undefined
    this.counters.replicaErrors++
    this.#avoid(name, denier)
    const next = this.#healthyReplica(name)
    return next.replica === undefined ? undefined : next
  }

  /** Counts and avoids replica `faulty`, forgets the capsule's view, and names another replica to ask (undefined: none left). */
  #avoidFaulty (name: Uint8Array, faulty: Uint8Array): ReplicaChoice | undefined {
    this.counters.faultyResponses++
    this.#avoid(name, faulty)
    this.forget(name)
    const next = this.#healthyReplica(name)
    return next.replica === undefined ? undefined : next
  }

  /**
   * Whether a request sent to the capsule (not to a replica by name) of
   * several replicas met NO_ROUTE: a router on the way lost its link to the
   * replica it had chosen, dropped the routes through it and said so. Sent
   * again, the same request goes to another replica; the writer's command
   * failed though the others could take it.
   */
  #lostOnTheWay (name: Uint8Array, destination: Uint8Array, err: unknown): boolean {
    return err instanceof RequestRefusedError && err.reason === 'NO_ROUTE' && equalBytes(destination, name) && this.#replicas(name).length > 1
  }

  /** Whether `server` is among the replicas the capsule's last info named. */
  #isReplica (name: Uint8Array, server: Uint8Array): boolean {
    return this.#replicas(name).some((r) => equalBytes(r, server))
  }

  /** (Only a replica of the capsule, so one the client knows.) */
  #avoid (name: Uint8Array, replica: Uint8Array): void {
    const known = this.#capsules.get(formatName(name))
    if (known === undefined) return
    known.avoided ??= new Map()
    known.avoided.set(formatName(replica), performance.now() + this.#avoidMs)
  }

  /** Whether some replica of the capsule is being avoided (forgetting those whose time is up). */
  #avoiding (name: Uint8Array): boolean {
    const known = this.#capsules.get(formatName(name))
    const avoided = known?.avoided
    if (avoided === undefined) return false
    for (const [replica, until] of avoided) if (until <= performance.now()) avoided.delete(replica)
    if (avoided.size === 0) known!.avoided = undefined
    return avoided.size > 0
  }

  /** Where every session of the capsule's writer sends its appends: the first healthy replica of several; else the capsule by name. */
  #sequencer (name: Uint8Array, passedOver: Uint8Array[] = []): ReplicaChoice {
    return this.#replicas(name).length > 1 ? this.#healthyReplica(name, passedOver) : {}
  }

  /** The first replica of the capsule not being avoided (nor in `passedOver`), by name; none left: {}. */
  #healthyReplica (name: Uint8Array, passedOver: Uint8Array[] = []): ReplicaChoice {
    const avoided = this.#capsules.get(formatName(name))?.avoided
    const replica = this.#replicas(name).find((r) => avoided?.has(formatName(r)) !== true && !passedOver.some((p) => equalBytes(p, r)))
    return replica === undefined ? {} : { replica }
  }

  /** One read from one replica (the nearest when none is chosen); `answered` learns which replica sent responses. */
  async #readFrom (name: Uint8Array, selector: ReadSelector, signed: SignedMetadata, choice: ReplicaChoice, how: ReadHow, answered: ReplicaChoice = {}): Promise<ReadBatches> {
    const { batchHeartbeats = false, check = 'proofs', keepProofs = false, maxBytes, maxPayloadLength, signal } = how
    const proven = check === 'proofs'
    const view = this.#view(signed, name)
    const got: ReadBatches = keepProofs ? { records: [], heartbeats: [], proven: [] } : { records: [], heartbeats: [] }
    // The sizes of the verified heartbeats the answers came with: what the server says the log holds.
    const sizes: number[] = []
    let rest: ReadSelector | undefined = selector
    const asked = 'range' in selector ? selector.range.to - selector.range.from : 'last' in selector ? selector.last : 1
    let stalled = 0
    // Payload bytes of the records got so far, against maxBytes.
    let bytes = 0
    while (rest !== undefined) {
      const had = got.records.length
      try {
        // One range proof per response where the caller keeps no proof of its own per record.
        const read = { ...rest, proofs: proven, rangeProof: proven && !keepProofs, batchHeartbeats, maxBytes: maxBytes === undefined ? null : maxBytes - bytes }
        await this.#call(...this.#to(name, choice, { read }), (response, from) => {
          answered.replica = from
          // Each response pushes the timeout back: one that brings nothing and is not the last, sent again and again,
          // held the read for good (a server's responses before the last each carry records).
          if (response.final !== true && (response.read?.records?.length ?? 0) === 0) throw new UnexpectedResponseError(`${formatName(from ?? name)} answered a read with a response of no records that is not final`)
          const before = got.records.length
          const size = this.#verified(view, response.read, got, check)
          if (size !== undefined) sizes.push(size)
          // Refused as they arrive, not once all are in: a server sending records past the range asked for (an
          // unproven read checks no heartbeat's size against them) had them all held here.
          if (got.records.length > asked) throw new InvalidProofError(`the server answered a read of ${asked} records with more`)
          for (const record of got.records.slice(before)) {
            if (maxPayloadLength !== undefined && record.payload.length > maxPayloadLength) throw new InvalidProofError(`the server answered a read of records of at most ${maxPayloadLength} payload bytes with record ${record.header.seqno} of ${record.payload.length}`)
            if (maxBytes !== undefined && bytes >= maxBytes) throw new InvalidProofError(`the server answered a read of at most ${maxBytes} payload bytes with more records after them`)
            bytes += record.payload.length
          }
        }, signal)
        rest = undefined
      } catch (err) {
        // Cut on the way (CONGESTION), or ended by an unsubscribe of the read a router merged this one into (STOPPED).
        if (!(err instanceof RequestRefusedError && (err.reason === 'CONGESTION' || err.reason === 'STOPPED')) || signal?.aborted === true) throw err
        // Tries in a row that brought nothing are what is bounded: a long read over a slow link makes progress each time.
        stalled = got.records.length > had ? 0 : stalled + 1
        if (stalled > READ_RETRIES) throw err
        rest = maxBytes !== undefined && bytes >= maxBytes ? undefined : remainder(selector, got.records)
        await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS * 2 ** stalled))
      }
    }
    // An answer cut at maxBytes is held to the records up to the one that reached it; one cut short of it, to all.
    const cut = maxBytes !== undefined && bytes >= maxBytes && 'range' in selector
    requireAnswer(cut ? { range: { from: selector.range.from, to: got.records.at(-1)!.header.seqno + 1 } } : selector, got.records, sizes, check === 'none' ? 0 : view.size)
    if ('atUs' in selector && check !== 'none' && got.records[0]!.header.seqno > 0) {
      // Timestamps never decrease along a log (docs/spec.md): the record before it being earlier shows it is the first at or after the time.
      const before = (await this.#readFrom(name, { seqno: got.records[0]!.header.seqno - 1 }, signed, answered.replica === undefined ? choice : { replica: answered.replica }, { check })).records[0]!
      if (before.header.timestampUs >= selector.atUs) throw new InvalidProofError(`the server answered a read of the first record at or after ${formatTime(selector.atUs)} with record ${got.records[0]!.header.seqno}, but record ${before.header.seqno} is at ${formatTime(before.header.timestampUs)}`)
    }
    return got
  }

  /**
   * One record with its inclusion proof to the replica's head heartbeat, all
   * checked: evidence of what that replica holds at `seqno` (a fork proof is
   * built from it when two replicas disagree).
   */
  async proveRecord (name: Uint8Array, seqno: number, metadata: SignedMetadata, choice: ReplicaChoice = {}): Promise<{ record: CapsuleRecord, proof: InclusionProof, heartbeat: SignedHeartbeat }> {
    let response: pb.IResponse | undefined
    await this.#call(...this.#to(name, choice, { read: { seqno, proofs: true } }), (answer, from) => {
      // One record comes in one response: kept until a final one, responses that are not (each pushing the timeout
      // back) held the client for as long as a server sent them, its memory growing with each.
      if (answer.final !== true) throw new UnexpectedResponseError(`${formatName(from ?? name)} answered a read of one record with a response that is not final`)
      response = answer
    })
    const read = response?.read
    if (read?.heartbeat == null || read.records?.length !== 1 || read.proofs?.length !== 1) throw new UnexpectedResponseError(`the server did not answer a read of record ${seqno} with one record, its proof and a heartbeat`)
    const record = recordFromPb(read.records[0])
    checkPayload(record)
    const proof = inclusionProofFromPb(read.proofs[0])
    const heartbeat = signedHeartbeatFromPb(read.heartbeat)
    verifyHeartbeat(heartbeat, name, metadata.metadata)
    if (record.header.seqno !== seqno || proof.index !== seqno || proof.treeSize !== heartbeat.heartbeat.size || !equalBytes(rootFromInclusionProof(seqno, proof.treeSize, record.hash, proof.path), heartbeat.heartbeat.root)) {
      throw new InvalidProofError(`record ${seqno} of ${formatName(name)} does not verify against the heartbeat it came with`)
    }
    return { record, proof, heartbeat }
  }

  /**
   * Checks one read response and adds what it brought to `into`; returns the
   * size its verified heartbeat states (undefined when none came, or with
   * nothing checked).
   */
  #verified (view: CapsuleView, read: pb.IReadResponse | null | undefined, into: ReadBatches, check: ReadCheck = 'proofs'): number | undefined {
    if (read == null) throw new UnexpectedResponseError('the server answered a read with something else')
    const decoded = (read.records ?? []).map(recordFromPb)
    // Payloads (and the proof paths readProven keeps) are views of the frame: one padded far past them is let go of.
    const padded = framePadded(decoded)
    const records = padded ? decoded.map((record) => ({ ...record, payload: Uint8Array.from(record.payload) })) : decoded
    if (check === 'none') {
      into.records.push(...records)
      return undefined
    }
    const proven = check === 'proofs'
    // The record hash covers the header, which names the payload by its hash: the payload must be that one.
    for (const record of records) checkPayload(record)
    if (records.length === 0) {
      // No records: the heartbeat still says how many there are, so an empty answer can be held to it.
      if (read.heartbeat == null) return undefined
      const head = signedHeartbeatFromPb(read.heartbeat)
      verifyHeartbeat(head, view.name, view.signedMetadata.metadata)
      return head.heartbeat.size
    }
    if (read.heartbeat == null) throw new InvalidProofError('records came without a heartbeat to prove them')
    const heartbeat = signedHeartbeatFromPb(read.heartbeat)
    if (proven && read.rangeProof != null) {
      if (into.proven !== undefined) throw new UnexpectedResponseError('a range proof came where an inclusion proof per record was asked for')
      view.addRange(records, rangeProofFromPb(read.rangeProof), heartbeat)
    } else if (proven) {
      const proofs = (read.proofs ?? []).map(inclusionProofFromPb).map((proof) => padded && into.proven !== undefined ? { ...proof, path: proof.path.map((hash) => Uint8Array.from(hash)) } : proof)
      if (proofs.length !== records.length) throw new InvalidProofError(`${records.length} records came with ${proofs.length} proofs`)
      records.forEach((record, i) => { view.addRecord(record, proofs[i]!, heartbeat) })
      if (into.proven !== undefined) records.forEach((record, i) => { into.proven!.push({ record, proof: proofs[i]!, heartbeat }) })
    }
    const first = records[0]!.header.seqno
    let after = first
    for (const pbHeartbeat of read.batchHeartbeats ?? []) {
      const batchHeartbeat = signedHeartbeatFromPb(pbHeartbeat)
      const size = batchHeartbeat.heartbeat.size
      if (size <= after || size > first + records.length) throw new InvalidProofError(`a batch heartbeat at size ${size} is out of order or outside the records ${first}..${first + records.length - 1} it came with`)
      verifyHeartbeat(batchHeartbeat, view.name, view.signedMetadata.metadata)
      if (!equalBytes(batchHeartbeat.heartbeat.lastRecordHash, records[size - 1 - first]!.hash)) throw new InvalidProofError(`the batch heartbeat at size ${size} names another last record than the proven record ${size - 1}`)
      into.heartbeats.push(batchHeartbeat)
      after = size
    }
    into.records.push(...records)
    // Unproven records come with a heartbeat nobody checked here (the caller verifies the batches): its size says nothing.
    return proven ? heartbeat.heartbeat.size : undefined
  }

  /**
   * What subscribe gives, over a subscription shared with the other watchers
   * of the capsule at the same record (SharedSubscriptions): its server sends
   * each record once, whatever the watchers. A watcher whose consumer has
   * subscriptionBufferBytes not taken leaves the shared subscription, which
   * goes on for the others, and joins one again from the next record once
   * its consumer took what it kept.
   */
  async * watch (name: Uint8Array, fromSeqno: number, signal?: AbortSignal): AsyncGenerator<CapsuleRecord> {
    yield * this.#shared.subscribe(name, fromSeqno, signal)
  }

  /**
   * Streams records from `fromSeqno` on, verified, as they are appended;
   * resumable from the next sequence number after a break. A subscription
   * cut because a link on the way back was backed up (CONGESTION) goes on
   * from the next record after a pause, as a cut read does: up to
   * READ_RETRIES tries in a row that bring nothing, the pause doubling.
   */
  async * subscribe (name: Uint8Array, fromSeqno: number, signal?: AbortSignal): AsyncGenerator<CapsuleRecord> {
    const info = await this.info(name)
    let wake: (() => void) | undefined
    const stop = (): void => { wake?.() }
    const aborted = (): boolean => signal?.aborted === true
    signal?.addEventListener('abort', stop)
    if (!Number.isSafeInteger(fromSeqno) || fromSeqno < 0) throw new InvalidArgumentError(`a subscription starts at a whole record number in [0, 2^53), not ${String(fromSeqno)}`)
    let next = fromSeqno
    // The hash of the last record given: what comes after a resumption must chain to it (below).
    let lastGiven: Uint8Array | undefined
    let movesWithoutRecord = 0
    let congestedWithoutRecord = 0
    // Replicas gone on to by name, with no record between, after one refused or served records that did not verify: at
    // most one for each known replica, as a read (#read): one refusing in another's name had that one avoided, and was
    // subscribed to again by name, for ever.
    let elsewhereWithoutRecord = 0
    // Since when no route has led to the capsule, with no record since.
    let unroutedSince: number | undefined
    // The nearest replica, or (one served records that did not verify) another one by name, from where it stopped.
    let target: ReplicaChoice = this.#avoiding(name) ? this.#healthyReplica(name) : {}
    try {
      while (!aborted()) {
        const view = this.#view(info.metadata, name)
        // Records from one response, and what they count for (keptBytes), or what ended the subscription.
        const queue: Array<{ records: CapsuleRecord[], bytes: number } | { error: Error, from: Uint8Array | undefined }> = []
        // Bytes of records queued (keptBytes); past the buffer, what comes is dropped and the subscription pauses (below).
        let queuedBytes = 0
        let paused = false
        const at = target
        const startedAt = next
        const chainTo = lastGiven
        let ended = false
        // Tells the server, so it stops sending and the routers on the way forget the subscription.
        const end = (): void => {
          if (ended) return
          ended = true
          this.#call(...this.#to(name, at, { unsubscribe: { nonce } })).catch(() => {}).finally(() => { this.#forwarder.cancel(nonce) })
        }
        const subscription: pb.IRequest = { subscribe: { fromSeqno: next, proofs: true, rangeProof: true } }
        const [destination, request] = this.#to(name, at, subscription)
        const nonce: Uint8Array = this.#forwarder.request(destination, request, (pdu) => {
          if (paused) return
          try {
            if (pdu.nack != null) {
              const refused = refusal(pdu.nack, pdu.source ?? undefined)
              this.#avoidIfFailing(name, destination, subscription, refused)
              queue.push({ error: refused, from: refused.from })
            } else {
              // No honest server sends a subscription a response of no records but the last (to an unsubscribe): queued
              // for a consumer that was not reading, each cost memory with no record to count against the buffer, and a
              // server sending them without end held memory without bound.
              if (pdu.response?.final !== true && (pdu.response?.read?.records?.length ?? 0) === 0) throw new UnexpectedResponseError(`${formatName(pdu.source ?? destination)} sent the subscription a response of no records that is not the last`)
              const got: ReadBatches = { records: [], heartbeats: [] }
              this.#verified(view, pdu.response?.read, got)
              // The view checks records against their neighbours, but a view forgotten since the last record given (a
              // faulty replica's, or one let go past keptCapsules) no longer holds it: the other branch of a forked
              // capsule went through, and the caller had record n of one history and n + 1 of another.
              const first = got.records[0]
              if (chainTo !== undefined && first?.header.seqno === startedAt && !equalBytes(first.header.prevHash, chainTo)) {
                throw new ChainMismatchError(`record ${startedAt} from ${formatName(pdu.source ?? destination)} does not chain to record ${startedAt - 1} that this subscription gave: the capsule has two histories (a fork)`)
              }
              const bytes = keptBytes(got.records)
              queue.push({ records: got.records, bytes })
              queuedBytes += bytes
              // No honest server ends a subscription with a response but to its unsubscribe: the routers forget it
              // then, and one ended so unasked waited for records for ever, with nothing to fail it.
              if (pdu.response?.final === true && !ended) queue.push({ error: new UnexpectedResponseError(`${formatName(pdu.source ?? destination)} ended the subscription without being asked`), from: pdu.source ?? undefined })
              if (queuedBytes > this.#subscriptionBufferBytes) {
                paused = true
                // (After this callback: a reply may come before request() returned the nonce.)
                queueMicrotask(end)
              }
            }
          } catch (err) {
            queue.push({ error: err as Error, from: pdu.source ?? undefined })
          }
          wake?.()
        })
        try {
          while (!aborted()) {
            const item = queue.shift()
            if (item === undefined && paused) {
              // The consumer took what was kept: subscribe again from the next record.
              this.counters.subscriptionsPaused++
              break
            }
            if (item === undefined) { await new Promise<void>((resolve) => { wake = resolve }); continue }
            if (!('records' in item)) {
              // The capsule moved (docs/moving.md): the subscription goes on at its new server, from the next
              // record; a router on the way moved (no server named): again by name, over the new path.
              if (item.error instanceof RequestRefusedError && item.error.reason === 'MOVED') {
                // A path that keeps breaking before a record comes is not moving, it is failing: bounded, with a pause.
                if (++movesWithoutRecord > MAX_MOVES_WITHOUT_RECORD) throw item.error
                // A path that broke was a path: a wait for a route starts again from here.
                unroutedSince = undefined
                target = item.error.movedTo === undefined ? {} : { replica: item.error.movedTo }
                this.counters.subscriptionsMoved++
                if (movesWithoutRecord > 1) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** movesWithoutRecord)))
                break
              }
              if (item.error instanceof RequestRefusedError && item.error.reason === 'CONGESTION') {
                // A backed-up link (a router's to here, or the server's) or a subscriber that fell behind: what is
                // bounded is tries in a row that brought nothing, so a long catch-up over a slow link keeps going.
                congestedWithoutRecord = next > startedAt ? 0 : congestedWithoutRecord + 1
                if (congestedWithoutRecord > READ_RETRIES) throw item.error
                await new Promise((resolve) => setTimeout(resolve, READ_RETRY_MS * 2 ** congestedWithoutRecord))
                break
              }
              if (item.error instanceof RequestRefusedError && takenOffThere(name, item.error)) {
                // Its server was taken off the capsule's replicas: on at another, from the next record, as after a
                // move; the set asked again when none other is known (the capsule had one server when it began).
                if (++movesWithoutRecord > MAX_MOVES_WITHOUT_RECORD) throw item.error
                // Asked by name, the info can reach the server taken off itself while its route is not withdrawn
                // yet (it passes the request back: NO_ROUTE; or NOT_FOUND, taken off): a try of the move, asked
                // again after a pause. It ended the subscription, and the capsule lived on.
                while (!aborted() && this.#healthyReplica(name).replica === undefined) {
                  const asked = await this.info(name).then(() => undefined, (err: Error) => err)
                  if (asked === undefined) break
                  const stale = asked instanceof RequestRefusedError && (asked.reason === 'NO_ROUTE' || takenOffThere(name, asked))
                  if (!stale || ++movesWithoutRecord > MAX_MOVES_WITHOUT_RECORD) throw asked
                  await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 50 * 2 ** movesWithoutRecord)))
                }
                target = this.#healthyReplica(name)
                this.counters.subscriptionsMoved++
                break
              }
              const elsewhere = this.#afterReplicaError(name, item.error, !equalBytes(destination, name))
              if (elsewhere !== undefined) {
                if (++elsewhereWithoutRecord > this.#replicas(name).length) throw item.error
                target = elsewhere
                break
              }
              if (item.error instanceof RequestRefusedError && item.error.reason === 'NO_ROUTE') {
                // The capsule was there when the subscription began (info): no path to it now is a router restarting or
                // a link lost on the way, which an Appender rides out. The subscription had ended at once.
                unroutedSince ??= performance.now()
                if (performance.now() - unroutedSince > SUBSCRIPTION_ROUTE_WAIT_MS) throw item.error
                target = {}
                await new Promise((resolve) => setTimeout(resolve, SUBSCRIPTION_ROUTE_RETRY_MS))
                break
              }
              const healthy = this.#afterFaultyAnswer(name, item.error, at.replica ?? item.from)
              if (healthy === undefined || ++elsewhereWithoutRecord > this.#replicas(name).length) throw item.error
              target = healthy
              break
            }
            queuedBytes -= item.bytes
            for (const record of item.records) {
              if (record.header.seqno !== next) throw new UnexpectedResponseError(`subscription skipped from record ${next} to ${record.header.seqno}`)
              next++
              lastGiven = record.hash
              movesWithoutRecord = 0
              elsewhereWithoutRecord = 0
              unroutedSince = undefined
              yield record
            }
          }
        } finally {
          end()
        }
      }
    } finally {
      signal?.removeEventListener('abort', stop)
    }
  }

  /**
   * Asks `router` (a neighbour: its node name is not routed) for up to
   * `request.count` storage servers it knows, for a new capsule's replicas;
   * fewer when it knows fewer (`known` says how many). Its word: each
   * server's create proves it.
   */
  async proposeServers (router: Uint8Array, request: ProposalRequest): Promise<ServerProposal> {
    checkProposalRequest(request)
    const [response] = await this.#call(router, { proposeServers: { count: request.count, spreadDomains: request.spreadDomains === true, salt: request.salt } })
    return proposalFromPb(response?.proposeServers, request.count)
  }
}

/** What an append through an Appender resolves with. */
export interface AppendReceipt {
  /** The writer-signed heartbeat of the batch that carried the append. */
  heartbeat: SignedHeartbeat
  /**
   * The server's signed acknowledgement covering that batch (with the
   * other replicas' it passed the batch on to): of its
   * heartbeat, or of a later one of the same writer, which covers it through
   * the hash chain. Undefined only when the batch's own acknowledgement was
   * lost, recovery found the batch stored (the server's head is this batch or
   * a later one of this writer: the server says it holds it) and no later
   * batch was acknowledged since, so the server signed nothing for it.
   */
  ack: QuorumAck | undefined
}

interface QueuedAppend { payloads: Uint8Array[], resolve: (receipt: AppendReceipt) => void, reject: (err: Error) => void }

/**
 * Payload bytes an Appender puts in one batch from appends that waited,
 * at most (an append larger goes alone): half a largest record, so that a
 * batch and its headers stay well inside one PDU. Appends of 33 MiB each
 * went out as one batch of 66 MiB, over the frame limit, and were refused.
 */
export const MAX_COALESCED_PAYLOAD_BYTES = MAX_PAYLOAD_LENGTH / 2

const payloadBytes = (queued: QueuedAppend): number => queued.payloads.reduce((n, p) => n + p.length, 0)

/**
 * A signed batch and the appends it carries. `unsent`: to send (again);
 * `flight`: sent, no answer yet; `failed`: its answer left the server's
 * state unknown (CONGESTION, a timeout, ...); `stored`: the server's head
 * covers it, no signed acknowledgement yet. `mayBeStored`: an answer to it
 * once said it may be stored (mayBeStored), so no later failure says it is
 * stored nowhere.
 */
interface SentBatch { batch: AppendBatch, group: QueuedAppend[], status: 'unsent' | 'flight' | 'failed' | 'stored', mayBeStored?: true }

export interface AppenderInit {
  /** Batches on the way to the server at once. @default 4; 1, and no other, for a writer with a journal */
  maxInFlight?: number
  /** Records per batch, at most (and MAX_COALESCED_PAYLOAD_BYTES of payload from appends that waited). @default 1000 */
  maxRecords?: number
  /** Recoveries in a row (no acknowledgement between them) before the appends waiting fail with AppendRecoveryError (the next append tries again). @default 5 */
  maxRecoveries?: number
  /** Wait before a recovery, doubled for each one in a row. @default 100 */
  retryDelayMs?: number
}

/**
 * Coalesces concurrent appends to one capsule: while batches are in flight,
 * new appends wait and then go out together as one batch with one signed
 * heartbeat. Each append resolves with a receipt for the batch that carried it.
 *
 * It recovers by itself when a batch's fate is unknown (CONGESTION,
 * NO_ROUTE, LOOP, SERVER_ERROR, STORE_FULL, REPLICAS_UNREACHABLE, QUORUM_NOT_REACHED, a timeout, or a CONFLICT that
 * may come from its own earlier batch): once nothing is in flight it reads
 * the server's tip, finds which of its batches the server holds (the tip is
 * the end of one of them: same size and last record hash), and resends the
 * rest as they were signed, since they extend that tip exactly. For a
 * capsule of several replicas it resends them all: one replica's tip is not
 * a quorum, and a replica acknowledges a batch it holds again. A tip that is not on its
 * chain (another writer appended) fails every pending append with
 * WriterConflictError; UNAUTHORIZED and the like fail them at once. After
 * such a failure, make a new writer (GdpClient.writer) and a new Appender.
 * After maxRecoveries in a row without an acknowledgement (a router down
 * for seconds, a full disk), the appends waiting fail with
 * AppendRecoveryError, and the Appender goes on: their batches, signed, may
 * be stored or not, and no other batch may take their place, so the next
 * append first recovers them (found stored, or sent again), then goes out.
 * (It stayed failed for good: a page writing through a router that
 * restarted had to open its capsule again.)
 *
 * A writer made with a journal (GdpClient.writer, newWriter) keeps each
 * batch there before it goes, and one batch is in flight at a time: the
 * journal holds the last batch signed, which must be the only one that may
 * not be stored.
 */
export class Appender {
  readonly #client: GdpClient
  readonly #writer: CapsuleWriter
  readonly #journal: WriterJournal | undefined
  readonly #init: Required<AppenderInit>
  #queue: QueuedAppend[] = []
  /** Batches built and not yet acknowledged, in chain order: each extends the one before. */
  #batches: SentBatch[] = []
  #inFlight = 0
  #recovering = false
  /** Recoveries since the last acknowledgement. */
  #inARow = 0
  #lastError: Error | undefined
  #failed: Error | undefined
  /** Recovery gave up and the appends waiting failed; the batches stay, to be recovered on the next append. */
  #stalled = false
  readonly counters = { recoveries: 0, resent: 0 }

  constructor (client: GdpClient, writer: CapsuleWriter, init: AppenderInit = {}) {
    this.#client = client
    this.#writer = writer
    this.#journal = client.journalOf(writer)
    if (this.#journal !== undefined && (init.maxInFlight ?? 1) !== 1) throw new InvalidArgumentError(`an Appender of a writer with a journal sends one batch at a time (the journal holds the last one signed), not maxInFlight ${init.maxInFlight}`)
    this.#init = { maxInFlight: this.#journal === undefined ? 4 : 1, maxRecords: 1000, maxRecoveries: 5, retryDelayMs: 100, ...init }
  }

  async append (payloads: Uint8Array[]): Promise<AppendReceipt> {
    if (this.#failed !== undefined) throw this.#failed
    // Signed and sent, it was refused TOO_LARGE, and every later append with it: the writer had gone on from it.
    requireOnePdu(payloads)
    const done = new Promise<AppendReceipt>((resolve, reject) => { this.#queue.push({ payloads, resolve, reject }) })
    if (this.#stalled) {
      // Recovery gave up before: the batches it left go first, found stored or sent again, with a fresh count.
      this.#stalled = false
      this.#inARow = 0
      this.#recovering = true
      if (this.#inFlight === 0) void this.#recover()
    } else {
      this.#pump()
    }
    return await done
  }

  #pump (): void {
    while (this.#failed === undefined && !this.#recovering && this.#inFlight < this.#init.maxInFlight) {
      // Batches to send again go first, in order: each extends the one before.
      let next = this.#batches.find((b) => b.status === 'unsent')
      if (next === undefined) {
        if (this.#queue.length === 0) return
        const group: QueuedAppend[] = []
        let records = 0
        let bytes = 0
        const fits = (queued: QueuedAppend): boolean => records + queued.payloads.length <= this.#init.maxRecords && bytes + payloadBytes(queued) <= MAX_COALESCED_PAYLOAD_BYTES && appendFitsOnePdu(records + queued.payloads.length, bytes + payloadBytes(queued))
        while (this.#queue.length > 0 && (group.length === 0 || fits(this.#queue[0]!))) {
          const queued = this.#queue.shift()!
          group.push(queued)
          records += queued.payloads.length
          bytes += payloadBytes(queued)
        }
        let batch: AppendBatch
        const before = this.#writer.state
        try {
          batch = this.#writer.append(group.flatMap((g) => g.payloads), this.#client.nowUs())
        } catch (err) {
          // A payload the writer refuses (too large, none): only these appends fail; the writer did not move.
          for (const g of group) g.reject(err as Error)
          continue
        }
        try {
          // Kept before it goes (nothing else is unacknowledged: one batch at a time with a journal).
          this.#journal?.signed(batch)
        } catch (err) {
          this.#writer.reset(before)
          for (const g of group) g.reject(err as Error)
          continue
        }
        next = { batch, group, status: 'unsent' }
        this.#batches.push(next)
      }
      this.#send(next)
    }
  }

  #send (b: SentBatch): void {
    b.status = 'flight'
    this.#inFlight++
    this.#client.appendBatch(b.batch).then((ack) => { this.#acknowledged(b, ack) }, (err: Error) => { this.#refused(b, err) }).finally(() => {
      this.#inFlight--
      if (this.#recovering && this.#inFlight === 0) void this.#recover()
      else this.#pump()
    })
  }

  #acknowledged (b: SentBatch, ack: QuorumAck): void {
    const i = this.#batches.indexOf(b)
    if (i < 0) return // a later acknowledgement covered it already
    // The acknowledged heartbeat covers this batch and, by the hash chain, every one before it.
    for (const covered of this.#batches.splice(0, i + 1)) for (const g of covered.group) g.resolve({ heartbeat: covered.batch.heartbeat, ack })
    this.#journal?.acknowledged(b.batch)
    this.#inARow = 0
  }

  #refused (b: SentBatch, err: Error): void {
    if (!this.#batches.includes(b)) return
    if (!recoverable(err)) { this.#fail(err); return }
    b.status = 'failed'
    if (mayBeStored(err)) b.mayBeStored = true
    this.#lastError = err
    this.#recovering = true
  }

  /** Runs once nothing is in flight: finds what the server holds and resends the rest. */
  async #recover (): Promise<void> {
    if (this.#failed !== undefined) return
    if (!this.#batches.some((b) => b.status === 'failed')) { this.#recovering = false; this.#pump(); return }
    if (++this.#inARow > this.#init.maxRecoveries) {
      this.#stall(new AppendRecoveryError(`capsule ${formatName(this.#writer.name)}: gave up after ${this.#init.maxRecoveries} recoveries in a row; the last error: ${this.#lastError?.message ?? 'none'}. ` +
        'These records may be stored or not: the next append sends them again first, unless they were', { cause: this.#lastError }))
      return
    }
    this.counters.recoveries++
    await new Promise((resolve) => setTimeout(resolve, this.#init.retryDelayMs * 2 ** (this.#inARow - 1)))
    let tip: WriterState
    let replicated = false
    try {
      const info = await this.#client.info(this.#writer.name)
      tip = info.writerState
      // A set of several servers includes a capsule of one replica being moved: its target, catching up, may answer.
      replicated = replicasOf(info.metadata.metadata) > 1 || info.replicas.length > 1
    } catch (err) {
      if (!recoverable(err as Error)) { this.#fail(err as Error); return }
      this.#lastError = err as Error
      void this.#recover()
      return
    }
    // A replica behind what the quorum acknowledged (it was away) is not another writer: resend all,
    // and it fetches what it lacks from its peers before it takes them. One that holds some of the
    // batches is one replica, not a quorum: resend all too, and each held one is acknowledged again.
    const behind = replicated && tip.size < this.#batches[0]!.batch.baseSize
    const held = behind ? 0 : this.#storedThrough(tip)
    const stored = replicated && held !== undefined ? 0 : held
    if (stored === undefined) {
      const first = this.#batches[0]!.batch
      this.#fail(new WriterConflictError(`capsule ${formatName(this.#writer.name)}: the server's tip (${tip.size} records) is not on this writer's chain ` +
        `(acknowledged up to ${first.baseSize}, sent up to ${this.#batches.at(-1)!.batch.state.size}): another writer appended, or the server lost records; make a new writer`))
      return
    }
    this.#batches.forEach((b, i) => { b.status = i < stored ? 'stored' : 'unsent' })
    this.counters.resent += this.#batches.length - stored
    this.#recovering = false
    // All held and nothing more to send: no later acknowledgement will come to cover them.
    if (stored === this.#batches.length && this.#queue.length === 0) this.#settleStored()
    this.#pump()
  }

  /** How many of the batches (from the first) the server's tip covers; undefined when the tip is not on this writer's chain. */
  #storedThrough (tip: WriterState): number | undefined {
    const first = this.#batches[0]!.batch
    if (tip.size === first.baseSize && equalBytes(tip.lastHash, first.baseHash)) return 0
    const i = this.#batches.findIndex((b) => b.batch.state.size === tip.size && equalBytes(b.batch.state.lastHash, tip.lastHash))
    return i < 0 ? undefined : i + 1
  }

  /** Resolves the batches recovery found stored, without an acknowledgement (see AppendReceipt). */
  #settleStored (): void {
    while (this.#batches[0]?.status === 'stored') {
      const b = this.#batches.shift()!
      for (const g of b.group) g.resolve({ heartbeat: b.batch.heartbeat, ack: undefined })
    }
  }

  /** Fails the appends waiting, and keeps their batches for the next append to recover (see the class). */
  #stall (err: Error): void {
    this.#stalled = true
    this.#recovering = false
    this.#settleStored()
    for (const b of this.#batches) for (const g of b.group.splice(0)) g.reject(err)
    for (const g of this.#queue.splice(0)) g.reject(err)
  }

  #fail (err: Error): void {
    if (this.#failed !== undefined) return
    this.#failed = err
    this.#recovering = false
    this.#settleStored()
    // Refused for certain (stored nowhere): what the journal held before it is the last signed again. Not one whose
    // fate an earlier answer left unknown: a recovery that failed after it (a tip that did not verify) gave its place
    // back, and the key could sign over it where the replica that held it lost it later.
    const last = this.#batches.at(-1)
    let failure = err
    if (last !== undefined && !mayBeStored(err) && last.mayBeStored !== true) {
      try {
        this.#journal?.refused(last.batch, err)
      } catch (journalErr) {
        // Thrown on, it left the appends waiting unanswered for good (found by filling a page's storage): its error
        // says what the refusal left in the journal, and the refusal.
        failure = this.#failed = journalErr as Error
      }
    }
    for (const b of this.#batches.splice(0)) for (const g of b.group) g.reject(failure)
    for (const g of this.#queue.splice(0)) g.reject(failure)
  }
}

/**
 * Requires that `records` are what `selector` asks of a log of the size the
 * answers' heartbeats state (`sizes`, in the order they came). Proofs show
 * each record is in the log, not that it is the one asked for: a server
 * could answer with other records, fewer, or none. `known`: the size a
 * heartbeat verified before showed (the capsule holds at least that many
 * records): an answer of no records and no heartbeat says the log is empty,
 * which that disproves, and one that ends at an older heartbeat of the
 * writer, before records that one showed, leaves them out.
 */
function requireAnswer (selector: ReadSelector, records: CapsuleRecord[], sizes: number[], known = 0): void {
  const seqnos = records.map((r) => r.header.seqno)
  const sent = records.length === 0 ? 'no record' : records.length === 1 ? `record ${seqnos[0]!}` : `records ${seqnos[0]!}..${seqnos.at(-1)!}`
  const wrong = (asked: string): InvalidProofError => new InvalidProofError(`the server answered a read of ${asked} with ${sent}` + (sizes.length === 0 ? '' : ` (its heartbeat states ${Math.max(...sizes)} records)`))
  if (seqnos.some((n, i) => i > 0 && n !== seqnos[i - 1]! + 1)) throw new InvalidProofError(`the server answered a read with records out of order or with gaps (${seqnos.slice(0, 8).join(', ')}${seqnos.length > 8 ? ', ...' : ''})`)
  if ('seqno' in selector) {
    if (seqnos.length !== 1 || seqnos[0] !== selector.seqno) throw wrong(`record ${selector.seqno}`)
  } else if ('hash' in selector) {
    if (records.length !== 1 || !equalBytes(records[0]!.hash, selector.hash)) throw wrong(`the record with hash ${formatName(selector.hash)}`)
  } else if ('atUs' in selector) {
    if (records.length !== 1 || records[0]!.header.timestampUs < selector.atUs) throw wrong(`the first record at or after ${formatTime(selector.atUs)}`)
  } else if (sizes.length === 0 && records.length === 0) {
    const from = 'range' in selector ? selector.range.from : 0
    if (known > from) throw new InvalidProofError(`the server answered a read of ${'range' in selector ? `records ${from}..${selector.range.to - 1}` : `the last ${selector.last} records`} as if the capsule were empty, but a heartbeat of the writer showed ${known} records`)
  } else {
    // With no heartbeat the server says the log is empty; with records but none (nothing checked) only where they start is known.
    const size = sizes.length === 0 ? undefined : Math.max(...sizes)
    const { from, to } = 'range' in selector
      ? { from: selector.range.from, to: selector.range.to }
      // A read of the last n resumed after a cut goes on as a range: it is held to the size it started at.
      : { from: Math.max(0, (sizes[0] ?? 0) - selector.last), to: sizes[0] ?? 0 }
    const start = size === undefined ? from : Math.min(from, size)
    const end = Math.min(to, size === undefined ? start + records.length : size)
    const asked = 'range' in selector ? `records ${from}..${to - 1}` : `the last ${selector.last} records`
    if ((records.length > 0 && seqnos[0] !== start) || records.length !== end - start) throw wrong(asked)
    // The log the answer stops at (a range's reach, or where the last n end) is older than one the client verified.
    const stated = 'range' in selector ? size : sizes[0]
    if (stated !== undefined && stated < ('range' in selector ? Math.min(to, known) : known)) {
      throw new InvalidProofError(`the server answered a read of ${asked} from an older heartbeat of the writer, of ${stated} records, but a heartbeat of the writer showed ${known} records`)
    }
  }
}

/** What is left of a read after `got` (its records so far, in order); undefined when nothing is. */
function remainder (selector: ReadSelector, got: CapsuleRecord[]): ReadSelector | undefined {
  if (got.length === 0) return selector
  const next = got.at(-1)!.header.seqno + 1
  if ('range' in selector) return next < selector.range.to ? { range: { from: next, to: selector.range.to } } : undefined
  if ('last' in selector) {
    const to = got[0]!.header.seqno + selector.last
    return next < to ? { range: { from: next, to } } : undefined
  }
  return undefined // one record (by seqno, time or hash), and it came
}

/**
 * Whether `refused` is NOT_FOUND from a server carrying its owner's order
 * that took that very server off the capsule's replicas (a removal, a move
 * away): the capsule lives on at the others. Nothing but the NACK's source
 * proves it came from that server, so a lie only sends the client to
 * another replica. A writer whose appends went to a replica taken off was
 * refused there for good, each append, while the others took them.
 */
function takenOffThere (name: Uint8Array, refused: RequestRefusedError): boolean {
  if (refused.reason !== 'NOT_FOUND' || refused.deletion === undefined || refused.from === undefined) return false
  try {
    const { deletion } = decodeSignedDeletion(refused.deletion)
    return deletion.server !== undefined && equalBytes(deletion.server, refused.from) && equalBytes(deletion.capsule, name)
  } catch {
    return false
  }
}

/**
 * Whether `err` is NOT_FOUND from a server with the owner's order, signed
 * and checked against the capsule's metadata, taking that very server off
 * the capsule's replicas: what a quorum may leave it out of, where
 * takenOffThere's unproven word only steers a request elsewhere.
 */
function provenTakenOff (name: Uint8Array, err: Error, metadata: SignedMetadata): boolean {
  if (!(err instanceof RequestRefusedError) || !takenOffThere(name, err)) return false
  try {
    verifyDeletion(decodeSignedDeletion(err.deletion!), name, metadata)
    return true
  } catch {
    return false
  }
}

/** Replicas an append is sent to, at most, when the ones before refused it with SERVER_ERROR, STORE_FULL or REPLICAS_UNREACHABLE. */
const MAX_APPEND_TRIES = 3

/**
 * A replica's refusal that says it cannot serve the capsule now: its store
 * failed (SERVER_ERROR) or is full (STORE_FULL), or it cannot reach enough
 * of its peers for an append's quorum (REPLICAS_UNREACHABLE: cut off from
 * them, or its clock wrong).
 */
const replicaFailed = (err: RequestRefusedError): boolean => err.reason === 'SERVER_ERROR' || err.reason === 'STORE_FULL' || err.reason === 'REPLICAS_UNREACHABLE'

/** Refuses, before anything is signed, an append whose records and heartbeat would not fit the one PDU they travel in. */
function requireOnePdu (payloads: Uint8Array[]): void {
  const bytes = payloads.reduce((n, p) => n + p.length, 0)
  if (!appendFitsOnePdu(payloads.length, bytes)) throw new RecordTooLargeError(`an append's records travel in one batch, in one PDU of at most ${MAX_PDU_BYTES} bytes and ${MAX_PDU_FIELDS} protobuf fields with their record fields and heartbeat: ${payloads.length} records of ${bytes} bytes of payload do not fit; append them in several calls`)
}

/**
 * Errors after which a batch may or may not be stored: the Appender finds
 * out from the server's tip. QUORUM_NOT_REACHED among them: the batch may be
 * on fewer replicas than the quorum, and it is sent again (a replica that
 * holds it acknowledges it again and passes it on) until a quorum holds it.
 */
function recoverable (err: Error): boolean {
  if (err instanceof RequestTimeoutError || err instanceof QuorumNotReachedError) return true
  return err instanceof RequestRefusedError && (err.reason === 'CONGESTION' || err.reason === 'NO_ROUTE' || err.reason === 'LOOP' || replicaFailed(err) || err.reason === 'CONFLICT' || err.reason === 'QUORUM_NOT_REACHED')
}

/**
 * A refusal of an append sent to replica `destination` as a request to the
 * capsule, seen for what it says of that replica: one from another node (a
 * router moved the batch to another replica after the first left it
 * unanswered for a second, or answered for a replica it could not reach)
 * says nothing of whether the first stored it, and is a timeout of the
 * first. (A router moved a batch away from a replica still waiting for its
 * quorum to one cut off by a partition, whose refusal the writer took as
 * "not stored": it signed another record for the place, and the capsule
 * forked for good when the partition healed.)
 */
function answeredElsewhere (err: unknown, destination: Uint8Array): unknown {
  if (!(err instanceof RequestRefusedError) || mayBeStored(err) || err.from === undefined || equalBytes(err.from, destination)) return err
  return new RequestTimeoutError(`replica ${formatName(destination)} gave no answer to the batch; ${formatName(err.from)} refused it instead (a router moved it there, or could not reach the replica): ${err.message}; the replica may hold it`, { cause: err })
}

/** The failures of a batch sent again before anything new was signed (GdpClient.#sendAgainFirst), with its records. */
const resentRecords = new WeakMap<Error, SeqRange>()

/**
 * The records `err` failed to send again before a write signed anything
 * (a batch signed earlier whose fate was unknown: they may be stored, by
 * mayBeStored), or undefined when `err` is not such a failure. With them,
 * nothing of the write that was to follow was signed or sent.
 */
export function resentBeforeSigning (err: unknown): SeqRange | undefined {
  return err instanceof Error ? resentRecords.get(err) : undefined
}

/**
 * Errors after which a batch may be stored somewhere although it was not
 * acknowledged: its writer must not sign another batch in its place.
 * STORE_FULL is not one: a server refuses a batch for a full disk before
 * any of it is stored (a failed write stores nothing of its batch, and new
 * data is refused before LevelDB sees it). After it the writer goes on from
 * its tip, and its journal gives the place back: a gateway's writer stayed
 * on the batch a full disk refused, every later write failed until a
 * restart, and the restart then sent the refused batch from the journal.
 * CONGESTION is one: a router answers it for a request it did not send on
 * (a queue full) and also for one it sent on and had no answer to in time,
 * which the server may have stored; a writer reset after that one signed
 * another batch for the same place (seen in a partition test in CI).
 * NO_ROUTE is one when marked maybe delivered: the link on its way was
 * lost after the batch went out (a node killed under `gdp kv put --node`
 * had stored it, and the command said it was refused). LOOP is one: a
 * router answers it for a copy of a request whose nonce it still has
 * pending or answered a moment ago (routes changing under a ring of
 * routers), so another copy went on and may have been stored.
 */
export function mayBeStored (err: unknown): boolean {
  // (A read quorum's is asked before anything is signed: the command line said such a write "may still take effect".)
  return err instanceof RequestTimeoutError || (err instanceof QuorumNotReachedError && !(err instanceof ReadQuorumNotReachedError)) ||
    (err instanceof RequestRefusedError && (err.reason === 'QUORUM_NOT_REACHED' || err.reason === 'SERVER_ERROR' || err.reason === 'CONGESTION' || err.reason === 'LOOP' || (err.reason === 'NO_ROUTE' && err.maybeDelivered)))
}

/**
 * What a read checks of the records it brings: each proven against a
 * writer-signed heartbeat (and its payload against its header), only the
 * payloads (a caller that verifies the chain itself), or nothing (a caller
 * that checks each payload against a hash it holds).
 */
type ReadCheck = 'proofs' | 'payloads' | 'none'

/** Throws InvalidProofError unless the record's payload is the one its header names by hash. */
function checkPayload (record: CapsuleRecord): void {
  if (!equalBytes(sha256(record.payload), record.header.payloadHash)) throw new InvalidProofError(`record ${record.header.seqno}: the payload does not match its header's hash`)
}

/** The error a NACK stands for. */
function refusal (nack: pb.INack, from: Uint8Array | undefined): RequestRefusedError {
  const deletion = nack.deletion == null ? undefined : pb.SignedCapsuleDeletion.encode(nack.deletion).finish()
  const movedTo = nack.movedTo?.length === NAME_LENGTH ? nack.movedTo : undefined
  const retryAfterMs = nack.retryAfterMs == null || nack.retryAfterMs === 0 ? undefined : nack.retryAfterMs
  // The detail is the refusing node's own text, of any length and any characters: kept as one bounded line.
  return new RequestRefusedError(pb.NackReason[nack.reason ?? 0] as keyof typeof pb.NackReason, peerText(nack.detail ?? ''), deletion, movedTo, retryAfterMs, from, nack.maybeDelivered === true)
}

/** The head with the most records among a read quorum's. */
function newestHead (heads: CapsuleInfo[]): CapsuleInfo {
  return heads.reduce((a, b) => b.size > a.size ? b : a)
}

/** Whether a write quorum of the replicas that answered (`heads`) hold `size` records; an always-write capsule's one does. */
function heldByWriteQuorum (info: CapsuleInfo, heads: CapsuleInfo[], size: number): boolean {
  const metadata = info.metadata.metadata
  if (metadata.replication.alwaysWrite === true) return true
  return distinctServers(heads.filter((h) => h.size >= size)) >= Math.min(writeQuorumOf(metadata), Math.max(1, info.replicas.length))
}

/**
 * The servers `heads` came from, each once (a head whose server is not
 * known counts alone): a question to one replica can be answered by another
 * (a router moves a request by name to another server of the capsule when
 * the one named went silent), and one replica counted twice made a quorum.
 */
function distinctServers (heads: CapsuleInfo[]): number {
  const named = new Set(heads.flatMap((h) => h.server === undefined ? [] : [formatName(h.server)]))
  return named.size + heads.filter((h) => h.server === undefined).length
}

/** Whether an error says a response did not verify (rather than that none came, or a refusal). */
function unverified (err: unknown): boolean {
  return err instanceof InvalidProofError || err instanceof InvalidSignatureError || err instanceof MalformedMessageError || err instanceof ChainMismatchError
}

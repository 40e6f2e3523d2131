/**
 * Typed errors with stable names: callers branch on `err.name`, never on the
 * message. Every message says what was wrong and, where it helps, what to do.
 */
import type { gdp } from './wire/gen/proto.js'

export class GdpError extends Error {
  // Each class names itself with a literal: class names do not survive minification.
  override name = 'GdpError'
}

/** Bytes that do not decode to a well-formed message of the expected type. */
export class MalformedMessageError extends GdpError { override name = 'MalformedMessageError' }

/**
 * A file capsule's entry that is no file entry (docs/files.md section 3):
 * written by the writer through the key-value facade, so the capsule's
 * data, not the request, is wrong (HTTP 502). A file delete or put at its
 * path replaces it.
 */
export class MalformedEntryError extends MalformedMessageError { override name = 'MalformedEntryError' }

/** A record for the lookup DHT refused because this router stores its limit already (`lookup_store_bytes`); kad-dht answers the putting peer with an error. */
export class DhtStoreFullError extends GdpError { override name = 'DhtStoreFullError' }

/** A record for the lookup DHT refused because this router holds a newer one under its key (a replayed older record); kad-dht answers the putting peer with an error. */
export class DhtRecordSupersededError extends GdpError { override name = 'DhtRecordSupersededError' }

/** A signature that does not verify under the key that should have made it. */
export class InvalidSignatureError extends GdpError { override name = 'InvalidSignatureError' }

/** A Merkle proof that does not lead to the claimed root. */
export class InvalidProofError extends GdpError { override name = 'InvalidProofError' }

/** Records or heartbeats that do not extend the capsule's current state. */
export class ChainMismatchError extends GdpError { override name = 'ChainMismatchError' }

/** An argument outside what the operation accepts. */
export class InvalidArgumentError extends GdpError { override name = 'InvalidArgumentError' }

/** A record (a key-value batch, say) larger once encoded than a record may be: smaller batches go in. */
export class RecordTooLargeError extends InvalidArgumentError { override name = 'RecordTooLargeError' }

/** A peer's copy of a capsule's damaged records holds more payload bytes than one repair holds in memory (RepairerInit.maxRepairBytes). */
export class RepairTooLargeError extends GdpError { override name = 'RepairTooLargeError' }

/** A key that is not the one the capsule names for this role. */
export class WrongKeyError extends GdpError { override name = 'WrongKeyError' }

export class CapsuleNotFoundError extends GdpError { override name = 'CapsuleNotFoundError' }

/** A record asked for by number, time or hash that the capsule does not hold (yet). */
export class RecordNotFoundError extends CapsuleNotFoundError { override name = 'RecordNotFoundError' }

/** Stored state that contradicts itself; the store refuses to serve it. */
export class StoreCorruptionError extends GdpError {
  override name = 'StoreCorruptionError'
  /** Whether the message names the way out of this damage itself (a file to restore, a command to run): a caller adds none of its own. */
  readonly namesWayOut: boolean

  constructor (message: string, options?: ErrorOptions & { namesWayOut?: boolean }) {
    super(message, options)
    this.namesWayOut = options?.namesWayOut ?? false
  }
}

/** The store was closed, or is not open yet. */
export class StoreClosedError extends GdpError { override name = 'StoreClosedError' }

/**
 * A row of derived state (the key-value index) whose checksum does not hold:
 * damaged on disk. Nothing is lost (the records hold it all); the index is
 * rebuilt from them.
 */
export class DerivedRowDamagedError extends StoreCorruptionError { override name = 'DerivedRowDamagedError' }

/**
 * The store holds less of a capsule than it once acknowledged (its evidence
 * file says what it had): LevelDB lost writes it had completed. The store
 * refuses to serve the shorter history as if it were whole.
 */
export class StoreRegressionError extends StoreCorruptionError { override name = 'StoreRegressionError' }

/**
 * The store's evidence file (what it acknowledged, docs/store.md) was emptied
 * or cut short, not torn by a crash: the store can no longer tell whether
 * LevelDB went backwards. Refused until it is restored or deleted.
 */
export class StoreEvidenceError extends StoreCorruptionError { override name = 'StoreEvidenceError' }

/** A write to the store failed; nothing of it was stored. */
export class StoreWriteError extends GdpError {
  override name = 'StoreWriteError'
  /** Whether writes are refused until a store repair mends a damaged table: the command line then names the repair, with its data folder. */
  readonly needsStoreRepair: boolean

  constructor (message: string, options?: ErrorOptions & { needsStoreRepair?: boolean }) {
    super(message, options)
    this.needsStoreRepair = options?.needsStoreRepair ?? false
  }
}

/** The disk holding the store has no room for a write, or for LevelDB to open (or the one holding a writer's journal, for its entry). */
export class StoreFullError extends StoreWriteError {
  override name = 'StoreFullError'
  /**
   * The full disk holds a writer's journal (src/node/writer-journal.ts), not
   * a store: a requester is told so (a router's gateway has no store).
   */
  readonly ofJournal: boolean

  constructor (message: string, options?: ErrorOptions & { ofJournal?: boolean }) {
    super(message, options)
    this.ofJournal = options?.ofJournal === true
  }
}

/**
 * The writer signed two states that cannot both be true. `proof` is a
 * portable ForkProof (see verifyForkProof) anyone can check.
 */
export class ForkDetectedError extends GdpError {
  override name = 'ForkDetectedError'
  readonly proof: unknown
  constructor (message: string, proof: unknown) {
    super(message)
    this.proof = proof
  }
}

/** Why a certificate or advertisement is refused; stable, for counters and NACKs (each counted from 0 in the metrics). */
export const CERTIFICATE_PROBLEMS = [
  'bad-signature', 'expired', 'not-yet-valid', 'wrong-capsule', 'wrong-server',
  'wrong-router', 'wrong-link', 'replayed', 'untrusted-domain', 'malformed', 'outside-delegation',
  // A neighbour's updates asked for more AdCert checks than its budget (docs/routing.md section 4).
  'over-budget',
  // Advertisements or announcements sent to a server or client, which routes nothing (a node's upstream named one).
  'not-a-router',
  // A server set already holds as many routes as a router takes from one server.
  'too-many-routes',
  // The sets through one neighbour already hold as many routes as a router takes through one neighbour.
  'too-many-neighbour-routes'
] as const

/** Why a certificate or advertisement was refused (one of CERTIFICATE_PROBLEMS). */
export type CertificateProblem = typeof CERTIFICATE_PROBLEMS[number]

/** A certificate, advertisement or membership that does not hold. */
export class CertificateError extends GdpError {
  override name = 'CertificateError'
  readonly problem: CertificateProblem
  constructor (problem: CertificateProblem, message: string) {
    super(message)
    this.problem = problem
  }
}

/** A migration entry or stream that the receiver refuses: nothing of it was applied. */
export class MigrationRejectedError extends GdpError { override name = 'MigrationRejectedError' }

/** A migration whose images, once rebuilt, do not match the digests the sender signed. */
export class MigrationVerifyError extends GdpError { override name = 'MigrationVerifyError' }

/**
 * A received image that no longer holds what its verified commit named,
 * found by the receiver rereading it after the commit (its storage changed
 * a block or lost a write): the migration is marked failed, and its images
 * are kept as `<image>~damaged`, never under their own names.
 */
export class ImageDamagedError extends GdpError { override name = 'ImageDamagedError' }

/** The receiver does not accept migrations from this sender (see `migration_allow`). */
export class MigrationUnauthorizedError extends GdpError { override name = 'MigrationUnauthorizedError' }

/** A migration name already used by another migration on the receiver. */
export class MigrationConflictError extends GdpError { override name = 'MigrationConflictError' }

/** The link to the receiver stayed down longer than the sender waits to resume. */
export class MigrationLinkError extends GdpError { override name = 'MigrationLinkError' }

/** A router's move whose new instance no neighbour reached: the router goes on where it was. */
export class RouterMoveFailedError extends GdpError { override name = 'RouterMoveFailedError' }

/** No received migration of that name on this node (`gdp migrate list` shows them). */
export class MigrationNotFoundError extends GdpError { override name = 'MigrationNotFoundError' }

/** A migration a sender is streaming now, or one being removed: it cannot be removed until that ends. */
export class MigrationInProgressError extends GdpError { override name = 'MigrationInProgressError' }

/**
 * A neighbour over a rate: its frame rate (`peer_frames_per_second`) for too
 * long, its link closed; or the rate it may bring its link back up at on a
 * connection, a stream refused (LINK_REVIVAL_INTERVAL_MS).
 */
export class RateLimitExceededError extends GdpError { override name = 'RateLimitExceededError' }

/** An inbound handshake still pending when every slot was taken and a newer one arrived; its connection was closed. */
export class HandshakeEvictedError extends GdpError { override name = 'HandshakeEvictedError' }

/** A neighbour that left more replies unread than its link's send queue holds (its hard limit); its link was closed. */
export class SlowPeerError extends GdpError { override name = 'SlowPeerError' }

/** A PDU stream the neighbour opened carried nothing for the idle limit behind a newer one it opened (PduTransportInit.idleStreamMs): it was reset. */
export class IdleStreamError extends GdpError { override name = 'IdleStreamError' }

/** A request of this node's own that got no answer in time (not a refusal: the request may have been carried out). */
export class RequestTimeoutError extends GdpError { override name = 'RequestTimeoutError' }

/**
 * The capsule's tip on the server is not where this writer session left it:
 * another writer appended (or the server lost records it acknowledged).
 * Make a new writer from the current tip (GdpClient.writer).
 */
export class WriterConflictError extends GdpError { override name = 'WriterConflictError' }

/**
 * Another process holds this writer key's journal for the capsule (it is
 * signing there with the same key) past the wait: two processes signing
 * one capsule with one key at once would race on the journal.
 */
export class WriterJournalBusyError extends GdpError { override name = 'WriterJournalBusyError' }

/** An Appender could not find out what the server holds, or resend the rest, within its retries. */
export class AppendRecoveryError extends GdpError { override name = 'AppendRecoveryError' }

/**
 * An unsubscribe of a request that is not the sender's: only the requester,
 * over the neighbour its request came by (or a router on that way, whose
 * requester is gone), may stop a subscription or a read.
 */
export class NotRequesterError extends GdpError { override name = 'NotRequesterError' }

/** The server does not take creates from this owner (see `create_allow`). */
export class CreateRefusedError extends GdpError { override name = 'CreateRefusedError' }

/** A per-owner or server-wide limit on creates was reached; the message names it and when to retry. */
export class QuotaExceededError extends GdpError {
  override name = 'QuotaExceededError'
  /** For a rate limit: in how many milliseconds the same request may be taken; undefined when waiting would not help. */
  readonly retryAfterMs: number | undefined
  constructor (message: string, retryAfterMs?: number) {
    super(message)
    this.retryAfterMs = retryAfterMs
  }
}

/** Records or a heartbeat stamped at or after the capsule's expiry (`expires_at_us`): an expired capsule takes no appends. */
export class CapsuleExpiredError extends GdpError { override name = 'CapsuleExpiredError' }

/** The LevelDB folder (a store, a base index) is open in another process: LevelDB allows one. */
export class StoreInUseError extends GdpError { override name = 'StoreInUseError' }

/**
 * A store's files that this process may not read or write (their owner or
 * mode): not damage, nothing to repair; the operator fixes the permissions.
 */
export class StoreAccessError extends GdpError { override name = 'StoreAccessError' }

/**
 * A capsule created on some of the servers asked and not on the others: it
 * exists (under the name the message gives) with fewer replicas than asked
 * for, and its owner may delete it or add the replicas it lacks.
 */
export class PartialCreateError extends GdpError { override name = 'PartialCreateError' }

/**
 * The owner's removal of a replica was taken where it was first sent, and
 * did not reach some of the replicas left (named in the message): those
 * keep the server in their set until a peer that took it tells them at
 * anti-entropy. Running it again sends it to every replica left.
 */
export class RemovalIncompleteError extends GdpError { override name = 'RemovalIncompleteError' }

/**
 * A renewal of a capsule's AdCerts reached some of its replicas and not the
 * others (named in the message): those keep their AdCerts as they were, and
 * drop the capsule from routing when they end. Running it again sends them
 * to every replica.
 */
export class RenewalIncompleteError extends GdpError { override name = 'RenewalIncompleteError' }

/** A key the key-value state (at the version asked for) does not hold: the gateway's 404, the command line's error. */
export class KeyNotFoundError extends GdpError { override name = 'KeyNotFoundError' }

/**
 * A file or folder the command needs that it cannot use as it is: no
 * permission, a file where a folder should be or the other way round, a
 * read-only file system. The message names the path; nothing is damaged.
 */
export class FileAccessError extends GdpError { override name = 'FileAccessError' }

/** A listen address the node cannot bind (in use, not an address of this machine). */
export class ListenError extends GdpError { override name = 'ListenError' }

/** A LevelDB folder that cannot be opened for a reason other than damage, a full disk or another process. */
export class StoreOpenError extends GdpError { override name = 'StoreOpenError' }

/** The server is at one of its limits of concurrent work (subscriptions, say); retry later. */
export class ServerBusyError extends GdpError { override name = 'ServerBusyError' }

/** A capsule move whose switch did not answer, and whose target has not taken over: it may be half done; run it again with --from. */
export class MoveIncompleteError extends GdpError { override name = 'MoveIncompleteError' }

/** A capsule move whose source stopped answering while the target caught up: nothing was switched; run it again once the source is back. */
export class MoveSourceLostError extends GdpError { override name = 'MoveSourceLostError' }

/** A capsule move whose target's store refused what it fetched (its disk full, say): nothing was switched; run it again once the target can store it. */
export class MoveTargetStuckError extends GdpError { override name = 'MoveTargetStuckError' }

/** A capsule move whose switch found the capsule gone from the source: another move took it elsewhere while this one ran. */
export class MoveSupersededError extends GdpError { override name = 'MoveSupersededError' }

/** A server's answer that does not fit the request: another kind of response, another capsule, a gap in a stream. */
export class UnexpectedResponseError extends MalformedMessageError { override name = 'UnexpectedResponseError' }

/** A service used before start or after stop. */
export class ServiceStoppedError extends GdpError { override name = 'ServiceStoppedError' }

/** An image or base file that changed while it was read: what was read may mix two versions. */
export class FileChangedError extends GdpError { override name = 'FileChangedError' }

/**
 * A registered base image whose copy no longer matches the block hashes it
 * was indexed with (bit rot, a stray write): it is marked damaged and no
 * migration uses it until `gdp base verify` finds it whole again or a good
 * copy is added.
 */
export class BaseDamagedError extends GdpError { override name = 'BaseDamagedError' }

/** A dependency is not the version this code was written against (a method or field it tunes is gone). */
export class IncompatibleDependencyError extends GdpError { override name = 'IncompatibleDependencyError' }

/** A worker thread of a pipeline failed or died; the work it held failed with it. */
export class WorkerFailedError extends GdpError { override name = 'WorkerFailedError' }

/** No node runs with this data folder, or its control socket does not answer. */
export class NodeNotRunningError extends GdpError { override name = 'NodeNotRunningError' }

/**
 * A running node refused or failed a control request. `remoteName` is the
 * name of the error it raised (MigrationUnauthorizedError, say).
 */
export class NodeCommandError extends GdpError {
  override name = 'NodeCommandError'
  readonly remoteName: string
  constructor (remoteName: string, message: string) {
    super(`${remoteName}: ${message}`)
    this.remoteName = remoteName
  }
}

/** The command a live migration runs to pause the VM failed. */
export class PauseCommandError extends GdpError { override name = 'PauseCommandError' }

/** QEMU answered a QMP command with an error object. */
export class QmpCommandError extends GdpError {
  override name = 'QmpCommandError'
  constructor (readonly command: string, readonly errorClass: string, description: string) {
    super(`QMP ${command} failed: ${errorClass}: ${description}`)
  }
}

/** Something QMP-related did not happen in time (connect, reply, event, QEMU's migration). */
export class QmpTimeoutError extends GdpError { override name = 'QmpTimeoutError' }

/** The QMP socket closed, or QEMU spoke something that is not QMP. */
export class QmpProtocolError extends GdpError { override name = 'QmpProtocolError' }

/** A QEMU migration (its own, or the device-state save of a pause) ended in a state other than `completed`. */
export class QemuMigrationFailedError extends GdpError { override name = 'QemuMigrationFailedError' }

/** A libp2p peer whose identity is not an Ed25519 key: it has no node name. */
export class PeerKeyError extends GdpError { override name = 'PeerKeyError' }

/** A link to a neighbour (the upstream router, say) did not come up in time. */
export class LinkTimeoutError extends GdpError { override name = 'LinkTimeoutError' }

/**
 * Every dial of a link was refused for as long as its caller waits for a
 * node that is restarting: the host is up and nothing listens at the
 * address (the node is not running, or the address is wrong).
 */
export class LinkRefusedError extends GdpError { override name = 'LinkRefusedError' }

/** A request refused along the way or by the server; `reason` is the NACK reason. */
export class RequestRefusedError extends GdpError {
  override name = 'RequestRefusedError'
  readonly reason: keyof typeof gdp.v1.NackReason
  /** What the refusal said was wrong, without its reason. */
  readonly detail: string
  /** With NOT_FOUND for a capsule its owner deleted: the owner's encoded order (unchecked: check it against the metadata). */
  readonly deletion: Uint8Array | undefined
  /** With MOVED: the node name of the server the capsule moved to. */
  readonly movedTo: Uint8Array | undefined
  /** With QUOTA_EXCEEDED for a rate limit: in how many milliseconds the server may take the request. */
  readonly retryAfterMs: number | undefined
  /** The node name the refusal came from (its NACK's source: routers do not change it, and nothing proves it). */
  readonly from: Uint8Array | undefined
  /** With NO_ROUTE: the request went out before the link on its way was lost, so it may have reached its server. */
  readonly maybeDelivered: boolean
  constructor (reason: keyof typeof gdp.v1.NackReason, detail: string, deletion?: Uint8Array, movedTo?: Uint8Array, retryAfterMs?: number, from?: Uint8Array, maybeDelivered = false) {
    super(`${reason}: ${detail}`)
    this.reason = reason
    this.detail = detail
    this.deletion = deletion
    this.movedTo = movedTo
    this.retryAfterMs = retryAfterMs
    this.from = from
    this.maybeDelivered = maybeDelivered
  }
}

/** A PDU too large for a link; the forwarder answers TOO_LARGE. */
export class FrameTooLargeError extends GdpError { override name = 'FrameTooLargeError' }

/** A link that cannot take a request now; the forwarder answers CONGESTION. */
export class LinkCongestedError extends GdpError { override name = 'LinkCongestedError' }

/** Fewer replicas than the capsule's write quorum acknowledged an append: it is not acknowledged (some replicas may hold it). */
export class QuorumNotReachedError extends GdpError { override name = 'QuorumNotReachedError' }

/**
 * Fewer of a capsule's replicas answered than a reader or a writer needs to
 * know the latest acknowledged append (a read quorum): asked before
 * anything is signed, so nothing of a write was sent, where after a
 * QuorumNotReachedError it may be stored.
 */
export class ReadQuorumNotReachedError extends QuorumNotReachedError { override name = 'ReadQuorumNotReachedError' }

/**
 * A replica that cannot pass a writer's append on to enough peers for the
 * write quorum now (none valid by its clock, or silent lately) refuses it
 * before storing anything of it: another replica may reach the quorum.
 * Answered REPLICAS_UNREACHABLE.
 */
export class ReplicasUnreachableError extends GdpError { override name = 'ReplicasUnreachableError' }

/**
 * The replicas that answered hold less of a capsule than its writer's key
 * signed (the writer's journal says how much): one lost records, or hides
 * them. Building on what they show would sign a second record for a
 * position taken, a fork; nothing is signed.
 */
export class ReplicasBehindWriterError extends GdpError { override name = 'ReplicasBehindWriterError' }

/** The capsule moved to another server (docs/moving.md); a subscription goes on there. Answered MOVED. */
export class CapsuleMovedError extends GdpError {
  override name = 'CapsuleMovedError'
  readonly movedTo: Uint8Array
  constructor (message: string, movedTo: Uint8Array) {
    super(message)
    this.movedTo = movedTo
  }
}

/**
 * A capsule its owner deleted, or that expired: the store keeps a tombstone
 * and refuses the name. `deletion` is the owner's encoded order, if it was
 * deleted by one (a peer replica that missed it checks and applies it).
 */
export class CapsuleDeletedError extends CapsuleNotFoundError {
  override name = 'CapsuleDeletedError'
  readonly deletion: Uint8Array | undefined
  constructor (message: string, deletion?: Uint8Array) {
    super(message)
    this.deletion = deletion
  }
}

/**
 * Replicas asked spread across routing domains of a router that cannot tell
 * which domain any server it knows is in (no membership of its own, and no
 * child router announced servers to it).
 */
export class DomainsUnknownError extends GdpError { override name = 'DomainsUnknownError' }

// ---- The file CAAPI (docs/files.md) ----

/** A path that breaks the path rules (docs/files.md section 2): absolute, `.` or `..`, empty or control characters, too long. */
export class PathError extends InvalidArgumentError { override name = 'PathError' }

/** No file or folder at that path (at the version read). */
export class PathNotFoundError extends GdpError { override name = 'PathNotFoundError' }

/** Something already at the path the operation would create: mkdir of an existing path, a rename onto one. */
export class PathExistsError extends GdpError { override name = 'PathExistsError' }

/** A file where the operation needs a folder: a parent of the path, or the path of a readdir. */
export class NotADirectoryError extends GdpError { override name = 'NotADirectoryError' }

/** A folder where the operation needs a file: a put or a get of a folder's path. */
export class IsADirectoryError extends GdpError { override name = 'IsADirectoryError' }

/** A folder that still holds entries, deleted without `recursive`. */
export class DirectoryNotEmptyError extends GdpError { override name = 'DirectoryNotEmptyError' }

/** A folder with more entries than one key-value batch can move or delete; the message says how many. */
export class FolderTooLargeError extends GdpError { override name = 'FolderTooLargeError' }

/** A byte range that does not lie within the file (HTTP 416). */
export class RangeNotSatisfiableError extends GdpError { override name = 'RangeNotSatisfiableError' }

/** A file chunk or chunk-list page whose bytes do not hash to what refers to it: the read stops there. */
export class BlobMismatchError extends GdpError { override name = 'BlobMismatchError' }

/**
 * A well-formed request that the capsule's replicas or the server do not
 * allow now (removing a replica the capsule's policy needs, say): the
 * message says what to do first. Answered FAILED_PRECONDITION.
 */
export class PreconditionFailedError extends GdpError { override name = 'PreconditionFailedError' }
/**
 * A version of a key-value or file capsule past the latest this node holds:
 * asked for one another replica answered with, it has not caught up yet
 * (HTTP 409; FAILED_PRECONDITION over the overlay). A malformed version is
 * an InvalidArgumentError.
 */
export class VersionNotHeldError extends PreconditionFailedError { override name = 'VersionNotHeldError' }

/** A compare-and-set whose condition does not hold at the tip: nothing was written (HTTP 412). */
export class ConditionFailedError extends GdpError { override name = 'ConditionFailedError' }

/** No checkpoint that holds covers the version asked for, so its state cannot be proven (docs/kv.md section 6.4). */
export class KvProofUnavailableError extends GdpError { override name = 'KvProofUnavailableError' }

/** A migration its operator cancelled (`gdp migrate send` went away) before its pause step: nothing more was sent. */
export class MigrationCancelledError extends GdpError { override name = 'MigrationCancelledError' }

/**
 * A server's own failures (its store's state, its disk, a bug), as opposed to
 * what was wrong with a request. Their messages name the server's files and
 * internals: a requester is told their kind only (see failureNotice), and the
 * server's log has the rest. Not one: a full disk, whose notice is made for
 * requesters, and damaged records (StoreCorruptionError), whose message says
 * which records of which capsule, which a reader can act on (read another replica).
 */
export function isOwnFailure (err: Error): boolean {
  if (!(err instanceof GdpError)) return true
  if (err instanceof StoreFullError) return false
  return err instanceof StoreClosedError || err instanceof StoreWriteError || err instanceof StoreAccessError ||
    err instanceof StoreOpenError || err instanceof StoreInUseError || err instanceof FileAccessError
}

/**
 * An error that keeps one capsule from opening while the store serves the
 * others: its stored state is damaged, or its tables are not readable by this
 * user. A listing shows such a capsule with its error instead of failing.
 */
export function isCapsuleFault (err: unknown): err is StoreCorruptionError | StoreAccessError {
  return err instanceof StoreCorruptionError || err instanceof StoreAccessError
}

/**
 * The message a requester (over the overlay, at the gateway) is given for
 * `err`: an own failure's notice; damaged records' message with the
 * server's file paths left out (which records of which capsule stays);
 * any other error's message as it is.
 */
export function requesterMessage (err: Error): string {
  if (isOwnFailure(err)) return failureNotice(err).message
  // An absolute path: a slash that does not follow a word, up to a space or punctuation ('docs/a.txt' is not one).
  if (err instanceof StoreCorruptionError || err instanceof ReplicasBehindWriterError) return err.message.replace(/(?<![\w.~-])\/[^\s;,)'"]+/g, '<path>')
  return err.message
}

/** What a requester is told of one of the server's own failures: its kind, and where to look. */
export function failureNotice (err: Error): { error: string, message: string } {
  const error = err instanceof GdpError ? err.name : 'InternalError'
  return { error, message: `the node failed to answer this request (${error}); its log says why` }
}

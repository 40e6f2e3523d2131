/**
 * Typed errors with stable names: callers branch on `err.name`, never on the
 * message. Every message says what was wrong and, where it helps, what to do.
 */
export class GdpError extends Error {
  constructor (message: string, options?: ErrorOptions) {
    super(message, options)
    this.name = new.target.name
  }
}

/** Bytes that do not decode to a well-formed message of the expected type. */
export class MalformedMessageError extends GdpError {}

/** A signature that does not verify under the key that should have made it. */
export class InvalidSignatureError extends GdpError {}

/** A Merkle proof that does not lead to the claimed root. */
export class InvalidProofError extends GdpError {}

/** Records or heartbeats that do not extend the capsule's current state. */
export class ChainMismatchError extends GdpError {}

/** An argument outside what the operation accepts. */
export class InvalidArgumentError extends GdpError {}

/** A key that is not the one the capsule names for this role. */
export class WrongKeyError extends GdpError {}

export class CapsuleNotFoundError extends GdpError {}

/** Stored state that contradicts itself; the store refuses to serve it. */
export class StoreCorruptionError extends GdpError {}

/** The store was closed, or is not open yet. */
export class StoreClosedError extends GdpError {}

/**
 * The store holds less of a capsule than it once acknowledged (its evidence
 * file says what it had): LevelDB lost writes it had completed. The store
 * refuses to serve the shorter history as if it were whole.
 */
export class StoreRegressionError extends StoreCorruptionError {}

/** A write to the store failed; nothing of it was stored. */
export class StoreWriteError extends GdpError {}

/** The disk holding the store has no room for a write, or for LevelDB to open. */
export class StoreFullError extends StoreWriteError {}

/**
 * The writer signed two states that cannot both be true. `proof` is a
 * portable ForkProof (see verifyForkProof) anyone can check.
 */
export class ForkDetectedError extends GdpError {
  readonly proof: unknown
  constructor (message: string, proof: unknown) {
    super(message)
    this.proof = proof
  }
}

/** Why a certificate or advertisement was refused; stable, for counters and NACKs. */
export type CertificateProblem =
  | 'bad-signature' | 'expired' | 'not-yet-valid' | 'wrong-capsule' | 'wrong-server'
  | 'wrong-router' | 'wrong-link' | 'replayed' | 'untrusted-domain' | 'malformed'

/** A certificate, advertisement or membership that does not hold. */
export class CertificateError extends GdpError {
  readonly problem: CertificateProblem
  constructor (problem: CertificateProblem, message: string) {
    super(message)
    this.problem = problem
  }
}

/** A migration entry or stream that the receiver refuses: nothing of it was applied. */
export class MigrationRejectedError extends GdpError {}

/** A migration whose images, once rebuilt, do not match the digests the sender signed. */
export class MigrationVerifyError extends GdpError {}

/** The receiver does not accept migrations from this sender (see `migration_allow`). */
export class MigrationUnauthorizedError extends GdpError {}

/** A migration name already used by another migration on the receiver. */
export class MigrationConflictError extends GdpError {}

/** The link to the receiver stayed down longer than the sender waits to resume. */
export class MigrationLinkError extends GdpError {}

/** A neighbour that stayed over its receive rate (`peer_frames_per_second`, `peer_bytes_per_second`) too long; its link was closed. */
export class RateLimitExceededError extends GdpError {}

/** An inbound handshake still pending when every slot was taken and a newer one arrived; its connection was closed. */
export class HandshakeEvictedError extends GdpError {}

/** A neighbour that left more replies unread than its link's send queue holds (its hard limit); its link was closed. */
export class SlowPeerError extends GdpError {}

/** A request of this node's own that got no answer in time (not a refusal: the request may have been carried out). */
export class RequestTimeoutError extends GdpError {}

/**
 * The capsule's tip on the server is not where this writer session left it:
 * another writer appended (or the server lost records it acknowledged).
 * Make a new writer from the current tip (GdpClient.writer).
 */
export class WriterConflictError extends GdpError {}

/** An Appender could not find out what the server holds, or resend the rest, within its retries. */
export class AppendRecoveryError extends GdpError {}

/** The server does not take creates from this owner (see `create_allow`). */
export class CreateRefusedError extends GdpError {}

/** A per-owner or server-wide limit on creates was reached; the message names it and when to retry. */
export class QuotaExceededError extends GdpError {}

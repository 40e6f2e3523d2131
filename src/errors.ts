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
  | 'wrong-router' | 'replayed' | 'untrusted-domain' | 'malformed'

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

/**
 * How a node's HTTP services (the gateway, the admin API) answer an error:
 * a JSON body `{ error, message }` whose `error` is the stable name of the
 * typed error (src/errors.ts, or one of the HTTP errors below), with the
 * HTTP status that fits it.
 */
import { CapsuleDeletedError, CapsuleNotFoundError, failureNotice, GdpError, isOwnFailure, InvalidArgumentError, requesterMessage, MalformedMessageError, PreconditionFailedError, RequestRefusedError, StoreCorruptionError, StoreFullError, StoreWriteError } from '../errors.js'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { Logger } from '@libp2p/logger'
import { NO_SNIFF } from './headers.js'
import { decodeSignedDeletion } from '../capsule/deletion.js'
import type { gdp } from '../wire/gen/proto.js'
import { storeFullDetail } from '../store/free-space.js'

/** A request without the service's bearer token, or with another one. */
export class UnauthorizedError extends GdpError { override name = 'UnauthorizedError' }

/** A write to a capsule this node cannot write (it does not hold the writer key). */
export class ReadOnlyCapsuleError extends GdpError { override name = 'ReadOnlyCapsuleError' }

/** A request body over the gateway's limit for that route. */
export class BodyTooLargeError extends GdpError { override name = 'BodyTooLargeError' }

/** A request line and headers over Node's limit (16 KiB): a path that long is no key this gateway takes. */
export class HeadersTooLargeError extends GdpError { override name = 'HeadersTooLargeError' }

/** A request whose headers or body came too slowly: the connection is closed. */
export class RequestTooSlowError extends GdpError { override name = 'RequestTooSlowError' }

/** More event streams open on this gateway than it serves at once. */
export class TooManyEventStreamsError extends GdpError { override name = 'TooManyEventStreamsError' }

/** An answer over what the gateway builds in one piece (a diff): ask for less. */
export class AnswerTooLargeError extends GdpError { override name = 'AnswerTooLargeError' }

/** A request body of a content type the route does not take. */
export class UnsupportedMediaTypeError extends GdpError { override name = 'UnsupportedMediaTypeError' }

/** No route for that method and path. */
export class RouteNotFoundError extends GdpError { override name = 'RouteNotFoundError' }

/** A method no route takes at all (CONNECT: this is no proxy). */
export class MethodNotAllowedError extends GdpError { override name = 'MethodNotAllowedError' }

/** An Expect header asking for something other than 100-continue, the only expectation these services meet. */
export class ExpectationFailedError extends GdpError { override name = 'ExpectationFailedError' }

/** A facade this node's gateway was not given (no key-value access, say). */
export class FacadeUnavailableError extends GdpError { override name = 'FacadeUnavailableError' }

/** The JSON body of every error answer. */
export interface ErrorBody {
  error: string
  message: string
  /** For RequestRefusedError: the NACK reason (NOT_FOUND, CONGESTION, ...). */
  reason?: string
}

/**
 * Statuses by error name; a subclass not listed falls back to its parent's
 * entry. An error of src/errors.ts that has neither is 500 (a bug): the
 * test of this table (test/http/error-statuses.test.ts) lists those that
 * never reach an HTTP service, and why; any other error must have a status.
 */
export const STATUS_BY_NAME: Record<string, number> = {
  InvalidArgumentError: 400,
  MalformedMessageError: 400,
  // What the capsule holds, not what the request asked, is wrong.
  MalformedEntryError: 502,
  CertificateError: 400,
  UnauthorizedError: 401,
  ReadOnlyCapsuleError: 403,
  // The gateway holds no key of its own: a key that does not fit is the node's key-value access refusing a write.
  WrongKeyError: 403,
  CreateRefusedError: 403,
  CapsuleNotFoundError: 404,
  RecordNotFoundError: 404,
  KeyNotFoundError: 404,
  RouteNotFoundError: 404,
  PathNotFoundError: 404,
  ChainMismatchError: 409,
  WriterConflictError: 409,
  // The key signed more than the replicas show (a store restored from a backup): nothing was signed; an operator's matter.
  ReplicasBehindWriterError: 409,
  ForkDetectedError: 409,
  PathExistsError: 409,
  NotADirectoryError: 409,
  IsADirectoryError: 409,
  DirectoryNotEmptyError: 409,
  FolderTooLargeError: 409,
  PreconditionFailedError: 409,
  CapsuleDeletedError: 410,
  CapsuleExpiredError: 410,
  // A version of a key-value capsule no checkpoint covers: its state cannot be proven.
  KvProofUnavailableError: 409,
  ConditionFailedError: 412,
  RequestTooSlowError: 408,
  BodyTooLargeError: 413,
  RecordTooLargeError: 413,
  FrameTooLargeError: 413,
  AnswerTooLargeError: 413,
  HeadersTooLargeError: 431,
  UnsupportedMediaTypeError: 415,
  ExpectationFailedError: 417,
  MethodNotAllowedError: 405,
  RangeNotSatisfiableError: 416,
  QuotaExceededError: 429,
  RateLimitExceededError: 429,
  // What the overlay sent back does not verify: the fault is upstream, not in the request.
  UnexpectedResponseError: 502,
  InvalidSignatureError: 502,
  // This node's copy is damaged and no peer's copy fits in one repair: as damage in its store (StoreCorruptionError).
  RepairTooLargeError: 502,
  InvalidProofError: 502,
  AppendRecoveryError: 502,
  BlobMismatchError: 502,
  ServerBusyError: 503,
  WriterJournalBusyError: 503,
  LinkCongestedError: 503,
  QuorumNotReachedError: 503,
  ReadQuorumNotReachedError: 503,
  ReplicasUnreachableError: 503,
  ServiceStoppedError: 503,
  StoreClosedError: 503,
  // The link to the overlay did not come up (in time, or at all): nothing of the request was sent; send it again.
  LinkTimeoutError: 503,
  LinkRefusedError: 503,
  // The capsule moved to another server while the request was on its way: sent again, it is routed there.
  CapsuleMovedError: 503,
  // The router knows the routing domain of no server yet (none announced): replicas spread across domains cannot be placed now.
  DomainsUnknownError: 503,
  // The node's own files (a writer journal entry, the store's folder) that it cannot use as they are: no bug and no
  // request's fault, but its operator's to mend; the body names the kind only (isOwnFailure), the log says which file.
  FileAccessError: 503,
  StoreAccessError: 503,
  StoreOpenError: 503,
  StoreInUseError: 503,
  FacadeUnavailableError: 503,
  TooManyEventStreamsError: 503,
  RequestTimeoutError: 504,
  StoreFullError: 507
}

/** Statuses by NACK reason (RequestRefusedError), one for each reason the protocol has. */
export const STATUS_BY_NACK: Record<keyof typeof gdp.v1.NackReason, number | undefined> = {
  NO_ROUTE: 404,
  NOT_FOUND: 404,
  UNAUTHORIZED: 403,
  QUOTA_EXCEEDED: 429,
  CONGESTION: 503,
  QUORUM_NOT_REACHED: 503,
  REPLICAS_UNREACHABLE: 503,
  TOO_LARGE: 413,
  MALFORMED: 400,
  CONFLICT: 409,
  FAILED_PRECONDITION: 409,
  EXPIRED: 504,
  LOOP: 502,
  UNSUPPORTED_VERSION: 502,
  SERVER_ERROR: 502,
  // A NACK with no reason is no answer the protocol allows: the fault is upstream.
  NACK_REASON_UNSPECIFIED: 502,
  STORE_FULL: 507,
  // The capsule, or a router on the way, moved while the request was on it (docs/moving.md): sent again, it takes the new path.
  MOVED: 503,
  // A read ended early by an unsubscribe of the read a router merged it into, past the client's retries: read again.
  STOPPED: 503
}

/** Parents whose status a subclass not listed by name takes, subclasses first. */
const STATUS_BY_PARENT: Array<[abstract new (...args: never[]) => Error, number]> = [
  [CapsuleNotFoundError, 404],
  [MalformedMessageError, 400],
  [InvalidArgumentError, 400],
  [PreconditionFailedError, 409],
  // Damage in this node's store (StoreRegressionError, DerivedRowDamagedError, ...): what it holds, not what the
  // request asked, is wrong, as a server's damaged copy read through the overlay answers 502 SERVER_ERROR.
  [StoreCorruptionError, 502],
  [StoreWriteError, 503]
]

/**
 * Whether `err` refuses this node's copy of a capsule that lives on at its
 * other replicas: the owner's order took only this server off them (a move
 * away). A read that such a removal overtook is sent again, to those.
 */
function removedHereOnly (err: CapsuleDeletedError): boolean {
  if (err.deletion === undefined) return false
  try {
    return decodeSignedDeletion(err.deletion).deletion.server !== undefined
  } catch {
    return false
  }
}

/** The HTTP status for an error: by its name, else by a parent's; 500 for anything else. */
export function statusOf (err: Error): number {
  if (err instanceof CapsuleDeletedError && removedHereOnly(err)) return 503
  // A reason of a later protocol version that this node cannot name: the fault is upstream.
  if (err instanceof RequestRefusedError) return STATUS_BY_NACK[err.reason] ?? 502
  const byName = STATUS_BY_NAME[err.name]
  if (byName !== undefined) return byName
  for (const [parent, status] of STATUS_BY_PARENT) if (err instanceof parent) return status
  return 500
}

/**
 * Logs an answer of status 500 or more: the node's own failures (a bug, its
 * store, its disk, damage in its store) as errors with their stack; what it refused as meant (too
 * many event streams, busy, a failure of the overlay or of another server) as
 * a debug line, since any holder of the token can have it answered as often
 * as they like, and it is theirs to act on.
 */
export function logFailedAnswer (log: Logger, what: string, err: Error, status: number): void {
  if (status < 500) return
  if (status === 500 || isOwnFailure(err) || err instanceof StoreCorruptionError) log.error('%s: %s', what, err.stack ?? err.message)
  else log('%s: %s: %s', what, err.name, err.message)
}

/** The body of an error answer; the node's own failures (its store, its disk, a bug) show no internals. */
export function errorBody (err: Error, status: number): ErrorBody {
  if (status >= 500 && isOwnFailure(err)) return failureNotice(err)
  const body: ErrorBody = { error: err.name, message: err instanceof StoreFullError ? storeFullDetail(err) : requesterMessage(err) }
  if (err instanceof RequestRefusedError) body.reason = err.reason
  return body
}

/**
 * What the schema check found, each problem once, where it is: 'body/ops
 * must NOT have fewer than 1 items', 'querystring must NOT have additional
 * properties: verison'.
 */
function validationMessage (err: FastifyError): string {
  const context = err.validationContext ?? 'request'
  return (err.validation ?? []).map((problem) => {
    const unknown = problem.keyword === 'additionalProperties' ? `: ${String(problem.params.additionalProperty)}` : ''
    return `${context}${problem.instancePath} ${problem.message ?? 'is not valid'}${unknown}`
  }).join('; ')
}

/** What is wrong with a path that is no URL. */
export const BAD_PATH = 'the path holds a percent-escape that is not % and two hex digits, or escaped bytes that are not UTF-8'

/** What is wrong with a path that is no URL: one message, or one for each request (a hint that fits its route). */
export type BadPath = string | ((request: FastifyRequest) => string)

/**
 * fastify's `frameworkErrors` option: a path that is no URL, answered as
 * every other error is (it is answered before any hook runs, so it sets
 * the headers every answer carries itself).
 */
export function frameworkErrorAnswer (routes: string, badPath: BadPath = BAD_PATH): (err: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (err, request, reply) => {
    const typed = typedHttpError(err, request, routes, badPath)
    const status = statusOf(typed)
    void reply.code(status).headers(NO_SNIFF).send(errorBody(typed, status))
  }
}

/**
 * fastify's own errors (a body it cannot parse or that is too large, a
 * failed schema, a path that is no URL) as typed errors, so that a client's
 * mistake is its 4xx and never the node's own failure (the admin API
 * answered a bad JSON body with 500). `routes` says where the routes and
 * what they take are listed; `badPath`, what is wrong with a path that is
 * no URL.
 */
export function typedHttpError (err: FastifyError, request: FastifyRequest, routes: string, badPath: BadPath = BAD_PATH): Error {
  if (err instanceof GdpError) return err
  if (err.validation !== undefined) return new InvalidArgumentError(validationMessage(err))
  switch (err.code) {
    case 'FST_ERR_BAD_URL': return new InvalidArgumentError(typeof badPath === 'string' ? badPath : badPath(request))
    case 'FST_ERR_CTP_BODY_TOO_LARGE': return new BodyTooLargeError(`the body is over this route's limit of ${request.routeOptions.bodyLimit ?? '?'} bytes`)
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
      const type = request.headers['content-type']
      if (type !== undefined) return new UnsupportedMediaTypeError(`this route does not take a body of type '${type}'; ${routes} says what each route takes`)
      // No type at all: most often a body on a route that takes none (a DELETE, a GET).
      const length = request.headers['content-length']
      return new UnsupportedMediaTypeError(`the request has ${length === undefined ? 'a body' : `a body of ${length} bytes`} with no Content-Type: ${request.method} of this route takes no body, or one of the type ${routes} names; send none, or say its type`)
    }
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH': return new InvalidArgumentError('the Content-Length does not match the body')
    case 'FST_ERR_CTP_EMPTY_JSON_BODY': return new MalformedMessageError('the body is empty; this route takes a JSON body')
  }
  if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') return new MalformedMessageError(`the body is not JSON: ${err.message}`)
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) return new InvalidArgumentError(err.message)
  return err
}

// Every typed error has the HTTP status its meaning calls for, chosen, not
// fallen into: an error the table did not know was 500, which the gateway's
// OpenAPI document lists for no route and its log takes for a bug
// (LinkTimeoutError, RepairTooLargeError, DomainsUnknownError, the overlay's
// MOVED and STOPPED refusals were; the last two 502, as if upstream had
// failed). A new error class fails here until it is given a status, or
// listed below as one no HTTP service can meet, with why.
import { describe, expect, it } from 'vitest'
import * as errors from '../../src/errors.js'
import * as httpErrors from '../../src/http/errors.js'
import { STATUS_BY_NACK, STATUS_BY_NAME, statusOf } from '../../src/http/errors.js'
import { gdp } from '../../src/wire/gen/proto.js'
import { encodeSignedDeletion, signDeletion } from '../../src/capsule/deletion.js'
import { testCapsule } from '../helpers.js'

type ErrorClass = new (...args: any[]) => Error

/** Errors of the command line, of migrations and moves, of the node's start and of its links, which the gateway and the admin API never call into: 500 there is right, as a bug. */
const NEVER_AT_HTTP: Record<string, string> = {
  GdpError: 'the base class: every error thrown is one of its kinds',
  IdleStreamError: 'resets a PDU stream a neighbour left idle: of the transport between nodes, never of a request',
  NotRequesterError: 'refuses an unsubscribe from another than the requester at a server or router, and reaches the one who sent it as a NACK (UNAUTHORIZED)',
  DhtStoreFullError: 'answers a kad-dht put from another router, never a request of this node\'s',
  DhtRecordSupersededError: 'answers a kad-dht put from another router, never a request of this node\'s',
  MigrationRejectedError: 'migrations run through the control socket and the migration endpoint, not HTTP',
  MigrationVerifyError: 'migrations run through the control socket and the migration endpoint, not HTTP',
  ImageDamagedError: 'migrations run through the control socket and the migration endpoint, not HTTP',
  MigrationUnauthorizedError: 'migrations run through the control socket and the migration endpoint, not HTTP',
  MigrationConflictError: 'migrations run through the control socket and the migration endpoint, not HTTP',
  MigrationLinkError: 'migrations run through the control socket and the migration endpoint, not HTTP',
  MigrationNotFoundError: 'migrations run through the control socket and the migration endpoint, not HTTP',
  MigrationInProgressError: 'migrations run through the control socket and the migration endpoint, not HTTP',
  MigrationCancelledError: 'migrations run through the control socket and the migration endpoint, not HTTP',
  FileChangedError: 'a VM image or base file read by a migration',
  BaseDamagedError: 'a registered base image of migrations',
  WorkerFailedError: 'a worker thread of a migration pipeline',
  PauseCommandError: 'a live migration\'s pause command',
  QmpCommandError: 'QEMU\'s monitor, driven by live migrations',
  QmpTimeoutError: 'QEMU\'s monitor, driven by live migrations',
  QmpProtocolError: 'QEMU\'s monitor, driven by live migrations',
  QemuMigrationFailedError: 'QEMU\'s monitor, driven by live migrations',
  RouterMoveFailedError: 'a router\'s own move, through the control socket',
  MoveIncompleteError: 'a capsule move, run by the command line',
  MoveSourceLostError: 'a capsule move, run by the command line',
  MoveTargetStuckError: 'a capsule move, run by the command line',
  MoveSupersededError: 'a capsule move, run by the command line',
  PartialCreateError: 'a create by the command line (the gateway creates no capsules)',
  RenewalIncompleteError: 'a renewal of AdCerts by the command line',
  RemovalIncompleteError: 'a removal of a replica by the command line (the gateway removes none)',
  NodeNotRunningError: 'the command line finding no node to ask',
  NodeCommandError: 'the command line told of a control request the node refused',
  ListenError: 'the node\'s start, before any HTTP service answers',
  IncompatibleDependencyError: 'the node\'s start, checking its dependencies',
  PeerKeyError: 'a link to a peer, refused before any request goes over it',
  HandshakeEvictedError: 'a link to a peer, closed while it was being set up',
  SlowPeerError: 'a link to a peer, closed: the requests on it are answered NO_ROUTE by the forwarder'
}

const classes = new Map<string, ErrorClass>(
  Object.entries({ ...errors, ...httpErrors }).filter(([, v]) => typeof v === 'function' && (v as ErrorClass).prototype instanceof Error) as Array<[string, ErrorClass]>
)

describe('the HTTP status of every typed error', () => {
  it('is chosen for each error class of src/errors.ts and src/http/errors.ts, or the class is one no HTTP service meets', () => {
    expect(classes.size).toBeGreaterThan(90)
    const unchosen: string[] = []
    for (const [exported, Class] of classes) {
      // Every constructor takes (message) or (a detail, message): RequestRefusedError's own NACK reasons are checked below.
      const status = statusOf(new Class('malformed', 'x'))
      if (exported in NEVER_AT_HTTP) expect(status, `${exported} is listed as never met, yet has the status ${status}: take it off the list`).toBe(500)
      else if (status === 500) unchosen.push(exported)
    }
    expect(unchosen, 'errors with no status (500, a bug): give each one in STATUS_BY_NAME (src/http/errors.ts) and docs/gateway.md, or list it in NEVER_AT_HTTP with why').toEqual([])
  })

  it('names in its table only errors that exist, and lists as never met only errors that exist', () => {
    for (const name of [...Object.keys(STATUS_BY_NAME), ...Object.keys(NEVER_AT_HTTP)]) expect(classes.has(name), name).toBe(true)
  })

  it('of an overlay refusal is chosen for each NACK reason the protocol has', () => {
    for (const reason of Object.keys(gdp.v1.NackReason).filter((k) => Number.isNaN(Number(k))) as Array<keyof typeof gdp.v1.NackReason>) {
      expect(STATUS_BY_NACK[reason], reason).toBeDefined()
      expect(statusOf(new errors.RequestRefusedError(reason, 'x'))).toBe(STATUS_BY_NACK[reason])
    }
  })

  it('of the errors an audit found unmapped: busy or unreachable for now is 503, damage that cannot be mended now is 502', () => {
    expect(statusOf(new errors.LinkTimeoutError('x'))).toBe(503)
    expect(statusOf(new errors.LinkRefusedError('x'))).toBe(503)
    expect(statusOf(new errors.DomainsUnknownError('x'))).toBe(503)
    expect(statusOf(new errors.CapsuleMovedError('x', new Uint8Array(32)))).toBe(503)
    expect(statusOf(new errors.RequestRefusedError('MOVED', 'x'))).toBe(503)
    expect(statusOf(new errors.RequestRefusedError('STOPPED', 'x'))).toBe(503)
    expect(statusOf(new errors.RepairTooLargeError('x'))).toBe(502)
    // A reason of a later protocol version, which this node cannot name.
    expect(statusOf(new errors.RequestRefusedError(undefined as unknown as 'NO_ROUTE', 'x'))).toBe(502)
  })

  it('of a capsule deleted is 410, unless the order only took this server off its replicas: a read that removal overtook is sent again (503), to the replicas that hold it', () => {
    const t = testCapsule()
    const whole = encodeSignedDeletion(signDeletion(t.name, 30, t.owner))
    const here = encodeSignedDeletion(signDeletion(t.name, 30, t.owner, new Uint8Array(32).fill(9)))
    expect(statusOf(new errors.CapsuleDeletedError('expired'))).toBe(410)
    expect(statusOf(new errors.CapsuleDeletedError('deleted', whole))).toBe(410)
    expect(statusOf(new errors.CapsuleDeletedError('removed here', here))).toBe(503)
    expect(statusOf(new errors.CapsuleDeletedError('an order that no longer decodes', new Uint8Array([1, 2, 3])))).toBe(410)
  })
})

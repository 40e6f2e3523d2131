/**
 * Who may place a capsule (docs/moving.md, "Draining a server"): its owner,
 * and the keys the owner delegated its placement to, typically a domain
 * operator's, so that the operator can move capsules off a server without
 * the owner at hand. The delegations travel in the capsule's replica set, so
 * whoever asks a replica finds them.
 */
import { delegatesTo, signPlacementDelegation, type SignedPlacementDelegation } from '../capsule/delegation.js'
import type { Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { InvalidArgumentError, RenewalIncompleteError, RequestRefusedError } from '../errors.js'
import { signAdCert, type SignedAdCert } from '../routing/certificates.js'
import type { CapsuleInfo, GdpClient } from './client.js'

/**
 * What lets `key` change the capsule's replica set: nothing (it is the
 * owner's key), or the owner's delegation to it that holds now; null when
 * neither.
 */
export function placementAuthority (info: CapsuleInfo, key: Uint8Array): { delegation?: SignedPlacementDelegation } | null {
  if (equalBytes(info.metadata.metadata.owner.key, key)) return {}
  const delegation = info.delegations.find((d) => delegatesTo(d, key))
  return delegation === undefined ? null : { delegation }
}

/**
 * Signs AdCerts for capsule `name` by `signer` with its `authority`
 * (placementAuthority), lasting `delegateMs` from `nowUs`: a delegate's
 * hold within its delegation, no longer.
 */
export function adCertSigner (name: Uint8Array, signer: Signer, authority: { delegation?: SignedPlacementDelegation }, delegateMs: number, nowUs: number): { adCert: (server: Uint8Array) => SignedAdCert, notAfterUs: number } {
  const { delegation } = authority
  const notBeforeUs = Math.max(nowUs, delegation?.delegation.notBeforeUs ?? 0)
  const notAfterUs = Math.min(nowUs + delegateMs * 1000, delegation?.delegation.notAfterUs ?? Number.MAX_SAFE_INTEGER)
  return { adCert: (server) => signAdCert({ capsule: name, server, notBeforeUs, notAfterUs }, signer, delegation), notAfterUs }
}

/**
 * The date to sign on an order that takes `placed`'s server off a capsule's
 * set: now, but not before `placed` (the AdCert that put it there) nor the
 * delegation that signs the order (checked at that date). Servers refuse a
 * removal older than the AdCert it takes out, as one its owner placed again
 * since (removedBy): signed by a clock that went back, or that runs behind
 * the one that signed the AdCert (servers allow 60 s of skew), it was
 * refused, and the replica stayed.
 */
export function removalDateUs (nowUs: number, placed: SignedAdCert | undefined, delegation?: SignedPlacementDelegation): number {
  return Math.max(nowUs, placed?.cert.notBeforeUs ?? 0, delegation?.delegation.notBeforeUs ?? 0)
}

/**
 * Shared by the workers of one command over many capsules: once a server
 * tells one of them to wait for its create rate, the others wait as well
 * before their next attempt, instead of each spending its own refusals.
 */
export class RateGate {
  /** On the monotonic clock: on the wall clock, one stepped back an hour held every worker for that hour. */
  #until = 0

  /** Resolves once no wait that was asked for is still running. */
  async pass (): Promise<void> {
    for (let ms = this.#until - performance.now(); ms > 0; ms = this.#until - performance.now()) await new Promise((resolve) => setTimeout(resolve, ms))
  }

  /** Nobody passes for `ms` more. */
  hold (ms: number): void {
    this.#until = Math.max(this.#until, performance.now() + ms)
  }
}

/**
 * Runs `attempt` again each time a server refuses it for a rate limit and
 * says when to come back (a drain of many capsules meets the servers'
 * `create_rate`), until `deadline` (performance.now() ms: a wall clock
 * stepped ahead would end the waits at once); each attempt first
 * passes `gate`. Other errors, and a wait that would pass the deadline, are
 * thrown.
 */
export async function retryingRateLimits<T> (attempt: () => Promise<T>, deadline: number, gate = new RateGate()): Promise<T> {
  for (;;) {
    await gate.pass()
    try {
      return await attempt()
    } catch (err) {
      const wait = err instanceof RequestRefusedError && err.reason === 'QUOTA_EXCEEDED' ? err.retryAfterMs : undefined
      if (wait === undefined || performance.now() + wait > deadline) throw err
      gate.hold(wait)
    }
  }
}

/** Of the capsules a server holds that a command over them does not select, how many are named (capsulesOn). */
export const NAMED_OTHERS = 1000

/**
 * Capsules a command over all of a server's capsules lists at most, by
 * default: a server that creates capsules while it lists them (behind the
 * listing's cursor) kept the command listing, and asking each one's info,
 * for ever.
 */
export const MAX_LISTED_CAPSULES = 1_000_000

export interface CapsulesOn {
  selected: Uint8Array[]
  /** The first `named` of the capsules not selected, in name order, and how many there were in all. */
  others: { named: Uint8Array[], count: number }
  /** Set when the listing stopped at `maxListed` capsules, the server listing more: the last one taken (those after it were not looked at). */
  cutAfter?: Uint8Array
}

export interface CapsulesOnOptions {
  /** How many of the capsules not selected are named. @default NAMED_OTHERS */
  named?: number
  /** How many capsules are listed at most (selected or not). @default MAX_LISTED_CAPSULES */
  maxListed?: number
}

/**
 * The capsules `server` holds, split into those `select` picks (by their
 * info, asked of that server) and the others. Each is asked as it is
 * listed, and of the others only the first `named` are kept, with their
 * count: a server listing made-up names for ever (the client checks only
 * that they come in name order) held every name in memory before the first
 * was asked, and the command never ended. Those of another owner are all
 * that such a server can make up: the info of a name it invented fails (and
 * with it the whole listing), and it cannot sign metadata, or a delegation,
 * as the owner `select` looks for.
 */
export async function capsulesOn (client: GdpClient, server: Uint8Array, select: (info: CapsuleInfo) => boolean, options: CapsulesOnOptions = {}): Promise<CapsulesOn> {
  const { named = NAMED_OTHERS, maxListed = MAX_LISTED_CAPSULES } = options
  if (!Number.isSafeInteger(maxListed) || maxListed < 1) throw new InvalidArgumentError(`maxListed: ${maxListed} is not a whole number of capsules, at least 1`)
  const selected: Uint8Array[] = []
  const others = { named: [] as Uint8Array[], count: 0 }
  let listed: Uint8Array | undefined
  let count = 0
  for await (const { name } of client.list(server)) {
    // Stopped at one past the limit, so a server listing exactly the limit is not cut.
    if (count++ === maxListed) return { selected, others, cutAfter: listed }
    listed = name
    const info = await client.info(name, { replica: server })
    client.forget(name)
    if (select(info)) selected.push(name)
    else if (others.count++ < named) others.named.push(name)
  }
  return { selected, others }
}

export interface DelegateOptions {
  name: Uint8Array
  /** The capsule's owner: signs the delegation (and, for a capsule of one replica, the AdCert of its set). */
  owner: Signer
  /** Public key of the delegate. */
  delegate: Uint8Array
  /** How long the delegation lasts. */
  validMs: number
  /** How long the AdCert lasts that a capsule of one replica gets for its set. @default 30 days */
  delegateMs?: number
  /** Microseconds since the epoch. */
  clock: () => number
}

/**
 * The owner delegates the placement of a capsule to another key: every
 * replica gets the delegation in its replica set (a capsule of one replica
 * gets a set naming that one server, its AdCert signed afresh, as a move
 * does). A later delegation to the same key replaces the earlier one.
 */
export async function delegatePlacement (client: GdpClient, options: DelegateOptions): Promise<SignedPlacementDelegation> {
  const { name, owner, clock } = options
  const info = await client.info(name)
  if (!equalBytes(info.metadata.metadata.owner.key, owner.publicKey)) throw new InvalidArgumentError(`the key given is not the owner of capsule ${formatName(name)}: only its owner can delegate its placement`)
  if (equalBytes(options.delegate, owner.publicKey)) throw new InvalidArgumentError('the delegate is the owner\'s own key: an owner needs no delegation')
  const now = clock()
  const delegation = signPlacementDelegation({ capsule: name, delegate: options.delegate, notBeforeUs: now, notAfterUs: now + options.validMs * 1000 }, owner)
  let set = info.replicas
  if (set.length === 0) {
    if (info.server === undefined) throw new InvalidArgumentError(`capsule ${formatName(name)} keeps no replica set and the server holding it did not say its name`)
    set = [signAdCert({ capsule: name, server: info.server, notBeforeUs: now, notAfterUs: now + (options.delegateMs ?? 30 * 86_400_000) * 1000 }, owner)]
  }
  const orders = { removals: info.removals, delegations: [...info.delegations.filter((d) => !delegatesTo(d, options.delegate)), delegation] }
  for (const member of set) await client.create(info.metadata, member.cert.server, member, set, orders)
  return delegation
}

export interface RenewOptions {
  name: Uint8Array
  /** Signs the new AdCerts: the capsule's owner, or a key it delegated placement to (its AdCerts end with its delegation). */
  signer: Signer
  /** How long the new AdCerts last from now. */
  delegateMs: number
  /** Microseconds since the epoch. */
  clock: () => number
  /**
   * The server asked for the capsule's metadata and set (`--all-from`),
   * rather than the one the routers choose: a capsule that server holds but
   * does not advertise (its node.key replaced) has no route to ask by.
   */
  replica?: Uint8Array
}

export interface RenewResult {
  /** Each replica, and when its new AdCert ends. */
  servers: Uint8Array[]
  notAfterUs: number
  /**
   * When the first of the replicas' AdCerts ends now: a replica keeps, of
   * two, the one that ends later, so after a renewal shorter than the one it
   * held it is that one's end, not notAfterUs (`gdp capsule renew` said
   * "until" the new end, which no replica held).
   */
  heldUntilUs: number
}

/**
 * Renews the AdCerts that place a capsule on its servers: each replica (a
 * capsule of one replica: the server that answers) gets an AdCert signed
 * afresh, and the set of them all. A server drops a capsule from routing
 * when its AdCert ends (`gdp capsule create --delegate`, 30 days by
 * default); a server keeps, of two AdCerts, the one that ends later, so a
 * renewal that ends sooner than the one held changes nothing there.
 */
export async function renewPlacement (client: GdpClient, options: RenewOptions): Promise<RenewResult> {
  const { name, signer, clock } = options
  const info = await client.info(name, { replica: options.replica })
  const authority = placementAuthority(info, signer.publicKey)
  if (authority === null) throw new InvalidArgumentError(`the key given is neither the owner of capsule ${formatName(name)} nor a key its owner delegated placement to (now): only they can renew its AdCerts`)
  const { adCert, notAfterUs } = adCertSigner(name, signer, authority, options.delegateMs, clock())
  const servers = info.replicas.length > 0 ? info.replicas.map((a) => a.cert.server) : info.server === undefined ? [] : [info.server]
  const { replica } = options
  // The set's AdCerts alone would be signed afresh: the server asked (its node.key replaced) would stay unserved, with the renewal said done.
  if (replica !== undefined && info.replicas.length > 0 && !servers.some((s) => equalBytes(s, replica))) {
    // A set of one (a capsule moved, or renewed, once) has no other replica to serve it while the set changes.
    const way = servers.length === 1
      ? 'the set names no other replica, so only that key serves it here'
      : `or, while another replica serves the capsule, add that server to the set (gdp replicas add ${formatName(name)} --server ${formatName(replica)}: it names the old key's server as not answering), then take the old key's server off (gdp replicas rm ${formatName(name)} --server <its name>)`
    throw new InvalidArgumentError(`server ${formatName(replica)} holds capsule ${formatName(name)}, but its replica set names ${servers.map(formatName).join(', ')}, not that server (was its node.key replaced?): a renewal only renews those; put back that server's old node.key (from a backup), ${way}`)
  }
  if (servers.length === 0) throw new InvalidArgumentError(`capsule ${formatName(name)} keeps no replica set and the server holding it did not say its name`)
  const set = servers.map(adCert)
  const orders = { removals: info.removals, delegations: info.delegations }
  const failed: string[] = []
  for (const adCert of set) {
    try {
      await client.create(info.metadata, adCert.cert.server, adCert, set, orders)
    } catch (err) {
      failed.push(`${formatName(adCert.cert.server)} (${(err as Error).message})`)
    }
  }
  if (failed.length > 0) throw new RenewalIncompleteError(`capsule ${formatName(name)}: the renewed AdCerts did not reach ${failed.join('; ')}; the others hold until ${new Date(notAfterUs / 1000).toISOString()}. Run the renewal again once they answer`)
  const held = (server: Uint8Array): number => info.replicas.find((a) => equalBytes(a.cert.server, server))?.cert.notAfterUs ?? 0
  return { servers, notAfterUs, heldUntilUs: Math.min(...servers.map((server) => Math.max(held(server), notAfterUs))) }
}

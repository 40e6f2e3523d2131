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
import { InvalidArgumentError, RequestRefusedError } from '../errors.js'
import { signAdCert } from '../routing/certificates.js'
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
 * Shared by the workers of one command over many capsules: once a server
 * tells one of them to wait for its create rate, the others wait as well
 * before their next attempt, instead of each spending its own refusals.
 */
export class RateGate {
  #until = 0

  /** Resolves once no wait that was asked for is still running. */
  async pass (): Promise<void> {
    for (let ms = this.#until - Date.now(); ms > 0; ms = this.#until - Date.now()) await new Promise((resolve) => setTimeout(resolve, ms))
  }

  /** Nobody passes for `ms` more. */
  hold (ms: number): void {
    this.#until = Math.max(this.#until, Date.now() + ms)
  }
}

/**
 * Runs `attempt` again each time a server refuses it for a rate limit and
 * says when to come back (a drain of many capsules meets the servers'
 * `create_rate`), until `deadline` (Date.now() ms); each attempt first
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
      if (wait === undefined || Date.now() + wait > deadline) throw err
      gate.hold(wait)
    }
  }
}

/** The capsules `server` holds, split into those `select` picks (by their info, asked of that server) and how many others. */
export async function capsulesOn (client: GdpClient, server: Uint8Array, select: (info: CapsuleInfo) => boolean): Promise<{ selected: Uint8Array[], others: Uint8Array[] }> {
  const names: Uint8Array[] = []
  for await (const summary of client.list(server)) names.push(summary.name)
  const selected: Uint8Array[] = []
  const others: Uint8Array[] = []
  for (const name of names) {
    const info = await client.info(name, { replica: server })
    client.forget(name)
    ;(select(info) ? selected : others).push(name)
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

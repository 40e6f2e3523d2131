/**
 * Who may create capsules on a server, and how much: an allow-list of owner
 * keys, or open to anyone within per-owner quotas (capsules held, payload
 * bytes held, creates per minute) and a server-wide create rate, which also
 * bounds owners made up by the dozen. Every refusal says which limit and
 * what to do.
 */
import { formatName } from '../capsule/name.js'
import type { SignedMetadata } from '../capsule/types.js'
import { CreateRefusedError, QuotaExceededError } from '../errors.js'

export interface CreatePolicyInit {
  /** Owner public keys (32 bytes) allowed to create here; undefined: any owner, within the quotas. */
  allowOwners?: Uint8Array[]
  /** Capsules one owner may hold on this server. @default 100000 */
  maxCapsulesPerOwner?: number
  /** Payload bytes one owner's capsules may hold on this server. @default 64 GiB */
  maxBytesPerOwner?: number
  /** Creates per minute by one owner. @default 600 */
  maxCreatesPerMinutePerOwner?: number
  /** Creates per minute by all owners together. @default 6000 */
  maxCreatesPerMinute?: number
}

/** A token bucket refilled at `perMinute`, holding at most a minute's worth. */
interface Bucket { tokens: number, at: number }

const ownerKey = (key: Uint8Array): string => Buffer.from(key).toString('base64url')

export class CreatePolicy {
  readonly #init: Required<Omit<CreatePolicyInit, 'allowOwners'>>
  readonly #allow: Set<string> | undefined
  readonly #held = new Map<string, number>()
  readonly #bytes = new Map<string, number>()
  /** Owners whose byte counts changed since takeChangedUsage. */
  readonly #changed = new Set<string>()
  readonly #buckets = new Map<string, Bucket>()
  readonly #all: Bucket
  readonly #now: () => number

  /**
   * `now`: milliseconds of running time (the monotonic clock), not the wall
   * clock: a server started on a clock ten years ahead and set right while
   * it ran refused every create for ten years (its buckets began ahead).
   */
  constructor (init: CreatePolicyInit = {}, now: () => number = () => performance.now()) {
    this.#init = { maxCapsulesPerOwner: 100_000, maxBytesPerOwner: 64 * 1024 ** 3, maxCreatesPerMinutePerOwner: 600, maxCreatesPerMinute: 6000, ...withoutUndefined(init) }
    this.#allow = init.allowOwners === undefined ? undefined : new Set(init.allowOwners.map(ownerKey))
    this.#now = now
    this.#all = { tokens: this.#init.maxCreatesPerMinute, at: now() }
  }

  /** Owners with capsules or payload bytes counted here: an owner of none is forgotten (a server of short-lived capsules, each of a new owner, would keep them all). */
  get owners (): number {
    let count = this.#held.size
    for (const k of this.#bytes.keys()) if (!this.#held.has(k)) count++
    return count
  }

  /** Counts a capsule already stored (at start). */
  held (signed: SignedMetadata): void {
    const owner = ownerKey(signed.metadata.owner.key)
    this.#held.set(owner, (this.#held.get(owner) ?? 0) + 1)
  }

  /** Payload bytes of every owner together. */
  get payloadBytes (): number {
    let total = 0
    for (const bytes of this.#bytes.values()) total += bytes
    return total
  }

  /** Sets an owner's payload bytes as saved (at start). */
  usage (owner: Uint8Array, bytes: number): void {
    this.#setBytes(ownerKey(owner), bytes)
  }

  /** An owner's count of payload bytes; none is no entry (takeChangedUsage says 0, and the saved count goes). */
  #setBytes (k: string, bytes: number): void {
    if (bytes > 0) this.#bytes.set(k, bytes)
    else this.#bytes.delete(k)
  }

  /**
   * Throws QuotaExceededError when `bytes` more would take `owner` past its
   * byte quota; otherwise counts them (appends in flight count at once, so
   * pipelined ones cannot overshoot together). A write that then fails
   * gives them back with releaseBytes.
   */
  admitBytes (owner: Uint8Array, bytes: number): void {
    const k = ownerKey(owner)
    const held = this.#bytes.get(k) ?? 0
    if (held + bytes > this.#init.maxBytesPerOwner) {
      throw new QuotaExceededError(`owner ${k} holds ${held} payload bytes on this server; ${bytes} more would pass the ${this.#init.maxBytesPerOwner} allowed (create_quota_bytes)`)
    }
    this.#bytes.set(k, held + bytes)
    this.#changed.add(k)
  }

  releaseBytes (owner: Uint8Array, bytes: number): void {
    const k = ownerKey(owner)
    this.#setBytes(k, Math.max(0, (this.#bytes.get(k) ?? 0) - bytes))
    this.#changed.add(k)
  }

  /**
   * Counts bytes stored without asking: a replica fetching what its peers
   * hold must not stop part way (the owner's quota is checked where the
   * writer's appends arrive).
   */
  countBytes (owner: Uint8Array, bytes: number): void {
    const k = ownerKey(owner)
    this.#bytes.set(k, (this.#bytes.get(k) ?? 0) + bytes)
    this.#changed.add(k)
  }

  /** The payload bytes counted for `owner` now. */
  bytesOf (owner: Uint8Array): number {
    return this.#bytes.get(ownerKey(owner)) ?? 0
  }

  /** Gives back what a deleted capsule held: one capsule and its payload bytes. */
  deleted (signed: SignedMetadata, bytes: number): void {
    const owner = ownerKey(signed.metadata.owner.key)
    const held = (this.#held.get(owner) ?? 0) - 1
    if (held > 0) this.#held.set(owner, held)
    else this.#held.delete(owner)
    this.releaseBytes(signed.metadata.owner.key, bytes)
  }

  /** Whether a byte count changed since the last takeChangedOwners. */
  get usageChanged (): boolean { return this.#changed.size > 0 }

  /** The owners whose byte counts changed since the last call, to save (bytesOf). */
  takeChangedOwners (): Uint8Array[] {
    const out = [...this.#changed].map((k) => new Uint8Array(Buffer.from(k, 'base64url')))
    this.#changed.clear()
    return out
  }

  /**
   * Throws CreateRefusedError or QuotaExceededError when this owner may not
   * create `signed` now; otherwise counts the create. `exists`: the capsule
   * is already stored (a repeated create, or one renewing the AdCert), which
   * holds nothing new: it is not refused by the capsule quota, and it
   * draws on the server's create rate only, not on the owner's.
   */
  admit (signed: SignedMetadata, name: Uint8Array, exists: boolean): void {
    const { owner, held, bucket } = this.#admission(signed, name, exists)
    if (bucket !== undefined) bucket.tokens--
    this.#all.tokens--
    if (!exists) this.#held.set(owner, held + 1)
  }

  /**
   * Throws as admit does, counting nothing: a server asks before it checks
   * the rest of a create (each signature it carries), and admits the create
   * once that holds.
   */
  check (signed: SignedMetadata, name: Uint8Array, exists: boolean): void {
    this.#admission(signed, name, exists)
  }

  /** Throws why this owner may not create `signed` now; otherwise what admit counts. */
  #admission (signed: SignedMetadata, name: Uint8Array, exists: boolean): { owner: string, held: number, bucket: Bucket | undefined } {
    const owner = ownerKey(signed.metadata.owner.key)
    if (this.#allow !== undefined && !this.#allow.has(owner)) {
      throw new CreateRefusedError(`owner ${owner} may not create capsules on this server (not in create_allow)`)
    }
    const held = this.#held.get(owner) ?? 0
    if (!exists && held >= this.#init.maxCapsulesPerOwner) {
      throw new QuotaExceededError(`owner ${owner} holds ${held} capsules on this server, the most allowed (create_quota_capsules); capsule ${formatName(name)} was not created`)
    }
    const now = this.#now()
    refill(this.#all, this.#init.maxCreatesPerMinute, now)
    // A create of a capsule stored already holds nothing new: the server's rate bounds its work, not the owner's.
    // (Anyone may send a stored create again, its signed metadata being in every info answer: drawn from the
    // owner's rate, a peer with no key kept an owner from creating.)
    const bucket = exists ? undefined : this.#bucket(owner, now)
    if (bucket !== undefined && bucket.tokens < 1) {
      const ms = msUntilToken(bucket, this.#init.maxCreatesPerMinutePerOwner)
      throw new QuotaExceededError(`owner ${owner} created ${this.#init.maxCreatesPerMinutePerOwner} capsules in the last minute, the most allowed (create_rate); try again in ${Math.ceil(ms / 1000)} s`, ms)
    }
    if (this.#all.tokens < 1) {
      const ms = msUntilToken(this.#all, this.#init.maxCreatesPerMinute)
      throw new QuotaExceededError(`this server took ${this.#init.maxCreatesPerMinute} creates in the last minute, the most allowed (create_rate_total); try again in ${Math.ceil(ms / 1000)} s`, ms)
    }
    return { owner, held, bucket }
  }

  #bucket (owner: string, now: number): Bucket {
    let bucket = this.#buckets.get(owner)
    if (bucket === undefined) {
      // Owners whose buckets are full again hold no state: at most a minute's worth of owners are tracked.
      if (this.#buckets.size >= this.#init.maxCreatesPerMinute) {
        for (const [k, b] of this.#buckets) if (refill(b, this.#init.maxCreatesPerMinutePerOwner, now) >= this.#init.maxCreatesPerMinutePerOwner) this.#buckets.delete(k)
      }
      bucket = { tokens: this.#init.maxCreatesPerMinutePerOwner, at: now }
      this.#buckets.set(owner, bucket)
    }
    refill(bucket, this.#init.maxCreatesPerMinutePerOwner, now)
    return bucket
  }
}

function refill (bucket: Bucket, perMinute: number, now: number): number {
  bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, now - bucket.at) * perMinute / 60_000)
  bucket.at = now
  return bucket.tokens
}

/** Milliseconds until the bucket holds a whole token again. */
function msUntilToken (bucket: Bucket, perMinute: number): number {
  return Math.max(1, Math.ceil((1 - bucket.tokens) * 60_000 / perMinute))
}

function withoutUndefined<T extends object> (o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>
}

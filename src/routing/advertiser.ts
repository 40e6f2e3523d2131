/**
 * The server side of advertisements: keeps the set of capsules this server
 * may advertise (those with a valid AdCert naming it) and tells its router
 * about it in signed updates (docs/routing.md section 4). New delegations
 * are gathered for `batchMs` and sent as one update; a router that holds
 * another set asks for a full snapshot, sent in pages at a bounded rate; an
 * update with no changes every `intervalMs` refreshes the whole set. So a
 * create costs the router one AdCert check, however many capsules the server
 * holds.
 */
import { logger } from '@libp2p/logger'
import type { Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import { binaryKey, bytesOfKey } from '../crypto/bytes.js'
import {
  CLOCK_SKEW_US, EMPTY_SET_DIGEST, signAdvertisement, toggleSetDigest,
  type AdvertisedCapsule, type AdvertisementSnapshot, type SignedAdvertisement
} from './certificates.js'
import { InvalidArgumentError } from '../errors.js'
import { LimitedLog } from '../log-limit.js'
import { peerText } from '../peer-text.js'

const log = logger('gdp:advertiser')
/** A snapshot cut short by a link that is down or backed up starts again after this. */
const SNAPSHOT_RETRY_MS = 1000
/**
 * How long a graft waits for the new router to say the snapshot is in place
 * (SnapshotAck) before it leaves the old router anyway, as a router that
 * sends no acknowledgement would have it.
 */
export const SNAPSHOT_ACK_TIMEOUT_MS = 10_000

/** Capsules added plus withdrawn in one update, at most: a router checks the AdCert of each added one, all in one go. */
export const MAX_CAPSULES_PER_UPDATE = 256

export interface AdvertiserInit {
  /** How long a router keeps the set without hearing from this server. @default 120000 */
  lifetimeMs?: number
  /** A refresh (an update, empty if nothing changed) goes this often. @default 30000 */
  intervalMs?: number
  /** Changes wait at most this long and go together in one update. @default 50 */
  batchMs?: number
  /** Capsules added plus withdrawn in one update. @default MAX_CAPSULES_PER_UPDATE */
  maxPerUpdate?: number
  /**
   * Capsules in one snapshot page. Small, because a router checks a page in
   * one go (about 160 µs per AdCert here: 10 ms for 64), and other traffic
   * waits meanwhile. @default 64
   */
  snapshotPageSize?: number
  /** Capsules per second, at most, in a snapshot, so a router checking their AdCerts keeps serving. @default 5000 */
  snapshotRate?: number
}

/** Where the advertised capsules come from (the capsule service and its store). */
export interface AdvertisedCapsuleSource {
  /** Every capsule delegated to this server, with its AdCert's end. */
  delegations: () => AsyncIterable<{ name: Uint8Array, notAfterUs: number }>
  /**
   * Metadata and AdCert of a capsule with a delegation valid now; when its
   * delegation is not valid yet, the time from which it will be; undefined
   * when it has none to advertise (no delegation, or one that ended).
   */
  advertised: (name: Uint8Array, nowUs: number) => Promise<AdvertisedCapsule | { validFromUs: number } | undefined>
}

export interface AdvertiserComponents {
  /** The server's node key: signs the updates. */
  signer: Signer
  /** Microseconds since the epoch. */
  clock: () => number
  capsules: AdvertisedCapsuleSource
  /** Sends an update to the router; false when it could not go (no link, or backed up). */
  send: (update: SignedAdvertisement) => boolean
}

export interface AdvertiserCounters {
  /** Capsules in the advertised set. */
  advertised: number
  updates: number
  snapshots: number
  snapshotPages: number
  /** Updates that could not be sent (the router will ask for a snapshot). */
  unsent: number
  /** Snapshots the router refused (acknowledged with an error, outside a graft): `lastRefusal` says why. */
  refused: number
}

/** The router's last refusal of a snapshot of this server's: which (its last page's sequence), why, and when by this server's clock. */
export interface SnapshotRefusal { sequence: number, error: string, at: string }

/** The router's last warning about this server (two nodes advertise with its key), and when, by this server's clock. */
export interface RouterWarning { warning: string, at: string }


export class Advertiser {
  readonly #init: Required<AdvertiserInit>
  readonly #c: AdvertiserComponents
  /** The advertised set as the router should hold it: name -> AdCert end (µs). */
  readonly #inSet = new Map<string, number>()
  readonly #digest = new Uint8Array(EMPTY_SET_DIGEST)
  readonly #pendingAdded = new Set<string>()
  readonly #pendingWithdrawn = new Set<string>()
  /**
   * Capsules left out because their delegation is not valid yet (it starts
   * later, or this server's clock is behind): name -> when it will be (µs by
   * this server's clock). Offered again at the first refresh after that.
   */
  readonly #notYetValid = new Map<string, number>()
  #router: Uint8Array | undefined
  #sequence = 0
  /** Every change to the set and every send runs in order on this chain. */
  #chain: Promise<void> = Promise.resolve()
  #flushTimer: NodeJS.Timeout | undefined
  #snapshotQueued = false
  #timers: NodeJS.Timeout[] = []
  #stopped = false
  /** Grafts waiting for the new router's SnapshotAck of a last snapshot page: by the page's sequence. */
  readonly #ackWaiters = new Map<number, (error: string) => void>()
  /** The clock at the last refresh (or the start): a reading below it is a step back. */
  #lastRefreshUs = 0
  readonly counters: AdvertiserCounters = { advertised: 0, updates: 0, snapshots: 0, snapshotPages: 0, unsent: 0, refused: 0 }
  /** Undefined until the router refuses a snapshot; kept after (the status shows it beside `refused`). */
  lastRefusal: SnapshotRefusal | undefined
  readonly #refusalLog = new LimitedLog(60_000)
  #warning: (RouterWarning & { seenAt: number }) | undefined
  readonly #warningLog = new LimitedLog(60_000)

  constructor (init: AdvertiserInit, components: AdvertiserComponents) {
    this.#init = { lifetimeMs: 120_000, intervalMs: 30_000, batchMs: 50, maxPerUpdate: MAX_CAPSULES_PER_UPDATE, snapshotPageSize: 64, snapshotRate: 5000, ...init }
    this.#c = components
  }

  /** Loads the capsules with a valid delegation and starts the refresh timer. */
  async start (): Promise<void> {
    const now = this.#c.clock()
    this.#lastRefreshUs = now
    for await (const { name, notAfterUs } of this.#c.capsules.delegations()) {
      if (notAfterUs >= now) this.#add(binaryKey(name), notAfterUs)
    }
    const t = setInterval(() => { this.#refresh() }, this.#init.intervalMs)
    t.unref()
    this.#timers.push(t)
  }

  /** Stops sending; resolves once an update or snapshot page in progress is done. */
  async stop (): Promise<void> {
    this.#stopped = true
    for (const t of this.#timers) clearTimeout(t)
    clearTimeout(this.#flushTimer)
    await this.#chain
  }

  /** The router to advertise to: now linked (again), so it gets a full snapshot. */
  attach (router: Uint8Array): void {
    this.#router = router
    this.requestSnapshot()
  }

  /** A capsule was delegated to this server (or its delegation renewed). */
  delegated (name: Uint8Array): void {
    const k = binaryKey(name)
    this.#pendingWithdrawn.delete(k)
    this.#notYetValid.delete(k)
    // The set changes when the update is built, from the delegation stored then.
    this.#pendingAdded.add(k)
    this.#scheduleFlush()
  }

  /** A capsule is no longer served here (it was deleted): the router is told to drop it. */
  withdrawn (name: Uint8Array): void {
    const k = binaryKey(name)
    this.#pendingAdded.delete(k)
    this.#notYetValid.delete(k)
    this.#pendingWithdrawn.add(k)
    this.#scheduleFlush()
  }

  /**
   * Sends an update now (empty if nothing changed): the router, which moved
   * to another machine with its routes (docs/moving.md), compares the set it
   * holds with the one stated and asks for a snapshot only if they differ.
   */
  refresh (): void { this.#refresh() }

  /**
   * Moves this server's advertisements to another router (a graft,
   * docs/moving.md section 4): the new router gets a full snapshot, and
   * once that went, the old one an update withdrawing every capsule
   * (through `toOld`, its own link), so its routes go and it relays the
   * withdrawal up. Resolves once both went; false if the old router could
   * not be told (its routes then expire with their lifetime). A new router
   * that sends no acknowledgement within `ackTimeoutMs` is left to have the
   * set (one that predates acknowledgements), unless `linked` says the link
   * to it is gone: then the graft is refused, and the old router keeps the
   * set (a new router killed mid-graft had the server leave the old one for
   * nothing, its capsules unreachable).
   */
  async graft (router: Uint8Array, toOld: (update: SignedAdvertisement) => boolean, ackTimeoutMs = SNAPSHOT_ACK_TIMEOUT_MS, linked: () => boolean = () => true): Promise<boolean> {
    const old = this.#router
    this.#router = router
    let told = true
    let refused: string | undefined
    await new Promise<void>((resolve) => {
      this.#enqueue(async () => {
        try {
          const last = await this.#snapshot()
          // Make before break: the old router lets go once the set is in place at the new one and above it.
          const acknowledged = last === undefined ? '' : await this.#acknowledgement(last, ackTimeoutMs)
          const error = acknowledged !== '' || linked() ? acknowledged : 'the link to it went down before it acknowledged the set'
          if (error !== '') {
            refused = error
            this.#router = old
          } else if (old !== undefined) {
            told = this.#leave(old, toOld)
          }
        } finally {
          resolve()
        }
      })
    })
    if (refused !== undefined) throw new InvalidArgumentError(`the new router did not take the set: ${refused}`)
    return told
  }

  /** The router's SnapshotAck of the last snapshot page `sequence`: in place (error empty) or refused. */
  acknowledged (sequence: number, sent: string): void {
    // The router's text, kept in the status file and the log: bounded, on one line.
    const error = peerText(sent)
    const waiter = this.#ackWaiters.get(sequence)
    if (waiter !== undefined) { waiter(error); return }
    // Outside a graft nobody waits: a refusal (a clock ahead of the router's, say) is the operator's to see,
    // or the server shows its capsules advertised while its router routes none of them.
    if (error === '') return
    this.counters.refused++
    this.lastRefusal = { sequence, error, at: new Date(this.#c.clock() / 1000).toISOString() }
    this.#refusalLog.note(error, (more) => { log.error('the router refused this server\'s snapshot (update %d): %s; its capsules are not routed there until it takes one%s', sequence, error, more) })
  }

  /** The router's warning about this server (a SnapshotAck with `warning`): logged, and in the status while it lasts. */
  warned (sent: string): void {
    const warning = peerText(sent)
    this.#warning = { warning, at: new Date(this.#c.clock() / 1000).toISOString(), seenAt: performance.now() }
    this.#warningLog.note(warning, (more) => { log.error('%s%s', warning, more) })
  }

  /**
   * The router's last warning, while it lasts: the router repeats it while
   * it holds (at the updates of both nodes advertising with this key), so
   * one not repeated for the advertisement lifetime is over (one stopped).
   */
  get lastWarning (): RouterWarning | undefined {
    if (this.#warning === undefined || performance.now() - this.#warning.seenAt > this.#init.lifetimeMs) return undefined
    return { warning: this.#warning.warning, at: this.#warning.at }
  }

  async #acknowledgement (sequence: number, timeoutMs: number): Promise<string> {
    return await new Promise<string>((resolve) => {
      const timer = setTimeout(() => {
        this.#ackWaiters.delete(sequence)
        log.error('graft: the new router did not acknowledge the snapshot within %d ms; leaving the old router anyway if it is still linked', timeoutMs)
        resolve('')
      }, timeoutMs)
      this.#ackWaiters.set(sequence, (error) => { clearTimeout(timer); this.#ackWaiters.delete(sequence); resolve(error) })
    })
  }

  /** Updates to `router` that withdraw the whole set, in pages of maxPerUpdate; the last states the empty set. */
  #leave (router: Uint8Array, send: (update: SignedAdvertisement) => boolean): boolean {
    const names = [...this.#inSet.keys()].map(bytesOfKey)
    let sent = true
    for (let i = 0; i === 0 || i < names.length; i += this.#init.maxPerUpdate) {
      const withdrawn = names.slice(i, i + this.#init.maxPerUpdate)
      const last = i + this.#init.maxPerUpdate >= names.length
      // The set as the old router will hold it after this page: what is left to withdraw.
      const left = names.slice(i + withdrawn.length)
      const digest = new Uint8Array(EMPTY_SET_DIGEST)
      for (const n of left) toggleSetDigest(digest, n)
      const now = this.#c.clock()
      const update = signAdvertisement({
        serverKey: this.#c.signer.publicKey, router, sequence: this.#nextSequence(), issuedAtUs: now, expiresAtUs: now + this.#init.lifetimeMs * 1000,
        cost: 0, added: [], withdrawn, set: { count: last ? 0 : left.length, digest }, ...(last ? { leaving: true as const } : {})
      }, this.#c.signer)
      this.counters.updates++
      if (!send(update)) { sent = false; this.counters.unsent++ }
    }
    return sent
  }

  /** The router asked for the whole set (it missed updates, or restarted). */
  requestSnapshot (): void {
    if (this.#snapshotQueued) return
    this.#snapshotQueued = true
    this.#enqueue(async () => {
      this.#snapshotQueued = false
      await this.#snapshot()
    })
  }

  /** Names in the set, for status. */
  get size (): number { return this.#inSet.size }

  /** Capsules in the set whose AdCert ends within `withinUs` from now: they drop off routing then, unless their owner renews them (gdp capsule renew). */
  endingWithin (withinUs: number): number {
    const until = this.#c.clock() + withinUs
    let ending = 0
    for (const notAfterUs of this.#inSet.values()) if (notAfterUs < until) ending++
    return ending
  }

  #add (k: string, notAfterUs: number): void {
    if (!this.#inSet.has(k)) toggleSetDigest(this.#digest, bytesOfKey(k))
    this.#inSet.set(k, notAfterUs)
    this.counters.advertised = this.#inSet.size
  }

  #remove (k: string): void {
    if (!this.#inSet.delete(k)) return
    toggleSetDigest(this.#digest, bytesOfKey(k))
    this.counters.advertised = this.#inSet.size
  }

  #enqueue (task: () => Promise<void>): void {
    this.#chain = this.#chain.then(async () => { if (!this.#stopped) await task() }).catch((err: Error) => { log('advertising failed: %s', err.message) })
  }

  #scheduleFlush (): void {
    if (this.#flushTimer !== undefined) return
    this.#flushTimer = setTimeout(() => { this.#flushNow() }, this.#init.batchMs)
    this.#flushTimer.unref()
  }

  #flushNow (): void {
    clearTimeout(this.#flushTimer)
    this.#flushTimer = undefined
    this.#enqueue(async () => { await this.#flush() })
  }

  /** Resolves once every change so far has been sent or given up on (for tests and an orderly stop). */
  async settled (): Promise<void> {
    for (;;) {
      if (this.#flushTimer !== undefined) this.#flushNow()
      const chain = this.#chain
      await chain
      if (chain === this.#chain && this.#flushTimer === undefined) return
    }
  }

  /** Sends what changed since the last update, in updates of at most maxPerUpdate capsules. */
  async #flush (): Promise<void> {
    while (this.#pendingAdded.size + this.#pendingWithdrawn.size > 0) {
      if (this.#router === undefined || this.#stopped) return
      const now = this.#c.clock()
      const withdrawn: Uint8Array[] = []
      for (const k of this.#pendingWithdrawn) {
        if (withdrawn.length >= this.#init.maxPerUpdate) break
        this.#pendingWithdrawn.delete(k)
        this.#remove(k)
        withdrawn.push(bytesOfKey(k))
      }
      const added: AdvertisedCapsule[] = []
      for (const k of this.#pendingAdded) {
        if (withdrawn.length + added.length >= this.#init.maxPerUpdate) break
        this.#pendingAdded.delete(k)
        const entry = await this.#advertisable(k, now)
        if (entry === undefined) continue
        this.#add(k, entry.adCert.cert.notAfterUs)
        added.push(entry)
      }
      this.#send(added, withdrawn, undefined)
    }
  }

  /** Applies the pending changes to the set without sending them. */
  async #absorbPending (): Promise<void> {
    const now = this.#c.clock()
    for (const k of this.#pendingWithdrawn) this.#remove(k)
    this.#pendingWithdrawn.clear()
    for (const k of this.#pendingAdded) {
      this.#pendingAdded.delete(k)
      const entry = await this.#advertisable(k, now)
      if (entry !== undefined) this.#add(k, entry.adCert.cert.notAfterUs)
    }
  }

  /** What the set holds for `k` now, if anything; a delegation not valid yet is kept aside until it is. */
  async #advertisable (k: string, nowUs: number): Promise<AdvertisedCapsule | undefined> {
    const entry = await this.#c.capsules.advertised(bytesOfKey(k), nowUs)
    if (entry === undefined || 'adCert' in entry) return entry
    this.#notYetValid.set(k, entry.validFromUs)
    return undefined
  }

  /**
   * Withdraws capsules whose AdCert ended, offers those whose delegation
   * became valid, then sends an update: at least a refresh of the set's
   * lifetime.
   */
  #refresh (): void {
    this.#enqueue(async () => {
      const now = this.#c.clock()
      // A step within the skew every check allows (NTP's) leaves nothing worth a read of every delegation.
      if (now < this.#lastRefreshUs - CLOCK_SKEW_US) await this.#offerValidAgain(now)
      this.#lastRefreshUs = now
      for (const [k, notAfterUs] of this.#inSet) if (notAfterUs < now) this.#pendingWithdrawn.add(k)
      for (const [k, validFromUs] of this.#notYetValid) {
        if (validFromUs > now) continue
        this.#notYetValid.delete(k)
        if (!this.#pendingWithdrawn.has(k)) this.#pendingAdded.add(k)
      }
      if (this.#pendingAdded.size + this.#pendingWithdrawn.size > 0) await this.#flush()
      else if (this.#router !== undefined) this.#send([], [], undefined)
    })
  }

  /**
   * The clock stepped back (set right after it ran ahead): capsules whose
   * delegation looked ended then were withdrawn, or never loaded, and may be
   * valid again; they stayed unrouted until a restart. Reads every
   * delegation, once per step back.
   */
  async #offerValidAgain (now: number): Promise<void> {
    log('this server\'s clock stepped back %d s: capsules whose delegation looked ended are offered again', Math.round((this.#lastRefreshUs - now) / 1e6))
    for await (const { name, notAfterUs } of this.#c.capsules.delegations()) {
      const k = binaryKey(name)
      if (notAfterUs >= now && !this.#inSet.has(k)) this.#pendingAdded.add(k)
    }
  }

  /** The whole set, in pages; the router swaps its copy for it at the last page. Returns the last page's sequence, if it went. */
  async #snapshot (): Promise<number | undefined> {
    if (this.#router === undefined) return
    // Pending changes join the set first: the snapshot carries them, no separate update.
    await this.#absorbPending()
    this.counters.snapshots++
    const names = [...this.#inSet.keys()]
    const pageSize = this.#init.snapshotPageSize
    const pageGapMs = 1000 * pageSize / this.#init.snapshotRate
    let firstSequence: number | undefined
    for (let i = 0; i === 0 || i < names.length; i += pageSize) {
      if (this.#stopped || this.#router === undefined) return
      const now = this.#c.clock()
      const added: AdvertisedCapsule[] = []
      for (const k of names.slice(i, i + pageSize)) {
        const entry = await this.#advertisable(k, now)
        // A delegation that ended (or is not valid yet) meanwhile leaves the set; the last page states the set without it.
        if (entry === undefined) this.#remove(k)
        else added.push(entry)
      }
      const last = i + pageSize >= names.length
      const sequence = this.#nextSequence()
      firstSequence ??= sequence
      const page: AdvertisementSnapshot = { firstSequence, last }
      if (!this.#send(added, [], page, sequence)) {
        log('snapshot for router %s interrupted: the link is down or backed up; again in %d ms', formatName(this.#router), SNAPSHOT_RETRY_MS)
        const retry = setTimeout(() => { if (!this.#stopped) this.requestSnapshot() }, SNAPSHOT_RETRY_MS)
        retry.unref()
        return
      }
      this.counters.snapshotPages++
      if (last) return sequence
      await new Promise((resolve) => setTimeout(resolve, pageGapMs))
    }
  }

  #nextSequence (): number {
    // Microseconds since the epoch, at least: a restarted server keeps counting up.
    this.#sequence = Math.max(this.#sequence + 1, this.#c.clock())
    return this.#sequence
  }

  #send (added: AdvertisedCapsule[], withdrawn: Uint8Array[], snapshot: AdvertisementSnapshot | undefined, sequence = this.#nextSequence()): boolean {
    const router = this.#router
    if (router === undefined) return false
    const now = this.#c.clock()
    const update = signAdvertisement({
      serverKey: this.#c.signer.publicKey,
      router,
      sequence,
      issuedAtUs: now,
      expiresAtUs: now + this.#init.lifetimeMs * 1000,
      cost: 0,
      added,
      withdrawn,
      set: { count: this.#inSet.size, digest: new Uint8Array(this.#digest) },
      ...(snapshot === undefined ? {} : { snapshot })
    }, this.#c.signer)
    this.counters.updates++
    const sent = this.#c.send(update)
    if (!sent) this.counters.unsent++
    return sent
  }
}

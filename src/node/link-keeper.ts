/**
 * Keeps the configured links up: dials each neighbour and the upstream at
 * start, and again whenever its link is found down, so a node that started
 * first, or whose neighbour restarted, links by itself.
 */
import { logger } from '@libp2p/logger'
import { formatName } from '../capsule/name.js'
import { InvalidArgumentError } from '../errors.js'

const log = logger('gdp:node')

export interface LinkKeeperInit {
  /** How often each link is checked, and dialled again when down. @default 2000 */
  retryMs?: number
}

export interface LinkKeeperComponents {
  /** Dials an address and opens the PDU link; resolves with the neighbour's node name. */
  connect: (address: string) => Promise<Uint8Array>
}

/**
 * A link kept: where it is dialled, its configured address (`home`), and
 * where else to dial by turns when that fails (`fallback`): the address a
 * neighbour left (the same node moved), or home (a graft took this node to
 * another router).
 */
interface Kept { address: string, home: string | undefined, fallback: string | undefined, dialFallback: boolean, link: KeptLink, lastFailure?: DialFailure, dialsInFlight: number }

/**
 * A failed dial: where (the configured address or a fallback), the error's
 * message, and, while every dial of the link since then was refused
 * (nothing listens at the address: a node stopped, restarting, or a wrong
 * port), when the first of them was (performance.now(): a wall clock stepped
 * ahead ended a wait for refused dials at once); `wrongAddress`: why
 * the address can never link, when no wait mends it.
 */
export interface DialFailure { address: string, message: string, refusedSinceMs?: number, wrongAddress?: string }

/**
 * Why a dial's address can never link, whatever the wait: the node there is
 * another than the address's /p2p/ names (a copied address, or a port now
 * another node's), or no transport of this node dials such an address (UDP,
 * a /p2p/ id alone). libp2p names the second by its error; the first is
 * known by Noise's message only (an error of another wording waits as any).
 */
function wrongAddress (err: unknown): string | undefined {
  const { name, message } = err as Error
  if (/does not match expected remote identity key/.test(message ?? '')) return 'the node there is not the one its /p2p/ names'
  if (name === 'NoValidAddressesError') return 'no transport of this node dials that address'
  return undefined
}

/** The error that ends a wait for a link at once: `failure`'s address can never link (its wrongAddress), and what to give instead. */
export function wrongAddressError (failure: DialFailure & { wrongAddress: string }): InvalidArgumentError {
  const hint = failure.wrongAddress.startsWith('no transport') ? 'give a /tcp/ or /ws address with the node\'s /p2p/ id' : 'give the address that node\'s gdp node start printed'
  return new InvalidArgumentError(`cannot link to ${failure.address}: ${failure.wrongAddress} (${failure.message}): ${hint}`)
}

/**
 * Whether a dial failed because the far host refused the connection: it is
 * up and nothing listens on that port. One address gives its socket's error;
 * several (a DNS name) an AggregateError, refused if each of them was.
 */
function connectionRefused (err: unknown): boolean {
  if (err instanceof AggregateError) return err.errors.length > 0 && err.errors.every(connectionRefused)
  return (err as { code?: unknown } | undefined)?.code === 'ECONNREFUSED'
}

/**
 * What a failed dial says: its error's message. A browser's WebSocket
 * fails with its bare `error` event, which carries no reason (the
 * standard hides why, so pages cannot scan ports): said so, with what it
 * may be, for "undefined".
 */
function dialFailureMessage (err: unknown): string {
  if (err instanceof Error) return err.message
  if (typeof Event !== 'undefined' && err instanceof Event) return `the connection failed with an ${err.type} event of no reason (a browser's WebSocket gives none: nothing listens there, no answer, a TLS failure, or a page origin the node does not take)`
  return String(err)
}

/** One link to keep: how to tell it is up, and what to do each time it is dialled. */
export interface KeptLink {
  up: () => boolean
  onLinked?: (peer: Uint8Array) => void
  /** Told each failed dial, once lastFailure says it. */
  onDialFailed?: (failure: DialFailure) => void
}

export class LinkKeeper {
  readonly #init: Required<LinkKeeperInit>
  readonly #c: LinkKeeperComponents
  readonly #timers: NodeJS.Timeout[] = []
  #stopped = false

  constructor (init: LinkKeeperInit, components: LinkKeeperComponents) {
    this.#init = { retryMs: 2000, ...init }
    this.#c = components
  }

  /** Where each kept link is dialled: changed by readdress when its neighbour moves. */
  readonly #kept: Kept[] = []

  /**
   * Dials `address` now, and again every retryMs while `link.up()` says it
   * is down and no dial of it is in flight; with `home` (the configured address, where the address book
   * says the neighbour moved to `address`), each failed dial tries the
   * other address next.
   */
  keep (address: string, link: KeptLink, home?: string): void {
    const kept: Kept = { address, home, fallback: home === address ? undefined : home, dialFallback: false, link, dialsInFlight: 0 }
    this.#kept.push(kept)
    void this.#attempt(kept)
    this.#watch(kept)
  }

  #watch (kept: Kept): void {
    // One dial at a time: a neighbour whose handshake stalls is not dialled again each check, the dials piling up.
    const t = setInterval(() => { if (!kept.link.up() && kept.dialsInFlight === 0) void this.#attempt(kept) }, this.#init.retryMs)
    // In Node the redials alone do not hold the process up; a browser's timers are numbers, with no unref.
    t.unref?.()
    this.#timers.push(t)
  }

  /**
   * A neighbour moved (docs/moving.md): links kept to `peerId` are dialled
   * at `address` from now on. The same node moved (a router's new instance,
   * same peer id): the address it left stays as the fallback, where it is
   * found again if its new instance dies and it goes on where it was. Another
   * node (a graft to another router): the configured address is the
   * fallback, where the node finds its way back if that router goes away
   * (it was stranded, dialling the dead one alone).
   */
  readdress (peerId: string, address: string, peerIdOf: (address: string) => string | undefined): void {
    for (const kept of this.#kept) {
      if (peerIdOf(kept.address) !== peerId && (kept.fallback === undefined || peerIdOf(kept.fallback) !== peerId)) continue
      const sameNode = peerIdOf(address) === peerIdOf(kept.address)
      const fallback = sameNode ? kept.fallback ?? kept.address : kept.home
      kept.fallback = fallback === address ? undefined : fallback
      kept.address = address
      kept.dialFallback = false
    }
  }

  /**
   * Why the last dial of the link kept for `address` (where it is dialled,
   * or its configured address) failed; undefined before one failed and once
   * one succeeds. What a caller giving up on the link says (the command line
   * said only that it waited 10 s, where the node's port refused each dial).
   */
  lastFailure (address: string): DialFailure | undefined {
    return this.#kept.find((kept) => kept.address === address || kept.home === address)?.lastFailure
  }

  /**
   * Dials the link kept for `address` (where it is dialled, or its configured
   * address) once more in `delayMs`, unless it is up or being dialled by
   * then: sooner than the next check, for a caller waiting on it (a dial
   * refused returns at once; one in flight may be a slow handshake).
   */
  dialSoon (address: string, delayMs: number): void {
    const kept = this.#kept.find((k) => k.address === address || k.home === address)
    if (kept === undefined || this.#stopped) return
    // Not cancelled by stop: a stopped keeper's attempt does nothing.
    const t = setTimeout(() => { if (!kept.link.up() && kept.dialsInFlight === 0) void this.#attempt(kept) }, delayMs)
    t.unref?.()
  }

  /** No more dials; one in flight that succeeds afterwards is not reported. */
  stop (): void {
    this.#stopped = true
    for (const t of this.#timers.splice(0)) clearInterval(t)
  }

  /** Keeps the links again after stop (a move of this node that failed): each down one is dialled within retryMs. */
  resume (): void {
    if (!this.#stopped) return
    this.#stopped = false
    for (const kept of this.#kept) this.#watch(kept)
  }

  async #attempt (kept: Kept): Promise<void> {
    if (this.#stopped) return
    kept.dialsInFlight++
    const address = kept.dialFallback && kept.fallback !== undefined ? kept.fallback : kept.address
    try {
      const peer = await this.#c.connect(address)
      if (this.#stopped) return
      log('linked to %s (%s)', formatName(peer), address)
      delete kept.lastFailure
      kept.link.onLinked?.(peer)
    } catch (err) {
      const message = dialFailureMessage(err)
      log('cannot link to %s yet: %s', address, message)
      const refusedSinceMs = connectionRefused(err) ? kept.lastFailure?.refusedSinceMs ?? performance.now() : undefined
      const wrong = wrongAddress(err)
      kept.lastFailure = { address, message, ...(refusedSinceMs === undefined ? {} : { refusedSinceMs }), ...(wrong === undefined ? {} : { wrongAddress: wrong }) }
      if (kept.fallback !== undefined) kept.dialFallback = !kept.dialFallback
      if (!this.#stopped) kept.link.onDialFailed?.(kept.lastFailure)
    } finally {
      kept.dialsInFlight--
    }
  }
}

/**
 * Keeps the configured links up: dials each neighbour and the upstream at
 * start, and again whenever its link is found down, so a node that started
 * first, or whose neighbour restarted, links by itself.
 */
import { logger } from '@libp2p/logger'
import { formatName } from '../capsule/name.js'

const log = logger('gdp:node')

export interface LinkKeeperInit {
  /** How often each link is checked, and dialled again when down. @default 2000 */
  retryMs?: number
}

export interface LinkKeeperComponents {
  /** Dials an address and opens the PDU link; resolves with the neighbour's node name. */
  connect: (address: string) => Promise<Uint8Array>
}

/** One link to keep: how to tell it is up, and what to do each time it is dialled. */
export interface KeptLink {
  up: () => boolean
  onLinked?: (peer: Uint8Array) => void
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
  readonly #kept: Array<{ address: string, link: KeptLink }> = []

  /** Dials `address` now, and again every retryMs while `link.up()` says it is down. */
  keep (address: string, link: KeptLink): void {
    const kept = { address, link }
    this.#kept.push(kept)
    void this.#attempt(kept.address, link)
    this.#watch(kept)
  }

  #watch (kept: { address: string, link: KeptLink }): void {
    const t = setInterval(() => { if (!kept.link.up()) void this.#attempt(kept.address, kept.link) }, this.#init.retryMs)
    // In Node the redials alone do not hold the process up; a browser's timers are numbers, with no unref.
    t.unref?.()
    this.#timers.push(t)
  }

  /** A neighbour moved (docs/moving.md): links kept to `peerId` are dialled at `address` from now on. */
  readdress (peerId: string, address: string, peerIdOf: (address: string) => string | undefined): void {
    for (const kept of this.#kept) if (peerIdOf(kept.address) === peerId) kept.address = address
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

  async #attempt (address: string, link: KeptLink): Promise<void> {
    if (this.#stopped) return
    try {
      const peer = await this.#c.connect(address)
      if (this.#stopped) return
      log('linked to %s (%s)', formatName(peer), address)
      link.onLinked?.(peer)
    } catch (err) {
      log('cannot link to %s yet: %s', address, (err as Error).message)
    }
  }
}

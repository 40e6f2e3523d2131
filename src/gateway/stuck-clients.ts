/**
 * When a client of the gateway counts as stuck (it has taken nothing of
 * what it was sent for stuckMs, or longer after its socket took much at
 * once), for the budgets that cut the stuck off
 * to make room (downloads, answers, event streams). Counted in looks, each
 * made once the event loop has handled what the sockets took, rather than
 * in time: a gateway whose own loop was busy for seconds (building events
 * or verifying chunks, on a loaded machine) had every client look stuck
 * when it came back, and cut off 40 of 64 reading watchers, and 5 of 64
 * reading downloads, under their budgets.
 */
import { InvalidArgumentError } from '../errors.js'

/**
 * How long a client may take nothing before it is stuck: `stuckMs` at
 * least, up to `mostMs` after its socket took much at once (below). Longer
 * windows spare slow clients on slow links; shorter ones free the room of
 * clients that stopped reading sooner.
 */
export interface StuckWindow {
  /** A client is stuck once it has taken nothing for this long at least. @default 2000 */
  stuckMs: number
  /** The longest a client is given after its socket took much at once, however much. @default 12000 */
  mostMs: number
}

export const DEFAULT_STUCK_WINDOW: Readonly<StuckWindow> = { stuckMs: 2000, mostMs: 12_000 }
/** stuckMs in looks: what a client is allowed before its socket took anything. */
export const STUCK_LOOKS = 4
/**
 * The pace below which a client may be taken for stuck: 128 KiB/s (a write
 * of 256 KiB in the default stuckMs). The socket does not take a client's bytes as the
 * client reads them: the kernel buffers megabytes and lets the socket write
 * again only once a good part of them was read, so a client reading
 * 200 KiB/s on loopback was seen to take nothing for 5 to 7 s, then 1.3 MB
 * at once, and was cut off mid-answer as others needed the room. A client
 * is given the time that pace needs to read what its socket last took, up
 * to mostMs: by default about what that pace needs to read the third of the
 * largest send buffer (tcp_wmem, 4 MiB by default on Linux) that the kernel
 * waits to have room for before the socket writes again. A client that
 * reads nothing is cut off that much later too when the kernel took a large
 * part of its answer.
 */
const FLOOR_BYTES_PER_SECOND = 128 * 1024

/** What the looks count of one client: whether its socket took some of what it holds since the last look (and how many bytes), the looks in a row that found it holding writes and none taken, and how many such looks it is allowed before it is stuck. */
export interface LookedAt {
  moved: boolean
  movedBytes: number
  quietLooks: number
  allowedLooks: number
}

/** `client`'s socket took `bytes` of what it holds (0: it moved, how much unknown). */
export function took (client: LookedAt, bytes: number): void {
  client.moved = true
  client.movedBytes += bytes
}

export const isStuck = (client: LookedAt): boolean => client.quietLooks >= client.allowedLooks

/** Calls `look` every stuckMs / STUCK_LOOKS, after the loop's I/O of that turn (setImmediate), while `keep(true)` says it is needed; counts each client's looks. */
export class Looks {
  #timer: ReturnType<typeof setInterval> | undefined
  readonly #lookMs: number
  readonly #mostLooks: number
  readonly #floorBytesPerLook: number

  constructor (readonly look: () => void, window: StuckWindow = DEFAULT_STUCK_WINDOW) {
    if (!(window.stuckMs > 0 && window.mostMs >= window.stuckMs)) throw new InvalidArgumentError(`a client's stuck window needs 0 < stuckClientMs <= stuckClientMostMs, not ${window.stuckMs} and ${window.mostMs}`)
    this.#lookMs = window.stuckMs / STUCK_LOOKS
    this.#mostLooks = Math.floor(window.mostMs / this.#lookMs)
    this.#floorBytesPerLook = FLOOR_BYTES_PER_SECOND * this.#lookMs / 1000
  }

  /** One look at `client`: `holding`, whether it holds writes not taken. */
  count (client: LookedAt, holding: boolean): void {
    if (client.moved) client.allowedLooks = Math.max(STUCK_LOOKS, Math.min(this.#mostLooks, Math.ceil(client.movedBytes / this.#floorBytesPerLook)))
    client.quietLooks = !holding || client.moved ? 0 : client.quietLooks + 1
    client.moved = false
    client.movedBytes = 0
  }

  keep (needed: boolean): void {
    if (needed && this.#timer === undefined) {
      this.#timer = setInterval(() => { setImmediate(this.look) }, this.#lookMs)
      this.#timer.unref()
    } else if (!needed && this.#timer !== undefined) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }
}

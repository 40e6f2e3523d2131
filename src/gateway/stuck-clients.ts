/**
 * When a client of the gateway counts as stuck (it has taken nothing of
 * what it was sent for STUCK_MS), for the budgets that cut the stuck off
 * to make room (downloads, answers, event streams). Counted in looks, each
 * made once the event loop has handled what the sockets took, rather than
 * in time: a gateway whose own loop was busy for seconds (building events
 * or verifying chunks, on a loaded machine) had every client look stuck
 * when it came back, and cut off 40 of 64 reading watchers, and 5 of 64
 * reading downloads, under their budgets.
 */

/** A client is stuck once it has taken nothing for this long: STUCK_LOOKS looks in a row. A client still reading never leaves one write (256 KiB at most) so long. */
export const STUCK_MS = 2000
const LOOK_MS = 500
const STUCK_LOOKS = STUCK_MS / LOOK_MS

/** What the looks count of one client: whether its socket took some of what it holds since the last look, and the looks in a row that found it holding writes and none taken. */
export interface LookedAt {
  moved: boolean
  quietLooks: number
}

/** One look at `client`: `holding`, whether it holds writes not taken. */
export function countLook (client: LookedAt, holding: boolean): void {
  client.quietLooks = !holding || client.moved ? 0 : client.quietLooks + 1
  client.moved = false
}

export const isStuck = (client: LookedAt): boolean => client.quietLooks >= STUCK_LOOKS

/** Calls `look` every LOOK_MS, after the loop's I/O of that turn (setImmediate), while `keep(true)` says it is needed. */
export class Looks {
  #timer: ReturnType<typeof setInterval> | undefined

  constructor (readonly look: () => void) {}

  keep (needed: boolean): void {
    if (needed && this.#timer === undefined) {
      this.#timer = setInterval(() => { setImmediate(this.look) }, LOOK_MS)
      this.#timer.unref()
    } else if (!needed && this.#timer !== undefined) {
      clearInterval(this.#timer)
      this.#timer = undefined
    }
  }
}

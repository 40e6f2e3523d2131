/**
 * The node's clock: microseconds since the epoch, as the wall clock says.
 * It was the wall clock at start plus a monotonic timer, fixed when the
 * process started: a node started before NTP set the clock, or on a machine
 * that suspended, kept the wrong time until a restart (it refused valid
 * certificates, and routers its advertisements, in silence). Now a step of
 * the wall clock is followed (and logged), while between steps time comes
 * from the monotonic timer, in fractions of a millisecond.
 */
import { logger } from '@libp2p/logger'

const log = logger('gdp:clock')

/** A difference from the wall clock past this is a step of it (NTP, a resume), not drift. */
const STEP_MS = 1000

let origin = performance.timeOrigin

export function wallClockUs (): number {
  const monotonic = performance.now()
  const wall = Date.now()
  const drift = wall - (origin + monotonic)
  if (Math.abs(drift) > STEP_MS) {
    log('the wall clock stepped by %d ms; following it', Math.round(drift))
    origin = wall - monotonic
  }
  return Math.floor((origin + monotonic) * 1000)
}

/**
 * The longest delay timers hold (2^31 - 1 ms, about 24.8 days), in Node
 * and in browsers: setTimeout and setInterval run a longer one at once (in
 * Node after 1 ms), so a setting of 25 days for an interval or a timeout
 * did its work every millisecond (an upgrade timeout that closed every
 * connection, advertisements 800 times a second).
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

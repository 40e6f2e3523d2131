/**
 * The one duration syntax of the command line and the configuration:
 * a whole number and a unit, ms, s, m, h, d or w ('30s', '90d').
 */
import { InvalidArgumentError } from '../errors.js'

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 }

/** The form of a duration, as parseDurationMs's errors name it. */
export const DURATION_FORM = 'a whole number and ms, s, m, h, d or w, e.g. 30s or 90d'

/** A duration in milliseconds; `what` names the option or setting in the error. */
export function parseDurationMs (text: string, what = 'duration'): number {
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(text)
  const ms = match === null ? NaN : Number(match[1]) * UNIT_MS[match[2]!]!
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new InvalidArgumentError(`${what}: '${text}' is not a duration (${DURATION_FORM})`)
  return ms
}

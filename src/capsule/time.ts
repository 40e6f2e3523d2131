/**
 * Times written as text, read to the unit records and heartbeats carry:
 * microseconds since the Unix epoch. The command line and the HTTP gateway
 * take the same ISO 8601 form; each adds one numeric form of its own.
 */

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})?)?$/

/**
 * An ISO 8601 date (`2026-01-31`, midnight UTC) or date and time
 * (`2026-01-31T12:00`, `...:00Z`, `...:00.123456+02:00`; without a zone,
 * the machine's local time) to microseconds since the epoch, keeping a
 * fraction to the microsecond (so a record's printed time names that
 * record). Undefined for anything else: another shape, a day or hour that
 * does not exist (Date would roll 2026-02-31 over to March), a time before
 * 1970 or past what a safe integer holds.
 */
export function parseIsoTimeUs (text: string): number | undefined {
  const time = readIsoTime(text)
  return 'us' in time && !Number.isNaN(time.us) ? time.us : undefined
}

/**
 * Why text in ISO 8601's form names no time a capsule stamps, for a
 * message ("is before 1970", ...); undefined when it names one, or is not
 * in that form at all.
 */
export function isoTimeProblem (text: string): string | undefined {
  const time = readIsoTime(text)
  return 'problem' in time ? time.problem : undefined
}

/** The time `text` names, NaN when it is not in ISO 8601's form, or why it names none. */
function readIsoTime (text: string): { us: number } | { problem: string } {
  const m = ISO_TIME.exec(text)
  if (m === null) return { us: Number.NaN }
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => part === undefined ? 0 : Number(part)) as [number, number, number, number, number, number]
  // Checked first: Date.UTC takes years 0 to 99 as 1900 to 1999.
  if (year < 1970) return { problem: BEFORE_1970 }
  const fraction = m[7]
  const zone = m[8]
  const timed = m[4] !== undefined
  const fields = [year, month - 1, day, hour, minute, second]
  // A date alone is UTC, as Date.parse reads it; a time without a zone is local time.
  const at = !timed || zone !== undefined ? new Date(Date.UTC(year, month - 1, day, hour, minute, second)) : new Date(year, month - 1, day, hour, minute, second)
  const back = !timed || zone !== undefined
    ? [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()]
    : [at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes(), at.getSeconds()]
  if (back.some((v, i) => v !== fields[i])) return { problem: 'names a day or a time of day that does not exist' }
  let ms = at.getTime()
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const [h, mi] = zone.slice(1).split(':').map(Number) as [number, number]
    if (h > 23 || mi > 59) return { problem: 'has a zone offset that does not exist' }
    ms -= sign * (h * 60 + mi) * 60_000
  }
  const us = ms * 1000 + (fraction === undefined ? 0 : Number(fraction.padEnd(6, '0').slice(0, 6)))
  if (us < 0) return { problem: BEFORE_1970 }
  if (!Number.isSafeInteger(us)) return { problem: PAST_2255 }
  return { us }
}

const BEFORE_1970 = 'is before 1970, the earliest time a capsule stamps'
/** 2^53 - 1 microseconds since the epoch: the latest time a safe integer holds. */
const PAST_2255 = 'is past June 2255, the latest time a capsule stamps (2^53 - 1 microseconds since the epoch)'

/** Why microseconds since the epoch, given as decimal digits, are no time a capsule stamps; undefined when they are one. */
export function microsecondsProblem (us: number): string | undefined {
  return Number.isSafeInteger(us) ? undefined : PAST_2255
}

/** Microseconds since the epoch as ISO 8601 with microseconds. */
export function formatTime (us: number): string {
  const ms = Math.floor(us / 1000)
  return new Date(ms).toISOString().replace('Z', `${String(us % 1000).padStart(3, '0')}Z`)
}

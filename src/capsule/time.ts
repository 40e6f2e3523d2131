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
  const m = ISO_TIME.exec(text)
  if (m === null) return undefined
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((part) => part === undefined ? 0 : Number(part)) as [number, number, number, number, number, number]
  const fraction = m[7]
  const zone = m[8]
  const timed = m[4] !== undefined
  const fields = [year, month - 1, day, hour, minute, second]
  // A date alone is UTC, as Date.parse reads it; a time without a zone is local time.
  const at = !timed || zone !== undefined ? new Date(Date.UTC(year, month - 1, day, hour, minute, second)) : new Date(year, month - 1, day, hour, minute, second)
  // Date.UTC takes years 0 to 99 as 1900 to 1999; such years are before 1970 and refused below anyway.
  const back = !timed || zone !== undefined
    ? [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds()]
    : [at.getFullYear(), at.getMonth(), at.getDate(), at.getHours(), at.getMinutes(), at.getSeconds()]
  if (back.some((v, i) => v !== fields[i])) return undefined
  let ms = at.getTime()
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const [h, mi] = zone.slice(1).split(':').map(Number) as [number, number]
    if (h > 23 || mi > 59) return undefined
    ms -= sign * (h * 60 + mi) * 60_000
  }
  const us = ms * 1000 + (fraction === undefined ? 0 : Number(fraction.padEnd(6, '0').slice(0, 6)))
  return Number.isSafeInteger(us) && us >= 0 ? us : undefined
}

/** Microseconds since the epoch as ISO 8601 with microseconds. */
export function formatTime (us: number): string {
  const ms = Math.floor(us / 1000)
  return new Date(ms).toISOString().replace('Z', `${String(us % 1000).padStart(3, '0')}Z`)
}

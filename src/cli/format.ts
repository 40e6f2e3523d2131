import { InvalidArgumentError } from '../errors.js'
import { escapeJsonControls, holdsControl } from '../peer-text.js'
import { isoTimeProblem, microsecondsProblem, parseIsoTimeUs } from '../capsule/time.js'

/**
 * ISO 8601 time (capsule/time.ts) or @unix-seconds with up to 9 decimals,
 * to microseconds since the epoch. Date.parse took '1' as 2001 and
 * 'hello 2026' as a time, and cut a printed record time to the millisecond.
 */
/** The forms of a time parseTime takes, as its errors name them. */
export const TIME_FORMS = 'ISO 8601 such as 2026-01-31 or 2026-01-31T12:00:00Z, or @unix-seconds'

export function parseTime (text: string): number {
  const unix = /^@(\d+)(?:\.(\d{1,9}))?$/.exec(text)
  const us = unix === null ? parseIsoTimeUs(text) : Number(unix[1]) * 1e6 + Number((unix[2] ?? '').padEnd(6, '0').slice(0, 6))
  if (us !== undefined && Number.isSafeInteger(us)) return us
  const problem = unix === null ? isoTimeProblem(text) : microsecondsProblem(us!)
  if (problem === undefined) throw new InvalidArgumentError(`not a time: '${text}' (use ${TIME_FORMS})`)
  throw new InvalidArgumentError(`the time '${text}' ${problem}`)
}

/**
 * A payload as text when it is printable UTF-8, otherwise as base64 with a
 * prefix. Newlines and tabs are written \\n and \\t: the lines it goes into
 * are tab-separated columns, one entry a line.
 */
export function payloadText (payload: Uint8Array): string {
  const text = Buffer.from(payload).toString('utf8')
  const printable = Buffer.from(text, 'utf8').equals(Buffer.from(payload)) && !holdsControl(text)
  return printable ? text.replaceAll('\n', '\\n').replaceAll('\t', '\\t') : `base64:${Buffer.from(payload).toString('base64')}`
}

/**
 * JSON.stringify, with DEL and the C1 controls also escaped: the same
 * value, safe on a terminal, as escapeControls makes lines.
 */
export function terminalJson (value: unknown): string {
  return escapeJsonControls(JSON.stringify(value))
}


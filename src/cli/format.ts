import { InvalidArgumentError } from '../errors.js'

/** Microseconds since the epoch as ISO 8601 with microseconds. */
export function formatTime (us: number): string {
  const ms = Math.floor(us / 1000)
  return new Date(ms).toISOString().replace('Z', `${String(us % 1000).padStart(3, '0')}Z`)
}

/** ISO 8601 time or @unix-seconds, to microseconds since the epoch. */
export function parseTime (text: string): number {
  if (/^@\d+(\.\d+)?$/.test(text)) return Math.round(Number(text.slice(1)) * 1e6)
  const ms = Date.parse(text)
  if (Number.isNaN(ms)) throw new InvalidArgumentError(`not a time: '${text}' (use ISO 8601 such as 2026-01-31T12:00:00Z, or @unix-seconds)`)
  return ms * 1000
}

/** A payload as text when it is printable UTF-8, otherwise as base64 with a prefix. */
export function payloadText (payload: Uint8Array): string {
  const text = Buffer.from(payload).toString('utf8')
  // eslint-disable-next-line no-control-regex
  const printable = Buffer.from(text, 'utf8').equals(Buffer.from(payload)) && !/[\x00-\x08\x0b-\x1f\x7f]/.test(text)
  return printable ? text.replaceAll('\n', '\\n') : `base64:${Buffer.from(payload).toString('base64')}`
}

/** The clock, in microseconds since the epoch. */
export function nowUs (): number {
  return Math.floor((performance.timeOrigin + performance.now()) * 1000)
}

/**
 * Which records a read asks for, and the one resolver that turns a selector
 * into a range of record numbers. The server, the CLI's local reads and the
 * CLI's remote reads all go through it, so they clamp and refuse alike.
 */
import { HASH_LENGTH } from '../crypto/hash.js'
import { formatName } from './name.js'
import { InvalidArgumentError, RecordNotFoundError } from '../errors.js'
import { formatTime } from './time.js'
import type { SeqRange } from './types.js'

export type ReadSelector =
  | { seqno: number }
  /** Records from..to-1; `to` past the end reads to the end. */
  | { range: { from: number, to: number } }
  /** The last n records (n >= 1), or all of them if there are fewer. */
  | { last: number }
  /** The first record at or after this time. */
  | { atUs: number }
  | { hash: Uint8Array }

/**
 * Refuses a selector that asks for nothing a log can hold, before it is
 * sent (the client) or resolved (the server, the CLI): numbers that are not
 * whole numbers in [0, 2^53) (on the wire they are uint64, where -1 wraps
 * to about 1.8e19 and a fraction or NaN reads as some other record), a
 * backwards range, `last: 0`, a hash that is not 32 bytes.
 */
export function checkSelector (selector: ReadSelector): void {
  const numbers = 'seqno' in selector ? { seqno: selector.seqno } : 'range' in selector ? { from: selector.range.from, to: selector.range.to } : 'last' in selector ? { last: selector.last } : 'atUs' in selector ? { atUs: selector.atUs } : {}
  for (const [field, n] of Object.entries(numbers)) {
    if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`a read's ${field} must be a whole number in [0, 2^53), not ${String(n)}`)
  }
  if ('range' in selector && selector.range.to < selector.range.from) throw new InvalidArgumentError(`a read range must not run backwards: from ${selector.range.from} to ${selector.range.to} (records from..to-1 are read)`)
  if ('last' in selector && selector.last < 1) throw new InvalidArgumentError('a read of the last n records needs n >= 1')
  // Any other length names no record; answered NOT_FOUND, the answer quoted it back, up to the frame limit.
  if ('hash' in selector && selector.hash.length !== HASH_LENGTH) throw new InvalidArgumentError(`a read by hash names a record hash of ${HASH_LENGTH} bytes, not ${selector.hash.length}`)
}

/** What the resolver needs of a log: its size and its two lookups. */
export interface SelectableLog {
  readonly name: Uint8Array
  readonly size: number
  /** The first record at or after `timestampUs`, if any. */
  findByTimestamp: (timestampUs: number) => number | undefined
  /** The record with this hash, if any. */
  findByHash: (hash: Uint8Array) => Promise<{ header: { seqno: number } } | undefined>
}

/**
 * Resolves `selector` against `log` as it is now. One record asked for by
 * number, time or hash that is not there is a RecordNotFoundError; a range
 * past the end is clamped to it (a reader polling for news gets nothing, not
 * an error); a backwards range or `last: 0` is an InvalidArgumentError.
 * The range it resolves to has from <= to <= size.
 */
export async function resolveSelector (log: SelectableLog, selector: ReadSelector): Promise<SeqRange> {
  checkSelector(selector)
  const size = log.size
  const which = `capsule ${formatName(log.name)}`
  if ('seqno' in selector) {
    if (selector.seqno >= size) throw new RecordNotFoundError(`${which} has ${size} records; there is no record ${selector.seqno}`)
    return { from: selector.seqno, to: selector.seqno + 1 }
  }
  if ('range' in selector) {
    const { from, to } = selector.range
    return { from: Math.min(from, size), to: Math.min(to, size) }
  }
  if ('last' in selector) {
    return { from: Math.max(0, size - selector.last), to: size }
  }
  if ('atUs' in selector) {
    const found = log.findByTimestamp(selector.atUs)
    if (found === undefined) throw new RecordNotFoundError(`${which} has no record at or after ${formatTime(selector.atUs)}`)
    return { from: found, to: found + 1 }
  }
  const found = await log.findByHash(selector.hash)
  if (found === undefined) throw new RecordNotFoundError(`${which} has no record with hash ${formatName(selector.hash)}`)
  return { from: found.header.seqno, to: found.header.seqno + 1 }
}

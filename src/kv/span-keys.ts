/**
 * The keys a span of records writes, kept for the next pages of a diff.
 *
 * A diff between two versions finds its keys by reading every record
 * between them: for a span of 100,000 writes, about a second. Its pages come
 * one request at a time (the next one above the last key sent), so without
 * this each page read the span again, and a diff of n pages cost n times the
 * span: 50 pages of 1,000 keys, over a minute. The keys found are kept here,
 * sorted, for the pages that follow; a page's keys are then a binary search
 * away. Pure: no I/O.
 *
 * Records below the version an index has applied never change (the index
 * drops this when it drops its rows), so what is kept stays right.
 */
import { compareKeys, type KeyBounds } from './format.js'

/** The keys of the span [low, high) within [start, end), in key order. */
interface SpanKeysEntry {
  low: number
  high: number
  start: Uint8Array | undefined
  end: Uint8Array | undefined
  keys: Uint8Array[]
  bytes: number
}

/** Spans kept, at most, and the heap their keys take over all of them (a diff's keys are at most MAX_DIFF_KEYS of up to 1 KiB). */
export const SPAN_KEYS_ENTRIES = 4
export const SPAN_KEYS_BYTES = 32 * 1024 * 1024

/** Heap a kept key takes besides its bytes (the Uint8Array and its backing store), roughly. */
const KEY_OVERHEAD = 96

const sameBound = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean => a === undefined ? b === undefined : b !== undefined && compareKeys(a, b) === 0

export class SpanKeys {
  /** Least recently used first. */
  #entries: SpanKeysEntry[] = []
  #bytes = 0

  constructor (readonly maxEntries = SPAN_KEYS_ENTRIES, readonly maxBytes = SPAN_KEYS_BYTES) {}

  /**
   * The keys of span [low, high) within `bounds`, in key order, if a span
   * kept covers them: same span and end, a start at or below theirs.
   */
  get (low: number, high: number, bounds: KeyBounds): Uint8Array[] | undefined {
    const at = this.#entries.findIndex((e) => e.low === low && e.high === high && sameBound(e.end, bounds.end) &&
      (e.start === undefined || (bounds.start !== undefined && compareKeys(e.start, bounds.start) <= 0)))
    if (at < 0) return undefined
    const entry = this.#entries[at]!
    this.#entries.splice(at, 1)
    this.#entries.push(entry)
    return bounds.start === undefined ? entry.keys : entry.keys.slice(firstAtOrAbove(entry.keys, bounds.start))
  }

  /** Keeps `keys` (sorted) as the keys of span [low, high) within `bounds`; a set larger than the whole budget is not kept. */
  set (low: number, high: number, bounds: KeyBounds, keys: Uint8Array[]): void {
    let bytes = 0
    for (const key of keys) bytes += key.length + KEY_OVERHEAD
    if (bytes > this.maxBytes) return
    this.#entries.push({ low, high, start: bounds.start, end: bounds.end, keys, bytes })
    this.#bytes += bytes
    while (this.#entries.length > this.maxEntries || this.#bytes > this.maxBytes) this.#bytes -= this.#entries.shift()!.bytes
  }

  clear (): void {
    this.#entries = []
    this.#bytes = 0
  }
}

/** The index of the first key at or above `start` in sorted `keys` (their length when none is). */
function firstAtOrAbove (keys: Uint8Array[], start: Uint8Array): number {
  let lo = 0
  let hi = keys.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (compareKeys(keys[mid]!, start) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

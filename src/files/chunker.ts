/**
 * Content-defined chunking (docs/files.md section 5.1): a gear rolling hash
 * with FastCDC's normalised cut points, so an edit moves only the cuts near
 * it and the chunks before and after it are stored once. Pure: no I/O.
 */
import { sha256 } from '../crypto/hash.js'
import { MAX_CHUNK_LENGTH } from './format.js'

/** No cut before this many bytes (only the last chunk of a file is shorter). */
export const MIN_CHUNK_LENGTH = 16 * 1024
/** Where the cut condition eases: below it a cut needs 18 zero bits, from it on 14. */
export const NORMAL_CHUNK_LENGTH = 64 * 1024

/** The tag the gear table is derived from. */
export const GEAR_TAG = 'gdp/v1/files-gear\0'

/** The gear table: entry i is the first four bytes (big-endian) of SHA-256(GEAR_TAG || byte i). */
export const GEAR: Uint32Array = (() => {
  const table = new Uint32Array(256)
  const tag = Buffer.from(GEAR_TAG, 'latin1')
  for (let i = 0; i < 256; i++) table[i] = Buffer.from(sha256(Buffer.concat([tag, Uint8Array.of(i)]))).readUInt32BE(0)
  return table
})()

// The top bits of the hash depend on the most bytes (up to 32), so the masks take them.
export const MASK_BEFORE_NORMAL = 0xffffc000 // 18 bits
export const MASK_FROM_NORMAL = 0xfffc0000 // 14 bits

/** A function with cutPoint's contract: this reference, or the addon's (src/files/native-gear.ts). */
export type CutPoint = (data: Uint8Array, available: number) => number

/**
 * The length of the chunk that begins at `data[0]`, of the first `available`
 * bytes: the first position p >= MIN_CHUNK_LENGTH after which the gear hash
 * (h = 2h + GEAR[byte] mod 2^32, from 0 at MIN_CHUNK_LENGTH) has the mask's
 * bits all zero, or MAX_CHUNK_LENGTH, or `available` when it holds no cut.
 * A caller that has more bytes coming calls again with more unless the
 * answer is a cut (below `available`) or MAX_CHUNK_LENGTH.
 */
export function cutPoint (data: Uint8Array, available: number): number {
  if (available <= MIN_CHUNK_LENGTH) return available
  const normalEnd = Math.min(available, NORMAL_CHUNK_LENGTH)
  const end = Math.min(available, MAX_CHUNK_LENGTH)
  let hash = 0
  let i = MIN_CHUNK_LENGTH
  for (; i < normalEnd; i++) {
    hash = ((hash << 1) + GEAR[data[i]!]!) >>> 0
    if ((hash & MASK_BEFORE_NORMAL) === 0) return i + 1
  }
  for (; i < end; i++) {
    hash = ((hash << 1) + GEAR[data[i]!]!) >>> 0
    if ((hash & MASK_FROM_NORMAL) === 0) return i + 1
  }
  return end
}

/**
 * Cuts a stream of bytes into chunks, whatever the sizes of the pieces it
 * comes in (the cuts depend on the bytes alone), with `cut` (the reference
 * cutPoint unless given the addon's). Holds at most MAX_CHUNK_LENGTH bytes
 * besides the piece being read; each chunk is a copy of its own, in a
 * buffer from `allocate`, so the source may reuse its buffers.
 */
export async function * chunkContent (pieces: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, cut: CutPoint = cutPoint, allocate: (length: number) => Uint8Array = (length) => new Uint8Array(length)): AsyncGenerator<Uint8Array> {
  const chunkOf = (window: Uint8Array, length: number): Uint8Array => {
    const chunk = allocate(length)
    chunk.set(window.subarray(0, length))
    return chunk
  }
  const window = new Uint8Array(MAX_CHUNK_LENGTH)
  let filled = 0
  for await (const piece of pieces) {
    let read = 0
    while (read < piece.length) {
      const take = Math.min(piece.length - read, MAX_CHUNK_LENGTH - filled)
      window.set(piece.subarray(read, read + take), filled)
      filled += take
      read += take
      if (filled === MAX_CHUNK_LENGTH) {
        const length = cut(window, filled)
        yield chunkOf(window, length)
        window.copyWithin(0, length, filled)
        filled -= length
      }
    }
  }
  // The stream ended: what is left is cut as far as it holds cuts.
  while (filled > 0) {
    const length = cut(window, filled)
    yield chunkOf(window, length)
    window.copyWithin(0, length, filled)
    filled -= length
  }
}

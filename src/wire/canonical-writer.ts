/**
 * Canonical protobuf encoding written by hand, for the few messages on hot
 * paths (a proof per record read, a tree node per key written), where
 * protobufjs's writer cost more than the hashing around it: fields in
 * ascending order, defaults (0, empty) left out, minimal varints. Each
 * message written so is checked against protobufjs in its tests.
 */
import * as varint from 'uint8-varint'

/** Bytes of a varint of `n` (an integer below 2^53). */
export const varintLength = (n: number): number => varint.encodingLength(n)

/**
 * Writes `n` (an integer below 2^53) as a varint at `at`; where it ends.
 * uint8-varint, the one varint codec (wire/index.ts): a loop here took about
 * three times as long for a timestamp, on the path of every record hash.
 */
export function writeVarint (out: Uint8Array, at: number, n: number): number {
  varint.encode(n, out, at)
  return at + varint.encodingLength(n)
}

/** Bytes of a length-delimited field with a one-byte tag (absent when empty, as canonical encoding leaves it out). */
export const bytesFieldLength = (bytes: Uint8Array | undefined): number => bytes === undefined || bytes.length === 0 ? 0 : 1 + varintLength(bytes.length) + bytes.length

/** Bytes of a varint field with a one-byte tag (absent when 0). */
export const varintFieldLength = (n: number | undefined): number => n === undefined || n === 0 ? 0 : 1 + varintLength(n)

export function writeBytesField (out: Uint8Array, at: number, tag: number, bytes: Uint8Array | undefined): number {
  if (bytes === undefined || bytes.length === 0) return at
  out[at++] = tag
  at = writeVarint(out, at, bytes.length)
  out.set(bytes, at)
  return at + bytes.length
}

export function writeVarintField (out: Uint8Array, at: number, tag: number, n: number | undefined): number {
  if (n === undefined || n === 0) return at
  out[at++] = tag
  return writeVarint(out, at, n)
}

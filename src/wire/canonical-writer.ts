/**
 * Canonical protobuf encoding written by hand, for the few messages on hot
 * paths (a proof per record read, a tree node per key written), where
 * protobufjs's writer cost more than the hashing around it: fields in
 * ascending order, defaults (0, empty) left out, minimal varints. Each
 * message written so is checked against protobufjs in its tests.
 */

/** Bytes of a varint of `n` (an integer below 2^53). */
export const varintLength = (n: number): number => {
  let length = 1
  for (; n >= 128; n = Math.floor(n / 128)) length++
  return length
}

export function writeVarint (out: Uint8Array, at: number, n: number): number {
  for (; n >= 128; n = Math.floor(n / 128)) out[at++] = (n % 128) | 128
  out[at++] = n
  return at
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

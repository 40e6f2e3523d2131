/**
 * Protobuf messages generated from proto/ (npm run proto) and the checks every
 * decoder shares. 64-bit fields decode to numbers; values above 2^53 - 1 are
 * rejected rather than rounded.
 */
import protobuf from 'protobufjs/minimal.js'
import { gdp } from './gen/proto.js'
import { MalformedMessageError } from '../errors.js'

export import pb = gdp.v1

/** Decodes with a protobuf type, turning any decoder failure into a MalformedMessageError. */
export function decodeProto<T> (type: { decode: (bytes: Uint8Array) => T }, bytes: Uint8Array, what: string): T {
  try {
    return type.decode(bytes)
  } catch (err) {
    throw new MalformedMessageError(`${what} does not decode: ${(err as Error).message}`)
  }
}

/** A non-negative integer field that must not exceed 2^53 - 1. */
export function safeUint (value: number | null | undefined, field: string): number {
  const n = value ?? 0
  if (!Number.isSafeInteger(n) || n < 0) throw new MalformedMessageError(`${field} is not an integer in [0, 2^53): ${String(value)}`)
  return n
}

/** A bytes field of an exact length (or, with `optional`, empty). */
export function fixedBytes (value: Uint8Array | null | undefined, length: number, field: string, optional = false): Uint8Array {
  const bytes = value ?? new Uint8Array(0)
  if (optional && bytes.length === 0) return bytes
  if (bytes.length !== length) throw new MalformedMessageError(`${field} must be ${length} bytes, got ${bytes.length}`)
  return bytes
}

/** Writes `message` with a varint length prefix, as protobuf's writeDelimited does. */
export function lengthPrefixed (message: Uint8Array): Uint8Array {
  const prefix: number[] = []
  let n = message.length
  while (n > 0x7f) { prefix.push((n & 0x7f) | 0x80); n = Math.floor(n / 128) }
  prefix.push(n)
  const out = new Uint8Array(prefix.length + message.length)
  out.set(prefix, 0)
  out.set(message, prefix.length)
  return out
}

export type ProtoWriter = protobuf.Writer

/** A protobuf writer, for encodings assembled from parts already encoded. */
export function protoWriter (): ProtoWriter {
  return protobuf.Writer.create()
}

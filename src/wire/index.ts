/**
 * Protobuf messages generated from proto/ (npm run proto), the checks every
 * decoder shares, and the varint length prefix that frames them on streams
 * and in export files (one codec: uint8-varint). 64-bit fields decode to numbers; values above
 * 2^53 - 1 are rejected rather than rounded.
 */
import protobuf from 'protobufjs/minimal.js'
import * as varint from 'uint8-varint'
import { Uint8ArrayList } from 'uint8arraylist'
import { gdp } from './gen/proto.js'
import { FrameTooLargeError, MalformedMessageError } from '../errors.js'

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

/**
 * A bytes field of an exact length (or, with `optional`, empty), as a copy:
 * a decoded bytes field is a view of the buffer the frame was read into,
 * and a name, hash, key or signature is what outlives a message (in a route,
 * a view's heartbeat, a pending request), so 32 bytes kept held a whole
 * frame (megabytes) or the chunk it came in.
 */
export function fixedBytes (value: Uint8Array | null | undefined, length: number, field: string, optional = false): Uint8Array {
  return copyOf(fixedBytesView(value, length, field, optional))
}

/**
 * fixedBytes without the copy, for fields checked and dropped with their
 * message, never kept: a proof's path hashes (twenty a record read, where
 * the copies cost a reader a fifth of its rate).
 */
export function fixedBytesView (value: Uint8Array | null | undefined, length: number, field: string, optional = false): Uint8Array {
  const bytes = value ?? new Uint8Array(0)
  if (optional && bytes.length === 0) return bytes
  if (bytes.length !== length) throw new MalformedMessageError(`${field} must be ${length} bytes, got ${bytes.length}`)
  return bytes
}

/**
 * A bytes field of any length kept beyond its message (a metadata's nonce),
 * in a buffer of its own, as fixedBytes gives one of a fixed length.
 */
export function ownedBytes (value: Uint8Array | null | undefined): Uint8Array {
  return value == null || value.length === 0 ? new Uint8Array(0) : copyOf(value)
}

/** The bytes in a buffer of their own, as a Uint8Array (a Buffer's slice() is another view; and copying into a Buffer costs twice the time). */
function copyOf (bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes)
}

/** The varint length prefix of a message of `length` bytes, alone. */
export function lengthPrefix (length: number): Uint8Array {
  const out = new Uint8Array(varint.encodingLength(length))
  varint.encode(length, out)
  return out
}

/** Writes `message` with a varint length prefix, as protobuf's writeDelimited does. */
export function lengthPrefixed (message: Uint8Array): Uint8Array {
  const prefixBytes = varint.encodingLength(message.length)
  const out = new Uint8Array(prefixBytes + message.length)
  varint.encode(message.length, out)
  out.set(message, prefixBytes)
  return out
}

/** The PDU's ttl field (Pdu.ttl = 4, a varint). */
const PDU_TTL_FIELD = 4

/**
 * Sets the ttl of an encoded PDU in place, every occurrence of its field (a
 * decoder takes the last), when the new value's varint is as long as each
 * old one: a router forwards a request without encoding it again (for a
 * record of 16 MiB, a copy into new memory and protobuf's writer, most of a
 * hop's work). Returns the same array, or undefined when it cannot: no ttl
 * field, a varint of another length, a ttl of 0 (proto3 leaves it out), or
 * bytes it cannot walk (the caller then encodes the PDU).
 */
export function patchPduTtl (encoded: Uint8Array, ttl: number): Uint8Array | undefined {
  if (!Number.isSafeInteger(ttl) || ttl <= 0 || ttl > 0xffffffff) return undefined
  const width = varint.encodingLength(ttl)
  const places: number[] = []
  let at = 0
  try {
    while (at < encoded.length) {
      const key = varint.decode(encoded, at)
      at += varint.encodingLength(key)
      const wire = key & 7
      if (key >>> 3 === PDU_TTL_FIELD && wire === 0) {
        const old = varint.decode(encoded, at)
        if (varint.encodingLength(old) !== width) return undefined
        places.push(at)
        at += width
      } else if (wire === 0) {
        at += varint.encodingLength(varint.decode(encoded, at))
      } else if (wire === 2) {
        const length = varint.decode(encoded, at)
        at += varint.encodingLength(length) + length
      } else if (wire === 1) {
        at += 8
      } else if (wire === 5) {
        at += 4
      } else {
        return undefined
      }
    }
  } catch {
    return undefined
  }
  if (at !== encoded.length || places.length === 0) return undefined
  for (const place of places) varint.encode(ttl, encoded, place)
  return encoded
}

/** The codec's longest varint (values below 2^56, far past any frame limit); a longer prefix is refused. */
const MAX_PREFIX_BYTES = 8

/**
 * Reads the varint length prefix at the start of `buffer`: the length it
 * gives and the prefix's own size, or undefined while the buffer ends inside
 * it. Non-minimal prefixes are accepted, as protobuf's readers accept them.
 *
 * @example
 * readLengthPrefix(lengthPrefixed(message)) // { length: message.length, prefixBytes: 1 } for a message under 128 bytes
 */
export function readLengthPrefix (buffer: Parameters<typeof varint.decode>[0]): { length: number, prefixBytes: number } | undefined {
  // Uint8ArrayList's subarray throws past its end, unlike Uint8Array's.
  const head = buffer.subarray(0, Math.min(buffer.byteLength, MAX_PREFIX_BYTES))
  // The codec cannot tell a prefix cut short from an overlong one (both are a RangeError), so find its last byte first.
  const last = head.findIndex((byte) => byte < 0x80)
  if (last >= 0) return { length: varint.decode(head), prefixBytes: last + 1 }
  if (head.length === MAX_PREFIX_BYTES) throw new MalformedMessageError('frame length prefix is not a valid varint')
  return undefined
}

/**
 * Splits a stream's chunks into length-prefixed frames of at most
 * `maxDataLength` bytes (empty frames are skipped), without copying them:
 * each frame is a list of views of the chunks it came in. It refuses a
 * broken prefix at once, a non-minimal one (which would shift every later
 * frame), and a frame over the limit from its prefix alone, before its
 * bytes are buffered. (@libp2p/utils' LengthPrefixedDecoder learns that a
 * prefix is incomplete from a thrown RangeError, at the end of nearly every
 * chunk: an exception per chunk was most of its cost.)
 */
export class FrameDecoder {
  /** May be changed between chunks (a stream that admits a small first frame, then larger ones). */
  maxDataLength: number
  readonly #buffer = new Uint8ArrayList()
  /** The length of the frame being gathered once its prefix is read (and consumed); undefined while reading a prefix. */
  #length: number | undefined

  constructor (maxDataLength: number) {
    this.maxDataLength = maxDataLength
  }

  /**
   * Bytes held towards a frame not yet complete (its prefix included), after
   * the last decode: what a peer costs that sends most of a frame and stops.
   */
  get buffered (): number {
    return this.#buffer.byteLength + (this.#length === undefined ? 0 : varint.encodingLength(this.#length))
  }

  /** The frames that `chunk` completes. Throws MalformedMessageError or FrameTooLargeError; the stream cannot be read further then. */
  * decode (chunk: Uint8Array | Uint8ArrayList): Generator<Uint8ArrayList> {
    this.#buffer.append(chunk)
    for (;;) {
      if (this.#length === undefined) {
        const prefix = readLengthPrefix(this.#buffer)
        if (prefix === undefined) return
        if (prefix.prefixBytes !== varint.encodingLength(prefix.length)) throw new MalformedMessageError('frame length prefix is not minimal')
        if (prefix.length > this.maxDataLength) throw new FrameTooLargeError(`a frame of ${prefix.length} bytes exceeds the ${this.maxDataLength}-byte limit`)
        this.#buffer.consume(prefix.prefixBytes)
        this.#length = prefix.length
      }
      const length = this.#length
      if (this.#buffer.byteLength < length) return
      const frame = this.#buffer.sublist(0, length)
      this.#buffer.consume(length)
      this.#length = undefined
      if (length > 0) yield frame
    }
  }
}

/**
 * A frame's bytes to decode: where it is a small part of the buffer it came
 * in (frames that arrived together share one), a copy of it alone. Decoded
 * bytes fields are views of what they were decoded from, and a message kept
 * for long (a subscription's request) held the chunk it came in, other
 * frames and all; so a frame holds at most twice its own size.
 */
export function frameBytes (frame: { subarray: () => Uint8Array }): Uint8Array {
  const bytes = frame.subarray()
  return 2 * bytes.byteLength < bytes.buffer.byteLength ? copyOf(bytes) : bytes
}

export type ProtoWriter = protobuf.Writer

/** A protobuf writer, for encodings assembled from parts already encoded. */
export function protoWriter (): ProtoWriter {
  return protobuf.Writer.create()
}

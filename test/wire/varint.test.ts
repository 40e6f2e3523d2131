// The varint length prefix that frames PDUs, migration frames and export
// files, checked against protobufjs's own varint writer as the reference.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { FrameTooLargeError, MalformedMessageError } from '../../src/errors.js'
import { FrameDecoder, lengthPrefixed, protoWriter, readLengthPrefix } from '../../src/wire/index.js'

/** The reference encoding of `n` as a varint (protobuf's uint64, minimal). */
const referenceVarint = (n: number): Uint8Array => protoWriter().uint64(n).finish()

/** The same value with `extra` redundant bytes: the last byte gets the continuation bit, then zeros follow. */
function nonMinimal (n: number, extra: number): Uint8Array {
  const minimal = referenceVarint(n)
  return Uint8Array.of(...minimal.subarray(0, -1), minimal.at(-1)! | 0x80, ...new Array<number>(extra - 1).fill(0x80), 0x00)
}

/** Lengths whose minimal varint fits the 8 bytes a prefix may take, past 2^53 - 1 never needed. */
const lengths = fc.oneof(fc.nat({ max: 1 << 16 }), fc.maxSafeNat())

describe('lengthPrefixed and readLengthPrefix', () => {
  it('write what protobuf writeDelimited writes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 20_000 }), (message) => {
      expect(lengthPrefixed(message)).toEqual(new Uint8Array(protoWriter().bytes(message).finish()))
    }))
  })

  it('read back the length and the prefix size, whatever follows', () => {
    fc.assert(fc.property(lengths, fc.uint8Array({ maxLength: 16 }), (length, rest) => {
      const prefix = referenceVarint(length)
      expect(readLengthPrefix(Uint8Array.of(...prefix, ...rest))).toEqual({ length, prefixBytes: prefix.length })
    }))
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1000 }), (message) => {
      const framed = lengthPrefixed(message)
      const { length, prefixBytes } = readLengthPrefix(framed)!
      expect(framed.subarray(prefixBytes, prefixBytes + length)).toEqual(message)
    }))
  })

  it('wait for more bytes while the prefix is cut short', () => {
    fc.assert(fc.property(lengths.filter((n) => n >= 128), (length) => {
      const prefix = referenceVarint(length)
      for (let cut = 0; cut < prefix.length; cut++) expect(readLengthPrefix(prefix.subarray(0, cut))).toBeUndefined()
    }))
  })

  it('accept a non-minimal prefix, as protobuf readers do', () => {
    fc.assert(fc.property(fc.nat({ max: 1 << 20 }), fc.integer({ min: 1, max: 4 }), (length, extra) => {
      const prefix = nonMinimal(length, extra)
      fc.pre(prefix.length <= 8)
      expect(readLengthPrefix(prefix)).toEqual({ length, prefixBytes: prefix.length })
    }))
  })

  it('refuse a prefix that has not ended within 8 bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }).map((bytes) => bytes.map((b) => b | 0x80)), fc.uint8Array({ maxLength: 8 }), (prefix, rest) => {
      expect(() => readLengthPrefix(Uint8Array.of(...prefix, ...rest))).toThrow(new MalformedMessageError('frame length prefix is not a valid varint'))
    }))
  })
})

describe('FrameDecoder', () => {
  const decodeAll = (maxDataLength: number, chunks: Uint8Array[]): Uint8Array[] => {
    const decoder = new FrameDecoder(maxDataLength)
    return chunks.flatMap((chunk) => [...decoder.decode(chunk)].map((frame) => new Uint8Array(frame.subarray())))
  }

  /** `bytes` cut at the given offsets. */
  const split = (bytes: Uint8Array, cuts: number[]): Uint8Array[] => {
    const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((x, y) => x - y)
    return [...at, bytes.length].map((end, i) => bytes.subarray(i === 0 ? 0 : at[i - 1], end))
  }

  it('gives back the frames written, however the stream cuts them', () => {
    fc.assert(fc.property(fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), { maxLength: 20 }), fc.array(fc.nat(), { maxLength: 30 }), (messages, cuts) => {
      const stream = Buffer.concat(messages.map(lengthPrefixed))
      expect(decodeAll(300, split(stream, cuts))).toEqual(messages)
    }))
  })

  it('refuses a non-minimal prefix, which would shift every later frame', () => {
    fc.assert(fc.property(fc.nat({ max: 1000 }), fc.integer({ min: 1, max: 4 }), (length, extra) => {
      expect(() => decodeAll(1000, [nonMinimal(length, extra)])).toThrow(new MalformedMessageError('frame length prefix is not minimal'))
    }))
  })

  it('refuses an overlong prefix at once, not when its buffer limit is reached', () => {
    expect(() => decodeAll(1000, [new Uint8Array(8).fill(0xff)])).toThrow(new MalformedMessageError('frame length prefix is not a valid varint'))
  })

  it('refuses a frame over its limit from the prefix alone', () => {
    fc.assert(fc.property(fc.nat({ max: 1 << 30 }), (over) => {
      expect(() => decodeAll(1000, [referenceVarint(1001 + over)])).toThrow(new FrameTooLargeError(`a frame of ${1001 + over} bytes exceeds the 1000-byte limit`))
    }))
    expect(decodeAll(1000, [lengthPrefixed(new Uint8Array(1000))])).toHaveLength(1)
  })
})

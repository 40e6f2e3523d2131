/**
 * libp2p-noise reads the 2-byte length of each Noise message with a decoder
 * that throws a RangeError when fewer than two bytes are buffered, and its
 * read loop calls it once more after the last whole message of every chunk
 * it receives: an exception, stack trace and all, per chunk that arrives on
 * any link. Measured: 4 us of a chunk's 4.3 us of framing, and 5 % of the
 * busy CPU of two servers and a router fetching capsules from each other.
 * With fewer than two bytes buffered, the length this decoder answers is the
 * longest it allows: the loop then waits for more bytes, as the throw made
 * it do, without one.
 */
import type { ConnectionEncrypter } from '@libp2p/interface'
import type { Uint8ArrayList } from 'uint8arraylist'

/** What libp2p-noise's encrypted stream keeps its reader in (@libp2p/utils' LengthPrefixedDecoder). */
interface FramedStream {
  decoder?: {
    lengthDecoder?: unknown
    maxDataLength?: unknown
  }
}

/**
 * Whether the stream's frame reader was made quiet. A libp2p-noise of
 * another shape is left as it is (test/node/quiet-frame-decoding.test.ts
 * fails then, so an upgrade that changes it is noticed).
 */
export function quietenFrameDecoding (connection: unknown): boolean {
  const decoder = (connection as FramedStream).decoder
  if (typeof decoder?.lengthDecoder !== 'function' || typeof decoder.maxDataLength !== 'number') return false
  const longest = decoder.maxDataLength
  decoder.lengthDecoder = (data: Uint8ArrayList | Uint8Array): number => {
    if (data.byteLength < 2) return longest
    return 'getUint16' in data ? data.getUint16(0) : (data[0]! << 8) | data[1]!
  }
  return true
}

/** `encrypter` with the frame reader of every connection it secures made quiet. */
export function quietFrameDecoding<Components> (encrypter: (components: Components) => ConnectionEncrypter): (components: Components) => ConnectionEncrypter {
  return (components) => {
    const inner = encrypter(components)
    return {
      protocol: inner.protocol,
      secureInbound: async (connection, options) => {
        const secured = await inner.secureInbound(connection, options)
        quietenFrameDecoding(secured.connection)
        return secured
      },
      secureOutbound: async (connection, options) => {
        const secured = await inner.secureOutbound(connection, options)
        quietenFrameDecoding(secured.connection)
        return secured
      }
    }
  }
}

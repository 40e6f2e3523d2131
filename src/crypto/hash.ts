import { hash } from 'node:crypto'
import { sodium } from './sodium.js'

export { equalBytes } from './bytes.js'

export const HASH_LENGTH = 32

/**
 * Up to this many bytes libsodium hashes faster than node:crypto (a call
 * costs less; per byte it is slower): Merkle nodes, record headers, tree
 * nodes of the key-value index, short payloads. Measured crossover: 300 to 500 B.
 */
const SODIUM_MAX_INPUT = 256

// libsodium writes into this buffer, which is then copied: napi moves a
// fresh small typed array off V8's heap when native code first touches it,
// which costs more than the hash.
const digest = new Uint8Array(HASH_LENGTH)

/** SHA-256 of one byte string. */
export function sha256 (data: Uint8Array): Uint8Array {
  if (sodium !== undefined && data.length <= SODIUM_MAX_INPUT) {
    sodium.crypto_hash_sha256(digest, data)
    return digest.slice()
  }
  return hash('sha256', data, 'buffer')
}

import { hash } from 'node:crypto'
import { sha256Addon, type Sha256Addon } from './native-sha256.js'
import { sodium } from './sodium.js'

export { equalBytes } from './bytes.js'

export const HASH_LENGTH = 32

/**
 * Up to this many bytes libsodium hashes faster than node:crypto (a call
 * costs less; per byte it is slower): Merkle nodes, record headers, tree
 * nodes of the key-value index, short payloads. Measured crossover: 300 to 500 B.
 */
const SODIUM_MAX_INPUT = 256

// Native code writes into this buffer, which is then copied: napi moves a
// fresh small typed array off V8's heap when native code first touches it,
// which costs more than the hash.
const digest = new Uint8Array(HASH_LENGTH)

function sha256ByAddon (addon: Sha256Addon): (data: Uint8Array) => Uint8Array {
  return (data) => {
    addon.sha256(digest, data)
    return digest.slice()
  }
}

function sha256BySodium (data: Uint8Array): Uint8Array {
  if (sodium !== undefined && data.length <= SODIUM_MAX_INPUT) {
    sodium.crypto_hash_sha256(digest, data)
    return digest.slice()
  }
  return hash('sha256', data, 'buffer')
}

/**
 * SHA-256 of one byte string: through the SHA-256 addon at every length (its
 * call costs least, and it uses the CPU's SHA instructions as node:crypto
 * does), else libsodium for short inputs and node:crypto for long ones.
 */
export const sha256: (data: Uint8Array) => Uint8Array = sha256Addon !== undefined ? sha256ByAddon(sha256Addon) : sha256BySodium

/** What computes sha256 here, for status views: 'addon', 'libsodium' (short inputs; node:crypto for long ones) or 'node:crypto'. */
export const sha256Backend: 'addon' | 'libsodium' | 'node:crypto' = sha256Addon !== undefined ? 'addon' : sodium !== undefined ? 'libsodium' : 'node:crypto'

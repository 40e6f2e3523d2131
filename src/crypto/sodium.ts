/**
 * libsodium through sodium-native, when it is installed and loads: an
 * optional dependency with prebuilt binaries. Where it is missing (a
 * platform without a prebuild, an install with --omit=optional) or turned
 * off with GDP_NATIVE_CRYPTO=off (any value but on and off is refused),
 * hash.ts and ed25519.ts use node:crypto and the Noise links libp2p-noise's
 * own code instead; each gives the same bytes
 * (test/crypto/browser-backends.test.ts, test/node/noise-crypto.test.ts).
 *
 * Why, measured on this project's machine: node:crypto costs 1 to 1.5 us a
 * call to hash a 65-byte Merkle node (most of it the call into OpenSSL),
 * libsodium about 0.5; an Ed25519 verification costs 75 us through
 * node:crypto and 43 through libsodium; sealing a 1 KiB Noise message 9.5 us
 * through libp2p-noise's default and 4.9 through libsodium
 * (src/node/noise-crypto.ts). Long inputs stay with node:crypto, whose
 * SHA-256 uses the CPU's SHA instructions (about 4x libsodium's from 1 KiB).
 */
import { createRequire } from 'node:module'
import { InvalidArgumentError } from '../errors.js'

/** The few libsodium calls used here (sodium-native's names and argument order). */
export interface SodiumNative {
  crypto_hash_sha256: (out: Uint8Array, input: Uint8Array) => void
  crypto_sign_seed_keypair: (publicKey: Uint8Array, secretKey: Uint8Array, seed: Uint8Array) => void
  crypto_sign_detached: (signature: Uint8Array, message: Uint8Array, secretKey: Uint8Array) => void
  crypto_sign_verify_detached: (signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array) => boolean
  /** A canonical encoding of a point of the prime-order subgroup other than the identity (32 bytes). */
  crypto_core_ed25519_is_valid_point: (point: Uint8Array) => boolean
  /** Throws when it cannot; returns the ciphertext's length (message + 16-byte tag). */
  crypto_aead_chacha20poly1305_ietf_encrypt: (ciphertext: Uint8Array, message: Uint8Array, ad: Uint8Array, nsec: null, nonce: Uint8Array, key: Uint8Array) => number
  /** Throws when the tag does not verify; the message may be written over the ciphertext (same start). */
  crypto_aead_chacha20poly1305_ietf_decrypt: (message: Uint8Array, nsec: null, ciphertext: Uint8Array, ad: Uint8Array, nonce: Uint8Array, key: Uint8Array) => number
}

const setting = process.env.GDP_NATIVE_CRYPTO ?? ''

/**
 * What is wrong with GDP_NATIVE_CRYPTO, if anything. Refused rather than
 * read as "on" (GDP_NATIVE_CRYPTO=0 must not leave native code in use
 * unnoticed), by checkNativeCryptoSetting: a throw as this module loaded
 * reached `gdp` users as a stack trace, before its one-line errors could.
 */
const refusal = ['', 'on', 'off'].includes(setting) ? undefined : `GDP_NATIVE_CRYPTO is 'on' or 'off' (libsodium and the SHA-256 addon where they load, or node:crypto only), not '${setting}'`

/** Throws InvalidArgumentError for a GDP_NATIVE_CRYPTO that is neither 'on' nor 'off' (the command line and a node check it first). */
export function checkNativeCryptoSetting (): void {
  if (refusal !== undefined) throw new InvalidArgumentError(refusal)
}

/**
 * False with GDP_NATIVE_CRYPTO=off: neither libsodium nor the SHA-256 addon
 * (native-sha256.ts) is loaded. Also false with a setting that is refused:
 * whatever runs before the refusal does not use native code.
 */
export const nativeCryptoEnabled = setting === '' || setting === 'on'

function load (): SodiumNative | undefined {
  if (!nativeCryptoEnabled) return undefined
  try {
    return createRequire(import.meta.url)('sodium-native') as SodiumNative
  } catch {
    return undefined
  }
}

export const sodium: SodiumNative | undefined = load()

/** Which library hashes short inputs and signs here: 'libsodium' or 'node:crypto'. */
export const nativeCryptoBackend: 'libsodium' | 'node:crypto' = sodium === undefined ? 'node:crypto' : 'libsodium'

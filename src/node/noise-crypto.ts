/**
 * The ChaCha20-Poly1305 of every Noise link: libsodium's for messages up
 * to 16 KiB, libp2p-noise's default (WebAssembly below 1,200 bytes,
 * node:crypto above) for longer ones and where libsodium does not load.
 * Each PDU is opened and sealed again at every router on its path, so this
 * is a router's largest cost per PDU after the event loop: for the 200 B
 * to 4 KiB messages appends and their acknowledgements travel in, libsodium
 * seals and opens in a half to a third of the time (measured on this
 * project's machine; the default is faster from about 64 KiB, Noise's
 * largest message). Same cipher, same bytes: either end may use either.
 */
import type { ICryptoInterface } from '@chainsafe/libp2p-noise'
import { defaultCrypto } from '@chainsafe/libp2p-noise/crypto'
import { sodium, type SodiumNative } from '../crypto/sodium.js'

const TAG_BYTES = 16
const SODIUM_MAX_MESSAGE = 16 * 1024

/** A message as libp2p-noise hands it over: one array or a list of them. */
type Message = Parameters<ICryptoInterface['chaCha20Poly1305Encrypt']>[0]

const flat = (bytes: Message): Uint8Array => bytes instanceof Uint8Array ? bytes : bytes.subarray()

function withSodium (native: SodiumNative): ICryptoInterface {
  return {
    ...defaultCrypto,
    chaCha20Poly1305Encrypt (plaintext, nonce, ad, key) {
      if (plaintext.byteLength > SODIUM_MAX_MESSAGE) return defaultCrypto.chaCha20Poly1305Encrypt(plaintext, nonce, ad, key)
      const message = flat(plaintext)
      const sealed = Buffer.allocUnsafe(message.byteLength + TAG_BYTES)
      native.crypto_aead_chacha20poly1305_ietf_encrypt(sealed, message, ad, null, nonce, key)
      return sealed
    },
    // `dst`, when given, is the ciphertext's own buffer less the tag: libp2p-noise
    // has the message written over the ciphertext, which libsodium allows.
    chaCha20Poly1305Decrypt (ciphertext, nonce, ad, key, dst) {
      if (ciphertext.byteLength > SODIUM_MAX_MESSAGE + TAG_BYTES) return defaultCrypto.chaCha20Poly1305Decrypt(ciphertext, nonce, ad, key, dst)
      const sealed = flat(ciphertext)
      const message = dst ?? Buffer.allocUnsafe(sealed.byteLength - TAG_BYTES)
      native.crypto_aead_chacha20poly1305_ietf_decrypt(message, null, sealed, ad, nonce, key)
      return message
    }
  }
}

/** What every Noise link of a node encrypts with (noise({ crypto: noiseCrypto })). */
export const noiseCrypto: ICryptoInterface = sodium === undefined ? defaultCrypto : withSodium(sodium)

/**
 * The browser's SHA-256 (docs/browser.md): src/crypto/hash.ts's exports, by
 * @noble/hashes, since a browser has no node:crypto and WebCrypto's digest
 * is asynchronous. The browser bundle puts this module in hash.ts's place.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js'

export { equalBytes } from './bytes.js'

export const HASH_LENGTH = 32

/** SHA-256 of one byte string. */
export function sha256 (data: Uint8Array): Uint8Array {
  return nobleSha256(data)
}

/** What computes sha256 here (hash.ts names its backends the same way). */
export const sha256Backend = '@noble/hashes'

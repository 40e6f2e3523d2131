import { base64urlToBytes, bytesToBase64url, hexToBytes } from '../crypto/bytes.js'
import { InvalidArgumentError } from '../errors.js'

export const NAME_LENGTH = 32

/**
 * Prints a 256-bit name in its text form: unpadded base64url, 43 characters.
 * @example formatName(name) // 'q3Jg0...' (43 chars)
 */
export function formatName (name: Uint8Array): string {
  return bytesToBase64url(name)
}

/** Parses a name from base64url (43 characters) or hex (64 characters); `what` it names, for the error (a node's name is no capsule's). */
export function parseName (text: string, what = 'capsule name'): Uint8Array {
  const trimmed = text.trim()
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return hexToBytes(trimmed)
  if (/^[A-Za-z0-9_-]{43}$/.test(trimmed)) {
    const bytes = base64urlToBytes(trimmed)
    // base64url of 32 bytes leaves 2 spare bits in the last character; they must be zero.
    if (bytes.length === NAME_LENGTH && formatName(bytes) === trimmed) return bytes
  }
  throw new InvalidArgumentError(`not a ${what}: '${text}' (expected 43 base64url characters or 64 hex digits)`)
}

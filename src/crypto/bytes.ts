/**
 * Byte strings as plain Uint8Arrays (bytes-portable.ts), with the text
 * encodings done by Buffer's native code in Node: a capsule name in base64url
 * or a map key is made on every PDU, and Buffer does it several times faster
 * than a loop. The browser bundle uses bytes.browser.ts instead; both give
 * the same answers (test/crypto/bytes.test.ts) and refuse the same input.
 */
import { InvalidArgumentError } from '../errors.js'
import { base64urlToBytes as portableBase64urlToBytes, hexToBytes as portableHexToBytes } from './bytes-portable.js'

export { allocBytes, compareBytes, concatBytes, equalBytes, utf8Bytes, utf8Text } from './bytes-portable.js'

const view = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** A string of one character per byte: an exact Map key for a byte string, cheaper to make than hex. */
export function binaryKey (bytes: Uint8Array): string {
  return view(bytes).toString('latin1')
}

/** The bytes a binaryKey string was made from. */
export function bytesOfKey (key: string): Uint8Array {
  return new Uint8Array(Buffer.from(key, 'latin1'))
}

/** Lower-case hex, two digits a byte. */
export function bytesToHex (bytes: Uint8Array): string {
  return view(bytes).toString('hex')
}

/** Parses hex (either case); anything but pairs of hex digits is an InvalidArgumentError. */
export function hexToBytes (text: string): Uint8Array {
  // Buffer stops at the first character that is not hex instead of refusing it: the portable parser checks.
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return portableHexToBytes(text)
  return new Uint8Array(Buffer.from(text, 'hex'))
}

/** Unpadded base64url (RFC 4648 section 5). */
export function bytesToBase64url (bytes: Uint8Array): string {
  return view(bytes).toString('base64url')
}

/**
 * Parses unpadded base64url; other characters, padding or a length no byte
 * string has are an InvalidArgumentError (Buffer would skip them, so such
 * text goes to the portable parser, which says what is wrong).
 */
export function base64urlToBytes (text: string): Uint8Array {
  if (text.length % 4 === 1 || !/^[A-Za-z0-9_-]*$/.test(text)) return portableBase64urlToBytes(text)
  return new Uint8Array(Buffer.from(text, 'base64url'))
}

/**
 * Parses canonical padded base64 (RFC 4648 section 4), as JSON carries
 * bytes; anything else is an InvalidArgumentError naming `what`. Buffer
 * skips what it cannot read and ignores spare bits, so the text must be what
 * its bytes encode back to.
 */
export function base64ToBytes (text: string, what: string): Uint8Array {
  const bytes = Buffer.from(text, 'base64')
  if (bytes.toString('base64') !== text) throw new InvalidArgumentError(`${what} is not base64 (A-Z a-z 0-9 + /, padded with = to a multiple of 4 characters, the last character without spare bits)`)
  return new Uint8Array(bytes)
}

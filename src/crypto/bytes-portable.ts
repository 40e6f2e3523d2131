/**
 * Byte strings as plain Uint8Arrays, written for any JavaScript engine (a
 * browser has no Buffer). The code imports them from bytes.ts, which in
 * Node hands the encodings to Buffer's native code; the browser bundle
 * (docs/browser.md) swaps bytes.ts for bytes.browser.ts, which is this.
 */
import { InvalidArgumentError } from '../errors.js'

// Node's Buffer.compare (memcmp), where there is one: on long arrays (a
// canonical-form check of a large record) it is some fifty times faster
// than a loop; on short ones (names, hashes) the loop is faster. A browser
// has the loop only.
const NodeBuffer = (globalThis as { Buffer?: { compare: (a: Uint8Array, b: Uint8Array) => number } }).Buffer
const NATIVE_COMPARE_FROM_BYTES = 64

export function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  if (NodeBuffer !== undefined && a.length >= NATIVE_COMPARE_FROM_BYTES) return NodeBuffer.compare(a, b) === 0
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Byte-wise order (the order of Buffer.compare): negative when `a` sorts first, 0 when equal. */
export function compareBytes (a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length)
  if (NodeBuffer !== undefined && length >= NATIVE_COMPARE_FROM_BYTES) return NodeBuffer.compare(a, b)
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

const SLAB_BYTES = 8192
let slab = new Uint8Array(SLAB_BYTES)
let slabUsed = 0

/**
 * A new zeroed array of `length` bytes. Small ones are cut from a shared
 * 8 KiB slab, as Node's Buffer pool does: an ArrayBuffer of their own (off
 * the V8 heap) costs several times more to make, on every record hashed.
 * Such an array's `.buffer` is the slab: read that through byteOffset and
 * byteLength.
 */
export function allocBytes (length: number): Uint8Array {
  if (length > SLAB_BYTES / 2) return new Uint8Array(length)
  if (slabUsed + length > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES)
    slabUsed = 0
  }
  const out = slab.subarray(slabUsed, slabUsed + length)
  slabUsed += (length + 7) & ~7 // 8-byte aligned, as Buffer's pool
  return out
}

/** The parts one after another in a new array; `length`, when the caller knows it, saves adding them up. */
export function concatBytes (parts: Uint8Array[], length = parts.reduce((n, p) => n + p.length, 0)): Uint8Array {
  const out = allocBytes(length)
  let offset = 0
  for (const p of parts) { out.set(p, offset); offset += p.length }
  return out
}

const encoder = new TextEncoder()

/** The UTF-8 encoding of a string (a lone surrogate becomes U+FFFD, as in Buffer.from). */
export function utf8Bytes (text: string): Uint8Array {
  return encoder.encode(text)
}

/** The string of these character codes (each below 256), made in slices: a long argument list overflows the stack. */
function fromCharCodes (codes: Uint8Array): string {
  const slice = 4096
  if (codes.length <= slice) return String.fromCharCode.apply(null, codes as unknown as number[])
  let text = ''
  for (let i = 0; i < codes.length; i += slice) text += String.fromCharCode.apply(null, codes.subarray(i, i + slice) as unknown as number[])
  return text
}

/** A string of one character per byte: an exact Map key for a byte string, cheaper to make than hex. */
export function binaryKey (bytes: Uint8Array): string {
  return fromCharCodes(bytes)
}

const HEX_DIGITS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** The bytes a binaryKey string was made from. */
export function bytesOfKey (key: string): Uint8Array {
  const bytes = new Uint8Array(key.length)
  for (let i = 0; i < key.length; i++) bytes[i] = key.charCodeAt(i)
  return bytes
}

/** Lower-case hex, two digits a byte. */
export function bytesToHex (bytes: Uint8Array): string {
  let text = ''
  for (let i = 0; i < bytes.length; i++) text += HEX_DIGITS[bytes[i]!]!
  return text
}

/** Parses hex (either case); anything but pairs of hex digits is an InvalidArgumentError. */
export function hexToBytes (text: string): Uint8Array {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) throw new InvalidArgumentError(`not hex: '${text.slice(0, 80)}'`)
  const out = new Uint8Array(text.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16)
  return out
}

const BASE64URL_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const BASE64URL_CODES = Uint8Array.from(BASE64URL_ALPHABET, (c) => c.charCodeAt(0))
const BASE64URL_VALUES = new Map([...BASE64URL_ALPHABET].map((c, i) => [c, i]))

/** Unpadded base64url (RFC 4648 section 5). */
export function bytesToBase64url (bytes: Uint8Array): string {
  const c = BASE64URL_CODES
  const rest = bytes.length % 3
  // Character codes first, then one string: adding to a string a character at a time is twice as slow.
  const codes = allocBytes((bytes.length - rest) / 3 * 4 + (rest === 0 ? 0 : rest + 1))
  let at = 0
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    codes[at++] = c[n >> 18]!
    codes[at++] = c[(n >> 12) & 63]!
    codes[at++] = c[(n >> 6) & 63]!
    codes[at++] = c[n & 63]!
  }
  if (rest > 0) {
    const n = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0)
    codes[at++] = c[n >> 18]!
    codes[at++] = c[(n >> 12) & 63]!
    if (rest === 2) codes[at++] = c[(n >> 6) & 63]!
  }
  return fromCharCodes(codes)
}

/**
 * Parses unpadded base64url; other characters, padding or a length no byte
 * string has are an InvalidArgumentError. Spare bits of the last character
 * are dropped, as decoders do: a caller that needs one text form per value
 * compares the text with bytesToBase64url of the result.
 */
export function base64urlToBytes (text: string): Uint8Array {
  if (text.length % 4 === 1) throw new InvalidArgumentError(`not base64url: ${text.length} characters is no whole number of bytes`)
  const out = new Uint8Array(Math.floor(text.length * 3 / 4))
  let bits = 0
  let value = 0
  let at = 0
  for (const c of text) {
    const v = BASE64URL_VALUES.get(c)
    if (v === undefined) throw new InvalidArgumentError(`not base64url: '${c}' in '${text.slice(0, 80)}'`)
    value = ((value << 6) | v) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[at++] = (value >> bits) & 0xff
    }
  }
  return out
}

// ignoreBOM: a leading U+FEFF is a character of the text, kept (the decoder's default drops it, and the keys
// "\uFEFFx" and "x" read as one, a file named so broke its folder's listing; found by attacking the gateway).
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * The text `bytes` encode when they are UTF-8, else undefined: a lenient
 * decode puts U+FFFD for what is not, and two byte strings would read as one.
 * Every character is kept, a leading byte-order mark too.
 */
export function utf8Text (bytes: Uint8Array): string | undefined {
  try { return strictUtf8.decode(bytes) } catch { return undefined }
}

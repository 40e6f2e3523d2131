/**
 * The Ed25519 verification rule of v1 (docs/spec.md 1.1), the checks both
 * backends (node:crypto in ed25519.ts, @noble/curves in ed25519.browser.ts)
 * add in the same way to their library's own verification: A and R
 * canonical encodings of points of order L, S < L, and the equation. Each
 * backend says which of these its library already checks.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { equalBytes } from './bytes.js'

export const ED25519_PUBLIC_KEY_LENGTH = 32
export const ED25519_SECRET_KEY_LENGTH = 32
export const ED25519_SIGNATURE_LENGTH = 64

const ORDER_L = ed25519.Point.Fn.ORDER
/** The canonical encoding of the identity point (x = 0, y = 1). */
const IDENTITY = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 1 : 0))

function littleEndian (bytes: Uint8Array): bigint {
  let n = 0n
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!)
  return n
}

/** The canonical encoding (RFC 8032 5.1.3, not ZIP-215) of a point of order L: not small-order, not mixed-order, not the identity. */
export function hasOrderL (encoding: Uint8Array): boolean {
  let point
  try {
    point = ed25519.Point.fromBytes(encoding, false)
  } catch {
    return false
  }
  return !point.is0() && point.isTorsionFree()
}

/** S < L, read little-endian from the signature's second half. */
export function isReducedScalar (s: Uint8Array): boolean {
  return littleEndian(s) < ORDER_L
}

/** Whether 32 bytes are the canonical encoding of the identity point. */
export function isIdentityEncoding (encoding: Uint8Array): boolean {
  return equalBytes(encoding, IDENTITY)
}

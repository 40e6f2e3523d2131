/**
 * The browser's Ed25519 (docs/browser.md): src/crypto/ed25519.ts's exports,
 * by @noble/curves, since a browser has no node:crypto. The browser bundle
 * puts this module in ed25519.ts's place; test/crypto/browser-backends.test.ts
 * holds the two to the same keys, signatures and verdicts.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { InvalidArgumentError } from '../errors.js'
import { binaryKey } from './bytes.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SECRET_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, hasOrderL, isIdentityEncoding, isReducedScalar } from './ed25519-rule.js'

export { ED25519_PUBLIC_KEY_LENGTH, ED25519_SECRET_KEY_LENGTH, ED25519_SIGNATURE_LENGTH }

export interface Ed25519KeyPair {
  publicKey: Uint8Array
  /** The 32-byte seed (RFC 8032 private key). */
  secretKey: Uint8Array
}

/** A fresh key pair from the browser's random source (crypto.getRandomValues). */
export function generateEd25519KeyPair (): Ed25519KeyPair {
  const { secretKey, publicKey } = ed25519.keygen()
  return { publicKey, secretKey }
}

function checkSecretKey (secretKey: Uint8Array): void {
  if (secretKey.length !== ED25519_SECRET_KEY_LENGTH) {
    throw new InvalidArgumentError(`an Ed25519 secret key is ${ED25519_SECRET_KEY_LENGTH} bytes, got ${secretKey.length}`)
  }
}

export function ed25519PublicKeyOf (secretKey: Uint8Array): Uint8Array {
  checkSecretKey(secretKey)
  return ed25519.getPublicKey(secretKey)
}

// ---- the verification rule (docs/spec.md, "Ed25519 verification") ----
//
// @noble/curves in strict mode (zip215: false) decodes A and R canonically,
// refuses S >= L and a small-order A, and checks the equation with the
// cofactor: [8][S]B = [8]R + [8][k]A. It accepts a mixed-order A or R
// (a point of order L plus a small-order one, which the cofactor multiplies
// away). Checked here as well: A of order L (once per key, cached), R of
// order L, and not the identity. With A and R in the subgroup of order L
// the equations with and without the cofactor agree, so this is the v1
// rule, the one node:crypto plus ed25519.ts's checks apply.

const keyVerdicts = new Map<string, boolean>()
const KEY_VERDICT_CACHE_LIMIT = 4096

function keyHasOrderL (publicKey: Uint8Array): boolean {
  const id = binaryKey(publicKey)
  let verdict = keyVerdicts.get(id)
  if (verdict === undefined) {
    verdict = hasOrderL(publicKey)
    if (keyVerdicts.size >= KEY_VERDICT_CACHE_LIMIT) keyVerdicts.clear()
    keyVerdicts.set(id, verdict)
  }
  return verdict
}

/**
 * Whether v1 takes these bytes as an Ed25519 public key: 32 bytes, the
 * canonical encoding of a point of order L.
 */
export function isValidEd25519PublicKey (publicKey: Uint8Array): boolean {
  return publicKey.length === ED25519_PUBLIC_KEY_LENGTH && keyHasOrderL(publicKey)
}

/** Signs with one secret key; the same interface as ed25519.ts's. */
export class Ed25519Signer {
  readonly publicKey: Uint8Array
  readonly #seed: Uint8Array

  constructor (secretKey: Uint8Array) {
    checkSecretKey(secretKey)
    this.#seed = new Uint8Array(secretKey)
    this.publicKey = ed25519.getPublicKey(this.#seed)
  }

  /** The 32-byte seed, for libraries that take the same key in raw form (libp2p's identity). */
  get seed (): Uint8Array { return new Uint8Array(this.#seed) }

  sign (message: Uint8Array): Uint8Array {
    return ed25519.sign(message, this.#seed)
  }
}

/**
 * Whether `signature` is a valid Ed25519 signature of `message` under
 * `publicKey` by the v1 rule: false for a wrong signature, a key of the
 * wrong size or not of order L, a signature of the wrong size, S >= L, and
 * an R that is not a point of order L.
 */
export function verifyEd25519 (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH) return false
  const r = signature.subarray(0, 32)
  if (!isReducedScalar(signature.subarray(32)) || isIdentityEncoding(r)) return false
  if (!keyHasOrderL(publicKey) || !hasOrderL(r)) return false
  return ed25519.verify(signature, message, publicKey, { zip215: false })
}

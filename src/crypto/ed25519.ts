import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { InvalidArgumentError } from '../errors.js'
import { binaryKey } from './bytes.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SECRET_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, hasOrderL, isIdentityEncoding, isReducedScalar } from './ed25519-rule.js'
import { sodium } from './sodium.js'

export { ED25519_PUBLIC_KEY_LENGTH, ED25519_SECRET_KEY_LENGTH, ED25519_SIGNATURE_LENGTH }

// node:crypto wants DER; a raw Ed25519 key is these fixed prefixes plus the 32 bytes.
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex')

export interface Ed25519KeyPair {
  publicKey: Uint8Array
  /** The 32-byte seed (RFC 8032 private key). */
  secretKey: Uint8Array
}

export function generateEd25519KeyPair (): Ed25519KeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' })
  return {
    publicKey: new Uint8Array(spki.subarray(SPKI_PREFIX.length)),
    secretKey: new Uint8Array(pkcs8.subarray(PKCS8_PREFIX.length))
  }
}

export function ed25519PublicKeyOf (secretKey: Uint8Array): Uint8Array {
  const spki = createPublicKey(privateKeyObject(secretKey)).export({ format: 'der', type: 'spki' })
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length))
}

function privateKeyObject (secretKey: Uint8Array): KeyObject {
  if (secretKey.length !== ED25519_SECRET_KEY_LENGTH) {
    throw new InvalidArgumentError(`an Ed25519 secret key is ${ED25519_SECRET_KEY_LENGTH} bytes, got ${secretKey.length}`)
  }
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secretKey]), format: 'der', type: 'pkcs8' })
}

// ---- the verification rule (docs/spec.md, "Ed25519 verification") ----
//
// v1 accepts a signature R || S under A only when A and R are canonical
// encodings of points of order L, S < L and [S]B = R + [k]A. Libraries differ
// on every other case (OpenSSL accepts small-order keys, cofactored verifiers
// such as @noble/curves accept mixed-order points), so a writer could sign a
// heartbeat some readers accept and others refuse. OpenSSL and libsodium
// both check the equation without the cofactor and compare R byte for byte
// with the canonical [S]B - [k]A; with A of order L that point lies in the
// subgroup, so every R but the identity that they accept already meets the
// rule. What is left to check here (ed25519-rule.ts): A (once per key,
// cached, with @noble/curves' point decoding and torsion check), S < L and
// R != identity. (libsodium also refuses S >= L and small-order A and R.)

// Checking a key is a scalar multiplication by L: about 2.4 ms in
// @noble/curves, 90 us in libsodium (crypto_core_ed25519_is_valid_point:
// canonical, not of small order, in the prime-order subgroup, which is the
// rule's set of keys), as much as verifying with it. Every AdCert a router
// checks may come from a fresh owner key, so with @noble/curves a check
// cost 25 times a verification; where libsodium loads it checks keys.
// Readers verify many heartbeats by the same few writers, so keep the
// outcome: the key as the library takes it (node:crypto: imported;
// libsodium: the bytes), or null for a key the rule refuses.
type VerifyingKey = KeyObject | Uint8Array
const publicKeyCache = new Map<string, VerifyingKey | null>()
const PUBLIC_KEY_CACHE_LIMIT = 4096

function verifyingKey (publicKey: Uint8Array): VerifyingKey | null {
  const id = binaryKey(publicKey)
  let key = publicKeyCache.get(id)
  if (key === undefined) {
    if (sodium !== undefined) key = sodium.crypto_core_ed25519_is_valid_point(publicKey) ? new Uint8Array(publicKey) : null
    else key = hasOrderL(publicKey) ? createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' }) : null
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear()
    publicKeyCache.set(id, key)
  }
  return key
}

/**
 * Whether v1 takes these bytes as an Ed25519 public key: 32 bytes, the
 * canonical encoding of a point of order L. No signature verifies under any
 * other key, so metadata naming one is refused (see newMetadata).
 */
export function isValidEd25519PublicKey (publicKey: Uint8Array): boolean {
  return publicKey.length === ED25519_PUBLIC_KEY_LENGTH && verifyingKey(publicKey) !== null
}

/** Signs with a secret key imported once; use for many signatures by one key. */
export class Ed25519Signer {
  readonly publicKey: Uint8Array
  readonly #seed: Uint8Array
  /** node:crypto's imported key, or libsodium's 64-byte secret key (seed || public key). */
  readonly #key: KeyObject | Uint8Array

  constructor (secretKey: Uint8Array) {
    const key = privateKeyObject(secretKey)
    this.#seed = new Uint8Array(secretKey)
    this.publicKey = ed25519PublicKeyOf(secretKey)
    if (sodium === undefined) {
      this.#key = key
    } else {
      this.#key = new Uint8Array(64)
      sodium.crypto_sign_seed_keypair(new Uint8Array(ED25519_PUBLIC_KEY_LENGTH), this.#key, this.#seed)
    }
  }

  /** The 32-byte seed, for libraries that take the same key in raw form (libp2p's identity). */
  get seed (): Uint8Array { return new Uint8Array(this.#seed) }

  sign (message: Uint8Array): Uint8Array {
    if (this.#key instanceof Uint8Array) {
      const signature = new Uint8Array(ED25519_SIGNATURE_LENGTH)
      sodium!.crypto_sign_detached(signature, message, this.#key)
      return signature
    }
    return new Uint8Array(sign(null, message, this.#key))
  }
}

/**
 * Whether `signature` is a valid Ed25519 signature of `message` under
 * `publicKey` by the v1 rule (docs/spec.md, "Ed25519 verification"): false
 * for a wrong signature, a key of the wrong size or not of order L, a
 * signature of the wrong size, S >= L, and an R that is not a point of order L.
 */
export function verifyEd25519 (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH) return false
  if (!isReducedScalar(signature.subarray(32)) || isIdentityEncoding(signature.subarray(0, 32))) return false
  const key = verifyingKey(publicKey)
  if (key === null) return false
  return key instanceof Uint8Array ? sodium!.crypto_sign_verify_detached(signature, message, key) : verify(null, message, key, signature)
}

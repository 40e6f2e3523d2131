import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import { InvalidArgumentError } from '../errors.js'

export const ED25519_PUBLIC_KEY_LENGTH = 32
export const ED25519_SECRET_KEY_LENGTH = 32
export const ED25519_SIGNATURE_LENGTH = 64

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

// Importing a key costs more than verifying with it; readers verify many
// heartbeats by the same few writers, so keep the imported objects.
const publicKeyCache = new Map<string, KeyObject>()
const PUBLIC_KEY_CACHE_LIMIT = 4096

function publicKeyObject (publicKey: Uint8Array): KeyObject {
  const id = Buffer.from(publicKey).toString('base64')
  let key = publicKeyCache.get(id)
  if (key === undefined) {
    key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' })
    if (publicKeyCache.size >= PUBLIC_KEY_CACHE_LIMIT) publicKeyCache.clear()
    publicKeyCache.set(id, key)
  }
  return key
}

/** Signs with a secret key imported once; use for many signatures by one key. */
export class Ed25519Signer {
  readonly publicKey: Uint8Array
  readonly #key: KeyObject
  readonly #seed: Uint8Array

  constructor (secretKey: Uint8Array) {
    this.#key = privateKeyObject(secretKey)
    this.#seed = new Uint8Array(secretKey)
    this.publicKey = ed25519PublicKeyOf(secretKey)
  }

  /** The 32-byte seed, for libraries that take the same key in raw form (libp2p's identity). */
  get seed (): Uint8Array { return new Uint8Array(this.#seed) }

  sign (message: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, message, this.#key))
  }
}

/** False for a wrong signature, a malformed key or a signature of the wrong size. */
export function verifyEd25519 (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH) return false
  try {
    return verify(null, message, publicKeyObject(publicKey), signature)
  } catch {
    return false // a point that does not decode
  }
}

// Node's backend (libsodium where it loads, else node:crypto) signs and verifies (about 10x faster than pure JS); @noble/curves
// is an independent implementation: both must agree byte for byte.
import { ed25519 } from '@noble/curves/ed25519.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Ed25519Signer, ed25519PublicKeyOf, generateEd25519KeyPair, isValidEd25519PublicKey, verifyEd25519 } from '../../src/crypto/ed25519.js'

describe('Ed25519 (Node\'s backend) against @noble/curves', () => {
  it('derives the same public key and the same deterministic signatures', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, message) => {
      const signer = new Ed25519Signer(seed)
      expect(Buffer.from(signer.publicKey)).toEqual(Buffer.from(ed25519.getPublicKey(seed)))
      expect(Buffer.from(ed25519PublicKeyOf(seed))).toEqual(Buffer.from(signer.publicKey))
      const ours = signer.sign(message)
      expect(Buffer.from(ours)).toEqual(Buffer.from(ed25519.sign(message, seed)))
      expect(ed25519.verify(ours, message, signer.publicKey)).toBe(true)
      expect(verifyEd25519(signer.publicKey, message, ed25519.sign(message, seed))).toBe(true)
    }), { numRuns: 100 })
  })

  it('rejects altered messages, signatures and keys, and malformed inputs without throwing', () => {
    const { publicKey, secretKey } = generateEd25519KeyPair()
    const message = new Uint8Array([1, 2, 3])
    const signature = new Ed25519Signer(secretKey).sign(message)
    expect(verifyEd25519(publicKey, message, signature)).toBe(true)
    expect(verifyEd25519(publicKey, new Uint8Array([1, 2, 4]), signature)).toBe(false)
    const badSig = signature.slice(); badSig[10]! ^= 1
    expect(verifyEd25519(publicKey, message, badSig)).toBe(false)
    expect(verifyEd25519(generateEd25519KeyPair().publicKey, message, signature)).toBe(false)
    expect(verifyEd25519(publicKey.subarray(1), message, signature)).toBe(false)
    expect(verifyEd25519(publicKey, message, signature.subarray(1))).toBe(false)
    expect(verifyEd25519(new Uint8Array(32).fill(0xff), message, signature)).toBe(false)
  })
})

// docs/spec.md 1.1: a key is valid when it is the canonical encoding of a point of order L.
// The crafted signatures are in docs/vectors/capsule-v1.json, checked by test/vectors.
describe('which public keys v1 accepts, against @noble/curves\' point arithmetic', () => {
  const { Point } = ed25519
  const byNoble = (bytes: Uint8Array): boolean => {
    try {
      const p = Point.fromBytes(bytes) // strict: y < p, and not x = 0 with the sign bit
      return p.isTorsionFree() && !p.is0()
    } catch {
      return false
    }
  }
  // A point of order 8 (small order): [L]Q for a point Q outside the subgroup.
  const q = Point.fromBytes(Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 3 : 0)))
  const torsion = q.multiplyUnsafe(Point.Fn.ORDER - 1n).add(q)

  it('every real key; the same key plus any torsion point is refused; the torsion points themselves too', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.integer({ min: 0, max: 7 }), (seed, j) => {
      const key = ed25519.getPublicKey(seed)
      expect(isValidEd25519PublicKey(key)).toBe(true)
      const mixed = Point.fromBytes(key).add(torsion.multiplyUnsafe(BigInt(j))).toBytes()
      expect(isValidEd25519PublicKey(mixed)).toBe(j === 0)
      expect(isValidEd25519PublicKey(torsion.multiplyUnsafe(BigInt(j)).toBytes())).toBe(false)
    }), { numRuns: 40 })
  })

  it('random 32-byte strings: the same answer as @noble/curves', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
      expect(isValidEd25519PublicKey(bytes)).toBe(byNoble(bytes))
    }), { numRuns: 200 })
    // Every encoding with y >= p, and both signs of x = 0.
    for (let k = 0n; k < 19n; k++) {
      for (const sign of [0, 0x80]) {
        const y = 2n ** 255n - 19n + k
        const bytes = Uint8Array.from({ length: 32 }, (_, i) => Number((y >> BigInt(8 * i)) & 0xffn))
        bytes[31]! |= sign
        expect(isValidEd25519PublicKey(bytes)).toBe(false)
      }
    }
    expect(isValidEd25519PublicKey(new Uint8Array(31))).toBe(false)
  })
})

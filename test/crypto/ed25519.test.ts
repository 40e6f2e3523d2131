// node:crypto signs and verifies (about 10x faster than pure JS); @noble/curves
// is an independent implementation: both must agree byte for byte.
import { ed25519 } from '@noble/curves/ed25519.js'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Ed25519Signer, ed25519PublicKeyOf, generateEd25519KeyPair, verifyEd25519 } from '../../src/crypto/ed25519.js'

describe('Ed25519 (node:crypto) against @noble/curves', () => {
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

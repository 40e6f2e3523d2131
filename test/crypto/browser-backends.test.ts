// The crypto backends: for Node the SHA-256 addon with libsodium
// (src/crypto/hash.ts, ed25519.ts), libsodium with node:crypto where the addon
// was not built, node:crypto alone where neither loads (GDP_NATIVE_CRYPTO=off
// here); @noble/hashes and @noble/curves
// (hash.browser.ts, ed25519.browser.ts) for the browser bundle. Each must give
// the shared vectors' hashes, names and signatures, the vectors' verdicts on
// crafted signatures, and the same keys, signatures and verdicts as the
// others on anything else.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha512 } from '@noble/hashes/sha2.js'
import fc from 'fast-check'
import { describe, expect, it, vi } from 'vitest'
import { bytesToBase64url, bytesToHex, concatBytes, hexToBytes, utf8Bytes } from '../../src/crypto/bytes.js'
import * as browserEd25519 from '../../src/crypto/ed25519.browser.js'
import * as defaultEd25519 from '../../src/crypto/ed25519.js'
import * as browserHash from '../../src/crypto/hash.browser.js'
import * as defaultHash from '../../src/crypto/hash.js'
import * as defaultSodium from '../../src/crypto/sodium.js'
import { InvalidArgumentError } from '../../src/errors.js'

// hash.js loaded again as where the SHA-256 addon was not built: libsodium hashes short inputs.
vi.doMock('../../src/crypto/native-sha256.js', () => ({ sha256Addon: undefined }))
vi.resetModules()
const sodiumHash = await import('../../src/crypto/hash.js')
vi.doUnmock('../../src/crypto/native-sha256.js')

// The same modules loaded again with native code turned off.
process.env.GDP_NATIVE_CRYPTO = 'off'
vi.resetModules()
const fallbackSodium = await import('../../src/crypto/sodium.js')
const fallbackHash = await import('../../src/crypto/hash.js')
const fallbackEd25519 = await import('../../src/crypto/ed25519.js')
delete process.env.GDP_NATIVE_CRYPTO

const capsule = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/vectors/capsule-v1.json'), 'utf8'))
const routing = JSON.parse(readFileSync(join(import.meta.dirname, '../../docs/vectors/routing-v1.json'), 'utf8'))
const h = hexToBytes
/** The routing vectors' keys: seed bytes first, first + 1, ... (test/vectors/generate-routing.ts). */
const seeded = (first: number): Uint8Array => new Uint8Array(32).map((_, i) => first + i)

const nodeBackends = [
  { backend: 'the SHA-256 addon and libsodium', hash: defaultHash, ed: defaultEd25519 },
  { backend: 'libsodium', hash: sodiumHash, ed: defaultEd25519 },
  { backend: 'node:crypto', hash: fallbackHash, ed: fallbackEd25519 }
]
const backends = [...nodeBackends, { backend: '@noble', hash: browserHash, ed: browserEd25519 }]

it('Node uses the SHA-256 addon and libsodium where they load (here, as in CI), node:crypto where they are turned off', async () => {
  expect(defaultSodium.nativeCryptoBackend).toBe('libsodium')
  expect(defaultHash.sha256Backend).toBe('addon')
  expect(sodiumHash.sha256Backend).toBe('libsodium')
  expect(fallbackSodium.nativeCryptoBackend).toBe('node:crypto')
  expect(fallbackHash.sha256Backend).toBe('node:crypto')
  for (const setting of ['0', 'false', 'OFF']) {
    process.env.GDP_NATIVE_CRYPTO = setting
    vi.resetModules()
    // Refused by the check the command line and a node make first; meanwhile nothing native is in use. (A throw
    // as the module loaded reached gdp's users as a stack trace.)
    const sodium = await import('../../src/crypto/sodium.js')
    expect(() => { sodium.checkNativeCryptoSetting() }).toThrow(new InvalidArgumentError(`GDP_NATIVE_CRYPTO is 'on' or 'off' (libsodium and the SHA-256 addon where they load, or node:crypto only), not '${setting}'`))
    expect([sodium.nativeCryptoBackend, (await import('../../src/crypto/hash.js')).sha256Backend]).toEqual(['node:crypto', 'node:crypto'])
  }
  process.env.GDP_NATIVE_CRYPTO = 'on'
  vi.resetModules()
  expect((await import('../../src/crypto/sodium.js')).nativeCryptoBackend).toBe('libsodium')
  expect((await import('../../src/crypto/hash.js')).sha256Backend).toBe('addon')
  delete process.env.GDP_NATIVE_CRYPTO
})

describe.each(backends)('the $backend backend on docs/vectors', ({ hash, ed }) => {
  const sha256 = (...parts: Uint8Array[]): string => bytesToHex(hash.sha256(concatBytes(parts)))

  it('hashes: payloads, the capsule name, record hashes, Merkle roots and node names', () => {
    for (const r of capsule.records) expect(sha256(h(r.payload))).toBe(r.payloadHash)
    expect(sha256(h(capsule.tags.capsuleName), h(capsule.metadata.encoding))).toBe(capsule.metadata.name)
    expect(bytesToBase64url(h(capsule.metadata.name))).toBe(capsule.metadata.nameText)
    for (const r of capsule.records) expect(sha256(Uint8Array.of(0), h(capsule.tags.record), h(r.headerEncoding))).toBe(r.recordHash)
    // RFC 6962: the root of n leaves splits at the largest power of two below n.
    const root = (leaves: Uint8Array[]): Uint8Array => {
      if (leaves.length === 1) return leaves[0]!
      let split = 1
      while (split * 2 < leaves.length) split *= 2
      return hash.sha256(concatBytes([Uint8Array.of(1), root(leaves.slice(0, split)), root(leaves.slice(split))]))
    }
    const leaves = capsule.records.map((r: { recordHash: string }) => h(r.recordHash))
    for (const { size, root: expected } of capsule.roots) expect(bytesToHex(root(leaves.slice(0, size)))).toBe(expected)
    const names: Record<string, number> = { server: 0x40, router: 0x60, parent: 0x70, domain: 0x90 }
    for (const [role, first] of Object.entries(names)) expect(sha256(ed.ed25519PublicKeyOf(seeded(first)))).toBe(routing.names[role])
  })

  it('signatures: each seed signs the vectors\' bytes into the vectors\' signature, which verifies', () => {
    const owner = new ed.Ed25519Signer(h(capsule.keys.ownerSeed))
    const writer = new ed.Ed25519Signer(h(capsule.keys.writerSeed))
    expect(bytesToHex(owner.publicKey)).toBe(capsule.keys.ownerPublicKey)
    expect(bytesToHex(writer.publicKey)).toBe(capsule.keys.writerPublicKey)
    const statements: Array<[InstanceType<typeof ed.Ed25519Signer>, string, string]> = [
      [owner, capsule.metadata.ownerSigningBytes, capsule.metadata.ownerSignature],
      ...capsule.heartbeats.map((hb: { signingBytes: string, signature: string }) => [writer, hb.signingBytes, hb.signature]),
      [owner, capsule.deletion.signingBytes, capsule.deletion.signature],
      [owner, capsule.replicaRemoval.signingBytes, capsule.replicaRemoval.signature],
      ...['adCert', 'domainMembership', 'advertisement', 'routeAnnouncement'].map((what) => {
        const signer = [0x00, 0x40, 0x60, 0x70, 0x90].map((first) => new ed.Ed25519Signer(seeded(first))).find((s) => bytesToHex(s.publicKey) === routing[what].signerPublicKey)
        if (signer === undefined) throw new Error(`no seed of test/vectors/generate-routing.ts signs the ${what}`)
        return [signer, routing[what].signingBytes, routing[what].signature]
      })
    ]
    expect(statements).toHaveLength(1 + capsule.heartbeats.length + 2 + 4)
    for (const [signer, bytes, signature] of statements) {
      expect(bytesToHex(signer.sign(h(bytes)))).toBe(signature)
      expect(ed.verifyEd25519(signer.publicKey, h(bytes), h(signature))).toBe(true)
    }
  })

  it('the crafted Ed25519 cases: the verdict the vectors give', () => {
    expect(capsule.ed25519.length).toBeGreaterThan(10)
    for (const c of capsule.ed25519) {
      expect({ case: c.case, valid: ed.verifyEd25519(h(c.publicKey), h(c.message), h(c.signature)) }).toEqual({ case: c.case, valid: c.valid })
    }
  })
})

describe.each(nodeBackends)('$backend against @noble', ({ hash: nodeHash, ed: nodeEd25519 }) => {
  const { Point } = ed25519
  const L = Point.Fn.ORDER
  // A point of order 8: [L]Q for a point Q outside the subgroup of order L.
  const q = Point.fromBytes(Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 3 : 0)))
  const torsion = q.multiplyUnsafe(L - 1n).add(q)
  const scalarLE = (n: bigint): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
  const fromLE = (b: Uint8Array): bigint => b.reduceRight((n, byte) => (n << 8n) | BigInt(byte), 0n)

  it('hash inputs of any length alike (libsodium: short ones, node:crypto long ones), each digest its own', () => {
    // Either side of the switch at 256 bytes, then any length.
    for (const length of [0, 255, 256, 257, 1000]) {
      const data = new Uint8Array(length).map((_, i) => i * 13)
      expect(bytesToHex(nodeHash.sha256(data))).toBe(bytesToHex(browserHash.sha256(data)))
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 1000 }), (data) => {
      expect(bytesToHex(nodeHash.sha256(data))).toBe(bytesToHex(browserHash.sha256(data)))
      expect(bytesToHex(nodeHash.sha256(data.subarray(1)))).toBe(bytesToHex(browserHash.sha256(data.subarray(1))))
    }), { numRuns: 300 })
    const first = nodeHash.sha256(utf8Bytes('a'))
    nodeHash.sha256(utf8Bytes('b'))
    expect(bytesToHex(first)).toBe(bytesToHex(browserHash.sha256(utf8Bytes('a'))))
  })

  it('export the same names', () => {
    expect(Object.keys(browserHash).sort()).toEqual(Object.keys(nodeHash).sort())
    expect(Object.keys(browserEd25519).sort()).toEqual(Object.keys(nodeEd25519).sort())
  })

  it('derive the same keys and signatures, and each verifies the other\'s', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), (seed, message) => {
      const inNode = new nodeEd25519.Ed25519Signer(seed)
      const inBrowser = new browserEd25519.Ed25519Signer(seed)
      expect(bytesToHex(inBrowser.publicKey)).toBe(bytesToHex(inNode.publicKey))
      expect(bytesToHex(inBrowser.seed)).toBe(bytesToHex(inNode.seed))
      const byNode = inNode.sign(message)
      const byBrowser = inBrowser.sign(message)
      expect(bytesToHex(byBrowser)).toBe(bytesToHex(byNode))
      expect(browserEd25519.verifyEd25519(inNode.publicKey, message, byNode)).toBe(true)
      expect(nodeEd25519.verifyEd25519(inBrowser.publicKey, message, byBrowser)).toBe(true)
      expect(bytesToHex(browserHash.sha256(message))).toBe(bytesToHex(nodeHash.sha256(message)))
    }), { numRuns: 50 })
    for (const pair of [browserEd25519.generateEd25519KeyPair(), nodeEd25519.generateEd25519KeyPair()]) {
      expect(bytesToHex(nodeEd25519.ed25519PublicKeyOf(pair.secretKey))).toBe(bytesToHex(pair.publicKey))
      expect(bytesToHex(browserEd25519.ed25519PublicKeyOf(pair.secretKey))).toBe(bytesToHex(pair.publicKey))
    }
  })

  it('give the same verdict on altered messages, signatures and keys, and on random keys', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 1, maxLength: 100 }), fc.nat(), fc.uint8Array({ minLength: 32, maxLength: 32 }), (seed, message, at, randomKey) => {
      const signer = new nodeEd25519.Ed25519Signer(seed)
      const signature = signer.sign(message)
      const flipped = (bytes: Uint8Array): Uint8Array => { const b = bytes.slice(); b[at % b.length]! ^= 1 << (at % 8); return b }
      const cases: Array<[Uint8Array, Uint8Array, Uint8Array]> = [
        [signer.publicKey, flipped(message), signature],
        [signer.publicKey, message, flipped(signature)],
        [flipped(signer.publicKey), message, signature],
        [randomKey, message, signature],
        [signer.publicKey, message, signature.subarray(1)]
      ]
      for (const [key, m, s] of cases) {
        expect(browserEd25519.verifyEd25519(key, m, s)).toBe(nodeEd25519.verifyEd25519(key, m, s))
      }
      expect(browserEd25519.isValidEd25519PublicKey(randomKey)).toBe(nodeEd25519.isValidEd25519PublicKey(randomKey))
    }), { numRuns: 50 })
  })

  it('refuse alike what @noble/curves\' own verify takes and v1 does not: keys and R of mixed order', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 100 }), fc.integer({ min: 1, max: 7 }), (seed, message, j) => {
      const { scalar: a, pointBytes: key } = ed25519.utils.getExtendedPublicKey(seed)
      const signature = ed25519.sign(message, seed)
      const challenge = (r: Uint8Array): bigint => Point.Fn.create(fromLE(sha512(concatBytes([r, key, message]))))
      // R + T with T of small order, and S moved so that the cofactored equation still holds: S' = r + k'a.
      const r0 = signature.subarray(0, 32)
      const nonce = Point.Fn.create(fromLE(signature.subarray(32)) - challenge(r0) * a)
      const mixedR = Point.fromBytes(r0).add(torsion.multiplyUnsafe(BigInt(j))).toBytes()
      const forged = concatBytes([mixedR, scalarLE(Point.Fn.create(nonce + challenge(mixedR) * a))])
      expect(ed25519.verify(forged, message, key, { zip215: false })).toBe(true)
      expect(browserEd25519.verifyEd25519(key, message, forged)).toBe(false)
      expect(nodeEd25519.verifyEd25519(key, message, forged)).toBe(false)
      const mixedKey = Point.fromBytes(key).add(torsion.multiplyUnsafe(BigInt(j))).toBytes()
      expect(browserEd25519.isValidEd25519PublicKey(mixedKey)).toBe(false)
      expect(nodeEd25519.isValidEd25519PublicKey(mixedKey)).toBe(false)
    }), { numRuns: 20 })
  })

  it('refuse a secret key of the wrong size alike', () => {
    for (const ed of [nodeEd25519, browserEd25519]) {
      expect(() => new ed.Ed25519Signer(new Uint8Array(31))).toThrow(/32 bytes, got 31/)
      expect(() => ed.ed25519PublicKeyOf(utf8Bytes('x'.repeat(33)))).toThrow(/32 bytes, got 33/)
    }
  })
})

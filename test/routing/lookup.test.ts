import { describe, expect, it } from 'vitest'
import { decodeLookupRecord, encodeLookupRecord, capsuleOfLookupKey, lookupKey, selectLookupRecord, verifyLookupRecord } from '../../src/routing/lookup.js'
import { signAdCert, signAdvertisement } from '../../src/routing/certificates.js'
import { nodeName } from '../../src/routing/signing.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CertificateError, MalformedMessageError } from '../../src/errors.js'
import { testCapsule } from '../helpers.js'

const NOW = 1_800_000_000_000_000
const signer = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)
const server = signer()
const router = signer()
const routerName = nodeName(router.publicKey)
const address = '/ip4/127.0.0.1/tcp/1/p2p/router'
const of = (a: string): Uint8Array | undefined => a === address ? routerName : a.endsWith('/p2p/other') ? nodeName(server.publicKey) : undefined

function record (t: ReturnType<typeof testCapsule>, sequence = 1, addresses = [address]) {
  const adCert = signAdCert({ capsule: t.name, server: nodeName(server.publicKey), notBeforeUs: NOW - 1e9, notAfterUs: NOW + 1e9 }, t.owner)
  const advertisement = signAdvertisement({ serverKey: server.publicKey, router: routerName, sequence, issuedAtUs: NOW, expiresAtUs: NOW + 1e8, cost: 0, added: [{ metadata: t.signed, adCert }], withdrawn: [], set: { count: 1, digest: t.name } }, server)
  return { advertisement, routerAddresses: addresses }
}

describe('GLookup records', () => {
  it('verify for the capsule they carry and for the server itself, after encoding', () => {
    const t = testCapsule()
    const r = decodeLookupRecord(encodeLookupRecord(record(t)))
    expect(Buffer.from(verifyLookupRecord(t.name, r, NOW, of).router)).toEqual(Buffer.from(routerName))
    expect(verifyLookupRecord(nodeName(server.publicKey), r, NOW, of).expiresAtUs).toBe(NOW + 1e8)
    expect(Buffer.from(capsuleOfLookupKey(lookupKey(t.name)))).toEqual(Buffer.from(t.name))
  })

  it('are refused for another capsule, with addresses of another peer, or altered', () => {
    const t = testCapsule()
    const problem = (fn: () => unknown): string => { try { fn(); return 'accepted' } catch (err) { return (err as CertificateError).problem ?? (err as Error).name } }
    expect(problem(() => verifyLookupRecord(testCapsule().name, record(t), NOW, of))).toBe('wrong-capsule')
    expect(problem(() => verifyLookupRecord(t.name, record(t, 1, ['/ip4/127.0.0.1/tcp/1/p2p/other']), NOW, of))).toBe('wrong-router')
    const forged = record(t)
    forged.advertisement.advertisement.cost = 99
    expect(problem(() => verifyLookupRecord(t.name, forged, NOW, of))).toBe('bad-signature')
    expect(problem(() => verifyLookupRecord(t.name, record(t), NOW + 2e8, of))).toBe('expired')
    expect(() => capsuleOfLookupKey(new Uint8Array(Buffer.from('/gdp/xyz')))).toThrow(MalformedMessageError)
    expect(() => decodeLookupRecord(new Uint8Array([1, 2, 3]))).toThrow(MalformedMessageError)
  })

  it('the newest advertisement wins', () => {
    const t = testCapsule()
    expect(selectLookupRecord([record(t, 3), record(t, 7), record(t, 5)])).toBe(1)
  })
})

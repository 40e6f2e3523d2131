import { describe, expect, it } from 'vitest'
import {
  decodeLookupRecord, encodeLookupRecord, lookupKey, MAX_LOOKUP_RECORD_BYTES, nameOfLookupKey, lookupRecordSelector, recordAddresses, signServerLookupRecord, verifyLookupRecord,
  type CapsuleLookupRecord, type ServerLookupRecord
} from '../../src/routing/lookup.js'
import { signAdCert, signAdvertisement, type AdvertisedCapsule } from '../../src/routing/certificates.js'
import { nodeName } from '../../src/routing/signing.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CertificateError, MalformedMessageError } from '../../src/errors.js'
import { pb } from '../../src/wire/index.js'
import { testCapsule, type TestCapsule } from '../helpers.js'

const NOW = 1_800_000_000_000_000
const signer = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)
const server = signer()
const serverName = nodeName(server.publicKey)
const router = signer()
const routerName = nodeName(router.publicKey)
const address = '/ip4/127.0.0.1/tcp/1/p2p/router'
/** The key of the peer an address ends in: the router's, or (/p2p/other) the server's. */
const keyOf = (a: string): Uint8Array | undefined => a.endsWith('/p2p/router') ? router.publicKey : a.endsWith('/p2p/other') ? server.publicKey : undefined
const problem = (fn: () => unknown): string => { try { fn(); return 'accepted' } catch (err) { return (err as CertificateError).problem ?? (err as Error).name } }

function capsuleRecord (t: TestCapsule, notBeforeUs = NOW - 1e9, to = serverName): CapsuleLookupRecord {
  return { capsule: { metadata: t.signed, adCert: signAdCert({ capsule: t.name, server: to, notBeforeUs, notAfterUs: notBeforeUs + 2e9 }, t.owner) } }
}

function serverRecord (sequence = 1, addresses = [address], added: AdvertisedCapsule[] = []): ServerLookupRecord {
  const advertisement = signAdvertisement({ serverKey: server.publicKey, router: routerName, sequence, issuedAtUs: NOW, expiresAtUs: NOW + 1e8, cost: 2, added, withdrawn: [], set: { count: added.length, digest: new Uint8Array(32) } }, server)
  return signServerLookupRecord(advertisement, addresses, router)
}

describe('GLookup capsule records', () => {
  it('verify under the capsule name, after encoding, for the AdCert period', () => {
    const t = testCapsule()
    const r = decodeLookupRecord(encodeLookupRecord(capsuleRecord(t)))
    expect(verifyLookupRecord(t.name, r, NOW, keyOf)).toMatchObject({ kind: 'capsule', server: serverName, notBeforeUs: NOW - 1e9, notAfterUs: NOW + 1e9 })
    expect(Buffer.from(nameOfLookupKey(lookupKey(t.name)))).toEqual(Buffer.from(t.name))
  })

  it('are refused under another name, with an AdCert not signed by the owner or for another capsule, or expired', () => {
    const t = testCapsule()
    const other = testCapsule()
    expect(problem(() => verifyLookupRecord(other.name, capsuleRecord(t), NOW, keyOf))).toBe('wrong-capsule')
    const forged = capsuleRecord(t)
    forged.capsule.adCert = signAdCert(forged.capsule.adCert.cert, other.owner)
    expect(problem(() => verifyLookupRecord(t.name, forged, NOW, keyOf))).toBe('bad-signature')
    const mixed = { capsule: { metadata: t.signed, adCert: capsuleRecord(other).capsule.adCert } }
    expect(problem(() => verifyLookupRecord(t.name, mixed, NOW, keyOf))).toBe('wrong-capsule')
    expect(problem(() => verifyLookupRecord(t.name, capsuleRecord(t), NOW + 2e9, keyOf))).toBe('expired')
  })

  it('the newest AdCert wins, then the longest, then the lowest server name', () => {
    const t = testCapsule()
    const encoded = (notBeforeUs: number, to = serverName): Uint8Array => encodeLookupRecord(capsuleRecord(t, notBeforeUs, to))
    expect(lookupRecordSelector(lookupKey(t.name), [encoded(NOW - 3e9), encoded(NOW - 1e9), encoded(NOW - 2e9)])).toBe(1)
    const [low, high] = [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)]
    expect(lookupRecordSelector(lookupKey(t.name), [encoded(NOW, high), encoded(NOW, low)])).toBe(1)
    expect(lookupRecordSelector(lookupKey(t.name), [new Uint8Array([1, 2, 3]), encoded(NOW)])).toBe(1)
  })
})

describe('GLookup server records', () => {
  it('verify under the server name, after encoding, until the update ends, whatever it adds', () => {
    const t = testCapsule()
    const withCapsule = serverRecord(1, [address], [capsuleRecord(t).capsule])
    for (const r of [serverRecord(), withCapsule]) {
      expect(verifyLookupRecord(serverName, decodeLookupRecord(encodeLookupRecord(r)), NOW, keyOf)).toMatchObject({ kind: 'server', server: serverName, router: routerName, routerAddresses: [address], cost: 2, expiresAtUs: NOW + 1e8 })
    }
    // Not under a capsule's name, even one the update adds.
    expect(problem(() => verifyLookupRecord(t.name, withCapsule, NOW, keyOf))).toBe('wrong-server')
  })

  it('are refused with addresses of another peer, altered, expired or not yet valid', () => {
    expect(problem(() => verifyLookupRecord(serverName, serverRecord(1, [address, '/ip4/127.0.0.1/tcp/1/p2p/other']), NOW, keyOf))).toBe('wrong-router')
    expect(problem(() => verifyLookupRecord(serverName, serverRecord(1, ['not an address']), NOW, keyOf))).toBe('wrong-router')
    const altered = serverRecord()
    altered.advertisement.advertisement.cost = 99
    expect(problem(() => verifyLookupRecord(serverName, altered, NOW, keyOf))).toBe('bad-signature')
    expect(problem(() => verifyLookupRecord(serverName, serverRecord(), NOW + 2e8, keyOf))).toBe('expired')
    expect(problem(() => verifyLookupRecord(serverName, serverRecord(), NOW - 2e8, keyOf))).toBe('not-yet-valid')
  })

  it('are refused with addresses put in by anyone but the router (it signs them with the update), and in any encoding but the canonical one', () => {
    // Anyone who read a server record could put it back with addresses of its own that end in the router's peer
    // id: every DHT node took it over the router's (an equal rank replaces), and every dial then failed Noise.
    const swapped = { ...serverRecord(), routerAddresses: ['/ip4/10.9.9.9/tcp/1/p2p/router'] }
    expect(problem(() => verifyLookupRecord(serverName, decodeLookupRecord(encodeLookupRecord(swapped)), NOW, keyOf))).toBe('bad-signature')
    // Bytes past the statement (here an unknown field 15) would travel with it unsigned, as on every node holding it.
    const encoded = encodeLookupRecord(serverRecord())
    const padded = new Uint8Array([...encoded, 0x7a, 3, 0x61, 0x62, 0x63])
    expect(() => decodeLookupRecord(padded)).toThrow(/not in canonical form/)
  })

  it('the newest update wins', () => {
    expect(lookupRecordSelector(lookupKey(serverName), [serverRecord(3), serverRecord(7), serverRecord(5)].map(encodeLookupRecord))).toBe(1)
  })
})

describe('GLookup record forms', () => {
  it('are refused when malformed: no statement or both, addresses or a router signature on a capsule record, none on a server record, 0 or 17 addresses, too large, a bad key', () => {
    const t = testCapsule()
    const capsule = pb.LookupRecord.decode(encodeLookupRecord(capsuleRecord(t))).capsule!
    const advertisement = pb.LookupRecord.decode(encodeLookupRecord(serverRecord())).advertisement!
    const cases = [
      pb.LookupRecord.encode({ routerAddresses: [address] }).finish(),
      pb.LookupRecord.encode({ capsule, advertisement, routerAddresses: [address] }).finish(),
      pb.LookupRecord.encode({ capsule, routerAddresses: [address] }).finish(),
      pb.LookupRecord.encode({ capsule, routerSignature: new Uint8Array(64).fill(1) }).finish(),
      pb.LookupRecord.encode({ advertisement, routerAddresses: [address] }).finish(),
      encodeLookupRecord(serverRecord(1, [])),
      encodeLookupRecord(serverRecord(1, Array.from({ length: 17 }, () => address))),
      new Uint8Array(MAX_LOOKUP_RECORD_BYTES + 1),
      new Uint8Array([1, 2, 3])
    ]
    for (const bytes of cases) expect(() => decodeLookupRecord(bytes)).toThrow(MalformedMessageError)
    expect(decodeLookupRecord(encodeLookupRecord(serverRecord(1, Array.from({ length: 16 }, () => address))))).toMatchObject({ routerAddresses: Array.from({ length: 16 }, () => address) })
    expect(() => nameOfLookupKey(new Uint8Array(Buffer.from('/gdp/xyz')))).toThrow(MalformedMessageError)
  })
})

describe('GLookup record addresses', () => {
  it('are the router\'s own, once each, public before private before loopback, at most 16', () => {
    const loopback = Array.from({ length: 6 }, (_, i) => `/ip4/127.0.0.${i + 1}/tcp/1/p2p/router`)
    const lan = Array.from({ length: 6 }, (_, i) => `/ip4/192.168.1.${i + 1}/tcp/1/p2p/router`)
    const open = [...Array.from({ length: 6 }, (_, i) => `/ip4/8.8.8.${i + 1}/tcp/1/p2p/router`), '/dns4/router.example.com/tcp/443/wss/p2p/router']
    const mixed = [...loopback, lan[0]!, '/ip4/8.8.8.8/tcp/1/p2p/other', '/ip4/8.8.8.9/tcp/1', ...lan.slice(1), ...open, open[0]!]
    expect(recordAddresses(mixed, routerName, keyOf)).toEqual([...open, ...lan, ...loopback.slice(0, 3)])
    expect(recordAddresses(loopback, routerName, keyOf)).toEqual(loopback)
    expect(recordAddresses(['/ip4/8.8.8.8/tcp/1/p2p/other'], routerName, keyOf)).toEqual([])
  })
})

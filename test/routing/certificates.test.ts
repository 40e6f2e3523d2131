import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  decodeSignedAdvertisement, decodeSignedDomainMembership, encodeSignedAdvertisement, encodeSignedDomainMembership,
  signAdCert, signAdvertisement, signDomainMembership, verifyDomainMembership, type Advertisement, type SignedAdvertisement
} from '../../src/routing/certificates.js'
import { AdvertisementProcessor, RouteTable } from '../../src/routing/route-table.js'
import { nodeName } from '../../src/routing/signing.js'
import { decodeSignedRouteAnnouncement, signRouteAnnouncement, signedRouteAnnouncementToPb, type SignedRouteAnnouncement } from '../../src/routing/announcements.js'
import { pb } from '../../src/wire/index.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CertificateError, MalformedMessageError } from '../../src/errors.js'
import { testCapsule, type TestCapsule } from '../helpers.js'

const NOW = 1_800_000_000_000_000
const HOUR = 3_600_000_000
const signer = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)

const server = signer()
const router = signer()
const serverName = nodeName(server.publicKey)
const routerName = nodeName(router.publicKey)

function advertisement (capsules: TestCapsule[], change: Partial<Advertisement> = {}, delegateTo = serverName, by = server): SignedAdvertisement {
  return signAdvertisement({
    serverKey: by.publicKey,
    router: routerName,
    sequence: 1,
    issuedAtUs: NOW,
    expiresAtUs: NOW + HOUR,
    cost: 1,
    withdraw: false,
    capsules: capsules.map((t) => ({ metadata: t.signed, adCert: signAdCert({ capsule: t.name, server: delegateTo, notBeforeUs: NOW - HOUR, notAfterUs: NOW + 2 * HOUR }, t.owner) })),
    ...change
  }, by)
}

function processor (): { table: RouteTable, p: AdvertisementProcessor } {
  const table = new RouteTable()
  return { table, p: new AdvertisementProcessor(routerName, table) }
}

describe('advertisements and AdCerts', () => {
  it('a valid chain installs a route that survives encoding', () => {
    const { table, p } = processor()
    const t = testCapsule()
    const ad = decodeSignedAdvertisement(encodeSignedAdvertisement(advertisement([t])))
    expect(p.apply(ad, serverName, 2, NOW).installed.length).toBe(1)
    expect(table.lookup(t.name, NOW)).toMatchObject({ cost: 3, expiresAtUs: NOW + HOUR })
  })

  it('nobody can attract a capsule they were not delegated: the entry is refused and counted', () => {
    const { table, p } = processor()
    const t = testCapsule()
    const thief = signer()
    // The thief signs its own advertisement with a genuine AdCert that names another server.
    const outcome = p.apply(advertisement([t], {}, serverName, thief), nodeName(thief.publicKey), 1, NOW)
    expect(outcome.installed).toEqual([])
    expect(outcome.rejected[0]!.problem).toBe('wrong-server')
    // An AdCert signed by someone other than the owner.
    const forged = advertisement([t])
    forged.advertisement.capsules[0]!.adCert = signAdCert(forged.advertisement.capsules[0]!.adCert.cert, thief)
    expect(p.apply(signAdvertisement(forged.advertisement, server), serverName, 1, NOW).rejected[0]!.problem).toBe('bad-signature')
    // An AdCert for another capsule than the metadata beside it.
    const other = testCapsule()
    const swapped = advertisement([t], { sequence: 5 })
    swapped.advertisement.capsules[0]!.metadata = other.signed
    expect(p.apply(signAdvertisement(swapped.advertisement, server), serverName, 1, NOW).rejected[0]!.problem).toBe('wrong-capsule')
    expect(table.lookup(t.name, NOW)).toBeUndefined()
    expect(p.rejections.get('wrong-server')).toBe(1)
  })

  it('refuses forged, misaddressed, expired, early and replayed advertisements', () => {
    const { p } = processor()
    const t = testCapsule()
    const problem = (fn: () => unknown): string => { try { fn(); return 'accepted' } catch (err) { return (err as CertificateError).problem } }
    const good = advertisement([t])
    expect(problem(() => p.apply({ ...good, serverSignature: router.sign(new Uint8Array(1)) }, serverName, 1, NOW))).toBe('bad-signature')
    expect(problem(() => p.apply(advertisement([t], { router: serverName }), serverName, 1, NOW))).toBe('wrong-router')
    expect(problem(() => p.apply(good, serverName, 1, NOW + 2 * HOUR))).toBe('expired')
    expect(problem(() => p.apply(good, serverName, 1, NOW - HOUR))).toBe('not-yet-valid')
    expect(problem(() => p.apply(good, serverName, 1, NOW))).toBe('accepted')
    expect(problem(() => p.apply(good, serverName, 1, NOW))).toBe('replayed')
    expect([...p.rejections.values()].reduce((a, b) => a + b)).toBe(5)
  })

  it('an expired AdCert is refused even inside a fresh advertisement', () => {
    const { p } = processor()
    const t = testCapsule()
    const ad = advertisement([t])
    ad.advertisement.capsules[0]!.adCert = signAdCert({ capsule: t.name, server: serverName, notBeforeUs: 0, notAfterUs: NOW - 1 }, t.owner)
    expect(p.apply(signAdvertisement(ad.advertisement, server), serverName, 1, NOW).rejected[0]!.problem).toBe('expired')
  })

  it('withdrawal and renewal: a newer sequence withdraws, the route goes', () => {
    const { table, p } = processor()
    const t = testCapsule()
    p.apply(advertisement([t]), serverName, 1, NOW)
    p.apply(advertisement([t], { sequence: 2, withdraw: true }), serverName, 1, NOW)
    expect(table.lookup(t.name, NOW)).toBeUndefined()
    p.apply(advertisement([t], { sequence: 3, expiresAtUs: NOW + 3 * HOUR }), serverName, 1, NOW)
    expect(table.lookup(t.name, NOW)!.expiresAtUs).toBe(NOW + 2 * HOUR) // capped by the AdCert
  })

  it('anycast: the cheapest live replica wins; when its route expires the next one does', () => {
    const table = new RouteTable()
    const t = testCapsule()
    const far = nodeName(signer().publicKey)
    const near = nodeName(signer().publicKey)
    table.install({ capsule: t.name, server: far, nextHop: far, cost: 10, expiresAtUs: NOW + 2 * HOUR })
    table.install({ capsule: t.name, server: near, nextHop: near, cost: 2, expiresAtUs: NOW + HOUR })
    expect(table.lookup(t.name, NOW)!.server).toEqual(near)
    expect(table.lookup(t.name, NOW + HOUR + 1)!.server).toEqual(far)
    expect(table.expire(NOW + HOUR + 1)).toBe(1)
    table.dropNextHop(far)
    expect(table.lookup(t.name, NOW)).toBeUndefined()
  })
})

describe('domain membership', () => {
  const domain = signer()
  const membership = signDomainMembership({ router: routerName, parent: new Uint8Array(0), notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, domain)
  const policy = { trustedDomains: [nodeName(domain.publicKey)] }

  it('admits a router of a trusted domain, and survives encoding', () => {
    const decoded = decodeSignedDomainMembership(encodeSignedDomainMembership(membership))
    expect(verifyDomainMembership(decoded, routerName, policy, NOW)).toEqual(nodeName(domain.publicKey))
  })

  it('refuses untrusted domains, other routers, forged and expired memberships', () => {
    const problem = (fn: () => unknown): string => { try { fn(); return 'accepted' } catch (err) { return (err as CertificateError).problem } }
    expect(problem(() => verifyDomainMembership(membership, routerName, { trustedDomains: [] }, NOW))).toBe('untrusted-domain')
    expect(problem(() => verifyDomainMembership(membership, serverName, policy, NOW))).toBe('wrong-router')
    expect(problem(() => verifyDomainMembership({ ...membership, domainSignature: router.sign(new Uint8Array(1)) }, routerName, policy, NOW))).toBe('bad-signature')
    expect(problem(() => verifyDomainMembership(membership, routerName, policy, NOW + 2 * HOUR))).toBe('expired')
  })
})

describe('routing decoders', () => {
  for (const [name, decode] of [['advertisement', decodeSignedAdvertisement], ['domain membership', decodeSignedDomainMembership]] as const) {
    it(`${name}: garbage gives MalformedMessageError only`, () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try { decode(bytes) } catch (err) { if (!(err instanceof MalformedMessageError)) throw err }
      }), { numRuns: 500 })
    })
  }

  it('mutated advertisements decode or are malformed, and never verify when altered', () => {
    const t = testCapsule()
    const bytes = encodeSignedAdvertisement(advertisement([t]))
    fc.assert(fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const mutated = bytes.slice(); mutated[at]! ^= xor
      let decoded
      try { decoded = decodeSignedAdvertisement(mutated) } catch (err) { if (err instanceof MalformedMessageError) return; throw err }
      const { p, table } = processor()
      try { p.apply(decoded, serverName, 1, NOW) } catch (err) { if (err instanceof CertificateError) return; throw err }
      // Accepted only if the mutation did not change what is signed (e.g. an unknown field).
      expect(table.lookup(t.name, NOW) === undefined || Buffer.from(encodeSignedAdvertisement(decoded)).equals(Buffer.from(bytes))).toBe(true)
    }), { numRuns: 300 })
  })
})

describe('route announcements up the domain hierarchy', () => {
  const domain = signer()
  const parent = signer()
  const parentName = nodeName(parent.publicKey)
  const membership = signDomainMembership({ router: routerName, parent: new Uint8Array(0), notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, domain)
  const policy = { trustedDomains: [nodeName(domain.publicKey)] }
  const announce = (ads: SignedAdvertisement[], sequence = 1): SignedRouteAnnouncement =>
    signRouteAnnouncement({ routerKey: router.publicKey, parent: parentName, sequence, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, membership, advertisements: ads, cost: 1 }, router)

  it('the parent installs routes through the child router, checking every chain', () => {
    const table = new RouteTable()
    const p = new AdvertisementProcessor(parentName, table)
    const t = testCapsule()
    const decoded = decodeSignedRouteAnnouncement(pb.SignedRouteAnnouncement.encode(signedRouteAnnouncementToPb(announce([advertisement([t])]))).finish())
    expect(p.applyAnnouncement(decoded, routerName, 2, NOW, policy).installed).toEqual([t.name])
    expect(table.lookup(t.name, NOW)).toMatchObject({ nextHop: routerName, server: serverName, cost: 4 })
    // The next announcement is full state: what it no longer lists goes.
    p.applyAnnouncement(announce([], 2), routerName, 2, NOW, policy)
    expect(table.lookup(t.name, NOW)).toBeUndefined()
  })

  it('refuses untrusted domains, replays, and announcements relayed by another neighbour', () => {
    const p = new AdvertisementProcessor(parentName, new RouteTable())
    const t = testCapsule()
    const problem = (fn: () => unknown): string => { try { fn(); return 'accepted' } catch (err) { return (err as CertificateError).problem } }
    expect(problem(() => p.applyAnnouncement(announce([advertisement([t])]), routerName, 1, NOW, { trustedDomains: [] }))).toBe('untrusted-domain')
    expect(problem(() => p.applyAnnouncement(announce([advertisement([t])]), serverName, 1, NOW, policy))).toBe('wrong-router')
    expect(problem(() => p.applyAnnouncement(announce([advertisement([t])], 5), routerName, 1, NOW, policy))).toBe('accepted')
    expect(problem(() => p.applyAnnouncement(announce([advertisement([t])], 5), routerName, 1, NOW, policy))).toBe('replayed')
  })
})

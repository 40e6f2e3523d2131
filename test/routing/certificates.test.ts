import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import {
  decodeSignedAdvertisement, decodeSignedDomainMembership, EMPTY_SET_DIGEST, encodeSignedAdvertisement, encodeSignedDomainMembership,
  signAdCert, signAdvertisement, signDomainMembership, toggleSetDigest, verifyDomainMembership,
  type AdvertisedCapsule, type AdvertisedSet, type Advertisement, type SignedAdvertisement, CLOCK_SKEW_US, endsHereUs
} from '../../src/routing/certificates.js'
import { AdvertisementProcessor, RouteTable, type AdvertisementProcessorInit, type UpdateSource } from '../../src/routing/route-table.js'
import { nodeName } from '../../src/routing/signing.js'
import { decodeSignedRouteAnnouncement, encodeRouteAnnouncement, MAX_ANNOUNCED_ADVERTISEMENTS, signRouteAnnouncement, signedRouteAnnouncementToPb, type RouteAnnouncement, type SignedRouteAnnouncement } from '../../src/routing/announcements.js'
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

/** The set a server states after adding and withdrawing these names. */
function setOf (names: Uint8Array[]): AdvertisedSet {
  const digest = new Uint8Array(EMPTY_SET_DIGEST)
  for (const n of names) toggleSetDigest(digest, n)
  return { count: names.length, digest }
}

function entry (t: TestCapsule, delegateTo = serverName, notAfterUs = NOW + 2 * HOUR): AdvertisedCapsule {
  return { metadata: t.signed, adCert: signAdCert({ capsule: t.name, server: delegateTo, notBeforeUs: NOW - HOUR, notAfterUs }, t.owner) }
}

/** An update adding `capsules` to an otherwise empty set (unless `change` says otherwise). */
function advertisement (capsules: TestCapsule[], change: Partial<Advertisement> = {}, delegateTo = serverName, by = server): SignedAdvertisement {
  return signAdvertisement({
    serverKey: by.publicKey,
    router: routerName,
    sequence: 1,
    issuedAtUs: NOW,
    expiresAtUs: NOW + HOUR,
    cost: 1,
    added: capsules.map((t) => entry(t, delegateTo)),
    withdrawn: [],
    set: setOf(capsules.map((t) => t.name)),
    ...change
  }, by)
}

function processor (init: AdvertisementProcessorInit = {}): { table: RouteTable, p: AdvertisementProcessor } {
  const table = new RouteTable()
  return { table, p: new AdvertisementProcessor(routerName, table, init) }
}

const direct = (linkCost = 1): UpdateSource => ({ neighbour: serverName, linkCost })
const problem = (fn: () => unknown): string => { try { fn(); return 'accepted' } catch (err) { return (err as CertificateError).problem } }

describe('advertisements and AdCerts', () => {
  it('a valid chain installs a route that survives encoding', () => {
    const { table, p } = processor()
    const t = testCapsule()
    const ad = decodeSignedAdvertisement(encodeSignedAdvertisement(advertisement([t])))
    const outcome = p.apply(ad, direct(2), NOW)
    expect(outcome.installed.length).toBe(1)
    expect(outcome.resync).toBe(false)
    expect(table.lookup(t.name, NOW)).toMatchObject({ cost: 3, expiresAtUs: NOW + HOUR })
    // The server's own node name is routed too, so create requests reach it.
    expect(table.lookup(serverName, NOW)).toMatchObject({ nextHop: serverName })
  })

  it('nobody can attract a capsule they were not delegated: the entry is refused and counted', () => {
    const { table, p } = processor()
    const t = testCapsule()
    const thief = signer()
    const thiefName = nodeName(thief.publicKey)
    // The thief signs its own advertisement with a genuine AdCert that names another server.
    const outcome = p.apply(advertisement([t], {}, serverName, thief), { neighbour: thiefName, linkCost: 1 }, NOW)
    expect(outcome.installed).toEqual([])
    expect(outcome.rejected[0]!.problem).toBe('wrong-server')
    // An AdCert signed by someone other than the owner.
    const forged = advertisement([t])
    forged.advertisement.added[0]!.adCert = signAdCert(forged.advertisement.added[0]!.adCert.cert, thief)
    expect(p.apply(signAdvertisement(forged.advertisement, server), direct(), NOW).rejected[0]!.problem).toBe('bad-signature')
    // An AdCert for another capsule than the metadata beside it.
    const other = testCapsule()
    const swapped = advertisement([t], { sequence: 5 })
    swapped.advertisement.added[0]!.metadata = other.signed
    expect(p.apply(signAdvertisement(swapped.advertisement, server), direct(), NOW).rejected[0]!.problem).toBe('wrong-capsule')
    expect(table.lookup(t.name, NOW)).toBeUndefined()
    expect(p.rejections.get('wrong-server')).toBe(1)
  })

  it('refuses forged, misaddressed, expired, early and replayed advertisements', () => {
    const { p } = processor()
    const t = testCapsule()
    const good = advertisement([t])
    expect(problem(() => p.apply({ ...good, serverSignature: router.sign(new Uint8Array(1)) }, direct(), NOW))).toBe('bad-signature')
    expect(problem(() => p.apply(advertisement([t], { router: serverName }), direct(), NOW))).toBe('wrong-router')
    expect(problem(() => p.apply(good, direct(), NOW + 2 * HOUR))).toBe('expired')
    expect(problem(() => p.apply(good, direct(), NOW - HOUR))).toBe('not-yet-valid')
    expect(problem(() => p.apply(good, direct(), NOW))).toBe('accepted')
    expect(problem(() => p.apply(good, direct(), NOW))).toBe('replayed')
    expect([...p.rejections.values()].reduce((a, b) => a + b)).toBe(5)
  })

  it('a server restarted with its clock behind where it was (its sequences come from it) is taken again once its last update could no longer be taken here', () => {
    const { p, table } = processor()
    const t = testCapsule()
    expect(p.apply(advertisement([t], { sequence: 1000 }), direct(), NOW).installed).toHaveLength(1)
    // While that update could be taken (its end, here an hour, and the skew), a lower sequence is a replay, its set
    // gone or not: an update of before, relayed again by a child router, would bring back what its server withdrew.
    expect(problem(() => p.apply(advertisement([t], { sequence: 500 }), direct(), NOW))).toBe('replayed')
    table.dropNextHop(serverName)
    expect(problem(() => p.apply(advertisement([t], { sequence: 500 }), direct(), NOW + HOUR + CLOCK_SKEW_US))).toBe('replayed')
    // Past that, the server's updates count again (it had to wait for its clock to pass 1000).
    const later = NOW + 2 * HOUR
    table.expire(later)
    expect(p.apply(advertisement([t], { sequence: 600, issuedAtUs: later, expiresAtUs: later + HOUR }), direct(), later).installed).toHaveLength(1)
    expect(table.lookup(t.name, later)).toBeDefined()
  })

  it('an update that adds one capsule twice is refused whole before its AdCerts are checked (found: a capsule listed 1,000 times, 12,000 checks an announcement)', () => {
    const { p, table } = processor()
    const t = testCapsule()
    const other = testCapsule()
    const twice = advertisement([t, other, t])
    expect(() => p.apply(twice, direct(), NOW)).toThrow(`adds capsule ${formatName(t.name)} twice`)
    expect(problem(() => p.apply(twice, direct(), NOW))).toBe('malformed')
    expect(table.lookup(other.name, NOW)).toBeUndefined()
    expect(problem(() => p.apply(advertisement([t, other]), direct(), NOW))).toBe('accepted')
  })

  it('an advertisement counts only over the server\'s own link: a stored copy handed over by another neighbour attracts nothing', () => {
    const { table, p } = processor()
    const t = testCapsule()
    const copy = advertisement([t])
    const someone = nodeName(signer().publicKey)
    expect(problem(() => p.apply(copy, { neighbour: someone, linkCost: 1 }, NOW))).toBe('wrong-link')
    expect(table.lookup(t.name, NOW)).toBeUndefined()
    expect(table.lookup(serverName, NOW)).toBeUndefined()
    expect(p.rejections.get('wrong-link')).toBe(1)
  })

  it('an expired AdCert (past the clock skew allowed) is refused even inside a fresh advertisement, but stays a member of the set', () => {
    const { table, p } = processor()
    const t = testCapsule()
    const ad = advertisement([t])
    ad.advertisement.added[0]!.adCert = signAdCert({ capsule: t.name, server: serverName, notBeforeUs: 0, notAfterUs: NOW - CLOCK_SKEW_US - 1 }, t.owner)
    const outcome = p.apply(signAdvertisement(ad.advertisement, server), direct(), NOW)
    expect(outcome.rejected[0]!.problem).toBe('expired')
    // The set still agrees with the server's (no snapshot asked for), and the capsule is not routed.
    expect(outcome.resync).toBe(false)
    expect(table.lookup(t.name, NOW)).toBeUndefined()
  })

  it('a server whose clock runs behind the router\'s keeps its routes for its update\'s lifetime by the router\'s clock, within the skew allowed past its end', () => {
    const SECOND = 1_000_000
    for (const [behind, until] of [[100, 80], [130, 50]] as const) {
      const { table, p } = processor()
      const t = testCapsule()
      const issuedAtUs = NOW - behind * SECOND
      // Lived 120 s by the server's clock: 20 s left by the router's (it lapsed before each 30 s refresh), or gone 10 s ago (refused).
      expect(p.apply(advertisement([t], { issuedAtUs, expiresAtUs: issuedAtUs + 120 * SECOND }), direct(), NOW).installed).toHaveLength(1)
      expect(table.lookup(t.name, NOW)!.expiresAtUs).toBe(NOW + until * SECOND)
    }
    expect(endsHereUs(NOW, NOW + 120 * 1e6, NOW)).toBe(NOW + 120 * 1e6)
    expect(endsHereUs(NOW, NOW + 120 * 1e6, NOW + 150 * 1e6)).toBe(NOW + 120 * 1e6 + CLOCK_SKEW_US)
  })

  it('updates add and withdraw; the stated set is checked after each; renewal extends the route', () => {
    // Lifetimes of hours, past the default max_advertise_lifetime (1 h): what caps them here is the AdCert.
    const { table, p } = processor({ maxLifetimeMs: 4 * HOUR / 1000 })
    const [a, b, c] = [testCapsule(), testCapsule(), testCapsule()]
    expect(p.apply(advertisement([a, b]), direct(), NOW).resync).toBe(false)
    const withdraw = p.apply(advertisement([c], { sequence: 2, withdrawn: [a.name], set: setOf([b.name, c.name]) }), direct(), NOW)
    expect(withdraw.resync).toBe(false)
    expect(table.lookup(a.name, NOW)).toBeUndefined()
    expect(table.lookup(b.name, NOW)).toBeDefined()
    expect(table.lookup(c.name, NOW)).toBeDefined()
    // An empty update refreshes the whole set: every route lives on.
    expect(p.apply(advertisement([], { sequence: 3, expiresAtUs: NOW + 3 * HOUR, set: setOf([b.name, c.name]) }), direct(), NOW).resync).toBe(false)
    expect(table.lookup(b.name, NOW + 1.5 * HOUR)).toBeDefined()
    expect(table.lookup(b.name, NOW)!.expiresAtUs).toBe(NOW + 2 * HOUR) // capped by the AdCert
    expect(table.size).toBe(3) // b, c and the server's own name
  })

  it('a router that missed an update notices from the stated set and asks for a snapshot, which replaces its copy', () => {
    const { table, p } = processor()
    const [a, b, c] = [testCapsule(), testCapsule(), testCapsule()]
    p.apply(advertisement([a, b]), direct(), NOW)
    // Update 2 (withdraw a) was lost; update 3 adds c and states {b, c}.
    const outcome = p.apply(advertisement([c], { sequence: 3, set: setOf([b.name, c.name]) }), direct(), NOW)
    expect(outcome.resync).toBe(true)
    // The snapshot, in two pages: a still routes until the last page, then goes.
    const set = setOf([b.name, c.name])
    p.apply(advertisement([b], { sequence: 4, set, snapshot: { firstSequence: 4, last: false } }), direct(), NOW)
    expect(table.lookup(a.name, NOW)).toBeDefined()
    const last = p.apply(advertisement([c], { sequence: 5, set, snapshot: { firstSequence: 4, last: true } }), direct(), NOW)
    expect(last.resync).toBe(false)
    expect(table.lookup(a.name, NOW)).toBeUndefined()
    expect(table.lookup(b.name, NOW)).toBeDefined()
    expect(table.lookup(c.name, NOW)).toBeDefined()
    expect(table.lookup(serverName, NOW)).toBeDefined()
    // A page of a snapshot whose start this router missed: it asks again.
    expect(p.apply(advertisement([b], { sequence: 7, set, snapshot: { firstSequence: 6, last: true } }), direct(), NOW).resync).toBe(true)
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
    // The near server's set expired: its capsule's route and its own name's go.
    expect(table.expire(NOW + HOUR + 1)).toBe(2)
    table.dropNextHop(far)
    expect(table.lookup(t.name, NOW)).toBeUndefined()
    expect(table.size).toBe(0)
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
      try { p.apply(decoded, direct(), NOW) } catch (err) { if (err instanceof CertificateError) return; throw err }
      // Accepted only if the mutation did not change what is signed (it hit bytes a decoder skips):
      // then what was decoded is the original advertisement, and it installs the original route.
      expect(Buffer.from(encodeSignedAdvertisement(decoded)).equals(Buffer.from(bytes))).toBe(true)
      expect(table.lookup(t.name, NOW)).toBeDefined()
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

  it('the parent installs routes through the child router, checking every chain; later updates are relayed the same way', () => {
    const table = new RouteTable()
    const p = new AdvertisementProcessor(parentName, table)
    const [t, u] = [testCapsule(), testCapsule()]
    const decoded = decodeSignedRouteAnnouncement(pb.SignedRouteAnnouncement.encode(signedRouteAnnouncementToPb(announce([advertisement([t])]))).finish())
    expect(p.applyAnnouncement(decoded, routerName, 2, NOW, policy).map((o) => o.installed)).toEqual([[t.name]])
    expect(table.lookup(t.name, NOW)).toMatchObject({ nextHop: routerName, server: serverName, cost: 4 })
    // A relayed update that withdraws t and adds u.
    p.applyAnnouncement(announce([advertisement([u], { sequence: 2, withdrawn: [t.name], set: setOf([u.name]) })], 2), routerName, 2, NOW, policy)
    expect(table.lookup(t.name, NOW)).toBeUndefined()
    expect(table.lookup(u.name, NOW)).toMatchObject({ nextHop: routerName })
    // The announcement's own lifetime bounds the routes it relays.
    expect(table.lookup(u.name, NOW)!.expiresAtUs).toBe(NOW + HOUR)
  })

  it('an update inside that was forged is skipped and counted; the rest apply', () => {
    const p = new AdvertisementProcessor(parentName, new RouteTable())
    const [t, u] = [testCapsule(), testCapsule()]
    const forged = { ...advertisement([t]), serverSignature: router.sign(new Uint8Array(1)) }
    const other = signer()
    const good = advertisement([u], {}, nodeName(other.publicKey), other)
    const outcomes = p.applyAnnouncement(announce([forged, good]), routerName, 1, NOW, policy)
    expect(outcomes.map((o) => o.installed)).toEqual([[u.name]])
    expect(p.rejections.get('bad-signature')).toBe(1)
  })

  it('a leaving announcement drops every set through that child router, remembering the routes as withdrawn, and nothing through another', () => {
    const table = new RouteTable()
    const p = new AdvertisementProcessor(parentName, table)
    const [t, u] = [testCapsule(), testCapsule()]
    p.applyAnnouncement(announce([advertisement([t])]), routerName, 1, NOW, policy)
    // Another child router of the same domain, relaying another server's set.
    const other = signer()
    const otherName = nodeName(other.publicKey)
    const otherServer = signer()
    const otherMembership = signDomainMembership({ router: otherName, parent: new Uint8Array(0), notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, domain)
    const otherAd = advertisement([u], { router: otherName }, nodeName(otherServer.publicKey), otherServer)
    p.applyAnnouncement(signRouteAnnouncement({ routerKey: other.publicKey, parent: parentName, sequence: 1, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, membership: otherMembership, advertisements: [otherAd], cost: 1 }, other), otherName, 1, NOW, policy)

    const leaving = signRouteAnnouncement({ routerKey: router.publicKey, parent: parentName, sequence: 2, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, membership, advertisements: [], cost: 1, leaving: true }, router)
    // Another neighbour cannot deliver it, nor can a replay do anything.
    expect(problem(() => p.applyAnnouncement(leaving, otherName, 1, NOW, policy))).toBe('wrong-router')
    expect(table.lookup(t.name, NOW)).toMatchObject({ nextHop: routerName })
    const decoded = decodeSignedRouteAnnouncement(pb.SignedRouteAnnouncement.encode(signedRouteAnnouncementToPb(leaving)).finish())
    expect(decoded.announcement.leaving).toBe(true)
    expect(p.applyAnnouncement(decoded, routerName, 1, NOW, policy)).toEqual([])
    expect(table.lookup(t.name, NOW)).toBeUndefined()
    expect(table.lookup(serverName, NOW)).toBeUndefined()
    expect(table.withdrawnNextHop(t.name)).toEqual(routerName)
    expect(table.lookup(u.name, NOW)).toMatchObject({ nextHop: otherName })
    expect(problem(() => p.applyAnnouncement(leaving, routerName, 1, NOW, policy))).toBe('replayed')
  })

  it('an announcement that is leaving and carries advertisements is malformed; one without leaving encodes as before', () => {
    const t = testCapsule()
    const bad = signRouteAnnouncement({ routerKey: router.publicKey, parent: parentName, sequence: 3, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, membership, advertisements: [advertisement([t])], cost: 1, leaving: true }, router)
    expect(() => decodeSignedRouteAnnouncement(pb.SignedRouteAnnouncement.encode(signedRouteAnnouncementToPb(bad)).finish())).toThrow(new MalformedMessageError('a leaving route announcement carries advertisements'))
    const plain = announce([advertisement([t])])
    expect(pb.RouteAnnouncement.decode(encodeRouteAnnouncement(plain.announcement)).leaving).toBe(false)
    expect(decodeSignedRouteAnnouncement(pb.SignedRouteAnnouncement.encode(signedRouteAnnouncementToPb(plain)).finish()).announcement.leaving).toBeUndefined()
  })

  it('an announcement naming lost servers goes alone: with advertisements, leaving, a name not 32 bytes or more than 4096 names it is malformed', () => {
    const t = testCapsule()
    const lost = [nodeName(signer().publicKey), nodeName(signer().publicKey)]
    const encoded = (a: Partial<RouteAnnouncement>): Uint8Array => pb.SignedRouteAnnouncement.encode(signedRouteAnnouncementToPb(signRouteAnnouncement({ routerKey: router.publicKey, parent: parentName, sequence: 4, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, membership, advertisements: [], cost: 1, ...a }, router))).finish()
    expect(decodeSignedRouteAnnouncement(encoded({ lostServers: lost })).announcement.lostServers).toEqual(lost)
    const alone = 'a route announcement naming lost servers carries advertisements or leaves: it goes alone'
    expect(() => decodeSignedRouteAnnouncement(encoded({ lostServers: lost, advertisements: [advertisement([t])] }))).toThrow(new MalformedMessageError(alone))
    expect(() => decodeSignedRouteAnnouncement(encoded({ lostServers: lost, leaving: true }))).toThrow(new MalformedMessageError(alone))
    expect(() => decodeSignedRouteAnnouncement(encoded({ lostServers: [new Uint8Array(31)] }))).toThrow(/lost_servers\[0\]/)
    const names = (n: number): Uint8Array[] => Array.from({ length: n }, () => new Uint8Array(32))
    expect(decodeSignedRouteAnnouncement(encoded({ lostServers: names(MAX_ANNOUNCED_ADVERTISEMENTS) })).announcement.lostServers).toHaveLength(MAX_ANNOUNCED_ADVERTISEMENTS)
    expect(() => decodeSignedRouteAnnouncement(encoded({ lostServers: names(MAX_ANNOUNCED_ADVERTISEMENTS + 1) }))).toThrow(new MalformedMessageError(`route announcement names ${MAX_ANNOUNCED_ADVERTISEMENTS + 1} lost servers, at most ${MAX_ANNOUNCED_ADVERTISEMENTS} allowed`))
    // Without lost servers, an announcement encodes as before (field 10 absent).
    expect(decodeSignedRouteAnnouncement(encoded({})).announcement.lostServers).toBeUndefined()
  })

  it('lost servers named by the child router drop only their sets through that router, not another neighbour\'s', () => {
    const table = new RouteTable()
    const [server, other, child, elsewhere] = [1, 2, 3, 4].map((i) => new Uint8Array(32).fill(i))
    table.serverSet(server!, child!, 1, NOW + HOUR, 'announced')
    table.serverSet(other!, child!, 1, NOW + HOUR, 'announced')
    table.serverSet(server!, elsewhere!, 1, NOW + HOUR, 'attached')
    expect(table.dropServersVia(child!, [server!, new Uint8Array(32).fill(9)])).toEqual([{ server, expiresAtUs: NOW + HOUR, origin: 'announced' }])
    expect(table.existingSet(server!, child!)).toBeUndefined()
    expect(table.existingSet(other!, child!)).toBeDefined()
    expect(table.existingSet(server!, elsewhere!)).toBeDefined()
  })

  // Found by running a child router on a clock ten years ahead, then setting it right and restarting it: its sequences
  // (from its clock) fell back, and its parent refused every announcement as a replay until the parent restarted.
  it('a child router restarted with its sequences behind where they were is taken again once its last announcement has ended here', () => {
    const p = new AdvertisementProcessor(parentName, new RouteTable())
    const t = testCapsule()
    const at = (issuedAtUs: number, sequence: number): SignedRouteAnnouncement =>
      signRouteAnnouncement({ routerKey: router.publicKey, parent: parentName, sequence, issuedAtUs, expiresAtUs: issuedAtUs + 60e6, membership, advertisements: [advertisement([t], { issuedAtUs, expiresAtUs: issuedAtUs + 60e6 })], cost: 1 }, router)
    expect(problem(() => p.applyAnnouncement(at(NOW, 1000), routerName, 1, NOW, policy))).toBe('accepted')
    // While it lives, a lower sequence is a replay.
    expect(problem(() => p.applyAnnouncement(at(NOW, 500), routerName, 1, NOW + 30e6, policy))).toBe('replayed')
    const later = NOW + 10 * 60e6
    expect(problem(() => p.applyAnnouncement(at(later, 600), routerName, 1, later, policy))).toBe('accepted')
  })

  it('refuses untrusted domains, replays, and announcements relayed by another neighbour', () => {
    const p = new AdvertisementProcessor(parentName, new RouteTable())
    const t = testCapsule()
    expect(problem(() => p.applyAnnouncement(announce([advertisement([t])]), routerName, 1, NOW, { trustedDomains: [] }))).toBe('untrusted-domain')
    // The membership is checked before the signature over the whole announcement: an untrusted router's cost nothing more.
    expect(problem(() => p.applyAnnouncement({ ...announce([advertisement([t])]), routerSignature: new Uint8Array(64) }, routerName, 1, NOW, { trustedDomains: [] }))).toBe('untrusted-domain')
    expect(problem(() => p.applyAnnouncement({ ...announce([advertisement([t])]), routerSignature: new Uint8Array(64) }, routerName, 1, NOW, policy))).toBe('bad-signature')
    expect(problem(() => p.applyAnnouncement(announce([advertisement([t])]), serverName, 1, NOW, policy))).toBe('wrong-router')
    expect(problem(() => p.applyAnnouncement(announce([advertisement([t])], 5), routerName, 1, NOW, policy))).toBe('accepted')
    expect(problem(() => p.applyAnnouncement(announce([advertisement([t])], 5), routerName, 1, NOW, policy))).toBe('replayed')
  })

  // Found by sending a child router's announcement again, and a copy of it from another peer: each was refused only
  // after its membership and the signature over the whole (megabytes re-encoded) had been checked, which the
  // order section 5 gives put last. A damaged signature shows which check came first.
  it('refuses a replay, and an announcement from a neighbour that is not its router, before checking any signature', () => {
    const p = new AdvertisementProcessor(parentName, new RouteTable())
    const t = testCapsule()
    const unsigned = (sequence: number): SignedRouteAnnouncement => ({ ...announce([advertisement([t])], sequence), routerSignature: new Uint8Array(64) })
    expect(problem(() => p.applyAnnouncement(announce([advertisement([t])], 5), routerName, 1, NOW, policy))).toBe('accepted')
    expect(problem(() => p.applyAnnouncement(unsigned(5), routerName, 1, NOW, policy))).toBe('replayed')
    expect(problem(() => p.applyAnnouncement(unsigned(6), serverName, 1, NOW, policy))).toBe('wrong-router')
    expect(problem(() => p.applyAnnouncement({ ...unsigned(6), announcement: { ...unsigned(6).announcement, membership: { ...membership, domainSignature: new Uint8Array(64) } } }, serverName, 1, NOW, policy))).toBe('wrong-router')
    expect(problem(() => p.applyAnnouncement(unsigned(6), routerName, 1, NOW, policy))).toBe('bad-signature')
  })
})

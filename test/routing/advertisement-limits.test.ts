// What one server's advertisements may cost a router (docs/routing.md
// section 4, "Limits"): refused entries are not held as routes, AdCert checks
// come out of a per-link budget, a link sending forged AdCerts is marked for
// cutting off, and one server set holds a bounded number of routes. Found by
// a wire-level attack in which a peer's own key made it a "server". Also
// which child routers a parent follows when they say they moved.
import { describe, expect, it, vi } from 'vitest'
import {
  CLOCK_SKEW_US, EMPTY_SET_DIGEST, signAdCert, signAdvertisement, signDomainMembership, toggleSetDigest,
  type AdvertisedCapsule, type AdvertisedSet, type SignedAdvertisement
} from '../../src/routing/certificates.js'
import { AdvertisementProcessor, DEFAULT_MAX_REFUSED_PER_NEIGHBOUR, type AdvertisementOutcome, MAX_BAD_ADCERT_SIGNATURES, MAX_REFUSED_MEMBERS, MAX_UNMATCHED_RESYNC_MS, RESYNC_INTERVAL_MS, RouteTable, SEQUENCES_BEFORE_FORGETTING, UNMATCHED_RESYNC_MS, type AdvertisementProcessorInit } from '../../src/routing/route-table.js'
import { nodeName } from '../../src/routing/signing.js'
import { formatName } from '../../src/capsule/name.js'
import { equalBytes } from '../../src/crypto/hash.js'
import { MAX_CAPSULES_PER_UPDATE } from '../../src/routing/advertiser.js'
import { signRouteAnnouncement } from '../../src/routing/announcements.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CertificateError } from '../../src/errors.js'
import { testCapsule, type TestCapsule } from '../helpers.js'

const NOW = 1_800_000_000_000_000
const HOUR = 3_600_000_000
const server = new Ed25519Signer(generateEd25519KeyPair().secretKey)
const serverName = nodeName(server.publicKey)
const routerName = nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey)
const direct = { neighbour: serverName, linkCost: 1 }

function setOf (names: Uint8Array[]): AdvertisedSet {
  const digest = new Uint8Array(EMPTY_SET_DIGEST)
  for (const n of names) toggleSetDigest(digest, n)
  return { count: names.length, digest }
}

const genuine = (t: TestCapsule): AdvertisedCapsule => ({ metadata: t.signed, adCert: signAdCert({ capsule: t.name, server: serverName, notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, t.owner) })

/** An entry whose AdCert names a random capsule, not the metadata's: refused without a signature check (`wrong-capsule`). */
function junk (t: TestCapsule): AdvertisedCapsule {
  const e = genuine(t)
  return { ...e, adCert: { ...e.adCert, cert: { ...e.adCert.cert, capsule: crypto.getRandomValues(new Uint8Array(32)) } } }
}

/** An entry whose every field holds but the owner's signature, which is random: costs the router a signature check (`bad-signature`). */
function forged (t: TestCapsule): AdvertisedCapsule {
  const e = genuine(t)
  return { ...e, adCert: { ...e.adCert, ownerSignature: crypto.getRandomValues(new Uint8Array(64)) } }
}

/** Update `sequence` adding `added`, stating the set `members` (by default what it adds). */
function update (sequence: number, added: AdvertisedCapsule[], members = added.map((a) => a.adCert.cert.capsule)): SignedAdvertisement {
  return updateBy(server, routerName, sequence, added, members)
}

/** The same from another server key, to `router`. */
function updateBy (signer: Ed25519Signer, router: Uint8Array, sequence: number, added: AdvertisedCapsule[], members = added.map((a) => a.adCert.cert.capsule)): SignedAdvertisement {
  return signAdvertisement({ serverKey: signer.publicKey, router, sequence, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, cost: 1, added, withdrawn: [], set: setOf(members) }, signer)
}

const newServer = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)

function router (init: AdvertisementProcessorInit = {}): { table: RouteTable, p: AdvertisementProcessor } {
  const table = new RouteTable()
  return { table, p: new AdvertisementProcessor(routerName, table, init) }
}

const problem = (fn: () => unknown): string => { try { fn(); return 'accepted' } catch (err) { return (err as CertificateError).problem } }
const members = (table: RouteTable): number => table.summaries()[0]!.members

describe('refused entries', () => {
  it('are not routes: 3,072 junk entries leave the table with the server\'s own name only, and the set holds at most MAX_REFUSED_MEMBERS of them', () => {
    const { table, p } = router()
    const t = testCapsule()
    for (let u = 1; u <= 3; u++) {
      const outcome = p.apply(update(u, Array.from({ length: 1024 }, () => junk(t))), direct, NOW + u)
      expect(outcome.rejected).toHaveLength(1024)
      expect(outcome.installed).toHaveLength(0)
    }
    expect(table.size).toBe(1)
    expect(members(table)).toBe(MAX_REFUSED_MEMBERS)
    expect(p.rejections.get('wrong-capsule')).toBe(3072)
  })

  it('still count in the set\'s digest, so an honest server with one refused capsule needs no snapshot; a later valid AdCert makes it a route', () => {
    const { table, p } = router()
    const [a, b, c] = [testCapsule(), testCapsule(), testCapsule()]
    // c's AdCert names another server: refused, but the server counts it.
    const wrong = { ...genuine(c), adCert: signAdCert({ capsule: c.name, server: routerName, notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, c.owner) }
    const outcome = p.apply(update(1, [genuine(a), genuine(b), wrong]), direct, NOW)
    expect(outcome).toMatchObject({ resync: false, installed: [a.name, b.name] })
    expect(outcome.rejected.map((e) => e.problem)).toEqual(['wrong-server'])
    expect(table.size).toBe(3)
    expect(table.lookup(c.name, NOW)).toBeUndefined()
    // Renewed with a valid AdCert: a route, and the set unchanged.
    expect(p.apply(update(2, [genuine(c)], [a.name, b.name, c.name]), direct, NOW).resync).toBe(false)
    expect(table.size).toBe(4)
    expect(table.lookup(c.name, NOW)?.server).toEqual(serverName)
  })
})

describe('AdCert checks one link may cost', () => {
  // advertise_snapshot_rate: 1 was taken (config.ts): its router took no update of more than 3 capsules.
  it('a router at the least advertise_snapshot_rate config.ts takes (65: 130 checks a second) takes a server\'s largest update whole; at 64 it cannot', () => {
    const t = testCapsule()
    const largest = update(1, Array.from({ length: MAX_CAPSULES_PER_UPDATE }, () => junk(t)))
    expect(problem(() => router({ checksPerSecond: 2 * 65 }).p.apply(largest, direct, NOW))).toBe('accepted')
    expect(problem(() => router({ checksPerSecond: 2 * 64 }).p.apply(largest, direct, NOW))).toBe('over-budget')
  })

  it('an update past the link\'s budget is refused whole before any check (over-budget), and the budget refills at its rate', () => {
    const { table, p } = router({ checksPerSecond: 1000 })
    const t = testCapsule()
    const big = (u: number): SignedAdvertisement => update(u, Array.from({ length: 1000 }, () => junk(t)))
    // A burst of twice the rate: two updates of 1,001 checks do not fit.
    expect(problem(() => p.apply(big(1), direct, NOW))).toBe('accepted')
    expect(problem(() => p.apply(big(2), direct, NOW + 1))).toBe('over-budget')
    expect(p.rejections.get('over-budget')).toBe(1)
    expect(p.rejections.get('wrong-capsule')).toBe(1000)
    // A second later there is room again, and the refused update's sequence number was not used up.
    expect(problem(() => p.apply(big(2), direct, NOW + 1_100_000))).toBe('accepted')
    expect(table.size).toBe(1)
  })

  it('the budget is for all links together: ten server keys at once get what one link would, not ten times it', () => {
    const { p } = router({ checksPerSecond: 1000 })
    const t = testCapsule()
    let accepted = 0
    for (let i = 0; i < 10; i++) {
      const key = newServer()
      const outcome = problem(() => p.apply(updateBy(key, routerName, 1, Array.from({ length: 500 }, () => junk(t))), { neighbour: nodeName(key.publicKey), linkCost: 1 }, NOW))
      if (outcome === 'accepted') accepted++
      else expect(outcome).toBe('over-budget')
    }
    // Two seconds' worth (2,000 checks) in all, updates of 501 each: a link per key gave each key its own 2,000.
    expect(accepted).toBeGreaterThan(0)
    expect(accepted * 501).toBeLessThanOrEqual(2000)
    expect(p.rejections.get('over-budget')).toBe(10 - accepted)
  })

  it('an honest server keeps its share beside a server key flooding updates', () => {
    const { p } = router({ checksPerSecond: 1000 })
    const t = testCapsule()
    const flooder = newServer()
    const flood = { neighbour: nodeName(flooder.publicKey), linkCost: 1 }
    let flooded = 0
    let honest = 0
    for (let tick = 0; tick < 50; tick++) {
      const at = NOW + tick * 100_000
      // The flooder asks for five times the whole rate; the honest server sends 11 checks a second.
      if (problem(() => p.apply(updateBy(flooder, routerName, tick + 1, Array.from({ length: 499 }, () => junk(t))), flood, at)) === 'accepted') flooded += 500
      if (tick % 10 === 0) {
        expect(problem(() => p.apply(update(tick + 1, Array.from({ length: 10 }, () => junk(t))), direct, at))).toBe('accepted')
        honest += 11
      }
    }
    expect(honest).toBe(55)
    // Five seconds at 1,000 a second and a burst of two seconds, at most.
    expect(flooded).toBeLessThanOrEqual(7000)
  })

  it('a child router\'s link pays for the updates it relays: past its share, an update is skipped (over-budget), the rest of the announcement applied', () => {
    const { p } = router({ checksPerSecond: 1000 })
    const t = testCapsule()
    const domain = newServer()
    const child = newServer()
    const childName = nodeName(child.publicKey)
    const membership = signDomainMembership({ router: childName, parent: new Uint8Array(0), notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, domain)
    // Three servers' updates of 1,000 checks each: two seconds' worth is 2,000.
    const advertisements = [newServer(), newServer(), newServer()].map((s) => updateBy(s, childName, 1, Array.from({ length: 999 }, () => junk(t))))
    const announcement = signRouteAnnouncement({ routerKey: child.publicKey, parent: routerName, sequence: 1, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, membership, advertisements, cost: 1 }, child)
    const outcomes = p.applyAnnouncement(announcement, childName, 1, NOW, { trustedDomains: [nodeName(domain.publicKey)] })
    expect(outcomes).toHaveLength(2)
    expect(p.rejections.get('over-budget')).toBe(1)
  })

  it('a link that sends more than MAX_BAD_ADCERT_SIGNATURES forged AdCerts is marked abusive; an honest one never is', () => {
    const { p } = router()
    const honest = p.apply(update(1, [genuine(testCapsule())]), direct, NOW)
    expect(honest.abusive).toBe(false)
    const few = p.apply(update(2, Array.from({ length: MAX_BAD_ADCERT_SIGNATURES }, () => forged(testCapsule())), []), direct, NOW)
    expect(few.abusive).toBe(false)
    const more = p.apply(update(3, [forged(testCapsule())], []), direct, NOW)
    expect(more.abusive).toBe(true)
    expect(p.rejections.get('bad-signature')).toBe(MAX_BAD_ADCERT_SIGNATURES + 1)
  })
})

describe('what ending a server\'s set, or its snapshot, costs a router that holds many routes', () => {
  /**
   * Map reads while `fn` runs: ending a set or a snapshot read every route of
   * the table (of every server) to find the few of one set, so that any peer,
   * a server over its own link, sending empty one-page snapshots (one
   * signature check each, 10,000 a second) or linking and leaving, held a
   * router of a million routes in passes over all of them.
   */
  function mapReads (fn: () => void): number {
    const reads = vi.spyOn(Map.prototype, 'get')
    try {
      fn()
      return reads.mock.calls.length
    } finally {
      reads.mockRestore()
    }
  }
  const ROUTES = 20_000

  it('reads the entries of that set only: a one-page snapshot, a leaving update and the loss of its link, whatever the table holds', () => {
    const { table, p } = router()
    const other = newServer()
    for (let i = 0; i < ROUTES; i++) table.install({ capsule: crypto.getRandomValues(new Uint8Array(32)), server: nodeName(other.publicKey), nextHop: nodeName(other.publicKey), cost: 1, expiresAtUs: NOW + HOUR })
    const t = testCapsule()
    const page = (sequence: number, extra: Partial<Parameters<typeof signAdvertisement>[0]> = {}): SignedAdvertisement =>
      signAdvertisement({ serverKey: server.publicKey, router: routerName, sequence, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, cost: 1, added: [genuine(t)], withdrawn: [], set: setOf([t.name]), snapshot: { firstSequence: sequence, last: true }, ...extra }, server)
    p.apply(page(1), direct, NOW)
    expect(table.size).toBe(ROUTES + 1 + 2)
    // The same snapshot again, and again: each ends with a pass over the set's members (the capsule and the server's name).
    for (let sequence = 2; sequence <= 4; sequence++) expect(mapReads(() => p.apply(page(sequence), direct, NOW))).toBeLessThan(100)
    expect(table.lookup(t.name, NOW)?.server).toEqual(serverName)
    // Leaving: the set goes, the routes of the other server stay.
    expect(mapReads(() => p.apply(page(5, { snapshot: undefined, leaving: true, added: [], withdrawn: [], set: setOf([t.name]) }), direct, NOW))).toBeLessThan(100)
    expect(table.lookup(t.name, NOW)).toBeUndefined()
    expect(table.size).toBe(ROUTES + 1)
    // Linked again, then its link lost.
    p.apply(page(6), direct, NOW)
    expect(mapReads(() => table.dropNextHop(serverName))).toBeLessThan(100)
    expect([table.lookup(t.name, NOW), table.lookup(serverName, NOW), table.size]).toEqual([undefined, undefined, ROUTES + 1])
  })
})

describe('routes per server set', () => {
  it('past maxRoutesPerServer new capsules are refused (too-many-routes); members already in the set are still renewed', () => {
    const { table, p } = router({ maxRoutesPerServer: 10 })
    const capsules = Array.from({ length: 12 }, () => testCapsule())
    const outcome = p.apply(update(1, capsules.map(genuine)), direct, NOW)
    expect(outcome.installed).toHaveLength(10)
    expect(outcome.rejected.map((e) => e.problem)).toEqual(['too-many-routes', 'too-many-routes'])
    expect(p.rejections.get('too-many-routes')).toBe(2)
    expect(table.size).toBe(11)
    expect(table.lookup(capsules[11]!.name, NOW)).toBeUndefined()
    // Counted in the digest like any refused entry: the server's set agrees.
    expect(outcome.resync).toBe(false)
    const renewal = p.apply(update(2, [genuine(capsules[0]!)], capsules.map((c) => c.name)), direct, NOW)
    expect(renewal).toMatchObject({ installed: [capsules[0]!.name], rejected: [], resync: false })
  })

  // A name refused for the bound is held as a refused member (for the digest), and a member was taken as a renewal:
  // listed again, it became a route, and each update past the bound added up to MAX_REFUSED_MEMBERS routes more.
  it('a capsule refused for the bound and listed again is refused again, not routed: its server\'s and its neighbour\'s', () => {
    const { table, p } = router({ maxRoutesPerServer: 10 })
    const capsules = Array.from({ length: 12 }, () => testCapsule())
    p.apply(update(1, capsules.map(genuine)), direct, NOW)
    const again = p.apply(update(2, capsules.slice(10).map(genuine), capsules.map((c) => c.name)), direct, NOW)
    expect(again.rejected.map((e) => e.problem)).toEqual(['too-many-routes', 'too-many-routes'])
    expect(again.resync).toBe(false)
    expect(table.lookup(capsules[11]!.name, NOW)).toBeUndefined()
    expect(table.size).toBe(11)
    const viaNeighbour = router({ maxRoutesPerNeighbour: 11 })
    viaNeighbour.p.apply(update(1, capsules.map(genuine)), direct, NOW)
    expect(viaNeighbour.p.apply(update(2, capsules.slice(10).map(genuine), capsules.map((c) => c.name)), direct, NOW).rejected.map((e) => e.problem)).toEqual(['too-many-neighbour-routes', 'too-many-neighbour-routes'])
    expect(viaNeighbour.table.routesVia(serverName)).toBe(11)
  })
})

describe('routes through one neighbour', () => {
  // A child router relays as many servers' sets as it likes, each within maxRoutesPerServer: it carries server keys of
  // its own, so without a bound on them together one neighbour grew the table without end.
  it('past maxRoutesPerNeighbour a new capsule is refused (too-many-neighbour-routes) and a new set whole; members are still renewed, other neighbours are not held to it, and what goes makes room', () => {
    const { table, p } = router({ maxRoutesPerNeighbour: 10 })
    const child = newServer()
    const childName = nodeName(child.publicKey)
    const via = { neighbour: childName, linkCost: 1, relay: { router: childName, cost: 1, expiresAtUs: NOW + HOUR } }
    const servers = [newServer(), newServer(), newServer()]
    const adFor = (s: Ed25519Signer, t: TestCapsule): AdvertisedCapsule => ({ metadata: t.signed, adCert: signAdCert({ capsule: t.name, server: nodeName(s.publicKey), notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, t.owner) })
    const first = Array.from({ length: 6 }, () => testCapsule())
    expect(p.apply(updateBy(servers[0]!, childName, 1, first.map((t) => adFor(servers[0]!, t))), via, NOW).installed).toHaveLength(6)
    expect(table.routesVia(childName)).toBe(7) // with the server's own name
    // The second server's set and two capsules reach the limit; its third passes it.
    const second = Array.from({ length: 3 }, () => testCapsule())
    const outcome = p.apply(updateBy(servers[1]!, childName, 1, second.map((t) => adFor(servers[1]!, t))), via, NOW)
    expect(outcome.installed).toEqual([second[0]!.name, second[1]!.name])
    expect(outcome.rejected.map((e) => [e.name, e.problem])).toEqual([['CertificateError', 'too-many-neighbour-routes']])
    expect(outcome.rejected[0]!.message).toMatch(/hold 10 routes here already, as many as this router takes through one neighbour \(max_routes_per_neighbour\)/)
    expect(outcome.resync).toBe(false) // refused, it still counts in the set's digest
    expect(table.routesVia(childName)).toBe(10)
    expect(table.lookup(second[2]!.name, NOW)).toBeUndefined()
    // A third server's set is not begun at all.
    expect(problem(() => p.apply(updateBy(servers[2]!, childName, 1, [adFor(servers[2]!, testCapsule())]), via, NOW))).toBe('too-many-neighbour-routes')
    expect(table.lookup(nodeName(servers[2]!.publicKey), NOW)).toBeUndefined()
    expect(p.rejections.get('too-many-neighbour-routes')).toBe(2)
    // Renewing a member adds no route: taken.
    expect(p.apply(updateBy(servers[0]!, childName, 2, [adFor(servers[0]!, first[0]!)], first.map((t) => t.name)), via, NOW)).toMatchObject({ rejected: [], installed: [first[0]!.name] })
    // A server on its own link is another neighbour.
    expect(p.apply(update(1, [genuine(testCapsule())]), direct, NOW).installed).toHaveLength(1)
    // The first server's set gone (its link lost at the child), the third's is taken.
    table.dropServersVia(childName, [nodeName(servers[0]!.publicKey)])
    expect(table.routesVia(childName)).toBe(3)
    expect(p.apply(updateBy(servers[2]!, childName, 1, [adFor(servers[2]!, testCapsule())]), via, NOW).installed).toHaveLength(1)
    expect(table.routesVia(childName)).toBe(5)
  })
})

describe('refused names through one neighbour', () => {
  // A trusted child router relays as many sets as it likes, each holding up to MAX_REFUSED_MEMBERS refused names: without
  // a bound on them together, its junk held the parent MAX_REFUSED_MEMBERS times its route bound in refused entries.
  const child = newServer()
  const childName = nodeName(child.publicKey)
  const via = { neighbour: childName, linkCost: 1, relay: { router: childName, cost: 1, expiresAtUs: NOW + HOUR } }
  const junkOf = (t: TestCapsule): AdvertisedCapsule[] => Array.from({ length: MAX_REFUSED_MEMBERS }, () => junk(t))
  const junkUpdate = (s: Ed25519Signer, sequence: number, snapshot?: { firstSequence: number, last: boolean }, added = junkOf(testCapsule())): SignedAdvertisement => {
    return signAdvertisement({ serverKey: s.publicKey, router: childName, sequence, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, cost: 1, added, withdrawn: [], set: setOf(added.map((a) => a.adCert.cert.capsule)), ...(snapshot === undefined ? {} : { snapshot }) }, s)
  }
  const summaryOf = (table: RouteTable, s: Ed25519Signer) => table.summaries().find((set) => equalBytes(set.server, nodeName(s.publicKey)))!

  it('are 65,536 unless set (64 sets full of them), and not counted as routes', () => {
    expect(DEFAULT_MAX_REFUSED_PER_NEIGHBOUR).toBe(64 * MAX_REFUSED_MEMBERS)
    const { table, p } = router({ maxRoutesPerNeighbour: 3 })
    const s = newServer()
    expect(p.apply(junkUpdate(s, 1), via, NOW)).toMatchObject({ resync: false, installed: [] })
    expect(table.refusedVia(childName)).toBe(MAX_REFUSED_MEMBERS)
    expect(table.routesVia(childName)).toBe(1)
  })

  it('are held up to maxRefusedPerNeighbour, the sets agreeing; past it a set is unmatched, asked for snapshots ever less often, not every 5 s; what goes makes room', () => {
    const { table, p } = router({ maxRefusedPerNeighbour: 2 * MAX_REFUSED_MEMBERS })
    const servers = [newServer(), newServer(), newServer()]
    const setOfServer = (s: Ed25519Signer) => table.existingSet(nodeName(s.publicKey), childName)!
    // At the bound: two sets full of junk, each held whole and agreeing with its server.
    for (const s of servers.slice(0, 2)) expect(p.apply(junkUpdate(s, 1), via, NOW).resync).toBe(false)
    expect(table.refusedVia(childName)).toBe(2 * MAX_REFUSED_MEMBERS)
    expect(summaryOf(table, servers[0]!)).toMatchObject({ members: MAX_REFUSED_MEMBERS, refused: MAX_REFUSED_MEMBERS, unmatched: false })
    // Past it: the third set's names are refused all the same (counted by reason) and not held.
    const third = servers[2]!
    const thirdJunk = junkOf(testCapsule())
    const past = p.apply(junkUpdate(third, 1, undefined, thirdJunk), via, NOW)
    expect(past.rejected).toHaveLength(MAX_REFUSED_MEMBERS)
    expect(past.resync).toBe(true)
    expect(table.refusedVia(childName)).toBe(2 * MAX_REFUSED_MEMBERS)
    expect(summaryOf(table, third)).toMatchObject({ members: 0, refused: 0, unmatched: true })
    expect(table.size).toBe(3) // the servers' own names: routes still
    expect(p.rejections.get('wrong-capsule')).toBe(3 * MAX_REFUSED_MEMBERS)
    // Ten minutes of updates every 5 s, each differing from the set held: asked at once, then after 1, 2 and 4 min.
    const asked: number[] = []
    for (let ms = 0, sequence = 2; ms <= 600_000; ms += RESYNC_INTERVAL_MS, sequence++) {
      const outcome = p.apply(updateBy(third, childName, sequence, [], thirdJunk.map((a) => a.adCert.cert.capsule)), via, NOW + ms * 1000)
      expect(outcome.resync).toBe(true)
      if (table.snapshotDue(setOfServer(third), ms)) {
        asked.push(ms)
        // The snapshot asked for ends unmatched again: the neighbour's room is still taken.
        expect(p.apply(junkUpdate(third, ++sequence, { firstSequence: sequence, last: true }, thirdJunk), via, NOW + ms * 1000).resync).toBe(true)
      }
    }
    expect(asked).toEqual([0, UNMATCHED_RESYNC_MS, 3 * UNMATCHED_RESYNC_MS, 7 * UNMATCHED_RESYNC_MS])
    expect(table.refusedVia(childName)).toBe(2 * MAX_REFUSED_MEMBERS)
    // Up to an hour between asks, at most.
    const set = setOfServer(third)
    set.unmatchedAsks = 30
    expect(table.snapshotDue(set, 7 * UNMATCHED_RESYNC_MS + MAX_UNMATCHED_RESYNC_MS - 1)).toBe(false)
    expect(table.snapshotDue(set, 7 * UNMATCHED_RESYNC_MS + MAX_UNMATCHED_RESYNC_MS)).toBe(true)
    // The first set gone, its room is the third's: its next snapshot is held whole and agrees, and asks are at the usual rate again.
    table.dropServersVia(childName, [nodeName(servers[0]!.publicKey)])
    expect(table.refusedVia(childName)).toBe(MAX_REFUSED_MEMBERS)
    expect(p.apply(junkUpdate(third, 1000, { firstSequence: 1000, last: true }, thirdJunk), via, NOW + 601e6).resync).toBe(false)
    expect(summaryOf(table, third)).toMatchObject({ members: MAX_REFUSED_MEMBERS, refused: MAX_REFUSED_MEMBERS, unmatched: false })
    expect(table.refusedVia(childName)).toBe(2 * MAX_REFUSED_MEMBERS)
    expect(set.unmatchedAsks).toBe(0)
  })

  // Found by reading the back-off: it ran on when room freed, so a set stayed unmatched up to an hour with room to be
  // held whole.
  it('an unmatched set is asked for a snapshot at its next update once room through its neighbour frees, not after its back-off; room elsewhere does not end it', () => {
    const { table, p } = router({ maxRefusedPerNeighbour: 2 * MAX_REFUSED_MEMBERS })
    const [first, second, third] = [newServer(), newServer(), newServer()]
    for (const s of [first!, second!]) p.apply(junkUpdate(s, 1), via, NOW)
    const thirdJunk = junkOf(testCapsule())
    const members = thirdJunk.map((a) => a.adCert.cert.capsule)
    p.apply(junkUpdate(third!, 1, undefined, thirdJunk), via, NOW)
    const set = table.existingSet(nodeName(third!.publicKey), childName)!
    const refresh = (sequence: number, ms: number): boolean => {
      expect(p.apply(updateBy(third!, childName, sequence, [], members), via, NOW + ms * 1000).resync).toBe(true)
      return table.snapshotDue(set, ms)
    }
    expect(refresh(2, 0)).toBe(true)
    expect(p.apply(junkUpdate(third!, 3, { firstSequence: 3, last: true }, thirdJunk), via, NOW).resync).toBe(true)
    // Backing off: not at 5 s; room freed through another neighbour (a server on its own link) changes nothing.
    expect(refresh(4, RESYNC_INTERVAL_MS)).toBe(false)
    p.apply(update(1, [junk(testCapsule())]), direct, NOW)
    table.dropNextHop(serverName)
    expect(refresh(5, 2 * RESYNC_INTERVAL_MS)).toBe(false)
    // The first set goes through the same neighbour: asked at the next update, and its snapshot is held whole.
    table.dropServersVia(childName, [nodeName(first!.publicKey)])
    expect(refresh(6, 3 * RESYNC_INTERVAL_MS)).toBe(true)
    expect(p.apply(junkUpdate(third!, 7, { firstSequence: 7, last: true }, thirdJunk), via, NOW + 3 * RESYNC_INTERVAL_MS * 1000).resync).toBe(false)
    expect(summaryOf(table, third!)).toMatchObject({ members: MAX_REFUSED_MEMBERS, refused: MAX_REFUSED_MEMBERS, unmatched: false })
  })

  // Found by reading the back-off's reset: room freed through a next hop ended the wait of every unmatched set there,
  // however little and however often, so a server behind the same child router withdrawing one refused name and
  // listing it again had each honest unmatched set asked for a full snapshot at every update, not after its back-off.
  it('room freed through a neighbour over and over ends the back-off of its unmatched sets at most once per UNMATCHED_RESYNC_MS', () => {
    const { table, p } = router({ maxRefusedPerNeighbour: 2 * MAX_REFUSED_MEMBERS })
    const [hostile, honest, waiting] = [newServer(), newServer(), newServer()]
    const hostileJunk = junkOf(testCapsule())
    const hostileNames = hostileJunk.map((a) => a.adCert.cert.capsule)
    p.apply(junkUpdate(hostile, 1, undefined, hostileJunk), via, NOW)
    p.apply(junkUpdate(honest, 1), via, NOW)
    const waitingJunk = junkOf(testCapsule())
    const waitingNames = waitingJunk.map((a) => a.adCert.cert.capsule)
    expect(p.apply(junkUpdate(waiting, 1, undefined, waitingJunk), via, NOW).resync).toBe(true)
    const set = table.existingSet(nodeName(waiting.publicKey), childName)!
    let hostileSequence = 1
    let waitingSequence = 1
    const asked: number[] = []
    // Ten minutes of the waiting server's updates every 30 s, the hostile one withdrawing a refused name before each
    // and listing it again after.
    for (let ms = 0, i = 0; ms <= 600_000; ms += 30_000, i++) {
      const nowUs = NOW + ms * 1000
      const listed = hostileNames.filter((_, n) => n !== i)
      p.apply(signAdvertisement({ serverKey: hostile.publicKey, router: childName, sequence: ++hostileSequence, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, cost: 1, added: [], withdrawn: [hostileNames[i]!], set: setOf(listed) }, hostile), via, nowUs)
      expect(p.apply(updateBy(waiting, childName, ++waitingSequence, [], waitingNames), via, nowUs).resync).toBe(true)
      if (table.snapshotDue(set, ms)) {
        asked.push(ms)
        p.apply(junkUpdate(waiting, ++waitingSequence, { firstSequence: waitingSequence, last: true }, waitingJunk), via, nowUs)
      }
      p.apply(updateBy(hostile, childName, ++hostileSequence, [hostileJunk[i]!], hostileNames), via, nowUs)
    }
    expect(set.unmatched).toBe(true)
    expect(asked).toEqual(Array.from({ length: 11 }, (_, n) => n * UNMATCHED_RESYNC_MS))
  })

  it('a set past MAX_REFUSED_MEMBERS on its own is unmatched and backs off too; a server on its own link is another neighbour', () => {
    const { table, p } = router({ maxRefusedPerNeighbour: MAX_REFUSED_MEMBERS })
    const added = junkOf(testCapsule())
    const more = junk(testCapsule())
    expect(p.apply(update(1, added), direct, NOW).resync).toBe(false)
    expect(p.apply(update(2, [more], [...added, more].map((a) => a.adCert.cert.capsule)), direct, NOW).resync).toBe(true)
    const set = table.existingSet(serverName, serverName)!
    expect(set.unmatched).toBe(true)
    expect([0, RESYNC_INTERVAL_MS, UNMATCHED_RESYNC_MS - 1, UNMATCHED_RESYNC_MS].map((ms) => table.snapshotDue(set, ms))).toEqual([true, false, false, true])
    // Another neighbour's refused names are its own.
    const { p: other } = router({ maxRefusedPerNeighbour: MAX_REFUSED_MEMBERS })
    expect(other.apply(junkUpdate(newServer(), 1), via, NOW).resync).toBe(false)
    expect(p.apply(junkUpdate(newServer(), 1), via, NOW).resync).toBe(false)
    expect(table.refusedVia(childName)).toBe(MAX_REFUSED_MEMBERS)
  })
})

describe('the lifetime a router grants an update', () => {
  // The lifetime is the server's (or child router's) to sign: one of years kept its set routed, and its last sequence
  // and its lost-server entry held, for years while the link stayed up, whether or not it ever refreshed.
  it('is the signed one up to maxLifetimeMs, and maxLifetimeMs past it: for a server\'s own updates, and relayed ones and their announcement', () => {
    const MAX_MS = 600_000
    const signedFor = (lifetimeUs: number, signer = server, router = routerName, added: AdvertisedCapsule[] = []): SignedAdvertisement =>
      signAdvertisement({ serverKey: signer.publicKey, router, sequence: 1, issuedAtUs: NOW, expiresAtUs: NOW + lifetimeUs, cost: 1, added, withdrawn: [], set: setOf(added.map((a) => a.adCert.cert.capsule)) }, signer)
    const ends = (table: RouteTable): number => table.summaries()[0]!.expiresAtUs
    // At the bound: as signed.
    const at = router({ maxLifetimeMs: MAX_MS })
    at.p.apply(signedFor(MAX_MS * 1000), direct, NOW)
    expect(ends(at.table)).toBe(NOW + MAX_MS * 1000)
    // Past it: the bound, and the set is gone from routing once it passes though the link is up.
    const past = router({ maxLifetimeMs: MAX_MS })
    const t = testCapsule()
    past.p.apply(signedFor(10 * 365 * 24 * HOUR, server, routerName, [genuine(t)]), direct, NOW)
    expect(ends(past.table)).toBe(NOW + MAX_MS * 1000)
    expect(past.table.lookup(t.name, NOW + MAX_MS * 1000)?.server).toEqual(serverName)
    expect(past.table.lookup(t.name, NOW + MAX_MS * 1000 + 1)).toBeUndefined()
    // Relayed by a child router whose announcement and update both say a year: the bound.
    const relayed = router({ maxLifetimeMs: MAX_MS })
    const domain = newServer()
    const child = newServer()
    const childName = nodeName(child.publicKey)
    const membership = signDomainMembership({ router: childName, parent: new Uint8Array(0), notBeforeUs: NOW - HOUR, notAfterUs: NOW + 365 * 24 * HOUR }, domain)
    const relayedServer = newServer()
    const announcement = signRouteAnnouncement({ routerKey: child.publicKey, parent: routerName, sequence: 1, issuedAtUs: NOW, expiresAtUs: NOW + 365 * 24 * HOUR, membership, advertisements: [signedFor(365 * 24 * HOUR, relayedServer, childName)], cost: 1 }, child)
    expect(relayed.p.applyAnnouncement(announcement, childName, 1, NOW, { trustedDomains: [nodeName(domain.publicKey)] })).toHaveLength(1)
    expect(ends(relayed.table)).toBe(NOW + MAX_MS * 1000)
  })
})

describe('replays of updates a child router relayed', () => {
  // Found by reading the sequence check: a server's last sequence counted only while its set through the neighbour
  // bringing the update lived, and an update was taken to the end its server signed, however far past the hour a
  // router keeps one. So a child router could replay an update of its server's from before a withdrawal, and have the
  // withdrawn capsule routed through it again, once that set had gone (its server moved on, or an hour went by).
  const domain = newServer()
  const child = newServer()
  const childName = nodeName(child.publicKey)
  const policy = { trustedDomains: [nodeName(domain.publicKey)] }
  const membership = signDomainMembership({ router: childName, parent: new Uint8Array(0), notBeforeUs: NOW - HOUR, notAfterUs: NOW + 365 * 24 * HOUR }, domain)
  const YEAR = 365 * 24 * HOUR
  const relayed = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const relayedName = nodeName(relayed.publicKey)
  const delegated = (t: TestCapsule): AdvertisedCapsule => ({ metadata: t.signed, adCert: signAdCert({ capsule: t.name, server: relayedName, notBeforeUs: NOW - HOUR, notAfterUs: NOW + YEAR }, t.owner) })
  /** The relayed server's update `sequence` to the child router, issued at `issuedAtUs` and signed for a year. */
  const relayedUpdate = (sequence: number, issuedAtUs: number, added: AdvertisedCapsule[], withdrawn: Uint8Array[], members: Uint8Array[]): SignedAdvertisement =>
    signAdvertisement({ serverKey: relayed.publicKey, router: childName, sequence, issuedAtUs, expiresAtUs: issuedAtUs + YEAR, cost: 1, added, withdrawn, set: setOf(members) }, relayed)
  let announced = 0
  const relay = (p: AdvertisementProcessor, update: SignedAdvertisement, atUs: number): AdvertisementOutcome[] =>
    p.applyAnnouncement(signRouteAnnouncement({ routerKey: child.publicKey, parent: routerName, sequence: ++announced, issuedAtUs: atUs, expiresAtUs: atUs + HOUR, membership, advertisements: [update], cost: 1 }, child), childName, 1, atUs, policy)

  it('an update from before a withdrawal, relayed again once the set through that child router went, is refused as a replay', () => {
    const { table, p } = router()
    const t = testCapsule()
    const added = relayedUpdate(1, NOW, [delegated(t)], [], [t.name])
    expect(relay(p, added, NOW)[0]!.installed).toHaveLength(1)
    expect(relay(p, relayedUpdate(2, NOW + 1000, [], [t.name], []), NOW + 1000)[0]!.withdrawn).toHaveLength(1)
    // The child router says it lost the server (it moved to another router): the set goes.
    table.dropServersVia(childName, [relayedName])
    expect(relay(p, added, NOW + 2000)).toEqual([])
    expect(p.rejections.get('replayed')).toBe(1)
    expect(table.lookup(t.name, NOW + 2000)).toBeUndefined()
  })

  it('an update signed for a year is taken for maxLifetimeMs after it was issued, not later: relayed again after its set lapsed, it is refused', () => {
    const { table, p } = router({ maxLifetimeMs: 600_000 })
    const t = testCapsule()
    const added = relayedUpdate(1, NOW, [delegated(t)], [], [t.name])
    expect(relay(p, added, NOW)[0]!.installed).toHaveLength(1)
    const withdrawnAt = NOW + 60e6
    relay(p, relayedUpdate(2, withdrawnAt, [], [t.name], []), withdrawnAt)
    // The server goes quiet; its set lapses after the ten minutes this router keeps an update.
    const later = withdrawnAt + 600e6 + CLOCK_SKEW_US + 1
    table.expire(later)
    expect(table.summaries()).toEqual([])
    expect(relay(p, added, later)).toEqual([])
    expect(p.rejections.get('expired')).toBe(1)
    expect(table.lookup(t.name, later)).toBeUndefined()
    // Issued since, the server's updates are taken as ever.
    expect(relay(p, relayedUpdate(3, later, [delegated(t)], [], [t.name]), later)[0]!.installed).toHaveLength(1)
  })
})

describe('routers whose moves a parent follows', () => {
  it('a child router is known once its announcement was taken under the trust policy, and no longer once it left; a server never is', () => {
    const { p } = router()
    const domain = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const child = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const childName = nodeName(child.publicKey)
    const membership = signDomainMembership({ router: childName, parent: new Uint8Array(0), notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, domain)
    const announce = (sequence: number, leaving: boolean): ReturnType<typeof signRouteAnnouncement> =>
      signRouteAnnouncement({ routerKey: child.publicKey, parent: routerName, sequence, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, membership, advertisements: [], cost: 1, ...(leaving ? { leaving: true as const } : {}) }, child)
    p.apply(update(1, [genuine(testCapsule())]), direct, NOW)
    expect(p.announcedBy(serverName, NOW)).toBe(false)
    expect(problem(() => p.applyAnnouncement(announce(1, false), childName, 1, NOW, { trustedDomains: [] }))).toBe('untrusted-domain')
    expect(p.announcedBy(childName, NOW)).toBe(false)
    p.applyAnnouncement(announce(2, false), childName, 1, NOW, { trustedDomains: [nodeName(domain.publicKey)] })
    expect(p.announcedBy(childName, NOW)).toBe(true)
    p.applyAnnouncement(announce(3, true), childName, 1, NOW, { trustedDomains: [nodeName(domain.publicKey)] })
    expect(p.announcedBy(childName, NOW)).toBe(false)
  })

  it('a child router is known no longer once its domain membership ended, as any statement of it would be refused from then (it stayed spared from bans and followed when it said it moved, for good)', () => {
    const { p } = router()
    const [domain, child] = [newServer(), newServer()]
    // An announcement of two hours; the membership it carries ends in one.
    p.applyAnnouncement(announcement(child, domain, 1, NOW, 2 * HOUR), nodeName(child.publicKey), 1, NOW, { trustedDomains: [nodeName(domain.publicKey)] })
    const childName = nodeName(child.publicKey)
    // Within the 60 s of skew every reader allows at a statement's end, and past them.
    expect(p.announcedBy(childName, NOW + HOUR + CLOCK_SKEW_US)).toBe(true)
    expect(p.announcedBy(childName, NOW + HOUR + CLOCK_SKEW_US + 1)).toBe(false)
  })
})

/** A child router's announcement to `parent`, its membership in a domain of its own, from `issuedAtUs` for `lifetimeUs`. */
function announcement (child: Ed25519Signer, domain: Ed25519Signer, sequence: number, issuedAtUs: number, lifetimeUs: number): ReturnType<typeof signRouteAnnouncement> {
  const membership = signDomainMembership({ router: nodeName(child.publicKey), parent: new Uint8Array(0), notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, domain)
  return signRouteAnnouncement({ routerKey: child.publicKey, parent: routerName, sequence, issuedAtUs, expiresAtUs: issuedAtUs + lifetimeUs, membership, advertisements: [], cost: 1 }, child)
}

describe('what a router keeps of servers and routers gone', () => {
  // A last sequence counts while what its signer signed before could be taken: to its end and the skew past it.
  const VISIT_GAP_US = 100_000
  it('last sequences: up to SEQUENCES_BEFORE_FORGETTING held, then those of servers whose updates can no longer be taken are forgotten; a live server\'s still refuses a replay', () => {
    const { p } = router({ checksPerSecond: 1e9 })
    const staying = newServer()
    const stayingLink = { neighbour: nodeName(staying.publicKey), linkCost: 1 }
    p.apply(updateBy(staying, routerName, 5, []), stayingLink, NOW)
    // Servers of new keys, each advertising once for a millisecond: its set lapses before the next comes.
    const visit = (i: number): void => {
      const visitor = newServer()
      const at = NOW + i * VISIT_GAP_US
      const ad = signAdvertisement({ serverKey: visitor.publicKey, router: routerName, sequence: 1, issuedAtUs: at, expiresAtUs: at + 1000, cost: 1, added: [], withdrawn: [], set: setOf([]) }, visitor)
      p.apply(ad, { neighbour: nodeName(visitor.publicKey), linkCost: 1 }, at)
    }
    for (let i = 1; i < SEQUENCES_BEFORE_FORGETTING; i++) visit(i)
    expect(p.exportSequences(NOW)).toHaveLength(SEQUENCES_BEFORE_FORGETTING) // at the limit: all held
    for (let i = SEQUENCES_BEFORE_FORGETTING; i < 3 * SEQUENCES_BEFORE_FORGETTING; i++) visit(i)
    const kept = p.exportSequences(NOW)
    expect(kept.length).toBeLessThan(SEQUENCES_BEFORE_FORGETTING)
    expect(kept).toContainEqual({ name: stayingLink.neighbour, sequence: 5 })
    expect(problem(() => p.apply(updateBy(staying, routerName, 4, []), stayingLink, NOW + 3 * SEQUENCES_BEFORE_FORGETTING * VISIT_GAP_US))).toBe('replayed')
  })

  // Found by reading the forgetting: only the last sequences whose hold had ended were forgotten, so servers that
  // attached, advertised once for an hour and were dropped each left one held for that hour, bounded by how many
  // came an hour, not by any route bound.
  it('last sequences: at most maxLastSequences; past it those of signers with no set here whose hold ends soonest go, down to half; a live set\'s server still refuses a replay', () => {
    const CAP = 256
    const { table, p } = router({ checksPerSecond: 1e9, maxLastSequences: CAP })
    const staying = newServer()
    const stayingLink = { neighbour: nodeName(staying.publicKey), linkCost: 1 }
    // Its hold ends before any visitor's: kept for its set, whatever its end.
    p.apply(signAdvertisement({ serverKey: staying.publicKey, router: routerName, sequence: 5, issuedAtUs: NOW, expiresAtUs: NOW + HOUR / 2, cost: 1, added: [], withdrawn: [], set: setOf([]) }, staying), stayingLink, NOW)
    // Servers of new keys, each advertising once for an hour (a microsecond later than the one before) and dropped.
    const visitors: string[] = []
    const visit = (i: number): void => {
      const visitor = newServer()
      const visitorName = nodeName(visitor.publicKey)
      p.apply(signAdvertisement({ serverKey: visitor.publicKey, router: routerName, sequence: 1, issuedAtUs: NOW + i, expiresAtUs: NOW + HOUR + i, cost: 1, added: [], withdrawn: [], set: setOf([]) }, visitor), { neighbour: visitorName, linkCost: 1 }, NOW + i)
      table.dropNextHop(visitorName)
      visitors.push(formatName(visitorName))
    }
    const held = (): string[] => p.exportSequences(NOW).map((s) => formatName(s.name!))
    for (let i = 1; i < CAP; i++) visit(i)
    expect(held()).toHaveLength(CAP) // at the cap: all held
    visit(CAP)
    // Past it: the visitors whose hold ends soonest go, down to half the cap; the staying server's is kept.
    expect(held().sort()).toEqual([formatName(stayingLink.neighbour), ...visitors.slice(-(CAP / 2 - 1))].sort())
    for (let i = CAP + 1; i <= 4 * CAP; i++) {
      visit(i)
      expect(held().length).toBeLessThanOrEqual(CAP)
    }
    expect(held()).toContain(formatName(stayingLink.neighbour))
    expect(problem(() => p.apply(updateBy(staying, routerName, 4, []), stayingLink, NOW + 4 * CAP))).toBe('replayed')
  })

  it('a child router gone without leaving, its announcement ended, is forgotten with the servers gone; one whose announcement holds is not', () => {
    const { p } = router({ checksPerSecond: 1e9 })
    const domain = newServer()
    const [gone, staying] = [newServer(), newServer()]
    const policy = { trustedDomains: [nodeName(domain.publicKey)] }
    p.applyAnnouncement(announcement(gone, domain, 1, NOW, 1000), nodeName(gone.publicKey), 1, NOW, policy)
    p.applyAnnouncement(announcement(staying, domain, 1, NOW, HOUR), nodeName(staying.publicKey), 1, NOW, policy)
    for (let i = 1; i < SEQUENCES_BEFORE_FORGETTING; i++) {
      const visitor = newServer()
      const at = NOW + i * VISIT_GAP_US
      p.apply(signAdvertisement({ serverKey: visitor.publicKey, router: routerName, sequence: 1, issuedAtUs: at, expiresAtUs: at + 1000, cost: 1, added: [], withdrawn: [], set: setOf([]) }, visitor), { neighbour: nodeName(visitor.publicKey), linkCost: 1 }, at)
    }
    expect([p.announcedBy(nodeName(gone.publicKey), NOW), p.announcedBy(nodeName(staying.publicKey), NOW)]).toEqual([false, true])
    const kept = p.exportSequences(NOW).map((s) => formatName(s.name!))
    expect(kept).toContain(formatName(nodeName(staying.publicKey)))
    expect(kept).not.toContain(formatName(nodeName(gone.publicKey)))
  })
})

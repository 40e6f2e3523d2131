// A router's routing state exported on one machine and installed on another
// (docs/moving.md section 3): the same routes, set digests and replay
// protection; malformed state is refused with the reason.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { MalformedMessageError } from '../../src/errors.js'
import { AdvertisementProcessor, RouteTable } from '../../src/routing/route-table.js'
import { exportRouterState, importRouterState } from '../../src/routing/router-state.js'
import { pb } from '../../src/wire/index.js'
import { CLOCK_SKEW_US, EMPTY_SET_DIGEST, signAdvertisement } from '../../src/routing/certificates.js'
import { nodeName } from '../../src/routing/signing.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'

const name = (i: number, tag = 0): Uint8Array => { const n = new Uint8Array(32); new DataView(n.buffer).setUint32(0, i); n[31] = tag; return n }
const HOUR_US = 3_600_000_000

function filled (now: number): RouteTable {
  const table = new RouteTable()
  const direct = table.serverSet(name(1, 1), name(1, 1), 3, now + HOUR_US, 'attached')
  for (let i = 0; i < 500; i++) table.addMember(direct, name(i), now + HOUR_US)
  table.addMember(direct, name(9999), 0) // counted, never routed
  const relayed = table.serverSet(name(2, 1), name(3, 1), 7, now + HOUR_US / 2, 'announced')
  relayed.domain = name(4, 1)
  for (let i = 250; i < 400; i++) table.addMember(relayed, name(i), now + 2 * HOUR_US)
  table.install({ capsule: name(7777), server: name(5, 1), nextHop: name(3, 1), cost: 9, expiresAtUs: now + HOUR_US })
  return table
}

describe('router state', () => {
  it('installs the same routes, sets, digests and origins on another table', () => {
    const now = Date.now() * 1000
    const table = filled(now)
    const bytes = exportRouterState(table, new AdvertisementProcessor(name(0), table), now)
    const moved = new RouteTable()
    expect(importRouterState(bytes, moved, new AdvertisementProcessor(name(0), moved))).toEqual({ sets: 3, routes: table.size })
    expect(moved.size).toBe(table.size)
    const key = (s: ReturnType<RouteTable['summaries']>[number]): string => `${formatName(s.server)} ${formatName(s.nextHop)}`
    expect(moved.summaries().map(key).sort()).toEqual(table.summaries().map(key).sort())
    for (const s of table.summaries()) {
      const other = moved.existingSet(s.server, s.nextHop)!
      const mine = table.existingSet(s.server, s.nextHop)!
      expect([other.count, formatName(other.digest), other.origin, other.cost, other.expiresAtUs, other.domain && formatName(other.domain)]).toEqual([mine.count, formatName(mine.digest), mine.origin, mine.cost, mine.expiresAtUs, mine.domain && formatName(mine.domain)])
    }
    for (const i of [0, 249, 250, 399, 400, 499, 7777, 9999]) {
      expect(moved.routes(name(i))).toEqual(table.routes(name(i)))
      expect(moved.lookup(name(i), now)).toEqual(table.lookup(name(i), now))
    }
  })

  it('carries the lookup service\'s state beside the routes, and none when it has none', () => {
    const table = filled(0)
    const lookup = {
      servers: [{ server: name(5, 1), heardUntilUs: 123 }],
      capsules: [{ capsule: name(7777), server: name(5, 1), record: new Uint8Array([1, 2, 3]), notAfterUs: 456, dueAtUs: 789 }],
      dhtRecords: [{ key: '/dht/record/abc', value: new Uint8Array([4, 5]) }]
    }
    const carried = importRouterState(exportRouterState(table, new AdvertisementProcessor(name(0), table), 0, lookup), new RouteTable(), new AdvertisementProcessor(name(0), new RouteTable())).lookup
    expect(carried).toMatchObject({ servers: [{ heardUntilUs: 123 }], capsules: [{ record: new Uint8Array([1, 2, 3]), notAfterUs: 456, dueAtUs: 789 }], dhtRecords: [{ key: '/dht/record/abc', value: new Uint8Array([4, 5]) }] })
    expect(formatName(carried!.capsules![0]!.capsule!)).toBe(formatName(name(7777)))
    expect(importRouterState(exportRouterState(table, new AdvertisementProcessor(name(0), table), 0), new RouteTable(), new AdvertisementProcessor(name(0), new RouteTable())).lookup).toBeUndefined()
  })

  it('keeps replay protection: an update older than the last one accepted is still refused after the move', () => {
    const table = new RouteTable()
    const processor = new AdvertisementProcessor(name(0), table)
    processor.importSequences([{ name: name(1, 1), sequence: 1000 }])
    const moved = new RouteTable()
    const next = new AdvertisementProcessor(name(0), moved)
    importRouterState(exportRouterState(table, processor, 0), moved, next)
    expect(next.exportSequences(0)).toEqual([{ name: name(1, 1), sequence: 1000 }])
  })

  it('an imported last sequence refuses a replay until nothing the exporting router took could be taken any more', () => {
    const server = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const serverName = nodeName(server.publicKey)
    const exportedAtUs = 1_800_000_000_000_000
    const from = new RouteTable()
    const exporting = new AdvertisementProcessor(name(0), from)
    exporting.importSequences([{ name: serverName, sequence: 1000 }])
    const bytes = exportRouterState(from, exporting, exportedAtUs)
    const update = (sequence: number, atUs: number) => signAdvertisement({ serverKey: server.publicKey, router: name(0), sequence, issuedAtUs: atUs, expiresAtUs: atUs + HOUR_US, cost: 1, added: [], withdrawn: [], set: { count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST) } }, server)
    const moved = new RouteTable()
    const next = new AdvertisementProcessor(name(0), moved, { maxLifetimeMs: HOUR_US / 1000 })
    importRouterState(bytes, moved, next)
    const holdsUntilUs = exportedAtUs + HOUR_US + 2 * CLOCK_SKEW_US
    expect(() => next.apply(update(999, holdsUntilUs - HOUR_US), { neighbour: serverName, linkCost: 1 }, holdsUntilUs)).toThrow(/not newer than 1000/)
    expect(next.apply(update(999, holdsUntilUs - HOUR_US), { neighbour: serverName, linkCost: 1 }, holdsUntilUs + 1).server).toEqual(serverName)
  })

  // Found by reading the export: every last sequence held went, those that no longer counted too, and the import gave
  // each a fresh hold, so the new instance refused as replays updates the old one took (a server restarted with its
  // clock behind where it was, say).
  it('carries only the last sequences that still count when exported', () => {
    const signer = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const [lapsed, live] = [signer(), signer()]
    const nowUs = 1_800_000_000_000_000
    const update = (server: Ed25519Signer, sequence: number, atUs: number, lifetimeUs: number) => signAdvertisement({ serverKey: server.publicKey, router: name(0), sequence, issuedAtUs: atUs, expiresAtUs: atUs + lifetimeUs, cost: 1, added: [], withdrawn: [], set: { count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST) } }, server)
    const link = (server: Ed25519Signer) => ({ neighbour: nodeName(server.publicKey), linkCost: 1 })
    const from = new RouteTable()
    const exporting = new AdvertisementProcessor(name(0), from)
    exporting.apply(update(lapsed, 1000, nowUs, 1_000_000), link(lapsed), nowUs)
    exporting.apply(update(live, 1000, nowUs, HOUR_US), link(live), nowUs)
    const exportedAtUs = nowUs + 1_000_000 + CLOCK_SKEW_US + 1
    const moved = new RouteTable()
    const next = new AdvertisementProcessor(name(0), moved)
    importRouterState(exportRouterState(from, exporting, exportedAtUs), moved, next)
    expect(next.exportSequences(exportedAtUs).map((s) => formatName(s.name!))).toEqual([formatName(nodeName(live.publicKey))])
    expect(next.apply(update(lapsed, 999, exportedAtUs, HOUR_US), link(lapsed), exportedAtUs).server).toEqual(nodeName(lapsed.publicKey))
    expect(() => next.apply(update(live, 999, exportedAtUs, HOUR_US), link(live), exportedAtUs)).toThrow(/not newer than 1000/)
  })

  // Found by review: importSequences says one imported with no export time counts until a later one is taken, but
  // #remember kept its endless hold on the later one, so a server whose clock stepped back after it (its sequences
  // come from its clock) was refused as replaying until this router restarted.
  it('a last sequence imported with no export time counts until a later one is taken, and then only as long as that one does', () => {
    const server = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const serverName = nodeName(server.publicKey)
    const from = new RouteTable()
    const exporting = new AdvertisementProcessor(name(0), from)
    exporting.importSequences([{ name: serverName, sequence: 1000 }])
    const update = (sequence: number, atUs: number) => signAdvertisement({ serverKey: server.publicKey, router: name(0), sequence, issuedAtUs: atUs, expiresAtUs: atUs + HOUR_US, cost: 1, added: [], withdrawn: [], set: { count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST) } }, server)
    const moved = new RouteTable()
    const next = new AdvertisementProcessor(name(0), moved, { maxLifetimeMs: HOUR_US / 1000 })
    importRouterState(exportRouterState(from, exporting, 0), moved, next)
    const takenAtUs = 1_800_000_000_000_000
    expect(() => next.apply(update(999, takenAtUs), { neighbour: serverName, linkCost: 1 }, takenAtUs)).toThrow(/not newer than 1000/)
    next.apply(update(1001, takenAtUs), { neighbour: serverName, linkCost: 1 }, takenAtUs)
    // While the update taken could still be replayed, an older sequence is refused; past that, it is the server's clock gone back.
    const heldUntilUs = takenAtUs + HOUR_US + CLOCK_SKEW_US
    expect(() => next.apply(update(5, heldUntilUs - HOUR_US), { neighbour: serverName, linkCost: 1 }, heldUntilUs)).toThrow(/not newer than 1001/)
    expect(next.apply(update(5, heldUntilUs), { neighbour: serverName, linkCost: 1 }, heldUntilUs + 1).server).toEqual(serverName)
  })

  // Found by reading the bounds: an advertised refused name was held within max_refused_per_neighbour, an imported
  // one without any bound but the set's own, so a state of many sets of refused names through one neighbour held
  // them all.
  it('holds imported refused names within the importing router\'s maxRefusedPerNeighbour; a set past it is unmatched', () => {
    const table = new RouteTable()
    const child = name(3, 1)
    for (let s = 0; s < 3; s++) {
      const set = table.serverSet(name(10 + s, 1), child, 1, HOUR_US, 'announced')
      for (let i = 0; i < 4; i++) table.refuseMember(set, name(100 * s + i))
    }
    expect(table.refusedVia(child)).toBe(12)
    const moved = new RouteTable()
    importRouterState(exportRouterState(table, new AdvertisementProcessor(name(0), table), 0), moved, new AdvertisementProcessor(name(0), moved, { maxRefusedPerNeighbour: 10 }))
    expect(moved.refusedVia(child)).toBe(10)
    expect(moved.summaries().filter((s) => s.unmatched)).toHaveLength(1)
    // At its own bound the exporting router's state goes whole.
    const same = new RouteTable()
    importRouterState(exportRouterState(table, new AdvertisementProcessor(name(0), table), 0), same, new AdvertisementProcessor(name(0), same, { maxRefusedPerNeighbour: 12 }))
    expect(same.refusedVia(child)).toBe(12)
    expect(same.summaries().filter((s) => s.unmatched)).toHaveLength(0)
  })

  // Found by reading the import: a standby configured with lower max_routes_per_server or max_routes_per_neighbour
  // than the router it took over held all the router's routes, past its own bounds, where advertisements of the same
  // sets would have been refused past them.
  it('holds imported routes within the importing router\'s maxRoutesPerServer and maxRoutesPerNeighbour, refused past them as advertised ones are', () => {
    const table = new RouteTable()
    const direct = table.serverSet(name(1, 1), name(1, 1), 1, HOUR_US, 'attached')
    for (let i = 0; i < 10; i++) table.addMember(direct, name(i), HOUR_US)
    const child = name(3, 1)
    for (let s = 0; s < 3; s++) {
      const set = table.serverSet(name(10 + s, 1), child, 1, HOUR_US, 'announced')
      for (let i = 0; i < 4; i++) table.addMember(set, name(100 * (s + 1) + i), HOUR_US)
    }
    const state = exportRouterState(table, new AdvertisementProcessor(name(0), table), 0)
    const bounded = (maxRoutesPerServer: number, maxRoutesPerNeighbour: number): { moved: RouteTable, processor: AdvertisementProcessor } => {
      const moved = new RouteTable()
      const processor = new AdvertisementProcessor(name(0), moved, { maxRoutesPerServer, maxRoutesPerNeighbour })
      importRouterState(state, moved, processor)
      return { moved, processor }
    }
    // At the exporting router's own figures (10 in a set; 15 through the child, the servers' own names included): all held.
    const same = bounded(10, 15)
    expect([same.moved.size, Object.fromEntries(same.processor.rejections)]).toEqual([table.size, {}])
    // One under each: the last member of the direct set refused; through the child, one of the last set's.
    const under = bounded(9, 14)
    expect(under.moved.size).toBe(table.size - 2)
    expect(Object.fromEntries(under.processor.rejections)).toEqual({ 'too-many-routes': 1, 'too-many-neighbour-routes': 1 })
    expect(under.moved.routesVia(child)).toBe(14)
    // Lower still: 6 routes of the direct set; through the child, two sets of 5 and 3 routes, the third not begun.
    const lower = bounded(6, 8)
    expect(lower.moved.routeCount(lower.moved.existingSet(name(1, 1), name(1, 1))!)).toBe(6)
    expect(lower.moved.routesVia(child)).toBe(8)
    expect(lower.moved.summaries().filter((s) => formatName(s.nextHop) === formatName(child))).toHaveLength(2)
    expect(Object.fromEntries(lower.processor.rejections)).toEqual({ 'too-many-routes': 4, 'too-many-neighbour-routes': 3 })
    // The refused names are held as members, so each set held still agrees with what its server states.
    for (const s of lower.moved.summaries()) {
      const [mine, other] = [table.existingSet(s.server, s.nextHop)!, lower.moved.existingSet(s.server, s.nextHop)!]
      expect([other.count, formatName(other.digest), other.unmatched]).toEqual([mine.count, formatName(mine.digest), false])
    }
  })

  it('refuses state that does not decode, members not in 36-byte steps, names of the wrong size, an unknown origin', () => {
    const bad = (state: pb.IRouterState): Uint8Array => pb.RouterState.encode(state).finish()
    const set = { server: name(1), nextHop: name(1), origin: 'attached', cost: 1, expiresAtUs: 1, members: new Uint8Array(36) }
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array([0xff, 0xff, 0xff]), /router state/],
      [bad({ sets: [{ ...set, members: new Uint8Array(35) }] }), /36 bytes each/],
      [bad({ sets: [{ ...set, server: new Uint8Array(31) }] }), /server/],
      [bad({ sets: [{ ...set, origin: 'rumour' }] }), /origin 'rumour'/]
    ]
    for (const [bytes, message] of cases) {
      const table = new RouteTable()
      expect(() => importRouterState(bytes, table, new AdvertisementProcessor(name(0), table))).toThrow(MalformedMessageError)
      expect(() => importRouterState(bytes, table, new AdvertisementProcessor(name(0), table))).toThrow(message)
    }
  })

  it('any byte string either installs or is refused with MalformedMessageError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const table = new RouteTable()
      try { importRouterState(bytes, table, new AdvertisementProcessor(name(0), table)) } catch (err) { expect(err).toBeInstanceOf(MalformedMessageError) }
    }), { numRuns: 500 })
  })
})

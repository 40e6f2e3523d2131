// GLookup on an in-memory DHT and a fake clock: what a router publishes for
// its servers and their capsules (and when again), how a lookup installs a
// route from a capsule record and a server record, and which records it refuses.
import fc from 'fast-check'
import { afterEach, describe, expect, it } from 'vitest'
import { GLookup, type GLookupInit, type LookupDht } from '../../src/routing/glookup.js'
import { decodeLookupRecord, encodeLookupRecord, isCapsuleRecord, lookupKey, lookupRecordValidator, MAX_LOOKUP_RECORD_BYTES, signServerLookupRecord, type ServerLookupRecord } from '../../src/routing/lookup.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { CLOCK_SKEW_US, signAdCert, signAdvertisement, type AdvertisedCapsule, type SignedAdvertisement } from '../../src/routing/certificates.js'
import type { Link } from '../../src/routing/forwarder.js'
import { RouteTable } from '../../src/routing/route-table.js'
import { nodeName } from '../../src/routing/signing.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { equalBytes } from '../../src/crypto/hash.js'
import { CertificateError, MalformedMessageError } from '../../src/errors.js'
import { testCapsule, waitFor, type TestCapsule } from '../helpers.js'

const NOW = 1_800_000_000_000_000
const SECOND = 1_000_000
const DAY = 86_400 * SECOND
/** The advertiser's defaults: a refresh every 30 s, each valid for 120 s. */
const INTERVAL = 30 * SECOND
const LIFETIME = 120 * SECOND
let now = NOW
const clock = (): number => now
const signer = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)
const server = signer()
const serverName = nodeName(server.publicKey)
const router = signer()
const routerName = nodeName(router.publicKey)
const seeker = signer()
const seekerName = nodeName(seeker.publicKey)
const ROUTER_ADDRESS = '/ip4/127.0.0.1/tcp/1/p2p/router'
const OTHER_ADDRESS = '/ip4/127.0.0.1/tcp/2/p2p/other'
/** The key of the peer an address ends in: the router's, or (/p2p/other) the seeker's. */
const routerKeyOfAddress = (a: string): Uint8Array | undefined => a.endsWith('/p2p/router') ? router.publicKey : a.endsWith('/p2p/other') ? seeker.publicKey : undefined
const validator = lookupRecordValidator(clock, routerKeyOfAddress)
const id = (key: Uint8Array): string => Buffer.from(key).toString()
const hex = (name: Uint8Array): string => id(lookupKey(name))

/** The owner's AdCert delegating `t` to the server for 30 days from `notBeforeUs`. */
function delegation (t: TestCapsule, notBeforeUs = NOW - SECOND, signedBy = t.owner): AdvertisedCapsule {
  return { metadata: t.signed, adCert: signAdCert({ capsule: t.name, server: serverName, notBeforeUs, notAfterUs: notBeforeUs + 30 * DAY }, signedBy) }
}

let sequence = 0
/** The server's next update to the router, issued now, adding `added` and withdrawing `withdrawn`, signed to last `lifetimeUs`. */
function update (added: AdvertisedCapsule[] = [], withdrawn: Uint8Array[] = [], lifetimeUs = LIFETIME): SignedAdvertisement {
  return signAdvertisement({ serverKey: server.publicKey, router: routerName, sequence: ++sequence, issuedAtUs: now, expiresAtUs: now + lifetimeUs, cost: 3, added, withdrawn, set: { count: added.length, digest: new Uint8Array(32) } }, server)
}

/** One map for all routers; like kad-dht it validates what it stores and returns, unless given no validator (a peer that does not). */
class MemoryDht implements LookupDht {
  readonly records = new Map<string, Uint8Array>()
  /** Like kad-dht's, it says when a peer joins. */
  readonly routingTable = Object.assign(new EventTarget(), { size: 1 })
  /** Puts per key, refused ones included. */
  readonly puts = new Map<string, number>()
  gets = 0
  /** Every put fails, as when no peer answers in time. */
  failing = false

  constructor (readonly validates = true) {}

  putsOf (name: Uint8Array): number { return this.puts.get(hex(name)) ?? 0 }
  get totalPuts (): number { return [...this.puts.values()].reduce((a, b) => a + b, 0) }

  async * put (key: Uint8Array, value: Uint8Array, options: { signal: AbortSignal }): AsyncIterable<unknown> {
    options.signal.throwIfAborted()
    this.puts.set(id(key), (this.puts.get(id(key)) ?? 0) + 1)
    if (this.failing) throw new Error('no peer answered')
    if (this.validates) await validator(key, value)
    this.records.set(id(key), value)
    yield { name: 'PEER_RESPONSE' }
  }

  async * get (key: Uint8Array, options: { signal: AbortSignal }): AsyncIterable<{ name: string, value?: Uint8Array }> {
    this.gets++
    const value = this.records.get(id(key))
    // Nobody holds it: like peers that never answer, the query ends when the signal does.
    if (value === undefined) await new Promise((_resolve, reject) => { options.signal.addEventListener('abort', () => { reject(options.signal.reason) }, { once: true }) })
    // Like kad-dht: a record that no longer validates (expired, say) is not returned.
    if (this.validates) await validator(key, value!)
    yield { name: 'VALUE', value }
  }
}

/**
 * kad-dht with a path that stalls (a departed peer's address that accepts
 * and never answers): the peers that answered have returned the record
 * (PEER_RESPONSE), and its choice of the best (VALUE) would come only once
 * the stalled path ends, which it does not before the deadline.
 */
class StallingDht extends MemoryDht {
  override async * get (key: Uint8Array, options: { signal: AbortSignal }): AsyncIterable<{ name: string, value?: Uint8Array, record?: { value: Uint8Array } }> {
    this.gets++
    const value = this.records.get(id(key))
    if (value !== undefined) yield { name: 'PEER_RESPONSE', record: { value } }
    await new Promise((_resolve, reject) => { options.signal.addEventListener('abort', () => { reject(options.signal.reason) }, { once: true }) })
  }
}

/** kad-dht with no peer in its routing table: a query asks nobody and ends with nothing. */
class PeersFirstDht extends MemoryDht {
  override async * get (key: Uint8Array, options: { signal: AbortSignal }): AsyncIterable<{ name: string, value?: Uint8Array }> {
    if (this.routingTable.size === 0) return
    yield * super.get(key, options)
  }
}

interface Rig { glookup: GLookup, table: RouteTable, dialled: string[], routesChanged: number }
type LookupState = ReturnType<GLookup['exportState']>
const started: GLookup[] = []

/** A router's GLookup on `dht`: `self` is the router the records it publishes name. */
async function rig (dht: LookupDht, self: Uint8Array, options: Partial<GLookupInit> & { addresses?: string[], linked?: boolean, unreachable?: boolean, state?: LookupState } = {}): Promise<Rig> {
  const table = new RouteTable()
  const r: Rig = { glookup: undefined as unknown as GLookup, table, dialled: [], routesChanged: 0 }
  const { addresses, linked, unreachable, state, ...init } = options
  r.glookup = new GLookup({ self, timeoutMs: 200, ...init }, {
    dht,
    clock,
    table,
    forwarder: { link: () => linked === true ? {} as Link : undefined, routesChanged: () => { r.routesChanged++ } },
    dial: async (address) => {
      r.dialled.push(address)
      if (unreachable === true) throw new Error('connection refused')
    },
    addresses: () => addresses ?? [ROUTER_ADDRESS],
    routerKeyOfAddress,
    signer: equalBytes(self, seekerName) ? seeker : router
  })
  // What an instance of this router on another machine held, installed before it starts (as a moved router's is).
  if (state !== undefined) r.glookup.importState(state)
  await r.glookup.start()
  started.push(r.glookup)
  return r
}

/** The router accepted `u` from the server: every capsule it adds installed. */
async function accepted (glookup: GLookup, u: SignedAdvertisement): Promise<void> {
  await glookup.publish(u, { server: serverName, installed: u.advertisement.added.map((c) => c.adCert.cert.capsule), withdrawn: u.advertisement.withdrawn, expiresAtUs: u.advertisement.expiresAtUs })
}

/** The server keeps refreshing for `durationUs`, one update every INTERVAL. */
async function keepAdvertising (glookup: GLookup, durationUs: number): Promise<void> {
  for (const end = now + durationUs; now < end;) {
    now += INTERVAL
    await accepted(glookup, update())
  }
}

afterEach(async () => {
  for (const g of started.splice(0)) await g.stop()
  now = NOW
})

describe('GLookup publications', () => {
  it('a server record under the server name and a capsule record under each capsule installed', async () => {
    const dht = new MemoryDht()
    const { glookup } = await rig(dht, routerName)
    const capsules = [testCapsule(), testCapsule(), testCapsule()]
    await accepted(glookup, update(capsules.map((t) => delegation(t))))
    expect([...dht.records.keys()].sort()).toEqual([serverName, ...capsules.map((t) => t.name)].map(hex).sort())
    expect(isCapsuleRecord(decodeLookupRecord(dht.records.get(hex(serverName))!))).toBe(false)
    for (const t of capsules) expect(isCapsuleRecord(decodeLookupRecord(dht.records.get(hex(t.name))!))).toBe(true)
    expect(glookup.counters).toMatchObject({ published: 4, publishFailures: 0, capsuleRecords: 3, serverRecords: 1 })
  })

  it('a capsule is still found after many advertisement lifetimes while its server keeps advertising, and not once it stopped', async () => {
    const dht = new MemoryDht()
    const router = await rig(dht, routerName, { republishMs: LIFETIME / 2000 })
    const t = testCapsule()
    await accepted(router.glookup, update([delegation(t)]))
    await keepAdvertising(router.glookup, 10 * LIFETIME)
    // The capsule record went once; the server record at half the lifetime, each with the latest refresh.
    expect(dht.putsOf(t.name)).toBe(1)
    expect(dht.putsOf(serverName)).toBe(21)
    const seeker = await rig(dht, seekerName)
    await seeker.glookup.lookUp(t.name)
    expect(seeker.table.lookup(t.name, now)).toMatchObject({ server: serverName, nextHop: routerName, cost: 13 })
    expect(seeker.glookup.counters).toMatchObject({ found: 1, notFound: 0, refused: 0 })
    // The server stops: its last update ends (and the clock skew allowed past it), and with it the server record;
    // the capsule record alone routes nowhere.
    now += LIFETIME + CLOCK_SKEW_US + SECOND
    // Neither the seeker, which remembered the server record until it ended, nor a router that never saw it.
    await seeker.glookup.lookUp(t.name)
    expect(seeker.glookup.counters).toMatchObject({ found: 1, notFound: 1 })
    const late = await rig(dht, seekerName)
    await late.glookup.lookUp(t.name)
    await late.glookup.lookUp(serverName)
    expect(late.table.lookup(t.name, now)).toBeUndefined()
    expect(late.glookup.counters).toMatchObject({ lookups: 2, found: 0, notFound: 2, refused: 0 })
  })

  it('a lookup started before the DHT has any peer waits for the first (within its deadline) and finds the capsule', async () => {
    const dht = new PeersFirstDht()
    const router = await rig(dht, routerName)
    const t = testCapsule()
    await accepted(router.glookup, update([delegation(t)]))
    // A router just started: its DHT has heard of nobody yet.
    dht.routingTable.size = 0
    const seeker = await rig(dht, seekerName)
    const lookup = seeker.glookup.lookUp(t.name)
    await new Promise((resolve) => setTimeout(resolve, 50))
    dht.routingTable.size = 1
    dht.routingTable.dispatchEvent(new Event('peer:add'))
    await lookup
    expect(seeker.glookup.counters).toMatchObject({ found: 1, notFound: 0 })
    expect(seeker.table.lookup(t.name, now)).toMatchObject({ server: serverName, nextHop: routerName })
    // No peer within the deadline: nothing found, as before.
    dht.routingTable.size = 0
    await seeker.glookup.lookUp(testCapsule().name)
    expect(seeker.glookup.counters).toMatchObject({ found: 1, notFound: 1 })
  })

  it('a capsule record goes again only before DHT nodes would drop it, or when its AdCert is renewed', async () => {
    const dht = new MemoryDht()
    const hour = 3600 * SECOND
    const { glookup } = await rig(dht, routerName, { capsuleRepublishMs: hour / 1000, republishMs: LIFETIME / 2000 })
    const t = testCapsule()
    await accepted(glookup, update([delegation(t)]))
    // The same AdCert again (a snapshot page after the link came back up) changes nothing.
    now += INTERVAL
    await accepted(glookup, update([delegation(t)]))
    await keepAdvertising(glookup, hour - 2 * INTERVAL)
    expect(dht.putsOf(t.name)).toBe(1)
    await keepAdvertising(glookup, 2 * INTERVAL)
    expect(dht.putsOf(t.name)).toBe(2)
    // The owner renewed the delegation: the new AdCert goes at once, and the DHT holds it.
    now += INTERVAL
    const renewed = delegation(t, now)
    await accepted(glookup, update([renewed]))
    expect(dht.putsOf(t.name)).toBe(3)
    expect(decodeLookupRecord(dht.records.get(hex(t.name))!)).toMatchObject({ capsule: { adCert: { cert: { notBeforeUs: now } } } })
  })

  // Found by running a router on a clock ahead and setting it right: its schedules lay ahead by the step, and it
  // published nothing again for that long, while DHT nodes dropped its records.
  it('a router whose clock stepped back (set right after it ran 2 days ahead) publishes on its schedule from then, not 2 days later', async () => {
    const dht = new MemoryDht()
    const hour = 3600 * SECOND
    const { glookup } = await rig(dht, routerName, { capsuleRepublishMs: hour / 1000, republishMs: LIFETIME / 2000 })
    const t = testCapsule()
    now += 2 * DAY
    await accepted(glookup, update([delegation(t)]))
    expect([dht.putsOf(serverName), dht.putsOf(t.name)]).toEqual([1, 1])
    now = NOW
    await keepAdvertising(glookup, hour + 2 * INTERVAL)
    expect(dht.putsOf(serverName)).toBeGreaterThan(60)
    expect(dht.putsOf(t.name)).toBe(3)
  })

  it('a step back of the clock within a server record\'s period leaves the schedules as they are; past it, every record is due', async () => {
    const period = LIFETIME / 2
    for (const [stepUs, puts] of [[period - SECOND, 1], [period + SECOND, 2]] as const) {
      const dht = new MemoryDht()
      const { glookup } = await rig(dht, routerName, { republishMs: period / 1000 })
      const t = testCapsule()
      now = NOW + stepUs
      await accepted(glookup, update([delegation(t)]))
      now = NOW
      await accepted(glookup, update())
      expect([dht.putsOf(serverName), dht.putsOf(t.name)], `a step back of ${stepUs / SECOND} s`).toEqual([puts, puts])
    }
  })

  it('withdrawn capsules, those of a server that left and those past their AdCert are no longer held', async () => {
    const dht = new MemoryDht()
    const { glookup } = await rig(dht, routerName)
    const [a, b] = [testCapsule(), testCapsule()]
    await accepted(glookup, update([delegation(a), delegation(b, NOW - 30 * DAY + 10 * SECOND)]))
    expect(glookup.counters.capsuleRecords).toBe(2)
    now += 20 * SECOND
    await accepted(glookup, update([], [a.name]))
    // a withdrawn, b's AdCert ended.
    expect(glookup.counters).toMatchObject({ capsuleRecords: 0, serverRecords: 1 })
    await accepted(glookup, update([delegation(a)]))
    expect(glookup.counters.capsuleRecords).toBe(1)
    // The server's last update ended: a later update from another server forgets it and its capsules.
    now += LIFETIME + SECOND
    const other = signer()
    await glookup.publish(signAdvertisement({ serverKey: other.publicKey, router: routerName, sequence: 1, issuedAtUs: now, expiresAtUs: now + LIFETIME, cost: 0, added: [], withdrawn: [], set: { count: 0, digest: new Uint8Array(32) } }, other), { server: nodeName(other.publicKey), installed: [], withdrawn: [], expiresAtUs: now + LIFETIME })
    expect(glookup.counters).toMatchObject({ capsuleRecords: 0, serverRecords: 1 })
  })

  // The update's lifetime is the server's to sign: held to it, a server that linked once with one of years, then left,
  // had its record and its capsules' published by this router, as attached here, for years.
  it('a server whose update says it holds for years is held only until the router\'s set of it would end', async () => {
    const dht = new MemoryDht()
    const { glookup } = await rig(dht, routerName)
    const t = testCapsule()
    const years = signAdvertisement({ serverKey: server.publicKey, router: routerName, sequence: ++sequence, issuedAtUs: now, expiresAtUs: now + 3650 * DAY, cost: 3, added: [delegation(t)], withdrawn: [], set: { count: 1, digest: new Uint8Array(32) } }, server)
    await glookup.publish(years, { server: serverName, installed: [t.name], withdrawn: [], expiresAtUs: now + LIFETIME })
    expect(glookup.counters).toMatchObject({ capsuleRecords: 1, serverRecords: 1 })
    now += LIFETIME + SECOND
    const other = signer()
    await glookup.publish(signAdvertisement({ serverKey: other.publicKey, router: routerName, sequence: 1, issuedAtUs: now, expiresAtUs: now + LIFETIME, cost: 0, added: [], withdrawn: [], set: { count: 0, digest: new Uint8Array(32) } }, other), { server: nodeName(other.publicKey), installed: [], withdrawn: [], expiresAtUs: now + LIFETIME })
    expect(glookup.counters).toMatchObject({ capsuleRecords: 0, serverRecords: 1 })
  })

  it('wait for DHT peers, hold at most maxCapsules records, and try failed puts again', async () => {
    const dht = new MemoryDht()
    const { glookup } = await rig(dht, routerName, { maxCapsules: 2, republishMs: LIFETIME / 2000 })
    const capsules = [testCapsule(), testCapsule(), testCapsule()]
    dht.routingTable.size = 0
    await accepted(glookup, update(capsules.map((t) => delegation(t))))
    expect(dht.totalPuts).toBe(0)
    expect(glookup.counters).toMatchObject({ capsuleRecords: 2, overCapacity: 1 })
    dht.routingTable.size = 1
    dht.failing = true
    now += INTERVAL
    await accepted(glookup, update())
    expect(glookup.counters).toMatchObject({ published: 0, publishFailures: 3 })
    // The server record goes again with the next update, the capsule records a republishMs later.
    dht.failing = false
    now += INTERVAL
    await accepted(glookup, update())
    expect(glookup.counters.published).toBe(1)
    now += INTERVAL
    await accepted(glookup, update())
    expect(glookup.counters).toMatchObject({ published: 3, publishFailures: 3 })
    expect(capsules.map((t) => dht.putsOf(t.name))).toEqual([2, 2, 0])
  })

  it('records that waited for DHT peers go as soon as one joins, not at the next update', async () => {
    const dht = new MemoryDht()
    dht.routingTable.size = 0
    const { glookup } = await rig(dht, routerName)
    const t = testCapsule()
    await accepted(glookup, update([delegation(t)]))
    expect(dht.totalPuts).toBe(0)
    dht.routingTable.size = 1
    dht.routingTable.dispatchEvent(new Event('peer:add'))
    await waitFor(() => glookup.counters.published === 2, { timeoutMs: 2000, what: 'both records to go once a peer joined' })
    expect([dht.putsOf(serverName), dht.putsOf(t.name), glookup.counters.publishFailures]).toEqual([1, 1, 0])
  })

  it('server records carry at most 16 addresses of this router, public first; with none, only capsule records go', async () => {
    const dht = new MemoryDht()
    const addresses = [
      ...Array.from({ length: 8 }, (_, i) => `/ip4/127.0.0.${i + 1}/tcp/1/p2p/router`),
      ...Array.from({ length: 8 }, (_, i) => `/ip4/10.0.0.${i + 1}/tcp/1/p2p/router`),
      OTHER_ADDRESS,
      ...Array.from({ length: 12 }, (_, i) => `/ip4/8.8.4.${i + 1}/tcp/1/p2p/router`),
      '/ip4/8.8.4.1/tcp/1/p2p/router'
    ]
    const { glookup } = await rig(dht, routerName, { addresses })
    await accepted(glookup, update())
    const published = decodeLookupRecord(dht.records.get(hex(serverName))!) as ServerLookupRecord
    expect(published.routerAddresses).toEqual([...addresses.slice(17, 29), ...addresses.slice(8, 12)])
    const t = testCapsule()
    const elsewhere = await rig(dht, routerName, { addresses: [OTHER_ADDRESS] })
    await accepted(elsewhere.glookup, update([delegation(t)]))
    expect(dht.putsOf(serverName)).toBe(1)
    expect(dht.putsOf(t.name)).toBe(1)
    expect(elsewhere.glookup.counters).toMatchObject({ published: 1, publishFailures: 0, unpublishable: 1 })
  })

  // Found checking the 64 KiB limit's vectors: a capsule whose metadata carries large app fields had its record put
  // again every republishMs for as long as its AdCert held, each put refused by every DHT node (publishFailures).
  it('a capsule whose record would pass 64 KiB (large app fields) gets none: counted unpublishable once, never put', async () => {
    const dht = new MemoryDht()
    const { glookup } = await rig(dht, routerName, { republishMs: LIFETIME / 2000 })
    const field = (bytes: number): TestCapsule => {
      const owner = signer()
      const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: NOW, nonce: new Uint8Array(16), appFields: [{ key: 'photo', value: new Uint8Array(bytes) }] })
      return { signed: signMetadata(metadata, owner), name: capsuleName(metadata), owner, writer: owner }
    }
    const [large, fits] = [field(MAX_LOOKUP_RECORD_BYTES), field(60 * 1024)]
    await accepted(glookup, update([delegation(large), delegation(fits)]))
    await keepAdvertising(glookup, 4 * LIFETIME)
    expect([dht.putsOf(large.name), dht.putsOf(fits.name) > 0]).toEqual([0, true])
    expect(glookup.counters).toMatchObject({ unpublishable: 1, publishFailures: 0, capsuleRecords: 1 })
  })

  it('an update too large for a record leaves the last small one as the proof', async () => {
    const dht = new MemoryDht()
    const { glookup } = await rig(dht, routerName, { republishMs: LIFETIME / 2000, maxCapsules: 0 })
    const small = update()
    await accepted(glookup, small)
    const t = testCapsule()
    const many = Array.from({ length: 200 }, () => delegation(t))
    now += LIFETIME / 2
    await accepted(glookup, update(many))
    const published = decodeLookupRecord(dht.records.get(hex(serverName))!) as ServerLookupRecord
    expect(dht.putsOf(serverName)).toBe(2)
    expect(published.advertisement.advertisement.sequence).toBe(small.advertisement.sequence)
    expect(glookup.counters.publishFailures).toBe(0)
  })
})

describe('GLookup state moving with its router', () => {
  const hour = 3600 * SECOND
  const schedule = { capsuleRepublishMs: hour / 1000, republishMs: LIFETIME / 2000 }
  const NEW_ADDRESS = '/ip4/127.0.0.9/tcp/9/p2p/router'

  it('the moved router publishes its servers again at once with its new addresses, and its capsule records on their schedule, which one starting afresh never would', async () => {
    const dht = new MemoryDht()
    const old = await rig(dht, routerName, schedule)
    const capsules = [testCapsule(), testCapsule()]
    await accepted(old.glookup, update(capsules.map((t) => delegation(t))))
    now += 10 * 60 * SECOND
    await accepted(old.glookup, update())
    const state = old.glookup.exportState()
    await old.glookup.stop()
    const serverPuts = dht.putsOf(serverName)

    const moved = await rig(dht, routerName, { ...schedule, addresses: [NEW_ADDRESS], state })
    await waitFor(() => dht.putsOf(serverName) === serverPuts + 1, { timeoutMs: 2000, what: 'the server record to go again at start' })
    expect((decodeLookupRecord(dht.records.get(hex(serverName))!) as ServerLookupRecord).routerAddresses).toEqual([NEW_ADDRESS])
    expect(moved.glookup.counters).toMatchObject({ capsuleRecords: 2, serverRecords: 1, publishFailures: 0 })
    expect(capsules.map((t) => dht.putsOf(t.name))).toEqual([1, 1])

    // The server keeps refreshing; its routes came with the table, so no update installs its capsules again.
    // A router that started afresh (the moved router before its lookup state went with it) hears the same refreshes.
    const freshDht = new MemoryDht()
    const fresh = await rig(freshDht, routerName, { ...schedule, addresses: [NEW_ADDRESS] })
    const refreshes = async (durationUs: number): Promise<void> => {
      for (const end = now + durationUs; now < end;) {
        now += INTERVAL
        const u = update()
        await moved.glookup.publish(u, { server: serverName, installed: [], withdrawn: [], expiresAtUs: u.advertisement.expiresAtUs })
        await fresh.glookup.publish(u, { server: serverName, installed: [], withdrawn: [], expiresAtUs: u.advertisement.expiresAtUs })
      }
    }
    await refreshes(hour - 10 * 60 * SECOND - 2 * INTERVAL)
    expect(capsules.map((t) => dht.putsOf(t.name))).toEqual([1, 1])
    await refreshes(2 * INTERVAL)
    // An hour after they first went, as they would have from the old machine.
    expect(capsules.map((t) => dht.putsOf(t.name))).toEqual([2, 2])
    expect(capsules.map((t) => freshDht.putsOf(t.name))).toEqual([0, 0])
    expect(fresh.glookup.counters.capsuleRecords).toBe(0)
  })

  it('takes at most maxCapsules records, keeps those it holds, and refuses a malformed state whole', async () => {
    const dht = new MemoryDht()
    const old = await rig(dht, routerName)
    const capsules = [testCapsule(), testCapsule(), testCapsule()]
    await accepted(old.glookup, update(capsules.map((t) => delegation(t))))
    const state = old.glookup.exportState()
    expect(state.capsules).toHaveLength(3)
    const atLimit = await rig(dht, routerName, { maxCapsules: 3, state })
    expect(atLimit.glookup.counters).toMatchObject({ capsuleRecords: 3, overCapacity: 0 })
    const pastLimit = await rig(dht, routerName, { maxCapsules: 2, state })
    expect(pastLimit.glookup.counters).toMatchObject({ capsuleRecords: 2, overCapacity: 1 })
    // Imported again: what it holds stays, nothing is counted twice.
    expect(atLimit.glookup.importState(state)).toEqual({ servers: 0, capsules: 0 })

    const empty = await rig(dht, routerName)
    const shortName = { ...state, capsules: [...state.capsules!, { ...state.capsules![0]!, capsule: new Uint8Array(31) }] }
    expect(() => empty.glookup.importState(shortName)).toThrow(MalformedMessageError)
    expect(() => empty.glookup.importState({ ...state, capsules: [{ ...state.capsules![0]!, record: new Uint8Array(0) }] })).toThrow(/empty/)
    expect(() => empty.glookup.importState({ servers: [{ server: new Uint8Array(33) }] })).toThrow(/33/)
    expect(empty.glookup.counters).toMatchObject({ capsuleRecords: 0, serverRecords: 0 })
  })
})

describe('GLookup lookups', () => {
  it('install the route through the router the server record names, linking to it first', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    await accepted((await rig(dht, routerName)).glookup, update([delegation(t)]))
    const seeker = await rig(dht, seekerName)
    await seeker.glookup.lookUp(t.name)
    expect(seeker.table.lookup(t.name, now)).toMatchObject({ server: serverName, nextHop: routerName, cost: 13, expiresAtUs: NOW + LIFETIME })
    expect(seeker.dialled).toEqual([ROUTER_ADDRESS])
    expect(seeker.routesChanged).toBe(1)
    expect(seeker.glookup.counters).toMatchObject({ lookups: 1, found: 1, notFound: 0, refused: 0 })
    // Two queries (the capsule record, then the server's); for another capsule of that server, one while its server record lasts.
    expect(dht.gets).toBe(2)
    const more = testCapsule()
    dht.records.set(hex(more.name), encodeLookupRecord({ capsule: delegation(more) }))
    await seeker.glookup.lookUp(more.name)
    expect(seeker.table.lookup(more.name, now)).toMatchObject({ server: serverName, nextHop: routerName })
    expect(dht.gets).toBe(3)
    const linked = await rig(dht, seekerName, { linked: true })
    await linked.glookup.lookUp(serverName)
    expect(linked.table.lookup(serverName, now)).toMatchObject({ nextHop: routerName })
    expect(linked.dialled).toEqual([])
  })

  it('a query with a path that stalls takes what peers returned by then, half a second after the first, not nothing at the deadline', async () => {
    const dht = new StallingDht()
    const t = testCapsule()
    await accepted((await rig(dht, routerName)).glookup, update([delegation(t)]))
    const seeker = await rig(dht, seekerName, { timeoutMs: 10_000 })
    const started = performance.now()
    await seeker.glookup.lookUp(t.name)
    expect(seeker.table.lookup(t.name, now)).toMatchObject({ server: serverName, nextHop: routerName })
    expect(seeker.glookup.counters).toMatchObject({ found: 1, notFound: 0 })
    // Two queries (the capsule's record, the server's), each ended 500 ms after its record came.
    expect(performance.now() - started).toBeLessThan(5000)
  })

  it('a router it cannot link to at any address of its record gets no route (a request would wait for the link until it timed out), and the record is asked for again', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    await accepted((await rig(dht, routerName)).glookup, update([delegation(t)]))
    const seeker = await rig(dht, seekerName, { unreachable: true })
    await seeker.glookup.lookUp(t.name)
    expect(seeker.dialled).toEqual([ROUTER_ADDRESS])
    expect(seeker.table.lookup(t.name, now)).toBeUndefined()
    expect(seeker.glookup.counters).toMatchObject({ found: 0, unreachable: 1 })
    await seeker.glookup.lookUp(t.name)
    expect(dht.gets).toBe(4) // both records again: the server's is not kept
  })

  it('a route lasts no longer than the AdCert', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    const ending = delegation(t, NOW - 30 * DAY + 10 * SECOND)
    await accepted((await rig(dht, routerName)).glookup, update([ending]))
    const seeker = await rig(dht, seekerName)
    await seeker.glookup.lookUp(t.name)
    expect(seeker.table.lookup(t.name, now)?.expiresAtUs).toBe(ending.adCert.cert.notAfterUs)
  })

  // Found by publishing a server record whose update lasts ten years: every capsule of that server looked up kept a
  // route for ten years, so lookups of many such names grew the table without end.
  it('a route lasts no longer than this router\'s route lifetime, however long the server\'s update says it holds', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    const decade = update([delegation(t)], [], 3650 * DAY)
    await accepted((await rig(dht, routerName)).glookup, decade)
    const seeker = await rig(dht, seekerName, { routeLifetimeMs: 90_000 })
    await seeker.glookup.lookUp(t.name)
    expect(seeker.table.lookup(t.name, now)?.expiresAtUs).toBe(now + 90 * SECOND)
  })

  // Found by reading the bounds: lookup routes counted in a neighbour's routes, so they could hold it at
  // max_routes_per_neighbour against advertisements, but no lookup was ever held to it.
  it('install no route past maxRoutesPerNeighbour through the router found (counted overRouteBound); a route held is still renewed', async () => {
    const dht = new MemoryDht()
    const capsules = [testCapsule(), testCapsule(), testCapsule()]
    await accepted((await rig(dht, routerName)).glookup, update(capsules.map((t) => delegation(t))))
    // The server's own name and two capsules: three routes through the router.
    const seeker = await rig(dht, seekerName, { maxRoutesPerNeighbour: 3 })
    for (const t of capsules) await seeker.glookup.lookUp(t.name)
    expect(seeker.table.routesVia(routerName)).toBe(3)
    expect(seeker.table.lookup(capsules[2]!.name, now)).toBeUndefined()
    expect(seeker.glookup.counters).toMatchObject({ lookups: 3, found: 2, overRouteBound: 1 })
    await seeker.glookup.lookUp(capsules[0]!.name)
    expect(seeker.table.lookup(capsules[0]!.name, now)).toMatchObject({ nextHop: routerName })
    expect(seeker.glookup.counters).toMatchObject({ found: 3, overRouteBound: 1 })
  })

  // Found by attacking lookups: a withdrawn capsule's record stays in the DHT, and a lookup of it added the capsule to
  // the server's set that its own updates brought here, which then disagreed with what the server stated: each
  // request for that name (a lookup every 10 s) had the server asked for a full snapshot, and the route came back.
  it('add nothing to a set its server advertises here through that router: its updates say what it holds', async () => {
    const dht = new MemoryDht()
    const [kept, withdrawn] = [testCapsule(), testCapsule()]
    await accepted((await rig(dht, routerName)).glookup, update([delegation(kept), delegation(withdrawn)]))
    const seeker = await rig(dht, seekerName)
    // The seeker holds the server's set through the router from the server's updates, which withdrew the second.
    const set = seeker.table.serverSet(serverName, routerName, 4, now + LIFETIME, 'announced')
    seeker.table.addMember(set, kept.name, now + LIFETIME)
    const before = seeker.table.summaries()
    await seeker.glookup.lookUp(withdrawn.name)
    expect(seeker.table.lookup(withdrawn.name, now)).toBeUndefined()
    expect(seeker.table.summaries()).toEqual(before)
    expect(seeker.glookup.counters).toMatchObject({ lookups: 1, found: 0, advertisedHere: 1 })
  })

  // Found by adding up the lookup counters: a lookup whose record named this router returned counted in no outcome.
  it('count a lookup whose record names this router as the server\'s (a server gone from here), and install nothing', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    await accepted((await rig(dht, routerName)).glookup, update([delegation(t)]))
    // The same router, restarted without the server: its record is still in the DHT.
    const restarted = await rig(dht, routerName)
    await restarted.glookup.lookUp(t.name)
    expect(restarted.table.size).toBe(0)
    const { lookups, found, notFound, refused, unreachable, overRouteBound, advertisedHere, namedThisRouter } = restarted.glookup.counters
    expect({ lookups, namedThisRouter, outcomes: found + notFound + refused + unreachable + overRouteBound + advertisedHere + namedThisRouter }).toEqual({ lookups: 1, namedThisRouter: 1, outcomes: 1 })
  })

  // Found by replaying a record: the server's old router put back a server record whose update its server had
  // signed for ten years, after the server had left it, and lookups sent the server's capsules' requests there.
  it('refuse a server record whose update was issued longer ago than maxUpdateAgeMs, however long it was signed for', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    const decade = update([delegation(t)], [], 3650 * DAY)
    await accepted((await rig(dht, routerName)).glookup, decade)
    const seeker = await rig(dht, seekerName, { maxUpdateAgeMs: 3_600_000 })
    // At the bound and the skew past it, taken; a moment later, refused.
    now += 3600 * SECOND + CLOCK_SKEW_US
    await seeker.glookup.lookUp(t.name)
    expect(seeker.table.lookup(t.name, now)).toMatchObject({ nextHop: routerName })
    const later = await rig(dht, seekerName, { maxUpdateAgeMs: 3_600_000 })
    now += 1
    await later.glookup.lookUp(t.name)
    expect(later.table.lookup(t.name, now)).toBeUndefined()
    expect(later.glookup.counters).toMatchObject({ lookups: 1, found: 0, refused: 1 })
  })

  // Found by review: the server record an earlier lookup left in memory was taken while its update was not past its
  // own end, then refused as issued too long ago: a lookup of the server's next capsule failed, with a fresh record
  // in the DHT, each time the one held had grown too old.
  it('look the server record up again when the one an earlier lookup left has grown older than maxUpdateAgeMs', async () => {
    const dht = new MemoryDht()
    const [first, second] = [testCapsule(), testCapsule()]
    const { glookup } = await rig(dht, routerName)
    await accepted(glookup, update([delegation(first), delegation(second)], [], 3650 * DAY))
    const seeker = await rig(dht, seekerName, { maxUpdateAgeMs: 3_600_000 })
    await seeker.glookup.lookUp(first.name)
    expect(seeker.table.lookup(first.name, now)).toMatchObject({ nextHop: routerName })
    // The server goes on advertising: the record in the DHT is fresh, the one the seeker holds an hour old.
    await keepAdvertising(glookup, 3600 * SECOND + CLOCK_SKEW_US + 1)
    await seeker.glookup.lookUp(second.name)
    expect(seeker.table.lookup(second.name, now)).toMatchObject({ nextHop: routerName })
    expect(seeker.glookup.counters).toMatchObject({ lookups: 2, found: 2, refused: 0 })
  })

  it('a record naming this router installs nothing', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    const router = await rig(dht, routerName)
    await accepted(router.glookup, update([delegation(t)]))
    await router.glookup.lookUp(t.name)
    expect(router.table.lookup(t.name, now)).toBeUndefined()
    expect(router.dialled).toEqual([])
  })

  it('a capsule record whose server no router published finds nothing', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    dht.records.set(hex(t.name), encodeLookupRecord({ capsule: delegation(t) }))
    const seeker = await rig(dht, seekerName, { timeoutMs: 50 })
    await seeker.glookup.lookUp(t.name)
    expect(seeker.table.lookup(t.name, now)).toBeUndefined()
    expect(seeker.glookup.counters).toMatchObject({ lookups: 1, found: 0, notFound: 1, refused: 0 })
  })

  it('give up after timeoutMs when nobody answers, and count it', async () => {
    const seeker = await rig(new MemoryDht(), seekerName, { timeoutMs: 50 })
    const t = testCapsule()
    await seeker.glookup.lookUp(t.name)
    expect(seeker.table.lookup(t.name, now)).toBeUndefined()
    expect(seeker.glookup.counters).toMatchObject({ lookups: 1, found: 0, notFound: 1 })
    expect(seeker.routesChanged).toBe(0)
  })

  it('in flight end when the service stops', async () => {
    const seeker = await rig(new MemoryDht(), seekerName, { timeoutMs: 60_000 })
    const lookup = seeker.glookup.lookUp(testCapsule().name)
    await seeker.glookup.stop()
    await lookup
    expect(seeker.glookup.counters).toMatchObject({ lookups: 1, notFound: 1 })
    await seeker.glookup.lookUp(testCapsule().name)
    expect(seeker.glookup.counters.lookups).toBe(1)
  })
})

describe('GLookup records that are malformed or forged', () => {
  const t = testCapsule()
  const other = testCapsule()
  const capsule = delegation(t)
  const proof = update()
  const good = signServerLookupRecord(proof, [ROUTER_ADDRESS], router)
  const altered = update()
  altered.advertisement.cost = 0
  const stale = signAdvertisement({ ...proof.advertisement, issuedAtUs: NOW - 2 * LIFETIME, expiresAtUs: NOW - LIFETIME }, server)
  // Every case with the name a lookup would ask for: [expected problem, name, record].
  const forged: Array<[string, Uint8Array, Uint8Array]> = [
    ['malformed', t.name, new Uint8Array([1, 2, 3])],
    ['bad-signature', t.name, encodeLookupRecord({ capsule: delegation(t, NOW - SECOND, other.owner) })],
    ['wrong-capsule', other.name, encodeLookupRecord({ capsule })],
    ['wrong-capsule', t.name, encodeLookupRecord({ capsule: { metadata: t.signed, adCert: delegation(other).adCert } })],
    ['expired', t.name, encodeLookupRecord({ capsule: delegation(t, NOW - 31 * DAY) })],
    ['wrong-server', t.name, encodeLookupRecord(good)],
    ['wrong-router', serverName, encodeLookupRecord({ ...good, routerAddresses: [ROUTER_ADDRESS, OTHER_ADDRESS] })],
    ['bad-signature', serverName, encodeLookupRecord({ ...good, advertisement: altered })],
    // The router's addresses swapped for others that end in its peer id, by someone who read its record.
    ['bad-signature', serverName, encodeLookupRecord({ ...good, routerAddresses: ['/ip4/203.0.113.9/tcp/1/p2p/router'] })],
    ['bad-signature', serverName, encodeLookupRecord({ ...good, routerSignature: seeker.sign(new Uint8Array(1)) })],
    ['expired', serverName, encodeLookupRecord({ ...good, advertisement: stale })],
    ['malformed', serverName, encodeLookupRecord({ ...good, routerAddresses: Array.from({ length: 17 }, (_, i) => `/ip4/203.0.113.${i}/tcp/1/p2p/router`) })]
  ]
  const problem = (err: unknown): string => err instanceof CertificateError ? err.problem : err instanceof MalformedMessageError ? 'malformed' : String(err)

  it('any bytes, or a good record with a byte changed, decode to a record or are MalformedMessageError, and the validator refuses all but good ones with a typed error', async () => {
    const typed = (err: unknown): void => { if (!(err instanceof MalformedMessageError) && !(err instanceof CertificateError)) throw err }
    const goods: Array<[Uint8Array, Uint8Array]> = [[t.name, encodeLookupRecord({ capsule })], [serverName, encodeLookupRecord(good)]]
    await fc.assert(fc.asyncProperty(fc.oneof(
      fc.uint8Array({ maxLength: 600 }).map((bytes) => [t.name, bytes] as const),
      fc.tuple(fc.nat(1), fc.nat(), fc.integer({ min: 1, max: 255 })).map(([which, at, xor]) => {
        const [name, bytes] = goods[which]!
        const changed = bytes.slice()
        changed[at % changed.length]! ^= xor
        return [name, changed] as const
      })
    ), async ([name, bytes]) => {
      try { decodeLookupRecord(bytes) } catch (err) { if (!(err instanceof MalformedMessageError)) throw err }
      await validator(lookupKey(name), bytes).then(() => {
        // Accepted: the bytes must be a good record's (a change protobuf reads the same is no forgery).
        expect(goods.some(([n, g]) => equalBytes(n, name) && equalBytes(encodeLookupRecord(decodeLookupRecord(g)), encodeLookupRecord(decodeLookupRecord(bytes))))).toBe(true)
      }, typed)
    }), { numRuns: 400 })
  })

  it('are refused by the DHT validator', async () => {
    for (const [expected, name, value] of forged) expect(await validator(lookupKey(name), value).then(() => 'accepted', problem), expected).toBe(expected)
    await validator(lookupKey(t.name), encodeLookupRecord({ capsule }))
    await validator(lookupKey(serverName), encodeLookupRecord(good))
  })

  it('are refused by a lookup even when a DHT node hands them over, and counted', async () => {
    const dht = new MemoryDht(false)
    const seeker = await rig(dht, seekerName)
    for (const [expected, name, value] of forged) {
      dht.records.clear()
      dht.records.set(hex(name), value)
      // A forged server record is reached through a capsule record that holds.
      const asked = equalBytes(name, serverName) ? t.name : name
      if (asked !== name) dht.records.set(hex(t.name), encodeLookupRecord({ capsule }))
      await seeker.glookup.lookUp(asked)
      expect(seeker.table.lookup(asked, now), expected).toBeUndefined()
    }
    expect(seeker.glookup.counters).toMatchObject({ lookups: forged.length, found: 0, refused: forged.length })
    expect(seeker.dialled).toEqual([])
  })
})

// GLookup on an in-memory DHT: what a router publishes for its servers, how
// a lookup installs a route, and which records it refuses.
import { afterEach, describe, expect, it } from 'vitest'
import { GLookup, type LookupDht } from '../../src/routing/glookup.js'
import { encodeLookupRecord, lookupKey, lookupRecordValidator } from '../../src/routing/lookup.js'
import { signAdCert, signAdvertisement, type SignedAdvertisement } from '../../src/routing/certificates.js'
import type { Link } from '../../src/routing/forwarder.js'
import { RouteTable } from '../../src/routing/route-table.js'
import { nodeName } from '../../src/routing/signing.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CertificateError, MalformedMessageError } from '../../src/errors.js'
import { testCapsule, type TestCapsule } from '../helpers.js'

const NOW = 1_800_000_000_000_000
const SECOND = 1_000_000
let now = NOW
const clock = (): number => now
const signer = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)
const server = signer()
const serverName = nodeName(server.publicKey)
const routerName = nodeName(signer().publicKey)
const seekerName = nodeName(signer().publicKey)
const ROUTER_ADDRESS = '/ip4/127.0.0.1/tcp/1/p2p/router'
const OTHER_ADDRESS = '/ip4/127.0.0.1/tcp/2/p2p/other'
const routerOfAddress = (a: string): Uint8Array | undefined => a === ROUTER_ADDRESS ? routerName : a === OTHER_ADDRESS ? seekerName : undefined
const validator = lookupRecordValidator(clock, routerOfAddress)
const id = (key: Uint8Array): string => Buffer.from(key).toString()

/** A server's update to the router, adding `capsules`. */
function update (capsules: TestCapsule[], sequence = 1): SignedAdvertisement {
  const added = capsules.map((t) => ({ metadata: t.signed, adCert: signAdCert({ capsule: t.name, server: serverName, notBeforeUs: NOW - 1e9, notAfterUs: NOW + 1e10 }, t.owner) }))
  return signAdvertisement({ serverKey: server.publicKey, router: routerName, sequence, issuedAtUs: NOW, expiresAtUs: NOW + 3600 * SECOND, cost: 3, added, withdrawn: [], set: { count: capsules.length, digest: new Uint8Array(32) } }, server)
}

/** One map for all routers; like kad-dht it validates what it stores and returns, unless given no validator (a peer that does not). */
class MemoryDht implements LookupDht {
  readonly records = new Map<string, Uint8Array>()
  readonly routingTable = { size: 1 }
  puts = 0

  constructor (readonly validates = true) {}

  async * put (key: Uint8Array, value: Uint8Array, options: { signal: AbortSignal }): AsyncIterable<unknown> {
    options.signal.throwIfAborted()
    this.puts++
    if (this.validates) await validator(key, value)
    this.records.set(id(key), value)
    yield { name: 'PEER_RESPONSE' }
  }

  async * get (key: Uint8Array, options: { signal: AbortSignal }): AsyncIterable<{ name: string, value?: Uint8Array }> {
    const value = this.records.get(id(key))
    // Nobody holds it: like peers that never answer, the query ends when the signal does.
    if (value === undefined) await new Promise((_resolve, reject) => { options.signal.addEventListener('abort', () => { reject(options.signal.reason) }, { once: true }) })
    if (this.validates) await validator(key, value!)
    yield { name: 'VALUE', value }
  }
}

interface Rig { glookup: GLookup, table: RouteTable, dialled: string[], routesChanged: number }
const started: GLookup[] = []

/** A router's GLookup on `dht`: `self` is the router the records it publishes name. */
async function rig (dht: LookupDht, self: Uint8Array, options: { addresses?: string[], linked?: boolean, timeoutMs?: number } = {}): Promise<Rig> {
  const table = new RouteTable()
  const r: Rig = { glookup: undefined as unknown as GLookup, table, dialled: [], routesChanged: 0 }
  r.glookup = new GLookup({ self, timeoutMs: options.timeoutMs ?? 2500 }, {
    dht,
    clock,
    table,
    forwarder: { link: () => options.linked === true ? {} as Link : undefined, routesChanged: () => { r.routesChanged++ } },
    dial: async (address) => { r.dialled.push(address) },
    addresses: () => options.addresses ?? [ROUTER_ADDRESS],
    routerOfAddress
  })
  await r.glookup.start()
  started.push(r.glookup)
  return r
}

afterEach(async () => {
  for (const g of started.splice(0)) await g.stop()
  now = NOW
})

describe('GLookup publications', () => {
  it('publish the server and each capsule an update installed, under their own keys', async () => {
    const dht = new MemoryDht()
    const { glookup } = await rig(dht, routerName)
    const capsules = [testCapsule(), testCapsule(), testCapsule()]
    await glookup.publish(update(capsules), { server: serverName, installed: capsules.map((t) => t.name) })
    expect([...dht.records.keys()].sort()).toEqual([serverName, ...capsules.map((t) => t.name)].map((n) => id(lookupKey(n))).sort())
    expect(glookup.counters).toMatchObject({ published: 4, publishFailures: 0 })
  })

  it('skip updates adding more than 32 capsules, and wait for DHT peers', async () => {
    const dht = new MemoryDht()
    const { glookup } = await rig(dht, routerName)
    const many = Array.from({ length: 33 }, () => testCapsule())
    await glookup.publish(update(many), { server: serverName, installed: many.map((t) => t.name) })
    expect(dht.puts).toBe(0)
    const few = many.slice(0, 32)
    dht.routingTable.size = 0
    await glookup.publish(update(few, 2), { server: serverName, installed: few.map((t) => t.name) })
    expect(dht.puts).toBe(0)
    dht.routingTable.size = 1
    await glookup.publish(update(few, 3), { server: serverName, installed: few.map((t) => t.name) })
    expect(glookup.counters.published).toBe(33)
  })

  it('publish a name again only once republishMs has passed', async () => {
    const dht = new MemoryDht()
    const { glookup } = await rig(dht, routerName)
    const t = testCapsule()
    const publish = async (sequence: number): Promise<void> => { await glookup.publish(update([t], sequence), { server: serverName, installed: [t.name] }) }
    await publish(1)
    now += 59 * SECOND
    await publish(2)
    expect(dht.puts).toBe(2)
    now += 2 * SECOND
    await publish(3)
    expect(dht.puts).toBe(4)
  })

  it('a record the DHT refuses is counted and published again by the next update', async () => {
    const dht = new MemoryDht()
    const addresses = [OTHER_ADDRESS]
    const { glookup } = await rig(dht, routerName, { addresses })
    const t = testCapsule()
    await glookup.publish(update([t]), { server: serverName, installed: [t.name] })
    expect(glookup.counters).toMatchObject({ published: 0, publishFailures: 2 })
    expect(dht.records.size).toBe(0)
    addresses[0] = ROUTER_ADDRESS
    await glookup.publish(update([t], 2), { server: serverName, installed: [t.name] })
    expect(glookup.counters).toMatchObject({ published: 2, publishFailures: 2 })
  })
})

describe('GLookup lookups', () => {
  it('install the route through the router the record names, linking to it first', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    await (await rig(dht, routerName)).glookup.publish(update([t]), { server: serverName, installed: [t.name] })
    const seeker = await rig(dht, seekerName)
    await seeker.glookup.lookUp(t.name)
    expect(seeker.table.lookup(t.name, now)).toMatchObject({ server: serverName, nextHop: routerName, cost: 13, expiresAtUs: NOW + 3600 * SECOND })
    expect(seeker.dialled).toEqual([ROUTER_ADDRESS])
    expect(seeker.routesChanged).toBe(1)
    expect(seeker.glookup.counters).toMatchObject({ lookups: 1, found: 1, notFound: 0, refused: 0 })
    const linked = await rig(dht, seekerName, { linked: true })
    await linked.glookup.lookUp(serverName)
    expect(linked.table.lookup(serverName, now)).toMatchObject({ nextHop: routerName })
    expect(linked.dialled).toEqual([])
  })

  it('a record naming this router installs nothing', async () => {
    const dht = new MemoryDht()
    const t = testCapsule()
    const router = await rig(dht, routerName)
    await router.glookup.publish(update([t]), { server: serverName, installed: [t.name] })
    await router.glookup.lookUp(t.name)
    expect(router.table.lookup(t.name, now)).toBeUndefined()
    expect(router.dialled).toEqual([])
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
  const good = { advertisement: update([t]), routerAddresses: [ROUTER_ADDRESS] }
  const altered = update([t])
  altered.advertisement.cost = 0
  const forged: Array<[string, Uint8Array, Uint8Array]> = [
    ['malformed', lookupKey(t.name), new Uint8Array([1, 2, 3])],
    ['wrong-capsule', lookupKey(other.name), encodeLookupRecord(good)],
    ['wrong-router', lookupKey(t.name), encodeLookupRecord({ ...good, routerAddresses: [OTHER_ADDRESS] })],
    ['bad-signature', lookupKey(t.name), encodeLookupRecord({ ...good, advertisement: altered })]
  ]
  const problem = (err: unknown): string => err instanceof CertificateError ? err.problem : err instanceof MalformedMessageError ? 'malformed' : String(err)

  it('are refused by the DHT validator', async () => {
    for (const [expected, key, value] of forged) expect(await validator(key, value).then(() => 'accepted', problem), expected).toBe(expected)
    await validator(lookupKey(t.name), encodeLookupRecord(good))
  })

  it('are refused by a lookup even when a DHT node hands them over, and counted', async () => {
    const dht = new MemoryDht(false)
    const seeker = await rig(dht, seekerName)
    for (const [expected, key, value] of forged) {
      dht.records.clear()
      dht.records.set(id(key), value)
      const name = expected === 'wrong-capsule' ? other.name : t.name
      await seeker.glookup.lookUp(name)
      expect(seeker.table.lookup(name, now), expected).toBeUndefined()
    }
    expect(seeker.glookup.counters).toMatchObject({ lookups: 4, found: 0, refused: 4 })
    expect(seeker.dialled).toEqual([])
  })
})

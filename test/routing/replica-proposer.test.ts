// A router proposes storage servers for a capsule's replicas, asked at its own
// node name over in-memory links: from the servers whose signed
// advertisements it holds (directly, or relayed by child routers of routing
// domains), distinct hosts first, distinct domains first when asked, at most
// MAX_REPLICAS, and refusing what it cannot tell.
import { afterEach, describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { GdpClient } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { InvalidArgumentError, RequestRefusedError } from '../../src/errors.js'
import { signRouteAnnouncement, signedRouteAnnouncementFromPb, signedRouteAnnouncementToPb } from '../../src/routing/announcements.js'
import {
  EMPTY_SET_DIGEST, signAdvertisement, signDomainMembership, signedAdvertisementFromPb, signedAdvertisementToPb,
  type SignedAdvertisement, type SignedDomainMembership
} from '../../src/routing/certificates.js'
import { Forwarder, NONCE_LENGTH, PDU_VERSION, type LocalService } from '../../src/routing/forwarder.js'
import { MAX_PROPOSAL_SALT_BYTES, ReplicaProposer, chooseServers, type ServerCandidate } from '../../src/routing/replica-proposer.js'
import { MAX_REPLICAS } from '../../src/routing/replica-set.js'
import { AdvertisementProcessor, RouteTable } from '../../src/routing/route-table.js'
import { nodeName } from '../../src/routing/signing.js'
import { pb } from '../../src/wire/index.js'
import { rejection, waitFor } from '../helpers.js'
import { clock, connect, memoryNode, type MemoryLink, type MemoryNode } from './memory-links.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0).reverse()) c() })

const signer = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)
const names = (list: Array<{ server: Uint8Array }>): string[] => list.map((s) => formatName(s.server))
const ofServers = (list: Array<{ name: Uint8Array }>): string[] => list.map((s) => formatName(s.name))
/** Names in byte order, the order a router breaks ties of cost by. */
const byBytes = (list: Uint8Array[]): string[] => [...list].sort(Buffer.compare).map(formatName)

interface Router {
  key: Ed25519Signer
  name: Uint8Array
  node: MemoryNode
  proposer: ReplicaProposer
  /** The host each neighbour's link comes from, as the transport would tell it (by formatName). */
  hosts: Map<string, string>
  /** Moves the proposer's clock on, in microseconds. */
  later: (us: number) => void
}

/**
 * A router as node.ts assembles one: advertisements and announcements from
 * neighbours go to its processor (announcements under `trusted`), and
 * requests for its own name to its ReplicaProposer.
 */
function router (options: { domain?: Uint8Array, trusted?: Uint8Array[], service?: LocalService } = {}): Router {
  const key = signer()
  const name = nodeName(key.publicKey)
  const table = new RouteTable()
  const processor = new AdvertisementProcessor(name, table)
  const hosts = new Map<string, string>()
  let offset = 0
  const proposer = new ReplicaProposer({ self: name, domain: options.domain }, {
    table,
    clock: () => clock() + offset,
    hostOf: (neighbour) => hosts.get(formatName(neighbour)),
    service: options.service
  })
  const f = new Forwarder({ self: name }, {
    table,
    clock,
    local: proposer,
    routing: (pdu, from) => {
      if (pdu.advertisement != null) processor.apply(signedAdvertisementFromPb(pdu.advertisement), { neighbour: from.peer, linkCost: from.cost }, clock())
      else if (pdu.announcement != null) processor.applyAnnouncement(signedRouteAnnouncementFromPb(pdu.announcement), from.peer, from.cost, clock(), { trustedDomains: options.trusted ?? [] })
    }
  })
  f.start()
  const node: MemoryNode = { f, table, seen: [] }
  cleanups.push(() => { f.stop() })
  return { key, name, node, proposer, hosts, later: (us) => { offset += us } }
}

/** A server's update to `to` stating an empty set: what a server with no capsules yet sends its router. */
function update (server: Ed25519Signer, to: Uint8Array, cost: number, lifetimeUs = 120e6): SignedAdvertisement {
  const now = clock()
  return signAdvertisement({
    serverKey: server.publicKey, router: to, sequence: now, issuedAtUs: now, expiresAtUs: now + lifetimeUs, cost,
    added: [], withdrawn: [], set: { count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST) }
  }, server)
}

/** Sends a hop-local PDU over the link from `from` to its neighbour `to`, as a node's #sendHop does. */
function sendHop (from: MemoryNode, to: Uint8Array, body: Partial<pb.IPdu>): void {
  from.f.link(to)!.send({ version: PDU_VERSION, destination: to, source: from.f.self, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(NONCE_LENGTH)), ...body })
}

interface Server { key: Ed25519Signer, name: Uint8Array, node: MemoryNode, link: MemoryLink }

/** A server attached to `r` on `host`, advertising itself at `cost`. */
async function attach (r: Router, host: string | undefined, cost = 1): Promise<Server> {
  const key = signer()
  const name = nodeName(key.publicKey)
  const node = memoryNode(name)
  cleanups.push(() => { node.f.stop() })
  const link = connect(node, r.node)
  if (host !== undefined) r.hosts.set(formatName(name), host)
  sendHop(node, r.name, { advertisement: signedAdvertisementToPb(update(key, r.name, cost)) })
  await waitFor(() => r.node.table.lookup(name, clock()), { timeoutMs: 5000, what: 'the server\'s advertisement to reach the router' })
  return { key, name, node, link }
}

/** A client linked to `r`. */
function clientOf (r: Router): { client: GdpClient, node: MemoryNode } {
  const node = memoryNode(new Uint8Array(32).fill(7))
  cleanups.push(() => { node.f.stop() })
  connect(node, r.node)
  node.f.setDefaultRoute(r.name)
  return { client: new GdpClient({ timeoutMs: 3000 }, { forwarder: node.f }), node }
}

/** Sends a raw propose_servers request (as a client that skips its own checks would); resolves with the reply PDU. */
async function rawRequest (from: MemoryNode, to: Uint8Array, request: pb.IRequest): Promise<pb.IPdu> {
  return await new Promise((resolve) => { from.f.request(to, request, resolve) })
}

describe('a router proposes servers for a capsule\'s replicas', () => {
  it('from the servers it holds advertisements of: distinct hosts first, then the cheapest, with how many it knows', async () => {
    const r = router()
    // s1 and s2 share host X; s3 is alone on Y, s4 on Z.
    const s1 = await attach(r, '10.0.0.1', 1)
    const s2 = await attach(r, '10.0.0.1', 2)
    const s3 = await attach(r, '10.0.0.2', 5)
    const s4 = await attach(r, '10.0.0.3', 3)
    const { client } = clientOf(r)
    const three = await client.proposeServers(r.name, { count: 3 })
    expect(names(three.servers)).toEqual(ofServers([s1, s4, s3]))
    expect(three.known).toBe(4)
    expect(three.servers.map((s) => s.host)).toEqual([1, 2, 3])
    // Attached here: the route's next hop is the server itself; cost is its own plus the link's (1).
    expect(three.servers.map((s) => formatName(s.via))).toEqual(names(three.servers))
    expect(three.servers.map((s) => s.cost)).toEqual([2, 4, 6])
    expect(three.servers.every((s) => s.domain === undefined)).toBe(true)
    // Past one per host, the cheapest: s2 shares s1's host, and says so.
    const four = await client.proposeServers(r.name, { count: 4 })
    expect(names(four.servers)).toEqual(ofServers([s1, s4, s3, s2]))
    expect(four.servers.map((s) => s.host)).toEqual([1, 2, 3, 1])
    // Asked for more than it knows: what it knows, and how many that is.
    const six = await client.proposeServers(r.name, { count: 6 })
    expect(six).toMatchObject({ known: 4 })
    expect(six.servers).toHaveLength(4)
  })

  it('a link whose host is unknown counts as a host of its own neighbour', async () => {
    const r = router()
    const cheap = await attach(r, '10.0.0.1', 1)
    const sameHost = await attach(r, '10.0.0.1', 1)
    const unknown = await attach(r, undefined, 9)
    const { client } = clientOf(r)
    const two = await client.proposeServers(r.name, { count: 2 })
    expect(names(two.servers)).toEqual([byBytes([cheap.name, sameHost.name])[0], formatName(unknown.name)])
    expect(two.servers.map((s) => s.host)).toEqual([1, 2])
  })

  it('proposes only servers whose advertisements are live: not after their lifetime, nor once their link went', async () => {
    const r = router()
    const kept = await attach(r, '10.0.0.1')
    const leaving = await attach(r, '10.0.0.2')
    const { client } = clientOf(r)
    expect((await client.proposeServers(r.name, { count: 3 })).known).toBe(2)
    leaving.link.close()
    const after = await client.proposeServers(r.name, { count: 3 })
    expect(names(after.servers)).toEqual(ofServers([kept]))
    // No refresh within the lifetime (120 s): the router no longer vouches for it.
    r.later(121e6)
    expect(await client.proposeServers(r.name, { count: 3 })).toEqual({ servers: [], known: 0 })
  })

  it(`at most ${MAX_REPLICAS} servers: at the limit it answers, past it both the client and the router refuse`, async () => {
    const r = router()
    const servers: Server[] = []
    for (let i = 0; i <= MAX_REPLICAS; i++) servers.push(await attach(r, `10.0.1.${i}`))
    const { client, node } = clientOf(r)
    const full = await client.proposeServers(r.name, { count: MAX_REPLICAS })
    expect(full.servers).toHaveLength(MAX_REPLICAS)
    expect(full.known).toBe(MAX_REPLICAS + 1)
    expect(new Set(full.servers.map((s) => s.host)).size).toBe(MAX_REPLICAS)
    const past = await rejection(client.proposeServers(r.name, { count: MAX_REPLICAS + 1 }))
    expect(past).toBeInstanceOf(InvalidArgumentError)
    expect(past.message).toMatch(`a capsule has 1 to ${MAX_REPLICAS} replicas; ${MAX_REPLICAS + 1} servers were asked for`)
    // A client that does not check gets a NACK from the router, and so does one asking for none.
    for (const count of [MAX_REPLICAS + 1, 0]) {
      const reply = await rawRequest(node, r.name, { proposeServers: { count } })
      expect(reply.nack).toMatchObject({ reason: pb.NackReason.MALFORMED, detail: `a capsule has 1 to ${MAX_REPLICAS} replicas; ${count} servers were asked for` })
    }
    // A salt at its limit is taken, one past it refused (at the client, and at the router for one that does not check).
    expect((await client.proposeServers(r.name, { count: 1, salt: new Uint8Array(MAX_PROPOSAL_SALT_BYTES) })).servers).toHaveLength(1)
    const salty = await rejection(client.proposeServers(r.name, { count: 1, salt: new Uint8Array(MAX_PROPOSAL_SALT_BYTES + 1) }))
    expect(salty).toBeInstanceOf(InvalidArgumentError)
    const reply = await rawRequest(node, r.name, { proposeServers: { count: 1, salt: new Uint8Array(MAX_PROPOSAL_SALT_BYTES + 1) } })
    expect(reply.nack).toMatchObject({ reason: pb.NackReason.MALFORMED, detail: `a proposal's salt is at most ${MAX_PROPOSAL_SALT_BYTES} bytes, not ${MAX_PROPOSAL_SALT_BYTES + 1}` })
  })

  it('across routing domains when asked: servers relayed by child routers are in the domain of their router\'s membership', async () => {
    const [domainA, domainB] = [signer(), signer()]
    const parent = router({ trusted: [nodeName(domainA.publicKey), nodeName(domainB.publicKey)] })
    /** A child router of `domain` relaying its servers' updates to the parent in one announcement. */
    const child = async (domain: Ed25519Signer, host: string, costs: number[]): Promise<{ name: Uint8Array, servers: Uint8Array[] }> => {
      const key = signer()
      const name = nodeName(key.publicKey)
      const node = memoryNode(name)
      cleanups.push(() => { node.f.stop() })
      connect(node, parent.node)
      parent.hosts.set(formatName(name), host)
      const now = clock()
      const membership: SignedDomainMembership = signDomainMembership({ router: name, parent: new Uint8Array(0), notBeforeUs: now - 60e6, notAfterUs: now + 3600e6 }, domain)
      const servers = costs.map(() => signer())
      const announcement = signRouteAnnouncement({
        routerKey: key.publicKey, parent: parent.name, sequence: now, issuedAtUs: now, expiresAtUs: now + 120e6, membership,
        advertisements: servers.map((s, i) => update(s, name, costs[i]!)), cost: 1
      }, key)
      sendHop(node, parent.name, { announcement: signedRouteAnnouncementToPb(announcement) })
      const serverNames = servers.map((s) => nodeName(s.publicKey))
      await waitFor(() => serverNames.every((s) => parent.node.table.lookup(s, clock()) !== undefined), { timeoutMs: 5000, what: 'the announcement to reach the parent' })
      return { name, servers: serverNames }
    }
    const a = await child(domainA, '10.0.2.1', [1, 1])
    const b = await child(domainB, '10.0.2.2', [20])
    // A server attached to the parent itself, cheapest of all; the parent has no membership, so its domain is unknown.
    const own = await attach(parent, '10.0.2.3', 0)
    const { client } = clientOf(parent)
    const byDomain = await client.proposeServers(parent.name, { count: 4, spreadDomains: true })
    const [firstOfA, secondOfA] = byBytes(a.servers) as [string, string]
    expect(names(byDomain.servers)).toEqual([firstOfA, formatName(b.servers[0]!), secondOfA, formatName(own.name)])
    expect(byDomain.servers.map((s) => s.domain === undefined ? undefined : formatName(s.domain))).toEqual([
      formatName(nodeName(domainA.publicKey)), formatName(nodeName(domainB.publicKey)), formatName(nodeName(domainA.publicKey)), undefined
    ])
    // Servers behind a child router sit on its host, as far as the parent can tell, and come through it.
    expect(byDomain.servers.map((s) => formatName(s.via))).toEqual([formatName(a.name), formatName(b.name), formatName(a.name), formatName(own.name)])
    expect(byDomain.servers.map((s) => s.host)).toEqual([1, 2, 1, 3])
    // Without the flag: hosts first, cheapest first.
    const byHost = await client.proposeServers(parent.name, { count: 3 })
    expect(names(byHost.servers)).toEqual([formatName(own.name), firstOfA, formatName(b.servers[0]!)])
  })

  it('refuses to spread across domains when it cannot tell any server\'s domain; with a membership, its own servers are in its domain', async () => {
    const r = router()
    await attach(r, '10.0.3.1')
    const { client } = clientOf(r)
    const refused = await rejection(client.proposeServers(r.name, { count: 1, spreadDomains: true }))
    expect(refused).toBeInstanceOf(RequestRefusedError)
    expect((refused as RequestRefusedError).reason).toBe('NOT_FOUND')
    expect(refused.message).toMatch(/knows 1 servers and the routing domain of none of them .*: it cannot spread replicas across domains/)
    const domain = nodeName(signer().publicKey)
    const member = router({ domain })
    await attach(member, '10.0.3.2')
    const { client: memberClient } = clientOf(member)
    const proposal = await memberClient.proposeServers(member.name, { count: 1, spreadDomains: true })
    expect(proposal.servers.map((s) => s.domain === undefined ? undefined : formatName(s.domain))).toEqual([formatName(domain)])
  })

  it('its own name takes propose_servers only; a server\'s other requests go on to its capsule service', async () => {
    const hosted = new Uint8Array(32).fill(9)
    const handled: string[] = []
    const service: LocalService = {
      serves: (name) => name.every((b) => b === 9),
      handle: (pdu, reply) => { handled.push(pdu.request!.info != null ? 'info' : 'another request'); reply({ response: { final: true, info: {} } }) }
    }
    const r = router({ service })
    const { node } = clientOf(r)
    expect((await rawRequest(node, hosted, { info: {} })).response).toMatchObject({ final: true })
    expect(handled).toEqual(['info'])
    const refused = await rawRequest(node, r.name, { info: {} })
    expect(refused.nack).toMatchObject({ reason: pb.NackReason.MALFORMED })
    expect(refused.nack!.detail).toMatch(/is a router: its own name takes propose_servers requests only/)
  })
})

describe('chooseServers', () => {
  const candidate = (n: number, cost: number, hostKey: string, domain?: number): ServerCandidate =>
    ({ server: new Uint8Array(32).fill(n), via: new Uint8Array(32).fill(n), cost, hostKey, domain: domain === undefined ? undefined : new Uint8Array(32).fill(domain) })

  it('balances: no host gets a second server before every host has one, nor a domain (when asked) before every known domain', () => {
    const all = [candidate(1, 1, 'x', 1), candidate(2, 1, 'x', 1), candidate(3, 1, 'x', 1), candidate(4, 9, 'y', 1), candidate(5, 9, 'z', 2), candidate(6, 0, 'w')]
    expect(chooseServers(all, 6).map((c) => c.server[0])).toEqual([6, 1, 4, 5, 2, 3])
    // Domains first (the one of unknown domain last), then hosts within them.
    expect(chooseServers(all, 6, true).map((c) => c.server[0])).toEqual([1, 5, 4, 2, 3, 6])
    expect(chooseServers(all, 0)).toEqual([])
  })

  it('with a salt, servers of equal cost and spread go in the order of SHA-256(salt || name): a name ground to sort first is first for about one salt in as many servers', () => {
    // The attack: a server whose key makes a name of leading zeros, among honest servers on hosts of their own.
    const ground = candidate(0, 1, 'ground')
    const honest = Array.from({ length: 7 }, (_, i) => candidate(i + 1, 1, `host ${i}`))
    expect(chooseServers([...honest, ground], 1)[0]).toBe(ground)
    let first = 0
    const salts = 400
    for (let i = 0; i < salts; i++) {
      const salt = sha256(Uint8Array.of(i >> 8, i & 255))
      const chosen = chooseServers([...honest, ground], 3, false, salt)
      expect(chosen).toEqual(chooseServers([ground, ...honest].reverse(), 3, false, salt))
      if (chosen[0] === ground) first++
    }
    // One in eight expected (50); far from every time.
    expect(first).toBeGreaterThan(20)
    expect(first).toBeLessThan(100)
    // Cost and spread still come first: a cheaper server wins whatever the salt.
    const cheap = candidate(9, 0, 'cheap')
    expect(chooseServers([...honest, ground, cheap], 1, false, sha256(Uint8Array.of(1)))[0]).toBe(cheap)
  })
})

// Whole nodes in this process over real loopback libp2p links: routes that
// lapse, links that come back, and advertisements that must be refused.
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { GdpNode } from '../../src/node/node.js'
import { formatName } from '../../src/capsule/name.js'
import type { NodeConfig } from '../../src/node/config.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { signAdCert, signAdvertisement, encodeSignedAdvertisement } from '../../src/routing/certificates.js'
import { nodeName } from '../../src/routing/signing.js'
import { pb } from '../../src/wire/index.js'
import { tempDir, testCapsule, waitFor } from '../helpers.js'
import { admittedRouter, nodesPerTest } from './local-nodes.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { RecordTooLargeError, RequestRefusedError } from '../../src/errors.js'
import { metadataKey, ownerUsageKey, readUint64 } from '../../src/store/layout.js'
import { Level } from 'level'
import { join } from 'node:path'
import { readFileSync, writeFileSync } from 'node:fs'

const fast: Partial<NodeConfig> = { advertiseIntervalMs: 200, advertiseLifetimeMs: 1000 }
const start = nodesPerTest(fast)
const dirs: Array<() => void> = []
afterEach(() => { for (const d of dirs.splice(0)) d() })

async function hosted (client: GdpNode, server: GdpNode): Promise<ReturnType<typeof testCapsule>> {
  const t = testCapsule(Date.now() * 1000)
  const now = Date.now() * 1000
  await client.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
  return t
}

/** Waits until `client` reaches capsule `name` (its route has reached the router), retrying while it is refused or times out. */
async function reachable (client: GdpNode, name: Uint8Array, timeoutMs = 10_000): Promise<void> {
  await waitFor(async () => await client.client.info(name), { timeoutMs, intervalMs: 100, what: 'the capsule to be reachable through the router' })
}

/** Waits until `router` has counted `count` advertisements refused for `problem`. */
async function refusedAs (router: GdpNode, problem: string, count = 1): Promise<void> {
  await waitFor(() => (router.stats().rejectedAdvertisements as Record<string, number>)[problem] === count, { timeoutMs: 10_000, what: `the router to count ${count} advertisement refused as ${problem}` })
}

describe('nodes', () => {
  it('a route lapses when its server stops advertising, and the router says NO_ROUTE', async () => {
    const router = await start('router')
    const server = await start('server', router)
    const client = await start('client', router)
    const t = await hosted(client, server)
    await reachable(client, t.name)
    await server.stop()
    await waitFor(() => router.table.lookup(t.name, Date.now() * 1000) === undefined, { timeoutMs: fast.advertiseLifetimeMs! + 2000, what: 'the router\'s route to the capsule to lapse' })
    const err = await client.client.info(t.name).catch((e: Error) => e)
    expect(err).toBeInstanceOf(RequestRefusedError)
    expect((err as RequestRefusedError).reason).toBe('NO_ROUTE')
  }, 30_000)

  it('a server links again after its router restarts, and its capsules are reachable again', async () => {
    const routerDir = tempDir()
    dirs.push(routerDir.cleanup)
    const listen = [`/ip4/127.0.0.1/tcp/${20_000 + Math.floor(Math.random() * 20_000)}`]
    let router = await start('router', undefined, { listen, data: routerDir.path })
    const server = await start('server', router)
    let client = await start('client', router)
    const t = await hosted(client, server)
    await reachable(client, t.name)
    // Its status says whether its upstream is linked (the image's health check reads it).
    expect(server.stats().upstream).toEqual({ name: formatName(router.name), linked: true })
    await client.stop(); await router.stop()
    await waitFor(() => (server.stats().upstream as { linked: boolean }).linked === false, { timeoutMs: 10_000, what: 'the server to see its router gone' })
    router = await start('router', undefined, { listen, data: routerDir.path }) // same key and address
    client = await start('client', router)
    await reachable(client, t.name, 15_000)
    expect((await client.client.info(t.name)).size).toBe(0)
    expect((server.stats().upstream as { linked: boolean }).linked).toBe(true)
    expect(router.stats().upstream).toBeUndefined()
  }, 40_000)

  it('a router refuses and counts an advertisement from a neighbour the owner did not delegate to', async () => {
    const router = await start('router')
    const rogue = await start('server', router)
    const client = await start('client', router)
    const t = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    const honestServer = nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey)
    const adCert = signAdCert({ capsule: t.name, server: honestServer, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
    const ad = signAdvertisement({ serverKey: rogue.key.publicKey, router: router.name, sequence: Date.now() * 2000, issuedAtUs: now, expiresAtUs: now + 1e7, cost: 0, added: [{ metadata: t.signed, adCert }], withdrawn: [], set: { count: 1, digest: t.name } }, rogue.key)
    const link = rogue.forwarder.link(router.name)!
    link.send({ version: 1, destination: router.name, source: rogue.name, ttl: 1, nonce: new Uint8Array(16).fill(1), advertisement: pb.SignedAdvertisement.decode(encodeSignedAdvertisement(ad)) })
    await refusedAs(router, 'wrong-server')
    const err = await client.client.info(t.name).catch((e: Error) => e)
    expect((err as RequestRefusedError).reason).toBe('NO_ROUTE')
  }, 30_000)

  it('a server refuses creates past its quotas with QUOTA_EXCEEDED and from owners not allowed with UNAUTHORIZED, through the router', async () => {
    const router = await start('router')
    const allowed = testCapsule(Date.now() * 1000)
    const server = await start('server', router, { createAllow: [Buffer.from(allowed.owner.publicKey).toString('base64url')], createQuotaCapsules: 2 })
    const client = await start('client', router)
    const now = Date.now() * 1000
    const delegate = (t: ReturnType<typeof testCapsule>): ReturnType<typeof signAdCert> => signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
    const sameOwner = (nonce: number): ReturnType<typeof testCapsule> => {
      const metadata = newMetadata({ owner: allowed.owner.publicKey, writer: allowed.owner.publicKey, createdAtUs: now, nonce: new Uint8Array(16).fill(nonce) })
      return { ...allowed, signed: signMetadata(metadata, allowed.owner), name: capsuleName(metadata) }
    }
    await waitFor(async () => await client.client.create(allowed.signed, server.name, delegate(allowed)), { timeoutMs: 10_000, intervalMs: 100, what: 'a create to reach the server through the router' })
    const second = sameOwner(1)
    await client.client.create(second.signed, server.name, delegate(second)) // at the quota: 2
    const third = sameOwner(2)
    const over = await client.client.create(third.signed, server.name, delegate(third)).catch((e: Error) => e)
    expect((over as RequestRefusedError).reason).toBe('QUOTA_EXCEEDED')
    expect((over as Error).message).toMatch(/create_quota_capsules/)
    // Renewing a capsule it holds is not a new capsule.
    await client.client.create(second.signed, server.name, delegate(second))
    const stranger = testCapsule(now)
    const refused = await client.client.create(stranger.signed, server.name, delegate(stranger)).catch((e: Error) => e)
    expect((refused as RequestRefusedError).reason).toBe('UNAUTHORIZED')
    expect((refused as Error).message).toMatch(/create_allow/)
    await reachable(client, second.name)
    expect(await server.store!.has(third.name)).toBe(false)
    expect(await server.store!.has(stranger.name)).toBe(false)
  }, 30_000)

  it('a copy of a server\'s advertisement handed over by another neighbour attracts nothing, whatever its sequence number', async () => {
    const routerDir = tempDir()
    dirs.push(routerDir.cleanup)
    const router = await start('router', undefined, { data: routerDir.path })
    const server = await start('server', router)
    const rogue = await start('server', router)
    const t = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    // The server's own, genuine update (as anyone who saw it pass could have kept it), replayed by the rogue neighbour.
    const adCert = signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
    const copy = signAdvertisement({ serverKey: server.key.publicKey, router: router.name, sequence: Date.now() * 3000, issuedAtUs: now, expiresAtUs: now + 1e7, cost: 0, added: [{ metadata: t.signed, adCert }], withdrawn: [], set: { count: 1, digest: t.name } }, server.key)
    rogue.forwarder.link(router.name)!.send({ version: 1, destination: router.name, source: rogue.name, ttl: 1, nonce: new Uint8Array(16).fill(2), advertisement: pb.SignedAdvertisement.decode(encodeSignedAdvertisement(copy)) })
    await refusedAs(router, 'wrong-link')
    expect(router.table.lookup(t.name, Date.now() * 1000)).toBeUndefined()
  }, 30_000)

  it('a snapshot acknowledgement from a neighbour that is not the upstream is refused and counted: only the router a server advertises to may say its set is in place', async () => {
    const router = await start('router')
    const server = await start('server', router)
    const rogue = await start('client', server)
    await rogue.upstreamReady(10_000)
    rogue.forwarder.link(server.name)!.send({ version: 1, destination: server.name, source: rogue.name, ttl: 1, nonce: new Uint8Array(16).fill(3), snapshotAck: { sequence: Date.now() * 1000, error: '' } })
    await refusedAs(server, 'wrong-link')
  }, 30_000)

  it('an owner\'s appends stop at its byte quota with QUOTA_EXCEEDED, and the count survives a restart of the server', async () => {
    const router = await start('router')
    const serverDir = tempDir()
    dirs.push(serverDir.cleanup)
    const quota = { createQuotaBytes: 1000 }
    let server = await start('server', router, { ...quota, data: serverDir.path })
    const client = await start('client', router)
    const t = await waitFor(async () => await hosted(client, server), { timeoutMs: 10_000, intervalMs: 100, what: 'a create to reach the server through the router' })
    await reachable(client, t.name)
    const w = await client.client.writer(t.name, t.writer)
    await client.client.append(w, [new Uint8Array(600), new Uint8Array(400)], Date.now() * 1000) // exactly the quota
    const over = await client.client.append(w, [new Uint8Array(1)], Date.now() * 1000).catch((e: Error) => e)
    expect((over as RequestRefusedError).reason).toBe('QUOTA_EXCEEDED')
    expect((over as Error).message).toMatch(/create_quota_bytes/)
    await server.stop()
    server = await start('server', router, { ...quota, data: serverDir.path })
    await reachable(client, t.name)
    const again = await client.client.append(await client.client.writer(t.name, t.writer), [new Uint8Array(1)], Date.now() * 1000).catch((e: Error) => e)
    expect((again as RequestRefusedError).reason).toBe('QUOTA_EXCEEDED')
    expect((await client.client.info(t.name)).size).toBe(2)
    // Its saved count damaged on disk (a short row threw, and the server did not start): counted again from the records.
    await server.stop()
    const db = new Level<Uint8Array, Uint8Array>(join(serverDir.path, 'store'), { keyEncoding: 'view', valueEncoding: 'view' })
    expect(readUint64((await db.get(ownerUsageKey(t.owner.publicKey)))!, 0)).toBe(1000)
    await db.put(ownerUsageKey(t.owner.publicKey), new Uint8Array([1, 2, 3]))
    await db.close()
    server = await start('server', router, { ...quota, data: serverDir.path })
    await reachable(client, t.name)
    const recounted = await client.client.append(await client.client.writer(t.name, t.writer), [new Uint8Array(1)], Date.now() * 1000).catch((e: Error) => e)
    expect((recounted as Error).message).toMatch(/holds 1000 payload bytes on this server/)
  }, 30_000)
})

describe('a server with a damaged row', () => {
  it('whose metadata row for one capsule is damaged starts, and advertises its other capsules to its router (that row failed the whole snapshot)', async () => {
    const router = await start('router')
    const serverDir = tempDir()
    dirs.push(serverDir.cleanup)
    let server = await start('server', router, { data: serverDir.path })
    const client = await start('client', router)
    const damaged = await waitFor(async () => await hosted(client, server), { timeoutMs: 10_000, intervalMs: 100, what: 'a create to reach the server through the router' })
    const whole = await hosted(client, server)
    await reachable(client, whole.name)
    await server.stop()
    const db = new Level<Uint8Array, Uint8Array>(join(serverDir.path, 'store'), { keyEncoding: 'view', valueEncoding: 'view' })
    await db.put(metadataKey(damaged.name), new Uint8Array(64).fill(0xa5))
    await db.close()
    await waitFor(() => router.table.lookup(whole.name, Date.now() * 1000) === undefined, { timeoutMs: fast.advertiseLifetimeMs! + 2000, what: 'the route of the stopped server to lapse' })
    server = await start('server', router, { data: serverDir.path })
    await reachable(client, whole.name)
    expect(router.table.lookup(damaged.name, Date.now() * 1000)).toBeUndefined()
  }, 30_000)
})

describe('a request the router cannot decode', () => {
  it('is NACKed MALFORMED, saying why, instead of left to time out: an append of 100,000 empty records is a PDU of more fields than one may hold', async () => {
    const router = await start('router')
    const server = await start('server', router)
    const client = await start('client', router)
    const t = await waitFor(async () => await hosted(client, server), { timeoutMs: 10_000, intervalMs: 100, what: 'a create to reach the server through the router' })
    await reachable(client, t.name)
    const w = await client.client.writer(t.name, t.writer)
    const records = Array.from({ length: 100_000 }, () => new Uint8Array(0))
    // The client refuses it before it signs it (appendFitsOnePdu); signed and sent all the same, the router refuses it.
    await expect(client.client.append(w, records, Date.now() * 1000)).rejects.toThrow(RecordTooLargeError)
    const refused = await client.client.appendBatch(w.append(records, Date.now() * 1000)).catch((e: Error) => e)
    expect((refused as RequestRefusedError).reason).toBe('MALFORMED')
    expect((refused as Error).message).toMatch(/could not be decoded: PDU has more than 262144 fields/)
    expect(router.transport.counters.malformed).toBe(1)
    // Nothing was stored, and the link still carries what fits.
    expect((await client.client.info(t.name)).size).toBe(0)
    const again = await client.client.writer(t.name, t.writer)
    await client.client.append(again, [new Uint8Array(1)], Date.now() * 1000)
    expect((await client.client.info(t.name)).size).toBe(1)
  }, 60_000)
})

describe('notices that a neighbour moved (docs/moving.md section 3), malformed', () => {
  it('a moved notice with 17 addresses, or addresses of another peer, is refused and counted, and the node goes on; 16 of its own are taken', async () => {
    const { PDU_VERSION } = await import('../../src/routing/forwarder.js')
    const router = await start('router')
    const client = await start('client', router)
    const peerId = router.libp2p.peerId.toString()
    const notice = (addresses: string[]): void => {
      router.forwarder.link(client.name)!.send({ version: PDU_VERSION, destination: client.name, source: router.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), moved: { addresses } })
    }
    // Closed ports on loopback: refused at once when dialled.
    const own = (n: number): string[] => Array.from({ length: n }, (_, i) => `/ip4/127.0.0.1/tcp/${9 + i}/p2p/${peerId}`)
    // 17 addresses: past the protocol's limit, refused by the wire check before the PDU is decoded (src/wire/pdu-shape.ts).
    notice(own(17))
    await waitFor(() => client.transport.counters.malformed === 1, { timeoutMs: 5000, what: 'the notice to be refused' })
    const refused = (): Record<string, number> => client.stats().rejectedAdvertisements as Record<string, number>
    notice([`/ip4/127.0.0.1/tcp/9/p2p/${client.libp2p.peerId.toString()}`])
    await waitFor(() => refused()['wrong-link'] === 1, { timeoutMs: 5000, what: 'the notice of another peer to be refused' })
    notice([])
    await waitFor(() => refused().malformed === 1, { timeoutMs: 5000, what: 'the empty notice to be refused' })
    // At the limit: taken (it tries each address, none answers, and the old link stays while it lasts).
    notice(own(16))
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(refused()).toEqual({ malformed: 1, 'wrong-link': 1 })
    expect(client.transport.counters.malformed).toBe(1)
    // The client still reaches the router over the old link.
    const t = testCapsule(Date.now() * 1000)
    await expect(client.client.info(t.name)).rejects.toBeInstanceOf(RequestRefusedError)
  })
})


describe('a router whose membership file is damaged or not its own', () => {
  /** The error a start failed with; 'started' if it did not (the node itself is no value to print). */
  const refusal = async (starting: Promise<GdpNode>): Promise<Error | 'started'> => await starting.then(() => 'started' as const, (err: Error) => err)
  it('refuses to start, saying what is wrong with the file, rather than run with a membership its parent refuses', async () => {
    const { membership, key } = admittedRouter()
    const good = readFileSync(membership)
    // The whole file decodes with a byte of its signature (its last 64 bytes) flipped, or of its domain key.
    for (const at of [good.length - 10, 60]) {
      const damaged = Buffer.from(good)
      damaged[at]! ^= 0x01
      writeFileSync(membership, damaged)
      expect(await refusal(start('router', undefined, { membership }, key))).toMatchObject({ name: 'InvalidArgumentError', message: expect.stringMatching(/^membership file .*membership\.bin: membership of router .*( is not signed by the domain key|: the domain name is not the hash of the domain key): the file is damaged; ask the domain's operator for it again \('gdp domain admit'\)$/) })
    }
    // Another router's: refused, naming both.
    writeFileSync(membership, good)
    const other = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    expect(await refusal(start('router', undefined, { membership }, other))).toMatchObject({ name: 'InvalidArgumentError', message: expect.stringContaining(`is for router ${formatName(nodeName(key.publicKey))}, not this node (${formatName(nodeName(other.publicKey))})`) })
    // Whole and its own: it starts.
    const router = await start('router', undefined, { membership }, key)
    expect(router.membership).toBeDefined()
  })
})

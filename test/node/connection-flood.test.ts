// Half-open handshakes: hundreds of raw TCP sockets that send the first 30
// bytes of a handshake and stall. A real server node on 127.0.0.1; the
// attackers, the legitimate client and the configured neighbour come from
// different loopback addresses (all of 127.0.0.0/8 is local on Linux), so
// the per-IP limits, the allow list and the upgrade timeout can each be seen
// at work.
import net from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { tempDir, testCapsule, waitFor } from '../helpers.js'

const running: GdpNode[] = []
const cleanups: Array<() => void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0)) c()
  for (const n of running.splice(0).reverse()) await n.stop().catch(() => {})
})

async function node (config: Partial<NodeConfig>, key?: Ed25519Signer): Promise<GdpNode> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const n = await GdpNode.create({ ...DEFAULT_CONFIG, advertiseIntervalMs: 500, advertiseLifetimeMs: 5000, data: dir.path, ...config }, key === undefined ? {} : { key })
  running.push(n)
  await n.start()
  return n
}

/** A TCP port nothing listens on. */
async function closedPort (): Promise<number> {
  const s = net.createServer()
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve))
  const port = (s.address() as net.AddressInfo).port
  await new Promise((resolve) => s.close(resolve))
  return port
}

/** Accepts on 127.0.0.1 and connects on to `port` from `source`: a client that seems to come from that address. */
async function relay (port: number, source: string): Promise<number> {
  const server = net.createServer((inbound) => {
    const outbound = net.connect({ host: '127.0.0.1', port, localAddress: source })
    inbound.pipe(outbound).pipe(inbound)
    inbound.on('error', () => outbound.destroy())
    outbound.on('error', () => inbound.destroy())
    inbound.on('close', () => outbound.destroy())
    outbound.on('close', () => inbound.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanups.push(() => { server.close() })
  return (server.address() as net.AddressInfo).port
}

/** The first 30 bytes of a handshake: multistream-select header, /noise, a Noise frame length; then nothing. */
const HALF_OPEN = Buffer.concat([Buffer.from([19]), Buffer.from('/multistream/1.0.0\n'), Buffer.from([7]), Buffer.from('/noise\n'), Buffer.from([0, 32])])

interface Flood { open: () => number, refusedAtOnce: () => number, allClosed: () => boolean, sockets: net.Socket[] }

/** `count` sockets to `port`, from `sources` in turn, each sending HALF_OPEN and stalling. */
async function flood (port: number, sources: string[], count: number): Promise<Flood> {
  const sockets: net.Socket[] = []
  let open = 0
  let refusedAtOnce = 0
  let closed = 0
  const connected: Array<Promise<void>> = []
  for (let i = 0; i < count; i++) {
    const s = net.connect({ host: '127.0.0.1', port, localAddress: sources[i % sources.length] })
    sockets.push(s)
    const at = Date.now()
    connected.push(new Promise((resolve) => {
      s.on('connect', () => { open++; s.write(HALF_OPEN); resolve() })
      s.on('error', () => { resolve() })
    }))
    s.on('data', () => {})
    // Closed before the node's upgrade timeout (6 s here): refused, not timed out.
    s.on('close', () => { closed++; if (!s.connecting) open--; if (Date.now() - at < 2500) refusedAtOnce++ })
  }
  cleanups.push(() => { for (const s of sockets) s.destroy() })
  await Promise.all(connected)
  return { open: () => open, refusedAtOnce: () => refusedAtOnce, allClosed: () => closed === count, sockets }
}

describe('a flood of half-open handshakes', () => {
  it('new clients and configured neighbours still get in, and stalled handshakes make room and are dropped', async () => {
    // The neighbour's identity is known in advance: the server lists it (at an address where it does not
    // listen, so the server cannot dial it; the neighbour dials in).
    const neighbourKey = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const neighbourId = peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', neighbourKey.seed)).toString()
    // An upgrade timeout of 6 s (3 s by default): on a loaded machine the 500 sockets of a flood took longer to be
    // accepted than 3 s, and the first had timed out before the last took a slot, so the slots were never all taken.
    const server = await node({ role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], neighbours: [`/ip4/127.0.0.1/tcp/${await closedPort()}/p2p/${neighbourId}`], upgradeTimeoutMs: 6000 })
    const address = server.multiaddrs()[0]!
    const port = Number(/\/tcp\/(\d+)\//.exec(address)![1])
    const viaRelay = `/ip4/127.0.0.1/tcp/${await relay(port, '127.0.0.3')}/p2p/${server.libp2p.peerId.toString()}`
    const upgradeTimeout = server.config.upgradeTimeoutMs

    // 1. 500 stalled handshakes from one address (127.0.0.2): the per-IP limit refuses all but a few
    //    at once, so a new client (from 127.0.0.3) connects, creates, appends and reads straight away.
    const one = await flood(port, ['127.0.0.2'], 500)
    // Well before the upgrade timeout, so these are refusals.
    await waitFor(() => one.open() <= 16, { timeoutMs: 2500, what: 'the node to refuse all but a few' })
    expect(one.refusedAtOnce()).toBeGreaterThan(480)
    let t = Date.now()
    const client = await node({ role: 'client', listen: [], upstream: viaRelay }, new Ed25519Signer(generateEd25519KeyPair().secretKey))
    await client.upstreamReady(10_000)
    const c = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    await client.client.create(c.signed, server.name, signAdCert({ capsule: c.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, c.owner))
    await client.client.append(await client.client.writer(c.name, c.writer), [Buffer.from('still here')], now)
    expect((await client.client.read(c.name, { seqno: 0 }))[0]!.payload).toEqual(Buffer.from('still here'))
    expect(Date.now() - t).toBeLessThan(5000) // locked out for 10 s before
    expect(server.gater.counters.deniedPendingPerIp).toBeGreaterThan(0)
    // The few it took stall until the upgrade timeout closes them.
    await waitFor(one.allClosed, { timeoutMs: upgradeTimeout + 2000, what: 'the upgrade timeout to close the stalled handshakes' })
    expect(server.gater.counters.pending).toBe(0)

    // 2. 500 stalled handshakes from 250 addresses (127.0.1.x): no per-IP limit is reached, and every
    //    pending slot fills. The configured neighbour (allow-listed) connects anyway, while they stall.
    const floodAt = Date.now()
    const many = await flood(port, Array.from({ length: 250 }, (_, i) => `127.0.1.${i + 1}`), 500)
    await waitFor(() => server.gater.counters.pending >= server.config.maxPendingConnections, { timeoutMs: 5000, what: 'every pending slot to be taken' })
    t = Date.now()
    const neighbour = await node({ role: 'client', listen: [], upstream: address }, neighbourKey)
    await neighbour.upstreamReady(upgradeTimeout)
    const stillStalled = server.gater.counters.pending
    expect(Date.now() - t).toBeLessThan(upgradeTimeout)
    expect(stillStalled).toBeGreaterThan(200)
    expect((await neighbour.client.read(c.name, { seqno: 0 }))).toHaveLength(1)
    // 3. Every slot is still taken, but a handshake stalled for evict_pending_after gives its slot to a
    //    new client (from 127.0.0.3, not allow-listed), which gets in before the upgrade timeout.
    // Not a wait for an event: the time itself is the condition. Only a handshake pending for
    // evict_pending_after may give up its slot, so the stalled ones must first grow that old.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, server.config.evictPendingAfterMs + 200 - (Date.now() - floodAt))))
    expect(many.allClosed()).toBe(false)
    const late = await node({ role: 'client', listen: [], upstream: viaRelay }, new Ed25519Signer(generateEd25519KeyPair().secretKey))
    await late.upstreamReady(upgradeTimeout)
    expect(server.gater.counters.evicted).toBeGreaterThan(0)
    expect(await late.client.read(c.name, { seqno: 0 })).toHaveLength(1)
    // The upgrade timeout frees the rest.
    await waitFor(many.allClosed, { timeoutMs: upgradeTimeout + 2000, what: 'the upgrade timeout to close the rest of the stalled handshakes' })
    expect(server.gater.counters.pending).toBe(0)
  }, 40_000)
})

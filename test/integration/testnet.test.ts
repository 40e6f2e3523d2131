// A real testnet: 6 node processes in 2 routing domains under a root domain,
// on loopback, plus 3 client nodes in this process. A client in domain A
// appends to a capsule hosted in domain B; another reads it with proofs; a
// third is subscribed.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { GdpNode } from '../../src/node/node.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { down, loadTopology, nodeStatus, status, up, type TestnetState } from '../../testnet/testnet.js'
import { crossDomain, eventually } from '../../testnet/scenarios/cross-domain.js'
import { formatName, parseName } from '../../src/capsule/name.js'
import { MAX_PAYLOAD_LENGTH } from '../../src/capsule/types.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { tempDir, testCapsule, waitFor } from '../helpers.js'
import { RecordTooLargeError, RequestRefusedError } from '../../src/errors.js'
import { existsSync } from 'node:fs'
import { gdpAsync } from '../cli/run-gdp.js'

const dir = tempDir('gdp-testnet-')
let state: TestnetState
const clients: GdpNode[] = []

async function clientOf (nodeId: string, ws = false): Promise<GdpNode> {
  const n = state.nodes.find((x) => x.id === nodeId)!
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: ws ? n.ws : n.tcp }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
  await node.start()
  await node.upstreamReady(10_000)
  clients.push(node)
  return node
}

beforeAll(async () => {
  state = await up(loadTopology(join(import.meta.dirname, '../../testnet/topologies/two-domains.yaml')), join(dir.path, 'run'))
}, 60_000)

afterAll(async () => {
  for (const c of clients) await c.stop()
  if (state !== undefined) await down(state)
  dir.cleanup()
})

describe('testnet: 6 nodes, 2 domains', () => {
  it('a writer in domain A appends to a capsule in domain B; a reader verifies; a subscriber follows', async () => {
    const result = await crossDomain(state, 30)
    expect(result.read).toEqual(result.appended)
    expect(result.followed).toEqual(result.appended)
    const bServer = state.nodes.find((n) => n.id === 'b-server')!
    for (const server of result.acknowledgedBy) expect(formatName(server)).toBe(bServer.name)
    // The path really went through the root domain.
    const root = state.nodes.find((n) => n.id === 'root-router')!
    // status.json is rewritten every second: wait for one that shows it.
    const forwarded = (): number => (nodeStatus(root)?.forwarder as { forwarded?: number } | undefined)?.forwarded ?? 0
    await waitFor(() => forwarded() > 0, { timeoutMs: 5000, intervalMs: 100, what: 'root-router\'s status to show PDUs it forwarded' })
    expect(forwarded()).toBeGreaterThan(0)
  }, 60_000)

  it('status names each node as the node itself does: the name --server takes', () => {
    expect(status(state).map((row) => [row.node, row.name, row.running])).toEqual(state.nodes.map((n) => [n.id, nodeStatus(n)?.name, true]))
  })

  it('the node processes run the bundled gdp (dist/gdp) with the native addons it finds beside it and in node_modules', async () => {
    // The bundle loads our addons from dist/native by a path relative to itself, libsodium from node_modules:
    // were either path wrong, the node would run on node:crypto, correct and slower, and say so only here.
    const addon = existsSync(join(import.meta.dirname, '../../dist/native/gdp-sha256.node'))
    const status = await gdpAsync(['--data', state.nodes.find((n) => n.id === 'b-server')!.data, 'status'])
    expect(status.code, status.err).toBe(0)
    expect(status.out).toContain(`crypto      libsodium${addon ? ', SHA-256 by addon' : ''}`)
  }, 30_000)

  it('every router of a domain holds its membership, the top one too (with no parent)', async () => {
    for (const id of ['root-router', 'a-router']) {
      const certs = await gdpAsync(['certs', '--node', state.nodes.find((n) => n.id === id)!.data, '--json'])
      expect(certs.code, certs.err).toBe(0)
      expect(JSON.parse(certs.out).membership, id).not.toBeNull()
    }
  }, 30_000)

  it('a name nobody advertised is refused with NO_ROUTE', async () => {
    const c = await clientOf('a-router')
    const err = await c.client.info(testCapsule().name).catch((e: Error) => e)
    expect(err).toBeInstanceOf(RequestRefusedError)
    expect((err as RequestRefusedError).reason).toBe('NO_ROUTE')
  }, 30_000)

  it('records of 16 MiB and of the largest size cross 3 router hops both ways; a PDU past the limit is refused and the links stay up', async () => {
    const writer = await clientOf('a-router')
    const reader = await clientOf('a-router')
    const server = parseName(state.nodes.find((n) => n.id === 'b-server')!.name)
    const c = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    const adCert = signAdCert({ capsule: c.name, server, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, c.owner)
    await eventually(async () => await writer.client.create(c.signed, server, adCert))
    const w = await eventually(async () => await writer.client.writer(c.name, c.writer))
    const big = new Uint8Array(16 * 1024 * 1024).fill(0x5a)
    // The largest payload a record may carry: its append and its read (with proof) are the largest PDUs.
    const largest = new Uint8Array(MAX_PAYLOAD_LENGTH).fill(0xa5)
    await writer.client.append(w, [big], Date.now() * 1000)
    await writer.client.append(w, [largest], Date.now() * 1000)
    const [r0] = await reader.client.read(c.name, { seqno: 0 })
    expect(Buffer.compare(r0!.payload, big)).toBe(0)
    const [r1] = await reader.client.read(c.name, { seqno: 1 })
    expect(r1!.payload.length).toBe(MAX_PAYLOAD_LENGTH)
    expect(Buffer.compare(r1!.payload, largest)).toBe(0)
    // Two records that together exceed the PDU limit: refused before they are signed; and, signed and sent all the
    // same, by the client's own link, nothing torn down.
    const tooLarge = [largest, new Uint8Array(128 * 1024)]
    await expect(writer.client.append(w, tooLarge, Date.now() * 1000)).rejects.toThrow(RecordTooLargeError)
    const before = w.state
    const err = await writer.client.appendBatch(w.append(tooLarge, Date.now() * 1000)).catch((e: Error) => e)
    w.reset(before)
    expect(err).toBeInstanceOf(RequestRefusedError)
    expect((err as RequestRefusedError).reason).toBe('TOO_LARGE')
    // The server-router links survived: a small append and read still go through the same path.
    await writer.client.append(w, [Buffer.from('after')], Date.now() * 1000)
    const [r2] = await reader.client.read(c.name, { seqno: 2 })
    expect(Buffer.from(r2!.payload).toString()).toBe('after')
    const bRouter = state.nodes.find((n) => n.id === 'b-router')!
    // status.json is rewritten every second: a status written after all of the above counts it all.
    const since = Date.now()
    const status = await waitFor(() => {
      const s = nodeStatus(bRouter)
      return s !== undefined && Date.parse(s.updatedAt as string) > since ? s : undefined
    }, { timeoutMs: 5000, intervalMs: 100, what: 'b-router to rewrite its status.json' })
    expect((status.transport as { malformed: number }).malformed).toBe(0)
  }, 120_000)
})


// Answers that take longer than the fixed timeout to reach their requester
// over slow links, through two routers that store and forward whole PDUs:
// a large record or key-value answer (announced by a heads-up,
// Response.following_bytes) and a long read that keeps making progress arrive; an announced answer that never
// comes is still given up on.
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { kvAppField } from '../../src/kv/format.js'
import { LocalKv } from '../../src/kv/local.js'
import { RemoteKv } from '../../src/kv/remote.js'
import { GdpClient } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { RequestRefusedError, RequestTimeoutError, UnexpectedResponseError } from '../../src/errors.js'
import { HEADS_UP_BYTES, type LocalService } from '../../src/routing/forwarder.js'
import { nodeName } from '../../src/routing/signing.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { fillCapsule, tempDir, testCapsule } from '../helpers.js'
import { clock, connect, memoryNode, type MemoryNode } from '../routing/memory-links.js'

const MiB = 1024 * 1024
const undo: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const u of undo.splice(0).reverse()) await u() })

interface SlowPath { client: GdpClient, c: MemoryNode, r1: MemoryNode, r2: MemoryNode }

/** client -> r1 -> r2 -> server, every link carrying `bytesPerSecond`, every hop with the fixed timeout `timeoutMs`. */
function slowPath (server: Uint8Array, service: LocalService, capsule: Uint8Array, bytesPerSecond: number, timeoutMs: number): SlowPath {
  const s = memoryNode(server, service, undefined, { pendingTimeoutMs: timeoutMs })
  const r2 = memoryNode(new Uint8Array(32).fill(2), undefined, undefined, { pendingTimeoutMs: timeoutMs })
  const r1 = memoryNode(new Uint8Array(32).fill(1), undefined, undefined, { pendingTimeoutMs: timeoutMs })
  const c = memoryNode(new Uint8Array(32).fill(3), undefined, undefined, { pendingTimeoutMs: timeoutMs })
  for (const [a, b] of [[c, r1], [r1, r2], [r2, s]] as const) connect(a, b, { bytesPerSecond })
  const forever = clock() + 3_600_000_000
  r2.table.install({ capsule, server, nextHop: server, cost: 1, expiresAtUs: forever })
  r1.table.install({ capsule, server, nextHop: r2.f.self, cost: 2, expiresAtUs: forever })
  c.f.setDefaultRoute(r1.f.self)
  for (const n of [s, r2, r1, c]) undo.push(() => { n.f.stop() })
  return { client: new GdpClient({ timeoutMs }, { forwarder: c.f }), c, r1, r2 }
}

/** A capsule of `count` records written by payloadOf, served by a real capsule service. */
async function served (count: number, payloadOf: (i: number) => Uint8Array, batch: number): Promise<{ name: Uint8Array, server: Uint8Array, service: CapsuleService }> {
  const dir = tempDir()
  const { t } = await fillCapsule(dir.path, count, payloadOf, { batch })
  const store = await CapsuleStore.open({ path: dir.path })
  const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const service = new CapsuleService({}, { store, signer: key, clock })
  await service.start()
  undo.push(async () => { await service.stop(); await store.close(); dir.cleanup() })
  return { name: t.name, server: nodeName(key.publicKey), service }
}

describe('answers slower than the timeout over slow links', () => {
  it('a record that takes 3 links times the timeout to arrive is read through two routers: a heads-up announced it', async () => {
    // 3 MiB over links of 4 MiB/s: 0.75 s a link, 2.25 s in all, against 1 s at each hop.
    const { name, server, service } = await served(1, () => new Uint8Array(3 * MiB).fill(0x5a), 1)
    const { client, r1, r2 } = slowPath(server, service, name, 4 * MiB, 1000)
    const started = performance.now()
    const [record] = await client.read(name, { seqno: 0 })
    expect(performance.now() - started).toBeGreaterThan(2000)
    expect(record!.payload.length).toBe(3 * MiB)
    expect(record!.payload.every((b) => b === 0x5a)).toBe(true)
    // Both routers passed the answer on; neither gave up on it.
    for (const r of [r1, r2]) expect(r.seen.some((pdu) => (pdu.response?.followingBytes ?? 0) > HEADS_UP_BYTES)).toBe(true)
  }, 30_000)

  it('a key-value answer that takes 3 links times the timeout to arrive comes through two routers, proven: a heads-up announced it', async () => {
    const dir = tempDir()
    let store = await CapsuleStore.open({ path: dir.path })
    const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: clock(), appFields: [kvAppField()], nonce: randomBytes(16) })
    await store.create(signMetadata(metadata, signer))
    const name = capsuleName(metadata)
    const value = new Uint8Array(3 * MiB).fill(0x5a)
    await LocalKv.using(store, name, { signer }, async (kv) => { await kv.put(new TextEncoder().encode('big'), value) })
    await store.close()
    store = await CapsuleStore.open({ path: dir.path })
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const service = new CapsuleService({}, { store, signer: key, clock })
    await service.start()
    undo.push(async () => { await service.stop(); await store.close(); dir.cleanup() })
    // 3 MiB over links of 4 MiB/s: 0.75 s a link, 2.25 s in all, against 1 s at each hop.
    const { client, r1, r2 } = slowPath(nodeName(key.publicKey), service, name, 4 * MiB, 1000)
    const view = await (await RemoteKv.open(client, name)).view()
    const started = performance.now()
    const entry = await view.get(new TextEncoder().encode('big'))
    expect(performance.now() - started).toBeGreaterThan(2000)
    expect(Buffer.compare(entry!.value, value)).toBe(0)
    for (const r of [r1, r2]) expect(r.seen.some((pdu) => (pdu.response?.followingBytes ?? 0) > HEADS_UP_BYTES)).toBe(true)
  }, 30_000)

  it('a read of many responses that takes longer than the timeout goes on while responses come', async () => {
    // 1,024 records of 2 KiB: 4 responses of about 0.6 MiB (no heads-up), over links of 1 MiB/s: the first reaches
    // the client after about 1.7 s, the last after about 3.4 s; the fixed timeout is 2.5 s.
    const { name, server, service } = await served(1024, (i) => new Uint8Array(2048).fill(i & 0xff), 256)
    const { client, r1 } = slowPath(server, service, name, MiB, 2500)
    const metadata = (await client.info(name)).metadata
    const started = performance.now()
    const records = await client.read(name, { range: { from: 0, to: 1024 } }, metadata)
    expect(performance.now() - started).toBeGreaterThan(2500)
    expect(records.map((r) => r.payload[0])).toEqual(Array.from({ length: 1024 }, (_, i) => i & 0xff))
    expect(r1.seen.some((pdu) => pdu.response?.followingBytes != null && pdu.response.followingBytes > 0)).toBe(false)
  }, 30_000)

  it('an announced answer that never comes is given up on, once its allowance is spent', async () => {
    // A server that announces 64 KiB of records and sends nothing more: 6 links' worth of 64 KiB at 1 MiB/s is 375 ms.
    // (An info's heads-up is believed for no bytes: no server announces an info's answer; test/routing/forwarder.test.ts.)
    const server = new Uint8Array(32).fill(9)
    const { name, signed } = testCapsule()
    const silent: LocalService = {
      serves: (n) => n.every((b, i) => b === name[i]),
      handle: (_pdu, reply) => { reply({ response: { final: false, followingBytes: 64 * 1024 } }) }
    }
    const { client } = slowPath(server, silent, name, 64 * MiB, 300)
    const started = performance.now()
    const failed = await client.read(name, { seqno: 0 }, signed).then(() => undefined, (err: Error) => err)
    const took = performance.now() - started
    // The router next to the server gives up first (CONGESTION, no answer in time), after 300 ms and the allowance.
    expect(failed instanceof RequestRefusedError || failed instanceof RequestTimeoutError).toBe(true)
    expect(failed!.message).toMatch(/no answer/)
    expect(took).toBeGreaterThan(600)
    expect(took).toBeLessThan(5000)
  }, 30_000)
  // Found by answering a read with an empty response that is not final every 100 ms: each pushed the client's
  // timeout back, and the read never ended (nor failed) for as long as the server kept sending them.
  it('a read answered with a response of no records that is not final fails at once, rather than waiting for good', async () => {
    const server = new Uint8Array(32).fill(9)
    const { name, signed } = testCapsule()
    const timers: NodeJS.Timeout[] = []
    undo.push(() => { for (const t of timers) clearInterval(t) })
    const stalling: LocalService = {
      serves: (n) => n.every((b, i) => b === name[i]),
      handle: (_pdu, reply) => { timers.push(setInterval(() => { reply({ response: { final: false, read: { records: [] } } }) }, 100)) }
    }
    const { client } = slowPath(server, stalling, name, 64 * MiB, 300)
    const started = performance.now()
    const failed = await client.read(name, { range: { from: 0, to: 10 } }, signed).then(() => undefined, (err: Error) => err)
    expect(failed).toBeInstanceOf(UnexpectedResponseError)
    expect(failed!.message).toMatch(/answered a read with a response of no records that is not final/)
    expect(performance.now() - started).toBeLessThan(2000)
  }, 10_000)
})

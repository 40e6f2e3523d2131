// An append whose heartbeat its capsule's writer did not sign is refused
// before the server hashes any of its records: it hashed every record
// header first (to decode the records), so a client could make the server
// hash batches of many records that it then refused.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { recordToPb, signedHeartbeatToPb } from '../../src/capsule/codec.js'
import { signHeartbeat } from '../../src/capsule/heartbeat.js'
import { CapsuleWriter, emptyWriterState, type AppendBatch } from '../../src/capsule/writer.js'
import { GdpClient } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { pb } from '../../src/wire/index.js'
import { testCapsule, type TestCapsule } from '../helpers.js'
import { connect, memoryNode, type MemoryNode } from '../routing/memory-links.js'
import { serviceOnTempStore } from './temp-service.js'

/** Record hashes computed in this process since the count was last reset. */
const hashed = vi.hoisted(() => ({ records: 0 }))
vi.mock('../../src/capsule/signing.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/capsule/signing.js')>()
  return {
    ...original,
    recordHashOfInput: (input: Uint8Array) => { hashed.records++; return original.recordHashOfInput(input) }
  }
})

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

/** Records a batch of a hostile client holds: many, so that hashing them would show. */
const RECORDS = 500

/** A server holding a new capsule, and a client linked to it. */
async function serverWithCapsule (): Promise<{ t: TestCapsule, serverName: Uint8Array, client: MemoryNode, batch: (count: number) => AppendBatch }> {
  const { server } = await serviceOnTempStore(cleanups, {})
  const client = memoryNode(new Uint8Array(32).fill(3))
  cleanups.push(() => { client.f.stop() })
  connect(client, server)
  client.f.setDefaultRoute(server.f.self)
  const t = testCapsule()
  await new GdpClient({ timeoutMs: 3000 }, { forwarder: client.f }).create(t.signed, server.f.self)
  const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
  return { t, serverName: server.f.self, client, batch: (count) => writer.append(Array.from({ length: count }, (_, i) => Buffer.from(`record ${i}`)), 1) }
}

/** Sends `request` from `client`; resolves with the reply and the record hashes counted while it was handled. */
async function hashesWhile (client: MemoryNode, destination: Uint8Array, request: pb.IRequest): Promise<{ reply: pb.IPdu, hashes: number }> {
  hashed.records = 0
  const reply = await new Promise<pb.IPdu>((resolve) => { client.f.request(destination, request, resolve) })
  return { reply, hashes: hashed.records }
}

describe('an append not signed by the writer', () => {
  it(`of ${RECORDS} records is refused UNAUTHORIZED before any of them is hashed`, async () => {
    const { t, client, batch } = await serverWithCapsule()
    const forged = batch(RECORDS)
    const intruder = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const heartbeat = signedHeartbeatToPb(signHeartbeat(forged.heartbeat.heartbeat, intruder))
    const { reply, hashes } = await hashesWhile(client, t.name, { append: { records: forged.records.map(recordToPb), heartbeat } })
    expect(reply.nack?.reason).toBe(pb.NackReason.UNAUTHORIZED)
    expect(reply.nack?.detail).toMatch(/not signed by the writer key/)
    expect(hashes).toBe(0)
  })

  it('of several batches, to the server by name, is refused before any record is hashed, whichever heartbeat is forged', async () => {
    const { t, serverName, client, batch } = await serverWithCapsule()
    const first = batch(RECORDS / 2)
    const last = batch(RECORDS / 2)
    const intruder = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const records = [...first.records, ...last.records].map(recordToPb)
    for (const forgedFirst of [true, false]) {
      const batchHeartbeats = [signedHeartbeatToPb(forgedFirst ? signHeartbeat(first.heartbeat.heartbeat, intruder) : first.heartbeat)]
      const heartbeat = signedHeartbeatToPb(forgedFirst ? last.heartbeat : signHeartbeat(last.heartbeat.heartbeat, intruder))
      const { reply, hashes } = await hashesWhile(client, serverName, { capsule: t.name, append: { records, heartbeat, batchHeartbeats } })
      expect(reply.nack?.reason).toBe(pb.NackReason.UNAUTHORIZED)
      expect(hashes).toBe(0)
    }
  })

  it('signed by the writer, is stored (its records hashed as before)', async () => {
    const { t, client, batch } = await serverWithCapsule()
    const honest = batch(RECORDS)
    const { reply, hashes } = await hashesWhile(client, t.name, { append: { records: honest.records.map(recordToPb), heartbeat: signedHeartbeatToPb(honest.heartbeat) } })
    expect(reply.response?.append?.heartbeat?.heartbeat?.size).toBe(RECORDS)
    expect(hashes).toBeGreaterThanOrEqual(RECORDS)
  })
})

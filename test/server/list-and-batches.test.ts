// A server's listing of its capsules, and reads that carry the writer's
// batch heartbeats: on in-memory links, with a real LevelDB store.
import { afterEach, describe, expect, it } from 'vitest'
import { GdpClient } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { nodeName } from '../../src/routing/signing.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { payload, rejection, tempDir, testCapsule } from '../helpers.js'
import { clock, connect, memoryNode } from '../routing/memory-links.js'
import { RequestRefusedError } from '../../src/errors.js'
import type { Forwarder } from '../../src/routing/forwarder.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

/** A client linked straight to a server whose responses are small, so lists and reads take several. */
async function linked (): Promise<{ client: GdpClient, serverName: Uint8Array, forwarder: Forwarder }> {
  const dir = tempDir()
  const store = await CapsuleStore.open({ path: dir.path })
  cleanups.push(async () => { await store.close(); dir.cleanup() })
  const serverKey = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const serverName = nodeName(serverKey.publicKey)
  const service = new CapsuleService({ maxRecordsPerResponse: 4, maxCapsulesPerList: 3 }, { store, signer: serverKey, clock })
  await service.start()
  const s = memoryNode(serverName, service)
  const c = memoryNode(new Uint8Array(32).fill(3))
  connect(c, s)
  c.f.setDefaultRoute(serverName)
  for (const n of [s, c]) cleanups.push(() => { n.f.stop() })
  return { client: new GdpClient({ timeoutMs: 3000 }, { forwarder: c.f }), serverName, forwarder: c.f }
}

describe('listing a server', () => {
  it('pages through every capsule in name order, and refuses a list sent to a capsule', async () => {
    const { client, serverName } = await linked()
    const created: Array<ReturnType<typeof testCapsule>> = []
    for (let i = 0; i < 7; i++) {
      const t = testCapsule(1_700_000_000_000_000 + i)
      await client.create(t.signed, serverName)
      created.push(t)
    }
    const writer = await client.writer(created[0]!.name, created[0]!.writer)
    await client.append(writer, [payload('x'), payload('y')], 1)
    const listed = []
    for await (const c of client.list(serverName)) listed.push(c)
    expect(listed.map((c) => Buffer.from(c.name).toString('hex'))).toEqual(created.map((t) => Buffer.from(t.name).toString('hex')).sort())
    expect(listed.find((c) => Buffer.from(c.name).equals(created[0]!.name))!.size).toBe(2)
    const err = await rejection((async () => { for await (const c of client.list(created[1]!.name)) void c })())
    expect(err).toBeInstanceOf(RequestRefusedError)
    expect((err as RequestRefusedError).reason).toBe('MALFORMED')
    expect(err.message).toMatch(/send create and list requests to a server's node name/)
  })

  it('a list request\'s limit shortens a page, and never lengthens it past maxCapsulesPerList', async () => {
    const { client, serverName, forwarder } = await linked()
    for (let i = 0; i < 5; i++) await client.create(testCapsule(1_700_000_000_000_000 + i).signed, serverName)
    const page = async (limit: number): Promise<{ count: number, more: boolean }> => await new Promise((resolve) => {
      forwarder.request(serverName, { list: { limit } }, (pdu) => { resolve({ count: pdu.response?.list?.capsules?.length ?? -1, more: pdu.response?.list?.more === true }) })
    })
    expect(await page(2)).toEqual({ count: 2, more: true })
    expect(await page(3)).toEqual({ count: 3, more: true })
    expect(await page(4)).toEqual({ count: 3, more: true })
    expect(await page(0)).toEqual({ count: 3, more: true })
  })
})

describe('reads with batch heartbeats', () => {
  it('bring the heartbeat that ended each batch among the records, across responses', async () => {
    const { client, serverName } = await linked()
    const t = testCapsule()
    await client.create(t.signed, serverName)
    const writer = await client.writer(t.name, t.writer)
    // Batches ending at 3, 4, 10 and 11: responses of 4 records cut across them.
    for (const [n, at] of [[3, 1], [1, 2], [6, 3], [1, 4]] as const) await client.append(writer, Array.from({ length: n }, (_, i) => payload(`${at}.${i}`)), at)
    const all = await client.readBatches(t.name, { from: 0, to: 11 })
    expect(all.records.map((r) => r.header.seqno)).toEqual(Array.from({ length: 11 }, (_, i) => i))
    expect(all.heartbeats.map((h) => h.heartbeat.size)).toEqual([3, 4, 10, 11])
    // A range starting inside a batch gets only the heartbeats that end inside it.
    const middle = await client.readBatches(t.name, { from: 3, to: 9 })
    expect(middle.heartbeats.map((h) => h.heartbeat.size)).toEqual([4])
    // A plain read carries none.
    expect((await client.read(t.name, { range: { from: 0, to: 11 } })).length).toBe(11)
  })
})

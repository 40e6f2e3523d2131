// A server's bounded work (read responses, key-value reads, lists) is shared
// by requester: one neighbour's flood of requests waits behind its own, and
// fills no waiting line that others need (src/server/turns.ts).
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { GdpClient } from '../../src/client/client.js'
import { newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { kvAppField } from '../../src/kv/format.js'
import type { LocalService } from '../../src/routing/forwarder.js'
import { CapsuleService, type CapsuleServiceInit } from '../../src/server/capsule-service.js'
import { ListGate } from '../../src/server/list-gate.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { pb } from '../../src/wire/index.js'
import { testCapsule, waitFor } from '../helpers.js'
import { serviceOnTempStore } from './temp-service.js'
import { clock, connect, memoryNode, type MemoryNode } from '../routing/memory-links.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

/** A server, and two peers linked to it: `hog` and `honest` (each its own neighbour of the server), and a client on `honest`. */
async function setup (init: CapsuleServiceInit, wrap: (service: CapsuleService) => LocalService = (s) => s): Promise<{ service: CapsuleService, store: CapsuleStore, server: MemoryNode, hog: MemoryNode, honest: MemoryNode, client: GdpClient }> {
  const { service, store, server } = await serviceOnTempStore(cleanups, init, {}, wrap)
  const peer = (fill: number): MemoryNode => {
    const n = memoryNode(new Uint8Array(32).fill(fill))
    connect(n, server)
    n.f.setDefaultRoute(server.f.self)
    return n
  }
  const hog = peer(9)
  const honest = peer(3)
  cleanups.push(() => { for (const n of [hog, honest]) n.f.stop() })
  return { service, store, server, hog, honest, client: new GdpClient({ timeoutMs: 5000 }, { forwarder: honest.f }) }
}

/**
 * setup(init), and a capsule of `records` records on the server whose reads
 * hold their turn until `release`: the first read holds it (`reading`
 * counts those that started), so that every other read waits for one.
 */
async function heldReads (init: CapsuleServiceInit, records: number): Promise<Awaited<ReturnType<typeof setup>> & { capsule: ReturnType<typeof testCapsule>, reading: () => number, release: () => void }> {
  const setUp = await setup(init)
  const { client, store, server } = setUp
  const t = testCapsule()
  await client.create(t.signed, server.f.self)
  const w = await client.writer(t.name, t.writer)
  await client.append(w, Array.from({ length: records }, (_, i) => Buffer.from(`r${i}`)), clock())
  const capsule = await store.capsule(t.name)
  const readRange = capsule.readRange.bind(capsule)
  let release!: () => void
  const released = new Promise<void>((resolve) => { release = resolve })
  let reading = 0
  vi.spyOn(capsule, 'readRange').mockImplementation(async function * (...args) { reading++; await released; yield * readRange(...args) })
  return { ...setUp, capsule: t, reading: () => reading, release }
}

/** Sends a request from `node`, collecting its answers. */
function ask (node: MemoryNode, destination: Uint8Array, request: pb.IRequest): pb.IPdu[] {
  const answers: pb.IPdu[] = []
  node.f.request(destination, request, (pdu) => { answers.push(pdu) })
  return answers
}

const final = (answers: pb.IPdu[]): boolean => answers.some((p) => p.nack != null || p.response?.final === true)

describe('work shared by requester', () => {
  // Found by sending 30 reads of 20 records (a response each) before one honest read of one record: it waited
  // behind a turn of each of the 30 (every read goes to the back of the line after each response).
  it("one peer's many long reads take one turn in each rotation: another's read is answered after a few of its responses, not a turn of each", async () => {
    const { hog, honest, server, capsule: t, reading, release } = await heldReads({ readWorkers: 1, maxRecordsPerResponse: 1 }, 20)
    // Every answer, in the order it came: the hog's as 'hog', the honest one's as 'mine'.
    const order: string[] = []
    const ask = (node: MemoryNode, who: string, request: pb.IRequest): pb.IPdu[] => {
      const answers: pb.IPdu[] = []
      node.f.request(t.name, request, (pdu) => { answers.push(pdu); order.push(who) })
      return answers
    }
    // (Each its own: the hog's node would send the same read once, the others joined to it.)
    const hogReads = Array.from({ length: 30 }, (_, i) => ask(hog, 'hog', { read: { range: { from: 0, to: 20 }, maxBytes: 1_000_000 + i } }))
    await waitFor(() => reading() === 1 && server.seen.filter((p) => p.request?.read != null).length === 30, { timeoutMs: 5000, what: "the hog's reads to arrive, the first holding the turn" })
    const mine = ask(honest, 'mine', { read: { seqno: 0 } })
    await waitFor(() => server.seen.filter((p) => p.request?.read != null).length === 31, { timeoutMs: 5000, what: 'the honest read to arrive' })
    await new Promise((resolve) => setTimeout(resolve, 100))
    release()
    await waitFor(() => final(mine) && hogReads.every(final), { timeoutMs: 20_000, what: 'every read to end' })
    expect(mine.map((p) => p.response?.read?.records?.length)).toEqual([1])
    expect(order.filter((who) => who === 'hog')).toHaveLength(30 * 20)
    // One rotation: the hog's first response, then this one (before: after a response of each of the 30).
    expect(order.indexOf('mine')).toBeLessThanOrEqual(2)
  }, 30_000)

  // Found by a hostile-client survey: reads of records waited in a line of no bound (lists and key-value reads had
  // one), so a peer could keep adding reads, each holding its request, for as long as the turns were busy.
  it('with the reads of records waiting at their bound, a requester waiting with fewer takes the place of the newest of the one waiting with the most; at the bound, the one with the most is refused', async () => {
    const { hog, honest, server, capsule: t, reading, release } = await heldReads({ readWorkers: 1, maxWaitingReads: 3, maxRecordsPerResponse: 1 }, 2)
    // (Each its own: the hog's node would send the same read once, the others joined to it.)
    const read = (i: number): pb.IRequest => ({ read: { range: { from: 0, to: 2 }, maxBytes: 1_000_000 + i } })
    const hogReads = Array.from({ length: 4 }, (_, i) => ask(hog, t.name, read(i)))
    await waitFor(() => reading() === 1 && server.seen.filter((p) => p.request?.read != null).length === 4, { timeoutMs: 5000, what: "the hog's reads to arrive, the first holding the turn" })
    // 1 answered, 3 waiting: the hog's next is refused.
    const refused = ask(hog, t.name, read(4))
    await waitFor(() => final(refused), { timeoutMs: 5000, what: "the hog's fifth read to be refused" })
    expect(refused.map((p) => p.nack?.reason)).toEqual([pb.NackReason.CONGESTION])
    expect(refused[0]!.nack?.detail).toMatch(/this server has 3 reads of records waiting for a turn already; read again from seqno 0 later/)
    // Another requester's takes the place of the hog's newest.
    const mine = ask(honest, t.name, { read: { range: { from: 0, to: 2 } } })
    await waitFor(() => final(hogReads[3]!), { timeoutMs: 5000, what: "the hog's newest waiting read to be refused" })
    expect(hogReads[3]!.map((p) => p.nack?.reason)).toEqual([pb.NackReason.CONGESTION])
    expect(hogReads[3]![0]!.nack?.detail).toMatch(/a requester waiting with fewer took this one's place; read again from seqno 0 later/)
    expect(final(mine)).toBe(false)
    release()
    await waitFor(() => final(mine) && hogReads.slice(0, 3).every(final), { timeoutMs: 5000, what: 'the reads waiting to be answered' })
    for (const answers of [mine, ...hogReads.slice(0, 3)]) expect(answers.flatMap((p): unknown[] => p.nack != null ? [p.nack.detail] : p.response?.read?.records?.map((r) => r.header?.seqno) ?? [])).toEqual([0, 1])
  })

  // Found by a hostile-client survey: a second read under the nonce of one still being sent was served too, both
  // kept under that nonce; the first to end forgot the other, which neither a cancel (its requester gone) nor an
  // unsubscribe could stop then: a peer that sent a small read and large ones under one nonce, then left, had the
  // server read every large one to its end for nobody.
  it('a read sent under the nonce of one still being sent here is refused MALFORMED, naming the nonce; an unsubscribe of that nonce stops the first', async () => {
    const { hog, server, capsule: t, reading, release } = await heldReads({ readWorkers: 1, maxRecordsPerResponse: 1 }, 2)
    const nonce = randomBytes(16)
    const toServer = hog.f.link(server.f.self)!
    const answers = (): pb.IPdu[] => hog.seen.filter((p) => p.nonce != null && Buffer.from(p.nonce).equals(nonce))
    for (const maxBytes of [1, 2]) toServer.send({ version: 1, destination: t.name, source: hog.f.self, ttl: 16, nonce, request: { read: { range: { from: 0, to: 2 }, maxBytes } } })
    await waitFor(() => reading() === 1 && answers().length === 1, { timeoutMs: 5000, what: 'the second read to be refused while the first holds the turn' })
    expect(answers()[0]!.nack?.reason).toBe(pb.NackReason.MALFORMED)
    expect(answers()[0]!.nack?.detail).toMatch(new RegExp(`a read under nonce ${nonce.toString('hex')} is being sent here already`))
    const unsubscribed = ask(hog, t.name, { unsubscribe: { nonce } })
    await waitFor(() => final(unsubscribed), { timeoutMs: 5000, what: 'the unsubscribe to be answered' })
    expect(unsubscribed.map((p) => p.response?.unsubscribe?.found)).toEqual([true])
    release()
    await waitFor(() => answers().length === 2, { timeoutMs: 5000, what: 'the first read to end' })
    expect(answers()[1]!.nack?.reason).toBe(pb.NackReason.STOPPED)
  })

  it('with the key-value reads waiting at their bound, a requester waiting with fewer takes the place of the newest of the one waiting with the most; at the bound, the one with the most is refused', async () => {
    const { service, hog, honest, server, client } = await setup({ kv: { maxConcurrentReads: 1, maxWaitingReads: 3 } })
    const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const name = await client.create(signMetadata(newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: clock(), appFields: [kvAppField()], nonce: randomBytes(16) }), signer), server.f.self)
    // Reads that hold their turn until let go.
    const index = await service.kv.index(name)
    const versionAt = index.versionAt.bind(index)
    let running = 0
    let release!: () => void
    const released = new Promise<void>((resolve) => { release = resolve })
    vi.spyOn(index, 'versionAt').mockImplementation(async (...args) => { running++; await released; return await versionAt(...args) })
    const read = { kvRead: {} }
    const hogReads = Array.from({ length: 4 }, () => ask(hog, name, read))
    await waitFor(() => running === 1, { timeoutMs: 5000, what: "the hog's first read to run" })
    // 1 answered, 3 waiting: the hog's next is refused, as before.
    const refused = ask(hog, name, read)
    await waitFor(() => final(refused), { timeoutMs: 5000, what: "the hog's fifth read to be refused" })
    expect(refused[0]!.nack?.detail).toMatch(/this server has 3 key-value reads waiting already/)
    // Another requester's takes the place of the hog's newest.
    const mine = ask(honest, name, read)
    await waitFor(() => final(hogReads[3]!), { timeoutMs: 5000, what: "the hog's newest waiting read to be refused" })
    expect(hogReads[3]![0]!.nack?.reason).toBe(pb.NackReason.CONGESTION)
    expect(final(mine)).toBe(false)
    release()
    await waitFor(() => final(mine) && hogReads.slice(0, 3).every(final), { timeoutMs: 5000, what: 'the reads waiting to be answered' })
    for (const answers of [mine, ...hogReads.slice(0, 3)]) expect(answers.map((p) => p.nack?.detail)).toEqual([undefined])
  })

  it('with the lists waiting at their bound (2 answered, 64 waiting), another requester takes the place of the newest of the one waiting with the most; at the bound, the one with the most is refused', async () => {
    let gate!: ListGate
    let held = 0
    let release!: () => void
    const released = new Promise<void>((resolve) => { release = resolve })
    // Lists that hold their turn until let go.
    const { hog, honest, server } = await setup({}, (service) => {
      gate = new ListGate({
        serves: (name) => service.serves(name),
        handle: (pdu, reply, flow) => {
          if (pdu.request?.list == null) { service.handle(pdu, reply, flow); return }
          held++
          void released.then(() => { service.handle(pdu, reply, flow) })
        }
      })
      return gate
    })
    const list = { list: { limit: 10 } }
    const hogLists = Array.from({ length: 66 }, () => ask(hog, server.f.self, list))
    await waitFor(() => held === 2 && gate.waiting === 64, { timeoutMs: 5000, what: "the hog's lists to hold every turn and wait" })
    const refused = ask(hog, server.f.self, list)
    await waitFor(() => final(refused), { timeoutMs: 5000, what: "the hog's 67th list to be refused" })
    expect(refused[0]!.nack?.detail).toMatch(/answers 2 list requests at a time and has 64 waiting; ask again later/)
    const mine = ask(honest, server.f.self, list)
    await waitFor(() => final(hogLists[65]!), { timeoutMs: 5000, what: "the hog's newest waiting list to be refused" })
    expect(hogLists[65]![0]!.nack?.detail).toMatch(/a requester waiting with fewer took this one's place/)
    expect(gate.counters.refused).toBe(2)
    release()
    await waitFor(() => final(mine) && hogLists.slice(0, 65).every(final), { timeoutMs: 10_000, what: 'the lists waiting to be answered' })
    for (const answers of [mine, ...hogLists.slice(0, 65)]) expect(answers.at(-1)!.response?.list).toBeDefined()
  })
})

// An unsubscribe ends a subscription (or a read still being sent) only for
// its requester, over the path its request came: anyone who knew the nonce
// (a peer that routes the traffic, one that guessed it) ended another
// requester's subscription, at the router or at the server.
import { afterEach, describe, expect, it } from 'vitest'
import { recordToPb, signedHeartbeatToPb } from '../../src/capsule/codec.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { GdpClient } from '../../src/client/client.js'
import { pb } from '../../src/wire/index.js'
import { testCapsule, waitFor } from '../helpers.js'
import { clock, connect, memoryNode, type MemoryNode } from '../routing/memory-links.js'
import type { CapsuleServiceInit } from '../../src/server/capsule-service.js'
import { serviceOnTempStore } from './temp-service.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

interface Overlay { capsule: Uint8Array, subscriber: MemoryNode, beside: MemoryNode, atServer: MemoryNode, append: (...texts: string[]) => Promise<void>, subscriptions: () => number }

/**
 * A server holding a new capsule, its router, a subscriber (or reader) and
 * another client behind the router, and a peer linked to the server itself.
 */
async function overlay (init: CapsuleServiceInit = {}): Promise<Overlay> {
  const { service, server } = await serviceOnTempStore(cleanups, init)
  const router = memoryNode(new Uint8Array(32).fill(2))
  const node = (fill: number, to: MemoryNode): MemoryNode => {
    const n = memoryNode(new Uint8Array(32).fill(fill))
    cleanups.push(() => { n.f.stop() })
    connect(n, to)
    n.f.setDefaultRoute(to.f.self)
    return n
  }
  cleanups.push(() => { router.f.stop() })
  connect(router, server)
  const subscriber = node(3, router)
  const beside = node(4, router)
  const atServer = node(5, server)
  const t = testCapsule()
  const client = new GdpClient({ timeoutMs: 3000 }, { forwarder: subscriber.f })
  await client.create(t.signed, server.f.self)
  router.table.install({ capsule: t.name, server: server.f.self, nextHop: server.f.self, cost: 1, expiresAtUs: clock() + 3_600_000_000 })
  const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
  let stamp = 1
  const append = async (...texts: string[]): Promise<void> => {
    const batch = writer.append(texts.map((text) => Buffer.from(text)), stamp++)
    const reply = await new Promise<pb.IPdu>((resolve) => { subscriber.f.request(t.name, { append: { records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) } }, resolve) })
    expect(reply.nack ?? null).toBeNull()
  }
  return { capsule: t.name, subscriber, beside, atServer, append, subscriptions: () => service.subscriptions }
}

/** An overlay whose subscriber subscribed to the capsule from its start. */
async function subscribed (): Promise<Overlay & { nonce: Uint8Array, responses: pb.IPdu[] }> {
  const o = await overlay()
  const responses: pb.IPdu[] = []
  const nonce = o.subscriber.f.request(o.capsule, { subscribe: { fromSeqno: 0 } }, (pdu) => { responses.push(pdu) })
  await waitFor(() => o.subscriptions() === 1, { timeoutMs: 3000, what: 'the subscription to reach the server' })
  return { ...o, nonce, responses }
}

/** Sends `from` an unsubscribe of `nonce` to the capsule its subscription is of; resolves with the answer. */
async function unsubscribe (from: MemoryNode, capsule: Uint8Array, nonce: Uint8Array): Promise<pb.IPdu> {
  return await new Promise<pb.IPdu>((resolve) => { from.f.request(capsule, { unsubscribe: { nonce } }, resolve) })
}

describe('an unsubscribe of another requester\'s subscription', () => {
  for (const [where, stranger] of [['from a client behind the same router', 'beside'], ['from a peer linked to the server', 'atServer']] as const) {
    it(`${where} is refused UNAUTHORIZED, and the subscription goes on`, async () => {
      const s = await subscribed()
      const answer = await unsubscribe(s[stranger], s.capsule, s.nonce)
      expect(answer.nack?.reason).toBe(pb.NackReason.UNAUTHORIZED)
      expect(s.subscriptions()).toBe(1)
      await s.append('after the stranger\'s unsubscribe')
      await waitFor(() => s.responses.some((r) => r.response?.read?.records?.length === 1), { timeoutMs: 3000, what: 'the subscriber to get the record appended after' })
      expect(s.responses.every((r) => r.nack == null && r.response?.final !== true)).toBe(true)
    })
  }

  it('from its own requester ends it, at the server as well', async () => {
    const s = await subscribed()
    const answer = await unsubscribe(s.subscriber, s.capsule, s.nonce)
    expect(answer.response?.unsubscribe?.found).toBe(true)
    await waitFor(() => s.subscriptions() === 0, { timeoutMs: 3000, what: 'the server to end the subscription' })
  })
})

describe('an unsubscribe of another requester\'s read still being sent', () => {
  it('from a peer linked to the server is refused UNAUTHORIZED, and the read is sent to its end', async () => {
    // One record a response: the read is sent in many turns, and the stranger's unsubscribe comes after its first.
    const o = await overlay({ maxRecordsPerResponse: 1 })
    const records = 2000
    await o.append(...Array.from({ length: records }, (_, i) => `record ${i}`))
    let answer: Promise<pb.IPdu> | undefined
    const got: pb.IPdu[] = []
    const done = new Promise<void>((resolve) => {
      const nonce = o.subscriber.f.request(o.capsule, { read: { range: { from: 0, to: records } } }, (pdu) => {
        got.push(pdu)
        answer ??= unsubscribe(o.atServer, o.capsule, nonce)
        if (pdu.nack != null || pdu.response?.final === true) resolve()
      })
    })
    await done
    expect((await answer!).nack?.reason).toBe(pb.NackReason.UNAUTHORIZED)
    expect(got.every((r) => r.nack == null)).toBe(true)
    expect(got.reduce((n, r) => n + (r.response?.read?.records?.length ?? 0), 0)).toBe(records)
  })
})

// The capsule service's bound on how far behind a subscriber may fall, and
// its subscriptions sent in turns by a few workers, on in-memory links.
import { afterEach, describe, expect, it } from 'vitest'
import { GdpClient, MAX_MOVES_WITHOUT_RECORD } from '../../src/client/client.js'
import { CapsuleService, type CapsuleServiceInit } from '../../src/server/capsule-service.js'
import { testCapsule, waitFor } from '../helpers.js'
import { serviceOnTempStore } from './temp-service.js'
import { clock, connect, memoryNode, type MemoryLink, type MemoryNode } from '../routing/memory-links.js'
import { RequestRefusedError } from '../../src/errors.js'
import { pb } from '../../src/wire/index.js'
import type { ForwarderInit } from '../../src/routing/forwarder.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

async function setup (init: CapsuleServiceInit, forwarder: Partial<ForwarderInit> = {}): Promise<{ client: GdpClient, service: CapsuleService, capsule: ReturnType<typeof testCapsule>, c: MemoryNode, s: MemoryNode, link: MemoryLink }> {
  const { service, server: s } = await serviceOnTempStore(cleanups, init, forwarder)
  const c = memoryNode(new Uint8Array(32).fill(3))
  const link = connect(c, s)
  c.f.setDefaultRoute(s.f.self)
  cleanups.push(() => { c.f.stop() })
  const client = new GdpClient({ timeoutMs: 3000 }, { forwarder: c.f })
  const capsule = testCapsule()
  await client.create(capsule.signed, s.f.self)
  return { client, service, capsule, c, s, link }
}

const text = (b: Uint8Array): string => Buffer.from(b).toString()

/**
 * A subscriber whose client keeps `bufferBytes` of records, subscribed from
 * record 0 once `first` is appended; appendWhileStalled appends `batches`
 * batches of `batch(b)` while its consumer takes nothing, until the server
 * sees the subscription paused.
 */
async function stalledSubscriber (bufferBytes: number, first: Uint8Array[]) {
  const { client: writerClient, capsule, c, service } = await setup({})
  const client = new GdpClient({ timeoutMs: 3000, subscriptionBufferBytes: bufferBytes }, { forwarder: c.f })
  const w = await writerClient.writer(capsule.name, capsule.writer)
  const controller = new AbortController()
  const records = client.subscribe(capsule.name, 0, controller.signal)[Symbol.asyncIterator]()
  await writerClient.append(w, first, clock())
  const appendWhileStalled = async (batch: (b: number) => Uint8Array[], batches: number): Promise<void> => {
    for (let b = 0; b < batches; b++) await writerClient.append(w, batch(b), clock())
    await waitFor(() => service.subscriptions === 0 ? true : undefined, { timeoutMs: 5000, what: 'the subscription to be paused at the server' })
  }
  return { writerClient, w, client, records, controller, appendWhileStalled }
}

describe('subscriptions on the server', () => {
  it('a subscriber more live records behind than the bound is ended with CONGESTION and where to resubscribe (the client library does, by itself); the backlog does not count', async () => {
    const { client, service, capsule, c } = await setup({ maxSubscriberLagRecords: 5 })
    const w = await client.writer(capsule.name, capsule.writer)
    // A backlog of 20 is what the subscriber asked for: it is sent, not held against it.
    await client.append(w, Array.from({ length: 20 }, (_, i) => Buffer.from(`old${i}`)), clock())
    const got: string[] = []
    const controller = new AbortController()
    for await (const record of client.subscribe(capsule.name, 0, controller.signal)) {
      got.push(text(record.payload))
      // Now one append of 10 live records lands at once: more than 5 behind.
      if (got.length === 20) await client.append(w, Array.from({ length: 10 }, (_, i) => Buffer.from(`new${i}`)), clock())
      if (got.length === 30) controller.abort()
    }
    expect(got).toEqual([...Array.from({ length: 20 }, (_, i) => `old${i}`), ...Array.from({ length: 10 }, (_, i) => `new${i}`)])
    expect(service.counters.subscriptionsLagging).toBe(1)
    const ended = c.seen.find((p) => p.nack?.reason === pb.NackReason.CONGESTION)
    expect(ended?.nack?.detail).toMatch(/subscriber fell too far behind \(10 records, \d+ bytes not sent yet\); resubscribe from seqno 20/)
  })

  // Found by attacking subscriptions: every batch's bytes were counted as lag, records before the start included,
  // and only records sent were taken off again: a subscriber waiting at record 30 was ended for lagging after 1 KB.
  it('records before where a subscription starts are no lag: one ahead of the capsule waits, however much is appended before its start', async () => {
    const { client, service, capsule } = await setup({ maxSubscriberLagBytes: 1000 })
    const w = await client.writer(capsule.name, capsule.writer)
    const controller = new AbortController()
    const got: number[] = []
    const following = (async () => {
      for await (const record of client.subscribe(capsule.name, 30, controller.signal)) {
        got.push(record.header.seqno)
        if (got.length === 2) controller.abort()
      }
    })()
    await waitFor(() => service.subscriptions === 1 ? true : undefined, { timeoutMs: 5000, what: 'the subscription' })
    // 30 records of 200 bytes, one at a time: 6,000 bytes before record 30, none of them owed to the subscriber.
    for (let i = 0; i < 32; i++) await client.append(w, [Buffer.alloc(200, i)], clock())
    await following
    expect(got).toEqual([30, 31])
    expect(service.counters.subscriptionsLagging).toBe(0)
  })

  it('a consumer that stops taking records holds at most subscriptionBufferBytes: the subscription pauses, then goes on from the next record; none lost or seen twice', async () => {
    const { writerClient, w, client, records, controller, appendWhileStalled } = await stalledSubscriber(100, [Buffer.from('first')])
    expect(text((await records.next()).value!.payload)).toBe('first')
    // The consumer takes nothing while 300 bytes are appended, 20 at a time: the subscription pauses past 100.
    await appendWhileStalled((b) => Array.from({ length: 5 }, (_, i) => Buffer.from(`b${b}r${i}`.padEnd(20, '.'))), 3)
    const got: string[] = []
    while (got.length < 15) got.push(text((await records.next()).value!.payload).replace(/\.+$/, ''))
    expect(got).toEqual(Array.from({ length: 15 }, (_, i) => `b${Math.floor(i / 5)}r${i % 5}`))
    expect(client.counters.subscriptionsPaused).toBeGreaterThanOrEqual(1)
    // Live again: the next append arrives.
    await writerClient.append(w, [Buffer.from('last')], clock())
    expect(text((await records.next()).value!.payload)).toBe('last')
    controller.abort()
    await records.return?.(undefined)
  })

  // Found by this survey: the buffer counted payload bytes only, so records of empty payloads (a key-value delete,
  // a marker) were kept without bound for a consumer that stopped taking them.
  it('records of empty payloads count towards subscriptionBufferBytes too', async () => {
    const { client, records, controller, appendWhileStalled } = await stalledSubscriber(1000, [new Uint8Array(0)])
    expect((await records.next()).value!.header.seqno).toBe(0)
    await appendWhileStalled(() => Array.from({ length: 5 }, () => new Uint8Array(0)), 4)
    const got: number[] = []
    while (got.length < 20) got.push((await records.next()).value!.header.seqno)
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(client.counters.subscriptionsPaused).toBeGreaterThanOrEqual(1)
    controller.abort()
    await records.return?.(undefined)
  })

  it('many subscribers each get every record, in order, through a few workers', async () => {
    const { client, service, capsule } = await setup({ subscriptionWorkers: 2, maxRecordsPerResponse: 3 })
    const w = await client.writer(capsule.name, capsule.writer)
    await client.append(w, Array.from({ length: 7 }, (_, i) => Buffer.from(`r${i}`)), clock())
    const controller = new AbortController()
    const subscriber = async (): Promise<string[]> => {
      const got: string[] = []
      for await (const record of client.subscribe(capsule.name, 0, controller.signal)) {
        got.push(text(record.payload))
        if (got.length === 12) break
      }
      return got
    }
    const all = Array.from({ length: 30 }, subscriber)
    await waitFor(() => service.subscriptions === 30, { timeoutMs: 5000, what: 'the 30 subscriptions to be live at the server' })
    await client.append(w, Array.from({ length: 5 }, (_, i) => Buffer.from(`r${7 + i}`)), clock())
    for (const got of await Promise.all(all)) expect(got).toEqual(Array.from({ length: 12 }, (_, i) => `r${i}`))
    controller.abort()
  })

  it('a subscription whose link breaks goes on by name over the link that is left, from the next record; one whose path keeps breaking with no record gives up', async () => {
    const { client, service, capsule, c, s, link } = await setup({})
    const w = await client.writer(capsule.name, capsule.writer)
    await client.append(w, [Buffer.from('r0'), Buffer.from('r1')], clock())
    const got: string[] = []
    const controller = new AbortController()
    let error: Error | undefined
    const done = (async () => {
      try {
        for await (const record of client.subscribe(capsule.name, 0, controller.signal)) got.push(text(record.payload))
      } catch (err) { error = err as Error }
    })()
    await waitFor(() => got.length === 2, { timeoutMs: 5000, what: 'the first two records' })
    // A second link comes up (the server moved, say) and the first closes before anyone retired it.
    let newest = connect(c, s)
    link.close()
    await waitFor(() => client.counters.subscriptionsMoved === 1 && service.subscriptions === 1, { timeoutMs: 5000, what: 'the subscription to go on over the new link' })
    await client.append(w, [Buffer.from('r2')], clock())
    await waitFor(() => got.length === 3, { timeoutMs: 5000, what: 'the record after the break' })
    expect(got).toEqual(['r0', 'r1', 'r2'])
    expect(error).toBeUndefined()
    // Now each new link breaks as soon as the subscription is on it, with no record between: it gives up, saying why.
    for (let i = 0; i <= MAX_MOVES_WITHOUT_RECORD && error === undefined; i++) {
      const next = connect(c, s)
      newest.close()
      newest = next
      await waitFor(() => error !== undefined || client.counters.subscriptionsMoved === 2 + i, { timeoutMs: 5000, what: `break ${i + 2}` })
      await waitFor(() => error !== undefined || service.subscriptions === 1, { timeoutMs: 5000, what: `the subscription on link ${i + 2}` })
    }
    await done
    expect(error).toBeInstanceOf(RequestRefusedError)
    expect((error as RequestRefusedError).reason).toBe('MOVED')
    expect(error!.message).toMatch(/lost the link/)
    expect(client.counters.subscriptionsMoved).toBe(1 + MAX_MOVES_WITHOUT_RECORD)
  })

  it('one neighbour that holds every subscription of the server gives up its oldest to another neighbour, answered CONGESTION; an even split refuses the newcomer', async () => {
    const { client, service, capsule, s } = await setup({ maxSubscriptions: 8 }, { maxLocalSubscriptions: 8 })
    const w = await client.writer(capsule.name, capsule.writer)
    await client.append(w, [Buffer.from('r0')], clock())
    // A peer linked straight to the server subscribes up to the server's limit, from the end (nothing to send), and stays.
    const hog = memoryNode(new Uint8Array(32).fill(9))
    connect(hog, s)
    hog.f.setDefaultRoute(s.f.self)
    cleanups.push(() => { hog.f.stop() })
    const hogReplies = new Map<string, pb.IPdu[]>()
    const hogSubscribe = (): string => {
      const nonce = Buffer.from(hog.f.request(capsule.name, { subscribe: { fromSeqno: 1 } }, (pdu) => { hogReplies.get(nonce)!.push(pdu) })).toString('hex')
      hogReplies.set(nonce, [])
      return nonce
    }
    const hogNonces = Array.from({ length: 8 }, hogSubscribe)
    await waitFor(() => service.subscriptions === 8, { timeoutMs: 5000, what: "the hog's 8 subscriptions to be live" })
    // Another neighbour's subscription: before, "too many subscriptions on this server (8)", for as long as the hog stayed.
    const controller = new AbortController()
    const records = client.subscribe(capsule.name, 0, controller.signal)[Symbol.asyncIterator]()
    expect(text((await records.next()).value!.payload)).toBe('r0')
    expect(s.f.counters.subscriptionsEvicted).toBe(1)
    const [evicted, ...kept] = hogNonces
    expect(hogReplies.get(evicted!)!.map((p) => p.nack?.reason)).toEqual([pb.NackReason.CONGESTION])
    expect(hogReplies.get(evicted!)![0]!.nack!.detail).toMatch(/subscriptions are all taken, and this subscriber held the most \(of those beside it on the way here\): subscription ended; resubscribe/)
    for (const nonce of kept) expect(hogReplies.get(nonce)).toEqual([])
    expect(service.subscriptions).toBe(8)
    // The hog's next one takes nobody's room: it holds 7, the client 1 (it would take its own oldest, so it is refused).
    const more = hogSubscribe()
    await waitFor(() => hogReplies.get(more)!.length === 1, { timeoutMs: 5000, what: "the hog's ninth subscription to be answered" })
    expect(hogReplies.get(more)![0]!.nack?.detail).toMatch(/too many subscriptions on this server \(8\)/)
    expect(s.f.counters.subscriptionsEvicted).toBe(1)
    // The client's subscription is live still, and gets the next record.
    await client.append(w, [Buffer.from('r1')], clock())
    expect(text((await records.next()).value!.payload)).toBe('r1')
    controller.abort()
  })

  // Found by sending one subscribe, nonce and all, 101 times: the server counted 101 subscriptions and kept one
  // (by nonce), and the other 100 were never given back, after the peer left too: 10,000 of them refused every
  // subscription on that server until it restarted.
  it("a subscription sent again under the nonce of one live here is refused LOOP, and the server's count of subscriptions comes back to 0 once its peer leaves", async () => {
    const { service, capsule, s } = await setup({})
    const peer = memoryNode(new Uint8Array(32).fill(9))
    const link = connect(peer, s)
    cleanups.push(() => { peer.f.stop() })
    const subscribe: pb.IPdu = { version: 1, destination: capsule.name, source: peer.f.self, ttl: 16, nonce: crypto.getRandomValues(new Uint8Array(16)), request: { subscribe: { fromSeqno: 0 } } }
    for (let i = 0; i < 3; i++) peer.f.link(s.f.self)!.send(subscribe)
    await waitFor(() => peer.seen.filter((p) => p.nack != null).length === 2, { timeoutMs: 5000, what: 'the two repeats to be refused' })
    expect(peer.seen.filter((p) => p.nack != null).map((p) => p.nack!.reason)).toEqual([pb.NackReason.LOOP, pb.NackReason.LOOP])
    expect(service.subscriptions).toBe(1)
    link.close()
    await waitFor(() => service.subscriptions === 0, { timeoutMs: 5000, what: "the server to give back the peer's subscription" })
  })
  // Found by subscribing 8 times to a server of 8 through a router, then once more from another peer of that
  // router: the server saw one neighbour (the router) holding all 8, took nobody's room, and refused the honest
  // subscriber for as long as the hog stayed. Routers now say whom each subscription came from (SubscribeRequest.via).
  it('behind a router, and behind two, the subscriber holding the most gives up its oldest to another subscriber of the same router; a hog naming others in via gains nothing', async () => {
    const { service, capsule, s } = await setup({ maxSubscriptions: 8 }, { maxLocalSubscriptions: 8 })
    const peer = (fill: number): MemoryNode => {
      const n = memoryNode(new Uint8Array(32).fill(fill))
      cleanups.push(() => { n.f.stop() })
      return n
    }
    const router = peer(20)
    const inner = peer(21)
    connect(router, s)
    router.f.setDefaultRoute(s.f.self)
    connect(inner, router)
    inner.f.setDefaultRoute(router.f.self)
    const replies = new Map<string, pb.IPdu[]>()
    const subscribe = (from: MemoryNode, via: Uint8Array[] = []): string => {
      const nonce = Buffer.from(from.f.request(capsule.name, { subscribe: { fromSeqno: 0, via } }, (pdu) => { replies.get(nonce)!.push(pdu) })).toString('hex')
      replies.set(nonce, [])
      return nonce
    }
    const attached = (to: MemoryNode, fill: number): MemoryNode => {
      const n = peer(fill)
      connect(n, to)
      n.f.setDefaultRoute(to.f.self)
      return n
    }
    // The hog, two routers away, names a new subscriber in via with each subscription: it is one subscriber still.
    const hog = attached(inner, 9)
    const hogNonces = Array.from({ length: 8 }, () => subscribe(hog, [crypto.getRandomValues(new Uint8Array(32))]))
    await waitFor(() => service.subscriptions === 8, { timeoutMs: 5000, what: "the hog's 8 subscriptions to be live" })
    const ended = (): string[] => hogNonces.filter((n) => replies.get(n)!.length > 0)
    // Another peer of the hog's router takes the hog's oldest; one of the outer router the next oldest.
    const nextToHog = subscribe(attached(inner, 10))
    await waitFor(() => ended().length === 1, { timeoutMs: 5000, what: "the hog's oldest subscription to end" })
    const besideRouter = subscribe(attached(router, 11))
    await waitFor(() => ended().length === 2, { timeoutMs: 5000, what: "the hog's next oldest subscription to end" })
    expect(ended()).toEqual(hogNonces.slice(0, 2))
    for (const nonce of ended()) {
      expect(replies.get(nonce)!.map((p) => p.nack?.reason)).toEqual([pb.NackReason.CONGESTION])
      expect(replies.get(nonce)![0]!.nack!.detail).toMatch(/subscriptions are all taken, and this subscriber held the most/)
    }
    expect(replies.get(nextToHog)).toEqual([])
    expect(replies.get(besideRouter)).toEqual([])
    expect(service.subscriptions).toBe(8)
    expect(s.f.counters.subscriptionsEvicted).toBe(2)
    // The hog's next one takes nobody's room but its own, so it is refused.
    const more = subscribe(hog)
    await waitFor(() => replies.get(more)!.length === 1, { timeoutMs: 5000, what: "the hog's next subscription to be answered" })
    expect(replies.get(more)![0]!.nack?.detail).toMatch(/too many subscriptions on this server \(8\)/)
    expect(s.f.counters.subscriptionsEvicted).toBe(2)
  })

  it('a subscription naming more than 4 subscribers it came through is refused MALFORMED; a router keeps the last 3 and adds the neighbour it came from', async () => {
    const { capsule, s } = await setup({})
    const names = Array.from({ length: 5 }, (_, i) => new Uint8Array(32).fill(40 + i))
    const router = memoryNode(new Uint8Array(32).fill(20))
    const edge = memoryNode(new Uint8Array(32).fill(21))
    cleanups.push(() => { router.f.stop(); edge.f.stop() })
    connect(router, s)
    connect(edge, router)
    router.f.setDefaultRoute(s.f.self)
    edge.f.setDefaultRoute(router.f.self)
    const answers: pb.IPdu[] = []
    edge.f.request(capsule.name, { subscribe: { fromSeqno: 0, via: names } }, (pdu) => { answers.push(pdu) })
    await waitFor(() => answers.length === 1, { timeoutMs: 5000, what: 'the subscription with 5 names to be refused' })
    expect(answers[0]!.nack?.reason).toBe(pb.NackReason.MALFORMED)
    edge.f.request(capsule.name, { subscribe: { fromSeqno: 0, via: names.slice(0, 4) } }, () => {})
    await waitFor(() => s.seen.some((p) => (p.request?.subscribe?.via?.length ?? 0) > 0), { timeoutMs: 5000, what: 'the subscription with 4 names to reach the server' })
    const via = s.seen.find((p) => (p.request?.subscribe?.via?.length ?? 0) > 0)!.request!.subscribe!.via!
    expect(via.map((v) => v[0])).toEqual([41, 42, 43, 21])
  })
})

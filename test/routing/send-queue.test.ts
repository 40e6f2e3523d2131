// Bounded send queues: the queue itself, then the forwarder over in-memory
// links whose receiving side can stop reading (a paused pipe).
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import { type ForwarderInit, type LocalService } from '../../src/routing/forwarder.js'
import { PROGRESS_BYTES, SendBudget, SendQueue, SMALL_REPLY_BYTES, type ByteSink } from '../../src/routing/send-queue.js'
import { pb } from '../../src/wire/index.js'
import { waitFor } from '../helpers.js'
import { clock, connect, memoryNode, type MemoryNode } from './memory-links.js'
import { LinkCongestedError } from '../../src/errors.js'

const name = (n: number): Uint8Array => new Uint8Array(32).fill(n)
const KiB = 1024
const capsule = name(99)
const nodes: MemoryNode[] = []
const timers: NodeJS.Timeout[] = []
afterEach(() => {
  for (const n of nodes.splice(0)) n.f.stop()
  for (const t of timers.splice(0)) clearInterval(t)
})
const node = (id: number, local?: LocalService, init: Partial<ForwarderInit> = {}): MemoryNode => {
  const n = memoryNode(name(id), local, undefined, init)
  nodes.push(n)
  return n
}
const route = (at: MemoryNode, via: MemoryNode, server = via): void => {
  at.table.install({ capsule, server: server.f.self, nextHop: via.f.self, cost: 1, expiresAtUs: clock() + 3_600_000_000 })
}

/** The bytes of a write given in parts. */
const bytesOf = (parts: readonly Uint8Array[]): number => parts.reduce((n, part) => n + part.length, 0)

/** A sink that takes `window` bytes, then wants a drain, which the test gives. */
function sink (window: number): ByteSink & { written: Uint8Array[], drain: (queue: SendQueue) => void } {
  let inFlight = 0
  const written: Uint8Array[] = []
  return {
    written,
    write: (parts) => { written.push(...parts); inFlight += bytesOf(parts); return inFlight < window },
    writable: () => inFlight < window,
    buffered: () => Math.max(0, inFlight - window),
    drain: (queue) => { inFlight = 0; queue.flush() }
  }
}

describe('SendQueue replies', () => {
  it(`past the soft limit a reply of ${SMALL_REPLY_BYTES} bytes is queued and one byte more is refused; with the budget full as well, an empty queue's too`, () => {
    const closed: string[] = []
    const queue = new SendQueue({ softLimitBytes: 256 * KiB }, 64 * KiB, sink(0), (why) => { closed.push(why) })
    queue.push(new Uint8Array(256 * KiB), 'stream')
    expect(queue.backedUp).toBe(true)
    queue.push(new Uint8Array(SMALL_REPLY_BYTES), 'reply')
    expect(() => { queue.push(new Uint8Array(SMALL_REPLY_BYTES + 1), 'reply') }).toThrow(/backed up .*a reply of 65537 bytes \(over the 65536 a backed-up link takes\) is refused/)
    expect(queue.ownBytes).toBe(256 * KiB + SMALL_REPLY_BYTES)
    expect(closed).toEqual([])

    // Room past the budget for the reply below (its allowance, the test after the next).
    const budget = new SendBudget({ totalBytes: 64 * KiB, replyAllowanceBytes: 64 * KiB, stallMs: 60_000 })
    const full = new SendQueue({ budget }, 64 * KiB, sink(0), () => {})
    const empty = new SendQueue({ budget }, 64 * KiB, sink(0), () => {})
    full.push(new Uint8Array(64 * KiB), 'stream')
    expect(budget.full).toBe(true)
    empty.push(new Uint8Array(SMALL_REPLY_BYTES), 'reply')
    const other = new SendQueue({ budget }, 64 * KiB, sink(0), () => {})
    expect(() => { other.push(new Uint8Array(SMALL_REPLY_BYTES + 1), 'reply') }).toThrow(/send budget is full .*a reply of 65537 bytes/)
    expect(other.ownBytes).toBe(0)
  })
})

describe('SendBudget', () => {
  it('at the budget, refuses record data and requests on every link, an empty one too; past it closes the largest queue unsent for stallMs, not a busy one', () => {
    // On the test's own clock: on the real one, looked at 60 and 360 ms in, it failed in CI beside other test files
    // (the look at 60 ms came past 300, and a queue was closed before it), as it had with 50 ms at 20 and 60.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] })
    onTestFinished(() => { vi.useRealTimers() })
    const budget = new SendBudget({ totalBytes: 64 * KiB, stallMs: 300 })
    const closed: string[] = []
    // Sinks that take nothing: every byte stays queued.
    const queue = (id: string): SendQueue => new SendQueue({ budget, coalesceBytes: 1024 * KiB }, 64 * KiB, sink(0), (why) => { closed.push(`${id}: ${why}`) })
    const [a, b, c] = [queue('a'), queue('b'), queue('c')]
    const frame = (n: number): Uint8Array => new Uint8Array(n * KiB)
    a.push(frame(30), 'stream')
    b.push(frame(20), 'stream')
    expect(budget.queued).toBe(50 * KiB)
    expect(budget.full).toBe(false)
    b.push(frame(13), 'stream') // 63 KiB: under, by one
    expect(a.backedUp).toBe(false)
    b.push(frame(1), 'stream') // at the budget: nothing was unsent for 300 ms, nothing closed
    expect(budget.full).toBe(true)
    expect(closed).toEqual([])
    expect(() => { a.push(frame(1), 'stream') }).toThrow(LinkCongestedError)
    expect(() => { a.push(frame(1), 'request') }).toThrow(LinkCongestedError)
    // An empty queue too: one frame each on many links went past the budget without end.
    expect(c.backedUp).toBe(true)
    expect(() => { c.push(frame(8), 'stream') }).toThrow(/send budget is full/)
    // Replies were asked for, and an empty queue takes one whatever the budget.
    a.push(frame(1), 'reply')
    c.push(frame(8), 'reply')
    expect(closed).toEqual([])
    vi.advanceTimersByTime(60)
    // 60 ms old: not yet stalled, nothing closed.
    c.push(frame(1), 'reply')
    expect(closed).toEqual([])
    vi.advanceTimersByTime(300)
    // Every queue is 360 ms old now: the one holding the most (b, 34 KiB) went when it had sent nothing for 300 ms,
    // with no frame offered then, and that was room enough.
    expect(closed).toEqual([`b: it read less than ${PROGRESS_BYTES} bytes in 300 ms, holding ${34 * KiB} bytes, the most when the node's send budget (${64 * KiB} bytes) was full`])
    expect(budget.evicted).toBe(1)
    expect(budget.queued).toBe(40 * KiB)
    expect(b.heldBytes).toBe(0)
    // The queue that needs room is the one closed: its frame is refused, not lost silently.
    expect(() => { a.push(frame(30), 'reply') }).toThrow(/send budget is full/)
    expect(closed.at(-1)).toMatch(/^a: /)
    expect(budget.queued).toBe(9 * KiB)
    queue('d').push(frame(1), 'stream')
    expect(budget.queued).toBe(10 * KiB)
  })

  it('past the budget, small replies take its reply allowance in all and no more on a link that holds unsent bytes; a link whose sink takes them at once still gets them', () => {
    const budget = new SendBudget({ totalBytes: 64 * KiB, replyAllowanceBytes: 32 * KiB, stallMs: 60_000 })
    const closed: string[] = []
    // Sinks that take nothing, as a peer that reads nothing: each queue is young, none has stalled.
    const [a, b] = ['a', 'b'].map((id) => new SendQueue({ budget, coalesceBytes: 1024 * KiB }, 64 * KiB, sink(0), (why) => { closed.push(`${id}: ${why}`) }))
    a!.push(new Uint8Array(64 * KiB), 'stream')
    expect(budget.full).toBe(true)
    a!.push(new Uint8Array(16 * KiB), 'reply')
    b!.push(new Uint8Array(16 * KiB), 'reply')
    expect(budget.queued).toBe(96 * KiB)
    // Each was under its hard limit (about 192 KiB here): before, they took replies up to it, each, whatever the total.
    expect(() => { b!.push(new Uint8Array(1), 'reply') }).toThrow(/send budget and its allowance for replies .*a reply of 1 bytes for the link to the peer, which has 16384 unsent, is refused/)
    expect(() => { a!.push(new Uint8Array(1), 'reply') }).toThrow(LinkCongestedError)
    // An empty link whose stream takes writes is read: its replies still go.
    const reading = sink(1024 * KiB)
    const reader = new SendQueue({ budget }, 64 * KiB, reading, () => {})
    reader.push(new Uint8Array(KiB), 'reply')
    reader.flush()
    expect(reading.written.map((w) => w.length)).toEqual([KiB])
    expect(budget.queued).toBe(96 * KiB)
    expect(closed).toEqual([])
  })

  it('a link that sends a trickle (less than PROGRESS_BYTES in stallMs) counts as sending nothing when the budget is full', async () => {
    const budget = new SendBudget({ totalBytes: 64 * KiB, stallMs: 300 })
    const closed: string[] = []
    // A sink whose peer grants a little window at a time: `grant` sends that many of what it holds.
    const trickling = (): ByteSink & { grant: (bytes: number) => void } => {
      let held = 0
      return {
        write: (parts) => { held += bytesOf(parts); return false },
        writable: () => held === 0,
        buffered: () => held,
        grant: (bytes) => { held = Math.max(0, held - bytes) }
      }
    }
    const [slowSink, fastSink] = [trickling(), trickling()]
    const slow = new SendQueue({ budget, coalesceBytes: 1024 * KiB }, 64 * KiB, slowSink, (why) => { closed.push(`slow: ${why}`) })
    const fast = new SendQueue({ budget, coalesceBytes: 1024 * KiB }, 64 * KiB, fastSink, (why) => { closed.push(`fast: ${why}`) })
    fast.push(new Uint8Array(60 * KiB), 'stream')
    slow.push(new Uint8Array(40 * KiB), 'stream')
    expect(budget.full).toBe(true)
    // Every 50 ms for 450 ms: the slow peer reads 100 bytes (about 2 KiB a second), the other 4 KiB (80 KiB a second),
    // so the budget is still full at 300 ms.
    for (let t = 0; t < 9; t++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      slowSink.grant(100)
      slow.flush()
      fastSink.grant(4 * KiB)
      fast.flush()
    }
    await new Promise((resolve) => setTimeout(resolve, 50))
    // Before, any byte sent was progress: the trickle kept its 40 KiB, and the budget full, for as long as it trickled.
    expect(closed).toEqual([expect.stringMatching(/^slow: it read less than 16384 bytes in 300 ms/)])
    expect(PROGRESS_BYTES).toBe(16 * KiB)
  })

  it('counts the write a queue handed to its sink until the sink sends it: one frame per link, never read, holds the budget, and the sink sending it is progress', async () => {
    // stallMs of 300 ms against the 30 ms below: with 50, a sleep late by 20 ms beside other test files let the budget
    // close queue 0 before queue 1 sent, and the sums below were off.
    const budget = new SendBudget({ totalBytes: 64 * KiB, stallMs: 300 })
    const closed: string[] = []
    // A stream whose window the peer never opens: it takes a write whole, sends none of it, and holds it.
    const stuck = (): ByteSink & { sent: (n: number) => void } => {
      let held = 0
      return { write: (parts) => { held += bytesOf(parts); return false }, writable: () => held === 0, buffered: () => held, sent: (n) => { held -= n } }
    }
    const sinks = Array.from({ length: 4 }, () => stuck())
    const queues = sinks.map((s, i) => new SendQueue({ budget }, 64 * KiB, s, (why) => { closed.push(`${i}: ${why}`) }))
    const frame = (n: number): Uint8Array => new Uint8Array(n * KiB)
    queues[0]!.push(frame(40), 'stream')
    queues[0]!.flush()
    // Handed to the sink, not queued here: the budget counts it all the same.
    expect(queues[0]!.ownBytes).toBe(0)
    expect(budget.queued).toBe(40 * KiB)
    queues[1]!.push(frame(40), 'stream')
    queues[1]!.flush()
    expect(budget.full).toBe(true)
    // Before, each empty queue took one frame past the budget, and each went into its sink uncounted.
    expect(() => { queues[2]!.push(frame(40), 'stream') }).toThrow(/send budget is full/)
    expect(budget.queued).toBe(80 * KiB)
    // The sink sends some (a window update, a drain): that is progress, and room.
    await new Promise((resolve) => setTimeout(resolve, 30))
    sinks[1]!.sent(30 * KiB)
    queues[1]!.flush()
    expect(budget.queued).toBe(50 * KiB)
    expect(budget.full).toBe(false)
    queues[2]!.push(frame(20), 'stream')
    queues[2]!.flush()
    expect(budget.full).toBe(true)
    // 300 ms after its write, queue 0 has sent nothing: it goes; queue 1 sent 30 ms in and stays.
    await waitFor(() => closed.length > 0, { timeoutMs: 1000, what: 'the budget to close the stalled queue' })
    expect(closed).toEqual([`0: it read less than ${PROGRESS_BYTES} bytes in 300 ms, holding ${40 * KiB} bytes, the most when the node's send budget (${64 * KiB} bytes) was full`])
    expect(budget.queued).toBe(30 * KiB)
  })

  it('a caller waiting for a link while the budget is full is called back once it has room, not at once again and again', async () => {
    const budget = new SendBudget({ totalBytes: 64 * KiB, stallMs: 60_000 })
    const full = new SendQueue({ budget, coalesceBytes: 1024 * KiB }, 64 * KiB, sink(0), () => {})
    const q = new SendQueue({ budget, coalesceBytes: 1024 * KiB }, 64 * KiB, sink(0), () => {})
    // A link holding a little (under half its soft limit), then the budget full.
    q.push(new Uint8Array(KiB), 'reply')
    full.push(new Uint8Array(63 * KiB), 'stream')
    expect(budget.full).toBe(true)
    let woken = 0
    const retry = (): void => {
      woken++
      try { q.push(new Uint8Array(KiB), 'request') } catch (err) { if (!(err instanceof LinkCongestedError)) throw err; q.onWritable(retry) }
    }
    // Before, onWritable called back at once (the queue was under half its soft limit), the push was refused, and so on: the stack overflowed.
    q.onWritable(retry)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(woken).toBe(0)
    full.clear()
    await waitFor(() => woken > 0, { timeoutMs: 1000, what: 'the waiter to be called back once the budget has room' })
    expect(woken).toBe(1)
    expect(q.ownBytes).toBe(2 * KiB) // its request was taken
  })
})

describe('SendQueue', () => {
  it('refuses requests and subscription data over the soft limit, takes replies up to the hard one, then closes the link', async () => {
    const s = sink(10 * KiB)
    let closed = 0
    const q = new SendQueue({ softLimitBytes: 40 * KiB, hardLimitBytes: 100 * KiB, coalesceBytes: 8 * KiB }, 64 * KiB, s, () => { closed++ })
    const frame = (n: number): Uint8Array => new Uint8Array(n * KiB)
    for (let i = 0; i < 7; i++) q.push(frame(8), 'request') // 10 KiB in flight, the rest queued
    expect(q.queued).toBeGreaterThanOrEqual(40 * KiB)
    expect(() => { q.push(frame(1), 'request') }).toThrow(LinkCongestedError)
    expect(() => { q.push(frame(1), 'stream') }).toThrow(LinkCongestedError)
    for (let i = 0; i < 6; i++) q.push(frame(8), 'reply') // replies were asked for: still taken
    expect(closed).toBe(0)
    expect(() => { q.push(frame(20), 'reply') }).toThrow(/does not read/)
    expect(closed).toBe(1)
    expect(q.queued).toBeLessThanOrEqual(10 * KiB) // forgotten once closed
  })

  it('a frame in parts goes out in order and whole, its large body written as it is (not copied), whatever the sink\'s window', () => {
    const s = sink(6 * KiB)
    const q = new SendQueue({ coalesceBytes: 8 * KiB }, 64 * KiB, s, () => {})
    const small = new Uint8Array(1 * KiB).fill(1)
    const prefix = Uint8Array.of(0x80, 0x80, 0x01)
    const body = new Uint8Array(32 * KiB).fill(2)
    q.push(small, 'request')
    q.push([prefix, body], 'request')
    q.push(small, 'reply')
    for (let i = 0; i < 10; i++) s.drain(q)
    expect(Buffer.concat(s.written)).toEqual(Buffer.concat([small, prefix, body, small]))
    expect(s.written.some((chunk) => chunk === body)).toBe(true)
  })

  it('always takes one frame of the largest size into an empty queue, and coalesces small frames of a tick into one write', async () => {
    const s = sink(1024 * KiB)
    const q = new SendQueue({ softLimitBytes: 16 * KiB, hardLimitBytes: 32 * KiB, coalesceBytes: 64 * KiB }, 64 * KiB, s, () => {})
    q.push(new Uint8Array(200 * KiB), 'reply')
    expect(s.written.map((w) => w.length)).toEqual([200 * KiB])
    for (let i = 0; i < 10; i++) q.push(new Uint8Array(100), 'request')
    await waitFor(() => s.written.length > 1, { timeoutMs: 1000, what: 'the queue to write the small frames once the tick ends' })
    expect(s.written.map((w) => w.length)).toEqual([200 * KiB, 1000])
  })

  it('frames put back (a reset stream held them unsent) go out before those queued since, past the soft limit too, and count towards the budget', () => {
    const budget = new SendBudget({ totalBytes: 1024 * KiB, stallMs: 60_000 })
    const s = sink(1 * KiB)
    const q = new SendQueue({ softLimitBytes: 4 * KiB, coalesceBytes: 1 * KiB, budget }, 64 * KiB, s, () => {})
    const frame = (n: number): Uint8Array => new Uint8Array(1 * KiB).fill(n)
    // The sink takes the first at once, then nothing until drained.
    q.push(frame(0), 'request')
    q.push(frame(2), 'request')
    q.push(frame(3), 'stream')
    q.push(frame(4), 'request')
    q.push(frame(5), 'stream')
    expect(q.backedUp).toBe(true)
    q.putBack(frame(1))
    expect([q.ownBytes, budget.queued]).toEqual([5 * KiB, 5 * KiB])
    for (let i = 0; i < 5; i++) s.drain(q)
    expect(s.written.map((w) => w[0])).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('frames put back are not progress: a peer resetting the stream under each write does not count as sending', () => {
    vi.useFakeTimers({ toFake: ['performance', 'setImmediate'] })
    onTestFinished(() => { vi.useRealTimers() })
    // A stream that holds each write it is handed, and loses it when reset.
    let holding: readonly Uint8Array[] | undefined
    const resettable: ByteSink = {
      write: (parts) => { holding = parts; return false },
      writable: () => holding === undefined,
      buffered: () => holding === undefined ? 0 : bytesOf(holding)
    }
    const q = new SendQueue({ budget: new SendBudget({ stallMs: 5000 }) }, 64 * KiB, resettable, () => {})
    q.push(new Uint8Array(2 * PROGRESS_BYTES), 'stream')
    q.flush()
    expect(holding).toBeDefined()
    const since = q.progressAt
    for (let i = 0; i < 3; i++) {
      vi.advanceTimersByTime(1000)
      const lost = holding!
      holding = undefined
      q.putBack(lost)
      q.flush()
      expect(holding).toBe(lost)
    }
    expect(q.progressAt).toBe(since)
    expect(q.heldBytes).toBe(2 * PROGRESS_BYTES)
  })

  it('calls onWritable once the queue drains under half the soft limit', async () => {
    const s = sink(4 * KiB)
    const q = new SendQueue({ softLimitBytes: 16 * KiB }, 64 * KiB, s, () => {})
    for (let i = 0; i < 4; i++) q.push(new Uint8Array(4 * KiB), 'request') // one in flight, 12 KiB queued
    let woken = 0
    q.onWritable(() => { woken++ })
    expect(woken).toBe(0)
    s.drain(q) // 8 KiB still queued: not under half the soft limit yet
    expect(woken).toBe(0)
    s.drain(q)
    expect(woken).toBe(1)
    s.drain(q)
    expect(woken).toBe(1)
  })
})

interface ChattyLog { cancelled: string[], unsubscribed: string[] }
const hex = (b: Uint8Array | null | undefined): string => Buffer.from(b ?? []).toString('hex')

/**
 * Answers a subscription with a record of `bytes` every 5 ms until cancelled
 * or unsubscribed, anything else with one final info response of `bytes`
 * (a reply, not records).
 */
function chatty (bytes: number, log: ChattyLog): LocalService {
  return {
    serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)),
    handle: (pdu, reply) => {
      const body = (seqno: number): pb.IResponse => ({ final: false, read: { records: [{ header: { seqno }, payload: new Uint8Array(bytes) }] } })
      if (pdu.request?.unsubscribe != null) log.unsubscribed.push(hex(pdu.request.unsubscribe.nonce))
      if (pdu.request?.subscribe == null) { reply({ response: { final: true, info: { frontier: [new Uint8Array(bytes)] } } }); return }
      let seqno = 0
      // A producer's pacing (a record every 5 ms), not a wait.
      const timer = setInterval(() => {
        const id = hex(pdu.nonce)
        if (log.cancelled.includes(id) || log.unsubscribed.includes(id)) { clearInterval(timer); return }
        reply({ response: body(seqno++) })
      }, 5)
      timers.push(timer)
    },
    cancel: (nonce) => { log.cancelled.push(hex(nonce)) }
  }
}

describe('forwarder over bounded links', () => {
  it('ends a subscription whose subscriber stops reading, at the server and at a router, and keeps the link', async () => {
    const log: ChattyLog = { cancelled: [], unsubscribed: [] }
    const s = node(4, chatty(8 * KiB, log))
    const r = node(2)
    const c = node(1)
    const limits = { window: 16 * KiB, queue: { softLimitBytes: 64 * KiB } }
    const cr = connect(c, r, limits)
    const rs = connect(r, s, limits)
    route(c, r, s); route(r, s)
    // Through the router: the router's link to the subscriber backs up.
    const viaRouter: pb.IPdu[] = []
    cr.ba.pause()
    c.f.request(capsule, { subscribe: { fromSeqno: 0 } }, (pdu) => { viaRouter.push(pdu) })
    await waitFor(() => r.f.counters.subscriptionsCut > 0, { timeoutMs: 5000, what: 'the router to cut the subscription for the backed-up link' })
    expect(r.f.counters.subscriptionsCut).toBe(1)
    // The router told the server to stop: an unsubscribe for that subscription reached it.
    await waitFor(() => log.unsubscribed.length > 0, { timeoutMs: 5000, what: 'the router\'s unsubscribe to reach the server' })
    expect(log.unsubscribed.length).toBe(1)
    cr.ba.resume()
    await waitFor(() => viaRouter.at(-1)?.nack != null, { timeoutMs: 5000, what: 'the subscriber to get the NACK that ends its subscription' })
    expect(viaRouter.at(-1)?.nack?.reason).toBe(pb.NackReason.CONGESTION)
    expect(viaRouter.at(-1)?.nack?.detail).toMatch(/backed up: subscription ended; resubscribe from seqno \d+/)
    expect(r.f.counters.readsCut).toBe(0)
    expect(cr.closed).toBe(false)

    // At the server itself: its link to the router backs up, the service is told to stop (cancel).
    rs.ba.pause()
    const direct: pb.IPdu[] = []
    r.f.request(capsule, { subscribe: { fromSeqno: 0 } }, (pdu) => { direct.push(pdu) })
    await waitFor(() => s.f.counters.subscriptionsCut > 0, { timeoutMs: 5000, what: 'the server to cut the subscription for the backed-up link' })
    expect(s.f.counters.subscriptionsCut).toBe(1)
    expect(log.cancelled.length).toBe(1)
    rs.ba.resume()
    await waitFor(() => direct.at(-1)?.nack != null, { timeoutMs: 5000, what: 'the subscriber to get the NACK that ends its subscription' })
    expect(direct.at(-1)?.nack?.reason).toBe(pb.NackReason.CONGESTION)
    expect(rs.closed).toBe(false)
    // The link still works.
    const reply = await new Promise<pb.IPdu>((resolve) => { r.f.request(capsule, { info: {} }, resolve) })
    expect(reply.response?.final).toBe(true)
  })

  it('closes the link to a peer that leaves more replies unread than the hard limit', async () => {
    const s = node(4, chatty(16 * KiB, { cancelled: [], unsubscribed: [] }))
    const c = node(1)
    const link = connect(c, s, { window: 16 * KiB, queue: { softLimitBytes: 32 * KiB, hardLimitBytes: 128 * KiB } })
    route(c, s)
    link.ba.pause()
    const replies = Array.from({ length: 20 }, async (_, seqno) => await new Promise<pb.IPdu>((resolve) => { c.f.request(capsule, { read: { seqno } }, resolve) }))
    await waitFor(() => link.closed, { timeoutMs: 5000, what: 'the server to close the link of the peer that does not read its replies' })
    expect(link.closed).toBe(true)
    expect(link.bQueue.queued).toBe(0)
    // The client's requests pending on the closed link are NACKed, not left hanging.
    expect((await Promise.all(replies)).every((p) => p.nack?.reason === pb.NackReason.NO_ROUTE)).toBe(true)
  })

  it("makes this node's own requests wait for a backed-up link, in order and bounded; others' get CONGESTION", async () => {
    const order: number[] = []
    const server: LocalService = {
      serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)),
      handle: (pdu, reply) => { order.push(pdu.request!.append!.records!.length); reply({ response: { final: true } }) }
    }
    const s = node(4, server)
    const c = node(1, undefined, { maxPacedRequests: 6, pendingTimeoutMs: 400 })
    const limits = { window: 16 * KiB, queue: { softLimitBytes: 32 * KiB } }
    const cs = connect(c, s, limits)
    route(c, s)
    const append = async (from: MemoryNode, n: number): Promise<pb.IPdu> => await new Promise((resolve) => {
      from.f.request(capsule, { append: { records: Array.from({ length: n }, () => ({ payload: new Uint8Array(12 * KiB) })) } }, resolve)
    })
    // The client's own link stops moving: two go out (the soft limit is passed), six wait, in order.
    cs.ab.pause()
    const own = [1, 2, 3, 4, 5, 6, 7, 8].map(async (n) => await append(c, n))
    await waitFor(() => c.f.counters.paced >= 6, { timeoutMs: 1000, what: 'six of the requests to wait for the link' })
    expect(c.f.counters.paced).toBe(6)
    cs.ab.resume()
    expect((await Promise.all(own)).every((p) => p.response?.final === true)).toBe(true)
    expect(order).toEqual([1, 2, 3, 4, 5, 6, 7, 8])

    // Over the bound (6 waiting) an own request is refused at once; a wait is bounded in time too.
    cs.ab.pause()
    const more = Array.from({ length: 10 }, async () => await append(c, 1))
    // At once: the request over the bound is answered before any of the others (whose waits end at pendingTimeoutMs).
    const first = await Promise.race(more.map(async (p, i) => { await p; return i }))
    expect(first).toBe(9)
    const refused = await more[9]!
    expect(refused.nack?.reason).toBe(pb.NackReason.CONGESTION)
    const timedOut = await Promise.all(more.slice(0, 9))
    expect(timedOut.filter((p) => p.nack?.detail?.includes('stayed backed up') === true).length).toBe(6)
    cs.ab.resume()

    // A router does not make others' requests wait: its backed-up next hop means CONGESTION.
    const r = node(2, undefined, { pendingTimeoutMs: 400 })
    const c2 = node(3)
    connect(c2, r, limits)
    const rs = connect(r, s, limits)
    route(c2, r, s); route(r, s)
    rs.ab.pause()
    const forwarded = await Promise.all(Array.from({ length: 8 }, async () => await append(c2, 1)))
    expect(forwarded.filter((p) => p.nack?.reason === pb.NackReason.CONGESTION && /backed up/.test(p.nack.detail ?? '')).length).toBeGreaterThan(0)
    expect(r.f.counters.paced).toBe(0)
    rs.ab.resume()
  })
})

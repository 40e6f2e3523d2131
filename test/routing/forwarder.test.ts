// The forwarder on in-memory links: PDUs cross each link encoded and decoded,
// asynchronously, as they would over a stream.
import { describe, expect, it, vi } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { APPEND_ANSWER_BYTES, type Link, headsUpCapBytes, HeadsUpLedger, RECORD_OVERHEAD_BYTES, MAX_HEADS_UP_BYTES, MOVABLE_APPEND_BYTES, nextResponseTimeoutMs, PDU_VERSION, requestTimeoutMs, transferAllowanceMs, SWITCHED_SERVER_RETRY_MS, type ForwarderInit, type LocalService } from '../../src/routing/forwarder.js'
import { GdpClient } from '../../src/client/client.js'
import { pb } from '../../src/wire/index.js'
import { LinkCongestedError } from '../../src/errors.js'
import { SMALL_REPLY_BYTES } from '../../src/routing/send-queue.js'
import { waitFor } from '../helpers.js'
import { clock, connect, memoryNode, type MemoryNode } from './memory-links.js'

const name = (n: number): Uint8Array => new Uint8Array(32).fill(n)
const HOUR = 3_600_000_000

type TestNode = MemoryNode
const node = (id: number, local?: LocalService, resolve?: (n: Uint8Array) => Promise<void>): TestNode => memoryNode(name(id), local, resolve)

const route = (at: TestNode, capsule: Uint8Array, via: TestNode, server = via): void => {
  at.table.install({ capsule, server: server.f.self, nextHop: via.f.self, cost: 1, expiresAtUs: clock() + HOUR })
}

/**
 * A server answering reads of one capsule with the request's seqno as payload,
 * 5 ms after the request: not a wait, a server that takes a moment, so that
 * requests are in flight together (and identical reads can merge).
 */
function server (capsule: Uint8Array, calls: { n: number } = { n: 0 }): LocalService {
  return {
    serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)),
    handle: (pdu, reply) => {
      calls.n++
      setTimeout(() => { reply({ response: { final: true, info: { size: Number(pdu.request?.read?.seqno ?? 7) } } }) }, 5)
    }
  }
}

/** A server of one capsule that holds each read until the test answers it (`waiting`), and keeps every request it sees. */
function holding (capsule: Uint8Array): { service: LocalService, waiting: Array<{ pdu: pb.IPdu, reply: Parameters<LocalService['handle']>[1] }>, seen: pb.IPdu[] } {
  const waiting: Array<{ pdu: pb.IPdu, reply: Parameters<LocalService['handle']>[1] }> = []
  const seen: pb.IPdu[] = []
  const service: LocalService = {
    serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)),
    handle: (pdu, reply) => {
      seen.push(pdu)
      if (pdu.request?.read != null) waiting.push({ pdu, reply })
      else reply({ response: { final: true, unsubscribe: { found: false } } })
    }
  }
  return { service, waiting, seen }
}

/** Two clients of one router, before a holding server of `capsule`. */
function twoReaders (): { held: ReturnType<typeof holding>, c1: TestNode, c2: TestNode, r: TestNode } {
  const held = holding(capsule)
  const [c1, c2, r, s] = [node(1), node(2), node(3), node(4, held.service)]
  connect(c1, r); connect(c2, r); connect(r, s)
  route(c1, capsule, r, s); route(c2, capsule, r, s); route(r, capsule, s)
  return { held, c1, c2, r }
}

/**
 * A client, a router (`init`) and two servers of `capsule` behind it: `hung`
 * (node 3), the one its route prefers, and one that answers (node 4,
 * `answering` or `server`, whose calls `calls` counts).
 */
function hungBeforeAnswering (hung: LocalService, init: Partial<ForwarderInit>, answering?: LocalService): { c: TestNode, r: TestNode, calls: { n: number } } {
  const calls = { n: 0 }
  const [c, r, s1, s2] = [node(1), memoryNode(name(2), undefined, undefined, init), node(3, hung), node(4, answering ?? server(capsule, calls))]
  connect(c, r); connect(r, s1); connect(r, s2)
  c.f.setDefaultRoute(r.f.self)
  route(r, capsule, s1)
  r.table.install({ capsule, server: s2.f.self, nextHop: s2.f.self, cost: 2, expiresAtUs: clock() + HOUR })
  return { c, r, calls }
}

function ask (from: TestNode, destination: Uint8Array, request: pb.IRequest, ttl?: number): Promise<pb.IPdu> {
  return new Promise((resolve) => { from.f.request(destination, request, resolve, ttl) })
}

const capsule = name(99)

/** A link that records what is sent on it. */
const recorder = (peer: Uint8Array): { link: { peer: Uint8Array, cost: number, send: (pdu: pb.IPdu) => void }, sent: pb.IPdu[] } => {
  const sent: pb.IPdu[] = []
  return { link: { peer, cost: 1, send: (pdu) => { sent.push(pdu) } }, sent }
}
/** A request PDU from node 5 for `capsule`. */
const request = (nonce: number, body: pb.IRequest): pb.IPdu => ({ version: PDU_VERSION, destination: capsule, source: name(5), ttl: 8, nonce: new Uint8Array(16).fill(nonce), request: body })

describe('Forwarder', () => {
  it('forwards through routers and the reply retraces the path', async () => {
    const [c, r1, r2, s] = [node(1), node(2), node(3), node(4, server(capsule))]
    connect(c, r1); connect(r1, r2); connect(r2, s)
    route(c, capsule, r1, s); route(r1, capsule, r2, s); route(r2, capsule, s)
    const reply = await ask(c, capsule, { info: {} })
    expect(reply.response?.info?.size).toBe(7)
    expect(r1.f.counters.forwarded).toBe(1)
    expect(r2.f.counters.forwarded).toBe(1)
    expect(s.f.counters.delivered).toBe(1)
  })

  it('NACKs with a reason: no route, ttl expired, unsupported version, malformed', async () => {
    const [c, r1, r2, s] = [node(1), node(2), node(3), node(4, server(capsule))]
    connect(c, r1); connect(r1, r2); connect(r2, s)
    route(c, capsule, r1, s); route(r1, capsule, r2, s); route(r2, capsule, s)
    expect((await ask(c, name(50), { info: {} })).nack?.reason).toBe(pb.NackReason.NO_ROUTE)
    expect((await ask(c, capsule, { info: {} }, 2)).nack).toMatchObject({ reason: pb.NackReason.EXPIRED, detail: 'the request ran out of hops' })
    r1.f.receive({ version: 9, nonce: new Uint8Array(16), destination: capsule, source: name(1), ttl: 3, request: { info: {} } }, r1.f.link(c.f.self)!)
    r1.f.receive({ version: PDU_VERSION, nonce: new Uint8Array(3), destination: capsule, source: name(1), ttl: 3, request: { info: {} } }, r1.f.link(c.f.self)!)
    await waitFor(() => c.f.counters.dropped >= 2, { timeoutMs: 5000, what: 'c to receive the two NACKs r1 sent it' })
    expect(c.seen.slice(-2).map((p) => p.nack?.reason)).toEqual([pb.NackReason.UNSUPPORTED_VERSION, pb.NackReason.MALFORMED])
    expect(c.f.counters.dropped).toBe(2) // NACKs for requests c never sent are not answered
    expect(r1.f.counters.nacks).toMatchObject({ UNSUPPORTED_VERSION: 1, MALFORMED: 1 })
  })

  it('a request waiting for a route ends when it should though the wall clock steps back meanwhile (its deadlines are on the monotonic clock)', async () => {
    // A router with a lookup that finds nothing: requests for unknown names wait resolveTimeoutMs, then NO_ROUTE.
    const r = memoryNode(new Uint8Array(32).fill(7), undefined, async () => {}, { resolveTimeoutMs: 300 })
    const c = memoryNode(new Uint8Array(32).fill(8))
    connect(c, r)
    c.f.setDefaultRoute(r.f.self)
    const real = Date.now
    try {
      const started = performance.now()
      const answer = new Promise<pb.IPdu>((resolve) => { c.f.request(new Uint8Array(32).fill(9), { read: { seqno: 0 } }, resolve) })
      await new Promise((resolve) => setTimeout(resolve, 50))
      // An hour back (NTP setting a clock that ran fast): the waiting request stayed an hour more.
      vi.spyOn(Date, 'now').mockImplementation(() => real() - 3_600_000)
      expect((await answer).nack?.reason).toBe(pb.NackReason.NO_ROUTE)
      expect(performance.now() - started).toBeLessThan(5000)
    } finally {
      vi.restoreAllMocks()
      c.f.stop()
      r.f.stop()
    }
  })

  it('a heads-up pushes a request\'s timeout back by the transfer time of the bytes it announces, up to those of the largest PDU (one announcing 300 MB held it 28 minutes, one of 375 GB about 24 days)', () => {
    const read = headsUpCapBytes({ read: { seqno: 0 } })
    expect(nextResponseTimeoutMs(10_000, { final: false, followingBytes: 2 * 1024 * 1024 }, read)).toBe(10_000 + transferAllowanceMs(2 * 1024 * 1024))
    for (const bytes of [MAX_HEADS_UP_BYTES + 1, 300_000_000, 3_500_000_000, 2 ** 52]) {
      expect(nextResponseTimeoutMs(10_000, { final: false, followingBytes: bytes }, read)).toBe(10_000 + transferAllowanceMs(MAX_HEADS_UP_BYTES))
    }
    // Up to what the request's answer may be: records for reads, an append's acknowledgements, nothing announced for the rest.
    for (const request of [{ subscribe: {} }, { kvRead: {} }]) expect(headsUpCapBytes(request)).toBe(MAX_HEADS_UP_BYTES)
    expect(headsUpCapBytes({ append: {} })).toBe(APPEND_ANSWER_BYTES)
    for (const request of [{ info: {} }, { list: {} }, { create: {} }, {}]) expect(nextResponseTimeoutMs(10_000, { final: false, followingBytes: MAX_HEADS_UP_BYTES }, headsUpCapBytes(request))).toBe(10_000)
    // About six and a half minutes: 64 MiB over six slow links in turn.
    expect(transferAllowanceMs(MAX_HEADS_UP_BYTES)).toBeLessThan(400_000)
  })

  // Found by answering an info with a heads-up of 64 MiB and then nothing: the router held the request about six
  // and a half minutes, and the client (two heads-ups) about thirteen, though no server announces an info's answer.
  it('a heads-up for an info or a list pushes its timeout back by no transfer time: the router and the client give up about a timeout later, not minutes', async () => {
    const stalling: LocalService = {
      serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)),
      handle: (_pdu, reply) => { for (let i = 0; i < 2; i++) reply({ response: { final: false, followingBytes: MAX_HEADS_UP_BYTES } }) }
    }
    const [c, s] = [node(1), node(4, stalling)]
    const r = memoryNode(name(3), undefined, undefined, { pendingTimeoutMs: 300 })
    connect(c, r); connect(r, s)
    route(c, capsule, r, s); route(r, capsule, s)
    const nodes = [c, r, s]
    try {
      for (const request of [{ info: {} }, { list: {} }]) {
        const started = performance.now()
        const answer = await new Promise<pb.IPdu>((resolve) => { c.f.request(capsule, request, (pdu) => { if (pdu.response?.final !== false) resolve(pdu) }, undefined, undefined, 60_000) })
        expect(answer.nack?.detail).toMatch(/no answer in time/)
        expect(performance.now() - started).toBeLessThan(3000)
      }
      // The client's own wait, with the router's longer than it.
      r.f.stop()
      const patient = memoryNode(name(5), undefined, undefined, { pendingTimeoutMs: 60_000 })
      nodes.push(patient)
      connect(c, patient); connect(patient, s)
      route(c, capsule, patient, s); route(patient, capsule, s)
      const client = new GdpClient({ timeoutMs: 300 }, { forwarder: c.f })
      const started = performance.now()
      await expect(client.info(capsule)).rejects.toThrow(/no answer/)
      expect(performance.now() - started).toBeLessThan(3000)
    } finally {
      for (const n of nodes) n.f.stop()
    }
  })

  // Found by answering an info through a router with heads-up after heads-up: each pushed the router's timeout back,
  // and the router held the request (and passed each on) for as long as the server kept sending them.
  it('a router ends a request of one answer at its third heads-up, or at a response that is not final and no heads-up: SERVER_ERROR to its requesters, and nothing more passed on', async () => {
    const replies: Array<Parameters<LocalService['handle']>[1]> = []
    const server: LocalService = { serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)), handle: (_pdu, reply) => { replies.push(reply) } }
    const [c, r, s] = [node(1), node(3), node(4, server)]
    connect(c, r); connect(r, s)
    route(c, capsule, r, s); route(r, capsule, s)
    try {
      const received: pb.IPdu[][] = [[], []]
      const headsUp = { response: { final: false, followingBytes: 64 * 1024 } }
      for (const [i, request] of [{ info: {} }, { append: {} }].entries()) {
        c.f.request(capsule, request, (pdu) => { received[i]!.push(pdu) })
        await waitFor(() => replies.length === i + 1, { timeoutMs: 5000, what: 'the request to reach the server' })
        for (let n = 0; n < 4; n++) replies[i]!(headsUp)
        replies[i]!({ response: { final: true, info: {} } })
        await waitFor(() => received[i]!.some((p) => p.nack != null), { timeoutMs: 5000, what: 'the router to end the request' })
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
      for (const answers of received) {
        expect(answers.map((p) => p.nack?.reason ?? 'heads-up')).toEqual(['heads-up', 'heads-up', pb.NackReason.SERVER_ERROR])
        expect(answers[2]!.nack!.detail).toMatch(/answered a request of one answer with more than 2 heads-ups/)
      }
      // A response that is not final and no heads-up ends it at once.
      const answers: pb.IPdu[] = []
      c.f.request(capsule, { info: {} }, (pdu) => { answers.push(pdu) })
      await waitFor(() => replies.length === 3, { timeoutMs: 5000, what: 'the third request to reach the server' })
      replies[2]!({ response: { final: false, info: {} } })
      replies[2]!({ response: { final: true, info: {} } })
      await waitFor(() => answers.length > 0, { timeoutMs: 5000, what: 'the router to end the request' })
      await new Promise((resolve) => setTimeout(resolve, 50))
      expect(answers.map((p) => p.nack?.detail)).toEqual([expect.stringMatching(/answered a request of one answer with a response that is not final/)])
    } finally {
      for (const n of [c, r, s]) n.f.stop()
    }
  })

  /** A client, a router that waits `pendingTimeoutMs` (300 ms) for an answer, and a server that keeps each request's reply function. */
  function throughImpatientRouter (pendingTimeoutMs = 300): { replies: Array<Parameters<LocalService['handle']>[1]>, c: MemoryNode, r: MemoryNode, s: MemoryNode } {
    const replies: Array<Parameters<LocalService['handle']>[1]> = []
    const server: LocalService = { serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)), handle: (_pdu, reply) => { replies.push(reply) } }
    const [c, s] = [node(1), node(4, server)]
    const r = memoryNode(name(3), undefined, undefined, { pendingTimeoutMs })
    connect(c, r); connect(r, s)
    route(c, capsule, r, s); route(r, capsule, s)
    return { replies, c, r, s }
  }

  // Found by attacking replication: a peer answering a read with a heads-up a second held it at every router for good.
  it('a read answered with heads-ups alone expires at a router a timeout after the second; responses bringing records between them keep it going', async () => {
    // The router waits 1.5 s: the responses 100 ms apart below keep a read going only while no gap between two passes
    // that (with 300 ms, a loaded machine's event loop held for 0.5 to 1 s let the read expire between records).
    const timeoutMs = 1500
    const { replies, c, r, s } = throughImpatientRouter(timeoutMs)
    const headsUp = { response: { final: false, followingBytes: 1 } }
    try {
      for (const [i, between] of [false, true].entries()) {
        const answers: pb.IPdu[] = []
        c.f.request(capsule, { read: { last: 10 } }, (pdu) => { answers.push(pdu) }, undefined, undefined, 60_000)
        await waitFor(() => replies.length === i + 1, { timeoutMs: 5000, what: 'the read to reach the server' })
        const started = performance.now()
        // One every 100 ms for twice the router's wait, however slowly the sleeps come: each heads-up would have pushed
        // the wait back. Alone, the heads-ups lose the read a wait after the second, while they still come.
        for (let n = 0; performance.now() - started < 2 * timeoutMs && !answers.some((p) => p.nack != null); n++) {
          replies[i]!(between && n % 2 === 1 ? { response: { final: false, read: { records: [{ header: { seqno: n }, payload: new Uint8Array(10) }] } } } : headsUp)
          await new Promise((resolve) => setTimeout(resolve, 100))
        }
        const ended = answers.find((p) => p.nack != null)
        if (between) {
          expect(ended).toBeUndefined()
          replies[i]!({ response: { final: true, read: {} } })
        } else {
          // Found by the loop, so before it stopped sending (held for good, the read would end a wait after the last).
          expect(ended?.nack?.detail).toMatch(/no answer in time/)
        }
      }
    } finally {
      for (const n of [c, r, s]) n.f.stop()
    }
  })

  // Found by attacking the fix above: a record between two heads-ups started the count again, so a server sending a
  // heads-up of 64 MiB before each one-record response held a read about 6.5 minutes a record, for good.
  it('HeadsUpLedger believes two heads-ups no response has brought the bytes of, and one more for each paid', () => {
    const ledger = new HeadsUpLedger()
    const records = (sizes: number[]): pb.IResponse => ({ final: false, read: { records: sizes.map((n) => ({ payload: new Uint8Array(n) })) } })
    expect([ledger.believe(2000), ledger.believe(2000), ledger.believe(2000)]).toEqual([true, true, false])
    // The first announcement paid in two responses (a heads-up may overtake the response before it), then the second.
    ledger.brought(records([1000 - RECORD_OVERHEAD_BYTES]))
    expect(ledger.believe(2000)).toBe(false)
    ledger.brought(records([1000 - RECORD_OVERHEAD_BYTES]))
    expect(ledger.believe(2000)).toBe(true)
    ledger.brought(records([4000]))
    expect([ledger.believe(10), ledger.believe(10), ledger.believe(10)]).toEqual([true, true, false])
    // A response of no records pays nothing.
    ledger.brought({ final: false, read: { records: [] } })
    expect(ledger.believe(10)).toBe(false)
  })

  it('a read whose heads-ups announce more than the responses after them bring stops being believed: two unbrought at most', async () => {
    const { replies, c, r, s } = throughImpatientRouter()
    // 400 KB announced (about 2.4 s of transfer allowance each), one small record brought.
    const headsUp = { response: { final: false, followingBytes: 400_000 } }
    const small = { response: { final: false, read: { records: [{ header: { seqno: 0 }, payload: new Uint8Array(10) }] } } }
    try {
      const answers: pb.IPdu[] = []
      c.f.request(capsule, { read: { last: 10 } }, (pdu) => { answers.push(pdu) }, undefined, undefined, 60_000)
      await waitFor(() => replies.length === 1, { timeoutMs: 5000, what: 'the read to reach the server' })
      const started = performance.now()
      for (let n = 0; n < 40 && !answers.some((p) => p.nack != null); n++) {
        replies[0]!(n % 2 === 0 ? headsUp : small)
        await new Promise((resolve) => setTimeout(resolve, 250))
      }
      expect(answers.find((p) => p.nack != null)?.nack?.detail).toMatch(/no answer in time/)
      expect(performance.now() - started).toBeLessThan(6000)
    } finally {
      for (const n of [c, r, s]) n.f.stop()
    }
  })

  it('detects a routing loop by its nonce', async () => {
    const [c, r1, r2, r3] = [node(1), node(2), node(3), node(5)]
    connect(c, r1); connect(r1, r2); connect(r2, r3); connect(r3, r1)
    route(c, capsule, r1); route(r1, capsule, r2); route(r2, capsule, r3); route(r3, capsule, r1)
    const reply = await ask(c, capsule, { info: {} })
    expect(reply.nack?.reason).toBe(pb.NackReason.LOOP)
    // Straight back to where it came from, r2's only route to another capsule, is refused before it loops.
    const other = name(98)
    route(c, other, r1); route(r1, other, r2); route(r2, other, r1)
    expect((await ask(c, other, { info: {} })).nack?.detail).toMatch(/other than back where it came from/)
  })

  // Found following a server's question for a capsule it holds, by the capsule's name (its metadata lost,
  // docs/replication.md "Repair"): its router's cheapest route still led back to it, and the router answered NO_ROUTE
  // while another server of the capsule was routed.
  it('a request whose cheapest route leads back where it came from takes another route to its name', async () => {
    const [asker, r, s] = [node(1), node(3), node(4, server(capsule))]
    connect(asker, r); connect(r, s)
    route(asker, capsule, r)
    route(r, capsule, asker)
    r.table.install({ capsule, server: s.f.self, nextHop: s.f.self, cost: 2, expiresAtUs: clock() + HOUR })
    expect((await ask(asker, capsule, { info: {} })).response?.info?.size).toBe(7)
  })

  it('merges identical reads in flight into one upstream request', async () => {
    const calls = { n: 0 }
    const [c1, c2, r, s] = [node(1), node(2), node(3), node(4, server(capsule, calls))]
    connect(c1, r); connect(c2, r); connect(r, s)
    route(c1, capsule, r, s); route(c2, capsule, r, s); route(r, capsule, s)
    const replies = await Promise.all([ask(c1, capsule, { read: { seqno: 5 } }), ask(c2, capsule, { read: { seqno: 5 } }), ask(c1, capsule, { read: { seqno: 6 } })])
    expect(replies.map((p) => p.response?.info?.size)).toEqual([5, 5, 6])
    expect(calls.n).toBe(2)
    expect(r.f.counters.merged).toBe(1)
  })

  it('does not merge requests of different ttls: one sent with too few hops to arrive failed every read merged into it', async () => {
    const [c1, c2, e, r, s] = [node(1), node(2), node(5), node(3), node(4, server(capsule))]
    connect(c1, e); connect(c2, e); connect(e, r); connect(r, s)
    route(c1, capsule, e, s); route(c2, capsule, e, s); route(e, capsule, r, s); route(r, capsule, s)
    // 2 hops: c1 to e, e to r, where it runs out; the honest one has hops to spare.
    const [short, honest] = await Promise.all([ask(c1, capsule, { info: {} }, 2), ask(c2, capsule, { info: {} })])
    expect(short.nack?.reason).toBe(pb.NackReason.EXPIRED)
    expect(honest.response?.info?.size).toBe(7)
    expect(e.f.counters.merged).toBe(0)
  })

  it('does not merge a read into one whose responses began: the one that joined got only the rest', async () => {
    const { held, c1, c2, r } = twoReaders()
    const first: pb.IPdu[] = []
    c1.f.request(capsule, { read: { seqno: 1 } }, (pdu) => { first.push(pdu) })
    await waitFor(() => held.waiting.length === 1, { timeoutMs: 5000, what: 'the server to hold the first read' })
    held.waiting[0]!.reply({ response: { final: false, info: { size: 1 } } })
    await waitFor(() => first.length === 1, { timeoutMs: 5000, what: 'the first response to reach c1' })
    const second = ask(c2, capsule, { read: { seqno: 1 } })
    await waitFor(() => held.waiting.length === 2, { timeoutMs: 5000, what: 'the second read to reach the server by itself' })
    expect(r.f.counters.merged).toBe(0)
    for (const w of held.waiting) w.reply({ response: { final: true, info: { size: 2 } } })
    expect((await second).response?.info?.size).toBe(2)
  })

  // Found by a replica's info that a router joined to the same info sent 8 s before (unanswered, 2 s left of the
  // router's 10): it never reached the server and failed when that one expired; a retry after a timeout did the same.
  it('does not merge a read into one that has waited half its time: the newcomer goes to the server with its own time', async () => {
    const held = holding(capsule)
    const [c1, c2, c3, s] = [node(1), node(2), node(5), node(4, held.service)]
    const r = memoryNode(name(3), undefined, undefined, { pendingTimeoutMs: 400 })
    for (const c of [c1, c2, c3]) { connect(c, r); route(c, capsule, r, s) }
    connect(r, s)
    route(r, capsule, s)
    try {
      c1.f.request(capsule, { read: { seqno: 1 } }, () => {})
      await waitFor(() => held.waiting.length === 1, { timeoutMs: 5000, what: 'the server to hold the first read' })
      // Joined while it has more than half its time left; sent on its own once it has less.
      const early = ask(c2, capsule, { read: { seqno: 1 } })
      await waitFor(() => r.f.counters.merged === 1, { timeoutMs: 5000, what: 'the second read to merge' })
      await new Promise((resolve) => setTimeout(resolve, 250))
      const late = ask(c3, capsule, { read: { seqno: 1 } })
      await waitFor(() => held.waiting.length === 2, { timeoutMs: 5000, what: 'the third read to reach the server by itself' })
      expect(r.f.counters.merged).toBe(1)
      held.waiting[1]!.reply({ response: { final: true, info: { size: 2 } } })
      expect((await late).response?.info?.size).toBe(2)
      expect((await early).nack?.detail).toMatch(/no answer/)
    } finally {
      for (const n of [c1, c2, c3, r, s]) n.f.stop()
    }
  })

  it('an unsubscribe from the requester whose read others merged into is answered by the router, its own read ends STOPPED, and the read goes on for the others', async () => {
    const { held, c1, c2, r } = twoReaders()
    const first: pb.IPdu[] = []
    const nonce = c1.f.request(capsule, { read: { seqno: 3 } }, (pdu) => { first.push(pdu) })
    await waitFor(() => held.waiting.length === 1, { timeoutMs: 5000, what: 'the server to hold the read' })
    const merged = ask(c2, capsule, { read: { seqno: 3 } })
    await waitFor(() => r.f.counters.merged === 1, { timeoutMs: 5000, what: 'the second read to merge' })
    const unsubscribed = await ask(c1, capsule, { unsubscribe: { nonce } })
    expect(unsubscribed.response?.unsubscribe?.found).toBe(true)
    // It went no further than the router: the server never heard of it, and the read goes on.
    expect(held.seen.some((pdu) => pdu.request?.unsubscribe != null)).toBe(false)
    held.waiting[0]!.reply({ response: { final: true, info: { size: 4 } } })
    expect((await merged).response?.info?.size).toBe(4)
    await new Promise((resolve) => setTimeout(resolve, 50))
    // Its own read ends with STOPPED, as the server ends one it stops, and gets nothing of the others' answer.
    expect(first.map((pdu) => pdu.nack?.reason)).toEqual([pb.NackReason.STOPPED])
  })

  it('a full table of requests in flight takes room from the neighbour holding the most, down to one over the newcomer (one peer subscribed to a silent name for every slot and held it against everyone)', async () => {
    const seen: pb.IPdu[] = []
    const silent: LocalService = {
      serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)),
      handle: (pdu, reply) => { seen.push(pdu); if (pdu.request?.unsubscribe != null) reply({ response: { final: true, unsubscribe: { found: true } } }) }
    }
    const [c1, c2, s] = [node(1), node(2), node(4, silent)]
    const r = memoryNode(name(3), undefined, undefined, { maxPending: 8 })
    connect(c1, r); connect(c2, r); connect(r, s)
    route(c1, capsule, r, s); route(c2, capsule, r, s); route(r, capsule, s)
    const answers = (from: TestNode, n: number): Array<Promise<pb.IPdu>> => Array.from({ length: n }, () => ask(from, capsule, { subscribe: { fromSeqno: 0 } }))
    const first = answers(c1, 8)
    await waitFor(() => seen.length === 8, { timeoutMs: 5000, what: 'the server to hold 8 subscriptions' })
    // At the limit, the one holding it all gets no more.
    expect((await answers(c1, 1)[0])!.nack).toMatchObject({ reason: pb.NackReason.CONGESTION, detail: 'too many requests in flight' })
    // A newcomer gets room from it, one request at a time, until they hold alike.
    const second: pb.IPdu[] = []
    for (let i = 0; i < 5; i++) c2.f.request(capsule, { subscribe: { fromSeqno: 0 } }, (pdu) => { second.push(pdu) })
    await waitFor(() => second.length === 1, { timeoutMs: 5000, what: 'the fifth subscription to be refused' })
    expect(second[0]!.nack).toMatchObject({ reason: pb.NackReason.CONGESTION, detail: 'too many requests in flight' })
    expect(r.f.counters.pendingEvicted).toBe(4)
    const evicted = await Promise.all(first.slice(0, 4))
    for (const pdu of evicted) expect(pdu.nack?.detail).toMatch(/table of requests in flight is full, and this request.s requester held the most/)
    // The server was told to stop each one.
    await waitFor(() => seen.filter((pdu) => pdu.request?.unsubscribe != null).length === 4, { timeoutMs: 5000, what: 'the server to be told to stop 4 subscriptions' })
  })

  it('a full table of requests in flight takes room by the path a subscription came along: a subscriber behind a router gives up room to another behind the same router (they were one neighbour, and two routers\' subscribers holding alike locked out every other request of either)', async () => {
    const seen: pb.IPdu[] = []
    const silent: LocalService = {
      serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)),
      handle: (pdu, reply) => { seen.push(pdu); if (pdu.request?.unsubscribe != null) reply({ response: { final: true, unsubscribe: { found: true } } }) }
    }
    const [a1, a2, h, r1, r2, s] = [node(1), node(2), node(5), node(6), node(7), node(4, silent)]
    const r = memoryNode(name(3), undefined, undefined, { maxPending: 8 })
    connect(a1, r1); connect(h, r1); connect(a2, r2); connect(r1, r); connect(r2, r); connect(r, s)
    for (const [at, via] of [[a1, r1], [h, r1], [a2, r2], [r1, r], [r2, r]] as const) route(at, capsule, via, s)
    route(r, capsule, s)
    const subscribe = (from: TestNode): Promise<pb.IPdu> => ask(from, capsule, { subscribe: { fromSeqno: 0 } })
    const first = [...Array.from({ length: 4 }, () => subscribe(a1)), ...Array.from({ length: 4 }, () => subscribe(a2))]
    await waitFor(() => seen.length === 8, { timeoutMs: 5000, what: 'the server to hold 8 subscriptions' })
    // The two routers hold alike at r; behind r1, the subscriber holding the most gives up its oldest.
    const honest: pb.IPdu[] = []
    h.f.request(capsule, { subscribe: { fromSeqno: 0 } }, (pdu) => { honest.push(pdu) })
    await waitFor(() => r.f.counters.pendingEvicted === 1, { timeoutMs: 5000, what: 'a1\'s oldest subscription to give up its room' })
    expect((await first[0])!.nack?.detail).toMatch(/table of requests in flight is full, and this request.s requester held the most/)
    // A read of r1's own (no subscriber named) takes room from a1 too, not from a2 (r2 holds no more than r1).
    const read = ask(r1, capsule, { info: {} })
    await waitFor(() => r.f.counters.pendingEvicted === 2, { timeoutMs: 5000, what: 'a1\'s next subscription to give up its room' })
    expect((await first[1])!.nack?.detail).toMatch(/held the most/)
    await waitFor(() => seen.filter((pdu) => pdu.request?.info != null).length === 1, { timeoutMs: 5000, what: 'the read to reach the server' })
    expect(honest).toEqual([])
    void read
  })

  it('a node\'s own request past its pending limit is refused to its caller with CONGESTION (it vanished, and the caller waited out its timeout)', async () => {
    const held = holding(capsule)
    const c = memoryNode(name(1), undefined, undefined, { maxPending: 1 })
    const s = node(4, held.service)
    connect(c, s)
    route(c, capsule, s)
    c.f.request(capsule, { read: { seqno: 1 } }, () => {})
    const refused = await ask(c, capsule, { read: { seqno: 2 } })
    expect(refused.nack).toMatchObject({ reason: pb.NackReason.CONGESTION, detail: 'too many requests in flight' })
  })

  it('queues a request on a route miss while the name is resolved, then forwards it', async () => {
    const s = node(4, server(capsule))
    let resolved = 0
    const r = node(2, undefined, async (n) => {
      resolved++
      // A lookup that takes 30 ms (not a wait): both requests arrive and queue while it runs.
      await new Promise((resolve) => setTimeout(resolve, 30))
      route(r, n, s)
      r.f.routesChanged()
    })
    const c = node(1)
    connect(c, r); connect(r, s)
    route(c, capsule, r, s)
    const replies = await Promise.all([ask(c, capsule, { info: {} }), ask(c, capsule, { read: { seqno: 1 } })])
    expect(replies.map((p) => p.response?.info?.size)).toEqual([7, 1])
    expect(resolved).toBe(1)
    expect(r.f.counters.queued).toBe(2)
  })

  it('gives up with NO_ROUTE after the resolve timeout and CONGESTION when the queue is full', async () => {
    // A lookup that takes 10 ms and finds nothing (the time is the lookup's, not a wait).
    const r = node(2, undefined, async () => { await new Promise((resolve) => setTimeout(resolve, 10)) })
    const c = node(1)
    connect(c, r)
    route(c, capsule, r)
    const replies = await Promise.all(Array.from({ length: 5 }, async (_, i) => await ask(c, capsule, { read: { seqno: i } })))
    const reasons = replies.map((p) => p.nack?.reason).sort()
    expect(reasons).toEqual([pb.NackReason.NO_ROUTE, pb.NackReason.NO_ROUTE, pb.NackReason.NO_ROUTE, pb.NackReason.NO_ROUTE, pb.NackReason.CONGESTION].sort())
    // None of them went out: none may have reached a server.
    expect(replies.map((p) => p.nack?.maybeDelivered ?? false)).toEqual([false, false, false, false, false])
  })

  it('forgets the requests waiting for a route that came from a neighbour that went away: a route found later sends none of them on (each subscription was held at the router and the server for good)', async () => {
    // A root router: its lookup finds nothing at once, and a request waits for an advertisement to bring the route.
    const r = memoryNode(name(2), undefined, async () => {}, { resolveTimeoutMs: 60_000, missQueueLimit: 4 })
    const gone = recorder(name(5))
    const stays = recorder(name(6))
    const server = recorder(name(9))
    r.f.addLink(gone.link)
    r.f.addLink(stays.link)
    r.f.addLink(server.link)
    for (let i = 1; i <= 3; i++) r.f.receive(request(i, { subscribe: { fromSeqno: 0 } }), gone.link)
    r.f.receive({ ...request(4, { subscribe: { fromSeqno: 0 } }), source: name(6) }, stays.link)
    r.f.removeLink(gone.link)
    // Its room in the queue is free: the queue (4) takes 3 more of the neighbour that stays.
    for (let i = 10; i < 13; i++) r.f.receive({ ...request(i, { info: {} }), destination: name(50), source: name(6) }, stays.link)
    expect(stays.sent.map((p) => p.nack?.detail)).toEqual([])
    // The server advertises the capsule: the route the subscriptions waited for.
    route(r, capsule, { f: { self: name(9) } } as unknown as TestNode)
    r.f.routesChanged()
    // Only the subscription of the neighbour still linked goes to the server; nothing is held for the one gone.
    expect(server.sent.map((p) => p.nonce?.[0])).toEqual([4])
    expect(r.f.inUse(gone.link)).toBe(false)
    r.f.stop()
  })

  it('NACKs requests pending on a neighbour that goes away', async () => {
    const slow: LocalService = { serves: () => true, handle: () => { /* never answers */ } }
    const [c, r, s] = [node(1), node(2), node(3, slow)]
    connect(c, r); connect(r, s)
    route(c, capsule, r, s); route(r, capsule, s)
    const pending = ask(c, capsule, { info: {} })
    await waitFor(() => s.f.counters.delivered === 1, { timeoutMs: 5000, what: 'the request to reach the server through r (pending there)' })
    r.f.removeLink(s.f.self)
    // It went out: it may have reached the server (an append may be stored), and the NACK says so.
    const nack = (await pending).nack
    expect([nack?.reason, nack?.maybeDelivered, nack?.detail]).toEqual([pb.NackReason.NO_ROUTE, true, expect.stringMatching(/^lost the link to \S+ after the request went out: it may have reached the server$/)])
    expect(r.table.lookup(capsule, clock())).toBeUndefined()
  })
})

describe('Forwarder passing PDUs on in the encoding they came in', () => {
  it('passes a reply on in the encoding it came in, and encodes it again only for a requester merged in under its own nonce', () => {
    const r = node(1)
    const encodings: Array<Uint8Array | undefined> = []
    const sent: pb.IPdu[] = []
    const client = { peer: name(5), cost: 1, send: (pdu: pb.IPdu, encoded?: Uint8Array) => { sent.push(pdu); encodings.push(encoded) } }
    const server = recorder(name(9))
    r.f.addLink(client)
    r.f.addLink(server.link)
    route(r, capsule, { f: { self: name(9) } } as unknown as TestNode)
    r.f.receive(request(1, { read: { seqno: 4 } }), client)
    r.f.receive(request(2, { read: { seqno: 4 } }), client)
    expect(r.f.counters.merged).toBe(1)
    const reply: pb.IPdu = { version: PDU_VERSION, destination: name(5), source: name(9), ttl: 8, nonce: new Uint8Array(16).fill(1), response: { final: true } }
    const encoded = pb.Pdu.encode(reply).finish()
    r.f.receive(pb.Pdu.decode(encoded), server.link, encoded)
    expect(sent.map((p) => p.nonce![0])).toEqual([1, 2])
    expect(encodings[0]).toBe(encoded)
    expect(encodings[1]).toBeUndefined()
  })

  it('refuses a large reply to requests merged in, for a backed-up link, without handing it a copy for each (an info of 4 MiB of metadata merged 10,000 times was encoded 10,000 times, each to be refused)', () => {
    const r = node(1)
    // Replies the link was handed (a libp2p link encodes each), and the NACKs among them.
    const offered: pb.IPdu[] = []
    let taken = 0
    // A link that takes one large reply and then holds it: backed up, as a requester that does not read.
    const client: Link = {
      peer: name(5),
      cost: 1,
      backedUp: () => taken > 0,
      send: (pdu) => {
        offered.push(pdu)
        if (pdu.nack != null) return
        if (taken > 0) throw new LinkCongestedError('the link to the client is backed up')
        taken++
      }
    }
    const server = recorder(name(9))
    r.f.addLink(client)
    r.f.addLink(server.link)
    route(r, capsule, { f: { self: name(9) } } as unknown as TestNode)
    const merged = 100
    for (let i = 1; i <= merged; i++) r.f.receive(request(i, { info: {} }), client)
    expect([server.sent.length, r.f.counters.merged]).toEqual([1, merged - 1])
    const large: pb.IPdu = { version: PDU_VERSION, destination: name(5), source: name(9), ttl: 8, nonce: new Uint8Array(16).fill(1), response: { final: true, info: { frontier: [new Uint8Array(SMALL_REPLY_BYTES)] } } }
    r.f.receive(large, server.link, pb.Pdu.encode(large).finish())
    // The first requester's reply goes as it came; each other is refused as the link would refuse it, with no copy.
    expect(offered.filter((p) => p.response != null)).toHaveLength(1)
    const nacks = offered.filter((p) => p.nack != null)
    expect(nacks).toHaveLength(merged - 1)
    expect(nacks.every((p) => p.nack?.reason === pb.NackReason.CONGESTION && /^the link to the requester is backed up: a reply of \d+ bytes/.test(p.nack.detail ?? ''))).toBe(true)
    // A small reply still goes to each requester of a backed-up link (it takes replies of up to SMALL_REPLY_BYTES).
    for (let i = 1; i <= 3; i++) r.f.receive(request(100 + i, { info: {} }), client)
    const small: pb.IPdu = { ...large, nonce: new Uint8Array(16).fill(101), response: { final: true, info: { size: 3 } } }
    offered.length = 0
    client.send = (pdu) => { offered.push(pdu) }
    r.f.receive(small, server.link, pb.Pdu.encode(small).finish())
    expect(offered.map((p) => p.response?.info?.size)).toEqual([3, 3, 3])
  })

  it('forwards a request in the encoding it came in, its ttl one less in place; one whose ttl it cannot patch is encoded again', () => {
    const r = node(1)
    const client = recorder(name(5))
    const encodings: Array<Uint8Array | undefined> = []
    const sent: pb.IPdu[] = []
    r.f.addLink(client.link)
    r.f.addLink({ peer: name(9), cost: 1, send: (pdu: pb.IPdu, encoded?: Uint8Array) => { sent.push(pdu); encodings.push(encoded) } })
    route(r, capsule, { f: { self: name(9) } } as unknown as TestNode)
    const append = request(1, { append: { records: [{ payload: new Uint8Array(4096).fill(7) }] } })
    const encoded = pb.Pdu.encode(append).finish()
    r.f.receive(pb.Pdu.decode(encoded), client.link, encoded)
    expect(encodings[0]).toBe(encoded)
    expect(pb.Pdu.decode(encodings[0]!).ttl).toBe(7)
    expect(sent[0]!.ttl).toBe(7)
    // A ttl of 128 becomes 127: a varint one byte shorter, so the request is encoded again.
    const wide = { ...request(2, { read: { seqno: 1 } }), ttl: 128 }
    const wideEncoded = pb.Pdu.encode(wide).finish()
    r.f.receive(pb.Pdu.decode(wideEncoded), client.link, wideEncoded)
    expect(encodings[1]).toBeUndefined()
    expect(sent[1]!.ttl).toBe(127)
  })
})

describe('Forwarder around a server or a router on the way that does not answer', () => {
  it('a server that leaves a request unanswered is named in the CONGESTION, and the next requests for its capsule go to another server of it while there is one', async () => {
    // A replica whose process hung (its link still up) drew every request for the capsule, each to fail after the
    // router's pendingTimeoutMs, though another replica could answer (replication attack F1).
    const seen: number[] = []
    const hung: LocalService = { serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)), handle: () => { seen.push(1) } }
    const answering = server(capsule)
    const [c, r, s1, s2] = [node(1), memoryNode(name(2), undefined, undefined, { pendingTimeoutMs: 200 }), node(3, hung), node(4, answering)]
    connect(c, r); connect(r, s1); const toS2 = connect(r, s2)
    c.f.setDefaultRoute(r.f.self)
    route(r, capsule, s1)
    r.table.install({ capsule, server: s2.f.self, nextHop: s2.f.self, cost: 2, expiresAtUs: clock() + HOUR })
    const first = await ask(c, capsule, { info: {} })
    expect(first.nack?.reason).toBe(pb.NackReason.CONGESTION)
    expect(first.nack?.detail).toBe(`server ${formatName(name(3))} gave no answer within 200 ms; this router sends the requests for ${formatName(capsule)} to another of its servers for 30 s`)
    // Asking again is worth it, and says so; a CONGESTION without the switch does not (clients would double a load).
    expect(first.nack?.retryAfterMs).toBe(SWITCHED_SERVER_RETRY_MS)
    expect((await ask(c, capsule, { info: {} })).response?.info?.size).toBe(7)
    expect(seen).toHaveLength(1)
    // With no other server left, the silent one is asked again (better than no route at all).
    toS2.close()
    const alone = await ask(c, capsule, { info: {} })
    expect(seen).toHaveLength(2)
    expect(alone.nack?.detail).toBe(`server ${formatName(name(3))} gave no answer within 200 ms`)
    expect(alone.nack?.retryAfterMs ?? 0).toBe(0)
  })

  it('a read, an info or a key-value read its server leaves unanswered for failoverAfterMs goes to another server of the capsule and is answered from there; that server is avoided after', async () => {
    // A replica that hung cost every new reader the router's whole timeout (10 s) before its CONGESTION sent the
    // reader elsewhere (replication attack F1, left undone there).
    const seen: pb.IPdu[] = []
    const hung: LocalService = { serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)), handle: (pdu) => { seen.push(pdu) } }
    const { c, r, calls } = hungBeforeAnswering(hung, { pendingTimeoutMs: 5000, failoverAfterMs: 100 })
    const started = performance.now()
    const [info, read] = await Promise.all([ask(c, capsule, { info: {} }), ask(c, capsule, { read: { seqno: 3 } })])
    expect({ info: info.response?.info?.size, read: read.response?.info?.size, fast: performance.now() - started < 2000 }).toEqual({ info: 7, read: 3, fast: true })
    expect(r.f.counters.failedOver).toBe(2)
    // The next requests go straight to the server that answers.
    expect((await ask(c, capsule, { kvRead: {} })).response?.info?.size).toBe(7)
    expect({ hung: seen.length, answering: calls.n }).toEqual({ hung: 2, answering: 3 })
  })

  it('an append, a subscription, a request to a server by name and a read whose responses began are not sent to another server', async () => {
    const seen: pb.IPdu[] = []
    const hung: LocalService = {
      serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)) || Buffer.from(n).equals(Buffer.from(name(3))),
      handle: (pdu, reply) => {
        seen.push(pdu)
        // A read it starts to answer (a heads-up of what follows), then hangs.
        if (pdu.request?.read?.seqno === 9) reply({ response: { followingBytes: 4096 } })
      }
    }
    const { c, r, calls } = hungBeforeAnswering(hung, { pendingTimeoutMs: 700, failoverAfterMs: 100 })
    const subscribed: pb.IPdu[] = []
    c.f.request(capsule, { subscribe: { fromSeqno: 0 } }, (pdu) => { subscribed.push(pdu) })
    const [append, began, byName] = await Promise.all([
      ask(c, capsule, { append: { records: [{ payload: new Uint8Array(8) }] } }),
      new Promise<pb.IPdu[]>((resolve) => { const got: pb.IPdu[] = []; c.f.request(capsule, { read: { seqno: 9 } }, (pdu) => { got.push(pdu); if (pdu.nack != null || pdu.response?.final === true) resolve(got) }) }),
      ask(c, name(3), { read: { seqno: 1 }, capsule })
    ])
    expect(append.nack?.reason).toBe(pb.NackReason.CONGESTION)
    expect(began.map((p) => p.nack?.reason ?? 'response')).toEqual(['response', pb.NackReason.CONGESTION])
    expect(byName.nack?.reason).toBe(pb.NackReason.CONGESTION)
    expect({ failedOver: r.f.counters.failedOver, answering: calls.n, subscribed: subscribed.length, hung: seen.length }).toEqual({ failedOver: 0, answering: 0, subscribed: 0, hung: 4 })
  })

  it('a writer\'s batch sent to a replica by name, to be handled as sent to the capsule, goes to another replica when that one does not answer, up to MOVABLE_APPEND_BYTES; one for that replica alone stays; later batches for it go to the other at once, until it speaks again', async () => {
    const seen: pb.IPdu[] = []
    const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b))
    const late: Array<Parameters<LocalService['handle']>[1]> = []
    const hung: LocalService = { serves: (n) => same(n, capsule) || same(n, name(3)), handle: (pdu, reply) => { seen.push(pdu); late.push(reply) } }
    const answering: LocalService = {
      serves: (n) => same(n, capsule) || same(n, name(4)),
      handle: (pdu, reply) => { reply({ response: { final: true, info: { size: pdu.request?.append?.records?.[0]?.payload?.length ?? -1 } } }) }
    }
    // A MiB's allowance at 8 MiB/s, not 1: the router's waits there take a second or two, not 7 s (the limit is in bytes).
    const { c, r } = hungBeforeAnswering(hung, { pendingTimeoutMs: 1500, failoverAfterMs: 100, slowLinkBytesPerSecond: 8 * 1024 * 1024 }, answering)
    // What the router counts of an append: 1 KiB, and each record's payload and 128 bytes.
    const atLimit = MOVABLE_APPEND_BYTES - 1024 - 128
    const batch = (bytes: number): pb.IRequest => ({ append: { records: [{ payload: new Uint8Array(bytes) }] }, capsule, asCapsule: true })
    const [moved, tooLarge, forThatOne] = await Promise.all([
      ask(c, name(3), batch(atLimit)),
      ask(c, name(3), batch(atLimit + 1)),
      ask(c, name(3), { append: { records: [{ payload: new Uint8Array(8) }] }, capsule })
    ])
    expect({ moved: moved.response?.info?.size, by: moved.source?.[0] }).toEqual({ moved: atLimit, by: 4 })
    expect([tooLarge, forThatOne].map((p) => p.nack?.reason)).toEqual([pb.NackReason.CONGESTION, pb.NackReason.CONGESTION])
    expect({ failedOver: r.f.counters.failedOver, hung: seen.length }).toEqual({ failedOver: 1, hung: 3 })
    // The next batch for that replica goes to the other at once: it does not wait there again.
    const next = await ask(c, name(3), batch(8))
    expect({ next: next.response?.info?.size, by: next.source?.[0], hung: seen.length }).toEqual({ next: 8, by: 4, hung: 3 })
    // It speaks again (a late answer, dropped here): it is asked again.
    const dropped = r.f.counters.dropped
    late[0]!({ response: { final: true, info: { size: 0 } } })
    await waitFor(() => r.f.counters.dropped > dropped, { timeoutMs: 1000, what: 'the late answer to reach the router' })
    await ask(c, name(3), batch(8))
    expect(seen.length).toBe(4)
  })

  it('a subscription on a server that stops answering pings ends with MOVED where another server has a route to its capsule, and the server is avoided; one that only has nothing to send stays', async () => {
    // A subscriber on a replica that hung waited with nothing for as long as the link stayed up (libp2p's
    // connection monitor cut it after 10 to 20 s), while the other replicas took the writer's appends.
    const alone = name(98)
    const subscribed: pb.IPdu[] = []
    const quiet: LocalService = { serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)) || Buffer.from(n).equals(Buffer.from(alone)), handle: (pdu) => { subscribed.push(pdu) } }
    const calls = { n: 0 }
    const [c, r, s1, s2] = [node(1), memoryNode(name(2), undefined, undefined, { probeSilentAfterMs: 100, probeTimeoutMs: 100 }), node(3, quiet), node(4, server(capsule, calls))]
    connect(c, r); const toS1 = connect(r, s1); connect(r, s2)
    c.f.setDefaultRoute(r.f.self)
    route(r, capsule, s1); route(r, alone, s1)
    r.table.install({ capsule, server: s2.f.self, nextHop: s2.f.self, cost: 2, expiresAtUs: clock() + HOUR })
    const got: pb.IPdu[] = []
    const gotAlone: pb.IPdu[] = []
    c.f.request(capsule, { subscribe: { fromSeqno: 0 } }, (pdu) => { got.push(pdu) })
    c.f.request(alone, { subscribe: { fromSeqno: 0 } }, (pdu) => { gotAlone.push(pdu) })
    await waitFor(() => subscribed.length === 2, { timeoutMs: 2000, what: 'both subscriptions to reach the server' })
    // Nothing to send, and it answers pings: the subscriptions stay.
    await new Promise((resolve) => setTimeout(resolve, 700))
    expect([got.length, gotAlone.length, r.f.counters.failedOver]).toEqual([0, 0, 0])
    toS1.ba.pause()
    await waitFor(() => got.length === 1, { timeoutMs: 3000, what: 'the subscription on the hung server to end' })
    expect({ reason: got[0]!.nack?.reason, detail: got[0]!.nack?.detail }).toEqual({ reason: pb.NackReason.MOVED, detail: `${formatName(name(3))}, the next hop, did not answer a ping within 100 ms: subscribe again (another route to ${formatName(capsule)} is left)` })
    // Subscribed again by name, it goes to the other server, as does any request for the capsule.
    expect((await ask(c, capsule, { info: {} })).response?.info?.size).toBe(7)
    expect({ answering: calls.n, alone: gotAlone.length, failedOver: r.f.counters.failedOver }).toEqual({ answering: 1, alone: 0, failedOver: 1 })
  })

  it('a subscription through a router on the way that stops answering pings ends with MOVED where a route around that router is left, even to the same server, and that router is avoided until it speaks', async () => {
    // A router on the way that hung (SIGSTOP, links up) kept its subscribers waiting with nothing until
    // libp2p's connection monitor cut the link: only a server next to the router was pinged.
    const subscribed: pb.IPdu[] = []
    const calls = { n: 0 }
    const answering = server(capsule, calls)
    const quiet: LocalService = { serves: answering.serves, handle: (pdu, reply) => { if (pdu.request?.subscribe != null) subscribed.push(pdu); else answering.handle(pdu, reply) } }
    const probing = { probeSilentAfterMs: 100, probeTimeoutMs: 100 }
    const [c, r1, r2, r3, s] = [node(1), memoryNode(name(2), undefined, undefined, probing), node(3), node(4), node(5, quiet)]
    connect(c, r1); const toR2 = connect(r1, r2); connect(r1, r3); connect(r2, s); connect(r3, s)
    c.f.setDefaultRoute(r1.f.self)
    // The same server two ways: r2 preferred (cost 1), r3 (cost 2).
    route(r1, capsule, r2, s); route(r2, capsule, s); route(r3, capsule, s)
    r1.table.install({ capsule, server: s.f.self, nextHop: r3.f.self, cost: 2, expiresAtUs: clock() + HOUR })
    const got: pb.IPdu[] = []
    c.f.request(capsule, { subscribe: { fromSeqno: 0 } }, (pdu) => { got.push(pdu) })
    await waitFor(() => subscribed.length === 1, { timeoutMs: 2000, what: 'the subscription to reach the server through r2' })
    // r2 only has nothing to send, and answers pings: the subscription stays.
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect([got.length, r1.f.counters.failedOver]).toEqual([0, 0])
    toR2.ba.pause()
    await waitFor(() => got.length === 1, { timeoutMs: 3000, what: 'the subscription through the hung router to end' })
    expect({ reason: got[0]!.nack?.reason, detail: got[0]!.nack?.detail }).toEqual({ reason: pb.NackReason.MOVED, detail: `${formatName(name(3))}, the next hop, did not answer a ping within 100 ms: subscribe again (another route to ${formatName(capsule)} is left)` })
    // Subscribed again, it reaches the same server through r3, as a read now does.
    c.f.request(capsule, { subscribe: { fromSeqno: 0 } }, () => {})
    await waitFor(() => subscribed.length === 2, { timeoutMs: 2000, what: 'the new subscription to reach the server through r3' })
    expect((await ask(c, capsule, { info: {} })).response?.info?.size).toBe(7)
    expect({ viaR3: r3.f.counters.forwarded, failedOver: r1.f.counters.failedOver }).toEqual({ viaR3: 2, failedOver: 1 })
    // r2 speaks again: its route is taken again at once.
    toR2.ba.resume()
    r2.f.request(r1.f.self, { info: {} }, () => {})
    await waitFor(() => r1.f.counters.received > 0 && r2.f.counters.received > 0, { timeoutMs: 1000, what: 'r2 to be heard' })
    const before = r2.f.counters.forwarded
    await ask(c, capsule, { info: {} })
    expect(r2.f.counters.forwarded).toBe(before + 1)
  })

  it('a quiet server whose subscriptions have no route around it costs their route lookups once per probeSilentAfterMs, not every sweep, and is not pinged', async () => {
    // Every sweep (4 a second) looked up a route for each subscription on a link that had been quiet for 2 s: a
    // server of 10,000 idle subscribers with one replica cost its router 40,000 lookups a second.
    const quiet: LocalService = { serves: (n) => Buffer.from(n).equals(Buffer.from(capsule)), handle: () => {} }
    const [c, r, s] = [node(1), memoryNode(name(2), undefined, undefined, { probeSilentAfterMs: 1000, probeTimeoutMs: 100 }), node(3, quiet)]
    connect(c, r); connect(r, s)
    c.f.setDefaultRoute(r.f.self)
    route(r, capsule, s)
    let pings = 0
    const link = r.f.link(s.f.self)!
    const probe = link.probe!
    link.probe = async (timeoutMs) => { pings++; await probe(timeoutMs) }
    for (let i = 0; i < 100; i++) c.f.request(capsule, { subscribe: { fromSeqno: 0 } }, () => {})
    await new Promise((resolve) => setTimeout(resolve, 200))
    const lookup = vi.spyOn(r.table, 'lookup')
    await new Promise((resolve) => setTimeout(resolve, 2600))
    expect({ lookups: lookup.mock.calls.length <= 300, pings, failedOver: r.f.counters.failedOver }).toEqual({ lookups: true, pings: 0, failedOver: 0 })
  })

  it('a large request waits for its answer longer, by its size at 1 MiB/s over 6 links: a small one expires after the fixed timeout, one of 256 KiB 1.5 s later', async () => {
    const r = memoryNode(name(1), undefined, undefined, { pendingTimeoutMs: 100 })
    const expired: number[] = []
    r.f.addLink(recorder(name(9)).link)
    route(r, capsule, { f: { self: name(9) } } as unknown as TestNode)
    r.f.request(capsule, { read: { seqno: 1 } }, () => {}, 8, () => { expired.push(1) })
    r.f.request(capsule, { append: { records: [{ payload: new Uint8Array(256 * 1024) }] } }, () => {}, 8, () => { expired.push(2) })
    await waitFor(() => expired.length === 1, { timeoutMs: 2000, what: 'the small request to expire' })
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(expired).toEqual([1])
    await waitFor(() => expired.length === 2, { timeoutMs: 3000, what: 'the large request to expire' })
    expect(requestTimeoutMs(100, { request: { append: { records: [{ payload: new Uint8Array(1024 * 1024) }] } } })).toBeGreaterThanOrEqual(6100)
  })
})

describe('Forwarder with two links to one neighbour (it moved: docs/moving.md)', () => {
  it('never sends a request back to the neighbour it came from over that neighbour\'s other link (two routers each the other\'s upstream, both dialled: the request bounced and its requester got LOOP, not NO_ROUTE)', () => {
    const r = node(1)
    // One neighbour over two connections, the newer taking what goes to it.
    const [older, newer] = [recorder(name(5)), recorder(name(5))]
    for (const { link } of [older, newer]) r.f.addLink(link)
    // Its upstream is that neighbour, and so is the only route to the capsule.
    r.f.setDefaultRoute(name(5))
    route(r, capsule, { f: { self: name(5) } } as unknown as TestNode)
    r.f.receive(request(1, { info: {} }), older.link)
    r.f.receive({ ...request(2, { info: {} }), destination: name(50) }, older.link)
    expect(newer.sent).toEqual([])
    expect(older.sent.map((p) => p.nack?.reason)).toEqual([pb.NackReason.NO_ROUTE, pb.NackReason.NO_ROUTE])
  })

  it('sends new requests on the newest link, replies on the link their request came over, and NACKs only what went out on a link that goes', () => {
    const r = node(1)
    const client = recorder(name(5))
    const oldServer = recorder(name(9))
    const newServer = recorder(name(9))
    r.f.addLink(client.link)
    r.f.addLink(oldServer.link)
    route(r, capsule, { f: { self: name(9) } } as unknown as TestNode)
    r.f.receive(request(1, { read: { seqno: 1 } }), client.link)
    expect(oldServer.sent).toHaveLength(1)
    r.f.addLink(newServer.link)
    r.f.receive(request(2, { read: { seqno: 2 } }), client.link)
    r.f.receive(request(3, { subscribe: { fromSeqno: 0 } }), client.link)
    expect(newServer.sent.map((p) => p.nonce![0])).toEqual([2, 3])
    // The old link's reply comes back over the old link and is passed on.
    r.f.receive({ version: PDU_VERSION, destination: name(5), source: name(9), ttl: 8, nonce: new Uint8Array(16).fill(1), response: { final: true } }, oldServer.link)
    expect(client.sent.map((p) => [p.nonce![0], p.nack == null])).toEqual([[1, true]])
    // Retiring the new link (as if it were the old one) ends the subscription on it with MOVED and tells the server.
    r.f.retire(newServer.link)
    expect(client.sent.at(-1)!.nack?.reason).toBe(pb.NackReason.MOVED)
    expect(newServer.sent.at(-1)!.request?.unsubscribe?.nonce).toEqual(new Uint8Array(16).fill(3))
    expect(r.f.inUse(newServer.link)).toBe(true) // the read of nonce 2 is still pending on it
    // The old link goes: nothing is pending on it any more, the routes stay (the new link is up).
    r.f.removeLink(oldServer.link)
    expect(client.sent.filter((p) => p.nack?.reason === pb.NackReason.NO_ROUTE)).toHaveLength(0)
    expect(r.table.lookup(capsule, clock())).toBeDefined()
    expect(r.f.link(name(9))).toBe(newServer.link)
    // The new one goes too: its pending read is NACKed, and the routes through it go.
    r.f.removeLink(newServer.link)
    expect(client.sent.at(-1)!.nack?.reason).toBe(pb.NackReason.NO_ROUTE)
    expect(r.table.lookup(capsule, clock())).toBeUndefined()
    r.f.stop()
  })

  it('ends a subscription whose upstream link closed before it was retired with MOVED (subscribe again by name), and a read with NO_ROUTE', () => {
    // The race of a move: the far end closes the old link before this node retired it.
    const r = node(1)
    const client = recorder(name(5))
    const oldServer = recorder(name(9))
    r.f.addLink(client.link)
    r.f.addLink(oldServer.link)
    route(r, capsule, { f: { self: name(9) } } as unknown as TestNode)
    r.f.receive(request(1, { read: { seqno: 1 } }), client.link)
    r.f.receive(request(2, { subscribe: { fromSeqno: 0 } }), client.link)
    expect(oldServer.sent.map((p) => p.nonce![0])).toEqual([1, 2])
    r.f.addLink(recorder(name(9)).link)
    r.f.removeLink(oldServer.link)
    const nacks = new Map(client.sent.map((p) => [p.nonce![0], p.nack]))
    expect(nacks.get(1)?.reason).toBe(pb.NackReason.NO_ROUTE)
    expect(nacks.get(2)?.reason).toBe(pb.NackReason.MOVED)
    expect(nacks.get(2)?.movedTo ?? undefined).toBeUndefined()
    r.f.stop()
  })
})

describe('Forwarder after a withdrawal', () => {
  it('a request from the parent for a capsule whose server just withdrew it still goes to that server, for a moment, instead of NO_ROUTE', async () => {
    const parent = node(10)
    const r = node(11)
    const calls = { n: 0 }
    const s = node(12, server(capsule, calls))
    connect(parent, r)
    connect(r, s)
    r.f.setDefaultRoute(parent.f.self)
    route(parent, capsule, r, s)
    route(r, capsule, s)
    // The server withdraws the capsule (it moved, or the server left for another router); the parent has not heard yet.
    r.table.removeMember(r.table.existingSet(s.f.self, s.f.self)!, capsule)
    expect(r.table.lookup(capsule, clock())).toBeUndefined()
    const reply = await ask(parent, capsule, { read: { seqno: 3 } })
    expect(reply.response?.info?.size).toBe(3)
    expect(calls.n).toBe(1)
    for (const n of [parent, r, s]) n.f.stop()
  })
})

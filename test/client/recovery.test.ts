// The client library's recovery: the Appender when the fate of a batch is
// unknown, and reads cut by a backed-up link, over a client, a router and a
// real capsule server on in-memory links that lose, change or hold back what
// crosses them.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Appender, GdpClient, type AppendReceipt } from '../../src/client/client.js'
import { remoteExport } from '../../src/cli/capsule-commands.js'
import { verifyExport } from '../../src/store/archive.js'
import { AppendRecoveryError, RequestTimeoutError, WriterConflictError } from '../../src/errors.js'
import type { Link } from '../../src/routing/forwarder.js'
import { pb } from '../../src/wire/index.js'
import { payload, waitFor } from '../helpers.js'
import { clock, connect, memoryNode, type MemoryLinkOptions, type MemoryNode } from '../routing/memory-links.js'
import { servedCapsule, type ServedCapsule } from './served-capsule.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })
const text = (b: Uint8Array): string => Buffer.from(b).toString()

type Overlay = ServedCapsule

/** Client -> router -> server, a capsule created on the server and routed. */
async function overlay (clientLink: MemoryLinkOptions = {}, timeoutMs = 800, maxRecordsPerResponse?: number): Promise<Overlay> {
  return await servedCapsule((undo) => cleanups.push(undo), { clientLink, timeoutMs, service: { maxRecordsPerResponse } })
}

/** Lets a test change what `from` sends to `to`: return undefined to lose the PDU. */
function tamper (from: MemoryNode, to: MemoryNode, change: (pdu: pb.IPdu) => pb.IPdu | undefined): void {
  const link = from.f.link(to.f.self) as Link & { send: Link['send'] }
  const send = link.send
  link.send = (pdu) => { const out = change(pdu); if (out !== undefined) send(out) }
}

async function readAll (o: Overlay): Promise<string[]> {
  const size = (await o.client.info(o.capsule.name)).size
  return (await o.client.read(o.capsule.name, { range: { from: 0, to: size } })).map((r) => text(r.payload))
}

const appendAll = async (appender: Appender, from: number, to: number): Promise<AppendReceipt[]> =>
  await Promise.all(Array.from({ length: to - from }, async (_, i) => await appender.append([payload(`p${from + i}`)])))
const expected = (n: number): string[] => Array.from({ length: n }, (_, i) => `p${i}`)

describe('Appender recovery', () => {
  it('lost acknowledgements: it finds the batches stored, goes on, and a later acknowledgement covers them', async () => {
    const o = await overlay()
    const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer), { maxInFlight: 4 })
    await appendAll(appender, 0, 5)
    // The acknowledgements of the four batches that go out first (as many as may be in flight) are lost: all four time out.
    let lost = 0
    tamper(o.s, o.r, (pdu) => pdu.response?.append != null && lost++ < 4 ? undefined : pdu)
    const receipts = await appendAll(appender, 5, 40)
    expect(appender.counters.recoveries).toBeGreaterThan(0)
    expect(appender.counters.resent).toBe(0) // the server had them all
    // Each receipt has the server's signed acknowledgement of its batch or of a later one.
    for (const r of receipts) expect(r.ack!.heartbeat.heartbeat.size).toBeGreaterThanOrEqual(r.heartbeat.heartbeat.size)
    expect(await readAll(o)).toEqual(expected(40))
  }, 20_000)

  it('lost requests: it finds the batches not stored and resends them, once', async () => {
    const o = await overlay()
    const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer), { maxInFlight: 4 })
    await appendAll(appender, 0, 3)
    let lost = 0
    tamper(o.c, o.r, (pdu) => pdu.request?.append != null && lost++ < 2 ? undefined : pdu)
    await appendAll(appender, 3, 30)
    expect(appender.counters.resent).toBeGreaterThan(0)
    expect(await readAll(o)).toEqual(expected(30))
  }, 20_000)

  // A LOOP comes back for a request whose nonce a router still has pending or answered a moment ago (docs/routing.md
  // section 7, step 2): routes changing under a ring of routers sent a copy of the batch back to it, and the first
  // copy went on, or was answered. It was fatal: the appends waiting failed, and the journal gave the place back.
  it.each(['CONGESTION', 'LOOP'] as const)('a %s NACK in place of an acknowledgement: the batch was stored, it is not sent twice', async (reason) => {
    const o = await overlay()
    const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer), { maxInFlight: 2 })
    let swapped = 0
    tamper(o.s, o.r, (pdu) => pdu.response?.append != null && swapped++ < 3
      ? { ...pdu, response: null, nack: { reason: pb.NackReason[reason], detail: 'injected' } }
      : pdu)
    await appendAll(appender, 0, 20)
    expect(appender.counters.recoveries).toBeGreaterThan(0)
    expect(appender.counters.resent).toBe(0)
    expect(await readAll(o)).toEqual(expected(20))
  }, 20_000)


  it('LOOP NACKs for every batch (a loop that lasts): recovery is bounded by maxRecoveries, and the next append once routes settle sends the batch again, nothing forked', async () => {
    const o = await overlay()
    const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer), { maxRecoveries: 2, retryDelayMs: 10 })
    await appendAll(appender, 0, 3)
    // The router answers each append LOOP and passes none on.
    let looping = true
    const back = o.r.f.link(o.c.f.self)!
    tamper(o.c, o.r, (pdu) => {
      if (!looping || pdu.request?.append == null) return pdu
      back.send({ version: pdu.version, destination: pdu.source, source: o.r.f.self, ttl: pdu.ttl, nonce: pdu.nonce, nack: { reason: pb.NackReason.LOOP, detail: 'this request came back: a routing loop' } })
      return undefined
    })
    const failed = await appender.append([payload('p3')]).catch((e: Error) => e) as Error
    expect(failed).toBeInstanceOf(AppendRecoveryError)
    expect(failed.message).toMatch(/gave up after 2 recoveries in a row; the last error: LOOP/)
    looping = false
    const receipt = await appender.append([payload('p4')])
    expect(receipt.heartbeat.heartbeat.size).toBe(5)
    expect(appender.counters.resent).toBeGreaterThan(0)
    expect(await readAll(o)).toEqual(expected(5))
  }, 20_000)

  it('the last acknowledgement lost: the receipt has no acknowledgement, and its heartbeat is the server head', async () => {
    const o = await overlay()
    const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer), { maxInFlight: 4 })
    await appendAll(appender, 0, 3)
    let lose = true
    tamper(o.s, o.r, (pdu) => { if (lose && pdu.response?.append != null) { lose = false; return undefined } return pdu })
    const [receipt] = await appendAll(appender, 3, 4)
    expect(receipt!.ack).toBeUndefined()
    const head = (await o.client.info(o.capsule.name)).head!
    expect(Buffer.compare(head.signature, receipt!.heartbeat.signature)).toBe(0)
    expect(await readAll(o)).toEqual(expected(4))
  }, 20_000)

  it('another writer moved the tip: every pending append fails with WriterConflictError, and later ones too', async () => {
    const o = await overlay()
    const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer), { maxInFlight: 2 })
    await appendAll(appender, 0, 2)
    const other = await o.client.writer(o.capsule.name, o.capsule.writer)
    await o.client.append(other, [payload('theirs')], clock())
    const results = await Promise.allSettled(Array.from({ length: 5 }, async (_, i) => await appender.append([payload(`late${i}`)])))
    expect(results.every((r) => r.status === 'rejected' && r.reason instanceof WriterConflictError)).toBe(true)
    await expect(appender.append([payload('after')])).rejects.toBeInstanceOf(WriterConflictError)
    expect(await readAll(o)).toEqual(['p0', 'p1', 'theirs'])
  }, 20_000)

  it('recovery that gives up (the router unreachable for a while) fails the appends waiting, and the next append recovers their batches and goes on: the same Appender, nothing forked', async () => {
    const o = await overlay()
    const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer), { maxRecoveries: 2, retryDelayMs: 10 })
    await appendAll(appender, 0, 3)
    // Everything the client sends is lost: the append times out, and so does each recovery's read of the tip.
    let cut = true
    tamper(o.c, o.r, (pdu) => cut ? undefined : pdu)
    const failed = await appender.append([payload('p3')]).catch((e: Error) => e) as Error
    expect(failed).toBeInstanceOf(AppendRecoveryError)
    expect(failed.message).toMatch(/gave up after 2 recoveries in a row; the last error: .*\. These records may be stored or not: the next append sends them again first/)
    // The link is back: the next append recovers the batch left behind (sent again, as it was signed), then goes out.
    cut = false
    const receipt = await appender.append([payload('p4')])
    expect(receipt.heartbeat.heartbeat.size).toBe(5)
    expect(await readAll(o)).toEqual(expected(5))
  }, 20_000)

  it('a request of its own with no answer is a RequestTimeoutError, not CONGESTION', async () => {
    const o = await overlay({}, 300)
    tamper(o.s, o.r, (pdu) => pdu.response?.info != null ? undefined : pdu)
    await expect(o.client.info(o.capsule.name)).rejects.toBeInstanceOf(RequestTimeoutError)
  })

  it('a client waits its own timeoutMs for an answer, longer than its forwarder\'s pendingTimeoutMs (it gave up at the forwarder\'s, whatever it was told)', async () => {
    const o = await overlay()
    const c = memoryNode(new Uint8Array(32).fill(4), undefined, undefined, { pendingTimeoutMs: 300 })
    cleanups.push(() => { c.f.stop() })
    connect(c, o.r)
    c.f.setDefaultRoute(o.r.f.self)
    const client = new GdpClient({ timeoutMs: 2000 }, { forwarder: c.f })
    // The server's answers to info reach the router 800 ms late.
    const link = o.s.f.link(o.r.f.self) as Link & { send: Link['send'] }
    const send = link.send
    link.send = (pdu, encoded) => { if (pdu.response?.info != null) setTimeout(() => { send(pdu, encoded) }, 800); else send(pdu, encoded) }
    expect((await client.info(o.capsule.name)).size).toBe(0)
    // Past its own timeout, it fails as before.
    link.send = () => {}
    const at = performance.now()
    await expect(client.info(o.capsule.name)).rejects.toBeInstanceOf(RequestTimeoutError)
    expect(performance.now() - at).toBeGreaterThan(1900)
  })

  it('pipelined appends on a slow link are paced by it, not refused', async () => {
    // The client's link: 64 KiB in flight and a 128 KiB queue; 32 appends of 48 KiB, 8 at once.
    const o = await overlay({ window: 64 * 1024, queue: { softLimitBytes: 128 * 1024 } }, 5000)
    const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer), { maxInFlight: 8, maxRecords: 1 })
    const big = (i: number): Uint8Array => new Uint8Array(48 * 1024).fill(i)
    await Promise.all(Array.from({ length: 32 }, async (_, i) => await appender.append([big(i)])))
    expect(o.c.f.counters.paced).toBeGreaterThan(0)
    expect(appender.counters.recoveries).toBe(0)
    const records = await o.client.read(o.capsule.name, { range: { from: 0, to: 32 } })
    expect(records.map((r) => r.payload[0])).toEqual(Array.from({ length: 32 }, (_, i) => i))
  }, 20_000)
})

describe('a subscription whose path breaks', () => {
  afterEach(() => { vi.useRealTimers() })

  /**
   * A subscription that got its first record, whose client's link to its router goes (it is told MOVED, and its next
   * tries find no route) for 1.5 s, `meanwhile` run 0.7 s in: it gets the record appended once the link is back, and
   * no record is lost or seen twice.
   */
  async function ridesOutABrokenPath (meanwhile: () => void): Promise<void> {
    const o = await overlay()
    const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer))
    await appender.append([payload('p0')])
    const got: string[] = []
    const stop = new AbortController()
    const subscribed = (async () => { for await (const r of o.client.subscribe(o.capsule.name, 0, stop.signal)) got.push(text(r.payload)) })()
    await waitFor(() => got.length === 1 || undefined, { timeoutMs: 5000, what: 'the first record' })
    o.clientLink.close()
    await new Promise((resolve) => setTimeout(resolve, 700))
    meanwhile()
    await new Promise((resolve) => setTimeout(resolve, 800))
    connect(o.c, o.r)
    await appender.append([payload('p1')])
    await waitFor(() => got.length === 2 || undefined, { timeoutMs: 10_000, what: 'the record appended after the link came back' })
    expect(got).toEqual(['p0', 'p1'])
    stop.abort()
    await subscribed
  }

  it('waits for a route again, with no record lost or seen twice, where it ended at the first NO_ROUTE (its router killed mid-drain; drain attack F7)', async () => {
    await ridesOutABrokenPath(() => {})
  }, 30_000)

  // Its wait for a route again was timed on the wall clock: stepped ahead meanwhile (NTP, a resume), the next NO_ROUTE
  // ended the subscription as if it had waited its 30 s.
  it('waits for a route again its whole wait, whatever the wall clock does meanwhile', async () => {
    // 10 minutes ahead (Date alone faked: the real timers and performance.now go on); the routes and certificates hold.
    await ridesOutABrokenPath(() => {
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(Date.now() + 600_000)
    })
  }, 30_000)
})

describe('reads over a backed-up link', () => {
  it('a read cut part way goes on from the first record it did not get, and every record comes once', async () => {
    // The router's link back to the client: 64 KiB in flight, a 128 KiB queue; responses of 4 records of 32 KiB.
    const o = await overlay({ window: 64 * 1024, queue: { softLimitBytes: 128 * 1024 } }, 5000, 4)
    const w = await o.client.writer(o.capsule.name, o.capsule.writer)
    await o.client.append(w, Array.from({ length: 40 }, (_, i) => new Uint8Array(32 * 1024).fill(i)), clock())
    const records = await o.client.read(o.capsule.name, { range: { from: 0, to: 40 } })
    expect(records.map((r) => r.header.seqno)).toEqual(Array.from({ length: 40 }, (_, i) => i))
    expect(records.map((r) => r.payload[0])).toEqual(Array.from({ length: 40 }, (_, i) => i))
    expect(o.r.f.counters.readsCut).toBeGreaterThan(0)
    // The router told the server to stop a cut read rather than drop the rest of it.
    expect(o.s.seen.some((p) => p.request?.unsubscribe != null)).toBe(true)
  }, 20_000)

})

describe('reads a server answers with records other than those asked for', () => {
  // In the past: a server refuses records stamped more than an hour after its clock.
  const BASE_US = 1_700_000_000_000_000
  /** Nine records, 0..8, each appended alone at BASE_US + seqno seconds; the router -> server link rewrites read selectors. */
  async function lyingServer (): Promise<{ o: Overlay, rewrite: (change: (read: pb.IReadRequest) => pb.IReadRequest | undefined) => void }> {
    const o = await overlay()
    const w = await o.client.writer(o.capsule.name, o.capsule.writer)
    for (let i = 0; i < 9; i++) await o.client.append(w, [payload(`r${i}`)], BASE_US + i * 1_000_000)
    let change: (read: pb.IReadRequest) => pb.IReadRequest | undefined = () => undefined
    // The server answers the rewritten request truthfully: genuine records, proven against its signed head.
    tamper(o.r, o.s, (pdu) => {
      const read = pdu.request?.read
      const rewritten = read == null ? undefined : change(read)
      return rewritten === undefined ? pdu : { ...pdu, request: { ...pdu.request, read: pb.ReadRequest.create({ proofs: read!.proofs, rangeProof: read!.rangeProof, batchHeartbeats: read!.batchHeartbeats, ...rewritten }) } }
    })
    return { o, rewrite: (c) => { change = c } }
  }

  it('another record, fewer, shifted, an empty answer, or a later or earlier record for a time: each an InvalidProofError naming what was asked', async () => {
    const { o, rewrite } = await lyingServer()
    const read = async (selector: Parameters<GdpClient['read']>[1]): Promise<Error> => await o.client.read(o.capsule.name, selector).then(() => new Error('accepted'), (err: Error) => err)
    const cases: Array<[Parameters<GdpClient['read']>[1], (read: pb.IReadRequest) => pb.IReadRequest | undefined, RegExp]> = [
      [{ seqno: 5 }, () => ({ seqno: 4 }), /read of record 5 with record 4 \(its heartbeat states 9 records\)/],
      [{ seqno: 5 }, () => ({ range: { from: 9, to: 9 } }), /read of record 5 with no record \(its heartbeat states 9 records\)/],
      [{ last: 2 }, () => ({ range: { from: 0, to: 2 } }), /read of the last 2 records with records 0\.\.1/],
      [{ last: 3 }, () => ({ range: { from: 9, to: 9 } }), /read of the last 3 records with no record/],
      [{ range: { from: 2, to: 6 } }, () => ({ range: { from: 2, to: 5 } }), /read of records 2\.\.5 with records 2\.\.4/],
      [{ range: { from: 2, to: 6 } }, () => ({ range: { from: 3, to: 7 } }), /read of records 2\.\.5 with records 3\.\.6/],
      [{ range: { from: 0, to: 100 } }, () => ({ range: { from: 0, to: 8 } }), /read of records 0\.\.99 with records 0\.\.7 \(its heartbeat states 9 records\)/],
      [{ atUs: BASE_US + 5_000_000 }, () => ({ atUs: BASE_US }), /read of the first record at or after .* with record 0/],
      // Only the read by time is rewritten: the client's read of the record before goes through.
      [{ atUs: BASE_US + 5_000_000 }, (r) => r.atUs != null ? { seqno: 7 } : undefined, /read of the first record at or after .* with record 7, but record 6 is at/]
    ]
    for (const [selector, change, message] of cases) {
      rewrite(change)
      const err = await read(selector)
      expect(err.name, JSON.stringify(selector)).toBe('InvalidProofError')
      expect(err.message).toMatch(message)
      o.client.forget(o.capsule.name)
    }
    // Told the truth, the same reads answer.
    rewrite(() => undefined)
    expect((await o.client.read(o.capsule.name, { seqno: 5 })).map((r) => text(r.payload))).toEqual(['r5'])
    expect((await o.client.read(o.capsule.name, { last: 2 })).map((r) => text(r.payload))).toEqual(['r7', 'r8'])
    expect((await o.client.read(o.capsule.name, { atUs: BASE_US + 4_500_000 })).map((r) => text(r.payload))).toEqual(['r5'])
    expect(await o.client.read(o.capsule.name, { range: { from: 9, to: 20 } })).toEqual([])
  })

  it('numbers a read or subscription cannot carry (uint64 on the wire) are refused before they go: -1 wrapped to 1.8e19, NaN read record 0', async () => {
    const { o, rewrite } = await lyingServer()
    for (const selector of [{ seqno: -1 }, { seqno: Number.NaN }, { seqno: 1.5 }, { range: { from: -1, to: 1 } }, { range: { from: 0, to: 2 ** 64 } }, { last: -2 }, { atUs: -1 }, { atUs: 2 ** 64 }]) {
      await expect(o.client.read(o.capsule.name, selector)).rejects.toThrow(/^a read's \w+ must be a whole number in \[0, 2\^53\), not /)
    }
    await expect(async () => { for await (const _ of o.client.subscribe(o.capsule.name, -5)) break }).rejects.toThrow(/a subscription starts at a whole record number in \[0, 2\^53\), not -5/)
    // A server refuses them too, from a client that sends them anyway, and says which (it was SERVER_ERROR: Invalid time value).
    rewrite(() => ({ atUs: 2 ** 60 }))
    await expect(o.client.read(o.capsule.name, { atUs: 1 })).rejects.toThrow(/^MALFORMED: read at_us is not an integer in \[0, 2\^53\)/)
  })

  // Found auditing the client: sent all the same, they were refused only by the server (MALFORMED), a round trip later.
  it('a backwards range and a read of the last 0 records are refused before they go, with InvalidArgumentError', async () => {
    const { o, rewrite } = await lyingServer()
    let sent = 0
    rewrite(() => { sent++; return undefined })
    await expect(o.client.read(o.capsule.name, { range: { from: 5, to: 1 } })).rejects.toMatchObject({ name: 'InvalidArgumentError', message: 'a read range must not run backwards: from 5 to 1 (records from..to-1 are read)' })
    await expect(o.client.read(o.capsule.name, { last: 0 })).rejects.toMatchObject({ name: 'InvalidArgumentError', message: 'a read of the last n records needs n >= 1' })
    expect(sent).toBe(0)
    expect(await o.client.read(o.capsule.name, { range: { from: 5, to: 5 } })).toEqual([])
  })

  it('gdp capsule verify --node refuses a capsule served short or empty (it said "6 records: valid")', async () => {
    const { o, rewrite } = await lyingServer()
    const verify = async (): Promise<unknown> => await verifyExport(remoteExport(o.client, o.capsule.name)).then((summary) => summary, (err: Error) => err)
    for (const served of [{ from: 0, to: 6 }, { from: 9, to: 9 }]) {
      rewrite((read) => read.range != null ? { range: served } : undefined)
      expect(await verify()).toMatchObject({ name: 'InvalidProofError', message: expect.stringMatching(/with (records 0\.\.5|no record) \(its heartbeat states 9 records\)/) })
      o.client.forget(o.capsule.name)
    }
    rewrite(() => undefined)
    expect(await verify()).toMatchObject({ records: 9 })
  })
})

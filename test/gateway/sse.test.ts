// src/gateway/sse.ts: an event that many streams send alike is built once and its frame shared, within a byte budget;
// the bytes all streams hold unsent are bounded, through the real HTTP server with clients that stop reading.
import { PassThrough } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { describe, expect, it } from 'vitest'
import { EventStreams, sharedFrameEntryBytes, type EventStream } from '../../src/gateway/sse.js'
import type { GatewayEventStreamCounters } from '../../src/gateway/gateway.js'
import { formatName } from '../../src/capsule/name.js'
import { waitFor } from '../helpers.js'
import { rawConnectionsPerTest, readAtPace, type RawConnection } from '../http/raw-connection.js'
import { harnessPerTest, openEvents, SHORT_STUCK, TOKEN, type Harness } from './harness.js'

/** A stream on a response that keeps what is written to it. */
function openStream (streams: EventStreams): { stream: EventStream, written: () => string } {
  const raw = new PassThrough() as PassThrough & { writeHead: () => void }
  raw.writeHead = () => {}
  const chunks: Buffer[] = []
  raw.on('data', (chunk: Buffer) => chunks.push(chunk))
  const stream = streams.open({ raw, hijack: () => {} } as unknown as FastifyReply)
  return { stream, written: () => Buffer.concat(chunks).toString() }
}

describe('EventStreams.sendShared', () => {
  it('builds the frame of one key once for every stream that sends it, and frames of other keys apart', async () => {
    const streams = new EventStreams({ keepAliveMs: 60_000, maxStreams: 8, maxBufferedBytes: 1 << 20, stopping: () => new AbortController().signal })
    const open = [openStream(streams), openStream(streams), openStream(streams)]
    let builds = 0
    for (const { stream } of open) await stream.sendShared('change 1', 'change', () => { builds++; return { value: 'x' } }, '1')
    await open[0]!.stream.sendShared('change 2', 'change', () => { builds++; return { value: 'y' } }, '2')
    expect(builds).toBe(2)
    await new Promise((resolve) => setImmediate(resolve))
    for (const { written } of open) expect(written()).toContain('id: 1\nevent: change\ndata: {"value":"x"}\n\n')
    expect(open[0]!.written()).toContain('id: 2\nevent: change\ndata: {"value":"y"}\n\n')
    for (const { stream } of open) stream.end()
  })

  // Found auditing the gateway: Buffer.from took a small frame into a slice of an 8 KiB pool other allocations share,
  // so each kept frame could hold a whole pool chunk alive, 20 to 40 times what it counts.
  it('keeps a small frame in memory of its own, not a slice of a shared pool', async () => {
    const streams = new EventStreams({ keepAliveMs: 60_000, maxStreams: 8, maxBufferedBytes: 1 << 20, stopping: () => new AbortController().signal })
    const raw = new PassThrough() as PassThrough & { writeHead: () => void }
    raw.writeHead = () => {}
    const chunks: Buffer[] = []
    raw.on('data', (chunk: Buffer) => chunks.push(chunk))
    const stream = streams.open({ raw, hijack: () => {} } as unknown as FastifyReply)
    await stream.sendShared('k', 'change', () => ({ value: 'x' }), '1')
    await new Promise((resolve) => setImmediate(resolve))
    const frame = chunks.find((c) => c.toString().includes('data: {"value":"x"}'))!
    expect(frame.length).toBeLessThan(100)
    expect(frame.buffer.byteLength).toBe(frame.length)
    stream.end()
  })

  /** What a frame of `size` characters of data under a one-character key counts against the budget. */
  const entryOf = (size: number): number => sharedFrameEntryBytes('a', Buffer.from(`event: e\ndata: ${JSON.stringify('x'.repeat(size))}\n\n`))

  it('keeps frames within maxSharedFrameBytes, the latest first: past it, an older frame is built again', async () => {
    const streams = new EventStreams({ keepAliveMs: 60_000, maxStreams: 8, maxBufferedBytes: 1 << 20, stopping: () => new AbortController().signal, maxSharedFrameBytes: 2 * entryOf(70) + 20 })
    const { stream } = openStream(streams)
    let builds = 0
    const send = async (key: string, size: number): Promise<void> => { await stream.sendShared(key, 'e', () => { builds++; return 'x'.repeat(size) }) }
    await send('a', 70)
    await send('b', 70)
    await send('a', 70)
    expect(builds).toBe(2) // two frames kept: within the budget
    await send('c', 70)
    await send('b', 70)
    expect(builds).toBe(4) // three, past it: b, the least recently sent, went
    await send('big', 5000)
    await send('big', 5000)
    expect(builds).toBe(5) // a frame larger than all the budget is kept alone, for the streams sending it now
    stream.end()
  })

  // Found auditing the gateway: counted by their bytes only, frames of tiny events took several times the budget in
  // their keys, Buffer objects and map entries.
  it('counts each frame with its key and its entry: as many tiny frames are kept as the budget holds of them, and no more', async () => {
    const kept = async (budget: number): Promise<number> => {
      const streams = new EventStreams({ keepAliveMs: 60_000, maxStreams: 8, maxBufferedBytes: 1 << 20, stopping: () => new AbortController().signal, maxSharedFrameBytes: budget })
      const { stream } = openStream(streams)
      let builds = 0
      const send = async (key: string): Promise<void> => { await stream.sendShared(key, 'e', () => { builds++; return 'x' }) }
      const keys = Array.from({ length: 20 }, (_, i) => String.fromCharCode(97 + i))
      for (const key of keys) await send(key)
      // Sent again from the latest back: those kept are not built again, up to the first that went.
      let hits = 0
      for (const key of keys.reverse()) {
        const before = builds
        await send(key)
        if (builds > before) break
        hits++
      }
      stream.end()
      return hits
    }
    expect(await kept(10 * entryOf(1))).toBe(10)
    expect(await kept(10 * entryOf(1) - 1)).toBe(9)
  })
})

describe('the unsent bytes of all event streams', () => {
  const harness = harnessPerTest()
  const openRaw = rawConnectionsPerTest()
  const VALUE = 4 * 1024 * 1024 - 1024
  /** A watch whose client reads nothing after the answer's head: its socket is paused, as a client that stopped reading. */
  const stalledWatch = async (h: Harness): Promise<RawConnection> => {
    const c = await openRaw(h.gateway.url)
    c.socket.write(`GET /v1/kv/${formatName(h.kv.name)}/watch HTTP/1.1\r\nHost: ${new URL(h.gateway.url).host}\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`)
    await c.waitFor(/^HTTP\/1\.1 200 /, 3000)
    c.socket.pause()
    return c
  }
  const counters = (h: Harness): GatewayEventStreamCounters => h.gateway.counters.eventStreams

  it('keep within maxEventStreamBytes: at it every stream goes on; past it events wait, and the stream whose client has taken nothing longest (stuckClientMs or more) is closed, counted, for the others to go on', async () => {
    const started = Date.now()
    const put = async (h: Harness, i: number): Promise<void> => { await h.kv.put(new TextEncoder().encode(`k${i}`), new Uint8Array(VALUE).fill(i)) }
    // Each change of a 4 MiB value is a frame of about 5.6 MB (base64), more than loopback's socket buffers take: a stalled watch holds all of it.
    // Its exact size, the same in every gateway (the same keys, value sizes, ids), measured on one with the default budget:
    const measured = await harness({ keepAliveMs: 60_000 })
    await stalledWatch(measured)
    await put(measured, 1)
    await waitFor(() => counters(measured).unsentBytes > 5e6, { timeoutMs: 5000, what: 'a stalled watch to hold its frame' })
    const frame = counters(measured).unsentBytes
    const h = await harness({ keepAliveMs: 60_000, maxEventStreamBytes: 2 * frame, ...SHORT_STUCK })
    const reader = await openEvents(h.gateway, `/v1/kv/${formatName(h.kv.name)}/watch`, { change: 'KvChange' })
    const a = await stalledWatch(h)
    const firstWritten = Date.now()
    await put(h, 1)
    expect((await reader.next()).data.writes[0].key).toBe('k1')
    await waitFor(() => counters(h).unsentBytes === frame, { timeoutMs: 5000, what: 'the first stalled watch to hold its frame' })
    const b = await stalledWatch(h)
    await put(h, 2)
    expect((await reader.next()).data.writes[0].key).toBe('k2')
    // Two frames held, exactly the budget (the reader's are the same frames, held once): nothing closed.
    await waitFor(() => counters(h).unsentBytes === 2 * frame, { timeoutMs: 5000, what: 'both stalled watches to hold a frame' })
    expect(counters(h)).toMatchObject({ open: 3, closedUnread: { overBudget: 0, stalled: 0 } })
    // The third change waits for room: a, stuck since the first frame, is closed once its client has taken nothing for
    // stuckClientMs, and not before (longer, as its socket took megabytes of the frame at once, but not past stuckClientMostMs);
    // then the change goes. b, stuck too, stays: one stream closed made the room.
    await put(h, 3)
    // (Slack past stuckClientMostMs for a loaded machine: the looks come late there; 15.8 s of 12 was seen under two CPU burners.)
    expect((await reader.next(SHORT_STUCK.stuckClientMostMs + 8000)).data.writes[0].key).toBe('k3')
    expect(counters(h).closedUnread).toEqual({ overBudget: 1, stalled: 0 })
    const cut = Date.now() - firstWritten
    expect(cut).toBeGreaterThanOrEqual(SHORT_STUCK.stuckClientMs)
    expect(cut).toBeLessThan(SHORT_STUCK.stuckClientMostMs + 8000)
    a.socket.resume()
    expect(await a.closedWithin(3000)).toBe(true)
    b.socket.resume()
    expect(await b.closedWithin(300)).toBe(false)
    // b took its frames once read: nothing is held, nothing more was closed.
    await waitFor(() => counters(h).unsentBytes < 100, { timeoutMs: 5000, what: 'the frames to be taken' })
    expect(counters(h)).toMatchObject({ open: 2, closedUnread: { overBudget: 1, stalled: 0 } })
    reader.close()
    expect(Date.now() - started).toBeLessThan(SHORT_STUCK.stuckClientMostMs + 20_000)
  }, 45_000)

  // Found by attacking the gateway: the event of a stream whose client left while it waited for room stayed in line
  // until the events before it went (its change kept, and its watch), so streams opened and left while one client held
  // the budget piled up, each with its event, past maxEventStreams (which counts the open ones only).
  it('the event of a stream whose client leaves while it waits for room leaves the line at once, not once the events before it went', async () => {
    const h = await harness({ keepAliveMs: 60_000, maxEventStreamBytes: 1024 * 1024 })
    // A client that stopped reading holds a 4 MiB value's frame, past the budget: the next events wait for room until
    // it is cut off, stuckClientMs after it stopped taking them.
    const holder = await stalledWatch(h)
    await h.kv.put(new TextEncoder().encode('big'), new Uint8Array(VALUE).fill(1))
    await waitFor(() => counters(h).unsentBytes > 1024 * 1024 || undefined, { timeoutMs: 5000, what: 'the stalled watch to hold its frame' })
    // A reader's first event waits first in line; each client after it leaves while its own event waits behind.
    const reader = await openEvents(h.gateway, `/v1/kv/${formatName(h.kv.name)}/watch`, { change: 'KvChange' })
    for (let i = 0; i < 3; i++) {
      const leaver = await stalledWatch(h)
      await h.kv.put(new TextEncoder().encode(`small${i}`), new Uint8Array([i]))
      await waitFor(() => counters(h).waitingEvents === 2 || undefined, { timeoutMs: 5000, intervalMs: 5, what: 'the reader\'s and the new watch\'s events to wait for room' })
      leaver.socket.destroy()
      await waitFor(() => counters(h).waitingEvents <= 1 || undefined, { timeoutMs: 5000, intervalMs: 5, what: 'the left stream\'s event to leave the line' })
      // Left while the events before it still wait (the reader's): the client holding the budget was not cut off,
      // which is what lets them go. (Told apart by the clock, with waits of 300 ms, this failed on a loaded machine.)
      expect(counters(h)).toMatchObject({ waitingEvents: 1, closedUnread: { overBudget: 0 } })
    }
    expect(counters(h)).toMatchObject({ open: 2, closedUnread: { overBudget: 0, stalled: 0 } })
    holder.socket.resume()
    for (let i = 0; i < 3; i++) expect((await reader.next()).data.writes[0].key).toBe(`small${i}`)
    await holder.waitFor('small2', 3000)
    reader.close()
  }, 20_000)

  // Found by attacking the gateway: the kernel buffers megabytes of what a socket sends and lets it write again only
  // once a good part was read, so a watcher reading 200 KiB/s of a 4 MiB value's change took nothing for seconds at a
  // time, as the gateway saw it, and its stream was ended as stuck while the others' events waited for room.
  it('does not end the stream of a client that reads a large event at 200 KiB/s, the kernel taking its bytes a megabyte at a time, while the others\' events wait for room', async () => {
    const h = await harness({ keepAliveMs: 60_000, maxEventStreamBytes: 1024 * 1024 })
    const slow = await stalledWatch(h)
    const reading = readAtPace(slow, 200 * 1024)
    try {
      // A change of a 4 MiB value: a frame of about 5.6 MB as base64, past the budget; the loopback's buffers take some
      // of it at once, and the rest is handed over as the client reads.
      await h.kv.put(new TextEncoder().encode('big'), new Uint8Array(VALUE).fill(1))
      await waitFor(() => counters(h).unsentBytes > 5e6 || undefined, { timeoutMs: 5000, intervalMs: 5, what: 'the slow watch to hold its frame' })
      // A reader's next event waits for room until the slow client has taken its frame.
      const reader = await openEvents(h.gateway, `/v1/kv/${formatName(h.kv.name)}/watch`, { change: 'KvChange' })
      await h.kv.put(new TextEncoder().encode('small'), new Uint8Array([1]))
      await waitFor(() => counters(h).waitingEvents > 0 || undefined, { timeoutMs: 5000, intervalMs: 5, what: 'the reader\'s event to wait for room' })
      expect((await reader.next(30_000)).data.writes[0].key).toBe('small')
      expect(counters(h).closedUnread).toEqual({ overBudget: 0, stalled: 0 })
      // It was handed over while the client read at its pace (less than the frame read by then).
      expect(reading.taken()).toBeLessThan(5e6)
      reader.close()
    } finally {
      reading.stop()
    }
    slow.socket.resume()
    await slow.waitFor('small', 10_000)
    expect(await slow.closedWithin(100)).toBe(false)
  }, 40_000)

  it('an event larger than all of maxEventStreamBytes reaches a client that reads, alone, and the stream goes on (it was ended at every try, a resumed stream too)', async () => {
    const h = await harness({ keepAliveMs: 60_000, maxEventStreamBytes: 1024 * 1024 })
    const path = `/v1/kv/${formatName(h.kv.name)}/watch`
    const reader = await openEvents(h.gateway, path, { change: 'KvChange' })
    // A change of a 2 MiB value: a frame of about 2.8 MB as base64, over twice the budget.
    await h.kv.put(new TextEncoder().encode('big'), new Uint8Array(2 * 1024 * 1024).fill(7))
    const big = await reader.next()
    expect(big.data.writes[0].key).toBe('big')
    await h.kv.put(new TextEncoder().encode('small'), new Uint8Array([1]))
    expect((await reader.next()).data.writes[0].key).toBe('small')
    expect(counters(h)).toMatchObject({ open: 1, closedUnread: { overBudget: 0, stalled: 0 } })
    reader.close()
  }, 20_000)

  it('a gateway whose own event loop was busy for seconds does not take the clients it kept waiting for stuck (it ended 40 of 64 reading clients so, on a loaded machine)', async () => {
    const h = await harness({ keepAliveMs: 60_000, maxEventStreamBytes: 4 * 1024 * 1024 })
    const name = formatName(h.kv.name)
    // Two forms of each change: 5.6 MB as base64, 8.4 MB as hex, each over the budget: one goes, the other waits.
    const readers = await Promise.all(['base64', 'hex'].map(async (values) => await openEvents(h.gateway, `/v1/kv/${name}/watch?valueEncoding=${values}`, { change: 'KvChange' })))
    await h.kv.put(new TextEncoder().encode('k'), new Uint8Array(VALUE).fill(1))
    while (counters(h).unsentBytes < 5e6) await new Promise((resolve) => setImmediate(resolve))
    // The loop busy for 3 s (the readers are in this process too: they read nothing meanwhile).
    const until = performance.now() + 3000
    while (performance.now() < until);
    for (const reader of readers) expect((await reader.next()).data.writes[0].key).toBe('k')
    expect(counters(h).closedUnread).toEqual({ overBudget: 0, stalled: 0 })
    for (const reader of readers) reader.close()
  }, 20_000)

  it('streams whose clients read are not ended, however many large events are under way at once: each waits for room before it writes the next', async () => {
    const h = await harness({ keepAliveMs: 60_000, maxEventStreamBytes: 3 * 1024 * 1024 })
    const name = formatName(h.kv.name)
    // Values of about 1 MiB: each form of a change has a frame of its own (1.4 MB with its value as base64, 2.1 MB as
    // hex), so five watchers asking in five forms hold five frames of each change at once (8.4 MB), nearly three budgets.
    const forms = ['base64 base64', 'hex base64', 'utf8 base64', 'base64 hex', 'utf8 hex'].map((form) => form.split(' '))
    const readers = await Promise.all(forms.map(async ([keys, values]) => await openEvents(h.gateway, `/v1/kv/${name}/watch?keyEncoding=${keys!}&valueEncoding=${values!}`, { change: 'KvChange' })))
    const value = new Uint8Array(1024 * 1024 - 4096).fill(0x61)
    for (let i = 0; i < 4; i++) await h.kv.put(new TextEncoder().encode(`k${i}`), value)
    for (const reader of readers) for (let i = 0; i < 4; i++) await reader.next()
    expect(counters(h)).toMatchObject({ open: 5, closedUnread: { overBudget: 0, stalled: 0 } })
    await waitFor(() => counters(h).unsentBytes < 100, { timeoutMs: 5000, what: 'the frames to be taken' })
    for (const reader of readers) reader.close()
  }, 20_000)
})

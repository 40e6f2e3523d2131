// What a router and a server keep of a subscription for as long as it lasts,
// and a client of the records it read or streamed: their own bytes, not the
// frames they came in. A decoded message is a view of its frame, and a frame
// may be padded with an unknown field (which decoding skips) up to the 64 MiB
// frame limit.
import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { GdpClient } from '../../src/client/client.js'
import { pb } from '../../src/wire/index.js'
import { recordToPb, signedHeartbeatToPb } from '../../src/capsule/codec.js'
import { servedCapsule } from '../client/served-capsule.js'
import { fullCollection } from '../full-collection.js'
import { payload, waitFor } from '../helpers.js'
import { clock } from './memory-links.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

const MIB = 1024 * 1024
const SUBSCRIPTIONS = 16

/** `encoded` followed by field 99 (unknown to every message here) of `bytes` bytes. */
function padded (encoded: Uint8Array, bytes: number): Uint8Array {
  // Its key: field number 99, wire type 2 (length-delimited).
  const field = protoVarint(99 << 3 | 2)
  const length = protoVarint(bytes)
  const out = new Uint8Array(encoded.length + field.length + length.length + bytes)
  out.set(encoded)
  out.set(field, encoded.length)
  out.set(length, encoded.length + field.length)
  return out
}

function protoVarint (n: number): Uint8Array {
  const out: number[] = []
  for (; n >= 0x80; n = Math.floor(n / 0x80)) out.push((n & 0x7f) | 0x80)
  out.push(n)
  return Uint8Array.from(out)
}

async function arrayBuffersAfterCollection (): Promise<number> {
  await fullCollection()
  return process.memoryUsage().arrayBuffers
}

describe('frames padded with an unknown field', () => {
  // Found by this survey: the forwarder kept the subscription's request (its nonce, in the router's pending entry
  // and the closures answering it at the server) as views of the frame it came in, padding and all.
  it(`holds none of its padding at the router or the server while it lasts (${SUBSCRIPTIONS} of 1 MiB each)`, async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo))
    const before = await arrayBuffersAfterCollection()
    const toRouter = o.c.f.link(o.r.f.self)!
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const pdu: pb.IPdu = { version: 1, destination: o.capsule.name, source: o.c.f.self, ttl: 16, nonce: randomBytes(16), request: { subscribe: { fromSeqno: 0, proofs: true, rangeProof: true } } }
      const bytes = padded(pb.Pdu.encode(pdu).finish(), MIB)
      expect(pb.Pdu.decode(bytes).request?.subscribe?.proofs).toBe(true)
      toRouter.send(pdu, bytes)
    }
    await waitFor(() => o.service.subscriptions === SUBSCRIPTIONS ? true : undefined, { timeoutMs: 10_000, what: 'every subscription to be taken by the server' })
    // (What the test links keep of every PDU for other tests to look at.)
    for (const n of [o.c, o.r, o.s]) n.seen.length = 0
    expect(await arrayBuffersAfterCollection() - before).toBeLessThan(SUBSCRIPTIONS * MIB / 4)
  })

  // Found by a hostile-client survey: a read waiting for its turn at the server kept its request as views of the
  // frame it came in, as a subscription did; reads may wait there by the thousand (maxWaitingReads). (A router keeps
  // what it passes on as it came until answered, bounded by its pending requests and their timeout.)
  it(`reads waiting for their turn hold none of their padding at the server (${SUBSCRIPTIONS} of 1 MiB each)`, async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo), { service: { readWorkers: 1 } })
    const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
    await o.client.append(writer, [payload('only')], clock())
    // The first read holds the only turn until let go: every other one waits for it.
    const capsule = await o.store.capsule(o.capsule.name)
    const readRange = capsule.readRange.bind(capsule)
    let release!: () => void
    const released = new Promise<void>((resolve) => { release = resolve })
    cleanups.push(release)
    vi.spyOn(capsule, 'readRange').mockImplementation(async function * (...args) { await released; yield * readRange(...args) })
    const before = await arrayBuffersAfterCollection()
    // Sent by the server's neighbour, the router.
    const toServer = o.r.f.link(o.s.f.self)!
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const pdu: pb.IPdu = { version: 1, destination: o.capsule.name, source: o.r.f.self, ttl: 16, nonce: randomBytes(16), request: { read: { range: { from: 0, to: 1 } } } }
      toServer.send(pdu, padded(pb.Pdu.encode(pdu).finish(), MIB))
    }
    await waitFor(() => o.s.seen.filter((p) => p.request?.read != null).length === SUBSCRIPTIONS ? true : undefined, { timeoutMs: 10_000, what: 'every read to reach the server' })
    for (const n of [o.c, o.r, o.s]) n.seen.length = 0
    expect(await arrayBuffersAfterCollection() - before).toBeLessThan(SUBSCRIPTIONS * MIB / 4)
  })

  // Found by a review of maxWritingBytes: an append was taken as its frame, "its records, which it holds anyway"; padded
  // with an unknown field, a frame of a few bytes of records held up to the frame limit while it waited for the store,
  // counted towards maxWritingBytes by its payloads (and 256 bytes a record) only.
  it(`appends waiting for the store hold none of their padding at the server (${SUBSCRIPTIONS} of 1 MiB each)`, async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo))
    // No write is done until let go (each is taken at once, as the tip its next batch verifies against).
    const capsule = await o.store.capsule(o.capsule.name)
    const append = capsule.append.bind(capsule)
    let release!: () => void
    const released = new Promise<void>((resolve) => { release = resolve })
    cleanups.push(release)
    vi.spyOn(capsule, 'append').mockImplementation(async (batch) => { const written = append(batch); await released; return await written })
    const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
    const before = await arrayBuffersAfterCollection()
    // Sent by the server's neighbour, the router, each batch following on from the one before.
    const toServer = o.r.f.link(o.s.f.self)!
    for (let i = 0; i < SUBSCRIPTIONS; i++) {
      const batch = writer.append([payload(`r${i}`)], clock())
      const pdu: pb.IPdu = { version: 1, destination: o.capsule.name, source: o.r.f.self, ttl: 16, nonce: randomBytes(16), request: { append: { records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) } } }
      toServer.send(pdu, padded(pb.Pdu.encode(pdu).finish(), MIB))
    }
    await waitFor(() => capsule.writerState.size === SUBSCRIPTIONS ? true : undefined, { timeoutMs: 10_000, what: 'every append to be taken by the server' })
    for (const n of [o.c, o.r, o.s]) n.seen.length = 0
    expect(await arrayBuffersAfterCollection() - before).toBeLessThan(SUBSCRIPTIONS * MIB / 4)
    release()
    await waitFor(() => capsule.size === SUBSCRIPTIONS ? true : undefined, { timeoutMs: 10_000, what: 'every append to be written' })
  })

  it('an append padded to its payloads, 1 KiB a record and 4 KiB besides is taken as views of its frame; one byte more, and it is encoded again', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo))
    const capsule = await o.store.capsule(o.capsule.name)
    const append = capsule.append.bind(capsule)
    const held: number[] = []
    vi.spyOn(capsule, 'append').mockImplementation(async (batch) => { held.push(batch.records[0]!.payload.buffer.byteLength); return await append(batch) })
    const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
    const toServer = o.r.f.link(o.s.f.self)!
    // 8 KiB of payload: encoded again, a frame is a buffer of its own (not one of Node's 8 KiB pool).
    const bytes = 8 * 1024
    const limit = bytes + 1024 + 4096
    const sendPaddedTo = (frameBytes: number): void => {
      const batch = writer.append([new Uint8Array(bytes).fill(held.length)], clock())
      const pdu: pb.IPdu = { version: 1, destination: o.capsule.name, source: o.r.f.self, ttl: 16, nonce: randomBytes(16), request: { append: { records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) } } }
      const encoded = pb.Pdu.encode(pdu).finish()
      // Field 99's key and a length under 2^14 take two bytes each.
      const frame = padded(encoded, frameBytes - encoded.length - 4)
      expect(frame.length).toBe(frameBytes)
      toServer.send(pdu, frame)
    }
    sendPaddedTo(limit)
    await waitFor(() => held.length === 1 ? true : undefined, { timeoutMs: 5000, what: 'the append at the bound to be taken' })
    expect(held[0]).toBeGreaterThanOrEqual(limit)
    sendPaddedTo(limit + 1)
    await waitFor(() => held.length === 2 ? true : undefined, { timeoutMs: 5000, what: 'the append past the bound to be taken' })
    expect(held[1]).toBeLessThan(limit)
    await waitFor(() => capsule.size === 2 ? true : undefined, { timeoutMs: 5000, what: 'both appends to be written' })
  })

  // Found by this survey: the client counted a record by its payload (and 256 bytes), while the record held the
  // frame it was decoded from. A frame padded far past its records is copied from now (below); one padded less is
  // kept, and counted by the buffer its records hold: 16 records padded to 4 KiB held 64 KiB past a buffer of 32 KiB.
  it('a subscriber counts the records it keeps by the frames they hold: responses padded to 4 KiB pause it at subscriptionBufferBytes', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo))
    const subscriber = new GdpClient({ timeoutMs: 5000, subscriptionBufferBytes: 32 * 1024 }, { forwarder: o.c.f })
    // The router pads every response carrying records to the client.
    const toClient = o.r.f.link(o.c.f.self)!
    const send = toClient.send.bind(toClient)
    toClient.send = (pdu, encoded) => { send(pdu, (pdu.response?.read?.records?.length ?? 0) > 0 ? padded(pb.Pdu.encode(pdu).finish(), 4096) : encoded) }
    const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
    const controller = new AbortController()
    const records = subscriber.subscribe(o.capsule.name, 0, controller.signal)[Symbol.asyncIterator]()
    await o.client.append(writer, [payload('first')], clock())
    expect((await records.next()).value!.header.seqno).toBe(0)
    // The consumer takes nothing while 16 records come, a response each.
    for (let i = 0; i < 16; i++) await o.client.append(writer, [payload(`r${i}`)], clock())
    await waitFor(() => o.service.subscriptions === 0 ? true : undefined, { timeoutMs: 5000, what: 'the subscriber to pause its subscription' })
    expect(subscriber.counters.subscriptionsPaused).toBe(0)
    const got: number[] = []
    while (got.length < 16) got.push((await records.next()).value!.header.seqno)
    expect(got).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
    expect(subscriber.counters.subscriptionsPaused).toBe(1)
    controller.abort()
    await records.return?.(undefined)
  })

  // Found by this survey: a record read kept the whole response it came in, padding and all, as long as the caller
  // kept the record (a gateway writing a long answer out, a cache): 16 records held 16 MiB.
  it('records read from responses padded to 1 MiB each hold none of the padding, nor do the proofs kept with them', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo))
    const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
    for (let i = 0; i < 16; i++) await o.client.append(writer, [payload(`r${i}`)], clock())
    const toClient = o.r.f.link(o.c.f.self)!
    const send = toClient.send.bind(toClient)
    toClient.send = (pdu, encoded) => { send(pdu, (pdu.response?.read?.records?.length ?? 0) > 0 ? padded(pb.Pdu.encode(pdu).finish(), MIB) : encoded) }
    const before = await arrayBuffersAfterCollection()
    const kept = []
    // A response each: 16 records by one, 16 proven by one.
    for (let i = 0; i < 16; i++) kept.push(...await o.client.read(o.capsule.name, { seqno: i }))
    for (let i = 0; i < 16; i++) kept.push(...await o.client.readProven(o.capsule.name, { seqno: i }))
    for (const n of [o.c, o.r, o.s]) n.seen.length = 0
    expect(kept).toHaveLength(32)
    expect(await arrayBuffersAfterCollection() - before).toBeLessThan(4 * MIB)
  })

  it('a response padded to twice its records\' own bytes, 1 KiB a record and 4 KiB besides is kept as it came; one byte more, and its payloads are copied', async () => {
    const o = await servedCapsule((undo) => cleanups.push(undo))
    const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
    await o.client.append(writer, [payload('only')], clock())
    let padding = 1000
    const toClient = o.r.f.link(o.c.f.self)!
    const send = toClient.send.bind(toClient)
    toClient.send = (pdu, encoded) => { send(pdu, (pdu.response?.read?.records?.length ?? 0) > 0 ? padded(pb.Pdu.encode(pdu).finish(), padding) : encoded) }
    const buffer = async (): Promise<number> => (await o.client.read(o.capsule.name, { seqno: 0 }))[0]!.payload.buffer.byteLength
    // Under the limit: the payload is a view of the buffer the frame came in, which grows with the padding.
    const small = await buffer()
    expect(small).toBeGreaterThan(padding)
    // 256 bytes a record kept besides its payload (KEPT_RECORD_BYTES).
    const limit = 2 * (256 + 'only'.length + 1024) + 4096
    padding += limit - small
    expect(await buffer()).toBe(limit)
    padding++
    expect(await buffer()).toBe('only'.length)
  })
})

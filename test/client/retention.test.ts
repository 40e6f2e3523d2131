// What a long-lived client (a node's own, which the HTTP gateway, a remote
// key-value store and repair share) keeps of what it read: nothing of the
// records once the caller lets go of them, nor of the frames they came in.
// Before, every record read or streamed stayed in the capsule's view for the
// client's life, so reading a large capsule once through the gateway held
// all of it in memory; and a heartbeat the view kept was a view of the frame
// it was decoded from, records and all. And it keeps what it verified of the
// capsules it used last, not of every capsule it ever read.
import { afterEach, describe, expect, it } from 'vitest'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { GdpClient } from '../../src/client/client.js'
import { InvalidArgumentError } from '../../src/errors.js'
import { fullCollection } from '../full-collection.js'
import { payload, testCapsule } from '../helpers.js'
import { clock, type MemoryNode } from '../routing/memory-links.js'
import { servedCapsule, type ServedCapsule } from './served-capsule.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

const RECORDS = 40
// Past Node's Buffer pool (allocations under 4 KiB share 8 KiB slabs, held by whatever else is in one): a frame is its own buffer.
const RECORD_BYTES = 16 * 1024

/** The record, and the buffer its payload was decoded in (the frame it came in, or the chunk that held the frame). */
function watched (record: CapsuleRecord): Array<WeakRef<object>> {
  return [new WeakRef(record), new WeakRef(record.payload.buffer)]
}

/** How many of `refs` are still reachable after full collections. */
async function stillHeld (o: ServedCapsule, refs: Array<WeakRef<object>>): Promise<number> {
  // (What the test links keep of every PDU for other tests to look at.)
  for (const n of [o.c, o.r, o.s]) n.seen.length = 0
  await fullCollection()
  return refs.filter((ref) => ref.deref() !== undefined).length
}

async function overlayOf (records: number): Promise<ServedCapsule> {
  const o = await servedCapsule((undo) => cleanups.push(undo))
  const writer = await o.client.writer(o.capsule.name, o.capsule.writer)
  // One record a batch: a heartbeat each, as a writer appending one at a time sends.
  for (let i = 0; i < records; i++) await o.client.append(writer, [new Uint8Array(RECORD_BYTES).fill(i)], clock())
  return o
}

describe('a client lets go of what it read', () => {
  it('records read, proven or not, are not kept once the caller drops them', async () => {
    const o = await overlayOf(RECORDS)
    // (Read in a function of its own: the test's frame, suspended while it collects, may hold its last loop value.)
    const refs = await (async () => [
      ...(await o.client.read(o.capsule.name, { range: { from: 0, to: RECORDS / 2 } })).flatMap(watched),
      ...(await o.client.readProven(o.capsule.name, { range: { from: RECORDS / 2, to: RECORDS } })).flatMap(({ record }) => watched(record))
    ])()
    expect(refs).toHaveLength(2 * RECORDS)
    expect(await stillHeld(o, refs)).toBe(0)
    // And the client still reads, and checks, what it read before.
    expect((await o.client.read(o.capsule.name, { seqno: 3 }))[0]!.payload[0]).toBe(3)
  })

  it('records streamed by a subscription are not kept once the consumer drops them', async () => {
    const o = await overlayOf(RECORDS)
    const refs = await (async () => {
      const watching: Array<WeakRef<object>> = []
      const stop = new AbortController()
      for await (const record of o.client.subscribe(o.capsule.name, 0, stop.signal)) {
        watching.push(...watched(record))
        if (watching.length === 2 * RECORDS) stop.abort()
      }
      return watching
    })()
    expect(await stillHeld(o, refs)).toBe(0)
  })

  it('keeps what it verified of the keptCapsules it used last, and checks a capsule it let go of afresh', async () => {
    const o = await overlayOf(1)
    const others = [testCapsule(), testCapsule()]
    for (const t of others) {
      o.r.table.install({ capsule: t.name, server: o.s.f.self, nextHop: o.s.f.self, cost: 1, expiresAtUs: clock() + 3_600_000_000 })
      await o.client.create(t.signed, o.s.f.self)
      await o.client.append(await o.client.writer(t.name, t.writer), [payload('one')], clock())
    }
    const [a, b, c] = [o.capsule.name, others[0]!.name, others[1]!.name]
    const kept = new GdpClient({ keptCapsules: 2 }, { forwarder: o.c.f })
    o.s.seen.length = 0
    // A read given no metadata takes the capsule's from what the client keeps; else it asks for it (an info).
    const infos = async (name: Uint8Array): Promise<number> => {
      await kept.read(name, { seqno: 0 })
      return asked(o.s)
    }
    expect(await infos(a)).toBe(1)
    expect(await infos(b)).toBe(2)
    // At the limit: both kept. A, used again, is now the one used last.
    expect(await infos(a)).toBe(2)
    expect(await infos(b)).toBe(2)
    expect(await infos(a)).toBe(2)
    // Past it: B, used longest ago, is let go; A is not.
    expect(await infos(c)).toBe(3)
    expect(await infos(a)).toBe(3)
    expect(await infos(b)).toBe(4)
    expect(() => new GdpClient({ keptCapsules: 0 }, { forwarder: o.c.f })).toThrow(InvalidArgumentError)
  })
})

/** Info requests `server` was sent. */
const asked = (server: MemoryNode): number => server.seen.filter((pdu) => pdu.request?.info != null).length


// What a long-lived client (a node's own, which the HTTP gateway, a remote
// key-value store and repair share) keeps of what it read: nothing of the
// records once the caller lets go of them, nor of the frames they came in.
// Before, every record read or streamed stayed in the capsule's view for the
// client's life, so reading a large capsule once through the gateway held
// all of it in memory; and a heartbeat the view kept was a view of the frame
// it was decoded from, records and all.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { afterEach, describe, expect, it } from 'vitest'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { clock } from '../routing/memory-links.js'
import { servedCapsule, type ServedCapsule } from './served-capsule.js'

setFlagsFromString('--expose-gc')
const collectGarbage = runInNewContext('gc') as () => void

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
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve))
    collectGarbage()
  }
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
})

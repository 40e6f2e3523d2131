// Watchers of one capsule share one subscription (SharedSubscriptions), each
// with its own bounded queue: here over a capsule of made-up records, to
// count subscriptions and bytes exactly; test/gateway/node-gateway.test.ts
// has the same through a gateway in a router node and a server behind it.
import { describe, expect, it } from 'vitest'
import { SharedSubscriptions } from '../../src/client/shared-subscriptions.js'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { waitFor } from '../helpers.js'

const NAME = new Uint8Array(32).fill(1)
/** What each record costs a watcher: a payload of this many bytes (of its own buffer) and 256 for the rest. */
const PAYLOAD = 744
const COST = PAYLOAD + 256

/** A capsule its records are appended to, and a subscribe over it that counts the subscriptions open. */
function capsule (): { append: (count: number) => void, subscribe: (name: Uint8Array, from: number, signal: AbortSignal) => AsyncGenerator<CapsuleRecord>, open: () => number, opened: number[] } {
  const records: CapsuleRecord[] = []
  const waiting = new Set<() => void>()
  let open = 0
  const opened: number[] = []
  return {
    append (count) {
      for (let i = 0; i < count; i++) {
        const seqno = records.length
        const hash = new Uint8Array(32).fill(seqno % 256 + 1)
        records.push({ header: { seqno, prevHash: seqno === 0 ? new Uint8Array(32) : records[seqno - 1]!.hash }, hash, payload: new Uint8Array(PAYLOAD) } as unknown as CapsuleRecord)
      }
      for (const wake of waiting) wake()
    },
    async * subscribe (_name, from, signal) {
      open++
      opened.push(from)
      let wake = (): void => {}
      const stop = (): void => { wake() }
      signal.addEventListener('abort', stop)
      try {
        for (let next = from; !signal.aborted;) {
          if (next < records.length) { yield records[next++]!; continue }
          await new Promise<void>((resolve) => { wake = resolve; waiting.add(resolve) })
          waiting.delete(wake)
        }
      } finally {
        signal.removeEventListener('abort', stop)
        open--
      }
    },
    open: () => open,
    opened
  }
}

/** Takes `count` records of the watch, their seqnos. */
async function take (watch: AsyncGenerator<CapsuleRecord>, count: number): Promise<number[]> {
  const seqnos: number[] = []
  while (seqnos.length < count) {
    const { value, done } = await watch.next()
    if (done === true) break
    seqnos.push(value.header.seqno)
  }
  return seqnos
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i)

describe('watchers sharing a subscription', () => {
  it('open one subscription per capsule and record, give each watcher every record, and end it with the last watcher', async () => {
    const source = capsule()
    let paused = 0
    const shared = new SharedSubscriptions(source.subscribe, 100 * COST, () => { paused++ })
    const watches = Array.from({ length: 20 }, () => shared.subscribe(NAME, 0))
    const taking = watches.map(async (watch) => await take(watch, 50))
    source.append(50)
    for (const seqnos of await Promise.all(taking)) expect(seqnos).toEqual(range(0, 50))
    expect(source.opened).toEqual([0])
    expect(shared.feeds).toBe(1)
    // One joining at the next record shares it too; one from the start has its own.
    const late = shared.subscribe(NAME, 50)
    const fromStart = shared.subscribe(NAME, 0)
    const lateTaken = take(late, 1)
    expect(await take(fromStart, 50)).toEqual(range(0, 50))
    source.append(1)
    expect(await lateTaken).toEqual([50])
    // The one from the start caught up with the others: it went on with their subscription, its own ended.
    expect(await take(fromStart, 1)).toEqual([50])
    await waitFor(() => source.open() === 1 || undefined, { timeoutMs: 2000, what: 'the catching-up subscription to merge' })
    expect(shared.feeds).toBe(1)
    for (const watch of [...watches, late, fromStart]) await watch.return(undefined)
    await waitFor(() => source.open() === 0 || undefined, { timeoutMs: 2000, what: 'the subscription to end' })
    expect(shared.feeds).toBe(0)
    expect(paused).toBe(0)
  })

  it('keeps a watcher\'s bound of records not taken, and one past it leaves the subscription, which goes on for the others; it goes on from where it stopped', async () => {
    const source = capsule()
    let paused = 0
    const shared = new SharedSubscriptions(source.subscribe, 10 * COST, () => { paused++ })
    const flushed = async (): Promise<void> => { for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve)) }
    const stalled = shared.subscribe(NAME, 0)
    // Generators start on their first next(): the stalled one takes one record, then stops reading.
    const first = take(stalled, 1)
    source.append(11)
    expect(await first).toEqual([0])
    await flushed()
    // At its bound (ten records kept, not taken): still on its subscription.
    expect(source.open()).toBe(1)
    const reading = shared.subscribe(NAME, 11)
    const read = take(reading, 29)
    await flushed()
    expect(source.opened).toEqual([0])
    // Past it: that record is not kept, and the watcher leaves; the reading one gets every record still.
    source.append(29)
    expect(await read).toEqual(range(11, 40))
    expect(source.opened).toEqual([0])
    expect(paused).toBe(0)
    // Its consumer takes what it kept, then it goes on from the next record, over a subscription of its own.
    expect(await take(stalled, 39)).toEqual(range(1, 40))
    expect(paused).toBeGreaterThanOrEqual(1)
    expect(source.opened[1]).toBe(11)
    // Caught up with the other: one subscription again.
    await waitFor(() => source.open() === 1 || undefined, { timeoutMs: 2000, what: 'the two subscriptions to merge' })
    source.append(1)
    expect(await take(stalled, 1)).toEqual([40])
    expect(await take(reading, 1)).toEqual([40])
    await stalled.return(undefined)
    await reading.return(undefined)
    await waitFor(() => source.open() === 0 || undefined, { timeoutMs: 2000, what: 'the subscription to end' })
  })

  it('counts the buffer a record\'s payload is a view of, once for the records that share it, towards a watcher\'s bound', async () => {
    // Records of 10 bytes, as views of frames of 4,000: a watcher keeps the frames, not the 10 bytes.
    const frames = [new ArrayBuffer(4000), new ArrayBuffer(4000)]
    const record = (seqno: number, frame: ArrayBuffer): CapsuleRecord => ({ header: { seqno, prevHash: new Uint8Array(32).fill(seqno) }, hash: new Uint8Array(32).fill(seqno + 1), payload: new Uint8Array(frame, seqno * 10, 10) }) as unknown as CapsuleRecord
    const opened: number[] = []
    const sent = async function * (_name: Uint8Array, from: number, signal: AbortSignal): AsyncGenerator<CapsuleRecord> {
      opened.push(from)
      // Three records of the first frame, then one of the second, then nothing until the end.
      for (let seqno = from; seqno < 4; seqno++) yield record(seqno, frames[seqno < 3 ? 0 : 1]!)
      await new Promise((resolve) => signal.addEventListener('abort', resolve))
    }
    let paused = 0
    // Room for one frame and less than two.
    const shared = new SharedSubscriptions(sent, 4000, () => { paused++ })
    const watch = shared.subscribe(NAME, 0)
    const first = await watch.next()
    expect((first.value as CapsuleRecord).header.seqno).toBe(0)
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve))
    // Records 1 and 2 share the frame counted once (at the bound); record 3's frame is past it: it left, nothing kept of it.
    expect(shared.feeds).toBe(0)
    expect(await take(watch, 3)).toEqual([1, 2, 3])
    expect(paused).toBe(1)
    // Taken up again from record 3: it had kept 1 and 2.
    expect(opened).toEqual([0, 3])
    await watch.return(undefined)
  })

  it('gives every watcher of a failed subscription what it kept, then the error', async () => {
    let opened = 0
    const failing = async function * (): AsyncGenerator<CapsuleRecord> {
      opened++
      yield { header: { seqno: 0, prevHash: new Uint8Array(32) }, hash: new Uint8Array(32).fill(9), payload: new Uint8Array(1) } as unknown as CapsuleRecord
      throw new Error('the server went away')
    }
    const shared = new SharedSubscriptions(failing, COST, () => {})
    const watches = [shared.subscribe(NAME, 0), shared.subscribe(NAME, 0)]
    const firsts = await Promise.all(watches.map(async (watch) => await watch.next()))
    expect(firsts.map((f) => (f.value as CapsuleRecord).header.seqno)).toEqual([0, 0])
    for (const watch of watches) await expect(watch.next()).rejects.toThrow('the server went away')
    expect(opened).toBe(1)
    expect(shared.feeds).toBe(0)
  })
})

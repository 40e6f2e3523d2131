// The Appender stamps the records it batches by its client's clock (the
// wall clock, src/clock.ts, unless one is given): it read a fixed time
// origin plus the monotonic timer, so a client (a gateway's, an edge
// page's) that ran while NTP stepped the clock, or across a suspend,
// stamped records at the wrong time until restarted.
import { afterEach, expect, it, vi } from 'vitest'
import { Appender } from '../../src/client/client.js'
import { payload } from '../helpers.js'
import { servedCapsule } from './served-capsule.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  vi.useRealTimers()
  for (const c of cleanups.splice(0)) await c()
})

it('stamps the records it batches by the wall clock, following a step of it', async () => {
  const o = await servedCapsule((undo) => cleanups.push(undo), {})
  const appender = new Appender(o.client, await o.client.writer(o.capsule.name, o.capsule.writer))
  await appender.append([payload('before')])
  // The wall clock steps two minutes ahead (Date only: the monotonic timer goes on as it was), within the capsule's
  // delegation and route.
  const stepped = Date.now() + 120_000
  vi.useFakeTimers({ toFake: ['Date'], now: stepped })
  const receipt = await appender.append([payload('after')])
  const [record] = await o.client.read(o.capsule.name, { seqno: receipt.heartbeat.heartbeat.size - 1 })
  expect(Math.abs(record!.header.timestampUs / 1000 - stepped)).toBeLessThan(5000)
})

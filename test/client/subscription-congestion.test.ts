// A subscription ended with CONGESTION goes on from the next record, over a
// client, a router and a real capsule server on in-memory links: cut by the
// router for real (its link back to the client stops being read, as by a
// client busy checking large records; its send queue fills and refuses the
// next response; the forwarder ends the subscription with "resubscribe from
// seqno X"), or ended by the server for falling too far behind.
import { afterEach, describe, expect, it } from 'vitest'
import type { Link } from '../../src/routing/forwarder.js'
import type { CapsuleServiceInit } from '../../src/server/capsule-service.js'
import { waitFor } from '../helpers.js'
import { clock, type MemoryLinkOptions } from '../routing/memory-links.js'
import { servedCapsule, type ServedCapsule } from './served-capsule.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

const RECORDS = 40
const CUTS = 3

/** Client -> router -> server, a capsule created on the server and routed. */
async function overlay (service: CapsuleServiceInit, clientLink: MemoryLinkOptions = {}): Promise<ServedCapsule> {
  return await servedCapsule((undo) => cleanups.push(undo), { service, clientLink })
}

describe('a subscription ended with CONGESTION', () => {
  it('cut by the router, it resubscribes from the next record: every record comes once, in order', async () => {
    // Responses of 4 records of 32 KiB: the router's link back to the client (64 KiB in flight, a 128 KiB queue) takes two.
    const { client, c, r, clientLink, capsule } = await overlay({ maxRecordsPerResponse: 4 }, { window: 64 * 1024, queue: { softLimitBytes: 128 * 1024 } })
    const w = await client.writer(capsule.name, capsule.writer)
    await client.append(w, Array.from({ length: RECORDS }, (_, i) => new Uint8Array(32 * 1024).fill(i)), clock())
    // The first CUTS subscriptions find the client not reading until the router has cut one more.
    const toRouter = c.f.link(r.f.self) as Link & { send: Link['send'] }
    const send = toRouter.send
    let subscribes = 0
    toRouter.send = (pdu, encoded) => {
      if (pdu.request?.subscribe != null && subscribes++ < CUTS) {
        const cutsBefore = r.f.counters.subscriptionsCut
        clientLink.ba.pause()
        void waitFor(() => r.f.counters.subscriptionsCut > cutsBefore, { timeoutMs: 5000, what: 'the router to cut the subscription' })
          .finally(() => { clientLink.ba.resume() })
      }
      send(pdu, encoded)
    }

    const got: Array<{ seqno: number, fill: number }> = []
    for await (const record of client.subscribe(capsule.name, 0)) {
      got.push({ seqno: record.header.seqno, fill: record.payload[0]! })
      if (got.length === RECORDS) break
    }
    expect(got).toEqual(Array.from({ length: RECORDS }, (_, i) => ({ seqno: i, fill: i })))
    expect(r.f.counters.subscriptionsCut).toBe(CUTS)
    expect(subscribes).toBe(CUTS + 1)
  }, 15_000)

  it('ended by the server for falling too far behind, it resubscribes from the next record', async () => {
    const { client, service, capsule } = await overlay({ maxSubscriberLagRecords: 5 })
    const w = await client.writer(capsule.name, capsule.writer)
    await client.append(w, Array.from({ length: 20 }, (_, i) => new Uint8Array([i])), clock())
    const got: number[] = []
    for await (const record of client.subscribe(capsule.name, 0)) {
      got.push(record.payload[0]!)
      // One append of 10 live records lands at once: more than 5 behind, the server ends the subscription.
      if (got.length === 20) await client.append(w, Array.from({ length: 10 }, (_, i) => new Uint8Array([20 + i])), clock())
      if (got.length === 30) break
    }
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i))
    expect(service.counters.subscriptionsLagging).toBe(1)
  })
})

// An append travels in one PDU (its records and the heartbeat that signs
// them): through real nodes on loopback, one that cannot fit is refused
// before it is signed, and one at the limit (a record of the largest
// payload) is stored.
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { Appender } from '../../src/client/client.js'
import type { CapsuleWriter } from '../../src/capsule/writer.js'
import { MAX_PAYLOAD_LENGTH } from '../../src/capsule/types.js'
import { RecordTooLargeError } from '../../src/errors.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { payload, testCapsule, waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest({ advertiseIntervalMs: 200, advertiseLifetimeMs: 1000 })
const MIB = 1024 * 1024

/** A router, a server holding a new capsule, and a client through the router with a writer of it. */
async function capsuleOnServer (): Promise<{ client: Awaited<ReturnType<typeof start>>, t: ReturnType<typeof testCapsule>, writer: CapsuleWriter }> {
    const router = await start('router')
    const server = await start('server', router)
    const client = await start('client', router)
    const t = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    await client.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner))
    await waitFor(async () => await client.client.info(t.name), { timeoutMs: 10_000, intervalMs: 100, what: 'the capsule to be reachable through the router' })
    const writer = await client.client.writer(t.name, t.writer)
  return { client, t, writer }
}

describe('an append whose records and heartbeat do not fit one PDU', () => {
  // Found by attacking the browser client: signed and sent, two records of 40 MiB were refused TOO_LARGE by the first
  // link, and an Appender, whose writer had gone on from them, refused every later append with that error.
  it('is refused before it is signed (GdpClient.append and an Appender), and both go on; an append of one record of the largest payload is stored', async () => {
    const { client, t, writer } = await capsuleOnServer()
    const tooLarge = [new Uint8Array(40 * MIB), new Uint8Array(40 * MIB)]
    await expect(client.client.append(writer, tooLarge, Date.now() * 1000)).rejects.toThrow(RecordTooLargeError)
    expect(writer.state.size).toBe(0)
    await client.client.append(writer, [payload('first')], Date.now() * 1000)
    const appender = new Appender(client.client, writer)
    await expect(appender.append(tooLarge)).rejects.toThrow(/an append's records travel in one batch, in one PDU of at most \d+ bytes and \d+ protobuf fields with their record fields and heartbeat: 2 records of 83886080 bytes of payload do not fit/)
    await appender.append([payload('second')])
    await appender.append([new Uint8Array(MAX_PAYLOAD_LENGTH)])
    expect((await client.client.info(t.name)).size).toBe(3)
  }, 60_000)

  // Found reviewing that change: a PDU holds at most MAX_PDU_FIELDS fields (8 a record), so 40,000 records of one byte,
  // 360 KB, passed the check of bytes, were signed, and were refused MALFORMED by the first link: the Appender (a
  // browser's capsule object) refused every later append with it. Appends that waited, put together past the fields
  // one PDU holds (an Appender of maxRecords 50,000), were refused so too.
  it('is refused before it is signed when its records are more fields than one PDU holds; appends that waited go out in batches that fit', async () => {
    const { client, t, writer } = await capsuleOnServer()
    const tooMany = Array.from({ length: 40_000 }, () => new Uint8Array(1))
    await expect(client.client.append(writer, tooMany, Date.now() * 1000)).rejects.toThrow(/40000 records of 40000 bytes of payload do not fit/)
    expect(writer.state.size).toBe(0)
    const appender = new Appender(client.client, writer, { maxRecords: 50_000, maxInFlight: 1 })
    await expect(appender.append(tooMany)).rejects.toThrow(RecordTooLargeError)
    await appender.append([payload('first')])
    // The first goes alone; the 39 that wait behind it were one batch of 39,000 records.
    const waited = await Promise.all(Array.from({ length: 40 }, async () => await appender.append(Array.from({ length: 1000 }, () => new Uint8Array(1)))))
    expect(waited.at(-1)!.heartbeat.heartbeat.size).toBe(40_001)
    expect((await client.client.info(t.name)).size).toBe(40_001)
  }, 60_000)
})

// Windows of records, cut anywhere, put back into the writer's batches.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CapsuleWriter, emptyWriterState, type AppendBatch } from '../../src/capsule/writer.js'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { MAX_BATCH_PAYLOAD_BYTES, WriterBatches } from '../../src/client/writer-batches.js'
import { MAX_PDU_FIELDS } from '../../src/wire/pdu-shape.js'
import { payload, testCapsule } from '../helpers.js'

/** Batches of these sizes, appended in order by the capsule's writer. */
function appended (sizes: number[]): AppendBatch[] {
  const t = testCapsule()
  const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
  let n = 0
  return sizes.map((size, b) => writer.append(Array.from({ length: size }, () => payload(`r${n++}`)), 1000 + b))
}

describe('WriterBatches', () => {
  it('gives back each batch whole, with its heartbeat, however the windows cut the records', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 20 }), (sizes, cuts) => {
      const batches = appended(sizes)
      const records: CapsuleRecord[] = batches.flatMap((b) => b.records)
      const splitter = new WriterBatches()
      const got: Array<{ seqnos: number[], size: number }> = []
      for (let from = 0, c = 0; from < records.length; c++) {
        const to = Math.min(records.length, from + cuts[c % cuts.length]!)
        const window = { records: records.slice(from, to), heartbeats: batches.filter((b) => b.heartbeat.heartbeat.size > from && b.heartbeat.heartbeat.size <= to).map((b) => b.heartbeat) }
        const { batches: ended, overflow } = splitter.add(window, from)
        expect(overflow).toBeUndefined()
        for (const b of ended) got.push({ seqnos: b.records.map((r) => r.header.seqno), size: b.heartbeat.heartbeat.size })
        from = to
      }
      expect(splitter.waiting).toBe(0)
      expect(got).toEqual(batches.map((b) => ({ seqnos: b.records.map((r) => r.header.seqno), size: b.heartbeat.heartbeat.size })))
    }), { numRuns: 200 })
  })

  it('says when the records no heartbeat ends are more than one batch holds, in count or in bytes', () => {
    const [batch] = appended([1])
    const record = batch!.records[0]!
    expect(new WriterBatches().add({ records: Array.from({ length: MAX_PDU_FIELDS }, () => record), heartbeats: [] }, 0).overflow).toBeUndefined()
    const many = new WriterBatches().add({ records: Array.from({ length: MAX_PDU_FIELDS + 1 }, () => record), heartbeats: [] }, 0)
    expect(many.overflow).toMatch(new RegExp(`^${MAX_PDU_FIELDS + 1} records of \\d+ bytes that no heartbeat of the writer ends`))
    const large = { ...record, payload: new Uint8Array(MAX_BATCH_PAYLOAD_BYTES / 2 + 1) }
    const splitter = new WriterBatches()
    expect(splitter.add({ records: [large], heartbeats: [] }, 0).overflow).toBeUndefined()
    // The second window's record joins the first's: together past one batch's bytes.
    expect(splitter.add({ records: [large], heartbeats: [] }, 1).overflow).toMatch(/^2 records of \d+ bytes that no heartbeat/)
    expect(splitter.waiting).toBe(2)
  })
})

/**
 * Records read in windows (GdpClient.readBatches: a window's records and the
 * heartbeats that end the writer's batches among them) put back into the
 * writer's batches, for a reader that appends them as they were appended (a
 * replica catching up, an export). A batch may span two windows: the records
 * after a window's last heartbeat wait for a later one's. More than one
 * batch holds are records no heartbeat of the writer could end: a peer
 * sending them window after window had them all held.
 */
import type { CapsuleRecord, SignedHeartbeat } from '../capsule/types.js'
import { MAX_PAYLOAD_LENGTH } from '../capsule/types.js'
import { MAX_PDU_FIELDS } from '../wire/pdu-shape.js'
import type { ReadBatches } from './client.js'

/** The payload bytes of one writer's batch, at most: it travels in one PDU (64 KiB over the largest payload). */
export const MAX_BATCH_PAYLOAD_BYTES = MAX_PAYLOAD_LENGTH + 64 * 1024

/** A batch as the writer appended it: its records, and the heartbeat that ends them. */
export interface WriterBatch {
  records: CapsuleRecord[]
  heartbeat: SignedHeartbeat
}

export class WriterBatches {
  #waiting: CapsuleRecord[] = []

  /** Records read that no heartbeat read so far ends. */
  get waiting (): number { return this.#waiting.length }

  /**
   * The batches a window of records from record `from` ends, in order, and
   * why, if so, the records after its last heartbeat are more than one
   * batch could hold (each record is at least one of MAX_PDU_FIELDS).
   */
  add (window: Pick<ReadBatches, 'records' | 'heartbeats'>, from: number): { batches: WriterBatch[], overflow?: string } {
    const batches: WriterBatch[] = []
    let at = 0
    for (const heartbeat of window.heartbeats) {
      const end = heartbeat.heartbeat.size - from
      batches.push({ records: this.#take(window.records.slice(at, end)), heartbeat })
      at = end
    }
    const waiting = this.#waiting = this.#take(window.records.slice(at))
    const bytes = waiting.reduce((n, r) => n + r.payload.length, 0)
    if (waiting.length <= MAX_PDU_FIELDS && bytes <= MAX_BATCH_PAYLOAD_BYTES) return { batches }
    return { batches, overflow: `${waiting.length} records of ${bytes} bytes that no heartbeat of the writer ends: more than one batch holds` }
  }

  /** The records waiting, followed by `records`; none wait after. */
  #take (records: CapsuleRecord[]): CapsuleRecord[] {
    if (this.#waiting.length === 0) return records
    const out = this.#waiting
    this.#waiting = []
    // One at a time: a window's records are many more than one call's arguments may be.
    for (const record of records) out.push(record)
    return out
  }
}

/**
 * The records near a key-value capsule's tip, read and decoded once for
 * every watch that reads them. Each watcher read and decoded every new
 * record itself: with 256 watchers of a capsule, one put of a 4 MiB value
 * was read 256 times and encoded again 256 times to check its form (about
 * 10 s of the event loop). Kept by seqno, the latest few, within a byte
 * budget; a read under way is shared by those that ask meanwhile.
 */
import type { RecordHead } from '../capsule/types.js'
import type { KvRecord } from './format.js'

/** A record as a watch takes it: with its key-value content, undefined when it has none (or the store cannot read it, and it changed nothing). */
export interface WatchedRecord {
  record: RecordHead
  kv: KvRecord | undefined
}

/**
 * Records kept at most, and their payload bytes at most: a capsule's
 * watchers read the same few records at about the same time, and a server
 * keeps up to 16 key-value indexes open, each with its own.
 */
export const RECENT_RECORDS = 64
export const RECENT_RECORD_BYTES = 16 * 1024 * 1024

export class RecentRecords {
  /** By seqno, oldest first. */
  readonly #records = new Map<number, Promise<WatchedRecord>>()
  readonly #bytes = new Map<number, number>()
  #total = 0

  constructor (readonly maxRecords = RECENT_RECORDS, readonly maxBytes = RECENT_RECORD_BYTES) {}

  /** Record `seqno`: kept, being read, or read now by `read`. A read that fails is not kept. */
  async get (seqno: number, read: () => Promise<WatchedRecord>): Promise<WatchedRecord> {
    const kept = this.#records.get(seqno)
    if (kept !== undefined) return await kept
    const reading = read()
    this.#records.set(seqno, reading)
    try {
      const watched = await reading
      if (this.#records.get(seqno) === reading) this.#keep(seqno, watched.record.header.payloadLength)
      return watched
    } catch (err) {
      if (this.#records.get(seqno) === reading) this.#records.delete(seqno)
      throw err
    }
  }

  clear (): void {
    this.#records.clear()
    this.#bytes.clear()
    this.#total = 0
  }

  #keep (seqno: number, bytes: number): void {
    this.#bytes.set(seqno, bytes)
    this.#total += bytes
    // The oldest go first (the map keeps insertion order, which follows the seqnos read); the one just read stays.
    for (const old of this.#records.keys()) {
      if (this.#records.size <= this.maxRecords && this.#total <= this.maxBytes) break
      if (old === seqno) continue
      this.#records.delete(old)
      this.#total -= this.#bytes.get(old) ?? 0
      this.#bytes.delete(old)
    }
  }
}

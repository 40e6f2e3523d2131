/**
 * The records near key-value capsules' tips, read and decoded once for
 * every watch that reads them. Each watcher read and decoded every new
 * record itself: with 256 watchers of a capsule, one put of a 4 MiB value
 * was read 256 times and encoded again 256 times to check its form (about
 * 10 s of the event loop). Kept by capsule and seqno, the latest few,
 * within a byte budget; a read under way is shared by those that ask
 * meanwhile. A server's indexes share one (KvService): each index kept its
 * own 16 MiB, and watches of 256 capsules, each on its own index (one
 * closed by the service stays with the watches that hold it), could keep
 * 4 GiB.
 */
import type { RecordHead } from '../capsule/types.js'
import type { KvRecord } from './format.js'

/** A record as a watch takes it: with its key-value content, undefined when it has none (or the store cannot read it, and it changed nothing). */
export interface WatchedRecord {
  record: RecordHead
  kv: KvRecord | undefined
}

/**
 * Records kept at most, and their payload bytes at most, for one index of
 * its own: a capsule's watchers read the same few records at about the
 * same time.
 */
export const RECENT_RECORDS = 64
export const RECENT_RECORD_BYTES = 16 * 1024 * 1024

export class RecentRecords {
  /** By capsule and seqno (`capsule/seqno`), oldest read first. */
  readonly #records = new Map<string, Promise<WatchedRecord>>()
  readonly #bytes = new Map<string, number>()
  #total = 0

  constructor (readonly maxRecords = RECENT_RECORDS, readonly maxBytes = RECENT_RECORD_BYTES) {}

  /** Payload bytes of the records kept. */
  get bytes (): number { return this.#total }

  /** Record `seqno` of `capsule` (any string naming it): kept, being read, or read now by `read`. A read that fails is not kept. */
  async get (capsule: string, seqno: number, read: () => Promise<WatchedRecord>): Promise<WatchedRecord> {
    const key = `${capsule}/${seqno}`
    const kept = this.#records.get(key)
    if (kept !== undefined) return await kept
    const reading = read()
    this.#records.set(key, reading)
    try {
      const watched = await reading
      if (this.#records.get(key) === reading) this.#keep(key, watched.record.header.payloadLength)
      return watched
    } catch (err) {
      if (this.#records.get(key) === reading) this.#records.delete(key)
      throw err
    }
  }

  /** Drops the records kept of `capsule` (its index was dropped). */
  forget (capsule: string): void {
    for (const key of [...this.#records.keys()]) if (key.startsWith(`${capsule}/`)) this.#drop(key)
  }

  #keep (key: string, bytes: number): void {
    this.#bytes.set(key, bytes)
    this.#total += bytes
    // The oldest go first (the map keeps insertion order, which follows the records read); the one just read stays.
    for (const old of this.#records.keys()) {
      if (this.#records.size <= this.maxRecords && this.#total <= this.maxBytes) break
      if (old !== key) this.#drop(old)
    }
  }

  #drop (key: string): void {
    this.#records.delete(key)
    this.#total -= this.#bytes.get(key) ?? 0
    this.#bytes.delete(key)
  }
}

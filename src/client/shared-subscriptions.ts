/**
 * Watchers of one capsule share one overlay subscription: a feed per capsule
 * and position, which hands each record to every watcher at that position,
 * each into its own bounded queue. A hundred HTTP watchers of a capsule had
 * its server send every record a hundred times over the same links, which
 * refused them as backed up (CONGESTION) and ended healthy watches.
 *
 * A watcher whose consumer falls behind by more than its bound leaves the
 * feed (the others go on, and the feed ends with its last watcher); once
 * its consumer took what it kept, it joins again from the next record: a
 * feed at that position, or a new one, which merges into another feed of
 * the capsule when the two reach the same position.
 */
import { bytesToHex } from '../crypto/bytes.js'
import { equalBytes } from '../crypto/hash.js'
import { ChainMismatchError } from '../errors.js'
import type { CapsuleRecord } from '../capsule/types.js'

/** What a record a watcher keeps costs besides its payload (its header, hashes and the objects holding them), as a subscription counts it. */
const KEPT_RECORD_BYTES = 256

export type Subscribe = (name: Uint8Array, fromSeqno: number, signal: AbortSignal) => AsyncGenerator<CapsuleRecord>

export class SharedSubscriptions {
  readonly #subscribe: Subscribe
  readonly #bufferBytes: number
  readonly #onPaused: () => void
  /** Feeds by capsule (hex name), each at its own position. */
  readonly #feeds = new Map<string, Set<Feed>>()

  /**
   * `bufferBytes`: what a watcher keeps that its consumer has not taken, at
   * most (each record its payload and 256 bytes, or the buffers its records'
   * payloads are views of, where that is more); `onPaused`: told each time a
   * watcher leaves its feed for falling behind.
   */
  constructor (subscribe: Subscribe, bufferBytes: number, onPaused: () => void) {
    this.#subscribe = subscribe
    this.#bufferBytes = bufferBytes
    this.#onPaused = onPaused
  }

  /** Overlay subscriptions open for watchers. */
  get feeds (): number {
    let count = 0
    for (const feeds of this.#feeds.values()) count += feeds.size
    return count
  }

  /** The capsule's records from `fromSeqno` on, as they are appended, verified, as GdpClient.subscribe gives them. */
  async * subscribe (name: Uint8Array, fromSeqno: number, signal?: AbortSignal): AsyncGenerator<CapsuleRecord> {
    const watcher = new Watcher(fromSeqno, this.#bufferBytes)
    const stop = (): void => { watcher.wake() }
    signal?.addEventListener('abort', stop)
    // The hash of the last record given: a record from another feed (after a pause) must chain to it.
    let lastGiven: Uint8Array | undefined
    try {
      this.#join(name, watcher)
      while (signal?.aborted !== true) {
        const record = watcher.take()
        if (record !== undefined) {
          if (lastGiven !== undefined && !equalBytes(record.header.prevHash, lastGiven)) throw new ChainMismatchError(`record ${record.header.seqno} does not chain to record ${record.header.seqno - 1} that this subscription gave: the capsule has two histories (a fork)`)
          lastGiven = record.hash
          yield record
          continue
        }
        if (watcher.error !== undefined) throw watcher.error
        if (watcher.feed === undefined) {
          // It fell behind and left its feed; its consumer took what it kept: on from the next record.
          this.#onPaused()
          this.#join(name, watcher)
          continue
        }
        await new Promise<void>((resolve) => { watcher.wake = resolve })
      }
    } finally {
      signal?.removeEventListener('abort', stop)
      watcher.feed?.leave(watcher)
    }
  }

  #join (name: Uint8Array, watcher: Watcher): void {
    const key = bytesToHex(name)
    let feeds = this.#feeds.get(key)
    if (feeds === undefined) this.#feeds.set(key, feeds = new Set())
    const at = [...feeds].find((feed) => feed.next === watcher.next)
    if (at !== undefined) return at.add(watcher)
    const feed: Feed = new Feed(watcher.next, {
      sameAs: (next): Feed | undefined => [...feeds].find((other) => other !== feed && other.next === next),
      ended: () => {
        feeds.delete(feed)
        if (feeds.size === 0 && this.#feeds.get(key) === feeds) this.#feeds.delete(key)
      }
    })
    feeds.add(feed)
    feed.add(watcher)
    feed.run(this.#subscribe(name, watcher.next, feed.signal))
  }
}

/** One overlay subscription, from `next` on, handing each record to its watchers. */
class Feed {
  /** The seqno of the next record it hands on: every watcher on it waits for that one. */
  next: number
  readonly #watchers = new Set<Watcher>()
  readonly #abort = new AbortController()
  readonly #peers: { sameAs: (next: number) => Feed | undefined, ended: () => void }
  #ended = false

  constructor (next: number, peers: { sameAs: (next: number) => Feed | undefined, ended: () => void }) {
    this.next = next
    this.#peers = peers
  }

  get signal (): AbortSignal { return this.#abort.signal }

  add (watcher: Watcher): void {
    this.#watchers.add(watcher)
    watcher.feed = this
  }

  leave (watcher: Watcher): void {
    this.#watchers.delete(watcher)
    watcher.feed = undefined
    if (this.#watchers.size === 0) this.#end()
  }

  run (records: AsyncGenerator<CapsuleRecord>): void {
    void (async () => {
      try {
        for await (const record of records) {
          this.next++
          for (const watcher of [...this.#watchers]) {
            if (!watcher.offer(record)) this.leave(watcher)
          }
          if (this.#ended) break
          // Caught up with another feed of the capsule: its watchers go on there, one subscription fewer.
          const other = this.#peers.sameAs(this.next)
          if (other !== undefined) {
            for (const watcher of [...this.#watchers]) other.add(watcher)
            this.#watchers.clear()
            this.#end()
            break
          }
        }
      } catch (err) {
        for (const watcher of this.#watchers) watcher.fail(err as Error)
      } finally {
        this.#end()
      }
    })()
  }

  #end (): void {
    if (this.#ended) return
    this.#ended = true
    this.#peers.ended()
    this.#abort.abort()
  }
}

class Watcher {
  /** The seqno of the next record it takes from a feed. */
  next: number
  feed: Feed | undefined
  error: Error | undefined
  wake: () => void = () => {}
  readonly #queue: CapsuleRecord[] = []
  readonly #bound: number
  #ownBytes = 0
  /** The buffers the kept records' payloads are views of, and how many of them view each. */
  readonly #buffers = new Map<ArrayBufferLike, number>()
  #heldBytes = 0

  constructor (next: number, bound: number) {
    this.next = next
    this.#bound = bound
  }

  /** Keeps the record for its consumer; false, and not kept, when that took its bound (it leaves the feed: it fell behind). */
  offer (record: CapsuleRecord): boolean {
    const buffer = record.payload.buffer
    const own = this.#ownBytes + KEPT_RECORD_BYTES + record.payload.length
    const held = this.#heldBytes + (this.#buffers.has(buffer) ? 0 : buffer.byteLength)
    // One record is always kept, however large: past the bound, a watcher never got it.
    if (this.#queue.length > 0 && Math.max(own, held) > this.#bound) return false
    this.#queue.push(record)
    this.#ownBytes = own
    this.#heldBytes = held
    this.#buffers.set(buffer, (this.#buffers.get(buffer) ?? 0) + 1)
    this.next++
    this.wake()
    return true
  }

  fail (error: Error): void {
    this.error = error
    this.wake()
  }

  take (): CapsuleRecord | undefined {
    const record = this.#queue.shift()
    if (record === undefined) return undefined
    this.#ownBytes -= KEPT_RECORD_BYTES + record.payload.length
    const buffer = record.payload.buffer
    const views = this.#buffers.get(buffer)! - 1
    if (views === 0) {
      this.#buffers.delete(buffer)
      this.#heldBytes -= buffer.byteLength
    } else {
      this.#buffers.set(buffer, views)
    }
    return record
  }
}

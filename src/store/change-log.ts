/**
 * The capsules whose listing changed lately, in the order they last did: a
 * store's answer to "what changed since I last asked?", so a peer replica's
 * idle anti-entropy round costs what changed, not every capsule held
 * (docs/replication.md, "Anti-entropy").
 *
 * In memory only. Each store open draws a new id: a point of an earlier log
 * (another open, another server) is refused, and the asker lists everything.
 */
import { randomBytes } from 'node:crypto'
import { equalBytes } from '../crypto/hash.js'
import { LIST_POINT_LOG_BYTES } from '../wire/pdu-shape.js'

/** A point in a change log: its id and how many changes it had noted. */
export interface ChangePoint {
  log: Uint8Array
  seq: number
}

export class ChangeLog {
  readonly id = new Uint8Array(randomBytes(LIST_POINT_LOG_BYTES))
  readonly #capacity: number
  /** Capsule (by its text name) -> the seq of its last change; oldest change first, as a Map keeps insertion order. */
  readonly #last = new Map<string, number>()
  #seq = 0
  /** Changes at or below this seq were forgotten to keep the log in bounds. */
  #forgotten = 0

  /**
   * `capacity`: the capsules remembered. More than a listing page: a point
   * older than the oldest remembered has more capsules changed since than a
   * page holds, which since() refuses anyway.
   */
  constructor (capacity = 4096) {
    this.#capacity = capacity
  }

  get point (): ChangePoint { return { log: this.id, seq: this.#seq } }

  /** The listing of capsule `name` (its text form) changed: created, grew, deleted, or served or not. */
  note (name: string): void {
    this.#seq++
    // Moved to the end: the Map stays in the order of last changes.
    this.#last.delete(name)
    this.#last.set(name, this.#seq)
    if (this.#last.size > this.#capacity) {
      const [oldest, seq] = this.#last.entries().next().value as [string, number]
      this.#last.delete(oldest)
      this.#forgotten = seq
    }
  }

  /**
   * The capsules changed after `point`, or undefined when it cannot say:
   * the point is of another log, ahead of this one, or older than what it
   * remembers, or more than `limit` capsules changed.
   */
  since (point: ChangePoint, limit: number): string[] | undefined {
    if (!equalBytes(point.log, this.id) || point.seq > this.#seq || point.seq < this.#forgotten) return undefined
    const changed: string[] = []
    for (const [name, seq] of this.#last) {
      if (seq <= point.seq) continue
      if (changed.length === limit) return undefined
      changed.push(name)
    }
    return changed
  }
}

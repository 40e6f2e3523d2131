import type { Level } from 'level'

export type Db = Level<Uint8Array, Uint8Array>
export type WriteOp = { type: 'put', key: Uint8Array, value: Uint8Array } | { type: 'del', key: Uint8Array }

/**
 * Group commit: while one LevelDB write is in flight, writes that arrive
 * queue up and then go out together as one atomic batch, so with `sync`
 * concurrent appends share a single fsync. A write's promise settles once
 * the batch holding it is written.
 */
export class WriteQueue {
  readonly #db: Db
  readonly #sync: boolean
  #pending: Array<{ ops: WriteOp[], resolve: () => void, reject: (err: Error) => void }> = []
  #writing = false
  #requests = 0
  #batches = 0

  constructor (db: Db, sync: boolean) {
    this.#db = db
    this.#sync = sync
  }

  /** Writes asked for and LevelDB batches issued: their ratio is the group commit at work. */
  get stats (): { requests: number, batches: number } {
    return { requests: this.#requests, batches: this.#batches }
  }

  async write (ops: WriteOp[]): Promise<void> {
    this.#requests++
    const done = new Promise<void>((resolve, reject) => { this.#pending.push({ ops, resolve, reject }) })
    if (!this.#writing) void this.#drain()
    return await done
  }

  async #drain (): Promise<void> {
    this.#writing = true
    while (this.#pending.length > 0) {
      const group = this.#pending
      this.#pending = []
      const ops = group.length === 1 ? group[0]!.ops : group.flatMap((w) => w.ops)
      this.#batches++
      try {
        await this.#db.batch(ops, { sync: this.#sync })
        for (const w of group) w.resolve()
      } catch (err) {
        for (const w of group) w.reject(err as Error)
      }
      // Let the callers just resumed queue their next writes, so they join
      // the next group instead of alternating with it.
      await new Promise((resolve) => setImmediate(resolve))
    }
    this.#writing = false
  }
}

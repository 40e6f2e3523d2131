/**
 * One capsule's rows of a table that holds state derived from its records
 * (the key-value index), for code above the store: keys are relative to the
 * table's prefix (tag and name), so such code reaches no other table, and
 * its writes go through the store's write queue, atomic and ordered with
 * every other write. The rows are deleted with the capsule (capsuleRanges).
 * Each value is stored with a checksum (row-checksum.ts), checked on every
 * read: a damaged row is a DerivedRowDamagedError, never a value.
 */
import { DerivedRowDamagedError } from '../errors.js'
import type { WriteQueue } from './write-queue.js'
import type { KeyScan, StoreDb, WriteOp } from './level-db.js'
import { checkedRowValue, ROW_CHECKSUM_LENGTH, writeWithRowChecksum } from './row-checksum.js'

/** Bounds of a scan, as LevelDB's but of relative keys; at most one bound per side. */
export type RowRange = KeyScan

export class CapsuleRows {
  readonly #db: StoreDb
  readonly #writes: WriteQueue
  readonly #prefix: Uint8Array
  /** Past every relative key that starts with a byte below 0xff (layout's tableRange). */
  readonly #end: Uint8Array
  /** Names the rows in errors ("key-value index of capsule X"). */
  readonly #what: string

  constructor (db: StoreDb, writes: WriteQueue, table: { gte: Uint8Array, lt: Uint8Array }, what: string) {
    this.#db = db
    this.#writes = writes
    this.#prefix = table.gte
    this.#end = table.lt
    this.#what = what
  }

  #checked (key: Uint8Array, stored: Uint8Array | undefined): Uint8Array | undefined {
    if (stored === undefined) return undefined
    const value = checkedRowValue(key, stored)
    if (value === undefined) throw new DerivedRowDamagedError(`${this.#what}: row ${Buffer.from(key).toString('hex').slice(0, 80)} is damaged (its checksum does not hold); it is derived from the records, and rebuilt from them`)
    return value
  }

  #absolute (key: Uint8Array): Uint8Array {
    const k = new Uint8Array(this.#prefix.length + key.length)
    k.set(this.#prefix)
    k.set(key, this.#prefix.length)
    return k
  }

  async get (key: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#checked(key, await this.#db.get(this.#absolute(key)))
  }

  /** A row as stored, its checksum unchecked: what a row that failed its check holds (a layout from before checksums, say). */
  async getUnchecked (key: Uint8Array): Promise<Uint8Array | undefined> {
    return await this.#db.get(this.#absolute(key))
  }

  /** A point read that blocks until LevelDB answers (from its caches, or a read of one block): cheaper than get()'s round trip. */
  getSync (key: Uint8Array): Uint8Array | undefined {
    return this.#checked(key, this.#db.getSync(this.#absolute(key)))
  }

  /** Rows in key order (or reversed), keys relative. Relative keys must start with a byte below 0xff. */
  async * iterator (range: RowRange = {}): AsyncGenerator<[Uint8Array, Uint8Array]> {
    for await (const [key, stored] of this.#stored(range)) yield [key, this.#checked(key, stored)!]
  }

  /** The keys of the rows, relative, values unchecked: to delete rows whatever state they are in. */
  async * keys (range: RowRange = {}): AsyncGenerator<Uint8Array> {
    for await (const [key] of this.#stored(range)) yield key
  }

  async * #stored (range: RowRange): AsyncGenerator<[Uint8Array, Uint8Array]> {
    const absolute: Parameters<StoreDb['iterator']>[0] = {}
    if (range.gt !== undefined) absolute.gt = this.#absolute(range.gt)
    else absolute.gte = this.#absolute(range.gte ?? new Uint8Array(0))
    if (range.lt !== undefined) absolute.lt = this.#absolute(range.lt)
    else if (range.lte !== undefined) absolute.lte = this.#absolute(range.lte)
    else absolute.lt = this.#end
    if (range.reverse !== undefined) absolute.reverse = range.reverse
    if (range.limit !== undefined) absolute.limit = range.limit
    for await (const [key, stored] of this.#db.iterator(absolute)) yield [key.subarray(this.#prefix.length), stored]
  }

  /** Writes `ops` (relative keys) atomically; resolves once LevelDB has them. */
  async write (ops: WriteOp[]): Promise<void> {
    await this.#writes.write(this.absolute(ops))
  }

  /**
   * `ops` with their keys made absolute and their values checksummed: rows
   * to write in the same batch as an append (StoredCapsule.append). Every
   * key and value is a view of one buffer: two buffers a row (each off V8's
   * heap at these sizes, and collected after LevelDB copied it) cost more
   * than the rows' own encoding when a key-value write stores its tree's
   * nodes, thousands of rows at once.
   */
  absolute (ops: WriteOp[]): WriteOp[] {
    const prefix = this.#prefix
    let bytes = 0
    for (const op of ops) bytes += prefix.length + op.key.length + (op.type === 'put' ? op.value.length + ROW_CHECKSUM_LENGTH : 0)
    const slab = new Uint8Array(bytes)
    let at = 0
    const out: WriteOp[] = new Array(ops.length)
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!
      const key = slab.subarray(at, at + prefix.length + op.key.length)
      slab.set(prefix, at)
      slab.set(op.key, at + prefix.length)
      at += key.length
      if (op.type === 'del') {
        out[i] = { type: 'del', key }
        continue
      }
      const end = writeWithRowChecksum(slab, at, op.key, op.value)
      out[i] = { type: 'put', key, value: slab.subarray(at, end) }
      at = end
    }
    return out
  }
}

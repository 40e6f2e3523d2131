/**
 * Rows of capsules deleted here, found by walking a table's rows beside the
 * tombstones, both in name order (every key of a capsule is a one-byte tag,
 * its name, then more: layout.ts), with no read per row. Such rows are left
 * on disk by versions before deletions refused them, and by a crash between
 * a write and its clean-up (docs/store.md, "Deleting a capsule").
 */
import { NAME_LENGTH } from '../capsule/name.js'
import { nameOfMetadataKey, tablesRange, tombstoneKey } from './layout.js'

/**
 * The keys of a range in order, past blocks LevelDB cannot read
 * (StoreDb.keysPast, through the store's listing that says such a block,
 * as met by a listing of `what`).
 */
export type KeyListing = (range: { gte: Uint8Array, lt: Uint8Array }, what: string) => AsyncGenerator<Uint8Array>

/**
 * Rows a walk steps over one by one before it leaps: opens its listing again
 * at the key it is heading for, one seek. Every row of a hash index or a
 * key-value index is one of many its capsule has (one per record, one per
 * key), and a walk over them all, at every start, read the whole index of
 * every capsule; a leap at every row would seek where a step reads on.
 */
export const LEAP_AFTER = 8

/** The keys of `range` in order, stepped through one by one or leapt ahead of. */
class KeyWalk {
  readonly #listing: KeyListing
  readonly #what: string
  readonly #end: Uint8Array
  #keys: AsyncGenerator<Uint8Array>
  /** The key the walk is at; undefined once past the range's end. */
  key: Uint8Array | undefined

  private constructor (listing: KeyListing, range: { gte: Uint8Array, lt: Uint8Array }, what: string) {
    this.#listing = listing
    this.#what = what
    this.#end = range.lt
    this.#keys = listing(range, what)
  }

  static async open (listing: KeyListing, range: { gte: Uint8Array, lt: Uint8Array }, what: string): Promise<KeyWalk> {
    const walk = new KeyWalk(listing, range, what)
    await walk.step()
    return walk
  }

  async step (): Promise<void> {
    const next = await this.#keys.next()
    this.key = next.done === true ? undefined : next.value
  }

  /** To the first key at or after `to`. */
  async leap (to: Uint8Array): Promise<void> {
    await this.#keys.return(undefined)
    this.#keys = this.#listing({ gte: to, lt: this.#end }, this.#what)
    await this.step()
  }

  async close (): Promise<void> {
    await this.#keys.return(undefined)
  }
}

const nameOf = (key: Uint8Array): Buffer => Buffer.from(nameOfMetadataKey(key))

/** The first key of table `tag` for capsule `name`. */
function firstKeyOf (tag: number, name: Uint8Array): Uint8Array {
  const key = new Uint8Array(1 + NAME_LENGTH)
  key[0] = tag
  key.set(name, 1)
  return key
}

/** The tombstones in name order, asked of names in name order. */
export class TombstoneWalk {
  readonly #walk: KeyWalk

  private constructor (walk: KeyWalk) {
    this.#walk = walk
  }

  static async open (listing: KeyListing): Promise<TombstoneWalk> {
    return new TombstoneWalk(await KeyWalk.open(listing, tablesRange('tombstone'), 'tombstones'))
  }

  /** The name of the first tombstone not behind the names asked so far; undefined when there is none. */
  get ahead (): Buffer | undefined {
    return this.#walk.key === undefined ? undefined : nameOf(this.#walk.key)
  }

  /** Whether capsule `name` was deleted here; `name` at or past every name asked before. */
  async deleted (name: Uint8Array): Promise<boolean> {
    for (let steps = 0; this.ahead !== undefined && this.ahead.compare(name) < 0; steps++) {
      if (steps < LEAP_AFTER) await this.#walk.step()
      else await this.#walk.leap(tombstoneKey(name))
    }
    return this.ahead?.equals(name) ?? false
  }

  async close (): Promise<void> {
    await this.#walk.close()
  }
}

/**
 * The rows of table `range` (one table's tag; a listing of `what`) whose capsules were deleted
 * here, in key order: the walk starts at the first tombstone's name, and a
 * run of rows of capsules not deleted is leapt over, to the next
 * tombstone's name; it ends past the last tombstone.
 */
export async function * rowsOfDeleted (listing: KeyListing, range: { gte: Uint8Array, lt: Uint8Array }, what: string): AsyncGenerator<Uint8Array> {
  const tag = range.gte[0]!
  const tombstones = await TombstoneWalk.open(listing)
  try {
    if (tombstones.ahead === undefined) return
    const rows = await KeyWalk.open(listing, { gte: firstKeyOf(tag, tombstones.ahead), lt: range.lt }, what)
    try {
      let passed = 0
      while (rows.key !== undefined) {
        const key = rows.key
        if (await tombstones.deleted(nameOf(key))) {
          yield key
          passed = 0
          await rows.step()
          continue
        }
        const next = tombstones.ahead
        if (next === undefined) return
        if (++passed < LEAP_AFTER) await rows.step()
        else { await rows.leap(firstKeyOf(tag, next)); passed = 0 }
      }
    } finally {
      await rows.close()
    }
  } finally {
    await tombstones.close()
  }
}

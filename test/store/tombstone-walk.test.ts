// The walks beside the tombstones (src/store/tombstone-walk.ts), over keys in memory: what they find is what a
// read of the tombstone for every row would find, however the rows and tombstones interleave.
import { describe, expect, it } from 'vitest'
import { NAME_LENGTH } from '../../src/capsule/name.js'
import { tablesRange, tombstoneKey } from '../../src/store/layout.js'
import { LEAP_AFTER, rowsOfDeleted, TombstoneWalk, type KeyListing } from '../../src/store/tombstone-walk.js'

const TAG = 0x58 // the hash index's

/** A small pseudo-random generator, so that a failing case can be run again. */
function random (seed: number): () => number {
  let s = seed
  return () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648 }
}

/** Keys in memory, listed as the store lists them; `reads` counts the keys given. */
function listingOf (keys: Uint8Array[]): { listing: KeyListing, reads: () => number } {
  const sorted = [...keys].sort(Buffer.compare)
  let given = 0
  const listing: KeyListing = async function * (range) {
    for (const key of sorted) {
      if (Buffer.compare(key, range.gte) < 0 || Buffer.compare(key, range.lt) >= 0) continue
      given++
      yield key
    }
  }
  return { listing, reads: () => given }
}

const nameOf = (i: number): Uint8Array => {
  const name = new Uint8Array(NAME_LENGTH)
  new DataView(name.buffer).setUint32(0, i)
  return name
}
const rowKey = (name: Uint8Array, row: number): Uint8Array => Buffer.concat([Uint8Array.of(TAG), name, Buffer.from([row >> 8, row & 0xff])])

describe('the walks beside the tombstones', () => {
  it('find exactly the rows of capsules with a tombstone, over runs of every length', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = random(seed)
      const names = Array.from({ length: 1 + Math.floor(next() * 60) }, (_, i) => nameOf(i * 3))
      const deleted = new Set<number>()
      const keys: Uint8Array[] = []
      names.forEach((name, i) => {
        if (next() < 0.4) { deleted.add(i); keys.push(tombstoneKey(name)) }
        // Some capsules have no row, some many (longer than a walk steps before it leaps).
        const rows = next() < 0.3 ? 0 : Math.floor(next() * 3 * LEAP_AFTER)
        for (let r = 0; r < rows; r++) keys.push(rowKey(name, r))
      })
      // Tombstones of names with no row at all, between the others.
      for (let i = 0; i < 10; i++) if (next() < 0.5) keys.push(tombstoneKey(nameOf(1 + i * 7)))
      const { listing } = listingOf(keys)
      const found: string[] = []
      for await (const key of rowsOfDeleted(listing, tablesRange('hashes'), 'hash indexes')) found.push(Buffer.from(key).toString('hex'))
      const tombstoned = new Set(keys.filter((k) => k[0] === tombstoneKey(nameOf(0))[0]).map((k) => Buffer.from(k.subarray(1)).toString('hex')))
      const expected = keys.filter((k) => k[0] === TAG && tombstoned.has(Buffer.from(k.subarray(1, 1 + NAME_LENGTH)).toString('hex'))).sort(Buffer.compare).map((k) => Buffer.from(k).toString('hex'))
      expect(found, `seed ${seed}`).toEqual(expected)
    }
  })

  it('answer whether each name asked in order was deleted, leaping over long runs of tombstones', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => tombstoneKey(nameOf(i * 2)))
    const { listing, reads } = listingOf(keys)
    const tombstones = await TombstoneWalk.open(listing)
    const asked = [1, 2, 501, 1000, 1998, 1999]
    const answers = []
    for (const i of asked) answers.push(await tombstones.deleted(nameOf(i)))
    await tombstones.close()
    expect(answers).toEqual([false, true, false, true, true, false])
    // Not every tombstone passed over was read: a few steps, then a leap, for each name asked.
    expect(reads()).toBeLessThan(asked.length * (LEAP_AFTER + 2))
  })

  it('walk nothing beside a store with no tombstone', async () => {
    const { listing, reads } = listingOf(Array.from({ length: 100 }, (_, i) => rowKey(nameOf(i), 0)))
    for await (const key of rowsOfDeleted(listing, tablesRange('hashes'), 'hash indexes')) expect.unreachable(`found ${Buffer.from(key).toString('hex')}`)
    expect(reads()).toBe(0)
  })
})

// StoreDb's batch writes straight through classic-level's binding when the
// store is open: rows written so read back as written, and a store not open
// refuses the batch with an error rather than reaching the binding.
import { afterEach, describe, expect, it } from 'vitest'
import { StoreDb } from '../../src/store/level-db.js'
import { tempDir } from '../helpers.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

describe('StoreDb batch', () => {
  it('writes puts and deletes of one batch, in order, and they survive a reopen', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const key = (i: number): Uint8Array => Uint8Array.of(1, i)
    let db = await StoreDb.open(dir.path)
    await db.batch([
      { type: 'put', key: key(1), value: Uint8Array.of(10) },
      { type: 'put', key: key(2), value: new Uint8Array(Buffer.alloc(70_000, 7)) },
      { type: 'put', key: key(3), value: new Uint8Array(0) },
      { type: 'del', key: key(1) },
      // A view into a larger buffer: only its bytes are the key and the value.
      { type: 'put', key: Uint8Array.of(0, 1, 4, 0).subarray(1, 3), value: Uint8Array.of(9, 8, 7).subarray(1) }
    ], { sync: false })
    await db.close()
    db = await StoreDb.open(dir.path)
    cleanups.push(async () => { await db.close() })
    expect(await db.get(key(1))).toBeUndefined()
    expect(Buffer.from((await db.get(key(2)))!)).toEqual(Buffer.alloc(70_000, 7))
    expect([...(await db.get(key(3)))!]).toEqual([])
    expect([...(await db.get(key(4)))!]).toEqual([8, 7])
  })

  it('refuses a batch once the store is closed, and writes nothing', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const db = await StoreDb.open(dir.path)
    await db.close()
    await expect(db.batch([{ type: 'put', key: Uint8Array.of(1), value: Uint8Array.of(1) }], { sync: false })).rejects.toThrow(/not open/)
    const again = await StoreDb.open(dir.path)
    expect(await again.get(Uint8Array.of(1))).toBeUndefined()
    await again.close()
  })
})

// StoreDb's batch writes straight through classic-level's binding when the
// store is open: rows written so read back as written, and a store not open
// refuses the batch with an error rather than reaching the binding. Reads
// check each table block's CRC (scripts/build-leveldb.mjs).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { StoreCorruptionError } from '../../src/errors.js'
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

describe('StoreDb reads of a damaged table', () => {
  it('one byte flipped in a table block is a StoreCorruptionError (block checksum mismatch), never other rows or an abort', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    let db = await StoreDb.open(dir.path)
    // Rows that do not compress, so the flipped byte lands in row data.
    const rows = Array.from({ length: 200 }, (_, i) => ({ type: 'put' as const, key: Uint8Array.of(1, i), value: crypto.getRandomValues(new Uint8Array(1000)) }))
    await db.batch(rows, { sync: true })
    await db.close()
    // Opening again writes the log's rows into a table file.
    db = await StoreDb.open(dir.path)
    await db.close()
    const table = readdirSync(dir.path).filter((f) => f.endsWith('.ldb')).map((f) => join(dir.path, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!
    const bytes = readFileSync(table)
    bytes[Math.floor(bytes.length / 3)]! ^= 0x04
    writeFileSync(table, bytes)
    db = await StoreDb.open(dir.path)
    cleanups.push(async () => { await db.close() })
    const readAll = async (): Promise<number> => {
      let n = 0
      for await (const [key, value] of db.iterator({ gte: Uint8Array.of(1), lt: Uint8Array.of(2) })) {
        // A row read back is the row written: the damage is never passed on as data.
        expect(Buffer.from(value).equals(Buffer.from(rows[key[1]!]!.value))).toBe(true)
        n++
      }
      return n
    }
    await expect(readAll()).rejects.toThrow(StoreCorruptionError)
    await expect(readAll()).rejects.toThrow(/checksum mismatch/)
  })
})

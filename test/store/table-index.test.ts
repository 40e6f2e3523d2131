// A LevelDB table whose index block is damaged is given a new index from its
// data blocks (src/store/table-index.ts), so LevelDB's repair keeps its rows:
// tables written by LevelDB itself, damaged as a disk damages them.
import { randomBytes } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { ClassicLevel } from 'classic-level'
import { afterEach, describe, expect, it } from 'vitest'
import { mendTableIndexes, rebuildTable, tableIndexIntact } from '../../src/store/table-index.js'
import { tempDir } from '../helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

const key = (i: number): Buffer => Buffer.from(`k${String(i).padStart(8, '0')}`)
/** Half the values incompressible, half that compress well: blocks stored raw and Snappy-compressed both. */
const value = (i: number): Buffer => i % 2 === 0 ? randomBytes(300 + (i % 700)) : Buffer.alloc(300 + (i % 700), `value ${i} `)

/** A closed LevelDB database of `count` rows in tables (none left in its log), and the rows. */
async function tables (count: number): Promise<{ path: string, rows: Map<string, Buffer> }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const db = new ClassicLevel<Buffer, Buffer>(dir.path, { keyEncoding: 'buffer', valueEncoding: 'buffer' })
  await db.open()
  const rows = new Map<string, Buffer>()
  for (let from = 0; from < count; from += 500) {
    const batch = Array.from({ length: Math.min(500, count - from) }, (_, j) => ({ type: 'put' as const, key: key(from + j), value: value(from + j) }))
    await db.batch(batch)
    for (const op of batch) rows.set(op.key.toString(), op.value)
  }
  await db.compactRange(key(0), key(count))
  await db.close()
  return { path: dir.path, rows }
}

const tableFiles = (path: string): string[] => readdirSync(path).filter((f) => f.endsWith('.ldb')).sort()

/** The index block's place: the footer's second handle. */
function indexBlock (bytes: Uint8Array): { offset: number, size: number } {
  let at = bytes.length - 48
  const varint = (): number => { let v = 0; for (let s = 0; ; s += 7) { const b = bytes[at++]!; v += (b & 0x7f) * 2 ** s; if (b < 0x80) return v } }
  varint(); varint()
  return { offset: varint(), size: varint() }
}

async function readAll (path: string): Promise<Map<string, Buffer>> {
  const db = new ClassicLevel<Buffer, Buffer>(path, { keyEncoding: 'buffer', valueEncoding: 'buffer' })
  await db.open()
  try {
    return new Map((await db.iterator().all()).map(([k, v]) => [k.toString(), v]))
  } finally {
    await db.close()
  }
}

/**
 * Checks that a database read back holds exactly `rows`: the keys in order, each value's bytes the same
 * (toEqual walked each Buffer byte by byte: 15 s of the test for these 8 MB, and past its time on a loaded machine).
 */
function expectRows (got: Map<string, Buffer>, rows: Map<string, Buffer>): void {
  expect([...got.keys()]).toEqual([...rows.keys()])
  expect([...rows].filter(([k, v]) => !v.equals(got.get(k)!)).map(([k]) => k)).toEqual([])
}

describe('a table whose index block is damaged', () => {
  it('is given a new index from its data blocks: LevelDB\'s repair keeps every row, where it dropped the whole table', async () => {
    const { path, rows } = await tables(12000)
    const files = tableFiles(path)
    expect(files.length).toBeGreaterThan(1)
    const table = join(path, files[0]!)
    const bytes = readFileSync(table)
    expect(tableIndexIntact(bytes)).toBe(true)
    const index = indexBlock(bytes)
    bytes[index.offset + Math.floor(index.size / 2)]! ^= 0x04
    writeFileSync(table, bytes)
    expect(tableIndexIntact(bytes)).toBe(false)
    const done = mendTableIndexes(path)
    expect(done).toEqual([expect.stringMatching(new RegExp(`^table ${files[0]!}: its index was damaged; a new one was made from the \\d+ data blocks found \\(the damaged file is in lost/${files[0]!}\\.index-damaged\\)$`))])
    expect(tableIndexIntact(readFileSync(table))).toBe(true)
    expect(readdirSync(join(path, 'lost'))).toEqual([`${files[0]!}.index-damaged`])
    await ClassicLevel.repair(path)
    expectRows(await readAll(path), rows)
    // Whole tables are left as they are.
    expect(mendTableIndexes(path)).toEqual([])
  }, 60_000)

  it('and a data block too: only that block\'s rows are lost (the index\'s other entries find the blocks after it), and no row is answered with another value', async () => {
    const { path, rows } = await tables(3000)
    const table = join(path, tableFiles(path)[0]!)
    const bytes = readFileSync(table)
    const index = indexBlock(bytes)
    bytes[index.offset + 3]! ^= 0x10
    bytes[Math.floor(index.offset / 2)]! ^= 0x10
    writeFileSync(table, bytes)
    const done = mendTableIndexes(path)
    expect(done).toEqual([expect.stringMatching(/; \d+ bytes between them are in no block that checks, and their rows are lost \(/)])
    await ClassicLevel.repair(path)
    const after = await readAll(path)
    // One block of about 4 KiB of values of 300 to 1,000 bytes: a handful of rows, where the scan alone lost half.
    expect(rows.size - after.size).toBeGreaterThan(0)
    expect(rows.size - after.size).toBeLessThan(20)
    for (const [k, v] of after) expect(v.equals(rows.get(k)!), k).toBe(true)
  }, 60_000)

  it('a repair stopped while it wrote a table (kill -9) leaves the damaged table in place, mended again by the next one; a rebuilt table is never missing', async () => {
    const { path, rows } = await tables(3000)
    const file = tableFiles(path)[0]!
    const bytes = readFileSync(join(path, file))
    const index = indexBlock(bytes)
    bytes[index.offset + Math.floor(index.size / 2)]! ^= 0x04
    writeFileSync(join(path, file), bytes)
    // What a stop at any point of the earlier run leaves: the damaged table kept in lost/ and in place, a table half written.
    mkdirSync(join(path, 'lost'))
    writeFileSync(join(path, 'lost', `${file}.index-damaged`), bytes)
    writeFileSync(join(path, `${file}.mending`), bytes.subarray(0, 1000))
    expect(mendTableIndexes(path)).toHaveLength(1)
    expect(readdirSync(path).filter((f) => f.endsWith('.mending'))).toEqual([])
    await ClassicLevel.repair(path)
    expectRows(await readAll(path), rows)
  }, 60_000)

  it('never takes other bytes for a table: random bytes, and a real table cut short or scrambled, give a table whose blocks check, or none', async () => {
    const { path } = await tables(1000)
    const real = readFileSync(join(path, tableFiles(path)[0]!))
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
      const rebuilt = rebuildTable(bytes)
      if (rebuilt !== undefined) expect(tableIndexIntact(rebuilt.table)).toBe(true)
    }), { numRuns: 300 })
    fc.assert(fc.property(fc.nat(real.length), fc.nat(real.length), fc.integer({ min: 1, max: 255 }), (cut, at, flip) => {
      const bytes = Buffer.from(real.subarray(0, Math.max(cut, 48)))
      if (at < bytes.length) bytes[at]! ^= flip
      const rebuilt = rebuildTable(bytes)
      if (rebuilt !== undefined) expect(tableIndexIntact(rebuilt.table)).toBe(true)
    }), { numRuns: 50 })
  }, 60_000)
})

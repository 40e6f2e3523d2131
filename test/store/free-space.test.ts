// The free-space estimate reads LevelDB's MANIFEST itself: the tables it finds,
// level by level, are the ones LevelDB lists, and what the estimate counts
// follows from them.
import { randomBytes } from 'node:crypto'
import { readFileSync, symlinkSync, writeFileSync, type PathLike } from 'node:fs'
import fc from 'fast-check'
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { compactionBytes, DERIVED_ROOM, openingSpace, overlapping, readManifest, StoreRoom } from '../../src/store/free-space.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { fillCapsule, tempDir } from '../helpers.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); playedFree.path = undefined })

/** The free bytes statfs says the disk holding `path` has, where a test plays them. */
const playedFree: { path?: string, bytes: number } = { bytes: 0 }
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>()
  return {
    ...original,
    statfsSync: (path: PathLike, ...rest: unknown[]) => {
      const real = original.statfsSync(path, ...(rest as []))
      if (playedFree.path === undefined || !String(path).startsWith(playedFree.path)) return real
      return { ...real, bsize: 4096, bavail: Math.floor(playedFree.bytes / 4096) }
    }
  }
})

describe('the MANIFEST, as the free-space estimate reads it', () => {
  it('holds the tables LevelDB lists, level by level, with their sizes and key ranges', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const db = new Level<Uint8Array, Uint8Array>(dir.path, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.open()
    cleanups.push(async () => { await db.close() })
    const key = (i: number): Uint8Array => Buffer.from(`k${String(i).padStart(8, '0')}`)
    // Incompressible values (LevelDB compresses tables: a patterned value left two small tables, one
    // level short of what this test is about), in several memtables' worth, compacted part way:
    // tables in more than one level.
    for (let round = 0; round < 6; round++) {
      await db.batch(Array.from({ length: 1200 }, (_, i) => ({ type: 'put' as const, key: key(round * 1000 + i), value: new Uint8Array(randomBytes(4000)) })))
      if (round === 2) await (db as unknown as { compactRange: (a: Uint8Array, b: Uint8Array) => Promise<void> }).compactRange(key(0), key(99999))
    }
    // A background compaction between the two reads would change what each sees: LevelDB writes a change to
    // the MANIFEST before it lists it (a listing on both sides of one MANIFEST read agreed, and the MANIFEST held
    // a level-0 table the listing did not yet: failed once in CI). So both are read twice, a moment apart, and
    // taken only when neither changed.
    const sstables = (): string => (db as unknown as { getProperty: (p: string) => string }).getProperty('leveldb.sstables')
    const manifestBytes = (): Buffer => readFileSync(join(dir.path, readFileSync(join(dir.path, 'CURRENT'), 'latin1').trim()))
    let listing = ''
    let manifest: ReturnType<typeof readManifest> | undefined
    for (let attempt = 0; attempt < 50 && manifest === undefined; attempt++) {
      listing = sstables()
      const read = manifestBytes()
      await new Promise((resolve) => setTimeout(resolve, 100))
      if (sstables() === listing && manifestBytes().equals(read)) manifest = readManifest(read)
    }
    if (manifest === undefined) throw new Error('LevelDB kept compacting for 5 s: no quiet moment to compare its listing with the MANIFEST')
    const listed: Array<Array<{ number: number, size: number }>> = []
    let level = 0
    for (const line of listing.split('\n')) {
      const header = /^--- level (\d+) ---$/.exec(line)
      if (header !== null) level = Number(header[1])
      const m = /^ (\d+):(\d+)\[/.exec(line)
      if (m !== null) (listed[level] ??= []).push({ number: Number(m[1]), size: Number(m[2]) })
    }
    const tables = listed.flat()
    expect(tables.length).toBeGreaterThan(2)
    expect(listed.filter((l) => l !== undefined && l.length > 0).length).toBeGreaterThan(1)
    for (let l = 0; l < 7; l++) {
      const byNumber = (a: { number: number }, b: { number: number }): number => a.number - b.number
      expect(manifest.levels[l]!.map((t) => ({ number: t.number, size: t.size })).sort(byNumber), `level ${l}`).toEqual((listed[l] ?? []).sort(byNumber))
    }
    for (const t of manifest.levels.flat()) expect(Buffer.compare(t.smallest!, t.largest!)).toBeLessThanOrEqual(0)
    expect(manifest.logNumber).toBeGreaterThan(0)
  })

  it('counts the log the open rewrites, and compacting level 0 once it holds 4 tables', () => {
    const k = (s: string): Buffer => Buffer.from(s)
    const table = (number: number, size: number, lo: string, hi: string): { number: number, size: number, smallest: Buffer, largest: Buffer } => ({ number, size, smallest: k(lo), largest: k(hi) })
    const none = Array.from({ length: 7 }, () => [] as Array<ReturnType<typeof table>>)
    expect(compactionBytes(none)).toBe(0)
    const three = none.map((l, i) => i === 0 ? [table(1, 100, 'a', 'c'), table(2, 100, 'b', 'd'), table(3, 100, 'x', 'z')] : l)
    expect(compactionBytes(three)).toBe(0)
    // Four in level 0: all of them, and what they overlap in level 1 (not the table past their range).
    const four = three.map((l, i) => i === 0 ? [...l, table(4, 100, 'c', 'e')] : i === 1 ? [table(5, 1000, 'a', 'b'), table(6, 2000, 'zz', 'zzz')] : l)
    expect(compactionBytes(four)).toBe(1400)
  })

  describe('beside three level-0 tables and no log to replay', () => {
    /** A LevelDB folder so: five flushes of one key range, the first two tables gone down to levels 2 and 1 (nothing overlaps them there). */
    async function threeInLevel0 (): Promise<string> {
      const dir = tempDir()
      cleanups.push(() => { dir.cleanup() })
      const db = new Level<Uint8Array, Uint8Array>(dir.path, { keyEncoding: 'view', valueEncoding: 'view' })
      await db.open()
      for (let flush = 0; flush < 5; flush++) {
        await db.batch(Array.from({ length: 100 }, (_, i) => ({ type: 'put' as const, key: Buffer.from(`k${i}`), value: new Uint8Array(randomBytes(1000)) })))
        // A flush starts a new log: none is left to replay.
        await (db as unknown as { compactRange: (a: Uint8Array, b: Uint8Array) => Promise<void> }).compactRange(Uint8Array.of(0xff), Uint8Array.of(0xff, 0xff))
      }
      await db.close()
      const current = readFileSync(join(dir.path, 'CURRENT'), 'latin1').trim()
      expect(readManifest(readFileSync(join(dir.path, current))).levels[0]!.length).toBe(3)
      expect(openingSpace(dir.path)!.compaction).toBe(0)
      return dir.path
    }

    // New data goes to the log, which becomes the fourth: the store opening after it (or LevelDB at its next flush)
    // compacts level 0 with level 1. Counted only once the log held it, the room kept for it came too late: a store
    // that filled its disk with its own writes was refused at every open there, for want of that compaction's room.
    it('counts, for new data, the level-0 table it makes, and the compaction of level 0 that starts', async () => {
      const path = await threeInLevel0()
      const withNewData = openingSpace(path, true)!
      expect(withNewData.compaction).toBeGreaterThan(300_000)
      expect(withNewData.needed).toBeGreaterThan(openingSpace(path)!.needed + 300_000)
    })

    it('refuses new data while the disk has room for the open without that compaction, not with it', async () => {
      const path = await threeInLevel0()
      const without = openingSpace(path)!.needed
      playedFree.path = path
      playedFree.bytes = without + DERIVED_ROOM + 200_000
      expect(new StoreRoom(path).refusal(1000)).toMatch(/is full: the store keeps room to open again/)
      playedFree.bytes = openingSpace(path, true)!.needed + DERIVED_ROOM + 200_000
      expect(new StoreRoom(path).refusal(1000)).toBeUndefined()
    })
  })

  it('asks for little room where the open replays no log: a store that is only read opens on a disk with 0.5 MiB free', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const path = join(dir.path, 'store')
    const { t } = await fillCapsule(path, 20, () => randomBytes(5000))
    // Opened and closed again: its log is rewritten into a table, and the next is left empty.
    await (await CapsuleStore.open({ path })).close()
    expect(openingSpace(path)!.logs).toMatch(/^\d+\.log: 0\.0 MiB$/)
    // LevelDB opened such a store on a tmpfs with 100 KiB free: it writes a MANIFEST (counted), CURRENT and its LOG.
    // It was refused for want of 1.1 MiB, the room kept for writing tables.
    playedFree.path = path
    playedFree.bytes = 0.5 * (1 << 20)
    const store = await CapsuleStore.open({ path })
    expect((await store.capsule(t.name)).size).toBe(20)
    await store.close()
  })

  it('leaves out a file that vanished between the listing and its size (LevelDB deleting a table it compacted), and is made all the same', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const db = new Level<string, string>(dir.path)
    await db.open()
    await db.put('k', 'v')
    await db.close()
    const whole = openingSpace(dir.path)
    expect(whole).toBeDefined()
    // A name listed whose file is gone by the time it is looked at: a dangling link, as a table deleted meanwhile looks.
    symlinkSync(join(dir.path, 'gone'), join(dir.path, '999999.ldb'))
    symlinkSync(join(dir.path, 'gone'), join(dir.path, '999998.log'))
    // Before, the estimate was not made ("not known"), and writes near a full disk went unchecked for that second.
    const { needed, logs, compaction, deleted } = whole!
    expect(openingSpace(dir.path)).toMatchObject({ needed, logs, compaction, deleted })
  })

  it('is not known for a folder that is not there', () => {
    expect(openingSpace('/nonexistent/gdp-store')).toBeUndefined()
  })

  // A MANIFEST is read from a disk that may have damaged it: whatever its bytes, reading it ends at once in tables or
  // an Error (which openingSpace takes as "not known" and counts the files instead), never another exception.
  it('a damaged MANIFEST, random or a real one changed or cut short, is read or refused with an Error; the estimate is made either way', async () => {
    const dir = tempDir()
    cleanups.push(() => { dir.cleanup() })
    const db = new Level<Uint8Array, Uint8Array>(dir.path, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.open()
    for (let round = 0; round < 3; round++) {
      await db.batch(Array.from({ length: 200 }, (_, i) => ({ type: 'put' as const, key: Buffer.from(`k${round}-${i}`), value: new Uint8Array(randomBytes(100)) })))
      await (db as unknown as { compactRange: (a: Uint8Array, b: Uint8Array) => Promise<void> }).compactRange(Buffer.from('k'), Buffer.from('l'))
    }
    await db.close()
    const current = readFileSync(join(dir.path, 'CURRENT'), 'latin1').trim()
    const valid = readFileSync(join(dir.path, current))
    expect(readManifest(valid).levels.flat().length).toBeGreaterThan(0)
    const readOrRefused = (bytes: Buffer): void => {
      try {
        const m = readManifest(bytes)
        for (const t of m.levels.flat()) expect(Number.isFinite(t.size)).toBe(true)
      } catch (err) {
        expect(err).toBeInstanceOf(Error)
        expect(['TypeError', 'RangeError']).not.toContain((err as Error).name)
      }
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => { readOrRefused(Buffer.from(bytes)) }), { numRuns: 300 })
    fc.assert(fc.property(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const bytes = Buffer.from(valid)
      bytes[at]! ^= xor
      readOrRefused(bytes)
    }), { numRuns: 1000 })
    for (let length = 0; length < valid.length; length++) readOrRefused(valid.subarray(0, length))
    // And the estimate from a folder holding such a MANIFEST: made, not thrown.
    for (const at of [0, 6, 7, 12, Math.floor(valid.length / 2), valid.length - 1]) {
      const bytes = Buffer.from(valid)
      bytes[at]! ^= 0x5a
      writeFileSync(join(dir.path, current), bytes)
      expect(openingSpace(dir.path)?.needed).toBeGreaterThan(0)
    }
  })

  // Each table of a level over its limit is weighed with what it overlaps below: a filter over the whole level below
  // for each one took 34 s on the main thread for a store of 72 GB (6,000 tables in level 4, 30,000 in level 5), at
  // every open of the store and every second of writes near a full disk. Levels past 0 are sorted and disjoint: found
  // by binary search, the same tables.
  it('weighs a level over its limit by the same tables, found without a pass over the level below for each', () => {
    const key = (i: number): Buffer => Buffer.from(`k${String(i).padStart(10, '0')}`)
    const levels = Array.from({ length: 7 }, () => [] as Array<{ number: number, size: number, smallest: Buffer, largest: Buffer }>)
    for (let i = 0; i < 6000; i++) levels[4]!.push({ number: i, size: 2 << 20, smallest: key(i * 10), largest: key(i * 10 + 9) })
    for (let i = 0; i < 30_000; i++) levels[5]!.push({ number: 6000 + i, size: 2 << 20, smallest: key(i * 2), largest: key(i * 2 + 1) })
    // A table of level 4 spans 10 keys, 5 tables of level 5: 6 tables of 2 MiB.
    expect(compactionBytes(levels)).toBe(6 * (2 << 20))
  }, 10_000)

  it('finds in a level past 0 the tables a range overlaps, as a pass over the level does, on levels made at random', () => {
    const key = (i: number): Buffer => Buffer.from(`k${String(i).padStart(6, '0')}`)
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.uniqueArray(fc.nat(2000), { minLength: 0, maxLength: 200 }), fc.option(fc.nat(2100)), fc.option(fc.nat(2100)), (at, cuts, lo, hi) => {
      // Disjoint tables, sorted: pairs of cut points (a table of one key where both are the same is not made here).
      const points = cuts.sort((a, b) => a - b)
      const tables: Array<{ number: number, size: number, smallest: Buffer, largest: Buffer }> = []
      for (let i = 0; i + 1 < points.length; i += 2) tables.push({ number: i, size: 1, smallest: key(points[i]!), largest: key(points[i + 1]!) })
      const levels = Array.from({ length: 7 }, (_, l) => l === at ? tables : [])
      const range = { lo: lo === null ? undefined : key(lo), hi: hi === null ? undefined : key(hi) }
      const expected = tables.filter((t) => (range.hi === undefined || Buffer.compare(t.smallest, range.hi) <= 0) && (range.lo === undefined || Buffer.compare(t.largest, range.lo) >= 0))
      expect(overlapping(levels, at, range).map((t) => t.number)).toEqual(expected.map((t) => t.number))
    }), { numRuns: 500 })
  })
})

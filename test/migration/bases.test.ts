import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BLOCK_SIZE } from '../../src/migration/batch.js'
import { BaseRegistry } from '../../src/migration/bases.js'
import { tempDir } from '../helpers.js'
import { flipByte, flipByteAt } from '../store/damage-helper.js'

// 600 blocks and 100 bytes: more than two read windows (256 blocks each), the last block short.
const BLOCKS = 601
const SIZE = 600 * BLOCK_SIZE + 100

describe('base registry: reading blocks', () => {
  let dir: { path: string, cleanup: () => void }
  let registry: BaseRegistry
  let bytes: Buffer
  let hash: Uint8Array
  beforeEach(async () => {
    dir = tempDir('gdp-bases-')
    bytes = Buffer.alloc(SIZE)
    for (let i = 0; i + 4 <= SIZE; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i)
    writeFileSync(join(dir.path, 'base.img'), bytes)
    registry = await BaseRegistry.open({ folder: join(dir.path, 'bases') })
    hash = (await registry.add(join(dir.path, 'base.img'))).hash
  })
  afterEach(async () => {
    await registry.close()
    dir.cleanup()
  })

  const expected = (block: number): Buffer => {
    const out = Buffer.alloc(BLOCK_SIZE)
    bytes.copy(out, 0, block * BLOCK_SIZE, Math.min(SIZE, (block + 1) * BLOCK_SIZE))
    return out
  }

  it('any order of reads (runs in order, jumps back and ahead) returns each block as the file holds it, the last zero-padded', () => {
    const step = fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 300 }), fc.integer({ min: -600, max: -1 }))
    fc.assert(fc.property(fc.nat({ max: BLOCKS - 1 }), fc.array(step, { minLength: 1, maxLength: 60 }), (start, steps) => {
      let block = start
      for (const s of [0, ...steps]) {
        block = Math.min(BLOCKS - 1, Math.max(0, block + s))
        expect(Buffer.compare(registry.readBlock(hash, block), expected(block))).toBe(0)
      }
    }), { numRuns: 100 })
  })

  it('a damaged block is found when it is used, even when it came in the window of an earlier read', () => {
    const copy = registry.get(hash)!.path
    flipByte(copy, 300 * BLOCK_SIZE + 5, 0x01)
    // Block 250's read takes the window 250..505, which holds the damaged block.
    for (let block = 250; block < 300; block++) registry.readBlock(hash, block)
    expect(() => registry.readBlock(hash, 300)).toThrow(expect.objectContaining({ name: 'BaseDamagedError', message: expect.stringContaining('block 300 (bytes 1228800 to 1232896') }))
    expect(registry.get(hash)?.damaged).toMatchObject({ block: 300 })
  })

  it('once verify finds a copy restored in place, or by a rename, whole again, the next reads see the file as it now is', async () => {
    const copy = registry.get(hash)!.path
    const other = Buffer.from(bytes)
    other.fill(0x5a, 0, 2 * BLOCK_SIZE)
    const damaged = { name: 'BaseDamagedError', message: expect.stringContaining('block 0 (bytes 0 to 4096') }
    // Written over in place with other bytes of the same size: found at block 0, whose read takes the window 0..255.
    writeFileSync(copy, other)
    expect(() => registry.readBlock(hash, 0)).toThrow(expect.objectContaining(damaged))
    writeFileSync(copy, bytes)
    expect(await registry.verify(hash)).toMatchObject({ badBlocks: 0, wholeMatches: true, damaged: false })
    expect(Buffer.compare(registry.readBlock(hash, 0), expected(0))).toBe(0)
    // Damaged again, then replaced by a rename: the handle open on the damaged file must go too.
    writeFileSync(copy, other)
    expect(() => registry.readBlock(hash, 300)).not.toThrow()
    expect(() => registry.readBlock(hash, 0)).toThrow(expect.objectContaining(damaged))
    writeFileSync(`${copy}.restored`, bytes)
    renameSync(`${copy}.restored`, copy)
    expect(await registry.verify(hash)).toMatchObject({ badBlocks: 0, wholeMatches: true, damaged: false })
    for (const block of [0, 1, 300]) expect(Buffer.compare(registry.readBlock(hash, block), expected(block))).toBe(0)
  })

  it('verify checks the block index on disk, not the hashes a migration cached: a damaged entry is found and rebuilt', async () => {
    const indexFile = `${registry.get(hash)!.path}.blocks`
    const good = readFileSync(indexFile)
    // A migration used the base: its hashes are cached.
    registry.readBlock(hash, 100)
    const damaged = Buffer.from(good)
    damaged.fill(0, 100 * 32, 100 * 32 + 4)
    writeFileSync(indexFile, damaged)
    expect(await registry.verify(hash)).toMatchObject({ badBlocks: 1, firstBadBlocks: [100], wholeMatches: true, indexRebuilt: true, damaged: false })
    expect(readFileSync(indexFile)).toEqual(good)
    // A missing index is every block unmatched, and rebuilt from a whole copy.
    rmSync(indexFile)
    expect(await registry.verify(hash)).toMatchObject({ badBlocks: BLOCKS, wholeMatches: true, indexRebuilt: true, damaged: false })
    expect(readFileSync(indexFile)).toEqual(good)
    expect(Buffer.compare(registry.readBlock(hash, 100), expected(100))).toBe(0)
  })

  it('verify counts the blocks of a copy cut short as bad and says how short it is', async () => {
    const copy = registry.get(hash)!.path
    // Cut in the middle of block 200: that block differs, blocks 201 to 600 are missing.
    truncateSync(copy, 200 * BLOCK_SIZE + 10)
    const v = await registry.verify(hash)
    expect(v).toMatchObject({ blocks: BLOCKS, badBlocks: 401, firstBadBlocks: Array.from({ length: 16 }, (_, i) => 200 + i), wholeMatches: false, damaged: true, copyBytes: 200 * BLOCK_SIZE + 10 })
    expect(registry.get(hash)?.damaged).toMatchObject({ block: 200, detail: `the copy is ${200 * BLOCK_SIZE + 10} bytes, not ${SIZE}: 401 of ${BLOCKS} blocks do not match the index (first: ${v.firstBadBlocks.join(', ')})` })
    // Cut at a block boundary: every block it holds matches, and the rest are still counted.
    truncateSync(copy, 100 * BLOCK_SIZE)
    expect(await registry.verify(hash)).toMatchObject({ badBlocks: BLOCKS - 100, firstBadBlocks: Array.from({ length: 16 }, (_, i) => 100 + i), copyBytes: 100 * BLOCK_SIZE, damaged: true })
  })
})

describe('base registry: finding blocks in bases', () => {
  let dir: { path: string, cleanup: () => void }
  afterEach(() => { dir.cleanup() })

  /** An image of `blocks` blocks, each block's bytes drawn from its number and `seed`, with zero blocks at multiples of 7. */
  const image = (name: string, blocks: number, seed: number): { path: string, block: (b: number) => Buffer } => {
    const bytes = Buffer.alloc(blocks * BLOCK_SIZE)
    for (let b = 0; b < blocks; b++) if (b % 7 !== 0) bytes.writeUInt32LE((b * 2654435761 + seed) >>> 0, b * BLOCK_SIZE)
    const path = join(dir.path, name)
    writeFileSync(path, bytes)
    return { path, block: (b) => bytes.subarray(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE) }
  }
  const hashOf = (data: Buffer): Uint8Array => new Uint8Array(createHash('sha256').update(data).digest())

  it('finds every non-zero block of every base, bases added after the first lookup too, before and past the filter\'s size', async () => {
    dir = tempDir('gdp-bases-')
    const registry = await BaseRegistry.open({ folder: join(dir.path, 'bases') })
    try {
      const first = image('a.img', 600, 1)
      const a = await registry.add(first.path)
      const any = (): boolean => true
      const check = (img: { block: (b: number) => Buffer }, base: Uint8Array, blocks: number): void => {
        for (let b = 0; b < blocks; b++) {
          const found = registry.locate(hashOf(img.block(b)), any)
          if (b % 7 === 0) continue
          expect(found, `block ${b}`).toBeDefined()
          expect(Buffer.compare(found!.base, base)).toBe(0)
          expect(found!.block).toBe(b)
        }
      }
      check(first, a.hash, 600)
      // Added once the filter is built (sized for 4,096 blocks): put in it.
      const second = image('b.img', 300, 2)
      const b = await registry.add(second.path)
      check(second, b.hash, 300)
      // Past the filter's size: it is built again, larger, at the next lookup.
      const third = image('c.img', 5000, 3)
      const c = await registry.add(third.path)
      check(third, c.hash, 5000)
      check(first, a.hash, 600)
      // A block in no base.
      expect(registry.locate(hashOf(Buffer.alloc(BLOCK_SIZE, 9)), any)).toBeUndefined()
    } finally {
      await registry.close()
    }
  })

  it('without a base\'s block list, that base is damaged (its blocks cannot be checked), and lookups read the index and find the other bases\' blocks', async () => {
    dir = tempDir('gdp-bases-')
    let registry = await BaseRegistry.open({ folder: join(dir.path, 'bases') })
    const first = image('a.img', 100, 1)
    const second = image('b.img', 100, 2)
    const a = await registry.add(first.path)
    const b = await registry.add(second.path)
    await registry.close()
    rmSync(`${a.path}.blocks`)
    registry = await BaseRegistry.open({ folder: join(dir.path, 'bases') })
    try {
      expect(registry.usable().map((info) => info.path)).toEqual([b.path])
      for (let block = 1; block < 100; block++) {
        if (block % 7 === 0) continue
        expect(registry.locate(hashOf(second.block(block)), () => true)?.block).toBe(block)
        expect(registry.locate(hashOf(first.block(block)), () => true)).toBeUndefined()
      }
    } finally {
      await registry.close()
    }
  })
})

/** A path as it stands in a RegExp. */
const escaped = (text: string): string => text.replace(/[/.]/g, (c) => `\\${c}`)

/**
 * A registry in <dir>/bases with `image` (written to <dir>/base.img)
 * registered, then opened once more, so that LevelDB writes its log into a
 * table: the registration is in a table file of `index`.
 */
async function registeredInTable (dir: string, image: Buffer): Promise<{ folder: string, index: string, hash: Uint8Array }> {
  writeFileSync(join(dir, 'base.img'), image)
  const folder = join(dir, 'bases')
  const registry = await BaseRegistry.open({ folder })
  const { hash } = await registry.add(join(dir, 'base.img'))
  await registry.close()
  await (await BaseRegistry.open({ folder })).close()
  return { folder, index: join(folder, 'index'), hash }
}

describe('base registry: its index on a damaged disk', () => {
  it('an index that lost its CURRENT file (or holds a damaged one) is refused, saying how to get it back, rather than opened as a new one that deletes its tables and forgets every base', async () => {
    const dir = tempDir('gdp-bases-current-')
    try {
      const { folder, index, hash } = await registeredInTable(dir.path, Buffer.alloc(8 * BLOCK_SIZE, 7))
      let registry: BaseRegistry
      expect(readdirSync(index).some((f) => f.endsWith('.ldb'))).toBe(true)
      const lose = (): void => { rmSync(join(index, 'CURRENT')) }
      const damage = (manifest: string): void => { writeFileSync(join(index, 'CURRENT'), `L${manifest.slice(1)}\n`) }
      for (const harm of [lose, damage]) {
        const manifest = readdirSync(index).filter((f) => f.startsWith('MANIFEST-')).sort().at(-1)!
        harm(manifest)
        await expect(BaseRegistry.open({ folder })).rejects.toMatchObject({
          name: 'StoreCorruptionError',
          message: expect.stringMatching(new RegExp(`^the base index at ${escaped(index)} has (lost its|a damaged) CURRENT file .*printf '${manifest}\\\\n' > ${escaped(join(index, 'CURRENT'))}, or with the node stopped, move ${escaped(folder)} away .* gdp base add <file>$`))
        })
        // The table is still there; pointed at its MANIFEST again, the index has the base.
        expect(readdirSync(index).some((f) => f.endsWith('.ldb'))).toBe(true)
        writeFileSync(join(index, 'CURRENT'), `${manifest}\n`)
        registry = await BaseRegistry.open({ folder })
        expect(registry.get(hash)).toMatchObject({ size: 8 * BLOCK_SIZE })
        await registry.close()
      }
    } finally {
      dir.cleanup()
    }
  })

  it('an index whose MANIFEST is damaged is a StoreCorruptionError naming it and the way out (it was a StoreOpenError, "Corruption: checksum mismatch", with none)', async () => {
    const dir = tempDir('gdp-bases-manifest-')
    try {
      writeFileSync(join(dir.path, 'base.img'), Buffer.alloc(8 * BLOCK_SIZE, 7))
      const folder = join(dir.path, 'bases')
      const registry = await BaseRegistry.open({ folder })
      await registry.add(join(dir.path, 'base.img'))
      await registry.close()
      const index = join(folder, 'index')
      const manifest = readdirSync(index).filter((f) => f.startsWith('MANIFEST-')).sort().at(-1)!
      flipByteAt(join(index, manifest), 0.5)
      await expect(BaseRegistry.open({ folder })).rejects.toMatchObject({
        name: 'StoreCorruptionError',
        message: expect.stringMatching(new RegExp(`^the base index at ${escaped(index)} has a damaged MANIFEST \\(${manifest}, which lists its tables\\): LevelDB: Corruption: .*; restore the base index from a backup, or with the node stopped, move ${escaped(folder)} away .* gdp base add <file>$`))
      })
    } finally {
      dir.cleanup()
    }
  })

  it('an index whose MANIFEST or a table is gone, or with a folder in the place of CURRENT, is refused naming what and the way out, as the store is (they were LevelDB\'s bare words: found by attacking a server\'s disk)', async () => {
    const dir = tempDir('gdp-bases-lost-files-')
    try {
      const { folder, index, hash } = await registeredInTable(dir.path, Buffer.alloc(8 * BLOCK_SIZE, 7))
      const manifest = readdirSync(index).filter((f) => f.startsWith('MANIFEST-')).sort().at(-1)!
      const table = readdirSync(index).find((f) => f.endsWith('.ldb'))!
      const cases: Array<{ harm: string, undo: string, name: string, message: RegExp }> = [
        {
          harm: manifest,
          undo: manifest,
          name: 'StoreCorruptionError',
          message: new RegExp(`^the base index at ${escaped(index)} has a CURRENT file naming ${manifest}, which is not there; restore the base index from a backup, or with the node stopped, move ${escaped(folder)} away .* gdp base add <file>$`)
        },
        {
          harm: table,
          undo: table,
          name: 'StoreCorruptionError',
          message: new RegExp(`^the base index at ${escaped(index)} is missing 1 table file its MANIFEST lists: ${table} .*, or with the node stopped, move ${escaped(folder)} away .* gdp base add <file> \\(the rows only the missing tables held are lost then\\)$`)
        },
        {
          harm: 'CURRENT',
          undo: 'CURRENT',
          name: 'StoreAccessError',
          message: new RegExp(`^cannot open the base index at ${escaped(index)}: ${escaped(join(index, 'CURRENT'))} is a folder, where LevelDB keeps a file of its own: move the folder away`)
        }
      ]
      for (const { harm, undo, name, message } of cases) {
        renameSync(join(index, harm), join(dir.path, 'aside'))
        if (harm === 'CURRENT') mkdirSync(join(index, 'CURRENT'))
        await expect(BaseRegistry.open({ folder })).rejects.toMatchObject({ name, message: expect.stringMatching(message) })
        rmSync(join(index, harm), { recursive: true, force: true })
        renameSync(join(dir.path, 'aside'), join(index, undo))
        const registry = await BaseRegistry.open({ folder })
        expect(registry.get(hash)).toMatchObject({ size: 8 * BLOCK_SIZE })
        await registry.close()
      }
    } finally {
      dir.cleanup()
    }
  })

  it('a damaged block of the index is a StoreCorruptionError naming the index and the way out, when it opens and when a block is looked up (it was "internal error: Corruption: block checksum mismatch", and every send failed so)', async () => {
    const dir = tempDir('gdp-bases-block-')
    try {
      // 2,000 distinct blocks: their index rows fill tables of many blocks.
      const image = Buffer.alloc(2000 * BLOCK_SIZE)
      for (let i = 0; i + 4 <= image.length; i += 4) image.writeUInt32LE((i * 2654435761 + 12345) >>> 0, i)
      const { folder, index, hash } = await registeredInTable(dir.path, image)
      let registry: BaseRegistry
      const table = join(index, readdirSync(index).filter((f) => f.endsWith('.ldb')).sort()[0]!)
      const pristine = readFileSync(table)
      const way = `with the node stopped, move ${escaped(folder)} away \\(the copies in it with it\\), then register the bases again: gdp base add <file>$`
      // Its middle: the rows of block hashes, read when a sender looks a block up.
      flipByteAt(table, 0.5, 0x10)
      registry = await BaseRegistry.open({ folder })
      try {
        const blocks = registry.blockHashes(hash)
        const errors = new Set<string>()
        for (let b = 0; b < 2000; b++) {
          try { registry.locate(blocks.subarray(b * 32, b * 32 + 32), () => true) } catch (err) { errors.add(`${(err as Error).name}: ${(err as Error).message}`) }
        }
        expect([...errors]).toEqual([expect.stringMatching(new RegExp(`^StoreCorruptionError: the base index at .* is damaged \\(looking up a block: LevelDB: Corruption: block checksum mismatch.*\\); ${way}`))])
      } finally {
        await registry.close()
      }
      // Its start: the rows of the bases, read as it opens.
      writeFileSync(table, pristine)
      flipByte(table, 20, 0x10)
      await expect(BaseRegistry.open({ folder })).rejects.toMatchObject({ name: 'StoreCorruptionError', message: expect.stringMatching(new RegExp(`^the base index at .* is damaged \\(reading the bases registered: LevelDB: Corruption: block checksum mismatch.*\\); ${way}`)) })
    } finally {
      dir.cleanup()
    }
  })
})

describe('base registry: a base add stopped part-way (kill -9)', () => {
  it('leaves no partial copy behind: a copy being made (<hash>.partial), its block list, and a block list being rewritten go at the next open; a whole copy whose base was never recorded is kept, to be added again; the bases registered stay', async () => {
    const dir = tempDir('gdp-bases-killed-')
    try {
      const folder = join(dir.path, 'bases')
      const kept = Buffer.alloc(64 * BLOCK_SIZE)
      for (let i = 0; i + 4 <= kept.length; i += 4) kept.writeUInt32LE((i * 2654435761) >>> 0, i)
      writeFileSync(join(dir.path, 'kept.img'), kept)
      let registry = await BaseRegistry.open({ folder })
      const { hash, path } = await registry.add(join(dir.path, 'kept.img'))
      await registry.close()
      // What an add killed at each of its steps leaves: the copy cut off mid-way, its block list written but the copy
      // not yet renamed, the copy renamed but the base's record not written; and a verify killed while it rewrote a block list.
      const cut = 'ab'.repeat(32)
      writeFileSync(join(folder, `${cut}.partial`), Buffer.alloc(3 * BLOCK_SIZE, 1))
      const unrenamed = 'cd'.repeat(32)
      writeFileSync(join(folder, `${unrenamed}.partial`), Buffer.alloc(2 * BLOCK_SIZE, 2))
      writeFileSync(join(folder, `${unrenamed}.blocks`), Buffer.alloc(64, 2))
      const unrecorded = 'ef'.repeat(32)
      writeFileSync(join(folder, unrecorded), Buffer.alloc(2 * BLOCK_SIZE, 3))
      writeFileSync(join(folder, `${unrecorded}.blocks`), Buffer.alloc(64, 3))
      writeFileSync(`${path}.blocks.partial`, Buffer.alloc(10, 4))
      // Not the registry's: left as it is.
      writeFileSync(join(folder, 'notes.txt'), 'the operator\'s\n')
      registry = await BaseRegistry.open({ folder })
      try {
        const hex = Buffer.from(hash).toString('hex')
        expect(readdirSync(folder).sort()).toEqual([hex, `${hex}.blocks`, unrecorded, `${unrecorded}.blocks`, 'index', 'notes.txt'].sort())
        expect(registry.usable().map((b) => Buffer.from(b.hash).toString('hex'))).toEqual([hex])
        expect(await registry.verify(hash)).toMatchObject({ badBlocks: 0, wholeMatches: true, damaged: false })
      } finally {
        await registry.close()
      }
    } finally {
      dir.cleanup()
    }
  })
})

import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BLOCK_SIZE } from '../../src/migration/batch.js'
import { BaseRegistry } from '../../src/migration/bases.js'
import { tempDir } from '../helpers.js'

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
    const rotten = readFileSync(copy)
    rotten[300 * BLOCK_SIZE + 5]! ^= 0x01
    writeFileSync(copy, rotten)
    // Block 250's read takes the window 250..505, which holds the damaged block.
    for (let block = 250; block < 300; block++) registry.readBlock(hash, block)
    expect(() => registry.readBlock(hash, 300)).toThrow(expect.objectContaining({ name: 'BaseDamagedError', message: expect.stringContaining('block 300 (bytes 1228800 to 1232896') }))
    expect(registry.get(hash)?.damaged).toMatchObject({ block: 300 })
  })
})

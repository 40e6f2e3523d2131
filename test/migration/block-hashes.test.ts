// Block hashes as both ends of a migration keep them (docs/migration.md section 4).
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { BLOCK_SIZE } from '../../src/migration/batch.js'
import { BlockHashList, ZERO_BLOCK_HASH, blockListDigest, paddedBlockHash } from '../../src/migration/block-hashes.js'

const sha = (b: Uint8Array): Buffer => createHash('sha256').update(b).digest()

describe('block hashes', () => {
  it('a zero block (found by comparison, not hashed) and a block nonzero only in its last byte hash as SHA-256 says', () => {
    expect(Buffer.from(paddedBlockHash(new Uint8Array(BLOCK_SIZE)))).toEqual(sha(new Uint8Array(BLOCK_SIZE)))
    const last = new Uint8Array(BLOCK_SIZE)
    last[BLOCK_SIZE - 1] = 1
    expect(Buffer.from(paddedBlockHash(last))).toEqual(sha(last))
  })

  it('a short last block is hashed zero-padded, and a list of them digests as SHA-256 over the concatenation', () => {
    const tail = Buffer.from('the tail')
    const padded = Buffer.alloc(BLOCK_SIZE)
    tail.copy(padded)
    expect(Buffer.from(paddedBlockHash(tail))).toEqual(sha(padded))
    const hashes = Buffer.concat([0, 1, 2].map(() => sha(new Uint8Array(BLOCK_SIZE))))
    expect(Buffer.from(blockListDigest(hashes))).toEqual(sha(hashes))
  })

  it('a sparse list digests as the dense one, holds pages only where a block is not zeros, and resizes with zeros', async () => {
    const size = 3000 * BLOCK_SIZE + 1
    const list = new BlockHashList(size)
    const dense = Buffer.concat(Array.from({ length: 3001 }, () => Buffer.from(ZERO_BLOCK_HASH)))
    expect(Buffer.from(await list.digest())).toEqual(sha(dense))
    const one = sha(Buffer.from('one'))
    list.set(2500, one)
    list.set(10, ZERO_BLOCK_HASH)
    one.copy(dense, 2500 * 32)
    expect(Buffer.from(list.get(2500))).toEqual(one)
    expect(list.get(10)).toBe(ZERO_BLOCK_HASH)
    expect(Buffer.from(await list.digest())).toEqual(sha(dense))
    expect(Buffer.from(await BlockHashList.from(dense, size).digest())).toEqual(sha(dense))
    // Cut before block 2500 and grown again: the block is zeros.
    const regrown = list.resized(2400 * BLOCK_SIZE).resized(size)
    expect(regrown.get(2500)).toEqual(ZERO_BLOCK_HASH)
    expect(regrown.firstDifference(new BlockHashList(size))).toBeUndefined()
    expect(list.firstDifference(regrown)).toBe(2500)
  })
})

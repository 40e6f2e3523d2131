// Block hashes as both ends of a migration keep them (docs/migration.md section 4).
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { BLOCK_SIZE } from '../../src/migration/batch.js'
import { blockListDigest, paddedBlockHash, zeroBlockHashes } from '../../src/migration/block-hashes.js'

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
    const hashes = zeroBlockHashes(2 * BLOCK_SIZE + 1)
    expect(hashes.length).toBe(3 * 32)
    expect(Buffer.from(blockListDigest(hashes))).toEqual(sha(Buffer.concat([0, 1, 2].map(() => sha(new Uint8Array(BLOCK_SIZE))))))
  })
})

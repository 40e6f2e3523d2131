/**
 * Block hashes of an image as both ends of a migration track them: the
 * SHA-256 of each 4096-byte block, the last one zero-padded, 32 bytes each,
 * in order. The commit names each image by its block-list digest, the
 * SHA-256 of that list (docs/migration.md section 4), so neither end
 * rereads the images to commit.
 */
import { open } from 'node:fs/promises'
import { sha256 } from '../crypto/hash.js'
import { BLOCK_SIZE } from './batch.js'

export const BLOCK_HASH_LENGTH = 32
export const ZERO_BLOCK = new Uint8Array(BLOCK_SIZE)
export const ZERO_BLOCK_HASH = sha256(ZERO_BLOCK)
const READ_BYTES = 1 << 20

export const blockCount = (size: number): number => Math.ceil(size / BLOCK_SIZE)

/** The hashes of an image of `size` bytes of zeros. */
export function zeroBlockHashes (size: number): Uint8Array {
  const hashes = new Uint8Array(blockCount(size) * BLOCK_HASH_LENGTH)
  for (let at = 0; at < hashes.length; at += BLOCK_HASH_LENGTH) hashes.set(ZERO_BLOCK_HASH, at)
  return hashes
}

const ZEROS = Buffer.alloc(BLOCK_SIZE)

/** Whether a whole block is zeros (compared, not copied). */
export const isZeroBlock = (block: Uint8Array): boolean => ZEROS.equals(block)

/**
 * The SHA-256 of a block given by its first bytes (fewer than 4096: the
 * rest are zeros). Most of a VM's RAM and of a sparse disk is zero blocks:
 * comparing (memcmp) is some thirty times cheaper than hashing them.
 */
export function paddedBlockHash (bytes: Uint8Array): Uint8Array {
  if (bytes.length === BLOCK_SIZE) return isZeroBlock(bytes) ? ZERO_BLOCK_HASH : sha256(bytes)
  const block = new Uint8Array(BLOCK_SIZE)
  block.set(bytes.subarray(0, BLOCK_SIZE))
  return sha256(block)
}

/** The digest a commit names an image by. */
export function blockListDigest (hashes: Uint8Array): Uint8Array {
  return sha256(hashes)
}

/**
 * Reads the first `size` bytes of the file at `path` (zeros past its end)
 * and returns their block hashes, reading 1 MiB at a time so the event loop
 * is not held for long. `onBlock` sees each block as it is hashed.
 */
export async function fileBlockHashes (path: string, size: number, onBlock?: (block: number, hash: Uint8Array) => void): Promise<Uint8Array> {
  const hashes = new Uint8Array(blockCount(size) * BLOCK_HASH_LENGTH)
  const file = await open(path, 'r')
  const buffer = Buffer.alloc(READ_BYTES)
  try {
    for (let offset = 0; offset < size; offset += READ_BYTES) {
      const length = Math.min(READ_BYTES, size - offset)
      const { bytesRead } = await file.read(buffer, 0, length, offset)
      buffer.fill(0, bytesRead, length)
      for (let at = 0; at < length; at += BLOCK_SIZE) {
        const block = (offset + at) / BLOCK_SIZE
        const hash = paddedBlockHash(buffer.subarray(at, Math.min(at + BLOCK_SIZE, length)))
        hashes.set(hash, block * BLOCK_HASH_LENGTH)
        onBlock?.(block, hash)
      }
    }
  } finally {
    await file.close()
  }
  return hashes
}

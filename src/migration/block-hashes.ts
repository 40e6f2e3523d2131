/**
 * Block hashes of an image as both ends of a migration track them: the
 * SHA-256 of each 4096-byte block, the last one zero-padded, 32 bytes each,
 * in order. The commit names each image by its block-list digest, the
 * SHA-256 of that list (docs/migration.md section 4), so neither end
 * rereads the images to commit.
 */
import { createHash } from 'node:crypto'
import { open, stat } from 'node:fs/promises'
import { sha256 } from '../crypto/hash.js'
import { BLOCK_SIZE } from './batch.js'

export const BLOCK_HASH_LENGTH = 32
export const ZERO_BLOCK = new Uint8Array(BLOCK_SIZE)
export const ZERO_BLOCK_HASH = sha256(ZERO_BLOCK)
const READ_BYTES = 1 << 20

export const blockCount = (size: number): number => Math.ceil(size / BLOCK_SIZE)

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
 * Block hashes of an image held sparsely, for the receiver: a page of
 * `PAGE_BLOCKS` hashes is allocated only once one of its blocks is not
 * zeros, so an image's declared size costs a pointer per page (8 bytes per
 * 4 MiB) until data arrives, not 32 bytes per 4 KiB (2 GiB for a 256 GiB
 * declaration, filled before anything was sent).
 */
export class BlockHashList {
  readonly size: number
  readonly blocks: number
  readonly #pages: Array<Uint8Array | undefined>

  constructor (size: number) {
    this.size = size
    this.blocks = blockCount(size)
    this.#pages = new Array<Uint8Array | undefined>(Math.ceil(this.blocks / PAGE_BLOCKS))
  }

  /** The list of `size` bytes holding `dense` (32 bytes per block, in order) for its first blocks, zeros after. */
  static from (dense: Uint8Array, size: number): BlockHashList {
    const list = new BlockHashList(size)
    const blocks = Math.min(list.blocks, dense.length / BLOCK_HASH_LENGTH)
    for (let block = 0; block < blocks; block++) list.set(block, dense.subarray(block * BLOCK_HASH_LENGTH, (block + 1) * BLOCK_HASH_LENGTH))
    return list
  }

  get (block: number): Uint8Array {
    const page = this.#pages[Math.floor(block / PAGE_BLOCKS)]
    if (page === undefined) return ZERO_BLOCK_HASH
    const at = (block % PAGE_BLOCKS) * BLOCK_HASH_LENGTH
    return page.subarray(at, at + BLOCK_HASH_LENGTH)
  }

  set (block: number, hash: Uint8Array): void {
    const index = Math.floor(block / PAGE_BLOCKS)
    let page = this.#pages[index]
    if (page === undefined) {
      if (hash === ZERO_BLOCK_HASH || equalHashes(hash, ZERO_BLOCK_HASH)) return
      page = this.#pages[index] = ZERO_PAGE.slice()
    }
    page.set(hash, (block % PAGE_BLOCKS) * BLOCK_HASH_LENGTH)
  }

  /** This list cut or extended (with zero blocks) to `size` bytes; a partial last block is the caller's to rehash. */
  resized (size: number): BlockHashList {
    const out = new BlockHashList(size)
    const blocks = Math.min(this.blocks, out.blocks)
    for (let index = 0; index * PAGE_BLOCKS < blocks; index++) {
      const page = this.#pages[index]
      if (page === undefined) continue
      const copy = page.slice()
      // Blocks of a kept page past the new end are zeros if the image grows again.
      const kept = Math.min(PAGE_BLOCKS, blocks - index * PAGE_BLOCKS)
      for (let at = kept * BLOCK_HASH_LENGTH; at < copy.length; at += BLOCK_HASH_LENGTH) copy.set(ZERO_BLOCK_HASH, at)
      out.#pages[index] = copy
    }
    return out
  }

  /** The first block whose hash differs in `other` (a list of the same size), or undefined. */
  firstDifference (other: BlockHashList): number | undefined {
    for (let index = 0; index < this.#pages.length; index++) {
      const mine = this.#pages[index]
      const theirs = other.#pages[index]
      if (mine === theirs) continue
      const a = mine ?? ZERO_PAGE
      const b = theirs ?? ZERO_PAGE
      const blocks = Math.min(PAGE_BLOCKS, this.blocks - index * PAGE_BLOCKS)
      for (let block = 0; block < blocks; block++) {
        const at = block * BLOCK_HASH_LENGTH
        if (!equalHashes(a.subarray(at, at + BLOCK_HASH_LENGTH), b.subarray(at, at + BLOCK_HASH_LENGTH))) return index * PAGE_BLOCKS + block
      }
    }
    return undefined
  }

  /**
   * The block-list digest (blockListDigest of the dense list), hashed a
   * page at a time, yielding to the event loop every DIGEST_YIELD_PAGES
   * pages: a 1 TiB image's list is 8 GiB, mostly zero pages.
   */
  async digest (): Promise<Uint8Array> {
    const hash = createHash('sha256')
    for (let index = 0; index < this.#pages.length; index++) {
      const blocks = Math.min(PAGE_BLOCKS, this.blocks - index * PAGE_BLOCKS)
      hash.update((this.#pages[index] ?? ZERO_PAGE).subarray(0, blocks * BLOCK_HASH_LENGTH))
      if (index % DIGEST_YIELD_PAGES === DIGEST_YIELD_PAGES - 1) await new Promise((resolve) => setImmediate(resolve))
    }
    return new Uint8Array(hash.digest())
  }
}

/** Blocks per page of a BlockHashList: 32 KiB of hashes, for 4 MiB of image. */
const PAGE_BLOCKS = 1024

/**
 * The most memory a BlockHashList of an image of `size` bytes holds: every
 * page allocated (one non-zero block in each 4 MiB is enough) and its
 * pointer. 32 bytes a 4 KiB block: 8 GiB for 1 TiB.
 */
export const hashListBytes = (size: number): number => Math.ceil(blockCount(size) / PAGE_BLOCKS) * (PAGE_BLOCKS * BLOCK_HASH_LENGTH + 8)
/** Pages hashed between yields to the event loop while digesting: 32 MiB of hashes, some 20 ms. */
const DIGEST_YIELD_PAGES = 1024
const ZERO_PAGE = new Uint8Array(PAGE_BLOCKS * BLOCK_HASH_LENGTH)
for (let at = 0; at < ZERO_PAGE.length; at += BLOCK_HASH_LENGTH) ZERO_PAGE.set(ZERO_BLOCK_HASH, at)

const equalHashes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b)

/**
 * Reads the first `size` bytes of the file at `path` (zeros past its end),
 * 1 MiB at a time so the event loop is not held for long, and gives each
 * block's hash to `onBlock`.
 */
async function readBlockHashes (path: string, size: number, onBlock: (block: number, hash: Uint8Array) => void, signal?: AbortSignal): Promise<void> {
  const file = await open(path, 'r')
  const buffer = Buffer.alloc(READ_BYTES)
  try {
    for (let offset = 0; offset < size; offset += READ_BYTES) {
      signal?.throwIfAborted()
      const length = Math.min(READ_BYTES, size - offset)
      const { bytesRead } = await file.read(buffer, 0, length, offset)
      buffer.fill(0, bytesRead, length)
      for (let at = 0; at < length; at += BLOCK_SIZE) onBlock((offset + at) / BLOCK_SIZE, paddedBlockHash(buffer.subarray(at, Math.min(at + BLOCK_SIZE, length))))
    }
  } finally {
    await file.close()
  }
}

/**
 * Reads the first `size` bytes of the file at `path` (zeros past its end)
 * and returns their block hashes. `onBlock` sees each block as it is hashed;
 * `signal` ends the read between two reads of 1 MiB.
 */
export async function fileBlockHashes (path: string, size: number, onBlock?: (block: number, hash: Uint8Array) => void, signal?: AbortSignal): Promise<Uint8Array> {
  const hashes = new Uint8Array(blockCount(size) * BLOCK_HASH_LENGTH)
  await readBlockHashes(path, size, (block, hash) => {
    hashes.set(hash, block * BLOCK_HASH_LENGTH)
    onBlock?.(block, hash)
  }, signal)
  return hashes
}

/**
 * The block hashes of the file at `path` as an image of `size` bytes, held
 * sparsely. Only the file's own bytes are read (past its end are zeros),
 * and none of a file with no data on disk (a sparse file never written is
 * all zeros), so a large declared size is not reread. `signal` ends the
 * read between two reads of 1 MiB (a node stopping need not wait for it).
 */
export async function fileBlockHashList (path: string, size: number, signal?: AbortSignal): Promise<BlockHashList> {
  const list = new BlockHashList(size)
  const stats = await stat(path)
  if (stats.blocks === 0) return list
  await readBlockHashes(path, Math.min(size, stats.size), (block, hash) => { list.set(block, hash) }, signal)
  return list
}

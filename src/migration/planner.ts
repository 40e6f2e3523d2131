/**
 * The sender's dedup stage: turns hashed blocks into block operations.
 * For each block, the cheapest of: nothing (the receiver holds it already),
 * ZERO, COPY of a block the receiver holds (sent earlier in this
 * migration), BASE reference (any registered base both ends have, any
 * offset), XOR delta against the seed base's block at the same offset, or
 * the block itself. It tracks what the receiver's images hold, block by
 * block, as hashes; runs on the main thread, in stream order.
 */
import { BLOCK_SIZE, BatchBuilder, BlockKind, differingWords, xorBlock, type BlockBatch } from './batch.js'
import type { BaseRegistry, BaseInfo } from './bases.js'
import { ZERO_BLOCK, ZERO_BLOCK_HASH, blockListDigest } from './block-hashes.js'
import type { Round, RoundImage } from './entries.js'
import { binaryKey } from '../crypto/bytes.js'
import { InvalidArgumentError } from '../errors.js'

/** A base block this close (words that differ, of 1024) counts as a near match when choosing a seed. */
export const DELTA_MAX_WORDS = 256
/** Stands for "unknown": no block hashes to it. */
const UNKNOWN_HASH = new Uint8Array(32).fill(0xff)

export interface PlannedImage {
  name: string
  size: number
  /** Base the receiver starts this image from, the first time it appears. */
  seed: BaseInfo | undefined
}

export interface PlanCounts {
  unchanged: number
  zero: number
  copy: number
  base: number
  delta: number
  literal: number
}

interface HeldImage { name: string, size: number, hashes: Uint8Array, seed: BaseInfo | undefined }

export interface BlockPlannerInit {
  /** Bases both ends hold, in the order chunks reference them. */
  bases: BaseInfo[]
  /** Literal and delta bytes per batch before it is sealed (asked for each batch: the sender varies it). */
  batchBytes: () => number
  /** Try XOR deltas against the seed base. */
  delta?: boolean
}

export class BlockPlanner {
  readonly counts: PlanCounts = { unchanged: 0, zero: 0, copy: 0, base: 0, delta: 0, literal: 0 }
  readonly #init: BlockPlannerInit
  readonly #registry: BaseRegistry
  readonly #baseOrdinal = new Map<string, number>()
  readonly #held = new Map<string, HeldImage>()
  /** Where the receiver holds a block with this hash (hash as latin1 string). */
  readonly #located = new Map<string, { image: string, block: number }>()
  #round: Round | undefined
  #imageIndex = new Map<string, number>()
  #builder: BatchBuilder | undefined
  #builderImage = ''
  /** Blocks read by COPY operations of the open batch: writing one of them seals the batch first (see docs/migration.md, re-applying an entry). */
  #copySources = new Set<string>()
  /** The seed block #delta compares with, read into the same array each time. */
  readonly #seedBlock = new Uint8Array(BLOCK_SIZE)

  constructor (init: BlockPlannerInit, registry: BaseRegistry) {
    this.#init = init
    this.#registry = registry
    init.bases.forEach((b, i) => this.#baseOrdinal.set(binaryKey(b.hash), i))
  }

  /** Declares the next round's images; returns the round entry to send. */
  startRound (round: number, final: boolean, images: PlannedImage[]): Round {
    const declared: RoundImage[] = []
    for (const image of images) {
      let held = this.#held.get(image.name)
      let seed = 0
      if (held === undefined) {
        held = { name: image.name, size: image.size, hashes: initialHashes(image.size, image.seed === undefined ? undefined : this.#registry.blockHashes(image.seed.hash)), seed: image.seed }
        if (image.seed !== undefined) seed = this.#baseOrdinal.get(binaryKey(image.seed.hash))! + 1
        this.#held.set(image.name, held)
      } else if (held.size !== image.size) {
        held.hashes = resized(held.hashes, image.size)
        held.size = image.size
      }
      declared.push({ name: image.name, size: image.size, seed })
    }
    this.#round = { round, final, images: declared, bases: this.#init.bases.map((b) => b.hash) }
    this.#imageIndex = new Map(declared.map((d, i) => [d.name, i]))
    return this.#round
  }

  /**
   * The block-list digest of image `name` as the receiver holds it once
   * every batch planned so far is applied: after the final round, the
   * image's own (every block of it was read and planned).
   */
  blockListDigest (name: string): Uint8Array {
    const held = this.#held.get(name)
    if (held === undefined) throw new InvalidArgumentError(`image ${name} was never planned`)
    return blockListDigest(held.hashes)
  }

  /**
   * Plans blocks `firstBlock`... of image `name` from their bytes (a whole
   * number of zero-padded blocks) and hashes; returns the batches sealed on
   * the way.
   */
  plan (name: string, firstBlock: number, bytes: Uint8Array, hashes: Uint8Array): BlockBatch[] {
    const held = this.#held.get(name)!
    const sealed: BlockBatch[] = []
    if (this.#builderImage !== name) this.#seal(sealed)
    const imageIndex = this.#imageIndex.get(name)!
    const blocks = hashes.length / 32
    for (let i = 0; i < blocks; i++) {
      const block = firstBlock + i
      const hash = hashes.subarray(i * 32, i * 32 + 32)
      const heldHash = held.hashes.subarray(block * 32, block * 32 + 32)
      if (Buffer.compare(hash, heldHash) === 0) { this.counts.unchanged++; continue }
      const key = `${name}\0${block}`
      if (this.#copySources.has(key)) this.#seal(sealed)
      const builder = this.#open(name, imageIndex)
      const data = bytes.subarray(i * BLOCK_SIZE, (i + 1) * BLOCK_SIZE)
      const hashKey = binaryKey(hash)
      if (Buffer.compare(hash, ZERO_BLOCK_HASH) === 0) {
        builder.add(block, BlockKind.zero)
        this.counts.zero++
      } else {
        const copy = this.#located.get(hashKey)
        const copyHeld = copy === undefined ? undefined : this.#held.get(copy.image)
        const copyImage = copy === undefined ? undefined : this.#imageIndex.get(copy.image)
        if (copy !== undefined && copyHeld !== undefined && copyImage !== undefined && Buffer.compare(copyHeld.hashes.subarray(copy.block * 32, copy.block * 32 + 32), hash) === 0) {
          builder.add(block, BlockKind.copy, { source: copyImage, block: copy.block })
          this.#copySources.add(`${copy.image}\0${copy.block}`)
          this.counts.copy++
        } else {
          const found = this.#registry.locate(hash, (base) => this.#baseOrdinal.has(binaryKey(base)))
          if (found !== undefined) {
            builder.add(block, BlockKind.base, { source: this.#baseOrdinal.get(binaryKey(found.base))!, block: found.block })
            this.counts.base++
          } else {
            const delta = this.#delta(held, block, data)
            if (delta !== undefined) {
              builder.add(block, BlockKind.xorBase, { source: delta.source, block }, delta.data)
              this.counts.delta++
            } else {
              builder.add(block, BlockKind.literal, undefined, data)
              this.counts.literal++
            }
          }
        }
        this.#located.set(hashKey, { image: name, block })
      }
      heldHash.set(hash)
      if (builder.full || builder.dataBytes >= this.#init.batchBytes()) this.#seal(sealed)
    }
    return sealed
  }

  /** Seals the open batch, if any (end of an image or a round). */
  flush (): BlockBatch[] {
    const sealed: BlockBatch[] = []
    this.#seal(sealed)
    return sealed
  }

  #open (name: string, imageIndex: number): BatchBuilder {
    if (this.#builder === undefined) {
      // A batch is sealed once its data reaches batchBytes: room for that much at once.
      this.#builder = new BatchBuilder(imageIndex, this.#init.batchBytes() + BLOCK_SIZE)
      this.#builderImage = name
    }
    return this.#builder
  }

  #seal (into: BlockBatch[]): void {
    if (this.#builder !== undefined && this.#builder.size > 0) into.push(this.#builder.batch())
    this.#builder = undefined
    this.#builderImage = ''
    this.#copySources.clear()
  }

  #delta (held: HeldImage, block: number, data: Uint8Array): { source: number, data: Uint8Array } | undefined {
    const seed = held.seed
    if (this.#init.delta === false || seed === undefined || block >= seed.blocks) return undefined
    // Checked against the base's index only if the delta is used: a damaged block only looked at builds nothing.
    const base = this.#registry.readBlock(seed.hash, block, this.#seedBlock, false)
    // Worth it only when the delta is mostly zeros where the block is not: a page changed in
    // place, not two sparse pages that merely look alike. The words that differ are counted
    // first: most blocks differ in far more than a quarter of theirs, and the count stops there.
    const differing = differingWords(data, base, DELTA_MAX_WORDS)
    if (differing > DELTA_MAX_WORDS || differing * 4 > differingWords(data, ZERO_BLOCK)) return undefined
    this.#registry.checkBlock(seed.hash, block, base)
    return { source: this.#baseOrdinal.get(binaryKey(seed.hash))!, data: xorBlock(data, base) }
  }
}

function initialHashes (size: number, seedHashes: Uint8Array | undefined): Uint8Array {
  const blocks = Math.ceil(size / BLOCK_SIZE)
  const hashes = new Uint8Array(blocks * 32)
  for (let b = 0; b < blocks; b++) hashes.set(ZERO_BLOCK_HASH, b * 32)
  if (seedHashes !== undefined) {
    hashes.set(seedHashes.subarray(0, Math.min(seedHashes.length, hashes.length)))
    // The seed is cut at the image's size: its last block no longer holds what the base's did.
    if (seedHashes.length > hashes.length && size % BLOCK_SIZE !== 0) hashes.set(UNKNOWN_HASH, (blocks - 1) * 32)
    if (seedHashes.length < hashes.length && seedHashes.length > 0) hashes.set(UNKNOWN_HASH, seedHashes.length - 32)
  }
  return hashes
}

function resized (hashes: Uint8Array, size: number): Uint8Array {
  const blocks = Math.ceil(size / BLOCK_SIZE)
  const out = new Uint8Array(blocks * 32)
  out.set(hashes.subarray(0, Math.min(hashes.length, out.length)))
  for (let at = hashes.length; at < out.length; at += 32) out.set(ZERO_BLOCK_HASH, at)
  // A truncation or extension changes what the old or new last block holds.
  if (blocks > 0) out.set(UNKNOWN_HASH, Math.min(hashes.length, out.length) - 32 >= 0 ? Math.min(hashes.length, out.length) - 32 : 0)
  return out
}

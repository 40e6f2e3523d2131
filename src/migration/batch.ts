/**
 * Block operations of a migration, in the column form of MigrationBatch:
 * built by the sender's planner, checked and read by the receiver. Pure: no
 * I/O.
 */
import { MalformedMessageError } from '../errors.js'
import { decodeProto, pb, safeUint } from '../wire/index.js'

/** Images move in blocks of this size; the last block of an image is zero-padded. */
export const BLOCK_SIZE = 4096
/** Operations in one batch at most (a batch is one record; this bounds its size with the data limit). */
export const MAX_BATCH_OPS = 65_536
/** Literal and delta bytes in one batch at most. */
export const MAX_BATCH_DATA = 16 * 1024 * 1024

export const BlockKind = {
  literal: pb.MigrationBlockKind.MIGRATION_BLOCK_LITERAL,
  zero: pb.MigrationBlockKind.MIGRATION_BLOCK_ZERO,
  base: pb.MigrationBlockKind.MIGRATION_BLOCK_BASE,
  copy: pb.MigrationBlockKind.MIGRATION_BLOCK_COPY,
  xorBase: pb.MigrationBlockKind.MIGRATION_BLOCK_XOR_BASE
} as const
export type BlockKind = typeof BlockKind[keyof typeof BlockKind]

/** Whether an operation of this kind reads a source block / carries 4096 data bytes. */
export const readsSource = (kind: BlockKind): boolean => kind === BlockKind.base || kind === BlockKind.copy || kind === BlockKind.xorBase
export const carriesData = (kind: BlockKind): boolean => kind === BlockKind.literal || kind === BlockKind.xorBase

/** A checked batch: one entry per operation in `blocks` and `kinds`, one per source-reading operation in `sources`/`sourceBlocks`. */
export interface BlockBatch {
  image: number
  blocks: number[]
  kinds: BlockKind[]
  sources: number[]
  sourceBlocks: number[]
  /** 4096 bytes per LITERAL and XOR_BASE operation, in order. */
  data: Uint8Array
}

/**
 * Collects the operations of one batch in order; blocks must increase. Data
 * blocks are copied in as they are added, so the caller may reuse the
 * buffer it read them into (the sender does: a new buffer per read costs a
 * page fault per 4 KiB).
 */
export class BatchBuilder {
  readonly image: number
  readonly blocks: number[] = []
  readonly kinds: BlockKind[] = []
  readonly sources: number[] = []
  readonly sourceBlocks: number[] = []
  #data: Uint8Array
  #dataBytes = 0

  /** `dataCapacity`: the data bytes expected, allocated at once (it grows past them as needed). */
  constructor (image: number, dataCapacity = 16 * BLOCK_SIZE) {
    this.image = image
    this.#data = new Uint8Array(Math.min(MAX_BATCH_DATA, Math.max(BLOCK_SIZE, Math.ceil(dataCapacity / BLOCK_SIZE) * BLOCK_SIZE)))
  }

  get size (): number { return this.blocks.length }
  get dataBytes (): number { return this.#dataBytes }
  get full (): boolean { return this.blocks.length >= MAX_BATCH_OPS || this.#dataBytes + BLOCK_SIZE > MAX_BATCH_DATA }

  add (block: number, kind: BlockKind, source?: { source: number, block: number }, data?: Uint8Array): void {
    const last = this.blocks.at(-1)
    if (last !== undefined && block <= last) throw new RangeError(`batch blocks must increase: ${block} after ${last}`)
    this.blocks.push(block)
    this.kinds.push(kind)
    if (readsSource(kind)) {
      if (source === undefined) throw new RangeError('this operation needs a source block')
      this.sources.push(source.source)
      this.sourceBlocks.push(source.block)
    }
    if (carriesData(kind)) {
      if (data?.length !== BLOCK_SIZE) throw new RangeError(`this operation needs ${BLOCK_SIZE} data bytes`)
      if (this.#dataBytes + BLOCK_SIZE > MAX_BATCH_DATA) throw new RangeError(`a batch carries at most ${MAX_BATCH_DATA} data bytes`)
      if (this.#dataBytes === this.#data.length) {
        const grown = new Uint8Array(Math.min(MAX_BATCH_DATA, Math.ceil(this.#data.length * 2 / BLOCK_SIZE) * BLOCK_SIZE))
        grown.set(this.#data)
        this.#data = grown
      }
      this.#data.set(data, this.#dataBytes)
      this.#dataBytes += BLOCK_SIZE
    }
  }

  /** Counts of each kind, for statistics. */
  count (kind: BlockKind): number {
    let n = 0
    for (const k of this.kinds) if (k === kind) n++
    return n
  }

  batch (): BlockBatch {
    return { image: this.image, blocks: this.blocks, kinds: this.kinds, sources: this.sources, sourceBlocks: this.sourceBlocks, data: this.#data.subarray(0, this.#dataBytes) }
  }
}

export function encodeBatch (b: BlockBatch): Uint8Array {
  const gaps: number[] = []
  for (let i = 1; i < b.blocks.length; i++) gaps.push(b.blocks[i]! - b.blocks[i - 1]! - 1)
  return pb.MigrationBatch.encode({
    image: b.image,
    firstBlock: b.blocks[0] ?? 0,
    gaps,
    kinds: b.kinds,
    sources: b.sources,
    sourceBlocks: b.sourceBlocks,
    data: b.data
  }).finish()
}

/** Decodes and checks a batch's internal consistency (not its references: the receiver checks those against its images and bases). */
export function decodeBatch (bytes: Uint8Array): BlockBatch {
  const m = decodeProto(pb.MigrationBatch, bytes, 'migration batch')
  const kinds = (m.kinds ?? []) as number[]
  const n = kinds.length
  if (n === 0) throw new MalformedMessageError('migration batch: no operations')
  if (n > MAX_BATCH_OPS) throw new MalformedMessageError(`migration batch: ${n} operations, at most ${MAX_BATCH_OPS}`)
  const gaps = m.gaps ?? []
  if (gaps.length !== n - 1) throw new MalformedMessageError(`migration batch: ${gaps.length} gaps for ${n} operations`)
  const blocks = new Array<number>(n)
  let block = safeUint(m.firstBlock, 'migration batch first_block')
  let reading = 0
  let carrying = 0
  for (let i = 0; i < n; i++) {
    if (i > 0) block += safeUint(gaps[i - 1], 'migration batch gap') + 1
    if (!Number.isSafeInteger(block)) throw new MalformedMessageError('migration batch: block index out of range')
    blocks[i] = block
    const kind = kinds[i]!
    if (kind < 0 || kind > BlockKind.xorBase) throw new MalformedMessageError(`migration batch: unknown block operation ${kind}`)
    if (readsSource(kind as BlockKind)) reading++
    if (carriesData(kind as BlockKind)) carrying++
  }
  const sources = m.sources ?? []
  const sourceBlocks = (m.sourceBlocks ?? []).map((v) => safeUint(v, 'migration batch source block'))
  if (sources.length !== reading || sourceBlocks.length !== reading) throw new MalformedMessageError(`migration batch: ${reading} operations read a source block, but ${sources.length} sources and ${sourceBlocks.length} source blocks are given`)
  const data = m.data ?? new Uint8Array(0)
  // The limit a sender keeps (BatchBuilder), held here too: it was bounded only by the chunk's raw length.
  if (data.length > MAX_BATCH_DATA) throw new MalformedMessageError(`migration batch: ${data.length} bytes of data, at most ${MAX_BATCH_DATA}`)
  if (data.length !== carrying * BLOCK_SIZE) throw new MalformedMessageError(`migration batch: ${carrying} operations carry data, expected ${carrying * BLOCK_SIZE} data bytes, got ${data.length}`)
  return { image: m.image ?? 0, blocks, kinds: kinds as BlockKind[], sources, sourceBlocks, data }
}

/** `a` XOR `b` into a new block (XOR_BASE deltas both ways). */
export function xorBlock (a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(BLOCK_SIZE)
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const x = new Uint32Array(a.buffer, a.byteOffset, BLOCK_SIZE / 4)
    const y = new Uint32Array(b.buffer, b.byteOffset, BLOCK_SIZE / 4)
    const z = new Uint32Array(out.buffer)
    for (let i = 0; i < z.length; i++) z[i] = x[i]! ^ y[i]!
  } else {
    for (let i = 0; i < BLOCK_SIZE; i++) out[i] = a[i]! ^ b[i]!
  }
  return out
}

/**
 * Words (4 bytes) that differ between two blocks, a cheap measure of how
 * well a delta will compress; counting stops past `limit`.
 */
export function differingWords (a: Uint8Array, b: Uint8Array, limit = BLOCK_SIZE / 4): number {
  let n = 0
  if (a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0) {
    const x = new Uint32Array(a.buffer, a.byteOffset, BLOCK_SIZE / 4)
    const y = new Uint32Array(b.buffer, b.byteOffset, BLOCK_SIZE / 4)
    for (let i = 0; i < x.length && n <= limit; i++) if (x[i] !== y[i]) n++
    return n
  }
  for (let i = 0; i < BLOCK_SIZE && n <= limit; i += 4) {
    if (a[i] !== b[i] || a[i + 1] !== b[i + 1] || a[i + 2] !== b[i + 2] || a[i + 3] !== b[i + 3]) n++
  }
  return n
}

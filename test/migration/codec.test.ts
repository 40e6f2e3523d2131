import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BLOCK_SIZE, BatchBuilder, BlockKind, MAX_BATCH_DATA, decodeBatch, encodeBatch, readsSource, carriesData, xorBlock } from '../../src/migration/batch.js'
import { compressWith, decompressChunk, modeByName, MODES } from '../../src/migration/codecs.js'
import { chunkBatch, decodeEntry, encodeEntry } from '../../src/migration/entries.js'
import { MalformedMessageError } from '../../src/errors.js'
import { pb } from '../../src/wire/index.js'

const opArb = fc.record({
  gap: fc.nat({ max: 1000 }),
  kind: fc.constantFrom(BlockKind.literal, BlockKind.zero, BlockKind.base, BlockKind.copy, BlockKind.xorBase),
  source: fc.nat({ max: 5 }),
  sourceBlock: fc.nat({ max: 1 << 20 }),
  fill: fc.integer({ min: 0, max: 255 })
})

/** Bytes as plain arrays, so Buffers and Uint8Arrays of the same bytes compare equal. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (_k, v: unknown) => v instanceof Uint8Array || (typeof v === 'object' && v !== null && (v as { type?: string }).type === 'Buffer') ? [...(v instanceof Uint8Array ? v : (v as { data: number[] }).data)] : v))

const onlyMalformed = (decode: () => unknown): void => {
  try { decode() } catch (err) { expect(err).toBeInstanceOf(MalformedMessageError) }
}

describe('migration batch encoding', () => {
  it('round-trips any sequence of operations; data blocks are copied as added, whatever the capacity asked for', () => {
    fc.assert(fc.property(fc.nat({ max: 9 }), fc.nat({ max: 1 << 30 }), fc.array(opArb, { minLength: 1, maxLength: 40 }), fc.nat({ max: 3 * BLOCK_SIZE }), (image, first, ops, capacity) => {
      const builder = new BatchBuilder(image, capacity)
      // One buffer for every data block, as the sender reuses its read buffers.
      const scratch = new Uint8Array(BLOCK_SIZE)
      const expected: Uint8Array[] = []
      let block = first
      for (const op of ops) {
        const data = carriesData(op.kind) ? scratch.fill(op.fill) : undefined
        if (data !== undefined) expected.push(new Uint8Array(BLOCK_SIZE).fill(op.fill))
        builder.add(block, op.kind, readsSource(op.kind) ? { source: op.source, block: op.sourceBlock } : undefined, data)
        block += op.gap + 1
      }
      scratch.fill(0xee)
      const batch = builder.batch()
      expect(Buffer.compare(batch.data, Buffer.concat(expected))).toBe(0)
      expect(plain(decodeBatch(encodeBatch(batch)))).toEqual(plain(batch))
    }), { numRuns: 200 })
  })

  it('a builder takes data blocks up to MAX_BATCH_DATA and refuses the next', () => {
    const builder = new BatchBuilder(0, BLOCK_SIZE)
    const block = new Uint8Array(BLOCK_SIZE).fill(7)
    for (let b = 0; b < MAX_BATCH_DATA / BLOCK_SIZE; b++) builder.add(b, BlockKind.literal, undefined, block)
    expect(builder.full).toBe(true)
    expect(() => { builder.add(MAX_BATCH_DATA / BLOCK_SIZE, BlockKind.literal, undefined, block) }).toThrow(new RangeError(`a batch carries at most ${MAX_BATCH_DATA} data bytes`))
    expect(builder.batch().data.length).toBe(MAX_BATCH_DATA)
  })

  it('decodes arbitrary bytes or says they are malformed', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => { onlyMalformed(() => decodeBatch(bytes)) }), { numRuns: 2000 })
  })

  it('refuses batches whose columns disagree', () => {
    const good = { image: 0, firstBlock: 3, gaps: [0], kinds: [BlockKind.base, BlockKind.literal], sources: [0], sourceBlocks: [1], data: new Uint8Array(BLOCK_SIZE) }
    expect(() => decodeBatch(pb.MigrationBatch.encode({ ...good, sources: [] }).finish())).toThrow(/1 operations read a source block, but 0 sources/)
    expect(() => decodeBatch(pb.MigrationBatch.encode({ ...good, data: new Uint8Array(10) }).finish())).toThrow(/expected 4096 data bytes, got 10/)
    expect(() => decodeBatch(pb.MigrationBatch.encode({ ...good, gaps: [] }).finish())).toThrow(/0 gaps for 2 operations/)
    expect(() => decodeBatch(pb.MigrationBatch.encode({ ...good, kinds: [9 as BlockKind, 0] }).finish())).toThrow(/unknown block operation 9/)
    expect(decodeBatch(pb.MigrationBatch.encode(good).finish()).blocks).toEqual([3, 4])
  })

  it('XOR deltas invert', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: BLOCK_SIZE, maxLength: BLOCK_SIZE }), fc.uint8Array({ minLength: BLOCK_SIZE, maxLength: BLOCK_SIZE }), (a, b) => {
      expect(xorBlock(xorBlock(a, b), b)).toEqual(a)
    }), { numRuns: 50 })
  })
})

describe('migration entries and chunks', () => {
  it('decodes arbitrary entry and frame bytes or says they are malformed', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
      onlyMalformed(() => decodeEntry(bytes))
    }), { numRuns: 2000 })
  })

  it('round-trips rounds and commits, and checks names and seeds', () => {
    const round = { round: 2, final: true, images: [{ name: 'ram', size: 1 << 27, seed: 1 }, { name: 'devstate', size: 300_000, seed: 0 }], bases: [new Uint8Array(32).fill(1)] }
    expect(plain(decodeEntry(encodeEntry({ type: 'round', round })))).toEqual(plain({ type: 'round', round }))
    expect(() => decodeEntry(encodeEntry({ type: 'round', round: { ...round, images: [{ name: '../etc', size: 1, seed: 0 }] } }))).toThrow(/image name '..\/etc' must be/)
    expect(() => decodeEntry(encodeEntry({ type: 'round', round: { ...round, images: [{ name: 'a', size: 1, seed: 2 }] } }))).toThrow(/seed 2 names no base/)
    const blockDigests = [new Uint8Array(32).fill(3)]
    expect(plain(decodeEntry(encodeEntry({ type: 'commit', blockDigests })))).toEqual(plain({ type: 'commit', blockDigests }))
  })

  // Found by attacking the migration receiver: a round's base hashes were views of the bytes they were decoded from,
  // so the round a receiver holds as a migration's latest kept the whole append frame (up to 20 MiB) alive.
  it('a decoded round\'s base hashes are its own bytes, not views of the entry', () => {
    const base = new Uint8Array(32).fill(9)
    const entry = encodeEntry({ type: 'round', round: { round: 0, final: false, images: [{ name: 'disk', size: 4096, seed: 1 }], bases: [base] } })
    // The entry as it arrives: inside a larger frame.
    const frame = new Uint8Array(entry.length + (1 << 20))
    frame.set(entry, 7)
    const decoded = decodeEntry(frame.subarray(7, 7 + entry.length))
    if (decoded.type !== 'round') throw new Error('not a round')
    expect(decoded.round.bases[0]).toEqual(base)
    expect(decoded.round.bases[0]!.buffer.byteLength).toBe(32)
  })

  it('every mode round-trips, and a chunk that lies about its size is refused before decompression', () => {
    const raw = encodeBatch({ image: 0, blocks: [0, 1], kinds: [BlockKind.literal, BlockKind.zero], sources: [], sourceBlocks: [], data: new Uint8Array(BLOCK_SIZE).fill(7) })
    for (const mode of MODES) {
      const body = compressWith(mode, raw)
      const entry = decodeEntry(encodeEntry({ type: 'chunk', codec: mode.codec, rawLength: raw.length, body }))
      expect(entry.type === 'chunk' && chunkBatch(entry, 1 << 20).blocks).toEqual([0, 1])
    }
    const zstd = compressWith(modeByName('zstd-3'), raw)
    expect(() => decompressChunk(pb.MigrationCodec.MIGRATION_CODEC_ZSTD, zstd, raw.length + 1)).toThrow(/zstd frame holds \d+ bytes, the chunk says/)
    expect(() => decompressChunk(pb.MigrationCodec.MIGRATION_CODEC_GZIP, compressWith(modeByName('gzip-1'), raw), raw.length - 1)).toThrow(MalformedMessageError)
    expect(() => decompressChunk(pb.MigrationCodec.MIGRATION_CODEC_ZSTD, new Uint8Array([1, 2, 3]), 3)).toThrow(MalformedMessageError)
    expect(() => modeByName('lz5')).toThrow(/unknown compression mode 'lz5' \(known: auto, raw, zstd-1/)
  })

  // Found by an independent reader written from docs/migration.md: the format said a batch carries at most 16 MiB of
  // data, and a receiver took more (4,296 literals: 17,596,416 bytes), bounded only by the chunk's raw length.
  it('a batch carries at most MAX_BATCH_DATA bytes of data: at it, decoded; one block past it, refused', () => {
    const literals = (blocks: number): Uint8Array => encodeBatch({ image: 0, blocks: Array.from({ length: blocks }, (_, i) => i), kinds: new Array<BlockKind>(blocks).fill(BlockKind.literal), sources: [], sourceBlocks: [], data: new Uint8Array(blocks * BLOCK_SIZE) })
    const most = MAX_BATCH_DATA / BLOCK_SIZE
    expect(decodeBatch(literals(most)).data.length).toBe(MAX_BATCH_DATA)
    expect(() => decodeBatch(literals(most + 1))).toThrow(`migration batch: ${MAX_BATCH_DATA + BLOCK_SIZE} bytes of data, at most ${MAX_BATCH_DATA}`)
  })

  // Found by an independent reader written from docs/migration.md: a gzip body was read as Node's gunzip reads it, which
  // ignores a 0x00 byte after a member and every byte after it, a rule of Node's another implementation had to copy.
  it('a gzip body is whole members, one or more, and nothing after them: a byte past the last member is refused', () => {
    const raw = encodeBatch({ image: 0, blocks: [0], kinds: [BlockKind.literal], sources: [], sourceBlocks: [], data: new Uint8Array(BLOCK_SIZE).fill(9) })
    const whole = compressWith(modeByName('gzip-6'), raw)
    expect(decompressChunk(pb.MigrationCodec.MIGRATION_CODEC_GZIP, whole, raw.length)).toEqual(raw)
    const halves = Buffer.concat([compressWith(modeByName('gzip-1'), raw.subarray(0, 100)), compressWith(modeByName('gzip-1'), raw.subarray(100))])
    expect(decompressChunk(pb.MigrationCodec.MIGRATION_CODEC_GZIP, halves, raw.length)).toEqual(raw)
    for (const after of [[0], [0, 1, 2, 3], [0x1f]]) {
      const padded = Buffer.concat([whole, Buffer.from(after)])
      expect(() => decompressChunk(pb.MigrationCodec.MIGRATION_CODEC_GZIP, padded, raw.length), String(after)).toThrow(MalformedMessageError)
    }
    expect(() => decompressChunk(pb.MigrationCodec.MIGRATION_CODEC_GZIP, Buffer.concat([whole, Buffer.from([0])]), raw.length)).toThrow(`a gzip chunk must be whole members and nothing after them: ${whole.length + 1} bytes, its members end at byte ${whole.length}`)
  })

  it('compressions in a row, of any sizes and modes, each give a body of its own (the output buffer is reused from call to call)', () => {
    fc.assert(fc.property(fc.array(fc.record({ mode: fc.constantFrom(...MODES.filter((m) => m.name !== 'raw')), size: fc.nat({ max: 300_000 }), fill: fc.nat({ max: 255 }) }), { minLength: 1, maxLength: 8 }), (calls) => {
      const inputs = calls.map((c) => new Uint8Array(c.size).map((_, i) => (i * 31 + c.fill) % 7 === 0 ? c.fill : i & 0xff))
      const bodies = calls.map((c, i) => compressWith(c.mode, inputs[i]!))
      calls.forEach((c, i) => { expect(Buffer.compare(decompressChunk(c.mode.codec, bodies[i]!, inputs[i]!.length), inputs[i]!)).toBe(0) })
    }), { numRuns: 30 })
  })

  it('decompresses arbitrary bodies or says they are malformed', () => {
    fc.assert(fc.property(fc.constantFrom(0, 1, 2), fc.uint8Array({ maxLength: 200 }), fc.nat({ max: 1000 }), (codec, body, rawLength) => {
      onlyMalformed(() => decompressChunk(codec, body, rawLength))
    }), { numRuns: 1000 })
  })
})

/**
 * Migration test vectors for docs/migration.md: a base of 3 blocks, an
 * image of 6 blocks rebuilt from it by one round with a seed (whose first
 * block no chunk writes: it comes from the seed alone), two chunks holding
 * every operation kind, and the commit. Entries are shown both as record
 * payloads and, for the chunks, as the batch before compression; batches,
 * chunks and entries every receiver refuses, each with its rule.
 */
import { sha256 } from '../../src/crypto/hash.js'
import { BLOCK_SIZE, BatchBuilder, BlockKind, encodeBatch, xorBlock } from '../../src/migration/batch.js'
import { compressWith, modeByName } from '../../src/migration/codecs.js'
import { blockListDigest, paddedBlockHash } from '../../src/migration/block-hashes.js'
import { MAX_IMAGE_BYTES, MAX_ROUND_IMAGES, encodeEntry } from '../../src/migration/entries.js'
import { pb } from '../../src/wire/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
/** Block filled with one byte value, then `text` at its start: short to describe, and not all alike. */
export const patternBlock = (fill: number, text: string): Uint8Array => {
  const block = new Uint8Array(BLOCK_SIZE).fill(fill)
  block.set(Buffer.from(text))
  return block
}

/** SHA-256 of each 4096-byte block of `image`, the last zero-padded. */
const blockHashesOf = (image: Uint8Array): Uint8Array => Buffer.concat(Array.from({ length: Math.ceil(image.length / BLOCK_SIZE) }, (_, b) => paddedBlockHash(image.subarray(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE))))

export function generateMigrationVectors (): unknown {
  const baseBlocks = [patternBlock(0x11, 'base block 0'), patternBlock(0x22, 'base block 1'), patternBlock(0x33, 'base block 2')]
  const base = Buffer.concat(baseBlocks)
  const baseHash = sha256(base)
  // The image: 6 blocks, the last one 100 bytes long.
  const size = 5 * BLOCK_SIZE + 100
  const literal = patternBlock(0x44, 'a new block')
  const patched = patternBlock(0x22, 'base block 1')
  patched.set(Buffer.from('8 bytes!'), 2048)
  // Its literal carries bytes past the image's end that are not zeros: a reader must drop them, not hash them.
  const last = new Uint8Array(BLOCK_SIZE).fill(0x55, 100)
  last.set(Buffer.from('the tail'), 0)
  // Seeded from the base, the image starts as base blocks 0, 1, 2 and zeros. The first chunk patches
  // block 1 (XOR_BASE), puts base block 0 at block 2 (BASE) and writes blocks 3 and 5 (LITERAL);
  // the second copies block 3 to block 4 (COPY) and clears block 2 (ZERO). Block 0 stays as seeded.
  const builder = new BatchBuilder(0)
  builder.add(1, BlockKind.xorBase, { source: 0, block: 1 }, xorBlock(patched, baseBlocks[1]!))
  builder.add(2, BlockKind.base, { source: 0, block: 0 })
  builder.add(3, BlockKind.literal, undefined, literal)
  builder.add(5, BlockKind.literal, undefined, last)
  const first = builder.batch()
  const second = new BatchBuilder(0)
  second.add(2, BlockKind.zero)
  second.add(4, BlockKind.copy, { source: 0, block: 3 })
  const secondBatch = second.batch()
  const image = Buffer.concat([baseBlocks[0]!, patched, new Uint8Array(BLOCK_SIZE), literal, literal, last]).subarray(0, size)
  const round = { round: 0, final: true, images: [{ name: 'disk', size, seed: 1 }], bases: [baseHash] }
  const zstd = modeByName('zstd-3')
  const chunks = [first, secondBatch].map((batch) => {
    const raw = encodeBatch(batch)
    const body = compressWith(zstd, raw)
    return { batch: hex(raw), entry: hex(encodeEntry({ type: 'chunk', codec: zstd.codec, rawLength: raw.length, body })) }
  })
  return {
    description: 'gdp migration v1 test vectors; see docs/migration.md. Bytes are hex. Blocks are 4096 bytes; "pattern" blocks are filled with `fill` and begin with the UTF-8 `text`.',
    base: { blocks: [[0x11, 'base block 0'], [0x22, 'base block 1'], [0x33, 'base block 2']].map(([fill, text]) => ({ fill, text })), sha256: hex(baseHash) },
    entries: {
      round: hex(encodeEntry({ type: 'round', round })),
      chunks,
      commit: hex(encodeEntry({ type: 'commit', blockDigests: [blockListDigest(blockHashesOf(image))] }))
    },
    // sha256: of the image file, as sha256sum prints it; blockListSha256: what the commit names it by.
    result: { size, sha256: hex(sha256(image)), blockListSha256: hex(blockListDigest(blockHashesOf(image))) },
    invalidBatches: invalidBatches().map(([rule, batch]) => ({ rule, batch: hex(batch) })),
    invalidChunks: invalidChunks(encodeBatch(first)).map(([rule, entry]) => ({ rule, entry: hex(entry) })),
    invalidEntries: invalidEntries(baseHash).map(([rule, entry]) => ({ rule, entry: hex(entry) }))
  }
}

/** MigrationBatch encodings every receiver refuses, each with the rule it breaks. */
function invalidBatches (): Array<[string, Uint8Array]> {
  const data = new Uint8Array(BLOCK_SIZE).fill(7)
  const batch = (m: pb.IMigrationBatch): Uint8Array => pb.MigrationBatch.encode(m).finish()
  return [
    ['a batch is protobuf: no field cut short', Buffer.from('3a05', 'hex')],
    ['a batch holds at least one operation', batch({ firstBlock: 3 })],
    ['gaps has one value fewer than kinds', batch({ kinds: [BlockKind.zero, BlockKind.zero], gaps: [] })],
    ['gaps has one value fewer than kinds: one too many', batch({ kinds: [BlockKind.zero], gaps: [0] })],
    ['every operation that reads has a source and a source block', batch({ kinds: [BlockKind.base], sources: [0] })],
    ['4096 data bytes per LITERAL and XOR_BASE', batch({ kinds: [BlockKind.literal], data: data.subarray(0, 4095) })],
    ['no data for operations that carry none', batch({ kinds: [BlockKind.zero], data })],
    ['a known kind of operation', batch({ kinds: [9 as pb.MigrationBlockKind] })]
  ]
}

/** MigrationEntry chunks (of `raw`, a good batch) every receiver refuses, each with the rule it breaks. */
function invalidChunks (raw: Uint8Array): Array<[string, Uint8Array]> {
  const zstd = modeByName('zstd-3')
  const frame = compressWith(zstd, raw)
  const chunk = (codec: pb.MigrationCodec, rawLength: number, body: Uint8Array): Uint8Array => encodeEntry({ type: 'chunk', codec, rawLength, body })
  return [
    ['a zstd body is exactly one frame: two', chunk(zstd.codec, raw.length, Buffer.concat([frame, frame]))],
    ['a zstd frame declares raw_length as its content size', chunk(zstd.codec, raw.length - 1, frame)],
    ['the body decompresses to raw_length bytes: gzip', chunk(modeByName('gzip-6').codec, raw.length - 1, compressWith(modeByName('gzip-6'), raw))],
    ['a raw body is raw_length bytes', chunk(modeByName('raw').codec, raw.length + 1, raw)]
  ]
}

/**
 * MigrationEntry payloads every receiver refuses on their own, before any
 * round is in force, each with the rule it breaks: rules a reader written
 * from migration.md alone did not all find there at first.
 */
function invalidEntries (baseHash: Uint8Array): Array<[string, Uint8Array]> {
  const entry = (m: pb.IMigrationEntry): Uint8Array => pb.MigrationEntry.encode(m).finish()
  const round = (images: pb.IMigrationImage[], bases = [baseHash]): Uint8Array => entry({ round: { round: 0, images, bases } })
  return [
    ['an entry is protobuf: no field cut short', Buffer.from('0a05', 'hex')],
    ['an entry holds a round, a chunk or a commit', new Uint8Array(0)],
    ['a seed names one of the round\'s bases', round([{ name: 'disk', size: 4096, seed: 2 }])],
    ['a base hash is 32 bytes', round([{ name: 'disk', size: 4096 }], [Buffer.concat([baseHash, Buffer.alloc(1)])])],
    ['a round lists each base once', round([{ name: 'disk', size: 4096 }], [baseHash, baseHash])],
    ['a round names each image once', round([{ name: 'disk', size: 4096 }, { name: 'disk', size: 4096 }])],
    ['an image name is 1 to 64 of [A-Za-z0-9._-], not . or ..', round([{ name: '..', size: 4096 }])],
    ['an image is at most 1 TiB', round([{ name: 'disk', size: MAX_IMAGE_BYTES + 1 }])],
    ['at most 64 images a round', round(Array.from({ length: MAX_ROUND_IMAGES + 1 }, (_, i) => ({ name: `image${i}`, size: 4096 })))],
    ['a known codec', entry({ chunk: { codec: 3 as pb.MigrationCodec, rawLength: 1, body: new Uint8Array(1) } })],
    ['a block-list digest is 32 bytes', entry({ commit: { blockDigests: [new Uint8Array(31)] } })]
  ]
}

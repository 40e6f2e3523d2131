/**
 * Migration capsule entries (record payloads) and the metadata that marks a
 * capsule as a migration. Pure: no I/O.
 */
import { bytesToHex } from '../crypto/bytes.js'
import { InvalidArgumentError, MalformedMessageError } from '../errors.js'
import type { CapsuleMetadata } from '../capsule/types.js'
import { decodeProto, pb, safeUint } from '../wire/index.js'
import { decodeBatch, encodeBatch, type BlockBatch } from './batch.js'
import { decompressChunk } from './codecs.js'

/** App field naming the migration (the receiver's folder name). */
export const MIGRATION_FIELD = 'gdp.migration'
const IMAGE_NAME = /^[A-Za-z0-9._-]{1,64}$/
/**
 * The largest image a round may declare: 1 TiB. A receiver holds a sparse
 * file of that size and, once data arrives, 32 bytes of hashes per 4 KiB
 * written (up to 8 GiB for a full 1 TiB image, which must fit in its
 * maxHashBytes); the declared sizes of a round must also fit in the
 * receiver's free disk space.
 */
export const MAX_IMAGE_BYTES = 2 ** 40
/**
 * The most images a round may list. A VM has a handful (disks, RAM, device
 * state); each image is a file the receiver creates, at about a
 * millisecond of synchronous file system work each.
 */
export const MAX_ROUND_IMAGES = 64

export function checkMigrationName (name: string, what = 'migration name'): string {
  if (!IMAGE_NAME.test(name) || name === '.' || name === '..') throw new MalformedMessageError(`${what} '${name}' must be 1 to 64 of A-Z a-z 0-9 . _ - (and not . or ..)`)
  return name
}

/** The receiver's state file, in each migration's folder next to its images. */
export const STATE_FILE = '.migration.json'
/** The temporary file the receiver writes its state to, then renames over STATE_FILE. */
export const STATE_TEMPORARY_FILE = `${STATE_FILE}.tmp`
/** The file a receiver writes into a migration's folder once it is complete. */
export const MANIFEST_FILE = 'manifest.json'

/**
 * Whether an image may not have this name: the receiver keeps its own files
 * in the migration's folder under these names (its state file and every
 * name beginning so, such as STATE_TEMPORARY_FILE; the manifest; and
 * `<image>.partial` while an image is written), so both ends refuse them:
 * an image under one would be overwritten by the receiver's own writes.
 */
export function isReservedImageName (name: string): boolean {
  return name.startsWith(STATE_FILE) || name === MANIFEST_FILE || name.endsWith('.partial')
}

/** An image name a sender may give: a name (checkMigrationName) that is none of the receiver's own files. */
export function checkImageName (name: string): string {
  checkMigrationName(name, 'image name')
  if (isReservedImageName(name)) throw new InvalidArgumentError(`image name '${name}' is reserved: the receiver keeps its own files in the migration's folder as ${STATE_FILE}, ${MANIFEST_FILE} and <image>.partial`)
  return name
}

export function migrationNameOf (metadata: CapsuleMetadata): string {
  const field = metadata.appFields.find((f) => f.key === MIGRATION_FIELD)
  if (field === undefined) throw new MalformedMessageError(`not a migration capsule: no ${MIGRATION_FIELD} field`)
  return checkMigrationName(Buffer.from(field.value).toString('utf8'))
}

export interface RoundImage { name: string, size: number, seed: number }
export interface Round { round: number, final: boolean, images: RoundImage[], bases: Uint8Array[] }

export type Entry =
  | { type: 'round', round: Round }
  | { type: 'chunk', codec: pb.MigrationCodec, rawLength: number, body: Uint8Array }
  | { type: 'commit', blockDigests: Uint8Array[] }

export function encodeEntry (e: Entry): Uint8Array {
  switch (e.type) {
    case 'round': return pb.MigrationEntry.encode({ round: { round: e.round.round, final: e.round.final, images: e.round.images, bases: e.round.bases } }).finish()
    case 'chunk': return pb.MigrationEntry.encode({ chunk: { codec: e.codec, rawLength: e.rawLength, body: e.body } }).finish()
    case 'commit': return pb.MigrationEntry.encode({ commit: { blockDigests: e.blockDigests } }).finish()
  }
}

/** A chunk entry's bytes assembled around a body compressed elsewhere (a worker). */
export function chunkEntry (codec: pb.MigrationCodec, level: number, rawLength: number, body: Uint8Array): Uint8Array {
  return pb.MigrationEntry.encode({ chunk: { codec, level, rawLength, body } }).finish()
}

export function decodeEntry (bytes: Uint8Array): Entry {
  const m = decodeProto(pb.MigrationEntry, bytes, 'migration entry')
  if (m.round != null) {
    if ((m.round.images ?? []).length > MAX_ROUND_IMAGES) throw new MalformedMessageError(`migration round: ${m.round.images!.length} images, at most ${MAX_ROUND_IMAGES}`)
    const images = (m.round.images ?? []).map((i) => ({ name: checkMigrationName(i.name ?? '', 'image name'), size: safeUint(i.size, 'image size'), seed: safeUint(i.seed, 'image seed') }))
    // Copies: views of the entry would keep the whole frame it came in alive for as long as the round is held.
    const bases = (m.round.bases ?? []).map((b) => new Uint8Array(b))
    for (const b of bases) if (b.length !== 32) throw new MalformedMessageError('migration round: a base hash must be 32 bytes')
    // Each base once: a round listing one base some 600,000 times (a frame's worth) was held whole, a view of its frame
    // for each, for as long as it was the migration's latest round (found by attacking the migration receiver).
    const listed = new Set<string>()
    for (const b of bases) {
      const hex = bytesToHex(b)
      if (listed.has(hex)) throw new MalformedMessageError(`migration round: base ${hex} is listed twice`)
      listed.add(hex)
    }
    for (const i of images) {
      if (i.size > MAX_IMAGE_BYTES) throw new MalformedMessageError(`image ${i.name}: ${i.size} bytes is over the limit of ${MAX_IMAGE_BYTES} bytes (1 TiB) an image may have`)
      if (i.seed > bases.length) throw new MalformedMessageError(`image ${i.name}: seed ${i.seed} names no base (${bases.length} listed)`)
    }
    if (new Set(images.map((i) => i.name)).size !== images.length) throw new MalformedMessageError('migration round: two images have the same name')
    return { type: 'round', round: { round: safeUint(m.round.round, 'round number'), final: m.round.final ?? false, images, bases } }
  }
  if (m.chunk != null) {
    const codec = m.chunk.codec ?? pb.MigrationCodec.MIGRATION_CODEC_RAW
    if (pb.MigrationCodec[codec] === undefined) throw new MalformedMessageError(`migration chunk: unknown codec ${codec}`)
    return { type: 'chunk', codec, rawLength: safeUint(m.chunk.rawLength, 'chunk raw length'), body: m.chunk.body ?? new Uint8Array(0) }
  }
  if (m.commit != null) {
    const blockDigests = m.commit.blockDigests ?? []
    for (const d of blockDigests) if (d.length !== 32) throw new MalformedMessageError('migration commit: a block-list digest must be 32 bytes')
    return { type: 'commit', blockDigests }
  }
  throw new MalformedMessageError('migration entry: empty')
}

/** The block operations of a chunk entry. */
export function chunkBatch (e: Extract<Entry, { type: 'chunk' }>, maxRawLength: number): BlockBatch {
  if (e.rawLength > maxRawLength) throw new MalformedMessageError(`migration chunk: ${e.rawLength} bytes uncompressed, at most ${maxRawLength}`)
  return decodeBatch(decompressChunk(e.codec, e.body, e.rawLength))
}

export { encodeBatch }

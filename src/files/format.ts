/**
 * The values of a file capsule's namespace and the pages of its chunk
 * trees (docs/files.md sections 4 and 5, proto/gdp/v1/files.proto): types,
 * limits, the canonical encoder and the validating decoder. Pure: no I/O.
 *
 * As in src/kv/format.ts, one check serves both directions: an encoder
 * given a message that breaks a rule throws InvalidArgumentError, a decoder
 * given such bytes throws MalformedMessageError.
 */
import { requireCanonical } from '../capsule/canonical.js'
import type { AppField, CapsuleMetadata } from '../capsule/types.js'
import { HASH_LENGTH } from '../crypto/hash.js'
import { InvalidArgumentError, MalformedMessageError } from '../errors.js'
import { countWireFields, isCount, KV_APP_FIELD, kvAppField, requireKvCapsule } from '../kv/format.js'
import { decodeProto, pb } from '../wire/index.js'

/** The application field that marks a key-value capsule as a file capsule; its value is the format version. */
export const FILES_APP_FIELD = 'gdp.files'
export const FILES_FORMAT_VERSION = 1

/** Bytes of one chunk, at most (the chunker's largest cut, docs/files.md section 5.1). */
export const MAX_CHUNK_LENGTH = 256 * 1024
/** Refs in one page or in an entry's top level, at most. */
export const MAX_PAGE_REFS = 512
/** Levels of pages above the chunks, at most: far more than a file of 2^53 bytes needs (section 5.2). */
export const MAX_TREE_HEIGHT = 12
/** Bytes of an encoded FsEntry or FsPage, at most: 512 refs of the largest size fit with room to spare. */
export const MAX_ENCODED_LENGTH = 32 * 1024

/** A blob record holding a chunk, or an encoded page; `length` counts the content under it. */
export interface FsBlobRef {
  seqno: number
  length: number
  /** SHA-256 of the blob's data. */
  hash: Uint8Array
}

export interface FsFile {
  type: 'file'
  size: number
  /** SHA-256 of the whole content: the file's ETag. */
  contentHash: Uint8Array
  /** 0: `refs` are chunks; h: `refs` are pages of height h - 1. */
  height: number
  refs: FsBlobRef[]
}

export interface FsFolder {
  type: 'folder'
}

export type FsEntry = FsFile | FsFolder

/** A page of a chunk tree: the refs of one level, in content order. */
export interface FsPage {
  refs: FsBlobRef[]
}

// ---- checks ----

function refProblem (ref: FsBlobRef, what: string): string | undefined {
  if (!isCount(ref.seqno)) return `${what}: seqno ${ref.seqno} is not an integer in [0, 2^53)`
  if (!isCount(ref.length) || ref.length === 0) return `${what}: length ${ref.length} is not an integer in [1, 2^53)`
  if (ref.hash.length !== HASH_LENGTH) return `${what}: hash must be ${HASH_LENGTH} bytes, got ${ref.hash.length}`
  return undefined
}

/** What is wrong with a level of refs (an entry's or a page's) at `height`, and the content bytes under it. */
function refsProblem (refs: FsBlobRef[], height: number, what: string): string | undefined {
  if (refs.length > MAX_PAGE_REFS) return `${what} holds ${refs.length} refs, at most ${MAX_PAGE_REFS} allowed`
  let total = 0
  for (const [i, ref] of refs.entries()) {
    const problem = refProblem(ref, `${what} ref ${i}`)
    if (problem !== undefined) return problem
    if (height === 0 && ref.length > MAX_CHUNK_LENGTH) return `${what} ref ${i}: a chunk of ${ref.length} bytes, at most ${MAX_CHUNK_LENGTH} allowed`
    total += ref.length
    if (!Number.isSafeInteger(total)) return `${what}: its refs hold 2^53 bytes or more`
  }
  return undefined
}

export function contentLength (refs: FsBlobRef[]): number {
  return refs.reduce((sum, ref) => sum + ref.length, 0)
}

function entryProblem (entry: FsEntry): string | undefined {
  if (entry.type === 'folder') return undefined
  if (!isCount(entry.size)) return `file: size ${entry.size} is not an integer in [0, 2^53)`
  if (entry.contentHash.length !== HASH_LENGTH) return `file: content hash must be ${HASH_LENGTH} bytes, got ${entry.contentHash.length}`
  if (!Number.isInteger(entry.height) || entry.height < 0 || entry.height > MAX_TREE_HEIGHT) return `file: height ${entry.height} is not in [0, ${MAX_TREE_HEIGHT}]`
  const problem = refsProblem(entry.refs, entry.height, 'file')
  if (problem !== undefined) return problem
  const under = contentLength(entry.refs)
  if (under !== entry.size) return `file: its refs hold ${under} bytes, its size says ${entry.size}`
  if (entry.refs.length === 0 && entry.height !== 0) return `file: an empty file has height 0, not ${entry.height}`
  return undefined
}

function pageProblem (page: FsPage, height: number): string | undefined {
  if (page.refs.length === 0) return 'page: a page holds at least one ref'
  return refsProblem(page.refs, height, 'page')
}

// ---- encoding ----

const refToPb = (ref: FsBlobRef): pb.IFsBlobRef => ({ seqno: ref.seqno, length: ref.length, hash: ref.hash })

function encodeEntryChecked (entry: FsEntry): Uint8Array {
  if (entry.type === 'folder') return pb.FsEntry.encode({ folder: {} }).finish()
  return pb.FsEntry.encode({ file: { size: entry.size, contentHash: entry.contentHash, height: entry.height, refs: entry.refs.map(refToPb) } }).finish()
}

/**
 * The canonical encoding of a namespace value. Throws InvalidArgumentError
 * when the entry breaks a rule or a limit.
 *
 * @example
 * encodeFsEntry({ type: 'folder' }) // 12 00
 */
export function encodeFsEntry (entry: FsEntry): Uint8Array {
  const problem = entryProblem(entry)
  if (problem !== undefined) throw new InvalidArgumentError(`file entry: ${problem}`)
  return encodeEntryChecked(entry)
}

/** The canonical encoding of a page of height `height` (0: its refs are chunks). Throws InvalidArgumentError when it breaks a rule. */
export function encodeFsPage (page: FsPage, height: number): Uint8Array {
  const problem = pageProblem(page, height)
  if (problem !== undefined) throw new InvalidArgumentError(`chunk-tree ${problem}`)
  return pb.FsPage.encode({ refs: page.refs.map(refToPb) }).finish()
}

// ---- decoding ----

const EMPTY = new Uint8Array(0)

function refFromPb (value: pb.IFsBlobRef): FsBlobRef {
  return { seqno: value.seqno ?? 0, length: value.length ?? 0, hash: value.hash ?? EMPTY }
}

function entryFromPb (value: pb.FsEntry): FsEntry {
  switch (value.entry) {
    case 'folder': return { type: 'folder' }
    case 'file': {
      const f = value.file!
      return { type: 'file', size: f.size ?? 0, contentHash: f.contentHash ?? EMPTY, height: f.height ?? 0, refs: (f.refs ?? []).map(refFromPb) }
    }
    default: throw new MalformedMessageError('file entry holds neither a file nor a folder')
  }
}

/**
 * Decodes a namespace value. Accepts only the canonical encoding of an
 * entry that keeps every rule and limit; throws MalformedMessageError,
 * saying what is wrong, for anything else. Length and ref count are checked
 * on the wire before anything is decoded.
 */
export function decodeFsEntry (bytes: Uint8Array): FsEntry {
  if (bytes.length > MAX_ENCODED_LENGTH) throw new MalformedMessageError(`file entry is ${bytes.length} bytes, at most ${MAX_ENCODED_LENGTH} allowed`)
  if (countWireFields(bytes, [1, 4], MAX_PAGE_REFS) > MAX_PAGE_REFS) throw new MalformedMessageError(`file entry: more than ${MAX_PAGE_REFS} refs`)
  const entry = entryFromPb(decodeProto(pb.FsEntry, bytes, 'file entry'))
  const problem = entryProblem(entry)
  if (problem !== undefined) throw new MalformedMessageError(`file entry: ${problem}`)
  requireCanonical(bytes, encodeEntryChecked(entry), 'file entry')
  return entry
}

/** Decodes a page of height `height`, as decodeFsEntry does an entry. */
export function decodeFsPage (bytes: Uint8Array, height: number): FsPage {
  if (bytes.length > MAX_ENCODED_LENGTH) throw new MalformedMessageError(`chunk-tree page is ${bytes.length} bytes, at most ${MAX_ENCODED_LENGTH} allowed`)
  if (countWireFields(bytes, [1], MAX_PAGE_REFS) > MAX_PAGE_REFS) throw new MalformedMessageError(`chunk-tree page: more than ${MAX_PAGE_REFS} refs`)
  const page: FsPage = { refs: (decodeProto(pb.FsPage, bytes, 'chunk-tree page').refs ?? []).map(refFromPb) }
  const problem = pageProblem(page, height)
  if (problem !== undefined) throw new MalformedMessageError(`chunk-tree ${problem}`)
  requireCanonical(bytes, pb.FsPage.encode({ refs: page.refs.map(refToPb) }).finish(), 'chunk-tree page')
  return page
}

// ---- the capsule ----

/** The application fields to give a new file capsule: gdp.kv = "1" and gdp.files = "1". */
export function filesAppFields (): AppField[] {
  // In the order the metadata holds them (by key, as UTF-8 bytes: docs/spec.md section 2).
  return [{ key: FILES_APP_FIELD, value: new Uint8Array(Buffer.from(String(FILES_FORMAT_VERSION))) }, kvAppField()]
}

/** What a capsule holds, from its metadata's fields: a file system, a key-value store, or a plain log. */
export function capsuleKind (metadata: Pick<CapsuleMetadata, 'appFields'>): 'files' | 'kv' | 'log' {
  if (metadata.appFields.some((f) => f.key === FILES_APP_FIELD)) return 'files'
  return metadata.appFields.some((f) => f.key === KV_APP_FIELD) ? 'kv' : 'log'
}

/**
 * Throws MalformedMessageError unless the metadata marks a file capsule of
 * this format version: a key-value capsule (gdp.kv = "1") with gdp.files = "1".
 */
export function requireFilesCapsule (metadata: CapsuleMetadata): void {
  // The files field first: a log capsule given to a file command is not a file capsule, whatever else it is not.
  const field = metadata.appFields.find((f) => f.key === FILES_APP_FIELD)
  if (field === undefined) throw new MalformedMessageError(`not a file capsule: its metadata has no ${FILES_APP_FIELD} field`)
  requireKvCapsule(metadata)
  const version = Buffer.from(field.value).toString('latin1')
  if (version !== String(FILES_FORMAT_VERSION)) throw new MalformedMessageError(`file format version '${version.slice(0, 20)}' is not supported (this implementation reads version ${FILES_FORMAT_VERSION})`)
}

/**
 * Chunk trees (docs/files.md section 5.2): a file's chunks, as blob records
 * of its capsule, listed in pages that are blobs too, and pages of pages,
 * up to a level of one page that the file's entry holds inline. Page
 * boundaries are content-defined (by the hashes of the refs), so an edit
 * rewrites only the pages on the paths to the chunks it changed.
 */
import { sha256 } from '../crypto/hash.js'
import { BlobMismatchError, InvalidArgumentError, MalformedMessageError } from '../errors.js'
import type { KvReader, KvWriter } from '../kv/api.js'
import { contentLength, decodeFsPage, encodeFsPage, MAX_ENCODED_LENGTH, MAX_PAGE_REFS, MAX_TREE_HEIGHT, type FsBlobRef, type FsFile, type FsPage } from './format.js'

/** Bytes of new blobs appended together, at most (one append of the capsule; a chunk past it waits for the next). */
export const MAX_GROUP_BYTES = 4 * 1024 * 1024
/** Refs a page holds before a boundary may end it (the last page of a level may hold fewer). */
export const MIN_PAGE_REFS = 4
/** A ref is a page boundary when the last byte of its hash is a multiple of this: about one ref in 64. */
export const PAGE_BOUNDARY_MODULUS = 64

const hexOf = (hash: Uint8Array): string => Buffer.from(hash).toString('hex')

export function isPageBoundary (hash: Uint8Array): boolean {
  return hash[hash.length - 1]! % PAGE_BOUNDARY_MODULUS === 0
}

/** Whether a page holding `refs` is complete: a boundary ends it once it holds MIN_PAGE_REFS, and MAX_PAGE_REFS always do. */
export function endsPage (refs: FsBlobRef[]): boolean {
  if (refs.length >= MAX_PAGE_REFS) return true
  return refs.length >= MIN_PAGE_REFS && isPageBoundary(refs[refs.length - 1]!.hash)
}

/** What a write stored: the blobs it appended and their bytes, and the blobs it found already stored. */
export interface StoredBlobs {
  blobs: number
  bytes: number
  reused: number
}

/** A blob a ref points to: its seqno once appended. */
interface PendingBlob {
  length: number
  hash: Uint8Array
  seqno?: number
}

/**
 * New blobs waiting to be appended together, and the blobs of the last
 * append: a chunk that comes twice within a few groups is stored once even
 * before findBlob can see the first.
 */
class BlobGroup {
  readonly #kv: KvWriter
  #queued: Array<{ data: Uint8Array, blob: PendingBlob }> = []
  #queuedBytes = 0
  #queuedByHash = new Map<string, PendingBlob>()
  #lastAppended = new Map<string, PendingBlob>()
  readonly stored: StoredBlobs = { blobs: 0, bytes: 0, reused: 0 }

  constructor (kv: KvWriter) {
    this.#kv = kv
  }

  get empty (): boolean { return this.#queued.length === 0 }

  /** Whether `length` more bytes would take the group past MAX_GROUP_BYTES. */
  wouldOverflow (length: number): boolean {
    return this.#queued.length > 0 && this.#queuedBytes + length > MAX_GROUP_BYTES
  }

  /** The blob holding `data`: one already stored (`found`, or queued or just appended here), or a new one queued. */
  add (data: Uint8Array, hash: Uint8Array, length: number, found: number | undefined): PendingBlob {
    const key = hexOf(hash)
    const known = this.#queuedByHash.get(key) ?? this.#lastAppended.get(key) ?? (found === undefined ? undefined : { length, hash, seqno: found })
    if (known !== undefined) {
      this.stored.reused++
      return known
    }
    const blob: PendingBlob = { length, hash }
    this.#queued.push({ data, blob })
    this.#queuedBytes += data.length
    this.#queuedByHash.set(key, blob)
    return blob
  }

  /** Appends the queued blobs in one append and gives each its seqno. */
  async flush (): Promise<void> {
    if (this.#queued.length === 0) return
    const queued = this.#queued
    const seqnos = await this.#kv.appendBlobs(queued.map((q) => q.data), queued.map((q) => q.blob.hash))
    if (seqnos.length !== queued.length) throw new MalformedMessageError(`appendBlobs returned ${seqnos.length} seqnos for ${queued.length} blobs`)
    queued.forEach((q, i) => { q.blob.seqno = seqnos[i]! })
    this.stored.blobs += queued.length
    this.stored.bytes += this.#queuedBytes
    this.#lastAppended = this.#queuedByHash
    this.#queued = []
    this.#queuedBytes = 0
    this.#queuedByHash = new Map()
  }
}

/** A chunk with its hash and, if the capsule already holds it, its seqno. */
export interface HashedChunk {
  data: Uint8Array
  hash: Uint8Array
  found?: number
}

/** The top level of a chunk tree: what a file entry holds inline. */
export interface TreeTop {
  height: number
  refs: FsBlobRef[]
}

/**
 * Builds a file's chunk tree as its chunks come, in bounded memory: the
 * chunks of one group (at most MAX_GROUP_BYTES) and one open page per level.
 * New chunks and pages are appended in groups; a page is written once the
 * seqnos of its refs are known, so it goes with the next group. Nothing
 * refers to the blobs until an entry does: a writer that stops half-way
 * leaves only blobs that no entry refers to (which later puts may reuse).
 */
export class ChunkTreeWriter {
  readonly #findBlob: (hash: Uint8Array) => Promise<number | undefined>
  readonly #group: BlobGroup
  /** The open page of each level, and whether the level has ended a page yet. */
  readonly #levels: Array<{ refs: FsBlobRef[], pagesEnded: number }> = []
  /** Refs waiting for their blob's seqno, in the order they join their level. */
  #waiting: Array<{ level: number, blob: PendingBlob }> = []

  /** `findBlob` looks a page up in the capsule, as the caller looks up its chunks (a put bounds its lookups). */
  constructor (kv: KvWriter, findBlob: (hash: Uint8Array) => Promise<number | undefined>) {
    this.#findBlob = findBlob
    this.#group = new BlobGroup(kv)
  }

  get stored (): StoredBlobs { return { ...this.#group.stored } }

  async addChunk (chunk: HashedChunk): Promise<void> {
    if (this.#group.wouldOverflow(chunk.data.length)) await this.#flush()
    this.#waiting.push({ level: 0, blob: this.#group.add(chunk.data, chunk.hash, chunk.data.length, chunk.found) })
  }

  /** Stores what is left and returns the top level: the chunk refs of a small file, or the refs of the level that is one page. */
  async finish (): Promise<TreeTop> {
    for (let level = 0; ; level++) {
      while (this.#waiting.length > 0 || !this.#group.empty) await this.#flush()
      const open = this.#levels[level]
      if (open === undefined) return { height: 0, refs: [] } // no chunks: an empty file
      if (open.pagesEnded === 0) return { height: level, refs: open.refs }
      await this.#endPage(level)
    }
  }

  /** Appends the group, then moves every ref whose seqno is now known into its level. */
  async #flush (): Promise<void> {
    await this.#group.flush()
    const ready = this.#waiting
    this.#waiting = []
    // Every blob queued before the append has its seqno now, and every other one had it already.
    for (const { level, blob } of ready) await this.#push(level, { seqno: blob.seqno!, length: blob.length, hash: blob.hash })
  }

  /** Adds a ref to its level's open page; a page is ended lazily, when a ref comes after it, so a level of one page is never stored. */
  async #push (level: number, ref: FsBlobRef): Promise<void> {
    const open = this.#levels[level] ??= { refs: [], pagesEnded: 0 }
    if (open.refs.length > 0 && endsPage(open.refs)) await this.#endPage(level)
    open.refs.push(ref)
  }

  async #endPage (level: number): Promise<void> {
    if (level + 1 > MAX_TREE_HEIGHT) throw new InvalidArgumentError(`file too large: its chunk tree would be more than ${MAX_TREE_HEIGHT} levels high`)
    const open = this.#levels[level]!
    const page = encodeFsPage({ refs: open.refs }, level)
    const hash = sha256(page)
    const blob = this.#group.add(page, hash, contentLength(open.refs), await this.#findBlob(hash))
    this.#waiting.push({ level: level + 1, blob })
    open.refs = []
    open.pagesEnded++
  }
}

// ---- reading ----

/** A blob's data, checked against the hash its ref gives; a mismatch is a BlobMismatchError naming the seqno. */
function checkedBlob (data: Uint8Array, ref: FsBlobRef, what: string): Uint8Array {
  if (Buffer.compare(sha256(data), ref.hash) !== 0) throw new BlobMismatchError(`the ${what} at seqno ${ref.seqno} does not hash to ${hexOf(ref.hash)}: the capsule or the entry is damaged`)
  return data
}

/** A page of height `height`, checked against its ref: its hash, and the content under it. */
export async function readPage (kv: KvReader, ref: FsBlobRef, height: number): Promise<FsPage> {
  const [data] = await kv.blobs(ref.seqno, ref.seqno + 1, { maxLength: MAX_ENCODED_LENGTH })
  const page = decodeFsPage(checkedBlob(data!, ref, `chunk-tree page of height ${height}`), height)
  const under = contentLength(page.refs)
  if (under !== ref.length) throw new MalformedMessageError(`chunk-tree page at seqno ${ref.seqno} holds ${under} bytes of content, its ref says ${ref.length}`)
  return page
}

/**
 * The chunks of a run (chunksInRuns), with one read of their blobs, each
 * checked against its ref: its hash and its length.
 */
export async function readRun (kv: KvReader, run: PlacedChunk[]): Promise<Uint8Array[]> {
  const from = run[0]!.ref.seqno
  // Each at most its ref's length: a server sending more (up to a 64 MiB record a chunk) is refused as it comes.
  const blobs = await kv.blobs(from, from + run.length, { maxLength: Math.max(...run.map(({ ref }) => ref.length)) })
  return run.map(({ ref }, i) => {
    const data = checkedBlob(blobs[i]!, ref, 'chunk')
    if (data.length !== ref.length) throw new MalformedMessageError(`chunk at seqno ${ref.seqno} holds ${data.length} bytes, its ref says ${ref.length}`)
    return data
  })
}

/** A chunk's ref and where its content begins in the file. */
export interface PlacedChunk {
  ref: FsBlobRef
  offset: number
}

/**
 * The chunks of a file that hold bytes of [start, end), in order, reading
 * only the pages on the way to them: one page per level at a time.
 */
export async function * chunksInRange (kv: KvReader, file: FsFile, start: number, end: number): AsyncGenerator<PlacedChunk> {
  async function * walk (refs: FsBlobRef[], height: number, offset: number): AsyncGenerator<PlacedChunk> {
    for (const ref of refs) {
      const next = offset + ref.length
      if (offset >= end) return
      if (next > start) {
        if (height === 0) yield { ref, offset }
        else yield * walk((await readPage(kv, ref, height - 1)).refs, height - 1, offset)
      }
      offset = next
    }
  }
  if (start < end) yield * walk(file.refs, file.height, 0)
}

/**
 * Chunks in runs of up to `most` whose blobs are consecutive records (as a
 * put appends a file's new chunks), in order: a run is read with one
 * request. A run is given out as soon as it is full, or when the next
 * chunk does not follow on.
 */
export async function * chunksInRuns (chunks: AsyncIterable<PlacedChunk>, most: number): AsyncGenerator<PlacedChunk[]> {
  let run: PlacedChunk[] = []
  for await (const chunk of chunks) {
    if (run.length > 0 && chunk.ref.seqno !== run.at(-1)!.ref.seqno + 1) {
      yield run
      run = []
    }
    run.push(chunk)
    if (run.length >= most) {
      yield run
      run = []
    }
  }
  if (run.length > 0) yield run
}

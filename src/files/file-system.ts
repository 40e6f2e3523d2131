/**
 * The file CAAPI (docs/files.md): files and folders over a key-value
 * capsule, local or remote (anything that implements src/kv/api.ts).
 * Files are streamed both ways in bounded memory; every chunk read is
 * checked against its hash; any past version can be read, diffed and
 * watched.
 *
 * @example
 * const fs = new FileSystem(kvWriter)
 * await fs.put('docs/readme.md', createReadStream('README.md'))
 * for await (const bytes of fs.get('docs/readme.md', { start: 0, end: 100 })) process.stdout.write(bytes)
 */
import { createHash } from 'node:crypto'
import { pipe } from 'it-pipe'
import { sha256 } from '../crypto/hash.js'
import {
  BlobMismatchError, ConditionFailedError, DirectoryNotEmptyError, FolderTooLargeError, InvalidArgumentError, IsADirectoryError, MalformedEntryError, MalformedMessageError, NotADirectoryError, PathError, PathExistsError,
  PathNotFoundError, RangeNotSatisfiableError, RequestRefusedError, StoreFullError
} from '../errors.js'
import type { KvChange, KvCondition, KvReadView, KvReader, KvWriteReceipt, KvWriter } from '../kv/api.js'
import { blobBuffer, boundsOf, compareKeys, inBounds, MAX_BATCH_OPS, rangeAbove, type KeyRange, type KvOp } from '../kv/format.js'
import type { KvAt, KvEntry } from '../kv/model.js'
import { chunkContent, cutPoint } from './chunker.js'
import { nativeCutPoint } from './native-gear.js'
import { decodeFsEntry, encodeFsEntry, type FsEntry, type FsFile } from './format.js'
import { childrenRange, joinPath, keyOfPath, newPathNames, parentPath, pathNames, pathOfKey, subtreeRange } from './path.js'
import { readAhead } from './read-ahead.js'
import { PARTLY_STORED_FILE, storeFullDetail } from '../store/free-space.js'
import { ChunkTreeWriter, chunksInRange, chunksInRuns, readRun, type HashedChunk, type StoredBlobs } from './tree.js'

/** Entries one rename moves, at most: each is a delete and a put, and the two parent folders are written again, in one batch. */
export const MAX_RENAME_ENTRIES = Math.floor((MAX_BATCH_OPS - 2) / 2)
/** Entries one recursive delete removes, at most: one batch, with the parent folder written again. */
export const MAX_DELETE_ENTRIES = MAX_BATCH_OPS - 1
/** Times a write is planned when another writer keeps changing what it was planned on. */
const COMMIT_ATTEMPTS = 3
/** The errors of a write that lost a race and wrote nothing: a condition no longer held, or the capsule moved on while it was built. */
const LOST_RACE = new Set(['ConditionFailedError', 'ChainMismatchError'])
/** Children a list reads per range scan. */
const LIST_PAGE = 1000
/**
 * A page of a diff from the records of the span: keys, and bytes of their
 * values, at most. Each page reads every record of the span again
 * (KvReader.diff), so pages are large; the bytes keep them bounded.
 */
const DIFF_PAGE = { limit: 10_000, maxBytes: 16 * 1024 * 1024 }
/** Entries a diff reads per page of each version when it compares the two versions' entries: the first page, and the most (each page doubles). */
const DIFF_SCAN_FIRST_PAGE = 128
const DIFF_SCAN_PAGE = 1024
/**
 * Entries a diff compares per record of the span before it reads the
 * records instead. On a LevelDB store a record of the span cost 0.5 to 1
 * ms to diff (a blob record more, by its bytes), an entry compared about
 * 0.1 ms: comparing entries wins unless the folder holds many more entries
 * than the span has records.
 */
const DIFF_SCAN_ENTRIES_PER_RECORD = 4

export interface FileSystemInit {
  /**
   * Chunks read (or looked up, when writing) ahead of the one in use;
   * memory holds at most this many chunks of 256 KiB per stream (64 KiB
   * on average). A get reads them in runs of a quarter of this many
   * (consecutive records, one request each through the overlay), so four
   * requests are under way: on a 255 MB read two routers away, 64 took
   * 5.5 to 6.0 s where 16 took 5.3 to 8.6 s and one request per chunk
   * 8.9 to 9.3 s (npm run bench:caapi, GDP_BENCH_ONLY=remote).
   * @default 64
   */
  readAhead?: number
  /**
   * Awaited before each lookup a put makes (whether the capsule holds a
   * chunk or a page of its tree already), the function it gives called once the lookup ends:
   * a caller whose writers share one line to the capsule's server (the
   * gateway's uploads) bounds their lookups together.
   */
  lookupTurn?: () => Promise<() => void>
}

export interface FsFileStat {
  type: 'file'
  path: string
  /** The last name of the path. */
  name: string
  size: number
  /** SHA-256 of the content. */
  contentHash: Uint8Array
  /** A strong HTTP ETag: the content hash in hex, quoted. Equal contents, equal ETags. */
  etag: string
  /** The record whose put set the entry. */
  seqno: number
  /** That record's timestamp. */
  modifiedUs: number
}

export interface FsFolderStat {
  type: 'folder'
  path: string
  name: string
  /** The record that last changed the folder's names (absent for the root folder, which has no entry). */
  seqno?: number
  modifiedUs?: number
}

export type FsStat = FsFileStat | FsFolderStat

/** A path whose entry differs between two versions: `before` or `after` is absent where it is. */
export interface FsChange {
  path: string
  change: 'added' | 'removed' | 'changed'
  before?: FsStat
  after?: FsStat
}

/** What one record did at a watched path: each path it wrote there or below, with its entry after (absent: removed). */
export interface FsWatchEvent {
  seqno: number
  timestampUs: number
  /** The version after the record: resume a watch from here. */
  version: number
  changes: Array<{ path: string, stat?: FsStat }>
}

export interface FsPutOptions {
  /** Stops the put (an upload cut off): no entry is written. */
  signal?: AbortSignal
  /**
   * Called with the file the put replaces (undefined when there is none)
   * before any byte is stored, and again on the version the entry
   * is written at: the write's conditions hold that file in place, so a
   * check that passes there cannot be undone by another writer (one that
   * got in first makes the write planned, and checked, again). Throws to
   * refuse the put: a compare-and-set, as If-Match asks.
   */
  precondition?: (replaced: FsFileStat | undefined) => void
}

export interface FsPutResult {
  file: FsFileStat
  /** New blobs (chunks and pages) the put appended and their bytes, and chunks and pages it found stored already. */
  stored: StoredBlobs
  receipt: KvWriteReceipt
}

/** A byte range: from `start` (default 0) up to, not including, `end` (default the size). */
export interface FsByteRange {
  start?: number
  end?: number
}

/** How a read of a file's bytes may be held back. */
export interface FsReadOptions {
  /**
   * Awaited before each run of chunks is read from the capsule, with the
   * bytes the run will hold: a caller that bounds what all its reads hold
   * together (the gateway's downloads) waits there, or rejects to end the read.
   */
  hold?: (bytes: number) => Promise<void>
}

/** Which folder's entries: its children only, or every entry below it (the default). */
export interface FsScope {
  recursive?: boolean
}

/** The strong HTTP ETag of a content hash. */
export function etagOf (contentHash: Uint8Array): string {
  return `"${Buffer.from(contentHash).toString('hex')}"`
}

function describePath (names: string[]): string {
  return names.length === 0 ? 'the root folder' : `'${joinPath(names)}'`
}

const REPLACE_MALFORMED = 'a file put or delete at that path replaces it'

/** A refusal's last words: the option of this API that would have done it. */
const withOption = (option: 'recursive' | 'replace'): string => `with ${option}`

/**
 * `err` naming the option its last words name (`withOption`) as the caller's users give it (`--recursive` to gdp,
 * `?recursive=true` to the gateway), where this API's name for it would be no option of theirs.
 */
export function nameOption (err: unknown, option: 'recursive' | 'replace', as: string): unknown {
  const said = withOption(option)
  if ((err instanceof DirectoryNotEmptyError || err instanceof PathExistsError) && err.message.endsWith(said)) err.message = `${err.message.slice(0, -said.length)}with ${as}`
  return err
}

/** The entry a key-value entry holds, decoded; MalformedEntryError names the path. */
function entryOf (entry: KvEntry, names: string[]): FsEntry {
  if (entry.encryptionEpoch !== 0) throw new MalformedEntryError(`the entry of ${describePath(names)} is encrypted (epoch ${entry.encryptionEpoch}): version 1 of the file CAAPI reads entries in clear`)
  try {
    return decodeFsEntry(entry.value)
  } catch (err) {
    if (err instanceof MalformedMessageError) throw new MalformedEntryError(`the entry of ${describePath(names)} is no file entry (${err.message}); ${REPLACE_MALFORMED}`)
    throw err
  }
}

function statOf (names: string[], kvEntry: KvEntry, entry: FsEntry = entryOf(kvEntry, names)): FsStat {
  const path = joinPath(names)
  const name = names[names.length - 1] ?? ''
  const at = { seqno: kvEntry.seqno, modifiedUs: kvEntry.timestampUs }
  if (entry.type === 'folder') return { type: 'folder', path, name, ...at }
  return { type: 'file', path, name, size: entry.size, contentHash: entry.contentHash, etag: etagOf(entry.contentHash), ...at }
}

function rootStat (): FsFolderStat {
  return { type: 'folder', path: '', name: '' }
}

function scopeRange (names: string[], scope: FsScope): KeyRange {
  return scope.recursive === false ? childrenRange(names) : subtreeRange(names)
}

/**
 * The key ranges a diff of a path compares, in key order: its own key, and
 * the keys below it if it is a folder at either version (a file at both, or
 * at one and nothing at the other, has its own key only). A path at neither
 * version is PathNotFoundError: a mistyped folder diffed as one where
 * nothing changed.
 */
async function diffRanges (names: string[], before: KvReadView, after: KvReadView, scope: FsScope): Promise<KeyRange[]> {
  if (names.length === 0) return [scopeRange(names, scope)]
  const key = keyOfPath(names)
  // null: that version's entries cannot be read (a remote reader that cannot prove it): the path may be there.
  const found = await Promise.all([before, after].map(async (view) => await view.get(key).catch((err: Error) => {
    if (err.name === 'KvProofUnavailableError') return null
    throw err
  })))
  if (found.every((e) => e === undefined)) {
    throw new PathNotFoundError(`no file or folder at ${describePath(names)} at version ${before.version === after.version ? before.version : `${before.version} or ${after.version}`}`)
  }
  // An entry that is no file entry (a key-value write, one in an epoch this version cannot read) is no folder's.
  const kinds = found.filter((e) => e != null).map((e) => {
    try {
      return entryOf(e!, names).type
    } catch (err) {
      if (err instanceof MalformedEntryError) return 'file'
      throw err
    }
  })
  // Its own key sorts before every key below it (its 0x00 against their 0x01), so the changes stay in key order.
  // Below a folder only, a folder that became a file, came or went said nothing of itself, where its folder's diff did.
  const own = { gte: key, lte: key }
  return kinds.includes('file') && !kinds.includes('folder') ? [own] : [own, scopeRange(names, scope)]
}

/** A path's entry at one version, or undefined. */
async function lookUp (view: KvReadView, names: string[]): Promise<{ kv: KvEntry, entry: FsEntry } | undefined> {
  const kv = await view.get(keyOfPath(names))
  return kv === undefined ? undefined : { kv, entry: entryOf(kv, names) }
}

/**
 * Whether a key-value entry is a folder's. One that does not read as a file
 * or folder (a key of no path, a value of no entry: a key-value write, or a
 * rename that made a path too long) is none, so a recursive delete removes
 * it with the rest, where it refused to remove anything.
 */
function isFolderEntry (entry: KvEntry): boolean {
  try {
    return entryOf(entry, pathOfKey(entry.key)).type === 'folder'
  } catch (err) {
    if (err instanceof MalformedMessageError) return false
    throw err
  }
}

/** The file a write replaces or deletes at `names`, found by lookUpToReplace: none for a folder or an entry that is no file entry. */
function fileReplaced (names: string[], found: { kv: KvEntry, entry: FsEntry | undefined } | undefined): FsFileStat | undefined {
  return found?.entry?.type === 'file' ? statOf(names, found.kv, found.entry) as FsFileStat : undefined
}

/**
 * The entry at a path a write replaces or deletes; one that is no file
 * entry (a key-value write put it there) comes as a file with no content
 * to name, so the write can mend it, unless entries below it make it a
 * folder's place, which it keeps.
 */
async function lookUpToReplace (view: KvReadView, names: string[]): Promise<{ kv: KvEntry, entry: FsEntry | undefined } | undefined> {
  try {
    return await lookUp(view, names)
  } catch (err) {
    if (!(err instanceof MalformedEntryError)) throw err
    if ((await view.range({ ...subtreeRange(names), limit: 1 })).length > 0) throw err
    return { kv: (await view.get(keyOfPath(names)))!, entry: undefined }
  }
}

/** The change of a key between two versions, or undefined when the file system sees none (a folder at both, an equal entry). */
function changeOf (key: Uint8Array, before: KvEntry | undefined, after: KvEntry | undefined): FsChange | undefined {
  if (before?.seqno === after?.seqno) return undefined
  const names = pathOfKey(key)
  const was = before === undefined ? undefined : statOf(names, before)
  const is = after === undefined ? undefined : statOf(names, after)
  if (was?.type === 'folder' && is?.type === 'folder') return undefined
  if (before !== undefined && after !== undefined && Buffer.compare(before.value, after.value) === 0) return undefined
  const change: FsChange = { path: joinPath(names), change: was === undefined ? 'added' : is === undefined ? 'removed' : 'changed' }
  if (was !== undefined) change.before = was
  if (is !== undefined) change.after = is
  return change
}

/** The entries of a range at one version, in key order, read a page at a time. */
class EntryCursor {
  readonly #view: KvReadView
  readonly #range: KeyRange
  #page: KvEntry[] = []
  #at = 0
  #ended = false
  /** Entries the next read asks for: pages grow from DIFF_SCAN_FIRST_PAGE to DIFF_SCAN_PAGE, so a diff that stops early read little. */
  #size = DIFF_SCAN_FIRST_PAGE

  constructor (view: KvReadView, range: KeyRange) {
    this.#view = view
    this.#range = range
  }

  /** Whether the next entry needs a read (`peek` then reads a page). */
  get needsRead (): boolean { return this.#at === this.#page.length && !this.#ended }

  /** Entries the next peek reads, at most. */
  get cost (): number { return this.needsRead ? this.#size : 0 }

  /** The next entry, reading the next page when this one is used up; undefined past the last. */
  async peek (): Promise<KvEntry | undefined> {
    if (this.needsRead) {
      const last = this.#page.at(-1)
      const size = this.#size
      this.#page = await this.#view.range({ ...(last === undefined ? this.#range : rangeAbove(this.#range, last.key)), limit: size })
      this.#at = 0
      this.#ended = this.#page.length < size
      this.#size = Math.min(DIFF_SCAN_PAGE, 2 * size)
    }
    return this.#page[this.#at]
  }

  next (): void { this.#at++ }
}

/**
 * A diff that compares two versions' entries of a range side by side: the
 * keys at one and not the other, and those whose entries were put again.
 * It stops before a read that could take it past `budget` entries, or when a page
 * cannot be read without a proof the reader cannot have
 * (KvProofUnavailableError), leaving `done` false and `last` the last key
 * compared (every key up to it is).
 */
class StateComparison {
  readonly #before: EntryCursor
  readonly #after: EntryCursor
  readonly #budget: number
  #read = 0
  done = false
  last: Uint8Array | undefined

  constructor (before: KvReadView, after: KvReadView, range: KeyRange, budget: number) {
    this.#before = new EntryCursor(before, range)
    this.#after = new EntryCursor(after, range)
    this.#budget = budget
  }

  async * changes (): AsyncGenerator<FsChange> {
    for (;;) {
      const pair = await this.#peek()
      if (pair === undefined) return
      const [b, a] = pair
      if (b === undefined && a === undefined) {
        this.done = true
        return
      }
      const order = b === undefined ? 1 : a === undefined ? -1 : compareKeys(b.key, a.key)
      const key = order <= 0 ? b!.key : a!.key
      const change = changeOf(key, order <= 0 ? b : undefined, order >= 0 ? a : undefined)
      if (order <= 0) this.#before.next()
      if (order >= 0) this.#after.next()
      this.last = key
      if (change !== undefined) yield change
    }
  }

  /** The next entry of each version, or undefined to stop comparing (over budget, or a page that cannot be read). */
  async #peek (): Promise<[KvEntry | undefined, KvEntry | undefined] | undefined> {
    const cost = this.#before.cost + this.#after.cost
    if (cost > 0 && this.#read + cost > this.#budget) return undefined
    try {
      const pair = await Promise.all([this.#before.peek(), this.#after.peek()])
      this.#read += cost
      return pair
    } catch (err) {
      if ((err as Error).name === 'KvProofUnavailableError') return undefined
      throw err
    }
  }
}

/** The file CAAPI's reads at one version of the capsule: every read agrees with every other. */
export class FsView {
  readonly #kv: KvReader
  readonly #view: KvReadView
  readonly #readAhead: number

  /** Chunks per read: a quarter of those read ahead, so that four reads are under way at a time. */
  readonly #runChunks: number

  constructor (kv: KvReader, view: KvReadView, readAheadDepth: number) {
    this.#kv = kv
    this.#view = view
    this.#readAhead = readAheadDepth
    this.#runChunks = Math.max(1, Math.ceil(readAheadDepth / 4))
  }

  /** Records applied: the version read. */
  get version (): number { return this.#view.version }

  /** The file or folder at `path`. Throws PathNotFoundError. */
  async stat (path: string): Promise<FsStat> {
    const names = pathNames(path)
    if (names.length === 0) return rootStat()
    const found = await lookUp(this.#view, names)
    if (found === undefined) throw new PathNotFoundError(`no file or folder at ${describePath(names)} (version ${this.version})`)
    return statOf(names, found.kv, found.entry)
  }

  /**
   * The bytes of a file, or of a range of it, chunk by chunk, each chunk
   * checked against its hash before it is given out (BlobMismatchError
   * otherwise; a whole file is also checked against its content hash once
   * read). Throws, at the first read, PathNotFoundError,
   * IsADirectoryError, InvalidArgumentError for a start or end that is no
   * byte offset (a fraction, negative, past 2^53 - 1, NaN), or
   * RangeNotSatisfiableError for a range of offsets that does not lie within
   * the file.
   */
  async * get (path: string, range: FsByteRange = {}, options: FsReadOptions = {}): AsyncGenerator<Uint8Array> {
    const names = pathNames(path)
    const found = names.length === 0 ? undefined : await lookUp(this.#view, names)
    if (names.length === 0 || found?.entry.type === 'folder') throw new IsADirectoryError(`${describePath(names)} is a folder: only files have content`)
    if (found === undefined) throw new PathNotFoundError(`no file at ${describePath(names)} (version ${this.version})`)
    const file = found.entry as FsFile
    const start = range.start ?? 0
    const end = range.end ?? file.size
    // Not offsets at all: the caller's mistake, whatever the file holds (a start of 1.5 was told the range was not within it).
    for (const [side, offset] of [['start', start], ['end', end]] as const) {
      if (!Number.isSafeInteger(offset) || offset < 0) throw new InvalidArgumentError(`a byte range's ${side} is a whole number of bytes from 0 to 2^53 - 1, not ${String(offset)}`)
    }
    if (end < start || end > file.size) {
      throw new RangeNotSatisfiableError(`bytes [${start}, ${end}) are not a range within ${describePath(names)}, which holds ${file.size} bytes: 0 <= start <= end <= size`)
    }
    const kv = this.#kv
    // A read of the whole file also checks the content hash, the writer's statement that ETags rely on.
    const whole = start === 0 && end === file.size ? createHash('sha256') : undefined
    yield * pipe(
      chunksInRange(kv, file, start, end),
      (placed) => chunksInRuns(placed, this.#runChunks),
      (runs) => readAhead(runs, Math.max(1, Math.floor(this.#readAhead / this.#runChunks)), async (run) => {
        await options.hold?.(run.reduce((bytes, { ref }) => bytes + ref.length, 0))
        return { run, data: await readRun(kv, run) }
      }),
      async function * (runs) {
        for await (const { run, data } of runs) {
          for (const [i, { offset }] of run.entries()) {
            const chunk = data[i]!
            const part = chunk.subarray(Math.max(0, start - offset), Math.min(chunk.length, end - offset))
            whole?.update(part)
            yield part
          }
        }
      }
    )
    if (whole !== undefined && Buffer.compare(whole.digest(), file.contentHash) !== 0) {
      throw new BlobMismatchError(`the content of ${describePath(names)} does not hash to the content hash its entry gives: the entry is wrong`)
    }
  }

  /**
   * The children of a folder, in name order (UTF-8 bytes): the ones after
   * the name `after`, at most `limit`. Throws PathNotFoundError, or
   * NotADirectoryError for a file.
   */
  async readdir (path: string, options: { after?: string, limit?: number } = {}): Promise<FsStat[]> {
    const names = pathNames(path)
    await this.#requireFolder(names)
    const range = childrenRange(names)
    if (options.after !== undefined) {
      const after = pathNames(options.after)
      if (after.length !== 1) throw new PathError(`'after' is one name, not a path: ${JSON.stringify(options.after)}`)
      delete range.gte
      range.gt = keyOfPath([...names, after[0]!])
    }
    const entries = await this.#view.range({ ...range, ...(options.limit === undefined ? {} : { limit: options.limit }) })
    return entries.map((e) => statOf(pathOfKey(e.key), e))
  }

  /** Every child of a folder, in name order, read a page at a time. */
  async * list (path: string): AsyncGenerator<FsStat> {
    let after: string | undefined
    for (;;) {
      const page = await this.readdir(path, { limit: LIST_PAGE, ...(after === undefined ? {} : { after }) })
      yield * page
      if (page.length < LIST_PAGE) return
      after = page[page.length - 1]!.name
    }
  }

  async #requireFolder (names: string[]): Promise<void> {
    if (names.length === 0) return
    const found = await lookUp(this.#view, names)
    if (found === undefined) throw new PathNotFoundError(`no folder at ${describePath(names)} (version ${this.version})`)
    if (found.entry.type !== 'folder') throw new NotADirectoryError(`${describePath(names)} is a file, not a folder`)
  }
}

/** The reads of the file CAAPI, over any KvReader: a capsule followed read-only, local or remote. */
export class FileSystemReader {
  readonly kv: KvReader
  protected readonly readAheadDepth: number

  constructor (kv: KvReader, init: FileSystemInit = {}) {
    this.kv = kv
    this.readAheadDepth = init.readAhead ?? 64
    if (!Number.isSafeInteger(this.readAheadDepth) || this.readAheadDepth < 1) throw new InvalidArgumentError(`readAhead is a count of chunks, at least 1; got ${this.readAheadDepth}`)
  }

  /** The reads at a version or a time (the latest when absent). */
  async view (at?: KvAt): Promise<FsView> {
    return new FsView(this.kv, await this.kv.view(at), this.readAheadDepth)
  }

  async stat (path: string, options: { at?: KvAt } = {}): Promise<FsStat> {
    return await (await this.view(options.at)).stat(path)
  }

  /** A file's bytes (FsView.get), at a version or time if `at` is given. */
  async * get (path: string, options: FsByteRange & { at?: KvAt } = {}): AsyncGenerator<Uint8Array> {
    yield * (await this.view(options.at)).get(path, options)
  }

  async readdir (path: string, options: { at?: KvAt, after?: string, limit?: number } = {}): Promise<FsStat[]> {
    return await (await this.view(options.at)).readdir(path, options)
  }

  async * list (path: string, options: { at?: KvAt } = {}): AsyncGenerator<FsStat> {
    yield * (await this.view(options.at)).list(path)
  }

  /**
   * The paths below a folder (all of them, or its children with
   * `recursive: false`) whose entries differ between two versions or times,
   * grouped by folder. A folder that is a folder at both is not listed:
   * what changed in it is. All of them at once: `changes` gives them one
   * at a time, in bounded memory.
   */
  async diff (path: string, from: KvAt, to: KvAt, scope: FsScope = {}): Promise<FsChange[]> {
    const changes: FsChange[] = []
    for await (const change of this.changes(path, from, to, scope)) changes.push(change)
    return changes
  }

  /**
   * The changes `diff` lists, as they are found, holding a page at a time
   * (docs/files.md section 7). The two versions' entries below the folder
   * are compared side by side, a page of each at a time, which reads no
   * blob record, however many the span holds; once that has read more
   * entries than the span has records, or when a version's entries cannot
   * be read (a remote reader that cannot prove a past version), the rest of
   * the range is diffed from the records of the span instead (KvReader.diff).
   */
  async * changes (path: string, from: KvAt, to: KvAt, scope: FsScope = {}): AsyncGenerator<FsChange> {
    const names = pathNames(path)
    const [before, after] = await Promise.all([this.kv.view(from), this.kv.view(to)])
    const ranges = await diffRanges(names, before, after, scope)
    if (before.version === after.version) return
    for (const range of ranges) yield * this.#changesIn(before, after, range)
  }

  /** The changes of `changes` within one key range. */
  async * #changesIn (before: KvReadView, after: KvReadView, range: KeyRange): AsyncGenerator<FsChange> {
    // A short span (under 2 * DIFF_SCAN_FIRST_PAGE / DIFF_SCAN_ENTRIES_PER_RECORD records) is read at once: no entry is compared.
    const budget = DIFF_SCAN_ENTRIES_PER_RECORD * Math.abs(after.version - before.version)
    const compared = new StateComparison(before, after, range, budget)
    yield * compared.changes()
    if (compared.done) return
    // The rest, above the last key compared, from the records of the span: a page of keys at a time.
    for (let rest = compared.last === undefined ? range : rangeAbove(range, compared.last), more = true; more;) {
      const page = await this.kv.diff(before.version, after.version, rest, DIFF_PAGE)
      more = page.more && page.entries.length > 0
      if (more) rest = rangeAbove(range, page.entries.at(-1)!.key)
      for (const d of page.entries) {
        const change = changeOf(d.key, d.before, d.after)
        if (change !== undefined) yield change
      }
    }
  }

  /**
   * What each record after version `from` (default: the latest) writes
   * at a path, as records are appended, until `signal` aborts: below it
   * while it is a folder (its children only, with `recursive: false`), and
   * the path itself as it comes, goes, or changes kind, and each write of it
   * while it is a file. A folder written again below is one whose names
   * changed. Resume from the last event's `version`.
   */
  async * watch (path: string, options: FsScope & { from?: number, signal?: AbortSignal } = {}): AsyncGenerator<FsWatchEvent> {
    const names = pathNames(path)
    const from = options.from ?? (await this.kv.view()).version
    const below = boundsOf(scopeRange(names, options))
    // The path's own entry and what is below it lie in one range of its parent. Watched by what it was at `from` (a
    // folder's range, a file's key), a path that was nothing then, or that changed kind, said nothing of its writes.
    const ownKey = names.length === 0 ? undefined : keyOfPath(names)
    let ownKind = ownKey === undefined ? undefined : (await lookUp(await this.kv.view({ version: from }), names))?.entry.type
    const range = ownKey === undefined ? scopeRange(names, options) : subtreeRange(parentPath(names))
    const changes: AsyncGenerator<KvChange> = this.kv.watch(from, { range, ...(options.signal === undefined ? {} : { signal: options.signal }) })
    for await (const change of changes) {
      // A KvReader skips the records that write nothing in the range; a record it gives may also write elsewhere.
      const written: FsWatchEvent['changes'] = []
      for (const w of change.writes) {
        const own = ownKey !== undefined && compareKeys(w.key, ownKey) === 0
        if (!own && !inBounds(w.key, below)) continue
        const entryNames = pathOfKey(w.key)
        const stat = w.entry === undefined ? undefined : statOf(entryNames, w.entry)
        if (own) {
          // The watched folder written again only says its names changed, which the writes below it say; a delete
          // where nothing was (a key-value write may make one) changes nothing.
          const kind = stat?.type
          if (kind === ownKind && kind !== 'file') continue
          ownKind = kind
        }
        written.push(stat === undefined ? { path: joinPath(entryNames) } : { path: joinPath(entryNames), stat })
      }
      if (written.length > 0) yield { seqno: change.seqno, timestampUs: change.timestampUs, version: change.version, changes: written }
    }
  }
}

/** A write planned on one version: its operations and the conditions that keep it right at the tip. */
interface WritePlan {
  ops: KvOp[]
  conditions: KvCondition[]
}

const FOLDER_VALUE = encodeFsEntry({ type: 'folder' })
const putOp = (names: string[], value: Uint8Array): KvOp => ({ type: 'put', key: keyOfPath(names), value, encryptionEpoch: 0 })
const deleteOp = (names: string[]): KvOp => ({ type: 'delete', key: keyOfPath(names) })

/**
 * The file CAAPI with writes, over a KvWriter. Each write is one key-value
 * batch whose conditions hold it to the state it was planned on
 * (docs/files.md section 6): writes of this object wait for each other,
 * and one that loses a race with another writer is planned again.
 */
export class FileSystem extends FileSystemReader {
  readonly writer: KvWriter
  readonly #lookupTurn: FileSystemInit['lookupTurn']
  #lastWrite: Promise<unknown> = Promise.resolve()

  constructor (kv: KvWriter, init: FileSystemInit = {}) {
    super(kv, init)
    this.writer = kv
    this.#lookupTurn = init.lookupTurn
  }

  /**
   * Stores a file from a stream, in content-defined chunks, storing only
   * chunks the capsule does not hold yet, in appends of at most 4 MiB; the
   * entry is written last, so the file appears once all of it is stored,
   * and a stream that fails stores no entry. Creates missing parent
   * folders. Throws IsADirectoryError for a folder's path, NotADirectoryError
   * when a parent is a file; both are checked before any byte is stored.
   */
  async put (path: string, content: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: FsPutOptions = {}): Promise<FsPutResult> {
    const names = newPathNames(path)
    if (names.length === 0) throw new IsADirectoryError('the root folder is a folder: a put needs a file path')
    await this.#placeFile(await this.kv.view(), names, options.precondition)
    const whole = createHash('sha256')
    let size = 0
    // The pages of the tree are looked up as its chunks are, in the same turns: a page's lookup outside them took one
    // more than the gateway's bound allowed (CI saw 257 of 256).
    const findBlob = async (hash: Uint8Array): Promise<number | undefined> => {
      const end = await this.#lookupTurn?.()
      try {
        return await this.writer.findBlob(hash)
      } finally {
        end?.()
      }
    }
    const tree = new ChunkTreeWriter(this.writer, findBlob)
    let receipt: KvWriteReceipt | undefined
    try {
      await pipe(
        content,
        async function * (pieces) {
          for await (const piece of pieces) {
            options.signal?.throwIfAborted()
            whole.update(piece)
            size += piece.length
            yield piece
          }
        },
        // Each chunk in a buffer with room for its blob record's head: encoded where it lies, not copied.
        async function * (pieces) { yield * chunkContent(pieces, nativeCutPoint() ?? cutPoint, blobBuffer) },
        (chunks) => readAhead(chunks, this.readAheadDepth, async (data): Promise<HashedChunk> => {
          const hash = sha256(data)
          const found = await findBlob(hash)
          return found === undefined ? { data, hash } : { data, hash, found }
        }),
        async (hashed) => { for await (const chunk of hashed) await tree.addChunk(chunk) }
      )
      const top = await tree.finish()
      const value = encodeFsEntry({ type: 'file', size, contentHash: whole.digest(), height: top.height, refs: top.refs })
      receipt = await this.#write(async (view) => {
        const plan = await this.#placeFile(view, names, options.precondition)
        plan.ops.push(putOp(names, value))
        return plan
      })
    } catch (err) {
      throw refusedPartWay(err, tree.stored)
    }
    // A put always writes its entry, so there is a receipt.
    const file = await (await this.view({ version: receipt!.version })).stat(path) as FsFileStat
    return { file, stored: tree.stored, receipt: receipt! }
  }

  /**
   * Makes a folder; with `parents`, its missing parents too, and an
   * existing folder is no error. Throws PathExistsError (something is at
   * the path), PathNotFoundError (no parent, without `parents`),
   * NotADirectoryError (a parent is a file).
   */
  async mkdir (path: string, options: { parents?: boolean } = {}): Promise<FsFolderStat> {
    const names = newPathNames(path)
    const parents = options.parents ?? false
    if (names.length === 0) {
      if (parents) return rootStat()
      throw new PathExistsError('the root folder always exists')
    }
    const receipt = await this.#write(async (view) => {
      const found = await lookUp(view, names)
      if (found?.entry.type === 'file') throw new PathExistsError(`${describePath(names)} is a file: a folder cannot be made there`)
      if (found !== undefined) {
        if (parents) return { ops: [], conditions: [] }
        throw new PathExistsError(`the folder ${describePath(names)} exists already`)
      }
      const plan = await this.#addName(view, names, parents)
      plan.ops.push(putOp(names, FOLDER_VALUE))
      plan.conditions.push({ key: keyOfPath(names), absent: true })
      return plan
    })
    return await (await this.view(receipt === undefined ? undefined : { version: receipt.version })).stat(path) as FsFolderStat
  }

  /**
   * Deletes a file, an empty folder, or with `recursive` a folder and
   * everything below it (at most MAX_DELETE_ENTRIES, in one batch: a
   * larger folder is refused with FolderTooLargeError). Throws
   * PathNotFoundError, DirectoryNotEmptyError, PathError for the root.
   * `precondition` sees the file deleted (undefined for a folder, or
   * nothing there) on the version the delete is written at, and throws to
   * refuse it: a compare-and-delete.
   */
  async delete (path: string, options: { recursive?: boolean, precondition?: (deleted: FsFileStat | undefined) => void } = {}): Promise<KvWriteReceipt> {
    const names = pathNames(path)
    if (names.length === 0) throw new PathError('the root folder cannot be deleted (delete what it holds instead)')
    const receipt = await this.#write(async (view) => {
      const found = await lookUpToReplace(view, names)
      options.precondition?.(fileReplaced(names, found))
      if (found === undefined) throw new PathNotFoundError(`nothing to delete at ${describePath(names)}`)
      const plan = await this.#removeName(view, names)
      plan.ops.push(deleteOp(names))
      plan.conditions.push({ key: keyOfPath(names), seqno: found.kv.seqno })
      if (found.entry?.type !== 'folder') return plan
      const below = await view.count(subtreeRange(names))
      if (below > 0 && options.recursive !== true) {
        throw new DirectoryNotEmptyError(`the folder ${describePath(names)} holds ${below} ${below === 1 ? 'entry' : 'entries'}: delete ${below === 1 ? 'it' : 'them'} first, or delete ${withOption('recursive')}`)
      }
      if (below + 1 > MAX_DELETE_ENTRIES) {
        throw new FolderTooLargeError(`deleting ${describePath(names)} removes ${below + 1} entries; one delete removes at most ${MAX_DELETE_ENTRIES} (one key-value batch of ${MAX_BATCH_OPS} operations): delete what it holds in parts first (a subfolder, or some of its files, at a time)`)
      }
      for (const e of await view.range(subtreeRange(names))) {
        plan.ops.push({ type: 'delete', key: e.key })
        // A folder below must keep its names until the delete: a name added since would be left without a parent.
        if (isFolderEntry(e)) plan.conditions.push({ key: e.key, seqno: e.seqno })
      }
      return plan
    })
    return receipt!
  }

  /**
   * Moves a file or a folder with everything below it (at most
   * MAX_RENAME_ENTRIES entries, in one batch; a larger folder is refused
   * with FolderTooLargeError). The new path's parent must be a folder; a
   * file already there is replaced only with `replace`, and only by a
   * file. Throws PathNotFoundError, PathExistsError, NotADirectoryError,
   * PathError (the root, or a folder into itself).
   */
  async rename (from: string, to: string, options: { replace?: boolean } = {}): Promise<KvWriteReceipt | undefined> {
    const source = pathNames(from)
    const target = newPathNames(to)
    if (source.length === 0 || target.length === 0) throw new PathError('the root folder cannot be moved, nor anything moved onto it')
    if (joinPath(source) === joinPath(target)) {
      // Nothing to write, but only if there is something there: a missing path is not found, whatever its new name.
      if (await lookUp(await this.kv.view(), source) === undefined) throw new PathNotFoundError(`nothing to move at ${describePath(source)}`)
      return undefined
    }
    return await this.#write(async (view) => {
      const moving = await lookUp(view, source)
      if (moving === undefined) throw new PathNotFoundError(`nothing to move at ${describePath(source)}`)
      // A file below itself has a file for its parent: NotADirectoryError, as any path below a file.
      if (moving.entry.type === 'folder' && joinPath(target).startsWith(`${joinPath(source)}/`)) {
        throw new PathError(`${describePath(source)} cannot move into itself (${describePath(target)})`)
      }
      const plan = await this.#removeName(view, source)
      const existing = await lookUp(view, target)
      if (existing === undefined) {
        const added = await this.#addName(view, target, false)
        // Both parents may be one folder, written once.
        const planned = (key: Uint8Array): boolean => plan.ops.some((op) => Buffer.compare(op.key, key) === 0)
        plan.conditions.push(...added.conditions.filter((c) => !planned(c.key)), { key: keyOfPath(target), absent: true })
        plan.ops.push(...added.ops.filter((op) => !planned(op.key)))
      } else if (existing.entry.type === 'file' && moving.entry.type === 'file' && options.replace === true) {
        plan.conditions.push({ key: keyOfPath(target), seqno: existing.kv.seqno })
      } else {
        throw new PathExistsError(`${describePath(target)} exists already${existing.entry.type === 'file' && moving.entry.type === 'file' ? `: to overwrite it, rename ${withOption('replace')}` : ''}`)
      }
      const moved: Array<{ names: string[], entry: KvEntry }> = [{ names: source, entry: moving.kv }]
      if (moving.entry.type === 'folder') {
        const below = await view.count(subtreeRange(source))
        if (below + 1 > MAX_RENAME_ENTRIES) {
          throw new FolderTooLargeError(`moving ${describePath(source)} moves ${below + 1} entries; one rename moves at most ${MAX_RENAME_ENTRIES} (one key-value batch of ${MAX_BATCH_OPS} operations): move what it holds in parts first (a subfolder, or some of its files, at a time)`)
        }
        for (const e of await view.range(subtreeRange(source))) moved.push({ names: pathOfKey(e.key), entry: e })
      }
      for (const { names, entry } of moved) {
        const newNames = [...target, ...names.slice(source.length)]
        // A longer name makes every path below it longer: one past the limit would be a key no reader takes.
        try {
          pathNames(joinPath(newNames))
        } catch (err) {
          if (err instanceof PathError) throw new PathError(`moving ${describePath(source)} to ${describePath(target)}: ${err.message}`)
          throw err
        }
        plan.ops.push(deleteOp(names), putOp(newNames, entry.value))
        plan.conditions.push({ key: entry.key, seqno: entry.seqno })
      }
      return plan
    })
  }

  /**
   * Runs one write: plans it on the latest version and appends it with its
   * conditions, planning it again when it lost a race to another writer
   * (COMMIT_ATTEMPTS plans in all). Undefined when there was nothing to
   * write.
   */
  async #write (plan: (view: KvReadView) => Promise<WritePlan>): Promise<KvWriteReceipt | undefined> {
    const run = this.#lastWrite.then(async () => {
      for (let attempt = 1; ; attempt++) {
        const { ops, conditions } = await plan(await this.kv.view())
        if (ops.length === 0) return undefined
        try {
          return await this.writer.batch(ops, conditions)
        } catch (err) {
          if (!LOST_RACE.has((err as Error).name)) throw err
          // Lost every time: one error whatever the last race was lost to (another writer's append moved the tip, or changed an entry).
          if (attempt === COMMIT_ATTEMPTS) throw new ConditionFailedError(`${COMMIT_ATTEMPTS} plans of this write each lost a race to another writer; the last: ${(err as Error).message}`, { cause: err })
        }
      }
    })
    this.#lastWrite = run.catch(() => {})
    return await run
  }

  /**
   * The plan of a file at `names`: its missing parents, a file there to
   * overwrite, or nothing there yet; `precondition` sees the file it
   * replaces (the plan's conditions hold that entry to the write).
   */
  async #placeFile (view: KvReadView, names: string[], precondition?: FsPutOptions['precondition']): Promise<WritePlan> {
    const found = await lookUpToReplace(view, names)
    if (found?.entry?.type === 'folder') throw new IsADirectoryError(`${describePath(names)} is a folder: a file cannot be put there`)
    precondition?.(fileReplaced(names, found))
    if (found !== undefined) return { ops: [], conditions: [{ key: keyOfPath(names), seqno: found.kv.seqno }] }
    const plan = await this.#addName(view, names, true)
    plan.conditions.push({ key: keyOfPath(names), absent: true })
    return plan
  }

  /**
   * What adding a name at `names` takes besides its own entry: the missing
   * parent folders (when `parents`, else PathNotFoundError), and the
   * deepest existing one written again, since its names change. Its
   * condition also holds every folder above it: moving or deleting any of
   * them deletes its entry.
   */
  async #addName (view: KvReadView, names: string[], parents: boolean): Promise<WritePlan> {
    const plan: WritePlan = { ops: [], conditions: [] }
    const folder = parentPath(names)
    let depth = folder.length
    // From the parent up to the first folder that exists (usually the parent itself).
    for (; depth > 0; depth--) {
      const ancestor = folder.slice(0, depth)
      const found = await lookUp(view, ancestor)
      if (found === undefined) continue
      if (found.entry.type === 'file') throw new NotADirectoryError(`${describePath(ancestor)} is a file, so ${describePath(names)} cannot be made below it`)
      plan.ops.push(putOp(ancestor, FOLDER_VALUE))
      plan.conditions.push({ key: keyOfPath(ancestor), seqno: found.kv.seqno })
      break
    }
    if (depth < folder.length && !parents) throw new PathNotFoundError(`the folder ${describePath(folder)} does not exist (make it first, or with parents)`)
    for (let d = depth + 1; d <= folder.length; d++) {
      const missing = folder.slice(0, d)
      plan.ops.push(putOp(missing, FOLDER_VALUE))
      plan.conditions.push({ key: keyOfPath(missing), absent: true })
    }
    return plan
  }

  /** What removing the name at `names` takes besides its own delete: its parent folder written again. */
  async #removeName (view: KvReadView, names: string[]): Promise<WritePlan> {
    const folder = parentPath(names)
    if (folder.length === 0) return { ops: [], conditions: [] }
    const found = await lookUp(view, folder)
    // A parent always exists while the namespace keeps its rules; a capsule written otherwise is still readable and writable.
    if (found?.entry.type !== 'folder') return { ops: [], conditions: [] }
    return { ops: [putOp(folder, FOLDER_VALUE)], conditions: [{ key: keyOfPath(folder), seqno: found.kv.seqno }] }
  }
}

/**
 * A full disk's refusal of a put that had appended some of the file's
 * blobs already: said so, in place of the store's "nothing of this request
 * was stored", which is true of the last append only. Other errors as they are.
 */
function refusedPartWay (err: unknown, stored: StoredBlobs): unknown {
  if (stored.blobs === 0) return err
  const note = `${PARTLY_STORED_FILE}: ${stored.blobs} blobs of it (${stored.bytes} bytes) appended before the disk filled stay in the capsule, unreferenced, and a put of the same bytes does not store them again`
  if (err instanceof StoreFullError) return new StoreFullError(`${err.message}; ${note}`, { cause: err })
  if (err instanceof RequestRefusedError && err.reason === 'STORE_FULL') {
    return new RequestRefusedError('STORE_FULL', storeFullDetail(new StoreFullError(`${err.message}; ${note}`)), undefined, undefined, undefined, err.from)
  }
  return err
}

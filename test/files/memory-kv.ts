/**
 * A KvWriter in memory for the tests of the file CAAPI and the gateway,
 * built on the reference model (src/kv/model.ts) so that it answers as a
 * key-value capsule must, with the condition checks and records of
 * src/kv/changes.ts. Blob data is kept apart from the model: in a Map by
 * default, or in a temporary file for tests that store more than memory
 * should hold.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256 } from '../../src/crypto/hash.js'
import { InvalidArgumentError, RecordNotFoundError } from '../../src/errors.js'
import type { KvChange, KvCondition, KvReadView, KvWriteReceipt, KvWriter } from '../../src/kv/api.js'
import { checkConditions, factsOf, kvWriteOf, KvBatchWriter } from '../../src/kv/changes.js'
import { boundsOf, inBounds, type KeyRange, type KvOp } from '../../src/kv/format.js'
import { checkPage, diffBytes, entryBytes, historyBytes, KvModel, pager, type KvAt, type KvDiffPage, type KvPageOptions } from '../../src/kv/model.js'

/** Where a MemoryKv keeps the data of its blob records. */
export interface BlobStorage {
  write: (seqno: number, data: Uint8Array) => void
  read: (seqno: number) => Uint8Array
  close: () => void
}

export class MapBlobStorage implements BlobStorage {
  readonly #data = new Map<number, Uint8Array>()
  write (seqno: number, data: Uint8Array): void { this.#data.set(seqno, new Uint8Array(data)) }
  read (seqno: number): Uint8Array { return this.#data.get(seqno)! }
  close (): void { this.#data.clear() }
}

/** Blob data in a temporary file, so that the test process holds none of it. */
export class FileBlobStorage implements BlobStorage {
  readonly #dir = mkdtempSync(join(tmpdir(), 'gdp-files-blobs-'))
  readonly #fd = openSync(join(this.#dir, 'blobs'), 'w+')
  readonly #places = new Map<number, { offset: number, length: number }>()
  #end = 0

  write (seqno: number, data: Uint8Array): void {
    writeSync(this.#fd, data, 0, data.length, this.#end)
    this.#places.set(seqno, { offset: this.#end, length: data.length })
    this.#end += data.length
  }

  read (seqno: number): Uint8Array {
    const place = this.#places.get(seqno)!
    const data = new Uint8Array(place.length)
    readSync(this.#fd, data, 0, place.length, place.offset)
    return data
  }

  close (): void {
    closeSync(this.#fd)
    rmSync(this.#dir, { recursive: true, force: true })
  }
}

/** One append as the capsule would see it: a write (its operations, and its record's bytes), or a group of blobs and their data's bytes. */
export type MemoryAppend = { type: 'batch', ops: number, bytes: number } | { type: 'blobs', count: number, bytes: number }

export interface MemoryKvOptions {
  /** The capsule's name (default 32 bytes of 0x66). */
  name?: Uint8Array
  /** Where blob data goes (default a Map). */
  blobs?: BlobStorage
  /**
   * Record timestamps: 'fixed' (default) counts up by 1 ms from 2026-01-01,
   * so file tests are repeatable; 'wall' follows the real clock (strictly
   * increasing), for reads at a time given as now.
   */
  clock?: 'fixed' | 'wall'
}

export class MemoryKv extends KvBatchWriter implements KvWriter {
  readonly name: Uint8Array
  readonly model = new KvModel()
  /** Every append, in order. */
  readonly appends: MemoryAppend[] = []
  readonly #blobs: BlobStorage
  readonly #blobSeqnos = new Map<string, number>()
  readonly #isBlob = new Set<number>()
  readonly #changes: KvChange[] = []
  readonly #wallClock: boolean
  #clock = 1_767_225_600_000_000
  #appended = MemoryKv.#signal()
  #watchers = 0

  constructor (options: MemoryKvOptions = {}) {
    super()
    this.name = options.name ?? new Uint8Array(32).fill(0x66)
    this.#blobs = options.blobs ?? new MapBlobStorage()
    this.#wallClock = options.clock === 'wall'
  }

  /** How many are waiting in watch() for the next append: a watch that ended is not among them. */
  get watchers (): number { return this.#watchers }

  /** Bytes of blob data appended so far. */
  get blobBytes (): number {
    return this.appends.reduce((sum, a) => sum + (a.type === 'blobs' ? a.bytes : 0), 0)
  }

  close (): void { this.#blobs.close() }

  /** Stamps the records appended from now on from `us` (µs since 1970) on, or from the wall clock if later ('wall'): a writer whose clock runs ahead. */
  setClock (us: number): void { this.#clock = us - 1 }

  async view (at?: KvAt): Promise<KvReadView> {
    const view = this.model.view(at)
    return {
      version: view.version,
      get: async (key) => view.get(key),
      range: async (options) => view.range(options),
      rangePage: async (options) => {
        checkPage(options)
        const page = pager(options, entryBytes)
        const { maxBytes: _maxBytes, limit: _limit, ...range } = options
        for (const entry of view.range(range)) if (!page.add(entry)) return { entries: page.items, more: true }
        return { entries: page.items, more: false }
      },
      prefix: async (prefix, options) => view.prefix(prefix, options),
      count: async (range) => view.count(range),
      history: async (key, options = {}) => {
        // As the store's index and a remote one refuse it.
        const fromSeqno = options.fromSeqno ?? 0
        if (!Number.isSafeInteger(fromSeqno) || fromSeqno < 0) throw new InvalidArgumentError(`a history starts at a seqno, a whole number, not ${fromSeqno}`)
        const page = pager(options, historyBytes)
        for (const w of view.history(key).filter((w) => w.seqno >= fromSeqno)) if (!page.add(w)) return { writes: page.items, more: true }
        return { writes: page.items, more: false }
      }
    }
  }

  async diff (from: number, to: number, range: KeyRange = {}, options: KvPageOptions = {}): Promise<KvDiffPage> {
    const bounds = boundsOf(range)
    const page = pager(options, diffBytes)
    for (const d of this.model.diff({ version: from }, { version: to }).filter((d) => inBounds(d.key, bounds))) if (!page.add(d)) return { entries: page.items, more: true }
    return { entries: page.items, more: false }
  }

  async * watch (from: number, options: { range?: KeyRange, signal?: AbortSignal } = {}): AsyncGenerator<KvChange> {
    const bounds = boundsOf(options.range ?? {})
    const { signal } = options
    const aborted = (): boolean => signal?.aborted === true
    let next = from
    while (!aborted()) {
      const waiting = this.#appended.promise
      for (const change of this.#changes.filter((c) => c.seqno >= next)) {
        next = change.version
        const writes = change.writes.filter((w) => inBounds(w.key, bounds))
        if (writes.length > 0) yield { ...change, writes }
        if (aborted()) return
      }
      this.#watchers++
      await new Promise<void>((resolve) => {
        const done = (): void => { signal?.removeEventListener('abort', done); resolve() }
        signal?.addEventListener('abort', done, { once: true })
        void waiting.then(done)
      }).finally(() => { this.#watchers-- })
    }
  }

  /** Counts reads of blob runs, as a capsule behind the overlay would count requests. */
  blobReads = 0

  async blobs (from: number, to: number): Promise<Uint8Array[]> {
    this.blobReads++
    const out: Uint8Array[] = []
    for (let seqno = from; seqno < to; seqno++) {
      if (!this.#isBlob.has(seqno)) throw new RecordNotFoundError(`no blob record ${seqno} in this capsule`)
      out.push(this.#blobs.read(seqno))
    }
    return out
  }

  async findBlob (hash: Uint8Array): Promise<number | undefined> {
    return this.#blobSeqnos.get(Buffer.from(hash).toString('hex'))
  }

  override async batch (ops: KvOp[], conditions: KvCondition[] = []): Promise<KvWriteReceipt> {
    const { record, payload, applied } = kvWriteOf(ops, conditions)
    const view = this.model.view()
    await checkConditions(async (key) => factsOf(view.get(key)), conditions)
    const seqno = this.model.version
    const timestampUs = this.#tick()
    this.model.apply({ seqno, timestampUs, record })
    this.#changes.push({
      seqno,
      timestampUs,
      version: seqno + 1,
      // Not a capsule record's hash (there is no capsule here), but as it is: distinct for each change.
      recordHash: sha256(Buffer.concat([Buffer.from(`${seqno}:`), payload])),
      writes: applied.map((op) => op.type === 'put' ? { key: op.key, entry: { key: op.key, value: op.value, encryptionEpoch: op.encryptionEpoch, seqno, timestampUs } } : { key: op.key })
    })
    this.appends.push({ type: 'batch', ops: applied.length, bytes: payload.length })
    this.#notify()
    return { seqno, version: seqno + 1, checkpointed: false }
  }

  async appendBlobs (data: Uint8Array[]): Promise<number[]> {
    if (data.length === 0) throw new InvalidArgumentError('appendBlobs of nothing')
    const timestampUs = this.#tick()
    const seqnos = data.map((d) => {
      const seqno = this.model.version
      // The model would keep a copy of the data; it is the storage's to keep (a file, for the large tests).
      this.model.apply({ seqno, timestampUs, record: { type: 'blob', data: new Uint8Array(0) } })
      this.#blobs.write(seqno, d)
      this.#isBlob.add(seqno)
      const key = Buffer.from(sha256(d)).toString('hex')
      if (!this.#blobSeqnos.has(key)) this.#blobSeqnos.set(key, seqno)
      return seqno
    })
    this.appends.push({ type: 'blobs', count: data.length, bytes: data.reduce((sum, d) => sum + d.length, 0) })
    this.#notify()
    return seqnos
  }

  /** Test hook: replaces the stored data of a blob, as a damaged disk or a lying server would. */
  corruptBlob (seqno: number, data: Uint8Array): void {
    this.#blobs.write(seqno, data)
  }

  #tick (): number {
    this.#clock = this.#wallClock ? Math.max(this.#clock + 1, Date.now() * 1000) : this.#clock + 1000
    return this.#clock
  }

  #notify (): void {
    this.#appended.resolve()
    this.#appended = MemoryKv.#signal()
  }

  /** A promise to wake watchers at the next append. */
  static #signal (): { promise: Promise<void>, resolve: () => void } {
    let resolve!: () => void
    const promise = new Promise<void>((r) => { resolve = r })
    return { promise, resolve }
  }
}

// docs/files.md section 7, diff: what a diff reads. It compares the two
// versions' entries side by side, so a span full of blob records (a large
// file's chunks) costs nothing more than the entries below the folder; a
// folder much larger than the span is diffed from the span's records
// instead, and a reader that cannot read a past version's entries (a remote
// one that cannot prove it) falls back to the records too. Either way the
// answer is the same one.
import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { KvProofUnavailableError } from '../../src/errors.js'
import { FileSystem, FileSystemReader, type FsChange } from '../../src/files/file-system.js'
import { encodeFsEntry, filesAppFields } from '../../src/files/format.js'
import { keyOfPath } from '../../src/files/path.js'
import type { KvReader, KvReadView, KvWriter } from '../../src/kv/api.js'
import type { KeyRange, KvOp } from '../../src/kv/format.js'
import { LocalKv } from '../../src/kv/local.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { seededBytes, tempDir } from '../helpers.js'
import { MemoryKv } from './memory-kv.js'

const b = (text: string): Uint8Array => new Uint8Array(Buffer.from(text))

async function * piecesOf (data: Uint8Array, size = 1 << 20): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size)
}

/** What a diff asked of its KvReader. */
interface Reads {
  /** KvReader.diff calls: their span (records read, each time) and range. */
  diffs: Array<{ records: number, range: KeyRange }>
  /** Entries range scans brought. */
  entries: number
  /** Blob records read. */
  blobs: number
}

const recordsRead = (reads: Reads): number => reads.diffs.reduce((sum, d) => sum + d.records, 0)

/**
 * A KvReader that counts what is read through it; with `unprovable`, range
 * scans of any version but the latest throw KvProofUnavailableError, as a
 * remote reader's do when the server cannot prove that version.
 */
function counting (kv: KvReader, options: { unprovable?: boolean } = {}): { reader: KvReader, reads: Reads } {
  const reads: Reads = { diffs: [], entries: 0, blobs: 0 }
  const reader: KvReader = {
    name: kv.name,
    view: async (at) => {
      const view = await kv.view(at)
      const latest = (await kv.view()).version
      const counted: KvReadView = {
        version: view.version,
        get: async (key) => await view.get(key),
        range: async (scan) => {
          if (options.unprovable === true && view.version !== latest) throw new KvProofUnavailableError(`no checkpoint covers version ${view.version}`)
          const entries = await view.range(scan)
          reads.entries += entries.length
          return entries
        },
        rangePage: async (scan) => {
          const page = await view.rangePage(scan)
          reads.entries += page.entries.length
          return page
        },
        prefix: async (prefix, scan) => await view.prefix(prefix, scan),
        count: async (range) => await view.count(range),
        history: async (key, page) => await view.history(key, page)
      }
      return counted
    },
    diff: async (from, to, range, page) => {
      reads.diffs.push({ records: Math.abs(to - from), range: range ?? {} })
      return await kv.diff(from, to, range, page)
    },
    watch: (from, watchOptions) => kv.watch(from, watchOptions),
    blobs: async (from, to) => {
      reads.blobs += to - from
      return await kv.blobs(from, to)
    },
    findBlob: async (hash) => await kv.findBlob(hash)
  }
  return { reader, reads }
}

const brief = (changes: FsChange[]): string[] => changes.map((c) => `${c.change} ${c.path} ${c.before?.seqno ?? '-'} ${c.after?.seqno ?? '-'}`)

/** The diff as the records of the span give it (every version's entries unreadable), to hold the others to. */
async function fromRecords (kv: KvReader, path: string, from: number, to: number, recursive?: boolean): Promise<FsChange[]> {
  return await new FileSystemReader(counting(kv, { unprovable: true }).reader).diff(path, { version: from }, { version: to }, recursive === undefined ? {} : { recursive })
}

/** Empty files below `folder`, `count` of them, written directly in batches of 10,000. */
async function fillFolder (kv: KvWriter, folder: string, count: number): Promise<void> {
  const empty = encodeFsEntry({ type: 'file', size: 0, contentHash: createHash('sha256').digest(), height: 0, refs: [] })
  const ops: KvOp[] = [{ type: 'put', key: keyOfPath([folder]), value: encodeFsEntry({ type: 'folder' }), encryptionEpoch: 0 }]
  for (let i = 0; i < count; i++) ops.push({ type: 'put', key: keyOfPath([folder, `f${String(i).padStart(5, '0')}`]), value: empty, encryptionEpoch: 0 })
  for (let at = 0; at < ops.length; at += 10_000) await kv.batch(ops.slice(at, at + 10_000))
}

let storeDir: ReturnType<typeof tempDir>
let store: CapsuleStore
beforeAll(async () => {
  storeDir = tempDir('gdp-files-diff-')
  store = await CapsuleStore.open({ path: storeDir.path })
})
afterAll(async () => {
  await store.close()
  storeDir.cleanup()
})

let clock = 1_767_225_600_000_000
async function newLocalKv (): Promise<LocalKv> {
  const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: clock, appFields: filesAppFields(), nonce: randomBytes(16) })
  await store.create(signMetadata(metadata, signer))
  return await LocalKv.open(store, capsuleName(metadata), { signer, clock: () => (clock += 1000) })
}

describe('FileSystemReader.diff: what it reads', () => {
  it('answers as the records of the span do, for every pair of versions of a history of puts, mkdirs, renames and deletes', async () => {
    const kv = new MemoryKv()
    const fs = new FileSystem(kv)
    const versions = [0]
    // Each step ends with 64 blob records (as a file's chunks would be): a span the entries are compared across.
    const mark = async (): Promise<void> => {
      await kv.appendBlobs(Array.from({ length: 64 }, (_, i) => b(`blob ${versions.length} ${i}`)))
      versions.push((await kv.view()).version)
    }
    await fs.put('a/one.txt', [b('one')]); await mark()
    await fs.put('a/b/two.txt', [b('two')]); await fs.mkdir('c'); await mark()
    await fs.put('a/one.txt', [b('one')]); await mark() // the same content: an equal entry, no change
    await fs.put('a/one.txt', [b('uno')]); await fs.put('c/d/three.txt', [b('three')]); await mark()
    await fs.rename('a/b', 'c/b'); await mark()
    await fs.delete('a/one.txt'); await fs.put('a/one.txt/x', [b('x')]); await mark()
    await fs.delete('c', { recursive: true }); await fs.put('c', [b('c is a file now')]); await mark()
    await fs.put('big.bin', piecesOf(seededBytes(600_000, 3))); await mark()
    let compared = 0
    for (const from of versions) {
      for (const to of versions) {
        for (const folder of ['', 'a', 'c', 'c/b', 'a/one.txt']) {
          for (const recursive of [undefined, false]) {
            const { reader, reads } = counting(kv)
            const scope = recursive === undefined ? {} : { recursive }
            const expected = await fromRecords(kv, folder, from, to, recursive).catch((err: Error) => err)
            if (expected instanceof Error) {
              // A path at neither version (a mistyped folder) is refused, not diffed as one where nothing changed.
              expect(expected.name).toBe('PathNotFoundError')
              await expect(new FileSystemReader(reader).diff(folder, { version: from }, { version: to }, scope)).rejects.toThrow(expected.message)
              compared++
              continue
            }
            const diff = await new FileSystemReader(reader).diff(folder, { version: from }, { version: to }, scope)
            expect(brief(diff), `${folder} ${from}..${to} ${String(recursive)}`).toEqual(brief(expected))
            // Small folders: compared entry by entry, no record of the span read.
            expect(recordsRead(reads), `${folder} ${from}..${to}`).toBe(0)
            compared++
          }
        }
      }
    }
    expect(compared).toBe(versions.length ** 2 * 10)
    const last = versions.at(-1)!
    expect((await fs.diff('', { version: 0 }, { version: last })).map((c) => `${c.change} ${c.path}`)).toEqual(['added a', 'added big.bin', 'added c', 'added a/one.txt', 'added a/one.txt/x'])
  })

  it('reads no record of a span full of a large file\'s blob records: the cost follows the entries, not the records', async () => {
    const kv = await newLocalKv()
    const fs = new FileSystem(kv)
    await fs.put('first.txt', [b('first')])
    const from = (await kv.view()).version
    await fs.put('big/data.bin', piecesOf(seededBytes(12 << 20, 7)))
    for (let i = 0; i < 40; i++) await fs.put(`small/f${i}.txt`, [b(`file ${i}`)])
    await fs.put('first.txt', [b('first, edited')])
    const to = (await kv.view()).version
    expect(to - from).toBeGreaterThan(200) // some 170 blob records, and the puts

    // Records the index reads from the store, whatever asks for them.
    const capsule = kv.index.capsule
    const readRange = capsule.readRange.bind(capsule)
    let storeRecords = 0
    capsule.readRange = async function * (start: number, end?: number) {
      for await (const record of readRange(start, end)) {
        storeRecords++
        yield record
      }
    }
    try {
      const { reader, reads } = counting(kv)
      const diff = await new FileSystemReader(reader).diff('', { version: from }, { version: to })
      expect(diff.map((c) => `${c.change} ${c.path}`)).toEqual(['added big', 'changed first.txt', 'added small', 'added big/data.bin', ...Array.from({ length: 40 }, (_, i) => `added small/f${i}.txt`).sort()])
      expect(recordsRead(reads)).toBe(0)
      expect(reads.blobs).toBe(0)
      expect(storeRecords).toBe(0)
      // Entries: the few the two versions hold (and the folders'), not one per record.
      expect(reads.entries).toBeLessThan(2 * 45)
      expect(brief(diff)).toEqual(brief(await fromRecords(kv, '', from, to)))
    } finally {
      capsule.readRange = readRange
      await kv.index.storeTree()
    }
  })

  it('diffs a folder far larger than the span from the span\'s records, after a bounded number of entries, and streams the changes', async () => {
    const kv = new MemoryKv()
    await fillFolder(kv, 'huge', 5000)
    const fs = new FileSystem(kv)
    const from = (await kv.view()).version
    await fs.put('huge/f00010', [b('early')])
    await kv.appendBlobs(Array.from({ length: 100 }, (_, i) => b(`blob ${i}`)))
    await fs.put('huge/f04500', [b('late')])
    await fs.delete('huge/f04999')
    const to = (await kv.view()).version
    const { reader, reads } = counting(kv)
    const seen: string[] = []
    for await (const change of new FileSystemReader(reader).changes('huge', { version: from }, { version: to })) seen.push(`${change.change} ${change.path}`)
    expect(seen).toEqual(['changed huge/f00010', 'changed huge/f04500', 'removed huge/f04999'])
    // A page of each version compared (the early change found there), then the rest, above the last key compared, from the records.
    expect(reads.entries).toBeLessThanOrEqual(2000)
    expect(reads.diffs.length).toBe(1)
    expect(reads.diffs[0]!.records).toBe(to - from)
    expect(reads.diffs[0]!.range.gt).toBeDefined()
    expect(brief(await new FileSystemReader(kv).diff('huge', { version: from }, { version: to }))).toEqual(brief(await fromRecords(kv, 'huge', from, to)))
  })

  it('reads a short span\'s records at once, and falls back to them when a past version\'s entries cannot be read (a remote reader that cannot prove them)', async () => {
    const kv = new MemoryKv()
    const fs = new FileSystem(kv)
    await fs.put('a.txt', [b('a')])
    const from = (await kv.view()).version
    await fs.put('a.txt', [b('b')])
    await fs.put('n/new.txt', [b('new')])
    const to = (await kv.view()).version
    const { reader, reads } = counting(kv, { unprovable: true })
    const diff = await new FileSystemReader(reader).diff('', { version: from }, { version: to })
    expect(diff.map((c) => `${c.change} ${c.path}`)).toEqual(['changed a.txt', 'added n', 'added n/new.txt'])
    expect(reads.diffs.map((d) => d.range.gt)).toEqual([undefined])
    await kv.appendBlobs(Array.from({ length: 100 }, (_, i) => b(`blob ${i}`)))
    const later = (await kv.view()).version
    const short = counting(kv)
    expect((await new FileSystemReader(short.reader).diff('', { version: from }, { version: to })).map((c) => c.path)).toEqual(['a.txt', 'n', 'n/new.txt'])
    expect(short.reads.entries).toBe(0)
    expect(short.reads.diffs.length).toBe(1)
    const unprovable = counting(kv, { unprovable: true })
    expect((await new FileSystemReader(unprovable.reader).diff('', { version: from }, { version: later })).map((c) => c.path)).toEqual(['a.txt', 'n', 'n/new.txt'])
    expect(unprovable.reads.diffs.map((d) => d.range.gt)).toEqual([undefined])
  })
})

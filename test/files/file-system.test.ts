// docs/files.md: the file CAAPI over a key-value capsule, run against the
// in-memory KV of these tests (the reference model) and against LocalKv
// (a capsule in a LevelDB store). Files stream in and out, byte ranges,
// folders and listings, moves and deletes with their limits, every kind of
// bad input with its typed error, versions, diffs and watches; then, on the
// in-memory KV, what only it can show: appends in groups, damaged chunks,
// races with another writer, and the namespace's rules under random
// operations.
import { createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import {
  BlobMismatchError, ChainMismatchError, ConditionFailedError, DirectoryNotEmptyError, FolderTooLargeError, IsADirectoryError, NotADirectoryError, PathError, PathExistsError,
  PathNotFoundError, RangeNotSatisfiableError
} from '../../src/errors.js'
import { FileSystem, FileSystemReader, MAX_DELETE_ENTRIES, MAX_RENAME_ENTRIES, type FsStat, type FsWatchEvent } from '../../src/files/file-system.js'
import { decodeFsEntry, encodeFsEntry, filesAppFields, type FsFile } from '../../src/files/format.js'
import { keyOfPath, MAX_PATH_BYTES, parentPath, pathOfKey } from '../../src/files/path.js'
import { chunksInRuns, readPage, type PlacedChunk } from '../../src/files/tree.js'
import type { KvWriter } from '../../src/kv/api.js'
import type { KvOp } from '../../src/kv/format.js'
import { LocalKv } from '../../src/kv/local.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { seededBytes, tempDir } from '../helpers.js'
import { MemoryKv } from './memory-kv.js'

const b = (text: string): Uint8Array => new Uint8Array(Buffer.from(text))
const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

async function * piecesOf (data: Uint8Array, size = 100_000): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size)
}

async function collect<T> (stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = []
  for await (const item of stream) items.push(item)
  return items
}

async function read (stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  return Buffer.concat(await collect(stream))
}

/** The names of stats, for short assertions. */
const pathsOf = (stats: FsStat[]): string[] => stats.map((s) => `${s.path}${s.type === 'folder' ? '/' : ''}`)

/** A folder's entry and `count` files below it, written directly as one key-value batch (the file entries point at no chunks: they are empty). */
async function fillFolder (kv: KvWriter, folder: string, count: number): Promise<void> {
  const empty = encodeFsEntry({ type: 'file', size: 0, contentHash: createHash('sha256').digest(), height: 0, refs: [] })
  const ops: KvOp[] = [{ type: 'put', key: keyOfPath([folder]), value: encodeFsEntry({ type: 'folder' }), encryptionEpoch: 0 }]
  for (let i = 0; i < count; i++) ops.push({ type: 'put', key: keyOfPath([folder, `f${String(i).padStart(5, '0')}`]), value: empty, encryptionEpoch: 0 })
  for (let at = 0; at < ops.length; at += 10_000) await kv.batch(ops.slice(at, at + 10_000))
}

interface Backend {
  name: string
  open: () => Promise<KvWriter>
}

let storeDir: ReturnType<typeof tempDir>
let store: CapsuleStore
beforeAll(async () => {
  storeDir = tempDir('gdp-files-')
  store = await CapsuleStore.open({ path: storeDir.path })
})
afterAll(async () => {
  await store.close()
  storeDir.cleanup()
})

let localClock = 1_767_225_600_000_000
const backends: Backend[] = [
  { name: 'in-memory KV (the reference model)', open: async () => new MemoryKv() },
  {
    name: 'LocalKv (LevelDB store)',
    open: async () => {
      const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
      const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: localClock, appFields: filesAppFields(), nonce: randomBytes(16) })
      await store.create(signMetadata(metadata, signer))
      return await LocalKv.open(store, capsuleName(metadata), { signer, clock: () => (localClock += 1000) })
    }
  }
]

describe.each(backends)('FileSystem over $name', ({ open }) => {
  const newFs = async (): Promise<FileSystem> => new FileSystem(await open())

  it('puts a file from a stream and reads it back whole, by range and by stat; the ETag is the content SHA-256', async () => {
    const fs = await newFs()
    const data = seededBytes(1_500_000, 1)
    const put = await fs.put('docs/data.bin', piecesOf(data, 65_536))
    expect(put.file).toMatchObject({ type: 'file', path: 'docs/data.bin', name: 'data.bin', size: data.length, etag: `"${sha256Hex(data)}"` })
    expect(Buffer.from(put.file.contentHash).toString('hex')).toBe(sha256Hex(data))
    expect(put.stored.bytes).toBeGreaterThanOrEqual(data.length)
    expect(sha256Hex(await read(fs.get('docs/data.bin')))).toBe(sha256Hex(data))
    expect(await fs.stat('docs/data.bin')).toEqual(put.file)
    expect(await fs.stat('docs')).toMatchObject({ type: 'folder', path: 'docs', name: 'docs' })
    expect(await fs.stat('')).toEqual({ type: 'folder', path: '', name: '' })
    // Ranges that start and end inside chunks, on their edges, empty ones, the whole file.
    const view = await fs.view()
    await fc.assert(fc.asyncProperty(fc.nat(data.length), fc.nat(data.length), async (x, y) => {
      const [start, end] = x <= y ? [x, y] : [y, x]
      expect((await read(view.get('docs/data.bin', { start, end }))).equals(data.subarray(start, end))).toBe(true)
    }), { numRuns: 25 })
    expect((await read(fs.get('docs/data.bin', { start: data.length }))).length).toBe(0)
    expect((await read(fs.get('docs/data.bin', { end: 1 })))[0]).toBe(data[0])
  })

  it('an empty file, a small one, and an Iterable source', async () => {
    const fs = await newFs()
    const empty = await fs.put('empty', [])
    expect(empty.file).toMatchObject({ size: 0, etag: `"${sha256Hex(new Uint8Array(0))}"` })
    expect(empty.stored).toEqual({ blobs: 0, bytes: 0, reused: 0 })
    expect((await read(fs.get('empty'))).length).toBe(0)
    await fs.put('hello.txt', [b('hello, '), b('world')])
    expect((await read(fs.get('hello.txt'))).toString()).toBe('hello, world')
    expect((await read(fs.get('hello.txt', { start: 7, end: 12 }))).toString()).toBe('world')
  })

  it('a range that does not lie within the file is RangeNotSatisfiableError, saying the size', async () => {
    const fs = await newFs()
    await fs.put('f', [b('0123456789')])
    for (const range of [{ start: 11 }, { end: 11 }, { start: 5, end: 4 }, { start: 2 ** 53 - 1 }]) {
      await expect(read(fs.get('f', range)), JSON.stringify(range)).rejects.toThrow(RangeNotSatisfiableError)
    }
    await expect(read(fs.get('f', { start: 20, end: 30 }))).rejects.toThrow(/bytes \[20, 30\) are not a range within 'f', which holds 10 bytes/)
  })

  // Found by auditing the facades' numbers: a start of 1.5 (or -1, NaN, Infinity) was RangeNotSatisfiableError, as
  // if the file were too short for it, where no file has such a range.
  it('a start or end that is no byte offset is InvalidArgumentError, naming it, whatever the file holds', async () => {
    const fs = await newFs()
    await fs.put('f', [b('0123456789')])
    for (const [side, offset] of [['start', 1.5], ['start', -1], ['start', NaN], ['start', 2 ** 53], ['end', 0.5], ['end', -0.5], ['end', Infinity], ['end', '0x10']] as const) {
      const range = { [side]: offset } as { start?: number, end?: number }
      await expect(read(fs.get('f', range)), `${side} ${String(offset)}`).rejects.toMatchObject({ name: 'InvalidArgumentError', message: `a byte range's ${side} is a whole number of bytes from 0 to 2^53 - 1, not ${String(offset)}` })
    }
    // At the edges: an empty range at the end, the whole file.
    expect((await read(fs.get('f', { start: 10, end: 10 }))).length).toBe(0)
    expect((await read(fs.get('f', { start: 0, end: 10 }))).toString()).toBe('0123456789')
  })

  it('bad paths and paths of the wrong kind: typed errors that say what was wrong, and nothing written', async () => {
    const fs = await newFs()
    await fs.put('a/file', [b('x')])
    const version = (await fs.view()).version
    await expect(fs.put('/abs', [b('x')])).rejects.toThrow(PathError)
    await expect(fs.put('a/../b', [b('x')])).rejects.toThrow(/'\.\.' name/)
    await expect(fs.put('', [b('x')])).rejects.toThrow(IsADirectoryError)
    await expect(fs.put('a', [b('x')])).rejects.toThrow(/'a' is a folder: a file cannot be put there/)
    await expect(fs.put('a/file/under', [b('x')])).rejects.toThrow(NotADirectoryError)
    await expect(fs.put('a/file/under/deeper', [b('x')])).rejects.toThrow(/'a\/file' is a file, so 'a\/file\/under\/deeper' cannot be made below it/)
    await expect(read(fs.get('a'))).rejects.toThrow(IsADirectoryError)
    await expect(read(fs.get(''))).rejects.toThrow(IsADirectoryError)
    await expect(read(fs.get('a/missing'))).rejects.toThrow(PathNotFoundError)
    await expect(fs.stat('nope')).rejects.toThrow(/no file or folder at 'nope'/)
    await expect(fs.readdir('a/file')).rejects.toThrow(NotADirectoryError)
    await expect(fs.readdir('nope')).rejects.toThrow(PathNotFoundError)
    await expect(fs.readdir('a', { after: 'x/y' })).rejects.toThrow(PathError)
    expect((await fs.view()).version).toBe(version)
  })

  it('mkdir: one folder, with parents, an existing one; over a file, under a file, without a parent', async () => {
    const fs = await newFs()
    expect(await fs.mkdir('a')).toMatchObject({ type: 'folder', path: 'a' })
    await expect(fs.mkdir('a')).rejects.toThrow(/the folder 'a' exists already/)
    await expect(fs.mkdir('x/y')).rejects.toThrow(/the folder 'x' does not exist \(make it first, or with parents\)/)
    await expect(fs.mkdir('x/y')).rejects.toThrow(PathNotFoundError)
    await fs.mkdir('x/y/z', { parents: true })
    expect(pathsOf(await fs.readdir('x'))).toEqual(['x/y/'])
    const version = (await fs.view()).version
    expect(await fs.mkdir('x/y', { parents: true })).toMatchObject({ type: 'folder', path: 'x/y' })
    expect(await fs.mkdir('', { parents: true })).toEqual({ type: 'folder', path: '', name: '' })
    expect((await fs.view()).version).toBe(version) // nothing to write
    await expect(fs.mkdir('')).rejects.toThrow(PathExistsError)
    await fs.put('x/f', [b('1')])
    await expect(fs.mkdir('x/f')).rejects.toThrow(/'x\/f' is a file: a folder cannot be made there/)
    await expect(fs.mkdir('x/f', { parents: true })).rejects.toThrow(PathExistsError)
    await expect(fs.mkdir('x/f/g', { parents: true })).rejects.toThrow(NotADirectoryError)
  })

  it('readdir lists the children of a folder only, in name order, a page at a time; list reads every page', async () => {
    const fs = await newFs()
    for (const path of ['d/b', 'd/a', 'd/c/deep/er', 'd/c/x', 'd.txt', 'd-1/y', 'e']) await fs.put(path, [b(path)])
    expect(pathsOf(await fs.readdir(''))).toEqual(['d/', 'd-1/', 'd.txt', 'e'])
    expect(pathsOf(await fs.readdir('d'))).toEqual(['d/a', 'd/b', 'd/c/'])
    expect(pathsOf(await fs.readdir('d/c'))).toEqual(['d/c/deep/', 'd/c/x'])
    expect(pathsOf(await fs.readdir('d', { after: 'a', limit: 1 }))).toEqual(['d/b'])
    expect(pathsOf(await fs.readdir('d', { after: 'b' }))).toEqual(['d/c/'])
    expect(pathsOf(await fs.readdir('d/c/deep'))).toEqual(['d/c/deep/er'])
    await fillFolder(fs.writer, 'many', 1005)
    let count = 0
    let last = ''
    for await (const stat of fs.list('many')) {
      expect(stat.name > last).toBe(true)
      last = stat.name
      count++
    }
    expect(count).toBe(1005)
  })

  it('delete: a file, an empty folder, a folder with recursive; refuses a folder that holds entries, the root, a missing path', async () => {
    const fs = await newFs()
    for (const path of ['t/a', 't/sub/b', 't/sub/deeper/c', 'keep']) await fs.put(path, [b(path)])
    await fs.mkdir('t/empty')
    await fs.delete('t/a')
    await expect(fs.stat('t/a')).rejects.toThrow(PathNotFoundError)
    await fs.delete('t/empty')
    await expect(fs.delete('t/sub')).rejects.toThrow(/the folder 't\/sub' holds 3 entries: delete them first, or delete with recursive$/)
    await expect(fs.delete('t/sub')).rejects.toThrow(DirectoryNotEmptyError)
    // One entry is one (it said '1 entries: delete them first').
    await expect(fs.delete('t/sub/deeper')).rejects.toThrow(/the folder 't\/sub\/deeper' holds 1 entry: delete it first, or delete with recursive$/)
    await fs.delete('t/sub', { recursive: true })
    expect(pathsOf(await fs.readdir('t'))).toEqual([])
    expect(pathsOf(await fs.readdir(''))).toEqual(['keep', 't/'])
    await expect(fs.delete('t/sub')).rejects.toThrow(/nothing to delete at 't\/sub'/)
    await expect(fs.delete('')).rejects.toThrow(PathError)
    await expect(fs.delete('t/../keep')).rejects.toThrow(PathError)
    // The content of a deleted file is still in the capsule: it reads at an older version.
    const before = (await fs.view()).version
    await fs.delete('keep')
    expect((await read(fs.get('keep', { at: { version: before } }))).toString()).toBe('keep')
  })

  // Found by attacking the facades: a key below a folder that is no path's key (a 1,001-byte path an unchecked rename
  // stored, a key-value write), or an entry that is no file entry, made its recursive delete throw, so the one file
  // operation that could have removed it refused to.
  it('a recursive delete removes what is below the folder whether or not it reads as files and folders', async () => {
    const fs = await newFs()
    await fs.put('m/sub/ok', [b('fine')])
    await fs.put('kept', [b('kept')])
    await fs.writer.put(keyOfPath(['m', 'sub', 'y'.repeat(1000)]), encodeFsEntry({ type: 'folder' }))
    await fs.writer.put(keyOfPath(['m', 'sub', 'garbled']), b('no file entry'))
    await expect(fs.readdir('m/sub')).rejects.toThrow(/is no file entry|is not a namespace key/)
    await fs.delete('m', { recursive: true })
    expect(pathsOf(await fs.readdir(''))).toEqual(['kept'])
    expect(await (await fs.writer.view()).range({ gte: Uint8Array.of(0x66, 0x6d), lt: Uint8Array.of(0x66, 0x6e) })).toEqual([])
  })

  it('rename: a file, a folder with everything below it, onto a file with replace; refuses the rest', async () => {
    const fs = await newFs()
    for (const path of ['src/a.txt', 'src/lib/b.txt', 'src/lib/deep/c.txt', 'other/x']) await fs.put(path, [b(`content of ${path}`)])
    await fs.rename('src/a.txt', 'src/a2.txt')
    expect((await read(fs.get('src/a2.txt'))).toString()).toBe('content of src/a.txt')
    await fs.rename('src/lib', 'other/lib')
    expect(pathsOf(await fs.readdir('src'))).toEqual(['src/a2.txt'])
    expect(pathsOf(await fs.readdir('other/lib'))).toEqual(['other/lib/b.txt', 'other/lib/deep/'])
    expect((await read(fs.get('other/lib/deep/c.txt'))).toString()).toBe('content of src/lib/deep/c.txt')
    await expect(fs.rename('src/a2.txt', 'other/x')).rejects.toThrow(/'other\/x' exists already: to overwrite it, rename with replace$/)
    await fs.rename('src/a2.txt', 'other/x', { replace: true })
    expect((await read(fs.get('other/x'))).toString()).toBe('content of src/a.txt')
    await expect(fs.rename('other/lib', 'other/x', { replace: true })).rejects.toThrow(PathExistsError)
    await expect(fs.rename('other/x', 'other/lib', { replace: true })).rejects.toThrow(PathExistsError)
    await expect(fs.rename('other', 'other/lib/inside')).rejects.toThrow(/'other' cannot move into itself/)
    // A file below itself: its parent would be a file, as for any path below a file (it said the file cannot move into itself).
    await expect(fs.rename('other/x', 'other/x/y')).rejects.toThrow(/^'other\/x' is a file, so 'other\/x\/y' cannot be made below it$/)
    await expect(fs.rename('missing', 'm2')).rejects.toThrow(PathNotFoundError)
    await expect(fs.rename('other/x', 'no/such/folder')).rejects.toThrow(/the folder 'no\/such' does not exist/)
    await expect(fs.rename('other/lib', 'other/x/y')).rejects.toThrow(NotADirectoryError)
    await expect(fs.rename('', 'a')).rejects.toThrow(PathError)
    await expect(fs.rename('other', '/abs')).rejects.toThrow(PathError)
    expect(await fs.rename('other', 'other')).toBeUndefined()
    // Onto itself, a path with nothing there is still not found, where it said there was nothing to do (found by attacking gdp fs mv).
    await expect(fs.rename('missing', 'missing')).rejects.toThrow(/nothing to move at 'missing'/)
    // Within one folder: its entry is written once.
    await fs.rename('other/x', 'other/y')
    expect(pathsOf(await fs.readdir('other'))).toEqual(['other/lib/', 'other/y'])
  })

  // Found by attacking the facades: a rename made the paths below a folder longer, unchecked: 'a' moved to 'zz' stored a
  // path of 1,001 bytes, which every reader then refused, so the folder could be neither listed, moved nor deleted.
  it(`rename refuses to make a path below the folder longer than ${MAX_PATH_BYTES} bytes, and writes nothing`, async () => {
    const fs = await newFs()
    const below = ['x'.repeat(255), 'x'.repeat(255), 'x'.repeat(255), 'x'.repeat(230)].join('/')
    await fs.put(`a/${below}`, [b('at the limit')])
    expect(Buffer.byteLength(`a/${below}`)).toBe(MAX_PATH_BYTES)
    const version = (await fs.view()).version
    for (const longer of ['zz', 'é']) {
      await expect(fs.rename('a', longer)).rejects.toThrow(new RegExp(`^moving 'a' to '${longer}': path "${longer}/x+\\.\\.\\." is 1001 bytes in UTF-8, at most 1000 allowed$`))
      await expect(fs.rename('a', longer)).rejects.toMatchObject({ name: 'PathError' })
    }
    expect((await fs.view()).version).toBe(version)
    await fs.rename('a', 'z')
    expect((await read(fs.get(`z/${below}`))).toString()).toBe('at the limit')
    expect(pathsOf(await fs.readdir(''))).toEqual(['z/'])
  })

  it(`rename moves up to ${MAX_RENAME_ENTRIES} entries in one batch and refuses a larger folder; a recursive delete removes up to ${MAX_DELETE_ENTRIES}`, async () => {
    const fs = await newFs()
    await fillFolder(fs.writer, 'at', MAX_RENAME_ENTRIES - 1) // with its own entry: MAX_RENAME_ENTRIES
    await fillFolder(fs.writer, 'past', MAX_RENAME_ENTRIES)
    const receipt = await fs.rename('at', 'moved')
    expect(receipt!.seqno).toBe((await fs.view()).version - (receipt!.checkpointed ? 2 : 1)) // one record
    expect(await (await fs.view()).readdir('moved', { limit: 3 })).toHaveLength(3)
    await expect(fs.rename('past', 'moved2')).rejects.toThrow(/moving 'past' moves 5000 entries; one rename moves at most 4999/)
    await expect(fs.rename('past', 'moved2')).rejects.toThrow(FolderTooLargeError)
    await fillFolder(fs.writer, 'big', MAX_DELETE_ENTRIES - 1)
    await fillFolder(fs.writer, 'bigger', MAX_DELETE_ENTRIES)
    await expect(fs.delete('bigger', { recursive: true })).rejects.toThrow(/removes 10000 entries; one delete removes at most 9999/)
    // Advice a flat folder can follow (it said "delete its subfolders first", and 'bigger' has none).
    await expect(fs.delete('bigger', { recursive: true })).rejects.toThrow(/delete what it holds in parts first \(a subfolder, or some of its files, at a time\)$/)
    await fs.delete('big', { recursive: true })
    await expect(fs.stat('big')).rejects.toThrow(PathNotFoundError)
    expect(await (await fs.view()).readdir('bigger', { limit: 1 })).toHaveLength(1)
  })

  it('reads a file, a folder and a stat as of an older version or time', async () => {
    const fs = await newFs()
    const v1 = await fs.put('notes/today.md', [b('first draft')])
    await fs.put('notes/today.md', [b('second draft, longer')])
    await fs.put('notes/tomorrow.md', [b('plans')])
    expect((await read(fs.get('notes/today.md', { at: { version: v1.receipt.version } }))).toString()).toBe('first draft')
    expect((await read(fs.get('notes/today.md', { at: { timestampUs: v1.file.modifiedUs } }))).toString()).toBe('first draft')
    expect((await read(fs.get('notes/today.md'))).toString()).toBe('second draft, longer')
    expect(pathsOf(await fs.readdir('notes', { at: { version: v1.receipt.version } }))).toEqual(['notes/today.md'])
    expect(await fs.stat('notes/today.md', { at: { version: v1.receipt.version } })).toEqual(v1.file)
    await expect(fs.stat('notes', { at: { version: 0 } })).rejects.toThrow(/no file or folder at 'notes' \(version 0\)/)
    const view = await fs.view({ version: v1.receipt.version })
    expect(view.version).toBe(v1.receipt.version)
    expect(pathsOf([await view.stat('notes')])).toEqual(['notes/'])
  })

  it('diffs a folder between two versions: added, removed and changed paths; folders written again are not changes', async () => {
    const fs = await newFs()
    for (const path of ['p/keep', 'p/change', 'p/remove', 'p/sub/deep', 'q/outside']) await fs.put(path, [b(path)])
    const from = (await fs.view()).version
    await fs.put('p/change', [b('changed')])
    await fs.put('p/keep', [b('p/keep')]) // the same content again: the same entry, no change
    await fs.delete('p/remove')
    await fs.put('p/sub/new', [b('new')])
    await fs.put('q/outside', [b('changed too')])
    const to = (await fs.view()).version
    const diff = await fs.diff('p', { version: from }, { version: to })
    expect(diff.map((d) => [d.path, d.change])).toEqual([['p/change', 'changed'], ['p/remove', 'removed'], ['p/sub/new', 'added']])
    expect(diff[0]!.before).toMatchObject({ size: 8 })
    expect(diff[0]!.after).toMatchObject({ size: 7 })
    expect(diff[1]!.after).toBeUndefined()
    expect((await fs.diff('p', { version: to }, { version: from })).map((d) => [d.path, d.change])).toEqual([['p/change', 'changed'], ['p/remove', 'added'], ['p/sub/new', 'removed']])
    expect((await fs.diff('p', { version: from }, { version: to }, { recursive: false })).map((d) => d.path)).toEqual(['p/change', 'p/remove'])
    // Grouped by folder: the children of p, then what is below its subfolders, then q.
    expect((await fs.diff('', { version: from }, { version: to })).map((d) => d.path)).toEqual(['p/change', 'p/remove', 'p/sub/new', 'q/outside'])
    expect(await fs.diff('p', { version: to }, { version: to })).toEqual([])
  })

  // Found by attacking the command line: `gdp fs diff --folder` with a mistyped folder printed nothing, as if
  // nothing had changed, and a file's path gave nothing either (nothing is below a file).
  it('diffs a file by its own entry, and refuses a path that is at neither version', async () => {
    const fs = await newFs()
    await fs.put('dir/f', [b('one')])
    const from = (await fs.view()).version
    await fs.put('dir/f', [b('two')])
    await fs.put('dir/g', [b('new')])
    const to = (await fs.view()).version
    expect((await fs.diff('dir/f', { version: from }, { version: to })).map((d) => [d.path, d.change])).toEqual([['dir/f', 'changed']])
    expect((await fs.diff('dir/g', { version: from }, { version: to })).map((d) => [d.path, d.change])).toEqual([['dir/g', 'added']])
    expect(await fs.diff('dir/g', { version: to }, { version: to })).toEqual([])
    for (const [versions, text] of [[[from, to], `${from} or ${to}`], [[to, to], `${to}`]] as const) {
      await expect(fs.diff('dirr', { version: versions[0] }, { version: versions[1] })).rejects.toThrow(new RegExp(`^no file or folder at 'dirr' at version ${text}$`))
      await expect(fs.diff('dirr', { version: versions[0] }, { version: versions[1] })).rejects.toMatchObject({ name: 'PathNotFoundError' })
    }
    expect((await fs.diff('', { version: 0 }, { version: to })).map((d) => d.path)).toEqual(['dir', 'dir/f', 'dir/g'])
  })

  // Found by attacking the facades: a folder at one version and a file at the other was diffed below the folder only,
  // so the file said nothing (a file that became an empty folder: no change at all), nor did a folder that came or went.
  it('diffs a path that changed kind, came or went by its own entry too, as a diff of its folder lists it', async () => {
    const fs = await newFs()
    const at: number[] = []
    const mark = async (): Promise<void> => { at.push((await fs.view()).version) }
    await fs.put('d/x', [b('1')]); await mark()
    await fs.delete('d', { recursive: true }); await fs.put('d', [b('file now')]); await mark()
    await fs.delete('d'); await fs.mkdir('d'); await mark()
    await fs.delete('d'); await mark()
    const diffOf = async (path: string, from: number, to: number): Promise<string[]> =>
      (await fs.diff(path, { version: at[from]! }, { version: at[to]! })).map((c) => `${c.change} ${c.path}${c.after?.type === 'folder' || (c.after === undefined && c.before?.type === 'folder') ? '/' : ''}`)
    expect(await diffOf('d', 0, 1)).toEqual(['changed d', 'removed d/x'])
    expect(await diffOf('d', 1, 0)).toEqual(['changed d/', 'added d/x'])
    expect(await diffOf('d', 1, 2)).toEqual(['changed d/'])
    expect(await diffOf('d', 2, 3)).toEqual(['removed d/'])
    expect(await diffOf('d', 3, 0)).toEqual(['added d/', 'added d/x'])
    // As the diff of the folder above them says, there on the path's own line.
    for (const [from, to] of [[0, 1], [1, 0], [1, 2], [2, 3], [3, 0]] as const) {
      expect((await diffOf('', from, to)).filter((line) => line.split(' ')[1]!.startsWith('d'))).toEqual(await diffOf('d', from, to))
    }
  })

  it('watches a folder: what each record writes below it, resumable from any version, until aborted', async () => {
    const fs = await newFs()
    await fs.mkdir('w')
    const from = (await fs.view()).version
    const controller = new AbortController()
    const events: FsWatchEvent[] = []
    const watching = (async () => {
      for await (const event of fs.watch('w', { signal: controller.signal })) {
        events.push(event)
        if (events.length === 3) controller.abort()
      }
    })()
    await fs.put('w/one', [b('1')])
    await fs.put('elsewhere', [b('not watched')])
    await fs.put('w/sub/two', [b('2')])
    await fs.delete('w/one')
    await watching
    const seen = events.map((e) => e.changes.map((c) => `${c.path}${c.stat === undefined ? ' removed' : ` ${c.stat.type}`}`))
    expect(seen).toEqual([['w/one file'], ['w/sub folder', 'w/sub/two file'], ['w/one removed']])
    // From the version after the first event, a new watch sees the rest; with recursive false, only the children of w.
    const resumed: string[][] = []
    const again = new AbortController()
    for await (const event of fs.watch('w', { from: events[0]!.version, signal: again.signal, recursive: false })) {
      resumed.push(event.changes.map((c) => c.path))
      if (resumed.length === 2) again.abort()
    }
    expect(resumed).toEqual([['w/sub'], ['w/one']])
    expect(events[0]!.version).toBeGreaterThan(from)
  })

  it('a write makes no name with DEL or a C1 control (U+007F to U+009F); one another writer stored is read, renamed and deleted', async () => {
    const fs = await newFs()
    await fs.put('clean', [b('kept')])
    const before = (await fs.view()).version
    await expect(fs.put('a\u007fb', [b('x')])).rejects.toThrow('path "a\\u007fb" holds U+007F, a control character (DEL): a name holds none of U+0000 to U+001F and U+007F to U+009F')
    await expect(fs.put('d\u009b/x', [b('x')])).rejects.toThrow(/holds U\+009B, a control character \(C1\)/)
    await expect(fs.mkdir('m\u0080')).rejects.toThrow(PathError)
    await expect(fs.rename('clean', 'r\u0085')).rejects.toThrow(PathError)
    // Any path error shows the path's controls escaped, as JSON does.
    await expect(fs.put('e\u009b//x', [b('x')])).rejects.toThrow('path "e\\u009b//x" has an empty name')
    expect((await fs.view()).version).toBe(before)
    // Neighbours of the range are names as any other.
    await fs.put('a~b\u00a0', [b('x')])
    // Stored by another writer, through the key-value facade: the entry of 'clean' under a name with DEL and C1.
    const entry = (await (await fs.kv.view()).get(keyOfPath(['clean'])))!.value
    await fs.writer.put(keyOfPath(['old\u007f\u009b']), entry)
    expect((await collect(fs.list(''))).map((s) => s.path)).toContain('old\u007f\u009b')
    expect(Buffer.concat(await collect(fs.get('old\u007f\u009b'))).toString()).toBe('kept')
    await fs.rename('old\u007f\u009b', 'renamed')
    await fs.delete('renamed')
    expect((await collect(fs.list(''))).map((s) => s.path).sort()).toEqual(['a~b\u00a0', 'clean'])
  })

  it('a watch whose reader is busy with one change still gets each change appended meanwhile', async () => {
    const fs = await newFs()
    await fs.mkdir('w')
    const controller = new AbortController()
    const seen: string[] = []
    let firstSeen = (): void => {}
    const reachedFirst = new Promise<void>((resolve) => { firstSeen = resolve })
    let release = (): void => {}
    const released = new Promise<void>((resolve) => { release = resolve })
    const watching = (async () => {
      for await (const event of fs.watch('w', { signal: controller.signal })) {
        seen.push(...event.changes.map((c) => c.path))
        if (seen.length === 1) { firstSeen(); await released }
        if (seen.length === 3) controller.abort()
      }
    })()
    await fs.put('w/one', [b('1')])
    await reachedFirst
    await fs.put('w/two', [b('2')])
    await fs.put('w/three', [b('3')])
    release()
    // A watch that skipped them would wait for the next append: end it after a while to see what it had.
    const giveUp = setTimeout(() => { controller.abort() }, 3000)
    await watching
    clearTimeout(giveUp)
    expect(seen).toEqual(['w/one', 'w/two', 'w/three'])
  })

  it('watches a file: each record that writes it (it said nothing, watched as a folder with nothing below)', async () => {
    const fs = await newFs()
    await fs.put('w/file', [b('1')])
    const controller = new AbortController()
    const events: string[] = []
    const watching = (async () => {
      for await (const event of fs.watch('w/file', { signal: controller.signal })) {
        events.push(...event.changes.map((c) => `${c.path} ${c.stat === undefined ? 'removed' : c.stat.type === 'file' ? c.stat.size : 'folder'}`))
        if (events.length === 2) controller.abort()
      }
    })()
    await fs.put('w/other', [b('not watched')])
    await fs.put('w/file', [b('22')])
    await fs.put('w/file-2', [b('not watched either')])
    await fs.delete('w/file')
    await watching
    expect(events).toEqual(['w/file 2', 'w/file removed'])
  })

  // Found by attacking the facades: a path that was nothing at `from` was watched as a folder, so `gdp fs watch F a/file
  // --from 0` never said the file's puts; and a watched folder that was deleted or replaced by a file said nothing.
  it('watches a path whatever it is at from: a file put there, a folder made there and what is below it, their removal', async () => {
    const fs = await newFs()
    await fs.mkdir('w')
    const from = (await fs.view()).version
    const watched = async (options: { from: number, recursive?: boolean }): Promise<string[]> => {
      const seen: string[] = []
      const controller = new AbortController()
      for await (const event of fs.watch('w/x', { ...options, signal: controller.signal })) {
        seen.push(...event.changes.map((c) => `${c.path} ${c.stat === undefined ? 'removed' : c.stat.type === 'file' ? c.stat.size : 'folder'}`))
        // The last write below, which every watch of w/x sees.
        if (event.changes.some((c) => c.path === 'w/x/end')) controller.abort()
      }
      return seen
    }
    await fs.put('w/x', [b('1')])
    await fs.put('w/x-2', [b('not watched')])
    await fs.put('w/x', [b('22')])
    await fs.delete('w/x')
    await fs.put('w/x/inner', [b('333')])
    await fs.put('w/x/more', [b('4444')])
    await fs.delete('w/x', { recursive: true })
    await fs.put('w/x/end', [b('55555')])
    // The folder w/x, written again as its names change, is said as it comes and as it goes.
    const expected = ['w/x 1', 'w/x 2', 'w/x removed', 'w/x folder', 'w/x/inner 3', 'w/x/more 4', 'w/x removed', 'w/x/inner removed', 'w/x/more removed', 'w/x folder', 'w/x/end 5']
    expect(await watched({ from })).toEqual(expected)
    // From version 0, where nothing is, and with its children only: the same.
    expect(await watched({ from: 0, recursive: false })).toEqual(expected)
  })

  it('stores a chunk once: the same content again stores no chunk, and an edit stores only what changed', async () => {
    const fs = await newFs()
    const data = seededBytes(12 * 1024 * 1024, 2)
    const first = await fs.put('one', piecesOf(data))
    const again = await fs.put('two', piecesOf(data, 7777))
    expect(again.stored).toEqual({ blobs: 0, bytes: 0, reused: first.stored.blobs })
    expect(again.file.etag).toBe(first.file.etag)
    const small = Buffer.from(data)
    small.set(seededBytes(1000, 3), 5_000_000)
    const smallEdit = await fs.put('one', piecesOf(small))
    expect(smallEdit.stored.bytes).toBeLessThan(3 * 256 * 1024) // at most a chunk or two and a page
    const large = Buffer.from(data)
    large.set(seededBytes(1024 * 1024, 4), 6 * 1024 * 1024)
    const largeEdit = await fs.put('one', piecesOf(large))
    expect(largeEdit.stored.bytes).toBeGreaterThan(1024 * 1024)
    expect(largeEdit.stored.bytes).toBeLessThan(1.5 * 1024 * 1024)
    expect(sha256Hex(await read(fs.get('one')))).toBe(sha256Hex(large))
    expect(sha256Hex(await read(fs.get('one', { at: { version: smallEdit.receipt.version } })))).toBe(sha256Hex(small))
    expect(sha256Hex(await read(fs.get('two')))).toBe(sha256Hex(data))
  })

  it('a stream that fails half-way writes no entry; the chunks it stored are reused by the next put', async () => {
    const fs = await newFs()
    const data = seededBytes(14_000_000, 4)
    const version = (await fs.view()).version
    async function * failing (): AsyncGenerator<Uint8Array> {
      yield * piecesOf(data.subarray(0, 10_000_000)) // past one group of 4 MiB and the chunks looked up ahead (64 of 64 KiB on average)
      throw new Error('the client went away')
    }
    await expect(fs.put('upload', failing())).rejects.toThrow('the client went away')
    await expect(fs.stat('upload')).rejects.toThrow(PathNotFoundError)
    const view = await fs.kv.view()
    expect(view.version).toBeGreaterThan(version) // chunks were appended, no entry was
    expect(await view.count()).toBe(0)
    const retried = await fs.put('upload', piecesOf(data))
    expect(retried.stored.reused).toBeGreaterThan(0)
    expect(sha256Hex(await read(fs.get('upload')))).toBe(sha256Hex(data))
    // An aborted put stops the same way.
    const controller = new AbortController()
    controller.abort()
    await expect(fs.put('aborted', piecesOf(data), { signal: controller.signal })).rejects.toThrow(/abort/i)
    await expect(fs.stat('aborted')).rejects.toThrow(PathNotFoundError)
  })

  it('a FileSystemReader over the same capsule reads what the writer wrote', async () => {
    const fs = await newFs()
    await fs.put('shared/file', [b('shared content')])
    const reader = new FileSystemReader(fs.kv)
    expect((await read(reader.get('shared/file'))).toString()).toBe('shared content')
    expect(pathsOf(await reader.readdir('shared'))).toEqual(['shared/file'])
    expect('put' in reader).toBe(false)
  })
})

describe('FileSystem over the in-memory KV: what only it shows', () => {
  it('appends new chunks in groups of at most 4 MiB and the entry last, in its own record', async () => {
    const kv = new MemoryKv()
    const fs = new FileSystem(kv)
    const data = seededBytes(13 * 1024 * 1024, 5)
    const put = await fs.put('media/big', piecesOf(data, 1 << 20))
    const groups = kv.appends.filter((a) => a.type === 'blobs')
    expect(groups.length).toBeGreaterThanOrEqual(4)
    for (const group of groups) expect(group.type === 'blobs' && group.bytes).toBeLessThanOrEqual(4 * 1024 * 1024)
    expect(kv.appends[kv.appends.length - 1]).toMatchObject({ type: 'batch', ops: 2 }) // the file and its new folder
    expect(kv.blobBytes).toBe(put.stored.bytes)
    // A file of this size has pages: its entry refers to them, not to 180 chunks.
    const entry = decodeFsEntry((await (await kv.view()).get(keyOfPath(['media', 'big'])))!.value) as FsFile
    expect(entry.height).toBeGreaterThanOrEqual(1)
    expect(entry.refs.length).toBeLessThan(20)
  })

  // Found when CI saw 257 lookups under way where the gateway allows 256: a page's lookup took no turn.
  it('every lookup a put makes, of a chunk or of a page of its tree, is made within a turn of lookupTurn', async () => {
    const kv = new MemoryKv()
    const find = kv.findBlob.bind(kv)
    let turns = 0
    let outside = 0
    let lookups = 0
    kv.findBlob = async (hash) => {
      lookups++
      if (turns === 0) outside++
      return await find(hash)
    }
    const fs = new FileSystem(kv, { lookupTurn: async () => { turns++; return () => { turns-- } } })
    await fs.put('big', piecesOf(seededBytes(13 * 1024 * 1024, 5), 1 << 20))
    const entry = decodeFsEntry((await (await kv.view()).get(keyOfPath(['big'])))!.value) as FsFile
    expect(entry.height).toBeGreaterThanOrEqual(1) // the tree has pages, which were looked up too
    expect(lookups).toBeGreaterThan(entry.refs.length)
    expect(outside).toBe(0)
    expect(turns).toBe(0)
  })

  it('reads the chunks a put appended one after another in runs: one blob read for every quarter of the read-ahead', async () => {
    const kv = new MemoryKv()
    const data = seededBytes(13 * 1024 * 1024, 5)
    await new FileSystem(kv).put('big', piecesOf(data, 1 << 20))
    const entry = decodeFsEntry((await (await kv.view()).get(keyOfPath(['big'])))!.value) as FsFile
    const pages = entry.refs.length
    const chunks = (await Promise.all(entry.refs.map(async (ref) => (await readPage(kv, ref, entry.height - 1)).refs.length))).reduce((a, b) => a + b)
    for (const readAhead of [1, 16, 64]) {
      const fs = new FileSystem(kv, { readAhead })
      const before = kv.blobReads
      expect((await read(fs.get('big'))).equals(data)).toBe(true)
      const reads = kv.blobReads - before - pages
      const perRun = Math.ceil(readAhead / 4)
      // The chunks of one page are one run of records, but for the groups the put appended between them (a page each).
      expect(reads).toBeGreaterThanOrEqual(Math.ceil(chunks / perRun))
      expect(reads).toBeLessThanOrEqual(Math.ceil(chunks / perRun) + 2 * pages)
    }
  })

  it('gives out chunks in runs of records that follow one another, of at most the size asked for', async () => {
    const placed = (seqnos: number[]): PlacedChunk[] => seqnos.map((seqno, i) => ({ offset: i, ref: { seqno, length: 1, hash: new Uint8Array(32) } }))
    const runs = async (seqnos: number[], most: number): Promise<number[][]> => (await collect(chunksInRuns((async function * () { yield * placed(seqnos) })(), most))).map((run) => run.map((c) => c.ref.seqno))
    expect(await runs([1, 2, 3, 4, 5, 9, 10, 10, 11, 3], 2)).toEqual([[1, 2], [3, 4], [5], [9, 10], [10, 11], [3]])
    expect(await runs([], 4)).toEqual([])
    fc.assert(fc.asyncProperty(fc.array(fc.nat({ max: 20 }), { maxLength: 40 }), fc.integer({ min: 1, max: 8 }), async (seqnos, most) => {
      const got = await runs(seqnos, most)
      expect(got.flat()).toEqual(seqnos)
      for (const run of got) {
        expect(run.length).toBeLessThanOrEqual(most)
        run.forEach((seqno, i) => { if (i > 0) expect(seqno).toBe(run[i - 1]! + 1) })
      }
    }))
  })

  it('a chunk or a page whose bytes changed in the store is refused with BlobMismatchError, naming its seqno', async () => {
    const kv = new MemoryKv()
    const fs = new FileSystem(kv)
    const data = seededBytes(9 * 1024 * 1024, 7) // this content's chunks make three pages (another seed may make one)
    await fs.put('f', piecesOf(data))
    const entry = decodeFsEntry((await (await kv.view()).get(keyOfPath(['f'])))!.value) as FsFile
    expect(entry.height).toBeGreaterThanOrEqual(1)
    const page = entry.refs[0]!
    const [pageData] = await kv.blobs(page.seqno, page.seqno + 1) as [Uint8Array]
    kv.corruptBlob(page.seqno, Buffer.concat([pageData.subarray(0, -1), Buffer.from([pageData[pageData.length - 1]! ^ 1])]))
    await expect(read(fs.get('f'))).rejects.toThrow(new RegExp(`chunk-tree page of height 0 at seqno ${page.seqno} does not hash`))
    kv.corruptBlob(page.seqno, pageData)
    // A chunk in the middle: the bytes before its run (the chunks read with it, 16 at the default read-ahead) are given out, then the read stops.
    const chunk = readPage(kv, page, 0).then((p) => p.refs[20]!)
    const { seqno } = await chunk
    const [chunkData] = await kv.blobs(seqno, seqno + 1) as [Uint8Array]
    kv.corruptBlob(seqno, new Uint8Array(chunkData.length))
    const got: Uint8Array[] = []
    await expect((async () => { for await (const part of fs.get('f')) got.push(part) })()).rejects.toThrow(BlobMismatchError)
    expect(got.length).toBeGreaterThanOrEqual(1)
    expect(Buffer.concat(got).equals(data.subarray(0, Buffer.concat(got).length))).toBe(true)
  })

  it('a whole read checks the content hash the entry states; a range read cannot, and does not', async () => {
    const kv = new MemoryKv()
    const fs = new FileSystem(kv)
    await fs.put('true', [b('the content')])
    const entry = decodeFsEntry((await (await kv.view()).get(keyOfPath(['true'])))!.value) as FsFile
    await kv.put(keyOfPath(['lying']), encodeFsEntry({ ...entry, contentHash: new Uint8Array(32) }))
    const got: Uint8Array[] = []
    await expect((async () => { for await (const part of fs.get('lying')) got.push(part) })()).rejects.toThrow(/the content of 'lying' does not hash to the content hash its entry gives/)
    expect(Buffer.concat(got).toString()).toBe('the content')
    expect((await read(fs.get('lying', { start: 1 }))).toString()).toBe('he content')
  })

  /** A KV on which another writer gets to write right before this one's next batch. */
  class RacingKv extends MemoryKv {
    before: (() => Promise<unknown>) | undefined
    batches = 0
    override async batch (...args: Parameters<MemoryKv['batch']>): ReturnType<MemoryKv['batch']> {
      const before = this.before
      this.before = undefined
      if (before !== undefined) await before()
      this.batches++
      return await super.batch(...args)
    }
  }

  it('a write that loses a race to another writer is planned again on the new state, so the namespace keeps its rules', async () => {
    const kv = new RacingKv()
    const mine = new FileSystem(kv)
    const theirs = new FileSystem(kv)
    // Deleting an empty folder while another writer puts a file into it: planned again, the folder is no longer empty.
    await mine.mkdir('d')
    kv.before = async () => await theirs.put('d/x', [b('theirs')])
    await expect(mine.delete('d')).rejects.toThrow(DirectoryNotEmptyError)
    expect((await read(mine.get('d/x'))).toString()).toBe('theirs')
    // Putting into a folder that another writer deletes meanwhile: planned again, the folder is made again.
    await mine.mkdir('gone')
    kv.before = async () => await theirs.delete('gone')
    await mine.put('gone/file', [b('mine')])
    expect(await mine.stat('gone')).toMatchObject({ type: 'folder' })
    // Renaming a folder while another writer adds to it: the new entry moves too.
    await mine.put('r/a', [b('a')])
    kv.before = async () => await theirs.put('r/b', [b('b')])
    await mine.rename('r', 'r2')
    expect(pathsOf(await mine.readdir('r2'))).toEqual(['r2/a', 'r2/b'])
    await expect(mine.stat('r')).rejects.toThrow(PathNotFoundError)
  })

  it('gives up after three attempts and says so with the condition that failed', async () => {
    const kv = new RacingKv()
    const mine = new FileSystem(kv)
    const theirs = new FileSystem(kv)
    await mine.put('busy/file', [b('0')])
    let round = 0
    const interfere = async (): Promise<void> => {
      await theirs.put('busy/file', [b(String(++round))])
      if (round < 5) kv.before = interfere
    }
    kv.before = interfere
    await expect(mine.put('busy/file', [b('mine')])).rejects.toThrow(ConditionFailedError)
    expect(round).toBe(3)
  })

  it('a write refused because the capsule moved on while it was built (ChainMismatchError) is planned again too', async () => {
    const kv = new RacingKv()
    const fs = new FileSystem(kv)
    kv.before = async () => { throw new ChainMismatchError('key-value capsule moved on from record 0 while this write was built; try again') }
    await fs.put('moved/on', [b('x')])
    expect((await read(fs.get('moved/on'))).toString()).toBe('x')
    // Lost three times so: ConditionFailedError as docs/files.md says, not the last race's ChainMismatchError.
    let races = 0
    const moveOn = async (): Promise<void> => { races++; kv.before = moveOn; throw new ChainMismatchError('key-value capsule moved on while this write was built') }
    kv.before = moveOn
    await expect(fs.put('moved/again', [b('y')])).rejects.toThrow(/^3 plans of this write each lost a race to another writer; the last: key-value capsule moved on/)
    expect(races).toBe(3)
    kv.before = undefined
  })

  it('writes of one FileSystem wait for each other rather than race', async () => {
    const kv = new RacingKv()
    const fs = new FileSystem(kv)
    await Promise.all(Array.from({ length: 12 }, async (_, i) => await fs.put(`same/f${i}`, [b(String(i))])))
    expect(await fs.readdir('same')).toHaveLength(12)
    expect(kv.batches).toBe(12) // no write had to be planned again
  })

  it('keeps the namespace a tree under any sequence of operations, and agrees with a plain model of files and folders', async () => {
    const names = ['a', 'b', 'c']
    const pathArb = fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 3 }).map((n) => n.join('/'))
    const opArb = fc.oneof(
      fc.record({ op: fc.constant('put' as const), path: pathArb, content: fc.uint8Array({ maxLength: 40 }) }),
      fc.record({ op: fc.constant('mkdir' as const), path: pathArb, parents: fc.boolean() }),
      fc.record({ op: fc.constant('delete' as const), path: pathArb, recursive: fc.boolean() }),
      fc.record({ op: fc.constant('rename' as const), path: pathArb, to: pathArb, replace: fc.boolean() })
    )
    await fc.assert(fc.asyncProperty(fc.array(opArb, { maxLength: 14 }), async (ops) => {
      const kv = new MemoryKv()
      const fs = new FileSystem(kv)
      // The model: a map from path to content (a file) or null (a folder).
      const model = new Map<string, Uint8Array | null>()
      const below = (path: string): string[] => [...model.keys()].filter((p) => p.startsWith(`${path}/`))
      /** What adding a name at `path` meets above it: whether the nearest existing thing is a file, and the folders missing below it. */
      const above = (path: string): { file: boolean, missing: string[] } => {
        const folders = path.split('/').slice(0, -1).map((_, i, all) => all.slice(0, i + 1).join('/'))
        const missing: string[] = []
        for (const folder of folders.reverse()) {
          if (model.get(folder) instanceof Uint8Array) return { file: true, missing }
          if (model.has(folder)) break
          missing.unshift(folder)
        }
        return { file: false, missing }
      }
      for (const step of ops) {
        let expected: string | undefined // the error's name when the model says the operation fails
        const { path } = step
        if (step.op === 'put') {
          const { file, missing } = above(path)
          if (model.get(path) === null) expected = 'IsADirectoryError'
          else if (!model.has(path) && file) expected = 'NotADirectoryError'
          else { for (const folder of missing) model.set(folder, null); model.set(path, step.content) }
        } else if (step.op === 'mkdir') {
          const { file, missing } = above(path)
          if (model.has(path)) expected = model.get(path) === null && step.parents ? undefined : 'PathExistsError'
          else if (file) expected = 'NotADirectoryError'
          else if (missing.length > 0 && !step.parents) expected = 'PathNotFoundError'
          else { for (const folder of missing) model.set(folder, null); model.set(path, null) }
        } else if (step.op === 'delete') {
          if (!model.has(path)) expected = 'PathNotFoundError'
          else if (model.get(path) === null && below(path).length > 0 && !step.recursive) expected = 'DirectoryNotEmptyError'
          else { for (const p of [path, ...below(path)]) model.delete(p) }
        } else if (path === step.to) {
          // Onto itself: nothing to write, if there is something to move.
          if (!model.has(path)) expected = 'PathNotFoundError'
        } else {
          const { to } = step
          const { file, missing } = above(to)
          // Nothing to move comes first; a file moved below itself has a file for its parent (NotADirectoryError, below).
          if (!model.has(path)) expected = 'PathNotFoundError'
          else if (to.startsWith(`${path}/`) && !(model.get(path) instanceof Uint8Array)) expected = 'PathError'
          else if (model.has(to)) expected = step.replace && model.get(to) instanceof Uint8Array && model.get(path) instanceof Uint8Array ? undefined : 'PathExistsError'
          else if (file) expected = 'NotADirectoryError'
          else if (missing.length > 0) expected = 'PathNotFoundError'
          if (expected === undefined) {
            for (const p of [path, ...below(path)]) {
              const content = model.get(p)!
              model.delete(p)
              model.set(to + p.slice(path.length), content)
            }
          }
        }
        const run = step.op === 'put'
          ? fs.put(path, [step.content])
          : step.op === 'mkdir' ? fs.mkdir(path, { parents: step.parents }) : step.op === 'delete' ? fs.delete(path, { recursive: step.recursive }) : fs.rename(path, step.to, { replace: step.replace })
        const outcome = await run.then(() => undefined, (err: Error) => err.name)
        expect(outcome, `${JSON.stringify(step)} after ${JSON.stringify([...model.keys()])}`).toBe(expected)
      }
      // Every entry has a folder for its parent, and the entries are the model's.
      const entries = await (await kv.view()).range()
      const actual = new Map(entries.map((e) => {
        const path = pathOfKey(e.key).join('/')
        const entry = decodeFsEntry(e.value)
        return [path, entry.type === 'folder' ? null : entry] as const
      }))
      for (const path of actual.keys()) {
        const parent = parentPath(path.split('/')).join('/')
        expect(parent === '' || actual.get(parent) === null, `${path} has a folder for its parent`).toBe(true)
      }
      expect([...actual.keys()].sort()).toEqual([...model.keys()].sort())
      for (const [path, content] of model) {
        if (content === null) expect(actual.get(path)).toBeNull()
        else expect((await read(fs.get(path))).equals(content)).toBe(true)
      }
    }), { numRuns: 40 })
  })
})

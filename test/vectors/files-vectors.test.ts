// docs/vectors/files-v1.json is what docs/files.md promises; this test
// regenerates it from the code (UPDATE_VECTORS=1 rewrites it) and checks it
// with code of its own where it can: raw SHA-256, its own xorshift32, gear
// hash, cut points and page boundaries, a protobuf writer by hand, its own
// key layout and path rules, and a replay of the operations' batches.
import { createHash } from 'node:crypto'
import { committedVectors } from './committed.js'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { MalformedEntryError, MalformedMessageError, PathError } from '../../src/errors.js'
import { decodeFsEntry, decodeFsPage } from '../../src/files/format.js'
import { keyOfPath, newPathNames, pathNames, pathOfKey } from '../../src/files/path.js'
import { FileSystem } from '../../src/files/file-system.js'
import { decodeKvRecord, type KvOp, type KvRecord } from '../../src/kv/format.js'
import { MemoryKv } from '../files/memory-kv.js'
import { pb } from '../../src/wire/index.js'
import { generateFilesVectors } from './generate-files.js'

const file = join(import.meta.dirname, '../../docs/vectors/files-v1.json')
const h = (s: string): Buffer => Buffer.from(s, 'hex')
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const sha256 = (...parts: Uint8Array[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest()

// ---- code of its own ----

function varint (n: number): number[] {
  const out: number[] = []
  while (n >= 128) { out.push((n % 128) | 0x80); n = Math.floor(n / 128) }
  out.push(n)
  return out
}
const bytesField = (field: number, b: Uint8Array): number[] => b.length === 0 ? [] : [field * 8 + 2, ...varint(b.length), ...b]
const uintField = (field: number, n: number): number[] => n === 0 ? [] : [field * 8, ...varint(n)]

/** A key-value record (kv.md section 2) of the operations, by hand: one is recorded as itself (KvRecord's put 1, delete 2, as KvOp's), several as a batch (3). */
interface OpJson { type: 'put' | 'delete', key: string, value?: string }
const opBytes = (op: OpJson): number[] => op.type === 'put'
  ? bytesField(1, Buffer.from([...bytesField(1, h(op.key)), ...bytesField(2, h(op.value!))]))
  : bytesField(2, Buffer.from(bytesField(1, h(op.key))))
const kvRecordBytes = (ops: OpJson[]): Buffer => Buffer.from(ops.length === 1 ? opBytes(ops[0]!) : bytesField(3, Buffer.from(ops.flatMap((op) => bytesField(1, Buffer.from(opBytes(op)))))))
const describeOps = (r: KvRecord): OpJson[] => {
  const one = (op: KvOp): OpJson => op.type === 'put' ? { type: 'put', key: hex(op.key), value: hex(op.value) } : { type: 'delete', key: hex(op.key) }
  if (r.type === 'batch') return r.ops.map(one)
  if (r.type === 'put' || r.type === 'delete') return [one(r)]
  throw new Error(`a ${r.type} record, not a write`)
}

interface Ref { seqno: number, length: number, hash: string }
const refBytes = (r: Ref): Buffer => Buffer.from([...uintField(1, r.seqno), ...uintField(2, r.length), ...bytesField(3, h(r.hash))])
const pageBytes = (refs: Ref[]): Buffer => Buffer.from(refs.flatMap((r) => bytesField(1, refBytes(r))))

/** xorshift32 from `seed`, each state four bytes little-endian. */
function xorshift (size: number, seed: number): Buffer {
  const out = Buffer.alloc(Math.ceil(size / 4) * 4)
  let x = seed
  for (let at = 0; at < out.length; at += 4) {
    x ^= (x << 13) >>> 0; x >>>= 0
    x ^= x >>> 17
    x ^= (x << 5) >>> 0; x >>>= 0
    out.writeUInt32LE(x, at)
  }
  return out.subarray(0, size)
}

/** FastCDC cut offsets by docs/files.md section 5.1, over the whole input at once. */
function cuts (data: Buffer, gear: number[], limits: { minChunkLength: number, normalChunkLength: number, maxChunkLength: number }, masks: [number, number]): number[] {
  const ends: number[] = []
  let start = 0
  while (start < data.length) {
    const rest = data.length - start
    let end = start + Math.min(rest, limits.maxChunkLength)
    if (rest > limits.minChunkLength) {
      let fp = 0
      for (let i = limits.minChunkLength; i < Math.min(rest, limits.maxChunkLength); i++) {
        fp = (fp * 2 + gear[data[start + i]!]!) % 2 ** 32
        const mask = i < limits.normalChunkLength ? masks[0] : masks[1]
        if ((fp & mask) === 0) { end = start + i + 1; break }
      }
    }
    ends.push(end)
    start = end
  }
  return ends
}

/** The pages one level makes (docs/files.md section 5.2): a page ends after a boundary ref once it holds the minimum, or at the maximum. */
function paginate (refs: Ref[], limits: { minPageRefs: number, maxPageRefs: number, pageBoundaryModulus: number }): Ref[][] {
  const pages: Ref[][] = [[]]
  for (const ref of refs) {
    const open = pages[pages.length - 1]!
    const last = open[open.length - 1]
    const ended = open.length >= limits.maxPageRefs || (open.length >= limits.minPageRefs && last !== undefined && h(last.hash)[31]! % limits.pageBoundaryModulus === 0)
    if (ended) pages.push([ref])
    else open.push(ref)
  }
  return pages
}

/** A blob as docs/files.md section 5.3 queues it: a chunk or a page, its bytes' length and hash. */
interface Blob { kind: 'chunk' | 'page', length: number, sha256: string, content: number }

/**
 * The appends of a put of a file whose chunks are `chunks` (all new, none
 * twice) into an empty capsule, by section 5.3 step 2, and the top level:
 * blobs queued in order, a chunk that would take the queued data past the
 * group limit appending the queue first; after each append the refs of the
 * blobs queued before it join their level in order, a level's open page
 * ending when a ref joins it after a boundary, the page queued as a ref of
 * the level above; at the end, appends until nothing is queued, then from
 * level 0 up the first level that never ended a page is the top.
 */
function groupedPut (chunks: Array<{ length: number, sha256: string }>, limits: { maxGroupBytes: number, minPageRefs: number, maxPageRefs: number, pageBoundaryModulus: number }): { appends: Array<Array<Blob & { seqno: number }>>, height: number, top: Ref[] } {
  const appends: Array<Array<Blob & { seqno: number }>> = []
  let queue: Blob[] = []
  let waiting: Array<{ level: number, blob: Blob & { seqno?: number } }> = []
  const levels: Array<{ refs: Ref[], ended: number }> = []
  let seqno = 0
  const endsPage = (refs: Ref[]): boolean => refs.length >= limits.maxPageRefs || (refs.length >= limits.minPageRefs && h(refs[refs.length - 1]!.hash)[31]! % limits.pageBoundaryModulus === 0)
  const endPage = (level: number): void => {
    const open = levels[level]!
    const page = pageBytes(open.refs)
    const blob = { kind: 'page' as const, length: page.length, sha256: hex(sha256(page)), content: open.refs.reduce((n, r) => n + r.length, 0) }
    queue.push(blob)
    waiting.push({ level: level + 1, blob })
    open.refs = []
    open.ended++
  }
  const join = (level: number, ref: Ref): void => {
    const open = levels[level] ??= { refs: [], ended: 0 }
    if (open.refs.length > 0 && endsPage(open.refs)) endPage(level)
    open.refs.push(ref)
  }
  const flush = (): void => {
    if (queue.length > 0) appends.push(queue.map((blob) => Object.assign(blob, { seqno: seqno++ })))
    queue = []
    const ready = waiting
    waiting = []
    for (const { level, blob } of ready) join(level, { seqno: blob.seqno!, length: blob.content, hash: blob.sha256 })
  }
  for (const c of chunks) {
    if (queue.length > 0 && queue.reduce((n, b) => n + b.length, 0) + c.length > limits.maxGroupBytes) flush()
    const blob = { kind: 'chunk' as const, length: c.length, sha256: c.sha256, content: c.length }
    queue.push(blob)
    waiting.push({ level: 0, blob })
  }
  for (let level = 0; ; level++) {
    while (waiting.length > 0 || queue.length > 0) flush()
    if (levels[level]!.ended === 0) return { appends, height: level, top: levels[level]!.refs }
    endPage(level)
  }
}

/** The key of a path by section 3: the prefix, the folder's names joined by 01, a 00, the name. */
function keyOf (path: string, prefix: number): string {
  const names = path.split('/')
  const folder = names.slice(0, -1).map((n) => Buffer.from(n)).flatMap((n, i) => i === 0 ? [...n] : [0x01, ...n])
  return hex(Buffer.from([prefix, ...folder, 0x00, ...Buffer.from(names[names.length - 1]!)]))
}

/** The path rules of section 2, written here. */
function pathAllowed (path: string, limits: { maxPathBytes: number, maxNameBytes: number }): boolean {
  if (path.startsWith('/') || Buffer.byteLength(path) > limits.maxPathBytes) return false
  return path.split('/').every((n) => n !== '' && n !== '.' && n !== '..' && !/[\u0000-\u001f]/.test(n) && Buffer.byteLength(n) <= limits.maxNameBytes)
}

describe('file CAAPI test vectors', async () => {
  const v = committedVectors(file, await generateFilesVectors())

  it('the capsule is marked gdp.files = 1 and gdp.kv = 1, listed in the metadata\'s order', () => {
    expect(v.capsule.appFields.map((f: { key: string, value: string }) => [f.key, h(f.value).toString()])).toEqual([['gdp.files', '1'], ['gdp.kv', '1']])
  })

  it('the gear table is SHA-256 of the tag and each byte, first four bytes big-endian', () => {
    expect(h(v.chunking.gearTag).toString('latin1')).toBe('gdp/v1/files-gear\0')
    expect(v.chunking.gear).toEqual(Array.from({ length: 256 }, (_, i) => sha256(h(v.chunking.gearTag), Buffer.from([i])).subarray(0, 4).toString('hex')))
  })

  it('the file\'s chunks are the cut points of its bytes, each with its SHA-256', () => {
    const data = xorshift(v.file.input.size, v.file.input.seed)
    expect(hex(sha256(data))).toBe(v.file.contentHash)
    const gear = v.chunking.gear.map((g: string) => parseInt(g, 16))
    const ends = cuts(data, gear, v.limits, [parseInt(v.chunking.maskBeforeNormal, 16), parseInt(v.chunking.maskFromNormal, 16)])
    expect(v.file.chunks.map((c: { offset: number, length: number }) => c.offset + c.length)).toEqual(ends)
    for (const c of v.file.chunks) expect(c.sha256).toBe(hex(sha256(data.subarray(c.offset, c.offset + c.length))))
  })

  it('its pages split the chunk refs by the boundary rule, encode by hand to the stored bytes, and the entry holds the one page above them inline', () => {
    const refs: Ref[] = v.file.chunks.map((c: { seqno: number, length: number, sha256: string }) => ({ seqno: c.seqno, length: c.length, hash: c.sha256 }))
    const pages = paginate(refs, v.limits)
    expect(pages.map((p) => p.length)).toEqual(v.file.pages.map((p: { encoding: string }) => decodeFsPage(h(p.encoding), 0).refs.length))
    expect(pages[0]).toHaveLength(v.limits.minPageRefs) // the first boundary comes at the fewest refs a page ends at
    const pageRefs: Ref[] = pages.map((refsOfPage, i) => {
      const stored = v.file.pages[i]
      expect(hex(pageBytes(refsOfPage))).toBe(stored.encoding)
      expect(hex(sha256(h(stored.encoding)))).toBe(stored.hash)
      expect(refsOfPage.reduce((sum, r) => sum + r.length, 0)).toBe(stored.contentLength)
      return { seqno: stored.seqno, length: stored.contentLength, hash: stored.hash }
    })
    expect(paginate(pageRefs, v.limits)).toHaveLength(1)
    const fileBytes = Buffer.from([...uintField(1, v.file.input.size), ...bytesField(2, h(v.file.contentHash)), ...uintField(3, 1), ...pageRefs.flatMap((r) => bytesField(4, refBytes(r)))])
    expect(hex(Buffer.from(bytesField(1, fileBytes)))).toBe(v.file.entry)
    expect(decodeFsEntry(h(v.file.entry))).toMatchObject({ type: 'file', size: v.file.input.size, height: 1 })
  })

  it('a file of several groups goes in the appends section 5.3 says, pages ahead of the chunks after them, and its entry holds the top level', () => {
    const data = xorshift(v.groupedFile.input.size, v.groupedFile.input.seed)
    expect(hex(sha256(data))).toBe(v.groupedFile.contentHash)
    const gear = v.chunking.gear.map((g: string) => parseInt(g, 16))
    const ends = cuts(data, gear, v.limits, [parseInt(v.chunking.maskBeforeNormal, 16), parseInt(v.chunking.maskFromNormal, 16)])
    const chunks = ends.map((end, i) => { const from = i === 0 ? 0 : ends[i - 1]!; return { length: end - from, sha256: hex(sha256(data.subarray(from, end))) } })
    const { appends, height, top } = groupedPut(chunks, v.limits)
    expect(appends.map((a) => a.map(({ seqno, kind, length, sha256 }) => ({ seqno, kind, length, sha256 })))).toEqual(v.groupedFile.appends.map((a: { blobs: unknown[] }) => a.blobs))
    expect(appends.length).toBeGreaterThanOrEqual(3)
    const fileBytes = Buffer.from([...uintField(1, data.length), ...bytesField(2, h(v.groupedFile.contentHash)), ...uintField(3, height), ...top.flatMap((r) => bytesField(4, refBytes(r)))])
    expect(hex(Buffer.from(bytesField(1, fileBytes)))).toBe(v.groupedFile.entry)
  })

  it('a hand-built tree of height 2: its pages and entry encode by hand, a reader reads its ranges, and refuses it broken each way with the error given', async () => {
    const d = v.deepTree
    const data = d.blobs.map((x: { seqno: number, data: string }, i: number) => { expect(x.seqno).toBe(i); return h(x.data) }) as Buffer[]
    expect(Buffer.concat(data.slice(0, 5)).toString()).toBe(d.text)
    const refTo = (seqno: number, length: number): Ref => ({ seqno, length, hash: hex(sha256(data[seqno]!)) })
    const chunks = [0, 1, 2, 3, 4].map((i) => refTo(i, data[i]!.length))
    const lows = [[0, 1], [2], [3, 4]].map((ids, i) => { expect(hex(pageBytes(ids.map((c) => chunks[c]!))), `page ${5 + i}`).toBe(d.blobs[5 + i].data); return refTo(5 + i, ids.reduce((n, c) => n + chunks[c]!.length, 0)) })
    const highs = [[0, 1], [2]].map((ids, i) => { expect(hex(pageBytes(ids.map((p) => lows[p]!))), `page ${8 + i}`).toBe(d.blobs[8 + i].data); return refTo(8 + i, ids.reduce((n, p) => n + lows[p]!.length, 0)) })
    const text = Buffer.from(d.text)
    expect(hex(Buffer.from(bytesField(1, Buffer.from([...uintField(1, text.length), ...bytesField(2, sha256(text)), ...uintField(3, 2), ...highs.flatMap((r) => bytesField(4, refBytes(r)))]))))).toBe(d.entry)
    const read = async (entry: string, replaced: Array<{ seqno: number, data: string }>, start: number, end: number): Promise<string> => {
      const kv = new MemoryKv()
      await kv.appendBlobs(data.map((x, seqno) => { const r = replaced.find((b) => b.seqno === seqno); return r === undefined ? x : h(r.data) }))
      await kv.put(keyOfPath(pathNames(d.path)), h(entry))
      const parts: Uint8Array[] = []
      try {
        for await (const part of new FileSystem(kv).get(d.path, { start, end })) parts.push(part)
      } catch (err) {
        return (err as Error).name
      }
      return hex(Buffer.concat(parts))
    }
    for (const r of d.reads) {
      expect(r.bytes).toBe(hex(text.subarray(r.start, r.end)))
      expect(await read(d.entry, [], r.start, r.end), `[${r.start}, ${r.end})`).toBe(r.bytes)
    }
    expect(d.broken.length).toBeGreaterThanOrEqual(6)
    for (const c of d.broken) expect(await read(c.entry, c.blobs, c.read.start, c.read.end), c.rule).toBe(c.error)
  })

  it('paths have the keys of section 3 and folders the ranges; refused paths break the rules', () => {
    for (const { path, key } of v.keys.paths) {
      expect(pathAllowed(path, v.limits), path).toBe(true)
      expect(keyOf(path, v.keys.prefix)).toBe(key)
    }
    for (const { folder, children, subtree } of v.keys.ranges) {
      const part = [v.keys.prefix, ...(folder === '' ? [] : folder.split('/').flatMap((n: string, i: number) => i === 0 ? [...Buffer.from(n)] : [0x01, ...Buffer.from(n)]))]
      expect(children).toEqual({ gte: hex(Buffer.from([...part, 0x00])), lt: hex(Buffer.from([...part, 0x01])) })
      expect(subtree).toEqual(folder === '' ? { gte: hex(Buffer.from([v.keys.prefix])), lt: hex(Buffer.from([v.keys.prefix + 1])) } : { gte: hex(Buffer.from([...part, 0x00])), lt: hex(Buffer.from([...part, 0x02])) })
    }
    for (const { path, rule } of v.keys.refusedPaths) {
      expect(pathAllowed(path, v.limits), rule).toBe(false)
      expect(() => pathNames(path), rule).toThrow(PathError)
    }
    for (const { path, rule, key } of v.keys.writerRefusedPaths) {
      expect(/[\u007f-\u009f]/.test(path) && pathAllowed(path, v.limits), rule).toBe(true)
      expect(() => newPathNames(path), rule).toThrow(PathError)
      expect(keyOf(path, v.keys.prefix)).toBe(key)
      expect(pathOfKey(h(key)), rule).toEqual(path.split('/'))
    }
  })

  it('the operations\' batches, replayed with their conditions, make the final entries, and every entry has a folder for its parent', () => {
    const state = new Map<string, { value: string, seqno: number }>()
    const blobs = new Map<number, string>()
    let seqno = 0
    const parentKey = (key: string): string | undefined => {
      const bytes = h(key)
      const child = bytes.indexOf(0x00)
      if (child === 1) return undefined // a top-level name: its parent is the root, which has no entry
      const folder = bytes.subarray(1, child)
      const split = folder.lastIndexOf(0x01)
      return hex(Buffer.concat([bytes.subarray(0, 1), split < 0 ? Buffer.alloc(0) : folder.subarray(0, split), Buffer.from([0x00]), folder.subarray(split + 1)]))
    }
    const payloadKinds = new Set<string>()
    for (const { operation, appends } of v.operations) {
      for (const append of appends) {
        if (append.blobs !== undefined) {
          for (const blob of append.blobs) { expect(blob.seqno).toBe(seqno++); blobs.set(blob.seqno, blob.data) }
          continue
        }
        for (const c of append.batch.conditions) {
          if (c.absent === true) expect(state.has(c.key), operation).toBe(false)
          else expect(state.get(c.key)?.seqno, operation).toBe(c.seqno)
        }
        for (const op of append.batch.ops) {
          if (op.type === 'put') state.set(op.key, { value: op.value, seqno })
          else state.delete(op.key)
        }
        expect(append.batch.payload, `${operation}: the record, by hand`).toBe(hex(kvRecordBytes(append.batch.ops)))
        expect(describeOps(decodeKvRecord(h(append.batch.payload))), `${operation}: the record, decoded`).toEqual(append.batch.ops)
        payloadKinds.add(append.batch.ops.length === 1 ? 'one' : 'several')
        seqno++
        for (const key of state.keys()) {
          const parent = parentKey(key)
          if (parent !== undefined) expect(pb.FsEntry.decode(h(state.get(parent)!.value)).folder, `${operation}: the parent of ${key}`).toBeTruthy()
        }
      }
    }
    expect([...state.entries()].sort(([a], [b]) => Buffer.compare(h(a), h(b))).map(([key, e]) => ({ key, value: e.value, seqno: e.seqno }))).toEqual(v.finalEntries)
    // Every file's chunk is a blob whose data hashes to its ref; equal contents share their chunk.
    const files = v.finalEntries.map((e: { value: string }) => pb.FsEntry.decode(h(e.value)).file).filter((f: unknown) => f != null)
    for (const f of files) for (const r of f.refs) expect(hex(sha256(h(blobs.get(Number(r.seqno))!)))).toBe(hex(r.hash))
    expect([...payloadKinds].sort()).toEqual(['one', 'several'])
    expect(v.operations.find((o: { operation: string }) => o.operation.startsWith('put notes.txt')).appends.filter((a: { blobs?: unknown }) => a.blobs !== undefined)).toEqual([])
  })

  it('entries and pages a reader must refuse: each is refused, and a plain protobuf reader takes most of them', () => {
    expect(v.invalidEntries.length).toBeGreaterThan(10)
    for (const c of v.invalidEntries) {
      let lenient = true
      try { (c.type === 'entry' ? pb.FsEntry : pb.FsPage).decode(h(c.bytes)) } catch { lenient = false }
      expect(lenient, c.rule).toBe(c.lenientReaderAccepts)
      expect(() => c.type === 'entry' ? decodeFsEntry(h(c.bytes)) : decodeFsPage(h(c.bytes), 0), c.rule).toThrow(MalformedMessageError)
    }
  })

  it('an entry put with an encryption epoch: the key-value reader takes its record, the file reader refuses the path', async () => {
    expect(v.encryptedEntries.length).toBeGreaterThanOrEqual(1)
    for (const c of v.encryptedEntries) {
      expect(c.encryptionEpoch, c.rule).toBeGreaterThan(0)
      expect(decodeKvRecord(h(c.payload)), c.rule).toEqual({ type: 'put', key: new Uint8Array(h(c.key)), value: new Uint8Array(h(c.value)), encryptionEpoch: c.encryptionEpoch })
      expect(hex(keyOfPath(pathNames(c.path)))).toBe(c.key)
      decodeFsEntry(h(c.value)) // the value alone is a good entry: only the epoch is wrong
      const kv = new MemoryKv()
      await kv.put(h(c.key), h(c.value), { encryptionEpoch: c.encryptionEpoch })
      const fs = new FileSystem(kv)
      expect(c.error).toBe('MalformedEntryError')
      await expect(fs.stat(c.path), c.rule).rejects.toThrow(MalformedEntryError)
      await expect(fs.readdir(''), c.rule).rejects.toThrow(MalformedEntryError)
    }
  })

  it('keys that are the key of no path are refused', () => {
    for (const c of v.invalidKeys) expect(() => pathOfKey(h(c.key)), c.rule).toThrow(MalformedMessageError)
  })
})

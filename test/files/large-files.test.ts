// docs/files.md sections 5 and 8: large files. A 1 MiB edit in the middle
// of a 256 MiB file stores well under 2 MiB (the chunks it changed, the
// pages on their paths and the entry), and a file of a few hundred MiB goes
// in and out with the heap staying small. Contents are generated on the fly
// and blob data goes to a temporary file, so neither the test nor its KV
// holds a file in memory.
import { createCipheriv, createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { FileSystem } from '../../src/files/file-system.js'
import { FileBlobStorage, MemoryKv } from './memory-kv.js'
import { collectGarbage } from '../full-collection.js'

const MiB = 1024 * 1024

/** A replacement of `length` bytes at `at` (an overwrite), or an insertion of them there. */
interface Edit { at: number, length: number, insert: boolean, seed: number }

/**
 * `size` pseudo-random bytes from `seed` in pieces of 1 MiB, with an edit
 * spliced in: the stream is made as it is read, a piece at a time.
 */
async function * generated (size: number, seed: number, edit?: Edit, onPiece?: (offset: number) => Promise<void>): AsyncGenerator<Uint8Array> {
  const base = createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16))
  const piece = Buffer.alloc(MiB)
  let offset = 0
  for (let at = 0; at < size; at += MiB) {
    const length = Math.min(MiB, size - at)
    if (edit !== undefined && at === edit.at) {
      const replacement = createCipheriv('aes-128-ctr', Buffer.alloc(16, edit.seed), Buffer.alloc(16)).update(Buffer.alloc(edit.length))
      if (!edit.insert) base.update(piece.subarray(0, edit.length)) // the bytes it replaces, skipped
      yield replacement
      offset += edit.length
      if (!edit.insert && edit.length === MiB) continue
    }
    yield base.update(piece.subarray(0, length))
    offset += length
    await onPiece?.(offset)
  }
}

async function digestOf (stream: AsyncIterable<Uint8Array>, onPart?: (offset: number) => Promise<void>): Promise<string> {
  const hash = createHash('sha256')
  let offset = 0
  for await (const part of stream) {
    hash.update(part)
    offset += part.length
    await onPart?.(offset)
  }
  return hash.digest('hex')
}

let kv: MemoryKv | undefined
afterEach(() => kv?.close())

describe('large files', () => {
  it('a 1 MiB edit in the middle of a 256 MiB file stores under 2 MiB: overwritten or inserted', async () => {
    kv = new MemoryKv({ blobs: new FileBlobStorage() })
    const fs = new FileSystem(kv)
    const size = 256 * MiB
    const original = await fs.put('big.bin', generated(size, 1))
    expect(original.file.size).toBe(size)
    expect(original.stored.bytes).toBeGreaterThan(size)
    expect(original.stored.bytes).toBeLessThan(size * 1.002) // chunk lists in pages: about 0.07% of the content
    /** What a put appended: its new blobs' data and its entry's record. */
    const storedBy = async (stream: AsyncIterable<Uint8Array>): Promise<{ put: typeof original, bytes: number }> => {
      const put = await fs.put('big.bin', stream)
      const entry = kv!.appends.at(-1)!
      expect(entry.type).toBe('batch')
      return { put, bytes: put.stored.bytes + entry.bytes }
    }
    const overwritten = await storedBy(generated(size, 1, { at: 128 * MiB, length: MiB, insert: false, seed: 2 }))
    expect(overwritten.put.file.size).toBe(size)
    const insert: Edit = { at: 128 * MiB, length: MiB, insert: true, seed: 3 }
    const inserted = await storedBy(generated(size, 1, insert))
    expect(inserted.put.file.size).toBe(size + MiB)
    // The edit's own MiB, a chunk on either side, and the pages above them: well below 2 MiB.
    for (const { put, bytes } of [overwritten, inserted]) {
      expect(put.stored.bytes).toBeGreaterThan(MiB)
      expect(bytes).toBeLessThan(1.5 * MiB)
    }
    console.log(`1 MiB edit in a 256 MiB file stored ${overwritten.bytes} bytes in ${overwritten.put.stored.blobs} blobs and the entry (overwrite), ${inserted.bytes} in ${inserted.put.stored.blobs} (insertion); the file itself ${original.stored.bytes} bytes in ${original.stored.blobs} blobs`)
    // The new version reads back as it was written (the read checks its content hash too).
    expect(await digestOf(fs.get('big.bin'))).toBe(await digestOf(generated(size, 1, insert)))
  })

  it('puts and reads back a 320 MiB file with the heap and buffers growing by less than 32 MiB', async () => {
    const used = (): number => { collectGarbage(); const m = process.memoryUsage(); return m.heapUsed + m.arrayBuffers }
    // Buffers a collection frees are released a moment later, by another thread: each measure waits for them.
    const settled = async (): Promise<number> => { used(); await new Promise((resolve) => setTimeout(resolve, 50)); return used() }
    kv = new MemoryKv({ blobs: new FileBlobStorage() })
    const fs = new FileSystem(kv)
    const size = 320 * MiB
    const before = await settled()
    let peak = 0
    let samples = 0
    let next = 0
    const sample = async (offset: number): Promise<void> => {
      if (offset < next) return
      next = offset + 32 * MiB
      samples++
      peak = Math.max(peak, await settled() - before)
    }
    const put = await fs.put('huge.bin', generated(size, 4, undefined, sample))
    expect(put.file.size).toBe(size)
    next = 0
    expect(await digestOf(fs.get('huge.bin'), sample)).toBe(Buffer.from(put.file.contentHash).toString('hex'))
    expect(samples).toBeGreaterThanOrEqual(20)
    const after = await settled() - before
    console.log(`320 MiB put and get: memory grew by ${(peak / MiB).toFixed(1)} MiB at most while streaming, ${(after / MiB).toFixed(1)} MiB after`)
    // A group of 4 MiB, a chunk window, chunks read ahead, and the KV's own index of 4,500 blobs.
    expect(peak).toBeLessThan(32 * MiB)
    expect(after).toBeLessThan(16 * MiB)
  })
})

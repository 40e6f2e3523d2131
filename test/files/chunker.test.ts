// docs/files.md section 5.1: content-defined chunking. Cuts depend on the
// bytes alone (not on how the stream is split), chunks keep their bounds,
// an edit moves only the cuts near it, and the chunker copies what it keeps.
// The addon's cuts are the reference's.
import { createCipheriv, createHash } from 'node:crypto'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { fileURLToPath } from 'node:url'
import { chunkContent, cutPoint, GEAR, GEAR_TAG, MASK_BEFORE_NORMAL, MASK_FROM_NORMAL, MIN_CHUNK_LENGTH, NORMAL_CHUNK_LENGTH } from '../../src/files/chunker.js'
import { MAX_CHUNK_LENGTH } from '../../src/files/format.js'
import { checkedCutPoint, nativeCutPoint, type GearAddon } from '../../src/files/native-gear.js'

/** Pseudo-random bytes, the same for a seed. */
function randomBytes (length: number, seed: number): Uint8Array {
  return createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16)).update(Buffer.alloc(length))
}

async function chunksOf (pieces: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for await (const chunk of chunkContent(pieces)) out.push(chunk)
  return out
}

const digest = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe('cut points', () => {
  it('the gear table is SHA-256 of the tag and each byte value, first four bytes big-endian', () => {
    expect(GEAR).toHaveLength(256)
    for (const i of [0, 1, 127, 255]) {
      expect(GEAR[i]).toBe(createHash('sha256').update(Buffer.concat([Buffer.from(GEAR_TAG, 'latin1'), Buffer.from([i])])).digest().readUInt32BE(0))
    }
  })

  it('no cut before MIN_CHUNK_LENGTH, always one at MAX_CHUNK_LENGTH', () => {
    const data = randomBytes(MAX_CHUNK_LENGTH, 1)
    expect(cutPoint(data, MIN_CHUNK_LENGTH)).toBe(MIN_CHUNK_LENGTH)
    expect(cutPoint(data, 100)).toBe(100)
    // Bytes whose hash never has the mask's bits clear: zeros keep the hash at one value that does not.
    expect(cutPoint(new Uint8Array(MAX_CHUNK_LENGTH + 10), MAX_CHUNK_LENGTH + 10)).toBe(MAX_CHUNK_LENGTH)
  })

  it('a cut found in the bytes given is the cut with more bytes given', () => {
    const data = randomBytes(MAX_CHUNK_LENGTH, 2)
    const full = cutPoint(data, MAX_CHUNK_LENGTH)
    expect(full).toBeGreaterThan(MIN_CHUNK_LENGTH)
    expect(full).toBeLessThan(MAX_CHUNK_LENGTH)
    expect(cutPoint(data, full)).toBe(full)
    expect(cutPoint(data, full - 1)).toBe(full - 1) // no cut yet: all it was given
  })
})

describe('chunkContent', () => {
  const data = randomBytes(3 * 1024 * 1024 + 12_345, 3)
  let whole: Uint8Array[]

  it('cuts a stream into chunks of MIN to MAX bytes (the last may be shorter) that make the stream again', async () => {
    whole = await chunksOf([data])
    expect(whole.length).toBeGreaterThan(20)
    for (const chunk of whole.slice(0, -1)) {
      expect(chunk.length).toBeGreaterThanOrEqual(MIN_CHUNK_LENGTH)
      expect(chunk.length).toBeLessThanOrEqual(MAX_CHUNK_LENGTH)
    }
    expect(digest(Buffer.concat(whole))).toBe(digest(data))
    // The normalised cut condition keeps most chunks near the middle.
    const mean = data.length / whole.length
    expect(mean).toBeGreaterThan(NORMAL_CHUNK_LENGTH * 0.8)
    expect(mean).toBeLessThan(NORMAL_CHUNK_LENGTH * 1.5)
    expect(await chunksOf([])).toEqual([])
    expect((await chunksOf([new Uint8Array(0), data.subarray(0, 10)])).map((c) => c.length)).toEqual([10])
  })

  it('the cuts depend on the bytes alone, not on the pieces they come in', async () => {
    const expected = whole.map(digest)
    await fc.assert(fc.asyncProperty(fc.array(fc.integer({ min: 1, max: 400_000 }), { minLength: 1, maxLength: 12 }), async (sizes) => {
      const pieces: Uint8Array[] = []
      let at = 0
      for (let i = 0; at < data.length; i++) {
        const size = sizes[i % sizes.length]!
        pieces.push(data.subarray(at, at + size))
        at += size
      }
      expect((await chunksOf(pieces)).map(digest)).toEqual(expected)
    }), { numRuns: 15 })
  })

  it('an insertion in the middle changes the chunks around it only', async () => {
    const edited = Buffer.concat([data.subarray(0, 1_500_000), Buffer.from('a hundred bytes or so, inserted in the middle of the file'.repeat(2)), data.subarray(1_500_000)])
    const before = new Set(whole.map(digest))
    const after = await chunksOf([edited])
    const changed = after.filter((c) => !before.has(digest(c)))
    expect(changed.length).toBeGreaterThanOrEqual(1)
    expect(changed.length).toBeLessThanOrEqual(2)
  })

  it('keeps a copy of what it holds, so a source may reuse its buffer', async () => {
    async function * reusing (): AsyncGenerator<Uint8Array> {
      const buffer = new Uint8Array(50_000)
      for (let at = 0; at < data.length; at += buffer.length) {
        buffer.fill(0)
        buffer.set(data.subarray(at, at + buffer.length))
        yield buffer.subarray(0, Math.min(buffer.length, data.length - at))
      }
    }
    expect((await chunksOf(reusing())).map(digest)).toEqual(whole.map(digest))
  })
})

describe('the chunker addon (src/files/native/gear.c)', () => {
  it('is built here, and cuts where the reference does: any window, any length given, at and past each limit', async () => {
    expect(nativeCutPoint()).toBeDefined()
    const cut = nativeCutPoint()!
    const bytes = randomBytes(4 * 1024 * 1024, 7)
    const lengths = [0, 1, MIN_CHUNK_LENGTH - 1, MIN_CHUNK_LENGTH, MIN_CHUNK_LENGTH + 1, NORMAL_CHUNK_LENGTH - 1, NORMAL_CHUNK_LENGTH, NORMAL_CHUNK_LENGTH + 1, MAX_CHUNK_LENGTH - 1, MAX_CHUNK_LENGTH, MAX_CHUNK_LENGTH + 1, 2 * MAX_CHUNK_LENGTH]
    for (let at = 0; at + 2 * MAX_CHUNK_LENGTH <= bytes.length; at += 100_003) {
      for (const length of lengths) expect(cut(bytes.subarray(at), length)).toBe(cutPoint(bytes.subarray(at), length))
    }
    // Uniform bytes, where the hash settles into a cycle: a cut at once or none until the limit.
    for (const fill of [0, 0xff, 0x55]) {
      const same = new Uint8Array(MAX_CHUNK_LENGTH + 10).fill(fill)
      for (const length of lengths.filter((l) => l <= same.length)) expect(cut(same, length)).toBe(cutPoint(same, length))
    }
    // A whole stream, chunked with either, the same chunks.
    const pieces = (): Uint8Array[] => Array.from({ length: 64 }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536))
    const withAddon: string[] = []
    for await (const chunk of chunkContent(pieces(), cut)) withAddon.push(digest(chunk))
    expect(withAddon).toEqual((await chunksOf(pieces())).map(digest))
  })

  it('refuses arguments that are not what it takes with a TypeError, reading nothing past the bytes it was given', () => {
    const { cutPoint: raw } = loadedAddon()
    const bytes = new Uint8Array(100)
    const args = [bytes, 100, GEAR, MIN_CHUNK_LENGTH, NORMAL_CHUNK_LENGTH, MAX_CHUNK_LENGTH, MASK_BEFORE_NORMAL, MASK_FROM_NORMAL] as const
    expect(raw(...args)).toBe(100)
    const bad: unknown[][] = [
      [...args.slice(0, 1), 101, ...args.slice(2)],
      [...args.slice(0, 2), new Uint32Array(255), ...args.slice(3)],
      [new Uint16Array(100), ...args.slice(1)],
      args.slice(0, 7),
      [...args.slice(0, 1), -1, ...args.slice(2)]
    ]
    for (const b of bad) expect(() => (raw as (...a: unknown[]) => number)(...b)).toThrow(TypeError)
  })

  it('is not used when it cuts anywhere else than the reference', () => {
    const off: GearAddon = { cutPoint: (data, available, ...rest) => { const c = loadedAddon().cutPoint(data, available, ...rest); return available === NORMAL_CHUNK_LENGTH + 1 ? c + 1 : c } }
    expect(checkedCutPoint(off)).toBeUndefined()
    expect(checkedCutPoint(loadedAddon())).toBeDefined()
  })
})

/** The built addon itself, as src/files/native-gear.ts loads it. */
function loadedAddon (): GearAddon {
  const module = { exports: {} as GearAddon }
  process.dlopen(module, fileURLToPath(new URL('../../dist/native/gdp-gear.node', import.meta.url)))
  return module.exports
}

// docs/files.md sections 1, 4 and 5: file entries and chunk-tree pages.
// Every limit at and past it, the malformed and non-canonical encodings a
// reader refuses, and properties of both decoders (round trip, only
// MalformedMessageError on any bytes); the application fields.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { newMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { InvalidArgumentError, MalformedMessageError } from '../../src/errors.js'
import { onlyMalformed } from '../helpers.js'
import {
  decodeFsEntry, decodeFsPage, encodeFsEntry, encodeFsPage, filesAppFields, MAX_CHUNK_LENGTH, MAX_ENCODED_LENGTH, MAX_PAGE_REFS, MAX_TREE_HEIGHT,
  requireFilesCapsule, type FsBlobRef, type FsEntry, type FsFile
} from '../../src/files/format.js'
import { kvAppField } from '../../src/kv/format.js'
import { pb, protoWriter } from '../../src/wire/index.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const raw = (build: (w: ReturnType<typeof protoWriter>) => void): Uint8Array => { const w = protoWriter(); build(w); return w.finish() }
const hash = (n: number): Uint8Array => new Uint8Array(32).fill(n)
const ref = (seqno: number, length: number, h = hash(seqno % 256)): FsBlobRef => ({ seqno, length, hash: h })
const fileOf = (refs: FsBlobRef[], height = 0): FsFile => ({ type: 'file', size: refs.reduce((s, r) => s + r.length, 0), contentHash: hash(0xcc), height, refs })
/** An FsEntry holding the given FsFile bytes. */
const fileEntry = (fileBytes: Uint8Array): Uint8Array => raw((w) => w.uint32(10).bytes(fileBytes))
const refBytes = (r: { seqno?: number, length?: number, hash?: Uint8Array }): Uint8Array => pb.FsBlobRef.encode(r).finish()

/** Plain values for toEqual: Buffers and Uint8Arrays compare alike. */
function normalize (x: unknown): unknown {
  if (x instanceof Uint8Array) return hex(x)
  if (Array.isArray(x)) return x.map(normalize)
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normalize(v)]))
  return x
}

// ---- arbitraries ----

const uint = fc.oneof(fc.constant(0), fc.nat(100_000), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
const refArb = (height: number): fc.Arbitrary<FsBlobRef> => fc.record({
  seqno: uint,
  length: fc.integer({ min: 1, max: height === 0 ? MAX_CHUNK_LENGTH : 2 ** 40 }),
  hash: fc.uint8Array({ minLength: 32, maxLength: 32 })
})
const fileArb: fc.Arbitrary<FsEntry> = fc.integer({ min: 0, max: MAX_TREE_HEIGHT }).chain((height) =>
  fc.tuple(fc.array(refArb(height), { minLength: height === 0 ? 0 : 1, maxLength: 12 }), fc.uint8Array({ minLength: 32, maxLength: 32 }))
    .map(([refs, contentHash]): FsEntry => ({ ...fileOf(refs, refs.length === 0 ? 0 : height), contentHash })))
const entryArb = fc.oneof(fc.constant<FsEntry>({ type: 'folder' }), fileArb)

describe('encoding', () => {
  it('a folder, an empty file and a small file are the canonical FsEntry the documentation shows', () => {
    expect(hex(encodeFsEntry({ type: 'folder' }))).toBe('1200')
    const empty = encodeFsEntry({ type: 'file', size: 0, contentHash: sha256(new Uint8Array(0)), height: 0, refs: [] })
    expect(hex(empty)).toBe(`0a221220${hex(sha256(new Uint8Array(0)))}`)
    // size 5, content hash, one chunk ref (seqno 0 left out, length 5, hash).
    expect(hex(encodeFsEntry(fileOf([ref(0, 5, hash(1))])))).toBe(`0a4a08051220${'cc'.repeat(32)}222410051a20${'01'.repeat(32)}`)
    expect(hex(encodeFsPage({ refs: [ref(3, 7, hash(2))] }, 0))).toBe(`0a26080310071a20${'02'.repeat(32)}`)
  })

  it('decode(encode(x)) = x for entries and pages', () => {
    fc.assert(fc.property(entryArb, (entry) => {
      const encoded = encodeFsEntry(entry)
      expect(normalize(decodeFsEntry(encoded))).toEqual(normalize(entry))
    }), { numRuns: 500 })
    fc.assert(fc.property(fc.integer({ min: 0, max: 3 }).chain((h) => fc.tuple(fc.constant(h), fc.array(refArb(h), { minLength: 1, maxLength: 12 }))), ([height, refs]) => {
      expect(normalize(decodeFsPage(encodeFsPage({ refs }, height), height))).toEqual(normalize({ refs }))
    }), { numRuns: 300 })
  })

  it('any bytes decode to an entry or a page whose encoding they are, or are refused with MalformedMessageError', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
      onlyMalformed(() => expect(hex(encodeFsEntry(decodeFsEntry(bytes)))).toBe(hex(bytes)))
      onlyMalformed(() => expect(hex(encodeFsPage(decodeFsPage(bytes, 0), 0))).toBe(hex(bytes)))
    }), { numRuns: 3000 })
    // Mutations of valid encodings reach further into the decoders than random bytes do.
    fc.assert(fc.property(entryArb, fc.nat(), fc.integer({ min: 0, max: 255 }), (entry, at, byte) => {
      const bytes = new Uint8Array(encodeFsEntry(entry))
      bytes[at % bytes.length] = byte
      onlyMalformed(() => expect(hex(encodeFsEntry(decodeFsEntry(bytes)))).toBe(hex(bytes)))
    }), { numRuns: 2000 })
  })
})

describe('limits, at and past', () => {
  it(`refs: at most ${MAX_PAGE_REFS} in an entry and in a page, counted before decoding`, () => {
    const refs = (n: number): FsBlobRef[] => Array.from({ length: n }, (_, i) => ref(i, 1000))
    expect((decodeFsEntry(encodeFsEntry(fileOf(refs(MAX_PAGE_REFS)))) as FsFile).refs).toHaveLength(MAX_PAGE_REFS)
    expect(decodeFsPage(encodeFsPage({ refs: refs(MAX_PAGE_REFS) }, 0), 0).refs).toHaveLength(MAX_PAGE_REFS)
    expect(() => encodeFsEntry(fileOf(refs(MAX_PAGE_REFS + 1)))).toThrow(/513 refs, at most 512/)
    expect(() => encodeFsPage({ refs: refs(MAX_PAGE_REFS + 1) }, 0)).toThrow(InvalidArgumentError)
    const over = refs(MAX_PAGE_REFS + 1).map((r) => ({ seqno: r.seqno, length: r.length, hash: r.hash }))
    expect(() => decodeFsEntry(pb.FsEntry.encode({ file: { size: 513_000, contentHash: hash(1), refs: over } }).finish())).toThrow(/more than 512 refs/)
    expect(() => decodeFsPage(pb.FsPage.encode({ refs: over }).finish(), 0)).toThrow(/more than 512 refs/)
    // Empty refs take two bytes each: 513 of them are refused by the count, not after protobufjs made 513 objects.
    const emptyRefs = (n: number): Uint8Array => Buffer.from(new Array(n).fill([0x0a, 0x00]).flat())
    expect(() => decodeFsPage(emptyRefs(MAX_PAGE_REFS), 0)).toThrow(/length 0 is not an integer in \[1/)
    expect(() => decodeFsPage(emptyRefs(MAX_PAGE_REFS + 1), 0)).toThrow(/more than 512 refs/)
  })

  it(`encoded entries and pages: at most ${MAX_ENCODED_LENGTH} bytes, refused before decoding; the largest legal one fits`, () => {
    const largest = Array.from({ length: MAX_PAGE_REFS }, () => ref(Number.MAX_SAFE_INTEGER, 2 ** 40))
    const entry = encodeFsEntry({ ...fileOf(largest, MAX_TREE_HEIGHT) })
    expect(entry.length).toBeLessThanOrEqual(MAX_ENCODED_LENGTH)
    expect(() => decodeFsEntry(new Uint8Array(MAX_ENCODED_LENGTH + 1))).toThrow(/32769 bytes, at most 32768/)
    expect(() => decodeFsPage(new Uint8Array(MAX_ENCODED_LENGTH + 1), 0)).toThrow(/32769 bytes, at most 32768/)
    // Exactly at the limit the bytes are read, and refused for what they hold: a run of unknown varint fields, no refs.
    const unknownFields = new Uint8Array(MAX_ENCODED_LENGTH).map((_, i) => i % 2 === 0 ? 0x10 : 0x01)
    expect(() => decodeFsPage(unknownFields, 0)).toThrow(/a page holds at least one ref/)
  })

  it(`heights: 0 to ${MAX_TREE_HEIGHT}`, () => {
    expect((decodeFsEntry(encodeFsEntry(fileOf([ref(1, 10)], MAX_TREE_HEIGHT))) as FsFile).height).toBe(MAX_TREE_HEIGHT)
    expect(() => encodeFsEntry(fileOf([ref(1, 10)], MAX_TREE_HEIGHT + 1))).toThrow(/height 13 is not in \[0, 12\]/)
    expect(() => decodeFsEntry(fileEntry(raw((w) => w.uint32(8).uint32(10).uint32(18).bytes(hash(1)).uint32(24).uint32(13).uint32(34).bytes(refBytes(ref(1, 10))))))).toThrow(/height 13/)
  })

  it(`chunks: 1 to ${MAX_CHUNK_LENGTH} bytes at height 0; a page's ref holds any length`, () => {
    expect(() => encodeFsEntry(fileOf([ref(1, MAX_CHUNK_LENGTH)]))).not.toThrow()
    expect(() => encodeFsEntry(fileOf([ref(1, MAX_CHUNK_LENGTH + 1)]))).toThrow(/a chunk of 262145 bytes, at most 262144/)
    expect(() => encodeFsEntry(fileOf([ref(1, MAX_CHUNK_LENGTH + 1)], 1))).not.toThrow()
    expect(() => decodeFsPage(pb.FsPage.encode({ refs: [ref(1, MAX_CHUNK_LENGTH + 1)] }).finish(), 0)).toThrow(/a chunk of 262145 bytes/)
    expect(() => encodeFsEntry(fileOf([ref(1, 0)]))).toThrow(/length 0/)
  })

  it('sizes: the refs must hold exactly the size, below 2^53', () => {
    expect(() => encodeFsEntry({ ...fileOf([ref(1, 10)]), size: 11 })).toThrow(/refs hold 10 bytes, its size says 11/)
    expect(() => decodeFsEntry(fileEntry(raw((w) => w.uint32(8).uint32(11).uint32(18).bytes(hash(1)).uint32(34).bytes(refBytes(ref(1, 10))))))).toThrow(/refs hold 10 bytes, its size says 11/)
    const huge = ref(1, 2 ** 52)
    expect(() => encodeFsEntry({ type: 'file', size: 2 ** 53, contentHash: hash(1), height: 1, refs: [huge, huge] })).toThrow(/2\^53/)
  })
})

describe('malformed and non-canonical encodings are refused with MalformedMessageError', () => {
  const small = refBytes(ref(1, 10))
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['empty bytes: an entry with no member', () => decodeFsEntry(new Uint8Array(0)), /neither a file nor a folder/],
    ['a file and a folder', () => decodeFsEntry(raw((w) => w.uint32(10).bytes(new Uint8Array(0)).uint32(18).bytes(new Uint8Array(0)))), /canonical/],
    ['an unknown field', () => decodeFsEntry(raw((w) => w.uint32(18).bytes(new Uint8Array(0)).uint32(3 * 8).uint32(1))), /canonical/],
    ['an unknown field in the folder', () => decodeFsEntry(raw((w) => w.uint32(18).bytes(raw((f) => f.uint32(8).uint32(1))))), /canonical/],
    ['a default written out (size 0)', () => decodeFsEntry(fileEntry(raw((w) => w.uint32(8).uint32(0).uint32(18).bytes(sha256(new Uint8Array(0)))))), /canonical/],
    ['fields out of order', () => decodeFsEntry(fileEntry(raw((w) => w.uint32(18).bytes(hash(1)).uint32(8).uint32(10).uint32(34).bytes(small)))), /canonical/],
    ['a non-minimal varint', () => decodeFsPage(Uint8Array.from([0x0a, 0x80 | small.length, 0x00, ...small]), 0), /canonical/],
    ['a content hash of 31 bytes', () => decodeFsEntry(fileEntry(raw((w) => w.uint32(18).bytes(new Uint8Array(31))))), /content hash must be 32 bytes, got 31/],
    ['a ref hash of 33 bytes', () => decodeFsPage(pb.FsPage.encode({ refs: [{ seqno: 1, length: 1, hash: new Uint8Array(33) }] }).finish(), 0), /hash must be 32 bytes, got 33/],
    ['a seqno of 2^53', () => decodeFsPage(raw((w) => w.uint32(10).bytes(raw((r) => r.uint32(8).uint64(2 ** 53).uint32(16).uint32(1).uint32(26).bytes(hash(1))))), 0), /not an integer in \[0, 2\^53\)/],
    ['an empty page', () => decodeFsPage(new Uint8Array(0), 0), /at least one ref/],
    ['an empty file of height 1', () => decodeFsEntry(fileEntry(raw((w) => w.uint32(18).bytes(sha256(new Uint8Array(0))).uint32(24).uint32(1)))), /empty file has height 0/],
    ['a wrong wire type', () => decodeFsEntry(raw((w) => w.uint32(8).uint32(1))), /neither a file nor a folder/],
    ['a fixed64 field, which no file message uses', () => decodeFsEntry(raw((w) => w.uint32(10).bytes(raw((f) => f.uint32(33).fixed64(1))))), /wire type 1/],
    ['a truncated message', () => decodeFsEntry(Uint8Array.from([0x0a, 0x06, 0x08])), /runs past the end/]
  ]
  for (const [what, decode, why] of cases) {
    it(what, () => {
      expect(decode).toThrow(MalformedMessageError)
      expect(decode).toThrow(why)
    })
  }
})

describe('the capsule', () => {
  const key = new Ed25519Signer(new Uint8Array(32).fill(1)).publicKey
  const metadataWith = (appFields: Array<{ key: string, value: Uint8Array }>): ReturnType<typeof newMetadata> => newMetadata({ owner: key, writer: key, createdAtUs: 1, appFields, nonce: new Uint8Array(8) })

  it('a file capsule carries gdp.files = 1 and gdp.kv = 1, in the metadata\'s order', () => {
    const fields = filesAppFields()
    expect(fields.map((f) => [f.key, Buffer.from(f.value).toString()])).toEqual([['gdp.files', '1'], ['gdp.kv', '1']])
    requireFilesCapsule(metadataWith(fields))
  })

  it('refuses a capsule without gdp.files, with another version, or without gdp.kv', () => {
    expect(() => requireFilesCapsule(metadataWith([kvAppField()]))).toThrow(/not a file capsule: its metadata has no gdp.files field/)
    expect(() => requireFilesCapsule(metadataWith([kvAppField(), { key: 'gdp.files', value: Buffer.from('2') }]))).toThrow(/version '2' is not supported/)
    expect(() => requireFilesCapsule(metadataWith([{ key: 'gdp.files', value: Buffer.from('1') }]))).toThrow(/not a key-value capsule/)
  })
})

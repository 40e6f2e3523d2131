// docs/files.md through LocalKv and through a RemoteKv on the overlay (small
// answer pages, chunks read in runs): random edits of file contents (bytes
// written inside a file, at its end, past it leaving a hole of zeros,
// truncations and extensions), each stored as a put, with moves and deletes,
// read back whole and by random ranges at the latest and at every older
// version, against a model of byte arrays. Files of up to about 1 MiB, so
// edits fall inside chunks, across chunk boundaries and across pages of the
// chunk list.
import { createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { PathNotFoundError, RangeNotSatisfiableError } from '../../src/errors.js'
import { etagOf, FileSystem } from '../../src/files/file-system.js'
import { filesAppFields, requireFilesCapsule } from '../../src/files/format.js'
import { LocalKv } from '../../src/kv/local.js'
import { RemoteKv } from '../../src/kv/remote.js'
import { seededBytes } from '../helpers.js'
import { kvOverlay, type KvOverlay } from '../kv/overlay.js'
import { storePerFile } from '../kv/store-per-file.js'

async function read (stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const pieces: Uint8Array[] = []
  for await (const piece of stream) pieces.push(piece)
  return Buffer.concat(pieces)
}

/** Pieces of a few sizes, so chunk cuts fall inside and at the ends of what the stream gives. */
function * piecesOf (data: Buffer, size: number): Generator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size)
}

const PATHS = ['a', 'b', 'dir/c']

type Edit =
  /** New content of `size` bytes. */
  | { type: 'replace', path: number, size: number, seed: number }
  /** `length` bytes written at `offset` (a fraction of the size: < 1 inside, 1 at the end, > 1 past it, leaving zeros between). */
  | { type: 'write', path: number, offset: number, length: number, seed: number }
  /** Cut to, or extended with zeros to, `size` as a fraction of the size. */
  | { type: 'truncate', path: number, size: number }
  | { type: 'rename', path: number, to: number }
  | { type: 'delete', path: number }
  /** A range of a file at a version, both picked among those there are. */
  | { type: 'read', path: number, version: number, from: number, to: number }

const pathArb = fc.nat(PATHS.length - 1)
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant('replace' as const), path: pathArb, size: fc.oneof(fc.nat(100), fc.integer({ min: 60_000, max: 1_100_000 })), seed: fc.nat(255) }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('write' as const), path: pathArb, offset: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(1), fc.double({ min: 1, max: 1.3, noNaN: true })), length: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 300_000 })), seed: fc.nat(255) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('truncate' as const), path: pathArb, size: fc.double({ min: 0, max: 1.2, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('rename' as const), path: pathArb, to: pathArb }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('delete' as const), path: pathArb }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('read' as const), path: pathArb, version: fc.nat(), from: fc.nat(), to: fc.nat() }) }
)

const { store, newCapsule } = storePerFile('gdp-files-content-')

let clock = 1_767_225_600_000_000
/** A file capsule in the local store, written through LocalKv. */
async function localFs (): Promise<FileSystem> {
  const { name, signer } = await newCapsule(filesAppFields(), clock)
  return new FileSystem(await LocalKv.open(store(), name, { signer, clock: () => (clock += 1000) }))
}

/** A file capsule on a server of the overlay, written by a RemoteKv that holds no state, its chunks read back in runs through the overlay. */
async function remoteFs (overlay: KvOverlay): Promise<FileSystem> {
  const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: clock, appFields: filesAppFields(), nonce: randomBytes(16) })
  const name = await overlay.client.create(signMetadata(metadata, signer), overlay.serverName)
  return new FileSystem(await RemoteKv.open(overlay.client, name, { signer, clock: () => (clock += 1000), requireKind: requireFilesCapsule }), { readAhead: 8 })
}

let overlay: KvOverlay
beforeAll(async () => { overlay = await kvOverlay() })
afterAll(async () => { await overlay.close() })
const backends = [
  { name: 'LocalKv', newFs: localFs, runs: 25 },
  { name: 'RemoteKv', newFs: async () => await remoteFs(overlay), runs: 10 }
]

/** Every version's files, each path to its bytes. */
type Files = Map<string, Buffer>

describe.each(backends)('FileSystem over $name: contents against a model of byte arrays', ({ newFs, runs }) => {
  it('edits at offsets, truncations, moves and deletes read back whole and by any range, at the latest and at every older version', async () => {
    await fc.assert(fc.asyncProperty(fc.array(editArb, { minLength: 6, maxLength: 14 }), fc.constantFrom(1000, 65_536, 300_000), async (edits, pieceSize) => {
      const fs = await newFs()
      // A move does not make the folder it moves into.
      const { seqno } = await fs.mkdir('dir')
      // The files at each version a write made (the versions between are a write's checkpoint, or blobs).
      const versions: Array<{ version: number, files: Files }> = [{ version: seqno! + 2, files: new Map() }]
      const latest = (): Files => versions.at(-1)!.files
      const put = async (path: string, content: Buffer): Promise<void> => {
        const { receipt, file } = await fs.put(path, piecesOf(content, pieceSize))
        expect([file.size, file.etag]).toEqual([content.length, etagOf(createHash('sha256').update(content).digest())])
        versions.push({ version: receipt.version, files: new Map(latest()).set(path, content) })
      }
      for (const edit of edits) {
        const path = PATHS[edit.path]!
        const was = latest().get(path)
        switch (edit.type) {
          case 'replace':
            await put(path, seededBytes(edit.size, edit.seed))
            break
          case 'write': {
            const old = was ?? Buffer.alloc(0)
            const offset = Math.floor(old.length * edit.offset)
            const next = Buffer.alloc(Math.max(old.length, offset + edit.length))
            old.copy(next)
            seededBytes(edit.length, edit.seed).copy(next, offset)
            await put(path, next)
            break
          }
          case 'truncate': {
            const old = was ?? Buffer.alloc(0)
            const next = Buffer.alloc(Math.floor(old.length * edit.size))
            old.copy(next, 0, 0, Math.min(old.length, next.length))
            await put(path, next)
            break
          }
          case 'rename': {
            const to = PATHS[edit.to]!
            // Moves of a file only, onto nothing or a file (a move into or onto 'dir' is the namespace model's business).
            if (was === undefined || to === path || to.startsWith(`${path}/`) || path.startsWith(`${to}/`)) break
            const receipt = await fs.rename(path, to, { replace: true })
            const files = new Map(latest())
            files.delete(path)
            versions.push({ version: receipt!.version, files: files.set(to, was) })
            break
          }
          case 'delete': {
            if (was === undefined) {
              await expect(fs.delete(path)).rejects.toThrow(PathNotFoundError)
              break
            }
            const receipt = await fs.delete(path)
            const files = new Map(latest())
            files.delete(path)
            versions.push({ version: receipt.version, files })
            break
          }
          case 'read': {
            const { version, files } = versions[edit.version % versions.length]!
            const content = files.get(path)
            if (content === undefined) {
              await expect(read(fs.get(path, { at: { version } }))).rejects.toThrow(PathNotFoundError)
              break
            }
            const [start, end] = [edit.from % (content.length + 1), edit.to % (content.length + 1)].sort((x, y) => x - y) as [number, number]
            expect((await read(fs.get(path, { at: { version }, start, end }))).equals(content.subarray(start, end))).toBe(true)
            expect((await read(fs.get(path, { at: { version }, start }))).equals(content.subarray(start))).toBe(true)
            await expect(read(fs.get(path, { at: { version }, start: end, end: content.length + 1 }))).rejects.toThrow(RangeNotSatisfiableError)
            break
          }
        }
      }
      // Every file at every version a write made, whole.
      for (const { version, files } of versions) {
        for (const [path, content] of files) expect((await read(fs.get(path, { at: { version } }))).equals(content)).toBe(true)
      }
    }), { numRuns: runs })
  })
})

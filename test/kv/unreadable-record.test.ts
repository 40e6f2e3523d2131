// A record whose payload the store cannot read (one damaged LevelDB block,
// found by damaging a server's disk under a file capsule) stopped every read
// and write of its key-value or file capsule: the index replays records to
// catch up or rebuild, and stopped at it. A blob changes no state, and the
// writer's checkpoint after it says so: the index passes such a record,
// and only the file whose chunk it holds fails to read. A damaged write is
// not passed: the state after it is unknown.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, describe, expect, it } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { StoreCorruptionError } from '../../src/errors.js'
import { FileSystem } from '../../src/files/file-system.js'
import { decodeKvRecord, kvAppField } from '../../src/kv/format.js'
import { LocalKv } from '../../src/kv/local.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { payloadKey, tableRange } from '../../src/store/layout.js'
import { tempDir } from '../helpers.js'

const b = (text: string): Uint8Array => new Uint8Array(Buffer.from(text))
const cleanups: Array<() => void> = []
afterEach(() => { for (const cleanup of cleanups.splice(0)) cleanup() })

let clock = 1_767_225_600_000_000

interface Written {
  path: string
  name: Uint8Array
  signer: Ed25519Signer
  content: Buffer
  /** A blob record holding a chunk of big.bin. */
  blob: number
}

async function open (path: string, name: Uint8Array, signer: Ed25519Signer): Promise<{ store: CapsuleStore, kv: LocalKv, fs: FileSystem }> {
  const store = await CapsuleStore.open({ path })
  const kv = await LocalKv.open(store, name, { signer, clock: () => (clock += 1000) })
  return { store, kv, fs: new FileSystem(kv) }
}

/** A file capsule with a file of many chunks and two small ones; the store closed, its index's tree not stored since the first write. */
async function fileCapsule (): Promise<Written> {
  const dir = tempDir('gdp-unreadable-')
  cleanups.push(dir.cleanup)
  const path = join(dir.path, 'store')
  const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: clock, appFields: [kvAppField()], nonce: randomBytes(16) })
  const store = await CapsuleStore.open({ path })
  await store.create(signMetadata(metadata, signer))
  const name = capsuleName(metadata)
  await store.close()
  const content = randomBytes(1024 * 1024)
  const { store: again, kv, fs } = await open(path, name, signer)
  await fs.put('small/a.txt', [b('first')])
  await fs.put('big.bin', [content])
  await fs.put('small/b.txt', [b('second')])
  // The blobs whose payloads are kept apart from their headers: big.bin's chunks.
  const blobs: number[] = []
  for (let seqno = 0; seqno < kv.index.capsule.size; seqno++) {
    const { payload } = kv.index.capsule.read(seqno)
    if (payload.length > 4096 && decodeKvRecord(payload).type === 'blob') blobs.push(seqno)
  }
  expect(blobs.length).toBeGreaterThan(4)
  await again.close()
  return { path, name, signer, content, blob: blobs[Math.floor(blobs.length / 2)]! }
}

async function rawStore (path: string, fn: (db: Level<Uint8Array, Uint8Array>) => Promise<void>): Promise<void> {
  const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
  await db.open()
  await fn(db)
  await db.close()
}

/** One byte of record `seqno`'s payload (kept apart from its header) changed on disk. */
async function damagePayload (path: string, name: Uint8Array, seqno: number): Promise<void> {
  await rawStore(path, async (db) => {
    const key = payloadKey(name, seqno)
    const value = Buffer.from((await db.get(key))!)
    value[100] = value[100]! ^ 0x01
    await db.put(key, value)
  })
}

/** Every row of the capsule's key-value index deleted, as `gdp store repair` does. */
async function dropIndex (path: string, name: Uint8Array): Promise<void> {
  await rawStore(path, async (db) => {
    const range = tableRange('kvIndex', name)
    for await (const key of db.keys({ gte: range.gte, lt: range.lt })) await db.del(key)
  })
}

async function readAll (fs: FileSystem, path: string): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const part of fs.get(path)) parts.push(part)
  return Buffer.concat(parts)
}

async function expectUsable ({ fs }: { fs: FileSystem }, w: Written): Promise<void> {
  expect((await fs.readdir('small')).map((s) => s.name)).toEqual(['a.txt', 'b.txt'])
  expect((await readAll(fs, 'small/b.txt')).toString()).toBe('second')
  expect(await fs.stat('big.bin')).toMatchObject({ type: 'file', size: w.content.length })
  // Only the file whose chunk the record holds fails, saying which record.
  await expect(readAll(fs, 'big.bin')).rejects.toThrow(new RegExp(`stored record ${w.blob} is unreadable: its payload does not match its hash`))
  await fs.put('small/c.txt', [b('third')])
  expect((await readAll(fs, 'small/c.txt')).toString()).toBe('third')
}

describe('a file capsule with a blob record the store cannot read', () => {
  it('is read and written, its index rebuilt from the records (as after store repair) past the blob', async () => {
    const w = await fileCapsule()
    await damagePayload(w.path, w.name, w.blob)
    await dropIndex(w.path, w.name)
    const opened = await open(w.path, w.name, w.signer)
    try {
      await expectUsable(opened, w)
      expect((await opened.kv.index.checkpoints()).every((c) => c.holds)).toBe(true)
    } finally {
      await opened.store.close()
    }
    // The rows written past it stand: the next open rebuilds nothing.
    const again = await open(w.path, w.name, w.signer)
    try {
      expect(again.kv.index.rebuildReason).toBeUndefined()
      expect((await readAll(again.fs, 'small/c.txt')).toString()).toBe('third')
    } finally {
      await again.store.close()
    }
  })

  it('is read and written, its index replaying the records after its stored tree past the blob', async () => {
    const w = await fileCapsule()
    await damagePayload(w.path, w.name, w.blob)
    const opened = await open(w.path, w.name, w.signer)
    try {
      expect(opened.kv.index.rebuildReason).toBeUndefined()
      await expectUsable(opened, w)
      // A diff across the blob reads the records of the span.
      expect((await opened.fs.diff('', { version: 0 }, { version: opened.kv.index.version })).map((c) => c.path)).toEqual(['big.bin', 'small', 'small/a.txt', 'small/b.txt', 'small/c.txt'])
      // So does a watch over it, near the tip (records kept for every watcher), then far from it.
      for (const from of [w.blob - 1, 0]) {
        if (from === 0) for (let i = 0; i < 70; i++) await opened.kv.put(b(`later/${i}`), b('v'))
        const stop = new AbortController()
        const seen: number[] = []
        for await (const change of opened.kv.watch(from, { signal: stop.signal })) {
          seen.push(change.seqno)
          if (change.seqno + 2 >= opened.kv.index.version) stop.abort()
        }
        expect(seen.length).toBeGreaterThan(1)
        expect(seen.at(-1)).toBe(opened.kv.index.version - 2)
      }
    } finally {
      await opened.store.close()
    }
  })
})

describe('a put of the bytes a blob the store cannot read holds', () => {
  it('stores them anew, and the file reads back whole: it referred to the damaged blob, and could never be read', async () => {
    const w = await fileCapsule()
    await damagePayload(w.path, w.name, w.blob)
    const opened = await open(w.path, w.name, w.signer)
    try {
      await opened.fs.put('copy.bin', [w.content])
      expect((await readAll(opened.fs, 'copy.bin')).equals(w.content)).toBe(true)
    } finally {
      await opened.store.close()
    }
  })
})

describe('a key-value capsule with a write record the store cannot read', () => {
  it('is not passed: the state after it is unknown, and every read says which record is damaged', async () => {
    const w = await fileCapsule()
    // A put whose value is kept apart from its header, as a blob's is.
    let put = -1
    {
      const { store, kv } = await open(w.path, w.name, w.signer)
      put = (await kv.put(b('key'), randomBytes(8192))).seqno
      await kv.put(b('after'), b('v'))
      await store.close()
    }
    await damagePayload(w.path, w.name, put)
    await dropIndex(w.path, w.name)
    const store = await CapsuleStore.open({ path: w.path })
    try {
      const err = await LocalKv.open(store, w.name, { signer: w.signer }).then(async (kv) => await kv.view(), (e: unknown) => e)
      expect(err).toBeInstanceOf(StoreCorruptionError)
      expect((err as Error).message).toMatch(new RegExp(`stored record ${put} is unreadable: .*; the index cannot go past it: the checkpoint at record ${put + 1} does not hold without it`))
    } finally {
      await store.close()
    }
  })
})

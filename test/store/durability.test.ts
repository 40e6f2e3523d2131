import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, describe, expect, it } from 'vitest'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { heartbeatKey, recordChunkKey, tableRange, tileKey, metadataKey } from '../../src/store/layout.js'
import { ChainMismatchError, StoreCorruptionError } from '../../src/errors.js'
import { fillCapsule, payload, tempDir, testCapsule, type TestCapsule } from '../helpers.js'
import { writeUntilKilled } from './killed-writer.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })


async function filled (records: number, batch = 10): Promise<{ path: string, t: TestCapsule }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const { t } = await fillCapsule(dir.path, records, (i) => payload(`r${i}`), { batch })
  return { path: dir.path, t }
}

/** Opens the raw LevelDB to damage it the way a bad disk or a bug would. */
async function damage (path: string, fn: (db: Level<Uint8Array, Uint8Array>) => Promise<void>): Promise<void> {
  const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
  await db.open()
  await fn(db)
  await db.close()
}

/** A new store with one empty capsule, removed after the test. */
async function freshCapsule (sync = false): Promise<{ t: TestCapsule, store: CapsuleStore, capsule: Awaited<ReturnType<CapsuleStore['create']>>, path: string }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const t = testCapsule()
  const store = await CapsuleStore.open({ path: dir.path, sync })
  return { t, store, capsule: await store.create(t.signed), path: dir.path }
}

async function openError (path: string, t: TestCapsule): Promise<Error> {
  const store = await CapsuleStore.open({ path })
  try {
    await store.capsule(t.name)
    throw new Error('opened a damaged capsule')
  } catch (err) {
    return err as Error
  } finally {
    await store.close()
  }
}

describe('a damaged store is refused with a clear error naming the capsule', () => {
  it('truncated: the last record chunk is gone', async () => {
    const { path, t } = await filled(100)
    await damage(path, async (db) => {
      const [last] = await db.keys({ ...tableRange('records', t.name), reverse: true, limit: 1 }).all()
      await db.del(last!)
    })
    const err = await openError(path, t)
    expect(err).toBeInstanceOf(StoreCorruptionError)
    expect(err.message).toMatch(/states 100 records but the stored records end at \d+ \(truncated\)/)
  })

  it('records beyond the last heartbeat', async () => {
    const { path, t } = await filled(100)
    await damage(path, async (db) => { await db.del(heartbeatKey(t.name, 100)) })
    expect((await openError(path, t)).message).toMatch(/heartbeat states 90 records but the stored records end at 100/)
  })

  it('a record payload changed on disk: found by verify', async () => {
    const { path, t } = await filled(100)
    await damage(path, async (db) => {
      const key = recordChunkKey(t.name, 2) // records 32..47
      const value = Buffer.from((await db.get(key))!)
      const at = value.indexOf(Buffer.from('r45'))
      value[at + 1] = 0x78
      await db.put(key, value)
    })
    const store = await CapsuleStore.open({ path })
    const capsule = await store.capsule(t.name) // the tip is intact, so it opens
    await expect(capsule.verifyAll()).rejects.toThrow(/stored record 45 is unreadable: its payload does not match its hash/)
    expect(() => capsule.read(45)).toThrow(StoreCorruptionError)
    await store.close()
  })

  it('the last record changed: refused at open', async () => {
    const { path, t } = await filled(100)
    await damage(path, async (db) => {
      const key = recordChunkKey(t.name, 6) // records 96..99
      const value = Buffer.from((await db.get(key))!)
      const at = value.lastIndexOf(Buffer.from('r99'))
      value[at + 2] = 0x38
      await db.put(key, value)
    })
    expect((await openError(path, t)).message).toMatch(/stored record 99 is unreadable: its payload does not match its hash/)
  })

  it('a Merkle tile missing or altered', async () => {
    const { path, t } = await filled(100)
    await damage(path, async (db) => { await db.del(tileKey(t.name, 0, 6)) })
    expect((await openError(path, t)).message).toMatch(/Merkle tile 0\/6 is missing/)
    const again = await filled(100)
    await damage(again.path, async (db) => {
      const value = Buffer.from((await db.get(tileKey(again.t.name, 0, 0)))!)
      value[value.length - 5]! ^= 1
      await db.put(tileKey(again.t.name, 0, 0), value)
    })
    const store = await CapsuleStore.open({ path: again.path })
    const capsule = await store.capsule(again.t.name)
    await expect(capsule.verifyAll()).rejects.toThrow(/Merkle tile 0\/0 does not match/)
    await store.close()
  })

  it('a heartbeat with a bad signature, and metadata that does not decode', async () => {
    const { path, t } = await filled(20)
    await damage(path, async (db) => {
      const value = Buffer.from((await db.get(heartbeatKey(t.name, 20)))!)
      value[value.length - 1]! ^= 1
      await db.put(heartbeatKey(t.name, 20), value)
    })
    expect((await openError(path, t)).message).toMatch(/last stored heartbeat is invalid: heartbeat at size 20 .* not signed by the writer/)
    await damage(path, async (db) => { await db.put(metadataKey(t.name), new Uint8Array([1, 2, 3])) })
    expect((await openError(path, t)).message).toMatch(/stored metadata is invalid/)
  })

  it('a database that is not a gdp store', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    await damage(dir.path, async (db) => { await db.put(new Uint8Array(Buffer.from('\x00format')), new Uint8Array(Buffer.from('something-else'))) })
    await expect(CapsuleStore.open({ path: dir.path })).rejects.toThrow(/is not a gdp-store\/1 store/)
  })
})

describe('durability', () => {
  it('a killed process loses no acknowledged append', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const t = testCapsule()
    const writerSeed = Buffer.alloc(32, 5)
    const { Ed25519Signer } = await import('../../src/crypto/ed25519.js')
    const { newMetadata, signMetadata, capsuleName } = await import('../../src/capsule/metadata.js')
    const writer = new Ed25519Signer(writerSeed)
    const metadata = newMetadata({ owner: t.owner.publicKey, writer: writer.publicKey, createdAtUs: 1, nonce: new Uint8Array(3) })
    const signed = signMetadata(metadata, t.owner)
    const { acked } = await writeUntilKilled(dir.path, signed, writerSeed, 3000)
    const store = await CapsuleStore.open({ path: dir.path })
    const capsule = await store.capsule(capsuleName(metadata))
    expect(capsule.size).toBeGreaterThanOrEqual(acked)
    const report = await capsule.verifyAll()
    expect(report.records).toBe(capsule.size)
    await store.close()
  }, 90_000)

  it('with sync, concurrent appends are acknowledged together and share fsyncs (group commit)', async () => {
    const { t, store, capsule, path } = await freshCapsule(true)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const before = store.writeStats
    const appends = Array.from({ length: 64 }, (_, i) => capsule.append(writer.append([payload(`c${i}`)], i)))
    await Promise.all(appends)
    const after = store.writeStats
    expect(after.requests - before.requests).toBe(64)
    expect(after.batches - before.batches).toBeLessThan(64)
    expect(capsule.size).toBe(64)
    await store.close()
    const reopened = await CapsuleStore.open({ path })
    expect((await reopened.capsule(t.name)).size).toBe(64)
    expect((await (await reopened.capsule(t.name)).verifyAll()).heartbeats).toBe(64)
    await reopened.close()
  })

  it('refuses a batch that does not extend the stored tip, and stays usable', async () => {
    const { t, store, capsule } = await freshCapsule()
    const w1 = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const w2 = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    await capsule.append(w1.append([payload('one')], 1))
    await expect(capsule.append(w2.append([payload('stale')], 2))).rejects.toThrow(ChainMismatchError)
    await capsule.append(w1.append([payload('two')], 3))
    expect(capsule.size).toBe(2)
    await store.close()
  })

  it('stores and proves a 16 MiB record', async () => {
    const { t, store, capsule } = await freshCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const big = Buffer.alloc(16 * 1024 * 1024, 0xab)
    await capsule.append(writer.append([payload('small'), big, payload('after')], 1))
    expect((await capsule.read(1)).payload.length).toBe(big.length)
    expect((await capsule.verifyAll()).records).toBe(3)
    await store.close()
  })

  it('writes, reopens and reads 1,000,000 records with RSS under 300 MB', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const output = execFileSync(process.execPath, [join(import.meta.dirname, 'children/million.mjs'), dir.path, '1000000'], { encoding: 'utf8', timeout: 240_000 })
    const result = JSON.parse(output.trim().split('\n').at(-1)!)
    expect(result.size).toBe(1_000_000)
    expect(result.seen).toBe(1_000_000)
    expect(result.peakRssMb).toBeLessThan(300)
  }, 300_000)
})

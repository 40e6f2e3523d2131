// A process out of file descriptors (EMFILE) meets LevelDB's "Too many open
// files" on a read: not damage (a StoreCorruptionError started a server's
// repair from its peers and told readers the store was damaged), but a
// ServerBusyError, which a server answers with CONGESTION and a client
// reads on from; gone once descriptors close.
import { Level } from 'level'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { nackFor } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { pb } from '../../src/wire/index.js'
import { payload, tempDir, testCapsule } from '../helpers.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const c of cleanups.splice(0)) await c()
})

describe('a store read that finds the process out of file descriptors', () => {
  it('is a ServerBusyError saying so (answered with CONGESTION, without the store\'s path), not damage; reads work again once descriptors close', async () => {
    const dir = tempDir()
    const store = await CapsuleStore.open({ path: dir.path })
    cleanups.push(async () => { await store.close(); dir.cleanup() })
    const t = testCapsule()
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    // Records over 4 KiB are kept apart from their chunk: a read of one reads its own row.
    await capsule.append(writer.append([payload('x'.repeat(5000))], 1))
    const prototype = Level.prototype as unknown as { getSync: (key: Uint8Array) => Uint8Array | undefined }
    const getSync = prototype.getSync
    let exhausted = true
    vi.spyOn(prototype, 'getSync').mockImplementation(function (this: Level<Uint8Array, Uint8Array>, key: Uint8Array) {
      if (exhausted) throw Object.assign(new Error(`IO error: ${dir.path}/000195.ldb: Too many open files`), { code: 'LEVEL_IO_ERROR' })
      return getSync.call(this, key)
    } as never)
    let err: Error | undefined
    try { await capsule.read(0) } catch (e) { err = e as Error }
    expect(err?.name).toBe('ServerBusyError')
    expect(err!.message).toMatch(/this process is out of file descriptors \(LevelDB: Too many open files\): the store is not damaged; retry/)
    const nack = nackFor(err!)
    expect(nack.reason).toBe(pb.NackReason.CONGESTION)
    expect(nack.detail).not.toContain(dir.path)
    exhausted = false
    expect((await capsule.read(0)).payload.length).toBe(5000)
  })
})

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
import type { StoredCapsule } from '../../src/store/stored-capsule.js'
import { pb } from '../../src/wire/index.js'
import { payload, tempDir, testCapsule, waitFor } from '../helpers.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  vi.restoreAllMocks()
  for (const c of cleanups.splice(0)) await c()
})

/** A store in a folder of its own (closed and removed after the test), holding one new capsule. */
async function storeWithCapsule (): Promise<{ dir: ReturnType<typeof tempDir>, t: ReturnType<typeof testCapsule>, capsule: StoredCapsule, store: CapsuleStore }> {
  const dir = tempDir()
  const store = await CapsuleStore.open({ path: dir.path })
  cleanups.push(async () => { await store.close(); dir.cleanup() })
  const t = testCapsule()
  return { dir, t, capsule: await store.create(t.signed), store }
}

/** The next LevelDB batch, and the next open after it, fail as a process out of file descriptors fails them. */
function failOnceOutOfDescriptors (path: string): void {
  const emfile = (): Error => Object.assign(new Error(`IO error: ${path}/000012.log: Too many open files`), { code: 'LEVEL_IO_ERROR' })
  const prototype = Level.prototype as unknown as { _batch: (...args: unknown[]) => Promise<void>, _open: (...args: unknown[]) => Promise<void> }
  const [batch, open] = [prototype._batch, prototype._open]
  let failWrites = 1
  let failOpens = 1
  vi.spyOn(prototype, '_batch').mockImplementation(function (this: unknown, ...args: unknown[]) {
    return failWrites-- > 0 ? Promise.reject(emfile()) : batch.apply(this, args)
  } as never)
  vi.spyOn(prototype, '_open').mockImplementation(function (this: unknown, ...args: unknown[]) {
    return failOpens-- > 0 ? Promise.reject(emfile()) : open.apply(this, args)
  } as never)
}

describe('a store read that finds the process out of file descriptors', () => {
  it('is a ServerBusyError saying so (answered with CONGESTION, without the store\'s path), not damage; reads work again once descriptors close', async () => {
    const { dir, t, capsule } = await storeWithCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    // Records over 4 KiB are kept apart from their chunk: a read of one reads its own row.
    await capsule.append(writer.append([payload('x'.repeat(5000))], 1))
    const prototype = Level.prototype as unknown as { getSync: (key: Uint8Array) => Uint8Array | undefined }
    const getSync = prototype.getSync
    // Out of descriptors from the `from`th read on: the record's chunk (the first read), or its payload kept apart (the second).
    let from = Infinity
    let reads = 0
    vi.spyOn(prototype, 'getSync').mockImplementation(function (this: Level<Uint8Array, Uint8Array>, key: Uint8Array) {
      if (++reads >= from) throw Object.assign(new Error(`IO error: ${dir.path}/000195.ldb: Too many open files`), { code: 'LEVEL_IO_ERROR' })
      return getSync.call(this, key)
    } as never)
    for (const failing of [1, 2]) {
      reads = 0
      from = failing
      let err: Error | undefined
      try { capsule.read(0) } catch (e) { err = e as Error }
      expect(err?.name, `read ${failing}`).toBe('ServerBusyError')
      expect(err!.message).toMatch(/this process is out of file descriptors \(LevelDB: Too many open files\): the store is not damaged; retry/)
      const nack = nackFor(err!)
      expect(nack.reason).toBe(pb.NackReason.CONGESTION)
      expect(nack.detail).not.toContain(dir.path)
    }
    from = Infinity
    expect(capsule.read(0).payload.length).toBe(5000)
  })

  it('a write that fails for it, and a reopen after it that fails for it too, leave the store closed only until a read finds it so (reads have it reopened, at most once a second)', async () => {
    const { dir, t, capsule } = await storeWithCapsule()
    let writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    await capsule.append(writer.append([payload('before')], 1))
    failOnceOutOfDescriptors(dir.path)
    await expect(capsule.append(writer.append([payload('refused')], 2))).rejects.toMatchObject({ name: 'StoreWriteError' })
    // The next append reopens LevelDB first, which fails too: the store is left closed.
    writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    await expect(capsule.append(writer.append([payload('refused too')], 3))).rejects.toThrow(/Too many open files/)
    // No write comes; reads find it closed, and have it reopened.
    let read: Error | undefined
    try { capsule.read(0) } catch (err) { read = err as Error }
    expect(read?.name).toBe('StoreClosedError')
    await waitFor(() => { try { return capsule.read(0).payload.length > 0 } catch { return false } }, { timeoutMs: 5000, what: 'the store open again' })
    expect(Buffer.from(capsule.read(0).payload).toString()).toBe('before')
  })
})

describe('a deletion whose write fails for want of file descriptors, and the reopen after it too', () => {
  // Found by an audit: such a deletion is settled by the next reopen that works (WriteQueue.afterHeal), and where a
  // read reopened the store, that was not it: the capsule refused appends as deleted until some other write came.
  it('is settled by the reopen a read has made: not written, the capsule takes appends again with no other write', async () => {
    const { dir, t, capsule, store } = await storeWithCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    await capsule.append(writer.append([payload('before')], 1))
    failOnceOutOfDescriptors(dir.path)
    await expect(store.delete(t.name, new Uint8Array(0))).rejects.toThrow(/whether LevelDB logged the deletion before failing is known once the store is reopened/)
    // No write comes; reads find the store closed, and have it reopened.
    await waitFor(() => { try { return capsule.read(0).payload.length > 0 } catch { return false } }, { timeoutMs: 5000, what: 'the store open again' })
    // From what is stored each time: a refused batch moves its writer on.
    const appended = async (): Promise<boolean> => await capsule.append(new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState).append([payload('after')], 2)).then(() => true, () => false)
    await waitFor(appended, { timeoutMs: 5000, what: 'an append taken' })
    expect(capsule.size).toBe(2)
  })
})

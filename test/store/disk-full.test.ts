// A write that fails (a full disk): the capsule goes back to what is written,
// nothing queued behind the failed write is ever stored, and appends go on
// once there is room, without reopening the store.
import { closeSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import type { StoredCapsule } from '../../src/store/stored-capsule.js'
import { openingSpace } from '../../src/store/free-space.js'
import { heartbeatKey, tombstoneKey } from '../../src/store/layout.js'
import { StoreDb } from '../../src/store/level-db.js'
import { StoreFullError } from '../../src/errors.js'
import { formatName } from '../../src/capsule/name.js'
import { payload, rejection, tempDir, testCapsule } from '../helpers.js'
import { runsAsRoot, smallDisk } from '../small-disk.js'

const cleanups: Array<() => void> = []
afterEach(() => {
  vi.restoreAllMocks()
  for (const c of cleanups.splice(0)) c()
})

type Op = { type: string, key: Uint8Array }
const hasKey = (ops: Op[], key: Uint8Array): boolean => ops.some((op) => Buffer.compare(op.key, key) === 0)

/** A store in a new folder holding a new capsule, with no records yet, and its writer. */
async function storeWithCapsule (): Promise<{ store: CapsuleStore, capsule: StoredCapsule, writer: CapsuleWriter, t: ReturnType<typeof testCapsule> }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const t = testCapsule()
  const store = await CapsuleStore.open({ path: dir.path })
  const capsule = await store.create(t.signed)
  return { store, capsule, writer: new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState), t }
}

describe('a failed write, injected', () => {
  it('fails the appends pipelined behind it unwritten, takes the tip back, and later appends work', async () => {
    const made = await storeWithCapsule()
    const { store, capsule, t } = made
    let writer = made.writer
    for (let i = 0; i < 5; i++) await capsule.append(writer.append([payload(`before ${i}`)], i))

    // Every LevelDB batch passes through here (the binding's write, which StoreDb calls). The armed one
    // stays in flight until `fail` is called, then fails as a full disk fails it.
    const prototype = Level.prototype as unknown as { _batch: (this: Level<Uint8Array, Uint8Array>, ops: Op[], options: unknown) => Promise<void> }
    const batch = prototype._batch
    const written: Op[][] = []
    let armed = false
    let fail = (): void => {}
    let issued = (): void => {}
    const inFlight = new Promise<void>((resolve) => { issued = resolve })
    vi.spyOn(prototype, '_batch').mockImplementation(function (this: Level<Uint8Array, Uint8Array>, ops: Op[], options: unknown) {
      if (armed) {
        armed = false
        issued()
        return new Promise<void>((_resolve, reject) => {
          fail = () => { reject(Object.assign(new Error('IO error: 000003.log: No space left on device'), { code: 'LEVEL_IO_ERROR' })) }
        })
      }
      written.push(ops)
      return batch.call(this, ops, options)
    } as never)
    armed = true
    const batches = [0, 1, 2].map((i) => writer.append([payload(`lost ${i}`), payload(`lost ${i}b`)], 10 + i))
    const appends = [capsule.append(batches[0]!)]
    await inFlight
    // Pipelined behind it: verified against the tip that includes it, queued for the next LevelDB batch.
    appends.push(capsule.append(batches[1]!), capsule.append(batches[2]!))
    fail()
    const settled = await Promise.allSettled(appends)
    for (const b of batches) expect(written.some((ops) => hasKey(ops, heartbeatKey(t.name, b.state.size))), `batch to ${b.state.size} written`).toBe(false)
    expect(capsule.size).toBe(5)
    expect(capsule.writerState.size).toBe(5)
    for (const [i, result] of settled.entries()) {
      expect(result.status, `append ${i}`).toBe('rejected')
      const err = (result as PromiseRejectedResult).reason as Error
      expect(err.name).toBe('StoreFullError')
      expect(err.message).toContain(`records ${5 + 2 * i}..${6 + 2 * i} were not stored: writing to the store at ${store.path} failed: IO error: 000003.log: No space left on device; the capsule stays at 5 records: append from there once the disk has room`)
    }

    // The disk has room again: the writer goes on from what is stored, in the same session.
    writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    await capsule.append(writer.append([payload('after 0')], 20))
    await Promise.all([1, 2, 3].map(async (i) => await capsule.append(writer.append([payload(`after ${i}`)], 20 + i))))
    expect(capsule.size).toBe(9)
    await store.close()

    const reopened = await CapsuleStore.open({ path: store.path })
    const again = await reopened.capsule(t.name)
    expect((await again.verifyAll()).records).toBe(9)
    expect(Buffer.from(again.read(5).payload).toString()).toBe('after 0')
    await reopened.close()
  })
})

/**
 * A store holding a capsule of one record, and its writer; `failTombstone` makes the batch holding the capsule's
 * tombstone fail as a full disk fails it (LevelDB's background error, say, after a compaction filled it), running
 * `before` first, while `when` says so; `logged`: written all the same (as a write whose log record LevelDB wrote
 * before it failed is, once LevelDB is reopened and replays its log).
 */
async function capsuleToDelete (): Promise<{ store: CapsuleStore, capsule: StoredCapsule, writer: CapsuleWriter, t: ReturnType<typeof testCapsule>, failTombstone: (when?: () => boolean, before?: () => Promise<void>, logged?: boolean) => void }> {
  const { store, capsule, writer, t } = await storeWithCapsule()
  await capsule.append(writer.append([payload('before')], 0))
  const failTombstone = (when = () => true, before = async () => {}, logged = false): void => {
    const prototype = Level.prototype as unknown as { _batch: (this: Level<Uint8Array, Uint8Array>, ops: Op[], options: unknown) => Promise<void> }
    const batch = prototype._batch
    vi.spyOn(prototype, '_batch').mockImplementation(async function (this: Level<Uint8Array, Uint8Array>, ops: Op[], options: unknown) {
      if (hasKey(ops, tombstoneKey(t.name)) && when()) {
        await before()
        if (logged) await batch.call(this, ops, options)
        throw Object.assign(new Error('IO error: 000012.ldb: No space left on device'), { code: 'LEVEL_IO_ERROR' })
      }
      return await batch.call(this, ops, options)
    } as never)
  }
  return { store, capsule, writer, t, failTombstone }
}

describe('a deletion whose write fails, injected', () => {
  it('is refused, and the capsule goes on taking appends in the same session, as it does after a restart, its readers waiting still', async () => {
    const { store, capsule, writer, t, failTombstone } = await capsuleToDelete()
    failTombstone()
    // A reader in this process following its appends: told the capsule was deleted as the deletion began, it gave up.
    const waiting = capsule.waitForSize(2).then(() => 'second record', (err: Error) => err.name)
    expect((await rejection(store.delete(t.name, new Uint8Array(0)))).name).toBe('StoreFullError')
    vi.restoreAllMocks()
    expect(await store.tombstone(t.name)).toBeUndefined()
    await capsule.append(writer.append([payload('after')], 1))
    expect((await store.capsule(t.name)).size).toBe(2)
    expect(await waiting).toBe('second record')
    await store.close()
  })
})

describe('a deletion whose write fails after LevelDB logged it, injected', () => {
  it('takes effect as the store is reopened after the failure, in this process as after a restart: no append is acknowledged after it', async () => {
    const { store, capsule, writer, t, failTombstone } = await capsuleToDelete()
    failTombstone(undefined, undefined, true)
    await store.delete(t.name, new Uint8Array(0))
    vi.restoreAllMocks()
    expect(await store.tombstone(t.name)).toBeDefined()
    expect((await rejection(capsule.append(writer.append([payload('after')], 1)))).name).toBe('CapsuleDeletedError')
    expect((await rejection(store.capsule(t.name))).name).toBe('CapsuleDeletedError')
    await store.close()
    const reopened = await CapsuleStore.open({ path: store.path })
    expect((await rejection(reopened.capsule(t.name))).name).toBe('CapsuleDeletedError')
    await reopened.close()
  })

  for (const logged of [true, false]) {
    it(`${logged ? 'takes effect' : 'does not'} once a later reopen works, where the one after the failure failed: no appends until then, and the capsule ${logged ? 'is deleted' : 'takes them'} after`, async () => {
      const { store, capsule, writer, t, failTombstone } = await capsuleToDelete()
      failTombstone(undefined, undefined, logged)
      vi.spyOn(StoreDb.prototype, 'reopen').mockRejectedValueOnce(new StoreFullError('the disk holding the store is full'))
      const err = await rejection(store.delete(t.name, new Uint8Array(0)))
      expect(err.name).toBe('StoreFullError')
      expect(err.message).toContain(`deleting capsule ${formatName(t.name)} failed: writing to the store at ${store.path} failed: IO error: 000012.ldb: No space left on device; whether LevelDB logged the deletion before failing is known once the store is reopened, which failed too (the disk holding the store is full): until then the capsule takes no appends`)
      vi.restoreAllMocks()
      expect((await rejection(capsule.append(writer.append([payload('meanwhile')], 1)))).name).toBe('CapsuleDeletedError')
      // Any write reopens the store first, and what it holds settles the deletion before the write goes.
      const other = testCapsule()
      await store.create(other.signed)
      if (logged) {
        expect((await rejection(capsule.append(writer.append([payload('after')], 1)))).name).toBe('CapsuleDeletedError')
        expect((await rejection(store.capsule(t.name))).name).toBe('CapsuleDeletedError')
      } else {
        // From what is stored: the refused batch moved the writer on.
        const resumed = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
        await capsule.append(resumed.append([payload('after')], 1))
        expect((await store.capsule(t.name)).size).toBe(2)
      }
      await store.close()
      const reopened = await CapsuleStore.open({ path: store.path })
      if (logged) expect((await rejection(reopened.capsule(t.name))).name).toBe('CapsuleDeletedError')
      else expect((await (await reopened.capsule(t.name)).verifyAll()).records).toBe(2)
      await reopened.close()
    })
  }
})

describe('two deletions of one capsule, the first refused by the disk, the second written', () => {
  it('leave the capsule refusing appends: the first one\'s failure does not undo the second one\'s mark', async () => {
    const { store, capsule, writer, t, failTombstone } = await capsuleToDelete()
    let second: Promise<unknown> | undefined
    // The first tombstone's batch fails once the second deletion has begun (and marked the capsule).
    failTombstone(() => second === undefined, async () => {
      second = store.delete(t.name, new Uint8Array(0)).then(() => 'deleted', (err: Error) => err)
      await new Promise((resolve) => setImmediate(resolve))
    })
    expect((await rejection(store.delete(t.name, new Uint8Array(0)))).name).toBe('StoreFullError')
    expect(await second).toBe('deleted')
    vi.restoreAllMocks()
    expect(await store.tombstone(t.name)).toBeDefined()
    expect((await rejection(capsule.append(writer.append([payload('after')], 1)))).name).toBe('CapsuleDeletedError')
    await store.close()
  })
})

describe.skipIf(!runsAsRoot)('a full disk, for real: a small tmpfs (skipped unless run as root, which mounting it needs)', () => {
  // Room enough that freeing the filler leaves more than LevelDB needs to reopen its logs (a 16 MiB disk left about
  // as much as it needs, and a run with slightly longer logs failed for want of 0.2 MiB): each test fills what it wants full.
  const disk = smallDisk('gdp-full-', '32m')
  const fill = disk.fill

  it('appends are refused clearly while it is full, before the store takes the room it needs to open again, and go on once there is room, without a restart', async () => {
    const path = join(disk.path, 'appends')
    mkdirSync(path)
    const filler = fill('filler-appends', 9 << 20)
    const t = testCapsule()
    let store = await CapsuleStore.open({ path })
    let capsule = await store.create(t.signed)
    let writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const record = Buffer.alloc(1000, 7)
    let err: Error | undefined
    for (let i = 0; i < 2000 && err === undefined; i++) {
      try {
        await capsule.append(writer.append(Array.from({ length: 20 }, () => record), i))
      } catch (e) {
        err = e as Error
      }
    }
    expect(err?.name).toBe('StoreFullError')
    // Refused before LevelDB ran out of room: the store keeps what it needs to open again and to index.
    expect(err!.message).toMatch(new RegExp(`records \\d+\\.\\.\\d+ were not stored: the disk holding the store at ${path} is full: the store keeps room to open again \\(opening rewrites its logs and compacts\\) and to index what it holds, so [\\d.]+ MiB more of new data needs about [\\d.]+ MiB free, [\\d.]+ MiB are free; new data is refused until the disk has that room \\(reads go on\\); the capsule stays at \\d+ records`))
    const stored = capsule.size
    expect(stored).toBeGreaterThan(0)
    expect(capsule.writerState.size).toBe(stored)
    expect(disk.free()).toBeGreaterThan(4 << 20)
    // So it opens again on that disk, and reads, though its writes filled it (it could not, when they took the last byte).
    await store.close()
    store = await CapsuleStore.open({ path })
    capsule = await store.capsule(t.name)
    expect((await capsule.verifyAll()).records).toBe(stored)

    // Full for good (another file took the rest): refused again, saying how much room it takes.
    const rest = fill('filler-rest', 0)
    writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const again = await rejection(capsule.append(writer.append([record], 1)))
    expect(again.name).toBe('StoreFullError')
    expect(again.message).toMatch(new RegExp(`the disk holding the store at ${path} is full: .* needs about [\\d.]+ MiB free, 0\\.0 MiB are free`))
    expect(capsule.writerState.size).toBe(stored)
    // Said by the store (a node's status shows it): a server refusing every write logged nothing and showed nothing.
    expect(store.full).toMatchObject({ refused: 1, refusal: expect.stringMatching(/^the disk holding the store at .* is full: /) })
    expect(again.message).toContain(store.full!.refusal)
    expect(Date.parse(store.full!.since)).not.toBeNaN()

    rmSync(filler)
    rmSync(rest)
    writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    for (let i = 0; i < 10; i++) await capsule.append(writer.append([record, payload(`after ${i}`)], 5000 + i))
    expect(capsule.size).toBe(stored + 20)
    expect(store.full).toBeUndefined()
    await store.close()

    // Nothing acknowledged after the failure was lost to the torn log.
    const reopened = await CapsuleStore.open({ path })
    const reread = await reopened.capsule(t.name)
    expect((await reread.verifyAll()).records).toBe(stored + 20)
    await reopened.close()
    rmSync(path, { recursive: true })
  })

  it('opening a store on a full disk says so, with the room it needs; it opens once there is room', async () => {
    const path = join(disk.path, 'open')
    const t = testCapsule()
    let store = await CapsuleStore.open({ path })
    let capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    // About 3 MiB of log, under LevelDB's 4 MiB memtable: closing leaves it all in the log.
    // Records over 4 KiB are kept apart from their chunk, so the log holds each once.
    for (let i = 0; i < 150; i++) await capsule.append(writer.append(Array.from({ length: 4 }, (_, j) => Buffer.alloc(5000, j)), i))
    await store.close()
    const filler = fill('filler-open', 256 << 10)
    const err = await rejection(CapsuleStore.open({ path }))
    expect(err.name).toBe('StoreFullError')
    expect(err.message).toMatch(new RegExp(`^cannot open the store: the disk holding the store at ${path} is full: opening LevelDB rewrites its log \\(\\d+\\.log: [23]\\.\\d MiB\\) and needs about [34]\\.\\d MiB free, 0\\.\\d MiB are free; free some space, then open it again`))
    rmSync(filler)
    store = await CapsuleStore.open({ path })
    capsule = await store.capsule(t.name)
    expect((await capsule.verifyAll()).records).toBe(600)
    await store.close()
    rmSync(path, { recursive: true })
  })
})

describe.skipIf(!runsAsRoot)('a disk out of inodes, with bytes to spare: a tmpfs of few files (skipped unless run as root)', () => {
  const disk = smallDisk('gdp-inodes-', '64m', 64)

  // Found by attacking the disk: the open failed for want of a file and said the disk needed about 1.1 MiB and
  // had 63.9 MiB free; and each refused open left another empty log, taking the last inodes.
  it('opening says it is out of files (inodes), not bytes, leaves no file behind, and opens once there are', async () => {
    const path = join(disk.path, 'store')
    const t = testCapsule()
    let store = await CapsuleStore.open({ path })
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    await capsule.append(writer.append([payload('kept')], 1))
    await store.close()
    // Every inode left taken by empty files.
    const taken: string[] = []
    for (let i = 0; i < 1000; i++) {
      const file = join(disk.path, `taken-${i}`)
      try { closeSync(openSync(file, 'w')) } catch (e) { if ((e as { code?: string }).code === 'ENOSPC') break; throw e }
      taken.push(file)
    }
    const before = readdirSync(path).sort()
    for (let i = 0; i < 2; i++) {
      const refused = await rejection(CapsuleStore.open({ path }))
      expect(refused.name).toBe('StoreFullError')
      expect(refused.message).toMatch(new RegExp(`^cannot open the store: the file system holding the store at ${path} has no room for the files opening makes: it needs about \\d+ free inodes \\(files\\), 0 are free \\(df -i\\), and [\\d.]+ MiB of bytes are free; free some space, then open it again`))
      expect(readdirSync(path).sort()).toEqual(before)
    }
    // At the limit, one inode short: still refused, naming what is free; with the inodes it names, it opens.
    const needed = openingSpace(path)!.inodes!.needed
    for (const file of taken.splice(0, needed - 1)) rmSync(file)
    expect((await rejection(CapsuleStore.open({ path }))).message).toMatch(new RegExp(`it needs about ${needed} free inodes \\(files\\), ${needed - 1} are free`))
    expect(readdirSync(path).sort()).toEqual(before)
    rmSync(taken.shift()!)
    store = await CapsuleStore.open({ path })
    expect((await (await store.capsule(t.name)).verifyAll()).records).toBe(1)
    await store.close()
    for (const file of taken) rmSync(file)
  })
})

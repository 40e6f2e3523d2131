// A store on a disk that filled up, after the room the refusal names is freed:
// it opens, or each refusal names a figure that, once freed, opens it; a
// refused open leaves no files behind; and nothing acknowledged is lost.
import { closeSync, ftruncateSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { testCapsule } from '../helpers.js'
import { runsAsRoot, smallDisk } from '../small-disk.js'

const MiB = 1 << 20

describe.skipIf(!runsAsRoot)('a store on a disk that filled up, reopened after freeing what the refusal says (a small tmpfs: skipped unless root)', () => {
  const disk = smallDisk('gdp-full-reopen-', '64m')
  const free = disk.free
  const storeFiles = (path: string): { count: number, bytes: number } => {
    const files = readdirSync(path)
    return { count: files.length, bytes: files.reduce((n, f) => n + statSync(join(path, f)).size, 0) }
  }

  it('opens once the room it names is freed, again and again, and never grows while refused', async () => {
    // Room to free later, as a user would: a file written before the store fills the rest of the disk.
    const fillerPath = join(disk.path, 'filler')
    const fd = openSync(fillerPath, 'w')
    const chunk = Buffer.alloc(64 * 1024, 1)
    let filler = 0
    while (filler < 40 * MiB) filler += writeSync(fd, chunk)
    const path = join(disk.path, 'store')
    const t = testCapsule()
    const store = await CapsuleStore.open({ path })
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    // Records over 4 KiB are kept apart from their chunk; distinct bytes, so tables do not compress them away.
    let acknowledged = 0
    let full: Error | undefined
    for (let i = 0; full === undefined && i < 100000; i++) {
      const records = Array.from({ length: 8 }, (_, j) => Buffer.alloc(5000, (i * 8 + j) % 251))
      try {
        await capsule.append(writer.append(records, i))
        acknowledged = capsule.size
      } catch (e) {
        full = e as Error
      }
    }
    expect(full?.name).toBe('StoreFullError')
    expect(acknowledged).toBeGreaterThan(2000)
    await store.close().catch(() => {})

    // Whatever the failed write left free is taken too: the disk is full.
    try {
      for (;;) {
        const room = free()
        if (room <= 0) break
        filler += writeSync(fd, chunk, 0, Math.min(chunk.length, room))
      }
    } catch (e) {
      if ((e as { code?: string }).code !== 'ENOSPC') throw e
    }
    const release = (bytes: number): void => {
      filler = Math.max(0, filler - bytes)
      ftruncateSync(fd, filler)
    }

    const log: string[] = []
    let opened = 0
    let lastFreed = false
    try {
      for (let attempt = 0; attempt < 6; attempt++) {
        const before = storeFiles(path)
        let reopened: CapsuleStore | undefined
        try {
          reopened = await CapsuleStore.open({ path })
        } catch (e) {
          const err = e as Error
          expect(err.name, err.message).toBe('StoreFullError')
          const after = storeFiles(path)
          log.push(`attempt ${attempt}: refused (${after.count} files, ${(after.bytes / MiB).toFixed(1)} MiB; ${(free() / MiB).toFixed(1)} MiB free): ${err.message}`)
          // A refused open takes no room: nothing grows across refusals.
          expect(after.bytes, log.join('\n')).toBeLessThanOrEqual(before.bytes)
          expect(after.count, log.join('\n')).toBeLessThanOrEqual(before.count)
          // Following the refusal works: the open after freeing what it names must not be refused.
          expect(lastFreed, `refused after freeing what the previous refusal named:\n${log.join('\n')}`).toBe(false)
          const m = /needs about ([\d.]+) MiB free, ([\d.]+) MiB are free/.exec(err.message)
          expect(m, err.message).not.toBeNull()
          const want = Math.ceil((Number(m![1]) - Number(m![2])) * MiB)
          expect(want, err.message).toBeGreaterThan(0)
          release(want)
          lastFreed = true
          continue
        }
        lastFreed = false
        opened++
        const again = await reopened.capsule(t.name)
        expect((await again.verifyAll()).records).toBe(acknowledged)
        // What LevelDB does in the background after an open (compacting) has time to run, and to fail.
        await new Promise((resolve) => setTimeout(resolve, 1000))
        await reopened.close()
        log.push(`attempt ${attempt}: opened (${storeFiles(path).count} files; ${(free() / MiB).toFixed(1)} MiB free)`)
      }
    } finally {
      closeSync(fd)
    }
    expect(opened, log.join('\n')).toBeGreaterThanOrEqual(3)

    // Every acknowledged record is there, with room to spare.
    rmSync(fillerPath)
    const last = await CapsuleStore.open({ path })
    expect((await (await last.capsule(t.name)).verifyAll()).records).toBe(acknowledged)
    await last.close()
  }, 240_000)
})

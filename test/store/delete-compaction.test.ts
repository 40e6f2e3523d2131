// A deleted capsule's space comes back, also when its rows were written
// recently and still sat in LevelDB's memtable: flushed in one table with
// their deletions, at a level a range compaction does not rewrite, they were
// never freed (a 3.7 MB migration capsule stayed 3.7 MB after its removal).
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir, testCapsule, waitFor } from '../helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

const folderBytes = (path: string): number => readdirSync(path).reduce((sum, file) => sum + statSync(join(path, file)).size, 0)

describe('CapsuleStore.delete', () => {
  it('gives back the space of a capsule written just before (still in the memtable), and keeps the others', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const store = await CapsuleStore.open({ path: dir.path })
    try {
      const [keep, gone] = [testCapsule(1), testCapsule(2)]
      for (const [t, batches] of [[keep, 1], [gone, 8]] as const) {
        const capsule = await store.create(t.signed)
        const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
        // Random payloads: LevelDB's compression cannot shrink them, only the deletion can.
        for (let b = 0; b < batches; b++) await capsule.append(writer.append(Array.from({ length: 100 }, () => crypto.getRandomValues(new Uint8Array(4096))), 10 + b))
      }
      const before = folderBytes(dir.path)
      expect(before).toBeGreaterThan(3_000_000)
      await store.delete(gone.name, new Uint8Array(0))
      // Compaction runs in the background; what is left is the kept capsule's 100 records and little else.
      await waitFor(() => folderBytes(dir.path) < 1_000_000, { timeoutMs: 30_000, intervalMs: 100, what: `the store (${before} bytes) to shrink after the deletion` })
      expect((await (await store.capsule(keep.name)).verifyAll()).records).toBe(100)
    } finally {
      await store.close()
    }
  })

  // An expiry pass over 10,000 capsules deleted 3.5 a second: each deletion started ten compactions at once, and the
  // next waited behind them all. They now run one at a time behind the deletions.
  it('many capsules deleted one after another: every one is gone, the space of those compacted comes back, and a close with compactions still waiting is prompt and leaves a store that opens', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    let store = await CapsuleStore.open({ path: dir.path })
    const capsules = Array.from({ length: 300 }, (_, i) => testCapsule(100 + i))
    for (const t of capsules) {
      const capsule = await store.create(t.signed)
      const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
      await capsule.append(writer.append([crypto.getRandomValues(new Uint8Array(20_000))], 10))
    }
    const before = folderBytes(dir.path)
    expect(before).toBeGreaterThan(5_000_000)
    for (const t of capsules.slice(0, 100)) await store.delete(t.name, new Uint8Array(0))
    await store.close()
    store = await CapsuleStore.open({ path: dir.path })
    try {
      for (const t of capsules.slice(0, 100)) expect(await store.tombstone(t.name)).toEqual(new Uint8Array(0))
      for (const t of capsules.slice(100)) await store.delete(t.name, new Uint8Array(0))
      for (const t of capsules) await expect(store.capsule(t.name)).rejects.toThrow(/deleted when it expired/)
      // The ranges of the first hundred still waiting at the close keep their space until LevelDB's own compactions
      // reach them: at most a third of it. The other two hundred's come back.
      await waitFor(() => folderBytes(dir.path) < before / 2, { timeoutMs: 30_000, intervalMs: 100, what: `the store (${before} bytes) to shrink after the deletions` })
    } finally {
      await store.close()
    }
  })
})

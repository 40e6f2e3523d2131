// What LevelDB drops of a damaged log it says once, in its LOG file, at the
// open that replays the log; the next open rotates that LOG away and finds
// the log already rewritten into a table. So the drop must be noted in the
// store before anything else can happen: a process killed (kill -9) right
// after LevelDB's open, or a reopen after a failed write, must not leave
// the derived indexes standing with rows lost.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { hashIndexKey, metadataKey, tablesRange } from '../../src/store/layout.js'
import { REPLAY_MARKER, StoreDb } from '../../src/store/level-db.js'
import { tempDir, testCapsule } from '../helpers.js'
import { hashIndexedStore, flipByteAt, newestLog, notFoundByHash, openEachLogFlip } from './damage-helper.js'

const DROP_SAID = /^LevelDB dropped part of its log .*: every key-value index and hash index is rebuilt from the records/

describe('a drop of part of the log is never forgotten', () => {
  it('a process killed right after LevelDB\'s open dropped part of a damaged log: the next open still drops the derived indexes, and every record is found by its hash', async () => {
    const own = tempDir('gdp-log-drop-killed-')
    try {
      const pristine = join(own.path, 'pristine')
      const { t, hashes } = await hashIndexedStore(pristine)
      const opened = await openEachLogFlip(pristine, own.path, 0.05, 0.15, {
        prepare: (copy) => {
          const child = spawnSync(process.execPath, [join(import.meta.dirname, 'children/open-killed.mjs'), copy], { encoding: 'utf8' })
          expect(child.signal, child.stderr).toBe('SIGKILL')
        },
        // LevelDB did drop, and rewrote what it kept into a table: the log it dropped from is gone.
        check: async (damaged, at) => {
          expect(damaged.damageAtOpen).toEqual([expect.stringMatching(DROP_SAID)])
          expect(damaged.damageAtOpen[0]).toMatch(/dropping \d+ bytes.*: an earlier open, which replayed \d+\.log, was stopped \(killed, or its machine lost power\) before it noted what LevelDB dropped, and its LOG \(now LOG.old\) says so\)/)
          const missing = await notFoundByHash(damaged, t.name, hashes)
          if (missing === undefined) return false
          expect(missing, `byte flipped at ${at.toFixed(2)} of the log`).toEqual([])
          return true
        },
        // Dealt with: the open after says nothing more.
        after: async (copy) => {
          const again = await CapsuleStore.open({ path: copy })
          expect(again.damageAtOpen).toEqual([])
          await again.close()
        }
      })
      expect(opened).toBeGreaterThan(0)
    } finally {
      own.cleanup()
    }
  }, 60_000)

  it('a reopen after a failed write that drops part of the log has the derived indexes dropped at the next open, as a first open does', async () => {
    const dir = tempDir('gdp-log-drop-reopen-')
    try {
      const t = testCapsule()
      const store = await CapsuleStore.open({ path: dir.path })
      await store.create(t.signed)
      await store.close()
      const db = await StoreDb.open(dir.path)
      // 400 writes of a hash index row, each its own batch in the log of this open.
      for (let i = 0; i < 400; i++) await db.batch([{ type: 'put', key: hashIndexKey(t.name, Buffer.alloc(32, i % 256).fill(i >> 8, 0, 1)), value: Buffer.alloc(100, i % 256) }], { sync: false })
      // The log damaged in its middle, as a torn write leaves it; the store is reopened, as after a failed write.
      flipByteAt(newestLog(dir.path), 0.5)
      await db.reopen()
      await db.close()
      const reopened = await CapsuleStore.open({ path: dir.path })
      try {
        expect(reopened.damageAtOpen).toEqual([expect.stringMatching(DROP_SAID)])
      } finally {
        await reopened.close()
      }
      const raw = await StoreDb.open(dir.path)
      try {
        expect(await raw.keys(tablesRange('hashes')).all()).toEqual([])
      } finally {
        await raw.close()
      }
    } finally {
      dir.cleanup()
    }
  })

  // It failed with "Path is a directory: rm returned EISDIR"; then it opened, logging the folder, with no marker to
  // say a replay was stopped: an open killed in LevelDB's replay left a drop of part of a log unnoticed.
  it('a folder where the replay marker goes is refused naming it and to move it away; moved away, the store opens', async () => {
    const dir = tempDir('gdp-log-drop-marker-folder-')
    try {
      const t = testCapsule()
      let store = await CapsuleStore.open({ path: dir.path })
      await store.create(t.signed)
      await store.close()
      const marker = join(dir.path, REPLAY_MARKER)
      const refusal = {
        name: 'StoreAccessError',
        message: `${marker} is a folder, where an open keeps the file that says LevelDB's replay of its logs has not been noted; no open made it: move it away, then run the command again`
      }
      // A reopen after a failed write replays too: refused before it lets go of the open handle, which reads go on in.
      const raw = await StoreDb.open(dir.path)
      try {
        mkdirSync(marker)
        await expect(raw.reopen()).rejects.toMatchObject(refusal)
        expect(await raw.get(metadataKey(t.name))).toBeDefined()
      } finally {
        await raw.close()
      }
      await expect(CapsuleStore.open({ path: dir.path })).rejects.toMatchObject(refusal)
      expect(statSync(marker).isDirectory()).toBe(true)
      rmdirSync(marker)
      store = await CapsuleStore.open({ path: dir.path })
      try {
        expect(await store.has(t.name)).toBe(true)
      } finally {
        await store.close()
      }
    } finally {
      dir.cleanup()
    }
  })

  it('a process killed as it began to write the replay marker (left empty): the drop is taken as made, and said without an empty list of logs ("which replayed , was stopped"; found by attacking the disk)', async () => {
    const dir = tempDir('gdp-log-drop-empty-marker-')
    try {
      const t = testCapsule()
      let store = await CapsuleStore.open({ path: dir.path })
      await store.create(t.signed)
      await store.close()
      writeFileSync(join(dir.path, REPLAY_MARKER), '')
      store = await CapsuleStore.open({ path: dir.path })
      try {
        expect(store.damageAtOpen).toEqual([expect.stringMatching(DROP_SAID)])
        expect(store.damageAtOpen[0]).toContain('it may have: an earlier open was stopped (killed, or its machine lost power) as it began, before it noted what LevelDB dropped')
        expect(store.damageAtOpen[0]).not.toMatch(/replayed ,/)
        expect(await store.has(t.name)).toBe(true)
      } finally {
        await store.close()
      }
    } finally {
      dir.cleanup()
    }
  })

  it('an open that drops nothing leaves nothing behind to say it did', async () => {
    const dir = tempDir('gdp-log-drop-none-')
    try {
      const t = testCapsule()
      let store = await CapsuleStore.open({ path: dir.path })
      await store.create(t.signed)
      await store.close()
      store = await CapsuleStore.open({ path: dir.path })
      expect(store.damageAtOpen).toEqual([])
      await store.close()
      expect(readdirSync(dir.path).filter((f) => f.startsWith('GDP-') && !f.startsWith('GDP-EVIDENCE'))).toEqual([])
      expect(existsSync(join(dir.path, 'LOG'))).toBe(true)
    } finally {
      dir.cleanup()
    }
  })
})

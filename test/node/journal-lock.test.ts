// The writer journal's lock taken over from a process that is gone (src/node/writer-journal.ts), with other processes
// racing for it: their steps are played here, between this process's reads and renames, through node:fs.
import { spawnSync } from 'node:child_process'
import { hostname } from 'node:os'
import { join } from 'node:path'
import * as fs from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { writerJournal } from '../../src/node/writer-journal.js'
import { tempDir, testCapsule } from '../helpers.js'
import { formatName } from '../../src/capsule/name.js'
import type { WriterJournal } from '../../src/client/client.js'

/** Called (once) after node:fs did what it was asked: the other processes' steps. */
const after: { read?: (path: string) => void, rename?: (from: string) => void } = {}
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>()
  return {
    ...original,
    readFileSync: (...args: Parameters<typeof original.readFileSync>) => {
      const read = original.readFileSync(...args)
      const step = after.read
      if (step !== undefined) { after.read = undefined; step(String(args[0])) }
      return read
    },
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      original.renameSync(from, to)
      const step = after.rename
      if (step !== undefined) { after.rename = undefined; step(String(from)) }
    }
  }
})

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c(); after.read = undefined; after.rename = undefined; vi.useRealTimers() })

const lockOf = (pid: number): string => JSON.stringify({ pid, host: hostname() })

/** A journal, waiting `lockWaitMs` for a lock held, whose lock for capsule `t` process `holder` holds. */
function heldLock (holder: number, lockWaitMs: number): { t: ReturnType<typeof testCapsule>, journal: WriterJournal, lock: string, folder: string } {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const t = testCapsule()
  const folder = join(dir.path, 'w.key.journal')
  const journal = writerJournal(folder, { lockWaitMs })
  const lock = `${journal.where(t.name)}.lock`
  fs.mkdirSync(folder)
  fs.writeFileSync(lock, lockOf(holder))
  return { t, journal, lock, folder }
}

/** A journal whose lock for capsule `t` a process that is gone left. */
const staleLock = (): ReturnType<typeof heldLock> => heldLock(spawnSync(process.execPath, ['-e', '']).pid!, 300)

describe('the writer journal lock of a process that is gone', () => {
  // Found auditing the take-over: A read the lock of a process gone; B took it over meanwhile (its own lock, live);
  // A renamed B's aside, C linked its own into the free place, A's put-back failed and it removed B's: B and C both
  // held the lock, and signed in one capsule with one key at once.
  it('is not taken from a live process that took it over first, whatever a third does meanwhile', async () => {
    const { t, journal, lock, folder } = staleLock()
    const b = process.ppid // live, and not this process
    const c = 1
    // Once this process has read the stale lock: B takes it over (its own, in place) ...
    after.read = (path) => {
      if (path !== lock) return
      fs.rmSync(lock)
      fs.writeFileSync(lock, lockOf(b))
      // ... and whatever moves B's lock aside finds C's linked into the free place.
      after.rename = (from) => { if (from === lock) fs.writeFileSync(lock, lockOf(c)) }
    }
    await expect(journal.hold!(t.name)).rejects.toMatchObject({ name: 'WriterJournalBusyError', message: expect.stringMatching(new RegExp(`^process ${b} on `)) })
    expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toEqual({ pid: b, host: hostname() })
    expect(fs.readdirSync(folder)).toEqual([`${formatName(t.name)}.lock`])
  })

  it('is taken over, and so is a breaker left by a process that died breaking it', async () => {
    const { t, journal, lock, folder } = staleLock()
    fs.writeFileSync(`${lock}.breaking`, fs.readFileSync(lock))
    await journal.hold!(t.name)
    expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toEqual({ pid: process.pid, host: hostname() })
    expect(fs.readdirSync(folder)).toEqual([`${formatName(t.name)}.lock`])
  })

  it('is not taken over past a breaker that is not a file: named, to be removed by hand', async () => {
    const { t, journal, lock } = staleLock()
    fs.mkdirSync(`${lock}.breaking`)
    await expect(journal.hold!(t.name)).rejects.toMatchObject({ name: 'FileAccessError', message: expect.stringMatching(/^the writer journal lock breaker \S+\.lock\.breaking is not a file: it marks a process taking the lock \S+ over; remove it/) })
  })
})

describe('the writer journal lock of a live process', () => {
  // The wait was timed on the wall clock: stepped an hour ahead (NTP, a resume) while a live process held the
  // lock, it ended at once with WriterJournalBusyError, and the command failed though the other was about to end.
  it('is waited for the whole wait, whatever the wall clock does meanwhile', async () => {
    const { t, journal, lock } = heldLock(process.ppid, 60_000) // live, and not this process
    // Once this process has read the live holder's lock: the wall clock steps an hour ahead (Date alone faked:
    // real timers and performance.now go on), and the holder lets go a little later.
    after.read = (path) => {
      if (path !== lock) return
      vi.useFakeTimers({ toFake: ['Date'] })
      vi.setSystemTime(Date.now() + 3_600_000)
      setTimeout(() => { fs.rmSync(lock, { force: true }) }, 300)
    }
    await journal.hold!(t.name)
    expect(JSON.parse(fs.readFileSync(lock, 'utf8'))).toEqual({ pid: process.pid, host: hostname() })
  })
})

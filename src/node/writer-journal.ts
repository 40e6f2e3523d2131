/**
 * A writer key's journal (docs/spec.md section 9.1), as the command line
 * and a node's gateway keep it: the batch the key signed last in each
 * capsule it appended to through the overlay, one file a capsule in a
 * folder of the key's (the command line's beside the key file,
 * `<key file>.journal/`; a gateway's in its data folder,
 * `<data>/writer-journal/<writer public key>/`: a key under /etc is no
 * place for state), so the next writer with that key (the next command,
 * the gateway after a restart) neither signs below it (a
 * replica that lost records or hides them made the writer fork its
 * capsule) nor loses a batch that was signed and never got an answer: that
 * one is sent again.
 *
 * A file holds one AppendRequest (proto/gdp/v1/pdu.proto: the records and
 * the heartbeat that ends them), written whole before the batch is sent
 * (beside, flushed, renamed over).
 *
 * One process at a time signs in a capsule with a journal: it holds
 * `<capsule>.lock` beside the entry (its process id and host) from before it
 * reads the capsule's tip until it ends. Two would each sign on a tip the
 * other moves (one batch refused, or the journal put back below what the
 * other signed) and race renaming the entry. A lock whose process is gone
 * (killed) is taken over; one held by a process that runs is waited for.
 */
import { closeSync, existsSync, linkSync, lstatSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { formatName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { FileAccessError, StoreFullError, WriterConflictError, WriterJournalBusyError } from '../errors.js'
import { createFolder } from '../store/folders.js'
import type { JournaledBatch, WriterJournal } from '../client/client.js'
import { decodeJournalEntry, encodeJournalEntry, refusedNotSetBack } from '../client/journal-entry.js'
import { writeSecretFile } from './keyfile.js'

/** How long a process waits for another that holds a capsule's journal entry, by default: a long `gdp fs put` holds it that long. */
export const JOURNAL_LOCK_WAIT_MS = 120_000
const JOURNAL_LOCK_POLL_MS = 100

/** Journal locks this process holds, let go when it exits (one killed leaves its lock to be taken over). */
const heldLocks = new Set<string>()
let releaseOnExit = false

interface LockOwner { pid: number, host: string }

/** Who holds the lock at `path`: undefined when it is damaged (it is linked into place whole: taken over), 'gone' when it is free. */
function readLockOwner (path: string): LockOwner | undefined | 'gone' {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'gone' : undefined
  }
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host } : undefined
  } catch {
    return undefined
  }
}

/** Whether `owner` is a process that runs: only known on this host (a folder shared with another host is waited for). */
function running (owner: LockOwner | undefined): boolean {
  if (owner === undefined) return false
  if (owner.host !== hostname()) return true
  try {
    process.kill(owner.pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes the lock at `path` over from a process that is gone (or a damaged
 * lock), holding its breaker `<path>.breaking` (linked from `mine`, this
 * process's lock file) while it reads the lock again and removes it: only a
 * breaker's holder removes a lock not its own, so the lock it read cannot
 * be replaced before it goes. Three processes each renamed aside what they
 * took for the stale lock: one moved the live lock another had just taken,
 * failed to put it back (a third had linked its own into the free place)
 * and removed it, and two held the lock at once. Returns whether the lock
 * may be tried again at once; false while another process breaks it.
 */
function takeOverStale (path: string, mine: string): boolean {
  const breaker = `${path}.breaking`
  try {
    linkSync(mine, breaker)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw journalWriteError(err, `cannot make the writer journal lock breaker ${breaker} (${(err as Error).message}); nothing was signed or sent`)
    if (!isFile(breaker)) throw new FileAccessError(`the writer journal lock breaker ${breaker} is not a file: it marks a process taking the lock ${path} over; remove it (nothing was signed or sent)`)
    const breaking = readLockOwner(breaker)
    if (breaking === 'gone') return true
    if (!running(breaking)) removeStaleBreaker(breaker, breaking)
    return false
  }
  try {
    const owner = readLockOwner(path)
    if (owner === 'gone') return true
    if (!running(owner)) rmSync(path, { force: true })
    return true
  } finally {
    rmSync(breaker, { force: true })
  }
}

/**
 * Removes the breaker of a process that died holding it (within a few
 * system calls): renamed aside, put back if it is not that one's. Two
 * processes that met such a breaker at once, and a third that broke the lock
 * meanwhile, could still hold the lock both (the race the breaker closes
 * for the lock itself): that needs a process killed within those calls.
 */
function removeStaleBreaker (breaker: string, stale: LockOwner | undefined): void {
  const aside = `${breaker}.${process.pid}.stale`
  try { renameSync(breaker, aside) } catch { return }
  const moved = readLockOwner(aside)
  if (moved === 'gone' || moved?.pid !== stale?.pid || moved?.host !== stale?.host) {
    try { linkSync(aside, breaker) } catch {}
  }
  rmSync(aside, { force: true })
}

/**
 * The error for a journal file (an entry, a lock) that could not be written:
 * on a full disk a StoreFullError of the journal (507 at a gateway), which
 * says to free space, not to fix permissions.
 */
function journalWriteError (err: unknown, why: string): Error {
  return (err as NodeJS.ErrnoException).code === 'ENOSPC' ? new StoreFullError(`the disk holding it is full: ${why}`, { cause: err, ofJournal: true }) : new FileAccessError(why, { cause: err })
}

async function holdLock (path: string, waitMs: number): Promise<void> {
  if (heldLocks.has(path)) return
  createFolder(dirname(path), 0o700)
  // Written whole beside, then linked into place (fails if one is there): no other process ever reads a lock half written.
  const mine = `${path}.${process.pid}.new`
  let made = false
  try {
    const fd = openSync(mine, 'w', 0o600)
    made = true
    try { writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() })) } finally { closeSync(fd) }
  } catch (err) {
    // A command line on a full disk was told to look at the lock's permissions (a FileAccessError), never reaching the
    // journal's StoreFullError, and left the lock's empty file beside it, one more each run (found through the CLI).
    if (made) rmSync(mine, { force: true })
    throw journalWriteError(err, `cannot make the writer journal lock ${path} (${(err as Error).message}); nothing was signed or sent`)
  }
  try {
    await waitForLock(path, mine, waitMs)
  } finally {
    rmSync(mine, { force: true })
  }
  heldLocks.add(path)
  if (!releaseOnExit) {
    releaseOnExit = true
    process.on('exit', () => { for (const held of heldLocks) rmSync(held, { force: true }) })
  }
}

/** Whether anything is at `path`, a symbolic link to nothing included (one not looked at, for its permissions, counts: its read says why). */
function isThere (path: string): boolean {
  try {
    lstatSync(path)
    return true
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return code !== 'ENOENT' && code !== 'ENOTDIR'
  }
}

/** Whether `path` is a file (gone meanwhile counts: the lock was let go, and is tried again). */
function isFile (path: string): boolean {
  try {
    return lstatSync(path).isFile()
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT'
  }
}

async function waitForLock (path: string, mine: string, waitMs: number): Promise<void> {
  // On the monotonic clock: a wall clock stepped ahead ended the wait at once, and the command failed while the other one ran on.
  const deadline = performance.now() + waitMs
  for (;;) {
    try {
      linkSync(mine, path)
      return
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw journalWriteError(err, `cannot make the writer journal lock ${path} (${(err as Error).message}); nothing was signed or sent`)
    }
    // A folder (or another thing not a file) at the lock's place was taken for a lock left unreadable, moved aside
    // where rmSync failed on it, and the command died with a bare system error (found by attacking the disk).
    if (!isFile(path)) throw new FileAccessError(`the writer journal lock ${path} is not a file: it marks the process signing in this capsule with this key; remove it (nothing was signed or sent)`)
    const owner = readLockOwner(path)
    if (owner === 'gone') continue
    if (owner?.pid === process.pid && owner.host === hostname()) return // this process's, from an earlier journal object
    if (!running(owner) && takeOverStale(path, mine)) continue
    if (performance.now() >= deadline) {
      if (!running(owner)) throw new WriterJournalBusyError(`another process is taking the writer journal lock ${path} over (it holds ${path}.breaking); waited ${waitMs / 1000} s for it to end. If no gdp process runs, delete ${path}.breaking (nothing was signed or sent)`)
      throw new WriterJournalBusyError(`process ${owner!.pid} on ${owner!.host} is signing in this capsule with this key (it holds ${path}); waited ${waitMs / 1000} s for it to end. Two processes signing one capsule with one key at once would race on its journal: let it end, or delete the lock if that process is not a gdp one`)
    }
    await new Promise((resolve) => setTimeout(resolve, JOURNAL_LOCK_POLL_MS))
  }
}

export function writerJournal (folder: string, { lockWaitMs = JOURNAL_LOCK_WAIT_MS }: { lockWaitMs?: number } = {}): WriterJournal {
  const file = (capsule: Uint8Array): string => join(folder, formatName(capsule))
  /**
   * What each capsule's file held before the batch last signed in it (and
   * that batch's size), to put back when that batch is refused for certain;
   * let go once it is acknowledged.
   */
  const before = new Map<string, { held: Uint8Array | undefined, size: number }>()
  const read = (capsule: Uint8Array): JournaledBatch | undefined => {
    const path = file(capsule)
    // Not existsSync, which follows a link: one to nothing (its disk not mounted) was taken for no entry, and the
    // next batch signed on the replicas' word alone (found by attacking the disk). Such a link cannot be read, below.
    if (!isThere(path)) return undefined
    let bytes: Uint8Array
    try {
      bytes = readFileSync(path)
    } catch (err) {
      // Not damaged, unread: told to delete it (as a damaged one), a writer whose entry had lost its permissions
      // would throw away a whole entry, and with it the floor that keeps it from signing over what replicas lost.
      throw new FileAccessError(`the writer journal entry ${path} cannot be read (${(err as Error).message}): it says what this key signed last in the capsule, and nothing is signed in it until it is read; make it readable by this user again (what is there is not a file: remove that), rather than delete a whole entry`, { cause: err })
    }
    try {
      return decodeJournalEntry(bytes, capsule)
    } catch (err) {
      // The node's own file, not the request's fault: a gateway answers it as its own failure (500, no paths).
      throw new FileAccessError(`the writer journal entry ${path} is damaged (${(err as Error).message}): it says what this key signed last in the capsule; restore it, or delete it to let the replicas say again`, { cause: err })
    }
  }
  return {
    hold: async (capsule) => { await holdLock(`${file(capsule)}.lock`, lockWaitMs) },
    last: read,
    signed (batch) {
      const path = file(batch.capsule)
      const held = existsSync(path) ? readFileSync(path) : undefined
      try {
        writeSecretFile(path, encodeJournalEntry(batch))
      } catch (err) {
        const why = `the writer journal entry ${path} could not be written (${(err as Error).message}); nothing was sent: the journal says what this key signed last, and a batch it does not hold could be signed over later`
        throw journalWriteError(err, why)
      }
      before.set(path, { held, size: batch.heartbeat.heartbeat.size })
    },
    refused (batch, refusal) {
      const path = file(batch.capsule)
      const kept = before.get(path)
      if (kept === undefined) return
      try {
        if (kept.held === undefined) rmSync(path, { force: true })
        else writeSecretFile(path, kept.held)
      } catch (err) {
        // Kept: refused again once the entry can be written, the place is given back then. It was let go first, and
        // the raw system error named neither the entry nor the records it still held.
        throw journalWriteError(err, `${refusedNotSetBack(path, batch, refusal, err as Error)}; free space on its disk, or make its folder writable by this user`)
      }
      before.delete(path)
    },
    acknowledged (batch) {
      const path = file(batch.capsule)
      if ((before.get(path)?.size ?? Infinity) <= batch.heartbeat.heartbeat.size) before.delete(path)
    },
    where: file
  }
}

/**
 * Whether `other`, the batch another writer with this key signed last, holds
 * another record at a place `batch` signs (or builds on one there): two
 * records for one place are a fork. By the hash chain one place tells: the
 * last where both have a record, or `batch`'s last where `other` starts
 * right after it (that writer went on from `batch`).
 */
function claimsPlaceOf (other: JournaledBatch, batch: JournaledBatch): boolean {
  const first = batch.records[0]!.header.seqno
  const otherFirst = other.records[0]!.header.seqno
  const otherEnd = other.heartbeat.heartbeat.size
  if (otherEnd <= first) return false
  const at = Math.min(otherEnd, batch.heartbeat.heartbeat.size) - 1
  if (otherFirst <= at) return !equalBytes(other.records[at - otherFirst]!.hash, batch.records[at - first]!.hash)
  return otherFirst !== at + 1 || !equalBytes(other.records[0]!.header.prevHash, batch.records.at(-1)!.hash)
}

/** Where the command line keeps the journal of the key in `keyFile`. */
export const commandLineJournalFolder = (keyFile: string): string => `${keyFile}.journal`

/** Where a node's gateway keeps the journal of its writer key `publicKey`, in its data folder `data` (a key under /etc is no place for state). */
export const gatewayJournalFolder = (data: string, publicKey: Uint8Array): string => join(data, 'writer-journal', formatName(publicKey))

/**
 * `journal`, held also to what `beside`, another journal of the same key
 * that this process does not write (read only, and not locked), says the
 * key signed: the further of the two entries is the floor. A gateway and the
 * command line on one machine sign with one key file but keep their journals
 * apart; each reads the other's, so that neither signs over records the
 * other signed and a replica lost (restored from a backup, say): they
 * forked the capsule, found by attacking the gateway. The batch the other
 * signed last, if that is all the replicas lack, is sent again as its own.
 * Each batch kept is checked against the other's entry once more: one
 * signed at the same time for the same place is a WriterConflictError, and
 * is not sent.
 */
export function readingBeside (journal: WriterJournal, beside: WriterJournal): WriterJournal {
  return {
    ...(journal.hold === undefined ? {} : { hold: journal.hold }),
    last (capsule) {
      const own = journal.last(capsule)
      const other = beside.last(capsule)
      return other !== undefined && (own === undefined || other.heartbeat.heartbeat.size > own.heartbeat.heartbeat.size) ? other : own
    },
    signed (batch) {
      journal.signed(batch)
      // Read once this entry is in place: of two writers signing at once, each reading the other's entry after writing
      // its own, one at least finds the other's. Their locks are apart, and each sends its batches to the first replica
      // its own client does not avoid: signing on one tip, they had each record stored at another replica, a fork.
      let other: JournaledBatch | undefined
      try {
        other = beside.last(batch.capsule)
      } catch (err) {
        journal.refused(batch, err as Error)
        throw err
      }
      if (other === undefined || !claimsPlaceOf(other, batch)) return
      const at = Math.max(batch.records[0]!.header.seqno, Math.min(other.records[0]!.header.seqno, batch.heartbeat.heartbeat.size - 1))
      const conflict = new WriterConflictError(`capsule ${formatName(batch.capsule)}: another writer with this key signed at record ${at} at the same time (its journal entry ${beside.where(batch.capsule)}); nothing was sent: write again (a writer made again builds on that writer's records)`)
      journal.refused(batch, conflict)
      throw conflict
    },
    refused: (batch, refusal) => { journal.refused(batch, refusal) },
    acknowledged: (batch) => { journal.acknowledged(batch) },
    where: (capsule) => `${journal.where(capsule)}, with ${beside.where(capsule)} read beside it`
  }
}

/** The command line's journal of the key in `keyFile`, reading beside it the journal a gateway on the data folder `data` keeps of it. */
export function commandLineJournal (keyFile: string, data: string, publicKey: Uint8Array): WriterJournal {
  return readingBeside(writerJournal(commandLineJournalFolder(keyFile)), writerJournal(gatewayJournalFolder(data, publicKey)))
}

/** A gateway's journal of the key in `keyFile`, in its data folder `data`, reading beside it the command line's of that key. */
export function gatewayJournal (data: string, keyFile: string, publicKey: Uint8Array): WriterJournal {
  return readingBeside(writerJournal(gatewayJournalFolder(data, publicKey)), writerJournal(commandLineJournalFolder(keyFile)))
}

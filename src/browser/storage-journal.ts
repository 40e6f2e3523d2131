/**
 * A writer journal (docs/spec.md section 9.1) kept in a page's Web Storage
 * (localStorage): the batch a writer key signed last in each capsule, so a
 * page that opens the capsule again with that key, after a reload or a crash,
 * neither signs over records it signed before (a replica that lost them or
 * hides them would make it fork its capsule) nor loses a batch it signed and
 * never got an answer for: that one is sent again first. The entry is kept
 * before its batch is sent.
 *
 * With the Web Locks API (navigator.locks), one tab or window of the origin
 * at a time signs in a capsule with a key: another waits for it, then is
 * refused. Without it, two tabs writing one capsule with one key race.
 */
import type { JournaledBatch, WriterJournal } from '../client/client.js'
import { decodeJournalEntry, encodeJournalEntry, refusedNotSetBack } from '../client/journal-entry.js'
import { formatName } from '../capsule/name.js'
import { base64urlToBytes, bytesToBase64url } from '../crypto/bytes.js'
import { InvalidArgumentError, StoreFullError, StoreWriteError, WriterConflictError, WriterJournalBusyError } from '../errors.js'

/** The part of the Web Storage API the journal uses: localStorage, or a map of strings. */
export interface JournalStorage {
  getItem: (key: string) => string | null
  setItem: (key: string, value: string) => void
  removeItem: (key: string) => void
}

/** The part of the Web Locks API the journal uses: navigator.locks. */
export interface JournalLocks {
  request: (name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>) => Promise<void>
}

/** How long a page waits for another tab that signs in the capsule with the key, by default. */
export const STORAGE_JOURNAL_LOCK_WAIT_MS = 10_000

/** Locks this page holds: taken once, kept until the page goes away (the browser lets them go then). */
const heldLocks = new Set<string>()

export interface StorageJournalOptions {
  /** One tab at a time per capsule and key. @default navigator.locks where there is one */
  locks?: JournalLocks
  /** How long to wait for the tab that holds the lock. @default STORAGE_JOURNAL_LOCK_WAIT_MS */
  lockWaitMs?: number
}

/** The storage's refusal to keep an item, as StoreFullError when it is full (QuotaExceededError), else StoreWriteError. */
function storageError (why: string, err: unknown): StoreWriteError {
  return (err as Error).name === 'QuotaExceededError' ? new StoreFullError(`the page's storage is full: ${why}`, { cause: err }) : new StoreWriteError(why, { cause: err })
}

/** The journal of the key `writer` (its public key) in `storage`: one item a capsule, `gdp-writer-journal/<key>/<capsule>`. */
export function storageJournal (storage: JournalStorage, writer: Uint8Array, options: StorageJournalOptions = {}): WriterJournal {
  const locks = options.locks ?? (globalThis as { navigator?: { locks?: JournalLocks } }).navigator?.locks
  const lockWaitMs = options.lockWaitMs ?? STORAGE_JOURNAL_LOCK_WAIT_MS
  const item = (capsule: Uint8Array): string => `gdp-writer-journal/${formatName(writer)}/${formatName(capsule)}`
  /**
   * What each capsule's item held before the batch last signed in it (and
   * that batch's size), to put back when that batch is refused for certain;
   * let go once it is acknowledged.
   */
  const before = new Map<string, { held: string | null, size: number }>()
  /**
   * What each item held when this journal last read or wrote it: another
   * value there when it keeps a batch is another writer's batch, perhaps
   * for the same records.
   */
  const seen = new Map<string, string | null>()
  const put = (key: string, value: string | null): void => {
    if (value === null) storage.removeItem(key)
    else storage.setItem(key, value)
  }
  return {
    hold: locks === undefined
      ? undefined
      : async (capsule) => {
        const name = item(capsule)
        if (heldLocks.has(name)) return
        await new Promise<void>((resolve, reject) => {
          const waited = AbortSignal.timeout(lockWaitMs)
          locks.request(name, { signal: waited }, async () => {
            heldLocks.add(name)
            resolve()
            await new Promise<never>(() => {})
          }).catch((err: Error) => {
            // Refused outright (a sandboxed page, an opaque origin): no tab holds it, and waiting on would not help.
            if (!waited.aborted) {
              reject(new StoreWriteError(`the page's Web Locks refused the lock ${name} (${err.name}: ${err.message}): nothing is signed in capsule ${formatName(capsule)} with this key until this page may take it, as another tab could sign there at once`, { cause: err }))
              return
            }
            reject(new WriterJournalBusyError(`another tab or window of this page signs in capsule ${formatName(capsule)} with this key (it holds the lock ${name}); waited ${lockWaitMs / 1000} s for it to end. Two signing one capsule with one key at once would race on its journal: close the other one`, { cause: err }))
          })
        })
      },
    last (capsule) {
      const value = storage.getItem(item(capsule))
      seen.set(item(capsule), value)
      if (value === null) return undefined
      try {
        return decodeJournalEntry(base64urlToBytes(value), capsule)
      } catch (err) {
        throw new InvalidArgumentError(`the writer journal entry ${item(capsule)} in the page's storage is damaged (${(err as Error).message}): it says what this key signed last in the capsule; restore it, or remove it to let the replicas say again`)
      }
    },
    signed (batch: JournaledBatch) {
      const key = item(batch.capsule)
      const held = storage.getItem(key)
      if (seen.has(key) && seen.get(key) !== held) {
        // Both signed on from the tip they read: sent, this batch would be a second one for records the other's may
        // hold, which a replica that missed the other's could store (found by attacking the browser client).
        throw new WriterConflictError(`capsule ${formatName(batch.capsule)}: another writer with this key kept a batch in the page's storage, item ${key}, since this one last did (the capsule opened again in this page, or in a tab without Web Locks); ` +
          `records ${batch.records[0]!.header.seqno}..${batch.heartbeat.heartbeat.size - 1} signed here were not sent: open the capsule again`)
      }
      const value = bytesToBase64url(encodeJournalEntry(batch))
      try {
        storage.setItem(key, value)
      } catch (err) {
        throw storageError(`the writer journal entry ${key} could not be kept in the page's storage (${(err as Error).message}); nothing was sent: the journal says what this key signed last, and a batch it does not hold could be signed over later`, err)
      }
      seen.set(key, value)
      before.set(key, { held, size: batch.heartbeat.heartbeat.size })
    },
    refused (batch: JournaledBatch, refusal: Error) {
      const key = item(batch.capsule)
      const kept = before.get(key)
      if (kept === undefined) return
      before.delete(key)
      // Another writer on this storage (a tab without Web Locks, the capsule opened twice in the page) kept a batch
      // over this one: it may be acknowledged, and putting back what was there before both would lose it.
      if (storage.getItem(key) !== seen.get(key)) return
      try {
        put(key, kept.held)
        seen.set(key, kept.held)
      } catch (err) {
        // Kept: refused again once there is room, the place is given back then.
        before.set(key, kept)
        throw storageError(`${refusedNotSetBack(key, batch, refusal, err as Error)}; make room in the page's storage`, err)
      }
    },
    acknowledged (batch: JournaledBatch) {
      const key = item(batch.capsule)
      if ((before.get(key)?.size ?? Infinity) <= batch.heartbeat.heartbeat.size) before.delete(key)
    },
    where: (capsule) => `the page's storage, item ${item(capsule)}`
  }
}

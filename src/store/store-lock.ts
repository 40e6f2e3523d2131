/**
 * Room for a store to open on a full disk, from the tables LevelDB no longer
 * lists. A compaction that runs out of room (one LevelDB starts, or a
 * deleted capsule's) leaves the tables it wrote, and LevelDB deletes them
 * only at its next open, after it has written a new MANIFEST and the
 * tables of its logs: on a disk they filled, that open had no room to get
 * there, and the store stayed unopenable, tens of MiB of dead tables beside
 * it (found on a 40 MiB tmpfs). So the store deletes them itself first,
 * holding LevelDB's lock on the folder as LevelDB holds it (fcntl, through
 * src/store/native/lock.c), so that no LevelDB, in this process or another,
 * has the store open meanwhile: an open one writes tables it lists only
 * once they are whole.
 */
import { closeSync, openSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { loadAddon } from '../crypto/load-addon.js'
import { unlistedTables } from './free-space.js'
import { syncFolder } from './replace-file.js'

interface LockAddon { tryLock: (fd: number) => boolean }

// This module runs from src/store (the tests), from dist/src/store (the build) and from the bundle in dist/gdp.
const PLACES = ['../../dist/native/gdp-lock.node', '../../native/gdp-lock.node', '../native/gdp-lock.node']
let addon: { loaded: LockAddon | undefined } | undefined

/** What deleting the unlisted tables came to: bytes freed (0: none to delete, or they could not be read whole), or the store is open elsewhere. */
export type UnlistedTablesDeleted = { freed: number, tables: string[] } | 'in use'

/**
 * Deletes the tables of the LevelDB at `path` that its MANIFEST no longer
 * lists (free-space.ts, unlistedTables), holding LevelDB's lock while it
 * does. Undefined where it cannot take that lock as LevelDB does (the addon
 * was not built). The caller makes sure no LevelDB of this process has
 * the folder open: a process's fcntl locks do not exclude each other, and
 * closing any descriptor of LOCK drops them all, LevelDB's included.
 */
export function deleteUnlistedTables (path: string): UnlistedTablesDeleted | undefined {
  addon ??= { loaded: loadAddon<LockAddon>(PLACES, import.meta.url) }
  const lock = addon.loaded
  if (lock === undefined) return undefined
  let fd: number
  try {
    fd = openSync(join(path, 'LOCK'), 'a')
  } catch {
    // Not ours to open (its owner, its mode, a read-only mount): the open that follows says so, or that the disk is full.
    return undefined
  }
  const deleted: Array<{ name: string, size: number }> = []
  try {
    if (!lock.tryLock(fd)) return 'in use'
    for (const table of unlistedTables(path) ?? []) {
      rmSync(join(path, table.name), { force: true })
      deleted.push(table)
    }
    if (deleted.length > 0) syncFolder(path)
  } catch {
    // A table that cannot be deleted, a lock refused for another reason: what was deleted is freed all the same.
  } finally {
    closeSync(fd)
  }
  return { freed: deleted.reduce((n, t) => n + t.size, 0), tables: deleted.map((t) => t.name) }
}

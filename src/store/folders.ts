/**
 * Folders made for a data folder, a store, a migration: one way, since
 * Node's own recursive mkdir has two faults here. Where mkdir of a folder
 * says ENOENT under a parent that exists (/proc, sysfs), it tries again
 * forever, holding the thread: `data: /proc/x` made a node spin at start-up
 * and ignore SIGTERM (found by attacking the node's edge). And it reports a
 * parent on a read-only file system, or one this process may not write, as
 * ENOENT, which names neither the cause nor the folder to fix.
 */
import { existsSync, lstatSync, mkdirSync, readlinkSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { FileAccessError } from '../errors.js'

/**
 * Creates `folder` and its missing parents, one at a time, the ones it
 * makes with `mode` (less the umask). A folder that cannot be made throws
 * Node's error for it (its `code`, and its `path`: that folder), or a
 * FileAccessError where its parent is there and takes no folders.
 */
export function createFolder (folder: string, mode?: number): void {
  const missing: string[] = []
  for (let at = resolve(folder); !existsSync(at); at = dirname(at)) {
    // Made through, it failed as the next folder's ENOENT, naming no link (found by attacking a server's disk).
    const target = linkToNothing(at)
    if (target !== undefined) throw new FileAccessError(`${at} is a symbolic link to ${target}, which is not there: put the folder back where the link points (a disk not mounted?), or remove the link`)
    missing.push(at)
    if (dirname(at) === at) break
  }
  for (const path of missing.reverse()) {
    try {
      mkdirSync(path, mode === undefined ? undefined : { mode })
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code === 'ENOENT' && existsSync(dirname(path))) throw new FileAccessError(`cannot make the folder ${path}: the file system holding ${dirname(path)} makes no folders there`, { cause: err })
      if (code !== 'EEXIST') throw err
    }
  }
}

/**
 * Where `path` points, where it is a symbolic link to nothing (its target on
 * a disk not mounted, say); else undefined. existsSync follows the link, so
 * such a file read as none, to be made afresh or passed over.
 */
export function linkToNothing (path: string): string | undefined {
  try {
    if (!lstatSync(path).isSymbolicLink() || existsSync(path)) return undefined
    return readlinkSync(path)
  } catch {
    return undefined // nothing there, or not looked at: its reader says so
  }
}

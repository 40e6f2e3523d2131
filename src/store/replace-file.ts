/**
 * Files replaced whole, one way: written beside under a temporary name,
 * flushed, renamed over the old one, and the rename flushed, so that a
 * crash or a power loss leaves the old file or the new one, never a part.
 * For key files, a store's evidence, a migration's state, the status file.
 */
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

export interface ReplaceFileOptions {
  /** The name the new file is written under first, beside `path`. @default `${path}.tmp` */
  temporary?: string
  /** The new file's mode (less the umask), from its creation on: 0o600 for a secret. @default 0o666 */
  mode?: number
  /** Whether the file's bytes, and then the rename, are flushed to the disk. Unflushed, a reader still never sees a part. @default true */
  sync?: boolean
}

/**
 * Replaces the file at `path` by one holding `bytes`. A temporary file a
 * crash left is removed first (a file kept would keep its mode); one that
 * appears meanwhile is not written through (O_EXCL: no symlink followed).
 * A write that fails (a full disk, a folder at `path`) removes the
 * temporary file and throws Node's error, naming `path` where it names no
 * file (a write's ENOSPC: the command line said "internal error" for a key
 * file on a full disk).
 */
export function replaceFile (path: string, bytes: Uint8Array, { temporary = `${path}.tmp`, mode, sync = true }: ReplaceFileOptions = {}): void {
  rmSync(temporary, { force: true })
  const fd = openSync(temporary, 'wx', mode)
  try {
    try {
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at)
      if (sync) fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temporary, path)
  } catch (err) {
    rmSync(temporary, { force: true })
    const failure = err as NodeJS.ErrnoException
    if (failure.code !== undefined && failure.path === undefined) failure.path = path
    throw err
  }
  if (sync) syncFolder(dirname(path))
}

/** Flushes `folder` itself: what makes a file created, renamed or removed in it stay so after a power loss. */
export function syncFolder (folder: string): void {
  const fd = openSync(folder, 'r')
  try { fsyncSync(fd) } finally { closeSync(fd) }
}

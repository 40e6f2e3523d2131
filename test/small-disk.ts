// A real full disk for tests: a small tmpfs, which only root may mount.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'

/** Tests that mount a disk run only as root (describe.skipIf(!runsAsRoot)). */
export const runsAsRoot = process.getuid?.() === 0

export interface SmallDisk {
  /** Where it is mounted (set once the describe's tests start). */
  readonly path: string
  /** Bytes free on it. */
  free: () => number
  /** Fills it with file `name`, leaving about `leave` bytes free; returns the file's path. */
  fill: (name: string, leave: number) => string
}

/**
 * A tmpfs of `size` (as mount's `size=` takes it: '32m'), and of `inodes`
 * files and folders at most if given, for the tests of the describe that
 * calls this, unmounted after them.
 */
export function smallDisk (prefix: string, size: string, inodes?: number): SmallDisk {
  let mount = ''
  beforeAll(() => {
    mount = mkdtempSync(join(tmpdir(), prefix))
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${inodes === undefined ? '' : `,nr_inodes=${inodes}`}`, 'tmpfs', mount])
  })
  afterAll(() => {
    if (mount === '') return
    // Lazily: a test that failed half way may have left a store open on it.
    execFileSync('umount', ['-l', mount])
    rmSync(mount, { recursive: true, force: true })
  })
  const free = (): number => { const disk = statfsSync(mount); return disk.bavail * disk.bsize }
  return {
    get path () { return mount },
    free,
    fill (name, leave) {
      const path = join(mount, name)
      const fd = openSync(path, 'w')
      const chunk = Buffer.alloc(64 * 1024, 1)
      try {
        for (let room = free() - leave; room > 0; room = free() - leave) writeSync(fd, chunk, 0, Math.min(chunk.length, room))
      } finally {
        closeSync(fd)
      }
      return path
    }
  }
}

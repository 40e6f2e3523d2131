// Files the command line and a node replace whole (a key, a node's key) on a full disk: a typed line naming the file,
// not an internal error (Node's ENOSPC from a write names no path).
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gdpAsync } from './run-gdp.js'
import { runsAsRoot, smallDisk } from '../small-disk.js'

describe.skipIf(!runsAsRoot)('a key file written on a full disk (a small tmpfs: skipped unless root)', () => {
  const disk = smallDisk('gdp-cli-full-files-', '1m')

  it('gdp keys generate and a first gdp node start say the disk is full, naming the key file, and leave no temporary file', async () => {
    disk.fill('filler', 0)
    const generated = await gdpAsync(['--data', join(disk.path, 'cli'), 'keys', 'generate'])
    expect(generated.code).toBe(1)
    expect(generated.err).toMatch(/^gdp: FileAccessError: cannot write \S+\/cli\/keys\/default\.key: the disk is full \(no space left on device\)/)
    expect(readdirSync(join(disk.path, 'cli', 'keys'))).toEqual([])
    // A router's first start writes its key first; a server's opens its store first (its key is written once the store
    // shows that no node ran there), and that says the disk is full.
    const started = await gdpAsync(['--data', join(disk.path, 'node'), 'node', 'start', '--role', 'router', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(started.code).toBe(1)
    expect(started.err).toMatch(/^gdp: FileAccessError: cannot write \S+\/node\/node\.key: the disk is full \(no space left on device\)/)
    const server = await gdpAsync(['--data', join(disk.path, 'server'), 'node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(server.code).toBe(1)
    expect(server.err).toMatch(/^gdp: StoreFullError: .*full/)
  }, 30_000)
})

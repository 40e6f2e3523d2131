// The command line's writer journal (src/node/writer-journal.ts) on a full
// disk, through a node: a small tmpfs holds the command line's data folder
// (its key and the key's journal), the node's store is elsewhere.
import { readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { gdpAsync } from './run-gdp.js'
import { runsAsRoot, smallDisk } from '../small-disk.js'
import { gdpThroughServer } from './through-node.js'

const dir = tempDir('gdp-cli-journal-full-')
const { remote, rok } = gdpThroughServer(dir.path)

describe.skipIf(!runsAsRoot)('gdp --node with its writer journal on a full disk (a small tmpfs: skipped unless root)', () => {
  const disk = smallDisk('gdp-cli-journal-full-', '1m')

  it('refuses the append with StoreFullError naming the journal, sends nothing, and appends again once there is room', async () => {
    const data = ['--data', join(disk.path, 'cli')]
    expect((await gdpAsync([...data, 'keys', 'generate'])).code).toBe(0)
    const capsule = JSON.parse(await rok([...data, 'capsule', 'create', '--json'])).name
    await rok([...data, 'capsule', 'append', capsule, 'a'])
    const filler = disk.fill('filler', 0)
    const refused = await remote([...data, 'capsule', 'append', capsule, 'b'])
    expect(refused.code).toBe(1)
    // The lock is the first file the command writes: it was a FileAccessError, as if the folder's permissions were wrong.
    expect(refused.err).toMatch(/^gdp: StoreFullError: the disk holding it is full: cannot make the writer journal lock \S+default\.key\.journal\/\S+\.lock \(ENOSPC: .*\); nothing was signed or sent\n/)
    // Nothing left beside the entry (each run left an empty lock file of its own).
    expect(readdirSync(join(disk.path, 'cli', 'keys', 'default.key.journal'))).toEqual([capsule])
    expect(JSON.parse(await rok([...data, 'capsule', 'info', capsule, '--json'])).size).toBe(1)
    rmSync(filler)
    // Room for the lock, not for the entry of a big batch: the entry's own StoreFullError.
    const big = join(dir.path, 'big')
    writeFileSync(big, 'b'.repeat(200_000))
    const bigFiller = disk.fill('filler', 16 * 1024)
    const tooBig = await remote([...data, 'capsule', 'append', capsule, '--file', big])
    expect(tooBig.err).toMatch(/^gdp: StoreFullError: the disk holding it is full: the writer journal entry \S+default\.key\.journal\/\S+ could not be written \(ENOSPC: .*\); nothing was sent/)
    expect(readdirSync(join(disk.path, 'cli', 'keys', 'default.key.journal'))).toEqual([capsule])
    rmSync(bigFiller)
    await rok([...data, 'capsule', 'append', capsule, 'c'])
    expect(JSON.parse(await rok([...data, 'capsule', 'info', capsule, '--json'])).size).toBe(2)
  }, 30_000)
})

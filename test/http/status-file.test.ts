// The status file a running node writes every second: a write that fails
// (the process out of descriptors, the disk full, no permission) must not
// take the node down with it.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { statusFileWriter } from '../../src/cli/node-commands.js'
import { tempDir } from '../helpers.js'

const dir = tempDir('gdp-status-file-')
afterAll(() => { dir.cleanup() })

describe('the status file', () => {
  it('a failing write (EMFILE from the stats, a folder that is gone) is survived, and the next one that can goes through', () => {
    const file = join(dir.path, 'status.json')
    let failWith: string | undefined = 'EMFILE'
    const write = statusFileWriter(file, () => {
      if (failWith !== undefined) throw Object.assign(new Error(`${failWith}: too many open files, scandir 'migrations'`), { code: failWith })
      return { name: 'n' }
    })
    expect(() => { write() }).not.toThrow()
    expect(existsSync(file)).toBe(false)
    failWith = undefined
    expect(() => { statusFileWriter(join(dir.path, 'gone', 'status.json'), () => ({}))() }).not.toThrow()
    write()
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ name: 'n', pid: process.pid })
  })

  it('is readable by its owner only: it holds what the admin API keeps behind its token (addresses, counters, the admin URL)', () => {
    const file = join(dir.path, 'private-status.json')
    statusFileWriter(file, () => ({ name: 'n' }))()
    expect(statSync(file).mode & 0o777).toBe(0o600)
  })
})

// The status file a running node writes every second: a write that fails
// (the process out of descriptors, the disk full, no permission) must not
// take the node down with it, and a reader (a health check, a testnet)
// never sees half of one, even after the node is killed mid-write.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { statusFileWriter } from '../../src/cli/node-commands.js'
import { tempDir, waitFor } from '../helpers.js'

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

  it('is replaced whole: another process reading it while it is rewritten without pause, and after the writer is killed with SIGKILL, reads the JSON of one write', async () => {
    const file = join(dir.path, 'rewritten-status.json')
    // The compiled writer in a process of its own, rewriting a status of a megabyte as fast as it can.
    const writerModule = pathToFileURL(join(import.meta.dirname, '../../dist/src/cli/node-commands.js')).href
    const writer = spawn(process.execPath, ['--input-type=module', '-e', `
      const { statusFileWriter } = await import(${JSON.stringify(writerModule)})
      let n = 0
      const write = statusFileWriter(process.env.STATUS_FILE, () => ({ write: ++n, padding: 'x'.repeat(1 << 20) }))
      for (;;) write()
    `], { env: { ...process.env, STATUS_FILE: file }, stdio: ['ignore', 'ignore', 'inherit'] })
    const exited = new Promise<void>((resolve) => { writer.on('exit', () => { resolve() }) })
    try {
      await waitFor(() => existsSync(file), { timeoutMs: 20_000, intervalMs: 20, what: 'the first status file' })
      const writes = new Set<number>()
      const until = Date.now() + 5_000
      for (let read = 0; read < 100 && Date.now() < until; read++) {
        const status = JSON.parse(readFileSync(file, 'utf8')) as { write: number, padding: string }
        expect(status.padding.length).toBe(1 << 20)
        writes.add(status.write)
        await new Promise((resolve) => setImmediate(resolve))
      }
      // The reads met several writes: the file was being rewritten under them.
      expect(writes.size).toBeGreaterThan(1)
    } finally {
      writer.kill('SIGKILL')
      await exited
    }
    // Killed in the middle of a write (it did nothing else): the last whole one is there.
    expect((JSON.parse(readFileSync(file, 'utf8')) as { padding: string }).padding.length).toBe(1 << 20)
  })
})

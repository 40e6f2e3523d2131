// A node told at start that its limit on open files is below what it may
// hold (found by attacking it under `ulimit -n 64`: out of descriptors it
// refused connections and its reads failed), read from /proc/self/limits.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FILES_BESIDES_CONNECTIONS, openFilesLimit, openFilesWarning } from '../../src/node/open-files.js'
import { GDP_MAIN } from '../cli/run-gdp.js'
import { tempDir } from '../helpers.js'

describe('the limit on open files', () => {
  it('is read from the process\'s limits; below the connections and the store\'s files, the warning says what to raise it to', () => {
    const dir = tempDir()
    try {
      const limits = join(dir.path, 'limits')
      writeFileSync(limits, 'Limit                     Soft Limit           Hard Limit           Units     \nMax open files            512                  4096                 files     \n')
      expect(openFilesLimit(limits)).toBe(512)
      expect(openFilesLimit(join(dir.path, 'none'))).toBeUndefined()
      expect(openFilesWarning(1024, 512)).toBe(`the limit on open files is 512, and this node may hold 1024 connections besides its store's files: raise it to ${1024 + FILES_BESIDES_CONNECTIONS} or more (ulimit -n, or LimitNOFILE= in a systemd unit) or lower max_connections; out of descriptors it refuses connections, and reads fail with ServerBusyError until some close`)
      expect(openFilesWarning(1024, 1024 + FILES_BESIDES_CONNECTIONS)).toBeUndefined()
      expect(openFilesWarning(1024, undefined)).toBeUndefined()
    } finally {
      dir.cleanup()
    }
  })

  it('gdp node start under a low limit warns on stderr, and starts', async () => {
    const dir = tempDir()
    const child = spawn('prlimit', ['--nofile=512:512', process.execPath, GDP_MAIN, '--data', dir.path, 'node', 'start', '--listen', '/ip4/127.0.0.1/tcp/0'])
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    child.stderr.on('data', (d: Buffer) => { err += d.toString() })
    try {
      for (let waited = 0; !out.includes('listening on') && waited < 30_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100))
      expect(out).toContain('listening on')
      expect(err).toMatch(/^gdp: warning: the limit on open files is 512, and this node may hold 1024 connections/)
    } finally {
      child.kill('SIGTERM')
      await new Promise((resolve) => child.once('exit', resolve))
      dir.cleanup()
    }
  }, 60_000)
})

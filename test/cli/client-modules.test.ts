// What a gdp command that only talks to a running node loads: none of the
// server's parts. LevelDB's and zstd's native addons were loaded by every
// such command: the client node's module, the control socket's and the
// views' modules and the checks of `gdp base` and `gdp migrate` reached the
// store, the capsule service and the migration endpoint.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { GDP_MAIN } from './run-gdp.js'
import { gdpThroughServer } from './through-node.js'

const RECORD_ADDONS = join(import.meta.dirname, 'children/record-addons.mjs')
/** The addons of the server's parts: LevelDB (classic-level, under the level package) and zstd (the migration codecs). */
const SERVER_ADDON = /classic[-_]level|zstd/

const dir = tempDir('gdp-cli-client-modules-')
afterAll(() => { dir.cleanup() })
let runs = 0

/** Runs gdp (in the test's folder, --data `me` unless `args` name another), which must succeed, and says which native addons it loaded. */
async function addonsOf (args: string[]): Promise<{ out: string, addons: string[] }> {
  const file = join(dir.path, `addons-${runs++}`)
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', RECORD_ADDONS, GDP_MAIN, ...args.includes('--data') ? [] : ['--data', join(dir.path, 'me')], ...args], { cwd: dir.path, env: { ...process.env, GDP_TEST_ADDONS_FILE: file } }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`gdp ${args.join(' ')} failed: ${stderr}`))
      else resolve(stdout)
    })
  })
  return { out, addons: readFileSync(file, 'utf8').split('\n').filter((line) => line !== '') }
}

describe('a gdp command through a running node', () => {
  const { rok, address } = gdpThroughServer(dir.path)
  beforeAll(async () => { await addonsOf(['keys', 'generate']) })

  it('asks the node\'s control socket without loading LevelDB or zstd', async () => {
    const { out, addons } = await addonsOf(['status', '--node', join(dir.path, 'server')])
    expect(out).toContain('(server)')
    expect(addons.filter((a) => SERVER_ADDON.test(a))).toEqual([])
  })

  it('asks the node\'s migration endpoint without loading LevelDB or zstd', async () => {
    const { out, addons } = await addonsOf(['--data', join(dir.path, 'server'), 'base', 'list'])
    expect(out).toContain('no bases registered')
    expect(addons.filter((a) => SERVER_ADDON.test(a))).toEqual([])
  })

  it('creates and reads a capsule over the overlay without loading LevelDB or zstd', async () => {
    const { out: created, addons: createAddons } = await addonsOf(['capsule', 'create', '--node', address()])
    const name = created.trim()
    await rok(['--data', join(dir.path, 'me'), 'capsule', 'append', name, 'hello'])
    const { out, addons } = await addonsOf(['capsule', 'read', name, '--node', address()])
    expect(out).toContain('hello')
    expect([...createAddons, ...addons].filter((a) => SERVER_ADDON.test(a))).toEqual([])
  })

  // The check above sees what it looks for: a command on the local store loads LevelDB.
  it('loads LevelDB for a command on the local store', async () => {
    await addonsOf(['capsule', 'create'])
    const { addons } = await addonsOf(['capsule', 'list'])
    expect(addons.some((a) => /classic[-_]level/.test(a))).toBe(true)
  })
})

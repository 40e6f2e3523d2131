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

/** Runs gdp (in the test's folder, --data `me` unless `args` name another), which must succeed, and says which native addons and module files it loaded. */
async function addonsOf (args: string[], { fails = false } = {}): Promise<{ out: string, addons: string[], modules: string[] }> {
  const file = join(dir.path, `addons-${runs++}`)
  const out = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, ['--import', RECORD_ADDONS, GDP_MAIN, ...args.includes('--data') ? [] : ['--data', join(dir.path, 'me')], ...args], { cwd: dir.path, env: { ...process.env, GDP_TEST_ADDONS_FILE: file } }, (err, stdout, stderr) => {
      if ((err !== null) !== fails) reject(new Error(`gdp ${args.join(' ')} ${fails ? 'succeeded' : 'failed'}: ${stderr}`))
      else resolve(fails ? stderr : stdout)
    })
  })
  const lines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter((line) => line !== '')
  return { out, addons: lines(file), modules: lines(`${file}.modules`) }
}

/**
 * The module files of `modules` holding the YAML parser (a configuration
 * file's, which only gdp node start reads): the bundle inlines the yaml
 * package, so a file is known by its export of the parser's LineCounter, and the
 * package's own files by their path. It cost a client command 70 ms.
 */
const yamlParsers = (modules: string[]): string[] => modules.filter((url) => /\/yaml\//.test(url) || readFileSync(new URL(url), 'utf8').includes('exports.LineCounter ='))

describe('a gdp command through a running node', () => {
  const { rok, address } = gdpThroughServer(dir.path)
  beforeAll(async () => { await addonsOf(['keys', 'generate']) })

  it('asks the node\'s control socket without loading LevelDB or zstd', async () => {
    const { out, addons, modules } = await addonsOf(['status', '--node', join(dir.path, 'server')])
    expect(out).toContain('(server)')
    expect(addons.filter((a) => SERVER_ADDON.test(a))).toEqual([])
    expect(yamlParsers(modules)).toEqual([])
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
    const { out, addons, modules } = await addonsOf(['capsule', 'read', name, '--node', address()])
    expect(out).toContain('hello')
    expect([...createAddons, ...addons].filter((a) => SERVER_ADDON.test(a))).toEqual([])
    expect(yamlParsers(modules)).toEqual([])
  })

  // The checks above see what they look for: a command on the local store loads LevelDB, a node's start the YAML parser.
  it('loads LevelDB for a command on the local store, and the YAML parser for a node\'s start', async () => {
    await addonsOf(['capsule', 'create'])
    const { addons } = await addonsOf(['capsule', 'list'])
    expect(addons.some((a) => /classic[-_]level/.test(a))).toBe(true)
    // Refused once its configuration is read: a second node on the server's folder.
    const { out, modules } = await addonsOf(['--data', join(dir.path, 'server'), 'node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0'], { fails: true })
    expect(out).toMatch(/a node already runs on/)
    expect(yamlParsers(modules)).not.toEqual([])
  })
})

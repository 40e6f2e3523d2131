// deploy/compose-init.sh, the compose testnet's first start, run outside a
// container (its volumes in a folder of the test's, `gdp` from this tree):
// the configuration it writes, and what it makes of a run cut short.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { tempDir } from '../helpers.js'
import { GDP_MAIN } from '../cli/run-gdp.js'

const SCRIPT = join(import.meta.dirname, '../../deploy/compose-init.sh')
const dir = tempDir('gdp-compose-init-')
afterAll(() => { dir.cleanup() })
const volumes = join(dir.path, 'volumes')
const bin = join(dir.path, 'bin')
mkdirSync(bin)
writeFileSync(join(bin, 'gdp'), `#!/bin/sh\nexec "${process.execPath}" "${GDP_MAIN}" "$@"\n`)
chmodSync(join(bin, 'gdp'), 0o755)

function init (): { code: number | null, out: string, err: string } {
  const run = spawnSync('sh', [SCRIPT], { env: { ...process.env, GDP_INIT_VOLUMES: volumes, PATH: `${bin}:${process.env.PATH ?? ''}` }, encoding: 'utf8', timeout: 120_000 })
  return { code: run.status, out: run.stdout, err: run.stderr }
}
const trusted = (): string[] => (parse(readFileSync(join(volumes, 'root-router', 'node.yaml'), 'utf8')) as { trusted_domains: string[] }).trusted_domains
const domainName = (d: string): string => readFileSync(join(volumes, 'operator', 'domains', `${d}.key.name`), 'utf8').trim()

describe('deploy/compose-init.sh', () => {
  it('the root router trusts both domains; an empty name file left by a run cut short is made again from the key, not taken for the name', () => {
    const first = init()
    expect(first.code, first.err).toBe(0)
    const names = [domainName('a'), domainName('b')]
    expect(names.every((n) => /^[A-Za-z0-9_-]{43}$/.test(n))).toBe(true)
    expect(trusted()).toEqual(names)
    // The shell made the file, and the run was killed before gdp wrote into it; or it holds blanks.
    for (const left of ['', '   \n']) {
      writeFileSync(join(volumes, 'operator', 'domains', 'a.key.name'), left)
      const again = init()
      expect(again.code, again.err).toBe(0)
      expect(trusted()).toEqual(names)
    }
  }, 180_000)
})

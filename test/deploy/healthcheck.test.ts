// The image's HEALTHCHECK (deploy/healthcheck.mjs) against status.json files
// as `gdp node start` writes them: fresh or stale, with or without links.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'

const SCRIPT = join(import.meta.dirname, '../../deploy/healthcheck.mjs')
const dir = tempDir('gdp-healthcheck-')
afterAll(() => { dir.cleanup() })

/** Writes a status.json last rewritten `ageMs` ago with `neighbours` links, and runs the check. */
function check (status: { ageMs: number, neighbours: number, upstream?: { linked: boolean } } | string, args: string[] = []): { healthy: boolean, output: string } {
  const text = typeof status === 'string'
    ? status
    : JSON.stringify({ name: 'n', role: 'server', neighbours: Array.from({ length: status.neighbours }, (_, i) => `peer-${i}`), routes: 0, updatedAt: new Date(Date.now() - status.ageMs).toISOString(), ...(status.upstream === undefined ? {} : { upstream: status.upstream }) })
  writeFileSync(join(dir.path, 'status.json'), text)
  const run = spawnSync(process.execPath, [SCRIPT, ...args], { env: { ...process.env, GDP_DATA: dir.path }, encoding: 'utf8', timeout: 20_000 })
  return { healthy: run.status === 0, output: run.stdout }
}

describe('deploy/healthcheck.mjs', () => {
  it('is healthy while status.json is rewritten, and not once it is 5 s old', () => {
    expect(check({ ageMs: 0, neighbours: 0 })).toEqual({ healthy: true, output: 'healthy: server n, 0 neighbours, 0 routes\n' })
    // Half the limit: the check reads the file a Node start-up later, over a second on a loaded machine.
    expect(check({ ageMs: 2500, neighbours: 0 }).healthy).toBe(true)
    const stale = check({ ageMs: 6000, neighbours: 0 })
    expect(stale.healthy).toBe(false)
    expect(stale.output).toMatch(/^unhealthy: .*status\.json was last rewritten (6|7|8) s ago/)
  })

  it('with --neighbours n, wants at least n links up', () => {
    expect(check({ ageMs: 0, neighbours: 1 }, ['--neighbours', '1']).healthy).toBe(true)
    expect(check({ ageMs: 0, neighbours: 2 }, ['--neighbours', '1']).healthy).toBe(true)
    expect(check({ ageMs: 0, neighbours: 0 }, ['--neighbours', '1'])).toEqual({ healthy: false, output: 'unhealthy: 0 neighbour links up, 1 wanted\n' })
    expect(check({ ageMs: 0, neighbours: 1 }, ['--neighbours', 'one']).output).toBe("unhealthy: --neighbours 'one' is not a count\n")
  })

  it('is unhealthy while the upstream router is not linked, whatever other links it has (a router\'s own servers kept it healthy without its parent)', () => {
    expect(check({ ageMs: 0, neighbours: 3, upstream: { linked: false } }, ['--neighbours', '1'])).toEqual({ healthy: false, output: 'unhealthy: its upstream router is not linked\n' })
    expect(check({ ageMs: 0, neighbours: 1, upstream: { linked: true } }, ['--neighbours', '1']).healthy).toBe(true)
  })

  it('a status.json dated ahead of the clock, or holding no status, and options it does not know or counts that are none: unhealthy, saying why, no stack trace', () => {
    expect(check({ ageMs: -60_000, neighbours: 0 })).toEqual({ healthy: false, output: expect.stringMatching(/^unhealthy: .*status\.json is dated (60|59|58) s ahead of this clock\n$/) })
    expect(check('null').output).toMatch(/^unhealthy: .*status\.json holds no status\n$/)
    for (const args of [['--neighbors', '1'], ['--neighbours', '-1'], ['--neighbours', ''], ['--neighbours', '0x1']]) {
      const run = check({ ageMs: 0, neighbours: 1 }, args)
      expect(run.healthy, args.join(' ')).toBe(false)
      expect(run.output, args.join(' ')).toMatch(/^unhealthy: [^\n]+\n$/)
    }
  })

  it('is unhealthy with no status.json, or one caught half written', () => {
    expect(check('{"name": "n", "neighb').healthy).toBe(false)
    const none = spawnSync(process.execPath, [SCRIPT], { env: { ...process.env, GDP_DATA: join(dir.path, 'nothing-here') }, encoding: 'utf8', timeout: 20_000 })
    expect(none.status).toBe(1)
    expect(none.stdout).toMatch(/^unhealthy: .*nothing-here\/status\.json: ENOENT/)
  })
})

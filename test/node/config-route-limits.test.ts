// max_routes_per_server: the routes a router takes from one server set
// (docs/routing.md section 4, "Limits").
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/node/config-file.js'
import { DEFAULT_MAX_ROUTES_PER_SERVER } from '../../src/routing/route-table.js'
import { tempDir } from '../helpers.js'

const dir = tempDir()
afterAll(() => dir.cleanup())
const file = (text: string): string => { const path = join(dir.path, `c${Math.random()}.yaml`); writeFileSync(path, text); return path }

describe('max_routes_per_server', () => {
  it('is 2,000,000 unless set (twice the design figure of one server), a positive whole number, from the file or GDP_MAX_ROUTES_PER_SERVER', () => {
    expect(DEFAULT_MAX_ROUTES_PER_SERVER).toBe(2_000_000)
    expect(loadConfig(undefined, {}, {}).maxRoutesPerServer).toBe(2_000_000)
    expect(loadConfig(file('max_routes_per_server: 150000\n'), {}, {}).maxRoutesPerServer).toBe(150_000)
    expect(loadConfig(undefined, { GDP_MAX_ROUTES_PER_SERVER: '300000' }, {}).maxRoutesPerServer).toBe(300_000)
    expect(() => loadConfig(file('max_routes_per_server: 0\n'), {}, {})).toThrow(/max_routes_per_server: '0' is not a positive whole number/)
    expect(() => loadConfig(file('max_routes_per_server: many\n'), {}, {})).toThrow(/max_routes_per_server/)
  })
})

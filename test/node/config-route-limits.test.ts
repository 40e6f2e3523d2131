// max_routes_per_server and max_routes_per_neighbour: the routes a router
// takes from one server set, and through one neighbour (docs/routing.md
// section 4, "Limits").
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/node/config-file.js'
import { DEFAULT_MAX_ROUTES_PER_NEIGHBOUR, DEFAULT_MAX_ROUTES_PER_SERVER } from '../../src/routing/route-table.js'
import { tempDir } from '../helpers.js'

const dir = tempDir()
afterAll(() => dir.cleanup())
const file = (text: string): string => { const path = join(dir.path, `c${Math.random()}.yaml`); writeFileSync(path, text); return path }

describe.each([
  { setting: 'max_routes_per_server', field: 'maxRoutesPerServer', constant: DEFAULT_MAX_ROUTES_PER_SERVER, fallback: 2_000_000, why: 'twice the design figure of one server' },
  { setting: 'max_routes_per_neighbour', field: 'maxRoutesPerNeighbour', constant: DEFAULT_MAX_ROUTES_PER_NEIGHBOUR, fallback: 10_000_000, why: 'five servers at max_routes_per_server' }
] as const)('$setting', ({ setting, field, constant, fallback, why }) => {
  it(`is ${fallback} unless set (${why}), a positive whole number, from the file or GDP_${setting.toUpperCase()}`, () => {
    expect(constant).toBe(fallback)
    expect(loadConfig(undefined, {}, {})[field]).toBe(fallback)
    expect(loadConfig(file(`${setting}: 150000\n`), {}, {})[field]).toBe(150_000)
    expect(loadConfig(undefined, { [`GDP_${setting.toUpperCase()}`]: '300000' }, {})[field]).toBe(300_000)
    expect(() => loadConfig(file(`${setting}: 0\n`), {}, {})).toThrow(new RegExp(`${setting}: '0' is not a positive whole number`))
    expect(() => loadConfig(file(`${setting}: many\n`), {}, {})).toThrow(new RegExp(setting))
  })
})

// max_routes_per_server, max_routes_per_neighbour, max_refused_per_neighbour and
// max_advertise_lifetime: the routes a router takes from one server set and
// through one neighbour, the refused names it holds through one neighbour,
// and how long it keeps them without a refresh (docs/routing.md section 4,
// "Limits").
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/node/config-file.js'
import { DEFAULT_MAX_ADVERTISE_LIFETIME_MS, DEFAULT_MAX_REFUSED_PER_NEIGHBOUR, DEFAULT_MAX_ROUTES_PER_NEIGHBOUR, DEFAULT_MAX_ROUTES_PER_SERVER } from '../../src/routing/route-table.js'
import { tempDir } from '../helpers.js'

const dir = tempDir()
afterAll(() => dir.cleanup())
const file = (text: string): string => { const path = join(dir.path, `c${Math.random()}.yaml`); writeFileSync(path, text); return path }

describe.each([
  { setting: 'max_routes_per_server', field: 'maxRoutesPerServer', constant: DEFAULT_MAX_ROUTES_PER_SERVER, fallback: 2_000_000, why: 'twice the design figure of one server' },
  { setting: 'max_routes_per_neighbour', field: 'maxRoutesPerNeighbour', constant: DEFAULT_MAX_ROUTES_PER_NEIGHBOUR, fallback: 10_000_000, why: 'five servers at max_routes_per_server' },
  { setting: 'max_refused_per_neighbour', field: 'maxRefusedPerNeighbour', constant: DEFAULT_MAX_REFUSED_PER_NEIGHBOUR, fallback: 65_536, why: '64 sets full of refused names' }
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

describe('max_advertise_lifetime', () => {
  it('is an hour unless set; set on a router, at least its advertise_lifetime (equal is taken), whatever it is on a server or left unset', () => {
    expect(DEFAULT_MAX_ADVERTISE_LIFETIME_MS).toBe(3_600_000)
    expect(loadConfig(undefined, {}, {}).maxAdvertiseLifetimeMs).toBe(3_600_000)
    expect(loadConfig(file('max_advertise_lifetime: 10m\n'), {}, {}).maxAdvertiseLifetimeMs).toBe(600_000)
    expect(loadConfig(file('role: router\nadvertise_lifetime: 5m\nmax_advertise_lifetime: 5m\n'), {}, {}).maxAdvertiseLifetimeMs).toBe(300_000)
    expect(() => loadConfig(file('role: router\nadvertise_lifetime: 5m\nmax_advertise_lifetime: 4m\n'), {}, {})).toThrow(/max_advertise_lifetime must be at least advertise_lifetime/)
    expect(loadConfig(file('role: router\nadvertise_lifetime: 2h\nadvertise_interval: 1h\n'), {}, {}).maxAdvertiseLifetimeMs).toBe(3_600_000) // GdpNode takes the longer
    expect(loadConfig(file('role: server\nlisten: [/ip4/127.0.0.1/tcp/9]\nadvertise_lifetime: 5m\nmax_advertise_lifetime: 4m\n'), {}, {}).advertiseLifetimeMs).toBe(300_000)
  })

  // A router keeps an update's routes max_advertise_lifetime at most: a node that advertises less often than that has
  // its routes lapse between its updates at a router left at the default, and nothing said so.
  it('a node that advertises once an hour or less often is warned that a router at the default drops its routes between its updates', () => {
    const warnings = (text: string): string[] => { const out: string[] = []; loadConfig(file(text), {}, {}, (m) => out.push(m)); return out }
    expect(warnings('role: server\nadvertise_interval: 1h\nadvertise_lifetime: 2h\n')).toEqual([
      "advertise_interval: 1h or more: a router keeps the routes of an update 1 h at most unless its max_advertise_lifetime is raised, so at one left at the default this node's routes lapse between its updates"
    ])
    expect(warnings('role: router\nadvertise_interval: 2h\nadvertise_lifetime: 3h\n')).toHaveLength(1)
    expect(warnings('role: server\nadvertise_interval: 59m\nadvertise_lifetime: 2h\n')).toEqual([])
  })
})

// The admin views and the command line read the node's clock, which follows
// a step of the wall clock (NTP, a resume from suspend). They read the wall
// clock at process start plus the monotonic timer: after a step, the views
// showed as valid a delegation (and as live a route) that had ended, and a
// long command (a move, an append from stdin) signed with the old time.
// Fake timers move Date.now and leave performance.now alone: a step.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { nodeCommands } from '../../src/cli/node-commands.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import type { GdpNode } from '../../src/node/node.js'
import { NodeViews } from '../../src/node/views.js'
import { decodeSignedDomainMembership } from '../../src/routing/certificates.js'
import { formatName } from '../../src/capsule/name.js'
import { tempDir } from '../helpers.js'

const HOUR_US = 3_600_000_000
const dir = tempDir('gdp-clock-step-')
afterAll(() => { dir.cleanup() })
afterEach(() => { vi.useRealTimers() })

const stepClock = (us: number): void => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(Date.now() + us / 1000)
}

describe('a step of the wall clock', () => {
  it('is followed by the routes view: a route that ended at the new time is not shown live', () => {
    const server = new Uint8Array(32).fill(3)
    const capsule = new Uint8Array(32).fill(4)
    const expiresAtUs = Date.now() * 1000 + HOUR_US
    const route = { server, nextHop: server, cost: 1, expiresAtUs }
    const node = { table: { lookup: () => undefined, routes: () => [route] } } as unknown as GdpNode
    const live = (): boolean => (new NodeViews(node).routes({ capsule: formatName(capsule) }) as { routes: Array<{ live: boolean }> }).routes[0]!.live
    expect(live()).toBe(true)
    stepClock(2 * HOUR_US)
    expect(live()).toBe(false)
  })

  // Timed on the wall clock, the status view's uptime went negative when the clock went back (and jumped a day ahead with it).
  it('leaves the status view\'s uptime alone: it counts the node\'s running time', () => {
    const node = { stats: () => ({}) } as unknown as GdpNode
    const views = new NodeViews(node)
    stepClock(-24 * HOUR_US)
    expect((views.status() as { uptimeSeconds: number }).uptimeSeconds).toBe(0)
    stepClock(48 * HOUR_US)
    expect((views.status() as { uptimeSeconds: number }).uptimeSeconds).toBe(0)
  })

  it('is followed by the command line: gdp domain admit signs a membership from the new time', async () => {
    const key = join(dir.path, 'domain.key')
    writeKeyFile(key, false)
    const out = join(dir.path, 'membership')
    stepClock(-24 * HOUR_US)
    const admit = nodeCommands.find((c) => c.path.join(' ') === 'domain admit')!
    const ctx = { dataDir: dir.path, keyPath: key, json: true, node: undefined, sync: false, values: { out }, positionals: [formatName(new Uint8Array(32).fill(5))], stdout: new PassThrough(), stdin: new PassThrough() }
    expect(await admit.run(ctx)).toBe(0)
    const { membership } = decodeSignedDomainMembership(readFileSync(out))
    expect(Math.abs(membership.notBeforeUs - Date.now() * 1000)).toBeLessThan(60_000_000)
  })
})

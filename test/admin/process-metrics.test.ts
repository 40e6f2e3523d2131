// The process's metrics (prom-client's default metrics: a GC observer and an
// event-loop monitor that cannot be stopped) are collected once per process:
// collected for each node's admin API, every node started and stopped in one
// process left one more of each running for good.
import perfHooks from 'node:perf_hooks'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import '../../src/node/polyfill.js'
import { adminServer } from '../../src/admin/server.js'
import { formatName } from '../../src/capsule/name.js'
import { ADMIN_TOKEN_FILE, DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { tempDir } from '../helpers.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  vi.restoreAllMocks()
})

describe('the process metrics of nodes started and stopped in one process', () => {
  it('start one GC observer and one event-loop monitor in all, and every node\'s scrape shows them under its own name', async () => {
    const monitors = vi.spyOn(perfHooks, 'monitorEventLoopDelay')
    const observe = vi.spyOn(perfHooks.PerformanceObserver.prototype, 'observe')
    const gcObservers = (): number => observe.mock.calls.filter(([options]) => (options as { entryTypes?: string[] }).entryTypes?.includes('gc') === true).length
    for (let i = 0; i < 3; i++) {
      const dir = tempDir()
      cleanups.push(dir.cleanup)
      const node = await GdpNode.create({
        ...DEFAULT_CONFIG, data: dir.path, role: 'router', listen: ['/ip4/127.0.0.1/tcp/0'], admin: { ...DEFAULT_CONFIG.admin, enabled: true, port: 0 }
      }, { admin: adminServer })
      await node.start()
      try {
        const token = readFileSync(join(dir.path, ADMIN_TOKEN_FILE), 'utf8').trim()
        const text = await (await fetch(`${node.admin!.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text()
        const name = formatName(node.name)
        expect(text).toContain(`gdp_process_resident_memory_bytes{node="${name}",role="router"}`)
        expect(text).toMatch(new RegExp(`^gdp_nodejs_eventloop_lag_seconds\\{node="${name}",role="router"\\}`, 'm'))
        expect(text).toMatch(new RegExp(`^gdp_pdus_total\\{outcome="received",node="${name}",role="router"\\}`, 'm'))
      } finally {
        await node.stop()
      }
      // One in all (none, had this process collected them before this test).
      expect([i, monitors.mock.calls.length <= 1, gcObservers() <= 1]).toEqual([i, true, true])
    }
  }, 60_000)
})

// gdp run with --node through a server node that runs in the test's own process, on loopback.
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import '../../src/node/polyfill.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { gdpIn, type GdpRun } from './run-gdp.js'

/**
 * Starts a server node (data in <cwd>/<folder>) before the tests of the
 * suite it is called in and stops it after them. `remote` runs gdp in `cwd`
 * through it (any outcome), `rok` must succeed (its stdout); neither blocks
 * this process, whose event loop runs the node. `address` is the node's
 * overlay address, once it runs.
 */
export function gdpThroughServer (cwd: string, folder = 'server'): {
  remote: (args: string[], input?: string) => Promise<GdpRun>
  rok: (args: string[], input?: string) => Promise<string>
  address: () => string
} {
  const { gdpAsync } = gdpIn(cwd)
  let server: GdpNode | undefined
  let at = ''
  beforeAll(async () => {
    server = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(cwd, folder), role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] })
    await server.start()
    at = server.multiaddrs()[0]!
  }, 30_000)
  afterAll(async () => { await server?.stop() })
  const remote = async (args: string[], input?: string): Promise<GdpRun> => await gdpAsync([...args, '--node', at], input)
  return {
    remote,
    rok: async (args, input) => {
      const r = await remote(args, input)
      if (r.code !== 0) throw new Error(`gdp ${args.join(' ')} failed: ${r.err}`)
      return r.out
    },
    address: () => at
  }
}

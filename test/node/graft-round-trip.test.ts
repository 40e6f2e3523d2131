// A node grafted to another router and back (drain attack F5): the link it
// keeps must lead to the router it came back to. It kept dialling the one it
// had left, the node's own configured upstream standing in for the router it
// was grafted from.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

describe('a graft away and back', () => {
  it('when its link drops, the node relinks to the router it came back to, not to the one it visited (stopped since)', async () => {
    const home = await start('router')
    const away = await start('router')
    const server = await start('server', home)
    await home.graftNeighbour(server.name, away.multiaddrs()[0]!)
    await away.graftNeighbour(server.name, home.multiaddrs()[0]!)
    await away.stop()
    // The link home drops (home restarting would do it): the server dials again, and must dial home.
    for (const c of server.libp2p.getConnections()) c.abort(new Error('the link drops (test)'))
    await waitFor(() => server.forwarder.link(home.name) !== undefined || undefined, { timeoutMs: 15_000, intervalMs: 100, what: `the server to link to ${formatName(home.name)} again` })
    expect(server.stats().upstream).toEqual({ name: formatName(home.name), linked: true })
  }, 60_000)
})

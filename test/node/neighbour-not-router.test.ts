// A router configured with a neighbour that is a server (or a client), not a
// router: found by starting one so. The router linked to it, listed it as a
// neighbour, and learnt nothing from it (a server advertises to its own
// upstream only), with nothing said: its capsules were not routed there.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

describe('a router whose configured neighbour is not a router', () => {
  it('says so in its status, naming the neighbour and its address; a router neighbour is not named', async () => {
    const server = await start('server')
    const peer = await start('router')
    const serverAddress = server.multiaddrs()[0]!
    const router = await start('router', undefined, { neighbours: [serverAddress, peer.multiaddrs()[0]!] })
    const named = await waitFor(() => router.stats().neighboursNotRouters as Record<string, string> | undefined, { timeoutMs: 10_000, what: 'the router to name the neighbour that is not a router' })
    expect(named).toEqual({ [formatName(server.name)]: serverAddress })
  }, 20_000)
})

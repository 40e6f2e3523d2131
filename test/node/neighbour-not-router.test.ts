// A router configured with a neighbour that is a server (or a client), not a
// router: found by starting one so. The router linked to it, listed it as a
// neighbour, and learnt nothing from it (a server advertises to its own
// upstream only), with nothing said: its capsules were not routed there.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { freePort, waitFor } from '../helpers.js'
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

  // Listed as a neighbour as well as attached here (to exempt it from the connection limits, say): its capsules are
  // routed all the same, so it is not named. The router restarts, so that it dials the server first and asks it.
  it('does not name a server that is attached to it as well', async () => {
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const listen = [`/ip4/127.0.0.1/tcp/${await freePort()}`]
    const first = await start('router', undefined, { listen }, key)
    const attached = await start('server', first, { advertiseIntervalMs: 100 })
    const stray = await start('server')
    await first.stop()
    const router = await start('router', undefined, { listen, neighbours: [attached.multiaddrs()[0]!, stray.multiaddrs()[0]!] }, key)
    // (Asked once each link came up: the attached one too, which advertises here again within its interval.)
    const strayOnly = (): boolean => JSON.stringify(Object.keys((router.stats().neighboursNotRouters ?? {}) as Record<string, string>)) === JSON.stringify([formatName(stray.name)])
    await waitFor(() => strayOnly() && attached.advertiser!.counters.snapshots >= 2, { timeoutMs: 10_000, what: 'the router to name the stray neighbour alone' })
  }, 20_000)
})

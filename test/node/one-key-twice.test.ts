// Two servers running with one key (a server's data folder copied to make a
// second node): found by doing so. The router held one server set, swapped
// by each copy's refresh in turn, and routed each request to whichever link
// was newest, so the copies' capsules drifted apart (appends on one, reads
// on the other), with nothing said anywhere.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest({ advertiseIntervalMs: 100 })

describe('two servers with one key', () => {
  it('the router says so in its status once each has advertised over its own link in turn; one server relinking does not', async () => {
    const router = await start('router')
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const first = await start('server', router, {}, key)
    // A server that relinks (its old link not yet closed) advertises over the new link from then on: not two servers.
    await waitFor(() => first.advertiser!.counters.updates >= 3, { timeoutMs: 5000, what: 'refreshes of one server' })
    expect(router.stats().serversOnTwoLinks).toBeUndefined()
    const second = await start('server', router, {}, key)
    const seen = await waitFor(() => router.stats().serversOnTwoLinks as Record<string, number> | undefined, { timeoutMs: 5000, what: 'the router to see one server on two links' })
    expect(Object.keys(seen)).toEqual([formatName(first.name)])
    // Each server is told, in its own status: only the router said it, and neither operator looks there.
    for (const server of [first, second]) {
      const told = await waitFor(() => (server.stats().advertiser as { lastWarning?: { warning: string } }).lastWarning, { timeoutMs: 5000, what: 'the server to be told it has a twin' })
      expect(told.warning).toMatch(new RegExp(`^router ${formatName(router.name)} sees two nodes advertise with this server's key \\(${formatName(first.name)}\\), each over a link of its own`))
    }
  }, 20_000)
})

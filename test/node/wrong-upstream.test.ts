// A node whose upstream names a server instead of a router: found by
// starting a server with --upstream at another server. It linked, its
// status showed the upstream linked, and the other server took its
// advertisements as a router would, routing nothing: its capsules were
// unreachable with nothing said anywhere.
import { describe, expect, it } from 'vitest'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest({ advertiseIntervalMs: 200 })

describe('an upstream that is a server', () => {
  it('refuses the advertisements sent to it, and the advertising server shows why in its status', async () => {
    const notARouter = await start('server')
    const server = await start('server', notARouter)
    const refusal = await waitFor(() => server.advertiser!.lastRefusal, { timeoutMs: 5000, what: 'the snapshot to be refused' })
    expect(refusal.error).toMatch(/is a server, not a router/)
    expect(notARouter.table.size).toBe(0)
  }, 20_000)
})

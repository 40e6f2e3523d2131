// A router grafted under a router below it (drain attack F3) in a process
// testnet of three domains in a line (testnet/topologies/three-levels.yaml):
// refused by the router told to move, and nothing moves. It had been
// reported moved, with a-router and b-router each the other's upstream and
// the capsules below cut off from the root.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { down, loadTopology, nodeStatus, up, type TestnetNode, type TestnetState } from '../../testnet/testnet.js'
import { createCapsuleOn, graft } from './graft-helpers.js'
import { tempDir, waitFor } from '../helpers.js'

const dir = tempDir('gdp-graft-loop-')
let state: TestnetState
let client: GdpNode | undefined
const node = (id: string): TestnetNode => state.nodes.find((n) => n.id === id)!

beforeAll(async () => {
  state = await up(loadTopology(join(import.meta.dirname, '../../testnet/topologies/three-levels.yaml')), join(dir.path, 'run'))
}, 90_000)

afterAll(async () => {
  await client?.stop()
  if (state !== undefined) await down(state)
  dir.cleanup()
})

describe('a graft under a router below', () => {
  it('is refused by the router told to move, which keeps its upstream; the capsule below stays routed', async () => {
    client = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: node('a-router').tcp, data: join(dir.path, 'client') })
    await client.start()
    await client.upstreamReady(30_000)
    const { name } = await createCapsuleOn(client, node('b-server'))
    await waitFor(async () => await client!.client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the capsule to be routed from a-router' })
    const refused = await graft(node('root-router'), node('a-router').name, node('b-router').tcp)
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(new RegExp(`did not move: ${node('b-router').name} is a router below this one \\(it relays its servers' sets here\\): grafted under it, this router and it would route to each other in a loop`))
    expect((nodeStatus(node('a-router'))?.upstream as { name: string }).name).toBe(node('root-router').name)
    client.client.forget(name)
    expect((await client.client.info(name)).size).toBe(0)
  }, 90_000)
})

// gdp_lookups_total against the lookup counters gdp status shows: it left out
// three outcomes (a router out of reach, one at its route bound, a set
// advertised here), and a record naming this router was counted nowhere, so
// the outcomes did not add up to the lookups and failures read low.
import { describe, expect, it } from 'vitest'
import { NodeMetrics } from '../../src/admin/metrics.js'
import { nodesPerTest } from '../node/local-nodes.js'

const start = nodesPerTest()

describe('gdp_lookups_total', () => {
  it('counts every outcome of a lookup that the status view counts', async () => {
    const router = await start('router', undefined, { lookup: true, lookupPrivateAddresses: true })
    const counters = router.glookup!.counters
    Object.assign(counters, { found: 1, notFound: 2, refused: 3, unreachable: 4, overRouteBound: 5, advertisedHere: 6, namedThisRouter: 7 })
    const metrics = (await new NodeMetrics(router, router.views).scrape()).body
    const outcomes = Object.fromEntries([...metrics.matchAll(/^gdp_lookups_total\{outcome="(\w+)",[^}]*\} (\d+)$/gm)].map((m) => [m[1], Number(m[2])]))
    expect(outcomes).toEqual({ found: 1, not_found: 2, refused: 3, unreachable: 4, over_route_bound: 5, advertised_here: 6, named_this_router: 7 })
  }, 30_000)
})

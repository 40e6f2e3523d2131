// A rate shared evenly among a router's neighbours (src/routing/fair-shares.ts),
// for what it passes up to its parent and for the lookups it makes: found by
// an attack in which one anonymous client of a child router, asking for names
// nobody serves, got the child banned at the root and its whole domain cut off
// for a minute, and one in which four such clients made a lookup router do
// thousands of DHT lookups.
import { describe, expect, it } from 'vitest'
import { FairShares } from '../../src/routing/fair-shares.js'
import { pb } from '../../src/wire/index.js'
import { connect, memoryNode } from './memory-links.js'

const name = (n: number): Uint8Array => new Uint8Array(32).fill(n)

/** How many of `count` requests `source` may pass at `now`. */
const taken = (shares: FairShares, source: string, count: number, now: number): number => {
  let n = 0
  for (let i = 0; i < count; i++) if (shares.take(source, now)) n++
  return n
}

describe('FairShares', () => {
  it('one neighbour alone may use the whole rate, a second at a time, and no more', () => {
    const shares = new FairShares(100)
    expect(taken(shares, 'a', 150, 0)).toBe(100)
    expect(taken(shares, 'a', 150, 500)).toBe(50) // half a second refills half
    expect(taken(shares, 'a', 150, 500)).toBe(0)
  })

  it('a neighbour that asks for more than its share does not take the others\': each gets an even share', () => {
    const shares = new FairShares(100)
    // The flood starts first and takes its second's worth.
    expect(taken(shares, 'flood', 1000, 0)).toBe(100)
    let honest = 0
    let flood = 0
    for (let t = 10; t <= 5000; t += 10) {
      honest += taken(shares, 'honest', 1, t) // 100 a second asked, as the flood asks for 100,000
      flood += taken(shares, 'flood', 1000, t)
    }
    // Over 5 s: half the rate each, the honest neighbour from the start; in all, the rate and a second's worth.
    expect(honest).toBeGreaterThan(245)
    expect(flood).toBeLessThanOrEqual(255)
    expect(honest + flood).toBeLessThanOrEqual(100 * 5 + 100)
  })

  it('a neighbour that sends much beside one that sends little takes most of what the other leaves', () => {
    const shares = new FairShares(100)
    let heavy = 0
    let light = 0
    for (let t = 0; t < 5000; t += 10) {
      if (t % 200 === 0) light += taken(shares, 'light', 1, t) // 5 a second
      heavy += taken(shares, 'heavy', 100, t)
    }
    expect(light).toBe(25)
    // Its even share is 50 a second; it gets about what the light one leaves of the 100, less the half-second kept back.
    expect(heavy).toBeGreaterThan(5 * 80)
    expect(heavy + light).toBeLessThanOrEqual(100 * 5 + 100)
  })

  it('more sources than the whole burst holds get the rate between them, each its even part', () => {
    // A tenth of a second's worth at once (a lookup router's DHT messages): 200 sources hold a message each, 201 less.
    for (const sources of [200, 201, 400]) {
      const shares = new FairShares(2000, 0.1)
      const each = new Array<number>(sources).fill(0)
      for (let t = 0; t < 3000; t += 10) for (let s = 0; s < sources; s++) if (shares.take(`s${s}`, t) && t >= 1000) each[s]!++
      // Before, past 200 sources the shares held less than a message each, and 200 a second went through in all.
      const total = each.reduce((a, b) => a + b, 0) / 2
      expect(total).toBeGreaterThan(1800)
      expect(total).toBeLessThanOrEqual(2000 + 200)
      expect(Math.min(...each)).toBeGreaterThanOrEqual(Math.floor(0.85 * 2 * 2000 / sources))
    }
  })

  it('a neighbour idle for a second no longer counts among those sharing', () => {
    const shares = new FairShares(90)
    taken(shares, 'a', 1, 0)
    taken(shares, 'b', 1, 0)
    taken(shares, 'c', 1, 0)
    expect(shares.active).toBe(3)
    expect(taken(shares, 'a', 100, 2000)).toBe(90)
    expect(shares.active).toBe(1)
  })
})

describe('a router passing requests up its default route', () => {
  it('refuses a neighbour past its share with CONGESTION, while another neighbour\'s requests still go up', async () => {
    const parent = memoryNode(name(1))
    const router = memoryNode(name(2), undefined, undefined, { upstreamRequestsPerSecond: 20 })
    const flooder = memoryNode(name(3))
    const honest = memoryNode(name(4))
    connect(router, parent)
    connect(flooder, router)
    connect(honest, router)
    router.f.setDefaultRoute(parent.f.self)
    for (const n of [flooder, honest]) n.f.setDefaultRoute(router.f.self)
    const ask = async (from: typeof flooder, n: number): Promise<pb.IPdu> => await new Promise((resolve) => { from.f.request(name(100 + n), { info: {} }, resolve) })
    // The parent knows none of these names: each is answered NO_ROUTE there, after it went up.
    const flood = await Promise.all(Array.from({ length: 60 }, async (_, i) => await ask(flooder, i)))
    const reasons = flood.map((p) => pb.NackReason[p.nack?.reason ?? 0])
    expect(reasons.filter((r) => r === 'CONGESTION').length).toBeGreaterThanOrEqual(35)
    expect(flood.find((p) => p.nack?.reason === pb.NackReason.CONGESTION)?.nack?.detail).toMatch(/this router passes 20 requests a second up to its parent, shared among 1 neighbours; yours is spent/)
    expect(router.f.counters.upstreamRefused).toBe(reasons.filter((r) => r === 'CONGESTION').length)
    // The honest neighbour's requests go up (answered by the parent, not refused here).
    const mine = await Promise.all(Array.from({ length: 5 }, async (_, i) => await ask(honest, 80 + i)))
    expect(mine.map((p) => pb.NackReason[p.nack?.reason ?? 0])).toEqual(Array(5).fill('NO_ROUTE'))
    for (const n of [parent, router, flooder, honest]) n.f.stop()
  })
})

describe('a router looking up names it has no route to', () => {
  it('starts at most its share of lookups for one neighbour; past it, CONGESTION, while another neighbour\'s names are still looked up', async () => {
    let lookups = 0
    // A lookup service that finds nothing, after a moment.
    const resolve = async (): Promise<void> => { lookups++; await new Promise((resolve) => setTimeout(resolve, 20)) }
    const router = memoryNode(name(2), undefined, resolve, { lookupsPerSecond: 10, missQueueLimit: 1024 })
    const flooder = memoryNode(name(3))
    const honest = memoryNode(name(4))
    connect(flooder, router)
    connect(honest, router)
    for (const n of [flooder, honest]) n.f.setDefaultRoute(router.f.self)
    const ask = async (from: typeof flooder, n: number): Promise<pb.IPdu> => await new Promise((resolve) => { from.f.request(name(n), { info: {} }, resolve) })
    const flood = await Promise.all(Array.from({ length: 40 }, async (_, i) => await ask(flooder, 100 + i)))
    const refused = flood.filter((p) => p.nack?.reason === pb.NackReason.CONGESTION)
    expect(refused.length).toBeGreaterThanOrEqual(25)
    expect(refused[0]!.nack?.detail).toMatch(/this router looks up 10 names a second, shared among 1 neighbours; yours are spent/)
    expect(router.f.counters.lookupsRefused).toBe(refused.length)
    expect(lookups).toBe(40 - refused.length)
    // Another neighbour's name is looked up (and found nowhere: NO_ROUTE), not refused.
    expect(pb.NackReason[(await ask(honest, 200)).nack?.reason ?? 0]).toBe('NO_ROUTE')
    for (const n of [router, flooder, honest]) n.f.stop()
  })
})

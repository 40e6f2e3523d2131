// The admin views on a store the node finds damaged: one damaged capsule is
// listed with its error, and does not hide the others.
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NodeViews } from '../../src/node/views.js'
import { formatName, parseName } from '../../src/capsule/name.js'
import type { GdpNode } from '../../src/node/node.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { regressCapsule } from '../cli/damage.js'
import { gdpIn } from '../cli/run-gdp.js'
import { fillDelegatedStore, tempDir } from '../helpers.js'

const dir = tempDir('gdp-views-damage-')
afterAll(() => { dir.cleanup() })

describe('the capsules view', () => {
  it('lists a capsule whose store went backwards with its error, and the healthy one beside it', async () => {
    const { ok, gdp } = gdpIn(dir.path)
    ok(['keys', 'generate'])
    const healthy = ok(['capsule', 'create']).trim()
    ok(['capsule', 'append', healthy, 'fine'])
    const damaged = ok(['capsule', 'create']).trim()
    regressCapsule(gdp, damaged, join(dir.path, 'data/store'))
    const store = await CapsuleStore.open({ path: join(dir.path, 'data/store') })
    try {
      // What the view reads of a server node: its store, and the capsules its service hosts.
      const node = { config: { role: 'server' }, name: new Uint8Array(32), store, service: { hostedNames: () => [healthy, damaged], payloadBytes: 0, replicator: undefined } } as unknown as GdpNode
      const view = await new NodeViews(node).capsules({})
      expect(view.total).toBe(2)
      expect(view.capsules).toContainEqual(expect.objectContaining({ name: healthy, kind: 'log', records: 1 }))
      expect(view.capsules).toContainEqual({
        name: damaged, kind: null, owner: null, records: null, head: null, replicas: [expect.any(String)],
        error: { name: 'StoreRegressionError', message: expect.stringMatching(/the store went backwards: it acknowledged 1010 records and holds 1000/) }
      })
    } finally {
      await store.close()
    }
  })
})

describe('the routes view', () => {
  it('pages through every server set, whatever the case and symbols of their names (sorted as it pages, by code units)', () => {
    // Names whose order by localeCompare differs from their order by code units: upper and lower case, '-' and '_'.
    const names = ['A', 'b', 'C', '_', '-', 'a', 'Z', 'z'].map((c) => parseName(c.repeat(42) + 'A'))
    const summaries = names.map((n) => ({ server: n, nextHop: n, cost: 1, relayDomain: undefined, origin: 'attached', expiresAtUs: Number.MAX_SAFE_INTEGER, members: 1 }))
    const node = { config: { role: 'router' }, name: new Uint8Array(32), table: { size: names.length * 2, summaries: () => summaries, capsuleRoutesByOrigin: () => ({ attached: names.length, announced: 0, lookup: 0 }) } } as unknown as GdpNode
    const views = new NodeViews(node)
    const whole = (views.routes({}) as { sets: Array<{ server: string }> }).sets.map((s) => s.server)
    const paged: string[] = []
    let after: string | undefined
    for (let i = 0; i < names.length + 1; i++) {
      const page = views.routes({ limit: 1, ...(after === undefined ? {} : { after }) }) as { sets: Array<{ server: string }>, next: string | null }
      paged.push(...page.sets.map((s) => s.server))
      if (page.next === null) break
      after = page.next
    }
    expect(paged).toEqual(whole)
    expect(new Set(paged).size).toBe(names.length)
  })
})

describe('the certs view', () => {
  it('pages through every delegation: a name starting with a digit, - or _ is not skipped (names were compared as text, the store keeps them in byte order)', async () => {
    const path = join(dir.path, 'certs-store')
    const names = (await fillDelegatedStore(path, new Uint8Array(32).fill(7), 200)).map(formatName)
    expect(names.some((n) => /^[0-9_-]/.test(n))).toBe(true)
    const store = await CapsuleStore.open({ path })
    try {
      const node = { config: { trustedDomains: [] }, membership: undefined, store, processor: { rejections: new Map() } } as unknown as GdpNode
      const views = new NodeViews(node)
      const seen: string[] = []
      let after: string | undefined
      for (let pages = 0; pages < 100; pages++) {
        const page = await views.certs({ limit: 7, ...(after === undefined ? {} : { after }) }) as { delegations: Array<{ capsule: string }>, next: string | null }
        seen.push(...page.delegations.map((d) => d.capsule))
        if (page.next === null) break
        after = page.next
      }
      expect(seen.length).toBe(200)
      expect(new Set(seen)).toEqual(new Set(names))
      await expect(views.certs({ after: 'not a name' })).rejects.toThrow(/after/)
    } finally {
      await store.close()
    }
  })
})

// The admin views on a store the node finds damaged: one damaged capsule is
// listed with its error, and does not hide the others. Paging, and the kinds
// of peers as the route table proves them.
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { peerIdFromPublicKey } from '@libp2p/peer-id'
import { publicKeyFromRaw } from '@libp2p/crypto/keys'
import { NodeViews, type PeerView } from '../../src/node/views.js'
import { generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { nodeNameOfPeer } from '../../src/node/pdu-transport.js'
import { formatName, parseName } from '../../src/capsule/name.js'
import type { GdpNode } from '../../src/node/node.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { regressCapsule } from '../cli/damage.js'
import { gdpIn } from '../cli/run-gdp.js'
import { fillDelegatedStore, tempDir, testCapsule } from '../helpers.js'
import { Level } from 'level'
import { compareBytes } from '../../src/crypto/bytes.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { InvalidArgumentError } from '../../src/errors.js'
import { RouteTable } from '../../src/routing/route-table.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import { metadataKey } from '../../src/store/layout.js'

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
      const hosted = [healthy, damaged].map((n) => parseName(n)).sort(compareBytes).map(formatName)
      const node = { config: { role: 'server' }, name: new Uint8Array(32), store, service: { hostedInNameOrder: async function * () { yield * hosted }, hostedCount: 2, payloadBytes: 0, replicator: undefined } } as unknown as GdpNode
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

describe('the capsules view, paged from the store\'s ordered names', () => {
  // Every hosted name was sorted for each page: 26 ms a page at 100,000 capsules.
  it('goes through every hosted capsule once, in the names\' byte order, at and past the page size; one whose metadata row is gone is merged in; a cursor that is no name is refused', async () => {
    const path = join(dir.path, 'paged-capsules')
    const filled = await fillDelegatedStore(path, new Uint8Array(32).fill(7), 23)
    let store = await CapsuleStore.open({ path })
    const lost = testCapsule()
    await store.create(lost.signed)
    await store.close()
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.del(metadataKey(lost.name))
    await db.close()
    store = await CapsuleStore.open({ path })
    try {
      const service = new CapsuleService({}, { store, signer: new Ed25519Signer(generateEd25519KeyPair().secretKey), clock: () => Date.now() * 1000 })
      await service.start()
      const every = [...filled, lost.name].sort(compareBytes).map(formatName)
      expect(service.hostedCount).toBe(24)
      const node = { config: { role: 'server' }, name: new Uint8Array(32), store, service } as unknown as GdpNode
      const views = new NodeViews(node)
      type Page = { total: number, capsules: Array<{ name: string, error?: { name: string } }>, next: string | null }
      const pages = async (limit: number): Promise<Page[]> => {
        const seen: Page[] = []
        let after: string | undefined
        for (let i = 0; i < every.length + 2; i++) {
          const page = await views.capsules({ limit, ...(after === undefined ? {} : { after }) }) as Page
          seen.push(page)
          if (page.next === null) break
          after = page.next
        }
        return seen
      }
      const names = (seen: Page[]): string[] => seen.flatMap((p) => p.capsules.map((c) => c.name))
      // Exactly a page: no next.
      const whole = await pages(24)
      expect(whole.map((p) => p.capsules.length)).toEqual([24])
      expect(names(whole)).toEqual(every)
      expect(whole[0]!.total).toBe(24)
      expect(whole[0]!.capsules.find((c) => c.name === formatName(lost.name))?.error?.name).toEqual(expect.any(String))
      // One past a page: a second page of one.
      const past = await pages(23)
      expect(past.map((p) => p.capsules.length)).toEqual([23, 1])
      expect(names(past)).toEqual(every)
      const small = await pages(5)
      expect(small.map((p) => p.capsules.length)).toEqual([5, 5, 5, 5, 4])
      expect(names(small)).toEqual(every)
      expect(small.map((p) => p.next)).toEqual([every[4], every[9], every[14], every[19], null])
      // A page reads the store's names from its cursor on, one past the page, not every name.
      const storeNames = store.names.bind(store)
      let read = 0
      store.names = async function * (after) { for await (const name of storeNames(after)) { read++; yield name } }
      expect((await views.capsules({ limit: 5, after: every[9] }) as Page).capsules.map((c) => c.name)).toEqual(every.slice(10, 15))
      expect(read).toBeLessThanOrEqual(6)
      await expect(views.capsules({ after: 'not a name' })).rejects.toThrow(InvalidArgumentError)
      await expect(views.capsules({ after: 'not a name' })).rejects.toThrow(/after: 'not a name' is not a capsule name/)
      await expect(views.capsules({ limit: 1001 })).rejects.toThrow(/limit/)
    } finally {
      await store.close()
    }
  })
})

describe('the routes view', () => {
  // Names whose order by localeCompare differs from their order by code units: upper and lower case, '-' and '_'.
  const names = ['A', 'b', 'C', '_', '-', 'a', 'Z', 'z'].map((c) => parseName(c.repeat(42) + 'A'))
  const viewsOf = (table: RouteTable): NodeViews => new NodeViews({ config: { role: 'router' }, name: new Uint8Array(32), table } as unknown as GdpNode)
  type RoutesPage = { sets: Array<{ server: string, nextHop: string, capsules: number, refused: number, unmatched: boolean }>, next: string | null }
  const pageThrough = (views: NodeViews, limit: number, between: (pages: number) => void = () => {}): string[] => {
    const paged: string[] = []
    let after: string | undefined
    for (let pages = 0; pages < 100; pages++) {
      const page = views.routes({ limit, ...(after === undefined ? {} : { after }) }) as RoutesPage
      paged.push(...page.sets.map((s) => s.server + s.nextHop))
      if (page.next === null) return paged
      expect(page.next).toBe(paged.at(-1))
      after = page.next
      between(pages)
    }
    throw new Error('the routes view gave 100 pages')
  }

  it('pages through every server set in the order of their names as text by code units (not localeCompare), whatever their case and symbols', () => {
    const table = new RouteTable()
    for (const n of names) for (const hop of [n, names[0]!]) table.serverSet(n, hop, 1, Number.MAX_SAFE_INTEGER, 'attached')
    const views = viewsOf(table)
    const byCodeUnits = [...new Set(names.flatMap((n) => [formatName(n) + formatName(n), formatName(n) + formatName(names[0]!)]))].sort((a, b) => a < b ? -1 : a > b ? 1 : 0)
    expect((views.routes({}) as RoutesPage).sets.map((s) => s.server + s.nextHop)).toEqual(byCodeUnits)
    for (const limit of [1, 3, byCodeUnits.length, byCodeUnits.length + 1]) expect(pageThrough(views, limit)).toEqual(byCodeUnits)
    expect((views.routes({ limit: byCodeUnits.length }) as RoutesPage).next).toBeNull()
  })

  it('shows sets that came between pages in their place and not those that went; each set\'s refused names and whether it agrees', () => {
    const table = new RouteTable()
    const [first, ...rest] = names.map((n) => table.serverSet(n, n, 1, Number.MAX_SAFE_INTEGER, 'attached'))
    table.refuseMember(first!, testCapsule().name)
    const views = viewsOf(table)
    const shown = (views.routes({}) as RoutesPage).sets.find((s) => s.server === formatName(names[0]!))!
    expect(shown).toMatchObject({ capsules: 1, refused: 1, unmatched: false })
    const [before, after] = ['0', 'y'].map((c) => parseName(c.repeat(42) + 'A'))
    const seen = pageThrough(views, 2, (pages) => {
      if (pages !== 0) return
      // After the first page ('-', 'A'): a set before it and one after it come, and the last set ('z') goes.
      for (const n of [before!, after!]) table.serverSet(n, n, 1, Number.MAX_SAFE_INTEGER, 'attached')
      table.dropSet(rest.at(-1)!)
    })
    const text = (c: string): string => formatName(parseName(c.repeat(42) + 'A')).repeat(2)
    expect(seen).toEqual(['-', 'A', 'C', 'Z', '_', 'a', 'b', 'y'].map(text))
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

describe('the peers view', () => {
  it('names each peer\'s kind from the route table, read once for all of them: read for each connection, a large router spent a third of a second on each view', () => {
    const peer = (): { connection: unknown, name: Uint8Array } => {
      const remotePeer = peerIdFromPublicKey(publicKeyFromRaw(generateEd25519KeyPair().publicKey))
      return { connection: { remotePeer, remoteAddr: { toString: () => '/ip4/127.0.0.1/tcp/1' }, direction: 'inbound' }, name: nodeNameOfPeer(remotePeer) }
    }
    const [upstream, server, router, neighbour, edge] = [peer(), peer(), peer(), peer(), peer()]
    const crowd = Array.from({ length: 50 }, peer)
    const domain = generateEd25519KeyPair().publicKey
    const set = (s: Uint8Array, nextHop: Uint8Array, origin: string, relayDomain?: Uint8Array): unknown => ({ server: s, nextHop, cost: 1, relayDomain, origin, expiresAtUs: Number.MAX_SAFE_INTEGER, members: 1 })
    const summaries = [
      set(server!.name, server!.name, 'attached'),
      // A set attached through another node proves nothing of that node.
      set(generateEd25519KeyPair().publicKey, edge!.name, 'attached'),
      set(generateEd25519KeyPair().publicKey, router!.name, 'announced', domain),
      set(generateEd25519KeyPair().publicKey, router!.name, 'announced'),
      ...crowd.map(() => set(generateEd25519KeyPair().publicKey, generateEd25519KeyPair().publicKey, 'announced'))
    ]
    let tableReads = 0
    const node = {
      config: { ...DEFAULT_CONFIG, neighbours: [`/ip4/127.0.0.1/tcp/1/p2p/${(neighbour!.connection as { remotePeer: { toString: () => string } }).remotePeer.toString()}`] },
      name: new Uint8Array(32),
      upstream: upstream!.name,
      libp2p: { getConnections: () => [upstream, server, router, neighbour, edge, ...crowd].map((p) => p!.connection) },
      table: { summaries: () => { tableReads++; return summaries } },
      forwarder: { link: () => undefined },
      transport: { neighbours: () => [] }
    } as unknown as GdpNode
    const { peers } = new NodeViews(node).peers()
    const kindOf = (p: { name: Uint8Array }): Pick<PeerView, 'kind' | 'domain'> | undefined => {
      const view = peers.find((v) => v.name === formatName(p.name))
      return view === undefined ? undefined : { kind: view.kind, domain: view.domain }
    }
    expect([upstream, server, router, neighbour, edge].map((p) => kindOf(p!))).toEqual([
      { kind: 'upstream', domain: null }, { kind: 'server', domain: null }, { kind: 'router', domain: formatName(domain) },
      { kind: 'neighbour', domain: null }, { kind: 'edge', domain: null }
    ])
    expect(peers.filter((p) => p.kind === 'edge')).toHaveLength(crowd.length + 1)
    expect(tableReads).toBe(1)
  })
})

describe('the topology view', () => {
  // Unbounded, a router of 20,000 server sets answered each dashboard poll, every second, with all of them.
  it('shows at most limit nodes (itself first) and twice as many links, each between nodes shown, and says when it left some out', async () => {
    const routers = Array.from({ length: 5 }, () => generateEd25519KeyPair().publicKey)
    const servers = Array.from({ length: 5 }, () => generateEd25519KeyPair().publicKey)
    // Every server through every router: 11 nodes (this one, 5 routers, 5 servers) and 25 route links.
    const summaries = routers.flatMap((via) => servers.map((server) => ({ server, nextHop: via, cost: 1, relayDomain: undefined, origin: 'announced', expiresAtUs: Number.MAX_SAFE_INTEGER, members: 1 })))
    const node = {
      config: { ...DEFAULT_CONFIG, role: 'router' },
      name: new Uint8Array(32),
      libp2p: { getConnections: () => [] },
      table: { summaries: () => summaries },
      forwarder: { link: () => undefined },
      transport: { neighbours: () => [] }
    } as unknown as GdpNode
    const views = new NodeViews(node)
    const consistent = (t: { nodes: Array<{ id: string }>, links: Array<{ from: string, to: string }> }): boolean => {
      const ids = new Set(t.nodes.map((n) => n.id))
      return ids.size === t.nodes.length && t.links.every((l) => ids.has(l.from) && ids.has(l.to))
    }
    const whole = views.topology({ limit: 13 })
    expect([whole.nodes.length, whole.links.length, whole.truncated]).toEqual([11, 25, false])
    expect(views.topology()).toEqual(whole)
    // At the limit of nodes, past that of links (22).
    const links = views.topology({ limit: 11 })
    expect([links.nodes.length, links.links.length, links.truncated]).toEqual([11, 22, true])
    expect(consistent(links)).toBe(true)
    // Past the limit of nodes: a server is shown with the router it is reached through, or not at all.
    const nodes = views.topology({ limit: 4 })
    expect([nodes.nodes.length, nodes.truncated, consistent(nodes)]).toEqual([4, true, true])
    expect(nodes.nodes[0]).toMatchObject({ id: formatName(node.name), self: true })
    expect(nodes.nodes.filter((n) => n.kind === 'server').every((s) => nodes.links.some((l) => l.to === s.id))).toBe(true)
    expect(views.topology({ limit: 1 })).toMatchObject({ nodes: [{ self: true }], links: [], truncated: true })
    await expect(views.view('topology', { limit: 1001 })).rejects.toThrow(/limit: 1001 is not a whole number from 1 to 1000/)
    await expect(views.view('topology', { after: 'x' })).rejects.toThrow("the topology view takes limit, not 'after'")
  })
})

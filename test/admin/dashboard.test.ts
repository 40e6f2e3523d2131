// The dashboard in a real browser: Debian's Chromium, driven by
// playwright-core, on a process testnet with the admin API and dashboard on
// its root router and on one server. The page shows the overlay that router
// sees, follows servers and an edge client that join and leave, its PDU
// rates move with traffic, a server's page lists its capsule with head and
// replicas, and without the token the data calls are refused and the page
// asks for one. Screenshots go to test-artifacts/dashboard/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Script } from 'node:vm'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { dashboardPage } from '../../src/admin/dashboard.js'
import { formatName, parseName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { eventually } from '../../testnet/scenarios/cross-domain.js'
import { down, nodeStatus, up, type TestnetNode, type TestnetState, type Topology } from '../../testnet/testnet.js'
import { payload, tempDir, testCapsule, waitFor } from '../helpers.js'
import { NodeProcess } from '../integration/replica-procs.js'

const CHROMIUM = '/usr/bin/chromium'
const haveChromium = existsSync(CHROMIUM)
const requireBrowser = process.env.GDP_REQUIRE_BROWSER === '1'
const ARTIFACTS = join(import.meta.dirname, '../../test-artifacts/dashboard')
/** Every wait on the page, at most. */
const PAGE_WAIT_MS = 20_000

// The browser globals the functions run in the page use (the tests compile without the DOM library).
interface PageElement { dataset: Record<string, string | undefined> }
declare const document: { body: PageElement, hidden: boolean, querySelector: (selector: string) => PageElement | null, dispatchEvent: (event: Event) => boolean }
declare const sessionStorage: { getItem: (key: string) => string | null }

/**
 * A root router (the dashboard under test) with two servers and a router of
 * another domain below it, which has a server of its own; the first server
 * serves a dashboard too.
 */
const TOPOLOGY: Topology = {
  domains: { root: {}, edge: { parent: 'root' } },
  nodes: {
    'root-router': { role: 'router', domain: 'root', trusts: ['edge'], admin: true },
    's1': { role: 'server', upstream: 'root-router', admin: true },
    's2': { role: 'server', upstream: 'root-router' },
    'edge-router': { role: 'router', domain: 'edge', upstream: 'root-router' },
    'edge-server': { role: 'server', upstream: 'edge-router' }
  }
}

describe('the dashboard page', () => {
  const page = dashboardPage()
  const script = page.slice(page.indexOf('<script>') + '<script>'.length, page.lastIndexOf('</script>'))

  it('is one document: nothing loaded from elsewhere, its script compiles', () => {
    // The content security policy would block any of these; the page must not need them.
    expect(page).not.toMatch(/<(script|link|img|iframe)[^>]*\s(src|href)=(?!"data:)/i)
    expect(page).not.toMatch(/@import|url\(\s*['"]?https?:/i)
    expect(page.match(/https?:\/\/[^\s'"]+/g) ?? []).toEqual(['http://www.w3.org/2000/svg'])
    expect(() => new Script(script)).not.toThrow()
  })

  it('builds no markup from data: no innerHTML, no eval', () => {
    expect(script).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function/)
  })
})

describe.skipIf(!haveChromium && !requireBrowser)('the dashboard in Chromium, on a process testnet', () => {
  const dir = tempDir('gdp-dashboard-')
  let state: TestnetState
  let context: BrowserContext
  let userData: string | undefined
  const processes: NodeProcess[] = []
  const clients: GdpNode[] = []
  let pages: Array<{ page: Page, problems: string[] }> = []

  const nodeOf = (id: string): TestnetNode => state.nodes.find((n) => n.id === id)!
  /** The admin URL and token of the nodes that serve a dashboard, read once they listen. */
  const admins = new Map<string, { url: string, token: string }>()
  const adminOf = (id: string): { url: string, token: string } => admins.get(id)!
  const graphNode = (name: string): string => `#graph [data-node-id="${name}"]`

  beforeAll(async () => {
    if (!haveChromium) throw new Error(`GDP_REQUIRE_BROWSER=1 but there is no ${CHROMIUM} (apt-get install chromium)`)
    mkdirSync(ARTIFACTS, { recursive: true })
    state = await up(TOPOLOGY, join(dir.path, 'run'))
    // status.json names the admin URL once the admin API listens.
    for (const id of ['root-router', 's1']) {
      const n = nodeOf(id)
      const url = await waitFor(() => nodeStatus(n)?.admin as string | undefined, { timeoutMs: 10_000, intervalMs: 100, what: `${id}'s admin URL in its status.json` })
      admins.set(id, { url, token: readFileSync(join(n.data, 'admin.token'), 'utf8').trim() })
    }
    userData = mkdtempSync(join(tmpdir(), 'gdp-chromium-'))
    context = await chromium.launchPersistentContext(userData, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1440, height: 1000 },
      timeout: 60_000
    })
    context.setDefaultTimeout(PAGE_WAIT_MS)
  }, 150_000)

  afterEach(async () => {
    for (const { page } of pages) await page.close()
    pages = []
  })

  afterAll(async () => {
    await context?.close()
    for (const c of clients) await c.stop()
    for (const p of processes) await p.stop().catch(() => {})
    if (state !== undefined) await down(state)
    if (userData !== undefined) rmSync(userData, { recursive: true, force: true })
    dir.cleanup()
  }, 60_000)

  /** A new tab; what the page does wrong (an uncaught error, a request elsewhere, a blocked resource) is kept in `problems`. */
  async function openTab (): Promise<{ page: Page, problems: string[] }> {
    const page = await context.newPage()
    const problems: string[] = []
    page.on('pageerror', (err) => { problems.push(`uncaught: ${err.message}`) })
    page.on('console', (msg) => { if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(`blocked: ${msg.text()}`) })
    page.on('request', (request) => { if (!/^http:\/\/127\.0\.0\.1:\d+\//.test(request.url())) problems.push(`request elsewhere: ${request.url()}`) })
    const tab = { page, problems }
    pages.push(tab)
    return tab
  }

  const shot = async (page: Page, name: string): Promise<void> => { await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true }) }
  const polls = async (page: Page): Promise<number> => Number(await page.getAttribute('body', 'data-polls'))
  /** Waits for the page to draw views it fetched after this call. */
  const nextPoll = async (page: Page): Promise<void> => {
    const seen = await polls(page)
    await page.waitForFunction((n) => Number(document.body.dataset.polls) > n, seen, { timeout: PAGE_WAIT_MS })
  }

  async function serverProcess (id: string, upstream: TestnetNode, env: Record<string, string> = {}): Promise<NodeProcess> {
    const data = join(dir.path, id)
    mkdirSync(data, { recursive: true })
    const p = new NodeProcess({ id, role: 'server', data, listen: ['/ip4/127.0.0.1/tcp/0'], upstream: upstream.tcp, env })
    processes.push(p)
    await p.start()
    return p
  }

  it('without the token the data calls get 401 and the page asks for it; a wrong token is refused; the right one opens the dashboard', async () => {
    const { url, token } = adminOf('root-router')
    const { page, problems } = await openTab()
    await page.goto(`${url}/dashboard`)
    await page.waitForSelector('#token-form', { state: 'visible' })
    expect(await page.getAttribute('body', 'data-state')).toBe('auth')
    expect(await page.isHidden('#dashboard')).toBe(true)
    const statuses = await page.evaluate(async () => await Promise.all(['/v1/status', '/v1/topology', '/v1/capsules', '/metrics'].map(async (p) => (await fetch(p)).status)))
    expect(statuses).toEqual([401, 401, 401, 401])
    expect(await page.evaluate(async () => (await fetch('/v1/status', { headers: { authorization: 'Bearer not-the-token' } })).status)).toBe(401)
    await shot(page, 'token-form')

    // A wrong token in the fragment (same document: the page takes the new fragment) is refused, and the form says so.
    await page.goto(`${url}/dashboard#token=not-the-token`)
    await page.waitForSelector('#token-error', { state: 'visible' })
    expect(await page.textContent('#token-error')).toContain('refused')
    expect(await page.evaluate(() => sessionStorage.getItem('gdp-admin-token'))).toBeNull()
    await shot(page, 'token-refused')

    await page.fill('#token-input', token)
    await page.click('#token-form button[type="submit"]')
    await page.waitForSelector(`${graphNode(nodeOf('root-router').name)}[data-self="true"]`)
    expect(await page.getAttribute('body', 'data-state')).toBe('live')
    // The token stays in this tab: a reload opens the dashboard without asking.
    await page.reload()
    await page.waitForSelector(graphNode(nodeOf('root-router').name))
    expect(await page.isHidden('#token-panel')).toBe(true)
    // Signing out forgets it.
    await page.click('#forget-token')
    await page.waitForSelector('#token-form', { state: 'visible' })
    expect(await page.evaluate(() => sessionStorage.getItem('gdp-admin-token'))).toBeNull()
    expect(problems).toEqual([])
  })

  it('runs no script but its own: markup with an inline handler, as a flaw letting a peer\'s text become markup would add, does not run', async () => {
    const { url, token } = adminOf('root-router')
    const { page, problems } = await openTab()
    await page.goto(`${url}/dashboard#token=${token}`)
    await page.waitForSelector(`${graphNode(nodeOf('root-router').name)}[data-self="true"]`)
    // Added as markup, as a peer's name would be were it ever written as HTML: its handler could read the token the tab
    // keeps. The image fails to load (a 401), so only the policy keeps the handler from running; a listener added after
    // it, which runs after it, tells.
    const ran = await page.evaluate(async () => await new Promise<boolean>((resolve) => {
      const holder = document.querySelector('#peers') as unknown as { insertAdjacentHTML: (where: string, html: string) => void }
      holder.insertAdjacentHTML('beforeend', '<img id="injected" src="/nothing-here.png" onerror="document.body.dataset.injected = \'ran\'">')
      const image = document.querySelector('#injected') as unknown as { addEventListener: (event: string, listener: () => void) => void }
      image.addEventListener('error', () => { resolve(document.body.dataset.injected === 'ran') })
    }))
    expect(ran).toBe(false)
    expect(problems).toEqual([expect.stringMatching(/^blocked: .*Content Security Policy/)])
    // The page's own script still runs: it polls on.
    await nextPoll(page)
  })

  it('shows the overlay the root router sees: itself, its servers, the router below it and the server behind that, with their domains', async () => {
    const { url, token } = adminOf('root-router')
    const { page, problems } = await openTab()
    await page.goto(`${url}/dashboard#token=${encodeURIComponent(token)}`)
    const root = nodeOf('root-router')
    const edgeDomain = state.domains.edge!
    // The root router is in the root domain (the testnet gives a domain's top router a membership), its servers with it.
    const rootDomain = state.domains.root!
    // The edge router is a router once its announcements arrived; the server behind it is known by route.
    const expected = [
      { id: 'root-router', kind: 'router', domain: rootDomain, self: 'true' },
      { id: 's1', kind: 'server', domain: rootDomain, self: 'false' },
      { id: 's2', kind: 'server', domain: rootDomain, self: 'false' },
      { id: 'edge-router', kind: 'router', domain: edgeDomain, self: 'false' },
      { id: 'edge-server', kind: 'server', domain: edgeDomain, self: 'false' }
    ]
    for (const e of expected) await page.waitForSelector(`${graphNode(nodeOf(e.id).name)}[data-kind="${e.kind}"]`)
    for (const e of expected) {
      const name = nodeOf(e.id).name
      const node = page.locator(graphNode(name))
      expect(await node.getAttribute('data-domain'), e.id).toBe(e.domain)
      expect(await node.getAttribute('data-self'), e.id).toBe(e.self)
      // Shortened on the graph, whole on hover.
      expect(await node.locator('.label').textContent()).toBe(`${name.slice(0, 8)}\u2026`)
      expect(await node.locator('title').textContent()).toContain(name)
    }
    expect(Number(await page.getAttribute('#graph', 'data-nodes'))).toBe(expected.length)
    const edge = (from: string, to: string): string => `#graph .edge[data-from="${nodeOf(from).name}"][data-to="${nodeOf(to).name}"]`
    expect(await page.getAttribute(edge('root-router', 's1'), 'data-kind')).toBe('link')
    expect(await page.getAttribute(edge('root-router', 'edge-router'), 'data-kind')).toBe('link')
    expect(await page.getAttribute(edge('edge-router', 'edge-server'), 'data-kind')).toBe('route')
    for (const domain of [rootDomain, edgeDomain]) expect(await page.locator(`#graph .region[data-domain="${domain}"]`).count()).toBe(1)
    // The token left the address bar once read.
    expect(page.url()).not.toContain('token')

    // The tables: its peers, its routes by origin, certificates, and a router's empty capsule list.
    for (const id of ['s1', 's2', 'edge-router']) await page.waitForSelector(`#peers tr[data-peer="${nodeOf(id).name}"]`)
    await page.waitForSelector(`#routes tr[data-server="${nodeOf('edge-server').name}"][data-origin="announced"]`)
    expect(await page.textContent('#certs')).toContain(edgeDomain.slice(0, 8))
    expect(await page.textContent('#capsules')).toContain('stores no capsules')
    expect(await page.textContent('#node-fullname')).toBe(root.name)
    // Hovering a node names it in full and lights its links.
    await page.hover(graphNode(nodeOf('edge-router').name))
    expect(await page.textContent('#graph-detail')).toContain(nodeOf('edge-router').name)
    expect(await page.locator('#graph .edge.hot').count()).toBe(2)
    await shot(page, 'overlay')
    await page.emulateMedia({ colorScheme: 'dark' })
    await shot(page, 'overlay-dark')
    expect(problems).toEqual([])
  })

  it('a server that joins the router appears at once and goes when it stops; one behind the edge router goes when its route expires', async () => {
    const { url, token } = adminOf('root-router')
    const { page, problems } = await openTab()
    await page.goto(`${url}/dashboard#token=${encodeURIComponent(token)}`)
    const root = nodeOf('root-router')
    await page.waitForSelector(graphNode(root.name))

    const joiner = await serverProcess('joiner', root)
    await page.waitForSelector(`${graphNode(joiner.name)}[data-kind="server"]`)
    expect(await page.getAttribute(`#graph .edge[data-from="${root.name}"][data-to="${joiner.name}"]`, 'data-kind')).toBe('link')
    await shot(page, 'server-joined')
    // A neighbour that disconnects loses its link at once: the next poll draws it gone.
    await joiner.stop()
    await page.waitForSelector(graphNode(joiner.name), { state: 'detached' })
    expect(await page.locator(`#peers tr[data-peer="${joiner.name}"]`).count()).toBe(0)
    await shot(page, 'server-left')

    // Behind the edge router the root knows it by its route only, which lapses advertise_lifetime after its last advertisement.
    const behind = await serverProcess('behind', nodeOf('edge-router'), { GDP_ADVERTISE_INTERVAL: '300ms', GDP_ADVERTISE_LIFETIME: '2s' })
    await page.waitForSelector(`${graphNode(behind.name)}[data-kind="server"][data-domain="${state.domains.edge!}"]`)
    expect(await page.getAttribute(`#graph .edge[data-from="${nodeOf('edge-router').name}"][data-to="${behind.name}"]`, 'data-kind')).toBe('route')
    await shot(page, 'route-joined')
    await behind.stop()
    await page.waitForSelector(graphNode(behind.name), { state: 'detached' })
    await shot(page, 'route-expired')
    expect(problems).toEqual([])
  })

  it('an edge client shows while connected; its appends move the PDU rates; the server\'s own page lists the capsule with its head and replicas', async () => {
    const root = nodeOf('root-router')
    const s1 = nodeOf('s1')
    const rootAdmin = adminOf('root-router')
    const { page, problems } = await openTab()
    await page.goto(`${rootAdmin.url}/dashboard#token=${encodeURIComponent(rootAdmin.token)}`)
    await page.waitForSelector(graphNode(root.name))

    const client = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: root.tcp }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
    clients.push(client)
    await client.start()
    await client.upstreamReady(10_000)
    const clientName = formatName(client.name)
    await page.waitForSelector(`${graphNode(clientName)}[data-kind="client"]`)

    const server = parseName(s1.name)
    const capsule = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    const adCert = signAdCert({ capsule: capsule.name, server, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, capsule.owner)
    await eventually(async () => await client.client.create(capsule.signed, server, adCert))
    const writer = await eventually(async () => await client.client.writer(capsule.name, capsule.writer))
    // One append per poll, so the rates see traffic in several intervals.
    const records = 5
    for (let i = 0; i < records; i++) {
      await client.client.append(writer, [payload(`record ${i}`)], Date.now() * 1000)
      await nextPoll(page)
    }
    await page.waitForFunction(() => Number(document.querySelector('[data-series="forwarded"]')?.dataset.peak) > 0)
    expect(Number(await page.getAttribute('[data-series="received"]', 'data-peak'))).toBeGreaterThan(0)
    await shot(page, 'rates-and-client')

    const s1Admin = adminOf('s1')
    const serverTab = await openTab()
    await serverTab.page.goto(`${s1Admin.url}/dashboard#token=${encodeURIComponent(s1Admin.token)}`)
    const row = `#capsules tr[data-capsule="${formatName(capsule.name)}"]`
    // The capsule view is read every fifth poll: the row has every record within a few seconds.
    await serverTab.page.waitForSelector(`${row}[data-records="${records}"]`)
    expect(await serverTab.page.textContent(row)).toContain(`size ${records}`)
    expect(await serverTab.page.getAttribute(row, 'data-replicas')).toBe('1')
    expect(await serverTab.page.getAttribute(`${row} .chip.replica.self`, 'title')).toContain(s1.name)
    // The server sees its router above it.
    expect(await serverTab.page.getAttribute(graphNode(root.name), 'data-kind')).toBe('router')
    expect(await serverTab.page.getAttribute(graphNode(s1.name), 'data-self')).toBe('true')
    await shot(serverTab.page, 'server-capsules')

    await client.stop()
    await page.waitForSelector(graphNode(clientName), { state: 'detached' })
    expect(problems).toEqual([])
    expect(serverTab.problems).toEqual([])
  })

  it('draws a migration in flight with its progress (the migrations view stubbed in the browser: no VM here)', async () => {
    const { url, token } = adminOf('root-router')
    const { page, problems } = await openTab()
    await page.route('**/v1/migrations', async (route) => {
      await route.fulfill({
        json: {
          sending: [
            { name: 'vm-7', mode: 'auto', round: 2, final: false, done: 40 * 2 ** 20, total: 100 * 2 ** 20, sentBytes: 52 * 2 ** 20, ackedBytes: 50 * 2 ** 20, bytesPerSecond: 12 * 2 ** 20 },
            { name: 'vm-8', mode: 'dedup' }
          ],
          received: [{ name: 'vm-3', status: 'complete', startedAt: new Date(Date.now() - 90_000).toISOString() }],
          sent: 4,
          failed: 1
        }
      })
    })
    await page.goto(`${url}/dashboard#token=${encodeURIComponent(token)}`)
    await page.waitForSelector('[data-migration="vm-7"] [role="progressbar"][aria-valuenow="40"]')
    expect(await page.textContent('[data-migration="vm-7"]')).toContain('round 2')
    // One whose size is not known yet has no value, only a moving bar.
    expect(await page.getAttribute('[data-migration="vm-8"] [role="progressbar"]', 'aria-valuenow')).toBeNull()
    expect(await page.textContent('#migrations tr[data-received="vm-3"]')).toContain('complete')
    expect(await page.textContent('#tile-migrations .tile-value')).toBe('2')
    await shot(page, 'migrations')
    expect(problems).toEqual([])
  })

  // Found by attacking the dashboard: its relative times ("in 59 min", "2 min ago") were against the browser's clock,
  // and a browser two hours behind the node showed what the node started 90 s ago as starting in two hours.
  it('shows times relative to the node\'s clock (its answers\' Date), not to a browser\'s clock that is hours off', async () => {
    const { url, token } = adminOf('root-router')
    const { page, problems } = await openTab()
    await page.addInitScript(() => { const now = Date.now.bind(Date); Date.now = () => now() - 2 * 3600_000 })
    await page.route('**/v1/migrations', async (route) => {
      await route.fulfill({ json: { sending: [], received: [{ name: 'vm-9', status: 'complete', startedAt: new Date(Date.now() - 90_000).toISOString() }], sent: 0, failed: 0 } })
    })
    await page.goto(`${url}/dashboard#token=${encodeURIComponent(token)}`)
    const row = '#migrations tr[data-received="vm-9"]'
    await page.waitForSelector(row)
    // The first poll's answers set the node's clock; the row is drawn again at the next.
    await nextPoll(page)
    expect(await page.textContent(row)).toMatch(/1 min (2\d|3\d) s ago/)
    expect(problems).toEqual([])
  })

  it('lays out a larger overlay deterministically: upstream side above, leaves in rows, no two nodes on top of each other (the topology view stubbed)', async () => {
    const { url, token } = adminOf('root-router')
    const self = nodeOf('root-router').name
    const fake = (): string => formatName(crypto.getRandomValues(new Uint8Array(32)))
    const [d1, d2] = [fake(), fake()]
    const upstream = fake()
    const nodes: Array<{ id: string, kind: string, domain: string | null, self: boolean }> = [{ id: self, kind: 'router', domain: null, self: true }, { id: upstream, kind: 'router', domain: null, self: false }]
    const links: Array<{ from: string, to: string, kind: string }> = [{ from: self, to: upstream, kind: 'link' }]
    const add = (via: string, kind: string, domain: string | null, linkKind: string): string => {
      const id = fake()
      nodes.push({ id, kind, domain, self: false })
      links.push({ from: via, to: id, kind: linkKind })
      return id
    }
    for (let i = 0; i < 3; i++) add(upstream, 'server', null, 'route')
    for (const domain of [d1, d2]) {
      const router = add(self, 'router', domain, 'link')
      for (let i = 0; i < 4; i++) add(router, 'server', domain, 'route')
    }
    for (let i = 0; i < 9; i++) add(self, 'server', null, 'link')
    for (let i = 0; i < 2; i++) add(self, 'client', null, 'connection')
    const { page, problems } = await openTab()
    // Cut by the node (its limit): all it sent is drawn, and the summary says more exist.
    await page.route('**/v1/topology', async (route) => { await route.fulfill({ json: { self, nodes, links, truncated: true } }) })
    await page.route('**/v1/status', async (route) => {
      const response = await route.fetch()
      await route.fulfill({ response, json: { ...(await response.json()), upstream } })
    })
    const positions = async (): Promise<Map<string, { x: number, y: number }>> => {
      await page.waitForFunction((n) => Number(document.querySelector('#graph')?.dataset.nodes) === n, nodes.length)
      const drawn = await page.$$eval('#graph [data-node-id]', (gs) => gs.map((g) => [g.getAttribute('data-node-id'), g.getAttribute('transform')]))
      return new Map(drawn.map(([id, transform]) => {
        const [x, y] = /translate\(([-\d.]+) ([-\d.]+)\)/.exec(transform!)!.slice(1).map(Number)
        return [id!, { x: x!, y: y! }]
      }))
    }
    await page.goto(`${url}/dashboard#token=${encodeURIComponent(token)}`)
    const first = await positions()
    expect(first.size).toBe(nodes.length)
    const all = [...first.values()]
    for (const [i, a] of all.entries()) for (const b of all.slice(i + 1)) expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(90)
    // The upstream and what lies behind it are above this node; the rest below.
    expect(first.get(upstream)!.y).toBeLessThan(first.get(self)!.y)
    for (const l of links.filter((l) => l.from === upstream)) expect(first.get(l.to)!.y).toBeLessThan(first.get(upstream)!.y)
    for (const l of links.filter((l) => l.from === self && l.to !== upstream)) expect(first.get(l.to)!.y).toBeGreaterThan(first.get(self)!.y)
    // The 11 leaves under this node take three rows of at most four.
    const leafRows = new Map<number, number>()
    for (const l of links.filter((l) => l.from === self && nodes.find((n) => n.id === l.to)!.kind !== 'router' && l.to !== upstream)) leafRows.set(first.get(l.to)!.y, (leafRows.get(first.get(l.to)!.y) ?? 0) + 1)
    expect([...leafRows.values()].sort()).toEqual([3, 4, 4])
    expect(await page.locator('#graph .region').count()).toBe(2)
    expect(await page.textContent('#graph-summary')).toMatch(/links \(the first shown: the node limits its topology view\)$/)
    await shot(page, 'layout-larger')
    // The same topology, drawn again from scratch, gives the same picture.
    await page.reload()
    expect(await positions()).toEqual(first)
    expect(problems).toEqual([])
  })

  it('stops polling while the page is hidden and starts again when it is shown', async () => {
    const { url, token } = adminOf('root-router')
    const { page, problems } = await openTab()
    await page.goto(`${url}/dashboard#token=${encodeURIComponent(token)}`)
    await page.waitForSelector(graphNode(nodeOf('root-router').name))
    const setHidden = async (hidden: boolean): Promise<void> => {
      await page.evaluate((h) => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => h })
        document.dispatchEvent(new Event('visibilitychange'))
      }, hidden)
    }
    const requests: string[] = []
    await setHidden(true)
    expect(await page.getAttribute('body', 'data-state')).toBe('paused')
    page.on('request', (request) => { requests.push(request.url()) })
    const before = await polls(page)
    // Not a wait for an event but a window to watch: two polls would have gone out in it.
    await new Promise((resolve) => { setTimeout(resolve, 2500) })
    expect(requests).toEqual([])
    expect(await polls(page)).toBe(before)
    await setHidden(false)
    await nextPoll(page)
    expect(await page.getAttribute('body', 'data-state')).toBe('live')
    expect(problems).toEqual([])
  })
})

// The browser bundle (npm run build:browser) in headless Chromium against
// node processes: a router and a server, both listening on WebSocket too.
// The page links to the router over WebSocket, creates a capsule with a key
// it made itself, appends, reads back verified, and follows by subscription
// a capsule a Node client writes; a Node client reads the page's records
// (signed in the browser, checked by node:crypto). A server in this process
// that alters what it sends shows tampered answers refused.
//
// Skipped when /usr/bin/chromium (or GDP_CHROMIUM) is missing, unless
// GDP_REQUIRE_BROWSER=1 (then it fails). A screenshot of the page goes to
// test-artifacts/ (git-ignored).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as GdpBrowser from '../../src/browser/index.js'
import { formatName, parseName } from '../../src/capsule/name.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { Appender } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import type { pb } from '../../src/wire/index.js'
import { tempDir, waitFor } from '../helpers.js'
import { createReplicated, NodeProcess } from '../integration/replica-procs.js'

/** Debian's chromium package; GDP_CHROMIUM names another build. */
const CHROMIUM = process.env.GDP_CHROMIUM ?? '/usr/bin/chromium'
const required = process.env.GDP_REQUIRE_BROWSER === '1'
const root = join(import.meta.dirname, '../..')
const SCREENSHOT = join(root, 'test-artifacts/browser-client.png')
// No internet here: without these, Chromium keeps trying to reach Google's services.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** What the page holds: the bundle's exports, the edge client, and what its subscription received. */
interface PageGlobals {
  gdp: typeof GdpBrowser
  edge: GdpBrowser.EdgeClient
  log: (line: string) => void
  received: Array<{ seqno: number, text: string }>
  subscriptionError: string | undefined
  subscription: AbortController
}

describe.skipIf(!existsSync(CHROMIUM) && !required)('the browser client in headless Chromium', () => {
  const dir = tempDir('gdp-browser-')
  const processes: NodeProcess[] = []
  const inProcess: GdpNode[] = []
  let http: Server
  let browser: Browser
  let page: Page
  let router: NodeProcess
  let server: NodeProcess
  /** A client node in this process, linked to the router over TCP. */
  let nodeClient: GdpNode

  /** A node process's WebSocket address, with /p2p/. */
  const wsAddress = (p: NodeProcess): string => {
    const address = ((p.status()?.addresses ?? []) as string[]).find((a) => a.includes('/ws/'))
    if (address === undefined) throw new Error(`${p.spec.id} lists no WebSocket address`)
    return address
  }

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`GDP_REQUIRE_BROWSER=1 and there is no Chromium at ${CHROMIUM} (apt-get install chromium, or set GDP_CHROMIUM)`)
    const bundle = join(dir.path, 'gdp-client.js')
    execFileSync(process.execPath, [join(root, 'scripts/build-browser.mjs'), bundle])
    const files: Record<string, [string, string]> = {
      '/': [join(import.meta.dirname, 'page.html'), 'text/html'],
      '/gdp-client.js': [bundle, 'text/javascript'],
      '/gdp-client.js.map': [`${bundle}.map`, 'application/json']
    }
    http = createServer((req, res) => {
      const file = files[req.url ?? '']
      if (file === undefined) { res.writeHead(404).end(); return }
      res.writeHead(200, { 'content-type': file[1] }).end(readFileSync(file[0]))
    })
    await new Promise<void>((resolve) => { http.listen(0, '127.0.0.1', resolve) })

    const listen = ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws']
    const folder = (id: string): string => { const d = join(dir.path, id); mkdirSync(d); return d }
    // The page's origin: a node takes browser links from the origins it lists only.
    const env = { GDP_WEBSOCKET_ORIGINS: `http://127.0.0.1:${(http.address() as AddressInfo).port}` }
    router = new NodeProcess({ id: 'router', role: 'router', data: folder('router'), listen, env })
    processes.push(router)
    await router.start()
    server = new NodeProcess({ id: 'server', role: 'server', data: folder('server'), listen, upstream: router.address(), env })
    processes.push(server)
    await server.start()
    nodeClient = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: router.address() }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
    inProcess.push(nodeClient)
    await nodeClient.start()
    await nodeClient.upstreamReady(10_000)

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
    page = await browser.newPage()
    page.on('pageerror', (err) => { console.error('page error:', err) })
    await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`)
    await page.waitForFunction(() => (globalThis as unknown as Partial<PageGlobals>).gdp !== undefined, undefined, { timeout: 10_000 })
    const node = await page.evaluate(async (address) => {
      const g = globalThis as unknown as PageGlobals
      g.edge = await g.gdp.connect(address)
      g.log(`linked to node ${g.edge.node} over ${address}`)
      return g.edge.node
    }, wsAddress(router))
    expect(node).toBe(router.name)
  })

  afterAll(async () => {
    try {
      if (page !== undefined) {
        mkdirSync(join(root, 'test-artifacts'), { recursive: true })
        await page.screenshot({ path: SCREENSHOT, fullPage: true })
        await page.evaluate(async () => { await (globalThis as unknown as PageGlobals).edge?.close() })
      }
      await browser?.close()
    } finally {
      http?.close()
      for (const n of inProcess) await n.stop()
      await Promise.all(processes.map(async (p) => { await p.stop() }))
      dir.cleanup()
    }
  })

  it('refuses an address that names no peer at once, and gives up on a node that does not answer after its timeout', async () => {
    const outcomes = await page.evaluate(async (routerWs) => {
      const g = globalThis as unknown as PageGlobals
      const attempt = async (address: string, timeoutMs: number): Promise<string> => {
        try {
          await (await g.gdp.connect(address, { timeoutMs })).close()
          return 'linked'
        } catch (err) {
          return `${(err as Error).name}: ${(err as Error).message}`
        }
      }
      // The router's peer id at a port nothing listens on (9, discard): the dial fails, again and again, until the timeout.
      const nobody = routerWs.replace(/\/tcp\/\d+\//, '/tcp/9/')
      return [await attempt('not an address', 1000), await attempt(routerWs.replace(/\/p2p\/.*/, ''), 1000), await attempt(nobody, 1500)]
    }, wsAddress(router))
    expect(outcomes[0]).toMatch(/^InvalidArgumentError: 'not an address' is not a multiaddr/)
    expect(outcomes[1]).toMatch(/^InvalidArgumentError: .* must end in \/p2p\/<peer id>/)
    // A refused port is told apart from no other failure in a page (docs/browser.md): the error says so ("undefined" before).
    expect(outcomes[2]).toMatch(/^LinkTimeoutError: cannot reach .*\/tcp\/9\/ws\/p2p\/.* within 1500 ms; the last dial failed: the connection failed with an error event of no reason \(a browser's WebSocket gives none: nothing listens there/)
  })

  it('creates a capsule with a key made in the page, appends, reads every record back verified; node:crypto accepts what it signed', async () => {
    const { name, receipts, records, quorums } = await page.evaluate(async (serverName) => {
      const g = globalThis as unknown as PageGlobals
      // No servers named: the router proposes its one server.
      const capsule = await g.edge.createCapsule({ fields: { 'content-type': 'text/plain' } })
      g.log(`created capsule ${capsule.name} with a key made here`)
      const receipts = [await capsule.append(['hello', 'from', 'a browser']), await capsule.append([new Uint8Array([0, 1, 2, 255])])]
      const records = await g.edge.read(capsule.name, { range: { from: 0, to: 100 } })
      for (const r of records) g.log(`  record ${r.seqno} verified: ${JSON.stringify(new TextDecoder().decode(r.payload))}`)
      // A write quorum of as many replicas as there are servers, and one more, which no append could meet.
      const quorums = await Promise.all([1, 2].map(async (writeQuorum) => await g.edge.createCapsule({ servers: [serverName], writeQuorum }).then(() => 'created', (err: Error) => `${err.name}: ${err.message}`)))
      return { name: capsule.name, receipts, records: records.map((r) => ({ seqno: r.seqno, payload: [...r.payload], hash: r.hash })), quorums }
    }, server.name)
    expect(quorums[0]).toBe('created')
    expect(quorums[1]).toMatch(/^InvalidArgumentError: a write quorum of 2 is more than the 1 replicas/)
    expect(receipts).toEqual([{ size: 3, acknowledgedBy: [server.name] }, { size: 4, acknowledgedBy: [server.name] }])
    const payloads = ['hello', 'from', 'a browser'].map((t) => [...Buffer.from(t)]).concat([[0, 1, 2, 255]])
    expect(records.map((r) => r.seqno)).toEqual([0, 1, 2, 3])
    expect(records.map((r) => r.payload)).toEqual(payloads)
    // The metadata the owner signed, each heartbeat and each record, all made in the browser, verified in Node.
    const inNode = await nodeClient.client.read(parseName(name), { range: { from: 0, to: 100 } })
    expect(inNode.map((r) => [...r.payload])).toEqual(payloads)
    expect(inNode.map((r) => formatName(r.hash))).toEqual(records.map((r) => r.hash))
  })

  it('keeps its writer\'s journal in localStorage when asked: each batch is there before it goes, and the capsule opened again with the key goes on from it', async () => {
    const { kept, sizes, again } = await page.evaluate(async () => {
      const g = globalThis as unknown as PageGlobals
      const localStorage = (globalThis as unknown as { localStorage: GdpBrowser.JournalStorage & { clear: () => void } }).localStorage
      localStorage.clear()
      const capsule = await g.edge.createCapsule({ journal: localStorage })
      const sizes = [(await capsule.append(['journaled'])).size, (await capsule.append(['twice'])).size]
      const kept = Object.keys(localStorage).filter((k) => k.startsWith('gdp-writer-journal/'))
      const reopened = await g.edge.openCapsule(capsule.name, capsule.secretKey, { journal: localStorage })
      const again = (await reopened.append(['after reopening'])).size
      return { kept: kept.map((k) => k.split('/').slice(2).join('/')), sizes, again, name: capsule.name }
    })
    expect(sizes).toEqual([1, 2])
    expect(kept).toHaveLength(1)
    expect(again).toBe(3)
  })

  it('follows a capsule a Node client writes: records appended before and after the subscription arrive verified, in order', async () => {
    const written = await createReplicated(nodeClient.client, [server.nameBytes], 1)
    const info = await nodeClient.client.info(written.name)
    const appender = new Appender(nodeClient.client, new CapsuleWriter(written.name, info.metadata.metadata, written.writer, info.writerState))
    await appender.append([Buffer.from('before the subscription')])
    await page.evaluate(async (name) => {
      const g = globalThis as unknown as PageGlobals
      g.received = []
      g.subscription = new AbortController()
      g.log(`subscribed to ${name}, written by a Node client`)
      void (async () => {
        try {
          for await (const record of g.edge.subscribe(name, { signal: g.subscription.signal })) {
            const text = new TextDecoder().decode(record.payload)
            g.received.push({ seqno: record.seqno, text })
            g.log(`  received record ${record.seqno} verified: ${JSON.stringify(text)}`)
          }
        } catch (err) {
          g.subscriptionError = `${(err as Error).name}: ${(err as Error).message}`
        }
      })()
    }, formatName(written.name))
    const received = async (count: number): Promise<unknown> => await page.waitForFunction((n) => {
      const g = globalThis as unknown as PageGlobals
      if (g.subscriptionError !== undefined) throw new Error(g.subscriptionError)
      return g.received.length >= n
    }, count, { timeout: 20_000 })
    await received(1)
    await appender.append([Buffer.from('after it')])
    await appender.append([Buffer.from('and again'), Buffer.from('twice')])
    await received(4)
    const got = await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals
      g.subscription.abort()
      return g.received
    })
    expect(got).toEqual([
      { seqno: 0, text: 'before the subscription' },
      { seqno: 1, text: 'after it' },
      { seqno: 2, text: 'and again' },
      { seqno: 3, text: 'twice' }
    ])
    // The page told the server: the subscription ends there too.
    await waitFor(() => server.status()?.subscriptions === 0, { timeoutMs: 10_000, intervalMs: 200, what: 'the server to drop the ended subscription' })
  })

  it('refuses answers a server tampered with: a payload, a proof or a heartbeat signature changed by one bit', async () => {
    // A server in this process, under the router, that alters the read responses it sends as `tampering` says.
    let tampering: 'payload' | 'proof' | 'heartbeat' | undefined
    const flipped = (bytes: Uint8Array | null | undefined): Uint8Array => Uint8Array.from(bytes ?? [0], (b, i) => (i === 0 ? b ^ 1 : b))
    // Copies, not changes in place: the service may keep what it sent (its head heartbeat, say).
    const tampered = (read: pb.IReadResponse): pb.IReadResponse => {
      if (tampering === 'payload') return { ...read, records: read.records?.map((r) => ({ ...r, payload: flipped(r.payload) })) }
      if (tampering === 'proof') {
        const path = (p: { path?: Uint8Array[] | null }): Uint8Array[] => (p.path ?? []).map((h, i) => (i === 0 ? flipped(h) : h))
        return { ...read, proofs: read.proofs?.map((p) => ({ ...p, path: path(p) })), rangeProof: read.rangeProof == null ? read.rangeProof : { ...read.rangeProof, path: path(read.rangeProof) } }
      }
      if (tampering === 'heartbeat' && read.heartbeat != null) return { ...read, heartbeat: { ...read.heartbeat, signature: flipped(read.heartbeat.signature) } }
      return read
    }
    const liar = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'server', data: join(dir.path, 'liar'), listen: ['/ip4/127.0.0.1/tcp/0'], upstream: router.address(), advertiseIntervalMs: 500 })
    inProcess.push(liar)
    const service = liar.service!
    const handle = service.handle.bind(service)
    service.handle = (pdu, reply, flow) => {
      handle(pdu, (body) => { reply('response' in body && body.response.read != null ? { response: { ...body.response, read: tampered(body.response.read) } } : body) }, flow)
    }
    await liar.start()
    await liar.upstreamReady(10_000)
    const name = await page.evaluate(async (liarName) => {
      const g = globalThis as unknown as PageGlobals
      const capsule = await g.edge.createCapsule({ servers: [liarName] })
      await capsule.append(['honest record', 'another'])
      g.log(`capsule ${capsule.name} on a server that alters what it sends:`)
      return capsule.name
    }, formatName(liar.name))
    const read = async (): Promise<string> => await page.evaluate(async ([capsule, kind]) => {
      const g = globalThis as unknown as PageGlobals
      try {
        const records = await g.edge.read(capsule, { seqno: 0 })
        g.log(`  nothing altered: record 0 read, verified: ${JSON.stringify(new TextDecoder().decode(records[0]!.payload))}`)
        return `read ${new TextDecoder().decode(records[0]!.payload)}`
      } catch (err) {
        g.log(`  ${kind} altered: read refused: ${(err as Error).name}: ${(err as Error).message}`)
        return `${(err as Error).name}: ${(err as Error).message}`
      }
    }, [name, tampering ?? 'nothing'] as const)
    tampering = 'payload'
    expect(await read()).toMatch(/^InvalidProofError: record 0: the payload does not match its header's hash/)
    tampering = 'proof'
    expect(await read()).toMatch(/^InvalidProofError: record 0 is not in the tree of the heartbeat at size 2/)
    tampering = 'heartbeat'
    expect(await read()).toMatch(/^InvalidSignatureError: heartbeat at size 2 .* is not signed by the writer key/)
    tampering = undefined
    expect(await read()).toBe('read honest record')
  })
})

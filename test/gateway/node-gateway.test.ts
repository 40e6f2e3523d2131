// The gateway in a real node: the `gateway` section of the configuration,
// off by default, a router whose gateway serves a capsule that a server
// behind it holds, over real loopback libp2p links, started and stopped
// with the node, and `gdp node start --gateway` (the compiled command line).
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { loadToken } from '../../src/http/bearer-token.js'
import { NodeMetrics } from '../../src/admin/metrics.js'
import { DEFAULT_CONFIG, GATEWAY_TOKEN_FILE } from '../../src/node/config.js'
import { loadConfig } from '../../src/node/config-file.js'
import { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { payload, seededBytes, tempDir, testCapsule, waitFor } from '../helpers.js'
import { kvAppField } from '../../src/kv/format.js'
import { filesAppFields } from '../../src/files/format.js'
import type { AppField } from '../../src/capsule/types.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { gatewayJournalFolder } from '../../src/node/writer-journal.js'
import { GDP_MAIN } from '../cli/run-gdp.js'
import { nodesPerTest } from '../node/local-nodes.js'
import { RemoteKv } from '../../src/kv/remote.js'
import { FileSystem } from '../../src/files/file-system.js'
import { signDeletion } from '../../src/capsule/deletion.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { checkAgainstDocument, createOwnedCapsule, routerWritingForServer } from './harness.js'

const start = nodesPerTest({ advertiseIntervalMs: 200, advertiseLifetimeMs: 1000 })
const MiB = 1024 * 1024
const dirs: Array<() => void> = []
afterEach(() => { for (const d of dirs.splice(0)) d() })

describe('the gateway section of the node configuration', () => {
  it('is off by default; enabled from the file, GDP_GATEWAY_* variables or flags, each over the one before', () => {
    const budgets = { bodiesBudgetBytes: 256 * MiB, answersBudgetBytes: 256 * MiB, downloadsBudgetBytes: 256 * MiB, uploadsBudgetBytes: 256 * MiB, eventStreamsBudgetBytes: 128 * MiB, maxConnections: 1024 }
    expect(loadConfig(undefined, {}, {}).gateway).toEqual({ enabled: false, host: '127.0.0.1', port: 4080, tokenFile: undefined, maxBodyBytes: 24 * 1024 * 1024, maxFileBytes: 16 * 1024 ** 3, ...budgets, writerKeys: [] })
    const dir = tempDir()
    dirs.push(dir.cleanup)
    const file = join(dir.path, 'node.yaml')
    writeFileSync(file, 'gateway:\n  enabled: true\n  port: 8080\n  token_file: /etc/gdp/token\n  max_body: 1MiB\n  max_file: 2GiB\n  writer_keys: [/etc/gdp/app.key]\n')
    expect(loadConfig(file, {}, {}).gateway).toEqual({ enabled: true, host: '127.0.0.1', port: 8080, tokenFile: '/etc/gdp/token', maxBodyBytes: 1024 * 1024, maxFileBytes: 2 * 1024 ** 3, ...budgets, writerKeys: ['/etc/gdp/app.key'] })
    const env = { GDP_GATEWAY_PORT: '9090', GDP_GATEWAY_HOST: '::1' }
    expect(loadConfig(file, env, {}).gateway).toMatchObject({ enabled: true, host: '::1', port: 9090 })
    expect(loadConfig(file, env, { gateway: { enabled: false, port: '0' } }).gateway).toMatchObject({ enabled: false, host: '::1', port: 0 })
  })

  it('sizes the memory budgets and connections of a small machine; refuses budgets under 1 MiB, fewer than 16 connections, and bodies_budget under max_body or a key\'s 4 MiB value', () => {
    const small = { GDP_GATEWAY_ENABLED: 'true', GDP_GATEWAY_BODIES_BUDGET: '32MiB', GDP_GATEWAY_ANSWERS_BUDGET: '48MiB', GDP_GATEWAY_DOWNLOADS_BUDGET: '1MiB', GDP_GATEWAY_UPLOADS_BUDGET: '16MiB', GDP_GATEWAY_EVENT_STREAMS_BUDGET: '8MiB', GDP_GATEWAY_MAX_CONNECTIONS: '16' }
    expect(loadConfig(undefined, small, {}).gateway).toMatchObject({ bodiesBudgetBytes: 32 * MiB, answersBudgetBytes: 48 * MiB, downloadsBudgetBytes: MiB, uploadsBudgetBytes: 16 * MiB, eventStreamsBudgetBytes: 8 * MiB, maxConnections: 16 })
    for (const setting of ['BODIES', 'ANSWERS', 'DOWNLOADS', 'UPLOADS', 'EVENT_STREAMS']) {
      const name = `gateway.${setting.toLowerCase()}_budget`
      expect(() => loadConfig(undefined, { ...small, [`GDP_GATEWAY_${setting}_BUDGET`]: String(MiB - 1) }, {})).toThrow(`environment ${name}: at least 1048576 bytes (1MiB), not 1048575`)
      expect(() => loadConfig(undefined, { ...small, [`GDP_GATEWAY_${setting}_BUDGET`]: '256' }, {})).toThrow(/did you leave out the unit\?/)
    }
    expect(() => loadConfig(undefined, { ...small, GDP_GATEWAY_MAX_CONNECTIONS: '15' }, {})).toThrow('environment gateway.max_connections: at least 16, not 15')
    expect(() => loadConfig(undefined, { ...small, GDP_GATEWAY_MAX_CONNECTIONS: '1MiB' }, {})).toThrow(/is a byte size/)
    expect(loadConfig(undefined, { ...small, GDP_GATEWAY_MAX_BODY: '32MiB' }, {}).gateway.maxBodyBytes).toBe(32 * MiB)
    expect(() => loadConfig(undefined, { ...small, GDP_GATEWAY_MAX_BODY: `${32 * MiB + 1}` }, {})).toThrow(/must have room for one body of max_body \(33554433 bytes\)/)
    // A key's value (PUT .../keys/{key}, up to 4 MiB) is a body too, whatever max_body says: a budget below it refused
    // such a value as busy at every try.
    const tiny = { ...small, GDP_GATEWAY_MAX_BODY: '1MiB' }
    expect(() => loadConfig(undefined, { ...tiny, GDP_GATEWAY_BODIES_BUDGET: `${4 * MiB - 1}` }, {})).toThrow(/must have room for one key's value \(4194304 bytes/)
    expect(loadConfig(undefined, { ...tiny, GDP_GATEWAY_BODIES_BUDGET: '4MiB' }, {}).gateway.bodiesBudgetBytes).toBe(4 * MiB)
  })

  it('refuses a port out of range, an unknown setting and a gateway that is not a section', () => {
    expect(() => loadConfig(undefined, { GDP_GATEWAY_PORT: '65536' }, {})).toThrow(/not a TCP port/)
    expect(() => loadConfig(undefined, { GDP_GATEWAY_PORT: '-1' }, {})).toThrow(/not a TCP port/)
    expect(loadConfig(undefined, { GDP_GATEWAY_PORT: '65535', GDP_GATEWAY_ENABLED: 'true' }, {}).gateway.port).toBe(65535)
    expect(() => loadConfig(undefined, {}, { gateway: { token: 'x' } })).toThrow(/unknown setting 'token'/)
    expect(() => loadConfig(undefined, {}, { gateway: true })).toThrow(/expected a mapping/)
    expect(() => loadConfig(undefined, { GDP_GATEWAY_ENABLED: 'yes' }, {})).toThrow(/true or false/)
  })
})

describe('a node with its gateway on', () => {
  it('a router serves, through its gateway, a capsule a server behind it holds; the token file is made 0600; stop closes it', async () => {
    const router = await start('router', undefined, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0 } })
    const server = await start('server', router)
    const client = await start('client', router)
    expect(server.gateway).toBeUndefined() // off by default
    expect(router.gateway?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const tokenFile = join(router.config.data, GATEWAY_TOKEN_FILE)
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600)
    const token = loadToken(tokenFile, false, 'gateway')

    const capsule = testCapsule(Date.now() * 1000)
    const nowUs = Date.now() * 1000
    await client.client.create(capsule.signed, server.name, signAdCert({ capsule: capsule.name, server: server.name, notBeforeUs: nowUs - 1e6, notAfterUs: nowUs + 3600e6 }, capsule.owner))
    const writer = await waitFor(async () => await client.client.writer(capsule.name, capsule.writer), { timeoutMs: 10_000, intervalMs: 100, what: 'the capsule to be routed' })
    await client.client.append(writer, [payload('hello'), payload('gateway')], Date.now() * 1000)

    const get = async (path: string, auth = `Bearer ${token}`): Promise<Response> => await fetch(router.gateway!.url + path, { headers: { authorization: auth } })
    const name = formatName(capsule.name)
    const info = await waitFor(async () => {
      const res = await get(`/v1/capsules/${name}`)
      return res.status === 200 ? await res.json() as { size: number } : undefined
    }, { timeoutMs: 10_000, intervalMs: 100, what: 'the router\'s gateway to reach the capsule' })
    expect(info.size).toBe(2)
    const page = await (await get(`/v1/capsules/${name}/records?from=0&encoding=utf8`)).json() as { records: Array<{ payload: string, proof: { treeSize: number } }>, heartbeats: Array<{ size: number }> }
    expect(page.records.map((r) => r.payload)).toEqual(['hello', 'gateway'])
    expect(page.heartbeats.map((h) => h.size)).toEqual([2])
    expect((await get(`/v1/capsules/${name}`, 'Bearer not-the-token')).status).toBe(401)
    // A capsule that is not a key-value capsule: a clear error, not a missing route.
    expect(((await (await get(`/v1/kv/${name}`)).json()) as { error: string }).error).toBe('MalformedMessageError')

    // The node's metrics (the admin API's /metrics) show the gateway's event streams: one open, and none closed for not
    // reading; its file downloads, answers, uploads and request bodies held: none.
    const watch = new AbortController()
    await fetch(router.gateway!.url + `/v1/capsules/${name}/events`, { headers: { authorization: `Bearer ${token}` }, signal: watch.signal })
    const metrics = (await new NodeMetrics(router, router.views).scrape()).body
    expect(metrics).toMatch(/^gdp_gateway_event_streams\{[^}]*\} 1$/m)
    expect(metrics).toMatch(/^gdp_gateway_event_stream_unsent_bytes\{[^}]*\} \d+$/m)
    expect(metrics).toMatch(/^gdp_gateway_event_streams_closed_total\{cause="over_budget",[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_downloads\{[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_download_held_bytes\{[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_downloads_closed_total\{cause="over_budget",[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_answer_held_bytes\{[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_answers_closed_total\{cause="refused",[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_uploads\{[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_upload_reserved_bytes\{[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_uploads_refused_total\{[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_body_held_bytes\{[^}]*\} 0$/m)
    expect(metrics).toMatch(/^gdp_gateway_bodies_refused_total\{[^}]*\} 0$/m)
    watch.abort()

    const url = router.gateway!.url
    await router.stop()
    await expect(fetch(url + '/openapi.json')).rejects.toThrow()
  }, 60_000)

  it('runs with the budgets of its configuration: a body that would take the bodies held past bodies_budget is refused 503, and passes once the other is gone', async () => {
    const node = await start('server', undefined, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0, maxBodyBytes: 4 * MiB, bodiesBudgetBytes: 4 * MiB } })
    const token = loadToken(join(node.config.data, GATEWAY_TOKEN_FILE), false, 'gateway')
    const url = new URL(node.gateway!.url)
    const path = `/v1/capsules/${formatName(testCapsule(Date.now() * 1000).name)}/records`
    // A body of max_body (the least bodies_budget may be: a key's largest value) that comes slowly: 3.5 MiB of it held while the rest has not come.
    const slow = connect(Number(url.port), url.hostname)
    await new Promise((resolve) => slow.once('connect', resolve))
    slow.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\nContent-Type: application/json\r\nContent-Length: ${4 * MiB}\r\n\r\n`)
    slow.write(Buffer.alloc(3.5 * MiB, 0x20))
    const post = async (): Promise<Response> => await fetch(url.href.replace(/\/$/, '') + path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: ' '.repeat(MiB) })
    const refused = await waitFor(async () => {
      const res = await post()
      return res.status === 503 ? await res.json() as { error: string } : undefined
    }, { timeoutMs: 15_000, intervalMs: 100, what: 'a body past bodies_budget to be refused' })
    expect(refused.error).toBe('ServerBusyError')
    slow.destroy()
    // With the slow body gone, the same body is read (and refused for what it says: not a batch of records).
    expect((await waitFor(async () => { const res = await post(); return res.status === 503 ? undefined : res }, { timeoutMs: 15_000, intervalMs: 100, what: 'the budget to be let go' })).status).toBe(400)
  }, 45_000)

  // Found attacking the gateway's new settings: with max_connections at its least, 16, the gateway still served 256
  // event streams at once, so 16 watchers held every connection, and each request after them (any client's, the
  // operator's) had its connection closed as soon as it was accepted.
  it('serves event streams on a quarter of max_connections at most: with max_connections 16, 4 watchers, and requests still go through', async () => {
    const node = await start('server', undefined, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0, maxConnections: 16 } })
    const writer = new Ed25519Signer(crypto.getRandomValues(new Uint8Array(32)))
    const name = formatName(await createOwnedCapsule(node, writer, []))
    const token = loadToken(join(node.config.data, GATEWAY_TOKEN_FILE), false, 'gateway')
    const get = async (path: string, signal?: AbortSignal): Promise<Response> => await fetch(node.gateway!.url + path, { headers: { authorization: `Bearer ${token}` }, ...(signal === undefined ? {} : { signal }) })
    const watches = new AbortController()
    try {
      const statuses: number[] = []
      for (let i = 0; i < 16; i++) {
        const res = await get(`/v1/capsules/${name}/events`, watches.signal)
        statuses.push(res.status)
        if (res.status !== 200) await res.body?.cancel()
      }
      expect(statuses).toEqual([...Array(4).fill(200), ...Array(12).fill(503)])
      expect(node.gateway!.counters.eventStreams.open).toBe(4)
      expect((await get(`/v1/capsules/${name}`)).status).toBe(200)
    } finally {
      watches.abort()
    }
  }, 30_000)
})

/**
 * An event stream of `node`'s gateway whose client stops reading once it
 * asked, once `subscribed` says it is, fed by `write(i)` (a record or a value of 1 MiB each) until the
 * sockets' buffers are full and the stream holds an event its client has
 * not taken: how many were written, and `resume`, which has the client read
 * again and gives the ids of the events it got so far.
 */
async function stalledStream (node: GdpNode, path: string, token: string, subscribed: () => boolean, write: (i: number) => Promise<void>): Promise<{ written: number, resume: () => () => number[], close: () => void }> {
  const url = new URL(node.gateway!.url)
  const stalled = connect(Number(url.port), url.hostname)
  await new Promise((resolve) => stalled.once('connect', resolve))
  stalled.pause()
  stalled.write(`GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${token}\r\n\r\n`)
  await waitFor(() => subscribed() || undefined, { timeoutMs: 5000, what: 'the stream to subscribe' })
  let written = 0
  const holding = (): boolean => node.gateway!.counters.eventStreams.unsentBytes > 0
  for (; written < 40; written++) {
    if (holding() && await new Promise((resolve) => setTimeout(resolve, 300)).then(holding)) break
    await write(written)
  }
  expect(holding()).toBe(true)
  return {
    written,
    resume: () => {
      let received = ''
      stalled.setEncoding('latin1')
      stalled.on('data', (text: string) => { received += text })
      stalled.resume()
      return () => [...received.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))
    },
    close: () => { stalled.destroy() }
  }
}

describe('an event stream whose client stops reading, in a node', () => {
  // Found by attacking the gateway: a stream waiting for its client to take an event kept its capsule subscribed to,
  // and the node's client kept what came for it meanwhile (8 MiB and a response of 4 MiB), outside the event streams'
  // budget: 100 streams whose clients stopped reading held 1.25 GB of a node where that budget counted 1.4 MB (110 MB now).
  it('lets go of the subscription while it waits, and gives its client every record, in order, once it reads', async () => {
    const node = await start('server', undefined, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0 } })
    const token = loadToken(join(node.config.data, GATEWAY_TOKEN_FILE), false, 'gateway')
    const writerKey = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const name = await createOwnedCapsule(node, writerKey, [])
    const writer = await node.client.writer(name, writerKey)
    const stream = await stalledStream(node, `/v1/capsules/${formatName(name)}/events?from=0`, token, () => node.service!.subscriptions === 1, async (i) => { await node.client.append(writer, [new Uint8Array(MiB).fill(i)], Date.now() * 1000) })
    // Far less than the 8 MiB the node's client keeps for a subscription before it pauses it: only the stream lets it go.
    await waitFor(() => node.service!.subscriptions === 0 || undefined, { timeoutMs: 5000, what: 'the waiting stream to let go of its subscription' })
    const ids = stream.resume()
    await waitFor(() => ids().length === stream.written || undefined, { timeoutMs: 15_000, what: 'every record appended' })
    // Taken up again from the next record: one appended now comes too.
    await node.client.append(writer, [payload('after')], Date.now() * 1000)
    await waitFor(() => ids().length === stream.written + 1 || undefined, { timeoutMs: 10_000, what: 'the record appended after' })
    expect(ids()).toEqual(Array.from({ length: stream.written + 1 }, (_, i) => i + 1))
    stream.close()
  }, 60_000)
})

describe('key-value capsules through a node\'s gateway', () => {
  it('writes with the writer key the operator gave the node, reads proven through the overlay, and refuses writes without a key', async () => {
    const dir = tempDir()
    dirs.push(dir.cleanup)
    const keyFile = join(dir.path, 'writer.key')
    const writerKey = writeKeyFile(keyFile, false)
    const router = await start('router', undefined, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0, writerKeys: [keyFile] } })
    const server = await start('server', router, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0 } })
    const client = await start('client', router)
    const writer = new Ed25519Signer(writerKey.secretKey)
    const name = formatName(await createOwnedCapsule(server, writer, [kvAppField()], client))
    const call = async (node: GdpNode, method: string, path: string, body?: string): Promise<Response> => await fetch(node.gateway!.url + path, { method, headers: { authorization: `Bearer ${loadToken(join(node.config.data, GATEWAY_TOKEN_FILE), false, 'gateway')}` }, ...(body === undefined ? {} : { body }) })
    await waitFor(async () => (await call(router, 'GET', `/v1/kv/${name}`)).status === 200 || undefined, { timeoutMs: 10_000, intervalMs: 100, what: 'the capsule to be routed' })
    expect((await call(router, 'PUT', `/v1/kv/${name}/keys/greeting`, 'hello')).status).toBe(200)
    // What the key signed is kept in the node's data folder (docs/spec.md section 9.1), not beside the key file.
    expect(existsSync(join(router.config.data, 'writer-journal', formatName(writer.publicKey), name))).toBe(true)
    expect(existsSync(`${keyFile}.journal`)).toBe(false)
    // The router reads it through the overlay, proven; the server from its own index.
    for (const node of [router, server]) {
      const res = await call(node, 'GET', `/v1/kv/${name}/keys/greeting`)
      expect(res.status).toBe(200)
      expect(await res.text()).toBe('hello')
    }
    const refused = await call(server, 'PUT', `/v1/kv/${name}/keys/greeting`, 'not yours')
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as { error: string }).error).toBe('ReadOnlyCapsuleError')
  }, 60_000)
})

/** A router, and a server behind it whose own gateway writes with a writer key the operator gave it: both, that key, the gateway's token. */
async function serverWithWritingGateway (): Promise<{ router: GdpNode, server: GdpNode, writer: Ed25519Signer, token: string }> {
  const dir = tempDir()
  dirs.push(dir.cleanup)
  const keyFile = join(dir.path, 'writer.key')
  const writer = new Ed25519Signer(writeKeyFile(keyFile, false).secretKey)
  const router = await start('router')
  const server = await start('server', router, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0, writerKeys: [keyFile] } })
  return { router, server, writer, token: loadToken(join(server.config.data, GATEWAY_TOKEN_FILE), false, 'gateway') }
}

describe('many watchers of a capsule behind a node\'s gateway', () => {
  // Found by attacking the gateway with slow consumers: each watcher was a subscription of its own, so the server sent
  // every record once per watcher over the same link, which refused them as backed up (CONGESTION), and 67 of 100
  // watchers that were reading had their stream end with an error after 24 values of 1 MiB.
  it('share one subscription, record streams too: the server sends each record once, and each watcher gets every change', async () => {
    const { router, server, writer, token } = await routerWritingForServer(start, dirs)
    const call = async (method: string, path: string, body?: Uint8Array | string, signal?: AbortSignal): Promise<Response> => await fetch(router.gateway!.url + path, { method, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }), ...(signal === undefined ? {} : { signal }) })
    const name = formatName(await createOwnedCapsule(server, writer, [kvAppField()], router))
    await waitFor(async () => (await call('GET', `/v1/kv/${name}`)).status === 200 || undefined, { timeoutMs: 10_000, intervalMs: 100, what: 'the capsule to be routed' })
    const WATCHERS = 30
    const VALUES = 6
    const watching = new AbortController()
    try {
      const ids: number[][] = Array.from({ length: WATCHERS }, () => [])
      // A third of them streams the capsule's records: the same subscription, from the same record.
      const recordStream = (i: number): boolean => i % 3 === 0
      const streams = await Promise.all(ids.map(async (seen, i) => {
        const res = await call('GET', recordStream(i) ? `/v1/capsules/${name}/events` : `/v1/kv/${name}/watch`, undefined, watching.signal)
        expect(res.status).toBe(200)
        // In an object: a promise returned would be waited for, and the stream never ends.
        return { done: (async () => {
          let text = ''
          for await (const chunk of res.body!.pipeThrough(new TextDecoderStream())) {
            text += chunk
            seen.splice(0, seen.length, ...[...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1])))
          }
        })().catch(() => {}) }
      }))
      await waitFor(() => server.service!.subscriptions === 1 || undefined, { timeoutMs: 5000, what: 'the watchers to subscribe' })
      for (let i = 0; i < VALUES; i++) expect((await call('PUT', `/v1/kv/${name}/keys/k${i}`, seededBytes(256 * 1024, i))).status).toBe(200)
      // Each PUT is a record of its value (a change: its id the version after it) and one of its checkpoint.
      const expected = (i: number): number[] => recordStream(i) ? Array.from({ length: 2 * VALUES }, (_, n) => n + 1) : Array.from({ length: VALUES }, (_, n) => 2 * n + 1)
      await waitFor(() => ids.every((seen, i) => seen.length === expected(i).length) || undefined, { timeoutMs: 15_000, what: 'every watcher to get every change' })
      for (const [i, seen] of ids.entries()) expect(seen).toEqual(expected(i))
      expect(server.service!.subscriptions).toBe(1)
      watching.abort()
      await Promise.all(streams.map(async (s) => await s.done))
      await waitFor(() => server.service!.subscriptions === 0 || undefined, { timeoutMs: 5000, what: 'the shared subscription to end with its last watcher' })
    } finally {
      watching.abort()
    }
  }, 60_000)

  // As a record stream did (above): a watch waiting for its client to take a change kept the capsule subscribed to,
  // and what came meanwhile, up to 8 MiB a watch, outside the event streams' budget.
  // (A file watch's changes name paths, not contents: its stream holds no large event for a client that stopped reading.)
  it('a watch whose client stops reading lets go of the subscription while it waits, and gives every change once it reads', async () => {
    const { router, server, writer, token } = await routerWritingForServer(start, dirs)
    const put = async (key: string, value: Uint8Array): Promise<boolean> => (await fetch(`${router.gateway!.url}/v1/kv/${name}/keys/${key}`, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: value })).status === 200
    const name = formatName(await createOwnedCapsule(server, writer, [kvAppField()], router))
    await waitFor(async () => await put('first', payload('x')) || undefined, { timeoutMs: 10_000, intervalMs: 100, what: 'the capsule to be routed' })
    // Values of 1 MiB: each change carries its value (1.4 MB as base64).
    const stream = await stalledStream(router, `/v1/kv/${name}/watch`, token, () => server.service!.subscriptions === 1, async (i) => { expect(await put(`k${i}`, seededBytes(MiB, i))).toBe(true) })
    // Far less than the 8 MiB a watcher keeps before it leaves its subscription: only the stream lets it go.
    await waitFor(() => server.service!.subscriptions === 0 || undefined, { timeoutMs: 5000, what: 'the waiting watch to let go of its subscription' })
    const ids = stream.resume()
    await waitFor(() => ids().length === stream.written || undefined, { timeoutMs: 15_000, what: 'every change' })
    expect(await put('after', payload('y'))).toBe(true)
    await waitFor(() => ids().length === stream.written + 1 || undefined, { timeoutMs: 10_000, what: 'the change put after' })
    // A change of each value's record, its id the version after it (2 records a put: the value's, its checkpoint's).
    expect(ids()).toEqual(Array.from({ length: stream.written + 1 }, (_, i) => 2 * i + 3))
    stream.close()
  }, 60_000)
})

describe('a server node\'s own gateway', () => {
  it('writes key-value and file capsules it holds, again and again (its requests reach its own services as they would over the wire)', async () => {
    const { server, writer, token } = await serverWithWritingGateway()
    const create = async (appFields: AppField[]): Promise<string> => formatName(await createOwnedCapsule(server, writer, appFields))
    const call = async (method: string, path: string, body?: string): Promise<Response> => await fetch(server.gateway!.url + path, { method, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }) })
    const kv = await create([kvAppField()])
    for (const [key, value] of [['user/1', 'ann'], ['user/2', 'bob'], ['user/1', 'cy']]) expect((await call('PUT', `/v1/kv/${kv}/keys/${key}`, value)).status).toBe(200)
    expect((await call('DELETE', `/v1/kv/${kv}/keys/user/2`)).status).toBe(200)
    expect(await (await call('GET', `/v1/kv/${kv}/keys/user/1`)).text()).toBe('cy')
    expect((await call('GET', `/v1/kv/${kv}/keys/user/2`)).status).toBe(404)

    const files = await create(filesAppFields())
    // Big enough to be written as several records under one checkpoint.
    const first = await call('PUT', `/v1/files/${files}/fs/a.txt`, 'hello'.repeat(600_000))
    expect(first.status).toBe(201)
    const firstVersion = ((await first.json()) as { receipt: { version: number } }).receipt.version
    expect((await call('PUT', `/v1/files/${files}/fs/b.txt`, 'world')).status).toBe(201)
    expect(await (await call('GET', `/v1/files/${files}/fs/b.txt`)).text()).toBe('world')
    const listing = await (await call('GET', `/v1/files/${files}/fs/`)).json() as { entries: Array<{ name: string }> }
    expect(listing.entries.map((e) => e.name)).toEqual(['a.txt', 'b.txt'])
    // Reads come from the node's own index, as the key-value routes' do, older versions too: through the writer they
    // went through the overlay with proofs, and a version inside an upload, which no checkpoint proves, was 409
    // KvProofUnavailableError (gateway attack F1).
    for (let version = 1; version <= firstVersion; version++) expect((await call('GET', `/v1/files/${files}/fs/?version=${version}`)).status, `version ${version}`).toBe(200)
    const older = await (await call('GET', `/v1/files/${files}/fs/?version=${firstVersion}`)).json() as { entries: Array<{ name: string }> }
    expect(older.entries.map((e) => e.name)).toEqual(['a.txt'])

    // Plain PUTs at once into one folder all go in: the gateway's writes to a capsule take turns, where each request's
    // own file system raced the others on the folder (17 of 20 answered 412, found by attacking the gateway).
    const puts = await Promise.all(Array.from({ length: 20 }, async (_, i) => (await call('PUT', `/v1/files/${files}/fs/many/f${i}`, `v${i}`)).status))
    expect(puts).toEqual(Array(20).fill(201))
    const many = await (await call('GET', `/v1/files/${files}/fs/many`)).json() as { entries: Array<{ name: string }> }
    expect(many.entries.map((e) => e.name).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `f${i}`).sort())
  }, 60_000)
})

describe('a capsule its owner deletes while the server\'s own gateway has it open', () => {
  it('is answered 410 CapsuleDeletedError at once by every route, as JSON the document lists: a reader kept open found its records gone, 502 StoreCorruptionError, as if damaged; one not open waited out a lookup for a 404', async () => {
    const { server, writer, token } = await serverWithWritingGateway()
    const call = async (method: string, path: string, body?: string): Promise<Response> => await fetch(server.gateway!.url + path, { method, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }) })
    const kv = await createOwnedCapsule(server, writer, [kvAppField()])
    const files = await createOwnedCapsule(server, writer, filesAppFields())
    const reads = [`/v1/kv/${formatName(kv)}/keys/a`, `/v1/kv/${formatName(kv)}/entries`, `/v1/kv/${formatName(kv)}/history/a`, `/v1/kv/${formatName(kv)}/watch`,
      `/v1/files/${formatName(files)}/fs/a.txt`, `/v1/files/${formatName(files)}/fs/`, `/v1/files/${formatName(files)}/watch/`]
    expect((await call('PUT', `/v1/kv/${formatName(kv)}/keys/a`, 'one')).status).toBe(200)
    expect((await call('PUT', `/v1/files/${formatName(files)}/fs/a.txt`, 'two')).status).toBe(201)
    // Read once, so the gateway holds both open.
    for (const path of reads) {
      const answer = await call('GET', path)
      expect(answer.status, path).toBe(200)
      await answer.body?.cancel()
    }
    for (const name of [kv, files]) await server.client.delete(name, signDeletion(name, Date.now() * 1000, writer))
    for (const path of reads) {
      const answer = await call('GET', path)
      const body = Buffer.from(await answer.arrayBuffer())
      checkAgainstDocument('GET', path, answer.status, answer.headers.get('content-type'), body)
      expect(answer.status, `${path}: ${body.toString()}`).toBe(410)
      expect(JSON.parse(body.toString()).error, path).toBe('CapsuleDeletedError')
    }
    for (const [path, body] of [[`/v1/kv/${formatName(kv)}/keys/b`, 'three'], [`/v1/files/${formatName(files)}/fs/b.txt`, 'four']] as const) {
      const answer = await call('PUT', path, body)
      expect(answer.status, path).toBe(410)
      expect(((await answer.json()) as { error: string }).error, path).toBe('CapsuleDeletedError')
    }
  }, 60_000)
})

describe('a capsule whose copy on the server was removed (its owner took the server off its replicas, as a move away does)', () => {
  it('is read by the server\'s own gateway from its other replica through the overlay, not refused 410: the capsule lives on there', async () => {
    const { router, server, writer, token } = await serverWithWritingGateway()
    // Two more replicas: the capsule asks for two, and a removal must leave as many.
    const [other, third] = [await start('server', router), await start('server', router)]
    const nowUs = Date.now() * 1000
    const metadata = newMetadata({ owner: writer.publicKey, writer: writer.publicKey, createdAtUs: nowUs, appFields: [kvAppField()], replication: { replicas: 2, writeQuorum: 1 }, nonce: crypto.getRandomValues(new Uint8Array(16)) })
    const kv = capsuleName(metadata)
    const adCerts = [server, other, third].map((s) => signAdCert({ capsule: kv, server: s.name, notBeforeUs: nowUs - 1e6, notAfterUs: nowUs + 3600e6 }, writer))
    for (const [i, s] of [server, other, third].entries()) await server.client.create(signMetadata(metadata, writer), s.name, adCerts[i], adCerts)
    const path = `/v1/kv/${formatName(kv)}/keys/a`
    const call = async (method: string, body?: string): Promise<{ status: number, text: string }> => {
      const answer = await fetch(server.gateway!.url + path, { method, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }) })
      return { status: answer.status, text: await answer.text() }
    }
    expect((await call('PUT', 'one')).status).toBe(200)
    const held = (await server.client.info(kv, { replica: server.name })).size
    await waitFor(async () => (await other.client.info(kv, { replica: other.name })).size === held ? true : undefined, { timeoutMs: 10_000, intervalMs: 100, what: 'the other replica to hold the write' })
    await server.client.delete(kv, signDeletion(kv, Date.now() * 1000, writer, server.name), { replica: server.name })
    // Until the router has the other replicas' routes it may send the read back here (404); never 410.
    const read = await waitFor(async () => {
      const answer = await call('GET')
      expect(answer.status, answer.text).not.toBe(410)
      return answer.status === 200 ? answer : undefined
    }, { timeoutMs: 15_000, intervalMs: 200, what: 'a read from the other replicas', retryOn: (err) => !err.message.includes('410') })
    expect(read.text).toBe('one')
  }, 60_000)
})

describe('a gateway whose node cannot use its own files', () => {
  it('answers 503 with the failure\'s kind and no paths, as the document lists, when the writer journal entry is a folder: the node\'s files are no bug of its (they were 500)', async () => {
    const { server, writer, token } = await serverWithWritingGateway()
    const kv = await createOwnedCapsule(server, writer, [kvAppField()])
    mkdirSync(join(gatewayJournalFolder(server.config.data, writer.publicKey), formatName(kv)), { recursive: true })
    const path = `/v1/kv/${formatName(kv)}/keys/a`
    const answer = await fetch(server.gateway!.url + path, { method: 'PUT', headers: { authorization: `Bearer ${token}` }, body: 'one' })
    const body = Buffer.from(await answer.arrayBuffer())
    checkAgainstDocument('PUT', path, answer.status, answer.headers.get('content-type'), body)
    expect(answer.status, body.toString()).toBe(503)
    expect(JSON.parse(body.toString())).toEqual({ error: 'FileAccessError', message: 'the node failed to answer this request (FileAccessError); its log says why' })
  }, 60_000)
})

describe('a gateway writing capsules another writer also writes', () => {
  it('after another session of the writer appends, the next write without a condition goes in; one with a condition answers 409 ChainMismatchError', async () => {
    const { server, writer, token } = await serverWithWritingGateway()
    const create = async (appFields: AppField[]): Promise<Uint8Array> => await createOwnedCapsule(server, writer, appFields)
    const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number, json: { error?: string } }> => {
      const res = await fetch(server.gateway!.url + path, { method, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { body }) })
      return { status: res.status, json: res.headers.get('content-type')?.startsWith('application/json') === true ? await res.json() as { error?: string } : {} }
    }
    // Another session of the same writer, as `gdp kv put` or `gdp fs put` with the writer key would be.
    const kvName = await create([kvAppField()])
    const kv = formatName(kvName)
    const otherKv = await RemoteKv.open(server.client, kvName, { signer: writer })
    expect((await call('PUT', `/v1/kv/${kv}/keys/a`, '1')).status).toBe(200)
    await otherKv.put(payload('b'), payload('2'))
    expect((await call('PUT', `/v1/kv/${kv}/keys/c`, '3')).status).toBe(200)
    await otherKv.put(payload('d'), payload('4'))
    expect((await call('DELETE', `/v1/kv/${kv}/keys/a`)).status).toBe(200)
    await otherKv.put(payload('e'), payload('5'))
    const conditional = await call('PUT', `/v1/kv/${kv}/keys/f`, '6', { 'if-none-match': '*' })
    expect(conditional.status).toBe(409)
    expect(conditional.json.error).toBe('ChainMismatchError')
    expect((await call('PUT', `/v1/kv/${kv}/keys/f`, '6', { 'if-none-match': '*' })).status).toBe(200)

    const filesName = await create(filesAppFields())
    const files = formatName(filesName)
    const otherFs = new FileSystem(await RemoteKv.open(server.client, filesName, { signer: writer }))
    expect((await call('PUT', `/v1/files/${files}/fs/a.txt`, 'hello')).status).toBe(201)
    await otherFs.put('b.txt', [payload('from the command line')])
    expect((await call('PUT', `/v1/files/${files}/fs/c.txt`, 'world')).status).toBe(201)
    const listing = await (await fetch(`${server.gateway!.url}/v1/files/${files}/fs/`, { headers: { authorization: `Bearer ${token}` } })).json() as { entries: Array<{ name: string }> }
    expect(listing.entries.map((e) => e.name)).toEqual(['a.txt', 'b.txt', 'c.txt'])
    // The key-value capsule is no file capsule: the node's access says so with its metadata.
    expect((await call('PUT', `/v1/files/${kv}/fs/x.txt`, 'x')).json.error).toBe('MalformedMessageError')
  }, 60_000)
})

describe('gdp node start --gateway', () => {
  it('the command line turns the gateway on, prints where it listens, and serves until the node is stopped', async () => {
    const dir = tempDir()
    dirs.push(dir.cleanup)
    const child = spawn(process.execPath, [GDP_MAIN, '--data', dir.path, 'node', 'start', '--role', 'router', '--listen', '/ip4/127.0.0.1/tcp/0', '--gateway', '--gateway-port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    const exited = new Promise<number | null>((resolve) => { child.on('exit', resolve) })
    try {
      const url = await waitFor(() => /HTTP gateway on (http:\/\/127\.0\.0\.1:\d+) \(bearer token in (.+)\)/.exec(out)?.[1], { timeoutMs: 20_000, intervalMs: 50, what: 'the node to print its gateway address' })
      expect(out).toContain(join(dir.path, GATEWAY_TOKEN_FILE))
      const token = loadToken(join(dir.path, GATEWAY_TOKEN_FILE), false, 'gateway')
      const served = await fetch(`${url}/openapi.json`, { headers: { authorization: `Bearer ${token}` } })
      expect(served.status).toBe(200)
      expect(((await served.json()) as { openapi: string }).openapi).toBe('3.1.0')
    } finally {
      child.kill('SIGTERM')
      expect(await waitFor(exited, { timeoutMs: 20_000, what: 'the node to stop' })).toBe(0)
    }
  }, 60_000)
})

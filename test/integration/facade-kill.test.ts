// The key-value and file facades of a server node process (dist/), written
// through the node's own HTTP gateway: killed with SIGKILL under puts,
// batches, compare-and-set and streamed files of several MiB, then started
// again on its data folder; and on a disk that fills. Every write the node
// acknowledged must read back the same, at the latest version and at the
// version its receipt named, no file half written is seen, and the node's
// index must equal a replay of the capsule's records.
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { formatName } from '../../src/capsule/name.js'
import type { AppField } from '../../src/capsule/types.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { filesAppFields } from '../../src/files/format.js'
import { loadToken } from '../../src/http/bearer-token.js'
import { kvAppField } from '../../src/kv/format.js'
import { KvIndex } from '../../src/kv/index.js'
import { KvModel } from '../../src/kv/model.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { GATEWAY_TOKEN_FILE } from '../../src/node/config.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { runsAsRoot, smallDisk } from '../small-disk.js'
import { freePort, waitFor } from '../helpers.js'
import { NodeProcess, processTestnet } from './replica-procs.js'

const { dir, started, clientOf } = processTestnet('gdp-facade-kill-')
const MiB = 1024 * 1024
/** Kill and restart cycles: each writes for 0.5 to 1.5 s before the kill. */
const CYCLES = 2

const sha = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

type Call = (method: string, path: string, body?: string | ReadableStream<Uint8Array>, headers?: Record<string, string>) => Promise<Response>

/**
 * A router and a server node process whose gateway (on a port kept across
 * restarts) writes with a writer key the test made; a key-value and a file
 * capsule of that writer on the server; `call` for the server's gateway.
 */
async function gatewayServer (folder: string, serverData: string): Promise<{ server: NodeProcess, kvName: Uint8Array, filesName: Uint8Array, kv: string, files: string, call: Call }> {
  const keyFile = join(folder, 'writer.key')
  const writer = new Ed25519Signer(writeKeyFile(keyFile, false).secretKey)
  const port = await freePort()
  for (const data of [join(folder, 'router'), serverData]) mkdirSync(data, { recursive: true })
  const router = started(new NodeProcess({ id: 'router', role: 'router', data: join(folder, 'router'), listen: ['/ip4/127.0.0.1/tcp/0'] }))
  await router.start()
  const server = started(new NodeProcess({ id: 'server', role: 'server', data: serverData, listen: ['/ip4/127.0.0.1/tcp/0'], upstream: router.address(), env: { GDP_GATEWAY_ENABLED: 'true', GDP_GATEWAY_PORT: String(port), GDP_GATEWAY_WRITER_KEYS: keyFile } }))
  await server.start()
  const client = await clientOf(router.address())
  const create = async (appFields: AppField[]): Promise<Uint8Array> => {
    const nowUs = Date.now() * 1000
    const metadata = newMetadata({ owner: writer.publicKey, writer: writer.publicKey, createdAtUs: nowUs, appFields, nonce: crypto.getRandomValues(new Uint8Array(16)) })
    const name = capsuleName(metadata)
    const adCert = signAdCert({ capsule: name, server: server.nameBytes, notBeforeUs: nowUs - 1e6, notAfterUs: nowUs + 3600e6 }, writer)
    await waitFor(async () => { await client.client.create(signMetadata(metadata, writer), server.nameBytes, adCert); return true }, { timeoutMs: 20_000, intervalMs: 200, what: 'the capsule\'s creation' })
    return name
  }
  const kvName = await create([kvAppField()])
  const filesName = await create(filesAppFields())
  const token = loadToken(join(serverData, GATEWAY_TOKEN_FILE), false, 'gateway')
  const call: Call = async (method, path, body, headers = {}) =>
    await fetch(`http://127.0.0.1:${port}${path}`, { method, headers: { authorization: `Bearer ${token}`, ...headers }, ...(body === undefined ? {} : { body, duplex: 'half' }) } as RequestInit)
  const kv = formatName(kvName)
  await waitFor(async () => (await call('GET', `/v1/kv/${kv}`)).status === 200 || undefined, { timeoutMs: 20_000, intervalMs: 100, what: 'the gateway to serve the capsule' })
  return { server, kvName, filesName, kv, files: formatName(filesName), call }
}

/** `bytes` as a request body sent in 256 KiB pieces, as a client uploading a file would. */
function streamed (bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start (controller) {
      for (let at = 0; at < bytes.length; at += 256 * 1024) controller.enqueue(bytes.subarray(at, at + 256 * 1024))
      controller.close()
    }
  })
}

/** The number a value written by the test carries ('v12', 'bv12.1', 'cv12'): writes of one key are numbered in the order they are sent. */
const numberOf = (value: string): number => Number(/\d+/.exec(value)![0])

describe('a server node killed under key-value and file writes through its gateway', () => {
  it('keeps every acknowledged write, at its version too, shows no file half written, and keeps an index equal to a replay of the records', async () => {
    const serverData = join(dir.path, 'server')
    const { server, kvName, filesName, kv, files, call } = await gatewayServer(dir.path, serverData)
    // Per key, the last value acknowledged and every value sent; each acknowledged value with the version its receipt named.
    const acked = new Map<string, string>()
    const sent = new Map<string, string[]>()
    const atVersions: Array<{ key: string, value: string, version: number }> = []
    const ackedFiles = new Map<string, { hash: string, version: number }>()
    const sentFiles = new Map<string, Set<string>>()
    const refused: string[] = []
    const ack = (key: string, value: string, version: number): void => { acked.set(key, value); atVersions.push({ key, value, version }) }
    const send = (key: string, value: string): void => { sent.set(key, [...sent.get(key) ?? [], value]) }
    const refusal = async (what: string, res: Response): Promise<void> => { refused.push(`${what}: ${res.status} ${await res.text()}`) }

    let n = 0
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      let alive = true
      const loop = async (step: () => Promise<void>): Promise<void> => {
        // A request the kill cut off throws: it was not acknowledged.
        while (alive) await step().catch(async () => { await new Promise((resolve) => setTimeout(resolve, 20)) })
      }
      const puts = loop(async () => {
        const key = `k${n % 7}`
        const value = `v${n++}`
        send(key, value)
        const res = await call('PUT', `/v1/kv/${kv}/keys/${key}`, value)
        if (res.status === 200) ack(key, value, ((await res.json()) as { version: number }).version)
        else await refusal(`put ${key}`, res)
      })
      const batches = loop(async () => {
        const i = n++
        const ops = [0, 1, 2].map((j) => ({ op: 'put', key: `b${(i + j) % 5}`, value: `bv${i}.${j}` }))
        for (const o of ops) send(o.key, o.value)
        const res = await call('POST', `/v1/kv/${kv}/batch?keyEncoding=utf8&valueEncoding=utf8`, JSON.stringify({ ops }), { 'content-type': 'application/json' })
        if (res.status === 200) {
          const { version } = await res.json() as { version: number }
          for (const o of ops) ack(o.key, o.value, version)
        } else await refusal('batch', res)
      })
      const compareAndSet = loop(async () => {
        const key = `c${n % 2}`
        const current = await call('GET', `/v1/kv/${kv}/keys/${key}`)
        await current.arrayBuffer()
        const etag = current.headers.get('etag')
        const value = `cv${n++}`
        send(key, value)
        const res = await call('PUT', `/v1/kv/${kv}/keys/${key}`, value, etag === null ? { 'if-none-match': '*' } : { 'if-match': etag })
        if (res.status === 200) ack(key, value, ((await res.json()) as { version: number }).version)
        // Lost a race with the restart's catch-up, or the last write before the kill went in unanswered.
        else if (res.status !== 412 && res.status !== 409) await refusal(`compare-and-set ${key}`, res)
        else await res.arrayBuffer()
      })
      const filePuts = loop(async () => {
        const path = `dir/f${n++ % 3}.bin`
        const bytes = randomBytes(2 * MiB + Math.floor(Math.random() * 2 * MiB))
        const hash = sha(bytes)
        sentFiles.set(path, (sentFiles.get(path) ?? new Set()).add(hash))
        const res = await call('PUT', `/v1/files/${files}/fs/${path}`, streamed(bytes), { 'content-type': 'application/octet-stream' })
        if (res.status === 201 || res.status === 200) ackedFiles.set(path, { hash, version: ((await res.json()) as { receipt: { version: number } }).receipt.version })
        else await refusal(`file ${path}`, res)
      })
      await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1000))
      // Until a key and a file were acknowledged once, the kill waits for them: on a loaded machine no file put of
      // 2 to 4 MiB finished within the 0.5 to 1.5 s of any cycle, and the test proved nothing of files.
      if (atVersions.length === 0 || ackedFiles.size === 0) {
        await waitFor(() => (atVersions.length > 0 && ackedFiles.size > 0) || undefined, { timeoutMs: 60_000, intervalMs: 50, what: 'a key and a file to be acknowledged before the kill' })
      }
      await server.kill()
      alive = false
      await Promise.all([puts, batches, compareAndSet, filePuts])
      await server.start()
      await waitFor(async () => (await call('GET', `/v1/kv/${kv}`)).status === 200 || undefined, { timeoutMs: 20_000, intervalMs: 100, what: 'the gateway to serve the capsule again' })

      for (const [key, value] of acked) {
        const res = await call('GET', `/v1/kv/${kv}/keys/${key}`)
        // The last value acknowledged, or one sent after it whose answer the kill cut off.
        expect(sent.get(key)!.filter((v) => numberOf(v) >= numberOf(value)), `cycle ${cycle}: key ${key}`).toContain(await res.text())
      }
      for (const { key, value, version } of atVersions) {
        expect(await (await call('GET', `/v1/kv/${kv}/keys/${key}?version=${version}`)).text(), `cycle ${cycle}: key ${key} at version ${version}`).toBe(value)
      }
      for (const [path, { hash, version }] of ackedFiles) {
        const latest = await call('GET', `/v1/files/${files}/fs/${path}`)
        expect(sentFiles.get(path)!.has(sha(new Uint8Array(await latest.arrayBuffer()))), `cycle ${cycle}: file ${path} is one sent whole`).toBe(true)
        const then = await call('GET', `/v1/files/${files}/fs/${path}?version=${version}`)
        expect(sha(new Uint8Array(await then.arrayBuffer())), `cycle ${cycle}: file ${path} at version ${version}`).toBe(hash)
      }
      for (const [path, hashes] of sentFiles) {
        if (ackedFiles.has(path)) continue
        // None of its puts acknowledged: absent, or whole.
        const res = await call('GET', `/v1/files/${files}/fs/${path}`)
        const bytes = new Uint8Array(await res.arrayBuffer())
        if (res.status !== 404) expect(hashes.has(sha(bytes)), `cycle ${cycle}: unacknowledged file ${path}`).toBe(true)
      }
    }
    // Only the kill's own: the node going away mid-request, answered 503 or 504 by the gateway before it died.
    expect(refused.filter((r) => !/: 50[34] /.test(r))).toEqual([])
    expect(atVersions.length).toBeGreaterThan(0)
    expect(ackedFiles.size).toBeGreaterThan(0)

    await server.stop()
    const store = await CapsuleStore.open({ path: join(serverData, 'store') })
    try {
      for (const name of [kvName, filesName]) {
        const index = await KvIndex.open(store, name)
        expect(index.rebuildReason, `index of ${formatName(name)}`).toBeUndefined()
        const capsule = await store.capsule(name)
        const model = new KvModel()
        for await (const r of capsule.readRange(0, capsule.size)) model.applyPayload(r.header.seqno, r.header.timestampUs, r.payload)
        expect(await index.update()).toBe(model.version)
        const form = (e: { key: Uint8Array, value: Uint8Array, seqno: number }): string => `${Buffer.from(e.key).toString()} ${sha(e.value)} ${e.seqno}`
        for (let version = 0; version <= model.version; version += Math.max(1, Math.floor(model.version / 20))) {
          expect((await (await index.view({ version })).range()).map(form), `${formatName(name)} at version ${version}`).toEqual(model.view({ version }).range().map(form))
        }
      }
    } finally {
      await store.close()
    }
  }, 120_000)
})

describe.skipIf(!runsAsRoot)('a server node whose disk fills under writes through its gateway (a small tmpfs: skipped unless root)', () => {
  const disk = smallDisk('gdp-facade-full-', '96m')

  it('answers 507 with a JSON body, loses nothing acknowledged, serves reads meanwhile, and writes again once there is room', async () => {
    const { kv, files, call } = await gatewayServer(join(dir.path, 'full'), join(disk.path, 'server'))
    const before = randomBytes(3 * MiB)
    expect((await call('PUT', `/v1/files/${files}/fs/before.bin`, streamed(before))).status).toBe(201)
    expect((await call('PUT', `/v1/kv/${kv}/keys/before`, 'kept')).status).toBe(200)
    const filler = disk.fill('filler', MiB)
    const refusedFile = randomBytes(4 * MiB)
    const writes = [
      await call('PUT', `/v1/files/${files}/fs/refused.bin`, streamed(refusedFile)),
      await call('PUT', `/v1/kv/${kv}/keys/refused`, 'x'.repeat(100_000)),
      await call('POST', `/v1/kv/${kv}/batch?keyEncoding=utf8&valueEncoding=utf8`, JSON.stringify({ ops: [{ op: 'put', key: 'refused', value: 'y' }] }), { 'content-type': 'application/json' })
    ]
    // The store and the gateway's writer journal share the disk here: the write is refused by whichever fills first.
    for (const res of writes) {
      expect(res.status).toBe(507)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(await res.json()).toMatchObject({ error: expect.stringMatching(/^(StoreFullError|RequestRefusedError)$/), message: expect.stringMatching(/the disk (of this server's store|holding this node's writer journal) is full/) })
    }
    expect(await (await call('GET', `/v1/kv/${kv}/keys/before`)).text()).toBe('kept')
    expect((await call('GET', `/v1/kv/${kv}/keys/refused`)).status).toBe(404)
    expect(sha(new Uint8Array(await (await call('GET', `/v1/files/${files}/fs/before.bin`)).arrayBuffer()))).toBe(sha(before))
    expect(((await (await call('GET', `/v1/files/${files}/fs/`)).json()) as { entries: Array<{ name: string }> }).entries.map((e) => e.name)).toEqual(['before.bin'])

    rmSync(filler)
    expect((await call('PUT', `/v1/files/${files}/fs/refused.bin`, streamed(refusedFile))).status).toBe(201)
    expect(sha(new Uint8Array(await (await call('GET', `/v1/files/${files}/fs/refused.bin`)).arrayBuffer()))).toBe(sha(refusedFile))
    expect((await call('PUT', `/v1/kv/${kv}/keys/refused`, 'x')).status).toBe(200)
    expect(await (await call('GET', `/v1/kv/${kv}/keys/refused`)).text()).toBe('x')
  }, 60_000)
})

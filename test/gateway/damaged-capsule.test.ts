// A server's own gateway over capsules damaged on the server's disk.
// A capsule whose metadata row the server lost (LevelDB lost writes it had
// completed, or the row is in a block it cannot read) is still held by the
// server, which mends the row from another replica's copy of the
// owner-signed metadata as a read meets it, or says there is none. (It was
// neither held nor advertised: the gateway answered 404 NO_ROUTE after
// seconds.) A file capsule whose blob record lost its payload still takes a
// file of those bytes.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { loadToken } from '../../src/http/bearer-token.js'
import { kvAppField } from '../../src/kv/format.js'
import { filesAppFields } from '../../src/files/format.js'
import { sha256 } from '../../src/crypto/hash.js'
import { DEFAULT_CONFIG, GATEWAY_TOKEN_FILE } from '../../src/node/config.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import type { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { metadataKey, payloadKey } from '../../src/store/layout.js'
import { tempDir, waitFor } from '../helpers.js'
import { nodesPerTest } from '../node/local-nodes.js'
import { createOwnedCapsule } from './harness.js'

const dirs: Array<() => void> = []
afterEach(() => { for (const d of dirs.splice(0)) d() })
const start = nodesPerTest({ replicationSyncIntervalMs: 200 })

/** A key-value capsule of the writer on both servers (write quorum 1). */
async function replicated (writer: Ed25519Signer, servers: GdpNode[]): Promise<Uint8Array> {
  const now = Date.now() * 1000
  const signed = signMetadata(newMetadata({ owner: writer.publicKey, writer: writer.publicKey, createdAtUs: now, appFields: [kvAppField()], replication: { replicas: servers.length, writeQuorum: 1 }, nonce: randomBytes(16) }), writer)
  const name = capsuleName(signed.metadata)
  const adCerts = servers.map((s) => signAdCert({ capsule: name, server: s.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, writer))
  for (const [i, s] of servers.entries()) await s.client.create(signed, s.name, adCerts[i], adCerts)
  return name
}

interface DamagedServer {
  router: GdpNode
  /** The server as now started (again, after `damage`). */
  server: () => GdpNode
  writer: Ed25519Signer
  /** A request to the server's gateway, with its token. */
  call: (method: string, path: string, body?: string) => Promise<Response>
  /** Stops the server, deletes these rows of its store, and starts it again on it. */
  damage: (rows: Uint8Array[]) => Promise<void>
}

/** A router, and a server behind it whose gateway writes with the writer key the operator gave it. */
async function damagedServer (): Promise<DamagedServer> {
  const keys = tempDir()
  dirs.push(keys.cleanup)
  const keyFile = join(keys.path, 'writer.key')
  const writer = new Ed25519Signer(writeKeyFile(keyFile, false).secretKey)
  const data = tempDir()
  dirs.push(data.cleanup)
  const own = { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0, writerKeys: [keyFile] }, data: data.path }
  const router = await start('router')
  let server = await start('server', router, own)
  const token = loadToken(join(data.path, GATEWAY_TOKEN_FILE), false, 'gateway')
  return {
    router,
    server: () => server,
    writer,
    call: async (method, path, body) => await fetch(server.gateway!.url + path, { method, headers: { authorization: `Bearer ${token}` }, ...(body === undefined ? {} : { body }) }),
    damage: async (rows) => {
      await server.stop()
      const db = new Level<Uint8Array, Uint8Array>(join(data.path, 'store'), { keyEncoding: 'view', valueEncoding: 'view' })
      for (const row of rows) await db.del(row)
      await db.close()
      server = await start('server', router, own)
    }
  }
}

describe('a server\'s gateway reading capsules whose metadata row on the server was lost', () => {
  it('answers 502 naming the lost row when no other replica holds the capsule, and mends the row from the replica that does', async () => {
    const { router, server, writer, call, damage } = await damagedServer()
    const other = await start('server', router)
    const alone = await createOwnedCapsule(server(), writer, [kvAppField()])
    const shared = await replicated(writer, [server(), other])
    for (const name of [alone, shared]) expect((await call('PUT', `/v1/kv/${formatName(name)}/keys/greeting`, 'hello')).status).toBe(200)
    const written = (await server().store!.capsule(shared)).size
    const aloneSize = (await server().store!.capsule(alone)).size
    await waitFor(async () => (await other.store!.capsule(shared)).size === written || undefined, { timeoutMs: 10_000, what: 'the other server to hold the write' })
    await damage([metadataKey(alone), metadataKey(shared)])

    // The key-value routes, and the raw capsule routes (metadata, a record, a payload): the server holds the capsule
    // still, tries to mend its metadata from a replica, finds none it knows, asks by the capsule's name (the server
    // neither serves nor advertises it then), and says no server sent it.
    for (const path of [`/v1/kv/${formatName(alone)}/keys/greeting`, `/v1/capsules/${formatName(alone)}`, `/v1/capsules/${formatName(alone)}/records/0`, `/v1/capsules/${formatName(alone)}/records/0/payload`]) {
      const lost = await call('GET', path)
      expect(lost.status, path).toBe(502)
      const body = await lost.json() as { error: string, reason: string, message: string }
      expect([body.error, body.reason], path).toEqual(['RequestRefusedError', 'SERVER_ERROR'])
      expect(body.message, path).toContain(`capsule ${formatName(alone)}: its metadata row is damaged (its metadata row is gone, and the store acknowledged it with ${aloneSize} records: LevelDB lost a write it had completed), no other replica of it is known here, and asked for by the capsule's name no server sent it (NO_ROUTE: `)
    }
    // The capsule's other replica holds it whole: the server takes its metadata from there, and serves it again.
    const fallback = await waitFor(async () => {
      const res = await call('GET', `/v1/kv/${formatName(shared)}/keys/greeting`)
      return res.status === 200 ? await res.text() : undefined
    }, { timeoutMs: 10_000, intervalMs: 200, what: 'the server to mend the capsule from the other replica' })
    expect(fallback).toBe('hello')
    const info = await call('GET', `/v1/capsules/${formatName(shared)}`)
    expect(info.status).toBe(200)
    expect(((await info.json()) as { size: number }).size).toBe(written)
    expect((await (await server().store!.capsule(shared)).verifyAll()).records).toBe(written)
  }, 60_000)
})

describe('a server\'s gateway writing a file capsule whose blob record lost its payload on the server', () => {
  it('stores a file of those bytes anew, where the put deduplicated against the damaged blob and failed 502 for as long as the damage stayed', async () => {
    const { server, writer, call, damage } = await damagedServer()
    const name = await createOwnedCapsule(server(), writer, filesAppFields())
    const files = `/v1/files/${formatName(name)}/fs`
    // Over the 4 KiB a record holds inline (its payload has a row of its own), under the 16 KiB of a chunk.
    const content = 'the same bytes, in one chunk. '.repeat(300)
    expect((await call('PUT', `${files}/a.txt`, content)).status).toBe(201)
    const blob = (await (await server().service!.kv.index(name)).findBlob(sha256(Buffer.from(content))))!
    await damage([payloadKey(name, blob)])

    // The damaged file says so; a file of the same bytes goes in, stored anew, and reads back whole.
    const damaged = await call('GET', `${files}/a.txt`)
    expect(damaged.status).toBe(502)
    expect(((await damaged.json()) as { message: string }).message).toContain(`record ${blob} is unreadable`)
    const put = await call('PUT', `${files}/b.txt`, content)
    expect(put.status, await put.clone().text()).toBe(201)
    expect(((await put.json()) as { stored: { blobs: number } }).stored.blobs).toBe(1)
    expect(await (await call('GET', `${files}/b.txt`)).text()).toBe(content)
  }, 60_000)
})

// What a client may hold of the admin API without its token: how many
// connections at once, and how long one may stay silent (docs/operations.md).
// A real router node, and its admin API started with small limits.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { adminServer, DEFAULT_ADMIN_MAX_CONNECTIONS, type AdminServer } from '../../src/admin/server.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { rawConnection, statuses, type RawConnection } from '../http/raw-connection.js'
import { tempDir } from '../helpers.js'

const dir = tempDir('gdp-admin-connections-')
let node: GdpNode
let admin: AdminServer
const connections: RawConnection[] = []

beforeAll(async () => {
  node = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'router', listen: ['/ip4/127.0.0.1/tcp/0'] })
  await node.start()
  admin = adminServer({ port: 0, tokenFile: join(dir.path, 'admin.token'), createToken: true, maxConnections: 3, headersTimeoutMs: 300 })({ node })
  await admin.start()
})

afterAll(async () => {
  for (const c of connections) c.socket.destroy()
  await admin.stop()
  await node.stop()
  dir.cleanup()
})

async function open (): Promise<RawConnection> {
  const c = await rawConnection(admin.url)
  connections.push(c)
  return c
}

describe('admin API connections', () => {
  it('has a documented default cap', () => {
    expect(DEFAULT_ADMIN_MAX_CONNECTIONS).toBe(64)
  })

  it('holds maxConnections connections; one more takes the place of the one that waited longest with no request served, so silent clients without the token cannot lock the operator out', async () => {
    // Before, the newcomer was closed: 64 silent connections, opened again as the headers timeout closed them, kept every scrape out.
    const held = [await open(), await open(), await open()]
    const operator = await open()
    expect(await held[0]!.closedWithin(1000)).toBe(true)
    expect(held[0]!.received()).toBe('')
    operator.socket.write(`GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${readFileSync(join(dir.path, 'admin.token'), 'utf8').trim()}\r\n\r\n`)
    await operator.waitFor(/HTTP\/1\.1 200 /, 3000)
    // The silent ones left are closed after the headers timeout.
    const started = Date.now()
    for (const c of held.slice(1)) expect(await c.closedWithin(3000)).toBe(true)
    expect(Date.now() - started).toBeLessThan(2500)
    for (const c of held.slice(1)) expect(statuses(c.received())).toEqual([408])
    // Places are free again.
    const next = await open()
    next.socket.write(`GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n`)
    await next.waitFor(/HTTP\/1\.1 401 /, 3000)
  })
})

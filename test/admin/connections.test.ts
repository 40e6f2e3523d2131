// What a client may hold of the admin API without its token: how many
// connections at once, and how long one may stay silent (docs/operations.md).
// A real router node, and its admin API started with small limits.
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

  it('holds maxConnections silent connections, closes the next one at once, and closes the silent ones after the headers timeout', async () => {
    const held = [await open(), await open(), await open()]
    const over = await open()
    expect(await over.closedWithin(1000)).toBe(true)
    expect(over.received()).toBe('')
    const started = Date.now()
    for (const c of held) expect(await c.closedWithin(3000)).toBe(true)
    expect(Date.now() - started).toBeLessThan(2500)
    for (const c of held) expect(statuses(c.received())).toEqual([408])
    // Places are free again.
    const next = await open()
    next.socket.write(`GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n`)
    await next.waitFor(/HTTP\/1\.1 401 /, 3000)
  })
})

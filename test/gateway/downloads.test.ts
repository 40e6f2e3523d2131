// File downloads under the gateway's budget of bytes held for clients that
// have not taken them (docs/gateway.md, Limits): through the real HTTP
// stack, clients that stop reading on raw sockets, a small budget.
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { STUCK_MS } from '../../src/gateway/downloads.js'
import { rawConnectionsPerTest } from '../http/raw-connection.js'
import { waitFor } from '../helpers.js'
import { harnessPerTest, request, TOKEN } from './harness.js'

const harness = harnessPerTest()
const openRaw = rawConnectionsPerTest()
const MiB = 1024 * 1024

describe('the downloads\' budget', () => {
  // Found by attacking a node: each download read 64 chunks (about 4 MiB) ahead of its client, whether the client read
  // or not, so 200 clients that asked for a 32 MiB file and read nothing took the node's memory up 850 MB, without end
  // but the connection limit (1,024).
  it('holds at most maxDownloadBytes for all downloads; a client that stops reading keeps its download until another needs the room, then the one stuck longest is cut off', async () => {
    const budget = 3 * MiB
    const h = await harness({ maxDownloadBytes: budget })
    const file = randomBytes(24 * MiB)
    const path = `/v1/files/${formatName(h.kv.name)}/fs/big.bin`
    expect((await request(h.gateway, path, { method: 'PUT', body: file })).status).toBe(201)
    let mostHeld = 0
    const sampler = setInterval(() => { mostHeld = Math.max(mostHeld, h.gateway.counters.downloads.heldBytes) }, 5)
    try {
      // A client that asks for the file and reads nothing: its download reads ahead up to the budget, and is left be
      // however long it waits, while no other download needs the room.
      const stalled = await openRaw(h.gateway.url)
      stalled.socket.pause()
      stalled.socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\n\r\n`)
      // (How close to the budget it comes depends on the size of its next run of chunks, which did not fit: about 1 MiB.)
      await waitFor(() => h.gateway.counters.downloads.heldBytes >= MiB || undefined, { timeoutMs: 10_000, intervalMs: 10, what: 'the stalled download to read ahead' })
      expect(await stalled.closedWithin(STUCK_MS + 1000)).toBe(false)
      expect(h.gateway.counters.downloads).toMatchObject({ open: 1, closedOverBudget: 0 })
      // A client that reads needs room past the budget: the stalled download is cut off, and the reader gets the whole file.
      const read = await request(h.gateway, path)
      expect(read.status).toBe(200)
      expect(Buffer.compare(read.body, file)).toBe(0)
      expect(h.gateway.counters.downloads.closedOverBudget).toBe(1)
      stalled.socket.resume()
      expect(await stalled.closedWithin(1000)).toBe(true)
      // What the cut-off client got is a start of the file, short of its Content-Length.
      const received = Buffer.from(stalled.received(), 'latin1')
      const body = received.subarray(received.indexOf('\r\n\r\n') + 4)
      expect(received.toString('latin1')).toMatch(/^HTTP\/1\.1 200 /)
      expect(body.length).toBeLessThan(file.length)
      expect(Buffer.compare(body, file.subarray(0, body.length))).toBe(0)
      await waitFor(() => h.gateway.counters.downloads.open === 0 || undefined, { timeoutMs: 3000, intervalMs: 10, what: 'the downloads to end' })
      expect(h.gateway.counters.downloads.heldBytes).toBe(0)
      expect(mostHeld).toBeLessThanOrEqual(budget)
    } finally {
      clearInterval(sampler)
    }
  })
})

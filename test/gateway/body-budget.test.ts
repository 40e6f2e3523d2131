// Request bodies under the gateway's budget of bytes held for them at once
// (docs/gateway.md, Limits): through the real HTTP stack, bodies sent part
// way on raw sockets, a small budget.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { rawConnectionsPerTest } from '../http/raw-connection.js'
import { waitFor } from '../helpers.js'
import { harnessPerTest, request, TOKEN, type Harness } from './harness.js'
import type { RawConnection } from '../http/raw-connection.js'

const harness = harnessPerTest()
const openRaw = rawConnectionsPerTest()
const MiB = 1024 * 1024

/** A JSON body of `bytes` that is no batch (answered 400 once read whole), of which the first `sent` bytes are sent. */
async function partBody (h: Harness, bytes: number, sent: number): Promise<{ connection: RawConnection, rest: () => void }> {
  const body = Buffer.alloc(bytes, 'a'.charCodeAt(0))
  body.write('{"records":[{"payload":"', 0)
  const c = await openRaw(h.gateway.url)
  c.socket.write(`POST /v1/capsules/${formatName(h.capsule.name)}/records HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`)
  c.socket.write(body.subarray(0, sent))
  return { connection: c, rest: () => { c.socket.write(body.subarray(sent)) } }
}

describe('the request bodies\' budget', () => {
  // Found by attacking the gateway: each body was bounded (24 MiB for a batch) but not their sum, and 100 requests
  // with a body of 23 MiB each from another process took the node up 1.3 to 1.9 GB at once (1,024 connections: over 20 GB).
  it('holds at most maxBodiesBytes of bodies at once, counted as they come: the body whose bytes would pass it is refused (503), the others go on', async () => {
    const h = await harness({ maxBodiesBytes: 8 * MiB })
    // A body of 6 MiB, 5 of them sent: held, and short of the budget.
    const first = await partBody(h, 6 * MiB, 5 * MiB)
    await waitFor(() => h.gateway.counters.bodies.heldBytes === 5 * MiB || undefined, { timeoutMs: 10_000, intervalMs: 10, what: 'the first body to be held' })
    // A second body that declares 4 MiB holds nothing for it: only what comes counts. Its bytes past 3 MiB do not fit.
    const second = await partBody(h, 4 * MiB, 4 * MiB)
    await second.connection.waitFor(/^HTTP\/1\.1 503 /, 10_000)
    expect(second.connection.received()).toContain('"error":"ServerBusyError"')
    expect(h.gateway.counters.bodies).toMatchObject({ heldBytes: 5 * MiB, refused: 1, open: 1 })
    // The first goes on, is read whole and answered (400: it is no batch), and lets go of its bytes.
    first.rest()
    await first.connection.waitFor(/^HTTP\/1\.1 400 /, 10_000)
    await waitFor(() => h.gateway.counters.bodies.open === 0 || undefined, { timeoutMs: 3000, intervalMs: 10, what: 'the bodies to be let go' })
    expect(h.gateway.counters.bodies.heldBytes).toBe(0)
    // A body of the budget's size, alone, is read whole.
    const whole = Buffer.alloc(8 * MiB, 'a'.charCodeAt(0))
    const answer = await request(h.gateway, `/v1/capsules/${formatName(h.capsule.name)}/records`, { method: 'POST', body: whole, headers: { 'content-type': 'application/json' } })
    expect(answer.status).toBe(400)
    expect(answer.json.error).toBe('MalformedMessageError')
    // One byte past it is refused.
    const over = await request(h.gateway, `/v1/capsules/${formatName(h.capsule.name)}/records`, { method: 'POST', body: Buffer.alloc(8 * MiB + 1, 'a'.charCodeAt(0)), headers: { 'content-type': 'application/json' } })
    expect(over.status).toBe(503)
    expect(h.gateway.counters.bodies).toMatchObject({ heldBytes: 0, refused: 2 })
  })
  it('lets go of a body whose client leaves before it is whole', async () => {
    const h = await harness({ maxBodiesBytes: 8 * MiB })
    const left = await partBody(h, 6 * MiB, 3 * MiB)
    await waitFor(() => h.gateway.counters.bodies.heldBytes === 3 * MiB || undefined, { timeoutMs: 10_000, intervalMs: 10, what: 'the body to be held' })
    left.connection.socket.destroy()
    await waitFor(() => h.gateway.counters.bodies.open === 0 || undefined, { timeoutMs: 3000, intervalMs: 10, what: 'the body to be let go' })
    expect(h.gateway.counters.bodies).toMatchObject({ heldBytes: 0, refused: 0 })
    // The whole budget is there for the next.
    const answer = await request(h.gateway, `/v1/capsules/${formatName(h.capsule.name)}/records`, { method: 'POST', body: Buffer.alloc(8 * MiB, 'a'.charCodeAt(0)), headers: { 'content-type': 'application/json' } })
    expect(answer.status).toBe(400)
  })
})

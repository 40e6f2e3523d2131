// A gateway that stops while it serves requests: they finish, within a grace
// (stopGraceMs), and each answer closes its connection; a client that holds
// its request past the grace has its connection closed then (a short grace
// here, so that the test stays quick). They were cut
// off at once (forceCloseConnections): the client saw ECONNRESET, and could
// not tell whether its write was stored.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { rawConnectionsPerTest, statuses, type RawConnection } from '../http/raw-connection.js'
import { waitFor } from '../helpers.js'
import { componentSchema, expectValid, harnessPerTest, TOKEN, type Harness } from './harness.js'

const harness = harnessPerTest()
const openRaw = rawConnectionsPerTest()

/** A connection with a PUT of a key being served: its body of 6 bytes sent up to half, which the gateway has read. */
async function halfSentPut (h: Harness): Promise<RawConnection> {
  const c = await openRaw(h.gateway.url)
  c.socket.write(`PUT /v1/kv/${formatName(h.kv.name)}/keys/k HTTP/1.1\r\nHost: ${new URL(h.gateway.url).host}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 6\r\n\r\nabc`)
  await waitFor(() => h.gateway.counters.bodies.heldBytes === 3 ? true : undefined, { timeoutMs: 5000, intervalMs: 10, what: 'the gateway to read the first half of the body' })
  return c
}

describe('a gateway that stops while it serves requests', () => {
  it('lets a request being served finish (its answer closes the connection), and the stop then ends', async () => {
    const h = await harness({ stopGraceMs: 60_000 })
    const c = await halfSentPut(h)
    let stopped = false
    const stopping = h.gateway.stop().then(() => { stopped = true })
    c.socket.write('def')
    expect(await c.closedWithin(10_000)).toBe(true)
    expect(statuses(c.received())).toEqual([200])
    expect(c.received().toLowerCase()).toContain('connection: close')
    await stopping
    expect(stopped).toBe(true)
    // Stored, as its answer said: the key-value access outlives the gateway.
    expect(Buffer.from((await (await h.kv.view()).get(Buffer.from('k')))!.value).toString()).toBe('abcdef')
  })

  it('a request whose head ends while the gateway stops is refused 503 ServiceStoppedError, a JSON Error as the document says, and its connection closed', async () => {
    // fastify's own 503 (return503OnClosing) answered it: {"error":"Service Unavailable",...,"statusCode":503}, a body the
    // document's Error does not allow (a space in the name, a field more), and without nosniff.
    const h = await harness({ stopGraceMs: 60_000 })
    const c = await openRaw(h.gateway.url)
    c.socket.write(`PUT /v1/kv/${formatName(h.kv.name)}/keys/late HTTP/1.1\r\nHost: ${new URL(h.gateway.url).host}\r\n`)
    // Waited for until the gateway read half of it: by then it has read the part of the head written before (a
    // connection with nothing read of a request would be closed at the stop as idle), and the stop is held open.
    const held = await halfSentPut(h)
    const stopping = h.gateway.stop()
    c.socket.write(`Authorization: Bearer ${TOKEN}\r\nContent-Length: 1\r\n\r\nx`)
    expect(await c.closedWithin(10_000)).toBe(true)
    expect(statuses(c.received())).toEqual([503])
    const [head, body] = c.received().split('\r\n\r\n') as [string, string]
    expect(head.toLowerCase()).toContain('x-content-type-options: nosniff')
    expect(head.toLowerCase()).toContain('content-type: application/json')
    const error = JSON.parse(body) as { error: string }
    expectValid(componentSchema('Error'), error, 'the refusal')
    expect(error.error).toBe('ServiceStoppedError')
    held.socket.write('def')
    await stopping
    expect(await (await h.kv.view()).get(Buffer.from('late'))).toBeUndefined()
  })

  it('closes a connection whose request is still open when the grace ends, so a client that never finishes its body cannot hold the stop', async () => {
    const h = await harness({ stopGraceMs: 100 })
    const c = await halfSentPut(h)
    await h.gateway.stop()
    expect(await c.closedWithin(5000)).toBe(true)
    expect(statuses(c.received())).toEqual([])
  })
})

// Malformed HTTP over raw sockets (the third HTTP attack): framing that does
// not hold together (Content-Length and Transfer-Encoding, chunk sizes),
// heads at and past the parser's limit or too slow, a bad request between
// two good ones, and escapes in capsule names and file paths. Each refusal
// has its status and a JSON error saying what was wrong, the connection is
// closed where its framing cannot be trusted, and nothing stored changes.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { rawConnectionsPerTest, statuses, type RawConnection } from '../http/raw-connection.js'
import { harnessPerTest, rawPathRequest, request, TOKEN, type Harness } from './harness.js'

const harness = harnessPerTest()
const openRaw = rawConnectionsPerTest()

const host = (h: Harness): string => new URL(h.gateway.url).host
const kvPath = (h: Harness, rest: string): string => `/v1/kv/${formatName(h.kv.name)}${rest}`
const fsPath = (h: Harness, rest: string): string => `/v1/files/${formatName(h.kv.name)}${rest}`
const credentials = (h: Harness): string => `Host: ${host(h)}\r\nAuthorization: Bearer ${TOKEN}\r\n`
/** The JSON body of the last answer `c` received. */
const lastBody = (c: RawConnection): unknown => {
  const answer = c.received().slice([...c.received().matchAll(/HTTP\/1\.1 \d{3} /g)].at(-1)!.index)
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))
}

describe('framing that does not hold together', () => {
  it('Content-Length with Transfer-Encoding, two Content-Lengths, one that is no number, chunk sizes that overflow or lie: 400 saying why, the connection closed, nothing written', async () => {
    const h = await harness()
    const cases = [
      ['Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n', "Transfer-Encoding can't be present with Content-Length"],
      ['Content-Length: 3\r\nContent-Length: 4\r\n\r\nabcd', 'Duplicate Content-Length'],
      ['Content-Length: +3\r\n\r\nabc', 'Invalid character in Content-Length'],
      ['Content-Length: 3, 3\r\n\r\nabc', 'Invalid character in Content-Length'],
      ['Transfer-Encoding: chunked\r\n\r\nfffffffffffffffffff\r\nabc\r\n0\r\n\r\n', 'Chunk size overflow'],
      ['Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n', 'Expected LF after chunk data']
    ] as const
    for (const [path, what] of [[kvPath(h, '/keys/k'), 'a key'], [fsPath(h, '/fs/f'), 'a file']] as const) {
      for (const [rest, why] of cases) {
        const c = await openRaw(h.gateway.url)
        c.socket.write(`PUT ${path} HTTP/1.1\r\n${credentials(h)}${rest}`)
        expect(await c.closedWithin(3000), `${what}: ${rest}`).toBe(true)
        expect(statuses(c.received()), `${what}: ${rest}`).toEqual([400])
        expect(lastBody(c)).toEqual({ error: 'MalformedMessageError', message: `the request is not HTTP/1.1 this gateway can read: ${why}` })
      }
    }
    expect((await h.kv.view()).version).toBe(0)
  })

  it('a body longer than its Content-Length: the declared bytes are the body, and what follows, no request, is refused after its answer', async () => {
    const h = await harness()
    const c = await openRaw(h.gateway.url)
    c.socket.write(`PUT ${kvPath(h, '/keys/k')} HTTP/1.1\r\n${credentials(h)}Content-Length: 2\r\n\r\nabcdef\r\n\r\n`)
    expect(await c.closedWithin(3000)).toBe(true)
    expect(statuses(c.received())).toEqual([200, 400])
    expect(lastBody(c)).toMatchObject({ error: 'MalformedMessageError' })
    expect((await request(h.gateway, kvPath(h, '/keys/k'))).body.toString()).toBe('ab')
    expect((await h.kv.view()).version).toBe(1)
  })

  it('pipelined: a request Node refuses between two good ones is answered after the first, and the one after it is not carried out', async () => {
    const h = await harness()
    const put = (key: string, value: string): string => `PUT ${kvPath(h, `/keys/${key}`)} HTTP/1.1\r\n${credentials(h)}Content-Length: ${value.length}\r\n\r\n${value}`
    const c = await openRaw(h.gateway.url)
    c.socket.write(`${put('first', 'a')}PUT ${kvPath(h, '/keys/bad')} HTTP/1.1\r\n${credentials(h)}X-Bad\u0001: y\r\nContent-Length: 1\r\n\r\nb${put('third', 'c')}`)
    expect(await c.closedWithin(3000)).toBe(true)
    expect(statuses(c.received())).toEqual([200, 400])
    expect(lastBody(c)).toEqual({ error: 'MalformedMessageError', message: 'the request is not HTTP/1.1 this gateway can read: Invalid header token' })
    for (const [key, status] of [['first', 200], ['bad', 404], ['third', 404]] as const) expect((await request(h.gateway, kvPath(h, `/keys/${key}`))).status, key).toBe(status)
  })
})

describe('heads at and past the limits', () => {
  it('a request line and headers of 16 KiB are read; of 17 KiB, 431 HeadersTooLargeError and the connection closed', async () => {
    const h = await harness()
    for (const [bytes, status] of [[16 * 1024, 200], [17 * 1024, 431]] as const) {
      const start = `GET /openapi.json HTTP/1.1\r\n${credentials(h)}X-Pad: `
      const c = await openRaw(h.gateway.url)
      c.socket.write(`${start}${'a'.repeat(bytes - start.length - 4)}\r\n\r\n`)
      await c.waitFor(/HTTP\/1\.1 \d{3} /, 3000)
      expect(statuses(c.received()), `${bytes} bytes`).toEqual([status])
      if (status === 431) {
        expect(await c.closedWithin(3000)).toBe(true)
        expect(lastBody(c)).toEqual({ error: 'HeadersTooLargeError', message: 'the request line and headers are over 16 KiB (keys are at most 1,024 bytes)' })
      }
    }
  })

  it('headers trickled a byte at a time are cut off at the headers timeout (408, closed), on a new connection and on a kept-alive one after its first answer', async () => {
    const h = await harness({ headersTimeoutMs: 300 })
    for (const before of ['', `GET /openapi.json HTTP/1.1\r\n${credentials(h)}\r\n`]) {
      const c = await openRaw(h.gateway.url)
      c.socket.write(`${before}GET /openapi.json HTTP/1.1\r\n`)
      // A byte every 50 ms, for at most 10 s: each arrives well within any timeout of its own, but the head never ends.
      const trickle = setInterval(() => { if (!c.socket.destroyed) c.socket.write('X') }, 50)
      try {
        expect(await c.closedWithin(10_000), before === '' ? 'new connection' : 'kept alive').toBe(true)
      } finally {
        clearInterval(trickle)
      }
      expect(statuses(c.received())).toEqual(before === '' ? [408] : [200, 408])
      expect(lastBody(c)).toEqual({ error: 'RequestTooSlowError', message: 'the request line and headers did not arrive within 300 ms' })
    }
  })
})

describe('escapes in capsule names and file paths', () => {
  it('dot segments (plain, escaped, overlong UTF-8), NUL, empty names in a file path are refused (400) by GET, PUT and DELETE, and the file stays', async () => {
    const h = await harness()
    await request(h.gateway, fsPath(h, '/fs/a/b.txt'), { method: 'PUT', body: 'kept' })
    const version = (await h.kv.view()).version
    const paths = [
      ['/fs/a/../a/b.txt', 'PathError', /has a '\.\.' name/],
      ['/fs/a/%2e%2e/a/b.txt', 'PathError', /has a '\.\.' name/],
      ['/fs/a/%2E%2e/a/b.txt', 'PathError', /has a '\.\.' name/],
      ['/fs/a/./b.txt', 'PathError', /has a '\.' name/],
      ['/fs/a/b.txt%00', 'PathError', /holds a control character/],
      ['/fs/a//b.txt', 'PathError', /has an empty name/],
      ['/fs/a/b.txt/', 'PathError', /has an empty name/],
      ['/fs/%c0%ae%c0%ae/a/b.txt', 'InvalidArgumentError', /escaped bytes that are not UTF-8$/],
      ['/fs/a/b.txt%', 'InvalidArgumentError', /not % and two hex digits/]
    ] as const
    for (const [path, error, message] of paths) {
      for (const method of ['GET', 'PUT', 'DELETE']) {
        const answer = await rawPathRequest(h.gateway, method, fsPath(h, path), method === 'PUT' ? 'overwritten' : undefined)
        expect([answer.status, answer.json?.error], `${method} ${path}`).toEqual([400, error])
        expect(answer.json.message, `${method} ${path}`).toMatch(message)
      }
    }
    expect((await h.kv.view()).version).toBe(version)
    expect((await request(h.gateway, fsPath(h, '/fs/a/b.txt'))).body.toString()).toBe('kept')
  })

  it('a capsule name with escapes (dot segments, NUL, a slash) is no name: 400 on every kind of route, nothing written', async () => {
    const h = await harness()
    const name = formatName(h.kv.name)
    for (const bad of ['%2e%2e', `${name}%00`, `${name.slice(0, 42)}%2f`, `${name.slice(0, 41)}%2e%2e`]) {
      for (const [method, path] of [['GET', `/v1/capsules/${bad}`], ['GET', `/v1/kv/${bad}/keys/k`], ['PUT', `/v1/kv/${bad}/keys/k`], ['PUT', `/v1/files/${bad}/fs/f`], ['DELETE', `/v1/files/${bad}/fs/f`]] as const) {
        const answer = await rawPathRequest(h.gateway, method, path, method === 'PUT' ? 'v' : undefined)
        expect([answer.status, answer.json?.error], `${method} ${path}`).toEqual([400, 'InvalidArgumentError'])
        expect(answer.json.message, `${method} ${path}`).toMatch(/params\/(name|capsule) must match pattern/)
      }
    }
    expect((await h.kv.view()).version).toBe(0)
  })
})

// A key's history a page at a time, and a diff bounded in bytes: a key
// written often with large values, or a diff over many, is no one answer
// (docs/gateway.md, Limits). Through the real HTTP server.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { request, harnessPerTest, type Harness } from './harness.js'

const harness = harnessPerTest()

const kvPath = (h: Harness, rest: string): string => `/v1/kv/${formatName(h.kv.name)}${rest}`

async function put (h: Harness, key: string, value: string): Promise<void> {
  expect((await request(h.gateway, kvPath(h, `/keys/${key}`), { method: 'PUT', body: value })).status).toBe(200)
}

describe('history', () => {
  it('pages by limit (1 to 1,000, default 1,000) with after, and holds values of at most maxReadBytes (or one write)', async () => {
    const h = await harness({ maxReadBytes: 10 })
    for (let i = 0; i < 5; i++) await put(h, 'k', `value${i}`)
    const seen: string[] = []
    let after: number | undefined
    const pages: number[] = []
    for (let i = 0; i < 10; i++) {
      const page = await request(h.gateway, kvPath(h, `/history/k?valueEncoding=utf8&limit=3${after === undefined ? '' : `&after=${after}`}`))
      expect(page.status).toBe(200)
      pages.push(page.json.history.length)
      seen.push(...page.json.history.map((w: { value: string }) => w.value))
      after = page.json.after
      if (after === undefined) break
    }
    // 6-byte values against a 10-byte page: one write a page.
    expect(pages).toEqual([1, 1, 1, 1, 1])
    expect(seen).toEqual(['value0', 'value1', 'value2', 'value3', 'value4'])
    for (const limit of ['0', '1001']) expect((await request(h.gateway, kvPath(h, `/history/k?limit=${limit}`))).status).toBe(400)
    // After the last seqno there is (2^53 - 1, which the schema takes): no writes, not an error naming 2^53 (found by attacking the gateway).
    const last = await request(h.gateway, kvPath(h, `/history/k?after=${Number.MAX_SAFE_INTEGER}`))
    expect(last.status).toBe(200)
    expect(last.json.history).toEqual([])
  })

  it('limit caps a page in writes', async () => {
    const h = await harness()
    for (let i = 0; i < 3; i++) await put(h, 'k', `v${i}`)
    const page = await request(h.gateway, kvPath(h, '/history/k?limit=2'))
    expect(page.json.history).toHaveLength(2)
    expect(page.json.after).toBe(page.json.history[1].seqno)
    expect((await request(h.gateway, kvPath(h, '/history/k'))).json.history).toHaveLength(3)
  })
})

describe('diff', () => {
  it('a diff whose values pass maxReadBytes is refused (413 AnswerTooLargeError, saying how to ask for less); a narrower one is answered', async () => {
    const h = await harness({ maxReadBytes: 10 })
    for (const key of ['a', 'b', 'c']) await put(h, key, 'value!')
    const whole = await request(h.gateway, kvPath(h, '/diff?from=0&to=3'))
    expect(whole.status).toBe(413)
    expect(whole.json).toMatchObject({ error: 'AnswerTooLargeError', message: expect.stringContaining('narrower key range') })
    const narrow = await request(h.gateway, kvPath(h, '/diff?from=0&to=3&lt=b'))
    expect(narrow.status).toBe(200)
    expect(narrow.json.changes).toHaveLength(1)
  })
})

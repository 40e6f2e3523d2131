// The gateway's key-value routes (docs/gateway.md "Key-value") through the
// real HTTP server on loopback, against a model that keeps every version:
// random batches of keys of odd bytes (zero bytes, 0xff, keys that begin
// others, the longest) and single-key writes with If-Match / If-None-Match
// that hold or not, then reads of a key with If-None-Match, and scans with
// random bounds or prefixes, either order, paged by cursor with small
// limits while more batches go in, at the latest and at older versions.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { MAX_KEY_LENGTH } from '../../src/kv/format.js'
import { request, startHarness, type Harness } from './harness.js'

let h: Harness
beforeAll(async () => { h = await startHarness() })
afterAll(async () => { await h.cleanup() })

const KEYS = ['61', '6100', '610001', '6101', '6162', '00', '0000', 'ff', 'ffff', 'fffe', 'ff00', '6b'.repeat(MAX_KEY_LENGTH), 'ff'.repeat(MAX_KEY_LENGTH)]
const PROBES = [...KEYS, '6161', '62', '01', 'fe', 'ff'.repeat(3)]

type Bounds = { prefix: string } | Partial<Record<'gt' | 'gte' | 'lt' | 'lte', string>>
const boundsArb: fc.Arbitrary<Bounds> = fc.oneof(
  fc.constantFrom(...PROBES).map((prefix) => ({ prefix })),
  fc.record({
    lower: fc.option(fc.record({ side: fc.constantFrom('gt' as const, 'gte' as const), key: fc.constantFrom(...PROBES) }), { nil: undefined }),
    upper: fc.option(fc.record({ side: fc.constantFrom('lt' as const, 'lte' as const), key: fc.constantFrom(...PROBES) }), { nil: undefined })
  }).map(({ lower, upper }) => ({ ...(lower === undefined ? {} : { [lower.side]: lower.key }), ...(upper === undefined ? {} : { [upper.side]: upper.key }) }))
)

/** Whether hex key `key` lies within `bounds`, compared as bytes. */
function within (key: string, bounds: Bounds): boolean {
  const k = Buffer.from(key, 'hex')
  const cmp = (other: string): number => Buffer.compare(k, Buffer.from(other, 'hex'))
  if ('prefix' in bounds) return k.subarray(0, bounds.prefix.length / 2).equals(Buffer.from(bounds.prefix, 'hex'))
  return (bounds.gt === undefined || cmp(bounds.gt) > 0) && (bounds.gte === undefined || cmp(bounds.gte) >= 0) &&
    (bounds.lt === undefined || cmp(bounds.lt) < 0) && (bounds.lte === undefined || cmp(bounds.lte) <= 0)
}

const kvPath = (rest: string): string => `/v1/kv/${formatName(h.kv.name)}${rest}`

describe('key-value scans through the gateway against a model of every version', () => {
  it('conditional writes hold or are 412; reads of a key are 304 for its ETag; scans page by cursor within bounds or a prefix, either order, at the version the first page read while batches go in; counts', async () => {
    // The state of each version, hex key to [hex value, seqno]; the model of the capsule the harness shares between runs.
    const versions = new Map<number, Map<string, [string, number]>>([[0, new Map()]])
    let latest = 0
    const writeArb = fc.array(fc.record({ key: fc.constantFrom(...KEYS), value: fc.option(fc.constantFrom('', '00', 'abcd'), { nil: undefined }) }), { minLength: 1, maxLength: 5 })
    const write = async (ops: Array<{ key: string, value?: string }>): Promise<void> => {
      const answer = await request(h.gateway, kvPath('/batch?keyEncoding=hex&valueEncoding=hex'), { method: 'POST', body: { ops: ops.map((o) => o.value === undefined ? { op: 'delete', key: o.key } : { op: 'put', key: o.key, value: o.value }) } })
      expect(answer.status).toBe(200)
      record(ops, answer.json)
    }
    /** The versions a write made: the state after its record, which its checkpoint restates. */
    const record = (ops: Array<{ key: string, value?: string }>, { seqno, version }: { seqno: number, version: number }): void => {
      const state = new Map(versions.get(latest)!)
      for (const o of ops) {
        if (o.value === undefined) state.delete(o.key)
        else state.set(o.key, [o.value, seqno])
      }
      versions.set(seqno + 1, state)
      // The versions between (a checkpoint after the record) hold the same state.
      for (let v = seqno + 2; v <= version; v++) versions.set(v, state)
      latest = version
    }
    /** A PUT or DELETE of one key, with If-Match naming its entry (or another), If-Match: * or If-None-Match: *; 412 and nothing written where it does not hold. */
    const conditionalWrite = async (key: string, value: string | undefined, condition: 'entry' | 'otherEntry' | 'any' | 'absent'): Promise<void> => {
      const entry = versions.get(latest)!.get(key)
      const headers: Record<string, string> = condition === 'absent' ? { 'if-none-match': '*' } : { 'if-match': condition === 'any' ? '*' : `"${(entry?.[1] ?? 0) + (condition === 'entry' ? 0 : 1)}"` }
      const holds = condition === 'absent' ? entry === undefined : entry !== undefined && condition !== 'otherEntry'
      const answer = await request(h.gateway, kvPath(`/keys/${key}?keyEncoding=hex`), { method: value === undefined ? 'DELETE' : 'PUT', headers, ...(value === undefined ? {} : { body: Buffer.from(value, 'hex') }) })
      expect([answer.status, answer.json?.error], `${value === undefined ? 'DELETE' : 'PUT'} ${key.slice(0, 20)} ${JSON.stringify(headers)} on ${JSON.stringify(entry)}`).toEqual(holds ? [200, undefined] : [412, 'ConditionFailedError'])
      if (holds) {
        expect(answer.headers.get('etag')).toBe(value === undefined ? null : `"${answer.json.seqno as number}"`)
        record([{ key, ...(value === undefined ? {} : { value }) }], answer.json)
      }
    }
    const conditionalArb = fc.record({ key: fc.constantFrom(...KEYS), value: fc.option(fc.constantFrom('', '01'), { nil: undefined }), condition: fc.constantFrom('entry' as const, 'otherEntry' as const, 'any' as const, 'absent' as const) })
    await fc.assert(fc.asyncProperty(
      fc.array(writeArb, { maxLength: 3 }), fc.array(conditionalArb, { maxLength: 3 }), fc.constantFrom(...PROBES), fc.constantFrom('none', 'this', 'weakThis', 'other', 'star'), boundsArb, fc.boolean(), fc.integer({ min: 1, max: 3 }), fc.option(fc.nat(), { nil: undefined }), fc.array(writeArb, { maxLength: 2 }),
      async (before, conditional, probe, ifNoneMatch, bounds, reverse, limit, pick, during) => {
        for (const ops of before) await write(ops)
        for (const { key, value, condition } of conditional) await conditionalWrite(key, value, condition)
        const known = [...versions.keys()]
        const version = pick === undefined ? undefined : known[pick % known.length]!
        const state = versions.get(version ?? latest)!
        const want = [...state.keys()].filter((k) => within(k, bounds)).sort((x, y) => Buffer.compare(Buffer.from(x, 'hex'), Buffer.from(y, 'hex')))
        if (reverse) want.reverse()
        // A read of one key: its value and ETag, 304 where If-None-Match names its entry (weakly), 404 where it has none.
        const entry = state.get(probe)
        const tag = entry === undefined ? undefined : `"${entry[1]}"`
        const inm = { none: undefined, this: tag ?? '"0"', weakThis: `W/${tag ?? '"0"'}`, other: `"${(entry?.[1] ?? 0) + 1}"`, star: '*' }[ifNoneMatch]
        const read = await request(h.gateway, kvPath(`/keys/${probe}?keyEncoding=hex${version === undefined ? '' : `&version=${version}`}`), { headers: inm === undefined ? {} : { 'if-none-match': inm } })
        const held = entry !== undefined && (ifNoneMatch === 'this' || ifNoneMatch === 'weakThis' || ifNoneMatch === 'star')
        expect([read.status, read.headers.get('etag')], `GET ${probe.slice(0, 20)} If-None-Match ${inm ?? ''} on ${JSON.stringify(entry)}`).toEqual(entry === undefined ? [404, null] : [held ? 304 : 200, tag])
        if (read.status === 200) expect(read.body.toString('hex')).toBe(entry![0])
        const query = new URLSearchParams({ ...bounds, keyEncoding: 'hex', valueEncoding: 'hex', limit: String(limit), ...(reverse ? { reverse: 'true' } : {}) })
        const count = await request(h.gateway, kvPath(`/count?${new URLSearchParams({ ...bounds, keyEncoding: 'hex', ...(version === undefined ? {} : { version: String(version) }) }).toString()}`))
        expect(count.json.count, `count ${JSON.stringify(bounds)}`).toBe(want.length)
        const got: Array<[string, string, number]> = []
        let at = version === undefined ? '' : `&version=${version}`
        let written = 0
        for (let pages = 0; ; pages++) {
          expect(pages).toBeLessThan(KEYS.length + 2)
          const page = await request(h.gateway, kvPath(`/entries?${query.toString()}${at}`))
          expect(page.status, `${query.toString()}${at}: ${JSON.stringify(page.json)}`).toBe(200)
          expect(page.json.entries.length).toBeLessThanOrEqual(limit)
          got.push(...page.json.entries.map((e: { key: string, value: string, seqno: number }) => [e.key, e.value, e.seqno]))
          if (page.json.cursor === undefined) break
          // Writes between pages change nothing the scan reads: its cursor holds its version.
          if (written < during.length) await write(during[written++]!)
          at = `&cursor=${encodeURIComponent(page.json.cursor as string)}`
        }
        expect(got, `${JSON.stringify(bounds)} reverse ${reverse} limit ${limit} at ${version ?? 'latest'}`).toEqual(want.map((k) => [k, ...state.get(k)!]))
        for (const ops of during.slice(written)) await write(ops)
      }), { numRuns: 100 })
  })
})

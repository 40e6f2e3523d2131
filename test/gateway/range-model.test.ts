// The gateway's file reads (docs/gateway.md, README "The HTTP gateway")
// through the real HTTP server on loopback, against a model of what RFC 9110
// asks of them: random Range headers (one range, several, suffixes, invalid
// ones, positions past the file and past 2^53), with If-Range and
// If-None-Match naming this content, an older one or none, on files
// rewritten a few times and read at their latest and at older versions.
// Over the in-memory capsules of the gateway tests, and over a router's
// gateway whose capsule a server behind it holds (libp2p on loopback).
import { createHash, randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { formatName } from '../../src/capsule/name.js'
import { filesAppFields } from '../../src/files/format.js'
import type { HttpGateway } from '../../src/gateway/gateway.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from '../node/local-nodes.js'
import { createOwnedCapsule, request, routerWritingForServer, startHarness, TOKEN, type Answer, type Harness, type RequestOptions } from './harness.js'

const etagOf = (content: Buffer): string => `"${createHash('sha256').update(content).digest('hex')}"`

/** A position in a Range header: near the file's edges, or near 2^53 and 10^20 (past what a double holds exactly), or with leading zeros. */
type Position = { near: 'zero' | 'last' | 'size' | 'past' | 'double' | 'huge', by: number } | { digits: string }
const positionArb: fc.Arbitrary<Position> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ near: fc.constantFrom('zero' as const, 'last' as const, 'size' as const, 'past' as const), by: fc.integer({ min: -2, max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ near: fc.constantFrom('double' as const, 'huge' as const), by: fc.integer({ min: -2, max: 2 }) }) },
  { weight: 1, arbitrary: fc.constantFrom('0000000000000000000001', '00').map((digits) => ({ digits })) }
)
const digitsOf = (p: Position, size: number): string => {
  if ('digits' in p) return p.digits
  const base = { zero: 0n, last: BigInt(size - 1), size: BigInt(size), past: BigInt(size + 100), double: 2n ** 53n, huge: 10n ** 20n }[p.near]
  const at = base + BigInt(p.by)
  return String(at < 0n ? 0n : at)
}

/** One range-spec of RFC 9110 section 14.1.1, or something that is none. */
type Spec = { first: Position, last?: Position } | { suffix: Position } | { junk: string }
const specArb: fc.Arbitrary<Spec> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ first: positionArb, last: fc.option(positionArb, { nil: undefined }) }).map(({ first, last }) => last === undefined ? { first } : { first, last }) },
  { weight: 2, arbitrary: positionArb.map((suffix) => ({ suffix })) },
  { weight: 1, arbitrary: fc.constantFrom('-', 'x-1', '1-2-3', '1', '+1-2', '0x10-', '1 2-3').map((junk) => ({ junk })) }
)
const specText = (spec: Spec, size: number): string =>
  'junk' in spec ? spec.junk : 'suffix' in spec ? `-${digitsOf(spec.suffix, size)}` : `${digitsOf(spec.first, size)}-${spec.last === undefined ? '' : digitsOf(spec.last, size)}`

type RangeHeader = { unit: string, specs: Spec[], separator: string } | undefined
const rangeArb: fc.Arbitrary<RangeHeader> = fc.option(fc.record({
  unit: fc.constantFrom('bytes', 'bytes', 'Bytes', 'lines'),
  specs: fc.array(specArb, { minLength: 1, maxLength: 3 }),
  // List separators with the optional space RFC 9110 section 5.6.1 allows, and empty elements.
  separator: fc.constantFrom(',', ', ', ' ,', ',,')
}), { nil: undefined })

type Validator = 'none' | 'this' | 'weakThis' | 'older' | 'listWithThis' | 'star' | 'date' | 'unquoted'
const validatorArb = fc.constantFrom<Validator>('none', 'this', 'weakThis', 'older', 'listWithThis', 'star', 'date', 'unquoted')
const validatorText = (v: Validator, etag: string, older: string): string | undefined => ({
  none: undefined,
  this: etag,
  weakThis: `W/${etag}`,
  older,
  listWithThis: `${older}, ${etag}`,
  star: '*',
  date: new Date(0).toUTCString(),
  unquoted: etag.slice(1, -1)
})[v]

/** What RFC 9110 says of one range-spec of a representation of `size` bytes: its bytes, none that it can give (unsatisfiable), or no range at all (invalid). */
function rangeOfSpec (spec: Spec, size: number): { start: number, end: number } | 'unsatisfiable' | 'invalid' {
  if ('junk' in spec) return 'invalid'
  if ('suffix' in spec) {
    const length = BigInt(digitsOf(spec.suffix, size))
    if (length === 0n) return 'unsatisfiable'
    return { start: Number(BigInt(size) - length < 0n ? 0n : BigInt(size) - length), end: size }
  }
  const first = BigInt(digitsOf(spec.first, size))
  const last = spec.last === undefined ? undefined : BigInt(digitsOf(spec.last, size))
  // Section 14.1.1: a last-pos below the first-pos makes the range-spec invalid.
  if (last !== undefined && last < first) return 'invalid'
  if (first >= BigInt(size)) return 'unsatisfiable'
  return { start: Number(first), end: last === undefined || last >= BigInt(size) ? size : Number(last) + 1 }
}

/** What the gateway is to answer: 304, the whole content (200), a part of it (206) or none (416). */
function expected (content: Buffer, range: RangeHeader, ifRange: string | undefined, ifNoneMatch: string | undefined, etag: string): { status: 200 | 206 | 304 | 416, start?: number, end?: number } {
  const size = content.length
  // If-None-Match first (RFC 9110 section 13.2.2), weakly compared: '*' or a list with this content's tag.
  if (ifNoneMatch === '*' || (ifNoneMatch?.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag) ?? false)) return { status: 304 }
  // A Range applies only where If-Range is this content's strong ETag (a date never: see rangeStillApplies); other units are ignored.
  if (range === undefined || (ifRange !== undefined && ifRange !== etag) || range.unit.toLowerCase() !== 'bytes') return { status: 200 }
  // This gateway serves one range: several (or any spec that is none) get the whole content, which RFC 9110 allows.
  if (range.specs.length !== 1) return { status: 200 }
  const one = rangeOfSpec(range.specs[0]!, size)
  if (one === 'invalid') return { status: 200 }
  // An empty representation has no byte a 206 could name: a suffix range of it gets the whole (empty) content.
  if (one === 'unsatisfiable') return { status: 416 }
  if (size === 0) return { status: 200 }
  return { status: 206, ...one }
}

/** A gateway serving a writable file capsule: where, with which token, and the capsule's name. */
interface Served { gateway: HttpGateway, token: string, capsule: Uint8Array }

/** Puts files and reads them with random Range, If-Range and If-None-Match, checking each answer against the model. */
async function readsAgainstModel (served: () => Served, numRuns: number): Promise<void> {
  const fsPath = (rest: string, version?: number): string => `/v1/files/${formatName(served().capsule)}/fs/${rest}${version === undefined ? '' : `?version=${version}`}`
  const call = async (path: string, options: RequestOptions): Promise<Answer> => await request(served().gateway, path, { ...options, token: served().token })
  const sizeArb = fc.oneof(fc.constantFrom(0, 1, 2), fc.nat(300), fc.integer({ min: 60_000, max: 300_000 }))
  let files = 0
  await fc.assert(fc.asyncProperty(
    fc.array(sizeArb, { minLength: 1, maxLength: 3 }),
    fc.array(fc.record({ pick: fc.nat(), range: rangeArb, ifRange: validatorArb, ifNoneMatch: validatorArb, method: fc.constantFrom('GET', 'GET', 'HEAD') }), { minLength: 1, maxLength: 8 }),
    async (sizes, reads) => {
      const path = `f${files++}`
      const versions: Array<{ version: number, content: Buffer }> = []
      for (const size of sizes) {
        const content = randomBytes(size)
        const put = await call(fsPath(path), { method: 'PUT', body: content })
        expect(put.status).toBeLessThan(300)
        versions.push({ version: put.json.receipt.version, content })
      }
      for (const read of reads) {
        const at = read.pick % versions.length
        const { version, content } = versions[at]!
        const etag = etagOf(content)
        // An ETag of another content of the file, or of none it had.
        const older = etagOf(Buffer.concat([versions[(at + 1) % versions.length]!.content, Buffer.from(versions.length === 1 ? 'x' : '')]))
        const range = read.range === undefined ? undefined : `${read.range.unit}=${read.range.specs.map((s) => specText(s, content.length)).join(read.range.separator)}`
        const ifRange = validatorText(read.ifRange, etag, older)
        const ifNoneMatch = validatorText(read.ifNoneMatch, etag, older)
        const headers = { ...(range === undefined ? {} : { range }), ...(ifRange === undefined ? {} : { 'if-range': ifRange }), ...(ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch }) }
        const answer = await call(fsPath(path, at === versions.length - 1 && read.pick % 2 === 0 ? undefined : version), { method: read.method, headers })
        const want = expected(content, read.range, ifRange, ifNoneMatch, etag)
        const what = `${read.method} ${JSON.stringify(headers)} of ${content.length} bytes`
        expect(answer.status, what).toBe(want.status)
        if (want.status === 304) continue
        expect(answer.headers.get('etag'), what).toBe(etag)
        if (want.status === 416) {
          expect(answer.headers.get('content-range'), what).toBe(`bytes */${content.length}`)
          continue
        }
        const start = want.start ?? 0
        const end = want.end ?? content.length
        expect(answer.headers.get('content-range'), what).toBe(want.status === 206 ? `bytes ${start}-${end - 1}/${content.length}` : null)
        expect(answer.headers.get('content-length'), what).toBe(String(end - start))
        expect(answer.body.equals(read.method === 'HEAD' ? Buffer.alloc(0) : content.subarray(start, end)), what).toBe(true)
      }
    }), { numRuns })
}

describe('file reads through the gateway against a model of RFC 9110', () => {
  let h: Harness
  beforeAll(async () => { h = await startHarness() })
  afterAll(async () => { await h.cleanup() })

  it('Range, If-Range and If-None-Match on files rewritten a few times, read at their latest and at older versions', async () => {
    await readsAgainstModel(() => ({ gateway: h.gateway, token: TOKEN, capsule: h.kv.name }), 60)
  })
})

describe('file reads through a router\'s gateway against the same model', () => {
  const start = nodesPerTest({ advertiseIntervalMs: 200, advertiseLifetimeMs: 1000 })
  const dirs: Array<() => void> = []
  afterAll(() => { for (const cleanup of dirs.splice(0)) cleanup() })

  it('the same, the capsule on a server behind the router: writes signed by the router, reads proven through the overlay, chunks checked', async () => {
    const { router, server, writer, token } = await routerWritingForServer(start, dirs)
    const capsule = await createOwnedCapsule(server, writer, filesAppFields(), router)
    const served = { gateway: router.gateway!, token, capsule }
    await waitFor(async () => (await request(served.gateway, `/v1/files/${formatName(capsule)}/fs/`, { token: served.token })).status === 200 || undefined, { timeoutMs: 10_000, intervalMs: 100, what: 'the capsule to be routed' })
    await readsAgainstModel(() => served, 15)
  }, 60_000)
})

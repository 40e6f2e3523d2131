// Requests made up from the OpenAPI document (docs/openapi.yaml), the way a
// fuzzer of the field (schemathesis) makes them, sent to the gateway of a
// real server node (LevelDB store, key-value index, file capsule, raw
// capsule): every operation, with its path, query and header parameters and
// its body drawn from their schemas, from values just outside them (out of
// range, wrong type, bad encodings, `..`, escapes) and from junk. Each
// answer must be one the document lists for the operation and match its
// schema (a 500 is listed nowhere); afterwards the node's own index and a
// client reading with proofs through the overlay agree on every entry.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { formatName } from '../../src/capsule/name.js'
import type { AppField } from '../../src/capsule/types.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { filesAppFields } from '../../src/files/format.js'
import { loadToken } from '../../src/http/bearer-token.js'
import { kvAppField } from '../../src/kv/format.js'
import { RemoteKv } from '../../src/kv/remote.js'
import { DEFAULT_CONFIG, GATEWAY_TOKEN_FILE } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { tempDir, testCapsule, waitFor } from '../helpers.js'
import { checkAgainstDocument, createOwnedCapsule, openApiDoc } from './harness.js'

type Schema = { type?: string, enum?: unknown[], const?: unknown, minimum?: number, maximum?: number, $ref?: string, properties?: Record<string, Schema>, items?: Schema, required?: string[], maxItems?: number }
type Parameter = { name: string, in: 'path' | 'query' | 'header', required?: boolean, schema: Schema }
type Operation = { parameters?: Parameter[], requestBody?: { content: Record<string, { schema: Schema }> } }

// GDP_FUZZ_RUNS=1000 for a longer search (the suite runs 40 each, a new seed every run).
const RUNS_PER_OPERATION = Number(process.env.GDP_FUZZ_RUNS ?? 40)

const resolve = (schema: Schema): Schema => schema.$ref === undefined ? schema : resolve((openApiDoc().components as { schemas: Record<string, Schema> }).schemas[schema.$ref.split('/').pop()!]!)

/**
 * Values of a schema. Well-formed: inside it, and near what exists (small
 * versions, the keys written); hostile: also just outside it (out of range,
 * wrong type) and junk.
 */
function valueOf (raw: Schema, hostile: boolean, depth = 0, name = ''): fc.Arbitrary<unknown> {
  const schema = resolve(raw)
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum !== undefined) return hostile ? fc.oneof(fc.constantFrom(...schema.enum), text) : fc.constantFrom(...schema.enum)
  switch (schema.type) {
    case 'integer': {
      const min = schema.minimum ?? -(2 ** 53) + 1
      const max = schema.maximum ?? 2 ** 53 - 1
      const near = fc.integer({ min, max: Math.min(max, min + 12) })
      return hostile ? fc.oneof(near, fc.constantFrom(min, max, min - 1, max + 1, 2 ** 53, 1e300), text) : fc.oneof({ weight: 5, arbitrary: near }, { weight: 1, arbitrary: fc.constantFrom(min, max) })
    }
    case 'boolean': return hostile ? fc.oneof(fc.boolean(), text) : fc.boolean()
    case 'array': return depth > 3 ? fc.constant([]) : fc.array(valueOf(schema.items ?? {}, hostile, depth + 1), { minLength: hostile ? 0 : 1, maxLength: 4 })
    case 'object': {
      if (depth > 3 || schema.properties === undefined) return fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
      const fields = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, valueOf(v, hostile, depth + 1)]))
      return fc.record(fields, { requiredKeys: (schema.required ?? []).filter((k) => k in fields) })
    }
    default: return hostile ? fc.oneof(knownFor(name), text) : knownFor(name)
  }
}

/** Strings near what the node holds, by the parameter that takes them: keys and paths, times, ranges, ETags. */
const KEYS = ['a', 'dir/file', 'docs', 'docs/readme.txt', 'dir/', 'b', '']
const TIMES = ['2026-01-01T00:00:00Z', new Date().toISOString(), String(Date.now() * 1000)]
const ETAGS = ['"1"', '"2"', '"3"', 'W/"2"', '"1", "4"', '*']
const KNOWN: Record<string, string[]> = {
  at: TIMES, gt: KEYS, gte: KEYS, lt: KEYS, lte: KEYS, prefix: KEYS, after: ['a', 'docs', '1', '2'], cursor: ['YQ', 'AA'],
  'If-Match': ETAGS, 'If-None-Match': ETAGS, 'If-Range': ETAGS, Range: ['bytes=0-3', 'bytes=-2', 'bytes=5-', 'bytes=0-0'],
  'If-Unmodified-Since': [new Date().toUTCString(), 'Thu, 01 Jan 2026 00:00:00 GMT'], 'Last-Event-ID': ['0', '1', '3']
}
const known = fc.constantFrom(...new Set(Object.values(KNOWN).flat()))
const knownFor = (name: string): fc.Arbitrary<string> => KNOWN[name] === undefined ? known : fc.constantFrom(...KNOWN[name]!)

/** Strings a request might carry: anything near what exists, escapes, numbers in other forms, and junk. */
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  known,
  fc.constantFrom('', '-1', '1.5', '1e3', '0x10', 'NaN', 'true', 'bytes=3-1', 'bytes=0-1,2-3', 'bytes=99999999999999999999-', '%ff', '%', '..', 'a/../b', '\u00e9', 'x'.repeat(1025)),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.integer().map(String)
)

/** A path parameter: a name or path that exists, or (hostile) anything, escaped as a path segment or sent raw. */
function pathValue (parameter: Parameter, names: string[], hostile: boolean): fc.Arbitrary<string> {
  if (parameter.name === 'key' || parameter.name === 'path') {
    const existing = fc.constantFrom('a', 'dir/file', 'docs', 'docs/readme.txt', 'dir', 'new', 'dir/new', 'caf%C3%A9')
    if (!hostile) return existing
    const segment = fc.oneof(fc.constantFrom('a', 'dir', 'file', 'docs', 'readme.txt', '..', '.', '', '%2e%2e', '%2F', '%00', '%ff', '%c3%28'), fc.string({ maxLength: 6 }).map(encodeURIComponent), fc.string({ unit: 'grapheme', maxLength: 4 }).map(encodeURIComponent))
    return fc.oneof({ weight: 4, arbitrary: fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/')) }, { weight: 1, arbitrary: fc.constantFrom('x'.repeat(1024), 'x'.repeat(1025), 'a/'.repeat(300), '') }, { weight: 1, arbitrary: existing })
  }
  if (parameter.name === 'seqno') return hostile ? fc.oneof(fc.nat(5).map(String), fc.constantFrom('-1', '1e3', '0x10', '9007199254740992', 'a')) : fc.nat(5).map(String)
  const existing = fc.constantFrom(...names)
  // Not a well-formed name of no capsule: each waits out a lookup (4 s) and finds nothing, as the routing tests show.
  return hostile ? fc.oneof({ weight: 3, arbitrary: existing }, { weight: 1, arbitrary: fc.oneof(fc.string({ maxLength: 64 }).map(encodeURIComponent), fc.constantFrom('A'.repeat(42), 'A'.repeat(44), '0'.repeat(63), '')) }) : existing
}

const asText = (value: unknown): string => typeof value === 'string' ? value : JSON.stringify(value) ?? ''
/** A header's value as HTTP lets it through (visible ASCII and spaces). */
const headerText = (value: unknown): string => asText(value).replace(/[^\x20-\x7e]/g, '?').trim()

interface Made { method: string, target: string, headers: Record<string, string>, body?: Buffer }

/** Requests of one operation: well-formed ones (parameters and body from their schemas), and hostile ones. */
function requestsOf (path: string, method: string, operation: Operation, names: string[]): fc.Arbitrary<Made> {
  return fc.oneof(requestOf(path, method, operation, names, false), requestOf(path, method, operation, names, true))
}

function requestOf (path: string, method: string, operation: Operation, all: string[], hostile: boolean): fc.Arbitrary<Made> {
  const parameters = operation.parameters ?? []
  const names = hostile ? all : path.startsWith('/v1/files/') ? all.slice(0, 1) : path.startsWith('/v1/kv/') ? all.slice(0, 2) : all
  const pathParts = Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, pathValue(p, names, hostile)]))
  // A well-formed request gives few of its optional parameters (most of them exclude each other); a hostile one, any.
  const optional = (p: Parameter): fc.Arbitrary<unknown> => fc.option(valueOf(p.schema, hostile, 0, p.name), { nil: undefined, freq: hostile ? 2 : 4 })
  const query = Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, optional(p)]))
  const headers = Object.fromEntries(parameters.filter((p) => p.in === 'header').map((p) => [p.name, optional(p)]))
  const media = Object.keys(operation.requestBody?.content ?? {})
  const body: fc.Arbitrary<{ type?: string, bytes?: Buffer }> = media.length === 0
    ? fc.constant({})
    : fc.constantFrom(...media).chain((type) => type === 'application/json'
      ? (hostile ? fc.oneof(valueOf(operation.requestBody!.content[type]!.schema, true).map((v) => JSON.stringify(v)), fc.string(), fc.jsonValue().map((v) => JSON.stringify(v))) : (path.endsWith('/batch') ? batch : valueOf(operation.requestBody!.content[type]!.schema, false)).map((v) => JSON.stringify(v)))
        .map((json) => ({ type, bytes: Buffer.from(json) }))
      : fc.record({ type: hostile ? fc.constantFrom('application/octet-stream', 'text/plain', 'application/json', 'application/x-protobuf') : fc.constant(type === '*/*' ? 'application/octet-stream' : type), bytes: fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)) }))
  const extra = hostile ? fc.option(fc.tuple(fc.constantFrom('limit', 'version', 'from', 'encoding', 'bogus', 'at'), text), { nil: undefined, freq: 3 }) : fc.constant(undefined)
  const extraHeader = hostile ? fc.option(HOSTILE_HEADERS, { nil: undefined, freq: 3 }) : fc.constant(undefined)
  return fc.record({ pathParts: fc.record(pathParts), query: fc.record(query), headers: fc.record(headers), body, extra, extraHeader }).map(({ pathParts, query, headers, body, extra, extraHeader }) => {
    if (!hostile) wellFormed(query, headers)
    const target = path.replace(/\{(\w+)\}/g, (_, name: string) => pathParts[name] as string)
    const search = new URLSearchParams()
    for (const [k, v] of Object.entries(query)) if (v !== undefined) search.append(k, asText(v))
    if (extra !== undefined) search.append(extra[0], extra[1])
    const sent: Record<string, string> = {}
    for (const [k, v] of Object.entries(headers)) if (v !== undefined) sent[k] = headerText(v)
    if (body.type !== undefined) sent['content-type'] = body.type
    // Not a Transfer-Encoding on a HEAD: Node's parser refuses one it cannot read before the request is made, and the
    // JSON error written to the socket then, not knowing the method, carries a body a HEAD answer must not have.
    if (extraHeader !== undefined && !(method === 'head' && extraHeader[0] === 'transfer-encoding')) sent[extraHeader[0]] = extraHeader[1]
    const q = search.toString()
    return { method: method.toUpperCase(), target: target + (q === '' ? '' : '?' + q), headers: sent, ...(body.bytes === undefined ? {} : { body: body.bytes }) }
  })
}

/**
 * Headers a hostile request may add, whatever its route: expectations other than 100-continue (Node answered those 417
 * with no body), codings the gateway does not decode, conditions and ranges where the route takes none, resumption
 * where it is no stream, a type where there is no body.
 */
const HOSTILE_HEADERS = fc.oneof(
  fc.tuple(fc.constant('expect'), fc.oneof(fc.constantFrom('100-continue', '201-created', '100-continue, x', ''), text)),
  fc.tuple(fc.constantFrom('content-encoding', 'transfer-encoding'), fc.constantFrom('gzip', 'identity', 'br, gzip', 'chunked, gzip')),
  fc.tuple(fc.constantFrom('if-match', 'if-none-match', 'if-range', 'range', 'last-event-id', 'if-modified-since', 'if-unmodified-since'), fc.oneof(known, text)),
  fc.tuple(fc.constant('content-type'), fc.constantFrom('application/json', 'text/plain', 'application/x-protobuf', 'multipart/form-data; boundary=x', 'application/json; charset=latin1'))
).map(([name, value]) => [name, headerText(value)] as const)

/** A well-formed batch of key-value writes (values in base64, the default), with conditions of one form each. */
const batch = fc.record({
  ops: fc.array(fc.oneof(
    fc.record({ op: fc.constant('put'), key: fc.constantFrom(...KEYS.filter((k) => k !== '')).map((k) => Buffer.from(k).toString('base64')), value: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')) }),
    fc.record({ op: fc.constant('delete'), key: fc.constantFrom(...KEYS.filter((k) => k !== '')).map((k) => Buffer.from(k).toString('base64')) })
  ), { minLength: 1, maxLength: 4 }),
  conditions: fc.array(fc.record({ key: fc.constantFrom('a', 'docs').map((k) => Buffer.from(k).toString('base64')), condition: fc.oneof(fc.record({ absent: fc.boolean() }), fc.record({ seqno: fc.nat(12) })) }).map(({ key, condition }) => ({ key, ...condition })), { maxLength: 2 })
})

/** Drops the parameters a well-formed request would not give together (the document's descriptions say which exclude each other). */
function wellFormed (query: Record<string, unknown>, headers: Record<string, unknown>): void {
  if (query.version !== undefined) delete query.at
  if (query.prefix !== undefined) for (const bound of ['gt', 'gte', 'lt', 'lte']) delete query[bound]
  if (query.gt !== undefined) delete query.gte
  if (query.lt !== undefined) delete query.lte
  if (headers['If-Match'] !== undefined) delete headers['If-None-Match']
  // Keys and bounds here are UTF-8 text; hex and base64 are the hostile requests' to try.
  delete query.keyEncoding
  delete query.cursor
}

let router: GdpNode
let server: GdpNode
let client: GdpNode
/** A gateway to send to: where it listens and its token. */
interface Target { base: URL, token: string }
/** The server's gateway (its own index and store) and the router's (every read through the overlay, proven; every write signed there and sent on). */
const targets: Record<'server' | 'router', Target> = {} as Record<'server' | 'router', Target>
let names: { kv: string, files: string, raw: string }
const dir = tempDir()

/** Sends a request as made (its target exactly as given: fetch would fold `..` segments); an event stream is closed once its head is in. */
async function send (made: Made, { base, token }: Target = targets.server): Promise<{ status: number, body: Buffer, contentType: string | null, headers: IncomingHttpHeaders }> {
  return await new Promise((resolve, reject) => {
    const req = httpRequest({ host: base.hostname, port: base.port, path: made.target, method: made.method, headers: { authorization: `Bearer ${token}`, ...made.headers } }, (res) => {
      const contentType = res.headers['content-type'] ?? null
      if (contentType?.startsWith('text/event-stream') === true) {
        res.destroy()
        resolve({ status: res.statusCode!, body: Buffer.alloc(0), contentType, headers: res.headers })
        return
      }
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => { resolve({ status: res.statusCode!, body: Buffer.concat(chunks), contentType, headers: res.headers }) })
      res.on('error', reject)
    })
    req.setTimeout(15_000, () => { req.destroy(new Error(`${made.method} ${made.target}: no answer in 15 s`)) })
    req.on('error', reject)
    req.end(made.body)
  })
}

beforeAll(async () => {
  const start = async (role: 'router' | 'server' | 'client', upstream?: GdpNode, config = {}): Promise<GdpNode> => {
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, advertiseIntervalMs: 200, advertiseLifetimeMs: 1000, ...config, data: join(dir.path, role), role, listen: role === 'client' ? [] : ['/ip4/127.0.0.1/tcp/0'], upstream: upstream?.multiaddrs()[0] },
      role === 'client' ? { key: new Ed25519Signer(crypto.getRandomValues(new Uint8Array(32))) } : {})
    await node.start()
    if (upstream !== undefined) await node.upstreamReady(10_000)
    return node
  }
  const keyFile = join(dir.path, 'writer.key')
  const writer = new Ed25519Signer(writeKeyFile(keyFile, false).secretKey)
  router = await start('router', undefined, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0, writerKeys: [keyFile] } })
  server = await start('server', router, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0, writerKeys: [keyFile] } })
  client = await start('client', router)
  for (const [role, node] of [['server', server], ['router', router]] as const) targets[role] = { base: new URL(node.gateway!.url), token: loadToken(join(node.config.data, GATEWAY_TOKEN_FILE), false, 'gateway') }
  const nowUs = Date.now() * 1000
  const create = async (appFields: AppField[]): Promise<string> => formatName(await createOwnedCapsule(server, writer, appFields))
  const raw = testCapsule(nowUs)
  await server.client.create(raw.signed, server.name, signAdCert({ capsule: raw.name, server: server.name, notBeforeUs: nowUs - 1e6, notAfterUs: nowUs + 3600e6 }, raw.owner))
  names = { kv: await create([kvAppField()]), files: await create(filesAppFields()), raw: formatName(raw.name) }
  // Something to find: keys, files and folders, and records.
  const seed: Made[] = [
    ...['a', 'dir/file', 'docs'].map((key) => ({ method: 'PUT', target: `/v1/kv/${names.kv}/keys/${key}`, headers: {}, body: Buffer.from(`value of ${key}`) })),
    ...['a', 'dir/file', 'docs/readme.txt'].map((path) => ({ method: 'PUT', target: `/v1/files/${names.files}/fs/${path}`, headers: {}, body: Buffer.from(`file ${path}`) }))
  ]
  for (const made of seed) expect((await send(made)).status, made.target).toBeLessThan(300)
  // The router has the capsules' routes before anything is asked of it (the models read through it from the first step).
  for (const target of [`/v1/kv/${names.kv}`, `/v1/kv/${names.files}`, `/v1/capsules/${names.raw}`]) {
    await waitFor(async () => (await send({ method: 'GET', target, headers: {} }, targets.router)).status === 200 ? true : undefined, { timeoutMs: 15_000, intervalMs: 100, what: `the router's gateway to reach ${target}` })
  }
}, 60_000)

/** Answers by operation and status; printed with GDP_FUZZ_RUNS, to see how far past the refusals the requests reach. */
const statuses = new Map<string, number>()

afterAll(async () => {
  if (process.env.GDP_FUZZ_RUNS !== undefined) console.log([...statuses].sort().map(([k, n]) => `${k}: ${n}`).join('\n'))
  for (const node of [client, server, router]) await node?.stop().catch(() => {})
  dir.cleanup()
})

const operations = Object.entries(openApiDoc().paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op: op as unknown as Operation })))

describe('requests made up from the OpenAPI document, sent to a real node\'s gateway', () => {
  const cases = (['server', 'router'] as const).flatMap((role) => operations.map((o) => [role, `${o.method.toUpperCase()} ${o.path}`, o] as const))
  it.each(cases)('%s\'s gateway, %s: every answer is one the document lists, matching its schema', async (role, _, { path, method, op }) => {
    await fc.assert(fc.asyncProperty(requestsOf(path, method, op, [names.files, names.kv, names.raw]), async (made) => {
      const answer = await send(made, targets[role])
      const key = `${role} ${made.method} ${path} ${answer.status}`
      statuses.set(key, (statuses.get(key) ?? 0) + 1)
      const at = made.target.split('?')[0]!
      try {
        checkAgainstDocument(made.method, at, answer.status, answer.contentType, answer.body)
      } catch (err) {
        throw new Error(`${made.method} ${made.target} ${JSON.stringify(made.headers)} ${made.body?.subarray(0, 200).toString() ?? ''}: ${(err as Error).message}\n${answer.body.subarray(0, 300).toString()}`)
      }
    }), { numRuns: RUNS_PER_OPERATION, endOnFailure: true })
  }, 120_000)

  it('a run of writes and reads, each through either gateway, answers as a model of the key-value capsule does, at the latest version and at earlier ones', async () => {
    type Held = { value: string, seqno: number }
    const key = fc.constantFrom('a', 'b', 'c/d', 'caf\u00e9')
    const via = fc.constantFrom<'server' | 'router'>('server', 'router')
    const value = fc.string({ maxLength: 8 })
    const command = fc.oneof(
      fc.record({ op: fc.constant('put' as const), via, key, value }),
      fc.record({ op: fc.constant('delete' as const), via, key }),
      fc.record({ op: fc.constant('batch' as const), via, puts: fc.array(fc.tuple(key, value), { maxLength: 3 }), deletes: fc.array(key, { maxLength: 2 }) }),
      fc.record({ op: fc.constant('cas' as const), via, key, value, expect: fc.constantFrom('held', 'other', 'absent') }),
      fc.record({ op: fc.constant('get' as const), via, key, back: fc.nat(6) }),
      fc.record({ op: fc.constant('list' as const), via, back: fc.nat(6) })
    )
    let run = 0
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 20 }), async (commands) => {
      const prefix = `model/${run++}/`
      const path = (k: string): string => `/v1/kv/${names.kv}/keys/${encodeURIComponent(prefix + k).replace(/%2F/g, '/')}`
      let state = new Map<string, Held>()
      const versions: Array<{ version: number, state: Map<string, Held> }> = []
      const wrote = (answer: { status: number, body: Buffer }, what: string, apply: (seqno: number) => void): void => {
        expect(answer.status, `${what}: ${answer.body.toString()}`).toBe(200)
        const receipt = JSON.parse(answer.body.toString()) as { seqno: number, version: number }
        state = new Map(state)
        apply(receipt.seqno)
        versions.push({ version: receipt.version, state })
      }
      const stateAt = (back: number): { at: string, state: Map<string, Held> } => {
        const earlier = versions[versions.length - 1 - back]
        return earlier === undefined ? { at: '', state } : { at: `version=${earlier.version}`, state: earlier.state }
      }
      for (const c of commands) {
        const target = targets[c.via]
        const what = `${c.via} ${JSON.stringify(c)}`
        switch (c.op) {
          case 'put':
            wrote(await send({ method: 'PUT', target: path(c.key), headers: {}, body: Buffer.from(c.value) }, target), what, (seqno) => state.set(c.key, { value: c.value, seqno }))
            break
          case 'delete':
            wrote(await send({ method: 'DELETE', target: path(c.key), headers: {} }, target), what, () => state.delete(c.key))
            break
          case 'batch': {
            const ops: Array<{ op: 'put' | 'delete', key: string, value?: string }> = [...c.puts.map(([k, v]) => ({ op: 'put' as const, key: prefix + k, value: v })), ...c.deletes.map((k) => ({ op: 'delete' as const, key: prefix + k }))]
            if (ops.length === 0) break
            wrote(await send({ method: 'POST', target: `/v1/kv/${names.kv}/batch?keyEncoding=utf8&valueEncoding=utf8`, headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ ops })) }, target), what, (seqno) => {
              for (const op of ops) {
                const k = op.key.slice(prefix.length)
                if (op.op === 'put') state.set(k, { value: op.value!, seqno })
                else state.delete(k)
              }
            })
            break
          }
          case 'cas': {
            const held = state.get(c.key)
            const condition: Record<string, string> = c.expect === 'absent' ? { 'If-None-Match': '*' } : { 'If-Match': `"${c.expect === 'held' && held !== undefined ? held.seqno : 999999}"` }
            const holds = c.expect === 'absent' ? held === undefined : c.expect === 'held' && held !== undefined
            const put = async (): Promise<Awaited<ReturnType<typeof send>>> => await send({ method: 'PUT', target: path(c.key), headers: condition, body: Buffer.from(c.value) }, target)
            // A gateway whose session of the writer is behind the other's writes checks no condition on a state it does not
            // hold: 409 ChainMismatchError, and it catches up for the next (docs/gateway.md); a client sends it again.
            let answer = await put()
            if (answer.status === 409 && JSON.parse(answer.body.toString()).error === 'ChainMismatchError') answer = await put()
            if (holds) wrote(answer, what, (seqno) => state.set(c.key, { value: c.value, seqno }))
            else expect(answer.status, `${what}: ${answer.body.toString()}`).toBe(412)
            break
          }
          case 'get': {
            const { at, state: then } = stateAt(c.back)
            const answer = await send({ method: 'GET', target: path(c.key) + (at === '' ? '' : `?${at}`), headers: {} }, target)
            const held = then.get(c.key)
            expect(answer.status, `${what} ${at}: ${answer.body.toString()}`).toBe(held === undefined ? 404 : 200)
            if (held !== undefined) {
              expect(answer.body.toString(), what).toBe(held.value)
              expect(answer.headers.etag, what).toBe(`"${held.seqno}"`)
            }
            break
          }
          case 'list': {
            const { at, state: then } = stateAt(c.back)
            const answer = await send({ method: 'GET', target: `/v1/kv/${names.kv}/entries?prefix=${encodeURIComponent(prefix)}&valueEncoding=utf8${at === '' ? '' : `&${at}`}`, headers: {} }, target)
            expect(answer.status, `${what} ${at}: ${answer.body.toString()}`).toBe(200)
            const page = JSON.parse(answer.body.toString()) as { entries: Array<{ key: string, value: string, seqno: number }> }
            const expected = [...then].map(([k, held]) => ({ key: prefix + k, value: held.value, seqno: held.seqno })).sort((x, y) => Buffer.compare(Buffer.from(x.key), Buffer.from(y.key)))
            expect(page.entries.map((e) => ({ key: e.key, value: e.value, seqno: e.seqno })), `${what} ${at}`).toEqual(expected)
            const count = await send({ method: 'GET', target: `/v1/kv/${names.kv}/count?prefix=${encodeURIComponent(prefix)}${at === '' ? '' : `&${at}`}`, headers: {} }, target)
            expect(JSON.parse(count.body.toString()).count, `${what} ${at}`).toBe(expected.length)
            break
          }
        }
      }
    }), { numRuns: Math.max(4, Math.floor(RUNS_PER_OPERATION / 4)), endOnFailure: true })
  }, 120_000)

  it('a run of file writes and reads, each through either gateway, answers as a model of the file tree does, at the latest version and at earlier ones', async () => {
    type Entry = { type: 'file', data: Buffer } | { type: 'folder' }
    // Files and folders that collide: a file where a folder is asked for, a folder holding files, a folder in a folder.
    const place = fc.constantFrom('a', 'b', 'd/a', 'd/e/f', 'd/e', 'd')
    const via = fc.constantFrom<'server' | 'router'>('server', 'router')
    // Small files, and files of several chunks made of repeated blocks, so later puts find chunks stored already.
    const content = fc.record({ seed: fc.nat(7), size: fc.constantFrom(0, 1, 100, 70_000, 300_000) }).map(({ seed, size }) => {
      const blocks = [0, 1, 2].map((i) => Buffer.alloc(16_384, `${seed + i}`.repeat(7) + String.fromCharCode(65 + seed + i)))
      const out = Buffer.alloc(size)
      for (let at = 0; at < size; at += 16_384) blocks[(at / 16_384 + seed) % 3]!.copy(out, at)
      return out
    })
    const command = fc.oneof(
      { weight: 3, arbitrary: fc.record({ op: fc.constant('put' as const), via, place, content }) },
      fc.record({ op: fc.constant('delete' as const), via, place, recursive: fc.boolean() }),
      { weight: 2, arbitrary: fc.record({ op: fc.constant('get' as const), via, place: fc.oneof(place, fc.constant('')), back: fc.nat(5), range: fc.option(fc.tuple(fc.nat(400_000), fc.nat(400_000)), { nil: undefined }) }) }
    )
    let run = 0
    await fc.assert(fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (commands) => {
      const root = `model-${run++}`
      const target = (p: string, query = ''): string => `/v1/files/${names.files}/fs/${root}${p === '' ? '' : `/${p}`}${query}`
      // The run's folder is made first; the model is what lies below it.
      expect((await send({ method: 'PUT', target: target('.keep'), headers: {}, body: Buffer.alloc(0) })).status).toBe(201)
      let tree = new Map<string, Entry>([['.keep', { type: 'file', data: Buffer.alloc(0) }]])
      const versions: Array<{ version: number, tree: Map<string, Entry> }> = []
      const parentsOf = (p: string): string[] => p.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))
      for (const c of commands) {
        const what = `${c.via} ${JSON.stringify({ ...c, content: 'content' in c ? c.content.length : undefined })}`
        const at = targets[c.via]
        switch (c.op) {
          case 'put': {
            let answer = await send({ method: 'PUT', target: target(c.place), headers: {}, body: c.content }, at)
            // A write through the gateway whose session of the writer is behind the other's: sent again (docs/gateway.md).
            if (answer.status === 409 && JSON.parse(answer.body.toString()).error === 'ChainMismatchError') answer = await send({ method: 'PUT', target: target(c.place), headers: {}, body: c.content }, at)
            const blocked = parentsOf(c.place).find((parent) => tree.get(parent)?.type === 'file')
            const existing = tree.get(c.place)
            if (blocked !== undefined || existing?.type === 'folder') {
              expect(answer.status, `${what}: ${answer.body.toString()}`).toBe(409)
              expect(JSON.parse(answer.body.toString()).error, what).toBe(blocked !== undefined ? 'NotADirectoryError' : 'IsADirectoryError')
              break
            }
            expect(answer.status, `${what}: ${answer.body.toString()}`).toBe(existing === undefined ? 201 : 200)
            tree = new Map(tree)
            for (const parent of parentsOf(c.place)) if (!tree.has(parent)) tree.set(parent, { type: 'folder' })
            tree.set(c.place, { type: 'file', data: c.content })
            versions.push({ version: (JSON.parse(answer.body.toString()) as { receipt: { version: number } }).receipt.version, tree })
            break
          }
          case 'delete': {
            const del = async (): Promise<Awaited<ReturnType<typeof send>>> => await send({ method: 'DELETE', target: target(c.place, c.recursive ? '?recursive=true' : ''), headers: {} }, at)
            let answer = await del()
            if (answer.status === 409 && JSON.parse(answer.body.toString()).error === 'ChainMismatchError') answer = await del()
            const existing = tree.get(c.place)
            const below = [...tree.keys()].filter((p) => p.startsWith(c.place + '/'))
            if (existing === undefined) {
              expect(answer.status, `${what}: ${answer.body.toString()}`).toBe(404)
              break
            }
            if (existing.type === 'folder' && below.length > 0 && !c.recursive) {
              expect(answer.status, `${what}: ${answer.body.toString()}`).toBe(409)
              expect(JSON.parse(answer.body.toString()).error, what).toBe('DirectoryNotEmptyError')
              break
            }
            expect(answer.status, `${what}: ${answer.body.toString()}`).toBe(200)
            tree = new Map(tree)
            for (const p of [c.place, ...below]) tree.delete(p)
            versions.push({ version: (JSON.parse(answer.body.toString()) as { version: number }).version, tree })
            break
          }
          case 'get': {
            const earlier = c.range === undefined ? versions[versions.length - 1 - c.back] : undefined
            const then = earlier?.tree ?? tree
            const headers: Record<string, string> = c.range === undefined ? {} : { range: `bytes=${Math.min(...c.range)}-${Math.max(...c.range)}` }
            const answer = await send({ method: 'GET', target: target(c.place, earlier === undefined ? '' : `?version=${earlier.version}`), headers }, at)
            const entry = c.place === '' ? { type: 'folder' as const } : then.get(c.place)
            const context = `${what} version ${earlier?.version ?? 'latest'}`
            if (entry === undefined) {
              expect(answer.status, `${context}: ${answer.body.toString()}`).toBe(404)
            } else if (entry.type === 'folder') {
              expect(answer.status, `${context}: ${answer.body.toString()}`).toBe(200)
              const listing = JSON.parse(answer.body.toString()) as { entries: Array<{ name: string, type: string, size?: number }> }
              const prefix = c.place === '' ? '' : c.place + '/'
              const children = [...then].filter(([p]) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map(([p, e]) => ({ name: p.slice(prefix.length), type: e.type, ...(e.type === 'file' ? { size: e.data.length } : {}) }))
              expect(listing.entries.map((e) => ({ name: e.name, type: e.type, ...(e.type === 'file' ? { size: e.size } : {}) })), context).toEqual(children.sort((x, y) => Buffer.compare(Buffer.from(x.name), Buffer.from(y.name))))
            } else if (c.range === undefined) {
              expect(answer.status, context).toBe(200)
              expect(answer.body.equals(entry.data), `${context}: ${answer.body.length} bytes, expected ${entry.data.length}`).toBe(true)
            } else {
              const [first, last] = [Math.min(...c.range), Math.max(...c.range)]
              if (first >= entry.data.length) {
                expect(answer.status, `${context}: ${answer.body.toString().slice(0, 200)}`).toBe(416)
              } else {
                expect(answer.status, context).toBe(206)
                expect(answer.body.equals(entry.data.subarray(first, last + 1)), `${context}: ${answer.body.length} bytes`).toBe(true)
                expect(answer.headers['content-range'], context).toBe(`bytes ${first}-${Math.min(last, entry.data.length - 1)}/${entry.data.length}`)
              }
            }
            break
          }
        }
      }
    }), { numRuns: Math.max(3, Math.floor(RUNS_PER_OPERATION / 8)), endOnFailure: true })
  }, 180_000)

  it('leaves each capsule\'s index as its records make it: the server\'s gateway (its own index), the router\'s (proven through the overlay) and a client reading with proofs agree on every entry', async () => {
    const listed = async (capsule: string, target: Target): Promise<Array<{ key: string, value: string }>> => {
      const entries: Array<{ key: string, value: string }> = []
      let cursor: string | undefined
      do {
        const answer = await send({ method: 'GET', target: `/v1/kv/${capsule}/entries?keyEncoding=hex&valueEncoding=hex&limit=1000${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`, headers: {} }, target)
        expect(answer.status).toBe(200)
        const page = JSON.parse(answer.body.toString()) as { entries: Array<{ key: string, value: string }>, cursor?: string }
        entries.push(...page.entries.map((e) => ({ key: e.key, value: e.value })))
        cursor = page.cursor
      } while (cursor !== undefined)
      return entries
    }
    for (const capsule of [names.kv, names.files]) {
      const own = await listed(capsule, targets.server)
      expect(own.length).toBeGreaterThan(0)
      expect(await listed(capsule, targets.router)).toEqual(own)
      const remote = await waitFor(async () => await RemoteKv.open(client.client, Buffer.from(capsule, 'base64url')).catch(() => undefined), { timeoutMs: 10_000, intervalMs: 200, what: 'the key-value capsule to be routed' })
      const proven = await (await remote.view()).range({})
      expect(proven.map((e) => ({ key: Buffer.from(e.key).toString('hex'), value: Buffer.from(e.value).toString('hex') }))).toEqual(own)
    }
  }, 60_000)
})

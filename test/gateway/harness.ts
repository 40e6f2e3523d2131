// What the gateway tests share: a gateway over a real capsule server on
// in-memory overlay links and in-memory key-value capsules, listening on
// 127.0.0.1 port 0; an HTTP helper that checks every answer against the
// OpenAPI document in docs/openapi.yaml; and an SSE reader.
import { readFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { afterEach, expect, vi } from 'vitest'
import { disable, enable } from '@libp2p/logger'
import { GdpClient } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { httpGateway, type HttpGateway, type HttpGatewayInit } from '../../src/gateway/gateway.js'
import { nodeName } from '../../src/routing/signing.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir, testCapsule, waitFor, type TestCapsule } from '../helpers.js'
import { clock, connect, memoryNode } from '../routing/memory-links.js'
import { memoryCapsule, memoryKvAccess } from './memory-kv.js'
import type { MemoryKv } from '../files/memory-kv.js'
import { filesAppFields } from '../../src/files/format.js'
import { kvAppField } from '../../src/kv/format.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import type { AppField } from '../../src/capsule/types.js'
import { signAdCert } from '../../src/routing/certificates.js'
import type { GdpNode } from '../../src/node/node.js'
import { DEFAULT_CONFIG, GATEWAY_TOKEN_FILE } from '../../src/node/config.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { loadToken } from '../../src/http/bearer-token.js'
import type { StartNode } from '../node/local-nodes.js'

export const TOKEN = 'test-token-0123456789abcdef'
/**
 * A stuck window shorter than the default (2 s, 12 s), for the tests that wait past it: the budgets cut off, and the
 * event streams end, a stuck client alike at any window. Long enough that a loaded machine does within it the work a
 * test does before the client may be stuck.
 */
export const SHORT_STUCK = { stuckClientMs: 1000, stuckClientMostMs: 5000 } as const
export const OPENAPI_FILE = join(import.meta.dirname, '../../docs/openapi.yaml')

export interface Harness {
  gateway: HttpGateway
  client: GdpClient
  service: CapsuleService
  capsule: TestCapsule
  /** A writable file capsule (the key-value routes serve it too). */
  kv: MemoryKv
  /** A file capsule this node cannot write. */
  readOnlyKv: MemoryKv
  /** A writable key-value capsule that is not a file capsule. */
  plainKv: MemoryKv
  cleanup: () => Promise<void>
}

/** A capsule server, a client linked to it, a created capsule, in-memory file and key-value capsules, and the gateway over them. */
export async function startHarness (init: Partial<HttpGatewayInit> = {}): Promise<Harness> {
  const dir = tempDir('gdp-gateway-')
  const store = await CapsuleStore.open({ path: dir.path })
  const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const service = new CapsuleService({}, { store, signer: key, clock })
  await service.start()
  const s = memoryNode(nodeName(key.publicKey), service)
  const c = memoryNode(new Uint8Array(32).fill(3))
  connect(c, s)
  c.f.setDefaultRoute(s.f.self)
  const client = new GdpClient({ timeoutMs: 3000 }, { forwarder: c.f })
  const capsule = testCapsule()
  await client.create(capsule.signed, s.f.self)
  // File capsules, which the key-value routes serve too (a file capsule is a key-value capsule), and one that is key-value only.
  const files = memoryCapsule(filesAppFields())
  const readOnlyFiles = memoryCapsule(filesAppFields())
  const keyValue = memoryCapsule([kvAppField()])
  // A short grace at stop: a test's clients still holding requests when it ends do not hold its cleanup 2 s.
  const gateway = httpGateway({ host: '127.0.0.1', port: 0, token: TOKEN, stopGraceMs: 200, ...init })({ client, kv: memoryKvAccess([files, keyValue], [readOnlyFiles]) })
  await gateway.start()
  return {
    gateway, client, service, capsule, kv: files.kv, readOnlyKv: readOnlyFiles.kv, plainKv: keyValue.kv,
    cleanup: async () => {
      await gateway.stop()
      s.f.stop(); c.f.stop()
      await service.stop()
      await store.close()
      dir.cleanup()
    }
  }
}

/**
 * Creates on a real server node a capsule that `writer` owns and writes (a key-value one with kvAppField(), a file
 * one with filesAppFields()), delegated to the server for an hour, asked by `from` (the server itself, or a node
 * that reaches it through the overlay); its name.
 */
/**
 * A router whose gateway writes with a key it was given (the writer), and a
 * server behind it, to hold capsules the gateway serves through the overlay;
 * `cleanups` gets the key's folder to remove.
 */
export async function routerWritingForServer (start: StartNode, cleanups: Array<() => void>): Promise<{ router: GdpNode, server: GdpNode, writer: Ed25519Signer, token: string }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const keyFile = join(dir.path, 'writer.key')
  const writer = new Ed25519Signer(writeKeyFile(keyFile, false).secretKey)
  const router = await start('router', undefined, { gateway: { ...DEFAULT_CONFIG.gateway, enabled: true, port: 0, writerKeys: [keyFile] } })
  const server = await start('server', router)
  return { router, server, writer, token: loadToken(join(router.config.data, GATEWAY_TOKEN_FILE), false, 'gateway') }
}

export async function createOwnedCapsule (server: GdpNode, writer: Ed25519Signer, appFields: AppField[], from: GdpNode = server): Promise<Uint8Array> {
  const nowUs = Date.now() * 1000
  const metadata = newMetadata({ owner: writer.publicKey, writer: writer.publicKey, createdAtUs: nowUs, appFields, nonce: crypto.getRandomValues(new Uint8Array(16)) })
  const name = capsuleName(metadata)
  await from.client.create(signMetadata(metadata, writer), server.name, signAdCert({ capsule: name, server: server.name, notBeforeUs: nowUs - 1e6, notAfterUs: nowUs + 3600e6 }, writer))
  return name
}

// ---- the OpenAPI document, and checking answers against it ----

type Operation = { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }
type Document = { paths: Record<string, Record<string, Operation>>, components: unknown }
let loaded: Document | undefined
/** docs/openapi.yaml, read when first needed (the OpenAPI test writes it with UPDATE_OPENAPI=1). */
export const openApiDoc = (): Document => (loaded ??= parse(readFileSync(OPENAPI_FILE, 'utf8')) as Document)
const ajv = new Ajv2020({ strict: false, allErrors: true })
const validators = new Map<string, ReturnType<typeof ajv.compile>>()

/** The document's path template that a concrete path matches ({key} and {path}, the rest parameters, take slashes too). */
export function templateOf (path: string): string | undefined {
  for (const template of Object.keys(openApiDoc().paths)) {
    const pattern = '^' + template.replace(/[.]/g, '\\.').replace(/\{(key|path)\}/g, '.*').replace(/\{\w+\}/g, '[^/]*') + '$'
    if (new RegExp(pattern).test(path)) return template
  }
  return undefined
}

/** Checks a JSON value against a schema of the document (a response body, an event's data). */
export function expectValid (schema: unknown, value: unknown, what: string): void {
  const id = JSON.stringify(schema)
  let validate = validators.get(id)
  if (validate === undefined) {
    validate = ajv.compile({ ...(schema as object), components: openApiDoc().components })
    validators.set(id, validate)
  }
  if (!validate(value)) throw new Error(`${what} does not match the OpenAPI document: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(value).slice(0, 500)}`)
}

export const componentSchema = (name: string): unknown => ({ $ref: `#/components/schemas/${name}` })

/** Answers checked so far, by "METHOD template status": the OpenAPI test reads which were exercised. */
export const checkedAnswers = new Set<string>()

export function checkAgainstDocument (method: string, path: string, status: number, contentType: string | null, body: Buffer): void {
  const template = templateOf(path)
  const mediaType = contentType?.split(';')[0]!.trim()
  if (template === undefined || openApiDoc().paths[template]![method.toLowerCase()] === undefined) {
    // No such route: the gateway's 404, or 405 for a path the document lists under other methods (or 401 before it looks), is an Error all the same.
    expect([401, template === undefined ? 404 : 405]).toContain(status)
    expectValid(componentSchema('Error'), JSON.parse(body.toString()), `${method} ${path} ${status}`)
    return
  }
  const operation = openApiDoc().paths[template]![method.toLowerCase()]!
  const response = operation.responses[String(status)]
  if (response === undefined) throw new Error(`${method} ${template} answered ${status}, which the OpenAPI document does not list (${Object.keys(operation.responses).join(', ')})`)
  checkedAnswers.add(`${method} ${template} ${status}`)
  if (body.length === 0 || method === 'HEAD') return
  const content = response.content ?? {}
  const media = mediaType === undefined ? undefined : content[mediaType] ?? content['*/*']
  if (media?.schema === undefined) throw new Error(`${method} ${template} ${status} answered ${mediaType ?? 'no content type'}, which the document does not list with a schema (${Object.keys(content).join(', ')})`)
  if (mediaType === 'application/json') expectValid(media.schema, JSON.parse(body.toString()), `${method} ${template} ${status}`)
}

export interface Answer {
  status: number
  headers: Headers
  body: Buffer
  json: any
}

export interface RequestOptions {
  method?: string
  headers?: Record<string, string>
  /** Bytes, text, JSON (an object), or a stream sent chunked (no Content-Length). */
  body?: Uint8Array | string | ReadableStream<Uint8Array> | object
  /** The bearer token; null sends no Authorization header. @default TOKEN */
  token?: string | null
}

/** One request to the gateway; the answer is checked against the OpenAPI document. */
export async function request (gateway: HttpGateway, path: string, options: RequestOptions = {}): Promise<Answer> {
  const method = options.method ?? 'GET'
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== null) headers.authorization = `Bearer ${options.token ?? TOKEN}`
  let body: Uint8Array | string | ReadableStream<Uint8Array> | undefined
  if (options.body instanceof Uint8Array || typeof options.body === 'string' || options.body instanceof ReadableStream) body = options.body
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const res = await fetch(gateway.url + path, { method, headers, ...(body === undefined ? {} : { body }), ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit)
  const bytes = Buffer.from(await res.arrayBuffer())
  // Every answer, refusals included: no browser runs a served file as HTML.
  expect(res.headers.get('x-content-type-options'), `${method} ${path}`).toBe('nosniff')
  checkAgainstDocument(method, path.split('?')[0]!, res.status, res.headers.get('content-type'), bytes)
  let json: unknown
  if (res.headers.get('content-type')?.startsWith('application/json') === true && bytes.length > 0) json = JSON.parse(bytes.toString())
  return { status: res.status, headers: res.headers, body: bytes, json }
}

/**
 * Sends the headers and `sent` of `total` body bytes, then drops the
 * connection, as a client that dies mid-upload; resolves once the socket is gone.
 */
export async function abandonedUpload (gateway: HttpGateway, path: string, method: string, contentType: string, total: number, sent: number): Promise<void> {
  const url = new URL(gateway.url + path)
  await new Promise<void>((resolve) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': contentType, 'content-length': String(total) } })
    req.on('error', () => { resolve() })
    req.on('close', () => { resolve() })
    req.write(Buffer.alloc(sent, 0x61), () => { req.destroy() })
  })
}

/**
 * A request whose target is sent exactly as given (fetch folds '.' and '..'
 * segments, even escaped ones, and sends no absolute-form target); checked
 * against the document, by the target's path.
 */
export async function rawPathRequest (gateway: HttpGateway, method: string, path: string, body?: string): Promise<{ status: number, json: any }> {
  const url = new URL(gateway.url)
  return await new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path, method, headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => {
        const answer = Buffer.concat(chunks)
        try {
          checkAgainstDocument(method, path.replace(/^[a-z]+:\/\/[^/]*/i, '').split('?')[0]!, res.statusCode!, res.headers['content-type'] ?? null, answer)
          resolve({ status: res.statusCode!, json: answer.length > 0 ? JSON.parse(answer.toString()) : undefined })
        } catch (err) {
          reject(err)
        }
      })
    })
    req.on('error', reject)
    req.end(body)
  })
}

// ---- Server-Sent Events ----

export interface ServerEvent { id?: string, event: string, data: any }

export interface EventReader {
  status: number
  /** The next event; fails after `timeoutMs`. */
  next: (timeoutMs?: number) => Promise<ServerEvent>
  /** Disconnects, as a client that goes away does. */
  close: () => void
  /** Resolves when the server ended the stream. */
  ended: Promise<void>
}

/** Opens an event stream; each event's data is checked against `schemas[event]` of the document. */
export async function openEvents (gateway: HttpGateway, path: string, schemas: Record<string, string>, headers: Record<string, string> = {}): Promise<EventReader> {
  const controller = new AbortController()
  const res = await fetch(gateway.url + path, { headers: { authorization: `Bearer ${TOKEN}`, ...headers }, signal: controller.signal })
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  checkAgainstDocument('GET', path.split('?')[0]!, res.status, res.headers.get('content-type'), Buffer.alloc(0))
  const events: ServerEvent[] = []
  let wake: (() => void) | undefined
  let buffered = ''
  let endedResolve: () => void = () => {}
  const ended = new Promise<void>((resolve) => { endedResolve = resolve })
  void (async () => {
    const decoder = new TextDecoder()
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffered += decoder.decode(chunk, { stream: true })
        let cut: number
        while ((cut = buffered.indexOf('\n\n')) >= 0) {
          const block = buffered.slice(0, cut)
          buffered = buffered.slice(cut + 2)
          const fields = new Map<string, string>()
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue // a comment: the stream opening, a keep-alive
            const colon = line.indexOf(': ')
            fields.set(line.slice(0, colon), line.slice(colon + 2))
          }
          if (!fields.has('event')) continue
          const event: ServerEvent = { event: fields.get('event')!, data: JSON.parse(fields.get('data') ?? 'null') }
          if (fields.has('id')) event.id = fields.get('id')
          const schema = schemas[event.event] ?? 'Error'
          expectValid(componentSchema(event.event === 'error' ? 'Error' : schema), event.data, `the ${event.event} event of ${path}`)
          events.push(event)
          wake?.()
        }
      }
    } catch {
      // aborted by close()
    }
    endedResolve()
    wake?.()
  })()
  let done = false
  void ended.then(() => { done = true })
  return {
    status: res.status,
    async next (timeoutMs = 5000) {
      return await waitFor(async () => {
        const event = events.shift()
        if (event !== undefined) return event
        if (done) throw new Error('the stream ended')
        await new Promise<void>((resolve) => { wake = resolve; setTimeout(resolve, 50) })
        return undefined
      }, { timeoutMs, what: `the next event of ${path}`, retryOn: (err) => err.message !== 'the stream ended' })
    },
    close: () => { controller.abort() },
    ended
  }
}

/** Starts harnesses for the tests of a file, each stopped and removed after the test that started it. */
export function harnessPerTest (): (init?: Parameters<typeof startHarness>[0]) => Promise<Harness> {
  const started: Harness[] = []
  afterEach(async () => { for (const h of started.splice(0)) await h.cleanup() })
  return async (init = {}) => {
    const h = await startHarness(init)
    started.push(h)
    return h
  }
}

/** The gateway's log lines (its debug lines too) written while `during` runs (given them as they come). */
export async function gatewayLog (during: (logged: string[]) => Promise<void>): Promise<string[]> {
  const logged: string[] = []
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { logged.push(String(chunk)); return true })
  enable('gdp:gateway*')
  try {
    await during(logged)
  } finally {
    disable()
    write.mockRestore()
  }
  return logged
}

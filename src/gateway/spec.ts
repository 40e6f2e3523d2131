/**
 * Routes described once: each route's path, parameters, body and answers
 * are both what fastify validates requests against and what the OpenAPI
 * document (docs/openapi.yaml, served at /openapi.json) says.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { STATUS_BY_NACK, statusOf, UnsupportedMediaTypeError } from '../http/errors.js'
import { CapsuleDeletedError, CapsuleExpiredError, InvalidArgumentError, RequestTimeoutError } from '../errors.js'
import { COMPONENT_SCHEMAS, ref, type JsonSchema } from './schemas.js'

export type HttpMethod = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE'

export interface ParamSpec {
  schema: JsonSchema
  description: string
  required?: boolean
}

export interface ResponseSpec {
  description: string
  /** Media type -> schema of the body. */
  content?: Record<string, JsonSchema>
  /** Response headers worth knowing (ETag, Content-Range, ...). */
  headers?: Record<string, { description: string, schema: JsonSchema }>
}

export interface RouteSpec {
  method: HttpMethod
  /**
   * OpenAPI form, '/v1/capsules/{name}'. A last parameter named in
   * `restParam` takes the rest of the path, slashes and all.
   */
  path: string
  restParam?: string
  operationId: string
  tag: 'meta' | 'capsules' | 'kv' | 'files'
  summary: string
  description?: string
  params?: Record<string, ParamSpec>
  query?: Record<string, ParamSpec>
  /** Request headers the route reads (documented; checked by the handler). */
  headers?: Record<string, ParamSpec>
  body?: { description: string, content: Record<string, JsonSchema> }
  /** The raw body whatever its content type (a key's value, a file), up to this many bytes. */
  rawBodyLimit?: number
  /** With rawBodyLimit: the handler gets the body as a stream (request.body), and enforces the limit itself. */
  streamBody?: true
  /**
   * The room the route's answer may take, in bytes: reserved under the
   * gateway's budget of answers (maxAnswerBytes) before the handler reads
   * what it builds the answer from, so that requests at once cannot hold
   * more than the budget while they read (UnsentBudget.reserve).
   */
  answerBytes?: number
  /** Successful answers, by status. */
  responses: Record<number, ResponseSpec>
  /**
   * Error statuses of the route's own (a condition's 412, a range's 416): 400, 401, 417 and 431 are on every route, 415
   * on every route that takes a body, and what the overlay may answer (OVERLAY_STATUSES) on every route but the meta one.
   */
  errors: number[]
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'the request is malformed or asks for something impossible',
  401: 'no bearer token, or not the gateway\'s',
  403: 'the node may read but not write this capsule, or the overlay refused this node the capsule (UNAUTHORIZED)',
  404: 'no such capsule, record, key or route',
  409: 'the state does not allow it: a batch that does not extend the capsule\'s tip, a folder where a file is needed or the other way round, a folder not empty, a version past the latest this node holds (VersionNotHeldError: it may not have caught up with another replica yet), or the overlay refused it so (CONFLICT, FAILED_PRECONDITION)',
  410: 'the capsule was deleted or expired',
  412: 'a condition (If-Match, If-None-Match, compare-and-set) does not hold',
  413: 'the body is over the limit for this route, or the answer over what the gateway builds in one piece (a diff), or the overlay refused the request as too large (TOO_LARGE)',
  415: 'a content type the route does not take, a Content-Encoding, or a Transfer-Encoding other than chunked (bodies are taken as they are)',
  416: 'a byte range that does not lie within the file',
  417: 'an Expect header other than 100-continue',
  431: 'the request line and headers are over 16 KiB',
  429: 'a rate or quota limit of the overlay (QUOTA_EXCEEDED), on reads as on writes',
  502: 'what the overlay answered does not verify, or it refused (a server whose copy is damaged); or this node\'s own copy is damaged (StoreCorruptionError)',
  503: 'busy, congested, a quorum not reached, the overlay out of reach or the capsule moved on the way (send it again), a facade this gateway does not have, or the node cannot use its own files (its store, a writer journal entry: its log says which)',
  504: 'no answer from the overlay in time (a write may or may not have happened)',
  507: 'the disk of the store (this node\'s, or the server\'s that holds the capsule) is full: nothing of the request was stored'
}

/**
 * What a route that reaches a capsule may answer, whatever it asks: each overlay refusal's status (a read refused
 * UNAUTHORIZED, QUOTA_EXCEEDED or STORE_FULL is 403, 429 or 507 as a write is), and the client's own failures (a capsule
 * deleted or expired, no answer in time). The capsule read routes listed 404, 410, 502, 503 and 504 alone, and answered
 * the rest all the same (found by driving every route with every refusal, test/gateway/declared-statuses.test.ts).
 */
export const OVERLAY_STATUSES: readonly number[] = [...new Set([
  ...Object.values(STATUS_BY_NACK).filter((status) => status !== undefined),
  ...[new CapsuleDeletedError(''), new CapsuleExpiredError(''), new RequestTimeoutError('')].map(statusOf)
])].sort((a, b) => a - b)

const takesBody = (spec: RouteSpec): boolean => spec.body !== undefined || spec.rawBodyLimit !== undefined

const errorResponse = (status: number): ResponseSpec => ({
  description: ERROR_DESCRIPTIONS[status] ?? 'an error',
  content: { 'application/json': ref('Error') }
})

/** A response as OpenAPI writes it. */
function responseObject (response: ResponseSpec): Record<string, unknown> {
  return {
    description: response.description,
    ...(response.headers === undefined ? {} : { headers: Object.fromEntries(Object.entries(response.headers).map(([h, v]) => [h, { description: v.description, schema: v.schema }])) }),
    ...(response.content === undefined ? {} : { content: Object.fromEntries(Object.entries(response.content).map(([type, schema]) => [type, { schema }])) })
  }
}

function parameters (spec: RouteSpec): unknown[] {
  const out: unknown[] = []
  for (const [where, params] of [['path', spec.params], ['query', spec.query], ['header', spec.headers]] as const) {
    for (const [name, p] of Object.entries(params ?? {})) {
      out.push({ name, in: where, required: where === 'path' ? true : p.required === true, description: p.description, schema: p.schema })
    }
  }
  return out
}

/** The OpenAPI 3.1 document of `routes`. */
export function openApiDocument (routes: RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const spec of routes) {
    const responses: Record<string, unknown> = {}
    for (const [status, response] of Object.entries(spec.responses)) responses[status] = responseObject(response)
    // A route that takes a body refuses a Content-Encoding or a content type it does not take (bodyChecks).
    const bodyErrors = takesBody(spec) ? [415] : []
    const overlayErrors = spec.tag === 'meta' ? [] : OVERLAY_STATUSES
    for (const status of [...new Set([400, 401, 417, 431, ...bodyErrors, ...overlayErrors, ...spec.errors])].sort((a, b) => a - b)) responses[String(status)] = responseObject(errorResponse(status))
    const operation: Record<string, unknown> = {
      operationId: spec.operationId,
      tags: [spec.tag],
      summary: spec.summary,
      ...(spec.description === undefined ? {} : { description: spec.description }),
      parameters: parameters(spec),
      ...(spec.body === undefined && spec.rawBodyLimit === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              description: spec.body?.description ?? `the bytes, at most ${spec.rawBodyLimit} of them`,
              content: Object.fromEntries(Object.entries(spec.body?.content ?? { '*/*': { type: 'string', contentMediaType: 'application/octet-stream' } }).map(([type, schema]) => [type, { schema }]))
            }
          }),
      responses
    }
    paths[spec.path] ??= {}
    paths[spec.path]![spec.method.toLowerCase()] = operation
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'gdp-node HTTP gateway',
      version,
      description: 'REST and Server-Sent Events over a gdp node: raw DataCapsules, the key-value CAAPI and the file CAAPI. ' +
        'Every request carries `Authorization: Bearer <token>` (docs/gateway.md). Names and public keys are base64url ' +
        '(43 characters) as gdp prints them; 64 hex digits are accepted too.'
    },
    servers: [{ url: 'http://127.0.0.1:4080', description: 'the default address of an enabled gateway' }],
    security: [{ bearer: [] }],
    tags: [
      { name: 'meta', description: 'this document' },
      { name: 'capsules', description: 'raw DataCapsules: metadata, verified reads with proofs, appends of batches signed by the writer, subscriptions' },
      { name: 'kv', description: 'the key-value CAAPI (docs/kv.md): reads at any version or time, writes where this node holds the writer key' },
      { name: 'files', description: 'the file CAAPI' }
    ].filter((t) => routes.some((r) => r.tag === t.name)),
    paths,
    components: {
      schemas: COMPONENT_SCHEMAS,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'the token in <data>/gateway.token (or the file gateway.token_file names)' } }
    }
  }
}

/** fastify's form of a path: ':name' for '{name}', '*' for the rest parameter. */
export function fastifyPath (spec: RouteSpec): string {
  return spec.path.replace(/\{(\w+)\}/g, (_, name: string) => name === spec.restParam ? '*' : `:${name}`)
}

function objectSchema (params: Record<string, ParamSpec> | undefined, exclude?: string): JsonSchema | undefined {
  if (params === undefined) return undefined
  const entries = Object.entries(params).filter(([name]) => name !== exclude)
  return {
    type: 'object',
    // Unknown parameters are refused: a misspelt ?verison=3 must not read the latest version.
    additionalProperties: false,
    required: entries.filter(([, p]) => p.required === true).map(([name]) => name),
    properties: Object.fromEntries(entries.map(([name, p]) => [name, p.schema]))
  }
}

/** A body schema that is a reference to a component, as the component itself (fastify's validator knows no components). */
function inlined (schema: JsonSchema): JsonSchema {
  const target = typeof schema.$ref === 'string' ? /^#\/components\/schemas\/(\w+)$/.exec(schema.$ref)?.[1] : undefined
  return target === undefined ? schema : (COMPONENT_SCHEMAS as Record<string, JsonSchema>)[target]!
}

/** Registers a route on `scope` with its request schemas. */
export function registerRoute (scope: FastifyInstance, spec: RouteSpec, bodyLimit: number): void {
  const params = objectSchema(spec.params, spec.restParam)
  const schema: Record<string, unknown> = {}
  // The rest parameter comes as '*': it is read from the raw URL by the handler.
  if (params !== undefined) schema.params = spec.restParam === undefined ? params : { ...params, additionalProperties: true }
  const querystring = objectSchema(spec.query ?? {})
  schema.querystring = querystring
  const json = spec.body?.content['application/json']
  // Only JSON bodies have a schema to check; a protobuf body is checked when it is decoded.
  if (json !== undefined) schema.body = { content: { 'application/json': { schema: inlined(json) } } }
  scope.route({ method: spec.method, url: fastifyPath(spec), schema, bodyLimit: spec.rawBodyLimit ?? bodyLimit, config: { streamBody: spec.streamBody === true }, handler: spec.handler, preValidation: spec.body === undefined ? readTypedParameters(spec) : [requireBody(spec.body), readTypedParameters(spec)], onRequest: takesBody(spec) ? bodyChecks(spec) : refuseBody })
}

/**
 * Refuses a body on a route that takes none, before it is parsed: a DELETE
 * with a JSON body was taken, one with a form body refused 415 (which the
 * document lists for no such route), and a GET with one served (found by
 * attacking the gateway).
 */
async function refuseBody (request: FastifyRequest): Promise<void> {
  const length = Number(request.headers['content-length'] ?? 0)
  const chunked = request.headers['transfer-encoding'] !== undefined
  if (length > 0 || chunked) throw new InvalidArgumentError(`this route takes no body; this ${request.method} came with ${chunked ? 'one' : `${length} bytes`}`)
}

/**
 * Refuses a request without the body its route takes. Only a body of a media
 * type the route takes is parsed and checked against its schema: with no
 * Content-Type (or no body at all) the handler was given none, and read a
 * field of it (a 500; found by attacking the gateway).
 */
function requireBody (body: NonNullable<RouteSpec['body']>): (request: FastifyRequest) => Promise<void> {
  const refusal = `this route takes a body (${Object.keys(body.content).join(' or ')}), and none came`
  return async (request) => {
    if (request.body === undefined || request.body === null) throw new InvalidArgumentError(refusal)
  }
}

/**
 * Reads the path and query values the route types as integers or booleans,
 * strictly: whole decimal numbers, true or false. The validator coerces
 * nothing (it would read '1e1' as 10, and a body's JSON number 12345 as the
 * key "12345"); a parameter given twice is refused rather than guessed at.
 */
function readTypedParameters (spec: RouteSpec): (request: FastifyRequest) => Promise<void> {
  const parts = [['path parameter', spec.params ?? {}, 'params'], ['query parameter', spec.query ?? {}, 'query']] as const
  return async (request) => {
    for (const [what, declared, field] of parts) {
      const values = request[field] as Record<string, unknown> | undefined
      if (values === undefined || values === null) continue
      for (const [name, param] of Object.entries(declared)) {
        const value = values[name]
        if (value === undefined) continue
        if (Array.isArray(value)) throw new InvalidArgumentError(`${what} '${name}' is given more than once; give it once`)
        if (typeof value !== 'string') continue
        if (param.schema.type === 'integer') {
          if (!/^-?\d+$/.test(value)) throw new InvalidArgumentError(`${what} '${name}': '${value.slice(0, 40)}' is not a whole decimal number`)
          values[name] = Number(value)
        } else if (param.schema.type === 'boolean') {
          if (value !== 'true' && value !== 'false') throw new InvalidArgumentError(`${what} '${name}': '${value.slice(0, 40)}' is not true or false`)
          values[name] = value === 'true'
        }
      }
    }
  }
}

/**
 * Refuses, before the body is read, a body the route would misread: a
 * Content-Encoding (bodies are stored as they come, so a compressed one
 * would be stored compressed), a Transfer-Encoding other than chunked alone
 * (Node removes that one only), or a content type the route does not take
 * (the protobuf parser is registered for every JSON route's scope).
 */
function bodyChecks (spec: RouteSpec): (request: FastifyRequest) => Promise<void> {
  const mediaTypes = spec.body === undefined ? undefined : Object.keys(spec.body.content)
  return async (request) => {
    const coding = request.headers['content-encoding']?.trim().toLowerCase()
    if (coding !== undefined && coding !== '' && coding !== 'identity') throw new UnsupportedMediaTypeError(`this gateway does not decode Content-Encoding '${coding}': send the body as it is`)
    // Node's parser takes off the chunked coding only, and passed the rest on: a 'gzip, chunked' body was stored compressed.
    const transfer = request.headers['transfer-encoding']?.trim().toLowerCase()
    if (transfer !== undefined && transfer !== 'chunked') throw new UnsupportedMediaTypeError(`this gateway decodes no Transfer-Encoding but chunked alone, not '${transfer}': send the body as it is`)
    const type = request.headers['content-type']?.split(';')[0]!.trim().toLowerCase()
    if (mediaTypes !== undefined && type !== undefined && type !== '' && !mediaTypes.includes(type)) {
      throw new UnsupportedMediaTypeError(`this route takes a body of type ${mediaTypes.join(' or ')}, not '${type}'`)
    }
  }
}

/** The raw (still percent-encoded) path and query of an origin-form request target. */
function rawTarget (request: FastifyRequest): { path: string, query: string } {
  const target = request.raw.url ?? ''
  const mark = target.indexOf('?')
  return mark < 0 ? { path: target, query: '' } : { path: target.slice(0, mark), query: target.slice(mark + 1) }
}

/** The part of the raw (still percent-encoded) path that the rest parameter of `spec` covers. */
export function rawRest (spec: RouteSpec, request: FastifyRequest): string {
  const before = spec.path.slice(0, spec.path.indexOf(`{${spec.restParam ?? ''}}`)).split('/').length - 1
  return rawTarget(request).path.split('/').slice(before).join('/')
}

/** A query parameter's name as fastify's query parser reads it: '+' as a space, percent-escapes decoded (a malformed one left as it is). */
function queryName (raw: string): string {
  const name = raw.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(name)
  } catch {
    return name
  }
}

/**
 * The raw (still percent-encoded) value of a query parameter, '+' as a
 * space; undefined when absent. Names are compared decoded, as fastify
 * validated them: '?%70refix=a' is the prefix parameter.
 */
export function rawQuery (request: FastifyRequest, name: string): string | undefined {
  for (const pair of rawTarget(request).query.split('&')) {
    const eq = pair.indexOf('=')
    if (queryName(eq < 0 ? pair : pair.slice(0, eq)) === name) return (eq < 0 ? '' : pair.slice(eq + 1)).replace(/\+/g, '%20')
  }
  return undefined
}

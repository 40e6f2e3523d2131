/**
 * The node's HTTP gateway: REST and Server-Sent Events over the node's
 * client (raw capsules), the key-value CAAPI and the file CAAPI, on fastify. Off unless the
 * operator enables it; on loopback unless told otherwise; every request
 * carries the bearer token (docs/gateway.md).
 */
import { setMaxListeners } from 'node:events'
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { logger } from '@libp2p/logger'
import { InvalidArgumentError, ServerBusyError, ServiceStoppedError } from '../errors.js'
import { bearerRefusal, checkToken, loadToken } from '../http/bearer-token.js'
import { listenOrClose } from '../http/listen.js'
import { clientErrorHandler, DEFAULT_CONNECTION_LIMITS, limitConnections, requireHost, requireHttp1, requireOriginForm, serverTimeouts, type ConnectionLimitsInit } from '../http/connection-limits.js'
import { refuseRepeatedHeaders, sendNoSniff } from '../http/headers.js'
import { capsuleRoutes, type GatewayCapsuleClient } from './capsule-routes.js'
import { BAD_PATH, errorBody, frameworkErrorAnswer, logFailedAnswer, statusOf, typedHttpError, UnauthorizedError, UnsupportedMediaTypeError } from '../http/errors.js'
import { noRouteHandler } from '../http/no-route.js'
import { parseStrictJson } from '../http/strict-json.js'
import { filesRoutes } from './files-routes.js'
import { kvRoutes, type KvAccess } from './kv-routes.js'
import { openApiDocument, registerRoute, type RouteSpec } from './spec.js'
import { BodyBudget, type BodyCounters } from '../http/body-budget.js'
import { UnsentBudget, type UnsentCounters } from './unsent-budget.js'
import { EventStreams, type EventStreamCounters } from './sse.js'
import { DEFAULT_STUCK_WINDOW } from './stuck-clients.js'

const log = logger('gdp:gateway')

export interface HttpGatewayInit extends ConnectionLimitsInit {
  /** Address to listen on; another than loopback only when the operator names it. @default '127.0.0.1' */
  host?: string
  /** TCP port; 0 takes a free one (see `address`). @default 4080 */
  port?: number
  /** The token requests must carry. Give this or `tokenFile`. */
  token?: string
  /** A file holding the token (its first line). */
  tokenFile?: string
  /** Make `tokenFile` (a random token, mode 0600) when it does not exist. @default false */
  createToken?: boolean
  /** Bytes of a JSON or protobuf body at most (appends, batches); a key's value is bounded by the format (4 MiB). @default 25165824 (24 MiB: a 16 MiB record as base64 JSON) */
  maxBodyBytes?: number
  /** Records in one page of a read at most. @default 1000 */
  maxRecordsPerRead?: number
  /** A read page (records, or a key's history) stops once its payloads reach this many bytes (the one that reaches it is in the page); a diff whose values pass it is refused. @default 16777216 */
  maxReadBytes?: number
  /** Entries in one page of a scan or a folder listing at most. @default 1000 */
  maxScanLimit?: number
  /** Bytes of a file one PUT may stream in. @default 17179869184 (16 GiB) */
  maxFileBytes?: number
  /** An idle event stream gets a comment line this often. @default 15000 */
  keepAliveMs?: number
  /**
   * Event streams open at once at most; past it a stream is refused (503 TooManyEventStreamsError). Each holds a
   * connection for as long as it is open: at most a quarter of maxConnections leaves the rest to other requests.
   * @default 256, or a quarter of maxConnections (at least 1) when that is fewer
   */
  maxEventStreams?: number
  /** An event stream holding more unsent bytes than this, of which its client took none since the last keep-alive (it stopped reading), is ended. @default 8388608 (8 MiB) */
  maxEventStreamBufferBytes?: number
  /**
   * Unsent bytes all event streams hold together (an event frame several streams share counted once). An event is written
   * only while they hold less (it waits for room), so they hold at most this and one event more, however large; while
   * there is no room, the stream whose client has taken nothing longest, 2 s or more (four looks of the gateway's loop), is ended, and the next. @default 134217728 (128 MiB)
   */
  maxEventStreamBytes?: number
  /** Bytes all file downloads hold together: read from the capsule (up to 64 chunks ahead of the client) and not yet taken by their clients. Past it a download waits before it reads on, and the one whose client has left a write untaken longest (2 s at least) is cut off. @default 268435456 (256 MiB) */
  maxDownloadBytes?: number
  /**
   * Bytes of answers built whole (64 KiB or more each: a page of records, a value, a listing) that all their clients together
   * have not taken yet, and room reserved by the answers being built (a page reserves twice its byte bound before it reads).
   * Past it the answer whose client has taken nothing longest (2 s at least) is cut off; failing that, a read waits for room
   * (roomWaitMs), and an answer built past the room it reserved is refused (503 ServerBusyError). @default 268435456 (256 MiB)
   */
  maxAnswerBytes?: number
  /**
   * A client that has taken nothing of what it was sent for this long is stuck: the first to be cut off (a download, an
   * answer built whole) or ended (an event stream) when others need room under maxDownloadBytes, maxAnswerBytes or
   * maxEventStreamBytes. Counted in four looks of the gateway's loop, so a loop busy for seconds does not make clients
   * look stuck. @default 2000
   */
  stuckClientMs?: number
  /**
   * The longest a client is given instead, after its socket took much at once (the kernel buffers megabytes and lets the
   * socket write again only once a good part was read): the time 128 KiB/s needs to read what it took, up to this.
   * @default 12000
   */
  stuckClientMostMs?: number
  /** How long a read that builds its answer whole, or a file upload, waits for room under maxAnswerBytes or maxUploadBytes before it is refused (503 ServerBusyError): half of idleTimeoutMs, so that the connection it waits on is not closed idle first. @default 30000 */
  roomWaitMs?: number
  /**
   * Room all file uploads reserve together while they store: 8 MiB each (or its body's length, when it says one that is
   * less), what a put holds at most as it stores, about. An upload waits for room (roomWaitMs), then is refused (503
   * ServerBusyError). @default 268435456 (256 MiB: 32 uploads of large files at once)
   */
  maxUploadBytes?: number
  /**
   * Bytes of request bodies (a JSON or protobuf batch, a key's value; not a file, which is stored as it comes) all requests
   * together hold while they are read and handled, counted as they come. A body whose next bytes would take them past it is
   * refused (503 ServerBusyError). @default 268435456 (256 MiB)
   */
  maxBodiesBytes?: number
  /**
   * How long a stop lets the requests being served finish (ms): each answer
   * closes its connection; past it, the connections left are closed.
   * @default 2000
   */
  stopGraceMs?: number
}

/** What the event streams hold, and how many the gateway ended for their clients not reading. */
export type GatewayEventStreamCounters = EventStreamCounters

/** What the file downloads, or the answers built whole, hold; how many the gateway cut off for their clients not reading, and refused. */
export type GatewayUnsentCounters = UnsentCounters

export interface GatewayCounters {
  readonly eventStreams: GatewayEventStreamCounters
  readonly downloads: GatewayUnsentCounters
  readonly answers: GatewayUnsentCounters
  /** The file uploads storing, and the room they reserved. */
  readonly uploads: GatewayUnsentCounters
  /** The request bodies being read and handled. */
  readonly bodies: BodyCounters
}

/** Connections the gateway holds at once by default. Each is a file descriptor: run the node with a descriptor limit (ulimit -n) well above it. */
const DEFAULT_GATEWAY_MAX_CONNECTIONS = 1024

export interface HttpGatewayComponents {
  /** The node's client: raw capsule reads, appends and subscriptions. */
  client: GatewayCapsuleClient
  /** Key-value capsules (and file capsules, which are key-value capsules); without it those routes answer 503 FacadeUnavailableError. */
  kv?: KvAccess
}

export interface HttpGateway {
  start: () => Promise<void>
  stop: () => Promise<void>
  /** Where it listens once started: http://host:port. */
  readonly url: string
  /** The OpenAPI document of its routes. */
  readonly openApi: Record<string, unknown>
  /** Every route the HTTP server registered (method, fastify path), as fastify reported them: checked against the document. */
  readonly registeredRoutes: Array<{ method: string, url: string }>
  /** For status and metrics. */
  readonly counters: GatewayCounters
}

/** The version of the API the routes make (their paths begin /v1); the OpenAPI document states it. */
export const GATEWAY_API_VERSION = '1.0.0'

/** Answers built whole from this size on are held under `maxAnswerBytes`. */
const COUNTED_ANSWER_BYTES = 64 * 1024

/** Where a client finds the routes and what each takes. */
const OPENAPI_ROUTES = '/openapi.json'
const BAD_KEY_PATH = `${BAD_PATH}; give binary keys in hex with keyEncoding=hex`
/** The hint on binary keys, for the key-value routes only: a file's path has no keyEncoding. */
const badPathOf = (request: FastifyRequest): string => request.url.startsWith('/v1/kv/') ? BAD_KEY_PATH : BAD_PATH

class HttpGatewayImpl implements HttpGateway {
  readonly #init: Required<Omit<HttpGatewayInit, 'token' | 'tokenFile'>> & Pick<HttpGatewayInit, 'token' | 'tokenFile'>
  readonly #components: HttpGatewayComponents
  readonly #routes: RouteSpec[]
  #events: EventStreams | undefined
  #downloads: UnsentBudget | undefined
  #answers: UnsentBudget | undefined
  #uploads: UnsentBudget | undefined
  readonly #bodies: BodyBudget
  #server: FastifyInstance | undefined
  #token = ''
  #url = ''
  #stopping = new AbortController()
  readonly openApi: Record<string, unknown>
  readonly registeredRoutes: Array<{ method: string, url: string }> = []

  constructor (components: HttpGatewayComponents, init: HttpGatewayInit) {
    this.#components = components
    this.#init = {
      host: '127.0.0.1',
      port: 4080,
      createToken: false,
      maxBodyBytes: 24 * 1024 * 1024,
      maxRecordsPerRead: 1000,
      maxReadBytes: 16 * 1024 * 1024,
      maxScanLimit: 1000,
      maxFileBytes: 16 * 1024 ** 3,
      keepAliveMs: 15_000,
      // With as many streams as connections, watchers held them all, and every other request's connection was closed.
      maxEventStreams: Math.min(256, Math.max(1, Math.floor((init.maxConnections ?? DEFAULT_GATEWAY_MAX_CONNECTIONS) / 4))),
      maxEventStreamBufferBytes: 8 * 1024 * 1024,
      maxEventStreamBytes: 128 * 1024 * 1024,
      maxDownloadBytes: 256 * 1024 * 1024,
      maxAnswerBytes: 256 * 1024 * 1024,
      roomWaitMs: 30_000,
      stuckClientMs: DEFAULT_STUCK_WINDOW.stuckMs,
      stuckClientMostMs: DEFAULT_STUCK_WINDOW.mostMs,
      maxBodiesBytes: 256 * 1024 * 1024,
      maxUploadBytes: 256 * 1024 * 1024,
      stopGraceMs: 2000,
      maxConnections: DEFAULT_GATEWAY_MAX_CONNECTIONS,
      ...DEFAULT_CONNECTION_LIMITS,
      ...init
    }
    if (init.token === undefined && init.tokenFile === undefined) throw new InvalidArgumentError('the gateway needs a token or a token file')
    if (init.token !== undefined) checkToken(init.token, 'gateway token')
    this.#bodies = new BodyBudget(this.#init.maxBodiesBytes)
    this.#routes = this.#buildRoutes()
    this.openApi = openApiDocument(this.#routes, GATEWAY_API_VERSION)
  }

  get url (): string { return this.#url }

  get counters (): GatewayCounters {
    return { eventStreams: this.#events!.counters, downloads: this.#downloads!.counters, answers: this.#answers!.counters, uploads: this.#uploads!.counters, bodies: this.#bodies.counters }
  }

  #buildRoutes (): RouteSpec[] {
    const i = this.#init
    // Streams end with the current run: a gateway started again after a stop has a new controller, read when a stream opens.
    const stuckWindow = { stuckMs: i.stuckClientMs, mostMs: i.stuckClientMostMs }
    const events = new EventStreams({ keepAliveMs: i.keepAliveMs, maxStreams: i.maxEventStreams, maxBufferedBytes: i.maxEventStreamBufferBytes, maxTotalBufferedBytes: i.maxEventStreamBytes, stuckWindow, stopping: () => this.#stopping.signal })
    this.#events = events
    const downloads = this.#downloads = new UnsentBudget(i.maxDownloadBytes, 'downloads', 0, stuckWindow)
    const answers = this.#answers = new UnsentBudget(i.maxAnswerBytes, 'answers', i.roomWaitMs, stuckWindow)
    const uploads = this.#uploads = new UnsentBudget(i.maxUploadBytes, 'file uploads', i.roomWaitMs, stuckWindow)
    const openApi = (): Record<string, unknown> => this.openApi
    const meta: RouteSpec = {
      method: 'GET',
      path: '/openapi.json',
      operationId: 'openApi',
      tag: 'meta',
      summary: 'This document',
      responses: { 200: { description: 'the OpenAPI 3.1 document of this gateway', content: { 'application/json': { type: 'object' } } } },
      errors: [503],
      async handler () { return openApi() }
    }
    return reservingAnswers(answers, withHeadRoutes([
      meta,
      ...capsuleRoutes({ client: this.#components.client, maxRecordsPerRead: i.maxRecordsPerRead, maxReadBytes: i.maxReadBytes, events }),
      ...kvRoutes({ kv: this.#components.kv, maxScanLimit: i.maxScanLimit, maxReadBytes: i.maxReadBytes, events }),
      ...filesRoutes({ kv: this.#components.kv, maxFileBytes: i.maxFileBytes, maxListLimit: i.maxScanLimit, events, downloads, uploads })
    ]))
  }

  async start (): Promise<void> {
    if (this.#server !== undefined) return
    this.#token = this.#init.token ?? loadToken(this.#init.tokenFile!, this.#init.createToken, 'gateway')
    this.#stopping = new AbortController()
    // Every open event stream listens for the stop (and stops listening when it ends): more than Node's 10 is no leak.
    setMaxListeners(0, this.#stopping.signal)
    const server = Fastify({
      // HEAD answers only where a route says so, so the OpenAPI document lists every route there is.
      exposeHeadRoutes: false,
      // Unknown query parameters are refused (the schemas say additionalProperties: false), not dropped; nothing is
      // coerced (a JSON number is no key): registerRoute reads typed path and query values itself.
      ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: true, strict: false } },
      // A request that comes while the gateway stops is refused by its own hook (ServiceStoppedError): fastify's 503 had
      // a body the document's Error does not allow ({"error":"Service Unavailable",...,"statusCode":503}) and no nosniff.
      return503OnClosing: false,
      // Requests Node's HTTP parser refuses (headers over its 16 KiB, bytes that are not HTTP): a JSON error all the same.
      clientErrorHandler: clientErrorHandler('gateway', this.#init.headersTimeoutMs, ' (keys are at most 1,024 bytes)'),
      // Requests the router refuses before any route sees them: the same JSON errors as the rest.
      frameworkErrors: frameworkErrorAnswer(OPENAPI_ROUTES, badPathOf),
      // Closed by stop() once the requests being served finish, or its grace ends: closed at once, they were cut off (ECONNRESET).
      forceCloseConnections: false,
      ...serverTimeouts(this.#init)
    })
    limitConnections(server, this.#init)
    sendNoSniff(server)
    const stopping = this.#stopping.signal
    // A connection that finishes its answer while the gateway stops is closed, not kept waiting for a request it would refuse.
    server.addHook('onSend', async (_request, reply) => { if (stopping.aborted) reply.header('connection', 'close') })
    const bodies = this.#bodies
    server.addHook('preParsing', async (request, reply, payload) => {
      // A file's body is stored as it comes, not held; a request with no body has nothing to count.
      const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0
      return hasBody && (request.routeOptions.config as { streamBody?: boolean }).streamBody !== true ? bodies.count(payload, reply.raw) : payload
    })
    const answers = this.#answers!
    server.addHook('onSend', async (_request, reply, payload) => {
      // Small answers (errors, metadata) are left out: 1,024 connections hold at most 64 MiB of them.
      if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload
      if (payload.length < COUNTED_ANSWER_BYTES && (typeof payload !== 'string' || Buffer.byteLength(payload) < COUNTED_ANSWER_BYTES)) return payload
      const body = typeof payload === 'string' ? Buffer.from(payload) : payload
      const slices = answers.holdAnswer(reply.raw, body)
      if (slices === undefined) {
        // The refusal carries none of the answer's headers: a record payload's Cache-Control (a year, immutable) would let a cache keep the 503.
        for (const header of Object.keys(reply.getHeaders())) reply.removeHeader(header)
        throw new ServerBusyError(`the gateway holds ${answers.counters.heldBytes} bytes of answers that their clients are still taking, its limit; try again shortly`)
      }
      reply.header('content-length', String(body.length))
      return slices
    })
    this.registeredRoutes.length = 0
    server.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) this.registeredRoutes.push({ method, url: route.url })
    })
    server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      if (stopping.aborted) throw new ServiceStoppedError('the gateway is stopping: send the request again once it runs, or to another node')
      requireHttp1(request, 'gateway')
      requireHost(request)
      const refusal = bearerRefusal(request.raw.rawHeaders, this.#token, { missing: 'this gateway needs Authorization: Bearer <token> (the token is in the node\'s gateway token file)', wrong: 'the bearer token is not this gateway\'s' })
      if (refusal !== undefined) {
        reply.header('www-authenticate', 'Bearer realm="gdp-gateway"')
        await reply.code(401).send(errorBody(new UnauthorizedError(refusal), 401))
        return
      }
      requireOriginForm(request)
      refuseRepeatedHeaders(request)
    })
    server.setErrorHandler(async (err: FastifyError, request, reply) => {
      const typed = typedHttpError(err, request, OPENAPI_ROUTES, badPathOf)
      const status = statusOf(typed)
      // A client that went away mid-request (an upload cut off) is no failure of the gateway's.
      if (reply.raw.destroyed) log('%s %s: the client went away: %s', request.method, request.url, typed.message)
      else logFailedAnswer(log, `${request.method} ${request.url} failed`, typed, status)
      await reply.code(status).send(errorBody(typed, status))
    })
    server.setNotFoundHandler(noRouteHandler(server, () => '; /openapi.json lists them'))
    // Bodies are JSON or protobuf (which stays bytes; the handler decodes it); fastify's text/plain parser would pass a string on as JSON.
    server.removeContentTypeParser('text/plain')
    server.addContentTypeParser('application/x-protobuf', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })
    // JSON read strictly: a field given twice (which fastify's parser, as JSON.parse, takes the last of) is refused.
    server.removeContentTypeParser('application/json')
    server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      try {
        // JSON is UTF-8 (RFC 8259); a body said to be in another charset was read as UTF-8 all the same.
        const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(request.headers['content-type'] ?? '')?.[1]
        if (charset !== undefined && !/^utf-?8$/i.test(charset)) throw new UnsupportedMediaTypeError(`a JSON body is UTF-8; this one says charset=${charset}`)
        done(null, parseStrictJson(body as string, 'the request body'))
      } catch (err) {
        done(err as Error, undefined)
      }
    })
    const { maxBodyBytes } = this.#init
    for (const spec of this.#routes.filter((r) => r.body !== undefined && r.rawBodyLimit === undefined)) registerRoute(server, spec, maxBodyBytes)
    // Routes that take no body (a DELETE; fastify parses none for a GET): a body is refused before parsing (refuseBody), so
    // a Content-Type is one of no body, and nothing to parse. It was parsed: 415 for a type no parser took, 400 for JSON.
    await server.register(async (bodiless) => {
      bodiless.removeAllContentTypeParsers()
      bodiless.addContentTypeParser('*', (_request, _payload, done) => { done(null, undefined) })
      for (const spec of this.#routes.filter((r) => r.body === undefined && r.rawBodyLimit === undefined)) registerRoute(bodiless, spec, maxBodyBytes)
    })
    // Routes that take any bytes (a key's value) get them as they came, whatever the content type says.
    await server.register(async (raw) => {
      raw.removeAllContentTypeParsers()
      raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => { done(null, body) })
      for (const spec of this.#routes.filter((r) => r.rawBodyLimit !== undefined && r.streamBody !== true)) registerRoute(raw, spec, maxBodyBytes)
    })
    // Routes that stream a body (a file) get the request itself, read as the handler goes.
    await server.register(async (streamed) => {
      streamed.removeAllContentTypeParsers()
      streamed.addContentTypeParser('*', (_request, payload, done) => { done(null, payload) })
      for (const spec of this.#routes.filter((r) => r.streamBody === true)) registerRoute(streamed, spec, maxBodyBytes)
    })
    const address = await listenOrClose(server, this.#init.host, this.#init.port, 'gateway')
    this.#server = server
    this.#url = address
    log('listening on %s', address)
  }

  async stop (): Promise<void> {
    const server = this.#server
    if (server === undefined) return
    this.#server = undefined
    // Event streams end first: they would hold close() until their clients left.
    this.#stopping.abort(new ServiceStoppedError('the gateway is stopping'))
    // The requests being served finish (new ones are 503 ServiceStoppedError) for as long as the grace lasts: a client
    // that stopped reading, or sends its body slowly, holds the stop that long only.
    const cutOff = setTimeout(() => { server.server.closeAllConnections() }, this.#init.stopGraceMs)
    try {
      await server.close()
    } finally {
      clearTimeout(cutOff)
    }
  }
}

/**
 * The gateway as a node service.
 * @example httpGateway({ port: 0, tokenFile: join(data, 'gateway.token'), createToken: true })({ client: node.client })
 */
export function httpGateway (init: HttpGatewayInit): (components: HttpGatewayComponents) => HttpGateway {
  return (components) => new HttpGatewayImpl(components, init)
}

/** The routes, those that say how much room their answers may take reserving it before they read (RouteSpec.answerBytes). */
function reservingAnswers (answers: UnsentBudget, routes: RouteSpec[]): RouteSpec[] {
  return routes.map((route) => {
    const { answerBytes, handler } = route
    if (answerBytes === undefined) return route
    return { ...route, async handler (request, reply) { await answers.reserve(reply.raw, answerBytes); return await handler(request, reply) } }
  })
}

/**
 * The routes with a HEAD beside every GET that has none of its own (RFC 9110
 * section 9.1: a general-purpose server supports HEAD wherever it supports
 * GET): the GET's handler, whose body Node leaves out of a HEAD answer, so
 * the headers are the GET's. Not for an event stream, which a HEAD would
 * open and hold. Each is a route of the OpenAPI document too (fastify's own
 * HEAD routes are off, so the document lists every route there is).
 */
function withHeadRoutes (routes: RouteSpec[]): RouteSpec[] {
  const heads = routes.filter((r) => r.method === 'GET' && r.responses[200]?.content?.['text/event-stream'] === undefined && !routes.some((h) => h.method === 'HEAD' && h.path === r.path))
  return [...routes, ...heads.map((r) => ({ ...r, method: 'HEAD' as const, operationId: `${r.operationId}Head`, summary: `${r.summary}: the headers a GET answers, without the body` }))]
}

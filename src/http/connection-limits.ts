/**
 * What one client may hold of a node's HTTP services (the gateway, the
 * admin API), token or not: how many connections there are at once (and
 * which one gives way to a newcomer), and
 * how long a connection may take to send its request. Without these a
 * client that sends nothing, or trickles a body, keeps its connections
 * until the process runs out of file descriptors.
 */
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { InvalidArgumentError, MalformedMessageError } from '../errors.js'
import { errorBody, ExpectationFailedError, HeadersTooLargeError, MethodNotAllowedError, RequestTooSlowError } from './errors.js'
import { NO_SNIFF } from './headers.js'

export interface ConnectionLimitsInit {
  /** Open connections at most; one more takes the place of the one that has waited longest with no request being served on it, or is closed at once when every one is serving a request. */
  maxConnections?: number
  /** A request's line and headers arrive within this (ms), or the connection is closed; so is one that sends nothing. @default 10000 */
  headersTimeoutMs?: number
  /** A kept-alive connection with no request is closed after this (ms). @default 5000 */
  keepAliveTimeoutMs?: number
  /**
   * A connection with a request open on which no byte moves either way for
   * this long (ms) is closed: a stalled body, a client that stopped reading
   * (that one after up to twice this: Node takes a write still queued at the
   * first timeout for one under way, and waits another period).
   * @default 60000
   */
  idleTimeoutMs?: number
  /** A request body brings at least `MIN_BODY_BYTES` in every such period (ms) while the server waits for it, or the connection is closed. @default 10000 */
  slowBodyMs?: number
}

/** Bytes a body brings in every `slowBodyMs` at least (1.6 KiB/s at the default): less is a client holding the connection, not uploading. */
const MIN_BODY_BYTES = 16 * 1024

export const DEFAULT_CONNECTION_LIMITS: Required<Omit<ConnectionLimitsInit, 'maxConnections'>> = {
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
  idleTimeoutMs: 60_000,
  slowBodyMs: 10_000
}

/** The fastify options that set Node's time limits; HTTP/1.1 without Host is let through, to be refused as JSON by `requireHost`. */
export function serverTimeouts (limits: Required<ConnectionLimitsInit>): { connectionTimeout: number, keepAliveTimeout: number, requestTimeout: number, http: { headersTimeout: number, connectionsCheckingInterval: number, requireHostHeader: boolean } } {
  return {
    connectionTimeout: limits.idleTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // A whole request has no deadline (a 16 GiB file takes its time): slowBodyMs bounds how slowly it may come instead.
    requestTimeout: 0,
    http: {
      headersTimeout: limits.headersTimeoutMs,
      // Node checks the headers deadline this often (30 s by default, which let a silent connection live 83 s).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 2))),
      requireHostHeader: false
    }
  }
}

/** Applies the limits to a built server: the connection cap, the slow-body watch, and closing connections whose body the answer did not read. */
export function limitConnections (server: FastifyInstance, limits: Required<ConnectionLimitsInit>): void {
  const places = new ConnectionPlaces(limits.maxConnections)
  // Node drops every header past its 2,000th in silence: a condition (If-None-Match: *) or a second Authorization after
  // 2,000 short ones went unseen, and the PUT overwrote (found by attacking the gateway). The 16 KiB of the request
  // line and headers bound their number all the same.
  server.server.maxHeadersCount = 0
  server.server.on('connection', (socket: Socket) => { places.admit(socket) })
  server.server.on('request', (request: IncomingMessage, response: ServerResponse) => { waitAnswered(request.socket, response) })
  // Node hands CONNECT (a proxy tunnel) to a 'connect' listener, and with none closes the connection without a word.
  server.server.on('connect', (request: IncomingMessage, socket: Socket) => {
    answerClientError(socket, 405, new MethodNotAllowedError(`${request.method ?? 'CONNECT'} is not taken here: this is no proxy`))
  })
  server.addHook('onRequest', async (request: FastifyRequest) => {
    watchBodyRate(request.raw, limits.slowBodyMs)
  })
  // Node answers 'Expect: 100-continue' itself, before any check, unless something listens for it: a client without
  // the token, or with a body over the route's limit, was invited to send the whole body only to have it refused
  // (found by attacking the gateway). The request is served as any other, and invited once the checks let it through.
  server.server.on('checkContinue', (request: IncomingMessage, response: ServerResponse) => { server.server.emit('request', request, response) })
  // Any other expectation Node answered 417 itself, with no body and before the token was checked: refused as JSON.
  server.server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => { server.server.emit('request', request, response) })
  server.addHook('onRequest', async (request: FastifyRequest) => {
    const expectation = request.headers.expect
    if (expectation !== undefined && !CONTINUE.test(expectation)) throw new ExpectationFailedError(`Expect: ${expectation.slice(0, 100)} is not met here; the only expectation taken is 100-continue`)
  })
  server.addHook('preParsing', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    // After the onRequest checks (the token, the route's body checks), before anything reads the body.
    if (CONTINUE.test(request.headers.expect ?? '') && !request.is404 && !reply.raw.headersSent && !declaredOverLimit(request)) reply.raw.writeContinue()
    return payload
  })
  // After the service's own onRequest checks (its token): a request they let through is served.
  server.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    places.serving(request.raw.socket, reply.raw)
  })
  server.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply) => {
    // A body still coming that the answer did not read (a 401, a refusal): Node would read it to its end to reuse the connection, however slowly it comes.
    if (!request.raw.complete) {
      reply.header('connection', 'close')
      lingerBeforeClosing(request.raw, reply.raw)
    }
  })
}

/** The one expectation met: the client waits for 100 Continue before it sends the body. */
const CONTINUE = /^\s*100-continue\s*$/i

/** Whether the request declares a body longer than its route takes: it is refused before any of that body is read. */
function declaredOverLimit (request: FastifyRequest): boolean {
  const declared = Number(request.headers['content-length'] ?? NaN)
  const limit = request.routeOptions.bodyLimit
  return limit !== undefined && declared > limit
}

/** How long a connection answered before its request's body was read goes on taking that body in (and dropping it), at most. */
export const LINGER_MS = 2000

/**
 * Closes the connection of `request`, answered before its body was read,
 * once that body has ended or LINGER_MS after the answer was sent (whichever
 * comes first), rather than as soon as the answer is sent. Node closed it at
 * once, with the body unread in the socket, and the kernel answers a close
 * with unread bytes by resetting the connection: a client that writes its
 * whole request before reading (most do) lost the 401 or 413 to the reset
 * (found by attacking the gateway). Meanwhile Node reads the body and drops it.
 */
function lingerBeforeClosing (request: IncomingMessage, response: ServerResponse): void {
  // A request whose body the handler stopped reading midway (a file over the limit) has let go of its socket already.
  const socket = (response.socket ?? request.socket) as (Socket & { destroySoon?: () => void }) | null
  if (socket === null) return
  // Node ends a connection answered with 'connection: close' through destroySoon: its end() (our FIN), then destroy once that is sent.
  socket.destroySoon = function (this: Socket) {
    if (this.writable) this.end()
    const timer = setTimeout(() => { this.destroy() }, LINGER_MS)
    timer.unref()
    this.once('close', () => { clearTimeout(timer) })
    const close = (): void => {
      clearTimeout(timer)
      if (this.writableFinished) this.destroy()
      else this.once('finish', () => { this.destroy() })
    }
    if (request.complete) close()
    else {
      request.once('end', close)
      request.once('close', close)
    }
  }
}

/**
 * The connections a service holds, at most `max`. A connection past that
 * takes the place of the one that has waited longest with no request
 * served on it (one sending nothing, or its headers slowly, one kept alive
 * idle, one whose requests were all refused): with Node's own cap, which
 * closes the newcomer, a local client without the token held all 64 places
 * of the admin API, opening each again as the headers timeout closed it,
 * and the operator's scrapes were refused for as long as it liked (found by
 * attacking the node's edge). A request the service's checks let through
 * keeps its connection's place until it is answered; only when every
 * place is held so is the newcomer closed.
 */
class ConnectionPlaces {
  /** Each open connection: since when it has waited with no request served (undefined while one is), and how many are. */
  readonly #open = new Map<Socket, { waitingSince: number | undefined, served: number }>()

  constructor (readonly max: number) {}

  admit (socket: Socket): void {
    if (this.#open.size >= this.max) {
      const evicted = this.#longestWaiting()
      if (evicted === undefined) { socket.destroy(); return }
      this.#open.delete(evicted)
      evicted.destroy()
    }
    this.#open.set(socket, { waitingSince: performance.now(), served: 0 })
    socket.once('close', () => { this.#open.delete(socket) })
  }

  /** A request on `socket` is being served: the connection keeps its place until `response` closes. */
  serving (socket: Socket, response: ServerResponse): void {
    const place = this.#open.get(socket)
    if (place === undefined) return
    place.served++
    place.waitingSince = undefined
    response.once('close', () => {
      if (--place.served === 0) place.waitingSince = performance.now()
    })
  }

  #longestWaiting (): Socket | undefined {
    let oldest: Socket | undefined
    let since = Infinity
    for (const [socket, place] of this.#open) {
      if (place.waitingSince !== undefined && place.waitingSince < since) {
        oldest = socket
        since = place.waitingSince
      }
    }
    return oldest
  }
}

/**
 * Requests of one connection that wait for their answers (pipelined: sent
 * before the answers to those ahead were read) past which the connection
 * is read no further until one is answered. Node read on as long as the
 * answers it had built fit in the socket's buffer, and answers are built
 * after a request is read: a client that sent thousands of requests in one
 * go and read nothing had them all read and answered into memory (40
 * connections of 5,000 held 170 MB of the gateway's heap, found by
 * attacking the gateway).
 */
export const MAX_WAITING_REQUESTS = 32

/**
 * Requests of one connection waiting for their answers past which it is
 * closed: those that came in the same read as the one that reached
 * MAX_WAITING_REQUESTS (a read brings up to 64 KiB, some 500 requests) are
 * read all the same.
 */
export const MAX_PIPELINED_REQUESTS = 4 * MAX_WAITING_REQUESTS

/** The requests of each connection that wait for their answers. */
const waitingRequests = new WeakMap<Socket, number>()

/**
 * A connection as Node's HTTP server keeps it: `_paused` is the flag by which it holds reading (its parser's too) while
 * answers wait; without it, Node resumes the socket as soon as it reads a request's body, or drops an answered one's.
 */
type ServerSocket = Socket & { _paused?: boolean, parser?: { pause: () => void, resume: () => void } | null }

/** Counts `response` among its connection's requests waiting for answers until it is sent, holding the connection's reading at MAX_WAITING_REQUESTS and closing it past MAX_PIPELINED_REQUESTS. */
function waitAnswered (socket: ServerSocket, response: ServerResponse): void {
  const waiting = (waitingRequests.get(socket) ?? 0) + 1
  waitingRequests.set(socket, waiting)
  if (waiting > MAX_PIPELINED_REQUESTS) socket.destroy()
  else if (waiting >= MAX_WAITING_REQUESTS && socket._paused !== true) {
    // Node pauses the parser too once it has read the bytes it is reading, as for its own pause.
    socket._paused = true
    socket.pause()
  }
  response.once('close', () => {
    const left = waitingRequests.get(socket)! - 1
    waitingRequests.set(socket, left)
    // Read on as Node does after its own pause (and pauses again at the next request while its answers fill the buffer).
    if (left === MAX_WAITING_REQUESTS - 1 && socket._paused === true && !socket.destroyed) {
      socket._paused = false
      socket.parser?.resume()
      socket.resume()
    }
  })
}

/** Closes the connection of a request whose body brings fewer than MIN_BODY_BYTES in a period while nothing of it waits to be read by the server. */
function watchBodyRate (request: IncomingMessage, periodMs: number): void {
  if (request.complete) return
  const socket = request.socket as ServerSocket
  let before = socket.bytesRead
  const timer = setInterval(() => {
    if (request.complete || socket.destroyed) { stop(); return }
    const arrived = socket.bytesRead - before
    before = socket.bytesRead
    // Bytes waiting in the request (a file PUT storing its chunks), or a connection not read while the answers before
    // this request wait (waitAnswered): the server is the slow side, not the client.
    if (arrived < MIN_BODY_BYTES && request.readableLength === 0 && socket._paused !== true) socket.destroy()
  }, periodMs)
  timer.unref()
  const stop = (): void => { clearInterval(timer) }
  request.once('end', stop)
  request.once('close', stop)
}

/**
 * Refuses (400) a request whose request line says a version other than
 * HTTP/1.x: Node's parser takes HTTP/2.0 and HTTP/0.9 request lines too,
 * and they were served, answered as HTTP/1.1 (found by attacking the
 * gateway). `service` names what refuses it.
 */
export function requireHttp1 (request: FastifyRequest, service: string): void {
  if (request.raw.httpVersionMajor !== 1) throw new InvalidArgumentError(`this ${service} speaks HTTP/1.1 and HTTP/1.0; the request line says HTTP/${request.raw.httpVersion}`)
}

/** Refuses (400) an HTTP/1.1 request without Host, which Node would refuse with an empty body (RFC 9112 section 3.2). */
export function requireHost (request: FastifyRequest): void {
  if (request.raw.httpVersionMajor === 1 && request.raw.httpVersionMinor >= 1 && request.headers.host === undefined) {
    throw new InvalidArgumentError('an HTTP/1.1 request carries a Host header (RFC 9112 section 3.2)')
  }
}

/**
 * Refuses (400) a request target that is not origin-form: a path from '/'
 * and an optional query (RFC 9112 section 3.2.1). The gateway's handlers
 * read keys and paths from the raw target, so a target in absolute-form
 * ('http://host/...'), whose scheme and authority would shift them, or with
 * a fragment, which the router cuts where the handlers would not, is
 * refused before any route runs; the admin API compared such a target with
 * its open page's path as text.
 */
export function requireOriginForm (request: FastifyRequest): void {
  const target = request.raw.url ?? ''
  if (!target.startsWith('/') || target.includes('#')) throw new InvalidArgumentError('the request target must be a path from / (origin-form), without a scheme, host or fragment')
}

/** The response Node is sending on a socket, if any (its own default client-error handler checks the same field). */
function responseInProgress (socket: Socket): ServerResponse | undefined {
  const current = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
  return current === null || current === undefined || current.writableFinished ? undefined : current
}

/**
 * fastify's clientErrorHandler for a service: a request Node's HTTP parser
 * refused, or whose headers came too slowly, is answered with a JSON error
 * (`service` names what could not read it; `headersHint` says what fits in
 * the headers); a connection that failed otherwise (reset by the client) is
 * closed.
 */
export function clientErrorHandler (service: string, headersTimeoutMs: number, headersHint = ''): (err: NodeJS.ErrnoException, socket: Socket) => void {
  return (err, socket) => {
    // The client ended the connection mid-request (an upload it cut off): there is no one to answer, and the request must see it end.
    if (err.code === 'HPE_INVALID_EOF_STATE') socket.destroy()
    else if (err.code === 'HPE_HEADER_OVERFLOW') answerClientError(socket, 431, new HeadersTooLargeError(`the request line and headers are over 16 KiB${headersHint}`), refusedHead(err))
    else if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') answerClientError(socket, 408, new RequestTooSlowError(`the request line and headers did not arrive within ${headersTimeoutMs} ms`))
    // The parser's reason is its own fixed text (an invalid chunk size, a Transfer-Encoding not ending in chunked), never the request's bytes.
    else if (err.code?.startsWith('HPE_') === true) answerClientError(socket, 400, new MalformedMessageError(`the request is not HTTP/1.1 this ${service} can read${parserReason(err)}`), refusedHead(err))
    else socket.destroy()
  }
}

/** Why Node's HTTP parser refused a request, after a colon; nothing when it gave no reason. */
function parserReason (err: NodeJS.ErrnoException & { reason?: unknown }): string {
  return typeof err.reason === 'string' && err.reason !== '' ? `: ${err.reason}` : ''
}

/** A request line: a method (a token, RFC 9110 section 5.6.2), a target and the version. No header line is one: a header's name ends in a colon. */
const REQUEST_LINE = /(?:^|\n)([!#$%&'*+.^_`|~0-9A-Za-z-]+) \S+ HTTP\/\d\.\d\r?\n/g

/**
 * Whether the request Node's parser refused is a HEAD, whose answer has no
 * body (RFC 9110 section 9.3.2): the method of the last request line before
 * where the parser stopped, in the bytes it was reading (`rawPacket`, from
 * `bytesParsed`). A head sent in pieces whose request line came in an
 * earlier read cannot be told: it is answered as a GET, with the body.
 */
function refusedHead (err: Error & { rawPacket?: unknown, bytesParsed?: unknown }): boolean {
  if (!Buffer.isBuffer(err.rawPacket) || typeof err.bytesParsed !== 'number') return false
  const read = err.rawPacket.subarray(0, err.bytesParsed).toString('latin1')
  return [...read.matchAll(REQUEST_LINE)].at(-1)?.[1] === 'HEAD'
}

/**
 * Answers a request the parser refused and closes the connection, after
 * the answers to the requests before it on that connection (pipelined): a
 * client reads answers in order, and would take the error for the answer
 * to a request that was carried out. The answer to a HEAD (`head`) has the
 * error's headers and no body: a client reads no body after a HEAD's
 * answer, and the JSON would be bytes it cannot place.
 */
function answerClientError (socket: Socket, status: number, err: Error, head = false): void {
  if (!socket.writable) { socket.destroy(); return }
  const pending = responseInProgress(socket)
  const body = JSON.stringify(errorBody(err, status))
  const headers = { ...NO_SNIFF, 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), connection: 'close' }
  if (pending !== undefined && pending.req?.complete === false) {
    // The error is in the body of the request being answered (a chunk size that is no number): that body never ends,
    // so waiting for its answer held the error back until the slow-body watch closed the connection without a word
    // (found by attacking the gateway). It is answered now, in its handler's place; an answer begun already is cut.
    if (pending.headersSent) socket.destroy()
    else pending.writeHead(status, headers).end(body)
    return
  }
  if (pending !== undefined) {
    // 'close' comes after Node has handed the socket to the next answer queued, if there is one.
    pending.once('close', () => { answerClientError(socket, status, err, head) })
    return
  }
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}\r\n${head ? '' : body}`)
}

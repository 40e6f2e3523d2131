/**
 * The admin API (docs/operations.md): the node's views as JSON, Prometheus
 * metrics, and the dashboard page. Off by default; on loopback unless the
 * operator names another address; every answer but the dashboard's page
 * itself (which holds no data, and asks for the token) needs the admin
 * bearer token, a different one from the gateway's.
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { logger } from '@libp2p/logger'
import { InvalidArgumentError } from '../errors.js'
import { bearerRefusal, loadToken } from '../http/bearer-token.js'
import { listenOrClose } from '../http/listen.js'
import { clientErrorHandler, DEFAULT_CONNECTION_LIMITS, limitConnections, requireHost, requireHttp1, requireOriginForm, serverTimeouts, type ConnectionLimitsInit } from '../http/connection-limits.js'
import { sendNoSniff } from '../http/headers.js'
import { errorBody, frameworkErrorAnswer, logFailedAnswer, RouteNotFoundError, statusOf, typedHttpError, UnauthorizedError } from '../http/errors.js'
import { noRouteHandler } from '../http/no-route.js'
import type { GdpNode, NodeAdmin, NodeAdminInit } from '../node/node.js'
import { dashboardPage, dashboardPolicy } from './dashboard.js'
import { NodeMetrics } from './metrics.js'
import { MAX_VIEW_PAGE, unknownViewParameter, VIEW_NAMES, type NodeViews, type ViewName, type ViewQuery } from '../node/views.js'

const log = logger('gdp:admin')

/** Where a client finds the admin API's routes. */
const ADMIN_ROUTES = 'docs/operations.md section 1'

/** Connections the admin API holds at once by default: its clients are an operator, a scraper and a dashboard. */
export const DEFAULT_ADMIN_MAX_CONNECTIONS = 64

export interface AdminServerInit extends ConnectionLimitsInit, Partial<Omit<NodeAdminInit, 'tokenFile'>> {
  tokenFile: string
}

export interface AdminServerComponents {
  node: GdpNode
}

export class AdminServer implements NodeAdmin {
  readonly metrics: NodeMetrics
  readonly #views: NodeViews
  readonly #init: Required<AdminServerInit>
  #server: FastifyInstance | undefined
  #token = ''
  #url = ''

  constructor (components: AdminServerComponents, init: AdminServerInit) {
    this.#init = { host: '127.0.0.1', port: 4090, createToken: false, dashboard: false, maxConnections: DEFAULT_ADMIN_MAX_CONNECTIONS, ...DEFAULT_CONNECTION_LIMITS, ...init }
    this.#views = components.node.views
    this.metrics = new NodeMetrics(components.node, this.#views)
  }

  get url (): string { return this.#url }

  observeLatency (operation: 'append' | 'read', seconds: number): void {
    this.metrics.observeLatency(operation, seconds)
  }

  async start (): Promise<void> {
    if (this.#server !== undefined) return
    this.#token = loadToken(this.#init.tokenFile, this.#init.createToken, 'admin')
    const server = Fastify({
      // HEAD on every GET route (RFC 9110 section 9.1), with GET's headers and no body; the onRequest hook lets it reach the dashboard.
      exposeHeadRoutes: true,
      return503OnClosing: true,
      // A path that is no URL (a bad percent-escape) is refused before routing: answered as every other error is.
      frameworkErrors: frameworkErrorAnswer(ADMIN_ROUTES),
      forceCloseConnections: true,
      clientErrorHandler: clientErrorHandler('admin API', this.#init.headersTimeoutMs),
      ...serverTimeouts(this.#init)
    })
    limitConnections(server, this.#init)
    sendNoSniff(server)
    const open = new Set(this.#init.dashboard ? ['/dashboard', '/dashboard/'] : [])
    server.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
      requireHttp1(request, 'admin API')
      requireHost(request)
      requireOriginForm(request)
      // Only reading the page needs no token: any other method there answered 404 with the list of routes.
      if ((request.method === 'GET' || request.method === 'HEAD') && open.has(request.url.split('?')[0]!)) return
      const refusal = bearerRefusal(request.raw.rawHeaders, this.#token, { missing: 'the admin API needs Authorization: Bearer <token> (the token is in the node\'s admin token file)', wrong: 'the bearer token is not this node\'s admin token' })
      if (refusal === undefined) return
      reply.header('www-authenticate', 'Bearer realm="gdp-admin"')
      await reply.code(401).send(errorBody(new UnauthorizedError(refusal), 401))
    })
    server.setErrorHandler(async (err: FastifyError, request, reply) => {
      const typed = typedHttpError(err, request, ADMIN_ROUTES)
      const status = statusOf(typed)
      logFailedAnswer(log, `${request.method} ${request.url} failed`, typed, status)
      await reply.code(status).send(errorBody(typed, status))
    })
    server.setNotFoundHandler(noRouteHandler(server, () => ` (routes: /metrics, ${VIEW_NAMES.map((v) => `/v1/${v}`).join(', ')}${this.#init.dashboard ? ', /dashboard' : ''})`))
    server.get<{ Querystring: Record<string, string | string[]> }>('/metrics', async (request, reply) => {
      // A parameter is refused, as the views refuse one they do not take: a scraper asking for a subset or a format got everything, unsaid.
      const parameter = Object.keys(request.query)[0]
      if (parameter !== undefined) throw new InvalidArgumentError(`/metrics takes no query parameters, not '${parameter}'`)
      const { contentType, body } = await this.metrics.scrape()
      return await reply.type(contentType).send(body)
    })
    server.get<{ Params: { view: string }, Querystring: Record<string, string | string[]> }>('/v1/:view', async (request) => {
      const name = request.params.view
      if (!(VIEW_NAMES as readonly string[]).includes(name)) throw new RouteNotFoundError(`no view '${name}' (views: ${VIEW_NAMES.join(', ')})`)
      return await this.#views.view(name, viewQuery(name as ViewName, request.query))
    })
    if (this.#init.dashboard) {
      const page = dashboardPage()
      const policy = dashboardPolicy()
      const sendPage = async (_request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => await reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', policy)
        .header('cache-control', 'no-store')
        .send(page)
      server.get('/dashboard', sendPage)
      server.get('/dashboard/', sendPage)
    }
    const address = await listenOrClose(server, this.#init.host, this.#init.port, 'admin API')
    this.#server = server
    this.#url = address
    log('admin API on %s', address)
  }

  async stop (): Promise<void> {
    const server = this.#server
    if (server === undefined) return
    this.#server = undefined
    await server.close()
  }
}

/** The query of a request for view `name`: limit, after, capsule, and nothing else (the view refuses those it does not take). */
function viewQuery (name: ViewName, raw: Record<string, string | string[]>): ViewQuery {
  const query: ViewQuery = {}
  for (const [k, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw new InvalidArgumentError(`query parameter '${k}' is given more than once; give it once`)
    if (k === 'limit') {
      const limit = /^\d+$/.test(value) ? Number(value) : NaN
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_VIEW_PAGE) throw new InvalidArgumentError(`limit: '${value}' is not a whole number from 1 to ${MAX_VIEW_PAGE}`)
      query.limit = limit
    } else if (k === 'after' || k === 'capsule') query[k] = value
    else throw unknownViewParameter(name, k)
  }
  return query
}

/**
 * The admin API as a node service.
 * @example adminServer({ port: 0, tokenFile: join(data, 'admin.token'), createToken: true })({ node })
 */
export function adminServer (init: AdminServerInit): (components: AdminServerComponents) => AdminServer {
  return (components) => new AdminServer(components, init)
}

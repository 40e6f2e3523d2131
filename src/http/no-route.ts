/**
 * What a node's HTTP services answer a request no route takes: 405 Method
 * Not Allowed with an Allow header when a route takes that path by another
 * method (RFC 9110, section 15.5.6), else 404. Either way a JSON error body.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { errorBody, MethodNotAllowedError, RouteNotFoundError } from './errors.js'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

/** The not-found handler for `server`; `routes` says, after the path, where the routes are listed. */
export function noRouteHandler (server: FastifyInstance, routes: () => string): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  return async (request, reply) => {
    const path = request.url.split('?')[0]!
    const allowed = METHODS.filter((method) => server.findRoute({ method, url: path }) !== null)
    if (allowed.length > 0) {
      const err = new MethodNotAllowedError(`${path} takes ${allowed.join(', ')}, not ${request.method}`)
      await reply.code(405).header('allow', allowed.join(', ')).send(errorBody(err, 405))
      return
    }
    const err = new RouteNotFoundError(`no route ${request.method} ${path}${routes()}`)
    await reply.code(404).send(errorBody(err, 404))
  }
}

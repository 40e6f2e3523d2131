/**
 * Headers every answer of the admin API and the gateway carries.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/**
 * A browser reads a body only as the type it is sent as: a file, a value or
 * a record the gateway serves as application/octet-stream is never sniffed
 * into HTML and run on the gateway's origin.
 */
export const NO_SNIFF = { 'x-content-type-options': 'nosniff' } as const

/** Sets NO_SNIFF on every answer of `server`, refusals included (an answer written to the socket itself, such as an event stream, adds it there). */
export function sendNoSniff (server: FastifyInstance): void {
  // onSend rather than onRequest: a path that is no URL is answered before any onRequest hook runs.
  server.addHook('onSend', async (_request: FastifyRequest, reply: FastifyReply) => {
    reply.headers(NO_SNIFF)
  })
}

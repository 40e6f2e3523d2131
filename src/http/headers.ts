/**
 * Headers every answer of the admin API and the gateway carries.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { InvalidArgumentError } from '../errors.js'

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

/**
 * Headers of which Node keeps only the first when a request gives several
 * (IncomingMessage's list of single-valued fields), that mean something
 * here: the conditions of a write by date, the body's type, the Host (RFC
 * 9112 section 3.2 asks 400 for two).
 */
const KEPT_ONCE = new Map(['If-Unmodified-Since', 'If-Modified-Since', 'Content-Type', 'Host'].map((name) => [name.toLowerCase(), name]))

/**
 * Refuses (400) a request that gives one of KEPT_ONCE more than once: Node
 * dropped the second in silence, so a PUT with two If-Unmodified-Since,
 * the second of which refused it, overwrote the file.
 */
export function refuseRepeatedHeaders (request: FastifyRequest): void {
  const raw = request.raw.rawHeaders
  const seen = new Set<string>()
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase()
    if (!KEPT_ONCE.has(name)) continue
    if (seen.has(name)) throw new InvalidArgumentError(`${KEPT_ONCE.get(name)!} is given more than once; give it once (the server would read the first only)`)
    seen.add(name)
  }
}

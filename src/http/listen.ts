import type { FastifyInstance } from 'fastify'
import { ListenError } from '../errors.js'

/**
 * Starts `server` listening and returns its address (http://host:port); a
 * server that cannot listen is closed, not left half open, and the error
 * says which service and address, in one line (a port in use or a host
 * that is not an address came out as an internal error).
 */
export async function listenOrClose (server: FastifyInstance, host: string, port: number, service: 'admin API' | 'gateway'): Promise<string> {
  try {
    return await server.listen({ host, port })
  } catch (err) {
    await server.close()
    const code = (err as NodeJS.ErrnoException).code
    if (code === undefined || !['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'ENOTFOUND', 'EAI_AGAIN', 'EINVAL'].includes(code)) throw err
    throw new ListenError(`the ${service} cannot listen on ${host}:${port}: ${code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `'${host}' is not an address of this machine` : (err as Error).message}`, { cause: err })
  }
}

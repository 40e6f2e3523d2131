import type { AddressInfo } from 'node:net'
import type { FastifyInstance } from 'fastify'
import { ListenError } from '../errors.js'

/**
 * Starts `server` listening and returns its address (http://host:port), the
 * one the socket is bound to: fastify's answer for 0.0.0.0 is
 * http://127.0.0.1:port, and a node listening on every interface said it
 * was on loopback. A server that cannot listen is closed, not left half
 * open, and the error says which service and address, in one line (a port
 * in use or a host that is not an address came out as an internal error).
 */
export async function listenOrClose (server: FastifyInstance, host: string, port: number, service: 'admin API' | 'gateway'): Promise<string> {
  try {
    await server.listen({ host, port })
    const bound = server.server.address() as AddressInfo
    return `http://${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`
  } catch (err) {
    await server.close()
    const code = (err as NodeJS.ErrnoException).code
    if (code === undefined || !['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'ENOTFOUND', 'EAI_AGAIN', 'EINVAL'].includes(code)) throw err
    throw new ListenError(`the ${service} cannot listen on ${host}:${port}: ${code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? `'${host}' is not an address of this machine` : (err as Error).message}`, { cause: err })
  }
}

/** Whether an HTTP service's URL (listenOrClose's) is reachable only from this machine. */
export function onLoopback (url: string): boolean {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '')
  // 127.0.0.0/8 mapped into IPv6 (::ffff:127.0.0.1), which the URL writes as ::ffff:7f00:1.
  return host === '::1' || /^127\./.test(host) || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
}

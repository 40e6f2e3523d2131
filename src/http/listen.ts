import type { FastifyInstance } from 'fastify'

/** Starts `server` listening and returns its address (http://host:port); a server that cannot listen is closed, not left half open. */
export async function listenOrClose (server: FastifyInstance, host: string, port: number): Promise<string> {
  try {
    return await server.listen({ host, port })
  } catch (err) {
    await server.close()
    throw err
  }
}

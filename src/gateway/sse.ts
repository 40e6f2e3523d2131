/**
 * Server-Sent Events: a stream of events taken over from fastify. The
 * client going away aborts `signal`, which ends the subscription or watch
 * that feeds the stream.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import { InvalidArgumentError } from '../errors.js'
import { errorBody, statusOf } from '../http/errors.js'

export interface EventStream {
  /** Aborted when the client disconnects or the gateway stops. */
  readonly signal: AbortSignal
  /** Sends one event; `id` is what the client sends back as Last-Event-ID to resume after it. */
  send: (event: string, data: unknown, id?: string) => Promise<void>
  /** Sends an error event and ends the stream. */
  fail: (err: Error) => void
  end: () => void
}

/**
 * Answers 200 text/event-stream and hands back the stream. A comment line
 * every `keepAliveMs` keeps proxies from closing an idle stream and finds a
 * client that went away without closing.
 */
export function openEventStream (reply: FastifyReply, keepAliveMs: number, stopping: AbortSignal): EventStream {
  const controller = new AbortController()
  const res = reply.raw
  reply.hijack()
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    // Proxies such as nginx buffer answers unless told not to; events must go out as they come.
    'x-accel-buffering': 'no'
  })
  res.write(': stream open\n\n')
  const keepAlive = setInterval(() => { res.write(': keep-alive\n\n') }, keepAliveMs)
  const close = (): void => {
    clearInterval(keepAlive)
    stopping.removeEventListener('abort', end)
    controller.abort()
  }
  const end = (): void => {
    close()
    if (!res.writableEnded) res.end()
  }
  res.on('close', close)
  stopping.addEventListener('abort', end)
  if (stopping.aborted) end()
  return {
    signal: controller.signal,
    async send (event, data, id) {
      if (res.writableEnded || res.destroyed) return
      const lines = `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
      // A slow reader: wait for the socket to drain rather than buffer an unbounded backlog here.
      if (!res.write(lines)) {
        await new Promise<void>((resolve) => {
          const done = (): void => { res.off('drain', done); res.off('close', done); resolve() }
          res.on('drain', done)
          res.on('close', done)
        })
      }
    },
    fail (err) {
      if (!res.writableEnded && !res.destroyed) res.write(`event: error\ndata: ${JSON.stringify(errorBody(err, statusOf(err)))}\n\n`)
      end()
    },
    end
  }
}

/** Where a stream resumes: the Last-Event-ID header when the client sends one (a reconnect), else the query's value. */
export function resumeFrom (request: FastifyRequest, fromQuery: number | undefined): number | undefined {
  const header = request.headers['last-event-id']
  if (typeof header === 'string' && header.length > 0) {
    if (!/^\d{1,15}$/.test(header)) throw new InvalidArgumentError(`Last-Event-ID '${header}' is not an event id this stream sent (a whole number)`)
    return Number(header)
  }
  return fromQuery
}

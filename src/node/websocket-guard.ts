/**
 * The node's WebSocket transport: @libp2p/websockets with the limits the
 * node's TCP port has, and its aborted connections closed.
 *
 * Found by attacking the node's edge (browser clients connect here, and
 * every node listens on WebSocket by default):
 *
 * - libp2p's WebSocket listener waits, with no deadline, for a socket's
 *   first byte, then for its HTTP upgrade (Node's 60 s header timeout);
 *   the connection gater and `upgrade_timeout` see a connection only once
 *   it is a WebSocket. Idle sockets from one address took every file
 *   descriptor, and the node took no client on any port. Here each socket
 *   takes a pending slot of the gater from its accept (`max_pending_per_ip`,
 *   `max_pending_connections` with its eviction, bans by address do not
 *   exist) until its upgrade, and is closed if the upgrade has not come
 *   within `upgrade_timeout`.
 * - libp2p resets an aborted WebSocket connection with close code 1006,
 *   which `ws` refuses to send (it throws): the socket stayed open, counted
 *   nowhere, and took unfinished fragmented messages of up to 100 MiB each.
 *   A reset now terminates the socket.
 * - libp2p ends a handshake past `upgrade_timeout` with a close, and `ws`
 *   waited 30 s for the peer's close frame, keeping the socket and its
 *   unfinished message, while the gater had given the slot to another: 534
 *   sockets from 16 addresses held 2.25 GiB. The socket is now ended
 *   CLOSE_ANSWER_MS after any close, plus the time data still queued for
 *   the peer takes at 64 KB/s.
 * - Any web page could link its visitor's browser to a node on loopback
 *   (a browser sends the page's Origin, and nothing checked it), and take
 *   the connection slots of the user's own tools from 127.0.0.1. An upgrade
 *   with an Origin not in `websocket_origins` is refused (403); one with
 *   none (no browser) is taken.
 * - `ws` keeps a message's fragments up to its `maxPayload`, 100 MiB by
 *   default; libp2p aborts a connection whose message is over 4 MiB anyway.
 *   Past it `ws` closes the connection (1009) and emits an 'error', which
 *   nothing listened for.
 * - Until libp2p's upgrade (multistream-select, Noise, Yamux) is done, a
 *   peer has no need of a message over one Noise message: each handshake
 *   kept an unfinished message of up to 4 MiB until `upgrade_timeout`, and
 *   320 of them from 40 addresses held 750 MiB. A message over
 *   HANDSHAKE_MESSAGE_BYTES is refused (1009) until the upgrade is done.
 *
 * The listener's internals are reached through the listener object the
 * transport makes (its class is not exported); test/node/websocket-limits
 * checks each through the real stack, so a libp2p release that
 * changes them fails there.
 */
import type { Socket } from 'node:net'
import type { IncomingMessage } from 'node:http'
import { webSockets } from '@libp2p/websockets'
import type { CreateListenerOptions, Listener, MultiaddrConnection, Transport } from '@libp2p/interface'
import { multiaddr } from '@multiformats/multiaddr'
import { logger } from '@libp2p/logger'
import type { GdpConnectionGater } from './connection-gater.js'
import { LimitedLog } from '../log-limit.js'

const log = logger('gdp:node:websocket')
/** A page that keeps trying (each visitor's browser, each reload) is one line a minute. */
const refusedOrigins = new LimitedLog(60_000)

/** What libp2p aborts a connection over (its read buffer); `ws` keeps no larger message. */
export const MAX_WEBSOCKET_MESSAGE_BYTES = 4 * 1024 * 1024

/**
 * The largest message a peer may send before libp2p's upgrade of its
 * connection is done: a Noise message with its 2-byte length (libp2p's
 * WebSocket connection sends each piece of a write as a message of its own),
 * with room for multistream-select lines written with it.
 */
export const HANDSHAKE_MESSAGE_BYTES = 65_535 + 2 + 1024

/** How long a closed WebSocket waits for its peer's close frame before its socket is ended (ws waits 30 s), data queued aside. */
export const CLOSE_ANSWER_MS = 1000

/** The pace (64 KB/s) a closed WebSocket's queued data is given to reach its peer before the socket is ended. */
const SLOW_READER_BYTES_PER_MS = 64

export interface WebSocketGuardInit {
  /** From accept to the WebSocket upgrade, at most (the node's `upgrade_timeout`). */
  upgradeTimeoutMs: number
  /** The web pages' origins a browser's upgrade may come from, or ['any'] (the node's `websocket_origins`). */
  origins: string[]
}

/** The parts of @libp2p/websockets' listener (10.1.x) the guard replaces or sets. */
interface WebSocketListenerInternals {
  onSocketConnection: (socket: Socket) => Promise<void>
  onWsServerConnection: (ws: WebSocketLike, req: IncomingMessage) => void
  wsServer: { options: { maxPayload?: number, verifyClient?: (info: { origin?: string }, done: (ok: boolean, code?: number, message?: string) => void) => void } }
  upgrader: { upgradeInbound: (maConn: MultiaddrConnection, options: { signal?: AbortSignal }) => Promise<void> }
}

interface WebSocketLike {
  /** Bytes queued to send. */
  readonly bufferedAmount: number
  close: (code?: number, reason?: string | Buffer) => void
  terminate: () => void
  on: (event: 'error', listener: (err: Error) => void) => void
  /** ws's receiver (8.x): the message limit it checks each frame against, changed while the socket is open. */
  _receiver?: { _maxPayload?: number }
}

/** A socket before its upgrade, as the gater sees a connection: it holds a pending slot until it closes or upgrades. */
class PendingSocket extends EventTarget {
  status: 'open' | 'closed' = 'open'
  readonly remoteAddr
  constructor (readonly socket: Socket) {
    super()
    const family = socket.remoteFamily === 'IPv6' ? 'ip6' : 'ip4'
    this.remoteAddr = multiaddr(`/${family}/${socket.remoteAddress ?? '0.0.0.0'}/tcp/${socket.remotePort ?? 0}/ws`)
  }

  /** The gater evicted it for a newer one. */
  abort (): void { this.socket.destroy() }

  /** Its slot is free: it upgraded (libp2p's own gating takes it from there) or it went. */
  release (): void {
    if (this.status === 'closed') return
    this.status = 'closed'
    this.dispatchEvent(new Event('close'))
  }
}

/** @libp2p/websockets' transport, its listeners guarded as above. */
export function guardedWebSockets (gater: GdpConnectionGater, init: WebSocketGuardInit): (components: Parameters<ReturnType<typeof webSockets>>[0]) => Transport {
  const make = webSockets()
  return (components) => {
    const transport = make(components)
    const createListener = transport.createListener.bind(transport)
    transport.createListener = (options: CreateListenerOptions): Listener => {
      const listener = createListener(options)
      guard(listener as unknown as WebSocketListenerInternals, gater, init)
      return listener
    }
    return transport
  }
}

function guard (listener: WebSocketListenerInternals, gater: GdpConnectionGater, init: WebSocketGuardInit): void {
  if (typeof listener.onSocketConnection !== 'function' || typeof listener.onWsServerConnection !== 'function' || listener.wsServer?.options === undefined || typeof listener.upgrader?.upgradeInbound !== 'function') {
    throw new Error('@libp2p/websockets\' listener is not the one src/node/websocket-guard.ts knows (10.1.x): its limits would not apply')
  }
  listener.wsServer.options.maxPayload = MAX_WEBSOCKET_MESSAGE_BYTES
  listener.wsServer.options.verifyClient = (info, done) => {
    const origin = info.origin
    if (origin === undefined || init.origins.includes('any') || init.origins.includes(origin)) { done(true); return }
    refusedOrigins.note(origin.slice(0, 200), (more) => { log('refused a WebSocket from a web page of origin %s: add it to websocket_origins to let its browsers link here%s', origin.slice(0, 200), more) })
    done(false, 403, 'Forbidden: this node takes no browser link from that origin (websocket_origins)')
  }
  const pending = new WeakMap<Socket, { slot: PendingSocket, timer: NodeJS.Timeout }>()
  const accept = listener.onSocketConnection.bind(listener)
  listener.onSocketConnection = async (socket: Socket): Promise<void> => {
    const slot = new PendingSocket(socket)
    if (gater.denyInboundConnection(slot as unknown as MultiaddrConnection)) {
      socket.destroy()
      return
    }
    const timer = setTimeout(() => { socket.destroy() }, init.upgradeTimeoutMs)
    timer.unref()
    pending.set(socket, { slot, timer })
    socket.once('close', () => {
      clearTimeout(timer)
      slot.release()
    })
    await accept(socket)
  }
  // libp2p's listener hands the connection made of a WebSocket to its upgrader at once, in the same call: the
  // WebSocket's limit goes up to MAX_WEBSOCKET_MESSAGE_BYTES once that upgrade is done.
  const upgrader = listener.upgrader
  let upgrading: WebSocketLike | undefined
  listener.upgrader = new Proxy(upgrader, {
    get: (target, property) => property !== 'upgradeInbound'
      ? Reflect.get(target, property)
      : async (maConn: MultiaddrConnection, options: { signal?: AbortSignal }): Promise<void> => {
        const ws = upgrading
        upgrading = undefined
        await target.upgradeInbound(maConn, options)
        if (ws?._receiver !== undefined) ws._receiver._maxPayload = MAX_WEBSOCKET_MESSAGE_BYTES
      }
  })
  const upgraded = listener.onWsServerConnection.bind(listener)
  listener.onWsServerConnection = (ws: WebSocketLike, req: IncomingMessage): void => {
    const held = pending.get(req.socket)
    if (held !== undefined) {
      clearTimeout(held.timer)
      held.slot.release()
    }
    // libp2p's reset: a close code `ws` refuses to send (it throws, and the socket stayed open). Any other close waits
    // for the peer's close frame CLOSE_ANSWER_MS at most, not ws's 30 s: libp2p's connection is gone by then, and
    // the gater has given its slot to another (one that never answered kept its socket and unfinished message).
    const close = ws.close.bind(ws)
    ws.close = (code?: number, reason?: string | Buffer): void => {
      if (code === 1006) { ws.terminate(); return }
      close(code, reason)
      // What is still queued goes first: a slow reader gets it at SLOW_READER_BYTES_PER_MS, up to ws's own 30 s.
      setTimeout(() => { ws.terminate() }, CLOSE_ANSWER_MS + Math.min(29_000, ws.bufferedAmount / SLOW_READER_BYTES_PER_MS)).unref()
    }
    // A message over maxPayload (or a protocol error) is an 'error' event before the close: with no listener, an
    // uncaught exception that ended the node.
    ws.on('error', () => {})
    if (ws._receiver !== undefined) ws._receiver._maxPayload = HANDSHAKE_MESSAGE_BYTES
    upgrading = ws
    try { upgraded(ws, req) } finally { upgrading = undefined }
  }
}

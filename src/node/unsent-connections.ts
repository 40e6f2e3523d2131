/**
 * What every connection's layers under the muxer (the Noise connection, the
 * socket's) hold written and not yet taken by their sockets, together. Each
 * connection is bounded (MAX_UNSENT_BYTES a layer, pdu-transport.ts), and
 * the send budget counts what the PDU links hold above the muxer, but what
 * streams pass to a full socket (one frame each, as large as the window
 * the peer grants, and the muxer's own frames) left the send budget's
 * count and sat in these layers: a peer that grants windows and reads
 * nothing of its socket put up to 8 MiB a connection there, 64
 * connections an address, 1,024 a node (`max_connections`).
 *
 * Bytes pile up in a connection's layers only while its socket is full: a
 * send the socket did not take whole marks the connection, and its layers
 * are counted from then until it drains with nothing left in them (a layer
 * above the socket refills it as it drains). Past the budget, the connection
 * whose socket has taken nothing for the longest (oldest unread first;
 * the one holding the most among equals) is closed, then the next, until
 * the rest fits. Allow-listed ones (configured neighbours, the upstream,
 * `connection_allow`) are counted and never closed.
 */
import { SlowPeerError } from '../errors.js'

/** A connection as it is counted: its layers' write buffers, and how to close it. */
export interface UnsentConnection {
  abort: (err: Error) => void
}

export interface UnsentLayers {
  readonly writeBufferLength: number
}

export interface UnsentConnectionCounters {
  /** Bytes the connections' layers held unsent when last looked at. */
  bytes: number
  /** Connections closed because they held unsent bytes, unread the longest, when all of them together held more than the budget. */
  closed: number
  /** Connections closed on their own bound: a layer held more than MAX_UNSENT_BYTES unsent. */
  overBytes: number
  /** Connections closed on their own bound: MAX_UNSENT_FRAMES frames sent to a full socket (pdu-transport.ts). */
  overFrames: number
}

interface Held {
  connection: UnsentConnection
  layers: UnsentLayers[]
  exempt: boolean
  bytes: number
  /** When its socket last stopped taking what it was given (performance.now()). */
  since: number
}

export class UnsentConnections {
  readonly totalBytes: number
  readonly counters: UnsentConnectionCounters = { bytes: 0, closed: 0, overBytes: 0, overFrames: 0 }
  /** Connections whose socket was full at their last send and has not drained since. */
  readonly #held = new Map<UnsentConnection, Held>()
  readonly #log: (format: string, ...args: unknown[]) => void

  constructor (totalBytes: number, log: (format: string, ...args: unknown[]) => void = () => {}) {
    if (!(Number.isSafeInteger(totalBytes) && totalBytes > 0)) throw new RangeError(`a budget of unsent bytes is a positive whole number of bytes, not ${totalBytes}`)
    this.totalBytes = totalBytes
    this.#log = log
  }

  /** A send on `connection` found its socket full: what `layers` hold counts until it drains or closes. */
  full (connection: UnsentConnection, layers: UnsentLayers[], exempt: boolean): void {
    let held = this.#held.get(connection)
    if (held === undefined) {
      held = { connection, layers, exempt, bytes: 0, since: performance.now() }
      this.#held.set(connection, held)
    }
    this.#look(held)
    if (this.counters.bytes > this.totalBytes) this.#relieve()
  }

  /**
   * `connection`'s socket took all it was given: it reads. What its layers
   * passed it then may fill it again; counted until they hold nothing.
   */
  drained (connection: UnsentConnection): void {
    const held = this.#held.get(connection)
    if (held === undefined) return
    this.#look(held)
    if (held.bytes === 0) { this.#held.delete(connection); return }
    held.since = performance.now()
    if (this.counters.bytes > this.totalBytes) this.#relieve()
  }

  /** `connection` closed: what it held is gone. */
  closed (connection: UnsentConnection): void {
    const held = this.#held.get(connection)
    if (held === undefined) return
    this.counters.bytes -= held.bytes
    this.#held.delete(connection)
  }

  #look (held: Held): void {
    let bytes = 0
    for (const layer of held.layers) bytes += layer.writeBufferLength
    this.counters.bytes += bytes - held.bytes
    held.bytes = bytes
  }

  /** Over the budget: what each holds now (sockets may have taken some since), then the unread longest go until the rest fits. */
  #relieve (): void {
    for (const held of this.#held.values()) this.#look(held)
    while (this.counters.bytes > this.totalBytes) {
      let oldest: Held | undefined
      for (const held of this.#held.values()) {
        if (held.exempt || held.bytes === 0) continue
        if (oldest === undefined || held.since < oldest.since || (held.since === oldest.since && held.bytes > oldest.bytes)) oldest = held
      }
      if (oldest === undefined) return
      const unreadMs = Math.round(performance.now() - oldest.since)
      this.#log('closing a connection whose socket took nothing for %d ms, holding %d bytes unsent, when all held more than the budget of %d', unreadMs, oldest.bytes, this.totalBytes)
      this.counters.closed++
      this.closed(oldest.connection)
      oldest.connection.abort(new SlowPeerError(`the peer read nothing for ${unreadMs} ms, leaving ${oldest.bytes} bytes unsent, the most unread when the node's connections held more than ${this.totalBytes} bytes unsent`))
    }
  }
}

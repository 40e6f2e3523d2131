/**
 * PDUs over libp2p: one long-lived stream per neighbour on /gdp/pdu/1.0.0,
 * carrying varint-length-prefixed Pdu messages both ways. Each neighbour
 * becomes a Link of the forwarder, named by the SHA-256 of the Ed25519 key
 * that Noise authenticated.
 */
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import { LengthPrefixedDecoder } from '@libp2p/utils'
import { logger } from '@libp2p/logger'
import { formatName } from '../capsule/name.js'
import { GdpError } from '../errors.js'
import { FrameTooLargeError, LinkCongestedError, type Forwarder, type Link } from '../routing/forwarder.js'
import { nodeName } from '../routing/signing.js'
import { decodeProto, lengthPrefixed, pb } from '../wire/index.js'

export const PDU_PROTOCOL = '/gdp/pdu/1.0.0'
const log = logger('gdp:transport')
/** Largest PDU on the wire: a 64 MiB record plus framing. */
export const MAX_PDU_BYTES = 64 * 1024 * 1024 + 64 * 1024
/** Frames waiting in one tick are sent at once when they reach this size. */
const OUTBOX_FLUSH_BYTES = 64 * 1024

export interface PduTransportComponents {
  libp2p: Libp2p
  forwarder: Forwarder
  /** Round-trip time to a peer in ms; it becomes the link's cost, so anycast picks the nearest replica. */
  measureRtt?: (peer: PeerId) => Promise<number>
}

export interface PduTransportCounters {
  framesIn: number
  framesOut: number
  malformed: number
}

/** The node name of a libp2p peer: SHA-256 of its Ed25519 public key. */
export function nodeNameOfPeer (peer: PeerId): Uint8Array {
  const key = peer.publicKey
  if (key?.type !== 'Ed25519') throw new GdpError(`peer ${peer.toString()} has no Ed25519 key`)
  return nodeName(key.raw)
}

/**
 * The link to one neighbour. Both sides may open a stream at once; frames
 * go out on the newest open one and come in on all of them.
 */
class PeerLink implements Link {
  readonly peer: Uint8Array
  cost: number
  readonly streams: Stream[] = []
  readonly #counters: PduTransportCounters
  /** Frames produced in this tick, sent together: one yamux frame and one encryption instead of one per PDU. */
  #outbox: Uint8Array[] = []
  #outboxBytes = 0

  constructor (peer: Uint8Array, cost: number, counters: PduTransportCounters) {
    this.peer = peer
    this.cost = cost
    this.#counters = counters
  }

  send (pdu: pb.IPdu): void {
    const stream = this.streams.at(-1)
    if (stream === undefined) throw new LinkCongestedError(`the link to ${formatName(this.peer)} is down`)
    const bytes = pb.Pdu.encode(pdu).finish()
    if (bytes.length > MAX_PDU_BYTES) throw new FrameTooLargeError(`a PDU of ${bytes.length} bytes exceeds the ${MAX_PDU_BYTES}-byte limit`)
    // New requests are refused while the link is backed up; replies still go (they were asked for).
    if (pdu.request != null && stream.writableNeedsDrain) throw new LinkCongestedError(`the link to ${formatName(this.peer)} is backed up`)
    this.#counters.framesOut++
    const frame = lengthPrefixed(bytes)
    if (this.#outbox.length === 0) queueMicrotask(() => { this.#flush() })
    this.#outbox.push(frame)
    this.#outboxBytes += frame.length
    if (this.#outboxBytes >= OUTBOX_FLUSH_BYTES) this.#flush()
  }

  #flush (): void {
    if (this.#outbox.length === 0) return
    const frames = this.#outbox
    this.#outbox = []
    this.#outboxBytes = 0
    const stream = this.streams.at(-1)
    if (stream === undefined) return // the link went down this tick; requests time out or are NACKed on removal
    stream.send(frames.length === 1 ? frames[0]! : Buffer.concat(frames))
  }
}

export class PduTransport {
  readonly counters: PduTransportCounters = { framesIn: 0, framesOut: 0, malformed: 0 }
  readonly #c: PduTransportComponents
  readonly #links = new Map<string, PeerLink>()
  /** Called when a neighbour's link comes up (e.g. to send it advertisements). */
  onLinkUp: (peer: Uint8Array) => void = () => {}

  constructor (components: PduTransportComponents) {
    this.#c = components
  }

  async start (): Promise<void> {
    await this.#c.libp2p.handle(PDU_PROTOCOL, (stream: Stream, connection: Connection) => { this.#attach(stream, connection) }, { runOnLimitedConnection: false })
  }

  async stop (): Promise<void> {
    await this.#c.libp2p.unhandle(PDU_PROTOCOL)
    for (const link of this.#links.values()) for (const stream of link.streams) stream.abort(new GdpError('node stopping'))
    this.#links.clear()
  }

  /** Dials a neighbour (multiaddr or peer id) and opens the PDU stream; returns its node name. */
  async connect (target: Parameters<Libp2p['dial']>[0], signal?: AbortSignal): Promise<Uint8Array> {
    const connection = await this.#c.libp2p.dial(target, { signal })
    const stream = await connection.newStream(PDU_PROTOCOL, { signal, runOnLimitedConnection: false })
    return this.#attach(stream, connection)
  }

  #attach (stream: Stream, connection: Connection): Uint8Array {
    const peer = nodeNameOfPeer(connection.remotePeer)
    const id = formatName(peer)
    let link = this.#links.get(id)
    const fresh = link === undefined
    if (link === undefined) {
      link = new PeerLink(peer, 1, this.counters)
      this.#links.set(id, link)
    }
    link.streams.push(stream)
    const forwarder = this.#c.forwarder
    // The buffer must hold a whole frame of the largest PDU plus the next chunk that completes it:
    // with the decoder's 4 MiB default, one large record tore the link down.
    const decoder = new LengthPrefixedDecoder({ maxDataLength: MAX_PDU_BYTES, maxBufferSize: 2 * MAX_PDU_BYTES })
    const current = link
    // Listen at once: a stream without a 'message' listener buffers, then resets.
    stream.addEventListener('message', (event) => {
      try {
        for (const frame of decoder.decode(event.data)) {
          this.counters.framesIn++
          let pdu: pb.Pdu
          try { pdu = decodeProto(pb.Pdu, frame.subarray(), 'PDU') } catch { this.counters.malformed++; continue }
          forwarder.receive(pdu, current)
        }
      } catch (err) {
        // A frame over the limit or a broken length prefix: this stream cannot be trusted further.
        this.counters.malformed++
        log('closing the stream from %s: %s', id, (err as Error).message)
        stream.abort(err as Error)
      }
    })
    stream.addEventListener('close', () => {
      const i = current.streams.indexOf(stream)
      if (i >= 0) current.streams.splice(i, 1)
      if (current.streams.length === 0 && this.#links.get(id) === current) {
        log('link to %s down', id)
        this.#links.delete(id)
        forwarder.removeLink(peer)
      }
    })
    if (fresh) {
      log('link to %s up (%s)', id, connection.remoteAddr.toString())
      forwarder.addLink(link)
      this.onLinkUp(peer)
      this.#c.measureRtt?.(connection.remotePeer).then((rtt) => { current.cost = Math.max(1, Math.round(rtt)) }, () => {})
    }
    return peer
  }

  /** Node names of the neighbours with an open PDU stream. */
  neighbours (): Uint8Array[] {
    return [...this.#links.values()].map((l) => l.peer)
  }
}

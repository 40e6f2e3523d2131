/**
 * PDUs over libp2p: one long-lived stream per neighbour on /gdp/pdu/1.0.0,
 * carrying varint-length-prefixed Pdu messages both ways. Each neighbour
 * becomes a Link of the forwarder, named by the SHA-256 of the Ed25519 key
 * that Noise authenticated.
 */
import { yamux } from '@chainsafe/libp2p-yamux'
import type { AbortOptions, Connection, DialTarget, MessageStream, PeerId, Stream } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import type { Multiaddr } from '@multiformats/multiaddr'
import { formatName } from '../capsule/name.js'
import { FrameTooLargeError, IdleStreamError, IncompatibleDependencyError, LinkCongestedError, PeerKeyError, RateLimitExceededError, ServiceStoppedError, SlowPeerError } from '../errors.js'
import { sendClassOf, type Forwarder, type Link } from '../routing/forwarder.js'
import { SendBudget, SendQueue, type SendBudgetInit, type SendQueueInit } from '../routing/send-queue.js'
import type { UnsentConnections, UnsentLayers } from './unsent-connections.js'
import { nodeName } from '../routing/signing.js'
import { decodeProto, FrameDecoder, frameBytes, lengthPrefix, lengthPrefixed, pb, readLengthPrefix } from '../wire/index.js'
import { checkPduShape, MAX_PDU_BYTES, readReplyNonce, readRequestHeader } from '../wire/pdu-shape.js'
import { FrameTimeoutError, type FrameMeter, UnfinishedFrames, UnfinishedFramesError, type UnfinishedFrameCounters, type UnfinishedFrameLimitsInit } from '../wire/unfinished-frames.js'
import { FairReceiver, type Frame, type InboundQueue, type ReceiveCounters, type ReceiveLimitsInit } from './receive-queue.js'
import { installWindowUpdateHysteresis } from './yamux-window.js'

export const PDU_PROTOCOL = '/gdp/pdu/1.0.0'
const log = logger('gdp:transport')
/** Frames waiting in one tick are sent at once when they reach this size. */
const OUTBOX_FLUSH_BYTES = 64 * 1024
/** PDUs this large are queued after their prefix rather than copied behind it (they are written alone anyway). */
const LARGE_PDU_BYTES = OUTBOX_FLUSH_BYTES
/**
 * What a PDU stream may buffer itself: the send queue hands it one write at
 * a time (at most a coalesced 64 KiB or one PDU), and the next only once it
 * has sent that one, so only a write that bypassed the queue could pass
 * this; the stream is reset if so.
 */
const STREAM_WRITE_BUFFER_BYTES = MAX_PDU_BYTES + OUTBOX_FLUSH_BYTES

/**
 * Stream options for the yamux muxer (node.ts), for every protocol's streams:
 * a receive window of at most 4 MiB per stream (yamux's default lets it grow
 * to 16 MiB) bounds what a peer may have in flight to us on each stream; the
 * read buffer (used only while a stream has no listener or is paused) stays
 * at 4 MiB; the write buffer of a stream whose peer stops reading is capped
 * (libp2p's default is unbounded), which resets such a stream instead of
 * buffering without end. A PDU stream's own bound is its SendQueue.
 */
const MUXER_STREAM_OPTIONS = {
  maxStreamWindowSize: 4 * 1024 * 1024,
  maxReadBufferLength: 4 * 1024 * 1024,
  maxWriteBufferLength: STREAM_WRITE_BUFFER_BYTES
}

/**
 * PDU streams a peer may hold open on one connection (the next is reset): a
 * neighbour sends on one at a time, and the rest is room for a stream that
 * replaces one whose reset has not arrived yet. Each stream, idle or not,
 * holds its muxer state and decoder until the connection closes; libp2p's
 * default (32) let one address hold 2,048 over its 64 connections, sending
 * nothing (test/node/idle-streams.test.ts).
 */
export const PDU_STREAMS_PER_CONNECTION = 4

/**
 * How long a PDU stream whose neighbour ended its writable end may take to
 * send what is queued on it before it is reset: a neighbour that ended its
 * side and does not read would hold it open otherwise.
 */
export const HALF_CLOSED_GRACE_MS = 5000

/**
 * How long a PDU stream the neighbour opened may carry nothing once the
 * neighbour opened a newer one on its connection, before it is reset
 * (PduTransportInit.idleStreamMs): a neighbour sends on its newest stream,
 * so an older one it left idle is a replaced stream whose reset has not
 * arrived, or one opened only to be held. Only the neighbour's own streams
 * behind a newer one of its own: where both ends opened one at once, each
 * may send on the other's, and a link may be quiet for hours. Such a stream
 * is ended on this side (the neighbour moves to another, and what it sent
 * meanwhile is still read: two streams it opened at once may be in the
 * other order here), and reset if the neighbour does not end its side
 * within HALF_CLOSED_GRACE_MS (or this, if shorter).
 */
export const IDLE_STREAM_MS = 60_000

/**
 * A connection that has this many of its streams refused within a second
 * is closed: each refusal still costs a stream's setup and its reset, and a
 * new connection costs a handshake, under the gater's connection rate.
 */
const REFUSED_STREAMS_TO_CLOSE = 64

/**
 * What a peer may send on a stream before its protocol is negotiated:
 * multistream-select's header and a few proposals of up to 1 KiB each (a
 * js-libp2p peer sends one proposal at a time and nothing more until it is
 * accepted). libp2p reads all a new stream carries into a buffer of up to
 * 4 MiB while it negotiates, for up to 10 s, before any protocol's own
 * bound sees a byte: a peer that had the router's answers wait (its
 * `ls` answers unread) and went on sending held it all, 100 such streams
 * from one address about 240 MiB.
 */
export const MAX_NEGOTIATION_BYTES = 16 * 1024

/**
 * What a connection may hold written and not yet taken by its socket, over
 * all its streams, at most: in bytes, and in frames the muxer sent since
 * the socket was last drained; past either the connection is closed. Its
 * streams stop writing once the socket is full (each stream's send window
 * and write buffer bound the rest), but the muxer's own answers do not: a
 * peer that sent yamux pings and stopped reading its socket had every
 * answer kept, 12 bytes and some 200 of heap each, and 8 connections took a
 * router's memory up 600 MiB in 6 s. What honest streams add past a full
 * socket is a frame each (64 KiB at most), and a window update or two.
 */
export const MAX_UNSENT_BYTES = 4 * 1024 * 1024
export const MAX_UNSENT_FRAMES = 4096

/** What a node's connections hold unsent under their muxers, together (UnsentConnections), and which of them are never closed for it. */
export interface UnsentBudgetOptions {
  budget: UnsentConnections
  /** Allow-listed addresses: counted, never closed. */
  exempt: (remoteAddr: Multiaddr) => boolean
}

/**
 * The stream muxer every node and edge client uses: yamux with these
 * limits, window updates at half the window, on a connection closed when
 * what it holds unsent passes MAX_UNSENT_BYTES. With `admitStream` (a
 * node's connection gater), each stream the peer opens is first admitted
 * by the peer's address, and one refused is reset there, before libp2p
 * negotiates its protocol and writes it to the peer store: that work, not
 * what the stream carried, was what a flood of streams opened and reset
 * cost (connection-gater.ts). A connection that keeps opening streams past
 * the rate is closed (REFUSED_STREAMS_TO_CLOSE). With `unsent` (a node's),
 * what all connections hold unsent is bounded together (unsent-connections.ts).
 * With `negotiating` (a node's gater), so are the streams negotiating their
 * protocol at once, per address and in all.
 */
export function pduMuxer (admitStream?: (remoteAddr: Multiaddr) => boolean, unsent?: UnsentBudgetOptions, counters?: NegotiationCounters, negotiating?: NegotiationGate): ReturnType<typeof yamux> {
  installWindowUpdateHysteresis()
  const factory = yamux({ streamOptions: MUXER_STREAM_OPTIONS })
  return () => {
    const muxers = factory()
    const createStreamMuxer = muxers.createStreamMuxer.bind(muxers)
    muxers.createStreamMuxer = (connection) => {
      const layers = boundUnsent(connection)
      const muxer = createStreamMuxer(connection)
      boundUnsentFrames(muxer, connection, () => { if (unsent !== undefined) unsent.budget.counters.overFrames++ })
      if (unsent !== undefined) countUnsent(muxer, connection, layers, unsent)
      boundNegotiation(muxer, remoteAddrOf(connection), counters, negotiating)
      if (admitStream !== undefined) admitStreams(muxer, connection, admitStream)
      return muxer
    }
    return muxers
  }
}

/**
 * Bounds what each layer under the muxer (the Noise connection, the
 * socket's) holds unsent: libp2p closes a layer whose write buffer passes
 * its maxWriteBufferLength while its socket is full (unbounded by default).
 * Returns the layers, and the node:net socket's own queue under them,
 * which takes a whole send (joined-writes.ts) and is not bounded so: for
 * what all connections hold together.
 */
function boundUnsent (connection: unknown): UnsentLayers[] {
  let layer = connection as { writeBufferLength?: number, maxWriteBufferLength?: number, stream?: unknown, socket?: { writableLength?: unknown } } | undefined
  const layers: UnsentLayers[] = []
  for (let depth = 0; depth < 4 && layer !== undefined && layer !== null; depth++) {
    if (typeof layer.writeBufferLength === 'number') { layer.maxWriteBufferLength = MAX_UNSENT_BYTES; layers.push(layer as UnsentLayers) }
    const socket = layer.socket
    if (typeof socket?.writableLength === 'number') layers.push({ get writeBufferLength () { return socket.writableLength as number } })
    layer = layer.stream as typeof layer
  }
  if (layers.length === 0) throw new IncompatibleDependencyError('libp2p changed: a connection under the muxer has no write buffer to bound')
  return layers
}

/** Counts what `connection`'s layers hold against the node's budget from each send its socket did not take whole until it drains or closes. */
function countUnsent (muxer: object, connection: MessageStream, layers: UnsentLayers[], { budget, exempt }: UnsentBudgetOptions): void {
  const inner = muxer as { send: (data: unknown) => boolean }
  const send = inner.send.bind(muxer)
  const remoteAddr = remoteAddrOf(connection)
  const allowed = remoteAddr !== undefined && exempt(remoteAddr)
  // After the layers' own 'drain' work (a microtask each): what they passed to the socket then is in it.
  connection.addEventListener('drain', () => { queueMicrotask(() => { budget.drained(connection) }) })
  connection.addEventListener('close', (event) => {
    budget.closed(connection)
    // libp2p closed a layer past its maxWriteBufferLength (boundUnsent): counted, since libp2p says nothing.
    if ((event as { error?: Error }).error?.name === 'StreamBufferError') budget.counters.overBytes++
  })
  inner.send = (data) => {
    const more = send(data)
    if (!more) budget.full(connection, layers, allowed)
    return more
  }
}

/** Closes `connection` (then calls `onClose`) when its muxer has sent MAX_UNSENT_FRAMES frames since the connection last took all it was given. */
export function boundUnsentFrames (muxer: object, connection: { abort: (err: Error) => void, addEventListener: (type: 'drain', listener: () => void) => void }, onClose: () => void = () => {}): void {
  const inner = muxer as { send?: (data: unknown) => boolean }
  const send = inner.send?.bind(muxer)
  if (send === undefined) throw new IncompatibleDependencyError('@chainsafe/libp2p-yamux changed: its muxer has no send to count frames by')
  let waiting = 0
  connection.addEventListener('drain', () => { waiting = 0 })
  inner.send = (data) => {
    const more = send(data)
    if (!more && ++waiting > MAX_UNSENT_FRAMES) {
      connection.abort(new SlowPeerError(`the peer left ${MAX_UNSENT_FRAMES} frames unread`))
      onClose()
    }
    return more
  }
}

/** Resets each stream the peer opens past its address's rate (`admitStream`), and closes a connection with REFUSED_STREAMS_TO_CLOSE refused in a second. */
function admitStreams (muxer: object, connection: { abort: (err: Error) => void }, admitStream: (remoteAddr: Multiaddr) => boolean): void {
  const remoteAddr = remoteAddrOf(connection)
  const inner = muxer as { onRemoteStream?: (stream: Stream) => void }
  const onRemoteStream = inner.onRemoteStream?.bind(muxer)
  if (onRemoteStream === undefined) throw new IncompatibleDependencyError('@chainsafe/libp2p-yamux changed: its muxer has no onRemoteStream to admit streams by')
  // A connection with no socket address under it has none to count its streams against (as the gater's own limits).
  if (remoteAddr === undefined) return
  // Refusals of this connection's streams in the current second: a refused stream still costs its reset.
  let refused = 0
  let since = 0
  inner.onRemoteStream = (stream) => {
    if (admitStream(remoteAddr)) { onRemoteStream(stream); return }
    const err = new RateLimitExceededError(`${remoteAddr.toString()} opened streams past its rate`)
    stream.abort(err)
    const now = performance.now()
    if (now - since >= 1000) { since = now; refused = 0 }
    // The muxer's own abort leaves the socket under it open: the connection under the muxer goes.
    if (++refused >= REFUSED_STREAMS_TO_CLOSE) connection.abort(err)
  }
}

export interface NegotiationCounters {
  /** Inbound streams reset for sending more than MAX_NEGOTIATION_BYTES before their protocol was negotiated. */
  negotiationOverBytes: number
}

/** How many streams may negotiate at once (a node's connection gater): see GdpConnectionGater.admitNegotiation. */
export interface NegotiationGate {
  admitNegotiation: (remoteAddr: Multiaddr, stream: Stream) => boolean
  negotiated: (stream: Stream) => void
}

/**
 * Counts what each stream the peer opens carries until its protocol is
 * negotiated (libp2p sets `stream.protocol` then), and resets one that
 * passes MAX_NEGOTIATION_BYTES. Counted where the muxer hands the stream
 * its data (`onData`), not by a listener: a stream with a listener gives
 * it what arrives instead of keeping it for the reader libp2p adds later.
 * With `gate`, a stream is first admitted to negotiate by its address, and
 * counted until its protocol is set or it closes.
 */
function boundNegotiation (muxer: object, remoteAddr: Multiaddr | undefined, counters?: NegotiationCounters, gate?: NegotiationGate): void {
  const inner = muxer as { onRemoteStream?: (stream: Stream) => void }
  const onRemoteStream = inner.onRemoteStream?.bind(muxer)
  if (onRemoteStream === undefined) throw new IncompatibleDependencyError('@chainsafe/libp2p-yamux changed: its muxer has no onRemoteStream to bound negotiations by')
  inner.onRemoteStream = (stream) => {
    if (gate !== undefined && remoteAddr !== undefined && !countNegotiation(stream, remoteAddr, gate)) return
    const receiving = stream as unknown as { onData?: (data: { byteLength: number }) => void }
    const onData = receiving.onData?.bind(stream)
    if (onData === undefined) throw new IncompatibleDependencyError('@libp2p/utils changed: a stream has no onData to count what it receives by')
    let received = 0
    receiving.onData = (data) => {
      if (stream.protocol === '' && stream.status === 'open') {
        received += data.byteLength
        if (received > MAX_NEGOTIATION_BYTES) {
          if (counters !== undefined) counters.negotiationOverBytes++
          stream.abort(new FrameTooLargeError(`the peer sent ${received} bytes on a stream before its protocol was negotiated, over the ${MAX_NEGOTIATION_BYTES} a negotiation needs`))
          return
        }
      }
      onData(data)
    }
    onRemoteStream(stream)
  }
}

/** Admits `stream` to negotiate (else resets it and returns false), and ends its count once libp2p sets its protocol or it closes. */
function countNegotiation (stream: Stream, remoteAddr: Multiaddr, gate: NegotiationGate): boolean {
  if (!gate.admitNegotiation(remoteAddr, stream)) {
    stream.abort(new RateLimitExceededError(`${remoteAddr.toString()} has the most streams negotiating their protocol one address may`))
    return false
  }
  let protocol = stream.protocol
  if (protocol !== '') { gate.negotiated(stream); return true }
  Object.defineProperty(stream, 'protocol', {
    configurable: true,
    enumerable: true,
    get: () => protocol,
    set: (value: string) => {
      protocol = value
      if (value !== '') gate.negotiated(stream)
    }
  })
  stream.addEventListener('close', () => { gate.negotiated(stream) }, { once: true })
  return true
}

/** The remote address under an encrypted connection: the socket's, some wrappers down (Noise wraps the socket's connection). */
function remoteAddrOf (connection: unknown): Multiaddr | undefined {
  let c = connection as { remoteAddr?: Multiaddr, stream?: unknown } | undefined
  for (let depth = 0; depth < 4 && c !== undefined && c !== null; depth++) {
    if (c.remoteAddr !== undefined) return c.remoteAddr
    c = c.stream as typeof c
  }
  return undefined
}

/** What the transport uses of a connection: whose it is, and opening a stream on it or closing it. */
export type PduConnection = Pick<Connection, 'remotePeer' | 'remoteAddr' | 'newStream' | 'abort'>

/**
 * What the transport needs of a libp2p node: a registrar for the PDU
 * protocol and a dialer. A Libp2p node is one as it is; tests pass one that
 * connects transports over in-memory stream pairs.
 */
export interface PduTransportNode {
  handle: (protocol: string, handler: (stream: Stream, connection: PduConnection) => void, options: { runOnLimitedConnection: boolean, maxInboundStreams: number }) => Promise<void>
  unhandle: (protocol: string) => Promise<void>
  /** `force`: a new connection even when one to that peer is open. */
  dial: (target: DialTarget, options: AbortOptions & { force?: boolean }) => Promise<PduConnection>
}

/** What the transport needs of the forwarder: links come and go, PDUs arrive on them. */
export type PduReceiver = Pick<Forwarder, 'addLink' | 'removeLink' | 'receive'> & Partial<Pick<Forwarder, 'retire' | 'inUse' | 'refuseUndecodable' | 'awaitsReply'>>

export interface PduTransportComponents {
  libp2p: PduTransportNode
  forwarder: PduReceiver
  /** Round-trip time to a peer in ms (a ping, given up on at `signal`); it becomes the link's cost, so anycast picks the nearest replica, and it is the link's probe (Link.probe). */
  measureRtt?: (peer: PeerId, signal?: AbortSignal) => Promise<number>
  /** Neighbours whose frames are not rate-limited (configured neighbours, allow-listed addresses). @default none */
  exempt?: (connection: PduConnection) => boolean
  /** A neighbour was disconnected for staying over its rate (e.g. to refuse it for a while). */
  onAbuse?: (peer: PeerId) => void
  /**
   * Neighbours left linked however long they stay over their frame rate
   * (their frames over it are still dropped): child routers of a trusted
   * domain, whose frames carry many clients'. @default none
   */
  spare?: (peer: Uint8Array) => boolean
}

export interface PduTransportInit {
  /** Per-neighbour receive limits and fair-queueing slices. */
  receive?: ReceiveLimitsInit
  /** Per-neighbour send queue limits (SendQueue): soft 16 MiB, hard twice that plus the largest PDU. */
  send?: Omit<SendQueueInit, 'budget'>
  /** What all neighbours' send queues hold together, at most (SendBudget): 256 MiB. */
  sendBudget?: SendBudgetInit
  /** What neighbours may hold in frames begun and not finished (budgets per neighbour and in all, minimum rate). */
  unfinished?: UnfinishedFrameLimitsInit
  /** How long a stream the neighbour opened may carry nothing behind a newer one it opened (ms; it is ended between once and twice this, and reset if the neighbour does not end it too). @default IDLE_STREAM_MS */
  idleStreamMs?: number
}

export interface PduTransportCounters extends ReceiveCounters {
  framesIn: number
  /** Unfinished frames: streams closed over a neighbour's budget, too slow, or the slowest when the node's budget was full. */
  unfinished: UnfinishedFrameCounters
  /** Links closed because their neighbour moved to another address (docs/moving.md), once nothing pending used them. */
  linksRetired: number
  framesOut: number
  malformed: number
  /** Links closed because their neighbour did not read: its send queue passed the hard limit, or held the most, unsent, when the node's send budget was full. */
  slowPeersClosed: number
  /** Streams refused for bringing a neighbour's link back up on a connection within LINK_REVIVAL_INTERVAL_MS of its last such stream. */
  revivalsRefused: number
  /** Links that went down (their last stream closed) with frames still queued, and those frames' bytes: the forwarder is told the link is down, and answers what was pending on it. */
  unsentAtLinkDown: { links: number, bytes: number }
  /** Requests a link had received and not yet handled when it went down: dropped, as their answers have no way back. */
  requestsAfterLinkDown: number
}

/**
 * How often a neighbour may bring its link back up with a new stream on a
 * connection whose link went down, at most (ms): once a second. Each such
 * stream takes the link down and up again at the forwarder (a pass over
 * every route set, the requests in flight and those waiting for routes),
 * and a stream costs no handshake (stream_rate_per_ip, 500 a second). A
 * link keeper redials every 2 s (LinkKeeper's retryMs).
 */
export const LINK_REVIVAL_INTERVAL_MS = 1000

/** The Ed25519 public key a libp2p peer id carries. */
export function publicKeyOfPeer (peer: PeerId): Uint8Array {
  const key = peer.publicKey
  if (key?.type !== 'Ed25519') throw new PeerKeyError(`peer ${peer.toString()} has no Ed25519 key`)
  return key.raw
}

/**
 * A ping of `peer` that says only whether it answered within `timeoutMs`
 * (Link.probe): it throws on silence alone. A ping refused comes from a peer
 * that runs: the stream's protocol was negotiated before either end's stream
 * limit refuses it, and a node of an earlier version, which takes one ping
 * stream at a time, refused a probe that came while the connection monitor's
 * ping was in flight (taken as no answer, it moved subscriptions off healthy
 * neighbours during rolling upgrades). A connection that closed meanwhile is
 * the link's end, which the transport learns apart.
 */
async function probe (measureRtt: (peer: PeerId, signal?: AbortSignal) => Promise<number>, peer: PeerId, timeoutMs: number): Promise<void> {
  const silence = AbortSignal.timeout(timeoutMs)
  try {
    await measureRtt(peer, silence)
  } catch (err) {
    if (silence.aborted) throw err
  }
}

/** The node name of a libp2p peer: SHA-256 of its Ed25519 public key. */
export function nodeNameOfPeer (peer: PeerId): Uint8Array {
  return nodeName(publicKeyOfPeer(peer))
}

/**
 * The link to one neighbour over one connection. Both sides may open a
 * stream at once; frames go out on the newest one this side may still write
 * to and come in on all of them. When every stream is closing (the neighbour
 * ended its side of each) and a frame waits, a new stream is opened for it. A neighbour reached over several connections (one that moved to
 * another machine keeps its old connection while what was pending on it is
 * answered) has a link per connection: replies go back on the link their
 * request came over, new requests on the newest. Outgoing frames
 * wait in a bounded SendQueue while the stream is backed up (its yamux send
 * window spent, or the socket full), so a neighbour that reads slowly or not
 * at all costs at most the queue's hard limit; then its link is closed.
 */
class PeerLink implements Link {
  readonly peer: Uint8Array
  cost: number
  readonly streams: Stream[] = []
  readonly queue: SendQueue
  readonly #counters: PduTransportCounters
  /** This link's traffic so far, both ways (what `gdp node rebalance` measures). */
  readonly traffic = { frames: 0, bytes: 0 }
  probe?: (timeoutMs: number) => Promise<void>
  /** Opens a new stream for this link on its connection (PduTransport sets it; a link being retired has none). */
  openStream?: () => Promise<void>
  #opening = false
  /** Its last stream closed: what it received is handed on, and the forwarder is told once that is done. */
  down = false
  /** The write each stream holds in its buffer, not all passed on to the muxer yet (see #putBackUnsent). */
  readonly #holding = new WeakMap<Stream, HeldWrite>()

  constructor (peer: Uint8Array, cost: number, counters: PduTransportCounters, limits: SendQueueInit) {
    this.peer = peer
    this.cost = cost
    this.#counters = counters
    // Frames produced in one tick go out together: one yamux frame and one encryption instead of one per PDU.
    this.queue = new SendQueue({ coalesceBytes: OUTBOX_FLUSH_BYTES, ...limits, name: formatName(peer) }, MAX_PDU_BYTES, {
      write: (parts) => {
        // All parts on one stream: a frame's body on another than its prefix broke both streams' framing.
        const stream = this.#sending()
        if (stream === undefined) return false
        const held: HeldWrite = { parts, taken: 0 }
        // A stream that fails a write resets itself: its close puts back what it held (#putBackUnsent), and takes it off the link.
        try {
          let more = true
          for (const part of parts) {
            // Closed by the part before (its connection, say): send would throw before taking this one.
            if (stream.writeStatus !== 'writable') return false
            // Again for each part: the stream is idle once it passed on a large frame's prefix, which forgot the write,
            // and its body, held then, was dropped unsent when the stream was reset.
            this.#holding.set(stream, held)
            // The stream takes a part into its buffer before anything may fail (and abort it: see watch).
            held.taken += part.length
            more = stream.send(part)
          }
          return more
        } catch { return false } finally {
          if (stream.status === 'open' && stream.writeBufferLength === 0) this.#holding.delete(stream)
        }
      },
      // Only into empty stream buffers: after a drain the stream first sends what it kept ('idle' when done), so it
      // never holds more than one write (and never passes its maxWriteBufferLength); and a newer stream takes nothing
      // while an older one holds some, or what it took would arrive first (a read's final response before its last
      // records, which then answered nothing pending).
      writable: () => {
        const stream = this.#sending()
        return stream !== undefined && !stream.writableNeedsDrain && this.#unsent() === 0
      },
      buffered: () => this.#unsent()
    }, (why) => { this.#close(why) })
  }

  /** Bytes the link's live streams hold, not passed on to the muxer yet (one that closed holds none: #putBackUnsent). */
  #unsent (): number {
    let bytes = 0
    for (const s of this.streams) if (s.status === 'open') bytes += s.writeBufferLength
    return bytes
  }

  /**
   * Follows what `stream` holds of the writes it is handed: once it has
   * passed one on to the muxer whole, and, if it closes first, puts back
   * in the send queue the frames it had not passed on whole.
   */
  watch (stream: Stream): void {
    stream.addEventListener('idle', () => { if (stream.status === 'open') this.#holding.delete(stream) })
    // An abort (this node's, or the stream's own on a failed write) drops the buffer before its close event: what it held is read first.
    const abort = stream.abort.bind(stream)
    stream.abort = (err) => {
      const held = this.#holding.get(stream)
      if (held !== undefined && held.passed === undefined && stream.status === 'open') held.passed = held.taken - stream.writeBufferLength
      abort(err)
    }
    stream.addEventListener('close', () => { this.#putBackUnsent(stream) })
  }

  /**
   * `stream` closed while it held (part of) a write: the frames of it not
   * passed on whole to the muxer never reached the neighbour (a frame cut
   * short is dropped with the stream there), so they go first on the
   * link's next stream. Dropped, a request among them was answered by
   * nobody and its requester waited its whole timeout; frames passed on
   * whole are not sent again, as the neighbour may have them.
   */
  #putBackUnsent (stream: Stream): void {
    const held = this.#holding.get(stream)
    if (held === undefined) return
    this.#holding.delete(stream)
    const passed = held.passed ?? held.taken - stream.writeBufferLength
    const unsent = framesFrom(held.parts, passed)
    if (unsent === undefined) return
    this.queue.putBack(unsent)
    // Its last open stream: the link goes down with it, and what waits is counted then (unsentAtLinkDown).
    if (!this.streams.some((s) => s !== stream && s.status === 'open')) return
    this.queue.flush()
    this.replaceEnded()
  }

  send (pdu: pb.IPdu, encoded?: Uint8Array): void {
    if (this.streams.length === 0) throw new LinkCongestedError(`the link to ${formatName(this.peer)} is down`)
    const bytes = encoded ?? pb.Pdu.encode(pdu).finish()
    if (bytes.length > MAX_PDU_BYTES) throw new FrameTooLargeError(`a PDU of ${bytes.length} bytes exceeds the ${MAX_PDU_BYTES}-byte limit`)
    // A large PDU goes after its prefix as it is: copying megabytes into new memory costs more than the write.
    this.queue.push(bytes.length < LARGE_PDU_BYTES ? lengthPrefixed(bytes) : [lengthPrefix(bytes.length), bytes], sendClassOf(pdu))
    this.#counters.framesOut++
    this.traffic.frames++
    this.traffic.bytes += bytes.length
    this.replaceEnded()
  }

  /**
   * The stream frames go out on: the newest this side may still write to,
   * and the neighbour has not ended. One the neighbour ended is closed here
   * once read (and what it holds sent, for up to HALF_CLOSED_GRACE_MS):
   * sending on it, frames waited as long though another stream was open.
   */
  #sending (): Stream | undefined {
    for (let i = this.streams.length - 1; i >= 0; i--) {
      const stream = this.streams[i]!
      if (stream.status === 'open' && stream.writeStatus === 'writable' && stream.remoteWriteStatus === 'writable') return stream
    }
    return undefined
  }

  /** Frames wait and every stream of the link is closing: a new one is opened for them (one at a time). */
  replaceEnded (): void {
    if (this.#opening || this.openStream === undefined || this.streams.length === 0 || this.queue.ownBytes === 0 || this.#sending() !== undefined) return
    this.#opening = true
    this.openStream().catch((err: Error) => {
      log('no new stream to %s for the frames waiting: %s', formatName(this.peer), err.message)
    }).finally(() => {
      this.#opening = false
      this.queue.flush()
    })
  }

  onWritable (callback: () => void): void { this.queue.onWritable(callback) }
  backedUp (): boolean { return this.queue.backedUp }

  /** The neighbour does not read its replies: its streams are reset, and the link goes when they close. */
  #close (why: string): void {
    this.#counters.slowPeersClosed++
    log('closing the link to %s: %d bytes queued, it does not read', formatName(this.peer), this.queue.queued)
    const err = new SlowPeerError(`${formatName(this.peer)} ${why}`)
    for (const stream of [...this.streams]) stream.abort(err)
  }
}

/** A write a stream was handed: its parts, and how many of their bytes it took into its buffer (`passed` to the muxer, once known: see PeerLink.watch). */
interface HeldWrite { parts: readonly Uint8Array[], taken: number, passed?: number }

/**
 * The frames of a write (whole length-prefixed frames, in parts) from the
 * first one not within its first `passed` bytes: the write's tail from
 * there, or undefined if every frame was passed on whole.
 */
function framesFrom (parts: readonly Uint8Array[], passed: number): Uint8Array | readonly Uint8Array[] | undefined {
  // A frame in parts is one frame (a length prefix, then its body): it goes again whole.
  if (parts.length > 1) return passed >= parts.reduce((n, part) => n + part.length, 0) ? undefined : parts
  const bytes = parts[0]!
  let start = 0
  while (start < bytes.length) {
    const prefix = readLengthPrefix(bytes.subarray(start))!
    const end = start + prefix.prefixBytes + prefix.length
    if (end > passed) return bytes.subarray(start)
    start = end
  }
  return undefined
}

export class PduTransport {
  readonly counters: PduTransportCounters = { framesIn: 0, unfinished: { overBudget: 0, timedOut: 0, evicted: 0 }, linksRetired: 0, framesOut: 0, malformed: 0, slowPeersClosed: 0, revivalsRefused: 0, unsentAtLinkDown: { links: 0, bytes: 0 }, requestsAfterLinkDown: 0, rateLimited: 0, throttled: 0, rateLimitDisconnects: 0, rateLimitSpared: 0, queueOverflow: 0, queued: 0, handleErrors: 0 }
  readonly #c: PduTransportComponents
  /** Links by neighbour (node name, text), oldest first; one per connection. */
  readonly #links = new Map<string, PeerLink[]>()
  readonly #byConnection = new WeakMap<PduConnection, PeerLink>()
  /** The receive side: each link's admission state and input queue, served round-robin. */
  readonly #receiver: FairReceiver<PeerLink>
  readonly #inbound = new WeakMap<PeerLink, { queue: InboundQueue<PeerLink>, connections: Set<PduConnection> }>()
  /** Each link's reading while its neighbour is over its byte rate (see #throttle). */
  readonly #reading = new WeakMap<PeerLink, { readAgainAt: number, resuming: boolean, scheduled: boolean }>()
  /** The meter of unfinished frames of each stream taken up, paused with its reading. */
  readonly #meters = new WeakMap<Stream, FrameMeter>()
  readonly #sendLimits: SendQueueInit
  /** What every link's send queue holds together. */
  readonly sendBudget: SendBudget
  /** Bytes of frames begun and not finished, over every stream: counted as they arrive, since admission sees only whole frames. */
  readonly #unfinished: UnfinishedFrames
  /** Called when a neighbour's link comes up (e.g. to send it advertisements). */
  onLinkUp: (peer: Uint8Array) => void = () => {}
  /** When each neighbour last brought its link back up on a connection whose link went down (#mayRevive), oldest first. */
  readonly #revivedAt = new Map<string, number>()
  readonly #idleStreamMs: number
  /**
   * Set by stop(): frames still queued are dropped, not handled, and a stream that comes up after it (one opened for
   * waiting frames, a dial under way) is closed, not linked.
   */
  #stopped = false

  constructor (components: PduTransportComponents, init: PduTransportInit = {}) {
    this.#c = components
    this.sendBudget = new SendBudget(init.sendBudget)
    this.#sendLimits = { ...init.send, budget: this.sendBudget }
    this.#unfinished = new UnfinishedFrames(init.unfinished ?? {}, MAX_PDU_BYTES, this.counters.unfinished)
    this.#idleStreamMs = init.idleStreamMs ?? IDLE_STREAM_MS
    this.#receiver = new FairReceiver(init.receive ?? {}, MAX_PDU_BYTES, {
      handle: (frame, link) => { this.#handle(frame, link) },
      disconnect: (link) => this.#disconnect(link),
      asked: (frame, link) => {
        const nonce = readReplyNonce(frame.subarray())
        return nonce !== undefined && this.#c.forwarder.awaitsReply?.(nonce, link) === true
      }
    }, this.counters)
  }

  /** The limits on unfinished frames in force (defaults filled in). */
  get unfinishedLimits (): UnfinishedFrames['limits'] { return this.#unfinished.limits }

  /** Bytes held now in frames begun and not finished, over all neighbours. */
  get unfinishedBytes (): number { return this.#unfinished.total }

  /** The receive limits in force (defaults filled in). */
  get receiveLimits (): FairReceiver<PeerLink>['limits'] { return this.#receiver.limits }

  async start (): Promise<void> {
    this.#stopped = false
    await this.#c.libp2p.handle(PDU_PROTOCOL, (stream, connection) => {
      // Reset while its protocol was negotiated: nothing to take up (#attach).
      if (stream.status !== 'open') return
      if (this.#mayRevive(connection)) this.#attach(stream, connection)
      else {
        this.counters.revivalsRefused++
        stream.abort(new RateLimitExceededError(`a PDU stream on a connection whose link went down, within ${LINK_REVIVAL_INTERVAL_MS} ms of the last one this neighbour brought its link up with: refused`))
      }
    }, { runOnLimitedConnection: false, maxInboundStreams: PDU_STREAMS_PER_CONNECTION })
  }

  async stop (): Promise<void> {
    this.#stopped = true
    await this.#c.libp2p.unhandle(PDU_PROTOCOL)
    // Over a copy: each abort takes its stream off the list at once (its 'close' event), which skipped the next.
    for (const links of this.#links.values()) for (const link of links) for (const stream of [...link.streams]) stream.abort(new ServiceStoppedError('node stopping'))
    this.#links.clear()
    for (const t of this.#retiring) clearInterval(t)
  }

  /** Dials a neighbour (multiaddr or peer id) and opens the PDU stream; returns its node name. */
  async connect (target: DialTarget, signal?: AbortSignal, force = false): Promise<Uint8Array> {
    let connection = await this.#c.libp2p.dial(target, { signal, force })
    // A connection of a link being retired (this node left that neighbour and now links to it again, say
    // a graft back): the new link goes on a connection of its own, and the old one closes when the retirement ends.
    if (this.#retiringLinks.has(this.#byConnection.get(connection)!)) connection = await this.#c.libp2p.dial(target, { signal, force: true })
    let stream: Stream
    try {
      stream = await connection.newStream(PDU_PROTOCOL, { signal, runOnLimitedConnection: false })
    } catch (err) {
      if (signal?.aborted === true || force) throw err
      // The connection handed out closed meanwhile (the far end retired it): once more, on a new one.
      log('no stream on the open connection to %s (%s): dialling a new one', target.toString(), (err as Error).message)
      connection = await this.#c.libp2p.dial(target, { signal, force: true })
      stream = await connection.newStream(PDU_PROTOCOL, { signal, runOnLimitedConnection: false })
    }
    return this.#attach(stream, connection)
  }

  /**
   * Whether a neighbour's new stream on `connection` may be taken: always,
   * unless the link on that connection went down and this neighbour brought
   * one back up so within LINK_REVIVAL_INTERVAL_MS. A stream aborted and
   * opened again at once took the link down and up at the forwarder each time.
   */
  #mayRevive (connection: PduConnection): boolean {
    const link = this.#byConnection.get(connection)
    const id = formatName(nodeNameOfPeer(connection.remotePeer))
    if (link === undefined || this.#links.get(id)?.includes(link) === true) return true
    const now = performance.now()
    for (const [neighbour, at] of this.#revivedAt) {
      if (now - at < LINK_REVIVAL_INTERVAL_MS) break
      this.#revivedAt.delete(neighbour)
    }
    if (this.#revivedAt.has(id)) return false
    this.#revivedAt.set(id, now)
    return true
  }

  #attach (stream: Stream, connection: PduConnection): Uint8Array {
    const peer = nodeNameOfPeer(connection.remotePeer)
    const id = formatName(peer)
    // Reset (or closed) after its protocol was negotiated and before it came here: its 'close' is past, so joined to a
    // link it stayed there for good, and a link left with only such streams never went down.
    if (stream.status !== 'open') throw new LinkCongestedError(`the PDU stream to ${id} was ${stream.status} before it was taken up`)
    if (this.#stopped) {
      const err = new ServiceStoppedError(`node stopping: the PDU stream to ${id} that came up after the transport stopped is closed`)
      stream.abort(err)
      throw err
    }
    let link = this.#byConnection.get(connection)
    // A link whose last stream closed went down (its queue closed, the forwarder told): a new stream on its connection
    // brings up a new one. Joined to the old, what the stream carried was dropped unread, and no link was up.
    // A link being retired takes no new stream either (the neighbour's or this node's): joined to it, the stream was
    // taken as the retired link's and closed with it, until the neighbour dialled again.
    if (link !== undefined && (this.#links.get(id)?.includes(link) !== true || this.#retiringLinks.has(link))) link = undefined
    const added = link === undefined
    const fresh = added && (this.#links.get(id)?.length ?? 0) === 0
    if (link === undefined) {
      link = new PeerLink(peer, 1, this.counters, this.#sendLimits)
      const measureRtt = this.#c.measureRtt
      if (measureRtt !== undefined) link.probe = async (timeoutMs) => { await probe(measureRtt, connection.remotePeer, timeoutMs) }
      this.#byConnection.set(connection, link)
      this.#links.set(id, [...(this.#links.get(id) ?? []), link])
    }
    link.streams.push(stream)
    link.watch(stream)
    const replacing = link
    link.openStream = async () => {
      if (this.#retiringLinks.has(replacing)) return
      this.#attach(await connection.newStream(PDU_PROTOCOL, { signal: AbortSignal.timeout(HALF_CLOSED_GRACE_MS), runOnLimitedConnection: false }), connection)
    }
    stream.maxWriteBufferLength = STREAM_WRITE_BUFFER_BYTES
    const sendQueue = link.queue
    stream.addEventListener('drain', () => { sendQueue.flush() })
    // 'idle' comes from inside the stream's send loop, where a write would be buffered and never sent: after it.
    stream.addEventListener('idle', () => { queueMicrotask(() => { sendQueue.flush() }) })
    sendQueue.flush() // frames may have waited for a writable stream
    const forwarder = this.#c.forwarder
    const decoder = new FrameDecoder(MAX_PDU_BYTES)
    // An exempt neighbour's frame is never the one dropped when the node-wide budget is full: strangers' fast frames
    // filling it dropped the frame of the domain's own router that had stalled a moment.
    const exempt = this.#c.exempt?.(connection) === true
    const meter = this.#unfinished.meter(id, (err) => { stream.abort(err) }, exempt)
    const current = link
    let inbound = this.#inbound.get(current)
    if (inbound === undefined) {
      inbound = { queue: this.#receiver.open(current, exempt, performance.now(), id), connections: new Set() }
      this.#inbound.set(current, inbound)
    }
    inbound.connections.add(connection)
    const queue = inbound.queue
    const receiver = this.#receiver
    this.#meters.set(stream, meter)
    // Over its byte rate, the link's other streams are not read either: a stream that came up meanwhile is not.
    if (this.#reading.get(current)?.scheduled === true) { stream.pause(); meter.pause(performance.now()) }
    // Listen at once: a stream without a 'message' listener buffers, then resets.
    // Frames are admitted (rate) and queued here; the receiver decodes and forwards them,
    // at once when nothing else waits, else in round-robin turns with the other links.
    // IDLE_STREAM_MS: a stream the neighbour opened, left idle behind a newer one it opened, is not needed. It is ended
    // on this side, not reset: two streams the neighbour opened at once are listed here in the order their negotiations
    // finished, which may not be its own, so the one it sends on may be the older one here. Reset, a frame it sent as the
    // reset crossed it was lost; ended, what it sends meanwhile is still read, and it sends on another once it sees the
    // end (remoteCloseWrite below). One whose neighbour does not end its side too within the grace is reset.
    let heardAt = performance.now()
    const idleCheck = setInterval(() => {
      // The newest the neighbour may still send on: one it ended (closing here while what it holds drains) is not.
      const newest = current.streams.findLast((s) => s.status === 'open' && s.remoteWriteStatus === 'writable')
      if (stream.direction !== 'inbound' || newest === stream || newest?.direction !== 'inbound' || stream.writeStatus !== 'writable') return
      if (performance.now() - heardAt < this.#idleStreamMs) return
      const err = new IdleStreamError(`a PDU stream ${id} opened carried nothing for ${this.#idleStreamMs} ms behind a newer one it opened, and it did not end its side when asked to`)
      const grace = Math.min(HALF_CLOSED_GRACE_MS, this.#idleStreamMs)
      stream.close({ signal: AbortSignal.timeout(grace) }).catch(() => { stream.abort(err) })
      setTimeout(() => { stream.abort(err) }, grace).unref?.()
    }, this.#idleStreamMs)
    // A browser's timers (the edge client's transport) are numbers, with no unref: its test failed to link.
    idleCheck.unref?.()
    stream.addEventListener('message', (event) => {
      const now = performance.now()
      heardAt = now
      let owed = 0
      let completed = false
      try {
        for (const frame of decoder.decode(event.data)) {
          completed = true
          this.counters.framesIn++
          current.traffic.frames++
          current.traffic.bytes += frame.byteLength
          owed = Math.max(owed, receiver.admit(queue, frame, now))
        }
        // What is left is a frame begun: counted against the budgets now, not once it is whole (if ever).
        meter.update(decoder.buffered, completed, now)
        // Over its byte rate: what it sent is kept, and it is read again once it is back under.
        if (owed > 0) this.#throttle(current, owed, now)
      } catch (err) {
        // A frame over the limit or a broken length prefix (malformed), or unfinished frames over budget: this stream cannot be trusted further.
        meter.close()
        if (!(err instanceof UnfinishedFramesError || err instanceof FrameTimeoutError)) this.counters.malformed++
        log('closing the stream from %s: %s', id, (err as Error).message)
        stream.abort(err as Error)
      }
      receiver.run()
    })
    // The neighbour ended its side: nothing more comes on this stream, so this side ends too, once what is queued on it
    // is sent (or at HALF_CLOSED_GRACE_MS, if the neighbour does not read it). Left open, it held its place of the
    // PDU_STREAMS_PER_CONNECTION, and its link, until the connection closed.
    const remoteEnded = (): void => {
      meter.close()
      // Frames waiting for it go on another stream of the link, or a new one, at once.
      current.queue.flush()
      current.replaceEnded()
      // Once what it sent before ending is read: over its byte rate, that waits unread (the stream paused), and closed
      // at once the stream (and the link, if it was its last) went with it unread.
      const end = (): void => { stream.close({ signal: AbortSignal.timeout(HALF_CLOSED_GRACE_MS) }).catch((err: Error) => { stream.abort(err) }) }
      if (stream.readableEnded) end()
      else stream.addEventListener('end', end, { once: true })
    }
    stream.addEventListener('remoteCloseWrite', remoteEnded)
    // Ended by the neighbour while its protocol was negotiated (the end came with its answer): that event is past, and
    // the stream, never closed here, stayed on the link for good, one more at each frame sent while no other could take it.
    if (stream.remoteWriteStatus !== 'writable') remoteEnded()
    // Closed with what it received still unread (paused over its byte rate: a connection closed without an error, or a
    // reset, leaves that readable), it leaves its link once that is read. Gone at once, it took the link down with it
    // (if its last), and the frames read later went to a link gone.
    stream.addEventListener('close', () => {
      clearInterval(idleCheck)
      if (stream.readableEnded) leave()
      else stream.addEventListener('end', leave, { once: true })
    })
    const leave = (): void => {
      meter.close()
      const i = current.streams.indexOf(stream)
      if (i >= 0) current.streams.splice(i, 1)
      const links = this.#links.get(id) ?? []
      if (current.streams.length > 0) {
        // Frames that waited for this stream to drain go on the next (else they waited for some later frame's flush).
        current.queue.flush()
        current.replaceEnded()
      } else if (links.includes(current)) {
        const unsent = current.queue.ownBytes
        log('link to %s down (%s)%s', id, connection.remoteAddr.toString(), unsent > 0 ? `, ${unsent} bytes of frames unsent` : '')
        if (unsent > 0) { this.counters.unsentAtLinkDown.links++; this.counters.unsentAtLinkDown.bytes += unsent }
        current.queue.clear()
        current.down = true
        const kept = links.filter((l) => l !== current)
        if (kept.length > 0) this.#links.set(id, kept)
        else this.#links.delete(id)
        // What it sent that waits its turn is still handed on (#handle), and only then is the forwarder told: told
        // first, it answered the requests pending on the link NO_ROUTE, and their replies among those frames found none.
        const down = (): void => { forwarder.removeLink(current) }
        if (this.#stopped) this.#receiver.discard(queue, performance.now(), down)
        else this.#receiver.close(queue, performance.now(), down)
      }
    }
    if (added) {
      log('link to %s up (%s)', id, connection.remoteAddr.toString())
      forwarder.addLink(link)
      if (fresh) this.onLinkUp(peer)
      this.#c.measureRtt?.(connection.remotePeer).then((rtt) => { current.cost = Math.max(1, Math.round(rtt)) }, () => {})
    }
    return peer
  }

  /**
   * Decodes one admitted frame and hands it to the forwarder. A frame its link sent before it went down is handed on
   * too (replies, NACKs, routing messages: what they answer or announce holds still), except a request: its answer
   * has no way back (a reply goes on the link its request came over), and handled, it cost a write or a forward whose
   * outcome nobody heard of (the requester asks again on another link), so it is dropped and counted.
   */
  #handle (frame: Frame, link: PeerLink): void {
    if (this.#stopped) return
    const bytes = frameBytes(frame)
    if (link.down && readRequestHeader(bytes) !== undefined) { this.counters.requestsAfterLinkDown++; return }
    let pdu: pb.Pdu
    try {
      // Counted before protobufjs builds anything: one frame of tiny fields would cost it seconds and gigabytes.
      checkPduShape(bytes)
      pdu = decodeProto(pb.Pdu, bytes, 'PDU')
    } catch (err) {
      this.counters.malformed++
      const header = readRequestHeader(bytes)
      if (header !== undefined) this.#c.forwarder.refuseUndecodable?.(header, link, (err as Error).message)
      return
    }
    this.#c.forwarder.receive(pdu, link, bytes)
  }

  /**
   * Over its byte rate, a neighbour is not read (the yamux windows of its link's streams stay shut) until it is back
   * under: not on any stream of the link, and then oldest stream first. Paused alone, a stream kept unread what the
   * neighbour sent on it before it went on to a newer one, whose frames were handed on first (a read's final
   * response before its last records, which then answered nothing pending).
   */
  #throttle (link: PeerLink, owed: number, now: number): void {
    let reading = this.#reading.get(link)
    if (reading === undefined) { reading = { readAgainAt: 0, resuming: false, scheduled: false }; this.#reading.set(link, reading) }
    reading.readAgainAt = Math.max(reading.readAgainAt, now + owed)
    // resume() hands on what came meanwhile, then reopens the yamux window: a pause from within it would be undone (the
    // window reopened on a paused stream, which then buffers until its read buffer limit resets it). So a frame among
    // those that owes more only moves readAgainAt, and the streams are paused again after (#readAgain).
    if (reading.resuming) return
    for (const stream of link.streams) {
      if (stream.readStatus !== 'readable') continue
      stream.pause()
      this.#meters.get(stream)?.pause(now)
    }
    if (reading.scheduled) return
    reading.scheduled = true
    setTimeout(() => { this.#readAgain(link) }, Math.ceil(owed))
  }

  #readAgain (link: PeerLink): void {
    const reading = this.#reading.get(link)!
    const wait = reading.readAgainAt - performance.now()
    if (wait > 0) { setTimeout(() => { this.#readAgain(link) }, Math.ceil(wait)); return }
    reading.scheduled = false
    reading.readAgainAt = 0
    for (const stream of [...link.streams]) {
      if (stream.readStatus !== 'paused') continue
      this.#meters.get(stream)?.resume(performance.now())
      reading.resuming = true
      try {
        stream.resume()
      } catch (err) {
        // Its connection closed meanwhile (what the stream held stays readable): resume() handed that on, then its
        // yamux window update had no connection to go on and threw, which from this timer stopped the process.
        if (stream.status === 'open') throw err
      } finally { reading.resuming = false }
      // Back over its rate with what this stream held: the newer ones wait again.
      if (reading.readAgainAt > 0) { this.#throttle(link, reading.readAgainAt - performance.now(), performance.now()); return }
    }
  }

  /** A neighbour stayed over its rate: close its connections (onAbuse may refuse it for a while), unless it is spared. */
  #disconnect (link: PeerLink): boolean {
    if (this.#c.spare?.(link.peer) === true) {
      log('%s stayed over its receive rate for %d ms: its frames over it are dropped, and it stays linked (spared)', formatName(link.peer), this.#receiver.limits.disconnectAfterMs)
      return false
    }
    if (this.#inbound.get(link) === undefined) return true
    log('disconnecting %s: over its receive rate for %d ms', formatName(link.peer), this.#receiver.limits.disconnectAfterMs)
    const err = new RateLimitExceededError(`${formatName(link.peer)} sent over ${this.#receiver.limits.framesPerSecond} frames/s for ${this.#receiver.limits.disconnectAfterMs} ms`)
    // Every link of the neighbour (one per connection) goes: one link's alone left its other connections up, each
    // with a budget of its own, while onAbuse refused its peer id new ones.
    for (const peerLink of this.#links.get(formatName(link.peer)) ?? [link]) {
      const inbound = this.#inbound.get(peerLink)
      if (inbound === undefined) continue
      for (const connection of inbound.connections) {
        this.#c.onAbuse?.(connection.remotePeer)
        connection.abort(err)
      }
      inbound.connections.clear()
    }
    return true
  }

  /**
   * The IP address a neighbour's link comes from (its newest connection's),
   * if it is linked over IP: what a router can tell of which host it is on.
   */
  remoteHost (peer: Uint8Array): string | undefined {
    const link = this.#links.get(formatName(peer))?.at(-1)
    const connections = link === undefined ? undefined : this.#inbound.get(link)?.connections
    if (connections === undefined) return undefined
    const newest = [...connections].at(-1)
    return newest?.remoteAddr.getComponents().find((c) => c.name === 'ip4' || c.name === 'ip6')?.value
  }

  /** Node names of the neighbours with an open PDU stream. */
  neighbours (): Uint8Array[] {
    return [...this.#links.values()].map((l) => l[0]!.peer)
  }

  /** Frames and bytes each neighbour's open links carried so far, both ways, by node name (text). */
  traffic (): Map<string, { frames: number, bytes: number }> {
    const out = new Map<string, { frames: number, bytes: number }>()
    for (const [id, links] of this.#links) {
      out.set(id, links.reduce((t, l) => ({ frames: t.frames + l.traffic.frames, bytes: t.bytes + l.traffic.bytes }), { frames: 0, bytes: 0 }))
    }
    return out
  }

  readonly #retiring = new Set<NodeJS.Timeout>()
  /** Links retireOlderLinks is closing: no new stream joins them (#attach gives it a new link, connect a new connection). */
  readonly #retiringLinks = new WeakSet<PeerLink>()

  /**
   * A neighbour moved (docs/moving.md) and is linked at its new address:
   * every older link to it is retired (or, `keepNewest` false, every link:
   * this node left that neighbour for another, a graft). Its subscriptions end with MOVED
   * (their subscribers subscribe again over the new link), other requests
   * pending on it are answered on it, and its connections close once nothing
   * pending uses it, its send queue is empty and no frame went either way on
   * it for `quietMs` (or after `graceMs`). The far end may still be sending
   * requests of its own over it (a router that moved forwards those of the
   * neighbours not yet across): closing it between two of them would lose the
   * next.
   */
  retireOlderLinks (peer: Uint8Array, { graceMs, quietMs }: { graceMs: number, quietMs: number }, keepNewest = true): number {
    const links = this.#links.get(formatName(peer)) ?? []
    const older = keepNewest ? links.slice(0, -1) : links
    for (const link of older) {
      this.#c.forwarder.retire?.(link)
      this.#retiringLinks.add(link)
      // On the monotonic clock: on the wall clock, a step back (NTP setting it right) held the old link open as long.
      const deadline = performance.now() + graceMs
      let frames = link.traffic.frames
      let quietSince = performance.now()
      const check = setInterval(() => {
        const now = performance.now()
        if (link.traffic.frames !== frames) {
          frames = link.traffic.frames
          quietSince = now
        }
        const idle = this.#c.forwarder.inUse?.(link) !== true && link.queue.queued === 0 && now - quietSince >= quietMs
        if (now < deadline && !idle) return
        clearInterval(check)
        this.#retiring.delete(check)
        this.counters.linksRetired++
        // A connection a new link came up on since (the old link's stream closed, and the neighbour opened another
        // there) is that link's now: closed with the old one, it took the new link down until the neighbour dialled again.
        const connections = [...this.#inbound.get(link)?.connections ?? []].filter((c) => this.#byConnection.get(c) === link)
        log('retiring the old link to %s (%d connections)', formatName(peer), connections.length)
        for (const connection of connections) connection.abort(new ServiceStoppedError(`${formatName(peer)} moved; this link is retired`))
        for (const stream of [...link.streams]) stream.abort(new ServiceStoppedError(`${formatName(peer)} moved; this link is retired`))
      }, 50)
      check.unref?.()
      this.#retiring.add(check)
    }
    return older.length
  }
}

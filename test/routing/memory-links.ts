/**
 * Overlay nodes joined by in-memory links that encode and decode every PDU,
 * asynchronously, as they would over a stream: each direction is a bounded
 * SendQueue (the transport's own) over a pipe with a window, which a test
 * can pause to play a peer that does not read.
 */
import { Forwarder, sendClassOf, type ForwarderInit, type Link, type LocalService } from '../../src/routing/forwarder.js'
import { RouteTable } from '../../src/routing/route-table.js'
import { SendQueue, type ByteSink, type SendQueueInit } from '../../src/routing/send-queue.js'
import { FrameDecoder, lengthPrefixed, pb } from '../../src/wire/index.js'
import { LinkCongestedError } from '../../src/errors.js'

export const clock = (): number => Date.now() * 1000

/** The largest frame these links carry (a 64 MiB record and framing, as on libp2p links). */
const LARGEST_FRAME = 64 * 1024 * 1024 + 64 * 1024

export interface MemoryNode { f: Forwarder, table: RouteTable, seen: pb.IPdu[] }

export function memoryNode (self: Uint8Array, local?: LocalService, resolve?: (n: Uint8Array) => Promise<void>, init: Partial<ForwarderInit> = {}): MemoryNode {
  const table = new RouteTable()
  const f = new Forwarder({ self, resolveTimeoutMs: 200, missQueueLimit: 4, ...init }, { table, clock, local, resolve })
  f.start()
  return { f, table, seen: [] }
}

/**
 * One direction of a link: bytes written and not yet read by the other
 * side, delivered on the next turn of the event loop unless paused (or, with
 * `bytesPerSecond`, each chunk once the ones before it and itself would have
 * crossed a link of that rate). Like a yamux stream, it takes `window` bytes
 * in flight and asks for a drain beyond; what it took past the window counts
 * as buffered.
 */
export class MemoryPipe implements ByteSink {
  readonly window: number
  readonly #bytesPerSecond: number | undefined
  #paused = false
  #closed = false
  #chunks: Array<{ chunk: Uint8Array, due: number }> = []
  #bytes = 0
  #busyUntil = 0
  #needsDrain = false
  #scheduled = false
  readonly #deliver: (chunk: Uint8Array) => void
  onDrain: () => void = () => {}

  constructor (window: number, deliver: (chunk: Uint8Array) => void, bytesPerSecond?: number) {
    this.window = window
    this.#deliver = deliver
    this.#bytesPerSecond = bytesPerSecond
  }

  /** Bytes sent and not read yet. */
  get inFlight (): number { return this.#bytes }

  write (parts: readonly Uint8Array[]): boolean {
    if (this.#closed) return false
    for (const part of parts) this.#take(part)
    return !this.#needsDrain
  }

  #take (chunk: Uint8Array): void {
    let due = 0
    if (this.#bytesPerSecond !== undefined) {
      due = Math.max(performance.now(), this.#busyUntil) + chunk.length * 1000 / this.#bytesPerSecond
      this.#busyUntil = due
    }
    this.#chunks.push({ chunk, due })
    this.#bytes += chunk.length
    this.#schedule()
    if (this.#bytes >= this.window) this.#needsDrain = true
  }

  writable (): boolean { return !this.#closed && !this.#needsDrain }
  buffered (): number { return Math.max(0, this.#bytes - this.window) }

  /** The reader stops reading: what was sent stays in flight. */
  pause (): void { this.#paused = true }
  get paused (): boolean { return this.#paused }
  resume (): void { this.#paused = false; this.#schedule() }
  close (): void { this.#closed = true; this.#chunks = []; this.#bytes = 0 }

  #schedule (): void {
    if (this.#scheduled || this.#paused || this.#chunks.length === 0) return
    this.#scheduled = true
    const deliver = (): void => {
      this.#scheduled = false
      if (this.#paused || this.#closed) return
      const now = performance.now()
      let arrived = 0
      while (arrived < this.#chunks.length && this.#chunks[arrived]!.due <= now) arrived++
      const chunks = this.#chunks.splice(0, arrived)
      for (const { chunk } of chunks) {
        this.#bytes -= chunk.length
        this.#deliver(chunk)
      }
      if (this.#needsDrain && this.#bytes < this.window) { this.#needsDrain = false; this.onDrain() }
      this.#schedule()
    }
    const wait = this.#chunks[0]!.due - performance.now()
    if (wait > 0) setTimeout(deliver, Math.ceil(wait))
    else setImmediate(deliver)
  }
}

export interface MemoryLinkOptions {
  /** Bytes each direction takes in flight before the sender waits for a drain. @default 16 MiB */
  window?: number
  /** Each direction's send queue limits. */
  queue?: SendQueueInit
  /** Each direction carries this many bytes a second, a chunk at a time in order (unset: as fast as the event loop). */
  bytesPerSecond?: number
}

/** Both directions of a link between two nodes. `close` takes it down on both sides, as a reset stream would. */
export interface MemoryLink {
  ab: MemoryPipe
  ba: MemoryPipe
  /** a's send queue toward b, and b's toward a. */
  aQueue: SendQueue
  bQueue: SendQueue
  closed: boolean
  close: () => void
}

export function connect (a: MemoryNode, b: MemoryNode, options: MemoryLinkOptions = {}): MemoryLink {
  const side = (from: MemoryNode, to: MemoryNode): { pipe: MemoryPipe, queue: SendQueue, link: Link } => {
    const decoder = new FrameDecoder(LARGEST_FRAME)
    const pipe = new MemoryPipe(options.window ?? 16 * 1024 * 1024, (chunk) => {
      for (const frame of decoder.decode(chunk)) {
        // From a Buffer, as encode() gives and the old links decoded: bytes fields come out as Buffers.
        const bytes = frame.subarray()
        const decoded = pb.Pdu.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength))
        to.seen.push(decoded)
        const back = to.f.link(from.f.self)
        if (back !== undefined) to.f.receive(decoded, back, bytes)
      }
    }, options.bytesPerSecond)
    const queue = new SendQueue({ name: 'memory peer', ...options.queue }, LARGEST_FRAME, pipe, () => { result.close() })
    pipe.onDrain = () => { queue.flush() }
    const link: Link = {
      peer: to.f.self,
      cost: 1,
      send: (pdu: pb.IPdu, encoded?: Uint8Array) => {
        if (result.closed) throw new LinkCongestedError('the link is down')
        queue.push(lengthPrefixed(encoded ?? pb.Pdu.encode(pdu).finish()), sendClassOf(pdu))
      },
      onWritable: (callback) => { queue.onWritable(callback) },
      backedUp: () => queue.backedUp
    }
    return { pipe, queue, link }
  }
  const ab = side(a, b)
  const ba = side(b, a)
  // A ping crosses both directions: answered unless either is paused (a side that hangs) or the link is down.
  const probe = (there: MemoryPipe, back: MemoryPipe) => async (timeoutMs: number): Promise<void> => {
    if (!there.paused && !back.paused && !result.closed) return
    await new Promise((resolve) => setTimeout(resolve, timeoutMs))
    throw new Error(`no answer to a ping within ${timeoutMs} ms`)
  }
  ab.link.probe = probe(ab.pipe, ba.pipe)
  ba.link.probe = probe(ba.pipe, ab.pipe)
  const result: MemoryLink = {
    ab: ab.pipe,
    ba: ba.pipe,
    aQueue: ab.queue,
    bQueue: ba.queue,
    closed: false,
    close: () => {
      if (result.closed) return
      result.closed = true
      for (const s of [ab, ba]) { s.pipe.close(); s.queue.clear() }
      // This link only: another between the same two nodes stays (a neighbour that moved has two).
      a.f.removeLink(ab.link)
      b.f.removeLink(ba.link)
    }
  }
  a.f.addLink(ab.link)
  b.f.addLink(ba.link)
  return result
}

/**
 * MigrateFrame messages over one libp2p stream (/gdp/migrate/1.0.0),
 * varint-length-prefixed, with the stream's own back-pressure.
 */
import type { Stream } from '@libp2p/interface'
import { MAX_METADATA_LENGTH } from '../capsule/types.js'
import { MalformedMessageError, MigrationLinkError } from '../errors.js'
import { decodeProto, FrameDecoder, lengthPrefixed, pb } from '../wire/index.js'
import { MAX_BATCH_DATA } from './batch.js'

export const MIGRATE_PROTOCOL = '/gdp/migrate/1.0.0'
/** A frame holds one entry: a batch's data, its columns and framing. */
export const MAX_FRAME_BYTES = MAX_BATCH_DATA + 4 * 1024 * 1024
/**
 * Bytes of decoded frames a channel holds for its reader at most before it
 * stops reading the stream (its yamux window then stays shut, and the
 * sender's writes wait): a receiver applies one append at a time, and a
 * sender that ignored its window of unacknowledged bytes filled the
 * receiver's memory with frames at the link's speed meanwhile.
 */
export const MAX_QUEUED_FRAME_BYTES = MAX_FRAME_BYTES
/** The first frame a receiver reads is a hello (signed metadata): no more is buffered before the sender is admitted. */
export const MAX_HELLO_FRAME_BYTES = MAX_METADATA_LENGTH + 64 * 1024
/** What a refused stream's data may amount to while its error frame goes out; past it, the stream is reset. */
const REFUSED_READ_BYTES = 64 * 1024
/** How long a refused stream stays open for its error frame to reach the sender. */
const REFUSED_CLOSE_MS = 2000

export interface StreamChannelInit {
  /** The first frame's size limit (then MAX_FRAME_BYTES): a receiver reads a hello first. @default MAX_FRAME_BYTES */
  firstFrameBytes?: number
}

/** Both ends of a migration conversation see this. */
export interface FrameChannel {
  send: (frame: pb.IMigrateFrame) => Promise<void>
  /** Frames in arrival order; ends when the peer closes, throws when the stream breaks. */
  frames: () => AsyncGenerator<pb.MigrateFrame>
  close: () => Promise<void>
  abort: (err: Error) => void
}

/** A queue of frames that an async reader drains; a push after the end is dropped. */
class FrameQueue {
  readonly #items: Array<{ frame: pb.MigrateFrame, bytes: number }> = []
  #bytes = 0
  #ended: Error | null | undefined
  #wake: (() => void) | undefined
  /** Called each time the reader takes a frame. */
  onTaken: (() => void) | undefined

  /** Encoded bytes of the frames waiting. */
  get bytes (): number { return this.#bytes }

  push (frame: pb.MigrateFrame, bytes = 0): void { this.#items.push({ frame, bytes }); this.#bytes += bytes; this.#wake?.() }
  end (err: Error | null): void { if (this.#ended === undefined) { this.#ended = err; this.#wake?.() } }

  async * drain (): AsyncGenerator<pb.MigrateFrame> {
    while (true) {
      const next = this.#items.shift()
      if (next !== undefined) {
        this.#bytes -= next.bytes
        this.onTaken?.()
        yield next.frame
        continue
      }
      if (this.#ended !== undefined) { if (this.#ended !== null) throw this.#ended; return }
      await new Promise<void>((resolve) => { this.#wake = resolve })
      this.#wake = undefined
    }
  }
}

export function streamChannel (stream: Stream, init: StreamChannelInit = {}): FrameChannel {
  const queue = new FrameQueue()
  const decoder = new FrameDecoder(init.firstFrameBytes ?? MAX_FRAME_BYTES)
  let resuming = false
  // Past the bound, the stream is not read: its yamux window stays shut until the reader takes frames.
  const readLess = (): void => {
    if (queue.bytes > MAX_QUEUED_FRAME_BYTES && !resuming && stream.readStatus === 'readable') stream.pause()
  }
  queue.onTaken = () => {
    if (queue.bytes > MAX_QUEUED_FRAME_BYTES || stream.readStatus !== 'paused') return
    // resume() hands on what came meanwhile, then reopens the window: a pause from within it would be undone, so
    // the stream is paused again after, if that put it past the bound again.
    resuming = true
    try { stream.resume() } finally { resuming = false }
    readLess()
  }
  stream.addEventListener('message', (event) => {
    try {
      for (const frame of decoder.decode(event.data)) {
        decoder.maxDataLength = MAX_FRAME_BYTES
        queue.push(decodeProto(pb.MigrateFrame, frame.subarray(), 'migration frame'), frame.byteLength)
      }
      readLess()
    } catch (err) {
      const error = err instanceof MalformedMessageError ? err : new MalformedMessageError(`migration stream: ${(err as Error).message}`)
      queue.end(error)
      stream.abort(error)
    }
  })
  // The peer closed its writing end and every frame it sent was read: nothing more comes (a sender that gave up
  // closes its end and may keep the connection, so 'close', which needs both ends closed, would not come). An
  // abort or reset ends reading too, with 'close' carrying its error.
  stream.addEventListener('end', () => { if (stream.status !== 'aborted' && stream.status !== 'reset') queue.end(null) })
  stream.addEventListener('close', (event) => { queue.end((event as { error?: Error }).error ?? null) })
  return {
    send: async (frame) => {
      if (stream.status !== 'open') throw new MigrationLinkError('the migration stream is closed')
      if (!stream.send(lengthPrefixed(pb.MigrateFrame.encode(frame).finish()))) await stream.onDrain()
    },
    frames: () => queue.drain(),
    close: async () => { await stream.close().catch(() => {}) },
    abort: (err) => { stream.abort(err) }
  }
}

/**
 * Refuses a stream before reading it: sends `err` as an error frame (the
 * sender then gives up rather than redialling) and closes the stream. What
 * the sender sends meanwhile (its hello) is dropped unread; more than
 * REFUSED_READ_BYTES of it, or a stream still open after REFUSED_CLOSE_MS,
 * is reset.
 */
export function refuseStream (stream: Stream, err: Error): void {
  let dropped = 0
  stream.addEventListener('message', (event) => {
    dropped += event.data.byteLength
    if (dropped > REFUSED_READ_BYTES) stream.abort(err)
  })
  try {
    stream.send(lengthPrefixed(pb.MigrateFrame.encode({ error: { code: err.name, message: err.message } }).finish()))
  } catch {
    // The sender reset it already.
    stream.abort(err)
    return
  }
  stream.close({ signal: AbortSignal.timeout(REFUSED_CLOSE_MS) }).catch(() => { stream.abort(err) })
}

/** Two connected in-memory channels, for tests and in-process use; `cut` breaks both like a dropped link. */
export function memoryChannelPair (): { a: FrameChannel, b: FrameChannel, cut: (err?: Error) => void } {
  const qa = new FrameQueue()
  const qb = new FrameQueue()
  let open = true
  const end = (err: Error | null): void => { open = false; qa.end(err); qb.end(err) }
  const side = (inbox: FrameQueue, outbox: FrameQueue): FrameChannel => ({
    send: async (frame) => {
      if (!open) throw new MigrationLinkError('the migration stream is closed')
      // Through the encoding, so both ends see exactly what a real stream would carry.
      outbox.push(pb.MigrateFrame.decode(pb.MigrateFrame.encode(frame).finish()))
      await new Promise((resolve) => setImmediate(resolve))
    },
    frames: () => inbox.drain(),
    close: async () => { end(null) },
    abort: (err) => { end(err) }
  })
  return { a: side(qa, qb), b: side(qb, qa), cut: (err = new MigrationLinkError('link dropped')) => { end(err) } }
}

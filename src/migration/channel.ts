/**
 * MigrateFrame messages over one libp2p stream (/gdp/migrate/1.0.0),
 * varint-length-prefixed, with the stream's own back-pressure.
 */
import type { Stream } from '@libp2p/interface'
import { MalformedMessageError, MigrationLinkError } from '../errors.js'
import { decodeProto, FrameDecoder, lengthPrefixed, pb } from '../wire/index.js'
import { MAX_BATCH_DATA } from './batch.js'

export const MIGRATE_PROTOCOL = '/gdp/migrate/1.0.0'
/** A frame holds one entry: a batch's data, its columns and framing. */
export const MAX_FRAME_BYTES = MAX_BATCH_DATA + 4 * 1024 * 1024

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
  readonly #items: pb.MigrateFrame[] = []
  #ended: Error | null | undefined
  #wake: (() => void) | undefined

  push (frame: pb.MigrateFrame): void { this.#items.push(frame); this.#wake?.() }
  end (err: Error | null): void { if (this.#ended === undefined) { this.#ended = err; this.#wake?.() } }

  async * drain (): AsyncGenerator<pb.MigrateFrame> {
    while (true) {
      const next = this.#items.shift()
      if (next !== undefined) { yield next; continue }
      if (this.#ended !== undefined) { if (this.#ended !== null) throw this.#ended; return }
      await new Promise<void>((resolve) => { this.#wake = resolve })
      this.#wake = undefined
    }
  }
}

export function streamChannel (stream: Stream): FrameChannel {
  const queue = new FrameQueue()
  const decoder = new FrameDecoder(MAX_FRAME_BYTES)
  stream.addEventListener('message', (event) => {
    try {
      for (const frame of decoder.decode(event.data)) queue.push(decodeProto(pb.MigrateFrame, frame.subarray(), 'migration frame'))
    } catch (err) {
      const error = err instanceof MalformedMessageError ? err : new MalformedMessageError(`migration stream: ${(err as Error).message}`)
      queue.end(error)
      stream.abort(error)
    }
  })
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

/**
 * SHA-256 of long inputs off the main thread: on libuv's thread pool
 * through the SHA-256 addon (src/crypto/native/sha256.c), so that a file's
 * chunks and the whole file are hashed on another core while the main
 * thread chunks, checks and stores. Where the addon is not there, the same
 * digests are computed here, on the main thread.
 *
 * The caller keeps each input unchanged until the promise that covers it
 * settles (for BackgroundSha256: until digest resolves).
 */
import { createHash, type Hash } from 'node:crypto'
import { sha256 } from './hash.js'
import { sha256Addon, type Sha256Addon } from './native-sha256.js'

/**
 * Shorter inputs are hashed at once: a trip to the thread pool costs a few
 * microseconds of the main thread's time, about what SHA-256 takes for 8 KiB.
 */
const BACKGROUND_MIN_LENGTH = 8192

/** Bytes a BackgroundSha256 lets wait for the thread pool before update waits for them. */
const MAX_QUEUED_BYTES = 16 * 1024 * 1024

/** SHA-256 of `data`, computed on the thread pool when it is long and the addon is there. */
export async function sha256InBackground (data: Uint8Array): Promise<Uint8Array> {
  if (sha256Addon === undefined || data.length < BACKGROUND_MIN_LENGTH) return sha256(data)
  const out = new Uint8Array(32)
  await sha256Addon.sha256Async(out, data)
  return out
}

/** A SHA-256 of a stream of pieces, each added on the thread pool in turn. */
export class BackgroundSha256 {
  readonly #addon: Sha256Addon | undefined
  readonly #context: Uint8Array | undefined
  readonly #here: Hash | undefined
  #tail: Promise<void> = Promise.resolve()
  #queuedBytes = 0

  constructor (addon = sha256Addon) {
    this.#addon = addon
    if (addon === undefined) {
      this.#here = createHash('sha256')
      return
    }
    this.#context = new Uint8Array(addon.contextLength)
    addon.sha256Init(this.#context)
  }

  /**
   * Adds `data`, which must stay unchanged until digest resolves. Resolves
   * at once unless over MAX_QUEUED_BYTES wait for the thread pool, then once
   * they are hashed (so a fast producer waits for the hash).
   */
  async update (data: Uint8Array): Promise<void> {
    if (this.#addon === undefined) {
      this.#here!.update(data)
      return
    }
    const addon = this.#addon
    const context = this.#context!
    this.#queuedBytes += data.length
    const tail = this.#tail.then(async () => { await addon.sha256UpdateAsync(context, data) }).finally(() => { this.#queuedBytes -= data.length })
    // Its failure is seen by digest (or the next update that waits); one that is never awaited is not unhandled.
    tail.catch(() => {})
    this.#tail = tail
    if (this.#queuedBytes > MAX_QUEUED_BYTES) await tail
  }

  /** The digest of everything added. */
  async digest (): Promise<Uint8Array> {
    if (this.#addon === undefined) return new Uint8Array(this.#here!.digest())
    await this.#tail
    const out = new Uint8Array(32)
    this.#addon.sha256Final(out, this.#context!)
    return out
  }
}

/**
 * Bytes of request bodies a service holds at once: read, and not let go
 * until the request is answered. Each body was bounded (the route's limit,
 * 24 MiB for a JSON batch at the gateway) but not their sum: 100 requests
 * from another process, each with a body of 23 MiB, took the gateway's node
 * up 1.3 to 1.9 GB at once (0.7 to 0.9 GB now, most refused), and its
 * 1,024 connections could take over 20 GB (found
 * by attacking the gateway). A body is counted as it comes, by the bytes
 * that have come, not by what it declares: a client that declares a large
 * body and sends it slowly holds only what it sent. A chunk that would take
 * the bodies past the budget fails its request (503 ServerBusyError), whose
 * bytes are let go; the others go on.
 */
import type { ServerResponse } from 'node:http'
import { Transform, type Readable } from 'node:stream'
import { ServerBusyError } from '../errors.js'

/** What the bodies under the budget hold, and how many were refused. */
export interface BodyCounters {
  /** Bodies being read, or read and not yet answered. */
  readonly open: number
  /** Bytes they hold. */
  readonly heldBytes: number
  /** Refused (503) because their bytes would have taken the bodies past the budget. */
  readonly refused: number
}

export class BodyBudget {
  #open = 0
  #held = 0
  #refused = 0

  constructor (readonly maxBytes: number) {}

  get counters (): BodyCounters {
    return { open: this.#open, heldBytes: this.#held, refused: this.#refused }
  }

  /** `body`, counted under the budget as it comes, until `response` has been sent or closed. */
  count (body: Readable, response: ServerResponse): Readable {
    let held = 0
    let open = true
    this.#open++
    const release = (): void => {
      if (!open) return
      open = false
      this.#open--
      this.#held -= held
      held = 0
    }
    response.once('finish', release)
    response.once('close', release)
    const counted = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        if (open && this.#held + chunk.length > this.maxBytes) {
          this.#refused++
          const held = this.#held
          release()
          callback(Object.assign(new ServerBusyError(`the request bodies this service is reading and answering hold ${held} bytes, and this one's next ${chunk.length} would take them past its limit of ${this.maxBytes}; send it again shortly`), { statusCode: 503 }))
          return
        }
        if (open) {
          held += chunk.length
          this.#held += chunk.length
        }
        callback(null, chunk)
      }
    })
    // pipe() passes no error on: a client that left mid-body ends the counted stream as it ended the request.
    body.once('error', (err) => { counted.destroy(err) })
    return body.pipe(counted)
  }
}

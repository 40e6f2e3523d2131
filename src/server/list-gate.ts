/**
 * List requests to a server, a few at a time. A list answer reads up to a
 * page of capsules (1,000) from the store, each opened, so one request of
 * a few bytes costs the server what a thousand others do: one peer that
 * sent 10,000 of them in two seconds (its frame rate) held a server of
 * 3,000 capsules busy for about ten seconds, an honest client's read took
 * 2 to 4 s instead of 12 ms, and the client's link to the server was cut
 * (its pings went unanswered). So lists are answered `concurrent` at a
 * time, each requester's in the order they came and the requesters in
 * rotation (Turns), with at most `waiting` waiting; more are refused
 * CONGESTION with when to ask again, unless the requester waiting with the
 * most waits with more than one over the newcomer's: then its newest is. Other requests pass as they
 * are, and reads, appends and subscriptions are not held up by lists.
 */
import type { LocalService, ReplyFlow } from '../routing/forwarder.js'
import { pb } from '../wire/index.js'
import { Turns } from './turns.js'

export interface ListGateInit {
  /** List requests answered at once. @default 2 */
  concurrent?: number
  /** List requests waiting for a turn, at most; more are refused. @default 64 */
  waiting?: number
  /** A turn whose list was not answered within this long is given back anyway (a service that never answers). @default 30000 */
  turnTimeoutMs?: number
}

export interface ListGateCounters {
  /** List requests refused CONGESTION with every turn taken and `waiting` waiting. */
  refused: number
}

/** How soon a list refused here may be asked again. */
export const LIST_RETRY_AFTER_MS = 1000

export class ListGate implements LocalService {
  readonly counters: ListGateCounters = { refused: 0 }
  readonly #inner: LocalService
  readonly #turns: Turns
  readonly #init: Required<ListGateInit>

  constructor (inner: LocalService, init: ListGateInit = {}) {
    this.#inner = inner
    this.#init = { concurrent: 2, waiting: 64, turnTimeoutMs: 30_000, ...init }
    this.#turns = new Turns(this.#init.concurrent)
  }

  serves (name: Uint8Array, ownRequest?: boolean): boolean { return this.#inner.serves(name, ownRequest) }

  get subscriptions (): number | undefined { return this.#inner.subscriptions }

  /** List requests waiting for a turn now. */
  get waiting (): number { return this.#turns.waiting }

  cancel (nonce: Uint8Array): void { this.#inner.cancel?.(nonce) }

  handle (pdu: pb.IPdu, reply: (body: { response: pb.IResponse } | { nack: pb.INack }) => void, flow?: ReplyFlow): void {
    if (pdu.request?.list == null) { this.#inner.handle(pdu, reply, flow); return }
    const requester = flow?.requester ?? ''
    const busy = `this server answers ${this.#init.concurrent} list requests at a time and has ${this.#init.waiting} waiting`
    // Refused now, or later when a requester waiting with fewer takes its place (Turns.makeRoom).
    const refuse = (detail: string): void => {
      this.counters.refused++
      reply({ nack: { reason: pb.NackReason.CONGESTION, detail, retryAfterMs: LIST_RETRY_AFTER_MS } })
    }
    if (this.#turns.waiting >= this.#init.waiting && !this.#turns.makeRoom(requester, new Error(`${busy}, and a requester waiting with fewer took this one's place; ask again later`))) { refuse(`${busy}; ask again later`); return }
    this.#turns.take(requester).then((endTurn) => {
      const timer = setTimeout(endTurn, this.#init.turnTimeoutMs)
      timer.unref?.()
      const end = (): void => { clearTimeout(timer); endTurn() }
      try {
        this.#inner.handle(pdu, (body) => {
          if ('nack' in body || body.response.final === true) end()
          reply(body)
        }, flow)
      } catch (err) {
        end()
        reply({ nack: { reason: pb.NackReason.SERVER_ERROR, detail: `the list failed: ${(err as Error).message}` } })
      }
    }, (err: Error) => { refuse(err.message) })
  }
}

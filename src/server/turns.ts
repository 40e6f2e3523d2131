/**
 * Turns at some work for at most `size` holders at once; the others wait,
 * taking turns by requester: each requester's in the order they came, the
 * requesters in rotation. The capsule service builds read responses in
 * turns: responses built all at once (hundreds of large reads from one
 * peer) held the store, the memory and the event loop, and every other
 * requester's answer waited behind them; taken in the order they came,
 * one peer's thousand waiting reads still put every other requester's read
 * a thousand turns back.
 */
import { LargestFirst } from '../routing/largest-first.js'

interface Waiter { resolve: () => void, reject: (err: Error) => void }

/** A first-in first-out line without shifting a long array on every take (and its newest may leave). */
class Deque<T> {
  #items: Array<T | undefined> = []
  #head = 0

  get length (): number { return this.#items.length - this.#head }

  push (item: T): void { this.#items.push(item) }

  shift (): T | undefined {
    if (this.#head === this.#items.length) return undefined
    const item = this.#items[this.#head]
    this.#items[this.#head++] = undefined
    if (this.#head === this.#items.length) { this.#items = []; this.#head = 0 } else if (this.#head > 1024 && this.#head * 2 > this.#items.length) { this.#items = this.#items.slice(this.#head); this.#head = 0 }
    return item
  }

  /** The newest, taken out. */
  pop (): T | undefined { return this.length === 0 ? undefined : this.#items.pop() }
}

export class Turns {
  #free: number
  #waiting = 0
  /** Waiters by requester, and the requesters with any, in the order their turns come. */
  readonly #lines = new Map<string, Deque<Waiter>>()
  readonly #rotation = new Deque<string>()
  readonly #sizes = new LargestFirst()

  constructor (size: number) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`turns need a positive whole number of holders, not ${size}`)
    this.#free = size
  }

  /** Holders waiting for a turn. */
  get waiting (): number { return this.#waiting }

  /**
   * Resolves when it is the caller's turn, with the function that ends it
   * (call it once). `requester` (a neighbour's name, say) is whose turns it
   * takes. Rejects with the error makeRoom was given if it loses its place.
   */
  async take (requester = ''): Promise<() => void> {
    if (this.#free > 0) this.#free--
    else {
      await new Promise<void>((resolve, reject) => {
        let line = this.#lines.get(requester)
        if (line === undefined) {
          this.#lines.set(requester, line = new Deque())
          this.#rotation.push(requester)
        }
        line.push({ resolve, reject })
        this.#waiting++
        this.#sizes.set(requester, line.length)
      })
    }
    let ended = false
    return () => {
      if (ended) return
      ended = true
      this.#pass()
    }
  }

  /**
   * Waiting is at its bound and `requester` asks for a turn: the requester
   * waiting with the most, if it has more than one over `requester`, gives
   * up its newest place (its take rejects with `refusal`) and true is
   * returned; otherwise false (refuse the newcomer). So one requester that
   * fills the line is refused, not everyone after it.
   */
  makeRoom (requester: string, refusal: Error): boolean {
    const mine = this.#lines.get(requester)?.length ?? 0
    const largest = this.#sizes.largestExcept(requester)
    if (largest === undefined || largest.size <= mine + 1) return false
    const line = this.#lines.get(largest.name)!
    const dropped = line.pop()!
    this.#waiting--
    // (It holds two at least: its line and its place in the rotation stay.)
    this.#sizes.set(largest.name, line.length)
    dropped.reject(refusal)
    return true
  }

  #pass (): void {
    const requester = this.#rotation.shift()
    if (requester === undefined) { this.#free++; return }
    const line = this.#lines.get(requester)!
    const next = line.shift()!
    this.#waiting--
    if (line.length > 0) {
      this.#rotation.push(requester)
      this.#sizes.set(requester, line.length)
    } else {
      this.#lines.delete(requester)
      this.#sizes.delete(requester)
    }
    next.resolve()
  }
}

/**
 * Turns at some work for at most `size` holders at once; the others wait in
 * the order they came. The capsule service builds read responses in turns:
 * responses built all at once (hundreds of large reads from one peer) held
 * the store, the memory and the event loop, and every other requester's
 * answer waited behind them.
 */
export class Turns {
  #free: number
  /** Waiting holders, from #head on (a deque without shifting on every turn). */
  #waiting: Array<(() => void) | undefined> = []
  #head = 0

  constructor (size: number) {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`turns need a positive whole number of holders, not ${size}`)
    this.#free = size
  }

  /** Holders waiting for a turn. */
  get waiting (): number { return this.#waiting.length - this.#head }

  /** Resolves when it is the caller's turn, with the function that ends it (call it once). */
  async take (): Promise<() => void> {
    if (this.#free > 0) this.#free--
    else await new Promise<void>((resolve) => { this.#waiting.push(resolve) })
    let ended = false
    return () => {
      if (ended) return
      ended = true
      this.#pass()
    }
  }

  #pass (): void {
    if (this.#head === this.#waiting.length) { this.#free++; return }
    const next = this.#waiting[this.#head]!
    this.#waiting[this.#head++] = undefined
    if (this.#head === this.#waiting.length) { this.#waiting = []; this.#head = 0 } else if (this.#head > 1024 && this.#head * 2 > this.#waiting.length) { this.#waiting = this.#waiting.slice(this.#head); this.#head = 0 }
    next()
  }
}

/**
 * Names with a size each, the largest found in O(1) and every change in
 * O(log n): a binary max-heap with each name's place indexed. The DHT
 * store asks it for the holder with the most bytes once per entry it
 * evicts; a scan of every holder made each put cost O(holders x
 * evictions), which a peer with many addresses (each a holder) could
 * make a router pay for every put.
 */
export class LargestFirst {
  readonly #names: string[] = []
  readonly #sizes: number[] = []
  readonly #place = new Map<string, number>()

  get size (): number { return this.#names.length }

  /** Sets `name`'s size, adding the name if it is new. */
  set (name: string, size: number): void {
    const i = this.#place.get(name)
    if (i === undefined) {
      this.#names.push(name)
      this.#sizes.push(size)
      this.#place.set(name, this.#names.length - 1)
      this.#up(this.#names.length - 1)
      return
    }
    const before = this.#sizes[i]!
    this.#sizes[i] = size
    if (size > before) this.#up(i)
    else this.#down(i)
  }

  delete (name: string): void {
    const i = this.#place.get(name)
    if (i === undefined) return
    const last = this.#names.length - 1
    this.#swap(i, last)
    this.#names.pop()
    this.#sizes.pop()
    this.#place.delete(name)
    if (i < last) {
      this.#up(i)
      this.#down(i)
    }
  }

  /** The name with the largest size (ties in no particular order), if any. */
  largest (): { name: string, size: number } | undefined {
    return this.#names.length === 0 ? undefined : { name: this.#names[0]!, size: this.#sizes[0]! }
  }

  /** The name with the largest size other than `except` (ties in no particular order), if any. */
  largestExcept (except: string): { name: string, size: number } | undefined {
    if (this.#names.length === 0) return undefined
    if (this.#names[0] !== except) return { name: this.#names[0]!, size: this.#sizes[0]! }
    // The largest but one is a child of the top.
    let best: number | undefined
    for (const c of [1, 2]) if (c < this.#names.length && (best === undefined || this.#sizes[c]! > this.#sizes[best]!)) best = c
    return best === undefined ? undefined : { name: this.#names[best]!, size: this.#sizes[best]! }
  }

  #up (i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.#sizes[parent]! >= this.#sizes[i]!) return
      this.#swap(i, parent)
      i = parent
    }
  }

  #down (i: number): void {
    for (;;) {
      let largest = i
      for (const c of [2 * i + 1, 2 * i + 2]) if (c < this.#names.length && this.#sizes[c]! > this.#sizes[largest]!) largest = c
      if (largest === i) return
      this.#swap(i, largest)
      i = largest
    }
  }

  #swap (a: number, b: number): void {
    const name = this.#names[a]!
    const size = this.#sizes[a]!
    this.#names[a] = this.#names[b]!
    this.#sizes[a] = this.#sizes[b]!
    this.#names[b] = name
    this.#sizes[b] = size
    this.#place.set(this.#names[a]!, a)
    this.#place.set(name, b)
  }
}

/** A server's last snapshot page that a router relayed up: whom to tell, with which sequence, once it is in place. */
export interface RelayedPage {
  server: Uint8Array
  sequence: number
}

/**
 * The last snapshot pages a router relayed to its parent, by the sequence of
 * the announcement that carried them, until the parent acknowledges it
 * (docs/routing.md section 5). At most `limit` announcements are remembered:
 * past it the oldest is forgotten, and its servers' grafts wait out their
 * own timeout instead of hearing that their sets are in place.
 */
export class RelayedSnapshots {
  readonly #limit: number
  readonly #pages = new Map<number, RelayedPage[]>()

  constructor (limit: number) {
    if (!(Number.isSafeInteger(limit) && limit > 0)) throw new RangeError(`a relayed snapshot limit is a positive whole number, not ${limit}`)
    this.#limit = limit
  }

  get size (): number {
    return this.#pages.size
  }

  /** Remembers the pages an announcement carried (a Map keeps them in the order they came: the first is the oldest). */
  add (announcement: number, pages: RelayedPage[]): void {
    this.#pages.set(announcement, pages)
    if (this.#pages.size > this.#limit) this.#pages.delete(this.#pages.keys().next().value!)
  }

  /** The pages an acknowledged announcement carried, forgotten here; undefined for one not remembered. */
  take (announcement: number): RelayedPage[] | undefined {
    const pages = this.#pages.get(announcement)
    this.#pages.delete(announcement)
    return pages
  }
}

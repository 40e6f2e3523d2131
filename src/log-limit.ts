/**
 * A log line per kind at most once an interval, with how many of that kind
 * came since the last one written: for what a peer or a failing disk can make
 * happen many times a second. Kinds are of a bounded set (error names,
 * refusal reasons), so the map stays small.
 */
export class LimitedLog {
  readonly #intervalMs: number
  readonly #seen = new Map<string, { at: number, since: number }>()

  constructor (intervalMs: number) {
    this.#intervalMs = intervalMs
  }

  /** Calls `write` for `kind`, with what to add about the ones held back, unless one was written less than the interval ago. */
  note (kind: string, write: (more: string) => void): void {
    const now = performance.now()
    const seen = this.#seen.get(kind)
    if (seen !== undefined && now - seen.at < this.#intervalMs) { seen.since++; return }
    this.#seen.set(kind, { at: now, since: 0 })
    write(seen === undefined || seen.since === 0 ? '' : ` (and ${seen.since} more of this kind since it was last logged)`)
  }
}

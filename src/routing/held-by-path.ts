/**
 * Subscriptions a server holds, or requests a router holds in flight,
 * grouped by the path each came along: its neighbour, then for a
 * subscription the subscribers each router on the way named
 * (SubscribeRequest.via, nearest first). Grouped by neighbour alone, every
 * subscriber behind one router was one holder, and one of them subscribing
 * up to the limit locked out the others of that router for as long as it
 * stayed.
 */
import { LargestFirst } from './largest-first.js'

/** The group of those held whose path ends at a level (a subscriber that named nobody further). */
const ENDS_HERE = ''

interface Group {
  /** Every one held at or under this group, oldest first. */
  readonly held: Set<string>
  /**
   * Its subgroups by the next key of their paths, and their sizes: only in
   * a group that held two at once (one alone in its group needs
   * none, and most groups a subscriber names hold one).
   */
  subgroups?: Map<string, Group>
  sizes?: LargestFirst
}

const group = (): Group => ({ held: new Set() })

export class HeldByPath {
  readonly #root = group()
  readonly #paths = new Map<string, string[]>()

  get size (): number { return this.#paths.size }

  /** Holds `id`, which came along `path` (non-empty keys, the server's neighbour first). */
  add (id: string, path: string[]): void {
    if (this.#paths.has(id)) return
    const keys = [...path, ENDS_HERE]
    this.#paths.set(id, keys)
    let g = this.#root
    for (let level = 0; ; level++) {
      g.held.add(id)
      if (g.held.size === 1 || level === keys.length) return
      if (g.subgroups === undefined) {
        // It held one, alone: that one goes a level down first.
        const [other] = g.held
        g.subgroups = new Map()
        g.sizes = new LargestFirst()
        this.#join(g, this.#paths.get(other!)![level]!).held.add(other!)
        g.sizes.set(this.#paths.get(other!)![level]!, 1)
      }
      const sub = this.#join(g, keys[level]!)
      g.sizes!.set(keys[level]!, sub.held.size + 1)
      g = sub
    }
  }

  #join (g: Group, key: string): Group {
    let sub = g.subgroups!.get(key)
    if (sub === undefined) g.subgroups!.set(key, sub = group())
    return sub
  }

  delete (id: string): boolean {
    const keys = this.#paths.get(id)
    if (keys === undefined) return false
    this.#paths.delete(id)
    let g: Group | undefined = this.#root
    g.held.delete(id)
    // Emptied, it starts over as a group that held none (a subgroup that empties goes with its parent's entry).
    if (g.held.size === 0) { g.subgroups = undefined; g.sizes = undefined; return true }
    for (let level = 0; g !== undefined; level++) {
      g.held.delete(id)
      const sub: Group | undefined = g.subgroups?.get(keys[level]!)
      if (sub === undefined || !sub.held.has(id)) return true
      if (sub.held.size > 1) g.sizes!.set(keys[level]!, sub.held.size - 1)
      else { g.subgroups!.delete(keys[level]!); g.sizes!.delete(keys[level]!) }
      g = sub
    }
    return true
  }

  /**
   * The one held to end so that one coming along `path` fits, if that
   * is fair; undefined when it is not (refuse the newcomer). Level by level,
   * from the server's neighbours down: where a group other than the
   * newcomer's holds more than one over it, that group gives up one (the
   * oldest of its largest subgroup, going down while one holds more than
   * one); where the newcomer's own group is the largest, room is made
   * within it, one level down. So a subscriber never takes the room of
   * another that holds as few as itself, and one behind a router takes the
   * room of the subscriber of that router holding the most.
   */
  roomFor (path: string[]): string | undefined {
    let g = this.#root
    for (const key of [...path, ENDS_HERE]) {
      // No subgroups: it holds one at most (or only ones of one path), none of whom may give up room.
      if (g.subgroups === undefined) return undefined
      const mine = g.subgroups.get(key)
      const largest = g.sizes!.largestExcept(key)
      if (largest !== undefined && largest.size > (mine?.held.size ?? 0) + 1) return oldestOfLargest(g.subgroups.get(largest.name)!)
      if (mine === undefined || key === ENDS_HERE) return undefined
      g = mine
    }
    return undefined
  }
}

function oldestOfLargest (g: Group): string {
  for (let largest = g.sizes?.largest(); largest !== undefined && largest.size > 1; largest = g.sizes?.largest()) g = g.subgroups!.get(largest.name)!
  return g.held.values().next().value as string
}

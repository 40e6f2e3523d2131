/**
 * Moving load off a router (docs/moving.md section 4): which of the servers
 * and edge clients attached to it to graft to other routers, chosen from
 * the traffic each one brought over a measuring window. Pure: the node
 * measures and grafts.
 */
import { InvalidArgumentError } from '../errors.js'

/** One neighbour's traffic over the window. */
export interface NeighbourLoad {
  name: string
  /** server or edge: the kinds a graft moves. */
  kind: 'server' | 'edge'
  /** PDUs per second, both ways. */
  framesPerSecond: number
  /** Bytes per second, both ways. */
  bytesPerSecond: number
}

export interface RebalanceMove { neighbour: string, kind: 'server' | 'edge', bytesPerSecond: number, framesPerSecond: number, to: string }

export interface RebalancePlan {
  /** The graftable neighbours' traffic in all, bytes per second. */
  totalBytesPerSecond: number
  /** What the moves take off this router, bytes per second. */
  movedBytesPerSecond: number
  moves: RebalanceMove[]
}

/**
 * The busiest neighbours first, until the moves take at least `share` of
 * the graftable traffic off this router; each goes to the target router
 * that was given the least so far. A neighbour that brought no traffic is
 * never moved.
 */
export function planRebalance (loads: NeighbourLoad[], targets: string[], share: number): RebalancePlan {
  if (targets.length === 0) throw new InvalidArgumentError('rebalance needs at least one router to move load to (--to)')
  if (!(share > 0 && share <= 1)) throw new InvalidArgumentError(`--share ${share}: a fraction of the load, above 0 and at most 1`)
  const total = loads.reduce((n, l) => n + l.bytesPerSecond, 0)
  const given = new Map(targets.map((t) => [t, 0]))
  const moves: RebalanceMove[] = []
  let moved = 0
  for (const load of [...loads].sort((a, b) => b.bytesPerSecond - a.bytesPerSecond || a.name.localeCompare(b.name))) {
    if (moved >= share * total || load.bytesPerSecond === 0) break
    const to = [...given].sort((a, b) => a[1] - b[1])[0]![0]
    given.set(to, given.get(to)! + load.bytesPerSecond)
    moves.push({ neighbour: load.name, kind: load.kind, bytesPerSecond: load.bytesPerSecond, framesPerSecond: load.framesPerSecond, to })
    moved += load.bytesPerSecond
  }
  return { totalBytesPerSecond: total, movedBytesPerSecond: moved, moves }
}

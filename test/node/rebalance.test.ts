// Which neighbours a router grafts elsewhere to take load off (docs/moving.md section 4).
import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../../src/errors.js'
import { planRebalance, type NeighbourLoad } from '../../src/node/rebalance.js'

const load = (name: string, bytesPerSecond: number, kind: 'server' | 'edge' = 'edge'): NeighbourLoad => ({ name, kind, bytesPerSecond, framesPerSecond: bytesPerSecond / 100 })

describe('planRebalance', () => {
  it('moves the busiest first until the share is reached, spreading them over the target routers', () => {
    const loads = [load('a', 100), load('b', 500), load('c', 300, 'server'), load('d', 100)]
    const plan = planRebalance(loads, ['r1', 'r2'], 0.85)
    expect(plan.totalBytesPerSecond).toBe(1000)
    expect(plan.moves.map((m) => [m.neighbour, m.to])).toEqual([['b', 'r1'], ['c', 'r2'], ['a', 'r2']])
    expect(plan.movedBytesPerSecond).toBe(900)
    // Exactly the share reached: no more.
    expect(planRebalance(loads, ['r1', 'r2'], 0.8).moves.map((m) => m.neighbour)).toEqual(['b', 'c'])
  })

  it('never moves a neighbour that brought no traffic, and moves nothing when there is none', () => {
    expect(planRebalance([load('idle', 0), load('busy', 10)], ['r1'], 1).moves.map((m) => m.neighbour)).toEqual(['busy'])
    expect(planRebalance([load('idle', 0)], ['r1'], 0.5).moves).toEqual([])
    expect(planRebalance([], ['r1'], 0.5)).toEqual({ totalBytesPerSecond: 0, movedBytesPerSecond: 0, moves: [] })
  })

  it('refuses no target router and a share outside (0, 1]', () => {
    expect(() => planRebalance([load('a', 1)], [], 0.5)).toThrow(InvalidArgumentError)
    for (const share of [0, -0.1, 1.5, Number.NaN]) expect(() => planRebalance([load('a', 1)], ['r1'], share)).toThrow(/--share/)
  })
})

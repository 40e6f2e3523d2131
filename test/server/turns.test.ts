import { describe, expect, it } from 'vitest'
import { Turns } from '../../src/server/turns.js'

describe('Turns', () => {
  it('gives at most its size of turns at once, the others in the order they asked, and an ended turn ends once', async () => {
    const turns = new Turns(2)
    const order: number[] = []
    const ends: Array<() => void> = []
    const taken = Array.from({ length: 5 }, async (_, i) => { const end = await turns.take(); order.push(i); ends.push(end) })
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual([0, 1])
    expect(turns.waiting).toBe(3)
    ends[0]!()
    ends[0]!() // a second call passes no second turn on
    await new Promise((resolve) => setImmediate(resolve))
    expect(order).toEqual([0, 1, 2])
    for (let i = 1; i < 5; i++) { ends[i]!(); await new Promise((resolve) => setImmediate(resolve)) }
    await Promise.all(taken)
    expect(order).toEqual([0, 1, 2, 3, 4])
    expect(turns.waiting).toBe(0)
  })

  it('refuses a size that is not a positive whole number', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => new Turns(size)).toThrow(RangeError)
  })
})

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

  it('takes turns by requester: each requester\'s in the order they came, the requesters in rotation', async () => {
    const turns = new Turns(1)
    const order: string[] = []
    const first = await turns.take('x')
    // x asked for 4 more before y and z asked for one each: they come after x's next one, not after all four.
    const taken = [...['x1', 'x2', 'x3', 'x4'].map((id) => ({ id, requester: 'x' })), { id: 'y1', requester: 'y' }, { id: 'z1', requester: 'z' }, { id: 'y2', requester: 'y' }]
      .map(async ({ id, requester }) => { const end = await turns.take(requester); order.push(id); setImmediate(end) })
    expect(turns.waiting).toBe(7)
    first()
    await Promise.all(taken)
    expect(order).toEqual(['x1', 'y1', 'z1', 'x2', 'y2', 'x3', 'x4'])
    expect(turns.waiting).toBe(0)
  })

  it('makes room for a requester waiting with fewer: the one waiting with the most, if more than one over, gives up its newest place', async () => {
    const turns = new Turns(1)
    const end = await turns.take('x')
    const outcome = (requester: string): Promise<string> => turns.take(requester).then((endTurn) => { setImmediate(endTurn); return 'turn' }, (err: Error) => err.message)
    const xs = [outcome('x'), outcome('x'), outcome('x')]
    const y = outcome('y')
    // y waits with 1 and x with 3: a newcomer of z takes x's newest place; z's next takes none (x, 2, is one over z).
    expect(turns.makeRoom('z', new Error('x refused'))).toBe(true)
    const z = outcome('z')
    expect(turns.makeRoom('z', new Error('refused'))).toBe(false)
    // x's own newcomer takes nobody's place; y's neither (x holds one over it).
    expect(turns.makeRoom('x', new Error('refused'))).toBe(false)
    expect(turns.makeRoom('y', new Error('refused'))).toBe(false)
    expect(turns.waiting).toBe(4)
    end()
    expect(await Promise.all([...xs, y, z])).toEqual(['turn', 'turn', 'x refused', 'turn', 'turn'])
    expect(turns.waiting).toBe(0)
  })

  it('refuses a size that is not a positive whole number', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => new Turns(size)).toThrow(RangeError)
  })
})

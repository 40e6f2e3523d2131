// The one read-selector resolver the server and both CLI paths use.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { resolveSelector, type SelectableLog } from '../../src/capsule/selector.js'
import { InvalidArgumentError, RecordNotFoundError } from '../../src/errors.js'
import { rejection } from '../helpers.js'

/** A log of `size` records, record i stamped at time 10 * i and hashed as 32 bytes of i. */
function log (size: number): SelectableLog {
  return {
    name: new Uint8Array(32),
    size,
    findByTimestamp: (us) => { const i = Math.ceil(us / 10); return i < size ? Math.max(0, i) : undefined },
    findByHash: async (hash) => hash.every((b) => b === hash[0]) && hash[0]! < size ? { header: { seqno: hash[0]! } } : undefined
  }
}

describe('resolveSelector', () => {
  it('a range is clamped to the end and never runs backwards', async () => {
    await fc.assert(fc.asyncProperty(fc.nat(200), fc.nat(300), fc.nat(300), async (size, a, b) => {
      const [from, to] = [Math.min(a, b), Math.max(a, b)]
      const r = await resolveSelector(log(size), { range: { from, to } })
      expect(r).toEqual({ from: Math.min(from, size), to: Math.min(to, size) })
      expect(r.from).toBeLessThanOrEqual(r.to)
    }))
    expect(await rejection(resolveSelector(log(5), { range: { from: 4, to: 2 } }))).toBeInstanceOf(InvalidArgumentError)
  })

  it('the last n records are all of them when there are fewer; n must be at least 1', async () => {
    expect(await resolveSelector(log(5), { last: 2 })).toEqual({ from: 3, to: 5 })
    expect(await resolveSelector(log(5), { last: 9 })).toEqual({ from: 0, to: 5 })
    expect(await rejection(resolveSelector(log(5), { last: 0 }))).toBeInstanceOf(InvalidArgumentError)
  })

  it('one record by number, time or hash, or RecordNotFoundError naming what is missing', async () => {
    expect(await resolveSelector(log(5), { seqno: 4 })).toEqual({ from: 4, to: 5 })
    expect(await resolveSelector(log(5), { atUs: 21 })).toEqual({ from: 3, to: 4 })
    expect(await resolveSelector(log(5), { hash: new Uint8Array(32).fill(2) })).toEqual({ from: 2, to: 3 })
    const missing = [await rejection(resolveSelector(log(5), { seqno: 5 })), await rejection(resolveSelector(log(5), { atUs: 41 })), await rejection(resolveSelector(log(5), { hash: new Uint8Array(32).fill(9) }))]
    for (const err of missing) expect(err).toBeInstanceOf(RecordNotFoundError)
    expect(missing[0]!.message).toMatch(/has 5 records; there is no record 5/)
  })

  it('a hash of other than 32 bytes is an InvalidArgumentError saying so', async () => {
    for (const length of [0, 31, 33, 1 << 20]) {
      const err = await rejection(resolveSelector(log(5), { hash: new Uint8Array(length) }))
      expect(err).toBeInstanceOf(InvalidArgumentError)
      expect(err.message).toBe(`a read by hash names a record hash of 32 bytes, not ${length}`)
    }
  })
})

import { describe, expect, it } from 'vitest'
import { describeSeqRanges } from '../../src/capsule/seq-range.js'

describe('describeSeqRanges', () => {
  it('says one record alone by its number, a longer range as first..last, in the order given', () => {
    expect(describeSeqRanges([{ from: 3, to: 4 }, { from: 5, to: 10 }, { from: 0, to: 2 }])).toBe('3, 5..9, 0..1')
    expect(describeSeqRanges([])).toBe('')
  })
})

// A log line per kind at most once an interval (src/log-limit.ts), with the
// count of the ones held back.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { LimitedLog } from '../src/log-limit.js'

afterEach(() => { vi.useRealTimers() })

describe('LimitedLog', () => {
  it('writes a kind once an interval, then says how many more there were; kinds apart', () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const written: string[] = []
    const log = new LimitedLog(60_000)
    const note = (kind: string): void => { log.note(kind, (more) => { written.push(`${kind}${more}`) }) }
    note('a'); note('a'); note('b'); note('a')
    expect(written).toEqual(['a', 'b'])
    vi.advanceTimersByTime(59_999)
    note('a')
    expect(written).toEqual(['a', 'b'])
    vi.advanceTimersByTime(1)
    note('a'); note('b')
    expect(written).toEqual(['a', 'b', 'a (and 3 more of this kind since it was last logged)', 'b'])
  })
})

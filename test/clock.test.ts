// The node's clock follows a step of the wall clock (NTP setting it after
// the node started, a resume from suspend): it was fixed at the start, and a
// server started an hour behind refused valid certificates until restarted.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { wallClockUs } from '../src/clock.js'

afterEach(() => { vi.restoreAllMocks() })

describe('the node clock', () => {
  it('follows the wall clock when it steps, forward and back, and counts in fractions of a millisecond between steps', () => {
    const real = Date.now
    const near = (us: number, ms: number): void => { expect(Math.abs(us / 1000 - ms)).toBeLessThan(50) }
    near(wallClockUs(), real())
    const HOUR = 3_600_000
    vi.spyOn(Date, 'now').mockImplementation(() => real() + HOUR)
    near(wallClockUs(), real() + HOUR)
    vi.spyOn(Date, 'now').mockImplementation(() => real() - HOUR)
    near(wallClockUs(), real() - HOUR)
    vi.restoreAllMocks()
    near(wallClockUs(), real())
    // Between steps, from the monotonic timer: not in whole milliseconds only.
    const samples = Array.from({ length: 50 }, () => wallClockUs())
    expect(samples.some((us) => us % 1000 !== 0)).toBe(true)
    for (let i = 1; i < samples.length; i++) expect(samples[i]).toBeGreaterThanOrEqual(samples[i - 1]!)
  })
})

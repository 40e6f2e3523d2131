// When a client of the gateway counts as stuck (src/gateway/stuck-clients.ts), at the default window and at one an
// operator sets (stuckClientMs, stuckClientMostMs): counted in looks, four to the window.
import { describe, expect, it } from 'vitest'
import { InvalidArgumentError } from '../../src/errors.js'
import { httpGateway } from '../../src/gateway/gateway.js'
import { DEFAULT_STUCK_WINDOW, isStuck, Looks, STUCK_LOOKS, took, type LookedAt, type StuckWindow } from '../../src/gateway/stuck-clients.js'
import { TOKEN } from './harness.js'

const KiB = 1024

const client = (): LookedAt => ({ moved: false, movedBytes: 0, quietLooks: 0, allowedLooks: STUCK_LOOKS })

/** The looks in a row a client that took nothing more is allowed after its socket took `bytes` at once, under `window`. */
function looksAllowedAfter (bytes: number, window?: StuckWindow): number {
  const looks = new Looks(() => {}, window)
  const c = client()
  took(c, bytes)
  looks.count(c, true)
  let quiet = 0
  while (!isStuck(c)) {
    looks.count(c, true)
    quiet++
  }
  return quiet
}

describe('a stuck client', () => {
  it('is one that took nothing for the window (2 s: four looks of 500 ms), or the time 128 KiB/s needs to read what its socket took, up to the longest (12 s)', () => {
    expect(DEFAULT_STUCK_WINDOW).toEqual({ stuckMs: 2000, mostMs: 12_000 })
    expect(looksAllowedAfter(0)).toBe(4)
    // 256 KiB: what 128 KiB/s reads in the 2 s window, and a byte past it.
    expect(looksAllowedAfter(256 * KiB)).toBe(4)
    expect(looksAllowedAfter(256 * KiB + 1)).toBe(5)
    // 1.5 MiB: 12 s at that pace, the longest; past it, still the longest.
    expect(looksAllowedAfter(1536 * KiB)).toBe(24)
    expect(looksAllowedAfter(1536 * KiB + 1)).toBe(24)
    expect(looksAllowedAfter(64 * 1024 * KiB)).toBe(24)
  })

  it('under a window an operator sets, is counted alike: four looks to the window, the same pace, up to its longest', () => {
    // Looks of 250 ms: 128 KiB/s reads 32 KiB in each.
    const window = { stuckMs: 1000, mostMs: 5000 }
    expect(looksAllowedAfter(0, window)).toBe(4)
    expect(looksAllowedAfter(128 * KiB, window)).toBe(4)
    expect(looksAllowedAfter(128 * KiB + 1, window)).toBe(5)
    expect(looksAllowedAfter(640 * KiB, window)).toBe(20)
    expect(looksAllowedAfter(640 * KiB + 1, window)).toBe(20)
  })

  it('a window that is not 0 < stuckClientMs <= stuckClientMostMs is refused when the gateway is made, told why', () => {
    const make = (stuckClientMs: number, stuckClientMostMs: number): unknown => httpGateway({ port: 0, token: TOKEN, stuckClientMs, stuckClientMostMs })({ client: {} as never })
    for (const [stuck, most] of [[0, 12_000], [-1, 12_000], [2000, 1999], [Number.NaN, 12_000]] as const) {
      expect(() => make(stuck, most)).toThrow(InvalidArgumentError)
    }
    expect(() => make(3000, 2000)).toThrow(/needs 0 < stuckClientMs <= stuckClientMostMs, not 3000 and 2000/)
    expect(make(2000, 2000)).toBeDefined()
  })
})

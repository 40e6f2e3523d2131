import { describe, expect, it } from 'vitest'
import { AdaptiveController } from '../../src/migration/controller.js'

/** Per-mode CPU µs per byte and ratio, roughly as measured on the face-like mix. */
const PROFILE: Record<string, [number, number]> = {
  raw: [0, 1],
  'zstd-1': [0.0025, 0.48],
  'zstd-3': [0.004, 0.44],
  'zstd-9': [0.016, 0.425],
  'zstd-19': [0.3, 0.406]
}

/** Feeds a controller a transfer over a link of `linkBytesPerSecond`, `busy` telling whether entries queued on the window. */
function drive (linkBytesPerSecond: number, busy: boolean, seconds = 6): AdaptiveController {
  const c = new AdaptiveController({ workers: 2 })
  for (const [mode, [cpu, ratio]] of Object.entries(PROFILE)) c.observeCompression(mode, 1 << 20, (1 << 20) * ratio, (1 << 20) * cpu)
  c.observeHash(1 << 20, 1000)
  c.observeKept(1 << 20, 0.28 * (1 << 20))
  c.linkBusy(0, busy)
  for (let t = 100; t <= seconds * 1000; t += 100) {
    c.observeAck(t, linkBytesPerSecond / 10)
    if (t % 1000 === 0) c.decide(t)
  }
  return c
}

describe('adaptive mode controller', () => {
  it('compresses hard on a slow link that limits the transfer', () => {
    const c = drive(625_000, true) // 5 Mbit/s
    expect(c.current).toBe('zstd-19')
    expect(c.decisions.at(-1)!.linkLimited).toBe(true)
    expect(c.decisions.some((d) => d.previous === 'zstd-3' && d.mode === 'zstd-19' && /link-bound/.test(d.reason))).toBe(true)
  })

  it('moves to cheaper modes when the CPU, not the link, sets the pace', () => {
    // A gigabit link that never filled: the link estimate climbs and the CPU cost decides.
    const c = drive(125_000_000, false)
    expect(['raw', 'zstd-1']).toContain(c.current)
    expect(c.decisions.at(-1)!.linkLimited).toBe(false)
  })

  it('decides nothing before it has measured the link', () => {
    const c = new AdaptiveController({ workers: 2 })
    c.observeKept(1 << 20, 1 << 18)
    expect(c.decide(1000)).toBeUndefined()
    expect(c.current).toBe('zstd-3')
  })
})

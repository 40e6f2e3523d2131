// Commands over many capsules (a drain, delegating a server's capsules) meet
// the servers' create rates: they wait as the server says, up to a deadline.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RateGate, retryingRateLimits } from '../../src/client/placement.js'
import { RequestRefusedError } from '../../src/errors.js'
import { rejection } from '../helpers.js'

const rate = (ms?: number): RequestRefusedError => new RequestRefusedError('QUOTA_EXCEEDED', 'create_rate', undefined, undefined, ms)

describe('waiting out servers\' rate limits', () => {
  it('tries again after each wait the server names, and returns what the attempt gives', async () => {
    let calls = 0
    const started = performance.now()
    const result = await retryingRateLimits(async () => { if (++calls < 3) throw rate(30); return 'taken' }, performance.now() + 5000)
    expect(result).toBe('taken')
    expect(calls).toBe(3)
    expect(performance.now() - started).toBeGreaterThanOrEqual(60)
  })

  it('workers sharing a gate wait for a refusal any of them met before their next attempt', async () => {
    const gate = new RateGate()
    let refusedAt = 0
    const first = retryingRateLimits(async () => { if (refusedAt === 0) { refusedAt = performance.now(); throw rate(200) } return 'first' }, performance.now() + 5000, gate)
    await new Promise((resolve) => setTimeout(resolve, 20))
    // A second worker starts after the refusal: it waits the same 200 ms before its first attempt.
    let startedAt = 0
    const second = await retryingRateLimits(async () => { startedAt = performance.now(); return 'second' }, performance.now() + 5000, gate)
    expect(second).toBe('second')
    expect(startedAt - refusedAt).toBeGreaterThanOrEqual(199)
    expect(await first).toBe('first')
  })

  it('gives up with the refusal when the wait would pass the deadline, when the server names no wait, and on any other error', async () => {
    expect((await rejection(retryingRateLimits(async () => { throw rate(60_000) }, performance.now() + 1000))).message).toMatch(/QUOTA_EXCEEDED/)
    let calls = 0
    expect(await rejection(retryingRateLimits(async () => { calls++; throw rate() }, performance.now() + 60_000))).toBeInstanceOf(RequestRefusedError)
    expect(calls).toBe(1)
    const other = new RequestRefusedError('CONGESTION', 'busy')
    expect(await rejection(retryingRateLimits(async () => { throw other }, performance.now() + 60_000))).toBe(other)
    // A deadline already passed: the first refusal is final.
    expect(await rejection(retryingRateLimits(async () => { throw rate(1) }, performance.now() - 1))).toBeInstanceOf(RequestRefusedError)
  })
})

// Fake timers on Date alone step the wall clock and leave performance.now and the real timers alone.
describe('waiting out servers\' rate limits across a step of the wall clock', () => {
  afterEach(() => { vi.useRealTimers() })
  const stepWallClock = (ms: number): void => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + ms)
  }

  // Timed on the wall clock, a gate held for 50 ms held its workers for the hour the clock went back.
  it('lets workers pass once the wait asked for ran, though the clock went back an hour meanwhile', async () => {
    const gate = new RateGate()
    gate.hold(50)
    stepWallClock(-3_600_000)
    await gate.pass()
  }, 5000)

  // Timed on the wall clock, the first refusal after the clock went ahead was final: the deadline had passed.
  it('tries again after a refusal that follows a step of the clock ahead past the deadline', async () => {
    let calls = 0
    const result = await retryingRateLimits(async () => {
      if (++calls === 1) { stepWallClock(3_600_000); throw rate(30) }
      return 'taken'
    }, performance.now() + 60_000)
    expect(result).toBe('taken')
  })
})

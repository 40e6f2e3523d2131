// Commands over many capsules (a drain, delegating a server's capsules) meet
// the servers' create rates: they wait as the server says, up to a deadline.
import { describe, expect, it } from 'vitest'
import { RateGate, retryingRateLimits } from '../../src/client/placement.js'
import { RequestRefusedError } from '../../src/errors.js'
import { rejection } from '../helpers.js'

const rate = (ms?: number): RequestRefusedError => new RequestRefusedError('QUOTA_EXCEEDED', 'create_rate', undefined, undefined, ms)

describe('waiting out servers\' rate limits', () => {
  it('tries again after each wait the server names, and returns what the attempt gives', async () => {
    let calls = 0
    const started = Date.now()
    const result = await retryingRateLimits(async () => { if (++calls < 3) throw rate(30); return 'taken' }, Date.now() + 5000)
    expect(result).toBe('taken')
    expect(calls).toBe(3)
    expect(Date.now() - started).toBeGreaterThanOrEqual(60)
  })

  it('workers sharing a gate wait for a refusal any of them met before their next attempt', async () => {
    const gate = new RateGate()
    let refusedAt = 0
    const first = retryingRateLimits(async () => { if (refusedAt === 0) { refusedAt = Date.now(); throw rate(200) } return 'first' }, Date.now() + 5000, gate)
    await new Promise((resolve) => setTimeout(resolve, 20))
    // A second worker starts after the refusal: it waits the same 200 ms before its first attempt.
    let startedAt = 0
    const second = await retryingRateLimits(async () => { startedAt = Date.now(); return 'second' }, Date.now() + 5000, gate)
    expect(second).toBe('second')
    expect(startedAt - refusedAt).toBeGreaterThanOrEqual(199)
    expect(await first).toBe('first')
  })

  it('gives up with the refusal when the wait would pass the deadline, when the server names no wait, and on any other error', async () => {
    expect((await rejection(retryingRateLimits(async () => { throw rate(60_000) }, Date.now() + 1000))).message).toMatch(/QUOTA_EXCEEDED/)
    let calls = 0
    expect(await rejection(retryingRateLimits(async () => { calls++; throw rate() }, Date.now() + 60_000))).toBeInstanceOf(RequestRefusedError)
    expect(calls).toBe(1)
    const other = new RequestRefusedError('CONGESTION', 'busy')
    expect(await rejection(retryingRateLimits(async () => { throw other }, Date.now() + 60_000))).toBe(other)
    // A deadline already passed: the first refusal is final.
    expect(await rejection(retryingRateLimits(async () => { throw rate(1) }, Date.now() - 1))).toBeInstanceOf(RequestRefusedError)
  })
})

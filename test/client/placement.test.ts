// Commands over many capsules (a drain, delegating a server's capsules) meet
// the servers' create rates: they wait as the server says, up to a deadline.
import { describe, expect, it } from 'vitest'
import { retryingRateLimits } from '../../src/client/placement.js'
import { RequestRefusedError } from '../../src/errors.js'
import { rejection } from '../helpers.js'

const rate = (ms?: number): RequestRefusedError => new RequestRefusedError('QUOTA_EXCEEDED', 'create_rate', undefined, undefined, ms)

describe('waiting out servers\' rate limits', () => {
  it('tries again after each wait the server names, and returns what the attempt gives', async () => {
    let calls = 0
    const waits: number[] = []
    const started = Date.now()
    const result = await retryingRateLimits(async () => { if (++calls < 3) throw rate(30); return 'taken' }, Date.now() + 5000, (ms) => waits.push(ms))
    expect(result).toBe('taken')
    expect(waits).toEqual([30, 30])
    expect(Date.now() - started).toBeGreaterThanOrEqual(60)
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

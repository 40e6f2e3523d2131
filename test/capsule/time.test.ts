// Times as text: the one ISO 8601 reader of the command line and the
// gateway, and the command line's @unix-seconds. Date.parse, which both
// used, took '1' as 2001, 'hello 2026' and 'Dec 1' as times, rolled
// 2026-02-31 over to March and cut a record's printed time to the
// millisecond (so --at that time could name an earlier record).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatTime, parseIsoTimeUs } from '../../src/capsule/time.js'
import { parseTime } from '../../src/cli/format.js'
import { parseTimeUs } from '../../src/gateway/encoding.js'


describe('times as text', () => {
  it('a time the command line prints reads back to the same microsecond', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (us) => {
      expect(parseTime(formatTime(us))).toBe(us)
      expect(parseTimeUs(formatTime(us), 'at')).toBe(us)
    }), { numRuns: 2000 })
  })

  it('dates, zones, fractions and @unix-seconds', () => {
    expect(parseIsoTimeUs('2026-01-31')).toBe(Date.UTC(2026, 0, 31) * 1000)
    expect(parseIsoTimeUs('2026-01-31T12:00Z')).toBe(Date.UTC(2026, 0, 31, 12) * 1000)
    expect(parseIsoTimeUs('2026-01-31T12:00:00.5Z')).toBe(Date.UTC(2026, 0, 31, 12) * 1000 + 500_000)
    expect(parseIsoTimeUs('2026-01-31T12:00:00.123456789Z')).toBe(Date.UTC(2026, 0, 31, 12) * 1000 + 123_456)
    expect(parseIsoTimeUs('2026-01-31T14:30:00+02:30')).toBe(Date.UTC(2026, 0, 31, 12) * 1000)
    expect(parseIsoTimeUs('2026-01-31T10:00:00-02:00')).toBe(Date.UTC(2026, 0, 31, 12) * 1000)
    expect(parseIsoTimeUs('2024-02-29')).toBe(Date.UTC(2024, 1, 29) * 1000)
    expect(parseIsoTimeUs('1970-01-01T00:00:00Z')).toBe(0)
    expect(parseTime('@0')).toBe(0)
    expect(parseTime('@1700000000.25')).toBe(1_700_000_000_250_000)
    expect(parseTime('@1700000000.0000019')).toBe(1_700_000_000_000_001)
    expect(parseTimeUs('1700000000000000', 'at')).toBe(1_700_000_000_000_000)
  })

  it('refuses what is not a time, or no time that exists, or one out of range, saying which', () => {
    for (const text of ['1', '0', '2026', 'Dec 1', 'hello 2026', '2026-1-5', '2026-01-31T12:00.5Z', '2026-01-31 12:00', '2026-01-31T12:00:00z', ' 2026-01-31', '2026-01-31\n', '+002026-01-01', '']) {
      expect(parseIsoTimeUs(text), text).toBeUndefined()
      expect(() => parseTime(text), text).toThrow(/^not a time: /)
      // The gateway reads digits alone as microseconds.
      if (!/^\d+$/.test(text)) expect(() => parseTimeUs(text, 'at'), text).toThrow(/^at: .* is neither microseconds since the epoch nor an ISO 8601 time/s)
    }
    const problems: Array<[string, RegExp]> = [
      ['2026-02-31', /names a day or a time of day that does not exist/], ['2025-02-29', /names a day .* does not exist/], ['2026-13-01', /names a day .* does not exist/],
      ['2026-01-31T24:00:00Z', /names a day .* does not exist/], ['2026-01-31T12:60Z', /names a day .* does not exist/], ['2026-01-31T12:00:60Z', /names a day .* does not exist/],
      ['2026-01-31T12:00:00+24:00', /has a zone offset that does not exist/],
      ['1969-12-31T23:59:59Z', /is before 1970/], ['0050-01-01', /is before 1970/], ['1970-01-01T00:30+01:00', /is before 1970/],
      ['9999-12-31T23:59:59Z', /is past June 2255, the latest time a capsule stamps/]
    ]
    for (const [text, problem] of problems) {
      expect(parseIsoTimeUs(text), text).toBeUndefined()
      expect(() => parseTime(text), text).toThrow(new RegExp(`^the time '${text.replaceAll('+', '\\+')}' ${problem.source}`))
      expect(() => parseTimeUs(text, 'at'), text).toThrow(new RegExp(`^at: '${text.replaceAll('+', '\\+')}' ${problem.source}`))
    }
    for (const text of ['@-5', '@1e3', '@', '@1.', '@1.1234567891']) expect(() => parseTime(text), text).toThrow(/^not a time: /)
    expect(() => parseTime('@99999999999999999999')).toThrow(/is past June 2255/)
    expect(() => parseTimeUs('99999999999999999999', 'at')).toThrow(/is past June 2255/)
  })

  it('any text is a time or refused, never an exception of another kind', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9T:.Z+-@]{0,30}$/)), (text) => {
      const us = parseIsoTimeUs(text)
      if (us !== undefined) expect(Number.isSafeInteger(us) && us >= 0).toBe(true)
      try { expect(Number.isSafeInteger(parseTime(text))).toBe(true) } catch (err) { expect((err as Error).name).toBe('InvalidArgumentError') }
    }), { numRuns: 3000 })
  })
})

import { formatName } from '../../src/capsule/name.js'
// The writer journal's entry (src/client/journal-entry.ts) is read back from a
// disk or a page's storage that may have damaged it: any bytes either decode
// to the batch as it was signed (records chained, payloads matching their
// hashes, the last one the heartbeat's) or are refused with an Error saying
// why, never another exception; and what decodes from a damaged entry is
// never a different batch but for the heartbeat's signed fields, which the
// writer checks against the capsule's key (client.ts, writer()).
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { decodeJournalEntry, encodeJournalEntry } from '../../src/client/journal-entry.js'
import { equalBytes } from '../../src/crypto/hash.js'
import { testCapsule } from '../helpers.js'

const t = testCapsule()
const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
writer.append([Buffer.from('first')], 1_700_000_000_000_000)
const batch = writer.append([Buffer.from('second record'), Buffer.from(''), Buffer.from('fourth')], 1_700_000_000_000_001)
const valid = encodeJournalEntry({ capsule: t.name, records: batch.records, heartbeat: batch.heartbeat })

/** Decodes, and holds that whatever fails is an Error with a message (never a TypeError or RangeError from deeper down). */
function decodedOrRefused (bytes: Uint8Array): ReturnType<typeof decodeJournalEntry> | undefined {
  try {
    return decodeJournalEntry(bytes, t.name)
  } catch (err) {
    expect(err).toBeInstanceOf(Error)
    expect(['TypeError', 'RangeError', 'ReferenceError']).not.toContain((err as Error).name)
    expect((err as Error).message).not.toBe('')
    return undefined
  }
}

describe('decodeJournalEntry', () => {
  it('decodes what encodeJournalEntry wrote', () => {
    const decoded = decodeJournalEntry(valid, t.name)
    expect(decoded.records.map((r) => r.hash)).toEqual(batch.records.map((r) => r.hash))
    expect(decoded.heartbeat.heartbeat.size).toBe(4)
  })

  it('refuses random bytes with an Error saying why', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => { expect(decodedOrRefused(bytes)).toBeUndefined() }), { numRuns: 500 })
  })

  // It was refused as "its records and heartbeat do not belong together", sending the writer to look for damage.
  it('refuses an entry of another capsule, naming both', () => {
    expect(() => decodeJournalEntry(valid, new Uint8Array(32).fill(1))).toThrow(`it is the entry of capsule ${formatName(t.name)}, not of ${formatName(new Uint8Array(32).fill(1))} (copied or renamed?)`)
  })

  it('a byte changed anywhere, or the entry cut short, is refused or decodes to the records as signed', () => {
    const check = (bytes: Uint8Array): void => {
      const decoded = decodedOrRefused(bytes)
      if (decoded === undefined) return
      expect(decoded.records.length).toBe(batch.records.length)
      for (const [i, r] of decoded.records.entries()) {
        expect(equalBytes(r.hash, batch.records[i]!.hash)).toBe(true)
        expect(equalBytes(r.payload, batch.records[i]!.payload)).toBe(true)
      }
      expect(decoded.heartbeat.heartbeat.size).toBe(batch.heartbeat.heartbeat.size)
      expect(equalBytes(decoded.heartbeat.heartbeat.lastRecordHash, batch.heartbeat.heartbeat.lastRecordHash)).toBe(true)
    }
    fc.assert(fc.property(fc.nat(valid.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const bytes = valid.slice()
      bytes[at]! ^= xor
      check(bytes)
    }), { numRuns: 1000 })
    for (let length = 0; length < valid.length; length++) check(valid.subarray(0, length))
  })
})

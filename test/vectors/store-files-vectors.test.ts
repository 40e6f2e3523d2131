// The vectors of docs/vectors/store-files-v1.json: evidence files and
// writer journal entries made by the code, each with what the code does
// with it (the Python reader of test/vectors/independent/gdpcheck.py is
// held to the same, by independent-vectors.test.ts).
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { committedVectors } from './committed.js'
import { generateStoreFileVectors } from './generate-store-files.js'

const file = join(import.meta.dirname, '../../docs/vectors/store-files-v1.json')

describe('store file vectors', async () => {
  const v = committedVectors(file, await generateStoreFileVectors())

  it('hold every outcome a reader must tell apart', () => {
    const outcomes = v.evidence.files.map((f: { expect: Record<string, unknown> }) =>
      'refused' in f.expect ? 'refused' : f.expect.damagedMagicLine === true ? 'magic' : (f.expect.damagedBytes as unknown[]).length > 0 ? 'damaged' : 'kept')
    expect(new Set(outcomes)).toEqual(new Set(['refused', 'magic', 'damaged', 'kept']))
    const refusals = v.journal.entries.map((e: { expect: { refused?: string } }) => e.expect.refused ?? 'accepted')
    expect(new Set(refusals)).toEqual(new Set(['accepted', 'FileAccessError', 'InvalidSignatureError']))
  })
})

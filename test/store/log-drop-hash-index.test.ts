// LevelDB drops the batches of a damaged stretch of its log at open. Where a
// capsule's records survived (a later batch rewrote their chunk) but its hash
// index lost rows while the row counting what it covers stayed, reads by hash
// answered "no record" for good: the hash index is dropped at such an open
// too, as the key-value indexes are, and built again from the records.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { hashIndexedStore, notFoundByHash, openEachLogFlip } from './damage-helper.js'

describe('a store whose LevelDB dropped part of its log', () => {
  it('finds every record it holds by its hash: the hash index is built again', async () => {
    const own = tempDir('gdp-hash-index-log-damage-')
    try {
      const pristine = join(own.path, 'pristine')
      const { t, hashes } = await hashIndexedStore(pristine)
      const opened = await openEachLogFlip(pristine, own.path, 0.05, 0.06, {
        check: async (damaged, at) => {
          const missing = await notFoundByHash(damaged, t.name, hashes)
          if (missing === undefined) return false
          expect(missing, `byte flipped at ${at.toFixed(2)} of the log`).toEqual([])
          return true
        }
      })
      expect(opened).toBeGreaterThan(0)
    } finally {
      own.cleanup()
    }
  }, 60_000)
})

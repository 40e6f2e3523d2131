// A store whose LevelDB dropped part of its log drops its derived indexes as
// it opens (the key-value and hash indexes, rebuilt from the records). A
// block LevelDB cannot read among those rows threw from that scan, and the
// store did not open: a node with both kinds of damage did not start.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { payload, fillCapsule, tempDir } from '../helpers.js'
import { flipByte, hashIndexedStore, newestLog, flipByteAt } from './damage-helper.js'

describe('a store whose log lost a stretch and whose hash index rows hold a damaged block', () => {
  it('opens, drops what it can read of the derived indexes, and says the block it passed over', async () => {
    const dir = tempDir('gdp-drop-block-')
    try {
      const path = join(dir.path, 'store')
      const { t } = await hashIndexedStore(path)
      // Written into the log; the open before it rewrote the first one, hash index rows and all, into a table.
      await fillCapsule(path, 400, (i) => payload(`later ${i}`), { batch: 4 })
      const key = Buffer.concat([Buffer.from('X'), t.name])
      const table = readdirSync(path).filter((f) => f.endsWith('.ldb')).find((f) => readFileSync(join(path, f)).includes(key))
      expect(table).toBeDefined()
      flipByte(join(path, table!), readFileSync(join(path, table!)).indexOf(key) + 40, 0x10)
      flipByteAt(newestLog(path), 0.5)
      const store = await CapsuleStore.open({ path })
      try {
        expect(store.damageAtOpen).toEqual([expect.stringMatching(/^LevelDB dropped part of its log /)])
        expect(store.damagedBlocks).toEqual([expect.stringMatching(new RegExp(`^dropping the derived indexes passed over a block LevelDB cannot read, and the rows in it: .*Corruption: block checksum mismatch \\(table ${table!}; `))])
      } finally {
        await store.close()
      }
    } finally {
      dir.cleanup()
    }
  }, 60_000)
})

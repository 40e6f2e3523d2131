// A damaged table met by one of LevelDB's compactions (which merge tables in
// the background, and on a capsule's deletion): LevelDB read a compaction's
// input unchecked whatever the reads asked for. A flipped byte then either
// aborted the process inside LevelDB (a key out of order fails an assertion
// as the new table is written: SIGABRT, again at every start, found by
// attacking the disk) or went into the new table, whose checksums hold: the
// damage laundered, read back as other values with no error.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { ClassicLevel } from 'classic-level'
import { afterEach, describe, expect, it } from 'vitest'
import { StoreWriteError } from '../../src/errors.js'
import { Evidence } from '../../src/store/evidence.js'
import { StoreDb } from '../../src/store/level-db.js'
import { WriteQueue } from '../../src/store/write-queue.js'
import { tempDir } from '../helpers.js'
import { flipByteAt, levelFiles } from './damage-helper.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

const key = (i: number): Uint8Array => Buffer.from(`row-${String(i).padStart(8, '0')}`)

/** A LevelDB of two tables whose keys interleave (a compaction merges them), each 2,000 rows of 200 random bytes. */
async function twoTables (): Promise<string> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  for (const parity of [0, 1]) {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dir.path, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.batch(Array.from({ length: 2000 }, (_, i) => ({ type: 'put' as const, key: key(2 * i + parity), value: new Uint8Array(randomBytes(200)) })))
    await db.close()
    // Opened again, LevelDB writes its log out as a table.
    const reopened = new ClassicLevel(dir.path)
    await reopened.open()
    await reopened.close()
  }
  return dir.path
}

describe('a compaction meeting a damaged table', () => {
  it('fails with LevelDB\'s corruption error (writes are refused from then on), the process alive and the damage still found by reads, wherever in a data block the byte flips', async () => {
    for (const fraction of [0.1, 0.3, 0.5, 0.7]) {
      const path = await twoTables()
      const tables = levelFiles(path, '.ldb')
      expect(tables.length).toBeGreaterThanOrEqual(2)
      flipByteAt(join(path, tables[0]!), fraction, 0x01)
      const child = spawnSync(process.execPath, [join(import.meta.dirname, 'children/compact.mjs'), path], { encoding: 'utf8', timeout: 30_000 })
      expect({ fraction, signal: child.signal, status: child.status }).toEqual({ fraction, signal: null, status: 0 })
      expect(child.stdout).toMatch(/^refused: .*Corruption/)
      // Not laundered into a new table: a read of every row still meets the damage.
      const db = new ClassicLevel<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
      const read = await (async () => { for await (const _ of db.iterator()) { /* every row */ } })().then(() => 'read whole', (err: Error) => err.message)
      await db.close()
      expect(read).toMatch(/Corruption/)
    }
  }, 120_000)

  it('the store\'s writes LevelDB refuses after it: a StoreWriteError naming a store repair as the way out (LevelDB\'s words alone named none), which the command line then names with its data folder', async () => {
    const path = await twoTables()
    flipByteAt(join(path, levelFiles(path, '.ldb')[0]!), 0.3, 0x01)
    const evidence = tempDir()
    cleanups.push(evidence.cleanup)
    const db = await StoreDb.open(path)
    const writes = new WriteQueue(db, false, Evidence.open(evidence.path, false))
    try {
      // No read met the damage first (the store would then start no compaction): one of LevelDB's own reaches it.
      await db.compactRange(new Uint8Array([0]), new Uint8Array(64).fill(0xff))
      const refused = await writes.write([{ type: 'put', key: new Uint8Array([1]), value: new Uint8Array([1]) }]).then(() => undefined, (err: unknown) => err)
      // Not a StoreCorruptionError: that one says the capsule written is damaged, and has it mended from another replica.
      expect(refused).toBeInstanceOf(StoreWriteError)
      expect((refused as Error).message).toMatch(/Corruption: .*stop the node and run a store repair/)
      // The command line says the command, with the data folder it runs on: said bare here, it ran on ./data.
      expect((refused as StoreWriteError).needsStoreRepair).toBe(true)
    } finally {
      await writes.close()
      await db.close()
    }
  })
})

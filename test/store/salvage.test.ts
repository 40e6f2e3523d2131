// gdp store repair's salvage (src/store/salvage.ts) of stores LevelDB cannot
// read whole: a lost CURRENT file, a table with a damaged block.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { StoreCorruptionError, StoreInUseError } from '../../src/errors.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { salvageStore, type SalvagedCapsule } from '../../src/store/salvage.js'
import { fillCapsule, payload, tempDir, type TestCapsule } from '../helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

/** A store of one capsule of `records` records of 1,000 random bytes (they do not compress) and 3 key-value index rows. */
async function filled (records: number): Promise<{ path: string, t: TestCapsule }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const { t } = await fillCapsule(dir.path, records, () => crypto.getRandomValues(new Uint8Array(1000)))
  const store = await CapsuleStore.open({ path: dir.path })
  await store.kvIndexRows(t.name).write([1, 2, 3].map((i) => ({ type: 'put', key: Uint8Array.of(i), value: payload(`row ${i}`) })))
  await store.close()
  // Opening again writes the log into a table file.
  await (await CapsuleStore.open({ path: dir.path })).close()
  return { path: dir.path, t }
}

async function salvage (path: string): Promise<SalvagedCapsule[]> {
  const out: SalvagedCapsule[] = []
  await salvageStore(path, (c) => { out.push(c) })
  return out
}

describe('salvage of a store LevelDB cannot read whole', () => {
  it('a store that lost its CURRENT file: rebuilt from its tables, every record kept, the derived index rows dropped', async () => {
    const { path, t } = await filled(40)
    rmSync(join(path, 'CURRENT'))
    await expect(CapsuleStore.open({ path })).rejects.toThrow(/has lost its CURRENT file/)
    const [report] = await salvage(path)
    expect(report).toMatchObject({ size: 40, records: [], indexRows: 3, fault: undefined })
    const store = await CapsuleStore.open({ path })
    try {
      expect((await (await store.capsule(t.name)).verifyAll()).records).toBe(40)
      for await (const row of store.kvIndexRows(t.name).iterator()) expect.unreachable(`index row ${String(row[0])} kept`)
    } finally {
      await store.close()
    }
  })

  it('a table with a damaged block: what LevelDB can read is kept, the records lost are listed, and the store reads without error', async () => {
    const { path, t } = await filled(200)
    const table = readdirSync(path).filter((f) => f.endsWith('.ldb')).map((f) => join(path, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!
    const bytes = readFileSync(table)
    bytes[Math.floor(bytes.length / 3)]! ^= 0x04
    writeFileSync(table, bytes)
    const before = await CapsuleStore.open({ path })
    await expect((await before.capsule(t.name)).verifyAll()).rejects.toThrow(StoreCorruptionError)
    await before.close()
    const [report] = await salvage(path)
    expect(report!.size).toBe(200)
    // A block of record chunks went: those records are listed to mend from a replica (or the capsule's fault named).
    expect(report!.records.length > 0 || report!.fault !== undefined).toBe(true)
    const store = await CapsuleStore.open({ path })
    try {
      const damage = await store.damage(t.name)
      expect(damage.records).toEqual(report!.records)
    } finally {
      await store.close()
    }
  })

  it('refuses a store in use, before touching it', async () => {
    const { path } = await filled(10)
    const store = await CapsuleStore.open({ path })
    try {
      await expect(salvage(path)).rejects.toThrow(StoreInUseError)
    } finally {
      await store.close()
    }
  })
})

// gdp store repair's salvage (src/store/salvage.ts) of stores LevelDB cannot
// read whole: a lost CURRENT file, a table with a damaged block, a lost metadata row.
import { renameSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { StoreCorruptionError, StoreInUseError, StoreRegressionError } from '../../src/errors.js'
import { exportCapsule, importCapsule } from '../../src/store/archive.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { EVIDENCE_FILE } from '../../src/store/evidence.js'
import { metadataKey } from '../../src/store/layout.js'
import { StoreDb } from '../../src/store/level-db.js'
import { salvageStore, type SalvagedCapsule } from '../../src/store/salvage.js'
import { fillCapsule, payload, tempDir, testCapsule, type TestCapsule } from '../helpers.js'
import { flipByte, flipByteAt, levelFiles } from './damage-helper.js'

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
    const table = levelFiles(path, '.ldb').map((f) => join(path, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0]!
    flipByteAt(table, 1 / 3, 0x04)
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

  it('a table with a damaged block of the hash index: the index is dropped and rebuilt, so every record is still found by its hash (it answered "no record with hash" for those the block held)', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const { t, written } = await fillCapsule(dir.path, 2000, (i) => payload(`record ${i}`), { batch: 100 })
    let store = await CapsuleStore.open({ path: dir.path })
    // A read by hash builds the capsule's hash index (a row per record).
    expect((await (await store.capsule(t.name)).findByHash(written[1000]!.hash))?.header.seqno).toBe(1000)
    await store.close()
    await (await CapsuleStore.open({ path: dir.path })).close()
    // The index's rows went to a table of their own (the reopen wrote the log holding them into it): a byte flipped in
    // one of its data blocks (its first block holds the row saying how many records the index covers, kept).
    const tables = levelFiles(dir.path, '.ldb')
    expect(tables.length).toBe(2)
    flipByteAt(join(dir.path, tables.at(-1)!), 0.6, 0x10)
    const [report] = await salvage(dir.path)
    expect(report).toMatchObject({ size: 2000, records: [], fault: undefined })
    store = await CapsuleStore.open({ path: dir.path })
    try {
      const capsule = await store.capsule(t.name)
      const lost: number[] = []
      for (const record of written) if ((await capsule.findByHash(record.hash))?.header.seqno !== record.header.seqno) lost.push(record.header.seqno)
      expect(lost).toEqual([])
    } finally {
      await store.close()
    }
  })

  it('a table with a damaged block of the owners\' saved usage: each owner\'s payload bytes are counted again from its capsules (its quota read as nothing used)', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const { t, written } = await fillCapsule(dir.path, 300, (i) => payload(`record ${i}`), { batch: 100 })
    const bytes = written.reduce((sum, r) => sum + r.header.payloadLength, 0)
    let store = await CapsuleStore.open({ path: dir.path })
    // As a server's capsule service saves it.
    await store.putOwnerUsage([{ owner: t.owner.publicKey, bytes }])
    await store.close()
    await (await CapsuleStore.open({ path: dir.path })).close()
    // The saved count went to a table of its own (the reopen wrote the log holding it into it): its one data block damaged.
    const tables = levelFiles(dir.path, '.ldb')
    expect(tables.length).toBe(2)
    flipByte(join(dir.path, tables.at(-1)!), 10, 0x10)
    const [report] = await salvage(dir.path)
    expect(report).toMatchObject({ size: 300, records: [], fault: undefined })
    store = await CapsuleStore.open({ path: dir.path })
    try {
      const usage: Array<{ owner: string, bytes: number | undefined }> = []
      for await (const row of store.ownerUsage()) usage.push({ owner: formatName(row.owner), bytes: row.bytes })
      expect(usage).toEqual([{ owner: formatName(t.owner.publicKey), bytes }])
    } finally {
      await store.close()
    }
  })

  it('a capsule whose metadata row was lost with a block: reported, with how to get it back from a replica, and that way works', async () => {
    const { path, t } = await filled(40)
    // What a replica serves: the capsule's export (gdp capsule export --node).
    let store = await CapsuleStore.open({ path })
    const chunks: Uint8Array[] = []
    for await (const chunk of exportCapsule(await store.capsule(t.name))) chunks.push(chunk)
    await store.close()
    const db = await StoreDb.open(path)
    await db.batch([{ type: 'del', key: metadataKey(t.name) }], { sync: true })
    await db.close()
    const [report, ...others] = await salvage(path)
    expect(others).toEqual([])
    expect(report).toMatchObject({ name: formatName(t.name), records: [], indexRows: 3 })
    expect(report!.fault).toMatch(new RegExp(`^its metadata .* is lost: .* 'gdp capsule export ${formatName(t.name)} --node <a node that holds it> --out <file>', then, with no node running, move .*${EVIDENCE_FILE} aside .* 'gdp capsule import <file>'$`))
    // The remedy the fault names: the store refuses the metadata while its evidence names the capsule, and takes it once that is aside.
    store = await CapsuleStore.open({ path })
    await expect(store.create(t.signed)).rejects.toThrow(StoreRegressionError)
    await store.close()
    renameSync(join(path, EVIDENCE_FILE), join(path, `${EVIDENCE_FILE}.aside`))
    store = await CapsuleStore.open({ path })
    try {
      expect(await importCapsule(store, () => (async function * () { yield * chunks })())).toMatchObject({ records: 40, added: 0 })
      expect((await (await store.capsule(t.name)).verifyAll()).records).toBe(40)
    } finally {
      await store.close()
    }
  })

  it('a capsule with no records that lost its metadata is known by its evidence; a deleted one is not reported', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const [empty, deleted] = [testCapsule(), testCapsule()]
    const store = await CapsuleStore.open({ path: dir.path })
    for (const t of [empty, deleted]) await store.create(t.signed)
    await store.delete(deleted.name, new Uint8Array(0))
    await store.close()
    const db = await StoreDb.open(dir.path)
    await db.batch([{ type: 'del', key: metadataKey(empty.name) }], { sync: true })
    await db.close()
    const reports = await salvage(dir.path)
    expect(reports.map((r) => r.name)).toEqual([formatName(empty.name)])
    expect(reports[0]!.fault).toMatch(/^its metadata .* is lost/)
  })

  it('a repair stopped part-way (killed after LevelDB\'s repair, before every capsule was checked and its derived index dropped): the store is refused, naming the repair to run again, which finishes it (found by attacking the disk)', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const capsules = [(await fillCapsule(dir.path, 20, (i) => payload(`a ${i}`))).t, (await fillCapsule(dir.path, 20, (i) => payload(`b ${i}`))).t]
    let store = await CapsuleStore.open({ path: dir.path })
    // Index rows as LevelDB's repair may leave them with a block gone: each capsule's is dropped by the salvage of that capsule.
    for (const t of capsules) await store.kvIndexRows(t.name).write([{ type: 'put', key: Uint8Array.of(1), value: payload('row') }])
    await store.close()
    // The process dies as the first capsule is reported: the other's index rows stay.
    await expect(salvageStore(dir.path, () => { throw new Error('killed') })).rejects.toThrow('killed')
    await expect(CapsuleStore.open({ path: dir.path })).rejects.toThrow(new RegExp(`^a store repair of the store at ${dir.path} was stopped before it finished .*: run the store repair again`))
    await expect(CapsuleStore.open({ path: dir.path })).rejects.toThrow(StoreCorruptionError)
    expect((await salvage(dir.path)).map((r) => r.fault)).toEqual([undefined, undefined])
    store = await CapsuleStore.open({ path: dir.path })
    try {
      for (const t of capsules) {
        for await (const row of store.kvIndexRows(t.name).iterator()) expect.unreachable(`index row ${String(row[0])} kept`)
      }
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

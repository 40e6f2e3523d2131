// A node whose store has a flipped byte in the first block of a table: the
// block of the store's own rows (its format, its note of a log drop), which
// sort first, and of the first capsules' heartbeats. Found by attacking the
// disk: the node did not start at all, every capsule refused for the rows
// of a few.
import { readdirSync, readFileSync, statSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { formatName } from '../../src/capsule/name.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { StoreCorruptionError } from '../../src/errors.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { GdpNode } from '../../src/node/node.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import type { StoredCapsule } from '../../src/store/stored-capsule.js'
import { payload, tempDir, testCapsule } from '../helpers.js'
import { flipByte, flipByteAt, indexBlockOf } from '../store/damage-helper.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

/** A store of 30 capsules of 20 records each, in one table (the next open writes the log into it); their names. */
async function storeOfCapsules (path: string): Promise<Uint8Array[]> {
  const store = await CapsuleStore.open({ path })
  const names: Uint8Array[] = []
  for (let i = 0; i < 30; i++) {
    const t = testCapsule()
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    await capsule.append(writer.append(Array.from({ length: 20 }, (_, j) => payload(`${i}:${j}`)), 1))
    names.push(t.name)
  }
  await store.close()
  await (await CapsuleStore.open({ path })).close()
  return names
}

/**
 * A store of 200 capsules with no records, in one table: their metadata rows (about 200 bytes each) are most of it,
 * in 10 blocks or so. `then` writes more before the store is closed.
 */
async function emptyCapsules (prefix: string, then?: (store: CapsuleStore, capsules: StoredCapsule[]) => Promise<void>): Promise<{ dir: { path: string }, path: string, capsules: StoredCapsule[] }> {
  const dir = tempDir(prefix)
  cleanups.push(dir.cleanup)
  const path = join(dir.path, 'store')
  const store = await CapsuleStore.open({ path })
  const capsules: StoredCapsule[] = []
  for (let i = 0; i < 200; i++) capsules.push(await store.create(testCapsule().signed))
  await then?.(store, capsules)
  await store.close()
  await (await CapsuleStore.open({ path })).close()
  return { dir, path, capsules }
}

/** A store of empty capsules with a byte flipped in the middle of its table (among the metadata rows), opened; the capsules' names in order. */
async function damagedMetadataBlock (prefix: string): Promise<{ store: CapsuleStore, names: Uint8Array[], table: string }> {
  const { path, capsules } = await emptyCapsules(prefix)
  const [table] = readdirSync(path).filter((f) => f.endsWith('.ldb'))
  flipByteAt(join(path, table!), 0.5, 0x10)
  const store = await CapsuleStore.open({ path })
  cleanups.push(async () => { await store.close() })
  return { store, names: capsules.map((c) => c.name).sort(Buffer.compare), table: table! }
}

describe('a node whose store has a damaged first block', () => {
  it('starts, serves every capsule whose rows are elsewhere, refuses those with rows in the block naming it, and says at open what it found', async () => {
    const dir = tempDir('gdp-first-block-')
    cleanups.push(dir.cleanup)
    const path = join(dir.path, 'store')
    const names = await storeOfCapsules(path)
    // The table that starts with the format entry (the lowest key): byte 20 is in its first block.
    const table = readdirSync(path).filter((f) => f.endsWith('.ldb')).find((f) => readFileSync(join(path, f)).subarray(0, 64).includes('format'))
    expect(table).toBeDefined()
    flipByte(join(path, table!), 20, 0x10)
    // The key of the server that ran here: a start that makes one lists the delegations first (another node's?).
    writeKeyFile(join(dir.path, 'node.key'), false, { node: true })
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] })
    cleanups.push(async () => { await node.stop() })
    await node.start()
    const store = node.store!
    // The second start reads past the tables the stop wrote (the counts, saved as counting every record) too.
    const listing = expect.stringMatching(new RegExp(`^a listing of the delegations passed over a block LevelDB cannot read, and the rows in it: the list of delegations: LevelDB: Corruption: block checksum mismatch \\((?:table |one of tables (?:\\d+\\.ldb, )*)${table}; .*a store repair \\(with no node running on the store\\)`))
    // (Not the fork proofs, whose range meets the block too: the start walks them for rows of capsules deleted here,
    // dropOrphanRows, from the first tombstone's name, and no capsule was deleted.)
    // Not dealt with, as what damageAtOpen says is: said apart, as damage.
    expect(store.damageAtOpen).toEqual([])
    expect(store.damagedBlocks).toEqual([
      expect.stringMatching(new RegExp(`^the store format entry: LevelDB: Corruption: block checksum mismatch \\(table ${table}; store at .*\\): it was written again, and the capsules whose rows share that block are refused as damaged when they are read \\(a store repair, with no node running on the store`)),
      listing
    ])
    let served = 0
    let refused = 0
    for (const [i, name] of names.entries()) {
      try {
        const records: string[] = []
        for await (const r of (await store.capsule(name)).readRange(0, 20)) records.push(Buffer.from(r.payload).toString())
        expect(records).toEqual(Array.from({ length: 20 }, (_, j) => `${i}:${j}`))
        served++
      } catch (err) {
        expect(err).toBeInstanceOf(StoreCorruptionError)
        expect((err as Error).message).toMatch(new RegExp(`^capsule ${formatName(name)}: heartbeat.*LevelDB: Corruption: block checksum mismatch`))
        refused++
      }
    }
    // The block holds the heartbeats of the first capsules in name order; the others are whole.
    expect(refused).toBeGreaterThan(0)
    expect(served).toBeGreaterThan(0)
    await node.stop()
    // Written again: the next start finds the format entry whole; the listing meets the block again.
    const again = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] })
    cleanups.push(async () => { await again.stop() })
    await again.start()
    expect(again.store!.damagedBlocks).toEqual([listing])
  }, 60_000)

  it('a listing of the capsules steps over a damaged block of metadata rows: every capsule past it is listed, and the damage said', async () => {
    const { store, names, table } = await damagedMetadataBlock('gdp-listing-block-')
    const listed: Uint8Array[] = []
    for await (const name of store.names()) listed.push(name)
    const metadata: Uint8Array[] = []
    for await (const { name } of store.allMetadata()) metadata.push(name)
    expect(metadata).toEqual(listed)
    // The block's rows are left out, those before and after it listed.
    expect(listed.length).toBeLessThan(names.length)
    expect(listed.length).toBeGreaterThan(names.length * 0.8)
    expect(listed[0]).toEqual(names[0])
    expect(listed.at(-1)).toEqual(names.at(-1))
    for (const name of listed) expect(names).toContainEqual(name)
    expect(store.damagedBlocks).toEqual([expect.stringMatching(new RegExp(`^a listing of the capsules passed over a block LevelDB cannot read, and the rows in it: the list of capsules, past capsule \\S+: metadata, the last row read: LevelDB: Corruption: block checksum mismatch \\(table ${table}; `))])
  })

  // Found by attacking the gateway: a capsule whose metadata row a listing stepped over was neither held nor
  // repaired, and reads of it were refused as a store gone backwards, though a replica held it whole.
  it('the capsules whose metadata rows are in the damaged block are found as damaged, to be held and mended from a replica', async () => {
    const { store, names, table } = await damagedMetadataBlock('gdp-lost-metadata-block-')
    const listed = new Set<string>()
    for await (const { name } of store.allMetadata()) listed.add(formatName(name))
    const lost = await store.lostMetadata((name) => listed.has(formatName(name)))
    expect(lost.map((l) => formatName(l.name)).sort()).toEqual(names.map(formatName).filter((n) => !listed.has(n)).sort())
    for (const { name, fault } of lost) {
      expect(fault).toMatch(new RegExp(`^its metadata row cannot be read: .*table ${table}`))
      expect(await store.damage(name)).toMatchObject({ metadataDamaged: true, firstFault: fault })
    }
  })

  it('the status names at most 16 damaged-block findings: listings that meet the block again and again (each anti-entropy round, each view) add no more', async () => {
    const { store, names } = await damagedMetadataBlock('gdp-listing-block-said-')
    // Each listing starts after another capsule before the block: each finding is worded apart (where it started).
    const listAfter = async (i: number): Promise<void> => { for await (const name of store.names(names[i])) void name }
    for (let i = 0; i < 16; i++) await listAfter(i)
    expect(store.damagedBlocks).toHaveLength(16)
    expect(new Set(store.damagedBlocks).size).toBe(16)
    const said = store.damagedBlocks
    for (let i = 16; i < 24; i++) await listAfter(i)
    expect(store.damagedBlocks).toEqual(said)
  })

  it('a damaged block of the owners\' byte counts: the server starts, and counts every owner again from its capsules', async () => {
    // 200 owners of a capsule each, their counts saved wrong: a count recounted is 0.
    const { dir, path, capsules } = await emptyCapsules('gdp-usage-block-', async (store, created) => {
      await store.putOwnerUsage(created.map((c) => ({ owner: c.signedMetadata.metadata.owner.key, bytes: 12_345 })))
    })
    const owners = capsules.map((c) => c.signedMetadata.metadata.owner.key).sort(Buffer.compare)
    // A byte of the count row of an owner in the middle: its key's last appearance among the data blocks (the count
    // rows sort after the metadata rows that hold the key too). Not in the index block after them, which may hold the
    // key as a separator (a byte there made every listing fail, the capsules' first); and not its first bytes, which
    // a data block may share with the key before it rather than write out.
    const [table] = readdirSync(path).filter((f) => f.endsWith('.ldb'))
    const bytes = readFileSync(join(path, table!))
    const at = bytes.lastIndexOf(owners[100]!.subarray(4), indexBlockOf(bytes).offset - 1)
    flipByte(join(path, table!), at + 16, 0x10)
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] })
    cleanups.push(async () => { await node.stop() })
    await node.start()
    expect(node.store!.damagedBlocks).toContainEqual(expect.stringMatching(/^a listing of the owners' byte counts passed over a block LevelDB cannot read, and the rows in it: .*Corruption: block checksum mismatch/))
    // Counted again and saved, those the listing read too: 0 each, an empty capsule's, which is no row.
    const counts: Array<number | undefined> = []
    for await (const { bytes } of node.store!.ownerUsage()) counts.push(bytes)
    expect(counts).toEqual([])
  }, 60_000)
})

describe('a node whose store\'s only table is cut short', () => {
  // Found by attacking the disk: every capsule's metadata row went with the table, so each claim in the evidence file
  // was looked for by its tombstone, whose read failed: the node did not start, for rows it holds as damaged anyway.
  it('starts, holding every capsule the store acknowledged as damaged, naming the table', async () => {
    const { dir, path, capsules } = await emptyCapsules('gdp-cut-table-', async (store, created) => {
      await store.delete(created[0]!.name, new Uint8Array(0))
    })
    const [table] = readdirSync(path).filter((f) => f.endsWith('.ldb'))
    truncateSync(join(path, table!), Math.floor(statSync(join(path, table!)).size / 2))
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] })
    cleanups.push(async () => { await node.stop() })
    await node.start()
    const lost = await node.store!.lostMetadata(() => false)
    // The one deleted was forgotten by the evidence file as it was deleted: the others.
    expect(lost.map((l) => formatName(l.name)).sort()).toEqual(capsules.slice(1).map((c) => formatName(c.name)).sort())
    // (Its tombstone read past the table's keys, after the last tombstone in it, is answered without the table.)
    const faults = lost.map(({ fault }) => fault.replace(/: .*/, ''))
    expect(faults).toContain('its metadata row is not found, and its tombstone (whether it was deleted here) cannot be read')
    expect(new Set(faults)).toEqual(new Set(['its metadata row is not found, and its tombstone (whether it was deleted here) cannot be read', 'its metadata row cannot be read']))
    for (const { fault } of lost) expect(fault).toContain(`table ${table!} is shorter than LevelDB wrote it`)
    expect(node.service!.hostedCount).toBe(capsules.length - 1)
  }, 60_000)
})

// docs/kv.md "The index": the LevelDB index of a key-value capsule answers
// every read, at every version and time, as the reference model does; it
// catches up from where it stopped, and drops and rebuilds itself when its
// rows are missing or do not match the capsule.
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { CapsuleDeletedError, InvalidArgumentError, MalformedMessageError, VersionNotHeldError } from '../../src/errors.js'
import { KvIndex, STORE_TREE_EVERY, type KvIndexView } from '../../src/kv/index.js'
import { batchOf, boundsOf, encodeKvRecord, inBounds, kvAppField, rangeAbove, type KeyRange, type KvOp, type KvRecord } from '../../src/kv/format.js'
import { buildKvTree, intervalHolds, proveKeys, proveRange, type KvCommitment, type KvProofNode } from '../../src/kv/tree.js'
import { NodeCache } from '../../src/kv/node-cache.js'
import { KvModel, type KvAt, type KvDiffEntry, type KvEntry, type KvHistoryEntry, type KvScanOptions, type KvView } from '../../src/kv/model.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { StoreDb, type WriteOp } from '../../src/store/level-db.js'
import { CapsuleRows } from '../../src/store/capsule-rows.js'
import { tableRange } from '../../src/store/layout.js'
import { beforeWrites, deletionBatchOf } from '../store/write-injection.js'
import { concatBytes } from '../../src/crypto/bytes.js'
import { tempDir } from '../helpers.js'

const T0 = 1_767_225_600_000_000
const b = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'))
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const put = (key: string, value: string, encryptionEpoch = 0): KvOp => ({ type: 'put', key: b(key), value: b(value), encryptionEpoch })
const del = (key: string): KvOp => ({ type: 'delete', key: b(key) })

/** Keys that collide often and test the row keys' escaping: zero bytes, 0xff, keys that begin others. */
const KEYS = ['a', 'a\x00', 'a\x00\x01', 'a\x01', 'ab', 'b', '\x00', '\xff', '\xff\xff']
/** Bounds and prefixes: the keys, and some no key equals. */
const PROBES = [...KEYS, '', 'a\x00\x00', 'aa', 'c', '\x00\x00', '\xfe']

/** Comparable forms: bytes as hex, whatever array type they come in. */
const entryForm = (e: KvEntry | undefined): unknown => e === undefined ? undefined : { ...e, key: hex(e.key), value: hex(e.value) }
const diffForm = (d: KvDiffEntry): unknown => ({ key: hex(d.key), before: entryForm(d.before), after: entryForm(d.after) })
const historyForm = (h: KvHistoryEntry): unknown => h.type === 'put' ? { ...h, value: hex(h.value) } : h

interface KvCapsule {
  name: Uint8Array
  writer: CapsuleWriter
}

function kvCapsule (): { signed: ReturnType<typeof signMetadata>, capsule: KvCapsule } {
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const writer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: T0, appFields: [kvAppField()], nonce: new Uint8Array(16).fill(3) })
  const name = capsuleName(metadata)
  return { signed: signMetadata(metadata, owner), capsule: { name, writer: new CapsuleWriter(name, metadata, writer, emptyWriterState(name)) } }
}

/** Appends `payloads` as one batch stamped `timestampUs` to the store and to the model. */
async function append (store: CapsuleStore, capsule: KvCapsule, model: KvModel, payloads: Uint8Array[], timestampUs: number): Promise<void> {
  const batch = capsule.writer.append(payloads, timestampUs)
  await (await store.capsule(capsule.name)).append(batch)
  for (const record of batch.records) model.applyPayload(record.header.seqno, record.header.timestampUs, record.payload)
}

/** The seqno of the last blob record holding `data` the model applied, as the index should find it. */
function lastBlob (model: KvModel, data: string): number | undefined {
  return model.blobs.findLast((blob) => Buffer.from(blob.data).toString('latin1') === data)?.seqno
}

// ---- random histories ----

const keyArb = fc.constantFrom(...KEYS)
const opArb: fc.Arbitrary<KvOp> = fc.oneof(
  fc.record({ key: keyArb, value: fc.string({ maxLength: 4 }), epoch: fc.constantFrom(0, 0, 5) }).map(({ key, value, epoch }) => put(key, value, epoch)),
  keyArb.map(del)
)
/** A record payload: mostly puts, deletes and batches; now and then a checkpoint (valid or claiming the future) or bytes that are no record. */
const payloadArb: fc.Arbitrary<(seqno: number, model: KvModel) => Uint8Array> = fc.oneof(
  { weight: 6, arbitrary: opArb.map((op) => () => encodeKvRecord(op)) },
  { weight: 3, arbitrary: fc.array(opArb, { minLength: 1, maxLength: 5 }).map((ops) => () => encodeKvRecord(batchOf(ops))) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 }).map((ahead) => (seqno: number) => encodeKvRecord({ type: 'checkpoint', version: Math.max(0, seqno - 1 + ahead), keyCount: 0, root: new Uint8Array(0) } satisfies KvRecord)) },
  // A true checkpoint of the state before the append batch it is in.
  { weight: 1, arbitrary: fc.constant((_seqno: number, model: KvModel) => encodeKvRecord({ type: 'checkpoint', version: model.version, ...model.view().commitment() })) },
  { weight: 1, arbitrary: fc.constant(() => b('not a key-value record')) },
  { weight: 1, arbitrary: fc.constantFrom('chunk', '', 'chunk').map((data) => () => encodeKvRecord({ type: 'blob', data: b(data) })) }
)
/** Append batches: 1 to 6 records each, stamped at the same time as the batch before or later. */
const historyArb = fc.array(fc.record({ payloads: fc.array(payloadArb, { minLength: 1, maxLength: 6 }), gap: fc.constantFrom(0, 1, 1000) }), { minLength: 1, maxLength: 30 })

const probeArb = fc.constantFrom(...PROBES).map(b)
const scanArb = fc.record({
  lower: fc.option(fc.record({ inclusive: fc.boolean(), key: probeArb }), { nil: undefined }),
  upper: fc.option(fc.record({ inclusive: fc.boolean(), key: probeArb }), { nil: undefined }),
  reverse: fc.boolean(),
  limit: fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined })
}).map(({ lower, upper, reverse, limit }) => ({
  ...(lower === undefined ? {} : lower.inclusive ? { gte: lower.key } : { gt: lower.key }),
  ...(upper === undefined ? {} : upper.inclusive ? { lte: upper.key } : { lt: upper.key }),
  reverse,
  ...(limit === undefined ? {} : { limit })
}))

/** Every read of one version, by the index and by the model, compared. */
async function expectSameView (view: KvIndexView, expected: KvView, scans: KvScanOptions[]): Promise<void> {
  expect(view.version).toBe(expected.version)
  for (const key of PROBES.map(b)) {
    if (key.length === 0) {
      // No key: refused, as RemoteKv refuses it (answered as absent before).
      await expect(view.get(key)).rejects.toThrow(InvalidArgumentError)
      await expect(view.history(key)).rejects.toThrow(InvalidArgumentError)
      continue
    }
    expect(entryForm(await view.get(key))).toEqual(entryForm(expected.get(key)))
    expect((await view.history(key)).writes.map(historyForm)).toEqual(expected.history(key).map(historyForm))
    // A page at a time (2 writes, 3 bytes of values, or the one write a larger value makes): the same writes.
    const paged: KvHistoryEntry[] = []
    for (let fromSeqno = 0, more = true; more;) {
      const page = await view.history(key, { fromSeqno, limit: 2, maxBytes: 3 })
      if (page.more) expect(page.writes.length).toBeGreaterThan(0)
      expect(page.writes.length).toBeLessThanOrEqual(2)
      if (page.writes.length > 1) expect(page.writes.reduce((n, w) => n + (w.type === 'put' ? w.value.length : 0), 0)).toBeLessThanOrEqual(3)
      paged.push(...page.writes)
      more = page.more
      fromSeqno = (page.writes.at(-1)?.seqno ?? 0) + 1
    }
    expect(paged.map(historyForm)).toEqual(expected.history(key).map(historyForm))
    expect((await view.prefix(key)).map(entryForm)).toEqual(expected.prefix(key).map(entryForm))
    expect((await view.prefix(key, { reverse: true, limit: 2 })).map(entryForm)).toEqual(expected.prefix(key, { reverse: true, limit: 2 }).map(entryForm))
  }
  for (const scan of scans) {
    expect((await view.range(scan)).map(entryForm)).toEqual(expected.range(scan).map(entryForm))
    const { reverse, limit: _limit, ...range } = scan
    expect(await view.count(range)).toBe(expected.count(range))
    // A page of 2 entries and 6 bytes of keys and values at most (one entry whatever its size): the range's first ones.
    const page = await view.rangePage({ ...range, reverse, limit: 2, maxBytes: 6 })
    const all = expected.range({ ...range, reverse })
    let fit = 0
    for (let bytes = 0; fit < Math.min(2, all.length); fit++) {
      bytes += all[fit]!.key.length + all[fit]!.value.length
      if (fit > 0 && bytes > 6) break
    }
    expect([page.entries.map(entryForm), page.more]).toEqual([all.slice(0, fit).map(entryForm), all.length > fit])
  }
  expect(await view.count()).toBe(expected.count())
}

/** One store for every test here: each uses capsules of its own. */
let dir: ReturnType<typeof tempDir>
let store: CapsuleStore
beforeAll(async () => {
  dir = tempDir('gdp-kv-index-')
  store = await CapsuleStore.open({ path: dir.path })
})
afterAll(async () => {
  await store.close()
  dir.cleanup()
})

describe('KvIndex against the reference model', () => {

  it('answers every read at random versions and times as the model does, catching up after appends and on reopening', async () => {
    // The tree's rows written after every few writes or records (its stored tree behind the latest by some records, which opening replays), or as by default.
    const storingArb = fc.oneof(fc.constant(STORE_TREE_EVERY), fc.record({ ops: fc.integer({ min: 1, max: 8 }), records: fc.integer({ min: 1, max: 6 }), bytes: fc.constantFrom(20, 1 << 20) }))
    // Each index with a cache of its own (every node stays in it), or all of them sharing one of 4 nodes: the
    // indexes of every run and their reopened copies evict each other's nodes, and edits read their paths from the rows.
    const sharedCache = new NodeCache(4)
    const cacheArb = fc.constantFrom<NodeCache | undefined>(undefined, sharedCache)
    await fc.assert(fc.asyncProperty(historyArb, fc.nat(), fc.array(scanArb, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }), storingArb, cacheArb,
      async (history, cut, scans, picks, storeTreeEvery, nodeCache) => {
        const { signed, capsule } = kvCapsule()
        await store.create(signed)
        const model = new KvModel()
        const split = cut % (history.length + 1)
        let t = T0
        const appendBatches = async (batches: typeof history): Promise<void> => {
          for (const batch of batches) {
            t += batch.gap
            await append(store, capsule, model, batch.payloads.map((payload, i) => payload(model.version + i, model)), t)
          }
        }
        await appendBatches(history.slice(0, split))
        const index = await KvIndex.open(store, capsule.name, { storeTreeEvery, nodeCache })
        expect(index.rebuildReason).toBe('it has no rows')
        expect(index.version).toBe(model.version)
        await appendBatches(history.slice(split))

        // Reads catch up with the appends made since the index opened.
        const latest = await index.view()
        expect(latest.version).toBe(model.version)
        await expectSameView(latest, model.view(), scans)
        const version = picks[0]! % (model.version + 1)
        await expectSameView(await index.view({ version }), model.view({ version }), scans)
        // Diffs between two versions (either order) within each scan's range, 1 to 3 keys a page: the pages after
        // the first take the keys the first found (span-keys.ts), and diffs of the same span and other ranges meet them.
        const other = picks[1]! % (model.version + 1)
        for (const { reverse: _reverse, limit, ...range } of scans) {
          for (const [from, to] of [[version, other], [other, version]] as const) {
            const paged: KvDiffEntry[] = []
            for (let rest: KeyRange = range; ;) {
              const page = await index.diff(from, to, boundsOf(rest), { limit: 1 + ((limit ?? 0) % 3) })
              paged.push(...page.entries)
              if (!page.more) break
              rest = rangeAbove(range, page.entries.at(-1)!.key)
            }
            const bounds = boundsOf(range)
            expect(paged.map(diffForm)).toEqual(model.diff({ version: from }, { version: to }).filter((d) => inBounds(d.key, bounds)).map(diffForm))
          }
        }
        // Times: before the first record, on a record's time, between times, after the last.
        const times = [T0 - 1, T0, t, t + 1, T0 + (picks[1]! % (t - T0 + 2)), Number.MAX_SAFE_INTEGER, -5]
        for (const timestampUs of times) expect(await index.versionAt({ timestampUs })).toBe(model.versionAt({ timestampUs }))
        const at = { timestampUs: times[picks[2]! % times.length]! }
        await expectSameView(await index.view(at), model.view(at), scans)
        expect(await index.invalidRecords()).toEqual(model.invalidRecords)
        // The tree the index keeps has the commitment of the state rebuilt from scratch, at every version.
        const form = (c: KvCommitment): unknown => ({ keyCount: c.keyCount, root: hex(c.root) })
        expect(form(index.commitment)).toEqual(form(model.view().commitment()))
        expect(form(await index.commitmentAt(version))).toEqual(form(model.view({ version }).commitment()))
        expect(await index.findBlob(sha256(b('chunk')))).toBe(lastBlob(model, 'chunk'))
        expect(await index.checkpoints()).toEqual(model.checkpoints.map((c) => ({ seqno: c.seqno, version: c.checkpoint.version, holds: c.holds })))

        // Another index opened on the same rows resumes from the recorded position: no rebuild.
        const reopened = await KvIndex.open(store, capsule.name, { storeTreeEvery, nodeCache })
        expect(reopened.rebuildReason).toBeUndefined()
        expect(reopened.version).toBe(model.version)
        expect(form(reopened.commitment)).toEqual(form(model.view().commitment()))
        // Its tree, part in memory and part in rows, shows the nodes of the state's tree: all of them, or a key's path.
        const tree = buildKvTree(model.view().range().map((e) => ({ key: e.key, valueHash: sha256(e.value), encryptionEpoch: e.encryptionEpoch, seqno: e.seqno })))
        const probe = b(PROBES[picks[0]! % PROBES.length]!)
        const nodeForm = (nodes: KvProofNode[]): unknown => nodes.map((n) => n.type === 'pruned' ? { ...n, hash: hex(n.hash) } : { ...n, entry: { ...n.entry, key: hex(n.entry.key), valueHash: hex(n.entry.valueHash) } })
        for (const at of [index, reopened]) {
          expect(nodeForm(await at.exclusive(async () => await at.partialTree(() => true)))).toEqual(nodeForm(proveRange(tree, {})))
          expect(nodeForm(await at.exclusive(async () => await at.partialTree((interval) => intervalHolds(interval, probe))))).toEqual(nodeForm(proveKeys(tree, [probe])))
        }
        await expectSameView(await reopened.view({ version }), model.view({ version }), scans)
        expect(sharedCache.size).toBeLessThanOrEqual(4)
      }), { numRuns: 25 })
  })
})

describe('KvIndex scans of keys written often', () => {
  it('list and count as the model does at every kind of version, reading about 64 rows a key at most, however often keys were written', async () => {
    const { signed, capsule } = kvCapsule()
    await store.create(signed)
    const model = new KvModel()
    // Keys written 150 times (past the 64 rows a scan reads of one key), beside keys written once or deleted, and zero bytes in keys.
    const often = ['b', 'b\x00', 'd', '\xff']
    for (let i = 0; i < 150; i++) {
      const ops = often.map((key) => i === 120 && key === 'd' ? del(key) : put(key, `${key}${i}`))
      if (i % 30 === 0) ops.push(put(`a${i}`, 'once'), put(`c${i}`, 'once'), del(`a${i - 30}`))
      await append(store, capsule, model, [encodeKvRecord(batchOf(ops))], T0 + i)
    }
    const index = await KvIndex.open(store, capsule.name)
    // Rows the scans read, counted as they reach the index.
    let rowsRead = 0
    const iterate = CapsuleRows.prototype.iterator
    vi.spyOn(CapsuleRows.prototype, 'iterator').mockImplementation(async function * (this: CapsuleRows, range) {
      for await (const row of iterate.call(this, range)) {
        rowsRead++
        yield row
      }
    })
    const scans: KvScanOptions[] = [{}, { reverse: true }, { limit: 3 }, { reverse: true, limit: 2 }, { gte: b('b'), lt: b('d') }, { gt: b('b\x00'), reverse: true }, { gte: b('c') }, { lt: b('b\x00'), reverse: true, limit: 4 }]
    for (const version of [0, 1, 2, 31, 64, 65, 100, 121, 149, 150]) {
      const view = await index.view({ version })
      const expected = model.view({ version })
      for (const scan of scans) {
        expect((await view.range(scan)).map(entryForm), `version ${version} ${JSON.stringify(scan)}`).toEqual(expected.range(scan).map(entryForm))
        const { reverse: _reverse, limit: _limit, ...range } = scan
        expect(await view.count(range)).toBe(expected.count(range))
      }
    }
    // A listing of all keys: at the latest version, one row a key (15 were ever written, 'a-30' by its delete); at a
    // past one, 65 rows of a key written 150 times and one to look it up, and the other keys' rows (the old scan: 615).
    const rowsOfScan = async (version: number): Promise<number> => {
      const view = await index.view({ version })
      rowsRead = 0
      await view.range()
      return rowsRead
    }
    expect(await rowsOfScan(150)).toBe(15)
    expect(await rowsOfScan(149)).toBeLessThanOrEqual(often.length * 66 + 20)
    // A count at the latest version is the tree's (the counts of the subtrees between the bounds' search paths), not a
    // row a key: a count of a million keys read a million rows and held every value at once.
    const rowsOfCount = async (version: number, range: KeyRange = {}): Promise<number> => {
      const view = await index.view({ version })
      rowsRead = 0
      expect(await view.count(range)).toBe(model.view({ version }).count(range))
      return rowsRead
    }
    expect(await rowsOfCount(150)).toBe(0)
    expect(await rowsOfCount(150, { gte: b('b'), lt: b('d') })).toBe(0)
    expect(await rowsOfCount(149, { gte: b('b'), lt: b('d') })).toBeGreaterThan(0)
    // A view for a task that holds the index's turn counts by its rows: the tree's count takes the turn, and a task
    // that asked for one inside its own waited for itself, and every later task on the index with it.
    const inTurn = await Promise.race([
      index.atTip(async () => await index.viewOf(index.version).count({ gte: b('b'), lt: b('d') })),
      new Promise((resolve) => setTimeout(() => { resolve('hung') }, 2000))
    ])
    expect(inTurn).toBe(model.view().count({ gte: b('b'), lt: b('d') }))
    vi.restoreAllMocks()
    // What a proof of a past state is built from: its entries with their values' hashes, up to a number of keys.
    const past = await index.view({ version: 149 })
    const expected = model.view({ version: 149 }).range()
    const treeEntries = await past.treeEntries(expected.length)
    expect(treeEntries?.map((e) => [hex(e.key), hex(e.valueHash), e.seqno])).toEqual(expected.map((e) => [hex(e.key), hex(sha256(e.value)), e.seqno]))
    expect(await past.treeEntries(expected.length - 1)).toBeUndefined()
    // Pages by bytes at and just past an entry's edge: 'c0' and 'c120' (the first two keys) with their values 'once'
    // are 6 and 8 bytes.
    const latestView = await index.view()
    const keysOf = async (maxBytes: number): Promise<[string[], boolean]> => {
      const { entries, more } = await latestView.rangePage({ gte: b('c'), lt: b('d'), limit: 10, maxBytes })
      return [entries.map((e) => Buffer.from(e.key).toString()), more]
    }
    expect(await keysOf(14)).toEqual([['c0', 'c120'], true])
    expect(await keysOf(13)).toEqual([['c0'], true])
    expect(await keysOf(1)).toEqual([['c0'], true])
    expect(await keysOf(1000)).toEqual([['c0', 'c120', 'c30', 'c60', 'c90'], false])
  })
})

describe('KvIndex as derived state', () => {

  const scans = [{}, { gte: b('a'), lt: b('b') }, { gt: b('a'), reverse: true, limit: 3 }]
  const history: KvOp[][] = [[put('a', '1'), put('b', '2')], [del('a'), put('a\x00', '3')], [put('a', '4'), put('\xff', '5', 2)], [del('zz')]]

  async function filled (): Promise<{ capsule: KvCapsule, model: KvModel }> {
    const { signed, capsule } = kvCapsule()
    await store.create(signed)
    const model = new KvModel()
    for (const [i, ops] of history.entries()) await append(store, capsule, model, ops.map((op) => encodeKvRecord(op)), T0 + 1000 * i)
    return { capsule, model }
  }

  async function expectModel (index: KvIndex, model: KvModel): Promise<void> {
    for (let version = 0; version <= model.version; version++) await expectSameView(await index.view({ version }), model.view({ version }), scans)
  }

  const rows = async (name: Uint8Array): Promise<Array<[Uint8Array, Uint8Array]>> => {
    const out: Array<[Uint8Array, Uint8Array]> = []
    for await (const row of store.kvIndexRows(name).iterator()) out.push(row)
    return out
  }

  it('survives closing the store: reopened, it resumes from its recorded position and catches up', async () => {
    const path = tempDir('gdp-kv-index-reopen-')
    try {
      const { signed, capsule } = kvCapsule()
      const model = new KvModel()
      let own = await CapsuleStore.open({ path: path.path })
      await own.create(signed)
      await append(own, capsule, model, [encodeKvRecord(put('a', '1')), encodeKvRecord(put('b', '2'))], T0)
      expect((await KvIndex.open(own, capsule.name)).version).toBe(2)
      await append(own, capsule, model, [encodeKvRecord(del('a'))], T0 + 5)
      await own.close()
      own = await CapsuleStore.open({ path: path.path })
      try {
        const index = await KvIndex.open(own, capsule.name)
        expect(index.rebuildReason).toBeUndefined()
        expect(index.version).toBe(3)
        await expectModel(index, model)
      } finally {
        await own.close()
      }
    } finally {
      path.cleanup()
    }
  })

  it('is rebuilt from the capsule when its rows are deleted', async () => {
    const { capsule, model } = await filled()
    await KvIndex.open(store, capsule.name)
    const held = await rows(capsule.name)
    await store.kvIndexRows(capsule.name).write(held.map(([key]) => ({ type: 'del', key })))
    const index = await KvIndex.open(store, capsule.name)
    expect(index.rebuildReason).toBe('it has no rows')
    await expectModel(index, model)
    expect((await rows(capsule.name)).map(([k, v]) => [hex(k), hex(v)])).toEqual(held.map(([k, v]) => [hex(k), hex(v)]))
  })

  // Found by an audit: an index opened (or caught up) as its capsule was being deleted wrote its rows after the
  // deletion listed the capsule's: they stayed on disk for good, under a name refused from then on.
  it('is not written for a capsule being deleted: an index opened just before the deletion\'s batch is refused, and leaves no row', async () => {
    const { capsule } = await filled()
    // The index opens just before the deletion's batch, after the deletion listed the capsule's rows.
    const injected = beforeWrites({ when: deletionBatchOf(capsule.name), run: async () => await KvIndex.open(store, capsule.name) })
    try {
      await store.delete(capsule.name, new Uint8Array(0))
    } finally {
      injected.restore()
    }
    expect(await injected.outcome(0)).toBeInstanceOf(CapsuleDeletedError)
    expect(await rows(capsule.name)).toEqual([])
  })

  it('is dropped and rebuilt when its tip row names a record the capsule does not hold there, stray rows and all', async () => {
    const { capsule, model } = await filled()
    await KvIndex.open(store, capsule.name)
    const held = await rows(capsule.name)
    const [stateKey, state] = held[0]!
    const tampered = new Uint8Array(state)
    tampered[33]! ^= 1 // the hash of the last record applied
    // Rows that would give wrong answers if they were trusted: the rows of key 'b' say it was deleted at seqno 0.
    const wrong: WriteOp[] = [{ type: 'put', key: stateKey, value: tampered }]
    for (const [key] of held) if (key[0] === 0x01 && key[1] === 0x62) wrong.push({ type: 'put', key, value: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 0) })
    await store.kvIndexRows(capsule.name).write(wrong)
    const index = await KvIndex.open(store, capsule.name)
    expect(index.rebuildReason).toBe(`the capsule's record ${model.version - 1} is not the one it applied`)
    await expectModel(index, model)
  })

  it('is rebuilt when its state row claims more records than the capsule holds, or another row layout', async () => {
    const { capsule, model } = await filled()
    await KvIndex.open(store, capsule.name)
    const [[stateKey, state]] = await rows(capsule.name) as [[Uint8Array, Uint8Array]]
    const ahead = new Uint8Array(state)
    ahead[8] = 99
    await store.kvIndexRows(capsule.name).write([{ type: 'put', key: stateKey, value: ahead }])
    const rebuilt = await KvIndex.open(store, capsule.name)
    expect(rebuilt.rebuildReason).toBe(`it has applied 99 records, the capsule holds ${model.version}`)
    await expectModel(rebuilt, model)
    const otherLayout = new Uint8Array(state)
    otherLayout[0] = 1
    await store.kvIndexRows(capsule.name).write([{ type: 'put', key: stateKey, value: otherLayout }])
    expect((await KvIndex.open(store, capsule.name)).rebuildReason).toBe('its rows are of layout 1, this code reads layout 6')
    // Written by an earlier version, before rows carried checksums: said so, not called damage.
    await store.close()
    const db = await StoreDb.open(dir.path)
    const absolute = concatBytes([tableRange('kvIndex', capsule.name).gte, stateKey])
    const beforeChecksums = new Uint8Array(state)
    beforeChecksums[0] = 5
    await db.batch([{ type: 'put', key: absolute, value: beforeChecksums }], { sync: false })
    await db.close()
    store = await CapsuleStore.open({ path: dir.path })
    const upgraded = await KvIndex.open(store, capsule.name)
    expect(upgraded.rebuildReason).toBe('its rows are of layout 5, from an earlier version (before row checksums); this code reads layout 6')
    await expectModel(upgraded, model)
  })

  it('last-write rows that are missing (one key\'s, or every key\'s) are found by a get or a listing of every key: rebuilt, never answered as no key', async () => {
    const { capsule, model } = await filled()
    await KvIndex.open(store, capsule.name)
    const lastRows = (await rows(capsule.name)).filter(([key]) => key[0] === 0x08)
    // One key's row: a get of that key finds its write rows.
    await store.kvIndexRows(capsule.name).write([{ type: 'del', key: lastRows[0]![0] }])
    let index = await KvIndex.open(store, capsule.name)
    const view = await index.view()
    for (const op of history.flat()) expect(await view.get(op.key)).toEqual(await model.view().get(op.key))
    expect(index.rebuildReason).toMatch(/write row \w+ of a key with no last-write row: rows are missing/)
    // Every key's: a listing of every key finds fewer than the state holds. (A count at the latest version is the
    // tree's, right without them.)
    await store.kvIndexRows(capsule.name).write(lastRows.map(([key]) => ({ type: 'del', key })))
    index = await KvIndex.open(store, capsule.name)
    expect(await (await index.view()).count()).toBe(await model.view().count())
    expect(index.rebuildReason).toBeUndefined()
    expect((await (await index.view()).range()).map(entryForm)).toEqual(model.view().range().map(entryForm))
    expect(index.rebuildReason).toMatch(/found 0 keys in its last-write rows, and its state holds \d+/)
    await expectModel(index, model)
    // So does a listing's first page that ends short of its limit, which is every key (found by attacking the disk:
    // it listed none, exit 0).
    const count = await model.view().count()
    await store.kvIndexRows(capsule.name).write((await rows(capsule.name)).filter(([key]) => key[0] === 0x08).map(([key]) => ({ type: 'del', key })))
    index = await KvIndex.open(store, capsule.name)
    expect(await (await index.view()).range({ limit: count + 1 })).toEqual(await model.view().range({ limit: count + 1 }))
    expect(index.rebuildReason).toMatch(/found 0 keys in its last-write rows, and its state holds \d+/)
  })

  // Found by deleting rows of a stopped node's index one at a time: a time row missing moved a read at that time to
  // the version before (the value before the write, with 200), a version row missing failed every proof of a state
  // a checkpoint names, with StoreCorruptionError, until `gdp store repair`.
  it('a time row or a version row that is missing is found by the read that needs it: rebuilt, never answered as another version', async () => {
    const { capsule, model } = await filled()
    await KvIndex.open(store, capsule.name)
    const held = await rows(capsule.name)
    const timeRows = held.filter(([key]) => key[0] === 0x02)
    let rebuilt = 0
    for (const [i, [timeRow, value]] of timeRows.entries()) {
      await store.kvIndexRows(capsule.name).write([{ type: 'del', key: timeRow }])
      const index = await KvIndex.open(store, capsule.name)
      for (const timestampUs of Array.from({ length: 9 }, (_, t) => T0 - 1 + 500 * t)) {
        expect(await index.versionAt({ timestampUs }), `time row of record ${i} missing, at ${timestampUs}`).toBe(model.versionAt({ timestampUs }))
      }
      // The row of a record stamped as the one after it tells nothing that row does not: it is not missed.
      if (index.rebuildReason !== undefined) {
        expect(index.rebuildReason).toMatch(/its time rows are missing some: record \d+ is stamped/)
        rebuilt++
      } else await store.kvIndexRows(capsule.name).write([{ type: 'put', key: timeRow, value }])
      expect((await rows(capsule.name)).length).toBe(held.length)
    }
    expect(rebuilt).toBe(history.length)
    const versionRow = held.find(([key]) => key[0] === 0x06)![0]
    await store.kvIndexRows(capsule.name).write([{ type: 'del', key: versionRow }])
    const index = await KvIndex.open(store, capsule.name)
    expect(await index.commitmentAt(1)).toEqual(model.view({ version: 1 }).commitment())
    expect(index.rebuildReason).toMatch(/no commitment row for version 1/)
    expect((await rows(capsule.name)).length).toBe(held.length)
    // A catch-up that checks a checkpoint of that version against the missing row: rebuilt, and the checkpoint holds.
    await store.kvIndexRows(capsule.name).write([{ type: 'del', key: versionRow }])
    const reopened = await KvIndex.open(store, capsule.name)
    await append(store, capsule, model, [encodeKvRecord({ type: 'checkpoint', version: 1, ...model.view({ version: 1 }).commitment() })], T0 + 10_000)
    await reopened.update()
    expect((await reopened.checkpoints()).at(-1)).toMatchObject({ version: 1, holds: true })
    expect(reopened.rebuildReason).toMatch(/no commitment row for version 1/)
    await expectModel(reopened, model)
  })

  // Found by counting while a listing met damage: the count's tree walk met it too and rebuilt the index beside the
  // listing's rebuild, each dropping the rows the other wrote, and the listing failed with TreeRowMissingError.
  it('a count and a listing that meet damaged rows at once share one rebuild, and both answer', async () => {
    const { signed, capsule } = kvCapsule()
    await store.create(signed)
    const model = new KvModel()
    for (let i = 0; i < 40; i++) await append(store, capsule, model, [encodeKvRecord(put(`k${i}`, 'v'))], T0 + i)
    // Every node read from its row (a cache of one node), and the tree's rows written after every record.
    const index = await KvIndex.open(store, capsule.name, { nodeCache: new NodeCache(1), storeTreeEvery: { ops: 1, records: 1, bytes: 1 } })
    await store.kvIndexRows(capsule.name).write((await rows(capsule.name)).filter(([key]) => key[0] === 0x05 || key[0] === 0x08).map(([key]) => ({ type: 'del', key })))
    const view = await index.view()
    const range = { gte: b('k1'), lt: b('k3') }
    const answers = await Promise.all([view.range().then((entries) => entries.length), view.count(range), view.count()])
    expect(answers).toEqual([40, model.view().count(range), 40])
    expect(index.rebuildReason).toMatch(/its state tree lacks the node of key \w+/)
    await expectModel(index, model)
  })

  it('counts its tree stores and the node rows they write: every node the first time, a path after one more key', async () => {
    const { signed, capsule } = kvCapsule()
    await store.create(signed)
    const model = new KvModel()
    for (let i = 0; i < 40; i++) await append(store, capsule, model, [encodeKvRecord(put(`k${i}`, 'v'))], T0 + i)
    const index = await KvIndex.open(store, capsule.name)
    expect(index.treeStores).toEqual({ stores: 0, rows: 0, ms: 0 })
    await index.storeTree()
    const nodeRows = async (): Promise<number> => (await rows(capsule.name)).filter(([key]) => key[0] === 0x05).length
    expect([index.treeStores.stores, index.treeStores.rows, await nodeRows()]).toEqual([1, 40, 40])
    await append(store, capsule, model, [encodeKvRecord(put('k40', 'v'))], T0 + 40)
    await index.update()
    await index.storeTree()
    expect(index.treeStores.stores).toBe(2)
    // The new key's node and its ancestors, each written again under its key: no more rows than the tree has.
    expect(index.treeStores.rows - 40).toBeGreaterThanOrEqual(1)
    expect(index.treeStores.rows - 40).toBeLessThanOrEqual(41)
    expect(await nodeRows()).toBe(41)
    expect(index.treeStores.ms).toBeGreaterThan(0)
    await expectModel(index, model)
  })

  it('a row whose checksum fails is never read as a value: the index rebuilds itself from the records and answers again', async () => {
    const { capsule, model } = await filled()
    await KvIndex.open(store, capsule.name)
    const rowsNow = await rows(capsule.name)
    /** Flips one bit of a stored row (as bit rot in a table file would), below the store, closed meanwhile. */
    const flipBit = async (relativeKey: Uint8Array, at: number): Promise<void> => {
      await store.close()
      const db = await StoreDb.open(dir.path)
      const key = concatBytes([tableRange('kvIndex', capsule.name).gte, relativeKey])
      const value = Uint8Array.from((await db.get(key))!)
      value[at]! ^= 0x01
      await db.batch([{ type: 'put', key, value }], { sync: false })
      await db.close()
      store = await CapsuleStore.open({ path: dir.path })
    }
    // A last-write row's value: before checksums, a get at the latest version answered the flipped value.
    const [lastKey, lastValue] = rowsNow.find(([key]) => key[0] === 0x08)!
    await flipBit(lastKey, lastValue.length - 1)
    const index = await KvIndex.open(store, capsule.name)
    const getEveryKey = async (): Promise<void> => {
      const view = await index.view()
      for (const op of history.flat()) await view.get(op.key)
    }
    await getEveryKey()
    expect(index.rebuildReason).toMatch(/key-value index of capsule \S+: row 08\w* is damaged \(its checksum does not hold\)/)
    await expectModel(index, model)
    // The state row damaged: rebuilt on opening, and every answer is the model's again.
    await flipBit(rowsNow[0]![0], 3)
    const rebuilt = await KvIndex.open(store, capsule.name)
    expect(rebuilt.rebuildReason).toMatch(/row 00 is damaged \(its checksum does not hold\)/)
    await expectModel(rebuilt, model)
  })

  it('catches up over batches of 10,000 rows and more, and drops as many', async () => {
    const { signed, capsule } = kvCapsule()
    await store.create(signed)
    const model = new KvModel()
    // Each record a batch of 5,000 puts: the second reaches the 10,000 rows of one catch-up write, the third passes it.
    for (let r = 0; r < 3; r++) {
      const ops = Array.from({ length: 5000 }, (_, i) => put(`k${String(i).padStart(5, '0')}`, `${r}`))
      await append(store, capsule, model, [encodeKvRecord(batchOf(ops))], T0 + r)
    }
    const index = await KvIndex.open(store, capsule.name)
    const check = async (at: KvIndex): Promise<void> => {
      for (let version = 0; version <= 3; version++) {
        const view = await at.view({ version })
        expect(await view.count()).toBe(version === 0 ? 0 : 5000)
        expect(entryForm(await view.get(b('k04999')))).toEqual(entryForm(model.view({ version }).get(b('k04999'))))
      }
    }
    await check(index)
    const [[stateKey, state]] = await rows(capsule.name) as [[Uint8Array, Uint8Array]]
    const tampered = new Uint8Array(state)
    tampered[36]! ^= 1
    await store.kvIndexRows(capsule.name).write([{ type: 'put', key: stateKey, value: tampered }])
    const rebuilt = await KvIndex.open(store, capsule.name)
    expect(rebuilt.rebuildReason).toBe('the capsule\'s record 2 is not the one it applied')
    await check(rebuilt)
    // The state row, a time row and a version row per record, a write row per put, a tree node and a last-write row per key.
    expect((await rows(capsule.name)).length).toBe(1 + 3 + 3 + 15_000 + 5000 + 5000)
  })

  it('reads the records of a diff\'s span once for all its pages, and again for another span', async () => {
    const { signed, capsule } = kvCapsule()
    await store.create(signed)
    const model = new KvModel()
    for (let i = 0; i < 10; i++) await append(store, capsule, model, [encodeKvRecord(batchOf(Array.from({ length: 5 }, (_, k) => put(`k${i * 5 + k}`, 'v'))))], T0 + i)
    const index = await KvIndex.open(store, capsule.name)
    const reads = vi.spyOn(index.capsule, 'readRange')
    const pages = async (from: number, to: number): Promise<number> => {
      let n = 0
      for (let rest: KeyRange = {}; ;) {
        const page = await index.diff(from, to, boundsOf(rest), { limit: 4 })
        n += page.entries.length
        if (!page.more) return n
        rest = rangeAbove({}, page.entries.at(-1)!.key)
      }
    }
    expect(await pages(0, 10)).toBe(50)
    expect(reads).toHaveBeenCalledTimes(1)
    expect(await pages(10, 0)).toBe(50)
    expect(reads).toHaveBeenCalledTimes(1)
    expect(await pages(2, 10)).toBe(40)
    expect(reads).toHaveBeenCalledTimes(2)
  })

  it('goes with its capsule when the capsule is deleted', async () => {
    const { capsule } = await filled()
    await KvIndex.open(store, capsule.name)
    expect((await rows(capsule.name)).length).toBeGreaterThan(0)
    await store.delete(capsule.name, new Uint8Array(0))
    expect(await rows(capsule.name)).toEqual([])
  })

  it('refuses a capsule that is not a key-value capsule, bad versions and limits', async () => {
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: T0, nonce: new Uint8Array(16).fill(9) })
    await store.create(signMetadata(metadata, owner))
    await expect(KvIndex.open(store, capsuleName(metadata))).rejects.toThrow(MalformedMessageError)

    const { capsule } = await filled()
    const index = await KvIndex.open(store, capsule.name)
    expect(index.version).toBe(7)
    await expect(index.view({ version: 8 })).rejects.toThrow(VersionNotHeldError)
    await expect(index.view({ version: -1 })).rejects.toThrow(InvalidArgumentError)
    const view = await index.view()
    await expect(view.range({ limit: -1 })).rejects.toThrow(InvalidArgumentError)
    await expect(view.range({ gt: b('a'), gte: b('a') })).rejects.toThrow(InvalidArgumentError)
    await expect(view.prefix(b('a'), { limit: 1.5 })).rejects.toThrow(InvalidArgumentError)
    // Found by attacking the kv facade: a time that is no number (a caller's wrong field) read the empty state.
    for (const timestampUs of [NaN, undefined, '5', null]) {
      await expect(index.view({ timestampUs } as unknown as KvAt)).rejects.toThrow(/^a time is a number of microseconds, not /)
    }
    expect((await index.view({ timestampUs: Infinity })).version).toBe(7)
    expect((await index.view({ timestampUs: -Infinity })).version).toBe(0)
  })
})

import { afterEach, describe, expect, it, vi } from 'vitest'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { Evidence } from '../../src/store/evidence.js'
import { CapsuleWriter, verifyAppendBatch } from '../../src/capsule/writer.js'
import { signHeartbeat } from '../../src/capsule/heartbeat.js'
import { encodeSignedDeletion, signDeletion } from '../../src/capsule/deletion.js'
import { formatName } from '../../src/capsule/name.js'
import { CapsuleDeletedError, ChainMismatchError } from '../../src/errors.js'
import { Level } from 'level'
import { delegationKey, describeKey, forkProofKey, hashIndexedKey, hashIndexKey, replicaSetKey } from '../../src/store/layout.js'
import { StoreDb } from '../../src/store/level-db.js'
import { beforeWrites, deletionBatchOf, putsRow } from './write-injection.js'
import { equalBytes } from '../../src/crypto/hash.js'
import { verifyInclusion, verifyConsistency, verifyRange, rootOfLeaves } from '../../src/capsule/merkle.js'
import { payload, tempDir, testCapsule } from '../helpers.js'

const cleanups: Array<() => void> = []
afterEach(() => { for (const c of cleanups.splice(0)) c() })

async function openStore (sync = false): Promise<{ store: CapsuleStore, path: string }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  return { store: await CapsuleStore.open({ path: dir.path, sync }), path: dir.path }
}

describe('CapsuleStore', () => {
  it('appends batches, reads records back and proves them against the heartbeat', async () => {
    const { store, path } = await openStore()
    const t = testCapsule()
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const hashes: Uint8Array[] = []
    for (let b = 0; b < 20; b++) {
      const batch = writer.append(Array.from({ length: 37 }, (_, i) => payload(`r${b}-${i}`)), 1000 + b)
      hashes.push(...batch.records.map((r) => r.hash))
      await capsule.append(batch)
    }
    expect(capsule.size).toBe(740)
    expect((await capsule.read(123)).payload).toEqual(payload('r3-12'))
    const root = capsule.head!.heartbeat.root
    expect(root).toEqual(rootOfLeaves(hashes))
    for (const seq of [0, 1, 255, 256, 511, 739]) {
      const proof = await capsule.inclusionProof(seq)
      expect(verifyInclusion(seq, 740, hashes[seq]!, proof.path, root)).toBe(true)
    }
    // Range proofs from the stored tiles: across tile edges, at the tree's right edge, the whole tree, one record; and at an older size.
    for (const [from, to, size] of [[0, 740, 740], [255, 513, 740], [700, 740, 740], [5, 6, 740], [100, 300, 370]] as const) {
      const proof = await capsule.rangeProof(from, to, size)
      expect(proof).toMatchObject({ from, to, treeSize: size })
      expect(verifyRange(from, to, size, hashes.slice(from, to), proof.path, rootOfLeaves(hashes.slice(0, size)))).toBe(true)
    }
    await expect(capsule.rangeProof(5, 5)).rejects.toThrow(/records 5..5 are not a non-empty range of the first 740 records/)
    await expect(capsule.rangeProof(0, 741)).rejects.toThrow(/records 0..741 are not a non-empty range/)
    await expect(capsule.rangeProof(0, 10, 741)).rejects.toThrow(/size 741 is beyond the 740 records stored/)
    for (const from of [1, 16, 37, 300, 739]) {
      const proof = await capsule.consistencyProof(from)
      expect(verifyConsistency(from, 740, proof.path, rootOfLeaves(hashes.slice(0, from)), root)).toBe(true)
    }
    const seen: number[] = []
    for await (const r of capsule.readRange(100, 300)) seen.push(r.header.seqno)
    expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => 100 + i))
    expect(await capsule.findByTimestamp(1005)).toBe(5 * 37)
    await store.close()

    const reopened = await CapsuleStore.open({ path })
    const again = await reopened.capsule(t.name)
    expect(again.size).toBe(740)
    const w2 = new CapsuleWriter(t.name, t.signed.metadata, t.writer, again.writerState)
    const batch = w2.append([payload('after reopen')], 5000)
    await again.append(batch)
    hashes.push(batch.records[0]!.hash)
    expect(again.head!.heartbeat.root).toEqual(rootOfLeaves(hashes))
    const proof = await again.inclusionProof(740)
    expect(verifyInclusion(740, 741, hashes[740]!, proof.path, again.head!.heartbeat.root)).toBe(true)
    await reopened.close()
  })
})

describe('rows written with an append', () => {
  // A batch of 10,000 key-value puts into a tree of some two million keys, when the index stores its tree, writes
  // about 150,000 rows with its append (50,000 to 75,000 into 50,000 to 150,000 keys, measured). They were added to the
  // append's LevelDB batch as the arguments of one call, and past about 125,000 that threw V8's RangeError "Maximum
  // call stack size exceeded": the write failed, and every later one with it.
  it('an append with 150,000 rows of derived state writes them all with the records', async () => {
    const { store } = await openStore()
    const t = testCapsule()
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const rows = store.kvIndexRows(t.name)
    const count = 150_000
    const key = (i: number): Uint8Array => Uint8Array.of(0x05, i >>> 16, (i >>> 8) & 0xff, i & 0xff)
    const derived = rows.absolute(Array.from({ length: count }, (_, i) => ({ type: 'put' as const, key: key(i), value: Uint8Array.of(i & 0xff) })))
    await capsule.append(writer.append([payload('with many rows')], 1000), derived)
    expect(capsule.size).toBe(1)
    let read = 0
    for await (const [k, v] of rows.iterator()) {
      expect([k, v]).toEqual([key(read), Uint8Array.of(read & 0xff)])
      read++
    }
    expect(read).toBe(count)
    await store.close()
  }, 60_000)
})

describe('read by hash', () => {
  it('builds the hash index on first use, catches it up later, and checks full hashes', async () => {
    const { store } = await openStore()
    const t = testCapsule()
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const first = writer.append(Array.from({ length: 50 }, (_, i) => payload(`h${i}`)), 1)
    await capsule.append(first)
    expect((await capsule.findByHash(first.records[17]!.hash))!.header.seqno).toBe(17)
    const second = writer.append([payload('later')], 2)
    await capsule.append(second)
    expect((await capsule.findByHash(second.records[0]!.hash))!.header.seqno).toBe(50)
    const almost = Buffer.from(first.records[3]!.hash)
    almost[31] = almost[31]! ^ 1 // same 8-byte prefix, other hash
    expect(await capsule.findByHash(almost)).toBeUndefined()
    expect(await capsule.findByHash(new Uint8Array(32))).toBeUndefined()
    await store.close()
  })

  it('reopened, a capsule still refuses records stamped before its last heartbeat (the tip keeps the heartbeat\'s time, not the last record\'s)', async () => {
    const { store, path } = await openStore()
    const t = testCapsule()
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const batch = writer.append([payload('a')], 100)
    // The writer signed its heartbeat later than its record, as spec section 7 allows.
    const late = { ...batch, heartbeat: signHeartbeat({ ...batch.heartbeat.heartbeat, timestampUs: 200 }, t.writer) }
    await capsule.append(late)
    await store.close()
    const reopened = await (await CapsuleStore.open({ path })).capsule(t.name)
    expect(reopened.writerState.lastTimestampUs).toBe(200)
    const early = new CapsuleWriter(t.name, t.signed.metadata, t.writer, { ...reopened.writerState, lastTimestampUs: 100 }).append([payload('b')], 150)
    expect(() => verifyAppendBatch(t.name, t.signed.metadata, reopened.writerState, early.records, early.heartbeat)).toThrow(ChainMismatchError)
  })

  it('deletes a capsule whole, leaves a tombstone that refuses the name after a restart, and keeps the others', async () => {
    const { store, path } = await openStore()
    const keep = testCapsule(1)
    const gone = testCapsule(2)
    for (const t of [keep, gone]) {
      const capsule = await store.create(t.signed)
      const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
      for (let b = 0; b < 3; b++) await capsule.append(writer.append(Array.from({ length: 40 }, (_, i) => payload(`${b}-${i}`)), 10 + b))
    }
    const held = await store.capsule(gone.name)
    const order = encodeSignedDeletion(signDeletion(gone.name, 30, gone.owner))
    await store.delete(gone.name, order)
    await expect(held.append(new CapsuleWriter(gone.name, gone.signed.metadata, gone.writer, held.writerState).append([payload('late')], 20))).rejects.toThrow(CapsuleDeletedError)
    await store.close()
    // No row of the deleted capsule is left but its tombstone.
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
    const left: string[] = []
    for await (const key of db.keys()) if (Buffer.from(key).includes(Buffer.from(gone.name))) left.push(String.fromCharCode(key[0]!))
    await db.close()
    expect(left).toEqual(['Z'])
    const again = await CapsuleStore.open({ path })
    await expect(again.capsule(gone.name)).rejects.toThrow(CapsuleDeletedError)
    await expect(again.create(gone.signed)).rejects.toThrow(/deleted by its owner; its name is not used again/)
    expect([...(await again.tombstone(gone.name))!]).toEqual([...order])
    expect((await (await again.capsule(keep.name)).verifyAll()).records).toBe(120)
    await again.close()
    // What the store acknowledged of it is forgotten (the tombstone refuses the name); the other's claim stays.
    const evidence = Evidence.open(path, false)
    expect(evidence.get(gone.name)).toBeUndefined()
    expect(evidence.get(keep.name)?.size).toBe(120)
    await evidence.close()
  })

  // Found by audits: a row beside a capsule written after its deletion's batch (a replica set change, a create's
  // delegation, a fork proof, under way as the capsule was deleted) stayed on disk. Every start loaded it: a set was
  // shared with peers and each round with one failed opening the deleted capsule; a delegation had it advertised.
  const rowsBeside = [
    { row: 'replica set', key: replicaSetKey, put: 'putReplicaSet', get: 'replicaSet' },
    { row: 'delegation', key: delegationKey, put: 'putDelegation', get: 'delegation' },
    { row: 'fork proof', key: forkProofKey, put: 'putForkProof', get: 'forkProof' }
  ] as const
  it.each(rowsBeside)('keeps no $row of a capsule deleted here: refuses one written after the deletion, deletes one written during it, and drops those left by versions before', async ({ row, key, put, get }) => {
    const { store, path } = await openStore()
    const [after, writtenBefore, checkedBefore, orphan, kept] = [testCapsule(1), testCapsule(2), testCapsule(3), testCapsule(4), testCapsule(5)]
    for (const t of [after, writtenBefore, checkedBefore, orphan, kept]) await store.create(t.signed)
    // None for the two written during their deletions: the deletion's listing would find one written before.
    for (const t of [after, orphan, kept]) await store[put](t.name, Uint8Array.of(1, 2, 3))
    await store.delete(after.name, new Uint8Array(0))
    const refusal = await store[put](after.name, Uint8Array.of(4, 5, 6)).then(() => undefined, (e: unknown) => e)
    expect(refusal).toBeInstanceOf(CapsuleDeletedError)
    expect((refusal as Error).message).toMatch(/was deleted/)
    expect(await store[get](after.name)).toBeUndefined()
    // Each ordering injected at the write queue: a row written just before the deletion's batch (after the
    // deletion listed the capsule's rows), and one whose check for a tombstone passed before the batch and whose
    // write came after it. Neither is left.
    const injected = beforeWrites(
      { when: deletionBatchOf(writtenBefore.name), run: async () => { await store[put](writtenBefore.name, Uint8Array.of(4, 5, 6)) } },
      { when: (ops) => putsRow(ops, key(checkedBefore.name)), run: async () => { await store.delete(checkedBefore.name, new Uint8Array(0)) } }
    )
    try {
      await store.delete(writtenBefore.name, new Uint8Array(0))
      await expect(store[put](checkedBefore.name, Uint8Array.of(4, 5, 6))).rejects.toBeInstanceOf(CapsuleDeletedError)
    } finally {
      injected.restore()
    }
    expect(await injected.outcome(0)).toBeUndefined()
    expect(await injected.outcome(1)).toBeUndefined()
    expect(await store.tombstone(writtenBefore.name)).toBeDefined()
    expect(await store[get](writtenBefore.name)).toBeUndefined()
    expect(await store.tombstone(checkedBefore.name)).toBeDefined()
    expect(await store[get](checkedBefore.name)).toBeUndefined()
    await store.delete(orphan.name, new Uint8Array(0))
    await store.close()
    // As a version before left it: the row written after the deletion.
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.put(key(orphan.name), Uint8Array.of(7))
    await db.close()
    const again = await CapsuleStore.open({ path })
    if (row === 'delegation') {
      // Dropped by the listing of delegations, which a server's advertiser reads as it starts, and left out of it.
      expect(await again.dropOrphanRows()).toEqual([])
      const listed: string[] = []
      for await (const { name } of again.delegations()) listed.push(formatName(name))
      expect(listed).toEqual([formatName(kept.name)])
    } else {
      expect((await again.dropOrphanRows()).map((o) => ({ name: formatName(o.name), row: o.row }))).toEqual([{ name: formatName(orphan.name), row }])
    }
    expect(await again[get](orphan.name)).toBeUndefined()
    expect(await again[get](kept.name)).toEqual(Uint8Array.of(1, 2, 3))
    expect(await again.dropOrphanRows()).toEqual([])
    await again.close()
  })

  // Found by an audit: index rows that versions before left beside a tombstone (a look-up by hash, an index
  // catching up, as the capsule was deleted) stayed on disk for good: the start's clean-up walked only the rows
  // written beside a capsule.
  it('drops, at a start, the hash and key-value index rows left beside a tombstone, walking past the indexes of capsules not deleted', async () => {
    const { store, path } = await openStore()
    const capsules = Array.from({ length: 40 }, (_, i) => testCapsule(i + 1))
    for (const t of capsules) await store.create(t.signed)
    // Interleaved in name order: runs of capsules kept and deleted, longer than a walk steps through before it leaps.
    const sorted = [...capsules].sort((a, b) => Buffer.compare(a.name, b.name))
    const deleted = sorted.filter((_, i) => i % 20 >= 10)
    const kept = sorted.filter((_, i) => i % 20 < 10)
    for (const t of deleted) await store.delete(t.name, new Uint8Array(0))
    await store.close()
    // As versions before left them: index rows beside each tombstone, and whole indexes of the capsules kept.
    const indexRows = (name: Uint8Array, rows: number): Uint8Array[] => [
      hashIndexedKey(name),
      ...Array.from({ length: rows }, (_, i) => hashIndexKey(name, Buffer.from(i.toString(16).padStart(16, '0'), 'hex'))),
      ...Array.from({ length: rows }, (_, i) => Buffer.concat([Buffer.from('K'), name, Buffer.from(`key ${i}`)]))
    ]
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
    await db.batch([...deleted.flatMap((t) => indexRows(t.name, 3)), ...kept.flatMap((t) => indexRows(t.name, 500))].map((key) => ({ type: 'put' as const, key, value: Uint8Array.of(1) })))
    await db.close()
    let rowsRead = 0
    const keysPast = StoreDb.prototype.keysPast
    const counting = vi.spyOn(StoreDb.prototype, 'keysPast').mockImplementation(async function * (this: StoreDb, ...args) {
      for await (const key of keysPast.apply(this, args)) { rowsRead++; yield key }
    })
    const again = await CapsuleStore.open({ path })
    let dropped
    try {
      dropped = await again.dropOrphanRows()
    } finally {
      counting.mockRestore()
    }
    expect(dropped.map((o) => `${formatName(o.name)} ${o.row}`)).toEqual(['hash index position', 'hash index', 'key-value index'].flatMap((row) => deleted.map((t) => `${formatName(t.name)} ${row}`)))
    // Not every row of the indexes kept (20 capsules of 1,001 rows): those of the capsules beside a tombstone's and a
    // few past each run, where the walk leaps.
    expect(rowsRead).toBeLessThan(2_000)
    await again.close()
    const left = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
    const rows = new Map<string, number>()
    for await (const key of left.keys({ gte: Uint8Array.of(0x49), lt: Uint8Array.of(0x59) })) {
      if (key[0] === 0x4d || key[0] === 0x53) continue
      const name = formatName(key.subarray(1, 33))
      rows.set(name, (rows.get(name) ?? 0) + 1)
    }
    await left.close()
    expect(new Map([...rows].sort())).toEqual(new Map(kept.map((t) => [formatName(t.name), 1001] as const).sort()))
  })

  // Found by an audit: a look-up by hash under way as its capsule was deleted wrote its index rows after the
  // deletion listed the capsule's rows; they stayed on disk for good, under a name refused from then on.
  it('refuses a look-up by hash that would index a capsule being deleted: no index row is left beside the tombstone', async () => {
    const { store, path } = await openStore()
    const t = testCapsule()
    const capsule = await store.create(t.signed)
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
    const batch = writer.append([payload('a'), payload('b')], 1000)
    await capsule.append(batch)
    // The look-up runs just before the deletion's batch, after it listed the capsule's rows.
    const injected = beforeWrites({ when: deletionBatchOf(t.name), run: async () => await capsule.findByHash(batch.records[1]!.hash) })
    try {
      await store.delete(t.name, new Uint8Array(0))
    } finally {
      injected.restore()
    }
    expect(await injected.outcome(0)).toBeInstanceOf(CapsuleDeletedError)
    await store.close()
    const db = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view' })
    const left: string[] = []
    for await (const key of db.keys()) if (equalBytes(key.subarray(1, 33), t.name)) left.push(describeKey(key))
    await db.close()
    expect(left).toEqual([`capsule ${formatName(t.name)}: tombstone`])
  })

  it('forgets, at the start of a server (lostMetadata), the claims a store from before kept of its deleted capsules', async () => {
    const { store, path } = await openStore()
    const gone = testCapsule(2)
    await store.create(gone.signed)
    await store.delete(gone.name, new Uint8Array(0))
    await store.close()
    // As a store of before kept it: the claim beside the tombstone.
    let evidence = Evidence.open(path, false)
    evidence.record([{ name: gone.name, size: 0, heartbeatHash: new Uint8Array(32) }])
    await evidence.close()
    const again = await CapsuleStore.open({ path })
    expect(await again.lostMetadata(() => false)).toEqual([])
    await again.close()
    evidence = Evidence.open(path, false)
    expect(evidence.get(gone.name)).toBeUndefined()
    await evidence.close()
  })

  it('a capsule this server was taken off (moved away) is refused as such, not as one its owner deleted', async () => {
    const { store } = await openStore()
    const [moved, deleted, expired, unreadable] = [testCapsule(1), testCapsule(2), testCapsule(3), testCapsule(4)]
    for (const t of [moved, deleted, expired, unreadable]) await store.create(t.signed)
    // A move's hand-off deletes the source's copy with the owner's removal of that server as its tombstone.
    await store.delete(moved.name, encodeSignedDeletion(signDeletion(moved.name, 30, moved.owner, new Uint8Array(32).fill(9))))
    await store.delete(deleted.name, encodeSignedDeletion(signDeletion(deleted.name, 30, deleted.owner)))
    await store.delete(expired.name, new Uint8Array(0))
    await store.delete(unreadable.name, new Uint8Array([1, 2, 3]))
    const refusal = async (t: ReturnType<typeof testCapsule>): Promise<string> => {
      const err = await store.create(t.signed).then(() => undefined, (e: unknown) => e as Error)
      expect(err).toBeInstanceOf(CapsuleDeletedError)
      // Served or created, the same words.
      await expect(store.capsule(t.name)).rejects.toThrow(err!.message)
      return err!.message
    }
    expect(await refusal(moved)).toBe(`capsule ${formatName(moved.name)}: its copy on this server was deleted by its owner's order taking this server off its replicas (a move away, or a replica removed); ` +
      'the capsule lives on at its other replicas, and this server does not take it back: place it on a server it was never taken off')
    expect(await refusal(deleted)).toBe(`capsule ${formatName(deleted.name)} was deleted by its owner; its name is not used again`)
    expect(await refusal(expired)).toBe(`capsule ${formatName(expired.name)} was deleted when it expired; its name is not used again`)
    // A tombstone that does not decode says neither.
    expect(await refusal(unreadable)).toBe(`capsule ${formatName(unreadable.name)} was deleted here by its owner's order, or this server was taken off its replicas; this server does not take that name again`)
    await store.close()
  })
})

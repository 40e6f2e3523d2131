// docs/kv.md: a key-value capsule in a local store, read and written through
// LocalKv: every write ends with a checkpoint that holds, so reads at every
// version a heartbeat ends are proven; compare-and-set, time travel, diff,
// watch and blobs behave as the reference model says.
import { randomBytes } from 'node:crypto'
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { ConditionFailedError, InvalidArgumentError, KvProofUnavailableError, VersionNotHeldError, WrongKeyError } from '../../src/errors.js'
import type { KvChange, KvCondition } from '../../src/kv/api.js'
import { kvAppField, MAX_KEY_LENGTH, prefixBounds, type KvOp } from '../../src/kv/format.js'
import { KvIndex } from '../../src/kv/index.js'
import { LocalKv } from '../../src/kv/local.js'
import { checkValue, verifyKvProof } from '../../src/kv/proof.js'
import { keysForWrite } from '../../src/kv/prover.js'
import { TreeEdit } from '../../src/kv/tree-edit.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir } from '../helpers.js'
import { openEachLogFlip } from '../store/damage-helper.js'

const b = (text: string): Uint8Array => new Uint8Array(Buffer.from(text))
const text = (bytes: Uint8Array | undefined): string | undefined => bytes === undefined ? undefined : Buffer.from(bytes).toString()

let dir: ReturnType<typeof tempDir>
let store: CapsuleStore
beforeAll(async () => {
  dir = tempDir('gdp-kv-local-')
  store = await CapsuleStore.open({ path: dir.path })
})
afterAll(async () => {
  await store.close()
  dir.cleanup()
})

let clock = 1_767_225_600_000_000
async function newKv (): Promise<{ kv: LocalKv, signer: Ed25519Signer, metadata: ReturnType<typeof newMetadata> }> {
  const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: clock, appFields: [kvAppField()], nonce: randomBytes(16) })
  await store.create(signMetadata(metadata, signer))
  const kv = await LocalKv.open(store, capsuleName(metadata), { signer, clock: () => (clock += 1000) })
  return { kv, signer, metadata }
}

describe('LocalKv', () => {
  it('puts, deletes and batches, each append ending with a checkpoint that holds', async () => {
    const { kv } = await newKv()
    expect(await kv.put(b('a'), b('1'))).toEqual({ seqno: 0, version: 2, checkpointed: true })
    await kv.batch([{ type: 'put', key: b('c'), value: b('3'), encryptionEpoch: 0 }, { type: 'put', key: b('b'), value: b('2'), encryptionEpoch: 0 }, { type: 'put', key: b('c'), value: b('33'), encryptionEpoch: 0 }])
    await kv.delete(b('a'))
    const view = await kv.view()
    expect(view.version).toBe(6)
    expect((await view.range()).map((e) => [text(e.key), text(e.value)])).toEqual([['b', '2'], ['c', '33']])
    expect(text((await (await kv.view({ version: 2 })).get(b('a')))?.value)).toBe('1')
    expect(await kv.index.checkpoints()).toEqual([{ seqno: 1, version: 1, holds: true }, { seqno: 3, version: 3, holds: true }, { seqno: 5, version: 5, holds: true }])
    expect((await view.history(b('a'))).writes.map((h) => h.type)).toEqual(['put', 'delete'])
  })

  it('writes the index rows in the same LevelDB batch as the records: the index never lags its writer', async () => {
    const { kv } = await newKv()
    await kv.batch([{ type: 'put', key: b('a'), value: b('1'), encryptionEpoch: 0 }, { type: 'delete', key: b('zz') }])
    await kv.appendBlobs([b('bytes')])
    const [stateKey, state] = (await store.kvIndexRows(kv.name).iterator({ limit: 1 }).next()).value as [Uint8Array, Uint8Array]
    expect([...stateKey]).toEqual([0])
    // Records applied (bytes 1..8 of the state row) = the capsule's size, with no catch-up run since.
    expect(Number(Buffer.from(state).readBigUInt64BE(1))).toBe(kv.index.capsule.size)
    expect(kv.index.version).toBe(kv.index.capsule.size)
  })

  it('compare-and-set: writes only when every condition holds at the tip, and a lost race writes nothing', async () => {
    const { kv } = await newKv()
    const first = await kv.put(b('k'), b('v1'), { condition: { key: b('k'), absent: true } })
    await expect(kv.put(b('k'), b('v2'), { condition: { key: b('k'), absent: true } })).rejects.toThrow(ConditionFailedError)
    await kv.put(b('k'), b('v2'), { condition: { key: b('k'), seqno: first.seqno } })
    // Two writers that read the same entry: the second loses.
    await expect(kv.put(b('k'), b('v3'), { condition: { key: b('k'), seqno: first.seqno } })).rejects.toThrow(/was to be set by the put at record 0; it was set by the put at record 2/)
    await kv.delete(b('k'), { condition: { key: b('k'), valueHash: sha256(b('v2')) } })
    const gone = kv.delete(b('k'), { condition: { key: b('k'), valueHash: sha256(b('v2')) } })
    await expect(gone).rejects.toThrow(ConditionFailedError)
    // The hash is named as the condition gave it, in hex.
    await expect(gone).rejects.toThrow(new RegExp(`was to hold the value of hash ${Buffer.from(sha256(b('v2'))).toString('hex')}; it is absent$`))
    const size = kv.index.capsule.size
    await expect(kv.batch([{ type: 'put', key: b('x'), value: b('1'), encryptionEpoch: 0 }], [{ key: b('k'), seqno: 2 }])).rejects.toThrow(ConditionFailedError)
    expect(kv.index.capsule.size).toBe(size)
    expect((await (await kv.view()).get(b('k')))).toBeUndefined()
  })

  it('a condition no key could meet (a key the format does not allow, a value hash that is no SHA-256, a seqno that is no record\'s) is refused, and nothing is written, on an empty capsule too', async () => {
    const { kv } = await newKv()
    const put = async (condition: KvCondition): Promise<unknown> => await kv.put(b('x'), b('1'), { condition })
    // On the empty state a condition of absence on a key of 1,025 bytes held, and the write went in (found by attacking the gateway).
    await expect(put({ key: new Uint8Array(MAX_KEY_LENGTH + 1), absent: true })).rejects.toThrow(/conditions\[0\]: key is 1025 bytes, at most 1024 allowed/)
    await expect(put({ key: new Uint8Array(0), absent: true })).rejects.toThrow(/conditions\[0\]: a key has at least one byte/)
    await expect(put({ key: b('x'), valueHash: new Uint8Array(31) })).rejects.toThrow(/a value hash is a SHA-256 hash of 32 bytes, got 31/)
    // These failed as conditions that did not hold (ConditionFailedError), as if another writer had got in first.
    for (const seqno of [-1, 1.5, 2 ** 53, NaN]) await expect(put({ key: b('x'), seqno })).rejects.toThrow(new RegExp(`conditions\\[0\\]: a seqno is a record's, a whole number from 0 below 2\\^53, got ${seqno}`))
    expect(kv.index.capsule.size).toBe(0)
    // At the limit it is a key: the condition holds.
    await put({ key: new Uint8Array(MAX_KEY_LENGTH).fill(1), absent: true })
    await expect(kv.batch([{ type: 'put', key: b('y'), value: b('2'), encryptionEpoch: 0 }], [{ key: b('x'), seqno: 0 }, { key: new Uint8Array(MAX_KEY_LENGTH + 1), absent: true }])).rejects.toThrow(InvalidArgumentError)
    expect((await (await kv.view()).get(b('y')))).toBeUndefined()
  })

  it('a get or a history of a key the format does not allow (empty, over 1,024 bytes) is refused as RemoteKv refuses it, not answered as absent', async () => {
    const { kv } = await newKv()
    await kv.put(b('x'), b('1'))
    const view = await kv.view()
    for (const key of [new Uint8Array(0), new Uint8Array(MAX_KEY_LENGTH + 1)]) {
      await expect(view.get(key), `get of ${key.length} bytes`).rejects.toThrow(InvalidArgumentError)
      await expect(view.history(key), `history of ${key.length} bytes`).rejects.toThrow(InvalidArgumentError)
    }
    // At the limit it is a key, never written.
    expect(await view.get(new Uint8Array(MAX_KEY_LENGTH).fill(1))).toBeUndefined()
    expect((await view.history(new Uint8Array(MAX_KEY_LENGTH).fill(1))).writes).toEqual([])
  })

  it('proves gets, ranges and counts at the latest version and at past ones; a version no checkpoint covers is refused', async () => {
    const { kv, metadata } = await newKv()
    for (let i = 0; i < 40; i++) await kv.put(b(`key${String(i).padStart(2, '0')}`), b(`value ${i}`))
    await kv.delete(b('key07'))
    const latest = (await kv.view()).version
    for (const version of [latest, latest - 1, 10, 2, 1]) {
      const view = await kv.view({ version })
      const getProof = verifyKvProof(await kv.prove(version, { keys: [b('key05'), b('key07'), b('nope')] }), kv.name, metadata)
      expect([getProof.version, getProof.lastVersion]).toContain(version)
      const entry = await view.get(b('key05'))
      if (entry === undefined) expect(getProof.tree.get(b('key05'))).toBeUndefined()
      else checkValue(getProof.tree.get(b('key05'))!, entry.value)
      expect(getProof.tree.get(b('nope'))).toBeUndefined()
      const bounds = prefixBounds(b('key1'))
      const listed = verifyKvProof(await kv.prove(version, { range: bounds }), kv.name, metadata).tree.list(bounds)
      expect(listed.map((e) => text(e.key))).toEqual((await view.prefix(b('key1'))).map((e) => text(e.key)))
      const counted = verifyKvProof(await kv.prove(version, { count: { start: b('key1') } }), kv.name, metadata).tree.count({ start: b('key1') })
      expect(counted).toBe(await view.count({ gte: b('key1') }))
    }
    // Version 0, the empty state before the first put, has no checkpoint; past the latest is no version.
    await expect(kv.prove(0, { keys: [b('a')] })).rejects.toThrow(KvProofUnavailableError)
    await expect(kv.prove(latest + 1, { keys: [b('a')] })).rejects.toThrow(VersionNotHeldError)
    const bare = await newKv()
    const raw = await LocalKv.open(store, bare.kv.name, { signer: bare.signer, checkpoint: false })
    await raw.put(b('a'), b('1'))
    await expect(raw.prove(1, { keys: [b('a')] })).rejects.toThrow(KvProofUnavailableError)
  })

  it('the neighbours of a key, from a walk down the tree, are the keys a range read finds next to it on either side: present keys, absent ones, either end, an empty state', async () => {
    const { kv } = await newKv()
    const index = kv.index
    const byRange = async (key: Uint8Array): Promise<Array<string | undefined>> => {
      const view = index.viewOf(index.version)
      const [before] = await view.range({ lt: key, reverse: true, limit: 1 })
      const [after] = await view.range({ gt: key, limit: 1 })
      return [before, after].filter((e) => e !== undefined).map((e) => text(e.key))
    }
    const probes = ['', 'a', 'k000', 'k0005', 'k050', 'k150', 'k299', 'k2990', 'zz'].map((k) => b(k)).filter((k) => k.length > 0)
    for (const key of probes) expect(await index.atTip(async () => (await index.neighbours(key)).map(text))).toEqual([])
    await kv.batch(Array.from({ length: 300 }, (_, i) => ({ type: 'put' as const, key: b(`k${String(i).padStart(3, '0')}`), value: b(`${i}`), encryptionEpoch: 0 })))
    await kv.batch(Array.from({ length: 100 }, (_, i) => ({ type: 'delete' as const, key: b(`k${String(i * 3).padStart(3, '0')}`) })))
    await index.update()
    for (const key of [...probes, ...Array.from({ length: 300 }, (_, i) => b(`k${String(i).padStart(3, '0')}`))]) {
      expect(await index.atTip(async () => (await index.neighbours(key)).map(text)), text(key)).toEqual(await byRange(key))
    }
  })

  it('a writer holding only a proof of the keys it writes and their neighbours computes the checkpoint the index computes', async () => {
    const { kv } = await newKv()
    await kv.batch(Array.from({ length: 300 }, (_, i) => ({ type: 'put' as const, key: b(`k${String(i).padStart(3, '0')}`), value: b(`${i}`), encryptionEpoch: 0 })))
    const writes = [{ type: 'put' as const, key: b('k100x'), value: b('new'), encryptionEpoch: 0 }, { type: 'delete' as const, key: b('k200') }, { type: 'put' as const, key: b('k050'), value: b('changed'), encryptionEpoch: 3 }]
    const index = kv.index
    const seqno = await index.update()
    const keys = await index.atTip(async () => await keysForWrite(index, writes.map((w) => w.key)))
    const proof = await kv.prove(seqno, { keys })
    const edit = TreeEdit.fromProof(proof.nodes)
    for (const w of writes) {
      if (w.type === 'put') edit.put({ key: w.key, valueHash: sha256(w.value), encryptionEpoch: w.encryptionEpoch, seqno })
      else edit.delete(w.key)
    }
    const expected = await index.atTip(async () => await index.commitmentAfter(writes, seqno))
    expect(edit.commitment()).toEqual(expected)
  })

  it('diffs two versions, in either order, within a range', async () => {
    const { kv } = await newKv()
    await kv.batch([{ type: 'put', key: b('a'), value: b('1'), encryptionEpoch: 0 }, { type: 'put', key: b('b'), value: b('1'), encryptionEpoch: 0 }])
    const v1 = (await kv.view()).version
    await kv.put(b('a'), b('1')) // the same value again: a new entry
    await kv.delete(b('b'))
    await kv.put(b('c'), b('1'))
    const v2 = (await kv.view()).version
    const form = (d: Awaited<ReturnType<LocalKv['diff']>>): unknown => d.entries.map((e) => [text(e.key), e.before?.seqno, e.after?.seqno])
    expect(form(await kv.diff(v1, v2))).toEqual([['a', 0, 2], ['b', 0, undefined], ['c', undefined, 6]])
    expect(form(await kv.diff(v2, v1))).toEqual([['a', 2, 0], ['b', undefined, 0], ['c', 6, undefined]])
    expect(form(await kv.diff(v1, v2, { gte: b('b') }))).toEqual([['b', 0, undefined], ['c', undefined, 6]])
    // A page at a time: two keys, then what is above the second.
    const first = await kv.diff(v1, v2, {}, { limit: 2 })
    expect([form(first), first.more]).toEqual([[['a', 0, 2], ['b', 0, undefined]], true])
    expect(await kv.diff(v1, v2, { gt: b('b') }, { limit: 2 })).toMatchObject({ more: false, entries: [{ key: b('c') }] })
    // Bytes of keys and values: 'a' and its two values (3) fit in 3, 'b' with its one (2) does not.
    expect(form(await kv.diff(v1, v2, {}, { maxBytes: 3 }))).toEqual([['a', 0, 2]])
    await expect(kv.diff(v1, v2, {}, { limit: 0 })).rejects.toThrow(/a page holds at least one item/)
    // Found by auditing the facades' numbers: a maxBytes that is no number of bytes was taken, NaN as no bound at all.
    for (const maxBytes of [NaN, -1, 0.5, Infinity, 2 ** 53]) {
      for (const read of [async () => await kv.diff(v1, v2, {}, { maxBytes }), async () => await (await kv.view()).history(b('a'), { maxBytes }), async () => await (await kv.view()).rangePage({ maxBytes })]) {
        await expect(read(), String(maxBytes)).rejects.toMatchObject({ name: 'InvalidArgumentError', message: `a page holds a whole number of bytes from 0 to 2^53 - 1 past its first item, not maxBytes ${maxBytes}` })
      }
    }
    // At its least, a page holds its first item alone.
    expect(form(await kv.diff(v1, v2, {}, { maxBytes: 0 }))).toEqual([['a', 0, 2]])
    await expect(kv.index.diff(0, v2, {}, {}, 2)).rejects.toThrow(/touches more than 2 keys/)
    // The limit counts the keys the records touch: b, put and deleted, is no difference.
    expect((await kv.index.diff(0, v2, {}, {}, 3)).entries.length).toBe(2)
  })

  it('watches changes from a version, within a range, as they are appended, and stops on abort', async () => {
    const { kv } = await newKv()
    await kv.put(b('dir/a'), b('1'))
    await kv.put(b('other'), b('x'))
    const abort = new AbortController()
    const seen: KvChange[] = []
    const watching = (async () => {
      for await (const change of kv.watch(0, { range: { gte: b('dir/'), lt: b('dir0') }, signal: abort.signal })) {
        seen.push(change)
        if (seen.length === 3) abort.abort()
      }
    })()
    await kv.delete(b('dir/a'))
    await kv.put(b('other'), b('y'))
    await kv.batch([{ type: 'put', key: b('dir/b'), value: b('2'), encryptionEpoch: 0 }, { type: 'put', key: b('zzz'), value: b('3'), encryptionEpoch: 0 }])
    await watching
    expect(seen.map((c) => [c.seqno, c.version, c.writes.map((w) => [text(w.key), text(w.entry?.value)])])).toEqual([
      [0, 1, [['dir/a', '1']]],
      [4, 5, [['dir/a', undefined]]],
      [8, 9, [['dir/b', '2']]]
    ])
    // Resuming from the last change's version sees nothing older.
    const resumed = new AbortController()
    const later: KvChange[] = []
    const again = (async () => { for await (const c of kv.watch(9, { signal: resumed.signal })) { later.push(c); resumed.abort() } })()
    await kv.put(b('dir/c'), b('4'))
    await again
    expect(later.map((c) => c.seqno)).toEqual([10])
  })

  it('watchers of a capsule near its tip read and decode each new record once among them, and each sees every change', async () => {
    const { kv } = await newKv()
    const reads = vi.spyOn(kv.index.capsule, 'read')
    const watchers = Array.from({ length: 5 }, () => new AbortController())
    const seen = watchers.map(() => [] as number[])
    const watching = watchers.map(async (abort, i) => {
      for await (const change of LocalKv.onIndex(kv.index).watch(0, { signal: abort.signal })) {
        seen[i]!.push(change.seqno)
        if (seen[i]!.length === 3) abort.abort()
      }
    })
    // Three puts, each a record and its checkpoint.
    for (const value of ['1', '2', '3']) await kv.put(b('k'), b(value))
    await Promise.all(watching)
    expect(seen).toEqual(watchers.map(() => [0, 2, 4]))
    // Records 0 to 4 read once each for all five watchers (a checkpoint is read too, and changes nothing).
    expect(reads.mock.calls.map(([seqno]) => seqno).sort()).toEqual([0, 1, 2, 3, 4])
  })

  it('stores blobs, finds them by hash, and refuses a blob read of another record', async () => {
    const { kv } = await newKv()
    const seqnos = await kv.appendBlobs([b('chunk one'), b('chunk two')])
    expect(seqnos).toEqual([0, 1])
    expect((await kv.blobs(0, 2)).map(text)).toEqual(['chunk one', 'chunk two'])
    expect(await kv.findBlob(sha256(b('chunk one')))).toBe(0)
    expect(await kv.findBlob(sha256(b('nothing')))).toBeUndefined()
    await kv.put(b('a'), b('1'))
    await expect(kv.blobs(1, 3)).rejects.toThrow(/record 2 of capsule .* is a checkpoint, not a blob/)
    await expect(kv.blobs(3, 4)).rejects.toThrow(/is a put, not a blob/)
    await expect(kv.blobs(0, 99)).rejects.toThrow(/has no record 98/)
    for (const [from, to] of [[1, 1], [2, 1], [-1, 1], [0.5, 2]] as const) await expect(kv.blobs(from, to)).rejects.toThrow(InvalidArgumentError)
  })

  it('takes the hashes a writer has of its blobs (a file put), finds them by them, and refuses a count of hashes that is not one a blob', async () => {
    const { kv } = await newKv()
    const data = [b('chunk one'), b('chunk two')]
    expect(await kv.appendBlobs(data, data.map(sha256))).toEqual([0, 1])
    expect(await kv.findBlob(sha256(b('chunk two')))).toBe(1)
    await expect(kv.appendBlobs([b('chunk three')], [])).rejects.toThrow(/appendBlobs: 0 hashes for 1 blobs/)
    expect(await kv.findBlob(sha256(b('chunk three')))).toBeUndefined()
  })

  it('is read-only without the writer key', async () => {
    const { kv } = await newKv()
    const reader = await LocalKv.open(store, kv.name)
    await expect(reader.put(b('a'), b('1'))).rejects.toThrow(WrongKeyError)
    const stranger = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    await expect(LocalKv.open(store, kv.name, { signer: stranger })).rejects.toThrow(WrongKeyError)
  })

  it('a write whose append fails changes nothing, the tree it edited included: the writes after it state checkpoints that hold', async () => {
    const { kv, signer } = await newKv()
    const puts = (from: number, n: number, value: string): KvOp[] => Array.from({ length: n }, (_, i) => ({ type: 'put' as const, key: b(`k${from + i}`), value: b(value), encryptionEpoch: 0 }))
    await kv.batch(puts(0, 100, 'a'))
    const append = vi.spyOn(kv.index.capsule, 'append')
    const failOnce = (): void => { append.mockImplementationOnce(async () => { throw new Error('the disk failed') }) }
    // A small write (the tree stays in memory) and one large enough to write the tree's rows, each failing.
    for (const ops of [puts(50, 1, 'lost'), puts(0, 2100, 'lost')]) {
      failOnce()
      await expect(kv.batch(ops)).rejects.toThrow('the disk failed')
      expect(kv.index.version).toBe(2)
    }
    append.mockRestore()
    await kv.put(b('k50'), b('kept'))
    await kv.batch(puts(1000, 2100, 'b'))
    expect((await kv.index.checkpoints()).map((c) => c.holds)).toEqual([true, true, true])
    const view = await kv.view()
    expect([text((await view.get(b('k50')))?.value), text((await view.get(b('k51')))?.value), await view.count()]).toEqual(['kept', 'a', 2200])
    const reopened = await LocalKv.open(store, kv.name, { signer })
    expect(reopened.index.rebuildReason).toBeUndefined()
    expect(Buffer.from(reopened.index.commitment.root).toString('hex')).toBe(Buffer.from(kv.index.commitment.root).toString('hex'))
  })

  it('keeps its tree in memory between the times it stores it, and stores it when asked (as a command does before it exits)', async () => {
    const { kv, signer } = await newKv()
    for (let i = 0; i < 5; i++) await kv.put(b(`k${i}`), b('v'))
    const rows = store.kvIndexRows(kv.name)
    const nodeRows = async (): Promise<number> => { let n = 0; for await (const [key] of rows.iterator()) if (key[0] === 0x05) n++; return n }
    const treeVersion = async (): Promise<number> => Number(Buffer.from((await rows.get(Uint8Array.of(0)))!).readBigUInt64BE(17))
    expect([await nodeRows(), await treeVersion()]).toEqual([0, 0])
    // Opened now, the index replays the five puts onto the stored (empty) tree.
    const replayed = await LocalKv.open(store, kv.name, { signer })
    expect(replayed.index.rebuildReason).toBeUndefined()
    expect(Buffer.from(replayed.index.commitment.root).toString('hex')).toBe(Buffer.from(kv.index.commitment.root).toString('hex'))
    await kv.index.storeTree()
    expect([await nodeRows(), await treeVersion()]).toEqual([5, 10])
    // Stored again with nothing new: no change.
    await kv.index.storeTree()
    expect(await treeVersion()).toBe(10)
    await LocalKv.using(store, kv.name, { signer }, async (again) => { await again.put(b('k9'), b('v')) })
    expect([await nodeRows(), await treeVersion()]).toEqual([6, 12])
  })

  it('stores tree nodes whose children have keys of the longest length, and reads them back after a reopen', async () => {
    const { kv, signer } = await newKv()
    const longest = (c: string): Uint8Array => b(c.repeat(MAX_KEY_LENGTH))
    await kv.batch(['a', 'b', 'c', 'd', 'e'].map((c) => ({ type: 'put' as const, key: longest(c), value: b(c), encryptionEpoch: 0 })))
    await kv.index.storeTree()
    const reopened = await LocalKv.open(store, kv.name, { signer })
    // The next write walks the stored rows (all five nodes' child keys) to edit the tree.
    await reopened.put(longest('c'), b('changed'))
    expect(reopened.index.rebuildReason).toBeUndefined()
    expect((await reopened.index.checkpoints()).map((c) => c.holds)).toEqual([true, true])
    expect(text((await (await reopened.view()).get(longest('c')))?.value)).toBe('changed')
    await expect(reopened.put(b('x'.repeat(MAX_KEY_LENGTH + 1)), b('v'))).rejects.toThrow(InvalidArgumentError)
  })

  it('rebuilds the index when a node of its state tree is missing, and writes on', async () => {
    const { kv, signer } = await newKv()
    // Enough writes for the index to store its tree (it does so every 2,048 writes).
    await kv.batch(Array.from({ length: 2100 }, (_, i) => ({ type: 'put' as const, key: b(`k${i}`), value: b('v'), encryptionEpoch: 0 })))
    await kv.index.update()
    const rows = store.kvIndexRows(kv.name)
    const nodeRows: Uint8Array[] = []
    for await (const [key] of rows.iterator()) if (key[0] === 0x05) nodeRows.push(key)
    expect(nodeRows.length).toBe(2100)
    await rows.write(nodeRows.slice(0, 1050).map((key) => ({ type: 'del', key })))
    const reopened = await LocalKv.open(store, kv.name, { signer })
    await reopened.put(b('k5'), b('changed'))
    expect(reopened.index.rebuildReason).toMatch(/state tree lacks the node of key/)
    expect((await reopened.index.checkpoints()).every((c) => c.holds)).toBe(true)
    expect(text((await (await reopened.view()).get(b('k5')))?.value)).toBe('changed')
    expect((await KvIndex.open(store, kv.name)).rebuildReason).toBeUndefined()
  })
})

/**
 * Opens fortyBatches' capsule on a copy of its store whose log had a byte
 * flipped at `at`: false when its records were lost with the batches
 * (refused as missing or gone backwards, which is not wrong data); true when
 * every one of its 400 keys reads as written.
 */
async function readsAsWritten (damaged: CapsuleStore, name: Uint8Array, signer: Ed25519Signer, at: number): Promise<boolean> {
  let reopened: LocalKv
  try {
    reopened = await LocalKv.open(damaged, name, { signer, clock: () => (clock += 1000) })
  } catch (err) {
    expect(['StoreCorruptionError', 'StoreRegressionError']).toContain((err as Error).name)
    return false
  }
  const view = await reopened.view()
  const wrong: string[] = []
  for (let k = 0; k < 400; k++) if (text((await view.get(b(`k${k}`)))?.value) !== `v${k}`) wrong.push(`k${k}`)
  expect(wrong, `byte flipped at ${at.toFixed(2)} of the log`).toEqual([])
  expect(await view.count()).toBe(400)
  return true
}

/**
 * A store at `path` holding a key-value capsule of 400 keys k0..k399 (values
 * v0..v399), written as 40 writes of 10 new keys, each its own LevelDB
 * batch, all in one log (as the attack had them); closed.
 */
async function fortyBatches (path: string): Promise<{ signer: Ed25519Signer, name: Uint8Array }> {
  const store = await CapsuleStore.open({ path })
  const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: clock, appFields: [kvAppField()], nonce: randomBytes(16) })
  await store.create(signMetadata(metadata, signer))
  const name = capsuleName(metadata)
  const kv = await LocalKv.open(store, name, { signer, clock: () => (clock += 1000) })
  for (let batch = 0; batch < 40; batch++) {
    await kv.batch(Array.from({ length: 10 }, (_, i) => ({ type: 'put' as const, key: b(`k${batch * 10 + i}`), value: b(`v${batch * 10 + i}`), encryptionEpoch: 0 })))
  }
  await store.close()
  return { signer, name }
}

describe('LocalKv on a store whose LevelDB dropped part of its log', () => {
  it('is rebuilt from the records: every acknowledged key reads as written, where the index had lost some for good', async () => {
    const own = tempDir('gdp-kv-log-damage-')
    try {
      const pristine = join(own.path, 'pristine')
      const { signer, name } = await fortyBatches(pristine)
      // A byte flipped somewhere in the log: LevelDB drops the rest of that 32 KiB block's batches at the next open and
      // keeps the later ones. Where the records survived (the next write rewrote their chunk), the index must too.
      const recordsKept = await openEachLogFlip(pristine, own.path, 0.1, 0.05, {
        check: async (damaged, at) => {
          expect(readFileSync(join(damaged.path, 'LOG'), 'latin1')).toMatch(/dropping \d+ bytes/)
          // Said in the node's status.
          expect(damaged.damageAtOpen).toEqual([expect.stringMatching(/^LevelDB dropped part of its log at open \(.*dropping \d+ bytes.*\): every key-value index and hash index is rebuilt from the records$/)])
          return await readsAsWritten(damaged, name, signer, at)
        }
      })
      expect(recordsKept).toBeGreaterThan(0)
    } finally {
      own.cleanup()
    }
  }, 60_000)
  it('is rebuilt too when LevelDB kept no LOG at that open (its LOG a folder): its report of what it dropped is then missing, not its drop', async () => {
    const own = tempDir('gdp-kv-log-damage-no-log-')
    try {
      const pristine = join(own.path, 'pristine')
      const { signer, name } = await fortyBatches(pristine)
      const recordsKept = await openEachLogFlip(pristine, own.path, 0.1, 0.05, {
        // LevelDB renames LOG to LOG.old and opens a new LOG: a folder it cannot rename over a file, nor open,
        // so it logs nothing, its "dropping N bytes" included (so would it with no descriptor or no room left for it).
        prepare: (copy) => {
          writeFileSync(join(copy, 'LOG.old'), 'an earlier open\n')
          rmSync(join(copy, 'LOG'), { force: true })
          mkdirSync(join(copy, 'LOG'))
        },
        check: async (damaged, at) => {
          expect(damaged.damageAtOpen).toEqual([expect.stringMatching(/^LevelDB dropped part of its log at open \(.*kept no LOG.*\): every key-value index and hash index is rebuilt from the records$/)])
          return await readsAsWritten(damaged, name, signer, at)
        }
      })
      expect(recordsKept).toBeGreaterThan(0)
      // A store whose log LevelDB had nothing to replay from is not taken as damaged for want of a LOG.
      const clean = join(own.path, 'clean')
      cpSync(pristine, clean, { recursive: true })
      const first = await CapsuleStore.open({ path: clean })
      await first.close()
      const empty = readdirSync(clean).filter((f) => f.endsWith('.log'))
      expect(empty.every((f) => readFileSync(join(clean, f)).length === 0)).toBe(true)
      rmSync(join(clean, 'LOG'), { force: true })
      mkdirSync(join(clean, 'LOG'))
      const again = await CapsuleStore.open({ path: clean })
      try {
        expect(again.damageAtOpen).toEqual([])
      } finally {
        await again.close()
      }
    } finally {
      own.cleanup()
    }
  }, 60_000)
})

describe('a writer whose clock goes back an hour between two appends', () => {
  // Timestamps never decrease along a capsule (docs/spec.md section 5): the second append repeats the first's time, the
  // capsule verifies, and a time names the version after both (docs/kv.md section 3.2).
  it('stamps the second append with the first one\'s time, and a read at that time sees both', async () => {
    const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: clock, appFields: [kvAppField()], nonce: randomBytes(16) })
    await store.create(signMetadata(metadata, signer))
    const firstAt = clock + 1000
    let now = firstAt
    const kv = await LocalKv.open(store, capsuleName(metadata), { signer, clock: () => now })
    await kv.put(b('a'), b('1'))
    now = firstAt - 3_600_000_000
    await kv.put(b('a'), b('2'))
    const history = await (await kv.view()).history(b('a'))
    expect(history.writes.map((w) => [text((w as { value: Uint8Array }).value), w.timestampUs])).toEqual([['1', firstAt], ['2', firstAt]])
    expect((await (await store.capsule(capsuleName(metadata))).verifyAll()).records).toBe(4)
    expect(text((await (await kv.view({ timestampUs: firstAt })).get(b('a')))?.value)).toBe('2')
    expect(await (await kv.view({ timestampUs: firstAt - 1 })).get(b('a'))).toBeUndefined()
  })
})

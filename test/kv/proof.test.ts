// docs/kv.md sections 5 and 6: the state tree and verified reads. The tree
// is one per state; partial trees prove exactly what direct computation
// answers and nothing they do not show; any change to a proof is refused;
// and a whole proof is checked against a real writer-signed heartbeat.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { inclusionProofRanges, hashPerfectSubtrees, perfectSubtrees, rootOfLeaves } from '../../src/capsule/merkle.js'
import { capsuleName, newMetadata } from '../../src/capsule/metadata.js'
import type { CapsuleRecord, InclusionProof } from '../../src/capsule/types.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { recordFromParts } from '../../src/capsule/codec.js'
import { Ed25519Signer } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { InvalidArgumentError, InvalidProofError, InvalidSignatureError, MalformedMessageError } from '../../src/errors.js'
import { batchOf, boundsOf, compareKeys, encodeKvRecord, inBounds, kvAppField, prefixBounds, type KeyBounds, type KvOp, type KvRecord } from '../../src/kv/format.js'
import { KvModel } from '../../src/kv/model.js'
import { checkValue, coversTimestamp, decodeKvProof, encodeKvProof, MAX_PROOF_NODES, verifyKvProof, verifyKvTree, type KvProof } from '../../src/kv/proof.js'
import {
  buildKvTree, commitmentOf, encodeTreeNode, KV_TAGS, proveCount, proveKeys, proveRange, rankOf, treeNodeHash,
  type KvProofNode, type KvTree, type KvTreeEntry
} from '../../src/kv/tree.js'
import { pb, protoWriter } from '../../src/wire/index.js'

const b = (text: string): Uint8Array => new Uint8Array(Buffer.from(text))
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const entryOf = (key: Uint8Array, seqno = 1, value: Uint8Array = key): KvTreeEntry => ({ key, valueHash: sha256(value), encryptionEpoch: 0, seqno })

// Small keys over a small alphabet, so that ranges, prefixes and neighbours meet often.
const keyArb = fc.uint8Array({ minLength: 1, maxLength: 3, min: 0x61, max: 0x64 })
const entriesArb = fc.uniqueArray(keyArb, { selector: hex, maxLength: 40 })
  .map((keys) => keys.map((key, i) => ({ key, valueHash: sha256(Uint8Array.of(i)), encryptionEpoch: i % 3, seqno: i * 7 })))
const boundsArb = fc.record({ gt: keyArb, gte: keyArb, lt: keyArb, lte: keyArb }, { requiredKeys: [] })
  .filter((r) => !(r.gt !== undefined && r.gte !== undefined) && !(r.lt !== undefined && r.lte !== undefined))
  .map(boundsOf)

function sortedEntries (entries: KvTreeEntry[]): KvTreeEntry[] {
  return [...entries].sort((x, y) => compareKeys(x.key, y.key))
}

/** Checks the tree's shape by its definition and recomputes every hash from its encoding; returns its keys in order. */
function checkTree (t: KvTree | undefined, lo?: Uint8Array, hi?: Uint8Array): Uint8Array[] {
  if (t === undefined) return []
  const key = t.entry.key
  if (lo !== undefined) expect(compareKeys(lo, key)).toBeLessThan(0)
  if (hi !== undefined) expect(compareKeys(key, hi)).toBeLessThan(0)
  for (const child of [t.left, t.right]) if (child !== undefined) expect(Buffer.compare(rankOf(child.entry.key), rankOf(key))).toBeLessThan(0)
  expect(t.count).toBe(1 + (t.left?.count ?? 0) + (t.right?.count ?? 0))
  expect(hex(t.hash)).toBe(hex(sha256(Buffer.concat([KV_TAGS.node, encodeTreeNode(t.entry, t.left, t.right)]))))
  return [...checkTree(t.left, lo, key), key, ...checkTree(t.right, key, hi)]
}

describe('the state tree', () => {
  it('is a search tree by key, a heap by rank, with counts and hashes as defined, whatever order the entries come in', () => {
    fc.assert(fc.property(entriesArb, fc.nat(), (entries, seed) => {
      const tree = buildKvTree(entries)
      expect(checkTree(tree).map(hex)).toEqual(sortedEntries(entries).map((e) => hex(e.key)))
      const shuffled = [...entries].sort((x, y) => ((hex(x.key).length * 31 + seed) % 7) - ((hex(y.key).length * 31 + seed) % 7))
      expect(commitmentOf(buildKvTree(shuffled))).toEqual(commitmentOf(tree))
    }), { numRuns: 300 })
  })

  it('its root commits to every key, value hash, epoch and seqno', () => {
    const entries = ['a', 'b', 'c', 'd'].map((k, i) => entryOf(b(k), i))
    const root = hex(commitmentOf(buildKvTree(entries)).root)
    const changed = [
      entries.slice(1),
      [...entries, entryOf(b('e'))],
      entries.map((e, i) => i === 2 ? { ...e, valueHash: sha256(b('other')) } : e),
      entries.map((e, i) => i === 2 ? { ...e, encryptionEpoch: 1 } : e),
      entries.map((e, i) => i === 2 ? { ...e, seqno: 99 } : e)
    ]
    for (const c of changed) expect(hex(commitmentOf(buildKvTree(c)).root)).not.toBe(root)
  })

  it('of no keys is no tree; a key given twice is refused', () => {
    expect(buildKvTree([])).toBeUndefined()
    expect(commitmentOf(undefined)).toEqual({ keyCount: 0, root: new Uint8Array(0) })
    expect(() => buildKvTree([entryOf(b('a')), entryOf(b('a'), 2)])).toThrow(InvalidArgumentError)
  })

  it('a node hashes the tag and its canonical KvTreeNode, children by hash and count', () => {
    const leaf = entryOf(b('k'), 0)
    // Only key and value hash: seqno 0, epoch 0 and the absent children are left out.
    expect(hex(encodeTreeNode(leaf, undefined, undefined))).toBe(`0a016b1220${hex(leaf.valueHash)}`)
    const child = { hash: new Uint8Array(32).fill(1), count: 3 }
    expect(hex(encodeTreeNode(leaf, child, undefined))).toBe(`0a016b1220${hex(leaf.valueHash)}2a20${'01'.repeat(32)}3003`)
    expect(hex(treeNodeHash(leaf, undefined, child))).toBe(hex(sha256(Buffer.concat([b('gdp/v1/kv-node\0'), encodeTreeNode(leaf, undefined, child)]))))
  })
})

describe('partial trees prove what direct computation answers', () => {
  it('gets: present with the entry, or absent', () => {
    fc.assert(fc.property(entriesArb, fc.array(keyArb, { maxLength: 4 }), (entries, keys) => {
      const tree = buildKvTree(entries)
      const view = verifyKvTree(commitmentOf(tree), proveKeys(tree, keys))
      for (const key of keys) {
        const want = entries.find((e) => compareKeys(e.key, key) === 0)
        expect(view.get(key)).toEqual(want)
      }
    }), { numRuns: 500 })
  })

  it('ranges and prefixes: every entry within the bounds, in key order', () => {
    fc.assert(fc.property(entriesArb, fc.oneof(boundsArb, keyArb.map(prefixBounds)), (entries, bounds) => {
      const tree = buildKvTree(entries)
      const view = verifyKvTree(commitmentOf(tree), proveRange(tree, bounds))
      expect(view.list(bounds).map((e) => hex(e.key))).toEqual(sortedEntries(entries).filter((e) => inBounds(e.key, bounds)).map((e) => hex(e.key)))
      expect(view.count(bounds)).toBe(entries.filter((e) => inBounds(e.key, bounds)).length)
    }), { numRuns: 500 })
  })

  it('counts: showing only the paths to the bounds', () => {
    fc.assert(fc.property(entriesArb, boundsArb, (entries, bounds) => {
      const tree = buildKvTree(entries)
      const nodes = proveCount(tree, bounds)
      expect(verifyKvTree(commitmentOf(tree), nodes).count(bounds)).toBe(entries.filter((e) => inBounds(e.key, bounds)).length)
      // Two paths: far fewer nodes than keys in a large tree.
      expect(nodes.filter((n) => n.type === 'entry').length).toBeLessThanOrEqual(Math.max(1, entries.length))
    }), { numRuns: 500 })
  })

  it('answers nothing they do not show', () => {
    const tree = buildKvTree(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => entryOf(b(k))))
    const commitment = commitmentOf(tree)
    const path = verifyKvTree(commitment, proveKeys(tree, [b('d')]))
    const shown = new Set(proveKeys(tree, [b('d')]).filter((n) => n.type === 'entry').map((n) => (n as { entry: KvTreeEntry }).entry.key.toString()))
    const hidden = ['a', 'b', 'c', 'e', 'f', 'g', 'h'].find((k) => !shown.has(b(k).toString()))!
    expect(() => path.get(b(hidden))).toThrow(InvalidProofError)
    expect(() => path.list({})).toThrow(/does not show every key/)
    const counted = verifyKvTree(commitment, proveCount(tree, { start: b('b'), end: b('g') }))
    expect(counted.count({ start: b('b'), end: b('g') })).toBe(5)
    expect(counted.count({})).toBe(8)
    expect(() => counted.list({ start: b('b'), end: b('g') })).toThrow(InvalidProofError)
    // The root alone proves the commitment and nothing else.
    const rootOnly = verifyKvTree(commitment, proveKeys(tree, []))
    expect(rootOnly.count({})).toBe(8)
    expect(() => rootOnly.get(b('a'))).toThrow(/does not cover key "a"/)
    expect(() => rootOnly.count({ start: b('c') })).toThrow(/does not count the range/)
  })

  it('an empty state proves every key absent with no nodes, and refuses nodes', () => {
    const view = verifyKvTree(commitmentOf(undefined), [])
    expect(view.get(b('a'))).toBeUndefined()
    expect(view.list({})).toEqual([])
    expect(view.count({})).toBe(0)
    expect(() => verifyKvTree(commitmentOf(undefined), proveKeys(buildKvTree([entryOf(b('a'))]), [b('a')]))).toThrow(InvalidProofError)
  })
})

describe('a changed partial tree is refused', () => {
  const tree = buildKvTree(['apple', 'banana', 'cherry', 'date', 'elder', 'fig', 'grape', 'hazel', 'kiwi', 'lime'].map((k, i) => entryOf(b(k), i)))!
  const commitment = commitmentOf(tree)
  const valid = proveRange(tree, { start: b('c'), end: b('g') })

  function mutations (nodes: KvProofNode[]): Array<[string, KvProofNode[]]> {
    const out: Array<[string, KvProofNode[]]> = []
    const replaced = (i: number, n: KvProofNode): KvProofNode[] => nodes.map((m, j) => j === i ? n : m)
    nodes.forEach((n, i) => {
      out.push([`drop node ${i}`, nodes.filter((_, j) => j !== i)])
      out.push([`repeat node ${i}`, [...nodes.slice(0, i + 1), n, ...nodes.slice(i + 1)]])
      if (i > 0) out.push([`swap nodes ${i - 1} and ${i}`, replaced(i - 1, n).map((m, j) => j === i ? nodes[i - 1]! : m)])
      if (n.type === 'pruned') {
        out.push([`pruned ${i}: another hash`, replaced(i, { ...n, hash: sha256(n.hash) })])
        out.push([`pruned ${i}: count + 1`, replaced(i, { ...n, count: n.count + 1 })])
      } else {
        const e = n.entry
        out.push([`entry ${i}: another key`, replaced(i, { ...n, entry: { ...e, key: Buffer.concat([e.key, b('x')]) } })])
        out.push([`entry ${i}: another value hash`, replaced(i, { ...n, entry: { ...e, valueHash: sha256(e.valueHash) } })])
        out.push([`entry ${i}: another epoch`, replaced(i, { ...n, entry: { ...e, encryptionEpoch: e.encryptionEpoch + 1 } })])
        out.push([`entry ${i}: another seqno`, replaced(i, { ...n, entry: { ...e, seqno: e.seqno + 1 } })])
        out.push([`entry ${i}: has_left flipped`, replaced(i, { ...n, hasLeft: !n.hasLeft })])
        out.push([`entry ${i}: has_right flipped`, replaced(i, { ...n, hasRight: !n.hasRight })])
      }
    })
    return out
  }

  it('every single change to a node, its place or the node list', () => {
    expect(verifyKvTree(commitment, valid).list({ start: b('c'), end: b('g') }).map((e) => Buffer.from(e.key).toString())).toEqual(['cherry', 'date', 'elder', 'fig'])
    const all = mutations(valid)
    expect(all.length).toBeGreaterThan(40)
    for (const [what, nodes] of all) expect(() => verifyKvTree(commitment, nodes), what).toThrow(InvalidProofError)
  })

  it('counts moved from one pruned sibling to the other: children\'s counts are in their parent\'s hash', () => {
    // A node whose two children are both pruned, found in the proof of a get.
    const at = (function find (t: KvTree): KvTree { return t.left !== undefined && t.right !== undefined && t.left.count > 1 ? t : find(t.left ?? t.right!) })(tree)
    const nodes = proveKeys(tree, [at.entry.key])
    const i = nodes.findIndex((n) => n.type === 'entry' && n.entry.key === at.entry.key)
    const left = nodes[i + 1] as Extract<KvProofNode, { type: 'pruned' }>
    const right = nodes[i + 2] as Extract<KvProofNode, { type: 'pruned' }>
    expect([left.type, right.type]).toEqual(['pruned', 'pruned'])
    const shifted = nodes.map((n, j): KvProofNode => j === i + 1 ? { ...left, count: left.count - 1 } : j === i + 2 ? { ...right, count: right.count + 1 } : n)
    expect(() => verifyKvTree(commitment, shifted)).toThrow(/does not lead to the checkpoint's root/)
  })

  it('the wrong commitment: another root, another count', () => {
    expect(() => verifyKvTree({ ...commitment, keyCount: commitment.keyCount + 1 }, valid)).toThrow(/holds 10 keys, the checkpoint says 11/)
    expect(() => verifyKvTree({ ...commitment, root: sha256(commitment.root) }, valid)).toThrow(InvalidProofError)
  })

  it('a tree out of order or out of rank is refused even when its hashes add up (a writer\'s bad tree)', () => {
    const [x, y] = [entryOf(b('x')), entryOf(b('y'))]
    const [high, low] = Buffer.compare(rankOf(x.key), rankOf(y.key)) > 0 ? [x, y] : [y, x]
    // A parent with a child ranked above it: the heap order is broken.
    const upside = { hash: treeNodeHash(low, compareKeys(high.key, low.key) < 0 ? { hash: treeNodeHash(high, undefined, undefined), count: 1 } : undefined, compareKeys(high.key, low.key) > 0 ? { hash: treeNodeHash(high, undefined, undefined), count: 1 } : undefined), count: 2 }
    const upsideNodes: KvProofNode[] = [{ type: 'entry', entry: low, hasLeft: compareKeys(high.key, low.key) < 0, hasRight: compareKeys(high.key, low.key) > 0 }, { type: 'entry', entry: high, hasLeft: false, hasRight: false }]
    expect(() => verifyKvTree({ keyCount: 2, root: upside.hash }, upsideNodes)).toThrow(/ranks above its parent/)
    // The larger key on the left: the search order is broken.
    const [small, large] = compareKeys(high.key, low.key) < 0 ? [high, low] : [low, high]
    const wrongSide = treeNodeHash(small, { hash: treeNodeHash(large, undefined, undefined), count: 1 }, undefined)
    const wrongNodes: KvProofNode[] = [{ type: 'entry', entry: small, hasLeft: true, hasRight: false }, { type: 'entry', entry: large, hasLeft: false, hasRight: false }]
    expect(() => verifyKvTree({ keyCount: 2, root: wrongSide }, wrongNodes)).toThrow(/out of search-tree order/)
  })

  it('malformed nodes: hash and value hash lengths, counts, keys', () => {
    const pruned: KvProofNode = { type: 'pruned', hash: commitment.root, count: commitment.keyCount }
    expect(verifyKvTree(commitment, [pruned]).count({})).toBe(10)
    expect(() => verifyKvTree(commitment, [{ ...pruned, hash: commitment.root.subarray(1) }])).toThrow(/32 bytes, got 31/)
    expect(() => verifyKvTree(commitment, [{ ...pruned, count: 0 }])).toThrow(/at least one key/)
    expect(() => verifyKvTree(commitment, [{ type: 'entry', entry: { ...entryOf(b('a')), valueHash: new Uint8Array(31) }, hasLeft: false, hasRight: false }])).toThrow(/value hash/)
    expect(() => verifyKvTree(commitment, [{ type: 'entry', entry: entryOf(new Uint8Array(0)), hasLeft: false, hasRight: false }])).toThrow(/key is 0 bytes/)
    expect(() => verifyKvTree(commitment, [{ type: 'entry', entry: entryOf(new Uint8Array(1025)), hasLeft: false, hasRight: false }])).toThrow(/key is 1025 bytes/)
  })

  it(`at most ${MAX_PROOF_NODES} nodes`, () => {
    const keys = Array.from({ length: MAX_PROOF_NODES }, (_, i) => entryOf(new Uint8Array(Buffer.from(i.toString(16).padStart(5, '0'))), i))
    const big = buildKvTree(keys)
    const every = proveRange(big, {})
    expect(every.length).toBe(MAX_PROOF_NODES)
    expect(verifyKvTree(commitmentOf(big), every).count({})).toBe(MAX_PROOF_NODES)
    const over = [...every, { type: 'pruned', hash: commitment.root, count: 1 } as KvProofNode]
    expect(() => verifyKvTree(commitmentOf(big), over)).toThrow(/65537 nodes, at most 65536/)
  })
})

// ---- whole proofs against a capsule ----

const owner = new Ed25519Signer(new Uint8Array(32).fill(1))
const writerKey = new Ed25519Signer(new Uint8Array(32).fill(2))
const T0 = 1_767_225_600_000_000

/** A key-value capsule written as a KV writer would: each batch of operations ends with a checkpoint of the state after it. */
function kvCapsule (batches: Array<{ records: KvRecord[], checkpoint?: 'state' | 'none' }>): { name: Uint8Array, metadata: ReturnType<typeof newMetadata>, records: CapsuleRecord[], heartbeats: ReturnType<CapsuleWriter['append']>['heartbeat'][], model: KvModel } {
  const metadata = newMetadata({ owner: owner.publicKey, writer: writerKey.publicKey, createdAtUs: T0, appFields: [kvAppField()], nonce: new Uint8Array(8) })
  const name = capsuleName(metadata)
  const writer = new CapsuleWriter(name, metadata, writerKey, emptyWriterState(name))
  const model = new KvModel()
  const records: CapsuleRecord[] = []
  const heartbeats = []
  for (const [i, batch] of batches.entries()) {
    const t = T0 + 1_000_000 * (i + 1)
    const payloads = batch.records.map(encodeKvRecord)
    for (const record of batch.records) model.apply({ seqno: model.version, timestampUs: t, record })
    if (batch.checkpoint !== 'none') {
      const version = model.version
      const checkpoint: KvRecord = { type: 'checkpoint', version, ...model.view().commitment() }
      payloads.push(encodeKvRecord(checkpoint))
      model.apply({ seqno: version, timestampUs: t, record: checkpoint })
    }
    const appended = writer.append(payloads, t)
    records.push(...appended.records)
    heartbeats.push(appended.heartbeat)
  }
  return { name, metadata, records, heartbeats, model }
}

function inclusion (records: CapsuleRecord[], index: number, size: number): InclusionProof {
  const leaves = records.slice(0, size).map((r) => r.hash)
  const subtree = ([begin, end]: readonly [number, number]): Uint8Array => hashPerfectSubtrees(perfectSubtrees(begin, end).map((n) => rootOfLeaves(leaves.slice(n.index * 2 ** n.level, (n.index + 1) * 2 ** n.level))))
  return { index, treeSize: size, path: inclusionProofRanges(index, size).map(subtree) }
}

const ops = (...list: Array<[string, string | null]>): KvRecord => batchOf(list.map(([k, v]): KvOp => v === null ? { type: 'delete', key: b(k) } : { type: 'put', key: b(k), value: b(v), encryptionEpoch: 0 }))

describe('a whole proof, against the writer\'s heartbeat', () => {
  const capsule = kvCapsule([
    { records: [ops(['apple', '1'], ['banana', '2'], ['cherry', '3'])] },
    { records: [ops(['banana', '20'], ['date', '4']), ops(['apple', null])] },
    { records: [ops(['elder', '5'])] }
  ])
  const { name, metadata, records, heartbeats, model } = capsule
  // Records: 0 batch, 1 checkpoint(1) | 2 batch, 3 batch, 4 checkpoint(4) | 5 batch, 6 checkpoint(6).
  const latest = heartbeats[2]!

  /** The proof of a read at the checkpoint record `seqno`, against heartbeat `hb`. */
  function proofAt (seqno: number, nodes: (tree: KvTree | undefined) => KvProofNode[], hb = latest, withNext = true): KvProof {
    const checkpoint = records[seqno]!
    const version = (model.checkpoints.find((c) => c.seqno === seqno)!).checkpoint.version
    const proof: KvProof = { heartbeat: hb, checkpoint, checkpointInclusion: inclusion(records, seqno, hb.heartbeat.size), nodes: nodes(model.view({ version }).tree()) }
    if (withNext && seqno + 1 < hb.heartbeat.size) proof.next = { header: records[seqno + 1]!.header, inclusion: inclusion(records, seqno + 1, hb.heartbeat.size) }
    return proof
  }

  it('every checkpoint of the capsule holds', () => {
    expect(model.checkpoints.map((c) => [c.seqno, c.checkpoint.version, c.holds])).toEqual([[1, 1, true], [4, 4, true], [6, 6, true]])
  })

  it('proves a value present and a key absent at the latest version, and the value given beside the proof', () => {
    const state = verifyKvProof(decodeKvProof(encodeKvProof(proofAt(6, (t) => proveKeys(t, [b('banana'), b('apple')])))), name, metadata)
    expect([state.version, state.lastVersion, state.checkpointSeqno]).toEqual([6, 7, 6])
    const banana = state.tree.get(b('banana'))!
    expect(banana.seqno).toBe(2)
    checkValue(banana, b('20'))
    expect(() => checkValue(banana, b('2'))).toThrow(InvalidProofError)
    expect(state.tree.get(b('apple'))).toBeUndefined()
  })

  it('proves a range and a count at an older checkpoint, against the latest heartbeat', () => {
    const bounds: KeyBounds = { start: b('b') }
    const state = verifyKvProof(proofAt(1, (t) => proveRange(t, bounds)), name, metadata)
    expect(state.version).toBe(1)
    expect(state.tree.list(bounds).map((e) => Buffer.from(e.key).toString())).toEqual(['banana', 'cherry'])
    const counted = verifyKvProof(proofAt(4, (t) => proveCount(t, bounds)), name, metadata)
    expect(counted.tree.count(bounds)).toBe(3)
  })

  it('bounds the time the state lasted: from the checkpoint\'s record to the next record', () => {
    const middle = verifyKvProof(proofAt(4, (t) => proveKeys(t, [])), name, metadata)
    expect(middle.time).toEqual({ fromUs: T0 + 2_000_000, untilUs: T0 + 3_000_000 })
    expect(coversTimestamp(middle, T0 + 2_000_000)).toBe(true)
    expect(coversTimestamp(middle, T0 + 2_999_999)).toBe(true)
    expect(coversTimestamp(middle, T0 + 3_000_000)).toBe(false)
    expect(coversTimestamp(middle, T0 + 1_999_999)).toBe(false)
    // The last record of the heartbeat: from its time on, as far as this heartbeat goes.
    const last = verifyKvProof(proofAt(6, (t) => proveKeys(t, [])), name, metadata)
    expect(last.time).toEqual({ fromUs: T0 + 3_000_000 })
    expect(coversTimestamp(last, T0 + 10 ** 12)).toBe(true)
    // Without the next record, a checkpoint before the heartbeat's last record says nothing of time.
    const unbounded = verifyKvProof(proofAt(4, (t) => proveKeys(t, []), latest, false), name, metadata)
    expect(unbounded.time).toBeUndefined()
    expect(coversTimestamp(unbounded, T0 + 2_000_000)).toBe(false)
    // Against the heartbeat of its own batch, it is the last record.
    expect(verifyKvProof(proofAt(4, (t) => proveKeys(t, []), heartbeats[1]!), name, metadata).time).toEqual({ fromUs: T0 + 2_000_000 })
  })

  it('a checkpoint of an earlier version proves that version only, and no time', () => {
    const writes = [ops(['a', '1']), ops(['b', '2'])]
    const earlier = new KvModel()
    writes.forEach((record, seqno) => earlier.apply({ seqno, timestampUs: T0, record }))
    const checkpoint: KvRecord = { type: 'checkpoint', version: 1, ...earlier.view({ version: 1 }).commitment() }
    const writer = new CapsuleWriter(name, metadata, writerKey, emptyWriterState(name))
    const appended = writer.append([...writes, checkpoint].map(encodeKvRecord), T0)
    const proof: KvProof = { heartbeat: appended.heartbeat, checkpoint: appended.records[2]!, checkpointInclusion: inclusion(appended.records, 2, 3), nodes: proveKeys(earlier.view({ version: 1 }).tree(), [b('b')]) }
    const state = verifyKvProof(proof, name, metadata)
    expect([state.version, state.lastVersion, state.time]).toEqual([1, 1, undefined])
    expect(state.tree.get(b('b'))).toBeUndefined()
  })

  it('refuses a heartbeat of another capsule or key, a payload that is not the record\'s, a wrong inclusion proof', () => {
    const good = proofAt(4, (t) => proveKeys(t, [b('date')]))
    expect(() => verifyKvProof(good, sha256(name), metadata)).toThrow(InvalidSignatureError)
    const otherWriter = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: T0, appFields: [kvAppField()], nonce: new Uint8Array(8) })
    expect(() => verifyKvProof(good, name, otherWriter)).toThrow(InvalidSignatureError)
    expect(() => verifyKvProof({ ...good, checkpoint: { ...good.checkpoint, payload: records[6]!.payload } }, name, metadata)).toThrow(/payload does not match its hash/)
    expect(() => verifyKvProof({ ...good, checkpointInclusion: inclusion(records, 6, 7) }, name, metadata)).toThrow(/inclusion proof is for record 6/)
    expect(() => verifyKvProof({ ...good, checkpointInclusion: { ...good.checkpointInclusion, path: good.checkpointInclusion.path.map(sha256) } }, name, metadata)).toThrow(/not in the heartbeat's tree/)
    expect(() => verifyKvProof({ ...good, checkpoint: records[3]!, checkpointInclusion: inclusion(records, 3, 7) }, name, metadata)).toThrow(/is a batch, not a checkpoint/)
    expect(() => verifyKvProof({ ...good, nodes: proofAt(6, (t) => proveKeys(t, [b('date')])).nodes }, name, metadata)).toThrow(InvalidProofError)
  })

  it('refuses a next record that is not the one after the checkpoint, or not in the tree', () => {
    const good = proofAt(4, (t) => proveKeys(t, []))
    expect(() => verifyKvProof({ ...good, next: { header: records[6]!.header, inclusion: inclusion(records, 6, 7) } }, name, metadata)).toThrow(/next record given is 6, not 5/)
    expect(() => verifyKvProof({ ...good, next: { header: { ...records[5]!.header, timestampUs: T0 + 5 }, inclusion: inclusion(records, 5, 7) } }, name, metadata)).toThrow(/not in the heartbeat's tree/)
  })

  it('refuses a checkpoint the writer signed that claims a version after itself', () => {
    const writer = new CapsuleWriter(name, metadata, writerKey, emptyWriterState(name))
    const appended = writer.append([encodeKvRecord(ops(['a', '1'])), encodeKvRecord({ type: 'checkpoint', version: 2, keyCount: 0, root: new Uint8Array(0) })], T0)
    const proof: KvProof = { heartbeat: appended.heartbeat, checkpoint: appended.records[1]!, checkpointInclusion: inclusion(appended.records, 1, 2), nodes: [] }
    expect(() => verifyKvProof(proof, name, metadata)).toThrow(/covers only records before it/)
  })
})

describe('proof encoding', () => {
  const capsule = kvCapsule([{ records: [ops(['a', '1'], ['b', '2'], ['c', '3'])] }, { records: [ops(['d', '4'])] }])
  const tree = capsule.model.view({ version: 1 }).tree()
  const proof: KvProof = {
    heartbeat: capsule.heartbeats[1]!,
    checkpoint: capsule.records[1]!,
    checkpointInclusion: inclusion(capsule.records, 1, 4),
    nodes: proveKeys(tree, [b('b')]),
    next: { header: capsule.records[2]!.header, inclusion: inclusion(capsule.records, 2, 4) }
  }
  const encoded = encodeKvProof(proof)

  it('round-trips, and the decoded proof verifies', () => {
    const decoded = decodeKvProof(encoded)
    expect(hex(encodeKvProof(decoded))).toBe(hex(encoded))
    expect(verifyKvProof(decoded, capsule.name, capsule.metadata).tree.get(b('b'))).toMatchObject({ seqno: 0 })
    const { next: _, ...withoutNext } = proof
    expect(decodeKvProof(encodeKvProof(withoutNext)).next).toBeUndefined()
  })

  it('decode(encode(x)) = x for any proof of valid form', () => {
    const hash = fc.uint8Array({ minLength: 32, maxLength: 32 })
    const uint = fc.oneof(fc.constant(0), fc.nat(1000), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
    const header = fc.record({ seqno: uint, timestampUs: uint, prevHash: hash, payloadHash: hash, payloadLength: fc.nat(50) })
    const inclusionArb = fc.record({ index: uint, treeSize: uint, path: fc.array(hash, { maxLength: 3 }) })
    const nodeArb: fc.Arbitrary<KvProofNode> = fc.oneof(
      fc.record({ hash, count: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }) }).map((p): KvProofNode => ({ type: 'pruned', ...p })),
      fc.record({ key: keyArb, valueHash: hash, encryptionEpoch: fc.oneof(fc.constant(0), fc.constant(2 ** 32 - 1)), seqno: uint, hasLeft: fc.boolean(), hasRight: fc.boolean() })
        .map(({ hasLeft, hasRight, ...entry }): KvProofNode => ({ type: 'entry', entry, hasLeft, hasRight }))
    )
    const proofArb = fc.record({
      size: uint, root: hash, last: hash, at: uint, signature: fc.uint8Array({ minLength: 64, maxLength: 64 }),
      checkpointHeader: header, checkpointInclusion: inclusionArb, nodes: fc.array(nodeArb, { maxLength: 6 }),
      next: fc.option(fc.record({ header, inclusion: inclusionArb }), { nil: undefined })
    }).map((x): KvProof => {
      const payload = new Uint8Array(x.checkpointHeader.payloadLength).fill(5)
      const proof: KvProof = {
        heartbeat: { heartbeat: { capsule: x.root, size: x.size, root: x.root, lastRecordHash: x.size === 0 ? new Uint8Array(0) : x.last, timestampUs: x.at }, signature: x.signature },
        checkpoint: recordFromParts(x.checkpointHeader, payload),
        checkpointInclusion: x.checkpointInclusion,
        nodes: x.nodes
      }
      if (x.next !== undefined) proof.next = x.next
      return proof
    })
    const plain = (x: unknown): unknown => x instanceof Uint8Array ? hex(x) : Array.isArray(x) ? x.map(plain) : typeof x === 'object' && x !== null ? Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)])) : x
    fc.assert(fc.property(proofArb, (p) => {
      const bytes = encodeKvProof(p)
      const decoded = decodeKvProof(bytes)
      expect(plain(decoded)).toEqual(plain(p))
      expect(hex(encodeKvProof(decoded))).toBe(hex(bytes))
    }), { numRuns: 300 })
  })

  it('arbitrary bytes, and mutations of a valid proof, throw nothing but MalformedMessageError', () => {
    const onlyMalformed = (bytes: Uint8Array): void => {
      try {
        expect(hex(encodeKvProof(decodeKvProof(bytes)))).toBe(hex(bytes))
      } catch (err) {
        if (!(err instanceof MalformedMessageError)) throw err
      }
    }
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), onlyMalformed), { numRuns: 1000 })
    fc.assert(fc.property(fc.nat(encoded.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
      const bytes = new Uint8Array(encoded); bytes[at]! ^= xor
      onlyMalformed(bytes)
    }), { numRuns: 1000 })
  })

  it('refuses non-canonical and incomplete encodings', () => {
    const w = protoWriter()
    w.uint32(4 * 8 + 2).bytes(pb.KvProofNode.encode({ pruned: { hash: new Uint8Array(32), count: 1 } }).finish())
    const extraNode = Buffer.concat([encoded, w.finish()])
    expect(() => decodeKvProof(extraNode)).toThrow(/canonical/)
    expect(() => decodeKvProof(Buffer.concat([encoded, Uint8Array.from([0x38, 0x01])]))).toThrow(/canonical/)
    const noInclusion = pb.KvProof.encode({ ...pb.KvProof.decode(encoded), nextInclusion: null }).finish()
    expect(() => decodeKvProof(noInclusion)).toThrow(/without the other/)
    const noCheckpoint = pb.KvProof.encode({ ...pb.KvProof.decode(encoded), checkpoint: null }).finish()
    expect(() => decodeKvProof(noCheckpoint)).toThrow(/no checkpoint record/)
    const emptyNode = pb.KvProof.encode({ ...pb.KvProof.decode(encoded), nodes: [{}] }).finish()
    expect(() => decodeKvProof(emptyNode)).toThrow(/neither an entry nor a pruned subtree/)
    const zeroCount = pb.KvProof.encode({ ...pb.KvProof.decode(encoded), nodes: [{ pruned: { hash: new Uint8Array(32) } }] }).finish()
    expect(() => decodeKvProof(zeroCount)).toThrow(/at least one key/)
  })

  it(`at most ${MAX_PROOF_NODES} nodes`, () => {
    const node = { pruned: { hash: new Uint8Array(32).fill(9), count: 1 } }
    const withNodes = (n: number): Uint8Array => pb.KvProof.encode({ ...pb.KvProof.decode(encoded), nodes: Array.from({ length: n }, () => node) }).finish()
    expect(decodeKvProof(withNodes(MAX_PROOF_NODES)).nodes.length).toBe(MAX_PROOF_NODES)
    expect(() => decodeKvProof(withNodes(MAX_PROOF_NODES + 1))).toThrow(/more than 65536 nodes/)
  })
})

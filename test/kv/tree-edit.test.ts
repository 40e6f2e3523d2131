import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256 } from '../../src/crypto/hash.js'
import { buildKvTree, commitmentOf, encodeTreeNode, proveKeys, type KvTree, type KvTreeEntry } from '../../src/kv/tree.js'
import { decodeStoredNode, NodeNeeded, storedNodeHash, TreeEdit, type StoredTreeNode } from '../../src/kv/tree-edit.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const entryOf = (key: Uint8Array, seqno: number): KvTreeEntry => ({ key, valueHash: sha256(Uint8Array.of(seqno)), encryptionEpoch: 0, seqno })

/** Every node of a built tree, by hash, as an index would store it. */
function storeOf (tree: KvTree | undefined): Map<string, StoredTreeNode> {
  const nodes = new Map<string, StoredTreeNode>()
  const walk = (t: KvTree | undefined): void => {
    if (t === undefined) return
    const node: StoredTreeNode = { entry: t.entry }
    if (t.left !== undefined) node.left = { hash: t.left.hash, count: t.left.count }
    if (t.right !== undefined) node.right = { hash: t.right.hash, count: t.right.count }
    nodes.set(hex(t.hash), node)
    walk(t.left)
    walk(t.right)
  }
  walk(tree)
  return nodes
}

type Op = { type: 'put', key: Uint8Array } | { type: 'delete', key: Uint8Array }
const key = fc.uint8Array({ minLength: 1, maxLength: 3, max: 8 })
const opArb: fc.Arbitrary<Op> = fc.oneof(key.map((k) => ({ type: 'put' as const, key: k })), key.map((k) => ({ type: 'delete' as const, key: k })))

describe('editing a state tree', () => {
  it('puts and deletes on a stored tree give the tree built from scratch, and its stored nodes are exactly that tree', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 30 }), fc.array(opArb, { maxLength: 30 }), (before, after) => {
      const state = new Map<string, KvTreeEntry>()
      let seqno = 0
      const apply = (op: Op): void => {
        if (op.type === 'put') state.set(hex(op.key), entryOf(op.key, seqno++))
        else state.delete(hex(op.key))
      }
      before.forEach(apply)
      const start = buildKvTree([...state.values()])
      const store = storeOf(start)
      const edit = new TreeEdit(start === undefined ? undefined : { hash: start.hash, count: start.count }, (hash) => store.get(hex(hash)))
      for (const op of after) {
        if (op.type === 'put') edit.put(entryOf(op.key, seqno))
        apply(op)
        if (op.type === 'delete') edit.delete(op.key)
      }
      const expected = buildKvTree([...state.values()])
      expect(edit.commitment()).toEqual(commitmentOf(expected))
      // The index's rows after the edit: the old nodes, less the removed, plus the written.
      const { written, removed } = edit.changes()
      for (const h of removed) store.delete(hex(h.hash))
      for (const w of written) {
        expect(hex(storedNodeHash(w.node))).toBe(hex(w.hash))
        store.set(hex(w.hash), decodeStoredNode(encodeTreeNode(w.node.entry, w.node.left, w.node.right)))
      }
      expect([...store.keys()].sort()).toEqual([...storeOf(expected).keys()].sort())
    }), { numRuns: 300 })
  })

  it('rolled back to a mark, an edit is as if the edits since had not been made, its rows to store included', () => {
    fc.assert(fc.property(fc.array(opArb, { maxLength: 20 }), fc.array(opArb, { maxLength: 20 }), fc.array(opArb, { maxLength: 20 }), (stored, undone, kept) => {
      let seqno = 0
      const state = new Map<string, KvTreeEntry>()
      for (const op of stored) if (op.type === 'put') state.set(hex(op.key), entryOf(op.key, seqno++)); else state.delete(hex(op.key))
      const start = buildKvTree([...state.values()])
      const run = (withUndone: boolean): { commitment: unknown, written: string[], removed: string[] } => {
        const store = storeOf(start)
        const edit = new TreeEdit(start === undefined ? undefined : { hash: start.hash, count: start.count }, (hash) => store.get(hex(hash)))
        let at = seqno
        const apply = (op: Op): void => { if (op.type === 'put') edit.put(entryOf(op.key, at++)); else edit.delete(op.key) }
        if (withUndone) {
          const mark = edit.mark()
          undone.forEach(apply)
          edit.rollback(mark)
          at = seqno
        }
        kept.forEach(apply)
        const { written, removed } = edit.changes()
        return { commitment: edit.commitment(), written: written.map((w) => hex(w.hash)).sort(), removed: removed.map((r) => hex(r.hash)).sort() }
      }
      expect(run(true)).toEqual(run(false))
    }), { numRuns: 300 })
  })

  it('an edit that needs a node it cannot open throws NodeNeeded and leaves the tree as it was', () => {
    const entries = Array.from({ length: 50 }, (_, i) => entryOf(Buffer.from(`k${String(i).padStart(3, '0')}`), i))
    const tree = buildKvTree(entries)!
    const store = storeOf(tree)
    const held = new Map<string, StoredTreeNode>()
    const edit = new TreeEdit({ hash: tree.hash, count: tree.count }, (hash) => held.get(hex(hash)))
    let opened = 0
    for (;;) {
      try {
        edit.delete(Buffer.from('k025'))
        break
      } catch (err) {
        if (!(err instanceof NodeNeeded)) throw err
        expect(edit.commitment()).toEqual(commitmentOf(tree))
        held.set(hex(err.hash), store.get(hex(err.hash))!)
        opened++
      }
    }
    expect(opened).toBeLessThan(entries.length / 2)
    expect(edit.commitment()).toEqual(commitmentOf(buildKvTree(entries.filter((e) => Buffer.from(e.key).toString() !== 'k025'))))
  })

  it('a writer updates the tree a proof shows: the search paths of the keys it puts, and of the neighbours of those it deletes', () => {
    const entries = Array.from({ length: 200 }, (_, i) => entryOf(Buffer.from(`k${String(i).padStart(3, '0')}`), i))
    const tree = buildKvTree(entries)
    const put = entryOf(Buffer.from('k050x'), 500)
    const deleted = Buffer.from('k120')
    const edit = TreeEdit.fromProof(proveKeys(tree, [put.key, deleted, Buffer.from('k119'), Buffer.from('k121')]))
    edit.put(put)
    edit.delete(deleted)
    const expected = buildKvTree([...entries.filter((e) => Buffer.compare(e.key, deleted) !== 0), put])
    expect(edit.commitment()).toEqual(commitmentOf(expected))
    // A key off the proof's paths cannot be written.
    expect(() => { edit.put(entryOf(Buffer.from('k180x'), 501)) }).toThrow(NodeNeeded)
  })
})

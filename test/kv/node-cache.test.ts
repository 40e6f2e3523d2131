// src/kv/node-cache.ts: the decoded tree nodes an index (or every index of a
// server, shared) keeps, found by hash, never more than its capacity.
import { describe, expect, it } from 'vitest'
import { NodeCache } from '../../src/kv/node-cache.js'
import type { StoredTreeNode } from '../../src/kv/tree-edit.js'

const hash = (n: number, tail = 0): Uint8Array => { const h = new Uint8Array(32); new DataView(h.buffer).setUint32(0, n); h[31] = tail; return h }
const node = (n: number): StoredTreeNode => ({ entry: { key: Uint8Array.of(n), valueHash: new Uint8Array(32), encryptionEpoch: 0, seqno: n } })

describe('NodeCache', () => {
  it('holds at most its capacity, keeping what was used since the last half was filled', () => {
    const cache = new NodeCache(8)
    for (let n = 0; n < 100; n++) {
      cache.set(hash(n), node(n))
      expect(cache.size).toBeLessThanOrEqual(8)
    }
    // The last four set are in its young half whatever came before.
    for (let n = 96; n < 100; n++) expect(cache.get(hash(n))?.entry.seqno).toBe(n)
    expect(cache.get(hash(0))).toBeUndefined()
  })

  it('keeps a node that is read while others come and go', () => {
    const cache = new NodeCache(8)
    cache.set(hash(1000), node(7))
    for (let n = 0; n < 100; n++) {
      cache.set(hash(n), node(n))
      expect(cache.get(hash(1000))?.entry.seqno).toBe(7)
    }
  })

  it('answers only the whole hash it was given: a hash that shares its first six bytes is a miss, and delete forgets', () => {
    const cache = new NodeCache(8)
    cache.set(hash(1, 1), node(1))
    expect(cache.get(hash(1, 2))).toBeUndefined()
    expect(cache.get(hash(1, 1))?.entry.seqno).toBe(1)
    cache.delete(hash(1, 2))
    expect(cache.get(hash(1, 1))?.entry.seqno).toBe(1)
    cache.delete(hash(1, 1))
    expect(cache.get(hash(1, 1))).toBeUndefined()
    expect(cache.size).toBe(0)
  })
})

// The state tree's hand-written node encoding is the canonical protobuf
// encoding of KvTreeNode (what protobufjs writes), for any entry and children.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256 } from '../../src/crypto/hash.js'
import { encodeTreeNode, KV_TAGS, rankOf, treeNodeHash, treeNodeLength, writeTreeNode, type KvTreeEntry, type SubtreeRef } from '../../src/kv/tree.js'
import { pb } from '../../src/wire/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const count = fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }))
const ref: fc.Arbitrary<SubtreeRef | undefined> = fc.option(fc.record({ hash: fc.uint8Array({ minLength: 32, maxLength: 32 }), count }), { nil: undefined })
const entry: fc.Arbitrary<KvTreeEntry> = fc.record({
  key: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.uint8Array({ minLength: 1000, maxLength: 1024 })),
  valueHash: fc.uint8Array({ minLength: 32, maxLength: 32 }),
  encryptionEpoch: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2 ** 32 - 1 })),
  seqno: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }))
})

describe('state tree node encoding', () => {
  it('is the canonical KvTreeNode protobufjs writes, written alike at any offset, and the hash covers the tag and it', () => {
    fc.assert(fc.property(entry, ref, ref, fc.nat({ max: 40 }), (e, left, right, offset) => {
      const expected = pb.KvTreeNode.encode({ key: e.key, valueHash: e.valueHash, encryptionEpoch: e.encryptionEpoch, seqno: e.seqno, left: left?.hash, leftCount: left?.count, right: right?.hash, rightCount: right?.count }).finish()
      expect(hex(encodeTreeNode(e, left, right))).toBe(hex(expected))
      expect(treeNodeLength(e, left, right)).toBe(expected.length)
      const out = new Uint8Array(offset + expected.length + 5)
      expect(writeTreeNode(out, offset, e, left, right)).toBe(offset + expected.length)
      expect(hex(out.subarray(offset, offset + expected.length))).toBe(hex(expected))
      expect(hex(treeNodeHash(e, left, right))).toBe(hex(sha256(Buffer.concat([KV_TAGS.node, expected]))))
    }), { numRuns: 500 })
  })

  it('hashes a node longer than the buffer it is written in (2,048 bytes) as any other, and the next ones alike', () => {
    const e = { key: new Uint8Array(3000).fill(7), valueHash: new Uint8Array(32).fill(1), encryptionEpoch: 5, seqno: 9 }
    const child = { hash: new Uint8Array(32).fill(2), count: 3 }
    const expectedHash = (x: KvTreeEntry): string => hex(sha256(Buffer.concat([KV_TAGS.node, encodeTreeNode(x, child, child)])))
    expect(hex(treeNodeHash(e, child, child))).toBe(expectedHash(e))
    const small = { ...e, key: Uint8Array.of(1) }
    expect(hex(treeNodeHash(small, child, child))).toBe(expectedHash(small))
    expect(hex(rankOf(e.key))).toBe(hex(sha256(Buffer.concat([KV_TAGS.priority, e.key]))) + hex(e.key))
  })

  it('ranks a key by the hash of the tagged key, then the key', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 1024 }), (key) => {
      expect(hex(rankOf(key))).toBe(hex(sha256(Buffer.concat([KV_TAGS.priority, key]))) + hex(key))
    }), { numRuns: 200 })
  })
})

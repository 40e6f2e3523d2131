import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { sha256 } from '../../src/crypto/hash.js'
import {
  consistencyProofRanges, EMPTY_ROOT, frontierNodeIds, hashPerfectSubtrees, inclusionPathAfter, inclusionProofRanges, leafHash, MerkleFrontier,
  inclusionPathFromRangeProof, KEPT_TOP_LEVELS, nodeHash, perfectSubtrees, rangeProofRanges, rootFromInclusionProof, rootFromRangeProof, rootOfLeaves, VerifiedTree, verifyConsistency, verifyInclusion,
  verifyRange
} from '../../src/capsule/merkle.js'

/** RFC 6962 MTH, straight from the definition. */
function mth (leaves: Uint8Array[]): Uint8Array {
  if (leaves.length === 0) return sha256(new Uint8Array(0))
  if (leaves.length === 1) return leaves[0]!
  let k = 1
  while (k * 2 < leaves.length) k *= 2
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)))
}

const leaves = (n: number): Uint8Array[] => Array.from({ length: n }, (_, i) => leafHash(new Uint8Array([i & 0xff, i >> 8])))
const rangeHash = (all: Uint8Array[], [b, e]: readonly [number, number]): Uint8Array =>
  hashPerfectSubtrees(perfectSubtrees(b, e).map((n) => mth(all.slice(n.index * 2 ** n.level, (n.index + 1) * 2 ** n.level))))

describe('Merkle tree', () => {
  it('frontier root equals the RFC 6962 definition for every size up to 130', () => {
    const all = leaves(130)
    const frontier = new MerkleFrontier()
    expect(frontier.root()).toEqual(EMPTY_ROOT)
    for (let n = 1; n <= 130; n++) {
      frontier.append(all[n - 1]!)
      expect(Buffer.from(frontier.root())).toEqual(Buffer.from(mth(all.slice(0, n))))
      expect(frontierNodeIds(n).length).toBe(frontier.nodes.length)
    }
  })

  it('reports every perfect subtree it completes', () => {
    const nodes: Array<[number, number]> = []
    const frontier = new MerkleFrontier()
    for (const leaf of leaves(8)) frontier.append(leaf, (level, index) => nodes.push([level, index]))
    expect(nodes.length).toBe(15)
    expect(nodes.at(-1)).toEqual([3, 0])
  })

  it('inclusion proofs built from ranges verify, and fail for any other leaf or index', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (size, seed) => {
      const all = leaves(size)
      const index = seed % size
      const path = inclusionProofRanges(index, size).map((r) => rangeHash(all, r))
      const root = mth(all)
      expect(path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)))
      expect(verifyInclusion(index, size, all[index]!, path, root)).toBe(true)
      if (size > 1) {
        expect(verifyInclusion((index + 1) % size, size, all[index]!, path, root)).toBe(false)
        expect(verifyInclusion(index, size, all[(index + 1) % size]!, path, root)).toBe(false)
      }
      expect(verifyInclusion(index, index, all[index]!, path, root)).toBe(false)
      expect(verifyInclusion(index, size, all[index]!, [...path, all[0]!], root)).toBe(false)
    }), { numRuns: 200 })
  })

  /** Records checked in runs (the case of the last proof's path), with jumps anywhere (the case of the nodes kept near the top). */
  type Check = { step: number, forge: 'none' | 'leaf' | 'index' | 'sibling' | 'short' | 'long' }
  const check = fc.record({ step: fc.oneof(fc.constantFrom(0, 1, 1, 1, 2), fc.nat()), forge: fc.constantFrom('none', 'none', 'none', 'leaf', 'index', 'sibling', 'short', 'long') }) as fc.Arbitrary<Check>
  const answersAsVerifyInclusion = (size: number, first: number, checks: Check[], which: number, hashOf: (range: readonly [number, number]) => Uint8Array): void => {
    const all = (i: number): Uint8Array => hashOf([i, i + 1])
    const root = hashOf([0, size])
    const tree = new VerifiedTree(size, root)
    let index = first % size
    for (const { step, forge } of checks) {
      index = (index + step) % size
      let path = inclusionProofRanges(index, size).map(hashOf)
      let leaf = all(index)
      let at = index
      if (forge === 'leaf') leaf = all((index + 1) % size)
      if (forge === 'index') at = (index + 1) % size
      if (forge === 'sibling' && path.length > 0) path = path.map((h, i) => i === which % path.length ? sha256(h) : h)
      if (forge === 'short') path = path.slice(1)
      if (forge === 'long') path = [...path, all(0)]
      expect(tree.verify(at, leaf, path)).toBe(verifyInclusion(at, size, leaf, path, root))
    }
    expect(tree.verify(size, all(0), [])).toBe(false)
    expect(tree.verify(-1, all(0), [])).toBe(false)
  }

  it('a verified tree answers every proof as verifyInclusion does, genuine or forged, in any order', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.array(check, { minLength: 1, maxLength: 60 }), fc.nat(), (size, first, checks, which) => {
      const all = leaves(size)
      answersAsVerifyInclusion(size, first, checks, which, (r) => rangeHash(all, r))
    }), { numRuns: 300 })
  })

  it(`a verified tree of more than 2^${KEPT_TOP_LEVELS} leaves (it keeps only the nodes near the top) answers as verifyInclusion does`, () => {
    // Range hashes by the definition, each computed once.
    const memo = new Map<string, Uint8Array>()
    const hashOf = ([b, e]: readonly [number, number]): Uint8Array => {
      const key = `${b}:${e}`
      let h = memo.get(key)
      if (h === undefined) {
        if (e - b === 1) h = leafHash(new Uint8Array([b & 0xff, (b >> 8) & 0xff, b >> 16]))
        else {
          let k = 1
          while (k * 2 < e - b) k *= 2
          h = nodeHash(hashOf([b, b + k]), hashOf([b + k, e]))
        }
        memo.set(key, h)
      }
      return h
    }
    fc.assert(fc.property(fc.integer({ min: 2 ** KEPT_TOP_LEVELS + 1, max: 3 * 2 ** KEPT_TOP_LEVELS + 5 }), fc.nat(), fc.array(check, { minLength: 1, maxLength: 200 }), fc.nat(), (size, first, checks, which) => {
      answersAsVerifyInclusion(size, first, checks, which, hashOf)
    }), { numRuns: 40 })
  })

  it('range proofs: any non-empty range of any tree reaches the root, with at most 2 ceil(log2 n) hashes; any change to a leaf, a hash, the count or the range does not', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), fc.nat(), fc.nat(), (size, a, b, pick) => {
      const all = leaves(size)
      const root = mth(all)
      const from = a % size
      const to = from + 1 + (b % (size - from))
      const ranges = rangeProofRanges(from, to, size)
      const path = ranges.map((r) => rangeHash(all, r))
      const inside = all.slice(from, to)
      expect(rootFromRangeProof(from, to, size, inside, path)).toEqual(root)
      expect(verifyRange(from, to, size, inside, path, root)).toBe(true)
      expect(path.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(size)))
      // No range overlaps [from, to) or another.
      for (const [x, y] of ranges) expect(y <= from || x >= to).toBe(true)
      expect(ranges.reduce((n, [x, y]) => n + y - x, 0)).toBe(size - (to - from))
      const flip = (h: Uint8Array): Uint8Array => { const c = h.slice(); c[pick % 32]! ^= 1; return c }
      expect(verifyRange(from, to, size, inside.map((h, i) => i === pick % inside.length ? flip(h) : h), path, root)).toBe(false)
      if (path.length > 0) {
        expect(verifyRange(from, to, size, inside, path.map((h, i) => i === pick % path.length ? flip(h) : h), root)).toBe(false)
        expect(verifyRange(from, to, size, inside, path.slice(1), root)).toBe(false)
      }
      expect(verifyRange(from, to, size, inside, [...path, all[0]!], root)).toBe(false)
      expect(verifyRange(from, to, size, inside.slice(1), path, root)).toBe(false)
      if (to < size) expect(verifyRange(from + 1, to + 1, size, inside, path, root)).toBe(false)
      // (The tree's size is not what the proof proves: it comes with the root, from a signed heartbeat.)
    }), { numRuns: 500 })
  })

  it('the inclusion proof of any leaf of a range follows from the range\'s leaves and proof (what a fork proof needs)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(), fc.nat(), fc.nat(), (size, a, b, c) => {
      const all = leaves(size)
      const from = a % size
      const to = from + 1 + (b % (size - from))
      const index = from + (c % (to - from))
      const path = rangeProofRanges(from, to, size).map((r) => rangeHash(all, r))
      expect(inclusionPathFromRangeProof(index, from, to, size, all.slice(from, to), path)).toEqual(inclusionProofRanges(index, size).map((r) => rangeHash(all, r)))
      expect(inclusionPathFromRangeProof(to, from, to, size, all.slice(from, to), path)).toBeUndefined()
      if (path.length > 0) expect(inclusionPathFromRangeProof(index, from, to, size, all.slice(from, to), path.slice(1))).toBeUndefined()
    }), { numRuns: 300 })
  })

  it('a range proof of one leaf holds the nodes of its inclusion proof, left to right instead of leaf first', () => {
    const leftToRight = (ranges: Array<readonly [number, number]>): Array<readonly [number, number]> => [...ranges].sort((x, y) => x[0] - y[0])
    for (let size = 1; size <= 70; size++) {
      for (let i = 0; i < size; i++) expect(rangeProofRanges(i, i + 1, size)).toEqual(leftToRight(inclusionProofRanges(i, size)))
    }
    expect(rangeProofRanges(0, 70, 70)).toEqual([])
  })

  it('a range that is not one (empty, backwards, past the tree, not whole numbers) has no range proof and verifies nothing', () => {
    for (const [from, to, size] of [[3, 3, 10], [4, 3, 10], [0, 11, 10], [-1, 2, 10], [0.5, 2, 10], [10, 11, 10]] as const) {
      expect(() => rangeProofRanges(from, to, size)).toThrow(`leaves ${from}..${to} are not a non-empty range of a tree of size ${size}`)
      expect(rootFromRangeProof(from, to, size, [], [])).toBeUndefined()
    }
    const all = leaves(4)
    expect(rootFromRangeProof(0, 2, 4, [all[0]!, all[1]!.subarray(1)], [mth(all.slice(2))])).toBeUndefined()
    expect(rootFromRangeProof(0, 2, 4, all.slice(0, 2), [mth(all.slice(2)).subarray(1)])).toBeUndefined()
  })

  it('consistency proofs built from ranges verify between any two sizes', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 300 }), (a, b) => {
      const [m, n] = a <= b ? [a, b] : [b, a]
      const all = leaves(n)
      const path = consistencyProofRanges(m, n).map((r) => rangeHash(all, r))
      expect(verifyConsistency(m, n, path, mth(all.slice(0, m)), mth(all))).toBe(true)
      if (m < n) {
        const forked = [...all]; forked[m - 1] = leafHash(new Uint8Array([9, 9, 9]))
        expect(verifyConsistency(m, n, path, mth(forked.slice(0, m)), mth(all))).toBe(false)
      }
    }), { numRuns: 200 })
  })

  it('handles indices beyond 2^32 without 32-bit truncation', () => {
    const size = 2 ** 40 + 3
    const index = 2 ** 40 + 1
    const path = inclusionProofRanges(index, size)
    expect(path).toEqual([[2 ** 40, 2 ** 40 + 1], [2 ** 40 + 2, 2 ** 40 + 3], [0, 2 ** 40]])
    const zero = new Uint8Array(32)
    expect(() => rootFromInclusionProof(index, size, zero, [zero, zero, zero])).not.toThrow()
    expect(() => rootFromInclusionProof(index, size, zero, [zero, zero])).toThrow(/shorter/)
  })

  it('lists the siblings RFC 9162 2.1.3.1 defines at any size below 2^53, splits at and around 2^31 and 2^32 included', () => {
    // The definition, as written: split at the largest power of two below n, recurse into the half holding the leaf.
    const defined = (index: number, begin: number, end: number): Array<[number, number]> => {
      if (end - begin <= 1) return []
      let k = 1
      while (k * 2 < end - begin) k *= 2
      return index < begin + k ? [...defined(index, begin, begin + k), [begin + k, end]] : [...defined(index, begin + k, end), [begin, begin + k]]
    }
    const edges = [1, 2, 3, 2 ** 31 - 1, 2 ** 31, 2 ** 31 + 1, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52 + 7, Number.MAX_SAFE_INTEGER]
    for (const size of edges) for (const index of [0, Math.floor(size / 2), size - 1]) expect(inclusionProofRanges(index, size)).toEqual(defined(index, 0, size))
    fc.assert(fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (size, at) => {
      const index = Math.floor(at * size)
      expect(inclusionProofRanges(index, size)).toEqual(defined(index, 0, size))
    }), { numRuns: 500 })
  })

  it('rootOfLeaves matches the definition', () => {
    expect(Buffer.from(rootOfLeaves(leaves(37)))).toEqual(Buffer.from(mth(leaves(37))))
  })

  it('an inclusion proof from a frontier and the leaves after it is the proof from all the leaves', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 80 }), fc.nat(), fc.nat(), (size, b, i) => {
      const all = leaves(size)
      const base = b % size
      const index = base + (i % (size - base))
      const frontier = new MerkleFrontier()
      for (const leaf of all.slice(0, base)) frontier.append(leaf)
      const path = inclusionPathAfter(frontier, all.slice(base), index)
      expect(path.map((p) => Buffer.from(p))).toEqual(inclusionProofRanges(index, size).map(([from, to]) => Buffer.from(mth(all.slice(from, to)))))
      expect(verifyInclusion(index, size, all[index]!, path, mth(all))).toBe(true)
    }), { numRuns: 300 })
    expect(() => inclusionPathAfter(new MerkleFrontier(), [leafHash(Uint8Array.of(1))], 1)).toThrow(RangeError)
  })
})

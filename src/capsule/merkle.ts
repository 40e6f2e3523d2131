/**
 * RFC 6962 / RFC 9162 Merkle tree hashing, proof planning and verification.
 * leaf = SHA-256(0x00 || data), node = SHA-256(0x01 || left || right).
 * Sizes and indices are JS numbers (< 2^53), so bit operations are written
 * as arithmetic: `& 1` and `>> 1` would truncate to 32 bits.
 */
import { allocBytes } from '../crypto/bytes.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { InvalidProofError } from '../errors.js'

export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0))

export function leafHash (data: Uint8Array): Uint8Array {
  const input = allocBytes(1 + data.length)
  input[0] = 0x00
  input.set(data, 1)
  return sha256(input)
}

const nodeInput = new Uint8Array(65)
nodeInput[0] = 0x01

export function nodeHash (left: Uint8Array, right: Uint8Array): Uint8Array {
  nodeInput.set(left, 1)
  nodeInput.set(right, 33)
  return sha256(nodeInput)
}

/** The perfect subtree of 2^level leaves that starts at leaf index * 2^level. */
export interface NodeId {
  level: number
  index: number
}

/** A leaf range [begin, end) whose RFC 6962 subtree hash a proof needs. */
export type LeafRange = readonly [begin: number, end: number]

const isOdd = (n: number): boolean => n % 2 === 1
const half = (n: number): number => Math.floor(n / 2)

/** The largest power of two strictly below n (n >= 2). */
function splitPoint (n: number): number {
  // Below 2^31 by the count of leading zeros of n - 1, one instruction; a proof walks one split a level.
  if (n <= 0x80000000) return 1 << (31 - Math.clz32(n - 1))
  let k = 0x80000000
  while (k * 2 < n) k *= 2
  return k
}

/**
 * Decomposes [begin, end) into perfect subtrees, left to right, largest
 * first. For the ranges RFC 6962 proofs use, the subtree hash of the range is
 * the right fold of these (see hashPerfectSubtrees).
 */
export function perfectSubtrees (begin: number, end: number): NodeId[] {
  const out: NodeId[] = []
  let at = begin
  while (at < end) {
    // Largest aligned power of two starting at `at` that fits before `end`.
    let size = 1
    while (at % (size * 2) === 0 && at + size * 2 <= end) size *= 2
    let level = 0
    for (let s = size; s > 1; s /= 2) level++
    out.push({ level, index: at / size })
    at += size
  }
  return out
}

/** Subtree hash of a range from its perfect subtrees (as perfectSubtrees orders them). */
export function hashPerfectSubtrees (nodes: Uint8Array[]): Uint8Array {
  if (nodes.length === 0) return EMPTY_ROOT
  let h = nodes[nodes.length - 1]!
  for (let i = nodes.length - 2; i >= 0; i--) h = nodeHash(nodes[i]!, h)
  return h
}

/** The ranges whose hashes form the inclusion proof of leaf `index` in a tree of `size` (RFC 9162 2.1.3.1), leaf first. */
export function inclusionProofRanges (index: number, size: number): LeafRange[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of size ${size}`)
  // Down from the root to the leaf, each sibling listed, then turned leaf first.
  const out: LeafRange[] = []
  let begin = 0
  let end = size
  while (end - begin > 1) {
    const middle = begin + splitPoint(end - begin)
    if (index < middle) { out.push([middle, end]); end = middle } else { out.push([begin, middle]); begin = middle }
  }
  return out.reverse()
}

/**
 * The ranges whose hashes form the range proof of leaves [from, to) in a tree
 * of `size` (docs/spec.md section 6.1): the subtrees of the tree that lie
 * wholly outside [from, to) and whose parent overlaps it, in the order a
 * depth-first, left-to-right walk from the root meets them. At most
 * 2 * ceil(log2(size)) of them.
 */
export function rangeProofRanges (from: number, to: number, size: number): LeafRange[] {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from < to && to <= size)) throw new RangeError(`leaves ${from}..${to} are not a non-empty range of a tree of size ${size}`)
  const out: LeafRange[] = []
  const walk = (begin: number, end: number): void => {
    if (end <= from || begin >= to) { out.push([begin, end]); return }
    if (from <= begin && end <= to) return
    const k = splitPoint(end - begin)
    walk(begin, begin + k)
    walk(begin + k, end)
  }
  walk(0, size)
  return out
}

/**
 * Root of the tree of `size` reached from the hashes of leaves [from, to)
 * (`leaves`, in order) and their range proof, or undefined when the proof
 * has too few or too many hashes for that range or any hash is not 32 bytes.
 */
export function rootFromRangeProof (from: number, to: number, size: number, leaves: Uint8Array[], path: Uint8Array[]): Uint8Array | undefined {
  return walkRangeProof(from, to, size, leaves, path)
}

/**
 * The inclusion proof path (leaf first) of leaf `index`, one of [from, to),
 * from the range's leaves and its range proof: each sibling on the way up is
 * a hash of the proof or a node the leaves give. Undefined as for
 * rootFromRangeProof, or when `index` is outside the range. What a fork proof
 * needs of a record that came with a range proof.
 */
export function inclusionPathFromRangeProof (index: number, from: number, to: number, size: number, leaves: Uint8Array[], path: Uint8Array[]): Uint8Array[] | undefined {
  if (!(index >= from && index < to)) return undefined
  const siblings: Uint8Array[] = []
  const root = walkRangeProof(from, to, size, leaves, path, (split, left, right) => { siblings.push(index < split ? right : left) }, index)
  // The walk reports the nodes on the way up from the leaf: the order of an inclusion proof.
  return root === undefined ? undefined : siblings
}

/**
 * The walk of docs/spec.md section 6.1 over leaves [from, to) and the proof's
 * hashes: the root it reaches, or undefined when they do not fit. With
 * `along`, each node on the way between leaf `index` and the root is
 * reported, lowest first, with where it splits and its two children's hashes.
 */
function walkRangeProof (from: number, to: number, size: number, leaves: Uint8Array[], path: Uint8Array[], along?: (split: number, left: Uint8Array, right: Uint8Array) => void, index = -1): Uint8Array | undefined {
  if (!(Number.isSafeInteger(from) && Number.isSafeInteger(to) && from >= 0 && from < to && to <= size) || leaves.length !== to - from) return undefined
  if (leaves.some((l) => l.length !== 32) || path.some((p) => p.length !== 32)) return undefined
  let next = 0
  const walk = (begin: number, end: number): Uint8Array | undefined => {
    if (end <= from || begin >= to) return path[next++]
    if (end - begin === 1) return leaves[begin - from]
    const k = splitPoint(end - begin)
    const left = walk(begin, begin + k)
    const right = left === undefined ? undefined : walk(begin + k, end)
    if (right === undefined) return undefined
    if (along !== undefined && index >= begin && index < end) along(begin + k, left!, right)
    return nodeHash(left!, right)
  }
  const root = walk(0, size)
  return next === path.length ? root : undefined
}

/** Whether leaves [from, to) of the tree of `size` with `root` are `leaves`, by their range proof. */
export function verifyRange (from: number, to: number, size: number, leaves: Uint8Array[], path: Uint8Array[], root: Uint8Array): boolean {
  const reached = rootFromRangeProof(from, to, size, leaves, path)
  return reached !== undefined && equalBytes(reached, root)
}

/** The ranges whose hashes form the consistency proof from `size1` to `size2` (RFC 9162 2.1.4.1). */
export function consistencyProofRanges (size1: number, size2: number): LeafRange[] {
  if (!(size1 > 0 && size1 <= size2)) throw new RangeError(`no consistency proof from size ${size1} to ${size2}`)
  const out: LeafRange[] = []
  const sub = (m: number, begin: number, end: number, complete: boolean): void => {
    const n = end - begin
    if (m === n) { if (!complete) out.push([begin, end]); return }
    const k = splitPoint(n)
    if (m <= k) { sub(m, begin, begin + k, complete); out.push([begin + k, end]) } else { sub(m - k, begin + k, end, false); out.push([begin, begin + k]) }
  }
  sub(size1, 0, size2, true)
  return out
}

/** The perfect subtrees on the right edge of a tree of `size`, largest first: what an appender keeps. */
export function frontierNodeIds (size: number): NodeId[] {
  return perfectSubtrees(0, size)
}

/**
 * Root of the tree reached by an inclusion proof (RFC 9162 2.1.3.2).
 * Throws InvalidProofError when the proof's shape does not fit the tree.
 */
export function rootFromInclusionProof (index: number, size: number, leaf: Uint8Array, path: Uint8Array[]): Uint8Array {
  if (!(index >= 0 && index < size)) throw new InvalidProofError(`leaf index ${index} is outside a tree of size ${size}`)
  if (leaf.length !== 32) throw new InvalidProofError(`leaf hash must be 32 bytes, got ${leaf.length}`)
  let fn = index
  let sn = size - 1
  let r = leaf
  for (const p of path) {
    if (p.length !== 32) throw new InvalidProofError(`proof hashes are 32 bytes, got ${p.length}`)
    if (sn === 0) throw new InvalidProofError('inclusion proof is longer than the tree is deep')
    if (isOdd(fn) || fn === sn) {
      r = nodeHash(p, r)
      if (!isOdd(fn)) { while (!(isOdd(fn) || fn === 0)) { fn = half(fn); sn = half(sn) } }
    } else {
      r = nodeHash(r, p)
    }
    fn = half(fn); sn = half(sn)
  }
  if (sn !== 0) throw new InvalidProofError('inclusion proof is shorter than the tree is deep')
  return r
}

export function verifyInclusion (index: number, size: number, leaf: Uint8Array, path: Uint8Array[], root: Uint8Array): boolean {
  try {
    return equalBytes(rootFromInclusionProof(index, size, leaf, path), root)
  } catch (err) {
    if (err instanceof InvalidProofError) return false
    throw err
  }
}

/**
 * Verified nodes this many levels below the root, and above, are kept by a
 * VerifiedTree (copied into its own arrays): at most 2^(KEPT_TOP_LEVELS + 1)
 * of them, 64 KiB, whatever the tree's size.
 */
export const KEPT_TOP_LEVELS = 10

/** 2^level for every level a tree of fewer than 2^53 leaves has. */
const POWERS_OF_TWO = Array.from({ length: 54 }, (_, level) => 2 ** level)

/**
 * Verified nodes near the top of one tree. A node of a proof's path is
 * either perfect (2^level leaves from a multiple of 2^level: kept by level
 * and index, in one array of hashes per level, from `minLevel` up) or on
 * the right edge of the tree (leaves [begin, size): kept by begin; there is
 * one per level at most, the root among them).
 */
class KeptNodes {
  readonly size: number
  readonly minLevel: number
  readonly #levels: Array<{ hashes: Uint8Array, known: Uint8Array } | undefined> = []
  readonly #edge = new Map<number, Uint8Array>()

  constructor (size: number, root: Uint8Array) {
    this.size = size
    this.minLevel = Math.max(0, Math.ceil(Math.log2(size)) - KEPT_TOP_LEVELS)
    this.#edge.set(0, Uint8Array.from(root))
  }

  /** The kept hash of the node of leaves [begin, end) whose level (steps up from a leaf) is `level`, if kept. */
  get (level: number, begin: number, end: number): Uint8Array | undefined {
    if (end === this.size) return this.#edge.get(begin)
    const index = this.#indexOf(level, begin, end)
    return index < 0 ? undefined : this.#levels[level]!.hashes.subarray(index * 32, index * 32 + 32)
  }

  /** Whether that node is kept and equals `hash` (undefined: not kept); compared where it is kept, without a view of it. */
  equals (level: number, begin: number, end: number, hash: Uint8Array): boolean | undefined {
    if (end === this.size) {
      const edge = this.#edge.get(begin)
      return edge === undefined ? undefined : equalBytes(edge, hash)
    }
    const index = this.#indexOf(level, begin, end)
    if (index < 0) return undefined
    const hashes = this.#levels[level]!.hashes
    for (let i = 0, at = index * 32; i < 32; i++, at++) if (hashes[at] !== hash[i]) return false
    return true
  }

  has (level: number, begin: number, end: number): boolean {
    return end === this.size ? this.#edge.has(begin) : this.#indexOf(level, begin, end) >= 0
  }

  /** The node's index in its level's array if it is kept there, else -1. */
  #indexOf (level: number, begin: number, end: number): number {
    const width = POWERS_OF_TWO[level]!
    if (level < this.minLevel || end - begin !== width) return -1
    const index = begin / width
    const at = this.#levels[level]
    return at === undefined || at.known[index] !== 1 ? -1 : index
  }

  keep (level: number, begin: number, end: number, hash: Uint8Array): void {
    if (end === this.size) {
      if (!this.#edge.has(begin)) this.#edge.set(begin, Uint8Array.from(hash))
      return
    }
    const width = POWERS_OF_TWO[level]!
    if (level < this.minLevel || end - begin !== width) return
    const index = begin / width
    let at = this.#levels[level]
    if (at === undefined) {
      const count = Math.floor(this.size / width)
      at = { hashes: new Uint8Array(count * 32), known: new Uint8Array(count) }
      this.#levels[level] = at
    }
    if (at.known[index] === 1) return
    at.hashes.set(hash, index * 32)
    at.known[index] = 1
  }
}

/** The largest buffer a VerifiedTree keeps views of (the last proof's path): one larger is copied from. */
export const KEPT_VIEW_BUFFER_BYTES = 64 * 1024

/**
 * A proof a VerifiedTree accepted: its leaf, sibling ranges and hashes, and
 * the hash of each node from its leaf (0) up; the nodes above the last of
 * `nodes` (when it stops short of the root) are kept in the tree's KeptNodes.
 */
interface AcceptedProof {
  index: number
  ranges: LeafRange[]
  /** The path's hashes, copied where they were views of a large buffer (see #accept). */
  path: Uint8Array[]
  nodes: Uint8Array[]
}

/**
 * Inclusion proofs against one tree (one size, one root), checked with what
 * earlier proofs showed:
 * - a reader checking records in order hashes only up to the node the
 *   record shares with the last one checked (its parent, for the next
 *   record, half the time), and compares the rest of the path with the
 *   last one's;
 * - a reader checking records anywhere hashes up to the first node near
 *   the top (KEPT_TOP_LEVELS) that an earlier proof showed, and compares
 *   the rest of the path with the nodes kept, instead of hashing up to the
 *   root each time (a random record of 2^20 hashes about 10 nodes, not 20,
 *   once the top is known).
 * It accepts exactly the proofs verifyInclusion accepts (every hash of the
 * path is checked, by hashing or by comparison with a node already
 * checked), so a proof it accepts is evidence a third party can check.
 */
export class VerifiedTree {
  readonly size: number
  readonly root: Uint8Array
  #last: AcceptedProof | undefined
  readonly #kept: KeptNodes

  constructor (size: number, root: Uint8Array) {
    this.size = size
    this.root = root
    this.#kept = new KeptNodes(size, root)
  }

  /** Whether `leaf` is leaf `index` of this tree, by its inclusion proof. */
  verify (index: number, leaf: Uint8Array, path: Uint8Array[]): boolean {
    if (!(Number.isSafeInteger(index) && index >= 0 && index < this.size) || leaf.length !== 32) return false
    const ranges = inclusionProofRanges(index, this.size)
    if (path.length !== ranges.length) return false
    for (let k = 0; k < path.length; k++) if (path[k]!.length !== 32) return false
    // The top levels whose siblings are the last proof's: below them is a node both paths pass through.
    const last = this.#last
    let shared = 0
    if (last !== undefined) {
      for (; shared < ranges.length && shared < last.ranges.length; shared++) {
        const a = ranges[ranges.length - 1 - shared]!
        const b = last.ranges[last.ranges.length - 1 - shared]!
        if (a[0] !== b[0] || a[1] !== b[1]) break
      }
    }
    const own = ranges.length - shared
    const nodes = [leaf]
    let hash = leaf
    // The leaf range of the node `hash` is.
    let begin = index
    let end = index + 1
    for (let k = 0; k < own; k++) {
      if (k >= this.#kept.minLevel) {
        const known = this.#kept.equals(k, begin, end, hash)
        if (known === false) return false
        if (known === true) {
          const above = this.#keptAbove(k, begin, end, ranges, path)
          if (above === false) return false
          if (above) {
            this.#accept(index, ranges, path, nodes, k)
            return true
          }
        }
      }
      const [siblingBegin, siblingEnd] = ranges[k]!
      hash = siblingBegin < begin ? nodeHash(path[k]!, hash) : nodeHash(hash, path[k]!)
      begin = Math.min(begin, siblingBegin)
      end = Math.max(end, siblingEnd)
      nodes.push(hash)
    }
    if (last === undefined || shared === 0) {
      if (!equalBytes(hash, this.root)) return false
    } else {
      const at = last.ranges.length - shared
      if (!equalBytes(hash, this.#lastNode(last, at))) return false
      for (let k = 0; k < shared; k++) if (!equalBytes(path[own + k]!, last.path[at + k]!)) return false
      // The same nodes as the last proof's from here up: those it did not list are kept.
      for (let k = at + 1; k < last.nodes.length; k++) nodes.push(last.nodes[k]!)
    }
    this.#accept(index, ranges, path, nodes, own)
    return true
  }

  /**
   * Whether every node above the kept node [begin, end) at step `k` of a
   * proof, up to the root, is kept, and every sibling from there on is kept
   * and equals the proof's: true; false when a kept sibling differs (the
   * proof is wrong); undefined when one is not kept (the proof is checked by
   * hashing).
   */
  #keptAbove (k: number, begin: number, end: number, ranges: LeafRange[], path: Uint8Array[]): boolean | undefined {
    for (let j = k; j < ranges.length; j++) {
      const [siblingBegin, siblingEnd] = ranges[j]!
      const same = this.#kept.equals(j, siblingBegin, siblingEnd, path[j]!)
      if (same !== true) return same
      begin = Math.min(begin, siblingBegin)
      end = Math.max(end, siblingEnd)
      if (!this.#kept.has(j + 1, begin, end)) return undefined
    }
    return true
  }

  /** The hash of the node at `level` on the last proof's path: listed, or else kept. */
  #lastNode (last: AcceptedProof, level: number): Uint8Array {
    if (level < last.nodes.length) return last.nodes[level]!
    let begin = last.index
    let end = last.index + 1
    for (let k = 0; k < level; k++) {
      begin = Math.min(begin, last.ranges[k]![0])
      end = Math.max(end, last.ranges[k]![1])
    }
    return this.#kept.get(level, begin, end)!
  }

  /** Remembers an accepted proof: as the last one, and the nodes near the top it showed below step `from` (those above were known). */
  #accept (index: number, ranges: LeafRange[], path: Uint8Array[], nodes: Uint8Array[], from: number): void {
    // A decoded path's hashes are views of the frame they came in, which a reader's view keeps for as long as it
    // keeps the capsule: one of a large buffer is copied (a read of a thousand records of 16 KiB held 16 MiB so).
    // Not each of a small one: twenty copies a record slowed a reader checking records in order (npm run bench).
    let large = false
    for (let k = 0; k < path.length && !large; k++) large = path[k]!.buffer.byteLength > KEPT_VIEW_BUFFER_BYTES
    this.#last = { index, ranges, path: large ? path.map((hash) => Uint8Array.from(hash)) : path, nodes }
    const kept = this.#kept
    let begin = index
    let end = index + 1
    for (let k = 0; k < from; k++) {
      const [siblingBegin, siblingEnd] = ranges[k]!
      if (k >= kept.minLevel || end === this.size || siblingEnd === this.size) {
        kept.keep(k, begin, end, nodes[k]!)
        kept.keep(k, siblingBegin, siblingEnd, path[k]!)
      }
      begin = Math.min(begin, siblingBegin)
      end = Math.max(end, siblingEnd)
    }
    kept.keep(from, begin, end, nodes[from]!)
  }
}

/**
 * Checks that the tree of size2 with root2 extends the tree of size1 with
 * root1 (RFC 9162 2.1.4.2). A first tree of size 0 proves nothing and is
 * rejected, as in the reference vectors; callers treat "empty" specially.
 */
export function verifyConsistency (size1: number, size2: number, path: Uint8Array[], root1: Uint8Array, root2: Uint8Array): boolean {
  if (size1 > size2 || size1 === 0) return false
  if (size1 === size2) return path.length === 0 && equalBytes(root1, root2)
  if (path.length === 0 || path.some((p) => p.length !== 32)) return false
  const proof = isPowerOfTwo(size1) ? [root1, ...path] : path
  let fn = size1 - 1
  let sn = size2 - 1
  while (isOdd(fn)) { fn = half(fn); sn = half(sn) }
  let fr = proof[0]!
  let sr = proof[0]!
  for (let i = 1; i < proof.length; i++) {
    const c = proof[i]!
    if (sn === 0) return false
    if (isOdd(fn) || fn === sn) {
      fr = nodeHash(c, fr)
      sr = nodeHash(c, sr)
      if (!isOdd(fn)) { while (!(isOdd(fn) || fn === 0)) { fn = half(fn); sn = half(sn) } }
    } else {
      sr = nodeHash(sr, c)
    }
    fn = half(fn); sn = half(sn)
  }
  return sn === 0 && equalBytes(fr, root1) && equalBytes(sr, root2)
}

function isPowerOfTwo (n: number): boolean {
  let k = 1
  while (k < n) k *= 2
  return k === n
}

/**
 * The right edge of a growing tree: enough to append leaves and compute the
 * root in O(log n) memory. `append` reports every perfect subtree it
 * completes, so a store can persist the tree as it grows.
 */
export class MerkleFrontier {
  #size: number
  readonly #nodes: Uint8Array[]

  /** `nodes` are the hashes of frontierNodeIds(size), largest first. */
  constructor (size = 0, nodes: Uint8Array[] = []) {
    if (frontierNodeIds(size).length !== nodes.length) throw new RangeError(`a tree of size ${size} has ${frontierNodeIds(size).length} frontier nodes, got ${nodes.length}`)
    this.#size = size
    this.#nodes = [...nodes]
  }

  get size (): number { return this.#size }

  get nodes (): Uint8Array[] { return [...this.#nodes] }

  append (leaf: Uint8Array, onNode?: (level: number, index: number, hash: Uint8Array) => void): void {
    let h = leaf
    let index = this.#size
    let level = 0
    onNode?.(level, index, h)
    while (isOdd(index)) {
      h = nodeHash(this.#nodes.pop()!, h)
      index = (index - 1) / 2
      level++
      onNode?.(level, index, h)
    }
    this.#nodes.push(h)
    this.#size++
  }

  root (): Uint8Array {
    return hashPerfectSubtrees(this.#nodes)
  }

  clone (): MerkleFrontier {
    return new MerkleFrontier(this.#size, this.#nodes)
  }
}

/** Root of a whole list of leaf hashes (for tests and small trees). */
export function rootOfLeaves (leaves: Uint8Array[]): Uint8Array {
  const frontier = new MerkleFrontier()
  for (const leaf of leaves) frontier.append(leaf)
  return frontier.root()
}

/**
 * The inclusion proof path of leaf `index` in the tree whose first leaves
 * `frontier` sums up and whose other leaves are `leaves`, for an index at
 * or after frontier.size: what an importer can prove of a batch it holds
 * without the leaves before it.
 */
export function inclusionPathAfter (frontier: MerkleFrontier, leaves: Uint8Array[], index: number): Uint8Array[] {
  const base = frontier.size
  const size = base + leaves.length
  if (!(index >= base && index < size)) throw new RangeError(`leaf ${index} is not among the leaves ${base}..${size - 1}`)
  // A leaf's left siblings are the perfect subtrees before it: the frontier of the tree that ends at it.
  const before = frontier.clone()
  for (const leaf of leaves.slice(0, index - base)) before.append(leaf)
  const leftNodes = before.nodes
  const leftStarts = frontierNodeIds(index).map((n) => n.index * 2 ** n.level)
  return inclusionProofRanges(index, size).map(([begin, end]) =>
    end <= index ? leftNodes[leftStarts.indexOf(begin)]! : rootOfLeaves(leaves.slice(begin - base, end - base)))
}

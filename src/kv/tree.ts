/**
 * The state tree of docs/kv.md section 5, and the partial trees that prove
 * reads from it (section 6). Pure: no I/O.
 *
 * The state tree of a set of entries is the binary search tree by key in
 * which every node ranks above its children, where
 * rank(key) = SHA-256("gdp/v1/kv-priority\0" || key) || key compared as
 * unsigned bytes: a treap whose priorities come from the keys. So a state has
 * exactly one tree whoever builds it and in whatever order, its expected
 * depth is about 1.39 log2(n) whatever the keys are, and one change touches
 * one path. Each node's hash covers its entry and its children's hashes and
 * key counts, so the root commits to the whole state and every subtree to
 * its keys and how many there are.
 *
 * This module builds trees from scratch: the simple reference that an
 * incremental index is tested against, not the fast way.
 */
import { bytesFieldLength, varintFieldLength, writeBytesField, writeVarintField } from '../wire/canonical-writer.js'
import { sha256 } from '../crypto/hash.js'
import { InvalidArgumentError } from '../errors.js'
import { compareKeys, describeKey, type KeyBounds } from './format.js'

const ascii = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'))

/** The domain-separation tags of the state tree's hashes (docs/kv.md section 5). */
export const KV_TAGS = {
  node: ascii('gdp/v1/kv-node\0'),
  priority: ascii('gdp/v1/kv-priority\0')
} as const

/** What the tree says of one key: the hash of its value and the put that set it. */
export interface KvTreeEntry {
  key: Uint8Array
  /** SHA-256 of the value as stored. */
  valueHash: Uint8Array
  encryptionEpoch: number
  /** The record whose put set the value. */
  seqno: number
}

/** A subtree as its parent's hash covers it: the hash of its root node and its number of keys. */
export interface SubtreeRef {
  hash: Uint8Array
  count: number
}

export interface KvTree extends SubtreeRef {
  entry: KvTreeEntry
  left?: KvTree
  right?: KvTree
}

/** What a checkpoint states of a tree: its number of keys and its root hash (empty for no keys). */
export interface KvCommitment {
  keyCount: number
  root: Uint8Array
}

/** The commitment of no keys. */
export const EMPTY_COMMITMENT: KvCommitment = { keyCount: 0, root: new Uint8Array(0) }

/**
 * Where the preimages of the tree's hashes are written before hashing: one
 * buffer, reused, since a fresh buffer per node (off V8's heap at these
 * sizes) cost more than its hash. Grown for a preimage that does not fit.
 */
let scratch = new Uint8Array(2048)

function scratchOf (length: number): Uint8Array {
  if (scratch.length < length) scratch = new Uint8Array(length)
  return scratch
}

/** rank(key) = SHA-256("gdp/v1/kv-priority\0" || key) || key: distinct keys have distinct ranks. */
export function rankOf (key: Uint8Array): Uint8Array {
  const tag = KV_TAGS.priority
  const tagged = scratchOf(tag.length + key.length)
  tagged.set(tag)
  tagged.set(key, tag.length)
  const rank = new Uint8Array(32 + key.length)
  rank.set(sha256(tagged.subarray(0, tag.length + key.length)))
  rank.set(key, 32)
  return rank
}

// The canonical KvTreeNode of an entry and its children (absent: none),
// written by hand rather than by protobufjs, whose writer was a third of the
// cost of a key-value write's tree (test/kv/tree.test.ts checks the two agree
// on random nodes): hashed after "gdp/v1/kv-node\0", and stored in an index's
// rows, both written where they go rather than copied there.

/** Bytes of the canonical KvTreeNode of an entry and its children. */
export function treeNodeLength (entry: KvTreeEntry, left: SubtreeRef | undefined, right: SubtreeRef | undefined): number {
  return bytesFieldLength(entry.key) + bytesFieldLength(entry.valueHash) + varintFieldLength(entry.encryptionEpoch) + varintFieldLength(entry.seqno) +
    bytesFieldLength(left?.hash) + varintFieldLength(left?.count) + bytesFieldLength(right?.hash) + varintFieldLength(right?.count)
}

/** Writes the canonical KvTreeNode of an entry and its children into `out` at `at` (treeNodeLength bytes); returns where it ends. */
export function writeTreeNode (out: Uint8Array, at: number, entry: KvTreeEntry, left: SubtreeRef | undefined, right: SubtreeRef | undefined): number {
  at = writeBytesField(out, at, 0x0a, entry.key)
  at = writeBytesField(out, at, 0x12, entry.valueHash)
  at = writeVarintField(out, at, 0x18, entry.encryptionEpoch)
  at = writeVarintField(out, at, 0x20, entry.seqno)
  at = writeBytesField(out, at, 0x2a, left?.hash)
  at = writeVarintField(out, at, 0x30, left?.count)
  at = writeBytesField(out, at, 0x3a, right?.hash)
  return writeVarintField(out, at, 0x40, right?.count)
}

/** The canonical KvTreeNode of an entry and its children (absent: none). */
export function encodeTreeNode (entry: KvTreeEntry, left: SubtreeRef | undefined, right: SubtreeRef | undefined): Uint8Array {
  const out = new Uint8Array(treeNodeLength(entry, left, right))
  writeTreeNode(out, 0, entry, left, right)
  return out
}

/** node hash = SHA-256("gdp/v1/kv-node\0" || canonical KvTreeNode), its preimage written in the scratch buffer. */
export function treeNodeHash (entry: KvTreeEntry, left: SubtreeRef | undefined, right: SubtreeRef | undefined): Uint8Array {
  const tag = KV_TAGS.node
  const out = scratchOf(tag.length + treeNodeLength(entry, left, right))
  out.set(tag)
  return sha256(out.subarray(0, writeTreeNode(out, tag.length, entry, left, right)))
}

function node (entry: KvTreeEntry, left: KvTree | undefined, right: KvTree | undefined): KvTree {
  const tree: KvTree = { entry, hash: treeNodeHash(entry, left, right), count: 1 + (left?.count ?? 0) + (right?.count ?? 0) }
  if (left !== undefined) tree.left = left
  if (right !== undefined) tree.right = right
  return tree
}

/**
 * The state tree of `entries` (any order), undefined for none: the entry of
 * highest rank at the root, the smaller keys' tree on its left, the larger
 * keys' on its right. Throws InvalidArgumentError for a key given twice.
 */
export function buildKvTree (entries: KvTreeEntry[]): KvTree | undefined {
  const sorted = [...entries].sort((a, b) => compareKeys(a.key, b.key))
  for (let i = 1; i < sorted.length; i++) {
    if (compareKeys(sorted[i - 1]!.key, sorted[i]!.key) === 0) throw new InvalidArgumentError(`key ${describeKey(sorted[i]!.key)} is given twice; a state holds a key once`)
  }
  const ranks = sorted.map((e) => rankOf(e.key))
  const build = (begin: number, end: number): KvTree | undefined => {
    if (begin >= end) return undefined
    let top = begin
    for (let i = begin + 1; i < end; i++) if (Buffer.compare(ranks[i]!, ranks[top]!) > 0) top = i
    return node(sorted[top]!, build(begin, top), build(top + 1, end))
  }
  return build(0, sorted.length)
}

export function commitmentOf (tree: KvTree | undefined): KvCommitment {
  return tree === undefined ? EMPTY_COMMITMENT : { keyCount: tree.count, root: tree.hash }
}

// ---- intervals: what the revealed ancestors of a subtree say of its keys ----

/** The keys a subtree may hold, lo < key < hi, as its ancestors' keys bound them; an absent bound is unbounded. */
export interface KeyInterval {
  lo?: Uint8Array
  hi?: Uint8Array
}

export function intervalHolds (interval: KeyInterval, key: Uint8Array): boolean {
  return (interval.lo === undefined || compareKeys(interval.lo, key) < 0) && (interval.hi === undefined || compareKeys(key, interval.hi) < 0)
}

/** No key of the interval is within the bounds: it lies wholly below start or at or above end. */
export function intervalOutside (interval: KeyInterval, bounds: KeyBounds): boolean {
  return (interval.hi !== undefined && bounds.start !== undefined && compareKeys(interval.hi, bounds.start) <= 0) ||
    (interval.lo !== undefined && bounds.end !== undefined && compareKeys(interval.lo, bounds.end) >= 0)
}

/** Every key of the interval is within the bounds. */
export function intervalInside (interval: KeyInterval, bounds: KeyBounds): boolean {
  return (bounds.start === undefined || (interval.lo !== undefined && compareKeys(interval.lo, bounds.start) >= 0)) &&
    (bounds.end === undefined || (interval.hi !== undefined && compareKeys(interval.hi, bounds.end) <= 0))
}

export const leftOf = (interval: KeyInterval, key: Uint8Array): KeyInterval => interval.lo === undefined ? { hi: key } : { lo: interval.lo, hi: key }
export const rightOf = (interval: KeyInterval, key: Uint8Array): KeyInterval => interval.hi === undefined ? { lo: key } : { lo: key, hi: interval.hi }

// ---- partial trees (docs/kv.md section 6.1) ----

/**
 * One node of a partial tree in pre-order: an entry shown, followed by its
 * left subtree's nodes if it has one, then its right's; or a whole subtree
 * given by its hash and count.
 */
export type KvProofNode =
  | { type: 'entry', entry: KvTreeEntry, hasLeft: boolean, hasRight: boolean }
  | { type: 'pruned', hash: Uint8Array, count: number }

/** The partial tree that shows exactly the subtrees `show` asks for, given the interval of each. */
function partialTree (tree: KvTree | undefined, show: (interval: KeyInterval) => boolean): KvProofNode[] {
  const out: KvProofNode[] = []
  const walk = (t: KvTree, interval: KeyInterval): void => {
    if (!show(interval)) {
      out.push({ type: 'pruned', hash: t.hash, count: t.count })
      return
    }
    out.push({ type: 'entry', entry: t.entry, hasLeft: t.left !== undefined, hasRight: t.right !== undefined })
    if (t.left !== undefined) walk(t.left, leftOf(interval, t.entry.key))
    if (t.right !== undefined) walk(t.right, rightOf(interval, t.entry.key))
  }
  if (tree !== undefined) walk(tree, {})
  return out
}

/** Shows the search path of each key: proves each present, with its entry, or absent. */
export function proveKeys (tree: KvTree | undefined, keys: Uint8Array[]): KvProofNode[] {
  return partialTree(tree, (interval) => keys.some((key) => intervalHolds(interval, key)))
}

/** Shows every entry within the bounds and the paths to both ends: proves the list of keys in a range or with a prefix. */
export function proveRange (tree: KvTree | undefined, bounds: KeyBounds): KvProofNode[] {
  return partialTree(tree, (interval) => !intervalOutside(interval, bounds))
}

/** Shows only the paths to both ends: proves how many keys lie within the bounds, the subtrees between given by their counts. */
export function proveCount (tree: KvTree | undefined, bounds: KeyBounds): KvProofNode[] {
  return partialTree(tree, (interval) => !intervalOutside(interval, bounds) && !intervalInside(interval, bounds))
}

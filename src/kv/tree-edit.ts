/**
 * Updating a state tree (docs/kv.md section 5) in O(log n) per write
 * without holding all of it: the tree is held as far as it has been opened,
 * each unopened subtree as its hash and count (a partial tree, the form of a
 * proof), and a put or delete opens only the nodes it walks. Pure: no I/O.
 *
 * Nodes are opened through a resolver the caller gives (a cache over the
 * index's rows, or nothing beyond a proof the writer was sent). When an
 * operation reaches a subtree the resolver does not hold, it throws
 * NodeNeeded with that subtree's hash and leaves the tree as it was (every
 * change copies its path and is installed only at the end), so an async
 * caller loads the node and runs the operation again: `editTree`.
 *
 * Insertion splits the subtree where the new key's rank belongs along the
 * key's search path; deletion merges the deleted node's children along the
 * right edge of its left child and the left edge of its right child (the
 * search paths of its neighbours). Both give the one tree of the new state,
 * since a state has exactly one tree.
 */
import { InvalidArgumentError, MalformedMessageError } from '../errors.js'
import { decodeProto, pb } from '../wire/index.js'
import { compareKeys } from './format.js'
import { sha256 } from '../crypto/hash.js'
import { encodeTreeNode, KV_TAGS, rankOf, taggedTreeNode, treeNodeHash, EMPTY_COMMITMENT, type KvCommitment, type KvProofNode, type KvTreeEntry, type SubtreeRef } from './tree.js'

/** A node as stored: its entry and its children's references. */
export interface StoredTreeNode {
  entry: KvTreeEntry
  left?: SubtreeRef
  right?: SubtreeRef
  /** rankOf(entry.key), kept by the first edit that opens the node: a cached node is ranked once. */
  rank?: Uint8Array
  /** The children's keys, for a store that finds nodes by key (the index). */
  leftKey?: Uint8Array
  rightKey?: Uint8Array
}

/** A stored node no longer in the tree: its hash, and its key (which the tree may hold in another node). */
export interface RemovedTreeNode {
  hash: Uint8Array
  key: Uint8Array
}

/** A node of the tree as edited, to walk it: open (its entry, children and, once hashed, reference), or a stored subtree not opened. */
export type TreeNode = OpenTreeNode | { readonly closed: SubtreeRef, readonly key?: Uint8Array }
export interface OpenTreeNode { readonly entry: KvTreeEntry, readonly left?: TreeNode, readonly right?: TreeNode, readonly ref?: SubtreeRef }

/** The tree as it was at mark(), for rollback(). */
export interface TreeMark {
  readonly root: unknown
  readonly replaced: number
  readonly generation: number
}

/** A node an edit made, for an index to store: its hash, its encoding, and the node itself (to cache). */
export interface WrittenTreeNode {
  hash: Uint8Array
  encoding: Uint8Array
  node: StoredTreeNode
}

/** Thrown by an edit that must open the subtree of this hash (and root key, when known) first. */
export class NodeNeeded extends Error {
  readonly hash: Uint8Array
  readonly key: Uint8Array | undefined
  constructor (hash: Uint8Array, key?: Uint8Array) {
    super(`state tree node ${Buffer.from(hash).toString('hex')} is not open`)
    this.hash = hash
    this.key = key
  }
}

interface Opened {
  entry: KvTreeEntry
  rank?: Uint8Array
  left?: Node
  right?: Node
  /** The node's hash and count; absent for a node made by an edit and not yet hashed. */
  ref?: SubtreeRef
  /** Its canonical encoding, kept when an edit hashed it, for changes(). */
  encoding?: Uint8Array
  /** Opened from the resolver, or already reported by changes(): the store holds it. */
  stored?: true
}

interface Closed { closed: SubtreeRef, key?: Uint8Array }

type Node = Opened | Closed

const isClosed = (n: Node): n is Closed => 'closed' in n

export type TreeResolver = (hash: Uint8Array) => StoredTreeNode | undefined

/** The canonical encoding of a node, as the index stores it under its hash. */
export function encodeStoredNode (node: StoredTreeNode): Uint8Array {
  return encodeTreeNode(node.entry, node.left, node.right)
}

export function decodeStoredNode (bytes: Uint8Array): StoredTreeNode {
  const n = decodeProto(pb.KvTreeNode, bytes, 'state tree node')
  const ref = (hash: Uint8Array | null | undefined, count: number | Long | null | undefined): SubtreeRef | undefined => {
    if (hash == null || hash.length === 0) return undefined
    if (hash.length !== 32) throw new MalformedMessageError(`state tree node: a child hash is ${hash.length} bytes, not 32`)
    return { hash, count: Number(count ?? 0) }
  }
  const node: StoredTreeNode = { entry: { key: n.key ?? new Uint8Array(0), valueHash: n.valueHash ?? new Uint8Array(0), encryptionEpoch: n.encryptionEpoch ?? 0, seqno: Number(n.seqno ?? 0) } }
  const left = ref(n.left, n.leftCount)
  const right = ref(n.right, n.rightCount)
  if (left !== undefined) node.left = left
  if (right !== undefined) node.right = right
  return node
}

type Long = { toNumber: () => number }

/** The hash a stored node is kept under: its node hash. */
export function storedNodeHash (node: StoredTreeNode): Uint8Array {
  return treeNodeHash(node.entry, node.left, node.right)
}

/** A state tree being edited. */
export class TreeEdit {
  #root: Node | undefined
  readonly #resolve: TreeResolver
  /** Stored nodes that edits replaced, by hash (hex): no longer in the tree unless made again. */
  readonly #replaced = new Map<string, RemovedTreeNode>()
  /** The hashes added to #replaced since changes(), in order, so that an edit or a mark can take them back. */
  readonly #replacedLog: string[] = []
  /** Counts changes() calls: a mark from before one cannot be rolled back to. */
  #generation = 0

  /** The tree whose root is `root` (undefined: no keys; `rootKey`, the root's key, when known), opened through `resolve`. */
  constructor (root: SubtreeRef | undefined, resolve: TreeResolver, rootKey?: Uint8Array) {
    this.#root = root === undefined ? undefined : rootKey === undefined ? { closed: root } : { closed: root, key: rootKey }
    this.#resolve = resolve
  }

  /**
   * The tree a partial tree (a proof's nodes, already verified) shows,
   * opened no further: an edit that needs a node it does not show throws
   * NodeNeeded.
   */
  static fromProof (nodes: KvProofNode[]): TreeEdit {
    return TreeEdit.fromProofs([nodes])
  }

  /**
   * The tree several partial trees of one state show together (proofs
   * verified against the same commitment, so they agree where they overlap):
   * a node shown by any of them is open.
   */
  static fromProofs (partials: KvProofNode[][]): TreeEdit {
    const edit = new TreeEdit(undefined, () => undefined)
    const parse = (nodes: KvProofNode[]): Node | undefined => {
      let next = 0
      const walk = (): Node => {
        const n = nodes[next++]
        if (n === undefined) throw new InvalidArgumentError('the partial tree ends early')
        if (n.type === 'pruned') return { closed: { hash: n.hash, count: n.count } }
        const node: Opened = { entry: n.entry }
        if (n.hasLeft) node.left = walk()
        if (n.hasRight) node.right = walk()
        return node
      }
      return nodes.length === 0 ? undefined : walk()
    }
    const overlay = (a: Node | undefined, b: Node | undefined): Node | undefined => {
      if (a === undefined || b === undefined) return a ?? b
      if (isClosed(a)) return b
      if (isClosed(b)) return a
      return withChildren({ entry: a.entry }, overlay(a.left, b.left), overlay(a.right, b.right))
    }
    for (const nodes of partials) edit.#root = overlay(edit.#root, parse(nodes))
    return edit
  }

  /** Sets the entry of `entry.key`. Throws NodeNeeded (the tree unchanged) when it must open a node first. */
  put (entry: KvTreeEntry): void {
    const rank = rankOf(entry.key)
    const insert = (n: Node | undefined): Node => {
      if (n === undefined) return { entry, rank }
      const at = this.#open(n)
      const order = compareKeys(entry.key, at.entry.key)
      if (order === 0) return this.#copy(at, { entry, rank: at.rank })
      if (Buffer.compare(rank, this.#rank(at)) > 0) {
        const [left, right] = this.#split(at, entry.key)
        return withChildren({ entry, rank }, left, right)
      }
      return order < 0 ? this.#copy(at, { left: insert(at.left) }) : this.#copy(at, { right: insert(at.right) })
    }
    this.#root = this.#commit(() => insert(this.#root))
  }

  /** Removes `key` (nothing when absent). Throws NodeNeeded (the tree unchanged) when it must open a node first. */
  delete (key: Uint8Array): void {
    const remove = (n: Node | undefined): Node | undefined => {
      if (n === undefined) return undefined
      const at = this.#open(n)
      const order = compareKeys(key, at.entry.key)
      if (order === 0) {
        this.#drop(at)
        return this.#merge(at.left, at.right)
      }
      // An absent key changes nothing: the subtree stays as it was, closed or not.
      if (order < 0) {
        const left = remove(at.left)
        return left === at.left ? n : this.#copy(at, { left })
      }
      const right = remove(at.right)
      return right === at.right ? n : this.#copy(at, { right })
    }
    this.#root = this.#commit(() => remove(this.#root))
  }

  /** The commitment of the tree as edited: its key count and root hash. */
  commitment (): KvCommitment {
    const ref = this.rootRef()
    return ref === undefined ? EMPTY_COMMITMENT : { keyCount: ref.count, root: ref.hash }
  }

  /** The root as a reference, hashing what the edits made. */
  rootRef (): SubtreeRef | undefined {
    return this.#root === undefined ? undefined : this.#hash(this.#root)
  }

  /** The root's key, if the tree has keys and its root is open or was given one. */
  rootKey (): Uint8Array | undefined {
    return this.#root === undefined ? undefined : keyOf(this.#root)
  }

  /** The tree as edited, hashed, to walk (undefined: no keys). */
  root (): TreeNode | undefined {
    this.rootRef()
    return this.#root
  }

  /** The tree as it is now, for rollback() (until the next changes()). */
  mark (): TreeMark {
    return { root: this.#root, replaced: this.#replacedLog.length, generation: this.#generation }
  }

  /** Takes the tree back to what it was at `mark`: edits since are undone. */
  rollback (mark: TreeMark): void {
    if (mark.generation !== this.#generation) throw new InvalidArgumentError('a tree edit cannot be rolled back past changes()')
    this.#unlog(mark.replaced)
    this.#root = mark.root as Node | undefined
  }

  #unlog (length: number): void {
    for (const hex of this.#replacedLog.splice(length)) this.#replaced.delete(hex)
  }

  /**
   * What the edits changed since the last call, for an index to store: the
   * nodes of the tree that the store does not hold (by hash, with their
   * encoding), and the hashes of stored nodes no longer in the tree. After
   * it, the tree counts every node as stored.
   */
  changes (): { written: WrittenTreeNode[], removed: RemovedTreeNode[] } {
    this.rootRef()
    const written: WrittenTreeNode[] = []
    const inTree = new Set<string>()
    const walk = (n: Node | undefined): void => {
      if (n === undefined || isClosed(n)) return
      const ref = n.ref!
      inTree.add(Buffer.from(ref.hash).toString('hex'))
      if (n.stored !== true) {
        const node: StoredTreeNode = { entry: n.entry, rank: this.#rank(n) }
        const left = refOf(n.left)
        const right = refOf(n.right)
        if (left !== undefined) {
          node.left = left
          const key = keyOf(n.left!)
          if (key !== undefined) node.leftKey = key
        }
        if (right !== undefined) {
          node.right = right
          const key = keyOf(n.right!)
          if (key !== undefined) node.rightKey = key
        }
        written.push({ hash: ref.hash, encoding: n.encoding ?? encodeTreeNode(n.entry, left, right), node })
        n.stored = true
      }
      walk(n.left)
      walk(n.right)
    }
    walk(this.#root)
    const removed = [...this.#replaced].filter(([hex]) => !inTree.has(hex)).map(([, node]) => node)
    this.#replaced.clear()
    this.#replacedLog.length = 0
    this.#generation++
    return { written, removed }
  }

  /** Runs an edit, keeping the tree as it was if the edit throws (its replaced nodes too). */
  #commit<T> (edit: () => T): T {
    const logged = this.#replacedLog.length
    try {
      return edit()
    } catch (err) {
      this.#unlog(logged)
      throw err
    }
  }

  #open (n: Node): Opened {
    if (!isClosed(n)) return n
    const stored = this.#resolve(n.closed.hash)
    if (stored === undefined) throw new NodeNeeded(n.closed.hash, n.key)
    stored.rank ??= rankOf(stored.entry.key)
    const opened: Opened = { entry: stored.entry, rank: stored.rank, ref: n.closed, stored: true }
    if (stored.left !== undefined) opened.left = stored.leftKey === undefined ? { closed: stored.left } : { closed: stored.left, key: stored.leftKey }
    if (stored.right !== undefined) opened.right = stored.rightKey === undefined ? { closed: stored.right } : { closed: stored.right, key: stored.rightKey }
    return opened
  }

  #rank (n: Opened): Uint8Array {
    n.rank ??= rankOf(n.entry.key)
    return n.rank
  }

  /** A node is replaced by a copy: the original, if the store holds it, leaves the tree. */
  #drop (n: Opened): void {
    if (n.stored !== true) return
    const hex = Buffer.from(n.ref!.hash).toString('hex')
    if (this.#replaced.has(hex)) return
    this.#replaced.set(hex, { hash: n.ref!.hash, key: n.entry.key })
    this.#replacedLog.push(hex)
  }

  #copy (n: Opened, change: Partial<Pick<Opened, 'entry' | 'rank' | 'left' | 'right'>>): Opened {
    this.#drop(n)
    const copy: Opened = { entry: change.entry ?? n.entry }
    const rank = 'entry' in change ? change.rank : n.rank
    if (rank !== undefined) copy.rank = rank
    return withChildren(copy, 'left' in change ? change.left : n.left, 'right' in change ? change.right : n.right)
  }

  /** The keys of `n` below `key` and above it, as two trees (key itself is not in `n`). */
  #split (n: Node | undefined, key: Uint8Array): [Node | undefined, Node | undefined] {
    if (n === undefined) return [undefined, undefined]
    const at = this.#open(n)
    if (compareKeys(at.entry.key, key) < 0) {
      const [low, high] = this.#split(at.right, key)
      return [this.#copy(at, { right: low }), high]
    }
    const [low, high] = this.#split(at.left, key)
    return [low, this.#copy(at, { left: high })]
  }

  /** One tree of `low` and `high`, every key of `low` below every key of `high`. */
  #merge (low: Node | undefined, high: Node | undefined): Node | undefined {
    if (low === undefined) return high
    if (high === undefined) return low
    const a = this.#open(low)
    const b = this.#open(high)
    if (Buffer.compare(this.#rank(a), this.#rank(b)) > 0) return this.#copy(a, { right: this.#merge(a.right, b) })
    return this.#copy(b, { left: this.#merge(a, b.left) })
  }

  /** The reference of a subtree, hashing the nodes edits made, bottom up. */
  #hash (n: Node): SubtreeRef {
    if (isClosed(n)) return n.closed
    if (n.ref !== undefined) return n.ref
    const left = n.left === undefined ? undefined : this.#hash(n.left)
    const right = n.right === undefined ? undefined : this.#hash(n.right)
    const tagged = taggedTreeNode(n.entry, left, right)
    n.ref = { hash: sha256(tagged), count: 1 + (left?.count ?? 0) + (right?.count ?? 0) }
    n.encoding = tagged.subarray(KV_TAGS.node.length)
    return n.ref
  }
}

const refOf = (n: Node | undefined): SubtreeRef | undefined => n === undefined ? undefined : isClosed(n) ? n.closed : n.ref
const keyOf = (n: Node): Uint8Array | undefined => isClosed(n) ? n.key : n.entry.key

function withChildren (n: Opened, left: Node | undefined, right: Node | undefined): Opened {
  if (left !== undefined) n.left = left
  if (right !== undefined) n.right = right
  return n
}

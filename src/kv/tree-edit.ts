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
import { HashMap } from './hash-map.js'
import { rankOf, treeNodeHash, EMPTY_COMMITMENT, type KvCommitment, type KvProofNode, type KvTreeEntry, type SubtreeRef } from './tree.js'

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

/**
 * A node of the tree as edited, to walk it: open (`entry` set, with its
 * children and, once hashed, its `ref`), or a stored subtree not opened
 * (`closed` set, with its root's key when known).
 */
export interface TreeNode {
  readonly closed: SubtreeRef | undefined
  readonly entry: KvTreeEntry | undefined
  /** The node's key: an open node's entry's, a closed subtree's root's when known. */
  readonly key: Uint8Array | undefined
  readonly left: TreeNode | undefined
  readonly right: TreeNode | undefined
  /** An open node's hash and count, once hashed. */
  readonly ref: SubtreeRef | undefined
}

/** The tree as it was at mark(), for rollback(). */
export interface TreeMark {
  readonly root: unknown
  readonly replaced: number
  readonly generation: number
}

/** A node an edit made, for an index to store: its hash and the node itself (to cache). */
export interface WrittenTreeNode {
  hash: Uint8Array
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

/**
 * Open and closed nodes are one class with the same fields, so that V8 reads
 * them through one shape: objects of several shapes (fields added as they
 * were known) made the walks of an edit several times slower.
 */
class Node implements TreeNode {
  closed: SubtreeRef | undefined
  entry: KvTreeEntry | undefined
  key: Uint8Array | undefined
  rank: Uint8Array | undefined = undefined
  left: Node | undefined = undefined
  right: Node | undefined = undefined
  /** The node's hash and count; absent for a node made by an edit and not yet hashed. */
  ref: SubtreeRef | undefined = undefined
  /** Opened from the resolver, or already reported by changes(): the store holds it. */
  stored = false

  private constructor (closed: SubtreeRef | undefined, entry: KvTreeEntry | undefined, key: Uint8Array | undefined) {
    this.closed = closed
    this.entry = entry
    this.key = key
  }

  /** A stored subtree, not opened. */
  static closed (ref: SubtreeRef, key: Uint8Array | undefined): Node {
    return new Node(ref, undefined, key)
  }

  /** An open node of `entry`, children to be set. */
  static open (entry: KvTreeEntry, rank: Uint8Array | undefined): Node {
    const node = new Node(undefined, entry, entry.key)
    node.rank = rank
    return node
  }

  /** A stored node, opened: its children closed. */
  static stored (stored: StoredTreeNode, ref: SubtreeRef): Node {
    const node = Node.open(stored.entry, stored.rank)
    node.ref = ref
    node.stored = true
    if (stored.left !== undefined) node.left = Node.closed(stored.left, stored.leftKey)
    if (stored.right !== undefined) node.right = Node.closed(stored.right, stored.rightKey)
    return node
  }
}

/** A stored node (of reference `ref`) as a node of the tree to walk: its children are stored subtrees, closed. */
export function openStoredNode (stored: StoredTreeNode, ref: SubtreeRef): TreeNode {
  return Node.stored(stored, ref)
}

export type TreeResolver = (hash: Uint8Array) => StoredTreeNode | undefined

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
  /** Stored nodes that edits replaced, by hash: no longer in the tree unless made again. */
  readonly #replaced = new HashMap<RemovedTreeNode>()
  /** The hashes added to #replaced since changes(), in order, so that an edit or a mark can take them back. */
  readonly #replacedLog: Uint8Array[] = []
  /** Counts changes() calls: a mark from before one cannot be rolled back to. */
  #generation = 0

  /** The tree whose root is `root` (undefined: no keys; `rootKey`, the root's key, when known), opened through `resolve`. */
  constructor (root: SubtreeRef | undefined, resolve: TreeResolver, rootKey?: Uint8Array) {
    this.#root = root === undefined ? undefined : Node.closed(root, rootKey)
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
        if (n.type === 'pruned') return Node.closed({ hash: n.hash, count: n.count }, undefined)
        const node = Node.open(n.entry, undefined)
        if (n.hasLeft) node.left = walk()
        if (n.hasRight) node.right = walk()
        return node
      }
      return nodes.length === 0 ? undefined : walk()
    }
    const overlay = (a: Node | undefined, b: Node | undefined): Node | undefined => {
      if (a === undefined || b === undefined) return a ?? b
      if (a.closed !== undefined) return b
      if (b.closed !== undefined) return a
      return withChildren(Node.open(a.entry!, undefined), overlay(a.left, b.left), overlay(a.right, b.right))
    }
    for (const nodes of partials) edit.#root = overlay(edit.#root, parse(nodes))
    return edit
  }

  /** Sets the entry of `entry.key`. Throws NodeNeeded (the tree unchanged) when it must open a node first. */
  put (entry: KvTreeEntry): void {
    const rank = rankOf(entry.key)
    const insert = (n: Node | undefined): Node => {
      if (n === undefined) return Node.open(entry, rank)
      const at = this.#open(n)
      const order = compareKeys(entry.key, at.entry!.key)
      if (order === 0) return this.#copy(at, entry, at.rank, at.left, at.right)
      if (compareKeys(rank, this.#rank(at)) > 0) {
        const [left, right] = this.#split(at, entry.key)
        return withChildren(Node.open(entry, rank), left, right)
      }
      return order < 0 ? this.#copy(at, at.entry!, at.rank, insert(at.left), at.right) : this.#copy(at, at.entry!, at.rank, at.left, insert(at.right))
    }
    this.#root = this.#commit(() => insert(this.#root))
  }

  /** Removes `key` (nothing when absent). Throws NodeNeeded (the tree unchanged) when it must open a node first. */
  delete (key: Uint8Array): void {
    const remove = (n: Node | undefined): Node | undefined => {
      if (n === undefined) return undefined
      const at = this.#open(n)
      const order = compareKeys(key, at.entry!.key)
      if (order === 0) {
        this.#drop(at)
        return this.#merge(at.left, at.right)
      }
      // An absent key changes nothing: the subtree stays as it was, closed or not.
      if (order < 0) {
        const left = remove(at.left)
        return left === at.left ? n : this.#copy(at, at.entry!, at.rank, left, at.right)
      }
      const right = remove(at.right)
      return right === at.right ? n : this.#copy(at, at.entry!, at.rank, at.left, right)
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
    return this.#root?.key
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
    for (const hash of this.#replacedLog.splice(length)) this.#replaced.delete(hash)
  }

  /**
   * What the edits changed since the last call, for an index to store: the
   * nodes of the tree that the store does not hold (with their hashes), and
   * the hashes of stored nodes no longer in the tree. After it, the tree
   * counts every node as stored.
   */
  changes (): { written: WrittenTreeNode[], removed: RemovedTreeNode[] } {
    this.rootRef()
    const written: WrittenTreeNode[] = []
    // A replaced node whose hash an open node of the tree has (made again by a later edit) is still in it.
    const replaced = this.#replaced
    const walk = (n: Node | undefined): void => {
      if (n === undefined || n.closed !== undefined) return
      const ref = n.ref!
      if (replaced.size > 0) replaced.delete(ref.hash)
      if (!n.stored) {
        const node: StoredTreeNode = { entry: n.entry!, rank: this.#rank(n) }
        const left = refOf(n.left)
        const right = refOf(n.right)
        if (left !== undefined) {
          node.left = left
          const key = n.left!.key
          if (key !== undefined) node.leftKey = key
        }
        if (right !== undefined) {
          node.right = right
          const key = n.right!.key
          if (key !== undefined) node.rightKey = key
        }
        written.push({ hash: ref.hash, node })
        n.stored = true
      }
      walk(n.left)
      walk(n.right)
    }
    walk(this.#root)
    const removed = [...replaced.values()]
    replaced.clear()
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

  #open (n: Node): Node {
    if (n.closed === undefined) return n
    const stored = this.#resolve(n.closed.hash)
    if (stored === undefined) throw new NodeNeeded(n.closed.hash, n.key)
    stored.rank ??= rankOf(stored.entry.key)
    return Node.stored(stored, n.closed)
  }

  #rank (n: Node): Uint8Array {
    n.rank ??= rankOf(n.entry!.key)
    return n.rank
  }

  /** A node is replaced by a copy: the original, if the store holds it, leaves the tree. */
  #drop (n: Node): void {
    if (!n.stored) return
    const hash = n.ref!.hash
    if (this.#replaced.has(hash)) return
    this.#replaced.set(hash, { hash, key: n.entry!.key })
    this.#replacedLog.push(hash)
  }

  #copy (n: Node, entry: KvTreeEntry, rank: Uint8Array | undefined, left: Node | undefined, right: Node | undefined): Node {
    this.#drop(n)
    return withChildren(Node.open(entry, rank), left, right)
  }

  /** The keys of `n` below `key` and above it, as two trees (key itself is not in `n`). */
  #split (n: Node | undefined, key: Uint8Array): [Node | undefined, Node | undefined] {
    if (n === undefined) return [undefined, undefined]
    const at = this.#open(n)
    if (compareKeys(at.entry!.key, key) < 0) {
      const [low, high] = this.#split(at.right, key)
      return [this.#copy(at, at.entry!, at.rank, at.left, low), high]
    }
    const [low, high] = this.#split(at.left, key)
    return [low, this.#copy(at, at.entry!, at.rank, high, at.right)]
  }

  /** One tree of `low` and `high`, every key of `low` below every key of `high`. */
  #merge (low: Node | undefined, high: Node | undefined): Node | undefined {
    if (low === undefined) return high
    if (high === undefined) return low
    const a = this.#open(low)
    const b = this.#open(high)
    if (compareKeys(this.#rank(a), this.#rank(b)) > 0) return this.#copy(a, a.entry!, a.rank, a.left, this.#merge(a.right, b))
    return this.#copy(b, b.entry!, b.rank, this.#merge(a, b.left), b.right)
  }

  /** The reference of a subtree, hashing the nodes edits made, bottom up. */
  #hash (n: Node): SubtreeRef {
    if (n.closed !== undefined) return n.closed
    if (n.ref !== undefined) return n.ref
    const left = n.left === undefined ? undefined : this.#hash(n.left)
    const right = n.right === undefined ? undefined : this.#hash(n.right)
    n.ref = { hash: treeNodeHash(n.entry!, left, right), count: 1 + (left?.count ?? 0) + (right?.count ?? 0) }
    return n.ref
  }
}

const refOf = (n: Node | undefined): SubtreeRef | undefined => n === undefined ? undefined : n.closed ?? n.ref

function withChildren (n: Node, left: Node | undefined, right: Node | undefined): Node {
  n.left = left
  n.right = right
  return n
}

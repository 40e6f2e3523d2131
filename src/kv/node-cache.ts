/**
 * Decoded state tree nodes by hash, for an index's edits and proofs: at
 * most `capacity`, the least recently used going first. Two generations
 * rather than an ordered map: a hit in the young one moves nothing, a hit
 * in the old one moves the node to the young one, and when the young one
 * is full it becomes the old one (the old one's nodes not used since go).
 * Keyed by the hash's first six bytes as a number (hash-map.ts), checked
 * against the whole hash on a hit. Two hashes that share six bytes only
 * cost a miss: one is kept.
 */
import { equalBytes } from '../crypto/bytes.js'
import { hashPrefix as prefixOf } from './hash-map.js'
import type { StoredTreeNode } from './tree-edit.js'

interface Cached { hash: Uint8Array, node: StoredTreeNode }

export class NodeCache {
  readonly #generation: number
  #young = new Map<number, Cached>()
  #old = new Map<number, Cached>()

  constructor (capacity: number) {
    this.#generation = Math.max(1, Math.floor(capacity / 2))
  }

  get (hash: Uint8Array): StoredTreeNode | undefined {
    const key = prefixOf(hash)
    const young = this.#young.get(key)
    if (young !== undefined) return equalBytes(young.hash, hash) ? young.node : undefined
    const old = this.#old.get(key)
    if (old === undefined || !equalBytes(old.hash, hash)) return undefined
    this.#old.delete(key)
    this.#add(key, old)
    return old.node
  }

  set (hash: Uint8Array, node: StoredTreeNode): void {
    const key = prefixOf(hash)
    this.#old.delete(key)
    this.#add(key, { hash, node })
  }

  /** Forgets the node of this hash (one no longer in the tree). */
  delete (hash: Uint8Array): void {
    const key = prefixOf(hash)
    for (const generation of [this.#young, this.#old]) {
      const cached = generation.get(key)
      if (cached !== undefined && equalBytes(cached.hash, hash)) generation.delete(key)
    }
  }

  get size (): number { return this.#young.size + this.#old.size }

  #add (key: number, cached: Cached): void {
    this.#young.set(key, cached)
    if (this.#young.size >= this.#generation) {
      this.#old = this.#young
      this.#young = new Map()
    }
  }
}

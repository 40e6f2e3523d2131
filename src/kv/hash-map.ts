/**
 * Maps keyed by SHA-256 hashes without a string per hash: a hex string per
 * lookup was a tenth of a key-value write's cost. The key is the hash's
 * first six bytes as a number; the whole hash is compared on a hit.
 */

import { equalBytes } from '../crypto/bytes.js'

/** The first six bytes of a hash as a number (exact: below 2^48). */
export const hashPrefix = (hash: Uint8Array): number => hash[0]! * 2 ** 40 + hash[1]! * 2 ** 32 + ((hash[2]! << 24) >>> 0) + (hash[3]! << 16) + (hash[4]! << 8) + hash[5]!

/** An exact map from hashes to values: hashes that share six bytes are both kept. */
export class HashMap<V> {
  readonly #buckets = new Map<number, Array<{ hash: Uint8Array, value: V }>>()
  #size = 0

  get size (): number { return this.#size }

  get (hash: Uint8Array): V | undefined {
    const bucket = this.#buckets.get(hashPrefix(hash))
    if (bucket === undefined) return undefined
    for (const item of bucket) if (equalBytes(item.hash, hash)) return item.value
    return undefined
  }

  has (hash: Uint8Array): boolean {
    return this.get(hash) !== undefined
  }

  set (hash: Uint8Array, value: V): void {
    const prefix = hashPrefix(hash)
    const bucket = this.#buckets.get(prefix)
    if (bucket === undefined) {
      this.#buckets.set(prefix, [{ hash, value }])
      this.#size++
      return
    }
    for (const item of bucket) {
      if (equalBytes(item.hash, hash)) {
        item.value = value
        return
      }
    }
    bucket.push({ hash, value })
    this.#size++
  }

  delete (hash: Uint8Array): boolean {
    const prefix = hashPrefix(hash)
    const bucket = this.#buckets.get(prefix)
    if (bucket === undefined) return false
    const at = bucket.findIndex((item) => equalBytes(item.hash, hash))
    if (at < 0) return false
    if (bucket.length === 1) this.#buckets.delete(prefix)
    else bucket.splice(at, 1)
    this.#size--
    return true
  }

  clear (): void {
    this.#buckets.clear()
    this.#size = 0
  }

  * values (): IterableIterator<V> {
    for (const bucket of this.#buckets.values()) for (const item of bucket) yield item.value
  }
}

/**
 * The records a router stores as a node of the lookup DHT (kad-dht keeps
 * them in the libp2p node's datastore, under its prefix). A router with
 * `lookup: true` gives its libp2p node a datastore of its own: bounded
 * (`lookup_store_bytes`), since any peer of the DHT may store there, and
 * exported when the router moves to another machine (docs/moving.md
 * section 3), so that the new instance answers for these records at once,
 * as the DHT's other nodes expect of its peer id.
 */
import { Libp2pRecord } from '@libp2p/record'
import { MemoryDatastore } from 'datastore-core/memory'
import { Key } from 'interface-datastore'
import { DhtRecordSupersededError, DhtStoreFullError, MalformedMessageError } from '../errors.js'
import type { pb } from '../wire/index.js'
import { MAX_LOOKUP_RECORD_BYTES } from './lookup.js'

/** Given to kadDHT as its `datastorePrefix`; it keeps records under `<prefix>/record/`. */
export const DHT_DATASTORE_PREFIX = '/dht'
const DHT_PREFIX = `${DHT_DATASTORE_PREFIX}/`
const RECORD_PREFIX = `${DHT_DATASTORE_PREFIX}/record/`
/**
 * A stored record is a lookup record (at most 64 KiB, which the DHT's
 * validator holds it to) wrapped in a libp2p Record with its key and the
 * time it was received: well under this.
 */
export const MAX_STORED_RECORD_BYTES = MAX_LOOKUP_RECORD_BYTES + 1024
/**
 * A moving router carries at most this many bytes of stored records (about
 * 50,000 records of 600 bytes); past it the rest stay behind, and the DHT
 * still has them from the other nodes it stored them at and from their
 * publishers' next put.
 */
export const MAX_CARRIED_DHT_BYTES = 32 * 1024 * 1024

export interface DhtStoreCounters {
  /** Entries stored for the DHT (records and provider entries), and their bytes with their keys. */
  entries: number
  bytes: number
  /** Entries refused: the store was full. */
  refused: number
  /** Records refused because the one held under their key is newer (a replayed older record). */
  superseded: number
}

/**
 * Whether the record held under `key` (its value, `held`) is to be kept
 * rather than replaced by `incoming`: it is still valid, and newer.
 */
export type KeepHeldRecord = (key: Uint8Array, held: Uint8Array, incoming: Uint8Array) => Promise<boolean>

/**
 * The libp2p node's datastore: a map in memory, whose entries under the
 * DHT's prefix may not grow past `maxBytes`. A new entry, or one replaced
 * by a larger one, that would pass it is refused; what is stored stays
 * (kad-dht drops a record when it is read after 36 hours, and its publisher
 * puts it again a day after it last did, at other nodes too).
 */
class BoundedDatastore extends MemoryDatastore {
  readonly counters: DhtStoreCounters = { entries: 0, bytes: 0, refused: 0, superseded: 0 }
  /** The size of each stored entry with its key, by key. */
  readonly #sizes = new Map<string, number>()

  constructor (readonly maxBytes: number, readonly keepHeld: KeepHeldRecord | undefined) {
    super()
  }

  override put (key: Key, value: Uint8Array, options?: { signal?: AbortSignal }): Key | Promise<Key> {
    const k = key.toString()
    if (this.keepHeld !== undefined && k.startsWith(RECORD_PREFIX) && this.#sizes.has(k)) return this.#replace(key, value, options)
    return this.#put(key, value, options)
  }

  /**
   * kad-dht stores any record that validates (its PUT handler asks no
   * selector), so a peer could put back a capsule's older record, still
   * valid, over the newer one at every node: lookups would find the older
   * delegation, and none once it ended. The newer one held stays.
   */
  async #replace (key: Key, value: Uint8Array, options?: { signal?: AbortSignal }): Promise<Key> {
    const held = Libp2pRecord.deserialize(await super.get(key))
    const incoming = Libp2pRecord.deserialize(value)
    if (await this.keepHeld!(held.key, held.value, incoming.value)) {
      this.counters.superseded++
      throw new DhtRecordSupersededError(`this node holds a newer record under ${key.toString()}: an older one does not replace it`)
    }
    return this.#put(key, value, options)
  }

  #put (key: Key, value: Uint8Array, options?: { signal?: AbortSignal }): Key | Promise<Key> {
    const k = key.toString()
    if (k.startsWith(DHT_PREFIX)) {
      const held = this.#sizes.get(k)
      const size = k.length + value.length
      const bytes = this.counters.bytes - (held ?? 0) + size
      if (bytes > this.maxBytes) {
        this.counters.refused++
        throw new DhtStoreFullError(`the DHT store holds ${this.counters.bytes} of its ${this.maxBytes} bytes: an entry of ${size} bytes is refused`)
      }
      this.counters.bytes = bytes
      if (held === undefined) this.counters.entries++
      this.#sizes.set(k, size)
    }
    return super.put(key, value, options)
  }

  override delete (key: Key, options?: { signal?: AbortSignal }): void | Promise<void> {
    const k = key.toString()
    const held = this.#sizes.get(k)
    if (held !== undefined) {
      this.counters.bytes -= held
      this.counters.entries--
      this.#sizes.delete(k)
    }
    return super.delete(key, options)
  }
}

export class DhtRecordStore {
  /** The libp2p node's datastore (createLibp2p's `datastore`). */
  readonly datastore: BoundedDatastore

  /**
   * `maxBytes`: what it stores for the DHT (its records and provider
   * entries, keys included), at most (`lookup_store_bytes`). Anyone who
   * speaks the DHT's protocol may store there, and anyone can make valid
   * records (capsules of their own, up to 64 KiB each) and provider
   * entries: without a bound, one peer could fill a router's memory.
   * `keepHeld`: whether a held record outranks one put over it (the
   * DHT's selector, for records still valid).
   */
  constructor (init: { maxBytes: number, keepHeld?: KeepHeldRecord }) {
    this.datastore = new BoundedDatastore(init.maxBytes, init.keepHeld)
  }

  get counters (): DhtStoreCounters { return this.datastore.counters }

  /** The stored records, in key order, up to `maxBytes` of them; `left` counts those that did not fit. */
  async export (maxBytes = MAX_CARRIED_DHT_BYTES): Promise<{ records: pb.IStoredDhtRecord[], bytes: number, left: number }> {
    const records: pb.IStoredDhtRecord[] = []
    let bytes = 0
    let left = 0
    for await (const { key, value } of this.datastore.query({ prefix: RECORD_PREFIX, orders: [(a, b) => a.key.toString() < b.key.toString() ? -1 : 1] })) {
      if (bytes + value.length > maxBytes) {
        left++
        continue
      }
      records.push({ key: key.toString(), value })
      bytes += value.length
    }
    return { records, bytes, left }
  }

  /**
   * Stores records another instance of this router exported, as many as
   * this store's limit takes (the count stored). Throws
   * MalformedMessageError, storing none, for a key outside the DHT's
   * records or a record over the size any could have.
   */
  async import (records: pb.IStoredDhtRecord[]): Promise<number> {
    for (const r of records) {
      if (typeof r.key !== 'string' || !r.key.startsWith(RECORD_PREFIX) || r.key.length === RECORD_PREFIX.length) throw new MalformedMessageError(`a carried DHT record's key '${String(r.key)}' is not under ${RECORD_PREFIX}`)
      if (r.value == null || r.value.length === 0 || r.value.length > MAX_STORED_RECORD_BYTES) throw new MalformedMessageError(`the carried DHT record ${r.key} is ${r.value?.length ?? 0} bytes (1 to ${MAX_STORED_RECORD_BYTES})`)
    }
    let stored = 0
    for (const r of records) {
      try {
        await this.datastore.put(new Key(r.key!), r.value!)
        stored++
      } catch (err) {
        if (!(err instanceof DhtStoreFullError)) throw err
      }
    }
    return stored
  }
}

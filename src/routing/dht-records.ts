/**
 * The records a router stores as a node of the lookup DHT (kad-dht keeps
 * them in the libp2p node's datastore, under its prefix). A router with
 * `lookup: true` gives its libp2p node a datastore of its own: bounded
 * (`lookup_store_bytes`), since any peer of the DHT may store there, and
 * exported when the router moves to another machine (docs/moving.md
 * section 3), so that the new instance answers for these records at once,
 * as the DHT's other nodes expect of its peer id.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { PeerId } from '@libp2p/interface'
import { Libp2pRecord } from '@libp2p/record'
import { MemoryDatastore } from 'datastore-core/memory'
import { Key } from 'interface-datastore'
import { DhtRecordSupersededError, DhtStoreFullError, IncompatibleDependencyError, MalformedMessageError } from '../errors.js'
import type { pb } from '../wire/index.js'
import { MAX_LOOKUP_RECORD_BYTES } from './lookup.js'
import { LargestFirst } from './largest-first.js'

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

/** Who put what this router holds itself (its own puts, the records a move carried in), among the holders of section 6's fair room. */
const OWN = 'this router'
/**
 * Evictions one put may make at most: the largest holder's entries are
 * mostly records (up to 64 KiB), a few hundred provider entries at worst
 * make room for one.
 */
export const MAX_EVICTIONS_PER_PUT = 1024

/** The holder of the message kad-dht is handling (its sender's address), for the puts that handling makes. */
const putter = new AsyncLocalStorage<string>()

/**
 * Has kad-dht handle each message a peer sends it as that peer's holder
 * (`holderOf`: its IP address, say): the puts it makes for the message are
 * charged to that holder. kad-dht hands its datastore no sender, so its
 * message handler is wrapped. Throws IncompatibleDependencyError when
 * kad-dht no longer has the handler this wraps.
 */
export function chargePutsToSenders (dht: unknown, holderOf: (peer: PeerId) => string): void {
  const rpc = (dht as { rpc?: { handleMessage?: (peer: PeerId, message: unknown) => Promise<unknown> } }).rpc
  const handle = rpc?.handleMessage
  if (rpc === undefined || typeof handle !== 'function') throw new IncompatibleDependencyError('@libp2p/kad-dht changed: its RPC has no handleMessage(peer, message) to charge puts to their senders through')
  rpc.handleMessage = async (peer, message) => await putter.run(holderOf(peer), async () => await handle.call(rpc, peer, message))
}

export interface DhtStoreCounters {
  /** Entries stored for the DHT (records and provider entries), and their bytes with their keys. */
  entries: number
  bytes: number
  /** Entries refused: the store was full, and the putter held as much as any other. */
  refused: number
  /** Entries dropped to make room for a holder that held less than the one they were of. */
  evicted: number
  /** Holders (senders' addresses, this router) of the stored entries. */
  holders: number
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
 * DHT's prefix may not grow past `maxBytes`, shared fairly among their
 * holders (who put them: a sender's address, or this router). A new entry
 * that would pass the bound takes the room of the oldest entries of the
 * holder that holds the most, as long as that one holds more than the
 * putter will; otherwise it is refused. A peer that filled the store with
 * valid records of its own (anyone can make them) kept every honest record
 * out until its own ended, and it could put them again every day: now an
 * honest router's put takes room from it.
 */
class BoundedDatastore extends MemoryDatastore {
  readonly counters: DhtStoreCounters = { entries: 0, bytes: 0, refused: 0, evicted: 0, holders: 0, superseded: 0 }
  /** Each stored entry: its size with its key, and its holder. */
  readonly #entries = new Map<string, { size: number, holder: string }>()
  /** Each holder's bytes and keys, the keys oldest first. */
  readonly #holders = new Map<string, { bytes: number, keys: Set<string> }>()
  /** The holders' bytes again, the largest first: an eviction asks for it (one scan of the holders each made a put cost O(holders)). */
  readonly #bySize = new LargestFirst()

  constructor (readonly maxBytes: number, readonly keepHeld: KeepHeldRecord | undefined) {
    super()
  }

  override put (key: Key, value: Uint8Array, options?: { signal?: AbortSignal }): Key | Promise<Key> {
    const k = key.toString()
    if (this.keepHeld !== undefined && k.startsWith(RECORD_PREFIX) && this.#entries.has(k)) return this.#replace(key, value, options)
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
      const holder = putter.getStore() ?? OWN
      const size = k.length + value.length
      const replaced = this.#entries.get(k)
      const putterBytes = (this.#holders.get(holder)?.bytes ?? 0) - (replaced?.holder === holder ? replaced.size : 0) + size
      if (this.counters.bytes - (replaced?.size ?? 0) + size > this.maxBytes && !this.#makeRoom(holder, putterBytes, size - (replaced?.size ?? 0), k)) {
        this.counters.refused++
        throw new DhtStoreFullError(`the DHT store holds ${this.counters.bytes} of its ${this.maxBytes} bytes, and the sender's ${putterBytes - size} as much as any other holder's: an entry of ${size} bytes is refused`)
      }
      this.#forget(k)
      this.#hold(k, size, holder)
    }
    return super.put(key, value, options)
  }

  /**
   * Drops the oldest entries of the holder with the most bytes, while it
   * holds more than `putterBytes` (the putter's after its put), until
   * `needed` bytes more fit; whether they do. The entries are chosen first
   * and dropped only if they make the room: a put refused drops nothing.
   */
  #makeRoom (holder: string, putterBytes: number, needed: number, keep: string): boolean {
    // The chosen entries' bytes come off their holders' sizes in #bySize as they are chosen, and go back if they do not make the room.
    const before = new Map<string, number>()
    const next = new Map<string, Iterator<string>>()
    const victims: string[] = []
    const chosen = ((): boolean => {
      for (let room = this.maxBytes - this.counters.bytes; room < needed;) {
        const largest = this.#bySize.largestExcept(holder)
        if (largest === undefined || largest.size <= putterBytes || victims.length >= MAX_EVICTIONS_PER_PUT) return false
        const keys = next.get(largest.name) ?? this.#holders.get(largest.name)!.keys[Symbol.iterator]()
        next.set(largest.name, keys)
        let oldest = keys.next()
        if (oldest.value === keep) oldest = keys.next()
        if (oldest.done === true) return false
        const size = this.#entries.get(oldest.value)!.size
        victims.push(oldest.value)
        if (!before.has(largest.name)) before.set(largest.name, largest.size)
        this.#bySize.set(largest.name, largest.size - size)
        room += size
      }
      return true
    })()
    if (!chosen) {
      for (const [name, size] of before) this.#bySize.set(name, size)
      return false
    }
    for (const k of victims) {
      this.#forget(k)
      void super.delete(new Key(k))
      this.counters.evicted++
    }
    return true
  }

  #hold (k: string, size: number, holder: string): void {
    this.#entries.set(k, { size, holder })
    let held = this.#holders.get(holder)
    if (held === undefined) {
      held = { bytes: 0, keys: new Set() }
      this.#holders.set(holder, held)
    }
    held.bytes += size
    held.keys.add(k)
    this.#bySize.set(holder, held.bytes)
    this.counters.bytes += size
    this.counters.entries++
    this.counters.holders = this.#holders.size
  }

  #forget (k: string): void {
    const entry = this.#entries.get(k)
    if (entry === undefined) return
    this.#entries.delete(k)
    const held = this.#holders.get(entry.holder)!
    held.bytes -= entry.size
    held.keys.delete(k)
    if (held.keys.size === 0) {
      this.#holders.delete(entry.holder)
      this.#bySize.delete(entry.holder)
    } else {
      this.#bySize.set(entry.holder, held.bytes)
    }
    this.counters.bytes -= entry.size
    this.counters.entries--
    this.counters.holders = this.#holders.size
  }

  override delete (key: Key, options?: { signal?: AbortSignal }): void | Promise<void> {
    this.#forget(key.toString())
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

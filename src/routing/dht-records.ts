/**
 * The records a router stores as a node of the lookup DHT (kad-dht keeps
 * them in the libp2p node's datastore, under its prefix). A router with
 * `lookup: true` gives its libp2p node a datastore of its own, so that when
 * the router moves to another machine (docs/moving.md section 3) these
 * records go with it and the new instance answers for them at once, as the
 * DHT's other nodes expect of its peer id.
 */
import { MemoryDatastore } from 'datastore-core/memory'
import { Key } from 'interface-datastore'
import { MalformedMessageError } from '../errors.js'
import type { pb } from '../wire/index.js'
import { MAX_LOOKUP_RECORD_BYTES } from './lookup.js'

/** Given to kadDHT as its `datastorePrefix`; it keeps records under `<prefix>/record/`. */
export const DHT_DATASTORE_PREFIX = '/dht'
const RECORD_PREFIX = `${DHT_DATASTORE_PREFIX}/record/`
/**
 * A stored record is a lookup record (at most 64 KiB, which the DHT's
 * validator holds it to) wrapped in a libp2p Record with its key and the
 * time it was received: well under this.
 */
const MAX_STORED_RECORD_BYTES = MAX_LOOKUP_RECORD_BYTES + 1024
/**
 * A moving router carries at most this many bytes of stored records (about
 * 50,000 records of 600 bytes); past it the rest stay behind, and the DHT
 * still has them from the other nodes it stored them at and from their
 * publishers' next put.
 */
export const MAX_CARRIED_DHT_BYTES = 32 * 1024 * 1024

export class DhtRecordStore {
  /** The libp2p node's datastore (createLibp2p's `datastore`). */
  readonly datastore = new MemoryDatastore()

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
   * Stores records another instance of this router exported. Throws
   * MalformedMessageError, storing none, for a key outside the DHT's
   * records or a record over the size any could have.
   */
  async import (records: pb.IStoredDhtRecord[]): Promise<number> {
    for (const r of records) {
      if (typeof r.key !== 'string' || !r.key.startsWith(RECORD_PREFIX) || r.key.length === RECORD_PREFIX.length) throw new MalformedMessageError(`a carried DHT record's key '${String(r.key)}' is not under ${RECORD_PREFIX}`)
      if (r.value == null || r.value.length === 0 || r.value.length > MAX_STORED_RECORD_BYTES) throw new MalformedMessageError(`the carried DHT record ${r.key} is ${r.value?.length ?? 0} bytes (1 to ${MAX_STORED_RECORD_BYTES})`)
    }
    for (const r of records) await this.datastore.put(new Key(r.key!), r.value!)
    return records.length
  }
}

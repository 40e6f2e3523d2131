/**
 * LevelDB key layout (docs/store.md). Every key of a capsule starts with a
 * one-byte table tag and the 32-byte capsule name, so one capsule's rows of
 * a table are contiguous and ordered; numbers are 8-byte big-endian.
 *
 *   'M' name                     -> SignedMetadata
 *   'H' name size                -> SignedHeartbeat stating that size
 *   'R' name chunk               -> RecordChunk of records 16*chunk .. 16*chunk+15
 *   'P' name seqno               -> payload of a record too large to keep in its chunk
 *   'T' name tileLevel tileIndex -> MerkleTile
 *   'D' name                     -> the owner's delegation to this server (a routing SignedAdCert)
 *   'X' name hash[0..8]          -> seqno of the record whose hash starts so (8-byte big-endian)
 *   'I' name                     -> how many records the hash index covers (8-byte big-endian)
 *   0x00 'format'                -> store format string
 */
import { NAME_LENGTH } from '../capsule/name.js'

export const STORE_FORMAT = 'gdp-store/1'
export const FORMAT_KEY = new Uint8Array(Buffer.from('\x00format', 'latin1'))

const TABLE = { metadata: 0x4d, heartbeat: 0x48, records: 0x52, payloads: 0x50, tiles: 0x54, delegation: 0x44, hashes: 0x58, hashIndexed: 0x49 } as const
type Table = keyof typeof TABLE

export function writeUint64 (target: Uint8Array, offset: number, n: number): void {
  const view = new DataView(target.buffer, target.byteOffset, target.byteLength)
  view.setUint32(offset, Math.floor(n / 0x1_0000_0000))
  view.setUint32(offset + 4, n % 0x1_0000_0000)
}

export function readUint64 (source: Uint8Array, offset: number): number {
  const view = new DataView(source.buffer, source.byteOffset, source.byteLength)
  return view.getUint32(offset) * 0x1_0000_0000 + view.getUint32(offset + 4)
}

function key (table: Table, name: Uint8Array, extra: number): Uint8Array {
  const k = new Uint8Array(1 + NAME_LENGTH + extra)
  k[0] = TABLE[table]
  k.set(name, 1)
  return k
}

export function metadataKey (name: Uint8Array): Uint8Array {
  return key('metadata', name, 0)
}

/** All metadata keys: the list of capsules. */
export function metadataRange (): { gte: Uint8Array, lt: Uint8Array } {
  return { gte: Uint8Array.of(TABLE.metadata), lt: Uint8Array.of(TABLE.metadata + 1) }
}

export function nameOfMetadataKey (k: Uint8Array): Uint8Array {
  return k.slice(1, 1 + NAME_LENGTH)
}

export function delegationKey (name: Uint8Array): Uint8Array {
  return key('delegation', name, 0)
}

/** Bytes of a record hash the index keys on; every hit is checked against the full hash. */
export const HASH_INDEX_PREFIX = 8

export function hashIndexKey (name: Uint8Array, hash: Uint8Array): Uint8Array {
  const k = key('hashes', name, HASH_INDEX_PREFIX)
  k.set(hash.subarray(0, HASH_INDEX_PREFIX), 1 + NAME_LENGTH)
  return k
}

export function hashIndexedKey (name: Uint8Array): Uint8Array {
  return key('hashIndexed', name, 0)
}

export function uint64Value (n: number): Uint8Array {
  const value = new Uint8Array(8)
  writeUint64(value, 0, n)
  return value
}

export function heartbeatKey (name: Uint8Array, size: number): Uint8Array {
  const k = key('heartbeat', name, 8)
  writeUint64(k, 1 + NAME_LENGTH, size)
  return k
}

export function recordChunkKey (name: Uint8Array, chunk: number): Uint8Array {
  const k = key('records', name, 8)
  writeUint64(k, 1 + NAME_LENGTH, chunk)
  return k
}

export function payloadKey (name: Uint8Array, seqno: number): Uint8Array {
  const k = key('payloads', name, 8)
  writeUint64(k, 1 + NAME_LENGTH, seqno)
  return k
}

export function tileKey (name: Uint8Array, level: number, index: number): Uint8Array {
  const k = key('tiles', name, 9)
  k[1 + NAME_LENGTH] = level
  writeUint64(k, 2 + NAME_LENGTH, index)
  return k
}

/** Keys of one table of one capsule, for iteration and deletion. */
export function tableRange (table: Exclude<Table, 'metadata' | 'delegation' | 'hashIndexed'>, name: Uint8Array): { gte: Uint8Array, lt: Uint8Array } {
  const gte = key(table, name, 0)
  const lt = key(table, name, 9).fill(0xff, 1 + NAME_LENGTH)
  return { gte, lt }
}

/** The chunk number in a record chunk key. */
export function chunkOfKey (k: Uint8Array): number {
  return readUint64(k, 1 + NAME_LENGTH)
}

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
 *   'S' name                     -> the capsule's replicas (a routing ReplicaSet)
 *   'F' name                     -> a ForkProof: the writer signed two histories of the capsule
 *   'Z' name                     -> tombstone of a deleted capsule: the owner's SignedCapsuleDeletion, or empty (it expired)
 *   'X' name hash[0..8]          -> seqno of the record whose hash starts so (8-byte big-endian)
 *   'I' name                     -> how many records the hash index covers (8-byte big-endian)
 *   'O' owner key                -> payload bytes the owner's capsules hold, for its quota (8-byte big-endian)
 *   'K' name row                 -> the key-value index of a key-value capsule (src/kv/index.ts; derived, rebuilt from the records)
 *   0x00 'format'                -> store format string
 *   0x00 'dropping-kv-indexes'   -> how LevelDB dropped part of its log (UTF-8; empty from older versions), until every
 *                                   derived index row ('K', 'X', 'I') is deleted after it
 *   0x00 'owner-counts-whole'    -> empty: the 'O' rows count every record held (saved by a server's clean stop, deleted
 *                                   as a server starts and by the next write of records)
 */
import { formatName, NAME_LENGTH } from '../capsule/name.js'

export const STORE_FORMAT = 'gdp-store/1'
export const FORMAT_KEY = new Uint8Array(Buffer.from('\x00format', 'latin1'))
/** Written as soon as LevelDB's open (or reopen) dropped part of its log (level-db.ts), deleted once every derived index is dropped (capsule-store.ts). */
export const DROPPING_KV_INDEXES_KEY = new Uint8Array(Buffer.from('\x00dropping-kv-indexes', 'latin1'))

/**
 * Present while the owners' byte counts ('O') count every record held: written with the counts by a server's clean
 * stop, deleted as a server starts and with the first write of records after (CapsuleStore.ownerCountsWhole).
 */
export const OWNER_COUNTS_WHOLE_KEY = new Uint8Array(Buffer.from('\x00owner-counts-whole', 'latin1'))

const TABLE = { metadata: 0x4d, heartbeat: 0x48, records: 0x52, payloads: 0x50, tiles: 0x54, delegation: 0x44, replicas: 0x53, forkProof: 0x46, tombstone: 0x5a, hashes: 0x58, hashIndexed: 0x49, ownerUsage: 0x4f, kvIndex: 0x4b } as const
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

export function tombstoneKey (name: Uint8Array): Uint8Array {
  return key('tombstone', name, 0)
}

/**
 * Every key a capsule has, table by table, as ranges (the one-row tables too):
 * what deleting it removes. Owner usage rows are per owner, not per capsule.
 */
export function capsuleRanges (name: Uint8Array): Array<{ gte: Uint8Array, lt: Uint8Array }> {
  return (Object.keys(TABLE) as Table[]).filter((t) => t !== 'ownerUsage' && t !== 'tombstone').map((t) => {
    const gte = key(t, name, 0)
    return { gte, lt: key(t, name, 9).fill(0xff, 1 + NAME_LENGTH) }
  })
}

export function forkProofKey (name: Uint8Array): Uint8Array {
  return key('forkProof', name, 0)
}

export function replicaSetKey (name: Uint8Array): Uint8Array {
  return key('replicas', name, 0)
}

/** All replica-set keys. */
export function replicaSetRange (): { gte: Uint8Array, lt: Uint8Array } {
  return { gte: Uint8Array.of(TABLE.replicas), lt: Uint8Array.of(TABLE.replicas + 1) }
}

/** The usage row of an owner (its 32-byte public key): payload bytes its capsules hold. */
export function ownerUsageKey (owner: Uint8Array): Uint8Array {
  return key('ownerUsage', owner, 0)
}

/** All owner usage rows. */
export function ownerUsageRange (): { gte: Uint8Array, lt: Uint8Array } {
  return { gte: Uint8Array.of(TABLE.ownerUsage), lt: Uint8Array.of(TABLE.ownerUsage + 1) }
}

/** All delegation keys: the capsules this server was delegated. */
export function delegationRange (): { gte: Uint8Array, lt: Uint8Array } {
  return { gte: Uint8Array.of(TABLE.delegation), lt: Uint8Array.of(TABLE.delegation + 1) }
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
export function tableRange (table: Exclude<Table, 'metadata' | 'delegation' | 'replicas' | 'forkProof' | 'tombstone' | 'hashIndexed' | 'ownerUsage'>, name: Uint8Array): { gte: Uint8Array, lt: Uint8Array } {
  const gte = key(table, name, 0)
  const lt = key(table, name, 9).fill(0xff, 1 + NAME_LENGTH)
  return { gte, lt }
}

/** Every row of one table, of all capsules. */
export function tablesRange (table: Table): { gte: Uint8Array, lt: Uint8Array } {
  return { gte: Uint8Array.of(TABLE[table]), lt: Uint8Array.of(TABLE[table] + 1) }
}

/** The chunk number in a record chunk key. */
export function chunkOfKey (k: Uint8Array): number {
  return readUint64(k, 1 + NAME_LENGTH)
}

/**
 * What a key holds, in words, for error messages: "capsule <name>: record
 * chunk 12". A key that starts a range (no number yet) names the table.
 */
export function describeKey (k: Uint8Array): string {
  if (k[0] === FORMAT_KEY[0]) return 'the store format entry'
  const table = (Object.keys(TABLE) as Table[]).find((t) => TABLE[t] === k[0])
  if (table === undefined) return `key 0x${Buffer.from(k).toString('hex')}`
  if (k.length < 1 + NAME_LENGTH) return table === 'metadata' ? 'the list of capsules' : table === 'delegation' ? 'the list of delegations' : `the ${table} table`
  const capsule = `capsule ${formatName(k.subarray(1, 1 + NAME_LENGTH))}`
  const at = 1 + NAME_LENGTH
  const numbered = k.length >= at + 8
  switch (table) {
    case 'metadata': return `${capsule}: metadata`
    case 'delegation': return `${capsule}: delegation`
    case 'replicas': return `${capsule}: replica set`
    case 'forkProof': return `${capsule}: fork proof`
    case 'tombstone': return `${capsule}: tombstone`
    case 'heartbeat': return numbered ? `${capsule}: heartbeat at size ${readUint64(k, at)}` : `${capsule}: heartbeats`
    case 'records': return numbered ? `${capsule}: record chunk ${readUint64(k, at)}` : `${capsule}: record chunks`
    case 'payloads': return numbered ? `${capsule}: payload of record ${readUint64(k, at)}` : `${capsule}: payloads`
    case 'tiles': return k.length >= at + 9 ? `${capsule}: Merkle tile ${k[at]!}/${readUint64(k, at + 1)}` : `${capsule}: Merkle tiles`
    case 'hashes': return `${capsule}: hash index`
    case 'hashIndexed': return `${capsule}: hash index position`
    case 'kvIndex': return `${capsule}: key-value index`
    case 'ownerUsage': return `the usage of owner ${Buffer.from(k.subarray(1, 1 + NAME_LENGTH)).toString('base64url')}`
  }
}

/**
 * The checksum that ends every row of a derived-state table (the key-value
 * index): CRC-32 (IEEE 802.3, as zlib's) of the row's relative key and its
 * value, 4 bytes big-endian. LevelDB here reads blocks without checking
 * their CRCs, so a flipped bit in a table file came back as another value
 * (one byte in a compressed block changed ten values of a key-value list);
 * the records carry hashes, the derived rows carried none. A row whose
 * checksum fails is damaged derived state: refused, and rebuilt from the
 * records. It guards against damage, not against someone who rewrites
 * rows on purpose (they can write any checksum).
 */
export const ROW_CHECKSUM_LENGTH = 4

/** Slicing-by-8 tables: TABLES[0] is the byte-at-a-time table, TABLES[k] a byte's CRC k bytes further on. */
const TABLES = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256))
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = (c & 1) !== 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    tables[0]![n] = c >>> 0
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) tables[k]![n] = (tables[k - 1]![n]! >>> 8) ^ tables[0]![tables[k - 1]![n]! & 0xff]!
  }
  return tables
})()
const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array]

/**
 * CRC-32 of `parts` in order, as of their concatenation: eight bytes a step
 * (a row is hashed on every read and write of the index: a row of 160 bytes
 * cost 0.39 us a byte at a time, 0.18 us so).
 */
export function crc32 (...parts: Uint8Array[]): number {
  let crc = 0xffffffff
  for (const part of parts) {
    let i = 0
    for (const end = part.length - 7; i < end; i += 8) {
      const a = (crc ^ (part[i]! | (part[i + 1]! << 8) | (part[i + 2]! << 16) | (part[i + 3]! << 24))) >>> 0
      crc = T7[a & 0xff]! ^ T6[(a >>> 8) & 0xff]! ^ T5[(a >>> 16) & 0xff]! ^ T4[a >>> 24]! ^
        T3[part[i + 4]!]! ^ T2[part[i + 5]!]! ^ T1[part[i + 6]!]! ^ T0[part[i + 7]!]!
    }
    for (; i < part.length; i++) crc = T0[(crc ^ part[i]!) & 0xff]! ^ (crc >>> 8)
  }
  return (crc ^ 0xffffffff) >>> 0
}

/** Writes `value` followed by the checksum of the row (`key`, `value`) into `out` at `at`; returns where they end. */
export function writeWithRowChecksum (out: Uint8Array, at: number, key: Uint8Array, value: Uint8Array): number {
  out.set(value, at)
  const crc = crc32(key, value)
  at += value.length
  out[at] = crc >>> 24
  out[at + 1] = crc >>> 16
  out[at + 2] = crc >>> 8
  out[at + 3] = crc
  return at + ROW_CHECKSUM_LENGTH
}

/** The value of a stored row, or undefined when its checksum does not hold (or it is too short to have one). */
export function checkedRowValue (key: Uint8Array, stored: Uint8Array): Uint8Array | undefined {
  if (stored.length < ROW_CHECKSUM_LENGTH) return undefined
  const value = stored.subarray(0, stored.length - ROW_CHECKSUM_LENGTH)
  const expected = new DataView(stored.buffer, stored.byteOffset, stored.byteLength).getUint32(value.length)
  return crc32(key, value) === expected ? value : undefined
}

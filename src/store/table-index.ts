/**
 * A LevelDB table whose index block (where each of its data blocks is) or
 * footer is damaged, given a new index made from its data blocks, so that
 * LevelDB's repair keeps their rows. Without this, LevelDB's repair cannot
 * open such a table and moves all of it to lost/: one bit flipped in a 1 KB
 * index took a 2 MB table of whole data blocks with it, every capsule's
 * records or metadata (found by attacking the disk).
 *
 * The table format is LevelDB's (doc/table_format.md in its sources): data
 * blocks from the start of the file, each followed by a byte that says
 * whether it is Snappy-compressed and a masked CRC-32C of the block and that
 * byte; then the filter, metaindex and index blocks; then a 48-byte footer.
 * With the index unreadable, the data blocks are found in order from the
 * start: a block ends where its CRC holds (a false match is one in 2^32 per
 * byte), and is taken only if its entries parse and its keys follow the
 * block before. The scan stops at the first region that is no such block (a
 * damaged data block, or the filter block after the last). The damaged
 * index's entries, read as far as they parse, name the blocks after a
 * damaged data block too: each is taken where its CRC holds and it parses.
 * The table written has those blocks where they were, an empty metaindex
 * (no filter: reads check every block then) and the new index; the rows of
 * a data block that fails its CRC are lost, as in LevelDB's own repair.
 */
import { closeSync, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { StoreAccessError, StoreOpenError } from '../errors.js'

const FOOTER_LENGTH = 48
const BLOCK_TRAILER = 5
const TABLE_MAGIC = Uint8Array.of(0x57, 0xfb, 0x80, 0x8b, 0x24, 0x75, 0x47, 0xdb)
const NO_COMPRESSION = 0
/** The suffix of a rebuilt table while it is written (LevelDB ignores files of names it does not make). */
const MENDING = '.mending'
const SNAPPY = 1
/** A data block holds at least one entry; LevelDB's are about 4 KiB, one large value makes one this big at most here. */
const MAX_BLOCK_BYTES = 64 * 1024 * 1024

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** LevelDB's stored form of a CRC-32C (crc32c::Mask): rotated and offset, so a CRC of data holding CRCs is no CRC of them. */
const masked = (crc: number): number => ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0

const readU32 = (bytes: Uint8Array, at: number): number => (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0

function readVarint (bytes: Uint8Array, at: number, end = bytes.length): [number, number] {
  let value = 0
  for (let shift = 0; shift < 64; shift += 7) {
    if (at >= end) throw new Error('a varint runs past its block')
    const byte = bytes[at++]!
    value += (byte & 0x7f) * 2 ** shift
    if (byte < 0x80) return [value, at]
  }
  throw new Error('a varint of more than 10 bytes')
}

function varint (value: number): number[] {
  const out: number[] = []
  for (; value >= 0x80; value = Math.floor(value / 128)) out.push((value % 128) | 0x80)
  out.push(value)
  return out
}

/** LevelDB's stored CRC-32C of `bytes` from `start` to before `end`: a table block's with its type byte, a log record's with its type. */
export function storedCrc32c (bytes: Uint8Array, start: number, end: number): number {
  let crc = 0xffffffff
  for (let i = start; i < end; i++) crc = CRC32C_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8)
  return masked((crc ^ 0xffffffff) >>> 0)
}

/** Whether the block at `offset` of `size` bytes, with its trailer after, has the CRC its trailer holds. */
function blockChecks (bytes: Uint8Array, offset: number, size: number): boolean {
  if (offset < 0 || size < 0 || offset + size + BLOCK_TRAILER > bytes.length) return false
  return storedCrc32c(bytes, offset, offset + size + 1) === readU32(bytes, offset + size + 1)
}

/** Whether the table's footer and the index and metaindex blocks it points at hold together. */
export function tableIndexIntact (bytes: Uint8Array): boolean {
  if (bytes.length < FOOTER_LENGTH) return false
  const footer = bytes.length - FOOTER_LENGTH
  for (let i = 0; i < TABLE_MAGIC.length; i++) if (bytes[bytes.length - 8 + i] !== TABLE_MAGIC[i]) return false
  try {
    const [metaOffset, a] = readVarint(bytes, footer)
    const [metaSize, b] = readVarint(bytes, a)
    const [indexOffset, c] = readVarint(bytes, b)
    const [indexSize] = readVarint(bytes, c)
    return blockChecks(bytes, metaOffset, metaSize) && blockChecks(bytes, indexOffset, indexSize)
  } catch {
    return false
  }
}

/** A Snappy block's bytes (the raw format: its length, then literals and back-references); throws on any inconsistency. */
function snappyDecompress (src: Uint8Array): Uint8Array {
  const [length, start] = readVarint(src, 0)
  if (length > MAX_BLOCK_BYTES) throw new Error('a Snappy block longer than a block can be')
  const out = new Uint8Array(length)
  let o = 0
  for (let at = start; at < src.length;) {
    const tag = src[at++]!
    if ((tag & 3) === 0) {
      let len = tag >>> 2
      if (len >= 60) {
        const extra = len - 59
        if (at + extra > src.length) throw new Error('a Snappy literal length runs past the block')
        len = 0
        for (let i = 0; i < extra; i++) len += src[at + i]! * 2 ** (8 * i)
        at += extra
      }
      len += 1
      if (at + len > src.length || o + len > length) throw new Error('a Snappy literal runs past its bounds')
      out.set(src.subarray(at, at + len), o)
      at += len
      o += len
      continue
    }
    let len: number
    let offset: number
    if ((tag & 3) === 1) {
      if (at + 1 > src.length) throw new Error('a Snappy copy runs past the block')
      len = ((tag >>> 2) & 7) + 4
      offset = ((tag >>> 5) << 8) | src[at++]!
    } else if ((tag & 3) === 2) {
      if (at + 2 > src.length) throw new Error('a Snappy copy runs past the block')
      len = (tag >>> 2) + 1
      offset = src[at]! | (src[at + 1]! << 8)
      at += 2
    } else {
      if (at + 4 > src.length) throw new Error('a Snappy copy runs past the block')
      len = (tag >>> 2) + 1
      offset = readU32(src, at)
      at += 4
    }
    if (offset === 0 || offset > o || o + len > length) throw new Error('a Snappy copy reaches outside what was written')
    for (let i = 0; i < len; i++) out[o + i] = out[o + i - offset]!
    o += len
  }
  if (o !== length) throw new Error('a Snappy block shorter than it says')
  return out
}

const compare = (a: Uint8Array, b: Uint8Array): number => Buffer.compare(a, b)

/** A data block's first and last internal keys, if it parses as one: entries up to its restart array, keys of 8 bytes or more, in order. */
function blockKeys (contents: Uint8Array): { first: Uint8Array, last: Uint8Array } | undefined {
  if (contents.length < 4) return undefined
  const restarts = readU32(contents, contents.length - 4)
  const entriesEnd = contents.length - 4 - 4 * restarts
  if (restarts < 1 || entriesEnd <= 0 || readU32(contents, entriesEnd) !== 0) return undefined
  let key = new Uint8Array(0)
  let first: Uint8Array | undefined
  try {
    for (let at = 0; at < entriesEnd;) {
      const [shared, a] = readVarint(contents, at, entriesEnd)
      const [unshared, b] = readVarint(contents, a, entriesEnd)
      const [valueLength, c] = readVarint(contents, b, entriesEnd)
      if (shared > key.length || c + unshared + valueLength > entriesEnd) return undefined
      const next = new Uint8Array(shared + unshared)
      next.set(key.subarray(0, shared))
      next.set(contents.subarray(c, c + unshared), shared)
      // Internal keys: the user key, then 8 bytes of sequence number and kind; in order within the block.
      if (next.length < 8 || (first !== undefined && compare(next.subarray(0, -8), key.subarray(0, -8)) < 0)) return undefined
      key = next
      first ??= next
      at = c + unshared + valueLength
    }
  } catch {
    return undefined
  }
  return first === undefined ? undefined : { first, last: key }
}

interface DataBlock { offset: number, size: number, first: Uint8Array, last: Uint8Array }

/** The data block at `offset` of `size` bytes (its CRC checked by the caller), if its contents parse as one. */
function parsedBlock (bytes: Uint8Array, offset: number, size: number): DataBlock | undefined {
  const type = bytes[offset + size]
  const raw = bytes.subarray(offset, offset + size)
  let contents: Uint8Array | undefined = raw
  if (type === SNAPPY) { try { contents = snappyDecompress(raw) } catch { contents = undefined } } else if (type !== NO_COMPRESSION) return undefined
  const keys = contents === undefined ? undefined : blockKeys(contents)
  return keys === undefined ? undefined : { offset, size, ...keys }
}

/**
 * The data blocks the damaged index still names: its entries read as far as
 * they parse, each handle taken where its block's CRC holds and it parses.
 * One bit flipped in an index spoils one entry or the block's CRC, not the
 * others; they find the blocks after a damaged data block, where the scan
 * from the start stops.
 */
function indexedBlocks (bytes: Uint8Array): DataBlock[] {
  if (bytes.length < FOOTER_LENGTH) return []
  const found: DataBlock[] = []
  try {
    const [, a] = readVarint(bytes, bytes.length - FOOTER_LENGTH)
    const [, b] = readVarint(bytes, a)
    const [indexOffset, c] = readVarint(bytes, b)
    const [indexSize] = readVarint(bytes, c)
    if (indexOffset + indexSize + BLOCK_TRAILER > bytes.length) return []
    const raw = bytes.subarray(indexOffset, indexOffset + indexSize)
    const contents = bytes[indexOffset + indexSize] === SNAPPY ? snappyDecompress(raw) : raw
    // LevelDB makes every index entry a restart point (its key whole): each is read from its own offset, so a damaged
    // one spoils only itself. Where the restart array itself does not hold together, the first entry alone is read.
    const restarts = contents.length >= 4 ? readU32(contents, contents.length - 4) : 0
    const entriesEnd = contents.length - 4 - 4 * restarts
    const starts = restarts > 0 && entriesEnd > 0 ? Array.from({ length: restarts }, (_, i) => readU32(contents, entriesEnd + 4 * i)) : [0]
    for (const start of starts) {
      try {
        const [shared, d] = readVarint(contents, start)
        const [unshared, e] = readVarint(contents, d)
        const [valueLength, f] = readVarint(contents, e)
        if (shared !== 0 || f + unshared + valueLength > contents.length) continue
        const value = contents.subarray(f + unshared, f + unshared + valueLength)
        const [offset, g] = readVarint(value, 0)
        const [size] = readVarint(value, g)
        if (blockChecks(bytes, offset, size)) {
          const block = parsedBlock(bytes, offset, size)
          if (block !== undefined) found.push(block)
        }
      } catch {
        // This entry is damaged; the others are read.
      }
    }
  } catch {
    // Read as far as it went.
  }
  return found
}

/**
 * The blocks of both ways, in file order, none overlapping another and each
 * one's keys after the one before: a block the index names and the scan
 * found is one block.
 */
function allBlocks (bytes: Uint8Array): DataBlock[] {
  const candidates = [...dataBlocks(bytes), ...indexedBlocks(bytes)].sort((x, y) => x.offset - y.offset)
  const blocks: DataBlock[] = []
  for (const block of candidates) {
    const before = blocks.at(-1)
    if (before !== undefined && block.offset < before.offset + before.size + BLOCK_TRAILER) continue
    if (before !== undefined && compare(block.first.subarray(0, -8), before.last.subarray(0, -8)) < 0) continue
    blocks.push(block)
  }
  return blocks
}

/** The data blocks of the table, in order from its start, up to the first region that is not one (see the module's comment). */
function dataBlocks (bytes: Uint8Array): DataBlock[] {
  const blocks: DataBlock[] = []
  const end = bytes.length - FOOTER_LENGTH
  for (let offset = 0; offset + BLOCK_TRAILER < end;) {
    // The block's CRC, extended one byte at a time: where the bytes after match it (with the type byte), it may end.
    let crc = 0xffffffff
    let found: DataBlock | undefined
    for (let size = 0; size <= MAX_BLOCK_BYTES && offset + size + BLOCK_TRAILER <= end; size++) {
      const type = bytes[offset + size]!
      if (type === NO_COMPRESSION || type === SNAPPY) {
        const withType = CRC32C_TABLE[(crc ^ type) & 0xff]! ^ (crc >>> 8)
        if (masked((withType ^ 0xffffffff) >>> 0) === readU32(bytes, offset + size + 1)) {
          const block = parsedBlock(bytes, offset, size)
          const before = blocks.at(-1)?.last
          if (block !== undefined && (before === undefined || compare(block.first.subarray(0, -8), before.subarray(0, -8)) >= 0)) {
            found = block
            break
          }
        }
      }
      crc = CRC32C_TABLE[(crc ^ type) & 0xff]! ^ (crc >>> 8)
    }
    if (found === undefined) break
    blocks.push(found)
    offset += found.size + BLOCK_TRAILER
  }
  return blocks
}

/** `contents` as a block of its own: the bytes, the type byte (uncompressed) and the masked CRC-32C. */
function withTrailer (contents: Uint8Array): Uint8Array {
  const out = new Uint8Array(contents.length + BLOCK_TRAILER)
  out.set(contents)
  out[contents.length] = NO_COMPRESSION
  let crc = 0xffffffff
  for (let i = 0; i <= contents.length; i++) crc = CRC32C_TABLE[(crc ^ out[i]!) & 0xff]! ^ (crc >>> 8)
  const stored = masked((crc ^ 0xffffffff) >>> 0)
  for (let i = 0; i < 4; i++) out[contents.length + 1 + i] = (stored >>> (8 * i)) & 0xff
  return out
}

/** A block of `entries` (key, value), each a restart point of its own. */
function encodeBlock (entries: Array<[Uint8Array, number[]]>): Uint8Array {
  const parts: number[] = []
  const restarts: number[] = []
  for (const [key, value] of entries) {
    restarts.push(parts.length)
    parts.push(...varint(0), ...varint(key.length), ...varint(value.length), ...key, ...value)
  }
  if (restarts.length === 0) restarts.push(0)
  const out = new Uint8Array(parts.length + 4 * restarts.length + 4)
  out.set(parts)
  const view = new DataView(out.buffer)
  restarts.forEach((r, i) => { view.setUint32(parts.length + 4 * i, r, true) })
  view.setUint32(out.length - 4, restarts.length, true)
  return out
}

/**
 * The table with a new index over the data blocks found (from its start,
 * and where the damaged index names them); undefined when none was found.
 * `gaps`: bytes before and between them in no block that checks.
 */
export function rebuildTable (bytes: Uint8Array): { table: Uint8Array, blocks: number, gaps: number } | undefined {
  const blocks = allBlocks(bytes)
  if (blocks.length === 0) return undefined
  let gaps = 0
  for (const [i, block] of blocks.entries()) gaps += block.offset - (i === 0 ? 0 : blocks[i - 1]!.offset + blocks[i - 1]!.size + BLOCK_TRAILER)
  const dataEnd = blocks.at(-1)!.offset + blocks.at(-1)!.size + BLOCK_TRAILER
  const metaindex = encodeBlock([])
  const index = encodeBlock(blocks.map((b) => [b.last, [...varint(b.offset), ...varint(b.size)]]))
  const metaOffset = dataEnd
  const indexOffset = metaOffset + metaindex.length + BLOCK_TRAILER
  const footer = new Uint8Array(FOOTER_LENGTH)
  footer.set([...varint(metaOffset), ...varint(metaindex.length), ...varint(indexOffset), ...varint(index.length)])
  footer.set(TABLE_MAGIC, FOOTER_LENGTH - TABLE_MAGIC.length)
  const table = Buffer.concat([bytes.subarray(0, dataEnd), withTrailer(metaindex), withTrailer(index), footer])
  return { table, blocks: blocks.length, gaps }
}

/** A file the process may not open (EACCES, EPERM for an immutable file): not damage. */
const isAccessDenied = (err: unknown): boolean => ['EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')

/** Where this and LevelDB's repair keep what they set aside (LevelDB's, failing to move a file there, leaves it in place). */
const lostFolder = (path: string): string => join(path, 'lost')

const tableFiles = (path: string): string[] => readdirSync(path).filter((f) => /^\d+\.(ldb|sst)$/.test(f)).sort()

/**
 * How the refusals of a repair name the repair to run again: the command
 * line gives its command, with the data folder it ran on (`'gdp --data
 * <folder> store repair'`); said bare, it ran on ./data.
 */
const THE_REPAIR = 'the store repair'

/** A table of the store at `path` that the repair cannot read, as the error that says what to do (`repair`: THE_REPAIR). */
function unreadableTable (path: string, file: string, err: unknown, repair: string): StoreAccessError | StoreOpenError {
  // A table this user may not read is whole: moved out as the message below says, its rows were lost for a chmod.
  if (isAccessDenied(err)) return new StoreAccessError(`the repair may not read table ${file} in ${path}: ${(err as Error).message}: make the store's files readable and writable by the user running gdp (chown, chmod), then run ${repair} again`, { cause: err })
  // (A folder in its place, a disk that cannot read it: LevelDB's repair cannot either.)
  return new StoreOpenError(`the repair cannot read table ${file} in ${path}: ${(err as Error).message}; move it out of the store (what only it holds is lost unless a backup has it), then run ${repair} again`, { cause: err })
}

/**
 * Refuses, before a repair changes anything, a store whose tables
 * mendTableIndexes could not read (one the user may not open, a folder in
 * a table's place) or whose lost/ is not a folder: refused part-way, the
 * repair left its marker (REPAIR_MARKER) and every open said a repair was
 * stopped, for a chmod. A table that fails as it is read is still refused
 * by mendTableIndexes. `repair` names the repair to run again (THE_REPAIR).
 */
export function refuseUnmendableTables (path: string, repair = THE_REPAIR): void {
  const lost = lostFolder(path)
  if (existsSync(lost) && !statSync(lost).isDirectory()) throw new StoreOpenError(`${lost} is not a folder: a store repair keeps there what it sets aside; move it away, then run ${repair} again`)
  for (const file of tableFiles(path)) {
    const table = join(path, file)
    try {
      closeSync(openSync(table, 'r'))
      // A folder opens: its read's EISDIR is what mendTableIndexes would say.
      if (statSync(table).isDirectory()) readFileSync(table)
    } catch (err) {
      throw unreadableTable(path, file, err, repair)
    }
  }
}

/**
 * Gives each table of the store at `path` whose index or footer is damaged a
 * new index (see the module's comment), the damaged file kept in lost/ as
 * LevelDB's repair keeps what it drops. Run before that repair, on a store no
 * process has open. Returns what it did, a line per table. `repair` names
 * the repair to run again after a refusal (THE_REPAIR).
 */
export function mendTableIndexes (path: string, repair = THE_REPAIR): string[] {
  const done: string[] = []
  refuseUnmendableTables(path, repair)
  const lost = lostFolder(path)
  // A table being written when an earlier run stopped: the damaged one is still in place, and is mended again.
  for (const file of readdirSync(path).filter((f) => f.endsWith(MENDING))) rmSync(join(path, file), { force: true })
  for (const file of tableFiles(path)) {
    let bytes: Buffer
    try {
      bytes = readFileSync(join(path, file))
    } catch (err) {
      throw unreadableTable(path, file, err, repair)
    }
    if (tableIndexIntact(bytes)) continue
    const rebuilt = rebuildTable(bytes)
    if (rebuilt === undefined) {
      done.push(`table ${file}: its index is damaged and no data block was found from its start; LevelDB's repair sets it aside`)
      continue
    }
    // The damaged bytes kept in lost/ (a second name for the same file), then the table written whole under a name
    // LevelDB ignores and renamed over the damaged one: a crash at any point leaves the damaged table or the rebuilt
    // one in place, never none (a crash between moving the damaged one away and putting the new one in left no table,
    // and the next repair lost every row it held; found by attacking the repair).
    mkdirSync(lost, { recursive: true })
    const aside = join(lost, `${file}.index-damaged`)
    rmSync(aside, { force: true })
    linkSync(join(path, file), aside)
    const mending = join(path, `${file}${MENDING}`)
    const fd = openSync(mending, 'w')
    try { writeSync(fd, rebuilt.table); fsyncSync(fd) } finally { closeSync(fd) }
    renameSync(mending, join(path, file))
    const lostBytes = rebuilt.gaps > 0 ? `; ${rebuilt.gaps} bytes between them are in no block that checks, and their rows are lost` : ''
    done.push(`table ${file}: its index was damaged; a new one was made from the ${rebuilt.blocks} data blocks found${lostBytes} (the damaged file is in lost/${file}.index-damaged)`)
  }
  return done
}

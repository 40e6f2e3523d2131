/**
 * The free space opening a LevelDB takes, from its files and its MANIFEST,
 * read only. Opening (classic-level's LevelDB 1.20) rewrites the logs it
 * replays into level-0 tables and writes a new MANIFEST before it deletes
 * anything; only then does it delete the files no longer needed (the old
 * logs and MANIFEST, tables a failed compaction or open left behind) and
 * start the compactions its levels call for. A compaction writes its
 * output before it deletes its input, and one that fails for want of room
 * leaves what it wrote until a later open deletes it: so an open with room
 * only for the rewrite works once, and the compaction after it fills the
 * disk again. The estimate counts both.
 */
import { readdirSync, readFileSync, statfsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { StoreFullError } from '../errors.js'
import { storedCrc32c } from './table-index.js'

/** Room LevelDB may need beyond what is counted: the new log's first writes, table index blocks, its LOG file. */
const OPEN_MARGIN = 1 << 20
/**
 * The same where an open replays little or no log: it writes its MANIFEST
 * (counted), CURRENT and its LOG, and no table to speak of (LevelDB opened
 * such a store on a tmpfs with 100 KiB free). OPEN_MARGIN alone refused
 * a store that was only to be read for want of 1.1 MiB, 1.0 MiB free.
 */
const SMALL_OPEN_MARGIN = 256 << 10
/**
 * Files opening makes beyond the tables it writes: the new log and MANIFEST,
 * CURRENT's temporary (.dbtmp), the LOG (the old one kept as LOG.old), the
 * store's own marker files, and spares. Four let an open through that then
 * ran out (found by the test at the limit), and left files behind.
 */
const OPEN_FILES = 8
/** A table written from a log can be a little larger than the log (keys kept whole, block trailers, index). */
const TABLE_GROWTH = 1 / 8
/** What the new MANIFEST may take beyond the current one: the tables the replay adds. */
const MANIFEST_GROWTH = 64 << 10
/** classic-level's defaults, which the store keeps: writeBufferSize 4 MiB, maxFileSize 2 MiB. */
const WRITE_BUFFER = 4 << 20
const MAX_FILE = 2 << 20
const LEVELS = 7
const L0_TRIGGER = 4
const EXPANDED_LIMIT = 25 * MAX_FILE
const maxBytesForLevel = (level: number): number => 10 * (1 << 20) * 10 ** (level - 1)

export interface OpeningSpace {
  /** Free bytes opening takes, with the compaction it starts. */
  needed: number
  free: number
  /** The logs, with their sizes, for the message. */
  logs: string
  /** The largest compaction the open starts, in bytes written (0: none, or not known). */
  compaction: number
  /** Bytes the open deletes before it compacts (old logs and MANIFEST, files left behind). */
  deleted: number
  /** Files (inodes) opening makes, with the compaction's, and those free; undefined where the file system counts none (btrfs). */
  inodes: { needed: number, free: number } | undefined
}

/** A table: its number, size and user-key range (undefined: not known, so any key). */
interface Table { number: number, size: number, smallest?: Buffer, largest?: Buffer }

interface Manifest { logNumber: number, prevLogNumber: number, levels: Table[][] }

/**
 * Reads the records of a LevelDB log-format file (a MANIFEST): 32 KiB
 * blocks, records in pieces. `checked`: a piece whose CRC does not hold,
 * or out of its place, throws, as LevelDB refuses such a MANIFEST
 * (unchecked, for an estimate, its bytes are read as they are); a torn
 * tail is left out either way, as LevelDB leaves it.
 */
function logRecords (data: Buffer, checked: boolean): Buffer[] {
  const BLOCK = 32768
  const records: Buffer[] = []
  let pieces: Buffer[] = []
  let offset = 0
  while (offset + 7 <= data.length) {
    const left = BLOCK - (offset % BLOCK)
    if (left < 7) {
      offset += left
      continue
    }
    const length = data.readUInt16LE(offset + 4)
    const type = data[offset + 6]!
    const start = offset + 7
    if (type === 0 && length === 0) {
      // Zeros to the block's end (preallocated, or a region a crash left unwritten): LevelDB skips them, and reports
      // a record they cut in two as corruption ("error in middle of record"); read on, its pieces made one edit.
      if (checked && pieces.length > 0) throw new Error(`a MANIFEST record is cut by zeros at byte ${offset}`)
      offset += left
      continue
    }
    if (start + length > data.length) break
    // A piece never crosses a block's end (the writer starts a new piece there): LevelDB reports one that does as
    // corruption ("bad record length") where the file goes on after the block.
    if (checked && 7 + length > left) throw new Error(`a MANIFEST record at byte ${offset} runs past the end of its block`)
    if (checked && storedCrc32c(data, offset + 6, start + length) !== data.readUInt32LE(offset)) throw new Error(`a MANIFEST record at byte ${offset} fails its CRC`)
    const piece = data.subarray(start, start + length)
    offset = start + length
    // A piece out of its place LevelDB reports as corruption, and refuses the MANIFEST for; read unchecked, it was a
    // record of its own (a record's end with no start, an edit that deleted a listed table).
    const fragmented = pieces.length > 0
    if (checked && (type === 1 || type === 2 ? fragmented : !fragmented)) throw new Error(`a MANIFEST record at byte ${offset - length - 7} is out of its place among the pieces of a record`)
    if (type === 1) {
      records.push(piece)
      pieces = []
    } else if (type === 2) {
      pieces = [piece]
    } else if (type === 3) {
      pieces.push(piece)
    } else if (type === 4) {
      pieces.push(piece)
      records.push(Buffer.concat(pieces))
      pieces = []
    } else {
      throw new Error(`bad record type ${type}`)
    }
  }
  return records
}

/** Reads the version a MANIFEST describes: its tables by level, and the log numbers LevelDB replays from; `checked`: see logRecords. */
export function readManifest (data: Buffer, checked = false): Manifest {
  const levels: Array<Map<number, Table>> = Array.from({ length: LEVELS }, () => new Map())
  let logNumber = 0
  let prevLogNumber = 0
  /** Of the tags LevelDB requires (2, 3, 4), those read. */
  const seen = new Set<number>()
  for (const record of logRecords(data, checked)) {
    let at = 0
    const varint = (): number => {
      let value = 0
      let scale = 1
      for (;;) {
        if (at >= record.length) throw new Error('truncated varint')
        const byte = record[at++]!
        value += (byte & 0x7f) * scale
        if (byte < 0x80) return value
        scale *= 128
        if (scale > 2 ** 70) throw new Error('bad varint')
      }
    }
    const slice = (): Buffer => {
      const length = varint()
      if (at + length > record.length) throw new Error('truncated slice')
      const out = record.subarray(at, at + length)
      at += length
      return out
    }
    const level = (): number => {
      const l = varint()
      if (l >= LEVELS) throw new Error(`bad level ${l}`)
      return l
    }
    // An internal key is the user key and 8 bytes of sequence and type.
    const userKey = (key: Buffer): Buffer => Buffer.from(key.subarray(0, Math.max(0, key.length - 8)))
    while (at < record.length) {
      const tag = varint()
      switch (tag) {
        case 1: {
          const comparator = slice().toString('latin1')
          if (checked && comparator !== 'leveldb.BytewiseComparator') throw new Error(`a MANIFEST of another comparator (${comparator})`)
          break
        }
        case 2: logNumber = varint(); seen.add(tag); break
        case 3: varint(); seen.add(tag); break
        case 4: varint(); seen.add(tag); break
        case 5: level(); slice(); break
        case 6: { const l = level(); levels[l]!.delete(varint()); break }
        case 7: {
          const l = level()
          const number = varint()
          const size = varint()
          const smallest = userKey(slice())
          const largest = userKey(slice())
          levels[l]!.set(number, { number, size, smallest, largest })
          break
        }
        case 9: prevLogNumber = varint(); break
        default: throw new Error(`unknown MANIFEST tag ${tag}`)
      }
    }
  }
  const byKey = (a: Table, b: Table): number => Buffer.compare(a.smallest!, b.smallest!)
  // LevelDB refuses a MANIFEST without them ("no meta-nextfile entry in descriptor"); 'gdp store repair' then reads every table, listed or not.
  if (checked && seen.size < 3) throw new Error('a MANIFEST without its log number, next file number or last sequence')
  return { logNumber, prevLogNumber, levels: levels.map((m, l) => l === 0 ? [...m.values()].sort((a, b) => a.number - b.number) : [...m.values()].sort(byKey)) }
}

type Range = { lo?: Buffer, hi?: Buffer }
const total = (tables: Table[]): number => tables.reduce((n, t) => n + t.size, 0)

function rangeOf (tables: Table[]): Range {
  let lo: Buffer | undefined
  let hi: Buffer | undefined
  let open = false
  for (const t of tables) {
    if (t.smallest === undefined || t.largest === undefined) open = true
    else {
      if (lo === undefined || Buffer.compare(t.smallest, lo) < 0) lo = t.smallest
      if (hi === undefined || Buffer.compare(t.largest, hi) > 0) hi = t.largest
    }
  }
  return open ? {} : { lo, hi }
}

const overlaps = (t: Table, r: Range): boolean =>
  t.smallest === undefined || t.largest === undefined ||
  !((r.lo !== undefined && Buffer.compare(t.largest, r.lo) < 0) || (r.hi !== undefined && Buffer.compare(t.smallest, r.hi) > 0))

/** The union of two ranges (an undefined bound: no bound). */
const union = (a: Range, b: Range): Range => ({
  lo: a.lo === undefined || b.lo === undefined ? undefined : Buffer.compare(a.lo, b.lo) <= 0 ? a.lo : b.lo,
  hi: a.hi === undefined || b.hi === undefined ? undefined : Buffer.compare(a.hi, b.hi) >= 0 ? a.hi : b.hi
})
const sameRange = (a: Range, b: Range): boolean =>
  (a.lo === undefined ? b.lo === undefined : b.lo !== undefined && a.lo.equals(b.lo)) &&
  (a.hi === undefined ? b.hi === undefined : b.hi !== undefined && a.hi.equals(b.hi))

/**
 * Whether a level's tables are sorted and disjoint, as LevelDB keeps every
 * level past 0 (a damaged MANIFEST may say otherwise), by the level's array.
 */
const disjointLevels = new WeakMap<Table[], boolean>()
function isDisjoint (tables: Table[]): boolean {
  let disjoint = disjointLevels.get(tables)
  if (disjoint === undefined) {
    disjoint = tables.every((t, i) => t.smallest !== undefined && t.largest !== undefined && Buffer.compare(t.smallest, t.largest) <= 0 &&
      (i === 0 || Buffer.compare(tables[i - 1]!.largest!, t.smallest) < 0))
    disjointLevels.set(tables, disjoint)
  }
  return disjoint
}

/**
 * LevelDB's GetOverlappingInputs: in level 0, where tables overlap, the
 * range grows with each table taken. In a level past 0 the first table that
 * ends at or after the range is found by halving (a pass over the level for
 * each table of the level above took 34 s for a store of 72 GB), unless the
 * level is not sorted and disjoint.
 */
export function overlapping (levels: Table[][], level: number, range: Range): Table[] {
  const tables = levels[level] ?? []
  if (level > 0 && isDisjoint(tables)) {
    let first = 0
    let end = tables.length
    while (range.lo !== undefined && first < end) {
      const middle = (first + end) >>> 1
      if (Buffer.compare(tables[middle]!.largest!, range.lo) < 0) first = middle + 1
      else end = middle
    }
    let last = first
    while (last < tables.length && (range.hi === undefined || Buffer.compare(tables[last]!.smallest!, range.hi) <= 0)) last++
    return tables.slice(first, last)
  }
  let r = range
  for (;;) {
    const taken = tables.filter((t) => overlaps(t, r))
    if (level > 0 || taken.length === 0) return taken
    const grown = union(r, rangeOf(taken))
    if (sameRange(grown, r)) return taken
    r = grown
  }
}

/** A compaction of `inputs` at `level`, set up as LevelDB's SetupOtherInputs does: its bytes, and its key range. */
function compaction (levels: Table[][], level: number, inputs: Table[]): { bytes: number, range: Range } {
  let inputs0 = inputs
  let inputs1 = overlapping(levels, level + 1, rangeOf(inputs0))
  if (inputs1.length > 0) {
    const expanded0 = overlapping(levels, level, rangeOf([...inputs0, ...inputs1]))
    if (expanded0.length > inputs0.length && total(inputs1) + total(expanded0) < EXPANDED_LIMIT) {
      const expanded1 = overlapping(levels, level + 1, rangeOf(expanded0))
      if (expanded1.length === inputs1.length) {
        inputs0 = expanded0
        inputs1 = expanded1
      }
    }
  }
  return { bytes: total(inputs0) + total(inputs1), range: rangeOf([...inputs0, ...inputs1]) }
}

/**
 * Bytes the compaction LevelDB starts once open writes (at most what it
 * reads): that of the level furthest over its limit (level 0: 4 tables),
 * set up as LevelDB sets it up, from any of its tables (LevelDB takes the
 * one after where it stopped last, which the estimate does not follow).
 * Compactions after that one are not counted: each deletes its input once
 * done, unless a read under way still holds it, and one that runs out of
 * room leaves what it wrote until the next open, which deletes it first.
 */
export function compactionBytes (levels: Table[][]): number {
  let best = -1
  let score = 0
  for (let level = 0; level < LEVELS - 1; level++) {
    const s = level === 0 ? levels[0]!.length / L0_TRIGGER : total(levels[level]!) / maxBytesForLevel(level)
    if (s > score) {
      best = level
      score = s
    }
  }
  if (best < 0 || score < 1) return 0
  const picks = best === 0 ? [compaction(levels, 0, levels[0]!)] : levels[best]!.map((t) => compaction(levels, best, [t]))
  return picks.reduce((n, pick) => Math.max(n, pick.bytes), 0)
}

const fileNumber = (file: string): number => Number(/^(\d+)\./.exec(file)?.[1] ?? -1)

/**
 * Free space, and what opening the LevelDB at `path` takes: see the top of
 * this file. Undefined if its files cannot be read. `newData`: with new
 * data written first, which makes one more level-0 table than the logs
 * make now: it goes to the log, and if it fills the log's table (a flush),
 * the writes after it (the store's own rows, never refused) start the next
 * log.
 */
export function openingSpace (path: string, newData = false): OpeningSpace | undefined {
  let names: string[]
  let free: number
  let freeInodes: number | undefined
  try {
    names = readdirSync(path)
    const disk = statfsSync(path)
    free = disk.bavail * disk.bsize
    freeInodes = disk.files === 0 ? undefined : disk.ffree
  } catch {
    return undefined
  }
  const inodes = (tables: number): OpeningSpace['inodes'] => freeInodes === undefined ? undefined : { needed: OPEN_FILES + tables, free: freeInodes }
  // Only the files whose sizes the MANIFEST does not give are looked at: a store of 36,000 tables took 90 ms a look
  // (once a second near a full disk). A file gone since the listing (LevelDB deletes what it compacted) is left out.
  const sized = (wanted: (name: string) => boolean): Array<{ name: string, size: number }> => names.filter(wanted).flatMap((name) => {
    try {
      return [{ name, size: statSync(join(path, name)).size }]
    } catch {
      return []
    }
  })
  const logs = sized((name) => /^\d+\.log$/.test(name))
  const logsText = logs.length === 0 ? 'no log' : logs.map((f) => `${f.name}: ${mib(f.size)}`).join(', ')
  const manifests = sized((name) => name.startsWith('MANIFEST-'))
  let manifest: Manifest | undefined
  let current: { name: string, size: number } | undefined
  try {
    const name = readFileSync(join(path, 'CURRENT'), 'latin1').trim()
    current = manifests.find((f) => f.name === name)
    if (current !== undefined) manifest = readManifest(readFileSync(join(path, current.name)))
  } catch {
    manifest = undefined
  }
  if (manifest === undefined || current === undefined) {
    // Not readable: LevelDB will say why; count its logs and MANIFESTs as before.
    const needed = OPEN_MARGIN + total(logs.map((f) => ({ number: 0, size: f.size }))) + total(manifests.map((f) => ({ number: 0, size: f.size })))
    return { needed, free, logs: logsText, compaction: 0, deleted: 0, inodes: inodes(logs.length) }
  }
  const m = manifest
  // The logs it replays, each rewritten into level-0 tables of up to a write buffer, whose keys are not known here.
  const replayed = logs.filter((f) => fileNumber(f.name) >= m.logNumber || fileNumber(f.name) === m.prevLogNumber)
  const written: Table[] = []
  for (const log of replayed) {
    const size = Math.ceil(log.size * (1 + TABLE_GROWTH))
    for (let left = size; left > 0; left -= WRITE_BUFFER) written.push({ number: -1, size: Math.min(left, WRITE_BUFFER) })
  }
  // Its bytes are counted by the caller; the table can start a compaction of level 0 that the tables there alone do not.
  if (newData) written.push({ number: -1, size: 0 })
  const replayedBytes = total(replayed.map((f) => ({ number: 0, size: f.size })))
  const margin = newData ? OPEN_MARGIN : Math.min(OPEN_MARGIN, SMALL_OPEN_MARGIN + replayedBytes)
  const before = total(written) + current.size + MANIFEST_GROWTH + margin
  // Then it deletes every log (a new one replaces them), every MANIFEST but the new one, and tables no version holds.
  const live = new Set(m.levels.flat().map((t) => t.number))
  const deleted = total([...logs, ...manifests, ...sized((name) => /^\d+\.(ldb|sst)$/.test(name) && !live.has(fileNumber(name)))].map((f) => ({ number: 0, size: f.size })))
  const levels = m.levels.map((tables, l) => l === 0 ? [...tables, ...written] : tables)
  const compact = compactionBytes(levels)
  return { needed: Math.max(before, before + compact - deleted), free, logs: logsText, compaction: compact, deleted, inodes: inodes(written.length + Math.ceil(compact / MAX_FILE)) }
}

/**
 * The table files in the LevelDB folder `path` that the MANIFEST its CURRENT
 * file names does not list, as LevelDB's DeleteObsoleteFiles finds them at
 * an open (no compaction then has outputs pending): a failed compaction's
 * output, the inputs of one whose deletion was cut short. Read with every
 * CRC checked; undefined where CURRENT or that MANIFEST cannot be read whole
 * (LevelDB will say why), so that a damaged MANIFEST never makes a listed
 * table look unlisted. Deleting them is for a caller that holds LevelDB's
 * lock on the folder: a LevelDB open there writes tables it lists later.
 */
export function unlistedTables (path: string): Array<{ name: string, size: number }> | undefined {
  let manifest: Manifest
  let names: string[]
  try {
    const current = /^(MANIFEST-\d+)\n$/.exec(readFileSync(join(path, 'CURRENT'), 'latin1'))?.[1]
    if (current === undefined) return undefined
    manifest = readManifest(readFileSync(join(path, current)), true)
    names = readdirSync(path)
  } catch {
    return undefined
  }
  const listed = new Set(manifest.levels.flat().map((t) => t.number))
  return names.filter((name) => /^\d+\.(ldb|sst)$/.test(name) && !listed.has(fileNumber(name))).flatMap((name) => {
    try {
      return [{ name, size: statSync(join(path, name)).size }]
    } catch {
      return []
    }
  })
}

/** Bytes as MiB to a tenth, rounded `up` (a room needed) or down (a room there). */
export function mib (bytes: number, up = false): string {
  const tenths = bytes / (1 << 20) * 10
  return `${((up ? Math.ceil(tenths - 1e-9) : Math.floor(tenths + 1e-9)) / 10).toFixed(1)} MiB`
}

/** Room kept beyond what opening takes: rows derived from what is stored (a key-value index catching up) go there once new data is refused. */
export const DERIVED_ROOM = 4 << 20
/** How long a look at the disk (statfs, and near the room kept an estimate from the MANIFEST) stands before it is made again. */
const LOOK_MS = 1000
/**
 * Free space past which no estimate is made: what opening takes is the logs
 * (a write buffer or two), the MANIFEST and one compaction (at most a
 * level-0 compaction of its 12 tables with what they overlap, or 25 tables
 * of 2 MiB), well under this; a store of many tables is not listed and its
 * MANIFEST not read every second for nothing.
 */
const FAR_FROM_FULL = 256 << 20

/**
 * Keeps the room the store needs to open again. A store that filled its
 * disk with its own writes could not be opened there again, not even to be
 * read (opening rewrites its logs and compacts first): so new data (an
 * append, a create) is refused, before LevelDB sees it, while writing it
 * would leave less free than opening then takes plus DERIVED_ROOM. Rows
 * derived from what is stored are written into that room, so reads that
 * catch an index up go on.
 */
export class StoreRoom {
  readonly #path: string
  /** The last look at the disk: free bytes then, what this store wrote since, and near the room kept what opening takes. */
  #look: { free: number, at: number, writtenSince: number, needed?: number } | undefined

  constructor (path: string) {
    this.#path = path
  }

  /** Why `bytes` more of new data may not be written now, or undefined when there is room. */
  refusal (bytes: number): string | undefined {
    const now = performance.now()
    if (this.#look === undefined || now - this.#look.at >= LOOK_MS) {
      const free = freeBytes(this.#path)
      if (free === undefined) return undefined
      this.#look = { free, at: now, writtenSince: 0 }
    }
    const look = this.#look
    // Far from full by the last look less what this store wrote since (other processes may write there too: looked at again each second).
    if (look.free - look.writtenSince - bytes >= FAR_FROM_FULL) return undefined
    if (look.needed === undefined) {
      // As it will be once new data is written: estimated with the tables the logs make alone, the compaction of
      // level 0 that the next table starts came into the estimate only with a write after it, too late to keep its
      // room, and a store that filled its disk with its own writes was refused at every open there.
      const space = openingSpace(this.#path, true)
      if (space === undefined) return undefined
      look.needed = space.needed
    }
    // Near: the disk is asked at each write of new data. What is written goes to the log, which opening rewrites
    // into tables: it adds to what opening takes.
    const kept = look.needed + (look.writtenSince + bytes) * (1 + TABLE_GROWTH) + DERIVED_ROOM
    const free = freeBytes(this.#path)
    if (free === undefined || free - bytes >= kept) return undefined
    return `the disk holding the store at ${this.#path} is full: the store keeps room to open again (opening rewrites its logs and compacts) and to index what it holds, so ${mib(bytes, true)} more of new data needs about ${mib(kept + bytes, true)} free, ${mib(free)} are free; new data is refused until the disk has that room (reads go on)`
  }

  /** `bytes` were written since the last look. */
  wrote (bytes: number): void {
    if (this.#look !== undefined) this.#look.writtenSince += bytes
  }
}

function freeBytes (path: string): number | undefined {
  try {
    const disk = statfsSync(path)
    return disk.bavail * disk.bsize
  } catch {
    return undefined
  }
}

/**
 * What a requester is told of a full disk (over the overlay with STORE_FULL,
 * which a client takes as it takes SERVER_ERROR: it avoids this replica and
 * an Appender resends to another, docs/replication.md; at a gateway with
 * 507): that the store is full and nothing was stored, with the room the store asks for and where the
 * capsule stays when the store said so; not the store's own words, which
 * name its folder and LevelDB's files.
 */
export function storeFullDetail (err: StoreFullError): string {
  // A gateway's writer journal on this node: a router's gateway has no store, and a requester told of "this server's
  // store" looked for it at the capsule's servers.
  if (err.ofJournal) return 'the disk holding this node\'s writer journal is full: nothing of this request was sent to the capsule\'s servers; writes are taken again once its operator frees space'
  // The store's own words, or this function's (a refusal that came over the overlay, said again).
  const room = /needs about ([\d.]+ MiB) free(?: to take writes)?, ([\d.]+ MiB) are free/.exec(err.message)
  const stays = /the capsule stays at (\d+) records/.exec(err.message)
  const partly = new RegExp(`${PARTLY_STORED_FILE}[^;]*`).exec(err.message)
  return 'the disk of this server\'s store is full' +
    (room === null ? '' : ` (it needs about ${room[1]} free to take writes, ${room[2]} are free)`) +
    `: ${partly?.[0] ?? `nothing of this request was stored${stays === null ? '' : `, the capsule stays at ${stays[1]} records`}`}; writes are taken again once its operator frees space`
}

/** How a file put that a full disk refused after some of its blobs were appended begins to say so (src/files/file-system.ts), in place of "nothing of this request was stored". */
export const PARTLY_STORED_FILE = 'the file was not written'

/** What migrations (a receiver's rounds, a base add) leave free of a disk by default: room for a capsule store there to open again, and to go on. */
export const DISK_KEPT_FREE_BYTES = 256 * 1024 * 1024

/**
 * What the store acknowledged, kept outside LevelDB. LevelDB recovers a
 * damaged log by dropping what it cannot read, in silence (classic-level does
 * not expose paranoid_checks), so a store could come back shorter and look
 * whole. This file keeps, for each capsule, the size and heartbeat hash of its
 * last written batch; opening a capsule compares them with what LevelDB holds.
 *
 * `<store>/GDP-EVIDENCE` is append-only: a magic line, then groups of claims:
 * a count (u32), that many claims (name, size as u64, SHA-256 of the encoded
 * heartbeat), and the first 8 bytes of the SHA-256 of the group. A claim is
 * recorded only once its LevelDB batch has completed, so the file never
 * claims more than LevelDB had written. It is written in the background, at
 * most every 10 ms, each write carrying the claims recorded since the last
 * (and fsynced, if the store syncs), so it trails the acknowledgements by
 * about 10 ms and never holds one up. A group whose checksum does not hold
 * is never read: damage to this file can make the evidence lag, never
 * invent a claim. One with no verified group after it is a torn write (a
 * crash), cut off in silence. One with verified groups after it is damage:
 * those later groups are kept (a capsule's claims only grow, and they were
 * written after it), the damaged file is copied aside, the file is rewritten
 * with what verified, and the damage is logged and kept in `damage`; the
 * same for a damaged magic line. Once the file is much larger than its
 * latest claims it is rewritten whole (temp file, then rename).
 *
 * A deleted capsule is forgotten: once its deletion is written, a claim of
 * size 2^64 - 1 (all ones, `FORGOTTEN`) drops its claims, and a rewrite
 * leaves it out. Kept, every capsule a server ever held (expired ones
 * too) stayed in this file and in memory for good, about 0.6 to 0.9 KB of
 * memory each, and was read again at each start.
 *
 * A file emptied or cut short is refused (StoreEvidenceError), not taken for
 * a torn tail: the store forgot what it acknowledged in silence, and a
 * LevelDB folder rolled back went unseen. The file is created whole (magic
 * line, fsync, rename), so one shorter than its magic line was emptied; and
 * a clean close notes the file's length beside it (`GDP-EVIDENCE-CLOSED`),
 * removed before the file grows again, so a file shorter than a note says
 * was cut, where only a crash (no note) tears a tail.
 */
import { closeSync, constants, copyFileSync, fsync, fsyncSync, ftruncate, ftruncateSync, openSync, readFileSync, rmSync, write } from 'node:fs'
import { linkToNothing } from './folders.js'
import { replaceFile, syncFolder } from './replace-file.js'
import { dirname, join } from 'node:path'
import { logger } from '@libp2p/logger'
import { NAME_LENGTH } from '../capsule/name.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { binaryKey } from '../crypto/bytes.js'
import { StoreAccessError, StoreEvidenceError, StoreWriteError } from '../errors.js'
import { readUint64, writeUint64 } from './layout.js'

const log = logger('gdp:store')

export const EVIDENCE_FILE = 'GDP-EVIDENCE'
/** The evidence file's length at a clean close, in decimal and a newline; removed before the file grows again. */
export const CLOSED_FILE = 'GDP-EVIDENCE-CLOSED'
const MAGIC = Buffer.from('gdp-evidence/1\n')
const CLAIM_BYTES = NAME_LENGTH + 8 + 32
/** The size of a claim that forgets its capsule (written as eight 0xff bytes): no count of records reaches it. */
const FORGOTTEN = -1
const FORGOTTEN_BYTES = 0xffff_ffff_ffff_ffffn
const MAX_CLAIM_SIZE = BigInt(Number.MAX_SAFE_INTEGER)
const CHECK_BYTES = 8
/** Below this the file is never rewritten; above, once it is twice its content. */
const REWRITE_AT = 4 << 20
/**
 * How long claims wait to share a write (and, for a store that syncs, an
 * fsync). One write per LevelDB batch, even from the thread pool, cost single
 * appends 10 to 25 % of their rate on a busy 2-core machine, and an fsync
 * alongside each synced batch cost synced appends about a quarter of theirs.
 */
const WRITE_DELAY_MS = 10

/** A capsule had `size` records, the last batch signed by the heartbeat whose encoding hashes to `heartbeatHash`. */
export interface Claim {
  name: Uint8Array
  size: number
  /** SHA-256 of the stored SignedHeartbeat; zeros for a capsule without records. */
  heartbeatHash: Uint8Array
}


function encodeGroup (claims: Iterable<Claim>, count: number): Buffer {
  const group = Buffer.alloc(4 + count * CLAIM_BYTES + CHECK_BYTES)
  group.writeUInt32BE(count, 0)
  let at = 4
  for (const c of claims) {
    group.set(c.name, at)
    if (c.size === FORGOTTEN) group.fill(0xff, at + NAME_LENGTH, at + NAME_LENGTH + 8)
    else writeUint64(group, at + NAME_LENGTH, c.size)
    group.set(c.heartbeatHash, at + NAME_LENGTH + 8)
    at += CLAIM_BYTES
  }
  group.set(sha256(group.subarray(0, at)).subarray(0, CHECK_BYTES), at)
  return group
}

/** The end of the group at `at`, if it is whole and its checksum holds. */
function verifiedGroupEnd (bytes: Buffer, at: number): number | undefined {
  if (at + 4 > bytes.length) return undefined
  const end = at + 4 + bytes.readUInt32BE(at) * CLAIM_BYTES + CHECK_BYTES
  if (end > bytes.length) return undefined
  return equalBytes(sha256(bytes.subarray(at, end - CHECK_BYTES)).subarray(0, CHECK_BYTES), bytes.subarray(end - CHECK_BYTES, end)) ? end : undefined
}

/**
 * Where verified groups go on after the group at `at`, which does not
 * verify: where its count says it ends (damage to a claim leaves the count
 * whole), else the first offset a group verifies at (a false match takes an
 * 8-byte checksum to match by chance). Undefined when none does: a torn tail.
 */
function nextVerifiedGroup (bytes: Buffer, at: number): number | undefined {
  const stated = at + 4 + bytes.readUInt32BE(at) * CLAIM_BYTES + CHECK_BYTES
  if (verifiedGroupEnd(bytes, stated) !== undefined) return stated
  // A checksum at every offset took 9 s past a damaged count in a 3.6 MB group: only offsets whose counts lead
  // to the end of the file, as those of the groups after it do, are checked. (So a damaged count with a torn
  // tail after it is taken for a torn tail, as before.)
  const leadsToEnd = countChains(bytes)
  for (let next = at + 1; next + 4 + CHECK_BYTES <= bytes.length; next++) if (leadsToEnd(next) && verifiedGroupEnd(bytes, next) !== undefined) return next
  return undefined
}

/**
 * Whether following the counts from an offset, group by group, without
 * checking a checksum, ends exactly at the end of the file. Remembered for
 * every offset passed: chains from many offsets run into one another (a
 * run of zeros is one long chain of empty groups), and would otherwise be
 * walked again from each.
 */
function countChains (bytes: Buffer): (at: number) => boolean {
  const UNKNOWN = 0
  const ENDS = 1
  const STRAYS = 2
  const known = new Uint8Array(bytes.length + 1)
  known[bytes.length] = ENDS
  return (start) => {
    const walked: number[] = []
    let at = start
    while (known[at] === UNKNOWN) {
      walked.push(at)
      const end = at + 4 > bytes.length ? Infinity : at + 4 + bytes.readUInt32BE(at) * CLAIM_BYTES + CHECK_BYTES
      if (end > bytes.length) {
        known[at] = STRAYS
        break
      }
      at = end
    }
    const outcome = known[at]!
    for (const offset of walked) known[offset] = outcome
    return outcome === ENDS
  }
}

/** What an evidence file holds: its claims, where its verified content ends (a torn tail after it), and what of it is damaged. */
interface EvidenceContent {
  claims: Map<string, Claim>
  end: number
  /** The damaged parts that were dropped, described; empty when there are none. */
  damaged: string[]
}

/** Whether every group of `bytes` verifies, the last ending at its end: as a file cut between two groups reads, and a whole file. */
function readsWhole (bytes: Buffer): boolean {
  const { end, damaged } = readContent(bytes)
  return damaged.length === 0 && end === bytes.length
}

/**
 * The other way out of a refusal for a file shorter than its note says, where
 * the file reads whole: the note, which has no checksum, may be what was
 * damaged (a digit flipped made a whole file refused as cut short, and
 * deleting it, the way out said, forgot what the store acknowledged).
 */
const noteMayBeDamaged = (closedPath: string): string => `. Its groups all verify, to its end: so a file cut between two groups reads, and so does a whole file beside a damaged ${closedPath} (its length has no checksum); ` +
  `where nothing cut the file, delete ${closedPath} instead: the file is then read as after a crash, and every claim in it kept`

function readContent (bytes: Buffer): EvidenceContent {
  const claims = new Map<string, Claim>()
  const damaged = bytes.subarray(0, MAGIC.length).equals(MAGIC) ? [] : ['its magic line is damaged']
  let at = MAGIC.length
  while (at + 4 <= bytes.length) {
    let end = verifiedGroupEnd(bytes, at)
    if (end === undefined) {
      const next = nextVerifiedGroup(bytes, at)
      if (next === undefined) break
      damaged.push(`bytes ${at} to ${next - 1} fail their checksum`)
      at = next
      end = verifiedGroupEnd(bytes, at)!
    }
    // In file order: a capsule's claims only grow, so the later claim is the larger; a forgetting one ends them.
    for (let claim = at + 4; claim < end - CHECK_BYTES; claim += CLAIM_BYTES) {
      const name = bytes.slice(claim, claim + NAME_LENGTH)
      const size = bytes.readBigUInt64BE(claim + NAME_LENGTH)
      if (size === FORGOTTEN_BYTES) claims.delete(binaryKey(name))
      // Past what a number holds exactly, and past any count of records (docs/spec.md: readers reject 2^53 and more).
      else if (size > MAX_CLAIM_SIZE) damaged.push(`a claim states ${size} records for a capsule, 2^53 or more, which no store writes`)
      else claims.set(binaryKey(name), { name, size: readUint64(bytes, claim + NAME_LENGTH), heartbeatHash: bytes.slice(claim + NAME_LENGTH + 8, claim + CLAIM_BYTES) })
    }
    at = end
  }
  return { claims, end: at, damaged }
}

/**
 * Replaces the file at `path` with one group holding `claims` (temp file,
 * then rename), or with the magic line alone for a new file (`claims`
 * undefined).
 */
function writeWhole (path: string, claims: Map<string, Claim> | undefined, sync: boolean): number {
  const content = claims === undefined ? MAGIC : Buffer.concat([MAGIC, encodeGroup(claims.values(), claims.size)])
  replaceFile(path, content, { sync })
  return content.length
}

/** Whether a clean close noted a length at `path`, and which (undefined for a note that holds none). */
function readClosedNote (path: string): { noted: boolean, length: number | undefined } {
  let text: string
  try {
    text = readFileSync(path, 'latin1')
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return { noted: false, length: undefined }
    if (code === 'EISDIR') throw new StoreAccessError(`${path} is a folder: the store notes the length of its evidence file there as it closes; move the folder away`)
    throw err
  }
  const length = /^(\d{1,15})\n$/.exec(text)?.[1]
  // Damaged, it can only make the open as lenient as after a crash: never refuse a whole evidence file.
  if (length === undefined) log.error('%s does not hold a length (it holds %j): the evidence file is checked as after a crash', path, text.slice(0, 40))
  return { noted: true, length: length === undefined ? undefined : Number(length) }
}

/**
 * Keeps a damaged evidence file aside, for whoever looks into the damage,
 * and puts in its place one holding the claims that verified. Copied, not
 * renamed: until the new file is in place the old one stays where it is, so
 * a crash in between meets the same damage again rather than no file.
 */
function replaceDamaged (path: string, claims: Map<string, Claim>, sync: boolean): { aside: string, length: number } {
  const aside = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`
  try {
    copyFileSync(path, aside, constants.COPYFILE_EXCL)
    return { aside, length: writeWhole(path, claims, sync) }
  } catch (err) {
    throw new StoreWriteError(`the evidence file ${path} is damaged, and keeping it aside as ${aside} and writing it again with the claims that verify failed: ${(err as Error).message}`, { cause: err })
  }
}

export class Evidence {
  readonly path: string
  /**
   * The damage the file had when opened: what was dropped, and where the
   * damaged file was kept. Undefined for a whole file (a torn tail is not
   * damage).
   */
  readonly damage: string | undefined
  readonly #sync: boolean
  #fd: number
  #length: number
  readonly #claims: Map<string, Claim>
  /** Claims not in the file yet: waiting for the write in flight, or after a failed write (a full disk). */
  #behind = new Map<string, Claim>()
  /** The claims of the write in flight. */
  #writing: Map<string, Claim> | undefined
  #timer: NodeJS.Timeout | undefined
  /** Resolved once every claim recorded so far has been written (or failed to be). */
  #idle: Array<() => void> = []
  /** Whether the note of the last clean close (CLOSED_FILE) is still in place: the file has not grown since. */
  #noted: boolean

  private constructor (path: string, sync: boolean, fd: number, length: number, claims: Map<string, Claim>, damage: string | undefined, noted: boolean) {
    this.path = path
    this.damage = damage
    this.#sync = sync
    this.#fd = fd
    this.#length = length
    this.#claims = claims
    this.#noted = noted
  }

  get #closedPath (): string { return join(dirname(this.path), CLOSED_FILE) }

  /**
   * Reads the evidence file of the store in `dir`, creating it if missing;
   * cuts a torn tail, and replaces a damaged file; refuses one emptied or
   * cut short (see the top of this file).
   */
  static open (dir: string, sync: boolean): Evidence {
    const path = join(dir, EVIDENCE_FILE)
    const closedPath = join(dir, CLOSED_FILE)
    const { noted, length: closedAt } = readClosedNote(closedPath)
    let bytes: Buffer
    try {
      bytes = readFileSync(path)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      // EISDIR names no path: the node stopped with an internal error.
      if (code === 'EISDIR') throw new StoreAccessError(`${path} is a folder: the store's evidence file goes there; move the folder away`)
      if (code !== 'ENOENT') throw err
      // Not deleted but out of reach (its disk not mounted): taken for deleted, it was replaced in silence, and what the
      // store acknowledged forgotten (found by attacking a server's disk).
      const target = linkToNothing(path)
      if (target !== undefined) throw new StoreAccessError(`${path} is a symbolic link to ${target}, which is not there: it is the store's evidence file, what the store acknowledged of each capsule; put the file back where the link points (a disk not mounted?), or, to forget what the store acknowledged (for every capsule), delete the link`)
      // Deleted (the documented way to forget what the store acknowledged), or never made: its note goes with it.
      rmSync(closedPath, { force: true })
      // Whole before it is used (and fsynced even for a store that does not sync: once a store's life), so that a file shorter than its magic line was emptied, never torn.
      const length = writeWhole(path, undefined, true)
      return new Evidence(path, sync, openSync(path, 'a'), length, new Map(), undefined, false)
    }
    const cut = bytes.length < MAGIC.length
      ? `holds ${bytes.length} bytes, less than its ${MAGIC.length}-byte first line, which is written whole before the file is used`
      : closedAt !== undefined && bytes.length < closedAt
        ? `holds ${bytes.length} bytes, where the store closed cleanly with ${closedAt} (${closedPath}) and has not written to it since (only a crash tears a write)`
        : undefined
    if (cut !== undefined) {
      throw new StoreEvidenceError(`the evidence file ${path} ${cut}: it was emptied or cut short, so the store no longer knows what it acknowledged, and would not see its LevelDB folder gone backwards. Restore the file from a backup of the store, or delete it to serve what the store holds, checked against nothing it acknowledged before (for every capsule)` +
        (bytes.length >= MAGIC.length && readsWhole(bytes) ? noteMayBeDamaged(closedPath) : ''), { namesWayOut: true })
    }
    const { claims, end, damaged } = readContent(bytes)
    // Whole when the store closed: a group failing there is damage, not a torn tail.
    if (closedAt !== undefined && end < closedAt && damaged.length === 0) damaged.push(`bytes ${end} to ${closedAt - 1} fail their checksum, where the store closed cleanly with them whole`)
    let length = end
    let damage: string | undefined
    if (damaged.length > 0) {
      const { aside, length: written } = replaceDamaged(path, claims, sync)
      // Written again, shorter than noted.
      rmSync(closedPath, { force: true })
      length = written
      damage = `the evidence file ${path} was damaged (${damaged.join('; ')}): the claims there were dropped, so a capsule claimed only there is no longer checked against what the store acknowledged; the ${claims.size} claims that verify were kept; the damaged file is kept as ${aside}`
      log.error('%s', damage)
    } else if (end < bytes.length) {
      const fd = openSync(path, 'r+')
      try {
        ftruncateSync(fd, end)
      } finally {
        closeSync(fd)
      }
    }
    return new Evidence(path, sync, openSync(path, 'a'), length, claims, damage, noted && damage === undefined)
  }

  /** Every capsule the store acknowledged, by its name. */
  claimedNames (): Uint8Array[] {
    return [...this.#claims.values()].map((claim) => claim.name)
  }

  /** The last claim recorded for a capsule. */
  get (name: Uint8Array): Claim | undefined {
    return this.#claims.get(binaryKey(name))
  }

  /**
   * Records the claims of one completed LevelDB batch. A failed write (a full
   * disk) is not an error here: the records are in LevelDB, the evidence only
   * lags, and the claims go out with the next write.
   */
  record (claims: Claim[]): void {
    for (const c of claims) {
      const key = binaryKey(c.name)
      // Capsules only grow: a smaller claim (a capsule created twice at once) would only weaken the evidence.
      if ((this.#claims.get(key)?.size ?? -1) > c.size) continue
      this.#claims.set(key, c)
      this.#behind.set(key, c)
    }
    this.#schedule()
  }

  /**
   * Forgets a deleted capsule, once its deletion is written: its claim is
   * dropped here and, with the next write, from the file. A later claim of
   * it (none is made: its name is refused for good) would start again.
   */
  forget (name: Uint8Array): void {
    const key = binaryKey(name)
    if (!this.#claims.delete(key) && !this.#behind.has(key)) return
    this.#behind.set(key, { name, size: FORGOTTEN, heartbeatHash: new Uint8Array(32) })
    this.#schedule()
  }

  #schedule (): void {
    if (this.#timer !== undefined || this.#writing !== undefined) return
    this.#timer = setTimeout(() => { this.#flush() }, WRITE_DELAY_MS)
    // close() writes what is left; a pending write must not keep a process alive.
    this.#timer.unref()
  }

  /** Writes every claim waiting, from the thread pool (a write on the event loop stalls the appends). */
  #flush (): void {
    clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#writing !== undefined) return
    if (this.#behind.size === 0 || !this.#forgetNote()) {
      for (const resolve of this.#idle.splice(0)) resolve()
      return
    }
    if (this.#length > REWRITE_AT && this.#length > 2 * (MAGIC.length + 4 + this.#claims.size * CLAIM_BYTES + CHECK_BYTES) && this.#rewrite()) {
      this.#flush()
      return
    }
    const writing = this.#behind
    this.#behind = new Map()
    this.#writing = writing
    const group = encodeGroup(writing.values(), writing.size)
    write(this.#fd, group, (err, written) => {
      if (err === null && written === group.length) {
        this.#length += group.length
        // A failed fsync is not reported: it can only leave the evidence on disk behind LevelDB, never ahead.
        if (this.#sync) fsync(this.#fd, () => { this.#done() })
        else this.#done()
        return
      }
      // Claims not superseded meanwhile go out again with the next write.
      for (const [key, claim] of writing) if (!this.#behind.has(key)) this.#behind.set(key, claim)
      // A partial group would hide every later one from the reader: cut it off (shrinking needs no space).
      ftruncate(this.#fd, this.#length, () => { this.#done(true) })
    })
  }

  /**
   * Removes the note of the last clean close, before the file grows or is
   * written again: from then on a torn tail is a crash's. False if it could
   * not be removed: the claims then wait, the evidence lagging, never refused.
   */
  #forgetNote (): boolean {
    if (!this.#noted) return true
    try {
      rmSync(this.#closedPath, { force: true })
      if (this.#sync) syncFolder(dirname(this.path))
    } catch (err) {
      log.error('the note %s could not be removed, so the evidence file is not written: %s', this.#closedPath, (err as Error).message)
      return false
    }
    this.#noted = false
    return true
  }

  /** After a write: the next one, or (after a failure) wait for the next claims rather than retry at once. */
  #done (failed = false): void {
    this.#writing = undefined
    if (failed || this.#behind.size === 0) {
      for (const resolve of this.#idle.splice(0)) resolve()
      return
    }
    if (this.#idle.length > 0) this.#flush()
    else this.#schedule()
  }

  /** Resolves once the claims recorded so far are written (and fsynced, if the store syncs), or their write failed. */
  async #flushed (): Promise<void> {
    if (this.#writing === undefined && this.#behind.size === 0) return
    const idle = new Promise<void>((resolve) => { this.#idle.push(resolve) })
    // Claims left by a failed write get one more try.
    this.#flush()
    await idle
  }

  /** Replaces the file with one group holding every latest claim; false if that could not be written. */
  #rewrite (): boolean {
    let length: number
    try {
      length = writeWhole(this.path, this.#claims, this.#sync)
    } catch {
      return false
    }
    closeSync(this.#fd)
    this.#fd = openSync(this.path, 'a')
    this.#length = length
    this.#behind.clear()
    return true
  }

  /**
   * Writes the claims still waiting, then closes the file and notes its
   * length (CLOSED_FILE), once it is on disk (fsynced, even for a store that
   * does not sync: a later open refuses a file shorter than the note).
   */
  async close (): Promise<void> {
    await this.#flushed()
    try {
      // Still in place: the file has not changed since the note was written.
      if (!this.#noted) {
        fsyncSync(this.#fd)
        replaceFile(this.#closedPath, Buffer.from(`${this.#length}\n`))
      }
    } catch (err) {
      // Not noted, the next open takes a torn tail of the file for a crash's, as it would after one.
      log.error('the store could not note the length of its evidence file %s as it closed: %s', this.path, (err as Error).message)
    } finally {
      closeSync(this.#fd)
    }
  }
}

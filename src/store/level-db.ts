/**
 * The store's LevelDB handle. It opens an existing store only as an existing
 * database, turns read failures into errors that name what was being read,
 * and can reopen LevelDB after a failed write.
 */
import { closeSync, existsSync, fsyncSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { logger } from '@libp2p/logger'
import { Level } from 'level'
import { NAME_LENGTH } from '../capsule/name.js'
import { IncompatibleDependencyError, InvalidArgumentError, ServerBusyError, StoreAccessError, StoreClosedError, StoreCorruptionError, StoreFullError, StoreInUseError, StoreOpenError } from '../errors.js'
import { EVIDENCE_FILE } from './evidence.js'
import { describeKey, DROPPING_KV_INDEXES_KEY } from './layout.js'
import { createFolder, linkToNothing } from './folders.js'
import { syncFolder } from './replace-file.js'
import { mib, openingSpace, readManifest, unlistedTables, type OpeningSpace } from './free-space.js'
import { deleteUnlistedTables } from './store-lock.js'

type Handle = Level<Uint8Array, Uint8Array>
export type WriteOp = { type: 'put', key: Uint8Array, value: Uint8Array } | { type: 'del', key: Uint8Array }

/**
 * A key range as LevelDB takes it: at most one lower bound (gt or gte) and
 * one upper bound (lt or lte); none means unbounded.
 */
export interface KeyRange {
  gt?: Uint8Array
  gte?: Uint8Array
  lt?: Uint8Array
  lte?: Uint8Array
}

/** A read of a key range: in reverse key order if asked, at most `limit` entries. */
export interface KeyScan extends KeyRange {
  reverse?: boolean
  limit?: number
}

/** What is left of `range` once `given` of its entries were read, `last` the key of the last one. */
function rangePast (range: KeyScan, last: Uint8Array, given: number): KeyScan {
  const { gt, gte, lt, lte, limit, ...rest } = range
  const left = limit === undefined || limit < 0 ? {} : { limit: limit - given }
  // A bound given as undefined is taken as one by abstract-level: only those given are passed on.
  return range.reverse === true
    ? { ...rest, ...left, ...(gt === undefined ? {} : { gt }), ...(gte === undefined ? {} : { gte }), lt: last }
    : { ...rest, ...left, ...(lt === undefined ? {} : { lt }), ...(lte === undefined ? {} : { lte }), gt: last }
}

/** Entries of a range: iterate them, or take them all. */
export interface Entries<T> extends AsyncIterable<T> {
  all: () => Promise<T[]>
}

/** The disk is full when LevelDB (or the OS under it) says so. */
export function isNoSpace (err: unknown): boolean {
  for (let e = err as { message?: string, code?: string, cause?: unknown } | undefined; e !== undefined && e !== null; e = e.cause as typeof e) {
    if (e.code === 'ENOSPC' || /No space left on device/i.test(e.message ?? '')) return true
  }
  return false
}

/** LevelDB's words for a file the process may not open (EACCES, EPERM for an immutable file, EROFS for a read-only mount): not damage. */
export function deniedAccess (message: string): boolean {
  return /: (Permission denied|Operation not permitted|Read-only file system)\b/.test(message)
}

/** LevelDB's words for a process out of file descriptors (EMFILE, ENFILE): not damage, and gone once some close. */
function outOfDescriptors (message: string): boolean {
  return /: Too many open files( in system)?\b/.test(message)
}

const log = logger('gdp:store')

/**
 * Stands in the store's folder while LevelDB replays logs at an open, until
 * what it dropped of them is noted in the store (the row
 * DROPPING_KV_INDEXES_KEY) or found to be nothing. LevelDB says what it
 * dropped only in its LOG file, which the next open rotates away, and by
 * then it has rewritten the log into a table: a process killed between the
 * two forgot the drop (found by killing a node right after LevelDB's open).
 * Found at an open, it says an earlier open was stopped there, which is
 * taken as having dropped some. Holds the logs that open replayed.
 */
export const REPLAY_MARKER = 'GDP-REPLAYING'

/** How often the reads that find the store closed by a failed reopen have it reopened. */
const REOPEN_RETRY_MS = 1000

/** Neither the store's path nor LevelDB's file names: this goes to requesters (ServerBusyError is a CONGESTION NACK). */
const OUT_OF_DESCRIPTORS = 'this process is out of file descriptors (LevelDB: Too many open files): the store is not damaged; retry. Its operator raises the limit (ulimit -n, or LimitNOFILE= in a systemd unit) or the connections it takes'

/** The deepest message: LevelDB's own words, under abstract-level's wrappers. */
function levelMessage (err: unknown): string {
  let e = err as { message: string, cause?: unknown }
  while (e.cause instanceof Error) e = e.cause
  return e.message
}

function fullDiskMessage (path: string, space: OpeningSpace | undefined): string {
  if (space === undefined) return `the disk holding the store at ${path} is full`
  // Out of files with bytes to spare: the bytes' figures said the disk had plenty.
  if (space.inodes !== undefined && space.inodes.free < space.inodes.needed && space.free >= space.needed) {
    return `the file system holding the store at ${path} has no room for the files opening makes: it needs about ${space.inodes.needed} free inodes (files), ${space.inodes.free} are free (df -i), and ${mib(space.free)} of bytes are free`
  }
  const compacting = space.compaction === 0
    ? ''
    : ` (that counts ${mib(space.compaction, true)} for the compaction LevelDB starts once open, less ${mib(space.deleted)} of old files it deletes first)`
  return `the disk holding the store at ${path} is full: opening LevelDB rewrites its log (${space.logs}) and needs about ${mib(space.needed, true)} free, ${mib(space.free)} are free${compacting}`
}

/**
 * Refuses to open LevelDB where the disk has less room than opening takes.
 * An open that runs out of room fails, but leaves a new log and whatever
 * tables it wrote (LevelDB deletes them only at an open that works), each
 * failed try taking more; and an open with room only for itself starts a
 * compaction that fills the disk, so the next open fails. Checked first,
 * the store is left as it is, and the room named is enough for the open
 * and the compaction it starts (see free-space.ts).
 */
function refuseWithoutRoom (path: string, before: string, after: string): void {
  const space = openingSpace(path)
  if (isShort(space)) throw new StoreFullError(`${before}${fullDiskMessage(path, space)}${after}`)
}

const isShort = (space: OpeningSpace | undefined): space is OpeningSpace =>
  space !== undefined && (space.free < space.needed || (space.inodes !== undefined && space.inodes.free < space.inodes.needed))

/**
 * The LevelDB folders a StoreDb of this process has open, is opening or is
 * closing, by the folder's device and inode: a folder reached by two paths
 * (a symbolic link, a bind mount) is one. At most one StoreDb holds a
 * folder at a time: a second open is refused while one has it open or is
 * opening it (LevelDB refuses one by the same path itself, but not one by
 * another path to the folder, and two LevelDBs on one folder in one
 * process write over each other), and waits while one closes it (`closed`
 * settles then: let through at once, an open by another path opened a
 * second LevelDB on the folder while the first still had it open, and the
 * first's close dropped the second's lock, as closing any descriptor of a
 * file drops all of one process's fcntl locks on it, store-lock.ts).
 * `openAs` is the path of the StoreDb that holds it, undefined once it
 * closes.
 */
const openInThisProcess = new Map<string, { openAs: string | undefined, closed: Promise<void> | undefined }>()

/** The folder at `path` as openInThisProcess knows it. */
function folderIdentity (path: string): string {
  const { dev, ino } = statSync(path, { bigint: true })
  return `${dev}:${ino}`
}

/** Refuses an open of the folder at `path` (known as `folder`) while a StoreDb of this process has it open. */
function refuseOpenHere (path: string, folder: string): void {
  const openAs = openInThisProcess.get(folder)?.openAs
  if (openAs === undefined) return
  const as = resolve(openAs) === resolve(path) ? '' : ` (as ${openAs}, the same folder)`
  throw new StoreInUseError(`the store at ${path} is already open in this process${as}`)
}

/** Waits until no StoreDb of this process is closing the folder at `path` (a folder not there yet has none). */
async function openedAfterClose (path: string): Promise<void> {
  for (;;) {
    let folder: string
    try {
      folder = folderIdentity(path)
    } catch {
      return
    }
    const closed = openInThisProcess.get(folder)?.closed
    if (closed === undefined) return
    await closed
  }
}

/**
 * A file in the store's folder from the start of a `gdp store repair` to
 * its end. LevelDB's repair drops the rows of every block it cannot read,
 * and the salvage then drops what those drops leave wrong (the derived
 * indexes, capsule by capsule) and checks each capsule; a repair stopped in
 * between (killed, a power loss, an error) left a store that opened
 * without a word, its key-value indexes answering keys whose rows went
 * with a block as absent. Found at an open, the store is refused until a
 * repair runs to its end (CapsuleStore.open); no unlisted table is deleted
 * to make room while it is there (makeRoomToOpen).
 */
export const REPAIR_MARKER = 'GDP-REPAIRING'

/** Refuses a folder where REPAIR_MARKER goes: no repair leaves one, and none could write its marker there. */
export function refuseRepairMarkerFolder (path: string): void {
  refuseMarkerFolder(path, REPAIR_MARKER, 'a store repair keeps the file that says it has not ended; no repair made it')
}

/**
 * Refuses a folder where REPLAY_MARKER goes: no open leaves one, and none
 * could write its marker there, so an open killed during LevelDB's replay
 * would leave a drop of part of a log unnoticed. It was logged as the open
 * went on without the marker.
 */
function refuseReplayMarkerFolder (path: string): void {
  refuseMarkerFolder(path, REPLAY_MARKER, 'an open keeps the file that says LevelDB\'s replay of its logs has not been noted; no open made it')
}

/** Refuses a folder at `name` in the store at `path`, where a marker file of ours goes (`why` says whose, and that we made none). */
function refuseMarkerFolder (path: string, name: string, why: string): void {
  const marker = join(path, name)
  let folder = false
  try {
    folder = statSync(marker).isDirectory()
  } catch {
    return // none there, or not to be looked at: what reads or writes it says why
  }
  if (folder) throw new StoreAccessError(`${marker} is a folder, where ${why}: move it away, then run the command again`)
}

/**
 * refuseWithoutRoom for an open, after deleting the tables LevelDB no
 * longer lists where they would make the room: LevelDB deletes them only
 * once open, and opening needs room first (store-lock.ts). Done under
 * LevelDB's lock, so a store another process holds is refused as in use;
 * only where no LevelDB of this process has the folder open (StoreDb.open,
 * and StoreDb.reopen once it closed its own).
 */
function makeRoomToOpen (path: string, before: string, after: string): void {
  const space = openingSpace(path)
  if (!isShort(space)) return
  // Not during a store repair, nor after one was stopped: LevelDB's repair takes no lock, and lists the tables it
  // makes of the logs (which it moves to lost/) only in the MANIFEST it writes at its end.
  const repairing = existsSync(join(path, REPAIR_MARKER))
  const deleted = space.deleted > 0 && !repairing ? deleteUnlistedTables(path) : undefined
  if (deleted === 'in use') throw new StoreInUseError(`the store at ${path} is in use by another process`)
  if (deleted !== undefined && deleted.freed > 0) {
    log('deleted %s (%s), tables LevelDB no longer lists, to make room to open the store at %s', deleted.tables.join(', '), mib(deleted.freed), path)
    refuseWithoutRoom(path, before, after)
    return
  }
  throw new StoreFullError(`${before}${fullDiskMessage(path, space)}${after}`)
}

/**
 * Whether deleting the tables LevelDB no longer lists (makeRoomToOpen) would
 * leave the room an open needs, where `space` is short. Deleting them takes
 * them off what the open deletes itself (`deleted`), so the compaction it
 * starts may need more of the room they give.
 */
function unlistedTablesMakeRoom (path: string, space: OpeningSpace): boolean {
  if (existsSync(join(path, REPAIR_MARKER))) return false
  const tables = unlistedTables(path) ?? []
  const freed = tables.reduce((n, t) => n + t.size, 0)
  if (freed === 0) return false
  const beforeCompaction = space.needed - Math.max(0, space.compaction - space.deleted)
  const needed = beforeCompaction + Math.max(0, space.compaction - (space.deleted - freed))
  const inodes = space.inodes === undefined || space.inodes.free + tables.length >= space.inodes.needed
  return space.free + freed >= needed && inodes
}

/** LevelDB's files: a store that has any of them exists, and must never be created afresh. */
const isLevelFile = (file: string): boolean => file === 'CURRENT' || file.startsWith('MANIFEST-') || /^\d+\.(log|ldb|sst)$/.test(file)
const isStoreFile = (file: string): boolean => isLevelFile(file) || file === EVIDENCE_FILE

/**
 * What is refused for its CURRENT file or MANIFEST, and the way out besides
 * CURRENT itself and a backup. The node's store names none: its way out, a
 * store repair, is left to the command line to name with the data folder it
 * runs on (a node's --config names one elsewhere, and the command as the
 * store said it ran on ./data); another database's way out is its own.
 */
export interface CurrentOwner { what: string, orElse?: string }
const STORE_CURRENT: CurrentOwner = { what: 'the store' }

/** The end of a refusal's sentence naming `owner`'s own way out, if it has one. */
const orElse = (owner: CurrentOwner): string => owner.orElse === undefined ? '' : `, or ${owner.orElse}`
/** namesWayOut for such a refusal: a way out it names leaves the command line's own (a store repair) unsaid. */
const namesWayOut = (owner: CurrentOwner): boolean => owner.orElse !== undefined

function missingCurrent (path: string, files: string[], owner: CurrentOwner = STORE_CURRENT): StoreCorruptionError {
  const manifests = files.filter((f) => f.startsWith('MANIFEST-')).sort()
  const count = (what: string, n: number): string => `${n} ${what} file${n === 1 ? '' : 's'}`
  const ending = (ext: string): number => files.filter((f) => f.endsWith(ext)).length
  const held = [...manifests, count('table', ending('.ldb') + ending('.sst')), count('log', ending('.log'))].join(', ')
  const newest = manifests.at(-1)
  return new StoreCorruptionError(`${owner.what} at ${path} has lost its CURRENT file (it names the MANIFEST to read) but still holds ${held}; ` +
    'opening it would start an empty database and delete those tables, so it was not opened. Restore CURRENT from a backup' +
    (newest === undefined ? '' : `, recreate it from the newest MANIFEST: printf '${newest}\\n' > ${join(path, 'CURRENT')}`) +
    orElse(owner), { namesWayOut: namesWayOut(owner) })
}

/**
 * Refuses a LevelDB folder whose CURRENT file is lost or damaged, before
 * LevelDB opens it: without CURRENT it starts an empty database and deletes
 * the tables it finds (a base index that lost CURRENT forgot every base, in
 * silence), and a damaged one it reports with no word of the way out.
 * `owner` names the database and the other way out than CURRENT.
 */
export function refuseLostCurrent (path: string, owner: CurrentOwner = STORE_CURRENT, isDatabaseFile: (file: string) => boolean = isLevelFile): void {
  let files: string[]
  try {
    files = readdirSync(path)
  } catch {
    return // no folder (a new database), or not one: LevelDB says which
  }
  if (!files.some(isDatabaseFile)) return
  const current = linkToNothing(join(path, 'CURRENT'))
  if (current !== undefined) throw linkedAway(path, 'CURRENT', current, owner)
  if (!files.includes('CURRENT')) throw missingCurrent(path, files, owner)
  refuseDamagedCurrent(path, files, owner)
}

/**
 * LevelDB's `file` (CURRENT, the MANIFEST it names) a symbolic link to
 * nothing (its disk not mounted): it was refused as lost, the way out to
 * write CURRENT with printf, which wrote through the link (onto a mount
 * point's folder, the disk not mounted, hidden once it is), or to point
 * CURRENT at the newest MANIFEST, the link itself.
 */
function linkedAway (path: string, file: string, target: string, owner: CurrentOwner, cause?: unknown): StoreCorruptionError {
  return new StoreCorruptionError(`${owner.what} at ${path}: its ${file} is a symbolic link to ${target}, which is not there: put the file back where the link points (a disk not mounted?), then open ${owner.what} again` +
    orElse(owner), { cause, namesWayOut: namesWayOut(owner) })
}

/** CURRENT names a MANIFEST that is not there: as a lost CURRENT, the way out is the newest MANIFEST or a repair. */
function wrongCurrent (path: string, named: string, files: string[], cause: unknown, owner: CurrentOwner): StoreCorruptionError {
  const target = linkToNothing(join(path, named))
  if (target !== undefined) return linkedAway(path, named, target, owner, cause)
  const newest = files.filter((f) => f.startsWith('MANIFEST-')).sort().at(-1)
  return new StoreCorruptionError(`${owner.what} at ${path} has a CURRENT file naming ${named}, which is not there; ` +
    `restore ${owner.what} from a backup` + (newest === undefined ? '' : `, point CURRENT at the newest MANIFEST: printf '${newest}\\n' > ${join(path, 'CURRENT')}`) +
    orElse(owner), { cause, namesWayOut: namesWayOut(owner) })
}

/**
 * CURRENT holds the name of the MANIFEST to read and a newline. One byte
 * flipped in it was LevelDB's "IO error: <store>/LANIFEST-000004: No such
 * file or directory", or "CURRENT file does not end with newline", and no
 * word of the way out, which is that of a lost CURRENT. A CURRENT that cannot
 * be read (a folder there) is left to LevelDB to say.
 */
function refuseDamagedCurrent (path: string, files: string[], owner: CurrentOwner = STORE_CURRENT): void {
  let text: string
  try {
    text = readFileSync(join(path, 'CURRENT'), 'latin1')
  } catch {
    return
  }
  if (/^MANIFEST-\d+\n$/.test(text)) return
  const newest = files.filter((f) => /^MANIFEST-\d+$/.test(f)).sort().at(-1)
  const shown = JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}...` : text)
  throw new StoreCorruptionError(`${owner.what} at ${path} has a damaged CURRENT file (it holds ${shown}, not the name of a MANIFEST and a newline); ` +
    `restore ${owner.what} from a backup` + (newest === undefined ? '' : `, point CURRENT at the newest MANIFEST: printf '${newest}\\n' > ${join(path, 'CURRENT')}`) +
    orElse(owner), { namesWayOut: namesWayOut(owner) })
}

/** The write every abstract-level implementation provides, and abstract-level's batch() ends in. */
interface RawBatch { _batch: (ops: WriteOp[], options: { sync: boolean }) => Promise<void> }

function newHandle (path: string, create: boolean): Handle {
  const handle = new Level<Uint8Array, Uint8Array>(path, { keyEncoding: 'view', valueEncoding: 'view', createIfMissing: create })
  if (typeof (handle as unknown as Partial<RawBatch>)._batch !== 'function') throw new IncompatibleDependencyError('classic-level changed: its handle has no _batch to write through')
  return handle
}

async function openHandle (handle: Handle, path: string, owner: CurrentOwner): Promise<void> {
  try {
    await handle.open()
  } catch (err) {
    const message = levelMessage(err)
    if (/does not exist \(create_if_missing is false\)/.test(message)) throw missingCurrent(path, existsSync(path) ? readdirSync(path) : [], owner)
    if (deniedAccess(message)) throw new StoreAccessError(`cannot open the store at ${path}: ${message}; LevelDB writes its LOCK and log files even to read, so the folder and its files must be readable and writable by the user running gdp (copy a read-only store elsewhere to read it)`, { cause: err })
    if (outOfDescriptors(message)) throw new ServerBusyError(`cannot open the store at ${path}: ${OUT_OF_DESCRIPTORS}`, { cause: err })
    // Not /lock/: "bad block type" would match.
    if (/^IO error: lock /.test(message)) throw new StoreInUseError(`the store at ${path} is in use by another process`, { cause: err })
    if (isNoSpace(err)) throw new StoreFullError(`cannot open the store: ${fullDiskMessage(path, openingSpace(path))}; free some space, then open it again (LevelDB: ${message})`, { cause: err })
    const files = filesRefused(path, message, owner, err)
    if (files !== undefined) throw files
    if (/corrupt/i.test(message)) throw new StoreCorruptionError(`the LevelDB database at ${path} is corrupt: ${message}`, { cause: err })
    throw new StoreOpenError(`cannot open the store at ${path}: ${message}`, { cause: err })
  }
}

/**
 * LevelDB's refusal to open the database at `path` (its words `message`) as
 * the error naming the file at fault and `owner`'s way out, where a file of
 * its own is what it refused: a folder in its place, tables or the MANIFEST
 * gone, a damaged MANIFEST. Shared by every LevelDB gdp opens: the base
 * index, opened apart, gave LevelDB's bare words for all but the last
 * (found by attacking a server's disk).
 */
export function filesRefused (path: string, message: string, owner: CurrentOwner, cause: unknown): StoreAccessError | StoreCorruptionError | undefined {
  const folder = /^IO error: (.+): Is a directory$/.exec(message)?.[1]
  if (folder !== undefined) return folderInPlace(path, folder, owner, cause)
  if (/missing files/.test(message)) return missingTables(path, message, owner, cause)
  const manifest = damagedManifest(path, message, owner, cause)
  if (manifest !== undefined) return manifest
  const named = /(MANIFEST-\d+): No such file/.exec(message)?.[1]
  return named === undefined ? undefined : wrongCurrent(path, named, readdirSync(path), cause, owner)
}

/**
 * LevelDB's refusal to open the database at `path` (its words `message`)
 * as a damaged MANIFEST, naming it and the way out, if that is what it is:
 * a corruption other than missing files, since LevelDB drops what it cannot
 * read of a log (no paranoid_checks) and reads no table as it opens. It was
 * "Corruption: checksum mismatch" (or "no meta-nextfile entry in
 * descriptor"), naming no file.
 */
function damagedManifest (path: string, message: string, owner: CurrentOwner, cause: unknown): StoreCorruptionError | undefined {
  if (!/corrupt/i.test(message) || /missing files/.test(message)) return undefined
  const manifest = currentManifest(path)
  if (manifest === undefined) return undefined
  return new StoreCorruptionError(`${owner.what} at ${path} has a damaged MANIFEST (${manifest}, which lists its tables): LevelDB: ${message}; ` +
    `restore ${owner.what} from a backup${orElse(owner)}`, { cause, namesWayOut: namesWayOut(owner) })
}

/** A folder at `file`, where LevelDB keeps a file of its own (CURRENT, LOCK, a MANIFEST, a log). */
function folderInPlace (path: string, file: string, owner: CurrentOwner, cause?: unknown): StoreAccessError {
  return new StoreAccessError(`cannot open ${owner.what} at ${path}: ${file} is a folder, where LevelDB keeps a file of its own: move the folder away, then open ${owner.what} again (it then says what is missing, if anything, and the way back)`, { cause })
}

/** The logs LevelDB replays as it opens the database at `path`: what it drops of them it says only in its LOG file. */
const replayedLogs = (path: string): string[] => existsSync(path) ? readdirSync(path).filter((f) => /^\d+\.log$/.test(f) && fileSize(join(path, f)) > 0).sort() : []

/**
 * Refuses to open where a log LevelDB replays as it opens is not a file it
 * can read: it passes over such a log ("Ignoring error ... Permission
 * denied", or a folder's "Is a directory") and then deletes it, and the
 * acknowledged writes it holds with it. Called before the handle is made:
 * a Level handle opens itself once made (abstract-level's deferred open).
 */
export function refuseUnreadableLogs (path: string, owner: CurrentOwner = STORE_CURRENT): void {
  // A link to nothing (its disk not mounted) too: LevelDB passed over it and deleted the link, its writes gone for good.
  for (const log of existsSync(path) ? readdirSync(path).filter((f) => /^\d+\.log$/.test(f)) : []) {
    const file = join(path, log)
    const target = linkToNothing(file)
    if (target !== undefined) {
      throw new StoreAccessError(`cannot open ${owner.what} at ${path}: its log ${file} is a symbolic link to ${target}, which is not there: LevelDB would pass over it, then delete it, and the writes it holds with it; put the log back where the link points (a disk not mounted?), then open it again`)
    }
  }
  for (const log of replayedLogs(path)) {
    const file = join(path, log)
    let fd: number
    try {
      if (statSync(file).isDirectory()) throw folderInPlace(path, file, owner)
      fd = openSync(file, 'r')
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      if (code !== 'EACCES' && code !== 'EPERM') {
        if (err instanceof StoreAccessError) throw err
        continue // gone since the listing, or a failure LevelDB's open meets and says itself
      }
      throw new StoreAccessError(`cannot open ${owner.what} at ${path}: its log ${file} cannot be read (${code}): LevelDB would pass over it, then delete it, and the writes it holds with it; ` +
        `make ${owner.what}'s files readable and writable by the user running gdp (chown, chmod), then open it again`, { cause: err })
    }
    closeSync(fd)
  }
}

/**
 * Refuses a database whose table files include symbolic links to nothing
 * (their disk not mounted): LevelDB lists them as there, so it opened, and
 * every read of their rows failed as a damaged block ("IO error: <table>:
 * No such file or directory"), where a table gone is refused at open
 * (missingTables), with the way back. Found by attacking a server's disk.
 */
export function refuseTablesOutOfReach (path: string, owner: CurrentOwner = STORE_CURRENT): void {
  const links = (existsSync(path) ? readdirSync(path) : []).filter((f) => /^\d+\.(ldb|sst)$/.test(f)).sort().flatMap((table) => {
    const target = linkToNothing(join(path, table))
    return target === undefined ? [] : [`${table} (to ${target})`]
  })
  if (links.length === 0) return
  throw new StoreCorruptionError(`${owner.what} at ${path} holds table files that are symbolic links to nothing: ${links.join(', ')}: ` +
    `put them back where the links point (a disk not mounted?)${orElse(owner)}`, { namesWayOut: namesWayOut(owner) })
}

/**
 * LevelDB's refusal of a database whose MANIFEST lists tables that are not
 * in its folder, naming every one (LevelDB names one: "1 missing files;
 * e.g.: <table>") and the ways back: the tables themselves, or a rebuild
 * from those there.
 */
function missingTables (path: string, message: string, owner: CurrentOwner, cause: unknown): StoreCorruptionError {
  let missing: string[] = []
  try {
    const manifest = currentManifest(path)
    const present = new Set(readdirSync(path))
    const listed = manifest === undefined ? [] : readManifest(readFileSync(join(path, manifest))).levels.flat()
    missing = listed.map((t) => `${String(t.number).padStart(6, '0')}.ldb`).filter((name) => !present.has(name) && !present.has(name.replace(/ldb$/, 'sst'))).sort()
  } catch {
    // Not read: LevelDB's words say as much as is known.
  }
  const named = missing.length > 10 ? `${missing.slice(0, 10).join(', ')} and ${missing.length - 10} more` : missing.join(', ')
  const which = missing.length === 0
    ? `table files its MANIFEST lists (LevelDB: ${message})`
    : `${missing.length} table file${missing.length === 1 ? '' : 's'} its MANIFEST lists: ${named} (deleted or moved away)`
  const [them, they] = missing.length === 1 ? ['it', 'it'] : ['them', 'they']
  const lost = owner.orElse === undefined ? '' : ' (the rows only the missing tables held are lost then)'
  return new StoreCorruptionError(`${owner.what} at ${path} is missing ${which}: ` +
    `put ${them} back from where ${they} went or from a backup of ${owner.what}${orElse(owner)}${lost}`, { cause, namesWayOut: namesWayOut(owner) })
}

/** The MANIFEST that the store's CURRENT file names, if it names one. */
function currentManifest (path: string): string | undefined {
  return /^(MANIFEST-\d+)\n$/.exec(readText(join(path, 'CURRENT')) ?? '')?.[1]
}

/** Undoes LevelDB's EscapeString: printable ASCII as is, other bytes as \xHH. */
function unescapeKey (text: string): Uint8Array {
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && text[i + 1] === 'x' && /^[0-9a-f]{2}$/.test(text.slice(i + 2, i + 4))) {
      out.push(parseInt(text.slice(i + 2, i + 4), 16))
      i += 3
    } else {
      out.push(text.charCodeAt(i))
    }
  }
  return Uint8Array.from(out)
}

export class StoreDb {
  readonly path: string
  #handle: Handle
  /** Why reopening failed: the handle stays closed until a reopen works. */
  #down: Error | undefined
  #reopening: Promise<void> | undefined
  /** When a read last had the store reopened (#retryReopen). */
  #reopenTried = -Infinity
  /** Closed on purpose: never reopened by a read. */
  #closed = false
  /** How errors name this database and the way out of a damaged one. */
  readonly #owner: CurrentOwner
  /**
   * What reads that find the store closed have it reopened by (#retryReopen):
   * the write queue's heal where there is one (WriteQueue), which settles
   * what its failed writes left unknown before any write goes on. Reopened
   * bare, a deletion left so was settled only by the next write, and its
   * capsule refused appends as deleted until then.
   */
  reopenForReads: () => Promise<void> = async () => { await this.reopen() }
  /** This store's folder in openInThisProcess, to let go of as it closes. */
  #folder: string | undefined
  /** Tables a read found a block LevelDB cannot read in (their file names): compactRange compacts nothing while there are any. */
  readonly #damagedTables = new Set<string>()

  /** Tables a read found a block LevelDB cannot read in, in the order found. */
  get damagedTables (): string[] { return [...this.#damagedTables] }

  /**
   * What LevelDB said it dropped while replaying its log at this open (the
   * first such line of its LOG file), if it dropped anything: a damaged log
   * record loses its whole write batch, silently, while later batches stay.
   * An earlier open stopped before it noted what it dropped counts too.
   * Noted in the store before open() returns (DROPPING_KV_INDEXES_KEY).
   */
  readonly droppedAtOpen: string | undefined
  /** The same, of the last reopen after a failed write, if it dropped anything (noted in the store likewise). */
  droppedAtReopen: string | undefined

  private constructor (path: string, handle: Handle, dropped: string | undefined, owner: CurrentOwner) {
    this.path = path
    this.#owner = owner
    this.#handle = handle
    this.droppedAtOpen = dropped
  }

  /**
   * Opens the LevelDB at `path`, creating it only where no store is: a store
   * that lost its CURRENT file would otherwise be opened as a new, empty
   * database, and LevelDB would delete its tables.
   */
  static async open (path: string, owner: CurrentOwner = STORE_CURRENT): Promise<StoreDb> {
    // Nothing is awaited from here until it is registered: no close begins meanwhile.
    await openedAfterClose(path)
    let files: string[] = []
    try {
      files = readdirSync(path)
    } catch {
      // No folder (a new store), or not one: LevelDB says which.
    }
    const exists = files.some(isStoreFile)
    if (exists) refuseLostCurrent(path, owner, isStoreFile)
    if (!exists) createFolder(path)
    const folder = folderIdentity(path)
    // No StoreDb of this process holds the folder past here (none is closing it, after the wait above): the tables
    // makeRoomToOpen deletes are no LevelDB's of ours, and its lock no LevelDB's of ours either.
    refuseOpenHere(path, folder)
    if (exists) makeRoomToOpen(path, 'cannot open the store: ', '; free some space, then open it again')
    openInThisProcess.set(folder, { openAs: path, closed: undefined })
    try {
      refuseReplayMarkerFolder(path)
      refuseUnreadableLogs(path, owner)
      refuseTablesOutOfReach(path, owner)
      const handle = newHandle(path, !exists)
      const dropped = await openReplaying(handle, path, 'at open', owner)
      const db = new StoreDb(path, handle, dropped, owner)
      db.#folder = folder
      return db
    } catch (err) {
      openInThisProcess.delete(folder)
      throw err
    }
  }

  getSync (key: Uint8Array): Uint8Array | undefined {
    try {
      return this.#handle.getSync(key)
    } catch (err) {
      throw this.#readError(err, key)
    }
  }

  async get (key: Uint8Array): Promise<Uint8Array | undefined> {
    for (;;) {
      const handle = this.#handle
      try {
        return await handle.get(key)
      } catch (err) {
        if (!await this.#reopenedSince(err, handle)) throw this.#readError(err, key)
      }
    }
  }

  iterator (range: KeyScan): Entries<[Uint8Array, Uint8Array]> {
    return this.#entries(range, (handle, r) => handle.iterator(r), (entry) => entry[0])
  }

  keys (range: KeyScan): Entries<Uint8Array> {
    return this.#entries(range, (handle, r) => handle.keys(r), (key) => key)
  }

  values (range: KeyScan): Entries<Uint8Array> {
    return this.#entries(range, (handle, r) => handle.values(r))
  }

  /**
   * Whether `err` is a read of `used` finding it closed by a reopen after a
   * failed write, and the reopen worked: the read is then made again, on the
   * new handle. A node's reads that came during the old handle's close were
   * answered SERVER_ERROR, the store back a moment later (found by CI). A
   * reopen over before the read found its handle closed counts too: a scan
   * whose reader was busy (sending a row, say) through the whole reopen
   * found its iterator closed with no reopen under way any more.
   */
  async #reopenedSince (err: unknown, used: Handle): Promise<boolean> {
    const code = (err as { code?: string }).code
    if (code !== 'LEVEL_DATABASE_NOT_OPEN' && code !== 'LEVEL_ITERATOR_NOT_OPEN') return false
    const reopening = this.#reopening
    if (reopening !== undefined) return await reopening.then(() => true, () => false)
    return !this.#closed && this.#down === undefined && this.#handle !== used
  }

  /**
   * The entries of `range`, forward, stepping over blocks LevelDB cannot
   * read, whose rows are passed over; the first such error (a
   * StoreCorruptionError as from a scan) goes to `onUnreadable`. Other
   * errors (a closed store, permissions) are thrown. LevelDB's iterator
   * steps over such a block itself and says so only once it ends, and
   * classic-level then drops the batch of rows it was reading (up to
   * 1,000): so after the error the scan is read again from the last row
   * given, a row a batch, which the error never reaches before the range's
   * end. For the listings a server reads as it starts: one damaged block
   * stopped every capsule from being served, a scan of a table that holds
   * no row in the block starting there too (found by attacking the disk).
   */
  iteratorPast (range: KeyScan, onUnreadable: (err: StoreCorruptionError) => void): AsyncGenerator<[Uint8Array, Uint8Array]> {
    return this.#past(range, onUnreadable, (handle, r) => handle.iterator(r), (entry) => entry[0])
  }

  /** The keys of `range`, as iteratorPast gives its entries: for the scans that delete rows (a capsule's, the derived indexes). */
  keysPast (range: KeyScan, onUnreadable: (err: StoreCorruptionError) => void): AsyncGenerator<Uint8Array> {
    return this.#past(range, onUnreadable, (handle, r) => handle.keys(r), (key) => key)
  }

  async * #past<T> (range: KeyScan, onUnreadable: (err: StoreCorruptionError) => void, open: (handle: Handle, range: KeyScan) => AsyncIterable<T> & { nextv: (size: number) => Promise<T[]>, close: () => Promise<void> }, keyOf: (entry: T) => Uint8Array): AsyncGenerator<T> {
    if (range.reverse === true || range.limit !== undefined) throw new InvalidArgumentError('iteratorPast scans a whole range forward')
    let last: Uint8Array | undefined
    const unreadable = (err: unknown): StoreCorruptionError => {
      const error = this.#readError(err, range.gte ?? range.gt ?? new Uint8Array(0), { end: range.lt ?? range.lte, reverse: false, readTo: last })
      if (!(error instanceof StoreCorruptionError)) throw error
      return error
    }
    for (;;) {
      const handle = this.#handle
      try {
        for await (const entry of open(handle, last === undefined ? range : rangePast(range, last, 0))) {
          last = keyOf(entry)
          yield entry
        }
        return
      } catch (err) {
        if (await this.#reopenedSince(err, handle)) continue
        onUnreadable(unreadable(err))
        break
      }
    }
    let handle = this.#handle
    let rest = open(handle, last === undefined ? range : rangePast(range, last, 0))
    try {
      for (;;) {
        let entry: T | undefined
        try {
          [entry] = await rest.nextv(1)
        } catch (err) {
          // Cut by a reopen as the part before the block may be: it goes on past its last row on the new handle.
          if (!await this.#reopenedSince(err, handle)) throw err
          handle = this.#handle
          rest = open(handle, last === undefined ? range : rangePast(range, last, 0))
          continue
        }
        if (entry === undefined) return
        last = keyOf(entry)
        yield entry
      }
    } catch (err) {
      unreadable(err) // said already
    } finally {
      await rest.close()
    }
  }

  /**
   * `keyOf`: the key of an entry, where it has one, so an error met part way
   * names the last row read, and a scan a reopen cut (#reopenedSince) goes
   * on past it (one of values, with no key, is made again only if it gave
   * none yet).
   */
  #entries<T> (range: KeyScan, open: (handle: Handle, range: KeyScan) => { all: () => Promise<T[]> } & AsyncIterable<T>, keyOf?: (entry: T) => Uint8Array): Entries<T> {
    // LevelDB reports a bad block only when the iteration ends: name the range read.
    const start = range.gte ?? range.gt ?? new Uint8Array(0)
    const readError = (err: unknown, readTo?: Uint8Array): Error => this.#readError(err, start, { end: range.lt ?? range.lte, reverse: range.reverse === true, readTo })
    const reopenedSince = async (err: unknown, used: Handle): Promise<boolean> => await this.#reopenedSince(err, used)
    const current = (): Handle => this.#handle
    return {
      async all () {
        for (;;) {
          const handle = current()
          try {
            return await open(handle, range).all()
          } catch (err) {
            if (!await reopenedSince(err, handle)) throw readError(err)
          }
        }
      },
      async * [Symbol.asyncIterator] () {
        let last: Uint8Array | undefined
        let given = 0
        for (;;) {
          const handle = current()
          try {
            for await (const entry of open(handle, given === 0 ? range : rangePast(range, last!, given))) {
              if (keyOf !== undefined) last = keyOf(entry)
              given++
              yield entry
            }
            return
          } catch (err) {
            if ((given > 0 && last === undefined) || !await reopenedSince(err, handle)) throw readError(err, last)
          }
        }
      }
    }
  }

  /**
   * Writes `ops` in one LevelDB batch. An open store hands them straight to
   * classic-level's binding (`_batch`, the write abstract-level itself ends
   * in): abstract-level's batch() copies and re-encodes every operation
   * first, about 5 us a row, which was most of the cost of a key-value write
   * (about 40 rows). Keys and values are views already ('view' encodings),
   * so the binding takes them as they are. A store not open goes through
   * batch(), which waits for an opening one and refuses a closed one.
   */
  async batch (ops: WriteOp[], options: { sync: boolean }): Promise<void> {
    if (this.#handle.status !== 'open') return await this.#handle.batch(ops, options)
    return await (this.#handle as unknown as RawBatch)._batch(ops, options)
  }

  /**
   * Has LevelDB rewrite the tables holding [start, end), so space that
   * deleted rows took is freed; returns the damaged table it left be
   * instead, while a read has found one holding a block LevelDB cannot
   * read. Compacting that table fails on the block, and LevelDB then
   * refuses every write until the store is reopened: one expired capsule
   * with rows in a damaged table stopped every write of the node (found by
   * attacking the disk). Any compaction may reach it, not only one of a
   * range it holds: LevelDB first writes its memtable into a new level-0
   * table, and widens a level-0 compaction to every level-0 table that
   * overlaps. 'gdp store repair' mends the table, and the space comes back.
   */
  async compactRange (start: Uint8Array, end: Uint8Array): Promise<string | undefined> {
    const [damaged] = this.#damagedTables
    if (damaged !== undefined) return damaged
    // `level` is classic-level on Node, which compacts; its browser-shared typings leave that out.
    await (this.#handle as unknown as { compactRange: (start: Uint8Array, end: Uint8Array) => Promise<void> }).compactRange(start, end)
    return undefined
  }

  /**
   * Has LevelDB write its memtable into a table, and compact nothing else:
   * a compaction of a range no key is in (no key starts with 0xff), which
   * LevelDB starts by flushing the memtable (not while a table is known
   * damaged, as compactRange).
   */
  async flushMemtable (): Promise<void> {
    await this.compactRange(Uint8Array.of(0xff), Uint8Array.of(0xff, 0xff))
  }

  async put (key: Uint8Array, value: Uint8Array, options: { sync: boolean }): Promise<void> {
    await this.#handle.put(key, value, options)
  }

  /**
   * Reopens LevelDB after a failed write. A failed background write leaves
   * LevelDB refusing every later write until it is reopened, and a failed log
   * write may leave a torn record, after which LevelDB's recovery drops the
   * rest of that log block, later writes included: so writes go on only in a
   * fresh handle, which rewrites the log into a table as it opens. Refused,
   * with the space it takes, while the disk has less free.
   */
  async reopen (): Promise<void> {
    const wayOut = '; writes resume once that much is free'
    const space = openingSpace(this.path)
    // A failed compaction leaves its output, unlisted, until an open deletes it: refused for its room, the store took
    // no write until a restart (whose open made that room). The handle is let go of for them only where that makes the
    // room; refused otherwise, it is left open (reads go on).
    const makeRoom = isShort(space)
    if (makeRoom && !unlistedTablesMakeRoom(this.path, space)) throw new StoreFullError(`${fullDiskMessage(this.path, space)}${wayOut}`)
    refuseReplayMarkerFolder(this.path)
    refuseUnreadableLogs(this.path, this.#owner)
    this.#reopening = (async () => {
      await this.#handle.close()
      try {
        // Closed, no LevelDB of ours holds the folder's lock, nor writes a table it lists later. Before the new handle,
        // which begins to open (and take that lock) once made; refused here, reads find the closed one not open.
        if (makeRoom) makeRoomToOpen(this.path, '', wayOut)
        const handle = newHandle(this.path, false)
        // Set before it is open: reads meanwhile wait for it (async) or say it is not open (sync).
        this.#handle = handle
        // It replays the log the failed write may have torn: what it drops is noted as at a first open.
        const dropped = await openReplaying(handle, this.path, 'when the store was reopened after a failed write', this.#owner)
        if (dropped !== undefined) {
          this.droppedAtReopen = dropped
          log.error('LevelDB dropped part of its log when the store at %s was reopened after a failed write (%s): every key-value index and hash index is rebuilt from the records at its next open', this.path, dropped)
        }
        this.#down = undefined
      } catch (err) {
        this.#down = err as Error
        throw err
      }
    })()
    try {
      await this.#reopening
    } finally {
      this.#reopening = undefined
    }
  }

  /**
   * A store a failed reopen left closed (the process out of file
   * descriptors, say) is reopened by the reads that find it so, at most once
   * a second; it stayed closed until a write came, every read failing.
   */
  #retryReopen (): void {
    const now = performance.now()
    if (this.#down === undefined || this.#closed || this.#reopening !== undefined || now - this.#reopenTried < REOPEN_RETRY_MS) return
    this.#reopenTried = now
    this.reopenForReads().catch(() => {}) // #down says why, to the reads after
  }

  async close (): Promise<void> {
    this.#closed = true
    // Taken at once: a second close must not let go of a folder a later StoreDb has open.
    const folder = this.#folder
    this.#folder = undefined
    let settle = (): void => {}
    const closed = new Promise<void>((resolve) => { settle = resolve })
    if (folder !== undefined) openInThisProcess.set(folder, { openAs: undefined, closed })
    try {
      // A reopen under way would otherwise open a handle after this close.
      await this.#reopening?.catch(() => {})
      await this.#handle.close()
    } finally {
      if (folder !== undefined) openInThisProcess.delete(folder)
      settle()
    }
  }

  /**
   * A read that LevelDB failed, as an error naming what was read: the capsule
   * and entry (or the range's start), the table file if LevelDB named one or
   * the tables it may have read, and the store. A range scan reads the block
   * holding the first key past the range too (and, in reverse, the last key
   * before it), which may be another capsule's: so its error does not say
   * the damage is in the rows asked for.
   */
  #readError (err: unknown, key: Uint8Array, scan?: { end: Uint8Array | undefined, reverse: boolean, readTo?: Uint8Array }): Error {
    // A scan names where it began, and the last row it read whole: the damage is past that one (LevelDB says no more).
    const readTo = scan?.readTo === undefined ? '' : `, ${scan.reverse ? 'below' : 'past'} ${describeKey(scan.readTo)}, the last row read`
    const what = describeKey(key) + (scan !== undefined && key.length > 1 + NAME_LENGTH ? ' and after' : '') + readTo
    const code = (err as { code?: string }).code
    if (code === 'LEVEL_DATABASE_NOT_OPEN' || code === 'LEVEL_ITERATOR_NOT_OPEN') {
      this.#retryReopen()
      const why = this.#reopening !== undefined
        ? ': it is being reopened after a failed write; retry'
        : this.#down === undefined ? '' : `: reopening it after a failed write failed: ${this.#down.message}`
      return new StoreClosedError(`${what}: the store at ${this.path} is not open${why}`, { cause: err })
    }
    const message = levelMessage(err)
    if (deniedAccess(message)) return new StoreAccessError(`${what}: LevelDB: ${message}: the store's files must be readable by the user running gdp (store at ${this.path})`, { cause: err })
    if (outOfDescriptors(message)) return new ServerBusyError(`${what}: ${OUT_OF_DESCRIPTORS}`, { cause: err })
    const named = /\d{6}\.(?:ldb|sst|log)/.exec(message)?.[0]
    // LevelDB's "No such device" (the map of a folder), said as a damaged block: what to do is move the folder away.
    if (named !== undefined && isFolder(join(this.path, named))) {
      this.#damagedTables.add(named)
      return new StoreAccessError(`${what}: table ${named} is a folder, where LevelDB keeps that table (store at ${this.path}): move the folder away, or put the table back in its place; the store then says if anything is missing, and the way back`, { cause: err })
    }
    // LevelDB maps tables: a read past the end of one shorter than the MANIFEST says is EINVAL, which says nothing of that.
    const cut = named !== undefined && /\.(ldb|sst): Invalid argument\b/.test(message) ? `table ${named} is shorter than LevelDB wrote it (cut short on disk): ` : ''
    const tables = named === undefined ? this.#tablesRead(key, scan) : []
    const where = named !== undefined ? '' : tables.length === 1 ? `table ${tables[0]!}; ` : tables.length > 1 ? `one of tables ${tables.join(', ')}; ` : ''
    const damaged = named ?? (tables.length === 1 ? tables[0] : undefined)
    if (damaged !== undefined) this.#damagedTables.add(damaged)
    const whose = scan === undefined
      ? ''
      : '; the unreadable block is at or just past these rows, so the damage may be in another capsule\'s rows: ' +
        'a store repair (with no node running on the store) finds whose rows it holds and keeps every row it can read'
    // The repair's command is the command line's to name, with the data folder it runs on (main.ts): said bare here,
    // it ran on ./data under 'gdp node start --config' with the data elsewhere.
    return new StoreCorruptionError(`${what}: ${cut}LevelDB: ${message} (${where}store at ${this.path})${whose}`, { cause: err })
  }

  /** Table files a read of `key` (or a scan from it) may have read, from LevelDB's own listing. */
  #tablesRead (key: Uint8Array, scan?: { end: Uint8Array | undefined, reverse: boolean }): string[] {
    let listing: string
    try {
      // classic-level has getProperty; level's types do not declare it.
      listing = (this.#handle as unknown as { getProperty: (property: string) => string }).getProperty('leveldb.sstables')
    } catch {
      return []
    }
    return tablesRead(listing, key, scan).map((number) => {
      const name = String(number).padStart(6, '0')
      return existsSync(join(this.path, `${name}.sst`)) ? `${name}.sst` : `${name}.ldb`
    })
  }
}

/** One table file in LevelDB's listing: its level, number and key range. */
interface TableSpan { level: number, number: number, smallest: Uint8Array, largest: Uint8Array }

/** Parses LevelDB's 'leveldb.sstables' property: "--- level 0 ---" headers, then one line per table. */
function tableSpans (listing: string): TableSpan[] {
  const spans: TableSpan[] = []
  let level = 0
  for (const line of listing.split('\n')) {
    const header = /^--- level (\d+) ---$/.exec(line)
    if (header !== null) {
      level = Number(header[1])
      continue
    }
    // " 5:435245['<smallest>' @ 1 : 1 .. '<largest>' @ 2000 : 1]"
    const m = /^ (\d+):\d+\['(.*?)' @ \d+ : \d+ \.\. '(.*)' @ \d+ : \d+\]$/.exec(line)
    if (m !== null) spans.push({ level, number: Number(m[1]), smallest: unescapeKey(m[2]!), largest: unescapeKey(m[3]!) })
  }
  return spans
}

/**
 * The numbers of the tables that a read may have read, given LevelDB's
 * 'leveldb.sstables' listing: for a point read, those whose key range holds
 * `key`; for a scan from `key` to `scan.end` (none: to the end), those that
 * overlap the range, and also those holding the first key past it (and, in
 * reverse, the last key before it). LevelDB positions every level's
 * iterator on the first key at or past the seek target, and moves each past
 * the range's end before it stops: in level 0, where tables overlap, every
 * table past the range is read; in a deeper level, only the next one.
 */
export function tablesRead (listing: string, key: Uint8Array, scan?: { end: Uint8Array | undefined, reverse: boolean }): number[] {
  const from = key
  const to = scan === undefined ? key : scan.end
  const before = (a: Uint8Array, b: Uint8Array): boolean => Buffer.compare(a, b) < 0
  const spans = tableSpans(listing)
  const read = new Set<number>()
  for (const t of spans) {
    const pastRange = to !== undefined && before(to, t.smallest)
    const beforeRange = before(t.largest, from)
    if (!pastRange && !beforeRange) read.add(t.number)
  }
  if (scan !== undefined) {
    for (const level of new Set(spans.map((t) => t.level))) {
      const inLevel = spans.filter((t) => t.level === level)
      const past = inLevel.filter((t) => to !== undefined && before(to, t.smallest)).sort((a, b) => Buffer.compare(a.smallest, b.smallest))
      const earlier = scan.reverse ? inLevel.filter((t) => before(t.largest, from)).sort((a, b) => Buffer.compare(a.largest, b.largest)) : []
      for (const t of level === 0 ? [...past, ...earlier] : [past[0], earlier.at(-1)]) if (t !== undefined) read.add(t.number)
    }
  }
  return [...read]
}

/**
 * LevelDB's report of log bytes it dropped at the open that just ran: its
 * LOG file (LOG.old holds the previous open's) says "dropping N bytes" for
 * each damaged stretch of a log it replayed. Undefined when it dropped none.
 * LevelDB logs nowhere when it cannot open its LOG (a folder there, no file
 * descriptor or no room left) and drops what it cannot read all the same:
 * so where it replayed logs (`replayed`, non-empty before the open) and
 * its LOG does not say it did ("Recovering log #n"), it is taken as having
 * dropped some. A drop taken for none had index rows lost for good (every
 * key-value index answered acknowledged keys as absent: found by putting a
 * folder where the LOG goes).
 */
function droppedByRecovery (path: string, replayed: string[]): string | undefined {
  const file = join(path, 'LOG')
  let text: string
  try {
    text = readFileSync(file, 'latin1')
  } catch (err) {
    if (replayed.length === 0) return undefined
    const what = (err as NodeJS.ErrnoException).code === 'EISDIR' ? `${file} is a folder: move it away` : `${file} cannot be read: ${(err as Error).message}`
    return `it may have: it replayed ${replayed.join(', ')} and kept no LOG to say what it dropped (${what})`
  }
  const dropped = text.split('\n').find((line) => /: dropping \d+ bytes; /.test(line))?.replace(/^\S+ \S+ /, '')
  if (dropped !== undefined || replayed.length === 0 || /\bRecovering log #\d+/.test(text)) return dropped
  return `it may have: it replayed ${replayed.join(', ')} and kept no LOG to say what it dropped (${file} does not tell of that replay: LevelDB could not write it)`
}

/**
 * Opens `handle` (LevelDB at `path`), which replays the logs the folder
 * holds, and notes in the store what that dropped of them, if anything,
 * before anything else is written: REPLAY_MARKER stands from before the
 * replay until that note is made (or nothing was dropped), so a process
 * killed in between leaves the next open to take the drop as made.
 * Returns what was dropped, in words, if anything.
 */
async function openReplaying (handle: Handle, path: string, when: 'at open' | 'when the store was reopened after a failed write', owner: CurrentOwner): Promise<string | undefined> {
  const marker = join(path, REPLAY_MARKER)
  // An earlier open stopped between its replay and its note: what it dropped, if anything, is known nowhere now.
  const stopped = readText(marker)
  const replayed = replayedLogs(path)
  const marked = stopped === undefined && replayed.length > 0 && writeDurably(path, REPLAY_MARKER, `${replayed.join('\n')}\n`)
  try {
    await openHandle(handle, path, owner)
  } catch (err) {
    // Not opened (in use by another process, say): nothing replayed here, and the marker is not this open's to leave.
    if (marked) removeMarker(marker)
    throw err
  }
  const dropped = droppedByRecovery(path, replayed) ?? (stopped === undefined ? undefined : droppedByStoppedOpen(path, stopped))
  if (dropped !== undefined) {
    try {
      await handle.put(DROPPING_KV_INDEXES_KEY, new Uint8Array(Buffer.from(`${when} (${dropped})`)), { sync: true })
    } catch (err) {
      await handle.close()
      throw new StoreOpenError(`LevelDB dropped part of its log opening the store at ${path} (${dropped}), and noting it in the store failed: ${levelMessage(err)}; open it again once that can be written`, { cause: err })
    }
  }
  removeMarker(marker)
  return dropped
}

/** Removes REPLAY_MARKER; one that cannot be removed is logged, and does not keep the store from opening (a folder there is refused before). */
function removeMarker (marker: string): void {
  try {
    rmSync(marker, { force: true })
  } catch (err) {
    log.error('cannot remove %s (%s): move it away; until then a process killed while LevelDB replays its log may leave a drop of part of it unnoticed', marker, (err as Error).message)
  }
}

/**
 * What an earlier open that was stopped before it noted its drop (its
 * REPLAY_MARKER, holding `replayed`, still there) dropped: its LOG, which
 * this open renamed LOG.old, says so if LevelDB got that far; else it is
 * taken as having dropped some.
 */
function droppedByStoppedOpen (path: string, replayed: string): string {
  // Left empty, the marker was being written when the process stopped, before LevelDB opened: nothing of this open is in
  // LOG.old (an earlier, finished open's words are), and it named no logs (it was said as "which replayed , was stopped").
  if (replayed.trim() === '') return 'it may have: an earlier open was stopped (killed, or its machine lost power) as it began, before it noted what LevelDB dropped'
  const logs = replayed.trim().split('\n').join(', ')
  const said = readText(join(path, 'LOG.old'))?.split('\n').find((line) => /: dropping \d+ bytes; /.test(line))?.replace(/^\S+ \S+ /, '')
  const stopped = `an earlier open, which replayed ${logs}, was stopped (killed, or its machine lost power) before it noted what LevelDB dropped`
  return said === undefined ? `it may have: ${stopped}` : `${said}: ${stopped}, and its LOG (now LOG.old) says so`
}

/** A file's text, or undefined where there is none (or it cannot be read: then nothing was written there either). */
function readText (file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/**
 * Writes `text` to `name` in folder `path` and fsyncs it and the folder, so
 * that it is there after a power loss too. A folder LevelDB cannot write
 * either fails the open that follows, which says so: not said here.
 */
function writeDurably (path: string, name: string, text: string): boolean {
  try {
    const fd = openSync(join(path, name), 'w')
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    syncFolder(path)
    return true
  } catch (err) {
    log('cannot write %s in %s: %s', name, path, (err as Error).message)
    return false
  }
}

function isFolder (file: string): boolean {
  try {
    return statSync(file).isDirectory()
  } catch {
    return false
  }
}

function fileSize (file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

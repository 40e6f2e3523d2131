/**
 * The receiving end of a migration: checks every entry of the migration
 * capsule (writer signature, hash chain, then the operations against the
 * images and bases held here) before writing any of it, writes the images,
 * stores the entry, and acknowledges. The images end checked against the
 * digests in the sender's signed commit.
 */
import { closeSync, constants, existsSync, fdatasyncSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, ftruncateSync, statfsSync, statSync, truncateSync, writeFileSync, writevSync } from 'node:fs'
import { copyFile, open } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'
import { TypedEventEmitter } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import { recordFromPb, signedHeartbeatFromPb, signedMetadataFromPb } from '../capsule/codec.js'
import { verifySignedMetadata } from '../capsule/metadata.js'
import { formatName, parseName } from '../capsule/name.js'
import type { SignedMetadata } from '../capsule/types.js'
import { verifyAppendBatch } from '../capsule/writer.js'
import { equalBytes } from '../crypto/hash.js'
import { BaseDamagedError, ImageDamagedError, InvalidArgumentError, MigrationConflictError, MigrationInProgressError, MigrationNotFoundError, MigrationRejectedError, MigrationUnauthorizedError, MigrationVerifyError, QuotaExceededError, ServiceStoppedError } from '../errors.js'
import { nodeName } from '../routing/signing.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import type { pb } from '../wire/index.js'
import { BLOCK_SIZE, BlockKind, MAX_BATCH_DATA, MAX_BATCH_OPS, carriesData, readsSource, xorBlock, type BlockBatch } from './batch.js'
import type { BaseRegistry } from './bases.js'
import { BLOCK_HASH_LENGTH, BlockHashList, ZERO_BLOCK, ZERO_BLOCK_HASH, blockCount, fileBlockHashList, hashListBytes, isZeroBlock, paddedBlockHash } from './block-hashes.js'
import type { FrameChannel } from './channel.js'
import { InboundEntryStreams, type AcceptedHello, type EntrySink } from './entry-stream.js'
import { MANIFEST_FILE, MAX_ROUND_IMAGES, MIGRATION_FIELD, STATE_FILE, STATE_TEMPORARY_FILE, checkMigrationName, chunkBatch, decodeEntry, isReservedImageName, migrationNameOf, type Entry, type Round } from './entries.js'
import { createFolder, linkToNothing } from '../store/folders.js'
import { replaceFile } from '../store/replace-file.js'
import { DISK_KEPT_FREE_BYTES } from '../store/free-space.js'

const log = logger('gdp:migration:receiver')
/** The largest uncompressed batch a chunk may hold: data, columns, framing. */
export const MAX_RAW_BATCH = MAX_BATCH_DATA + MAX_BATCH_OPS * 24 + 1024
/**
 * Memory a receiver holds at most for the block hashes of the images of the
 * migrations not finished on it (hashListBytes of each, as their latest
 * rounds declared them): 4 GiB, the hashes of 512 GiB of images.
 */
export const MAX_HASH_MEMORY_BYTES = 4 * 2 ** 30
/**
 * Migrations one sending node may have not finished here at once (being
 * received, paused until it resumes, or failed): each holds a folder, a
 * state file, a stored capsule (a failed one's with every entry sent) and
 * its share of the disk room and hash memory, and a sender could otherwise
 * start new ones, or fail one after another, without end.
 */
export const MAX_UNFINISHED_PER_SENDER = 16
/**
 * Files (inodes) of migration_dir's file system a new migration or a
 * round's new images must leave free: the node's stores on that disk need
 * files to open and compact (a store's tables are 2 MiB each), and a
 * migration of empty images costs files and next to no bytes, so the room
 * kept in bytes did not keep them.
 */
export const DISK_KEPT_FREE_INODES = 4096
/** The files a new migration makes besides its images: its folder, its state file, and its manifest at the commit. */
const MIGRATION_OWN_FILES = 3

export interface ReceivedMigration {
  name: string
  capsule: string
  sender: string
  /** 'damaged': its state file cannot be read (`error` says why); `gdp migrate rm` removes it. */
  status: 'receiving' | 'complete' | 'failed' | 'damaged'
  entries: number
  /**
   * The seqno of the latest round entry among those `entries`: a resume
   * reads that entry, not the capsule backwards (seconds per GiB stored).
   */
  roundEntry?: number
  folder: string
  /**
   * The final images, each with its block-list digest once checked and its
   * file's modification time (ns) once committed (docs/migration.md section
   * 4): a write after that time is a program's, a guest running from the
   * image say, not damage by storage.
   */
  images: ReceivedImage[]
  error?: string
  /** With `error`: the stable name of the failure (MigrationVerifyError, ...), which a sender redialling is refused with again. */
  errorName?: string
  /**
   * Once complete: 'ok' when its images, reread from disk after the commit,
   * hold what was written; otherwise what differs (the migration is then
   * failed, ImageDamagedError) or which images were written after the
   * commit, so not checked. Absent until checked.
   */
  diskCheck?: string
  startedAt: string
  completedAt?: string
}

export interface ReceivedImage {
  name: string
  size: number
  blockListSha256?: string
  /** Its file's mtime in nanoseconds (decimal) as the commit left it. */
  mtimeNs?: string
}

export interface MigrationReceiverEvents {
  /** A complete migration's check on disk ended: `diskCheck` says how, and its status is 'failed' if storage damaged it. */
  diskcheck: CustomEvent<ReceivedMigration>
}

/** What the receiver keeps in memory of each migration. */
export type ReceivedSummary = Pick<ReceivedMigration, 'name' | 'status' | 'sender' | 'startedAt'>

const summaryOf = ({ name, status, sender, startedAt }: ReceivedMigration): ReceivedSummary => ({ name, status, sender, startedAt })

/** What differs between an image as read back from disk and what was committed; undefined when nothing does. */
type DiskDifference = (image: ReceivedImage, onDisk: BlockHashList) => Promise<string | undefined>

/** What `remove` took away. */
export interface RemovedMigration {
  name: string
  folder: string
  /** Migration capsules deleted from the store: the one its state names, and any other carrying its name. */
  capsules: string[]
  /** Whether the folder went too; with keepFiles only its state file goes, and the images and manifest stay. */
  filesRemoved: boolean
  /** Files removed, and the disk space they took. */
  files: number
  bytes: number
}

export interface MigrationReceiverInit {
  /** Folder with one subfolder per migration, holding its images. */
  folder: string
  /** Whether a sender (its node name) may migrate to this node. */
  allow: (sender: Uint8Array) => boolean
  /** What a sender not allowed is told to do about it. @default 'add it to migration_allow' */
  notAllowedHint?: string
  /** How long a sender's stream may send nothing before it is closed (default STREAM_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number
  /** How long a new stream may go without its hello before it is closed (default HELLO_TIMEOUT_MS). */
  helloTimeoutMs?: number
  /**
   * Bytes of the folder's disk a round's images must leave free: the node's
   * capsule store is on that disk by default (<data>/migrations), and a store
   * on a full disk cannot open again (opening rewrites its logs first).
   * @default DISK_KEPT_FREE_BYTES
   */
  keepFreeBytes?: number
  /**
   * Bytes of memory the block hashes of the images being received may take,
   * all migrations together (docs/migration.md section 4): a round that
   * would take more, beside what the others not finished here may take, is
   * refused before anything of it is written.
   * @default MAX_HASH_MEMORY_BYTES
   */
  maxHashBytes?: number
  /**
   * Migrations one sender (node name) may have not finished here at once,
   * received now, paused until it resumes or failed: a new one past it is
   * refused with QuotaExceededError; the sender's resumes are not, nor a
   * new send of a name it has not finished.
   * @default MAX_UNFINISHED_PER_SENDER
   */
  maxUnfinishedPerSender?: number
  /**
   * Files (inodes) of the folder's file system a new migration or a round's
   * new images must leave free; a file system that counts none (btrfs) is
   * not checked.
   * @default DISK_KEPT_FREE_INODES
   */
  keepFreeInodes?: number
}

export interface MigrationReceiverComponents {
  store: CapsuleStore
  bases: BaseRegistry
}

/**
 * An image's file until the verified commit: an image cut off by a sender
 * that never came back must not look complete, so only the commit gives it
 * its own name.
 */
const uncommittedName = (image: string): string => `${image}.partial`
/** Where an image's seed is copied, to become its file only once whole; `~` is in no image name, so no other file has this name. */
const seedingName = (image: string): string => `${image}~seed.partial`

/**
 * The images of a migration as its latest round declared them, with open
 * files and the block hashes of what each holds (docs/migration.md section
 * 4), kept as blocks are written; rebuilt from the files on resuming. Each
 * is written under its uncommitted name until `commit`.
 */
class ImageSet {
  readonly folder: string
  /** The sending node's name (text form). */
  readonly sender: string
  /** The device its folder is on (-1: the folder is gone). */
  readonly device: number
  round: Round | undefined
  /**
   * The images of a round checked and being applied (a seed copied, a file
   * reread): what they will write and hold counts from its check, or a round
   * of another migration checked meanwhile took the same room.
   */
  applying: Round['images'] | undefined
  readonly hashes = new Map<string, BlockHashList>()
  /** Images whose hashes were read back from their files as the migration resumed, not kept as they were written. */
  readonly readBack = new Set<string>()
  /** Images with a file in the folder: those of the latest round, and those earlier rounds declared and it leaves out (kept until the commit). */
  readonly files = new Set<string>()
  readonly #fds = new Map<string, number>()

  constructor (folder: string, sender: string) {
    this.folder = folder
    this.sender = sender
    this.device = statSync(folder, { throwIfNoEntry: false })?.dev ?? -1
  }

  /** Sets the hash of block `block` of image `name`. */
  setHash (name: string, block: number, hash: Uint8Array): void {
    this.hashes.get(name)!.set(block, hash)
  }

  hashOf (name: string, block: number): Uint8Array {
    return this.hashes.get(name)!.get(block)
  }

  /** The file an image is written to: its uncommitted name. */
  path (name: string): string { return join(this.folder, uncommittedName(name)) }

  /**
   * Bytes `images` (by default those of the round being applied, else of the latest) will still take
   * on the disk: each one's size less what its file holds there. One
   * declared by an earlier round is a file of its size and no blocks yet,
   * and counted by its size, round after round declared more than the disk
   * holds.
   */
  unwritten (images: Array<{ name: string, size: number }> = this.applying ?? this.round?.images ?? []): number {
    let bytes = 0
    for (const image of images) {
      const path = this.path(image.name)
      bytes += Math.max(0, image.size - (existsSync(path) ? statSync(path).blocks * 512 : 0))
    }
    return bytes
  }

  /** The most memory the block hashes of `images` (by default those of the round being applied, else of the latest) take: hashListBytes of each. */
  hashBytes (images: Array<{ size: number }> = this.applying ?? this.round?.images ?? []): number {
    let bytes = 0
    for (const image of images) bytes += hashListBytes(image.size)
    return bytes
  }

  fd (name: string): number {
    let fd = this.#fds.get(name)
    if (fd === undefined) { fd = openSync(this.path(name), 'r+'); this.#fds.set(name, fd) }
    return fd
  }

  sync (): void { for (const fd of this.#fds.values()) fdatasyncSync(fd) }

  /** Gives each image, once verified and on disk, its own name. */
  commit (names: string[]): void {
    this.sync()
    this.close()
    for (const name of names) renameSync(this.path(name), join(this.folder, name))
  }

  close (): void {
    for (const fd of this.#fds.values()) closeSync(fd)
    this.#fds.clear()
  }
}

export class MigrationReceiver {
  readonly folder: string
  readonly events = new TypedEventEmitter<MigrationReceiverEvents>()
  readonly #init: MigrationReceiverInit
  readonly #c: MigrationReceiverComponents
  readonly #streams: InboundEntryStreams
  /** Complete migrations whose images are being reread against what was written. */
  readonly #diskChecks = new Set<Promise<void>>()
  /** The memory those checks hold for block hashes: what was written, and each image as it is reread. */
  #diskCheckHashBytes = 0
  /** The images of the migrations being received now (a sender connected, not committed): what they will still write counts against a new round's room. */
  readonly #receiving = new Set<ImageSet>()
  /**
   * The migrations `receiving` whose senders are away, by folder, as what
   * they will still write and hold: read from their state files once (at
   * construction) and kept as their streams end. A round's room check read
   * every state file in migration_dir instead, 136 ms a round with 10,000
   * migrations there (found by attacking the migration receiver).
   */
  readonly #paused = new Map<string, Unfinished>()
  /**
   * The migrations failed here, by folder, with their senders: each keeps its
   * capsule, every entry sent included, until a new send of its name or
   * `gdp migrate rm`, and counts against its sender's migrations not finished.
   */
  readonly #failed = new Map<string, string>()
  /** Aborted by `stop`: ends rereads of images (resuming, checking on disk), which may take minutes for large ones. */
  readonly #stopping = new AbortController()
  /** Migrations being removed: a sender's hello for one of them is refused until that ends. */
  readonly #removing = new Set<string>()
  /** Migrations whose capsule the store holds and whose state file was gone at start (name: capsule), listed as damaged. */
  readonly #stateless = new Map<string, string>()
  /**
   * Each migration's status, sender and start as this receiver last saved
   * or read its state file, by name: what `counts`, `summaries` and
   * `completedFrom` answer from. The node's status file (written every
   * second), the dashboard (polling every second) and a standby waiting for
   * its router (every 20 ms) read every state file in migration_dir through
   * `list` instead, a cost that grew with every migration ever received
   * (found by attacking the migration endpoints).
   */
  readonly #known = new Map<string, ReceivedSummary>()

  constructor (init: MigrationReceiverInit, components: MigrationReceiverComponents) {
    this.folder = init.folder
    this.#init = init
    this.#c = components
    this.#streams = new InboundEntryStreams({ idleTimeoutMs: init.idleTimeoutMs, helloTimeoutMs: init.helloTimeoutMs })
    const keep = init.keepFreeBytes
    if (keep !== undefined && (!Number.isSafeInteger(keep) || keep < 0)) throw new InvalidArgumentError(`a migration receiver keeps a whole number of bytes free, not ${String(keep)}`)
    const memory = init.maxHashBytes
    if (memory !== undefined && (!Number.isSafeInteger(memory) || memory < 0)) throw new InvalidArgumentError(`a migration receiver holds a whole number of bytes of block hashes at most, not ${String(memory)}`)
    const inodes = init.keepFreeInodes
    if (inodes !== undefined && (!Number.isSafeInteger(inodes) || inodes < 0)) throw new InvalidArgumentError(`a migration receiver keeps a whole number of files free, not ${String(inodes)}`)
    const perSender = init.maxUnfinishedPerSender
    if (perSender !== undefined && (!Number.isSafeInteger(perSender) || perSender < 1)) throw new InvalidArgumentError(`a migration receiver takes a whole number of migrations from one sender at once, at least 1, not ${String(perSender)}`)
    createWritableFolder(init.folder, (message) => new InvalidArgumentError(`migration_dir: ${message}`))
    for (const state of this.list()) {
      if (state.status === 'receiving') this.#pause(join(this.folder, state.name), state.sender, state.images)
      if (state.status === 'failed') this.#failed.set(join(this.folder, state.name), state.sender)
      // Noted failed, and stopped before its files were set aside: they must not look complete.
      if (state.status === 'failed' && state.errorName === ImageDamagedError.name) setAsideDamaged(join(this.folder, state.name), imageNames(state.images))
    }
  }

  /**
   * Counts a migration whose sender is away by what its latest round
   * declared (`images`) and its files hold now: nothing writes them until it
   * resumes, when it is counted as received again.
   */
  #pause (folder: string, sender: string, images: ReceivedMigration['images']): void {
    // Sizes from a file a person or a bad disk may have changed: one that is no size promises nothing.
    const declared = images.filter((image) => typeof image?.name === 'string' && Number.isSafeInteger(image.size) && image.size >= 0)
    const set = new ImageSet(folder, sender)
    const unwritten = set.unwritten(declared)
    const hashBytes = set.hashBytes(declared)
    this.#paused.set(folder, { folder, sender, device: set.device, unwritten: () => unwritten, hashBytes: () => hashBytes })
  }

  /**
   * Refuses a new migration from `sender` when it has as many not finished
   * here as it may (being received, paused or failed; one named `name`,
   * which the new one replaces, not counted).
   */
  #checkUnfinishedOf (sender: string, name: string): void {
    const max = this.#init.maxUnfinishedPerSender ?? MAX_UNFINISHED_PER_SENDER
    const folder = join(this.folder, name)
    const folders = [...this.#unfinished()].filter((other) => other.sender === sender).map((other) => other.folder)
    for (const [failed, by] of this.#failed) if (by === sender) folders.push(failed)
    const names = folders.filter((other) => other !== folder).map((other) => relative(this.folder, other))
    if (names.length >= max) throw new QuotaExceededError(`this node has ${names.length} migrations from node ${sender} not finished (${names.sort().join(', ')}: received now, paused until it resumes them, or failed and kept until it sends them again), and takes at most ${max} from one sender at once (maxUnfinishedPerSender, the node's migration_unfinished_per_sender); resume or send again one of those, or remove one with 'gdp migrate rm' on this node, then send '${name}' again`)
  }

  /**
   * Migrations received or under way, from their state files; one whose
   * state file cannot be read is listed as 'damaged', naming the file,
   * rather than hiding the others.
   */
  list (): ReceivedMigration[] {
    const out: ReceivedMigration[] = []
    this.#known.clear()
    for (const name of existsSync(this.folder) ? readdirSync(this.folder) : []) {
      // No migration has this name: the disk's own `lost+found` (root's alone, so its state file could not be read
      // and it was listed as a damaged migration that 'gdp migrate rm' refused to name), or the operator's.
      if (!isName(name)) continue
      const folder = join(this.folder, name)
      const read = readState(join(folder, STATE_FILE))
      if (read.damage !== undefined) out.push({ name, capsule: '', sender: 'unknown', status: 'damaged', entries: 0, folder, images: [], error: read.damage, startedAt: '' })
      else if (read.state !== undefined) out.push(read.state)
    }
    // Listed already from its state file (one out of reach, a link to nothing, is listed as such, not as gone).
    const listed = new Set(out.map((m) => m.name))
    for (const [name, capsule] of this.#stateless) {
      const folder = join(this.folder, name)
      if (listed.has(name) || existsSync(join(folder, STATE_FILE))) continue
      out.push({ name, capsule, sender: 'unknown', status: 'damaged', entries: 0, folder, images: [], error: `its state file ${join(folder, STATE_FILE)} is gone, and this node's store holds its capsule; 'gdp migrate rm ${name}' removes what is left`, startedAt: '' })
    }
    for (const migration of out) this.#known.set(migration.name, summaryOf(migration))
    return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt))
  }

  /**
   * How many migrations this node holds of each status, as it last saved or
   * read their state files (`list` reads them all again): no file is read.
   */
  counts (): Record<ReceivedMigration['status'], number> {
    const counts = { receiving: 0, complete: 0, failed: 0, damaged: 0 }
    for (const { status } of this.#known.values()) counts[status]++
    return counts
  }

  /** Each migration as `counts` knows it, oldest first: no file is read. */
  summaries (): ReceivedSummary[] {
    return [...this.#known.values()].sort((a, b) => a.startedAt.localeCompare(b.startedAt))
  }

  /** A complete migration from `sender` (text form), read from its state file; undefined while there is none. */
  completedFrom (sender: string): ReceivedMigration | undefined {
    for (const [name, known] of this.#known) {
      if (known.status !== 'complete' || known.sender !== sender) continue
      const { state } = readState(join(this.folder, name, STATE_FILE))
      if (state?.status === 'complete' && state.sender === sender) return state
    }
    return undefined
  }

  /** Saves a migration's state to its state file, and notes its status in `#known`. */
  #save (stateFile: string, state: ReceivedMigration): void {
    writeState(stateFile, state)
    this.#known.set(state.name, summaryOf(state))
  }

  /**
   * What a start finds of the migrations received before: complete ones
   * whose check on disk a stop cut short (run again), and capsules of
   * migrations whose state file is gone (listed as damaged, so they can be
   * seen and removed rather than held unseen in the store).
   */
  async start (): Promise<void> {
    // A node killed while it applied a commit left the images under their own names and the manifest, the commit not
    // stored: until its sender resumes and sends the commit again, nothing may look complete.
    for (const state of this.list()) {
      if (state.status !== 'receiving') continue
      // Names from a file a person or a bad disk may have changed: only image names, none a path out of the folder.
      uncommit(join(this.folder, state.name), imageNames(state.images))
      // Counted again as its files now are: under their own names they were counted as not written at all.
      this.#pause(join(this.folder, state.name), state.sender, state.images)
    }
    this.#resumeDiskChecks()
    for (const { name, capsule } of await this.#migrationCapsules()) {
      if (readState(join(this.folder, name, STATE_FILE)).state !== undefined) continue
      this.#stateless.set(name, formatName(capsule))
      this.#known.set(name, { name, status: 'damaged', sender: 'unknown', startedAt: '' })
    }
  }

  /**
   * Removes a received migration: its capsules from the store (each leaves a
   * tombstone, so a sender still holding one is refused, and compaction frees
   * its space), its state file, so it leaves `list`, and its folder unless
   * `keepFiles`. Refuses a migration a sender is streaming now; one whose
   * sender went away before it completed can be removed.
   */
  async remove (name: string, options: { keepFiles?: boolean } = {}): Promise<RemovedMigration> {
    try { checkMigrationName(name) } catch (err) { throw new InvalidArgumentError((err as Error).message) }
    const folder = join(this.folder, name)
    const stateFile = join(folder, STATE_FILE)
    // A damaged state file names no capsule: the capsules carrying the name, and the folder, still go.
    const { state, damage } = readState(stateFile)
    if (this.#removing.has(name)) throw new MigrationInProgressError(`migration '${name}' is being removed already`)
    // A complete migration's stream may still be closing; nothing more is written to it.
    if (state?.status !== 'complete' && this.#streams.isServing(name)) throw new MigrationInProgressError(`migration '${name}' is being received now${state === undefined ? '' : ` from ${state.sender} (${state.entries} entries so far)`}; remove it once it completes or its sender stops`)
    // Checked and claimed in one turn of the event loop: no hello for it is accepted from here on.
    this.#removing.add(name)
    try {
      // Every capsule carrying the name, the one its state names or not (more than one only if a folder was removed by hand).
      const capsules = await this.#capsulesNamed(name)
      if (state !== undefined && !capsules.some((c) => formatName(c) === state.capsule)) capsules.push(parseName(state.capsule))
      if (state === undefined && damage === undefined && capsules.length === 0) throw new MigrationNotFoundError(`no received migration '${name}' on this node ('gdp migrate list' shows them; a node keeps nothing of the migrations it sent)`)
      return await this.#removeStored(name, capsules, options.keepFiles === true)
    } finally {
      this.#removing.delete(name)
      this.#stateless.delete(name)
    }
  }

  /** Deletes a migration's `capsules`, then its state file and (unless `keepFiles`) its folder. */
  async #removeStored (name: string, capsules: Uint8Array[], keepFiles: boolean): Promise<RemovedMigration> {
    const folder = join(this.folder, name)
    // The capsules go first: if the node stops half-way, the state file still lists the migration and a second remove finishes it.
    for (const capsule of capsules) await this.#c.store.delete(capsule, new Uint8Array(0))
    this.#paused.delete(folder)
    this.#failed.delete(folder)
    this.#known.delete(name)
    let files = 0
    let bytes = 0
    if (keepFiles) {
      rmSync(join(folder, STATE_FILE), { force: true })
    } else if (existsSync(folder)) {
      for (const file of readdirSync(folder)) { files++; bytes += statSync(join(folder, file)).blocks * 512 }
      rmSync(folder, { recursive: true, force: true })
    }
    log('migration %s removed: %d capsule(s), %d files', name, capsules.length, files)
    return { name, folder, capsules: capsules.map(formatName), filesRemoved: !keepFiles, files, bytes }
  }

  /**
   * A migration that cannot end well (an entry refused, its images did not
   * verify, a base it builds on is damaged, a write failed): marked failed
   * with the reason, and its images deleted, so nothing is left that looks
   * like a complete image.
   */
  #fail (state: ReceivedMigration, stateFile: string, images: ImageSet, err: Error): void {
    state.status = 'failed'
    state.error = err.message
    state.errorName = err.name
    this.#receiving.delete(images)
    this.#paused.delete(images.folder)
    this.#failed.set(images.folder, state.sender)
    images.close()
    // The images go first: on a full disk (ENOSPC) that makes room for the state file. Anything else in the folder
    // (a temporary file, a folder put there) goes too, so nothing is left that looks complete.
    for (const file of readdirSync(images.folder)) if (file !== STATE_FILE) rmSync(join(images.folder, file), { recursive: true, force: true })
    // The sender is told `err` either way; a state file that cannot be written leaves the migration 'receiving', which its sender's next send replaces.
    try { this.#save(stateFile, state) } catch (e) { log.error('migration %s: cannot note that it failed: %s', state.name, (e as Error).message) }
    log.error('migration %s failed: %s', state.name, err.message)
  }

  /** The stored migration capsules carrying this migration name (more than one only if a folder was removed by hand). */
  async #capsulesNamed (name: string): Promise<Uint8Array[]> {
    return (await this.#migrationCapsules()).filter((c) => c.name === name).map((c) => c.capsule)
  }

  /** The capsules of the store that carry a migration's name, with that name. */
  async #migrationCapsules (): Promise<Array<{ name: string, capsule: Uint8Array }>> {
    const found: Array<{ name: string, capsule: Uint8Array }> = []
    for await (const { name: capsule, signed } of this.#c.store.allMetadata()) {
      const field = signed.metadata.appFields.find((f) => f.key === MIGRATION_FIELD)
      if (field !== undefined) found.push({ name: Buffer.from(field.value).toString('utf8'), capsule })
    }
    return found
  }

  /**
   * Serves one sender on `channel` until it finishes or the stream ends.
   * `senderKey` is the Ed25519 key the transport authenticated.
   */
  async serve (channel: FrameChannel, senderKey: Uint8Array): Promise<void> {
    await this.#streams.serve(channel, (hello) => this.#accept(hello, senderKey))
  }

  /** Ends the streams being served, once what they were writing is stored: before the store closes. */
  async stop (): Promise<void> {
    this.#stopping.abort(new ServiceStoppedError('the receiving node is stopping'))
    await this.#streams.stop()
    await Promise.all([...this.#diskChecks])
  }

  /** Admits a sender's hello: the capsule must be the sending node's own, and the node allowed here. */
  #accept (hello: pb.IMigrateHello, senderKey: Uint8Array): AcceptedHello {
    const signed = signedMetadataFromPb(hello.metadata)
    const capsuleName = verifySignedMetadata(signed)
    const metadata = signed.metadata
    if (!equalBytes(metadata.writer.key, senderKey) || !equalBytes(metadata.owner.key, senderKey)) throw new MigrationUnauthorizedError('the migration capsule must be owned and written by the sending node')
    const sender = nodeName(senderKey)
    if (!this.#init.allow(sender)) throw new MigrationUnauthorizedError(`this node does not accept migrations from node ${formatName(sender)} (${this.#init.notAllowedHint ?? 'add it to migration_allow'})`)
    const name = migrationNameOf(metadata)
    if (this.#removing.has(name)) throw new MigrationConflictError(`migration '${name}' is being removed from this node; send it again once that is done`)
    return { key: name, capsule: formatName(capsuleName), open: async () => await this.#open(name, signed, capsuleName, formatName(sender)) }
  }

  /** The migration's folder, state and stored capsule, new or to resume, as a sink for its entries. */
  async #open (name: string, signed: SignedMetadata, capsuleKey: Uint8Array, sender: string): Promise<EntrySink> {
    const capsuleName = formatName(capsuleKey)
    if (await this.#c.store.tombstone(capsuleKey) !== undefined) throw new MigrationRejectedError(`migration '${name}' (capsule ${capsuleName}) was removed from this node with 'gdp migrate rm'; send it again as a new migration`)
    const folder = join(this.folder, name)
    const stateFile = join(folder, STATE_FILE)
    let state: ReceivedMigration
    const read = readState(stateFile)
    if (read.damage !== undefined) throw new MigrationRejectedError(`migration '${name}' cannot be received on this node: ${read.damage}; 'gdp migrate rm ${name}' removes it`)
    let previous = read.state
    if (previous?.status === 'failed' && previous.capsule === capsuleName) {
      // Its sender may have lost the refusal with its link: it is told again, as what it was (a commit that did not verify, a damaged base).
      // Own keys alone: an errorName such as 'constructor' from a file changed by hand is no failure kept here.
      const Failure = Object.hasOwn(KEPT_FAILURES, previous.errorName ?? '') ? KEPT_FAILURES[previous.errorName!]! : MigrationRejectedError
      throw new Failure(`migration '${name}' failed on this node: ${previous.error ?? 'no reason kept'}; send it again (a new send of that name replaces it)`)
    }
    // A new send replaces a migration of its name that cannot go on: one that failed here, or one its own sender left
    // unfinished (it failed, was cancelled or restarted there: a sender never resumes a capsule another send began).
    // No stream serves that one now: InboundEntryStreams refuses a hello for a name it serves with another capsule.
    if (previous !== undefined && previous.capsule !== capsuleName && (previous.status === 'failed' || (previous.status === 'receiving' && previous.sender === sender))) {
      // The capsule its state names alone: listing every capsule of the store for the name, a sender failing a
      // migration and sending it again in a loop made the receiver read its whole store each time (found by
      // attacking the migration endpoint). A capsule a folder removed by hand left is `gdp migrate rm`'s to find.
      await this.#removeStored(name, [parseName(previous.capsule)], false)
      previous = undefined
    }
    if (previous !== undefined) {
      state = previous
      if (state.capsule !== capsuleName) throw new MigrationConflictError(`migration name '${name}' is taken by another migration on this node (capsule ${state.capsule})`)
    } else {
      // Anything but a folder in its place (a file put in migration_dir) is no migration's: it is the operator's to move.
      if (statSync(folder, { throwIfNoEntry: false })?.isDirectory() === false) throw new MigrationConflictError(`migration name '${name}' is taken on this node: ${folder} is there and is not a folder; move it away or choose another name`)
      // Files without a state file are a removed migration's (kept with --keep-files): a new one would build on them as if they were its own.
      // A temporary state file alone is this receiver's, left by a node killed as it wrote a new migration's first
      // state: taken as a removed migration's files, it refused the name for good (found by attacking the receiver).
      const files = existsSync(folder) ? readdirSync(folder) : []
      if (files.length === 1 && files[0] === STATE_TEMPORARY_FILE) rmSync(join(folder, STATE_TEMPORARY_FILE), { force: true })
      else if (files.length > 0) throw new MigrationConflictError(`migration name '${name}' is taken on this node: ${folder} holds files of a removed migration; move them away or choose another name`)
      // Checked and counted in one turn of the event loop: two hellos at once cannot both take the last place.
      this.#checkUnfinishedOf(sender, name)
      const refused = (message: string): Error => new MigrationRejectedError(`this node cannot receive migration '${name}': ${message}`)
      checkFreeInodes(this.folder, MIGRATION_OWN_FILES, 'a new migration', this.#init.keepFreeInodes ?? DISK_KEPT_FREE_INODES, (why) => { throw refused(why) })
      createWritableFolder(folder, refused)
      state = { name, capsule: capsuleName, sender, status: 'receiving', entries: 0, folder, images: [], startedAt: new Date().toISOString() }
      try { this.#save(stateFile, state) } catch (err) { throw notWritable(folder, err as Error, refused) }
      this.#pause(folder, sender, [])
    }
    const capsule = await this.#c.store.create(signed)
    const images = new ImageSet(folder, sender)
    const latest = await latestRound(capsule, state, stateFile)
    images.round = latest?.round
    // A state written before the last append stored (the node killed between the two) names the round before: taken
    // as it was, a commit for the stored round's images failed with a TypeError after the whole transfer, or wrote
    // the earlier round's image names into the manifest, and the next state written kept the earlier roundEntry, so
    // the resume after it took the earlier round (found by attacking the migration receiver).
    if (latest !== undefined && state.status === 'receiving') {
      state.roundEntry = latest.seqno
      state.images = latest.round.images.map((image) => ({ name: image.name, size: image.size }))
    }
    // A file of an image no stored round declares: a round applied whose entry was not stored (it comes again and is
    // seeded again), or an earlier version's seed being copied, which it named <image>.partial and renamed only once
    // whole. Taken as the image, the part of the base not copied yet was never sent, and the commit failed after the
    // whole transfer (found by attacking upgrades).
    if (state.status === 'receiving') {
      const declared = new Set((images.round?.images ?? []).map((image) => uncommittedName(image.name)))
      for (const file of readdirSync(folder)) if (file.endsWith('.partial') && !declared.has(file)) rmSync(join(folder, file), { force: true })
    }
    if (state.status === 'receiving') uncommit(folder, (images.round?.images ?? []).map((image) => image.name))
    // After the sender is welcomed (EntrySink.prepare): rereading large images may take longer than it waits for a welcome.
    const readBack = async (signal: AbortSignal): Promise<void> => {
      // Resuming: what the images hold now, blocks of an entry applied but not stored included (it comes again).
      for (const image of images.round?.images ?? []) {
        const path = images.path(image.name)
        if (existsSync(path)) {
          // Its length changed while the migration was stopped: bytes past its size are not the image's, and one cut
          // short holds zeros past its end (as its hashes are read). Left so, the commit verified the image's blocks
          // and renamed a file longer or shorter than the image (found by attacking the migration receiver).
          const length = statSync(path).size
          if (state.status === 'receiving' && length !== image.size) {
            log.error('migration %s: image file %s is %d bytes, its round declared %d: set to that size', name, path, length, image.size)
            truncateSync(path, image.size)
          }
          images.hashes.set(image.name, await fileBlockHashList(path, image.size, AbortSignal.any([this.#stopping.signal, signal])))
          images.readBack.add(image.name)
          images.files.add(image.name)
        } else if (state.status === 'receiving') {
          // Deleted while the migration was stopped: what was written to it is gone, and only a new send brings it back
          // (the commit failed with a TypeError, after the whole transfer).
          const err = new MigrationRejectedError(`migration '${name}': image ${image.name} of round ${images.round!.round} is gone: its file ${path} was deleted while the migration was stopped; send the migration again (a new send of that name replaces it)`)
          this.#fail(state, stateFile, images, err)
          throw err
        }
      }
      if (state.status === 'receiving') {
        this.#receiving.add(images)
        this.#paused.delete(folder)
      }
      // The commit stored and the state not yet saved complete (the node killed between the two): the sender has nothing
      // left to send and waited for the commit's acknowledgement, redialling for ever, the images left <image>.partial.
      // The stored commit is applied again, to the images as read back (found by attacking the migration receiver).
      // Only after the final round can there be one: other resumes read no more entries.
      const commit = state.status === 'receiving' && images.round?.final === true ? await storedCommit(capsule) : undefined
      if (commit !== undefined) {
        try {
          await this.#apply(commit.seqno, commit.entry, images, state)
          state.entries = capsule.size
          this.#save(stateFile, state)
        } catch (e) {
          const err = writeFailure(name, folder, e as Error)
          this.#fail(state, stateFile, images, err)
          throw err
        }
        this.#receiving.delete(images)
        this.#startDiskCheck(state, images)
      }
    }
    log('migration %s: %s connected, resuming after %d entries', name, sender, capsule.size)
    /** The status the state file holds: a commit applied is complete only once that file says so. */
    let saved = state.status
    const sink: EntrySink = {
      applied: capsule.size,
      bases: this.#c.bases.usable().map((b) => b.hash),
      prepare: async (signal) => {
        await readBack(signal)
        saved = state.status
        if (state.status === 'complete') sink.completed = { applied: capsule.size, complete: true, folder }
      },
      append: async (append) => {
        try {
          const complete = await this.#append(capsule, images, state, append)
          state.entries = capsule.size
          this.#save(stateFile, state)
          saved = state.status
          if (complete) {
            this.#receiving.delete(images)
            this.#startDiskCheck(state, images)
          }
          return { applied: capsule.size, complete, folder }
        } catch (e) {
          // The node is stopping (a seed's copy or check ended): nothing of the append was stored, and it comes again.
          if (e === this.#stopping.signal.reason) throw e as Error
          const err = writeFailure(name, folder, e as Error)
          // Any refusal or failure to write ends the migration, a commit applied but not saved (a full disk) included:
          // the images under their own names and the manifest go with the rest. The sender stops at the error it is sent.
          if (saved === 'receiving') this.#fail(state, stateFile, images, err)
          throw err
        }
      },
      close: () => {
        images.close()
        if (this.#receiving.delete(images) && state.status === 'receiving') this.#pause(folder, sender, state.images)
        // The block lists this stream's rounds had read are held for the migrations still received only: each
        // counts against migration_hash_memory while held, and a round naming its base reads it again.
        this.#c.bases.keepBlockHashesOf([...this.#receiving].flatMap((other) => other.round?.bases ?? []))
      }
    }
    return sink
  }

  /**
   * The images of every migration not finished here, as what they will
   * still write: those being received now as their latest round declared
   * them, and those whose sender is away as they were when it left. A
   * paused migration resumes without its round being checked again, so a
   * round checked beside only the connected ones overran the disk once the
   * paused one came back (found by attacking the migration receiver).
   */
  * #unfinished (): Iterable<Unfinished> {
    yield * this.#receiving
    yield * this.#paused.values()
  }

  /** Checks, applies and stores one append; returns whether the migration is now complete. */
  async #append (capsule: StoredCapsule, images: ImageSet, state: ReceivedMigration, append: pb.IMigrateAppend): Promise<boolean> {
    // Failed by its check on disk after the commit, too: nothing more is written to it.
    if (state.status !== 'receiving') throw new MigrationRejectedError(`migration ${state.name} is already ${state.status}`)
    let batch
    try {
      batch = verifyAppendBatch(capsule.name, capsule.metadata, capsule.writerState, (append.records ?? []).map(recordFromPb), signedHeartbeatFromPb(append.heartbeat))
    } catch (err) {
      throw new MigrationRejectedError(`entry ${capsule.size}: ${(err as Error).message}`)
    }
    checkStoreRoom(this.#c.store.path, batch.records, this.#init.keepFreeBytes ?? DISK_KEPT_FREE_BYTES, this.#unfinished(), (why) => { throw new MigrationRejectedError(`entry ${capsule.size}: ${why}; nothing of it was applied`) })
    let complete = false
    for (const record of batch.records) {
      // The event loop turns between entries: applied in one go, an append of thousands of small entries (a frame of
      // rounds, each resizing 64 images) held every other task of the node for seconds (found by attacking the receiver).
      await new Promise((resolve) => setImmediate(resolve))
      const seqno = record.header.seqno
      let entry: Entry
      try { entry = decodeEntry(record.payload) } catch (err) { throw new MigrationRejectedError(`entry ${seqno}: ${(err as Error).message}`) }
      complete = await this.#apply(seqno, entry, images, state)
    }
    // Closed between appends: a stream holds no file open while its sender is silent, however many images it wrote.
    images.sync()
    images.close()
    await capsule.append(batch)
    return complete
  }

  /** Applies one entry; every check comes before the first write. */
  async #apply (seqno: number, entry: Entry, images: ImageSet, state: ReceivedMigration): Promise<boolean> {
    const current = images.round
    const reject = (why: string): never => { throw new MigrationRejectedError(`entry ${seqno}: ${why}; nothing of it was applied`) }
    if (entry.type === 'round') {
      const round = entry.round
      if (current?.final === true) reject('a round after the final round')
      if (current !== undefined && round.round <= current.round) reject(`round ${round.round} after round ${current.round}`)
      for (const base of round.bases) {
        const info = this.#c.bases.get(base)
        if (info === undefined) reject(`base ${Buffer.from(base).toString('hex')} is not registered on this node`)
        this.#c.bases.checkUsable(base)
      }
      for (const image of round.images) if (isReservedImageName(image.name)) reject(`'${image.name}' cannot be an image name`)
      // The files of images a round leaves out stay until the commit: a sender declaring new images round after round
      // made files without end in the folder, whose inodes a store on that disk needs (found by attacking the receiver).
      const kept = new Set([...images.files, ...round.images.map((image) => image.name)])
      if (kept.size > MAX_ROUND_IMAGES) reject(`round ${round.round} declares ${round.images.length} image${round.images.length === 1 ? '' : 's'}, which with the ${kept.size - round.images.length} that earlier rounds declared and it leaves out (their files kept until the commit) make ${kept.size}: a migration has at most ${MAX_ROUND_IMAGES} images over all its rounds`)
      const unfinished = [...this.#unfinished()].filter((other) => other.folder !== images.folder)
      checkHashMemory(round, images, this.#init.maxHashBytes ?? MAX_HASH_MEMORY_BYTES, unfinished, this.#diskCheckHashBytes, this.#c.bases.blockHashBytes(round.bases), reject)
      checkFreeSpace(round, images, this.#init.keepFreeBytes ?? DISK_KEPT_FREE_BYTES, unfinished, reject)
      const newFiles = round.images.filter((image) => !images.files.has(image.name)).length
      checkFreeInodes(images.folder, newFiles, `round ${round.round}'s new images`, this.#init.keepFreeInodes ?? DISK_KEPT_FREE_INODES, reject)
      images.applying = round.images
      try {
        for (const image of round.images) {
          const path = images.path(image.name)
          if (existsSync(path)) {
            ftruncateSync(images.fd(image.name), image.size)
            images.hashes.set(image.name, resizedHashes(images.hashes.get(image.name) ?? await fileBlockHashList(path, image.size), image.size, images.fd(image.name)))
            continue
          }
          const seeding = join(images.folder, seedingName(image.name))
          const base = image.seed > 0 ? this.#c.bases.get(round.bases[image.seed - 1]!)! : undefined
          // Asynchronous, so the stream keeps flowing into the queue while a large base is copied.
          if (base !== undefined) await copyPrefix(base.path, seeding, image.size, this.#stopping.signal)
          else writeFileSync(seeding, new Uint8Array(0))
          const copied = statSync(seeding).size
          const fd = openSync(seeding, 'r+')
          try { ftruncateSync(fd, image.size); fdatasyncSync(fd) } finally { closeSync(fd) }
          if (base !== undefined) {
            // The seed is the base's blocks used without being sent: checked now, so a damaged base stops the migration
            // here, naming the block, instead of failing the digests after the whole image went. Past what was copied
            // and the base's end the file is zeros, neither read nor held.
            try {
              const checked = Math.min(image.size, Math.max(copied, base.size))
              images.hashes.set(image.name, BlockHashList.from(await this.#c.bases.checkCopy(base.hash, seeding, checked, this.#stopping.signal), image.size))
            } catch (err) {
              rmSync(seeding, { force: true })
              throw err
            }
          } else {
            images.hashes.set(image.name, new BlockHashList(image.size))
          }
          // Renamed only once whole: a resumed migration takes an image file it finds as seeded.
          renameSync(seeding, path)
          images.files.add(image.name)
        }
      } finally {
        images.applying = undefined
      }
      // An image the round leaves out is not read again until a round declares it again (its hashes are then reread
      // from its file): held, they took memory round after round that no round's declaration counted.
      const declared = new Set(round.images.map((image) => image.name))
      for (const name of images.hashes.keys()) if (!declared.has(name)) images.hashes.delete(name)
      images.round = round
      state.roundEntry = seqno
      state.images = round.images.map((i) => ({ name: i.name, size: i.size }))
      return false
    }
    if (current === undefined) reject('data before the first round')
    const round = current!
    if (entry.type === 'chunk') {
      let batch: BlockBatch
      try { batch = chunkBatch(entry, MAX_RAW_BATCH) } catch (err) { return reject((err as Error).message) }
      this.#check(batch, round, reject)
      this.#write(batch, round, images)
      return false
    }
    if (!round.final) reject('a commit before the final round')
    if (entry.blockDigests.length !== round.images.length) reject(`the commit has ${entry.blockDigests.length} block-list digests for ${round.images.length} images`)
    for (const [i, image] of round.images.entries()) {
      const digest = await images.hashes.get(image.name)!.digest()
      if (!equalBytes(digest, entry.blockDigests[i]!)) {
        // Its blocks as they were written went with the process that wrote them: what differs is most likely the file.
        const readBack = images.readBack.has(image.name)
          ? `: the receiver read this image back from its file (${images.path(image.name)}) when the migration resumed: that file no longer holds what was written to it (changed or damaged on the receiver's disk, or a write its storage lost); send the migration again`
          : ''
        throw new MigrationVerifyError(`image ${image.name}: block-list SHA-256 ${Buffer.from(digest).toString('hex')} after rebuilding, the sender signed ${Buffer.from(entry.blockDigests[i]!).toString('hex')}${readBack}`)
      }
      state.images[i]!.blockListSha256 = Buffer.from(digest).toString('hex')
    }
    images.commit(round.images.map((i) => i.name))
    // Nothing of this receiver writes the images from here on: what changes their mtime is another program's write.
    for (const image of state.images) image.mtimeNs = statSync(join(images.folder, image.name), { bigint: true }).mtimeNs.toString()
    const kept = new Set([...round.images.map((i) => i.name), STATE_FILE, MANIFEST_FILE])
    for (const file of readdirSync(images.folder)) if (!kept.has(file)) rmSync(join(images.folder, file), { force: true })
    state.status = 'complete'
    state.completedAt = new Date().toISOString()
    const manifestImages = state.images.map(({ name, size, blockListSha256 }) => ({ name, size, blockListSha256 }))
    writeFileSync(join(images.folder, MANIFEST_FILE), JSON.stringify({ name: state.name, capsule: state.capsule, sender: state.sender, images: manifestImages, completedAt: state.completedAt }, null, 2) + '\n')
    return true
  }

  /** Starts the check on disk of a migration whose completion is saved. */
  #startDiskCheck (state: ReceivedMigration, images: ImageSet): void {
    const written = new Map(images.round!.images.map((image) => [image.name, images.hashes.get(image.name)!]))
    // What was written, and the image being reread.
    const hashBytes = images.hashBytes() + Math.max(0, ...images.round!.images.map((image) => hashListBytes(image.size)))
    // The state's images: the round's, with the mtimes the commit left.
    this.#runDiskCheck(state, state.images, hashBytes, async (image, onDisk) => {
      const block = written.get(image.name)!.firstDifference(onDisk)
      return block === undefined ? undefined : `image ${image.name} block ${block} on disk is not what was written and committed`
    })
  }

  /**
   * Runs the check on disk again for complete migrations whose check a stop
   * cut short (their state holds no `diskCheck`), at start. The blocks as written are
   * gone with the process: each image's block list is compared, by its
   * digest, with the one its commit named.
   */
  #resumeDiskChecks (): void {
    const unchecked = this.list().filter((state) => state.status === 'complete' && state.diskCheck === undefined)
    // One migration after another: all at once, a start after a stop during many checks (or from states written before
    // the check) reread every image of every one together, with the hashes of each held (found by attacking the
    // migration endpoints). A stop ends the chain; those left are checked at the next start.
    const checkFrom = (index: number): void => {
      const state = unchecked[index]
      if (state === undefined || this.#stopping.signal.aborted) return
      // The image being reread; the blocks as written are gone.
      const hashBytes = Math.max(0, ...state.images.map((image) => Number.isSafeInteger(image?.size) ? hashListBytes(image.size) : 0))
      this.#runDiskCheck(state, state.images, hashBytes, async (image, onDisk) => {
        const digest = Buffer.from(await onDisk.digest()).toString('hex')
        return image.blockListSha256 === undefined || digest === image.blockListSha256 ? undefined : `image ${image.name} on disk is not what was committed: its block list hashes to ${digest}, the commit named ${image.blockListSha256}`
      }, () => { checkFrom(index + 1) })
    }
    checkFrom(0)
  }

  /** Runs #checkOnDisk, its block hashes counted as `hashBytes` of this receiver's memory until it ends; then `next`. */
  #runDiskCheck (state: ReceivedMigration, images: ReceivedImage[], hashBytes: number, differs: DiskDifference, next = (): void => {}): void {
    this.#diskCheckHashBytes += hashBytes
    const check = this.#checkOnDisk(state, images, differs).finally(() => {
      this.#diskChecks.delete(check)
      this.#diskCheckHashBytes -= hashBytes
      next()
    })
    this.#diskChecks.add(check)
  }

  /**
   * After the commit (off the downtime): rereads the images and compares
   * them with what was committed (`differs`), so storage that changed or
   * lost a write is found and said, in `gdp migrate list` (`diskCheck`)
   * and the log, and the migration fails (#failDamaged). An image written
   * since the commit (its mtime moved: a guest running from it) is not
   * checked: its own writes are not damage.
   */
  async #checkOnDisk (state: ReceivedMigration, images: ReceivedImage[], differs: DiskDifference): Promise<void> {
    let damage: string | undefined
    const written: string[] = []
    try {
      for (const image of images) {
        const path = join(this.folder, state.name, image.name)
        if (writtenSinceCommit(path, image, state.completedAt)) { written.push(image.name); continue }
        const mismatch = await differs(image, await fileBlockHashList(path, image.size, this.#stopping.signal))
        if (mismatch === undefined) continue
        // Written while it was reread: what differs may be that write.
        if (writtenSinceCommit(path, image, state.completedAt)) { written.push(image.name); continue }
        damage = mismatch
        break
      }
    } catch (err) {
      // The images went (gdp migrate rm), or the node is stopping: the check is left undone.
      log('migration %s: the images were not checked on disk: %s', state.name, (err as Error).message)
      return
    }
    if (damage !== undefined) log.error('migration %s: %s', state.name, damage)
    // On the state the receiving stream writes too (it may write after this), and in the file as it is now.
    state.diskCheck = damage ?? (written.length === 0 ? 'ok' : notChecked(written, images.length))
    const stateFile = join(this.folder, state.name, STATE_FILE)
    let now: ReceivedMigration
    try {
      now = JSON.parse(readFileSync(stateFile, 'utf8')) as ReceivedMigration
      if (now.capsule !== state.capsule) return
      now.diskCheck = state.diskCheck
      if (damage !== undefined) failDamaged([state, now], damage)
      this.#save(stateFile, now)
    } catch (err) {
      // Removed meanwhile (gdp migrate rm): nothing left to note it in.
      log('migration %s: its state went before the check on disk was noted: %s', state.name, (err as Error).message)
      return
    }
    if (damage !== undefined) {
      this.#failed.set(join(this.folder, state.name), state.sender)
      setAsideDamaged(join(this.folder, state.name), imageNames(now.images))
    }
    this.events.safeDispatchEvent('diskcheck', { detail: now })
  }

  #check (batch: BlockBatch, round: Round, reject: (why: string) => never): void {
    const image = round.images[batch.image]
    if (image === undefined) reject(`image ${batch.image} is not in round ${round.round}`)
    const blocks = Math.ceil(image!.size / BLOCK_SIZE)
    if (batch.blocks.at(-1)! >= blocks) reject(`block ${batch.blocks.at(-1)!} is past the end of image ${image!.name} (${blocks} blocks)`)
    let s = 0
    for (const kind of batch.kinds) {
      if (!readsSource(kind)) continue
      const source = batch.sources[s]!
      const block = batch.sourceBlocks[s++]!
      if (kind === BlockKind.copy) {
        const from = round.images[source]
        if (from === undefined) reject(`a copy from image ${source}, which round ${round.round} does not have`)
        if (block >= Math.ceil(from!.size / BLOCK_SIZE)) reject(`a copy from block ${block} past the end of image ${from!.name}`)
      } else {
        const base = round.bases[source]
        if (base === undefined) reject(`a reference to base ${source}, which round ${round.round} does not list`)
        // Registered when the round came, and gone since (its record lost with a damaged index, or the bases' folder
        // replaced while the migration was stopped): the reference was a TypeError.
        const info = this.#c.bases.get(base!)
        if (info === undefined) reject(`a reference to base ${Buffer.from(base!).toString('hex')}, which round ${round.round} lists and this node no longer holds: it was registered when the round came, and is gone since ('gdp base list' shows the bases it holds); send the migration again`)
        if (block >= info!.blocks) reject(`a reference to block ${block} past the end of base ${Buffer.from(base!).toString('hex')}`)
      }
    }
  }

  #write (batch: BlockBatch, round: Round, images: ImageSet): void {
    const image = round.images[batch.image]!
    const fd = images.fd(image.name)
    // Runs of consecutive blocks go out as one vectored write.
    let run: Uint8Array[] = []
    let runStart = 0
    const flush = (): void => {
      if (run.length === 0) return
      const offset = runStart * BLOCK_SIZE
      const end = Math.min(offset + run.length * BLOCK_SIZE, image.size)
      // The last block of an image may be partial: only its first bytes are the image's.
      const last = run.length - 1
      if (end < offset + run.length * BLOCK_SIZE) run[last] = run[last]!.subarray(0, end - offset - last * BLOCK_SIZE)
      writevSync(fd, run, offset)
      run = []
    }
    // The last block of an image holds only its first bytes: its hash is of those, zero-padded.
    const lastBlock = blockCount(image.size) - 1
    const tail = image.size - lastBlock * BLOCK_SIZE
    let s = 0
    let d = 0
    for (let i = 0; i < batch.kinds.length; i++) {
      const kind = batch.kinds[i]!
      const at = batch.blocks[i]!
      if (run.length > 0 && (at !== runStart + run.length || run.length >= 256)) flush()
      let block: Uint8Array
      let hash: Uint8Array | undefined
      if (kind === BlockKind.zero) {
        block = ZERO_BLOCK
        hash = ZERO_BLOCK_HASH
      } else if (kind === BlockKind.literal) {
        block = batch.data.subarray(d, d + BLOCK_SIZE)
      } else if (kind === BlockKind.copy) {
        flush() // the block read may be one still waiting to be written
        const from = round.images[batch.sources[s]!]!
        block = new Uint8Array(BLOCK_SIZE)
        readSync(images.fd(from.name), block, 0, BLOCK_SIZE, batch.sourceBlocks[s]! * BLOCK_SIZE)
        hash = images.hashOf(from.name, batch.sourceBlocks[s]!)
      } else {
        const baseHash = round.bases[batch.sources[s]!]!
        const baseBlock = batch.sourceBlocks[s]!
        // readBlock checks the block against the base's index: a BASE block's hash is that one.
        const base = this.#c.bases.readBlock(baseHash, baseBlock, new Uint8Array(BLOCK_SIZE))
        if (kind === BlockKind.base) {
          block = base
          hash = this.#c.bases.blockHashes(baseHash).subarray(baseBlock * BLOCK_HASH_LENGTH, (baseBlock + 1) * BLOCK_HASH_LENGTH)
        } else {
          block = xorBlock(batch.data.subarray(d, d + BLOCK_SIZE), base)
        }
      }
      images.setHash(image.name, at, at === lastBlock && tail < BLOCK_SIZE ? paddedBlockHash(block.subarray(0, tail)) : hash ?? paddedBlockHash(block))
      if (readsSource(kind)) s++
      if (carriesData(kind)) d += BLOCK_SIZE
      if (run.length === 0) runStart = at
      run.push(block)
    }
    flush()
  }
}

/**
 * The latest round in a stored migration capsule, for resuming: the entry
 * the state names, or a later one among the entries stored after the state
 * was last written (the node stopped in between: one append's at most). A
 * state without `roundEntry` but with entries (written by an older version)
 * is scanned from the start, asynchronously; so is one whose `roundEntry`
 * (or `entries`) is damaged: not a round among the entries stored. Taken
 * as no round, it made the resume delete the images received.
 */
async function latestRound (capsule: StoredCapsule, state: ReceivedMigration, stateFile: string): Promise<{ round: Round, seqno: number } | undefined> {
  let round: { round: Round, seqno: number } | undefined
  const scan = async (from: number, to = capsule.size): Promise<void> => {
    for await (const record of capsule.readRange(from, to)) {
      const entry = decodeEntry(record.payload)
      if (entry.type === 'round') round = { round: entry.round, seqno: record.header.seqno }
    }
  }
  // Numbers read from a file a person or a bad disk may have changed: checked, not trusted.
  const hint = state.roundEntry
  const stored = Number.isSafeInteger(state.entries) && state.entries >= 0 ? Math.min(state.entries, capsule.size) : 0
  if (hint !== undefined) {
    if (Number.isSafeInteger(hint) && hint >= 0 && hint < stored) await scan(hint, hint + 1)
    if (round !== undefined) {
      await scan(stored)
      return round
    }
    log.error('migration %s: its state file %s names entry %s as its latest round, which is not a round among the %d entries it says are stored: the capsule is scanned for it', state.name, stateFile, JSON.stringify(hint), stored)
  }
  await scan(0)
  return round
}

/** The capsule's last entry if it is the commit, with its seqno: one stored whose state was not saved complete. */
async function storedCommit (capsule: StoredCapsule): Promise<{ seqno: number, entry: Extract<Entry, { type: 'commit' }> } | undefined> {
  if (capsule.size === 0) return undefined
  for await (const record of capsule.readRange(capsule.size - 1)) {
    const entry = decodeEntry(record.payload)
    if (entry.type === 'commit') return { seqno: record.header.seqno, entry }
  }
  return undefined
}

/**
 * The first `size` bytes of `from` (all of it if shorter) into a new file: a
 * clone where the file system can make one, else copied a MiB at a time, so
 * that `signal` (the node stopping) ends it: a copy in one call (copyFile
 * without a clone) cannot be stopped, and a stop waited for a base of
 * hundreds of GB to be copied. Each 4 KiB block of zeros is left a hole:
 * written, a sparse base's holes took its whole size in every image seeded
 * from it (found by attacking the migration endpoints).
 */
async function copyPrefix (from: string, to: string, size: number, signal: AbortSignal): Promise<void> {
  if (statSync(from).size <= size) {
    try {
      await copyFile(from, to, constants.COPYFILE_FICLONE_FORCE)
      return
    } catch {
      // No clone on this file system (or none of this file): copied below, where a failure to read or write is thrown.
    }
  }
  const input = await open(from, 'r')
  const output = await open(to, 'w')
  const buffer = Buffer.alloc(1 << 20)
  try {
    let at = 0
    while (at < size) {
      signal.throwIfAborted()
      const { bytesRead } = await input.read(buffer, 0, Math.min(buffer.length, size - at), at)
      if (bytesRead === 0) break
      for (let offset = 0; offset < bytesRead; offset += BLOCK_SIZE) {
        const block = buffer.subarray(offset, Math.min(offset + BLOCK_SIZE, bytesRead))
        if (!isZeroBlock(block)) await output.write(block, 0, block.length, at + offset)
      }
      at += bytesRead
    }
    // As long as what was read, holes at its end included: the caller takes the file's length as the bytes copied.
    await output.truncate(at)
  } finally {
    await input.close()
    await output.close()
  }
}

/**
 * Block hashes of an image cut or extended to `size`: blocks past the old
 * end are zeros; a partial last block (a cut may have shortened it) is
 * hashed from the file (`fd`) as it now is.
 */
function resizedHashes (hashes: BlockHashList, size: number, fd: number): BlockHashList {
  const out = hashes.resized(size)
  const last = blockCount(size) - 1
  if (size % BLOCK_SIZE !== 0) {
    const block = new Uint8Array(size - last * BLOCK_SIZE)
    readSync(fd, block, 0, block.length, last * BLOCK_SIZE)
    out.set(last, paddedBlockHash(block))
  }
  return out
}

/** A migration not finished on this node, as what it will still write to its disk and hold in memory. */
interface Unfinished {
  folder: string
  /** Its sender's node name (text form). */
  sender: string
  /** The device of its folder. */
  device: number
  unwritten: () => number
  hashBytes: () => number
}

/**
 * Refuses a round whose images' block hashes could take more memory
 * (hashListBytes: a sender writing one block in each 4 MiB fills every
 * page) than `max` less what the other unfinished migrations (`others`, a
 * paused one will hold its round's once it resumes), the checks on disk
 * (`checking`) and the block lists of the bases (`baseLists`: those the
 * round names and those held now; a base of 128 GiB holds 1 GiB) may hold.
 */
function checkHashMemory (round: Round, images: ImageSet, max: number, others: Unfinished[], checking: number, baseLists: number, reject: (why: string) => never): void {
  const needed = images.hashBytes(round.images)
  let held = checking
  for (const other of others) held += other.hashBytes()
  if (needed + held + baseLists > max) {
    const alsoHeld = held === 0 ? '' : `, of which the other migrations not finished here and the checks of completed ones on disk may take ${held}`
    const bases = baseLists === 0 ? '' : `${held === 0 ? ', of which' : ' and'} the block lists of the bases it names and of those held now take ${baseLists}`
    reject(`round ${round.round} declares images whose block hashes may take ${needed} bytes of this node's memory (32 bytes a 4 KiB block), and it holds at most ${max} for them (maxHashBytes, the node's migration_hash_memory)${alsoHeld}${bases}`)
  }
}

/** What the store takes for a record beyond its payload, at most: its header, hashes and index rows, the heartbeat's share. */
const STORED_RECORD_OVERHEAD = 512

/**
 * Refuses records whose copy in the migration store (at `storePath`) would
 * leave less than `keep` of its disk free, beside what the migrations not
 * finished here (`unfinished`) will still write to their images on that
 * disk. Every entry is kept in the migration's capsule as well as written to
 * its images, and a round's check counts the images alone: a sender that
 * sent the same blocks again and again filled the disk with its capsule
 * (found by attacking the migration receiver).
 */
function checkStoreRoom (storePath: string, records: Array<{ payload: Uint8Array }>, keep: number, unfinished: Iterable<Unfinished>, reject: (why: string) => never): void {
  let needed = 0
  for (const record of records) needed += record.payload.length + STORED_RECORD_OVERHEAD
  const device = statSync(storePath).dev
  let promised = 0
  for (const migration of unfinished) if (migration.device === device) promised += migration.unwritten()
  const fs = statfsSync(storePath)
  const free = fs.bavail * fs.bsize
  if (needed + promised + keep > free) {
    const alsoPromised = promised === 0 ? '' : `, and the migrations not finished here (this one included) will write ${promised} bytes more to their images there`
    reject(`storing ${records.length === 1 ? 'this entry' : `these ${records.length} entries`} in the migration store (${storePath}) takes up to ${needed} bytes of its disk, which has ${free} bytes free, of which it keeps ${keep} free (keepFreeBytes, the node's migration_keep_free)${alsoPromised}: every entry is kept in its migration's capsule as well as written to its images ('gdp migrate rm' of a migration not needed gives its room back)`)
  }
}

/**
 * Refuses a round whose images would not fit in the free space of the
 * migration's folder once written, less `keep`: the files are sparse, so
 * nothing else finds that out before the disk is full part-way through the
 * transfer.
 */
function checkFreeSpace (round: Round, images: ImageSet, keep: number, others: Iterable<Unfinished>, reject: (why: string) => never): void {
  const needed = images.unwritten(round.images)
  if (needed === 0) return
  // The other migrations not finished here will write what their rounds declared too (each passed this check alone,
  // and together they filled the disk). Those on another disk (a migration_dir moved since) do not count against this one.
  let promised = 0
  for (const other of others) if (other.folder !== images.folder && other.device === images.device) promised += other.unwritten()
  const fs = statfsSync(images.folder)
  const free = fs.bavail * fs.bsize
  if (needed + promised + keep > free) {
    const alsoPromised = promised === 0 ? '' : `; the other migrations not finished here (received now, or paused until their senders resume: 'gdp migrate list' shows them, 'gdp migrate rm' removes one) will write ${promised} bytes more there`
    // A sparse image of a large size and little data was refused naming bytes alone: its holes count, as the sender may write every block.
    reject(`round ${round.round} declares ${needed} bytes of images more than this node holds for it (each image at its whole size, the holes of a sparse image included: a sender may write every block), and ${images.folder} has ${free} bytes free, of which it keeps ${keep} free (keepFreeBytes, the node's migration_keep_free)${alsoPromised}; make that room there, or give migration_dir a disk of its own`)
  }
}

/**
 * Refuses `files` new files in `folder` that would leave fewer than `keep`
 * inodes free on its file system. A file system that counts none (btrfs
 * makes them as needed) is not checked.
 */
function checkFreeInodes (folder: string, files: number, what: string, keep: number, reject: (why: string) => never): void {
  if (files === 0) return
  const disk = statfsSync(folder)
  if (disk.files === 0 || disk.ffree - files >= keep) return
  reject(`${what} would make ${files} file${files === 1 ? '' : 's'} (inodes) in ${folder}, whose file system has ${disk.ffree} free (df -i), of which this node keeps ${keep} free (DISK_KEPT_FREE_INODES: the stores on that disk need files to open); 'gdp migrate rm' of migrations no longer needed gives theirs back`)
}

/**
 * Undoes what a commit applied but not saved did in `folder` (the node
 * stopped while it applied it, or an older version received it): each
 * image under its own name goes back to its uncommitted one, and the
 * manifest goes, until the commit, which the sender sends again, is
 * applied.
 */
function uncommit (folder: string, images: string[]): void {
  for (const name of images) {
    const path = join(folder, uncommittedName(name))
    if (!existsSync(path) && existsSync(join(folder, name))) renameSync(join(folder, name), path)
  }
  rmSync(join(folder, MANIFEST_FILE), { force: true })
}

/**
 * Marks failed, as any failure, a migration whose images storage damaged
 * after the commit (each of `states`: as its stream holds it, as it is
 * saved): a sender redialling is refused with it, and a new send of the
 * name replaces it.
 */
function failDamaged (states: ReceivedMigration[], damage: string): void {
  const name = states[0]!.name
  const err = new ImageDamagedError(`${damage}: this node's storage changed it, or lost a write to it, after the commit verified; the migration's images are kept as <image>~damaged (a guest may be running from them; nothing is deleted) and manifest.json is removed. Send the migration again (a new send of that name replaces it), or 'gdp migrate rm ${name}'`)
  for (const state of states) {
    state.status = 'failed'
    state.error = err.message
    state.errorName = err.name
  }
}

/** Where an image found damaged after its commit is kept: `~` is in no image name, so no other file has this name. */
const damagedName = (image: string): string => `${image}~damaged`

/**
 * Takes the files of a migration found damaged after its commit out of
 * sight in `folder`: the manifest goes and each image is renamed
 * `<image>~damaged`, so nothing waiting for manifest.json or opening an
 * image by its name takes them for complete. Renamed, not deleted: a guest
 * started from them keeps its open files, and its own writes. Done again
 * at each start, for a node that stopped between noting and doing it, or
 * whose folder refused it (said in the log: it keeps no node from starting).
 */
function setAsideDamaged (folder: string, images: string[]): void {
  try {
    rmSync(join(folder, MANIFEST_FILE), { force: true })
    for (const name of images) if (existsSync(join(folder, name))) renameSync(join(folder, name), join(folder, damagedName(name)))
  } catch (err) {
    log.error('%s: the images of a migration found damaged cannot be set aside: %s', folder, (err as Error).message)
  }
}

/** The image names of a state read from a file a person or a bad disk may have changed: only names, none a path out of the folder. */
function imageNames (images: ReceivedMigration['images']): string[] {
  return images.flatMap((image) => typeof image?.name === 'string' && isName(image.name) ? [image.name] : [])
}

/**
 * Whether the image file at `path` was written since its commit: its mtime
 * is not the one the commit left (`image.mtimeNs`); for a state written
 * before that was recorded, it is later than the commit's completion.
 */
function writtenSinceCommit (path: string, image: ReceivedImage, completedAt: string | undefined): boolean {
  const { mtimeNs, mtimeMs } = statSync(path, { bigint: true })
  if (typeof image.mtimeNs === 'string') return mtimeNs.toString() !== image.mtimeNs
  return completedAt !== undefined && Number(mtimeMs) > Date.parse(completedAt)
}

/** What a check on disk says of the images it did not check, written after the commit, `of` images in all. */
function notChecked (written: string[], of: number): string {
  const one = written.length === 1
  const others = written.length < of ? `; the other image${of - written.length === 1 ? ' is' : 's are'} as committed` : ''
  return `image${one ? '' : 's'} ${written.join(', ')} ${one ? 'was' : 'were'} written after the commit (by a guest running from ${one ? 'it' : 'them'}, or another program), so ${one ? 'it was' : 'they were'} not checked${others}`
}

/** Whether `name` may be a migration's or an image's (checkMigrationName): a plain name, no path. */
function isName (name: string): boolean {
  try {
    checkMigrationName(name)
    return true
  } catch {
    return false
  }
}

/** Creates `folder` and its missing parents; a refusal by the file system is thrown as `refused(message)`. */
function createWritableFolder (folder: string, refused: (message: string) => Error): void {
  try {
    createFolder(folder)
  } catch (err) {
    const path = (err as NodeJS.ErrnoException).path
    throw notWritable(path === undefined ? folder : dirname(path), err as Error, refused)
  }
}

/** A write refused by the file system holding `folder` (read-only, not permitted, full), said so and naming it; any other error as it is. */
function notWritable (folder: string, err: Error, refused: (message: string) => Error): Error {
  const code = (err as NodeJS.ErrnoException).code
  if (code === 'EROFS') return refused(`the folder ${folder} is not writable: it is on a read-only file system (${err.message})`)
  if (code === 'EACCES' || code === 'EPERM') return refused(`the folder ${folder} is not writable by this process: permission denied (${err.message})`)
  // A raw ENOSPC, its code 'Error', named neither the migration nor the folder to the sender.
  if (code === 'ENOSPC' || code === 'EDQUOT') return refused(`the folder ${folder} is on a full disk: no space left there (${err.message}); make room there, or give migration_dir a disk of its own`)
  return err
}

/**
 * The state file at `path`: none, the state it holds, or why it cannot be
 * read (naming the file), such as a write cut short by an unclean stop.
 */
/** Failures a migration's state keeps by name, to refuse its sender's redial with the same type; any other is a MigrationRejectedError. */
const KEPT_FAILURES: Record<string, new (message: string) => Error> = { MigrationVerifyError, BaseDamagedError, ImageDamagedError }

function readState (path: string): { state?: ReceivedMigration, damage?: string } {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (err) {
    // No state file, or not a folder (a file someone put in migration_dir): no migration. Not one out of reach (a link
    // to nothing, its disk not mounted): taken for gone, its way out said was 'gdp migrate rm', which deletes it all.
    const code = (err as NodeJS.ErrnoException).code
    // Its folder out of reach too: the state file in it read as gone.
    const outOfReach = [{ what: 'state file', put: 'file', at: path }, { what: 'folder', put: 'folder', at: dirname(path) }]
    for (const { what, put, at } of code === 'ENOENT' ? outOfReach : []) {
      const target = linkToNothing(at)
      if (target !== undefined) return { damage: `its ${what} ${at} is a symbolic link to ${target}, which is not there: put the ${put} back where the link points (a disk not mounted?)` }
    }
    if (code === 'ENOENT' || code === 'ENOTDIR') return {}
    return { damage: `its state file ${path} cannot be read: ${(err as Error).message}` }
  }
  try {
    const state = JSON.parse(text) as Partial<ReceivedMigration> | null
    if (typeof state !== 'object' || state === null || typeof state.name !== 'string' || typeof state.capsule !== 'string' || typeof state.status !== 'string' || typeof state.startedAt !== 'string' || !Array.isArray(state.images)) throw new Error('not a migration state')
    const problem = stateProblem(state as ReceivedMigration, basename(dirname(path)))
    if (problem !== undefined) throw new Error(problem)
    return { state: state as ReceivedMigration }
  } catch (err) {
    return { damage: `its state file ${path} is damaged: ${(err as Error).message}` }
  }
}

const STATUSES: ReadonlySet<string> = new Set<ReceivedMigration['status']>(['receiving', 'complete', 'failed'])

/**
 * What is wrong with the fields of a state read from the folder `folderName`,
 * if anything. Taken as they were: a name other than its folder's had a start
 * rename files and delete a manifest.json in that other folder (a name with
 * `..`, outside migration_dir), and a capsule that is no capsule name made
 * `gdp migrate rm` fail with "not a capsule name", so the migration could
 * not be removed (found by attacking the migration receiver); an image
 * named as a path was reread out of the folder.
 */
function stateProblem (state: ReceivedMigration, folderName: string): string | undefined {
  if (state.name !== folderName) return `it names migration ${JSON.stringify(state.name)}, and is in the folder of '${folderName}'`
  if (!STATUSES.has(state.status)) return `its status ${JSON.stringify(state.status)} is none of ${[...STATUSES].join(', ')}`
  if (typeof state.sender !== 'string') return `its sender ${JSON.stringify(state.sender)} is not a node name`
  try { parseName(state.capsule) } catch { return `its capsule ${JSON.stringify(state.capsule)} is not a capsule name` }
  if (state.errorName !== undefined && typeof state.errorName !== 'string') return `its errorName ${JSON.stringify(state.errorName)} is not a name`
  // An image named as a path (`../x`) had a start reread a file out of the folder for a check on disk it resumed.
  for (const image of state.images as unknown[]) {
    const name = (image as Partial<ReceivedImage> | null)?.name
    if (typeof name !== 'string' || !isName(name)) return `its image ${JSON.stringify(name ?? image)} is not an image name`
    const size = (image as ReceivedImage).size
    if (!Number.isSafeInteger(size) || size < 0) return `its image ${name} has a size ${JSON.stringify(size)} that is not a number of bytes`
  }
  return undefined
}

/**
 * A failure of the file system while receiving (ENOSPC, EIO, ...), as a
 * refusal naming the migration and the path that failed: its folder, or a
 * file elsewhere (a base's copy, say), which the folder would misname; any
 * other error as it is.
 */
export function writeFailure (name: string, folder: string, err: Error): Error {
  const { code, syscall, path } = err as NodeJS.ErrnoException
  if (syscall === undefined) return err
  if (code === 'ENOSPC') return new MigrationRejectedError(`migration '${name}': this node's migration_dir is full: no space left in ${folder} (${err.message})`)
  if (path !== undefined && relative(folder, path).startsWith('..')) return new MigrationRejectedError(`migration '${name}': cannot ${syscall} ${path}: ${err.message}`)
  return new MigrationRejectedError(`migration '${name}': cannot write to ${folder}: ${err.message}`)
}

/**
 * Replaces the state file at `path` (replaceFile): an unclean stop leaves
 * the old state or the new, not a file cut short. A write that fails
 * leaves no temporary file.
 */
function writeState (path: string, state: ReceivedMigration): void {
  replaceFile(path, Buffer.from(JSON.stringify(state, null, 2) + '\n'), { temporary: join(dirname(path), STATE_TEMPORARY_FILE) })
}

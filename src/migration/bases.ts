/**
 * Registered base images: files a node keeps (a copy, by content hash) so
 * that migrations can send references to their blocks instead of the
 * blocks. A LevelDB index maps each block's SHA-256 to where it occurs.
 */
import { createHash } from 'node:crypto'
import { closeSync, constants, copyFileSync, fstatSync, ftruncateSync, lstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmdirSync, rmSync, statfsSync, statSync, writeFileSync, writeSync, type Stats } from 'node:fs'
import { open as openFile } from 'node:fs/promises'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { Level } from 'level'
import { equalBytes } from '../crypto/hash.js'
import { bytesToHex } from '../crypto/bytes.js'
import { BaseDamagedError, FileAccessError, FileChangedError, InvalidArgumentError, StoreAccessError, StoreCorruptionError, StoreFullError, StoreInUseError, StoreOpenError } from '../errors.js'
import { BLOCK_SIZE } from './batch.js'
import { checkBasePrefix } from './base-prefix.js'
import { BlockFilter } from './block-filter.js'
import { BLOCK_HASH_LENGTH, ZERO_BLOCK_HASH, fileBlockHashes, isZeroBlock, paddedBlockHash } from './block-hashes.js'
import { createFolder } from '../store/folders.js'
import { DISK_KEPT_FREE_BYTES, mib } from '../store/free-space.js'
import { deniedAccess, filesRefused, refuseLostCurrent, refuseTablesOutOfReach, refuseUnreadableLogs } from '../store/level-db.js'

const log = logger('gdp:migration:bases')

export interface BaseInfo {
  /** SHA-256 of the whole file (what `sha256sum` prints). */
  hash: Uint8Array
  size: number
  blocks: number
  /** Where the registered copy lives. */
  path: string
  /**
   * Set once a block of the copy did not match its index, or the copy was
   * found missing, unreadable, not a file or not of `size` bytes: no
   * migration uses the base while it is.
   */
  damaged?: BaseDamage
}

export interface BaseDamage {
  /** The first block found not to match. */
  block: number
  /** When it was found (ISO time). */
  at: string
  detail: string
}

/** What `verify` found: every block of the copy against its index, and the whole copy against the base's name. */
export interface BaseVerification {
  hash: Uint8Array
  blocks: number
  /** Blocks that do not match their index: how many, and the first few. */
  badBlocks: number
  firstBadBlocks: number[]
  /** Whether the whole copy hashes to the base's name (if it does and blocks do not, the block index was what was damaged, and is rebuilt). */
  wholeMatches: boolean
  /** Whether the block index was rebuilt from the copy. */
  indexRebuilt: boolean
  damaged: boolean
  /** What was found, as `gdp base list` shows it, when damaged. */
  detail?: string
  /** The base's size, and the bytes of its copy on disk: fewer if it was cut short (its missing blocks count as bad). */
  size: number
  copyBytes: number
}

export interface BaseLocation {
  base: Uint8Array
  block: number
}

/** Locations kept per block hash: enough to find one the receiver also has. */
const LOCATIONS_PER_HASH = 8
const LOCATION_BYTES = 40
const READ_BYTES = 1 << 20
/** Blocks a base copy reads at once when blocks are asked for in order (1 MiB). */
const WINDOW_BLOCKS = 256

/** The way out of a base index that is lost or damaged: it is made again from the bases registered again. */
const registerAgain = (folder: string): string => `with the node stopped, move ${folder} away (the copies in it with it), then register the bases again: gdp base add <file>`
const blockKey = (h: Uint8Array): Uint8Array => Buffer.concat([Buffer.from('k'), h])
const baseKey = (h: Uint8Array): Uint8Array => Buffer.concat([Buffer.from('b'), h])
const damageKey = (h: Uint8Array): Uint8Array => Buffer.concat([Buffer.from('d'), h])
/** Bad blocks `verify` names, at most; it counts them all. */
const BAD_BLOCKS_NAMED = 16

export interface BaseRegistryInit {
  /** Folder for the copies and the index. */
  folder: string
  /**
   * Bytes of the folder's disk an add leaves free, as a receiver's rounds do
   * (MigrationReceiverInit.keepFreeBytes, the node's `migration_keep_free`).
   * @default DISK_KEPT_FREE_BYTES
   */
  keepFreeBytes?: number
}

/**
 * The largest base: 128 GiB (2^37 bytes). Its block list (32 bytes a 4 KiB
 * block, 1 GiB here) is built, read and rebuilt whole in memory; past 256
 * GiB it could not be read back in one piece, past 512 GiB not even made.
 */
export const MAX_BASE_BYTES = 2 ** 37

export class BaseRegistry {
  readonly folder: string
  readonly #keepFreeBytes: number
  readonly #db: Level<Uint8Array, Uint8Array>
  readonly #bases = new Map<string, BaseInfo>()
  /** Open copies, each with the window of blocks it read last. */
  readonly #copies = new Map<string, { fd: number, window: Uint8Array, first: number, blocks: number, last: number }>()
  readonly #blockHashes = new Map<string, Uint8Array>()
  /**
   * Which block hashes the index may hold (block-filter.ts), built at the
   * first lookup from every base's block hashes and grown as bases are
   * added: a lookup of a block no base holds then reads nothing. Null when
   * a base's hashes could not be read: every lookup reads the index.
   */
  #filter: BlockFilter | null | undefined

  private constructor (folder: string, keepFreeBytes: number, db: Level<Uint8Array, Uint8Array>) {
    this.folder = folder
    this.#keepFreeBytes = keepFreeBytes
    this.#db = db
  }

  static async open (init: BaseRegistryInit): Promise<BaseRegistry> {
    createFolder(init.folder)
    // Without CURRENT, LevelDB would start an empty index and delete its tables: every base forgotten, in silence.
    const owner = { what: 'the base index', orElse: registerAgain(init.folder) }
    refuseLostCurrent(join(init.folder, 'index'), owner)
    // LevelDB passes over a log it may not read, then deletes it: the bases registered in it forgotten.
    refuseUnreadableLogs(join(init.folder, 'index'), owner)
    refuseTablesOutOfReach(join(init.folder, 'index'), owner)
    const db = new Level<Uint8Array, Uint8Array>(join(init.folder, 'index'), { keyEncoding: 'view', valueEncoding: 'view' })
    try {
      await db.open()
    } catch (err) {
      const cause = (err as { cause?: Error }).cause ?? (err as Error)
      // A LOCK it may not open was said to be another process's (LevelDB's words for both start "IO error: lock").
      const code = (cause as NodeJS.ErrnoException).code
      if (deniedAccess(cause.message) || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
        throw new StoreAccessError(`cannot open the base index at ${init.folder}: ${cause.message}: the folder and its files must be readable and writable by the user running gdp (chown, chmod)`, { cause })
      }
      if (/lock/i.test(cause.message)) throw new StoreInUseError(`the base index at ${init.folder} is in use by another process (is the node running? use its control socket)`, { cause })
      const files = filesRefused(join(init.folder, 'index'), cause.message, owner, cause)
      if (files !== undefined) throw files
      throw new StoreOpenError(`cannot open the base index at ${init.folder}: ${cause.message}`, { cause })
    }
    const registry = new BaseRegistry(init.folder, init.keepFreeBytes ?? DISK_KEPT_FREE_BYTES, db)
    try {
      for await (const [key, value] of db.iterator({ gte: Buffer.from('b'), lt: Buffer.from('c') })) {
        const hash = key.subarray(1)
        const { size } = JSON.parse(Buffer.from(value).toString()) as { size: number }
        registry.#bases.set(bytesToHex(hash), { hash, size, blocks: Math.ceil(size / BLOCK_SIZE), path: registry.#copyPath(hash) })
      }
      for await (const [key, value] of db.iterator({ gte: Buffer.from('d'), lt: Buffer.from('e') })) {
        const info = registry.#bases.get(bytesToHex(key.subarray(1)))
        if (info !== undefined) info.damaged = JSON.parse(Buffer.from(value).toString()) as BaseDamage
      }
    } catch (err) {
      await db.close()
      throw registry.#damagedIndex('reading the bases registered', err)
    }
    registry.#removeLeftovers()
    // A copy gone, unreadable or replaced must not keep the node from starting: the base is marked damaged
    // (never offered), and 'gdp base add' of a good copy, or 'gdp base verify' once it is back, clears it.
    for (const info of registry.#bases.values()) {
      const damage = copyDamage(info)
      if (damage !== undefined) await registry.#markDamaged(info, damage)
    }
    return registry
  }

  #copyPath (hash: Uint8Array): string { return join(this.folder, bytesToHex(hash)) }

  /**
   * Removes what an add or a verify stopped part-way (kill -9) left: a copy
   * being made (`<hash>.partial`), a block list being rewritten
   * (`<hash>.blocks.partial`), and a block list of no copy and no base (an
   * add stopped before it renamed its copy). Nothing uses them, and a copy cut off took
   * the space of a whole image, for good. A whole copy whose base is not
   * recorded (an add stopped before its record, written last, or a record
   * lost with the index) is kept, and said: it may be the only copy left of
   * that image, and adding it registers it again. Run with the index open,
   * so no other process is adding a base meanwhile.
   */
  #removeLeftovers (): void {
    let files: string[]
    try {
      files = readdirSync(this.folder)
    } catch {
      return
    }
    for (const file of files) {
      const m = /^([0-9a-f]{64})(\.blocks)?(\.partial)?$/.exec(file)
      if (m === null || this.#bases.has(m[1]!) && m[3] === undefined) continue
      // A block list with neither a copy nor a record: its add stopped before it renamed the copy.
      const strayBlocks = m[2] !== undefined && m[3] === undefined && !files.includes(m[1]!)
      if (m[3] === undefined && !strayBlocks) {
        if (m[2] === undefined) log.error('%s is a copy of a base this node has no record of (an add stopped before it recorded it, or a damaged index lost the record): gdp base add %s registers it again', join(this.folder, file), join(this.folder, file))
        continue
      }
      try {
        rmSync(join(this.folder, file))
        log('removed %s, left by a base add or verify that was stopped part-way', file)
      } catch (err) {
        log.error('cannot remove %s, left by a base add or verify that was stopped part-way: %s', join(this.folder, file), (err as Error).message)
      }
    }
  }

  /**
   * A read of the index that failed (a table block whose checksum does not
   * hold, say), as an error naming the index and the way out: it was
   * LevelDB's bare "Corruption: block checksum mismatch" ("internal error"
   * at the start of a node; every send that looked up a block in that
   * block failed so).
   */
  #damagedIndex (what: string, err: unknown): StoreCorruptionError {
    let cause = err as Error
    while (cause.cause instanceof Error) cause = cause.cause
    return new StoreCorruptionError(`the base index at ${join(this.folder, 'index')} is damaged (${what}: LevelDB: ${cause.message}); ${registerAgain(this.folder)}`, { cause: err, namesWayOut: true })
  }

  /** Every registered base; one whose copy went, or was replaced, since it was last looked at is marked damaged first, so `gdp base list` says so. */
  list (): BaseInfo[] {
    const all = [...this.#bases.values()]
    for (const base of all) this.#stillUsable(base)
    return all
  }

  /** How many bases are registered, damaged ones included, without checking their copies (`list` opens each). */
  get count (): number { return this.#bases.size }

  /** Throws BaseDamagedError, naming what was found, for a base marked damaged or whose copy is no longer the base's file. */
  checkUsable (base: Uint8Array): void {
    const info = this.get(base)
    if (info !== undefined && !this.#stillUsable(info)) throw this.#damagedError(info)
  }

  /** The bases migrations may use: registered, not marked damaged, and their copy still a readable file of the base's size. */
  usable (): BaseInfo[] { return this.list().filter((b) => b.damaged === undefined) }

  /**
   * Whether a base not marked damaged still has its copy as registered (the
   * file may have gone, or been replaced, since): one that does not is
   * marked damaged here, so it is no longer offered or used.
   */
  #stillUsable (info: BaseInfo): boolean {
    if (info.damaged !== undefined) return false
    const damage = copyDamage(info)
    if (damage !== undefined) void this.#markDamaged(info, damage)
    return damage === undefined
  }

  get (hash: Uint8Array): BaseInfo | undefined { return this.#bases.get(bytesToHex(hash)) }

  /** A registered base by a hex prefix of its hash (at least 8 characters), for command lines. */
  find (prefix: string): BaseInfo {
    const digits = checkBasePrefix(prefix).toLowerCase()
    const found = [...this.#bases.values()].filter((b) => bytesToHex(b.hash).startsWith(digits))
    if (found.length !== 1) throw new InvalidArgumentError(found.length === 0 ? `no base registered on this node starts with ${prefix} ('gdp base list' shows them; 'gdp base add <file>' registers one)` : `${prefix} matches ${found.length} bases; give more digits`)
    return found[0]!
  }

  /**
   * Registers the file at `path`: copies it into the registry (a clone where
   * the file system can, else its blocks of zeros left as holes), hashes it
   * and indexes its non-zero blocks. Registering the same content again
   * returns the existing base. A base over MAX_BASE_BYTES, or one whose copy
   * would leave less than `keepFreeBytes` of the disk free, is refused.
   */
  async add (path: string): Promise<BaseInfo> {
    const opened = openRegularFile(path)
    // A device's size reads as 0 (it would register the empty base): only a file of the image's bytes is taken.
    if ('why' in opened) throw new InvalidArgumentError(`cannot register base image ${opened.why}`)
    const { fd, size } = opened
    try {
      checkBaseSize(path, size)
    } catch (err) {
      closeSync(fd)
      throw err
    }
    const whole = createHash('sha256')
    const blockHashes = new Uint8Array(Math.ceil(size / BLOCK_SIZE) * 32)
    const buffer = Buffer.alloc(READ_BYTES)
    let dataBlocks = 0
    try {
      for (let offset = 0; offset < size;) {
        const n = readSync(fd, buffer, 0, Math.min(READ_BYTES, size - offset), offset)
        if (n === 0) throw new FileChangedError(`${path} shrank while it was read`)
        whole.update(buffer.subarray(0, n))
        for (let at = 0; at < n; at += BLOCK_SIZE) {
          const block = buffer.subarray(at, Math.min(at + BLOCK_SIZE, n))
          blockHashes.set(paddedBlockHash(block), ((offset + at) / BLOCK_SIZE) * 32)
          // Counted as copySparse writes: a block of zeros stays a hole (a short last block is written).
          if (!isZeroBlock(block)) dataBlocks++
        }
        offset += n
      }
    } finally {
      closeSync(fd)
    }
    const hash = new Uint8Array(whole.digest())
    const existing = this.get(hash)
    // A copy gone or changed since it was last used is replaced like one already marked damaged.
    if (existing !== undefined && existing.damaged === undefined && copyDamage(existing) === undefined) return existing
    const target = this.#copyPath(hash)
    const partial = `${target}.partial`
    const cloned = cloneFile(path, partial)
    try {
      // A clone shares the source's blocks: only the block list and the index entries take room.
      this.#checkRoom(path, size, dataBlocks, cloned)
      if (!cloned) copySparse(path, partial, size)
    } catch (err) {
      rmSync(partial, { force: true })
      throw err
    }
    if (fstatSize(partial) !== size) { rmSync(partial); throw new FileChangedError(`${path} changed while it was registered`) }
    if (existing !== undefined) this.#clearCopyPath(target, partial)
    writeFileSync(`${target}.blocks`, blockHashes)
    renameSync(partial, target)
    if (existing !== undefined) {
      // A good copy of a base marked damaged: it replaces the damaged one (its name is its content's hash).
      this.#blockHashes.delete(bytesToHex(hash))
      this.#closeCopy(hash)
      await this.#db.del(damageKey(hash))
      delete existing.damaged
      log('base %s: the damaged copy was replaced by %s', bytesToHex(hash), path)
      return existing
    }
    await this.#index(hash, blockHashes)
    const info: BaseInfo = { hash, size, blocks: blockHashes.length / 32, path: target }
    // The base record goes last: a crash before it leaves index entries that name no base, which lookups skip.
    await this.#db.put(baseKey(hash), Buffer.from(JSON.stringify({ size, added: new Date().toISOString() })))
    this.#bases.set(bytesToHex(hash), info)
    const filter = this.#filter
    // Past its size a filter still answers right, with more false hits: built again larger at the next lookup.
    if (filter != null && filter.added + info.blocks > filter.capacity) this.#filter = undefined
    else if (filter != null) addBlocks(filter, blockHashes)
    return info
  }

  /**
   * Refuses an add whose copy, block list and index entries would leave less
   * than `keepFreeBytes` of the registry's disk free: the node's stores are
   * on that disk by default, and a store on a full disk cannot open again (a
   * base add that filled it kept the node from starting).
   */
  #checkRoom (path: string, size: number, dataBlocks: number, cloned: boolean): void {
    const blocks = Math.ceil(size / BLOCK_SIZE)
    // The index entries: a key and a location each, as LevelDB first logs them (its tables take about as much again, later).
    const needed = (cloned ? 0 : dataBlocks * BLOCK_SIZE) + blocks * BLOCK_HASH_LENGTH + dataBlocks * (1 + BLOCK_HASH_LENGTH + LOCATION_BYTES)
    const disk = statfsSync(this.folder)
    const free = disk.bavail * disk.bsize
    if (needed + this.#keepFreeBytes > free) {
      throw new StoreFullError(`cannot register base image ${path}: its copy (${dataBlocks} blocks of data${cloned ? ', cloned' : ''}), block list and index entries need ${mib(needed, true)} of ${this.folder}, whose disk has ${mib(free)} free, of which this node keeps ${mib(this.#keepFreeBytes, true)} free (migration_keep_free) so that its stores can open`)
    }
  }

  /**
   * Makes way for a good copy of a damaged base where its copy was replaced
   * by a folder, which a rename cannot replace: an empty one is removed, one
   * with files in it is left for the operator to move.
   */
  #clearCopyPath (target: string, partial: string): void {
    if (lstatSync(target, { throwIfNoEntry: false })?.isDirectory() !== true) return
    try {
      rmdirSync(target)
    } catch (err) {
      rmSync(partial)
      throw new FileAccessError(`cannot put the copy of the base at ${target}: a folder is there (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); move it away and run 'gdp base add' again`)
    }
  }

  async #index (base: Uint8Array, blockHashes: Uint8Array): Promise<void> {
    const STEP = 4096
    for (let first = 0; first * 32 < blockHashes.length; first += STEP) {
      const pending = new Map<string, { key: Uint8Array, locations: Uint8Array[] }>()
      const last = Math.min(blockHashes.length / 32, first + STEP)
      const keys: Uint8Array[] = []
      for (let b = first; b < last; b++) {
        const h = blockHashes.subarray(b * 32, b * 32 + 32)
        if (Buffer.from(h).equals(ZERO_BLOCK_HASH)) continue
        const id = bytesToHex(h)
        const location = new Uint8Array(LOCATION_BYTES)
        location.set(base, 0)
        new DataView(location.buffer).setBigUint64(32, BigInt(b))
        const entry = pending.get(id)
        if (entry === undefined) { pending.set(id, { key: blockKey(h), locations: [location] }); keys.push(blockKey(h)) } else if (entry.locations.length < LOCATIONS_PER_HASH) entry.locations.push(location)
      }
      const stored = await this.#db.getMany(keys).catch((err: unknown) => { throw this.#damagedIndex('adding a base', err) })
      const ops = keys.map((key, i) => {
        const entry = pending.get(bytesToHex(key.subarray(1)))!
        const before = stored[i] ?? new Uint8Array(0)
        const room = LOCATIONS_PER_HASH - before.length / LOCATION_BYTES
        return { type: 'put' as const, key, value: Buffer.concat([before, ...entry.locations.slice(0, Math.max(0, room))]) }
      })
      await this.#db.batch(ops)
    }
  }

  /** Where a block with this hash occurs in one of the bases `usable` accepts. */
  locate (blockHash: Uint8Array, usable: (base: Uint8Array) => boolean): BaseLocation | undefined {
    if (this.#blockFilter()?.mayHold(blockHash) === false) return undefined
    let value: Uint8Array | undefined
    try {
      value = this.#db.getSync(blockKey(blockHash))
    } catch (err) {
      throw this.#damagedIndex('looking up a block', err)
    }
    if (value === undefined) return undefined
    for (let at = 0; at + LOCATION_BYTES <= value.length; at += LOCATION_BYTES) {
      const base = value.subarray(at, at + 32)
      const info = this.get(base)
      if (info !== undefined && info.damaged === undefined && usable(base)) return { base, block: Number(new DataView(value.buffer, value.byteOffset + at + 32, 8).getBigUint64(0)) }
    }
    return undefined
  }

  /** SHA-256 of each block of a base, in order (32 bytes each). */
  blockHashes (base: Uint8Array): Uint8Array {
    const id = bytesToHex(base)
    let hashes = this.#blockHashes.get(id)
    if (hashes === undefined) {
      // Without its index no block of the base can be checked: the base is damaged, not the migration's folder.
      const info = this.get(base)
      const damage = info === undefined ? undefined : indexDamage(info)
      if (damage !== undefined) {
        void this.#markDamaged(info!, damage)
        throw this.#damagedError(info!)
      }
      hashes = this.#readBlockHashes(base)
      this.#blockHashes.set(id, hashes)
    }
    return hashes
  }

  /**
   * Bytes of memory the block lists of `bases` and of every base whose list
   * is held now take, each counted once: 32 bytes a block, what blockHashes
   * keeps of a base once it read its list (1 GiB for a base of 128 GiB).
   */
  blockHashBytes (bases: Uint8Array[] = []): number {
    const ids = new Set(this.#blockHashes.keys())
    for (const base of bases) ids.add(bytesToHex(base))
    let bytes = 0
    for (const id of ids) bytes += this.#blockHashes.get(id)?.length ?? (this.#bases.get(id)?.blocks ?? 0) * BLOCK_HASH_LENGTH
    return bytes
  }

  /** Lets go of the block lists held of every base but `bases` (a later use reads its list again). */
  keepBlockHashesOf (bases: Uint8Array[]): void {
    const kept = new Set(bases.map(bytesToHex))
    for (const id of [...this.#blockHashes.keys()]) if (!kept.has(id)) this.#blockHashes.delete(id)
  }

  #readBlockHashes (base: Uint8Array): Uint8Array {
    return new Uint8Array(readFileSync(`${this.#copyPath(base)}.blocks`))
  }

  /** The block index file as it is; a missing one is an empty index, every block of the copy then unmatched (and rebuilt if the copy is whole). */
  #readBlockHashesFromDisk (base: Uint8Array): Uint8Array {
    try {
      return this.#readBlockHashes(base)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Uint8Array(0)
      throw err
    }
  }

  /** The filter of the bases' block hashes, built now if it is not yet (read, not kept: a base's hashes are 1/128 of it). */
  #blockFilter (): BlockFilter | null {
    if (this.#filter !== undefined) return this.#filter
    const bases = [...this.#bases.values()]
    const filter = new BlockFilter(bases.reduce((n, b) => n + b.blocks, 0))
    try {
      for (const base of bases) addBlocks(filter, this.#blockHashes.get(bytesToHex(base.hash)) ?? this.#readBlockHashes(base.hash))
    } catch (err) {
      log.error('no filter of the bases\' blocks (every lookup reads the index): %s', (err as Error).message)
      this.#filter = null
      return null
    }
    this.#filter = filter
    return filter
  }

  /**
   * Reads block `block` of a base (zero-padded at the end of the file),
   * checked against its index: a block that does not match marks the base
   * damaged and throws BaseDamagedError, so what a migration builds from a
   * base is what the base was when it was registered. `check: false`
   * leaves the check to the caller (`checkBlock`), for a block that may
   * only be looked at: the sender's delta test reads many base blocks and
   * builds from few.
   */
  readBlock (base: Uint8Array, block: number, into: Uint8Array = new Uint8Array(BLOCK_SIZE), check = true): Uint8Array {
    const info = this.get(base)
    if (info === undefined) throw new InvalidArgumentError(`base ${bytesToHex(base)} is not registered here`)
    if (info.damaged !== undefined) throw this.#damagedError(info)
    if (block >= info.blocks) throw new InvalidArgumentError(`base ${bytesToHex(base)} has ${info.blocks} blocks, block ${block} was asked for`)
    const id = bytesToHex(base)
    let copy = this.#copies.get(id)
    if (copy === undefined) { copy = { fd: this.#openCopy(info), window: new Uint8Array(0), first: 0, blocks: 0, last: -1 }; this.#copies.set(id, copy) }
    if (block < copy.first || block >= copy.first + copy.blocks) {
      // Reading on from the last block asked for: a window in one read (a planner asks for blocks
      // in order, most of a window's); a jump: that block alone (dedup references land anywhere).
      const ahead = block > copy.last && block - copy.last <= WINDOW_BLOCKS
      const blocks = ahead ? Math.min(WINDOW_BLOCKS, info.blocks - block) : 1
      if (copy.window.length < blocks * BLOCK_SIZE) copy.window = new Uint8Array(blocks * BLOCK_SIZE)
      const n = readSync(copy.fd, copy.window, 0, blocks * BLOCK_SIZE, block * BLOCK_SIZE)
      copy.window.fill(0, n, blocks * BLOCK_SIZE)
      copy.first = block
      copy.blocks = blocks
    }
    copy.last = block
    const at = (block - copy.first) * BLOCK_SIZE
    into.set(copy.window.subarray(at, at + BLOCK_SIZE))
    // Checked on every use, from the window or not: what a migration builds from is what was registered.
    if (check) this.#checkBlock(info, block, into)
    return into
  }

  /** Opens a base's copy for reading; one that is not a readable file of the base's size marks the base damaged and throws BaseDamagedError. */
  #openCopy (info: BaseInfo): number {
    const opened = openRegularFile(info.path)
    let damage: BaseDamage | undefined
    if ('why' in opened) {
      damage = unreadableDamage(opened.why)
    } else {
      damage = sizeDamage(info, opened.size)
      if (damage === undefined) return opened.fd
      closeSync(opened.fd)
    }
    void this.#markDamaged(info, damage)
    throw this.#damagedError(info)
  }

  /** Checks a block read with `readBlock(..., false)` as readBlock would have. */
  checkBlock (base: Uint8Array, block: number, data: Uint8Array): void {
    const info = this.get(base)
    if (info === undefined) throw new InvalidArgumentError(`base ${bytesToHex(base)} is not registered here`)
    this.#checkBlock(info, block, data)
  }

  /**
   * Hashes an image seeded with a copy of the first `size` bytes of a base
   * (at `path`, already cut or extended to `size`) and checks it against the
   * base's index, block by block, without holding the event loop for long.
   * A block that does not match marks the base damaged and throws
   * BaseDamagedError; a last block the image cut short is not compared.
   * Blocks past the base's end must be zeros, as the sender plans them: a
   * seed that took bytes written past the end of the copy is found here.
   * Returns the image's block hashes. `signal` ends the check (the node is
   * stopping), throwing its reason.
   */
  async checkCopy (base: Uint8Array, path: string, size: number, signal?: AbortSignal): Promise<Uint8Array> {
    const info = this.get(base)
    if (info === undefined) throw new InvalidArgumentError(`base ${bytesToHex(base)} is not registered here`)
    if (info.damaged !== undefined) throw this.#damagedError(info)
    const compared = info.size <= size ? info.blocks : Math.floor(size / BLOCK_SIZE)
    const index = this.blockHashes(base)
    return await fileBlockHashes(path, size, (block, hash) => {
      if (block < compared && !equalBytes(hash, index.subarray(block * BLOCK_HASH_LENGTH, (block + 1) * BLOCK_HASH_LENGTH))) this.#reportMismatch(info, block, hash)
      if (block >= info.blocks && !equalBytes(hash, ZERO_BLOCK_HASH)) {
        void this.#markDamaged(info, { block, at: new Date().toISOString(), detail: `its copy ${info.path} holds bytes past the base's ${info.size}: block ${block} of an image seeded from it is not zeros` })
        throw this.#damagedError(info)
      }
    }, signal)
  }

  /**
   * Checks a base's copy in full: every block against its index and the
   * whole file against the base's name. A copy that is whole but whose
   * index is not gets its index rebuilt; a damaged copy is marked damaged
   * (unused until a good copy is added), a whole one is cleared. A copy
   * longer than the base is damaged too: a seed would take the extra bytes.
   * A copy that is missing, not a file or unreadable has no blocks to
   * count: the base is marked damaged and BaseDamagedError names the path.
   */
  async verify (base: Uint8Array): Promise<BaseVerification> {
    const info = this.get(base)
    if (info === undefined) throw new InvalidArgumentError(`base ${bytesToHex(base)} is not registered here`)
    const opened = openRegularFile(info.path)
    if ('why' in opened) {
      this.#closeCopy(base)
      await this.#markDamaged(info, unreadableDamage(opened.why))
      throw this.#damagedError(info)
    }
    closeSync(opened.fd)
    // The index as it is on disk, not as a migration cached it: damage to the file since then is what verify is for.
    const index = this.#readBlockHashesFromDisk(base)
    const rebuilt = new Uint8Array(info.blocks * 32)
    const whole = createHash('sha256')
    const bad: number[] = []
    let badBlocks = 0
    const file = await openFile(info.path, 'r')
    const buffer = Buffer.alloc(READ_BYTES)
    let copyBytes = 0
    try {
      copyBytes = (await file.stat()).size
      let offset = 0
      while (offset < info.size) {
        const { bytesRead } = await file.read(buffer, 0, Math.min(READ_BYTES, info.size - offset), offset)
        if (bytesRead === 0) break
        whole.update(buffer.subarray(0, bytesRead))
        for (let at = 0; at < bytesRead; at += BLOCK_SIZE) {
          const block = (offset + at) / BLOCK_SIZE
          const h = paddedBlockHash(buffer.subarray(at, Math.min(at + BLOCK_SIZE, bytesRead)))
          rebuilt.set(h, block * 32)
          if (!equalBytes(h, index.subarray(block * 32, block * 32 + 32))) {
            badBlocks++
            if (bad.length < BAD_BLOCKS_NAMED) bad.push(block)
          }
        }
        offset += bytesRead
      }
      // A copy cut short: the blocks past its end are missing, and bad (a last block it cut in half was compared above).
      for (let block = Math.ceil(offset / BLOCK_SIZE); block < info.blocks; block++) {
        badBlocks++
        if (bad.length < BAD_BLOCKS_NAMED) bad.push(block)
      }
    } finally {
      await file.close()
    }
    const prefixMatches = equalBytes(new Uint8Array(whole.digest()), base)
    const wholeMatches = prefixMatches && copyBytes === info.size
    let indexRebuilt = false
    if (prefixMatches && badBlocks > 0) {
      // The data is the base's (its hash is the name): the block index was what was damaged.
      writeFileSync(`${info.path}.blocks.partial`, rebuilt)
      renameSync(`${info.path}.blocks.partial`, `${info.path}.blocks`)
      indexRebuilt = true
      // A filter built from the damaged index could turn away blocks the base holds.
      this.#filter = undefined
    }
    // What was cached of the copy and its index may predate what was just read (a copy restored in place, or
    // replaced by a rename while a handle held the old file): the next use reads both as they are now.
    this.#blockHashes.delete(bytesToHex(base))
    this.#closeCopy(base)
    if (wholeMatches) {
      if (info.damaged !== undefined) await this.#db.del(damageKey(base))
      delete info.damaged
    } else {
      const block = bad[0] ?? Math.floor(info.size / BLOCK_SIZE)
      const sized = copyBytes === info.size ? '' : `the copy is ${copyBytes} bytes, not ${info.size}: `
      const why = badBlocks > 0
        ? `${badBlocks} of ${info.blocks} blocks do not match the index (first: ${bad.join(', ')})`
        : prefixMatches ? 'its bytes past the base\'s end would go into every image seeded from it (truncate it, or add a good copy)' : 'every block matches the index, but the whole copy does not hash to the base\'s name'
      await this.#markDamaged(info, { block, at: new Date().toISOString(), detail: sized + why })
    }
    return { hash: base, size: info.size, blocks: info.blocks, badBlocks, firstBadBlocks: bad, wholeMatches, indexRebuilt, damaged: !wholeMatches, ...(wholeMatches ? {} : { detail: info.damaged!.detail }), copyBytes }
  }

  #checkBlock (info: BaseInfo, block: number, data: Uint8Array): void {
    const found = paddedBlockHash(data)
    if (!equalBytes(found, this.blockHashes(info.hash).subarray(block * 32, block * 32 + 32))) this.#reportMismatch(info, block, found)
  }

  #reportMismatch (info: BaseInfo, block: number, found: Uint8Array): never {
    const expected = this.blockHashes(info.hash).subarray(block * 32, block * 32 + 32)
    void this.#markDamaged(info, { block, at: new Date().toISOString(), detail: `block ${block} (bytes ${block * BLOCK_SIZE} to ${(block + 1) * BLOCK_SIZE} of ${info.path}) hashes to ${bytesToHex(found)}, its index says ${bytesToHex(expected)}` })
    throw this.#damagedError(info)
  }

  /**
   * Marks a base damaged at once, here, and in the index (a write that fails
   * leaves it found again on next use); resolves once the index write ended.
   */
  async #markDamaged (info: BaseInfo, damage: BaseDamage): Promise<void> {
    info.damaged = damage
    log.error('base %s is damaged: %s', bytesToHex(info.hash), damage.detail)
    await this.#db.put(damageKey(info.hash), Buffer.from(JSON.stringify(damage))).catch((err: Error) => { log.error('cannot note that base %s is damaged: %s', bytesToHex(info.hash), err.message) })
  }

  #damagedError (info: BaseInfo): BaseDamagedError {
    const short = bytesToHex(info.hash).slice(0, 12)
    return new BaseDamagedError(`base ${bytesToHex(info.hash)} is damaged: ${info.damaged!.detail}; no migration uses it until 'gdp base verify ${short}' finds it whole or a good copy is registered with 'gdp base add'`)
  }

  #closeCopy (base: Uint8Array): void {
    const copy = this.#copies.get(bytesToHex(base))
    if (copy === undefined) return
    closeSync(copy.fd)
    this.#copies.delete(bytesToHex(base))
  }

  async close (): Promise<void> {
    for (const copy of this.#copies.values()) closeSync(copy.fd)
    this.#copies.clear()
    await this.#db.close()
  }
}

/**
 * Opens `path` for reading if it is a regular file, with its size; otherwise
 * says what is there. O_NONBLOCK: opening a pipe must not wait for a writer.
 */
function openRegularFile (path: string): { fd: number, size: number } | { why: string } {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    return { why: code === 'ENOENT' ? `${path}: there is no such file` : `${path}: it cannot be read (${code ?? (err as Error).message})` }
  }
  const stats = fstatSync(fd)
  if (stats.isFile()) return { fd, size: stats.size }
  closeSync(fd)
  return { why: `${path}: it is ${fileKind(stats)}, not a regular file` }
}

function fileKind (stats: Stats): string {
  if (stats.isDirectory()) return 'a folder'
  if (stats.isBlockDevice()) return 'a block device'
  if (stats.isCharacterDevice()) return 'a character device'
  if (stats.isFIFO()) return 'a pipe'
  if (stats.isSocket()) return 'a socket'
  return 'not a file'
}

const unreadableDamage = (why: string): BaseDamage => ({ block: 0, at: new Date().toISOString(), detail: `its copy ${why}` })

/** A copy whose size is not the base's: cut short, or with bytes past the end that a seed would take in. */
function sizeDamage (info: BaseInfo, size: number): BaseDamage | undefined {
  if (size === info.size) return undefined
  return { block: Math.floor(Math.min(size, info.size) / BLOCK_SIZE), at: new Date().toISOString(), detail: `its copy ${info.path} is ${size} bytes, not the base's ${info.size}` }
}

/** Why a base's copy, or its block index, can no longer serve as the base, if it cannot. */
function copyDamage (info: BaseInfo): BaseDamage | undefined {
  const opened = openRegularFile(info.path)
  if ('why' in opened) return unreadableDamage(opened.why)
  closeSync(opened.fd)
  return sizeDamage(info, opened.size) ?? indexDamage(info)
}

/**
 * A block index (`<hash>.blocks`) gone, not a file, or not 32 bytes a
 * block: no block read from the copy can be checked against it ('gdp base
 * verify' rebuilds it from a whole copy).
 */
function indexDamage (info: BaseInfo): BaseDamage | undefined {
  const path = `${info.path}.blocks`
  const expected = info.blocks * BLOCK_HASH_LENGTH
  const stats = statSync(path, { throwIfNoEntry: false })
  const why = stats === undefined
    ? 'is missing'
    : !stats.isFile() ? `is ${fileKind(stats)}, not a regular file` : stats.size !== expected ? `is ${stats.size} bytes, not ${expected} (32 a block)` : undefined
  return why === undefined ? undefined : { block: 0, at: new Date().toISOString(), detail: `its block index ${path} ${why}` }
}

/** Refuses a base over MAX_BASE_BYTES, naming the limit. */
export function checkBaseSize (path: string, size: number): void {
  if (size > MAX_BASE_BYTES) throw new InvalidArgumentError(`cannot register base image ${path}: it is ${size} bytes, over the limit of ${MAX_BASE_BYTES} bytes (128 GiB) a base may have`)
}

/** Makes `to` a clone of `from` (sharing its blocks) where the file system can; false where it cannot. */
function cloneFile (from: string, to: string): boolean {
  try {
    copyFileSync(from, to, constants.COPYFILE_FICLONE_FORCE)
    return true
  } catch {
    // No clone here (another file system, or none of clones): copySparse copies it, and says what fails to read or write.
    return false
  }
}

/**
 * Copies the first `size` bytes of `from` to `to`, leaving each 4 KiB block
 * of zeros a hole: a sparse image (most of a fresh disk image is) takes on
 * disk what its data takes, not its size.
 */
function copySparse (from: string, to: string, size: number): void {
  const input = openSync(from, 'r')
  try {
    const output = openSync(to, 'w')
    try {
      const buffer = Buffer.alloc(READ_BYTES)
      for (let offset = 0; offset < size;) {
        const n = readSync(input, buffer, 0, Math.min(READ_BYTES, size - offset), offset)
        if (n === 0) break
        for (let at = 0; at < n; at += BLOCK_SIZE) {
          const block = buffer.subarray(at, Math.min(at + BLOCK_SIZE, n))
          if (!isZeroBlock(block)) writeSync(output, block, 0, block.length, offset + at)
        }
        offset += n
      }
      ftruncateSync(output, size)
    } finally {
      closeSync(output)
    }
  } finally {
    closeSync(input)
  }
}

function fstatSize (path: string): number {
  const fd = openSync(path, 'r')
  try { return fstatSync(fd).size } finally { closeSync(fd) }
}

/** Adds a base's non-zero blocks (those the index holds) to a filter. */
function addBlocks (filter: BlockFilter, blockHashes: Uint8Array): void {
  for (let at = 0; at + BLOCK_HASH_LENGTH <= blockHashes.length; at += BLOCK_HASH_LENGTH) {
    const hash = blockHashes.subarray(at, at + BLOCK_HASH_LENGTH)
    if (!equalBytes(hash, ZERO_BLOCK_HASH)) filter.add(hash)
  }
}

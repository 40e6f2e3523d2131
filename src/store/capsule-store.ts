import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { decodeSignedMetadata, encodeSignedMetadata } from '../capsule/codec.js'
import { decodeSignedDeletion } from '../capsule/deletion.js'
import { verifySignedMetadata } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import type { CapsuleRecord, SignedHeartbeat, SignedMetadata } from '../capsule/types.js'
import { logger } from '@libp2p/logger'
import { CapsuleDeletedError, CapsuleNotFoundError, ChainMismatchError, GdpError, InvalidArgumentError, StoreClosedError, StoreCorruptionError, StoreFullError, StoreRegressionError, StoreWriteError } from '../errors.js'
import { equalBytes } from '../crypto/hash.js'
import { ChangeLog } from './change-log.js'
import { type Claim, Evidence, EVIDENCE_FILE } from './evidence.js'
import { capsuleRanges, delegationKey, delegationRange, forkProofKey, tombstoneKey, replicaSetKey, replicaSetRange, ownerUsageKey, ownerUsageRange, readUint64, tableRange, tablesRange, uint64Value, FORMAT_KEY, DROPPING_KV_INDEXES_KEY, OWNER_COUNTS_WHOLE_KEY, metadataKey, metadataRange, nameOfMetadataKey, STORE_FORMAT } from './layout.js'
import { CapsuleRows } from './capsule-rows.js'
import { REPAIR_MARKER, refuseRepairMarkerFolder, StoreDb, type CurrentOwner, type WriteOp } from './level-db.js'
import { StoredCapsule, type CapsuleDamage, type CapsuleRepair, type StoredCapsuleComponents } from './stored-capsule.js'
import { TileCache } from './tiles.js'
import { type KeyListing, rowsOfDeleted, TombstoneWalk } from './tombstone-walk.js'
import { WriteQueue, type StoreFull } from './write-queue.js'

const log = logger('gdp:store')

/**
 * A capsule's one-row tables written beside its records, by other parts of
 * the server and at any time (a set change, a create's delegation, a fork
 * found): such a write can land after the capsule's deletion, and its row
 * then stayed on disk (see #putBeside).
 */
const ROWS_BESIDE = [replicaSetKey, delegationKey, forkProofKey] as const

/**
 * The tables dropOrphanRows walks beside the tombstones for rows of capsules
 * deleted here: those written beside a capsule (but its delegation, which
 * the listing of delegations drops) and those derived from its records,
 * which versions before wrote after a deletion had listed the capsule's rows
 * (a look-up by hash, an index catching up), left on disk for good. The
 * hash index's count before its rows, as a drop of derived indexes goes.
 */
const ORPHANS = [
  { what: 'replica set', listing: 'replica sets', range: replicaSetRange() },
  { what: 'fork proof', listing: 'fork proofs', range: tablesRange('forkProof') },
  { what: 'hash index position', listing: 'hash index positions', range: tablesRange('hashIndexed') },
  { what: 'hash index', listing: 'hash indexes', range: tablesRange('hashes') },
  { what: 'key-value index', listing: 'key-value indexes', range: tablesRange('kvIndex') }
] as const

/**
 * An owner's count of the payload bytes its capsules hold here (a server's
 * byte quota). `countAgain`: the count is short, a capsule of the owner's
 * counted as nothing (it could not be read): saved as a row of no count, read
 * as one to count again from the capsules at the next start, so the capsule
 * is counted once it reads again there too (saved as a count, it was read
 * as whole, and the capsule stayed uncounted for good).
 */
export interface OwnerUsage { owner: Uint8Array, bytes: number, countAgain?: boolean }

/** The write saving an owner's byte count: a count of 0 removes the owner's row (an owner whose capsules all went leaves nothing). */
const ownerUsageOp = ({ owner, bytes, countAgain = false }: OwnerUsage): WriteOp => countAgain
  ? { type: 'put', key: ownerUsageKey(owner), value: new Uint8Array(0) }
  : bytes === 0 ? { type: 'del', key: ownerUsageKey(owner) } : { type: 'put', key: ownerUsageKey(owner), value: uint64Value(bytes) }

/** What dropOrphanRows drops of a capsule ('replica set', 'hash index', ...). */
export type OrphanRow = typeof ORPHANS[number]['what']

/**
 * How a capsule's name is refused, from its tombstone: empty when it
 * expired; else the owner's signed order (carried by the error, so a peer
 * replica that missed it can apply it), which names a server when it only
 * took that server (this one) off the capsule's replicas, as a move away
 * does: the capsule lives on elsewhere, and saying its owner deleted it
 * would send its reader looking for a capsule that is gone.
 */
function deletedError (name: Uint8Array, tombstone: Uint8Array): CapsuleDeletedError {
  return new CapsuleDeletedError(deletedMessage(name, tombstone), tombstone.length === 0 ? undefined : tombstone)
}

function deletedMessage (name: Uint8Array, tombstone: Uint8Array): string {
  if (tombstone.length === 0) return `capsule ${formatName(name)} was deleted when it expired; its name is not used again`
  let server: Uint8Array | undefined
  try {
    server = decodeSignedDeletion(tombstone).deletion.server
  } catch {
    // An order that no longer decodes still refuses the name; it cannot say which it was.
    return `capsule ${formatName(name)} was deleted here by its owner's order, or this server was taken off its replicas; this server does not take that name again`
  }
  if (server === undefined) return `capsule ${formatName(name)} was deleted by its owner; its name is not used again`
  return `capsule ${formatName(name)}: its copy on this server was deleted by its owner's order taking this server off its replicas (a move away, or a replica removed); ` +
    'the capsule lives on at its other replicas, and this server does not take it back: place it on a server it was never taken off'
}

export interface CapsuleStoreInit {
  /** Folder of the LevelDB database; created if no store is there (an existing one is never created afresh). */
  path: string
  /**
   * fsync every write, so acknowledged appends survive power loss, not only
   * a killed process. Concurrent appends share one fsync (group commit).
   * @default false
   */
  sync?: boolean
  /**
   * Full Merkle tiles kept in memory for proofs (about 1 KiB each).
   * @default 4096
   */
  tileCacheSize?: number
  /**
   * Capsules the store keeps open once used, the most recently used (2 to
   * 7 KiB of memory each). One used less lately is let go of: opened again
   * when asked for, as the very instance still held elsewhere if it is.
   * @default 10000
   */
  openCapsules?: number
  /**
   * How errors name this store, and the way out of a damaged one besides a
   * backup (a lost or damaged CURRENT, a damaged MANIFEST).
   * @default the node's store, whose other way out (gdp store repair) the command line names with its data folder
   */
  owner?: CurrentOwner
  /** The open of `gdp store repair` itself (salvageStore), which goes on with a repair that REPAIR_MARKER says did not finish. */
  repairing?: boolean
}

/** A metadata row gone from a capsule the store acknowledged with `size` records, in words. */
const lostMetadataFault = (size: number): string => `its metadata row is gone, and the store acknowledged it with ${size} records: LevelDB lost a write it had completed`

/** A stored metadata row of capsule `name`, checked (it decodes, the owner signed it, it hashes to the name), or what is wrong with it. */
function metadataOf (name: Uint8Array, value: Uint8Array): SignedMetadata | string {
  try {
    const signed = decodeSignedMetadata(value)
    if (formatName(verifySignedMetadata(signed)) !== formatName(name)) throw new Error('it belongs to another capsule')
    return signed
  } catch (err) {
    return `stored metadata is invalid: ${(err as Error).message}`
  }
}

/** A capsule kept open by the store: `capsule` once it opened. */
interface OpenCapsule { opening: Promise<StoredCapsule>, capsule?: StoredCapsule }

/** The LevelDB store of DataCapsules: metadata, records, Merkle tiles and heartbeats. */
export class CapsuleStore {
  readonly path: string
  readonly sync: boolean
  readonly #db: StoreDb
  readonly #evidence: Evidence
  readonly #writes: WriteQueue
  readonly #tiles: TileCache
  /** Capsules whose listing changed lately, for a peer's anti-entropy (ChangeLog). */
  readonly changes = new ChangeLog()
  /** Capsules opened or opening, kept open, by name; the least recently used first (`openCapsules` at most, save those still opening). */
  readonly #open = new Map<string, OpenCapsule>()
  readonly #openCapsules: number
  /**
   * Capsules the store let go of, which may still be held elsewhere (a
   * subscription, a write in flight, a key-value index): asked for again,
   * the one still held is the one served. Two instances of one capsule
   * would each take appends from their own tip, and fork it on disk. With
   * each, its size (for listings): about 200 bytes.
   */
  readonly #letGo = new Map<string, { held: WeakRef<StoredCapsule>, size: number }>()
  /** Capsules with readers waiting for records (waitForSize): held open until those are answered, so that the appends waking them reach the same instance. */
  readonly #waitedOn = new Set<StoredCapsule>()
  /** Capsules that went backwards, opened to fetch what they lost (behind()), by name; capsule() takes one over once it holds that. */
  readonly #behind = new Map<string, Promise<StoredCapsule>>()
  /**
   * Capsules whose last open failed, by name: their listing changed once,
   * when they first failed, and changes again when one opens. Each failed
   * open noted a change, so every peer's anti-entropy round saw the capsule
   * unlisted anew and asked about it, which opened it here again, for as
   * long as the damage stayed.
   */
  readonly #unopened = new Set<string>()
  #closed = false

  /** How LevelDB dropped part of its log, as the store noted it (DROPPING_KV_INDEXES_KEY), if that was not dealt with before this open. */
  readonly #logDrop: string | undefined
  /** Whether the log says already that deleted capsules' rows are not compacted away, for a damaged table (StoreDb.compactRange). */
  #compactionHeldSaid = false
  /** Blocks LevelDB could not read: holding the store's own rows (its format, its note of a log drop: written again, bookkeepingRow), or passed over by a listing (#listing). */
  readonly #blockDamage: string[]

  private constructor (init: CapsuleStoreInit, db: StoreDb, evidence: Evidence, logDrop: string | undefined, blockDamage: string[], ownerCountsWhole: boolean) {
    this.path = init.path
    this.#logDrop = logDrop
    this.#blockDamage = blockDamage
    this.sync = init.sync ?? false
    this.#db = db
    this.#evidence = evidence
    this.#writes = new WriteQueue(db, this.sync, evidence)
    if (ownerCountsWhole) this.#writes.withNextNewData([{ type: 'del', key: OWNER_COUNTS_WHOLE_KEY }])
    this.#tiles = new TileCache(init.tileCacheSize ?? 4096)
    this.#openCapsules = init.openCapsules ?? 10_000
    if (!Number.isSafeInteger(this.#openCapsules) || this.#openCapsules < 1) throw new InvalidArgumentError(`a store keeps a positive whole number of capsules open, not ${init.openCapsules}`)
  }

  /**
   * Damage this open found and dealt with, for the node's status: the
   * evidence file's (what was dropped, where the damaged copy is), and
   * LevelDB's dropping part of its log (every key-value index rebuilt), at
   * this open or at one before it that did not finish dealing with it.
   * A drop at a reopen after a failed write is said too: it is dealt with
   * at the next open.
   */
  get damageAtOpen (): string[] {
    const reopen = this.#db.droppedAtReopen
    return [
      this.#evidence.damage,
      this.#logDrop === undefined ? undefined : `LevelDB dropped part of its log ${this.#logDrop}: every key-value index and hash index is rebuilt from the records`,
      reopen === undefined ? undefined : `LevelDB dropped part of its log when the store was reopened after a failed write (${reopen}): every key-value index and hash index is rebuilt from the records at the next start`
    ].filter((d): d is string => d !== undefined)
  }

  /**
   * Blocks LevelDB could not read that the store's own rows, a listing or
   * a capsule's read met, from the open on, for the node's status: not
   * dealt with, as damageAtOpen's is; the capsules with rows there are
   * refused, and 'gdp store repair' mends them. A table a capsule's read
   * met is said by its name, once: such a read (a peer replica's fetch at
   * each anti-entropy round, say) was said in no status, only in the
   * repair's failures and the log.
   */
  get damagedBlocks (): string[] {
    const said = [...this.#blockDamage]
    for (const table of this.#db.damagedTables) {
      if (said.length >= MAX_BLOCK_DAMAGE_SAID) break
      if (!said.some((s) => s.includes(`table ${table}`))) said.push(`a read met a block LevelDB cannot read in table ${table} (store at ${this.path}): the capsules with rows in it are refused as damaged until a replica's copy repairs them, and the table is not compacted until a store repair (with no node running on the store) mends the store`)
    }
    return said
  }

  /** See WriteQueue.stats. */
  get writeStats (): { requests: number, batches: number } { return this.#writes.stats }

  /** See WriteQueue.full: whether new data is being refused for want of room. */
  get full (): StoreFull | undefined { return this.#writes.full }

  static async open (init: CapsuleStoreInit): Promise<CapsuleStore> {
    refuseRepairMarkerFolder(init.path)
    if (init.repairing !== true && existsSync(join(init.path, REPAIR_MARKER))) {
      throw new StoreCorruptionError(`a store repair of the store at ${init.path} was stopped before it finished (or runs still): ${join(init.path, REPAIR_MARKER)} says so. ` +
        'Rows LevelDB\'s repair dropped may still be answered as absent by the indexes derived from them, and not every capsule was checked: run the store repair again (with no node running on the store), which finishes it')
    }
    // Made by a store (it writes the file as it first opens): a store whose format entry is unreadable is still one.
    const isStore = existsSync(join(init.path, EVIDENCE_FILE))
    const db = await StoreDb.open(init.path, init.owner)
    let logDrop: string | undefined
    let ownerCountsWhole = false
    let evidence: Evidence
    const blockDamage: string[] = []
    try {
      const format = await bookkeepingRow(db, FORMAT_KEY, isStore, blockDamage)
      if (format === undefined || format === UNREADABLE) {
        await db.put(FORMAT_KEY, new Uint8Array(Buffer.from(STORE_FORMAT)), { sync: init.sync ?? false })
      } else if (Buffer.from(format).toString() !== STORE_FORMAT) {
        throw new StoreCorruptionError(`the database at ${init.path} is not a ${STORE_FORMAT} store (found '${Buffer.from(format).toString()}')`)
      }
      // Noted by StoreDb at this open or one before it (a drop not dealt with yet), before anything else was written.
      // Unreadable, it may have said so: taken as a drop, which costs only the rebuilding of the derived indexes.
      const noted = await bookkeepingRow(db, DROPPING_KV_INDEXES_KEY, isStore, blockDamage)
      logDrop = noted === undefined
        ? undefined
        : noted === UNREADABLE
          ? '(or may have: the store\'s note of whether it did is in a damaged block, so it is taken as having done so)'
          : noted.length === 0 ? 'at an earlier open, whose drop did not finish' : Buffer.from(noted).toString()
      if (logDrop !== undefined) await dropDerivedIndexes(db, logDrop, blockDamage)
      const whole = await bookkeepingRow(db, OWNER_COUNTS_WHOLE_KEY, isStore, blockDamage)
      ownerCountsWhole = whole !== undefined && whole !== UNREADABLE
      evidence = Evidence.open(init.path, init.sync ?? false)
    } catch (err) {
      await db.close()
      throw err
    }
    const store = new CapsuleStore(init, db, evidence, logDrop, blockDamage, ownerCountsWhole)
    if (logDrop === undefined) return store
    try {
      // A count's latest save may have gone with the drop while the records it counted stayed: it was left too low.
      await store.recountOwnerUsage()
      // Dealt with: the row goes last, so an open stopped before this point deals with it again.
      await db.batch([{ type: 'del', key: DROPPING_KV_INDEXES_KEY }], { sync: true })
    } catch (err) {
      await store.close()
      throw err
    }
    return store
  }

  #check (): void {
    if (this.#closed) throw new StoreClosedError(`the store at ${this.path} is closed`)
  }

  /**
   * Adds a capsule from its owner-signed metadata; returns it. Adding one
   * that already exists returns the stored one.
   */
  async create (signed: SignedMetadata): Promise<StoredCapsule> {
    this.#check()
    const name = verifySignedMetadata(signed)
    // Taken before the read (see #lost).
    const claim = this.#evidence.get(name)
    if (await this.#db.get(metadataKey(name)) === undefined) {
      await this.#refuseDeleted(name)
      const lost = this.#lost(name, claim)
      if (lost !== undefined) throw lost
      // Claimed with size 0: a capsule whose metadata is lost later is then missed, not unknown.
      await this.#writes.write([{ type: 'put', key: metadataKey(name), value: encodeSignedMetadata(signed) }], { claim: { name, size: 0, heartbeatHash: new Uint8Array(32) }, newData: true })
      this.changes.note(formatName(name))
    }
    return await this.capsule(name).catch(async (err: unknown) => {
      // An open that found no metadata before this create wrote it (a read of the capsule racing its create) fails
      // for every caller that joined it, and it was let go of: this create opens the capsule again, as it now is.
      if (!(err instanceof CapsuleNotFoundError) || err instanceof CapsuleDeletedError) throw err
      return await this.capsule(name)
    })
  }

  /**
   * Deletes a capsule: every row it has goes, in one batch with its
   * tombstone (`tombstone`: the owner's encoded deletion, or empty for a
   * capsule that expired), after every write queued before. The caller makes
   * sure no append to it is queued after. Compaction then frees the space,
   * in the background. A deletion refused as not known to be written (its
   * write failed, and the reopen after it too) is settled by the next reopen
   * that works: `writtenLater` is called then if the store holds it, for the
   * caller to forget the capsule as it does once this resolves.
   * `ownerUsage`: its owner's byte count without it, saved in the same
   * batch (putOwnerUsage): saved after, a kill -9 between the two kept the
   * capsule's bytes counted against its owner's quota for good. Asked for
   * as the batch goes to LevelDB, not before: the count then is the one
   * written (an append of the owner's stored while the deletion waited
   * its turn is in it). `ownerUsageFailed`: called as the batch fails, to
   * undo what `ownerUsage` did, before any later write is built
   * (WriteOptions.atWriteFailed). `whenFinal`: called once the capsule
   * takes no more appends and those queued before are written, before its
   * rows are listed: what it holds then is what the deletion removes (its
   * bytes counted before, an append stored in between stayed counted).
   */
  async delete (name: Uint8Array, tombstone: Uint8Array, { writtenLater = () => {}, ownerUsage, ownerUsageFailed, whenFinal }: { writtenLater?: () => void, ownerUsage?: () => OwnerUsage, ownerUsageFailed?: () => void, whenFinal?: () => Promise<void> } = {}): Promise<void> {
    this.#check()
    const refusal = deletedError(name, tombstone)
    const marked = new Set<StoredCapsule>()
    // Each once: a mark is undone once (unmarkDeleted counts them, for deletions that overlap).
    const mark = (capsule: StoredCapsule | undefined): void => {
      if (capsule === undefined || marked.has(capsule)) return
      capsule.markDeleted(refusal)
      marked.add(capsule)
    }
    mark(this.#damaged.get(formatName(name)))
    for (const open of [this.#open.get(formatName(name))?.opening, this.#behind.get(formatName(name))]) if (open !== undefined) mark(await open.catch(() => undefined))
    mark(this.#letGo.get(formatName(name))?.held.deref())
    try {
      await this.#deleteRows(name, tombstone, { ownerUsage, ownerUsageFailed, whenFinal })
    } catch (err) {
      await this.#failedDeletion(name, marked, err as Error, writtenLater)
      log('the write deleting capsule %s failed, and LevelDB had logged it all the same: the store reopened after the failure holds the deletion (%s)', formatName(name), (err as Error).message)
    }
    this.#deletionWritten(name, marked)
  }

  /**
   * After a deletion's write failed: whether it is on disk all the same.
   * A write can fail after LevelDB logged it (a failed sync, an error after
   * the log write), and comes back as the store is reopened for the next
   * write (WriteQueue.heal). Returns once the reopened store holds the
   * tombstone; throws where it does not (the capsule goes on as it was,
   * rather than refuse every append as deleted until a restart, when it was
   * back), and where the store cannot be reopened yet: the capsule then
   * takes no appends until a reopen settles it, one way or the other.
   */
  async #failedDeletion (name: Uint8Array, marked: Set<StoredCapsule>, err: Error, writtenLater: () => void): Promise<void> {
    const written = async (): Promise<boolean> => await this.#db.get(tombstoneKey(name)) !== undefined
    try {
      await this.#writes.heal()
    } catch (healing) {
      this.#writes.afterHeal(async () => {
        if (await written()) {
          this.#deletionWritten(name, marked)
          writtenLater()
        } else for (const capsule of marked) capsule.unmarkDeleted()
      })
      const Failure = err instanceof StoreFullError ? StoreFullError : StoreWriteError
      throw new Failure(`deleting capsule ${formatName(name)} failed: ${err.message}; whether LevelDB logged the deletion before failing is known once the store is reopened, which failed too (${(healing as Error).message}): until then the capsule takes no appends, and it is deleted or not as the reopened store says`, { cause: err })
    }
    if (await written()) return
    for (const capsule of marked) capsule.unmarkDeleted()
    throw err
  }

  /** Capsule `name`'s deletion is on disk: the capsule instances `marked` and the store's state follow it. */
  #deletionWritten (name: Uint8Array, marked: Set<StoredCapsule>): void {
    for (const capsule of marked) capsule.deletionWritten()
    // Its tombstone refuses the name from now on: what the store acknowledged of it no longer matters.
    this.#evidence.forget(name)
    this.#open.delete(formatName(name))
    this.#letGo.delete(formatName(name))
    this.#behind.delete(formatName(name))
    this.#unopened.delete(formatName(name))
    this.changes.note(formatName(name))
    this.#toCompact.push(name)
    this.#compacting ??= this.#compactDeleted().finally(() => { this.#compacting = undefined })
  }

  /** Deletes every row of capsule `name` in one write, with its tombstone and its owner's new byte count (delete). */
  async #deleteRows (name: Uint8Array, tombstone: Uint8Array, { ownerUsage, ownerUsageFailed, whenFinal }: { ownerUsage?: () => OwnerUsage, ownerUsageFailed?: () => void, whenFinal?: () => Promise<void> }): Promise<void> {
    // Rows of appends already queued are written before they are listed here.
    await this.#writes.write([])
    await whenFinal?.()
    // Rows still in LevelDB's memtable would be flushed into one table with their deletions, at a level no
    // range compaction rewrites, and never freed. A compaction flushes the memtable first: the deletions then land above them.
    // Only the flush: a compaction of the capsule's first range read the tables its rows are in, a damaged one
    // among them, and LevelDB refused every write from then on.
    await this.#db.flushMemtable()
    const ops: WriteOp[] = []
    // Past a block LevelDB cannot read: its rows stay (unreadable, and gone with 'gdp store repair'), the tombstone
    // refuses the name all the same. One such block threw here, and stopped the expiry of every capsule after it.
    const unreadable = (err: StoreCorruptionError): void => { this.#sayBlockDamage(`deleting capsule ${formatName(name)} passed over a block LevelDB cannot read, and its rows there: ${err.message}`) }
    for (const range of capsuleRanges(name)) for await (const key of this.#db.keysPast(range, unreadable)) ops.push({ type: 'del', key })
    // Its rows beside by name too: one queued after the listing above (#putBeside) is written before this batch.
    for (const keyOf of ROWS_BESIDE) ops.push({ type: 'del', key: keyOf(name) })
    ops.push({ type: 'put', key: tombstoneKey(name), value: tombstone })
    await this.#writes.write(ops, ownerUsage === undefined ? {} : { opsAtWrite: () => [ownerUsageOp(ownerUsage())], atWriteFailed: ownerUsageFailed })
  }

  /**
   * Deleted capsules whose space is yet to be given back, in the order they
   * were deleted. Their names, not their key ranges: queued as ranges (a
   * dozen objects a capsule), 100,000 deletions waiting for their
   * compactions, as an expiry pass leaves them, took 830 MB; as names, 57.
   */
  readonly #toCompact: Uint8Array[] = []
  /** The compactions of #toCompact under way, one at a time; undefined when none is. */
  #compacting: Promise<void> | undefined

  /**
   * Compacts the ranges of deleted capsules one after another, in the
   * background. Started all at once (ten ranges a capsule), they made every
   * deletion wait behind the others' compactions: an expiry pass over 10,000
   * capsules deleted 3.5 a second, and took 48 minutes (about 2 ms a
   * deletion now, its compactions after it).
   */
  async #compactDeleted (): Promise<void> {
    while (!this.#closed) {
      const name = this.#toCompact.shift()
      if (name === undefined) return
      for (const range of capsuleRanges(name)) {
        if (this.#closed) return
        try {
          const damaged = await this.#db.compactRange(range.gte, range.lt)
          if (damaged !== undefined) {
            if (!this.#compactionHeldSaid) log.error('the rows of deleted capsules keep their space: the store compacts nothing while table %s holds a block LevelDB cannot read (a compaction reaching it would fail, and LevelDB refuse every write); a store repair, with no node running on the store, mends it', damaged)
            this.#compactionHeldSaid = true
            this.#toCompact.length = 0
            return
          }
        } catch (err) {
          if (!this.#closed) log('compacting after deleting %s failed: %s', formatName(name), (err as Error).message)
        }
      }
    }
  }

  /** The tombstone of a deleted capsule (the owner's encoded deletion, or empty if it expired), or undefined. */
  async tombstone (name: Uint8Array): Promise<Uint8Array | undefined> {
    this.#check()
    return await this.#db.get(tombstoneKey(name))
  }

  async has (name: Uint8Array): Promise<boolean> {
    this.#check()
    return await this.#db.get(metadataKey(name)) !== undefined
  }

  /** Opens a capsule, checking its stored state once per store session. */
  async capsule (name: Uint8Array): Promise<StoredCapsule> {
    this.#check()
    const id = formatName(name)
    let open = this.#open.get(id)
    if (open !== undefined) {
      // Used again: the last to be let go of.
      this.#open.delete(id)
      this.#open.set(id, open)
      return await open.opening
    }
    const held = this.#letGo.get(id)?.held.deref()
    this.#letGo.delete(id)
    if (held !== undefined) {
      open = { opening: Promise.resolve(held), capsule: held }
    } else {
      const opening = this.#openCapsule(name)
      const opened: OpenCapsule = open = { opening }
      opening.then((capsule) => {
        opened.capsule = capsule
        // Served again (repaired): listed again.
        if (this.#unopened.delete(id)) this.changes.note(id)
      }, () => {
        if (this.#open.get(id) === opened) this.#open.delete(id)
        // Not served: a listing leaves it out from now on.
        if (!this.#unopened.has(id)) this.changes.note(id)
        this.#unopened.add(id)
      })
    }
    this.#open.set(id, open)
    this.#letGoOfLeastUsed()
    return await open.opening
  }

  /**
   * Lets go of the capsules used least lately past `openCapsules` (those
   * still opening stay): a listing opens every capsule of the store, and
   * kept open, 100,000 capsules held 200 to 700 MB.
   */
  #letGoOfLeastUsed (): void {
    for (const [id, open] of this.#open) {
      if (this.#open.size <= this.#openCapsules) return
      if (open.capsule === undefined) continue
      this.#open.delete(id)
      this.#letGo.set(id, { held: new WeakRef(open.capsule), size: open.capsule.size })
    }
  }

  /** A capsule's size changed: its listing did, and if the store let go of it while it was held elsewhere, the size noted then. */
  readonly #resized = (capsule: StoredCapsule): void => {
    const id = formatName(capsule.name)
    this.changes.note(id)
    const letGo = this.#letGo.get(id)
    if (letGo !== undefined) letGo.size = capsule.size
  }

  /**
   * The size a listing shows of a capsule as served: of one let go of, the
   * size it had last (only an instance the store opened changes it), rather
   * than opening it again (about a millisecond each, its metadata signature
   * and last heartbeat checked: a listing of 100,000 capsules let go of took
   * 100 s).
   * Throws as capsule() does for one that does not open.
   */
  async listedSize (name: Uint8Array): Promise<number> {
    const id = formatName(name)
    const open = this.#open.get(id)
    if (open !== undefined) return (await open.opening).size
    const letGo = this.#letGo.get(id)
    if (letGo !== undefined) return letGo.size
    return (await this.capsule(name)).size
  }

  /** Capsules kept open now (at most `openCapsules`, save those still opening). */
  get openCount (): number { return this.#open.size }

  async #openCapsule (name: Uint8Array): Promise<StoredCapsule> {
    const behind = this.#behind.get(formatName(name))
    if (behind === undefined) return await StoredCapsule.open(name, await this.#checkedMetadata(name), this.#capsuleComponents())
    // The one instance that fetched what was lost is served from now on, once it holds all of it.
    const capsule = await behind
    if (!capsule.holdsAcknowledged()) throw this.#stillBehind(capsule)
    this.#behind.delete(formatName(name))
    // Served again: listed again.
    this.changes.note(formatName(name))
    return capsule
  }

  /**
   * A capsule whose store went backwards (it holds fewer records than the
   * store acknowledged: LevelDB lost writes, or the store came back from an
   * older backup), opened only to fetch what it lost from its replicas:
   * appends to it are verified as any are. It is not served: capsule()
   * throws StoreRegressionError for it until it holds every record the
   * store acknowledged, the same records (its heartbeat at that size is the
   * one the evidence names), and from then on opens this very instance.
   * Throws StoreRegressionError when its stored history is not a part of
   * the one acknowledged (nothing fetched could mend that).
   */
  async behind (name: Uint8Array): Promise<StoredCapsule> {
    this.#check()
    const id = formatName(name)
    // Opened for serving already: it holds what was acknowledged.
    const open = this.#open.get(id)?.opening ?? this.#letGo.get(id)?.held.deref()
    if (open !== undefined) return await open
    let opening = this.#behind.get(id)
    if (opening === undefined) {
      opening = (async () => StoredCapsule.open(name, await this.#checkedMetadata(name), this.#capsuleComponents(), { behind: true }))()
      this.#behind.set(id, opening)
      opening.catch(() => this.#behind.delete(id))
    }
    return await opening
  }

  #stillBehind (capsule: StoredCapsule): StoreRegressionError {
    return new StoreRegressionError(`capsule ${formatName(capsule.name)}: the store went backwards: it acknowledged ${this.#evidence.get(capsule.name)?.size ?? 0} records and holds ${capsule.size}; fetching the rest from its replicas`)
  }

  #capsuleComponents (): StoredCapsuleComponents {
    return { db: this.#db, writes: this.#writes, tiles: this.#tiles, evidence: this.#evidence, waitedOn: this.#waitedOn, resized: this.#resized }
  }

  /** A capsule's stored metadata, checked: its owner signed it, and it names this capsule. */
  async #checkedMetadata (name: Uint8Array): Promise<SignedMetadata> {
    // Taken before the read (see #lost).
    const claim = this.#evidence.get(name)
    const value = await this.#db.get(metadataKey(name))
    if (value === undefined) {
      await this.#refuseDeleted(name)
      throw this.#lost(name, claim) ?? new CapsuleNotFoundError(`no capsule ${formatName(name)} in the store at ${this.path}`)
    }
    const checked = metadataOf(name, value)
    if (typeof checked === 'string') throw new StoreCorruptionError(`capsule ${formatName(name)}: ${checked}`)
    return checked
  }

  /**
   * What is wrong with a capsule's stored metadata row, in words; undefined
   * when it is whole, or when there is none and the store never acknowledged
   * the capsule (or deleted it). A row gone from a capsule the store
   * acknowledged (LevelDB lost a write it had completed) is damage as a
   * garbled one is, and so is one in a block LevelDB cannot read: a
   * replica's copy of the owner-signed metadata mends it (a row written
   * again is read in place of the unreadable one).
   */
  async #metadataFault (name: Uint8Array): Promise<string | undefined> {
    const claim = this.#evidence.get(name)
    let value: Uint8Array | undefined
    try {
      value = await this.#db.get(metadataKey(name))
    } catch (err) {
      if (err instanceof StoreCorruptionError) return `its metadata row cannot be read: ${err.message}`
      throw err
    }
    if (value === undefined) {
      if (claim === undefined) return undefined
      const tombstone = await this.#tombstoneRead(name)
      if (typeof tombstone === 'string') return tombstone
      return tombstone !== undefined ? undefined : lostMetadataFault(claim.size)
    }
    const checked = metadataOf(name, value)
    return typeof checked === 'string' ? checked : undefined
  }

  /**
   * The capsules the store acknowledged whose metadata row is gone (see
   * #metadataFault), with that fault in words. `listed`: whether a
   * capsule's row was found by allMetadata, which every other one was not
   * (one or two reads each of those). A deleted capsule claimed still (by a
   * store from before deletions were forgotten) is forgotten here.
   */
  async lostMetadata (listed: (name: Uint8Array) => boolean): Promise<Array<{ name: Uint8Array, fault: string }>> {
    this.#check()
    const lost: Array<{ name: Uint8Array, fault: string }> = []
    for (const name of this.#evidence.claimedNames()) {
      if (listed(name)) continue
      const tombstone = await this.#tombstoneRead(name)
      if (typeof tombstone === 'string') {
        lost.push({ name, fault: tombstone })
        continue
      }
      if (tombstone !== undefined) {
        this.#evidence.forget(name)
        continue
      }
      const fault = await this.#metadataFault(name)
      if (fault !== undefined) lost.push({ name, fault })
    }
    return lost
  }

  /**
   * The tombstone of a capsule whose metadata row is not found, or, where
   * LevelDB cannot read it, that in words: whether the capsule was deleted
   * here is not known, and it is held as damaged. Thrown, one such row in
   * a table cut short kept a server from starting at all.
   */
  async #tombstoneRead (name: Uint8Array): Promise<Uint8Array | undefined | string> {
    try {
      return await this.#db.get(tombstoneKey(name))
    } catch (err) {
      if (!(err instanceof StoreCorruptionError)) throw err
      return `its metadata row is not found, and its tombstone (whether it was deleted here) cannot be read: ${err.message}`
    }
  }

  /**
   * Replaces a damaged metadata row (one that does not decode, verify or
   * name this capsule) with `signed`, a replica's copy of the owner-signed
   * metadata: taken only if it is this capsule's (its hash is the name, the
   * owner signed it), so no replica can change what the capsule is.
   */
  async repairMetadata (name: Uint8Array, signed: SignedMetadata): Promise<void> {
    this.#check()
    const where = `capsule ${formatName(name)}`
    let given: Uint8Array
    try {
      given = verifySignedMetadata(signed)
    } catch (err) {
      throw new ChainMismatchError(`${where}: the metadata given to replace its damaged row does not verify: ${(err as Error).message}`)
    }
    if (formatName(given) !== formatName(name)) throw new ChainMismatchError(`${where}: the metadata given to replace its damaged row is capsule ${formatName(given)}'s`)
    if (await this.#metadataFault(name) === undefined) throw new InvalidArgumentError(`${where}: its metadata row is ${await this.#db.get(metadataKey(name)) === undefined ? 'not there, and the store did not acknowledge the capsule' : 'whole'}; a repair replaces only a damaged or lost one`)
    await this.#writes.write([{ type: 'put', key: metadataKey(name), value: encodeSignedMetadata(signed) }])
  }

  /**
   * What is damaged in a capsule (StoredCapsule.damage). A capsule too
   * damaged to open is inspected too, as long as its metadata is whole: its
   * records are checked against its last heartbeat, or, when that row is
   * damaged (`lastHeartbeatDamaged`), against `head`, a replica's copy of it.
   */
  async damage (name: Uint8Array, head?: SignedHeartbeat): Promise<CapsuleDamage> {
    this.#check()
    const metadataFault = await this.#metadataFault(name)
    // Nothing else is checked without it: what the records are checked against names the writer it gives.
    if (metadataFault !== undefined) return { size: 0, records: [], tiles: [], heartbeats: [], lastHeartbeatDamaged: false, metadataDamaged: true, unrepairable: [], firstFault: metadataFault }
    return await (await this.#repairable(name, head)).capsule.damage()
  }

  /**
   * Mends a capsule's damage from verified records, in one write
   * (StoredCapsule.repair). A capsule that was too damaged to open opens
   * normally afterwards.
   */
  async repair (name: Uint8Array, records: CapsuleRecord[], heartbeats: SignedHeartbeat[] = []): Promise<CapsuleRepair> {
    this.#check()
    // The latest heartbeat given stands in for a damaged last row, if it is of that size.
    const { capsule, damaged } = await this.#repairable(name, heartbeats.reduce<SignedHeartbeat | undefined>((a, b) => a === undefined || b.heartbeat.size > a.heartbeat.size ? b : a, undefined))
    if (!damaged) return await capsule.repair(records, heartbeats)
    // Not served while it is repaired; a deletion meanwhile marks it, so it writes nothing after.
    const id = formatName(name)
    this.#damaged.set(id, capsule)
    try {
      return await capsule.repair(records, heartbeats)
    } finally {
      if (this.#damaged.get(id) === capsule) this.#damaged.delete(id)
    }
  }

  /** Capsules too damaged to open, opened to be repaired, by name. */
  readonly #damaged = new Map<string, StoredCapsule>()

  /** The capsule as served, or, if its stored state keeps it from opening, opened for repair only. */
  async #repairable (name: Uint8Array, head?: SignedHeartbeat): Promise<{ capsule: StoredCapsule, damaged: boolean }> {
    try {
      return { capsule: await this.capsule(name), damaged: false }
    } catch (err) {
      // One that went backwards lost what no repair here brings back.
      if (!(err instanceof StoreCorruptionError) || err instanceof StoreRegressionError) throw err
      return { capsule: await StoredCapsule.openDamaged(name, await this.#checkedMetadata(name), this.#capsuleComponents(), head), damaged: true }
    }
  }

  /** A deleted capsule is neither served nor created again: its name is taken for good. */
  async #refuseDeleted (name: Uint8Array): Promise<void> {
    const tombstone = await this.#db.get(tombstoneKey(name))
    if (tombstone !== undefined) throw deletedError(name, tombstone)
  }

  /**
   * A capsule the store acknowledged (see evidence.ts) but whose metadata is
   * gone: neither served nor created afresh. `claim`: the evidence's, taken
   * before the metadata was read and found missing. A claim is added once
   * its batch is written, so one taken after could be a create that landed
   * since the read: a second create of a capsule (the owner's, and a peer
   * replica's reseed, at once), or an open racing its create, was refused
   * as a store gone backwards (found by placing replicated capsules on real
   * nodes).
   */
  #lost (name: Uint8Array, claim: Claim | undefined): StoreRegressionError | undefined {
    if (claim === undefined) return undefined
    return new StoreRegressionError(`capsule ${formatName(name)}: the store went backwards: it acknowledged this capsule with ${claim.size} records and no longer holds its metadata; LevelDB lost writes it had completed. Not served: restore the store from a backup, or delete ${this.#evidence.path} to forget what the store acknowledged, for every capsule`)
  }

  /** A capsule's rows of the key-value index (src/kv/index.ts): derived state, deleted with the capsule. */
  kvIndexRows (name: Uint8Array): CapsuleRows {
    this.#check()
    return new CapsuleRows(this.#db, this.#writes, tableRange('kvIndex', name), `key-value index of capsule ${formatName(name)}`)
  }

  /**
   * Keeps the owner's delegation of a capsule to this server (the bytes of a
   * routing SignedAdCert; the store does not interpret them). Throws
   * CapsuleDeletedError for a capsule deleted here, and keeps nothing: a
   * create's delegation written after the deletion's batch stayed on disk,
   * and the capsule was advertised again, and at each start.
   */
  async putDelegation (name: Uint8Array, encoded: Uint8Array): Promise<void> {
    this.#check()
    await this.#putBeside(name, delegationKey(name), encoded)
  }

  /**
   * Payload bytes each owner's capsules hold, as last saved (the capsule
   * service keeps the counts and saves them every few seconds).
   * `onUnreadable` is told when the listing passed over a block LevelDB
   * cannot read: the counts it held are unknown, to be counted again.
   */
  async * ownerUsage (onUnreadable: () => void = () => {}): AsyncGenerator<{ owner: Uint8Array, bytes: number | undefined }> {
    this.#check()
    for await (const [key, value] of this.#listing(ownerUsageRange(), 'owners\' byte counts', onUnreadable)) {
      // Undefined for a damaged row, to be counted again from the owner's capsules: a short one threw a RangeError
      // and kept the node from starting, a longer one was read as some count of bytes. So is one saved to be
      // counted again (OwnerUsage.countAgain).
      const bytes = value.length === 8 ? readUint64(value, 0) : NaN
      yield { owner: nameOfMetadataKey(key), bytes: Number.isSafeInteger(bytes) ? bytes : undefined }
    }
  }

  /**
   * The byte count saved for `owner` (ownerUsage), or undefined where none
   * is saved or its row is damaged (a start counts it again).
   */
  async savedOwnerUsage (owner: Uint8Array): Promise<number | undefined> {
    this.#check()
    const value = await this.#db.get(ownerUsageKey(owner))
    const bytes = value?.length === 8 ? readUint64(value, 0) : NaN
    return Number.isSafeInteger(bytes) ? bytes : undefined
  }

  /**
   * Saves owners' byte counts; a count of 0 removes the owner's row (an
   * owner whose capsules all went leaves nothing). `usage` a function: asked
   * for as the batch goes to LevelDB, so that the counts saved are those in
   * memory then, never older than a deletion written before them. `whole`:
   * these and the counts saved before count every record the store holds
   * (a server's last save as it stops), until the next write of records
   * (ownerCountsWhole); a function: asked as the batch goes to LevelDB too.
   */
  async putOwnerUsage (usage: OwnerUsage[] | (() => OwnerUsage[]), { whole = false }: { whole?: boolean | (() => boolean) } = {}): Promise<void> {
    this.#check()
    const rows = typeof usage === 'function' ? usage : () => usage
    await this.#writes.write([], {
      opsAtWrite: () => {
        const ops = rows().map(ownerUsageOp)
        if (!(typeof whole === 'function' ? whole() : whole)) return ops
        // Set as the batch is built: a write of records after it, in this batch or a later one, deletes the row again.
        this.#writes.withNextNewData([{ type: 'del', key: OWNER_COUNTS_WHOLE_KEY }])
        return [...ops, { type: 'put', key: OWNER_COUNTS_WHOLE_KEY, value: new Uint8Array(0) }]
      }
    })
  }

  /**
   * Whether the owners' byte counts saved count every record the store
   * holds: saved by a server as it stopped (putOwnerUsage's `whole`), with
   * no record written after (a server killed, a local command's append or
   * import, a store received by migration or from before the counts were
   * kept). Otherwise a server counts every owner again as it starts.
   */
  async ownerCountsWhole (): Promise<boolean> {
    this.#check()
    // Written since the open: a row LevelDB cannot read was taken as absent there, and is written again.
    return await this.#db.get(OWNER_COUNTS_WHOLE_KEY).then((row) => row !== undefined, () => false)
  }

  /**
   * A server starts taking appends and counting them in memory: the saved
   * counts are no longer whole until it saves them as it stops, and a kill
   * before that has the next start count every owner again.
   */
  async ownerCountsTaken (): Promise<void> {
    this.#check()
    this.#writes.withNextNewData(undefined)
    await this.#writes.write([{ type: 'del', key: OWNER_COUNTS_WHOLE_KEY }])
  }

  /**
   * Whether capsule `name` may hold records: a record chunk of its is
   * stored, or the store acknowledged records of it. One seek: a count of
   * every owner's bytes opens only these (opening each capsule, its
   * signatures checked, took a start 7 s a 20,000 capsules held).
   */
  async mayHoldRecords (name: Uint8Array): Promise<boolean> {
    this.#check()
    if ((this.#evidence.get(name)?.size ?? 0) > 0) return true
    // A read that fails (a block LevelDB cannot read) may have met them: opened, such a capsule is counted as damaged.
    return await this.#db.keys({ ...tableRange('records', name), limit: 1 }).all().then(([chunk]) => chunk !== undefined, () => true)
  }

  /**
   * Counts again, from their capsules, the payload bytes each owner's
   * capsules hold (a server's byte quota), and saves the counts: after
   * damage, a saved count may be lost (read as nothing used), or older than
   * the records kept (too low, for good: a server only adds to it). A
   * capsule that cannot be read whole counts as nothing, and its owner's
   * count is saved to be counted again (OwnerUsage.countAgain) by the
   * server's next start, which counts the capsule once it is repaired; every
   * owner's, where a capsule's metadata cannot be read (its owner is not
   * known). Saved as a count, the capsule stayed uncounted for good. Every
   * capsule is opened.
   */
  async recountOwnerUsage (): Promise<void> {
    this.#check()
    const counts = new Map<string, OwnerUsage>()
    for await (const { owner } of this.ownerUsage()) counts.set(formatName(owner), { owner, bytes: 0 })
    let ownerUnknown = false
    for await (const { name, signed } of this.allMetadata(() => { ownerUnknown = true })) {
      const owner = signed.metadata.owner.key
      const count = counts.get(formatName(owner)) ?? { owner, bytes: 0 }
      counts.set(formatName(owner), count)
      if (!await this.mayHoldRecords(name)) continue
      try {
        count.bytes += (await this.capsule(name)).payloadBytes()
      } catch (err) {
        if (!(err instanceof GdpError)) throw err
        count.countAgain = true
      }
    }
    if (ownerUnknown) for (const count of counts.values()) count.countAgain = true
    if (counts.size > 0) await this.putOwnerUsage([...counts.values()])
    log('the payload bytes of %d owners were counted again from their capsules', counts.size)
  }

  /** Keeps proof that the capsule's writer signed two histories (a canonical ForkProof; the store does not interpret it). CapsuleDeletedError as putDelegation. */
  async putForkProof (name: Uint8Array, encoded: Uint8Array): Promise<void> {
    this.#check()
    await this.#putBeside(name, forkProofKey(name), encoded)
  }

  async forkProof (name: Uint8Array): Promise<Uint8Array | undefined> {
    this.#check()
    return await this.#db.get(forkProofKey(name))
  }

  /**
   * Keeps a capsule's replica set (the bytes of a routing ReplicaSet; the
   * store does not interpret them). Throws CapsuleDeletedError for a
   * capsule deleted here, and keeps nothing: a set written after the
   * deletion's batch stayed on disk, and each start loaded it again.
   */
  async putReplicaSet (name: Uint8Array, encoded: Uint8Array): Promise<void> {
    this.#check()
    await this.#putBeside(name, replicaSetKey(name), encoded)
    // A listing shows the set's digest: a peer that compared heads at this size compares again (a removal changes no size).
    this.changes.note(formatName(name))
  }

  /**
   * Writes row `key` beside capsule `name` (ROWS_BESIDE), unless the capsule
   * was deleted here: CapsuleDeletedError then, and no row is left.
   */
  async #putBeside (name: Uint8Array, key: Uint8Array, value: Uint8Array): Promise<void> {
    await this.#refuseDeleted(name)
    await this.#writes.write([{ type: 'put', key, value }])
    // A deletion whose batch landed since the check above: the row goes again. (One whose batch came after the write
    // deletes it itself, #deleteRows.) A crash in between leaves the row to dropOrphanRows at the next start (a
    // delegation to the listing of delegations).
    const tombstone = await this.#db.get(tombstoneKey(name))
    if (tombstone !== undefined) {
      await this.#writes.write([{ type: 'del', key }])
      throw deletedError(name, tombstone)
    }
  }

  /**
   * Deletes the rows of capsules deleted here that dropOrphanRows looks for
   * (ORPHANS): left on disk by a row written after the deletion (by versions
   * before the store refused it, or by a crash in its clean-up); returns
   * what it deleted, a capsule's rows of a table as one. Loaded at start, a
   * set was shared with peers that no longer list the capsule (every round
   * with one failed opening it); index rows stayed on disk for good, under
   * a name refused from then on. A delegation is dropped by the listing of
   * delegations (delegations()), which a server's advertiser reads as it
   * starts: a pass here read every delegation a second time.
   */
  async dropOrphanRows (): Promise<Array<{ name: Uint8Array, row: OrphanRow }>> {
    this.#check()
    const dropped: Array<{ name: Uint8Array, row: OrphanRow }> = []
    let ops: WriteOp[] = []
    for (const { what, listing, range } of ORPHANS) {
      for await (const key of rowsOfDeleted(this.#keyListing, range, listing)) {
        const name = nameOfMetadataKey(key)
        const last = dropped.at(-1)
        if (last === undefined || last.row !== what || !equalBytes(last.name, name)) dropped.push({ name, row: what })
        ops.push({ type: 'del', key })
        // Bounded: an index has a row per record or key.
        if (ops.length >= DROP_BATCH_ROWS) { await this.#writes.write(ops); ops = [] }
      }
    }
    if (ops.length > 0) await this.#writes.write(ops)
    return dropped
  }

  /** The keys of `range` for a listing of `what` (as #listing gives its rows), for the walks beside the tombstones (tombstone-walk.ts). */
  readonly #keyListing: KeyListing = (range, what) => this.#db.keysPast(range, (err) => {
    this.#sayBlockDamage(`a listing of the ${what} passed over a block LevelDB cannot read, and the rows in it: ${err.message}`)
  })

  async replicaSet (name: Uint8Array): Promise<Uint8Array | undefined> {
    this.#check()
    return await this.#db.get(replicaSetKey(name))
  }

  /** Every stored replica set, in name order. */
  async * replicaSets (): AsyncGenerator<{ name: Uint8Array, encoded: Uint8Array }> {
    this.#check()
    for await (const [key, encoded] of this.#listing(replicaSetRange(), 'replica sets')) yield { name: nameOfMetadataKey(key), encoded }
  }

  async delegation (name: Uint8Array): Promise<Uint8Array | undefined> {
    this.#check()
    return await this.#db.get(delegationKey(name))
  }

  /**
   * Every stored delegation of a capsule not deleted here, in name order (the
   * bytes as putDelegation was given them). One of a deleted capsule, left
   * on disk (as dropOrphanRows says), is left out and deleted: the
   * tombstones are walked beside the delegations, in the same order.
   */
  async * delegations (after?: Uint8Array): AsyncGenerator<{ name: Uint8Array, encoded: Uint8Array }> {
    this.#check()
    const range = after === undefined ? delegationRange() : { gt: delegationKey(after), lt: delegationRange().lt }
    const tombstones = await TombstoneWalk.open(this.#keyListing)
    const orphans: WriteOp[] = []
    try {
      for await (const [key, encoded] of this.#listing(range, 'delegations')) {
        const name = nameOfMetadataKey(key)
        if (!await tombstones.deleted(name)) { yield { name, encoded }; continue }
        log('capsule %s was deleted here: its delegation, left on disk, is dropped', formatName(name))
        orphans.push({ type: 'del', key })
        if (orphans.length >= DROP_BATCH_ROWS) await this.#dropOrphans(orphans.splice(0))
      }
    } finally {
      await tombstones.close()
      if (orphans.length > 0) await this.#dropOrphans(orphans)
    }
  }

  /** Deletes rows of deleted capsules a listing left out: a failure leaves them to the next listing, and fails no listing. */
  async #dropOrphans (ops: WriteOp[]): Promise<void> {
    if (this.#closed) return
    await this.#writes.write(ops).catch((err: Error) => { log.error('the rows of deleted capsules a listing left out stay on disk for now: %s', err.message) })
  }

  /**
   * A capsule's owner-signed metadata as stored, without opening the capsule
   * (which loads and checks its tip): for listing many capsules cheaply.
   */
  async signedMetadata (name: Uint8Array): Promise<SignedMetadata> {
    this.#check()
    const value = await this.#db.get(metadataKey(name))
    if (value === undefined) throw new CapsuleNotFoundError(`no capsule ${formatName(name)} in the store at ${this.path}`)
    try {
      return decodeSignedMetadata(value)
    } catch (err) {
      throw new StoreCorruptionError(`capsule ${formatName(name)}: stored metadata is invalid: ${(err as Error).message}`)
    }
  }

  /** Names of the stored capsules in name order: all, or those after `after`. */
  async * names (after?: Uint8Array): AsyncGenerator<Uint8Array> {
    this.#check()
    const range = after === undefined ? metadataRange() : { gt: metadataKey(after), lt: metadataRange().lt }
    for await (const [key] of this.#listing(range, 'capsules')) yield nameOfMetadataKey(key)
  }

  /**
   * Every stored capsule's owner-signed metadata, in name order, without
   * opening the capsules. A row that does not decode is passed over, told to
   * `onDamaged` (a repair mends it from a replica): it threw here, and one
   * damaged row kept the whole server from starting.
   */
  async * allMetadata (onDamaged: (name: Uint8Array, fault: string) => void = () => {}): AsyncGenerator<{ name: Uint8Array, signed: SignedMetadata }> {
    this.#check()
    for await (const [key, value] of this.#listing(metadataRange(), 'capsules')) {
      const name = nameOfMetadataKey(key)
      let signed: SignedMetadata
      try {
        signed = decodeSignedMetadata(value)
      } catch (err) {
        onDamaged(name, `stored metadata is invalid: ${(err as Error).message}`)
        continue
      }
      yield { name, signed }
    }
  }

  /**
   * The rows of `range` for a listing of `what`, stepping over a block
   * LevelDB cannot read (StoreDb.iteratorPast): the rows it held are left
   * out, which is logged and said in the node's status (damagedBlocks), and
   * each of their capsules is refused as damaged when it is asked for.
   */
  #listing (range: { gte: Uint8Array, lt: Uint8Array } | { gt: Uint8Array, lt: Uint8Array }, what: string, onUnreadable: () => void = () => {}): AsyncGenerator<[Uint8Array, Uint8Array]> {
    return this.#db.iteratorPast(range, (err) => {
      onUnreadable()
      this.#sayBlockDamage(`a listing of the ${what} passed over a block LevelDB cannot read, and the rows in it: ${err.message}`)
    })
  }

  /** Logs a damaged block met, and keeps it for the status (damagedBlocks). */
  #sayBlockDamage (said: string): void {
    log.error('%s', said)
    // Bounded: a listing read again and again (a view, each anti-entropy round) meets the same block.
    if (this.#blockDamage.length < MAX_BLOCK_DAMAGE_SAID && !this.#blockDamage.includes(said)) this.#blockDamage.push(said)
  }

  async close (): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    // Ranges not compacted yet keep their space until LevelDB's own compactions reach them.
    this.#toCompact.length = 0
    await this.#compacting
    await Promise.allSettled([...[...this.#open.values()].map((open) => open.opening), ...this.#behind.values()])
    await this.#writes.close()
    await this.#db.close()
  }
}

/** How many damaged blocks the store's status names at most (listings meet the same ones again). */
const MAX_BLOCK_DAMAGE_SAID = 16

/** A row bookkeepingRow could not read. */
const UNREADABLE = Symbol('unreadable')

/**
 * One of the store's own rows (its format, its note of a log drop), or
 * UNREADABLE where it lies in a block LevelDB cannot read and `isStore`
 * (the folder was a store before this open). They sort first, so they share
 * the first block of a table with other capsules' rows (their delegations,
 * fork proofs, heartbeats): one flipped byte there kept the whole store from
 * opening, every capsule refused for the rows of a few (found by attacking
 * the disk). The caller writes the row again, which LevelDB reads from then
 * on instead of the damaged block; what was damaged goes to `damage`.
 */
async function bookkeepingRow (db: StoreDb, key: Uint8Array, isStore: boolean, damage: string[]): Promise<Uint8Array | undefined | typeof UNREADABLE> {
  try {
    return await db.get(key)
  } catch (err) {
    if (!isStore || !(err instanceof StoreCorruptionError)) throw err
    damage.push(`${err.message}: it was written again, and the capsules whose rows share that block are refused as damaged when they are read (a store repair, with no node running on the store, keeps every row LevelDB can read)`)
    log.error('%s', damage.at(-1))
    return UNREADABLE
  }
}

/** Index rows deleted per write: bounds what a drop holds in memory (here and in a salvage). */
export const DROP_BATCH_ROWS = 10_000

/**
 * LevelDB dropped a damaged stretch of its log at this open (or an earlier
 * one, or a reopen, that did not deal with it), and with it
 * whole write batches, while later ones stayed: a key-value write's index
 * rows could be gone while its record, rewritten by the next batch, was
 * not, and the index, which checks only its last record at open, answered
 * acknowledged keys as absent, for good (found by damaging a server's
 * disk). So did a capsule's hash index: records read by hash were "no
 * record" where its rows went and the row of how many records it covers
 * stayed. The records are checked by their signatures and the evidence
 * file; the indexes are derived from them, so every one is dropped and
 * rebuilt when next used (the hash index's count first: a drop stopped
 * part-way reads as covering nothing).
 */
async function dropDerivedIndexes (db: StoreDb, logDrop: string, damage: string[]): Promise<void> {
  log.error('LevelDB dropped part of its log %s: every key-value index and hash index is rebuilt from the records', logDrop)
  // The next open's LOG no longer says what this one's did: until the drop is done, the row StoreDb wrote does.
  // Past a block LevelDB cannot read: its rows stay, unreadable (a read of one is refused as damaged, never answered
  // wrong; 'gdp store repair' drops them). It threw here, and the store did not open.
  await dropRows(db, [tablesRange('hashIndexed'), tablesRange('hashes'), tablesRange('kvIndex')], (err) => {
    damage.push(`dropping the derived indexes passed over a block LevelDB cannot read, and the rows in it: ${err.message}`)
    log.error('%s', damage.at(-1))
  })
}

/**
 * Deletes every row in `ranges`, in their order, DROP_BATCH_ROWS a write,
 * the last one synced; a block LevelDB cannot read is passed over, and said
 * to `onUnreadable` (StoreDb.keysPast).
 */
export async function dropRows (db: StoreDb, ranges: Array<{ gte: Uint8Array, lt: Uint8Array }>, onUnreadable: (err: StoreCorruptionError) => void): Promise<void> {
  for (const range of ranges) {
    let ops: WriteOp[] = []
    for await (const key of db.keysPast(range, onUnreadable)) {
      ops.push({ type: 'del', key })
      if (ops.length >= DROP_BATCH_ROWS) { await db.batch(ops, { sync: false }); ops = [] }
    }
    await db.batch(ops, { sync: true })
  }
}

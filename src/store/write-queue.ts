import { logger } from '@libp2p/logger'
import { GdpError, StoreFullError, StoreWriteError } from '../errors.js'
import type { Claim, Evidence } from './evidence.js'
import { StoreRoom } from './free-space.js'
import { isNoSpace, type StoreDb, type WriteOp } from './level-db.js'

/**
 * The writes of one capsule that build on each other, from its last failed
 * write on. Once one of them fails, the rest must never be stored: they would
 * put records in the store without their predecessors.
 */
export interface WriteChain {
  failed: Error | undefined
}

export interface WriteOptions {
  /** Refused unwritten once an earlier write of the chain failed; its failure refuses the later ones. */
  chain?: WriteChain
  /** Added to the evidence file once written. */
  claim?: Claim
  /** New data (an append, a create), refused while it would take the room the store keeps (StoreRoom); rows derived from what is stored, deletions and bookkeeping are not. */
  newData?: boolean
  /**
   * Rows made as the batch holding the write goes to LevelDB, after `ops`:
   * for state kept in memory whose value must be the one at the write (an
   * owner's byte count), not the one when the write was queued.
   */
  opsAtWrite?: () => WriteOp[]
  /**
   * Called as the batch holding the write fails, whether opsAtWrite ran or
   * not, before the next batch is built: to undo in memory what opsAtWrite
   * did. Undone when the caller resumes, the next batch's opsAtWrite (built
   * as the reopen after the failure ends) read the state as if written.
   */
  atWriteFailed?: () => void
}

interface Pending extends WriteOptions {
  ops: WriteOp[]
  resolve: () => void
  reject: (err: Error) => void
}

const log = logger('gdp:store')

const opBytes = (ops: WriteOp[]): number => ops.reduce((n, op) => n + op.key.byteLength + (op.type === 'put' ? op.value.byteLength : 0), 0)

/**
 * Group commit: while one LevelDB write is in flight, writes that arrive
 * queue up and then go out together as one atomic batch, so with `sync`
 * concurrent appends share a single fsync. A write's promise settles once
 * the batch holding it is written, and the batch's claims are then added to
 * the evidence file. After a failed batch, LevelDB is reopened before the
 * next one (see StoreDb.reopen).
 */
/** New data refused for want of room: since when (ISO time), how many writes, and the last refusal's words. */
export interface StoreFull { since: string, refused: number, refusal: string }

export class WriteQueue {
  readonly #db: StoreDb
  readonly #sync: boolean
  readonly #evidence: Evidence
  readonly #room: StoreRoom
  #pending: Pending[] = []
  #draining: Promise<void> | undefined
  /** The failure after which LevelDB must be reopened before it takes another write. */
  #broken: Error | undefined
  #healing: Promise<void> | undefined
  /** Run at the next reopen that works (afterHeal). */
  readonly #afterHeal: Array<() => Promise<void>> = []
  #requests = 0
  #batches = 0
  /** Since when new data is refused for want of room, how often, and why: until new data is written again. */
  #full: StoreFull | undefined
  /** Rows written once, in the batch of the next write of new data, after its rows (withNextNewData). */
  #withNextNewData: WriteOp[] | undefined

  constructor (db: StoreDb, sync: boolean, evidence: Evidence) {
    this.#db = db
    this.#sync = sync
    this.#evidence = evidence
    this.#room = new StoreRoom(db.path)
    // Through heal where a failed write is why it is closed (the settles it waits on run then).
    db.reopenForReads = async () => { await (this.#broken === undefined ? db.reopen() : this.heal()) }
  }

  /** Whether new data is being refused for want of room (StoreRoom), since when and why; undefined once it is written again. */
  get full (): StoreFull | undefined { return this.#full === undefined ? undefined : { ...this.#full } }

  /** Writes asked for and LevelDB batches issued: their ratio is the group commit at work. */
  get stats (): { requests: number, batches: number } {
    return { requests: this.#requests, batches: this.#batches }
  }

  /** Writes `ops` atomically. */
  async write (ops: WriteOp[], options: WriteOptions = {}): Promise<void> {
    this.#requests++
    const done = new Promise<void>((resolve, reject) => { this.#pending.push({ ops, ...options, resolve, reject }) })
    this.#draining ??= this.#drain()
    return await done
  }

  /**
   * Writes `ops` once, in the batch of the next write of new data (an
   * append, a create), after its rows; undefined: none. Kept for the one
   * after where that batch fails. Called as a batch is built (from
   * opsAtWrite), it holds for the writes after it in that batch too.
   */
  withNextNewData (ops: WriteOp[] | undefined): void {
    this.#withNextNewData = ops
  }

  /** Makes LevelDB writable again after a failed write; throws (StoreFullError) while it cannot be. */
  async heal (): Promise<void> {
    if (this.#broken === undefined) return
    this.#healing ??= (async () => {
      try {
        await this.#db.reopen()
        // Before any write goes on: the state they settle is what the writes after build on.
        for (const settle of this.#afterHeal.splice(0)) {
          await settle().catch((err: Error) => { log.error('settling a failed write after the store at %s was reopened failed: %s', this.#db.path, err.message) })
        }
        this.#broken = undefined
      } finally {
        this.#healing = undefined
      }
    })()
    await this.#healing
  }

  /**
   * Runs `settle` once the next reopen after a failed write works, before
   * any write goes on: for a caller that must learn from the reopened store
   * whether its failed write was logged all the same (LevelDB replays what
   * its log holds), when the reopen it asked for failed.
   */
  afterHeal (settle: () => Promise<void>): void {
    this.#afterHeal.push(settle)
  }

  /** Waits for every queued write, then closes the evidence file. */
  async close (): Promise<void> {
    await this.#draining
    await this.#evidence.close()
  }

  async #drain (): Promise<void> {
    while (this.#pending.length > 0) {
      const group: Pending[] = []
      let newBytes = 0
      for (const w of this.#pending) {
        if (w.chain?.failed !== undefined) { w.reject(w.chain.failed); continue }
        if (w.newData === true) {
          const bytes = opBytes(w.ops)
          const refusal = this.#room.refusal(newBytes + bytes)
          if (refusal !== undefined) {
            this.#full = { since: this.#full?.since ?? new Date().toISOString(), refused: (this.#full?.refused ?? 0) + 1, refusal }
            // Nothing of it reached LevelDB: only its chain's later writes are refused, and LevelDB needs no reopening.
            const failure = new StoreFullError(refusal)
            if (w.chain !== undefined) w.chain.failed ??= failure
            w.reject(failure)
            continue
          }
          newBytes += bytes
          this.#full = undefined
        }
        group.push(w)
      }
      this.#pending = []
      if (group.length > 0) await this.#write(group)
      // Let the callers just resumed queue their next writes, so they join
      // the next group instead of alternating with it.
      await new Promise((resolve) => setImmediate(resolve))
    }
    this.#draining = undefined
  }

  async #write (group: Pending[]): Promise<void> {
    let withNewData: WriteOp[] | undefined
    try {
      if (this.#broken !== undefined) await this.heal()
      const ops = group.length === 1 && group[0]!.opsAtWrite === undefined && (group[0]!.newData !== true || this.#withNextNewData === undefined)
        ? group[0]!.ops
        : group.flatMap((w) => {
          const own = w.opsAtWrite === undefined ? w.ops : [...w.ops, ...w.opsAtWrite()]
          if (w.newData !== true || this.#withNextNewData === undefined) return own
          withNewData = this.#withNextNewData
          this.#withNextNewData = undefined
          return [...own, ...withNewData]
        })
      this.#batches++
      await this.#db.batch(ops, { sync: this.#sync })
      this.#room.wrote(opBytes(ops))
    } catch (err) {
      // Not known to be written: written again with the next new data (once more does no harm).
      if (withNewData !== undefined) this.#withNextNewData ??= withNewData
      const failure = this.#failure(err as Error)
      this.#broken ??= failure
      for (const w of group) {
        // Marked before any caller resumes, so no later write of the chain slips into a batch.
        if (w.chain !== undefined) w.chain.failed ??= failure
        w.atWriteFailed?.()
        w.reject(failure)
      }
      return
    }
    // Only now: the evidence must never claim what LevelDB has not written.
    const claims: Claim[] = []
    for (const w of group) if (w.claim !== undefined) claims.push(w.claim)
    if (claims.length > 0) this.#evidence.record(claims)
    for (const w of group) w.resolve()
  }

  /** A LevelDB write failure as a typed error; heal's own errors are typed already. */
  #failure (err: Error): Error {
    if (err instanceof GdpError) return err
    const message = `writing to the store at ${this.#db.path} failed: ${err.message}`
    if (isNoSpace(err)) return new StoreFullError(message, { cause: err })
    // LevelDB's background error: a compaction met a block it cannot read, and every write is refused from then on
    // (docs/store.md); it said so in its own words alone, naming no way out. A write error still, not a
    // StoreCorruptionError: that one says the capsule written is damaged, and has it mended from another replica.
    // The repair is named bare: the command line names its command, with the data folder it runs on.
    const needsStoreRepair = /\bCorruption: /.test(err.message)
    const wayOut = needsStoreRepair ? ': LevelDB met a damaged table as it merged tables, and refuses every write until the store is mended (reads go on): stop the node and run a store repair' : ''
    return new StoreWriteError(message + wayOut, { cause: err, needsStoreRepair })
  }
}

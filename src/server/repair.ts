/**
 * Mends on-disk damage of a capsule from a healthy replica (docs/replication.md,
 * "Repair"). It finds what is damaged (CapsuleStore.damage: every row checked
 * against the capsule's last heartbeat), fetches those records from each peer
 * replica in turn until one copy checks out, writes it (CapsuleStore.repair,
 * one LevelDB batch that also derives damaged Merkle tiles again), checks the
 * whole capsule again, and logs what was repaired from whom. A peer's copy is
 * never taken on trust: the store refuses any record that is not the one the
 * capsule's own heartbeats commit to, so a lying peer cannot change history.
 */
import { logger } from '@libp2p/logger'
import { formatName } from '../capsule/name.js'
import type { CapsuleRecord, SeqRange, SignedHeartbeat, SignedMetadata } from '../capsule/types.js'
import { describeSeqRanges } from '../capsule/seq-range.js'
import { payloadBytes } from '../capsule/codec.js'
import { CapsuleNotFoundError, ChainMismatchError, LinkCongestedError, LinkTimeoutError, RecordNotFoundError, RepairTooLargeError, RequestRefusedError, RequestTimeoutError, ServiceStoppedError, StoreClosedError, StoreCorruptionError, StoreWriteError } from '../errors.js'
import { LimitedLog } from '../log-limit.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import type { CapsuleDamage, CapsuleRepair } from '../store/stored-capsule.js'
import type { CapsuleInfo } from '../client/client.js'
import type { ReplicaClient } from './replicator.js'

const log = logger('gdp:repair')

/** A capsule's failed repairs are logged once in this long, with how many failed since. */
const FAILURE_LOG_MS = 60_000

export interface RepairerInit {
  /**
   * Damaged records one repair replaces, at most: they are fetched and held
   * in memory to be written in one LevelDB batch. A capsule damaged more
   * widely is refused with a StoreCorruptionError that says so.
   * @default 65536
   */
  maxRepairRecords?: number
  /**
   * Payload bytes of the damaged records one repair holds, at most: they
   * are read from a peer with that bound (each record up to 64 MiB, and a
   * peer's copy is checked only once it is all here), and a copy past it is
   * passed over. Counted in records alone, a repair of 65,536 records could
   * take 4 TiB of a lying peer, or of an honest one's large records.
   * @default 256 MiB
   */
  maxRepairBytes?: number
  /**
   * After a failed repair, how long a read (an open, a subscription) that
   * meets the capsule's damage is refused at once instead of trying the
   * repair again; doubled at each failure since the last success, up to
   * maxRetryAfterMs. `gdp capsule repair` (RepairOptions.now) tries at once.
   * @default 10000
   */
  retryAfterMs?: number
  /** @default 300000 */
  maxRetryAfterMs?: number
  /**
   * A repair's time with other servers, at most, from its start: each
   * peer's copy (and the metadata, from a peer or asked for by the
   * capsule's name) must come within its share of the time left (that time
   * over the peers not asked yet), or its read is given up and it is passed
   * over as one that could not send its copy; past the last, the repair
   * fails. The store's own work (finding the damage, writing the copy) is
   * not counted against it. The node setting `max_repair_time`. A
   * peer that sent each response just before the client's timeout held the
   * repair, and the read waiting on it (one of the server's read turns, the
   * capsule's other reads refused meanwhile), for as long as it went on.
   * @default 120000
   */
  maxRepairMs?: number
  /**
   * Capsules whose failed repairs are remembered, at most: the oldest is
   * forgotten first, and a read of it then tries the repair again at once.
   * @default 4096
   */
  maxUnmended?: number
}

export interface RepairOptions {
  /** Try now, even while the capsule waits after a failed repair (the operator's `gdp capsule repair`). */
  now?: boolean
}

export interface RepairerComponents {
  store: CapsuleStore
  /** How this server reads from one peer replica; none: there are no peers to repair from. */
  client?: ReplicaClient
  /** The other replicas of a capsule, asked in this order (Replicator.peers). */
  peers: (name: Uint8Array) => Uint8Array[]
  /** Takes the replica set from the info of a server found by the capsule's name, where none is held here (Replicator.learnLostSet). */
  learnLostSet?: (name: Uint8Array, info: CapsuleInfo) => Promise<void>
  clock: () => number
  /** Told of each repair done (the capsule service advertises a capsule again once its metadata is back). */
  repaired?: (outcome: RepairOutcome) => void
  /** This server's node name: a refusal that reaches a reader on another node names where to run `gdp capsule repair`. */
  self?: Uint8Array
}

export interface RepairCounters {
  /** Repairs done: the capsule was damaged and checks out again. */
  repaired: number
  /** Repairs that could not be done: the capsule was left as it was, and the caller got a StoreCorruptionError. */
  failed: number
  /** Copies of damaged records, heartbeats or metadata a peer sent that did not verify: passed over (a lying peer, or one on another history). */
  refused: number
  /** Peers that could not send their copy (away, unreachable, refusing, or not holding those records): passed over. */
  unavailable: number
  /** Reads (opens, subscriptions) that met damage whose repair failed a short while ago: refused at once, not tried again. */
  heldBack: number
}

/** The peers passed over in one repair, in words, and whether every one could not send its copy (none sent one that did not verify). */
interface Refusals { said: string[], verified: boolean }

/** A capsule whose last repair failed, as the status shows it. */
export interface UnmendedCapsule {
  capsule: string
  /** Failed repairs since the last success (or since the node started). */
  failures: number
  /** In how long a read that meets the damage tries the repair again (0: the next one does). */
  retryInSeconds: number
  /** Why the last one failed. */
  error: string
}

/** Capsules the status names, at most. */
const UNMENDED_SHOWN = 16

interface Unmended {
  error: StoreCorruptionError
  failures: number
  /** When a read may try the repair again (performance.now, ms). */
  retryAt: number
}

/** What one repair did. */
export interface RepairOutcome {
  capsule: Uint8Array
  /** The records replaced, as ranges [from, to). */
  records: SeqRange[]
  /** The sizes whose heartbeat was replaced. */
  heartbeats: number[]
  /** Whether the metadata row was replaced. */
  metadata: boolean
  /** Merkle tiles derived again from the records. */
  tiles: number
  /** The replica the records came from; undefined when only tiles were derived again, from this server's own records. */
  from: Uint8Array | undefined
  /** When it was done, by the clock (microseconds). */
  atUs: number
}

const isWhole = (damage: CapsuleDamage): boolean => !damage.metadataDamaged && damage.records.length === 0 && damage.tiles.length === 0 && damage.heartbeats.length === 0 && damage.unrepairable.length === 0

/** What a replica is asked for, in words. */
const describeDamage = (damage: CapsuleDamage): string => [
  ...damage.records.length === 0 ? [] : [`records ${describeSeqRanges(damage.records)}`],
  ...damage.heartbeats.length === 0 ? [] : [`the heartbeat${damage.heartbeats.length === 1 ? '' : 's'} at size${damage.heartbeats.length === 1 ? '' : 's'} ${damage.heartbeats.join(', ')}`]
].join(' and ')

export class Repairer {
  readonly #init: Required<RepairerInit>
  readonly #c: RepairerComponents
  /** Repairs in progress, by capsule: callers at the same time share one. */
  readonly #running = new Map<string, Promise<RepairOutcome | undefined>>()
  /**
   * Failed repairs, logged by capsule (damaged capsules are few) once in
   * FAILURE_LOG_MS: each read that meets damage it cannot mend repairs again,
   * and a replica catching up from this one read it at every anti-entropy
   * round, an error line each, for as long as the damage stayed.
   */
  readonly #failuresLogged = new LimitedLog(FAILURE_LOG_MS)
  /**
   * Capsules whose last repair failed, by name, oldest first: a read that met
   * their damage scanned the whole capsule and asked every peer again, each
   * time, for as long as no replica could mend it.
   */
  readonly #unmended = new Map<string, Unmended>()
  /** Capsules whose metadata is being asked for by their name through the overlay now (#metadataByName). */
  readonly #askingByName = new Set<string>()
  readonly counters: RepairCounters = { repaired: 0, failed: 0, refused: 0, unavailable: 0, heldBack: 0 }

  constructor (init: RepairerInit, components: RepairerComponents) {
    this.#init = { maxRepairRecords: 65_536, maxRepairBytes: 256 * 1024 * 1024, retryAfterMs: 10_000, maxRetryAfterMs: 300_000, maxUnmended: 4096, maxRepairMs: 120_000, ...init }
    this.#c = components
  }

  /**
   * Whether the capsule's metadata is being asked for by its name now: this
   * server does not serve it meanwhile, so that the question goes out to the
   * overlay, not to itself.
   */
  askingByName (name: Uint8Array): boolean {
    return this.#askingByName.size > 0 && this.#askingByName.has(formatName(name))
  }

  /** Whether a repair of the capsule is running now. */
  repairing (name: Uint8Array): boolean {
    return this.#running.has(formatName(name))
  }

  /**
   * Checks every row of the capsule and repairs what is damaged; undefined
   * when nothing is. When the damage cannot be repaired (no other replica,
   * no replica's copy that verifies, damage a repair does not mend, more
   * than maxRepairRecords records) the store is left as it was and it throws
   * a StoreCorruptionError saying why.
   */
  async repair (name: Uint8Array, { now = false }: RepairOptions = {}): Promise<RepairOutcome | undefined> {
    const id = formatName(name)
    const running = this.#running.get(id)
    if (running !== undefined) return await running
    const unmended = this.#unmended.get(id)
    const waitMs = unmended === undefined ? 0 : unmended.retryAt - performance.now()
    if (unmended !== undefined && waitMs > 0 && !now) {
      this.counters.heldBack++
      const { error, failures } = unmended
      const where = this.#c.self === undefined ? 'this node' : `server ${formatName(this.#c.self)}`
      const hint = error.namesWayOut ? '' : `, or 'gdp capsule repair ${id}' on ${where} tries at once`
      throw new StoreCorruptionError(`${error.message} (${failures} failed repair${failures === 1 ? '' : 's'}: tried again in ${Math.ceil(waitMs / 1000)} s by a read that meets the damage${hint})`, { namesWayOut: true })
    }
    const repairing = this.#repair(name).then((outcome) => {
      this.#unmended.delete(id)
      if (outcome !== undefined) this.#c.repaired?.(outcome)
      return outcome
    }, (err: Error) => {
      if (err instanceof StoreCorruptionError) this.#failed(id, err)
      throw err
    }).finally(() => this.#running.delete(id))
    this.#running.set(id, repairing)
    return await repairing
  }

  /** Capsules whose last repair failed, for the status: the first UNMENDED_SHOWN, and how many in all. */
  unmended (): { count: number, shown: UnmendedCapsule[] } {
    const now = performance.now()
    const shown = [...this.#unmended].slice(0, UNMENDED_SHOWN).map(([capsule, u]) => ({ capsule, failures: u.failures, retryInSeconds: Math.max(0, Math.ceil((u.retryAt - now) / 1000)), error: u.error.message }))
    return { count: this.#unmended.size, shown }
  }

  /** Forgets a capsule's failed repairs (it was deleted here). */
  forget (name: Uint8Array): void {
    this.#unmended.delete(formatName(name))
  }

  /** Notes a failed repair: reads wait retryAfterMs, doubled at each failure since the last success, before the next. */
  #failed (id: string, error: StoreCorruptionError): void {
    const failures = (this.#unmended.get(id)?.failures ?? 0) + 1
    const waitMs = Math.min(this.#init.maxRetryAfterMs, this.#init.retryAfterMs * 2 ** Math.min(failures - 1, 30))
    // Moved to the end: the map stays oldest first, and the oldest goes when it is full.
    this.#unmended.delete(id)
    this.#unmended.set(id, { error, failures, retryAt: performance.now() + waitMs })
    if (this.#unmended.size > this.#init.maxUnmended) this.#unmended.delete(this.#unmended.keys().next().value!)
  }

  async #repair (name: Uint8Array): Promise<RepairOutcome | undefined> {
    const id = formatName(name)
    const where = `capsule ${id}`
    const deadline = performance.now() + this.#init.maxRepairMs
    try {
      let damage = await this.#c.store.damage(name)
      if (isWhole(damage)) return undefined
      log('%s is damaged: %s', where, damage.firstFault)
      // Its metadata first: the rest is checked against the writer it names.
      const metadataMended = damage.metadataDamaged
      let metadataFrom: Uint8Array | undefined
      if (metadataMended) {
        metadataFrom = await this.#metadataFromPeers(name, damage, where, deadline)
        damage = await this.#c.store.damage(name)
        if (isWhole(damage)) {
          this.counters.repaired++
          log('repaired %s: its metadata from %s', where, metadataFrom === undefined ? 'a server found by its name' : `replica ${formatName(metadataFrom)}`)
          return { capsule: name, records: [], heartbeats: [], metadata: true, tiles: 0, from: metadataFrom, atUs: this.#c.clock() }
        }
        log('%s is damaged: %s', where, damage.firstFault)
      }
      if (damage.unrepairable.length > 0) throw new StoreCorruptionError(`${where} cannot be repaired: ${damage.unrepairable.join('; ')}; it is left as it was`)
      const count = damage.records.reduce((n, r) => n + r.to - r.from, 0)
      if (count > this.#init.maxRepairRecords) {
        throw new StoreCorruptionError(`${where}: ${count} records are damaged (${describeSeqRanges(damage.records)}), more than the ${this.#init.maxRepairRecords} one repair replaces; it is left as it was`)
      }
      let repaired: CapsuleRepair
      let from: Uint8Array | undefined
      if (count === 0 && damage.heartbeats.length === 0) repaired = await this.#c.store.repair(name, [])
      else ({ repaired, from } = await this.#fromPeers(name, damage, where, deadline))
      const after = await this.#c.store.damage(name)
      if (!isWhole(after)) throw new StoreCorruptionError(`${where} is still damaged after its repair: ${after.firstFault ?? 'unknown fault'}`)
      this.counters.repaired++
      if (from === undefined) log('repaired %s: %d Merkle tiles derived again from its own records', where, repaired.tiles.length)
      else log('repaired %s: %s from replica %s, %d Merkle tiles derived again', where, describeDamage({ ...damage, records: repaired.records, heartbeats: repaired.heartbeats }), formatName(from), repaired.tiles.length)
      return { capsule: name, records: repaired.records, heartbeats: repaired.heartbeats, metadata: metadataMended, tiles: repaired.tiles.length, from: from ?? metadataFrom, atUs: this.#c.clock() }
    } catch (err) {
      // Not held here (an operator's repair of another server's capsule, one deleted meanwhile): nothing failed.
      if (err instanceof CapsuleNotFoundError) throw err
      this.counters.failed++
      this.#failuresLogged.note(id, (more) => { log.error('repairing %s failed: %s%s', where, (err as Error).message, more) })
      throw err
    }
  }

  /**
   * What `ask` gets from one peer, given its share of the repair's time
   * left (until `deadline`, shared among `peersLeft` peers not asked yet).
   * Past it, its signal is aborted (the peer's read given up) and this
   * rejects with a RequestTimeoutError: the peer could not send its copy.
   */
  async #inTime<T> (deadline: number, peersLeft: number, ask: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const shareMs = Math.max(0, deadline - performance.now()) / peersLeft
    const outOfTime = new AbortController()
    const timedOut = new Promise<never>((resolve, reject) => { outOfTime.signal.addEventListener('abort', () => { reject(outOfTime.signal.reason) }) })
    const timer = setTimeout(() => { outOfTime.abort(new RequestTimeoutError(`its copy did not come within ${Math.round(shareMs)} ms, its share of what was left of the ${this.#init.maxRepairMs} ms a repair takes at most (maxRepairMs)`)) }, shareMs)
    try {
      // Raced too: the answer is not waited for past the time even where the client goes on with it.
      return await Promise.race([ask(outOfTime.signal), timedOut])
    } finally {
      clearTimeout(timer)
    }
  }

  /**
   * Counts and logs a peer passed over, as one that could not send its copy
   * (`unavailable`: its request failed or was refused, or it holds no such
   * records) or one whose copy did not verify (`refused`); what the error
   * says of it, with the peer named.
   */
  #passedOver (err: Error, peer: Uint8Array, what: string, where: string, refusals: Refusals): void {
    const unavailable = err instanceof RequestRefusedError || err instanceof RequestTimeoutError || err instanceof LinkTimeoutError || err instanceof LinkCongestedError || err instanceof CapsuleNotFoundError || err instanceof ServiceStoppedError || err instanceof RepairTooLargeError
    if (unavailable) this.counters.unavailable++
    else { this.counters.refused++; refusals.verified = false }
    log('%s: %s from replica %s is %s: %s', where, what, formatName(peer), unavailable ? 'not to be had' : 'refused', err.message)
    refusals.said.push(`${formatName(peer)}${unavailable ? ' could not send its copy' : '\'s copy does not verify'}: ${err.message}`)
  }

  /**
   * The capsule's metadata from the first peer whose copy is this capsule's
   * (CapsuleStore.repairMetadata checks it), or, with no peer known, from a
   * server found by its name (#metadataByName), written; that server, where
   * it is known.
   */
  async #metadataFromPeers (name: Uint8Array, damage: CapsuleDamage, where: string, deadline: number): Promise<Uint8Array | undefined> {
    const client = this.#c.client
    if (client === undefined) throw new StoreCorruptionError(`${where}: its metadata row is damaged (${damage.firstFault}) and it has no other replica to repair it from; it is left as it was`)
    const peers = this.#c.peers(name)
    if (peers.length === 0) return await this.#metadataByName(client, name, damage, where, deadline)
    const refusals: Refusals = { said: [], verified: true }
    for (const [i, peer] of peers.entries()) {
      try {
        const { metadata } = await this.#inTime(deadline, peers.length - i, async () => await client.info(name, { replica: peer }))
        await this.#c.store.repairMetadata(name, metadata)
        return peer
      } catch (err) {
        if (err instanceof StoreWriteError || err instanceof StoreClosedError) throw err
        this.#passedOver(err as Error, peer, 'the metadata', where, refusals)
      } finally {
        client.forget(name)
      }
    }
    const none = refusals.verified ? 'no replica could send its copy of it' : 'no replica\'s copy of it is this capsule\'s'
    throw new StoreCorruptionError(`${where}: its metadata row is damaged and ${none} (${refusals.said.join('; ')}); it is left as it was`)
  }

  /**
   * A capsule whose metadata is damaged and whose other replicas are not
   * known here: a capsule of one replica, or one whose replica set row went
   * with its metadata row. A log LevelDB cut short (a power loss) loses a
   * capsule's create whole, its set written in the batch after its
   * metadata, and the store still finds it by its evidence: it was left
   * unmended for good, though its peers held it whole. Its metadata is
   * asked for by the capsule's name, which the overlay takes to a server
   * that holds it (this one does not serve it meanwhile, askingByName, and
   * leaves it out of its advertisements while its metadata is damaged), and
   * its set taken from that server's answer (learnLostSet). The server that
   * answered, or undefined when it is not said.
   */
  async #metadataByName (client: ReplicaClient, name: Uint8Array, damage: CapsuleDamage, where: string, deadline: number): Promise<Uint8Array | undefined> {
    const id = formatName(name)
    let info: CapsuleInfo
    this.#askingByName.add(id)
    try {
      // Within the repair's time as a peer's copy is: waited for as long as the client let it, a server that
      // stalled held the repair, and the read that met the damage, past maxRepairMs.
      info = await this.#inTime(deadline, 1, async () => await client.info(name, {}))
    } catch (err) {
      throw new StoreCorruptionError(`${where}: its metadata row is damaged (${damage.firstFault}), no other replica of it is known here, and asked for by the capsule's name no server sent it (${(err as Error).message}); it is left as it was`)
    } finally {
      this.#askingByName.delete(id)
      client.forget(name)
    }
    try {
      await this.#c.store.repairMetadata(name, info.metadata)
    } catch (err) {
      if (err instanceof StoreWriteError || err instanceof StoreClosedError) throw err
      throw new StoreCorruptionError(`${where}: its metadata row is damaged (${damage.firstFault}), no other replica of it is known here, and the copy a server sent when asked by the capsule's name is refused: ${(err as Error).message}; it is left as it was`)
    }
    try {
      await this.#c.learnLostSet?.(name, info)
    } catch (err) {
      log('%s: its metadata mended by its name, its replica set not taken from that server: %s', where, (err as Error).message)
    }
    return info.server
  }

  /** The damaged records and heartbeats from the first peer whose copy the store accepts, written. */
  async #fromPeers (name: Uint8Array, damage: CapsuleDamage, where: string, deadline: number): Promise<{ repaired: CapsuleRepair, from: Uint8Array }> {
    const what = describeDamage(damage)
    const one = damage.records.length === 0 && damage.heartbeats.length === 1
    const [are, them] = one ? ['is', 'it'] : ['are', 'them']
    const client = this.#c.client
    const peers = client === undefined ? [] : this.#c.peers(name)
    if (client === undefined || peers.length === 0) throw new StoreCorruptionError(`${where}: ${what} ${are} damaged (${damage.firstFault}) and it has no other replica to repair ${them} from; it is left as it was`)
    const metadata = await this.#c.store.signedMetadata(name)
    const refusals: Refusals = { said: [], verified: true }
    for (const [i, peer] of peers.entries()) {
      try {
        const { records, heartbeats } = await this.#inTime(deadline, peers.length - i, async (signal) => {
          // A damaged last heartbeat: the peer's copy of it first, then what is damaged against it.
          let found = damage
          if (damage.lastHeartbeatDamaged) found = await this.#c.store.damage(name, await this.#heartbeatAt(client, name, metadata, damage.size, peer, signal))
          return await this.#fetch(client, name, metadata, found, peer, signal)
        })
        return { repaired: await this.#c.store.repair(name, records, heartbeats), from: peer }
      } catch (err) {
        // Damage the copy does not cover, or a write that failed: no other peer's copy mends that.
        if (err instanceof StoreCorruptionError || err instanceof StoreWriteError || err instanceof StoreClosedError) throw err
        this.#passedOver(err as Error, peer, `the copy of ${what}`, where, refusals)
      } finally {
        client.forget(name)
      }
    }
    // Said apart: copies that did not verify (a lying peer, another history) need a look, peers away only time.
    const none = refusals.verified ? `no replica could send its copy of ${them}` : `no replica's copy of ${them} verifies against its heartbeats and records`
    throw new StoreCorruptionError(`${where}: ${what} ${are} damaged and ${none} (${refusals.said.join('; ')}); it is left as it was`)
  }

  /**
   * The damaged records and heartbeats as `peer` holds them: unchecked but
   * for their numbers and sizes (the store checks the rest). A heartbeat
   * comes with the read of the record it ends: the peer must hold one at
   * that very size (its batches end where this replica's do when it has the
   * writer's batches, as replicas that pass appends on do).
   */
  async #fetch (client: ReplicaClient, name: Uint8Array, metadata: SignedMetadata, damage: CapsuleDamage, peer: Uint8Array, signal: AbortSignal): Promise<{ records: CapsuleRecord[], heartbeats: SignedHeartbeat[] }> {
    const records: CapsuleRecord[] = []
    const heartbeats = new Map<number, SignedHeartbeat>()
    const wanted = new Set(damage.heartbeats)
    const most = this.#init.maxRepairBytes
    let bytes = 0
    const read = async (range: SeqRange): Promise<CapsuleRecord[]> => {
      // Without inclusion proofs: the store checks each record against the capsule's own heartbeats. The answer ends
      // with the record that reaches what is left of the bound (the client refuses any after it).
      const got = await client.readBatches(name, { ...range, maxBytes: Math.max(1, most - bytes) }, metadata, { replica: peer }, false, signal)
      for (const hb of got.heartbeats) if (wanted.has(hb.heartbeat.size)) heartbeats.set(hb.heartbeat.size, hb)
      return got.records
    }
    for (const range of damage.records) {
      const got = await read(range)
      const misplaced = got.findIndex((r, i) => r.header.seqno !== range.from + i)
      if (misplaced !== -1 || got.length > range.to - range.from) throw new ChainMismatchError(`asked for records ${range.from}..${range.to - 1}, it sent ${misplaced === -1 ? `${got.length} records` : `record ${got[misplaced]!.header.seqno} in place of ${range.from + misplaced}`}`)
      bytes += payloadBytes(got)
      if (bytes > most || (bytes === most && got.length < range.to - range.from)) throw new RepairTooLargeError(`its copy of the damaged records holds more than the ${most} payload bytes one repair holds (maxRepairBytes): records ${range.from}..${range.from + got.length - 1} alone bring it to ${bytes}`)
      // A peer that does not hold them all yet (a replica catching up) sends what it holds.
      if (got.length !== range.to - range.from) throw new RecordNotFoundError(`asked for records ${range.from}..${range.to - 1}, it sent ${got.length} records`)
      records.push(...got)
    }
    for (const size of damage.heartbeats) {
      if (!heartbeats.has(size)) heartbeats.set(size, await this.#heartbeatAt(client, name, metadata, size, peer, signal))
    }
    return { records, heartbeats: [...heartbeats.values()] }
  }

  /** The heartbeat `peer` holds at `size`, which comes with the read of the record it ends (the store checks it). */
  async #heartbeatAt (client: ReplicaClient, name: Uint8Array, metadata: SignedMetadata, size: number, peer: Uint8Array, signal: AbortSignal): Promise<SignedHeartbeat> {
    const got = await client.readBatches(name, { from: size - 1, to: size }, metadata, { replica: peer }, false, signal)
    const heartbeat = got.heartbeats.find((hb) => hb.heartbeat.size === size)
    if (heartbeat === undefined) throw new RecordNotFoundError(`asked for the heartbeat at size ${size}, it holds none there (its batches end elsewhere)`)
    return heartbeat
  }
}

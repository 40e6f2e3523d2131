/**
 * The key-value reads a storage server answers for the key-value capsules
 * it holds (docs/kv.md section 11): every read of section 3 at any version
 * or time, from the capsule's LevelDB index, with a proof when asked. A
 * replica or any other server holding the capsule answers the same reads,
 * read-only: writes are appends, which only the writer signs.
 */
import { logger } from '@libp2p/logger'
import { formatName } from '../capsule/name.js'
import { InvalidArgumentError, KvProofUnavailableError, ServerBusyError } from '../errors.js'
import { boundsOf, checkKey, prefixRange, type KeyBounds, type KeyRange } from '../kv/format.js'
import { DEFAULT_TREE_CACHE_NODES, KvIndex, type KvIndexView } from '../kv/index.js'
import { NodeCache } from '../kv/node-cache.js'
import { RECENT_RECORDS, RecentRecords } from '../kv/recent-records.js'
import { entryBytes, type KvAt, type KvEntry } from '../kv/model.js'
import { encodeKvProof } from '../kv/proof.js'
import { keysForWrite, MAX_REBUILT_PROOF_KEYS, proveKvRead, type KvProofQuery } from '../kv/prover.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import { pb, safeUint } from '../wire/index.js'
import { Turns } from './turns.js'

const log = logger('gdp:server:kv')

export interface KvServiceInit {
  /** Indexes kept open; the least recently read is closed first. @default 16 */
  maxOpenIndexes?: number
  /** Decoded state tree nodes kept in memory for all indexes together (about 1.2 KB each). @default DEFAULT_TREE_CACHE_NODES (262,144) */
  treeCacheNodes?: number
  /** Entries, history writes or diff entries per response, at most; longer answers come in pages. @default 1000 */
  maxEntriesPerResponse?: number
  /** Key and value bytes per response, at most (a single larger entry still goes alone). @default 8 MiB */
  maxBytesPerResponse?: number
  /**
   * Reads answered at once; the others wait their turn, each requester's
   * in the order they came and the requesters in rotation. One read may hold a diff's 100,000 keys or rebuild a past state's
   * tree of 100,000 nodes for its proof (each about 100 MB): without a bound,
   * a flood of them could take all the server's memory. @default 4
   */
  maxConcurrentReads?: number
  /**
   * Reads waiting for a turn, at most; past it, the requester waiting with
   * the most gives up its newest if it waits with more than one over the
   * newcomer's requester, else the newcomer is refused; either with
   * ServerBusyError (CONGESTION). @default 1024
   */
  maxWaitingReads?: number
  /**
   * Keys a past state may hold for its proof to be built (its tree is
   * rebuilt from the whole state: the index keeps only the latest); a
   * larger one is answered without a proof, saying why. @default MAX_REBUILT_PROOF_KEYS (100,000)
   */
  maxRebuiltProofKeys?: number
  /**
   * Payload bytes of the records near their tips that watches read, kept
   * for all indexes together (read and decoded once for every watch of a
   * capsule); the record just read is kept even when larger. @default 32 MiB
   */
  recentRecordBytes?: number
}

/** Records near the tips kept for all of a server's indexes together: as many as its default 16 open indexes would keep each. */
const SHARED_RECENT_RECORDS = 16 * RECENT_RECORDS

export interface KvServiceComponents {
  store: CapsuleStore
}

/** Keys one get may ask for, at most. */
export const MAX_GET_KEYS = 64
/** Keys one read for a write may name, at most: a proof of their paths stays far below MAX_PROOF_NODES. */
export const MAX_PROVE_WRITE_KEYS = 1000

const EMPTY = new Uint8Array(0)
/**
 * About the bytes a key-value answer takes on the wire (keys, values, the
 * proof; not the framing): a large one is announced with a heads-up, as a
 * large read is, so that every router on the way waits for it long enough.
 */
export function kvReadBytes (response: pb.IKvReadResponse): number {
  const entry = (e: pb.IKvEntry | null | undefined): number => e == null ? 0 : (e.key?.length ?? 0) + (e.value?.length ?? 0)
  let bytes = response.proof?.length ?? 0
  for (const e of response.entries ?? []) bytes += entry(e)
  for (const d of response.diff ?? []) bytes += (d.key?.length ?? 0) + entry(d.before) + entry(d.after)
  for (const h of response.history ?? []) bytes += h.value?.length ?? 0
  return bytes
}

const bytesOf = (b: Uint8Array | null | undefined): Uint8Array | undefined => b == null || b.length === 0 ? undefined : b

/** The key range a scan names: a prefix, or bounds. */
export function scanBounds (scan: pb.IKvScan | null | undefined): { range: KeyRange, bounds: KeyBounds } {
  const prefix = bytesOf(scan?.prefix)
  const range: KeyRange = {}
  for (const side of ['gt', 'gte', 'lt', 'lte'] as const) {
    const key = bytesOf(scan?.[side])
    if (key !== undefined) {
      checkKey(key)
      range[side] = key
    }
  }
  if (prefix !== undefined) {
    if (Object.keys(range).length > 0) throw new InvalidArgumentError('a scan takes a prefix or bounds, not both')
    checkKey(prefix)
    const scanned = prefixRange(prefix)
    return { range: scanned, bounds: boundsOf(scanned) }
  }
  return { range, bounds: boundsOf(range) }
}

export function entryToPb (e: KvEntry): pb.IKvEntry {
  return { key: e.key, value: e.value, encryptionEpoch: e.encryptionEpoch, seqno: e.seqno, timestampUs: e.timestampUs }
}


export class KvService {
  readonly #store: CapsuleStore
  readonly #maxOpen: number
  readonly #maxEntries: number
  readonly #maxBytes: number
  readonly #treeNodes: NodeCache
  /** The records near the tips that watches of every index read. */
  readonly recentRecords: RecentRecords
  readonly #turns: Turns
  readonly #maxWaiting: number
  readonly #maxRebuiltProofKeys: number
  /** Open indexes by capsule name (hex), least recently read first. */
  readonly #indexes = new Map<string, Promise<KvIndex>>()

  constructor (init: KvServiceInit, components: KvServiceComponents) {
    this.#store = components.store
    this.#maxOpen = init.maxOpenIndexes ?? 16
    this.#maxEntries = init.maxEntriesPerResponse ?? 1000
    this.#maxBytes = init.maxBytesPerResponse ?? 8 * 1024 * 1024
    this.#treeNodes = new NodeCache(init.treeCacheNodes ?? DEFAULT_TREE_CACHE_NODES)
    this.recentRecords = new RecentRecords(SHARED_RECENT_RECORDS, init.recentRecordBytes ?? 32 * 1024 * 1024)
    this.#turns = new Turns(init.maxConcurrentReads ?? 4)
    this.#maxWaiting = init.maxWaitingReads ?? 1024
    this.#maxRebuiltProofKeys = init.maxRebuiltProofKeys ?? MAX_REBUILT_PROOF_KEYS
  }

  /** Forgets the index of a capsule that is gone (its rows go with it). */
  forget (name: Uint8Array): void {
    this.#indexes.delete(Buffer.from(name).toString('hex'))
    this.recentRecords.forget(formatName(name))
  }

  /** The index of a key-value capsule this server holds, open or opened now. Throws CapsuleNotFoundError when it holds none of that name. */
  async index (name: Uint8Array): Promise<KvIndex> {
    return await this.#index(await this.#store.capsule(name))
  }

  /**
   * Answers one read, in its turn. Throws MalformedMessageError for a
   * capsule that is not a key-value capsule, InvalidArgumentError for a bad
   * request, ServerBusyError when maxWaitingReads wait already and
   * `requester` (whose turns it takes: Turns) waits with as many as any
   * other but one; or when it waited, and another requester that waited
   * with fewer took its place.
   */
  async read (capsule: StoredCapsule, request: pb.IKvReadRequest, requester = ''): Promise<pb.IKvReadResponse> {
    const busy = (): ServerBusyError => new ServerBusyError(`this server has ${this.#turns.waiting} key-value reads waiting already; retry later`)
    if (this.#turns.waiting >= this.#maxWaiting && !this.#turns.makeRoom(requester, busy())) throw busy()
    const endTurn = await this.#turns.take(requester)
    try {
      return await this.#read(capsule, request)
    } finally {
      endTurn()
    }
  }

  async #read (capsule: StoredCapsule, request: pb.IKvReadRequest): Promise<pb.IKvReadResponse> {
    const index = await this.#index(capsule)
    const at: KvAt | undefined = request.at === 'version' ? { version: Number(request.version) } : request.at === 'atUs' ? { timestampUs: Number(request.atUs) } : undefined
    const view = await index.view(at)
    const version = view.version
    const response: pb.IKvReadResponse = { version }
    switch (request.query) {
      case undefined: return response
      case 'get': return await this.#get(index, view, request, response)
      case 'proveWrite': {
        const keys = request.proveWrite?.keys ?? []
        if (keys.length > MAX_PROVE_WRITE_KEYS) throw new InvalidArgumentError(`a read for a write names at most ${MAX_PROVE_WRITE_KEYS} keys, got ${keys.length}`)
        for (const key of keys) checkKey(key)
        const proven = await index.exclusive(async () => {
          if (version !== index.version) throw new InvalidArgumentError(`a read for a write is of the latest version (${index.version}), not ${version}`)
          return await keysForWrite(index, keys)
        })
        await this.#prove(index, version, { keys: proven }, response)
        return response
      }
      case 'range': {
        const { range, bounds } = scanBounds(request.range)
        const reverse = request.range?.reverse === true
        const limit = Number(request.range?.limit ?? 0)
        const wanted = limit === 0 ? Infinity : limit
        const { entries: taken, more } = await view.rangePage({ ...range, reverse, limit: Math.min(wanted, this.#maxEntries), maxBytes: this.#maxBytes })
        response.entries = taken.map(entryToPb)
        // The answer is the `limit` entries asked for: more says this page ended before it did, not that keys follow.
        response.more = more && taken.length < wanted
        if (request.proof === true) {
          // The proof covers the keys sent: up to the last one when the answer stops before the range does.
          const last = taken.at(-1)
          const cut = last !== undefined && (more || taken.length === wanted)
          const proven = !cut ? bounds : reverse ? { start: last.key, ...(bounds.end === undefined ? {} : { end: bounds.end }) } : { ...(bounds.start === undefined ? {} : { start: bounds.start }), end: Buffer.concat([last.key, Uint8Array.of(0)]) }
          await this.#prove(index, version, { range: proven }, response)
        }
        return response
      }
      case 'count': {
        const { range, bounds } = scanBounds(request.count)
        response.count = await view.count(range)
        if (request.proof === true) await this.#prove(index, version, { count: bounds }, response)
        return response
      }
      case 'history': {
        const key = request.history?.key ?? EMPTY
        checkKey(key)
        const fromSeqno = safeUint(Number(request.history?.fromSeqno ?? 0), 'history from_seqno')
        const { writes, more } = await view.history(key, { fromSeqno, limit: this.#maxEntries, maxBytes: this.#maxBytes })
        response.history = writes.map((w) => w.type === 'put' ? { put: true, value: w.value, encryptionEpoch: w.encryptionEpoch, seqno: w.seqno, timestampUs: w.timestampUs } : { seqno: w.seqno, timestampUs: w.timestampUs })
        response.more = more
        return response
      }
      case 'diff': {
        const { bounds } = scanBounds(request.diff?.range)
        const { entries, more } = await index.diff(safeUint(Number(request.diff?.from ?? 0), 'diff from'), version, bounds, { limit: this.#maxEntries, maxBytes: this.#maxBytes })
        response.diff = entries.map((d) => ({ key: d.key, before: d.before === undefined ? null : entryToPb(d.before), after: d.after === undefined ? null : entryToPb(d.after) }))
        response.more = more
        return response
      }
      case 'findBlob': {
        const hash = request.findBlob ?? EMPTY
        if (hash.length !== 32) throw new InvalidArgumentError(`find_blob takes a SHA-256 hash of 32 bytes, got ${hash.length}`)
        const seqno = await index.findBlob(hash)
        return seqno === undefined ? { ...response, found: false } : { ...response, found: true, blobSeqno: seqno }
      }
      default: throw new InvalidArgumentError(`unknown key-value query ${String(request.query)}`)
    }
  }

  async #get (index: KvIndex, view: KvIndexView, request: pb.IKvReadRequest, response: pb.IKvReadResponse): Promise<pb.IKvReadResponse> {
    const keys = request.get?.keys ?? []
    if (keys.length === 0 || keys.length > MAX_GET_KEYS) throw new InvalidArgumentError(`a get asks for 1 to ${MAX_GET_KEYS} keys, got ${keys.length}`)
    for (const key of keys) checkKey(key)
    const entries: KvEntry[] = []
    let bytes = 0
    let answered = 0
    for (const key of keys) {
      const entry = await view.get(key)
      const size = entry === undefined ? 0 : entryBytes(entry)
      if (answered > 0 && bytes + size > this.#maxBytes) break
      bytes += size
      answered++
      if (entry !== undefined) entries.push(entry)
    }
    response.entries = entries.map(entryToPb)
    response.more = answered < keys.length
    if (request.proof === true) await this.#prove(index, view.version, { keys }, response)
    return response
  }

  /** Adds a proof to the response, or says why there is none. */
  async #prove (index: KvIndex, version: number, query: KvProofQuery, response: pb.IKvReadResponse): Promise<void> {
    try {
      response.proof = encodeKvProof(await proveKvRead(index, version, query, this.#maxRebuiltProofKeys))
    } catch (err) {
      if (!(err instanceof KvProofUnavailableError)) throw err
      response.proofMissing = err.message
    }
  }

  async #index (capsule: StoredCapsule): Promise<KvIndex> {
    const key = Buffer.from(capsule.name).toString('hex')
    let index = this.#indexes.get(key)
    if (index !== undefined) {
      this.#indexes.delete(key)
    } else {
      index = KvIndex.open(this.#store, capsule.name, { nodeCache: this.#treeNodes, recentRecords: this.recentRecords })
      index.catch(() => { this.#indexes.delete(key) })
      log('opening the key-value index of %s', formatName(capsule.name))
    }
    this.#indexes.set(key, index)
    while (this.#indexes.size > this.#maxOpen) this.#indexes.delete(this.#indexes.keys().next().value!)
    return await index
  }
}

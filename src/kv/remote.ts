/**
 * A key-value capsule behind the overlay (docs/kv.md section 11): reads
 * are answered by the nearest server holding the capsule, each with a
 * proof checked here against the writer's signed heartbeat, so the server
 * need not be trusted; writes are signed here and appended through the
 * overlay, each ending with a checkpoint computed from a proof of the paths
 * the write changes (the writer never holds the whole state).
 */
import type { CapsuleWriter } from '../capsule/writer.js'
import type { Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import type { CapsuleMetadata, SignedMetadata } from '../capsule/types.js'
import type { GdpClient, WriterJournal } from '../client/client.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { bytesToHex } from '../crypto/bytes.js'
import { ChainMismatchError, InvalidArgumentError, InvalidProofError, KvProofUnavailableError, PreconditionFailedError, RequestRefusedError, UnexpectedResponseError, VersionNotHeldError, WriterConflictError, WrongKeyError } from '../errors.js'
import type { pb } from '../wire/index.js'
import type { KvChange, KvCondition, KvReadView, KvWriteReceipt, KvWriter } from './api.js'
import { changeOf, checkConditions, kvWriteOf, KvBatchWriter, type ConditionFacts } from './changes.js'
import { blobData, blobRecordLength, boundsOf, checkBlobRange, checkKey, checkTime, checkVersion, compareKeys, describeKey, encodeKvRecord, inBounds, MAX_KEY_LENGTH, prefixRange, rangeAbove, requireKvCapsule, VERSION_NOT_HELD, type KeyBounds, type KeyRange, type KvOp } from './format.js'
import { checkPage, diffBytes, entryBytes, historyBytes, pager, type KvAt, type KvEntryPage, type KvScanPageOptions, type KvDiffEntry, type KvDiffPage, type KvEntry, type KvHistoryEntry, type KvHistoryOptions, type KvHistoryPage, type KvPageOptions, type KvScanOptions } from './model.js'
import { checkValue, coversTimestamp, decodeKvProof, verifyKvProof, type ProvenKvState } from './proof.js'
import { formatTime } from '../capsule/time.js'
import { NodeNeeded, TreeEdit } from './tree-edit.js'
import { EMPTY_COMMITMENT, type KvCommitment, type KvTreeEntry } from './tree.js'

export interface RemoteKvInit {
  /** The writer key; without it the capsule is read-only. */
  signer?: Signer
  /**
   * Ask for a proof of every get, range and count and check it: a read the
   * server cannot prove is refused (KvProofUnavailableError). History, diff
   * and watch are not proven this way (docs/kv.md section 6.5). @default true
   */
  verify?: boolean
  /** Microseconds since the epoch, to stamp appends. @default Date.now() * 1000 */
  clock?: () => number
  /** Read from this replica (its node name) rather than the nearest one. */
  replica?: Uint8Array
  /**
   * Read from the replica with the longest head among a read quorum
   * (GdpClient.latestInfo) rather than the nearest one, which may have
   * missed writes a quorum acknowledged (it was down). Not with `replica`.
   */
  latest?: boolean
  /** What the writer key signed before (GdpClient.writer): no replica showing less makes it sign over it. */
  journal?: WriterJournal
  /**
   * Refuses a capsule not of the kind the caller wants, on its metadata, before anything else is asked: a file
   * capsule's check (requireFilesCapsule) names that kind. @default requireKvCapsule
   */
  requireKind?: (metadata: CapsuleMetadata) => void
}

/**
 * Tries of a write without conditions that finds the writer's tip moved on
 * by another session of the writer: with 5, three writers on each of two
 * gateways had 2 of 90 writes refused (an attack on the gateways).
 */
const STALE_TIP_ATTEMPTS = 8
/** The most the first retry waits; each later one doubles it (random below it: the sessions fall apart), up to STALE_TIP_WAIT_MAX_MS. */
const STALE_TIP_WAIT_MS = 20
const STALE_TIP_WAIT_MAX_MS = 1000
/** Keys per read for a write (the server's MAX_PROVE_WRITE_KEYS). */
const PROVE_WRITE_KEYS = 1000
/** Payload bytes per append of blobs: well inside a PDU. */
const BLOB_APPEND_BYTES = 8 * 1024 * 1024

const EMPTY = new Uint8Array(0)

function uint (value: number | { toNumber: () => number } | null | undefined, what: string): number {
  const n = Number(value ?? 0)
  if (!Number.isSafeInteger(n) || n < 0) throw new UnexpectedResponseError(`${what} is not an integer in [0, 2^53)`)
  return n
}

/** A key the server sent, checked to be one (1 to MAX_KEY_LENGTH bytes). */
function keyFromPb (key: Uint8Array | null | undefined, what: string): Uint8Array {
  try {
    checkKey(key ?? EMPTY)
  } catch (err) {
    throw new UnexpectedResponseError(`${what}: ${(err as Error).message}`)
  }
  return key!
}

function entryFromPb (e: pb.IKvEntry | null | undefined, what: string): KvEntry {
  if (e == null) throw new UnexpectedResponseError(`${what}: no entry`)
  const key = keyFromPb(e.key, what)
  return { key, value: e.value ?? EMPTY, encryptionEpoch: e.encryptionEpoch ?? 0, seqno: uint(e.seqno, `${what} seqno`), timestampUs: uint(e.timestampUs, `${what} timestamp`) }
}

/**
 * Throws InvalidArgumentError for an empty bound: no key is empty, and
 * protobuf leaves empty bytes off the wire, so the server would scan
 * without the bound while the answer was checked against it.
 */
function refuseEmptyBounds (range: KeyRange): void {
  for (const side of ['gt', 'gte', 'lt', 'lte'] as const) {
    if (range[side]?.length === 0) throw new InvalidArgumentError(`the key bound ${side} is empty: keys are 1 to ${MAX_KEY_LENGTH} bytes; leave the bound out for none`)
  }
}

function scanToPb (range: KeyRange, extra: { reverse?: boolean, limit?: number } = {}): pb.IKvScan {
  refuseEmptyBounds(range)
  return { gt: range.gt, gte: range.gte, lt: range.lt, lte: range.lte, reverse: extra.reverse, limit: extra.limit }
}

/** Whether a proven entry is the one the server sent (its value checked by hash). */
function sameEntry (proven: KvTreeEntry, sent: KvEntry): boolean {
  return equalBytes(proven.key, sent.key) && proven.seqno === sent.seqno && proven.encryptionEpoch === sent.encryptionEpoch && equalBytes(proven.valueHash, sha256(sent.value))
}

export class RemoteKv extends KvBatchWriter implements KvWriter {
  readonly name: Uint8Array
  readonly #client: GdpClient
  readonly #metadata: SignedMetadata
  readonly #signer: Signer | undefined
  readonly #verify: boolean
  readonly #clock: () => number
  readonly #replica: Uint8Array | undefined
  readonly #journal: WriterJournal | undefined
  #writer: CapsuleWriter | undefined
  /** The writer's tip and the commitment of its state, when this writer made it. */
  #tip: { size: number, commitment: KvCommitment } | undefined
  /** Writes one at a time: each is built on the tip the one before left. */
  #writing: Promise<unknown> = Promise.resolve()

  private constructor (client: GdpClient, name: Uint8Array, metadata: SignedMetadata, init: RemoteKvInit) {
    super()
    this.name = name
    this.#client = client
    this.#metadata = metadata
    this.#signer = init.signer
    this.#verify = init.verify ?? true
    this.#clock = init.clock ?? (() => Date.now() * 1000)
    this.#replica = init.replica
    this.#journal = init.journal
  }

  /** Opens key-value capsule `name` through `client`: its metadata, checked against its name. Throws MalformedMessageError for a capsule that is not a key-value capsule. */
  static async open (client: GdpClient, name: Uint8Array, init: RemoteKvInit = {}): Promise<RemoteKv> {
    if (init.latest === true && init.replica !== undefined) throw new InvalidArgumentError('read the latest head of a read quorum, or from one replica: not both')
    const info = await client.info(name)
    const requireKind = init.requireKind ?? requireKvCapsule
    requireKind(info.metadata.metadata)
    if (init.signer !== undefined && !equalBytes(init.signer.publicKey, info.metadata.metadata.writer.key)) throw new WrongKeyError(`this key is not the writer key of capsule ${formatName(name)}`)
    const replica = init.latest === true ? (await client.latestInfo(name)).server : init.replica
    return new RemoteKv(client, name, info.metadata, { ...init, ...(replica === undefined ? {} : { replica }) })
  }

  /** The capsule's metadata, checked against its name. */
  get metadata (): CapsuleMetadata { return this.#metadata.metadata }

  /**
   * One read; with a proof asked for, the proven state, checked to be of the
   * version read and, for a state asked for by time (`atUs`), to be the
   * state at that time: the server turns the time into a version, and only
   * the proof's time bounds (docs/kv.md section 6.4) show it chose the right one.
   */
  async read (request: pb.IKvReadRequest, prove = false, atUs?: number): Promise<{ response: pb.IKvReadResponse, proven?: ProvenKvState }> {
    const response = await this.#refusalsAsLocal(async () => await this.#client.kvRead(this.name, { ...request, proof: prove }, this.#replica === undefined ? {} : { replica: this.#replica }))
    const version = uint(response.version, 'version')
    // Asked for a version, answered with another's state and that state's own proof: a read of the past showed the present.
    if (request.version != null && version !== Number(request.version)) throw new UnexpectedResponseError(`asked for version ${Number(request.version)}, the server answered with version ${version}`)
    if (!prove) return { response }
    if (response.proof == null || response.proof.length === 0) throw new KvProofUnavailableError(response.proofMissing ?? `the server sent no proof of version ${version}`)
    const proven = verifyKvProof(decodeKvProof(response.proof), this.name, this.#metadata.metadata)
    if (proven.version !== version && proven.lastVersion !== version) throw new InvalidProofError(`the proof is of version ${proven.version}, the answer of version ${version}`)
    if (atUs !== undefined && !coversTimestamp(proven, atUs)) {
      if (proven.time === undefined) throw new KvProofUnavailableError(`the proof of version ${version} does not show which times that state lasted, so it cannot show it is the state at ${formatTime(atUs)}: ask by version, or trust the server`)
      throw new InvalidProofError(`the server answered for ${formatTime(atUs)} with version ${version}, whose state lasted from ${formatTime(proven.time.fromUs)}${proven.time.untilUs === undefined ? '' : ` until ${formatTime(proven.time.untilUs)}`}`)
    }
    // A state shown lasting on from its checkpoint lasts only as far as its heartbeat's history goes: records after it
    // are stamped at or after that heartbeat, so a time before it is covered, but one at or after it is not where this
    // client verified a heartbeat of more records (docs/kv.md section 6.4).
    const known = this.#client.knownHead(this.name)?.heartbeat
    if (atUs !== undefined && proven.time?.untilUs === undefined && known !== undefined && known.size > proven.heartbeat.size && atUs >= proven.heartbeat.timestampUs) {
      throw new InvalidProofError(`the server answered for ${formatTime(atUs)} from the writer's heartbeat of ${proven.heartbeat.size} records, but this client verified one of ${known.size}: records after it may be stamped at or before that time`)
    }
    return { response, proven }
  }

  async view (at?: KvAt): Promise<KvReadView> {
    if (at !== undefined && !('version' in at)) checkTime(at.timestampUs)
    const request: pb.IKvReadRequest = at === undefined ? {} : 'version' in at ? { version: at.version } : { atUs: at.timestampUs }
    const { response } = await this.read(request)
    const version = uint(response.version, 'version')
    const atUs = at !== undefined && 'timestampUs' in at ? at.timestampUs : undefined
    if (atUs !== undefined && version === 0 && this.#verify) {
      // The empty state is read without a proof: it is the state at that time only if no record is stamped at or before it.
      const [first] = await this.#client.read(this.name, { range: { from: 0, to: 1 } }, this.#metadata)
      if (first !== undefined && first.header.timestampUs <= atUs) throw new InvalidProofError(`the server answered for ${formatTime(atUs)} with the empty state, but record 0 is stamped ${formatTime(first.header.timestampUs)}`)
    }
    return new RemoteKvView(this, version, this.#verify, atUs)
  }

  /** The page `page` asks for, in as many of the server's pages as it takes (its own are bounded). */
  async diff (from: number, to: number, range: KeyRange = {}, page: KvPageOptions = {}): Promise<KvDiffPage> {
    checkPage(page)
    const taken = pager(page, diffBytes)
    let scan = range
    for (;;) {
      const { response } = await this.read({ version: to, diff: { from, range: scanToPb(scan) } })
      const entries = (response.diff ?? []).map((d, i): KvDiffEntry => {
        // Each is the server's word (not proven), but a key and entries of that key: an empty key was taken, and the
        // next page asked above it was refused as the caller's empty bound; an entry of another key was printed as
        // this one's.
        const entry: KvDiffEntry = { key: keyFromPb(d.key, `diff ${i}`) }
        if (d.before != null) entry.before = entryFromPb(d.before, `diff ${i} before`)
        if (d.after != null) entry.after = entryFromPb(d.after, `diff ${i} after`)
        const sides = [entry.before, entry.after].filter((e) => e !== undefined)
        if (sides.length === 0 || sides.some((e) => compareKeys(e.key, entry.key) !== 0)) throw new UnexpectedResponseError(`the server sent diff key ${describeKey(entry.key)} with ${sides.length === 0 ? 'no entry before or after' : 'the entry of another key'}`)
        return entry
      })
      const asked = boundsOf(scan)
      for (const [i, entry] of entries.entries()) {
        if (!inBounds(entry.key, asked) || (i > 0 && compareKeys(entries[i - 1]!.key, entry.key) >= 0)) throw new UnexpectedResponseError(`the server sent diff key ${describeKey(entry.key)} outside the range asked, or out of order`)
        if (!taken.add(entry)) return { entries: taken.items, more: true }
      }
      if (response.more !== true || entries.length === 0) return { entries: taken.items, more: false }
      scan = rangeAbove(range, entries.at(-1)!.key)
    }
  }

  async * watch (from: number, options: { range?: KeyRange, signal?: AbortSignal } = {}): AsyncGenerator<KvChange> {
    const bounds = boundsOf(options.range ?? {})
    // As a local watch does: a version past the head is refused, not waited for in silence.
    checkVersion(from, await this.#client.size(this.name))
    for await (const record of this.#client.watch(this.name, from, options.signal)) {
      const change = changeOf(record, bounds)
      if (change !== undefined) yield change
    }
  }

  async blobs (from: number, to: number, { maxLength }: { maxLength?: number } = {}): Promise<Uint8Array[]> {
    checkBlobRange(this.name, from, to)
    // Unchecked: the caller checks each blob against the hash that refers to it (KvReader.blobs), which
    // proves its bytes; proving the records as well hashed every byte twice. Nothing is kept by the client.
    const records = await this.#client.readUnchecked(this.name, { from, to }, this.#metadata, { maxPayloadLength: maxLength === undefined ? undefined : blobRecordLength(maxLength) })
    if (records.length !== to - from) throw new UnexpectedResponseError(`a read of records ${from}..${to - 1} brought ${records.length}`)
    return records.map((record, i) => {
      if (record.header.seqno !== from + i) throw new UnexpectedResponseError(`a read of records ${from}..${to - 1} brought record ${record.header.seqno} in place ${i}`)
      return blobData(this.name, from + i, record.payload)
    })
  }

  /**
   * The seqno of a stored blob with these bytes. The server's answer is
   * checked by reading the blob and hashing it: a writer
   * that dedups against it must not refer to bytes it does not have.
   * None when the server cannot read that blob (its record is damaged
   * there): the writer stores the bytes anew. A put of them failed instead,
   * for as long as the damage stayed, and for good where the capsule has no
   * other replica to mend it from.
   */
  async findBlob (hash: Uint8Array): Promise<number | undefined> {
    const { response } = await this.read({ findBlob: hash })
    if (response.found !== true) return undefined
    const seqno = uint(response.blobSeqno, 'blob seqno')
    let data: Uint8Array
    try {
      [data] = await this.blobs(seqno, seqno + 1) as [Uint8Array]
    } catch (err) {
      if (err instanceof RequestRefusedError && err.reason === 'SERVER_ERROR') return undefined
      throw err
    }
    if (!equalBytes(sha256(data), hash)) throw new InvalidProofError(`the server named blob ${seqno} for hash ${bytesToHex(hash)}, which holds other bytes`)
    return seqno
  }

  /**
   * Appends the operations with a checkpoint of the state after them. The
   * state before is the one a proof at the writer's tip shows (its
   * heartbeat signed by this writer): conditions are checked on it, and
   * the checkpoint computed from it. Throws ConditionFailedError (nothing
   * written), ChainMismatchError when the capsule moved on meanwhile (a
   * batch without conditions is tried once more, on the tip fetched
   * again: it depends on no state another writer could have changed), and
   * KvProofUnavailableError when the tip has no checkpoint to build on.
   */
  override async batch (ops: KvOp[], conditions: KvCondition[] = []): Promise<KvWriteReceipt> {
    const { payload, applied } = kvWriteOf(ops, conditions)
    return await this.#serially(async () => await this.#onCurrentTip(conditions.length === 0, async () => {
      const writer = await this.#requireWriter()
      const seqno = writer.state.size
      const keys = [...new Map([...applied.map((op) => op.key), ...conditions.map((c) => c.key)].map((k) => [bytesToHex(k), k])).values()]
      const nodes = []
      const facts = new Map<string, ConditionFacts | undefined>()
      // Before the first record the state is empty: nothing to prove.
      for (let i = 0; seqno > 0 && i < keys.length; i += PROVE_WRITE_KEYS) {
        const chunk = keys.slice(i, i + PROVE_WRITE_KEYS)
        const { response, proven } = await this.#readAtTip({ version: seqno, proveWrite: { keys: chunk } })
        nodes.push(decodeKvProof(response.proof!).nodes)
        for (const key of chunk) facts.set(bytesToHex(key), proven.tree.get(key))
      }
      // Checked on the proven entries: their seqnos and value hashes, no values needed.
      await checkConditions(async (key) => facts.get(bytesToHex(key)), conditions)
      const edit = TreeEdit.fromProofs(nodes)
      try {
        for (const op of applied) {
          if (op.type === 'put') edit.put({ key: op.key, valueHash: sha256(op.value), encryptionEpoch: op.encryptionEpoch, seqno })
          else edit.delete(op.key)
        }
      } catch (err) {
        if (err instanceof NodeNeeded) throw new InvalidProofError(`the server's proof for this write does not show the tree node ${bytesToHex(err.hash)} the write changes`)
        throw err
      }
      const commitment = edit.commitment()
      await this.#append(writer, [payload, encodeKvRecord({ type: 'checkpoint', version: seqno + 1, ...commitment })])
      this.#tip = { size: seqno + 2, commitment }
      return { seqno, version: seqno + 2, checkpointed: true }
    }))
  }

  /**
   * The commitment of the state at the writer's tip: known after this
   * writer's own writes, else read from the checkpoint a proof at the tip
   * shows (a proof of no keys: just the root).
   */
  async #tipCommitment (writer: CapsuleWriter): Promise<KvCommitment> {
    const size = writer.state.size
    if (size === 0) return EMPTY_COMMITMENT
    if (this.#tip?.size === size) return this.#tip.commitment
    const { proven } = await this.#readAtTip({ version: size, proveWrite: { keys: [] } })
    return proven.tree.commitment
  }

  /**
   * Appends the blobs, in appends of at most about 8 MiB, each ending with a
   * checkpoint that restates the unchanged state, so the tip stays provable.
   * An append that finds the capsule moved on is tried again, on the
   * tip fetched again (blobs change no key).
   */
  async appendBlobs (data: Uint8Array[]): Promise<number[]> {
    const payloads = data.map((d) => encodeKvRecord({ type: 'blob', data: d }))
    return await this.#serially(async () => {
      const seqnos: number[] = []
      let group: Uint8Array[] = []
      let bytes = 0
      const flush = async (): Promise<void> => {
        if (group.length === 0) return
        await this.#onCurrentTip(true, async () => {
          const writer = await this.#requireWriter()
          const commitment = await this.#tipCommitment(writer)
          const first = writer.state.size
          const checkpoint = encodeKvRecord({ type: 'checkpoint', version: first + group.length, ...commitment })
          await this.#append(writer, [...group, checkpoint])
          this.#tip = { size: first + group.length + 1, commitment }
          seqnos.push(...group.map((_, i) => first + i))
        })
        group = []
        bytes = 0
      }
      for (const p of payloads) {
        if (bytes + p.length > BLOB_APPEND_BYTES) await flush()
        group.push(p)
        bytes += p.length
      }
      await flush()
      return seqnos
    })
  }

  /**
   * Runs a read; a refusal of its arguments (MALFORMED: a version past the
   * latest, a diff of more than MAX_DIFF_KEYS keys) is the InvalidArgumentError
   * the same read of a local store throws, with the server's words. This
   * client sends only well-formed requests, so the server's objection is to
   * what was asked.
   */
  async #refusalsAsLocal<T> (read: () => Promise<T>): Promise<T> {
    try {
      return await read()
    } catch (err) {
      if (err instanceof RequestRefusedError && err.reason === 'MALFORMED') throw new InvalidArgumentError(err.message.replace(/^MALFORMED: /, ''))
      if (err instanceof RequestRefusedError && err.reason === 'FAILED_PRECONDITION') {
        const message = err.message.replace(/^FAILED_PRECONDITION: /, '')
        throw VERSION_NOT_HELD.test(message) ? new VersionNotHeldError(message) : new PreconditionFailedError(message)
      }
      throw err
    }
  }

  /**
   * A read for a write: proven, and of the writer's tip. A server behind
   * the tip (a replica not caught up with the one that took the last
   * append) is a conflict to retry: VersionNotHeldError, or, from a server
   * of a version before it, an InvalidArgumentError.
   */
  async #readAtTip (request: pb.IKvReadRequest): Promise<{ response: pb.IKvReadResponse, proven: ProvenKvState }> {
    try {
      const { response, proven } = await this.read(request, true)
      return { response, proven: proven! }
    } catch (err) {
      if (err instanceof VersionNotHeldError || (err instanceof InvalidArgumentError && /latest version|is not in \[0/.test(err.message))) {
        this.#writer = undefined
        throw new ChainMismatchError(`the server's state of capsule ${formatName(this.name)} is not at this writer's tip (${String(request.version)}): ${err.message}`)
      }
      throw err
    }
  }

  async #append (writer: CapsuleWriter, payloads: Uint8Array[]): Promise<void> {
    try {
      await this.#client.append(writer, payloads, this.#clock())
    } catch (err) {
      // WriterConflictError: another writer with this key (the command line beside a gateway) signed there at the same time.
      if ((err instanceof RequestRefusedError && err.reason === 'CONFLICT') || err instanceof WriterConflictError) {
        this.#writer = undefined
        this.#tip = undefined
        throw new ChainMismatchError(`capsule ${formatName(this.name)} moved on from record ${writer.state.size}: ${err.message}`)
      }
      throw err
    }
  }

  /**
   * Runs a write; when it finds this writer's tip stale (another session of
   * the writer appended: ChainMismatchError, the writer dropped) and
   * `retry`, again on the tip fetched again, up to STALE_TIP_ATTEMPTS in all,
   * after a random wait that grows: two sessions writing at once (two
   * gateways) each moved the tip under the other, and one try more was not
   * enough.
   */
  async #onCurrentTip<T> (retry: boolean, write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write()
      } catch (err) {
        if (!retry || !(err instanceof ChainMismatchError) || attempt === STALE_TIP_ATTEMPTS) throw err
        await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(STALE_TIP_WAIT_MAX_MS, STALE_TIP_WAIT_MS * 2 ** (attempt - 1))))
      }
    }
  }

  async #requireWriter (): Promise<CapsuleWriter> {
    if (this.#signer === undefined) throw new WrongKeyError(`key-value capsule ${formatName(this.name)} was opened without its writer key: it is read-only here`)
    this.#writer ??= await this.#client.writer(this.name, this.#signer, { journal: this.#journal })
    return this.#writer
  }

  async #serially<T> (task: () => Promise<T>): Promise<T> {
    const run = this.#writing.catch(() => {}).then(task)
    this.#writing = run.catch(() => {})
    return await run
  }
}

/** A state read through the overlay, every answer proven when the reader verifies. */
class RemoteKvView implements KvReadView {
  readonly version: number
  readonly #kv: RemoteKv
  readonly #verify: boolean
  /** The time this state was asked for by, which each proof must show it lasted through. */
  readonly #atUs: number | undefined

  constructor (kv: RemoteKv, version: number, verify: boolean, atUs?: number) {
    this.#kv = kv
    this.version = version
    this.#verify = verify
    this.#atUs = atUs
  }

  async get (key: Uint8Array): Promise<KvEntry | undefined> {
    checkKey(key)
    if (this.version === 0) return undefined // the empty state, before the first record: nothing to ask
    const { response, proven } = await this.#kv.read({ version: this.version, get: { keys: [key] } }, this.#verify, this.#atUs)
    const [sent] = (response.entries ?? []).map((e, i) => entryFromPb(e, `entry ${i}`))
    if (sent !== undefined && compareKeys(sent.key, key) !== 0) throw new UnexpectedResponseError(`asked for key ${describeKey(key)}, the server sent ${describeKey(sent.key)}`)
    if (proven !== undefined) {
      const entry = proven.tree.get(key)
      if ((entry === undefined) !== (sent === undefined)) throw new InvalidProofError(`the proof shows key ${describeKey(key)} ${entry === undefined ? 'absent' : 'present'}, the server said otherwise`)
      if (entry !== undefined) {
        checkValue(entry, sent!.value)
        if (!sameEntry(entry, sent!)) throw new InvalidProofError(`the entry sent for key ${describeKey(key)} is not the one the proof shows`)
      }
    }
    return sent
  }

  async range (options: KvScanOptions = {}): Promise<KvEntry[]> {
    const { reverse = false, limit, ...range } = options
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new InvalidArgumentError(`limit ${limit} is not a non-negative integer`)
    refuseEmptyBounds(range)
    const out: KvEntry[] = []
    await this.#scan(range, reverse, limit ?? Infinity, (entry) => out.push(entry) > 0)
    return out
  }

  async rangePage (options: KvScanPageOptions): Promise<KvEntryPage> {
    checkPage(options)
    const { reverse = false, limit, maxBytes: _maxBytes, ...range } = options
    refuseEmptyBounds(range)
    const page = pager(options, entryBytes)
    let more = false
    // One past the page, to know whether another follows; the server's own pages bound what comes at once.
    await this.#scan(range, reverse, (limit ?? Infinity) + 1, (entry) => {
      more = !page.add(entry)
      return !more
    })
    return { entries: page.items, more }
  }

  async prefix (prefix: Uint8Array, options: { reverse?: boolean, limit?: number } = {}): Promise<KvEntry[]> {
    return await this.range({ ...prefixRange(prefix), ...options })
  }

  async count (range: KeyRange = {}): Promise<number> {
    const bounds = boundsOf(range)
    const scan = scanToPb(range)
    if (this.version === 0) return 0
    const { response, proven } = await this.#kv.read({ version: this.version, count: scan }, this.#verify, this.#atUs)
    const count = uint(response.count, 'count')
    if (proven !== undefined && proven.tree.count(bounds) !== count) throw new InvalidProofError(`the server counted ${count} keys, the proof ${proven.tree.count(bounds)}`)
    return count
  }

  /** The page `options` asks for, in as many of the server's pages as it takes (its own are bounded). */
  async history (key: Uint8Array, options: KvHistoryOptions = {}): Promise<KvHistoryPage> {
    checkKey(key)
    let fromSeqno = options.fromSeqno ?? 0
    if (!Number.isSafeInteger(fromSeqno) || fromSeqno < 0) throw new InvalidArgumentError(`a history starts at a seqno, a whole number, not ${fromSeqno}`)
    checkPage(options)
    const taken = pager(options, historyBytes)
    const from = fromSeqno
    let last: KvHistoryEntry | undefined
    for (;;) {
      const { response } = await this.#kv.read({ version: this.version, history: { key, fromSeqno } })
      const page = (response.history ?? []).map((w, i): KvHistoryEntry => {
        const seqno = uint(w.seqno, `history ${i} seqno`)
        const timestampUs = uint(w.timestampUs, `history ${i} timestamp`)
        return w.put === true ? { type: 'put', seqno, timestampUs, value: w.value ?? EMPTY, encryptionEpoch: w.encryptionEpoch ?? 0 } : { type: 'delete', seqno, timestampUs }
      })
      for (const [i, w] of page.entries()) {
        if (w.seqno < fromSeqno || w.seqno >= this.version || (i > 0 && w.seqno <= page[i - 1]!.seqno)) throw new UnexpectedResponseError(`the server sent write ${w.seqno} in a history from ${fromSeqno} at version ${this.version}, or out of order`)
        if (!taken.add(w)) return { writes: taken.items, more: true }
      }
      last = page.at(-1) ?? last
      if (response.more !== true || page.length === 0) {
        if (this.#verify) await this.#checkLastWrite(key, from, last)
        return { writes: taken.items, more: false }
      }
      fromSeqno = page.at(-1)!.seqno + 1
    }
  }

  /**
   * Holds a key's history from `from`, given whole, to the key's proven
   * entry at this version (docs/kv.md section 6.5): its last write `last` is
   * the put that entry is (seqno, value, epoch), or a delete where the key is
   * absent; with none, the key is absent or was put before `from`. A version
   * no proof covers is not checked.
   */
  async #checkLastWrite (key: Uint8Array, from: number, last: KvHistoryEntry | undefined): Promise<void> {
    let proven: ProvenKvState | undefined
    try {
      ({ proven } = await this.#kv.read({ version: this.version, get: { keys: [key] } }, true, this.#atUs))
    } catch (err) {
      if (err instanceof KvProofUnavailableError) return
      throw err
    }
    const entry = proven!.tree.get(key)
    const agrees = last === undefined
      ? entry === undefined || entry.seqno < from
      : last.type === 'delete'
        ? entry === undefined
        : entry !== undefined && entry.seqno === last.seqno && entry.encryptionEpoch === last.encryptionEpoch && equalBytes(entry.valueHash, sha256(last.value))
    if (!agrees) throw new InvalidProofError(`the history sent for key ${describeKey(key)} ends ${last === undefined ? 'with no write' : `with the ${last.type} of record ${last.seqno}`}, but the proof of version ${this.version} shows the key ${entry === undefined ? 'absent' : `put by record ${entry.seqno}`}`)
  }

  /** Pages through a range, each page proven to be every key of the part of the range it covers. */
  /** Passes the entries of the range, `limit` at most, to `take` until it returns false, in as many of the server's pages as it takes. */
  async #scan (range: KeyRange, reverse: boolean, limit: number, take: (entry: KvEntry) => boolean): Promise<void> {
    const bounds = boundsOf(range)
    let taken = 0
    let scan = range
    while (taken < limit && this.version > 0) {
      const wanted = limit - taken
      const { response, proven } = await this.#kv.read({ version: this.version, range: scanToPb(scan, { reverse, limit: Number.isFinite(wanted) ? wanted : undefined }) }, this.#verify, this.#atUs)
      const page = (response.entries ?? []).map((e, i) => entryFromPb(e, `entry ${i}`))
      for (const [i, e] of page.entries()) {
        if (!inBounds(e.key, bounds)) throw new UnexpectedResponseError(`the server sent key ${describeKey(e.key)}, outside the range`)
        if (i > 0 && compareKeys(page[i - 1]!.key, e.key) * (reverse ? -1 : 1) >= 0) throw new UnexpectedResponseError('the server sent keys out of order')
      }
      if (page.length > wanted) throw new UnexpectedResponseError(`the server sent ${page.length} entries, ${wanted} were asked for`)
      const more = response.more === true && page.length > 0
      if (proven !== undefined) this.#checkPage(proven, boundsOf(scan), page, reverse, more || page.length === wanted)
      for (const entry of page) {
        taken++
        if (!take(entry)) return
      }
      if (!more) return
      const last = page.at(-1)!.key
      scan = reverse ? { ...range, lt: last } : { ...range, gt: last }
      if (reverse) delete scan.lte
      else delete scan.gte
    }
  }

  /** The page is exactly the keys the proof shows in the part of the range up to its last key (all of it when the answer is whole). */
  #checkPage (proven: ProvenKvState, bounds: KeyBounds, page: KvEntry[], reverse: boolean, cut: boolean): void {
    const last = page.at(-1)
    const covered: KeyBounds = !cut || last === undefined
      ? bounds
      : reverse ? { start: last.key, ...(bounds.end === undefined ? {} : { end: bounds.end }) } : { ...(bounds.start === undefined ? {} : { start: bounds.start }), end: Buffer.concat([last.key, Uint8Array.of(0)]) }
    const shown = proven.tree.list(covered)
    if (reverse) shown.reverse()
    if (shown.length !== page.length) throw new InvalidProofError(`the proof shows ${shown.length} keys in the range, the server sent ${page.length}`)
    shown.forEach((entry, i) => { if (!sameEntry(entry, page[i]!)) throw new InvalidProofError(`entry ${i} of the range is not the one the proof shows`) })
  }
}

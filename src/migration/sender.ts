/**
 * The sending end of a migration. Reads the images in chunks, hashes them
 * in worker threads, plans block operations (planner.ts), compresses
 * batches in worker threads with the mode the controller picks, signs each
 * batch as an entry of the migration capsule, and streams entries within a
 * window of unacknowledged bytes. A dropped link is redialled and the
 * transfer resumes after the last entry the receiver acknowledged.
 */
import { createHash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs'
import { logger } from '@libp2p/logger'
import { recordToPb, signedHeartbeatToPb, signedMetadataToPb } from '../capsule/codec.js'
import { capsuleName, newMetadata, signMetadata, type Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import { CapsuleWriter, emptyWriterState } from '../capsule/writer.js'
import { sha256 } from '../crypto/hash.js'
import { GdpError, InvalidArgumentError, MigrationConflictError, MigrationLinkError, MigrationRejectedError, MigrationUnauthorizedError, MigrationVerifyError } from '../errors.js'
import { pb } from '../wire/index.js'
import { BLOCK_SIZE, differingWords, encodeBatch, type BlockBatch } from './batch.js'
import { ZERO_BLOCK_HASH, formatBaseHash, type BaseInfo, type BaseRegistry } from './bases.js'
import type { FrameChannel } from './channel.js'
import { ADAPTIVE_LADDER, modeByName } from './codecs.js'
import { AdaptiveController, type ModeDecision } from './controller.js'
import { MIGRATION_FIELD, checkMigrationName, chunkEntry, encodeEntry } from './entries.js'
import { BlockPlanner, DELTA_MAX_WORDS, type PlanCounts, type PlannedImage } from './planner.js'
import type { WorkerPool } from './pool.js'

const log = logger('gdp:migration:sender')
const READ_BYTES = 4 * 1024 * 1024
/** A probe compresses this many slices of a batch, spread over it, with every mode. */
const PROBE_SLICES = 8
const PROBE_SLICE_BYTES = 32 * 1024
const SEED_SAMPLES = 1024

export interface MigrationImageSpec {
  /** Name on the receiver. */
  name: string
  path: string
  /** A registered base's hash (8+ hex digits) to start the receiver's copy from; 'none'; or unset to pick one by sampling. */
  base?: string
}

export interface MigrationSendInit {
  name: string
  images: MigrationImageSpec[]
  /** 'auto' (default) or a fixed mode: raw, zstd-1, zstd-3, zstd-9, zstd-19, gzip-1, gzip-6. */
  mode?: string
  /** Iterative pre-copy while the source keeps running, then `pause` and the final round. */
  live?: boolean
  /** Stops the source and writes its last state (device state, say); runs before the final round. */
  pause?: () => Promise<void>
  /** Pre-copy stops after this many rounds... */
  maxRounds?: number
  /** ...or when a round sent at most this many bytes of blocks... */
  convergeBytes?: number
  /** ...or after this long. */
  maxPrecopyMs?: number
  /** XOR deltas against the seed base (default on). */
  delta?: boolean
  /** Bytes of entries sent and not yet acknowledged, at most. */
  windowBytes?: number
  /** Literal bytes per entry. */
  batchBytes?: number
  /** How long to keep redialling a dropped link. */
  resumeTimeoutMs?: number
  /** Re-decide the mode this often. */
  decideEveryMs?: number
  /** Progress reports this often. */
  progressEveryMs?: number
}

export interface MigrationSendComponents {
  signer: Signer
  bases: BaseRegistry
  pool: WorkerPool
  /** Opens a new stream to the receiver. */
  connect: (signal: AbortSignal) => Promise<FrameChannel>
}

export interface MigrationProgress {
  round: number
  final: boolean
  mode: string
  /** Input bytes read and planned, this round and its total. */
  roundDone: number
  roundTotal: number
  /** Entry bytes sent (resends included) and acknowledged. */
  sentBytes: number
  ackedBytes: number
  /** Acknowledged bytes per second over the last few seconds. */
  wireBytesPerSecond: number
  /** Wire bytes per input byte so far. */
  ratio: number
  /** Seconds left in this round at the current rates; undefined until measurable. */
  etaSeconds: number | undefined
}

export interface MigrationSummary {
  name: string
  capsule: string
  seconds: number
  /** Live migrations: from the pause to the receiver's verified commit, on this clock. */
  downtimeMs: number | undefined
  rounds: Array<{ round: number, final: boolean, inputBytes: number, blocksSent: number, seconds: number }>
  /** Bytes of the images at the end. */
  imageBytes: number
  /** Bytes read and planned over all rounds. */
  inputBytes: number
  /** Entry frames sent, resends included. */
  bytesSent: number
  /** bytesSent / imageBytes. */
  ratio: number
  blocks: PlanCounts
  entries: number
  resumes: number
  /** Seconds each mode was current. */
  modeSeconds: Record<string, number>
  decisions: ModeDecision[]
  /** Share of the transfer during which entries were in flight. */
  linkBusy: number
  folder: string
  images: Array<{ name: string, size: number, sha256: string, seed: string | undefined }>
}

interface Outgoing { seq: number, frame: pb.IMigrateAppend, bytes: number, sent: boolean }

export class MigrationSender {
  onProgress: (p: MigrationProgress) => void = () => {}
  onDecision: (d: ModeDecision) => void = () => {}
  onEvent: (message: string) => void = () => {}
  readonly #init: Required<Omit<MigrationSendInit, 'pause'>> & Pick<MigrationSendInit, 'pause'>
  readonly #c: MigrationSendComponents
  readonly #controller: AdaptiveController
  readonly #fixedMode: string | undefined
  readonly #writer: CapsuleWriter
  readonly #metadata: pb.SignedMetadata
  readonly #capsule: Uint8Array
  #channel: FrameChannel | undefined
  #receiverBases: Uint8Array[] = []
  readonly #unacked: Outgoing[] = []
  #applied = 0
  #fatal: Error | undefined
  #complete = false
  #folder = ''
  readonly #waiters = new Set<() => void>()
  #resumes = 0
  #pumping = false
  #waitingForWindow = false
  #sentBytes = 0
  #ackedBytes = 0
  #inputBytes = 0
  #roundDone = 0
  #roundTotal = 0
  #round = 0
  #final = false
  #inflight = 0
  #ordered: Promise<void> = Promise.resolve()
  #lastProbe = 0
  #lastKeptData = 0
  #acks: Array<{ atMs: number, bytes: number }> = []
  #busyMs = 0
  #busySince: number | undefined
  #reconnecting: Promise<void> | undefined
  #stopped = false

  constructor (init: MigrationSendInit, components: MigrationSendComponents) {
    checkMigrationName(init.name)
    if (init.images.length === 0) throw new InvalidArgumentError('a migration needs at least one image')
    for (const image of init.images) checkMigrationName(image.name, 'image name')
    if (new Set(init.images.map((i) => i.name)).size !== init.images.length) throw new InvalidArgumentError('two images have the same name')
    if (init.live === true && init.pause === undefined) throw new InvalidArgumentError('a live migration needs a pause step (--pause-command) that stops the source before the final round')
    const mode = init.mode ?? 'auto'
    this.#fixedMode = mode === 'auto' ? undefined : modeByName(mode).name
    this.#init = {
      mode,
      live: false,
      maxRounds: 8,
      convergeBytes: 8 * 1024 * 1024,
      maxPrecopyMs: 120_000,
      delta: true,
      windowBytes: 16 * 1024 * 1024,
      batchBytes: 2 * 1024 * 1024,
      resumeTimeoutMs: 60_000,
      decideEveryMs: 1000,
      progressEveryMs: 500,
      // Options given as undefined (from a command line, say) keep their defaults.
      ...Object.fromEntries(Object.entries(init).filter(([, v]) => v !== undefined)) as MigrationSendInit
    }
    this.#c = components
    this.#controller = new AdaptiveController({ workers: components.pool.size, initial: this.#fixedMode ?? 'zstd-3' })
    const key = components.signer.publicKey
    const metadata = newMetadata({ owner: key, writer: key, createdAtUs: Date.now() * 1000, nonce: randomBytes(16), appFields: [{ key: MIGRATION_FIELD, value: Buffer.from(init.name) }] })
    this.#capsule = capsuleName(metadata)
    this.#metadata = signedMetadataToPb(signMetadata(metadata, components.signer))
    this.#writer = new CapsuleWriter(this.#capsule, metadata, components.signer, emptyWriterState(this.#capsule))
  }

  get capsule (): Uint8Array { return this.#capsule }

  async run (): Promise<MigrationSummary> {
    const started = performance.now()
    const modeSeconds: Record<string, number> = {}
    let modeSince = started
    const decide = setInterval(() => {
      if (this.#fixedMode !== undefined) return
      const now = performance.now()
      const before = this.#controller.current
      const decision = this.#controller.decide(now)
      if (decision !== undefined) {
        if (decision.mode !== before) { modeSeconds[before] = (modeSeconds[before] ?? 0) + (now - modeSince) / 1000; modeSince = now }
        this.onDecision(decision)
      }
    }, this.#init.decideEveryMs)
    const progress = setInterval(() => { this.onProgress(this.progress()) }, this.#init.progressEveryMs)
    const rounds: MigrationSummary['rounds'] = []
    let downtimeStart: number | undefined
    let digests: MigrationSummary['images'] = []
    let blocks: PlanCounts = { unchanged: 0, zero: 0, copy: 0, base: 0, delta: 0, literal: 0 }
    try {
      await this.#connect()
      const common = this.#c.bases.list().filter((b) => this.#receiverBases.some((r) => Buffer.from(r).equals(b.hash)))
      const seeds = this.#chooseSeeds(common)
      // Small batches until the link is measured: their acknowledgements come soon, and so does the first decision.
      const batchBytes = (): number => this.#controller.linkBytesPerSecond === undefined && this.#fixedMode === undefined ? Math.min(this.#init.batchBytes, 512 * 1024) : this.#init.batchBytes
      const planner = new BlockPlanner({ bases: common, batchBytes, delta: this.#init.delta }, this.#c.bases)
      blocks = planner.counts
      const precopyStart = performance.now()
      let previous = Infinity
      for (let round = 0; this.#init.live; round++) {
        const { stats } = await this.#sendRound(planner, round, false, seeds)
        rounds.push(stats)
        const sent = stats.blocksSent * BLOCK_SIZE
        this.onEvent(`pre-copy round ${round}: ${stats.blocksSent} blocks changed (${(sent / 1048576).toFixed(1)} MiB) in ${stats.seconds.toFixed(1)} s`)
        if (sent <= this.#init.convergeBytes || round + 1 >= this.#init.maxRounds || performance.now() - precopyStart > this.#init.maxPrecopyMs || (round > 0 && sent >= previous * 0.9)) break
        previous = sent
      }
      if (this.#init.pause !== undefined) {
        // Wait until the pre-copy is acknowledged, so the downtime is only the final round.
        await this.#until(() => this.#unacked.length === 0)
        downtimeStart = performance.now()
        this.onEvent('pausing the source')
        await this.#init.pause()
      }
      const final = await this.#sendRound(planner, rounds.length, true, seeds)
      rounds.push(final.stats)
      digests = final.digests
      await this.#ordered
      this.#enqueue(encodeEntry({ type: 'commit', digests: digests.map((d) => Buffer.from(d.sha256, 'hex')) }))
      await this.#until(() => this.#complete)
    } finally {
      clearInterval(decide)
      clearInterval(progress)
      this.#stopped = true
      this.#changed()
      await this.#channel?.close()
    }
    const end = performance.now()
    modeSeconds[this.#controller.current] = (modeSeconds[this.#controller.current] ?? 0) + (end - modeSince) / 1000
    const imageBytes = digests.reduce((s, d) => s + d.size, 0)
    this.#inFlightChanged(end)
    return {
      name: this.#init.name,
      capsule: formatName(this.#capsule),
      seconds: (end - started) / 1000,
      downtimeMs: downtimeStart === undefined ? undefined : end - downtimeStart,
      rounds,
      imageBytes,
      inputBytes: this.#inputBytes,
      bytesSent: this.#sentBytes,
      ratio: imageBytes > 0 ? this.#sentBytes / imageBytes : 0,
      blocks,
      entries: this.#writer.state.size,
      resumes: this.#resumes,
      modeSeconds,
      decisions: this.#controller.decisions,
      linkBusy: this.#busyMs / Math.max(1, end - started),
      folder: this.#folder,
      images: digests
    }
  }

  progress (): MigrationProgress {
    const now = performance.now()
    this.#acks = this.#acks.filter((a) => a.atMs > now - 3000)
    const span = this.#acks.length > 1 ? now - this.#acks[0]!.atMs : 0
    const wireBytesPerSecond = span > 0 ? this.#acks.slice(1).reduce((s, a) => s + a.bytes, 0) * 1000 / span : 0
    const ratio = this.#inputBytes > 0 ? this.#sentBytes / this.#inputBytes : 0
    const left = this.#roundTotal - this.#roundDone
    const etaSeconds = wireBytesPerSecond > 0 && ratio > 0 ? (left * ratio + this.#pendingBytes()) / wireBytesPerSecond : undefined
    return { round: this.#round, final: this.#final, mode: this.#controller.current, roundDone: this.#roundDone, roundTotal: this.#roundTotal, sentBytes: this.#sentBytes, ackedBytes: this.#ackedBytes, wireBytesPerSecond, ratio, etaSeconds }
  }

  /**
   * Unacknowledged bytes allowed: about two seconds of what the link
   * carries, within 1 MiB and the configured window; 2 MiB until the link
   * is measured, so the first decision applies to most of the transfer.
   */
  #windowBytes (): number {
    const link = this.#controller.linkBytesPerSecond
    return Math.min(this.#init.windowBytes, link === undefined ? 2 * 1024 * 1024 : Math.max(1024 * 1024, 2 * link))
  }

  #pendingBytes (): number { return this.#unacked.reduce((s, o) => s + o.bytes, 0) }

  /** Picks for each image the base the receiver starts it from. */
  #chooseSeeds (common: BaseInfo[]): Map<string, BaseInfo | undefined> {
    const seeds = new Map<string, BaseInfo | undefined>()
    for (const spec of this.#init.images) {
      if (spec.base === 'none') { seeds.set(spec.name, undefined); continue }
      if (spec.base !== undefined) {
        const base = this.#c.bases.find(spec.base)
        if (!common.includes(base)) throw new InvalidArgumentError(`the receiver has no base ${formatBaseHash(base.hash)} (register it there with 'gdp base add')`)
        seeds.set(spec.name, base)
        continue
      }
      seeds.set(spec.name, existsSync(spec.path) ? this.#sampleSeed(spec.path, common) : undefined)
    }
    return seeds
  }

  /**
   * The common base whose block at the same offset most often equals or
   * nearly equals (a delta would pay) the image's, if one does noticeably.
   */
  #sampleSeed (path: string, common: BaseInfo[]): BaseInfo | undefined {
    const size = statSync(path).size
    const blocks = Math.ceil(size / BLOCK_SIZE)
    if (blocks === 0 || common.length === 0) return undefined
    const fd = openSync(path, 'r')
    const samples: Array<{ index: number, block: Uint8Array }> = []
    try {
      const count = Math.min(SEED_SAMPLES, blocks)
      for (let s = 0; s < count; s++) {
        const index = Math.floor(s * blocks / count)
        const block = new Uint8Array(BLOCK_SIZE)
        readSync(fd, block, 0, BLOCK_SIZE, index * BLOCK_SIZE)
        if (!Buffer.from(sha256(block)).equals(ZERO_BLOCK_HASH)) samples.push({ index, block })
      }
    } finally {
      closeSync(fd)
    }
    let best: { base: BaseInfo, matches: number } | undefined
    for (const base of common) {
      let matches = 0
      for (const s of samples) {
        if (s.index >= base.blocks) continue
        const other = this.#c.bases.readBlock(base.hash, s.index)
        if (other.some((b) => b !== 0) && differingWords(s.block, other, DELTA_MAX_WORDS) <= DELTA_MAX_WORDS) matches++
      }
      if (best === undefined || matches > best.matches) best = { base, matches }
    }
    // A seed costs the receiver a local copy and saves a block for every match: a few matches decide.
    return best !== undefined && best.matches >= 2 ? best.base : undefined
  }

  async #sendRound (planner: BlockPlanner, round: number, final: boolean, seeds: Map<string, BaseInfo | undefined>): Promise<{ stats: MigrationSummary['rounds'][number], digests: MigrationSummary['images'] }> {
    const started = performance.now()
    const images: Array<PlannedImage & { path: string }> = []
    for (const spec of this.#init.images) {
      if (!existsSync(spec.path)) {
        if (final) throw new InvalidArgumentError(`image ${spec.name}: no file ${spec.path}`)
        continue // device state, say, appears only once the source is paused
      }
      images.push({ name: spec.name, path: spec.path, size: statSync(spec.path).size, seed: seeds.get(spec.name) })
    }
    this.#round = round
    this.#final = final
    this.#roundDone = 0
    this.#roundTotal = images.reduce((s, i) => s + i.size, 0)
    const before = { ...planner.counts }
    this.#enqueue(encodeEntry({ type: 'round', round: planner.startRound(round, final, images) }))
    const digests: MigrationSummary['images'] = []
    for (const image of images) {
      const digest = final ? createHash('sha256') : undefined
      const fd = openSync(image.path, 'r')
      try {
        const reads: Array<Promise<{ first: number, length: number, bytes: Uint8Array, hashes: Uint8Array }>> = []
        let offset = 0
        const schedule = (): void => {
          while (reads.length < this.#c.pool.size + 1 && offset < image.size) {
            const length = Math.min(READ_BYTES, image.size - offset)
            const padded = Math.ceil(length / BLOCK_SIZE) * BLOCK_SIZE
            const buffer = new ArrayBuffer(padded)
            const n = readSync(fd, new Uint8Array(buffer, 0, length), 0, length, offset)
            if (n !== length) throw new GdpError(`image ${image.name} changed size while it was read (${image.path})`)
            const first = offset / BLOCK_SIZE
            offset += length
            reads.push(this.#c.pool.hash(buffer, padded).then((r) => {
              this.#controller.observeHash(length, r.cpuUs)
              return { first, length, bytes: new Uint8Array(r.buffer), hashes: r.hashes }
            }))
          }
        }
        schedule()
        while (reads.length > 0) {
          const chunk = await reads.shift()!
          schedule()
          digest?.update(chunk.bytes.subarray(0, chunk.length))
          const batches = planner.plan(image.name, chunk.first, chunk.bytes, chunk.hashes)
          const counts = planner.counts
          const keptData = (counts.literal + counts.delta) * BLOCK_SIZE
          this.#controller.observeKept(chunk.length, Math.max(0, keptData - this.#lastKeptData) + (chunk.length / BLOCK_SIZE) * 2)
          this.#lastKeptData = keptData
          this.#inputBytes += chunk.length
          this.#roundDone += chunk.length
          for (const batch of batches) await this.#submit(batch)
          this.#check()
        }
      } finally {
        closeSync(fd)
      }
      if (digest !== undefined) digests.push({ name: image.name, size: image.size, sha256: digest.digest('hex'), seed: image.seed === undefined ? undefined : formatBaseHash(image.seed.hash) })
    }
    for (const batch of planner.flush()) await this.#submit(batch)
    const after = planner.counts
    const blocksSent = (after.zero - before.zero) + (after.copy - before.copy) + (after.base - before.base) + (after.delta - before.delta) + (after.literal - before.literal)
    return { stats: { round, final, inputBytes: this.#roundTotal, blocksSent, seconds: (performance.now() - started) / 1000 }, digests }
  }

  /** Compresses a sealed batch in a worker; entries are signed and queued in batch order. */
  async #submit (batch: BlockBatch): Promise<void> {
    // The pipeline runs ahead of the link by about one window only, so a new mode takes effect soon.
    if (this.#pendingBytes() >= this.#windowBytes()) { this.#waitingForWindow = true; this.#reportLink() }
    await this.#until(() => this.#inflight < this.#c.pool.size * 2 && this.#pendingBytes() < this.#windowBytes())
    if (this.#waitingForWindow) { this.#waitingForWindow = false; this.#reportLink() }
    const raw = encodeBatch(batch)
    const mode = modeByName(this.#fixedMode ?? this.#controller.current)
    this.#inflight++
    const now = performance.now()
    if (this.#fixedMode === undefined && now - this.#lastProbe >= this.#init.decideEveryMs * 2) {
      // Every mode, measured on what is being sent now: the controller needs no stored profiles.
      this.#lastProbe = now
      const sample = probeSample(raw)
      void this.#c.pool.compress(sample, [...ADAPTIVE_LADDER].filter((m) => m !== 'raw'), false).then((r) => {
        ADAPTIVE_LADDER.filter((m) => m !== 'raw').forEach((m, i) => { this.#controller.observeCompression(m, sample.length, r.sizes[i]!, r.cpuUs[i]!) })
        this.#controller.observeCompression('raw', sample.length, sample.length, 0)
      }, () => {})
    }
    const compressed = mode.name === 'raw' ? Promise.resolve({ body: raw, cpuUs: [0], sizes: [raw.length] }) : this.#c.pool.compress(raw, [mode.name], true)
    const entry = compressed.then((r) => {
      // Data that does not shrink goes as it is: the receiver then skips decompression.
      const body = r.body!
      return body.length < raw.length ? chunkEntry(mode.codec, mode.level, raw.length, body) : chunkEntry(pb.MigrationCodec.MIGRATION_CODEC_RAW, 0, raw.length, raw)
    })
    this.#ordered = this.#ordered.then(async () => {
      const payload = await entry
      this.#inflight--
      this.#enqueue(payload)
      this.#changed()
    })
    this.#ordered.catch((err: Error) => { this.#fail(err) })
  }

  /** Signs an entry as the next record and queues it for sending. */
  #enqueue (payload: Uint8Array): void {
    const batch = this.#writer.append([payload], Date.now() * 1000)
    const frame: pb.IMigrateAppend = { records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) }
    this.#unacked.push({ seq: batch.state.size, frame, bytes: pb.MigrateAppend.encode(frame).len + 8, sent: false })
    this.#reportLink()
    void this.#pump()
  }

  async #pump (): Promise<void> {
    if (this.#pumping) return
    this.#pumping = true
    try {
      while (this.#channel !== undefined && this.#fatal === undefined) {
        const next = this.#unacked.find((o) => !o.sent)
        if (next === undefined) break
        const inFlight = this.#unacked.reduce((s, o) => s + (o.sent ? o.bytes : 0), 0)
        if (inFlight > 0 && inFlight + next.bytes > this.#windowBytes()) break
        const channel = this.#channel
        next.sent = true
        this.#sentBytes += next.bytes
        this.#inFlightChanged(performance.now())
        try {
          await channel.send({ append: next.frame })
        } catch (err) {
          this.#linkDown(channel, err as Error)
          break
        }
      }
    } finally {
      this.#pumping = false
      this.#reportLink()
    }
  }

  /**
   * Tells the controller whether the link sets the pace now: entries wait to
   * go out, or the pipeline waits for acknowledgements to make room in the
   * window. Otherwise the pipeline does (the link waits for entries).
   */
  #reportLink (): void {
    const waiting = this.#unacked.some((o) => !o.sent) || this.#waitingForWindow
    this.#controller.linkBusy(performance.now(), waiting)
  }

  /** Link use for the summary: time with entries in flight. */
  #inFlightChanged (now: number): void {
    const inFlight = this.#unacked.some((o) => o.sent)
    if (inFlight) this.#busySince ??= now
    else if (this.#busySince !== undefined) { this.#busyMs += now - this.#busySince; this.#busySince = undefined }
  }

  /** Dials the receiver and says hello; resolves once it welcomed us, retrying until the resume timeout. */
  async #connect (): Promise<void> {
    const deadline = performance.now() + this.#init.resumeTimeoutMs
    let wait = 200
    let last: Error | undefined
    while (!this.#stopped) {
      if (this.#fatal !== undefined) throw this.#fatal
      try {
        const channel = await this.#c.connect(AbortSignal.timeout(Math.max(1000, Math.round(deadline - performance.now()))))
        await channel.send({ hello: { metadata: this.#metadata } })
        const frames = channel.frames()
        const first = await frames.next()
        if (first.done === true) throw new MigrationLinkError('the receiver closed the stream')
        const welcome = first.value.welcome
        if (welcome == null) throw remoteError(first.value.error) ?? new MigrationRejectedError('the receiver did not answer the hello')
        this.#welcome(channel, welcome, frames)
        return
      } catch (err) {
        if (isFatal(err as Error)) { this.#fail(err as Error); throw err }
        last = err as Error
        if (performance.now() + wait > deadline) break
        await new Promise((resolve) => setTimeout(resolve, wait))
        wait = Math.min(2000, wait * 2)
      }
    }
    throw new MigrationLinkError(`cannot reach the receiver within ${this.#init.resumeTimeoutMs} ms: ${last?.message ?? 'stopped'}`)
  }

  #welcome (channel: FrameChannel, welcome: pb.IMigrateWelcome, frames: AsyncGenerator<pb.MigrateFrame>): void {
    this.#receiverBases = welcome.bases ?? []
    const applied = Number(welcome.applied ?? 0)
    if (applied > this.#writer.state.size) { this.#fail(new MigrationConflictError(`the receiver holds ${applied} entries of this migration, more than were sent`)); return }
    this.#applied = Math.max(this.#applied, applied)
    while (this.#unacked.length > 0 && this.#unacked[0]!.seq <= applied) this.#unacked.shift()
    for (const o of this.#unacked) o.sent = false
    this.#channel = channel
    void this.#read(channel, frames)
    void this.#pump()
    this.#changed()
  }

  async #read (channel: FrameChannel, frames: AsyncGenerator<pb.MigrateFrame>): Promise<void> {
    try {
      for await (const frame of frames) {
        if (frame.ack != null) {
          this.#onAck(frame.ack)
        } else {
          this.#fail(remoteError(frame.error) ?? new MigrationRejectedError('unexpected frame from the receiver'))
          return
        }
        if (this.#complete) return
      }
      if (!this.#complete) this.#linkDown(channel, new MigrationLinkError('the receiver closed the stream'))
    } catch (err) {
      this.#linkDown(channel, err as Error)
    }
  }

  #onAck (ack: pb.IMigrateAck): void {
    const applied = Number(ack.applied ?? 0)
    const now = performance.now()
    let bytes = 0
    while (this.#unacked.length > 0 && this.#unacked[0]!.seq <= applied) bytes += this.#unacked.shift()!.bytes
    this.#applied = Math.max(this.#applied, applied)
    this.#ackedBytes += bytes
    this.#acks.push({ atMs: now, bytes })
    this.#controller.observeAck(now, bytes)
    this.#inFlightChanged(now)
    if (ack.complete === true) { this.#complete = true; this.#folder = ack.folder ?? '' }
    void this.#pump()
    this.#changed()
  }

  #linkDown (channel: FrameChannel, err: Error): void {
    if (this.#channel !== channel || this.#stopped) return
    if (isFatal(err)) { this.#fail(err); return }
    this.#channel = undefined
    channel.abort(err)
    this.#resumes++
    log('link to the receiver dropped: %s; resuming', err.message)
    this.onEvent(`link dropped (${err.message}); resuming after entry ${this.#applied}`)
    this.#reconnecting ??= this.#connect().catch((e: Error) => { this.#fail(e) }).finally(() => { this.#reconnecting = undefined })
  }

  #fail (err: Error): void {
    this.#fatal ??= err
    this.#changed()
  }

  #check (): void {
    if (this.#fatal !== undefined) throw this.#fatal
  }

  /** Waits until `condition` holds, re-checking on every ack, link change or failure. */
  async #until (condition: () => boolean): Promise<void> {
    while (!condition()) {
      this.#check()
      if (this.#stopped) throw new GdpError('the migration was stopped')
      await new Promise<void>((resolve) => { this.#waiters.add(resolve) })
    }
    this.#check()
  }

  #changed (): void {
    const waiters = [...this.#waiters]
    this.#waiters.clear()
    for (const wake of waiters) wake()
  }
}

/** Slices spread over a batch: its columns and data as a whole, not just its start. */
function probeSample (raw: Uint8Array): Uint8Array {
  if (raw.length <= PROBE_SLICES * PROBE_SLICE_BYTES) return raw
  const step = Math.floor((raw.length - PROBE_SLICE_BYTES) / (PROBE_SLICES - 1))
  return Buffer.concat(Array.from({ length: PROBE_SLICES }, (_, i) => raw.subarray(i * step, i * step + PROBE_SLICE_BYTES)))
}

function remoteError (error: pb.IMigrateError | null | undefined): Error | undefined {
  if (error == null) return undefined
  const types: Record<string, new (m: string) => Error> = { MigrationRejectedError, MigrationVerifyError, MigrationUnauthorizedError, MigrationConflictError }
  const Type = types[error.code ?? ''] ?? MigrationRejectedError
  return new Type(`the receiver refused the migration: ${error.message ?? error.code ?? 'no reason given'}`)
}

function isFatal (err: Error): boolean {
  return err instanceof MigrationRejectedError || err instanceof MigrationVerifyError || err instanceof MigrationUnauthorizedError || err instanceof MigrationConflictError || err instanceof InvalidArgumentError
}

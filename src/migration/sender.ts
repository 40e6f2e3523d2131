/**
 * The sending end of a migration. Reads the images in chunks, hashes them
 * in worker threads, plans block operations (planner.ts), compresses
 * batches in worker threads with the mode the controller picks, signs each
 * batch as an entry of the migration capsule, and hands the entries to the
 * entry stream (entry-stream.ts), which sends them within a window of
 * unacknowledged bytes and resumes a dropped link.
 */
import { randomBytes } from 'node:crypto'
import { accessSync, closeSync, constants, existsSync, openSync, readSync, statSync, type Stats } from 'node:fs'
import { TypedEventEmitter } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import { recordToPb, signedHeartbeatToPb, signedMetadataToPb } from '../capsule/codec.js'
import { capsuleName, newMetadata, signMetadata, type Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import { CapsuleWriter, emptyWriterState } from '../capsule/writer.js'
import { bytesToHex } from '../crypto/bytes.js'
import { equalBytes } from '../crypto/hash.js'
import { FileChangedError, InvalidArgumentError, MigrationCancelledError, MigrationVerifyError } from '../errors.js'
import { pb } from '../wire/index.js'
import { BLOCK_SIZE, differingWords, encodeBatch, type BlockBatch } from './batch.js'
import type { BaseInfo, BaseRegistry } from './bases.js'
import { isZeroBlock } from './block-hashes.js'
import type { FrameChannel } from './channel.js'
import { ADAPTIVE_LADDER, modeByName } from './codecs.js'
import { AdaptiveController, type ModeDecision } from './controller.js'
import { FIRST_CONNECT_TIMEOUT_MS, OutboundEntryStream } from './entry-stream.js'
import { MIGRATION_FIELD, checkImageName, checkMigrationName, chunkEntry, encodeEntry } from './entries.js'
import { BlockPlanner, DELTA_MAX_WORDS, type PlanCounts, type PlannedImage } from './planner.js'
import type { PipelinePool } from './pool.js'

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
  /**
   * Pre-copy stops once a round took at most this long (the final round,
   * with the source paused, does the same work: read every image, send
   * what changed, so it should take about as long: the downtime)...
   */
  maxDowntimeMs?: number
  /** ...or after this many rounds, or when a round no longer sent 10 % less than the one before... */
  maxRounds?: number
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
  /** How long to keep dialling a receiver that never answered yet, when resumeTimeoutMs is longer (OutboundEntryStreamInit.firstConnectTimeoutMs). @default FIRST_CONNECT_TIMEOUT_MS */
  firstConnectTimeoutMs?: number
  /** Re-decide the mode this often. */
  decideEveryMs?: number
  /** Progress reports this often. */
  progressEveryMs?: number
  /**
   * Cancels the migration until its pause step begins: nothing more is read
   * or sent, the pause step does not run, no commit. From the pause on it is
   * ignored, and the migration finishes: stopping then would leave the
   * source paused with no complete copy anywhere.
   */
  signal?: AbortSignal
}

export interface MigrationSendComponents {
  signer: Signer
  bases: BaseRegistry
  pool: PipelinePool
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
  /** Live migrations: when the pause began, ms since the epoch (to line up with the guest's own clock). */
  pausedAtMs: number | undefined
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
  /** The final images: each with its block-list digest (docs/migration.md section 4), which the receiver checked. */
  images: Array<{ name: string, size: number, blockListSha256: string, seed: string | undefined }>
}

export interface MigrationSenderEvents {
  /** Every `progressEveryMs` while the migration runs. */
  progress: CustomEvent<MigrationProgress>
  /** Each decision of the adaptive controller (mode auto), whether it switched modes or kept one. */
  decision: CustomEvent<ModeDecision>
  /** What an operator wants to read as it happens: a pre-copy round done, the pause, a dropped link. */
  notice: CustomEvent<string>
}

export class MigrationSender {
  /** Listeners may come and go at any time; each gets every event from then on. */
  readonly events = new TypedEventEmitter<MigrationSenderEvents>()
  readonly #init: Required<Omit<MigrationSendInit, 'pause' | 'signal'>> & Pick<MigrationSendInit, 'pause' | 'signal'>
  readonly #c: MigrationSendComponents
  readonly #controller: AdaptiveController
  readonly #fixedMode: string | undefined
  readonly #writer: CapsuleWriter
  readonly #capsule: Uint8Array
  readonly #stream: OutboundEntryStream
  #waitingForWindow = false
  #inputBytes = 0
  #roundDone = 0
  #roundTotal = 0
  #round = 0
  #final = false
  #inflight = 0
  #ordered: Promise<void> = Promise.resolve()
  #lastProbe = 0
  #lastKeptData = 0
  /** The pause step has begun: a cancellation no longer stops the migration. */
  #pausing = false
  /** The base each image given one (`base` of its spec) starts from, found as the migration starts. */
  readonly #chosenBases = new Map<string, BaseInfo>()
  /**
   * Read buffers, reused from chunk to chunk and round to round: reading
   * into a new one costs a page fault per 4 KiB, about fifteen times the
   * read itself (a live migration's final round reads every image).
   */
  readonly #readBuffers: ArrayBuffer[] = []

  constructor (init: MigrationSendInit, components: MigrationSendComponents) {
    checkMigrationName(init.name)
    if (init.images.length === 0) throw new InvalidArgumentError('a migration needs at least one image')
    for (const image of init.images) {
      checkImageName(image.name)
      // Checked before the receiver hears of the migration, so a send that cannot start leaves nothing there.
      if (imageFileSize(image) === undefined && init.live !== true) throw new InvalidArgumentError(`image ${image.name}: no file ${image.path}`)
    }
    if (new Set(init.images.map((i) => i.name)).size !== init.images.length) throw new InvalidArgumentError('two images have the same name')
    if (init.live === true && init.pause === undefined) throw new InvalidArgumentError('a live migration needs a pause step (--pause-command) that stops the source before the final round')
    if (init.live !== true && init.pause !== undefined) throw new InvalidArgumentError('a pause step (--pause-command or --pause-qmp) is for a live migration (--live)')
    const mode = init.mode ?? 'auto'
    this.#fixedMode = mode === 'auto' ? undefined : modeByName(mode).name
    this.#init = {
      mode,
      live: false,
      maxDowntimeMs: 500,
      maxRounds: 8,
      maxPrecopyMs: 120_000,
      delta: true,
      windowBytes: 16 * 1024 * 1024,
      batchBytes: 2 * 1024 * 1024,
      resumeTimeoutMs: 60_000,
      firstConnectTimeoutMs: FIRST_CONNECT_TIMEOUT_MS,
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
    this.#writer = new CapsuleWriter(this.#capsule, metadata, components.signer, emptyWriterState(this.#capsule))
    this.#stream = new OutboundEntryStream({
      metadata: signedMetadataToPb(signMetadata(metadata, components.signer)),
      resumeTimeoutMs: this.#init.resumeTimeoutMs,
      firstConnectTimeoutMs: this.#init.firstConnectTimeoutMs
    }, { connect: components.connect, windowBytes: () => this.#windowBytes() })
    this.#stream.events.addEventListener('ack', (event) => { this.#controller.observeAck(event.detail.atMs, event.detail.bytes) })
    this.#stream.events.addEventListener('backlog', () => { this.#reportLink() })
    this.#stream.events.addEventListener('resume', (event) => {
      this.#notice(`link dropped (${event.detail.error.message}); resuming after entry ${event.detail.applied}`)
    })
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
        this.events.safeDispatchEvent('decision', { detail: decision })
      }
    }, this.#init.decideEveryMs)
    const progress = setInterval(() => { this.events.safeDispatchEvent('progress', { detail: this.progress() }) }, this.#init.progressEveryMs)
    const rounds: MigrationSummary['rounds'] = []
    let downtimeStart: number | undefined
    let pausedAtMs: number | undefined
    let digests: MigrationSummary['images'] = []
    let blocks: PlanCounts = { unchanged: 0, zero: 0, copy: 0, base: 0, delta: 0, literal: 0 }
    const signal = this.#init.signal
    const cancel = (): void => {
      if (this.#pausing) { log('migration %s: cancelled after its pause step began; it finishes', this.#init.name); return }
      this.#stream.fail(new MigrationCancelledError(`migration '${this.#init.name}' was cancelled before its pause step: nothing more is sent; the receiver keeps what it got as an unfinished migration, which a new send of the name replaces`))
    }
    signal?.addEventListener('abort', cancel)
    let failure: Error | undefined
    let common: BaseInfo[] = []
    let seeded = false
    try {
      if (signal?.aborted === true) cancel()
      this.#findChosenBases()
      const receiverBases = await this.#stream.open()
      // A set: the receiver lists as many bases as a frame holds (about 600,000), and each of ours is looked up in it.
      const offered = new Set(receiverBases.map((r) => Buffer.from(r).toString('hex')))
      common = this.#c.bases.usable().filter((b) => offered.has(Buffer.from(b.hash).toString('hex')))
      const seeds = this.#chooseSeeds(common)
      seeded = [...seeds.values()].some((seed) => seed !== undefined)
      // Small batches until the link is measured: their acknowledgements come soon, and so does the first decision.
      const batchBytes = (): number => this.#controller.linkBytesPerSecond === undefined && this.#fixedMode === undefined ? Math.min(this.#init.batchBytes, 512 * 1024) : this.#init.batchBytes
      const planner = new BlockPlanner({ bases: common, batchBytes, delta: this.#init.delta }, this.#c.bases)
      blocks = planner.counts
      const precopyStart = performance.now()
      let previous = Infinity
      for (let round = 0; this.#init.live; round++) {
        const roundStarted = performance.now()
        const { stats } = await this.#sendRound(planner, round, false, seeds)
        // Measured to the last acknowledgement, as the final round's downtime is: read, send, received.
        await this.#stream.until(() => this.#stream.drained)
        stats.seconds = (performance.now() - roundStarted) / 1000
        rounds.push(stats)
        const sent = stats.blocksSent * BLOCK_SIZE
        this.#notice(`pre-copy round ${round}: ${stats.blocksSent} blocks changed (${(sent / 1048576).toFixed(1)} MiB) in ${(stats.seconds * 1000).toFixed(0)} ms`)
        if (stats.seconds * 1000 <= this.#init.maxDowntimeMs || round + 1 >= this.#init.maxRounds || performance.now() - precopyStart > this.#init.maxPrecopyMs || (round > 0 && sent >= previous * 0.9)) break
        previous = sent
      }
      if (this.#init.pause !== undefined) {
        // Wait until the pre-copy is acknowledged, so the downtime is only the final round.
        await this.#stream.until(() => this.#stream.drained)
        this.#pausing = true
        downtimeStart = performance.now()
        pausedAtMs = Date.now()
        this.#notice('pausing the source')
        await this.#init.pause()
      }
      const final = await this.#sendRound(planner, rounds.length, true, seeds)
      rounds.push(final.stats)
      digests = final.digests
      await this.#ordered
      this.#enqueue(encodeEntry({ type: 'commit', blockDigests: digests.map((d) => Buffer.from(d.blockListSha256, 'hex')) }), true)
      await this.#stream.until(() => this.#stream.folder !== undefined)
    } catch (err) {
      failure = err as Error
      // Blocks taken from a base are sent as references: a base whose copy or block index is wrong at either end
      // shows only here, as images that do not match the commit. A receiver that resumed read its images back from
      // their files (it says which), and a file damaged there shows here too: then the bases come second.
      if (err instanceof MigrationVerifyError && (seeded || blocks.base + blocks.delta > 0)) {
        const bases = `${common.map((b) => bytesToHex(b.hash).slice(0, 12)).join(', ')}), by their block indexes here and their copies there: 'gdp base verify <hash>' on both nodes checks them`
        failure.message += this.#stream.resumes > 0 ? `; if the receiver's image files are whole, look at the bases it built them from (${bases}` : `; the receiver built the images from bases too (${bases}`
      }
      throw err
    } finally {
      signal?.removeEventListener('abort', cancel)
      clearInterval(decide)
      clearInterval(progress)
      await this.#stream.close(failure)
    }
    const end = performance.now()
    modeSeconds[this.#controller.current] = (modeSeconds[this.#controller.current] ?? 0) + (end - modeSince) / 1000
    const imageBytes = digests.reduce((s, d) => s + d.size, 0)
    const bytesSent = this.#stream.sentBytes
    return {
      name: this.#init.name,
      capsule: formatName(this.#capsule),
      seconds: (end - started) / 1000,
      downtimeMs: downtimeStart === undefined ? undefined : end - downtimeStart,
      pausedAtMs,
      rounds,
      imageBytes,
      inputBytes: this.#inputBytes,
      bytesSent,
      ratio: imageBytes > 0 ? bytesSent / imageBytes : 0,
      blocks,
      entries: this.#writer.state.size,
      resumes: this.#stream.resumes,
      modeSeconds,
      decisions: this.#controller.decisions,
      linkBusy: this.#stream.busyMs(end) / Math.max(1, end - started),
      folder: this.#stream.folder ?? '',
      images: digests
    }
  }

  progress (): MigrationProgress {
    const stream = this.#stream
    const wireBytesPerSecond = stream.ackedBytesPerSecond(performance.now())
    const ratio = this.#inputBytes > 0 ? stream.sentBytes / this.#inputBytes : 0
    const left = this.#roundTotal - this.#roundDone
    const etaSeconds = wireBytesPerSecond > 0 && ratio > 0 ? (left * ratio + stream.pendingBytes) / wireBytesPerSecond : undefined
    return { round: this.#round, final: this.#final, mode: this.#controller.current, roundDone: this.#roundDone, roundTotal: this.#roundTotal, sentBytes: stream.sentBytes, ackedBytes: stream.ackedBytes, wireBytesPerSecond, ratio, etaSeconds }
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

  #notice (message: string): void {
    this.events.safeDispatchEvent('notice', { detail: message })
  }

  /**
   * Finds the base each image is given (`base` of its spec), before the
   * receiver hears of the migration: looked up only once it had welcomed
   * it, a base not here (a typo) or damaged left the receiver an unfinished
   * migration, counted against this node's migrations not finished there.
   */
  #findChosenBases (): void {
    for (const image of this.#init.images) {
      if (image.base === undefined || image.base === 'none') continue
      let base: BaseInfo
      try { base = this.#c.bases.find(image.base) } catch (err) { throw new InvalidArgumentError(`image ${image.name}: ${(err as Error).message}`) }
      this.#c.bases.checkUsable(base.hash)
      this.#chosenBases.set(image.name, base)
    }
  }

  /** Picks for each image the base the receiver starts it from. */
  #chooseSeeds (common: BaseInfo[]): Map<string, BaseInfo | undefined> {
    const seeds = new Map<string, BaseInfo | undefined>()
    for (const spec of this.#init.images) {
      if (spec.base === 'none') { seeds.set(spec.name, undefined); continue }
      const chosen = this.#chosenBases.get(spec.name)
      if (chosen !== undefined) {
        // A base this node cannot use (damaged since the migration started) is not one the receiver lacks: say what is wrong with it here.
        this.#c.bases.checkUsable(chosen.hash)
        const base = common.find((b) => equalBytes(b.hash, chosen.hash))
        if (base === undefined) throw new InvalidArgumentError(`the receiver has no base ${bytesToHex(chosen.hash)} (register it there with 'gdp base add')`)
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
      const read = new Uint8Array(count * BLOCK_SIZE)
      for (let s = 0; s < count; s++) {
        const index = Math.floor(s * blocks / count)
        const block = read.subarray(s * BLOCK_SIZE, (s + 1) * BLOCK_SIZE)
        readSync(fd, block, 0, BLOCK_SIZE, index * BLOCK_SIZE)
        if (!isZeroBlock(block)) samples.push({ index, block })
      }
    } finally {
      closeSync(fd)
    }
    let best: { base: BaseInfo, matches: number } | undefined
    const other = new Uint8Array(BLOCK_SIZE)
    for (const base of common) {
      let matches = 0
      for (const s of samples) {
        if (s.index >= base.blocks) continue
        this.#c.bases.readBlock(base.hash, s.index, other)
        if (!isZeroBlock(other) && differingWords(s.block, other, DELTA_MAX_WORDS) <= DELTA_MAX_WORDS) matches++
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
      const size = imageFileSize(spec)
      if (size === undefined) {
        if (final) throw new InvalidArgumentError(`image ${spec.name}: no file ${spec.path}`)
        continue // device state, say, appears only once the source is paused
      }
      images.push({ name: spec.name, path: spec.path, size, seed: seeds.get(spec.name) })
    }
    this.#round = round
    this.#final = final
    this.#roundDone = 0
    this.#roundTotal = images.reduce((s, i) => s + i.size, 0)
    const before = { ...planner.counts }
    this.#enqueue(encodeEntry({ type: 'round', round: planner.startRound(round, final, images) }))
    const digests: MigrationSummary['images'] = []
    for (const image of images) {
      const fd = openSync(image.path, 'r')
      try {
        const reads: Array<Promise<{ first: number, length: number, bytes: Uint8Array, hashes: Uint8Array }>> = []
        let offset = 0
        const schedule = (): void => {
          while (reads.length < this.#c.pool.size + 1 && offset < image.size) {
            const length = Math.min(READ_BYTES, image.size - offset)
            const padded = Math.ceil(length / BLOCK_SIZE) * BLOCK_SIZE
            const buffer = this.#readBuffers.pop() ?? new ArrayBuffer(READ_BYTES)
            const view = new Uint8Array(buffer, 0, padded)
            const n = readSync(fd, view, 0, length, offset)
            if (n !== length) throw new FileChangedError(`image ${image.name} changed size while it was read (${image.path})`)
            view.fill(0, length) // the last block's padding
            const first = offset / BLOCK_SIZE
            offset += length
            reads.push(this.#c.pool.hash(buffer, padded).then((r) => {
              this.#controller.observeHash(length, r.cpuUs)
              return { first, length, bytes: new Uint8Array(r.buffer, 0, padded), hashes: r.hashes }
            }))
          }
        }
        schedule()
        while (reads.length > 0) {
          const chunk = await reads.shift()!
          schedule()
          const batches = planner.plan(image.name, chunk.first, chunk.bytes, chunk.hashes)
          // The planner copied what it keeps (batch.ts): the buffer is free for the next read.
          this.#readBuffers.push(chunk.bytes.buffer as ArrayBuffer)
          const counts = planner.counts
          const keptData = (counts.literal + counts.delta) * BLOCK_SIZE
          this.#controller.observeKept(chunk.length, Math.max(0, keptData - this.#lastKeptData) + (chunk.length / BLOCK_SIZE) * 2)
          this.#lastKeptData = keptData
          this.#inputBytes += chunk.length
          this.#roundDone += chunk.length
          for (const batch of batches) await this.#submit(batch)
          this.#stream.throwIfFailed()
        }
      } finally {
        closeSync(fd)
      }
    }
    for (const batch of planner.flush()) await this.#submit(batch)
    if (final) for (const image of images) digests.push({ name: image.name, size: image.size, blockListSha256: Buffer.from(planner.blockListDigest(image.name)).toString('hex'), seed: image.seed === undefined ? undefined : bytesToHex(image.seed.hash) })
    const after = planner.counts
    const blocksSent = (after.zero - before.zero) + (after.copy - before.copy) + (after.base - before.base) + (after.delta - before.delta) + (after.literal - before.literal)
    return { stats: { round, final, inputBytes: this.#roundTotal, blocksSent, seconds: (performance.now() - started) / 1000 }, digests }
  }

  /** Compresses a sealed batch in a worker; entries are signed and queued in batch order. */
  async #submit (batch: BlockBatch): Promise<void> {
    // The pipeline runs ahead of the link by about one window only, so a new mode takes effect soon.
    const stream = this.#stream
    if (stream.pendingBytes >= this.#windowBytes()) { this.#waitingForWindow = true; this.#reportLink() }
    await stream.until(() => this.#inflight < this.#c.pool.size * 2 && stream.pendingBytes < this.#windowBytes())
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
    })
    this.#ordered.catch((err: Error) => { stream.fail(err) })
  }

  /** Signs an entry as the next record and queues it for sending. */
  #enqueue (payload: Uint8Array, commit = false): void {
    const batch = this.#writer.append([payload], Date.now() * 1000)
    this.#stream.push({ records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) }, batch.state.size, commit)
  }

  /**
   * Tells the controller whether the link sets the pace now: entries wait to
   * go out, or the pipeline waits for acknowledgements to make room in the
   * window. Otherwise the pipeline does (the link waits for entries).
   */
  #reportLink (): void {
    this.#controller.linkBusy(performance.now(), this.#stream.backlog || this.#waitingForWindow)
  }
}

/**
 * The size of an image's file, or undefined while there is none. Only a
 * readable regular file will do: a device or a pipe has no size to read it
 * by (its stat says 0 bytes), so it would go as an empty image.
 */
function imageFileSize (spec: MigrationImageSpec): number | undefined {
  let stat: Stats
  try {
    stat = statSync(spec.path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw new InvalidArgumentError(`image ${spec.name}: cannot read ${spec.path}: ${(err as Error).message}`)
  }
  if (stat.isDirectory()) throw new InvalidArgumentError(`image ${spec.name}: ${spec.path} is a folder, not a file`)
  if (!stat.isFile()) throw new InvalidArgumentError(`image ${spec.name}: ${spec.path} is ${fileKind(stat)}, not a regular file: its size cannot be known, so it cannot be sent as an image (copy its content into a file first)`)
  try { accessSync(spec.path, constants.R_OK) } catch (err) { throw new InvalidArgumentError(`image ${spec.name}: cannot read ${spec.path}: ${(err as Error).message}`) }
  return stat.size
}

function fileKind (stat: Stats): string {
  if (stat.isBlockDevice()) return 'a block device'
  if (stat.isCharacterDevice()) return 'a character device'
  if (stat.isFIFO()) return 'a pipe'
  if (stat.isSocket()) return 'a socket'
  return 'a special file'
}

/** Slices spread over a batch: its columns and data as a whole, not just its start. */
function probeSample (raw: Uint8Array): Uint8Array {
  if (raw.length <= PROBE_SLICES * PROBE_SLICE_BYTES) return raw
  const step = Math.floor((raw.length - PROBE_SLICE_BYTES) / (PROBE_SLICES - 1))
  return Buffer.concat(Array.from({ length: PROBE_SLICES }, (_, i) => raw.subarray(i * step, i * step + PROBE_SLICE_BYTES)))
}

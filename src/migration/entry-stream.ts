/**
 * The entry stream of a migration (docs/migration.md section 5), both ends:
 * the sender's signed appends within a window of unacknowledged bytes, the
 * receiver's acknowledgements once it stored them, refusals as error frames,
 * and resumption: a sender whose stream breaks redials and resends only the
 * entries after the last one the receiver stored, and the receiver lets the
 * new stream supersede the broken one.
 */
import { TypedEventEmitter } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import { BaseDamagedError, ImageDamagedError, InvalidArgumentError, MigrationConflictError, MigrationLinkError, MigrationRejectedError, MigrationUnauthorizedError, MigrationVerifyError, QuotaExceededError, ServerBusyError, ServiceStoppedError } from '../errors.js'
import { peerText } from '../peer-text.js'
import { pb } from '../wire/index.js'
import type { FrameChannel } from './channel.js'

const log = logger('gdp:migration:stream')
/** How long a hello for a migration name waits for the stream of another capsule serving that name to end, before it is refused. */
const STREAM_END_GRACE_MS = 3000
/** Acknowledgements over this span give the progress report's rate. */
const ACK_RATE_MS = 3000

/** How long a receiver waits for a stream's hello (at most MAX_HELLO_FRAME_BYTES, usually a few hundred bytes). */
export const HELLO_TIMEOUT_MS = 10_000
/**
 * How long a receiver waits for a stream's next frame, once welcomed,
 * before closing it with a MigrationLinkError (which the sender takes as a
 * dropped link: it redials and resumes). A stream holds its migration name
 * and the images' block hashes; one that sends nothing would hold them for
 * ever. A sender is silent only while it reads and finds nothing changed
 * (about a second per GB), or while it waits for acknowledgements.
 */
export const STREAM_IDLE_TIMEOUT_MS = 300_000

/**
 * How long the first dial is retried, at most (then resumeTimeoutMs, for a
 * link that dropped): a receiver that never answered is not running or not
 * at that address, and a dead standby held `gdp node migrate` for a minute.
 */
export const FIRST_CONNECT_TIMEOUT_MS = 10_000

/**
 * How long a sender with entries in flight waits for the receiver's next
 * frame (an acknowledgement, or the one it repeats while applying), and for
 * a welcome, before it takes the link as dropped: a receiver stuck on its
 * disk, or one that never acknowledges, held the sender (and a paused
 * source) for ever. As long as the receiver's own wait for a silent sender.
 */
export const ACK_TIMEOUT_MS = STREAM_IDLE_TIMEOUT_MS

/**
 * How often a receiver applying an append (a large base copied as a seed
 * and checked, say, which may take many minutes) repeats its last
 * acknowledgement, so its sender knows it is at work: well within
 * ACK_TIMEOUT_MS.
 */
export const APPLY_KEEPALIVE_MS = 30_000

// A receiver's QuotaExceededError (too many migrations of this sender not finished there) ends the send: a redial would meet it again.
const REMOTE_ERRORS: Record<string, new (message: string) => Error> = { BaseDamagedError, ImageDamagedError, MigrationRejectedError, MigrationVerifyError, MigrationUnauthorizedError, MigrationConflictError, QuotaExceededError, ServerBusyError }

export interface OutboundEntryStreamInit {
  /** The hello that opens every stream: the migration capsule's signed metadata. */
  metadata: pb.ISignedMetadata
  /** How long to keep redialling a dropped link. */
  resumeTimeoutMs: number
  /** How long entries in flight may go without a frame from the receiver (default ACK_TIMEOUT_MS). */
  ackTimeoutMs?: number
  /** How long the first dial is retried, at most, when resumeTimeoutMs is longer (default FIRST_CONNECT_TIMEOUT_MS). */
  firstConnectTimeoutMs?: number
}

export interface OutboundEntryStreamComponents {
  /** Opens a new stream to the receiver. */
  connect: (signal: AbortSignal) => Promise<FrameChannel>
  /** Bytes of entries allowed in flight now: the sender sizes its window from the link. */
  windowBytes: () => number
}

export interface EntryAck {
  /** Entries the receiver stored. */
  applied: number
  /** Bytes of entry frames this acknowledgement took out of the window. */
  bytes: number
  /** When it arrived, on performance.now()'s clock. */
  atMs: number
}

export interface OutboundEntryStreamEvents {
  ack: CustomEvent<EntryAck>
  /** The link dropped; the stream redials and resends the entries after `applied`. */
  resume: CustomEvent<{ applied: number, error: Error }>
  /** Whether entries wait to go out (the link sets the pace) or every queued one is on the wire. */
  backlog: CustomEvent<boolean>
}

interface Outgoing { size: number, frame: pb.IMigrateAppend, bytes: number, sent: boolean }

/** The sending end: queues signed appends, sends them within the window, and resumes a dropped link. */
export class OutboundEntryStream {
  readonly events = new TypedEventEmitter<OutboundEntryStreamEvents>()
  readonly #init: OutboundEntryStreamInit
  readonly #c: OutboundEntryStreamComponents
  #channel: FrameChannel | undefined
  /** Whether the receiver welcomed a stream of ours yet. */
  #welcomed = false
  /** Entries queued and not yet acknowledged, in capsule order. */
  readonly #unacked: Outgoing[] = []
  /** Capsule size after the last queued entry. */
  #queued = 0
  /** Capsule size after the commit, once queued: only the acknowledgement of that many entries may say complete. */
  #commitSize: number | undefined
  #applied = 0
  #fatal: Error | undefined
  #folder: string | undefined
  #stopped = false
  #pumping = false
  #reconnecting: Promise<void> | undefined
  /** Aborted when the stream fails or closes: ends a dial, or a hello waiting for its welcome. */
  readonly #halt = new AbortController()
  readonly #waiters = new Set<() => void>()
  #sentBytes = 0
  #ackedBytes = 0
  #resumes = 0
  #acks: Array<{ atMs: number, bytes: number }> = []
  #busyMs = 0
  #busySince: number | undefined
  /** When the receiver last showed life on the link (a frame), or an entry went out; the ack timeout counts from it. */
  #lifeMs = 0
  /** Links taken as dropped for the receiver's silence since an acknowledgement last took entries out of the window. */
  #silences = 0

  constructor (init: OutboundEntryStreamInit, components: OutboundEntryStreamComponents) {
    this.#init = init
    this.#c = components
  }

  /** Entry frame bytes sent, resends included. */
  get sentBytes (): number { return this.#sentBytes }
  get ackedBytes (): number { return this.#ackedBytes }
  /** Times the link dropped and was redialled. */
  get resumes (): number { return this.#resumes }
  /** Bytes of entries queued or in flight, not yet acknowledged. */
  get pendingBytes (): number { return this.#unacked.reduce((s, o) => s + o.bytes, 0) }
  /** Entries wait to go out: the link, not whoever queues them, sets the pace. */
  get backlog (): boolean { return this.#unacked.some((o) => !o.sent) }
  /** Every queued entry is acknowledged. */
  get drained (): boolean { return this.#unacked.length === 0 }
  /** The receiver's folder, once it acknowledged the verified commit. */
  get folder (): string | undefined { return this.#folder }

  /** Time with entries in flight, in ms. */
  busyMs (now: number): number { return this.#busyMs + (this.#busySince === undefined ? 0 : now - this.#busySince) }

  /** Acknowledged bytes per second over the last few seconds. */
  ackedBytesPerSecond (now: number): number {
    this.#acks = this.#acks.filter((a) => a.atMs > now - ACK_RATE_MS)
    const span = this.#acks.length > 1 ? now - this.#acks[0]!.atMs : 0
    return span > 0 ? this.#acks.slice(1).reduce((s, a) => s + a.bytes, 0) * 1000 / span : 0
  }

  /** Dials the receiver and says hello; resolves with the bases it holds once it welcomed us. */
  async open (): Promise<Uint8Array[]> {
    const welcome = await this.#connect()
    return welcome.bases ?? []
  }

  /** Queues `frame`, the signed append that makes the capsule `size` entries long; `commit`: the migration's last. */
  push (frame: pb.IMigrateAppend, size: number, commit = false): void {
    this.#queued = size
    if (commit) this.#commitSize = size
    this.#unacked.push({ size, frame, bytes: pb.MigrateAppend.encode(frame).len + 8, sent: false })
    this.#backlog()
    void this.#pump()
    this.#changed()
  }

  /** Ends the migration with `err`: waiters throw it, nothing more is sent. */
  fail (err: Error): void {
    this.#fatal ??= err
    this.#halt.abort(this.#fatal)
    this.#changed()
  }

  /** Throws what failed the stream, if anything did. */
  throwIfFailed (): void {
    if (this.#fatal !== undefined) throw this.#fatal
  }

  /** Waits until `condition` holds, re-checking on every entry queued, acknowledgement, link change or failure. */
  async until (condition: () => boolean): Promise<void> {
    while (!condition()) {
      this.throwIfFailed()
      if (this.#stopped) throw new ServiceStoppedError('the migration was stopped')
      await new Promise<void>((resolve) => { this.#waiters.add(resolve) })
    }
    this.throwIfFailed()
  }

  /**
   * Stops sending and redialling and closes the stream; waiters throw. With
   * `failure`, the migration ends unfinished: the receiver is told why first,
   * so it lets go of the migration at once.
   */
  async close (failure?: Error): Promise<void> {
    this.#stopped = true
    this.#halt.abort(new ServiceStoppedError('the migration was stopped'))
    this.#inFlightChanged(performance.now())
    this.#changed()
    // A link already down, or a receiver that refused and closed it, has nothing to be told.
    if (failure !== undefined) await this.#channel?.send({ error: { code: failure.name, message: failure.message } }).catch(() => {})
    await this.#channel?.close()
  }

  async #pump (): Promise<void> {
    if (this.#pumping) return
    this.#pumping = true
    try {
      while (this.#channel !== undefined && this.#fatal === undefined) {
        const next = this.#unacked.find((o) => !o.sent)
        if (next === undefined) break
        const inFlight = this.#unacked.reduce((s, o) => s + (o.sent ? o.bytes : 0), 0)
        if (inFlight > 0 && inFlight + next.bytes > this.#c.windowBytes()) break
        const channel = this.#channel
        next.sent = true
        this.#sentBytes += next.bytes
        this.#inFlightChanged(performance.now())
        // The receiver's silence counts from here, and again once the stream took the entry (it may wait for that).
        this.#lifeMs = performance.now()
        try {
          await channel.send({ append: next.frame })
          this.#lifeMs = performance.now()
        } catch (err) {
          this.#linkDown(channel, err as Error)
          break
        }
      }
    } finally {
      this.#pumping = false
      this.#backlog()
    }
  }

  #backlog (): void {
    this.events.safeDispatchEvent('backlog', { detail: this.backlog })
  }

  /** Link use for the summary: time with entries in flight. */
  #inFlightChanged (now: number): void {
    const inFlight = this.#unacked.some((o) => o.sent)
    if (inFlight) this.#busySince ??= now
    else if (this.#busySince !== undefined) { this.#busyMs += now - this.#busySince; this.#busySince = undefined }
  }

  /** Dials the receiver and says hello; resolves once it welcomed us, retrying until the resume timeout. */
  async #connect (): Promise<pb.IMigrateWelcome> {
    const timeoutMs = this.#welcomed ? this.#init.resumeTimeoutMs : Math.min(this.#init.resumeTimeoutMs, this.#init.firstConnectTimeoutMs ?? FIRST_CONNECT_TIMEOUT_MS)
    const deadline = performance.now() + timeoutMs
    let wait = 200
    let last: Error | undefined
    while (!this.#stopped) {
      this.throwIfFailed()
      let channel: FrameChannel | undefined
      const halted = (): void => { channel?.abort(this.#halt.signal.reason as Error) }
      try {
        channel = await this.#c.connect(AbortSignal.any([AbortSignal.timeout(Math.max(1000, Math.round(deadline - performance.now()))), this.#halt.signal]))
        this.#halt.signal.addEventListener('abort', halted)
        if (this.#halt.signal.aborted) halted()
        await channel.send({ hello: { metadata: this.#init.metadata } })
        const frames = channel.frames()
        const first = await within(frames.next(), this.#ackTimeoutMs, `no welcome within ${this.#ackTimeoutMs} ms`)
        if (first.done === true) throw new MigrationLinkError('the receiver closed the stream')
        const welcome = first.value.welcome
        if (welcome == null) throw remoteError(first.value.error) ?? new MigrationRejectedError('the receiver did not answer the hello')
        this.#welcome(channel, welcome, frames)
        return welcome
      } catch (err) {
        // A stream the hello did not open is of no further use: the receiver need not wait on it.
        if (channel !== undefined && channel !== this.#channel) channel.abort(err as Error)
        if (isFatal(err as Error)) { this.fail(err as Error); throw err }
        last = err as Error
        if (performance.now() + wait > deadline) break
        await new Promise((resolve) => setTimeout(resolve, wait))
        wait = Math.min(2000, wait * 2)
      } finally {
        this.#halt.signal.removeEventListener('abort', halted)
      }
    }
    // Busy all along: said as the receiver said it, typed, rather than as a link that did not come up.
    if (last instanceof ServerBusyError) throw last
    throw new MigrationLinkError(`cannot reach the receiver within ${timeoutMs} ms${this.#welcomed ? '' : ' (it never answered: is it running, at that address?)'}: ${last?.message ?? 'stopped'}`)
  }

  #welcome (channel: FrameChannel, welcome: pb.IMigrateWelcome, frames: AsyncGenerator<pb.MigrateFrame>): void {
    const applied = Number(welcome.applied ?? 0)
    if (applied > this.#queued) throw new MigrationConflictError(`the receiver holds ${applied} entries of this migration, more than were sent`)
    // Entries it acknowledged are gone from here: they cannot be sent again, and those after them do not extend what
    // it holds (each was refused, and the migration failed there, naming a record it did not expect).
    if (applied < this.#applied) {
      throw new MigrationConflictError(`the receiver holds ${applied} entries of this migration, fewer than the ${this.#applied} it acknowledged: ` +
        'it lost entries it had stored (its migration store or folder restored from a backup, or damaged); send the migration again (a new send of the name replaces it)')
    }
    this.#applied = Math.max(this.#applied, applied)
    while (this.#unacked.length > 0 && this.#unacked[0]!.size <= applied) this.#unacked.shift()
    for (const o of this.#unacked) o.sent = false
    this.#channel = channel
    this.#welcomed = true
    void this.#read(channel, frames)
    void this.#pump()
    this.#changed()
  }

  get #ackTimeoutMs (): number { return this.#init.ackTimeoutMs ?? ACK_TIMEOUT_MS }

  /**
   * The receiver's next frame. With entries in flight, a receiver silent for
   * the ack timeout is taken as a dropped link once (it may be the link that
   * died unseen, and a redial finds out); silent again before acknowledging
   * anything, it fails the migration: it holds what it was sent and says
   * nothing, and redialling it would go on for ever.
   */
  async #nextFrame (frames: AsyncGenerator<pb.MigrateFrame>): Promise<IteratorResult<pb.MigrateFrame>> {
    const next = frames.next()
    while (true) {
      const left = this.#lifeMs + this.#ackTimeoutMs - performance.now()
      if (left <= 0 && this.#unacked.some((o) => o.sent)) {
        const err = new MigrationLinkError(`the receiver sent nothing for ${this.#ackTimeoutMs} ms with entries in flight`)
        if (++this.#silences > 1) this.fail(new MigrationLinkError(`${err.message}, again after a redial: it holds the entries it was sent and neither acknowledges nor refuses them`))
        throw err
      }
      let timer: NodeJS.Timeout | undefined
      const silent = new Promise<undefined>((resolve) => { timer = setTimeout(() => { resolve(undefined) }, left > 0 ? left : this.#ackTimeoutMs) })
      const frame = await Promise.race([next, silent]).finally(() => { clearTimeout(timer) })
      if (frame !== undefined) {
        this.#lifeMs = performance.now()
        return frame
      }
    }
  }

  async #read (channel: FrameChannel, frames: AsyncGenerator<pb.MigrateFrame>): Promise<void> {
    try {
      for (let next = await this.#nextFrame(frames); next.done !== true; next = await this.#nextFrame(frames)) {
        const frame = next.value
        if (frame.ack != null) {
          this.#onAck(frame.ack)
        } else {
          const err = remoteError(frame.error) ?? new MigrationRejectedError('unexpected frame from the receiver')
          if (isFatal(err)) this.fail(err)
          else this.#linkDown(channel, err)
          return
        }
        if (this.#folder !== undefined || this.#fatal !== undefined) return
      }
      if (this.#folder === undefined) this.#linkDown(channel, new MigrationLinkError('the receiver closed the stream'))
    } catch (err) {
      this.#linkDown(channel, err as Error)
    }
  }

  #onAck (ack: pb.IMigrateAck): void {
    const applied = Number(ack.applied ?? 0)
    // A receiver that acknowledges what it was not sent, or says complete without the commit, cannot be believed:
    // taken at its word, the sender dropped entries it never delivered, or reported a migration done (its source
    // paused for good) that the receiver never verified.
    if (applied > this.#queued) {
      this.fail(new MigrationConflictError(`the receiver acknowledged ${applied} entries of this migration, more than the ${this.#queued} sent`))
      return
    }
    if (ack.complete === true && applied !== this.#commitSize) {
      this.fail(new MigrationConflictError(`the receiver said the migration was complete after ${applied} entries, ${this.#commitSize === undefined ? 'before the commit was sent' : `where the commit makes ${this.#commitSize}`}`))
      return
    }
    const now = performance.now()
    let bytes = 0
    while (this.#unacked.length > 0 && this.#unacked[0]!.size <= applied) bytes += this.#unacked.shift()!.bytes
    // One the receiver repeats while it applies an append says only that it is at work: no progress to measure.
    if (bytes === 0 && ack.complete !== true) return
    this.#silences = 0
    this.#applied = Math.max(this.#applied, applied)
    this.#ackedBytes += bytes
    this.#acks.push({ atMs: now, bytes })
    this.#inFlightChanged(now)
    // The receiver's word for where the images are, shown to the user as it is: one bounded line.
    if (ack.complete === true) this.#folder = peerText(ack.folder ?? '')
    this.events.safeDispatchEvent('ack', { detail: { applied, bytes, atMs: now } })
    void this.#pump()
    this.#changed()
  }

  #linkDown (channel: FrameChannel, err: Error): void {
    // A stream that failed (its receiver silent again, say) is not resumed: the close tells the receiver why.
    if (this.#channel !== channel || this.#stopped || this.#fatal !== undefined) return
    if (isFatal(err)) { this.fail(err); return }
    this.#channel = undefined
    channel.abort(err)
    this.#resumes++
    log('link to the receiver dropped: %s; resuming after entry %d', err.message, this.#applied)
    this.events.safeDispatchEvent('resume', { detail: { applied: this.#applied, error: err } })
    this.#reconnecting ??= this.#connect().then(() => {}, (e: Error) => { this.fail(e) }).finally(() => { this.#reconnecting = undefined })
  }

  #changed (): void {
    const waiters = [...this.#waiters]
    this.#waiters.clear()
    for (const wake of waiters) wake()
  }
}

/** What a receiver does with the entries of one migration. */
export interface EntrySink {
  /** Entries stored so far: the sender resends only those after them. */
  applied: number
  /** Hashes of the bases this end holds, for the sender to refer to. */
  bases: Uint8Array[]
  /**
   * The acknowledgement of the commit, when the migration is complete
   * already: sent again after the welcome, for a sender whose link dropped
   * before that acknowledgement reached it has nothing left to send.
   */
  completed?: pb.IMigrateAck
  /**
   * What the sink reads before it takes an append (a resume rereads the
   * images, minutes for large ones), once its sender is welcomed; it may
   * set `completed`. `signal` is aborted when a new stream of its sender
   * replaces this one, or the receiver stops.
   */
  prepare?: (signal: AbortSignal) => Promise<void>
  /** Checks, applies and stores one append; resolves with its acknowledgement. */
  append: (append: pb.IMigrateAppend) => Promise<pb.IMigrateAck>
  /** Releases what the sink holds (open files), however the stream ended. */
  close: () => void
}

/** A hello the receiver accepts. */
export interface AcceptedHello {
  /** The migration name it opens: one stream at a time serves a name. */
  key: string
  /** The migration capsule (its name, as text): a new stream for the same capsule supersedes the stream before; another capsule is refused while one is served. */
  capsule: string
  /** Opens the sink, once the superseded stream, if any, has ended. */
  open: () => Promise<EntrySink>
}

export interface InboundEntryStreamsInit {
  /** How long to wait for a frame before closing the stream (default STREAM_IDLE_TIMEOUT_MS). */
  idleTimeoutMs?: number
  /** How long to wait for a stream's hello before closing it (default HELLO_TIMEOUT_MS). */
  helloTimeoutMs?: number
  /** How often the last acknowledgement is repeated while an append is applied (default APPLY_KEEPALIVE_MS). */
  keepaliveMs?: number
}

/** The receiving end: serves each sender's stream, one stream per migration at a time. */
export class InboundEntryStreams {
  /** The stream serving each migration; a reconnecting sender replaces it. */
  readonly #serving = new Map<string, { channel: FrameChannel, capsule: string, ended: AbortController, done: Promise<void> }>()
  readonly #idleTimeoutMs: number
  readonly #helloTimeoutMs: number
  readonly #keepaliveMs: number

  constructor (init: InboundEntryStreamsInit = {}) {
    this.#idleTimeoutMs = init.idleTimeoutMs ?? STREAM_IDLE_TIMEOUT_MS
    this.#helloTimeoutMs = init.helloTimeoutMs ?? HELLO_TIMEOUT_MS
    this.#keepaliveMs = init.keepaliveMs ?? APPLY_KEEPALIVE_MS
  }

  /**
   * Serves one sender on `channel` until the migration completes or the
   * stream ends. `accept` checks the hello and throws to refuse it; any
   * refusal goes to the sender as an error frame, then the stream is aborted.
   */
  async serve (channel: FrameChannel, accept: (hello: pb.IMigrateHello) => AcceptedHello): Promise<void> {
    let key: string | undefined
    let release = (): void => {}
    // Aborted when a new stream replaces this one: a resume's reread of large images it began ends, rather than hold
    // the new stream's welcome until the sender gave up waiting for it.
    const ended = new AbortController()
    // A write waits while the sender reads nothing (its window shut): unbounded, a sender that stopped reading held
    // the stream, its migration name and one of its streams as long as its connection lasted.
    const send = async (frame: pb.IMigrateFrame): Promise<void> => { await within(channel.send(frame), this.#idleTimeoutMs, `the sender read nothing this node sent for ${this.#idleTimeoutMs} ms`) }
    try {
      const frames = channel.frames()
      // A stream that opens and sends no hello (or one that never ends) would be held, and its bytes, for ever.
      const first = await within(frames.next(), this.#helloTimeoutMs, `no hello within ${this.#helloTimeoutMs} ms`)
      if (first.done === true) return
      const hello = first.value.hello
      if (hello == null) throw new MigrationRejectedError('a migration stream must start with a hello')
      const accepted = accept(hello)
      key = accepted.key
      release = await this.#claim(key, accepted.capsule, channel, ended)
      const sink = await accepted.open()
      try {
        await send({ welcome: { applied: sink.applied, bases: sink.bases } })
        let applied = sink.applied
        // After the welcome: a sender waits for one ACK_TIMEOUT_MS at most, and one whose images took longer to reread
        // could never resume (found by attacking the migration endpoint).
        if (sink.prepare !== undefined) await this.#keptAlive(channel, applied, sink.prepare(ended.signal))
        // Only the wait for a frame is timed: applying one (a large seed copy, say) may take longer.
        const nextFrame = async (): Promise<IteratorResult<pb.MigrateFrame>> => await within(frames.next(), this.#idleTimeoutMs, `no frame within ${this.#idleTimeoutMs} ms`)
        // Complete already: the sender is told so again, not left waiting for an acknowledgement nothing will bring.
        if (sink.completed !== undefined) await send({ ack: sink.completed })
        else for (let next = await nextFrame(); next.done !== true; next = await nextFrame()) {
          const frame = next.value
          if (frame.error != null) {
            // The sender gave up (it failed or was cancelled): the migration stays unfinished, for its next send to replace.
            log('migration %s: the sender gave up: %s: %s', key, peerText(frame.error.code ?? ''), peerText(frame.error.message ?? ''))
            break
          }
          if (frame.append == null) throw new MigrationRejectedError('expected an append frame')
          const ack = await this.#keptAlive(channel, applied, sink.append(frame.append))
          applied = Number(ack.applied ?? applied)
          await send({ ack })
          if (ack.complete === true) break
        }
      } finally {
        sink.close()
      }
      // Not awaited: this end's close need not wait for the sender to read what is left.
      void channel.close()
    } catch (err) {
      log('migration %s refused or broken: %s', key ?? '(unnamed)', (err as Error).message)
      await send({ error: { code: (err as Error).name, message: (err as Error).message } }).catch(() => {})
      channel.abort(err as Error)
    } finally {
      release()
    }
  }

  /**
   * Waits for `work`, repeating the acknowledgement of `applied` meanwhile:
   * the sender takes a long silence with entries in flight as a receiver
   * that is stuck, and hears that this one is at work.
   */
  async #keptAlive<T> (channel: FrameChannel, applied: number, work: Promise<T>): Promise<T> {
    const keepalive = setInterval(() => { channel.send({ ack: { applied } }).catch(() => {}) }, this.#keepaliveMs)
    try { return await work } finally { clearInterval(keepalive) }
  }

  /** Whether a sender's stream is serving `key` now (from its accepted hello until it ends). */
  isServing (key: string): boolean {
    return this.#serving.has(key)
  }

  /** Aborts every stream being served and waits until each has let go of its sink: before what the sinks write to closes. */
  async stop (): Promise<void> {
    const serving = [...this.#serving.values()]
    for (const s of serving) {
      const err = new MigrationLinkError('the receiving node is stopping')
      s.ended.abort(err)
      s.channel.abort(err)
    }
    await Promise.all(serving.map(async (s) => { await s.done }))
  }

  /**
   * Makes `channel` the one serving `key`, after the previous one ended;
   * returns its release. Only the same capsule's new stream (its sender
   * resuming) replaces a stream: any other hello for the name is refused
   * before it disturbs the one being served.
   */
  async #claim (key: string, capsule: string, channel: FrameChannel, ended: AbortController): Promise<() => void> {
    let waited = false
    for (let previous = this.#serving.get(key); previous !== undefined; previous = this.#serving.get(key)) {
      if (previous.capsule !== capsule) {
        // A sender that just gave up (failed, cancelled) has closed its stream, but its last entries may still be being written here.
        if (!waited) { waited = true; await endsWithin(previous.done, STREAM_END_GRACE_MS); continue }
        throw new MigrationConflictError(`migration '${key}' is being received now from another capsule (${previous.capsule}); send again once it ends, or choose another name`)
      }
      const replaced = new MigrationLinkError('the sender reconnected on a new stream, which replaces this one')
      previous.ended.abort(replaced)
      previous.channel.abort(replaced)
      await previous.done
    }
    let finished = (): void => {}
    const done = new Promise<void>((resolve) => { finished = resolve })
    this.#serving.set(key, { channel, capsule, ended, done })
    return () => {
      if (this.#serving.get(key)?.channel === channel) this.#serving.delete(key)
      finished()
    }
  }
}

/** `next`, or a MigrationLinkError saying `why` once `ms` have passed. */
async function within<T> (next: Promise<T>, ms: number, why: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return await Promise.race([
    next,
    new Promise<never>((resolve, reject) => { timer = setTimeout(() => { reject(new MigrationLinkError(why)) }, ms) })
  ]).finally(() => { clearTimeout(timer) })
}

/** Waits until `done` or `ms` have passed. */
async function endsWithin (done: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([done, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms) })])
  clearTimeout(timer)
}

function remoteError (error: pb.IMigrateError | null | undefined): Error | undefined {
  if (error == null) return undefined
  // A stream the receiver closed for its silence (or a missing hello): the sender redials and resumes.
  const code = error.code ?? ''
  // Own keys alone: a code such as 'constructor' or 'toString' (the receiver's words) named Object's, and the sender
  // threw a String object, or a TypeError, and redialled until its resume timeout (found by attacking the endpoints).
  const Type = code === 'MigrationLinkError' ? MigrationLinkError : Object.hasOwn(REMOTE_ERRORS, code) ? REMOTE_ERRORS[code]! : MigrationRejectedError
  return new Type(`the receiver refused the migration: ${peerText(error.message ?? error.code ?? 'no reason given')}`)
}

/**
 * Errors a redial would only meet again. Not a busy receiver's: it counts
 * the streams of a link that dropped until their silence shows, so a
 * sender that redials at once may be one over, for a while.
 */
function isFatal (err: Error): boolean {
  return !(err instanceof ServerBusyError) && (Object.values(REMOTE_ERRORS).some((Type) => err instanceof Type) || err instanceof InvalidArgumentError)
}

/**
 * QEMU's machine protocol (QMP) over its Unix socket: a client, and the two
 * steps of a live handoff of a QEMU guest that a migration runs on each end.
 * `gdp migrate send --live --pause-qmp <socket>=<image>` pauses the source
 * with `connectForPause` in the node's own process (a pause command, a
 * process started at the pause, costs the guest its start-up time).
 *
 * The guest's RAM must be a shared memory-backend-file (share=on): with
 * `x-ignore-shared` the device state then leaves RAM out, and the RAM file
 * is shipped as an image like the disk.
 */
import { createConnection, type Socket } from 'node:net'
import { InvalidArgumentError, QemuMigrationFailedError, QmpCommandError, QmpProtocolError, QmpTimeoutError } from '../errors.js'

export interface QmpEvent {
  event: string
  data?: Record<string, unknown>
  timestamp: { seconds: number, microseconds: number }
}

/** Events kept for `waitForEvent` that nobody waited for yet, at most (the oldest go first). */
const KEPT_EVENTS = 64
/** A line from QEMU longer than this is not QMP. */
const MAX_LINE = 1 << 20

interface Pending {
  command: string
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

interface EventWaiter {
  name: string
  resolve: (event: QmpEvent) => void
}

const delay = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** Rejects with QmpTimeoutError unless `promise` settles within `ms`. */
async function within<T> (promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new QmpTimeoutError(`${what}: no answer within ${ms} ms`)) }, ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

export class QmpClient {
  private buffered = ''
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private readonly events: QmpEvent[] = []
  private readonly eventWaiters: EventWaiter[] = []
  private closedError: Error | undefined
  private greetingSeen: () => void = () => {}
  private readonly greeting = new Promise<void>((resolve) => { this.greetingSeen = resolve })

  private constructor (private readonly socket: Socket) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => { this.receive(chunk) })
    socket.on('error', (err) => { this.fail(new QmpProtocolError(`QMP socket: ${err.message}`, { cause: err })) })
    socket.on('close', () => { this.fail(new QmpProtocolError('QMP socket closed')) })
  }

  /**
   * Connects to a QMP socket, retrying while QEMU has not created it yet,
   * reads the greeting and leaves capabilities-negotiation mode.
   */
  static async connect (socketPath: string, timeoutMs = 10_000): Promise<QmpClient> {
    const deadline = performance.now() + timeoutMs
    for (;;) {
      try {
        const socket = await new Promise<Socket>((resolve, reject) => {
          const s = createConnection(socketPath)
          s.once('connect', () => { s.removeListener('error', reject); resolve(s) })
          s.once('error', reject)
        })
        const client = new QmpClient(socket)
        try {
          await within(client.greeting, Math.max(deadline - performance.now(), 1000), `QMP greeting on ${socketPath}`)
          await client.execute('qmp_capabilities')
        } catch (err) {
          client.close()
          throw err
        }
        return client
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code
        if ((code !== 'ENOENT' && code !== 'ECONNREFUSED') || performance.now() > deadline) {
          if (code === 'ENOENT' || code === 'ECONNREFUSED') throw new QmpTimeoutError(`no QMP server at ${socketPath} within ${timeoutMs} ms`, { cause: err })
          throw err
        }
        await delay(50)
      }
    }
  }

  /** Runs one command; resolves with its `return` value or rejects with QmpCommandError. */
  async execute<T = unknown> (command: string, args?: Record<string, unknown>, timeoutMs = 10_000): Promise<T> {
    if (this.closedError !== undefined) throw this.closedError
    const id = this.nextId++
    const reply = new Promise<unknown>((resolve, reject) => { this.pending.set(id, { command, resolve, reject }) })
    this.socket.write(JSON.stringify({ execute: command, ...(args === undefined ? {} : { arguments: args }), id }) + '\n')
    try {
      return await within(reply, timeoutMs, `QMP ${command}`) as T
    } finally {
      this.pending.delete(id)
    }
  }

  /** The next event called `name` (including one that already arrived and was not consumed). */
  async waitForEvent (name: string, timeoutMs: number): Promise<QmpEvent> {
    const index = this.events.findIndex((e) => e.event === name)
    if (index >= 0) return this.events.splice(index, 1)[0]!
    if (this.closedError !== undefined) throw this.closedError
    let waiter: EventWaiter | undefined
    const arrived = new Promise<QmpEvent>((resolve) => { waiter = { name, resolve }; this.eventWaiters.push(waiter) })
    try {
      return await within(arrived, timeoutMs, `QMP event ${name}`)
    } finally {
      const at = this.eventWaiters.indexOf(waiter!)
      if (at >= 0) this.eventWaiters.splice(at, 1)
    }
  }

  close (): void {
    this.socket.destroy()
  }

  private receive (chunk: string): void {
    this.buffered += chunk
    let newline
    while ((newline = this.buffered.indexOf('\n')) >= 0) {
      const line = this.buffered.slice(0, newline).trim()
      this.buffered = this.buffered.slice(newline + 1)
      if (line !== '') this.handle(line)
    }
    if (this.buffered.length > MAX_LINE) this.fail(new QmpProtocolError(`a line of over ${MAX_LINE} characters from QEMU: not QMP`))
  }

  private handle (line: string): void {
    let message: Record<string, unknown>
    try {
      message = JSON.parse(line) as Record<string, unknown>
    } catch {
      this.fail(new QmpProtocolError(`not JSON from QEMU: ${line.slice(0, 200)}`))
      return
    }
    if ('QMP' in message) { this.greetingSeen(); return }
    if (typeof message.event === 'string') {
      const event = message as unknown as QmpEvent
      const waiter = this.eventWaiters.find((w) => w.name === event.event)
      if (waiter !== undefined) waiter.resolve(event)
      else if (this.events.push(event) > KEPT_EVENTS) this.events.shift()
      return
    }
    const pending = typeof message.id === 'number' ? this.pending.get(message.id) : undefined
    if (pending === undefined) return // a reply to a command whose wait timed out
    if ('error' in message) {
      const error = message.error as { class?: string, desc?: string }
      pending.reject(new QmpCommandError(pending.command, error.class ?? 'GenericError', error.desc ?? 'no description'))
    } else {
      pending.resolve(message.return)
    }
  }

  private fail (err: Error): void {
    if (this.closedError !== undefined) return
    this.closedError = err
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
    this.socket.destroy()
  }
}

/**
 * What `query-migrate` reports; QEMU leaves out `status` before any
 * migration, and the figures until they apply (`downtime` once completed).
 */
export interface MigrationInfo {
  status?: string
  'error-desc'?: string
  /** Milliseconds from the source's stop to the end of the migration (source side, completed). */
  downtime?: number
  'total-time'?: number
  'setup-time'?: number
  /** While active: what QEMU expects the downtime to be if it stopped the guest now, ms. */
  'expected-downtime'?: number
  ram?: { transferred: number, total: number, remaining: number, duplicate: number, normal: number, 'dirty-sync-count': number, 'dirty-pages-rate': number }
}

/** Migration states after which nothing more will happen. */
const MIGRATION_FAILED = new Set(['failed', 'cancelled'])

/**
 * Polls `query-migrate` until the migration reaches one of `wanted` (say
 * `pre-switchover`) and returns what QEMU reported then; a failed or
 * cancelled migration, or `timeoutMs` without reaching it, throws, and so
 * does `check` (given every report on the way) when it throws.
 */
export async function waitForMigrationStatus (qmp: QmpClient, wanted: readonly string[], timeoutMs: number, check?: (info: MigrationInfo) => void): Promise<MigrationInfo> {
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const info = await qmp.execute<MigrationInfo>('query-migrate')
    if (info.status !== undefined && wanted.includes(info.status)) return info
    check?.(info)
    if (info.status !== undefined && MIGRATION_FAILED.has(info.status)) {
      throw new QemuMigrationFailedError(`migration ${info.status}${info['error-desc'] === undefined ? '' : `: ${info['error-desc']}`}`)
    }
    if (performance.now() > deadline) throw new QmpTimeoutError(`migration not ${wanted.join(' or ')} within ${timeoutMs} ms (status ${info.status ?? 'none'})`)
    await delay(20)
  }
}

/** Polls `query-migrate` until the (outgoing or incoming) migration completed. */
export async function waitForMigration (qmp: QmpClient, timeoutMs: number): Promise<void> {
  await waitForMigrationStatus(qmp, ['completed'], timeoutMs)
}

/**
 * Leaves shared (file-backed) RAM out of the migration stream. Both ends must
 * set it: the receiver then expects no RAM pages and maps the file as is.
 */
async function ignoreSharedRam (qmp: QmpClient): Promise<void> {
  await qmp.execute('migrate-set-capabilities', { capabilities: [{ capability: 'x-ignore-shared', state: true }] })
}

/**
 * Stops the guest and writes its device state (not its RAM) to `devstatePath`.
 * Stopping first makes this a cold migration: RAM and disk stay still from
 * here on, so the files copied afterwards match the device state.
 */
export async function stopAndSave (qmp: QmpClient, devstatePath: string, timeoutMs = 30_000): Promise<void> {
  await qmp.execute('stop')
  await ignoreSharedRam(qmp)
  await qmp.execute('migrate', { uri: `exec:cat > ${shellQuote(devstatePath)}` })
  await waitForMigration(qmp, timeoutMs)
}

/**
 * On a QEMU started with `-incoming defer` and the received RAM file: loads
 * the device state and runs the guest. QEMU stays paused after an incoming
 * migration of a stopped guest, so `cont` is always needed.
 */
export async function resumeIncoming (qmp: QmpClient, devstatePath: string, timeoutMs = 30_000): Promise<void> {
  await ignoreSharedRam(qmp)
  await qmp.execute('migrate-incoming', { uri: `exec:cat ${shellQuote(devstatePath)}` })
  await waitForMigration(qmp, timeoutMs)
  await qmp.execute('cont')
}

/** QEMU runs `exec:` URIs with /bin/sh -c. */
export const shellQuote = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`


/** What `query-memdev` says of a RAM backend (QEMU 6.1 and later name `share`). */
interface Memdev { id?: string, size: number, share?: boolean }

/** A QEMU guest, connected and checked, that a live migration's pause step stops. */
export interface QemuPause {
  /** Stops the guest and writes its device state (RAM left out) to `devstatePath`. */
  pause: (devstatePath: string) => Promise<void>
  close: () => void
}

/**
 * Connects to the QMP socket of the guest a live migration will pause, and
 * checks now, before any round, what the pause needs: a running guest whose
 * RAM is all in shared memory backends (otherwise the device state would
 * carry the whole RAM, while the guest is stopped).
 */
export async function connectForPause (socketPath: string, timeoutMs = 5000): Promise<QemuPause> {
  const qmp = await QmpClient.connect(socketPath, timeoutMs)
  try {
    const status = await qmp.execute<{ status: string }>('query-status')
    if (status.status !== 'running') throw new InvalidArgumentError(`the guest on ${socketPath} is ${status.status}, not running: a live migration pauses a running guest`)
    const memdevs = await qmp.execute<Memdev[]>('query-memdev')
    const unshared = memdevs.filter((m) => m.share !== true)
    if (memdevs.length === 0 || unshared.length > 0) {
      throw new InvalidArgumentError(`the guest on ${socketPath} has RAM outside a shared memory backend (${memdevs.length === 0 ? 'no -object memory-backend-file' : unshared.map((m) => m.id ?? '?').join(', ')}): start it with -object memory-backend-file,id=ram,mem-path=<file>,share=on,size=... -machine memory-backend=ram, and send that file as an image`)
    }
  } catch (err) {
    qmp.close()
    throw err
  }
  return {
    pause: async (devstatePath) => { await stopAndSave(qmp, devstatePath) },
    close: () => { qmp.close() }
  }
}

/**
 * The node's local control socket, <data>/control.sock: the operator's
 * commands that need the running node's state (its base registry, its
 * libp2p host) reach it here. Only local users with access to the data
 * folder can connect (mode 0600). One request per connection, as a line of
 * JSON; the node answers with event lines and a final result line.
 */
import { spawn } from 'node:child_process'
import { existsSync, rmSync, statSync } from 'node:fs'
import { createConnection, createServer, type Server, type Socket } from 'node:net'
import { dirname, join } from 'node:path'
import { logger } from '@libp2p/logger'
import { FileAccessError, GdpError, InvalidArgumentError, MigrationCancelledError, NodeCommandError, NodeNotRunningError, PauseCommandError, ServiceStoppedError } from '../errors.js'
import { bytesToHex } from '../crypto/bytes.js'
import type { BaseInfo } from '../migration/bases.js'
import { connectForPause } from '../migration/qemu.js'
import type { MigrationService } from '../migration/service.js'
import type { CapsuleService } from '../server/capsule-service.js'
import type { NodeViews, ViewQuery } from './views.js'
import { formatName, parseName } from '../capsule/name.js'
import { socketPath, type SocketPath } from '../unix-socket.js'

const log = logger('gdp:control')
export const CONTROL_SOCKET = 'control.sock'
const LONG_DATA_FOLDER = 'use a data folder with a shorter path'
const MAX_REQUEST_BYTES = 1 << 20
/** How long a pause command may run before it is killed and the migration fails. */
const PAUSE_COMMAND_TIMEOUT_MS = 120_000
/**
 * How long a node that stops lets a connection's last writes drain before
 * it cuts the connection: a client that does not read (suspended, stuck)
 * never drains a large answer or a stream of events, and held the stop.
 */
const STOP_DRAIN_MS = 1000

export interface ControlRequest {
  op: 'base.add' | 'base.list' | 'base.verify' | 'migrate.send' | 'migrate.list' | 'migrate.rm' | 'capsule.repair' | 'view' | 'node.migrate' | 'node.graft' | 'node.rebalance' | 'node.drain'
  args: Record<string, unknown>
}

/** A line the node sends back: events while it works, then the result or the error. */
export type ControlLine =
  | { event: string, data: unknown }
  | { result: unknown }
  | { error: { name: string, message: string } }

export interface RebalanceOptions { to: string[], share: number, windowMs: number, apply: boolean }
/** The longest window `gdp node rebalance` measures traffic over: the command waits for it. */
export const MAX_REBALANCE_WINDOW_MS = 3_600_000

export interface MigrateSendArgs {
  to: string
  name: string
  images: Array<{ name: string, path: string, base?: string }>
  mode?: string
  live?: boolean
  pauseCommand?: string
  /** Pause by QMP instead: stop the QEMU guest on `socket` and save its device state into the file of image `image`. */
  pauseQmp?: { socket: string, image: string }
  cwd?: string
  delta?: boolean
  maxRounds?: number
  maxDowntimeMs?: number
  batchBytes?: number
}

export class ControlServer {
  readonly path: string
  readonly #migration: MigrationService
  /** The node's capsule service, when it stores capsules. */
  readonly #service: CapsuleService | undefined
  /** What `gdp status`, `gdp routes` ... show: the admin API's views. */
  readonly #views: NodeViews
  /** Moves this router to the standby at `to` (GdpNode.migrateTo); it stops here once the answer went. */
  readonly #migrateNode: ((to: string, onEvent: (message: string) => void) => Promise<unknown>) | undefined
  /** Moves one neighbour of this router to another router (GdpNode.graftNeighbour). */
  readonly #graft: ((neighbour: Uint8Array, to: string) => Promise<unknown>) | undefined
  /** Takes load off this router (GdpNode.rebalance). */
  readonly #rebalance: ((options: RebalanceOptions) => Promise<unknown>) | undefined
  /** Takes every server and edge client off this router (GdpNode.drain). */
  readonly #drain: ((to: string[]) => Promise<unknown>) | undefined
  #server: Server | undefined
  /** The path the server was bound at (socketPath), its folder held open while bound. */
  #bound: SocketPath | undefined
  /** Each open connection's way to end it when the node stops. */
  readonly #connections = new Set<() => void>()

  constructor (data: string, components: { migration: MigrationService, views: NodeViews, service?: CapsuleService, migrateNode?: (to: string, onEvent: (message: string) => void) => Promise<unknown>, graft?: (neighbour: Uint8Array, to: string) => Promise<unknown>, rebalance?: (options: RebalanceOptions) => Promise<unknown>, drain?: (to: string[]) => Promise<unknown> }) {
    this.path = join(data, CONTROL_SOCKET)
    this.#migration = components.migration
    this.#views = components.views
    this.#service = components.service
    this.#migrateNode = components.migrateNode
    this.#graft = components.graft
    this.#rebalance = components.rebalance
    this.#drain = components.drain
  }

  async start (): Promise<void> {
    // A socket file left by a node that died; a live node holds the data folder's LevelDB lock, so this one would not have started.
    if (existsSync(this.path)) {
      if (statSync(this.path).isDirectory()) throw new InvalidArgumentError(`${this.path} is a folder: the node's control socket goes there; move the folder away`)
      rmSync(this.path)
    }
    const bound = socketPath(this.path, LONG_DATA_FOLDER)
    const server = createServer((socket) => { this.#serve(socket) })
    await new Promise<void>((resolve, reject) => {
      const failed = (err: NodeJS.ErrnoException): void => {
        // Node's error names the socket as an address, not a path: it was an internal error, naming neither the folder nor the way out.
        const denied = err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS'
        reject(denied ? new FileAccessError(`cannot make the node's control socket ${this.path}: ${err.code}: ${err.code === 'EROFS' ? 'read-only file system' : 'permission denied'}: the data folder ${dirname(this.path)} must be writable by the user running gdp (chown, chmod)`, { cause: err }) : err)
      }
      server.once('error', failed)
      // Bound private: made 0600 only after, another user could connect in between (the data folder is theirs to
      // enter under the usual umask) and keep that connection. listen() binds a path before it returns.
      const umask = process.umask(0o177)
      try {
        server.listen(bound.path, () => { server.off('error', failed); resolve() })
      } finally {
        process.umask(umask)
      }
    }).catch((err: unknown) => { bound.release(); throw err })
    this.#server = server
    this.#bound = bound
  }

  async stop (): Promise<void> {
    const closed = new Promise<void>((resolve) => { if (this.#server === undefined) resolve(); else this.#server.close(() => { resolve() }) })
    // close() waits for every connection to end: one whose client sent nothing (or never read its answer) held the
    // node's stop for as long as that client lived.
    for (const end of this.#connections) end()
    await closed
    // Held open until now: Node unlinks the path it bound as it closes, which must still name this folder.
    this.#bound?.release()
    this.#bound = undefined
    // Only a socket this server bound: a node whose start failed (the data folder's locks held by a node running
    // there) removed that node's socket, and nothing could ask it anything more.
    if (this.#server !== undefined) rmSync(this.path, { force: true })
    // A second stop removes nothing: the path may be another node's by then.
    this.#server = undefined
  }

  #serve (socket: Socket): void {
    let buffered = ''
    const send = (line: ControlLine): void => { if (!socket.destroyed) socket.write(JSON.stringify(line) + '\n') }
    // The requester went away (Ctrl-C, killed) before its answer: what it started is cancelled where it can be.
    const gone = new AbortController()
    let answered = false
    // A request not answered yet is told why it ends; an answer already sent (node migrate's, before its node stops) is written out first.
    const endForStop = (): void => {
      if (!answered) {
        answered = true
        const stopping = new ServiceStoppedError('the node is stopping: the request ends unanswered')
        send({ error: { name: stopping.name, message: stopping.message } })
        gone.abort(stopping)
      }
      socket.destroySoon()
      // destroySoon() waits for the writes to drain, and a client that does not read never drains them.
      const cut = setTimeout(() => { socket.destroy() }, STOP_DRAIN_MS)
      cut.unref()
      socket.once('close', () => { clearTimeout(cut) })
    }
    this.#connections.add(endForStop)
    socket.on('close', () => {
      this.#connections.delete(endForStop)
      if (!answered) gone.abort(new MigrationCancelledError('the control connection closed before the answer'))
    })
    socket.setEncoding('utf8')
    socket.on('error', () => {})
    socket.on('data', (text: string) => {
      buffered += text
      if (buffered.length > MAX_REQUEST_BYTES) { send({ error: { name: 'InvalidArgumentError', message: 'control request too large' } }); socket.end(); return }
      const end = buffered.indexOf('\n')
      if (end < 0) return
      socket.removeAllListeners('data')
      let request: ControlRequest
      try { request = JSON.parse(buffered.slice(0, end)) as ControlRequest } catch { send({ error: { name: 'InvalidArgumentError', message: 'control request is not JSON' } }); socket.end(); return }
      this.#handle(request, (event, data) => { send({ event, data }) }, gone.signal).then(
        (result) => { if (answered) return; answered = true; send({ result }); socket.end() },
        (err: Error) => {
          if (answered) return
          answered = true
          log('control %s failed: %s', request.op, err.message)
          send({ error: { name: err instanceof GdpError ? err.name : 'GdpError', message: err.message } })
          socket.end()
        })
    })
  }

  async #handle (request: ControlRequest, emit: (event: string, data: unknown) => void, gone: AbortSignal): Promise<unknown> {
    const m = this.#migration
    const a = request.args ?? {}
    switch (request.op) {
      case 'base.add': {
        if (typeof a.path !== 'string') throw new InvalidArgumentError('base.add needs a path')
        return baseJson(await m.bases.add(a.path))
      }
      case 'base.list': return m.bases.list().map(baseJson)
      case 'base.verify': {
        if (typeof a.hash !== 'string') throw new InvalidArgumentError('base.verify needs a base hash (or a prefix of 8 hex digits or more)')
        const v = await m.bases.verify(m.bases.find(a.hash).hash)
        return { ...v, hash: bytesToHex(v.hash) }
      }
      case 'capsule.repair': {
        if (this.#service === undefined) throw new InvalidArgumentError('this node stores no capsules (its role is not server)')
        if (typeof a.name !== 'string') throw new InvalidArgumentError('capsule.repair needs a capsule name')
        const outcome = await this.#service.verifyAndRepair(parseName(a.name))
        return outcome === undefined
          ? { damaged: false }
          : { damaged: true, metadata: outcome.metadata, records: outcome.records, heartbeats: outcome.heartbeats, tiles: outcome.tiles, from: outcome.from === undefined ? undefined : formatName(outcome.from) }
      }
      case 'view': {
        if (typeof a.view !== 'string') throw new InvalidArgumentError('view needs the name of a view')
        return await this.#views.view(a.view, (a.query ?? {}) as ViewQuery)
      }
      case 'migrate.list': return m.receiver.list()
      case 'migrate.rm': {
        if (typeof a.name !== 'string') throw new InvalidArgumentError('migrate.rm needs a migration name')
        return await m.receiver.remove(a.name, { keepFiles: a.keepFiles === true })
      }
      case 'migrate.send': {
        const args = a as unknown as MigrateSendArgs
        const pause = await migrationPause(args)
        try {
          return await m.send({
            name: args.name,
            images: args.images,
            mode: args.mode,
            live: args.live,
            delta: args.delta,
            maxRounds: args.maxRounds,
            maxDowntimeMs: args.maxDowntimeMs,
            batchBytes: args.batchBytes,
            pause: pause?.pause,
            signal: gone
          }, args.to, {
            onProgress: (p) => { emit('progress', p) },
            onDecision: (d) => { emit('decision', d) },
            onEvent: (message) => { emit('event', message) }
          })
        } finally {
          pause?.close()
        }
      }
      case 'node.migrate': {
        if (typeof a.to !== 'string') throw new InvalidArgumentError('node.migrate needs the standby\'s address (--to)')
        if (this.#migrateNode === undefined) throw new InvalidArgumentError('this node cannot move')
        return await this.#migrateNode(a.to, (message) => { emit('event', message) })
      }
      case 'node.graft': {
        if (typeof a.neighbour !== 'string' || typeof a.to !== 'string') throw new InvalidArgumentError('node.graft needs the neighbour\'s node name and the other router\'s address (--to)')
        if (this.#graft === undefined) throw new InvalidArgumentError('this node cannot graft')
        return await this.#graft(parseName(a.neighbour), a.to)
      }
      case 'node.rebalance': {
        if (!Array.isArray(a.to) || !a.to.every((t) => typeof t === 'string')) throw new InvalidArgumentError('node.rebalance needs the routers to move load to (--to)')
        if (typeof a.share !== 'number' || typeof a.windowMs !== 'number') throw new InvalidArgumentError('node.rebalance needs a share and a window')
        if (this.#rebalance === undefined) throw new InvalidArgumentError('this node cannot rebalance')
        return await this.#rebalance({ to: a.to as string[], share: a.share, windowMs: a.windowMs, apply: a.apply === true })
      }
      case 'node.drain': {
        if (!Array.isArray(a.to) || !a.to.every((t) => typeof t === 'string')) throw new InvalidArgumentError('node.drain needs the routers to move the neighbours to (--to)')
        if (this.#drain === undefined) throw new InvalidArgumentError('this node cannot drain')
        return await this.#drain(a.to as string[])
      }
      default: throw new InvalidArgumentError(`unknown control operation '${String(request.op)}'`)
    }
  }
}

function baseJson (b: BaseInfo): Record<string, unknown> {
  return { hash: bytesToHex(b.hash), size: b.size, blocks: b.blocks, path: b.path, ...(b.damaged === undefined ? {} : { damaged: b.damaged }) }
}

/**
 * Sends one request to the node at `data` and streams its events; resolves
 * with its result. With `timeoutMs`, a node that has not answered by then
 * (hung, or stopped with SIGSTOP: its socket still takes connections) is
 * given up on with NodeNotRunningError.
 */
export async function controlRequest (data: string, request: ControlRequest, onEvent: (event: string, data: unknown) => void = () => {}, options: { timeoutMs?: number } = {}): Promise<unknown> {
  const path = join(data, CONTROL_SOCKET)
  if (!existsSync(path)) throw new NodeNotRunningError(`no node is running with data folder ${data} (no ${path}); start one with 'gdp node start'`)
  const reachable = socketPath(path, LONG_DATA_FOLDER)
  return await new Promise((resolve, reject) => {
    const socket = createConnection(reachable.path)
    socket.once('connect', reachable.release)
    socket.once('close', reachable.release)
    let buffered = ''
    let settled = false
    const timer = options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => {
        if (settled) return
        settled = true
        socket.destroy()
        reject(new NodeNotRunningError(`the node at ${path} did not answer within ${options.timeoutMs! / 1000} s: is it hung, or stopped?`))
      }, options.timeoutMs)
    socket.on('close', () => { clearTimeout(timer) })
    socket.setEncoding('utf8')
    socket.on('connect', () => { socket.write(JSON.stringify(request) + '\n') })
    socket.on('error', (err) => { if (!settled) { settled = true; reject(new NodeNotRunningError(`cannot reach the node at ${path}: ${err.message}`)) } })
    socket.on('data', (text: string) => {
      buffered += text
      for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
        const line = JSON.parse(buffered.slice(0, end)) as ControlLine
        buffered = buffered.slice(end + 1)
        if ('event' in line) onEvent(line.event, line.data)
        else if ('result' in line) { settled = true; resolve(line.result) } else {
          settled = true
          reject(new NodeCommandError(line.error.name, line.error.message))
        }
      }
    })
    socket.on('close', () => { if (!settled) { settled = true; reject(new NodeNotRunningError('the node closed the control connection without an answer')) } })
  })
}

/**
 * A live migration's pause step: its command, run when the pause comes, or
 * its QEMU guest, connected and checked now (a guest that cannot be paused
 * that way is refused before any round).
 */
async function migrationPause (args: MigrateSendArgs): Promise<{ pause: () => Promise<void>, close: () => void } | undefined> {
  const { pauseCommand, pauseQmp } = args
  if (pauseCommand !== undefined && pauseQmp !== undefined) throw new InvalidArgumentError('a migration pauses by a command or by QMP, not both')
  if (pauseCommand !== undefined) return { pause: async () => { await runPauseCommand(pauseCommand, { cwd: args.cwd }) }, close: () => {} }
  if (pauseQmp === undefined) return undefined
  const image = args.images.find((i) => i.name === pauseQmp.image)
  if (image === undefined) throw new InvalidArgumentError(`--pause-qmp saves the device state into image ${pauseQmp.image}, but no --image has that name`)
  const guest = await connectForPause(pauseQmp.socket)
  return { pause: async () => { await guest.pause(image.path) }, close: guest.close }
}

/**
 * Runs a pause command with /bin/sh in a process group of its own, so that
 * a command that outlives `timeoutMs` is killed with everything it started
 * (killing the shell alone would leave its children running). Throws
 * PauseCommandError with the command's stderr, or else its exit status.
 */
export async function runPauseCommand (command: string, options: { cwd?: string, timeoutMs?: number } = {}): Promise<void> {
  const timeoutMs = options.timeoutMs ?? PAUSE_COMMAND_TIMEOUT_MS
  const child = spawn('/bin/sh', ['-c', command], { cwd: options.cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8')
  child.stderr.on('data', (text: string) => { if (stderr.length < 4096) stderr += text })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    try { process.kill(-child.pid!, 'SIGKILL') } catch {}
  }, timeoutMs)
  try {
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject)
      // 'close', not 'exit': stderr is read to its end.
      child.once('close', (c: number | null, s: NodeJS.Signals | null) => { resolve([c, s]) })
    })
    if (code === 0) return
    const status = timedOut ? `it ran longer than ${timeoutMs / 1000} s and was killed` : signal !== null ? `killed by ${signal}` : `exit status ${code}`
    const said = stderr.trim()
    throw new PauseCommandError(`the pause command failed: ${said === '' ? status : `${said} (${status})`}`)
  } catch (err) {
    if (err instanceof PauseCommandError) throw err
    throw new PauseCommandError(`the pause command could not run: ${(err as Error).message}`)
  } finally {
    clearTimeout(timer)
  }
}

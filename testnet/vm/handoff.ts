/**
 * Hands a running QEMU guest off from "node A" to "node B": A's guest is
 * paused, its RAM file, disk image and device state are delivered to B's
 * side, and B's QEMU resumes it there. The guest (see build-guest.sh) counts
 * in RAM and prints `tick <n>` on its serial console, so B's first tick shows
 * whether its in-memory work continued or restarted.
 *
 *   node dist/testnet/vm/handoff.js [--transfer cp|gdp] [--ram-mib 128] [--disk-mib 32] [--work <dir>] [--cache <dir>] [--no-install]
 *
 * The transfer step is pluggable: `cp` pauses (the pause command) and copies
 * files locally; `gdp` runs two gdp nodes and ships the files with `gdp
 * migrate send --live --pause-qmp`, the node pausing A's guest itself.
 * bench/vm-live-bench.ts runs the gdp transfer between network namespaces
 * over a shaped link, next to QEMU's own live migration (qemu-migrate.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { accessSync, closeSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { GdpError } from '../../src/errors.js'
import { QmpClient, resumeIncoming, shellQuote } from '../../src/migration/qemu.js'

/** The handoff did not go as it must: a process died, a wait timed out, the guest did not continue. */
export class VmHandoffError extends GdpError { override name = 'VmHandoffError' }

/** `--transfer gdp` was asked for but the gdp CLI has no `migrate send` (yet). */
export class MigrateCliUnavailableError extends GdpError { override name = 'MigrateCliUnavailableError' }

/** The folder holding package.json, whether this module runs compiled (dist/testnet/vm) or from source. */
function repoRoot (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir)
  return dir
}
const ROOT = repoRoot()
const GDP_CLI = join(ROOT, 'dist/gdp/main.js')
const QMP_CLI = join(ROOT, 'dist/testnet/vm/qmp.js')
const BUILD_GUEST = join(ROOT, 'testnet/vm/build-guest.sh')

export const DEFAULT_CACHE = '/var/tmp/gdp-vm'
export const DEFAULT_RAM_MIB = 128
export const DEFAULT_DISK_MIB = 32
const MIB = 1024 * 1024
const BOOT_TIMEOUT_MS = 60_000
const DEFAULT_TRANSFER_TIMEOUT_MS = 120_000
export const RESUME_TIMEOUT_MS = 30_000
/** Ticks to watch on B after it resumed: 15 ticks (~3 s) include at least one disk write. */
export const TICKS_ON_B = 15

const delay = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

// ---------------------------------------------------------------- guest image

export interface Guest { kernel: string, initramfs: string }

/** True when `path` is a 64-bit little-endian ELF without an interpreter, i.e. statically linked. */
function isStaticElf (path: string): boolean {
  const fd = openSync(path, 'r')
  try {
    const header = Buffer.alloc(64)
    readSync(fd, header, 0, 64, 0)
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2 || header[5] !== 1) return false
    const programHeaders = Number(header.readBigUInt64LE(0x20))
    const entrySize = header.readUInt16LE(0x36)
    const entries = header.readUInt16LE(0x38)
    const table = Buffer.alloc(entrySize * entries)
    readSync(fd, table, 0, table.length, programHeaders)
    const PT_INTERP = 3
    for (let i = 0; i < entries; i++) if (table.readUInt32LE(i * entrySize) === PT_INTERP) return false
    return true
  } finally {
    closeSync(fd)
  }
}

function onPath (program: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try { accessSync(join(dir, program), constants.X_OK); return true } catch { return false }
  })
}

/**
 * What this machine lacks to run the real-VM handoff, in words; empty when
 * nothing. Checks what build-guest.sh would otherwise install.
 */
export function missingPrerequisites (): string[] {
  const missing: string[] = []
  if (!onPath('qemu-system-x86_64')) missing.push('qemu-system-x86_64 is not on PATH (Debian package qemu-system-x86)')
  const kernels = existsSync('/boot') ? readdirSync('/boot').filter((f) => f.startsWith('vmlinuz-')) : []
  if (kernels.length === 0) missing.push('no kernel /boot/vmlinuz-* (Debian package linux-image-amd64)')
  else if (!kernels.some((k) => existsSync(join('/lib/modules', k.slice('vmlinuz-'.length), 'modules.dep')))) missing.push('no /lib/modules/<version>/modules.dep for the installed kernel')
  if (!existsSync('/bin/busybox') || !isStaticElf('/bin/busybox')) missing.push('no statically linked /bin/busybox (Debian package busybox-static)')
  return missing
}

/** Runs build-guest.sh (which does nothing if its cache is current). */
export async function buildGuest (cacheDir: string, installPackages: boolean): Promise<Guest> {
  const env = { ...process.env, ...(installPackages ? {} : { GDP_VM_NO_INSTALL: '1' }) }
  const result = await run('sh', [BUILD_GUEST, cacheDir], { env, timeoutMs: 600_000 })
  if (result.code !== 0) throw new VmHandoffError(`build-guest.sh failed (exit ${result.code}): ${result.stderr.trim()}`)
  return { kernel: join(cacheDir, 'vmlinuz'), initramfs: join(cacheDir, 'initramfs.cpio.gz') }
}

// ---------------------------------------------------------------- processes

interface RunResult { code: number | null, stdout: string, stderr: string }

/** Runs a command to completion (killed after `timeoutMs`), collecting its output. */
async function run (command: string, args: string[], options: { env?: NodeJS.ProcessEnv, timeoutMs: number }): Promise<RunResult> {
  const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const timer = setTimeout(() => { child.kill('SIGKILL') }, options.timeoutMs)
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject)
      child.once('close', (exitCode) => { resolve(exitCode) })
    })
    if (child.signalCode === 'SIGKILL') throw new VmHandoffError(`${command} ${args.join(' ')}: killed after ${options.timeoutMs} ms`)
    return { code, stdout, stderr }
  } finally {
    clearTimeout(timer)
  }
}

/**
 * QEMU and gdp node processes started here. A benchmark that exits on a
 * signal cannot await `stop()`; it kills what is left with `killChildrenSync`.
 */
const liveChildren = new Set<ChildProcess>()

function track (child: ChildProcess): ChildProcess {
  liveChildren.add(child)
  child.once('exit', () => { liveChildren.delete(child) })
  return child
}

/** SIGKILL to every QEMU and gdp node this module started and that still runs. */
export function killChildrenSync (): void {
  for (const child of liveChildren) child.kill('SIGKILL')
}

/** Runs `command` inside network namespace `netns` (`ip netns exec` execs it, so the pid is the command's own). */
function spawnIn (netns: string | undefined, command: string, args: string[], options: Parameters<typeof spawn>[2]): ChildProcess {
  return track(netns === undefined ? spawn(command, args, options) : spawn('ip', ['netns', 'exec', netns, command, ...args], options))
}

/** Ends a child process: SIGTERM, then SIGKILL if it is still there after `graceMs`. */
async function stopProcess (child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve() }) })
  child.kill('SIGTERM')
  const timer = setTimeout(() => { child.kill('SIGKILL') }, graceMs)
  await exited
  clearTimeout(timer)
}

// ---------------------------------------------------------------- one QEMU

export interface Tick { n: number, at: number }

export interface VmSpec {
  name: string
  guest: Guest
  ramMiB: number
  /**
   * `shared-file`: guest RAM is the file `ram` (share=on), which x-ignore-shared
   * leaves out of the migration stream. `anonymous`: ordinary process memory,
   * which QEMU's own migration sends.
   */
  ramBackend: 'shared-file' | 'anonymous'
  /** The RAM file (`shared-file` only). */
  ram?: string
  disk: string
  qmpSocket: string
  /** Start with `-incoming defer` to receive a migrated guest instead of booting. */
  incoming: boolean
  /** Start with `-S`: no vCPU runs before a QMP `cont`, even after an incoming migration completed. */
  startPaused?: boolean
  /** Network namespace to run QEMU in (for a migration over a shaped link). */
  netns?: string
}

/** The block node name of the guest's disk, for NBD exports and mirror jobs. */
export const DISK_NODE = 'disk0-node'

/**
 * The command line for either end. Source and destination must have the same
 * machine, memory size and devices, so both come from here; -nodefaults keeps
 * QEMU from adding a NIC, VGA and so on that would only make the state bigger.
 */
function qemuArgs (spec: VmSpec): string[] {
  const size = `${spec.ramMiB}M`
  let memory: string
  if (spec.ramBackend === 'shared-file') {
    if (spec.ram === undefined) throw new VmHandoffError(`QEMU ${spec.name}: a shared-file RAM backend needs a RAM file`)
    // Guest RAM in a file: with x-ignore-shared the migration stream leaves it
    // out, and the file itself is what gets shipped.
    memory = `memory-backend-file,id=ram,size=${size},mem-path=${spec.ram},share=on`
  } else {
    memory = `memory-backend-ram,id=ram,size=${size}`
  }
  return [
    '-nodefaults', '-no-user-config', '-display', 'none',
    '-machine', 'q35,memory-backend=ram',
    '-object', memory,
    '-m', size,
    '-kernel', spec.guest.kernel, '-initrd', spec.guest.initramfs,
    '-append', 'console=ttyS0 quiet panic=-1',
    '-no-reboot',
    '-drive', `file=${spec.disk},format=raw,if=none,id=disk0,node-name=${DISK_NODE}`,
    '-device', 'virtio-blk-pci,drive=disk0',
    // The serial console on QEMU's stdout, so each tick is timed as it arrives.
    '-chardev', 'stdio,id=serial0,signal=off', '-serial', 'chardev:serial0',
    '-qmp', `unix:${spec.qmpSocket},server=on,wait=off`,
    ...(spec.incoming ? ['-incoming', 'defer'] : []),
    ...(spec.startPaused === true ? ['-S'] : [])
  ]
}

interface TickWaiter { accept: (tick: Tick) => boolean, resolve: (tick: Tick) => void, reject: (err: Error) => void }

/** A QEMU process whose serial console is parsed into ticks (timed on this process's clock). */
export class GuestVm {
  readonly ticks: Tick[] = []
  private readonly waiters: TickWaiter[] = []
  private stderr = ''
  private exitError: Error | undefined

  private constructor (readonly name: string, private readonly child: ChildProcess, consoleLog: string) {
    let partial = ''
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const at = Date.now()
      writeFileSync(consoleLog, chunk, { flag: 'a' })
      partial += chunk
      const lines = partial.split('\n')
      partial = lines.pop()!
      for (const line of lines) {
        const match = /^tick (\d+)\r?$/.exec(line)
        if (match !== null) this.tick({ n: Number(match[1]), at })
      }
    })
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => { this.stderr += chunk })
    child.on('exit', (code, signal) => {
      this.exitError = new VmHandoffError(`QEMU ${name} exited (${signal ?? `code ${String(code)}`}): ${this.stderr.trim().slice(-500)}`)
      for (const w of this.waiters.splice(0)) w.reject(this.exitError)
    })
  }

  static start (spec: VmSpec, logDir: string): GuestVm {
    const child = spawnIn(spec.netns, 'qemu-system-x86_64', qemuArgs(spec), { stdio: ['ignore', 'pipe', 'pipe'] })
    return new GuestVm(spec.name, child, join(logDir, 'console.log'))
  }

  get lastTick (): Tick | undefined { return this.ticks.at(-1) }

  /** The first tick (already seen or still to come) that `accept` takes. */
  async waitForTick (accept: (tick: Tick) => boolean, timeoutMs: number, what: string): Promise<Tick> {
    const seen = this.ticks.find(accept)
    if (seen !== undefined) return seen
    if (this.exitError !== undefined) throw this.exitError
    let waiter: TickWaiter | undefined
    let timer: NodeJS.Timeout | undefined
    try {
      return await new Promise<Tick>((resolve, reject) => {
        waiter = { accept, resolve, reject }
        this.waiters.push(waiter)
        timer = setTimeout(() => { reject(new VmHandoffError(`QEMU ${this.name}: ${what} not seen within ${timeoutMs} ms (last tick ${this.lastTick?.n ?? 'none'})`)) }, timeoutMs)
      })
    } finally {
      clearTimeout(timer)
      const at = this.waiters.indexOf(waiter!)
      if (at >= 0) this.waiters.splice(at, 1)
    }
  }

  /** `promise`, unless QEMU exits first: then its exit (with its stderr) is the error. */
  async unlessExited<T> (promise: Promise<T>): Promise<T> {
    if (this.exitError !== undefined) throw this.exitError
    const exited = new Promise<never>((_resolve, reject) => { this.child.once('exit', () => { reject(this.exitError) }) })
    const exitSeen = exited.catch(() => {})
    try {
      return await Promise.race([promise, exited])
    } catch (err) {
      // A dying QEMU closes its QMP socket before its exit is seen; its stderr says more.
      await Promise.race([exitSeen, delay(1000)])
      throw this.exitError ?? err
    }
  }

  async stop (): Promise<void> { await stopProcess(this.child) }

  private tick (tick: Tick): void {
    this.ticks.push(tick)
    for (const w of [...this.waiters]) if (w.accept(tick)) w.resolve(tick)
  }
}

// ---------------------------------------------------------------- transfers

export interface HandoffFiles { ram: string, disk: string, devstate: string }

export interface TransferRequest {
  /** A's files; `devstate` is written by the pause command and need not exist before. */
  files: HandoffFiles
  /** Shell command that pauses A's guest and writes `files.devstate`. */
  pauseCommand: string
  /** A's QMP socket, for a transfer that pauses the guest itself (gdp: --pause-qmp) instead of running `pauseCommand`. */
  qmpSocket: string
  /** The handoff's working folder (a/ and b/ are in it). */
  work: string
  /** The transfer fails if it has not finished within this long. */
  timeoutMs: number
  /**
   * Called once B's side holds `ram` and `disk` (written in place from then
   * on), so B's hypervisor can start and wait for the device state, as a
   * migration target waits: not part of the downtime. Transfers that only
   * know at the end do not call it.
   */
  onImagesReady?: (dir: string) => void
}

export interface TransferResult {
  /** Folder on B's side holding `ram`, `disk` and `devstate`. */
  dir: string
  /** What the transfer tool reported about itself, if anything. */
  summary?: Record<string, unknown>
  /** Stops what the transfer started (its nodes), once B runs: stopping them is not part of the downtime. */
  release?: () => Promise<void>
  /** When the transfer proper began (Date.now()), after any setup of its own such as starting nodes. */
  startedAt?: number
  /** When the guest was paused (Date.now()), for a transfer that paused it itself. */
  pausedAt?: number
}

export type Transfer = (request: TransferRequest) => Promise<TransferResult>

async function runPauseCommand (pauseCommand: string): Promise<void> {
  const result = await run('sh', ['-c', pauseCommand], { timeoutMs: 60_000 })
  if (result.code !== 0) throw new VmHandoffError(`pause command failed (exit ${result.code}): ${result.stderr.trim()}`)
}

/** Pauses, then copies the three files into <work>/b/received. Same machine only. */
export const cpTransfer: Transfer = async ({ files, pauseCommand, work }) => {
  await runPauseCommand(pauseCommand)
  const dir = join(work, 'b', 'received')
  mkdirSync(dir, { recursive: true })
  for (const [name, path] of Object.entries(files)) copyFileSync(path, join(dir, name))
  return { dir }
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
  return port
}

/** Where a gdp node runs: a network namespace and the address it listens on there. */
export interface NodePlacement { netns: string, host: string }

/** Starts `gdp node start` (on loopback, or on `placement`) and waits for its status file to name its addresses. */
async function startGdpNode (dir: string, placement?: NodePlacement): Promise<{ child: ChildProcess, address: string, data: string }> {
  const data = join(dir, 'data')
  mkdirSync(data, { recursive: true })
  const config = join(dir, 'config.yaml')
  // A fresh namespace has every port free; on loopback ask the kernel for one.
  const port = placement === undefined ? await freePort() : 4001
  const host = placement?.host ?? '127.0.0.1'
  writeFileSync(config, `data: ${data}\nrole: server\nlisten: [/ip4/${host}/tcp/${port}]\nmigration_allow: [any]\n`)
  const log = openSync(join(dir, 'node.log'), 'a')
  const child = spawnIn(placement?.netns, process.execPath, [GDP_CLI, 'node', 'start', '--config', config], { stdio: ['ignore', log, log] })
  closeSync(log)
  const statusFile = join(data, 'status.json')
  const deadline = Date.now() + 15_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break
    try {
      const addresses = (JSON.parse(readFileSync(statusFile, 'utf8')) as { addresses?: string[] }).addresses ?? []
      const address = addresses.find((a) => a.includes(`/tcp/${port}/p2p/`))
      if (address !== undefined) return { child, address, data }
    } catch {
      // Not written yet, or caught mid-write: read it again shortly.
    }
    await delay(100)
  }
  await stopProcess(child)
  throw new VmHandoffError(`gdp node in ${dir} did not report its address within 15 s (see ${join(dir, 'node.log')})`)
}

/** Throws MigrateCliUnavailableError unless the built gdp CLI has `migrate send`. */
export async function assertMigrateCliAvailable (): Promise<void> {
  const help = existsSync(GDP_CLI) ? await run(process.execPath, [GDP_CLI, 'migrate', 'send', '--help'], { timeoutMs: 30_000 }) : undefined
  if (help?.code !== 0) {
    throw new MigrateCliUnavailableError(`--transfer gdp needs 'gdp migrate send' in ${GDP_CLI}, which ${help === undefined ? 'does not exist (run npm run build)' : 'does not have it yet'}; use --transfer cp`)
  }
}

/**
 * Ships the files between two gdp nodes with `gdp migrate send --live`: the
 * CLI runs the pause command itself once it is ready to send, and B verifies
 * every image before the command exits. Without `placement` both nodes listen
 * on loopback; with it, each runs in its network namespace (a shaped link).
 */
export function gdpTransferOver (placement?: { a: NodePlacement, b: NodePlacement }): Transfer {
  return async ({ files, qmpSocket, work, timeoutMs, onImagesReady }) => await gdpSend(files, qmpSocket, work, timeoutMs, onImagesReady, placement)
}

/** The node pauses A's guest itself, over its QMP socket (--pause-qmp), saving the device state as image `devstate`. */
async function gdpSend (files: HandoffFiles, qmpSocket: string, work: string, timeoutMs: number, onImagesReady: ((dir: string) => void) | undefined, placement?: { a: NodePlacement, b: NodePlacement }): Promise<TransferResult> {
  await assertMigrateCliAvailable()
  const migrationName = 'vm-handoff'
  const nodes: ChildProcess[] = []
  const release = async (): Promise<void> => { for (const node of nodes) await stopProcess(node) }
  try {
    const a = await startGdpNode(join(work, 'a', 'gdp'), placement?.a)
    nodes.push(a.child)
    const b = await startGdpNode(join(work, 'b', 'gdp'), placement?.b)
    nodes.push(b.child)
    const startedAt = Date.now()
    const dir = join(b.data, 'migrations', migrationName)
    let sending = true
    const watching = (async () => {
      while (sending && !['ram', 'disk'].every((name) => existsSync(join(dir, name)))) await delay(20)
      if (sending) onImagesReady?.(dir)
    })()
    const send = await run(process.execPath, [
      GDP_CLI, 'migrate', 'send', '--data', a.data, '--to', b.address, '--name', migrationName,
      ...Object.entries(files).flatMap(([name, path]) => ['--image', `${name}=${path}`]),
      '--live', '--pause-qmp', `${qmpSocket}=devstate`, '--json'
    ], { timeoutMs }).finally(() => { sending = false })
    await watching
    if (send.code !== 0) throw new VmHandoffError(`gdp migrate send failed (exit ${send.code}): ${send.stderr.trim()}`)
    // The CLI prints its summary as one line of JSON at the end (print() with --json).
    const lastLine = send.stdout.trim().split('\n').at(-1) ?? ''
    let summary: Record<string, unknown>
    try {
      summary = JSON.parse(lastLine) as Record<string, unknown>
    } catch {
      throw new VmHandoffError(`gdp migrate send printed no JSON summary: ${send.stdout.slice(0, 500)}`)
    }
    const pausedAt = summary.pausedAtMs
    if (typeof pausedAt !== 'number') throw new VmHandoffError('gdp migrate send paused nothing: its summary has no pausedAtMs')
    return { dir, summary, release, startedAt, pausedAt }
  } catch (err) {
    await release()
    throw err
  }
}

/** Both nodes on loopback. */
export const gdpTransfer: Transfer = gdpTransferOver()

export const TRANSFERS: Record<string, Transfer> = { cp: cpTransfer, gdp: gdpTransfer }

// ---------------------------------------------------------------- the handoff

export interface HandoffOptions {
  /** Working folder; a/ and b/ are created in it. */
  work: string
  transfer: Transfer
  /** Where build-guest.sh keeps the kernel and initramfs. */
  cacheDir?: string
  /** Let build-guest.sh apt-get install what is missing (never in tests). */
  installPackages?: boolean
  /** Ticks to let A count before the handoff. */
  ticksBeforeHandoff?: number
  /** Guest memory, MiB (default 128). */
  ramMiB?: number
  /** Guest disk, MiB (default 32); sparse, the guest writes only its first sector. */
  diskMiB?: number
  /** The transfer step fails after this long (default 2 min). */
  transferTimeoutMs?: number
  log?: (line: string) => void
}

/** Where the guest's count stood on each side: the proof that it went on, not started over. */
export interface GuestContinuity {
  lastTickOnA: number
  firstTickOnB: number
  lastTickOnB: number
  /** B's first tick is the next one after A's last (a line cut off by the pause may cost one). */
  continued: boolean
}

export interface HandoffReport extends GuestContinuity {
  /** From the start of the pause command to B's first tick, on this process's clock. */
  downtimeMs: number
  /**
   * From the start of the pause command until B's `cont` returned: the time no
   * vCPU ran. downtimeMs adds the rest of the guest's 0.2 s sleep, which its
   * stopped clock resumes on B.
   */
  stoppedMs: number
  /** Between the last tick from A and the first from B, both as they arrived here. */
  tickGapMs: number
  /** The whole transfer step: pause, shipping, and for gdp also starting and stopping its nodes. */
  transferMs: number
  /** From the end of the transfer to B's first tick: start QEMU, load state, cont. */
  resumeMs: number
  /** From the start of the transfer proper (for gdp: the send command, its nodes already up) to B's first tick. */
  totalMs: number
  /** Apparent and allocated size of each file as received on B's side. */
  files: Record<keyof HandoffFiles, { bytes: number, allocatedBytes: number }>
  /** The counter the guest had last written to its disk: on A once paused, as received, and after running on B. */
  diskCounterOnA: number | undefined
  diskCounterReceived: number | undefined
  diskCounterOnB: number | undefined
  transferSummary?: Record<string, unknown>
}

/** The `counter <n>` the guest writes to its disk's first sector. */
export function diskCounter (disk: string): number | undefined {
  const fd = openSync(disk, 'r')
  try {
    const sector = Buffer.alloc(512)
    readSync(fd, sector, 0, 512, 0)
    const match = /^counter (\d+)\n/.exec(sector.toString('latin1'))
    return match === null ? undefined : Number(match[1])
  } finally {
    closeSync(fd)
  }
}

/** A sparse, empty raw disk of `mib` MiB: the guest only writes its first sector. */
export function createSparseDisk (path: string, mib: number): void {
  writeFileSync(path, '')
  truncateSync(path, mib * MIB)
}

/** The guest built (or found in `cacheDir`) and the run's folders made: `work`, and a/ and b/ in it for the two sides. */
export async function prepareRun (options: { work: string, cacheDir?: string, installPackages?: boolean }): Promise<{ work: string, aDir: string, bDir: string, guest: Guest }> {
  const work = resolve(options.work)
  const guest = await buildGuest(options.cacheDir ?? DEFAULT_CACHE, options.installPackages ?? false)
  const aDir = join(work, 'a')
  const bDir = join(work, 'b')
  mkdirSync(aDir, { recursive: true })
  mkdirSync(bDir, { recursive: true })
  return { work, aDir, bDir, guest }
}

/** Waits for the guest on A to count to `ticks` (default 10): booted, and with a count the move must carry over. */
export async function waitUntilCounting (a: GuestVm, ticks: number | undefined, log: (line: string) => void): Promise<void> {
  const wanted = ticks ?? 10
  await a.waitForTick((t) => t.n >= wanted, BOOT_TIMEOUT_MS, `tick ${wanted}`)
  log(`A: guest booted and counting (tick ${a.lastTick!.n})`)
}

export async function handoff (options: HandoffOptions): Promise<HandoffReport> {
  const log = options.log ?? (() => {})
  const { work, aDir, bDir, guest } = await prepareRun(options)
  const files: HandoffFiles = { ram: join(aDir, 'ram.img'), disk: join(aDir, 'disk.img'), devstate: join(aDir, 'devstate') }
  createSparseDisk(files.disk, options.diskMiB ?? DEFAULT_DISK_MIB)
  const ramMiB = options.ramMiB ?? DEFAULT_RAM_MIB

  const vms: GuestVm[] = []
  let released: (() => Promise<void>) | undefined
  try {
    const a = GuestVm.start({ name: 'A', guest, ramMiB, ramBackend: 'shared-file', ram: files.ram, disk: files.disk, qmpSocket: join(aDir, 'qmp.sock'), incoming: false }, aDir)
    vms.push(a)
    await waitUntilCounting(a, options.ticksBeforeHandoff, log)

    // The pause command stamps its start on the shared wall clock, which is the
    // one Date.now() reads here too: the gdp CLI runs it in its own process.
    const pauseMarker = join(work, 'pause-started-ms')
    rmSync(pauseMarker, { force: true })
    const pauseCommand = `date +%s%3N > ${shellQuote(pauseMarker)} && ${shellQuote(process.execPath)} ${shellQuote(QMP_CLI)} ${shellQuote(join(aDir, 'qmp.sock'))} stop-and-save ${shellQuote(files.devstate)}`
    const transferStarted = Date.now()
    // B's hypervisor starts as soon as the images are there, and waits for the device state.
    let early: GuestVm | undefined
    const startB = (dir: string): GuestVm => {
      const vm = GuestVm.start({ name: 'B', guest, ramMiB, ramBackend: 'shared-file', ram: join(dir, 'ram'), disk: join(dir, 'disk'), qmpSocket: join(bDir, 'qmp.sock'), incoming: true }, bDir)
      vms.push(vm)
      return vm
    }
    const received = await options.transfer({ files, pauseCommand, qmpSocket: join(aDir, 'qmp.sock'), work, timeoutMs: options.transferTimeoutMs ?? DEFAULT_TRANSFER_TIMEOUT_MS, onImagesReady: (dir) => { early = startB(dir) } })
    released = received.release
    const transferEnded = Date.now()
    if (received.pausedAt === undefined && !existsSync(pauseMarker)) throw new VmHandoffError('the transfer never ran the pause command')
    const pauseStarted = received.pausedAt ?? Number(readFileSync(pauseMarker, 'utf8').trim())
    const lastOnA = a.lastTick!
    const diskCounterOnA = diskCounter(files.disk)
    log(`A: paused after tick ${lastOnA.n}; transfer took ${transferEnded - transferStarted} ms, files in ${received.dir}`)

    const bFiles: HandoffFiles = { ram: join(received.dir, 'ram'), disk: join(received.dir, 'disk'), devstate: join(received.dir, 'devstate') }
    const diskCounterReceived = diskCounter(bFiles.disk)
    const b = early ?? startB(received.dir)
    const qmp = await b.unlessExited(QmpClient.connect(join(bDir, 'qmp.sock')))
    try {
      await b.unlessExited(resumeIncoming(qmp, bFiles.devstate, RESUME_TIMEOUT_MS))
    } finally {
      qmp.close()
    }
    const resumed = Date.now()
    const firstOnB = await b.waitForTick(() => true, RESUME_TIMEOUT_MS, 'a first tick after resuming')
    log(`B: resumed, first tick ${firstOnB.n}`)
    const lastOnB = await b.waitForTick((t) => t.n >= firstOnB.n + TICKS_ON_B, RESUME_TIMEOUT_MS, `tick ${firstOnB.n + TICKS_ON_B}`)
    // A stayed paused until B ran, so it could have been resumed had B failed.
    await Promise.all(vms.map(async (vm) => { await vm.stop() }))

    const sizes = (path: string): { bytes: number, allocatedBytes: number } => {
      const s = statSync(path)
      return { bytes: s.size, allocatedBytes: s.blocks * 512 }
    }
    return {
      lastTickOnA: lastOnA.n,
      firstTickOnB: firstOnB.n,
      lastTickOnB: lastOnB.n,
      continued: firstOnB.n > lastOnA.n && firstOnB.n <= lastOnA.n + 2,
      downtimeMs: firstOnB.at - pauseStarted,
      stoppedMs: resumed - pauseStarted,
      tickGapMs: firstOnB.at - lastOnA.at,
      transferMs: transferEnded - transferStarted,
      resumeMs: firstOnB.at - transferEnded,
      totalMs: firstOnB.at - (received.startedAt ?? transferStarted),
      files: { ram: sizes(bFiles.ram), disk: sizes(bFiles.disk), devstate: sizes(bFiles.devstate) },
      diskCounterOnA,
      diskCounterReceived,
      diskCounterOnB: diskCounter(bFiles.disk),
      ...(received.summary === undefined ? {} : { transferSummary: received.summary })
    }
  } finally {
    await Promise.all(vms.map(async (vm) => { await vm.stop() }))
    await released?.()
  }
}

function formatReport (r: HandoffReport): string {
  const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(2)} MiB`
  return [
    `ticks: last on A ${r.lastTickOnA}, first on B ${r.firstTickOnB}, last on B ${r.lastTickOnB} -> ${r.continued ? 'the guest continued' : 'the guest did NOT continue'}`,
    `downtime: ${r.downtimeMs} ms from pause command to first tick on B (guest stopped ${r.stoppedMs} ms; tick gap ${r.tickGapMs} ms; transfer ${r.transferMs} ms, resume ${r.resumeMs} ms)`,
    ...Object.entries(r.files).map(([name, s]) => `${name.padEnd(8)} ${mib(s.bytes)} (${mib(s.allocatedBytes)} allocated)`),
    `disk counter: ${r.diskCounterOnA ?? 'none'} on A once paused, ${r.diskCounterReceived ?? 'none'} as received, ${r.diskCounterOnB ?? 'none'} after running on B`,
    ...(r.transferSummary === undefined ? [] : [`transfer: ${JSON.stringify(r.transferSummary)}`])
  ].join('\n')
}

async function main (argv: string[]): Promise<void> {
  const usage = 'usage: handoff.js [--transfer cp|gdp] [--ram-mib 128] [--disk-mib 32] [--work <dir>] [--cache <dir>] [--no-install]'
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag)
    if (at < 0) return undefined
    const v = argv[at + 1]
    if (v === undefined) throw new Error(`${flag} needs a value; ${usage}`)
    return v
  }
  const transferName = value('--transfer') ?? 'cp'
  const transfer = TRANSFERS[transferName]
  if (transfer === undefined) throw new Error(`unknown transfer '${transferName}'; ${usage}`)
  // Fail before booting a guest rather than after.
  if (transfer === gdpTransfer) await assertMigrateCliAvailable()
  const mib = (flag: string, fallback: number): number => {
    const text = value(flag)
    const n = text === undefined ? fallback : Number(text)
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} takes a whole number of MiB; ${usage}`)
    return n
  }
  const ramMiB = mib('--ram-mib', DEFAULT_RAM_MIB)
  const diskMiB = mib('--disk-mib', DEFAULT_DISK_MIB)
  const work = value('--work') ?? mkdtempSync(join(tmpdir(), 'gdp-vm-handoff-'))
  const report = await handoff({
    work,
    transfer,
    ramMiB,
    diskMiB,
    cacheDir: value('--cache') ?? DEFAULT_CACHE,
    installPackages: !argv.includes('--no-install'),
    log: (line) => { process.stdout.write(`${line}\n`) }
  })
  process.stdout.write(`${formatReport(report)}\nwork folder: ${work}\n`)
  if (!report.continued) process.exitCode = 1
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err: Error) => { process.stderr.write(`handoff: ${err.message}\n`); process.exitCode = 1 })
}

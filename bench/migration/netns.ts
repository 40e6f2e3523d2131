/**
 * Emulated slow link: two network namespaces joined by a veth pair, each end
 * shaped by a tbf qdisc. The qdisc "Sent N bytes" counters give the bytes that
 * actually crossed the link (including Ethernet/IP/TCP headers and
 * retransmissions), which makes "link busy %" an objective number:
 *
 *   busy % = (bytes through the A→B qdisc × 8 / rate) / wall time
 *
 * Everything created here is removed by `teardown()`, which is also run on
 * SIGINT / SIGTERM / an uncaught failure once `installCleanupHandlers()` has
 * been called.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { log, run, sleep, type ExecOptions, type ExecResult } from './util.js'

export interface LinkConfig {
  nsA: string
  nsB: string
  devA: string
  devB: string
  addrA: string
  addrB: string
  prefixLen: number
}

export const DEFAULT_LINK: LinkConfig = {
  nsA: 'gdpb-a',
  nsB: 'gdpb-b',
  devA: 'gdpb-va',
  devB: 'gdpb-vb',
  addrA: '10.77.0.1',
  addrB: '10.77.0.2',
  prefixLen: 24
}

export interface QdiscCounters {
  /** Bytes sent through the qdisc on A's veth (A → B). */
  aToB: number
  /** Bytes sent through the qdisc on B's veth (B → A: acks, rsync checksums, ...). */
  bToA: number
}

/** tbf parameters used for a rate, chosen so shaping is tight but never drops a GSO super-packet. */
export function tbfParams (rateMbit: number, reverse: boolean): { rate: string, burst: number, latencyMs: number } {
  const bytesPerSec = rateMbit * 1e6 / 8
  // Burst: at least 32 KiB (more than one 64 KiB GSO packet is split by tbf
  // into MTU segments anyway; 32 KiB is > 20 MTUs, so tbf never starves on
  // timer granularity) and at least 10 ms worth of the rate.
  const burst = Math.max(32 * 1024, Math.ceil(bytesPerSec / 100))
  return { rate: `${rateMbit}mbit`, burst, latencyMs: reverse ? 1000 : 200 }
}

const liveProcesses = new Set<BackgroundProcess>()
const liveLinks = new Set<EmulatedLink>()

export class BackgroundProcess {
  readonly child: ChildProcess
  readonly exited: Promise<{ code: number | null, signal: NodeJS.Signals | null }>
  private done = false

  constructor (readonly label: string, ns: string, cmd: string, args: readonly string[], logFile?: string) {
    this.child = spawn('ip', ['netns', 'exec', ns, cmd, ...args], {
      detached: true, // own process group, so kill() reaches pipelines started by bash -c
      stdio: ['ignore', logFile !== undefined ? 'pipe' : 'ignore', logFile !== undefined ? 'pipe' : 'ignore']
    })
    if (logFile !== undefined) {
      const out = createWriteStream(logFile)
      this.child.stdout?.pipe(out)
      this.child.stderr?.pipe(out)
    }
    liveProcesses.add(this)
    this.exited = new Promise((resolve) => {
      this.child.on('error', (err) => { log(`${label}: ${err.message}`); this.done = true; liveProcesses.delete(this); resolve({ code: null, signal: null }) })
      this.child.on('exit', (code, signal) => { this.done = true; liveProcesses.delete(this); resolve({ code, signal }) })
    })
  }

  get running (): boolean { return !this.done }

  /** SIGTERM to the whole process group, SIGKILL after `graceMs`. */
  async kill (graceMs = 2000): Promise<void> {
    if (this.done || this.child.pid === undefined) return
    try { process.kill(-this.child.pid, 'SIGTERM') } catch { /* gone */ }
    const timer = setTimeout(() => { this.killNow() }, graceMs)
    await this.exited
    clearTimeout(timer)
    this.killNow() // stragglers in the group (e.g. forked rsync daemon children)
  }

  killNow (): void {
    if (this.child.pid === undefined) return
    try { process.kill(-this.child.pid, 'SIGKILL') } catch { /* gone */ }
  }
}

export class EmulatedLink {
  private rateMbit = 0

  private constructor (readonly cfg: LinkConfig) {}

  /** Creates both namespaces and the veth pair, shaped at `rateMbit` both ways. */
  static async create (rateMbit: number, cfg: LinkConfig = DEFAULT_LINK): Promise<EmulatedLink> {
    const link = new EmulatedLink(cfg)
    await link.removeStale()
    liveLinks.add(link)
    const { nsA, nsB, devA, devB } = cfg
    await run('ip', ['netns', 'add', nsA])
    await run('ip', ['netns', 'add', nsB])
    await run('ip', ['link', 'add', devA, 'netns', nsA, 'type', 'veth', 'peer', 'name', devB, 'netns', nsB])
    for (const [ns, dev, addr] of [[nsA, devA, cfg.addrA], [nsB, devB, cfg.addrB]] as const) {
      // No IPv6: keeps router solicitations / DAD out of the byte counters.
      await run('ip', ['netns', 'exec', ns, 'sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'], { allowFail: true })
      await run('ip', ['-n', ns, 'addr', 'add', `${addr}/${cfg.prefixLen}`, 'dev', dev])
      await run('ip', ['-n', ns, 'link', 'set', 'lo', 'up'])
      await run('ip', ['-n', ns, 'link', 'set', dev, 'up'])
    }
    await link.setRate(rateMbit)
    // The link answers (and ARP is resolved, so it is not charged to the first run).
    await run('ip', ['netns', 'exec', nsA, 'bash', '-c', `exec 3<>/dev/tcp/${cfg.addrB}/9 || true`], { allowFail: true })
    return link
  }

  get rate (): number { return this.rateMbit }

  /** Sets (or replaces) the tbf qdisc on both ends. A→B is the data direction. */
  async setRate (rateMbit: number): Promise<void> {
    for (const [ns, dev, reverse] of [[this.cfg.nsA, this.cfg.devA, false], [this.cfg.nsB, this.cfg.devB, true]] as const) {
      const p = tbfParams(rateMbit, reverse)
      await run('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'replace', 'dev', dev, 'root', 'tbf',
        'rate', p.rate, 'burst', String(p.burst), 'latency', `${p.latencyMs}ms`])
    }
    this.rateMbit = rateMbit
    await sleep(200) // let anything queued under the old rate drain
  }

  async counters (): Promise<QdiscCounters> {
    return { aToB: await this.sentBytes(this.cfg.nsA, this.cfg.devA), bToA: await this.sentBytes(this.cfg.nsB, this.cfg.devB) }
  }

  /** The "Sent N bytes" counter of the root qdisc on `dev` (`tc -s qdisc show dev X`). */
  async sentBytes (ns: string, dev: string): Promise<number> {
    const { stdout } = await run('ip', ['netns', 'exec', ns, 'tc', '-s', 'qdisc', 'show', 'dev', dev])
    const m = /Sent (\d+) bytes/.exec(stdout)
    if (m === null) throw new Error(`no qdisc counter on ${ns}/${dev}: ${stdout}`)
    return Number(m[1])
  }

  /** Runs a command inside a namespace and waits for it. */
  exec (ns: string, cmd: string, args: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
    return run('ip', ['netns', 'exec', ns, cmd, ...args], opts)
  }

  /** `bash -c script` inside a namespace, with pipefail. */
  sh (ns: string, script: string, opts?: ExecOptions): Promise<ExecResult> {
    return this.exec(ns, 'bash', ['-c', `set -euo pipefail; ${script}`], opts)
  }

  /** Starts a long-running process inside a namespace; kill it with `.kill()`. */
  spawn (label: string, ns: string, cmd: string, args: readonly string[], logFile?: string): BackgroundProcess {
    return new BackgroundProcess(label, ns, cmd, args, logFile)
  }

  spawnSh (label: string, ns: string, script: string, logFile?: string): BackgroundProcess {
    return this.spawn(label, ns, 'bash', ['-c', `set -euo pipefail; ${script}`], logFile)
  }

  /** Resolves once something listens on TCP `port` in `ns` (or throws after `timeoutMs`). */
  async waitListening (ns: string, port: number, timeoutMs = 10_000, proc?: BackgroundProcess): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const { stdout } = await run('ip', ['netns', 'exec', ns, 'ss', '-Hltn', `sport = :${port}`], { allowFail: true })
      if (stdout.trim() !== '') return
      if (proc !== undefined && !proc.running) throw new Error(`${proc.label} exited before listening on ${port}`)
      await sleep(25)
    }
    throw new Error(`nothing listening on ${ns}:${port} after ${timeoutMs} ms`)
  }

  async teardown (): Promise<void> {
    await Promise.all([...liveProcesses].map(async (p) => { await p.kill(500) }))
    await run('ip', ['netns', 'del', this.cfg.nsA], { allowFail: true })
    await run('ip', ['netns', 'del', this.cfg.nsB], { allowFail: true })
    liveLinks.delete(this)
  }

  /** Synchronous teardown for signal handlers. */
  teardownSync (): void {
    for (const p of liveProcesses) p.killNow()
    for (const ns of [this.cfg.nsA, this.cfg.nsB]) {
      try { execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' }) } catch { /* absent */ }
    }
    liveLinks.delete(this)
  }

  private async removeStale (): Promise<void> {
    const { stdout } = await run('ip', ['netns', 'list'], { allowFail: true })
    for (const ns of [this.cfg.nsA, this.cfg.nsB]) {
      if (stdout.split('\n').some((l) => l.split(' ')[0] === ns)) {
        log(`removing stale namespace ${ns} (left over from an interrupted run?)`)
        await run('ip', ['netns', 'del', ns], { allowFail: true })
      }
    }
  }
}

let handlersInstalled = false
const extraCleanups: Array<() => void> = []

/** Registers a synchronous cleanup (e.g. unmount) that also runs on SIGINT / SIGTERM. */
export function onCleanup (fn: () => void): () => void {
  extraCleanups.push(fn)
  return () => { const i = extraCleanups.indexOf(fn); if (i >= 0) extraCleanups.splice(i, 1) }
}

function cleanupAllSync (): void {
  for (const p of liveProcesses) p.killNow()
  for (const l of liveLinks) l.teardownSync()
  for (const fn of extraCleanups.splice(0).reverse()) { try { fn() } catch { /* best effort */ } }
}

/** SIGINT / SIGTERM / uncaught errors tear the namespaces down before exiting. */
export function installCleanupHandlers (): void {
  if (handlersInstalled) return
  handlersInstalled = true
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      log(`${sig}: tearing down namespaces and background processes`)
      cleanupAllSync()
      process.exit(sig === 'SIGINT' ? 130 : 143)
    })
  }
  process.on('uncaughtException', (err) => {
    log(`uncaught: ${err.stack ?? String(err)}`)
    cleanupAllSync()
    process.exit(1)
  })
  process.on('exit', () => { cleanupAllSync() })
}

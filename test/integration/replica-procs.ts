// Node processes for the replica fault tests: a router and servers started
// with `gdp node start` (dist/), killed with SIGKILL or stopped with SIGTERM,
// restarted on the same data folder; a capsule of several replicas created
// through the overlay; each replica's store checked after its process ended.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { formatName, parseName } from '../../src/capsule/name.js'
import type { SignedHeartbeat, SignedMetadata } from '../../src/capsule/types.js'
import type { GdpClient } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { afterAll, afterEach } from 'vitest'
import { tempDir, waitFor } from '../helpers.js'
import { GDP_MAIN } from '../cli/run-gdp.js'

/** Settings every node process gets (GDP_* variables): quick advertisements, so routes follow restarts within a second or two. */
export const FAST_ENV = { GDP_ADVERTISE_INTERVAL: '1s', GDP_ADVERTISE_LIFETIME: '10s' }

export interface NodeSpec {
  id: string
  role: 'router' | 'server'
  data: string
  listen: string[]
  upstream?: string
  /** Extra GDP_* variables. */
  env?: Record<string, string>
  /** Run the process in this network namespace (`ip netns exec`). */
  netns?: string
}

/** A node process, restartable on its data folder (same key, same store). */
export class NodeProcess {
  readonly spec: NodeSpec
  child: ChildProcess | undefined
  /** Resolves when the current process has exited. */
  exited: Promise<void> = Promise.resolve()
  #name: string | undefined
  #starts = 0

  constructor (spec: NodeSpec) { this.spec = spec }

  get log (): string { return join(this.spec.data, 'node.log') }

  get running (): boolean { return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null }

  /** Starts the process and waits for its status file (written once it listens and runs). */
  async start (timeoutMs = 20_000): Promise<void> {
    if (this.running) throw new Error(`${this.spec.id} is running already`)
    // The status file of a previous run would say nothing about this one.
    rmSync(join(this.spec.data, 'status.json'), { force: true })
    const args = [GDP_MAIN, 'node', 'start', '--role', this.spec.role, '--data', this.spec.data, '--listen', this.spec.listen.join(',')]
    if (this.spec.upstream !== undefined) args.push('--upstream', this.spec.upstream)
    const [cmd, argv] = this.spec.netns === undefined ? [process.execPath, args] : ['ip', ['netns', 'exec', this.spec.netns, process.execPath, ...args]]
    const fd = openSync(this.log, this.#starts++ === 0 ? 'w' : 'a')
    const child = spawn(cmd, argv, { stdio: ['ignore', fd, fd], env: { ...process.env, ...FAST_ENV, ...this.spec.env } })
    closeSync(fd)
    this.child = child
    this.exited = new Promise((resolve) => { child.once('exit', () => { resolve() }) })
    await waitFor(() => {
      if (!this.running) throw new Error(`${this.spec.id} exited (${String(child.exitCode ?? child.signalCode)}); see ${this.log}:\n${readFileSync(this.log, 'utf8').slice(-2000)}`)
      const s = this.status()
      return s !== undefined && s.pid === child.pid
    }, { timeoutMs, intervalMs: 25, what: `${this.spec.id} to start`, retryOn: () => false })
    this.#name ??= this.status()!.name as string
  }

  /** SIGKILL: no chance to flush or say goodbye. */
  async kill (): Promise<void> {
    if (!this.running) return
    this.child!.kill('SIGKILL')
    await waitFor(this.exited, { timeoutMs: 10_000, what: `${this.spec.id} to die of SIGKILL` })
  }

  /** SIGSTOP: the process hangs, its connections stay open. */
  pause (): void { this.child?.kill('SIGSTOP') }

  /** SIGCONT: a paused process goes on. */
  resume (): void { this.child?.kill('SIGCONT') }

  /** SIGTERM: the node stops in order and closes its store; SIGKILL if it takes over `timeoutMs`. */
  async stop (timeoutMs = 20_000): Promise<void> {
    if (!this.running) return
    // A paused process would not see the SIGTERM.
    this.child!.kill('SIGCONT')
    this.child!.kill('SIGTERM')
    try {
      await waitFor(this.exited, { timeoutMs, what: `${this.spec.id} to stop on SIGTERM` })
    } catch (err) {
      this.child!.kill('SIGKILL')
      await this.exited
      throw err
    }
  }

  /** Its status.json (rewritten every second), if readable. */
  status (): Record<string, unknown> | undefined {
    const file = join(this.spec.data, 'status.json')
    if (!existsSync(file)) return undefined
    try { return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> } catch { return undefined }
  }

  /** Node name (text form), known after the first start. */
  get name (): string {
    if (this.#name === undefined) throw new Error(`${this.spec.id} has not started yet`)
    return this.#name
  }

  get nameBytes (): Uint8Array { return parseName(this.name) }

  /** Its first address on `prefix` (e.g. '/ip4/127.0.0.1/tcp/'), with /p2p/. */
  address (prefix = '/ip4/127.0.0.1/tcp/'): string {
    const addrs = (this.status()?.addresses ?? []) as string[]
    const a = addrs.find((x) => x.startsWith(prefix) && !x.includes('/ws'))
    if (a === undefined) throw new Error(`${this.spec.id} has no address starting ${prefix}: ${addrs.join(' ')}`)
    return a
  }
}

export interface Replicated {
  name: Uint8Array
  signed: SignedMetadata
  writer: Ed25519Signer
}

/**
 * Creates a capsule of `servers.length` replicas with write quorum `quorum`
 * on each of them through `client` (as `gdp capsule create --server a,b,c
 * --write-quorum k` does), and waits until the overlay routes it.
 */
export async function createReplicated (client: GdpClient, servers: Uint8Array[], quorum: number): Promise<Replicated> {
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const writer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const now = Date.now() * 1000
  const metadata = newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: now, replication: { replicas: servers.length, writeQuorum: quorum }, nonce: crypto.getRandomValues(new Uint8Array(16)) })
  const signed = signMetadata(metadata, owner)
  const name = capsuleName(metadata)
  const adCerts = servers.map((server) => signAdCert({ capsule: name, server, notBeforeUs: now - 60e6, notAfterUs: now + 3600e6 }, owner))
  for (const [i, server] of servers.entries()) {
    // A server's own name is routed once its first advertisement reached the router.
    await waitFor(async () => await client.create(signed, server, adCerts[i], adCerts), { timeoutMs: 20_000, intervalMs: 100, what: `the create on server ${formatName(server)}` })
  }
  await waitFor(async () => await client.info(name), { timeoutMs: 20_000, intervalMs: 100, what: 'the replicated capsule to be routed' })
  return { name, signed, writer }
}

/** What one replica's store holds of a capsule, checked whole after its process ended. */
export interface ReplicaContents {
  size: number
  head: SignedHeartbeat | undefined
  verified: { records: number, heartbeats: number, tiles: number }
  /** Record payloads in seqno order. */
  payloads: string[]
  /** Heartbeats by size. */
  heartbeats: Map<number, SignedHeartbeat>
}

/** Opens a stopped server's store and verifies the capsule in it (StoredCapsule.verifyAll), reading everything. */
export async function readReplica (data: string, name: Uint8Array): Promise<ReplicaContents> {
  const store = await CapsuleStore.open({ path: join(data, 'store') })
  try {
    const capsule = await store.capsule(name)
    const verified = await capsule.verifyAll()
    const payloads: string[] = []
    for await (const r of capsule.readRange(0, capsule.size)) payloads.push(Buffer.from(r.payload).toString())
    const heartbeats = new Map<number, SignedHeartbeat>()
    for await (const hb of capsule.heartbeats()) heartbeats.set(hb.heartbeat.size, hb)
    return { size: capsule.size, head: capsule.head, verified, payloads, heartbeats }
  } finally {
    await store.close()
  }
}

/** Runs `gdp --data <data> capsule verify <name> --json` on a stopped server's folder. */
export async function cliVerify (data: string, name: Uint8Array): Promise<{ code: number, out: string, err: string }> {
  return await new Promise((resolve) => {
    const child = spawn(process.execPath, [GDP_MAIN, '--data', data, 'capsule', 'verify', formatName(name), '--json'])
    let out = ''
    let err = ''
    child.stdout.on('data', (c: Buffer) => { out += c.toString() })
    child.stderr.on('data', (c: Buffer) => { err += c.toString() })
    child.on('exit', (code) => { resolve({ code: code ?? -1, out, err }) })
  })
}

/**
 * The things a test file of node processes starts: a folder, the node
 * processes (`started` keeps one), client nodes in this process (`clientOf`
 * starts one linked to a router, with a key of its own), and reports to
 * print once a test ends. After each test the clients stop, then the
 * processes (one killed already is passed over), then the reports print;
 * the folder goes after the file.
 */
export function processTestnet (prefix: string): { dir: ReturnType<typeof tempDir>, clients: GdpNode[], reports: Array<() => void>, started: (p: NodeProcess) => NodeProcess, clientOf: (router: string) => Promise<GdpNode> } {
  const dir = tempDir(prefix)
  const processes: NodeProcess[] = []
  const clients: GdpNode[] = []
  const reports: Array<() => void> = []
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop()
    await Promise.all(processes.splice(0).map(async (p) => { try { await p.stop() } catch { /* killed instead */ } }))
    for (const r of reports.splice(0)) r()
  })
  afterAll(() => { dir.cleanup() })
  const clientOf = async (router: string): Promise<GdpNode> => {
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: router }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
    clients.push(node)
    await node.start()
    await node.upstreamReady(10_000)
    return node
  }
  return { dir, clients, reports, started: (p) => { processes.push(p); return p }, clientOf }
}

/** Why a test of network namespaces cannot run here, or undefined when it can (root and `ip netns`). */
export function netnsUnavailable (): string | undefined {
  if (process.platform !== 'linux') return 'network namespaces need Linux'
  if (process.getuid?.() !== 0) return 'network namespaces need root'
  try { execFileSync('ip', ['netns', 'list'], { stdio: 'pipe' }) } catch (err) { return `ip netns is unavailable (${(err as Error).message.split('\n')[0]})` }
  return undefined
}

export const ip = (...args: string[]): void => { execFileSync('ip', args, { stdio: 'pipe' }) }


/**
 * Replicated capsules on real node processes on loopback (one router, five
 * servers, each its own `gdp node start` process; the writer a client node
 * in this process), measured in the same run on the same machine:
 *
 * 1. Appends to a capsule of 1, 3 and 5 replicas (write quorum 1, 2, 3):
 *    appends/s with 64 appenders coalesced by an Appender, and p50 / p99
 *    latency of single appends awaited one by one. The 1-replica capsule is
 *    the baseline; the target is 3 replicas at >= 0.5x its throughput.
 * 2. Catch-up: a replica stopped while 100,000 records (100 batches of
 *    1,000 100-byte records) went to its two peers is started again with a
 *    short replication_sync_interval; the time until it holds all of them,
 *    fetched by its own anti-entropy (list, then reads with batch
 *    heartbeats, each batch verified and appended). The baseline is
 *    hypercore 11 replicating the same number of 100-byte blocks with its
 *    own `replicate`, between two cores in this process and between two
 *    processes over TCP. Target: >= 2x hypercore's rate (the faster of the
 *    two hypercore setups counts).
 * 3. Reroute, on an overlay of its own: a root router, three edge routers
 *    admitted into a domain the root trusts (they relay their servers'
 *    advertisements up to it) and one server behind each; a capsule of 3
 *    replicas (write quorum 2), so the root holds a route to it through each
 *    edge router; the writer, a client node on the root, appends without
 *    pause through an Appender. Each round SIGKILLs the edge router of the
 *    replica that acknowledges the appends and times how long until an
 *    append is acknowledged through another path, then starts the router
 *    again and waits until the replica behind it caught up (the servers'
 *    replication_sync_interval is 1 s, as in the fault tests). Target: < 2 s.
 *    A few rounds do the same with SIGSTOP (a hung router, whose sockets
 *    stay open), for comparison: nothing tells the root until libp2p's
 *    connection monitor gives up on the link.
 *
 *   npm run bench:replication                    (GDP_BENCH_QUICK=1 for a short run)
 *
 * Knobs for investigation (not needed for the table):
 *   GDP_BENCH_ONLY=append|catchup|reroute  run one section
 *   GDP_BENCH_ROUNDS=n                   rounds per measure (default 2)
 *   GDP_BENCH_WINDOW=n                   concurrent appenders (default 64)
 *   GDP_BENCH_IN_FLIGHT=n                the Appender's maxInFlight (default: the Appender's own, 4)
 *   GDP_BENCH_CONFIGS=1,3,5              replica counts to measure (the table needs all three)
 *   GDP_BENCH_SKIP_HYPERCORE=1           catch-up rounds without the hypercore baseline (no table)
 *   GDP_BENCH_CATCHUP_VIA=quorum         the records go to the capsule (quorum appends, passed on by the nearest
 *                                        replica) instead of to each live replica directly
 *   GDP_BENCH_MESH=1                     servers also linked to each other (passing on skips the router)
 *   GDP_BENCH_CPU_PROF=<dir>             `node --cpu-prof` for the nodes named in
 *   GDP_BENCH_CPU_PROF_NODES=s1,s3,...   (default s3: the replica that catches up; s1 serves it)
 *   GDP_BENCH_KEEP=1                     keep the run folder (node logs)
 *
 * Prints markdown tables (stdout); progress goes to stderr.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { createCipheriv } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { stringify } from 'yaml'
import '../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import { formatName } from '../src/capsule/name.js'
import { Appender, type GdpClient } from '../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { equalBytes } from '../src/crypto/hash.js'
import { RequestRefusedError } from '../src/errors.js'
import { DEFAULT_CONFIG } from '../src/node/config.js'
import { writeKeyFile } from '../src/node/keyfile.js'
import { GdpNode } from '../src/node/node.js'
import { encodeSignedDomainMembership, signAdCert, signDomainMembership } from '../src/routing/certificates.js'
import { nodeName } from '../src/routing/signing.js'

// ---- configuration ----

const QUICK = process.env.GDP_BENCH_QUICK === '1'
const ONLY = process.env.GDP_BENCH_ONLY
if (ONLY !== undefined && !['append', 'catchup', 'reroute'].includes(ONLY)) throw new Error(`GDP_BENCH_ONLY=${ONLY}: expected append, catchup or reroute`)
const PAYLOAD_BYTES = 100
/** Single appends awaited one by one, per replica count (the first 10% more are dropped as warm-up). */
const SAMPLES = QUICK ? 200 : 600
/** Appends per throughput round. */
const PIPELINED = QUICK ? 4000 : 10_000
const WINDOW = Number(process.env.GDP_BENCH_WINDOW ?? 64)
/** Rounds per measure; each side keeps its best (a stray GC pause or compaction does not decide a row). */
const ROUNDS = Number(process.env.GDP_BENCH_ROUNDS ?? 2)
const CATCHUP_BATCHES = QUICK ? 10 : 100
const CATCHUP_BATCH = 1000
const CATCHUP_RECORDS = CATCHUP_BATCHES * CATCHUP_BATCH
/** replication_sync_interval of the replica that catches up: how soon after its start its first round may run. */
const CATCHUP_SYNC_INTERVAL = '100ms'
/** How often the bench asks the catching-up replica its size. */
const POLL_MS = 20
const CATCHUP_LIMIT_MS = 150_000
const CLI = join(import.meta.dirname, '../gdp/main.js')

const log = (msg: string): void => { process.stderr.write(`[replication] ${msg}\n`) }
const nowUs = (): number => Date.now() * 1000
const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** Distinct pseudo-random payloads, the same in every process (the hypercore source is a child): an AES-CTR keystream with a fixed key. */
const POOL_RECORDS = 200_000
const pool = createCipheriv('aes-128-ctr', Buffer.alloc(16, 7), Buffer.alloc(16, 0)).update(Buffer.alloc(POOL_RECORDS * PAYLOAD_BYTES))
function payload (i: number): Buffer {
  const at = (i % POOL_RECORDS) * PAYLOAD_BYTES
  return pool.subarray(at, at + PAYLOAD_BYTES)
}
function payloads (first: number, count: number): Buffer[] {
  return Array.from({ length: count }, (_, i) => payload(first + i))
}

function percentile (sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

// ---- node processes ----

interface Proc {
  id: string
  role: 'router' | 'server'
  data: string
  name: Uint8Array
  tcp: string
  config: Record<string, unknown>
  child: ChildProcess | undefined
}

let runDir = ''
const procs: Proc[] = []
const profDir = process.env.GDP_BENCH_CPU_PROF
const profNodes = new Set((process.env.GDP_BENCH_CPU_PROF_NODES ?? 's3').split(',').map((s) => s.trim()))

async function freePort (): Promise<number> {
  return await new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port
      srv.close(() => { resolve(port) })
    })
  })
}

async function makeProc (id: string, role: Proc['role'], upstream: Proc | undefined): Promise<Proc> {
  const data = join(runDir, id)
  const key = writeKeyFile(join(data, 'node.key'), true)
  const peerId = peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', key.secretKey)).toString()
  const port = await freePort()
  const config: Record<string, unknown> = {
    data,
    role,
    listen: [`/ip4/127.0.0.1/tcp/${port}`],
    advertise_interval: '1s',
    advertise_lifetime: '10s'
  }
  if (upstream !== undefined) config.upstream = upstream.tcp
  return { id, role, data, name: nodeName(key.publicKey), tcp: `/ip4/127.0.0.1/tcp/${port}/p2p/${peerId}`, config, child: undefined }
}

function statusOf (p: Proc): Record<string, unknown> | undefined {
  const file = join(p.data, 'status.json')
  if (!existsSync(file)) return undefined
  try { return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> } catch { return undefined }
}

/** Starts the node process (writing its config first); resolves once its status file says it runs (and, with an upstream, is linked to it). */
async function startProc (p: Proc, extra: Record<string, unknown> = {}, wait = true): Promise<void> {
  writeFileSync(join(p.data, 'node.yaml'), stringify({ ...p.config, ...extra }))
  rmSync(join(p.data, 'status.json'), { force: true })
  const out = openSync(join(p.data, 'node.log'), 'a')
  const nodeArgs = profDir !== undefined && profNodes.has(p.id) ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=${p.id}-${Date.now()}.cpuprofile`] : []
  p.child = spawn(process.execPath, [...nodeArgs, CLI, 'node', 'start', '--config', join(p.data, 'node.yaml')], { stdio: ['ignore', out, out] })
  if (!wait) return
  const upstream = procs.find((u) => u.tcp === p.config.upstream)
  const deadline = Date.now() + 30_000
  for (;;) {
    const s = statusOf(p)
    if (s !== undefined && (upstream === undefined || (s.neighbours as string[]).includes(formatName(upstream.name)))) return
    if (p.child.exitCode !== null) throw new Error(`node ${p.id} exited (${p.child.exitCode}); see ${join(p.data, 'node.log')}`)
    if (Date.now() > deadline) throw new Error(`node ${p.id} not up after 30 s; see ${join(p.data, 'node.log')}`)
    await sleep(50)
  }
}

/** SIGTERM, then SIGKILL after 10 s; resolves once the process is gone. */
async function stopProc (p: Proc): Promise<void> {
  const child = p.child
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
  const gone = new Promise<void>((resolve) => { child.once('exit', () => { resolve() }) })
  child.kill('SIGTERM')
  const timer = setTimeout(() => { child.kill('SIGKILL') }, 10_000)
  await gone
  clearTimeout(timer)
}

/** CPU seconds (user + system) a process of ours has used so far: this one, or a node process by its pid (Linux /proc). */
function cpuSeconds (pid: number | undefined): number {
  if (pid === undefined) { const u = process.cpuUsage(); return (u.user + u.system) / 1e6 }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100 // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return NaN
  }
}

/** CPU seconds the whole machine spent busy so far (every process, ours or not: /proc/stat). */
function machineBusySeconds (): number {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).map(Number)
    // user nice system idle iowait irq softirq steal, in USER_HZ (100) ticks; busy is all but idle and iowait.
    const [user, nice, system, , , irq, softirq, steal] = ticks as [number, number, number, number, number, number, number, number]
    return (user + nice + system + irq + softirq + steal) / 100
  } catch {
    return NaN
  }
}

/** CPU seconds per process (bench = this process: the client node) between `before` and now, their sum over the wall time (the cores busy), and the machine's. */
interface CpuUse { wallS: number, byProc: Record<string, number>, machineS: number }
function cpuSnapshot (): Record<string, number> {
  const snap: Record<string, number> = { bench: cpuSeconds(undefined), '(machine)': machineBusySeconds() }
  for (const p of procs) if (p.child?.pid !== undefined && p.child.exitCode === null) snap[p.id] = cpuSeconds(p.child.pid)
  return snap
}
function cpuSince (before: Record<string, number>, t0: number): CpuUse {
  const now = cpuSnapshot()
  const byProc: Record<string, number> = {}
  for (const [id, v] of Object.entries(now)) if (id !== '(machine)') byProc[id] = v - (before[id] ?? 0)
  return { wallS: (performance.now() - t0) / 1000, byProc, machineS: now['(machine)']! - before['(machine)']! }
}
function cpuTotal (u: CpuUse): number {
  return Object.values(u.byProc).filter((v) => Number.isFinite(v)).reduce((a, b) => a + b, 0)
}
function cpuPerOp (u: CpuUse, ops: number): string {
  return `${(cpuTotal(u) * 1e6 / ops).toFixed(0)} µs`
}
function formatCpu (u: CpuUse): string {
  const total = cpuTotal(u)
  const parts = Object.entries(u.byProc).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]).map(([id, v]) => `${id} ${v.toFixed(1)}`)
  return `${total.toFixed(1)} CPU-s in ${u.wallS.toFixed(1)} s wall = ${(total / u.wallS).toFixed(2)} cores busy (${parts.join(', ')}; the whole machine ${(u.machineS / u.wallS).toFixed(2)} cores busy)`
}

// ---- the overlay as seen from the client ----

const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
let client: GdpNode

async function retryNoRoute<T> (fn: () => Promise<T>, limitMs = 30_000): Promise<T> {
  const deadline = Date.now() + limitMs
  for (;;) {
    try { return await fn() } catch (err) {
      if (!(err instanceof RequestRefusedError && err.reason === 'NO_ROUTE') || Date.now() > deadline) throw err
      await sleep(50)
    }
  }
}

interface Placed { name: Uint8Array, servers: Proc[], quorum: number }

/** A capsule (owner = writer) on `servers`, write quorum `quorum`; resolves once the router routes it. */
async function capsuleOn (servers: Proc[], quorum: number): Promise<Placed> {
  const now = nowUs()
  const metadata = newMetadata({
    owner: owner.publicKey,
    writer: owner.publicKey,
    createdAtUs: now,
    replication: servers.length > 1 ? { replicas: servers.length, writeQuorum: quorum } : undefined,
    nonce: crypto.getRandomValues(new Uint8Array(16))
  })
  const name = capsuleName(metadata)
  const signed = signMetadata(metadata, owner)
  const adCerts = servers.map((s) => signAdCert({ capsule: name, server: s.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, owner))
  for (const [i, s] of servers.entries()) await retryNoRoute(async () => await client.client.create(signed, s.name, adCerts[i], servers.length > 1 ? adCerts : []))
  await retryNoRoute(async () => await client.client.info(name))
  return { name, servers, quorum }
}

async function sizeOn (name: Uint8Array, server: Proc): Promise<number> {
  return (await client.client.info(name, { replica: server.name })).size
}

/** Waits until every replica holds `size` records; resolves with how long that took. */
async function allHold (c: Placed, size: number, limitMs = 60_000): Promise<number> {
  const t0 = performance.now()
  for (;;) {
    const sizes = await Promise.all(c.servers.map(async (s) => await sizeOn(c.name, s)))
    if (sizes.every((n) => n === size)) return performance.now() - t0
    if (performance.now() - t0 > limitMs) throw new Error(`replicas of ${formatName(c.name)} hold ${sizes.join(', ')} records, not ${size}, after ${limitMs} ms`)
    await sleep(20)
  }
}

// ---- 1. appends ----

interface Latency { p50: number, p99: number }

async function latency (c: Placed): Promise<Latency> {
  const writer = await client.client.writer(c.name, owner)
  const warmup = Math.floor(SAMPLES / 10)
  const times: number[] = []
  for (let i = 0; i < warmup + SAMPLES; i++) {
    const t = performance.now()
    const ack = await client.client.append(writer, [payload(i)], nowUs())
    times.push(performance.now() - t)
    if (i === 0 && 1 + ack.replicaAcks.length < c.quorum) throw new Error(`an append to ${c.servers.length} replicas came back with ${1 + ack.replicaAcks.length} acknowledgements, fewer than the quorum ${c.quorum}`)
  }
  const s = times.slice(warmup).sort((a, b) => a - b)
  return { p50: percentile(s, 0.5), p99: percentile(s, 0.99) }
}

/** WINDOW appenders, each awaiting its own one-record appends, coalesced by one Appender. */
async function throughput (c: Placed): Promise<{ rate: number, cpu: CpuUse, batches: number }> {
  const writer = await client.client.writer(c.name, owner)
  const appender = new Appender(client.client, writer, process.env.GDP_BENCH_IN_FLIGHT === undefined ? {} : { maxInFlight: Number(process.env.GDP_BENCH_IN_FLIGHT) })
  let sent = 0
  /** The batches the Appender made: one signed heartbeat each. */
  const heartbeats = new Set<number>()
  const cpu0 = cpuSnapshot()
  const t = performance.now()
  const lane = async (): Promise<void> => {
    while (sent < PIPELINED) {
      const i = sent++
      heartbeats.add((await appender.append([payload(i)])).heartbeat.heartbeat.size)
    }
  }
  await Promise.all(Array.from({ length: WINDOW }, lane))
  const rate = PIPELINED / ((performance.now() - t) / 1000)
  return { rate, cpu: cpuSince(cpu0, t), batches: heartbeats.size }
}

interface AppendResult { replicas: number, quorum: number, rate: number, rates: number[], latency: Latency, lastReplicaMs: number[], cpu: CpuUse | undefined, batches: number }

async function appendSection (servers: Proc[]): Promise<AppendResult[]> {
  const only = process.env.GDP_BENCH_CONFIGS?.split(',').map(Number)
  const configs = ([[1, 1], [3, 2], [5, 3]] as const).filter(([n]) => only === undefined || only.includes(n))
  const placed: Placed[] = []
  for (const [n, q] of configs) placed.push(await capsuleOn(servers.slice(0, n), q))
  const results: AppendResult[] = configs.map(([replicas, quorum]) => ({ replicas, quorum, rate: 0, rates: [], latency: { p50: 0, p99: 0 }, lastReplicaMs: [], cpu: undefined, batches: 0 }))
  for (const [i, c] of placed.entries()) {
    log(`latency: ${SAMPLES} single appends, ${c.servers.length} replicas (quorum ${c.quorum})`)
    results[i]!.latency = await latency(c)
    await allHold(c, (await client.client.info(c.name)).size)
  }
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, c] of placed.entries()) {
      log(`throughput round ${r + 1}/${ROUNDS}: ${PIPELINED} appends, ${WINDOW} appenders, ${c.servers.length} replicas`)
      const { rate, cpu, batches } = await throughput(c)
      results[i]!.rates.push(rate)
      if (rate > results[i]!.rate) { results[i]!.rate = rate; results[i]!.cpu = cpu; results[i]!.batches = batches }
      // The replicas beyond the quorum finish in the background; the next round starts once all hold everything.
      const size = (await client.client.info(c.name)).size
      results[i]!.lastReplicaMs.push(await allHold(c, size))
    }
  }
  return results
}

// ---- 2. catch-up ----

interface CatchUp { rate: number, ms: number, fromStartMs: number, loadRate: number, cpu: CpuUse }

async function catchUpRound (servers: Proc[], round: number): Promise<CatchUp> {
  const [s1, s2, s3] = servers as [Proc, Proc, Proc]
  const c = await capsuleOn([s1, s2, s3], 2)
  log(`catch-up round ${round}: stopping ${s3.id}`)
  await stopProc(s3)
  // The two live replicas each get every batch straight (an append addressed to one replica is not
  // passed on): what quorum appends leave behind, minus the queue that the replica passing them on keeps
  // for the stopped one. With that queue (GDP_BENCH_CATCHUP_VIA=quorum) the replica is caught up on its
  // return by those queued sends, racing its own fetch, and the anti-entropy fetch is not what is timed.
  const writer = await retryNoRoute(async () => await client.client.writer(c.name, owner))
  log(`catch-up round ${round}: ${CATCHUP_BATCHES} batches of ${CATCHUP_BATCH} records to ${s1.id} and ${s2.id}`)
  const t0 = performance.now()
  const viaQuorum = process.env.GDP_BENCH_CATCHUP_VIA === 'quorum'
  for (let b = 0; b < CATCHUP_BATCHES; b++) {
    const batch = writer.append(payloads(b * CATCHUP_BATCH, CATCHUP_BATCH), nowUs())
    if (viaQuorum) await client.client.appendBatch(batch)
    else await Promise.all([s1, s2].map(async (s) => await client.client.appendBatch(batch, { replica: s.name })))
  }
  const loadRate = CATCHUP_RECORDS / ((performance.now() - t0) / 1000)
  if (await sizeOn(c.name, s1) !== CATCHUP_RECORDS || await sizeOn(c.name, s2) !== CATCHUP_RECORDS) throw new Error('the live replicas do not hold every record')
  log(`catch-up round ${round}: starting ${s3.id} (replication_sync_interval ${CATCHUP_SYNC_INTERVAL})`)
  const spawned = performance.now()
  await startProc(s3, { replication_sync_interval: CATCHUP_SYNC_INTERVAL }, false)
  let reachable: number | undefined
  let cpu0: Record<string, number> = {}
  let size = -1
  while (size < CATCHUP_RECORDS) {
    if (performance.now() - spawned > CATCHUP_LIMIT_MS) throw new Error(`${s3.id} holds ${size} of ${CATCHUP_RECORDS} records after ${CATCHUP_LIMIT_MS} ms`)
    if (s3.child?.exitCode !== null) throw new Error(`${s3.id} exited; see ${join(s3.data, 'node.log')}`)
    try {
      size = await sizeOn(c.name, s3)
      if (reachable === undefined) { reachable = performance.now(); cpu0 = cpuSnapshot() }
    } catch {
      // Not up yet, or not linked: the router has no route to it.
    }
    if (size < CATCHUP_RECORDS) await sleep(POLL_MS)
  }
  const done = performance.now()
  const cpu = cpuSince(cpu0, reachable!)
  // The caught-up replica's head is the writer's last heartbeat: the same signed root as its peers'.
  const [h1, h3] = await Promise.all([s1, s3].map(async (s) => (await client.client.info(c.name, { replica: s.name })).head!))
  if (!equalBytes(h1!.heartbeat.root, h3!.heartbeat.root) || h3!.heartbeat.size !== CATCHUP_RECORDS) throw new Error(`${s3.id} caught up to another head`)
  const ms = done - reachable!
  log(`catch-up round ${round}: ${CATCHUP_RECORDS} records in ${ms.toFixed(0)} ms after ${s3.id} answered (${(done - spawned).toFixed(0)} ms after its start)`)
  return { rate: CATCHUP_RECORDS / (ms / 1000), ms, fromStartMs: done - spawned, loadRate, cpu }
}

// ---- 3. reroute ----

/** Rounds of each kind: SIGKILL (the measure with a target), SIGSTOP (for comparison; each takes libp2p's ping interval and timeout). */
const KILL_ROUNDS = QUICK ? 3 : 10
const HUNG_ROUNDS = QUICK ? 1 : 3
/** Appends in a row acknowledged by one replica before a round picks the router on their path (the root may turn back to a path that came back). */
const SETTLED_APPENDS = 10

/** Checks `condition` every 10 ms until it holds; fails naming `what` after `limitMs`. */
async function until (condition: () => boolean | Promise<boolean>, limitMs: number, what: string): Promise<void> {
  const deadline = performance.now() + limitMs
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`)
    await sleep(10)
  }
}

interface EdgePath { router: Proc, server: Proc }

/** The root router (the client's), and an edge router with a server behind it per id, the edge routers admitted into a domain the root trusts. */
async function startEdgePaths (ids: string[]): Promise<{ root: Proc, paths: EdgePath[] }> {
  const domain = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const root = await makeProc('root', 'router', undefined)
  root.config.trusted_domains = [formatName(nodeName(domain.publicKey))]
  procs.push(root)
  await startProc(root)
  const now = nowUs()
  const routers: Proc[] = []
  for (const id of ids) {
    const router = await makeProc(`edge-${id}`, 'router', root)
    const membership = signDomainMembership({ router: router.name, parent: new Uint8Array(0), notBeforeUs: now - 60e6, notAfterUs: now + 3600e6 }, domain)
    writeFileSync(join(router.data, 'membership.bin'), encodeSignedDomainMembership(membership))
    router.config.membership = join(router.data, 'membership.bin')
    routers.push(router)
  }
  procs.push(...routers)
  await Promise.all(routers.map(async (r) => { await startProc(r) }))
  const servers: Proc[] = []
  for (const [i, id] of ids.entries()) {
    const server = await makeProc(`server-${id}`, 'server', routers[i])
    server.config.replication_sync_interval = '1s'
    servers.push(server)
  }
  procs.push(...servers)
  await Promise.all(servers.map(async (s) => { await startProc(s) }))
  return { root, paths: ids.map((_, i) => ({ router: routers[i]!, server: servers[i]! })) }
}

interface RerouteRound { signal: 'SIGKILL' | 'SIGSTOP', router: string, ms: number, to: string, recoveries: number, refusals: string }

/** `client`, counting by reason the appends it sees refused (into `counts`), so a slow round says what the writer met. */
function countingRefusals (client: GdpClient, counts: Record<string, number>): GdpClient {
  return new Proxy(client, {
    get (target, prop) {
      if (prop === 'appendBatch') {
        return async (...args: Parameters<GdpClient['appendBatch']>) => await target.appendBatch(...args).catch((err: Error) => {
          const reason = err instanceof RequestRefusedError ? err.reason : err.name
          counts[reason] = (counts[reason] ?? 0) + 1
          throw err
        })
      }
      const value = Reflect.get(target, prop, target) as unknown
      return typeof value === 'function' ? value.bind(target) : value
    }
  })
}
interface RerouteResult { rounds: RerouteRound[], appends: number, appendsPerSecond: number, recoveries: number }

async function rerouteSection (): Promise<RerouteResult> {
  log('reroute: starting a root router, 3 edge routers and a server behind each (node processes)')
  const { root, paths } = await startEdgePaths(['a', 'b', 'c'])
  client = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: root.tcp }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
  await client.start()
  await client.upstreamReady(10_000)
  const c = await capsuleOn(paths.map((p) => p.server), 2)
  // More recoveries in a row than the Appender's default (5, some 3 s of backoff): a round measures how long the
  // writer waits for a path that works, and a replica that refuses appends for longer must not end the bench.
  const refusals: Record<string, number> = {}
  const appender = new Appender(countingRefusals(client.client, refusals), await client.client.writer(c.name, owner), { maxRecoveries: 10 })
  /** Each acknowledgement: when, and which replica acknowledged first (the one the root routed the append to). */
  const acks: Array<{ at: number, server: string }> = []
  let acknowledged = 0
  let failure: Error | undefined
  let stopped = false
  const writing = (async () => {
    for (let i = 0; !stopped; i++) {
      try {
        const receipt = await appender.append([payload(i)])
        acknowledged = receipt.heartbeat.heartbeat.size
        if (receipt.ack !== undefined) acks.push({ at: performance.now(), server: formatName(receipt.ack.server) })
      } catch (err) {
        failure = err as Error
        return
      }
      // Pacing of the load generator, not a wait for anything.
      await sleep(5)
    }
  })()
  const writerAlive = (): boolean => { if (failure !== undefined) throw failure; return true }
  const result: RerouteResult = { rounds: [], appends: 0, appendsPerSecond: 0, recoveries: 0 }
  const writingSince = performance.now()
  try {
    const rounds = [...Array<'SIGKILL'>(KILL_ROUNDS).fill('SIGKILL'), ...Array<'SIGSTOP'>(HUNG_ROUNDS).fill('SIGSTOP')]
    for (const [r, signal] of rounds.entries()) {
      await until(() => {
        const last = acks.slice(-SETTLED_APPENDS)
        return writerAlive() && last.length === SETTLED_APPENDS && last.every((a) => a.server === last[0]!.server)
      }, 30_000, `round ${r + 1}: ${SETTLED_APPENDS} appends in a row acknowledged by one replica`)
      const primary = acks.at(-1)!.server
      log(`reroute round ${r + 1}/${rounds.length}: ${acks.length} appends acknowledged so far, the last 10 in ${(acks.at(-1)!.at - acks.at(-10)!.at).toFixed(0)} ms`)
      const path = paths.find((p) => formatName(p.server.name) === primary)
      if (path === undefined) throw new Error(`round ${r + 1}: appends acknowledged by ${primary}, not a replica`)
      const recoveriesBefore = appender.counters.recoveries
      for (const k of Object.keys(refusals)) refusals[k] = 0
      const killedAt = performance.now()
      path.router.child!.kill(signal)
      await until(() => writerAlive() && acks.some((a) => a.at > killedAt && a.server !== primary), 60_000, `round ${r + 1}: an append acknowledged around the ${signal === 'SIGKILL' ? 'killed' : 'stopped'} ${path.router.id}`)
      const first = acks.find((a) => a.at > killedAt && a.server !== primary)!
      const to = paths.find((p) => formatName(p.server.name) === first.server)!.server.id
      const refused = Object.entries(refusals).filter(([, count]) => count > 0).map(([reason, count]) => `${count} ${reason}`).join(', ')
      const round: RerouteRound = { signal, router: path.router.id, ms: first.at - killedAt, to, recoveries: appender.counters.recoveries - recoveriesBefore, refusals: refused === '' ? 'none refused' : refused }
      result.rounds.push(round)
      log(`reroute round ${r + 1}/${rounds.length}: ${signal} ${path.router.id}: first append acknowledged through another path (by ${to}) after ${round.ms.toFixed(0)} ms, ${round.recoveries} recoveries; appends refused: ${round.refusals}`)
      if (signal === 'SIGKILL') {
        await new Promise<void>((resolve) => { if (path.router.child!.exitCode !== null || path.router.child!.signalCode !== null) resolve(); else path.router.child!.once('exit', () => { resolve() }) })
        await startProc(path.router)
      } else {
        path.router.child!.kill('SIGCONT')
      }
      // The replica behind it holds what was acknowledged meanwhile before the next round, so any two replicas are a quorum again.
      const target = acknowledged
      await until(async () => writerAlive() && await sizeOn(c.name, path.server).then((n) => n >= target, () => false), 60_000, `round ${r + 1}: ${path.server.id} to catch up to ${target} records`)
    }
  } finally {
    stopped = true
    await writing
  }
  if (failure !== undefined) throw failure
  result.appends = acknowledged
  result.appendsPerSecond = acknowledged / ((performance.now() - writingSince) / 1000)
  result.recoveries = appender.counters.recoveries
  // Nothing acknowledged is lost: the three replicas hold every record, under the writer's last heartbeat.
  await allHold(c, acknowledged)
  return result
}

// ---- hypercore ----

/** The parts of hypercore 11 replication that the bench uses (bench/hypercore.d.ts types the rest). */
interface ReplicatingCore {
  readonly key: Uint8Array
  readonly contiguousLength: number
  ready: () => Promise<void>
  close: () => Promise<void>
  append: (blocks: Uint8Array | Uint8Array[]) => Promise<unknown>
  get: (index: number) => Promise<Uint8Array | null>
  replicate: (isInitiator: boolean) => Duplexish
  download: (range: { start: number, end: number }) => { done: () => Promise<unknown> }
}
interface Duplexish { pipe: (to: any) => any, destroy: () => void }

async function openCore (dir: string, key?: Uint8Array): Promise<ReplicatingCore> {
  const { default: Hypercore } = await import('hypercore')
  const core = (key === undefined ? new Hypercore(dir) : new Hypercore(dir, key)) as unknown as ReplicatingCore
  await core.ready()
  return core
}

async function fillCore (core: ReplicatingCore): Promise<void> {
  for (let b = 0; b < CATCHUP_BATCHES; b++) await core.append(payloads(b * CATCHUP_BATCH, CATCHUP_BATCH))
}

async function checkCopy (copy: ReplicatingCore, source: (i: number) => Promise<Uint8Array | null>): Promise<void> {
  if (copy.contiguousLength !== CATCHUP_RECORDS) throw new Error(`hypercore copy holds ${copy.contiguousLength} of ${CATCHUP_RECORDS} blocks`)
  for (const i of [0, CATCHUP_RECORDS >> 1, CATCHUP_RECORDS - 1]) {
    const [a, b] = [await source(i), await copy.get(i)]
    if (a === null || b === null || !equalBytes(a, b)) throw new Error(`hypercore block ${i} differs`)
  }
}

interface HcRun { rate: number, cpuS: number }

/** Two cores in this process, their replication streams piped into each other. */
async function hypercoreInProcess (dir: string): Promise<HcRun> {
  const a = await openCore(join(dir, 'a'))
  await fillCore(a)
  const b = await openCore(join(dir, 'b'), a.key)
  const cpu0 = cpuSeconds(undefined)
  const t0 = performance.now()
  const sa = a.replicate(true)
  const sb = b.replicate(false)
  sa.pipe(sb).pipe(sa)
  await b.download({ start: 0, end: CATCHUP_RECORDS }).done()
  const ms = performance.now() - t0
  const cpuS = cpuSeconds(undefined) - cpu0
  await checkCopy(b, async (i) => await a.get(i))
  sa.destroy()
  sb.destroy()
  await b.close()
  await a.close()
  return { rate: CATCHUP_RECORDS / (ms / 1000), cpuS }
}

/**
 * The source core in a child process (this file, `--hypercore-source`),
 * serving its replication stream on a TCP socket; the copy in this process.
 * Timed from the connect to the last block.
 */
async function hypercoreTwoProcesses (dir: string): Promise<HcRun> {
  const child = spawn(process.execPath, [import.meta.filename, '--hypercore-source', join(dir, 'a')], { stdio: ['pipe', 'pipe', 'inherit'] })
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve)
      child.once('exit', (code) => { reject(new Error(`hypercore source exited (${code})`)) })
    })
    const { port, key } = JSON.parse(line) as { port: number, key: string }
    const b = await openCore(join(dir, 'b'), Buffer.from(key, 'hex'))
    const cpu0 = cpuSeconds(undefined) + cpuSeconds(child.pid)
    const t0 = performance.now()
    const socket = net.connect(port, '127.0.0.1')
    const stream = b.replicate(true)
    socket.pipe(stream as any).pipe(socket)
    await b.download({ start: 0, end: CATCHUP_RECORDS }).done()
    const ms = performance.now() - t0
    const cpuS = cpuSeconds(undefined) + cpuSeconds(child.pid) - cpu0
    await checkCopy(b, async (i) => payload(i))
    stream.destroy()
    socket.destroy()
    await b.close()
    return { rate: CATCHUP_RECORDS / (ms / 1000), cpuS }
  } finally {
    const exited = new Promise((resolve) => { child.once('exit', resolve) })
    child.stdin!.end()
    if (child.exitCode === null) await exited
  }
}

/** Child: a core of CATCHUP_RECORDS blocks, served to whoever connects; exits when its stdin closes. */
async function hypercoreSource (dir: string): Promise<void> {
  const core = await openCore(dir)
  await fillCore(core)
  const server = net.createServer((socket) => {
    const stream = core.replicate(false)
    socket.pipe(stream as any).pipe(socket)
    socket.on('error', () => {})
  })
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  process.stdout.write(JSON.stringify({ port: (server.address() as net.AddressInfo).port, key: Buffer.from(core.key).toString('hex') }) + '\n')
  process.stdin.resume()
  await new Promise((resolve) => { process.stdin.once('end', resolve) })
  server.close()
  await core.close()
  process.exit(0)
}

const bestRound0 = (ours: CatchUp[]): CatchUp => ours.reduce((a, b) => b.rate > a.rate ? b : a)

// ---- the run ----

/** Stops the client node and every node process, servers first. */
async function stopOverlay (): Promise<void> {
  await client?.stop()
  // Servers at once (each may wait for an anti-entropy round stuck on a peer already gone), then the routers.
  await Promise.all(procs.filter((p) => p.role === 'server').map(async (p) => { await stopProc(p) }))
  for (const p of procs) await stopProc(p)
  procs.length = 0
}

async function main (): Promise<void> {
  runDir = mkdtempSync(join(os.tmpdir(), 'gdp-replication-bench-'))
  if (profDir !== undefined) mkdirSync(profDir, { recursive: true })
  const started = performance.now()
  const loadAtStart = os.loadavg().map((l) => l.toFixed(2)).join(' ')
  let appends: AppendResult[] = []
  const ours: CatchUp[] = []
  const hcIn: HcRun[] = []
  const hcTwo: HcRun[] = []
  let reroute: RerouteResult | undefined
  try {
    if (ONLY === undefined || ONLY === 'append' || ONLY === 'catchup') {
      log('starting a router and 5 servers (node processes)')
      const router = await makeProc('router', 'router', undefined)
      procs.push(router)
      await startProc(router)
      const servers: Proc[] = []
      for (let i = 1; i <= 5; i++) servers.push(await makeProc(`s${i}`, 'server', router))
      procs.push(...servers)
      // Investigation only: servers linked to each other too, so passing on skips the router.
      if (process.env.GDP_BENCH_MESH === '1') for (const s of servers) s.config.neighbours = servers.filter((o) => o !== s).map((o) => o.tcp)
      await Promise.all(servers.map(async (s) => { await startProc(s) }))
      client = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: router.tcp }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
      await client.start()
      await client.upstreamReady(10_000)

      if (ONLY !== 'catchup') {
        appends = await appendSection(servers)
        if (appends.length !== 3) for (const a of appends) log(`${a.replicas} replicas: ${a.rates.map(Math.round).join(', ')} appends/s (${(PIPELINED / a.batches).toFixed(1)} per batch); latency p50 ${a.latency.p50.toFixed(2)} ms, p99 ${a.latency.p99.toFixed(2)} ms; ${formatCpu(a.cpu!)}`)
      }
      if (ONLY !== 'append') {
        for (let r = 1; r <= ROUNDS; r++) {
          ours.push(await catchUpRound(servers, r))
          if (process.env.GDP_BENCH_SKIP_HYPERCORE === '1') { log(`round ${r}: ours ${Math.round(ours.at(-1)!.rate)}/s; ${formatCpu(ours.at(-1)!.cpu)}`); continue }
          log(`hypercore round ${r}: ${CATCHUP_RECORDS} blocks, in-process`)
          hcIn.push(await hypercoreInProcess(mkdtempSync(join(runDir, 'hc-in-'))))
          log(`hypercore round ${r}: ${CATCHUP_RECORDS} blocks, two processes over TCP`)
          hcTwo.push(await hypercoreTwoProcesses(mkdtempSync(join(runDir, 'hc-two-'))))
          log(`round ${r}: ours ${Math.round(ours.at(-1)!.rate)}/s, hypercore ${Math.round(hcIn.at(-1)!.rate)}/s in-process, ${Math.round(hcTwo.at(-1)!.rate)}/s two processes`)
        }
      }
      // The reroute section runs on an overlay of its own, with nothing else running.
      await stopOverlay()
    }
    if (ONLY === undefined || ONLY === 'reroute') reroute = await rerouteSection()
  } finally {
    await stopOverlay()
    if (process.env.GDP_BENCH_KEEP === '1') log(`run folder kept: ${runDir}`)
    else rmSync(runDir, { recursive: true, force: true })
  }
  const totalS = (performance.now() - started) / 1000
  const f = (x: number): string => x.toFixed(2)
  const n = (x: number): string => Math.round(x).toLocaleString('en-US')
  const cpus = os.cpus()
  const out: string[] = []
  if (appends.length === 3) {
    const [one, three, five] = appends as [AppendResult, AppendResult, AppendResult]
    const ratio = three.rate / one.rate
    out.push('', '## Replicated appends (node processes on loopback: 1 router, 5 servers; the writer a client node)', '',
      '| measure | 1 replica, quorum 1 (baseline) | 3 replicas, quorum 2 | 5 replicas, quorum 3 | 3 vs 1 | target | met? |',
      '|---|---:|---:|---:|---:|---|---|',
      `| appends/s, ${WINDOW} appenders coalesced by an Appender, 100-byte records (best of ${ROUNDS}) | ${n(one.rate)} | ${n(three.rate)} | ${n(five.rate)} | ${f(ratio)}x | 3 replicas >= 0.5x 1 replica | ${ratio >= 0.5 ? 'yes' : '**NO**'} |`,
      `| single append latency p50 / p99, ms (awaited one by one) | ${f(one.latency.p50)} / ${f(one.latency.p99)} | ${f(three.latency.p50)} / ${f(three.latency.p99)} | ${f(five.latency.p50)} / ${f(five.latency.p99)} | ${f(three.latency.p50 / one.latency.p50)}x p50 | — | — |`,
      `| after the last acknowledgement, until every replica holds every record, ms (per round) | ${one.lastReplicaMs.map(f).join(', ')} | ${three.lastReplicaMs.map(f).join(', ')} | ${five.lastReplicaMs.map(f).join(', ')} | — | — | — |`,
      '',
      `- Throughput rounds (appends/s): 1 replica ${one.rates.map(n).join(', ')}; 3 replicas ${three.rates.map(n).join(', ')}; 5 replicas ${five.rates.map(n).join(', ')}. 5 vs 1: ${f(five.rate / one.rate)}x.`,
      `- CPU during the best throughput round (2 cores; bench = the client node): 1 replica ${formatCpu(one.cpu!)}; 3 replicas ${formatCpu(three.cpu!)}; 5 replicas ${formatCpu(five.cpu!)}.`,
      `- CPU per append (all processes), best round: ${[one, three, five].map((a) => `${a.replicas} replica${a.replicas > 1 ? 's' : ''} ${cpuPerOp(a.cpu!, PIPELINED)}`).join(', ')}; appends per signed batch (the Appender's coalescing): ${[one, three, five].map((a) => (PIPELINED / a.batches).toFixed(1)).join(', ')}.`,
      `- Latency: ${SAMPLES} appends per capsule after ${Math.floor(SAMPLES / 10)} warm-up appends; the router sends each to the nearest replica, which passes it on through the router to the others.`)
  }
  if (ours.length > 0 && hcIn.length > 0) {
    const best = Math.max(...ours.map((o) => o.rate))
    const bestIn = Math.max(...hcIn.map((h) => h.rate))
    const bestTwo = Math.max(...hcTwo.map((h) => h.rate))
    const cpuPer = (cpuS: number): string => `${(cpuS * 1e6 / CATCHUP_RECORDS).toFixed(0)} µs`
    const ourCpuS = cpuTotal(bestRound0(ours).cpu)
    const hcBest = Math.max(bestIn, bestTwo)
    const ratio = best / hcBest
    const bestRound = bestRound0(ours)
    out.push('', `## Catch-up of a replica that missed ${CATCHUP_RECORDS.toLocaleString('en-US')} records (${CATCHUP_BATCHES} batches of ${CATCHUP_BATCH.toLocaleString('en-US')}, 100 B each) vs hypercore 11.37.1 replicate`, '',
      '| measure | gdp-node (replica process fetching from a peer through the router) | hypercore, two cores in one process | hypercore, two processes over TCP | ratio (vs the faster hypercore) | target | met? |',
      '|---|---:|---:|---:|---:|---|---|',
      `| records/s, best of ${ROUNDS} | ${n(best)} | ${n(bestIn)} | ${n(bestTwo)} | ${f(ratio)}x | >= 2x hypercore | ${ratio >= 2 ? 'yes' : '**NO**'} |`,
      `| time to hold all ${CATCHUP_RECORDS.toLocaleString('en-US')}, s (best round) | ${f(bestRound.ms / 1000)} | ${f(CATCHUP_RECORDS / bestIn)} | ${f(CATCHUP_RECORDS / bestTwo)} | — | — | — |`,
      `| CPU time per record, all processes (best round) | ${cpuPer(ourCpuS)} | ${cpuPer(hcIn.find((h) => h.rate === bestIn)!.cpuS)} | ${cpuPer(hcTwo.find((h) => h.rate === bestTwo)!.cpuS)} | — | — | — |`,
      '',
      `- Rounds: ours ${ours.map((o) => n(o.rate)).join(', ')}/s; hypercore in one process ${hcIn.map((h) => n(h.rate)).join(', ')}/s, two processes ${hcTwo.map((h) => n(h.rate)).join(', ')}/s.`,
      `- Ours is timed from the replica's first answer after its start (the bench asks its size every ${POLL_MS} ms) to the answer that it holds all records; its first anti-entropy round runs within replication_sync_interval (${CATCHUP_SYNC_INTERVAL}) of that. From the process start: ${ours.map((o) => f(o.fromStartMs / 1000)).join(', ')} s (includes Node start-up and the link to the router). Hypercore is timed from the piping (or the TCP connect) to download().done().`,
      `- CPU during the catch-up (best round): ${formatCpu(bestRound.cpu)}.`,
      `- The ${CATCHUP_RECORDS.toLocaleString('en-US')} records reached the two live replicas at ${ours.map((o) => n(o.loadRate)).join(', ')} records/s (each batch appended to both, addressed to each).`)
  }
  if (reroute !== undefined) {
    const ms = (xs: number[]): { median: number, max: number } => {
      const sorted = [...xs].sort((a, b) => a - b)
      return { median: sorted.length % 2 === 1 ? sorted[sorted.length >> 1]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2, max: sorted.at(-1)! }
    }
    const killMs = reroute.rounds.filter((r) => r.signal === 'SIGKILL').map((r) => r.ms)
    const hungMs = reroute.rounds.filter((r) => r.signal === 'SIGSTOP').map((r) => r.ms)
    const kill = ms(killMs)
    const hung = ms(hungMs)
    out.push('', '## Reroute around a router on the path (node processes on loopback: a root router, 3 edge routers in a domain it trusts, a server behind each; a capsule of 3 replicas, quorum 2; the writer a client node on the root)', '',
      '| from ... until the first append acknowledged through another path | rounds | median, ms | max, ms | target | met? |',
      '|---|---:|---:|---:|---|---|',
      `| SIGKILL of the edge router on the path | ${killMs.length} | ${n(kill.median)} | ${n(kill.max)} | < 2 s | ${kill.max < 2000 ? 'yes' : '**NO**'} |`,
      `| SIGSTOP of the edge router on the path (hung: its sockets stay open) | ${hungMs.length} | ${n(hung.median)} | ${n(hung.max)} | — | — |`,
      '',
      `- Rounds (router stopped: ms until the first append acknowledged around it, by which replica; the Appender's recoveries and the refusals it met meanwhile): ${reroute.rounds.map((r) => `${r.signal} ${r.router}: ${n(r.ms)} (${r.to}; ${r.recoveries} recoveries, ${r.refusals})`).join('; ')}.`,
      `- The writer appends one record at a time through an Appender, the next 5 ms after each acknowledgement: ${n(reroute.appends)} records acknowledged in all (${n(reroute.appendsPerSecond)} a second over the whole section, reroutes and catch-ups included), every one on all three replicas at the end; ${reroute.recoveries} recoveries (an append whose fate a lost link left unknown: the Appender reads the tip and resends).`,
      '- Each round kills the edge router of the replica that acknowledged the last appends; between rounds the router is started again (SIGCONT after SIGSTOP) and its replica catches up (replication_sync_interval 1 s). A killed router\'s sockets are closed by the kernel at once, so the root drops its routes through it and NACKs what was pending there; a hung one is noticed only when libp2p\'s connection monitor (a ping every 10 s, 5 s timeout at least) aborts the link.')
  }
  out.push('', `node ${process.version}, ${cpus.length} CPUs (${cpus[0]?.model.trim() ?? 'unknown'}), ${os.platform()} ${os.release()}, ${new Date().toISOString()}, whole run ${totalS.toFixed(0)} s${QUICK ? ' (QUICK mode)' : ''}; load average at the start ${loadAtStart}, at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.`, '')
  process.stdout.write(out.join('\n'))
}

if (process.argv[2] === '--hypercore-source') {
  hypercoreSource(process.argv[3]!).catch((err: Error) => { process.stderr.write(`${err.stack ?? err.message}\n`); process.exit(1) })
} else {
  main().catch((err: Error) => { process.stderr.write(`${err.stack ?? err.message}\n`); process.exitCode = 1 })
}

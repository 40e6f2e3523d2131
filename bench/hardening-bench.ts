/**
 * Network attacks on real node processes on loopback, and what a legitimate
 * client sees meanwhile. Each attack gets a fresh router and server (two
 * `gdp node start` processes, the server's upstream being the router); the
 * attacker is a separate process aimed at the router; the legitimate client
 * lives in this process:
 *
 * - reads: one connected client reads a record every 20 ms (5 s timeout);
 * - fresh clients: every second a new client connects to the router and
 *   reads once (8 s limit), which is what a handshake flood blocks.
 *
 * Attacks (each bounded in count and time):
 * - half-open: 500 sockets from 127.0.0.2 that send 30 bytes (multistream
 *   header, /noise, a Noise length) and stall; each reopened 1 s after the
 *   router closes it;
 * - half-open, 250 addresses: the same from 127.0.1.1 ... 127.0.1.250, two each;
 * - junk: 10,000 useless frames/s over one PDU stream (reads and infos for
 *   unknown names, replies nobody asked for, undecodable bytes), reconnecting
 *   with a fresh identity when disconnected;
 * - subscriptions: 1,000 subscriptions to a 100-record capsule (1 KiB
 *   records) from a client that then stops reading (SIGSTOP), while the
 *   legitimate client appends;
 * - creates: 1,000 capsule creates by one client as fast as it goes (32 at
 *   once); afterwards, is the older capsule still routed once every
 *   advertisement made before the attack has lapsed?
 *
 *   npm run bench:hardening [-- --only junk,creates] [--json out.json] [--label after] [--compare before=before.json,...] [--no-run]
 *
 * `--json` writes the results; `--compare` prints earlier runs' rows beside
 * this run's, under their labels (run the original code with --json first,
 * e.g. in a git worktree with this file copied in).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { multiaddr } from '@multiformats/multiaddr'
import '../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import { formatName, parseName } from '../src/capsule/name.js'
import { GdpClient } from '../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../src/node/config.js'
import { GdpNode } from '../src/node/node.js'
import { PDU_PROTOCOL } from '../src/node/pdu-transport.js'
import { signAdCert } from '../src/routing/certificates.js'
import { lengthPrefixed, pb } from '../src/wire/index.js'
import { down, nodeStatus, up, type Topology, type TestnetState } from '../testnet/testnet.js'

const SELF = fileURLToPath(import.meta.url)
const REST_MS = 4000
const ATTACK_MS = 15_000
const AFTER_MS = 4000
const READ_EVERY_MS = 20
const FRESH_EVERY_MS = 1000
const FRESH_LIMIT_MS = 8000
const log = (msg: string): void => { process.stderr.write(`[hardening] ${msg}\n`) }
const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }
const nowUs = (): number => Date.now() * 1000
const newKey = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)

// ---------------------------------------------------------------- attackers (child processes)

/** The first 30 bytes of an inbound handshake: multistream-select header, /noise, and a Noise frame length; then nothing. */
const HALF_OPEN_BYTES = Buffer.concat([Buffer.from([19]), Buffer.from('/multistream/1.0.0\n'), Buffer.from([7]), Buffer.from('/noise\n'), Buffer.from([0, 32])])

async function halfOpen (args: { port: number, sources: string[], sockets: number, ms: number }): Promise<Record<string, number>> {
  const deadline = Date.now() + args.ms
  const stats = { opened: 0, closedByNode: 0, refusedAtOnce: 0, maxOpen: 0 }
  let open = 0
  const sockets = new Set<net.Socket>()
  const openOne = (i: number): void => {
    if (Date.now() >= deadline || stats.opened >= 100_000) return
    const s = net.connect({ host: '127.0.0.1', port: args.port, localAddress: args.sources[i % args.sources.length] })
    const at = Date.now()
    stats.opened++
    sockets.add(s)
    s.on('connect', () => { open++; stats.maxOpen = Math.max(stats.maxOpen, open); s.write(HALF_OPEN_BYTES) })
    s.on('data', () => {}) // the multistream answer; then we stall
    s.on('error', () => {})
    s.on('close', () => {
      sockets.delete(s)
      if (s.connecting) return
      open--
      stats.closedByNode++
      if (Date.now() - at < 500) stats.refusedAtOnce++
      setTimeout(() => { openOne(i) }, 1000)
    })
  }
  for (let i = 0; i < args.sockets; i++) openOne(i)
  await sleep(args.ms)
  for (const s of sockets) s.destroy()
  return stats
}

function junkFrames (n: number): Uint8Array[] {
  const frames: Uint8Array[] = []
  const random = (k: number): Uint8Array => crypto.getRandomValues(new Uint8Array(k))
  for (let i = 0; i < n; i++) {
    const kind = i % 10
    let bytes: Uint8Array
    if (kind < 5) bytes = pb.Pdu.encode({ version: 1, destination: random(32), source: random(32), ttl: 16, nonce: random(16), request: { read: { seqno: 0, proofs: true } } }).finish()
    else if (kind < 7) bytes = pb.Pdu.encode({ version: 1, destination: random(32), source: random(32), ttl: 16, nonce: random(16), request: { info: {} } }).finish()
    else if (kind < 9) bytes = pb.Pdu.encode({ version: 1, destination: random(32), source: random(32), ttl: 16, nonce: random(16), nack: { reason: 1, detail: 'junk' } }).finish()
    else bytes = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0x0f, ...random(40)]) // does not decode
    frames.push(lengthPrefixed(bytes))
  }
  return frames
}

async function junk (args: { target: string, rate: number, ms: number }): Promise<Record<string, number>> {
  const deadline = Date.now() + args.ms
  const stats = { sent: 0, skippedBackpressure: 0, connections: 0, disconnected: 0, refused: 0 }
  while (Date.now() < deadline && stats.connections < 20) {
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: args.target }, { key: newKey() })
    try {
      await node.start()
      const stream = await node.libp2p.dialProtocol(multiaddr(args.target), PDU_PROTOCOL, { signal: AbortSignal.timeout(5000) })
      stats.connections++
      stream.addEventListener('message', () => {}) // NACKs: read and dropped
      let closed = false
      stream.addEventListener('close', () => { closed = true })
      const start = Date.now()
      let sentHere = 0
      while (!closed && Date.now() < deadline) {
        await sleep(10)
        const due = Math.floor((Date.now() - start) * args.rate / 1000) - sentHere
        if (due <= 0) continue
        if (stream.writableNeedsDrain) { stats.skippedBackpressure += due; sentHere += due; continue }
        const frames = junkFrames(Math.min(due, args.rate))
        try { stream.send(Buffer.concat(frames)) } catch { break }
        sentHere += due
        stats.sent += frames.length
      }
      if (closed && Date.now() < deadline) stats.disconnected++
    } catch {
      stats.refused++
      await sleep(500)
    } finally {
      await node.stop().catch(() => {})
    }
  }
  return stats
}

async function subscriptions (args: { target: string, capsule: string, count: number }): Promise<Record<string, number>> {
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: args.target }, { key: newKey() })
  await node.start()
  await node.upstreamReady(10_000)
  const name = parseName(args.capsule)
  let first = 0
  for (let i = 0; i < args.count; i++) node.forwarder.request(name, { subscribe: { fromSeqno: 0, proofs: true } }, () => { first++ })
  await sleep(1500) // the requests go out, the backlogs start to come back
  process.stdout.write(`${JSON.stringify({ subscribed: args.count, responsesBeforeStop: first })}\n`)
  // Stop reading, for good: the router's and server's buffers toward us fill.
  process.kill(process.pid, 'SIGSTOP')
  return {}
}

async function creates (args: { target: string, server: string, count: number, concurrency: number }): Promise<Record<string, number>> {
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: args.target }, { key: newKey() })
  await node.start()
  await node.upstreamReady(10_000)
  const client = new GdpClient({ timeoutMs: 10_000 }, { forwarder: node.forwarder })
  const owner = newKey()
  const server = parseName(args.server)
  const stats = { created: 0, failed: 0, ms: 0 }
  const t = performance.now()
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < args.count) {
      next++
      const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs(), nonce: crypto.getRandomValues(new Uint8Array(8)) })
      const adCert = signAdCert({ capsule: capsuleName(metadata), server, notBeforeUs: nowUs() - 1e6, notAfterUs: nowUs() + 3600e6 }, owner)
      try { await client.create(signMetadata(metadata, owner), server, adCert); stats.created++ } catch { stats.failed++ }
    }
  }
  await Promise.all(Array.from({ length: args.concurrency }, lane))
  stats.ms = Math.round(performance.now() - t)
  await node.stop()
  return stats
}

async function attackerMain (kind: string, json: string): Promise<void> {
  const args = JSON.parse(json) as never
  const result = kind === 'half-open'
    ? await halfOpen(args)
    : kind === 'junk' ? await junk(args) : kind === 'subscriptions' ? await subscriptions(args) : kind === 'creates' ? await creates(args) : undefined
  if (result === undefined) throw new Error(`unknown attack ${kind}`)
  process.stdout.write(`${JSON.stringify(result)}\n`)
  process.exit(0)
}

// ---------------------------------------------------------------- measurement (this process)

interface Probe { latencies: number[], failures: number, tries: number }
const probe = (): Probe => ({ latencies: [], failures: 0, tries: 0 })

function percentile (xs: number[], p: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(s.length * p))]!
}

function rssMb (pid: number): number {
  try { return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024 } catch { return NaN }
}

async function connectedClient (address: string, timeoutMs: number): Promise<GdpNode> {
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: address }, { key: newKey() })
  await node.start()
  try {
    await node.upstreamReady(timeoutMs)
  } catch (err) {
    await node.stop()
    throw err
  }
  return node
}

/** Runs the two probes until `until()` says stop; returns (reads, fresh clients). */
function runProbes (address: string, reader: GdpClient, name: Uint8Array, records: number): { stop: () => Promise<{ reads: Probe, fresh: Probe }>, switchTo: () => { reads: Probe, fresh: Probe } } {
  let phase = { reads: probe(), fresh: probe() }
  let running = true
  const reads = (async () => {
    let i = 0
    while (running) {
      const p = phase.reads
      const t = performance.now()
      p.tries++
      try { await reader.read(name, { seqno: i++ % records }); p.latencies.push(performance.now() - t) } catch { p.failures++ }
      await sleep(READ_EVERY_MS)
    }
  })()
  const fresh = (async () => {
    while (running) {
      const p = phase.fresh
      const t = performance.now()
      p.tries++
      const attempt = (async () => {
        const node = await connectedClient(address, FRESH_LIMIT_MS)
        try {
          await new GdpClient({ timeoutMs: FRESH_LIMIT_MS }, { forwarder: node.forwarder }).read(name, { seqno: 0 })
        } finally {
          await node.stop()
        }
      })()
      try {
        await Promise.race([attempt, new Promise((_resolve, reject) => { setTimeout(() => { reject(new Error('timeout')) }, FRESH_LIMIT_MS).unref() })])
        p.latencies.push(performance.now() - t)
      } catch {
        p.failures++
      }
      await attempt.catch(() => {})
      await sleep(Math.max(0, FRESH_EVERY_MS - (performance.now() - t)))
    }
  })()
  return {
    switchTo: () => { const done = phase; phase = { reads: probe(), fresh: probe() }; return done },
    stop: async () => { running = false; await Promise.all([reads, fresh]); return phase }
  }
}

function spawnAttacker (kind: string, args: unknown): { child: ChildProcess, result: Promise<Record<string, unknown>> } {
  const child = spawn(process.execPath, [SELF, '--attacker', kind, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr!.on('data', (d: Buffer) => { err += d.toString() })
  const result = new Promise<Record<string, unknown>>((resolve) => {
    child.on('exit', (code, signal) => {
      const lines = out.trim().split('\n').filter((l) => l.startsWith('{'))
      const parsed = lines.length === 0 ? {} : Object.assign({}, ...lines.map((l) => JSON.parse(l) as object)) as Record<string, unknown>
      if (code !== 0 && signal !== 'SIGKILL') parsed.error = `exit ${String(code ?? signal)}: ${err.trim().split('\n').slice(-2).join(' ')}`
      resolve(parsed)
    })
  })
  return { child, result }
}

interface AttackResult {
  attack: string
  rest: { reads: Probe, fresh: Probe }
  during: { reads: Probe, fresh: Probe }
  rss: { router: [number, number, number], server: [number, number, number] }
  attacker: Record<string, unknown>
  router: Record<string, unknown>
  notes: string[]
}

const ATTACKS = ['half-open', 'half-open-250', 'junk', 'subscriptions', 'creates'] as const
type Attack = typeof ATTACKS[number]

async function runAttack (attack: Attack): Promise<AttackResult> {
  const dir = mkdtempSync(join(os.tmpdir(), 'gdp-hardening-'))
  const topology: Topology = { domains: {}, nodes: { router: { role: 'router' }, server: { role: 'server', upstream: 'router' } } }
  let state: TestnetState | undefined
  const clients: GdpNode[] = []
  let attacker: ChildProcess | undefined
  try {
    state = await up(topology, join(dir, 'run'))
    const router = state.nodes.find((n) => n.id === 'router')!
    const server = state.nodes.find((n) => n.id === 'server')!
    const port = Number(/\/tcp\/(\d+)\//.exec(router.tcp)![1])
    // The legitimate client: a capsule on the server, created and filled through the router.
    const via = await connectedClient(router.tcp, 10_000)
    clients.push(via)
    const client = new GdpClient({ timeoutMs: 5000 }, { forwarder: via.forwarder })
    const owner = newKey()
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs(), nonce: crypto.getRandomValues(new Uint8Array(8)) })
    const name = capsuleName(metadata)
    const serverName = parseName(server.name)
    const adCert = signAdCert({ capsule: name, server: serverName, notBeforeUs: nowUs() - 1e6, notAfterUs: nowUs() + 3600e6 }, owner)
    await client.create(signMetadata(metadata, owner), serverName, adCert)
    for (let i = 0; ; i++) {
      try { await client.info(name); break } catch (err) { if (i > 100) throw err; await sleep(50) }
    }
    const writer = await client.writer(name, owner)
    const records = attack === 'subscriptions' ? 100 : 20
    for (let i = 0; i < records; i += 10) await client.append(writer, Array.from({ length: 10 }, () => Buffer.alloc(1024, i)), nowUs())

    const probes = runProbes(router.tcp, client, name, records)
    await sleep(REST_MS)
    const rssBefore = [rssMb(router.pid), rssMb(server.pid)]
    const rest = probes.switchTo()
    log(`${attack}: attack for ${ATTACK_MS / 1000} s`)
    let spawned: ReturnType<typeof spawnAttacker>
    switch (attack) {
      case 'half-open':
        spawned = spawnAttacker('half-open', { port, sources: ['127.0.0.2'], sockets: 500, ms: ATTACK_MS }); break
      case 'half-open-250':
        spawned = spawnAttacker('half-open', { port, sources: Array.from({ length: 250 }, (_, i) => `127.0.1.${i + 1}`), sockets: 500, ms: ATTACK_MS }); break
      case 'junk':
        spawned = spawnAttacker('junk', { target: router.tcp, rate: 10_000, ms: ATTACK_MS }); break
      case 'subscriptions':
        spawned = spawnAttacker('subscriptions', { target: router.tcp, capsule: formatName(name), count: 1000 }); break
      case 'creates':
        spawned = spawnAttacker('creates', { target: router.tcp, server: server.name, count: 1000, concurrency: 32 }); break
    }
    attacker = spawned.child
    // While the attack runs: the appender (subscriptions: each append goes to every subscriber), RSS samples.
    const rssMax = [...rssBefore]
    const attackEnd = Date.now() + ATTACK_MS
    let appended = 0
    while (Date.now() < attackEnd) {
      await sleep(200)
      rssMax[0] = Math.max(rssMax[0]!, rssMb(router.pid))
      rssMax[1] = Math.max(rssMax[1]!, rssMb(server.pid))
      if (attack === 'subscriptions' && appended < 100) {
        try { await client.append(writer, [Buffer.alloc(1024, 1)], nowUs()); appended++ } catch { /* counted by the probes' failures only */ }
      }
    }
    const during = probes.switchTo()
    const notes: string[] = []
    if (attack === 'subscriptions') notes.push(`${appended} appends of 1 KiB while subscribed`)
    // The subscriber is stopped for good; the others end by themselves (creates may need longer than the window).
    if (attack === 'subscriptions') attacker.kill('SIGKILL')
    // An unref'd timer: once the attacker is done it must not hold the process open.
    const limit = new Promise<Record<string, unknown>>((resolve) => { setTimeout(() => { resolve({ error: 'still running; killed' }) }, attack === 'creates' ? 60_000 : 10_000).unref() })
    const attackerResult = await Promise.race([spawned.result, limit])
    attacker.kill('SIGKILL')
    await sleep(AFTER_MS)
    const rssAfter = [rssMb(router.pid), rssMb(server.pid)]
    await probes.stop()
    if (attack === 'creates') {
      // Every advertisement sent before the attack has lapsed by now (testnet lifetime 10 s): only what
      // the server advertised since keeps the older capsule routed.
      const deadline = Date.now() + 12_000
      while (Date.now() < deadline) await sleep(500)
      const ok = await client.read(name, { seqno: 0 }).then(() => true, () => false)
      notes.push(`older capsule routed ${ok ? 'yes' : '**NO**'} (read through the router 12 s after the creates)`)
    }
    const status = nodeStatus(router) ?? {}
    return {
      attack,
      rest,
      during,
      rss: { router: [rssBefore[0]!, rssMax[0]!, rssAfter[0]!], server: [rssBefore[1]!, rssMax[1]!, rssAfter[1]!] },
      attacker: attackerResult,
      router: { transport: status.transport, connections: status.connections, nacks: (status.forwarder as { nacks?: unknown } | undefined)?.nacks },
      notes
    }
  } finally {
    attacker?.kill('SIGKILL')
    for (const c of clients) await c.stop().catch(() => {})
    if (state !== undefined) await down(state)
    rmSync(dir, { recursive: true, force: true })
  }
}

// ---------------------------------------------------------------- report

const f1 = (x: number): string => Number.isFinite(x) ? x.toFixed(1) : '—'
const lat = (p: Probe): string => `${f1(percentile(p.latencies, 0.5))} / ${f1(percentile(p.latencies, 0.95))} / ${f1(percentile(p.latencies, 1))}`
const fails = (p: Probe): string => `${p.failures} / ${p.tries}`
const rss = (xs: [number, number, number]): string => xs.map((x) => x.toFixed(0)).join(' / ')

function summary (r: AttackResult): string {
  const parts: string[] = [...r.notes]
  const a = r.attacker
  if (r.attack.startsWith('half-open')) parts.push(`attacker: ${String(a.opened)} sockets opened, ${String(a.refusedAtOnce)} refused at once, at most ${String(a.maxOpen)} open`)
  if (r.attack === 'junk') parts.push(`attacker: ${String(a.sent)} frames sent over ${String(a.connections)} connection(s), ${String(a.disconnected)} disconnected, ${String(a.refused)} refused`)
  if (r.attack === 'creates') parts.push(`attacker: ${String(a.created)} created, ${String(a.failed)} failed, in ${String(a.ms)} ms`)
  if (r.attack === 'subscriptions') parts.push(`attacker: ${String(a.subscribed)} subscriptions`)
  const t = r.router.transport as Record<string, number> | undefined
  if (t?.rateLimited !== undefined && t.rateLimited > 0) parts.push(`router: ${t.rateLimited} frames rate-limited, ${t.rateLimitDisconnects} disconnects`)
  const c = r.router.connections as Record<string, number> | undefined
  if (c !== undefined && ((c.deniedPendingPerIp ?? 0) > 0 || (c.evicted ?? 0) > 0 || (c.deniedBanned ?? 0) > 0)) {
    parts.push(`router: ${c.deniedPendingPerIp} handshakes refused per IP, ${c.evicted ?? 0} stalled ones evicted, ${c.deniedPendingTotal ?? 0} refused with every slot taken, ${c.deniedBanned} refused as banned`)
  }
  if (a.error !== undefined) parts.push(`attacker error: ${String(a.error)}`)
  return parts.join('; ')
}

function table (runs: Array<[string, AttackResult[]]>): string {
  const header = ['attack', 'code', 'reads p50 / p95 / max ms, at rest', 'reads p50 / p95 / max ms, attack', 'reads failed, attack', 'fresh clients connect+read p50 / p95 / max ms, at rest', 'fresh clients p50 / p95 / max ms, attack', 'fresh clients failed, attack', 'router RSS MB before / max during / after', 'server RSS MB before / max during / after', 'notes']
  const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i >= 2 && i <= 9 ? '---:' : '---')).join('|')}|`]
  for (const attack of ATTACKS) {
    for (const [label, results] of runs) {
      const x = results.find((r) => r.attack === attack)
      if (x === undefined) continue
      lines.push(`| ${x.attack} | ${label} | ${lat(x.rest.reads)} | ${lat(x.during.reads)} | ${fails(x.during.reads)} | ${lat(x.rest.fresh)} | ${lat(x.during.fresh)} | ${fails(x.during.fresh)} | ${rss(x.rss.router)} | ${rss(x.rss.server)} | ${summary(x)} |`)
    }
  }
  return lines.join('\n')
}

async function main (argv: string[]): Promise<void> {
  const opt = (name: string): string | undefined => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined }
  const only = opt('--only')?.split(',') ?? [...ATTACKS]
  for (const a of only) if (!(ATTACKS as readonly string[]).includes(a)) throw new Error(`unknown attack ${a} (known: ${ATTACKS.join(', ')})`)
  const started = Date.now()
  const results: AttackResult[] = []
  for (const attack of argv.includes('--no-run') ? [] : only as Attack[]) {
    log(`${attack}: starting a router and a server`)
    results.push(await runAttack(attack))
  }
  const json = opt('--json')
  if (json !== undefined) writeFileSync(json, JSON.stringify(results, null, 2))
  const earlier = (opt('--compare')?.split(',') ?? []).map((entry) => {
    const [label, file] = entry.includes('=') ? entry.split('=') as [string, string] : ['before', entry]
    return [label, JSON.parse(readFileSync(file, 'utf8')) as AttackResult[]] as [string, AttackResult[]]
  })
  const runs: Array<[string, AttackResult[]]> = results.length === 0 ? earlier : [...earlier, [opt('--label') ?? 'this run', results]]
  process.stdout.write(`\n## Attacks on a router process (loopback)\n\n${table(runs)}\n\n`)
  process.stdout.write(`node ${process.version}, ${os.cpus().length} CPUs, ${new Date().toISOString()}; ${REST_MS / 1000} s at rest, ${ATTACK_MS / 1000} s of attack per row; reads every ${READ_EVERY_MS} ms (5 s timeout), a fresh client every ${FRESH_EVERY_MS / 1000} s (${FRESH_LIMIT_MS / 1000} s limit); run took ${Math.round((Date.now() - started) / 1000)} s.\n`)
}

if (process.argv[2] === '--attacker') {
  attackerMain(process.argv[3]!, process.argv[4]!).catch((err: Error) => { process.stderr.write(`${err.stack ?? err.message}\n`); process.exit(1) })
} else {
  main(process.argv.slice(2)).catch((err: Error) => { process.stderr.write(`${err.stack ?? err.message}\n`); process.exitCode = 1 })
}

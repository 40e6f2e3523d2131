/**
 * Moving routers and capsules while in use (docs/moving.md), measured.
 *
 * 1. Router state: a router holding 20,000 and 200,000 routes moves to a
 *    standby node (in this process, over loopback): export, migration
 *    (signed capsule entries through the migration endpoint), install and
 *    start, against the seed's VROOM/grafting prototype (0.9 s and 6.9 s).
 *    The baseline measured in the same run is what the new machine would do
 *    without the state: learn every route again from its servers' signed
 *    advertisements (one AdCert check per route, as a snapshot does).
 * 2. Under load, in the 20-node process testnet
 *    (testnet/topologies/graft.yaml): a client attached to a-router appends
 *    one record at a time, each acknowledged, and subscribes to the capsule;
 *    - a capsule moves from a-s1 to c-s2 (another domain);
 *    - a-router itself moves to a standby process.
 *    For each: the longest gap between two acknowledged appends (and the
 *    median gap, the baseline of the same stream), appends that failed,
 *    records lost or seen twice by the subscriber or missing from a read of
 *    the whole capsule, and, for the capsule, the time from the switch until
 *    no router routes to the old server and the root routes to the new one.
 * 3. An owner drains a server: 1,000 capsules of one owner on b-s1 move to
 *    b-s2, 16 at a time (`gdp capsule move --all-from`).
 *
 *   npm run bench:graft          (GDP_BENCH_ONLY=state|testnet for one part;
 *                                 moves: the testnet's moves without the drain;
 *                                 router-moves: the router moved GDP_BENCH_REPEAT
 *                                 times, default 5, each longest gap placed on
 *                                 the move's timeline; GDP_BENCH_GAPS_DEBUG=1
 *                                 lists every gap over 40 ms of each move;
 *                                 GDP_BENCH_STANDBY_FLAGS: node flags for the
 *                                 standby processes, e.g. --cpu-prof)
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import '../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import { formatName, parseName } from '../src/capsule/name.js'
import type { CapsuleRecord, SignedMetadata } from '../src/capsule/types.js'
import { Appender, type GdpClient } from '../src/client/client.js'
import { moveAllCapsules, moveCapsule } from '../src/client/move.js'
import { delegatePlacement, RateGate, retryingRateLimits } from '../src/client/placement.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { RequestRefusedError } from '../src/errors.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../src/node/config.js'
import { controlRequest } from '../src/node/control.js'
import { GdpNode } from '../src/node/node.js'
import { adoptRouter, NodeStandby } from '../src/node/standby.js'
import type { NodeMigrationSummary } from '../src/node/router-images.js'
import { EMPTY_SET_DIGEST, signAdCert, signAdvertisement, toggleSetDigest, type AdvertisedCapsule, type SignedAdvertisement } from '../src/routing/certificates.js'
import { AdvertisementProcessor, RouteTable } from '../src/routing/route-table.js'
import { nodeName } from '../src/routing/signing.js'
import { down, loadTopology, nodeStatus, up, type TestnetNode, type TestnetState } from '../testnet/testnet.js'

const ONLY = process.env.GDP_BENCH_ONLY
/** Node flags for the standby processes, e.g. `--cpu-prof --cpu-prof-dir=<dir>` (as GDP_TESTNET_NODE_FLAGS for the testnet's). */
const STANDBY_FLAGS = (process.env.GDP_BENCH_STANDBY_FLAGS ?? '').split(' ').filter((f) => f !== '')
const log = (msg: string): void => { process.stderr.write(`[graft] ${msg}\n`) }
const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }
const nowUs = (): number => Date.now() * 1000
const HOUR_US = 3_600_000_000
const CLI = join(import.meta.dirname, '../gdp/main.js')
const work = mkdtempSync(join(os.tmpdir(), 'gdp-graft-bench-'))
const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)

// ---------------------------------------------------------------- 1. router state

const config = (name: string, extra: Partial<NodeConfig> = {}): NodeConfig => ({ ...DEFAULT_CONFIG, data: join(work, name), listen: ['/ip4/127.0.0.1/tcp/0'], ...extra })

/** A router holding `routes` routes of servers below it, 1,000 per server set, as announcements leave them. */
async function routerWith (id: string, routes: number): Promise<GdpNode> {
  const router = await GdpNode.create(config(id, { role: 'router' }))
  await router.start()
  const now = nowUs()
  for (let s = 0; s < routes / 1000; s++) {
    const server = new Uint8Array(32)
    new DataView(server.buffer).setUint32(0, s)
    const set = router.table.serverSet(server, new Uint8Array(32).fill(7), 5, now + HOUR_US, 'announced')
    for (let i = 0; i < 1000; i++) {
      const capsule = new Uint8Array(32)
      new DataView(capsule.buffer).setUint32(0, s * 1000 + i)
      capsule[31] = 1
      router.table.addMember(set, capsule, now + HOUR_US)
    }
  }
  return router
}

interface StateRow { asked: number, routes: number, bytes: number, exportMs: number, shipMs: number, installMs: number, totalMs: number, baselineMs: number }

async function moveState (routes: number): Promise<StateRow> {
  const router = await routerWith(`r${routes}`, routes)
  const standby = await NodeStandby.create(config(`s${routes}`, { role: 'router' }), formatName(router.name))
  await standby.start()
  const started = performance.now()
  let installed = 0
  const adopting = standby.arrival().then(async (arrived) => {
    const t = performance.now()
    const adopted = await adoptRouter(standby, arrived, async (c) => await GdpNode.create(c))
    installed = performance.now() - t
    return adopted
  })
  const summary = await router.migrateTo(standby.multiaddrs()[0]!)
  const { node, routes: got } = await adopting
  const totalMs = performance.now() - started
  if (got !== router.table.size) throw new Error(`${got} routes arrived of ${router.table.size}`)
  await router.stop()
  await node.stop()
  const baselineMs = relearn(routes)
  return { asked: routes, routes: summary.routes, bytes: summary.stateBytes, exportMs: summary.exportMs, shipMs: summary.shipMs, installMs: installed, totalMs, baselineMs }
}

/**
 * The baseline: a router that did not bring its state learns every route
 * again from its servers' signed updates (snapshot pages of 64 capsules,
 * each AdCert checked, as docs/routing.md section 4 has it). The metadata
 * signatures are not made: a router does not check them. The CPU it takes:
 * a running router's budget of AdCert checks (2 x advertise_snapshot_rate
 * a second) is lifted here, and printed beside as the floor it sets.
 */
function relearn (routes: number): number {
  const router = new Uint8Array(32).fill(9)
  const server = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const serverName = nodeName(server.publicKey)
  const updates: SignedAdvertisement[] = []
  const digest = new Uint8Array(EMPTY_SET_DIGEST)
  let page: AdvertisedCapsule[] = []
  const now = nowUs()
  const unsignedMetadata = (i: number): SignedMetadata => {
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: now, nonce: new Uint8Array(new Uint32Array([i]).buffer) })
    return { metadata, ownerSignature: new Uint8Array(64) }
  }
  let sequence = 0
  const flush = (last: boolean): void => {
    updates.push(signAdvertisement({ serverKey: server.publicKey, router, sequence: ++sequence, issuedAtUs: now, expiresAtUs: now + HOUR_US, cost: 0, added: page, withdrawn: [], set: { count: routes, digest }, snapshot: { firstSequence: 1, last } }, server))
    page = []
  }
  log(`signing ${routes} AdCerts for the baseline`)
  const capsules = Array.from({ length: routes }, (_, i) => {
    const metadata = unsignedMetadata(i)
    const name = capsuleName(metadata.metadata)
    toggleSetDigest(digest, name)
    return { metadata, name }
  })
  for (const [i, { metadata, name }] of capsules.entries()) {
    page.push({ metadata, adCert: signAdCert({ capsule: name, server: serverName, notBeforeUs: now - 1e6, notAfterUs: now + HOUR_US }, owner) })
    if (page.length === 64) flush(i === routes - 1)
  }
  if (page.length > 0) flush(true)
  const table = new RouteTable()
  const processor = new AdvertisementProcessor(router, table, { checksPerSecond: 1e9 })
  const started = performance.now()
  for (const update of updates) processor.apply(update, { neighbour: serverName, linkCost: 1 }, nowUs())
  const ms = performance.now() - started
  if (table.size !== routes + 1) throw new Error(`the baseline installed ${table.size} routes, not ${routes + 1}`)
  return ms
}

// ---------------------------------------------------------------- 2. moves under load

/** One capsule's append stream and subscription, and what they saw. */
class Load {
  readonly acked: number[] = []
  readonly gaps: number[] = []
  /** When each gap ended (performance.now()), to place the longest one on a move's timeline. */
  readonly gapEnds: number[] = []
  readonly failures: string[] = []
  readonly received: CapsuleRecord[] = []
  #running = true
  #last = 0
  #writer: Promise<void> | undefined
  #appender: Appender | undefined
  #subscriber: Promise<unknown> | undefined
  readonly #abort = new AbortController()

  constructor (readonly client: GdpClient, readonly name: Uint8Array) {}

  async start (): Promise<void> {
    const appender = this.#appender = new Appender(this.client, await this.client.writer(this.name, owner))
    this.#last = performance.now()
    this.#writer = (async () => {
      for (let i = 0; this.#running; i++) {
        try {
          const receipt = await appender.append([new TextEncoder().encode(`r${i}`)])
          this.acked.push(receipt.heartbeat.heartbeat.size)
          const t = performance.now()
          this.gaps.push(t - this.#last)
          this.gapEnds.push(t)
          this.#last = t
        } catch (err) {
          this.failures.push((err as Error).message)
          return
        }
      }
    })()
    this.#subscriber = (async () => { for await (const r of this.client.subscribe(this.name, 0, this.#abort.signal)) this.received.push(r) })().catch((err: Error) => { if (!this.#abort.signal.aborted) this.failures.push(`subscription: ${err.message}`) })
  }

  /** Marks where the move starts: gaps are counted from here. */
  mark (): number { return this.gaps.length }

  /** The first gap from index `from` that ended after `time` (performance.now()): one under way then counts. */
  firstEndingAfter (from: number, time: number): number {
    let at = from
    while (at < this.gapEnds.length && this.gapEnds[at]! <= time) at++
    return at
  }

  /** The longest gap from gap `from` on: how long, and when it began. */
  longestSince (from: number): { ms: number, startedAt: number } {
    let at = from
    for (let i = from; i < this.gaps.length; i++) if (this.gaps[i]! > this.gaps[at]!) at = i
    return { ms: this.gaps[at] ?? 0, startedAt: (this.gapEnds[at] ?? 0) - (this.gaps[at] ?? 0) }
  }

  async stop (): Promise<{ longestGapMs: number, medianGapMs: number, acked: number, failed: number, recoveries: number, lost: number, duplicated: number, missingFromRead: number }> {
    this.#running = false
    await this.#writer
    const last = this.acked.at(-1) ?? 0
    for (let waited = 0; this.received.length < last && waited < 10_000; waited += 50) await sleep(50)
    this.#abort.abort()
    await this.#subscriber
    const seen = new Map<number, number>()
    for (const r of this.received) seen.set(r.header.seqno, (seen.get(r.header.seqno) ?? 0) + 1)
    let lost = 0
    let duplicated = 0
    for (let s = 0; s < last; s++) {
      const n = seen.get(s) ?? 0
      if (n === 0) lost++
      if (n > 1) duplicated += n - 1
    }
    const read = await this.client.read(this.name, { range: { from: 0, to: last } })
    const sorted = [...this.gaps].sort((a, b) => a - b)
    for (const failure of this.failures) log(`failure: ${failure}`)
    // Appends refused on the way (NO_ROUTE, CONGESTION, a timeout), each recovered by the appender: a pause, a read of the tip, a resend.
    const recoveries = this.#appender?.counters.recoveries ?? 0
    return { longestGapMs: sorted.at(-1) ?? 0, medianGapMs: sorted[Math.floor(sorted.length / 2)] ?? 0, acked: this.acked.length, failed: this.failures.length, recoveries, lost, duplicated, missingFromRead: last - read.length }
  }
}

interface AdminApi { node: TestnetNode, url: string, token: string }

function adminApi (node: TestnetNode): AdminApi | undefined {
  const url = nodeStatus(node)?.admin
  if (typeof url !== 'string') return undefined
  return { node, url, token: readFileSync(join(node.data, 'admin.token'), 'utf8').trim() }
}

/** A router's routes for one capsule: server names, the chosen one first. */
async function routesAt (api: AdminApi, capsule: Uint8Array): Promise<Array<{ server: string, live: boolean, chosen: boolean }> | undefined> {
  try {
    const response = await fetch(`${api.url}/v1/routes?capsule=${formatName(capsule)}`, { headers: { authorization: `Bearer ${api.token}` }, signal: AbortSignal.timeout(2000) })
    if (!response.ok) return undefined
    return (await response.json() as { routes: Array<{ server: string, live: boolean, chosen: boolean }> }).routes
  } catch {
    return undefined
  }
}

async function createOn (client: GdpClient, server: TestnetNode): Promise<Uint8Array> {
  const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs(), nonce: crypto.getRandomValues(new Uint8Array(8)) })
  const name = capsuleName(metadata)
  const serverName = parseName(server.name)
  const adCert = signAdCert({ capsule: name, server: serverName, notBeforeUs: nowUs() - 1e6, notAfterUs: nowUs() + HOUR_US }, owner)
  // A server takes at most create_rate creates a minute per owner (600 by default): the bench waits as told.
  const deadline = Date.now() + 600_000
  for (let tries = 0; ; tries++) {
    try {
      await retryingRateLimits(async () => await client.create(signMetadata(metadata, owner), serverName, adCert), deadline)
      break
    } catch (err) {
      if (!(err instanceof RequestRefusedError && err.reason === 'NO_ROUTE') || tries > 200) throw err
      await sleep(50)
    }
  }
  for (let tries = 0; ; tries++) {
    try { await client.info(name); return name } catch (err) { if (tries > 200) throw err; await sleep(50) }
  }
}

interface MoveRow { move: string, load: Awaited<ReturnType<Load['stop']>>, switchMs: number, convergedMs: number | undefined, detail: string }

async function capsuleMove (state: TestnetState, client: GdpNode): Promise<MoveRow> {
  const byId = (id: string): TestnetNode => state.nodes.find((n) => n.id === id)!
  const from = byId('a-s1')
  const to = byId('c-s2')
  const name = await createOn(client.client, from)
  const load = new Load(client.client, name)
  await load.start()
  await sleep(2000)
  const routers = state.nodes.filter((n) => n.role === 'router').map(adminApi).filter((a): a is AdminApi => a !== undefined)
  let switchAt = 0
  const result = await moveCapsule(client.client, {
    name, signer: owner, to: parseName(to.name), clock: nowUs,
    progress: (held, of) => { if (held >= of) switchAt = performance.now() }
  })
  // Every router that routes the capsule now routes it to c-s2 only, and the root has that route.
  let convergedMs: number | undefined
  for (const deadline = Date.now() + 20_000; Date.now() < deadline;) {
    const views = await Promise.all(routers.map(async (api) => ({ id: api.node.id, routes: await routesAt(api, name) })))
    const stale = views.some((v) => v.routes === undefined || v.routes.some((r) => r.live && r.server === from.name))
    const root = views.find((v) => v.id === 'root-router')?.routes
    if (!stale && root?.some((r) => r.live && r.chosen && r.server === to.name) === true) { convergedMs = performance.now() - switchAt; break }
    await sleep(10)
  }
  await sleep(2000)
  return { move: 'capsule a-s1 -> c-s2 (another domain)', load: await load.stop(), switchMs: result.switchMs, convergedMs, detail: `${result.records} records copied in ${Math.round(result.copyMs)} ms before the switch` }
}

/** One router move to a fresh standby process, as `gdp node migrate` does it: the summary, and when the client relinked. */
interface RouterMoveRun { summary: NodeMigrationSummary, startedAt: number, clientRelinkedAt: number | undefined }

/** Moves the router whose data folder is `routerData` (name `routerName`) to a standby process on `standbyData`, which then runs it. */
async function moveRouterOnce (client: GdpNode, routerData: string, routerName: string, standbyData: string, processes: ChildProcess[]): Promise<RouterMoveRun> {
  // The standby: another process, on its own port, under its own key.
  const port = 4600 + Math.floor(Math.random() * 90)
  const standby = spawn(process.execPath, [...STANDBY_FLAGS, CLI, '--data', standbyData, '--json', 'node', 'start', '--standby', '--accept', routerName, '--listen', `/ip4/127.0.0.1/tcp/${port}`], { stdio: ['ignore', 'pipe', 'inherit'] })
  processes.push(standby)
  let out = ''
  standby.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  for (let waited = 0; !out.includes('\n'); waited += 20) { if (waited > 20_000) throw new Error('the standby did not start'); await sleep(20) }
  const address = (JSON.parse(out.split('\n')[0]!) as { addresses: string[] }).addresses[0]!
  await sleep(2000)
  const relinkedBefore = client.moves.relinked
  let clientRelinkedAt: number | undefined
  const watch = setInterval(() => { if (clientRelinkedAt === undefined && client.moves.relinked > relinkedBefore) clientRelinkedAt = performance.now() }, 1)
  const startedAt = performance.now()
  try {
    const summary = await controlRequest(routerData, { op: 'node.migrate', args: { to: address } }) as NodeMigrationSummary
    await sleep(2000)
    return { summary, startedAt, clientRelinkedAt }
  } finally {
    clearInterval(watch)
  }
}

/** Moves `router` to a standby process; the router then runs there (its data folder is `standbyData`) until `stop`. */
async function routerMove (state: TestnetState, client: GdpNode, router: TestnetNode, standbyData: string, processes: ChildProcess[]): Promise<MoveRow> {
  const server = state.nodes.find((n) => n.id === 'a-s2')!
  const name = await createOn(client.client, server)
  const load = new Load(client.client, name)
  await load.start()
  const { summary } = await moveRouterOnce(client, router.data, router.name, standbyData, processes)
  const result = await load.stop()
  return {
    move: `router a-router (${summary.routes} routes, ${summary.neighbours} neighbours) to a standby process`,
    load: result,
    switchMs: summary.exportMs + summary.shipMs + summary.drainMs,
    convergedMs: undefined,
    detail: `export ${Math.round(summary.exportMs)} ms, ship ${Math.round(summary.shipMs)} ms, neighbours relinked and left the old links in ${Math.round(summary.drainMs)} ms (${summary.linksLeft} left)`
  }
}

/** One row of the repeated router moves: the longest gap of each, placed on its timeline (ms after the migrate call). */
interface RouterMoveRow { longestGapMs: number, gapBeganMs: number, fromMigrateGapMs: number, shippedMs: number, clientRelinkedMs: number | undefined, drainMs: number }

/**
 * a-router moves `count` times under one append stream, each time to a new
 * standby process: the longest gap of each move, and where it fell against
 * the move's steps, to tell what a long gap waits on.
 */
async function repeatedRouterMoves (count: number): Promise<{ rows: RouterMoveRow[], load: Awaited<ReturnType<Load['stop']>> }> {
  const topology = loadTopology(join(import.meta.dirname, '../../testnet/topologies/graft.yaml'))
  const state = await up(topology, join(work, 'testnet'))
  const processes: ChildProcess[] = []
  let client: GdpNode | undefined
  try {
    const aRouter = state.nodes.find((n) => n.id === 'a-router')!
    client = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: aRouter.tcp, data: join(work, 'client') }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
    await client.start()
    await client.upstreamReady(30_000)
    const load = new Load(client.client, await createOn(client.client, state.nodes.find((n) => n.id === 'a-s2')!))
    await load.start()
    const rows: RouterMoveRow[] = []
    let routerData = aRouter.data
    for (let i = 0; i < count; i++) {
      log(`router move ${i + 1} of ${count}`)
      const mark = load.mark()
      const standbyData = join(work, `standby-${i}`)
      const run = await moveRouterOnce(client, routerData, aRouter.name, standbyData, processes)
      routerData = standbyData
      const gap = load.longestSince(mark)
      // From the migrate call on: the move itself. Before it, the standby process starts on the same two cores,
      // where an operator's standby runs on the machine the router moves to.
      const fromMigrate = load.longestSince(load.firstEndingAfter(mark, run.startedAt))
      if (process.env.GDP_BENCH_GAPS_DEBUG === '1') for (let g = mark; g < load.gaps.length; g++) if (load.gaps[g]! > 40) log(`gap ${load.gaps[g]!.toFixed(1)} ms began at ${(load.gapEnds[g]! - load.gaps[g]! - run.startedAt).toFixed(1)} (abs ${new Date(performance.timeOrigin + load.gapEnds[g]! - load.gaps[g]!).toISOString()})`)
      const { summary } = run
      rows.push({ longestGapMs: gap.ms, gapBeganMs: gap.startedAt - run.startedAt, fromMigrateGapMs: fromMigrate.ms, shippedMs: summary.exportMs + summary.shipMs, clientRelinkedMs: run.clientRelinkedAt === undefined ? undefined : run.clientRelinkedAt - run.startedAt, drainMs: summary.drainMs })
    }
    return { rows, load: await load.stop() }
  } finally {
    await client?.stop()
    for (const p of processes) { p.kill('SIGTERM'); if (p.exitCode === null) await new Promise((resolve) => p.once('exit', resolve)) }
    await down(state)
  }
}

/** The baseline: the same stream for as long as a move takes, with nothing moving. */
async function noMove (state: TestnetState, client: GdpNode): Promise<MoveRow> {
  const name = await createOn(client.client, state.nodes.find((n) => n.id === 'a-s2')!)
  const load = new Load(client.client, name)
  await load.start()
  await sleep(6000)
  return { move: 'nothing moves (baseline: the same stream, 6 s)', load: await load.stop(), switchMs: 0, convergedMs: undefined, detail: 'the stream\'s own longest gap on this machine' }
}

/** Grafts one neighbour of `router` to `to` (gdp node graft, through the router's control socket) under load on a capsule of `server`. */
async function graftMove (state: TestnetState, client: GdpNode, what: string, router: TestnetNode, neighbour: string, to: TestnetNode, server: TestnetNode): Promise<MoveRow> {
  const name = await createOn(client.client, server)
  const load = new Load(client.client, name)
  await load.start()
  await sleep(2000)
  const result = await controlRequest(router.data, { op: 'node.graft', args: { neighbour, to: to.tcp } }) as { ms: number }
  await sleep(2000)
  return { move: what, load: await load.stop(), switchMs: result.ms, convergedMs: undefined, detail: `the neighbour said it was across ${Math.round(result.ms)} ms after the router told it` }
}

interface DrainRow { capsules: number, moved: number, failed: number, ms: number, createMs: number, delegateMs: number, concurrency: number }

/**
 * An operator drains a server: 1,000 capsules of one owner on b-s1, whose
 * owner delegated their placement to the operator's key (`gdp capsule
 * delegate --all-from`), move to b-s2 on the operator's word (`gdp capsule
 * move --all-from --key <operator's>`), 16 at a time.
 */
async function drainServer (state: TestnetState, client: GdpNode, count: number): Promise<DrainRow> {
  const from = state.nodes.find((n) => n.id === 'b-s1')!
  const to = state.nodes.find((n) => n.id === 'b-s2')!
  const started = performance.now()
  const names: Uint8Array[] = []
  let next = 0
  const create = async (): Promise<void> => {
    while (next < count) {
      next++
      names.push(await createOn(client.client, from))
      client.client.forget(names.at(-1)!)
    }
  }
  await Promise.all(Array.from({ length: 16 }, create))
  const createMs = performance.now() - started
  const concurrency = 16
  // The servers take at most create_rate (600) creates a minute per owner, a set update included: what they refuse
  // waits as they say, then goes on.
  const delegateStarted = performance.now()
  const operator = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const deadline = Date.now() + 600_000
  const gate = new RateGate()
  let delegated = 0
  const delegate = async (): Promise<void> => {
    while (delegated < names.length) {
      const name = names[delegated++]!
      await retryingRateLimits(async () => await delegatePlacement(client.client, { name, owner, delegate: operator.publicKey, validMs: 86_400_000, clock: nowUs }), deadline, gate)
      client.client.forget(name)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, delegate))
  const delegateMs = performance.now() - delegateStarted
  const drainStarted = performance.now()
  const result = await moveAllCapsules(client.client, { signer: operator, to: [parseName(to.name)], from: parseName(from.name), clock: nowUs, concurrency, rateWaitMs: 600_000 })
  for (const f of result.failed.slice(0, 2)) log(`not moved: ${formatName(f.name)}: ${f.error}`)
  return { capsules: count, moved: result.moved.length, failed: result.failed.length, ms: performance.now() - drainStarted, createMs, delegateMs, concurrency }
}

async function testnetMoves (withDrain: boolean): Promise<{ rows: MoveRow[], drain: DrainRow | undefined }> {
  const topology = loadTopology(join(import.meta.dirname, '../../testnet/topologies/graft.yaml'))
  const state = await up(topology, join(work, 'testnet'))
  const clients: GdpNode[] = []
  const processes: ChildProcess[] = []
  try {
    const aRouter = state.nodes.find((n) => n.id === 'a-router')!
    const client = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: aRouter.tcp, data: join(work, 'client') }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
    clients.push(client)
    await client.start()
    await client.upstreamReady(30_000)
    log('the same stream with nothing moving (the baseline)')
    const rows = [await noMove(state, client)]
    log('capsule move under load')
    rows.push(await capsuleMove(state, client))
    log('router move under load')
    const movedRouter = { ...aRouter, data: join(work, 'standby') }
    rows.push(await routerMove(state, client, aRouter, movedRouter.data, processes))
    const byId = (id: string): TestnetNode => state.nodes.find((n) => n.id === id)!
    log('server graft under load')
    rows.push(await graftMove(state, client, 'server a-s3 grafted from a-router to a-router-2', movedRouter, byId('a-s3').name, byId('a-router-2'), byId('a-s3')))
    log('client graft under load')
    rows.push(await graftMove(state, client, 'the client grafted from a-router to a-router-2', movedRouter, formatName(client.name), byId('a-router-2'), byId('a-s1')))
    if (!withDrain) return { rows, drain: undefined }
    log('an operator drains 1,000 capsules off a server (their owner delegates them first)')
    return { rows, drain: await drainServer(state, client, 1000) }
  } finally {
    for (const c of clients) await c.stop()
    for (const p of processes) { p.kill('SIGTERM'); if (p.exitCode === null) await new Promise((resolve) => p.once('exit', resolve)) }
    await down(state)
  }
}

// ---------------------------------------------------------------- main

const f = (n: number): string => Math.round(n).toLocaleString('en-US')
try {
  if (ONLY === undefined || ONLY === 'state') {
    const rows: StateRow[] = []
    for (const routes of [20_000, 200_000]) {
      log(`moving a router with ${routes} routes`)
      rows.push(await moveState(routes))
    }
    const seed: Record<number, number> = { 20_000: 900, 200_000: 6900 }
    console.log('\nRouter state moved to another machine (in this process, loopback): export, migration, install and start')
    const checksPerSecond = 2 * DEFAULT_CONFIG.advertiseSnapshotRate
    console.log(`| routes | state bytes | export ms | migration ms | install + start ms | total ms | relearn from advertisements: CPU ms (same run) | relearn: the floor of a router's default ${f(checksPerSecond)} AdCert checks a second, ms | seed prototype ms | target |`)
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|')
    for (const r of rows) console.log(`| ${f(r.routes)} | ${f(r.bytes)} | ${f(r.exportMs)} | ${f(r.shipMs)} | ${f(r.installMs)} | **${f(r.totalMs)}** | ${f(r.baselineMs)} | ${f(1000 * (r.asked + Math.ceil(r.asked / 64)) / checksPerSecond)} | ${f(seed[r.asked] ?? 0)} | ${r.asked >= 200_000 ? '< 2,000' : ''} |`)
  }
  if (ONLY === 'router-moves') {
    const count = Number(process.env.GDP_BENCH_REPEAT ?? 5)
    const { rows, load } = await repeatedRouterMoves(count)
    console.log(`\nThe router a-router moved ${count} times under one append stream (20-node process testnet), each time to a new standby process started 2 s before (on the same 2 cores); times in ms after the migrate call`)
    console.log('| move | longest gap ms, from the standby\'s start | the gap began at | longest gap ms, from the migrate call | state at the standby | the client relinked at | neighbours left the old links after |')
    console.log('|---:|---:|---:|---:|---:|---:|---:|')
    rows.forEach((r, i) => { console.log(`| ${i + 1} | ${f(r.longestGapMs)} | ${f(r.gapBeganMs)} | **${f(r.fromMigrateGapMs)}** | ${f(r.shippedMs)} | ${r.clientRelinkedMs === undefined ? '—' : f(r.clientRelinkedMs)} | +${f(r.drainMs)} |`) })
    console.log(`- the stream: ${f(load.acked)} appends acknowledged, median gap ${load.medianGapMs.toFixed(1)} ms; failed ${load.failed}, refused and recovered ${load.recoveries}, lost ${load.lost}, seen twice ${load.duplicated}, missing from a read ${load.missingFromRead}`)
  }
  const moves = ONLY === undefined || ONLY === 'testnet' || ONLY === 'moves' ? await testnetMoves(ONLY !== 'moves') : undefined
  if (moves !== undefined) {
    const { rows } = moves
    console.log('\nMoves under a steady append stream (20-node process testnet, one acknowledged append at a time, a subscriber on the same capsule)')
    console.log('| move | appends acked | failed | refused and recovered | longest gap ms | median gap ms (baseline) | lost | seen twice | missing from a read | switch ms | every router routes to the new place, ms after the switch |')
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for (const r of rows) console.log(`| ${r.move} | ${f(r.load.acked)} | ${r.load.failed} | ${r.load.recoveries} | **${f(r.load.longestGapMs)}** | ${r.load.medianGapMs.toFixed(1)} | ${r.load.lost} | ${r.load.duplicated} | ${r.load.missingFromRead} | ${f(r.switchMs)} | ${r.convergedMs === undefined ? '—' : f(r.convergedMs)} |`)
    for (const r of rows) console.log(`- ${r.move}: ${r.detail}`)
  }
  const drain = moves?.drain
  if (drain !== undefined) {
    console.log('\nAn operator drains a server: every capsule on b-s1 whose owner delegated its placement to the operator\'s key, moved to b-s2 (gdp capsule move --all-from --key <operator\'s>), idle capsules; servers at their default create_rate (600 a minute per owner)')
    console.log('| capsules | moved | not moved | at once | drain time | per capsule | (the owner delegating them first) | (creating them, for scale) |')
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|')
    console.log(`| ${f(drain.capsules)} | ${f(drain.moved)} | ${drain.failed} | ${drain.concurrency} | **${(drain.ms / 1000).toFixed(1)} s** | ${(drain.ms / Math.max(1, drain.capsules)).toFixed(0)} ms | ${(drain.delegateMs / 1000).toFixed(1)} s | ${(drain.createMs / 1000).toFixed(1)} s |`)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
}
if (existsSync(work)) process.exitCode = 1

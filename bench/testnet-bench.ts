/**
 * A 30-node testnet (testnet/topologies/thirty-nodes.yaml: 10 routers, 20
 * servers, node processes on loopback) on this machine: memory per node once
 * settled, and how long from starting the processes until every router holds
 * every route it is meant to hold, one capsule per server, read from each
 * router's admin API (/v1/routes). The baseline, measured in the same run, is
 * the memory of an idle node process.
 *
 * Routes go one level up (docs/routing.md section 5): a router holds the
 * routes of the servers attached to it and, if it trusts their domain, of the
 * servers of the routers below it; the root holds them all, and every other
 * router sends a name it does not hold up its default route. So a capsule is
 * routable from a router once that router or one above it holds its route.
 *
 *   npm run bench:testnet
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { spawn, type ChildProcess } from 'node:child_process'
import os from 'node:os'
import { join } from 'node:path'
import '../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import { parseName } from '../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { InvalidArgumentError, RequestRefusedError, RequestTimeoutError } from '../src/errors.js'
import { DEFAULT_CONFIG } from '../src/node/config.js'
import { GdpNode } from '../src/node/node.js'
import { signAdCert } from '../src/routing/certificates.js'
import { down, loadTopology, nodeStatus, readState, up, type Topology, type TestnetNode, type TestnetState } from '../testnet/testnet.js'

const TOPOLOGY = 'thirty-nodes.yaml'
/** The whole run, start to teardown: past it the bench stops its nodes and fails. */
const RUN_TIMEOUT_MS = 5 * 60_000
/** How long the nodes run after the routes converged before their memory is read. */
const SETTLE_MS = 10_000
const POLL_MS = 250
/** The capsule whose reach is timed on its own, and the router a client asks for it from (another domain). */
const FIRST_SERVER = 'a-s1'
const PROBE_ROUTER = 'c-router-3'

const log = (msg: string): void => { process.stderr.write(`[testnet] ${msg}\n`) }
const sleep = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }
const nowUs = (): number => Date.now() * 1000
const deadline = Date.now() + RUN_TIMEOUT_MS
const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)

function checkDeadline (what: string): void {
  if (Date.now() > deadline) throw new RequestTimeoutError(`${what}: the bench did not finish within ${RUN_TIMEOUT_MS / 1000} s`)
}

/** Resident and proportional set size of a process, in MiB (PSS shares the pages several processes map among them). */
function memoryMiB (pid: number): { rss: number, pss: number } {
  const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024
  const pss = Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))![1]) / 1024
  return { rss, pss }
}

/**
 * The servers each router should hold routes for: those attached to it, and
 * those of the routers below it whose domain it trusts (they relay their own
 * servers' updates up, and only those).
 */
function expectedServers (topology: Topology): Map<string, string[]> {
  const attachedTo = (router: string): string[] => Object.entries(topology.nodes).filter(([, n]) => n.role === 'server' && n.upstream === router).map(([id]) => id)
  const expected = new Map<string, string[]>()
  for (const [id, spec] of Object.entries(topology.nodes)) {
    if (spec.role !== 'router') continue
    const relayed = Object.entries(topology.nodes)
      .filter(([, n]) => n.role === 'router' && n.upstream === id && n.domain !== undefined && (spec.trusts ?? []).includes(n.domain))
      .flatMap(([child]) => attachedTo(child))
    expected.set(id, [...attachedTo(id), ...relayed])
  }
  return expected
}

interface AdminApi { router: TestnetNode, url: string, token: string }

function adminApi (router: TestnetNode): AdminApi {
  const url = nodeStatus(router)?.admin
  if (typeof url !== 'string') throw new InvalidArgumentError(`router ${router.id} has no admin API in its status.json (the testnet's 'admin: true' turns it on)`)
  return { router, url, token: readFileSync(join(router.data, 'admin.token'), 'utf8').trim() }
}

/** Capsules routed per server name at one router (its /v1/routes sets), or undefined when the router did not answer. */
async function routedCapsules (api: AdminApi): Promise<Map<string, number> | undefined> {
  try {
    const response = await fetch(`${api.url}/v1/routes`, { headers: { authorization: `Bearer ${api.token}` }, signal: AbortSignal.timeout(5000) })
    if (!response.ok) return undefined
    const view = await response.json() as { sets: Array<{ server: string, capsules: number, live: boolean }> }
    const counts = new Map<string, number>()
    for (const set of view.sets) if (set.live) counts.set(set.server, Math.max(counts.get(set.server) ?? 0, set.capsules))
    return counts
  } catch {
    // Busy or between restarts: this poll counts it as not there yet.
    return undefined
  }
}

async function client (node: TestnetNode): Promise<GdpNode> {
  const c = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: node.tcp }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
  await c.start()
  await c.upstreamReady(30_000)
  return c
}

/** Creates one capsule on `server` (delegated to it, so it advertises it); retries while the server's own route is still on its way. */
async function createOn (via: GdpNode, server: TestnetNode): Promise<Uint8Array> {
  const serverName = parseName(server.name)
  const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs(), nonce: crypto.getRandomValues(new Uint8Array(8)) })
  const name = capsuleName(metadata)
  const adCert = signAdCert({ capsule: name, server: serverName, notBeforeUs: nowUs() - 1e6, notAfterUs: nowUs() + 3600e6 }, owner)
  for (;;) {
    checkDeadline(`create on ${server.id}`)
    try {
      await via.client.create(signMetadata(metadata, owner), serverName, adCert)
      return name
    } catch (err) {
      if (!(err instanceof RequestRefusedError && err.reason === 'NO_ROUTE')) throw err
      await sleep(50)
    }
  }
}

/** Milliseconds from `since` until a client at the probe router has an answer about `name`. */
async function answeredAfter (via: GdpNode, name: Uint8Array, since: number): Promise<number> {
  for (;;) {
    checkDeadline('info from the probe router')
    try {
      await via.client.info(name)
      return performance.now() - since
    } catch (err) {
      if (!(err instanceof RequestRefusedError && err.reason === 'NO_ROUTE')) throw err
    }
  }
}

/** Per router: capsules routed per server name (its /v1/routes sets), or undefined when it did not answer. */
type HeldRoutes = Map<string, Map<string, number> | undefined>

/** Polls every router's routes until `done` holds; resolves with when it was seen (performance.now()) and what was held. */
async function pollRoutes (apis: AdminApi[], what: string, done: (held: HeldRoutes) => boolean): Promise<{ at: number, held: HeldRoutes }> {
  for (;;) {
    checkDeadline(what)
    const held: HeldRoutes = new Map(await Promise.all(apis.map(async (api) => [api.router.id, await routedCapsules(api)] as const)))
    if (done(held)) return { at: performance.now(), held }
    await sleep(POLL_MS)
  }
}

/** A capsule of `server` is routable from a router once that router or one above it (its default route) holds its route. */
function routableFromEvery (topology: Topology, apis: AdminApi[], server: TestnetNode): (held: HeldRoutes) => boolean {
  const holds = (held: HeldRoutes, router: string): boolean => (held.get(router)?.get(server.name) ?? 0) >= 1
  return (held) => apis.every((api) => {
    for (let r: string | undefined = api.router.id; r !== undefined; r = topology.nodes[r]?.upstream) if (holds(held, r)) return true
    return false
  })
}

/** Every router holds a route to the capsule of every server it should (one capsule per server). */
function everyRouteHeld (topology: Topology, state: TestnetState, apis: AdminApi[]): (held: HeldRoutes) => boolean {
  const expected = expectedServers(topology)
  const nameOf = new Map(state.nodes.map((n) => [n.id, n.name]))
  return (held) => apis.every((api) => {
    const counts = held.get(api.router.id)
    return counts !== undefined && expected.get(api.router.id)!.every((server) => (counts.get(nameOf.get(server)!) ?? 0) >= 1)
  })
}

/** CPU seconds a process has used, user and system (/proc/<pid>/stat, in USER_HZ ticks: 100 a second on Linux). */
function cpuSeconds (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** The node processes this bench started under `runDir`, even when `up` failed before writing the testnet's state. */
function startedNodes (runDir: string): TestnetState {
  if (existsSync(join(runDir, 'state.json'))) return readState(runDir)
  const nodes: TestnetNode[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1])
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8')
      // Only this process's own children, started with a config of this run.
      if (parent === process.pid && command.includes(`${runDir}/`)) nodes.push({ id: `pid ${entry}`, role: 'server', name: '', peerId: '', data: '', tcp: '', ws: '', pid: Number(entry) })
    } catch {
      // The process ended while being read.
    }
  }
  return { dir: runDir, domains: {}, nodes }
}

/** An idle node process, the floor under every node's memory. */
function startBaseline (): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' })
}

interface Figures {
  routers: number
  servers: number
  linkedAfter: number
  firstAckAfter: number
  firstRoutableAfterAck: number
  firstAnsweredAfterAck: number
  lastAckAfter: number
  convergedAfter: number
  rootCapsuleRoutes: number
  /** CPU seconds each node used from its start until every route was held, sorted. */
  cpuToConverge: number[]
  rss: { all: number[], routers: number[], servers: number[] }
  pssTotal: number
  baseline: { rss: number, pss: number }
}

async function run (runDir: string, clients: GdpNode[], baselines: ChildProcess[]): Promise<Figures> {
  const topology = loadTopology(join(import.meta.dirname, '../../testnet/topologies', TOPOLOGY))
  // The admin API on the routers only: its routes view is what is timed; servers keep their plain configuration.
  for (const spec of Object.values(topology.nodes)) if (spec.role === 'router') spec.admin = true
  log(`${TOPOLOGY}: starting ${Object.keys(topology.nodes).length} node processes`)
  const started = performance.now()
  const state = await up(topology, runDir)
  const linked = performance.now()
  log(`all linked after ${((linked - started) / 1000).toFixed(1)} s`)
  const byId = new Map(state.nodes.map((n) => [n.id, n]))
  const routers = state.nodes.filter((n) => n.role === 'router')
  const servers = state.nodes.filter((n) => n.role === 'server')
  const apis = routers.map(adminApi)

  const creator = await client(byId.get('root-router')!)
  clients.push(creator)
  const probe = await client(byId.get(PROBE_ROUTER)!)
  clients.push(probe)
  // The first capsule alone, so its reach is not slowed by the other creates.
  const firstServer = byId.get(FIRST_SERVER)!
  const first = await createOn(creator, firstServer)
  const firstAck = performance.now()
  const [routable, firstAnsweredAfterAck] = await Promise.all([
    pollRoutes(apis, 'waiting for the first capsule to be routable from every router', routableFromEvery(topology, apis, firstServer)),
    answeredAfter(probe, first, firstAck)
  ])
  log(`first capsule (on ${FIRST_SERVER}) routable from every router; creating one on each of the other ${servers.length - 1} servers`)
  await Promise.all(servers.filter((s) => s !== firstServer).map(async (s) => await createOn(creator, s)))
  const lastAck = performance.now()
  const converged = await pollRoutes(apis, 'waiting for every router to hold every route', everyRouteHeld(topology, state, apis))
  const cpuToConverge = state.nodes.map((n) => cpuSeconds(n.pid)).sort((a, b) => a - b)
  log(`every router holds every route after ${((converged.at - started) / 1000).toFixed(1)} s; settling ${SETTLE_MS / 1000} s before reading memory`)

  const baseline = startBaseline()
  baselines.push(baseline)
  await sleep(SETTLE_MS)
  checkDeadline('settling')
  const memory = new Map(state.nodes.map((n) => [n.id, memoryMiB(n.pid)]))
  const sorted = (nodes: TestnetNode[]): number[] => nodes.map((n) => memory.get(n.id)!.rss).sort((a, b) => a - b)
  return {
    routers: routers.length,
    servers: servers.length,
    linkedAfter: linked - started,
    firstAckAfter: firstAck - started,
    firstRoutableAfterAck: routable.at - firstAck,
    firstAnsweredAfterAck,
    lastAckAfter: lastAck - started,
    convergedAfter: converged.at - started,
    rootCapsuleRoutes: [...converged.held.get('root-router')?.values() ?? []].reduce((a, b) => a + b, 0),
    cpuToConverge,
    rss: { all: sorted(state.nodes), routers: sorted(routers), servers: sorted(servers) },
    pssTotal: [...memory.values()].reduce((sum, m) => sum + m.pss, 0),
    baseline: memoryMiB(baseline.pid!)
  }
}

const median = (sorted: number[]): number => sorted.length % 2 === 1 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2

function report (f: Figures, loadBefore: number[]): void {
  const mib = (x: number): string => x.toFixed(1)
  const s = (ms: number): string => (ms / 1000).toFixed(1)
  const ms = (x: number): string => Math.round(x).toString()
  const spread = (xs: number[]): string => `${mib(xs[0]!)} / ${mib(median(xs))} / ${mib(xs.at(-1)!)}`
  const rows: Array<[string, string]> = [
    [`RSS per node, MiB, min / median / max (all ${f.routers + f.servers})`, spread(f.rss.all)],
    [`RSS per router, MiB, min / median / max (${f.routers}, admin API on)`, spread(f.rss.routers)],
    [`RSS per server, MiB, min / median / max (${f.servers})`, spread(f.rss.servers)],
    [`PSS of all ${f.routers + f.servers} nodes together, MiB (shared pages counted once)`, mib(f.pssTotal)],
    ['baseline: RSS / PSS of an idle `node -e "setInterval(()=>{},1000)"`, MiB', `${mib(f.baseline.rss)} / ${mib(f.baseline.pss)}`],
    ['start of processes -> every node linked to its upstream (testnet up), s', s(f.linkedAfter)],
    ['start -> first capsule created (client at root-router), s', s(f.firstAckAfter)],
    ['first capsule, created alone: create ack -> routable from every router (held there or above, admin view), ms', ms(f.firstRoutableAfterAck)],
    [`first capsule: create ack -> info answered via ${PROBE_ROUTER} (another domain, end to end), ms`, ms(f.firstAnsweredAfterAck)],
    [`start -> the other ${f.servers - 1} capsules created (one per server, in parallel), s`, s(f.lastAckAfter)],
    ['**start -> every router holds every route, s**', `**${s(f.convergedAfter)}**`],
    ['last create acknowledged -> every router holds every route, ms', ms(f.convergedAfter - f.lastAckAfter)],
    [`capsule routes held by root-router then (expected ${f.servers})`, String(f.rootCapsuleRoutes)],
    ['CPU used per node from its start until every route was held, s, min / median / max', `${f.cpuToConverge[0]!.toFixed(2)} / ${median(f.cpuToConverge).toFixed(2)} / ${f.cpuToConverge.at(-1)!.toFixed(2)}`],
    [`CPU used by all ${f.routers + f.servers} nodes until then, s (this machine has ${os.cpus().length} cores)`, f.cpuToConverge.reduce((a, b) => a + b, 0).toFixed(1)]
  ]
  process.stdout.write(`\n## ${f.routers + f.servers}-node process testnet on loopback (${TOPOLOGY})\n\n| measure | value |\n|---|---:|\n`)
  for (const [measure, value] of rows) process.stdout.write(`| ${measure} | ${value} |\n`)
  const cpus = os.cpus()
  process.stdout.write(`\n${cpus.length} cores (${cpus[0]?.model ?? 'unknown'}), node ${process.version}, ${new Date().toISOString()}; load average before the run ${loadBefore.map((l) => l.toFixed(2)).join(', ')}. ` +
    `Memory read ${SETTLE_MS / 1000} s after the routes converged (VmRSS from /proc/<pid>/status, Pss from smaps_rollup). Route times polled every ${POLL_MS} ms from each router's /v1/routes (so up to that much late); advertise_interval 1 s, as the testnet sets it.\n`)
}

async function main (): Promise<void> {
  const loadBefore = os.loadavg()
  const dir = mkdtempSync(join(os.tmpdir(), 'gdp-testnet-bench-'))
  const runDir = join(dir, 'run')
  const clients: GdpNode[] = []
  const baselines: ChildProcess[] = []
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new RequestTimeoutError(`the bench did not finish within ${RUN_TIMEOUT_MS / 1000} s`)) }, RUN_TIMEOUT_MS)
  })
  let succeeded = false
  let stopping: Promise<void> | undefined
  // One teardown, whoever asks first (the run ending, or a signal): both wait for it.
  const teardown = async (): Promise<void> => await (stopping ??= (async () => {
    for (const b of baselines) b.kill('SIGKILL')
    await Promise.allSettled(clients.map(async (c) => await c.stop()))
    await down(startedNodes(runDir))
    // Twice: `up` may have started its next level of nodes while the first pass looked.
    await down(startedNodes(runDir))
    // The nodes' logs tell why a run failed: kept then.
    if (succeeded) rmSync(dir, { recursive: true, force: true })
    else log(`the nodes are down; their data and logs are in ${runDir}`)
  })())
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the testnet`)
      void teardown().finally(() => process.exit(code))
    })
  }
  try {
    const figures = await Promise.race([run(runDir, clients, baselines), timedOut])
    report(figures, loadBefore)
    succeeded = true
  } finally {
    clearTimeout(timer)
    await teardown()
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.stack ?? err.message}\n`)
  // The run may still have waits pending (a start-up timeout inside `up`); the nodes are down, so leave now.
  process.exit(1)
})

/**
 * A testnet of gdp nodes as local processes on loopback, from a topology
 * file: domains (each with its own key), routers admitted into them, servers
 * and their routers. `up` writes every node's key, config and domain
 * membership under the run folder and starts the processes; `status` reads
 * their status files; `down` stops them.
 *
 * Its command line is testnet/main.ts (`npm run testnet`).
 *
 * GDP_TESTNET_NODE_FLAGS: flags for each node's node process, space-separated;
 * `--cpu-prof --cpu-prof-dir=<dir>` profiles every node (written as it stops).
 */
import '../src/node/polyfill.js'
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { libp2pIdentity } from '../src/node/libp2p-identity.js'
import { parse, stringify } from 'yaml'
import { formatName } from '../src/capsule/name.js'
import { Ed25519Signer } from '../src/crypto/ed25519.js'
import { writeKeyFile } from '../src/node/keyfile.js'
import { encodeSignedDomainMembership, signDomainMembership } from '../src/routing/certificates.js'
import { nodeName } from '../src/routing/signing.js'

const NODE_FLAGS = (process.env.GDP_TESTNET_NODE_FLAGS ?? '').split(' ').filter((f) => f !== '')

/** The compiled CLI, whether this module runs compiled (dist/testnet) or from source (testnet/). */
function cliPath (): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir)
  return join(dir, 'dist/gdp/main.js')
}
const CLI = cliPath()

export interface Topology {
  domains: Record<string, { parent?: string }>
  /**
   * `admin: true` turns the node's admin API and dashboard on, on a free
   * loopback port (the URL is in its status.json, the token in
   * <data>/admin.token); `settings` are more node.yaml settings (the node
   * checks them when it starts).
   */
  nodes: Record<string, { role: 'router' | 'server', domain?: string, upstream?: string, trusts?: string[], lookup?: boolean, admin?: boolean, settings?: Record<string, unknown> }>
}

export interface TestnetNode {
  id: string
  role: 'router' | 'server'
  name: string
  peerId: string
  data: string
  tcp: string
  ws: string
  pid: number
}

export interface TestnetState {
  dir: string
  domains: Record<string, string>
  nodes: TestnetNode[]
}

export function loadTopology (file: string): Topology {
  const t = parse(readFileSync(file, 'utf8')) as Topology
  if (t?.nodes === undefined || typeof t.nodes !== 'object') throw new Error(`${file}: a topology needs 'nodes'`)
  t.domains ??= {}
  for (const [id, n] of Object.entries(t.nodes)) {
    if (n.role !== 'router' && n.role !== 'server') throw new Error(`${file}: node ${id}: role must be router or server`)
    if (n.upstream !== undefined && t.nodes[n.upstream] === undefined) throw new Error(`${file}: node ${id}: upstream ${n.upstream} is not a node`)
    if (n.domain !== undefined && t.domains[n.domain] === undefined) throw new Error(`${file}: node ${id}: domain ${n.domain} is not declared`)
    for (const d of n.trusts ?? []) if (t.domains[d] === undefined) throw new Error(`${file}: node ${id}: trusted domain ${d} is not declared`)
  }
  return t
}

/** Starts the topology's nodes; resolves once every node is linked to its upstream. */
export interface UpOptions {
  /** The first of the ports the nodes listen on. @default a random one from 4700 */
  basePort?: number
  /** Node.js flags for each node process (the bench's socket trace, profiling). @default GDP_TESTNET_NODE_FLAGS */
  nodeFlags?: string[]
}

export async function up (topology: Topology, dir: string, options: UpOptions = {}): Promise<TestnetState> {
  const basePort = options.basePort ?? 4700 + Math.floor(Math.random() * 2000)
  const nodeFlags = options.nodeFlags ?? NODE_FLAGS
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const domainKeys: Record<string, Ed25519Signer> = {}
  const domains: Record<string, string> = {}
  for (const id of Object.keys(topology.domains)) {
    domainKeys[id] = new Ed25519Signer(writeKeyFile(join(dir, 'domains', `${id}.key`), true).secretKey)
    domains[id] = formatName(nodeName(domainKeys[id].publicKey))
  }
  const ids = Object.keys(topology.nodes)
  const nodes: TestnetNode[] = []
  for (const [i, id] of ids.entries()) {
    const data = join(dir, id)
    const key = writeKeyFile(join(data, 'node.key'), true)
    const peerId = peerIdFromPrivateKey(libp2pIdentity(new Ed25519Signer(key.secretKey))).toString()
    const port = basePort + 2 * i
    nodes.push({ id, role: topology.nodes[id]!.role, name: formatName(nodeName(key.publicKey)), peerId, data, tcp: `/ip4/127.0.0.1/tcp/${port}/p2p/${peerId}`, ws: `/ip4/127.0.0.1/tcp/${port + 1}/ws/p2p/${peerId}`, pid: 0 })
  }
  const byId = new Map(nodes.map((n) => [n.id, n]))
  for (const n of nodes) {
    const spec = topology.nodes[n.id]!
    const port = basePort + 2 * ids.indexOf(n.id)
    const config: Record<string, unknown> = {
      data: n.data,
      role: n.role,
      listen: [`/ip4/127.0.0.1/tcp/${port}`, `/ip4/127.0.0.1/tcp/${port + 1}/ws`],
      advertise_interval: '1s',
      advertise_lifetime: '10s',
      ...spec.settings
    }
    if (spec.upstream !== undefined) config.upstream = byId.get(spec.upstream)!.tcp
    if (spec.trusts !== undefined) config.trusted_domains = spec.trusts.map((d) => domains[d])
    if (spec.lookup === true) { config.lookup = true; config.lookup_private_addresses = true }
    if (spec.admin === true) config.admin = { enabled: true, port: 0, dashboard: true }
    // A domain's top router too (its parent none): without one it knew no domain of its own, and a create there
    // with --spread domains found none to spread over (deploy/compose-init.sh writes one for it too).
    if (spec.domain !== undefined) {
      const now = Date.now() * 1000
      const parent = topology.domains[spec.domain]!.parent
      const membership = signDomainMembership({ router: nodeName(readRaw(n)), parent: parent === undefined ? new Uint8Array(0) : nodeName(domainKeys[parent]!.publicKey), notBeforeUs: now - 60_000_000, notAfterUs: now + 86_400_000_000 }, domainKeys[spec.domain]!)
      writeFileSync(join(n.data, 'membership.bin'), encodeSignedDomainMembership(membership))
      config.membership = join(n.data, 'membership.bin')
    }
    writeFileSync(join(n.data, 'node.yaml'), stringify(config))
  }
  // Level by level, each waiting for the one above to be up, so first dials find their upstream.
  const levels = new Map<number, TestnetNode[]>()
  for (const n of nodes) levels.set(depth(topology, n.id), [...(levels.get(depth(topology, n.id)) ?? []), n])
  for (const level of [...levels.keys()].sort((a, b) => a - b)) {
    for (const n of levels.get(level)!) {
      const log = openSync(join(n.data, 'node.log'), 'w')
      const child = spawn(process.execPath, [...nodeFlags, CLI, 'node', 'start', '--config', join(n.data, 'node.yaml')], { detached: true, stdio: ['ignore', log, log] })
      child.unref()
      n.pid = child.pid!
    }
    await waitListening(levels.get(level)!, 30_000)
  }
  const state: TestnetState = { dir: resolve(dir), domains, nodes }
  writeFileSync(join(dir, 'state.json'), JSON.stringify(state, null, 2))
  await waitLinked(topology, state, 30_000)
  return state
}

function readRaw (n: TestnetNode): Uint8Array {
  const json = JSON.parse(readFileSync(join(n.data, 'node.key'), 'utf8')) as { publicKey: string }
  return new Uint8Array(Buffer.from(json.publicKey, 'base64url'))
}

function depth (t: Topology, id: string): number {
  let d = 0
  for (let up = t.nodes[id]?.upstream; up !== undefined; up = t.nodes[up]?.upstream) d++
  return d
}

export function nodeStatus (n: TestnetNode): Record<string, unknown> | undefined {
  const file = join(n.data, 'status.json')
  if (!existsSync(file)) return undefined
  try { return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> } catch { return undefined }
}

function alive (pid: number): boolean {
  try { process.kill(pid, 0); return true } catch { return false }
}

async function waitLinked (topology: Topology, state: TestnetState, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  const byId = new Map(state.nodes.map((n) => [n.id, n]))
  for (;;) {
    const waiting = state.nodes.filter((n) => {
      const up = topology.nodes[n.id]!.upstream
      const s = nodeStatus(n)
      return s === undefined || (up !== undefined && !(s.neighbours as string[]).includes(byId.get(up)!.name))
    })
    if (waiting.length === 0) return
    const dead = state.nodes.filter((n) => !alive(n.pid))
    if (dead.length > 0) throw new Error(`testnet node ${dead[0]!.id} exited; see ${join(dead[0]!.data, 'node.log')}`)
    if (Date.now() > deadline) throw new Error(`testnet nodes not linked after ${timeoutMs} ms: ${waiting.map((n) => n.id).join(', ')}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

async function waitListening (nodes: TestnetNode[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (nodes.some((n) => nodeStatus(n) === undefined)) {
    const dead = nodes.find((n) => !alive(n.pid))
    if (dead !== undefined) throw new Error(`testnet node ${dead.id} exited; see ${join(dead.data, 'node.log')}`)
    if (Date.now() > deadline) throw new Error(`testnet nodes did not start within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

export function readState (dir: string): TestnetState {
  const file = join(dir, 'state.json')
  if (!existsSync(file)) throw new Error(`no testnet in ${dir} (run 'up' first)`)
  return JSON.parse(readFileSync(file, 'utf8')) as TestnetState
}

/** Stops every node: SIGTERM, then SIGKILL for any still running after 5 s. */
export async function down (state: TestnetState): Promise<void> {
  for (const n of state.nodes) if (alive(n.pid)) process.kill(n.pid, 'SIGTERM')
  const deadline = Date.now() + 5000
  while (state.nodes.some((n) => alive(n.pid)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  for (const n of state.nodes) if (alive(n.pid)) process.kill(n.pid, 'SIGKILL')
}

export function status (state: TestnetState): Array<Record<string, unknown>> {
  return state.nodes.map((n) => {
    const s = nodeStatus(n)
    return { node: n.id, role: n.role, name: n.name, running: alive(n.pid), neighbours: (s?.neighbours as unknown[] | undefined)?.length ?? 0, routes: s?.routes ?? 0, forwarded: (s?.forwarder as { forwarded?: number } | undefined)?.forwarded ?? 0, address: n.tcp }
  })
}

/**
 * The overlay on a real local testnet (node processes on loopback):
 * append and read latency through 0, 1 and 3 router hops, pipelined appends
 * through 3 hops, how soon a new capsule is reachable from another domain,
 * and memory per node. The baseline, measured in the same run, is the same
 * request sent straight to the storage server (0 router hops).
 *
 *   npm run bench:overlay                    (GDP_BENCH_QUICK=1 for a short run)
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import '../src/node/polyfill.js'
import { parseName } from '../src/capsule/name.js'
import { newMetadata, signMetadata, capsuleName } from '../src/capsule/metadata.js'
import type { CapsuleWriter } from '../src/capsule/writer.js'
import { Appender, RequestRefusedError } from '../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../src/node/config.js'
import { GdpNode } from '../src/node/node.js'
import { signAdCert } from '../src/routing/certificates.js'
import { down, loadTopology, up, type TestnetState } from '../testnet/testnet.js'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'

const QUICK = process.env.GDP_BENCH_QUICK === '1'
const SAMPLES = QUICK ? 200 : 2000
const PIPELINED = QUICK ? 2000 : 20_000
const WINDOW = 64
const log = (msg: string): void => { process.stderr.write(`[overlay] ${msg}\n`) }
const nowUs = (): number => Date.now() * 1000

const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)

function percentile (sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

async function client (state: TestnetState, nodeId: string): Promise<GdpNode> {
  const n = state.nodes.find((x) => x.id === nodeId)!
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: n.tcp }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
  await node.start()
  await node.upstreamReady(10_000)
  return node
}

/** Creates a capsule on `serverId` through `via`; resolves once `via` can reach it. */
async function capsuleOn (state: TestnetState, via: GdpNode, serverId: string): Promise<{ name: Uint8Array, createdAt: number, reachableAt: number }> {
  const server = parseName(state.nodes.find((n) => n.id === serverId)!.name)
  const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs(), nonce: crypto.getRandomValues(new Uint8Array(8)) })
  const name = capsuleName(metadata)
  const adCert = signAdCert({ capsule: name, server, notBeforeUs: nowUs() - 1e6, notAfterUs: nowUs() + 3600e6 }, owner)
  for (;;) {
    try { await via.client.create(signMetadata(metadata, owner), server, adCert); break } catch (err) {
      if (!(err instanceof RequestRefusedError && err.reason === 'NO_ROUTE')) throw err
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  const createdAt = performance.now()
  for (;;) {
    try { await via.client.info(name); break } catch (err) {
      if (!(err instanceof RequestRefusedError && err.reason === 'NO_ROUTE')) throw err
    }
  }
  return { name, createdAt, reachableAt: performance.now() }
}

interface Latency { p50: number, p99: number }

async function latencies (via: GdpNode, name: Uint8Array): Promise<{ append: Latency, read: Latency }> {
  const writer = await via.client.writer(name, owner)
  const payload = Buffer.alloc(100, 7)
  const append: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now()
    await via.client.append(writer, [payload], nowUs())
    append.push(performance.now() - t)
  }
  const read: number[] = []
  for (let i = 0; i < SAMPLES; i++) {
    const t = performance.now()
    await via.client.read(name, { seqno: i % SAMPLES })
    read.push(performance.now() - t)
  }
  const stats = (xs: number[]): Latency => { const s = xs.slice(Math.floor(xs.length / 10)).sort((a, b) => a - b); return { p50: percentile(s, 0.5), p99: percentile(s, 0.99) } }
  return { append: stats(append), read: stats(read) }
}

/**
 * WINDOW appenders, each awaiting its own one-record appends: one batch and
 * signature per append (`coalesce` false), or through an Appender that
 * sends what waits as one batch (`coalesce` true).
 */
async function pipelined (via: GdpNode, name: Uint8Array, coalesce: boolean): Promise<number> {
  const writer: CapsuleWriter = await via.client.writer(name, owner)
  const appender = new Appender(via.client, writer)
  const payload = Buffer.alloc(100, 9)
  const total = coalesce ? PIPELINED : PIPELINED / 4
  let sent = 0
  const t = performance.now()
  const lane = async (): Promise<void> => {
    while (sent < total) {
      sent++
      if (coalesce) await appender.append([payload])
      else await via.client.append(writer, [payload], nowUs())
    }
  }
  await Promise.all(Array.from({ length: WINDOW }, lane))
  return total / ((performance.now() - t) / 1000)
}

function rssMb (pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024
}

async function main (): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'gdp-overlay-bench-'))
  const topology = loadTopology(join(import.meta.dirname, '../../testnet/topologies/twenty-nodes.yaml'))
  log(`starting ${Object.keys(topology.nodes).length} node processes`)
  const state = await up(topology, join(dir, 'run'))
  const clients: GdpNode[] = []
  try {
    const inA = await client(state, 'a-router')
    const direct = await client(state, 'a-s1')
    clients.push(inA, direct)
    log('capsules: one on a-s1 (1 router hop from a-router), one on b-s1 (3 router hops)')
    const near = await capsuleOn(state, inA, 'a-s1')
    const far = await capsuleOn(state, inA, 'b-s1')
    const reach: number[] = []
    for (const serverId of ['c-s1', 'c-s2', 'd-s1', 'd-s2', 'b-s2']) {
      const c = await capsuleOn(state, inA, serverId)
      reach.push(c.reachableAt - c.createdAt)
    }
    reach.sort((a, b) => a - b)
    log(`latency: ${SAMPLES} appends and reads each path`)
    const zero = await latencies(direct, near.name)
    const one = await latencies(inA, near.name)
    const three = await latencies(inA, far.name)
    log(`pipelined: ${PIPELINED} appends, ${WINDOW} in flight`)
    const pipeZero = await pipelined(direct, near.name, false)
    const pipeThree = await pipelined(inA, far.name, false)
    const coalescedZero = await pipelined(direct, near.name, true)
    const coalescedThree = await pipelined(inA, far.name, true)
    const rss = state.nodes.map((n) => rssMb(n.pid))
    const f = (x: number): string => x.toFixed(2)
    const rows: string[][] = [
      ['append latency p50 / p99, ms', `${f(zero.append.p50)} / ${f(zero.append.p99)}`, `${f(one.append.p50)} / ${f(one.append.p99)}`, `${f(three.append.p50)} / ${f(three.append.p99)}`, '3-hop p50 < 3 ms', three.append.p50 < 3 ? 'yes' : '**NO**'],
      ['read latency p50 / p99, ms (with proof, verified)', `${f(zero.read.p50)} / ${f(zero.read.p99)}`, `${f(one.read.p50)} / ${f(one.read.p99)}`, `${f(three.read.p50)} / ${f(three.read.p99)}`, '—', '—'],
      [`appends/s, ${WINDOW} appenders, one signed batch per append`, Math.round(pipeZero).toLocaleString('en-US'), '—', Math.round(pipeThree).toLocaleString('en-US'), '>= 10,000/s through 3 hops', pipeThree >= 10_000 ? 'yes' : '**NO**'],
      [`appends/s, ${WINDOW} appenders coalesced by an Appender (one signed batch per round trip)`, Math.round(coalescedZero).toLocaleString('en-US'), '—', Math.round(coalescedThree).toLocaleString('en-US'), '>= 10,000/s through 3 hops', coalescedThree >= 10_000 ? 'yes' : '**NO**'],
      ['new capsule reachable from another domain (create ack -> first answer), ms, median / max of 5', '—', '—', `${f(reach[2]!)} / ${f(reach[4]!)}`, '< 500 ms', reach[4]! < 500 ? 'yes' : '**NO**'],
      [`RSS per node process, MB, median / max of ${rss.length}`, '—', '—', `${f([...rss].sort((a, b) => a - b)[Math.floor(rss.length / 2)]!)} / ${f(Math.max(...rss))}`, '< 150 MB', Math.max(...rss) < 150 ? 'yes' : '**NO**']
    ]
    process.stdout.write(`\n## gdp overlay on a ${state.nodes.length}-node loopback testnet\n\n`)
    process.stdout.write('| measure | 0 hops (baseline: straight to the server) | 1 router hop | 3 router hops | target | met? |\n|---|---:|---:|---:|---|---|\n')
    for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`)
    process.stdout.write(`\nnode ${process.version}, ${os.cpus().length} CPUs, ${new Date().toISOString()}, ${state.nodes.length} node processes + the client in this process; ${SAMPLES} samples per latency (first 10% dropped as warm-up); 100-byte records.\n`)
  } finally {
    for (const c of clients) await c.stop()
    await down(state)
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((err: Error) => { process.stderr.write(`${err.stack ?? err.message}\n`); process.exitCode = 1 })

/**
 * What an anti-entropy round costs two replicas that share many capsules,
 * reading the peer's whole list against reading only what changed there
 * since the last round (ListRequest.changed_since, docs/replication.md
 * "Anti-entropy"), measured in the same run on the same capsules.
 *
 * One router and two servers, GdpNode instances in this process on
 * loopback (real libp2p, Noise, yamux, LevelDB); N capsules (default 10,000)
 * of two replicas, one on each server. Server A reads B's whole list every
 * round (replication_full_list_every: 1, the only way before change
 * listings); server B reads A's changes (the default). After two warm-up
 * rounds each (the first opens every capsule), the rounds alternate, A's
 * then B's, each timed alone: the CPU time of this process (both servers,
 * the router and the links: everything a round costs the machine) and the
 * wall time. Idle rounds first, then rounds after 100 of the capsules
 * grew by a record on the peer of the replica whose round is timed.
 *
 *   npm run bench:anti-entropy              (GDP_BENCH_CAPSULES=n, GDP_BENCH_ROUNDS=n)
 *
 * Prints a markdown table (stdout); progress goes to stderr.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import { CapsuleWriter, emptyWriterState } from '../src/capsule/writer.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../src/node/config.js'
import { GdpNode } from '../src/node/node.js'
import { signAdCert } from '../src/routing/certificates.js'
import type { Replicator } from '../src/server/replicator.js'

const CAPSULES = Number(process.env.GDP_BENCH_CAPSULES ?? 10_000)
const ROUNDS = Number(process.env.GDP_BENCH_ROUNDS ?? 10)
const CHANGED = 100
const CONCURRENCY = 32

const progress = (text: string): void => { process.stderr.write(`${text}\n`) }
const median = (xs: number[]): number => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]! }
const nowUs = (): number => Date.now() * 1000

async function pool<T> (items: T[], work: (item: T) => Promise<void>): Promise<void> {
  const waiting = [...items]
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    for (let item = waiting.shift(); item !== undefined; item = waiting.shift()) await work(item)
  }))
}

/** One round of `replicator`, timed: CPU ms of this process, wall ms. */
async function timed (replicator: Replicator): Promise<{ cpuMs: number, wallMs: number }> {
  const cpu = process.cpuUsage()
  const start = performance.now()
  await replicator.syncAll()
  const used = process.cpuUsage(cpu)
  return { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - start }
}

async function main (): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'gdp-anti-entropy-'))
  const nodes: GdpNode[] = []
  try {
    const base: NodeConfig = { ...DEFAULT_CONFIG, listen: ['/ip4/127.0.0.1/tcp/0'], logLevel: 'error' }
    const router = await GdpNode.create({ ...base, data: join(dir, 'router'), role: 'router' })
    nodes.push(router)
    await router.start()
    const server = async (label: string, fullListEvery: number): Promise<GdpNode> => {
      const node = await GdpNode.create({
        ...base,
        data: join(dir, label),
        role: 'server',
        upstream: router.multiaddrs()[0],
        // Rounds are run by the bench, not by the timer; every create of the bench's one owner is taken.
        replicationSyncIntervalMs: 3_600_000,
        replicationFullListEvery: fullListEvery,
        createRate: 1_000_000,
        createRateTotal: 1_000_000
      })
      nodes.push(node)
      await node.start()
      await node.upstreamReady(10_000)
      return node
    }
    const [a, b] = [await server('a', 1), await server('b', 30)]
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const capsules = Array.from({ length: CAPSULES }, (_, i) => {
      const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs(), replication: { replicas: 2, writeQuorum: 1 }, nonce: Buffer.from(i.toString(16).padStart(32, '0'), 'hex') })
      const name = capsuleName(metadata)
      const adCerts = [a, b].map((s) => signAdCert({ capsule: name, server: s.name, notBeforeUs: nowUs() - 60e6, notAfterUs: nowUs() + 24 * 3600e6 }, owner))
      return { signed: signMetadata(metadata, owner), name, adCerts, state: emptyWriterState(name) }
    })
    const started = performance.now()
    await pool(capsules, async (c) => {
      for (const [i, s] of [a, b].entries()) await a.client.create(c.signed, s.name, c.adCerts[i], c.adCerts)
    })
    progress(`created ${CAPSULES} capsules on both servers in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    const [ra, rb] = [a.service!.replicator!, b.service!.replicator!]
    for (let i = 0; i < 2; i++) { await ra.syncAll(); await rb.syncAll() }

    /** Appends a record to CHANGED capsules on `on` alone (addressed to it, so not passed on): the other replica's round finds them. */
    const grow = async (on: GdpNode, round: number): Promise<void> => {
      await pool(capsules.slice(round * CHANGED % CAPSULES).slice(0, CHANGED), async (c) => {
        const batch = new CapsuleWriter(c.name, c.signed.metadata, owner, c.state).append([Buffer.from(`round ${round}`)], nowUs())
        await a.client.appendBatch(batch, { replica: on.name })
        c.state = batch.state
      })
    }
    const rows: string[] = []
    for (const changed of [false, true]) {
      const results = { a: [] as Array<{ cpuMs: number, wallMs: number }>, b: [] as Array<{ cpuMs: number, wallMs: number }> }
      for (let round = 0; round < ROUNDS; round++) {
        if (changed) await grow(b, 2 * round)
        results.a.push(await timed(ra))
        if (changed) await grow(a, 2 * round + 1)
        results.b.push(await timed(rb))
      }
      const [full, changes] = [results.a, results.b].map((r) => ({ cpu: median(r.map((x) => x.cpuMs)), wall: median(r.map((x) => x.wallMs)) }))
      const what = changed ? `a round after ${CHANGED} capsules grew on the peer` : 'an idle round'
      rows.push(`| ${what} | ${full!.cpu.toFixed(1)} ms | ${full!.wall.toFixed(1)} ms | ${changes!.cpu.toFixed(1)} ms | ${changes!.wall.toFixed(1)} ms | ${(full!.cpu / changes!.cpu).toFixed(1)}x |`)
    }
    const counters = { a: ra.counters, b: rb.counters }
    console.log([
      `Anti-entropy between two replicas sharing ${CAPSULES.toLocaleString('en')} capsules (median of ${ROUNDS} rounds each; CPU of the whole process: both servers, the router, the links):`,
      '',
      '| round | whole list: CPU | wall | changes only: CPU | wall | CPU ratio |',
      '|---|---:|---:|---:|---:|---:|',
      ...rows,
      '',
      `Listings read: server A ${counters.a.fullListings} whole, ${counters.a.changeListings} changes only; server B ${counters.b.fullListings} whole, ${counters.b.changeListings} changes only. Batches fetched: A ${counters.a.fetched}, B ${counters.b.fetched}.`
    ].join('\n'))
  } finally {
    for (const node of nodes.reverse()) await node.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()

// A soak on node processes (dist/): a router and three servers, eight
// clients (each a client node of its own, linked to the router) appending,
// reading and subscribing for GDP_SOAK_SECONDS (default 180). Each client
// writes a capsule of its own (three replicas, write quorum 2: a capsule
// has one writer), reads ranges of every client's capsule and follows the
// next client's capsule with a subscription it ends and takes up again
// every few seconds, so subscriptions come and go all the time.
//
// Every few seconds the test samples each node process's resident memory
// (VmRSS) and open file descriptors (/proc/<pid>/fd). Both must stay
// bounded: the largest sample of the last third of the run at most a margin
// above the largest of the first third (RSS_MARGIN_BYTES and FD_MARGIN say why).
// At the end no server still holds a subscription of a client that left,
// and every acknowledged record is on every replica: read back through the
// overlay from each (every record checked by its proof) and, after the
// processes stopped, from each store (verified whole).
//
// Minutes long, so it runs on request: GDP_SOAK=1 (npm run test:soak).
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { Appender } from '../../src/client/client.js'
import type { GdpNode } from '../../src/node/node.js'
import { waitFor } from '../helpers.js'
import { createReplicated, NodeProcess, processTestnet, readReplica, type Replicated } from './replica-procs.js'

const soak = process.env.GDP_SOAK === '1'
const SECONDS = Number(process.env.GDP_SOAK_SECONDS ?? 180)
// Thirds of a shorter run are mostly warm-up: their peaks say nothing about a leak.
if (soak && !(SECONDS >= 90)) throw new Error(`GDP_SOAK_SECONDS=${process.env.GDP_SOAK_SECONDS}: a soak needs at least 90 seconds`)
const CLIENTS = 8
const SAMPLE_EVERY_MS = 3000
/**
 * How far the last third's largest RSS may rise above the first third's.
 * V8 lets a heap grow between full collections, and at this load that is a
 * sawtooth: in runs free of leaks the busiest server (the replica the router
 * sends the appends to) rose from 105 to 185 MB in its first 45 s before a
 * full collection took it to 160 MB, the others rose 50 MB in 100 s and fell
 * back to where they started. Thirds of a run of two or three minutes each
 * hold part of such a climb; the largest rise of the last third's peak over
 * the first third's seen in those runs was 20 MB (43 MB in a 60 s run, all
 * warm-up). A leak of 2 KiB per request, at this load (some 200 requests a
 * second through the router), would pass this margin within the last two
 * thirds of a 180 s run.
 */
const RSS_MARGIN_BYTES = 48 * 1024 ** 2
/**
 * How many more open descriptors the last third may hold than the first:
 * the links are up from the start and stay (one socket per neighbour), and
 * what may legitimately be added are LevelDB table files (one per 2 MiB
 * table, opened as compactions write them; a few here) and its log and
 * manifest, which are rotated, not accumulated.
 */
const FD_MARGIN = 16

const { dir, clients, reports, started, clientOf } = processTestnet('gdp-soak-')

interface Sample { at: number, rssBytes: number, fds: number }

/** VmRSS and the number of open descriptors of a process (Linux /proc); undefined once it is gone. */
function sample (pid: number): Sample | undefined {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    if (kb === undefined) return undefined
    return { at: performance.now(), rssBytes: Number(kb) * 1024, fds: readdirSync(`/proc/${pid}/fd`).length }
  } catch {
    return undefined
  }
}

/** The largest value of `pick` over each third of `samples`. */
function thirds (samples: Sample[], pick: (s: Sample) => number): [number, number, number] {
  const third = Math.floor(samples.length / 3)
  const max = (part: Sample[]): number => Math.max(...part.map(pick))
  return [max(samples.slice(0, third)), max(samples.slice(third, samples.length - third)), max(samples.slice(samples.length - third))]
}

const pause = async (ms: number): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, ms)) }

/** One client: a client node of its own, the capsule it writes, and what it saw. */
interface SoakClient {
  id: number
  node: GdpNode
  capsule: Replicated
  /** Acknowledged payloads of its capsule, by record number. */
  acked: string[]
  appends: number
  reads: number
  /** Records its subscriptions delivered, and how many subscriptions it started. */
  followed: number
  subscriptions: number
  /** The next record its subscription expects of the capsule it follows. */
  next: number
  /** What went wrong, by kind: none is expected on a healthy overlay. */
  errors: string[]
}

/**
 * Appends of 1 to 3 records through an Appender, one at a time, about ten a
 * second, until `stop` says so. The Appender recovers from a lost answer by
 * itself: any error it gives up with is a failure.
 */
async function appendLoop (c: SoakClient, appender: Appender, stop: () => boolean): Promise<void> {
  for (let n = 0; !stop(); n++) {
    const payloads = Array.from({ length: 1 + (n % 3) }, (_, i) => `client ${c.id} append ${n} record ${i}`)
    try {
      const receipt = await appender.append(payloads.map((p) => Buffer.from(p)))
      const end = receipt.heartbeat.heartbeat.size
      payloads.forEach((p, i) => { c.acked[end - payloads.length + i] = p })
      c.appends++
    } catch (err) {
      c.errors.push(`append: ${(err as Error).message.slice(0, 160)}`)
      return
    }
    // Pacing of the load generator, not a wait for anything.
    await pause(100)
  }
}

/** Reads of up to 20 records of any client's capsule, about four a second, each record checked by its proof and against what was appended. */
async function readLoop (c: SoakClient, all: SoakClient[], stop: () => boolean): Promise<void> {
  for (let n = 0; !stop(); n++) {
    const other = all[(c.id + n) % all.length]!
    const known = other.acked.length
    if (known > 0) {
      const from = Math.floor(Math.random() * known)
      try {
        const records = await c.node.client.read(other.capsule.name, { range: { from, to: Math.min(known, from + 20) } })
        for (const r of records) {
          const expected = other.acked[r.header.seqno]
          if (expected !== undefined && Buffer.from(r.payload).toString() !== expected) c.errors.push(`read: record ${r.header.seqno} of client ${other.id} is not what was appended`)
        }
        c.reads++
      } catch (err) {
        c.errors.push(`read: ${(err as Error).message.slice(0, 160)}`)
      }
      // The client keeps every record and heartbeat it verified for a capsule until told to forget it.
      if (n % 64 === 63) c.node.client.forget(other.capsule.name)
    }
    // Pacing of the load generator, not a wait for anything.
    await pause(250)
  }
}

/**
 * Follows `followed`'s capsule: a subscription from the next record it
 * lacks, ended after 5 to 15 s and started again, so the servers and the
 * router set subscriptions up and tear them down all the time. Records
 * must come in order and be what was appended.
 */
async function subscribeLoop (c: SoakClient, followed: SoakClient, stop: () => boolean): Promise<void> {
  while (!stop()) {
    const abort = new AbortController()
    const timer = setTimeout(() => { abort.abort() }, 5000 + Math.random() * 10_000)
    const stopping = setInterval(() => { if (stop()) abort.abort() }, 200)
    c.subscriptions++
    try {
      for await (const record of c.node.client.subscribe(followed.capsule.name, c.next, abort.signal)) {
        const expected = followed.acked[record.header.seqno]
        if (expected !== undefined && Buffer.from(record.payload).toString() !== expected) c.errors.push(`subscription: record ${record.header.seqno} of client ${followed.id} is not what was appended`)
        c.next = record.header.seqno + 1
        c.followed++
      }
    } catch (err) {
      const e = err as Error
      // A subscription cut because the subscriber's link backed up says where to go on: it is taken up again below.
      if (!e.message.includes('CONGESTION')) c.errors.push(`subscription at ${Math.round(performance.now())} ms: ${e.name}: ${e.message.slice(0, 160)}`)
      // Pacing: a refusal is not retried at once.
      await pause(500)
    } finally {
      clearTimeout(timer)
      clearInterval(stopping)
    }
    c.node.client.forget(followed.capsule.name)
  }
}

describe('soak on node processes: clients appending, reading and subscribing for minutes', () => {
  it.skipIf(!soak)(`${CLIENTS} clients for ${SECONDS} s: RSS and open descriptors of every node stay bounded, no subscription outlives its client, every acknowledged record is on every replica${soak ? '' : ' (NOT RUN: set GDP_SOAK=1, npm run test:soak)'}`, async () => {
    const folder = (id: string): string => { const d = join(dir.path, id); mkdirSync(d, { recursive: true }); return d }
    const router = started(new NodeProcess({ id: 'router', role: 'router', data: folder('router'), listen: ['/ip4/127.0.0.1/tcp/0'] }))
    await router.start()
    const servers = ['a', 'b', 'c'].map((id) => started(new NodeProcess({ id: `server-${id}`, role: 'server', data: folder(`server-${id}`), listen: ['/ip4/127.0.0.1/tcp/0'], upstream: router.address(), env: { GDP_REPLICATION_SYNC_INTERVAL: '2s' } })))
    await Promise.all(servers.map(async (s) => { await s.start() }))
    const nodes = [router, ...servers]

    const all: SoakClient[] = []
    for (let id = 0; id < CLIENTS; id++) {
      const node = await clientOf(router.address())
      const capsule = await createReplicated(node.client, servers.map((s) => s.nameBytes), 2)
      all.push({ id, node, capsule, acked: [], appends: 0, reads: 0, followed: 0, subscriptions: 0, next: 0, errors: [] })
    }

    const series = new Map<string, Sample[]>(nodes.map((p) => [p.spec.id, []]))
    const takeSamples = (): void => {
      for (const p of nodes) {
        const s = sample(p.child!.pid!)
        if (s !== undefined) series.get(p.spec.id)!.push(s)
      }
    }
    const summary = (): string => nodes.map((p) => {
      const s = series.get(p.spec.id)!
      if (s.length < 3) return `${p.spec.id}: ${s.length} samples`
      const mb = thirds(s, (x) => x.rssBytes).map((b) => (b / 1024 ** 2).toFixed(1))
      const fds = thirds(s, (x) => x.fds)
      return `${p.spec.id}: RSS max by third ${mb.join(' / ')} MB (first ${(s[0]!.rssBytes / 1024 ** 2).toFixed(1)}, last ${(s.at(-1)!.rssBytes / 1024 ** 2).toFixed(1)}); fds max by third ${fds.join(' / ')} (first ${s[0]!.fds}, last ${s.at(-1)!.fds}); ${s.length} samples`
    }).join('\n')
    const counters = (p: NodeProcess): string => {
      const s = p.status()
      return `${p.spec.id}: transport ${JSON.stringify(s?.transport)}, NACKs ${JSON.stringify((s?.forwarder as { nacks?: unknown } | undefined)?.nacks)}`
    }
    reports.push(() => { console.log(`soak, ${SECONDS} s:\n${summary()}\n${nodes.map(counters).join('\n')}\nclients: ${all.map((c) => `#${c.id} ${c.appends} appends (${c.acked.length} records), ${c.reads} reads, ${c.followed} followed in ${c.subscriptions} subscriptions${c.errors.length > 0 ? `, errors: ${c.errors.slice(0, 3).join(' | ')}` : ''}`).join('\n')}`) })

    const t0 = performance.now()
    const over = (): boolean => performance.now() - t0 > SECONDS * 1000
    const loops = all.flatMap((c) => [
      (async () => { await appendLoop(c, new Appender(c.node.client, await c.node.client.writer(c.capsule.name, c.capsule.writer)), over) })(),
      readLoop(c, all, over),
      subscribeLoop(c, all[(c.id + 1) % all.length]!, over)
    ])
    takeSamples()
    const sampler = setInterval(takeSamples, SAMPLE_EVERY_MS)
    try {
      await waitFor(Promise.all(loops), { timeoutMs: SECONDS * 1000 + 60_000, what: 'the clients to finish' })
    } finally {
      clearInterval(sampler)
    }
    takeSamples()

    expect(all.flatMap((c) => c.errors.map((e) => `client ${c.id}: ${e}`))).toEqual([])
    for (const c of all) {
      expect(c.appends, `client ${c.id} appends`).toBeGreaterThan(0)
      expect(c.reads, `client ${c.id} reads`).toBeGreaterThan(0)
      expect(c.followed, `client ${c.id} records followed`).toBeGreaterThan(0)
    }
    for (const p of nodes) {
      const s = series.get(p.spec.id)!
      expect(s.length, `samples of ${p.spec.id}`).toBeGreaterThanOrEqual(9)
      const [firstRss, , lastRss] = thirds(s, (x) => x.rssBytes)
      const [firstFds, , lastFds] = thirds(s, (x) => x.fds)
      expect(lastRss, `${p.spec.id}: largest RSS of the last third (bytes) against the first third's ${firstRss}`).toBeLessThanOrEqual(firstRss + RSS_MARGIN_BYTES)
      expect(lastFds, `${p.spec.id}: most open descriptors of the last third against the first third's ${firstFds}`).toBeLessThanOrEqual(firstFds + FD_MARGIN)
    }

    // The clients leave: no server keeps a subscription for them.
    for (const c of clients.splice(0)) await c.stop()
    await waitFor(() => servers.every((s) => s.status()?.subscriptions === 0), { timeoutMs: 15_000, intervalMs: 100, what: `every server to hold no subscription once the clients left (${servers.map((s) => String(s.status()?.subscriptions)).join(', ')})` })

    // Every acknowledged record on every replica, read through the overlay (each checked by its proof) by a fresh client.
    const checker = await clientOf(router.address())
    for (const c of all) {
      const size = c.acked.length
      expect(c.acked.filter((p) => p !== undefined).length, `client ${c.id}: every record up to ${size} acknowledged`).toBe(size)
      for (const s of servers) {
        await waitFor(async () => (await checker.client.info(c.capsule.name, { replica: s.nameBytes })).size >= size, { timeoutMs: 30_000, intervalMs: 100, what: `${s.spec.id} to hold all ${size} records of client ${c.id}` })
        const read = await checker.client.readBatches(c.capsule.name, { from: 0, to: size }, undefined, { replica: s.nameBytes })
        expect(read.records.map((r) => Buffer.from(r.payload).toString()), `client ${c.id}'s records read from ${s.spec.id}`).toEqual(c.acked)
        checker.client.forget(c.capsule.name)
      }
    }
    await Promise.all(servers.map(async (s) => { await s.stop() }))
    for (const s of servers) {
      for (const c of all) {
        const replica = await readReplica(s.spec.data, c.capsule.name)
        expect(replica.verified.records, `client ${c.id}'s records verified in ${s.spec.id}'s store`).toBe(replica.size)
        expect(replica.payloads.slice(0, c.acked.length), `client ${c.id}'s records in ${s.spec.id}'s store`).toEqual(c.acked)
      }
    }
    console.log(`soak series (MB RSS / open fds, every ${SAMPLE_EVERY_MS / 1000} s):\n${nodes.map((p) => `${p.spec.id}: ${series.get(p.spec.id)!.map((x) => `${(x.rssBytes / 1024 ** 2).toFixed(0)}/${x.fds}`).join(' ')}`).join('\n')}`)
  }, SECONDS * 1000 + 240_000)
})

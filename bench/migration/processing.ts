/**
 * Processing throughput of the sender's pipeline alone (read, hash, dedup,
 * delta, compress, sign), with a receiver that acknowledges at once: what
 * one core does per second of CPU, for a pool's first migration and for
 * the ones after it. Baselines in the same run: the zstd command line at -3
 * on one thread, and sha256sum, over the same image (best of three).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { BaseRegistry } from '../../src/migration/bases.js'
import { memoryChannelPair, type FrameChannel } from '../../src/migration/channel.js'
import { decodeEntry } from '../../src/migration/entries.js'
import { WorkerPool } from '../../src/migration/pool.js'
import { MigrationSender } from '../../src/migration/sender.js'
import type { Dataset } from './datasets.js'
import { MiB, run } from './util.js'

/** Migrations timed after a pool's first. */
const LATER_RUNS = 2

export interface ProcessingRow { what: string, seconds: number, cpuSeconds: number, mibPerCpuSecond: number, mibPerSecond: number, note: string }

/** Acknowledges every append at once, without applying it: only the sender's work is measured. */
async function nullReceiver (channel: FrameChannel, bases: Uint8Array[]): Promise<void> {
  let applied = 0
  for await (const frame of channel.frames()) {
    if (frame.hello != null) { await channel.send({ welcome: { applied: 0, bases } }); continue }
    const records = frame.append?.records ?? []
    applied += records.length
    const complete = records.some((r) => decodeEntry(r.payload!).type === 'commit')
    await channel.send({ ack: { applied, complete, folder: '-' } })
  }
}

async function timeCommand (cmd: string, args: string[]): Promise<{ seconds: number, cpuSeconds: number }> {
  const started = performance.now()
  const r = await run('bash', ['-c', `TIMEFORMAT='%U %S'; time (${[cmd, ...args].join(' ')} > /dev/null)`])
  const [user, sys] = r.stderr.trim().split('\n').at(-1)!.split(' ').map(Number)
  return { seconds: (performance.now() - started) / 1000, cpuSeconds: user! + sys! }
}

export async function processingBenchmark (ds: Dataset, workers: number[]): Promise<ProcessingRow[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gdp-processing-'))
  const rows: ProcessingRow[] = []
  const mib = ds.modifiedSize / MiB
  try {
    const bases = await BaseRegistry.open({ folder: path.join(dir, 'bases') })
    const base = await bases.add(ds.basePath)
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    for (const [mode, n] of workers.flatMap((w) => [['zstd-3', w], ['zstd-1', w]] as const)) {
      // A node keeps its pool: thread start-up is not part of the pipeline's cost.
      const pool = new WorkerPool(n)
      await Promise.all(Array.from({ length: n }, async () => await pool.compress(new Uint8Array(4096), ['zstd-1'], false)))
      // The first migration of a pool pays for warming up (compiled code, compression contexts, the
      // heap's growth), which a node pays once; the later ones are what it does from then on.
      const runs: Array<{ seconds: number, cpuSeconds: number, ratio: number }> = []
      for (let r = 0; r < 1 + LATER_RUNS; r++) {
        const sender = new MigrationSender({ name: 'processing', images: [{ name: 'image', path: ds.modifiedPath }], mode }, {
          signer: key,
          bases,
          pool,
          connect: async () => { const link = memoryChannelPair(); void nullReceiver(link.b, [base.hash]); return link.a }
        })
        const cpu = process.cpuUsage()
        const started = performance.now()
        const summary = await sender.run()
        const used = process.cpuUsage(cpu)
        runs.push({ seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6, ratio: summary.ratio })
      }
      await pool.close()
      const what = `ours: hash + dedup + delta + ${mode} + sign, ${n} worker${n > 1 ? 's' : ''}`
      const later = runs.slice(1).reduce((a, b) => b.cpuSeconds < a.cpuSeconds ? b : a)
      for (const [label, t] of [['first migration of the pool', runs[0]!], [`later: best of ${LATER_RUNS}`, later]] as const) {
        rows.push({ what: `${what}; ${label}`, seconds: t.seconds, cpuSeconds: t.cpuSeconds, mibPerCpuSecond: mib / t.cpuSeconds, mibPerSecond: mib / t.seconds, note: `wire ratio ${t.ratio.toFixed(3)}` })
      }
    }
    await bases.close()
    for (const [what, cmd, args] of [['zstd -3 -T1 (command line), whole image', 'zstd', ['-3', '-T1', '-c', ds.modifiedPath]], ['sha256sum, whole image', 'sha256sum', [ds.modifiedPath]]] as const) {
      let t = await timeCommand(cmd, [...args])
      for (let r = 0; r < LATER_RUNS; r++) { const again = await timeCommand(cmd, [...args]); if (again.cpuSeconds < t.cpuSeconds) t = again }
      rows.push({ what: `${what}, best of ${1 + LATER_RUNS}`, seconds: t.seconds, cpuSeconds: t.cpuSeconds, mibPerCpuSecond: mib / t.cpuSeconds, mibPerSecond: mib / t.seconds, note: '' })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return rows
}

export function processingTable (ds: Dataset, rows: ProcessingRow[]): string {
  const out = [`### Processing throughput, ${ds.title} (${(ds.modifiedSize / MiB).toFixed(0)} MiB image, page cache warm, no network)`, '',
    '| pipeline | wall s | CPU s | MiB/s per CPU-second (per core) | MiB/s wall | note |', '|---|---:|---:|---:|---:|---|']
  for (const r of rows) out.push(`| ${r.what} | ${r.seconds.toFixed(2)} | ${r.cpuSeconds.toFixed(2)} | ${r.mibPerCpuSecond.toFixed(0)} | ${r.mibPerSecond.toFixed(0)} | ${r.note} |`)
  return out.join('\n') + '\n'
}

/**
 * Migration benchmark: hand off a modified VM image (the receiver already has
 * the base image) over an emulated slow link, against baselines.
 *
 *   npm run build && sudo node dist/bench/migration-bench.js \
 *     [--rates 5,10,25] [--disk-rates 25] [--datasets face,disk] \
 *     [--skip-baselines raw,zstd,rsync,xdelta3,ours] [--only zstd-patch,xdelta3] [--data-dir /var/tmp/gdp-bench-data] \
 *     [--disk-mib 384] [--disk-packages python3] [--json results.json]
 *
 * Two network namespaces (gdpb-a 10.77.0.1, gdpb-b 10.77.0.2) joined by a
 * veth pair, tbf-shaped both ways at the given rate. Bytes on the wire come
 * from the qdisc counters (headers and retransmissions included). Every
 * result is checked: the receiver's file must have the modified image's
 * SHA-256. Markdown on stdout, progress on stderr. Needs root.
 */
import { writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { BASELINES } from './migration/baselines.js'
import { DEFAULT_DATA_DIR, describeStats, diskDataset, faceDataset, type Dataset } from './migration/datasets.js'
import { EmulatedLink, installCleanupHandlers, tbfParams } from './migration/netns.js'
import { ours } from './migration/ours.js'
import { processingBenchmark, processingTable } from './migration/processing.js'
import { measure, type Measurement, type Method } from './migration/runner.js'
import { fmtBytes, fmtDuration, log, MiB, which } from './migration/util.js'

interface Options {
  rates: number[]
  diskRates: number[]
  datasets: Array<'face' | 'disk'>
  skip: string[]
  /** When not empty, only these method ids (and their variants) run. */
  only: string[]
  dataDir: string
  diskMiB: number
  diskPackages: string[]
  json?: string
}

const USAGE = `usage: node dist/bench/migration-bench.js [--rates 5,10,25] [--disk-rates 25] [--datasets face,disk]
       [--skip-baselines raw,zstd,rsync,rsync-z,xdelta3,xdelta3-9,zstd-patch,ours,processing] [--only ids] [--data-dir DIR] [--disk-mib 384] [--disk-packages python3] [--json FILE]
  --rates        link rates in Mbit/s for the face-like set (default 5,10,25)
  --disk-rates   link rates for the disk-image set (default 25: its raw copy of 384 MiB alone takes 2.3 min at 25, 5.6 min at 10)
  --skip-baselines  method ids to skip; a prefix skips its variants (rsync skips rsync and rsync-z; zstd skips zstd, zstd-patch-3 and zstd-patch-19)
  --only         method ids to run, the same prefix rule (zstd-patch runs zstd-patch-3 and zstd-patch-19); the processing table only with "processing"`

function parseArgs (argv: string[]): Options {
  const o: Options = { rates: [5, 10, 25], diskRates: [25], datasets: ['face', 'disk'], skip: [], only: [], dataDir: DEFAULT_DATA_DIR, diskMiB: 384, diskPackages: ['python3'] }
  const nums = (v: string): number[] => v.split(',').filter((x) => x !== '').map((x) => {
    const n = Number(x)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`bad rate ${x}`)
    return n
  })
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const v = (): string => { const x = argv[++i]; if (x === undefined) throw new Error(`${a} needs a value`); return x }
    switch (a) {
      case '--rates': o.rates = nums(v()); break
      case '--disk-rates': o.diskRates = nums(v()); break
      case '--datasets': o.datasets = v().split(',').map((d) => {
        if (d !== 'face' && d !== 'disk') throw new Error(`unknown dataset ${d}`)
        return d
      }); break
      case '--skip-baselines': case '--skip': o.skip = v().split(',').filter((x) => x !== ''); break
      case '--only': o.only = v().split(',').filter((x) => x !== ''); break
      case '--data-dir': o.dataDir = v(); break
      case '--disk-mib': o.diskMiB = Number(v()); break
      case '--disk-packages': o.diskPackages = v().split(',').filter((x) => x !== ''); break
      case '--json': o.json = v(); break
      case '-h': case '--help': process.stdout.write(USAGE + '\n'); process.exit(0)
      // falls through (unreachable)
      default: throw new Error(`unknown argument ${a}\n${USAGE}`)
    }
  }
  return o
}

/** `rsync` names rsync and rsync-z; `xdelta3` names xdelta3 and xdelta3-9; an exact id names one. */
function named (id: string, names: string[]): boolean {
  return names.some((s) => id === s || id.startsWith(`${s}-`))
}

function skipped (m: Method, opts: Options): boolean {
  return named(m.id, opts.skip) || (opts.only.length > 0 && !named(m.id, opts.only))
}

/** Rough time of one run: bytes it should put on the wire at this rate, plus fixed overhead. */
function estimateSeconds (m: Method, ds: Dataset, rate: number): number {
  const s = ds.stats
  const perByte = 8 * 1.04 / (rate * 1e6) // ~4 % Ethernet/IP/TCP overhead
  const changed = Math.min(1, s.changedVsBase / s.totalBlocks)
  const bytes = m.id === 'raw'
    ? ds.modifiedSize
    : m.id === 'rsync' ? ds.modifiedSize * changed
      : m.id === 'zstd' ? s.zstd3Bytes
        : m.id === 'ours' ? s.blockAwareZstd3Bytes : s.zstd3Bytes * changed
  // zstd -19 with a long window runs at a few MiB/s, and indexes the base as well.
  const cpu = m.id === 'zstd-patch-19'
    ? (ds.modifiedSize + ds.baseSize) / (3 * MiB)
    : ds.modifiedSize / (150 * MiB) + (m.id.startsWith('rsync') ? ds.baseSize / (300 * MiB) + 1 : 0)
  return bytes * perByte + cpu + 2
}

function fmtCell (r: Measurement | undefined, modifiedSize: number): [string, string, string] {
  if (r === undefined) return ['–', '–', '–']
  if (r.error !== undefined) return [r.error === 'not wired yet' ? 'not wired yet' : 'failed', '–', '–']
  const mark = r.verified === true ? '' : ' ✗unverified'
  return [
    `${r.seconds!.toFixed(1)}${mark}`,
    `${fmtBytes(r.bytesOnWire!)} (${(r.bytesOnWire! / modifiedSize).toFixed(3)})`,
    `${r.linkBusyPct!.toFixed(0)} %`
  ]
}

function table (ds: Dataset, rates: number[], methods: Method[], results: Measurement[]): string {
  const lines: string[] = []
  lines.push(`### ${ds.title}`)
  lines.push('')
  lines.push(`${ds.description}.`)
  lines.push('')
  lines.push(describeStats(ds))
  lines.push('')
  const head = ['method']
  for (const r of rates) head.push(`${r} Mbit/s: s`, `${r} Mbit/s: bytes on wire (× modified)`, `${r} Mbit/s: link busy`)
  lines.push(`| ${head.join(' | ')} |`)
  lines.push(`|${head.map((_h, i) => i === 0 ? '---' : '---:').join('|')}|`)
  for (const m of methods) {
    const row = [m.label.replaceAll('|', '\\|')]
    for (const rate of rates) row.push(...fmtCell(results.find((x) => x.method === m.id && x.rateMbit === rate && x.dataset === ds.id), ds.modifiedSize))
    lines.push(`| ${row.join(' | ')} |`)
  }
  const notes = results.filter((x) => x.dataset === ds.id && (x.note !== undefined || (x.error !== undefined && x.error !== 'not wired yet')))
  if (notes.length > 0) {
    lines.push('')
    for (const n of notes) lines.push(`- ${n.label} @ ${n.rateMbit} Mbit/s: ${n.error ?? n.note}`)
  }
  for (const rate of rates) {
    const best = results.filter((x) => x.dataset === ds.id && x.rateMbit === rate && x.ok && x.method !== 'ours')
      .sort((a, b) => a.seconds! - b.seconds!)[0]
    if (best !== undefined) lines.push(`- best baseline @ ${rate} Mbit/s: ${best.label}, ${best.seconds!.toFixed(1)} s`)
  }
  lines.push('')
  return lines.join('\n')
}

async function main (): Promise<void> {
  const opts = parseArgs(process.argv.slice(2))
  if (process.getuid?.() !== 0) {
    process.stderr.write('migration-bench must run as root: it creates network namespaces, veth pairs and tc qdiscs (and loop-mounts an image for the disk dataset).\n')
    process.exit(2)
  }
  const infra = ['ip', 'tc', 'ss', 'bash', 'zstd']
  const missingInfra = infra.filter((t) => which(t) === undefined)
  if (missingInfra.length > 0) {
    process.stderr.write(`missing required tools: ${missingInfra.join(', ')} (apt-get install iproute2 bash zstd)\n`)
    process.exit(2)
  }
  const allMethods: Method[] = [...BASELINES, ours].filter((m) => !skipped(m, opts))
  const missingByMethod = new Map<string, string[]>()
  for (const m of allMethods) {
    const miss = m.tools.filter((t) => which(t) === undefined)
    if (miss.length > 0) missingByMethod.set(m.id, miss)
  }
  if (missingByMethod.size > 0) {
    const all = [...new Set([...missingByMethod.values()].flat())]
    log(`MISSING TOOLS: ${all.join(', ')} — skipping ${[...missingByMethod.keys()].join(', ')} (apt-get install ${all.join(' ')})`)
  }
  const methods = allMethods.filter((m) => !missingByMethod.has(m.id))

  installCleanupHandlers()
  const t0 = performance.now()
  const datasets: Array<{ ds: Dataset, rates: number[] }> = []
  const datasetErrors: string[] = []
  for (const id of opts.datasets) {
    try {
      const ds = id === 'face' ? await faceDataset(opts.dataDir) : await diskDataset({ dataDir: opts.dataDir, imageMiB: opts.diskMiB, packages: opts.diskPackages })
      log(describeStats(ds))
      datasets.push({ ds, rates: id === 'face' ? opts.rates : opts.diskRates })
    } catch (err) {
      const msg = `${id} dataset unavailable: ${err instanceof Error ? err.message : String(err)}`
      log(msg)
      datasetErrors.push(msg)
    }
  }

  let estimate = 0
  for (const { ds, rates } of datasets) {
    let e = 0
    for (const r of rates) for (const m of methods) if (m.id !== 'ours') e += estimateSeconds(m, ds, r)
    log(`estimate for ${ds.id} at ${rates.join(', ')} Mbit/s: ~${fmtDuration(e)} (baselines; "ours" not counted)`)
    estimate += e
  }
  log(`estimated total: ~${fmtDuration(estimate)}`)

  // The pipeline's processing throughput first, on an idle machine and without the link.
  const processing: string[] = []
  if (!opts.skip.includes('processing') && (opts.only.length === 0 || opts.only.includes('processing'))) {
    for (const { ds } of datasets) {
      log(`${ds.id}: processing throughput ...`)
      processing.push(processingTable(ds, await processingBenchmark(ds, [1, 2])))
    }
  }

  const scratch = path.join(opts.dataDir, 'scratch')
  const results: Measurement[] = []
  const link = await EmulatedLink.create(datasets[0]?.rates[0] ?? 10)
  try {
    for (const { ds, rates } of datasets) {
      for (const rate of rates) {
        await link.setRate(rate)
        for (const m of methods) {
          const t = performance.now()
          log(`${ds.id} @ ${rate} Mbit/s: ${m.label} ...`)
          const r = await measure(m, ds, link, scratch)
          results.push(r)
          if (r.error === undefined) {
            log(`  ${r.seconds!.toFixed(1)} s, ${fmtBytes(r.bytesOnWire!)} on wire, busy ${r.linkBusyPct!.toFixed(0)} %, verified=${String(r.verified)}` +
              ` (elapsed ${fmtDuration((performance.now() - t) / 1000)}, total ${fmtDuration((performance.now() - t0) / 1000)})`)
          }
        }
      }
    }
  } finally {
    await link.teardown()
  }

  const cpu = os.cpus()[0]?.model ?? 'unknown CPU'
  const out: string[] = []
  out.push('## VM-state migration handoff over an emulated slow link')
  out.push('')
  out.push(`Environment: node ${process.version}, ${cpu} × ${os.cpus().length}, ${os.type()} ${os.release()}, ${new Date().toISOString()}; ` +
    `rsync/xdelta3/zstd/socat from the OS packages. Link: veth between netns ${link.cfg.nsA} (${link.cfg.addrA}) and ${link.cfg.nsB} (${link.cfg.addrB}), ` +
    `tbf both ways at the rate (burst ${fmtBytes(tbfParams(10, false).burst)} or 10 ms of rate if larger; latency 200 ms A→B, 1 s B→A). ` +
    'Seconds = wall time end to end (encode + transfer + decode, receiver file complete). Bytes on wire = both qdisc counters ' +
    '(Ethernet/IP/TCP headers included), fraction of the modified image size in parentheses. Link busy = A→B bytes × 8 / rate / seconds. ' +
    'Every result was checked against the modified image\'s SHA-256 (✗unverified marks a mismatch).')
  out.push('')
  for (const { ds, rates } of datasets) out.push(table(ds, rates, methods, results))
  out.push(...processing)
  for (const e of datasetErrors) out.push(`- ${e}`)
  if (missingByMethod.size > 0) out.push(`- skipped for missing tools: ${[...missingByMethod].map(([m, t]) => `${m} (${t.join(', ')})`).join('; ')}`)
  out.push(`Total benchmark time: ${fmtDuration((performance.now() - t0) / 1000)}.`)
  process.stdout.write(out.join('\n') + '\n')
  if (opts.json !== undefined) {
    writeFileSync(opts.json, JSON.stringify({ datasets: datasets.map(({ ds, rates }) => ({ ...ds, rates })), results }, null, 2) + '\n')
    log(`results written to ${opts.json}`)
  }
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err))
  process.exitCode = 1
})

/**
 * Live handoff of a running QEMU guest over an emulated slow link: ours
 * (`gdp migrate send --live` between two gdp nodes) against QEMU's own live
 * migration, plain and with multifd + zstd.
 *
 *   npm run build && sudo node dist/bench/vm-live-bench.js \
 *     [--rates 10,25] [--ram-mib 256] [--disk-mib 64] [--transfers gdp,qemu,qemu-multifd-zstd] \
 *     [--work /var/tmp/gdp-vm-live] [--json results.json]
 *
 * The link is the migration benchmark's (bench/migration/netns.ts): two
 * network namespaces joined by a veth pair, tbf-shaped both ways. Bytes on
 * the wire are both qdisc counters around the whole run (nothing else
 * crosses that link: QMP and the gdp control sockets are Unix sockets).
 * The guest is testnet/vm/build-guest.sh's: it counts in RAM, prints a tick
 * every 0.2 s and now and then writes the count to its disk, so its first
 * tick on B shows whether it continued and when it ran again. Markdown on
 * stdout, progress on stderr. Needs root and QEMU.
 */
import { rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { EmulatedLink, installCleanupHandlers, onCleanup, tbfParams } from './migration/netns.js'
import { fmtBytes, MiB } from './migration/util.js'
import { assertMigrateCliAvailable, DEFAULT_CACHE, gdpTransferOver, handoff, killChildrenSync, missingPrerequisites } from '../testnet/vm/handoff.js'
import { MigrationDidNotConvergeError, qemuMigration } from '../testnet/vm/qemu-migrate.js'

const log = (line: string): void => { process.stderr.write(`[vm-live-bench] ${line}\n`) }

const TRANSFERS = {
  gdp: 'ours: gdp migrate send --live',
  qemu: 'QEMU migrate (plain) + NBD disk mirror',
  'qemu-multifd-zstd': 'QEMU migrate, multifd + zstd, + NBD disk mirror'
} as const
type TransferId = keyof typeof TRANSFERS

interface Options {
  rates: number[]
  ramMiB: number
  diskMiB: number
  transfers: TransferId[]
  work: string
  json?: string
}

const USAGE = `usage: node dist/bench/vm-live-bench.js [--rates 10,25] [--ram-mib 256] [--disk-mib 64]
       [--transfers gdp,qemu,qemu-multifd-zstd] [--work DIR] [--json FILE]`

function parseArgs (argv: string[]): Options {
  const o: Options = { rates: [10, 25], ramMiB: 256, diskMiB: 64, transfers: ['gdp', 'qemu', 'qemu-multifd-zstd'], work: '/var/tmp/gdp-vm-live' }
  const positive = (flag: string, text: string): number => {
    const n = Number(text)
    if (!Number.isFinite(n) || n <= 0) throw new Error(`${flag}: ${text} is not a positive number`)
    return n
  }
  const whole = (flag: string, text: string): number => {
    const n = positive(flag, text)
    if (!Number.isInteger(n)) throw new Error(`${flag}: ${text} is not a whole number of MiB`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    const v = (): string => { const x = argv[++i]; if (x === undefined) throw new Error(`${a} needs a value`); return x }
    switch (a) {
      case '--rates': o.rates = v().split(',').filter((x) => x !== '').map((x) => positive(a, x)); break
      case '--ram-mib': o.ramMiB = whole(a, v()); break
      case '--disk-mib': o.diskMiB = whole(a, v()); break
      case '--transfers': o.transfers = v().split(',').filter((x) => x !== '').map((t) => {
        if (!(t in TRANSFERS)) throw new Error(`unknown transfer ${t} (${Object.keys(TRANSFERS).join(', ')})`)
        return t as TransferId
      }); break
      case '--work': o.work = v(); break
      case '--json': o.json = v(); break
      case '-h': case '--help': process.stdout.write(USAGE + '\n'); process.exit(0)
      // falls through (unreachable)
      default: throw new Error(`unknown argument ${a}\n${USAGE}`)
    }
  }
  return o
}

interface Row {
  transfer: TransferId
  rateMbit: number
  ok: boolean
  continued?: boolean
  totalSeconds?: number
  bytesAtoB?: number
  bytesBtoA?: number
  /** Our own measure: the guest's stop on A to its first tick on B. */
  downtimeMs?: number
  /** No vCPU ran: stop on A to cont (or RESUME) on B. */
  stoppedMs?: number
  /** What the tool reports: QEMU's query-migrate downtime; gdp's pause to verified commit. */
  toolDowntimeMs?: number
  note?: string
  error?: string
  /** QEMU gave up iterating (see MigrationDidNotConvergeError); then totalSeconds is how long it tried. */
  didNotConverge?: boolean
}

/** Three times the time to send RAM and disk whole at the rate, plus two minutes for boots and setup. */
function transferTimeoutMs (o: Options, rate: number): number {
  return (3 * (o.ramMiB + o.diskMiB) * MiB * 8 / (rate * 1e6) + 120) * 1000
}

async function runOne (id: TransferId, rate: number, o: Options, link: EmulatedLink): Promise<Row> {
  const work = path.join(o.work, `${id}-${rate}`)
  rmSync(work, { recursive: true, force: true })
  const placement = { a: { netns: link.cfg.nsA, host: link.cfg.addrA }, b: { netns: link.cfg.nsB, host: link.cfg.addrB } }
  const timeoutMs = transferTimeoutMs(o, rate)
  const before = await link.counters()
  const row: Row = { transfer: id, rateMbit: rate, ok: false }
  try {
    if (id === 'gdp') {
      const r = await handoff({ work, transfer: gdpTransferOver(placement), ramMiB: o.ramMiB, diskMiB: o.diskMiB, transferTimeoutMs: timeoutMs, cacheDir: DEFAULT_CACHE, log })
      const summary = r.transferSummary as { downtimeMs?: number, rounds?: Array<{ final: boolean, blocksSent: number, seconds: number }>, bytesSent?: number } | undefined
      // The last pre-copy round predicts the final one (docs/migration.md, pre-copy): both, to see where the downtime went.
      const lastPre = summary?.rounds?.filter((x) => !x.final).at(-1)
      const final = summary?.rounds?.find((x) => x.final)
      const rounds = lastPre === undefined || final === undefined ? '' : `; last pre-copy round ${lastPre.blocksSent} blocks in ${(lastPre.seconds * 1000).toFixed(0)} ms, final round ${final.blocksSent} blocks in ${(final.seconds * 1000).toFixed(0)} ms`
      Object.assign(row, {
        continued: r.continued,
        totalSeconds: r.totalMs / 1000,
        downtimeMs: r.downtimeMs,
        stoppedMs: r.stoppedMs,
        toolDowntimeMs: summary?.downtimeMs,
        ok: r.continued && r.diskCounterReceived === r.diskCounterOnA && (r.diskCounterOnB ?? 0) > r.lastTickOnA,
        note: `${summary?.rounds?.length ?? '?'} rounds, ${fmtBytes(summary?.bytesSent ?? 0)} of entries${rounds}; resume on B (device state into the QEMU waiting there since the images arrived, to the first tick) ${r.resumeMs} ms; disk counter A ${r.diskCounterOnA ?? '–'} / received ${r.diskCounterReceived ?? '–'}`
      })
    } else {
      const r = await qemuMigration({ work, flavour: id === 'qemu' ? 'plain' : 'multifd-zstd', placement, ramMiB: o.ramMiB, diskMiB: o.diskMiB, timeoutMs, cacheDir: DEFAULT_CACHE, log })
      Object.assign(row, {
        continued: r.continued,
        totalSeconds: r.totalMs / 1000,
        downtimeMs: r.downtimeMs,
        stoppedMs: r.stoppedMs,
        toolDowntimeMs: r.qemuDowntimeMs,
        ok: r.continued && r.diskCounterReceived === r.diskCounterOnA && (r.diskCounterOnB ?? 0) > r.lastTickOnA,
        note: `disk mirror ready ${(r.mirrorReadyMs / 1000).toFixed(1)} s, migrate ${((r.migrateMs ?? 0) / 1000).toFixed(1)} s; ` +
          `QEMU counted ${fmtBytes(r.ram?.transferred ?? 0)} of RAM sent (before multifd compression), ${r.ram?.normal ?? '?'} whole pages + ${r.ram?.duplicate ?? '?'} zero pages, ${r.ram?.['dirty-sync-count'] ?? '?'} passes; ` +
          `downtime limit ${r.parameters['downtime-limit']} ms, max bandwidth ${fmtBytes(r.parameters['max-bandwidth'])}/s${id === 'qemu' ? '' : `, ${r.parameters['multifd-channels']} channels, ${r.parameters['multifd-compression']} level ${r.parameters['multifd-zstd-level']}`}; ` +
          `disk counter A ${r.diskCounterOnA ?? '–'} / received ${r.diskCounterReceived ?? '–'}`
      })
    }
  } catch (err) {
    if (err instanceof MigrationDidNotConvergeError) {
      row.didNotConverge = true
      row.totalSeconds = err.elapsedMs / 1000
    }
    row.error = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 400)
    log(`${id} @ ${rate} Mbit/s failed: ${row.error}`)
  }
  const after = await link.counters()
  row.bytesAtoB = after.aToB - before.aToB
  row.bytesBtoA = after.bToA - before.bToA
  return row
}

function table (rows: Row[], o: Options): string {
  const out: string[] = []
  out.push(`## Live handoff of a ${o.ramMiB} MiB guest with a ${o.diskMiB} MiB disk over an emulated slow link`)
  out.push('')
  out.push(`Environment: node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, ${os.type()} ${os.release()}, ${new Date().toISOString()}. ` +
    `Guest: testnet/vm/build-guest.sh (host kernel, busybox initramfs counting in RAM), QEMU TCG, q35, ${o.ramMiB} MiB RAM, sparse raw ${o.diskMiB} MiB virtio disk. ` +
    `Link: veth between two network namespaces, tbf both ways at the rate (burst ${fmtBytes(tbfParams(10, false).burst)} or 10 ms of rate if larger). ` +
    'Total = start of the transfer (gdp: the send command, nodes already up; QEMU: the disk mirror) to the guest\'s first tick on B. ' +
    'Downtime (guest) = guest stopped on A to its first tick on B (includes up to 0.2 s of the guest\'s own sleep). ' +
    'Stopped = stopped on A to running on B. Tool\'s downtime = QEMU\'s query-migrate `downtime`; for gdp, the pause to the verified commit. ' +
    'Bytes on wire = both qdisc counters (A→B + B→A, headers included).')
  out.push('')
  out.push('| rate | transfer | total s | bytes on wire (A→B + B→A) | downtime (guest) ms | stopped ms | tool\'s downtime ms | guest continued |')
  out.push('|---:|---|---:|---:|---:|---:|---:|---|')
  for (const r of rows) {
    const wire = r.bytesAtoB === undefined ? '–' : `${fmtBytes(r.bytesAtoB + r.bytesBtoA!)} (${fmtBytes(r.bytesAtoB)} + ${fmtBytes(r.bytesBtoA!)})`
    const ms = (n: number | undefined): string => n === undefined ? '–' : n.toFixed(0)
    const status = r.didNotConverge === true ? 'did not converge (cancelled; guest ran on at A)' : r.error !== undefined ? 'failed' : r.ok ? 'yes' : r.continued === true ? 'yes, disk check failed' : 'NO'
    const total = r.totalSeconds === undefined ? '–' : r.didNotConverge === true ? `gave up after ${r.totalSeconds.toFixed(0)}` : r.totalSeconds.toFixed(1)
    out.push(`| ${r.rateMbit} Mbit/s | ${TRANSFERS[r.transfer]} | ${total} | ${wire} | ${ms(r.downtimeMs)} | ${ms(r.stoppedMs)} | ${ms(r.toolDowntimeMs)} | ${status} |`)
  }
  out.push('')
  for (const r of rows) {
    const text = r.error ?? r.note
    if (text !== undefined) out.push(`- ${TRANSFERS[r.transfer]} @ ${r.rateMbit} Mbit/s: ${text}`)
  }
  return out.join('\n') + '\n'
}

async function main (): Promise<void> {
  const o = parseArgs(process.argv.slice(2))
  if (process.getuid?.() !== 0) {
    process.stderr.write('vm-live-bench must run as root: it creates network namespaces, veth pairs and tc qdiscs.\n')
    process.exit(2)
  }
  const missing = missingPrerequisites()
  if (missing.length > 0) throw new Error(`cannot run a guest: ${missing.join('; ')} (sh testnet/vm/build-guest.sh installs them)`)
  if (o.transfers.includes('gdp')) await assertMigrateCliAvailable()
  installCleanupHandlers()
  // QEMU and gdp node processes are not the link's: on a signal they are killed here.
  onCleanup(killChildrenSync)
  const rows: Row[] = []
  const t0 = performance.now()
  const link = await EmulatedLink.create(o.rates[0]!)
  try {
    for (const rate of o.rates) {
      await link.setRate(rate)
      for (const id of o.transfers) {
        log(`${rate} Mbit/s: ${TRANSFERS[id]} ...`)
        const row = await runOne(id, rate, o, link)
        rows.push(row)
        if (row.error === undefined) {
          log(`  total ${row.totalSeconds!.toFixed(1)} s, ${fmtBytes(row.bytesAtoB! + row.bytesBtoA!)} on wire, downtime ${row.downtimeMs!.toFixed(0)} ms (tool: ${row.toolDowntimeMs?.toFixed(0) ?? '–'} ms), continued ${String(row.continued)}`)
        }
      }
    }
  } finally {
    await link.teardown()
  }
  process.stdout.write(table(rows, o))
  process.stdout.write(`\nTotal benchmark time: ${((performance.now() - t0) / 1000).toFixed(0)} s.\n`)
  if (o.json !== undefined) writeFileSync(o.json, JSON.stringify({ options: o, rows }, null, 2) + '\n')
  if (rows.some((r) => !r.ok)) process.exitCode = 1
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err))
  process.exitCode = 1
})

/**
 * How long a `gdp` command takes from its start to its exit, bundled (what
 * `gdp` is: dist/gdp/main.js, scripts/build-cli.mjs) against the same
 * command line unbundled (tsc's dist/src/cli/main.js, which loads every
 * module file on its own), run alternately in the same run.
 *
 * Against a router and a server (two `gdp node start` processes on
 * loopback, started from the bundle) and a local store: a local command
 * (`capsule read` of 3 records), and through the router `capsule info`,
 * `capsule append` and `capsule read` of a capsule on the server (each a
 * libp2p node of its own that dials, asks and exits). Each command runs
 * GDP_BENCH_RUNS times (default 15) per variant; the table gives medians of
 * the wall time and of the process's own CPU time (user + system, which it
 * writes at its exit through a preloaded module).
 *
 *   npm run bench:cli
 *
 * Prints a markdown table (stdout); progress goes to stderr.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { down, up, type TestnetState } from '../testnet/testnet.js'

const ROOT = join(import.meta.dirname, '../..')
const VARIANTS = [
  { label: 'unbundled (dist/src/cli/main.js)', main: join(ROOT, 'dist/src/cli/main.js') },
  { label: 'bundled (dist/gdp/main.js, gdp)', main: join(ROOT, 'dist/gdp/main.js') }
]
const RUNS = Number(process.env.GDP_BENCH_RUNS ?? 15)
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`GDP_BENCH_RUNS must be a whole number of runs, at least 1, not '${process.env.GDP_BENCH_RUNS}'`)

interface Sample { wallMs: number, cpuMs: number }

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

async function main (): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'gdp-cli-bench-'))
  const cpuFile = join(dir, 'cpu.json')
  // Preloaded into each command: its CPU time, written as it exits (the command line ends with process.exit).
  const preload = join(dir, 'cpu-at-exit.mjs')
  writeFileSync(preload, "import { writeFileSync } from 'node:fs'\nprocess.on('exit', () => { const u = process.cpuUsage(); writeFileSync(process.env.GDP_BENCH_CPU_FILE, JSON.stringify((u.user + u.system) / 1000)) })\n")
  const data = join(dir, 'client')
  const run = (main: string, args: string[]): Sample & { out: string } => {
    const started = performance.now()
    const r = spawnSync(process.execPath, ['--import', preload, main, '--data', data, ...args], { env: { ...process.env, GDP_BENCH_CPU_FILE: cpuFile } })
    const wallMs = performance.now() - started
    if (r.status !== 0) throw new Error(`gdp ${args.join(' ')}: exit ${r.status}: ${r.stderr.toString()}`)
    return { wallMs, cpuMs: Number(readFileSync(cpuFile, 'utf8')), out: r.stdout.toString().trim() }
  }
  const gdp = (args: string[]): string => run(VARIANTS[1]!.main, args).out
  let state: TestnetState | undefined
  try {
    process.stderr.write('starting a router and a server\n')
    state = await up({ domains: {}, nodes: { router: { role: 'router' }, server: { role: 'server', upstream: 'router' } } }, join(dir, 'run'))
    const router = state.nodes.find((n) => n.id === 'router')!.tcp
    const server = state.nodes.find((n) => n.id === 'server')!.name
    gdp(['keys', 'generate'])
    const local = gdp(['capsule', 'create'])
    gdp(['capsule', 'append', local, 'a', 'b', 'c'])
    const remote = gdp(['capsule', 'create', '--node', router, '--server', server])
    gdp(['capsule', 'append', remote, 'a', 'b', 'c', '--node', router])
    const commands: Array<[string, string[]]> = [
      ['capsule read, local store (3 records)', ['capsule', 'read', local]],
      ['capsule info --node', ['capsule', 'info', remote, '--node', router]],
      ['capsule append --node (1 record)', ['capsule', 'append', remote, 'x', '--node', router]],
      ['capsule read --node (every record)', ['capsule', 'read', remote, '--node', router]]
    ]
    const rows: string[] = []
    for (const [what, args] of commands) {
      const samples = VARIANTS.map(() => [] as Sample[])
      for (let i = 0; i < RUNS; i++) {
        // Alternated, each first in turn, so that neither gets the warmer caches or the quieter moments.
        for (const v of i % 2 === 0 ? [0, 1] : [1, 0]) samples[v]!.push(run(VARIANTS[v]!.main, args))
      }
      const [wallA, wallB] = samples.map((s) => median(s.map((x) => x.wallMs)))
      const [cpuA, cpuB] = samples.map((s) => median(s.map((x) => x.cpuMs)))
      process.stderr.write(`${what}: ${wallA!.toFixed(0)} -> ${wallB!.toFixed(0)} ms\n`)
      rows.push(`| ${what} | ${wallA!.toFixed(0)} | **${wallB!.toFixed(0)}** | ${(wallA! / wallB!).toFixed(2)}x | ${cpuA!.toFixed(0)} | ${cpuB!.toFixed(0)} | ${(cpuA! / cpuB!).toFixed(2)}x |`)
    }
    console.log(`\n${RUNS} runs of each, medians; node ${process.version}, ${os.cpus().length} cores\n`)
    console.log(`| command | wall ms, ${VARIANTS[0]!.label} | wall ms, ${VARIANTS[1]!.label} | faster | CPU ms, unbundled | CPU ms, bundled | less CPU |`)
    console.log('|---|---:|---:|---:|---:|---:|---:|')
    for (const row of rows) console.log(row)
  } finally {
    if (state !== undefined) await down(state)
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()

/**
 * "ours": `gdp migrate send` between two gdp node processes, node A in
 * namespace A and node B in namespace B, both holding the base image as a
 * registered base (registration is untimed preparation, as the baselines'
 * copies of the base are). The clock runs from the send request to the
 * receiver's verified commit.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { controlRequest } from '../../src/node/control.js'
import type { MigrationSummary } from '../../src/migration/sender.js'
import type { BackgroundProcess } from './netns.js'
import type { Method, MethodContext, MethodRun } from './runner.js'
import { sleep } from './util.js'

const CLI = fileURLToPath(new URL('../../gdp/main.js', import.meta.url))
const TICKS_PER_SECOND = 100

/** The summary of each run, by rate, for the table's notes. */
export const oursSummaries = new Map<string, MigrationSummary & { senderCpuSeconds: number }>()

interface Nodes { a: BackgroundProcess, b: BackgroundProcess, aData: string, bData: string, bAddress: string }
const nodes = new Map<string, Nodes>()

async function startNode (ctx: MethodContext, which: 'a' | 'b'): Promise<{ proc: BackgroundProcess, data: string, address: string }> {
  const data = path.join(ctx.workDir, which)
  const config = path.join(ctx.workDir, `${which}.yaml`)
  const address = which === 'a' ? ctx.addrA : ctx.addrB
  writeFileSync(config, [`data: ${data}`, 'role: server', `listen: [/ip4/${address}/tcp/${ctx.port}]`, 'migration_allow: [any]', ''].join('\n'))
  const proc = ctx.link.spawn(`gdp-${which}`, which === 'a' ? ctx.nsA : ctx.nsB, process.execPath, [CLI, 'node', 'start', '--config', config], path.join(ctx.workDir, `${which}.log`))
  for (let i = 0; i < 150; i++) {
    try {
      const status = JSON.parse(readFileSync(path.join(data, 'status.json'), 'utf8')) as { addresses: string[] }
      const addr = status.addresses.find((a) => a.includes(`/ip4/${address}/`))
      if (addr !== undefined) return { proc, data, address: addr }
    } catch { /* not written yet */ }
    await sleep(100)
  }
  throw new Error(`gdp node ${which} did not start (see ${path.join(ctx.workDir, `${which}.log`)})`)
}

function cpuSeconds (pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND
}

export const ours: Method = {
  id: 'ours',
  label: 'ours (gdp migrate send, auto mode)',
  tools: [],
  async prepare (ctx) {
    const a = await startNode(ctx, 'a')
    const b = await startNode(ctx, 'b')
    nodes.set(ctx.workDir, { a: a.proc, b: b.proc, aData: a.data, bData: b.data, bAddress: b.address })
    for (const data of [a.data, b.data]) await controlRequest(data, { op: 'base.add', args: { path: ctx.basePath } })
  },
  async run (ctx: MethodContext): Promise<MethodRun> {
    const n = nodes.get(ctx.workDir)!
    try {
      const pid = n.a.child.pid!
      const cpuBefore = cpuSeconds(pid)
      const started = performance.now()
      const summary = await controlRequest(n.aData, {
        op: 'migrate.send',
        args: { to: n.bAddress, name: 'bench', images: [{ name: 'disk', path: ctx.modifiedPath }], mode: process.env.GDP_BENCH_MODE ?? 'auto' }
      }) as MigrationSummary
      const seconds = (performance.now() - started) / 1000
      const senderCpuSeconds = cpuSeconds(pid) - cpuBefore
      oursSummaries.set(`${path.basename(ctx.workDir)}`, { ...summary, senderCpuSeconds })
      // The whole summary (every mode decision with its estimates) for a closer look.
      if (process.env.GDP_BENCH_SUMMARIES !== undefined) writeFileSync(path.join(process.env.GDP_BENCH_SUMMARIES, `${path.basename(ctx.workDir)}.json`), JSON.stringify({ ...summary, senderCpuSeconds }, null, 2))
      const modes = Object.entries(summary.modeSeconds).filter(([, s]) => s >= 0.05).map(([m, s]) => `${m} ${s.toFixed(1)} s`).join(', ')
      return {
        seconds,
        outputPath: path.join(summary.folder, 'disk'),
        note: `ratio ${summary.ratio.toFixed(3)}; modes: ${modes}; sender CPU ${senderCpuSeconds.toFixed(2)} s = ${(summary.inputBytes / 1048576 / Math.max(0.01, senderCpuSeconds)).toFixed(0)} MiB/s per core`
      }
    } finally {
      await Promise.all([n.a.kill(), n.b.kill()])
      nodes.delete(ctx.workDir)
    }
  }
}

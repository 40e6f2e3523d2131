// Runs the compiled `gdp` in a child process, in a folder of the test's own.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { join } from 'node:path'
import { waitFor } from '../helpers.js'

export const GDP_MAIN = join(import.meta.dirname, '../../dist/gdp/main.js')

export interface GdpRun { code: number, out: string, err: string }

/** Runs gdp in a child process without blocking this one, whose event loop may be running nodes: any outcome. */
export async function gdpAsync (args: string[]): Promise<GdpRun> {
  return await new Promise((resolve) => {
    execFile(process.execPath, [GDP_MAIN, ...args], (err, out, errOut) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, out, err: errOut })
    })
  })
}

/**
 * gdp (any outcome), ok (must succeed: its stdout), json (one JSON value) and lines (one per line), all run in `cwd`;
 * gdpAsync as gdp, without blocking this process (whose event loop may be running the nodes the command reaches).
 */
export function gdpIn (cwd: string): {
  gdp: (args: string[], input?: string | Buffer) => GdpRun
  gdpAsync: (args: string[], input?: string) => Promise<GdpRun>
  ok: (args: string[], input?: string | Buffer) => string
  json: (args: string[], input?: string | Buffer) => any
  lines: (args: string[]) => any[]
} {
  const gdp = (args: string[], input?: string | Buffer): GdpRun => {
    const r = spawnSync(process.execPath, [GDP_MAIN, ...args], { cwd, input })
    return { code: r.status ?? -1, out: r.stdout.toString(), err: r.stderr.toString() }
  }
  const ok = (args: string[], input?: string | Buffer): string => {
    const r = gdp(args, input)
    if (r.code !== 0) throw new Error(`gdp ${args.join(' ')} failed: ${r.err}`)
    return r.out
  }
  const gdpAsync = async (args: string[], input?: string): Promise<GdpRun> => await new Promise((resolve) => {
    const child = execFile(process.execPath, [GDP_MAIN, ...args], { cwd }, (err, out, errOut) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, out, err: errOut })
    })
    child.stdin?.end(input)
  })
  return {
    gdp,
    gdpAsync,
    ok,
    json: (args, input) => JSON.parse(ok([...args, '--json'], input)),
    lines: (args) => ok([...args, '--json']).trim().split('\n').map((l) => JSON.parse(l))
  }
}

/** A `gdp node start` running in the background: its process, its first JSON line (what it prints once up) and its exit. */
export interface StartedNode { child: ChildProcess, first: any, exited: Promise<number | null> }

/**
 * Starts `gdp --data <cwd>/<data> --json node start ...` in the background, in `cwd`, adding its process to
 * `children` (for the test to kill); resolves once it printed its first line.
 */
export async function startNode (cwd: string, children: ChildProcess[], data: string, args: string[]): Promise<StartedNode> {
  const child = spawn(process.execPath, [GDP_MAIN, '--data', join(cwd, data), '--json', 'node', 'start', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  let out = ''
  let err = ''
  child.stdout!.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => { resolve(code) }))
  await waitFor(() => out.includes('\n') || child.exitCode !== null, { timeoutMs: 30_000, what: `gdp node start for ${data} to come up (${err})` })
  return { child, first: JSON.parse(out.split('\n')[0]!), exited }
}

/**
 * Runs gdp in `cwd` with up to `total` bytes of `line`, again and again, written to its stdin (or to the FIFO `fifo`, which it
 * reads), a MiB at a time, as long as it reads them: its outcome, and how many bytes it was given before it exited
 * (those in the pipe it never read included, a MiB or two).
 */
export async function gdpWithEndlessInput (cwd: string, args: string[], total: number, fifo?: string, line = 'a'): Promise<{ code: number | null, err: string, written: number }> {
  const child = spawn(process.execPath, [GDP_MAIN, ...args], { cwd, stdio: [fifo === undefined ? 'pipe' : 'ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr!.on('data', (chunk: Buffer) => { err += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const sink = fifo === undefined ? child.stdin! : createWriteStream(fifo)
  sink.on('error', () => {})
  const piece = Buffer.alloc(1024 * 1024 - (1024 * 1024) % line.length, line)
  let written = 0
  while (written < total && child.exitCode === null) {
    const taken = await new Promise<boolean>((resolve) => sink.write(piece, (error) => { resolve(error == null) }))
    if (!taken) break
    written += piece.length
  }
  sink.destroy()
  return { code: await exited, err, written }
}

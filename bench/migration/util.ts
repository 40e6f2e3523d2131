/**
 * Small process and file helpers for the migration benchmark.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { accessSync, constants, createReadStream } from 'node:fs'
import path from 'node:path'

export interface ExecResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export interface ExecOptions {
  /** Do not throw when the command exits non-zero. */
  allowFail?: boolean
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Keep at most this many characters of stdout / stderr (default 1 MiB). */
  maxOutput?: number
}

/** Runs a command to completion; throws (with its stderr) on a non-zero exit unless `allowFail`. */
export function run (cmd: string, args: readonly string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const max = opts.maxOutput ?? 1 << 20
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { if (stdout.length < max) stdout += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < max) stderr += d })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const res = { code, signal, stdout, stderr }
      if (!opts.allowFail && code !== 0) {
        reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}: ${stderr.trim().slice(-2000)}`))
      } else resolve(res)
    })
  })
}

/** Absolute path of an executable on PATH (plus the sbin folders), or undefined. */
export function which (tool: string): string | undefined {
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/local/sbin', '/usr/sbin', '/sbin'])
  for (const d of dirs) {
    if (d === '') continue
    const p = path.join(d, tool)
    try { accessSync(p, constants.X_OK); return p } catch { /* next */ }
  }
  return undefined
}

export async function sha256File (file: string): Promise<string> {
  const h = createHash('sha256')
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer)
  return h.digest('hex')
}

/** Reads a file once so that later timed runs start from a warm page cache on both sides. */
export async function warm (file: string): Promise<void> {
  for await (const _chunk of createReadStream(file, { highWaterMark: 4 << 20 })) { /* discard */ }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

export const MiB = 1 << 20

export function fmtBytes (n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${n} B`
}

export function fmtDuration (s: number): string {
  if (s < 90) return `${s.toFixed(0)} s`
  return `${(s / 60).toFixed(1)} min`
}

export const log = (msg: string): void => { process.stderr.write(`[migration-bench] ${msg}\n`) }

/**
 * Baselines, each run from namespace A (sender, holds base + modified) to
 * namespace B (receiver, holds base) over the shaped veth:
 *
 *   raw      the modified image as-is over TCP (socat → socat)
 *   zstd     zstd -3 | TCP | zstd -d, pipelined (encode, transfer and decode overlap)
 *   rsync    rsync daemon in B whose destination file is a copy of base;
 *            `rsync --inplace --no-whole-file` from A (delta algorithm on),
 *            without and with `-z --compress-choice=zstd`
 *   xdelta3  xdelta3 -e -s base modified | TCP | xdelta3 -d -s base, pipelined,
 *            default level and -9; the source window (-B) covers the whole base
 *   zstd-patch  zstd --patch-from=base --long=N -3 / -19 | TCP | zstd -d
 *            --patch-from=base --long=N --memory=2^N, pipelined; the window
 *            2^N covers base and modified together
 *
 * Every `run` returns the wall time from the start of the sender until the
 * receiver's output file is complete; bytes and verification are measured by
 * `measure()` in runner.ts.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Method, MethodContext, MethodRun } from './runner.js'
import type { BackgroundProcess } from './netns.js'
import { MiB, run } from './util.js'

const q = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`
const SOCAT_BUF = 256 * 1024

/** Generous watchdog: three times the raw-copy time of the modified image, plus two minutes. */
function watchdogMs (ctx: MethodContext): number {
  return (3 * ctx.modifiedSize * 8 / (ctx.rateMbit * 1e6) + 120) * 1000
}

async function withWatchdog<T> (ms: number, what: string, procs: BackgroundProcess[], p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      for (const proc of procs) proc.killNow()
      reject(new Error(`${what}: no completion after ${(ms / 1000).toFixed(0)} s (watchdog)`))
    }, ms)
  })
  try { return await Promise.race([p, timeout]) } finally { clearTimeout(timer) }
}

/**
 * `sender` (a shell pipeline in A writing the stream to stdout) → TCP →
 * `receiver` (a shell pipeline in B reading stdin, writing stdout) → file.
 * `receiver` may be '' for a plain copy.
 */
async function streamTransfer (ctx: MethodContext, label: string, sender: string, receiver: string): Promise<MethodRun> {
  const out = path.join(ctx.workDir, 'received.img')
  const recvScript = `socat -u -b ${SOCAT_BUF} TCP-LISTEN:${ctx.port},bind=${ctx.addrB},reuseaddr STDOUT` +
    (receiver !== '' ? ` | ${receiver}` : '') + ` > ${q(out)}`
  const recv = ctx.link.spawnSh(`${label}-receiver`, ctx.nsB, recvScript, path.join(ctx.workDir, 'receiver.log'))
  try {
    await ctx.link.waitListening(ctx.nsB, ctx.port, 10_000, recv)
    const t0 = performance.now()
    const sendScript = `${sender} | socat -u -b ${SOCAT_BUF} STDIN TCP:${ctx.addrB}:${ctx.port}`
    const done = (async () => {
      await ctx.link.sh(ctx.nsA, sendScript)
      return await recv.exited
    })()
    const r = await withWatchdog(watchdogMs(ctx), label, [recv], done)
    const seconds = (performance.now() - t0) / 1000
    if (r.code !== 0) throw new Error(`${label} receiver exited with ${r.code ?? r.signal}`)
    return { seconds, outputPath: out }
  } finally {
    await recv.kill()
  }
}

export const rawCopy: Method = {
  id: 'raw',
  label: 'raw copy (socat)',
  tools: ['socat'],
  run: (ctx) => streamTransfer(ctx, 'raw', `cat ${q(ctx.modifiedPath)}`, '')
}

export const zstd3: Method = {
  id: 'zstd',
  label: 'zstd -3 → tcp → zstd -d (pipelined)',
  tools: ['zstd', 'socat'],
  run: (ctx) => streamTransfer(ctx, 'zstd', `zstd -3 -q -c ${q(ctx.modifiedPath)}`, 'zstd -d -q -c')
}

/** xdelta3's source window defaults to 64 MiB; we let it see the whole base (rounded up to MiB). */
function xdeltaWindow (ctx: MethodContext): number {
  return Math.max(64 * MiB, Math.ceil(ctx.baseSize / MiB) * MiB)
}

function xdelta (level: string | undefined): Method {
  const lvl = level !== undefined ? ` ${level}` : ''
  return {
    id: level !== undefined ? `xdelta3${level}` : 'xdelta3',
    label: `xdelta3${lvl} -B base (pipelined)`,
    tools: ['xdelta3', 'socat'],
    run: (ctx) => {
      const B = xdeltaWindow(ctx)
      return streamTransfer(ctx, 'xdelta3',
        `xdelta3 -e -c -f${lvl} -B ${B} -s ${q(ctx.basePath)} ${q(ctx.modifiedPath)}`,
        `xdelta3 -d -c -f -B ${B} -s ${q(ctx.basePath)}`)
    }
  }
}

export const xdelta3Default = xdelta(undefined)
export const xdelta3Best = xdelta('-9')

/** zstd accepts window logs up to 31 on 64-bit builds. */
const ZSTD_MAX_WINDOW_LOG = 31

/**
 * The window log for `--patch-from`: a match in the modified image may point
 * back across the whole of itself and the whole base (which zstd places in
 * front of it as a dictionary), so 2^N must cover both together. The
 * decompressor needs the same N and a memory limit of at least 2^N.
 */
export function patchWindowLog (baseSize: number, modifiedSize: number): number {
  const span = baseSize + modifiedSize
  let log = 10
  while (2 ** log < span) log++
  if (log > ZSTD_MAX_WINDOW_LOG) throw new Error(`zstd --patch-from: base + modified = ${span} bytes needs a window beyond 2^${ZSTD_MAX_WINDOW_LOG}`)
  return log
}

function zstdPatch (level: 3 | 19): Method {
  return {
    id: `zstd-patch-${level}`,
    label: `zstd -${level} --patch-from=base --long (pipelined)`,
    tools: ['zstd', 'socat'],
    run: async (ctx) => {
      const windowLog = patchWindowLog(ctx.baseSize, ctx.modifiedSize)
      const memoryMiB = Math.max(1, 2 ** windowLog / MiB)
      // The sender reads the modified image as a file: zstd refuses --patch-from on stdin without --stream-size.
      const r = await streamTransfer(ctx, `zstd-patch-${level}`,
        `zstd -${level} -q -c --long=${windowLog} --patch-from=${q(ctx.basePath)} ${q(ctx.modifiedPath)}`,
        `zstd -d -q -c --long=${windowLog} --memory=${memoryMiB}MB --patch-from=${q(ctx.basePath)}`)
      return { ...r, note: `--long=${windowLog}, decompressor --memory=${memoryMiB}MB` }
    }
  }
}

export const zstdPatch3 = zstdPatch(3)
export const zstdPatch19 = zstdPatch(19)

function rsyncMethod (compress: boolean): Method {
  return {
    id: compress ? 'rsync-z' : 'rsync',
    label: compress ? 'rsync --inplace -z (zstd)' : 'rsync --inplace',
    tools: ['rsync'],
    async prepare (ctx) {
      const dest = path.join(ctx.workDir, 'dest')
      mkdirSync(dest, { recursive: true })
      cpSync(ctx.basePath, path.join(dest, 'target.img'), { recursive: false })
      writeFileSync(path.join(ctx.workDir, 'rsyncd.conf'), [
        'use chroot = no',
        `pid file = ${path.join(ctx.workDir, 'rsyncd.pid')}`,
        '[m]',
        `  path = ${dest}`,
        '  read only = no',
        '  uid = 0',
        '  gid = 0',
        ''
      ].join('\n'))
      // The destination copy is written back to disk before timing starts.
      await run('sync', [])
    },
    async run (ctx) {
      const dest = path.join(ctx.workDir, 'dest', 'target.img')
      const daemon = ctx.link.spawn('rsyncd', ctx.nsB, 'rsync', ['--daemon', '--no-detach',
        `--config=${path.join(ctx.workDir, 'rsyncd.conf')}`, `--address=${ctx.addrB}`, `--port=${ctx.port}`,
        `--log-file=${path.join(ctx.workDir, 'rsyncd.log')}`])
      try {
        await ctx.link.waitListening(ctx.nsB, ctx.port, 10_000, daemon)
        const args = ['--inplace', '--no-whole-file', '--ignore-times', '--stats',
          ...(compress ? ['-z', '--compress-choice=zstd'] : []),
          ctx.modifiedPath, `rsync://${ctx.addrB}:${ctx.port}/m/target.img`]
        const t0 = performance.now()
        const r = await withWatchdog(watchdogMs(ctx), 'rsync', [daemon], ctx.link.exec(ctx.nsA, 'rsync', args))
        const seconds = (performance.now() - t0) / 1000
        const literal = /Literal data: ([\d,]+)/.exec(r.stdout)?.[1]
        const matched = /Matched data: ([\d,]+)/.exec(r.stdout)?.[1]
        const note = literal !== undefined && matched !== undefined ? `literal ${literal} B, matched ${matched} B` : undefined
        return { seconds, outputPath: dest, ...(note !== undefined ? { note } : {}) }
      } finally {
        await daemon.kill()
      }
    }
  }
}

export const rsyncPlain = rsyncMethod(false)
export const rsyncZstd = rsyncMethod(true)

export const BASELINES: readonly Method[] = [rawCopy, zstd3, rsyncPlain, rsyncZstd, xdelta3Default, xdelta3Best, zstdPatch3, zstdPatch19]

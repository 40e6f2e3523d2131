/**
 * The pipeline's two costly stages, hashing blocks and compressing chunks,
 * as tasks that run wherever they are handed: on a worker thread
 * (worker.ts, through WorkerPool) or on the calling thread (InlinePool).
 */
import { BLOCK_SIZE } from './batch.js'
import { paddedBlockHash } from './block-hashes.js'
import { compressWith, modeByName } from './codecs.js'

export type WorkerTask =
  | { id: number, type: 'hash', buffer: ArrayBuffer, length: number }
  /** Compresses `bytes` with each of `modes`; returns the first output when `keep`. */
  | { id: number, type: 'compress', bytes: Uint8Array, modes: string[], keep: boolean }

export type WorkerReply =
  | { id: number, type: 'hash', buffer: ArrayBuffer, hashes: Uint8Array, cpuUs: number }
  | { id: number, type: 'compress', body: Uint8Array | undefined, sizes: number[], cpuUs: number[] }
  | { id: number, type: 'error', message: string }

/** Runs one task; a failure is an error reply, as a worker would send it. */
export function runTask (task: WorkerTask): WorkerReply {
  const started = process.cpuUsage()
  try {
    if (task.type === 'hash') {
      const bytes = new Uint8Array(task.buffer, 0, task.length)
      const blocks = Math.ceil(task.length / BLOCK_SIZE)
      const hashes = new Uint8Array(blocks * 32)
      for (let b = 0; b < blocks; b++) hashes.set(paddedBlockHash(bytes.subarray(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE)), b * 32)
      return { id: task.id, type: 'hash', buffer: task.buffer, hashes, cpuUs: cpuSince(started) }
    }
    const sizes: number[] = []
    let body: Uint8Array | undefined
    const cpuUs: number[] = []
    for (const name of task.modes) {
      const t = process.cpuUsage()
      const out = compressWith(modeByName(name), task.bytes)
      cpuUs.push(cpuSince(t))
      sizes.push(out.length)
      body ??= out
    }
    return { id: task.id, type: 'compress', body: task.keep ? body : undefined, sizes, cpuUs }
  } catch (err) {
    return { id: task.id, type: 'error', message: (err as Error).message }
  }
}

function cpuSince (start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start)
  return d.user + d.system
}

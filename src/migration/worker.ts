/**
 * A pipeline worker thread: hashes blocks and compresses chunks, the two
 * costly stages, so they run on every core while the main thread plans,
 * signs and sends.
 */
import { parentPort } from 'node:worker_threads'
import { BLOCK_SIZE } from './batch.js'
import { paddedBlockHash } from './block-hashes.js'
import { compressWith, modeByName } from './codecs.js'
import type { WorkerReply, WorkerTask } from './pool.js'

const port = parentPort
if (port === null) throw new Error('worker.js runs as a worker thread')

port.on('message', (task: WorkerTask) => {
  const started = process.cpuUsage()
  let reply: WorkerReply
  try {
    if (task.type === 'hash') {
      const bytes = new Uint8Array(task.buffer, 0, task.length)
      const blocks = Math.ceil(task.length / BLOCK_SIZE)
      const hashes = new Uint8Array(blocks * 32)
      for (let b = 0; b < blocks; b++) hashes.set(paddedBlockHash(bytes.subarray(b * BLOCK_SIZE, (b + 1) * BLOCK_SIZE)), b * 32)
      reply = { id: task.id, type: 'hash', buffer: task.buffer, hashes, cpuUs: cpuSince(started) }
      port.postMessage(reply, [task.buffer, hashes.buffer])
    } else {
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
      reply = { id: task.id, type: 'compress', body: task.keep ? body : undefined, sizes, cpuUs }
      port.postMessage(reply)
    }
  } catch (err) {
    port.postMessage({ id: task.id, type: 'error', message: (err as Error).message })
  }
})

function cpuSince (start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start)
  return d.user + d.system
}

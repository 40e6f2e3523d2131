/**
 * A pipeline worker thread: hashes blocks and compresses chunks, the two
 * costly stages, so they run on every core while the main thread plans,
 * signs and sends.
 */
import { parentPort } from 'node:worker_threads'
import { runTask, type WorkerTask } from './pipeline-tasks.js'

const port = parentPort
if (port === null) throw new Error('worker.js runs as a worker thread')

port.on('message', (task: WorkerTask) => {
  const reply = runTask(task)
  port.postMessage(reply, reply.type === 'hash' ? [reply.buffer, reply.hashes.buffer as ArrayBuffer] : [])
})

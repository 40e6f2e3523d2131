/**
 * Where the pipeline's costly stages run (pipeline-tasks.ts): a fixed set of
 * worker threads with a shared queue (WorkerPool), or the calling thread
 * (InlinePool).
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { ServiceStoppedError, WorkerFailedError } from '../errors.js'
import { runTask, type WorkerReply, type WorkerTask } from './pipeline-tasks.js'

export type { WorkerReply, WorkerTask } from './pipeline-tasks.js'

type HashReply = Extract<WorkerReply, { type: 'hash' }>
type CompressReply = Extract<WorkerReply, { type: 'compress' }>

/** What the sender needs of a pool: the two stages, and how many tasks it runs at once. */
export interface PipelinePool {
  readonly size: number
  hash: (buffer: ArrayBuffer, length: number) => Promise<HashReply>
  compress: (bytes: Uint8Array, modes: string[], keep: boolean) => Promise<CompressReply>
}

/**
 * Runs the stages on the calling thread, one at a time. For migrations of a
 * few megabytes (a router's state): starting worker threads costs more CPU
 * than their work, and on a busy machine it takes that CPU from the
 * process's own traffic while the migration runs.
 */
export class InlinePool implements PipelinePool {
  readonly size = 1

  async hash (buffer: ArrayBuffer, length: number): Promise<HashReply> {
    return settled(runTask({ id: 0, type: 'hash', buffer, length })) as HashReply
  }

  async compress (bytes: Uint8Array, modes: string[], keep: boolean): Promise<CompressReply> {
    return settled(runTask({ id: 0, type: 'compress', bytes, modes, keep })) as CompressReply
  }
}

/** A reply, or the error a worker's error reply becomes. */
function settled (reply: WorkerReply): WorkerReply {
  if (reply.type === 'error') throw new WorkerFailedError(`pipeline: ${reply.message}`)
  return reply
}

type Pending = { task: WorkerTask, transfer: ArrayBuffer[], resolve: (r: WorkerReply) => void, reject: (e: Error) => void }

// Under the test runner this module runs from src/ as TypeScript; the worker always runs the built JavaScript:
// beside this module in dist/src/migration/, or beside the bundle's chunks in dist/gdp/ (scripts/build-cli.mjs).
const WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('../../dist/src/migration/worker.js', import.meta.url) : new URL('./worker.js', import.meta.url)

export class WorkerPool implements PipelinePool {
  readonly size: number
  readonly #idle: Worker[] = []
  readonly #all: Worker[] = []
  readonly #queue: Pending[] = []
  readonly #running = new Map<number, { worker: Worker, pending: Pending }>()
  #nextId = 1
  #closed = false
  #broken: Error | undefined

  constructor (size = Math.max(1, availableParallelism())) {
    this.size = size
    for (let i = 0; i < size; i++) {
      const worker = new Worker(WORKER_URL)
      worker.unref()
      worker.on('message', (reply: WorkerReply) => { this.#done(worker, reply) })
      worker.on('error', (err) => { this.#fail(err) })
      this.#all.push(worker)
      this.#idle.push(worker)
    }
  }

  async hash (buffer: ArrayBuffer, length: number): Promise<HashReply> {
    return await this.#run({ id: 0, type: 'hash', buffer, length }, [buffer]) as HashReply
  }

  async compress (bytes: Uint8Array, modes: string[], keep: boolean): Promise<CompressReply> {
    return await this.#run({ id: 0, type: 'compress', bytes, modes, keep }, []) as CompressReply
  }

  /** Tasks queued or running. */
  get load (): number { return this.#queue.length + this.#running.size }

  async #run (task: WorkerTask, transfer: ArrayBuffer[]): Promise<WorkerReply> {
    if (this.#closed) throw new ServiceStoppedError('the worker pool is closed')
    if (this.#broken !== undefined) throw this.#broken
    task.id = this.#nextId++
    return await new Promise<WorkerReply>((resolve, reject) => {
      this.#queue.push({ task, transfer, resolve, reject })
      this.#dispatch()
    })
  }

  #dispatch (): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const worker = this.#idle.pop()!
      const pending = this.#queue.shift()!
      worker.ref()
      this.#running.set(pending.task.id, { worker, pending })
      worker.postMessage(pending.task, pending.transfer)
    }
  }

  #done (worker: Worker, reply: WorkerReply): void {
    const running = this.#running.get(reply.id)
    if (running === undefined) return
    this.#running.delete(reply.id)
    worker.unref()
    this.#idle.push(worker)
    if (reply.type === 'error') running.pending.reject(new WorkerFailedError(`pipeline worker: ${reply.message}`))
    else running.pending.resolve(reply)
    this.#dispatch()
  }

  /** A worker that dies takes the pool with it: its task is lost, and a pool short of workers would stall. */
  #fail (err: Error): void {
    this.#broken ??= new WorkerFailedError(`a pipeline worker died: ${err.message}`)
    for (const running of this.#running.values()) running.pending.reject(this.#broken)
    this.#running.clear()
    for (const pending of this.#queue.splice(0)) pending.reject(this.#broken)
    void Promise.all(this.#all.map(async (w) => await w.terminate()))
  }

  async close (): Promise<void> {
    this.#closed = true
    for (const p of this.#queue.splice(0)) p.reject(new ServiceStoppedError('the worker pool is closed'))
    await Promise.all(this.#all.map(async (w) => await w.terminate()))
  }
}

/**
 * Socket events with their times, for the overlay bench's hop breakdown
 * (GDP_BENCH_TRACE=1, see overlay-bench.ts): loaded into every node process
 * with `--import`, and imported by the bench itself. Each process notes when
 * a socket hands it data, when it calls a socket's write and when that call
 * returns, on CLOCK_MONOTONIC, which all processes of the machine share, so
 * the events of all of them make one timeline. The notes are written to
 * <dir>/<pid>.json when the process exits. Loaded with GDP_SOCKET_TRACE_DIR
 * set, it starts at once (the node processes); else nothing is patched
 * until startSocketTrace (the bench).
 */
import { writeFileSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'

export const TRACE_EVENT = { data: 1, write: 2, written: 3 } as const

/** One process's events: [time in microseconds on CLOCK_MONOTONIC, TRACE_EVENT, bytes]. */
export interface SocketTrace {
  pid: number
  events: Array<[number, number, number]>
}

const CAPACITY = 1 << 20
const times = new Float64Array(CAPACITY)
const kinds = new Uint8Array(CAPACITY)
const details = new Float64Array(CAPACITY)
let count = 0

/** Microseconds on CLOCK_MONOTONIC: the clock of the events, to mark requests by. */
export const traceClockUs = (): number => Number(process.hrtime.bigint()) / 1000

function note (kind: number, detail: number): void {
  const at = count++ % CAPACITY
  times[at] = traceClockUs()
  kinds[at] = kind
  details[at] = detail
}

/** This process's events so far. */
export function ownTrace (): SocketTrace['events'] {
  const events: SocketTrace['events'] = []
  const first = count > CAPACITY ? count - CAPACITY : 0
  for (let i = first; i < count; i++) events.push([times[i % CAPACITY]!, kinds[i % CAPACITY]!, details[i % CAPACITY]!])
  return events
}

let started = false

/** Patches net.Socket to note its events from now on; with `dir`, writes them to `dir`/<pid>.json when the process exits. */
export function startSocketTrace (dir?: string): void {
  if (started) return
  started = true
  const socket = net.Socket.prototype as net.Socket & { emit: (event: string | symbol, ...args: unknown[]) => boolean }
  const emit = socket.emit
  socket.emit = function (this: net.Socket, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'data') note(TRACE_EVENT.data, (args[0] as Uint8Array).byteLength)
    return emit.call(this, event, ...args)
  }
  const write = socket.write as (...args: unknown[]) => boolean
  socket.write = function (this: net.Socket, ...args: unknown[]): boolean {
    note(TRACE_EVENT.write, (args[0] as Uint8Array | string).length)
    const done = write.apply(this, args)
    note(TRACE_EVENT.written, 0)
    return done
  } as net.Socket['write']
  if (dir === undefined) return
  process.on('exit', () => {
    const trace: SocketTrace = { pid: process.pid, events: ownTrace() }
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify(trace))
  })
}

const fromEnvironment = process.env.GDP_SOCKET_TRACE_DIR
if (fromEnvironment !== undefined && fromEnvironment !== '') startSocketTrace(fromEnvironment)

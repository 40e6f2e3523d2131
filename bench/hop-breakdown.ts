/**
 * Where a request's time goes on its way through processes: from the
 * socket events of every process on its path (socket-trace.ts), each
 * request is followed hop by hop. For each process: from the data that
 * brought the request (or, for the first, from the mark that began it) to
 * its next socket write call ("in the process"), and from that call to the
 * next process's data ("between processes": the system call, which on
 * loopback runs the receiver's TCP input, then waking the receiver and
 * scheduling it). How long the write call took is given apart: it overlaps
 * the next process, which may have the data before the call returns.
 * Medians over the requests.
 */
import { TRACE_EVENT, type SocketTrace } from './socket-trace.js'

export interface HopRow {
  /** What the row measures, e.g. `a-router: data in -> write`. */
  step: string
  p50: number
  mean: number
}

export interface HopBreakdown {
  rows: HopRow[]
  /** Requests followed from end to end. */
  requests: number
  /** Median of each followed request's whole time, from its begin mark to its end mark. */
  totalP50: number
}

interface Timeline { data: number[], write: number[], written: number[] }

function timelineOf (events: SocketTrace['events']): Timeline {
  const t: Timeline = { data: [], write: [], written: [] }
  for (const [time, kind] of events) {
    if (kind === TRACE_EVENT.data) t.data.push(time)
    else if (kind === TRACE_EVENT.write) t.write.push(time)
    else if (kind === TRACE_EVENT.written) t.written.push(time)
  }
  return t
}

/** The first time in sorted `times` after `after`, or undefined. */
function firstAfter (times: number[], after: number): number | undefined {
  let lo = 0
  let hi = times.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (times[mid]! > after) hi = mid
    else lo = mid + 1
  }
  return times[lo]
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length

/**
 * Follows requests along `path`: the processes a request and its answer
 * pass in order, the first and last being the one that marks each request
 * (`begins` and `ends`, one pair per request, in its own timeline). A
 * request whose chain of events breaks (an event missing before its end)
 * is left out.
 */
export function hopBreakdown (traces: Map<string, SocketTrace['events']>, path: string[], begins: number[], ends: number[]): HopBreakdown {
  const timelines = path.map((p) => {
    const events = traces.get(p)
    if (events === undefined) throw new Error(`no socket trace of ${p}`)
    return timelineOf(events)
  })
  const hops = path.length - 1
  const inProcess: number[][] = path.map(() => [])
  const writes: number[][] = Array.from({ length: hops }, () => [])
  const between: number[][] = Array.from({ length: hops }, () => [])
  const totals: number[] = []
  requests: for (let r = 0; r < begins.length; r++) {
    const begin = begins[r]!
    const end = ends[r]!
    const row: Array<{ inProcess: number, write: number, between: number }> = []
    let arrived = begin
    for (let k = 0; k < hops; k++) {
      const t = timelines[k]!
      const write = firstAfter(t.write, arrived)
      const written = write === undefined ? undefined : firstAfter(t.written, write)
      const next = write === undefined ? undefined : firstAfter(timelines[k + 1]!.data, write)
      if (written === undefined || next === undefined || next > end) continue requests
      row.push({ inProcess: write! - arrived, write: written - write!, between: next - write! })
      arrived = next
    }
    row.forEach((x, k) => {
      inProcess[k]!.push(x.inProcess)
      writes[k]!.push(x.write)
      between[k]!.push(x.between)
    })
    inProcess[hops]!.push(end - arrived)
    totals.push(end - begin)
  }
  const rows: HopRow[] = []
  const add = (step: string, xs: number[]): void => { rows.push({ step, p50: median(xs), mean: mean(xs) }) }
  for (let k = 0; k < hops; k++) {
    add(k === 0 ? `${path[0]}: request begun -> write` : `${path[k]}: data in -> write`, inProcess[k]!)
    add(`${path[k]} -> ${path[k + 1]}: write called -> data in`, between[k]!)
    add(`(${path[k]}: the write call, overlapping)`, writes[k]!)
  }
  add(`${path[hops]}: data in -> answer taken`, inProcess[hops]!)
  return { rows, requests: totals.length, totalP50: median(totals) }
}

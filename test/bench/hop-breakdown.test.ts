// The hop breakdown follows each request through the socket events of the processes on its path.
import { describe, expect, it } from 'vitest'
import { hopBreakdown } from '../../bench/hop-breakdown.js'
import { TRACE_EVENT, type SocketTrace } from '../../bench/socket-trace.js'

const { data, write, written } = TRACE_EVENT
type Events = SocketTrace['events']

describe('hop breakdown', () => {
  it('splits each request into time in each process and between processes, data that comes before the write returns included', () => {
    // client -> router -> server -> router -> client, two requests; in the second the router has the data before the client's write returns.
    const client: Events = [[10, write, 100], [30, written, 0], [200, data, 90], [510, write, 100], [520, written, 0], [700, data, 90]]
    const router: Events = [[40, data, 100], [60, write, 100], [70, written, 0], [150, data, 90], [160, write, 90], [170, written, 0],
      [515, data, 100], [540, write, 100], [545, written, 0], [650, data, 90], [660, write, 90], [665, written, 0]]
    const server: Events = [[80, data, 100], [120, write, 90], [130, written, 0], [560, data, 100], [600, write, 90], [610, written, 0]]
    const traces = new Map([['client', client], ['router', router], ['server', server]])
    const result = hopBreakdown(traces, ['client', 'router', 'server', 'router', 'client'], [0, 500], [210, 705])
    expect(result.requests).toBe(2)
    const row = (step: string): number[] => { const r = result.rows.find((x) => x.step === step)!; return [r.p50, r.mean] }
    expect(row('client: request begun -> write')).toEqual([10, 10])
    expect(row('client -> router: write called -> data in')).toEqual([30, 17.5])
    expect(row('(client: the write call, overlapping)')).toEqual([20, 15])
    expect(row('router: data in -> write')).toEqual([25, 22.5])
    expect(row('server: data in -> write')).toEqual([40, 40])
    expect(row('client: data in -> answer taken')).toEqual([10, 7.5])
    expect(result.totalP50).toBe(210)
    // Every step of a request together is its whole time.
    const sum = result.rows.filter((r) => !r.step.startsWith('(')).reduce((n, r) => n + r.mean, 0)
    expect(sum).toBe((210 + 205) / 2)
  })

  it('leaves out a request whose chain breaks before its end, and names a process without a trace', () => {
    const client: Events = [[10, write, 100], [20, written, 0], [100, data, 90]]
    const server: Events = [[30, data, 100]] // it never answers
    const result = hopBreakdown(new Map([['client', client], ['server', server]]), ['client', 'server', 'client'], [0], [110])
    expect(result.requests).toBe(0)
    expect(() => hopBreakdown(new Map([['client', client]]), ['client', 'server', 'client'], [0], [110])).toThrow(/no socket trace of server/)
  })
})

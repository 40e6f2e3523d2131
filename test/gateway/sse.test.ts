// src/gateway/sse.ts: an event that many streams send alike is built once and its frame shared, within a byte budget.
import { PassThrough } from 'node:stream'
import type { FastifyReply } from 'fastify'
import { describe, expect, it } from 'vitest'
import { EventStreams, type EventStream } from '../../src/gateway/sse.js'

/** A stream on a response that keeps what is written to it. */
function openStream (streams: EventStreams): { stream: EventStream, written: () => string } {
  const raw = new PassThrough() as PassThrough & { writeHead: () => void }
  raw.writeHead = () => {}
  const chunks: Buffer[] = []
  raw.on('data', (chunk: Buffer) => chunks.push(chunk))
  const stream = streams.open({ raw, hijack: () => {} } as unknown as FastifyReply)
  return { stream, written: () => Buffer.concat(chunks).toString() }
}

describe('EventStreams.sendShared', () => {
  it('builds the frame of one key once for every stream that sends it, and frames of other keys apart', async () => {
    const streams = new EventStreams({ keepAliveMs: 60_000, maxStreams: 8, maxBufferedBytes: 1 << 20, stopping: () => new AbortController().signal })
    const open = [openStream(streams), openStream(streams), openStream(streams)]
    let builds = 0
    for (const { stream } of open) await stream.sendShared('change 1', 'change', () => { builds++; return { value: 'x' } }, '1')
    await open[0]!.stream.sendShared('change 2', 'change', () => { builds++; return { value: 'y' } }, '2')
    expect(builds).toBe(2)
    await new Promise((resolve) => setImmediate(resolve))
    for (const { written } of open) expect(written()).toContain('id: 1\nevent: change\ndata: {"value":"x"}\n\n')
    expect(open[0]!.written()).toContain('id: 2\nevent: change\ndata: {"value":"y"}\n\n')
    for (const { stream } of open) stream.end()
  })

  it('keeps frames within maxSharedFrameBytes, the latest first: past it, an older frame is built again', async () => {
    const streams = new EventStreams({ keepAliveMs: 60_000, maxStreams: 8, maxBufferedBytes: 1 << 20, stopping: () => new AbortController().signal, maxSharedFrameBytes: 200 })
    const { stream } = openStream(streams)
    let builds = 0
    const send = async (key: string, size: number): Promise<void> => { await stream.sendShared(key, 'e', () => { builds++; return 'x'.repeat(size) }) }
    // Each frame is about 90 bytes: its event and data lines around 72 bytes of JSON.
    await send('a', 70)
    await send('b', 70)
    await send('a', 70)
    expect(builds).toBe(2) // about 180 bytes kept: within 200
    await send('c', 70)
    await send('b', 70)
    expect(builds).toBe(4) // about 270, past 200: b, the least recently sent, went
    await send('big', 500)
    await send('big', 500)
    expect(builds).toBe(5) // a frame larger than all the budget is kept alone, for the streams sending it now
    stream.end()
  })
})

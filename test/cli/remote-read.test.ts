// `gdp capsule read --node` reads a range in windows and prints each as it
// comes, so what it holds is one window, not the range: the windows over a
// client, a router and a capsule server on in-memory links (the command
// itself is tested against a running overlay in remote.test.ts).
import { afterEach, describe, expect, it } from 'vitest'
import { remoteReadWindows } from '../../src/cli/capsule-commands.js'
import type { GdpClient } from '../../src/client/client.js'
import type { testCapsule } from '../helpers.js'
import { clock, type MemoryNode } from '../routing/memory-links.js'
import { servedCapsule } from '../client/served-capsule.js'

describe('remoteReadWindows', () => {
  const cleanups: Array<() => Promise<void> | void> = []
  afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

  /** Client -> router -> server, a capsule of `sizes.length` records, record i of sizes[i] bytes, each filled with i. */
  async function capsuleOf (sizes: number[]): Promise<{ client: GdpClient, s: MemoryNode, name: Uint8Array, metadata: ReturnType<typeof testCapsule>['signed'] }> {
    const { client, s, capsule } = await servedCapsule((undo) => cleanups.push(undo))
    const w = await client.writer(capsule.name, capsule.writer)
    await client.append(w, sizes.map((size, i) => new Uint8Array(size).fill(i)), clock())
    return { client, s, name: capsule.name, metadata: capsule.signed }
  }

  const readsSeen = (s: MemoryNode): number => s.seen.filter((p) => p.request?.read != null).length

  it('every record once, in order, a window at a time, each ending with the record that reaches the window\'s bytes', async () => {
    // 16 small records, then 24 of 64 KiB: a window ends with the record that brings it to 256 KiB, so 4 of them.
    const sizes = [...Array.from({ length: 16 }, () => 10), ...Array.from({ length: 24 }, () => 64 * 1024)]
    const { client, s, name, metadata } = await capsuleOf(sizes)
    const before = readsSeen(s)
    const windows: number[][] = []
    for await (const records of remoteReadWindows(client, name, { from: 0, to: sizes.length }, metadata, { records: 8, bytes: 256 * 1024 })) {
      windows.push(records.map((r) => r.header.seqno))
      for (const r of records) expect(r.payload[0]).toBe(r.header.seqno)
    }
    expect(windows.flat()).toEqual(Array.from({ length: sizes.length }, (_, i) => i))
    // 8 small records (window.records), 8 more, then 4 of 64 KiB at a time.
    expect(windows.map((w) => w.length)).toEqual([8, 8, 4, 4, 4, 4, 4, 4])
    expect(readsSeen(s) - before).toBe(windows.length)
  })

  it('a range past the end reads to the end, and one past it reads nothing', async () => {
    const { client, name, metadata } = await capsuleOf(Array.from({ length: 20 }, () => 10))
    const seqnos = async (from: number, to: number): Promise<number[]> => {
      const got: number[] = []
      for await (const records of remoteReadWindows(client, name, { from, to }, metadata, { records: 4, bytes: 1024 })) got.push(...records.map((r) => r.header.seqno))
      return got
    }
    expect(await seqnos(5, 1000)).toEqual(Array.from({ length: 15 }, (_, i) => 5 + i))
    expect(await seqnos(25, 30)).toEqual([])
  })
})

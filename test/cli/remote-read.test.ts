// `gdp capsule read --node` reads a range in windows and prints each as it
// comes, so what it holds is one window, not the range: the windows over a
// client, a router and a capsule server on in-memory links, then the command
// line (a separate process) against a router and a server over loopback.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { remoteReadWindows } from '../../src/cli/capsule-commands.js'
import { formatName } from '../../src/capsule/name.js'
import { GdpClient } from '../../src/client/client.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { tempDir, testCapsule, waitFor } from '../helpers.js'
import { clock, type MemoryNode } from '../routing/memory-links.js'
import { servedCapsule } from '../client/served-capsule.js'
import { GDP_MAIN as main } from './run-gdp.js'

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

  it('every record once, in order, a window at a time, each no larger than the records before it allow', async () => {
    // 16 small records, then 24 of 64 KiB: a window holds 256 KiB of the largest record seen, so at most 4 of them.
    const sizes = [...Array.from({ length: 16 }, () => 10), ...Array.from({ length: 24 }, () => 64 * 1024)]
    const { client, s, name, metadata } = await capsuleOf(sizes)
    const before = readsSeen(s)
    const windows: number[][] = []
    for await (const records of remoteReadWindows(client, name, { from: 0, to: sizes.length }, metadata, { records: 8, bytes: 256 * 1024 })) {
      windows.push(records.map((r) => r.header.seqno))
      for (const r of records) expect(r.payload[0]).toBe(r.header.seqno)
    }
    expect(windows.flat()).toEqual(Array.from({ length: sizes.length }, (_, i) => i))
    // 8 small records, 8 more (window.records), 8 of 64 KiB (larger than any before: the one window over the bytes), then 4 at a time.
    expect(windows.map((w) => w.length)).toEqual([8, 8, 8, 4, 4, 4, 4])
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

describe('gdp capsule read --node over several windows', () => {
  const dir = tempDir('gdp-cli-remote-read-')
  const nodes: GdpNode[] = []
  let at = ''
  let server: GdpNode
  let name = ''
  const RECORDS = 100

  async function gdp (args: string[]): Promise<string> {
    return await new Promise((resolve, reject) => {
      execFile(process.execPath, [main, '--data', join(dir.path, 'cli'), ...args], { cwd: dir.path, maxBuffer: 64 << 20 }, (err, out, errOut) => {
        if (err === null) resolve(out)
        else reject(new Error(`gdp ${args.join(' ')} failed: ${errOut}`))
      })
    })
  }
  const seqnos = async (args: string[]): Promise<number[]> =>
    (await gdp([...args, '--json'])).trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l).seqno)

  beforeAll(async () => {
    const router = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir.path, 'router'), role: 'router', listen: ['/ip4/127.0.0.1/tcp/0'] })
    await router.start()
    nodes.push(router)
    server = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir.path, 'server'), role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], upstream: router.multiaddrs()[0] })
    await server.start()
    nodes.push(server)
    await server.upstreamReady(10_000)
    at = router.multiaddrs()[0]!
    await gdp(['keys', 'generate'])
    name = JSON.parse(await gdp(['capsule', 'create', '--node', at, '--server', formatName(server.name), '--json'])).name
    await waitFor(async () => await gdp(['capsule', 'info', name, '--node', at]), { timeoutMs: 20_000, intervalMs: 200, what: 'the new capsule to be routed' })
    await gdp(['capsule', 'append', name, ...Array.from({ length: RECORDS }, (_, i) => `r${i}`), '--node', at])
  }, 60_000)

  afterAll(async () => {
    for (const n of nodes.reverse()) await n.stop()
    dir.cleanup()
  })

  it('prints every record once, in order, read a window at a time', async () => {
    const delivered = server.forwarder.counters.delivered
    expect(await seqnos(['capsule', 'read', name, '--node', at])).toEqual(Array.from({ length: RECORDS }, (_, i) => i))
    // Its info and a read per window (16, 32, then the 52 left) reached the server.
    expect(server.forwarder.counters.delivered - delivered).toBeGreaterThanOrEqual(4)
    expect(await seqnos(['capsule', 'read', name, '--last', '60', '--node', at])).toEqual(Array.from({ length: 60 }, (_, i) => 40 + i))
    expect(await seqnos(['capsule', 'read', name, '--from', '10', '--to', '500', '--node', at])).toEqual(Array.from({ length: 90 }, (_, i) => 10 + i))
    expect((await gdp(['capsule', 'read', name, '--from', '98', '--node', at, '--raw'])).toString()).toBe('r98r99')
  }, 30_000)
})

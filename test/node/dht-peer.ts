// A bare libp2p peer of a lookup router's DHT, for the tests that attack
// its streams: connections from the test's process, stopped after each test.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Connection, Stream } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterEach, onTestFinished } from 'vitest'
import type { GdpNode } from '../../src/node/node.js'
import { waitFor } from '../helpers.js'

export const DHT_PROTOCOL = '/gdp/kad/1.0.0'

/** A kad-dht PING of its type alone, with its length prefix. */
export const SMALL_PING = new Uint8Array([2, 0x08, 0x05])

const peers: Libp2p[] = []
afterEach(async () => { for (const p of peers.splice(0)) await p.stop() })

/** A connection to `router` from a new bare libp2p peer. */
export async function connectionTo (router: GdpNode): Promise<Connection> {
  const peer = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
  await peer.start()
  peers.push(peer)
  return await peer.dial(multiaddr(router.multiaddrs()[0]!))
}

/** The first bytes of the answer on `stream`. */
export function answer (stream: Stream): Promise<Uint8Array> {
  return new Promise((resolve) => { stream.addEventListener('message', (event) => { resolve(event.data.subarray()) }, { once: true }) })
}

/**
 * While `flood` lasts (after its first `startMs`, for its process to start
 * and dial): this process's event loop's longest hold (`lag`, ms) and the
 * round trips of honest PINGs on `honest` (ms), one on a new stream every
 * `everyMs` (the stream's opening counted).
 */
export async function pingsDuring (honest: Connection, flood: Promise<unknown>, everyMs: number, startMs = 500): Promise<{ lag: number, latencies: number[] }> {
  const latencies: number[] = []
  let lag = 0
  let last = performance.now()
  const ticks = setInterval(() => { const now = performance.now(); lag = Math.max(lag, now - last - 20); last = now }, 20)
  let done = false
  void flood.finally(() => { done = true }).catch(() => {})
  await new Promise((resolve) => setTimeout(resolve, startMs))
  try {
    while (!done) {
      const sent = performance.now()
      const stream = await honest.newStream(DHT_PROTOCOL)
      const answered = answer(stream)
      stream.send(SMALL_PING)
      await waitFor(answered, { timeoutMs: 10_000, what: 'an honest PING to be answered during the flood' })
      latencies.push(performance.now() - sent)
      await stream.close()
      await new Promise((resolve) => setTimeout(resolve, everyMs))
    }
  } finally {
    clearInterval(ticks)
  }
  return { lag, latencies }
}

/**
 * The start of an attacker's script (attackerProcess): its imports, and
 * `requesters(target, protocol, addresses, connections, request, then)`,
 * which from each of `addresses` (127.x) has a peer of its own dial
 * `connections` connections to `target`, open a `protocol` stream on each,
 * send it `request` (hex) and call `then` with { address, connection,
 * stream } at once (before the answer fills the stream's read buffer), and
 * resolves to them all.
 */
export const REQUESTERS = `
import { createLibp2p } from 'libp2p'
import { tcp } from '@libp2p/tcp'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { multiaddr } from '@multiformats/multiaddr'
if (typeof Promise.withResolvers !== 'function') Promise.withResolvers = function () { let resolve, reject; const promise = new this((a, b) => { resolve = a; reject = b }); return { promise, resolve, reject } }
async function requesters (target, protocol, addresses, connections, request, then) {
  const lanes = []
  await Promise.all(addresses.map(async (address) => {
    const node = await createLibp2p({ transports: [tcp({ dialOpts: { localAddress: address } })], connectionEncrypters: [noise()], streamMuxers: [yamux()], connectionManager: { maxConnections: 1000 } })
    await node.start()
    for (let c = 0; c < connections; c++) {
      const connection = await node.dial(multiaddr(target), { force: true })
      const stream = await connection.newStream(protocol)
      stream.send(Buffer.from(request, 'hex'))
      const lane = { address, connection, stream }
      then(lane)
      lanes.push(lane)
    }
  }))
  return lanes
}
`

/** Runs `script` (an ES module's text) in a process of its own with `args` as JSON, killed after the test; resolves to the JSON of its last line of output. */
export function attackerProcess<T> (script: string, args: unknown[]): Promise<T> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(args)], { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] })
  onTestFinished(() => { child.kill('SIGKILL') })
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => {
      try { resolve(JSON.parse(out.trim().split('\n').at(-1)!) as T) } catch { reject(new Error(`attacker exited ${String(code)}: ${out}`)) }
    })
  })
}

/**
 * A subscriber that never reads, against a real server node on loopback
 * (in this process, with the writer, the reader and the attacker):
 *
 * - the attacker dials the server, opens a PDU stream, pauses it (so yamux
 *   stops granting window: the server's sends back up) and sends 1,000
 *   subscribe requests for a capsule;
 * - meanwhile a writer appends 4 KiB records one at a time (each append
 *   goes to every subscriber) and a reader reads the latest record after
 *   each append, for DURATION_MS (or until RSS passes ABORT_RSS_MB).
 *
 * It prints the process's RSS and heap (external included) every second,
 * the append and read latencies, and the server's counters.
 *
 *   npm run build && node dist/bench/slow-subscribers-bench.js [--seconds 20] [--subscriptions 1000] [--json out.json]
 *
 * (`--subscriptions 0`: the same without the attacker's subscriptions, for a baseline.)
 */
import { writeFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import '../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../src/node/config.js'
import { GdpNode } from '../src/node/node.js'
import { nodeNameOfPeer, PDU_PROTOCOL } from '../src/node/pdu-transport.js'
import { lengthPrefixed, pb } from '../src/wire/index.js'

const args = process.argv.slice(2)
const option = (name: string): string | undefined => { const i = args.indexOf(`--${name}`); return i < 0 ? undefined : args[i + 1] }
const DURATION_MS = Number(option('seconds') ?? 20) * 1000
const ABORT_RSS_MB = 6000
const SUBSCRIPTIONS = Number(option('subscriptions') ?? 1000)
const RECORD_BYTES = 4096
const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024)
const percentile = (xs: number[], p: number): number => { const s = [...xs].sort((a, b) => a - b); return s.length === 0 ? NaN : Math.round(s[Math.min(s.length - 1, Math.floor(p * s.length))]! * 10) / 10 }
const memory = (): { rss: number, heap: number } => { const m = process.memoryUsage(); return { rss: mb(m.rss), heap: mb(m.heapUsed + m.external) } }

async function main (): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'gdp-slow-subscribers-'))
  const server = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir, 'server'), role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] })
  await server.start()
  const clientConfig = { ...DEFAULT_CONFIG, data: join(dir, 'client'), role: 'client' as const, listen: [], upstream: server.multiaddrs()[0] }
  const writer = await GdpNode.create(clientConfig, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
  const reader = await GdpNode.create(clientConfig, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
  for (const n of [writer, reader]) { await n.start(); await n.upstreamReady(10_000) }
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: Date.now() * 1000, nonce: new Uint8Array(16).fill(3) })
  const name = capsuleName(metadata)
  await writer.client.create(signMetadata(metadata, owner), server.name)
  const w = await writer.client.writer(name, owner)
  await writer.client.append(w, [new Uint8Array(RECORD_BYTES).fill(1)], Date.now() * 1000)

  // The attacker: a paused PDU stream (no window updates, so nothing the server sends is taken) and 1,000 subscriptions.
  const attacker = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
  await attacker.start()
  const connection = await attacker.dial(multiaddr(server.multiaddrs()[0]!))
  const stream = await connection.newStream(PDU_PROTOCOL)
  stream.pause()
  const source = nodeNameOfPeer(attacker.peerId)
  const frames = Array.from({ length: SUBSCRIPTIONS }, () => {
    const nonce = crypto.getRandomValues(new Uint8Array(16))
    return lengthPrefixed(pb.Pdu.encode({ version: 1, destination: name, source, ttl: 16, nonce, request: { subscribe: { fromSeqno: 0, proofs: true } } }).finish())
  })
  stream.send(Buffer.concat(frames))
  await new Promise((resolve) => setTimeout(resolve, 500))
  const start = memory()
  console.log(`subscribed ${SUBSCRIPTIONS}; at start: rss ${start.rss} MB, heap+external ${start.heap} MB`)

  const appendMs: number[] = []
  const readMs: number[] = []
  const samples: Array<{ s: number, rss: number, heap: number }> = []
  const began = Date.now()
  let nextSample = began + 1000
  let appended = 0
  let failures = 0
  let aborted = false
  while (Date.now() - began < DURATION_MS) {
    let t = performance.now()
    try {
      await writer.client.append(w, [new Uint8Array(RECORD_BYTES).fill(appended & 0xff)], Date.now() * 1000)
      appendMs.push(performance.now() - t)
      appended++
      t = performance.now()
      await reader.client.read(name, { last: 1 })
      readMs.push(performance.now() - t)
    } catch (err) {
      failures++
      console.log(`failed: ${(err as Error).message}`)
      if (failures > 20) break
    }
    if (Date.now() >= nextSample) {
      nextSample += 1000
      const m = memory()
      samples.push({ s: Math.round((Date.now() - began) / 1000), ...m })
      console.log(`t=${samples.at(-1)!.s}s appends ${appended} rss ${m.rss} MB heap+external ${m.heap} MB; server: ${String(server.stats().subscriptions)} subscriptions`)
      if (m.rss > ABORT_RSS_MB) { aborted = true; console.log('aborting: RSS over the limit'); break }
    }
  }
  const end = memory()
  const stats = server.stats()
  const result = {
    seconds: Math.round((Date.now() - began) / 1000),
    aborted,
    appended,
    failures,
    rssStartMb: start.rss,
    rssEndMb: end.rss,
    rssMaxMb: Math.max(start.rss, ...samples.map((s) => s.rss)),
    heapStartMb: start.heap,
    heapEndMb: end.heap,
    appendMs: { p50: percentile(appendMs, 0.5), p99: percentile(appendMs, 0.99) },
    readMs: { p50: percentile(readMs, 0.5), p99: percentile(readMs, 0.99) },
    server: { subscriptions: stats.subscriptions, service: stats.service, forwarder: stats.forwarder, transport: stats.transport }
  }
  console.log(JSON.stringify(result, null, 2))
  const json = option('json')
  if (json !== undefined) writeFileSync(json, JSON.stringify(result, null, 2))
  stream.abort(new Error('done'))
  await attacker.stop()
  for (const n of [reader, writer, server]) await n.stop()
  rmSync(dir, { recursive: true, force: true })
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1) })

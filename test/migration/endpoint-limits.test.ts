// The migration endpoint (/gdp/migrate/1.0.0) of a real node, as a
// stranger reaches it over TCP, Noise and yamux: a node not in
// migration_allow is refused before anything it sends is buffered; an
// allowed one may send a hello first and no more (a larger first frame
// resets the stream), and a stream with no hello is closed after the
// hello timeout (HELLO_TIMEOUT_MS, 10 s, unless the node is given another:
// these tests give 1 s).
import { noise } from '@chainsafe/libp2p-noise'
import type { Stream } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { MAX_HELLO_FRAME_BYTES, MIGRATE_PROTOCOL } from '../../src/migration/channel.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { pduMuxer } from '../../src/node/pdu-transport.js'
import { FrameDecoder, lengthPrefix, pb } from '../../src/wire/index.js'
import { tempDir } from '../helpers.js'

const MIB = 1024 * 1024
/** The receiving node's wait for a hello: shorter than the default, which these tests would otherwise wait out. */
const HELLO_TIMEOUT_MS = 1000
const stops: Array<() => Promise<void>> = []
afterEach(async () => { for (const stop of stops.splice(0).reverse()) await stop().catch(() => {}) })

async function receiver (config: Partial<NodeConfig>): Promise<GdpNode> {
  const dir = tempDir()
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, ...config, data: dir.path, role: 'router', listen: ['/ip4/127.0.0.1/tcp/0'] }, { migrationHelloTimeoutMs: HELLO_TIMEOUT_MS })
  await node.start()
  stops.push(async () => { await node.stop(); dir.cleanup() })
  return node
}

/** A bare libp2p peer's migration stream to `to`: what comes back is decoded as migration frames. */
async function migrateStream (to: GdpNode): Promise<{ stream: Stream, frames: pb.MigrateFrame[], closed: Promise<void> }> {
  const peer: Libp2p = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [pduMuxer()] })
  stops.push(async () => { await peer.stop() })
  const stream = await peer.dialProtocol(multiaddr(to.multiaddrs()[0]!), MIGRATE_PROTOCOL)
  const frames: pb.MigrateFrame[] = []
  const decoder = new FrameDecoder(MIB)
  stream.addEventListener('message', (event) => { for (const f of decoder.decode(event.data)) frames.push(pb.MigrateFrame.decode(f.subarray())) })
  const closed = new Promise<void>((resolve) => { stream.addEventListener('close', () => { resolve() }) })
  return { stream, frames, closed }
}

/** Announces a frame of `length` bytes and sends `sent` of them, 1 MiB at a time as the stream takes them. */
async function sendPart (stream: Stream, length: number, sent: number): Promise<void> {
  stream.send(lengthPrefix(length))
  for (let at = 0; at < sent; at += MIB) {
    if (stream.status !== 'open') return
    if (!stream.send(new Uint8Array(Math.min(MIB, sent - at)))) await stream.onDrain().catch(() => {})
  }
}

describe('the migration endpoint', () => {
  it('refuses a node not in migration_allow at once, with an error frame, without reading what it sends', async () => {
    const node = await receiver({})
    const { stream, frames, closed } = await migrateStream(node)
    void sendPart(stream, 19 * MIB, 8 * MIB)
    await closed
    // Refused, not closed for want of a hello (that is a MigrationLinkError, below).
    expect(frames.map((f) => f.error?.code)).toEqual(['MigrationUnauthorizedError'])
  }, 20_000)

  it('an allowed node may send a hello first and no more: a larger first frame resets the stream', async () => {
    const node = await receiver({ migrationAllow: ['any'] })
    const { stream, closed } = await migrateStream(node)
    void sendPart(stream, MAX_HELLO_FRAME_BYTES + 1, 2 * MIB)
    await closed
    expect(stream.status).not.toBe('open')
  }, 20_000)

  it('closes an allowed node\'s stream that sends no hello within the hello timeout', async () => {
    const node = await receiver({ migrationAllow: ['any'] })
    const { stream, frames, closed } = await migrateStream(node)
    // A hello at the size limit's prefix, never finished.
    await sendPart(stream, MAX_HELLO_FRAME_BYTES, 1024)
    const started = Date.now()
    await closed
    expect(Date.now() - started).toBeGreaterThan(HELLO_TIMEOUT_MS - 200)
    expect(frames.map((f) => [f.error?.code, f.error?.message])).toEqual([['MigrationLinkError', `no hello within ${HELLO_TIMEOUT_MS} ms`]])
  }, 20_000)
})

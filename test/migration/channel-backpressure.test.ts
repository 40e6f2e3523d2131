// A migration stream's frames wait, decoded, until the receiver reads them
// (while it applies an append, say): past MAX_QUEUED_FRAME_BYTES the stream
// is not read, so a sender that ignores its window meets yamux's
// back-pressure instead of filling the receiver's memory.
import { noise } from '@chainsafe/libp2p-noise'
import type { Stream } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { createLibp2p, type Libp2p } from 'libp2p'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { MAX_QUEUED_FRAME_BYTES, MIGRATE_PROTOCOL, streamChannel, type FrameChannel } from '../../src/migration/channel.js'
import { pduMuxer } from '../../src/node/pdu-transport.js'
import { lengthPrefixed, pb } from '../../src/wire/index.js'

const MIB = 1024 * 1024
const stops: Array<() => Promise<void>> = []
afterEach(async () => { for (const stop of stops.splice(0).reverse()) await stop().catch(() => {}) })

async function peer (): Promise<Libp2p> {
  const node = await createLibp2p({ addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] }, transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [pduMuxer()] })
  stops.push(async () => { await node.stop() })
  return node
}

/** Sends `frame` on `stream` until `count` went or the stream took nothing for `stallMs`; returns how many it took. */
async function flood (stream: Stream, frame: Uint8Array, count: number, stallMs: number): Promise<number> {
  for (let sent = 0; sent < count; sent++) {
    // The sender's own write buffer holds 4 MiB at most: what the receiver does not take stays with the sender.
    for (const stalled = Date.now() + stallMs; stream.writeBufferLength > 4 * MIB;) {
      if (Date.now() > stalled) return sent
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    stream.send(frame)
  }
  return count
}

describe('a migration stream\'s channel', () => {
  it('stops reading a sender whose frames wait unread past MAX_QUEUED_FRAME_BYTES, and reads on as they are read', async () => {
    const receiver = await peer()
    const sender = await peer()
    let channel: FrameChannel | undefined
    await receiver.handle(MIGRATE_PROTOCOL, (stream) => { channel = streamChannel(stream) })
    const stream = await sender.dialProtocol(receiver.getMultiaddrs()[0]!, MIGRATE_PROTOCOL)
    // Frames of 1 MiB of data each, and four times the bound of them: none is read for now.
    const frame = lengthPrefixed(pb.MigrateFrame.encode({ append: { records: [{ payload: new Uint8Array(MIB) }] } }).finish())
    const count = 4 * MAX_QUEUED_FRAME_BYTES / MIB
    const went = await flood(stream, frame, count, 1500)
    // What went: the frames queued, yamux's window (4 MiB) and the sender's own write buffer (4 MiB), not all of it.
    expect(went * MIB).toBeLessThan(MAX_QUEUED_FRAME_BYTES + 16 * MIB)
    // Read, every frame comes, those sent after the stall too.
    const rest = flood(stream, frame, count - went, 10_000)
    let read = 0
    for await (const got of channel!.frames()) {
      expect(got.append?.records?.[0]?.payload?.length).toBe(MIB)
      if (++read === count) break
    }
    expect(await rest).toBe(count - went)
  }, 30_000)
})

// A resume rereads the images a migration holds (minutes for large ones): the receiver welcomes its sender first and
// rereads after, so that the sender, which waits ACK_TIMEOUT_MS at most for a welcome, is not timed out meanwhile
// (found by attacking the migration endpoint: one whose images took longer to reread could never resume, each
// redial waiting for the reread the one before started).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import * as blockHashes from '../../src/migration/block-hashes.js'
import { BlockKind } from '../../src/migration/batch.js'
import { InboundEntryStreams } from '../../src/migration/entry-stream.js'
import { memoryChannelPair } from '../../src/migration/channel.js'
import { tempDir } from '../helpers.js'
import { chunkEntry, connect, hostileSender, roundEntry, testReceiver, type HostileSender, type TestReceiver } from './hostile.js'

// The receiver's rereads of image files, held until a test lets them go.
vi.mock('../../src/migration/block-hashes.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/migration/block-hashes.js')>()
  return { ...original, fileBlockHashList: vi.fn(original.fileBlockHashList) }
})

describe('a resume whose images take long to reread', () => {
  let dir: { path: string, cleanup: () => void }
  let rx: TestReceiver
  beforeEach(async () => {
    dir = tempDir('gdp-migrate-reread-')
    rx = await testReceiver(dir.path)
  })
  afterEach(async () => {
    vi.mocked(blockHashes.fileBlockHashList).mockRestore()
    await rx.close()
    dir.cleanup()
  })

  const block = new Uint8Array(4096).fill(5)
  const write = (n: number): ReturnType<typeof chunkEntry> => chunkEntry({ image: 0, blocks: [n], kinds: [BlockKind.literal], sources: [], sourceBlocks: [], data: block })

  /** Migration `name`, one block of its image written, its sender gone; with the unmocked reread. */
  const paused = async (name: string): Promise<{ sender: HostileSender, original: typeof blockHashes.fileBlockHashList }> => {
    const sender = hostileSender(name)
    const link = connect(rx.receiver, sender)
    expect((await link.exchange(sender.hello))?.welcome).toBeDefined()
    expect((await link.exchange(sender.append([roundEntry(0, [{ name: 'disk', size: 8192, seed: 0 }]), write(0)])))?.ack?.applied).toBe(2)
    link.channel.abort(new Error('link dropped'))
    await link.served
    const original = (await vi.importActual<typeof import('../../src/migration/block-hashes.js')>('../../src/migration/block-hashes.js')).fileBlockHashList
    return { sender, original }
  }

  it('is welcomed before the reread, and its entries are applied once it is done', async () => {
    const { sender, original } = await paused('large')
    let reread: () => void = () => {}
    const held = new Promise<void>((resolve) => { reread = resolve })
    vi.mocked(blockHashes.fileBlockHashList).mockImplementation(async (...args) => { await held; return await original(...args) })
    const again = connect(rx.receiver, sender)
    expect((await again.exchange(sender.hello))?.welcome?.applied).toBe(2)
    const answer = again.exchange(sender.append([write(1)]))
    reread()
    expect((await answer)?.ack?.applied).toBe(3)
  })

  it('a new stream of its sender ends the reread the stream it replaces began, and is welcomed without waiting for it', async () => {
    const { sender, original } = await paused('redialled')
    // The first reread is held until it is aborted; the next ones are not.
    let rereads = 0
    vi.mocked(blockHashes.fileBlockHashList).mockImplementation(async (path, size, signal) => {
      if (++rereads === 1) await new Promise((resolve, reject) => { signal?.addEventListener('abort', () => { reject(signal.reason) }) })
      return await original(path, size, signal)
    })
    const first = connect(rx.receiver, sender)
    expect((await first.exchange(sender.hello))?.welcome?.applied).toBe(2)
    await vi.waitFor(() => { expect(rereads).toBe(1) })
    // The sender's link dropped while the receiver reread: it redials.
    const second = connect(rx.receiver, sender)
    expect((await second.exchange(sender.hello))?.welcome?.applied).toBe(2)
    await first.served
    expect((await second.exchange(sender.append([write(1)])))?.ack?.applied).toBe(3)
  })

  it('repeats the last acknowledgement while it rereads, as while it applies an append', async () => {
    const streams = new InboundEntryStreams({ keepaliveMs: 10 })
    const link = memoryChannelPair()
    let prepared: () => void = () => {}
    const preparing = new Promise<void>((resolve) => { prepared = resolve })
    const served = streams.serve(link.b, () => ({
      key: 'large',
      capsule: 'c',
      open: async () => ({ applied: 4, bases: [], prepare: async () => { await preparing }, append: async () => ({ applied: 5 }), close: () => {} })
    }))
    const frames = link.a.frames()
    await link.a.send({ hello: {} })
    expect((await frames.next()).value?.welcome?.applied).toBe(4)
    expect((await frames.next()).value?.ack?.applied).toBe(4)
    prepared()
    link.a.abort(new Error('done'))
    await served
  })
})

// What a sender makes of the receiver's acknowledgements: one lost with the
// link is had again on resuming, and one that lies (more entries than were
// sent, complete before the commit) fails the send, so a sender never
// reports a migration complete that the receiver did not verify. A receiver
// silent with entries in flight is taken as a dropped link, then fails the
// send; one at work on a long append says so.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { memoryChannelPair, type FrameChannel } from '../../src/migration/channel.js'
import { InboundEntryStreams, OutboundEntryStream, type EntrySink } from '../../src/migration/entry-stream.js'
import { MigrationSender } from '../../src/migration/sender.js'
import { MAX_PEER_TEXT } from '../../src/peer-text.js'
import type { pb } from '../../src/wire/index.js'
import { imagePair, useMigrationPair } from './fixtures.js'

describe('a sender and the acknowledgements it gets (in memory)', () => {
  const t = useMigrationPair('gdp-migrate-acks-')

  /** A sender to a receiver that welcomes it and answers the appends with `reply`'s frame, where it gives one, else honestly. */
  function sendTo (reply: (appended: number) => pb.IMigrateFrame | undefined): MigrationSender {
    const images = imagePair(t.dir, 64, 5)
    return new MigrationSender({ name: 'vm', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', resumeTimeoutMs: 2000, batchBytes: 16 * 4096 }, {
      signer: new Ed25519Signer(generateEd25519KeyPair().secretKey),
      bases: t.pair.senderBases,
      pool: t.pair.pool,
      connect: async (): Promise<FrameChannel> => {
        const link = memoryChannelPair()
        void (async () => {
          const frames = link.b.frames()
          await frames.next()
          await link.b.send({ welcome: { applied: 0, bases: [] } })
          let appended = 0
          for await (const frame of frames) {
            if (frame.append == null) continue
            appended += frame.append.records?.length ?? 0
            await link.b.send(reply(appended) ?? { ack: { applied: appended } }).catch(() => {})
          }
        })()
        return link.a
      }
    })
  }

  it('refuses an acknowledgement of complete before the commit was sent, rather than reporting the migration done', async () => {
    const err = await sendTo((appended) => appended === 1 ? { ack: { applied: 1, complete: true, folder: '/somewhere' } } : undefined).run().catch((e: Error) => e)
    expect(err).toMatchObject({ name: 'MigrationConflictError', message: 'the receiver said the migration was complete after 1 entries, before the commit was sent' })
  }, 10_000)

  it('refuses an acknowledgement of more entries than were sent', async () => {
    const err = await sendTo((appended) => appended === 1 ? { ack: { applied: 1000 } } : undefined).run().catch((e: Error) => e)
    expect(err).toMatchObject({ name: 'MigrationConflictError', message: expect.stringMatching(/^the receiver acknowledged 1000 entries of this migration, more than the \d+ sent$/) })
  }, 10_000)

  // The receiver's words are its own: a refusal's text and its folder are kept to a line the sender can show.
  const hostile = '\u001b[2J\u009b31m\nforged line ' + 'x'.repeat(100_000)

  it('keeps a refusal\'s text to MAX_PEER_TEXT characters, with its controls escaped', async () => {
    const err = await sendTo(() => ({ error: { code: 'MigrationRejectedError', message: hostile } })).run().then(() => new Error('sent'), (e: Error) => e)
    expect(err).toMatchObject({ name: 'MigrationRejectedError' })
    expect(err.message.startsWith('the receiver refused the migration: \\x1b[2J\\x9b31m\\nforged line xxx')).toBe(true)
    expect(err.message).toMatch(new RegExp(`\\.\\.\\. \\(${hostile.length - MAX_PEER_TEXT} more characters\\)$`))
  }, 10_000)

  it('takes a refusal whose code names no error it knows (\'constructor\', \'toString\', \'__proto__\') as a MigrationRejectedError, and stops (found by attacking the migration endpoints)', async () => {
    for (const code of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const err = await sendTo(() => ({ error: { code, message: 'no' } })).run().then(() => new Error('sent'), (e: unknown) => e)
      expect(err, code).toBeInstanceOf(Error)
      expect(err, code).toMatchObject({ name: 'MigrationRejectedError', message: 'the receiver refused the migration: no' })
    }
  }, 10_000)

  it('keeps the folder a completed migration names to MAX_PEER_TEXT characters, with its controls escaped', async () => {
    const images = imagePair(t.dir, 64, 6)
    t.pair.intercept = (channel) => ({
      ...channel,
      frames: async function * () {
        for await (const frame of channel.frames()) yield frame.ack?.complete === true ? { ...frame, ack: { ...frame.ack, folder: hostile } } : frame
      }
    })
    const summary = await t.pair.sender({ name: 'vm', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw' }).run()
    expect(summary.folder.startsWith('\\x1b[2J\\x9b31m\\nforged line xxx')).toBe(true)
    expect(summary.folder.length).toBeLessThan(MAX_PEER_TEXT + 100)
  }, 20_000)

  it('a link that drops as the commit\'s acknowledgement comes: the sender resumes and learns the migration is complete', async () => {
    const images = imagePair(t.dir, 64, 6)
    // The first link drops in place of delivering the acknowledgement of the commit, which the receiver applied.
    t.pair.intercept = (channel) => t.pair.links.length !== 1
      ? channel
      : {
          ...channel,
          frames: async function * () {
            for await (const frame of channel.frames()) {
              if (frame.ack?.complete === true) { t.pair.links[0]!.cut(); return }
              yield frame
            }
          }
        }
    const summary = await t.pair.sender({ name: 'vm', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw' }).run()
    expect(summary.resumes).toBe(1)
    expect(summary.folder).toBe(join(t.pair.receiver.folder, 'vm'))
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
    expect(t.pair.receiver.list()).toMatchObject([{ name: 'vm', status: 'complete' }])
  }, 20_000)
})

describe('a receiver that goes silent with entries in flight', () => {
  const append: pb.IMigrateAppend = { records: [] }

  /** A receiver that welcomes each stream (`welcome(n)` for the nth, from 1) and never acknowledges anything. */
  function silentReceiver (welcome: (n: number) => boolean): { connect: () => Promise<FrameChannel>, connects: () => number } {
    let connects = 0
    return {
      connects: () => connects,
      connect: async () => {
        const link = memoryChannelPair()
        const n = ++connects
        void (async () => {
          const frames = link.b.frames()
          await frames.next()
          if (welcome(n)) await link.b.send({ welcome: { applied: 0 } })
          for await (const frame of frames) void frame
        })().catch(() => {})
        return link.a
      }
    }
  }

  it('one that holds the entries and says nothing: the sender redials once, then fails saying so', async () => {
    const receiver = silentReceiver(() => true)
    const stream = new OutboundEntryStream({ metadata: {}, resumeTimeoutMs: 2000, ackTimeoutMs: 300 }, { connect: receiver.connect, windowBytes: () => 1 << 20 })
    await stream.open()
    const started = performance.now()
    stream.push(append, 1)
    await expect(stream.until(() => stream.drained)).rejects.toMatchObject({ name: 'MigrationLinkError', message: 'the receiver sent nothing for 300 ms with entries in flight, again after a redial: it holds the entries it was sent and neither acknowledges nor refuses them' })
    expect(receiver.connects()).toBe(2)
    expect(performance.now() - started).toBeLessThan(2000)
    await stream.close()
  }, 10_000)

  it('one stuck in applying an append welcomes no redial: the sender fails once its resume timeout is over', async () => {
    const receiver = silentReceiver((n) => n === 1)
    const stream = new OutboundEntryStream({ metadata: {}, resumeTimeoutMs: 1000, ackTimeoutMs: 300 }, { connect: receiver.connect, windowBytes: () => 1 << 20 })
    await stream.open()
    stream.push(append, 1)
    await expect(stream.until(() => stream.drained)).rejects.toMatchObject({ name: 'MigrationLinkError', message: expect.stringMatching(/^cannot reach the receiver within 1000 ms: no welcome within 300 ms$/) })
    await stream.close()
  }, 10_000)

  it('an entry sent after a silence longer than the ack timeout, with nothing in flight, is given the whole timeout', async () => {
    // The receiver acknowledges each append 200 ms after it comes, within the ack timeout of 400 ms; the stream
    // takes 300 ms to take each append (a link that sets the pace).
    let connects = 0
    const stream = new OutboundEntryStream({ metadata: {}, resumeTimeoutMs: 2000, ackTimeoutMs: 400 }, {
      connect: async () => {
        connects++
        const link = memoryChannelPair()
        void (async () => {
          const frames = link.b.frames()
          await frames.next()
          await link.b.send({ welcome: { applied: 0 } })
          let applied = 0
          for await (const frame of frames) {
            if (frame.append == null) continue
            await new Promise((resolve) => setTimeout(resolve, 200))
            await link.b.send({ ack: { applied: ++applied } })
          }
        })().catch(() => {})
        const slow: FrameChannel = {
          ...link.a,
          send: async (frame) => {
            if (frame.append != null) await new Promise((resolve) => setTimeout(resolve, 300))
            await link.a.send(frame)
          }
        }
        return slow
      },
      windowBytes: () => 1 << 20
    })
    await stream.open()
    stream.push(append, 1)
    await stream.until(() => stream.drained)
    // Nothing in flight for longer than the ack timeout (a sender reading images that did not change), then an entry.
    await new Promise((resolve) => setTimeout(resolve, 600))
    stream.push(append, 2)
    await stream.until(() => stream.drained)
    expect(stream.resumes).toBe(0)
    expect(connects).toBe(1)
    await stream.close()
  }, 10_000)

  /** A sender to a receiver whose every append takes `applyMs`, repeating its acknowledgement every `keepaliveMs`. */
  async function slowApply (applyMs: number, keepaliveMs: number): Promise<OutboundEntryStream> {
    const streams = new InboundEntryStreams({ keepaliveMs })
    let applied = 0
    const sink = (): EntrySink => ({
      applied,
      bases: [],
      append: async () => { await new Promise((resolve) => setTimeout(resolve, applyMs)); return { applied: ++applied } },
      close: () => {}
    })
    const stream = new OutboundEntryStream({ metadata: {}, resumeTimeoutMs: 5000, ackTimeoutMs: 400 }, {
      connect: async () => {
        const link = memoryChannelPair()
        void streams.serve(link.b, () => ({ key: 'vm', capsule: 'c', open: async () => sink() }))
        return link.a
      },
      windowBytes: () => 1 << 20
    })
    await stream.open()
    stream.push(append, 1)
    await stream.until(() => stream.drained)
    await stream.close()
    await streams.stop()
    return stream
  }

  it('one at work on an append longer than the ack timeout says so, and the sender waits for it', async () => {
    expect((await slowApply(1200, 100)).resumes).toBe(0)
  }, 10_000)

  it('one that said nothing for longer than the ack timeout is taken as a dropped link: the sender redials', async () => {
    expect((await slowApply(1200, 60_000)).resumes).toBe(1)
  }, 10_000)
})

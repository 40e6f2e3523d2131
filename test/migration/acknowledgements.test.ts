// What a sender makes of the receiver's acknowledgements: one lost with the
// link is had again on resuming, and one that lies (more entries than were
// sent, complete before the commit) fails the send, so a sender never
// reports a migration complete that the receiver did not verify.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { memoryChannelPair, type FrameChannel } from '../../src/migration/channel.js'
import { MigrationSender } from '../../src/migration/sender.js'
import type { pb } from '../../src/wire/index.js'
import { tempDir } from '../helpers.js'
import { imagePair, migrationPair, type MigrationPair } from './fixtures.js'

describe('a sender and the acknowledgements it gets (in memory)', () => {
  let dir: { path: string, cleanup: () => void }
  let pair: MigrationPair
  beforeEach(async () => {
    dir = tempDir('gdp-migrate-acks-')
    pair = await migrationPair(dir.path)
  })
  afterEach(async () => {
    await pair.close()
    dir.cleanup()
  })

  /** A sender to a receiver that welcomes it and answers the `n`th append (from 1) with `ack`, the others honestly. */
  function sendTo (ack: (appended: number) => pb.IMigrateAck | undefined): MigrationSender {
    const images = imagePair(dir.path, 64, 5)
    return new MigrationSender({ name: 'vm', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', resumeTimeoutMs: 2000, batchBytes: 16 * 4096 }, {
      signer: new Ed25519Signer(generateEd25519KeyPair().secretKey),
      bases: pair.senderBases,
      pool: pair.pool,
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
            await link.b.send({ ack: ack(appended) ?? { applied: appended } }).catch(() => {})
          }
        })()
        return link.a
      }
    })
  }

  it('refuses an acknowledgement of complete before the commit was sent, rather than reporting the migration done', async () => {
    const err = await sendTo((appended) => appended === 1 ? { applied: 1, complete: true, folder: '/somewhere' } : undefined).run().catch((e: Error) => e)
    expect(err).toMatchObject({ name: 'MigrationConflictError', message: 'the receiver said the migration was complete after 1 entries, before the commit was sent' })
  }, 10_000)

  it('refuses an acknowledgement of more entries than were sent', async () => {
    const err = await sendTo((appended) => appended === 1 ? { applied: 1000 } : undefined).run().catch((e: Error) => e)
    expect(err).toMatchObject({ name: 'MigrationConflictError', message: expect.stringMatching(/^the receiver acknowledged 1000 entries of this migration, more than the \d+ sent$/) })
  }, 10_000)

  it('a link that drops as the commit\'s acknowledgement comes: the sender resumes and learns the migration is complete', async () => {
    const images = imagePair(dir.path, 64, 6)
    // The first link drops in place of delivering the acknowledgement of the commit, which the receiver applied.
    pair.intercept = (channel) => pair.links.length !== 1
      ? channel
      : {
          ...channel,
          frames: async function * () {
            for await (const frame of channel.frames()) {
              if (frame.ack?.complete === true) { pair.links[0]!.cut(); return }
              yield frame
            }
          }
        }
    const summary = await pair.sender({ name: 'vm', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw' }).run()
    expect(summary.resumes).toBe(1)
    expect(summary.folder).toBe(join(pair.receiver.folder, 'vm'))
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
    expect(pair.receiver.list()).toMatchObject([{ name: 'vm', status: 'complete' }])
  }, 20_000)
})

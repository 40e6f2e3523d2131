// What a sender makes of the receiver's acknowledgements: one lost with the
// link is had again on resuming.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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

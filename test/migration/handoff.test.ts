import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { imagePair, migrationPair, type MigrationPair } from './fixtures.js'
import { tempDir } from '../helpers.js'

describe('migration sender and receiver (in memory)', () => {
  let dir: { path: string, cleanup: () => void }
  let pair: MigrationPair
  beforeEach(async () => {
    dir = tempDir('gdp-migrate-')
    pair = await migrationPair(dir.path)
  })
  afterEach(async () => {
    await pair.close()
    dir.cleanup()
  })

  it('rebuilds the images byte for byte, using every kind of block operation', async () => {
    const images = imagePair(dir.path)
    await pair.senderBases.add(images.base)
    await pair.receiverBases.add(images.base)
    const summary = await pair.sender({ name: 'vm1', images: [{ name: 'disk', path: images.modified }], mode: 'zstd-3' }).run()
    const rebuilt = readFileSync(join(summary.folder, 'disk'))
    expect(Buffer.compare(rebuilt, images.modifiedBytes)).toBe(0)
    expect(summary.blocks.zero + summary.blocks.unchanged).toBeGreaterThan(0)
    expect(summary.blocks.base).toBeGreaterThan(0)
    expect(summary.blocks.copy).toBeGreaterThan(0)
    expect(summary.blocks.delta).toBeGreaterThan(0)
    expect(summary.blocks.literal).toBeGreaterThan(0)
    expect(summary.images[0]!.seed).toBeDefined()
    expect(summary.ratio).toBeLessThan(0.35)
    const received = pair.receiver.list()
    expect(received[0]).toMatchObject({ name: 'vm1', status: 'complete' })
  })
})

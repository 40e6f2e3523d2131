// The checks on disk a stop cut short run again when the receiver starts: one migration after another. All at once,
// a node with many complete migrations left unchecked (a stop during their checks, or states from a version before
// the check) reread every image of every one of them together as it started (found by attacking the migration
// endpoints).
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { STATE_FILE } from '../../src/migration/entries.js'
import { tempDir, waitFor } from '../helpers.js'
import { testReceiver, type TestReceiver } from './hostile.js'

/** Rereads of image files under way now, and the most there were at once. */
const rereads = vi.hoisted(() => ({ now: 0, most: 0 }))
vi.mock('../../src/migration/block-hashes.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/migration/block-hashes.js')>()
  return {
    ...original,
    fileBlockHashList: async (...args: Parameters<typeof original.fileBlockHashList>) => {
      rereads.most = Math.max(rereads.most, ++rereads.now)
      try {
        // A turn of the event loop or two, as a large image's reread takes many.
        await new Promise((resolve) => setTimeout(resolve, 5))
        return await original.fileBlockHashList(...args)
      } finally {
        rereads.now--
      }
    }
  }
})

const UNCHECKED = 6

describe('checks on disk resumed as the receiver starts', () => {
  let dir: { path: string, cleanup: () => void }
  let rx: TestReceiver | undefined
  beforeEach(() => {
    dir = tempDir('gdp-migrate-rechecks-')
    rereads.most = 0
  })
  afterEach(async () => {
    await rx?.close()
    rx = undefined
    dir.cleanup()
  })

  /** Complete migrations whose state holds no diskCheck, each with two images of `size` bytes. */
  const unchecked = (folder: string, size: number): string[] => Array.from({ length: UNCHECKED }, (_, i) => {
    const name = `done-${i}`
    mkdirSync(join(folder, name), { recursive: true })
    for (const image of ['disk', 'ram']) writeFileSync(join(folder, name, image), randomBytes(size))
    writeFileSync(join(folder, name, STATE_FILE), JSON.stringify({ name, capsule: formatName(randomBytes(32)), sender: 'a-sender', status: 'complete', entries: 3, folder: join(folder, name), images: [{ name: 'disk', size }, { name: 'ram', size }], startedAt: '2026-01-01T00:00:00.000Z' }))
    return name
  })

  it('rereads the images of one migration at a time, and checks every one', async () => {
    const folder = join(dir.path, 'b-migrations')
    const names = unchecked(folder, 64 * 1024)
    rx = await testReceiver(dir.path)
    await rx.receiver.start()
    const checked = (): string[] => names.filter((name) => (JSON.parse(readFileSync(join(folder, name, STATE_FILE), 'utf8')) as { diskCheck?: string }).diskCheck === 'ok')
    await waitFor(() => checked().length === UNCHECKED, { timeoutMs: 10_000, what: 'every migration checked on disk' })
    expect(rereads.most).toBe(1)
  })

  it('a stop ends them: the ones not checked yet stay so, for the next start', async () => {
    const folder = join(dir.path, 'b-migrations')
    const names = unchecked(folder, 64 * 1024)
    rx = await testReceiver(dir.path)
    await rx.receiver.start()
    await rx.close()
    rx = undefined
    const left = names.filter((name) => (JSON.parse(readFileSync(join(folder, name, STATE_FILE), 'utf8')) as { diskCheck?: string }).diskCheck === undefined)
    expect(left.length).toBeGreaterThan(0)
    rx = await testReceiver(dir.path)
    await rx.receiver.start()
    await waitFor(() => names.every((name) => (JSON.parse(readFileSync(join(folder, name, STATE_FILE), 'utf8')) as { diskCheck?: string }).diskCheck === 'ok'), { timeoutMs: 10_000, what: 'every migration checked on disk' })
  })
})

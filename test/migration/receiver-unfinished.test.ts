// What a receiver keeps of the migrations not finished on it, for the room a new round may take: read once, not
// at every round (found by attacking the migration receiver: each round read every state file in migration_dir).
import * as fs from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { hashListBytes } from '../../src/migration/block-hashes.js'
import { tempDir } from '../helpers.js'
import { connect, hostileSender, roundEntry, testReceiver, type TestReceiver } from './hostile.js'

// The receiver's reads of files, counted: only a spy on the module's own export sees them.
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>()
  return { ...original, readFileSync: vi.fn(original.readFileSync) }
})

const MIB = 1024 * 1024

describe('the migrations not finished on a receiver', () => {
  let dir: { path: string, cleanup: () => void }
  let rx: TestReceiver | undefined
  beforeEach(() => { dir = tempDir('gdp-migrate-unfinished-') })
  afterEach(async () => {
    await rx?.close()
    rx = undefined
    dir.cleanup()
  })

  /** Opens migration `name` on `receiver` and sends its round 0, one image of `size` bytes; returns the link and the answer. */
  const declare = async (receiver: TestReceiver, name: string, size: number): Promise<{ link: ReturnType<typeof connect>, answer: Awaited<ReturnType<ReturnType<typeof connect>['next']>> }> => {
    const sender = hostileSender(name)
    const link = connect(receiver.receiver, sender)
    expect((await link.exchange(sender.hello))?.welcome).toBeDefined()
    return { link, answer: await link.exchange(sender.append([roundEntry(0, [{ name: 'disk', size, seed: 0 }])])) }
  }

  it('a round\'s room check reads no state file: the paused migrations are counted from what the receiver keeps', async () => {
    rx = await testReceiver(dir.path)
    const PAUSED = 40
    for (let i = 0; i < PAUSED; i++) {
      const { link, answer } = await declare(rx, `paused-${i}`, MIB)
      expect(answer?.ack?.applied).toBe(1)
      link.channel.abort(new Error('link dropped'))
      await link.served
    }
    expect(rx.receiver.list().filter((m) => m.status === 'receiving')).toHaveLength(PAUSED)
    const readFileSync = vi.mocked(fs.readFileSync)
    readFileSync.mockClear()
    const { answer } = await declare(rx, 'next', MIB)
    expect(answer?.ack?.applied).toBe(1)
    // Its own state file is read once as its hello opens it; no other migration's is read.
    const stateReads = readFileSync.mock.calls.map(([path]) => String(path)).filter((path) => path.endsWith('.migration.json'))
    expect(stateReads).toEqual([join(rx.receiver.folder, 'next', '.migration.json')])
  })

  it('a migration paused before the node stopped still counts once it starts again', async () => {
    const max = hashListBytes(8 * MIB)
    rx = await testReceiver(dir.path, { maxHashBytes: max })
    const { link, answer } = await declare(rx, 'before', 8 * MIB)
    expect(answer?.ack?.applied).toBe(1)
    link.channel.abort(new Error('link dropped'))
    await link.served
    await rx.close()
    rx = await testReceiver(dir.path, { maxHashBytes: max })
    const beside = await declare(rx, 'after', 1)
    expect(beside.answer?.error?.message).toMatch(new RegExp(`of which the other migrations not finished here and the checks of completed ones on disk may take ${max}; nothing of it was applied$`))
    // Removed, it holds nothing.
    await rx.receiver.remove('before')
    expect((await declare(rx, 'again', 8 * MIB)).answer?.ack?.applied).toBe(1)
  })
})

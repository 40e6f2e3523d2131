// A receiver that stops while it seeds an image from a large base (copying
// the base, then checking the copy against the base's index, minutes for
// hundreds of GB) stops at once, and the migration stays to resume.
import { randomFillSync } from 'node:crypto'
import { closeSync, existsSync, openSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { connect, hostileSender, roundEntry, testReceiver, type TestReceiver } from './hostile.js'

const MIB = 1024 * 1024
const BASE_BYTES = 1024 * MIB

describe('a receiver stopping while it seeds an image', () => {
  let dir: { path: string, cleanup: () => void }
  let rx: TestReceiver
  beforeEach(async () => {
    dir = tempDir('gdp-migrate-seed-stop-')
    rx = await testReceiver(dir.path)
  })
  afterEach(async () => {
    await rx.close()
    dir.cleanup()
  })

  it('ends the copy and the check of the seed at once; the migration stays receiving, to resume', async () => {
    // 1 GiB of data (no zero blocks, which are compared, not hashed): about 1.5 s to check on this test's machines.
    const basePath = join(dir.path, 'base.img')
    const chunk = randomFillSync(Buffer.alloc(16 * MIB))
    const fd = openSync(basePath, 'w')
    for (let at = 0; at < BASE_BYTES; at += chunk.length) writeSync(fd, chunk)
    closeSync(fd)
    const base = await rx.bases.add(basePath)
    const sender = hostileSender('seeded')
    const link = connect(rx.receiver, sender)
    expect((await link.exchange(sender.hello))?.welcome).toBeDefined()
    await link.channel.send(sender.append([roundEntry(0, [{ name: 'disk', size: BASE_BYTES, seed: 1 }], { bases: [base.hash] })]))
    const seeding = join(rx.receiver.folder, 'seeded', 'disk~seed.partial')
    while (!existsSync(seeding)) await new Promise((resolve) => setTimeout(resolve, 5))
    const stopping = performance.now()
    await rx.receiver.stop()
    expect(performance.now() - stopping).toBeLessThan(700)
    expect(rx.receiver.list()).toMatchObject([{ name: 'seeded', status: 'receiving', entries: 0 }])
  }, 60_000)
})

/**
 * What `gdp base add` takes of its disk: it leaves the node's reserve free
 * (an add filled the disk, and the node could not start), copies a sparse
 * file's holes as holes (a 4 GiB sparse file took 4 GiB). Found by attacking the migration receiver.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, openSync, readdirSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BLOCK_SIZE } from '../../src/migration/batch.js'
import { BaseRegistry } from '../../src/migration/bases.js'
import { tempDir } from '../helpers.js'
import { runsAsRoot, smallDisk } from '../small-disk.js'

const MiB = 1 << 20

describe.skipIf(!runsAsRoot)('base add on a small disk', () => {
  const disk = smallDisk('gdp-bases-add-', '32m')
  let dir: { path: string, cleanup: () => void }
  let registry: BaseRegistry
  const folder = (): string => join(disk.path, 'bases')
  beforeEach(async () => {
    dir = tempDir('gdp-bases-add-src-')
    registry = await BaseRegistry.open({ folder: folder(), keepFreeBytes: 8 * MiB })
  })
  afterEach(async () => {
    await registry.close()
    dir.cleanup()
  })

  it('refuses a base whose copy would leave less than the node keeps free, with StoreFullError naming the file and the room, and leaves nothing of it', async () => {
    const source = join(dir.path, 'base.img')
    writeFileSync(source, randomBytes(26 * MiB))
    const free = disk.free()
    await expect(registry.add(source)).rejects.toMatchObject({ name: 'StoreFullError', message: expect.stringMatching(new RegExp(`^cannot register base image ${source}: its copy \\(6656 blocks of data\\), block list and index entries need 2[67]\\.\\d MiB of ${folder()}, whose disk has \\d+\\.\\d MiB free, of which this node keeps 8\\.0 MiB free \\(migration_keep_free\\)`)) })
    expect(readdirSync(folder()).filter((f) => f !== 'index')).toEqual([])
    expect(disk.free()).toBeGreaterThanOrEqual(free)
    expect(registry.list()).toEqual([])
    // One that fits is taken.
    const small = join(dir.path, 'small.img')
    writeFileSync(small, randomBytes(4 * MiB))
    expect((await registry.add(small)).size).toBe(4 * MiB)
  })

  it('copies a sparse file with its holes as holes: a 64 MiB file of three data blocks takes three blocks, and reads back as it was', async () => {
    const source = join(dir.path, 'sparse.img')
    const data = randomBytes(3 * BLOCK_SIZE)
    const fd = openSync(source, 'w')
    writeSync(fd, data, 0, BLOCK_SIZE, 0)
    writeSync(fd, data, BLOCK_SIZE, 2 * BLOCK_SIZE, 40 * MiB)
    closeSync(fd)
    truncateSync(source, 64 * MiB)
    const info = await registry.add(source)
    expect(info.size).toBe(64 * MiB)
    expect(statSync(info.path).size).toBe(64 * MiB)
    expect(statSync(info.path).blocks * 512).toBeLessThanOrEqual(3 * BLOCK_SIZE)
    expect(Buffer.from(registry.readBlock(info.hash, 0))).toEqual(data.subarray(0, BLOCK_SIZE))
    expect(Buffer.from(registry.readBlock(info.hash, 40 * MiB / BLOCK_SIZE + 1))).toEqual(data.subarray(2 * BLOCK_SIZE))
    expect(await registry.verify(info.hash)).toMatchObject({ damaged: false, wholeMatches: true })
  })
})

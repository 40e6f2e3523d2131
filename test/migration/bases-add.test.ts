/**
 * What `gdp base add` takes of its disk: it leaves the node's reserve free
 * (an add filled the disk, and the node could not start), copies a sparse
 * file's holes as holes (a 4 GiB sparse file took 4 GiB), and refuses a
 * base over its limit (one over 512 GiB failed with "Invalid typed array
 * length"). Found by attacking the migration receiver.
 */
import { randomBytes } from 'node:crypto'
import { closeSync, openSync, readdirSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BLOCK_SIZE } from '../../src/migration/batch.js'
import { BaseRegistry, MAX_BASE_BYTES, checkBaseSize } from '../../src/migration/bases.js'
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

describe('base add: the largest base', () => {
  let dir: { path: string, cleanup: () => void }
  let registry: BaseRegistry
  beforeEach(async () => {
    dir = tempDir('gdp-bases-limit-')
    registry = await BaseRegistry.open({ folder: join(dir.path, 'bases') })
  })
  afterEach(async () => {
    await registry.close()
    dir.cleanup()
  })

  it('a base over MAX_BASE_BYTES (128 GiB): 600 GiB, or a byte more than the limit, is InvalidArgumentError naming the limit, before anything is read or copied; the limit itself is taken', async () => {
    const limit = 'over the limit of 137438953472 bytes (128 GiB) a base may have'
    for (const size of [600 * 1024 * MiB, 2 ** 37 + 1]) {
      const source = join(dir.path, `${size}.img`)
      writeFileSync(source, '')
      truncateSync(source, size)
      await expect(registry.add(source)).rejects.toMatchObject({ name: 'InvalidArgumentError', message: `cannot register base image ${source}: it is ${size} bytes, ${limit}` })
    }
    expect(readdirSync(join(dir.path, 'bases'))).toEqual(['index'])
    // Reading a sparse 128 GiB file takes minutes: the check add makes is tested at the limit itself.
    expect(MAX_BASE_BYTES).toBe(2 ** 37)
    expect(() => { checkBaseSize('at.img', MAX_BASE_BYTES) }).not.toThrow()
    expect(() => { checkBaseSize('past.img', MAX_BASE_BYTES + 1) }).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', message: `cannot register base image past.img: it is ${MAX_BASE_BYTES + 1} bytes, ${limit}` }))
  })
})

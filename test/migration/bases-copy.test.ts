/**
 * A base's copy that is no longer the file registered (gone, replaced by a
 * folder, bytes appended), and files `base add` must refuse: the findings
 * F2, F3, F4 and F11 of the migration attack report.
 */
import { execFileSync } from 'node:child_process'
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BLOCK_SIZE, BlockKind } from '../../src/migration/batch.js'
import { BaseRegistry, type BaseInfo } from '../../src/migration/bases.js'
import { writeFailure } from '../../src/migration/receiver.js'
import { tempDir } from '../helpers.js'
import { imagePair, migrationPair } from './fixtures.js'
import { chunkEntry, connect, hostileSender, roundEntry, testReceiver, type TestReceiver } from './hostile.js'

// 600 blocks and 100 bytes: the last block short.
const BLOCKS = 601
const SIZE = 600 * BLOCK_SIZE + 100

describe('base registry: a copy that is no longer the registered file', () => {
  let dir: { path: string, cleanup: () => void }
  let registry: BaseRegistry
  let bytes: Buffer
  let hash: Uint8Array
  let copy: string
  const folder = (): string => join(dir.path, 'bases')
  const source = (): string => join(dir.path, 'base.img')
  beforeEach(async () => {
    dir = tempDir('gdp-bases-copy-')
    bytes = Buffer.alloc(SIZE)
    for (let i = 0; i + 4 <= SIZE; i += 4) bytes.writeUInt32LE((i * 2654435761) >>> 0, i)
    writeFileSync(source(), bytes)
    registry = await BaseRegistry.open({ folder: folder() })
    const info = await registry.add(source())
    hash = info.hash
    copy = info.path
  })
  afterEach(async () => {
    await registry.close()
    dir.cleanup()
  })

  const damaged = (detail: string): object => ({ name: 'BaseDamagedError', message: expect.stringContaining(detail) })

  it('F3: a copy gone while the node was stopped does not stop the registry from opening; the base is marked damaged, not offered, and a good copy added again brings it back', async () => {
    await registry.close()
    rmSync(copy)
    registry = await BaseRegistry.open({ folder: folder() })
    const missing = `its copy ${copy}: there is no such file`
    expect(registry.get(hash)?.damaged).toMatchObject({ block: 0, detail: missing })
    expect(registry.usable()).toEqual([])
    expect(() => registry.checkUsable(hash)).toThrow(expect.objectContaining(damaged(missing)))
    expect(() => registry.readBlock(hash, 0)).toThrow(expect.objectContaining(damaged(missing)))
    await expect(registry.verify(hash)).rejects.toMatchObject(damaged(missing))
    // Kept in the index: still damaged after another restart.
    await registry.close()
    registry = await BaseRegistry.open({ folder: folder() })
    expect(registry.get(hash)?.damaged?.detail).toBe(missing)
    const info = await registry.add(source())
    expect(info.damaged).toBeUndefined()
    expect(registry.usable().map((b) => b.path)).toEqual([copy])
    expect(Buffer.compare(registry.readBlock(hash, BLOCKS - 1), Buffer.concat([bytes.subarray(600 * BLOCK_SIZE), Buffer.alloc(BLOCK_SIZE - 100)]))).toBe(0)
    await registry.close()
    registry = await BaseRegistry.open({ folder: folder() })
    expect(registry.get(hash)?.damaged).toBeUndefined()
  })

  it('F3: a copy gone while the node runs is marked damaged at its next use, and add replaces it even before that use', async () => {
    rmSync(copy)
    expect(registry.get(hash)?.damaged).toBeUndefined()
    // Nothing marked it yet: add does not take the registered base as present.
    expect((await registry.add(source())).damaged).toBeUndefined()
    expect(Buffer.compare(readFileSync(copy), bytes)).toBe(0)
    rmSync(copy)
    expect(registry.usable()).toEqual([])
    expect(registry.get(hash)?.damaged?.detail).toBe(`its copy ${copy}: there is no such file`)
  })

  it('a copy gone while the node runs shows as damaged in the list (gdp base list), without a migration having to use it first', () => {
    rmSync(copy)
    expect(registry.list().map((b) => b.damaged?.detail)).toEqual([`its copy ${copy}: there is no such file`])
  })

  it('a base is found by its hash in upper-case hex as by lower-case (as gdp base list prints it)', () => {
    const digits = Buffer.from(hash).toString('hex')
    expect(registry.find(digits.slice(0, 12).toUpperCase()).path).toBe(copy)
    expect(registry.find(digits.toUpperCase()).path).toBe(copy)
    expect(() => registry.find('0123456g')).toThrow("'0123456g' is not a base hash (8 to 64 hex digits)")
  })

  it('F3: a copy put back by hand is whole again once verify finds it so', async () => {
    await registry.close()
    rmSync(copy)
    registry = await BaseRegistry.open({ folder: folder() })
    expect(registry.usable()).toEqual([])
    writeFileSync(copy, bytes)
    expect(await registry.verify(hash)).toMatchObject({ damaged: false, wholeMatches: true, copyBytes: SIZE })
    expect(registry.usable()).toHaveLength(1)
  })

  it('F2: bytes appended to the copy make it damaged: not offered, refused at a round, and verify says so', async () => {
    appendFileSync(copy, Buffer.alloc(2 * BLOCK_SIZE, 0x77))
    const longer = `its copy ${copy} is ${SIZE + 2 * BLOCK_SIZE} bytes, not the base's ${SIZE}`
    expect(registry.usable()).toEqual([])
    expect(registry.get(hash)?.damaged).toMatchObject({ block: 600, detail: longer })
    expect(() => registry.checkUsable(hash)).toThrow(expect.objectContaining(damaged(longer)))
    const v = await registry.verify(hash)
    const said = `the copy is ${SIZE + 2 * BLOCK_SIZE} bytes, not ${SIZE}: its bytes past the base's end would go into every image seeded from it (truncate it, or add a good copy)`
    expect(v).toMatchObject({ damaged: true, wholeMatches: false, badBlocks: 0, copyBytes: SIZE + 2 * BLOCK_SIZE, size: SIZE, detail: said })
    expect(registry.get(hash)?.damaged?.detail).toBe(said)
    // Cut back to the base's size, the copy is the base again.
    writeFileSync(copy, bytes)
    const whole = await registry.verify(hash)
    expect(whole).toMatchObject({ damaged: false, wholeMatches: true })
    expect(whole.detail).toBeUndefined()
    expect(registry.usable()).toHaveLength(1)
  })

  it('F2: a base found longer when a migration first reads it is marked damaged, not read', () => {
    appendFileSync(copy, Buffer.alloc(10, 1))
    expect(() => registry.readBlock(hash, 3)).toThrow(expect.objectContaining(damaged(`is ${SIZE + 10} bytes, not the base's ${SIZE}`)))
    expect(registry.get(hash)?.damaged?.block).toBe(600)
  })

  it('F2: a seed that took bytes past the base\'s end (it grew after the round was checked) is refused, naming the base', async () => {
    // What copying the whole, longer copy leaves: the base, zeros to the next block, then a block of other bytes.
    const seed = join(dir.path, 'seed')
    writeFileSync(seed, Buffer.concat([bytes, Buffer.alloc(BLOCK_SIZE - 100), Buffer.alloc(BLOCK_SIZE, 0x42)]))
    await expect(registry.checkCopy(hash, seed, (BLOCKS + 1) * BLOCK_SIZE)).rejects.toMatchObject(damaged(`its copy ${copy} holds bytes past the base's ${SIZE}: block ${BLOCKS} of an image seeded from it is not zeros`))
    expect(registry.get(hash)?.damaged?.block).toBe(BLOCKS)
    // A seed that is the base and zeros past it is what the sender plans for.
    await registry.verify(hash)
    writeFileSync(seed, bytes)
    expect((await registry.checkCopy(hash, seed, (BLOCKS + 3) * BLOCK_SIZE)).length).toBe((BLOCKS + 3) * 32)
  })

  it('F4: a copy replaced by a folder is damaged, with an error naming the base and the path; add puts a good copy in place of an empty folder', async () => {
    rmSync(copy)
    mkdirSync(copy)
    const folderThere = `its copy ${copy}: it is a folder, not a regular file`
    expect(registry.usable()).toEqual([])
    expect(registry.get(hash)?.damaged?.detail).toBe(folderThere)
    expect(() => registry.checkUsable(hash)).toThrow(expect.objectContaining({ name: 'BaseDamagedError', message: expect.stringMatching(new RegExp(`^base ${Buffer.from(hash).toString('hex')} is damaged: its copy ${copy}: it is a folder`)) }))
    await expect(registry.verify(hash)).rejects.toMatchObject(damaged(folderThere))
    // A folder with files in it is the operator's: add says so and leaves it.
    writeFileSync(join(copy, 'note'), 'x')
    await expect(registry.add(source())).rejects.toMatchObject({ name: 'FileAccessError', message: expect.stringContaining(`cannot put the copy of the base at ${copy}: a folder is there`) })
    expect(readFileSync(join(copy, 'note'), 'utf8')).toBe('x')
    rmSync(join(copy, 'note'))
    expect((await registry.add(source())).damaged).toBeUndefined()
    expect(Buffer.compare(readFileSync(copy), bytes)).toBe(0)
    expect(Buffer.compare(registry.readBlock(hash, 0), bytes.subarray(0, BLOCK_SIZE))).toBe(0)
  })

  it('a block index (<hash>.blocks) gone is damage naming it: the base is marked damaged and not offered, a read is BaseDamagedError, not a raw ENOENT, and verify rebuilds the index (found by attacking the migration receiver)', async () => {
    rmSync(`${copy}.blocks`)
    const missing = `its block index ${copy}.blocks is missing`
    expect(() => registry.readBlock(hash, 0)).toThrow(expect.objectContaining(damaged(missing)))
    expect(registry.get(hash)?.damaged?.detail).toBe(missing)
    expect(registry.usable()).toEqual([])
    expect(await registry.verify(hash)).toMatchObject({ damaged: false, wholeMatches: true, indexRebuilt: true })
    expect(registry.usable()).toHaveLength(1)
    expect(Buffer.compare(registry.readBlock(hash, 0), bytes.subarray(0, BLOCK_SIZE))).toBe(0)
    // One cut short, found before any read, as the node starts (or a welcome lists the bases).
    writeFileSync(`${copy}.blocks`, Buffer.alloc(32))
    await registry.close()
    registry = await BaseRegistry.open({ folder: folder() })
    expect(registry.get(hash)?.damaged?.detail).toBe(`its block index ${copy}.blocks is 32 bytes, not ${BLOCKS * 32} (32 a block)`)
  })

  it('F4: a copy replaced by a folder before its first read is refused at the read with BaseDamagedError, not a raw EISDIR', () => {
    rmSync(copy)
    mkdirSync(copy)
    expect(() => registry.readBlock(hash, 0)).toThrow(expect.objectContaining(damaged(`its copy ${copy}: it is a folder, not a regular file`)))
  })
})

describe('base registry: what base add takes (F11)', () => {
  let dir: { path: string, cleanup: () => void }
  let registry: BaseRegistry
  beforeEach(async () => {
    dir = tempDir('gdp-bases-add-')
    registry = await BaseRegistry.open({ folder: join(dir.path, 'bases') })
  })
  afterEach(async () => {
    await registry.close()
    dir.cleanup()
  })

  it('refuses a device, a folder and a pipe with InvalidArgumentError naming the path and what it is, and registers nothing', async () => {
    const pipe = join(dir.path, 'pipe')
    execFileSync('mkfifo', [pipe])
    for (const [path, kind] of [['/dev/zero', 'a character device'], ['/dev/null', 'a character device'], [dir.path, 'a folder'], [pipe, 'a pipe']] as const) {
      await expect(registry.add(path), path).rejects.toMatchObject({ name: 'InvalidArgumentError', message: `cannot register base image ${path}: it is ${kind}, not a regular file` })
    }
    await expect(registry.add(join(dir.path, 'nothing.img'))).rejects.toMatchObject({ name: 'InvalidArgumentError', message: `cannot register base image ${join(dir.path, 'nothing.img')}: there is no such file` })
    expect(registry.list()).toEqual([])
  })
})

describe('a receiver whose base copy was changed (in memory)', () => {
  let dir: { path: string, cleanup: () => void }
  afterEach(() => { dir.cleanup() })

  for (const [change, apply, detail] of [
    ['bytes appended (F2)', (path: string) => { appendFileSync(path, Buffer.alloc(8192, 0x5a)) }, 'bytes, not the base\'s'],
    ['replaced by a folder (F4)', (path: string) => { rmSync(path); mkdirSync(path) }, 'it is a folder, not a regular file']
  ] as const) {
    it(`${change}: the receiver does not offer the base, marks it damaged, and a migration of a longer image arrives whole without it`, async () => {
      dir = tempDir('gdp-bases-recv-')
      const pair = await migrationPair(dir.path)
      try {
        const images = imagePair(dir.path, 512, 21)
        // The image is longer than the base: the blocks past the base's end are where appended bytes did harm.
        const longer = Buffer.concat([images.modifiedBytes, Buffer.alloc(64 * BLOCK_SIZE), Buffer.alloc(BLOCK_SIZE, 3)])
        writeFileSync(images.modified, longer)
        await pair.senderBases.add(images.base)
        const base = await pair.receiverBases.add(images.base)
        apply(base.path)
        const summary = await pair.sender({ name: 'vm', images: [{ name: 'disk', path: images.modified }], mode: 'raw' }).run()
        expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), longer)).toBe(0)
        expect(summary.blocks.base).toBe(0)
        expect(pair.receiverBases.get(base.hash)?.damaged?.detail).toContain(detail)
      } finally {
        await pair.close()
      }
    })
  }
})

describe('a receiver whose base lost its block index (<hash>.blocks)', () => {
  let dir: { path: string, cleanup: () => void }
  let rx: TestReceiver
  let base: BaseInfo
  beforeEach(async () => {
    dir = tempDir('gdp-bases-index-')
    rx = await testReceiver(dir.path)
    writeFileSync(join(dir.path, 'base.img'), Buffer.alloc(4 * BLOCK_SIZE, 0x61))
    base = await rx.bases.add(join(dir.path, 'base.img'))
  })
  afterEach(async () => {
    await rx.close()
    dir.cleanup()
  })
  const damaged = (): object => ({ code: 'BaseDamagedError', message: expect.stringContaining(`base ${Buffer.from(base.hash).toString('hex')} is damaged: its block index ${base.path}.blocks is missing`) })

  it('a round seeding from it is refused with BaseDamagedError naming the base and the file, and the base is no longer offered (found by attacking the migration receiver)', async () => {
    rmSync(`${base.path}.blocks`)
    const sender = hostileSender('seeded')
    const link = connect(rx.receiver, sender)
    await link.exchange(sender.hello)
    const answer = await link.exchange(sender.append([roundEntry(0, [{ name: 'disk', size: 4 * BLOCK_SIZE, seed: 1 }], { bases: [base.hash] })]))
    expect(answer?.error).toMatchObject(damaged())
    expect(rx.bases.get(base.hash)?.damaged).toBeDefined()
    const other = hostileSender('next')
    expect((await connect(rx.receiver, other).exchange(other.hello))?.welcome?.bases).toEqual([])
  })

  it('a BASE block of a round that named it is refused with BaseDamagedError once the index is gone (found by attacking the migration receiver)', async () => {
    const sender = hostileSender('referenced')
    const link = connect(rx.receiver, sender)
    await link.exchange(sender.hello)
    expect((await link.exchange(sender.append([roundEntry(0, [{ name: 'disk', size: BLOCK_SIZE, seed: 0 }], { bases: [base.hash] })])))?.ack?.applied).toBe(1)
    rmSync(`${base.path}.blocks`)
    const answer = await link.exchange(sender.append([chunkEntry({ image: 0, blocks: [0], kinds: [BlockKind.base], sources: [0], sourceBlocks: [2], data: new Uint8Array(0) })]))
    expect(answer?.error).toMatchObject(damaged())
  })

  it('a file system failure on a path outside the migration\'s folder names that path, not the folder', () => {
    const err = Object.assign(new Error(`ENOENT: no such file or directory, open '${base.path}.blocks'`), { code: 'ENOENT', syscall: 'open', path: `${base.path}.blocks` })
    expect(writeFailure('vm', join(rx.receiver.folder, 'vm'), err)).toMatchObject({ name: 'MigrationRejectedError', message: `migration 'vm': cannot open ${base.path}.blocks: ${err.message}` })
    const inside = Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO', syscall: 'write', path: join(rx.receiver.folder, 'vm', 'disk.partial') })
    expect(writeFailure('vm', join(rx.receiver.folder, 'vm'), inside).message).toBe(`migration 'vm': cannot write to ${join(rx.receiver.folder, 'vm')}: EIO: i/o error, write`)
  })
})

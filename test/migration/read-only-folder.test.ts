// A receiver whose migration folder cannot be written (a read-only file
// system, or one this process may not write): the error says so and names
// the folder. A read-only mount needs privileges a test does not have, so
// node:fs fails below the folders marked read-only as Node does on one:
// EROFS, except that a recursive mkdirSync says ENOENT.
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { MigrationReceiver } from '../../src/migration/receiver.js'
import { imagePair, useMigrationPair } from './fixtures.js'

const readOnly = vi.hoisted(() => new Set<string>())

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const below = (path: unknown): boolean => [...readOnly].some((folder) => String(path).startsWith(`${folder}/`))
  const failure = (code: string, syscall: string, path: unknown): Error => Object.assign(new Error(`${code}: ${code === 'EROFS' ? 'read-only file system' : 'no such file or directory'}, ${syscall} '${String(path)}'`), { code, syscall, path: String(path) })
  const mkdirSync: typeof fs.mkdirSync = (path, options) => {
    if (below(path)) throw failure(typeof options === 'object' && options?.recursive === true ? 'ENOENT' : 'EROFS', 'mkdir', path)
    return fs.mkdirSync(path, options)
  }
  const writeFileSync: typeof fs.writeFileSync = (path, data, options) => {
    if (below(path)) throw failure('EROFS', 'open', path)
    fs.writeFileSync(path, data, options)
  }
  return { ...fs, default: { ...fs, mkdirSync, writeFileSync }, mkdirSync, writeFileSync }
})

describe('a migration folder that cannot be written', () => {
  const t = useMigrationPair('gdp-migrate-ro-')
  afterEach(() => {
    readOnly.clear()
  })

  it('refuses a migration saying that the folder is not writable and naming it, not ENOENT', async () => {
    const images = imagePair(t.dir, 8, 2)
    readOnly.add(t.pair.receiver.folder)
    const send = t.pair.sender({ name: 'f5', images: [{ name: 'disk', path: images.modified }], mode: 'raw' }).run()
    await expect(send).rejects.toMatchObject({
      name: 'MigrationRejectedError',
      message: `the receiver refused the migration: this node cannot receive migration 'f5': the folder ${t.pair.receiver.folder} is not writable: it is on a read-only file system (EROFS: read-only file system, mkdir '${join(t.pair.receiver.folder, 'f5')}')`
    })
    expect(t.pair.receiver.list()).toEqual([])
  })

  it('a migration_dir that cannot be created names the folder that is not writable', () => {
    readOnly.add(t.dir)
    expect(() => new MigrationReceiver({ folder: join(t.dir, 'new', 'migrations'), allow: () => true }, { store: t.pair.store, bases: t.pair.receiverBases })).toThrow(expect.objectContaining({
      name: 'InvalidArgumentError',
      message: `migration_dir: the folder ${t.dir} is not writable: it is on a read-only file system (EROFS: read-only file system, mkdir '${join(t.dir, 'new')}')`
    }))
  })
})

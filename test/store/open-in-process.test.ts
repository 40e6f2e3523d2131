// One store folder reached by two paths (a symbolic link here; a bind mount is the same to the store) in one process.
// LevelDB refuses a second open of a folder by the path it holds it by, but not by another path: two LevelDBs wrote
// over each other's files, and `gdp store repair` ran its repair under an open store.
import { existsSync, symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Level } from 'level'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { REPAIR_MARKER, StoreDb } from '../../src/store/level-db.js'
import { salvageStore } from '../../src/store/salvage.js'
import { fillCapsule, tempDir } from '../helpers.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

/** A store of one capsule of 20 records, and a second path to its folder. */
async function storeByTwoPaths (): Promise<{ path: string, alias: string, name: Uint8Array }> {
  const dir = tempDir('gdp-two-paths-')
  cleanups.push(dir.cleanup)
  const path = join(dir.path, 'store')
  const { t } = await fillCapsule(path, 20, (i) => new TextEncoder().encode(`record ${i}`))
  const alias = join(dir.path, 'alias')
  symlinkSync(path, alias)
  return { path, alias, name: t.name }
}

describe('a store open in this process', () => {
  it('is refused as in use when opened again by another path to its folder, naming the path it is open as; the open one goes on', async () => {
    const { path, alias, name } = await storeByTwoPaths()
    const store = await CapsuleStore.open({ path })
    cleanups.push(() => store.close())
    await expect(CapsuleStore.open({ path: alias })).rejects.toMatchObject({
      name: 'StoreInUseError',
      message: `the store at ${alias} is already open in this process (as ${path}, the same folder)`
    })
    await expect(StoreDb.open(alias)).rejects.toMatchObject({ name: 'StoreInUseError' })
    expect((await store.capsule(name)).size).toBe(20)
  })

  it('is refused by the same path with words that say it is this process, not another', async () => {
    const { path } = await storeByTwoPaths()
    const db = await StoreDb.open(path)
    cleanups.push(() => db.close())
    await expect(StoreDb.open(path)).rejects.toMatchObject({ name: 'StoreInUseError', message: `the store at ${path} is already open in this process` })
  })

  it('is not repaired: `gdp store repair` by the other path is refused before it touches anything', async () => {
    const { path, alias } = await storeByTwoPaths()
    const store = await CapsuleStore.open({ path: alias })
    cleanups.push(() => store.close())
    await expect(salvageStore(path, () => {})).rejects.toMatchObject({ name: 'StoreInUseError' })
    expect(existsSync(join(path, REPAIR_MARKER))).toBe(false)
  })

  it('opens by either path once closed, closed twice at once included', async () => {
    const { path, alias, name } = await storeByTwoPaths()
    const first = await CapsuleStore.open({ path })
    await Promise.all([first.close(), first.close()])
    const second = await CapsuleStore.open({ path: alias })
    try {
      expect((await second.capsule(name)).size).toBe(20)
    } finally {
      await second.close()
    }
    const again = await StoreDb.open(path)
    await again.close()
  })
})

describe('a store this process is closing', () => {
  it('is opened by another path to its folder only once its LevelDB closed: the open waits for the close', async () => {
    const { path, alias, name } = await storeByTwoPaths()
    const first = await StoreDb.open(path)
    const prototype = Level.prototype as unknown as { _open: (this: unknown, ...args: unknown[]) => Promise<void>, _close: (this: unknown) => Promise<void> }
    const open = prototype._open
    const close = prototype._close
    // What LevelDB did to the folder, in order.
    const done: string[] = []
    vi.spyOn(prototype, '_open').mockImplementation(async function (this: unknown, ...args: unknown[]) {
      done.push('opened')
      await open.apply(this, args)
    })
    let second: Promise<CapsuleStore> | undefined
    vi.spyOn(prototype, '_close').mockImplementationOnce(async function (this: unknown) {
      second = CapsuleStore.open({ path: alias })
      await close.call(this)
      done.push('closed')
    })
    try {
      await first.close()
      const store = await second!
      cleanups.push(() => store.close())
      // Opened beside it, the second LevelDB had its lock dropped by the first's close.
      expect(done).toEqual(['closed', 'opened'])
      expect((await store.capsule(name)).size).toBe(20)
    } finally {
      vi.restoreAllMocks()
    }
  })
})

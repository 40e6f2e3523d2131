// The store keeps the capsules used lately open, `openCapsules` of them: a
// listing opens every capsule of the store, and each one kept open holds 2 to
// 7 KiB. One let go of and still held elsewhere is served again as that very
// instance: two instances of one capsule would each append from their own tip.
import { afterEach, describe, expect, it } from 'vitest'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { CapsuleDeletedError } from '../../src/errors.js'
import { signDeletion } from '../../src/capsule/deletion.js'
import { encodeSignedDeletion } from '../../src/capsule/deletion.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { fillDelegatedStore, payload, rejection, tempDir, testCapsule } from '../helpers.js'
import { collectGarbage } from '../full-collection.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

async function openStore (openCapsules: number, path = tempDir().path): Promise<CapsuleStore> {
  const store = await CapsuleStore.open({ path, openCapsules })
  cleanups.push(async () => { await store.close() })
  return store
}

async function createSome (store: CapsuleStore, count: number): Promise<Array<ReturnType<typeof testCapsule>>> {
  const made = Array.from({ length: count }, () => testCapsule())
  for (const t of made) await store.create(t.signed)
  return made
}

describe('capsules kept open by the store', () => {
  it('keeps at most openCapsules open (tested at the limit and one past it), the least recently used let go of first', async () => {
    const store = await openStore(3)
    const [a, b, c, d] = await createSome(store, 4)
    expect(store.openCount).toBe(3) // d let a go
    await store.capsule(b!.name) // b used again: c is now the least used
    await store.capsule(a!.name)
    expect(store.openCount).toBe(3)
    await store.capsule(d!.name)
    await store.capsule(c!.name)
    expect(store.openCount).toBe(3)
  })

  it('serves a capsule let go of while still held elsewhere as that very instance, so appends through either go on one tip', async () => {
    const store = await openStore(2)
    const [t] = await createSome(store, 1)
    const held = await store.capsule(t!.name)
    await createSome(store, 3) // t let go of, still held here
    const again = await store.capsule(t!.name)
    expect(again).toBe(held)
    const writer = new CapsuleWriter(t!.name, t!.signed.metadata, t!.writer, held.writerState)
    await held.append(writer.append([payload('one')], 1))
    await again.append(writer.append([payload('two')], 2))
    expect((await store.capsule(t!.name)).size).toBe(2)
  })

  it('a capsule let go of and still held is refused appends once deleted', async () => {
    const store = await openStore(1)
    const [t] = await createSome(store, 1)
    const held = await store.capsule(t!.name)
    await createSome(store, 2)
    await store.delete(t!.name, encodeSignedDeletion(signDeletion(t!.name, 5, t!.owner)))
    const writer = new CapsuleWriter(t!.name, t!.signed.metadata, t!.writer, held.writerState)
    expect(await rejection(held.append(writer.append([payload('late')], 1)))).toBeInstanceOf(CapsuleDeletedError)
  })

  it('an append to a capsule held while this server is taken off its replicas is refused as its name is, with the owner\'s order: a writer learns the others take it (it was "deleted", with no order)', async () => {
    const store = await openStore(1)
    const [t] = await createSome(store, 1)
    const held = await store.capsule(t!.name)
    const removal = encodeSignedDeletion(signDeletion(t!.name, 5, t!.owner, new Uint8Array(32).fill(9)))
    await store.delete(t!.name, removal)
    const writer = new CapsuleWriter(t!.name, t!.signed.metadata, t!.writer, held.writerState)
    const refused = await rejection(held.append(writer.append([payload('late')], 1))) as CapsuleDeletedError
    expect(refused).toBeInstanceOf(CapsuleDeletedError)
    expect(refused.deletion).toEqual(removal)
    expect(refused.message).toBe((await rejection(store.capsule(t!.name))).message)
    expect(refused.message).toMatch(/taking this server off its replicas/)
  })

  it('a reader waiting for records of a capsule let go of is woken by the next append', async () => {
    const store = await openStore(1)
    const [t] = await createSome(store, 1)
    const waiting = (await store.capsule(t!.name)).waitForSize(1)
    let woken = false
    void waiting.then(() => { woken = true })
    await createSome(store, 3)
    collectGarbage()
    await new Promise((resolve) => setTimeout(resolve, 10))
    const capsule = await store.capsule(t!.name)
    await capsule.append(new CapsuleWriter(t!.name, t!.signed.metadata, t!.writer, capsule.writerState).append([payload('wakes')], 1))
    await waiting
    expect(woken).toBe(true)
  })

  it('lists the size of capsules let go of without opening them again, as appended since through an instance still held', async () => {
    const store = await openStore(2)
    const made = await createSome(store, 5)
    const held = await store.capsule(made[0]!.name)
    await store.capsule(made[1]!.name)
    await store.capsule(made[2]!.name) // made[0] let go of, still held here
    await held.append(new CapsuleWriter(made[0]!.name, made[0]!.signed.metadata, made[0]!.writer, held.writerState).append([payload('a'), payload('b')], 1))
    const sizes = []
    for (const t of made) sizes.push(await store.listedSize(t.name))
    expect(sizes).toEqual([2, 0, 0, 0, 0])
    // Listed, not opened again.
    expect(store.openCount).toBe(2)
  })

  it('holds the memory of openCapsules capsules, not of every capsule opened (6,000 opened, 100 kept)', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const names = await fillDelegatedStore(dir.path, new Uint8Array(32).fill(1), 6000)
    const store = await openStore(100, dir.path)
    collectGarbage()
    const before = process.memoryUsage().heapUsed
    for (const name of names) await store.capsule(name)
    collectGarbage()
    const grown = process.memoryUsage().heapUsed - before
    expect(store.openCount).toBe(100)
    // Kept open, 6,000 empty capsules held about 11 MB (1.8 KiB each); let go of, about 200 bytes each.
    expect(grown).toBeLessThan(4_000_000)
  })
})

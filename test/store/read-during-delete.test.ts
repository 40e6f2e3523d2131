// A read of a capsule that its deletion overtakes: a range read takes its
// records from a LevelDB snapshot and their Merkle tiles as they are now, so
// part way through it found tiles (or, begun after the deletion, records)
// missing, and was refused as damage in the store (the gateway's 502, logged
// as an error). A deleted capsule is no damage: the read is refused as any
// read after the deletion is, with the owner's order.
import { afterEach, describe, expect, it } from 'vitest'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import type { StoredCapsule } from '../../src/store/stored-capsule.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { encodeSignedDeletion, signDeletion } from '../../src/capsule/deletion.js'
import { CapsuleDeletedError } from '../../src/errors.js'
import { payload, rejection, tempDir, testCapsule } from '../helpers.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

/** A store holding one capsule of 300 records (every tenth payload large enough to be stored apart from its chunk: a range read takes those as they are now too), and the order that deletes it. */
async function storeWithCapsule (): Promise<{ store: CapsuleStore, capsule: StoredCapsule, deleteIt: () => Promise<void>, order: Uint8Array }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const store = await CapsuleStore.open({ path: dir.path })
  cleanups.push(async () => { await store.close() })
  const t = testCapsule()
  const capsule = await store.create(t.signed)
  const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
  for (let b = 0; b < 3; b++) {
    await capsule.append(writer.append(Array.from({ length: 100 }, (_, i) => i % 10 === 0 ? new Uint8Array(5000).fill(i) : payload(`${b}-${i}`)), 10 + b))
  }
  const order = encodeSignedDeletion(signDeletion(t.name, 30, t.owner))
  return { store, capsule, order, deleteIt: async () => { await store.delete(t.name, order) } }
}

function expectDeletion (err: unknown, order: Uint8Array): void {
  expect(err).toBeInstanceOf(CapsuleDeletedError)
  expect((err as Error).message).toMatch(/was deleted by its owner/)
  expect([...(err as CapsuleDeletedError).deletion!]).toEqual([...order])
}

describe('a read the capsule\'s deletion overtakes', () => {
  it('a range read part way through is refused as deleted, with the owner\'s order, not as damage (its payloads stored apart, its Merkle tiles missing)', async () => {
    const { capsule, deleteIt, order } = await storeWithCapsule()
    const reading = capsule.readRange(0, 300)[Symbol.asyncIterator]()
    for (let i = 0; i < 5; i++) expect((await reading.next()).value?.header.seqno).toBe(i)
    await deleteIt()
    let read = 5
    const err = await (async () => {
      for (;;) {
        if ((await reading.next()).done === true) return undefined
        read++
      }
    })().catch((e: unknown) => e)
    // The snapshot may serve a few more records; the read never ends as if the capsule were whole.
    expect(read).toBeLessThan(300)
    expectDeletion(err, order)
  })

  it('a range read asked for before the deletion and begun after it is refused as deleted, not as missing records', async () => {
    const { capsule, deleteIt, order } = await storeWithCapsule()
    const reading = capsule.readRange(0, 300)[Symbol.asyncIterator]()
    await deleteIt()
    expectDeletion(await rejection(reading.next()), order)
  })

  it('a record read and a proof of a capsule held open are refused as deleted', async () => {
    const { capsule, deleteIt, order } = await storeWithCapsule()
    await deleteIt()
    expectDeletion(await rejection((async () => capsule.read(3))()), order)
    expectDeletion(await rejection(capsule.inclusionProof(40)), order)
  })
})

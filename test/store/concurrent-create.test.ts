// A capsule created twice at once in one store (its owner's create and a
// peer replica's reseed of it arrive together), or opened as it is created.
// Found by placing replicated capsules on real nodes: one of the two was
// refused as a store gone backwards (StoreRegressionError, "no longer holds
// its metadata"), the node's answer SERVER_ERROR.
import { afterEach, describe, expect, it } from 'vitest'
import { CapsuleNotFoundError } from '../../src/errors.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir, testCapsule } from '../helpers.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

/** undefined once `promise` is fulfilled, or its error. */
const settle = async (promise: Promise<unknown>): Promise<Error | undefined> => await promise.then(() => undefined, (err: Error) => err)

describe('creating a capsule while another create or an open of it runs', () => {
  it('every create gets the capsule, and an open before it landed gets CapsuleNotFoundError, never a store gone backwards', async () => {
    const dir = tempDir('gdp-concurrent-create-')
    cleanups.push(dir.cleanup)
    const store = await CapsuleStore.open({ path: dir.path })
    cleanups.push(async () => { await store.close() })
    for (let i = 0; i < 20; i++) {
      const t = testCapsule()
      // Settled as made: one that fails before the others are made is not left unhandled.
      const creates = [settle(store.create(t.signed))]
      const opens: Array<Promise<Error | undefined>> = []
      // Each a turn of the event loop later, so that some read the metadata before the first create's batch is written and check the evidence after.
      for (let k = 0; k < 6; k++) {
        await new Promise((resolve) => setImmediate(resolve))
        creates.push(settle(store.create(t.signed)))
        opens.push(settle(store.capsule(t.name)))
      }
      expect(await Promise.all(creates)).toEqual(creates.map(() => undefined))
      for (const failed of await Promise.all(opens)) if (failed !== undefined) expect(failed).toBeInstanceOf(CapsuleNotFoundError)
      expect((await store.capsule(t.name)).size).toBe(0)
    }
    // Reopened, the store holds every capsule it acknowledged.
    await store.close()
    const again = await CapsuleStore.open({ path: dir.path })
    cleanups.push(async () => { await again.close() })
    expect((await again.damageAtOpen)).toEqual([])
  })
})

// What a server reads of its store as it starts. Found by an audit: every
// delegation was listed twice, once for the rows of capsules deleted here
// (CapsuleStore.dropOrphanRows) and once by the advertiser.
import { join } from 'node:path'
import { Level } from 'level'
import { afterEach, describe, expect, it, vi } from 'vitest'
import '../../src/node/polyfill.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { GdpNode } from '../../src/node/node.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { delegationKey, delegationRange } from '../../src/store/layout.js'
import { StoreDb } from '../../src/store/level-db.js'
import { tempDir, testCapsule } from '../helpers.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

describe('a server starting', () => {
  it('lists its delegations once, dropping those of capsules deleted here as it goes', async () => {
    const dir = tempDir('gdp-start-listings-')
    cleanups.push(dir.cleanup)
    const store = await CapsuleStore.open({ path: join(dir.path, 'store') })
    for (let i = 0; i < 3; i++) {
      const t = testCapsule(i + 1)
      await store.create(t.signed)
      await store.putDelegation(t.name, Uint8Array.of(1, 2, 3))
    }
    const deleted = testCapsule(4)
    await store.create(deleted.signed)
    await store.delete(deleted.name, new Uint8Array(0))
    await store.close()
    // As a version before left it: a delegation written after the deletion.
    const db = new Level<Uint8Array, Uint8Array>(join(dir.path, 'store'), { keyEncoding: 'view', valueEncoding: 'view' })
    await db.put(delegationKey(deleted.name), Uint8Array.of(1, 2, 3))
    await db.close()
    const delegations = Buffer.from(delegationRange().gte)
    const listingsOfDelegations = (): number => [StoreDb.prototype.iteratorPast, StoreDb.prototype.keysPast]
      .flatMap((listing) => vi.mocked(listing).mock.calls)
      .filter(([range]) => Buffer.from(range.gte ?? range.gt ?? []).subarray(0, 1).equals(delegations)).length
    vi.spyOn(StoreDb.prototype, 'iteratorPast')
    vi.spyOn(StoreDb.prototype, 'keysPast')
    cleanups.push(() => { vi.restoreAllMocks() })
    // The key of the server that ran here (a store of delegations with no node key is refused: another node).
    writeKeyFile(join(dir.path, 'node.key'), false, { node: true })
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] })
    cleanups.push(async () => { await node.stop() })
    await node.start()
    expect(listingsOfDelegations()).toBe(1)
    expect(await node.store!.delegation(deleted.name)).toBeUndefined()
  }, 30_000)
})

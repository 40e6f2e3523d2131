// src/server/kv-service.ts: the key-value indexes of a server, sharing their caches so that together they stay within its budgets.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { kvAppField } from '../../src/kv/format.js'
import { LocalKv } from '../../src/kv/local.js'
import { KvService } from '../../src/server/kv-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir } from '../helpers.js'

let dir: ReturnType<typeof tempDir>
let store: CapsuleStore
beforeAll(async () => {
  dir = tempDir('gdp-kv-service-')
  store = await CapsuleStore.open({ path: dir.path })
})
afterAll(async () => {
  await store.close()
  dir.cleanup()
})

/** A key-value capsule in the store whose first record puts a value of `bytes`. */
async function kvCapsuleWith (bytes: number): Promise<Uint8Array> {
  const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: Date.now() * 1000, appFields: [kvAppField()], nonce: randomBytes(16) })
  await store.create(signMetadata(metadata, signer))
  await LocalKv.using(store, capsuleName(metadata), { signer }, async (kv) => { await kv.put(new TextEncoder().encode('k'), randomBytes(bytes)) })
  return capsuleName(metadata)
}

describe('KvService', () => {
  // Found reading the gateway's memory bounds: each index kept the records its watches read within 16 MiB of its
  // own, and an index the service closed stayed with the watches holding it: watches of 256 capsules, each near a
  // record of 16 MiB, kept 4 GiB.
  it('the records watches read near the tips are kept within recentRecordBytes for all its indexes together, those it closed too, and go with their capsule', async () => {
    const service = new KvService({ maxOpenIndexes: 2, recentRecordBytes: 1024 * 1024 }, { store })
    const names = []
    for (let i = 0; i < 4; i++) names.push(await kvCapsuleWith(600 * 1024))
    let kept = 0
    for (const name of names) {
      const index = await service.index(name)
      for await (const change of LocalKv.onIndex(index).watch(0)) {
        expect(change.seqno).toBe(0)
        break
      }
      kept = Math.max(kept, service.recentRecords.bytes)
    }
    // At most one record past the budget: the one just read stays.
    expect(kept).toBeGreaterThan(0)
    expect(kept).toBeLessThanOrEqual(1024 * 1024 + 600 * 1024)
    expect(service.recentRecords.bytes).toBeLessThanOrEqual(1024 * 1024)
    // A capsule deleted takes its records with it.
    service.forget(names[3]!)
    expect(service.recentRecords.bytes).toBe(0)
  })
})

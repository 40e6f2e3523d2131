// A LevelDB capsule store shared by the tests of one file, and key-value
// capsules in it that a test writes with a key of its own.
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import type { AppField } from '../../src/capsule/types.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir } from '../helpers.js'

export interface StorePerFile {
  /** The store, open from the file's first test to its last. */
  store: () => CapsuleStore
  /** Creates a capsule with `appFields` (kvAppField(), filesAppFields()) whose owner and writer is a new key: its name and that key. */
  newCapsule: (appFields: AppField[], createdAtUs: number) => Promise<{ name: Uint8Array, signer: Ed25519Signer }>
}

/** Opens a store in a folder of its own before the file's tests, closes and removes it after them. */
export function storePerFile (prefix: string): StorePerFile {
  let dir: ReturnType<typeof tempDir> | undefined
  let store: CapsuleStore | undefined
  beforeAll(async () => {
    dir = tempDir(prefix)
    store = await CapsuleStore.open({ path: dir.path })
  })
  afterAll(async () => {
    await store?.close()
    dir?.cleanup()
  })
  const opened = (): CapsuleStore => {
    if (store === undefined) throw new Error('the store opens before the first test')
    return store
  }
  return {
    store: opened,
    newCapsule: async (appFields, createdAtUs) => {
      const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
      const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs, appFields, nonce: randomBytes(16) })
      await opened().create(signMetadata(metadata, signer))
      return { name: capsuleName(metadata), signer }
    }
  }
}

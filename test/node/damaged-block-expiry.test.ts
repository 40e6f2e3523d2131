// A node whose store has a damaged block holding rows of capsules past their
// expiry. Found by attacking the disk: expiry met the first such capsule,
// threw, and deleted none of the capsules after it in name order, at every
// check, for good.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { payload, tempDir, waitFor } from '../helpers.js'
import { flipByte } from '../store/damage-helper.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

describe('a node whose store has a damaged block of expired capsules', () => {
  it('deletes every expired capsule, those with rows in the block too, says what it met, and still takes writes', async () => {
    const dir = tempDir('gdp-expiry-block-')
    cleanups.push(dir.cleanup)
    const path = join(dir.path, 'store')
    const store = await CapsuleStore.open({ path })
    const names: Uint8Array[] = []
    for (let i = 0; i < 30; i++) {
      const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
      const writer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
      // Expired long ago.
      const metadata = newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs: 1_700_000_000_000_000, expiresAtUs: 1_700_000_100_000_000, nonce: new Uint8Array(16).fill(i) })
      const capsule = await store.create(signMetadata(metadata, owner))
      const w = new CapsuleWriter(capsuleName(metadata), metadata, writer, capsule.writerState)
      await capsule.append(w.append(Array.from({ length: 20 }, (_, j) => payload(`${i}:${j}`)), 1_700_000_000_000_001))
      names.push(capsuleName(metadata))
    }
    await store.close()
    await (await CapsuleStore.open({ path })).close()
    // The first block of the table: the store's own rows, then the first capsules' delegations and heartbeats.
    const table = readdirSync(path).filter((f) => f.endsWith('.ldb')).find((f) => readFileSync(join(path, f)).subarray(0, 64).includes('format'))
    expect(table).toBeDefined()
    flipByte(join(path, table!), 20, 0x10)
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], expiryGraceMs: 0 })
    cleanups.push(async () => { await node.stop() })
    await node.start()
    const service = node.service!
    await waitFor(() => service.counters.expired === names.length, { timeoutMs: 20_000, what: `every expired capsule deleted (${service.counters.expired} of ${names.length})` })
    for (const name of names) await expect(node.store!.capsule(name)).rejects.toThrow(/deleted when it expired/)
    expect(node.store!.damagedBlocks).toContainEqual(expect.stringMatching(/^deleting capsule \S+ passed over a block LevelDB cannot read, and its rows there: .*Corruption: block checksum mismatch \(table \d+\.ldb; /))
    // No compaction reached the damaged table: the store still takes writes (LevelDB refused every one after it did).
    const owner = Buffer.alloc(32, 0xee)
    await node.store!.putOwnerUsage([{ owner, bytes: 4321 }])
    const counts: Array<number | undefined> = []
    for await (const usage of node.store!.ownerUsage()) if (Buffer.from(usage.owner).equals(owner)) counts.push(usage.bytes)
    expect(counts).toEqual([4321])
  }, 60_000)
})

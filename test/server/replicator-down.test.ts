// src/server/replicator.ts: the peers a server could not reach, remembered for their backoff, are forgotten once it is
// long over: a server whose replica peers churn (servers that leave, capsules moved away) kept one entry each for good.
import { afterEach, describe, expect, it } from 'vitest'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { RequestTimeoutError } from '../../src/errors.js'
import { nodeName } from '../../src/routing/signing.js'
import { Replicator, type ReplicaClient } from '../../src/server/replicator.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir, testCapsule } from '../helpers.js'
import { clock } from '../routing/memory-links.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0)) await c() })

describe('the peers a replicator could not reach', () => {
  it('are forgotten once their backoff has been over for the longest backoff', async () => {
    const dir = tempDir()
    const store = await CapsuleStore.open({ path: dir.path })
    cleanups.push(async () => { await store.close(); dir.cleanup() })
    const t = testCapsule()
    const capsule = await store.create(t.signed)
    let asked = 0
    const silent = async (): Promise<never> => { asked++; throw new RequestTimeoutError('no answer (test)') }
    const client = { info: silent, readBatches: silent } as unknown as ReplicaClient
    const self = nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey)
    // Backoffs of 1 ms to 32 ms: the longest over 64 ms after the last failure at most.
    const replicator = new Replicator({ peerBackoffMs: 1 }, { store, client, self, clock, stored: () => {}, deleted: async () => {}, unopenable: () => {}, recovered: () => {} })
    const peer = (i: number): Uint8Array => new Uint8Array(32).fill(i + 1)
    for (let i = 0; i < 50; i++) await replicator.fetch(capsule, [peer(i)])
    expect(asked).toBe(50)
    expect(replicator.peersDown).toBeGreaterThan(0)
    expect(replicator.peersDown).toBeLessThanOrEqual(50)
    await new Promise((resolve) => setTimeout(resolve, 100))
    // The next failure forgets them all: only it is left.
    await replicator.fetch(capsule, [peer(60)])
    expect(replicator.peersDown).toBe(1)
    expect(asked).toBe(51)
  })
})

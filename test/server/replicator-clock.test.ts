// src/server/replicator.ts: its budgets run on the monotonic clock it is given, not the wall clock. Stepped back (NTP
// setting it right), the wall clock stretched a round by the size of the step.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { RequestTimeoutError } from '../../src/errors.js'
import { nodeName } from '../../src/routing/signing.js'
import { Replicator, type ReplicaClient } from '../../src/server/replicator.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir, testCapsule } from '../helpers.js'
import { clock } from '../routing/memory-links.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

describe('a replicator\'s fetch budget', () => {
  it('ends once the monotonic clock has run past it, though the wall clock stepped back meanwhile', async () => {
    const dir = tempDir()
    const store = await CapsuleStore.open({ path: dir.path })
    cleanups.push(async () => { await store.close(); dir.cleanup() })
    const capsule = await store.create(testCapsule().signed)
    let monotonic = 0
    const asked: number[] = []
    const client = {
      info: async (): Promise<never> => {
        asked.push(monotonic)
        // The first peer's answer takes past the budget, and meanwhile the wall clock is set back an hour.
        monotonic += 1001
        cleanups.push(() => { vi.useRealTimers() })
        vi.useFakeTimers({ toFake: ['Date'] })
        vi.setSystemTime(Date.now() - 3_600_000)
        throw new RequestTimeoutError('no answer (test)')
      }
    } as unknown as ReplicaClient
    const self = nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey)
    const replicator = new Replicator({ fetchBudgetMs: 1000 }, { store, client, self, clock, monotonicMs: () => monotonic, stored: () => {}, deleted: async () => {}, unopenable: () => {}, recovered: () => {} })
    const failed = await replicator.fetch(capsule, [new Uint8Array(32).fill(1), new Uint8Array(32).fill(2)])
    expect(failed).toBeInstanceOf(RequestTimeoutError)
    // The second peer is left for the next round.
    expect(asked).toEqual([0])
  })
})

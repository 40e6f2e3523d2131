// docs/spec.md section 9, "Finding forks": whenever an export file and the
// store hold two writer-signed histories that diverge, import refuses the
// file with a fork proof anyone can check; when one history extends the
// other, import takes it. Batch boundaries and lengths are random.
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { verifyForkProof } from '../../src/capsule/fork.js'
import type { ForkProof } from '../../src/capsule/types.js'
import { CapsuleWriter } from '../../src/capsule/writer.js'
import { ForkDetectedError } from '../../src/errors.js'
import { exportCapsule, importCapsule } from '../../src/store/archive.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { payload, tempDir, testCapsule, type TestCapsule } from '../helpers.js'

const dir = tempDir('gdp-import-fork-')
afterAll(() => { dir.cleanup() })
let stores = 0

/** A store holding one history of `t`: the given payloads, cut into batches of the given sizes. */
async function history (t: TestCapsule, texts: string[], cuts: number[]): Promise<CapsuleStore> {
  const store = await CapsuleStore.open({ path: `${dir.path}/${stores++}` })
  const capsule = await store.create(t.signed)
  const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, capsule.writerState)
  let at = 0
  for (const n of [...cuts, Infinity]) {
    const batch = texts.slice(at, at + n)
    if (batch.length === 0) continue
    // One timestamp for all: records at the same position with the same payload are the same record.
    await capsule.append(writer.append(batch.map(payload), 100))
    at += batch.length
    if (at >= texts.length) break
  }
  return store
}

async function exported (store: CapsuleStore, t: TestCapsule): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (const c of exportCapsule(await store.capsule(t.name))) chunks.push(c)
  return Buffer.concat(chunks)
}

const source = (bytes: Uint8Array) => () => (async function * () { yield bytes })()

const shape = fc.record({
  common: fc.nat(6),
  mine: fc.nat(6),
  theirs: fc.nat(6),
  myCuts: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 6 }),
  theirCuts: fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 6 })
}).filter((s) => s.common + s.mine > 0 && s.common + s.theirs > 0)

describe('import: a diverging file is refused with a fork proof, whatever its shape', () => {
  it('every divergence yields a valid fork proof and leaves the store as it was; a prefix or an extension imports', async () => {
    await fc.assert(fc.asyncProperty(shape, async (s) => {
      const t = testCapsule()
      const common = Array.from({ length: s.common }, (_, i) => `c${i}`)
      const mine = await history(t, [...common, ...Array.from({ length: s.mine }, (_, i) => `m${i}`)], s.myCuts)
      const theirs = await history(t, [...common, ...Array.from({ length: s.theirs }, (_, i) => `t${i}`)], s.theirCuts)
      const file = await exported(theirs, t)
      const before = (await mine.capsule(t.name)).size
      try {
        if (s.mine > 0 && s.theirs > 0) {
          const err = await importCapsule(mine, source(file)).then(() => undefined, (e: Error) => e)
          expect(err, JSON.stringify(s)).toBeInstanceOf(ForkDetectedError)
          const fork = verifyForkProof((err as ForkDetectedError).proof as ForkProof)
          expect(Buffer.from(fork.capsule)).toEqual(Buffer.from(t.name))
          expect(fork.position, JSON.stringify(s)).toBeGreaterThanOrEqual(s.common)
          expect((await mine.capsule(t.name)).size).toBe(before)
        } else {
          const summary = await importCapsule(mine, source(file))
          expect((await mine.capsule(t.name)).size).toBe(Math.max(before, s.common + s.theirs))
          expect(summary.added).toBe(Math.max(0, s.common + s.theirs - before))
        }
      } finally {
        await mine.close()
        await theirs.close()
      }
    }), { numRuns: 40 })
  }, 120_000)

  it('the three shapes of evidence: the same size, the store longer, the file longer', async () => {
    const t = testCapsule()
    const stored = await history(t, ['a', 'b', 'c', 'd', 'e'], [2, 3])
    const proofOf = async (texts: string[], cuts: number[]): Promise<{ kind: string, position: number, sizes: number[] }> => {
      const other = await history(t, texts, cuts)
      const err = await importCapsule(stored, source(await exported(other, t))).then(() => undefined, (e: Error) => e)
      await other.close()
      const proof = (err as ForkDetectedError).proof as ForkProof
      const fork = verifyForkProof(proof)
      return { kind: fork.kind, position: fork.position, sizes: [proof.first.heartbeat.size, proof.second.heartbeat.size] }
    }
    // A file heartbeat at a size the store has a heartbeat for.
    expect(await proofOf(['a', 'X'], [2])).toEqual({ kind: 'same-size', position: 1, sizes: [2, 2] })
    // At a size the store has none for: its head and a proof from the store's tree.
    expect(await proofOf(['a', 'X', 'c'], [3])).toEqual({ kind: 'diverged', position: 2, sizes: [3, 5] })
    // Past the store, from another record at its last position: its head and a proof from the file's batch.
    expect(await proofOf(['a', 'b', 'c', 'd', 'X', 'f', 'g'], [2, 5])).toEqual({ kind: 'diverged', position: 4, sizes: [5, 7] })
    expect(await proofOf(['a', 'X', 'c', 'd', 'e', 'f', 'g'], [7])).toEqual({ kind: 'diverged', position: 4, sizes: [5, 7] })
    expect((await stored.capsule(t.name)).size).toBe(5)
    await stored.close()
  })
})

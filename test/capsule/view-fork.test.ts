import { describe, expect, it } from 'vitest'
import { CapsuleView, MAX_KEPT_HEARTBEATS, MAX_KEPT_LINKS } from '../../src/capsule/view.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { decodeForkProof, encodeForkProof, recordFromParts } from '../../src/capsule/codec.js'
import { sha256 } from '../../src/crypto/hash.js'
import { verifyForkProof } from '../../src/capsule/fork.js'
import { consistencyProofRanges, hashPerfectSubtrees, inclusionProofRanges, perfectSubtrees, rangeProofRanges, rootOfLeaves } from '../../src/capsule/merkle.js'
import type { CapsuleRecord, ConsistencyProof, ForkProof, InclusionProof, RangeProof, SignedHeartbeat } from '../../src/capsule/types.js'
import { ChainMismatchError, ForkDetectedError, InvalidProofError } from '../../src/errors.js'
import { signHeartbeat } from '../../src/capsule/heartbeat.js'
import { payload, testCapsule } from '../helpers.js'

/** An in-memory full copy, to cut proofs from. */
function history (t: ReturnType<typeof testCapsule>, texts: string[][]): { records: CapsuleRecord[], heartbeats: ReturnType<CapsuleWriter['append']>['heartbeat'][] } {
  const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
  const records: CapsuleRecord[] = []
  const heartbeats = []
  for (const batch of texts) {
    const b = writer.append(batch.map(payload), 100)
    records.push(...b.records)
    heartbeats.push(b.heartbeat)
  }
  return { records, heartbeats }
}

/** `size` records the writer signed a heartbeat over although record `broken` does not chain to the one before it. */
function unchained (t: ReturnType<typeof testCapsule>, size: number, broken: number): { records: CapsuleRecord[], head: SignedHeartbeat } {
  const records: CapsuleRecord[] = []
  for (let seqno = 0; seqno < size; seqno++) {
    const body = payload(`r${seqno}`)
    const prevHash = seqno === broken ? new Uint8Array(32).fill(7) : seqno === 0 ? t.name : records[seqno - 1]!.hash
    records.push(recordFromParts({ seqno, timestampUs: 100, prevHash, payloadHash: sha256(body), payloadLength: body.length }, body))
  }
  const head = signHeartbeat({ capsule: t.name, size, root: rootOfLeaves(records.map((r) => r.hash)), lastRecordHash: records.at(-1)!.hash, timestampUs: 100 }, t.writer)
  return { records, head }
}

function subtree (records: CapsuleRecord[], [begin, end]: readonly [number, number]): Uint8Array {
  return hashPerfectSubtrees(perfectSubtrees(begin, end).map((n) => rootOfLeaves(records.slice(n.index * 2 ** n.level, (n.index + 1) * 2 ** n.level).map((r) => r.hash))))
}
const inclusion = (records: CapsuleRecord[], index: number, size: number): InclusionProof => ({ index, treeSize: size, path: inclusionProofRanges(index, size).map((r) => subtree(records, r)) })
const range = (records: CapsuleRecord[], from: number, to: number, size: number): RangeProof => ({ from, to, treeSize: size, path: rangeProofRanges(from, to, size).map((r) => subtree(records, r)) })
const consistency = (records: CapsuleRecord[], from: number, to: number): ConsistencyProof => ({ fromSize: from, toSize: to, path: consistencyProofRanges(from, to).map((r) => subtree(records, r)) })

/** The fork proof of the ForkDetectedError `add` throws; fails the test if it throws none or another error. */
function forkProofOf (add: () => void): ForkProof {
  try {
    add()
  } catch (err) {
    expect(err).toBeInstanceOf(ForkDetectedError)
    return (err as ForkDetectedError).proof as ForkProof
  }
  throw new Error('no fork was detected')
}

/** A view that holds the honest history's heartbeat of records a, b; and a forked history a, X, c, d, e of the same capsule. */
function forkedAfterOne (): { forked: ReturnType<typeof history>, view: CapsuleView } {
  const t = testCapsule()
  const honest = history(t, [['a', 'b']])
  const forked = history(t, [['a', 'X', 'c', 'd', 'e']])
  const view = new CapsuleView(t.signed)
  view.addHeartbeat(honest.heartbeats[0]!)
  return { forked, view }
}

describe('CapsuleView', () => {
  it('checks that a record chains to its neighbours checked before it, on either side', () => {
    const t = testCapsule()
    const { records, head } = unchained(t, 4, 2)
    const view = new CapsuleView(t.signed)
    view.addRecord(records[1]!, inclusion(records, 1, 4), head)
    expect(() => view.addRecord(records[2]!, inclusion(records, 2, 4), head)).toThrow(ChainMismatchError)
    const other = new CapsuleView(t.signed)
    other.addRecord(records[2]!, inclusion(records, 2, 4), head)
    expect(() => other.addRecord(records[1]!, inclusion(records, 1, 4), head)).toThrow('record 1 does not chain to its neighbours')
    // Within one range, as across reads.
    expect(() => new CapsuleView(t.signed).addRange(records.slice(0, 4), range(records, 0, 4, 4), head)).toThrow(ChainMismatchError)
  })

  it(`keeps the links of the last ${MAX_KEPT_LINKS} records it checked`, () => {
    const t = testCapsule()
    const size = MAX_KEPT_LINKS + 3
    const { records, head } = unchained(t, size, 1)
    const view = new CapsuleView(t.signed)
    view.addRecord(records[0]!, inclusion(records, 0, size), head)
    // Record 0's link and MAX_KEPT_LINKS - 1 more: record 0's is kept, and record 1 does not chain to it.
    view.addRange(records.slice(3, MAX_KEPT_LINKS + 2), range(records, 3, MAX_KEPT_LINKS + 2, size), head)
    expect(() => view.addRecord(records[1]!, inclusion(records, 1, size), head)).toThrow(ChainMismatchError)
    // One more: record 0's, the oldest, is let go.
    view.addRecord(records[MAX_KEPT_LINKS + 2]!, inclusion(records, MAX_KEPT_LINKS + 2, size), head)
    view.addRecord(records[1]!, inclusion(records, 1, size), head)
  })

  it(`keeps ${MAX_KEPT_HEARTBEATS} heartbeats, the head's among them and the most recently met: an older one's fork is not told`, () => {
    const t = testCapsule()
    const signed = (size: number, fill: number): SignedHeartbeat => signHeartbeat({ capsule: t.name, size, root: new Uint8Array(32).fill(fill), lastRecordHash: new Uint8Array(32).fill(fill), timestampUs: 100 }, t.writer)
    const view = new CapsuleView(t.signed)
    const head = signed(MAX_KEPT_HEARTBEATS * 2, 1)
    view.addHeartbeat(head)
    for (let size = 1; size < MAX_KEPT_HEARTBEATS; size++) view.addHeartbeat(signed(size, 1))
    // At the limit: the one of size 1, met first, is kept.
    expect(() => view.addHeartbeat(signed(1, 2))).toThrow(ForkDetectedError)
    view.addHeartbeat(signed(MAX_KEPT_HEARTBEATS, 1))
    view.addHeartbeat(signed(1, 2))
    // The head's, met before any, is never let go.
    expect(() => view.addHeartbeat(signed(MAX_KEPT_HEARTBEATS * 2, 2))).toThrow(ForkDetectedError)
    expect(view.head).toBe(head)
  })

  it('rejects a record whose proof does not lead to the heartbeat', () => {
    const t = testCapsule()
    const { records, heartbeats } = history(t, [['a', 'b', 'c']])
    const view = new CapsuleView(t.signed)
    expect(() => view.addRecord(records[1]!, inclusion(records, 2, 3), heartbeats[0]!)).toThrow(InvalidProofError)
    expect(() => view.addRecord(records[1]!, { ...inclusion(records, 1, 3), path: [] }, heartbeats[0]!)).toThrow(InvalidProofError)
  })

  it('advances its head only along consistency proofs', () => {
    const t = testCapsule()
    const { records, heartbeats } = history(t, [['a', 'b', 'c'], ['d', 'e']])
    const view = new CapsuleView(t.signed)
    view.addHeartbeat(heartbeats[0]!)
    expect(() => view.addHeartbeat(heartbeats[1]!)).toThrow(/needs a consistency proof/)
    view.addHeartbeat(heartbeats[1]!, consistency(records, 3, 5))
    expect(view.size).toBe(5)
  })

  it('turns two heartbeats of equal size with different roots into a portable fork proof', () => {
    const t = testCapsule()
    const honest = history(t, [['a', 'b']])
    const forked = history(t, [['a', 'X']])
    const view = new CapsuleView(t.signed)
    view.addHeartbeat(honest.heartbeats[0]!)
    const proof = forkProofOf(() => { view.addHeartbeat(forked.heartbeats[0]!) })
    const checked = verifyForkProof(decodeForkProof(encodeForkProof(proof)))
    expect(checked.kind).toBe('same-size')
    expect(Buffer.from(checked.capsule)).toEqual(Buffer.from(t.name))
  })

  it('proves a fork between heartbeats of different sizes with a divergence proof', () => {
    const { forked, view } = forkedAfterOne()
    const proof = forkProofOf(() => { view.addRecord(forked.records[1]!, inclusion(forked.records, 1, 5), forked.heartbeats[0]!) })
    const checked = verifyForkProof(decodeForkProof(encodeForkProof(proof)))
    expect(checked).toMatchObject({ kind: 'diverged', position: 1 })
  })

  it('takes a run of records with one range proof, as with one inclusion proof each; refuses one that does not fit', () => {
    const t = testCapsule()
    const { records, heartbeats } = history(t, [['a', 'b', 'c'], ['d', 'e', 'f', 'g', 'h', 'i', 'j']])
    const head = heartbeats[1]!
    const view = new CapsuleView(t.signed)
    view.addHeartbeat(head)
    view.addRange(records.slice(2, 7), range(records, 2, 7, 10), head)
    // Beside records proven one by one: the chain is checked across.
    view.addRecord(records[7]!, inclusion(records, 7, 10), head)
    expect(() => view.addRange(records.slice(3, 5), range(records, 2, 4, 10), head)).toThrow('range proof is for records 2..3, not for the 2 records from 3 given with it')
    expect(() => view.addRange(records.slice(0, 2), range(records, 0, 2, 9), head)).toThrow('range proof is for a tree of 9 records, the heartbeat states 10')
    expect(() => view.addRange([records[0]!, records[2]!], range(records, 0, 2, 10), head)).toThrow(InvalidProofError)
    const altered = range(records, 0, 2, 10)
    expect(() => view.addRange(records.slice(0, 2), { ...altered, path: altered.path.slice(1) }, head)).toThrow('records 0..1 are not in the tree of the heartbeat at size 10')
    const one = range(records, 0, 1, 10)
    expect(() => view.addRange(records.slice(0, 1), { ...one, path: one.path.slice(1) }, head)).toThrow('record 0 is not in the tree of the heartbeat at size 10')
  })

  it('a range that reveals a fork is proven as a single record would be, with the record\'s inclusion proof', () => {
    const { forked, view } = forkedAfterOne()
    const proof = forkProofOf(() => { view.addRange(forked.records.slice(0, 4), range(forked.records, 0, 4, 5), forked.heartbeats[0]!) })
    expect(proof.divergence?.proof).toEqual(inclusion(forked.records, 1, 5))
    expect(verifyForkProof(decodeForkProof(encodeForkProof(proof)))).toMatchObject({ kind: 'diverged', position: 1 })
  })

  it('fork proof checking rejects what is not a fork', () => {
    const t = testCapsule()
    const { records, heartbeats } = history(t, [['a', 'b'], ['c']])
    expect(() => verifyForkProof({ metadata: t.signed, first: heartbeats[0]!, second: heartbeats[0]! })).toThrow(/same tree/)
    expect(() => verifyForkProof({ metadata: t.signed, first: heartbeats[0]!, second: heartbeats[1]! })).toThrow(/divergence proof/)
    // An honest longer history holds the same record: no fork.
    expect(() => verifyForkProof({ metadata: t.signed, first: heartbeats[0]!, second: heartbeats[1]!, divergence: { proof: inclusion(records, 1, 3), recordHash: records[1]!.hash } })).toThrow(/same record/)
    const other = testCapsule()
    expect(() => verifyForkProof({ metadata: other.signed, first: heartbeats[0]!, second: heartbeats[1]! })).toThrow(/not a fork proof/)
  })
  it('a heartbeat of equal size carries no divergence proof', () => {
    const t = testCapsule()
    const honest = history(t, [['a', 'b']])
    const forked = history(t, [['a', 'X']])
    const proof = { metadata: t.signed, first: honest.heartbeats[0]!, second: forked.heartbeats[0]!, divergence: { proof: inclusion(forked.records, 1, 2), recordHash: forked.records[1]!.hash } }
    expect(() => verifyForkProof(proof)).toThrow(/equal size carries no divergence proof/)
  })

  it('the writer signing its state again later (liveness) is accepted and is no fork', () => {
    const t = testCapsule()
    const { records, heartbeats } = history(t, [['a', 'b', 'c']])
    const view = new CapsuleView(t.signed)
    view.addHeartbeat(heartbeats[0]!)
    const alive = signHeartbeat({ ...heartbeats[0]!.heartbeat, timestampUs: heartbeats[0]!.heartbeat.timestampUs + 60_000_000 }, t.writer)
    view.addHeartbeat(alive)
    view.addRecord(records[2]!, inclusion(records, 2, 3), alive)
    expect(view.size).toBe(3)
    expect(() => verifyForkProof({ metadata: t.signed, first: heartbeats[0]!, second: alive })).toThrow(/same tree/)
  })
})

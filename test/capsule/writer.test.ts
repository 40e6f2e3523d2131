import { describe, expect, it } from 'vitest'
import { CapsuleWriter, emptyWriterState, verifyAppendBatch } from '../../src/capsule/writer.js'
import { signHeartbeat } from '../../src/capsule/heartbeat.js'
import { recordHash } from '../../src/capsule/codec.js'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CapsuleExpiredError, ChainMismatchError, InvalidSignatureError, WrongKeyError } from '../../src/errors.js'
import { capsuleName, newMetadata } from '../../src/capsule/metadata.js'
import { sha256 } from '../../src/crypto/hash.js'
import { recordFromParts } from '../../src/capsule/codec.js'
import { payload, testCapsule } from '../helpers.js'

function setup (): { t: ReturnType<typeof testCapsule>, writer: CapsuleWriter } {
  const t = testCapsule()
  return { t, writer: new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name)) }
}

const withHeader = (r: CapsuleRecord, change: Partial<CapsuleRecord['header']>): CapsuleRecord => {
  const header = { ...r.header, ...change }
  return { ...r, header, hash: recordHash(header) }
}

describe('append batches', () => {
  it('a batch built by the writer verifies on the receiving side and chains to the next', () => {
    const { t, writer } = setup()
    const first = writer.append([payload('a'), payload('b')], 10)
    const checked = verifyAppendBatch(t.name, t.signed.metadata, emptyWriterState(t.name), first.records, first.heartbeat)
    expect(checked.state.size).toBe(2)
    expect(Buffer.from(first.records[0]!.header.prevHash)).toEqual(Buffer.from(t.name))
    const second = writer.append([payload('c')], 5) // the clock went backwards: clamped
    expect(second.records[0]!.header.timestampUs).toBe(10)
    expect(verifyAppendBatch(t.name, t.signed.metadata, checked.state, second.records, second.heartbeat).state.size).toBe(3)
  })

  it('a clock past June 2255 or not a number is refused by name, nothing signed (it failed in the encoder, as an internal error)', () => {
    const { writer } = setup()
    expect(() => writer.append([payload('a')], 2 ** 53)).toThrow(/^the writer's clock, 9007199254740992 microseconds since the epoch, is past June 2255, .*: nothing was signed$/)
    expect(() => writer.append([payload('a')], Number.NaN)).toThrow(/is not a number: nothing was signed$/)
    expect(writer.append([payload('a')], 2 ** 53 - 1).records[0]!.header.timestampUs).toBe(2 ** 53 - 1)
  })

  it('refuses to sign with a key that is not the capsule writer', () => {
    const t = testCapsule()
    expect(() => new CapsuleWriter(t.name, t.signed.metadata, t.owner, emptyWriterState(t.name))).toThrow(WrongKeyError)
  })

  it('rejects records that skip, break the chain, go back in time or do not match their payload', () => {
    const { t, writer } = setup()
    const base = emptyWriterState(t.name)
    const batch = writer.append([payload('a'), payload('b'), payload('c')], 10)
    const check = (records: CapsuleRecord[]): unknown => verifyAppendBatch(t.name, t.signed.metadata, base, records, batch.heartbeat)
    const [a, b, c] = batch.records as [CapsuleRecord, CapsuleRecord, CapsuleRecord]
    expect(() => check([a, c])).toThrow(/expected record 1, got 2/)
    expect(() => check([a, withHeader(b, { prevHash: new Uint8Array(32) }), c])).toThrow(/does not chain/)
    expect(() => check([a, { ...b, payload: payload('x') }, c])).toThrow(/payload does not match/)
    expect(() => check([a, { ...b, hash: a.hash }, c])).toThrow(/hash is wrong/)
    expect(() => check([a, b])).toThrow(/heartbeat states size 3, the records end at 2/)
    expect(() => check([a, b, c, c])).toThrow(ChainMismatchError)
    const back = writer.append([payload('d')], 20)
    const earlier = withHeader(back.records[0]!, { timestampUs: 1 })
    expect(() => verifyAppendBatch(t.name, t.signed.metadata, batch.state, [earlier], back.heartbeat)).toThrow(/timestamp before/)
  })

  it('rejects a heartbeat not signed by the writer, or for another capsule, or with another root', () => {
    const { t, writer } = setup()
    const base = emptyWriterState(t.name)
    const batch = writer.append([payload('a')], 10)
    const stranger = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    expect(() => verifyAppendBatch(t.name, t.signed.metadata, base, batch.records, signHeartbeat(batch.heartbeat.heartbeat, stranger))).toThrow(InvalidSignatureError)
    const other = testCapsule()
    expect(() => verifyAppendBatch(other.name, other.signed.metadata, emptyWriterState(other.name), batch.records, batch.heartbeat)).toThrow(InvalidSignatureError)
    const wrongRoot = signHeartbeat({ ...batch.heartbeat.heartbeat, root: new Uint8Array(32) }, t.writer)
    expect(() => verifyAppendBatch(t.name, t.signed.metadata, base, batch.records, wrongRoot)).toThrow(/root does not match/)
  })
})

describe('heartbeats and time (spec sections 7 and 8)', () => {
  it('refuses a heartbeat with no records before it, even the writer\'s own state signed again', () => {
    const { t, writer } = setup()
    const batch = writer.append([payload('a')], 10)
    const again = signHeartbeat({ ...batch.heartbeat.heartbeat, timestampUs: 20 }, t.writer)
    expect(() => verifyAppendBatch(t.name, t.signed.metadata, batch.state, [], again)).toThrow(/the heartbeat at size 1 comes with no records; an append batch has at least one/)
    const empty = signHeartbeat({ capsule: t.name, size: 0, root: sha256(new Uint8Array(0)), lastRecordHash: new Uint8Array(0), timestampUs: 5 }, t.writer)
    expect(() => verifyAppendBatch(t.name, t.signed.metadata, emptyWriterState(t.name), [], empty)).toThrow(ChainMismatchError)
  })

  it('records may not be earlier than the heartbeat that ended the batch before them; heartbeats never go back', () => {
    const { t, writer } = setup()
    const first = writer.append([payload('a')], 10)
    // The first batch's heartbeat signed later than its record: what follows may not be earlier than it.
    const lateHeartbeat = signHeartbeat({ ...first.heartbeat.heartbeat, timestampUs: 50 }, t.writer)
    const checked = verifyAppendBatch(t.name, t.signed.metadata, emptyWriterState(t.name), first.records, lateHeartbeat)
    expect(checked.state.lastTimestampUs).toBe(50)
    const between = writer.append([payload('b')], 30) // the writer knew only its own timestamp, 10
    expect(() => verifyAppendBatch(t.name, t.signed.metadata, checked.state, between.records, between.heartbeat)).toThrow(/record 1 has a timestamp before the last heartbeat's/)
    // Equal timestamps are fine: a clock that went back repeats the last one.
    const same = new CapsuleWriter(t.name, t.signed.metadata, t.writer, checked.state).append([payload('c')], 40)
    expect(same.records[0]!.header.timestampUs).toBe(50)
    expect(verifyAppendBatch(t.name, t.signed.metadata, checked.state, same.records, same.heartbeat).state.lastTimestampUs).toBe(50)
  })

  it('an expired capsule takes no records: the writer refuses, and so does a verifier, from the signed timestamps alone', () => {
    const t = testCapsule()
    const metadata = newMetadata({ owner: t.owner.publicKey, writer: t.writer.publicKey, createdAtUs: 100, expiresAtUs: 1_000, nonce: new Uint8Array(4) })
    const name = capsuleName(metadata)
    const writer = new CapsuleWriter(name, metadata, t.writer, emptyWriterState(name))
    const batch = writer.append([payload('in time')], 999)
    expect(() => writer.append([payload('late')], 1_000)).toThrow(CapsuleExpiredError)
    const p = payload('late')
    const late = recordFromParts({ seqno: 1, timestampUs: 1_000, prevHash: batch.records[0]!.hash, payloadHash: sha256(p), payloadLength: p.length }, p)
    const tree = batch.state.frontier.clone()
    tree.append(late.hash)
    const heartbeat = signHeartbeat({ capsule: name, size: 2, root: tree.root(), lastRecordHash: late.hash, timestampUs: 1_000 }, t.writer)
    expect(() => verifyAppendBatch(name, metadata, batch.state, [late], heartbeat)).toThrow(/expired at .*: the heartbeat at size 2 stamped .* cannot be appended/)
  })
})

import { describe, expect, it } from 'vitest'
import { CapsuleWriter, emptyWriterState, verifyAppendBatch } from '../../src/capsule/writer.js'
import { signHeartbeat } from '../../src/capsule/heartbeat.js'
import { recordHash } from '../../src/capsule/codec.js'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { ChainMismatchError, InvalidSignatureError, WrongKeyError } from '../../src/errors.js'
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

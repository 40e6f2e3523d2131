// docs/spec.md sections 5 and 10: the payload limit and the frame limit fit
// each other exactly. A record of the largest payload with the largest
// header makes a frame of exactly the frame limit, which is read; one byte
// more is refused before anything is read.
import { describe, expect, it } from 'vitest'
import { decodeRecord, encodeRecord, encodeSignedHeartbeat, encodeSignedMetadata, MAX_RECORD_LENGTH, recordFromParts } from '../../src/capsule/codec.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { MAX_PAYLOAD_LENGTH } from '../../src/capsule/types.js'
import { sha256 } from '../../src/crypto/hash.js'
import { InvalidArgumentError } from '../../src/errors.js'
import { EXPORT_MAGIC, MAX_FRAME_LENGTH, readExport, verifyExport } from '../../src/store/archive.js'
import { lengthPrefixed, pb, protoWriter } from '../../src/wire/index.js'
import { testCapsule } from '../helpers.js'

const file = (...parts: Uint8Array[]): AsyncIterable<Uint8Array> => (async function * () { yield Buffer.concat([EXPORT_MAGIC, ...parts]) })()
const largest = (payload: Uint8Array): Uint8Array => encodeRecord(recordFromParts({ seqno: Number.MAX_SAFE_INTEGER, timestampUs: Number.MAX_SAFE_INTEGER, prevHash: new Uint8Array(32), payloadHash: sha256(payload), payloadLength: payload.length }, payload))

describe('payload and frame limits', () => {
  it('the largest record frame is exactly the frame limit, and is read', async () => {
    expect([MAX_PAYLOAD_LENGTH, MAX_RECORD_LENGTH, MAX_FRAME_LENGTH]).toEqual([67_108_864, 67_108_962, 67_108_967])
    const record = largest(new Uint8Array(MAX_PAYLOAD_LENGTH).fill(7))
    expect(record.length).toBe(MAX_RECORD_LENGTH)
    const frame = pb.ExportFrame.encode({ record: pb.Record.decode(record) }).finish()
    expect(frame.length).toBe(MAX_FRAME_LENGTH)
    for await (const f of readExport(file(lengthPrefixed(frame)))) {
      expect(f.kind).toBe('record')
      break
    }
  })

  it('a frame one byte over the limit is refused from its length alone; a payload one byte over from its header', async () => {
    const drain = async (input: AsyncIterable<Uint8Array>): Promise<void> => { for await (const _ of readExport(input)) { /* drain */ } }
    await expect(drain(file(protoWriter().uint32(MAX_FRAME_LENGTH + 1).finish()))).rejects.toThrow('frame 0 claims 67108968 bytes, more than the 67108967-byte limit')
    // At the limit the reader waits for the frame's bytes: a file that ends first is truncated.
    await expect(drain(file(protoWriter().uint32(MAX_FRAME_LENGTH).finish()))).rejects.toThrow('export file ends in the middle of frame 0')
    const payload = new Uint8Array(MAX_PAYLOAD_LENGTH + 1)
    const header = { seqno: 0, timestampUs: 1, prevHash: new Uint8Array(32), payloadHash: sha256(payload), payloadLength: payload.length }
    expect(() => decodeRecord(pb.Record.encode({ header, payload }).finish())).toThrow(`record payload of ${MAX_PAYLOAD_LENGTH + 1} bytes exceeds the ${MAX_PAYLOAD_LENGTH}-byte limit`)
  })

  it('a writer makes a 64 MiB record and not a byte more, and its export verifies', async () => {
    const t = testCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
    expect(() => writer.append([new Uint8Array(MAX_PAYLOAD_LENGTH + 1)], 1)).toThrow(InvalidArgumentError)
    const batch = writer.append([new Uint8Array(MAX_PAYLOAD_LENGTH).fill(1)], 1)
    const frame = (member: pb.IExportFrame): Uint8Array => lengthPrefixed(pb.ExportFrame.encode(member).finish())
    const summary = await verifyExport(file(
      frame({ header: { version: 1, metadata: pb.SignedMetadata.decode(encodeSignedMetadata(t.signed)) } }),
      frame({ record: pb.Record.decode(encodeRecord(batch.records[0]!)) }),
      frame({ heartbeat: pb.SignedHeartbeat.decode(encodeSignedHeartbeat(batch.heartbeat)) }),
      frame({ trailer: { records: 1, heartbeats: 1 } })
    ))
    expect(summary).toMatchObject({ records: 1, heartbeats: 1 })
  })
})

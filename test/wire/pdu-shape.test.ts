// checkPduShape: the walk that refuses a PDU of too many fields before
// protobufjs builds it. Its table must match proto/ (a message field it does
// not know would be walked as bytes, uncounted), its limits the constants
// they come from; at each limit a PDU passes, one more is refused.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import protobuf from 'protobufjs'
import { describe, expect, it } from 'vitest'
import { MAX_APP_FIELDS, MAX_PAYLOAD_LENGTH, MAX_PROOF_PATH, MAX_RANGE_PROOF_PATH } from '../../src/capsule/types.js'
import { MalformedMessageError } from '../../src/errors.js'
import { MAX_DIFF_KEYS } from '../../src/kv/index.js'
import { MAX_ANNOUNCED_ADVERTISEMENTS } from '../../src/routing/announcements.js'
import { MAX_SUBSCRIPTION_VIA } from '../../src/routing/forwarder.js'
import { MAX_ADVERTISED_CAPSULES } from '../../src/routing/certificates.js'
import { MAX_DELEGATIONS, MAX_REMOVALS, MAX_REPLICAS } from '../../src/routing/replica-set.js'
import { MAX_PROVE_WRITE_KEYS } from '../../src/server/kv-service.js'
import { pb } from '../../src/wire/index.js'
import { recordToPb, signedHeartbeatToPb } from '../../src/capsule/codec.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { MAX_RECORDS_PER_REQUEST } from '../../src/server/replicator.js'
import { testCapsule } from '../helpers.js'
import { appendFitsOnePdu, checkPduShape, MAX_PDU_BYTES, MAX_PDU_FIELDS, PDU_SHAPES, readReplyNonce, readRequestHeader } from '../../src/wire/pdu-shape.js'

const PROTO = join(import.meta.dirname, '../../proto')

/** For each message type a Pdu may hold, its message fields (number to type) and its repeated fields, from proto/. */
function protoShapes (): Map<string, { messages: Record<number, string>, repeated: number[] }> {
  const root = new protobuf.Root()
  root.resolvePath = (_origin, target) => join(PROTO, target)
  root.loadSync(readdirSync(join(PROTO, 'gdp/v1')).map((f) => `gdp/v1/${f}`))
  root.resolveAll()
  const out = new Map<string, { messages: Record<number, string>, repeated: number[] }>()
  const todo = ['Pdu']
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (out.has(name)) continue
    const type = root.lookupType(`gdp.v1.${name}`)
    const shape = { messages: {} as Record<number, string>, repeated: [] as number[] }
    for (const field of type.fieldsArray) {
      if (field.resolvedType instanceof protobuf.Type) { shape.messages[field.id] = field.resolvedType.name; todo.push(field.resolvedType.name) }
      if (field.repeated) shape.repeated.push(field.id)
    }
    out.set(name, shape)
  }
  return out
}

/** A PDU whose body is `body` under the Pdu field `field`, as raw protobuf bytes (tags written by hand). */
function pdu (field: number, body: Uint8Array): Uint8Array {
  const inner = delimited(field, body)
  const out = new Uint8Array(2 + inner.length)
  out.set([0x08, 0x01])
  out.set(inner, 2)
  return out
}
function delimited (field: number, body: Uint8Array): Uint8Array {
  const w = protobuf.Writer.create()
  w.uint32((field << 3) | 2).bytes(body)
  return w.finish()
}
/** `n` empty elements of length-delimited field `field`, 2 bytes each. */
function empties (field: number, n: number): Uint8Array {
  const out = new Uint8Array(2 * n)
  for (let i = 0; i < n; i++) out[2 * i] = (field << 3) | 2
  return out
}
/** An advertisement update with `n` empty `added` (field 8) or `withdrawn` (field 9) entries. */
const advertisement = (field: 8 | 9, n: number): Uint8Array => pdu(13, delimited(1, empties(field, n)))

describe('the PDU shape table', () => {
  it('knows exactly the message fields of every type a PDU may hold, from proto/', () => {
    const expected = protoShapes()
    expect(Object.keys(PDU_SHAPES).sort()).toEqual([...expected.keys()].sort())
    for (const [name, { messages, repeated }] of expected) {
      const known = PDU_SHAPES[name]!
      const types = Object.fromEntries(Object.entries(known).filter(([, f]) => f.type !== undefined).map(([n, f]) => [n, f.type]))
      expect({ name, types }).toEqual({ name, types: Object.fromEntries(Object.entries(messages).map(([n, t]) => [String(n), t])) })
      // A limit only on a repeated field.
      for (const [n, f] of Object.entries(known)) if (f.max !== undefined) expect({ name, field: Number(n), repeated: repeated.includes(Number(n)) }).toMatchObject({ repeated: true })
    }
  })

  it('takes its limits from the constants that enforce them after decoding', () => {
    expect(PDU_SHAPES.Advertisement![8]!.max).toBe(MAX_ADVERTISED_CAPSULES)
    expect(PDU_SHAPES.Advertisement![9]!.max).toBe(MAX_ADVERTISED_CAPSULES)
    expect(PDU_SHAPES.RouteAnnouncement![7]!.max).toBe(MAX_ANNOUNCED_ADVERTISEMENTS)
    expect(PDU_SHAPES.RouteAnnouncement![10]!.max).toBe(MAX_ANNOUNCED_ADVERTISEMENTS)
    expect(PDU_SHAPES.CapsuleMetadata![7]!.max).toBe(MAX_APP_FIELDS)
    expect(PDU_SHAPES.ReplicaSet![1]!.max).toBe(MAX_REPLICAS)
    expect(PDU_SHAPES.ReplicaSet![2]!.max).toBe(MAX_REMOVALS)
    expect(PDU_SHAPES.ReplicaSet![3]!.max).toBe(MAX_DELEGATIONS)
    expect(PDU_SHAPES.Response![8]!.max).toBe(MAX_REPLICAS)
    expect(PDU_SHAPES.ProposeServersResponse![1]!.max).toBe(MAX_REPLICAS)
    expect(PDU_SHAPES.KvReadResponse![5]!.max).toBe(MAX_DIFF_KEYS)
    expect(PDU_SHAPES.KvKeys![1]!.max).toBe(MAX_PROVE_WRITE_KEYS)
    expect(PDU_SHAPES.InclusionProof![3]!.max).toBe(MAX_PROOF_PATH)
    expect(PDU_SHAPES.InfoResponse![4]!.max).toBe(MAX_PROOF_PATH)
    expect(PDU_SHAPES.RangeProof![4]!.max).toBe(MAX_RANGE_PROOF_PATH)
    expect(PDU_SHAPES.SubscribeRequest![4]!.max).toBe(MAX_SUBSCRIPTION_VIA)
  })
})

describe('checkPduShape', () => {
  it('passes an advertisement update of 1,024 added or withdrawn entries; refuses 1,025', () => {
    for (const field of [8, 9] as const) {
      expect(() => { checkPduShape(advertisement(field, MAX_ADVERTISED_CAPSULES)) }).not.toThrow()
      expect(() => { checkPduShape(advertisement(field, MAX_ADVERTISED_CAPSULES + 1)) }).toThrow(MalformedMessageError)
    }
  })

  it('passes a subscription naming 4 subscribers it came through (via); refuses 5', () => {
    const subscribe = (n: number): Uint8Array => pb.Pdu.encode({ version: 1, ttl: 8, request: { subscribe: { fromSeqno: 1, via: Array.from({ length: n }, () => new Uint8Array(32)) } } }).finish()
    expect(() => { checkPduShape(subscribe(MAX_SUBSCRIPTION_VIA)) }).not.toThrow()
    expect(() => { checkPduShape(subscribe(MAX_SUBSCRIPTION_VIA + 1)) }).toThrow(MalformedMessageError)
  })

  it('passes a PDU of MAX_PDU_FIELDS fields in an unlimited repeated field; refuses one more', () => {
    // Pdu: version, response; Response: list; ListResponse: n capsules.
    const list = (n: number): Uint8Array => pdu(11, delimited(7, empties(1, n)))
    expect(() => { checkPduShape(list(MAX_PDU_FIELDS - 3)) }).not.toThrow()
    expect(() => { checkPduShape(list(MAX_PDU_FIELDS - 2)) }).toThrow(/more than 262144 fields/)
  })

  it('counts fields at every level: many small limited fields together pass no more than MAX_PDU_FIELDS', () => {
    // 300 route announcements' advertisements of 1,000 withdrawn each: every field within its own limit.
    const one = delimited(1, empties(9, 1000))
    const ads = new Uint8Array(one.length * 300)
    for (let i = 0; i < 300; i++) ads.set(one, i * one.length)
    expect(() => { checkPduShape(pdu(14, delimited(1, ads))) }).toThrow(/more than 262144 fields/)
  })

  it('passes a replica\'s pass-on of the most records a request carries (MAX_RECORDS_PER_REQUEST, in 64 batches); five batches of 10,000 did not', () => {
    const t = testCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
    const request = (batchSizes: number[]): Uint8Array => {
      const batches = batchSizes.map((n, b) => writer.append(Array.from({ length: n }, (_, i) => Uint8Array.of(b, i & 0xff)), 1_700_000_000_000_000 + b))
      const last = batches.at(-1)!
      return pb.Pdu.encode({ version: 1, ttl: 8, destination: new Uint8Array(32), source: new Uint8Array(32), nonce: new Uint8Array(16), request: { capsule: t.name, append: { records: batches.flatMap((b) => b.records.map(recordToPb)), heartbeat: signedHeartbeatToPb(last.heartbeat), batchHeartbeats: batches.slice(0, -1).map((b) => signedHeartbeatToPb(b.heartbeat)) } } }).finish()
    }
    expect(() => { checkPduShape(request(Array.from({ length: 64 }, (_, i) => Math.floor(MAX_RECORDS_PER_REQUEST / 64) + (i < MAX_RECORDS_PER_REQUEST % 64 ? 1 : 0)))) }).not.toThrow()
    expect(() => { checkPduShape(request([10_000, 10_000, 10_000, 10_000, 10_000])) }).toThrow(/more than 262144 fields/)
  })

  it('refuses a 63 MiB bomb of empty entries in milliseconds, and passes a 64 MiB append at once', () => {
    // About 1 ms each; decoded, the bomb held the loop 35 s and more. The bound leaves room for a loaded machine.
    const bomb = advertisement(8, Math.floor((63 * 1024 * 1024) / 2))
    let t = performance.now()
    expect(() => { checkPduShape(bomb) }).toThrow(MalformedMessageError)
    expect(performance.now() - t).toBeLessThan(2000)
    const append = pb.Pdu.encode({ version: 1, ttl: 8, request: { append: { records: [{ header: { seqno: 1 }, payload: new Uint8Array(64 * 1024 * 1024) }] } } }).finish()
    t = performance.now()
    checkPduShape(append)
    expect(performance.now() - t).toBeLessThan(2000)
  })

  it('refuses what protobufjs could not decode as the schema says: a length past the end, a message field that is not length-delimited, a group', () => {
    const ok = pb.Pdu.encode({ version: 1, request: { read: { seqno: 3 } } }).finish()
    expect(() => { checkPduShape(ok) }).not.toThrow()
    expect(() => { checkPduShape(ok.subarray(0, ok.length - 1)) }).toThrow(MalformedMessageError)
    expect(() => { checkPduShape(Uint8Array.of((10 << 3) | 0, 1)) }).toThrow(/not length-delimited/)
    expect(() => { checkPduShape(Uint8Array.of((2 << 3) | 3)) }).toThrow(/wire type 3/)
  })
})

describe('readRequestHeader', () => {
  const header = fc.record({
    version: fc.nat(), ttl: fc.nat(), destination: fc.uint8Array({ maxLength: 40 }), source: fc.uint8Array({ maxLength: 40 }), nonce: fc.uint8Array({ maxLength: 20 })
  })

  it('reads what the header of any request PDU says, whatever its body, and nothing of a PDU that is not a request', () => {
    fc.assert(fc.property(header, fc.uint8Array({ maxLength: 64 }), (h, junk) => {
      // The body is unreadable bytes: only the header is read, the body skipped.
      const request = pb.Pdu.encode(h).finish()
      const bytes = new Uint8Array([...request, ...delimited(10, junk)])
      expect(readRequestHeader(bytes)).toEqual(h)
      expect(readRequestHeader(pb.Pdu.encode({ ...h, response: {} }).finish())).toBeUndefined()
    }))
  })

  it('never throws on any bytes, and reads nothing past their end', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const h = readRequestHeader(bytes)
      if (h !== undefined) for (const field of [h.destination, h.source, h.nonce]) expect(field.byteLength).toBeLessThanOrEqual(bytes.length)
    }))
    const cut = pb.Pdu.encode({ version: 1, nonce: new Uint8Array(16), request: { read: {} } }).finish()
    expect(readRequestHeader(cut)).toBeDefined()
    expect(readRequestHeader(cut.subarray(0, 5))).toBeUndefined()
  })
})

describe('readReplyNonce', () => {
  it('reads the nonce of any response or NACK, whatever its body, and nothing of a request or a hop-local message', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 20 }), fc.uint8Array({ maxLength: 64 }), (nonce, junk) => {
      const head = pb.Pdu.encode({ version: 1, ttl: 3, destination: new Uint8Array(32), source: new Uint8Array(32), nonce }).finish()
      for (const field of [11, 12]) expect(readReplyNonce(new Uint8Array([...head, ...delimited(field, junk)]))).toEqual(nonce)
      for (const field of [10, 13, 14, 18]) expect(readReplyNonce(new Uint8Array([...head, ...delimited(field, junk)]))).toBeUndefined()
      expect(readReplyNonce(head)).toBeUndefined()
    }))
  })

  it('never throws on any bytes, and reads nothing past their end', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
      const nonce = readReplyNonce(bytes)
      if (nonce !== undefined) expect(nonce.byteLength).toBeLessThanOrEqual(bytes.length)
    }))
  })
})

describe('appendFitsOnePdu', () => {
  /** The PDU of an append of `records` records of `each` bytes, with the largest numbers a seqno and time may take here. */
  function appendPdu (records: number, each: number): Uint8Array {
    const t = testCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
    const batch = writer.append(Array.from({ length: records }, () => new Uint8Array(each)), Number.MAX_SAFE_INTEGER)
    return pb.Pdu.encode({ version: 1, ttl: 255, destination: new Uint8Array(32), source: new Uint8Array(32), nonce: new Uint8Array(16), request: { capsule: t.name, asCapsule: true, append: { records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) } } }).finish()
  }

  it('takes an append whose PDU fits, at the bound it states and one byte past it, whatever the records', () => {
    for (const records of [2, 10, 10_000]) {
      // The most payload it takes for so many records.
      let bytes = MAX_PDU_BYTES
      while (!appendFitsOnePdu(records, bytes)) bytes -= 1024
      while (appendFitsOnePdu(records, bytes + 1)) bytes += 1
      expect(appendFitsOnePdu(records, bytes + 1), `${records} records`).toBe(false)
      // Spread evenly (the rest on no record: each gets the floor), the PDU it makes is within the limit.
      expect(appendPdu(records, Math.floor(bytes / records)).length, `${records} records`).toBeLessThanOrEqual(MAX_PDU_BYTES)
    }
    // One record of the largest payload fits (a 64 MiB record goes through the overlay); two of 40 MiB do not.
    expect(appendFitsOnePdu(1, MAX_PAYLOAD_LENGTH)).toBe(true)
    expect(appendFitsOnePdu(2, 80 * 1024 * 1024)).toBe(false)
  })

  // 40,000 records of one byte fit in bytes, not in fields: taken, they were signed and refused MALFORMED by the first link.
  it('takes no more records than MAX_PDU_FIELDS lets one PDU hold: the most it takes of one byte each pass checkPduShape', () => {
    let records = 1
    while (appendFitsOnePdu(records + 1, records + 1)) records++
    expect(records).toBeGreaterThan(30_000)
    expect(() => { checkPduShape(appendPdu(records, 1)) }).not.toThrow()
    expect(appendFitsOnePdu(40_000, 40_000)).toBe(false)
    expect(() => { checkPduShape(appendPdu(40_000, 1)) }).toThrow(MalformedMessageError)
  })
})

/**
 * A check of an encoded PDU's shape before protobufjs decodes it. protobufjs
 * builds one object (or array element) per field it reads before any limit
 * of the protocol is checked, so a frame under the size limit made of tiny
 * fields (an empty AdvertisedCapsule is 2 bytes: a 63 MiB frame holds 33
 * million) costs seconds and gigabytes on the only event loop. This walk
 * reads the wire format without allocating, descends into the fields that
 * hold messages, and refuses a PDU with more fields in all than
 * MAX_PDU_FIELDS, or more elements in a repeated field than the protocol
 * allows there, in a few milliseconds for the largest frame.
 */
import { MalformedMessageError } from '../errors.js'

/**
 * Fields in one PDU, at every level, at most: what protobufjs may be made to
 * build from one frame (about 0.2 s and 10 MiB of heap at worst, against
 * seconds per 10 MiB of such a frame unchecked). An honest PDU has far
 * fewer: a read response of 256 records with inclusion proofs about 19,000,
 * a KV page of 1,000 diff entries about 13,000, an append of 30,000 empty
 * records about 210,000.
 */
export const MAX_PDU_FIELDS = 1 << 18

/** Largest PDU on the wire: a 64 MiB record plus framing. */
export const MAX_PDU_BYTES = 64 * 1024 * 1024 + 64 * 1024

/** What a record adds to its payload in an append's PDU, at most: its other canonical fields (docs/spec.md section 11: 98 bytes) and its field's tag and length. */
const APPEND_RECORD_OVERHEAD_BYTES = 104
/** The rest of an append's PDU, at most: its signed heartbeat, the capsule's name and the PDU's own fields (a few hundred bytes). */
const APPEND_ENVELOPE_BYTES = 4096

/** Fields a record adds to an append's PDU, at most (checkPduShape counts each): its entry in the request, its header and payload, and the header's five. */
const APPEND_RECORD_FIELDS = 8
/** The other fields of an append's PDU, at most: the PDU's, the request's, the heartbeat's (16 in all) with room to spare. */
const APPEND_ENVELOPE_FIELDS = 64

/**
 * Whether an append of `records` records of `payloadBytes` bytes of payload
 * in all fits one PDU: in bytes, and in fields (MAX_PDU_FIELDS). It travels
 * in one (its records and the heartbeat that signs them, whole), so one
 * that does not is refused by the first link (TOO_LARGE, or MALFORMED for
 * too many fields: 40,000 records of one byte), after it was signed: a
 * writer that went on from it (an Appender) was left on a batch no server
 * took.
 */
export function appendFitsOnePdu (records: number, payloadBytes: number): boolean {
  return payloadBytes + records * APPEND_RECORD_OVERHEAD_BYTES + APPEND_ENVELOPE_BYTES <= MAX_PDU_BYTES &&
    records * APPEND_RECORD_FIELDS + APPEND_ENVELOPE_FIELDS <= MAX_PDU_FIELDS
}

/** A ListPoint's log id (pdu.proto): random bytes drawn when a server's store opens. */
export const LIST_POINT_LOG_BYTES = 16

/** One field of a message: the message type it holds (absent: a scalar), and how many elements it may have in one message. */
interface FieldShape { type?: string, max?: number }

/**
 * The fields of each message type a PDU may hold that matter to the walk:
 * those holding messages, and the repeated ones with a limit of the protocol
 * (the module that enforces it after decoding is named). Every other field
 * only counts towards MAX_PDU_FIELDS. test/wire/pdu-shape.test.ts checks this
 * table against proto/ and the limits against their constants.
 */
const SHAPES: Record<string, Record<number, FieldShape>> = {
  Pdu: { 10: { type: 'Request' }, 11: { type: 'Response' }, 12: { type: 'Nack' }, 13: { type: 'SignedAdvertisement' }, 14: { type: 'SignedRouteAnnouncement' }, 15: { type: 'AdvertisementResync' }, 16: { type: 'NodeMoved' }, 17: { type: 'Graft' }, 18: { type: 'SnapshotAck' } },
  SnapshotAck: {},
  // node.ts MAX_MOVED_ADDRESSES (a graft: node.ts MAX_GRAFT_ADDRESSES, 1, is checked there, where the refusal is answered)
  Graft: { 1: { max: 16 } },
  NodeMoved: { 1: { max: 16 } },
  AdvertisementResync: {},
  SignedRouteAnnouncement: { 1: { type: 'RouteAnnouncement' } },
  // routing/announcements.ts MAX_ANNOUNCED_ADVERTISEMENTS (advertisements, and lost servers)
  RouteAnnouncement: { 1: { type: 'PublicKey' }, 6: { type: 'SignedDomainMembership' }, 7: { type: 'SignedAdvertisement', max: 4096 }, 10: { max: 4096 } },
  SignedAdvertisement: { 1: { type: 'Advertisement' } },
  // routing/certificates.ts MAX_ADVERTISED_CAPSULES (added and withdrawn together; each alone here)
  Advertisement: { 1: { type: 'PublicKey' }, 8: { type: 'AdvertisedCapsule', max: 1024 }, 9: { max: 1024 }, 10: { type: 'AdvertisedSet' }, 11: { type: 'AdvertisementSnapshot' } },
  AdvertisementSnapshot: {},
  AdvertisedSet: {},
  AdvertisedCapsule: { 1: { type: 'SignedMetadata' }, 2: { type: 'SignedAdCert' } },
  SignedAdCert: { 1: { type: 'AdCert' }, 3: { type: 'SignedPlacementDelegation' } },
  SignedPlacementDelegation: { 1: { type: 'PlacementDelegation' } },
  PlacementDelegation: { 2: { type: 'PublicKey' } },
  PublicKey: {},
  AdCert: {},
  SignedMetadata: { 1: { type: 'CapsuleMetadata' } },
  // capsule/types.ts MAX_APP_FIELDS
  CapsuleMetadata: { 2: { type: 'PublicKey' }, 3: { type: 'PublicKey' }, 6: { type: 'ReplicationPolicy' }, 7: { type: 'AppField', max: 256 } },
  AppField: {},
  ReplicationPolicy: {},
  SignedDomainMembership: { 1: { type: 'DomainMembership' } },
  DomainMembership: { 2: { type: 'PublicKey' } },
  Nack: { 3: { type: 'SignedCapsuleDeletion' } },
  SignedCapsuleDeletion: { 1: { type: 'CapsuleDeletion' }, 3: { type: 'SignedPlacementDelegation' } },
  CapsuleDeletion: {},
  // routing/replica-set.ts MAX_REPLICAS (replica_acks)
  Response: { 2: { type: 'CreateResponse' }, 3: { type: 'AppendAck' }, 4: { type: 'ReadResponse' }, 5: { type: 'InfoResponse' }, 6: { type: 'UnsubscribeResponse' }, 7: { type: 'ListResponse' }, 8: { type: 'AppendAck', max: 16 }, 9: { type: 'DeleteResponse' }, 10: { type: 'AppendAck' }, 11: { type: 'ProposeServersResponse' }, 12: { type: 'KvReadResponse' }, 13: { type: 'HandOffResponse' } },
  AppendAck: { 2: { type: 'PublicKey' }, 3: { type: 'SignedHeartbeat' } },
  SignedHeartbeat: { 1: { type: 'Heartbeat' } },
  Heartbeat: {},
  HandOffResponse: {},
  // kv/index.ts MAX_DIFF_KEYS (diff)
  KvReadResponse: { 2: { type: 'KvEntry' }, 4: { type: 'KvWrite' }, 5: { type: 'KvDiffEntry', max: 100_000 } },
  KvDiffEntry: { 2: { type: 'KvEntry' }, 3: { type: 'KvEntry' } },
  KvEntry: {},
  KvWrite: {},
  // routing/replica-set.ts MAX_REPLICAS
  ProposeServersResponse: { 1: { type: 'ProposedServer', max: 16 } },
  ProposedServer: {},
  DeleteResponse: { 1: { type: 'ServerReceipt' } },
  ServerReceipt: { 2: { type: 'PublicKey' }, 7: { type: 'SignedAdCert' } },
  ListResponse: { 1: { type: 'CapsuleSummary' }, 3: { type: 'ListPoint' } },
  ListPoint: {},
  CapsuleSummary: {},
  UnsubscribeResponse: {},
  // capsule/types.ts MAX_PROOF_PATH (frontier: one hash per level of the tree)
  InfoResponse: { 1: { type: 'SignedMetadata' }, 2: { type: 'SignedHeartbeat' }, 4: { max: 64 }, 5: { type: 'ReplicaSet' } },
  // routing/replica-set.ts MAX_REPLICAS, MAX_REMOVALS, MAX_DELEGATIONS
  ReplicaSet: { 1: { type: 'SignedAdCert', max: 16 }, 2: { type: 'SignedCapsuleDeletion', max: 64 }, 3: { type: 'SignedPlacementDelegation', max: 8 } },
  ReadResponse: { 1: { type: 'Record' }, 2: { type: 'InclusionProof' }, 3: { type: 'SignedHeartbeat' }, 4: { type: 'SignedHeartbeat' }, 5: { type: 'RangeProof' } },
  // capsule/types.ts MAX_RANGE_PROOF_PATH, MAX_PROOF_PATH
  RangeProof: { 4: { max: 128 } },
  InclusionProof: { 3: { max: 64 } },
  Record: { 1: { type: 'RecordHeader' } },
  RecordHeader: {},
  CreateResponse: { 2: { type: 'ServerReceipt' } },
  Request: { 1: { type: 'CreateRequest' }, 2: { type: 'AppendRequest' }, 3: { type: 'ReadRequest' }, 4: { type: 'SubscribeRequest' }, 5: { type: 'InfoRequest' }, 6: { type: 'UnsubscribeRequest' }, 7: { type: 'ListRequest' }, 8: { type: 'DeleteRequest' }, 9: { type: 'ProposeServersRequest' }, 10: { type: 'KvReadRequest' }, 11: { type: 'HandOffRequest' } },
  HandOffRequest: { 1: { type: 'SignedCapsuleDeletion' } },
  KvReadRequest: { 3: { type: 'KvKeys' }, 4: { type: 'KvScan' }, 5: { type: 'KvScan' }, 6: { type: 'KvHistoryQuery' }, 7: { type: 'KvDiffQuery' }, 10: { type: 'KvKeys' } },
  // server/kv-service.ts MAX_PROVE_WRITE_KEYS (get takes fewer: MAX_GET_KEYS)
  KvKeys: { 1: { max: 1000 } },
  KvDiffQuery: { 2: { type: 'KvScan' } },
  KvScan: {},
  KvHistoryQuery: {},
  ProposeServersRequest: {},
  DeleteRequest: { 1: { type: 'SignedCapsuleDeletion' } },
  ListRequest: { 3: { type: 'ListPoint' } },
  UnsubscribeRequest: {},
  InfoRequest: {},
  // routing/forwarder.ts MAX_SUBSCRIPTION_VIA
  SubscribeRequest: { 4: { max: 4 } },
  ReadRequest: { 2: { type: 'SeqRange' } },
  SeqRange: {},
  AppendRequest: { 1: { type: 'Record' }, 2: { type: 'SignedHeartbeat' }, 3: { type: 'SignedHeartbeat' } },
  CreateRequest: { 1: { type: 'SignedMetadata' }, 2: { type: 'SignedAdCert' }, 3: { type: 'ReplicaSet' } }
}

/** A message type resolved for the walk: by field number, the type of each message field and the limit of each limited one. */
interface Shape { readonly name: string, readonly children: Array<Shape | undefined>, readonly limits: Array<number | undefined> | undefined }

function resolveShapes (): Shape {
  const shapes = new Map<string, Shape>()
  for (const name of Object.keys(SHAPES)) shapes.set(name, { name, children: [], limits: undefined })
  for (const [name, fields] of Object.entries(SHAPES)) {
    const shape = shapes.get(name)! as { children: Array<Shape | undefined>, limits: Array<number | undefined> | undefined }
    for (const [number, field] of Object.entries(fields)) {
      if (field.type !== undefined) shape.children[Number(number)] = shapes.get(field.type) ?? missing(field.type)
      if (field.max !== undefined) (shape.limits ??= [])[Number(number)] = field.max
    }
  }
  return shapes.get('Pdu')!
}

function missing (type: string): never {
  throw new Error(`pdu-shape: the table names ${type} but does not describe it`)
}

const PDU_SHAPE = resolveShapes()

/** Exported for the table's test: the message types and fields the walk knows. */
export const PDU_SHAPES: Readonly<typeof SHAPES> = SHAPES

/**
 * Throws MalformedMessageError unless `bytes` walks as a PDU of at most
 * MAX_PDU_FIELDS fields with no limited repeated field over its limit. Bytes
 * protobufjs would refuse anyway (a length past the end, a message field
 * that is not length-delimited, groups, which proto3 has none of) are
 * refused here too. What it passes, protobufjs still decodes and checks.
 */
export function checkPduShape (bytes: Uint8Array): void {
  walk(bytes, 0, bytes.length, PDU_SHAPE, MAX_PDU_FIELDS)
}

/** Walks the message in bytes[start, end); returns the field budget left. */
function walk (bytes: Uint8Array, start: number, end: number, shape: Shape, budget: number): number {
  const limits = shape.limits
  const counts: number[] | undefined = limits === undefined ? undefined : []
  let at = start
  while (at < end) {
    if (--budget < 0) throw new MalformedMessageError(`PDU has more than ${MAX_PDU_FIELDS} fields`)
    // The key: field number and wire type (protobufjs reads it as a uint32 varint).
    let key = 0
    let shift = 0
    for (;;) {
      if (at >= end || shift > 28) throw new MalformedMessageError(`${shape.name} has a broken field key`)
      const b = bytes[at++]!
      key += (b & 0x7f) * 2 ** shift
      shift += 7
      if (b < 0x80) break
    }
    const field = Math.floor(key / 8)
    const wire = key & 7
    if (counts !== undefined) {
      const max = limits![field]
      if (max !== undefined) {
        const n = (counts[field] ?? 0) + 1
        if (n > max) throw new MalformedMessageError(`${shape.name} field ${field} has more than ${max} elements`)
        counts[field] = n
      }
    }
    const child = shape.children[field]
    if (wire === 2) {
      let length = 0
      shift = 0
      for (;;) {
        if (at >= end || shift > 49) throw new MalformedMessageError(`${shape.name} has a broken length`)
        const b = bytes[at++]!
        length += (b & 0x7f) * 2 ** shift
        shift += 7
        if (b < 0x80) break
      }
      if (length > end - at) throw new MalformedMessageError(`${shape.name} field ${field} runs past its end`)
      if (child !== undefined) budget = walk(bytes, at, at + length, child, budget)
      at += length
    } else if (child !== undefined) {
      throw new MalformedMessageError(`${shape.name} field ${field} holds a message but is not length-delimited`)
    } else if (wire === 0) {
      const from = at
      while (at < end && bytes[at]! >= 0x80) at++
      if (at >= end || at - from >= 10) throw new MalformedMessageError(`${shape.name} has a broken varint`)
      at++
    } else if (wire === 1) {
      at += 8
    } else if (wire === 5) {
      at += 4
    } else {
      throw new MalformedMessageError(`${shape.name} field ${field} has wire type ${wire}`)
    }
    if (at > end) throw new MalformedMessageError(`${shape.name} field ${field} runs past its end`)
  }
  return budget
}

/** What a PDU's header says, read without decoding its body. */
export interface PduHeader { version: number, destination: Uint8Array, source: Uint8Array, ttl: number, nonce: Uint8Array }

/**
 * The header of a request PDU the shape check or protobufjs refused, read
 * from its top-level fields only (the body is skipped, not walked), so the
 * node can NACK it MALFORMED instead of leaving its sender to time out.
 * Undefined when the PDU is not a request or even its top level is broken:
 * nothing can be answered then.
 */
export function readRequestHeader (bytes: Uint8Array): PduHeader | undefined {
  const top = readTopLevel(bytes)
  if (top?.body !== PDU_REQUEST_FIELD) return undefined
  return top.header
}

/**
 * The nonce of a response or NACK PDU, read from its top-level fields only
 * (undefined for anything else, or a broken top level): whether it answers
 * a request this node sent is then one lookup, before the PDU is decoded.
 */
export function readReplyNonce (bytes: Uint8Array): Uint8Array | undefined {
  const top = readTopLevel(bytes)
  return top !== undefined && (top.body === PDU_RESPONSE_FIELD || top.body === PDU_NACK_FIELD) ? top.header.nonce : undefined
}

/** Pdu's body fields (proto/gdp/v1/pdu.proto). */
const PDU_REQUEST_FIELD = 10
const PDU_RESPONSE_FIELD = 11
const PDU_NACK_FIELD = 12
const PDU_LAST_BODY_FIELD = 18

/** A PDU's header fields and which body field it holds (the last one, as a decoder keeps; 0: none). */
function readTopLevel (bytes: Uint8Array): { header: PduHeader, body: number } | undefined {
  const header: PduHeader = { version: 0, destination: new Uint8Array(0), source: new Uint8Array(0), ttl: 0, nonce: new Uint8Array(0) }
  let body = 0
  let at = 0
  const varint = (): number => {
    let value = 0
    for (let shift = 0; shift <= 49; shift += 7) {
      if (at >= bytes.length) return -1
      const b = bytes[at++]!
      value += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return value
    }
    return -1
  }
  while (at < bytes.length) {
    const key = varint()
    if (key < 0) return undefined
    const field = Math.floor(key / 8)
    const wire = key % 8
    if (wire === 0) {
      const value = varint()
      if (value < 0) return undefined
      if (field === 1) header.version = value
      else if (field === 4) header.ttl = value
    } else if (wire === 2) {
      const length = varint()
      if (length < 0 || length > bytes.length - at) return undefined
      const value = bytes.subarray(at, at + length)
      if (field === 2) header.destination = value
      else if (field === 3) header.source = value
      else if (field === 5) header.nonce = value
      else if (field >= PDU_REQUEST_FIELD && field <= PDU_LAST_BODY_FIELD) body = field
      at += length
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4
      if (at > bytes.length) return undefined
    } else {
      return undefined
    }
  }
  return { header, body }
}

/**
 * Record payloads of a key-value capsule (docs/kv.md sections 2 to 4,
 * proto/gdp/v1/kv.proto): the types, the limits, key order, and the
 * canonical encoder and validating decoder. Pure: no I/O.
 *
 * One check serves both directions: an encoder given a record that breaks a
 * rule throws InvalidArgumentError (the caller's mistake), a decoder given
 * such bytes throws MalformedMessageError (the sender's).
 */
import { requireCanonical } from '../capsule/canonical.js'
import { formatName } from '../capsule/name.js'
import type { AppField, CapsuleMetadata } from '../capsule/types.js'
import { bytesToHex, utf8Text } from '../crypto/bytes.js'
import { equalBytes, HASH_LENGTH } from '../crypto/hash.js'
import { InvalidArgumentError, MalformedMessageError, RecordTooLargeError, VersionNotHeldError } from '../errors.js'
import { varintLength, writeVarint } from '../wire/canonical-writer.js'
import { decodeProto, pb } from '../wire/index.js'
import type { KeyRange } from '../store/level-db.js'

/** Key ranges are the store's: the facades above it (gateway, files, CLI) name them from here. */
export type { KeyRange }

/** Bytes in a key, at most; a key has at least one. */
export const MAX_KEY_LENGTH = 1024
/** Bytes in a value, at most (4 MiB); larger things belong in the file CAAPI. */
export const MAX_VALUE_LENGTH = 4 * 1024 * 1024
/** Operations in one batch, at most (the CLI's largest append batch is as many records). */
export const MAX_BATCH_OPS = 10_000
/** Bytes of one encoded KvRecord, at most (16 MiB: the record size every node must handle). */
export const MAX_KV_RECORD_LENGTH = 16 * 1024 * 1024
/** encryption_epoch is a uint32. */
export const MAX_ENCRYPTION_EPOCH = 2 ** 32 - 1

/** The application field that marks a capsule as a key-value store; its value is the format version. */
export const KV_APP_FIELD = 'gdp.kv'
export const KV_FORMAT_VERSION = 1

export interface KvPut {
  type: 'put'
  key: Uint8Array
  value: Uint8Array
  /** 0: the value is in clear; n: ciphertext under the capsule's content key of epoch n (private capsules). */
  encryptionEpoch: number
}

export interface KvDelete {
  type: 'delete'
  key: Uint8Array
}

export type KvOp = KvPut | KvDelete

/** Operations that take effect together; keys strictly ascending. */
export interface KvBatch {
  type: 'batch'
  ops: KvOp[]
}

/** The writer's commitment to the state at `version` (docs/kv.md section 5). */
export interface KvCheckpoint {
  type: 'checkpoint'
  /** The state after records 0..version-1. */
  version: number
  keyCount: number
  /** Hash of the state tree's root; empty when keyCount is 0. */
  root: Uint8Array
}

/** Bytes that values refer to by this record's seqno (file chunks, docs/files.md); changes nothing in the state. */
export interface KvBlob {
  type: 'blob'
  data: Uint8Array
}

export type KvRecord = KvPut | KvDelete | KvBatch | KvCheckpoint | KvBlob

// ---- key order ----

/**
 * Keys order as unsigned bytes, a shorter key before any longer key it
 * begins (LevelDB's default order): -1, 0 or 1, as Buffer.compare. A loop
 * rather than Buffer.compare, whose call into C++ cost more than comparing
 * the few bytes before two keys (or two ranks) differ: a tree edit compares
 * about 40 times.
 */
export function compareKeys (a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length)
  for (let i = 0; i < length; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x !== y) return x < y ? -1 : 1
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1
}

/**
 * A key as an error message names it: quoted text when it is UTF-8 without
 * control characters (what a person typed), else hex; cut after 64
 * characters, with its length.
 */
export function describeKey (key: Uint8Array): string {
  const text = utf8Text(key)
  // eslint-disable-next-line no-control-regex
  const shown = text !== undefined && !/[\u0000-\u001f\u007f]/.test(text) ? JSON.stringify(text) : `0x${bytesToHex(key)}`
  return shown.length <= 64 ? shown : `${shown.slice(0, 64)}... (${key.length} bytes)`
}


/** A range in one form: keys k with start <= k < end; an absent bound is unbounded. */
export interface KeyBounds {
  start?: Uint8Array
  end?: Uint8Array
}

/** The key right after `key` in key order: `key` followed by one zero byte. */
function successor (key: Uint8Array): Uint8Array {
  const next = new Uint8Array(key.length + 1)
  next.set(key)
  return next
}

/**
 * A version asked for, against the latest this node holds: one that is not a
 * whole number is the asker's mistake; one past the latest may be another
 * replica's, which this one has not caught up with (it was refused as an
 * invalid argument, HTTP 400, blaming the client).
 */
export function checkVersion (version: number, latest: number): void {
  if (!Number.isSafeInteger(version) || version < 0) throw new InvalidArgumentError(`version ${version} is not a whole number from 0 up`)
  if (version > latest) throw new VersionNotHeldError(`version ${version} is not in [0, ${latest}]: this node holds none later than ${latest}; if another replica answered with a later one, this one has not caught up yet (ask again shortly, or through that replica)`)
}

/** A time to read at (KvAt): any number of microseconds but NaN; a caller's wrong field (undefined) read the empty state. */
export function checkTime (timestampUs: unknown): void {
  if (typeof timestampUs !== 'number' || Number.isNaN(timestampUs)) {
    throw new InvalidArgumentError(`a time is a number of microseconds, not ${typeof timestampUs === 'number' ? 'NaN' : `${String(timestampUs)} (${typeof timestampUs})`}`)
  }
}

/**
 * How a VersionNotHeldError's message begins: a NACK carries a reason
 * (FAILED_PRECONDITION) and the message, not the error's name, and a
 * client tells this refusal from the others by it.
 */
export const VERSION_NOT_HELD = /^version \d+ is not in \[0, \d+\]: this node holds none later than/

/**
 * The bounds of a range: gt k is gte k||00 and lte k is lt k||00, since no
 * key lies between k and k||00. Throws InvalidArgumentError for two bounds
 * on one side.
 */
export function boundsOf (range: KeyRange): KeyBounds {
  if (range.gt !== undefined && range.gte !== undefined) throw new InvalidArgumentError('a key range takes gt or gte, not both')
  if (range.lt !== undefined && range.lte !== undefined) throw new InvalidArgumentError('a key range takes lt or lte, not both')
  const bounds: KeyBounds = {}
  const start = range.gte ?? (range.gt === undefined ? undefined : successor(range.gt))
  const end = range.lt ?? (range.lte === undefined ? undefined : successor(range.lte))
  if (start !== undefined) bounds.start = start
  if (end !== undefined) bounds.end = end
  return bounds
}

/** The part of `range` above `key`: where the next page of an answer in key order begins. */
export function rangeAbove (range: KeyRange, key: Uint8Array): KeyRange {
  const { gte: _gte, ...rest } = range
  return { ...rest, gt: key }
}

/**
 * The bounds of the keys that begin with `prefix`: from the prefix to the
 * prefix with its last byte below 0xff raised by one (trailing 0xff bytes
 * dropped); unbounded above when there is no such byte.
 */
export function prefixBounds (prefix: Uint8Array): KeyBounds {
  let last = prefix.length - 1
  while (last >= 0 && prefix[last] === 0xff) last--
  if (last < 0) return { start: prefix }
  // A copy: Buffer.slice (protobufjs decodes bytes as Buffers) shares the bytes, and the end was made by changing the prefix.
  const end = new Uint8Array(prefix.subarray(0, last + 1))
  end[last]!++
  return { start: prefix, end }
}

/** The keys that begin with `prefix`, as a range: from it, below the end prefixBounds gives (none for a prefix of 0xff bytes alone). */
export function prefixRange (prefix: Uint8Array): KeyRange {
  const { end } = prefixBounds(prefix)
  return end === undefined ? { gte: prefix } : { gte: prefix, lt: end }
}

export function inBounds (key: Uint8Array, bounds: KeyBounds): boolean {
  return (bounds.start === undefined || compareKeys(key, bounds.start) >= 0) && (bounds.end === undefined || compareKeys(key, bounds.end) < 0)
}

// ---- checks ----

function keyProblem (key: Uint8Array, what: string): string | undefined {
  if (key.length === 0) return `${what}: a key has at least one byte`
  if (key.length > MAX_KEY_LENGTH) return `${what}: key is ${key.length} bytes, at most ${MAX_KEY_LENGTH} allowed`
  return undefined
}

function opProblem (op: KvOp, what: string): string | undefined {
  const key = keyProblem(op.key, what)
  if (key !== undefined || op.type === 'delete') return key
  if (op.value.length > MAX_VALUE_LENGTH) return `${what}: value is ${op.value.length} bytes, at most ${MAX_VALUE_LENGTH} allowed`
  if (!Number.isInteger(op.encryptionEpoch) || op.encryptionEpoch < 0 || op.encryptionEpoch > MAX_ENCRYPTION_EPOCH) return `${what}: encryption epoch ${op.encryptionEpoch} is not a uint32`
  return undefined
}

/** A whole number a count, size, seqno or version may be: 0 to 2^53 - 1. */
export const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0

/** What is wrong with `record` by the rules of docs/kv.md section 2 (except its encoded length), or undefined. */
function recordProblem (record: KvRecord): string | undefined {
  switch (record.type) {
    case 'put': return opProblem(record, 'put')
    case 'delete': return opProblem(record, 'delete')
    case 'batch': {
      if (record.ops.length === 0) return 'batch: a batch holds at least one operation'
      if (record.ops.length > MAX_BATCH_OPS) return `batch: ${record.ops.length} operations, at most ${MAX_BATCH_OPS} allowed`
      for (const [i, op] of record.ops.entries()) {
        const problem = opProblem(op, `batch operation ${i} (${op.type})`)
        if (problem !== undefined) return problem
        if (i > 0 && compareKeys(record.ops[i - 1]!.key, op.key) >= 0) return `batch operation ${i}: keys must be strictly ascending (sorted, none twice)`
      }
      return undefined
    }
    case 'checkpoint': {
      if (!isCount(record.version)) return `checkpoint: version ${record.version} is not an integer in [0, 2^53)`
      if (!isCount(record.keyCount)) return `checkpoint: key count ${record.keyCount} is not an integer in [0, 2^53)`
      if (record.keyCount === 0 && record.root.length !== 0) return 'checkpoint: a state of no keys has no root'
      if (record.keyCount > 0 && record.root.length !== HASH_LENGTH) return `checkpoint: root must be ${HASH_LENGTH} bytes, got ${record.root.length}`
      return undefined
    }
    case 'blob': return undefined
  }
}

// ---- encoding ----

function putToPb (op: KvPut): pb.IKvPut {
  return { key: op.key, value: op.value, encryptionEpoch: op.encryptionEpoch }
}

function opToPb (op: KvOp): pb.IKvOp {
  return op.type === 'put' ? { put: putToPb(op) } : { delete: { key: op.key } }
}

/** KvRecord's field 5 (blob) and KvBlob's field 1 (data), both length-delimited. */
const BLOB_RECORD_TAG = (5 << 3) | 2
const BLOB_DATA_TAG = (1 << 3) | 2

/** What a blob record's encoding puts before its data: the record's tag and length, the data's tag and length (none for empty data). */
function blobHead (dataLength: number): Uint8Array {
  const dataField = dataLength === 0 ? 0 : 1 + varintLength(dataLength) + dataLength
  const head = new Uint8Array(1 + varintLength(dataField) + (dataField - dataLength))
  let at = writeVarint(head, 1, dataField)
  head[0] = BLOB_RECORD_TAG
  if (dataLength > 0) {
    head[at++] = BLOB_DATA_TAG
    writeVarint(head, at, dataLength)
  }
  return head
}

/** The bytes of the record that holds a blob of `dataLength` bytes: what a reader that knows a blob's length may hold for it. */
export function blobRecordLength (dataLength: number): number {
  return blobHead(dataLength).length + dataLength
}

/** Room kept before the data of a blobBuffer for its record's head (at most 10 bytes below MAX_KV_RECORD_LENGTH). */
const BLOB_HEAD_ROOM = 16
const withHeadRoom = new WeakSet<Uint8Array>()

/**
 * A buffer of `length` bytes for a blob's data, with room before it for its
 * record's head: encodeKvRecord writes the head there and gives a view of
 * head and data, where it would copy the data into a new buffer. A file put
 * cuts its chunks into these.
 */
export function blobBuffer (length: number): Uint8Array {
  const data = new Uint8Array(new ArrayBuffer(BLOB_HEAD_ROOM + length), BLOB_HEAD_ROOM, length)
  withHeadRoom.add(data)
  return data
}

/** The canonical encoding; protobufjs leaves out zeros and empty bytes, and writes a oneof member even when empty. */
function encodeChecked (record: KvRecord): Uint8Array {
  if (record.type === 'blob' && withHeadRoom.has(record.data)) {
    const { data } = record
    const head = blobHead(data.length)
    const encoded = new Uint8Array(data.buffer, data.byteOffset - head.length, head.length + data.length)
    encoded.set(head)
    return encoded
  }
  switch (record.type) {
    case 'put': return pb.KvRecord.encode({ put: putToPb(record) }).finish()
    case 'delete': return pb.KvRecord.encode({ delete: { key: record.key } }).finish()
    case 'batch': return pb.KvRecord.encode({ batch: { ops: record.ops.map(opToPb) } }).finish()
    case 'checkpoint': return pb.KvRecord.encode({ checkpoint: { version: record.version, keyCount: record.keyCount, root: record.root } }).finish()
    case 'blob': return pb.KvRecord.encode({ blob: { data: record.data } }).finish()
  }
}

/**
 * The canonical encoding of a record: a capsule record payload. Throws
 * InvalidArgumentError when the record breaks a rule or a limit.
 *
 * @example
 * encodeKvRecord({ type: 'put', key: Buffer.from('a'), value: Buffer.from('1'), encryptionEpoch: 0 }) // 0a 06 0a 01 61 12 01 31
 */
export function encodeKvRecord (record: KvRecord): Uint8Array {
  const problem = recordProblem(record)
  if (problem !== undefined) throw new InvalidArgumentError(`key-value ${problem}`)
  const encoded = encodeChecked(record)
  if (encoded.length > MAX_KV_RECORD_LENGTH) throw new RecordTooLargeError(`key-value ${record.type} record is ${encoded.length} bytes encoded, at most ${MAX_KV_RECORD_LENGTH} allowed: split the batch`)
  return encoded
}

/** Throws InvalidArgumentError unless `key` is a key this format allows (1 to MAX_KEY_LENGTH bytes). */
export function checkKey (key: Uint8Array, what = 'key-value key'): void {
  const problem = keyProblem(key, what)
  if (problem !== undefined) throw new InvalidArgumentError(problem)
}

/** Throws InvalidArgumentError, naming the operation as `what`, unless it is one this format allows. */
export function checkOp (op: KvOp, what: string): void {
  const problem = opProblem(op, what)
  if (problem !== undefined) throw new InvalidArgumentError(problem)
}

/**
 * The batch a list of operations makes, in the form the format requires:
 * sorted by key, and for a key named more than once only its last
 * operation (as if they were applied in order).
 */
export function batchOf (ops: KvOp[]): KvBatch {
  const last = new Map<string, KvOp>()
  for (const [i, op] of ops.entries()) {
    // Checked here, before sorting, so that a refusal names the operation as the caller numbered it.
    checkOp(op, `batch operation ${i} (${op.type})`)
    last.set(Buffer.from(op.key).toString('hex'), op)
  }
  return { type: 'batch', ops: [...last.values()].sort((a, b) => compareKeys(a.key, b.key)) }
}

// ---- decoding ----

const EMPTY = new Uint8Array(0)

function putFromPb (value: pb.IKvPut): KvPut {
  return { type: 'put', key: value.key ?? EMPTY, value: value.value ?? EMPTY, encryptionEpoch: value.encryptionEpoch ?? 0 }
}

// protobufjs keeps only the last member of a oneof it reads; when the bytes held
// more than one, the canonical check refuses them (the re-encoding has one).
function opFromPb (value: pb.KvOp): KvOp {
  switch (value.op) {
    case 'put': return putFromPb(value.put!)
    case 'delete': return { type: 'delete', key: value.delete!.key ?? EMPTY }
    default: throw new MalformedMessageError('batch operation holds neither a put nor a delete')
  }
}

function recordFromPb (value: pb.KvRecord): KvRecord {
  switch (value.record) {
    case 'put': return putFromPb(value.put!)
    case 'delete': return { type: 'delete', key: value.delete!.key ?? EMPTY }
    case 'batch': return { type: 'batch', ops: (value.batch!.ops ?? []).map((op) => opFromPb(op as pb.KvOp)) }
    case 'checkpoint': {
      const c = value.checkpoint!
      return { type: 'checkpoint', version: c.version ?? 0, keyCount: c.keyCount ?? 0, root: c.root ?? EMPTY }
    }
    case 'blob': return { type: 'blob', data: value.blob!.data ?? EMPTY }
    default: throw new MalformedMessageError('key-value record holds none of put, delete, batch, checkpoint, blob')
  }
}

/** A varint at `at`, and where the next field begins; values past 2^53 are approximate but stepping over them is exact. */
function readVarint (bytes: Uint8Array, at: number, end: number): { value: number, next: number } {
  let value = 0
  let scale = 1
  for (let i = at; i < end && i < at + 10; i++) {
    value += (bytes[i]! & 0x7f) * scale
    scale *= 128
    if (bytes[i]! < 0x80) return { value, next: i + 1 }
  }
  throw new MalformedMessageError(`the varint at offset ${at} is cut short or longer than 10 bytes`)
}

/**
 * How many times the field at `path` occurs in `bytes` (field numbers from
 * the top: [3, 1] is a record's batch operations), counted on the wire
 * without decoding anything, and no further than one past `atMost`. A
 * decoder refuses too many before protobufjs makes an object of each: a
 * 16 MiB batch of empty operations would be 8 million objects. Throws
 * MalformedMessageError for bytes it walks that are not fields of the wire
 * types key-value messages use (varint, length-delimited).
 */
export function countWireFields (bytes: Uint8Array, path: number[], atMost = Infinity): number {
  let count = 0
  const walk = (begin: number, end: number, depth: number): void => {
    let at = begin
    while (at < end && count <= atMost) {
      const tag = readVarint(bytes, at, end)
      const number = Math.floor(tag.value / 8)
      const wireType = tag.value % 8
      if (wireType === 0) {
        at = readVarint(bytes, tag.next, end).next
        continue
      }
      if (wireType !== 2) throw new MalformedMessageError(`field ${number} uses wire type ${wireType}, which no key-value message uses`)
      const length = readVarint(bytes, tag.next, end)
      at = length.next + length.value
      if (at > end) throw new MalformedMessageError(`field ${number} runs past the end of its message`)
      if (number !== path[depth]) continue
      if (depth === path.length - 1) count++
      else walk(length.next, at, depth + 1)
    }
  }
  walk(0, bytes.length, 0)
  return count
}

/**
 * Decodes a record payload of a key-value capsule. Accepts only the
 * canonical encoding of a record that keeps every rule and limit; throws
 * MalformedMessageError, saying what is wrong, for anything else.
 */
export function decodeKvRecord (bytes: Uint8Array): KvRecord {
  if (bytes.length > MAX_KV_RECORD_LENGTH) throw new MalformedMessageError(`key-value record is ${bytes.length} bytes, at most ${MAX_KV_RECORD_LENGTH} allowed`)
  if (countWireFields(bytes, [3, 1], MAX_BATCH_OPS) > MAX_BATCH_OPS) throw new MalformedMessageError(`key-value batch: more than ${MAX_BATCH_OPS} operations`)
  const record = recordFromPb(decodeProto(pb.KvRecord, bytes, 'key-value record'))
  const problem = recordProblem(record)
  if (problem !== undefined) throw new MalformedMessageError(`key-value ${problem}`)
  if (record.type === 'blob') requireCanonicalBlob(bytes, record.data)
  else requireCanonical(bytes, encodeChecked(record), 'key-value record')
  return record
}

/**
 * A blob record's bytes are canonical when they are the canonical head
 * (the record's tag and length, the data's tag and length) followed by
 * the data: checked so, without encoding the data again (a file read
 * checks every chunk it reads).
 */
function requireCanonicalBlob (bytes: Uint8Array, data: Uint8Array): void {
  const head = blobHead(data.length)
  const rest = bytes.subarray(head.length)
  if (bytes.length === head.length + data.length && equalBytes(bytes.subarray(0, head.length), head) && equalBytes(rest, data)) return
  requireCanonical(bytes, encodeChecked({ type: 'blob', data }), 'key-value record')
}

/** Checks that from..to-1 is a run of record numbers to read blobs from (InvalidArgumentError). */
export function checkBlobRange (capsule: Uint8Array, from: number, to: number): void {
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from < 0 || to <= from) {
    throw new InvalidArgumentError(`blobs of capsule ${formatName(capsule)} are read by a run of record numbers from <= seqno < to, 0 <= from < to; got ${from}..${to}`)
  }
}

/** The data of blob record `seqno`, from its payload; a record of another type is an InvalidArgumentError. */
export function blobData (capsule: Uint8Array, seqno: number, payload: Uint8Array): Uint8Array {
  const record = decodeKvRecord(payload)
  if (record.type !== 'blob') throw new InvalidArgumentError(`record ${seqno} of capsule ${formatName(capsule)} is a ${record.type}, not a blob`)
  return record.data
}

// ---- the capsule ----

/** The application field to give a new key-value capsule. */
export function kvAppField (): AppField {
  return { key: KV_APP_FIELD, value: new Uint8Array(Buffer.from(String(KV_FORMAT_VERSION))) }
}

/**
 * Throws MalformedMessageError unless the metadata marks a key-value capsule
 * of this format version (application field gdp.kv = "1").
 */
export function requireKvCapsule (metadata: CapsuleMetadata): void {
  const field = metadata.appFields.find((f) => f.key === KV_APP_FIELD)
  if (field === undefined) throw new MalformedMessageError(`not a key-value capsule: its metadata has no ${KV_APP_FIELD} field`)
  const version = Buffer.from(field.value).toString('latin1')
  if (version !== String(KV_FORMAT_VERSION)) throw new MalformedMessageError(`key-value format version '${version.slice(0, 20)}' is not supported (this implementation reads version ${KV_FORMAT_VERSION})`)
}

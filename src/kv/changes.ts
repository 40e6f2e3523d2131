/**
 * What every key-value writer and watcher does the same way, local or
 * remote: the record a list of operations becomes (a put or a delete is a
 * batch of one), the check of compare-and-set conditions, and what one
 * record changed for a watch. Pure: no I/O (conditions are read through
 * the function given, batches written by the writer's own `batch`).
 */
import type { CapsuleRecord, RecordHead } from '../capsule/types.js'
import { equalBytes, sha256 } from '../crypto/hash.js'
import { bytesToHex } from '../crypto/bytes.js'
import { ConditionFailedError, InvalidArgumentError, MalformedMessageError } from '../errors.js'
import type { KvChange, KvCondition, KvWriteReceipt } from './api.js'
import { batchOf, checkKey, checkOp, decodeKvRecord, describeKey, encodeKvRecord, inBounds, type KeyBounds, type KvOp, type KvRecord } from './format.js'
import type { KvEntry } from './model.js'

/** The record that applies `ops` together: the operation itself when there is one, else a batch (sorted, the last op per key). */
export function recordOf (ops: KvOp[]): KvRecord {
  if (ops.length === 0) throw new InvalidArgumentError('a key-value write needs at least one operation')
  // A single put or delete is named as one, not as "batch operation 0" of a batch the user never wrote.
  if (ops.length === 1) {
    checkOp(ops[0]!, ops[0]!.type)
    return ops[0]!
  }
  const batch = batchOf(ops)
  return batch.ops.length === 1 ? batch.ops[0]! : batch
}

/**
 * Throws InvalidArgumentError for a condition no state could be checked
 * against: on a key the format does not allow (empty, or over
 * MAX_KEY_LENGTH), with a value hash that is no SHA-256, or with a seqno
 * that names no record (negative, fractional, past 2^53). Every writer
 * calls it before it reads or writes anything: on the empty state nothing
 * is looked up, and absence of a key of 1,025 bytes held.
 */
function checkConditionForms (conditions: KvCondition[]): void {
  conditions.forEach((c, i) => {
    checkKey(c.key, `conditions[${i}]`)
    if ('valueHash' in c && c.valueHash.length !== 32) throw new InvalidArgumentError(`conditions[${i}]: a value hash is a SHA-256 hash of 32 bytes, got ${c.valueHash.length}`)
    // Such a seqno never matched, so the write failed as a lost race (ConditionFailedError), not as the caller's mistake.
    if ('seqno' in c && !(Number.isSafeInteger(c.seqno) && c.seqno >= 0)) throw new InvalidArgumentError(`conditions[${i}]: a seqno is a record's, a whole number from 0 below 2^53, got ${c.seqno}`)
  })
}

/** A write as every writer appends it: its record, the record's payload, and the operations it applies in order. */
export interface KvWrite {
  record: KvRecord
  payload: Uint8Array
  applied: KvOp[]
}

/**
 * The write of `ops` on `conditions`, both checked before the writer reads
 * or appends anything (recordOf, checkConditionForms).
 */
export function kvWriteOf (ops: KvOp[], conditions: KvCondition[]): KvWrite {
  const record = recordOf(ops)
  checkConditionForms(conditions)
  return { record, payload: encodeKvRecord(record), applied: record.type === 'batch' ? record.ops : [record as KvOp] }
}

/**
 * What every key-value writer makes of a put and a delete: a batch of that
 * one operation, on its condition if there is one. A writer extends it and
 * implements `batch`.
 */
export abstract class KvBatchWriter {
  abstract batch (ops: KvOp[], conditions?: KvCondition[]): Promise<KvWriteReceipt>

  async put (key: Uint8Array, value: Uint8Array, options: { encryptionEpoch?: number, condition?: KvCondition } = {}): Promise<KvWriteReceipt> {
    return await this.batch([{ type: 'put', key, value, encryptionEpoch: options.encryptionEpoch ?? 0 }], options.condition === undefined ? [] : [options.condition])
  }

  async delete (key: Uint8Array, options: { condition?: KvCondition } = {}): Promise<KvWriteReceipt> {
    return await this.batch([{ type: 'delete', key }], options.condition === undefined ? [] : [options.condition])
  }
}

/** What a condition is checked against: the put that set the key's entry, and its value's hash. */
export interface ConditionFacts {
  seqno: number
  valueHash: Uint8Array
}

/** The facts of an entry read with its value. */
export const factsOf = (entry: KvEntry | undefined): ConditionFacts | undefined => entry === undefined ? undefined : { seqno: entry.seqno, valueHash: sha256(entry.value) }

/** Throws ConditionFailedError, naming the first condition that does not hold in the state `get` reads. */
export async function checkConditions (get: (key: Uint8Array) => Promise<ConditionFacts | undefined>, conditions: KvCondition[]): Promise<void> {
  for (const c of conditions) {
    const entry = await get(c.key)
    const now = entry === undefined ? 'it is absent' : `it was set by the put at record ${entry.seqno}`
    if ('absent' in c) {
      if ((entry === undefined) !== c.absent) throw new ConditionFailedError(`key ${describeKey(c.key)} was to be ${c.absent ? 'absent' : 'present'}; ${now}`)
    } else if ('seqno' in c) {
      if (entry?.seqno !== c.seqno) throw new ConditionFailedError(`key ${describeKey(c.key)} was to be set by the put at record ${c.seqno}; ${now}`)
    } else if (entry === undefined || !equalBytes(entry.valueHash, c.valueHash)) {
      throw new ConditionFailedError(`key ${describeKey(c.key)} was to hold the value of hash ${bytesToHex(c.valueHash)}; ${entry === undefined ? now : 'it holds another value'}`)
    }
  }
}

/** A record's key-value content; undefined when it is no key-value record. */
export function kvContentOf (record: CapsuleRecord): KvRecord | undefined {
  try {
    return decodeKvRecord(record.payload)
  } catch (err) {
    if (err instanceof MalformedMessageError) return undefined
    throw err
  }
}

/** What a record changed within `bounds`, for a watch; undefined when it wrote no key there (or is no key-value record). */
export function changeOf (record: CapsuleRecord, bounds: KeyBounds): KvChange | undefined {
  return changeIn(record, kvContentOf(record), bounds)
}

/** What a record whose key-value content is `kv` (undefined: none) changed within `bounds`; undefined when it wrote no key there. */
export function changeIn (record: RecordHead, kv: KvRecord | undefined, bounds: KeyBounds): KvChange | undefined {
  if (kv === undefined) return undefined
  const ops = kv.type === 'batch' ? kv.ops : kv.type === 'put' || kv.type === 'delete' ? [kv] : []
  const { seqno, timestampUs } = record.header
  const writes: KvChange['writes'] = []
  for (const op of ops) {
    if (!inBounds(op.key, bounds)) continue
    writes.push(op.type === 'put' ? { key: op.key, entry: { key: op.key, value: op.value, encryptionEpoch: op.encryptionEpoch, seqno, timestampUs } } : { key: op.key })
  }
  return writes.length === 0 ? undefined : { seqno, timestampUs, version: seqno + 1, recordHash: record.hash, writes }
}

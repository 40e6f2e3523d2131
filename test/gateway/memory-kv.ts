// An in-memory key-value capsule for the gateway's tests: the interfaces of
// src/kv/api.ts over the reference model (src/kv/model.ts), records kept in
// memory, no capsule under it. It answers like the real implementations are
// specified to, so the routes can be tested before those exist.
import { sha256, equalBytes } from '../../src/crypto/hash.js'
import { CapsuleNotFoundError, ConditionFailedError, InvalidArgumentError, RecordNotFoundError } from '../../src/errors.js'
import type { KvChange, KvCondition, KvReader, KvReadView, KvWriter, KvWriteReceipt } from '../../src/kv/api.js'
import type { KvAccess } from '../../src/gateway/kv-routes.js'
import { batchOf, boundsOf, inBounds, type KeyRange, type KvOp, type KvRecord } from '../../src/kv/format.js'
import { KvModel, type KvAt, type KvDiffEntry } from '../../src/kv/model.js'
import { formatName } from '../../src/capsule/name.js'

export class MemoryKv implements KvWriter {
  readonly name: Uint8Array
  readonly model = new KvModel()
  readonly #records: KvRecord[] = []
  readonly #waiters = new Set<() => void>()
  #lastUs = 0

  constructor (name: Uint8Array) {
    this.name = name
  }

  async view (at?: KvAt): Promise<KvReadView> {
    const view = this.model.view(at)
    return {
      version: view.version,
      get: async (key) => view.get(key),
      range: async (options) => view.range(options),
      prefix: async (prefix, options) => view.prefix(prefix, options),
      count: async (range) => view.count(range),
      history: async (key) => view.history(key)
    }
  }

  async diff (from: number, to: number, range: KeyRange = {}): Promise<KvDiffEntry[]> {
    const bounds = boundsOf(range)
    return this.model.diff({ version: from }, { version: to }).filter((d) => inBounds(d.key, bounds))
  }

  async * watch (from: number, options: { range?: KeyRange, signal?: AbortSignal } = {}): AsyncGenerator<KvChange> {
    const bounds = boundsOf(options.range ?? {})
    let next = from
    const signal = options.signal
    while (signal?.aborted !== true) {
      if (next >= this.model.version) {
        await new Promise<void>((resolve) => {
          const wake = (): void => { this.#waiters.delete(wake); signal?.removeEventListener('abort', wake); resolve() }
          this.#waiters.add(wake)
          signal?.addEventListener('abort', wake)
        })
        continue
      }
      const seqno = next++
      const record = this.#records[seqno]!
      const ops: KvOp[] = record.type === 'batch' ? record.ops : record.type === 'put' || record.type === 'delete' ? [record] : []
      const after = this.model.view({ version: seqno + 1 })
      const writes = ops.filter((op) => inBounds(op.key, bounds)).map((op) => {
        const entry = after.get(op.key)
        return entry === undefined ? { key: op.key } : { key: op.key, entry }
      })
      if (writes.length === 0) continue
      yield { seqno, timestampUs: after.get(writes[0]!.key)?.timestampUs ?? this.#lastUs, version: seqno + 1, writes }
    }
  }

  /** How many are waiting in watch() for the next record: a watch that ended is not among them. */
  get watchers (): number { return this.#waiters.size }

  async blob (seqno: number): Promise<Uint8Array> {
    const record = this.#records[seqno]
    if (record === undefined) throw new RecordNotFoundError(`no record ${seqno}`)
    if (record.type !== 'blob') throw new InvalidArgumentError(`record ${seqno} is not a blob`)
    return record.data
  }

  async findBlob (hash: Uint8Array): Promise<number | undefined> {
    const i = this.#records.findIndex((r) => r.type === 'blob' && equalBytes(sha256(r.data), hash))
    return i < 0 ? undefined : i
  }

  async batch (ops: KvOp[], conditions: KvCondition[] = []): Promise<KvWriteReceipt> {
    const tip = this.model.view()
    for (const c of conditions) {
      const entry = tip.get(c.key)
      const holds = 'absent' in c ? entry === undefined : 'seqno' in c ? entry?.seqno === c.seqno : entry !== undefined && equalBytes(sha256(entry.value), c.valueHash)
      if (!holds) throw new ConditionFailedError(`the condition on key 0x${Buffer.from(c.key).toString('hex')} does not hold at version ${tip.version}`)
    }
    return this.#append(ops.length === 1 ? ops[0]! : batchOf(ops))
  }

  async put (key: Uint8Array, value: Uint8Array, options: { encryptionEpoch?: number, condition?: KvCondition } = {}): Promise<KvWriteReceipt> {
    return await this.batch([{ type: 'put', key, value, encryptionEpoch: options.encryptionEpoch ?? 0 }], options.condition === undefined ? [] : [options.condition])
  }

  async delete (key: Uint8Array, options: { condition?: KvCondition } = {}): Promise<KvWriteReceipt> {
    return await this.batch([{ type: 'delete', key }], options.condition === undefined ? [] : [options.condition])
  }

  async appendBlobs (data: Uint8Array[]): Promise<number[]> {
    return data.map((d) => this.#append({ type: 'blob', data: d }).seqno)
  }

  #append (record: KvRecord): KvWriteReceipt {
    const seqno = this.model.version
    this.#lastUs = Math.max(this.#lastUs + 1, Date.now() * 1000)
    this.model.apply({ seqno, timestampUs: this.#lastUs, record }) // checks the record as the format does
    this.#records.push(record)
    for (const wake of [...this.#waiters]) wake()
    return { seqno, version: seqno + 1, checkpointed: false }
  }
}

/** The same capsule as another node that does not hold the writer key sees it: reads only. */
export function readOnly (kv: MemoryKv): KvReader {
  return { name: kv.name, view: kv.view.bind(kv), diff: kv.diff.bind(kv), watch: kv.watch.bind(kv), blob: kv.blob.bind(kv), findBlob: kv.findBlob.bind(kv) }
}

/** A KvAccess over some capsules by name, writable or read-only: the others are not found. */
export function memoryKvAccess (writable: MemoryKv[], readable: MemoryKv[]): KvAccess {
  return async (name) => {
    const writer = writable.find((c) => equalBytes(c.name, name))
    if (writer !== undefined) return { reader: writer, writer }
    const reader = readable.find((c) => equalBytes(c.name, name))
    if (reader !== undefined) return { reader: readOnly(reader) }
    throw new CapsuleNotFoundError(`no key-value capsule ${formatName(name)} here`)
  }
}

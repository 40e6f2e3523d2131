// docs/kv.md section 3: what a key-value capsule's records mean, at every
// version. The reference model against worked examples (time travel by
// version and time, history, diff, batches, deletes, checkpoints, invalid
// records) and against an independent replay of random histories.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { InvalidArgumentError, VersionNotHeldError } from '../../src/errors.js'
import { batchOf, encodeKvRecord, type KvOp, type KvRecord } from '../../src/kv/format.js'
import { KvModel, type KvEntry } from '../../src/kv/model.js'

const b = (text: string): Uint8Array => new Uint8Array(Buffer.from(text))
const text = (bytes: Uint8Array | undefined): string | undefined => bytes === undefined ? undefined : Buffer.from(bytes).toString()
const put = (key: string, value: string, encryptionEpoch = 0): KvOp => ({ type: 'put', key: b(key), value: b(value), encryptionEpoch })
const del = (key: string): KvOp => ({ type: 'delete', key: b(key) })
const T0 = 1_767_225_600_000_000

/** A model fed `records` as seqnos 0, 1, ..., record i stamped T0 + 1000 i unless a time is given. */
function modelOf (records: Array<KvRecord | [KvRecord, number]>): KvModel {
  const model = new KvModel()
  records.forEach((r, seqno) => {
    const [record, timestampUs] = Array.isArray(r) ? r : [r, T0 + 1000 * seqno]
    model.apply({ seqno, timestampUs, record })
  })
  return model
}

/** key=value pairs of entries, in their order. */
const pairs = (entries: KvEntry[]): string[] => entries.map((e) => `${text(e.key)!}=${text(e.value)!}`)

describe('puts, deletes and batches', () => {
  it('the latest state is the last write of each key; a delete removes it', () => {
    const model = modelOf([put('a', '1'), put('b', '2'), put('a', '3'), del('b')])
    expect(model.version).toBe(4)
    const view = model.view()
    expect(text(view.get(b('a'))?.value)).toBe('3')
    expect(view.get(b('a'))).toMatchObject({ seqno: 2, timestampUs: T0 + 2000, encryptionEpoch: 0 })
    expect(view.get(b('b'))).toBeUndefined()
    expect(view.count()).toBe(1)
  })

  it('a delete of an absent key changes nothing but is a write of it', () => {
    const model = modelOf([put('a', '1'), del('zz')])
    expect(pairs(model.view().range())).toEqual(['a=1'])
    expect(model.view().history(b('zz'))).toEqual([{ type: 'delete', seqno: 1, timestampUs: T0 + 1000 }])
    expect(model.diff({ version: 1 }, { version: 2 })).toEqual([])
  })

  it('a batch takes effect whole at one version: no version shows part of it', () => {
    const model = modelOf([put('a', '1'), put('c', '3'), batchOf([put('b', '2'), del('a'), put('c', '4')])])
    expect(pairs(model.view({ version: 2 }).range())).toEqual(['a=1', 'c=3'])
    expect(pairs(model.view({ version: 3 }).range())).toEqual(['b=2', 'c=4'])
    expect(model.view().get(b('b'))).toMatchObject({ seqno: 2 })
    expect(model.view().get(b('c'))).toMatchObject({ seqno: 2 })
  })

  it('an empty value is a value, not a delete; encrypted values are kept as they are, with their epoch', () => {
    const model = modelOf([put('a', ''), put('s', 'ciphertext', 7)])
    expect(model.view().get(b('a'))?.value.length).toBe(0)
    expect(model.view().get(b('s'))).toMatchObject({ encryptionEpoch: 7 })
    expect(text(model.view().get(b('s'))?.value)).toBe('ciphertext')
  })

  it('keeps its own copies: changing a record after it is applied changes nothing', () => {
    const op = put('a', 'before')
    const model = modelOf([op])
    ;(op as { value: Uint8Array }).value.set(b('AFTER!'))
    op.key.set(b('z'))
    expect(pairs(model.view().range())).toEqual(['a=before'])
  })
})

describe('time travel', () => {
  const model = modelOf([
    [put('a', '1'), T0],
    [put('b', '2'), T0],
    [put('a', '3'), T0 + 10],
    [del('b'), T0 + 20],
    [batchOf([put('c', '5'), put('a', '6')]), T0 + 20],
    [put('d', '7'), T0 + 35]
  ])

  it('every version from 0 (empty) to the latest is a state', () => {
    const states = Array.from({ length: model.version + 1 }, (_, v) => pairs(model.view({ version: v }).range()))
    expect(states).toEqual([
      [],
      ['a=1'],
      ['a=1', 'b=2'],
      ['a=3', 'b=2'],
      ['a=3'],
      ['a=6', 'c=5'],
      ['a=6', 'c=5', 'd=7']
    ])
    expect(model.view({ version: 6 }).version).toBe(6)
    // Past the latest: not held (yet), as a node's index says; not a malformed version.
    expect(() => model.view({ version: 7 })).toThrow(VersionNotHeldError)
    expect(() => model.view({ version: -1 })).toThrow(InvalidArgumentError)
    expect(() => model.view({ version: 1.5 })).toThrow(InvalidArgumentError)
  })

  it('a time names the version of every record stamped at or before it', () => {
    expect(model.versionAt({ timestampUs: T0 - 1 })).toBe(0)
    expect(model.versionAt({ timestampUs: T0 })).toBe(2)
    expect(model.versionAt({ timestampUs: T0 + 9 })).toBe(2)
    expect(model.versionAt({ timestampUs: T0 + 10 })).toBe(3)
    // Two records stamped alike are one moment: never half of them.
    expect(model.versionAt({ timestampUs: T0 + 20 })).toBe(5)
    expect(model.versionAt({ timestampUs: T0 + 10 ** 9 })).toBe(6)
    expect(pairs(model.view({ timestampUs: T0 + 25 }).range())).toEqual(['a=6', 'c=5'])
    expect(model.versionAt()).toBe(6)
  })

  it('an old view reads as the store did then: get, range, prefix, count', () => {
    const then = model.view({ version: 3 })
    expect(text(then.get(b('a'))?.value)).toBe('3')
    expect(then.count()).toBe(2)
    expect(pairs(then.prefix(b('b')))).toEqual(['b=2'])
    expect(then.get(b('c'))).toBeUndefined()
  })

  it('the history of a key lists its every write up to the view\'s version', () => {
    const history = model.view().history(b('a'))
    expect(history.map((h) => [h.type, h.seqno, h.timestampUs, h.type === 'put' ? text(h.value) : undefined])).toEqual([
      ['put', 0, T0, '1'], ['put', 2, T0 + 10, '3'], ['put', 4, T0 + 20, '6']
    ])
    expect(model.view({ version: 3 }).history(b('a')).map((h) => h.seqno)).toEqual([0, 2])
    expect(model.view().history(b('b')).map((h) => h.type)).toEqual(['put', 'delete'])
    expect(model.view().history(b('nope'))).toEqual([])
  })

  it('diff: the keys whose entries differ between two versions, in key order, either way round', () => {
    const diff = model.diff({ version: 2 }, { version: 5 })
    expect(diff.map((d) => [text(d.key), text(d.before?.value), text(d.after?.value)])).toEqual([
      ['a', '1', '6'], ['b', '2', undefined], ['c', undefined, '5']
    ])
    const back = model.diff({ version: 5 }, { version: 2 })
    expect(back.map((d) => [text(d.key), text(d.before?.value), text(d.after?.value)])).toEqual([
      ['a', '6', '1'], ['b', undefined, '2'], ['c', '5', undefined]
    ])
    expect(model.diff({ version: 4 }, { version: 4 })).toEqual([])
    expect(model.diff({ timestampUs: T0 }, { timestampUs: T0 + 10 }).map((d) => text(d.key))).toEqual(['a'])
  })

  it('diff reports a key written again with the same value: its entry is a new write', () => {
    const again = modelOf([put('a', '1'), put('a', '1')])
    expect(again.diff({ version: 1 }, { version: 2 }).map((d) => [d.before?.seqno, d.after?.seqno])).toEqual([[0, 1]])
  })
})

describe('range scans', () => {
  const model = modelOf([batchOf(['a', 'ab', 'abc', 'b', 'ba', 'c'].map((k) => put(k, k.toUpperCase()))), put('\u00ff', 'hi')])
  const keys = (entries: KvEntry[]): Array<string | undefined> => entries.map((e) => text(e.key))
  const view = model.view()

  it('in key order, with gt, gte, lt, lte, reverse and limit', () => {
    expect(keys(view.range())).toEqual(['a', 'ab', 'abc', 'b', 'ba', 'c', '\u00ff'])
    expect(keys(view.range({ gt: b('ab'), lte: b('ba') }))).toEqual(['abc', 'b', 'ba'])
    expect(keys(view.range({ gte: b('ab'), lt: b('ba') }))).toEqual(['ab', 'abc', 'b'])
    expect(keys(view.range({ gte: b('ab'), lt: b('ba'), reverse: true }))).toEqual(['b', 'abc', 'ab'])
    expect(keys(view.range({ reverse: true, limit: 2 }))).toEqual(['\u00ff', 'c'])
    expect(keys(view.range({ limit: 0 }))).toEqual([])
    expect(view.count({ gt: b('a'), lt: b('b') })).toBe(2)
  })

  it('prefix scans take the keys that begin with the prefix, in either order, at most limit', () => {
    expect(keys(view.prefix(b('a')))).toEqual(['a', 'ab', 'abc'])
    expect(keys(view.prefix(b('a'), { reverse: true, limit: 2 }))).toEqual(['abc', 'ab'])
    expect(keys(view.prefix(b('ab'), { limit: 1 }))).toEqual(['ab'])
    expect(keys(view.prefix(Uint8Array.from([0xc3])))).toEqual(['\u00ff']) // U+00FF is c3 bf in UTF-8
    expect(keys(view.prefix(new Uint8Array(0)))).toHaveLength(7)
  })

  it('refuses two bounds on one side and a limit that is not a count', () => {
    expect(() => view.range({ gt: b('a'), gte: b('a') })).toThrow(InvalidArgumentError)
    expect(() => view.range({ lt: b('a'), lte: b('a') })).toThrow(InvalidArgumentError)
    expect(() => view.range({ limit: -1 })).toThrow(InvalidArgumentError)
    expect(() => view.prefix(b('a'), { limit: 0.5 })).toThrow(InvalidArgumentError)
  })
})

describe('checkpoints and invalid records', () => {
  it('a checkpoint that states the tree of the state at its version holds, and changes nothing', () => {
    const model = modelOf([put('a', '1'), put('b', '2')])
    const commitment = model.view().commitment()
    expect(commitment.keyCount).toBe(2)
    model.apply({ seqno: 2, timestampUs: T0 + 2000, record: { type: 'checkpoint', version: 2, ...commitment } })
    // Covering an earlier version: the state after record 0.
    model.apply({ seqno: 3, timestampUs: T0 + 3000, record: { type: 'checkpoint', version: 1, ...model.view({ version: 1 }).commitment() } })
    expect(model.checkpoints.map((c) => [c.seqno, c.checkpoint.version, c.holds])).toEqual([[2, 2, true], [3, 1, true]])
    expect(model.view().commitment()).toEqual(commitment)
    expect(model.diff({ version: 2 }, { version: 4 })).toEqual([])
  })

  it('a checkpoint of the empty state holds with no root', () => {
    const model = modelOf([{ type: 'checkpoint', version: 0, keyCount: 0, root: new Uint8Array(0) }])
    expect(model.checkpoints[0]!.holds).toBe(true)
  })

  it('a checkpoint whose tree is not the state\'s does not hold: the writer stated a state the records do not make', () => {
    const model = modelOf([put('a', '1'), put('b', '2')])
    const other = modelOf([put('a', '1'), put('b', 'X')]).view().commitment()
    model.apply({ seqno: 2, timestampUs: T0 + 2000, record: { type: 'checkpoint', version: 2, ...other } })
    model.apply({ seqno: 3, timestampUs: T0 + 3000, record: { type: 'checkpoint', version: 2, keyCount: 3, root: model.view().commitment().root } })
    expect(model.checkpoints.map((c) => c.holds)).toEqual([false, false])
    expect(model.invalidRecords).toEqual([])
  })

  it('a checkpoint claiming a version after itself is an invalid record', () => {
    const model = modelOf([put('a', '1'), { type: 'checkpoint', version: 2, keyCount: 0, root: new Uint8Array(0) }])
    expect(model.checkpoints).toEqual([])
    expect(model.invalidRecords).toEqual([{ seqno: 1, timestampUs: T0 + 1000, reason: expect.stringMatching(/covers only records before it/) }])
  })

  it('a payload that is not a key-value record is an invalid record: the version moves on, the state does not', () => {
    const model = new KvModel()
    model.applyPayload(0, T0, encodeKvRecord(put('a', '1')))
    model.applyPayload(1, T0 + 1, b('hello, world'))
    model.applyPayload(2, T0 + 2, Uint8Array.from([0x1a, 0x00]))
    model.applyPayload(3, T0 + 3, encodeKvRecord(put('b', '2')))
    expect(model.version).toBe(4)
    expect(model.invalidRecords.map((r) => [r.seqno, r.timestampUs])).toEqual([[1, T0 + 1], [2, T0 + 2]])
    expect(model.invalidRecords[1]!.reason).toMatch(/at least one operation/)
    expect(pairs(model.view().range())).toEqual(['a=1', 'b=2'])
    expect(model.diff({ version: 1 }, { version: 3 })).toEqual([])
  })

  it('records apply in order, from 0, never stamped before the previous one, and only as the format allows them', () => {
    const model = modelOf([put('a', '1')])
    expect(() => model.apply({ seqno: 2, timestampUs: T0 + 5000, record: put('b', '1') })).toThrow(/applied after 1 records/)
    expect(() => model.apply({ seqno: 0, timestampUs: T0, record: put('b', '1') })).toThrow(InvalidArgumentError)
    expect(() => model.apply({ seqno: 1, timestampUs: T0 - 1, record: put('b', '1') })).toThrow(/timestamps never decrease/)
    expect(() => model.applyPayload(1, T0 - 1, b('junk'))).toThrow(InvalidArgumentError)
    // A record no decoder returns: a batch naming a key twice.
    expect(() => model.apply({ seqno: 1, timestampUs: T0 + 1000, record: { type: 'batch', ops: [put('k', '1'), del('k')] } })).toThrow(/strictly ascending/)
    expect(model.version).toBe(1)
  })
})

describe('against an independent replay of random histories', () => {
  const keyArb = fc.constantFrom('a', 'ab', 'b', 'ba', 'c').map(b)
  const opArb = fc.oneof(
    fc.record({ key: keyArb, value: fc.constantFrom('1', '2', '').map(b), encryptionEpoch: fc.constantFrom(0, 1) }).map((p): KvOp => ({ type: 'put', ...p })),
    keyArb.map((key): KvOp => ({ type: 'delete', key }))
  )
  const recordArb: fc.Arbitrary<KvRecord> = fc.oneof(
    { weight: 3, arbitrary: opArb },
    { weight: 1, arbitrary: fc.array(opArb, { minLength: 1, maxLength: 4 }).map(batchOf) }
  )
  const historyArb = fc.array(fc.tuple(recordArb, fc.nat(3)), { maxLength: 25 })

  it('every version, every read, every diff', () => {
    fc.assert(fc.property(historyArb, fc.array(keyArb, { minLength: 1, maxLength: 3 }), (history, probes) => {
      const model = new KvModel()
      // The replay: a copy of the whole state after each record, as plain strings.
      const snapshots: Array<Map<string, string>> = [new Map()]
      let t = T0
      history.forEach(([record, gap], seqno) => {
        t += gap
        model.apply({ seqno, timestampUs: t, record })
        const next = new Map(snapshots[seqno])
        const ops = record.type === 'batch' ? record.ops : [record as KvOp]
        for (const op of ops) {
          if (op.type === 'put') next.set(Buffer.from(op.key).toString(), `${Buffer.from(op.value).toString()}/${op.encryptionEpoch}/${seqno}`)
          else next.delete(Buffer.from(op.key).toString())
        }
        snapshots.push(next)
      })
      const show = (entries: KvEntry[]): string[] => entries.map((e) => `${text(e.key)!}:${text(e.value)!}/${e.encryptionEpoch}/${e.seqno}`)
      snapshots.forEach((snapshot, version) => {
        const view = model.view({ version })
        const expected = [...snapshot.entries()].sort(([x], [y]) => Buffer.compare(Buffer.from(x), Buffer.from(y))).map(([k, v]) => `${k}:${v}`)
        expect(show(view.range())).toEqual(expected)
        expect(view.count()).toBe(snapshot.size)
        for (const probe of probes) {
          const got = view.get(probe)
          const want = snapshot.get(text(probe)!)
          expect(got === undefined ? undefined : show([got])[0]).toBe(want === undefined ? undefined : `${text(probe)!}:${want}`)
          expect(view.history(probe).length).toBe(history.slice(0, version).filter(([r]) => (r.type === 'batch' ? r.ops : [r as KvOp]).some((op) => Buffer.compare(op.key, probe) === 0)).length)
        }
        // Diff against the latest: exactly the keys whose (value, epoch, seqno) differ.
        const last = snapshots[snapshots.length - 1]!
        const changed = [...new Set([...snapshot.keys(), ...last.keys()])].filter((k) => snapshot.get(k) !== last.get(k)).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)))
        expect(model.diff({ version }, { version: model.version }).map((d) => text(d.key))).toEqual(changed)
      })
    }), { numRuns: 200 })
  })
})

// docs/kv.md through its two writers: random sequences of puts, deletes,
// batches and compare-and-sets (won and lost) written by LocalKv and by a
// RemoteKv that holds no state, read back at the latest and at old versions
// and times (gets, scans with bounds, limits and reverse, counts,
// histories; through the overlay, every read proven), against a plain model
// that keeps every version's state whole. LocalKv's index is reopened from
// the store mid-sequence, its tree stored every few writes or every 2,048
// (the default, crossed by larger batches); keys are at the length limits
// and of odd bytes.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { sha256 } from '../../src/crypto/hash.js'
import { ConditionFailedError, InvalidArgumentError } from '../../src/errors.js'
import type { KvCondition, KvWriter } from '../../src/kv/api.js'
import { boundsOf, inBounds, kvAppField, MAX_KEY_LENGTH, rangeAbove, type KeyRange, type KvOp } from '../../src/kv/format.js'
import { KvIndex, STORE_TREE_EVERY, type TreeStoring } from '../../src/kv/index.js'
import { LocalKv } from '../../src/kv/local.js'
import { RemoteKv } from '../../src/kv/remote.js'
import type { KvEntry, KvHistoryEntry, KvScanOptions } from '../../src/kv/model.js'
import { kvOverlay, type KvOverlay } from './overlay.js'
import { storePerFile } from './store-per-file.js'

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')
const latin1 = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'))

/** Keys that sort next to each other in odd ways (zero bytes, 0xff, keys that begin others), and keys of the longest length. */
const KEYS = [
  'a', 'a\x00', 'a\x00\x01', 'a\x01', 'ab', '\x00', '\xff', '\xff\xff',
  'k'.repeat(MAX_KEY_LENGTH - 1), 'k'.repeat(MAX_KEY_LENGTH), 'k'.repeat(MAX_KEY_LENGTH - 1) + '\x00', '\xff'.repeat(MAX_KEY_LENGTH), '\x00'.repeat(MAX_KEY_LENGTH)
].map(latin1)
/** Bounds and prefixes: the keys, and some that no key equals. */
const PROBES = [...KEYS, latin1('aa'), latin1('\x00\x00'), latin1('k'), latin1('\xfe'), latin1('b')]

/** The state at one version, keyed by the key in hex. */
type State = Map<string, KvEntry>

/** Every version's state, whole: version v is states[v]. */
class VersionsModel {
  readonly states: State[] = [new Map()]
  readonly timesUs: number[] = []
  /** The versions an append ended at, and 0. */
  readonly appendEnds: number[] = [0]
  /** Every write of each key (by its key in hex), oldest first. */
  readonly writes = new Map<string, KvHistoryEntry[]>()
  get latest (): State { return this.states.at(-1)! }
  get version (): number { return this.states.length - 1 }

  /** One append: the record of `ops` (if any), then its checkpoint or blobs, which change nothing. */
  append (ops: KvOp[], recordsAfter: number, timestampUs: number): void {
    if (ops.length > 0) {
      const seqno = this.version
      const next = new Map(this.latest)
      for (const op of ops) {
        if (op.type === 'put') next.set(hex(op.key), { key: op.key, value: op.value, encryptionEpoch: op.encryptionEpoch, seqno, timestampUs })
        else next.delete(hex(op.key))
      }
      // A batch holds one operation a key, the last (docs/kv.md section 2): the history has that one.
      const last = new Map(ops.map((op) => [hex(op.key), op]))
      for (const [key, op] of last) {
        const write: KvHistoryEntry = op.type === 'put' ? { type: 'put', seqno, timestampUs, value: op.value, encryptionEpoch: op.encryptionEpoch } : { type: 'delete', seqno, timestampUs }
        this.writes.set(key, [...(this.writes.get(key) ?? []), write])
      }
      this.states.push(next)
      this.timesUs.push(timestampUs)
    }
    for (let i = 0; i < recordsAfter; i++) {
      this.states.push(this.latest)
      this.timesUs.push(timestampUs)
    }
    this.appendEnds.push(this.version)
  }

  /** The entries in key order, within the scan's bounds, reversed and limited as it asks. */
  scan (version: number, scan: KvScanOptions): KvEntry[] {
    const within = [...this.states[version]!.values()].filter((e) =>
      (scan.gt === undefined || Buffer.compare(e.key, scan.gt) > 0) && (scan.gte === undefined || Buffer.compare(e.key, scan.gte) >= 0) &&
      (scan.lt === undefined || Buffer.compare(e.key, scan.lt) < 0) && (scan.lte === undefined || Buffer.compare(e.key, scan.lte) <= 0))
    within.sort((x, y) => Buffer.compare(x.key, y.key))
    if (scan.reverse === true) within.reverse()
    return within.slice(0, scan.limit ?? within.length)
  }

  /** The version at a time: the records stamped at or before it. */
  versionAt (timestampUs: number): number {
    return this.timesUs.filter((t) => t <= timestampUs).length
  }
}

const historyForm = (w: KvHistoryEntry): unknown => w.type === 'put' ? { ...w, value: hex(w.value) } : w
const entryForm = (e: KvEntry | undefined): unknown => e === undefined ? undefined : { key: hex(e.key), value: hex(e.value), epoch: e.encryptionEpoch, seqno: e.seqno, timestampUs: e.timestampUs }

/** A condition to build against the state at the tip: one that holds, or one that does not. */
type ConditionPlan = { key: number, kind: 'absent' | 'present' | 'seqno' | 'valueHash', holds: boolean }

type Command =
  | { type: 'put', key: number, value: Uint8Array, epoch: number, condition?: ConditionPlan }
  | { type: 'delete', key: number, condition?: ConditionPlan }
  | { type: 'batch', ops: Array<{ key: number, value?: Uint8Array }>, conditions: ConditionPlan[] }
  | { type: 'many', count: number, offset: number }
  | { type: 'blob', data: Uint8Array }
  | { type: 'badKey', length: 0 | 1025 }
  | { type: 'reopen', storeFirst: boolean }
  | { type: 'read', version: number, key: number, scan: KvScanOptions, time: number }

const keyArb = fc.nat(KEYS.length - 1)
const valueArb = fc.uint8Array({ maxLength: 6 })
const conditionArb: fc.Arbitrary<ConditionPlan> = fc.record({ key: keyArb, kind: fc.constantFrom('absent' as const, 'present' as const, 'seqno' as const, 'valueHash' as const), holds: fc.boolean() })
const boundArb = fc.option(fc.record({ inclusive: fc.boolean(), key: fc.constantFrom(...PROBES) }), { nil: undefined })
const scanArb: fc.Arbitrary<KvScanOptions> = fc.record({ lower: boundArb, upper: boundArb, reverse: fc.boolean(), limit: fc.option(fc.nat(5), { nil: undefined }) })
  .map(({ lower, upper, reverse, limit }) => ({
    ...(lower === undefined ? {} : lower.inclusive ? { gte: lower.key } : { gt: lower.key }),
    ...(upper === undefined ? {} : upper.inclusive ? { lte: upper.key } : { lt: upper.key }),
    reverse,
    ...(limit === undefined ? {} : { limit })
  }))
const commandArb = (manyMost: number, manyWeight: number): fc.Arbitrary<Command> => fc.oneof(
  { weight: 5, arbitrary: fc.record({ type: fc.constant('put' as const), key: keyArb, value: valueArb, epoch: fc.constantFrom(0, 0, 7), condition: fc.option(conditionArb, { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('delete' as const), key: keyArb, condition: fc.option(conditionArb, { nil: undefined }) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant('batch' as const), ops: fc.array(fc.record({ key: keyArb, value: fc.option(valueArb, { nil: undefined }) }), { minLength: 1, maxLength: 6 }), conditions: fc.array(conditionArb, { maxLength: 2 }) }) },
  { weight: manyWeight, arbitrary: fc.record({ type: fc.constant('many' as const), count: fc.integer({ min: 1, max: manyMost }), offset: fc.nat(3000) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('blob' as const), data: fc.uint8Array({ maxLength: 4 }) }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant('badKey' as const), length: fc.constantFrom(0 as const, 1025 as const) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('reopen' as const), storeFirst: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ type: fc.constant('read' as const), version: fc.nat(), key: fc.nat(PROBES.length - 1), scan: scanArb, time: fc.nat() }) }
)

const { store, newCapsule } = storePerFile('gdp-kv-writer-model-')

const T0 = 1_767_225_600_000_000

/** A key-value capsule under test, written through one facade. */
interface Subject {
  /** Opens the writer (again: an index opened anew from the store, its tree stored first or not; a client's view of the capsule asked anew). */
  open: (storeTreeFirst: boolean) => Promise<KvWriter>
  /** The index whose checkpoints are checked at the end: the writer's own, or its server's. */
  index: () => Promise<KvIndex>
  /** Whether every version can be read, or only those an append ends (the versions a proof covers). */
  everyVersion: boolean
}

/** A capsule written by LocalKv on an index that stores its tree as `storeTreeEvery` says. */
async function localSubject (clock: () => number, storeTreeEvery: TreeStoring): Promise<Subject> {
  const { name, signer } = await newCapsule([kvAppField()], T0)
  let kv: LocalKv | undefined
  return {
    open: async (storeTreeFirst) => {
      if (storeTreeFirst) await kv?.index.storeTree()
      const index = await KvIndex.open(store(), name, { storeTreeEvery })
      // An index of no records has written no rows yet: it "rebuilds" from nothing.
      if (index.version > 0) expect(index.rebuildReason).toBeUndefined()
      return (kv = LocalKv.onIndex(index, { signer, clock }))
    },
    index: async () => kv!.index,
    everyVersion: true
  }
}

/** A capsule on a server of an in-memory overlay, written by a RemoteKv that holds no state (every write proven first) and read with proofs. */
async function remoteSubject (overlay: KvOverlay, clock: () => number): Promise<Subject> {
  const signer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: signer.publicKey, writer: signer.publicKey, createdAtUs: T0, appFields: [kvAppField()], nonce: randomBytes(16) })
  const name = await overlay.client.create(signMetadata(metadata, signer), overlay.serverName)
  return {
    open: async () => await RemoteKv.open(overlay.client, name, { signer, clock }),
    index: async () => await overlay.service.kv.index(name),
    everyVersion: false
  }
}

/** Runs `commands` on a new capsule and checks every answer against the model. */
async function runAgainstModel (commands: Command[], subjectOf: (clock: () => number) => Promise<Subject>): Promise<void> {
  let now = T0
  let appends = 0
  // Every third append at the time of the one before: a time names the version after both.
  const subject = await subjectOf(() => (now += ++appends % 3 === 0 ? 0 : 1000))
  let kv = await subject.open(false)
  const versionOf = async (): Promise<number> => (await kv.view()).version
  const model = new VersionsModel()

  const conditionOf = (plan: ConditionPlan): { condition: KvCondition, holds: boolean } => {
    const key = KEYS[plan.key]!
    const entry = model.latest.get(hex(key))
    switch (plan.kind) {
      case 'absent': return { condition: { key, absent: true }, holds: entry === undefined }
      case 'present': return { condition: { key, absent: false }, holds: entry !== undefined }
      case 'seqno': {
        const seqno = entry === undefined || !plan.holds ? (entry?.seqno ?? 0) + 1 : entry.seqno
        return { condition: { key, seqno }, holds: entry?.seqno === seqno }
      }
      case 'valueHash': {
        const valueHash = entry === undefined || !plan.holds ? sha256(latin1('no value of these tests')) : sha256(entry.value)
        return { condition: { key, valueHash }, holds: entry !== undefined && plan.holds }
      }
    }
  }
  /** Writes `ops` under `plans`' conditions and the model with it when they all hold; otherwise expects ConditionFailedError and nothing written. */
  const write = async (ops: KvOp[], plans: ConditionPlan[], run: (conditions: KvCondition[]) => Promise<unknown>): Promise<void> => {
    const built = plans.map(conditionOf)
    const before = model.version
    if (built.every((c) => c.holds)) {
      await run(built.map((c) => c.condition))
      model.append(ops, 1, now)
    } else {
      await expect(run(built.map((c) => c.condition))).rejects.toThrow(ConditionFailedError)
      expect(await versionOf()).toBe(before)
    }
  }

  for (const command of commands) {
    switch (command.type) {
      case 'put': {
        const op: KvOp = { type: 'put', key: KEYS[command.key]!, value: command.value, encryptionEpoch: command.epoch }
        const plans = command.condition === undefined ? [] : [command.condition]
        await write([op], plans, async ([condition]) => await kv.put(op.key, command.value, { encryptionEpoch: command.epoch, ...(condition === undefined ? {} : { condition }) }))
        break
      }
      case 'delete': {
        const key = KEYS[command.key]!
        const plans = command.condition === undefined ? [] : [command.condition]
        await write([{ type: 'delete', key }], plans, async ([condition]) => await kv.delete(key, condition === undefined ? {} : { condition }))
        break
      }
      case 'batch': {
        const ops: KvOp[] = command.ops.map(({ key, value }) => value === undefined ? { type: 'delete', key: KEYS[key]! } : { type: 'put', key: KEYS[key]!, value, encryptionEpoch: 0 })
        await write(ops, command.conditions, async (conditions) => await kv.batch(ops, conditions))
        break
      }
      case 'many': {
        // Keys of their own, written and deleted in turn: with the default, a few of these pass 2,048 writes.
        const ops: KvOp[] = Array.from({ length: command.count }, (_, i) => {
          const key = latin1(`n/${(command.offset + i * 7) % 3001}`)
          return (command.offset + i) % 4 === 0 ? { type: 'delete', key } : { type: 'put', key, value: latin1(String(i)), encryptionEpoch: 0 }
        })
        await kv.batch(ops)
        model.append(ops, 1, now)
        break
      }
      case 'blob': {
        await kv.appendBlobs([command.data])
        model.append([], 2, now)
        break
      }
      case 'badKey': {
        const before = model.version
        const key = new Uint8Array(command.length).fill(0x6b)
        await expect(kv.put(key, latin1('v'))).rejects.toThrow(InvalidArgumentError)
        await expect(kv.batch([{ type: 'put', key: KEYS[0]!, value: latin1('v'), encryptionEpoch: 0 }, { type: 'delete', key }])).rejects.toThrow(InvalidArgumentError)
        await expect(kv.put(KEYS[0]!, latin1('v'), { condition: { key, absent: true } })).rejects.toThrow(InvalidArgumentError)
        expect(await versionOf()).toBe(before)
        break
      }
      case 'reopen': {
        kv = await subject.open(command.storeFirst)
        break
      }
      case 'read': {
        const readable = subject.everyVersion ? model.states.map((_, v) => v) : model.appendEnds
        const version = readable[command.version % readable.length]!
        const key = PROBES[command.key]!
        for (const at of [model.version, version]) {
          const view = await kv.view({ version: at })
          expect(entryForm(await view.get(key))).toEqual(entryForm(model.states[at]!.get(hex(key))))
          expect((await view.range(command.scan)).map(entryForm)).toEqual(model.scan(at, command.scan).map(entryForm))
          const { reverse: _reverse, limit: _limit, ...range } = command.scan
          expect(await view.count(range)).toBe(model.scan(at, range).length)
          expect((await view.prefix(key, { reverse: command.scan.reverse })).map(entryForm)).toEqual(model.scan(at, { gte: key, reverse: command.scan.reverse }).filter((e) => Buffer.compare(e.key.subarray(0, key.length), key) === 0).map(entryForm))
          // The history of the key up to the version, whole and a write a page (or more, for writes of no value bytes).
          const history = (model.writes.get(hex(key)) ?? []).filter((w) => w.seqno < at).map(historyForm)
          expect((await view.history(key)).writes.map(historyForm)).toEqual(history)
          const paged: KvHistoryEntry[] = []
          for (let fromSeqno = 0, more = true; more; fromSeqno = (paged.at(-1)?.seqno ?? -1) + 1) {
            const page = await view.history(key, { fromSeqno, limit: 2, maxBytes: 1 })
            if (page.more) expect(page.writes.length).toBeGreaterThan(0)
            paged.push(...page.writes)
            more = page.more
          }
          expect(paged.map(historyForm)).toEqual(history)
        }
        // The diff from the version read to the latest, and back, within the scan's bounds, 2 keys a page (more in a
        // diff of thousands, so it takes some 16 pages): the keys whose entries differ (a put of the same value again
        // differs too, by its seqno).
        const { reverse: _reverse, limit: _limit, ...range } = command.scan
        for (const [from, to] of [[version, model.version], [model.version, version]] as const) {
          const before = model.states[from]!
          const after = model.states[to]!
          const want = [...new Set([...before.keys(), ...after.keys()])]
            .filter((k) => before.get(k)?.seqno !== after.get(k)?.seqno)
            .map((k) => ({ key: k, before: entryForm(before.get(k)), after: entryForm(after.get(k)) }))
            .filter((d) => inBounds(Buffer.from(d.key, 'hex'), boundsOf(range)))
            .sort((x, y) => Buffer.compare(Buffer.from(x.key, 'hex'), Buffer.from(y.key, 'hex')))
          const got: unknown[] = []
          for (let rest: KeyRange = range, pages = 0; ; pages++) {
            expect(pages).toBeLessThanOrEqual(want.length)
            const page = await kv.diff(from, to, rest, { limit: 2 + (want.length >> 4) })
            got.push(...page.entries.map((d) => ({ key: hex(d.key), before: entryForm(d.before), after: entryForm(d.after) })))
            if (!page.more) break
            rest = rangeAbove(range, page.entries.at(-1)!.key)
          }
          expect(got).toEqual(want)
        }
        const timestampUs = T0 + (command.time % (now - T0 + 2)) - 1
        const byTime = await kv.view({ timestampUs })
        expect(byTime.version).toBe(model.versionAt(timestampUs))
        expect(await byTime.count()).toBe(model.states[byTime.version]!.size)
        break
      }
    }
    expect(await versionOf()).toBe(model.version)
  }
  // Every version, whole, and the checkpoints all hold.
  for (const version of subject.everyVersion ? model.states.map((_, v) => v) : model.appendEnds) {
    expect((await (await kv.view({ version })).range()).map(entryForm)).toEqual(model.scan(version, {}).map(entryForm))
  }
  const index = await subject.index()
  await index.update()
  expect((await index.checkpoints()).every((c) => c.holds)).toBe(true)
  await subject.open(false)
}

describe('RemoteKv against a model that keeps every version', () => {
  let overlay: KvOverlay
  beforeAll(async () => { overlay = await kvOverlay() })
  afterAll(async () => { await overlay.close() })

  it('writes from proofs of the paths they change, compare-and-sets won and lost, proven reads at old versions and times', async () => {
    await fc.assert(fc.asyncProperty(fc.array(commandArb(40, 1), { minLength: 10, maxLength: 40 }), async (commands) => {
      await runAgainstModel(commands, async (clock) => await remoteSubject(overlay, clock))
    }), { numRuns: 10 })
  })
})

describe('LocalKv against a model that keeps every version', () => {
  it('writes, compare-and-sets won and lost, reads at old versions and times, reopening with the tree stored every few writes', async () => {
    const storingArb = fc.record({ ops: fc.integer({ min: 1, max: 6 }), records: fc.integer({ min: 1, max: 5 }), bytes: fc.constantFrom(30, 1 << 20) })
    await fc.assert(fc.asyncProperty(fc.array(commandArb(8, 1), { minLength: 20, maxLength: 60 }), storingArb, async (commands, storing) => {
      await runAgainstModel(commands, async (clock) => await localSubject(clock, storing))
    }), { numRuns: 15 })
  })

  it('the same across the default 2,048 writes between tree stores, crossed a few times by batches of up to 1,000', async () => {
    await fc.assert(fc.asyncProperty(fc.array(commandArb(1000, 12), { minLength: 24, maxLength: 32 }), async (commands) => {
      await runAgainstModel(commands, async (clock) => await localSubject(clock, STORE_TREE_EVERY))
    }), { numRuns: 3 })
  })
})

/**
 * `gdp kv ...`: the key-value CAAPI (docs/kv.md) on a key-value capsule in
 * the local store, or with --node through the overlay, where every read is
 * checked against the writer's signed heartbeat unless --trust-server.
 * Keys are UTF-8 text, or hex with --hex; values are the bytes given.
 */
import { createReadStream } from 'node:fs'
import { base64ToBytes, utf8Bytes, utf8Text } from '../crypto/bytes.js'
import { sha256 } from '../crypto/hash.js'
import { InvalidArgumentError, KeyNotFoundError } from '../errors.js'
import type { KvCondition, KvReadView, KvWriter } from '../kv/api.js'
import { checkKey, checkOp, MAX_BATCH_OPS, MAX_KEY_LENGTH, MAX_VALUE_LENGTH, prefixRange, rangeAbove, type KeyRange, type KvOp } from '../kv/format.js'
import type { KvEntry } from '../kv/model.js'
import { parseStrictJson } from '../http/strict-json.js'
import { atOption, diffVersions, integer, noteUnproven, optionValue, print, readAll, readLines, requireFile, watchUntilStopped, type Command, type CommandContext } from './command.js'
import { withKvCapsule } from './kv-capsule.js'
import { UsageError } from './usage-error.js'
import { payloadText } from './format.js'
import { formatTime } from '../capsule/time.js'

const AT_OPTIONS = { version: { type: 'string' }, at: { type: 'string' } } as const
const RANGE_OPTIONS = { prefix: { type: 'string' }, gt: { type: 'string' }, gte: { type: 'string' }, lt: { type: 'string' }, lte: { type: 'string' } } as const
const READ_OPTIONS = { hex: { type: 'boolean', default: false }, 'trust-server': { type: 'boolean', default: false }, latest: { type: 'boolean', default: false } } as const
const CONDITION_OPTIONS = { 'if-absent': { type: 'boolean', default: false }, 'if-present': { type: 'boolean', default: false }, 'if-seqno': { type: 'string' }, 'if-value': { type: 'string' } } as const

const AT_HELP = '  --version n         read the state after records 0..n-1 (time travel)\n  --at <time>         read the state at that time (ISO 8601 or @unix-seconds)\n'
const RANGE_HELP = '  --prefix p          keys that begin with p\n  --gt/--gte/--lt/--lte k   bounds (at most one per side)\n'
const READ_HELP = '  --hex               keys are given and printed in hex\n  --trust-server      with --node: take the server\'s answers without their proofs\n' +
  '  --latest            with --node: read where the longest head of a read quorum of replicas is (the nearest\n' +
  '                      replica may have missed writes while it was down)\n'

/** Opens the key-value capsule named by the first argument: local, or through --node; with `write`, as its writer (--key). */
async function withKv<T> (ctx: CommandContext, write: boolean, fn: (kv: KvWriter) => Promise<T>): Promise<T> {
  return await withKvCapsule(ctx, write, fn, { writeName: 'the write' })
}

/** A key as text, or in hex with --hex; InvalidArgumentError for hex that is not (argumentKey makes it a usage error). */
function keyOf (ctx: CommandContext, text: string, what = 'key'): Uint8Array {
  if (ctx.values.hex !== true) return new Uint8Array(Buffer.from(text, 'utf8'))
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new InvalidArgumentError(`--hex: ${what} '${text}' is not hex digits in pairs`)
  return new Uint8Array(Buffer.from(text, 'hex'))
}

/**
 * A key given on the command line (the <key> argument, a range's bound):
 * one the format does not allow (empty, over 1,024 bytes) is a usage error,
 * exit 2, as any argument not of its kind is, said before the store is
 * opened or a node dialled (the local store found such a key absent, put
 * read stdin first, and --node waited on the node). A key in a batch's
 * lines is data, refused with exit 1 as the rest of a bad batch is.
 */
function argumentKey (ctx: CommandContext, text: string, what = '<key>'): Uint8Array {
  return optionValue(() => {
    const key = keyOf(ctx, text, what)
    checkKey(key, what)
    return key
  })
}

const keyText = (ctx: CommandContext, key: Uint8Array): string => ctx.values.hex === true ? Buffer.from(key).toString('hex') : payloadText(key)

/**
 * A key in JSON output, exactly: its text when it is UTF-8 (as `kv batch`
 * takes it back), else `keyHex`; with --hex, hex. The human form
 * (payloadText) escapes newlines and marks base64 in the text itself, so
 * two keys could print alike there; here they cannot.
 */
function keyJson (ctx: CommandContext, key: Uint8Array): { key: string } | { keyHex: string } {
  const text = ctx.values.hex === true ? undefined : utf8Text(key)
  if (text !== undefined) return { key: text }
  return ctx.values.hex === true ? { key: Buffer.from(key).toString('hex') } : { keyHex: Buffer.from(key).toString('hex') }
}

/** A value in JSON output, exactly: `value` when it is UTF-8 text, else `valueBase64` (as `kv batch` takes both back). */
function valueJson (value: Uint8Array): { value: string } | { valueBase64: string } {
  const text = utf8Text(value)
  return text !== undefined ? { value: text } : { valueBase64: Buffer.from(value).toString('base64') }
}

function entryJson (ctx: CommandContext, e: KvEntry): unknown {
  return { ...keyJson(ctx, e.key), ...valueJson(e.value), seqno: e.seqno, timestamp: formatTime(e.timestampUs), ...(e.encryptionEpoch === 0 ? {} : { encryptionEpoch: e.encryptionEpoch }) }
}

function rangeOption (ctx: CommandContext): KeyRange {
  const range: KeyRange = {}
  const prefix = ctx.values.prefix
  for (const side of ['gt', 'gte', 'lt', 'lte'] as const) {
    const value = ctx.values[side]
    if (typeof value === 'string') range[side] = argumentKey(ctx, value, `--${side}`)
  }
  // Said as the options are named (the key range's own words were 'gt or gte'), and a usage error as other pairs are.
  for (const [a, b] of [['gt', 'gte'], ['lt', 'lte']] as const) if (range[a] !== undefined && range[b] !== undefined) throw new UsageError(`give --${a} or --${b}, not both`)
  if (typeof prefix !== 'string') return range
  if (Object.keys(range).length > 0) throw new UsageError('give --prefix or bounds (--gt, --gte, --lt, --lte), not both')
  return prefixRange(argumentKey(ctx, prefix, '--prefix'))
}

/** The write's condition, from --if-absent, --if-present, --if-seqno or --if-value: none, or options with it. */
function conditionOption (ctx: CommandContext, key: Uint8Array): { condition?: KvCondition } {
  const given: KvCondition[] = []
  if (ctx.values['if-absent'] === true) given.push({ key, absent: true })
  if (ctx.values['if-present'] === true) given.push({ key, absent: false })
  const seqno = integer(ctx, 'if-seqno')
  if (seqno !== undefined) given.push({ key, seqno })
  if (typeof ctx.values['if-value'] === 'string') given.push({ key, valueHash: sha256(Buffer.from(ctx.values['if-value'])) })
  if (given.length > 1) throw new UsageError('give one of --if-absent, --if-present, --if-seqno, --if-value')
  return given.length === 0 ? {} : { condition: given[0]! }
}

/** A value read from a file or stdin: refused once it is past the limit, without reading on. */
const VALUE_LIMIT = {
  bytes: MAX_VALUE_LENGTH,
  refuse: () => new InvalidArgumentError(`the value is over ${MAX_VALUE_LENGTH} bytes, the most a key holds: store larger contents as a file (gdp fs put)`)
}

/**
 * The value to put: the argument, or a file's or stdin's bytes. An empty
 * file or stdin is refused, as `capsule append` refuses it: a script whose
 * stdin was closed, or whose earlier step left a file empty, replaced the
 * key's value with nothing. An empty value is put by giving '' as the value.
 */
async function valueOf (ctx: CommandContext): Promise<Uint8Array> {
  const file = ctx.values.file
  const text = ctx.positionals[2]
  if (typeof file === 'string' && text !== undefined) throw new UsageError('give the value as an argument or with --file, not both')
  if (text !== undefined) return new Uint8Array(Buffer.from(text, 'utf8'))
  if (typeof file !== 'string' && ctx.stdin.isTTY === true) throw new UsageError('give a value: as an argument, with --file, or on stdin')
  const value = await readAll(typeof file === 'string' ? createReadStream(requireFile(file)) : ctx.stdin, VALUE_LIMIT)
  if (value.length === 0) throw new InvalidArgumentError(`nothing to put: ${typeof file === 'string' ? `${file} is` : 'stdin was'} empty (an empty value is put by giving '' as the value)`)
  return new Uint8Array(value)
}

function printReceipt (ctx: CommandContext, receipt: { seqno: number, version: number, checkpointed: boolean }): void {
  print(ctx, `record ${receipt.seqno}, version ${receipt.version}`, receipt)
}

const kvPut: Command = {
  path: ['kv', 'put'],
  writesStore: true,
  usage: 'kv put <capsule> <key> [<value> | --file f | < stdin] [--if-absent | --if-present | --if-seqno n | --if-value v] [--hex] [--node <addr>]',
  summary: 'set a key of a key-value capsule (as its writer, --key); with a condition, only if it holds',
  help: '  --if-absent         only if the key is absent\n  --if-present        only if the key is present (holds any value)\n  --if-seqno n        only if the key\'s entry was set by the put at record n\n  --if-value v        only if the key holds value v\n  --hex               the key is hex\n',
  options: { file: { type: 'string' }, hex: READ_OPTIONS.hex, ...CONDITION_OPTIONS },
  minArgs: 2,
  maxArgs: 3,
  remote: true,
  usesKey: true,
  async run (ctx) {
    const key = argumentKey(ctx, ctx.positionals[1]!)
    const condition = conditionOption(ctx, key)
    const value = await valueOf(ctx)
    const receipt = await withKv(ctx, true, async (kv) => await kv.put(key, value, condition))
    printReceipt(ctx, receipt)
    return 0
  }
}

const kvDel: Command = {
  path: ['kv', 'del'],
  writesStore: true,
  usage: 'kv del <capsule> <key> [--if-absent | --if-present | --if-seqno n | --if-value v] [--hex] [--node <addr>]',
  summary: 'delete a key of a key-value capsule (as its writer); with a condition, only if it holds',
  options: { hex: READ_OPTIONS.hex, ...CONDITION_OPTIONS },
  minArgs: 2,
  maxArgs: 2,
  remote: true,
  usesKey: true,
  async run (ctx) {
    const key = argumentKey(ctx, ctx.positionals[1]!)
    const condition = conditionOption(ctx, key)
    printReceipt(ctx, await withKv(ctx, true, async (kv) => await kv.delete(key, condition)))
    return 0
  }
}

/** The fields a batch line may have: a put's key and its value (text, or bytes in base64 as kv get --json prints them), or a delete's key. */
const BATCH_FIELDS = ['put', 'value', 'valueBase64', 'del']

/**
 * A line of a batch: {"put": key, "value": text}, {"put": key, "valueBase64": bytes}
 * or {"del": key}. Anything else is refused, not read as the nearest of these.
 */
function batchOp (ctx: CommandContext, line: string, n: number): KvOp {
  const refuse = (why: string): never => { throw new InvalidArgumentError(`batch line ${n}: ${why}`) }
  const op = parseStrictJson(line, `batch line ${n}`)
  if (typeof op !== 'object' || op === null || Array.isArray(op)) return refuse('expected a JSON object, {"put": key, "value": text} or {"del": key}')
  const fields = op as Record<string, unknown>
  const unknown = Object.keys(fields).find((f) => !BATCH_FIELDS.includes(f))
  if (unknown !== undefined) refuse(`unknown field "${unknown}" (a line has "put" with "value" or "valueBase64", or "del")`)
  for (const f of Object.keys(fields)) {
    if (typeof fields[f] !== 'string') refuse(`"${f}" must be a string`)
    // A \ud800 escape alone is no character: UTF-8 has no form for it, and encoding it would store U+FFFD.
    if (/[\uD800-\uDFFF]/u.test(fields[f] as string)) refuse(`"${f}" holds a lone UTF-16 surrogate (a \\ud800-\\udfff escape without its pair): it has no UTF-8 form`)
  }
  const { put, value, valueBase64, del } = fields as Partial<Record<'put' | 'value' | 'valueBase64' | 'del', string>>
  if (del !== undefined) {
    if (put !== undefined || value !== undefined || valueBase64 !== undefined) refuse('a line is a put or a delete: "del" goes alone')
    const deletion: KvOp = { type: 'delete', key: keyOf(ctx, del, `line ${n} key`) }
    checkOp(deletion, `batch line ${n}`)
    return deletion
  }
  if (put === undefined) return refuse('expected {"put": key, "value": text} or {"del": key}')
  if (value === undefined && valueBase64 === undefined) refuse('a put needs "value" (text) or "valueBase64"')
  if (value !== undefined && valueBase64 !== undefined) refuse('a put has "value" or "valueBase64", not both')
  const bytes = value !== undefined ? utf8Bytes(value) : base64ToBytes(valueBase64!, `batch line ${n}: "valueBase64"`)
  const putting: KvOp = { type: 'put', key: keyOf(ctx, put, `line ${n} key`), value: bytes, encryptionEpoch: 0 }
  checkOp(putting, `batch line ${n}`)
  return putting
}

/**
 * Bytes of one batch line, at most: the JSON of the largest put (a key of 1,024 bytes, a value of 4 MiB) with every
 * byte escaped (\u0001: six bytes for one), and room for its field names and spaces.
 */
export const MAX_BATCH_LINE_BYTES = 6 * (MAX_KEY_LENGTH + MAX_VALUE_LENGTH) + 1024

/**
 * The operations of a batch's lines, read as they come: a line past MAX_BATCH_LINE_BYTES, or a line past the
 * operations one batch holds, is refused there, the rest unread (read whole first, an endless input was held until
 * memory ran out).
 */
async function batchOps (ctx: CommandContext, input: AsyncIterable<Buffer | string>): Promise<KvOp[]> {
  const ops: KvOp[] = []
  let lineNumber = 0
  for await (const bytes of readLines(input, MAX_BATCH_LINE_BYTES, (n) => new InvalidArgumentError(`batch line ${n} is over ${MAX_BATCH_LINE_BYTES} bytes, more than one operation takes`))) {
    lineNumber++
    // Read leniently, its bytes that are not UTF-8 would become U+FFFD in the keys and values written.
    const text = utf8Text(bytes)
    if (text === undefined) throw new InvalidArgumentError('the batch is not UTF-8 text: give binary keys in hex (--hex) and binary values as "valueBase64"')
    const line = text.trim()
    if (line.length === 0) continue
    if (ops.length === MAX_BATCH_OPS) throw new InvalidArgumentError(`batch line ${lineNumber}: a batch holds at most ${MAX_BATCH_OPS} operations`)
    ops.push(batchOp(ctx, line, lineNumber))
  }
  return ops
}

const kvBatch: Command = {
  path: ['kv', 'batch'],
  writesStore: true,
  usage: 'kv batch <capsule> [--file f | < stdin] [--hex] [--node <addr>]',
  summary: 'apply puts and deletes together, at one version: one JSON object per line, {"put": k, "value": v}, {"put": k, "valueBase64": b} or {"del": k}',
  options: { file: { type: 'string' }, hex: READ_OPTIONS.hex },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  usesKey: true,
  async run (ctx) {
    const ops = await batchOps(ctx, typeof ctx.values.file === 'string' ? createReadStream(requireFile(ctx.values.file)) : ctx.stdin)
    printReceipt(ctx, await withKv(ctx, true, async (kv) => await kv.batch(ops)))
    return 0
  }
}

async function readView<T> (ctx: CommandContext, fn: (view: KvReadView) => Promise<T>): Promise<T> {
  const at = atOption(ctx)
  return await withKv(ctx, false, async (kv) => await fn(await kv.view(at)))
}

const kvGet: Command = {
  path: ['kv', 'get'],
  usage: 'kv get <capsule> <key> [--version n | --at <time>] [--hex] [--trust-server] [--node <addr>]',
  summary: 'print the value of a key (raw bytes; --json: with its seqno and time), now or at a past version',
  help: AT_HELP + READ_HELP,
  options: { ...AT_OPTIONS, ...READ_OPTIONS },
  minArgs: 2,
  maxArgs: 2,
  remote: true,
  async run (ctx) {
    const key = argumentKey(ctx, ctx.positionals[1]!)
    const entry = await readView(ctx, async (view) => await view.get(key))
    if (entry === undefined) throw new KeyNotFoundError(`key ${keyText(ctx, key)} is absent`)
    if (ctx.json) print(ctx, '', entryJson(ctx, entry))
    else ctx.stdout.write(entry.value)
    return 0
  }
}

/**
 * Entries `kv list` reads at once, at most: it prints a page before it reads
 * the next, so a listing of any length takes bounded memory (it held them
 * all: 120,000 keys took 358 MB).
 */
const LIST_PAGE_ENTRIES = 128

/** Bytes of keys and values `kv list` reads at once, past the first entry: 128 values of 4 MiB are 512 MiB. */
const LIST_PAGE_BYTES = 8 * 1024 * 1024

const kvList: Command = {
  path: ['kv', 'list'],
  usage: 'kv list <capsule> [--prefix p | --gt/--gte/--lt/--lte k] [--reverse] [--limit n] [--version n | --at <time>] [--hex] [--node <addr>]',
  summary: 'list the entries of a key range in key order: key<TAB>value per line (--json: one object per line)',
  help: RANGE_HELP + AT_HELP + READ_HELP,
  options: { ...RANGE_OPTIONS, ...AT_OPTIONS, ...READ_OPTIONS, reverse: { type: 'boolean', default: false }, limit: { type: 'string' } },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  async run (ctx) {
    const limit = integer(ctx, 'limit', 1)
    const reverse = ctx.values.reverse === true
    await readView(ctx, async (view) => {
      // A page at a time, each from where the last ended, all at one version.
      let range = rangeOption(ctx)
      for (let left = limit ?? Infinity; left > 0;) {
        const wanted = Math.min(left, LIST_PAGE_ENTRIES)
        const { entries: page, more } = await view.rangePage({ ...range, reverse, limit: wanted, maxBytes: LIST_PAGE_BYTES })
        for (const e of page) print(ctx, `${keyText(ctx, e.key)}\t${payloadText(e.value)}`, entryJson(ctx, e))
        if (!more) break
        left -= page.length
        const last = page.at(-1)!.key
        const { gt, gte, lt, lte } = range
        range = reverse ? { ...(gt === undefined ? {} : { gt }), ...(gte === undefined ? {} : { gte }), lt: last } : { gt: last, ...(lt === undefined ? {} : { lt }), ...(lte === undefined ? {} : { lte }) }
      }
    })
    return 0
  }
}

const kvCount: Command = {
  path: ['kv', 'count'],
  usage: 'kv count <capsule> [--prefix p | --gt/--gte/--lt/--lte k] [--version n | --at <time>] [--hex] [--node <addr>]',
  summary: 'count the keys of a key range',
  help: RANGE_HELP + AT_HELP + READ_HELP,
  options: { ...RANGE_OPTIONS, ...AT_OPTIONS, ...READ_OPTIONS },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  async run (ctx) {
    // A count prints no key: --hex can only be about keys given.
    if (ctx.values.hex === true && !['prefix', 'gt', 'gte', 'lt', 'lte'].some((o) => ctx.values[o] !== undefined)) throw new UsageError('--hex reads the keys of --prefix or the bounds in hex, and a count prints none: with no range given, leave it out')
    const range = rangeOption(ctx)
    const { count, version } = await readView(ctx, async (view) => ({ count: await view.count(range), version: view.version }))
    print(ctx, String(count), { count, version })
    return 0
  }
}

/** A page of `kv history` and `kv diff`: writes or keys, and bytes of values, read at once at most. */
const PAGE_ITEMS = 1000
const PAGE_BYTES = 16 * 1024 * 1024

const kvHistory: Command = {
  path: ['kv', 'history'],
  usage: 'kv history <capsule> <key> [--version n | --at <time>] [--hex] [--node <addr>]',
  summary: 'every write of a key, oldest first: seqno, time, and the value put (or "deleted")',
  // A history is never proven (docs/kv.md section 6.5): no --trust-server, which would skip nothing.
  options: { ...AT_OPTIONS, hex: READ_OPTIONS.hex },
  minArgs: 2,
  maxArgs: 2,
  remote: true,
  async run (ctx) {
    const key = argumentKey(ctx, ctx.positionals[1]!)
    noteUnproven(ctx, "a key's history")
    await readView(ctx, async (view) => {
      // A page at a time: a key written often with large values is never held whole.
      for (let fromSeqno = 0; ;) {
        const { writes, more } = await view.history(key, { fromSeqno, limit: PAGE_ITEMS, maxBytes: PAGE_BYTES })
        for (const h of writes) {
          const value = h.type === 'put' ? h.value : undefined
          print(ctx, `${h.seqno}\t${formatTime(h.timestampUs)}\t${value === undefined ? 'deleted' : payloadText(value)}`, { seqno: h.seqno, timestamp: formatTime(h.timestampUs), type: h.type, ...(value === undefined ? {} : valueJson(value)) })
        }
        if (!more) return
        fromSeqno = writes.at(-1)!.seqno + 1
      }
    })
    return 0
  }
}

const kvDiff: Command = {
  path: ['kv', 'diff'],
  usage: 'kv diff <capsule> <from version> [<to version>] [--prefix p | --gt/--gte/--lt/--lte k] [--hex] [--node <addr>]',
  summary: 'the keys whose entries differ between two versions (to: the latest): +key added, -key removed, ~key changed',
  // A diff is never proven (docs/kv.md section 6.5): no --trust-server, which would skip nothing.
  options: { ...RANGE_OPTIONS, hex: READ_OPTIONS.hex },
  minArgs: 2,
  maxArgs: 3,
  remote: true,
  async run (ctx) {
    const { from, to: toGiven } = diffVersions(ctx)
    const range = rangeOption(ctx)
    await withKv(ctx, false, async (kv) => {
      const to = toGiven ?? (await kv.view()).version
      // A page at a time: values are never held all at once.
      for (let rest = range; ;) {
        const { entries, more } = await kv.diff(from, to, rest, { limit: PAGE_ITEMS, maxBytes: PAGE_BYTES })
        for (const d of entries) {
          const mark = d.before === undefined ? '+' : d.after === undefined ? '-' : '~'
          print(ctx, `${mark}${keyText(ctx, d.key)}\t${d.after === undefined ? '' : payloadText(d.after.value)}`, { ...keyJson(ctx, d.key), before: d.before === undefined ? null : entryJson(ctx, d.before), after: d.after === undefined ? null : entryJson(ctx, d.after) })
        }
        if (!more || entries.length === 0) return
        rest = rangeAbove(range, entries.at(-1)!.key)
      }
    })
    return 0
  }
}

const kvWatch: Command = {
  path: ['kv', 'watch'],
  usage: 'kv watch <capsule> [--from <version>] [--prefix p | --gt/--gte/--lt/--lte k] [--count n] [--hex] [--node <addr>]',
  summary: 'print changes as they are appended (from the latest version, or --from): version<TAB>key<TAB>value or "deleted"; Ctrl-C stops, or --count n after n changes printed',
  options: { ...RANGE_OPTIONS, hex: READ_OPTIONS.hex, from: { type: 'string' }, count: { type: 'string' } },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  async run (ctx) {
    const fromGiven = integer(ctx, 'from')
    const range = rangeOption(ctx)
    await watchUntilStopped(ctx, async (signal, printed) => {
      await withKv(ctx, false, async (kv) => {
        const from = fromGiven ?? (await kv.view()).version
        for await (const change of kv.watch(from, { range, signal })) {
          for (const w of change.writes) {
            const value = w.entry?.value
            print(ctx, `${change.version}\t${keyText(ctx, w.key)}\t${value === undefined ? 'deleted' : payloadText(value)}`, { version: change.version, seqno: change.seqno, timestamp: formatTime(change.timestampUs), ...keyJson(ctx, w.key), ...(value === undefined ? { deleted: true } : valueJson(value)) })
            if (printed()) return
          }
        }
      })
    })
    return 0
  }
}

export const kvCommands: Command[] = [kvPut, kvGet, kvDel, kvBatch, kvList, kvCount, kvHistory, kvDiff, kvWatch]

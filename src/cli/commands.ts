import { createReadStream, createWriteStream, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import type { ParseArgsConfig } from 'node:util'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
import { decodeForkProof, decodeSignedHeartbeat, encodeForkProof, encodeInclusionProof, encodeSignedHeartbeat } from '../capsule/codec.js'
import { verifyForkProof } from '../capsule/fork.js'
import { verifyHeartbeat } from '../capsule/heartbeat.js'
import { rootFromInclusionProof } from '../capsule/merkle.js'
import { newMetadata, signMetadata, capsuleName } from '../capsule/metadata.js'
import { formatName, parseName } from '../capsule/name.js'
import type { CapsuleRecord, ForkProof, InclusionProof, SignedHeartbeat } from '../capsule/types.js'
import { CapsuleWriter } from '../capsule/writer.js'
import { Ed25519Signer } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { CapsuleNotFoundError, ForkDetectedError, InvalidArgumentError, InvalidProofError } from '../errors.js'
import { exportCapsule, importCapsule, verifyExport } from '../store/archive.js'
import { CapsuleStore } from '../store/capsule-store.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import { parsePublicKey, readKeyFile, writeKeyFile } from '../node/keyfile.js'
import { signAdCert } from '../routing/certificates.js'
import type { GdpClient, ReadSelector } from '../client/client.js'
import { formatTime, nowUs, parseTime, payloadText } from './format.js'
import { parseDurationMs } from '../node/duration.js'

export interface CommandContext {
  dataDir: string
  keyPath: string
  json: boolean
  /** A remote node to run against, instead of the local store. */
  node: string | undefined
  sync: boolean
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
  stdout: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream & { isTTY?: boolean }
}

export interface Command {
  path: string[]
  usage: string
  summary: string
  help?: string
  options: ParseArgsConfig['options']
  minArgs: number
  maxArgs: number
  /** Runs against a remote node with the global --node; commands without it refuse --node. */
  remote?: true
  run: (ctx: CommandContext) => Promise<number>
}

/** Appends are cut into batches of at most this many records / bytes, one heartbeat each. */
const APPEND_BATCH_RECORDS = 10_000
const APPEND_BATCH_BYTES = 64 * 1024 * 1024

/** Loads the overlay client (and libp2p) only for commands run with --node. */
async function withRemote<T> (address: string, fn: (client: GdpClient, peer: Uint8Array) => Promise<T>): Promise<T> {
  const remote = await import('./remote.js')
  return await remote.withRemote(address, fn)
}

/** Human text, or one JSON value per line with --json. */
export function print (ctx: CommandContext, human: string, json: unknown): void {
  ctx.stdout.write(ctx.json ? JSON.stringify(json) + '\n' : human + '\n')
}

async function withStore<T> (ctx: CommandContext, fn: (store: CapsuleStore) => Promise<T>): Promise<T> {
  const store = await CapsuleStore.open({ path: `${ctx.dataDir}/store`, sync: ctx.sync })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

/** A capsule by full name, or by a unique prefix of at least 6 characters of its text form. */
async function resolveCapsule (store: CapsuleStore, text: string): Promise<StoredCapsule> {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidArgumentError(`'${text}' is not a capsule name: a name is 43 base64url characters (A-Z a-z 0-9 - _) or 64 hex digits, and a prefix at least 6 of those`)
  if (text.length === 43 || text.length === 64) return await store.capsule(parseName(text))
  if (text.length < 6) throw new InvalidArgumentError(`'${text}' is too short to name a capsule (give at least 6 characters)`)
  const matches: Uint8Array[] = []
  for await (const name of store.names()) if (formatName(name).startsWith(text)) matches.push(name)
  if (matches.length === 0) throw new CapsuleNotFoundError(`no capsule in ${store.path} starts with '${text}'`)
  if (matches.length > 1) throw new InvalidArgumentError(`'${text}' matches ${matches.length} capsules; give more characters`)
  return await store.capsule(matches[0]!)
}

/**
 * --replicas and --write-quorum are signed into the metadata, but nothing
 * replicates yet: a value above 1 would promise what no server does, so it
 * is refused until replication exists. 0 means the default, which is 1.
 */
function unreplicated (ctx: CommandContext, option: string): number {
  const n = integer(ctx, option) ?? 0
  if (n > 1) throw new InvalidArgumentError(`--${option} ${n}: replication is not built yet, every capsule lives on one server; give 1 (or leave it out)`)
  return n
}

function integer (ctx: CommandContext, option: string, min = 0): number | undefined {
  const raw = ctx.values[option]
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`--${option} must be an integer >= ${min}, got '${String(raw)}'`)
  return n
}

async function readAll (stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks)
}

function heartbeatJson (hb: SignedHeartbeat | undefined): unknown {
  if (hb === undefined) return null
  return {
    size: hb.heartbeat.size,
    root: formatName(hb.heartbeat.root),
    lastRecordHash: hb.heartbeat.size === 0 ? null : formatName(hb.heartbeat.lastRecordHash),
    timestamp: formatTime(hb.heartbeat.timestampUs),
    signature: Buffer.from(hb.signature).toString('base64url')
  }
}

// ---- keys ----

const keysGenerate: Command = {
  path: ['keys', 'generate'],
  usage: 'keys generate [--force]',
  summary: 'create an Ed25519 key file (mode 0600)',
  options: { force: { type: 'boolean', default: false } },
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const pair = writeKeyFile(ctx.keyPath, ctx.values.force === true)
    const pub = Buffer.from(pair.publicKey).toString('base64url')
    print(ctx, `wrote ${ctx.keyPath}\npublic key ${pub}`, { file: ctx.keyPath, publicKey: pub })
    return 0
  }
}

const keysShow: Command = {
  path: ['keys', 'show'],
  usage: 'keys show',
  summary: 'print the public key of a key file',
  options: {},
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const pub = Buffer.from(readKeyFile(ctx.keyPath).publicKey).toString('base64url')
    print(ctx, pub, { file: ctx.keyPath, publicKey: pub })
    return 0
  }
}

// ---- capsules ----

const capsuleCreate: Command = {
  path: ['capsule', 'create'],
  usage: 'capsule create [--writer <pubkey>] [--expires <time|30d>] [--replicas n] [--write-quorum n] [--field k=v]... [--node <addr> [--server <name>] [--delegate 30d]]',
  summary: 'create a capsule owned by --key (the writer too, unless --writer), locally or on a server',
  help: '  --writer <pubkey>   writer public key (base64url or hex); default: the owner key\n  --expires <when>    ISO time, @unix-seconds, or a duration such as 90d or 12h\n  --field key=value   application metadata (repeatable)\n  --node <addr>       create it on a server through this node\n  --server <name>     the server\'s node name (default: the --node peer itself)\n  --delegate <time>   how long the AdCert letting the server advertise it lasts (default 30d)\n',
  options: { writer: { type: 'string' }, expires: { type: 'string' }, replicas: { type: 'string' }, 'write-quorum': { type: 'string' }, field: { type: 'string', multiple: true }, server: { type: 'string' }, delegate: { type: 'string' } },
  minArgs: 0,
  maxArgs: 0,
  remote: true,
  async run (ctx) {
    const owner = new Ed25519Signer(readKeyFile(ctx.keyPath).secretKey)
    const writer = typeof ctx.values.writer === 'string' ? parsePublicKey(ctx.values.writer) : owner.publicKey
    const now = nowUs()
    const expires = ctx.values.expires as string | undefined
    const appFields = ((ctx.values.field as string[] | undefined) ?? []).map((f) => {
      const eq = f.indexOf('=')
      if (eq <= 0) throw new InvalidArgumentError(`--field must be key=value, got '${f}'`)
      return { key: f.slice(0, eq), value: new Uint8Array(Buffer.from(f.slice(eq + 1))) }
    })
    const metadata = newMetadata({
      owner: owner.publicKey,
      writer,
      createdAtUs: now,
      expiresAtUs: expires === undefined ? 0 : /^\d+(ms|s|m|h|d|w)$/.test(expires) ? now + parseDurationMs(expires, '--expires') * 1000 : parseTime(expires),
      replication: { replicas: unreplicated(ctx, 'replicas'), writeQuorum: unreplicated(ctx, 'write-quorum') },
      appFields,
      nonce: new Uint8Array(randomBytes(16))
    })
    const signed = signMetadata(metadata, owner)
    const name = capsuleName(metadata)
    if (ctx.node === undefined) {
      await withStore(ctx, async (store) => await store.create(signed))
      print(ctx, formatName(name), { name: formatName(name) })
      return 0
    }
    const server = await withRemote(ctx.node, async (client, peer) => {
      const target = typeof ctx.values.server === 'string' ? parseName(ctx.values.server) : peer
      const adCert = signAdCert({ capsule: name, server: target, notBeforeUs: now, notAfterUs: now + parseDurationMs(typeof ctx.values.delegate === 'string' ? ctx.values.delegate : '30d', '--delegate') * 1000 }, owner)
      await client.create(signed, target, adCert)
      return target
    })
    print(ctx, formatName(name), { name: formatName(name), server: formatName(server) })
    return 0
  }
}

const capsuleList: Command = {
  path: ['capsule', 'list'],
  usage: 'capsule list',
  summary: 'list the capsules in the store',
  options: {},
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    await withStore(ctx, async (store) => {
      for await (const name of store.names()) {
        const capsule = await store.capsule(name)
        print(ctx, `${formatName(name)}  ${capsule.size} records`, { name: formatName(name), size: capsule.size })
      }
    })
    return 0
  }
}

const info: Command = {
  path: ['info'],
  usage: 'info <capsule>',
  summary: 'metadata, size and latest heartbeat of a capsule',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  async run (ctx) {
    if (ctx.node !== undefined) {
      const name = parseName(ctx.positionals[0]!)
      const remote = await withRemote(ctx.node, async (client) => await client.info(name))
      print(ctx, `name      ${formatName(name)}\nrecords   ${remote.size}${remote.head === undefined ? '' : `\nroot      ${formatName(remote.head.heartbeat.root)}\nheartbeat ${formatTime(remote.head.heartbeat.timestampUs)}`}`,
        { name: formatName(name), size: remote.size, head: heartbeatJson(remote.head), verified: true })
      return 0
    }
    await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      const m = c.metadata
      const json = {
        name: formatName(c.name),
        owner: Buffer.from(m.owner.key).toString('base64url'),
        writer: Buffer.from(m.writer.key).toString('base64url'),
        created: formatTime(m.createdAtUs),
        expires: m.expiresAtUs === 0 ? null : formatTime(m.expiresAtUs),
        replication: m.replication,
        fields: Object.fromEntries(m.appFields.map((f) => [f.key, Buffer.from(f.value).toString()])),
        size: c.size,
        head: heartbeatJson(c.head)
      }
      const human = [
        `name      ${json.name}`,
        `owner     ${json.owner}`,
        `writer    ${json.writer}`,
        `created   ${json.created}`,
        `expires   ${json.expires ?? 'never'}`,
        `replicas  ${m.replication.replicas || 'default'} (write quorum ${m.replication.writeQuorum || 'default'})`,
        ...m.appFields.map((f) => `field     ${f.key}=${Buffer.from(f.value).toString()}`),
        `records   ${c.size}`,
        ...(c.head === undefined ? [] : [`root      ${formatName(c.head.heartbeat.root)}`, `heartbeat ${formatTime(c.head.heartbeat.timestampUs)}`])
      ].join('\n')
      print(ctx, human, json)
    })
    return 0
  }
}

// ---- records ----

const append: Command = {
  path: ['append'],
  usage: 'append <capsule> [payload...] [--file f] [--lines]',
  summary: 'append records: each argument, or a file, or stdin',
  help: '  with no payload arguments and no --file, reads stdin\n  --lines   one record per line of the file or stdin\n',
  options: { file: { type: 'string' }, lines: { type: 'boolean', default: false } },
  minArgs: 1,
  maxArgs: Infinity,
  remote: true,
  async run (ctx) {
    const [target, ...args] = ctx.positionals
    let payloads: Uint8Array[]
    if (args.length > 0) {
      if (ctx.values.file !== undefined) throw new InvalidArgumentError('give payload arguments or --file, not both')
      payloads = args.map((a) => new Uint8Array(Buffer.from(a)))
    } else {
      let input: Buffer
      if (typeof ctx.values.file === 'string') {
        input = readFileSync(requireFile(ctx.values.file))
      } else {
        if (ctx.stdin.isTTY === true) throw new InvalidArgumentError('nothing to append: give payload arguments, --file, or pipe data to stdin')
        input = await readAll(ctx.stdin)
      }
      payloads = ctx.values.lines === true ? splitLines(input) : [input]
    }
    if (payloads.length === 0) throw new InvalidArgumentError('nothing to append: the input has no lines')
    const signer = new Ed25519Signer(readKeyFile(ctx.keyPath).secretKey)
    if (ctx.node !== undefined) {
      const name = parseName(target!)
      const head = await withRemote(ctx.node, async (client) => {
        const writer = await client.writer(name, signer)
        let ack
        for (const group of batches(payloads)) ack = await client.append(writer, group, nowUs())
        return ack!.heartbeat
      })
      const first = head.heartbeat.size - payloads.length
      print(ctx, `appended ${payloads.length} record${payloads.length === 1 ? '' : 's'} (${first}..${head.heartbeat.size - 1}) to ${formatName(name)}, acknowledged by the server`,
        { capsule: formatName(name), first, count: payloads.length, heartbeat: heartbeatJson(head) })
      return 0
    }
    const result = await withStore(ctx, async (store) => {
      const capsule = await resolveCapsule(store, target!)
      const writer = new CapsuleWriter(capsule.name, capsule.metadata, signer, capsule.writerState)
      let head: SignedHeartbeat | undefined
      for (const group of batches(payloads)) head = await capsule.append(writer.append(group, nowUs()))
      return { capsule, head: head!, first: head!.heartbeat.size - payloads.length }
    })
    const size = result.head.heartbeat.size
    print(ctx, `appended ${payloads.length} record${payloads.length === 1 ? '' : 's'} (${result.first}..${size - 1}) to ${formatName(result.capsule.name)}`,
      { capsule: formatName(result.capsule.name), first: result.first, count: payloads.length, heartbeat: heartbeatJson(result.head) })
    return 0
  }
}

function splitLines (input: Buffer): Uint8Array[] {
  const lines: Uint8Array[] = []
  let start = 0
  for (let i = 0; i < input.length; i++) {
    if (input[i] === 0x0a) { lines.push(input.subarray(start, i)); start = i + 1 }
  }
  if (start < input.length) lines.push(input.subarray(start))
  return lines
}

function * batches (payloads: Uint8Array[]): Generator<Uint8Array[]> {
  let group: Uint8Array[] = []
  let bytes = 0
  for (const p of payloads) {
    if (group.length > 0 && (group.length >= APPEND_BATCH_RECORDS || bytes + p.length > APPEND_BATCH_BYTES)) { yield group; group = []; bytes = 0 }
    group.push(p)
    bytes += p.length
  }
  if (group.length > 0) yield group
}

const read: Command = {
  path: ['read'],
  usage: 'read <capsule> [--seq n | --from a [--to b] | --last n | --at time | --hash h] [--proof] [--raw]',
  summary: 'read records (default: all), verified; --proof adds inclusion proofs',
  help: '  --seq n        one record (0-based)\n  --from a --to b  records a..b-1\n  --last n       the last n records\n  --at time      the first record at or after a time (ISO or @unix-seconds)\n  --hash h       the record with this hash (as printed by --json)\n  --proof        prove each record against the latest heartbeat\n  --raw          write payload bytes only\n',
  options: { seq: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, last: { type: 'string' }, at: { type: 'string' }, hash: { type: 'string' }, proof: { type: 'boolean', default: false }, raw: { type: 'boolean', default: false } },
  minArgs: 1,
  maxArgs: 1,
  remote: true,
  async run (ctx) {
    const selectors = ['seq', 'from', 'last', 'at', 'hash'].filter((o) => ctx.values[o] !== undefined)
    if (selectors.length > 1) throw new InvalidArgumentError(`give only one of --${selectors.join(', --')}`)
    if (ctx.values.to !== undefined && ctx.values.from === undefined) throw new InvalidArgumentError('--to needs --from')
    const [from, to] = [integer(ctx, 'from'), integer(ctx, 'to')]
    if (from !== undefined && to !== undefined && to <= from) throw new InvalidArgumentError(`--to ${to} must be greater than --from ${from}: records from..to-1 are read`)
    if (ctx.node !== undefined) {
      const name = parseName(ctx.positionals[0]!)
      const records = await withRemote(ctx.node, async (client) => {
        const info = await client.info(name)
        const selector: ReadSelector = integer(ctx, 'seq') !== undefined
          ? { seqno: integer(ctx, 'seq')! }
          : ctx.values.from !== undefined
            ? { range: { from: integer(ctx, 'from')!, to: integer(ctx, 'to', 0) ?? info.size } }
            : ctx.values.last !== undefined
              ? { last: integer(ctx, 'last', 1)! }
              : typeof ctx.values.at === 'string'
                ? { atUs: parseTime(ctx.values.at) }
                : typeof ctx.values.hash === 'string' ? { hash: parseName(ctx.values.hash) } : { range: { from: 0, to: info.size } }
        return await client.read(name, selector, info.metadata)
      })
      for (const record of records) {
        if (ctx.values.raw === true) ctx.stdout.write(record.payload)
        else print(ctx, recordLine(record, undefined), { ...recordJson(record, undefined, undefined) as object, verified: true })
      }
      return 0
    }
    await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      let from = 0
      let to = c.size
      const seq = integer(ctx, 'seq')
      if (seq !== undefined) {
        if (seq >= c.size) throw new InvalidArgumentError(`capsule ${formatName(c.name)} has ${c.size} records; there is no record ${seq}`)
        from = seq; to = seq + 1
      } else if (ctx.values.from !== undefined) {
        from = integer(ctx, 'from')!; to = Math.min(integer(ctx, 'to', 0) ?? c.size, c.size)
      } else if (ctx.values.last !== undefined) {
        from = Math.max(0, c.size - integer(ctx, 'last', 1)!)
      } else if (typeof ctx.values.at === 'string') {
        const found = c.findByTimestamp(parseTime(ctx.values.at))
        if (found === undefined) throw new InvalidArgumentError(`capsule ${formatName(c.name)} has no record at or after ${ctx.values.at}`)
        from = found; to = found + 1
      } else if (typeof ctx.values.hash === 'string') {
        const found = await c.findByHash(parseName(ctx.values.hash))
        if (found === undefined) throw new CapsuleNotFoundError(`capsule ${formatName(c.name)} has no record with hash ${ctx.values.hash}`)
        from = found.header.seqno; to = from + 1
      }
      const head = c.head
      const withProof = ctx.values.proof === true
      for await (const record of c.readRange(from, to)) {
        let proof: InclusionProof | undefined
        if (withProof) {
          proof = await c.inclusionProof(record.header.seqno, head!.heartbeat.size)
          checkProof(c, record, proof, head!)
        }
        if (ctx.values.raw === true) { ctx.stdout.write(record.payload); continue }
        print(ctx, recordLine(record, proof), recordJson(record, proof, head))
      }
    })
    return 0
  }
}

/** The CLI is a reader too: it checks what it prints. */
function checkProof (c: StoredCapsule, record: CapsuleRecord, proof: InclusionProof, head: SignedHeartbeat): void {
  verifyHeartbeat(head, c.name, c.metadata)
  if (!equalBytes(rootFromInclusionProof(proof.index, proof.treeSize, record.hash, proof.path), head.heartbeat.root)) {
    throw new InvalidProofError(`record ${record.header.seqno} of ${formatName(c.name)} does not verify against the latest heartbeat`)
  }
}

function recordLine (r: CapsuleRecord, proof: InclusionProof | undefined): string {
  const line = `${r.header.seqno}\t${formatTime(r.header.timestampUs)}\t${payloadText(r.payload)}`
  return proof === undefined ? line : `${line}\n\tproof: ${proof.path.length} hashes to the heartbeat at size ${proof.treeSize}, verified`
}

function recordJson (r: CapsuleRecord, proof: InclusionProof | undefined, head: SignedHeartbeat | undefined): unknown {
  const text = Buffer.from(r.payload).toString('utf8')
  return {
    seqno: r.header.seqno,
    timestamp: formatTime(r.header.timestampUs),
    timestampUs: r.header.timestampUs,
    hash: formatName(r.hash),
    payload: Buffer.from(text, 'utf8').equals(Buffer.from(r.payload)) ? text : null,
    payloadBase64: Buffer.from(r.payload).toString('base64'),
    ...(proof === undefined
      ? {}
      : { proof: { inclusion: Buffer.from(encodeInclusionProof(proof)).toString('base64'), heartbeat: Buffer.from(encodeSignedHeartbeat(head!)).toString('base64') } })
  }
}

// ---- verification, export, import ----

const verify: Command = {
  path: ['verify'],
  usage: 'verify <capsule> | verify --file <export>',
  summary: 'check every record, chain link, heartbeat and tree node',
  options: { file: { type: 'string' } },
  minArgs: 0,
  maxArgs: 1,
  async run (ctx) {
    if (typeof ctx.values.file === 'string') {
      if (ctx.positionals.length > 0) throw new InvalidArgumentError('give a capsule or --file, not both')
      const file = ctx.values.file
      const summary = await verifyExport(fileChunks(file))
      print(ctx, `${file}: capsule ${formatName(summary.name)}, ${summary.records} records, ${summary.heartbeats} heartbeats: valid`,
        { file, name: formatName(summary.name), records: summary.records, heartbeats: summary.heartbeats, valid: true })
      return 0
    }
    if (ctx.positionals.length !== 1) throw new InvalidArgumentError('give a capsule name or --file <export>')
    await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      const report = await c.verifyAll()
      print(ctx, `capsule ${formatName(c.name)}: ${report.records} records, ${report.heartbeats} heartbeats, ${report.tiles} tree tiles: valid`, { name: formatName(c.name), ...report, valid: true })
    })
    return 0
  }
}

function requireFile (path: string): string {
  if (!existsSync(path)) throw new InvalidArgumentError(`no file ${path}`)
  return path
}

function fileChunks (path: string): AsyncIterable<Uint8Array> {
  return createReadStream(requireFile(path), { highWaterMark: 1 << 20 })
}

const exportCommand: Command = {
  path: ['export'],
  usage: 'export <capsule> --out <file|->',
  summary: 'write a self-verifying export file (metadata, records, heartbeats)',
  options: { out: { type: 'string' } },
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    const out = ctx.values.out
    if (typeof out !== 'string') throw new InvalidArgumentError('--out <file> is required (- for stdout)')
    await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      if (out === '-') { await pipeline(Readable.from(exportCapsule(c)), ctx.stdout); return }
      // Write beside the target and rename, so a failed export leaves no partial file.
      const partial = `${out}.partial`
      try {
        await pipeline(Readable.from(exportCapsule(c)), createWriteStream(partial))
        renameSync(partial, out)
      } catch (err) {
        rmSync(partial, { force: true })
        throw err
      }
      print(ctx, `exported ${c.size} records of ${formatName(c.name)} to ${out}`, { name: formatName(c.name), records: c.size, file: out })
    })
    return 0
  }
}

const importCommand: Command = {
  path: ['import'],
  usage: 'import <file>',
  summary: 'verify an export file completely, then add it to the store',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    const file = requireFile(ctx.positionals[0]!)
    const summary = await withStore(ctx, async (store) => {
      try {
        return await importCapsule(store, () => fileChunks(file))
      } catch (err) {
        if (err instanceof ForkDetectedError) {
          const proofFile = `${file}.fork-proof`
          writeFileSync(proofFile, encodeForkProof(err.proof as ForkProof))
          err.message += `; fork proof written to ${proofFile} (check it with 'gdp fork-check ${proofFile}')`
        }
        throw err
      }
    })
    print(ctx, `imported capsule ${formatName(summary.name)}: ${summary.records} records (${summary.added} new), ${summary.heartbeats} heartbeats`,
      { name: formatName(summary.name), records: summary.records, added: summary.added, heartbeats: summary.heartbeats })
    return 0
  }
}

const forkCheck: Command = {
  path: ['fork-check'],
  usage: 'fork-check <fork-proof-file>',
  summary: 'check a fork proof: two writer-signed heartbeats that contradict',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    const file = requireFile(ctx.positionals[0]!)
    const fork = verifyForkProof(decodeForkProof(readFileSync(file)))
    print(ctx, `valid fork proof: capsule ${formatName(fork.capsule)} forked (${fork.kind}) at record ${fork.position}`, { capsule: formatName(fork.capsule), kind: fork.kind, position: fork.position, valid: true })
    return 0
  }
}

const heartbeatCheck: Command = {
  path: ['heartbeat-check'],
  usage: 'heartbeat-check <capsule> <base64-heartbeat>',
  summary: 'check a signed heartbeat against a stored capsule',
  options: {},
  minArgs: 2,
  maxArgs: 2,
  async run (ctx) {
    return await withStore(ctx, async (store) => {
      const c = await resolveCapsule(store, ctx.positionals[0]!)
      const hb = decodeSignedHeartbeat(Buffer.from(ctx.positionals[1]!, 'base64'))
      verifyHeartbeat(hb, c.name, c.metadata)
      const consistent = hb.heartbeat.size <= c.size && equalBytes(await c.rootAt(hb.heartbeat.size), hb.heartbeat.root)
      print(ctx, `heartbeat at size ${hb.heartbeat.size}: signature valid, ${consistent ? 'matches the stored capsule' : 'does NOT match the stored capsule'}`, { size: hb.heartbeat.size, signatureValid: true, matchesStore: consistent })
      return consistent ? 0 : 1
    })
  }
}

const status: Command = {
  path: ['status'],
  usage: 'status',
  summary: 'the local store and key at a glance',
  options: {},
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const key = existsSync(ctx.keyPath) ? Buffer.from(readKeyFile(ctx.keyPath).publicKey).toString('base64url') : null
    const capsules = await withStore(ctx, async (store) => {
      const out: Array<{ name: string, size: number }> = []
      for await (const name of store.names()) out.push({ name: formatName(name), size: (await store.capsule(name)).size })
      return out
    })
    const human = [
      `store   ${ctx.dataDir}/store (${capsules.length} capsule${capsules.length === 1 ? '' : 's'}, ${capsules.reduce((n, c) => n + c.size, 0)} records)`,
      `key     ${key ?? `none at ${ctx.keyPath}: run 'gdp keys generate'`}`,
      ...capsules.map((c) => `capsule ${c.name}  ${c.size} records`)
    ].join('\n')
    print(ctx, human, { store: `${ctx.dataDir}/store`, key, capsules })
    return 0
  }
}

export const commands: Command[] = [
  status, keysGenerate, keysShow, capsuleCreate, capsuleList, info, append, read, verify, exportCommand, importCommand, forkCheck, heartbeatCheck
]

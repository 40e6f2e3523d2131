/**
 * What every `gdp` command is made of: its declaration, the context it runs
 * in, and the helpers they share (printing, opening the store, reaching a
 * remote node, naming a capsule, reading options).
 */
import { createReadStream, existsSync, fstatSync, lstatSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { once } from 'node:events'
import { dirname, join, resolve } from 'node:path'
import type { ParseArgsConfig } from 'node:util'
import { formatName, parseName } from '../capsule/name.js'
import { compareBytes } from '../crypto/bytes.js'
import type { SignedHeartbeat } from '../capsule/types.js'
import { CapsuleNotFoundError, InvalidArgumentError, isCapsuleFault, StoreInUseError, StoreOpenError, VersionNotHeldError } from '../errors.js'
import { CONTROL_SOCKET } from '../node/control.js'
import type { CapsuleStore } from '../store/capsule-store.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import type { GdpClient } from '../client/client.js'
import type { KvAt } from '../kv/model.js'
import type { RemoteKvInit } from '../kv/remote.js'
import type { Signer } from '../capsule/metadata.js'
import { commandLineJournal } from '../node/writer-journal.js'
import { parseTime, terminalJson } from './format.js'
import { escapeControls } from '../peer-text.js'
import { parseDurationMs } from '../node/duration.js'
import { formatTime } from '../capsule/time.js'
import { UsageError } from './usage-error.js'

export interface CommandContext {
  dataDir: string
  keyPath: string
  json: boolean
  /** A remote node to run against, instead of the local store. */
  node: string | undefined
  /** How long to wait for the node's link and each of its answers (--request-timeout), or undefined for the defaults. */
  requestTimeoutMs?: number
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
  /** Older one-word forms that still work (`gdp append` for `gdp capsule append`). */
  aliases?: string[][]
  /** Runs against a remote node with the global --node; commands without it refuse --node. */
  remote?: true
  /** Shows a node's view, from its admin API (--node) or the node running on --data: --request-timeout applies without --node too. */
  viewsNode?: true
  /** Asks the node running on --data, through its control socket: --node is refused saying to give --data. */
  asksRunningNode?: true
  /** Writes the local store, so the global --sync applies; commands without it refuse --sync (it did nothing there). */
  writesStore?: true
  /**
   * Reads the user's key (the global --key, or <data>/keys/default.key);
   * commands without it refuse --key (`capsule read --key k` did nothing
   * with it), and reading ctx.keyPath there is a bug of the command.
   */
  usesKey?: true
  run: (ctx: CommandContext) => Promise<number>
}

/** Runs `fn` against the node of --node, waiting as --request-timeout says; loads the overlay client (and libp2p) only for commands run so. */
export async function withRemote<T> (ctx: CommandContext, fn: (client: GdpClient, peer: Uint8Array) => Promise<T>): Promise<T> {
  if (ctx.node === undefined) throw new Error('withRemote without --node: the command should have run on the local store')
  const remote = await import('./remote.js')
  return await remote.withRemote(ctx.node, fn, ctx.requestTimeoutMs)
}

/**
 * Runs a write against the remote node of --node. An error after which the
 * write may still take effect (it went out and its fate is unknown:
 * mayBeStored) says so, and what to do: `gdp capsule append` said only
 * QUORUM_NOT_REACHED, and a reader then found the record there.
 * `what` names the write once the error is known (what of it was
 * acknowledged by then), or is undefined when it had not gone out (an
 * error of the reads before it); `then` says how it would take effect and
 * what to do, by default for records the key's writer journal keeps. An
 * error of records signed before, sent again first (resentBeforeSigning),
 * says that the write was not sent, and that those records may take effect
 * where they may be stored. (It said the append may still take effect and
 * the next write would send it first; the next write, sent, took its place.)
 */
export async function remoteWrite<T> (ctx: CommandContext, what: () => string | undefined, fn: (client: GdpClient, peer: Uint8Array) => Promise<T>,
  then = `a replica may hold it and pass it on to the others, and if none does, the next write to the capsule with this key sends it first (its journal, ${ctx.keyPath}.journal): read before writing it again`): Promise<T> {
  try {
    return await withRemote(ctx, fn)
  } catch (err) {
    const { mayBeStored, resentBeforeSigning } = await import('../client/client.js')
    const resent = resentBeforeSigning(err)
    // Whatever became of the records sent again (a replica that refused them at once stored nothing), this write was not sent.
    if (resent !== undefined) {
      (err as Error).message += `; ${what() ?? 'the write'} was not signed or sent (run it again)` + (mayBeStored(err)
        ? `, and records ${resent.from}..${resent.to - 1} may still take effect: a replica may hold them and pass them on to the others, and if none does, the next write to the capsule with this key sends them first again`
        : '')
      throw err
    }
    const write = mayBeStored(err) ? what() : undefined
    if (write !== undefined) (err as Error).message += `; ${write} may still take effect: ${then}`
    throw err
  }
}

/**
 * With --node, says on stderr that what `what` prints is the server's word
 * (a history or a diff is never proven: docs/kv.md section 6.5); it printed
 * exactly as the proven reads do.
 */
export function noteUnproven (ctx: CommandContext, what: string): void {
  if (ctx.node !== undefined) process.stderr.write(`gdp: ${what} read through a node is not proven: it is the server's word (docs/kv.md section 6.5)\n`)
}

/** Human text, or one JSON value per line with --json. */
export function print (ctx: CommandContext, human: string, json: unknown): void {
  ctx.stdout.write(ctx.json ? terminalJson(json) + '\n' : escapeControls(human) + '\n')
}

/** The store folder of the data folder --data names. */
export const storePath = (ctx: CommandContext): string => `${ctx.dataDir}/store`

let repairHintSaid = false

/**
 * Says on stderr, once a command, the way out of damage to the store in
 * `dataDir`, naming that folder: the store's own words name no command,
 * which said bare ran on ./data under 'gdp node start --config' with the
 * data elsewhere.
 */
export function sayStoreRepair (dataDir: string): void {
  if (repairHintSaid) return
  repairHintSaid = true
  process.stderr.write(`gdp: the store in ${dataDir} is damaged: with no node running on it, 'gdp --data ${dataDir} store repair' keeps every row LevelDB can read and lists what was lost; ` +
    `a running server mends a capsule from its replicas ('gdp --data ${dataDir} capsule repair <capsule>')\n`)
}

/** After a listing of the local store: the way out of the damage its capsules were listed with (a store gone backwards names its own). */
export function sayStoreRepairFor (ctx: CommandContext, capsules: ListedCapsule[]): void {
  if (capsules.some((c) => c.size === null && c.error.name === 'StoreCorruptionError')) sayStoreRepair(ctx.dataDir)
}

/**
 * Runs `fn` on the local store. Only the commands that add capsules
 * (`capsule create`, `capsule import`: `create`) make a store where there is
 * none: for the others a missing one is an error, so a mistyped --data is not
 * taken for an empty store (and one left behind there).
 */
export async function withStore<T> (ctx: CommandContext, fn: (store: CapsuleStore) => Promise<T>, { create = false }: { create?: boolean } = {}): Promise<T> {
  if (!create) requireStore(ctx)
  const made = outermostMissing(storePath(ctx))
  // Loaded here, by the commands on the local store: a command through a node loaded LevelDB for nothing.
  const { CapsuleStore } = await import('../store/capsule-store.js')
  const store = await CapsuleStore.open({ path: storePath(ctx), sync: ctx.sync }).catch((err: unknown) => { throw nodeRunsThere(ctx, err) })
  // Said here or nowhere: the store dealt with it as it opened, so the next open (a node's status) finds nothing.
  for (const damage of store.damageAtOpen) process.stderr.write(`gdp: warning: the store found damage as it opened, and dealt with it: ${escapeControls(damage)}\n`)
  // Met as it opened, not dealt with: the capsules with rows in the block are refused when read.
  for (const damage of store.damagedBlocks) process.stderr.write(`gdp: warning: the store is damaged: ${escapeControls(damage)}\n`)
  if (store.damagedBlocks.length > 0) sayStoreRepair(ctx.dataDir)
  try {
    return await fn(store)
  } catch (err) {
    // A store this command made for what then failed holds nothing: it goes too, with the --data folder if the command
    // made that (a failed import left an empty one, which later commands took for a store).
    if (made !== undefined) {
      await store.close()
      rmSync(made, { recursive: true, force: true })
    }
    throw localVersionError(err)
  } finally {
    await store.close()
  }
}

/** The store locked by a node running on --data (its control socket is there): said so, and how to reach the node. */
function nodeRunsThere (ctx: CommandContext, err: unknown): unknown {
  if (!(err instanceof StoreInUseError) || !existsSync(join(ctx.dataDir, CONTROL_SOCKET))) return err
  return new StoreInUseError(`${err.message}: a node runs on ${ctx.dataDir} (gdp status --data ${ctx.dataDir} shows it); its capsules are read and written through it (--node <its overlay address>), or stop it first`, { cause: err })
}

/**
 * A version past a capsule's latest, as the local store says it: the
 * server's words ("this node holds none later ...; if another replica
 * answered with a later one, this one has not caught up yet") sent a user of
 * the local store, which holds every version there is, to ask again or
 * through another replica.
 */
function localVersionError (err: unknown): unknown {
  const past = err instanceof VersionNotHeldError ? /^version (\d+) is not in \[0, (\d+)\]/.exec(err.message) : null
  if (past === null) return err
  return new VersionNotHeldError(`version ${past[1]!} is past the capsule's latest, ${past[2]!}: the local store holds every version there is`, { cause: err })
}

/** StoreOpenError when --data holds no store (not for a store that is there but damaged: opening it says what is wrong). */
export function requireStore (ctx: CommandContext): void {
  if (isMissing(storePath(ctx))) throw new StoreOpenError(`no store at ${storePath(ctx)} (is --data right? 'gdp capsule create' or 'gdp capsule import' makes one)`)
}

/** The outermost folder that making `path` makes (`path` or a parent of it), or undefined where `path` is there. */
function outermostMissing (path: string): string | undefined {
  if (!isMissing(path)) return undefined
  let top = resolve(path)
  while (dirname(top) !== top && isMissing(dirname(top))) top = dirname(top)
  return top
}

/** Whether nothing is at `path`. Not for a path this user may not look at: opening the store names that problem (existsSync would say missing). */
export function isMissing (path: string): boolean {
  try {
    statSync(path)
    return false
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    // (A name longer than the file system allows names nothing there.)
    return code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG'
  }
}

/** A capsule of the store as a listing shows it: its size, or the damage that keeps the store from serving it. */
export type ListedCapsule = { name: string, size: number } | { name: string, size: null, error: { name: string, message: string } }

/**
 * Every capsule of the store, in name order. One the store finds damaged is
 * listed all the same, marked with the error: one bad capsule does not hide
 * the others. Last come those the store acknowledged whose metadata row is
 * gone or unreadable, which the scan of the rows does not find: found from
 * the evidence file, as a server starting finds them (before, `capsule
 * list` and `status` left them out, exit 0, a store that looked emptier
 * than it was).
 */
export async function * listCapsules (store: CapsuleStore): AsyncGenerator<ListedCapsule> {
  const listed = new Set<string>()
  for await (const name of store.names()) {
    const entry = await listedCapsule(store, name)
    listed.add(entry.name)
    yield entry
  }
  const lost = await store.lostMetadata((name) => listed.has(formatName(name)))
  for (const { name } of lost.sort((a, b) => compareBytes(a.name, b.name))) yield await listedCapsule(store, name)
}

async function listedCapsule (store: CapsuleStore, name: Uint8Array): Promise<ListedCapsule> {
  try {
    return { name: formatName(name), size: (await store.capsule(name)).size }
  } catch (err) {
    if (!isCapsuleFault(err)) throw err
    return { name: formatName(name), size: null, error: { name: err.name, message: err.message } }
  }
}

/** How a listing marks a capsule it cannot open: its files unreadable to this user is not damage. */
export const faultLabel = (error: { name: string }): string => error.name === 'StoreAccessError' ? 'UNREADABLE' : 'DAMAGED'

export const capsuleLine = (c: ListedCapsule): string => c.size === null ? `${c.name}  ${faultLabel(c.error)}: ${c.error.name}: ${c.error.message}` : `${c.name}  ${c.size} records`

/**
 * A capsule named in full, as a command through a node (or to the running
 * node) takes it: a prefix (`gdp capsule info tq3d5Y`) is resolved on the
 * local store only, and through --node it was refused as "not a capsule
 * name", as if it were malformed.
 */
export function fullCapsuleName (text: string): Uint8Array {
  if (/^[A-Za-z0-9_-]{6,42}$/.test(text.trim())) throw new UsageError(`'${text}' is a prefix of a capsule name, and only the local store resolves a prefix: give the capsule's whole name (43 characters, as gdp prints it)`)
  return nameArgument(text)
}

/**
 * A capsule's or node's name given as an argument: one not of its kind is a
 * usage error, as the same name given to an option (routes --capsule,
 * --server) and a version argument are (it exited 1, as a failed operation).
 */
export function nameArgument (text: string, what?: string): Uint8Array {
  return optionValue(() => parseName(text, what))
}

/**
 * A capsule by full name, or by a unique prefix of at least 6 characters of
 * its text form. Text that names no capsule is a usage error; a prefix that
 * no capsule, or several, of this store start with is the store's answer.
 */
export async function resolveCapsule (store: CapsuleStore, text: string): Promise<StoredCapsule> {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new UsageError(`'${text}' is not a capsule name: a name is 43 base64url characters (A-Z a-z 0-9 - _) or 64 hex digits, and a prefix at least 6 of those`)
  if (text.length === 43 || text.length === 64) return await store.capsule(nameArgument(text))
  if (text.length < 6) throw new UsageError(`'${text}' is too short to name a capsule (give at least 6 characters)`)
  const matches: Uint8Array[] = []
  for await (const name of store.names()) if (formatName(name).startsWith(text)) matches.push(name)
  if (matches.length === 0) throw new CapsuleNotFoundError(`no capsule in ${store.path} starts with '${text}'`)
  if (matches.length > 1) throw new InvalidArgumentError(`'${text}' matches ${matches.length} capsules; give more characters`)
  return await store.capsule(matches[0]!)
}
/**
 * --trust-server (skip the proofs of a node's answers) and --latest (read
 * where a read quorum's longest head is) are for reads through --node: on
 * the local store there is no server, and they are refused rather than
 * ignored.
 */
export function refuseRemoteReadOptions (ctx: CommandContext): void {
  for (const option of ['trust-server', 'latest']) {
    if (ctx.values[option] === true) throw new UsageError(`--${option} is for reads through --node; the local store is read directly`)
  }
}

/**
 * How a key-value or file command opens its capsule through --node: as its
 * writer with `signer` (and the command line's journal of that key),
 * proven unless --trust-server or `unproven` (a read no proof covers), and
 * with --latest at the replica holding the longest head of a read quorum.
 */
export function remoteKvInit (ctx: CommandContext, signer: Signer | undefined, unproven = false): RemoteKvInit {
  return {
    ...(signer === undefined ? {} : { signer, journal: commandLineJournal(ctx.keyPath, ctx.dataDir, signer.publicKey) }),
    verify: !unproven && ctx.values['trust-server'] !== true,
    latest: ctx.values.latest === true
  }
}

/** Decimal digits only: Number() would also take '', ' 2', '1e3' and '0x2', and read '' as 0. */
function wholeNumber (text: string, min: number): number | undefined {
  const n = /^\d+$/.test(text) ? Number(text) : NaN
  return Number.isSafeInteger(n) && n >= min ? n : undefined
}

/** The usage error for `text`, which wholeNumber did not take: one past 2^53 - 1 was told it must be >= min, which it is. */
function notWholeNumber (what: string, text: string, min: number): UsageError {
  const range = /^\d+$/.test(text) && !Number.isSafeInteger(Number(text)) ? `from ${min} to ${Number.MAX_SAFE_INTEGER}` : `>= ${min}`
  return new UsageError(`${what} must be an integer ${range}, got '${text}'`)
}

/** A version given as an argument: an integer >= 0. */
export function versionArgument (text: string, what: string): number {
  return wholeNumberOf(text, `the ${what} version`, 0)
}

/** `text` as an integer from `min` to 2^53 - 1; else a usage error naming `what`. */
export function wholeNumberOf (text: string, what: string, min: number): number {
  const n = wholeNumber(text, min)
  if (n === undefined) throw notWholeNumber(what, text, min)
  return n
}

/**
 * An option's value, read by `parse`: a value not of its kind (a time,
 * a duration) is a usage error, exit 2, as for every other option, where
 * the parser's InvalidArgumentError would exit 1 like a failed operation.
 * `option` (`--mode`) begins the message, for a parser whose words name none.
 */
export function optionValue<T> (parse: () => T, option?: string): T {
  try {
    return parse()
  } catch (err) {
    if (err instanceof InvalidArgumentError && !(err instanceof UsageError)) throw new UsageError(option === undefined ? err.message : `${option}: ${err.message}`, { cause: err })
    throw err
  }
}

/**
 * The versions `kv diff` and `fs diff` compare: their <from version> and
 * [<to version>] arguments (`to` undefined: the latest, read once the capsule
 * is open). Says first, through a node, that a diff is the server's word.
 */
export function diffVersions (ctx: CommandContext): { from: number, to: number | undefined } {
  noteUnproven(ctx, 'a diff')
  const from = versionArgument(ctx.positionals[1]!, 'from')
  return { from, to: ctx.positionals[2] === undefined ? undefined : versionArgument(ctx.positionals[2], 'to') }
}

/** --version n or --at <time>: the past state a key-value or file read is of (the latest when neither). */
export function atOption (ctx: CommandContext): KvAt | undefined {
  const version = integer(ctx, 'version')
  const at = ctx.values.at
  if (version !== undefined && at !== undefined) throw new UsageError('give --version or --at, not both')
  if (version !== undefined) return { version }
  return typeof at === 'string' ? { timestampUs: timeOption('at', at) } : undefined
}

/** --<option>'s `text` as a time (parseTime), in microseconds: one not of its kind is a usage error naming the option. */
export function timeOption (option: string, text: string): number {
  return optionValue(() => parseTime(text), `--${option}`)
}

/**
 * Runs `watch` until it ends, SIGINT, or --count printed changes: what `kv
 * watch` and `fs watch` share. `watch` gets the signal to stop on, and calls
 * `printed` after each change it prints: true when that was the last wanted.
 */
export async function watchUntilStopped (ctx: CommandContext, watch: (signal: AbortSignal, printed: () => boolean) => Promise<void>): Promise<void> {
  const stopAfter = integer(ctx, 'count', 1) ?? Infinity
  const abort = new AbortController()
  const stop = (): void => { abort.abort() }
  let seen = 0
  process.once('SIGINT', stop)
  // On the local store nothing else can write while this command holds it: once the watch has printed what
  // there is, it waits on nothing and the event loop empties. Say so and end, rather than exit mid-command.
  let idle = (): void => {}
  const nothingMoreCanCome = new Promise<void>((resolve) => {
    idle = () => {
      process.stderr.write('gdp: the local store takes no writes while this command holds it, so no more changes can come; give --node <router> to follow a running node\'s capsule\n')
      abort.abort()
      resolve()
    }
  })
  if (ctx.node === undefined) process.once('beforeExit', idle)
  try {
    await Promise.race([nothingMoreCanCome, watch(abort.signal, () => {
      if (++seen < stopAfter) return false
      abort.abort()
      return true
    })])
  } finally {
    process.off('SIGINT', stop)
    process.off('beforeExit', idle)
  }
}

/** --option n: an integer >= min in decimal digits, or undefined when the option is not given. */
export function integer (ctx: CommandContext, option: string, min = 0): number | undefined {
  const raw = ctx.values[option]
  if (raw === undefined) return undefined
  const n = typeof raw === 'string' ? wholeNumber(raw, min) : undefined
  if (n === undefined) throw notWholeNumber(`--${option}`, String(raw), min)
  return n
}

/**
 * --<option> as a duration ('30s', '90d') in milliseconds, `fallback` when
 * not given; one not of its kind is a usage error. `fromNow`: a validity or
 * an expiry that is added to the time now, so it must end before the year
 * 2255, where microsecond times end (added unchecked, --expires
 * 9007199254740991ms made a time that was no whole number, refused as an
 * internal mistake).
 */
export function durationOption (ctx: CommandContext, option: string, fallback: string, { fromNow = false } = {}): number {
  const text = typeof ctx.values[option] === 'string' ? ctx.values[option] : fallback
  const ms = optionValue(() => parseDurationMs(text, `--${option}`))
  if (fromNow && !Number.isSafeInteger(Date.now() * 1000 + ms * 1000)) throw new UsageError(`--${option} ${text}: too far ahead (times end in the year 2255)`)
  return ms
}

/** The longest --request-timeout: a node that has not answered in an hour is not going to, and a typo (3600000 for 3600) would hold the command for weeks. */
export const MAX_REQUEST_TIMEOUT_S = 3600

/**
 * --request-timeout as milliseconds: seconds, a decimal number more than 0
 * and at most MAX_REQUEST_TIMEOUT_S (`0.5`, `30`); anything else is a usage
 * error naming what was wrong.
 */
export function requestTimeoutOption (text: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`--request-timeout takes seconds, a decimal number such as 30 or 0.5, not '${text}'`)
  const seconds = Number(text)
  if (seconds <= 0) throw new UsageError(`--request-timeout must be more than 0 seconds, not ${text}: a request needs some time for its answer`)
  if (seconds > MAX_REQUEST_TIMEOUT_S) throw new UsageError(`--request-timeout must be at most ${MAX_REQUEST_TIMEOUT_S} seconds (an hour), not ${text}`)
  return Math.ceil(seconds * 1000)
}

/** The time --<option> (a duration: durationOption) after `nowUs`, in microseconds. */
export function timeAfterOption (ctx: CommandContext, option: string, fallback: string, nowUs: number): number {
  return nowUs + durationOption(ctx, option, fallback, { fromNow: true }) * 1000
}

/**
 * The shortest validity of a certificate the command line signs (AdCerts,
 * placement delegations, domain memberships). Readers allow 60 s of clock
 * skew at each end (docs/routing.md section 3), so a shorter one holds a
 * minute longer at some readers than at others, and it ends before it is of
 * use: a move's catch-up alone may take 10 minutes. `--delegate 1ms` was
 * signed and sent as given: a typo, as `1m` for a month is.
 */
export const MIN_VALIDITY_MS = 60 * 60 * 1000

/** --<option> as the validity of a certificate signed now (durationOption): at least MIN_VALIDITY_MS, else a usage error. */
export function validityOption (ctx: CommandContext, option: string, fallback: string): number {
  const ms = durationOption(ctx, option, fallback, { fromNow: true })
  if (ms < MIN_VALIDITY_MS) throw new UsageError(`--${option} ${String(ctx.values[option])}: a certificate is valid for at least 1h (m is minutes, 30d a month): readers allow 60 s of clock skew, and a shorter one ends before it is of use`)
  return ms
}

/** The end, in microseconds, of a certificate valid from `nowUs` for --<option> (validityOption). */
export function validUntilOption (ctx: CommandContext, option: string, fallback: string, nowUs: number): number {
  return nowUs + validityOption(ctx, option, fallback) * 1000
}

/**
 * The whole of a stream; with `limit`, refused (the error it makes) as soon as more than `limit.bytes` came, the rest
 * left unread: a stream of no end (`yes |`, /dev/zero) was held whole, gigabytes in seconds, before a length was checked.
 */
export async function readAll (stream: NodeJS.ReadableStream, limit?: { bytes: number, refuse: () => Error }): Promise<Buffer> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of stream) {
    chunks.push(Buffer.from(chunk as Buffer))
    length += (chunk as Buffer).length
    if (limit !== undefined && length > limit.bytes) throw limit.refuse()
  }
  return Buffer.concat(chunks)
}

/**
 * The lines of a stream as they come, without their newline (the last one, if not empty, with none): a line over
 * `maxBytes` is refused there, the error `tooLong` makes of its number (from 1), the rest unread.
 */
export async function * readLines (stream: AsyncIterable<Buffer | string>, maxBytes: number, tooLong: (line: number) => Error): AsyncGenerator<Buffer> {
  let pending: Buffer[] = []
  let pendingBytes = 0
  let line = 1
  for await (const piece of stream) {
    let chunk = Buffer.from(piece)
    for (let end = chunk.indexOf(0x0a); end >= 0; end = chunk.indexOf(0x0a)) {
      const bytes = Buffer.concat([...pending, chunk.subarray(0, end)])
      if (bytes.length > maxBytes) throw tooLong(line)
      yield bytes
      line++
      pending = []
      pendingBytes = 0
      chunk = chunk.subarray(end + 1)
    }
    pending.push(chunk)
    pendingBytes += chunk.length
    if (pendingBytes > maxBytes) throw tooLong(line)
  }
  if (pendingBytes > 0) yield Buffer.concat(pending)
}

export function heartbeatJson (hb: SignedHeartbeat | undefined): unknown {
  if (hb === undefined) return null
  return {
    size: hb.heartbeat.size,
    root: formatName(hb.heartbeat.root),
    lastRecordHash: hb.heartbeat.size === 0 ? null : formatName(hb.heartbeat.lastRecordHash),
    timestamp: formatTime(hb.heartbeat.timestampUs),
    signature: Buffer.from(hb.signature).toString('base64url')
  }
}
/** A file to read: a regular file, or a pipe or device (`<(cmd)`, /dev/stdin when it is one); not a folder, nor a socket. */
export function requireFile (path: string): string {
  if (path === '') throw new UsageError('a file name is empty: name the file to read')
  // Where '-' is no file, standard input is still one by name (a pipe or a terminal is taken below).
  if (!existsSync(path)) throw new InvalidArgumentError(`no file ${path}${path === '-' ? ' (to read standard input, name /dev/stdin)' : ''}`)
  const stat = statSync(path)
  if (stat.isDirectory()) throw new InvalidArgumentError(`${path} is a folder, not a file`)
  // Standard input a program pipes to gdp (Node's child_process does) may be a socket, which no name opens on Linux.
  if (stat.isSocket() && isStandardInput(stat)) throw new InvalidArgumentError(`${path} is standard input, here a socket, which cannot be opened by its name: give the input on standard input without naming a file (leave out --file; where a file is an argument, give -)`)
  if (!stat.isFile() && !stat.isFIFO() && !stat.isCharacterDevice()) throw new InvalidArgumentError(`${path} is not a file`)
  return path
}

function isStandardInput (stat: Stats): boolean {
  try {
    const stdin = fstatSync(0)
    return stdin.dev === stat.dev && stdin.ino === stat.ino
  } catch {
    return false
  }
}

/** Takes one chunk of a command's output, resolving once it may take the next. */
export type WriteChunk = (chunk: Uint8Array) => Promise<void>

/**
 * Runs `produce` with a function that writes to the file `out`, or to stdout
 * when `out` is undefined. A file is written beside its name
 * (`<out>.partial`) and renamed to it once `produce` has finished, so a
 * failure (a missing path, a bad range, a record that does not verify)
 * leaves whatever file was there before untouched, and no partial one.
 * A device or a pipe (`/dev/null`, a FIFO) is written to as it is: there
 * is no file to keep whole, and a rename would replace it with a regular
 * file (as root, `--out /dev/null` replaced the system's /dev/null).
 * A symbolic link is written through, as cp and curl -o do: the file it
 * names is replaced (`<target>.partial` beside it), the link is kept.
 */
export async function writeOutput<T> (ctx: CommandContext, out: string | undefined, produce: (write: WriteChunk) => Promise<T>, option = '--out'): Promise<T> {
  if (out === undefined) {
    return await produce(async (chunk) => { if (!ctx.stdout.write(chunk)) await once(ctx.stdout, 'drain') })
  }
  requireWritable(out, option)
  const target = linkTarget(out)
  const direct = existsSync(target) && !statSync(target).isFile()
  const path = direct ? target : `${target}.partial`
  let file: FileHandle
  try {
    file = await open(path, 'w')
  } catch (err) {
    throw new InvalidArgumentError(`cannot write ${option} ${out}${direct ? '' : ` (written first as ${path})`}: ${(err as Error).message}`)
  }
  try {
    const result = await produce(async (chunk) => {
      for (let at = 0; at < chunk.length;) at += (await file.write(chunk, at)).bytesWritten
    })
    await file.close()
    if (!direct) renameSync(path, target)
    return result
  } catch (err) {
    await file.close().catch(() => {})
    if (!direct) rmSync(path, { force: true })
    throw err
  }
}

/** The file `out` names: where its symbolic links lead (a link to nothing yet: the path it holds), else `out`. */
function linkTarget (out: string): string {
  if (lstatSync(out, { throwIfNoEntry: false })?.isSymbolicLink() !== true) return out
  return existsSync(out) ? realpathSync(out) : resolve(dirname(out), readlinkSync(out))
}

/** A file path an option (--out, --key) may name to write: not empty, not -, not a folder, in a folder that exists. */
export function requireWritable (out: string, option = '--out'): string {
  if (out === '') throw new UsageError(`${option} needs a file name`)
  // capsule export --out - writes to stdout (it turns - into no file before it comes here); elsewhere - made a file of that name.
  if (out === '-') throw new UsageError(`${option} - would write a file named '-' (only capsule export --out takes - for standard output): name the file, as ./- for that one`)
  if (existsSync(out) && statSync(out).isDirectory()) throw new InvalidArgumentError(`${option} ${out} is a folder; name a file`)
  const folder = dirname(out)
  if (!existsSync(folder)) throw new InvalidArgumentError(`${option} ${out}: no folder ${folder}`)
  if (!statSync(folder).isDirectory()) throw new InvalidArgumentError(`${option} ${out}: ${folder} is not a folder`)
  return out
}

export function fileChunks (path: string): AsyncIterable<Uint8Array> {
  return createReadStream(requireFile(path), { highWaterMark: 1 << 20 })
}

/**
 * `records` with its first record read: an input with none (or a first one too long) is refused here, before a node is
 * dialled or the store opened, as when the input was read whole first. Through --node an empty stdin waited out the
 * dial and said the node could not be reached (3 s later, where nothing listened), or opened the writer for nothing.
 */
export async function firstRead (records: AsyncGenerator<Uint8Array>): Promise<AsyncIterable<Uint8Array>> {
  const first = await records.next()
  return (async function * () {
    if (first.done !== true) yield first.value
    yield * records
  })()
}

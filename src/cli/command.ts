/**
 * What every `gdp` command is made of: its declaration, the context it runs
 * in, and the helpers they share (printing, opening the store, reaching a
 * remote node, naming a capsule, reading options).
 */
import { createReadStream, existsSync } from 'node:fs'
import type { ParseArgsConfig } from 'node:util'
import { formatName, parseName } from '../capsule/name.js'
import type { SignedHeartbeat } from '../capsule/types.js'
import { CapsuleNotFoundError, InvalidArgumentError } from '../errors.js'
import { CapsuleStore } from '../store/capsule-store.js'
import type { StoredCapsule } from '../store/stored-capsule.js'
import type { GdpClient } from '../client/client.js'
import type { KvAt } from '../kv/model.js'
import { formatTime, parseTime } from './format.js'

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
  /** Older one-word forms that still work (`gdp append` for `gdp capsule append`). */
  aliases?: string[][]
  /** Runs against a remote node with the global --node; commands without it refuse --node. */
  remote?: true
  run: (ctx: CommandContext) => Promise<number>
}

/** Loads the overlay client (and libp2p) only for commands run with --node. */
export async function withRemote<T> (address: string, fn: (client: GdpClient, peer: Uint8Array) => Promise<T>): Promise<T> {
  const remote = await import('./remote.js')
  return await remote.withRemote(address, fn)
}

/** Human text, or one JSON value per line with --json. */
export function print (ctx: CommandContext, human: string, json: unknown): void {
  ctx.stdout.write(ctx.json ? JSON.stringify(json) + '\n' : human + '\n')
}

export async function withStore<T> (ctx: CommandContext, fn: (store: CapsuleStore) => Promise<T>): Promise<T> {
  const store = await CapsuleStore.open({ path: `${ctx.dataDir}/store`, sync: ctx.sync })
  try {
    return await fn(store)
  } finally {
    await store.close()
  }
}

/** A capsule by full name, or by a unique prefix of at least 6 characters of its text form. */
export async function resolveCapsule (store: CapsuleStore, text: string): Promise<StoredCapsule> {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw new InvalidArgumentError(`'${text}' is not a capsule name: a name is 43 base64url characters (A-Z a-z 0-9 - _) or 64 hex digits, and a prefix at least 6 of those`)
  if (text.length === 43 || text.length === 64) return await store.capsule(parseName(text))
  if (text.length < 6) throw new InvalidArgumentError(`'${text}' is too short to name a capsule (give at least 6 characters)`)
  const matches: Uint8Array[] = []
  for await (const name of store.names()) if (formatName(name).startsWith(text)) matches.push(name)
  if (matches.length === 0) throw new CapsuleNotFoundError(`no capsule in ${store.path} starts with '${text}'`)
  if (matches.length > 1) throw new InvalidArgumentError(`'${text}' matches ${matches.length} capsules; give more characters`)
  return await store.capsule(matches[0]!)
}
/** --trust-server skips the proofs of answers from a node: on the local store there is no server, and it is refused rather than ignored. */
export function refuseTrustServer (ctx: CommandContext): void {
  if (ctx.values['trust-server'] === true) throw new InvalidArgumentError('--trust-server is for reads through --node; the local store is read directly')
}

/** A version given as an argument: an integer >= 0. */
export function versionArgument (text: string, what: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError(`${what} must be a version (an integer >= 0), got '${text}'`)
  return n
}

/** --version n or --at <time>: the past state a key-value or file read is of (the latest when neither). */
export function atOption (ctx: CommandContext): KvAt | undefined {
  const version = integer(ctx, 'version')
  const at = ctx.values.at
  if (version !== undefined && at !== undefined) throw new InvalidArgumentError('give --version or --at, not both')
  if (version !== undefined) return { version }
  return typeof at === 'string' ? { timestampUs: parseTime(at) } : undefined
}

/**
 * Runs `watch` until it ends, SIGINT, or --count changes: what `kv watch`
 * and `fs watch` share. `watch` gets the signal to stop on.
 */
export async function watchUntilStopped (ctx: CommandContext, watch: (signal: AbortSignal, counted: () => void) => Promise<void>): Promise<void> {
  const stopAfter = integer(ctx, 'count', 1) ?? Infinity
  const abort = new AbortController()
  const stop = (): void => { abort.abort() }
  let seen = 0
  process.once('SIGINT', stop)
  try {
    await watch(abort.signal, () => { if (++seen >= stopAfter) abort.abort() })
  } finally {
    process.off('SIGINT', stop)
  }
}

export function integer (ctx: CommandContext, option: string, min = 0): number | undefined {
  const raw = ctx.values[option]
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (!Number.isSafeInteger(n) || n < min) throw new InvalidArgumentError(`--${option} must be an integer >= ${min}, got '${String(raw)}'`)
  return n
}

export async function readAll (stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(chunks)
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
export function requireFile (path: string): string {
  if (!existsSync(path)) throw new InvalidArgumentError(`no file ${path}`)
  return path
}

export function fileChunks (path: string): AsyncIterable<Uint8Array> {
  return createReadStream(requireFile(path), { highWaterMark: 1 << 20 })
}

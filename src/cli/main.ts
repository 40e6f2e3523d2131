#!/usr/bin/env node
/**
 * The `gdp` command line. Parses, calls the library, prints: human text by
 * default, JSON with --json. Errors are one line on stderr and exit code 1;
 * usage errors (UsageError) exit 2, with a second line naming the help to read.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { FileAccessError, GdpError, StoreCorruptionError, StoreRegressionError, StoreWriteError } from '../errors.js'
import { MAX_REQUEST_TIMEOUT_S, requestTimeoutOption, sayStoreRepair, type Command, type CommandContext } from './command.js'
import { UsageError } from './usage-error.js'
import { refuseDataFolderMistakes } from './data-folder.js'
import { allCommands, commandsStartingWith } from './command-table.js'
import { escapeControls } from '../peer-text.js'
import { checkNativeCryptoSetting } from '../crypto/sodium.js'
import { CONTROL_SOCKET } from '../node/control.js'
import { packageVersion } from '../version.js'

/** Every way a command may be called: its noun-verb path first, then its older aliases. */
const callsOf = (c: Command): string[][] => [c.path, ...(c.aliases ?? [])]

const GLOBAL_OPTIONS = {
  data: { type: 'string' },
  key: { type: 'string' },
  json: { type: 'boolean', default: false },
  node: { type: 'string' },
  'request-timeout': { type: 'string' },
  sync: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false }
} as const satisfies ParseArgsConfig['options']

/** The global options that take a value (`--data d`): before the command, their value is not the command. */
const GLOBAL_VALUE_OPTIONS = new Set(Object.entries(GLOBAL_OPTIONS).filter(([, o]) => o.type === 'string').map(([name]) => `--${name}`))
/** Every global option as written: only these may come before the command. */
const GLOBAL_FLAGS = new Set([...Object.keys(GLOBAL_OPTIONS).map((name) => `--${name}`), '-h'])

// A name's text form is base64url, so one in 64 starts with '-': keep such
// 43-character tokens, and comma-separated lists of them (--server a,b,c),
// from being read as options (no option is that long). So too a dash and
// digits (no option is named so): a byte range with its start left out
// (--range -5, bytes 0 up to 5), a negative number, which its option then
// refuses as such.
const SHIELD = '\u0000'
export const shieldName = (arg: string): string => /^-[A-Za-z0-9_-]{42}(,[A-Za-z0-9_-]{43})*$|^-\d+$/.test(arg) ? SHIELD + arg : arg
export const unshieldName = (arg: string): string => arg.startsWith(SHIELD) ? arg.slice(1) : arg

function usage (commands: Command[]): string {
  return [
    'usage: gdp <command> [options]',
    '',
    ...commands.map((c) => `  gdp ${c.usage}\n      ${c.summary}${c.aliases === undefined ? '' : ` (also: ${c.aliases.map((a) => `gdp ${a.join(' ')}`).join(', ')})`}`),
    '',
    'global options:',
    '  --data <dir>   store folder (default: $GDP_DATA or ./data)',
    '  --key <file>   key file (default: <data>/keys/default.key)',
    '  --json         machine-readable output',
    '  --node <addr>  run a command through this node (a multiaddr ending in /p2p/<peer id>)',
    '                 instead of on the local store: capsule create, delete, list, info, append,',
    '                 read, verify, export, and every kv and fs command; capsule move, delegate,',
    '                 renew and replicas add|rm, which need it;',
    '                 for status, routes, capsules, certs and peers: a running node\'s admin',
    '                 API (http://127.0.0.1:4090) or data folder',
    '  --request-timeout <seconds>',
    '                 with --node (and for status, routes, capsules, certs, peers): how long to',
    `                 wait for the link to the node and for each answer, more than 0 and at most ${MAX_REQUEST_TIMEOUT_S}`,
    '                 (default: 10 for the link and a view, 15 for an answer)',
    '  --sync         fsync every write (survives power loss)',
    '  -h, --help     this help',
    '  --version      gdp\'s version (alone: gdp --version)'
  ].join('\n')
}

/** The line under a usage error: the command's own help once the command is known, else the list of commands. */
let usageHint = "run 'gdp --help' for the commands"
/** Printed after a StoreCorruptionError met by a command on the local store: how to mend it. */
let damageHint: (() => void) | undefined

async function main (argv: string[]): Promise<number> {
  checkNativeCryptoSetting()
  // It was refused as an unknown option of 'gdp status'.
  if (argv.length === 1 && argv[0] === '--version') {
    process.stdout.write(`gdp ${packageVersion ?? '(version unknown: no package.json above it)'}\n`)
    return 0
  }
  // The command is the first one or two words; global options may come before it.
  const words: string[] = []
  let commands: Command[] = []
  let misplaced: string | undefined
  for (let i = 0; i < argv.length && words.length < 2;) {
    const token = argv[i]!
    if (token.startsWith('-')) {
      if (!GLOBAL_FLAGS.has(token.split('=')[0]!)) misplaced ??= token
      i += GLOBAL_VALUE_OPTIONS.has(token) ? 2 : 1
      continue
    }
    // A one-word command's options follow it (`gdp status --limit 3`: '3' is an argument, not a second word).
    if (words.length === 1 && !commands.some((c) => callsOf(c).some((call) => call[0] === words[0] && call.length === 2))) break
    // A command's own option before the command, or between a group's word and its command's (`gdp capsule --seq 1
    // read`), would take the command for its value, or its value for the command ("unknown command 'capsule 1'").
    if (misplaced !== undefined) throw new UsageError(`'${misplaced}' is not a global option: a command's own options come after the command (gdp ${[...words, '<command>'].join(' ')} ${misplaced} ...)`)
    words.push(token)
    argv.splice(i, 1)
    if (words.length === 1) commands = await commandsStartingWith(token)
  }
  if (words.length === 0) {
    if (argv.includes('--help') || argv.includes('-h')) { process.stdout.write(usage(await allCommands()) + '\n'); return 0 }
    // With other options it was taken for an option of 'gdp status', the command a bare gdp runs, and refused as such.
    if (argv.includes('--version')) throw new UsageError("--version prints gdp's version, and takes no other option: run 'gdp --version' alone")
    // No command (`gdp`, `gdp --data d`): that store's or node's status, as `gdp status` shows it.
    words.push('status')
    commands = await commandsStartingWith('status')
  }
  const command = commands.find((c) => callsOf(c).some((call) => call.length === words.length && call.every((w, k) => w === words[k])))
  if (command === undefined) {
    // A group's word alone (`gdp kv`, `gdp kv --help`): the commands of the group.
    const group = words.length === 1 ? commands.filter((c) => c.path.length === 2 && c.path[0] === words[0]) : []
    if (group.length === 0) throw new UsageError(`unknown command '${words.join(' ')}'`)
    const list = group.map((c) => `  gdp ${c.usage}\n      ${c.summary}`).join('\n')
    if (argv.includes('--help') || argv.includes('-h')) { process.stdout.write(`usage: gdp ${words[0]!} <command> [options]\n\n${list}\n`); return 0 }
    usageHint = `the '${words[0]!}' commands:\n${list}`
    throw new UsageError(`'gdp ${words[0]!}' needs a command`)
  }
  usageHint = `run 'gdp ${command.path.join(' ')} --help' for its options`
  let parsed
  try {
    parsed = parseArgs({ args: argv.map(shieldName), options: { ...GLOBAL_OPTIONS, ...command.options }, allowPositionals: true, strict: true, tokens: true })
  } catch (err) {
    // parseArgs's own words suggest an argument starting with '-' put after '--': an option the command does not take
    // is nearly always that, and the next line names the help that lists those it does.
    const unknown = (err as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /^Unknown option '([^']+)'/.exec((err as Error).message)?.[1] : undefined
    if (unknown !== undefined) throw new UsageError(`Unknown option '${unknown}': 'gdp ${command.path.join(' ')}' does not take it (a value starting with '-' goes after '--')`)
    // Three lines of parseArgs's, the last one naming a made-up value: one line, with the value given.
    // (Only options without a value have a short form, so the option is named as given.)
    const ambiguous = /^Option '(--[^']+)' argument is ambiguous/.exec((err as Error).message)?.[1]
    if (ambiguous !== undefined) {
      const value = argv[argv.indexOf(ambiguous) + 1] ?? '-...'
      throw new UsageError(`${ambiguous} takes a value, and the next argument, '${value}', starts with '-': give such a value as ${ambiguous}=${value}`)
    }
    throw new UsageError((err as Error).message)
  }
  refuseRepeatedOptions(parsed.tokens, { ...GLOBAL_OPTIONS, ...command.options })
  parsed.positionals = parsed.positionals.map(unshieldName)
  // Node reads an argument's bytes that are not UTF-8 as U+FFFD: two different byte strings would name one key or
  // path (one write overwriting the other), so such an argument is refused rather than changed.
  for (const arg of argv) {
    if (arg.includes('\uFFFD')) throw new UsageError(`the argument '${arg}' is not UTF-8 text (its bytes that are not are read as U+FFFD, and would be stored changed): give such bytes in hex (--hex) or from a file (--file)`)
  }
  const values = Object.fromEntries(Object.entries(parsed.values).map(([k, v]) => [k, typeof v === 'string' ? unshieldName(v) : Array.isArray(v) ? v.map((x) => typeof x === 'string' ? unshieldName(x) : x) : v])) as Record<string, string | boolean | string[] | undefined>
  if (values.help === true) { process.stdout.write(`usage: gdp ${command.usage}\n  ${command.summary}\n${command.help ?? ''}`); return 0 }
  for (const name of ['data', 'key', 'node'] as const) {
    if (values[name] === '') throw new UsageError(`--${name} is empty: give a ${name === 'node' ? 'node address' : name === 'key' ? 'key file' : 'data folder'}`)
  }
  // An empty GDP_DATA made the store /store, at the root of the file system.
  if (values.data === undefined && process.env.GDP_DATA === '') throw new UsageError('GDP_DATA is set but empty: give it a data folder, or unset it for ./data')
  const dataDir = (values.data as string | undefined) ?? process.env.GDP_DATA ?? './data'
  refuseDataFolderMistakes(dataDir, values.data !== undefined ? '--data' : process.env.GDP_DATA !== undefined ? 'GDP_DATA' : 'the default data folder')
  if (values.key !== undefined && command.usesKey !== true) throw new UsageError(`--key names the key gdp signs with, and 'gdp ${command.path.join(' ')}' signs nothing with it${command.path[0] === 'node' ? ` (a node's key is <data>/node.key, here ${dataDir}/node.key)` : ''}: leave it out`)
  const keyPath = (values.key as string | undefined) ?? `${dataDir}/keys/default.key`
  const ctx: CommandContext = {
    dataDir,
    get keyPath () {
      if (command.usesKey !== true) throw new Error(`'gdp ${command.path.join(' ')}' reads the key and is not marked usesKey, so it would take --key and then refuse it`)
      return keyPath
    },
    json: values.json === true,
    node: values.node as string | undefined,
    requestTimeoutMs: typeof values['request-timeout'] === 'string' ? requestTimeoutOption(values['request-timeout']) : undefined,
    sync: values.sync === true,
    values,
    positionals: parsed.positionals,
    stdout: process.stdout,
    stdin: process.stdin
  }
  // Through a node the server's own sync setting decides; this process writes nothing of its own.
  if (ctx.node !== undefined && ctx.sync) throw new UsageError('--sync makes this process fsync its writes to a local store; through --node the server\'s own sync setting applies: leave it out')
  if (ctx.sync && command.writesStore !== true) throw new UsageError(`--sync makes this process fsync its writes to the local store, and 'gdp ${command.path.join(' ')}' writes none: leave it out`)
  if (ctx.node !== undefined && command.asksRunningNode === true) {
    throw new UsageError(`'gdp ${command.path.join(' ')}' asks the node running on --data, through its control socket (<data>/${CONTROL_SOCKET}): give --data <that node's data folder>, not --node`)
  }
  if (ctx.node !== undefined && command.remote !== true) {
    const remote = (await allCommands()).filter((c) => c.remote === true).map((c) => c.path.join(' ')).join(', ')
    throw new UsageError(`'gdp ${command.path.join(' ')}' works on the local store only; --node is for ${remote}`)
  }
  // A wait for a node's answer that no node gives: accepted, it said the command was bounded when nothing was waited for.
  if (ctx.requestTimeoutMs !== undefined && command.remote !== true) throw new UsageError(`--request-timeout bounds the wait for a node's answers, and 'gdp ${command.path.join(' ')}' asks no node through --node: leave it out`)
  if (ctx.requestTimeoutMs !== undefined && ctx.node === undefined && command.viewsNode !== true) throw new UsageError(`--request-timeout bounds the wait for a node's answers, and without --node 'gdp ${command.path.join(' ')}' works on the local store: leave it out, or give --node`)
  if (parsed.positionals.length < command.minArgs || parsed.positionals.length > command.maxArgs) {
    throw new UsageError(`usage: gdp ${command.usage}`)
  }
  // Read when the error comes: a command may have taken its data folder from elsewhere (node start, from --config).
  if (ctx.node === undefined) damageHint = () => { sayStoreRepair(ctx.dataDir) }
  return await command.run(ctx)
}

/**
 * Refuses an option with a value given twice that is not a list (--field,
 * --image): parseArgs keeps the last value, so `--seq 0 --seq 2` read
 * record 2 and `--base a=zz --base a=none` never checked `zz`. A flag given
 * twice says the same thing twice.
 */
function refuseRepeatedOptions (tokens: Array<{ kind: string, name?: string, rawName?: string }>, options: ParseArgsConfig['options']): void {
  const seen = new Set<string>()
  for (const token of tokens) {
    if (token.kind !== 'option' || token.name === undefined) continue
    if (options?.[token.name]?.multiple === true || options?.[token.name]?.type === 'boolean') continue
    if (seen.has(token.name)) throw new UsageError(`--${token.name} is given twice: give it once`)
    seen.add(token.name)
  }
}

// A reader that went away (`gdp read ... | head`) ends the command quietly, as a Unix tool killed by
// SIGPIPE does (status 141), instead of an unhandled EPIPE with a stack trace.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(141)
  throw err
})

/**
 * Exits once what the command wrote has left: a finished command does not
 * wait for timers its dependencies leave behind (libp2p's identify push keeps
 * one for a second after the node a --node command ran has stopped).
 */
function exitWhenWritten (code: number): void {
  process.exitCode = code
  // A reader that went away during the last writes: their EPIPE can come after the command returned (fs get of a few hundred KiB into head).
  const cut = (): boolean => (process.stdout.errored as NodeJS.ErrnoException | null)?.code === 'EPIPE'
  process.stdout.write('', () => { process.stderr.write('', () => process.exit(cut() ? 141 : code)) })
}

/** Why the file system refused, in words, for the errors a misplaced or protected file gives. */
const FILE_PROBLEMS: Record<string, string> = {
  EACCES: 'permission denied (the user running gdp may not)',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a file stands where that path needs a folder',
  EISDIR: 'a folder stands where a file should be',
  EROFS: 'the file system is read-only',
  ENOENT: 'no such file or folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'a name in the path is longer than the file system allows',
  ENOSPC: 'the disk is full (no space left on device): free some space, then run it again',
  EDQUOT: 'the disk quota of the user running gdp is used up',
  EMFILE: 'this process is out of file descriptors: raise the limit on open files (ulimit -n, or LimitNOFILE= in a systemd unit)',
  ENFILE: 'the system is out of file descriptors (fs.file-max)'
}

/**
 * A file system error that names its path, as one typed line: a data folder
 * that may not be written, or a file where a folder goes, stopped a node
 * with an internal error (found by attacking the node's edge and disk).
 */
function fileAccessError (err: Error): FileAccessError | undefined {
  const { code, path, syscall } = err as NodeJS.ErrnoException
  if (code === undefined || path === undefined || FILE_PROBLEMS[code] === undefined) return undefined
  return new FileAccessError(`cannot ${syscall ?? 'use'} ${path}: ${FILE_PROBLEMS[code]}`, { cause: err })
}

// A warning is one line, as an error is: Node's own printer wrote '(node:<pid>) Warning: ...' and told users to run
// node with --trace-warnings (a key file others may read, say).
process.removeAllListeners('warning')
process.on('warning', (warning) => { process.stderr.write(`gdp: warning: ${escapeControls(warning.message)}\n`) })

main(process.argv.slice(2)).then(exitWhenWritten, (thrown: Error) => {
  const err = fileAccessError(thrown) ?? thrown
  if (err instanceof UsageError) {
    process.stderr.write(`gdp: ${escapeControls(err.message)}\n${err.message.startsWith('usage:') ? '' : `${usageHint}\n`}`)
    exitWhenWritten(2)
  } else if (err instanceof GdpError) {
    process.stderr.write(`gdp: ${err.name}: ${escapeControls(err.message)}\n`)
    // Damage of the store the message names no way out of (a store gone backwards has its own, a lost CURRENT file
    // too; the migration store and the base index, which a store repair does not touch, say theirs).
    const unmended = (err instanceof StoreCorruptionError && !(err instanceof StoreRegressionError) && !err.namesWayOut) ||
      (err instanceof StoreWriteError && err.needsStoreRepair)
    if (unmended) damageHint?.()
    exitWhenWritten(1)
  } else {
    // Not ours, so as thrown (fileAccessError makes ours). Not `err`: an incremental tsc took GdpError, which adds
    // nothing to Error's shape, for Error itself and narrowed `err` to never here, failing the build.
    process.stderr.write(`gdp: internal error: ${escapeControls(thrown.message)}${process.env.GDP_DEBUG !== undefined ? `\n${escapeControls(thrown.stack ?? '')}` : ' (set GDP_DEBUG=1 for details)'}\n`)
    exitWhenWritten(1)
  }
})

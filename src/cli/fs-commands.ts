/**
 * `gdp fs ...`: the file CAAPI (docs/files.md) on a file capsule in the
 * local store, or with --node through the overlay (every chunk checked
 * against its hash, every entry against the writer's signed heartbeat
 * unless --trust-server). Paths are relative: `a/b/c.txt`.
 */
import { FileSystem, FileSystemReader, nameOption, type FsFileStat, type FsStat } from '../files/file-system.js'
import { InvalidArgumentError, NotADirectoryError } from '../errors.js'
import { requireFilesCapsule } from '../files/format.js'
import { newPathNames, pathNames } from '../files/path.js'
import { atOption, diffVersions, fileChunks, firstRead, integer, optionValue, print, watchUntilStopped, wholeNumberOf, writeOutput, type Command, type CommandContext } from './command.js'
import { withKvCapsule } from './kv-capsule.js'
import { UsageError } from './usage-error.js'
import { formatTime } from '../capsule/time.js'

const AT_OPTIONS = { version: { type: 'string' }, at: { type: 'string' }, 'trust-server': { type: 'boolean', default: false }, latest: { type: 'boolean', default: false } } as const
const AT_HELP = '  --version n / --at <time>   as of a past version or time\n  --trust-server      with --node: take the server\'s answers without their proofs\n' +
  '  --latest            with --node: read where the longest head of a read quorum of replicas is\n'

/**
 * Opens the file capsule named by the first argument: local, or through
 * --node; with `write`, as its writer (--key). Through --node, reads are
 * proven unless --trust-server, or `unproven` for a read that cannot be
 * proven anyway (a diff: docs/files.md section 11).
 */
async function withFs<T> (ctx: CommandContext, write: boolean, fn: (fs: FileSystem | FileSystemReader) => Promise<T>, { unproven = false }: { unproven?: boolean } = {}): Promise<T> {
  return await withKvCapsule(ctx, write, async (kv) => await fn(write ? new FileSystem(kv) : new FileSystemReader(kv)), { unproven, writeName: 'the write', requireKind: requireFilesCapsule })
}

const writable = (fs: FileSystem | FileSystemReader): FileSystem => fs as FileSystem

/**
 * A path given on the command line, checked against the path rules (`rules`: newPathNames for a path a command
 * makes) before a node is dialled: through --node, a path no capsule can hold was refused only once the node
 * answered, or as a network error where it did not. One that breaks them (`/a`, `a/../b`, `a//b`) is a usage error,
 * exit 2, as any argument not of its kind is.
 */
function checkPathArgument (path: string, rules: (path: string) => string[] = pathNames): void {
  optionValue(() => rules(path))
}

/** A folder argument as `fs ls` prints a folder, `docs/`, is the folder `docs`: one trailing / names a folder. */
function folderArgument (text: string | undefined, rules: (path: string) => string[] = pathNames): string {
  const path = text === undefined ? '' : /[^/]\/$/.test(text) ? text.slice(0, -1) : text
  checkPathArgument(path, rules)
  return path
}

/** A path argument of a command that takes a file or a folder (stat, rm): `docs/`, as `fs ls` prints it, is the folder `docs` and no file. */
function pathArgument (text: string): { path: string, folder: boolean } {
  const path = folderArgument(text)
  return { path, folder: path !== text }
}

const notAFolder = (path: string): NotADirectoryError => new NotADirectoryError(`'${path}' is a file, not a folder`)

function statJson (s: FsStat): unknown {
  return s.type === 'file'
    ? { type: 'file', path: s.path, size: s.size, etag: s.etag, seqno: s.seqno, modified: formatTime(s.modifiedUs) }
    : { type: 'folder', path: s.path, ...(s.seqno === undefined ? {} : { seqno: s.seqno, modified: formatTime(s.modifiedUs!) }) }
}

const statLine = (s: FsStat): string => s.type === 'file' ? `${s.path}\t${s.size}\t${formatTime(s.modifiedUs)}` : `${s.path}/`

/** A file's stat as `fs stat` prints it: its listing line and its ETag, which the listing leaves out. */
const statDetail = (s: FsStat): string => s.type === 'file' ? `${statLine(s)}\t${s.etag}` : statLine(s)

/** --range a-b (bytes a up to b, exclusive; either side may be left out). */
function rangeOption (ctx: CommandContext): { start?: number, end?: number } {
  const text = ctx.values.range
  if (typeof text !== 'string') return {}
  const match = /^(\d*)-(\d*)$/.exec(text)
  if (match === null || (match[1] === '' && match[2] === '')) throw new UsageError(`--range must be start-end in bytes (either may be left out), got '${text}'`)
  // Past 2^53 - 1 an offset is no number of bytes: a usage error, as every number option's is (it was sent on to the read).
  return { ...(match[1] === '' ? {} : { start: wholeNumberOf(match[1]!, '--range\'s start', 0) }), ...(match[2] === '' ? {} : { end: wholeNumberOf(match[2]!, '--range\'s end', 0) }) }
}

/**
 * The bytes of stdin, refused if there are none: a script whose stdin was closed replaced the file with an empty one
 * each time it ran (capsule append and kv put refuse it too). An empty file is stored from one: --file /dev/null.
 */
async function * stdinBytes (ctx: CommandContext): AsyncGenerator<Uint8Array> {
  let bytes = 0
  for await (const chunk of ctx.stdin as AsyncIterable<Uint8Array>) {
    bytes += chunk.length
    yield chunk
  }
  if (bytes === 0) throw new InvalidArgumentError('nothing to put: stdin was empty (an empty file is put with --file /dev/null)')
}

const fsPut: Command = {
  path: ['fs', 'put'],
  writesStore: true,
  usage: 'fs put <capsule> <path> [--file f | < stdin] [--node <addr>]',
  summary: 'store a file (streamed, in content-defined chunks: what is stored already is not stored again)',
  options: { file: { type: 'string' } },
  minArgs: 2,
  maxArgs: 2,
  remote: true,
  usesKey: true,
  async run (ctx) {
    checkPathArgument(ctx.positionals[1]!, newPathNames)
    const source = typeof ctx.values.file === 'string' ? fileChunks(ctx.values.file) : await firstRead(stdinBytes(ctx))
    const result = await withFs(ctx, true, async (fs) => await writable(fs).put(ctx.positionals[1]!, source))
    print(ctx, `${result.file.path}\t${result.file.size} bytes\t${result.stored.bytes} bytes stored new\tversion ${result.receipt.version}`, { ...statJson(result.file) as object, stored: result.stored, version: result.receipt.version })
    return 0
  }
}

const fsGet: Command = {
  path: ['fs', 'get'],
  usage: 'fs get <capsule> <path> [--out f] [--range a-b] [--version n | --at <time>] [--node <addr>]',
  summary: 'write a file\'s bytes (or a byte range) to stdout or --out, each chunk checked against its hash',
  help: '  --range a-b         bytes a up to b (exclusive); either may be left out\n' + AT_HELP,
  options: { out: { type: 'string' }, range: { type: 'string' }, ...AT_OPTIONS },
  minArgs: 2,
  maxArgs: 2,
  remote: true,
  async run (ctx) {
    if (ctx.json) throw new UsageError('fs get writes the file\'s bytes, which have no JSON form: leave out --json (fs stat --json gives its size and ETag)')
    checkPathArgument(ctx.positionals[1]!)
    const at = atOption(ctx)
    const options = { ...rangeOption(ctx), ...(at === undefined ? {} : { at }) }
    // --out appears only once the whole file (or range) was read and checked (writeOutput).
    await writeOutput(ctx, typeof ctx.values.out === 'string' ? ctx.values.out : undefined, async (write) => {
      await withFs(ctx, false, async (fs) => {
        for await (const chunk of fs.get(ctx.positionals[1]!, options)) await write(chunk)
      })
    })
    return 0
  }
}

const fsStat: Command = {
  path: ['fs', 'stat'],
  usage: 'fs stat <capsule> <path> [--version n | --at <time>] [--node <addr>]',
  summary: 'a file\'s size, content hash (ETag) and time, or that the path is a folder',
  help: AT_HELP,
  options: { ...AT_OPTIONS },
  minArgs: 2,
  maxArgs: 2,
  remote: true,
  async run (ctx) {
    const { path, folder } = pathArgument(ctx.positionals[1]!)
    const at = atOption(ctx)
    const stat = await withFs(ctx, false, async (fs) => await fs.stat(path, at === undefined ? {} : { at }))
    if (folder && stat.type !== 'folder') throw notAFolder(path)
    print(ctx, statDetail(stat), statJson(stat))
    return 0
  }
}

const fsLs: Command = {
  path: ['fs', 'ls'],
  usage: 'fs ls <capsule> [<folder>] [--version n | --at <time>] [--node <addr>]',
  summary: 'a folder\'s children (the root folder by default): path<TAB>size<TAB>time, folders with a trailing /',
  help: AT_HELP,
  options: { ...AT_OPTIONS },
  minArgs: 1,
  maxArgs: 2,
  remote: true,
  async run (ctx) {
    const at = atOption(ctx)
    const folder = folderArgument(ctx.positionals[1])
    await withFs(ctx, false, async (fs) => {
      for await (const s of fs.list(folder, at === undefined ? {} : { at })) print(ctx, statLine(s), statJson(s))
    })
    return 0
  }
}

const fsMkdir: Command = {
  path: ['fs', 'mkdir'],
  writesStore: true,
  usage: 'fs mkdir <capsule> <folder> [--parents | -p] [--node <addr>]',
  summary: 'make a folder (with --parents, its missing parents too)',
  options: { parents: { type: 'boolean', short: 'p', default: false } },
  minArgs: 2,
  maxArgs: 2,
  remote: true,
  usesKey: true,
  async run (ctx) {
    const folder = folderArgument(ctx.positionals[1], newPathNames)
    const made = await withFs(ctx, true, async (fs) => await writable(fs).mkdir(folder, { parents: ctx.values.parents === true }))
    print(ctx, statLine(made), statJson(made))
    return 0
  }
}

const fsRm: Command = {
  path: ['fs', 'rm'],
  writesStore: true,
  usage: 'fs rm <capsule> <path> [--recursive | -r] [--node <addr>]',
  summary: 'delete a file, an empty folder, or with --recursive a folder and everything below it (in one version)',
  options: { recursive: { type: 'boolean', short: 'r', default: false } },
  minArgs: 2,
  maxArgs: 2,
  remote: true,
  usesKey: true,
  async run (ctx) {
    const { path, folder } = pathArgument(ctx.positionals[1]!)
    // A folder named so is deleted only if it is one on the version the delete is written at (the precondition sees no file).
    const precondition = folder ? (deleted: FsFileStat | undefined): void => { if (deleted !== undefined) throw notAFolder(path) } : undefined
    const receipt = await withFs(ctx, true, async (fs) => await writable(fs).delete(path, { recursive: ctx.values.recursive === true, ...(precondition === undefined ? {} : { precondition }) }))
      .catch((err: unknown) => { throw nameOption(err, 'recursive', '--recursive') })
    print(ctx, `version ${receipt.version}`, receipt)
    return 0
  }
}

const fsMv: Command = {
  path: ['fs', 'mv'],
  writesStore: true,
  usage: 'fs mv <capsule> <from> <to> [--replace] [--node <addr>]',
  summary: 'rename a file or folder (in one version; the file\'s chunks are not copied)',
  help: '  <to> is the new path, not a folder to move into; a path that is there is refused, unless --replace\n' +
    '  --replace           a file that is at <to> is replaced by the file moved (never a folder, nor by a folder)\n',
  options: { replace: { type: 'boolean', default: false } },
  minArgs: 3,
  maxArgs: 3,
  remote: true,
  usesKey: true,
  async run (ctx) {
    checkPathArgument(ctx.positionals[1]!)
    checkPathArgument(ctx.positionals[2]!, newPathNames)
    const receipt = await withFs(ctx, true, async (fs) => await writable(fs).rename(ctx.positionals[1]!, ctx.positionals[2]!, { replace: ctx.values.replace === true }))
      .catch((err: unknown) => { throw nameOption(err, 'replace', '--replace') })
    print(ctx, receipt === undefined ? 'nothing to do' : `version ${receipt.version}`, receipt ?? null)
    return 0
  }
}

const fsDiff: Command = {
  path: ['fs', 'diff'],
  usage: 'fs diff <capsule> <from version> [<to version>] [--folder f] [--node <addr>]',
  summary: 'paths added (+), removed (-) and changed (~) between two versions, below a folder (default: all) or of one file',
  // A diff is never proven (docs/files.md section 11): no --trust-server, which would skip nothing.
  options: { folder: { type: 'string' } },
  minArgs: 2,
  maxArgs: 3,
  remote: true,
  async run (ctx) {
    const { from, to: toGiven } = diffVersions(ctx)
    const folder = folderArgument(ctx.values.folder as string | undefined)
    const marks = { added: '+', removed: '-', changed: '~' }
    // Printed as they are found: the diff holds a page at a time, never the whole list. A diff is not proven
    // (docs/files.md section 11), so the entries it compares are read without proofs, as its records are: a
    // proof of a past version costs the server the whole state, and most versions have none.
    await withFs(ctx, false, async (fs) => {
      const to = toGiven ?? (await fs.kv.view()).version
      for await (const c of fs.changes(folder, { version: from }, { version: to })) {
        print(ctx, `${marks[c.change]}${c.path}`, { path: c.path, change: c.change, before: c.before === undefined ? null : statJson(c.before), after: c.after === undefined ? null : statJson(c.after) })
      }
    }, { unproven: true })
    return 0
  }
}

const fsWatch: Command = {
  path: ['fs', 'watch'],
  usage: 'fs watch <capsule> [<folder>] [--from <version>] [--count n] [--node <addr>]',
  summary: 'print changes below a folder as they are appended: version<TAB>path<TAB>size, or "removed"; Ctrl-C stops, or --count n after n changes printed',
  options: { from: { type: 'string' }, count: { type: 'string' } },
  minArgs: 1,
  maxArgs: 2,
  remote: true,
  async run (ctx) {
    const fromGiven = integer(ctx, 'from')
    const folder = folderArgument(ctx.positionals[1])
    await watchUntilStopped(ctx, async (signal, printed) => {
      await withFs(ctx, false, async (fs) => {
        const from = fromGiven ?? (await fs.kv.view()).version
        for await (const event of fs.watch(folder, { from, signal })) {
          for (const c of event.changes) {
            print(ctx, `${event.version}\t${c.path}\t${c.stat === undefined ? 'removed' : c.stat.type === 'file' ? c.stat.size : 'folder'}`, { version: event.version, seqno: event.seqno, timestamp: formatTime(event.timestampUs), path: c.path, stat: c.stat === undefined ? null : statJson(c.stat) })
            if (printed()) return
          }
        }
      })
    })
    return 0
  }
}

export const fsCommands: Command[] = [fsPut, fsGet, fsStat, fsLs, fsMkdir, fsRm, fsMv, fsDiff, fsWatch]

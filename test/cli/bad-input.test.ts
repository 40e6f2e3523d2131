// The gdp command line on input that makes no sense, or that names the wrong
// thing: refused with one clear line (exit 2 for usage, 1 otherwise), never
// half done, never taken for something else, never an internal error.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { requestTimeoutOption } from '../../src/cli/command.js'
import { GDP_MAIN, gdpIn, type GdpRun } from './run-gdp.js'

const dir = tempDir('gdp-cli-bad-input-')
const { gdp, gdpAsync, ok, json, lines } = gdpIn(dir.path)
const at = (name: string): string => join(dir.path, name)
afterAll(() => { dir.cleanup() })

/** One line saying what was wrong (and, for a usage error, a second naming the help), no stack trace. */
function refused (args: string[], code: 1 | 2, message: RegExp, input?: string): void {
  refusedWith(gdp(args, input), args, code, message)
}

function refusedWith (r: GdpRun, args: string[], code: 1 | 2, message: RegExp): void {
  expect(r.code, args.join(' ')).toBe(code)
  expect(r.err, args.join(' ')).toMatch(message)
  expect(r.err, args.join(' ')).toMatch(/^gdp: /)
  expect(r.err.trim().split('\n'), args.join(' ')).toHaveLength(code === 2 ? 2 : 1)
  expect(r.err, args.join(' ')).not.toMatch(/internal error|\n\s+at /)
}

/** A node address that is well formed and where nothing answers. */
const NODE = '/ip4/127.0.0.1/tcp/9/p2p/12D3KooWEoBcQR1Y1DRTpyS34X3Dd69Hg4uvaFWq6D2MPxLrvE54'
let plain = ''
let kv = ''
let files = ''

const serverName = (i: number): string => Buffer.alloc(32, i + 1).toString('base64url')
/** n well-formed server names, none of a node. */
const serverNames = (n: number): string => Array.from({ length: n }, (_, i) => serverName(i)).join(',')
/** capsule create at the limit of 16 replicas: the node is asked, and none answers at NODE. */
const AT_LIMIT = ['capsule', 'create', '--replicas', '16', '--server', serverNames(16), '--node', NODE]
/**
 * AT_LIMIT waits for a node at a port that refuses it (3 s, README's command line section): started with the file,
 * that wait passes while the tests before its own run, and its own test checks the outcome.
 */
let atLimit: Promise<GdpRun>

beforeAll(() => {
  ok(['keys', 'generate'])
  atLimit = gdpAsync(AT_LIMIT)
  plain = json(['capsule', 'create']).name
  ok(['capsule', 'append', plain, 'a', 'b', 'c'])
  kv = json(['capsule', 'create', '--kind', 'kv']).name
  files = json(['capsule', 'create', '--kind', 'files']).name
  ok(['fs', 'put', files, 'small.txt'], 'hello\n')
})

describe('gdp output files: --out appears only once whole, and a bad --out is refused', () => {
  it('fs get --out leaves the file there untouched when the get fails, and no partial file', () => {
    writeFileSync(at('precious.txt'), 'precious\n')
    refused(['fs', 'get', files, 'nofile', '--out', 'precious.txt'], 1, /PathNotFoundError: no file at 'nofile'/)
    refused(['fs', 'get', files, 'small.txt', '--range', '5-2', '--out', 'precious.txt'], 1, /RangeNotSatisfiableError/)
    expect(readFileSync(at('precious.txt'), 'utf8')).toBe('precious\n')
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.partial'))).toEqual([])
    ok(['fs', 'get', files, 'small.txt', '--out', 'precious.txt'])
    expect(readFileSync(at('precious.txt'), 'utf8')).toBe('hello\n')
    expect(readdirSync(dir.path).filter((f) => f.endsWith('.partial'))).toEqual([])
  })

  it('--out to a pipe or a device writes to it and leaves it one: renamed over, it became a regular file (as root, /dev/null itself)', async () => {
    execFileSync('mkfifo', [at('pipe')])
    const reader = spawn('cat', [at('pipe')])
    const read = new Promise<string>((resolve) => {
      let text = ''
      reader.stdout.on('data', (chunk: Buffer) => { text += chunk.toString() })
      reader.on('close', () => { resolve(text) })
    })
    ok(['fs', 'get', files, 'small.txt', '--out', 'pipe'])
    expect(await read).toBe('hello\n')
    expect(statSync(at('pipe')).isFIFO()).toBe(true)
    expect(existsSync(at('pipe.partial'))).toBe(false)
    if (process.getuid?.() !== 0) return
    // A null device of the test's own (only root may make one).
    execFileSync('mknod', ['-m', '666', at('null'), 'c', '1', '3'])
    ok(['capsule', 'export', plain, '--out', 'null'])
    expect(statSync(at('null')).isCharacterDevice()).toBe(true)
    expect(existsSync(at('null.partial'))).toBe(false)
  })

  it('a fork proof written beside an import never replaces a file of that name; a key that could not be written leaves no secret behind', () => {
    const name = json(['capsule', 'create']).name as string
    ok(['capsule', 'export', name, '--out', 'fork-base.gdpx'])
    const other = ['--data', 'other']
    ok([...other, 'capsule', 'import', 'fork-base.gdpx'])
    ok([...other, '--key', join('data', 'keys', 'default.key'), 'capsule', 'append', name, 'theirs'])
    ok([...other, 'capsule', 'export', name, '--out', 'fork.gdpx'])
    ok(['capsule', 'append', name, 'ours'])
    writeFileSync(at('fork.gdpx.fork-proof'), 'precious\n')
    refused(['capsule', 'import', 'fork.gdpx'], 1, /ForkDetectedError: .*fork proof written to fork\.gdpx\.fork-proof\.1 /)
    expect(readFileSync(at('fork.gdpx.fork-proof'), 'utf8')).toBe('precious\n')
    expect(json(['capsule', 'fork-check', 'fork.gdpx.fork-proof.1']).valid).toBe(true)
    // One that cannot be written at all (a name past the file system's limit): the fork is still said, with why no
    // proof was kept (it was an internal error, and the fork went unsaid; found by attacking the command line).
    // (Its export is written first as <name>.partial, which fits; <name>.fork-proof does not.)
    const long = `${'e'.repeat(241)}.gdpx`
    ok([...other, 'capsule', 'export', name, '--out', long])
    refused(['capsule', 'import', long], 1, /^gdp: ForkDetectedError: .*; its fork proof could not be written beside the file \(ENAMETOOLONG[^)]*\)/)
    // keys generate --force onto a folder: the rename fails, and the new secret key it wrote first went with it.
    mkdirSync(at('key-folder'))
    refused(['keys', 'generate', '--force', '--key', 'key-folder'], 1, /key-folder/)
    // A --key in a folder that is not there is refused as an --out file is (the folder was made in silence).
    refused(['keys', 'generate', '--key', 'no-such-folder/k.key'], 1, /^gdp: InvalidArgumentError: --key no-such-folder\/k\.key: no folder no-such-folder\n/)
    expect(existsSync(at('no-such-folder'))).toBe(false)
    expect(existsSync(at('key-folder.new'))).toBe(false)
  })

  it('fs get and capsule export: an --out in a missing folder, a folder, or empty is one line, not a stack trace', () => {
    mkdirSync(at('a-folder'))
    for (const write of [['fs', 'get', files, 'small.txt'], ['capsule', 'export', plain]]) {
      refused([...write, '--out', 'no-such-folder/x'], 1, /InvalidArgumentError: --out no-such-folder\/x: no folder no-such-folder$/m)
      refused([...write, '--out', 'a-folder'], 1, /InvalidArgumentError: --out a-folder is a folder; name a file$/m)
      refused([...write, '--out', ''], 2, /^gdp: --out needs a file name\n/)
    }
    expect(readdirSync(at('a-folder'))).toEqual([])
    expect(existsSync(at('no-such-folder'))).toBe(false)
    expect(json(['capsule', 'export', plain, '--out', 'a-folder/c.gdpx']).records).toBe(3)
    expect(readdirSync(at('a-folder'))).toEqual(['c.gdpx'])
  })

  // Found by going through every option: capsule export --out - writes to stdout, and these wrote a file named '-'.
  it('a file to write given as - is refused where - is not standard output, and no file named - is made', () => {
    for (const [args, option] of [
      [['fs', 'get', files, 'small.txt', '--out', '-'], '--out'],
      [['domain', 'admit', plain, '--out', '-'], '--out'],
      [['capsule', 'heartbeat-check', plain, 'AAAA', '--fork-proof', '-'], '--fork-proof'],
      [['keys', 'generate', '--key', '-'], '--key']
    ] as const) {
      refused([...args], 2, new RegExp(`^gdp: ${option} - would write a file named '-' \\(only capsule export --out takes - for standard output\\): name the file, as \\./- for that one\n`))
    }
    expect(existsSync(at('-'))).toBe(false)
    expect(ok(['capsule', 'export', plain, '--out', '-']).length).toBeGreaterThan(0)
  })

  // Found by attacking the command line: the second read of a pipe was empty, and the import failed as "too short".
  it('capsule import of standard input, a pipe or a device is refused saying why: it reads its file twice', () => {
    ok(['capsule', 'export', plain, '--out', 'piped.gdpx'])
    const why = 'capsule import reads its file twice (it checks all of it before it stores any of it), so it takes a file, not standard input, a pipe or a device: save the export to a file first'
    refused(['capsule', 'import', '-'], 1, new RegExp(`^gdp: InvalidArgumentError: ${why.replace(/[()]/g, '\\$&')}\n$`), readFileSync(at('piped.gdpx')).toString('latin1'))
    refused(['capsule', 'import', '/dev/stdin'], 1, new RegExp(`^gdp: InvalidArgumentError: /dev/stdin: ${why.replace(/[()]/g, '\\$&')}\n$`), readFileSync(at('piped.gdpx')).toString('latin1'))
  })

  it('capsule append of an empty --file is refused, as empty stdin is; an empty payload argument appends an empty record', () => {
    writeFileSync(at('empty'), '')
    const before = json(['capsule', 'info', plain]).size as number
    for (const file of ['empty', '/dev/null']) refused(['capsule', 'append', plain, '--file', file], 1, new RegExp(`^gdp: InvalidArgumentError: nothing to append: ${file} is empty \\(an empty record is appended by giving '' as its payload\\)\n$`))
    expect(json(['capsule', 'info', plain]).size).toBe(before)
    ok(['capsule', 'append', plain, ''])
    expect(json(['capsule', 'info', plain]).size).toBe(before + 1)
  })

  // Found by attacking the command line: a plain record in a key-value capsule changes nothing in it and every
  // reader reports it (docs/kv.md section 3); the writer's own tool wrote one without a word.
  it('capsule append to a key-value or file capsule is refused, naming the commands that write it; nothing is appended', () => {
    for (const [capsule, kind, commands] of [[kv, 'key-value', 'gdp kv put, del or batch'], [files, 'file', 'gdp fs put, mkdir, mv or rm']] as const) {
      const before = json(['capsule', 'info', capsule]).size as number
      refused(['capsule', 'append', capsule, 'hello'], 1, new RegExp(`^gdp: InvalidArgumentError: capsule ${capsule} is a ${kind} capsule: its records are written by ${commands} \\(a plain record would change nothing in it, docs/kv.md section 3\\)\n$`))
      expect(json(['capsule', 'info', capsule]).size).toBe(before)
    }
  })

  it('capsule create refuses a --field in the gdp. namespace, which marks the kinds --kind makes; nothing is created', () => {
    const before = lines(['capsule', 'list']).length
    for (const field of ['gdp.kv=1', 'gdp.files=1', 'gdp.migration=x', 'gdp.other=']) {
      refused(['capsule', 'create', '--field', field], 2, new RegExp(`^gdp: --field ${field.replace(/[.=]/g, '\\$&')}: fields named gdp\\.\\* are this project's own formats \\(gdp\\.kv, gdp\\.files, gdp\\.migration\\): use --kind kv or files`))
    }
    expect(lines(['capsule', 'list'])).toHaveLength(before)
    ok(['capsule', 'create', '--field', 'gdpx=1', '--field', 'app.gdp.kv=1'])
  })

  // Found by attacking the command line: internal errors (ENAMETOOLONG), and a listing that tried to make the folder.
  it('a --data or --key with a name longer than the file system allows: no store there, or one line naming it', () => {
    const long = 'z'.repeat(300)
    refused(['--data', long, 'capsule', 'list'], 1, new RegExp(`^gdp: StoreOpenError: no store at ${long}/store \\(is --data right\\?`))
    refused(['--data', long, 'capsule', 'create'], 1, new RegExp(`^gdp: InvalidArgumentError: no key file at ${long}/keys/default\\.key`))
    for (const args of [['--data', long, 'node', 'init'], ['keys', 'generate', '--key', `${long}.key`]]) {
      refused(args, 1, /^gdp: (FileAccessError|InvalidArgumentError): [^\n]*(a name in the path is longer than the file system allows|name too long)[^\n]*\n$/)
    }
  })
})

describe('gdp kv batch: a line is exactly a put or a delete', () => {
  it('refuses a line with both put and del, an unknown field, a value that is not base64, or no object, naming the line; writes nothing', () => {
    const before = json(['kv', 'count', kv]).version
    const cases: Array<[string, RegExp]> = [
      ['{"put": "a", "del": "b", "value": "x"}', /batch line 2: a line is a put or a delete: "del" goes alone/],
      ['{"put": "a", "value": "x", "if-absent": true}', /batch line 2: unknown field "if-absent"/],
      ['{"put": "q", "valueBase64": "!!!not base64"}', /batch line 2: "valueBase64" is not base64/],
      ['{"put": "q", "valueBase64": "AAEC/w"}', /batch line 2: "valueBase64" is not base64/],
      ['{"put": "q", "valueBase64": "AAEC/x=="}', /batch line 2: "valueBase64" is not base64 .*without spare bits/],
      ['{"put": "q", "value": "x", "valueBase64": "AA=="}', /batch line 2: a put has "value" or "valueBase64", not both/],
      ['{"put": 1, "value": "x"}', /batch line 2: "put" must be a string/],
      ['null', /batch line 2: expected a JSON object/],
      ['{"put": "\\ud800", "value": "x"}', /batch line 2: "put" holds a lone UTF-16 surrogate/],
      ['{"put": "q", "value": "\\udfff"}', /batch line 2: "value" holds a lone UTF-16 surrogate/],
      // The key's line, not its place once the batch is sorted by key (it was "batch operation 0").
      ['{"put": "", "value": "x"}', /batch line 2: a key has at least one byte/],
      // JSON.parse keeps the last: the line wrote "b" in silence.
      ['{"put": "a", "put": "b", "value": "x"}', /batch line 2: the field "put" is given twice in one object/],
      ['{"put": "a", "value": "x", "va\\u006cue": "y"}', /batch line 2: the field "value" is given twice in one object/]
    ]
    for (const [line, message] of cases) refused(['kv', 'batch', kv], 1, message, `{"put": "ok", "value": "fine"}\n${line}\n`)
    expect(json(['kv', 'count', kv]).version).toBe(before)
    ok(['kv', 'batch', kv], '{"put": "bytes", "valueBase64": "AAEC/w=="}\n{"put": "text", "value": "t"}\n{"del": "none"}\n')
    expect(json(['kv', 'get', kv, 'bytes']).valueBase64).toBe('AAEC/w==')
  })

  it('an import that fails into a store it made leaves no store behind (an empty one was taken for a store by later commands)', () => {
    writeFileSync(at('garbage.gdpx'), 'not an export file')
    mkdirSync(at('fresh'))
    refused(['--data', 'fresh', 'capsule', 'import', 'garbage.gdpx'], 1, /^gdp: \w+Error: /)
    expect(existsSync(at('fresh/store'))).toBe(false)
    expect(existsSync(at('fresh'))).toBe(true)
    refused(['--data', 'fresh', 'capsule', 'list'], 1, /^gdp: StoreOpenError: no store at /)
    // Nor the folders it made for it: an empty --data folder was left.
    refused(['--data', 'new/data', 'capsule', 'import', 'garbage.gdpx'], 1, /^gdp: \w+Error: /)
    expect(existsSync(at('new'))).toBe(false)
  })

  it('a file named - is standard input by its name /dev/stdin, and the refusal says so', () => {
    refused(['kv', 'batch', kv, '--file', '-'], 1, /^gdp: InvalidArgumentError: no file - \(to read standard input, name \/dev\/stdin\)\n/)
    // In a shell pipeline (a pipe: spawnSync's input is a socket, which /dev/stdin cannot open).
    const piped = spawnSync('sh', ['-c', `printf '{"put": "from-stdin", "value": "x"}\\n' | "$0" "$1" kv batch "$2" --file /dev/stdin`, process.execPath, GDP_MAIN, kv], { cwd: dir.path })
    expect(piped.status, piped.stderr.toString()).toBe(0)
    expect(json(['kv', 'get', kv, 'from-stdin']).value).toBe('x')
  })

  // Found by going through the kv commands' arguments: an empty or too long <key> was exit 1 (a failed operation), where
  // every other argument not of its kind (a capsule's name, a number, --hex that is not hex) is a usage error, exit 2;
  // put read all of stdin first, and through --node the node was dialled to be told.
  it('an empty or too long <key> of any kv command is a usage error naming the argument, said before stdin is read or a node dialled', () => {
    for (const args of [['put', kv, '', 'v'], ['put', kv, ''], ['del', kv, ''], ['get', kv, ''], ['history', kv, ''], ['put', kv, '', '--hex']]) {
      refused(['kv', ...args], 2, /^gdp: <key>: a key has at least one byte\n/)
      refused(['kv', ...args, '--node', NODE], 2, /^gdp: <key>: a key has at least one byte\n/)
    }
    refused(['kv', 'del', kv, 'k'.repeat(1025)], 2, /^gdp: <key>: key is 1025 bytes, at most 1024 allowed\n/)
    refused(['kv', 'count', kv, '--lt', '', '--node', NODE], 2, /^gdp: --lt: a key has at least one byte\n/)
  })

  it('bytes that are not UTF-8, in a batch or an argument, are refused: Node read them as U+FFFD, so two keys became one', () => {
    const before = json(['kv', 'count', kv]).version
    writeFileSync(at('latin1.jsonl'), Buffer.concat([Buffer.from('{"put": "k'), Buffer.from([0xff]), Buffer.from('", "value": "x"}\n')]))
    refused(['kv', 'batch', kv, '--file', at('latin1.jsonl')], 1, /the batch is not UTF-8 text: give binary keys in hex \(--hex\) and binary values as "valueBase64"/)
    // What Node makes of an argument's bytes 0xff and 0xfe alike: the key both would have written.
    for (const args of [['kv', 'put', kv, 'bad\uFFFD', 'one'], ['kv', 'put', kv, 'k', 'x\uFFFDy'], ['kv', 'get', kv, 'bad\uFFFD'], ['fs', 'mkdir', files, 'dir\uFFFD']]) {
      refused(args, 2, /the argument '.*\uFFFD.*' is not UTF-8 text .*: give such bytes in hex \(--hex\) or from a file \(--file\)/)
    }
    expect(json(['kv', 'count', kv]).version).toBe(before)
    // Surrogate pairs and other non-ASCII text are fine.
    ok(['kv', 'batch', kv], '{"put": "\\ud83d\\ude00", "value": "\u20ac"}\n')
    expect(ok(['kv', 'get', kv, '\u{1F600}'])).toBe('\u20ac')
  })
})

describe('gdp numbers, options and arguments: what is not taken is refused, not ignored or read as something else', () => {
  it('a drain\'s --concurrency past 256 and an unknown migration --mode are usage errors, before any node is asked (a huge one failed making its workers, a mode went to the node; move attack #3, #6)', () => {
    const node = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWGY4HZzpNyPVkECQM3xJVKpegtXTB9PtwK3zR6iAS5qF6'
    refused(['capsule', 'move', '--all-from', 'A'.repeat(43), '--to', `AQ${'A'.repeat(41)}`, '--node', node, '--concurrency', '99999999999'], 2, /^gdp: --concurrency must be at most 256 moves at once, got 99999999999\n/)
    refused(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1', '--name', 'x', '--image', `a=${at('no-such-image')}`, '--mode', 'bogus'], 2, /^gdp: --mode: unknown compression mode 'bogus' \(known: auto, raw, /)
  })

  // Found by going through every option: --base a=zz --base a=none sent none, zz never checked (a list option is not
  // refused when given twice, as one with a single value is); an image named twice went to the node (exit 1).
  it('migrate send: an image given two bases, or two images of one name, are usage errors before any node is asked', () => {
    const to = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWGY4HZzpNyPVkECQM3xJVKpegtXTB9PtwK3zR6iAS5qF6'
    const send = ['migrate', 'send', '--to', to, '--name', 'x', '--image', `a=${at('no-such-image')}`]
    refused([...send, '--base', 'a=zz', '--base', 'a=none'], 2, /^gdp: --base a is given twice: an image starts from one base \(or none\)\n/)
    refused([...send, '--image', `a=${at('other-image')}`], 2, /^gdp: --image a is given twice: each image has a name of its own on the receiver\n/)
  })

  // Found by going through the commands the running node answers: these were refused by the node, exit 1 as an
  // operation that failed (base verify's exit 1 also says "damaged"), where an option value or argument not of its
  // kind is a usage error, exit 2. Checked here with the node's own checks, before any node is asked.
  it('migrate send --name, --image and --base, migrate rm and base verify: a name or hash not of its kind is a usage error before any node is asked', () => {
    const to = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWGY4HZzpNyPVkECQM3xJVKpegtXTB9PtwK3zR6iAS5qF6'
    const image = `a=${at('no-such-image')}`
    refused(['migrate', 'send', '--to', to, '--name', '../x', '--image', image], 2, /^gdp: --name: migration name '\.\.\/x' must be 1 to 64 of A-Z a-z 0-9 \. _ - \(and not \. or \.\.\)\n/)
    refused(['migrate', 'send', '--to', to, '--name', 'x', '--image', `../a=${at('no-such-image')}`], 2, /^gdp: --image: image name '\.\.\/a' must be 1 to 64 of/)
    refused(['migrate', 'send', '--to', to, '--name', 'x', '--image', `manifest.json=${at('no-such-image')}`], 2, /^gdp: --image: image name 'manifest\.json' is reserved: the receiver keeps its own files/)
    refused(['migrate', 'send', '--to', to, '--name', 'x', '--image', image, '--base', 'a=zz'], 2, /^gdp: --base a: 'zz' is not a base hash \(8 to 64 hex digits\)\n/)
    refused(['migrate', 'rm', '../x'], 2, /^gdp: migration name '\.\.\/x' must be 1 to 64 of/)
    refused(['migrate', 'rm', '.'], 2, /^gdp: migration name '\.' must be 1 to 64 of/)
    refused(['base', 'verify', 'zz'], 2, /^gdp: 'zz' is not a base hash \(8 to 64 hex digits\)\n/)
    refused(['base', 'verify', '0123456'], 2, /^gdp: '0123456' is not a base hash/)
    // Of their kind, they go to the node (none runs here).
    refused(['base', 'verify', '01234567'], 1, /^gdp: NodeNotRunningError: /)
    refused(['migrate', 'rm', 'vm-1.x'], 1, /^gdp: NodeNotRunningError: /)
    refused(['migrate', 'send', '--to', to, '--name', 'x', '--image', image, '--base', 'a=0123456789abcdef'], 1, /^gdp: NodeNotRunningError: /)
  })

  it('a server named in --to, --from or --all-from that is not a node name, an empty --to and one server twice are usage errors, named for what they are (they were "not a capsule name" with exit 1, and --to , failed each capsule at the node; move attack #4)', () => {
    const node = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWGY4HZzpNyPVkECQM3xJVKpegtXTB9PtwK3zR6iAS5qF6'
    const server = `AQ${'A'.repeat(41)}`
    const capsule = 'A'.repeat(43)
    refused(['capsule', 'move', '--all-from', capsule, '--to', 'notaname', '--node', node], 2, /^gdp: not a node name \(--to\): 'notaname' \(expected 43 base64url characters or 64 hex digits\)\n/)
    refused(['capsule', 'move', '--all-from', capsule, '--to', ',', '--node', node], 2, /^gdp: --to names no server: give the node name of at least one\n/)
    refused(['capsule', 'move', '--all-from', capsule, '--to', `${server},${server}`, '--node', node], 2, /^gdp: --to names a server twice\n/)
    refused(['capsule', 'move', capsule, '--to', server, '--from', 'x', '--node', node], 2, /^gdp: not a node name \(--from\): 'x'/)
    refused(['capsule', 'move', '--all-from', 'x', '--to', server, '--node', node], 2, /^gdp: not a node name \(--all-from\): 'x'/)
    refused(['capsule', 'delegate', '--all-from', 'x', '--to-key', json(['keys', 'show']).publicKey, '--node', node], 2, /^gdp: not a node name \(--all-from\): 'x'/)
    refused(['capsule', 'create', '--node', node, '--server', 'x'], 2, /^gdp: not a node name \(--server\): 'x'/)
  })

  // Found by going through capsule create's options: these went to the --node router (more than 16) or were found once
  // it was dialled (fewer servers than replicas), and exited 1 as an operation that failed.
  it('capsule create: --replicas past 16, --server naming more than 16 servers or fewer than --replicas, are usage errors before any node is dialled', async () => {
    refused(['capsule', 'create', '--replicas', '17', '--node', NODE], 2, /^gdp: --replicas 17: a capsule has at most 16 replicas\n/)
    refused(['capsule', 'create', '--server', serverNames(17), '--node', NODE], 2, /^gdp: --server names 17 servers: a capsule has at most 16 replicas\n/)
    refused(['capsule', 'create', '--replicas', '3', '--server', serverNames(2), '--node', NODE], 2, /^gdp: --replicas 3 needs as many servers; --server names 2\n/)
    // At the limit, the node is asked (none answers here).
    refusedWith(await atLimit, AT_LIMIT, 1, /^gdp: LinkRefusedError: cannot reach \S+: nothing listens there \(every dial refused for 3000 ms: .*ECONNREFUSED/)
  })

  // The wait for a node was fixed (10 s for the link and a view, 15 s for an answer): --request-timeout sets it, from
  // more than 0 to an hour, in seconds.
  it('--request-timeout takes seconds, more than 0 and at most 3600, only where a node is asked; the link is given up on after it', async () => {
    const notSeconds = (value: string): RegExp => new RegExp(`^(gdp: )?--request-timeout takes seconds, a decimal number such as 30 or 0\\.5, not '${value.replace('.', '\\.')}'\n?`)
    const tooLarge = (value: string): RegExp => new RegExp(`^(gdp: )?--request-timeout must be at most 3600 seconds \\(an hour\\), not ${value.replace('.', '\\.')}\n?`)
    const info = (value: string, node = NODE): string[] => ['capsule', 'info', plain, '--node', node, `--request-timeout=${value}`]
    // Every form not of seconds, in this process (each gdp run costs half a second of a core); a few through gdp below.
    for (const value of ['-1', 'abc', '0x10', '1e3', '2s', 'NaN', '', ' 2', '1.', '.5']) expect(() => requestTimeoutOption(value), value).toThrow(notSeconds(value))
    expect(() => requestTimeoutOption('99999999999999999999')).toThrow(tooLarge('99999999999999999999'))
    expect([requestTimeoutOption('3600'), requestTimeoutOption('0.001'), requestTimeoutOption('0.0001')]).toEqual([3_600_000, 1, 1])
    const usage: Array<[string[], RegExp]> = [
      ...['-1', 'abc'].map((value): [string[], RegExp] => [info(value), notSeconds(value)]),
      [info('0'), /^gdp: --request-timeout must be more than 0 seconds, not 0: a request needs some time for its answer\n/],
      [info('3600.001'), tooLarge('3600.001')],
      // Where no node is asked it would bound nothing.
      [['capsule', 'info', plain, '--request-timeout', '5'], /^gdp: --request-timeout bounds the wait for a node's answers, and without --node 'gdp capsule info' works on the local store: leave it out, or give --node\n/],
      [['keys', 'generate', '--request-timeout', '5'], /^gdp: --request-timeout bounds the wait for a node's answers, and 'gdp keys generate' asks no node through --node: leave it out\n/]
    ]
    // At the limit and at its least, the node is asked (nothing listens at NODE: refused there, as without the option);
    // where something listens and never speaks, the link is given up on after --request-timeout, not 10 s.
    const silent = createServer(() => {})
    await new Promise<void>((resolve) => { silent.listen(0, '127.0.0.1', resolve) })
    try {
      const mute = NODE.replace('/tcp/9/', `/tcp/${(silent.address() as AddressInfo).port}/`)
      const failed: Array<[string[], RegExp]> = [
        [info('3600'), /^gdp: LinkRefusedError: cannot reach \S+: nothing listens there/],
        [info('0.001'), /^gdp: (LinkRefusedError: cannot reach \S+: nothing listens there|LinkTimeoutError: cannot reach \S+ within 1 ms)/],
        [info('0.5', mute), /^gdp: LinkTimeoutError: cannot reach \S+ within 500 ms/]
      ]
      // Side by side: each is a process of its own, and three of them wait for a node.
      const outcomes = await Promise.all([...usage, ...failed].map(async ([args]) => await gdpAsync(args)))
      usage.forEach(([args, message], i) => { refusedWith(outcomes[i]!, args, 2, message) })
      failed.forEach(([args, message], i) => { refusedWith(outcomes[usage.length + i]!, args, 1, message) })
    } finally {
      silent.close()
    }
  })

  it('a number option or version argument takes decimal digits only: not empty, not 1e3, 0x2 or a space', () => {
    const cases: Array<[string[], RegExp]> = [
      [['capsule', 'read', plain, '--seq', ''], /^gdp: --seq must be an integer >= 0, got ''\n/],
      [['capsule', 'read', plain, '--last', '0x2'], /^gdp: --last must be an integer >= 1, got '0x2'\n/],
      [['capsule', 'read', plain, '--last', '1e3'], /^gdp: --last must be an integer >= 1, got '1e3'\n/],
      [['capsule', 'read', plain, '--last', ' 2'], /^gdp: --last must be an integer >= 1, got ' 2'\n/],
      [['kv', 'put', kv, 'k', 'v', '--if-seqno', ''], /^gdp: --if-seqno must be an integer >= 0, got ''\n/],
      [['kv', 'get', kv, 'k', '--version', ''], /^gdp: --version must be an integer >= 0, got ''\n/],
      [['kv', 'diff', kv, ''], /^gdp: the from version must be an integer >= 0, got ''\n/],
      [['fs', 'diff', files, '1', '2.5'], /^gdp: the to version must be an integer >= 0, got '2.5'\n/],
      [['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1/p2p/x', '--name', 'vm1', '--image', 'disk=x.img', '--live', '--pause-command', 'true', '--max-rounds', ' 2'], /^gdp: --max-rounds must be an integer >= 1, got ' 2'\n/]
    ]
    for (const [args, message] of cases) refused(args, 2, message)
    expect(lines(['capsule', 'read', plain, '--seq', '02']).map((r) => r.payload)).toEqual(['c'])
  })

  // Found in a code review: these were read once the node had answered, so a bad one was a network error where it did
  // not (after the 10 s dial timeout), and the node was asked for nothing it could use where it did.
  it('through --node, versions, conditions, ranges and paths are checked before the node is dialled', () => {
    const cases: Array<[string[], 1 | 2, RegExp]> = [
      [['kv', 'diff', kv, '1', 'x'], 2, /gdp: the to version must be an integer >= 0, got 'x'\n/],
      [['kv', 'watch', kv, '--from', 'x'], 2, /^gdp: --from must be an integer >= 0, got 'x'\n/],
      [['kv', 'get', kv, 'k', '--version', 'x'], 2, /^gdp: --version must be an integer >= 0, got 'x'\n/],
      [['kv', 'put', kv, 'k', 'v', '--if-seqno', 'x'], 2, /^gdp: --if-seqno must be an integer >= 0, got 'x'\n/],
      [['fs', 'diff', files, '1', '2.5'], 2, /gdp: the to version must be an integer >= 0, got '2.5'\n/],
      [['fs', 'ls', files, '../x'], 2, /^gdp: path "..\/x" has a '..' name/],
      [['fs', 'mv', files, 'a', 'b//c'], 2, /^gdp: path "b\/\/c" has an empty name/],
      [['fs', 'get', files, '/a'], 2, /^gdp: path "\/a" is absolute/],
      [['fs', 'put', files, 'a\u0085b'], 2, /^gdp: path .*U\+0085/],
      [['fs', 'mkdir', files, 'a\u0085b'], 2, /^gdp: path .*U\+0085/],
      [['fs', 'diff', files, '0', '--folder', 'a/./b'], 2, /\ngdp: path "a\/.\/b" has a '.' name/]
    ]
    for (const [args, code, message] of cases) {
      const r = gdp([...args, '--node', NODE], '')
      expect(r.code, args.join(' ')).toBe(code)
      expect(r.err, args.join(' ')).toMatch(message)
    }
  })

  // Found by going through the number options: a number past 2^53 - 1 was refused as "must be an integer >= 1", which it is.
  it('a number option or version argument past 2^53 - 1 is refused saying it is too large, not that it is below its least', () => {
    refused(['kv', 'list', kv, '--limit', '99999999999999999'], 2, /^gdp: --limit must be an integer from 1 to 9007199254740991, got '99999999999999999'\n/)
    refused(['capsule', 'read', plain, '--seq', '9007199254740992'], 2, /^gdp: --seq must be an integer from 0 to 9007199254740991, got '9007199254740992'\n/)
    refused(['kv', 'diff', kv, '99999999999999999999'], 2, /^gdp: the from version must be an integer from 0 to 9007199254740991, got '99999999999999999999'\n/)
    // A byte offset too: it went on to the read, which said the range was not within the file.
    refused(['fs', 'get', files, 'small.txt', '--range', '99999999999999999999-'], 2, /^gdp: --range's start must be an integer from 0 to 9007199254740991, got '99999999999999999999'\n/)
    refused(['fs', 'get', files, 'small.txt', '--range', '0-9007199254740992'], 2, /^gdp: --range's end must be an integer from 0 to 9007199254740991, got '9007199254740992'\n/)
    // At the limit, the number is taken (and the capsule has no such record).
    refused(['capsule', 'read', plain, '--seq', '9007199254740991'], 1, /^gdp: RecordNotFoundError: /)
  })

  // Found by attacking the command line: these were exit 1, in the words of the library (a key range's 'gt or gte',
  // 'no file ' and nothing), or parseArgs's three lines naming a made-up value.
  it('usage mistakes in options that go together are usage errors naming the options', () => {
    const cases: Array<[string[], RegExp]> = [
      [['kv', 'list', kv, '--gt', 'a', '--gte', 'b'], /^gdp: give --gt or --gte, not both\n/],
      [['kv', 'count', kv, '--lt', 'a', '--lte', 'b'], /^gdp: give --lt or --lte, not both\n/],
      [['capsule', 'verify', '--file', ''], /^gdp: a file name is empty: name the file to read\n/],
      [['kv', 'put', kv, 'k', '--file', ''], /^gdp: a file name is empty: name the file to read\n/],
      [['capsule', 'create', '--field', 'a=1', '--field', 'a=2'], /^gdp: --field a is given twice: a field has one value\n/],
      [['capsule', 'read', plain, '--hash', '-abc'], /^gdp: --hash takes a value, and the next argument, '-abc', starts with '-': give such a value as --hash=-abc\n/],
      [['capsule', 'read', plain, '--seq'], /^gdp: Option '--seq <value>' argument missing\n/]
    ]
    for (const [args, message] of cases) refused(args, 2, message)
  })

  it('a range from past the end of the capsule is refused, as --seq past it is; from the end it reads nothing yet', () => {
    const size = json(['capsule', 'info', plain]).size as number
    refused(['capsule', 'read', plain, '--from', String(size + 1)], 1, new RegExp(`^gdp: RecordNotFoundError: the capsule has ${size} records; --from ${size + 1} is past its end`))
    expect(ok(['capsule', 'read', plain, '--from', String(size)])).toBe('')
  })

  it('a read that is never proven (a history, a diff) does not take --trust-server, which would skip nothing', () => {
    for (const args of [['kv', 'history', kv, 'k'], ['kv', 'diff', kv, '0'], ['fs', 'diff', files, '0']]) {
      refused([...args, '--trust-server', '--node', '/ip4/127.0.0.1/tcp/1'], 2, new RegExp(`^gdp: Unknown option '--trust-server': 'gdp ${args.slice(0, 2).join(' ')}' does not take it \\(a value starting with '-' goes after '--'\\)\nrun 'gdp ${args.slice(0, 2).join(' ')} --help' for its options\n$`))
    }
  })

  it('usage problems found in the options exit 2 like those found by the parser', () => {
    const cases: Array<[string[], RegExp]> = [
      // A dash and digits is taken as the option's value, and refused by it for what it is.
      [['capsule', 'read', plain, '--last', '-1'], /--last must be an integer >= 1, got '-1'/],
      [['capsule', 'read', plain, '--last', ''], /--last must be an integer >= 1/],
      [['capsule', 'read', plain, '--last', '0'], /--last must be an integer >= 1/],
      [['capsule', 'read', plain, '--to', '5'], /^gdp: --to needs --from\n/],
      [['capsule', 'verify'], /^gdp: give a capsule name or --file <export>\n/],
      [['capsule', 'import'], /^gdp: usage: gdp capsule import <file>\n/],
      [['capsule', 'read', plain, '--hash', 'zzzz'], /^gdp: --hash must be a record hash .*, got 'zzzz'\n/]
    ]
    for (const [args, message] of cases) {
      const r = gdp(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err, args.join(' ')).toMatch(message)
    }
  })

  it('capsule create without --node refuses --server and --delegate (as --replicas n and --spread), and makes no capsule', () => {
    const before = lines(['capsule', 'list']).length
    refused(['capsule', 'create', '--server', 'abc,def', '--delegate', '5x'], 2, /^gdp: --server and --delegate are for a capsule created on servers: give --node too/)
    refused(['capsule', 'create', '--delegate', '30d'], 2, /^gdp: --delegate is for a capsule created on servers/)
    expect(lines(['capsule', 'list'])).toHaveLength(before)
  })

  it('--json with output that is raw bytes is refused, saying why, rather than printing bytes', () => {
    for (const args of [['--json', 'fs', 'get', files, 'small.txt'], ['--json', 'capsule', 'read', plain, '--last', '1', '--raw']]) {
      const r = gdp(args)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.out, args.join(' ')).toBe('')
    }
    expect(gdp(['--json', 'fs', 'get', files, 'small.txt']).err).toMatch(/^gdp: fs get writes the file's bytes, which have no JSON form/)
    expect(gdp(['--json', 'capsule', 'read', plain, '--raw']).err).toMatch(/^gdp: give --raw \(the payload bytes alone\) or --json/)
  })

  it('a global option with a value before the command is not taken for the command', () => {
    writeFileSync(at('admin.token'), `${'t'.repeat(43)}\n`)
    const r = gdp(['--node', 'http://127.0.0.1:9', 'status', '--token-file', 'admin.token'])
    expect(r.err).not.toMatch(/unknown command/)
    expect(r.err).toMatch(/^gdp: NodeNotRunningError: cannot reach the admin API at http:\/\/127\.0\.0\.1:9/)
    expect(r.code).toBe(1)
  })

  it('an admin API address with a query or fragment is refused before anything is asked (it was answered "no route GET /")', () => {
    writeFileSync(at('admin.token'), `${'t'.repeat(43)}\n`)
    for (const node of ['http://127.0.0.1:9?x=1', 'http://127.0.0.1:9/#top', 'http://user:pw@127.0.0.1:9']) {
      refused(['status', '--node', node, '--token-file', 'admin.token'], 2, /^gdp: --node .*: an admin API address is http:\/\/host:port \(or a path before \/v1\/ that a proxy serves it at\), with no query, fragment or user/)
    }
    refused(['status', '--node', 'http://[nonsense', '--token-file', 'admin.token'], 2, /^gdp: --node http:\/\/\[nonsense is not a URL/)
    // An overlay address where these commands take an admin API or a data folder, a capsule name that is none: the
    // option's value not of its kind, as the two above (they exited 1, as if a node had refused; found by going
    // through every option).
    refused(['routes', '--capsule', 'notaname'], 2, /^gdp: not a capsule name \(--capsule\): 'notaname' \(expected 43 base64url characters or 64 hex digits\)\n/)
    // So too certs --after, a capsule name there (the node refused it, exit 1): capsules and routes page by any text.
    refused(['certs', '--after', 'zz'], 2, /^gdp: --after: 'zz' is not a capsule name \(give a page's next\)\n/)
    refused(['certs', '--after', 'A'.repeat(43)], 1, /^gdp: NodeNotRunningError: /)
    for (const view of ['status', 'routes', 'peers']) refused([view, '--node', NODE], 2, /^gdp: '\/ip4\/127\.0\.0\.1\/tcp\/9\/p2p\/12D3.*' is an overlay address; these commands ask a node's admin API/)
  })
})

describe('gdp on a folder where a file is expected, and on a store that is not there', () => {
  it('a folder given as a file is refused as such by every command that reads one', () => {
    mkdirSync(at('folder'), { recursive: true })
    for (const args of [
      ['capsule', 'import', 'folder'], ['capsule', 'verify', '--file', 'folder'], ['capsule', 'fork-check', 'folder'], ['capsule', 'prove-check', 'folder'],
      ['capsule', 'append', plain, '--file', 'folder'], ['kv', 'put', kv, 'k', '--file', 'folder'], ['fs', 'put', files, 'x', '--file', 'folder']
    ]) refused(args, 1, /^gdp: InvalidArgumentError: folder is a folder, not a file\n$/)
  })

  // Found by an audit of the command line's inputs: gdp started by Node's child_process with piped stdio (as these tests
  // run it) has a socket for standard input, which /dev/stdin does not open; it was refused as "is not a file".
  it('--file /dev/stdin where standard input is a socket says to give the input on standard input unnamed', () => {
    const why = '/dev/stdin is standard input, here a socket, which cannot be opened by its name: give the input on standard input without naming a file (leave out --file; where a file is an argument, give -)'
    for (const args of [['capsule', 'append', plain, '--file', '/dev/stdin'], ['kv', 'put', kv, 'k', '--file', '/dev/stdin'], ['capsule', 'fork-check', '/dev/stdin']]) {
      refused(args, 1, new RegExp(`^gdp: InvalidArgumentError: ${why.replace(/[()]/g, '\\$&')}\n$`), 'piped')
    }
    expect(json(['capsule', 'append', plain], 'piped').count).toBe(1)
  })

  it('a command that only reads refuses a --data without a store, and makes none; create makes one', () => {
    const missing = at('mistyped')
    for (const args of [['status'], ['capsule', 'read', plain], ['capsule', 'info', plain], ['capsule', 'list'], ['kv', 'get', kv, 'k'], ['fs', 'ls', files]]) {
      refused(['--data', missing, ...args], 1, new RegExp(`^gdp: StoreOpenError: no store at ${missing}/store \\(is --data right\\?`))
    }
    expect(existsSync(missing)).toBe(false)
    // A data folder with a key and no store yet: status says so, and still makes none.
    ok(['--data', 'fresh', 'keys', 'generate'])
    expect(ok(['--data', 'fresh', 'status'])).toMatch(/^store {3}fresh\/store \(none yet: 'gdp capsule create' makes one\)\n/)
    expect(existsSync(at('fresh/store'))).toBe(false)
    ok(['--data', 'fresh', 'capsule', 'create'])
    expect(json(['--data', 'fresh', 'status']).capsules).toHaveLength(1)
  })
})

describe('gdp errors name themselves; watch --count counts what it prints', () => {
  // Found by going through every command: the server's words sent a user of the local store to ask again, or through
  // another replica.
  it('a version past the latest of a capsule in the local store says so, not that this node has not caught up yet', () => {
    for (const args of [['kv', 'get', kv, 'k', '--version', '99'], ['kv', 'diff', kv, '0', '99'], ['kv', 'watch', kv, '--from', '99'], ['fs', 'ls', files, '--version', '99'], ['fs', 'diff', files, '99']]) {
      refused(args, 1, /^gdp: VersionNotHeldError: version 99 is past the capsule's latest, \d+: the local store holds every version there is\n$/)
    }
  })

  it('an absent key is KeyNotFoundError, in the form every error has', () => {
    const r = gdp(['kv', 'get', kv, 'nokey'])
    expect(r.code).toBe(1)
    expect(r.err).toBe('gdp: KeyNotFoundError: key nokey is absent\n')
  })

  it('kv get and kv history of a key the format does not allow refuse it naming the limit, as a server does: the local store said absent, or no history (exit 0)', () => {
    const atLimit = 'k'.repeat(1024)
    expect(gdp(['kv', 'get', kv, atLimit]).err).toBe(`gdp: KeyNotFoundError: key ${atLimit} is absent\n`)
    expect(gdp(['kv', 'history', kv, atLimit])).toMatchObject({ code: 0, out: '' })
    for (const command of ['get', 'history']) {
      refused(['kv', command, kv, `${atLimit}k`], 2, /^gdp: <key>: key is 1025 bytes, at most 1024 allowed\n/)
      refused(['kv', command, kv, ''], 2, /^gdp: <key>: a key has at least one byte\n/)
    }
  })

  it('kv watch and fs watch --count n stop after n printed changes, however the versions group them', () => {
    ok(['kv', 'batch', kv], '{"put": "w/1", "value": "1"}\n{"put": "w/2", "value": "2"}\n{"put": "w/3", "value": "3"}\n')
    expect(lines(['kv', 'watch', kv, '--from', '0', '--prefix', 'w/', '--count', '2']).map((c) => c.key)).toEqual(['w/1', 'w/2'])
    ok(['fs', 'put', files, 'a/b/c.txt'], 'deep\n')
    expect(lines(['fs', 'watch', files, '--from', '0', '--count', '1'])).toHaveLength(1)
  })

  it('a watch of the local store prints what there is, then ends saying no more can come (it exited 0 mid-command, silently)', () => {
    const run = gdp(['kv', 'watch', kv, '--from', '0', '--prefix', 'w/'])
    expect(run.code).toBe(0)
    expect(run.out.trim().split('\n')).toHaveLength(3)
    expect(run.err).toBe("gdp: the local store takes no writes while this command holds it, so no more changes can come; give --node <router> to follow a running node's capsule\n")
    expect(gdp(['fs', 'watch', files]).err).toMatch(/no more changes can come/)
  })
})

describe('options the command line accepted and then ignored or misread (found by an audit of every option): refused, exit 2', () => {

  it('an option with a value given twice (parseArgs kept the last: --seq 0 --seq 2 read record 2); a flag twice is the same flag', () => {
    refused(['capsule', 'read', plain, '--seq', '0', '--seq', '2'], 2, /^gdp: --seq is given twice: give it once\n/)
    refused(['--data', 'data', '--data', 'other', 'capsule', 'list'], 2, /^gdp: --data is given twice/)
    refused(['capsule', 'create', '--kind', 'kv', '--kind', 'files'], 2, /^gdp: --kind is given twice/)
    expect(gdp(['--json', 'capsule', 'read', plain, '--seq', '0', '--json']).code).toBe(0)
  })

  it('an empty --data or GDP_DATA (the store went to /store), --key or --node', () => {
    refused(['--data', '', 'capsule', 'create'], 2, /^gdp: --data is empty: give a data folder\n/)
    refused(['--key', '', 'capsule', 'create'], 2, /^gdp: --key is empty/)
    refused(['capsule', 'read', plain, '--node', ''], 2, /^gdp: --node is empty/)
    const r = spawnSync(process.execPath, [GDP_MAIN, 'capsule', 'list'], { cwd: dir.path, env: { ...process.env, GDP_DATA: '' } })
    expect(r.status).toBe(2)
    expect(r.stderr.toString()).toMatch(/^gdp: GDP_DATA is set but empty/)
  })

  it('a key file other users may read is one line of warning, as gdp\'s errors are (Node printed its own, naming --trace-warnings)', () => {
    ok(['keys', 'generate', '--key', 'shared.key'])
    chmodSync(at('shared.key'), 0o644)
    const r = spawnSync(process.execPath, [GDP_MAIN, 'keys', 'show', '--key', 'shared.key'], { cwd: dir.path })
    expect({ code: r.status, err: r.stderr.toString() }).toEqual({ code: 0, err: 'gdp: warning: key file shared.key is readable by other users; chmod 600 it\n' })
  })

  it('a GDP_NATIVE_CRYPTO that is neither on nor off is one line naming it, exit 1, whatever the command (a stack trace, as the module loaded)', () => {
    for (const args of [['--help'], ['capsule', 'list']]) {
      const r = spawnSync(process.execPath, [GDP_MAIN, ...args], { cwd: dir.path, env: { ...process.env, GDP_NATIVE_CRYPTO: 'maybe' } })
      expect({ code: r.status, err: r.stderr.toString(), out: r.stdout.toString() }).toEqual({ code: 1, err: "gdp: InvalidArgumentError: GDP_NATIVE_CRYPTO is 'on' or 'off' (libsodium and the SHA-256 addon where they load, or node:crypto only), not 'maybe'\n", out: '' })
    }
  })

  it('a command\'s own option before the command (its value was taken for the command)', () => {
    refused(['--token-file', 'admin.token', 'routes'], 2, /^gdp: '--token-file' is not a global option: a command's own options come after the command/)
    // So between a group's word and its command's: its value was taken for the command ("unknown command 'capsule 1'",
    // "unknown command 'kv a'"), or, for a flag, it was taken where it is refused before the group's word.
    refused(['capsule', '--seq', '1', 'read', plain], 2, /^gdp: '--seq' is not a global option: a command's own options come after the command \(gdp capsule <command> --seq \.\.\.\)\n/)
    refused(['kv', '--prefix', 'a', 'list', kv], 2, /^gdp: '--prefix' is not a global option/)
    refused(['kv', '--hex', 'get', kv, '6869'], 2, /^gdp: '--hex' is not a global option/)
    // Global options stay free to come there, and a one-word command's options follow it.
    expect(gdp(['capsule', '--json', 'read', plain, '--seq', '1']).code).toBe(0)
    expect(gdp(['capsule', '--data', 'data', 'read', plain, '--seq', '1']).code).toBe(0)
    expect(gdp(['status', '--json']).code).toBe(0)
    // With no command at all, an unknown option is just that.
    refused(['--bogus'], 2, /^gdp: Unknown option '--bogus'/)
  })

  it('options that go with others, or mean nothing where they are given', () => {
    refused(['capsule', 'move', plain, '--to', plain, '--node', NODE, '--concurrency', 'abc'], 2, /^gdp: --concurrency goes with --all-from\n/)
    refused(['capsule', 'move', plain, '--to', plain, '--node', NODE, '--max-listed', '10'], 2, /^gdp: --max-listed goes with --all-from\n/)
    refused(['capsule', 'renew', plain, '--node', NODE, '--max-listed', '10'], 2, /^gdp: --max-listed goes with --all-from\n/)
    refused(['capsule', 'delegate', '--all-from', plain, '--to-key', json(['keys', 'show']).publicKey, '--node', NODE, '--max-listed', '0'], 2, /^gdp: --max-listed/)
    refused(['capsule', 'read', plain, '--node', NODE, '--proof'], 2, /^gdp: --proof prints the inclusion proof of each record of a local store; records read through --node are checked/)
    refused(['capsule', 'read', plain, '--proof', '--raw'], 2, /^gdp: --raw writes the payload bytes alone/)
    refused(['capsule', 'append', plain, 'a', 'b', '--lines'], 2, /^gdp: --lines splits a file or stdin into records/)
    refused(['capsule', 'export', plain, '--out', '-', '--json'], 2, /^gdp: --out - writes the export file itself to stdout/)
    refused(['node', 'init', '--key', 'other.key'], 2, /^gdp: --key names the key gdp signs with, and 'gdp node init' signs nothing with it \(a node's key is <data>\/node\.key, here .*\/node\.key\): leave it out\n/)
    // So does every command that signs nothing with it (reads, lists, counts took it and did nothing).
    refused(['capsule', 'read', plain, '--key', 'other.key'], 2, /^gdp: --key names the key gdp signs with, and 'gdp capsule read' signs nothing with it: leave it out\n/)
    refused(['--key', 'other.key', 'capsule', 'list'], 2, /^gdp: --key names the key gdp signs with, and 'gdp capsule list' signs nothing with it/)
    refused(['kv', 'get', plain, 'k', '--key', 'other.key'], 2, /^gdp: --key names the key gdp signs with, and 'gdp kv get' signs nothing with it/)
    refused(['kv', 'count', plain, '--hex'], 2, /^gdp: --hex reads the keys of --prefix or the bounds in hex, and a count prints none: with no range given, leave it out\n/)
    refused(['capsule', 'info', plain, '--node', NODE, '--sync'], 2, /^gdp: --sync makes this process fsync its writes to a local store/)
    refused(['status', '--token-file', 'admin.token'], 2, /^gdp: --token-file is the token of an admin API/)
    refused(['routes', '--node', 'http://127.0.0.1:9', '--capsule', plain, '--limit', '1'], 2, /^gdp: --limit pages the server sets; the routes of one capsule/)
    refused(['node', 'rebalance', '--to', NODE, '--share', '0x1'], 2, /^gdp: --share 0x1: a fraction above 0 and at most 1/)
    // A prefix of a name, which the local store resolves: through a node it was "not a capsule name", as if malformed
    // (capsule append still said so). An argument not of its kind for the mode it is given in: a usage error.
    for (const command of [['capsule', 'info'], ['capsule', 'read'], ['kv', 'list'], ['fs', 'ls'], ['capsule', 'append']]) {
      // After '--': one name in 64 starts with '-', and its prefix was taken for an option (whole names are kept from that).
      refused([...command, '--node', NODE, '--', plain.slice(0, 8)], 2, /^gdp: '[A-Za-z0-9_-]{8}' is a prefix of a capsule name, and only the local store resolves a prefix: give the capsule's whole name \(43 characters, as gdp prints it\)\n/, 'x')
    }
  })

  it('values that would mean something else: --expires @0 (0 is "never"), empty stdin for append (it wrote an empty record)', () => {
    const before = lines(['capsule', 'list']).length
    refused(['capsule', 'create', '--expires', '@0'], 2, /^gdp: --expires @0 is not after now/)
    expect(lines(['capsule', 'list'])).toHaveLength(before)
    const size = json(['capsule', 'info', plain]).size as number
    refused(['capsule', 'append', plain], 1, /^gdp: InvalidArgumentError: nothing to append: stdin was empty/, '')
    // Said before the node is dialled (nothing listens at NODE): it was LinkRefusedError, 3 s later.
    refused(['capsule', 'append', plain, '--node', NODE], 1, /^gdp: InvalidArgumentError: nothing to append: stdin was empty/, '')
    refused(['capsule', 'append', plain, '--file', '/dev/null', '--node', NODE], 1, /^gdp: InvalidArgumentError: nothing to append: \/dev\/null is empty/)
    // kv put likewise: an empty stdin or file replaced the key's value with nothing.
    refused(['kv', 'put', kv, 'k'], 1, /^gdp: InvalidArgumentError: nothing to put: stdin was empty \(an empty value is put by giving '' as the value\)\n$/, '')
    refused(['kv', 'put', kv, 'k', '--file', '/dev/null', '--node', NODE], 1, /^gdp: InvalidArgumentError: nothing to put: \/dev\/null is empty/)
    // fs put of an empty stdin stored an empty file over the one there; an empty file is put from one.
    refused(['fs', 'put', files, 'empty.txt'], 1, /^gdp: InvalidArgumentError: nothing to put: stdin was empty \(an empty file is put with --file \/dev\/null\)\n$/, '')
    refused(['fs', 'put', files, 'empty.txt', '--node', NODE], 1, /^gdp: InvalidArgumentError: nothing to put: stdin was empty/, '')
    ok(['fs', 'put', files, 'empty.txt', '--file', '/dev/null'])
    expect(json(['fs', 'stat', files, 'empty.txt'])).toMatchObject({ type: 'file', size: 0 })
    ok(['capsule', 'append', plain, ''])
    expect(json(['capsule', 'info', plain]).size).toBe(size + 1)
  })

  it('a time not of its kind names its option, and --expires, which takes a duration too, says it is neither', () => {
    // "not a time: '1.5d'" named no option, and sent a user of --expires, whose help offers 90d, to times alone.
    refused(['capsule', 'create', '--expires', '1.5d'], 2, /^gdp: --expires: '1\.5d' is neither a time \(ISO 8601 such as 2026-01-31 or 2026-01-31T12:00:00Z, or @unix-seconds\) nor a duration \(a whole number and ms, s, m, h, d or w, e\.g\. 30s or 90d\)\n/)
    refused(['capsule', 'create', '--expires', '2026-13-01'], 2, /^gdp: --expires: the time '2026-13-01' names a day or a time of day that does not exist\n/)
    refused(['capsule', 'read', plain, '--at', '1h'], 2, /^gdp: --at: not a time: '1h' \(use ISO 8601/)
    refused(['kv', 'get', kv, 'k', '--at', '1h'], 2, /^gdp: --at: not a time: '1h'/)
    refused(['fs', 'ls', files, '--at', '2026-02-30', '--node', NODE], 2, /^gdp: --at: the time '2026-02-30' names a day/)
  })

  it('a reader that goes away during the last writes of a few hundred KiB still ends the command with 141 (it exited 0)', () => {
    ok(['fs', 'put', files, 'medium.bin'], Buffer.alloc(600_000, 'x'))
    for (let i = 0; i < 3; i++) {
      const r = spawnSync('bash', ['-c', `"${process.execPath}" "${GDP_MAIN}" fs get ${files} medium.bin | head -c 10 > /dev/null; exit \${PIPESTATUS[0]}`], { cwd: dir.path })
      expect(r.stderr.toString()).toBe('')
      expect(r.status).toBe(141)
    }
  })

  it('a node\'s name that is not one is called what it should be, not a capsule name', () => {
    refused(['domain', 'admit', 'abc', '--out', 'm.bin'], 2, /^gdp: not a router's node name: 'abc'/)
    refused(['node', 'graft', 'abc', '--to', '/ip4/127.0.0.1/tcp/1'], 2, /^gdp: not a node name: 'abc'/)
  })

  it('a capsule or node name argument not of its kind is a usage error, as the same name given to an option is (routes --capsule, --server) and a version argument is; one not found is not', () => {
    refused(['capsule', 'info', 'not/a:name!'], 2, /^gdp: 'not\/a:name!' is not a capsule name: a name is 43 base64url characters/)
    refused(['capsule', 'info', 'abc'], 2, /^gdp: 'abc' is too short to name a capsule \(give at least 6 characters\)\n/)
    refused(['kv', 'get', 'abc', 'k'], 2, /^gdp: 'abc' is too short to name a capsule/)
    // 43 characters whose last one sets the bits a name of 32 bytes leaves spare: no name's text.
    refused(['capsule', 'read', `${plain.slice(0, 42)}_`], 2, /^gdp: not a capsule name: '[A-Za-z0-9_-]{43}' \(expected 43 base64url characters or 64 hex digits\)\n/)
    refused(['capsule', 'read', 'not/a:name!', '--node', NODE], 2, /^gdp: not a capsule name: 'not\/a:name!'/)
    refused(['domain', 'admit', 'abc', '--out', 'm.bin', '--parent', 'abc'], 2, /^gdp: not a router's node name: 'abc'/)
    // Well formed, and no capsule of the store: what the store says, a failed operation.
    refused(['capsule', 'info', 'zzzzzzzz'], 1, /^gdp: CapsuleNotFoundError: no capsule in .* starts with 'zzzzzzzz'\n/)
  })

  it('a router, standby or receiver address given to --to that is no multiaddr, or names no peer, is a usage error before any node is asked (the node refused it with exit 1; drain attack F8)', () => {
    const neighbour = `AQ${'A'.repeat(41)}`
    refused(['node', 'drain', '--to', 'garbage'], 2, /^gdp: --to: 'garbage' is not a multiaddr\n/)
    refused(['node', 'drain', '--to', '/ip4/127.0.0.1/tcp/48499'], 2, /^gdp: --to: '\/ip4\/127.0.0.1\/tcp\/48499' must end in \/p2p\/<the router's peer id>\n/)
    refused(['node', 'rebalance', '--to', 'garbage'], 2, /^gdp: --to: 'garbage' is not a multiaddr\n/)
    refused(['node', 'graft', neighbour, '--to', '/ip4/127.0.0.1/tcp/1'], 2, /^gdp: --to: '\/ip4\/127.0.0.1\/tcp\/1' must end in \/p2p\/<the router's peer id>\n/)
    // So too a standby's and a migration receiver's (found by going through every option: the node refused them, exit 1).
    refused(['node', 'migrate', '--to', 'garbage'], 2, /^gdp: --to: 'garbage' is not a multiaddr\n/)
    refused(['node', 'migrate', '--to', '/ip4/127.0.0.1/tcp/1'], 2, /^gdp: --to: '\/ip4\/127.0.0.1\/tcp\/1' must end in \/p2p\/<the standby's peer id>\n/)
    refused(['migrate', 'send', '--to', 'garbage', '--name', 'x', '--image', `a=${at('no-such-image')}`], 2, /^gdp: --to: 'garbage' is not a multiaddr\n/)
    refused(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1', '--name', 'x', '--image', `a=${at('no-such-image')}`], 2, /^gdp: --to: '\/ip4\/127.0.0.1\/tcp\/1' must end in \/p2p\/<the receiver's peer id>\n/)
  })

  it('node start: a flag\'s value not of its kind, and --dashboard without --admin, are usage errors (exit 2) naming the flag (they exited 1 as a configuration\'s mistake; admin attack #7)', () => {
    for (const [args, message] of [
      [['--admin', '--admin-port', 'abc'], "gdp: --admin-port: 'abc' is not a TCP port"],
      [['--log-level', 'loud'], "gdp: --log-level: 'loud' is not a log level"],
      [['--dashboard'], 'gdp: --dashboard is a page of the admin API, and it is off: give --admin too']
    ] as const) {
      const r = spawnSync(process.execPath, [GDP_MAIN, '--data', at('flag-values'), 'node', 'start', '--role', 'router', '--listen', '/ip4/127.0.0.1/tcp/0', ...args], { timeout: 30_000 })
      expect([args.join(' '), r.status]).toEqual([args.join(' '), 2])
      expect(r.stderr.toString()).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    }
  })

  it('node start: --gateway-port, --admin-host and the like without the service they set (they were ignored)', () => {
    const r = spawnSync(process.execPath, [GDP_MAIN, '--data', at('ignored-ports'), 'node', 'start', '--role', 'router', '--listen', '/ip4/127.0.0.1/tcp/0', '--gateway-port', '14080', '--admin-host', '127.0.0.1'], { timeout: 30_000 })
    expect(r.status).toBe(2)
    expect(r.stderr.toString()).toMatch(/^gdp: --gateway-port sets where the HTTP gateway listens, and it is off: give --gateway too\n/)
  })
})

describe('option values refused with exit 1 or accepted and ignored (second part of the attack on the options): usage errors, exit 2', () => {
  const node = (args: string[], env: Record<string, string> = {}): { code: number | null, err: string } => {
    const listen = args.includes('--listen') ? [] : ['--listen', '/ip4/127.0.0.1/tcp/0']
    const r = spawnSync(process.execPath, [GDP_MAIN, '--data', at('opts-2'), 'node', 'start', '--role', 'router', ...listen, ...args], { timeout: 30_000, env: { ...process.env, ...env } })
    return { code: r.status, err: r.stderr.toString() }
  }

  it('node start: a flag that the checks of the whole configuration refuse names the flag and exits 2 (they exited 1 with the setting\'s name)', () => {
    for (const [args, message] of [
      [['--migration-allow', 'any,foo'], "gdp: --migration-allow: 'any' cannot be combined with node names"],
      [['--migration-allow', 'foo'], "gdp: --migration-allow: 'foo' is not a node name"],
      [['--upstream', '/ip4/127.0.0.1/tcp/1'], "gdp: --upstream: '/ip4/127.0.0.1/tcp/1' must end in /p2p/<peer id>"],
      [['--advertise-interval', '10s', '--advertise-lifetime', '5s'], 'gdp: --advertise-lifetime: advertise_lifetime must be longer than advertise_interval'],
      [['--advertise-interval', '1ms'], 'gdp: --advertise-interval: at least 100ms, not 1ms'],
      [['--listen', ''], 'gdp: --listen: a router listens for the servers, clients and routers that link to it'],
      [['--standby', '--accept', 'foo'], "gdp: not a router's node name (--accept): 'foo'"]
    ] as const) {
      const r = node([...args])
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2])
      expect(r.err).toMatch(new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
    }
  })

  it('node start --sync on a router or client is a usage error (a router keeps no store: it was taken and did nothing)', () => {
    const r = node(['--sync'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^gdp: --sync: a server's setting, and this node is a router: it does nothing here\n/)
  })

  it('node start --log-format json --log-level none is a usage error (no log is written, in any format)', () => {
    const r = node(['--log-format', 'json', '--log-level', 'none'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^gdp: --log-format: a format of the logs, and log_level is none: it does nothing here\n/)
  })

  // Found by going through node start's flags: a standby that takes a router over runs with the settings the router
  // brings (router.yaml), so these were taken and did nothing until the next start, where they won.
  it('node start --standby: --upstream, --neighbours, --trusted-domains, --membership, --advertise-*, --migration-allow and --role server are usage errors (the router brings its own)', () => {
    const standby = ['--standby', '--accept', 'x7a88n_VOaqb7Uw_gVNz3j6GMNT2IQbNGhmBVkCE4fc']
    writeFileSync(at('standby-membership.bin'), 'a membership file')
    for (const args of [['--upstream', NODE], ['--neighbours', NODE], ['--trusted-domains', 'A'.repeat(43)], ['--membership', at('standby-membership.bin')], ['--advertise-interval', '10s'], ['--advertise-lifetime', '5m'], ['--migration-allow', 'any']]) {
      const r = node([...standby, ...args])
      expect([args[0], r.code]).toEqual([args[0], 2])
      expect(r.err).toMatch(new RegExp(`^gdp: ${args[0]!} sets what the router that moves here brings \\(its own, kept in router\\.yaml\\): a standby takes none; give it to gdp node start once the router runs here\n`))
    }
    const server = spawnSync(process.execPath, [GDP_MAIN, '--data', at('opts-2'), 'node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0', ...standby], { timeout: 30_000 })
    expect(server.status).toBe(2)
    expect(server.stderr.toString()).toMatch(/^gdp: a standby takes a router over: leave --role out, or give --role router\n/)
  })

  // Found by going through node start's options: an empty --config was tried as a file named '' (FileAccessError, exit 1).
  it('node start --config \'\' is a usage error, as an empty --data or --key is', () => {
    const r = node(['--config', ''])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^gdp: --config is empty: give a configuration file \(or leave --config out for the defaults\)\n/)
  })

  it('node start: a gateway port from the environment with the gateway off is refused (it was ignored); the file\'s mistakes exit 1', () => {
    const r = node([], { GDP_GATEWAY_PORT: '5999' })
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^gdp: InvalidArgumentError: environment gateway.port: the HTTP gateway is off, so this does nothing/)
  })

  it('node start: a GDP_* variable a letter from a setting\'s is warned about, naming the setting', async () => {
    const child = spawn(process.execPath, [GDP_MAIN, '--data', at('opts-2-warn'), 'node', 'start', '--role', 'router', '--listen', '/ip4/127.0.0.1/tcp/0'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GDP_UPSTREM: '/ip4/127.0.0.1/tcp/1' } })
    let err = ''
    child.stderr.on('data', (d: Buffer) => { err += d.toString() })
    let out = ''
    child.stdout.on('data', (d: Buffer) => { out += d.toString() })
    const exited = new Promise((resolve) => child.on('exit', resolve))
    for (let i = 0; i < 300 && !out.includes('listening on'); i++) await new Promise((resolve) => setTimeout(resolve, 100))
    child.kill('SIGINT')
    await exited
    expect(out).toMatch(/listening on/)
    expect(err).toBe('gdp: warning: GDP_UPSTREM names no setting, and is ignored: did you mean GDP_UPSTREAM?\n')
  })

  it('capsule create --writer (not a key, or 32 bytes v1 takes for none), --expires far past 2255, capsule delegate --to-key, domain admit --parent, node rebalance --window past 1 h: usage errors naming the option', () => {
    refused(['capsule', 'create', '--writer', 'zz'], 2, /^gdp: --writer: not an Ed25519 public key: 'zz'/)
    refused(['capsule', 'create', '--expires', '9007199254740991ms'], 2, /^gdp: --expires 9007199254740991ms: too far ahead \(times end in the year 2255\)\n/)
    refused(['capsule', 'create', '--delegate', '1000000w', '--node', NODE], 2, /^gdp: --delegate 1000000w: too far ahead/)
    refused(['replicas', 'add', plain, '--server', plain, '--delegate', '1000000w', '--node', NODE], 2, /^gdp: --delegate 1000000w: too far ahead/)
    refused(['capsule', 'delegate', plain, '--node', NODE, '--to-key', 'zz'], 2, /^gdp: --to-key: not an Ed25519 public key: 'zz'/)
    // 32 bytes that are no key v1 takes (here the identity point): --writer failed at the metadata, exit 1, naming no option.
    const noKey = `AQ${'A'.repeat(41)}`
    refused(['capsule', 'create', '--writer', noKey], 2, new RegExp(`^gdp: --writer: '${noKey}' is not an Ed25519 public key v1 accepts: its 32 bytes encode no point of order L`))
    refused(['capsule', 'delegate', plain, '--node', NODE, '--to-key', noKey], 2, new RegExp(`^gdp: --to-key: '${noKey}' is not an Ed25519 public key v1 accepts`))
    refused(['capsule', 'delegate', plain, '--node', NODE, '--to-key', json(['keys', 'show']).publicKey, '--valid', '1000000w'], 2, /^gdp: --valid 1000000w: too far ahead/)
    refused(['domain', 'admit', plain, '--out', at('m.bin'), '--parent', 'bad'], 2, /^gdp: not a parent domain's name \(--parent\): 'bad'/)
    expect(existsSync(at('m.bin'))).toBe(false)
    refused(['node', 'rebalance', '--to', NODE, '--window', '2h'], 2, /^gdp: --window 2h: at most 1h \(the command waits for the measurement\)\n/)
  })

  // Found by reading the options: --delegate 1ms was signed and sent, a certificate over before any reader saw it
  // (readers allow 60 s of clock skew), and 1m, minutes, is a typo for a month.
  it('a certificate\'s validity (--delegate, --valid) under 1 h is refused before anything is signed or dialled, naming the minimum; 1 h is taken', () => {
    const key = json(['keys', 'show']).publicKey as string
    const short = /a certificate is valid for at least 1h \(m is minutes, 30d a month\): readers allow 60 s of clock skew, and a shorter one ends before it is of use\n/
    for (const [args, option] of [
      [['capsule', 'create', '--node', NODE], '--delegate'],
      [['replicas', 'add', plain, '--server', plain, '--node', NODE], '--delegate'],
      [['capsule', 'move', plain, '--to', plain, '--node', NODE], '--delegate'],
      [['capsule', 'renew', plain, '--node', NODE], '--delegate'],
      [['capsule', 'delegate', plain, '--to-key', key, '--node', NODE], '--valid'],
      [['domain', 'admit', plain, '--out', 'short.membership'], '--valid']
    ] as Array<[string[], string]>) {
      for (const value of ['1ms', '1m', '3599999ms']) refused([...args, option, value], 2, new RegExp(`^gdp: ${option} ${value}: ${short.source}`))
    }
    expect(existsSync(at('short.membership'))).toBe(false)
    // At the minimum: signed (a domain membership needs no node; the AdCerts of 1 h are taken by servers in remote.test.ts).
    ok(['domain', 'admit', plain, '--out', 'hour.membership', '--valid', '1h'])
    ok(['domain', 'admit', plain, '--out', 'minutes.membership', '--valid', '60m'])
    expect(existsSync(at('hour.membership'))).toBe(true)
  })

  it('--sync on a command that writes no local store is refused (it was accepted and did nothing); those that write take it', () => {
    // capsule repair: the running node mends its own store, under its own sync setting (--sync was taken and did nothing).
    for (const args of [['keys', 'show'], ['capsule', 'read', plain], ['capsule', 'info', plain], ['kv', 'get', kv, 'k'], ['routes'], ['capsule', 'repair', plain]]) {
      refused([...args, '--sync'], 2, new RegExp(`^gdp: --sync makes this process fsync its writes to the local store, and 'gdp ${args.slice(0, args[0] === 'routes' ? 1 : 2).join(' ')}' writes none: leave it out\n`))
    }
    ok(['capsule', 'append', plain, 'synced', '--sync'])
    ok(['kv', 'put', kv, 'k', 'v', '--sync'])
  })
})

describe('gdp node start with files and services it cannot use', () => {
  /** Runs gdp node start with a time limit (a node that did start would serve until stopped). */
  const start = (data: string, args: string[] = []): { code: number | null, err: string } => {
    const child = spawnSync(process.execPath, [GDP_MAIN, '--data', data, 'node', 'start', '--role', 'router', '--listen', '/ip4/127.0.0.1/tcp/0', ...args], { timeout: 30_000 })
    return { code: child.status, err: child.stderr.toString() }
  }

  /**
   * Runs gdp node start (a router on loopback, `args` after it) until `ready` holds of what it printed so far (or it
   * exits, or 30 s pass), then `check` with what it printed, and kills it.
   */
  async function whileRunning (data: string, args: string[], ready: (out: string, err: string) => boolean, check: (out: string, err: string) => void): Promise<void> {
    const child = spawn(process.execPath, [GDP_MAIN, '--data', data, 'node', 'start', '--role', 'router', '--listen', '/ip4/127.0.0.1/tcp/0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { err += chunk.toString() })
    try {
      const deadline = Date.now() + 30_000
      while (!ready(out, err) && child.exitCode === null && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
      check(out, err)
    } finally {
      child.kill('SIGKILL')
    }
  }

  it('an admin port in use, an admin host that is no address: a ListenError naming the admin API and address (it was an internal error)', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => { holder.listen(0, '127.0.0.1', resolve) })
    const port = (holder.address() as AddressInfo).port
    try {
      const busy = start(at('admin-busy'), ['--admin', '--admin-port', String(port)])
      expect(busy.code).toBe(1)
      expect(busy.err).toMatch(new RegExp(`^gdp: ListenError: the admin API cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`))
      expect(busy.err.trim().split('\n')).toHaveLength(1)
      // Nothing of the failed start is left behind: its control socket said a node was there (admin attack #10).
      expect(existsSync(join(at('admin-busy'), 'control.sock'))).toBe(false)
    } finally {
      holder.close()
    }
    const nowhere = start(at('admin-nowhere'), ['--admin', '--admin-host', 'not.an.address.invalid'])
    expect(nowhere.code).toBe(1)
    expect(nowhere.err).toBe("gdp: ListenError: the admin API cannot listen on not.an.address.invalid:4090: 'not.an.address.invalid' is not an address of this machine\n")
  })

  it('an admin API or gateway on every interface says so, with a warning, where the node said it was on 127.0.0.1', async () => {
    await whileRunning(at('every-interface'), ['--admin', '--admin-host', '0.0.0.0', '--admin-port', '0', '--gateway', '--gateway-port', '0'], (out, err) => err.includes('warning') && out.includes('admin API on'), (out, err) => {
      expect(out).toMatch(/\nadmin API on http:\/\/0\.0\.0\.0:\d+ /)
      expect(out).toMatch(/\nHTTP gateway on http:\/\/127\.0\.0\.1:\d+ /)
      expect(err).toMatch(/^gdp: warning: the admin API listens on http:\/\/0\.0\.0\.0:\d+, not on loopback: other machines can reach it, and its bearer token is all that keeps them out\n$/)
    })
  })

  it('a second start on a folder where a node runs is refused, saying so, and leaves that node\'s control socket (a router\'s failed start removed it: the running node could be asked nothing more)', async () => {
    const data = at('running')
    await whileRunning(data, [], () => existsSync(join(data, 'status.json')), () => {
      for (const role of ['router', 'server']) {
        const second = spawnSync(process.execPath, [GDP_MAIN, '--data', data, 'node', 'start', '--role', role, '--listen', '/ip4/127.0.0.1/tcp/0'], { timeout: 30_000 })
        expect(second.status).toBe(1)
        expect(second.stderr.toString()).toBe(`gdp: StoreInUseError: a node already runs on ${data} (gdp status --data ${data} shows it): stop it first, or start this one with another --data\n`)
        expect(existsSync(join(data, 'control.sock'))).toBe(true)
        expect(gdp(['--data', data, 'status'])).toMatchObject({ code: 0, out: expect.stringMatching(/^node +\S+ \(router\)\n/) as unknown })
      }
    })
  })

  it('a router started on a folder that holds a capsule store warns that it serves none of those capsules (a server\'s folder started as a router served nothing, with nothing said)', async () => {
    const data = at('was-a-server')
    expect(spawnSync(process.execPath, [GDP_MAIN, '--data', data, 'keys', 'generate']).status).toBe(0)
    expect(spawnSync(process.execPath, [GDP_MAIN, '--data', data, 'capsule', 'create']).status).toBe(0)
    await whileRunning(data, [], (out) => out.includes('listening on'), (out, err) => {
      expect(out).toContain('(router)')
      expect(err).toBe(`gdp: warning: ${join(data, 'store')} holds a capsule store, and this node starts as a router, which serves no capsules: start it with --role server to serve them\n`)
    })
  })

  it('a --data that is a store itself (a node\'s store/ folder) or a file is refused, naming the folder meant, before anything is written there', () => {
    const data = at('store-as-data')
    expect(spawnSync(process.execPath, [GDP_MAIN, '--data', data, 'keys', 'generate']).status).toBe(0)
    expect(spawnSync(process.execPath, [GDP_MAIN, '--data', data, 'capsule', 'create']).status).toBe(0)
    const store = join(data, 'store')
    const before = readdirSync(store).sort()
    // A node started there made a node.key, a store and its folders inside the LevelDB folder, as a new node.
    for (const args of [['node', 'start', '--role', 'server', '--listen', '/ip4/127.0.0.1/tcp/0'], ['status'], ['capsule', 'list']]) {
      const run = spawnSync(process.execPath, [GDP_MAIN, '--data', store, ...args], { timeout: 30_000 })
      expect(run.status).toBe(2)
      expect(run.stderr.toString()).toMatch(new RegExp(`^gdp: --data ${store} is a capsule store itself \\(LevelDB's files are in it\\), not a data folder: give the folder that holds it, --data ${data}\n`))
    }
    expect(readdirSync(store).sort()).toEqual(before)
    // status said 'none yet' of <file>/store, as if the file were an empty data folder.
    const file = join(data, 'node.key')
    writeFileSync(file, 'x')
    const status = spawnSync(process.execPath, [GDP_MAIN, '--data', file, 'status'], { timeout: 30_000 })
    expect(status.status).toBe(2)
    expect(status.stderr.toString()).toMatch(new RegExp(`^gdp: --data ${file} is a file, not a data folder\n`))
  })

  // Found by attacking a server's disk: it was "cannot mkdir <data>/migration/bases: no such file or folder", no word
  // of the link.
  it('a folder of the data folder that is a symbolic link to nothing (a disk not mounted): one typed line naming the link and where it points', () => {
    const data = at('linked-data')
    mkdirSync(data)
    symlinkSync(at('unmounted/migration'), join(data, 'migration'))
    const r = start(data)
    expect(r.code).toBe(1)
    expect(r.err).toBe(`gdp: FileAccessError: ${join(data, 'migration')} is a symbolic link to ${at('unmounted/migration')}, which is not there: put the folder back where the link points (a disk not mounted?), or remove the link\n`)
  })

  it('a data folder under a file or where no folder can be made, a token file that is a folder: one typed line naming the path (they were internal errors)', () => {
    writeFileSync(at('a-file'), 'x')
    const underFile = start(join(at('a-file'), 'data'))
    expect(underFile.code).toBe(1)
    expect(underFile.err).toMatch(/^gdp: FileAccessError: cannot mkdir .*a-file\/data: a file stands where that path needs a folder\n$/)
    // Node's recursive mkdir tried again forever under /proc, and the node ignored SIGTERM: the time limit killed it.
    const underProc = start('/proc/gdp-no-such-folder/data')
    expect(underProc.code).toBe(1)
    expect(underProc.err).toBe('gdp: FileAccessError: cannot make the folder /proc/gdp-no-such-folder: the file system holding /proc makes no folders there\n')
    expect(spawnSync(process.execPath, [GDP_MAIN, '--key', at('proc.key'), 'keys', 'generate']).status).toBe(0)
    const storeUnderProc = spawnSync(process.execPath, [GDP_MAIN, '--data', '/proc/gdp-no-such-folder', '--key', at('proc.key'), 'capsule', 'create'], { timeout: 30_000 })
    expect(storeUnderProc.status).toBe(1)
    expect(storeUnderProc.stderr.toString()).toMatch(/^gdp: FileAccessError: cannot make the folder \/proc\/gdp-no-such-folder: /)
    mkdirSync(join(at('token-folder'), 'admin.token'), { recursive: true })
    const tokenFolder = start(at('token-folder'), ['--admin'])
    expect(tokenFolder.code).toBe(1)
    expect(tokenFolder.err).toMatch(/^gdp: InvalidArgumentError: admin token file .*token-folder\/admin\.token is not a file\n$/)
  })
})

describe('gdp node start on an address another process holds', () => {
  it('says which address and why in one line (it was an internal error with a stack trace), the node and a standby alike', async () => {
    const holder = createServer()
    await new Promise<void>((resolve) => { holder.listen(0, '127.0.0.1', resolve) })
    const port = (holder.address() as AddressInfo).port
    try {
      for (const extra of [[], ['--standby', '--accept', 'x7a88n_VOaqb7Uw_gVNz3j6GMNT2IQbNGhmBVkCE4fc']]) {
        // With a time limit: a node that did start would serve until stopped.
        const child = spawnSync(process.execPath, [GDP_MAIN, '--data', at(`busy${extra.length}`), 'node', 'start', '--role', 'router', '--listen', `/ip4/127.0.0.1/tcp/${port}`, ...extra], { timeout: 30_000 })
        const run = { code: child.status, err: child.stderr.toString() }
        expect(run.code).toBe(1)
        expect(run.err).toMatch(new RegExp(`^gdp: ListenError: cannot listen on /ip4/127\\.0\\.0\\.1/tcp/${port}: .*EADDRINUSE.*\\(another process on that port\\?`))
        expect(run.err.trim().split('\n')).toHaveLength(1)
      }
    } finally {
      holder.close()
    }
  })

  // Found by attacking the operator's surface: every address the node could not listen on was said to be held by
  // "another process on that port?", an address of another machine and a transport the node has not included.
  it('an address not of this machine, or of a transport the node has not, is not said to be in use', () => {
    for (const [address, hint] of [['/ip4/192.0.2.1/tcp/0', 'not an address of this machine?'], ['/ip4/127.0.0.1/udp/0/quic-v1', 'a node listens on TCP and WebSocket']] as const) {
      const child = spawnSync(process.execPath, [GDP_MAIN, '--data', at(`nowhere${hint.length}`), 'node', 'start', '--role', 'router', '--listen', address], { timeout: 30_000 })
      const err = child.stderr.toString()
      expect(child.status).toBe(1)
      expect(err).toContain(`gdp: ListenError: cannot listen on ${address}: `)
      expect(err).toContain(`(${hint}`)
      expect(err).not.toContain('another process')
    }
  })
})

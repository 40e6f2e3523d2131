// `gdp fs ...` (docs/files.md) on a file capsule in the local store, and
// through a running node with --node.
import { randomBytes } from 'node:crypto'
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { gdpIn } from './run-gdp.js'
import { gdpThroughServer } from './through-node.js'

const dir = tempDir('gdp-cli-fs-')
const { gdp, ok, json, lines } = gdpIn(dir.path)
afterAll(() => { dir.cleanup() })

describe('gdp fs on the local store', () => {
  let fs = ''
  const content = randomBytes(3 * 1024 * 1024 + 17)

  it('puts a file from a file and from stdin, and gets it back whole and by range', () => {
    ok(['keys', 'generate'])
    fs = json(['capsule', 'create', '--kind', 'files']).name
    writeFileSync(join(dir.path, 'big.bin'), content)
    const put = json(['fs', 'put', fs, 'docs/big.bin', '--file', 'big.bin'])
    expect(put).toMatchObject({ type: 'file', path: 'docs/big.bin', size: content.length })
    // The version it made is printed (README reads the file as of it), and stat shows the ETag (only --json did).
    const made = /^notes\.txt\t12 bytes\t\d+ bytes stored new\tversion (\d+)\n$/.exec(ok(['fs', 'put', fs, 'notes.txt'], 'hello files\n'))
    expect(made).not.toBeNull()
    expect(ok(['fs', 'get', fs, 'notes.txt', '--version', made![1]!])).toBe('hello files\n')
    const { etag } = json(['fs', 'stat', fs, 'notes.txt'])
    expect(ok(['fs', 'stat', fs, 'notes.txt'])).toMatch(new RegExp(`^notes\\.txt\\t12\\t\\S+\\t${etag.replace(/"/g, '"')}\\n$`))
    ok(['fs', 'get', fs, 'docs/big.bin', '--out', 'back.bin'])
    expect(readFileSync(join(dir.path, 'back.bin')).equals(content)).toBe(true)
    ok(['fs', 'get', fs, 'docs/big.bin', '--range', '1000-1100', '--out', 'part.bin'])
    expect(readFileSync(join(dir.path, 'part.bin')).equals(content.subarray(1000, 1100))).toBe(true)
    // Up to byte 5, its start left out, as the option's help says (parseArgs had called '-5' ambiguous, found by attacking the CLI).
    ok(['fs', 'get', fs, 'docs/big.bin', '--range', '-5', '--out', 'head.bin'])
    expect(readFileSync(join(dir.path, 'head.bin')).equals(content.subarray(0, 5))).toBe(true)
    expect(ok(['fs', 'get', fs, 'notes.txt'])).toBe('hello files\n')
    // The same bytes again store (almost) nothing new.
    const again = json(['fs', 'put', fs, 'copy.bin', '--file', 'big.bin'])
    expect(again.stored.bytes).toBeLessThan(64 * 1024)
  })

  // Found by an audit of the command line's inputs: the file was written beside the link and renamed over it, so the
  // link became a regular file and the file it named was left as it was.
  it('get --out a symbolic link writes the file it names, and keeps the link; one to no file yet makes that file', () => {
    mkdirSync(join(dir.path, 'linked'))
    writeFileSync(join(dir.path, 'linked', 'target.txt'), 'old')
    symlinkSync('linked/target.txt', join(dir.path, 'link.txt'))
    ok(['fs', 'get', fs, 'notes.txt', '--out', 'link.txt'])
    expect(lstatSync(join(dir.path, 'link.txt')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir.path, 'linked', 'target.txt'), 'utf8')).toBe('hello files\n')
    expect(readdirSync(join(dir.path, 'linked'))).toEqual(['target.txt'])
    symlinkSync('linked/new.txt', join(dir.path, 'dangling.txt'))
    ok(['fs', 'get', fs, 'notes.txt', '--out', 'dangling.txt'])
    expect(lstatSync(join(dir.path, 'dangling.txt')).isSymbolicLink()).toBe(true)
    expect(readFileSync(join(dir.path, 'linked', 'new.txt'), 'utf8')).toBe('hello files\n')
    // A failed get leaves the file the link names as it was.
    expect(gdp(['fs', 'get', fs, 'no-such-file', '--out', 'link.txt']).code).toBe(1)
    expect(readFileSync(join(dir.path, 'link.txt'), 'utf8')).toBe('hello files\n')
    expect(readdirSync(join(dir.path, 'linked')).sort()).toEqual(['new.txt', 'target.txt'])
  })

  it('lists folders, stats, makes folders, renames and removes, and diffs versions', () => {
    // A file capsule is a key-value capsule: its version is the kv one.
    const before = json(['kv', 'count', fs]).version
    expect(lines(['fs', 'ls', fs]).map((s) => s.path)).toEqual(['copy.bin', 'docs', 'notes.txt'])
    expect(ok(['fs', 'ls', fs, 'docs'])).toMatch(/^docs\/big\.bin\t3145745\t/)
    ok(['fs', 'mkdir', fs, 'a/b/c', '--parents'])
    ok(['fs', 'mv', fs, 'notes.txt', 'a/b/notes.txt'])
    expect(ok(['fs', 'get', fs, 'a/b/notes.txt'])).toBe('hello files\n')
    // The refusals name the option to give as gdp takes it (they said 'delete with recursive', 'rename with replace').
    expect(gdp(['fs', 'rm', fs, 'a']).err).toBe('gdp: DirectoryNotEmptyError: the folder \'a\' holds 3 entries: delete them first, or delete with --recursive\n')
    expect(gdp(['fs', 'mv', fs, 'copy.bin', 'docs/big.bin']).err).toBe('gdp: PathExistsError: \'docs/big.bin\' exists already: to overwrite it, rename with --replace\n')
    ok(['fs', 'rm', fs, 'a', '--recursive'])
    expect(gdp(['fs', 'stat', fs, 'a']).code).toBe(1)
    // As of before those changes.
    expect(ok(['fs', 'get', fs, 'notes.txt', '--version', String(before)])).toBe('hello files\n')
    const diff = lines(['fs', 'diff', fs, String(before)])
    expect(diff.map((c) => `${c.change} ${c.path}`)).toEqual(['removed notes.txt'])
    // The folder's own entry as it came, in the record that put its first file.
    expect(lines(['fs', 'watch', fs, 'docs', '--from', '0', '--count', '2']).map((c) => c.path)).toEqual(['docs', 'docs/big.bin'])
  })

  it('takes a folder argument as ls prints it, with a trailing /, where the argument is a folder', () => {
    const folder = lines(['fs', 'ls', fs]).find((s) => s.type === 'folder')!.path as string
    const shown = ok(['fs', 'ls', fs]).split('\n').find((l) => l.startsWith(`${folder}/`))!
    expect(shown).toBe(`${folder}/`)
    expect(ok(['fs', 'ls', fs, shown])).toBe(ok(['fs', 'ls', fs, folder]))
    expect(lines(['fs', 'diff', fs, '0', '--folder', shown]).map((c) => c.path)).toEqual(lines(['fs', 'diff', fs, '0', '--folder', folder]).map((c) => c.path))
    expect(lines(['fs', 'watch', fs, shown, '--from', '0', '--count', '2']).map((c) => c.path)).toEqual(['docs', 'docs/big.bin'])
    expect(json(['fs', 'mkdir', fs, 'made/'])).toMatchObject({ type: 'folder', path: 'made' })
    // One slash: more, or a file's path with one, is refused as before.
    expect(gdp(['fs', 'ls', fs, 'docs//'])).toMatchObject({ code: 2, err: expect.stringMatching(/^gdp: path "docs\/\/" has an empty name/) })
    expect(gdp(['fs', 'ls', fs, 'docs/big.bin/']).err).toMatch(/^gdp: NotADirectoryError: 'docs\/big\.bin' is a file, not a folder/)
    expect(gdp(['fs', 'ls', fs, '/'])).toMatchObject({ code: 2, err: expect.stringMatching(/^gdp: path "\/" is absolute/) })
    // stat and rm too: they said the path had an empty name. A file given so is not deleted (checked on the version the
    // delete would be written at).
    expect(json(['fs', 'stat', fs, shown])).toMatchObject({ type: 'folder', path: folder })
    expect(gdp(['fs', 'stat', fs, 'docs/big.bin/']).err).toMatch(/^gdp: NotADirectoryError: 'docs\/big\.bin' is a file, not a folder/)
    expect(gdp(['fs', 'rm', fs, 'docs/big.bin/']).err).toMatch(/^gdp: NotADirectoryError: 'docs\/big\.bin' is a file, not a folder/)
    expect(json(['fs', 'stat', fs, 'docs/big.bin'])).toMatchObject({ type: 'file' })
    ok(['fs', 'mkdir', fs, 'made/inner/'])
    expect(gdp(['fs', 'rm', fs, 'made/']).err).toMatch(/^gdp: DirectoryNotEmptyError: /)
    ok(['fs', 'rm', fs, 'made/inner/'])
    ok(['fs', 'rm', fs, 'made/'])
    expect(gdp(['fs', 'rm', fs, 'made/']).err).toMatch(/^gdp: PathNotFoundError: /)
    expect(gdp(['fs', 'rm', fs, 'docs//'])).toMatchObject({ code: 2, err: expect.stringMatching(/^gdp: path "docs\/\/" has an empty name/) })
  })

  it('prints the terminal controls a writer may put in a path (DEL, C1 such as U+009B, the 8-bit CSI) escaped, in lines, JSON and errors', () => {
    // A capsule's paths are the writer's: a reader's listing must not let them drive the reader's terminal. gdp makes no
    // such name (docs/files.md section 2), so it is stored as another writer could: a folder's entry (12 00) at its key.
    const name = 'tricky\u009b2J\u007f'
    expect(gdp(['fs', 'mkdir', fs, name])).toMatchObject({ code: 2, err: expect.stringMatching(/^gdp: path "tricky\\u009b2J\\u007f" holds U\+009B, a control character \(C1\): a name holds none of U\+0000 to U\+001F and U\+007F to U\+009F\n/) })
    writeFileSync(join(dir.path, 'folder-entry.bin'), Buffer.from([0x12, 0x00]))
    ok(['kv', 'put', fs, '--hex', `6600${Buffer.from(name).toString('hex')}`, '--file', 'folder-entry.bin'])
    const listed = ok(['fs', 'ls', fs])
    expect(listed).toContain('tricky\\x9b2J\\x7f/\n')
    expect(listed).not.toMatch(/[\u007f-\u009f]/)
    const asJson = ok(['fs', 'ls', fs, '--json'])
    expect(asJson).not.toMatch(/[\u007f-\u009f]/)
    expect(asJson.trim().split('\n').map((l) => JSON.parse(l).path)).toContain(name)
    const missing = gdp(['fs', 'stat', fs, 'gone\u009b2J'])
    expect(missing.err).toContain('gone\\x9b2J')
    expect(missing.err).not.toMatch(/[\u007f-\u009f]/)
    ok(['fs', 'rm', fs, name])
    expect(lines(['fs', 'ls', fs]).map((s) => s.path)).not.toContain(name)
  })

  it('refuses bad paths and missing files with clear errors', () => {
    expect(gdp(['fs', 'put', fs, '../escape'], 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/^gdp: path "..\/escape" has a '..' name/) })
    expect(gdp(['fs', 'put', fs, '/absolute'], 'x')).toMatchObject({ code: 2, err: expect.stringMatching(/^gdp: path "\/absolute" is absolute/) })
    expect(gdp(['fs', 'get', fs, 'missing.txt']).err).toMatch(/NotFound/)
    expect(gdp(['fs', 'get', fs, 'docs/big.bin', '--range', 'x-y']).err).toMatch(/--range must be start-end/)
    expect(gdp(['fs', 'stat', fs, 'docs/big.bin', '--trust-server']).err).toMatch(/--trust-server is for reads through --node/)
    expect(gdp(['fs', 'ls', fs, '--latest']).err).toMatch(/^gdp: --latest is for reads through --node/)
    const kvCapsule = json(['capsule', 'create', '--kind', 'kv']).name
    expect(gdp(['fs', 'ls', kvCapsule]).err).toMatch(/MalformedMessageError: not a file capsule/)
  })
})

describe('gdp fs through a node', () => {
  const { remote, rok } = gdpThroughServer(dir.path)

  it('writes as the writer, reads proven (and with --trust-server), and diffs unproven, through the overlay', async () => {
    ok(['keys', 'generate', '--force'])
    const fs = JSON.parse(await rok(['capsule', 'create', '--kind', 'files', '--json'])).name
    const put = JSON.parse(await rok(['fs', 'put', fs, 'notes.txt', '--json'], 'hello node\n'))
    expect(put).toMatchObject({ type: 'file', path: 'notes.txt', size: 11 })
    await rok(['fs', 'mkdir', fs, 'a/b', '--parents'])
    // Each CLI run is a client node of its own (seconds each): the library tests (test/files/) cover the rest.
    expect(await rok(['fs', 'get', fs, 'notes.txt'])).toBe('hello node\n')
    expect(await rok(['fs', 'ls', fs, '--trust-server'])).toMatch(/^a\/\nnotes\.txt\t11\t\S+\n$/)
    // A diff is the server's word (no proof of a past version): it reads unproven, and stderr says so.
    const diff = await remote(['fs', 'diff', fs, '0'])
    expect(diff).toMatchObject({ code: 0, err: "gdp: a diff read through a node is not proven: it is the server's word (docs/kv.md section 6.5)\n" })
    expect(diff.out).toBe('+a\n+notes.txt\n+a/b\n')
    // A key that is not the capsule's writer is refused before anything is signed.
    ok(['keys', 'generate', '--key', 'other.key'])
    const stranger = await remote(['fs', 'rm', fs, 'notes.txt', '--key', 'other.key'])
    expect([stranger.code, stranger.err]).toEqual([1, `gdp: WrongKeyError: this key is not the writer key of capsule ${fs}\n`])
  }, 60_000)
})

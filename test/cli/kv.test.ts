// `gdp kv ...` (docs/kv.md): on a key-value capsule in the local store, and
// through a running overlay with --node, where reads are checked by proofs.
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_BATCH_OPS, MAX_KEY_LENGTH, MAX_VALUE_LENGTH } from '../../src/kv/format.js'
import { MAX_BATCH_LINE_BYTES } from '../../src/cli/kv-commands.js'
import { tempDir } from '../helpers.js'
import { GDP_MAIN as main, gdpIn, gdpWithEndlessInput } from './run-gdp.js'
import { gdpThroughServer } from './through-node.js'

const dir = tempDir('gdp-cli-kv-')
const { gdp, ok, json, lines } = gdpIn(dir.path)

afterAll(() => { dir.cleanup() })

describe('gdp kv on the local store', () => {
  let kv = ''

  it('creates a key-value capsule, puts from arguments, files and stdin, and gets values back as raw bytes', () => {
    ok(['keys', 'generate'])
    kv = json(['capsule', 'create', '--kind', 'kv']).name
    expect(json(['kv', 'put', kv, 'colour', 'red'])).toEqual({ seqno: 0, version: 2, checkpointed: true })
    writeFileSync(join(dir.path, 'v.bin'), Buffer.from([0, 1, 2, 255]))
    ok(['kv', 'put', kv, 'binary', '--file', 'v.bin'])
    ok(['kv', 'put', kv, 'from-stdin'], 'piped value')
    expect(ok(['kv', 'get', kv, 'colour'])).toBe('red')
    expect(json(['kv', 'get', kv, 'binary'])).toMatchObject({ key: 'binary', valueBase64: 'AAEC/w==', seqno: 2 })
    const absent = gdp(['kv', 'get', kv, 'nothing'])
    expect(absent.code).toBe(1)
    expect(absent.err).toBe('gdp: KeyNotFoundError: key nothing is absent\n')
  })

  it('batches, lists ranges and prefixes, counts, and travels in time', () => {
    const before = json(['kv', 'count', kv]).version
    ok(['kv', 'batch', kv], '{"put": "user/1", "value": "ann"}\n{"put": "user/2", "value": "bob"}\n{"del": "colour"}\n')
    expect(lines(['kv', 'list', kv, '--prefix', 'user/']).map((e) => [e.key, e.value])).toEqual([['user/1', 'ann'], ['user/2', 'bob']])
    expect(ok(['kv', 'list', kv, '--gte', 'user/', '--reverse', '--limit', '1'])).toBe('user/2\tbob\n')
    expect(json(['kv', 'count', kv, '--prefix', 'user/']).count).toBe(2)
    expect(gdp(['kv', 'get', kv, 'colour']).code).toBe(1)
    expect(ok(['kv', 'get', kv, 'colour', '--version', String(before)])).toBe('red')
    expect(lines(['kv', 'history', kv, 'colour']).map((h) => h.type)).toEqual(['put', 'delete'])
    expect(ok(['kv', 'diff', kv, String(before)])).toBe('-colour\t\n+user/1\tann\n+user/2\tbob\n')
  })

  it('lists a range of any length a page at a time: in order both ways, limited, within a heap far smaller than the listing', () => {
    const big = json(['capsule', 'create', '--kind', 'kv']).name
    const value = 'v'.repeat(5000)
    const key = (n: number): string => `k${String(n).padStart(5, '0')}`
    for (let from = 0; from < 12_000; from += 3_000) {
      ok(['kv', 'batch', big], Array.from({ length: 3_000 }, (_, i) => JSON.stringify({ put: key(from + i), value })).join('\n'))
    }
    // 12,000 entries of 5 KB (60 MB of values, more as strings) through a heap of 48 MB: it held them all and ran out.
    const listed = spawnSync(process.execPath, ['--max-old-space-size=48', main, 'kv', 'list', big], { cwd: dir.path, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 128 * 1024 * 1024 })
    expect(listed.stderr.toString()).toBe('')
    expect(listed.status).toBe(0)
    const keys = listed.stdout.toString().trim().split('\n').map((l) => l.split('\t')[0])
    expect(keys.length).toBe(12_000)
    expect(keys.every((k, i) => k === key(i))).toBe(true)
    // Across page boundaries (128 entries): reversed within bounds, limited, and a prefix (each under spawnSync's 1 MB of output).
    expect(ok(['kv', 'list', big, '--gt', key(100), '--lte', key(250), '--reverse']).trim().split('\n').map((l) => l.split('\t')[0])).toEqual(Array.from({ length: 150 }, (_, i) => key(250 - i)))
    expect(ok(['kv', 'list', big, '--gte', key(11_000), '--limit', '150']).trim().split('\n').map((l) => l.split('\t')[0])).toEqual(Array.from({ length: 150 }, (_, i) => key(11_000 + i)))
    expect(ok(['kv', 'list', big, '--prefix', 'k01', '--reverse', '--limit', '129']).trim().split('\n').map((l) => l.split('\t')[0])).toEqual(Array.from({ length: 129 }, (_, i) => key(1999 - i)))
    expect(gdp(['kv', 'list', big, '--limit', '0']).code).toBe(2)
  })

  it('compare-and-set: a condition that does not hold writes nothing and says why', () => {
    const put = json(['kv', 'put', kv, 'lock', 'a', '--if-absent'])
    const lost = gdp(['kv', 'put', kv, 'lock', 'b', '--if-absent'])
    expect(lost.code).toBe(1)
    expect(lost.err).toMatch(/^gdp: ConditionFailedError: key "lock" was to be absent; it was set by the put at record \d+\n$/)
    ok(['kv', 'put', kv, 'lock', 'b', '--if-seqno', String(put.seqno)])
    expect(gdp(['kv', 'del', kv, 'lock', '--if-value', 'a']).code).toBe(1)
    ok(['kv', 'put', kv, 'lock', 'c', '--if-present'])
    expect(gdp(['kv', 'put', kv, 'lock', 'd', '--if-present', '--if-absent']).code).toBe(2)
    expect(gdp(['kv', 'del', kv, 'lock', '--if-value', 'b']).code).toBe(1)
    ok(['kv', 'del', kv, 'lock', '--if-value', 'c'])
    const gone = gdp(['kv', 'put', kv, 'lock', 'e', '--if-present'])
    expect(gone.err).toMatch(/^gdp: ConditionFailedError: key "lock" was to be present; it is absent\n$/)
    expect(gdp(['kv', 'get', kv, 'lock']).code).toBe(1)
  })

  it('watches changes from a version, and takes keys in hex', () => {
    expect(lines(['kv', 'watch', kv, '--from', '0', '--prefix', 'user/', '--count', '2']).map((c) => [c.key, c.value])).toEqual([['user/1', 'ann'], ['user/2', 'bob']])
    ok(['kv', 'put', kv, '00ff', 'binary key', '--hex'])
    expect(ok(['kv', 'get', kv, '00ff', '--hex'])).toBe('binary key')
    expect(ok(['kv', 'list', kv, '--prefix', '00', '--hex'])).toBe('00ff\tbinary key\n')
    // A key with a C1 control (U+009B is CSI to xterm) is shown as base64, as one with a C0 control is, not as text for the terminal.
    ok(['kv', 'put', kv, 'csi\u009b2J', 'v'])
    expect(ok(['kv', 'list', kv, '--prefix', 'csi'])).toBe(`base64:${Buffer.from('csi\u009b2J').toString('base64')}\tv\n`)
    // A tab in a key or value is written \t, as a newline is \n: printed as it is, it split the line's columns
    // (key<TAB>value), and `cut -f1` took the key 'tab' of the key 'tab<TAB>key'.
    ok(['kv', 'put', kv, 'tab\tkey', 'tab\tvalue'])
    expect(ok(['kv', 'list', kv, '--prefix', 'tab'])).toBe('tab\\tkey\ttab\\tvalue\n')
  })

  it('--json gives keys and values exactly, so kv batch writes back what kv list printed (newlines and base64: text were changed)', () => {
    const exact = json(['capsule', 'create', '--kind', 'kv']).name
    ok(['kv', 'put', exact, 'newline', 'a\nb'])
    ok(['kv', 'put', exact, 'backslash-n', 'a\\nb'])
    ok(['kv', 'put', exact, 'looks-base64', 'base64:aGVsbG8='])
    ok(['kv', 'put', exact, 'base64:AA==', 'a key that looks like base64'])
    ok(['kv', 'put', exact, '--hex', '00', '6e756c'])
    ok(['kv', 'put', exact, '--hex', 'ff01', '6e6f74207574662d38'])
    writeFileSync(join(dir.path, 'ff.bin'), Buffer.from([0xff, 0]))
    ok(['kv', 'put', exact, 'binary', '--file', 'ff.bin'])
    expect(json(['kv', 'get', exact, 'newline'])).toMatchObject({ key: 'newline', value: 'a\nb' })
    expect(json(['kv', 'get', exact, 'backslash-n'])).toMatchObject({ value: 'a\\nb' })
    expect(json(['kv', 'get', exact, 'looks-base64'])).toMatchObject({ value: 'base64:aGVsbG8=' })
    expect(json(['kv', 'get', exact, 'binary'])).toMatchObject({ valueBase64: '/wA=' })
    const listed = lines(['kv', 'list', exact, '--json']) as Array<Record<string, string>>
    expect(listed.map((e) => e.key ?? `hex:${e.keyHex}`)).toEqual(['\u0000', 'backslash-n', 'base64:AA==', 'binary', 'looks-base64', 'newline', 'hex:ff01'])
    // Back through kv batch (binary keys in their own, --hex, batch), into a second capsule: the same entries.
    const copy = json(['capsule', 'create', '--kind', 'kv']).name
    const line = (e: Record<string, string>, key: string): string => JSON.stringify({ put: key, ...(e.value === undefined ? { valueBase64: e.valueBase64 } : { value: e.value }) })
    ok(['kv', 'batch', copy], listed.filter((e) => e.key !== undefined).map((e) => line(e, e.key!)).join('\n') + '\n')
    ok(['kv', 'batch', copy, '--hex'], listed.filter((e) => e.keyHex !== undefined).map((e) => line(e, e.keyHex!)).join('\n') + '\n')
    const strip = (entries: Array<Record<string, string>>): unknown[] => entries.map(({ seqno, timestamp, ...rest }) => rest)
    expect(strip(lines(['kv', 'list', copy, '--json']) as Array<Record<string, string>>)).toEqual(strip(listed))
  })

  it('refuses bad input with a clear error', () => {
    const long = gdp(['kv', 'put', kv, 'k'.repeat(1025), 'v'])
    expect(long.code).toBe(2)
    expect(long.err).toMatch(/^gdp: <key>: key is 1025 bytes, at most 1024 allowed\n/)
    // A bound is a key too: over 1,024 bytes the local store listed nothing, where a server through --node refused it.
    for (const [args, option] of [[['kv', 'list', kv, '--prefix', 'k'.repeat(1025)], '--prefix'], [['kv', 'count', kv, '--gt', 'k'.repeat(1025)], '--gt'], [['kv', 'diff', kv, '0', '--lte', 'k'.repeat(1025)], '--lte']] as const) {
      const bound = gdp([...args])
      expect([bound.code, bound.err.split('\n')[0]], option).toEqual([2, `gdp: ${option}: key is 1025 bytes, at most 1024 allowed`])
    }
    expect(json(['kv', 'count', kv, '--prefix', 'k'.repeat(1024)]).count).toBe(0)
    expect(gdp(['kv', 'list', kv, '--prefix', '']).err).toMatch(/^gdp: --prefix: a key has at least one byte\n/)
    expect(gdp(['kv', 'get', kv, 'zz', '--hex', '--version', '1']).code).toBe(2)
    expect(gdp(['kv', 'get', kv, 'xyz', '--hex']).err).toMatch(/--hex: <key> 'xyz' is not hex digits in pairs/)
    expect(gdp(['kv', 'get', kv, 'user/1', '--trust-server']).err).toMatch(/--trust-server is for reads through --node/)
    // --latest asks where a read quorum's longest head is: the local store has no replicas to ask.
    for (const args of [['kv', 'get', kv, 'user/1', '--latest'], ['kv', 'list', kv, '--latest'], ['capsule', 'info', kv, '--latest']]) {
      const r = gdp(args)
      expect([r.code, r.err.split('\n')[0]], args.join(' ')).toEqual([2, 'gdp: --latest is for reads through --node; the local store is read directly'])
    }
    expect(gdp(['kv', 'get', kv, 'a', '--version', '9999']).err).toMatch(/version 9999 is past the capsule's latest, \d+/)
    expect(gdp(['kv', 'batch', kv], '{"put": "a"}\n').err).toMatch(/batch line 1: a put needs "value"/)
    const plain = json(['capsule', 'create']).name
    expect(gdp(['kv', 'get', plain, 'a']).err).toMatch(/not a key-value capsule/)
    expect(gdp(['capsule', 'create', '--kind', 'table']).err).toMatch(/--kind must be log, kv or files/)
  })

  // Found by attacking the facades: a value was read whole before its length was checked, so `yes | gdp kv put` or
  // --file /dev/zero held all it was given (6 GB in 20 s of /dev/zero) and never stopped on an endless one.
  it('reads a value of at most 4 MiB from stdin or --file: one longer is refused once past the limit, the rest unread', async () => {
    const atLimit = Buffer.alloc(MAX_VALUE_LENGTH, 0x62)
    ok(['kv', 'put', kv, 'at-limit'], atLimit)
    writeFileSync(join(dir.path, 'at-limit.bin'), atLimit)
    ok(['kv', 'put', kv, 'at-limit-file', '--file', 'at-limit.bin'])
    for (const key of ['at-limit', 'at-limit-file']) expect(spawnSync(process.execPath, [main, 'kv', 'get', kv, key], { cwd: dir.path, maxBuffer: 8 * 1024 * 1024 }).stdout.equals(atLimit)).toBe(true)
    const version = json(['kv', 'count', kv]).version
    const fifo = join(dir.path, 'endless.fifo')
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0)
    for (const [args, through] of [[['kv', 'put', kv, 'endless']], [['kv', 'put', kv, 'endless', '--file', fifo], fifo]] as const) {
      const run = await gdpWithEndlessInput(dir.path, [...args], 64 * 1024 * 1024, through)
      expect([run.code, run.err], args.join(' ')).toEqual([1, `gdp: InvalidArgumentError: the value is over ${MAX_VALUE_LENGTH} bytes, the most a key holds: store larger contents as a file (gdp fs put)\n`])
      expect(run.written, args.join(' ')).toBeLessThan(MAX_VALUE_LENGTH + 8 * 1024 * 1024)
    }
    writeFileSync(join(dir.path, 'one-past.bin'), Buffer.alloc(MAX_VALUE_LENGTH + 1))
    expect(gdp(['kv', 'put', kv, 'one-past', '--file', 'one-past.bin']).err).toMatch(/the value is over 4194304 bytes/)
    expect(json(['kv', 'count', kv]).version).toBe(version)
  })

  // Found by attacking the facades: a batch was read whole before a line of it was looked at, so an endless input
  // (`yes | gdp kv batch`, a line that never ends) was held until memory ran out.
  it(`reads a batch of at most ${MAX_BATCH_OPS} lines of at most ${MAX_BATCH_LINE_BYTES} bytes: past either, refused, the rest unread`, async () => {
    // The longest line a put takes: the largest key and value, every byte escaped (\u0001, six bytes for one).
    const longest = `{"put":"${'\\u0001'.repeat(MAX_KEY_LENGTH)}","value":"${'\\u0001'.repeat(MAX_VALUE_LENGTH)}"}`
    expect(Buffer.byteLength(longest)).toBeLessThanOrEqual(MAX_BATCH_LINE_BYTES)
    ok(['kv', 'batch', kv], `${longest}\n`)
    expect(spawnSync(process.execPath, [main, 'kv', 'get', kv, '\u0001'.repeat(MAX_KEY_LENGTH)], { cwd: dir.path, maxBuffer: 8 * 1024 * 1024 }).stdout.equals(Buffer.alloc(MAX_VALUE_LENGTH, 1))).toBe(true)
    const version = json(['kv', 'count', kv]).version
    const endlessLine = await gdpWithEndlessInput(dir.path, ['kv', 'batch', kv], 4 * MAX_BATCH_LINE_BYTES)
    expect([endlessLine.code, endlessLine.err]).toEqual([1, `gdp: InvalidArgumentError: batch line 1 is over ${MAX_BATCH_LINE_BYTES} bytes, more than one operation takes\n`])
    expect(endlessLine.written).toBeLessThan(MAX_BATCH_LINE_BYTES + 8 * 1024 * 1024)
    const endlessLines = await gdpWithEndlessInput(dir.path, ['kv', 'batch', kv], 64 * 1024 * 1024, undefined, '{"del":"k"}\n')
    expect([endlessLines.code, endlessLines.err]).toEqual([1, `gdp: InvalidArgumentError: batch line ${MAX_BATCH_OPS + 1}: a batch holds at most ${MAX_BATCH_OPS} operations\n`])
    expect(endlessLines.written).toBeLessThan(16 * 1024 * 1024)
    expect(json(['kv', 'count', kv]).version).toBe(version)
  })
})

describe('gdp kv through a node', () => {
  const { remote, rok } = gdpThroughServer(dir.path)

  it('writes, compare-and-sets, and reads with proofs at past versions and in ranges, through the overlay', async () => {
    const kv = JSON.parse(await rok(['capsule', 'create', '--kind', 'kv', '--json'])).name
    await rok(['kv', 'put', kv, 'a', 'one'])
    await rok(['kv', 'batch', kv], '{"put": "b", "value": "two"}\n{"put": "c", "value": "three"}\n')
    await rok(['kv', 'put', kv, 'a', 'uno', '--if-value', 'one'])
    // Each CLI run is a client node of its own (seconds each): the library tests (test/kv/remote.test.ts) cover the rest.
    expect(await rok(['kv', 'get', kv, 'a', '--version', '2'])).toBe('one')
    expect(await rok(['kv', 'list', kv])).toBe('a\tuno\nb\ttwo\nc\tthree\n')
    // A history (and a diff) is the server's word, printed as proven reads are: stderr says so.
    const history = await remote(['kv', 'history', kv, 'a'])
    expect(history).toMatchObject({ code: 0, err: "gdp: a key's history read through a node is not proven: it is the server's word (docs/kv.md section 6.5)\n" })
    expect(history.out).toMatch(/\tone\n.*\tuno\n$/)
  }, 60_000)
})

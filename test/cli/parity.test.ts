// One command, one answer, whichever way it runs: each refusal below is made
// once on the local store (--data) and once through a server node (--node),
// on capsules made alike in each, and both must give the same error name, the
// same exit code and nothing on stdout, in text and in --json.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir, waitFor } from '../helpers.js'
import { gdpIn, type GdpRun } from './run-gdp.js'
import { gdpThroughServer } from './through-node.js'

const dir = tempDir('gdp-cli-parity-')
afterAll(() => { dir.cleanup() })
const { gdpAsync, ok } = gdpIn(dir.path)
const { remote, rok } = gdpThroughServer(dir.path)

/** Both modes work with the key and journal of one data folder; --node runs against the server instead of its store. */
const DATA = ['--data', 'local']
type Mode = 'local' | 'node'
const run = async (mode: Mode, args: string[]): Promise<GdpRun> => mode === 'local' ? await gdpAsync([...DATA, ...args]) : await remote([...DATA, ...args])
const must = async (mode: Mode, args: string[], input?: string): Promise<string> => mode === 'local' ? ok([...DATA, ...args], input) : await rok([...DATA, ...args], input)

/** The capsules each mode gets, by role: their names differ, what they hold does not. */
type Capsules = Record<'log' | 'kv' | 'files' | 'otherWriter' | 'expired', string>
const made: Partial<Record<Mode, Capsules>> = {}
/** The later expiry of the two expired capsules, in Unix seconds. */
let expiresAt = 0
const UNKNOWN_HASH = 'A'.repeat(43)

beforeAll(async () => {
  ok([...DATA, 'keys', 'generate'])
  const otherWriter = JSON.parse(ok([...DATA, 'keys', 'generate', '--key', 'other.key', '--json'])).publicKey as string
  for (const mode of ['local', 'node'] as const) {
    const create = async (...args: string[]): Promise<string> => (await must(mode, ['capsule', 'create', ...args])).trim()
    // Made first, each with its own expiry a little ahead: a create is refused an expiry that has passed.
    expiresAt = Math.ceil(Date.now() / 1000) + 3
    const expired = await create('--expires', `@${expiresAt}`)
    const capsules: Capsules = {
      expired,
      log: await create(),
      kv: await create('--kind', 'kv'),
      files: await create('--kind', 'files'),
      otherWriter: await create('--writer', otherWriter)
    }
    await must(mode, ['capsule', 'append', capsules.log, 'a', 'b', 'c'])
    await must(mode, ['kv', 'put', capsules.kv, 'k1', 'v1'])
    await must(mode, ['fs', 'put', capsules.files, 'dir/f.txt'], 'hello\n')
    made[mode] = capsules
  }
  await waitFor(() => Date.now() > expiresAt * 1000, { timeoutMs: 10_000, what: 'the expired capsules to pass their expiry' })
}, 60_000)

/** Situation, command (`@role` for that mode's capsule) and the error both modes must give. */
const REFUSALS: Array<[string, string[], string]> = [
  ['a record past the end', ['capsule', 'read', '@log', '--seq', '99'], 'RecordNotFoundError'],
  ['no record at or after a time after the last', ['capsule', 'read', '@log', '--at', '2030-01-01T00:00:00Z'], 'RecordNotFoundError'],
  ['no record with a hash', ['capsule', 'read', '@log', '--hash', UNKNOWN_HASH], 'RecordNotFoundError'],
  ['a range from past the end', ['capsule', 'read', '@log', '--from', '99'], 'RecordNotFoundError'],
  ['an expired capsule read', ['capsule', 'read', '@expired', '--seq', '0'], 'RecordNotFoundError'],
  ['an expired capsule appended to', ['capsule', 'append', '@expired', 'x'], 'CapsuleExpiredError'],
  ['a key absent', ['kv', 'get', '@kv', 'absent'], 'KeyNotFoundError'],
  ['a version past the latest (kv get)', ['kv', 'get', '@kv', 'k1', '--version', '99'], 'VersionNotHeldError'],
  ['a version past the latest (kv list)', ['kv', 'list', '@kv', '--version', '99'], 'VersionNotHeldError'],
  ['a version past the latest (fs ls)', ['fs', 'ls', '@files', '--version', '99'], 'VersionNotHeldError'],
  ['a kv command on a log capsule', ['kv', 'get', '@log', 'k1'], 'MalformedMessageError'],
  ['an fs command on a kv capsule', ['fs', 'ls', '@kv'], 'MalformedMessageError'],
  ['a plain record to a kv capsule', ['capsule', 'append', '@kv', 'x'], 'InvalidArgumentError'],
  ['a file path absent', ['fs', 'get', '@files', 'absent.txt'], 'PathNotFoundError'],
  ['a folder where a file is expected', ['fs', 'get', '@files', 'dir'], 'IsADirectoryError'],
  ['a file where a folder is expected', ['fs', 'ls', '@files', 'dir/f.txt'], 'NotADirectoryError'],
  ['an append by a key that is not the writer', ['capsule', 'append', '@otherWriter', 'x'], 'WrongKeyError'],
  ['a kv write by a key that is not the writer', ['kv', 'put', '@kv', 'k', 'v', '--key', 'other.key'], 'WrongKeyError'],
  ['an fs write by a key that is not the writer', ['fs', 'put', '@files', 'x.txt', '--file', '/dev/null', '--key', 'other.key'], 'WrongKeyError'],
  ['a delete by a key that is not the owner', ['capsule', 'delete', '@log', '--key', 'other.key'], 'InvalidArgumentError']
]

/** The error name of a failed run: its last stderr line (a warning may come before it). */
const errorName = (r: GdpRun): string | undefined => /^gdp: (\w+):/.exec(r.err.trim().split('\n').at(-1) ?? '')?.[1]

/** fs get writes the file's bytes alone, and refuses --json. */
const takesJson = (args: string[]): boolean => !(args[0] === 'fs' && args[1] === 'get')

describe('a refusal is the same on the local store and through a node', () => {
  it.each([false, true])('each situation, with --json %s', async (json) => {
    const cases = REFUSALS.filter(([, args]) => !json || takesJson(args)).flatMap(([what, args, name]) => (['local', 'node'] as const).map((mode) => ({ what, mode, name, args: [...args.map((a) => a.startsWith('@') ? made[mode]![a.slice(1) as keyof Capsules] : a), ...json ? ['--json'] : []] })))
    const runs = new Map<(typeof cases)[number], GdpRun>()
    // The local ones one after the other (a command holds the store while it runs), beside those through the node
    // a few at a time: each is a process of its own, and none changes what another sees.
    const local = cases.filter((c) => c.mode === 'local')
    const node = cases.filter((c) => c.mode === 'node')
    await Promise.all([
      (async () => { for (const c of local) runs.set(c, await run(c.mode, c.args)) })(),
      (async () => {
        for (let i = 0; i < node.length; i += 3) await Promise.all(node.slice(i, i + 3).map(async (c) => { runs.set(c, await run(c.mode, c.args)) }))
      })()
    ])
    const seen = cases.map((c) => ({ what: `${c.what} (${c.mode})`, code: runs.get(c)!.code, name: errorName(runs.get(c)!), out: runs.get(c)!.out }))
    expect(seen).toEqual(cases.map((c) => ({ what: `${c.what} (${c.mode})`, code: 1, name: c.name, out: '' })))
  }, 120_000)
})

describe('a capsule of another kind is named for the kind the command wanted', () => {
  it('an fs command on a log capsule says it is not a file capsule, in both modes', async () => {
    // It said 'not a key-value capsule' (a file capsule is one underneath), which sent a user of gdp fs to gdp kv.
    const runs = await Promise.all((['local', 'node'] as const).map(async (mode) => await run(mode, ['fs', 'ls', made[mode]!.log])))
    for (const r of runs) expect(r).toMatchObject({ code: 1, out: '', err: expect.stringMatching(/^gdp: MalformedMessageError: not a file capsule: its metadata has no gdp\.files field\n$/) })
  }, 30_000)
})

// The writer's journal (src/node/writer-journal.ts, docs/spec.md section
// 9.1): a server whose store went back (restored from a backup) showed the
// command line an older tip, and the next append signed a second record for
// a position the key had signed already: a fork, made by an honest writer
// because one replica lost records. A router and a server in this process
// over loopback, the command line as separate processes.
import { cpSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { formatName } from '../../src/capsule/name.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { writerJournal } from '../../src/node/writer-journal.js'
import { equalBytes } from '../../src/crypto/hash.js'
import { payload, tempDir, testCapsule, waitFor } from '../helpers.js'
import { gdpAsync } from './run-gdp.js'

const dir = tempDir('gdp-cli-journal-')
const cli = ['--data', join(dir.path, 'cli')]
const gdp = async (args: string[]): Promise<{ code: number, out: string, err: string }> => await gdpAsync([...cli, ...args])
async function ok (args: string[]): Promise<string> {
  const r = await gdp(args)
  if (r.code !== 0) throw new Error(`gdp ${args.join(' ')} failed (${r.code}): ${r.err}`)
  return r.out
}

let router: GdpNode
let server: GdpNode
let at = ''
const serverConfig: NodeConfig = { ...DEFAULT_CONFIG, data: join(dir.path, 'server'), role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] }

beforeAll(async () => {
  router = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir.path, 'router'), role: 'router', listen: ['/ip4/127.0.0.1/tcp/0'] })
  await router.start()
  at = router.multiaddrs()[0]!
  serverConfig.upstream = at
  server = await GdpNode.create(serverConfig)
  await server.start()
  await server.upstreamReady(10_000)
  await ok(['keys', 'generate'])
}, 60_000)

afterAll(async () => {
  await server.stop()
  await router.stop()
  dir.cleanup()
})

/** Stops the server, runs `change` on its stopped folder, and starts it again, routed. */
async function restartServer (change: () => void, capsule: string): Promise<void> {
  await server.stop()
  change()
  server = await GdpNode.create(serverConfig)
  await server.start()
  await server.upstreamReady(10_000)
  await waitFor(async () => await ok(['capsule', 'info', capsule, '--node', at]), { timeoutMs: 20_000, intervalMs: 200, what: 'the capsule to be routed again' })
}

const backup = (name: string): void => { cpSync(serverConfig.data, join(dir.path, name), { recursive: true }) }
const restore = (name: string): void => {
  rmSync(serverConfig.data, { recursive: true, force: true })
  cpSync(join(dir.path, name), serverConfig.data, { recursive: true })
}
const payloads = async (capsule: string): Promise<string[]> => (await ok(['capsule', 'read', capsule, '--node', at, '--json'])).trim().split('\n').map((l) => JSON.parse(l).payload)

describe('the writer journal of gdp --node', () => {
  it('a server restored from a backup is given back the last batch it lost, and one further behind is refused: nothing is signed over what the key signed', async () => {
    const capsule = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', formatName(server.name), '--json'])).name
    await waitFor(async () => await ok(['capsule', 'info', capsule, '--node', at]), { timeoutMs: 20_000, intervalMs: 200, what: 'the new capsule to be routed' })
    await ok(['capsule', 'append', capsule, 'a', 'b', 'c', '--node', at])
    await restartServer(() => { backup('at-3') }, capsule)
    await ok(['capsule', 'append', capsule, 'd', 'e', '--node', at])

    // Back to 3 records: the batch the key signed last (d, e) is what it lacks, and goes again before the new one.
    await restartServer(() => { restore('at-3') }, capsule)
    expect(JSON.parse(await ok(['capsule', 'append', capsule, 'f', '--node', at, '--json'])).first).toBe(5)
    expect(await payloads(capsule)).toEqual(['a', 'b', 'c', 'd', 'e', 'f'])

    await restartServer(() => { backup('at-6') }, capsule)
    await ok(['capsule', 'append', capsule, 'g', '--node', at])
    await ok(['capsule', 'append', capsule, 'h', '--node', at])
    // Back to 6: record 6 (g) is lost, and the journal holds only h. Signing record 6 again would fork the capsule.
    await restartServer(() => { restore('at-6') }, capsule)
    const refused = await gdp(['capsule', 'append', capsule, 'X', '--node', at])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(new RegExp(`^gdp: ReplicasBehindWriterError: capsule ${capsule}: its replicas that answered hold 6 records, and this key signed 8 \\(its journal, .*default\\.key\\.journal/${capsule}\\): a replica lost records or hides them`))
    const info = JSON.parse(await ok(['capsule', 'info', capsule, '--node', at, '--json']))
    expect(info.size).toBe(6)
    expect(info.fork).toBeNull()
  }, 120_000)
})

describe('the writer journal file', () => {
  it('keeps the batch signed last; a batch refused for certain gives its place back to the one before; a damaged entry is named, not taken', () => {
    const t = testCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
    const journal = writerJournal(join(dir.path, 'unit', 'w.key.journal'))
    expect(journal.last(t.name)).toBeUndefined()
    const first = writer.append([payload('a'), payload('b')], 1_700_000_000_000_001)
    journal.signed(first)
    const second = writer.append([payload('c')], 1_700_000_000_000_002)
    journal.signed(second)
    expect(journal.last(t.name)?.heartbeat.heartbeat.size).toBe(3)
    expect(equalBytes(journal.last(t.name)!.records[0]!.hash, second.records[0]!.hash)).toBe(true)
    journal.refused(second)
    expect(journal.last(t.name)?.heartbeat.heartbeat.size).toBe(2)
    // A capsule's first batch refused: no entry is left.
    const other = testCapsule()
    const only = new CapsuleWriter(other.name, other.signed.metadata, other.writer, emptyWriterState(other.name)).append([payload('x')], 1_700_000_000_000_003)
    journal.signed(only)
    journal.refused(only)
    expect(journal.last(other.name)).toBeUndefined()

    // A journal that cannot be written: the batch is not sent (the client sets its writer back).
    writeFileSync(join(dir.path, 'unit', 'a-file'), '')
    expect(() => { writerJournal(join(dir.path, 'unit', 'a-file', 'journal')).signed(only) }).toThrow(/^the writer journal entry .* could not be written \(.*\); nothing was sent/)

    writeFileSync(journal.where(t.name), 'not a batch')
    expect(() => journal.last(t.name)).toThrow(/^the writer journal entry .*w\.key\.journal\/\S+ is damaged \(.*\): it says what this key signed last in the capsule; restore it, or delete it/)
  })
})

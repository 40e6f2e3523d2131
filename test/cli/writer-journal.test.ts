// The writer's journal (src/node/writer-journal.ts, docs/spec.md section
// 9.1): a server whose store went back (restored from a backup) showed the
// command line an older tip, and the next append signed a second record for
// a position the key had signed already: a fork, made by an honest writer
// because one replica lost records. A router and a server in this process
// over loopback, the command line as separate processes.
import { spawn } from 'node:child_process'
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { errorBody, statusOf } from '../../src/http/errors.js'
import '../../src/node/polyfill.js'
import { formatName } from '../../src/capsule/name.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { commandLineJournal, gatewayJournal, gatewayJournalFolder, writerJournal } from '../../src/node/writer-journal.js'
import { equalBytes } from '../../src/crypto/hash.js'
import { payload, tempDir, testCapsule, waitFor } from '../helpers.js'
import { GDP_MAIN, gdpAsync } from './run-gdp.js'
import { runsAsRoot, smallDisk } from '../small-disk.js'

const dir = tempDir('gdp-cli-journal-')
const cli = ['--data', join(dir.path, 'cli')]
const journalFolder = join(dir.path, 'cli', 'keys', 'default.key.journal')
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
    expect(refused.err).toMatch(new RegExp(`^gdp: ReplicasBehindWriterError: capsule ${capsule}: its replicas that answered hold 6 records, and this key signed 8 \\(its journal, .*default\\.key\\.journal/${capsule}, with \\S+/writer-journal/\\S+/${capsule} read beside it\\): a replica lost records or hides them`))
    const info = JSON.parse(await ok(['capsule', 'info', capsule, '--node', at, '--json']))
    expect(info.size).toBe(6)
    expect(info.fork).toBeNull()
  }, 120_000)

  // Found by attacking the disk: an entry whose bytes still decoded was sent again as it was, and the server's refusal
  // (a payload that does not match its hash, a heartbeat not signed by the writer) named neither the journal nor the way out.
  it('an entry damaged on disk whose batch the replicas lack: refused naming the entry and the way out, nothing sent or signed', async () => {
    const capsule = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', formatName(server.name), '--json'])).name
    await waitFor(async () => await ok(['capsule', 'info', capsule, '--node', at]), { timeoutMs: 20_000, intervalMs: 200, what: 'the new capsule to be routed' })
    await ok(['capsule', 'append', capsule, 'aaaaaaaa', '--node', at])
    await restartServer(() => { backup('damaged-at-1') }, capsule)
    await ok(['capsule', 'append', capsule, 'dddddddd', 'eeeeeeee', '--node', at])
    await restartServer(() => { restore('damaged-at-1') }, capsule)
    const entry = join(journalFolder, capsule)
    const whole = readFileSync(entry)
    const damage = (offset: number): void => { const bytes = Buffer.from(whole); bytes[offset]! ^= 0x01; writeFileSync(entry, bytes) }
    // A payload's byte, then the heartbeat signature's last byte (the entry's last field).
    for (const offset of [whole.indexOf('eeeeeeee') + 3, whole.length - 1]) {
      damage(offset)
      const refused = await gdp(['capsule', 'append', capsule, 'X', '--node', at])
      expect(refused.code, `byte ${offset}`).toBe(1)
      expect(refused.err, `byte ${offset}`).toMatch(new RegExp(`^gdp: \\w+Error: the writer journal entry (of capsule ${capsule} \\()?\\S+default\\.key\\.journal/${capsule}(, .*\\))? is damaged \\(.*\\): it says what this key signed last in the capsule; restore it, or delete it`))
      expect(JSON.parse(await ok(['capsule', 'info', capsule, '--node', at, '--json'])).size).toBe(1)
    }
    // Whole again, it is sent before the new batch.
    writeFileSync(entry, whole)
    await ok(['capsule', 'append', capsule, 'f', '--node', at])
    expect(await payloads(capsule)).toEqual(['aaaaaaaa', 'dddddddd', 'eeeeeeee', 'f'])
  }, 120_000)

  it('processes appending with one key to one capsule at once take turns (a journal lock each holds till it ends): every append lands, nothing forks', async () => {
    const capsule = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', formatName(server.name), '--json'])).name
    await waitFor(async () => await ok(['capsule', 'info', capsule, '--node', at]), { timeoutMs: 20_000, intervalMs: 200, what: 'the new capsule to be routed' })
    // Several batches each (10,000 records a batch), so that they would overlap.
    const processes = ['p0', 'p1', 'p2', 'p3']
    const lines = 25_000
    for (const p of processes) writeFileSync(join(dir.path, `${p}.txt`), Array.from({ length: lines }, (_, i) => `${p}-${i}`).join('\n'))
    const runs = await Promise.all(processes.map(async (p) => await gdp(['capsule', 'append', capsule, '--file', join(dir.path, `${p}.txt`), '--lines', '--node', at])))
    expect(runs.map((r) => r.err)).toEqual(processes.map(() => ''))
    const info = JSON.parse(await ok(['capsule', 'info', capsule, '--node', at, '--json']))
    expect(info.size).toBe(processes.length * lines)
    expect(info.fork).toBeNull()
    // Each let go of its lock when it ended.
    expect(existsSync(`${journalFolder}/${capsule}.lock`)).toBe(false)

    // One that holds it (a process that runs) is waited for: nothing is appended until it ends.
    const holder = spawn('sleep', ['60'])
    try {
      writeFileSync(`${journalFolder}/${capsule}.lock`, JSON.stringify({ pid: holder.pid, host: hostname() }))
      const waiting = gdp(['capsule', 'append', capsule, 'after', '--node', at])
      await new Promise((resolve) => setTimeout(resolve, 3000))
      expect(JSON.parse(await ok(['capsule', 'info', capsule, '--node', at, '--json'])).size).toBe(processes.length * lines)
      holder.kill('SIGKILL')
      expect((await waiting).err).toBe('')
      expect(JSON.parse(await ok(['capsule', 'info', capsule, '--node', at, '--json'])).size).toBe(processes.length * lines + 1)
    } finally {
      holder.kill('SIGKILL')
    }
  }, 120_000)
})

describe('a command killed with SIGKILL while it appends', () => {
  it('leaves its lock to the next, which takes it over, sends the batch it kept if the server lacks it, and goes on: nothing forks', async () => {
    const capsule = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', formatName(server.name), '--json'])).name
    await waitFor(async () => await ok(['capsule', 'info', capsule, '--node', at]), { timeoutMs: 20_000, intervalMs: 200, what: 'the new capsule to be routed' })
    const lines = 30_000
    writeFileSync(join(dir.path, 'killed.txt'), Array.from({ length: lines }, (_, i) => `k-${i}`).join('\n'))
    const entry = join(journalFolder, capsule)
    const killed = spawn(process.execPath, [GDP_MAIN, ...cli, 'capsule', 'append', capsule, '--file', join(dir.path, 'killed.txt'), '--lines', '--node', at], { stdio: 'ignore' })
    const ended = new Promise((resolve) => killed.on('exit', resolve))
    try {
      // Killed once it kept a batch (signed, maybe sent), holding its lock.
      await waitFor(async () => existsSync(entry), { timeoutMs: 20_000, intervalMs: 5, what: 'the command to keep its first batch' })
    } finally {
      killed.kill('SIGKILL')
    }
    await ended
    expect(JSON.parse(readFileSync(`${entry}.lock`, 'utf8')).pid).toBe(killed.pid)
    await ok(['capsule', 'append', capsule, 'after', '--node', at])
    const info = JSON.parse(await ok(['capsule', 'info', capsule, '--node', at, '--json']))
    expect(info.fork).toBeNull()
    // Whole batches of 10,000 records, the killed command's kept one among them, then the next command's record.
    expect(info.size % 10_000).toBe(1)
    expect(info.size).toBeGreaterThan(10_000)
    expect(existsSync(`${entry}.lock`)).toBe(false)
  }, 60_000)
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
    journal.refused(second, new Error('refused for the test'))
    expect(journal.last(t.name)?.heartbeat.heartbeat.size).toBe(2)
    // A capsule's first batch refused: no entry is left.
    const other = testCapsule()
    const only = new CapsuleWriter(other.name, other.signed.metadata, other.writer, emptyWriterState(other.name)).append([payload('x')], 1_700_000_000_000_003)
    journal.signed(only)
    journal.refused(only, new Error('refused for the test'))
    expect(journal.last(other.name)).toBeUndefined()

    // A journal that cannot be written: the batch is not sent (the client sets its writer back).
    writeFileSync(join(dir.path, 'unit', 'a-file'), '')
    expect(() => { writerJournal(join(dir.path, 'unit', 'a-file', 'journal')).signed(only) }).toThrow(/^the writer journal entry .* could not be written \(.*\); nothing was sent/)

    writeFileSync(journal.where(t.name), 'not a batch')
    expect(() => journal.last(t.name)).toThrow(/^the writer journal entry .*w\.key\.journal\/\S+ is damaged \(.*\): it says what this key signed last in the capsule; restore it, or delete it/)
  })

  // Found by attacking the writer journal: what an entry held before each batch was kept until that batch was refused,
  // and an acknowledged batch never is, so a gateway held a batch for every capsule it ever wrote.
  it('lets go of what it kept to give back once the batch signed last is acknowledged; while a later one is in flight, keeps it', () => {
    const t = testCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
    const journal = writerJournal(join(dir.path, 'acked', 'w.key.journal'))
    const first = writer.append([payload('a')], 1_700_000_000_000_001)
    journal.signed(first)
    const second = writer.append([payload('b')], 1_700_000_000_000_002)
    journal.signed(second)
    // The first acknowledged, the second still in flight: refused, it gives its place back to the first.
    journal.acknowledged(first)
    journal.refused(second, new Error('refused for the test'))
    expect(journal.last(t.name)?.heartbeat.heartbeat.size).toBe(1)
    const third = writer.append([payload('c')], 1_700_000_000_000_003)
    journal.signed(third)
    journal.acknowledged(third)
    // Nothing is kept to give back once it is stored: a refusal after it (none comes) changes nothing.
    journal.refused(third, new Error('refused for the test'))
    expect(journal.last(t.name)?.heartbeat.heartbeat.size).toBe(third.heartbeat.heartbeat.size)
  })

  it('a gateway\'s and the command line\'s journals of one key each read the other\'s: the further entry is the floor, and each writes only its own (found by attacking the gateway: they forked a capsule)', () => {
    const t = testCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
    const keyFile = join(dir.path, 'beside', 'w.key')
    const data = join(dir.path, 'beside', 'data')
    const cliSide = commandLineJournal(keyFile, data, t.writer.publicKey)
    const gatewaySide = gatewayJournal(data, keyFile, t.writer.publicKey)
    const first = writer.append([payload('a')], 1_700_000_000_000_001)
    cliSide.signed(first)
    // The gateway's journal holds nothing of its own, and its floor is what the command line signed.
    expect(gatewaySide.last(t.name)?.heartbeat.heartbeat.size).toBe(1)
    const second = writer.append([payload('b')], 1_700_000_000_000_002)
    gatewaySide.signed(second)
    expect(cliSide.last(t.name)?.heartbeat.heartbeat.size).toBe(2)
    expect(existsSync(join(`${keyFile}.journal`, formatName(t.name)))).toBe(true)
    expect(existsSync(join(data, 'writer-journal', formatName(t.writer.publicKey), formatName(t.name)))).toBe(true)
    // Each wrote its own only: the command line's entry still holds its first batch.
    expect(writerJournal(`${keyFile}.journal`).last(t.name)?.heartbeat.heartbeat.size).toBe(1)
    expect(gatewaySide.where(t.name)).toBe(`${join(data, 'writer-journal', formatName(t.writer.publicKey), formatName(t.name))}, with ${join(`${keyFile}.journal`, formatName(t.name))} read beside it`)
  })

  // Their locks are apart: both signed one record on one tip, and each sent it to another replica (a fork).
  it('a batch signed where the other journal\'s entry holds another record, or goes on from one, is refused as it is kept (WriterConflictError), its own entry put back; one built on the other\'s records is kept', () => {
    const t = testCapsule()
    const keyFile = join(dir.path, 'at-once', 'w.key')
    const data = join(dir.path, 'at-once', 'data')
    const cliSide = commandLineJournal(keyFile, data, t.writer.publicKey)
    const gatewaySide = gatewayJournal(data, keyFile, t.writer.publicKey)
    const onTip = (state = emptyWriterState(t.name)): CapsuleWriter => new CapsuleWriter(t.name, t.signed.metadata, t.writer, state)
    const conflict = expect.objectContaining({ name: 'WriterConflictError', message: expect.stringMatching(/another writer with this key signed at record \d+ at the same time \(its journal entry .*\); nothing was sent: write again/) })
    const cli = onTip()
    const first = cli.append([payload('a')], 1_700_000_000_000_001)
    cliSide.signed(first)
    // Record 0 again, another one: refused, and the gateway's journal holds nothing of its own.
    expect(() => { gatewaySide.signed(onTip().append([payload('x')], 1_700_000_000_000_002)) }).toThrow(conflict)
    expect(writerJournal(gatewayJournalFolder(data, t.writer.publicKey)).last(t.name)).toBeUndefined()
    // Built on the command line's record: kept.
    const gateway = onTip(cli.state)
    gatewaySide.signed(gateway.append([payload('b')], 1_700_000_000_000_003))
    // The command line signs record 1 too: refused, its entry is its first batch again.
    expect(() => { cliSide.signed(onTip(cli.state).append([payload('c'), payload('d')], 1_700_000_000_000_004)) }).toThrow(conflict)
    expect(writerJournal(`${keyFile}.journal`).last(t.name)?.heartbeat.heartbeat.size).toBe(1)
    // The gateway went on from its record 1: the command line's record 1 is refused though the gateway's entry starts after it.
    gatewaySide.signed(gateway.append([payload('e')], 1_700_000_000_000_005))
    expect(() => { cliSide.signed(onTip(cli.state).append([payload('c')], 1_700_000_000_000_006)) }).toThrow(conflict)
    // Built on the gateway's records: kept.
    cliSide.signed(onTip(gateway.state).append([payload('f')], 1_700_000_000_000_007))
    expect(cliSide.last(t.name)?.heartbeat.heartbeat.size).toBe(4)
  })

  it('is held by one process at a time: a live holder is waited for, then named; a holder that is gone, or a lock left unreadable, is taken over', async () => {
    const t = testCapsule()
    const folder = join(dir.path, 'locks', 'w.key.journal')
    const journal = writerJournal(folder, { lockWaitMs: 500 })
    const lock = `${journal.where(t.name)}.lock`
    rmSync(folder, { recursive: true, force: true })
    const holder = spawn('sleep', ['60'])
    try {
      mkdirSync(folder, { recursive: true })
      writeFileSync(lock, JSON.stringify({ pid: holder.pid, host: hostname() }))
      const started = Date.now()
      await expect(journal.hold!(t.name)).rejects.toMatchObject({ name: 'WriterJournalBusyError', message: expect.stringMatching(new RegExp(`^process ${holder.pid} on \\S+ is signing in this capsule with this key \\(it holds .*\\.lock\\); waited 0.5 s for it to end`)) })
      expect(Date.now() - started).toBeGreaterThanOrEqual(500)
      // Another host's holder cannot be checked: waited for too.
      writeFileSync(lock, JSON.stringify({ pid: process.pid, host: 'elsewhere' }))
      await expect(journal.hold!(t.name)).rejects.toMatchObject({ name: 'WriterJournalBusyError' })
      // The holder ends while waited for: taken over.
      writeFileSync(lock, JSON.stringify({ pid: holder.pid, host: hostname() }))
      const waiting = journal.hold!(t.name)
      holder.kill('SIGKILL')
      await waiting
      expect(JSON.parse(readFileSync(lock, 'utf8'))).toEqual({ pid: process.pid, host: hostname() })
    } finally {
      holder.kill('SIGKILL')
    }
    // Held already by this process: at once, also from another journal object on the folder.
    await writerJournal(folder, { lockWaitMs: 0 }).hold!(t.name)
    // Unreadable (a crash between making and writing it, or damage): taken over.
    const other = testCapsule()
    writeFileSync(`${journal.where(other.name)}.lock`, '{"pi')
    await journal.hold!(other.name)
    expect(JSON.parse(readFileSync(`${journal.where(other.name)}.lock`, 'utf8')).pid).toBe(process.pid)
  })
})

describe('the writer journal lock, damaged on disk', () => {
  // Found by attacking the disk: a folder there was taken for a lock left unreadable and moved aside, and the command
  // died with a bare "Path is a directory" system error, the folder left under another name.
  it('a folder where the lock goes is refused naming it and the way out, and left where it is', async () => {
    const t = testCapsule()
    const journal = writerJournal(join(dir.path, 'lock-folder', 'w.key.journal'), { lockWaitMs: 0 })
    const lock = `${journal.where(t.name)}.lock`
    mkdirSync(lock, { recursive: true })
    await expect(journal.hold!(t.name)).rejects.toMatchObject({ name: 'FileAccessError', message: `the writer journal lock ${lock} is not a file: it marks the process signing in this capsule with this key; remove it (nothing was signed or sent)` })
    expect(readdirSync(join(dir.path, 'lock-folder', 'w.key.journal'))).toEqual([`${formatName(t.name)}.lock`])
    rmSync(lock, { recursive: true })
    await journal.hold!(t.name)
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid)
  })

  // An entry it cannot read was called damaged, and the way out given was to delete it: for one whose permissions
  // were lost, a whole entry thrown away. (As root, permissions are not checked: a folder at the entry's place.)
  it('an entry that cannot be read is not called damaged, and is not to be deleted', () => {
    const t = testCapsule()
    const journal = writerJournal(join(dir.path, 'unreadable', 'w.key.journal'))
    mkdirSync(journal.where(t.name), { recursive: true })
    expect(() => journal.last(t.name)).toThrow(expect.objectContaining({ name: 'FileAccessError', message: `the writer journal entry ${journal.where(t.name)} cannot be read (EISDIR: illegal operation on a directory, read): it says what this key signed last in the capsule, and nothing is signed in it until it is read; make it readable by this user again (what is there is not a file: remove that), rather than delete a whole entry` }))
  })

  // Found by attacking the disk: existsSync follows the link, so an entry whose target was gone (a disk not mounted)
  // was taken for none, and the next batch was signed on the replicas' word, the link replaced by a new entry.
  it('an entry that is a symbolic link to nothing is refused as one that cannot be read, and left where it is', () => {
    const t = testCapsule()
    const journal = writerJournal(join(dir.path, 'dangling', 'w.key.journal'))
    mkdirSync(join(dir.path, 'dangling', 'w.key.journal'), { recursive: true })
    symlinkSync(join(dir.path, 'dangling', 'unmounted', 'entry'), journal.where(t.name))
    expect(() => journal.last(t.name)).toThrow(expect.objectContaining({ name: 'FileAccessError', message: expect.stringMatching(new RegExp(`^the writer journal entry ${journal.where(t.name)} cannot be read \\(ENOENT: .*\\): it says what this key signed last in the capsule, and nothing is signed in it until it is read`)) }))
    expect(lstatSync(journal.where(t.name)).isSymbolicLink()).toBe(true)
  })

  it('a file where the journal\'s folder goes: a FileAccessError naming the lock, nothing signed', async () => {
    const t = testCapsule()
    writeFileSync(join(dir.path, 'journal-a-file'), '')
    await expect(writerJournal(join(dir.path, 'journal-a-file')).hold!(t.name)).rejects.toMatchObject({ name: 'FileAccessError', message: expect.stringMatching(/^cannot make the writer journal lock \S+journal-a-file\/\S+\.lock \(ENOTDIR: .*\); nothing was signed or sent$/) })
  })
})

describe.skipIf(!runsAsRoot)('the writer journal on a full disk (a small tmpfs: skipped unless root)', () => {
  const disk = smallDisk('gdp-journal-full-', '1m')

  it('refuses the batch with StoreFullError (507 at a gateway), keeps the entry before it, and leaves nothing half written beside it', () => {
    const t = testCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
    const journal = writerJournal(join(disk.path, 'w.key.journal'))
    const first = writer.append([payload('a')], 1_700_000_000_000_001)
    journal.signed(first)
    const filler = disk.fill('filler', 0)
    const big = writer.append([payload('b'.repeat(100_000))], 1_700_000_000_000_002)
    expect(() => { journal.signed(big) }).toThrow(expect.objectContaining({ name: 'StoreFullError', message: expect.stringMatching(/^the disk holding it is full: the writer journal entry .* could not be written \(ENOSPC: .*\); nothing was sent/) }))
    // What a gateway's client is told: the node's journal, not a server's store (a router's gateway has no store, and a
    // client told "the disk of this server's store is full" looked for it at the capsule's servers).
    let refusal: Error | undefined
    try { journal.signed(big) } catch (err) { refusal = err as Error }
    expect(statusOf(refusal!)).toBe(507)
    expect(errorBody(refusal!, 507)).toEqual({ error: 'StoreFullError', message: 'the disk holding this node\'s writer journal is full: nothing of this request was sent to the capsule\'s servers; writes are taken again once its operator frees space' })
    expect(readdirSync(join(disk.path, 'w.key.journal'))).toEqual([formatName(t.name)])
    expect(journal.last(t.name)?.heartbeat.heartbeat.size).toBe(1)
    rmSync(filler)
  })

  // Found auditing the journal: it let go of the entry before a refused batch, then failed to write it back with a
  // raw ENOSPC that named neither the entry nor the records it still held; refused again later, it gave nothing back.
  it('a batch refused for certain that cannot be taken out of the entry is named, with StoreFullError; refused again once there is room, its place is given back', () => {
    const t = testCapsule()
    const writer = new CapsuleWriter(t.name, t.signed.metadata, t.writer, emptyWriterState(t.name))
    const journal = writerJournal(join(disk.path, 'refused.key.journal'))
    journal.signed(writer.append([payload('a'.repeat(100_000))], 1_700_000_000_000_001))
    const small = writer.append([payload('b')], 1_700_000_000_000_002)
    journal.signed(small)
    const filler = disk.fill('filler', 0)
    const refusal = new Error('refused for the test')
    expect(() => { journal.refused(small, refusal) }).toThrow(expect.objectContaining({ name: 'StoreFullError', message: expect.stringMatching(/^the disk holding it is full: the writer journal entry \S+refused\.key\.journal\/\S+ still holds records 1\.\.1, which were refused for certain \(Error: refused for the test\), and could not be set back to the batch before them \(ENOSPC: .*\): opened again with the key, the capsule takes them for signed/) }))
    expect(journal.last(t.name)?.heartbeat.heartbeat.size).toBe(2)
    rmSync(filler)
    journal.refused(small, refusal)
    expect(journal.last(t.name)?.heartbeat.heartbeat.size).toBe(1)
  })
})

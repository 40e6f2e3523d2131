// The `gdp` command line against a running overlay (--node): a router and a
// server in this process over loopback, the CLI as separate processes.
import { execFile, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { formatName, parseName } from '../../src/capsule/name.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { readKeyFile, writeKeyFile } from '../../src/node/keyfile.js'
import { GdpNode } from '../../src/node/node.js'
import { nodeName } from '../../src/routing/signing.js'
import { tempDir, waitFor } from '../helpers.js'
import { GDP_MAIN as main } from './run-gdp.js'
import { noFaketime, shiftedClock } from '../faketime.js'

const dir = tempDir('gdp-cli-remote-')
const nodes: GdpNode[] = []

/** Runs gdp in a child process without blocking this one, whose event loop runs the nodes; on the cli folder unless `args` name a --data. */
async function gdp (args: string[], env?: Record<string, string>): Promise<{ code: number, out: string, err: string }> {
  return await new Promise((resolve) => {
    execFile(process.execPath, [main, ...args.includes('--data') ? [] : ['--data', join(dir.path, 'cli')], ...args], { cwd: dir.path, maxBuffer: 64 << 20, ...(env === undefined ? {} : { env: { ...process.env, ...env } }) }, (err, out, errOut) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, out, err: errOut })
    })
  })
}
async function ok (args: string[]): Promise<string> {
  const r = await gdp(args)
  if (r.code !== 0) throw new Error(`gdp ${args.join(' ')} failed (${r.code}): ${r.err}`)
  return r.out
}
/** Commands run at once by together(): half the handshakes the router takes in progress from one address (max_pending_per_ip, 8). */
const AT_ONCE = 4
/**
 * Commands that change nothing (refused, or reads), run AT_ONCE at a time: each is a process of its own, and one after
 * the other they waited on each other's start for nothing. Each one's outcome, in the order given.
 */
async function together (...commands: string[][]): Promise<Array<{ code: number, out: string, err: string }>> {
  const runs: Array<{ code: number, out: string, err: string }> = []
  for (let i = 0; i < commands.length; i += AT_ONCE) runs.push(...await Promise.all(commands.slice(i, i + AT_ONCE).map(async (args) => await gdp(args))))
  return runs
}
/** Refusals run together (each changes nothing), each one's stderr checked against its pattern. */
async function refusedWith (cases: Array<[string[], RegExp]>): Promise<void> {
  const runs = await together(...cases.map(([args]) => args))
  for (const [i, [args, message]] of cases.entries()) expect(runs[i]!.err, `gdp ${args.join(' ')}`).toMatch(message)
}
const jsonLines = async (args: string[]): Promise<any[]> => (await ok([...args, '--json'])).trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l))

let router: GdpNode
let server: GdpNode
let peers: GdpNode[] = []
let at = ''
let serverName = ''
/**
 * A verify of a capsule no server holds: the router waits its while for a route (4.5 s) before NO_ROUTE. Started with
 * the file, so that wait passes while the other tests run (the file took that much longer when it ran last); its
 * own test checks the outcome.
 */
let unknownVerify: Promise<{ code: number, out: string, err: string }>

/**
 * Waits until the router holds a route to each capsule: a create is answered before the server's advertisement
 * reaches the router. Read from the router in this process: a gdp capsule info per poll cost a process each time.
 */
async function routed (...names: string[]): Promise<void> {
  await waitFor(() => names.every((name) => router.table.lookup(parseName(name), Date.now() * 1000) !== undefined), { timeoutMs: 20_000, intervalMs: 20, what: `capsules ${names.join(', ')} to be routed` })
}

/** One more server under the router, in folder `folder`, started once it reaches its upstream; stopped with the others. */
async function extraServer (folder: string): Promise<GdpNode> {
  const extra = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir.path, folder), role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], upstream: at })
  nodes.push(extra)
  await extra.start()
  await extra.upstreamReady(10_000)
  return extra
}

beforeAll(async () => {
  router = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir.path, 'router'), role: 'router', listen: ['/ip4/127.0.0.1/tcp/0'] })
  await router.start()
  nodes.push(router)
  server = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir.path, 'server'), role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], upstream: router.multiaddrs()[0] })
  await server.start()
  nodes.push(server)
  await server.upstreamReady(10_000)
  // Two more servers, for a capsule of three replicas.
  for (const i of [2, 3]) {
    const peer = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir.path, `server${i}`), role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], upstream: router.multiaddrs()[0] })
    await peer.start()
    nodes.push(peer)
    await peer.upstreamReady(10_000)
    peers.push(peer)
  }
  at = router.multiaddrs()[0]!
  serverName = formatName(server.name)
  await ok(['keys', 'generate'])
  unknownVerify = gdp(['capsule', 'verify', 'A'.repeat(43), '--node', at])
}, 60_000)

afterAll(async () => {
  for (const n of nodes.reverse()) await n.stop()
  dir.cleanup()
})

describe('gdp --node: the command line against a running overlay', () => {
  let name = ''

  it('creates a capsule on a server, appends to it and reads it back, verified', async () => {
    name = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', serverName, '--json'])).name
    // The create is answered before the server's advertisement reaches the router.
    await routed(name)
    expect(JSON.parse(await ok(['capsule', 'append', name, 'a', 'b', '--node', at, '--json'])).count).toBe(2)
    expect(JSON.parse(await ok(['append', name, 'c', 'd', 'e', '--node', at, '--json'])).first).toBe(2)
    expect((await jsonLines(['capsule', 'read', name, '--node', at])).map((r) => r.payload)).toEqual(['a', 'b', 'c', 'd', 'e'])
    expect((await jsonLines(['read', name, '--from', '1', '--to', '3', '--node', at])).map((r) => r.seqno)).toEqual([1, 2])
    expect((await jsonLines(['read', name, '--last', '2', '--node', at])).map((r) => r.payload)).toEqual(['d', 'e'])
    const info = JSON.parse(await ok(['capsule', 'info', name, '--node', at, '--json']))
    expect(info).toMatchObject({ name, size: 5, verified: true, from: serverName })
    // The metadata, as the local form shows it (it showed none), its replication the one in effect (it said 0 and 0).
    const owner = JSON.parse(await ok(['keys', 'show', '--json'])).publicKey
    expect(info).toMatchObject({ owner, writer: owner, expires: null, fields: {}, replication: { replicas: 1, writeQuorum: 1 } })
    expect(await ok(['capsule', 'info', name, '--node', at])).toMatch(new RegExp(`^name      ${name}\nowner     ${owner}\nwriter    ${owner}\ncreated   \\S+\nexpires   never\nreplicas  1 \\(write quorum 1\\)\nrecords   5\n`))
    // One replica: the latest head of a read quorum is its own.
    expect(JSON.parse(await ok(['capsule', 'info', name, '--node', at, '--latest', '--json']))).toMatchObject({ name, size: 5, from: serverName })
  }, 60_000)

  it('capsule read --node prints every record once, in order, for a whole capsule, --last, a range past the end and --raw', async () => {
    const many = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', serverName, '--json'])).name
    await routed(many)
    await ok(['capsule', 'append', many, ...Array.from({ length: 100 }, (_, i) => `r${i}`), '--node', at])
    const seqnos = async (args: string[]): Promise<number[]> => (await jsonLines(['capsule', 'read', many, ...args, '--node', at])).map((r) => r.seqno)
    const delivered = server.forwarder.counters.delivered
    expect(await seqnos([])).toEqual(Array.from({ length: 100 }, (_, i) => i))
    // Its info and a read (one window: 100 small records; windows of 16 MiB are tested in remote-read.test.ts) reached the server.
    expect(server.forwarder.counters.delivered - delivered).toBeGreaterThanOrEqual(2)
    expect(await seqnos(['--last', '60'])).toEqual(Array.from({ length: 60 }, (_, i) => 40 + i))
    expect(await seqnos(['--from', '10', '--to', '500'])).toEqual(Array.from({ length: 90 }, (_, i) => 10 + i))
    expect(await ok(['capsule', 'read', many, '--from', '98', '--node', at, '--raw'])).toBe('r98r99')
  }, 60_000)

  it('a command exits as soon as its answer is out, whatever timers the libp2p node it ran leaves behind', async () => {
    // libp2p's identify push kept a timer for a second after the command's node stopped: every --node command took 1 s more.
    const { outputAt, exitAt, code } = await new Promise<{ outputAt: number, exitAt: number, code: number | null }>((resolve) => {
      const child = spawn(process.execPath, [main, '--data', join(dir.path, 'cli'), 'capsule', 'info', name, '--node', at], { cwd: dir.path })
      let outputAt = 0
      child.stdout.on('data', () => { outputAt = performance.now() })
      child.on('exit', (code) => { resolve({ outputAt, exitAt: performance.now(), code }) })
    })
    expect(code).toBe(0)
    expect(exitAt - outputAt).toBeLessThan(700)
  }, 30_000)

  it('reads past the end say what was wrong, the same way as a local read', async () => {
    const [r, past, atEnd] = await together(['capsule', 'read', name, '--seq', '99', '--node', at], ['capsule', 'read', name, '--from', '7', '--node', at], ['capsule', 'read', name, '--from', '5', '--node', at])
    expect(r!.code).toBe(1)
    expect(r!.err).toMatch(/^gdp: RecordNotFoundError: capsule \S+ has 5 records; there is no record 99\n/)
    // A range from past the end names no record either; from the end it is what is appended next, nothing yet.
    expect(past).toMatchObject({ code: 1, out: '' })
    expect(past!.err).toMatch(/^gdp: RecordNotFoundError: the capsule has 5 records; --from 7 is past its end \(--from 5 reads the next record appended\)\n/)
    expect(atEnd).toMatchObject({ code: 0, out: '' })
  }, 30_000)

  it('lists what the server holds', async () => {
    const [listing, refused, ofRouter] = await together(['capsule', 'list', '--node', at, '--server', serverName, '--json'], ['capsule', 'list', '--server', serverName], ['capsule', 'list', '--node', at])
    expect(listing!.code, listing!.err).toBe(0)
    expect(listing!.out.trim().split('\n').filter((l) => l !== '').map((l) => JSON.parse(l))).toContainEqual({ name, size: 5 })
    expect(refused!.code).toBe(2)
    expect(refused!.err).toMatch(/--server names a server to ask through --node/)
    // Asked to list itself, the router says what to give (it was a raw MALFORMED about propose_servers requests).
    expect(ofRouter!.code).toBe(2)
    expect(ofRouter!.err).toMatch(/^gdp: the --node peer \S+ holds no capsules to list \(it is a router\): give --server <node name> of a server behind it\n/)
  }, 30_000)

  it('verifies the capsule from the overlay, and exports it to a file that verifies and imports locally', async () => {
    expect(JSON.parse(await ok(['capsule', 'verify', name, '--node', at, '--json']))).toEqual({ name, records: 5, heartbeats: 2, valid: true })
    // A batch longer than the CLI's read window (1,024 records), so batches span windows.
    const many = await new Promise<{ code: number | null }>((resolve) => {
      const child = execFile(process.execPath, [main, '--data', join(dir.path, 'cli'), 'append', name, '--lines', '--node', at], () => {})
      child.stdin!.end(Array.from({ length: 2500 }, (_, i) => `line ${i}`).join('\n'))
      child.on('exit', (code) => { resolve({ code }) })
    })
    expect(many.code).toBe(0)
    expect(JSON.parse(await ok(['capsule', 'verify', name, '--node', at, '--json']))).toEqual({ name, records: 2505, heartbeats: 3, valid: true })
    const file = join(dir.path, 'remote.gdpx')
    expect(JSON.parse(await ok(['capsule', 'export', name, '--node', at, '--out', file, '--json']))).toMatchObject({ name, records: 2505, heartbeats: 3 })
    expect(JSON.parse(await ok(['capsule', 'verify', '--file', file, '--json']))).toMatchObject({ name, records: 2505, heartbeats: 3, valid: true })
    expect(JSON.parse(await ok(['capsule', 'import', file, '--json']))).toMatchObject({ name, records: 2505, added: 2505 })
    expect((await jsonLines(['capsule', 'read', name, '--from', '3', '--to', '6'])).map((r) => r.payload)).toEqual(['d', 'e', 'line 0'])
    // An empty capsule comes with no heartbeat: valid, and said to rest on the server's word (any server can say it).
    const empty = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', serverName, '--json'])).name
    await routed(empty)
    expect(await ok(['capsule', 'verify', empty, '--node', at])).toBe(`capsule ${empty} on the overlay: 0 records, 0 heartbeats: valid (no heartbeat came: that the capsule holds nothing is the server's word)\n`)
  }, 60_000)

  it('creates a capsule on three replicas; an append is acknowledged by a quorum and reaches all three', async () => {
    const servers = [server, ...peers]
    const replicated = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', servers.map((s) => formatName(s.name)).join(','), '--write-quorum', '2', '--json']))
    expect(replicated.servers).toEqual(servers.map((s) => formatName(s.name)))
    await routed(replicated.name)
    const appended = JSON.parse(await ok(['capsule', 'append', replicated.name, 'one', 'two', '--node', at, '--json']))
    expect(appended.count).toBe(2)
    // Said which replicas acknowledged it (it said "by the server" whatever the quorum).
    expect(appended.acknowledgedBy).toHaveLength(2)
    expect(servers.map((s) => formatName(s.name))).toEqual(expect.arrayContaining(appended.acknowledgedBy))
    expect(await ok(['capsule', 'append', replicated.name, 'three', '--node', at])).toMatch(/^appended 1 record \(2\.\.2\) to \S+, acknowledged by 2 replicas\n$/)
    const name = parseName(replicated.name)
    await waitFor(async () => { for (const s of servers) if ((await s.store!.capsule(name)).size !== 3) return false; return true }, { timeoutMs: 10_000, what: 'all three replicas to hold the three records' })
    const refused = await gdp(['capsule', 'create', '--node', at, '--server', formatName(server.name), '--replicas', '2'])
    expect(refused.code).toBe(2)
    expect(refused.err).toMatch(/^gdp: --replicas 2 needs as many servers; --server names 1\n/)
    // The running server checks every row of its copy through its control socket: nothing to repair.
    expect(JSON.parse(await ok(['capsule', 'repair', replicated.name, '--data', join(dir.path, 'server'), '--json']))).toEqual({ name: replicated.name, damaged: false })
    expect((await gdp(['capsule', 'repair', replicated.name, '--data', join(dir.path, 'router')])).err).toMatch(/this node stores no capsules/)
  }, 90_000)

  it('a create that fails on its second server names the capsule the first one holds, so its owner can delete it', async () => {
    const nobody = formatName(crypto.getRandomValues(new Uint8Array(32)))
    const r = await gdp(['capsule', 'create', '--node', at, '--server', `${formatName(server.name)},${nobody}`])
    expect(r.code).toBe(1)
    const named = /^gdp: PartialCreateError: capsule ([A-Za-z0-9_-]{43}) was created on (\S+) but not on (\S+): .*; delete it \(gdp capsule delete \1 --node \.\.\.\)/.exec(r.err)
    expect(named?.slice(2, 4)).toEqual([formatName(server.name), nobody])
    // The name is the capsule the first server holds (deleting it is as for any capsule).
    expect((await server.store!.capsule(parseName(named![1]!))).size).toBe(0)
  }, 60_000)

  it('a router with propose_servers proposes only the servers it names: another device that attached as a server and advertises is not offered for new capsules', async () => {
    const namedData = [join(dir.path, 'proposable-a'), join(dir.path, 'proposable-b')]
    const named = namedData.map((data) => {
      mkdirSync(data)
      return formatName(nodeName(writeKeyFile(join(data, 'node.key'), false).publicKey))
    })
    const picky = await GdpNode.create({ ...DEFAULT_CONFIG, data: join(dir.path, 'picky-router'), role: 'router', listen: ['/ip4/127.0.0.1/tcp/0'], proposeServers: named })
    await picky.start()
    nodes.push(picky)
    const up = picky.multiaddrs()[0]!
    for (const data of [...namedData, join(dir.path, 'stranger')]) {
      const s = await GdpNode.create({ ...DEFAULT_CONFIG, data, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], upstream: up })
      await s.start()
      nodes.push(s)
      await s.upstreamReady(10_000)
    }
    await waitFor(() => picky.table.liveSets(Date.now() * 1000).length >= 3, { timeoutMs: 10_000, what: 'the three servers to advertise to the router' })
    const three = await gdp(['capsule', 'create', '--node', up, '--replicas', '3'])
    expect(three.code).toBe(1)
    expect(three.err).toContain(`--replicas 3 asks for 3 servers and the router ${formatName(picky.name)} knows 2`)
    const two = await gdp(['capsule', 'create', '--node', up, '--replicas', '2'])
    expect(two.err).toMatch(/^the router proposed 2 of the 2 servers it knows:\n/)
    for (const n of named) expect(two.err).toContain(`  ${n}  attached to the router`)
    expect(two.code).toBe(0)
  }, 60_000)

  it('creates a capsule on three servers the router proposes; an append reaches all three', async () => {
    const servers = [server, ...peers]
    const created = await gdp(['capsule', 'create', '--node', at, '--replicas', '3'])
    expect(created.code).toBe(0)
    // The name alone on stdout, as scripts capture it; the router's choice on stderr.
    const name = created.out.trim()
    expect(created.err).toMatch(/^the router proposed 3 of the 3 servers it knows:\n/)
    for (const s of servers) expect(created.err).toContain(`  ${formatName(s.name)}  attached to the router, cost `)
    // On loopback every link comes from 127.0.0.1: one host, as the router sees it.
    expect(created.err.match(/host 1\n/g)).toHaveLength(3)
    await routed(name)
    const info = JSON.parse(await ok(['capsule', 'info', name, '--node', at, '--json']))
    expect([...info.replicas].sort()).toEqual(servers.map((s) => formatName(s.name)).sort())
    expect(JSON.parse(await ok(['capsule', 'append', name, 'to', 'all', '--node', at, '--json'])).count).toBe(2)
    await waitFor(async () => { for (const s of servers) if ((await s.store!.capsule(parseName(name))).size !== 2) return false; return true }, { timeoutMs: 10_000, what: 'all three replicas to hold the three records' })
    // The second: this router has no domain membership and no child routers: it cannot tell its servers' domains.
    const [tooMany, byDomain] = await together(['capsule', 'create', '--node', at, '--replicas', '4'], ['capsule', 'create', '--node', at, '--replicas', '3', '--spread', 'domains'])
    expect(tooMany!.code).toBe(1)
    expect(tooMany!.err).toMatch(/--replicas 4 asks for 4 servers and the router \S+ knows 3: attach more servers/)
    expect(byDomain!.code).toBe(1)
    expect(byDomain!.err).toMatch(/NOT_FOUND: .* it cannot spread replicas across domains/)
  }, 90_000)

  it('creates a capsule of one replica on a server the router proposes, when --node is a router and no --server is given (the router refused the create as sent to its own name)', async () => {
    const created = await gdp(['capsule', 'create', '--node', at])
    expect(created.code).toBe(0)
    expect(created.err).toMatch(/^the router proposed 1 of the \d+ servers it knows:\n {2}\S+ {2}attached to the router, cost /)
    const name = created.out.trim()
    await routed(name)
    expect(JSON.parse(await ok(['capsule', 'append', name, 'one', '--node', at, '--json'])).count).toBe(1)
  }, 60_000)

  // Found by creating a capsule with --key <data>/node.key: taken without a word. Whoever holds a capsule's owner key
  // may delete or move it, and append as its writer: the node would do so without its owner.
  it('a capsule create refuses a node\'s key as its owner or writer: the data folder\'s, the --node peer\'s, a server it goes on', async () => {
    const folder = join(dir.path, 'node-key-owner')
    writeKeyFile(join(folder, 'node.key'), false)
    const serverKey = join(dir.path, 'server', 'node.key')
    const serverPublic = Buffer.from(readKeyFile(serverKey, { node: true }).publicKey).toString('base64url')
    const before = await ok(['capsule', 'list', '--node', at, '--server', serverName])
    await refusedWith([
      [['--data', folder, '--key', join(folder, 'node.key'), 'capsule', 'create'], /^gdp: InvalidArgumentError: the owner key \(--key \S+node\.key\) is the node key of this data folder's node \(\S+\): .*gdp keys generate/m],
      [['--key', serverKey, 'capsule', 'create', '--node', at, '--server', serverName], new RegExp(`the owner key \\(--key \\S+\\) is the node key of server ${serverName}, which the capsule would be placed on: `)],
      [['--key', join(dir.path, 'router', 'node.key'), 'capsule', 'create', '--node', at, '--server', serverName], new RegExp(`the owner key \\(--key \\S+\\) is the node key of the node at --node, ${formatName(router.name)}: `)],
      [['capsule', 'create', '--node', at, '--server', serverName, '--writer', serverPublic], new RegExp(`the writer key \\(--writer\\) is the node key of server ${serverName}, which the capsule would be placed on: `)]
    ])
    // Refused before anything was sent: the server holds no capsule more.
    expect(await ok(['capsule', 'list', '--node', at, '--server', serverName])).toBe(before)
  }, 60_000)

  it('the owner takes a capsule off one replica; not below the replicas its policy asks for', async () => {
    const servers = [server, ...peers]
    const created = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', servers.map((s) => formatName(s.name)).join(','), '--replicas', '2', '--json']))
    await routed(created.name)
    const removed = peers[1]!
    const left = JSON.parse(await ok(['replicas', 'rm', created.name, '--server', formatName(removed.name), '--node', at, '--json']))
    expect(left.servers).toEqual([server, peers[0]!].map((s) => formatName(s.name)))
    await expect(removed.store!.capsule(parseName(created.name))).rejects.toThrow(/deleted by its owner/)
    expect(JSON.parse(await ok(['capsule', 'info', created.name, '--node', at, '--json'])).replicas).toHaveLength(2)
    expect(JSON.parse(await ok(['capsule', 'append', created.name, 'after', '--node', at, '--json'])).count).toBe(1)
    // Only the owner changes the set: another key is refused before anything is sent.
    await ok(['keys', 'generate', '--key', 'stranger.key'])
    // Those, and the owner's refused removals below, change nothing: run together.
    const strangers = [['rm', peers[0]!, 'remove replicas'], ['add', removed, 'add replicas']] as const
    const [refused, again, unknown, ...byStranger] = await together(
      ['replicas', 'rm', created.name, '--server', formatName(peers[0]!.name), '--node', at],
      // Taken off already: the order is sent again to each replica left (a run that missed one, run again), changing nothing.
      ['replicas', 'rm', created.name, '--server', formatName(removed.name), '--node', at, '--json'],
      ['replicas', 'rm', created.name, '--server', formatName(router.name), '--node', at],
      ...strangers.map(([verb, other]) => ['replicas', verb, created.name, '--server', formatName(other.name), '--node', at, '--key', 'stranger.key']))
    for (const [i, [, , what]] of strangers.entries()) {
      expect([byStranger[i]!.code, byStranger[i]!.err]).toEqual([1, `gdp: InvalidArgumentError: --key is not the owner of capsule ${created.name}: only its owner can ${what}\n`])
    }
    expect(refused!.code).toBe(1)
    expect(refused!.err).toMatch(/RequestRefusedError: FAILED_PRECONDITION: capsule \S+ asks for 2 replicas; removing \S+ would leave 1: add another replica first/)
    expect([again!.code, JSON.parse(again!.out).servers]).toEqual([0, left.servers])
    expect(unknown!.err).toMatch(/is not a replica of capsule/)
  }, 90_000)

  // Found attacking the node with clock steps: the removal was dated by this clock alone, before the AdCerts that placed
  // the capsule, and the server refused it as an order its owner had placed it again since.
  it.skipIf(noFaketime !== undefined)('the owner whose clock runs 30 s behind the one that placed the capsule takes a replica off', async () => {
    const created = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', [server, ...peers].map((s) => formatName(s.name)).join(','), '--replicas', '2', '--json']))
    await routed(created.name)
    const removed = peers[1]!
    const behind = await gdp(['replicas', 'rm', created.name, '--server', formatName(removed.name), '--node', at, '--json'], shiftedClock('-30s'))
    expect(behind.err).toBe('')
    expect(JSON.parse(behind.out).servers).toEqual([server, peers[0]!].map((s) => formatName(s.name)))
    await expect(removed.store!.capsule(parseName(created.name))).rejects.toThrow(/deleted by its owner/)
  }, 60_000)

  it('replicas add goes on past a replica that does not answer and names it; run again, it brings that replica up to the set (found by attacking upgrades: it stopped there, and refused to run again)', async () => {
    const extraConfig = { ...DEFAULT_CONFIG, data: join(dir.path, 'server-away'), role: 'server' as const, listen: ['/ip4/127.0.0.1/tcp/0'], upstream: at }
    let extra = await GdpNode.create(extraConfig)
    await extra.start()
    await extra.upstreamReady(10_000)
    const created = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', `${serverName},${formatName(extra.name)}`, '--replicas', '2', '--json']))
    const name = parseName(created.name)
    await routed(created.name)
    const setAt = (node: GdpNode): string[] => (node.service!.replicator!.replicaSet(name) ?? []).map((a) => formatName(a.cert.server)).sort()
    await extra.stop()
    const added = formatName(peers[1]!.name)
    const partial = await gdp(['replicas', 'add', created.name, '--server', added, '--node', at])
    expect(partial.code).toBe(1)
    expect(partial.err).toMatch(new RegExp(`PartialCreateError: capsule ${created.name}: the set of its replicas \\(.*\\) did not reach ${formatName(extra.name)} \\(.*\\)\\. Run the same gdp replicas add again once they answer`))
    // The replicas that answered, the new one among them, hold the larger set; the one away holds the one it had.
    const larger = [serverName, formatName(extra.name), added].sort()
    expect(setAt(server)).toEqual(larger)
    expect(setAt(peers[1]!)).toEqual(larger)
    extra = await GdpNode.create(extraConfig)
    nodes.push(extra)
    await extra.start()
    await extra.upstreamReady(10_000)
    expect(setAt(extra)).toEqual([serverName, formatName(extra.name)].sort())
    const again = JSON.parse(await ok(['replicas', 'add', created.name, '--server', added, '--node', at, '--json']))
    expect([...again.servers].sort()).toEqual(larger)
    expect(setAt(extra)).toEqual(larger)
  }, 90_000)

  // Found by reviewing replicas rm: a removal that did not reach a replica left told the owner to run the same command
  // again once it answers, and that run refused the server as no replica of the capsule (the replicas that took the
  // removal list it no more), so the one away learnt it only at anti-entropy, if ever from them.
  it('replicas rm that did not reach a replica left names it; run again once it answers, it sends that replica the removal', async () => {
    const awayConfig = { ...DEFAULT_CONFIG, data: join(dir.path, 'server-rm-away'), role: 'server' as const, listen: ['/ip4/127.0.0.1/tcp/0'], upstream: at }
    let away = await GdpNode.create(awayConfig)
    await away.start()
    await away.upstreamReady(10_000)
    const removed = peers[1]!
    const created = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', [serverName, formatName(removed.name), formatName(away.name)].join(','), '--replicas', '2', '--json']))
    const name = parseName(created.name)
    await routed(created.name)
    const setAt = (node: GdpNode): string[] => (node.service!.replicator!.replicaSet(name) ?? []).map((a) => formatName(a.cert.server)).sort()
    await away.stop()
    const partial = await gdp(['replicas', 'rm', created.name, '--server', formatName(removed.name), '--node', at])
    expect(partial.err).toMatch(new RegExp(`RemovalIncompleteError: capsule ${created.name}: the removal of server ${formatName(removed.name)} did not reach ${formatName(away.name)} `))
    expect(partial.code).toBe(1)
    const left = [serverName, formatName(away.name)].sort()
    expect(setAt(server)).toEqual(left)
    away = await GdpNode.create(awayConfig)
    nodes.push(away)
    await away.start()
    await away.upstreamReady(10_000)
    expect(setAt(away)).toContain(formatName(removed.name))
    const again = JSON.parse(await ok(['replicas', 'rm', created.name, '--server', formatName(removed.name), '--node', at, '--json']))
    expect([...again.servers].sort()).toEqual(left)
    expect(setAt(away)).toEqual(left)
  }, 90_000)

  it('a kv put whose fate is unknown (its write quorum not reached) says that the write may still take effect, and how it would', async () => {
    const extra = await extraServer('server-quorum')
    const created = JSON.parse(await ok(['capsule', 'create', '--kind', 'kv', '--node', at, '--server', `${serverName},${formatName(extra.name)}`, '--write-quorum', '2', '--json']))
    const plain = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', `${serverName},${formatName(extra.name)}`, '--write-quorum', '2', '--json']))
    await routed(created.name, plain.name)
    // A plain record in a key-value capsule changes nothing in it: refused before anything is signed.
    const intoKv = await gdp(['capsule', 'append', created.name, 'raw', '--node', at])
    expect(intoKv.err).toMatch(/^gdp: InvalidArgumentError: capsule \S+ is a key-value capsule: its records are written by gdp kv put, del or batch/)
    expect(intoKv.code).toBe(1)
    await extra.stop()
    const put = await gdp(['kv', 'put', created.name, 'colour', 'blue', '--node', at])
    expect(put.code).toBe(1)
    // QUORUM_NOT_REACHED, or a refusal from elsewhere than the replica the write went to (a timeout of that replica).
    expect(put.err).toMatch(/(QUORUM_NOT_REACHED|gave no answer to the batch).*; the write may still take effect: a replica may hold it and pass it on to the others, and if none does, the next write to the capsule with this key sends it first \(its journal, .*\.journal\): read before writing it again\n$/)
    // So does a plain append (it said only QUORUM_NOT_REACHED, and a reader then found the record).
    const append = await gdp(['capsule', 'append', plain.name, 'raw', '--node', at])
    expect(append.code).toBe(1)
    expect(append.err).toMatch(/(QUORUM_NOT_REACHED|REPLICAS_UNREACHABLE|gave no answer to the batch).*; the append may still take effect: .*: read before writing it again\n$|REPLICAS_UNREACHABLE: .*nothing was stored here/)
  }, 60_000)

  // Found by reading withFs: it passed no name of the write to withKvCapsule, so fs put, mkdir, rm and mv failed
  // with the bare error, as if nothing had been stored. Then found by hand (a replica's server under a replaced key):
  // what fails here is the batch signed before, sent again first, and `gdp capsule append z` said that the append
  // may still take effect and the next write would send it first; z had not been signed, and the next append,
  // sent, took its place.
  it('a gdp fs write or capsule append whose batch signed before, sent again first, fails (its write quorum not reached) says that it was not sent, and that those records may still take effect', async () => {
    const extra = await extraServer('server-fs-quorum')
    const servers = `${serverName},${formatName(extra.name)}`
    const [created, log] = await Promise.all([['--kind', 'files'], []].map(async (kind) => JSON.parse(await ok(['capsule', 'create', ...kind, '--node', at, '--server', servers, '--write-quorum', '2', '--json'])).name as string))
    await routed(created!, log!)
    await Promise.all([ok(['fs', 'mkdir', created!, 'docs', '--node', at]), ok(['capsule', 'append', log!, 'a', 'b', '--node', at])])
    const notes = join(dir.path, 'notes.txt')
    writeFileSync(notes, 'notes')
    await extra.stop()
    // The replica left refuses them at once (REPLICAS_UNREACHABLE: nothing stored) once the writer's question to the
    // one away has marked it silent; before that, it may store them and fail for want of the write quorum.
    const resent = (records: string, write: string): RegExp => new RegExp(`^gdp: \\w+: records ${records}, which this key signed last \\(its journal, .*\\) and fewer of the replicas that answered than the write quorum hold, were sent again first and failed, so nothing new was signed: ` +
      `(.*(QUORUM_NOT_REACHED|gave no answer to the batch).*; ${write} was not signed or sent \\(run it again\\), and records ${records} may still take effect: a replica may hold them and pass them on to the others, and if none does, the next write to the capsule with this key sends them first again|REPLICAS_UNREACHABLE: .*nothing was stored here.*; ${write} was not signed or sent \\(run it again\\))\n$`)
    // The batches before, which the one away acknowledged, the replica left answers for with its acknowledgement,
    // remembered (docs/replication.md): sent again, they go through. The first write after it stopped, the server
    // learning only then that it is away, is stored there alone, and is the batch each write after it sends again.
    const first = await gdp(['fs', 'put', created!, 'notes.txt', '--file', notes, '--node', at])
    expect(first.code, first.err).toBe(1)
    expect(first.err).toMatch(/QUORUM_NOT_REACHED.*; the write may still take effect: /)
    for (const write of [['mkdir', 'more'], ['rm', 'docs/', '--recursive'], ['mv', 'docs', 'papers']]) {
      const r = await gdp(['fs', write[0]!, created!, ...write.slice(1), '--node', at])
      expect(r.code, `gdp fs ${write.join(' ')}: ${r.err}`).toBe(1)
      expect(r.err, `gdp fs ${write.join(' ')}`).toMatch(resent('\\d+\\.\\.\\d+', 'the write'))
    }
    // The records a and b go through as well: the replica left answers for the one away with its acknowledgement,
    // remembered, even while it waits out that one's silence (docs/replication.md). Then y, a new batch, is stored
    // there alone and fails for want of the quorum or, once the server waits out the silence, is refused before it
    // is stored (REPLICAS_UNREACHABLE), and the journal holds nothing to send again.
    const append = await gdp(['capsule', 'append', log!, 'y', '--node', at])
    expect(append.code).toBe(1)
    if (/^gdp: RequestRefusedError: REPLICAS_UNREACHABLE: .*nothing was stored here/.test(append.err)) return
    expect(append.err).toMatch(/QUORUM_NOT_REACHED.*; the append may still take effect: /)
    const next = await gdp(['capsule', 'append', log!, 'z', '--node', at])
    expect(next.code).toBe(1)
    expect(next.err).toMatch(resent('2\\.\\.2', 'the append'))
  }, 90_000)

  // Found by comparing the commands that write through --node: an owner's order whose answer was lost failed with the
  // bare timeout, as if nothing had been done, while the servers had carried it out.
  it('capsule delete and replicas rm whose answer is lost say, as a kv put does, that the order may still take effect', async () => {
    const extra = await extraServer('server-lost-answers')
    // The server carries a delete out, and its answer goes nowhere: the link to it lost on the way back.
    const handle = extra.service!.handle.bind(extra.service!)
    extra.service!.handle = (pdu, reply, flow) => { handle(pdu, pdu.request?.delete != null ? () => {} : reply, flow) }
    const single = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', formatName(extra.name), '--json'])).name
    const pair = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', `${formatName(extra.name)},${formatName(peers[0]!.name)}`, '--write-quorum', '1', '--json'])).name
    await routed(single, pair)
    // The order on the pair goes to the capsule: to whichever replica is nearest, so both swallow their answers.
    const peerHandle = peers[0]!.service!.handle
    peers[0]!.service!.handle = (pdu, reply, flow) => { peerHandle.call(peers[0]!.service!, pdu, pdu.request?.delete != null ? () => {} : reply, flow) }
    // The three orders touch three different capsules (the third one nobody holds): run at once, each waits out its
    // own request timeout (2 s here, not the default 15 s) or the router's wait for a route side by side.
    const [deleted, removed, unknown] = await Promise.all([
      gdp(['capsule', 'delete', single, '--node', at, '--request-timeout', '2']),
      gdp(['replicas', 'rm', pair, '--server', formatName(extra.name), '--node', at, '--request-timeout', '2']),
      // An order that never went out (the capsule is unknown: the read before it failed) has no such note.
      gdp(['capsule', 'delete', formatName(new Uint8Array(32).fill(7)), '--node', at, '--request-timeout', '2'])
    ]).finally(() => { peers[0]!.service!.handle = peerHandle })
    expect(deleted.code).toBe(1)
    // The command's own 2 s ran out, not the router's 10 s (which answers CONGESTION).
    expect(deleted.err).toMatch(new RegExp(`^gdp: RequestTimeoutError: .*; the deletion may still take effect: a replica may hold the order and pass it on to the others: gdp capsule info ${single} --node \\.\\.\\. shows whether it did\n$`))
    // It did: the server deleted it.
    await expect(extra.store!.capsule(parseName(single))).rejects.toThrow(/deleted by its owner/)
    expect(removed.code).toBe(1)
    expect(removed.err).toMatch(new RegExp(`^gdp: RequestTimeoutError: .*; the removal of server ${formatName(extra.name)} may still take effect: a replica may hold the order and pass it on to the others: gdp capsule info ${pair} --node \\.\\.\\. shows whether it did\n$`))
    expect(unknown.code).toBe(1)
    expect(unknown.err).not.toMatch(/may still take effect/)
  }, 120_000)

  it('moves a capsule to another server while appends go on: none fails, every record is on the new server, routes follow', async () => {
    const created = JSON.parse(await ok(['capsule', 'create', '--node', at, '--server', serverName, '--json']))
    await routed(created.name)
    await ok(['capsule', 'append', created.name, 'a', 'b', 'c', '--node', at])
    const target = peers[0]!
    let appends = 0
    let moving = true
    const writing = (async () => {
      while (moving) { await ok(['capsule', 'append', created.name, `during ${appends}`, '--node', at]); appends++ }
    })()
    const moved = JSON.parse(await ok(['capsule', 'move', created.name, '--to', formatName(target.name), '--node', at, '--json']))
    moving = false
    await writing
    expect(moved).toMatchObject({ name: created.name, from: serverName, to: formatName(target.name) })
    expect(moved.records).toBeGreaterThanOrEqual(3)
    await ok(['capsule', 'append', created.name, 'after', '--node', at])
    const records = await jsonLines(['capsule', 'read', created.name, '--node', at])
    expect(records.map((r) => r.payload)).toEqual(['a', 'b', 'c', ...Array.from({ length: appends }, (_, i) => `during ${i}`), 'after'])
    expect((await target.store!.capsule(parseName(created.name))).size).toBe(records.length)
    await expect(server.store!.capsule(parseName(created.name))).rejects.toThrow(/deleted by its owner/)
    await waitFor(() => router.table.routes(parseName(created.name)).every((r) => formatName(r.server) === formatName(target.name)), { timeoutMs: 5000, what: 'the router to route to the new server only' })
    // Moving it to where it is, or by someone else's key, is refused with the reason.
    const again = await gdp(['capsule', 'move', created.name, '--to', formatName(target.name), '--node', at])
    expect(again.err).toMatch(/is on \S+ already/)
  }, 90_000)

  it('moves every capsule of the key off a server (--all-from); capsules of other owners stay', async () => {
    // A key of its own: with the default key it also moved the capsules the tests before it had placed (13), those with
    // replicas on servers they had stopped each waiting out the router's wait for a route (9.5 s in all).
    await ok(['--key', 'mover.key', 'keys', 'generate'])
    const create = async (key: string): Promise<string> => JSON.parse(await ok(['--key', key, 'capsule', 'create', '--node', at, '--server', serverName, '--json'])).name
    const mine = [await create('mover.key'), await create('mover.key')]
    await ok(['--key', 'other.key', 'keys', 'generate'])
    const theirs = await create('other.key')
    await routed(...mine, theirs)
    await ok(['--key', 'mover.key', 'capsule', 'append', mine[0]!, 'x', '--node', at])
    const target = peers[0]!
    // The server holds more than one capsule: a listing cut at --max-listed is said, with the last capsule looked at, and exit 1.
    const cut = await gdp(['--key', 'mover.key', 'capsule', 'renew', '--all-from', serverName, '--node', at, '--max-listed', '1'])
    expect([cut.code, cut.out]).toEqual([1, expect.stringMatching(new RegExp(`\\nthe listing of ${serverName} stopped at 1 capsule \\(--max-listed\\): those it listed after [\\w-]{43} were not looked at`))])
    const r = await gdp(['--key', 'mover.key', 'capsule', 'move', '--all-from', serverName, '--to', formatName(target.name), '--node', at, '--concurrency', '4', '--json'])
    const result = JSON.parse(r.out)
    expect(result.skipped).toContain(theirs)
    expect(result).toMatchObject({ found: 2, moved: 2, failed: [] })
    for (const name of mine) {
      await expect(server.store!.capsule(parseName(name))).rejects.toThrow(/deleted by its owner/)
      expect((await target.store!.capsule(parseName(name))).size).toBe(name === mine[0] ? 1 : 0)
    }
    expect((await server.store!.capsule(parseName(theirs))).size).toBe(0)
    await refusedWith([
      [['--key', 'mover.key', 'capsule', 'move', mine[0]!, '--all-from', serverName, '--to', formatName(target.name), '--node', at], /give no capsule/],
      [['--key', 'mover.key', 'capsule', 'move', '--all-from', serverName, '--to', serverName, '--node', at], /the capsules move off .*: it cannot be among the servers they move to/]
    ])
  }, 120_000)

  it('an operator drains a server of the capsules their owner delegated to its key (capsule delegate, then capsule move --all-from --key)', async () => {
    await ok(['--key', 'owner2.key', 'keys', 'generate'])
    await ok(['--key', 'operator.key', 'keys', 'generate'])
    const operatorKey = JSON.parse(await ok(['--key', 'operator.key', 'keys', 'show', '--json'])).publicKey
    const create = async (): Promise<string> => JSON.parse(await ok(['--key', 'owner2.key', 'capsule', 'create', '--node', at, '--server', serverName, '--json'])).name
    const delegated: string[] = [await create(), await create()]
    const first = delegated[0]!
    await routed(...delegated)
    await ok(['--key', 'owner2.key', 'capsule', 'append', first, 'x', 'y', '--node', at])
    const given = JSON.parse(await ok(['--key', 'owner2.key', 'capsule', 'delegate', '--all-from', serverName, '--to-key', operatorKey, '--node', at, '--valid', '1d', '--json']))
    expect(given.delegated.sort()).toEqual([...delegated].sort())
    expect(given.failed).toEqual([])
    // Created after the delegation: not delegated.
    const kept = await create()
    // The delegations are in the capsules' replica sets, for anyone to see and check.
    const info = JSON.parse(await ok(['capsule', 'info', first, '--node', at, '--json']))
    expect(info.delegations).toEqual([expect.objectContaining({ delegate: operatorKey })])
    // Spread over two servers: one capsule each.
    const drained = JSON.parse((await gdp(['--key', 'operator.key', 'capsule', 'move', '--all-from', serverName, '--to', peers.map((p) => formatName(p.name)).join(','), '--node', at, '--json'])).out)
    expect(drained).toMatchObject({ found: 2, moved: 2, failed: [], to: peers.map((p) => formatName(p.name)) })
    expect(drained.skipped.length).toBeGreaterThanOrEqual(1)
    const holders = await Promise.all(delegated.map(async (name) => peers.findIndex((p) => p.service!.hostedNames().includes(name))))
    expect(holders.sort()).toEqual([0, 1])
    const target = peers[0]!
    expect((await peers.find((p) => p.service!.hostedNames().includes(first))!.store!.capsule(parseName(first))).size).toBe(2)
    for (const name of delegated) await expect(server.store!.capsule(parseName(name))).rejects.toThrow(/deleted by its owner/)
    expect((await server.store!.capsule(parseName(kept))).size).toBe(0)
    expect(JSON.parse(await ok(['--key', 'owner2.key', 'capsule', 'append', first, 'z', '--node', at, '--json'])).first).toBe(2)
    // The operator's key moves nothing else, deletes nothing, delegates nothing.
    await refusedWith([
      [['--key', 'operator.key', 'capsule', 'move', kept, '--to', formatName(target.name), '--node', at], /neither the owner of capsule \S+ nor a key its owner delegated placement to/],
      [['--key', 'operator.key', 'capsule', 'delete', first, '--node', at], /only its owner can delete it/],
      [['--key', 'operator.key', 'capsule', 'delegate', kept, '--to-key', operatorKey, '--node', at], /only its owner can delegate/],
      // Options that do not fit are refused with the reason: several targets for one capsule, --rate-wait without
      // --all-from or that is not a duration.
      [['--key', 'operator.key', 'capsule', 'move', first, '--to', peers.map((p) => formatName(p.name)).join(','), '--node', at], /one capsule moves to one server/],
      [['--key', 'operator.key', 'capsule', 'move', first, '--to', formatName(target.name), '--rate-wait', '1m', '--node', at], /--rate-wait goes with --all-from/],
      [['--key', 'operator.key', 'capsule', 'move', '--all-from', serverName, '--to', formatName(target.name), '--rate-wait', 'soon', '--node', at], /--rate-wait: 'soon' is not a duration/],
      // Refused with the reason: no key to delegate to, both a capsule and --all-from.
      [['--key', 'owner2.key', 'capsule', 'delegate', kept, '--node', at], /--to-key <public key> names the key/],
      [['--key', 'owner2.key', 'capsule', 'delegate', kept, '--all-from', serverName, '--to-key', operatorKey, '--node', at], /not both/]
    ])
  }, 120_000)

  it('capsule renew signs the AdCerts of a capsule afresh on each of its replicas (one capsule, or --all-from a server); a shorter renewal changes nothing', async () => {
    await ok(['--key', 'owner3.key', 'keys', 'generate'])
    const three = [serverName, ...peers.map((p) => formatName(p.name))]
    const single = JSON.parse(await ok(['--key', 'owner3.key', 'capsule', 'create', '--node', at, '--server', serverName, '--delegate', '1h', '--json'])).name
    const replicated = JSON.parse(await ok(['--key', 'owner3.key', 'capsule', 'create', '--node', at, '--server', three.join(','), '--delegate', '1h', '--json'])).name
    await routed(single, replicated)
    const hourFromNow = Date.now() + 3600e3
    const renewed = JSON.parse(await ok(['--key', 'owner3.key', 'capsule', 'renew', single, '--node', at, '--delegate', '60d', '--json']))
    expect(renewed.failed).toEqual([])
    expect(renewed.renewed).toEqual([{ name: single, notAfter: expect.any(String), signed: renewed.renewed[0].notAfter }])
    const until = Date.parse(renewed.renewed[0].notAfter)
    expect(until).toBeGreaterThan(Date.now() + 59 * 86_400e3)
    // The server advertises it past the first AdCert's end, and says until when.
    const advertised = await server.service!.advertised(parseName(single), (hourFromNow + 60e3) * 1000)
    expect(advertised !== undefined && 'adCert' in advertised ? Math.floor(advertised.adCert.cert.notAfterUs / 1000) : undefined).toBe(until)
    expect(JSON.parse(await ok(['capsule', 'info', single, '--node', at, '--json'])).replicasUntil).toEqual({ [serverName]: renewed.renewed[0].notAfter })
    expect(await ok(['capsule', 'info', single, '--node', at])).toContain(`replica   ${serverName} until ${renewed.renewed[0].notAfter}`)
    // A renewal that ends sooner than the AdCert held leaves that one, and says so: it said "until" the new end, which
    // no replica held (found by going through every command's output).
    const shorter = JSON.parse(await ok(['--key', 'owner3.key', 'capsule', 'renew', single, '--node', at, '--delegate', '2h', '--json'])).renewed[0]
    expect(shorter.notAfter).toBe(renewed.renewed[0].notAfter)
    expect(Date.parse(shorter.signed)).toBeLessThan(Date.now() + 3 * 3600e3)
    expect(await ok(['--key', 'owner3.key', 'capsule', 'renew', single, '--node', at, '--delegate', '2h'])).toMatch(new RegExp(`^${single} until ${renewed.renewed[0].notAfter} \\(the new AdCerts, until \\S+, end sooner than those the replicas hold, which they keep\\)$`, 'm'))
    expect(JSON.parse(await ok(['capsule', 'info', single, '--node', at, '--json'])).replicasUntil).toEqual({ [serverName]: renewed.renewed[0].notAfter })
    // Every capsule of the server --key may place: both, the replicated one on all three servers.
    const all = JSON.parse(await ok(['--key', 'owner3.key', 'capsule', 'renew', '--all-from', serverName, '--node', at, '--delegate', '90d', '--json']))
    expect(all.renewed.map((r: { name: string }) => r.name).sort()).toEqual([single, replicated].sort())
    const ends = JSON.parse(await ok(['capsule', 'info', replicated, '--node', at, '--json'])).replicasUntil
    expect(Object.keys(ends).sort()).toEqual([...three].sort())
    for (const end of Object.values(ends)) expect(Date.parse(end as string)).toBeGreaterThan(Date.now() + 89 * 86_400e3)
    for (const node of [server, ...peers]) {
      const ad = await node.service!.advertised(parseName(replicated), (hourFromNow + 60e3) * 1000)
      expect(ad !== undefined && 'adCert' in ad).toBe(true)
    }
    // Only the owner or its delegate renews; the options that do not fit are refused with the reason.
    await refusedWith([
      [['capsule', 'renew', single, '--node', at], /neither the owner of capsule \S+ nor a key its owner delegated placement to/],
      [['--key', 'owner3.key', 'capsule', 'renew', single], /give --node/],
      [['--key', 'owner3.key', 'capsule', 'renew', single, '--all-from', serverName, '--node', at], /not both/],
      [['--key', 'owner3.key', 'capsule', 'renew', single, '--delegate', 'soon', '--node', at], /--delegate/]
    ])
  }, 120_000)

  it('a local command on the data folder of a running node says a node runs there and how to reach it (it said the store was in use by another process)', async () => {
    const r = await gdp(['capsule', 'list', '--data', join(dir.path, 'server')])
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/^gdp: StoreInUseError: the store at .* is in use by another process: a node runs on .*server \(gdp status --data .*server shows it\); its capsules are read and written through it \(--node <its overlay address>\), or stop it first\n$/)
  }, 30_000)

  it('an unknown capsule is NO_ROUTE from the router', async () => {
    const r = await unknownVerify
    expect(r.code).toBe(1)
    expect(r.err).toMatch(/NO_ROUTE/)
  }, 30_000)
})

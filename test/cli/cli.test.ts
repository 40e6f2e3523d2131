import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir } from '../helpers.js'
import { GDP_MAIN as main, gdpIn } from './run-gdp.js'
import { allCommands } from '../../src/cli/command-table.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { parseName } from '../../src/capsule/name.js'

const dir = tempDir('gdp-cli-')
const { gdp, ok, json, lines } = gdpIn(dir.path)

afterAll(() => dir.cleanup())

describe('gdp command line', () => {
  let name = ''

  it('generates a key file with mode 0600 and refuses to overwrite it', () => {
    const key = json(['keys', 'generate'])
    expect(key.publicKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(statSync(join(dir.path, 'data/keys/default.key')).mode & 0o777).toBe(0o600)
    const again = gdp(['keys', 'generate'])
    expect(again.code).toBe(1)
    expect(again.err).toMatch(/^gdp: InvalidArgumentError: key file .* already exists \(use --force to replace it\)\n$/)
    expect(json(['keys', 'show']).publicKey).toBe(key.publicKey)
  })

  it('with no command, global options or none, shows that store as gdp status does; --help the commands', () => {
    const status = ok(['status'])
    expect(ok([])).toBe(status)
    expect(ok(['--data', './data'])).toBe(status)
    expect(json(['--json'])).toEqual(json(['status', '--json']))
    expect(ok(['--help'])).toMatch(/^usage: gdp <command> \[options\]\n/)
    // The help lists --version with the other options (it worked, but only README named it).
    expect(ok(['--help'])).toMatch(/\n {2}--version {6}gdp's version \(alone: gdp --version\)\n$/)
    expect(ok(['--version'])).toBe(`gdp ${JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version}\n`)
    // With another option it was refused as an option 'gdp status' does not take, as if a command had been given.
    const versionWith = gdp(['--json', '--version'])
    expect(versionWith.code).toBe(2)
    expect(versionWith.err).toMatch(/^gdp: --version prints gdp's version, and takes no other option: run 'gdp --version' alone\n/)
    const bad = gdp(['--data', 'data', '--bogus'])
    expect(bad.code).toBe(2)
    expect(bad.err).toMatch(/^gdp: Unknown option '--bogus'/)
    expect(gdp(['nosuch']).err).toMatch(/^gdp: unknown command 'nosuch'\n/)
  })

  // Found by going through every command: capsule delete, move, delegate, renew and replicas add|rm take --node (the
  // last four need it), and the help of --node named none of them.
  it('--help says of --node every command that takes a node\'s overlay address', async () => {
    const help = ok(['--help'])
    const paragraph = help.slice(help.indexOf('  --node <addr>'), help.indexOf('  --sync'))
    const overlay = (await allCommands()).filter((c) => c.remote === true && c.path.length === 2)
    expect(overlay.length).toBeGreaterThan(30)
    for (const c of overlay) {
      const named = c.path[0] === 'kv' || c.path[0] === 'fs' ? paragraph.includes(`every kv and fs command`) : new RegExp(`\\b${c.path[1]}\\b`).test(paragraph)
      expect(named, c.path.join(' ')).toBe(true)
    }
  })

  it('after a node was killed, its socket file left behind: status shows the local store, as with no node (it failed NodeNotRunningError)', () => {
    const socket = join(dir.path, 'data/control.sock')
    // A process that listens on the socket and is killed: the file stays, nobody listens.
    spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socket)}, () => process.kill(process.pid, 'SIGKILL'))`])
    expect(statSync(socket).isSocket()).toBe(true)
    const status = gdp(['status'])
    expect(status.err).toBe('')
    expect(status.code).toBe(0)
    expect(status.out).toMatch(/^store /m)
    rmSync(socket)
  })

  it("a group's word alone lists the group's commands: on stdout with --help, else as a usage error (it was 'unknown command kv')", () => {
    expect(ok(['kv', '--help'])).toMatch(/^usage: gdp kv <command> \[options\]\n\n  gdp kv put <capsule> <key> .*\n.*\n  gdp kv get /)
    const bare = gdp(['fs'])
    expect(bare.code).toBe(2)
    expect(bare.err).toMatch(/^gdp: 'gdp fs' needs a command\nthe 'fs' commands:\n  gdp fs put /)
    expect(bare.err).not.toMatch(/gdp kv /)
  })

  it('creates a capsule and appends from arguments, stdin, lines and a file', () => {
    name = json(['capsule', 'create', '--field', 'content-type=text/plain', '--expires', '30d']).name
    expect(name).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(json(['append', name, 'first', 'second']).count).toBe(2)
    expect(json(['append', name], 'from stdin').first).toBe(2)
    expect(json(['append', name, '--lines'], 'l1\nl2\nl3\n').count).toBe(3)
    writeFileSync(join(dir.path, 'blob.bin'), Buffer.from([0, 1, 2, 255]))
    expect(json(['append', name, '--file', 'blob.bin']).first).toBe(6)
    expect(json(['info', name])).toMatchObject({ name, size: 7, fields: { 'content-type': 'text/plain' }, replication: { replicas: 1, writeQuorum: 1 } })
  })

  it('reads by sequence number, range, from the end and by time, with proofs', () => {
    expect(lines(['read', name]).map((r) => r.payload)).toEqual(['first', 'second', 'from stdin', 'l1', 'l2', 'l3', null])
    expect(lines(['read', name, '--seq', '6'])[0].payloadBase64url).toBe(Buffer.from([0, 1, 2, 255]).toString('base64url'))
    expect(lines(['read', name, '--from', '2', '--to', '4']).map((r) => r.seqno)).toEqual([2, 3])
    expect(lines(['read', name, '--last', '2']).map((r) => r.seqno)).toEqual([5, 6])
    const all = lines(['read', name])
    expect(all[0].prevHash).toBe(name)
    expect(all[4].prevHash).toBe(all[3].hash)
    expect(lines(['read', name, '--at', all[3].timestamp])[0].seqno).toBe(3)
    expect(lines(['read', name, '--hash', all[5].hash])[0].seqno).toBe(5)
    // A prefix names the capsule too (one that starts with '-' would be read as an option: then the whole name).
    const proven = lines(['read', name.startsWith('-') ? name : name.slice(0, 10), '--seq', '4', '--proof'])[0]
    expect(proven.proof.inclusion).toBeTruthy()
    expect(ok(['read', name, '--seq', '4', '--proof'])).toMatch(/proof: 3 hashes to the heartbeat at size 7, verified/)
    const two = json(['capsule', 'create']).name
    ok(['append', two, 'a', 'b'])
    expect(ok(['read', two, '--seq', '0', '--proof'])).toMatch(/proof: 1 hash to the heartbeat at size 2, verified/)
    expect(ok(['read', name, '--seq', '6', '--raw'])).toBe(Buffer.from([0, 1, 2, 255]).toString('latin1').replace(/\xff/, '\ufffd'))
    const hb = json(['info', name]).head
    expect(hb.size).toBe(7)
  })

  it('verifies, exports and imports into another store', () => {
    expect(json(['verify', name])).toMatchObject({ valid: true, records: 7, heartbeats: 4 })
    expect(json(['export', name, '--out', 'c.gdpx']).records).toBe(7)
    expect(json(['verify', '--file', 'c.gdpx'])).toMatchObject({ valid: true, records: 7 })
    expect(json(['--data', 'other', 'import', 'c.gdpx'])).toMatchObject({ records: 7, added: 7 })
    expect(lines(['--data', 'other', 'read', name, '--seq', '0'])[0].payload).toBe('first')
  })

  it('fails with one clear line and a non-zero exit, leaving the store unchanged', () => {
    const cases: Array<[string[], RegExp, number]> = [
      [['read', name, '--seq', '99'], /has 7 records; there is no record 99/, 1],
      [['read', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], /CapsuleNotFoundError: no capsule/, 1],
      // One name in 64 starts with '-' (base64url): still a name, not an option.
      [['read', '-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'], /CapsuleNotFoundError: no capsule/, 1],
      [['info', '-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '--json'], /CapsuleNotFoundError: no capsule/, 1],
      // So does the first of a list of names (--server a,b,c): still names, not an option (it fails later, for want of --node).
      [['capsule', 'list', '--server', `-${'A'.repeat(42)},${'B'.repeat(43)}`], /--server names a server to ask through --node; give --node too/, 2],
      [['read', name, '--seq', 'x'], /--seq must be an integer/, 2],
      [['read', name, '--seq', '1', '--last', '1'], /give only one of/, 2],
      [['read'], /usage: gdp capsule read/, 2],
      [['frobnicate'], /unknown command 'frobnicate'/, 2],
      [['append', name, '--bogus'], /Unknown option '--bogus'/, 2],
      [['import', 'nope.gdpx'], /no file nope.gdpx/, 1],
      [['capsule', 'create', '--field', 'novalue'], /--field must be key=value/, 2],
      [['read', name, '--at', 'yesterday-ish'], /not a time/, 2]
    ]
    for (const [args, message, code] of cases) {
      const r = gdp(args)
      expect(r.code, args.join(' ')).toBe(code)
      expect(r.err, args.join(' ')).toMatch(message)
      expect(r.err.trim().split('\n').length, args.join(' ')).toBeLessThanOrEqual(2)
    }
    ok(['keys', 'generate', '--key', 'other.key'])
    const wrong = gdp(['append', name, 'intruder', '--key', 'other.key'])
    expect(wrong.code).toBe(1)
    expect(wrong.err).toMatch(/WrongKeyError: this key is not the writer key of capsule/)
    writeFileSync(join(dir.path, 'bad.gdpx'), 'GDPCAPS\x01garbage-garbage')
    expect(gdp(['import', 'bad.gdpx']).code).toBe(1)
    expect(json(['info', name]).size).toBe(7)
    expect(json(['verify', name]).valid).toBe(true)
  })
})

describe('gdp migrate and gdp base', () => {
  it('say what is missing: the arguments, or a running node', () => {
    const noTo = gdp(['migrate', 'send', '--name', 'vm1', '--image', 'disk=x.img'])
    expect(noTo.code).toBe(2)
    expect(noTo.err).toBe("gdp: --to <multiaddr> is required\nrun 'gdp migrate send --help' for its options\n")
    const badImage = gdp(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1/p2p/x', '--name', 'vm1', '--image', 'disk'])
    expect(badImage.err).toMatch(/^gdp: --image 'disk': expected <name>=<value>\n/)
    const live = gdp(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1/p2p/x', '--name', 'vm1', '--image', 'disk=x.img', '--live'])
    expect(live.err).toMatch(/--live needs --pause-command/)
    const qmpNoImage = gdp(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1/p2p/x', '--name', 'vm1', '--image', 'disk=x.img', '--live', '--pause-qmp', '/run/vm.qmp=devstate'])
    expect(qmpNoImage.err).toMatch(/^gdp: --pause-qmp \/run\/vm\.qmp=devstate: no --image devstate to save the device state into\n/)
    const qmpNoSocket = gdp(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1/p2p/x', '--name', 'vm1', '--image', 'disk=x.img', '--live', '--pause-qmp', 'devstate'])
    expect(qmpNoSocket.err).toMatch(/^gdp: --pause-qmp devstate: expected <qmp socket>=<image name of the device state>\n/)
    const twoPauses = gdp(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1/p2p/x', '--name', 'vm1', '--image', 'disk=x.img', '--image', 'devstate=d', '--live', '--pause-qmp', 'q=devstate', '--pause-command', 'true'])
    expect(twoPauses.err).toMatch(/^gdp: --pause-command and --pause-qmp are two ways to pause: give one\n/)
    const notLive = gdp(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1/p2p/x', '--name', 'vm1', '--image', 'disk=x.img', '--max-downtime', '300ms'])
    expect(notLive.err).toMatch(/^gdp: --max-downtime is for a live migration \(--live\)\n/)
    for (const pause of [['--pause-command', 'true'], ['--pause-qmp', 'q=disk']]) {
      const notLivePause = gdp(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1/p2p/x', '--name', 'vm1', '--image', 'disk=x.img', ...pause])
      expect(notLivePause.code).toBe(2)
      expect(notLivePause.err).toMatch(new RegExp(`^gdp: ${pause[0]} is for a live migration \\(--live\\)\n`))
    }
    const badDowntime = gdp(['migrate', 'send', '--to', '/ip4/127.0.0.1/tcp/1/p2p/x', '--name', 'vm1', '--image', 'disk=x.img', '--live', '--pause-command', 'true', '--max-downtime', 'soon'])
    expect(badDowntime.code).toBe(2)
    expect(badDowntime.err).toMatch(/^gdp: --max-downtime/)
    const noNode = gdp(['base', 'list', '--data', 'nowhere'])
    expect(noNode.code).toBe(1)
    expect(noNode.err).toMatch(/^gdp: NodeNotRunningError: no node is running with data folder nowhere .*start one with 'gdp node start'\n$/)
    // The image named is checked first: a missing one is the mistake to mend, whether or not a node runs.
    const noImage = gdp(['base', 'add', 'no-such.img', '--data', 'nowhere'])
    expect(noImage.code).toBe(1)
    expect(noImage.err).toBe('gdp: InvalidArgumentError: no file no-such.img\n')
    const folderImage = gdp(['base', 'add', '.', '--data', 'nowhere'])
    expect(folderImage.err).toBe('gdp: InvalidArgumentError: . is a folder, not a file\n')
  })
})

describe('gdp command line: input that makes no sense is refused at once', () => {
  const at = tempDir('gdp-cli-refusals-')
  afterAll(() => at.cleanup())
  const run = (args: string[]): { code: number, out: string, err: string } => gdp(['--data', join(at.path, 'data'), ...args])
  let capsule = ''

  it('an empty or backwards range, and a name with characters no name has', () => {
    expect(run(['keys', 'generate']).code).toBe(0)
    capsule = JSON.parse(run(['capsule', 'create', '--json']).out).name
    expect(run(['append', capsule, 'a', 'b', 'c']).code).toBe(0)
    const backwards = run(['read', capsule, '--from', '10', '--to', '2'])
    expect(backwards.code).toBe(2)
    expect(backwards.err).toBe("gdp: --to 2 must be greater than --from 10: records from..to-1 are read\nrun 'gdp capsule read --help' for its options\n")
    expect(run(['read', capsule, '--from', '1', '--to', '1']).code).toBe(2)
    expect(run(['read', capsule, '--from', '1', '--to', '2']).out).toMatch(/\bb\b/)
    const odd = run(['read', 'not/a:name!'])
    expect(odd.code).toBe(2)
    expect(odd.err).toMatch(/^gdp: 'not\/a:name!' is not a capsule name/)
  })

  it('a local capsule has one replica: more replicas, or a quorum above the replicas, is refused; 1 is accepted', () => {
    const many = run(['capsule', 'create', '--replicas', '3'])
    expect(many.code).toBe(2)
    expect(many.err).toMatch(/--replicas 3: a capsule in the local store has one replica; create it on servers with --node/)
    const quorum = run(['capsule', 'create', '--write-quorum', '2'])
    expect(quorum.code).toBe(2)
    expect(quorum.err).toMatch(/--write-quorum 2 is more than the 1 replicas/)
    expect(run(['capsule', 'create', '--replicas', '1', '--write-quorum', '1']).code).toBe(0)
  })

  it('--node on a command that works on the local store only is refused, not ignored', () => {
    const r = run(['import', 'some.gdpx', '--node', '/ip4/127.0.0.1/tcp/4040/p2p/12D3KooWEoBcQR1Y1DRTpyS34X3Dd69Hg4uvaFWq6D2MPxLrvE54'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^gdp: 'gdp capsule import' works on the local store only; --node is for status, routes, capsules, certs, peers, capsule create, .*capsule verify, capsule export, kv put, .*, fs watch\n/)
    expect(r.out).toBe('')
    // Those that ask the node running on --data through its control socket said they work on the local store only, and
    // named the commands that take --node: not where the node they ask is given.
    for (const args of [['base', 'list'], ['capsule', 'repair', capsule], ['migrate', 'rm', 'vm1'], ['node', 'graft', capsule, '--to', '/ip4/127.0.0.1/tcp/1']]) {
      const asked = run([...args, '--node', '/ip4/127.0.0.1/tcp/4040/p2p/12D3KooWEoBcQR1Y1DRTpyS34X3Dd69Hg4uvaFWq6D2MPxLrvE54'])
      expect({ code: asked.code, out: asked.out }, args.join(' ')).toEqual({ code: 2, out: '' })
      expect(asked.err, args.join(' ')).toMatch(new RegExp(`^gdp: 'gdp ${args[0]!} ${args[1]!}' asks the node running on --data, through its control socket \\(<data>/control\\.sock\\): give --data <that node's data folder>, not --node\n`))
    }
  })

  it('a --node address that does not parse, or names no peer, fails at once as a usage error (exit 2; it exited 1), saying so', () => {
    const started = Date.now()
    const r = run(['info', capsule, '--node', '/ip4/127.0.0.1/tcp/notaport/p2p/x'])
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^gdp: --node: '\/ip4\/127.0.0.1\/tcp\/notaport\/p2p\/x' is not a multiaddr/)
    expect(Date.now() - started).toBeLessThan(9000) // not the 10 s link timeout (a loaded machine takes seconds to start gdp)
    // A node's data folder or its admin API's URL, which gdp status takes: it said 'Protocol tmp was unknown'.
    const folder = [at.path, new RegExp(`^gdp: --node: '${at.path}' is a folder, not a node's overlay address: this command takes the address the node listens on \\('gdp status --node ${at.path}' prints it, if a node runs there\\)\n`)] as const
    const adminUrl = ['http://127.0.0.1:4090', /^gdp: --node: 'http:\/\/127.0.0.1:4090' is an admin API's URL, not a node's overlay address: this command takes the address the node listens on \('gdp status --node http:\/\/127.0.0.1:4090' prints it\)\n/] as const
    for (const [address, message] of [['garbage', /^gdp: --node: 'garbage' is not a multiaddr/], ['/ip4/127.0.0.1/tcp/4040', /^gdp: --node: '\/ip4\/127.0.0.1\/tcp\/4040' must end in \/p2p\/<peer id>/], folder, adminUrl] as const) {
      const refused = run(['capsule', 'read', capsule, '--node', address])
      expect({ code: refused.code, out: refused.out }).toEqual({ code: 2, out: '' })
      expect(refused.err).toMatch(message)
    }
  })

  it('the owner deletes a capsule; another key may not; the name stays taken', () => {
    const doomed = JSON.parse(run(['capsule', 'create', '--json']).out).name
    expect(run(['capsule', 'append', doomed, 'x']).code).toBe(0)
    expect(run(['keys', 'generate', '--key', join(at.path, 'other.key')]).code).toBe(0)
    const stranger = run(['capsule', 'delete', doomed, '--key', join(at.path, 'other.key')])
    expect(stranger.code).toBe(1)
    expect(stranger.err).toMatch(/--key is not the owner of capsule .*: only its owner can delete it/)
    expect(run(['capsule', 'delete', doomed]).code).toBe(0)
    const gone = run(['capsule', 'read', doomed])
    expect(gone.code).toBe(1)
    expect(gone.err).toMatch(/^gdp: CapsuleDeletedError: capsule .* was deleted by its owner/)
  })

  // Found by kill -9 runs: a local deletion left its owner's saved byte count as it was, and a node started on the
  // folder after took the deleted capsule's bytes as still held (create_quota_bytes), for good.
  it('a local deletion lowers its owner\'s saved byte count by the capsule\'s payload bytes, in the same write', async () => {
    const doomed = JSON.parse(run(['capsule', 'create', '--json']).out).name
    expect(run(['capsule', 'append', doomed, 'hello', 'world']).code).toBe(0)
    const storePath = join(at.path, 'data', 'store')
    const owner = async (): Promise<{ store: CapsuleStore, key: Uint8Array }> => {
      const store = await CapsuleStore.open({ path: storePath })
      return { store, key: (await store.capsule(parseName(doomed))).signedMetadata.metadata.owner.key }
    }
    const before = await owner()
    // As a server with a byte quota saved it: this capsule's 10 bytes and 100 of another.
    await before.store.putOwnerUsage([{ owner: before.key, bytes: 110 }])
    await before.store.close()
    expect(run(['capsule', 'delete', doomed]).code).toBe(0)
    const after = await CapsuleStore.open({ path: storePath })
    try {
      expect(await after.savedOwnerUsage(before.key)).toBe(100)
    } finally {
      await after.close()
    }
  })

  it('a reader that goes away ends the command quietly (status 141, as SIGPIPE would), not with a stack trace', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i}`).join('\n')
    expect(gdp(['--data', join(at.path, 'data'), 'append', capsule, '--lines'], lines).code).toBe(0)
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${main}" --data "${join(at.path, 'data')}" read ${capsule} | head -1; exit \${PIPESTATUS[0]}`])
    expect(r.stdout.toString()).toMatch(/^0\s/)
    expect(r.stderr.toString()).toBe('')
    expect(r.status).toBe(141)
  })
})

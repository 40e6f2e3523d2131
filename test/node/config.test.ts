import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import fc from 'fast-check'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG, misspelledSettings, type NodeConfig } from '../../src/node/config.js'
import { configFileText, loadConfig } from '../../src/node/config-file.js'
import { logicalSettings } from '../../src/node/router-images.js'
import { parseDurationMs } from '../../src/node/duration.js'
import { tempDir } from '../helpers.js'

const dir = tempDir()
afterAll(() => dir.cleanup())
const file = (text: string): string => { const path = join(dir.path, `c${Math.random()}.yaml`); writeFileSync(path, text); return path }
const peer = '/ip4/127.0.0.1/tcp/1/p2p/12D3KooWEoBcQR1Y1DRTpyS34X3Dd69Hg4uvaFWq6D2MPxLrvE54'

describe('node configuration', () => {
  it('defaults, then the file, then GDP_* variables, then flags', () => {
    expect(loadConfig(undefined, {}, {})).toEqual(DEFAULT_CONFIG)
    const path = file(`role: server\nadvertise_interval: 10s\nlisten: [/ip4/127.0.0.1/tcp/9]\n`)
    const c = loadConfig(path, { GDP_ROLE: 'router', GDP_LISTEN: '/ip4/127.0.0.1/tcp/7,/ip4/127.0.0.1/tcp/8/ws' }, { role: 'server', upstream: peer })
    expect(c).toMatchObject({ role: 'server', upstream: peer, advertiseIntervalMs: 10_000, listen: ['/ip4/127.0.0.1/tcp/7', '/ip4/127.0.0.1/tcp/8/ws'] })
  })

  it('an empty file (emptied, or cut short to nothing) is refused naming it, not read as every setting at its default: a server started as a new router on ./data; one of comments alone, or {}, still means every default (found by attacking the disk)', () => {
    for (const text of ['', '\n', '  \n\t\n']) {
      const path = file(text)
      expect(() => loadConfig(path, {}, { role: 'server' }), JSON.stringify(text)).toThrow(`config file ${path} is empty: a file emptied or cut short would start the node with every setting at its default (another role, another data folder and a new node key there); write its settings back, or put {} in it for every setting at its default`)
    }
    expect(loadConfig(file('# every setting at its default\n'), {}, {})).toEqual(DEFAULT_CONFIG)
    expect(loadConfig(file('{}\n'), {}, {})).toEqual(DEFAULT_CONFIG)
  })

  // Found by attacking a server's disk: zeros from the middle of `data:` on were read as a folder's name, and the
  // node's start failed as "internal error: The argument 'path' must be ... without null bytes"; from elsewhere, as
  // a YAML mistake or "expected a mapping of settings", no word of the damage.
  it('a file with zero bytes in it (a block of it zeroed on disk) is refused naming it, where the zeros start, and the way out, wherever they start', () => {
    const text = 'role: server\ndata: /srv/gdp\nlisten: [/ip4/127.0.0.1/tcp/9]\nsync: true\n'
    for (let from = 0; from < text.length; from++) {
      const path = file(text.slice(0, from) + '\0'.repeat(text.length - from))
      expect(() => loadConfig(path, {}, {}), String(from)).toThrow(`config file ${path} holds zero bytes (the first at byte ${from}), which no text holds: part of it was zeroed on disk (a crash, a bad disk); write its settings back`)
    }
  })

  // Found by attacking a server's disk: a file cut by a write stopped part way read as valid where the cut fell in a
  // plain value (a port of 8080 read as 80, a data folder's name cut: a new node on a new folder), and as a YAML
  // mistake naming no damage where it fell in a quoted value or a list.
  it('a file cut short at any byte but a line\'s end is refused as cut where its last line does not parse, and warned of, naming that line, where it does', () => {
    const text = 'role: server\ndata: "/srv/gdp node"\nlisten: [/ip4/127.0.0.1/tcp/9000]\ngateway:\n  enabled: true\n  port: 8080\n'
    for (let end = 1; end < text.length; end++) {
      const cut = text.slice(0, end)
      const last = cut.slice(cut.lastIndexOf('\n') + 1).trim()
      // Cut at a line's end, or in the indentation after it: whole lines, as a file of fewer settings has them; and a
      // line cut right after a closing quote or bracket is whole too.
      if (last === '' || /["\]}]$/.test(last)) continue
      const path = file(cut)
      const warnings: string[] = []
      let refusal: string | undefined
      try { loadConfig(path, {}, {}, (m) => warnings.push(m)) } catch (err) { refusal = (err as Error).message }
      const warned = `config file ${path} ends with no line break: its last line, '${last}', may be cut short, as a write stopped by a crash or a full disk leaves it (a number cut to fewer digits, a folder's name cut); check it, and end the file with a line break`
      // Refused as cut, or warned of (then taken, or refused for what the cut left: a role that is none, say).
      expect(refusal?.startsWith(`config file ${path} is cut short: its last line, '${last}', ends with no line break in the middle of a setting (`) === true || warnings.includes(warned), `${JSON.stringify(cut)}: ${refusal}`).toBe(true)
    }
    const quoted = file('role: server\ndata: "/srv/gd')
    expect(() => loadConfig(quoted, {}, {})).toThrow(`config file ${quoted} is cut short: its last line, 'data: "/srv/gd', ends with no line break in the middle of a setting (Missing closing "quote at line 2, column 15:), as a write stopped by a crash or a full disk leaves it; write its settings back`)
    const warnings: string[] = []
    expect(loadConfig(file('role: router\ngateway:\n  enabled: true\n  port: 80'), {}, {}, (m) => warnings.push(m)).gateway.port).toBe(80)
    expect(warnings).toEqual([expect.stringContaining("its last line, 'port: 80', may be cut short")])
    // A last comment cut is no setting cut; a last line that closes a quote, a list or a mapping is whole ('{}', as
    // the refusal of an empty file advises, was warned of as maybe cut).
    const whole: string[] = []
    loadConfig(file('role: router\n# the gateway is o'), {}, {}, (m) => whole.push(m))
    expect(loadConfig(file('{}'), {}, {}, (m) => whole.push(m)).role).toBe(DEFAULT_CONFIG.role)
    loadConfig(file('role: router\ndata: "/srv/gdp node"'), {}, {}, (m) => whole.push(m))
    loadConfig(file('role: router\nlisten: [/ip4/127.0.0.1/tcp/9000]'), {}, {}, (m) => whole.push(m))
    expect(whole).toEqual([])
  })

  // Found by reviewing d94e7212: a setting given twice, its second on a last line with no line break (as editors and
  // generated files leave it), was refused as a file cut by a crash, and the operator told to write it back.
  it('a mistake whole on a last line with no line break (a setting given twice, a tab as indentation) is refused as itself, not as a cut', () => {
    const twice = file('role: router\nrole: server')
    expect(() => loadConfig(twice, {}, {})).toThrow(`config file ${twice}: role is given twice (again at line 2); give each setting once`)
    const tabbed = file('role: router\n\tsync: true')
    expect(() => loadConfig(tabbed, {}, {})).toThrow(new RegExp(`^config file ${tabbed}: Tabs are not allowed as indentation`))
  })

  it('the example in deploy/ is valid', () => {
    expect(loadConfig(join(import.meta.dirname, '../../deploy/node.example.yaml'), {}, {}).role).toBe('router')
  })

  it('connection and receive limits: durations, counts, byte sizes and the allow list', () => {
    const c = loadConfig(file('upgrade_timeout: 5s\nmax_pending_per_ip: 4\npeer_bytes_per_second: 8MiB\npeer_bytes_burst: 1MiB\nconnection_allow: [/ip4/10.0.0.0/ipcidr/8, /ip6/fd00::1]\n'), { GDP_PEER_FRAMES_PER_SECOND: '2000' }, { peer_ban: '5m' })
    expect(c).toMatchObject({ upgradeTimeoutMs: 5000, maxPendingPerIp: 4, peerBytesPerSecond: 8 * 1024 * 1024, peerBytesBurst: 1024 * 1024, peerFramesPerSecond: 2000, peerBanMs: 300_000, connectionAllow: ['/ip4/10.0.0.0/ipcidr/8', '/ip6/fd00::1'] })
    expect(() => loadConfig(file('max_pending_per_ip: 0\n'), {}, {})).toThrow(/max_pending_per_ip: '0' is not a positive whole number/)
    expect(() => loadConfig(file('peer_bytes_per_second: 1.5MiB\n'), {}, {})).toThrow(/not a positive whole number/)
    expect(() => loadConfig(file('peer_bytes_burst: 0\n'), {}, {})).toThrow(/peer_bytes_burst: '0' is not a positive whole number/)
    expect(loadConfig(undefined, {}, {}).upstreamRequestsPerSecond).toBe(4000)
    expect(loadConfig(file('upstream_requests_per_second: 3000\n'), {}, {}).upstreamRequestsPerSecond).toBe(3000)
    expect(() => loadConfig(file('upstream_requests_per_second: 0\n'), {}, {})).toThrow(/upstream_requests_per_second: '0' is not a positive whole number/)
    expect(loadConfig(undefined, {}, {}).lookupsPerSecond).toBe(200)
    expect(loadConfig(file('lookups_per_second: 50\n'), {}, {}).lookupsPerSecond).toBe(50)
    expect(() => loadConfig(file('lookups_per_second: -1\n'), {}, {})).toThrow(/lookups_per_second: '-1' is not a positive whole number/)
    expect(loadConfig(undefined, {}, {}).lookupMessagesPerSecond).toBe(2000)
    expect(loadConfig(file('lookup: true\nrole: router\nlookup_messages_per_second: 100\n'), {}, {}).lookupMessagesPerSecond).toBe(100)
    expect(() => loadConfig(file('lookup: true\nrole: router\nlookup_messages_per_second: 99\n'), {}, {})).toThrow(/lookup_messages_per_second: at least 100/)
    expect(() => loadConfig(file('connection_allow: [/dns4/example.com]\n'), {}, {})).toThrow(/not an IP address or network as a multiaddr/)
  })

  // Found by going through the file's mistakes: yaml's own error named a line and column, and no setting.
  it('a setting given twice in the file is refused naming it (with its section) and the line it is given again', () => {
    const twice = file('role: server\nlisten: [/ip4/127.0.0.1/tcp/9]\nrole: router\n')
    expect(() => loadConfig(twice, {}, {})).toThrow(new RegExp(`^config file ${twice.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: role is given twice \\(again at line 3\\); give each setting once$`))
    expect(() => loadConfig(file('gateway:\n  enabled: true\n  port: 4080\n  "port": 4081\n'), {}, {})).toThrow(/: gateway\.port is given twice \(again at line 4\); give each setting once$/)
    // Other YAML mistakes keep yaml's words.
    expect(() => loadConfig(file('role: [router\n'), {}, {})).toThrow(/^config file \S+: /)
  })

  it('says which setting is wrong and why', () => {
    expect(() => loadConfig(file('rol: router\n'), {}, {})).toThrow(/^config file \S+: unknown setting 'rol'/)
    expect(() => loadConfig(file('role: boss\n'), {}, {})).toThrow(/'boss' is not a role/)
    expect(() => loadConfig(file('advertise_interval: soon\n'), {}, {})).toThrow(/not a duration/)
    expect(() => loadConfig(file('listen: [nonsense]\n'), {}, {})).toThrow(/'nonsense' is not a multiaddr/)
    expect(() => loadConfig(undefined, {}, { upstream: '/ip4/127.0.0.1/tcp/1' })).toThrow(/must end in \/p2p/)
    expect(() => loadConfig(undefined, { GDP_ROLE: 'client' }, {})).toThrow(/a client needs an upstream/)
    expect(() => loadConfig(file('trusted_domains: [xyz]\n'), {}, {})).toThrow(/'xyz' is not a domain name/)
    expect(() => loadConfig(file(': : :\n'), {}, {})).toThrow(/config file/)
    expect(() => loadConfig(undefined, {}, { membership: '/nonexistent/m.bin' })).toThrow(/membership: no file/)
    expect(() => loadConfig(undefined, {}, { lookup: 'true', role: 'server' })).toThrow(/only routers/)
    expect(() => loadConfig(undefined, {}, { advertise_interval: '60s', advertise_lifetime: '30s' })).toThrow(/advertise_lifetime must be longer/)
  })

  it('a client given addresses to listen on is refused, wherever they came from: it dials its upstream and listened on none of them', () => {
    const upstream = '/ip4/127.0.0.1/tcp/4040/p2p/12D3KooWQYqdtfv9Jm4YMZou9ATGAqaNMVqe3tT5zgjRZk75sDg9'
    const client = file(`role: client\nupstream: ${upstream}\n`)
    expect(() => loadConfig(file(`role: client\nupstream: ${upstream}\nlisten: [/ip4/0.0.0.0/tcp/4040]\n`), {}, {})).toThrow(/^config file \S+: listen: a client listens on nothing \(it dials its upstream router\); leave listen out for a client$/)
    expect(() => loadConfig(client, { GDP_LISTEN: '/ip4/0.0.0.0/tcp/4040' }, {})).toThrow(/^environment listen: a client listens on nothing/)
    expect(() => loadConfig(client, {}, { listen: '/ip4/0.0.0.0/tcp/4040' })).toThrow(/^flag listen: a client listens on nothing/)
    expect(loadConfig(client, {}, {}).role).toBe('client')
    expect(loadConfig(file(`role: client\nupstream: ${upstream}\nlisten: []\n`), {}, {}).listen).toEqual([])
  })

  // deploy/node.example.yaml states listen at its default, as every setting: started as a client it was refused, where
  // a file of defaults is to run on any role (README, "Settings that do nothing on this node").
  // A node that listens on nothing takes no inbound connection: their limits and the pages' origins were taken in silence.
  it('the settings of inbound connections on a node that listens on nothing (a client, a server with listen: []) are warned of', () => {
    const upstream = '/ip4/127.0.0.1/tcp/4040/p2p/12D3KooWQYqdtfv9Jm4YMZou9ATGAqaNMVqe3tT5zgjRZk75sDg9'
    const said: string[] = []
    loadConfig(undefined, { GDP_WEBSOCKET_ORIGINS: 'any', GDP_MAX_PENDING_PER_IP: '4' }, { role: 'client', upstream, upgrade_timeout: '10s' }, (message) => { said.push(message) })
    expect([...said].sort()).toEqual([
      'environment max_pending_per_ip: a setting of inbound connections, and this node listens on nothing: it does nothing here',
      'environment websocket_origins: a setting of inbound connections, and this node listens on nothing: it does nothing here',
      'flag upgrade_timeout: a setting of inbound connections, and this node listens on nothing: it does nothing here'
    ])
    said.length = 0
    loadConfig(file(`role: server\nlisten: []\nupstream: ${upstream}\nconnection_rate_per_ip: 5\n`), {}, {}, (message) => { said.push(message) })
    expect(said).toEqual([expect.stringMatching(/ connection_rate_per_ip: a setting of inbound connections, and this node listens on nothing: it does nothing here$/)])
    said.length = 0
    loadConfig(file('role: server\nlisten: [/ip4/127.0.0.1/tcp/9]\nconnection_rate_per_ip: 5\nwebsocket_origins: [any]\n'), {}, {}, (message) => { said.push(message) })
    expect(said).toEqual([])
  })

  it('a client given the default listen addresses, as a file of every setting at its default states them, starts', () => {
    const example = join(import.meta.dirname, '../../deploy/node.example.yaml')
    const upstream = '/ip4/127.0.0.1/tcp/4040/p2p/12D3KooWQYqdtfv9Jm4YMZou9ATGAqaNMVqe3tT5zgjRZk75sDg9'
    const said: string[] = []
    expect(loadConfig(example, {}, { role: 'client', upstream }, (message) => { said.push(message) }).role).toBe('client')
    expect(said).toEqual([])
    expect(() => loadConfig(example, {}, { role: 'client', upstream, listen: '/ip4/127.0.0.1/tcp/4040' })).toThrow(/^flag listen: a client listens on nothing/)
  })

  it('durations are one syntax with the command line: ms, s, m, h, d and w', () => {
    const c = loadConfig(file('advertise_interval: 1d\nadvertise_lifetime: 2w\npeer_ban: 1500ms\nexpiry_grace: 30m\n'), {}, {})
    expect(c).toMatchObject({ advertiseIntervalMs: 86_400_000, advertiseLifetimeMs: 14 * 86_400_000, peerBanMs: 1500, expiryGraceMs: 1_800_000 })
    expect(() => loadConfig(file('advertise_interval: 0s\n'), {}, {})).toThrow(/advertise_interval: '0s' is not a duration/)
    expect(() => loadConfig(file('advertise_interval: 1.5h\n'), {}, {})).toThrow(/not a duration/)
    // A bare number, as from a variable or a flag: refused, not taken as milliseconds; the hint keeps what earlier versions meant.
    for (const [setting, value] of [['advertise_interval', '30'], ['upgrade_timeout', '3'], ['peer_ban', '60']] as const) {
      expect(() => loadConfig(file(`${setting}: ${value}\n`), {}, {})).toThrow(`${setting}: ${value} has no unit: earlier versions read it as milliseconds, ${value}ms; say that, or another whole number and ms, s, m, h, d or w`)
      expect(() => loadConfig(undefined, { [`GDP_${setting.toUpperCase()}`]: value }, {})).toThrow(/is not a duration/)
    }
    expect(() => loadConfig(file('upgrade_timeout: 5000\n'), {}, {})).toThrow('upgrade_timeout: 5000 has no unit: earlier versions read it as milliseconds, 5000ms (5s); say that, or another whole number and ms, s, m, h, d or w')
    // No unit would make these one: no hint to add one.
    for (const value of ['0', '-5', '30.5']) expect(() => loadConfig(file(`peer_ban: ${value}\n`), {}, {})).toThrow(`peer_ban: '${value}' is not a duration`)
    // Past what a timer holds: Node would fire it after 1 ms (found by attacking the node's edge).
    expect(loadConfig(file('upgrade_timeout: 2147483647ms\n'), {}, {}).upgradeTimeoutMs).toBe(2 ** 31 - 1)
    for (const [setting, value] of [['upgrade_timeout', '25d'], ['advertise_interval', '2147483648ms'], ['replication_sync_interval', '30d'], ['peer_ban', '4w']]) {
      expect(() => loadConfig(file(`${setting}: ${value}\n`), {}, {}), setting).toThrow(new RegExp(`${setting}: at most 2147483647 ms \\(about 24.8 days, the longest a timer holds\\)`))
    }
  })

  it('refuses names of Object.prototype\'s members as settings, as any unknown one', () => {
    for (const k of ['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__']) {
      expect(() => loadConfig(file(`${k}: 1\n`), {}, {}), k).toThrow(`unknown setting '${k}'`)
      // In a section too (found by attacking upgrades: taken and ignored there, a __proto__ mapping's port as well).
      for (const section of ['gateway', 'admin']) {
        expect(() => loadConfig(file(`${section}:\n  ${k}: {port: 9999}\n`), {}, {}), `${section}.${k}`).toThrow(`${section}: unknown setting '${k}'`)
      }
    }
  })

  it('graft settings: the snapshot wait up to 50 s (the asking router waits 60), the relayed snapshots a positive count', () => {
    expect(loadConfig(undefined, {}, {})).toMatchObject({ graftSnapshotWaitMs: 30_000, maxRelayedSnapshots: 1024 })
    expect(loadConfig(file('graft_snapshot_wait: 50s\nmax_relayed_snapshots: 1\n'), {}, {})).toMatchObject({ graftSnapshotWaitMs: 50_000, maxRelayedSnapshots: 1 })
    expect(() => loadConfig(file('graft_snapshot_wait: 50001ms\n'), {}, {})).toThrow('graft_snapshot_wait: at most 50 s, so that the graft ends before the router that asked for it stops waiting (60 s)')
    expect(() => loadConfig(file('graft_snapshot_wait: 0s\n'), {}, {})).toThrow(/graft_snapshot_wait: '0s' is not a duration/)
    expect(() => loadConfig(file('max_relayed_snapshots: 0\n'), {}, {})).toThrow(/max_relayed_snapshots: '0' is not a positive whole number/)
  })

  it('replication_full_list_every: rounds, 30 by default, 1 at least (whole lists every round)', () => {
    expect(loadConfig(undefined, {}, {}).replicationFullListEvery).toBe(30)
    expect(loadConfig(file('replication_full_list_every: 1\n'), {}, {}).replicationFullListEvery).toBe(1)
    expect(() => loadConfig(file('replication_full_list_every: 0\n'), {}, {})).toThrow(/replication_full_list_every: '0' is not a positive whole number/)
    expect(() => loadConfig(file('replication_full_list_every: 10s\n'), {}, {})).toThrow(/replication_full_list_every: '10s' is not a positive whole number/)
  })

  it('connection_allow: an address or a network with a prefix in range, nothing after it; migration_dir not empty (attack on the options)', () => {
    expect(loadConfig(file('connection_allow: [/ip4/10.0.0.0/ipcidr/0, /ip4/10.0.0.0/ipcidr/32, /ip6/fd00::/ipcidr/128]\n'), {}, {}).connectionAllow).toHaveLength(3)
    // A prefix past the address's bits was an internal error at start; a port after the address exempted the whole IP.
    expect(() => loadConfig(file('connection_allow: [/ip4/10.0.0.0/ipcidr/33]\n'), {}, {})).toThrow("connection_allow: '/ip4/10.0.0.0/ipcidr/33' has a prefix of 33 bits; an ip4 network takes 0 to 32")
    expect(() => loadConfig(undefined, { GDP_CONNECTION_ALLOW: '/ip6/::/ipcidr/200' }, {})).toThrow(/an ip6 network takes 0 to 128/)
    expect(() => loadConfig(file('connection_allow: [/ip4/10.0.0.1/tcp/5]\n'), {}, {})).toThrow(/no port/)
    expect(() => loadConfig(file('migration_dir: ""\n'), {}, {})).toThrow(/migration_dir: expected a folder, not an empty string/)
    expect(() => loadConfig(undefined, { GDP_MIGRATION_DIR: '' }, {})).toThrow(/expected a folder, not an empty string/)
    expect(() => loadConfig(undefined, {}, { migration_dir: ' ' })).toThrow(/expected a folder, not an empty string/)
  })

  it('migration_keep_free: 256 MiB unless set; bytes, or 0 for a disk of its own', () => {
    expect(loadConfig(undefined, {}, {}).migrationKeepFreeBytes).toBe(256 * 1024 ** 2)
    expect(loadConfig(file('migration_keep_free: 1GiB\n'), {}, {}).migrationKeepFreeBytes).toBe(1024 ** 3)
    expect(loadConfig(file('migration_keep_free: 0\n'), {}, {}).migrationKeepFreeBytes).toBe(0)
    expect(loadConfig(undefined, { GDP_MIGRATION_KEEP_FREE: '0' }, {}).migrationKeepFreeBytes).toBe(0)
    for (const [given, shown] of [['-1', "'-1'"], ['1.5MiB', "'1.5MiB'"], ['lots', "'lots'"], ['[]', 'a list']]) {
      expect(() => loadConfig(file(`migration_keep_free: ${given}\n`), {}, {})).toThrow(`migration_keep_free: expected a whole number of bytes, which may say KiB, MiB or GiB (1024 bytes to the KiB; KB, MB, GB and TiB are not taken), or 0; not ${shown}`)
    }
  })

  it('migration_hash_memory: the receiver\'s default unless set; bytes', () => {
    expect(loadConfig(undefined, {}, {}).migrationHashMemoryBytes).toBeUndefined()
    expect(loadConfig(file('migration_hash_memory: 1GiB\n'), {}, {}).migrationHashMemoryBytes).toBe(1024 ** 3)
    expect(loadConfig(undefined, { GDP_MIGRATION_HASH_MEMORY: '64MiB' }, {}).migrationHashMemoryBytes).toBe(64 * 1024 ** 2)
    expect(() => loadConfig(file('migration_hash_memory: lots\n'), {}, {})).toThrow(/migration_hash_memory: 'lots' is not a positive whole number of bytes/)
  })

  it('migration_unfinished_per_sender: the receiver\'s default unless set; a count', () => {
    expect(loadConfig(undefined, {}, {}).migrationUnfinishedPerSender).toBeUndefined()
    expect(loadConfig(file('migration_unfinished_per_sender: 4\n'), {}, {}).migrationUnfinishedPerSender).toBe(4)
    expect(loadConfig(undefined, { GDP_MIGRATION_UNFINISHED_PER_SENDER: '2' }, {}).migrationUnfinishedPerSender).toBe(2)
    expect(() => loadConfig(file('migration_unfinished_per_sender: 0\n'), {}, {})).toThrow(/migration_unfinished_per_sender: '0' is not a positive whole number/)
  })

  it('send_budget: 256 MiB unless set, at least 64 MiB', () => {
    expect(loadConfig(undefined, {}, {}).sendBudgetBytes).toBe(256 * 1024 ** 2)
    expect(loadConfig(file('send_budget: 64MiB\n'), {}, {}).sendBudgetBytes).toBe(64 * 1024 ** 2)
    expect(() => loadConfig(file(`send_budget: ${64 * 1024 ** 2 - 1}\n`), {}, {})).toThrow('send_budget: at least 67108864 bytes (64 MiB), room for a backed-up neighbour\'s queue several times over')
  })

  it('create_checks_per_second: 2,000 unless set, at least the 153 signatures the largest create carries', () => {
    expect(loadConfig(undefined, {}, {}).createChecksPerSecond).toBe(2000)
    expect(loadConfig(file('role: server\ncreate_checks_per_second: 153\n'), {}, {}).createChecksPerSecond).toBe(153)
    expect(loadConfig(undefined, { GDP_CREATE_CHECKS_PER_SECOND: '5000' }, {}).createChecksPerSecond).toBe(5000)
    expect(() => loadConfig(file('role: server\ncreate_checks_per_second: 152\n'), {}, {})).toThrow('create_checks_per_second: at least 153, the most signatures one create may carry besides its metadata\'s (its AdCert, 16 of a replica set, 64 removals each with a delegate\'s, 8 delegations): fewer, such a create is refused every time (near it, one is taken only while few other neighbours send creates)')
  })

  it('writing_budget: 256 MiB unless set, at least 1 MiB', () => {
    expect(loadConfig(undefined, {}, {}).writingBudgetBytes).toBe(256 * 1024 ** 2)
    expect(loadConfig(file('role: server\nwriting_budget: 1MiB\n'), {}, {}).writingBudgetBytes).toBe(1024 ** 2)
    expect(loadConfig(undefined, { GDP_WRITING_BUDGET: '1GiB' }, {}).writingBudgetBytes).toBe(1024 ** 3)
    expect(() => loadConfig(file(`role: server\nwriting_budget: ${1024 ** 2 - 1}\n`), {}, {})).toThrow('writing_budget: at least 1048576 bytes (1 MiB)')
  })

  // It was the repairer's option alone: an operator could not bound how long a read that meets damage waits for peers.
  it('max_repair_time: 2 minutes unless set, at least 1 s, a server\'s setting', () => {
    expect(loadConfig(undefined, {}, {}).maxRepairMs).toBe(120_000)
    expect(loadConfig(file('role: server\nmax_repair_time: 30s\n'), {}, {}).maxRepairMs).toBe(30_000)
    expect(loadConfig(undefined, { GDP_MAX_REPAIR_TIME: '10m' }, {}).maxRepairMs).toBe(600_000)
    expect(() => loadConfig(file('role: server\nmax_repair_time: 999ms\n'), {}, {})).toThrow('max_repair_time: at least 1000ms, not 999ms: a repair asks its peers over the network, and in less each would have too little time to answer')
    expect(() => loadConfig(file('role: server\nmax_repair_time: 120\n'), {}, {})).toThrow('max_repair_time: 120 has no unit')
    const router = file('role: router\nlisten: [/ip4/127.0.0.1/tcp/9]\nmax_repair_time: 30s\n')
    const said: string[] = []
    loadConfig(router, {}, {}, (message) => { said.push(message) })
    expect(said).toEqual([`config file ${router}: max_repair_time: a server's setting, and this node is a router: it does nothing here`])
  })

  it('unsent_budget: 256 MiB unless set, at least 32 MiB', () => {
    expect(loadConfig(undefined, {}, {}).unsentBudgetBytes).toBe(256 * 1024 ** 2)
    expect(loadConfig(file('unsent_budget: 32MiB\n'), {}, {}).unsentBudgetBytes).toBe(32 * 1024 ** 2)
    expect(loadConfig(undefined, { GDP_UNSENT_BUDGET: '1GiB' }, {}).unsentBudgetBytes).toBe(1024 ** 3)
    expect(() => loadConfig(file(`unsent_budget: ${32 * 1024 ** 2 - 1}\n`), {}, {})).toThrow('unsent_budget: at least 33554432 bytes (32 MiB), room for a few connections\' full write buffers (8 MiB each)')
  })

  it('open_capsules: 10,000 unless set, a positive whole number', () => {
    expect(loadConfig(undefined, {}, {}).openCapsules).toBe(10_000)
    expect(loadConfig(file('open_capsules: 1\n'), {}, {}).openCapsules).toBe(1)
    expect(() => loadConfig(file('open_capsules: 0\n'), {}, {})).toThrow("open_capsules: '0' is not a positive whole number")
    expect(() => loadConfig(file('open_capsules: 1MiB\n'), {}, {})).toThrow('open_capsules: \'1MiB\' is a byte size')
  })

  // Found reading the settings: peer_bytes_per_second: 1 was taken, and a neighbour's 64 MiB PDU then took two years to read.
  it('peer_bytes_per_second: 32 MiB unless set, at least 1 MiB, the slowest link the request timeouts allow for', () => {
    expect(loadConfig(undefined, {}, {}).peerBytesPerSecond).toBe(32 * 1024 ** 2)
    expect(loadConfig(file('peer_bytes_per_second: 1MiB\n'), {}, {}).peerBytesPerSecond).toBe(1024 ** 2)
    const slowest = 'at least 1048576 bytes (1 MiB) a second, the slowest link the request timeouts allow for: read more slowly, a neighbour\'s answers arrive after their requests gave up'
    for (const rate of ['1', '1048575', '1023KiB']) expect(() => loadConfig(file(`peer_bytes_per_second: ${rate}\n`), {}, {})).toThrow(`peer_bytes_per_second: ${slowest}`)
    expect(() => loadConfig(undefined, { GDP_PEER_BYTES_PER_SECOND: '1' }, {})).toThrow(`environment peer_bytes_per_second: ${slowest}`)
  })

  // Found checking the other rates after peer_bytes_per_second: advertise_snapshot_rate: 1 was taken, and such a router
  // then refused whole, every time, any update of more than 3 capsules (its check budget is twice this, 2 s of it at once).
  it('advertise_snapshot_rate: 5,000 unless set, at least 65, so that a router can check a server\'s largest update (257 checks) at once', () => {
    expect(loadConfig(undefined, {}, {}).advertiseSnapshotRate).toBe(5000)
    expect(loadConfig(file('advertise_snapshot_rate: 65\n'), {}, {}).advertiseSnapshotRate).toBe(65)
    for (const rate of ['1', '64']) {
      expect(() => loadConfig(file(`advertise_snapshot_rate: ${rate}\n`), {}, {})).toThrow('advertise_snapshot_rate: at least 65: a router checks twice this many AdCerts a second, 2 s of it at once, and a server\'s largest update needs 257 checks (smaller, such updates were refused whole, every time)')
    }
  })

  it('lookup_store_bytes: 256 MiB unless set, at least 1 MiB', () => {
    expect(loadConfig(undefined, {}, {}).lookupStoreBytes).toBe(256 * 1024 ** 2)
    expect(loadConfig(file('lookup_store_bytes: 1MiB\n'), {}, {}).lookupStoreBytes).toBe(1024 ** 2)
    expect(() => loadConfig(file('lookup_store_bytes: 1048575\n'), {}, {})).toThrow('lookup_store_bytes: at least 1048576 bytes (1 MiB), room for a few of the largest records (64 KiB)')
  })

  it('create policy settings: owner keys or any, quotas with byte units', () => {
    const owner = 'A'.repeat(43)
    expect(loadConfig(file(`create_allow: [${owner}]\ncreate_quota_bytes: 1GiB\ncreate_rate: 10\n`), {}, {})).toMatchObject({ createAllow: [owner], createQuotaBytes: 1024 ** 3, createRate: 10 })
    expect(() => loadConfig(file('create_allow: [any, x]\n'), {}, {})).toThrow(/'any' cannot be combined/)
    expect(() => loadConfig(file('create_allow: [not-a-key]\n'), {}, {})).toThrow(/create_allow: 'not-a-key' is not an owner public key/)
    // A key with characters base64url has not, or spare bits set: Buffer skipped or dropped them, and took it as another key.
    for (const bad of [`'!!!${owner}'`, `'${owner}.'`, 'A'.repeat(42) + 'B', 'A'.repeat(44), `'${'0'.repeat(63)}'`]) {
      expect(() => loadConfig(file(`create_allow: [${bad}]\n`), {}, {}), bad).toThrow(/is not an owner public key/)
    }
    expect(loadConfig(file(`create_allow: ['${'0'.repeat(64)}']\n`), {}, {}).createAllow).toEqual(['0'.repeat(64)])
  })
})

describe('durations', () => {
  it('any text is a whole positive number of milliseconds or refused naming the setting', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9]{0,20}(ms|s|m|h|d|w|x)?$/)), (text) => {
      try {
        const ms = parseDurationMs(text, 'advertise_interval')
        expect(Number.isSafeInteger(ms) && ms > 0).toBe(true)
      } catch (err) {
        expect((err as Error).message).toMatch(/^advertise_interval: '.*' is not a duration/s)
      }
    }), { numRuns: 2000 })
    expect(parseDurationMs('90d')).toBe(90 * 86_400_000)
    expect(() => parseDurationMs('0s')).toThrow(/is not a duration/)
  })
})

describe('values that were accepted and did harm or nothing (second part of the attack on the options)', () => {
  it('durations that drive timers have a floor, each saying why: upgrade_timeout 1ms cut every handshake, advertise_interval 1ms flooded the router', () => {
    for (const [setting, least] of [['upgrade_timeout', 500], ['advertise_interval', 100], ['replication_sync_interval', 100], ['evict_pending_after', 100], ['peer_over_rate_disconnect', 1000], ['peer_ban', 1000], ['send_stall', 1000], ['expiry_grace', 60_000], ['max_repair_time', 1000]] as const) {
      const lifetime = setting === 'advertise_interval' ? 'advertise_lifetime: 1s\n' : ''
      expect(loadConfig(file(`${setting}: ${least}ms\n${lifetime}`), {}, {}), setting).toBeDefined()
      expect(() => loadConfig(file(`${setting}: ${least - 1}ms\n${lifetime}`), {}, {}), setting).toThrow(new RegExp(`^config file \\S+: ${setting}: at least ${least}ms, not ${least - 1}ms: \\w`))
      expect(() => loadConfig(undefined, { [`GDP_${setting.toUpperCase()}`]: '1ms' }, {}), setting).toThrow(`environment ${setting}: at least ${least}ms, not 1ms`)
    }
  })

  it('a duration or a count given as a list or a mapping is refused saying so ([3s] was read as 3s; [7] was "\'7\' is not a positive whole number")', () => {
    expect(() => loadConfig(file('upgrade_timeout: [3s]\n'), {}, {})).toThrow(/upgrade_timeout: expected a duration such as 30s, not a list$/)
    expect(() => loadConfig(file('peer_ban: {a: 5m}\n'), {}, {})).toThrow(/peer_ban: expected a duration such as 30s, not a mapping$/)
    expect(() => loadConfig(file('max_connections: [7]\n'), {}, {})).toThrow(/max_connections: expected a positive whole number, not a list$/)
    expect(() => loadConfig(file('max_connections: {a: 1}\n'), {}, {})).toThrow(/max_connections: expected a positive whole number, not a mapping$/)
  })

  it('byte units only for byte sizes; counts of connections at most 2^20, other counts at most 2^31 - 1', () => {
    expect(() => loadConfig(file('max_connections: 1KiB\n'), {}, {})).toThrow("max_connections: '1KiB' is a byte size; this setting counts something else, so give a whole number")
    expect(() => loadConfig(undefined, { GDP_PEER_FRAMES_PER_SECOND: '2MiB' }, {})).toThrow(/is a byte size/)
    expect(loadConfig(file('create_quota_bytes: 2GiB\npeer_bytes_burst: 1KiB\n'), {}, {})).toMatchObject({ createQuotaBytes: 2 * 1024 ** 3, peerBytesBurst: 1024 })
    // A size in units it does not take was "not a positive whole number", naming neither the units nor what was wrong.
    for (const size of ['100MB', '64mib', '1TiB', '10m', '1.5GiB', '2 GB']) {
      expect(() => loadConfig(file(`send_budget: ${size}\n`), {}, {})).toThrow(`send_budget: '${size}' is not a positive whole number of bytes, which may say KiB, MiB or GiB (1024 bytes to the KiB; KB, MB, GB and TiB are not taken)`)
    }
    expect(() => loadConfig(undefined, { GDP_GATEWAY_ENABLED: 'true', GDP_GATEWAY_MAX_BODY: '10MB' }, {})).toThrow("environment gateway.max_body: '10MB' is not a positive whole number of bytes, which may say KiB")
    expect(loadConfig(file(`max_connections: ${2 ** 20}\n`), {}, {}).maxConnections).toBe(2 ** 20)
    expect(() => loadConfig(file(`max_connections: ${2 ** 20 + 1}\n`), {}, {})).toThrow(`max_connections: at most ${2 ** 20}, not ${2 ** 20 + 1} (each connection holds a file descriptor)`)
    expect(() => loadConfig(file('max_pending_per_ip: 9007199254740991\n'), {}, {})).toThrow(/max_pending_per_ip: at most 1048576/)
    expect(loadConfig(file(`create_rate: ${2 ** 31 - 1}\n`), {}, {}).createRate).toBe(2 ** 31 - 1)
    expect(() => loadConfig(file(`create_rate: ${2 ** 31}\n`), {}, {})).toThrow(`create_rate: at most ${2 ** 31 - 1}, not ${2 ** 31}`)
  })

  it('a gateway or admin setting given while the service is off is refused, unless enabled: false is given as late (GDP_GATEWAY_PORT with the gateway off did nothing)', () => {
    expect(() => loadConfig(file('gateway: {port: 4999}\n'), {}, {})).toThrow(/^config file \S+: gateway.port: the HTTP gateway is off, so this does nothing: turn it on \(gateway.enabled: true\), or say enabled: false to keep the setting while it is off$/)
    expect(() => loadConfig(undefined, { GDP_GATEWAY_PORT: '5999' }, {})).toThrow(/^environment gateway.port: the HTTP gateway is off/)
    expect(() => loadConfig(undefined, { GDP_ADMIN_HOST: '::1' }, {})).toThrow(/^environment admin.host: the admin API is off/)
    expect(() => loadConfig(file('gateway: {enabled: false, port: 4999}\n'), { GDP_GATEWAY_PORT: '5999' }, {})).toThrow(/^environment gateway.port: the HTTP gateway is off/)
    expect(() => loadConfig(file('gateway: {enabled: false}\n'), {}, { gateway: { port: '5999' } })).toThrow('flag gateway.port sets where the HTTP gateway listens, and it is off: give --gateway too')
    // Kept while off, as the example file does.
    expect(loadConfig(file('gateway: {enabled: false, port: 4999, writer_keys: [a.key]}\nadmin: {enabled: false, port: 4090}\n'), {}, {}).gateway).toMatchObject({ enabled: false, port: 4999 })
    expect(loadConfig(file('gateway: {port: 4999}\n'), { GDP_GATEWAY_ENABLED: 'false' }, {}).gateway.enabled).toBe(false)
  })

  /** What loadConfig warns of, in order. */
  const warnings = (files: string | undefined, env: Record<string, string>, flags: Record<string, unknown>): string[] => {
    const said: string[] = []
    loadConfig(files, env, flags, (message) => { said.push(message) })
    return said
  }

  it('a server\'s setting on a router or client, and a lookup setting with lookup off, are warned of when given another value than the default (they did nothing, in silence)', () => {
    const router = file('role: router\nlisten: [/ip4/127.0.0.1/tcp/9]\ncreate_rate: 10\nexpiry_grace: 2h\nlookup_store_bytes: 64MiB\n')
    expect(warnings(router, {}, {})).toEqual([
      `config file ${router}: expiry_grace: a server's setting, and this node is a router: it does nothing here`,
      `config file ${router}: create_rate: a server's setting, and this node is a router: it does nothing here`,
      `config file ${router}: lookup_store_bytes: a setting of the lookup service, which is off (lookup: true turns it on): it does nothing`
    ])
    expect(warnings(undefined, { GDP_CREATE_ALLOW: 'any', GDP_OPEN_CAPSULES: '5', GDP_PROPOSE_SERVERS: '' }, { role: 'client', upstream: peer, listen: [] })).toEqual([
      'environment open_capsules: a server\'s setting, and this node is a client: it does nothing here',
      'environment propose_servers: a router\'s or server\'s setting, and this node is a client: it does nothing here'
    ])
    // The same settings where they are read: nothing to say.
    expect(warnings(file('role: server\nlisten: [/ip4/127.0.0.1/tcp/9]\ncreate_rate: 10\nexpiry_grace: 2h\n'), {}, {})).toEqual([])
    expect(warnings(file('role: router\nlisten: [/ip4/127.0.0.1/tcp/9]\nlookup: true\nlookup_store_bytes: 64MiB\n'), {}, {})).toEqual([])
    // Every setting at its default, as the example file states them for a router: nothing to say either.
    expect(warnings(join(import.meta.dirname, '../../deploy/node.example.yaml'), {}, {})).toEqual([])
  })

  it('sync on a router or client, a router\'s graft settings on a server or client, and the advertisement settings on a client, are warned of (they did nothing, in silence)', () => {
    const router = file('role: router\nlisten: [/ip4/127.0.0.1/tcp/9]\nsync: true\n')
    expect(warnings(router, {}, {})).toEqual([`config file ${router}: sync: a server's setting, and this node is a router: it does nothing here`])
    expect(warnings(undefined, {}, { role: 'client', upstream: peer, listen: [], sync: true })).toEqual(['flag sync: a server\'s setting, and this node is a client: it does nothing here'])
    const server = file('role: server\nlisten: [/ip4/127.0.0.1/tcp/9]\ngraft_snapshot_wait: 10s\nmax_relayed_snapshots: 16\n')
    expect(warnings(server, {}, {})).toEqual([
      `config file ${server}: graft_snapshot_wait: a router's setting, and this node is a server: it does nothing here`,
      `config file ${server}: max_relayed_snapshots: a router's setting, and this node is a server: it does nothing here`
    ])
    expect(warnings(undefined, { GDP_GRAFT_SNAPSHOT_WAIT: '5s' }, { role: 'client', upstream: peer, listen: [] })).toEqual(['environment graft_snapshot_wait: a router\'s setting, and this node is a client: it does nothing here'])
    // Only a router takes advertisements (a server or client refuses them, not-a-router), so only it limits their routes.
    expect(warnings(file('role: server\nlisten: [/ip4/127.0.0.1/tcp/9]\nmax_routes_per_server: 1000\n'), {}, {})).toEqual([
      expect.stringMatching(/ max_routes_per_server: a router's setting, and this node is a server: it does nothing here$/)
    ])
    expect(warnings(undefined, { GDP_MAX_ROUTES_PER_SERVER: '1000' }, { role: 'client', upstream: peer, listen: [] })).toEqual(['environment max_routes_per_server: a router\'s setting, and this node is a client: it does nothing here'])
    expect(warnings(file('role: router\nlisten: [/ip4/127.0.0.1/tcp/9]\nmax_routes_per_server: 1000\n'), {}, {})).toEqual([])
    // Only a router takes child routers' announcements, whose domains trusted_domains names.
    const domain = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    expect(warnings(undefined, { GDP_TRUSTED_DOMAINS: domain }, { role: 'server', listen: '/ip4/127.0.0.1/tcp/9' })).toEqual(['environment trusted_domains: a router\'s setting, and this node is a server: it does nothing here'])
    expect(warnings(undefined, { GDP_TRUSTED_DOMAINS: domain }, {})).toEqual([])
    // A client advertises nothing and receives no advertisements.
    expect(warnings(undefined, { GDP_ADVERTISE_INTERVAL: '10s', GDP_ADVERTISE_SNAPSHOT_RATE: '100' }, { role: 'client', upstream: peer, listen: [], advertise_lifetime: '1m' })).toEqual([
      'environment advertise_interval: a router\'s or server\'s setting, and this node is a client: it does nothing here',
      'flag advertise_lifetime: a router\'s or server\'s setting, and this node is a client: it does nothing here',
      'environment advertise_snapshot_rate: a router\'s or server\'s setting, and this node is a client: it does nothing here'
    ])
    // Where they are read, or at their defaults: nothing to say.
    expect(warnings(file('role: server\nlisten: [/ip4/127.0.0.1/tcp/9]\nsync: true\ngraft_snapshot_wait: 30s\nadvertise_interval: 10s\n'), {}, {})).toEqual([])
    expect(warnings(file(`role: client\nupstream: ${peer}\nadvertise_interval: 30s\n`), {}, {})).toEqual([])
    expect(warnings(file('role: router\nlisten: [/ip4/127.0.0.1/tcp/9]\nsync: false\ngraft_snapshot_wait: 10s\nmax_relayed_snapshots: 16\n'), {}, {})).toEqual([])
  })

  // Found by going through node start's flags: log_format shapes the logs alone (src/node/log-output.ts), and
  // log_level: none turns them all off, so json was taken and nothing was written in it.
  it('log_format with log_level none is warned of (no log is written in it)', () => {
    const quiet = file('role: router\nlisten: [/ip4/127.0.0.1/tcp/9]\nlog_format: json\n')
    expect(warnings(quiet, { GDP_LOG_LEVEL: 'none' }, {})).toEqual([`config file ${quiet}: log_format: a format of the logs, and log_level is none: it does nothing here`])
    expect(warnings(undefined, {}, { log_format: 'json', log_level: 'none' })).toEqual(['flag log_format: a format of the logs, and log_level is none: it does nothing here'])
    // With logs on, or left to DEBUG, or the format at its default: nothing to say.
    expect(warnings(quiet, {}, { log_level: 'error' })).toEqual([])
    expect(warnings(quiet, {}, {})).toEqual([])
    expect(warnings(undefined, {}, { log_format: 'text', log_level: 'none' })).toEqual([])
  })

  it('a router with nowhere to listen, or a server with nowhere to listen and no upstream, is refused (reachable by no one, it started)', () => {
    expect(() => loadConfig(file('role: router\nlisten: []\n'), {}, {})).toThrow(/^config file \S+: listen: a router listens for the servers, clients and routers that link to it; give it an address$/)
    expect(() => loadConfig(undefined, {}, { role: 'router', listen: '' })).toThrow(/^flag listen: a router listens/)
    expect(() => loadConfig(file('role: server\nlisten: []\n'), {}, {})).toThrow(/listen: a server that listens on nothing and has no upstream router is reached by no one/)
    expect(loadConfig(file(`role: server\nlisten: []\nupstream: ${peer}\n`), {}, {}).listen).toEqual([])
  })

  it('websocket_origins: origins as a browser sends them, or any alone', () => {
    expect(loadConfig(file('websocket_origins: [https://app.example, http://127.0.0.1:8080]\n'), {}, {}).websocketOrigins).toEqual(['https://app.example', 'http://127.0.0.1:8080'])
    expect(loadConfig(undefined, { GDP_WEBSOCKET_ORIGINS: 'any' }, {}).websocketOrigins).toEqual(['any'])
    for (const bad of ['https://app.example/', 'https://app.example/page', 'app.example', 'HTTPS://APP.EXAMPLE', 'https://app.example:443', 'null']) {
      expect(() => loadConfig(file(`websocket_origins: ['${bad}']\n`), {}, {})).toThrow(/websocket_origins: '.*' is not an origin as a browser sends it/)
    }
    expect(() => loadConfig(file('websocket_origins: [any, https://app.example]\n'), {}, {})).toThrow(/websocket_origins: 'any' cannot be combined with origins$/)
  })

  // Found by attacking the node's edge: /wss was taken and printed as a secure address, and every TLS handshake failed.
  it('a listen address with TLS (/wss, /tls/ws) is refused, naming the TLS proxy to put in front: the node holds no certificate', () => {
    for (const a of ['/ip4/127.0.0.1/tcp/4043/wss', '/ip4/127.0.0.1/tcp/4043/tls/ws', '/ip4/127.0.0.1/tcp/4043/tls/sni/x.example/ws']) {
      expect(() => loadConfig(file(`listen: [${a}]\n`), {}, {})).toThrow(new RegExp(`^config file \\S+: listen: '${a}' asks for TLS, and a node holds no certificate: listen on /ws and put a TLS proxy in front \\(docs/browser\\.md\\)$`))
    }
    expect(loadConfig(file('listen: [/ip4/127.0.0.1/tcp/4041/ws]\n'), {}, {}).listen).toEqual(['/ip4/127.0.0.1/tcp/4041/ws'])
  })

  it('migration_allow: any beside node names is refused, as create_allow\'s is', () => {
    const name = 'qg_Sjpx6b0nn_m5zY3PGqDj9Z5ZmrNyiKEZiPpzfYUM'
    expect(loadConfig(file(`migration_allow: [${name}]\n`), {}, {}).migrationAllow).toEqual([name])
    expect(() => loadConfig(file(`migration_allow: [any, ${name}]\n`), {}, {})).toThrow(/^config file \S+: migration_allow: 'any' cannot be combined with node names$/)
    expect(() => loadConfig(undefined, {}, { migration_allow: `any,${name}` })).toThrow(/^flag migration_allow: 'any' cannot be combined/)
    // Found by attacking the migration endpoints: 'any' twice was refused as combined with node names it did not name.
    expect(() => loadConfig(file('migration_allow: [any, any]\n'), {}, {})).toThrow(/^config file \S+: migration_allow: 'any' is given 2 times; give it once$/)
    expect(loadConfig(file('migration_allow: [any]\n'), {}, {}).migrationAllow).toEqual(['any'])
  })

  it('propose_servers: node names or any alone (the default); anything else refused naming it', () => {
    const name = 'qg_Sjpx6b0nn_m5zY3PGqDj9Z5ZmrNyiKEZiPpzfYUM'
    expect(loadConfig(undefined, {}, {}).proposeServers).toEqual(['any'])
    expect(loadConfig(file(`propose_servers: [${name}]\n`), {}, {}).proposeServers).toEqual([name])
    expect(loadConfig(file('propose_servers: []\n'), {}, {}).proposeServers).toEqual([])
    expect(() => loadConfig(file(`propose_servers: [any, ${name}]\n`), {}, {})).toThrow(/^config file \S+: propose_servers: 'any' cannot be combined with node names$/)
    expect(() => loadConfig(undefined, { GDP_PROPOSE_SERVERS: 'server-a' }, {})).toThrow(/^environment propose_servers: 'server-a' is not a node name/)
  })

  it('errors about settings that do not fit together name where the one given last came from, so a flag\'s is a usage error', () => {
    expect(() => loadConfig(file('advertise_lifetime: 5s\n'), {}, { advertise_interval: '10s' })).toThrow(/^flag advertise_interval: advertise_lifetime must be longer than advertise_interval/)
    expect(() => loadConfig(file('advertise_interval: 10s\n'), { GDP_ADVERTISE_LIFETIME: '5s' }, {})).toThrow(/^environment advertise_lifetime: advertise_lifetime must be longer/)
    expect(() => loadConfig(undefined, {}, { upstream: '/ip4/127.0.0.1/tcp/1' })).toThrow(/^flag upstream: '\/ip4\/127.0.0.1\/tcp\/1' must end in \/p2p/)
    expect(() => loadConfig(undefined, {}, { admin: { dashboard: true } })).toThrow(/^flag admin.dashboard: the dashboard is served by the admin API/)
  })

  it('a GDP_* variable one or two letters from a setting\'s is named with the one it probably means; other GDP_* variables are left alone', () => {
    expect(misspelledSettings({ GDP_UPSTREM: 'x', GDP_ADVERTISE_INTERVALL: '5s', GDP_GATEWAY_PROT: '1', GDP_LISTEN: 'x', GDP_DATA: 'd', GDP_ADMIN_TOKEN: 't', GDP_REQUIRE_VM: '1', GDP_BENCH_QUICK: '1', GDP_SOAK: '1', HOME: '/' })).toEqual([
      { variable: 'GDP_UPSTREM', meant: 'GDP_UPSTREAM' },
      { variable: 'GDP_ADVERTISE_INTERVALL', meant: 'GDP_ADVERTISE_INTERVAL' },
      { variable: 'GDP_GATEWAY_PROT', meant: 'GDP_GATEWAY_PORT' }
    ])
  })

  // GDP_ROLL=server started a router, in silence: a variable of 8 characters was never looked at. Two letters off a
  // name of four is half of it, so short names take one.
  it('a short GDP_* variable one letter from a short setting\'s (GDP_ROLL, GDP_SYNK) is named too; two letters from one is left alone', () => {
    expect(misspelledSettings({ GDP_ROLL: 'server', GDP_SYNK: 'true', GDP_SOAK: '1', GDP_MAIN: '1', GDP_SINK: '1' })).toEqual([
      { variable: 'GDP_ROLL', meant: 'GDP_ROLE' },
      { variable: 'GDP_SYNK', meant: 'GDP_SYNC' }
    ])
  })

  // Found by going through node start's flags as variables: GDP_GATEWAY=true, after --gateway, did nothing, in silence.
  it('GDP_GATEWAY, GDP_ADMIN and GDP_DASHBOARD, the variables the flags --gateway, --admin and --dashboard would have, are named with the ones that turn those on', () => {
    expect(misspelledSettings({ GDP_GATEWAY: 'true', GDP_ADMIN: 'true', GDP_DASHBOARD: 'true', GDP_GATEWAY_ENABLED: 'true' })).toEqual([
      { variable: 'GDP_GATEWAY', meant: 'GDP_GATEWAY_ENABLED' },
      { variable: 'GDP_ADMIN', meant: 'GDP_ADMIN_ENABLED' },
      { variable: 'GDP_DASHBOARD', meant: 'GDP_ADMIN_DASHBOARD' }
    ])
  })
})

describe('configuration files that are no place for settings', () => {
  it('a data folder given empty or null, and a file that is not a regular one (a FIFO was read forever), are refused naming why', () => {
    expect(() => loadConfig(file('data: ""\n'), {}, {})).toThrow(/data: expected a data folder, not ""/)
    expect(() => loadConfig(file('data: ~\n'), {}, {})).toThrow(/data: expected a data folder, not null/)
    const fifo = join(dir.path, 'fifo.yaml')
    execFileSync('mkfifo', [fifo])
    expect(() => loadConfig(fifo, {}, {})).toThrow(`config file ${fifo}: not a regular file`)
    expect(() => loadConfig(dir.path, {}, {})).toThrow(`config file ${dir.path}: not a regular file`)
  })

  // Found by attacking the operator's surface: a listen address given twice failed the start as a port in use,
  // "another process on that port?", where there was none.
  it('an address given twice in listen is refused naming it', () => {
    expect(() => loadConfig(file('listen: [/ip4/127.0.0.1/tcp/4040, /ip4/127.0.0.1/tcp/4040]\n'), {}, {})).toThrow(/listen: '\/ip4\/127\.0\.0\.1\/tcp\/4040' is given twice/)
    expect(() => loadConfig(undefined, { GDP_LISTEN: '/ip4/127.0.0.1/tcp/4040/ws,/ip4/127.0.0.1/tcp/4040/ws' }, {})).toThrow(/environment listen: '.*' is given twice/)
  })

  // Found by attacking the operator's surface: the two on one port failed the start as "the admin API cannot listen
  // on ...: address already in use", where the node's own gateway held it.
  it('the gateway and the admin API on one port are refused naming both', () => {
    expect(() => loadConfig(file('gateway: {enabled: true, port: 4500}\nadmin: {enabled: true, port: 4500}\n'), {}, {})).toThrow(/admin\.port: 4500 is the port of both the HTTP gateway and the admin API/)
    expect(() => loadConfig(file('admin: {enabled: true, port: 4500}\n'), { GDP_GATEWAY_ENABLED: 'true' }, { gateway: { port: '4500' } })).toThrow(/^flag gateway\.port: 4500 is the port of both/)
    expect(() => loadConfig(file('gateway: {enabled: true, port: 4500, host: 0.0.0.0}\nadmin: {enabled: true, port: 4500}\n'), {}, {})).toThrow(/is the port of both/)
    // Free ports, or two addresses: nothing in the way.
    expect(loadConfig(file('gateway: {enabled: true, port: 0}\nadmin: {enabled: true, port: 0}\n'), {}, {}).admin.port).toBe(0)
    expect(loadConfig(file('gateway: {enabled: true, port: 4500, host: 127.0.0.2}\nadmin: {enabled: true, port: 4500}\n'), {}, {}).admin.port).toBe(4500)
  })

  // Left by the audit that found the two above: addresses were compared as written, so these failed at start as a port
  // in use, "another process on that port?", where the node's own listener held it.
  it('listeners on one port of one address are refused naming both: listen addresses, the gateway or admin API beside one', () => {
    const listen = (addresses: string): NodeConfig => loadConfig(file(`role: router\nlisten: [${addresses}]\n`), {}, {})
    expect(() => listen('/ip4/0.0.0.0/tcp/4040, /ip4/127.0.0.1/tcp/4040')).toThrow(/listen: '\/ip4\/0\.0\.0\.0\/tcp\/4040' and '\/ip4\/127\.0\.0\.1\/tcp\/4040' listen on one port of one address/)
    expect(() => listen('/ip4/127.0.0.1/tcp/4040, /ip4/127.0.0.1/tcp/4040/ws')).toThrow(/listen on one port of one address/)
    expect(() => listen('/ip6/::1/tcp/4040, /ip6/::/tcp/4040')).toThrow(/listen on one port of one address/)
    // Two addresses, two families, free ports: nothing in the way.
    expect(listen('/ip4/127.0.0.1/tcp/4040, /ip4/127.0.0.2/tcp/4040').listen).toHaveLength(2)
    expect(listen('/ip4/0.0.0.0/tcp/4040, /ip6/::/tcp/4040').listen).toHaveLength(2)
    expect(listen('/ip4/127.0.0.1/tcp/0, /ip4/127.0.0.1/tcp/0/ws').listen).toHaveLength(2)
    const beside = (service: string, host: string, addresses = '/ip4/127.0.0.1/tcp/4040'): NodeConfig => loadConfig(file(`role: router\nlisten: [${addresses}]\n${service}: {enabled: true, host: '${host}', port: 4040}\n`), {}, {})
    expect(() => beside('gateway', '127.0.0.1')).toThrow(/gateway\.port: 4040 is the port of both the HTTP gateway and the listen address '\/ip4\/127\.0\.0\.1\/tcp\/4040'/)
    expect(() => beside('admin', '0.0.0.0')).toThrow(/admin\.port: 4040 is the port of both the admin API and the listen address/)
    expect(() => beside('admin', '::')).toThrow(/admin\.port: 4040 is the port of both the admin API/)
    expect(() => loadConfig(file('gateway: {enabled: true, port: 4500, host: "::"}\nadmin: {enabled: true, port: 4500}\n'), {}, {})).toThrow(/is the port of both the HTTP gateway and the admin API/)
    expect(beside('gateway', '127.0.0.2').gateway.port).toBe(4040)
    expect(beside('gateway', '0.0.0.0', '/ip6/::1/tcp/4040').gateway.port).toBe(4040)
  })

  // Found by attacking the operator's surface: both were taken, and the node failed at start naming no setting
  // ("admin token file  does not exist", "membership: no file  (make one ...)").
  it('a token file or a membership file given empty is refused naming the setting', () => {
    expect(() => loadConfig(file('admin: {enabled: true, token_file: ""}\n'), {}, {})).toThrow(/admin\.token_file: expected a file name, not an empty string/)
    expect(() => loadConfig(undefined, { GDP_GATEWAY_ENABLED: 'true', GDP_GATEWAY_TOKEN_FILE: ' ' }, {})).toThrow(/environment gateway\.token_file: expected a file name, not an empty string/)
    expect(() => loadConfig(undefined, { GDP_MEMBERSHIP: '' }, {})).toThrow(/environment membership: expected a membership file, not an empty string/)
    expect(() => loadConfig(file('membership: " "\n'), {}, {})).toThrow(/membership: expected a membership file, not an empty string/)
  })
})

describe('configFileText', () => {
  it('writes settings that loadConfig reads back the same: the settings a router brings when it moves (router.yaml)', () => {
    const moving: NodeConfig = { ...DEFAULT_CONFIG, role: 'router', upstream: peer, neighbours: [peer], trustedDomains: [], lookup: true, advertiseIntervalMs: 1500, advertiseLifetimeMs: 86_400_000, migrationAllow: ['any'], connectionAllow: ['/ip4/10.0.0.0/ipcidr/8'], proposeServers: ['AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE'] }
    const brought = { ...logicalSettings(moving), listen: ['/ip4/127.0.0.1/tcp/4041'] }
    const back = loadConfig(file(configFileText(brought)), {}, {})
    expect(back).toEqual({ ...DEFAULT_CONFIG, ...brought })
  })
})

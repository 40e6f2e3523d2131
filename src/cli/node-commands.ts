/** `gdp node ...` and `gdp domain ...`: running a node, and admitting routers into a routing domain. */
import { existsSync } from 'node:fs'
import { logger } from '@libp2p/logger'
import { join } from 'node:path'
import { formatName, parseName } from '../capsule/name.js'
import { Ed25519Signer } from '../crypto/ed25519.js'
import { ADMIN_TOKEN_FILE, BROUGHT_SETTINGS_FILE, GATEWAY_TOKEN_FILE, misspelledSettings, type NodeConfig } from '../node/config.js'
import { loadConfig } from '../node/config-file.js'
import { configureLogs } from '../node/log-output.js'
import { openFilesWarning } from '../node/open-files.js'
import { readKeyFile, readKeySigner, writeKeyFile } from '../node/keyfile.js'
import { replaceFile } from '../store/replace-file.js'
import { encodeSignedDomainMembership, signDomainMembership } from '../routing/certificates.js'
import { nodeName } from '../routing/signing.js'
import { durationOption, nameArgument, optionValue, print, validUntilOption, writeOutput, type Command, type CommandContext } from './command.js'
import { UsageError } from './usage-error.js'
import { peerAddress } from './peer-address.js'
import { wallClockUs } from '../clock.js'
import { escapeControls } from '../peer-text.js'
import { InvalidArgumentError, RouterMoveFailedError, StoreInUseError } from '../errors.js'
import { CONTROL_SOCKET, controlRequest, MAX_REBALANCE_WINDOW_MS } from '../node/control.js'
import type { CarriedLookupState } from '../node/router-images.js'
import type { GdpNodeOptions } from '../node/node.js'
import { onLoopback } from '../http/listen.js'
import { delegatedElsewhereLines } from './admin-commands.js'
import { refuseDataFolderMistakes } from './data-folder.js'

// libp2p loads only for the commands that need it, so the rest of the CLI starts fast.
async function identity (path: string): Promise<{ name: string, peerId: string, publicKey: string }> {
  await import('../node/polyfill.js')
  const { libp2pIdentity } = await import('../node/libp2p-identity.js')
  const { peerIdFromPrivateKey } = await import('@libp2p/peer-id')
  const key = readKeyFile(path, { node: true })
  const peerId = peerIdFromPrivateKey(libp2pIdentity(new Ed25519Signer(key.secretKey)))
  return { name: formatName(nodeName(key.publicKey)), peerId: peerId.toString(), publicKey: Buffer.from(key.publicKey).toString('base64url') }
}

const NODE_OPTIONS = {
  config: { type: 'string' },
  role: { type: 'string' },
  listen: { type: 'string' },
  upstream: { type: 'string' },
  neighbours: { type: 'string' },
  'trusted-domains': { type: 'string' },
  membership: { type: 'string' },
  'advertise-interval': { type: 'string' },
  'advertise-lifetime': { type: 'string' },
  'migration-allow': { type: 'string' },
  'migration-dir': { type: 'string' },
  gateway: { type: 'boolean' },
  'gateway-host': { type: 'string' },
  'gateway-port': { type: 'string' },
  admin: { type: 'boolean' },
  'admin-host': { type: 'string' },
  'admin-port': { type: 'string' },
  dashboard: { type: 'boolean' },
  'log-format': { type: 'string' },
  'log-level': { type: 'string' },
  standby: { type: 'boolean' },
  accept: { type: 'string' },
  'moved-back': { type: 'boolean' }
} as const

/** The flags of node start that set what a router brings when it moves (router-images.ts, LogicalSettings and its membership). */
const STANDBY_BROUGHT_FLAGS = ['upstream', 'neighbours', 'trusted-domains', 'membership', 'advertise-interval', 'advertise-lifetime', 'migration-allow'] as const

/** The flags of node start whose names are not --<section>-<setting>. */
const FLAG_OF_SETTING: Record<string, string> = { 'gateway.enabled': '--gateway', 'admin.enabled': '--admin', 'admin.dashboard': '--dashboard' }


/** The services a node's configuration asks for that the node does not load itself: the admin API (fastify, loaded only when enabled). */
async function nodeServices (config: NodeConfig): Promise<GdpNodeOptions> {
  return config.admin.enabled ? { admin: (await import('../admin/server.js')).adminServer } : {}
}
const nodeStart: Command = {
  path: ['node', 'start'],
  writesStore: true,
  usage: 'node start [--config file.yaml] [--role router|server|client] [--listen a,b] [--upstream addr] [--neighbours a,b] [--trusted-domains d,..] [--membership file] [--advertise-interval 30s] [--advertise-lifetime 120s] [--migration-allow n,..|any] [--migration-dir d] [--gateway [--gateway-host 127.0.0.1] [--gateway-port 4080]] [--admin [--admin-host 127.0.0.1] [--admin-port 4090] [--dashboard]] [--log-format text|json] [--log-level none|error|info|debug] [--standby --accept <router>] [--moved-back]',
  summary: 'run a node until interrupted (settings: file, then GDP_* variables, then flags)',
  help: '  see deploy/node.example.yaml for every setting; the node key lives in <data>/node.key\n' +
    '  --advertise-interval, --advertise-lifetime, --migration-allow, --migration-dir set the settings of those names\n' +
    '  --gateway turns on the HTTP gateway (docs/gateway.md), on loopback unless --gateway-host names another address;\n' +
    '  its bearer token is in <data>/gateway.token\n' +
    '  --admin turns on the admin API (docs/operations.md: views, Prometheus /metrics), --dashboard its page;\n' +
    '  its bearer token is in <data>/admin.token\n' +
    '  --log-format json writes one JSON object per log line; --log-level picks the logs in place of DEBUG\n' +
    '  --standby --accept <router> waits, under a key of its own, for that router to move here (gdp node migrate --to,\n' +
    '  docs/moving.md), then runs as that router on these --listen addresses\n' +
    '  a router that moved away from --data is not started there again (a second instance of it) unless --moved-back\n' +
    '  says the instance it moved to is stopped for good\n',
  options: NODE_OPTIONS,
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const v = ctx.values
    // Tried as a file named '', it failed as a file that cannot be opened (exit 1), where an empty --data is a usage error.
    if (v.config === '') throw new UsageError('--config is empty: give a configuration file (or leave --config out for the defaults)')
    const flags = {
      data: v.data,
      role: v.role,
      listen: v.listen,
      upstream: v.upstream,
      neighbours: v.neighbours,
      trusted_domains: v['trusted-domains'],
      membership: v.membership,
      sync: v.sync === true ? true : undefined,
      advertise_interval: v['advertise-interval'],
      advertise_lifetime: v['advertise-lifetime'],
      migration_allow: v['migration-allow'],
      migration_dir: v['migration-dir'],
      gateway: sectionFlags({ enabled: v.gateway, host: v['gateway-host'], port: v['gateway-port'] }),
      admin: sectionFlags({ enabled: v.admin, host: v['admin-host'], port: v['admin-port'], dashboard: v.dashboard }),
      log_format: v['log-format'],
      log_level: v['log-level']
    }
    // A flag's value not of its kind, or one that does not fit the other settings, is a usage error (exit 2) naming the
    // flag, as for any other command's options; a configuration file's or variable's mistake is not (exit 1).
    // Settings that do nothing on this node, of the configuration taken last (warned of once it is known).
    let idle: string[] = []
    const loaded = (files: Parameters<typeof loadConfig>[0]): NodeConfig => {
      idle = []
      try {
        const config = loadConfig(files, process.env, flags, (message) => { idle.push(message) })
        // A flag is this start's own word: one that does nothing on this node (--sync on a router) is refused, as any
        // option that would do nothing where it is given is; a file's or variable's is warned of (a shared file).
        const idleFlag = idle.find((message) => message.startsWith('flag '))
        if (idleFlag !== undefined) throw new InvalidArgumentError(idleFlag)
        return config
      } catch (err) {
        if (!(err instanceof InvalidArgumentError)) throw err
        if (/^flag admin\.dashboard:/.test(err.message)) throw new UsageError('--dashboard is a page of the admin API, and it is off: give --admin too', { cause: err })
        if (/^flag /.test(err.message)) throw new UsageError(err.message.replace(/^flag ([\w.]+)/, (_, name: string) => FLAG_OF_SETTING[name] ?? `--${name.replace(/[._]/g, '-')}`), { cause: err })
        throw err
      }
    }
    let config = loaded(v.config as string | undefined)
    // A router that moved here: the settings it brought (upstream, neighbours, membership, addresses...) first, then
    // the operator's. Without them it started with none: no upstream, no membership, and its domain unreachable.
    const brought = join(config.data, BROUGHT_SETTINGS_FILE)
    if (v.standby !== true && existsSync(brought)) config = loaded([brought, v.config as string | undefined])
    // The node's data folder is the configuration's (--config may name another than --data): what a damaged store's hint names.
    // --data was checked as the command line read it; a config file's or GDP_* variable's data setting is checked here.
    if (config.data !== ctx.dataDir) refuseDataFolderMistakes(config.data, 'the data setting')
    ctx.dataDir = config.data
    for (const message of idle) process.stderr.write(`gdp: warning: ${message}\n`)
    // A server's folder (or the command line's local store) started as a router or client: its capsules went unserved in silence.
    const store = join(config.data, 'store')
    if (config.role !== 'server' && existsSync(join(store, 'CURRENT'))) process.stderr.write(`gdp: warning: ${store} holds a capsule store, and this node starts as a ${config.role}, which serves no capsules: start it with --role server to serve them\n`)
    for (const { variable, meant } of misspelledSettings(process.env)) process.stderr.write(`gdp: warning: ${variable} names no setting, and is ignored: did you mean ${meant}?\n`)
    configureLogs({ format: config.logFormat, level: config.logLevel })
    const { GdpNode } = await import('../node/node.js')
    const gatewayConnections = config.gateway.enabled ? config.gateway.maxConnections : 0
    const tooFew = openFilesWarning(config.maxConnections + gatewayConnections)
    if (tooFew !== undefined) process.stderr.write(`gdp: warning: ${tooFew}\n`)
    const interrupted = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    let node
    // A router that moved here stands down when the old instance does not confirm the move in time, or calls it off.
    let stoodDown: Promise<string> = new Promise(() => {})
    if (v.accept !== undefined && v.standby !== true) throw new UsageError('--accept names the router a standby waits for: give it with --standby')
    if (v['moved-back'] === true && v.standby === true) throw new UsageError('--moved-back starts again a router that moved away from this folder; a standby waits for one to arrive: give one or the other')
    try {
      if (v.standby === true) {
        if (typeof v.accept !== 'string') throw new UsageError('--standby needs --accept <node name of the router that will move here>')
        // The router that moves here runs with the settings it brings (LogicalSettings, its membership): these were taken
        // and did nothing at the move, then won over the brought ones at the next start.
        if (v.role !== undefined && v.role !== 'router') throw new UsageError('a standby takes a router over: leave --role out, or give --role router')
        const brought = STANDBY_BROUGHT_FLAGS.find((flag) => v[flag] !== undefined)
        if (brought !== undefined) throw new UsageError(`--${brought} sets what the router that moves here brings (its own, kept in ${BROUGHT_SETTINGS_FILE}): a standby takes none; give it to gdp node start once the router runs here`)
        optionValue(() => parseName(v.accept as string, 'router\'s node name (--accept)'))
        const { NodeStandby, adoptRouter } = await import('../node/standby.js')
        const standby = await NodeStandby.create(config, v.accept)
        await standby.start()
        print(ctx, `standby for router ${v.accept}: move it here with\n${standby.multiaddrs().map((a) => `  gdp node migrate --to ${a}`).join('\n')}`, { standby: true, accept: v.accept, addresses: standby.multiaddrs() })
        const stop = new AbortController()
        void interrupted.then(() => { stop.abort() })
        // A router refused (its images did not arrive whole, or what it brought is not taken) is said, and the standby
        // waits for it to move here again: it exited, and a start again refused the same migration.
        const refusedHere = (err: unknown): boolean => {
          if (!(err instanceof RouterMoveFailedError) || stop.signal.aborted) return false
          process.stderr.write(`gdp: ${err.message}\n`)
          return true
        }
        let adopted
        while (adopted === undefined) {
          const arrived = await standby.arrival(stop.signal).catch((err: unknown) => refusedHere(err) ? null : undefined)
          if (arrived === undefined) { await standby.stop(); return 0 }
          if (arrived === null) continue
          adopted = await adoptRouter(standby, arrived, async (c) => await GdpNode.create(c, await nodeServices(c))).catch((err: unknown) => {
            if (refusedHere(err)) return undefined
            throw err
          })
        }
        node = adopted.node
        stoodDown = adopted.stoodDown
      } else {
        const { unconfirmedArrival, unconfirmedMessage } = await import('../node/standby.js')
        if (unconfirmedArrival(config.data)) throw new InvalidArgumentError(unconfirmedMessage(config.data))
        const { clearMovedAway, movedAway, movedAwayMessage, MOVED_AWAY_FILE } = await import('../node/moved-away.js')
        const moved = movedAway(config.data)
        if (moved !== undefined && v['moved-back'] !== true) throw new InvalidArgumentError(movedAwayMessage(config.data, moved))
        if (moved === undefined && v['moved-back'] === true) throw new UsageError(`--moved-back starts a router again in the folder it moved away from (marked by ${MOVED_AWAY_FILE}): ${config.data} has no such mark`)
        node = await GdpNode.create(config, await nodeServices(config))
        await node.start()
        // Only once it runs: a start that failed leaves the folder marked.
        if (moved !== undefined) clearMovedAway(config.data)
      }
    } catch (err) {
      throw nodeAlreadyRuns(config.data, err)
    }
    const stats = node.stats()
    const gatewayLine = node.gateway === undefined ? '' : `\nHTTP gateway on ${node.gateway.url} (bearer token in ${config.gateway.tokenFile ?? join(config.data, GATEWAY_TOKEN_FILE)})`
    const adminLine = node.admin === undefined ? '' : `\nadmin API on ${node.admin.url}${config.admin.dashboard ? `, dashboard at ${node.admin.url}/dashboard` : ''} (bearer token in ${config.admin.tokenFile ?? join(config.data, ADMIN_TOKEN_FILE)})`
    print(ctx, `node ${String(stats.name)} (${config.role}) peer ${String(stats.peerId)}\n${node.multiaddrs().map((a) => `listening on ${a}`).join('\n')}${gatewayLine}${adminLine}`, stats)
    for (const line of delegatedElsewhereLines(stats)) process.stderr.write(`gdp: warning: ${line}\n`)
    // Named by the operator, or by a setting they did not write (GDP_ADMIN_HOST): said, since only the token guards it then.
    for (const [service, url] of [['HTTP gateway', node.gateway?.url], ['admin API', node.admin?.url]] as const) {
      if (url !== undefined && !onLoopback(url)) process.stderr.write(`gdp: warning: the ${service} listens on ${url}, not on loopback: other machines can reach it, and its bearer token is all that keeps them out\n`)
    }
    // A status file the testnet and operators can read without a protocol of their own.
    const writeStatus = statusFileWriter(join(config.data, 'status.json'), () => node.stats())
    writeStatus()
    const timer = setInterval(writeStatus, 1000)
    // Until interrupted, until it moved to another machine (gdp node migrate), or until it stood down here.
    const ended = await Promise.race([interrupted, node.migrated, stoodDown.then((why) => ({ stoodDown: why }))])
    clearInterval(timer)
    await node.stop()
    if (typeof ended === 'object') {
      process.stderr.write(`gdp: router ${String(stats.name)} did not move here: ${ended.stoodDown}, and it goes on there. This folder is a standby's again: start it with --standby to try again\n`)
      return 1
    }
    return 0
  }
}

/**
 * A lock on the data folder (its store's, its base index's) held by a node
 * that runs there, its control socket in place: said so. The lock's own words
 * named a LevelDB folder inside, and a router's asked whether a node ran.
 */
function nodeAlreadyRuns (data: string, err: unknown): unknown {
  if (!(err instanceof StoreInUseError) || !existsSync(join(data, CONTROL_SOCKET))) return err
  return new StoreInUseError(`a node already runs on ${data} (gdp status --data ${data} shows it): stop it first, or start this one with another --data`, { cause: err })
}

const statusLog = logger('gdp:node:status')

/**
 * What writes the node's status file every second: beside and renamed over,
 * so a reader never sees half a file. A write that fails (EMFILE when the
 * process is out of descriptors, ENOSPC, EACCES, or the stats themselves
 * failing) is logged once and tried again on the next tick: the status file
 * must never take the node down with it.
 */
export function statusFileWriter (file: string, stats: () => Record<string, unknown>): () => void {
  let failing: string | undefined
  return () => {
    try {
      // The owner's only: it holds what the admin API keeps behind its token. Not flushed: it is written again in a second.
      replaceFile(file, Buffer.from(JSON.stringify({ ...stats(), updatedAt: new Date().toISOString(), pid: process.pid }, null, 2)), { temporary: `${file}.new`, mode: 0o600, sync: false })
      if (failing !== undefined) statusLog('%s is written again', file)
      failing = undefined
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).name
      // Once per kind of failure, not every second while it lasts.
      if (failing !== code) statusLog.error('cannot write %s (trying again every second): %s', file, (err as Error).message)
      failing = code
    }
  }
}

const nodeMigrate: Command = {
  path: ['node', 'migrate'],
  asksRunningNode: true,
  usage: 'node migrate --to <standby multiaddr>',
  summary: 'move the router running on --data to another machine while it is in use (docs/moving.md)',
  help: '  on the other machine first: gdp node start --standby --accept <this router\'s node name> --listen <address>\n' +
    '  the router\'s key, membership, settings and routes go there as a migration; its neighbours link to it there\n' +
    '  (same key, nothing to reconfigure) and leave the old links once what was pending on them is answered;\n' +
    '  then the node here stops\n',
  options: { to: { type: 'string' } },
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    if (typeof ctx.values.to !== 'string') throw new UsageError('--to <multiaddr> names the standby (printed by gdp node start --standby)')
    const summary = await controlRequest(ctx.dataDir, { op: 'node.migrate', args: { to: peerAddress(ctx.values.to, 'the standby\'s') } }, (_event, data) => {
      if (!ctx.json) process.stderr.write(`${escapeControls(String(data))}\n`)
    }) as Record<string, number | string> & { lookup?: CarriedLookupState }
    const ms = (k: string): number => Math.round(Number(summary[k]))
    print(ctx, `moved to ${String(summary.to)}: ${summary.routes} routes in ${summary.sets} sets (${summary.stateBytes} bytes); export ${ms('exportMs')} ms, ship ${ms('shipMs')} ms, neighbours relinked in ${ms('drainMs')} ms (${summary.neighbours} neighbours, ${summary.linksLeft} left behind)` +
      (summary.lookup === undefined ? '' : `; lookup service: ${summary.lookup.servers} server and ${summary.lookup.capsules} capsule records to publish, ${summary.lookup.dhtRecords} stored DHT records carried`), summary)
    return 0
  }
}

/** The section (gateway, admin) its flags set, or undefined when none is given. */
function sectionFlags (flags: Record<string, unknown>): Record<string, unknown> | undefined {
  const section = Object.fromEntries(Object.entries(flags).filter(([, value]) => value !== undefined))
  return Object.keys(section).length === 0 ? undefined : section
}

const nodeInit: Command = {
  path: ['node', 'init'],
  usage: 'node init',
  summary: 'create the node key in <data>/node.key if missing; print its node name and peer id',
  options: {},
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const path = join(ctx.dataDir, 'node.key')
    if (!existsSync(path)) writeKeyFile(path, false)
    const id = await identity(path)
    print(ctx, `node ${id.name}\npeer ${id.peerId}`, id)
    return 0
  }
}

const domainShow: Command = {
  path: ['domain', 'show'],
  usage: 'domain show',
  summary: 'the routing domain name of the domain key (--key)',
  options: {},
  minArgs: 0,
  maxArgs: 0,
  usesKey: true,
  async run (ctx) {
    const key = readKeyFile(ctx.keyPath)
    const name = formatName(nodeName(key.publicKey))
    print(ctx, name, { domain: name })
    return 0
  }
}

const domainAdmit: Command = {
  path: ['domain', 'admit'],
  usage: 'domain admit <router-node-name> --out <file> [--parent <domain>] [--valid 365d]',
  summary: 'sign, with the domain key (--key), the membership of a router in this domain',
  help: '  --out <file>        where to write the signed membership, for the router (gdp node start --membership <file>)\n' +
    '  --parent <domain>   the name of the domain this one is below (gdp domain show of its key); default: none, a top domain\n' +
    '  --valid <time>      how long it lasts (default 365d, at least 1h)\n',
  options: { out: { type: 'string' }, parent: { type: 'string' }, valid: { type: 'string' } },
  minArgs: 1,
  maxArgs: 1,
  usesKey: true,
  async run (ctx) {
    if (typeof ctx.values.out !== 'string') throw new UsageError('--out <file> is required')
    const domain = readKeySigner(ctx.keyPath)
    const now = wallClockUs()
    const membership = signDomainMembership({
      router: nameArgument(ctx.positionals[0]!, 'router\'s node name'),
      parent: typeof ctx.values.parent === 'string' ? optionValue(() => parseName(ctx.values.parent as string, 'parent domain\'s name (--parent)')) : new Uint8Array(0),
      notBeforeUs: now,
      notAfterUs: validUntilOption(ctx, 'valid', '365d', now)
    }, domain)
    // Whole or not at all, as every --out: a membership cut short would be refused by the router it is for.
    await writeOutput(ctx, ctx.values.out, async (write) => { await write(encodeSignedDomainMembership(membership)) })
    const json = { domain: formatName(membership.membership.domain), router: ctx.positionals[0], file: ctx.values.out }
    print(ctx, `admitted router ${ctx.positionals[0]!} into domain ${json.domain}: ${ctx.values.out}`, json)
    return 0
  }
}

const nodeGraft: Command = {
  path: ['node', 'graft'],
  asksRunningNode: true,
  usage: 'node graft <neighbour> --to <router multiaddr>',
  summary: 'move one server, edge client or child router attached to the router running on --data to another router, while in use (docs/moving.md)',
  help: '  the neighbour links to the other router, a server advertises its set there and withdraws it here,\n' +
    '  a child router relays its servers\' snapshots there and tells this router it leaves (the other router\n' +
    '  must trust its domain); requests pending here are answered here, its subscriptions go on over the new\n' +
    '  path; it keeps the new router\n',
  options: { to: { type: 'string' } },
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    if (typeof ctx.values.to !== 'string') throw new UsageError('--to <multiaddr> names the router to move the neighbour to')
    nameArgument(ctx.positionals[0]!, 'node name')
    const result = await controlRequest(ctx.dataDir, { op: 'node.graft', args: { neighbour: ctx.positionals[0]!, to: peerAddress(ctx.values.to, 'the router\'s') } }) as { neighbour: string, to: string, ms: number }
    print(ctx, `${result.neighbour} moved to ${result.to} in ${Math.round(result.ms)} ms`, result)
    return 0
  }
}

/** --to as a list of router multiaddrs (rebalance, drain). */
function routersOption (ctx: CommandContext, what: string): string[] {
  const to = typeof ctx.values.to === 'string' ? ctx.values.to.split(',').filter((a) => a !== '') : []
  if (to.length === 0) throw new UsageError(`--to <multiaddr>[,<multiaddr>...] names the routers to ${what}`)
  return to.map((address) => peerAddress(address, 'the router\'s'))
}

const nodeRebalance: Command = {
  path: ['node', 'rebalance'],
  asksRunningNode: true,
  usage: 'node rebalance --to <router multiaddr>[,<router multiaddr>...] [--share 0.5] [--window 5s, at most 1h] [--apply]',
  summary: 'propose (and with --apply make) grafts that take load off the router running on --data, from its measured traffic',
  help: '  measures each server\'s and edge client\'s traffic through this router over --window, then proposes grafting\n' +
    '  the busiest to the --to routers (the least given first) until --share of that traffic would move;\n' +
    '  --apply grafts them one by one, as gdp node graft does (docs/moving.md)\n',
  options: { to: { type: 'string' }, share: { type: 'string' }, window: { type: 'string' }, apply: { type: 'boolean', default: false } },
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const to = routersOption(ctx, 'move load to')
    // A decimal fraction as written, not whatever Number() reads (0x1, 1e-1, ' .5').
    const share = ctx.values.share === undefined ? 0.5 : /^(0|1)?\.\d+$|^1$/.test(ctx.values.share as string) ? Number(ctx.values.share) : NaN
    if (!(share > 0 && share <= 1)) throw new UsageError(`--share ${String(ctx.values.share)}: a fraction above 0 and at most 1`)
    const windowMs = durationOption(ctx, 'window', '5s')
    // The node refuses a longer one, but only after the command had asked it.
    if (windowMs > MAX_REBALANCE_WINDOW_MS) throw new UsageError(`--window ${String(ctx.values.window)}: at most ${MAX_REBALANCE_WINDOW_MS / 3_600_000}h (the command waits for the measurement)`)
    const result = await controlRequest(ctx.dataDir, { op: 'node.rebalance', args: { to, share, windowMs, apply: ctx.values.apply === true } }) as {
      totalBytesPerSecond: number, movedBytesPerSecond: number, moves: Array<{ neighbour: string, kind: string, bytesPerSecond: number, to: string }>, applied: Array<{ neighbour: string, ms?: number, error?: string }>
    }
    const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB/s`
    const lines = [`graftable traffic ${kb(result.totalBytesPerSecond)}; the moves take ${kb(result.movedBytesPerSecond)} off this router`]
    for (const m of result.moves) {
      const done = result.applied.find((a) => a.neighbour === m.neighbour)
      lines.push(`${m.kind} ${m.neighbour} ${kb(m.bytesPerSecond)} -> ${m.to}${done === undefined ? '' : done.error === undefined ? `: moved in ${Math.round(done.ms ?? 0)} ms` : `: not moved (${done.error})`}`)
    }
    if (result.moves.length === 0) lines.push('nothing to move')
    print(ctx, lines.join('\n'), result)
    return result.applied.some((a) => a.error !== undefined) ? 1 : 0
  }
}

const nodeDrain: Command = {
  path: ['node', 'drain'],
  asksRunningNode: true,
  usage: 'node drain --to <router multiaddr>[,<router multiaddr>...]',
  summary: 'take every server, child router and edge client off the router running on --data, for maintenance (each grafted to a --to router)',
  help: '  servers first, then child routers, then edge clients, spread over the --to routers in turn; each as gdp node graft\n' +
    '  moves it (docs/moving.md)\n' +
    '  a server\'s capsules move with gdp capsule move --all-from <server> (signed by their owners, or by a key\n' +
    '  the owners delegated their placement to: gdp capsule delegate), not with this command\n',
  options: { to: { type: 'string' } },
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const result = await controlRequest(ctx.dataDir, { op: 'node.drain', args: { to: routersOption(ctx, 'move the neighbours to') } }) as { moved: Array<{ neighbour: string, kind: string, to: string, ms?: number, error?: string }>, unreachable: Array<{ to: string, error: string }> }
    const lines = [
      ...result.moved.map((m) => `${m.kind} ${m.neighbour} -> ${m.to}: ${m.error === undefined ? `moved in ${Math.round(m.ms ?? 0)} ms` : `not moved (${m.error})`}`),
      // Targets given that could not be reached: the neighbours went to the others.
      ...result.unreachable.map((u) => `router ${u.to} out of reach, skipped: ${u.error}`)
    ]
    print(ctx, lines.length === 0 ? 'no server, child router or edge client is attached to this router' : lines.join('\n'), result)
    return result.moved.some((m) => m.error !== undefined) ? 1 : 0
  }
}

export const nodeCommands: Command[] = [nodeStart, nodeMigrate, nodeGraft, nodeRebalance, nodeDrain, nodeInit, domainShow, domainAdmit]

/**
 * `gdp status|routes|capsules|certs|peers`: what a running node holds,
 * asked through its control socket (<data>/control.sock, the default) or
 * its admin API (`--node http://127.0.0.1:4090`, with the admin token).
 * Both serve the same views (src/admin/views.ts, docs/operations.md).
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { InvalidArgumentError, NodeCommandError, NodeNotRunningError } from '../errors.js'
import { checkToken } from '../http/bearer-token.js'
import { ADMIN_TOKEN_FILE } from '../node/config.js'
import { CONTROL_SOCKET, controlRequest } from '../node/control.js'
import { afterName, MAX_VIEW_PAGE, type ViewName, type ViewQuery } from '../node/views.js'
import { faultLabel, integer, optionValue, print, sayStoreRepair, type Command, type CommandContext } from './command.js'
import { parseName } from '../capsule/name.js'
import { UsageError } from './usage-error.js'
import { escapeControls } from '../peer-text.js'
import type { StoreFull } from '../store/write-queue.js'
import type { UnmendedCapsule } from '../server/repair.js'

/** Where a view is asked: a running node's data folder (its control socket), or its admin API. */
type NodeEndpoint = { socketFolder: string } | { url: string, token: string }

const ADMIN_OPTIONS = { 'token-file': { type: 'string' } } as const
const PAGE_OPTIONS = { ...ADMIN_OPTIONS, limit: { type: 'string' }, after: { type: 'string' } } as const

const NODE_HELP = '  --node <where>      a running node: its admin API (http://127.0.0.1:4090) or its data folder or\n' +
  '                      control socket (default: the node running on --data)\n' +
  '  --token-file <file> the admin token for an admin API (default: $GDP_ADMIN_TOKEN, else <data>/admin.token)\n' +
  '  --request-timeout <seconds>  how long to wait for the node\'s answer (default 10)\n'

/** The endpoint `--node` names, or the node running on the data folder. */
function endpointOf (ctx: CommandContext): NodeEndpoint {
  const where = ctx.node ?? ctx.dataDir
  if (/^https?:\/\//.test(where)) return { url: adminUrl(where), token: adminToken(ctx) }
  refuseTokenFile(ctx, where)
  // A value not of the option's kind, as a malformed admin URL is: a usage error (it exited 1, as a node's refusal).
  if (where.startsWith('/ip4/') || where.startsWith('/ip6/') || where.startsWith('/dns')) {
    throw new UsageError(`'${where}' is an overlay address; these commands ask a node's admin API (--node http://127.0.0.1:4090) or its data folder or control socket (--node /var/lib/gdp)`)
  }
  if (existsSync(where) && statSync(where).isSocket()) return { socketFolder: join(where, '..') }
  if (existsSync(join(where, CONTROL_SOCKET))) return { socketFolder: where }
  throw new NodeNotRunningError(`no node is running with data folder ${where} (no ${join(where, CONTROL_SOCKET)}); start one with 'gdp node start', or name its admin API with --node http://host:port`)
}

/**
 * The admin API's base URL from --node: its views are asked at `<base>/v1/<view>`. A query or fragment would take
 * that path in ("http://host:port?x=1" was answered "no route GET /"), and a user and password would be sent beside
 * the token: refused.
 */
function adminUrl (where: string): string {
  let url: URL
  try { url = new URL(where) } catch { throw new UsageError(`--node ${where} is not a URL`) }
  if (url.search !== '' || url.hash !== '' || where.includes('#') || url.username !== '' || url.password !== '') {
    throw new UsageError(`--node ${where}: an admin API address is http://host:port (or a path before /v1/ that a proxy serves it at), with no query, fragment or user`)
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

/** --token-file where the node is asked through its data folder or control socket, which need no token: it would be ignored. */
function refuseTokenFile (ctx: CommandContext, where: string): void {
  if (ctx.values['token-file'] !== undefined) throw new UsageError(`--token-file is the token of an admin API (--node http://host:port); a node's data folder or control socket (${where}) is asked without one: leave it out`)
}

function adminToken (ctx: CommandContext): string {
  const file = typeof ctx.values['token-file'] === 'string' ? ctx.values['token-file'] : undefined
  // Checked here as the node checks its own: an empty or short one was sent, and came back as the node's refusal.
  if (file === undefined && process.env.GDP_ADMIN_TOKEN !== undefined) {
    checkToken(process.env.GDP_ADMIN_TOKEN, 'GDP_ADMIN_TOKEN')
    return process.env.GDP_ADMIN_TOKEN
  }
  const path = file ?? join(ctx.dataDir, ADMIN_TOKEN_FILE)
  if (!existsSync(path)) throw new InvalidArgumentError(`no admin token: ${path} does not exist (give --token-file, or set GDP_ADMIN_TOKEN)`)
  if (!statSync(path).isFile()) throw new InvalidArgumentError(`no admin token: ${path} is not a file`)
  const token = readFileSync(path, 'utf8').split('\n')[0]!.trim()
  checkToken(token, `admin token file ${path}`)
  return token
}

/** How long a view is waited for without --request-timeout: a node hung, or stopped with SIGSTOP, takes the connection and never answers. */
const VIEW_TIMEOUT_MS = 10_000

/** One view from the node, as the admin API and the control socket both give it, waited for as long as --request-timeout says. */
async function askView (ctx: CommandContext, view: ViewName, query: ViewQuery): Promise<Record<string, unknown>> {
  const endpoint = endpointOf(ctx)
  const timeoutMs = ctx.requestTimeoutMs ?? VIEW_TIMEOUT_MS
  // (Through the control socket, gdp status waited for ever on a hung node, where its admin API was given up on.)
  if ('socketFolder' in endpoint) return await controlRequest(endpoint.socketFolder, { op: 'view', args: { view, query } }, () => {}, { timeoutMs }) as Record<string, unknown>
  const search = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined).map(([k, v]): [string, string] => [k, String(v)]))
  const url = `${endpoint.url}/v1/${view}${search.size === 0 ? '' : `?${search.toString()}`}`
  let response: Response
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${endpoint.token}` }, signal: AbortSignal.timeout(timeoutMs) })
  } catch (err) {
    throw new NodeNotRunningError(`cannot reach the admin API at ${endpoint.url}: ${((err as Error).cause as Error | undefined)?.message ?? (err as Error).message}`)
  }
  const body = await response.json().catch(() => undefined) as Record<string, unknown> | undefined
  if (!response.ok) throw new NodeCommandError(String(body?.error ?? `HTTP ${response.status}`), String(body?.message ?? response.statusText))
  if (body === undefined) throw new NodeCommandError('MalformedMessageError', `${url} answered ${response.status} without JSON`)
  return body
}

function pageQuery (ctx: CommandContext): ViewQuery {
  const query: ViewQuery = {}
  const limit = integer(ctx, 'limit', 1)
  if (limit !== undefined && limit > MAX_VIEW_PAGE) throw new UsageError(`--limit must be at most ${MAX_VIEW_PAGE}, a page, got ${limit}`)
  if (limit !== undefined) query.limit = limit
  if (typeof ctx.values.after === 'string') query.after = ctx.values.after
  return query
}

/**
 * The page of a list that starts after a capsule name (capsules, certs: the
 * store's order): one that is none, checked here with the node's own check
 * (the node refused it, exit 1), is a value not of its kind. (Routes page by
 * any text.)
 */
function namePageQuery (ctx: CommandContext): ViewQuery {
  const query = pageQuery(ctx)
  if (query.after !== undefined) {
    try { afterName(query.after) } catch (err) { throw new UsageError(`--${(err as Error).message}`, { cause: err }) }
  }
  return query
}

/** Rows as aligned columns under a header. */
function table (header: string[], rows: Array<Array<string | number | null>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => c === null ? '-' : String(c)))]
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)))
  return cells.map((r) => r.map((c, i) => i === r.length - 1 ? c : c.padEnd(widths[i]!)).join('  ')).join('\n')
}

const short = (name: unknown): string => typeof name === 'string' ? `${name.slice(0, 10)}…` : '-'
// --after=<cursor>: a cursor that begins with '-' (a routes cursor is two names) is then never read as an option.
const more = (next: unknown): string => typeof next === 'string' ? `\n(more: --after=${next})` : ''

/** Runs one view command: the view's JSON with --json, else `human` of it. */
function viewCommand (view: ViewName, spec: Omit<Command, 'run' | 'minArgs' | 'maxArgs' | 'remote'>, human: (body: Record<string, unknown>) => string, query: (ctx: CommandContext) => ViewQuery = () => ({})): Command {
  return {
    ...spec,
    help: (spec.help ?? '') + NODE_HELP,
    minArgs: 0,
    maxArgs: 0,
    remote: true,
    viewsNode: true,
    async run (ctx) {
      // The query first: options it refuses are refused whether or not a node answers.
      const asked = query(ctx)
      const body = await askView(ctx, view, asked)
      print(ctx, human(body), body)
      return 0
    }
  }
}

/** A status without a running node: the store and key, read from the data folder itself. */
type LocalStatus = (ctx: CommandContext) => Promise<number>

/** Capsules a server sees past their expiry and keeps for expiry_grace: many at once is the sign of a clock stepped ahead. */
function pastExpiry (s: Record<string, unknown>): string {
  const pending = (s.service as { expiryPending?: number } | undefined)?.expiryPending ?? 0
  return pending === 0 ? '' : `, ${pending} past their expiry by this clock (deleted after expiry_grace of running time)`
}

/** A store refusing new data: said in status, as nothing else said it (a server refused every write in silence). */
function storeFullLine (full: StoreFull): string {
  return `store       FULL since ${full.since}: ${full.refused} write${full.refused === 1 ? '' : 's'} of new data refused; ${escapeControls(full.refusal)}`
}

type RepairStatus = { unmendedCount?: number, unmended?: UnmendedCapsule[] }

/** Capsules whose damage the last repair did not mend: reads of it are refused until one does. */
function unmendedLines (repair: RepairStatus | undefined): string[] {
  const shown = repair?.unmended ?? []
  const more = (repair?.unmendedCount ?? 0) - shown.length
  return [
    ...shown.map((u) => `capsule     DAMAGED, not mended: ${escapeControls(u.capsule)}: ${u.failures} failed repair${u.failures === 1 ? '' : 's'}, tried again in ${u.retryInSeconds} s or by 'gdp capsule repair': ${escapeControls(u.error)}`),
    ...more > 0 ? [`capsule     DAMAGED, not mended: ${more} more`] : []
  ]
}

/**
 * What a server says of the capsules in its store whose AdCerts name
 * another server (the status's `delegatedElsewhere`): one sentence for each
 * such server, for `gdp status` and for `gdp node start`'s warning.
 */
export function delegatedElsewhereLines (s: Record<string, unknown>): string[] {
  const byServer = (s.delegatedElsewhere as Record<string, number> | undefined) ?? {}
  return Object.entries(byServer).map(([server, count]) =>
    `${count} ${count === 1 ? 'capsule' : 'capsules'} in this store ${count === 1 ? 'is' : 'are'} delegated to server ${server}, not to this node (${String(s.name)}), and ${count === 1 ? 'is' : 'are'} not advertised (routers refuse ${count === 1 ? 'it' : 'them'} from this node): was node.key replaced? Stop the node and put back the node.key of ${server} (from a backup) to serve ${count === 1 ? 'it' : 'them'} again, or have ${count === 1 ? 'its owner' : 'their owners'} place ${count === 1 ? 'it' : 'them'} on this node's key: gdp capsule renew --all-from ${String(s.name)} --node <a node's address>`)
}

/**
 * The last refusal of the upstream, as a line: a server's snapshot (the
 * status's `advertiser.lastRefusal`) or a child router's announcement
 * (`parentRefusal`).
 */
function snapshotRefusalLines (s: Record<string, unknown>): string[] {
  type Refusal = { sequence: number, error: string, at: string } | undefined
  const server = (s.advertiser as { lastRefusal?: Refusal } | undefined)?.lastRefusal
  const router = s.parentRefusal as Refusal
  return [[server, 'server\'s snapshot'] as const, [router, 'router\'s announcement'] as const].flatMap(([refusal, what]) =>
    refusal === undefined ? [] : [`upstream    refused this ${what} (update ${refusal.sequence}, the last it refused) at ${refusal.at}: ${escapeControls(refusal.error)}`])
}

/** The upstream's warning about this server (the status's `advertiser.lastWarning`: two nodes advertise with its key), as a line. */
function routerWarningLines (s: Record<string, unknown>): string[] {
  const warning = (s.advertiser as { lastWarning?: { warning: string, at: string } } | undefined)?.lastWarning
  return warning === undefined ? [] : [`upstream    WARNS (last at ${warning.at}): ${escapeControls(warning.warning)}`]
}

/** `gdp status` of a running node, as text: one line per part, the store's trouble among them. */
export function statusText (s: Record<string, unknown>): string {
  return [
    `node        ${String(s.name)} (${String(s.role)})${s.domain === null ? '' : ` in domain ${String(s.domain)}`}`,
    `peer        ${String(s.peerId)}`,
    `up          ${String(s.uptimeSeconds)} s, pid ${String(s.pid)}`,
    `crypto      ${String(s.crypto)}, SHA-256 by ${String(s.sha256)}`,
    `upstream    ${s.upstream === null ? '-' : String(s.upstream)}`,
    // (Only --json showed it, though the README sends operators to gdp status for it.)
    ...snapshotRefusalLines(s),
    ...routerWarningLines(s),
    `neighbours  ${(s.neighbours as string[]).length}`,
    ...Object.entries((s.neighboursNotRouters as Record<string, string> | undefined) ?? {}).map(([name, address]) => `neighbours  NOT A ROUTER: ${name} (${address}), a configured neighbour, answered that it is not a router: this router learns no routes from it (a server advertises to its own upstream only); to route a server's capsules here, start it with --upstream set to this router's address`),
    `routes      ${String(s.routes)}`,
    `capsules    ${String(s.hosted)}, ${String(s.subscriptions)} subscriptions${pastExpiry(s)}`,
    ...(s.storeFull === undefined ? [] : [storeFullLine(s.storeFull as StoreFull)]),
    // (Only --json showed it, though the README sends operators to the status for it.)
    ...((s.storeDamageAtOpen as string[] | undefined) ?? []).map((damage) => `store       damage found at open, dealt with: ${escapeControls(damage)}`),
    ...delegatedElsewhereLines(s).map((line) => `capsules    NOT ADVERTISED: ${line}`),
    ...Object.entries((s.serversOnTwoLinks as Record<string, number> | undefined) ?? {}).map(([server, ago]) => `servers     ONE KEY TWICE: server ${server} advertised over two links in turn (${ago} s ago): two nodes run with its key (a data folder copied?), each with its own copy of its capsules`),
    ...((s.storeDamagedBlocks as string[] | undefined) ?? []).map((damage) => `store       DAMAGED: ${escapeControls(damage)}`),
    ...unmendedLines(s.repair as RepairStatus | undefined),
    ...(s.addresses as string[]).map((a) => `listening   ${a}`),
    ...(s.gateway === undefined ? [] : [`gateway     ${String(s.gateway)}`]),
    ...(s.admin === undefined ? [] : [`admin       ${String(s.admin)}`])
  ].join('\n')
}

/** The status of the node --node names, or of the one running on --data: undefined when none runs there. */
async function runningStatus (ctx: CommandContext): Promise<Record<string, unknown> | undefined> {
  if (ctx.node !== undefined) return await askView(ctx, 'status', {})
  refuseTokenFile(ctx, ctx.dataDir)
  // The store is locked while a node runs on it: ask the node, else read the store.
  if (!existsSync(join(ctx.dataDir, CONTROL_SOCKET))) return undefined
  try {
    return await askView(ctx, 'status', {})
  } catch (err) {
    // The socket file of a node that was killed: nobody listens on it, and the store is free to read.
    if (err instanceof NodeNotRunningError && err.message.includes('ECONNREFUSED')) return undefined
    throw err
  }
}

export function adminCommands (localStatus: LocalStatus): Command[] {
  const status = viewCommand('status', {
    path: ['status'],
    usage: 'status [--node <admin url | data folder>]',
    summary: 'a running node: its name, role, links, routes, counters; with no node running on --data, the local store and key',
    options: ADMIN_OPTIONS
  }, statusText)
  // With no node running on --data, the status of the local store names the user's key.
  status.usesKey = true
  status.run = async (ctx) => {
    const body = await runningStatus(ctx)
    if (body === undefined) return await localStatus(ctx)
    // A running node's status shows no user's key: --key was taken there and did nothing.
    if (ctx.values.key !== undefined) throw new UsageError('--key names the key the status of a local store shows; a running node\'s status shows none (its own is <data>/node.key): leave it out')
    print(ctx, statusText(body), body)
    // The store's words for a damaged block name no command: the data folder the node runs on is known here.
    if (ctx.node === undefined && body.storeDamagedBlocks !== undefined) sayStoreRepair(ctx.dataDir)
    return 0
  }
  return [
    status,
    viewCommand('routes', {
      path: ['routes'],
      usage: 'routes [--capsule <name>] [--limit n] [--after x] [--node ...]',
      summary: 'a running node\'s server sets (servers, next hops, how learnt, capsules), or the routes of one capsule',
      options: { ...PAGE_OPTIONS, capsule: { type: 'string' } }
    }, (r) => {
      if (Array.isArray(r.routes)) {
        return table(['server', 'next hop', 'cost', 'expires', 'live', 'chosen'], (r.routes as Array<Record<string, unknown>>).map((x) => [String(x.server), short(x.nextHop), x.cost as number, x.expiresAt as string, String(x.live), x.chosen === true ? '*' : '']))
      }
      const byOrigin = r.byOrigin as Record<string, number>
      return `${String(r.routes)} routes (attached ${byOrigin.attached}, announced ${byOrigin.announced}, lookup ${byOrigin.lookup})\n` +
        table(['server', 'next hop', 'origin', 'domain', 'capsules', 'cost', 'expires'], (r.sets as Array<Record<string, unknown>>).map((x) => [String(x.server), short(x.nextHop), x.origin as string, x.relayDomain === null ? null : short(x.relayDomain), x.capsules as number, x.cost as number, x.expiresAt as string])) + more(r.next)
    }, (ctx) => {
      if (typeof ctx.values.capsule !== 'string') return pageQuery(ctx)
      // The routes of one capsule are a few, shown whole: a page of them would be ignored in silence.
      for (const option of ['limit', 'after']) if (ctx.values[option] !== undefined) throw new UsageError(`--${option} pages the server sets; the routes of one capsule (--capsule) come whole: leave out --${option}`)
      // Checked here, a value not of its kind (the node refused it, exit 1).
      const capsule = ctx.values.capsule
      optionValue(() => parseName(capsule, 'capsule name (--capsule)'))
      return { capsule }
    }),
    viewCommand('capsules', {
      path: ['capsules'],
      usage: 'capsules [--limit n] [--after name] [--node ...]',
      summary: 'the capsules a running server stores: kind, records, head, replicas',
      options: PAGE_OPTIONS
    }, (c) => {
      if (typeof c.note === 'string') return c.note
      const capsules = c.capsules as Array<Record<string, unknown>>
      const damaged = capsules.filter((x) => x.error !== undefined).map((x) => { const error = x.error as { name: string, message: string }; return `${faultLabel(error)} ${String(x.name)}: ${error.name}: ${error.message}` })
      return `${String(c.total)} capsules, ${String(c.payloadBytes)} payload bytes\n` +
        table(['name', 'kind', 'records', 'head at', 'replicas'], capsules.map((x) => [String(x.name), x.error === undefined ? x.kind as string : faultLabel(x.error as { name: string }), x.records as number | null, (x.head as { at: string } | null)?.at ?? null, (x.replicas as string[]).length])) +
        damaged.map((line) => `\n${line}`).join('') + more(c.next)
    }, namePageQuery),
    viewCommand('certs', {
      path: ['certs'],
      usage: 'certs [--limit n] [--after name] [--node ...]',
      summary: 'a running node\'s domain membership, the AdCerts it holds, and certificates it refused by reason',
      options: PAGE_OPTIONS
    }, (c) => {
      const m = c.membership as Record<string, unknown> | null
      const refused = Object.entries(c.refused as Record<string, number>)
      return [
        `membership  ${m === null ? '-' : `domain ${String(m.domain)} until ${String(m.notAfter)}${m.valid === true ? '' : ' (NOT VALID NOW)'}`}`,
        `refused     ${refused.length === 0 ? 'none' : refused.map(([reason, n]) => `${reason} ${n}`).join(', ')}`,
        table(['capsule', 'not before', 'not after', 'valid', 'signed by'], (c.delegations as Array<Record<string, unknown>>).map((d) => [String(d.capsule), d.notBefore as string, d.notAfter as string, String(d.valid), d.delegate === null ? 'owner' : `delegate ${String(d.delegate)}`]))
      ].join('\n') + more(c.next)
    }, namePageQuery),
    viewCommand('peers', {
      path: ['peers'],
      usage: 'peers [--node ...]',
      summary: 'a running node\'s connections: node name, kind (upstream, server, router, neighbour, edge), address, link',
      options: ADMIN_OPTIONS
    }, (p) => table(['name', 'kind', 'address', 'direction', 'link', 'cost'], (p.peers as Array<Record<string, unknown>>).map((x) => [x.name as string | null, x.kind as string, x.address as string, x.direction as string, x.linked === true ? 'yes' : 'no', x.cost as number | null])))
  ]
}

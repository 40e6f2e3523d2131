/**
 * Where a node's CPU went, from V8 .cpuprofile files (one per node process,
 * as `GDP_TESTNET_NODE_FLAGS="--cpu-prof --cpu-prof-dir=<dir>"` writes them
 * for a testnet): each sample is put in the category of the innermost frame
 * on its stack that names one (a socket write inside Noise inside yamux is
 * socket I/O; a Buffer copy inside yamux is yamux), and the table gives milliseconds per category for each
 * process, busiest first, with idle time left out.
 *
 *   node dist/bench/profile-breakdown.js <dir> [--top 6]
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

interface ProfileNode { id: number, callFrame: { functionName: string, url: string }, children?: number[] }
interface Profile { nodes: ProfileNode[], samples: number[], timeDeltas: number[] }

/** Categories, most specific first: a frame is matched against each in turn. */
const CATEGORIES: Array<[string, (fn: string, url: string) => boolean]> = [
  ['idle', (fn) => fn === '(idle)'],
  ['garbage collection', (fn) => fn === '(garbage collector)'],
  ['start-up (loading modules)', (fn, url) => /compileSourceTextModule|wrapSafe/.test(fn) || /internal\/modules\//.test(url)],
  ['socket reads and writes', (fn, url) => /^(writeBuffer|writev|writeUtf8String|onStreamRead)$/.test(fn) || /node:net|stream_base_commons/.test(url)],
  ['signatures (Ed25519)', (fn, url) => /^(verifyOneShot|signOneShot|SignJob)$/.test(fn) || /@noble\/curves/.test(url)],
  ['hashing (SHA-256)', (fn) => /^(oneShotDigest|hash|digest|update)$/.test(fn)],
  ['Noise (encryption)', (_, url) => /libp2p-noise|chacha20poly1305|@noble\/ciphers/.test(url)],
  ['yamux (multiplexing)', (_, url) => /libp2p-yamux/.test(url)],
  ['LevelDB', (_, url) => /classic-level|abstract-level|\/level\//.test(url)],
  ['protobuf encode and decode', (_, url) => /wire\/gen\/proto|protobufjs/.test(url)],
  ['libp2p, other', (_, url) => /@libp2p\/|\/libp2p\/|it-|uint8arraylist/.test(url)],
  ['ours: routing and links', (_, url) => /\/src\/(routing|node)\//.test(url)],
  ['ours: server, store, capsule', (_, url) => /\/src\/(server|store|capsule|client|kv|files|migration)\//.test(url)],
  ['ours: other', (_, url) => /\/src\//.test(url)]
]
/** Samples under no frame of a category: the event loop, timers and streams of Node itself. */
const NODE = 'Node: event loop, timers, streams'

function categoryOf (frame: ProfileNode['callFrame']): string | undefined {
  for (const [name, test] of CATEGORIES) if (test(frame.functionName, frame.url)) return name
  return undefined
}

/** Milliseconds per category in one profile. */
export function breakdown (profile: Profile): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const category = new Map<number, string>()
  const resolve = (id: number): string => {
    const known = category.get(id)
    if (known !== undefined) return known
    const own = categoryOf(byId.get(id)!.callFrame)
    const up = parent.get(id)
    const found = own ?? (up === undefined ? NODE : resolve(up))
    category.set(id, found)
    return found
  }
  const out = new Map<string, number>()
  profile.samples.forEach((id, i) => {
    const c = resolve(id)
    out.set(c, (out.get(c) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000)
  })
  return out
}

function main (): void {
  const args = process.argv.slice(2)
  const dir = args[0]
  if (dir === undefined) throw new Error('usage: node dist/bench/profile-breakdown.js <dir with .cpuprofile files> [--top n]')
  const topAt = args.indexOf('--top')
  const top = topAt >= 0 ? Number(args[topAt + 1]) : 6
  const rows = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((file) => {
    const b = breakdown(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile)
    const busy = [...b].filter(([c]) => c !== 'idle' && c !== 'start-up (loading modules)').reduce((s, [, ms]) => s + ms, 0)
    return { file, b, busy }
  }).sort((x, y) => y.busy - x.busy).slice(0, top)
  const names = CATEGORIES.map(([n]) => n).filter((n) => n !== 'idle' && n !== 'start-up (loading modules)').concat(NODE)
  const lines = [`| category | ${rows.map((r) => r.file.replace(/^CPU\.\d+\.\d+\.(\d+)\..*$/, 'pid $1')).join(' | ')} |`, `|---|${rows.map(() => '---:').join('|')}|`]
  for (const name of names) {
    if (rows.every((r) => (r.b.get(name) ?? 0) < 0.5)) continue
    lines.push(`| ${name} | ${rows.map((r) => `${(r.b.get(name) ?? 0).toFixed(0)} ms (${((r.b.get(name) ?? 0) / r.busy * 100).toFixed(0)} %)`).join(' | ')} |`)
  }
  lines.push(`| **busy, in all** | ${rows.map((r) => `${r.busy.toFixed(0)} ms`).join(' | ')} |`)
  process.stdout.write(lines.join('\n') + '\n')
}

main()

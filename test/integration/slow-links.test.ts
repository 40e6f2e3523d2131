// A large record read over slow links, through node processes in network
// namespaces joined by veth pairs shaped with tc tbf: routers store and
// forward whole PDUs, so the answer reaches the reader only after crossing
// each slow link in turn, longer than a router's fixed timeout. The server's
// heads-up (Response.following_bytes) gives every hop the time it needs.
import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { testCapsule, waitFor } from '../helpers.js'
import { ip, netnsUnavailable, NodeProcess, processTestnet } from './replica-procs.js'

const MiB = 1024 * 1024
const { dir, reports, started, clientOf } = processTestnet('gdp-slow-links-')
const noNetns = netnsUnavailable()

/** Shapes what leaves `dev` (in namespace `ns`) to `rate`, as a slow edge link would carry it. */
function shape (ns: string, dev: string, rate: string): void {
  execFileSync('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'tbf', 'rate', rate, 'burst', '32kbit', 'latency', '1s'], { stdio: 'pipe' })
}

describe('a large answer over slow links through two routers (network namespaces, tc tbf)', () => {
  it.skipIf(noNetns !== undefined)(`a 5.5 MiB record read from a server two 8 Mbit/s links away arrives after more than a router's 10 s timeout${noNetns === undefined ? '' : ` (skipped: ${noNetns})`}`, async () => {
    // reader -> near router (this namespace) -> far router (namespace F) -> server (namespace S). The answer's
    // two links (S to F, F to here) are shaped; requests go the other way unshaped.
    const tag = Math.random().toString(16).slice(2, 7)
    const net = 1 + Math.floor(Math.random() * 250)
    const [nsF, nsS] = [`gdps${tag}f`, `gdps${tag}s`]
    const [hereToF, fFromHere, fToS, sFromF] = [`gs${tag}h`, `gs${tag}f`, `gs${tag}g`, `gs${tag}s`]
    const [netHF, netFS] = [`10.214.${net}`, `10.214.${(net + 1) % 256}`]
    for (const ns of [nsF, nsS]) {
      ip('netns', 'add', ns)
      reports.push(() => { try { ip('netns', 'del', ns) } catch { /* gone */ } })
      ip('-n', ns, 'link', 'set', 'lo', 'up')
    }
    ip('link', 'add', hereToF, 'type', 'veth', 'peer', 'name', fFromHere)
    reports.push(() => { try { ip('link', 'del', hereToF) } catch { /* gone with the namespace */ } })
    ip('link', 'set', fFromHere, 'netns', nsF)
    ip('addr', 'add', `${netHF}.1/30`, 'dev', hereToF)
    ip('link', 'set', hereToF, 'up')
    ip('-n', nsF, 'addr', 'add', `${netHF}.2/30`, 'dev', fFromHere)
    ip('-n', nsF, 'link', 'set', fFromHere, 'up')
    ip('-n', nsF, 'link', 'add', fToS, 'type', 'veth', 'peer', 'name', sFromF)
    ip('-n', nsF, 'link', 'set', sFromF, 'netns', nsS)
    ip('-n', nsF, 'addr', 'add', `${netFS}.1/30`, 'dev', fToS)
    ip('-n', nsF, 'link', 'set', fToS, 'up')
    ip('-n', nsS, 'addr', 'add', `${netFS}.2/30`, 'dev', sFromF)
    ip('-n', nsS, 'link', 'set', sFromF, 'up')
    shape(nsS, sFromF, '8mbit')
    shape(nsF, fFromHere, '8mbit')

    const t0 = Date.now()
    const marks: string[] = []
    const mark = (what: string): void => { marks.push(`${Date.now() - t0} ms: ${what}`) }
    reports.push(() => { console.log(marks.join('\n')) })
    const dataOf = (id: string): string => { const d = join(dir.path, tag, id); mkdirSync(d, { recursive: true }); return d }
    const far = started(new NodeProcess({ id: 'far', role: 'router', data: dataOf('far'), listen: [`/ip4/${netHF}.2/tcp/0`, `/ip4/${netFS}.1/tcp/0`], netns: nsF }))
    await far.start()
    const server = started(new NodeProcess({ id: 'server', role: 'server', data: dataOf('server'), listen: [`/ip4/${netFS}.2/tcp/0`], upstream: far.address(`/ip4/${netFS}.1/tcp/`), netns: nsS }))
    const near = started(new NodeProcess({ id: 'near', role: 'router', data: dataOf('near'), listen: ['/ip4/127.0.0.1/tcp/0'], upstream: far.address(`/ip4/${netHF}.2/tcp/`) }))
    await Promise.all([server.start(), near.start()])
    const node = await clientOf(near.address())
    mark('nodes up')

    const t = testCapsule(Date.now() * 1000)
    const now = Date.now() * 1000
    const adCert = signAdCert({ capsule: t.name, server: server.nameBytes, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
    await waitFor(async () => await node.client.create(t.signed, server.nameBytes, adCert), { timeoutMs: 20_000, intervalMs: 200, what: 'the create on the server' })
    const metadata = (await waitFor(async () => await node.client.info(t.name), { timeoutMs: 20_000, intervalMs: 200, what: 'the capsule to be routed' })).metadata
    mark('created')
    const big = new Uint8Array(5.5 * MiB).fill(0x77)
    await node.client.append(await node.client.writer(t.name, t.writer), [big], Date.now() * 1000)

    mark('appended')
    const startedAt = Date.now()
    const [record] = await node.client.read(t.name, { seqno: 0 }, metadata)
    const took = Date.now() - startedAt
    reports.push(() => { console.log(`5.5 MiB record over two 8 Mbit/s links: ${took} ms`) })
    expect(took).toBeGreaterThan(10_000)
    // (Not toEqual: element by element, it takes most of a minute for 5.5 MiB.)
    expect(Buffer.compare(record!.payload, big)).toBe(0)
  }, 120_000)
})

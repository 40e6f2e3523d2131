// `gdp node migrate` and `gdp node start --standby`, as operators run them:
// a router, a server and a standby as separate processes on loopback. The
// router moves to the standby with its routes; the server relinks and keeps
// the new address; the old router process exits; the capsule is served
// through the moved router.
import type { ChildProcess } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { tempDir, waitFor } from '../helpers.js'
import { gdpIn, startNode, type StartedNode } from './run-gdp.js'

const dir = tempDir('gdp-node-migrate-')
const children: ChildProcess[] = []
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  dir.cleanup()
})
const { gdp, ok, json } = gdpIn(dir.path)
const port = 5100 + Math.floor(Math.random() * 800)

const start = async (data: string, args: string[]): Promise<StartedNode> => await startNode(dir.path, children, data, args)

/** Every file under `folder`, at any depth. */
function filesUnder (folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((e) => e.isDirectory() ? filesUnder(join(folder, e.name)) : [join(folder, e.name)])
}

describe('gdp node migrate: a router moves to a standby process', () => {
  it('moves the router while its server stays linked; the old process exits; the capsule is served through the new address', async () => {
    const router = await start('router', ['--role', 'router', '--listen', `/ip4/127.0.0.1/tcp/${port}`])
    const routerAt = `/ip4/127.0.0.1/tcp/${port}/p2p/${router.first.peerId as string}`
    const server = await start('server', ['--role', 'server', '--listen', `/ip4/127.0.0.1/tcp/${port + 1}`, '--upstream', routerAt])
    ok(['--data', 'me', 'keys', 'generate'])
    const created = json(['--data', 'me', 'capsule', 'create', '--node', routerAt, '--server', server.first.name])
    await waitFor(() => gdp(['--data', 'me', 'capsule', 'append', created.name, 'before', '--node', routerAt]).code === 0, { timeoutMs: 20_000, intervalMs: 200, what: 'the capsule to be routed' })

    // --accept alone is refused rather than ignored, and a standby refuses a data folder that holds a node already.
    expect(gdp(['--data', 'lonely', 'node', 'start', '--accept', router.first.name]).err).toMatch(/--accept names the router a standby waits for/)
    const refused = gdp(['--data', 'router', 'node', 'start', '--standby', '--accept', router.first.name, '--listen', `/ip4/127.0.0.1/tcp/${port + 3}`])
    expect(refused.code).toBe(1)
    expect(refused.err).toMatch(/holds a node already/)
    const standby = await start('standby', ['--standby', '--accept', router.first.name, '--listen', `/ip4/127.0.0.1/tcp/${port + 2}`])
    expect(standby.first).toMatchObject({ standby: true, accept: router.first.name })
    // Only a router moves this way.
    expect(gdp(['--data', 'server', 'node', 'migrate', '--to', standby.first.addresses[0]]).err).toMatch(/only a router moves/)

    const moved = json(['--data', 'router', 'node', 'migrate', '--to', standby.first.addresses[0]])
    expect(moved).toMatchObject({ to: `/ip4/127.0.0.1/tcp/${port + 2}/p2p/${router.first.peerId as string}`, neighbours: 1, linksLeft: 0 })
    expect(moved.routes).toBeGreaterThanOrEqual(2)
    expect(await router.exited).toBe(0)

    // The same router at the standby's address: the server linked there and keeps the address for restarts.
    const newAt = moved.to as string
    await waitFor(() => existsSync(join(dir.path, 'server', 'moved-peers.json')), { timeoutMs: 10_000, what: 'the server to note where its router went' })
    expect(JSON.parse(readFileSync(join(dir.path, 'server', 'moved-peers.json'), 'utf8'))).toEqual({ [router.first.peerId]: newAt })
    expect(JSON.parse(ok(['--data', 'me', 'capsule', 'append', created.name, 'after', '--node', newAt, '--json'])).count).toBe(1)
    expect(JSON.parse(`[${ok(['--data', 'me', 'capsule', 'read', created.name, '--node', newAt, '--json']).trim().split('\n').join(',')}]`).map((r: { payload: string }) => r.payload)).toEqual(['before', 'after'])
    const status = JSON.parse(readFileSync(join(dir.path, 'standby', 'status.json'), 'utf8'))
    expect(status).toMatchObject({ name: router.first.name, role: 'router' })
    standby.child.kill('SIGTERM')
    expect(await standby.exited).toBe(0)
    // The router's secret key is in node.key (0600) alone: the migration's entries that carried it are gone.
    const secret = JSON.parse(readFileSync(join(dir.path, 'router', 'node.key'), 'utf8')).secretKey as string
    const holding = filesUnder(join(dir.path, 'standby')).filter((f) => readFileSync(f).includes(secret))
    expect(holding.map((f) => relative(dir.path, f))).toEqual([join('standby', 'node.key')])
    expect(statSync(join(dir.path, 'standby', 'node.key')).mode & 0o777).toBe(0o600)
    // Started again with no flags, it is the same router where it moved (the settings it brought, router.yaml), and the server's requests reach the capsule through it.
    const again = await start('standby', [])
    expect(again.first).toMatchObject({ name: router.first.name, role: 'router', peerId: router.first.peerId })
    expect(again.first.addresses).toContain(newAt)
    await waitFor(() => gdp(['--data', 'me', 'capsule', 'append', created.name, 'restarted', '--node', newAt]).code === 0, { timeoutMs: 20_000, intervalMs: 200, what: 'an append through the router started again' })
    // A standby on that folder now is refused, saying how to start the router that moved there.
    expect(gdp(['--data', 'standby', 'node', 'start', '--standby', '--accept', router.first.name]).err).toMatch(/a router moved to .* already: start it again with 'gdp --data .* node start'/)
    for (const c of [server.child, again.child]) c.kill('SIGTERM')
    expect(await again.exited).toBe(0)
  }, 120_000)
})

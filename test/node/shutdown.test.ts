// A server process stopped with SIGTERM while it is busy: in the middle of a
// snapshot of its advertised set (reading its store) and of appends. Services
// stop in order, so nothing touches the closed store, and the stop never
// throws: exit code 0, nothing on stderr.
import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { GdpNode } from '../../src/node/node.js'
import { nodeName } from '../../src/routing/signing.js'
import { fillDelegatedStore, tempDir, waitFor } from '../helpers.js'

const main = join(import.meta.dirname, '../../dist/gdp/main.js')
const cleanups: Array<() => Promise<void> | void> = []
afterAll(async () => { for (const c of cleanups.reverse()) await c() })

describe('stopping a server', () => {
  it('SIGTERM in the middle of a snapshot to its router: exit code 0, no error', async () => {
    const routerDir = tempDir()
    const serverDir = tempDir()
    cleanups.push(routerDir.cleanup, serverDir.cleanup)
    const router = await GdpNode.create({ ...DEFAULT_CONFIG, data: routerDir.path, role: 'router', listen: ['/ip4/127.0.0.1/tcp/0'] })
    await router.start()
    cleanups.push(async () => { await router.stop() })
    const serverKey = writeKeyFile(join(serverDir.path, 'node.key'), false)
    await fillDelegatedStore(join(serverDir.path, 'store'), nodeName(serverKey.publicKey), 6000)
    // 2,000 capsules a second: the snapshot of 6,000 takes 3 s, so the signal lands in the middle of it.
    writeFileSync(join(serverDir.path, 'node.yaml'), `role: server\ndata: ${serverDir.path}\nlisten: [/ip4/127.0.0.1/tcp/0]\nupstream: ${router.multiaddrs()[0]!}\nadvertise_snapshot_rate: 2000\n`)
    const child = spawn(process.execPath, [main, 'node', 'start', '--config', join(serverDir.path, 'node.yaml')], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { resolve(code) }))
    await waitFor(() => router.table.size >= 1000, { timeoutMs: 30_000, what: 'the router to hold 1,000 routes from the server\'s snapshot' })
    expect(router.table.size).toBeGreaterThanOrEqual(1000)
    expect(router.table.size).toBeLessThan(6001)
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stderr).toBe('')
    // Its link went down with it: the router drops the routes it learned over it when it sees the link close.
    await waitFor(() => router.table.size === 0, { timeoutMs: 5000, what: 'the router to drop the routes learned over the server\'s link' })
    expect(router.table.size).toBe(0)
  }, 60_000)

  it('a node stopped twice, or while starting its links, resolves both times', async () => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], upstream: '/ip4/127.0.0.1/tcp/9/p2p/12D3KooWEoBcQR1Y1DRTpyS34X3Dd69Hg4uvaFWq6D2MPxLrvE54' }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
    await node.start()
    await Promise.all([node.stop(), node.stop()])
  }, 20_000)
})

// Node processes whose clocks disagree (libfaketime shifts one process's
// wall clock; the monotonic clock is left alone).
//
// A server whose clock runs 5 minutes ahead of its router's: the router
// refuses its advertisements as not valid yet (60 s of skew allowed) and
// says so in the snapshot's acknowledgement. The server dropped that
// acknowledgement unread outside a graft, and showed its capsules as
// advertised while its router routed none of them, in silence; it now
// counts the refusal, keeps the router's reason in its status and logs it.
//
// A server started on a clock ten years ahead (a real-time clock reset by a
// power loss, a wrong NTP answer) deleted every capsule with an expiry
// before then at its first check, on that one reading of the clock; it now
// deletes one only once every check for expiry_grace of its own running
// time has seen it past its expiry.
//
// A server whose clock stepped 400 days ahead while it ran, and back,
// withdrew its capsules as ended and did not offer them again until a
// restart; it now does at its next refresh.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { waitFor } from '../helpers.js'
import { gdpAsync } from '../cli/run-gdp.js'
import { FAKETIME, noFaketime, shiftedClock } from '../faketime.js'
import { createReplicated, NodeProcess, processTestnet, readReplica } from './replica-procs.js'

const { dir, started, clientOf } = processTestnet('gdp-clock-skew-')

describe.skipIf(noFaketime !== undefined)('a server whose clock runs 5 minutes ahead of its router\'s (node processes)', () => {
  it('is told its snapshot was refused as not valid yet, and says so in its status and its log', async () => {
    const folder = (id: string): string => { const d = join(dir.path, id); mkdirSync(d, { recursive: true }); return d }
    const router = started(new NodeProcess({ id: 'router', role: 'router', data: folder('router'), listen: ['/ip4/127.0.0.1/tcp/0'] }))
    await router.start()
    const server = started(new NodeProcess({ id: 'server', role: 'server', data: folder('server'), listen: ['/ip4/127.0.0.1/tcp/0'], upstream: router.address(), env: { ...shiftedClock('+5m'), GDP_LOG_LEVEL: 'error' } }))
    await server.start()
    const advertiser = (): { refused?: number, lastRefusal?: { sequence: number, error: string, at: string } } => (server.status()?.advertiser ?? {}) as { refused?: number }
    await waitFor(() => (advertiser().refused ?? 0) > 0, { timeoutMs: 15_000, intervalMs: 100, what: 'the server to count its router\'s refusal' })
    expect(advertiser().lastRefusal?.error).toMatch(/^advertisement \d+ from server .* is not valid before 20\d\d-/)
    expect(readFileSync(server.log, 'utf8')).toMatch(/the router refused this server's snapshot \(update \d+\): advertisement \d+ from server .* is not valid before/)
  }, 60_000)
})

describe.skipIf(noFaketime !== undefined)('a server started on a clock ten years ahead (a node process)', () => {
  it('sees its capsule past its expiry, keeps it for expiry_grace of running time, and serves it again on the right clock', async () => {
    const data = join(dir.path, 'ahead')
    mkdirSync(data, { recursive: true })
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const nowUs = Date.now() * 1000
    const signed = signMetadata(newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs, expiresAtUs: nowUs + 86_400e6, nonce: crypto.getRandomValues(new Uint8Array(16)) }), owner)
    const name = capsuleName(signed.metadata)
    const store = await CapsuleStore.open({ path: join(data, 'store') })
    await store.create(signed)
    await store.close()
    const spec = { id: 'server', role: 'server' as const, data, listen: ['/ip4/127.0.0.1/tcp/0'] }
    const ahead = started(new NodeProcess({ ...spec, env: { ...shiftedClock('+3650d'), GDP_EXPIRY_GRACE: '2h', GDP_LOG_LEVEL: 'info' } }))
    await ahead.start()
    const service = (): { expiryPending?: number, expired?: number } => (ahead.status()?.service ?? {}) as { expiryPending?: number }
    await waitFor(() => service().expiryPending === 1, { timeoutMs: 10_000, intervalMs: 100, what: 'the server to see the capsule past its expiry' })
    expect(service().expired).toBe(0)
    expect(readFileSync(ahead.log, 'utf8')).toMatch(/1 capsule\(s\) newly past their expiry by this server's clock, 203\d-.*deleted after 7200 s of running time/)
    const status = await gdpAsync(['--data', data, 'status'])
    expect(status.out).toMatch(/^capsules +1, 0 subscriptions, 1 past their expiry by this clock \(deleted after expiry_grace of running time\)$/m)
    await ahead.stop()
    expect((await readReplica(data, name)).size).toBe(0)
    // On the right clock again: not past its expiry, nothing pending.
    const right = started(new NodeProcess(spec))
    await right.start()
    await waitFor(() => right.status()?.service !== undefined, { timeoutMs: 10_000, intervalMs: 100, what: 'the server\'s status' })
    expect((right.status()?.service as { expiryPending: number }).expiryPending).toBe(0)
  }, 60_000)
})

describe.skipIf(noFaketime !== undefined)('a server whose clock steps ahead and back while it runs (a node process)', () => {
  // Found by stepping a running server's clock 400 days ahead and back: its capsules were withdrawn as ended and stayed
  // unrouted (NO_ROUTE through the router) until a create or a restart.
  it('offers its router again the capsules withdrawn while its clock ran ahead', async () => {
    const folder = (id: string): string => { const d = join(dir.path, 'step', id); mkdirSync(d, { recursive: true }); return d }
    const router = started(new NodeProcess({ id: 'router', role: 'router', data: folder('router'), listen: ['/ip4/127.0.0.1/tcp/0'] }))
    await router.start()
    // libfaketime reads the offset from this file again every second.
    const clockFile = join(dir.path, 'step', 'server.clock')
    writeFileSync(clockFile, '+0')
    const server = started(new NodeProcess({ id: 'server', role: 'server', data: folder('server'), listen: ['/ip4/127.0.0.1/tcp/0'], upstream: router.address(), env: { LD_PRELOAD: FAKETIME, FAKETIME_TIMESTAMP_FILE: clockFile, FAKETIME_CACHE_DURATION: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1' } }))
    await server.start()
    const node = await clientOf(router.address())
    const t = await createReplicated(node.client, [server.nameBytes], 1)
    const advertised = (): number | undefined => (server.status()?.advertiser as { advertised?: number } | undefined)?.advertised
    // The status file is written again every second.
    await waitFor(() => advertised() === 1, { timeoutMs: 5000, intervalMs: 100, what: 'the capsule in the server\'s status' })
    writeFileSync(clockFile, '+400d')
    await waitFor(() => advertised() === 0, { timeoutMs: 15_000, intervalMs: 100, what: 'the capsule withdrawn as ended on the clock ahead' })
    writeFileSync(clockFile, '+0')
    await waitFor(() => advertised() === 1, { timeoutMs: 15_000, intervalMs: 100, what: 'the capsule offered again once the clock stepped back' })
    await waitFor(async () => await node.client.info(t.name), { timeoutMs: 15_000, intervalMs: 200, what: 'the capsule routed again' })
  }, 90_000)
})

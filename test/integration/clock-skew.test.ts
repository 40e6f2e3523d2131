// Node processes whose clocks disagree (libfaketime shifts one process's
// wall clock; the monotonic clock is left alone).
//
// A server whose clock runs 5 minutes ahead of its router's: the router
// refuses its advertisements as not valid yet (60 s of skew allowed) and
// says so in the snapshot's acknowledgement. The server dropped that
// acknowledgement unread outside a graft, and showed its capsules as
// advertised while its router routed none of them, in silence; it now
// counts the refusal, keeps the router's reason in its status and logs it.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { waitFor } from '../helpers.js'
import { NodeProcess, processTestnet } from './replica-procs.js'

const FAKETIME = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1'
/** Why these tests cannot run here, or undefined; in CI (GDP_REQUIRE_FAKETIME) a missing libfaketime fails them instead. */
const noFaketime = existsSync(FAKETIME) || process.env.GDP_REQUIRE_FAKETIME === '1' ? undefined : 'libfaketime is not installed (apt-get install faketime)'

const { dir, started } = processTestnet('gdp-clock-skew-')

/** Environment that runs a node process `offset` from the machine's clock (libfaketime's form: '+5m'). */
const shiftedClock = (offset: string): Record<string, string> => ({ LD_PRELOAD: FAKETIME, FAKETIME: offset, FAKETIME_DONT_FAKE_MONOTONIC: '1' })

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

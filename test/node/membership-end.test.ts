// A child router's domain membership ends while its parent routes through it
// (found by letting one lapse): the parent kept the routes the child had
// relayed for as long as the child's announcements said they would last
// (`advertise_lifetime`, set by the child's operator: up to 24 days), past
// the end of the membership that let the child announce them at all. And
// the renewed membership its operator put in the file's place was not read
// until the child restarted: the parent refused all it announced meanwhile.
import { utimesSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { encodeSignedDomainMembership, signAdCert, signDomainMembership } from '../../src/routing/certificates.js'
import { nodeName } from '../../src/routing/signing.js'
import { testCapsule, waitFor } from '../helpers.js'
import { admittedRouter, nodesPerTest } from './local-nodes.js'

const SKEW_US = 60e6
// Announcements and updates that would last an hour, past the membership's end.
const start = nodesPerTest({ advertiseIntervalMs: 200, advertiseLifetimeMs: 3_600_000 })

describe('a child router whose membership ends', () => {
  it('has the routes it relayed end with it at the parent (and the clock skew readers allow), however long its announcements said they last', async () => {
    const now = Date.now() * 1000
    const membershipEnd = now + 600e6
    const { domain, key, membership } = admittedRouter(undefined, membershipEnd)
    const { parent, child } = await parentAndChild({ domain, key, membership })
    const server = await start('server', child)
    const t = testCapsule(now)
    const writer = await start('client', server)
    await writer.client.create(t.signed, server.name, signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 24 * 3600e6 }, t.owner))
    await waitFor(() => parent.table.lookup(t.name, Date.now() * 1000), { timeoutMs: 10_000, intervalMs: 50, what: 'the parent to route the capsule through the child' })

    // The capsule's route and the server's own name's, at the last instant the membership holds at the parent, and after.
    for (const name of [t.name, server.name]) {
      expect(parent.table.lookup(name, membershipEnd + SKEW_US)?.nextHop).toEqual(child.name)
      expect(parent.table.lookup(name, membershipEnd + SKEW_US + 1)).toBeUndefined()
    }
  }, 30_000)

  it('relays under a renewed membership written in its file\'s place while it runs, without a restart', async () => {
    const now = Date.now() * 1000
    const { domain, key, membership } = admittedRouter()
    const admit = (notBeforeUs: number, notAfterUs: number): void => { writeFileSync(membership, encodeSignedDomainMembership(signDomainMembership({ router: nodeName(key.publicKey), parent: new Uint8Array(0), notBeforeUs, notAfterUs }, domain))) }
    admit(now - 2 * 3600e6, now - 3600e6)
    const { parent, child } = await parentAndChild({ domain, key, membership })
    const server = await start('server', child)
    const refusal = await waitFor(() => child.stats().parentRefusal as { error: string } | undefined, { timeoutMs: 5000, what: 'the parent to refuse the lapsed membership' })
    expect(refusal.error).toMatch(/expired at/)

    admit(now - 60e6, now + 3600e6)
    // Read again at the next announcement (the server refreshes every 200 ms): the parent takes it.
    const route = await waitFor(() => parent.table.lookup(server.name, Date.now() * 1000), { timeoutMs: 5000, intervalMs: 50, what: 'the parent to route to the server through the child' })
    expect(route.nextHop).toEqual(child.name)
    expect(child.membership?.membership.notAfterUs).toBe(now + 3600e6)
  }, 30_000)

  // Found by an adversarial review: the file was known by its mtime alone. Copied over in place (cp truncates, then
  // writes), it could be read between the two: refused, and its mtime noted; the write that followed within the same
  // clock tick left the mtime as it was, and the renewal was never read.
  it('reads a renewal written over a file it found damaged, though its mtime is the same', async () => {
    const { now, domain, key, membership, child, announcedSince } = await relayingChild()
    const sameMtimeS = Math.floor(Date.now() / 1000) + 7
    writeFileSync(membership, new Uint8Array(0))
    utimesSync(membership, sameMtimeS, sameMtimeS)
    const truncated = Date.now() * 1000
    await waitFor(() => announcedSince(truncated) || undefined, { timeoutMs: 5000, intervalMs: 50, what: 'an announcement made after the file was found empty' })
    writeFileSync(membership, encodeSignedDomainMembership(signDomainMembership({ router: nodeName(key.publicKey), parent: new Uint8Array(0), notBeforeUs: now - 60e6, notAfterUs: now + 7200e6 }, domain)))
    utimesSync(membership, sameMtimeS, sameMtimeS)
    await waitFor(() => child.membership!.membership.notAfterUs === now + 7200e6 || undefined, { timeoutMs: 5000, intervalMs: 50, what: 'the renewal taken' })
  }, 30_000)

  // Found by an adversarial review: a renewal that begins later was taken only at the next update a server sent, and
  // only that server's set went under it; the parent ends what was relayed under the old one with it (and the skew).
  // A server that updates less often than that (advertise_interval over a minute) had its routes lapse there.
  it('relays its servers\' sets under a renewal as it begins, not at their next update: none lapses at the parent', async () => {
    const now = Date.now() * 1000
    const renewalStart = now + 2e6
    const { domain, key, membership } = admittedRouter(undefined, renewalStart)
    const { parent, child } = await parentAndChild({ domain, key, membership })
    writeFileSync(membership, encodeSignedDomainMembership(signDomainMembership({ router: nodeName(key.publicKey), parent: new Uint8Array(0), notBeforeUs: renewalStart, notAfterUs: now + 7200e6 }, domain)))
    // Its one update in the test, its snapshot: the child reads the renewal there, and waits for it to begin.
    const server = await start('server', child, { advertiseIntervalMs: 3_600_000, advertiseLifetimeMs: 7_200_000 })
    await waitFor(() => parent.table.lookup(server.name, Date.now() * 1000), { timeoutMs: 5000, intervalMs: 50, what: 'the parent to route to the server through the child' })
    await waitFor(() => parent.table.lookup(server.name, renewalStart + SKEW_US + 1), { timeoutMs: 8000, intervalMs: 50, what: 'the server\'s route at the parent to outlast the old membership' })
    expect(child.membership!.membership.notBeforeUs).toBe(renewalStart)
  }, 30_000)

  it('takes a renewal that begins later only once it begins: until then, it relays under the membership that holds', async () => {
    const { now, domain, key, membership, child, announcedSince } = await relayingChild()
    const held = child.membership!.membership.notAfterUs
    writeFileSync(membership, encodeSignedDomainMembership(signDomainMembership({ router: nodeName(key.publicKey), parent: new Uint8Array(0), notBeforeUs: now + 1800e6, notAfterUs: now + 7200e6 }, domain)))
    // An announcement made after the file was written (its sequence is its clock; the server refreshes every 200 ms) was taken.
    const written = Date.now() * 1000
    await waitFor(() => announcedSince(written) || undefined, { timeoutMs: 5000, intervalMs: 50, what: 'an announcement made after the file was written' })
    expect(child.stats().parentRefusal).toBeUndefined()
    expect(child.membership!.membership.notAfterUs).toBe(held)
  }, 30_000)
})

/**
 * A child router admitted for an hour, under a parent that routes to its server
 * through it; `announcedSince(us)`: whether the parent took an announcement
 * the child made after that time (its sequence is its clock).
 */
async function relayingChild (): Promise<{ now: number, domain: ReturnType<typeof admittedRouter>['domain'], key: ReturnType<typeof admittedRouter>['key'], membership: string, child: Awaited<ReturnType<typeof start>>, announcedSince: (us: number) => boolean }> {
  const now = Date.now() * 1000
  const { domain, key, membership } = admittedRouter()
  const { parent, child } = await parentAndChild({ domain, key, membership })
  const server = await start('server', child)
  await waitFor(() => parent.table.lookup(server.name, Date.now() * 1000), { timeoutMs: 5000, intervalMs: 50, what: 'the parent to route to the server through the child' })
  const announcedSince = (us: number): boolean => Number(parent.processor.exportSequences(Date.now() * 1000).find((s) => formatName(s.name!) === formatName(child.name))?.sequence ?? 0) > us
  return { now, domain, key, membership, child, announcedSince }
}

/** A parent router that trusts the domain that admitted a child router, and that child under it. */
async function parentAndChild ({ domain, key, membership }: Pick<ReturnType<typeof admittedRouter>, 'domain' | 'key' | 'membership'>): Promise<{ parent: Awaited<ReturnType<typeof start>>, child: Awaited<ReturnType<typeof start>> }> {
  const parent = await start('router', undefined, { trustedDomains: [formatName(nodeName(domain.publicKey))] })
  const child = await start('router', parent, { membership }, key)
  return { parent, child }
}

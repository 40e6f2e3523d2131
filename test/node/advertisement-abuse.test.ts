// A peer whose own key makes it a "server" over its own link, sending a
// router advertisement updates full of AdCerts it forged: each costs the
// router a signature check, so the peer is cut off and refused for peer_ban,
// as a neighbour over its frame rate is; what it listed is not counted as
// routes in status. Peers linked under several keys, each a "server" of
// its own, share one budget of AdCert checks.
import { describe, expect, it, vi } from 'vitest'
import '../../src/node/polyfill.js'
import { PDU_VERSION } from '../../src/routing/forwarder.js'
import { pb } from '../../src/wire/index.js'
import { EMPTY_SET_DIGEST, signAdCert, signAdvertisement, signedAdvertisementToPb, type AdvertisedCapsule } from '../../src/routing/certificates.js'
import { MAX_BAD_ADCERT_SIGNATURES } from '../../src/routing/route-table.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { testCapsule, waitFor } from '../helpers.js'
import { formatName } from '../../src/capsule/name.js'
import { configureLogs } from '../../src/node/log-output.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

describe('advertisements from a self-made server', () => {
  it('an update with more than MAX_BAD_ADCERT_SIGNATURES forged AdCerts cuts the sender off and bans its peer id; none of it counts as routes, and the refusals are logged once', async () => {
    const lines: string[] = []
    configureLogs({ format: 'json', level: 'info' }, (line) => { lines.push(line) })
    const router = await start('router')
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const attacker = await start('client', router, {}, key)
    const nowUs = Date.now() * 1000
    // One capsule each (one listed twice makes the update malformed before any AdCert is checked).
    const added: AdvertisedCapsule[] = Array.from({ length: MAX_BAD_ADCERT_SIGNATURES + 1 }, () => {
      const t = testCapsule(nowUs)
      const real = signAdCert({ capsule: t.name, server: attacker.name, notBeforeUs: nowUs - 60e6, notAfterUs: nowUs + 3600e6 }, t.owner)
      return { metadata: t.signed, adCert: { ...real, ownerSignature: crypto.getRandomValues(new Uint8Array(64)) } }
    })
    const update = signAdvertisement({ serverKey: key.publicKey, router: router.name, sequence: 1, issuedAtUs: nowUs, expiresAtUs: nowUs + 3600e6, cost: 1, added, withdrawn: [], set: { count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST) } }, key)
    const routesBefore = router.stats().routes as number
    attacker.forwarder.link(router.name)!.send({ version: PDU_VERSION, destination: router.name, source: attacker.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), advertisement: signedAdvertisementToPb(update) })
    await waitFor(() => router.gater.counters.bans === 1, { timeoutMs: 5000, what: 'the router to ban the forger' })
    await waitFor(() => router.forwarder.link(attacker.name) === undefined, { timeoutMs: 5000, what: 'the forger\'s link to close' })
    expect((router.stats().rejectedAdvertisements as Record<string, number>)['bad-signature']).toBe(MAX_BAD_ADCERT_SIGNATURES + 1)
    // The set went with the link; the refused names were never routes.
    expect(router.stats().routes).toBe(routesBefore)
    expect(router.gater.banned(attacker.libp2p.peerId)).toBe(true)
    // Which server, from which peer, and why: once for all of them (they were counted above).
    configureLogs({ format: 'json', level: 'none' }, () => {})
    const refusals = lines.map((l) => JSON.parse(l) as { message: string }).filter((l) => l.message.startsWith('refused an entry'))
    expect(refusals).toHaveLength(1)
    expect(refusals[0]!.message).toContain(`refused an entry of server ${formatName(attacker.name)}'s advertisement from ${formatName(attacker.name)}: `)
  })

  it('three peers, each a self-made server over its own link, sending genuine AdCerts as fast as they like share one check budget: each gets its share, all together no more than the budget', async () => {
    // 2 x advertise_snapshot_rate checks a second for all links together, 2 s of it at once (route-table.ts).
    const router = await start('router', undefined, { advertiseSnapshotRate: 50 })
    const budget = { perSecond: 100, burst: 200 }
    const peers = await Promise.all([0, 1, 2].map(async () => {
      const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
      return { key, node: await start('client', router, {}, key) }
    }))
    const perUpdate = 60
    const started = performance.now()
    for (let sequence = 1; sequence <= 3; sequence++) {
      for (const { key, node } of peers) {
        const nowUs = Date.now() * 1000
        const added: AdvertisedCapsule[] = Array.from({ length: perUpdate }, () => {
          const t = testCapsule(nowUs)
          return { metadata: t.signed, adCert: signAdCert({ capsule: t.name, server: node.name, notBeforeUs: nowUs - 60e6, notAfterUs: nowUs + 3600e6 }, t.owner) }
        })
        const update = signAdvertisement({ serverKey: key.publicKey, router: router.name, sequence, issuedAtUs: nowUs, expiresAtUs: nowUs + 3600e6, cost: 1, added, withdrawn: [], set: { count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST) } }, key)
        node.forwarder.link(router.name)!.send({ version: PDU_VERSION, destination: router.name, source: node.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), advertisement: signedAdvertisementToPb(update) })
      }
    }
    const refused = (): number => (router.stats().rejectedAdvertisements as Record<string, number>)['over-budget'] ?? 0
    const routes = (): number => router.table.summaries().reduce((n, s) => n + s.members, 0)
    await waitFor(() => refused() + routes() / perUpdate === 9, { timeoutMs: 10_000, what: 'the router to take or refuse all nine updates' })
    const seconds = (performance.now() - started) / 1000
    // A budget per link took all 540 (each link's 2 s of 100 a second).
    expect(refused()).toBeGreaterThan(0)
    expect(routes()).toBeLessThanOrEqual(budget.burst + budget.perSecond * seconds)
    for (const { node } of peers) expect(router.table.summaries().find((s) => s.server.every((b, i) => b === node.name[i]))?.members ?? 0).toBeGreaterThanOrEqual(perUpdate)
    // Refused for the budget, not for a fault: nobody is cut off.
    expect(router.gater.counters.bans).toBe(0)
  })
})

describe('routing messages from any peer', () => {
  it('cost a root router no pass over the requests waiting for routes: only those for the names an update routes try again', async () => {
    const router = await start('router')
    const waiter = await start('client', router)
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const attacker = await start('client', router, {}, key)
    // Requests for names nobody serves wait at the root for an advertisement to route them (RESOLVE_TIMEOUT_MS).
    const waiting = 100
    const answers: Array<number | null | undefined> = []
    const queuedBefore = router.forwarder.counters.queued
    for (let i = 0; i < waiting; i++) waiter.forwarder.request(crypto.getRandomValues(new Uint8Array(32)), { info: {} }, (pdu) => { answers.push(pdu.nack?.reason) })
    await waitFor(() => router.forwarder.counters.queued - queuedBefore === waiting, { timeoutMs: 5000, what: 'the requests to wait at the router' })
    // The attacker's own key makes it a server: empty updates (one signature check each) and graft notices.
    const lookups = vi.spyOn(router.table, 'lookup')
    const receivedBefore = router.forwarder.counters.received
    const messages = 300
    const nowUs = Date.now() * 1000
    const link = attacker.forwarder.link(router.name)!
    for (let sequence = 1; sequence <= messages; sequence++) {
      const update = signAdvertisement({ serverKey: key.publicKey, router: router.name, sequence, issuedAtUs: nowUs, expiresAtUs: nowUs + 3600e6, cost: 1, added: [], withdrawn: [], set: { count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST) } }, key)
      link.send({ version: PDU_VERSION, destination: router.name, source: attacker.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), advertisement: signedAdvertisementToPb(update) })
      link.send({ version: PDU_VERSION, destination: router.name, source: attacker.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), graft: { done: true } })
    }
    await waitFor(() => router.forwarder.counters.received - receivedBefore >= 2 * messages, { timeoutMs: 10_000, what: 'the router to take every routing message' })
    // Each looked up every name waiting: 60,000 lookups here, and a peer sending at its frame rate held the router.
    expect(lookups.mock.calls.length).toBeLessThan(messages)
    lookups.mockRestore()
    expect(router.table.lookup(attacker.name, Date.now() * 1000)?.server).toEqual(attacker.name)
    // The requests waiting end as they would have: no route came for their names.
    await waitFor(() => answers.length === waiting, { timeoutMs: 10_000, what: 'the waiting requests to be answered' })
    expect(new Set(answers)).toEqual(new Set([pb.NackReason.NO_ROUTE]))
  })
})

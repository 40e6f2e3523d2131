// A server's Advertiser (real store and capsule service) feeding a router's
// AdvertisementProcessor through encoded updates, with a link that can lose
// them: the router's copy of the set converges by updates and snapshots.
import { MAX_PEER_TEXT, peerText } from '../../src/peer-text.js'
import { afterEach, describe, expect, it } from 'vitest'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { Advertiser, type AdvertiserInit } from '../../src/routing/advertiser.js'
import { decodeSignedAdvertisement, encodeSignedAdCert, encodeSignedAdvertisement, signAdCert, type SignedAdvertisement } from '../../src/routing/certificates.js'
import { AdvertisementProcessor, RouteTable } from '../../src/routing/route-table.js'
import { nodeName } from '../../src/routing/signing.js'
import { formatName } from '../../src/capsule/name.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir, testCapsule, waitFor, type TestCapsule } from '../helpers.js'
import { CertificateError, InvalidArgumentError } from '../../src/errors.js'

const clock = (): number => Date.now() * 1000
const HOUR = 3_600_000_000
const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

interface Rig {
  store: CapsuleStore
  service: CapsuleService
  advertiser: Advertiser
  table: RouteTable
  processor: AdvertisementProcessor
  serverName: Uint8Array
  routerName: Uint8Array
  /** Updates the link delivered, and a switch that drops them instead. */
  delivered: SignedAdvertisement[]
  /** With drop, updates are lost on the way (kept in `lost` for the test to see). */
  link: { drop: boolean, lost: SignedAdvertisement[] }
  /** Stores a capsule delegated to the server from `notBeforeUs` until `notAfterUs`. */
  host: (notAfterUs?: number, notBeforeUs?: number) => Promise<TestCapsule>
  /** Starts the advertiser, attached to the router, and waits until what it sends first is sent. */
  attach: () => Promise<void>
}

/**
 * After a graft the new router did not take: with the link back, a new
 * delegation goes to the old router, which still holds the set.
 */
async function expectStillAdvertisesToOldRouter (r: Rig): Promise<void> {
  r.link.drop = false
  const before = r.delivered.length
  r.advertiser.delegated((await r.host()).name)
  await r.advertiser.settled()
  expect(r.delivered.slice(before).map((u) => formatName(u.advertisement.router))).toEqual([formatName(r.routerName)])
}

/** `serverClock`: the server's own clock (the router's is `clock`). */
async function rig (init: AdvertiserInit = {}, serverClock = clock): Promise<Rig> {
  const dir = tempDir()
  const store = await CapsuleStore.open({ path: dir.path })
  cleanups.push(async () => { await store.close(); dir.cleanup() })
  const serverKey = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const serverName = nodeName(serverKey.publicKey)
  const routerName = nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey)
  const service = new CapsuleService({}, { store, signer: serverKey, clock: serverClock })
  await service.start()
  const table = new RouteTable()
  const processor = new AdvertisementProcessor(routerName, table)
  const delivered: SignedAdvertisement[] = []
  const link = { drop: false, lost: [] as SignedAdvertisement[] }
  const advertiser: Advertiser = new Advertiser({ snapshotRate: 10_000_000, ...init }, {
    signer: serverKey,
    clock: serverClock,
    capsules: service,
    send: (update) => {
      if (link.drop) { link.lost.push(update); return true } // lost on the way: the server cannot tell
      const received = decodeSignedAdvertisement(encodeSignedAdvertisement(update))
      delivered.push(received)
      let outcome: ReturnType<AdvertisementProcessor['apply']>
      try {
        outcome = processor.apply(received, { neighbour: serverName, linkCost: 1 }, clock())
      } catch (err) {
        // What the node does with an update it refuses: a last snapshot page is acknowledged with the reason.
        if (err instanceof CertificateError && received.advertisement.snapshot?.last === true) queueMicrotask(() => { advertiser.acknowledged(received.advertisement.sequence, err.message) })
        return true
      }
      // What the node does: a router whose copy is stale asks for a snapshot.
      if (outcome.resync) queueMicrotask(() => { advertiser.requestSnapshot() })
      return true
    }
  })
  cleanups.push(async () => { await advertiser.stop() })
  const host = async (notAfterUs = clock() + HOUR, notBeforeUs = clock() - 1e6): Promise<TestCapsule> => {
    const t = testCapsule(clock())
    await store.create(t.signed)
    await store.putDelegation(t.name, encodeSignedAdCert(signAdCert({ capsule: t.name, server: serverName, notBeforeUs, notAfterUs }, t.owner)))
    return t
  }
  const attach = async (): Promise<void> => {
    await advertiser.start()
    advertiser.attach(routerName)
    await advertiser.settled()
  }
  return { store, service, advertiser, table, processor, serverName, routerName, delivered, link, host, attach }
}

const routable = (r: Rig, ts: TestCapsule[]): boolean => ts.every((t) => r.table.lookup(t.name, clock()) !== undefined)

describe('Advertiser', () => {
  it('sends the whole set as a snapshot when it attaches, in pages of at most snapshotPageSize', async () => {
    const r = await rig({ snapshotPageSize: 4 })
    const hosted = []
    for (let i = 0; i < 10; i++) hosted.push(await r.host())
    await r.attach()
    expect(r.delivered.map((u) => u.advertisement.added.length)).toEqual([4, 4, 2])
    expect(r.delivered.map((u) => u.advertisement.snapshot?.last)).toEqual([false, false, true])
    expect(routable(r, hosted)).toBe(true)
    expect(r.table.size).toBe(11) // ten capsules and the server's own name
    expect(r.advertiser.counters).toMatchObject({ advertised: 10, snapshots: 1, snapshotPages: 3 })
  })

  it('a graft: the new router gets a snapshot, then the old one updates withdrawing everything, the last one leaving; the old router drops the set and the server\'s own route', async () => {
    const r = await rig({ maxPerUpdate: 4 })
    const hosted = []
    for (let i = 0; i < 10; i++) hosted.push(await r.host())
    await r.attach()
    expect(r.table.size).toBe(11)
    const newRouter = nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey)
    // The advertiser's own link goes to the new router from now on (its snapshot is not checked here).
    r.link.drop = true
    const leaving: SignedAdvertisement[] = []
    const grafted = r.advertiser.graft(newRouter, (update) => {
      const received = decodeSignedAdvertisement(encodeSignedAdvertisement(update))
      leaving.push(received)
      r.processor.apply(received, { neighbour: r.serverName, linkCost: 1 }, clock())
      return true
    })
    // Nothing leaves the old router until the new one says the snapshot is in place.
    const last = await waitFor(() => r.link.lost.find((u) => u.advertisement.snapshot?.last === true), { timeoutMs: 5000, what: 'the last snapshot page' })
    expect(formatName(last.advertisement.router)).toBe(formatName(newRouter))
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(leaving).toEqual([])
    r.advertiser.acknowledged(last.advertisement.sequence + 1, '') // another page's: not this one
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(leaving).toEqual([])
    r.advertiser.acknowledged(last.advertisement.sequence, '')
    expect(await grafted).toBe(true)
    expect(leaving.map((u) => [u.advertisement.withdrawn.length, u.advertisement.set.count, u.advertisement.leaving === true])).toEqual([[4, 6, false], [4, 2, false], [2, 0, true]])
    expect(r.table.size).toBe(0) // the set went, the server's own name with it
    expect(leaving.every((u) => formatName(u.advertisement.router) === formatName(r.routerName))).toBe(true)
  })

  it('a snapshot its router refuses (this server\'s clock 5 minutes ahead) is counted and kept with the reason for the status, not dropped in silence', async () => {
    // The router acknowledged the last page with its refusal; outside a graft nobody waited for it, so the server
    // showed its capsules as advertised while its router routed none of them.
    const r = await rig({}, () => clock() + 5 * 60e6)
    await r.host()
    await r.attach()
    await waitFor(() => r.advertiser.counters.refused > 0, { timeoutMs: 2000, what: 'the refusal to be counted' })
    expect(r.table.size).toBe(0)
    expect(r.advertiser.lastRefusal).toMatchObject({ error: expect.stringMatching(/is not valid before 20\d\d-/) })
    expect(r.advertiser.lastRefusal!.sequence).toBe(r.delivered.at(-1)!.advertisement.sequence)
  })

  it('a refusal and a warning from the router are kept to MAX_PEER_TEXT characters on one line, controls escaped: a router chooses them, up to a whole frame', async () => {
    // They are written to the status file every second and logged: a megabyte of them, or a line that forges another, was kept as sent.
    const r = await rig()
    const sent = `two nodes\nforged log line \x1b[31m${'x'.repeat(2 * MAX_PEER_TEXT)}`
    r.advertiser.acknowledged(7, sent)
    r.advertiser.warned(sent)
    for (const text of [r.advertiser.lastRefusal!.error, r.advertiser.lastWarning!.warning]) {
      expect(text).toBe(peerText(sent))
      expect(text.length).toBeLessThan(MAX_PEER_TEXT + 100)
      expect(text).not.toMatch(/[\n\x1b]/)
    }
  })

  it('a graft the new router refuses: nothing leaves the old router, which stays the router the server advertises to', async () => {
    const r = await rig()
    await r.host()
    await r.attach()
    const newRouter = nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey)
    r.link.drop = true
    const leaving: SignedAdvertisement[] = []
    const grafted = r.advertiser.graft(newRouter, (update) => { leaving.push(update); return true })
    const last = await waitFor(() => r.link.lost.find((u) => u.advertisement.snapshot?.last === true), { timeoutMs: 5000, what: 'the last snapshot page' })
    r.advertiser.acknowledged(last.advertisement.sequence, 'the parent router refused it: untrusted domain')
    await expect(grafted).rejects.toThrow(new InvalidArgumentError('the new router did not take the set: the parent router refused it: untrusted domain'))
    expect(leaving).toEqual([])
    await expectStillAdvertisesToOldRouter(r)
    expect(r.table.size).toBe(3)
  })

  it('a graft whose new router never acknowledges leaves the old router after the timeout, as before acknowledgements', async () => {
    const r = await rig({ maxPerUpdate: 4 })
    await r.host()
    await r.attach()
    r.link.drop = true
    const leaving: SignedAdvertisement[] = []
    const started = performance.now()
    expect(await r.advertiser.graft(nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey), (update) => { leaving.push(update); return true }, 200)).toBe(true)
    expect(performance.now() - started).toBeGreaterThanOrEqual(190)
    expect(leaving.map((u) => u.advertisement.leaving)).toEqual([true])
  })

  it('a graft whose new router went away before acknowledging is refused after the timeout: the old router keeps the set (a new router killed mid-graft left the capsules unreachable; drain attack F1)', async () => {
    const r = await rig({ maxPerUpdate: 4 })
    await r.host()
    await r.attach()
    r.link.drop = true
    const leaving: SignedAdvertisement[] = []
    const grafted = r.advertiser.graft(nodeName(new Ed25519Signer(generateEd25519KeyPair().secretKey).publicKey), (update) => { leaving.push(update); return true }, 200, () => false)
    await expect(grafted).rejects.toThrow(new InvalidArgumentError('the new router did not take the set: the link to it went down before it acknowledged the set'))
    expect(leaving).toEqual([])
    await expectStillAdvertisesToOldRouter(r)
  })

  it('gathers delegations that arrive together into one update; the router checks each one once', async () => {
    const r = await rig({ batchMs: 20 })
    await r.attach()
    const before = r.delivered.length
    const created = []
    for (let i = 0; i < 50; i++) created.push(await r.host())
    for (const t of created) r.advertiser.delegated(t.name)
    await r.advertiser.settled()
    expect(r.delivered.length - before).toBe(1)
    expect(r.delivered.slice(before).reduce((n, u) => n + u.advertisement.added.length, 0)).toBe(50)
    expect(routable(r, created)).toBe(true)
  })

  it('a router that lost updates asks for a snapshot and ends with the server\'s set', async () => {
    const r = await rig({ batchMs: 1 })
    await r.attach()
    const first = await r.host()
    r.advertiser.delegated(first.name)
    await r.advertiser.settled()
    r.link.drop = true
    const lost = await r.host()
    r.advertiser.delegated(lost.name)
    await r.advertiser.settled()
    expect(r.table.lookup(lost.name, clock())).toBeUndefined()
    r.link.drop = false
    const next = await r.host()
    r.advertiser.delegated(next.name)
    await r.advertiser.settled()
    // The update for `next` stated a set of 3 where the router held 2: it asked, and the snapshot followed.
    await waitFor(() => r.advertiser.counters.snapshots === 2, { timeoutMs: 5000, what: 'the snapshot the router asked for to start' })
    await r.advertiser.settled()
    expect(r.advertiser.counters.snapshots).toBe(2)
    expect(routable(r, [first, lost, next])).toBe(true)
  })

  it('withdraws a capsule whose AdCert ended at the next refresh; the router drops it', async () => {
    const r = await rig({ intervalMs: 50 })
    const lasting = await r.host()
    // Routes keep whole seconds of an AdCert's end, rounded down: this one is routable for at least 1 s.
    const ending = await r.host(clock() + 2_000_000)
    await r.attach()
    expect(routable(r, [lasting, ending])).toBe(true)
    await waitFor(() => r.delivered.some((u) => u.advertisement.withdrawn.length > 0), { timeoutMs: 5000, what: 'a refresh withdrawing the capsule whose AdCert ended' })
    await r.advertiser.settled()
    expect(r.table.routes(ending.name)).toEqual([])
    expect(routable(r, [lasting])).toBe(true)
    expect(r.delivered.at(-1)!.advertisement.set.count).toBe(1)
  })

  it('a capsule whose delegation is not valid yet by the server\'s clock is offered at the first refresh after it is: a server started with its clock behind, set right later', async () => {
    let behindUs = 5 * 60_000_000
    const r = await rig({ intervalMs: 50 }, () => clock() - behindUs)
    const valid = await r.host()
    // Starts in 30 s by the owner's clock: within the skew every clock allows, once the server's is right.
    const starting = await r.host(clock() + HOUR, clock() + 30_000_000)
    await r.attach()
    expect(r.table.lookup(valid.name, clock())).toBeUndefined()
    expect(r.delivered.at(-1)!.advertisement.set.count).toBe(0)
    behindUs = 0
    await waitFor(() => routable(r, [valid, starting]), { timeoutMs: 5000, what: 'the capsules offered once the server\'s clock was set right' })
    await r.advertiser.settled()
    expect(r.delivered.at(-1)!.advertisement.set.count).toBe(2)
  })

  // Found by stepping a running server's clock 400 days ahead for a few seconds and back: every capsule was withdrawn as
  // ended and stayed withdrawn (its capsules unreachable through the router) until a create or a restart; one started on
  // a clock ten years ahead, set right by NTP later, advertised nothing until restarted.
  it('capsules withdrawn while the server\'s clock ran ahead (their AdCerts looked ended) are offered again once it steps back', async () => {
    let aheadUs = 0
    const r = await rig({ intervalMs: 50 }, () => clock() + aheadUs)
    const t = await r.host()
    await r.attach()
    expect(routable(r, [t])).toBe(true)
    aheadUs = 400 * 86_400e6
    await waitFor(() => r.advertiser.counters.advertised === 0, { timeoutMs: 5000, what: 'the capsule withdrawn as ended by the clock ahead' })
    aheadUs = 0
    await waitFor(() => r.advertiser.counters.advertised === 1 && routable(r, [t]), { timeoutMs: 5000, what: 'the capsule offered again once the clock stepped back' })
  })

  it('a server started on a clock years ahead offers its capsules once the clock is set right', async () => {
    let aheadUs = 10 * 365 * 86_400e6
    const r = await rig({ intervalMs: 50 }, () => clock() + aheadUs)
    const t = await r.host()
    await r.attach()
    expect(r.advertiser.counters.advertised).toBe(0)
    aheadUs = 0
    await waitFor(() => r.advertiser.counters.advertised === 1 && routable(r, [t]), { timeoutMs: 5000, what: 'the capsule offered once the clock was set right' })
  })

  it('a step back within the 60 s of skew leaves the set as it is (no read of every delegation); past them, capsules valid again are offered', async () => {
    let aheadUs = 0
    const r = await rig({ intervalMs: 50 }, () => clock() + aheadUs)
    const t = await r.host(clock() + 30_000_000)
    await r.attach()
    // Two refreshes on the clock ahead, each sending an update.
    const withdrawnAhead = async (us: number): Promise<void> => {
      aheadUs = us
      const sent = r.delivered.length
      await waitFor(() => r.advertiser.counters.advertised === 0 && r.delivered.length >= sent + 2, { timeoutMs: 5000, what: 'the capsule withdrawn as ended' })
    }
    // At the limit: back 59 s, the capsule whose AdCert looked ended stays out over several refreshes.
    await withdrawnAhead(59_000_000)
    aheadUs = 0
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(r.advertiser.counters.advertised).toBe(0)
    // Past it: back 61 s, it is offered again.
    await withdrawnAhead(61_000_000)
    aheadUs = 0
    await waitFor(() => r.advertiser.counters.advertised === 1 && routable(r, [t]), { timeoutMs: 5000, what: 'the capsule offered again after a step back of 61 s' })
  })
})

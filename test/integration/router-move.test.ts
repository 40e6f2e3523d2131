// A router moves to another machine while in use (docs/moving.md section 3):
// a client appending and subscribing through it and a server behind it, all
// over loopback in this process; the router's state goes to a standby node
// as a migration, the standby becomes the router, its neighbours relink at
// its new address and the old instance stops. Nothing acknowledged is lost,
// no append fails, the subscriber sees every record once, and the routes
// arrive with the router, none announced again.
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { formatName } from '../../src/capsule/name.js'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { Appender } from '../../src/client/client.js'
import type { CapsuleWriter } from '../../src/capsule/writer.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { adoptRouter, NodeStandby } from '../../src/node/standby.js'
import { MOVE_TOKEN_IMAGE } from '../../src/node/router-images.js'
import { acceptCommit, callOff, newMoveToken, ROUTER_COMMIT_PROTOCOL, sendCommit } from '../../src/node/router-commit.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { payload, tempDir, waitFor } from '../helpers.js'
import { GDP_MAIN, gdpAsync } from '../cli/run-gdp.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { recordMovedAway } from '../../src/node/moved-away.js'
import { nodeName } from '../../src/routing/signing.js'

const dir = tempDir('gdp-router-move-')
const nodes: Array<{ stop: () => Promise<void> }> = []
afterAll(async () => {
  for (const n of nodes.reverse()) await n.stop().catch(() => {})
  dir.cleanup()
})

const clock = (): number => Date.now() * 1000
const config = (name: string, extra: Partial<NodeConfig>): NodeConfig => ({ ...DEFAULT_CONFIG, data: join(dir.path, name), listen: ['/ip4/127.0.0.1/tcp/0'], ...extra })

async function started (c: NodeConfig): Promise<GdpNode> {
  const node = await GdpNode.create(c)
  await node.start()
  nodes.push(node)
  return node
}

/** A router with a server and a client behind it, and a capsule on the server, routed: folders named from `prefix`. */
async function routedCapsule (prefix: string): Promise<{ router: GdpNode, server: GdpNode, serverConfig: NodeConfig, client: GdpNode, name: Uint8Array, writer: CapsuleWriter }> {
  const router = await started(config(`${prefix}-router`, { role: 'router' }))
  const at = router.multiaddrs()[0]!
  const serverConfig = config(`${prefix}-server`, { role: 'server', upstream: at })
  const server = await started(serverConfig)
  const client = await started(config(`${prefix}-client`, { role: 'client', upstream: at }))
  await Promise.all([server.upstreamReady(10_000), client.upstreamReady(10_000)])
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: clock(), nonce: crypto.getRandomValues(new Uint8Array(16)) })
  const name = capsuleName(metadata)
  await client.client.create(signMetadata(metadata, owner), server.name, signAdCert({ capsule: name, server: server.name, notBeforeUs: clock() - 1e6, notAfterUs: clock() + 3600e6 }, owner))
  const writer = await waitFor(async () => await client.client.writer(name, owner), { timeoutMs: 10_000, what: 'the capsule to be routed' })
  return { router, server, serverConfig, client, name, writer }
}

describe('moving a router to another machine', () => {
  it('moves a router with 20,000 routes under a steady append stream: no append fails, nothing is lost, neighbours relink, no route is announced again', async () => {
    const router = await started(config('router', { role: 'router' }))
    const at = router.multiaddrs()[0]!
    const server = await started(config('server', { role: 'server', upstream: at }))
    const client = await started(config('client', { role: 'client', upstream: at }))
    await server.upstreamReady(10_000)
    await client.upstreamReady(10_000)
    // Routes of other servers, as if announced by 20 children: they move with the router.
    const now = clock()
    for (let s = 0; s < 20; s++) {
      const set = router.table.serverSet(new Uint8Array(32).fill(100 + s), server.name, 5, now + 3_600_000_000, 'announced')
      for (let i = 0; i < 1000; i++) {
        const capsule = new Uint8Array(32)
        new DataView(capsule.buffer).setUint32(0, s * 1000 + i)
        router.table.addMember(set, capsule, now + 3_600_000_000)
      }
    }

    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: clock(), nonce: crypto.getRandomValues(new Uint8Array(16)) })
    const name = capsuleName(metadata)
    await client.client.create(signMetadata(metadata, owner), server.name, signAdCert({ capsule: name, server: server.name, notBeforeUs: clock() - 1e6, notAfterUs: clock() + 3600e6 }, owner))
    await waitFor(() => router.table.lookup(name, clock()), { timeoutMs: 10_000, what: 'the capsule to be routed' })
    const routesBefore = router.table.size

    const standby = await NodeStandby.create(config('standby', { role: 'router' }), formatName(router.name))
    await standby.start()
    nodes.push(standby)
    const to = standby.multiaddrs()[0]!

    const appender = new Appender(client.client, await client.client.writer(name, owner))
    const acked: number[] = []
    let longestGapMs = 0
    let last = performance.now()
    let writing = true
    const failures: Error[] = []
    const writer = (async () => {
      let i = 0
      while (writing) {
        try {
          const receipt = await appender.append([payload(`r${i++}`)])
          acked.push(receipt.heartbeat.heartbeat.size)
          const t = performance.now()
          longestGapMs = Math.max(longestGapMs, t - last)
          last = t
        } catch (err) {
          failures.push(err as Error)
          break
        }
      }
    })()
    const received: CapsuleRecord[] = []
    const subscription = new AbortController()
    const subscriber = (async () => { for await (const r of client.client.subscribe(name, 0, subscription.signal)) received.push(r) })().catch((err: Error) => err)
    await waitFor(() => acked.length >= 50, { timeoutMs: 10_000, what: '50 appends before the move' })

    const adopting = standby.arrival().then(async (arrived) => await adoptRouter(standby, arrived, async (c) => await GdpNode.create(c)))
    const summary = await router.migrateTo(to)
    const { node: moved, routes, committed } = await adopting
    nodes.push(moved)
    expect(await committed).toBe(true)
    await router.retireAfterMove()
    expect(routes).toBe(routesBefore)
    expect(summary).toMatchObject({ routes: routesBefore, neighbours: 2, linksLeft: 0 })
    // The same router (name and key), now on the standby's port.
    expect(formatName(moved.name)).toBe(formatName(router.name))
    expect(moved.table.size).toBe(routesBefore)
    await waitFor(() => acked.length >= 50 + 200, { timeoutMs: 15_000, what: '200 more appends after the move' })
    writing = false
    await writer
    expect(failures).toEqual([])
    // None was refused on the way (a neighbour closing its old link while the old instance still forwarded over it
    // lost the next request, answered NO_ROUTE): nothing had to be sent again.
    expect(appender.counters).toEqual({ recoveries: 0, resent: 0 })
    await waitFor(() => received.length >= acked.at(-1)!, { timeoutMs: 10_000, what: 'the subscriber to get every record' })
    subscription.abort()
    await subscriber
    expect(received.map((r) => r.header.seqno)).toEqual([...Array(received.length).keys()])
    expect(client.client.counters.subscriptionsMoved).toBeGreaterThanOrEqual(1)
    // Every acknowledged record is on the server, read back through the moved router.
    const all = await client.client.read(name, { range: { from: 0, to: acked.at(-1)! } })
    expect(all).toHaveLength(acked.at(-1)!)
    // The neighbours relinked (and remember where the router is); the server needed no snapshot.
    expect(client.moves.relinked).toBe(1)
    expect(server.moves.relinked).toBe(1)
    expect(moved.stats().rejectedAdvertisements).toEqual({})
    expect(server.advertiser!.counters.snapshots).toBe(1) // the first link's only
    console.log(`router move: ${routesBefore} routes, ${summary.stateBytes} bytes; export ${summary.exportMs.toFixed(0)} ms, ship ${summary.shipMs.toFixed(0)} ms, drain ${summary.drainMs.toFixed(0)} ms; longest gap between acknowledged appends ${longestGapMs.toFixed(0)} ms`)
  }, 90_000)

  it('a router with no neighbours moves: its commit waits for the new instance, not yet listening where the standby was when nobody has to follow', async () => {
    const router = await started(config('lone-router', { role: 'router' }))
    const standby = await NodeStandby.create(config('lone-standby', { role: 'router' }), formatName(router.name))
    await standby.start()
    let token = new Uint8Array(0)
    const adopting = standby.arrival().then(async (arrived) => {
      token = readFileSync(join(arrived.folder, MOVE_TOKEN_IMAGE))
      const adopted = await adoptRouter(standby, arrived, async (c) => await GdpNode.create(c))
      nodes.push(adopted.node)
      return adopted
    })
    const summary = await router.migrateTo(standby.multiaddrs()[0]!)
    expect(summary.neighbours).toBe(0)
    const adopted = await adopting
    expect(await adopted.committed).toBe(true)
    expect(adopted.node.libp2p.peerId.equals(router.libp2p.peerId)).toBe(true)
    const folder = join(dir.path, 'lone-standby')
    expect(existsSync(join(folder, 'router.yaml'))).toBe(true)

    // Had the commit's answer been lost, the old instance would have gone on and called the move off: the new one
    // stands down even though it took the commit, and leaves a standby's folder (not the settings of a router whose
    // key is gone, which gdp node start would have run under a new key).
    await sendCommit(summary.to, token, 5000, true)
    expect(await adopted.stoodDown).toBe('the old instance called the move off')
    expect(existsSync(join(folder, 'node.key'))).toBe(false)
    expect(existsSync(join(folder, 'router.yaml'))).toBe(false)
    const again = await NodeStandby.create(config('lone-standby', { role: 'router' }), formatName(router.name))
    await again.stop()

    // The old folder keeps the router's key (the way back if the new instance fails for good) and is marked: started
    // there while the new instance ran, it was a second instance of the router, and nothing said so.
    await router.stop()
    const old = join(dir.path, 'lone-router')
    const refused = await gdpAsync(['--data', old, 'node', 'start', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain(`the router in ${old} moved to ${summary.to} at `)
    expect(refused.err).toContain('start it with --moved-back')
    // The new instance stood down: the operator says so, and the router runs where it was again; the mark goes.
    const child = spawn(process.execPath, [GDP_MAIN, '--data', old, 'node', 'start', '--listen', '/ip4/127.0.0.1/tcp/0', '--moved-back'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
    const exited = new Promise<number | null>((resolve) => { child.on('exit', resolve) })
    try {
      await waitFor(() => out.includes(`peer ${router.libp2p.peerId.toString()}`), { timeoutMs: 20_000, intervalMs: 50, what: 'the router to start where it was' })
      expect(existsSync(join(old, 'moved-away.json'))).toBe(false)
    } finally {
      child.kill('SIGTERM')
      expect(await waitFor(exited, { timeoutMs: 20_000, what: 'the router to stop' })).toBe(0)
    }
  }, 60_000)

  it('the old folder is marked once the state reached the standby: a mark its disk refuses fails the move (the router had moved, its folder left to start a second instance), a move that fails takes it away, and a mark never confirmed refuses a start, saying the move may not be done', async () => {
    const router = await started(config('unmarked-router', { role: 'router' }))
    const standby = await NodeStandby.create(config('unmarked-standby', { role: 'router' }), formatName(router.name))
    await standby.start()
    const adopting = standby.arrival().then(async (arrived) => {
      const adopted = await adoptRouter(standby, arrived, async (c) => await GdpNode.create(c))
      nodes.push(adopted.node)
      return adopted
    })
    // Where the mark goes, a folder: writing it fails as a full or failing disk would.
    const old = join(dir.path, 'unmarked-router')
    mkdirSync(join(old, 'moved-away.json'))
    await expect(router.migrateTo(standby.multiaddrs()[0]!)).rejects.toThrow(`the router did not move: the mark that keeps ${old} from starting a second instance of the router could not be written: `)
    // The new instance never took over: called off, it stands down; the router goes on where it was.
    const adopted = await adopting
    expect(await adopted.committed).toBe(false)
    expect(await adopted.stoodDown).toBe('the old instance called the move off')
    expect(router.libp2p.status).toBe('started')

    // An old instance killed after its state reached the standby, before the new instance confirmed, leaves the mark
    // unconfirmed: a start there is refused, saying the router may run at the new address, and how to go on if not.
    const killed = join(dir.path, 'killed-mid-commit')
    recordMovedAway(killed, '/ip4/127.0.0.1/tcp/4040/p2p/12D3KooWexample', new Date('2026-12-07T08:00:00Z'), false)
    const refused = await gdpAsync(['--data', killed, 'node', 'start', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(refused.code).toBe(1)
    expect(refused.err).toContain(`the router in ${killed} was moving to /ip4/127.0.0.1/tcp/4040/p2p/12D3KooWexample (gdp node migrate) when this instance stopped, after its state reached the standby there at 2026-12-07T08:00:00.000Z and before the new instance confirmed taking over: it may run there`)
    expect(refused.err).toContain('start it with --moved-back')
  }, 60_000)

  it('--moved-back is refused where no router moved away, and beside --standby', async () => {
    const data = join(dir.path, 'never-moved')
    const unmarked = await gdpAsync(['--data', data, 'node', 'start', '--listen', '/ip4/127.0.0.1/tcp/0', '--moved-back'])
    expect(unmarked.code).toBe(2)
    expect(unmarked.err).toContain(`${data} has no such mark`)
    const standby = await gdpAsync(['--data', data, 'node', 'start', '--listen', '/ip4/127.0.0.1/tcp/0', '--moved-back', '--standby', '--accept', formatName(new Uint8Array(32))])
    expect(standby.code).toBe(2)
    expect(standby.err).toContain('--moved-back starts again a router that moved away from this folder')
  }, 30_000)

  it('a standby that stops once it holds the state: the move fails with the reason, and the router goes on where it was, its links kept', async () => {
    const { router, client, name, writer } = await routedCapsule('stay')

    const standby = await NodeStandby.create(config('stay-standby', { role: 'router' }), formatName(router.name))
    await standby.start()
    // Another router is refused there, told what a standby takes (not to add itself to a migration_allow it has not).
    const stranger = await started(config('stay-stranger', { role: 'router' }))
    await expect(stranger.migrateTo(standby.multiaddrs()[0]!)).rejects.toThrow(`this node does not accept migrations from node ${formatName(stranger.name)} (this is a standby for router ${formatName(router.name)} alone: start one for that node with --accept <its node name>)`)
    // It dies as the state arrives: nothing will listen at its address.
    void standby.arrival().then(async () => { await standby.stop() })
    // (Found as nothing listening there, or, had the neighbours been told before it was gone, as none getting across.)
    // Waits shorter than the defaults (15 s each) for either: nothing will listen there however long it waits.
    const moving = router.migrateTo(standby.multiaddrs()[0]!, undefined, { dialMs: 2000, drainMs: 3000 })
    // While a new instance may run (the state went), the folder is marked: an instance killed now left it unmarked.
    const mark = join(dir.path, 'stay-router', 'moved-away.json')
    await waitFor(() => existsSync(mark) || undefined, { timeoutMs: 10_000, intervalMs: 20, what: 'the old folder to be marked while the move runs' })
    expect(JSON.parse(readFileSync(mark, 'utf8')).confirmed).toBe(false)
    await expect(moving).rejects.toThrow(/^the router did not move: (nothing listens at .* after 2 s \(the standby stopped\?\); no neighbour was told to go there|none of its 2 neighbours linked to the new instance at .* within 3 s)\. It goes on here/)
    // Still the router: its neighbours never left, and requests go through it; its folder, marked once the state
    // went, is not any more (a restart there is not refused).
    expect(existsSync(join(dir.path, 'stay-router', 'moved-away.json'))).toBe(false)
    expect(router.transport.neighbours()).toHaveLength(2)
    await client.client.append(writer, [payload('after the failed move')], clock())
    expect((await client.client.info(name)).size).toBe(1)
  }, 60_000)

  it('a new instance that does not confirm taking over once a neighbour followed it (frozen, say): the move fails, the router goes on where it was, the new instance stands down by itself, and the neighbour comes back, restarted too', async () => {
    const routed = await routedCapsule('die')
    const { router, serverConfig, client, name, writer } = routed
    let server = routed.server

    const standby = await NodeStandby.create(config('die-standby', { role: 'router' }), formatName(router.name))
    await standby.start()
    const other = await NodeStandby.create(config('die-other', { role: 'router' }), formatName(router.name))
    await other.start()
    nodes.push(other)
    // Once the server linked to the new instance, it no longer takes the old one's word that it took over (as if it
    // were frozen, or killed: it had been left as the router nowhere, or as a second one when it woke).
    const adopting = standby.arrival().then(async (arrived) => {
      // Its wait for the commit outlasts the old instance's (commitMs below) by as much as with the defaults (8 s, 5 s).
      const adopted = await adoptRouter(standby, arrived, async (c) => await GdpNode.create(c), 4500)
      nodes.push(adopted.node)
      await waitFor(() => server.moves.relinked === 1, { timeoutMs: 10_000, what: 'the server to follow the router' })
      await adopted.node.libp2p.unhandle(ROUTER_COMMIT_PROTOCOL)
      return adopted
    })
    // A wait for the confirmation shorter than the default (5 s): it never comes, however long the wait.
    const moving = router.migrateTo(standby.multiaddrs()[0]!, undefined, { commitMs: 1500 })
    // One move at a time: a second, to another standby, is refused while the first runs.
    await expect(router.migrateTo(other.multiaddrs()[0]!)).rejects.toThrow(/^the router did not move to .*: a move of it to .* is under way/)
    await expect(moving).rejects.toThrow(/^the router did not move: the new instance at .* did not confirm taking over within 1500 ms: .* \(\d of its 2 neighbours had linked there\)\. It goes on here/)
    // Not told it took over, the new instance stands down: stopped, the router's key gone from the standby's folder.
    const adopted = await adopting
    expect(await adopted.committed).toBe(false)
    expect(existsSync(join(dir.path, 'die-standby', 'node.key'))).toBe(false)
    expect(existsSync(join(dir.path, 'die-standby', 'router.yaml'))).toBe(false)
    // The server dials where the router went and, that failing, where its configuration says: it is back.
    await waitFor(() => router.transport.neighbours().length === 2, { timeoutMs: 20_000, what: 'the server to link to the router again' })
    await waitFor(async () => await client.client.append(writer, [payload('after the failed move')], clock()), { timeoutMs: 20_000, intervalMs: 200, what: 'an append through the router again' })
    // Restarted, the server reads the dead address from its address book and still finds the router.
    await server.stop()
    server = await started(serverConfig)
    await server.upstreamReady(20_000)
    await client.client.append(writer, [payload('after the restart')], clock())
    expect((await client.client.info(name)).size).toBe(2)
  }, 90_000)

  it('a commit with another token is refused, and one that is too long: only the old instance, which sent the state, can tell the new one to go on', async () => {
    const router = await started(config('commit-router', { role: 'router' }))
    const token = newMoveToken()
    let committed = 0
    await acceptCommit(router.libp2p, token, () => { committed++ }, () => {}, 5000)
    const at = router.multiaddrs()[0]!
    await expect(sendCommit(at, newMoveToken(), 5000)).rejects.toThrow(`the new instance at ${at} did not take over: not the token of this move`)
    await expect(sendCommit(at, new Uint8Array(300), 5000)).rejects.toThrow(/did not confirm taking over within 5000 ms/)
    expect(committed).toBe(0)
    await sendCommit(at, token, 5000)
    expect(committed).toBe(1)
  }, 30_000)

  it('a move called off is told to the new instance until it answers: one that wakes after the old instance went on stands down within seconds, not at the end of its wait', async () => {
    const router = await started(config('calloff-router', { role: 'router' }))
    const token = newMoveToken()
    const at = router.multiaddrs()[0]!
    const stop = new AbortController()
    // Frozen: nothing takes the call yet. It wakes after three calls went unanswered (every 200 ms here, 2 s by default).
    callOff(at, token, stop.signal, 200)
    await new Promise((resolve) => setTimeout(resolve, 600))
    let calledOff = 0
    await acceptCommit(router.libp2p, token, () => {}, () => { calledOff++ }, 5000)
    await waitFor(() => calledOff === 1, { timeoutMs: 6000, what: 'the call-off to reach the woken instance' })
    stop.abort()
  }, 30_000)

  it('a folder holding a router that arrived and was never confirmed (its instance killed first) is refused as a standby and as a node: started, it would be a second instance', async () => {
    const data = join(dir.path, 'unconfirmed')
    mkdirSync(data)
    writeKeyFile(join(data, 'standby.key'), false)
    const routerKey = writeKeyFile(join(data, 'node.key'), false)
    const refused = new RegExp(`^${data} holds a router that arrived at a standby and was never confirmed there .*Delete node.key and membership.bin there to use the folder as a standby again$`)
    await expect(NodeStandby.create(config('unconfirmed', { role: 'router' }), formatName(nodeName(routerKey.publicKey)))).rejects.toThrow(refused)
    const started = await gdpAsync(['--data', data, 'node', 'start', '--listen', '/ip4/127.0.0.1/tcp/0'])
    expect(started.code).toBe(1)
    expect(started.err).toMatch(/holds a router that arrived at a standby and was never confirmed there/)
  }, 30_000)

  it('a relinked notice counts only from a neighbour told of the move: a stranger\'s are refused, and do not make a failed move look done', async () => {
    const router = await started(config('forge-router', { role: 'router' }))
    const at = router.multiaddrs()[0]!
    const server = await started(config('forge-server', { role: 'server', upstream: at }))
    await server.upstreamReady(10_000)
    const { PDU_VERSION } = await import('../../src/routing/forwarder.js')
    // The server's own notice, outside any move, and so also the stranger's below before it is told: refused.
    const forge = (): void => { server.forwarder.link(router.name)?.send({ version: PDU_VERSION, destination: router.name, source: server.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), moved: { relinked: true } }) }
    forge()
    await waitFor(() => (router.stats().rejectedAdvertisements as Record<string, number>)['wrong-link'] === 1, { timeoutMs: 5000, what: 'the notice to be refused' })
  }, 30_000)

  it('moves a lookup router with its lookup state: the records it publishes and those it stored as a DHT node; a lookup then finds the capsule at its new address', async () => {
    const lookup = { lookup: true, lookupPrivateAddresses: true }
    const router = await started(config('lookup-router', { role: 'router', ...lookup }))
    const at = router.multiaddrs()[0]!
    const other = await started(config('lookup-other', { role: 'router', ...lookup, upstream: at }))
    const server = await started(config('lookup-server', { role: 'server', upstream: at }))
    const client = await started(config('lookup-client', { role: 'client', upstream: at }))
    await Promise.all([other.upstreamReady(10_000), server.upstreamReady(10_000), client.upstreamReady(10_000)])
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: clock(), nonce: crypto.getRandomValues(new Uint8Array(16)) })
    const name = capsuleName(metadata)
    await client.client.create(signMetadata(metadata, owner), server.name, signAdCert({ capsule: name, server: server.name, notBeforeUs: clock() - 1e6, notAfterUs: clock() + 3600e6 }, owner))
    // The server record and the capsule record, each put in the two routers' DHT (the router stores what it puts too).
    await waitFor(() => router.glookup!.counters.published >= 2, { timeoutMs: 20_000, what: 'the router to publish the server and capsule records' })
    expect(router.glookup!.counters).toMatchObject({ serverRecords: 1, capsuleRecords: 1 })

    const standby = await NodeStandby.create(config('lookup-standby', { role: 'router' }), formatName(router.name))
    await standby.start()
    nodes.push(standby)
    const adopting = standby.arrival().then(async (arrived) => await adoptRouter(standby, arrived, async (c) => await GdpNode.create(c)))
    const summary = await router.migrateTo(standby.multiaddrs()[0]!)
    const { node: moved, lookup: installed } = await adopting
    nodes.push(moved)
    await router.retireAfterMove()
    expect(summary.lookup).toMatchObject({ servers: 1, capsules: 1 })
    expect(summary.lookup!.dhtRecords).toBeGreaterThanOrEqual(2)
    expect(installed).toEqual(summary.lookup)
    expect(moved.glookup!.counters).toMatchObject({ serverRecords: 1, capsuleRecords: 1 })
    // The server record goes again from the new machine, naming its address; the other router's lookup then finds the way there.
    await waitFor(() => moved.glookup!.counters.published >= 1, { timeoutMs: 20_000, what: 'the moved router to publish its server record again' })
    await waitFor(async () => { await other.glookup!.lookUp(name); return other.table.lookup(name, clock()) }, { timeoutMs: 20_000, intervalMs: 200, what: 'a lookup from the other router to find the capsule' })
    expect(formatName(other.table.lookup(name, clock())!.nextHop)).toBe(formatName(moved.name))
    expect(other.glookup!.counters.found).toBeGreaterThanOrEqual(1)
  }, 90_000)
})

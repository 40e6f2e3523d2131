// The browser's edge client (src/browser/edge-client.ts) in this process,
// linked over WebSocket on loopback to a real server node: the options it
// takes, at and past their limits, and a node that fails it (the wrong
// key, no answer, gone mid-request). The Chromium test
// (browser-client.test.ts) runs the bundle itself.
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { connect, type EdgeClient } from '../../src/browser/index.js'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { MAX_TIMER_MS } from '../../src/clock.js'
import { libp2pIdentity } from '../../src/node/libp2p-identity.js'
import { GdpNode } from '../../src/node/node.js'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { rejection, tempDir, waitFor } from '../helpers.js'

const running: GdpNode[] = []
const edges: EdgeClient[] = []
const cleanups: Array<() => void> = []
afterEach(async () => {
  for (const e of edges.splice(0)) await e.close()
  for (const n of running.splice(0).reverse()) await n.stop().catch(() => {})
  for (const c of cleanups.splice(0)) c()
})

/** A server node listening on WebSocket on loopback, and that address with its peer id. */
async function server (): Promise<{ node: GdpNode, address: string }> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0/ws'] })
  running.push(node)
  await node.start()
  return { node, address: node.multiaddrs().find((a) => a.includes('/ws'))! }
}

async function linked (address: string, options: Parameters<typeof connect>[1] = {}): Promise<EdgeClient> {
  const edge = await connect(address, options)
  edges.push(edge)
  return edge
}

describe('the edge client over WebSocket', () => {
  it('takes timeouts of up to MAX_TIMER_MS, the longest a timer holds; refuses one more, and none, before it dials', async () => {
    const { node, address } = await server()
    const edge = await linked(address, { timeoutMs: MAX_TIMER_MS, requestTimeoutMs: MAX_TIMER_MS })
    const capsule = await edge.createCapsule()
    expect((await capsule.append(['at the limit'])).size).toBe(1)
    expect(await edge.size(capsule.name)).toBe(1)
    expect(edge.node).toBe(formatName(node.name))
    for (const option of ['timeoutMs', 'requestTimeoutMs'] as const) {
      for (const ms of [MAX_TIMER_MS + 1, 0, -1, Number.NaN, 1.5]) {
        const err = await rejection(linked(address, { [option]: ms }))
        expect(err.name).toBe('InvalidArgumentError')
        expect(err.message).toBe(`${option}: a whole number of milliseconds from 1 to ${MAX_TIMER_MS} (about 24.8 days, the longest a timer holds), not ${ms}`)
      }
    }
  })

  // It waited out timeoutMs (10 s by default) for a node no wait mends, as the command line did before it failed at once.
  it('refuses at once a node whose key is not the address\'s peer id, and an address no transport of it dials, saying which, without waiting out timeoutMs', async () => {
    const { address } = await server()
    const stranger = peerIdFromPrivateKey(libp2pIdentity(new Ed25519Signer(generateEd25519KeyPair().secretKey))).toString()
    const elsewhere = address.replace(/\/p2p\/.*/, `/p2p/${stranger}`)
    const err = await rejection(linked(elsewhere, { timeoutMs: MAX_TIMER_MS }))
    expect(err.name).toBe('InvalidArgumentError')
    expect(err.message).toMatch(new RegExp(`^cannot link to ${elsewhere}: the node there is not the one its /p2p/ names \\(.*identity key \\S+ does not match expected remote identity key ${stranger}\\): give the address that node's gdp node start printed`))
    const noWs = address.replace('/ws/', '/')
    const unreachable = await rejection(linked(noWs, { timeoutMs: MAX_TIMER_MS }))
    expect(unreachable.name).toBe('InvalidArgumentError')
    expect(unreachable.message).toMatch(new RegExp(`^cannot link to ${noWs}: no transport of this node dials that address \\(.*\\): give a /tcp/ or /ws address`))
  }, 10_000)

  it('a node that stops answering: each request fails after requestTimeoutMs (RequestTimeoutError), and once it answers again, requests go through', async () => {
    const { node, address } = await server()
    const edge = await linked(address, { requestTimeoutMs: 300 })
    const capsule = await edge.createCapsule()
    await capsule.append(['answered'])
    const service = node.service!
    const handle = service.handle.bind(service)
    let silent = true
    service.handle = (pdu, reply, flow) => { if (!silent) handle(pdu, reply, flow) }
    const errors = await Promise.all([edge.size(capsule.name), edge.read(capsule.name, { seqno: 0 })].map(rejection))
    expect(errors.map((e) => e.name)).toEqual(['RequestTimeoutError', 'RequestTimeoutError'])
    expect(errors[0]!.message).toMatch(new RegExp(`^no answer from ${capsule.name} within \\d+ ms`))
    silent = false
    expect(await edge.size(capsule.name)).toBe(1)
  })

  it('a node that answers every request twice, the second time with garbage: the first answer is taken, the second dropped, and the next request gets its own', async () => {
    const { node, address } = await server()
    const edge = await linked(address, { requestTimeoutMs: 2000 })
    const capsule = await edge.createCapsule()
    await capsule.append(['one', 'two'])
    const service = node.service!
    const handle = service.handle.bind(service)
    service.handle = (pdu, reply, flow) => {
      handle(pdu, (body) => {
        reply(body)
        // A duplicate with a heartbeat that states another size, unsigned: it answers nothing pending.
        if ('response' in body && body.response.read?.heartbeat != null) reply({ response: { ...body.response, read: { ...body.response.read, heartbeat: { ...body.response.read.heartbeat, signature: new Uint8Array(64) } } } })
        else reply(body)
      }, flow)
    }
    expect(await edge.size(capsule.name)).toBe(2)
    expect((await edge.read(capsule.name, { range: { from: 0, to: 2 } })).map((r) => new TextDecoder().decode(r.payload))).toEqual(['one', 'two'])
    expect((await capsule.append(['three'])).size).toBe(3)
    expect(await edge.size(capsule.name)).toBe(3)
  })

  it('a node that goes away mid-request: the request fails with a typed error, not after its timeout alone, and close() returns', async () => {
    const { node, address } = await server()
    const edge = await linked(address, { requestTimeoutMs: 60_000 })
    const capsule = await edge.createCapsule()
    const service = node.service!
    let asked!: () => void
    const held = new Promise<void>((resolve) => { asked = resolve })
    service.handle = () => { asked() }
    const pending = rejection(edge.size(capsule.name))
    await held
    await node.stop()
    const outcome = await Promise.race([pending, new Promise<string>((resolve) => { setTimeout(() => { resolve('no answer in 10 s') }, 10_000).unref() })])
    expect(outcome).toBeInstanceOf(Error)
    expect((outcome as Error).name).toBe('RequestRefusedError')
    expect((outcome as Error).message).toMatch(/^NO_ROUTE: lost the link to \S+ after the request went out: it may have reached the server/)
    edges.splice(edges.indexOf(edge), 1)
    await edge.close()
  })

  it('links again to a node that restarts at its address, by itself: requests go through again, and a subscription goes on where it was', async () => {
    const { node, address } = await server()
    const edge = await linked(address, { requestTimeoutMs: 2000 })
    const capsule = await edge.createCapsule()
    await capsule.append(['before the restart'])
    const received: string[] = []
    const stop = new AbortController()
    const following = (async () => {
      for await (const record of edge.subscribe(capsule.name, { signal: stop.signal })) {
        received.push(`${record.seqno} ${new TextDecoder().decode(record.payload)}`)
        if (received.length === 2) stop.abort()
      }
    })()
    await waitFor(() => received.length === 1, { timeoutMs: 10_000, intervalMs: 50, what: 'the record before the restart' })
    const data = node.config.data
    await node.stop()
    running.splice(running.indexOf(node), 1)
    const again = await GdpNode.create({ ...DEFAULT_CONFIG, data, role: 'server', listen: [address.replace(/\/p2p\/.*/, '')] })
    running.push(again)
    await again.start()
    expect(again.name).toEqual(node.name)
    await waitFor(async () => await edge.size(capsule.name).catch(() => undefined), { timeoutMs: 15_000, intervalMs: 200, what: 'the edge client to link again' })
    expect(await edge.size(capsule.name)).toBe(1)
    await capsule.append(['after it'])
    await following
    expect(received).toEqual(['0 before the restart', '1 after it'])
  })

  it('createCapsule refuses, before anything is signed or sent, replicas and delegateMs under 1 or not whole, and a server named twice; takes 1 of each', async () => {
    const { node, address } = await server()
    const edge = await linked(address)
    const me = formatName(node.name)
    const service = node.service!
    const handle = service.handle.bind(service)
    let asked = 0
    service.handle = (pdu, reply, flow) => { asked++; handle(pdu, reply, flow) }
    const refusals = await Promise.all([{ replicas: 0 }, { replicas: -1 }, { replicas: 1.5 }, { delegateMs: 0 }, { delegateMs: -1000 }, { delegateMs: Number.NaN }, { delegateMs: 2 ** 53 }, { servers: [me, me] }]
      .map(async (options) => await rejection(edge.createCapsule(options))))
    expect(refusals.map((e) => `${e.name}: ${e.message}`)).toEqual([
      'InvalidArgumentError: a capsule needs at least one server',
      'InvalidArgumentError: replicas: a whole number from 1, not -1',
      'InvalidArgumentError: replicas: a whole number from 1, not 1.5',
      'InvalidArgumentError: delegateMs: a whole number of milliseconds from 1 (how long each server may advertise the capsule), not 0',
      'InvalidArgumentError: delegateMs: a whole number of milliseconds from 1 (how long each server may advertise the capsule), not -1000',
      'InvalidArgumentError: delegateMs: a whole number of milliseconds from 1 (how long each server may advertise the capsule), not NaN',
      `InvalidArgumentError: delegateMs: ${2 ** 53} ms from now is past the last time an AdCert can state`,
      `InvalidArgumentError: servers: ${me} is named twice; each replica is another server`
    ])
    expect(asked).toBe(0)
    const capsule = await edge.createCapsule({ replicas: 1, delegateMs: 1 })
    expect((await capsule.append(['one of each'])).size).toBe(1)
  })

  it('once closed: a subscription under way ends with ServiceStoppedError, and every call after fails so at once, nothing signed', async () => {
    const { address } = await server()
    const edge = await connect(address)
    const capsule = await edge.createCapsule()
    await capsule.append(['before closing'])
    let got = 0
    const following = rejection((async () => { for await (const _ of edge.subscribe(capsule.name)) got++ })())
    await waitFor(() => got === 1, { timeoutMs: 10_000, intervalMs: 50, what: 'the first record' })
    await edge.close()
    // It waited 30 s for a route on a client that was gone, then said NO_ROUTE.
    const ended = await Promise.race([following, new Promise<string>((resolve) => { setTimeout(() => { resolve('still open after 10 s') }, 10_000).unref() })])
    const closed = 'this edge client was closed (close()): connect again'
    expect(ended).toBeInstanceOf(Error)
    expect(`${(ended as Error).name}: ${(ended as Error).message}`).toBe(`ServiceStoppedError: ${closed}`)
    const after = await Promise.all([edge.size(capsule.name), edge.read(capsule.name, { seqno: 0 }), capsule.append(['after closing']), edge.createCapsule(), edge.openCapsule(capsule.name, capsule.secretKey), edge.subscribe(capsule.name).next()].map(rejection))
    expect(after.map((e) => `${e.name}: ${e.message}`)).toEqual(Array(6).fill(`ServiceStoppedError: ${closed}`))
  })
})

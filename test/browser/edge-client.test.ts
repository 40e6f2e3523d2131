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
import { rejection, tempDir } from '../helpers.js'

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

  it('gives up on a node whose key is not the address\'s peer id after timeoutMs, saying why the last dial failed', async () => {
    const { address } = await server()
    const stranger = peerIdFromPrivateKey(libp2pIdentity(new Ed25519Signer(generateEd25519KeyPair().secretKey))).toString()
    const elsewhere = address.replace(/\/p2p\/.*/, `/p2p/${stranger}`)
    const err = await rejection(linked(elsewhere, { timeoutMs: 1000 }))
    expect(err.name).toBe('LinkTimeoutError')
    expect(err.message).toMatch(new RegExp(`^cannot reach ${elsewhere} within 1000 ms; the last dial failed: .*identity key \\S+ does not match expected remote identity key ${stranger}`))
  })
})

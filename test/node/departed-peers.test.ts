// What a node keeps of peers that left: a real server node on 127.0.0.1, and
// client nodes of fresh keys that connect, say in identify that they speak
// 40 protocols of 160-byte names, and go.
import { afterEach, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { tempDir, waitFor } from '../helpers.js'

const running: GdpNode[] = []
const cleanups: Array<() => void> = []
afterEach(async () => {
  for (const n of running.splice(0).reverse()) await n.stop().catch(() => {})
  for (const c of cleanups.splice(0)) c()
})

async function node (config: Partial<NodeConfig>): Promise<GdpNode> {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const n = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, ...config })
  running.push(n)
  await n.start()
  return n
}

/** A client of a fresh key that connects to `server`, has identify run, and stops. */
async function visit (server: GdpNode, i: number, tag?: string): Promise<void> {
  const c = await node({ role: 'client', listen: [] })
  for (let k = 0; k < 40; k++) await c.libp2p.handle(`/junk/${i}/${k}/${'x'.repeat(150)}`, () => {})
  await c.libp2p.dial(server.libp2p.getMultiaddrs()[0]!)
  await waitFor(async () => (await server.libp2p.peerStore.get(c.libp2p.peerId).catch(() => undefined))?.protocols.some((p) => p.startsWith('/junk/')) === true, { timeoutMs: 5000, what: 'identify to tell the server the visitor\'s protocols' })
  if (tag !== undefined) await server.libp2p.peerStore.merge(c.libp2p.peerId, { tags: { [tag]: { value: 50 } } })
  await c.stop()
  running.splice(running.indexOf(c), 1)
}

it('forgets a peer that left, unless something tagged it to keep (each peer of fresh keys that came and went kept about 6 KB in the peer store for good)', async () => {
  const server = await node({ role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'] })
  for (let i = 0; i < 20; i++) await visit(server, i)
  // What a lookup router's DHT keeps in its routing table it tags (kad-dht): that stays.
  await visit(server, 20, 'kad-close')
  await waitFor(async () => server.libp2p.getConnections().length === 0, { timeoutMs: 5000, what: 'the visitors\' connections to close' })
  await waitFor(async () => (await server.libp2p.peerStore.all()).length === 1, { timeoutMs: 5000, what: 'the server to forget the visitors' })
  const [kept] = await server.libp2p.peerStore.all()
  expect([...kept!.tags.keys()]).toEqual(['kad-close'])
}, 60_000)

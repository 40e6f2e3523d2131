// Real nodes on loopback for the tests of one file: each started with a data
// folder of its own unless the config names one, listening on a port of its
// own unless it names addresses (a client with a new key), linked to its upstream, and
// stopped after the test that started it, the last started first, its folder
// then removed.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, onTestFinished } from 'vitest'
import '../../src/node/polyfill.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { DEFAULT_CONFIG, type NodeConfig } from '../../src/node/config.js'
import { GdpNode, type GdpNodeOptions } from '../../src/node/node.js'
import { encodeSignedDomainMembership, signDomainMembership } from '../../src/routing/certificates.js'
import { nodeName } from '../../src/routing/signing.js'
import { tempDir } from '../helpers.js'

export type StartNode = (role: 'router' | 'server' | 'client', upstream?: GdpNode, config?: Partial<NodeConfig>, key?: Ed25519Signer) => Promise<GdpNode>

/** `defaults`: config every node of the file starts with, under what a call gives; `options`: what every node is created with (shorter waits, say). */
export function nodesPerTest (defaults: Partial<NodeConfig> = {}, options: Omit<GdpNodeOptions, 'key'> = {}): StartNode {
  const running: Array<{ node: GdpNode, cleanup: () => void }> = []
  afterEach(async () => {
    // A node a test stopped itself stops again at once.
    for (const { node, cleanup } of running.splice(0).reverse()) {
      await node.stop().catch(() => {})
      cleanup()
    }
  })
  return async (role, upstream, config = {}, key) => {
    // A folder the test gives (to start a node again on it) is the test's to remove.
    const dir = config.data === undefined ? tempDir() : undefined
    const listen = role === 'client' ? [] : config.listen ?? ['/ip4/127.0.0.1/tcp/0']
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, ...defaults, ...config, data: config.data ?? dir!.path, role, listen, upstream: upstream?.multiaddrs()[0] },
      { ...options, ...(key !== undefined ? { key } : role === 'client' ? { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) } : {}) })
    running.push({ node, cleanup: dir?.cleanup ?? (() => {}) })
    await node.start()
    if (upstream !== undefined) await node.upstreamReady(10_000)
    return node
  }
}

/**
 * A domain, and a child router's key admitted into it for an hour (or until
 * `notAfterUs`): the membership file to start the router with, removed after
 * the test.
 */
export function admittedRouter (key = new Ed25519Signer(generateEd25519KeyPair().secretKey), notAfterUs = Date.now() * 1000 + 3600e6): { domain: Ed25519Signer, key: Ed25519Signer, membership: string } {
  const domain = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const files = tempDir('gdp-membership-')
  onTestFinished(() => { files.cleanup() })
  const now = Date.now() * 1000
  const membership = join(files.path, 'membership.bin')
  writeFileSync(membership, encodeSignedDomainMembership(signDomainMembership({ router: nodeName(key.publicKey), parent: new Uint8Array(0), notBeforeUs: now - 60e6, notAfterUs }, domain)))
  return { domain, key, membership }
}

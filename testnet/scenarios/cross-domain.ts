/**
 * Scenario on the two-domains topology: a writer at a-router (over
 * WebSocket) creates a capsule on b-server and appends to it; a reader at
 * a-router reads it back with proofs; a subscriber at b-router-2 follows it.
 * Every record the reader and the subscriber get is verified by its proof.
 */
import '../../src/node/polyfill.js'
import { parseName } from '../../src/capsule/name.js'
import type { CapsuleRecord } from '../../src/capsule/types.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import type { TestnetState } from '../testnet.js'
import { RequestRefusedError } from '../../src/errors.js'

export interface CrossDomainResult {
  capsule: Uint8Array
  server: Uint8Array
  appended: string[]
  read: string[]
  followed: string[]
  acknowledgedBy: Uint8Array[]
  timingsMs: Record<string, number>
}

const text = (r: CapsuleRecord): string => Buffer.from(r.payload).toString()

/** Retries while routes propagate (NO_ROUTE), up to 15 s. */
export async function eventually<T> (fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 15_000
  for (;;) {
    try { return await fn() } catch (err) {
      if (!(err instanceof RequestRefusedError) || err.reason !== 'NO_ROUTE' || Date.now() > deadline) throw err
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

export async function crossDomain (state: TestnetState, records = 30, log: (line: string) => void = () => {}): Promise<CrossDomainResult> {
  const clients: GdpNode[] = []
  const clientAt = async (nodeId: string, ws = false): Promise<GdpNode> => {
    const n = state.nodes.find((x) => x.id === nodeId)
    if (n === undefined) throw new Error(`the testnet has no node ${nodeId} (this scenario wants the two-domains topology)`)
    const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: ws ? n.ws : n.tcp }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
    await node.start()
    await node.upstreamReady(10_000)
    clients.push(node)
    return node
  }
  const timingsMs: Record<string, number> = {}
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now()
    const value = await fn()
    timingsMs[label] = Math.round((performance.now() - t) * 100) / 100
    log(`${label}: ${timingsMs[label]} ms`)
    return value
  }
  try {
    const writer = await clientAt('a-router', true)
    const reader = await clientAt('a-router')
    const subscriber = await clientAt('b-router-2')
    const server = parseName(state.nodes.find((n) => n.id === 'b-server')!.name)
    const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const now = Date.now() * 1000
    const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: now, nonce: crypto.getRandomValues(new Uint8Array(16)) })
    const capsule = capsuleName(metadata)
    const adCert = signAdCert({ capsule, server, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, owner)
    await timed('create on b-server from domain A', async () => await eventually(async () => await writer.client.create(signMetadata(metadata, owner), server, adCert)))

    const followed: string[] = []
    const controller = new AbortController()
    const following = (async () => {
      const stream = await eventually(async () => { await subscriber.client.info(capsule); return subscriber.client.subscribe(capsule, 0, controller.signal) })
      for await (const record of stream) {
        followed.push(text(record))
        if (followed.length === records) controller.abort()
      }
    })()

    const w = await eventually(async () => await writer.client.writer(capsule, owner))
    const appended = Array.from({ length: records }, (_, i) => `rec-${i}`)
    const acknowledgedBy: Uint8Array[] = []
    await timed(`append ${records} records in batches of 10`, async () => {
      for (let b = 0; b < records; b += 10) {
        const ack = await writer.client.append(w, appended.slice(b, b + 10).map((s) => Buffer.from(s)), Date.now() * 1000)
        acknowledgedBy.push(ack.server)
      }
    })
    const read = await timed('read them back with proofs from domain A', async () => (await reader.client.read(capsule, { range: { from: 0, to: records } })).map(text))
    await timed('subscriber in domain B has them all', async () => { await following })
    return { capsule, server, appended, read, followed, acknowledgedBy, timingsMs }
  } finally {
    for (const c of clients) await c.stop()
  }
}

// A client, a router and a real capsule server on in-memory links, with a
// capsule created on the server and routed: the overlay the client
// library's tests read and write through.
import { GdpClient } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { nodeName } from '../../src/routing/signing.js'
import { CapsuleService, type CapsuleServiceInit } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir, testCapsule, type TestCapsule } from '../helpers.js'
import { clock, connect, memoryNode, type MemoryLink, type MemoryLinkOptions, type MemoryNode } from '../routing/memory-links.js'

export interface ServedCapsule { client: GdpClient, service: CapsuleService, store: CapsuleStore, c: MemoryNode, r: MemoryNode, s: MemoryNode, clientLink: MemoryLink, capsule: TestCapsule }

export interface ServedCapsuleOptions {
  service?: CapsuleServiceInit
  /** The client's link to the router. */
  clientLink?: MemoryLinkOptions
  /** The client's request timeout. @default 5000 */
  timeoutMs?: number
}

/** Client -> router -> server; `cleanup` is handed what undoes it. */
export async function servedCapsule (cleanup: (undo: () => Promise<void> | void) => void, options: ServedCapsuleOptions = {}): Promise<ServedCapsule> {
  const dir = tempDir()
  const store = await CapsuleStore.open({ path: dir.path })
  cleanup(async () => { await store.close(); dir.cleanup() })
  const serverKey = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const service = new CapsuleService(options.service ?? {}, { store, signer: serverKey, clock })
  await service.start()
  const s = memoryNode(nodeName(serverKey.publicKey), service)
  const r = memoryNode(new Uint8Array(32).fill(2))
  const c = memoryNode(new Uint8Array(32).fill(3))
  const clientLink = connect(c, r, options.clientLink)
  connect(r, s)
  c.f.setDefaultRoute(r.f.self)
  for (const n of [s, r, c]) cleanup(() => { n.f.stop() })
  const client = new GdpClient({ timeoutMs: options.timeoutMs ?? 5000 }, { forwarder: c.f })
  const capsule = testCapsule()
  r.table.install({ capsule: capsule.name, server: s.f.self, nextHop: s.f.self, cost: 1, expiresAtUs: clock() + 3_600_000_000 })
  await client.create(capsule.signed, s.f.self)
  return { client, service, store, c, r, s, clientLink, capsule }
}

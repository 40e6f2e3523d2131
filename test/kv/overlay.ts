// A capsule server and a client linked to it on an in-memory overlay: what
// the tests of key-value capsules read and written through the overlay
// (RemoteKv) run on.
import { GdpClient } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { nodeName } from '../../src/routing/signing.js'
import { CapsuleService } from '../../src/server/capsule-service.js'
import type { KvServiceInit } from '../../src/server/kv-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir } from '../helpers.js'
import { clock, connect, memoryNode } from '../routing/memory-links.js'

export interface KvOverlay {
  client: GdpClient
  store: CapsuleStore
  service: CapsuleService
  serverName: Uint8Array
  /** Stops both nodes and the service, and removes the store. */
  close: () => Promise<void>
}

/** A client and a server (small pages, so answers take several) on an in-memory overlay. */
export async function kvOverlay (kv: KvServiceInit = {}): Promise<KvOverlay> {
  const dir = tempDir('gdp-kv-remote-')
  const store = await CapsuleStore.open({ path: dir.path })
  const serverKey = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const serverName = nodeName(serverKey.publicKey)
  const service = new CapsuleService({ kv: { maxEntriesPerResponse: 4, maxBytesPerResponse: 64, ...kv } }, { store, signer: serverKey, clock })
  await service.start()
  const s = memoryNode(serverName, service)
  const c = memoryNode(new Uint8Array(32).fill(3))
  connect(c, s)
  c.f.setDefaultRoute(serverName)
  return {
    client: new GdpClient({ timeoutMs: 5000 }, { forwarder: c.f }),
    store,
    service,
    serverName,
    close: async () => {
      for (const n of [s, c]) n.f.stop()
      await service.stop()
      await store.close()
      dir.cleanup()
    }
  }
}

import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import type { ForwarderInit, LocalService } from '../../src/routing/forwarder.js'
import { nodeName } from '../../src/routing/signing.js'
import { CapsuleService, type CapsuleServiceInit } from '../../src/server/capsule-service.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir } from '../helpers.js'
import { clock, memoryNode, type MemoryNode } from '../routing/memory-links.js'

/**
 * A started capsule service on a store in a temporary folder, on an
 * in-memory node named by the service's key (`wrap` puts a gate in front of
 * it); what closes them goes on `cleanups`.
 */
export async function serviceOnTempStore (cleanups: Array<() => Promise<void> | void>, init: CapsuleServiceInit, forwarder: Partial<ForwarderInit> = {}, wrap: (service: CapsuleService) => LocalService = (s) => s): Promise<{ service: CapsuleService, store: CapsuleStore, server: MemoryNode }> {
  const dir = tempDir()
  const store = await CapsuleStore.open({ path: dir.path })
  cleanups.push(async () => { await store.close(); dir.cleanup() })
  const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const service = new CapsuleService(init, { store, signer: key, clock })
  await service.start()
  const server = memoryNode(nodeName(key.publicKey), wrap(service), undefined, forwarder)
  cleanups.push(() => { server.f.stop() })
  return { service, store, server }
}

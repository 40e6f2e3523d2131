// What the graft tests share: `gdp node graft` against a testnet router, run
// without blocking this process (whose nodes keep running), a capsule
// created on a testnet server through a client node, and a steady stream of
// appends to it.
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { parseName } from '../../src/capsule/name.js'
import type { Appender } from '../../src/client/client.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import type { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import type { TestnetNode } from '../../testnet/testnet.js'
import { gdpAsync, type GdpRun } from '../cli/run-gdp.js'
import { payload, waitFor } from '../helpers.js'

export async function graft (router: TestnetNode, neighbour: string, to: string): Promise<GdpRun> {
  return await gdpAsync(['--data', router.data, '--json', 'node', 'graft', neighbour, '--to', to])
}

/** A new capsule on `server`, created through `client` (retried while the server's routes spread). */
export async function createCapsuleOn (client: GdpNode, server: TestnetNode): Promise<{ name: Uint8Array, owner: Ed25519Signer }> {
  const nowUs = Date.now() * 1000
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: owner.publicKey, writer: owner.publicKey, createdAtUs: nowUs, nonce: crypto.getRandomValues(new Uint8Array(16)) })
  const name = capsuleName(metadata)
  const adCert = signAdCert({ capsule: name, server: parseName(server.name), notBeforeUs: nowUs - 1e6, notAfterUs: nowUs + 3600e6 }, owner)
  await waitFor(async () => await client.client.create(signMetadata(metadata, owner), parseName(server.name), adCert), { timeoutMs: 20_000, intervalMs: 100, what: `the create to reach ${server.id}` })
  return { name, owner }
}

/** Appends one record after another until stopped, counting the acknowledged and noting the first failure. */
export function appendStream (appender: Appender): { readonly acked: number, failures: string[], stop: () => Promise<void> } {
  let acked = 0
  let writing = true
  const failures: string[] = []
  const writer = (async () => {
    while (writing) {
      try { acked = (await appender.append([payload(`r${acked}`)])).heartbeat.heartbeat.size } catch (err) { failures.push((err as Error).message); return }
    }
  })()
  return { get acked () { return acked }, failures, stop: async () => { writing = false; await writer } }
}

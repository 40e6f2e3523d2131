// What the graft tests share: `gdp node graft` against a testnet router, run
// without blocking this process (whose nodes keep running), and a capsule
// created on a testnet server through a client node.
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { parseName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import type { GdpNode } from '../../src/node/node.js'
import { signAdCert } from '../../src/routing/certificates.js'
import type { TestnetNode } from '../../testnet/testnet.js'
import { gdpAsync, type GdpRun } from '../cli/run-gdp.js'
import { waitFor } from '../helpers.js'

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

/** Running a CLI command against a remote node (`--node <multiaddr>`), as a short-lived client. */
import { generateEd25519KeyPair, Ed25519Signer } from '../crypto/ed25519.js'
import type { GdpClient } from '../client/client.js'
import { DEFAULT_CONFIG } from '../node/config.js'
import { GdpNode } from '../node/node.js'
import { InvalidArgumentError } from '../errors.js'

/**
 * Starts a client node linked to `address`, runs `fn` with its client and the
 * node name of the peer it reached, and stops it.
 */
export async function withRemote<T> (address: string, fn: (client: GdpClient, peer: Uint8Array) => Promise<T>, timeoutMs = 10_000): Promise<T> {
  if (!address.includes('/p2p/')) throw new InvalidArgumentError(`--node '${address}' must end in /p2p/<peer id> (see 'gdp node start' output)`)
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: address }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey) })
  await node.start()
  try {
    const peer = await node.upstreamReady(timeoutMs)
    return await fn(node.client, peer)
  } finally {
    await node.stop()
  }
}

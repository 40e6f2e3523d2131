/** Running a CLI command against a remote node (`--node <multiaddr>`), as a short-lived client. */
import { existsSync, statSync } from 'node:fs'
import { generateEd25519KeyPair, Ed25519Signer } from '../crypto/ed25519.js'
import type { GdpClient } from '../client/client.js'
import { DEFAULT_CONFIG } from '../node/config.js'
import { GdpNode } from '../node/node.js'
import { UsageError } from './usage-error.js'
import { multiaddr } from '@multiformats/multiaddr'
import { peerIdFromString } from '@libp2p/peer-id'

/**
 * How long a command waits for a node whose port refuses every dial: one
 * restarting listens again within it (an empty one in 0.3 s), and one that
 * is not running is said to be so then, not after the link timeout (10 s unless --request-timeout says otherwise).
 */
const REFUSED_FOR_MS = 3000
/** How long a command waits for its link to the node, without --request-timeout. */
const LINK_TIMEOUT_MS = 10_000

/**
 * Starts a client node linked to `address`, runs `fn` with its client and the
 * node name of the peer it reached, and stops it. The link is waited for up
 * to `timeoutMs` (and up to REFUSED_FOR_MS while every dial is refused), and
 * each request for its answer up to `timeoutMs` too (`gdp --request-timeout`);
 * without it, 10 s for the link and the client's default for an answer.
 */
export async function withRemote<T> (address: string, fn: (client: GdpClient, peer: Uint8Array) => Promise<T>, timeoutMs?: number): Promise<T> {
  // An address that does not parse, or names no peer, fails here at once rather than after the link timeout, as
  // the flag's mistake it is (exit 2, as README says of an option value not of its kind; it exited 1).
  let peerId: string | undefined
  try {
    peerId = multiaddr(address).getComponents().find((c) => c.name === 'p2p')?.value
  } catch (err) {
    // What gdp status, routes, capsules, certs and peers take as --node: said as such (it was 'Protocol tmp was unknown').
    const takes = 'not a node\'s overlay address: this command takes the address the node listens on'
    if (/^https?:\/\//i.test(address)) throw new UsageError(`--node: '${address}' is an admin API's URL, ${takes} ('gdp status --node ${address}' prints it)`)
    if (existsSync(address) && statSync(address).isDirectory()) throw new UsageError(`--node: '${address}' is a folder, ${takes} ('gdp status --node ${address}' prints it, if a node runs there)`)
    throw new UsageError(`--node: '${address}' is not a multiaddr (${(err as Error).message}); give the address 'gdp node start' printed, e.g. /ip4/127.0.0.1/tcp/4040/p2p/12D3KooW...`)
  }
  if (peerId === undefined) throw new UsageError(`--node: '${address}' must end in /p2p/<peer id> (see 'gdp node start' output)`)
  try { peerIdFromString(peerId) } catch { throw new UsageError(`--node: '${address}': '${peerId}' is not a peer id`) }
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, role: 'client', listen: [], upstream: address }, { key: new Ed25519Signer(generateEd25519KeyPair().secretKey), clientTimeoutMs: timeoutMs })
  await node.start()
  try {
    const peer = await node.upstreamReady(timeoutMs ?? LINK_TIMEOUT_MS, { refusedForMs: REFUSED_FOR_MS })
    return await fn(node.client, peer)
  } finally {
    await node.stop()
  }
}

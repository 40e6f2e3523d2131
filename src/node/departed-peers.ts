/**
 * A node forgets what it learned of a peer once the peer's last connection
 * closed, unless something tagged the peer to keep (a lookup router's DHT
 * tags the peers of its routing table). libp2p's peer store keeps every
 * peer it ever heard of: what identify said (protocols, addresses, agent,
 * up to 8 KiB) stays until the entry is read again six hours on, which an
 * entry of a peer that never comes back never is. So every peer of fresh
 * keys that connected and left cost memory for good: a peer making up keys
 * at the connection rate one address is allowed (100 a second) would have
 * added about 2.9 GB an hour. This node dials neighbours by address, never
 * by a peer id the store holds, so it loses nothing it uses.
 */
import type { Libp2p, PeerId } from '@libp2p/interface'
import { logger } from '@libp2p/logger'

const log = logger('gdp:node:peers')

export function forgetDepartedPeers (libp2p: Libp2p): void {
  libp2p.addEventListener('peer:disconnect', (event) => { void forget(libp2p, event.detail) })
}

async function forget (libp2p: Libp2p, peer: PeerId): Promise<void> {
  try {
    const stored = await libp2p.peerStore.get(peer)
    // Connected again meanwhile: identify has told it afresh.
    if (stored.tags.size > 0 || libp2p.getConnections(peer).length > 0) return
    await libp2p.peerStore.delete(peer)
  } catch (err) {
    if ((err as Error).name !== 'NotFoundError') log.error('could not forget departed peer %p: %s', peer, (err as Error).message)
  }
}

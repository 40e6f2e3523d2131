/** A node's overlay address given to an option (--to): checked here, before any node is asked. */
import { multiaddr } from '@multiformats/multiaddr'
import { UsageError } from './usage-error.js'

/**
 * `text` as a multiaddr that names its peer (/p2p/<peer id>), whose key the
 * link checks; `whose` says which node it is ("the router's"). One that is
 * none was refused by the node, with exit 1 (drain attack F8).
 */
export function peerAddress (text: string, whose: string, option = '--to'): string {
  let peer: string | undefined
  try {
    peer = multiaddr(text).getComponents().find((c) => c.name === 'p2p')?.value
  } catch {
    throw new UsageError(`${option}: '${text}' is not a multiaddr`)
  }
  if (peer === undefined) throw new UsageError(`${option}: '${text}' must end in /p2p/<${whose} peer id>`)
  return text
}

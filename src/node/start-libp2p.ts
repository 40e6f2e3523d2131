/**
 * Starts a node's libp2p, naming an address it cannot listen on in the
 * node's own terms: libp2p's error for it is a paragraph suggesting one of
 * its settings, which the command line showed as an internal error with a
 * stack trace. It forgets peers that leave (forgetDepartedPeers).
 */
import type { Libp2p } from '@libp2p/interface'
import { ListenError } from '../errors.js'
import { forgetDepartedPeers } from './departed-peers.js'

export async function startLibp2p (libp2p: Libp2p): Promise<void> {
  forgetDepartedPeers(libp2p)
  try {
    await libp2p.start()
  } catch (err) {
    if ((err as Error).name !== 'UnsupportedListenAddressesError') throw err
    // Its message lists each address and why, one per line after the first: "  /ip4/.../tcp/4040: listen EADDRINUSE ...".
    // (Some reasons carry their error's stack, lines starting 'at ': left out of the one line.)
    const reasons = (err as Error).message.split('\n').slice(1).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('at '))
    // The hint for the reason given: "another process on that port?" sent the operator after a process that did not
    // exist for an address not of this machine, or one of a transport the node has not.
    const hint = reasons.some((r) => r.includes('EADDRINUSE'))
      ? 'another process on that port? '
      : reasons.some((r) => r.includes('EADDRNOTAVAIL')) ? 'not an address of this machine? ' : reasons.some((r) => r.includes('UnsupportedListenAddressError')) ? 'a node listens on TCP and WebSocket (/tcp, /tcp/.../ws) only; ' : ''
    throw new ListenError(`cannot listen on ${reasons.join('; ')} (${hint}set the node's listen addresses with --listen or in its configuration)`, { cause: err })
  }
}

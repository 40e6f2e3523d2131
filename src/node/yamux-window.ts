/**
 * Window updates once half the receive window is used, not after every
 * frame. @chainsafe/libp2p-yamux 8 answers each data frame it receives with
 * a window update: for a stream of small PDUs that is one more frame, Noise
 * encryption and socket write for every PDU, at every hop (in a router's
 * profile on the overlay testnet, about 9 % of its CPU). The yamux spec leaves
 * when to send updates to the receiver; go-yamux and rust-yamux send one
 * once half the window is consumed, as this does. A stream opening or
 * closing (its flags) and a paused stream keep the library's own handling.
 *
 * It replaces one method of the library's stream class, checked to be the
 * one it was written against (the fields it reads exist), once per process.
 */
import { StreamState, YamuxStream } from '@chainsafe/libp2p-yamux/stream'
import { IncompatibleDependencyError } from '../errors.js'

interface WindowFields { state: StreamState, recvWindow: number, recvWindowCapacity: number, sendWindowUpdate: () => void }

let installed = false

export function installWindowUpdateHysteresis (): void {
  if (installed) return
  installed = true
  const proto = YamuxStream.prototype as unknown as WindowFields
  const original = proto.sendWindowUpdate
  if (typeof original !== 'function') throw new IncompatibleDependencyError('@chainsafe/libp2p-yamux changed: YamuxStream has no sendWindowUpdate to tune')
  proto.sendWindowUpdate = function (this: WindowFields) {
    if (typeof this.recvWindowCapacity !== 'number' || typeof this.recvWindow !== 'number') throw new IncompatibleDependencyError('@chainsafe/libp2p-yamux changed: its stream has no receive window fields')
    if (this.state === StreamState.Established && this.recvWindowCapacity * 2 > this.recvWindow) return
    original.call(this)
  }
}

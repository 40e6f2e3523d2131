/**
 * Noise seals each message as two pieces, its 2-byte length and the
 * ciphertext, and libp2p's TCP and WebSocket connections write each piece
 * of what they are given apart: a socket write (a system call, and on
 * loopback the receiver's TCP processing too) per piece. Joined into one
 * buffer first, a PDU costs a router one write per link where it cost two:
 * measured, the largest single cost of a router forwarding appends, and a
 * quarter less CPU per append on each router of a 3-hop path. In a browser
 * (WebSocket) it halves the frames each send makes.
 */
import type { ConnectionEncrypter, MessageStream } from '@libp2p/interface'
import { Uint8ArrayList } from 'uint8arraylist'

/** What libp2p's stream classes call to hand bytes to the transport (AbstractMessageStream). */
interface SendsData {
  sendData: (data: Uint8ArrayList) => { sentBytes: number, canSendMore: boolean }
}

/**
 * Sends up to this many bytes are joined. A longer one (a read streaming
 * records, in Noise messages of 64 KiB) goes as it is: a write per piece
 * costs little next to its bytes, and joining would copy them all.
 */
const JOIN_MAX_BYTES = 16 * 1024

function joinWrites (connection: MessageStream): void {
  const stream = connection as unknown as Partial<SendsData>
  const sendData = stream.sendData?.bind(connection)
  if (sendData === undefined) return
  // subarray() copies only a list of several pieces; a list of one gives that piece.
  stream.sendData = (data) => sendData(data.byteLength <= JOIN_MAX_BYTES ? new Uint8ArrayList(data.subarray()) : data)
}

/** `encrypter` with every connection it secures writing each send as one buffer. */
export function joinedWrites<Components> (encrypter: (components: Components) => ConnectionEncrypter): (components: Components) => ConnectionEncrypter {
  return (components) => {
    const inner = encrypter(components)
    return {
      protocol: inner.protocol,
      secureInbound: async (connection, options) => { joinWrites(connection); return await inner.secureInbound(connection, options) },
      secureOutbound: async (connection, options) => { joinWrites(connection); return await inner.secureOutbound(connection, options) }
    }
  }
}

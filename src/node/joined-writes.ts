/**
 * Noise seals each message as two pieces or more (its 2-byte length, the
 * ciphertext, for a message sealed in parts each part and the tag), and
 * libp2p's TCP and WebSocket connections write each piece of what they are
 * given apart: a socket write (a system call, and on loopback the
 * receiver's TCP processing too) per piece. Joined into one buffer first, a
 * PDU costs a router one write per link where it cost two: measured, the
 * largest single cost of a router forwarding appends, and a quarter less
 * CPU per append on each router of a 3-hop path. In a browser (WebSocket)
 * it halves the frames each send makes. A longer send over TCP is not
 * copied: its pieces leave in one gathered write (writev) instead.
 */
import type { ConnectionEncrypter, MessageStream } from '@libp2p/interface'
import { Uint8ArrayList } from 'uint8arraylist'

/** What libp2p's stream classes call to hand bytes to the transport (AbstractMessageStream). */
interface SendsData {
  sendData: (data: Uint8ArrayList) => { sentBytes: number, canSendMore: boolean }
}

/** libp2p's TCP connection (@libp2p/tcp's TCPSocketMultiaddrConnection) keeps its socket here. */
interface OverSocket {
  socket?: unknown
}

/**
 * What a gathered send uses of a node:net Socket: recognised by its shape,
 * since this module is in the browser bundle too (where node:net is not and
 * a WebSocket connection has no such socket).
 */
interface CorkableSocket {
  cork: () => void
  uncork: () => void
  write: (piece: Uint8Array) => boolean
  readonly writableLength: number
  readonly writableHighWaterMark: number
  readonly destroyed: boolean
}

function corkable (socket: unknown): CorkableSocket | undefined {
  const s = socket as Partial<CorkableSocket> | undefined
  return typeof s?.cork === 'function' && typeof s.uncork === 'function' && typeof s.write === 'function' && typeof s.writableLength === 'number' ? s as CorkableSocket : undefined
}

/**
 * Sends up to this many bytes are joined: copying them costs less than
 * gathering them. A longer one (a read streaming records, in Noise
 * messages of 64 KiB) over TCP is gathered; over another transport it goes
 * as it is, where joining would copy every byte.
 */
const JOIN_MAX_BYTES = 16 * 1024

/**
 * A send as one gathered socket write: the socket is corked while each
 * piece is handed to it and uncorked at once, which writes them all with
 * one writev. Every piece of the send is handed over (the socket queues
 * what the kernel does not take yet), so the send is whole; whether more
 * may follow is what the socket holds afterwards, and its 'drain' (which
 * the connection passes on) says when.
 */
function gatheredSend (socket: CorkableSocket, data: Uint8ArrayList): { sentBytes: number, canSendMore: boolean } {
  socket.cork()
  try {
    for (const piece of data) socket.write(piece)
  } finally {
    socket.uncork()
  }
  // What the kernel took at uncork has left the queue; a queue still at its
  // mark means the last write said so, and the socket will emit 'drain'.
  return { sentBytes: data.byteLength, canSendMore: socket.writableLength < socket.writableHighWaterMark }
}

function joinWrites (connection: MessageStream): void {
  const stream = connection as unknown as Partial<SendsData>
  const sendData = stream.sendData?.bind(connection)
  if (sendData === undefined) return
  const gather = corkable((connection as OverSocket).socket)
  stream.sendData = (data) => {
    // subarray() copies only a list of several pieces; a list of one gives that piece.
    if (data.byteLength <= JOIN_MAX_BYTES) return sendData(new Uint8ArrayList(data.subarray()))
    return gather === undefined || gather.destroyed ? sendData(data) : gatheredSend(gather, data)
  }
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

// Window updates once half the receive window is used (src/node/yamux-window.ts),
// on the library's own stream class: a stream of small frames gets one update
// per half window, not one per frame, and never runs out of window.
import { logger } from '@libp2p/logger'
import { StreamState, YamuxStream } from '@chainsafe/libp2p-yamux/stream'
import { describe, expect, it } from 'vitest'
import { pduMuxer } from '../../src/node/pdu-transport.js'

// Frame types of the yamux spec.
const DATA = 0
const WINDOW_UPDATE = 1
const WINDOW = 256 * 1024

/** A frame header as the stream hands it to its muxer. */
interface SentFrame { type: number, length: number }

function stream (state: StreamState): { s: YamuxStream, sent: SentFrame[] } {
  const sent: SentFrame[] = []
  const s = new YamuxStream({ streamId: 1, state, direction: 'inbound', log: logger('test:yamux'), sendFrame: (frame: SentFrame) => { sent.push(frame); return true }, getRTT: () => -1 } as unknown as ConstructorParameters<typeof YamuxStream>[0])
  return { s, sent }
}

const receive = (s: YamuxStream, bytes: number): void => {
  (s as unknown as { handleData: (frame: unknown) => void }).handleData({ header: { type: DATA, flag: 0, streamID: 1, length: bytes }, data: new Uint8Array(bytes) })
}

describe('yamux window updates', () => {
  pduMuxer() // installs the change, as every node does when it builds its libp2p
  it('an established stream sends one update per half window of small frames, for what was used', () => {
    const { s, sent } = stream(StreamState.Established)
    const updates = (): SentFrame[] => sent.filter((f) => f.type === WINDOW_UPDATE)
    for (let i = 0; i < 400; i++) receive(s, 300) // 120,000 bytes: under half the window
    expect(updates()).toHaveLength(0)
    receive(s, 11_000) // 131,000: still under half (131,072)
    expect(updates()).toHaveLength(0)
    receive(s, 1000) // 132,000: past half
    expect(updates()).toHaveLength(1)
    expect(updates()[0]!.length).toBe(132_000)
    // The window is whole again: the sender never waits with a window still half full.
    for (let i = 0; i < 436; i++) receive(s, 300)
    expect(updates()).toHaveLength(1)
    receive(s, 300) // 131,100 since the update
    expect(updates()).toHaveLength(2)
  })

  it('a stream still opening acknowledges at once (the library\'s own handling), and a full window is never exceeded', () => {
    const { s, sent } = stream(StreamState.SYNReceived)
    receive(s, 300)
    expect(sent.filter((f) => f.type === WINDOW_UPDATE)).toHaveLength(1)
    const established = stream(StreamState.Established)
    // Up to the whole window without an update is allowed; one byte more is the sender's fault.
    receive(established.s, WINDOW / 2 - 1)
    expect(() => { receive(established.s, WINDOW / 2 + 2) }).toThrow(/Receive window exceeded/)
  })
})

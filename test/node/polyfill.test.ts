// The WebSocket the polyfill gives Node 20 (ws's, an EventEmitter) for @libp2p/websockets to dial with.
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'

/** A loopback port nothing listens on (taken, then let go). */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('no TCP port')
  await new Promise((resolve) => server.close(resolve))
  return address.port
}

// Found following moved notices of WebSocket addresses: a dial aborted before its socket failed (the node stopping,
// a dial's timeout) left ws's WebSocket with no 'error' listener, and the failure that came after was thrown as an
// uncaught exception, which ends a node's process.
describe('a WebSocket dial given up before it fails', () => {
  it('fails without an uncaught exception: the socket closes', async () => {
    const socket = new globalThis.WebSocket(`ws://127.0.0.1:${await closedPort()}`)
    // What @libp2p/websockets does when its dial is aborted: it stops listening for 'open' and 'error', and leaves the socket.
    const listener = (): void => {}
    socket.addEventListener('error', listener)
    socket.removeEventListener('error', listener)
    const code = await new Promise<number>((resolve) => { socket.addEventListener('close', (event) => { resolve(event.code) }) })
    expect(code).toBe(1006)
  }, 5000)
})

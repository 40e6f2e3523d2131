/**
 * What js-libp2p 3 needs from the runtime that Node 20 lacks. Import this
 * before anything from libp2p (ESM evaluates imports in order).
 */
import { WebSocket } from 'ws'

if (typeof (Promise as { withResolvers?: unknown }).withResolvers !== 'function') {
  // Node 22 has it; libp2p 3, yamux and @libp2p/utils call it at run time.
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T> (this: PromiseConstructor) {
      let resolve!: (value: T) => void
      let reject!: (reason?: unknown) => void
      const promise = new this<T>((res, rej) => { resolve = res; reject = rej })
      return { promise, resolve, reject }
    }
  })
}

/**
 * ws's WebSocket, with an 'error' listener of its own from the start. ws's is
 * an EventEmitter, which throws an 'error' no one listens for: a dial
 * @libp2p/websockets gave up (aborted: the node stopping, a dial's timeout)
 * stops listening and leaves the socket, whose failure after that was an
 * uncaught exception, ending the node's process. The browser's WebSocket, an
 * EventTarget, drops such an event; the 'close' that follows still comes.
 */
class DialledWebSocket extends WebSocket {
  constructor (...args: ConstructorParameters<typeof WebSocket>) {
    super(...args)
    this.on('error', () => {})
  }
}

// @libp2p/websockets dials with the global WebSocket, which Node 20 has only behind a flag.
if (typeof globalThis.WebSocket === 'undefined') {
  (globalThis as { WebSocket?: unknown }).WebSocket = DialledWebSocket
}

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

// @libp2p/websockets dials with the global WebSocket, which Node 20 has only behind a flag.
if (typeof globalThis.WebSocket === 'undefined') {
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket
}

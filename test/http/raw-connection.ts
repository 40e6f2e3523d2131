// Raw TCP connections to a node's HTTP services, for what fetch cannot do:
// hold a connection idle, trickle a body, pipeline requests, leave out Host.
import { connect, type Socket } from 'node:net'
import { afterEach } from 'vitest'

export interface RawConnection {
  socket: Socket
  /** Everything the server sent so far. */
  received: () => string
  /** Resolves true once the server closed the connection, false if it still holds it after `ms`. */
  closedWithin: (ms: number) => Promise<boolean>
  /** Resolves once `received()` holds `text`, or `bodyBytes` after the first head's blank line (at most `ms`; rejects then). */
  waitFor: (text: string | RegExp | { bodyBytes: number }, ms: number) => Promise<void>
}

/** A TCP connection to the server at `url` (http://host:port), once connected. */
export async function rawConnection (url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url)
  const socket = connect({ host: hostname, port: Number(port) })
  let text = ''
  let closed = false
  const changed = new Set<() => void>()
  const notify = (): void => { for (const f of changed) f() }
  socket.on('data', (chunk: Buffer) => { text += chunk.toString('latin1'); notify() })
  socket.on('close', () => { closed = true; notify() })
  socket.on('error', () => {})
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
  const until = async (done: () => boolean, ms: number): Promise<boolean> => await new Promise((resolve) => {
    if (done()) { resolve(true); return }
    const check = (): void => { if (done()) finish(true) }
    const timer = setTimeout(() => { finish(false) }, ms)
    const finish = (value: boolean): void => { clearTimeout(timer); changed.delete(check); resolve(value) }
    changed.add(check)
  })
  return {
    socket,
    received: () => text,
    closedWithin: async (ms) => await until(() => closed, ms),
    async waitFor (wanted, ms) {
      // A body's length is checked without a regular expression: one over megabytes, tried on each chunk that came,
      // took seconds of a loaded machine's CPU.
      const hasBody = (bytes: number): boolean => {
        if (text.length < bytes) return false
        const at = text.indexOf('\r\n\r\n')
        return at >= 0 && text.length - at - 4 >= bytes
      }
      const holds = (): boolean => typeof wanted === 'string' ? text.includes(wanted) : wanted instanceof RegExp ? wanted.test(text) : hasBody(wanted.bodyBytes)
      if (!await until(holds, ms)) throw new Error(`no ${String(wanted)} within ${ms} ms; received: ${text.slice(0, 300)}`)
    }
  }
}

/**
 * Reads `c` (its socket paused) at `bytesPerSecond`, by the clock (a late timer reads what it owes), as a slow client
 * does; `taken()` says how many bytes it read, `stop()` stops reading.
 */
export function readAtPace (c: RawConnection, bytesPerSecond: number): { taken: () => number, stop: () => void } {
  let taken = 0
  const started = performance.now()
  const timer = setInterval(() => {
    for (let owed = Math.floor((performance.now() - started) * bytesPerSecond / 1000) - taken; owed > 0;) {
      const chunk = c.socket.read(Math.min(owed, c.socket.readableLength)) as Buffer | null
      if (chunk === null || chunk.length === 0) { c.socket.read(0); break }
      taken += chunk.length
      owed -= chunk.length
    }
  }, 50)
  return { taken: () => taken, stop: () => { clearInterval(timer) } }
}

/** The status codes of the answers in `text`, in order (an answer's status line follows the body before it directly). */
export function statuses (text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]))
}

/**
 * Opens raw connections for the tests of a file, each destroyed after the
 * test that opened it (before the servers of harnesses made earlier stop:
 * vitest runs after-hooks last-registered first).
 */
export function rawConnectionsPerTest (): (url: string) => Promise<RawConnection> {
  const opened: RawConnection[] = []
  afterEach(() => { for (const c of opened.splice(0)) c.socket.destroy() })
  return async (url) => {
    const c = await rawConnection(url)
    opened.push(c)
    return c
  }
}

/**
 * The last step of a router's move (docs/moving.md section 3): the old
 * instance tells the new one to go on as the router, and stops only once it
 * said so. Until then the new instance is provisional: without the word in
 * time (the move failed, or it was frozen while the old one gave up) it
 * stands down, so two instances of one router do not both go on.
 *
 * The word is a token that travelled with the router's state, inside its
 * migration (Noise-encrypted, to the standby the router authenticated):
 * nobody else saw it. Both instances have the router's key and so its peer
 * id, which libp2p will not dial from itself: the old instance dials from a
 * libp2p node of a key of its own made for this, and Noise proves the far
 * end holds the router's key.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createConnection } from 'node:net'
import { noise } from '@chainsafe/libp2p-noise'
import { generateKeyPair } from '@libp2p/crypto/keys'
import type { Libp2p, Stream } from '@libp2p/interface'
import { logger } from '@libp2p/logger'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { MalformedMessageError, RouterMoveFailedError } from '../errors.js'
import { decodeProto, pb } from '../wire/index.js'
import { pduMuxer } from './pdu-transport.js'
import { startLibp2p } from './start-libp2p.js'

export const ROUTER_COMMIT_PROTOCOL = '/gdp/router-commit/1.0.0'
/**
 * How long a new instance waits for the commit after it starts, at most:
 * past the old instance's own steps (up to 15 s for the new address to
 * answer, 2 s for the first wave, 15 s for the links to drain, 5 s for the
 * commit's answer), with room to spare.
 */
export const MOVE_COMMIT_WAIT_MS = 60_000
export const MOVE_TOKEN_BYTES = 32
/** How often a move that failed is called off at the new instance, until it answers. */
export const CALL_OFF_EVERY_MS = 2000
/** How soon a commit whose dial failed is dialled again. */
const COMMIT_REDIAL_MS = 50
const log = logger('gdp:node')
/** Either message is a few bytes: more is no commit. */
const MAX_MESSAGE_BYTES = 256

export function newMoveToken (): Uint8Array {
  return new Uint8Array(randomBytes(MOVE_TOKEN_BYTES))
}

/** The bytes the far end sent until it closed its writing end (at most MAX_MESSAGE_BYTES). */
async function readAll (stream: Stream, signal: AbortSignal): Promise<Uint8Array> {
  return await new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = []
    let length = 0
    const fail = (err: Error): void => { stream.abort(err); reject(err) }
    signal.addEventListener('abort', () => { fail(signal.reason as Error) }, { once: true })
    stream.addEventListener('message', (event) => {
      const bytes = event.data.subarray()
      length += bytes.length
      if (length > MAX_MESSAGE_BYTES) { fail(new MalformedMessageError(`a router commit message over ${MAX_MESSAGE_BYTES} bytes`)); return }
      chunks.push(bytes)
    })
    stream.addEventListener('end', () => { resolve(Buffer.concat(chunks)) })
    stream.addEventListener('close', (event) => {
      const error = (event as { error?: Error }).error
      if (error !== undefined) reject(error)
      else resolve(Buffer.concat(chunks))
    })
  })
}

/**
 * The new instance's side: takes the old instance's commit on `libp2p`
 * (the new router node), checking `token` (only the old instance has it);
 * `onCommit` runs before the answer goes, and its error (if any) is the
 * answer.
 */
export async function acceptCommit (libp2p: Libp2p, token: Uint8Array, onCommit: () => void, onAbort: () => void, timeoutMs: number): Promise<void> {
  await libp2p.handle(ROUTER_COMMIT_PROTOCOL, async (stream) => {
    let answer: pb.IRouterMoveCommitted
    try {
      const commit = decodeProto(pb.RouterMoveCommit, await readAll(stream, AbortSignal.timeout(timeoutMs)), 'router move commit')
      const given = commit.token ?? new Uint8Array(0)
      if (given.length !== token.length || !timingSafeEqual(given, token)) throw new MalformedMessageError('not the token of this move')
      if (commit.abort === true) {
        onAbort()
        answer = { committed: false, error: 'standing down: the move was called off' }
      } else {
        onCommit()
        answer = { committed: true }
      }
    } catch (err) {
      answer = { committed: false, error: (err as Error).message }
    }
    if (stream.status !== 'open') return
    stream.send(pb.RouterMoveCommitted.encode(answer).finish())
    await stream.close().catch(() => {})
  }, { runOnLimitedConnection: false })
}

/**
 * After a move that failed once the new instance may have started: tells
 * it to stand down, again and again until it answers or its own wait for
 * the commit is over (it stands down by itself then). A new instance
 * frozen during the switch and woken while the old one went on had run as
 * a second router until its wait ran out, and its parent routed to it.
 * Each call waits up to `everyMs` for its answer, and the next goes `everyMs` after.
 */
export function callOff (address: string, token: Uint8Array, signal: AbortSignal, everyMs = CALL_OFF_EVERY_MS): void {
  // On the monotonic clock, as every wait below: a step of the wall clock stretched or cut them by its size.
  const until = performance.now() + MOVE_COMMIT_WAIT_MS + everyMs
  void (async () => {
    while (!signal.aborted && performance.now() < until) {
      try {
        // Nothing listening (the standby gone, the new instance dead): no libp2p node is started for it.
        if (!await listening(address, 0)) throw new Error('nothing listens there')
        await sendCommit(address, token, everyMs, true)
        log('the move to %s is called off: the new instance stood down', address)
        return
      } catch {}
      await new Promise((resolve) => setTimeout(resolve, everyMs).unref())
    }
  })()
}

/**
 * The old instance's side: tells the new one at `address` (ending in the
 * router's own peer id) to go on as the router, or with `abort` to stand
 * down. Throws RouterMoveFailedError when it does not say it did within
 * `timeoutMs`.
 */
export async function sendCommit (address: string, token: Uint8Array, timeoutMs: number, abort = false): Promise<void> {
  const dialer = await createLibp2p({
    privateKey: await generateKeyPair('Ed25519'),
    start: false,
    addresses: { listen: [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [pduMuxer()]
  })
  await startLibp2p(dialer)
  try {
    const signal = AbortSignal.timeout(timeoutMs)
    let answer: pb.RouterMoveCommitted
    try {
      const stream = await dialUntilAnswered(dialer, address, signal)
      const reply = readAll(stream, signal)
      stream.send(pb.RouterMoveCommit.encode({ token, abort }).finish())
      await stream.close({ signal })
      const bytes = await reply
      if (bytes.length === 0) throw new MalformedMessageError('the stream closed without an answer')
      answer = decodeProto(pb.RouterMoveCommitted, bytes, 'router move commit answer')
    } catch (err) {
      throw new RouterMoveFailedError(`the new instance at ${address} did not confirm taking over within ${timeoutMs} ms: ${(err as Error).message}`)
    }
    if (answer.committed !== true && !abort) throw new RouterMoveFailedError(`the new instance at ${address} did not take over: ${answer.error === '' ? 'no reason given' : answer.error}`)
  } finally {
    await dialer.stop()
  }
}

/**
 * A commit stream to the new instance at `address`, dialled again until
 * `signal` ends: with no neighbour to wait for, the commit can go before
 * the standby (still listening there under its own key) made way for the
 * new instance, and Noise then refuses the standby's key.
 */
async function dialUntilAnswered (dialer: Libp2p, address: string, signal: AbortSignal): Promise<Stream> {
  for (;;) {
    try {
      return await dialer.dialProtocol(multiaddr(address), ROUTER_COMMIT_PROTOCOL, { signal })
    } catch (err) {
      if (signal.aborted) throw err
      await new Promise((resolve) => setTimeout(resolve, COMMIT_REDIAL_MS))
    }
  }
}

/**
 * Whether something accepts TCP connections at `address`, tried until
 * `timeoutMs` (once, with 0); true at once for an address that is not TCP.
 */
export async function listening (address: string, timeoutMs: number): Promise<boolean> {
  const parts = multiaddr(address).getComponents()
  const host = parts.find((c) => c.name === 'ip4' || c.name === 'ip6' || c.name === 'dns4' || c.name === 'dns6' || c.name === 'dns')?.value
  const port = Number(parts.find((c) => c.name === 'tcp')?.value)
  if (host === undefined || !Number.isInteger(port)) return true
  const deadline = performance.now() + timeoutMs
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host, port }, () => { socket.destroy(); resolve(true) })
      // A host that answers nothing (no refusal either) is not waited on for the kernel's minutes.
      socket.setTimeout(Math.max(1000, timeoutMs), () => { socket.destroy(); resolve(false) })
      socket.once('error', () => { resolve(false) })
    })
    if (open) return true
    if (performance.now() + 10 >= deadline) return false
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

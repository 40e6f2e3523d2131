/**
 * libp2p's ping service with an answering side that holds at most the
 * stream's receive window. @libp2p/ping's handler reads a stream with
 * `for await`, whose queue takes every message at once (yamux then opens
 * its window again), and stops only to wait for its echo to drain: a peer
 * that sent pings without end and never read the echoes made it keep all of
 * them until its 10 s timeout. Found by attacking a router from the
 * network: 12 ping streams of 4 connections took it from 200 MiB to 1.1 GiB
 * in 10 s. Here a stream whose echo waits for its peer is paused (its yamux
 * window stays shut) until the echo drains.
 */
import { ping, type Ping, type PingInit } from '@libp2p/ping'
import type { Stream } from '@libp2p/interface'
import { RequestTimeoutError } from '../errors.js'

/** How long an answered ping stream lasts at most, as @libp2p/ping's own handler (its TIMEOUT). */
export const PING_ANSWER_TIMEOUT_MS = 10_000

/** What the service's constructor sets on it and its start() registers (@libp2p/ping 3.x). */
interface PingHandler { handlePing: (stream: Stream) => void }

/** @libp2p/ping's service, its inbound streams answered by echoPing. */
export function boundedPing (init: PingInit): ReturnType<typeof ping> {
  const make = ping(init)
  return (components) => {
    const service = make(components)
    const handler = service as unknown as PingHandler
    if (typeof handler.handlePing !== 'function') throw new Error('@libp2p/ping is not the one src/node/ping-echo.ts knows (3.x): its answers would not be bounded')
    handler.handlePing = (stream) => { echoPing(stream, init.timeout ?? PING_ANSWER_TIMEOUT_MS) }
    return service as Ping
  }
}

/** Sends back what comes on `stream` until its peer closes it, reading no more while an echo waits for the peer to read. */
export function echoPing (stream: Stream, timeoutMs: number): void {
  const timer = setTimeout(() => { stream.abort(new RequestTimeoutError(`a ping stream open for ${timeoutMs} ms`)) }, timeoutMs)
  stream.addEventListener('close', () => { clearTimeout(timer) })
  let waiting = false
  stream.addEventListener('drain', () => {
    waiting = false
    if (stream.readStatus !== 'paused') return
    stream.resume()
    // resume() hands on what came meanwhile and then opens the window: an echo that had to wait again meanwhile shuts it again.
    if (waiting && (stream.readStatus as Stream['readStatus']) === 'readable') stream.pause()
  })
  stream.addEventListener('message', (event) => {
    try {
      if (stream.send(event.data)) return
    } catch (err) {
      stream.abort(err as Error)
      return
    }
    waiting = true
    if (stream.readStatus === 'readable') stream.pause()
  })
  stream.addEventListener('remoteCloseWrite', () => { stream.close().catch(() => {}) })
}

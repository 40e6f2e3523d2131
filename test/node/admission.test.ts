// The receive side's admission and fair queueing, and the connection gater's
// per-IP limits, on their own (no sockets).
import { afterEach, describe, expect, it, vi } from 'vitest'
import { multiaddr } from '@multiformats/multiaddr'
import type { MultiaddrConnection, PeerId } from '@libp2p/interface'
import { FairReceiver, TokenBucket, type Frame } from '../../src/node/receive-queue.js'
import { GdpConnectionGater, ipAllowList } from '../../src/node/connection-gater.js'
import { waitFor } from '../helpers.js'

const frame = (n = 100): Frame => ({ byteLength: n, subarray: () => new Uint8Array(n) })

describe('token bucket', () => {
  it('lets a burst through, then the rate', () => {
    const b = new TokenBucket(100, 10, 0)
    let taken = 0
    for (let i = 0; i < 50; i++) if (b.take(1, 0)) taken++
    expect(taken).toBe(10)
    expect(b.take(1, 5)).toBe(false) // 0.5 token after 5 ms
    expect(b.take(1, 10)).toBe(true) // 1 token after 10 ms
    expect(b.take(5, 1000)).toBe(true) // refilled, capped at 10
    expect(b.take(6, 1000)).toBe(false)
  })
})

describe('fair receiver', () => {
  it('at rest, handles a frame in the call that admitted it', () => {
    const handled: string[] = []
    const r = new FairReceiver<string>({}, 1 << 20, { handle: (_f, link) => { handled.push(link) }, disconnect: () => true })
    const q = r.open('a', false)
    r.admit(q, frame(), performance.now())
    r.run()
    expect(handled).toEqual(['a'])
  })

  it("serves links round-robin: one link's backlog does not hold another's frame", async () => {
    const handled: string[] = []
    const r = new FairReceiver<string>({ sliceFrames: 8 }, 1 << 20, { handle: (_f, link) => { handled.push(link) }, disconnect: () => true })
    const junk = r.open('junk', true)
    const legit = r.open('legit', true)
    for (let i = 0; i < 1000; i++) r.admit(junk, frame(), performance.now())
    r.run() // one slice of the junk at once, the rest later
    r.admit(legit, frame(), performance.now())
    r.run() // a round is scheduled: the legitimate frame waits its turn, not the whole backlog
    await waitFor(() => handled.length === 1001, { timeoutMs: 5000, what: 'the receiver to serve every queued frame' })
    expect(handled).toHaveLength(1001)
    expect(handled.indexOf('legit')).toBeLessThanOrEqual(16)
    expect(r.counters.queued).toBe(0)
  })

  it('drops and counts frames over the rate, and disconnects a link that stays over it', () => {
    const disconnected: string[] = []
    const r = new FairReceiver<string>({ framesPerSecond: 100, burstFrames: 10, disconnectAfterMs: 2000 }, 1 << 20, { handle: () => {}, disconnect: (link) => { disconnected.push(link); return true } })
    const q = r.open('a', false, 0)
    const exempt = r.open('neighbour', true, 0)
    for (let t = 0; t <= 3000; t += 10) { // 10 frames every 10 ms: 1000/s against 100/s
      for (let i = 0; i < 10; i++) { r.admit(q, frame(), t); r.admit(exempt, frame(), t) }
      r.run()
    }
    expect(r.counters.rateLimited).toBeGreaterThan(2500)
    expect(r.counters.rateLimited).toBeLessThan(3010 - 300)
    expect(disconnected).toEqual(['a']) // once, and never the exempt link
    expect(r.counters.rateLimitDisconnects).toBe(1)
  })

  it('a link the node spares stays linked however long it is over its rate: its frames over it are still dropped, and each period over is counted', () => {
    const asked: string[] = []
    const r = new FairReceiver<string>({ framesPerSecond: 100, burstFrames: 10, disconnectAfterMs: 1000 }, 1 << 20, { handle: () => {}, disconnect: (link) => { asked.push(link); return false } })
    const q = r.open('child router', false, 0)
    for (let t = 0; t <= 3500; t += 10) {
      for (let i = 0; i < 10; i++) r.admit(q, frame(), t)
      r.run()
    }
    expect(r.counters.rateLimited).toBeGreaterThan(3000)
    // Asked at 1, 2 and 3 s over; never counted as a disconnect.
    expect(asked).toEqual(['child router', 'child router', 'child router'])
    expect(r.counters.rateLimitSpared).toBe(3)
    expect(r.counters.rateLimitDisconnects).toBe(0)
  })

  it('past the frame rate takes the frames a link was asked for (replies to this node\'s requests), up to askedFramesPerSecond more; not the others', () => {
    const disconnected: string[] = []
    const handled: number[] = []
    const replies = new Set<number>()
    const numbered = (n: number): Frame => ({ byteLength: 100, subarray: () => new Uint8Array([n]) })
    const r = new FairReceiver<string>({ framesPerSecond: 100, burstFrames: 10, askedFramesPerSecond: 400, disconnectAfterMs: 1000 }, 1 << 20, {
      handle: (f) => { handled.push(f.subarray()[0]!) },
      disconnect: (link) => { disconnected.push(link); return true },
      asked: (f) => replies.has(f.subarray()[0]!)
    })
    expect(r.limits.askedFramesPerSecond).toBe(400)
    expect(new FairReceiver<string>({ framesPerSecond: 100 }, 1 << 20, { handle: () => {}, disconnect: () => true }).limits.askedFramesPerSecond).toBe(800)
    const q = r.open('server', false, 0)
    replies.add(1)
    // 3 s of 300 replies a second, three times the frame rate: all taken, the link kept.
    for (let t = 0; t < 3000; t += 10) { for (let i = 0; i < 3; i++) r.admit(q, numbered(1), t); r.run() }
    expect(handled.length).toBe(900)
    expect(r.counters.rateLimited).toBe(0)
    expect(disconnected).toEqual([])
    // Frames it was not asked for, past the rate, are dropped as before; replies past both rates too.
    handled.length = 0
    for (let t = 3000; t < 4500; t += 10) { for (let i = 0; i < 3; i++) r.admit(q, numbered(2), t); for (let i = 0; i < 5; i++) r.admit(q, numbered(1), t); r.run() }
    expect(handled.filter((n) => n === 2).length).toBeLessThanOrEqual(150 + 10)
    expect(handled.filter((n) => n === 1).length).toBeLessThanOrEqual(600 + 800)
    expect(r.counters.rateLimited).toBeGreaterThan(0)
    expect(disconnected).toEqual(['server'])
  })

  it('keeps the frames of a link over its byte rate and says how long not to read it: it is slowed, nothing is dropped', () => {
    const disconnected: string[] = []
    const r = new FairReceiver<string>({ bytesPerSecond: 1000, burstBytes: 500, disconnectAfterMs: 2000 }, 1 << 20, { handle: () => {}, disconnect: (link) => { disconnected.push(link); return true } })
    const q = r.open('a', false, 0)
    expect(r.admit(q, frame(400), 0)).toBe(0) // within the burst
    expect(r.admit(q, frame(400), 0)).toBeCloseTo(300) // 300 bytes owed at 1000 bytes/s
    expect(r.admit(q, frame(2000), 100)).toBeCloseTo(2200) // a frame larger than the bucket still goes in
    const exempt = r.open('neighbour', true, 0)
    expect(r.admit(exempt, frame(1 << 20), 0)).toBe(0)
    // A link that keeps sending over its byte rate for 5 s: every frame kept, never disconnected.
    for (let t = 200; t <= 5000; t += 10) r.admit(q, frame(1000), t)
    r.run()
    expect(r.counters.rateLimited).toBe(0)
    expect(r.counters.throttled).toBeGreaterThan(400)
    expect(disconnected).toEqual([])
  })

  it('a neighbour disconnected for its rate that links again at once, still over it, is disconnected again', () => {
    const disconnected: string[] = []
    const r = new FairReceiver<string>({ framesPerSecond: 100, burstFrames: 10, disconnectAfterMs: 2000 }, 1 << 20, { handle: () => {}, disconnect: (link) => { disconnected.push(link); return true } })
    const flood = (q: ReturnType<typeof r.open>, from: number, to: number): void => { for (let t = from; t <= to; t += 10) for (let i = 0; i < 5; i++) r.admit(q, frame(), t) }
    const first = r.open('a1', false, 0, 'a')
    flood(first, 0, 2500)
    expect(disconnected).toEqual(['a1'])
    r.close(first, 2500)
    // Its allowance is still spent, so linking again gains nothing: and the cut-off holds for the new link too.
    const second = r.open('a2', false, 2510, 'a')
    flood(second, 2510, 5000)
    expect(disconnected).toEqual(['a1', 'a2'])
  })

  it('a link that pauses between bursts is not disconnected', () => {
    const disconnected: string[] = []
    const r = new FairReceiver<string>({ framesPerSecond: 100, burstFrames: 10, disconnectAfterMs: 2000 }, 1 << 20, { handle: () => {}, disconnect: (link) => { disconnected.push(link); return true } })
    const q = r.open('a', false, 0)
    for (let t = 0; t <= 10_000; t += 1500) for (let i = 0; i < 50; i++) r.admit(q, frame(), t) // over the rate in bursts, quiet in between
    expect(r.counters.rateLimited).toBeGreaterThan(0)
    expect(disconnected).toEqual([])
  })

  it("a neighbour's links share its allowance, its queue bounds and its turn while any is open; another neighbour's are its own", async () => {
    const handled: string[] = []
    const r = new FairReceiver<string>({ framesPerSecond: 1, burstFrames: 10, maxQueuedFrames: 16, sliceFrames: 4 }, 1 << 20, { handle: (_f, link) => { handled.push(link) }, disconnect: () => true })
    const links = ['a1', 'a2', 'a3'].map((link) => r.open(link, false, 0, 'a'))
    for (const q of links) for (let i = 0; i < 10; i++) r.admit(q, frame(), 0)
    expect(r.counters.rateLimited).toBe(20) // one burst over three links
    r.close(links[0]!)
    r.close(links[1]!)
    r.admit(links[2]!, frame(), 0)
    expect(r.counters.rateLimited).toBe(21) // still spent while a link of it is open
    r.close(links[2]!, 0)
    const relinked = r.open('a4', false, 0, 'a')
    r.admit(relinked, frame(), 0)
    expect(r.counters.rateLimited).toBe(22) // its last link went, but linking again (a new stream) gives nothing back
    r.close(relinked, 0)
    // What its closed links had queued is handed on all the same (and holds its allowance till then).
    r.run()
    await waitFor(() => r.counters.queued === 0, { timeoutMs: 5000, what: 'the closed links\' frames to be handled' })
    // Its burst refills in 10 s at 1 a second: by then it is forgotten, and one newly linked starts afresh.
    const again = r.open('a5', false, 10_000, 'a')
    for (let i = 0; i < 10; i++) r.admit(again, frame(), 10_000)
    expect(r.counters.rateLimited).toBe(22)
    r.close(again)
    r.run()
    await waitFor(() => r.counters.queued === 0, { timeoutMs: 5000, what: 'the closed link\'s frames to be handled' })
    // Queue bounds and turns: 16 frames waiting over its two exempt links at most, 4 of them a round against the other's 4.
    handled.length = 0
    const [b1, b2] = ['b1', 'b2'].map((link) => r.open(link, true, 0, 'b'))
    const c = r.open('c', true, 0, 'c')
    for (let i = 0; i < 12; i++) { r.admit(b1!, frame(), 0); r.admit(b2!, frame(), 0) }
    for (let i = 0; i < 8; i++) r.admit(c, frame(), 0)
    expect(r.counters.queueOverflow).toBe(8)
    r.run()
    expect(handled.filter((l) => l === 'c')).toHaveLength(4)
    expect(handled.filter((l) => l !== 'c')).toHaveLength(4)
    await waitFor(() => r.counters.queued === 0, { timeoutMs: 5000, what: 'the queues to empty' })
    expect(handled).toHaveLength(24)
  })

  it("a neighbour's links take turns at its slice: one link's backlog does not hold its other link's frame", async () => {
    const handled: string[] = []
    const r = new FairReceiver<string>({ sliceFrames: 4 }, 1 << 20, { handle: (_f, link) => { handled.push(link) }, disconnect: () => true })
    const [busy, quiet] = ['busy', 'quiet'].map((link) => r.open(link, true, 0, 'a'))
    for (let i = 0; i < 100; i++) r.admit(busy!, frame(), 0)
    r.admit(quiet!, frame(), 0)
    r.run()
    await waitFor(() => r.counters.queued === 0, { timeoutMs: 5000, what: 'the queues to empty' })
    // The busy link had the first round's slice; the quiet one's frame goes in the next, not after the whole backlog.
    expect(handled.indexOf('quiet')).toBeLessThanOrEqual(2 * 4)
  })

  // Found by auditing the receive queue: a closed link's queue was emptied, and replies that had arrived whole were lost.
  it("a closed link's frames are still handed on, then `drained` is called; till then they count against its neighbour's bounds, which a new link shares, however long", async () => {
    const handled: string[] = []
    const drained: string[] = []
    const r = new FairReceiver<string>({ framesPerSecond: 1000, maxQueuedFrames: 4, sliceFrames: 1 }, 1 << 20, { handle: (_f, link) => { handled.push(link) }, disconnect: () => true })
    const empty = r.open('empty', false, 0, 'e')
    r.close(empty, 0, () => drained.push('empty'))
    expect(drained).toEqual(['empty']) // nothing waited: at once
    const first = r.open('a1', false, 0, 'a')
    for (let i = 0; i < 4; i++) r.admit(first, frame(), 0)
    r.close(first, 0, () => drained.push('a1'))
    expect(r.admit(first, frame(), 0)).toBe(0) // closed: admits nothing more
    // Linked again long after its buckets refilled: its closed link's 4 frames still fill its bounds.
    const second = r.open('a2', false, 60_000, 'a')
    r.admit(second, frame(), 60_000)
    expect(r.counters.queueOverflow).toBe(1)
    expect(r.counters.queued).toBe(4)
    r.run()
    await waitFor(() => drained.length === 2, { timeoutMs: 5000, what: 'the closed link to be drained' })
    expect(handled).toEqual(['a1', 'a1', 'a1', 'a1'])
    expect(r.counters.queued).toBe(0)
    r.admit(second, frame(), 60_000) // room again
    expect(r.counters.queued).toBe(1)
  })

  it('bounds a queue, but always takes a frame of the largest size', () => {
    const r = new FairReceiver<string>({ maxQueuedFrames: 4, maxQueuedBytes: 1000 }, 1 << 20, { handle: () => {}, disconnect: () => true })
    expect(r.limits.burstBytes).toBeGreaterThanOrEqual(1 << 20)
    const q = r.open('a', true)
    r.admit(q, frame(1 << 20), 0) // bigger than maxQueuedBytes, into an empty queue
    for (let i = 0; i < 10; i++) r.admit(q, frame(10), 0)
    expect(r.counters.queued).toBe(1)
    expect(r.counters.queueOverflow).toBe(10)
  })
})

function maConn (address: string): MultiaddrConnection & { close: () => void, aborted: boolean } {
  const target = new EventTarget()
  const conn = Object.assign(target, {
    remoteAddr: multiaddr(address),
    status: 'open',
    aborted: false,
    close: () => { target.dispatchEvent(new Event('close')) },
    abort: () => { conn.aborted = true; conn.close() }
  })
  return conn as unknown as MultiaddrConnection & { close: () => void, aborted: boolean }
}
const peer = (id: string): PeerId => ({ toString: () => id }) as unknown as PeerId

describe('connection gater', () => {
  // The gater reads the time from Date.now(): tests that need time to pass move that clock instead of sleeping.
  afterEach(() => { vi.useRealTimers() })

  it('limits handshakes in progress per IP, and frees the slot when the socket closes', () => {
    const g = new GdpConnectionGater({ maxPendingPerIp: 2 })
    const a = maConn('/ip4/10.0.0.1/tcp/1000')
    const b = maConn('/ip4/10.0.0.1/tcp/1001')
    expect(g.denyInboundConnection(a)).toBe(false)
    expect(g.denyInboundConnection(b)).toBe(false)
    expect(g.denyInboundConnection(maConn('/ip4/10.0.0.1/tcp/1002'))).toBe(true)
    expect(g.denyInboundConnection(maConn('/ip4/10.0.0.2/tcp/1000'))).toBe(false) // another address
    expect(g.counters.deniedPendingPerIp).toBe(1)
    a.close()
    expect(g.denyInboundConnection(maConn('/ip4/10.0.0.1/tcp/1003'))).toBe(false)
    expect(g.counters.pending).toBe(3)
  })

  it('limits open connections per IP; upgraded connections leave the pending count', () => {
    const g = new GdpConnectionGater({ maxPendingPerIp: 2, maxConnectionsPerIp: 3 })
    const conns = [0, 1, 2].map((i) => maConn(`/ip4/10.0.0.1/tcp/${i}`))
    for (const c of conns) {
      expect(g.denyInboundConnection(c)).toBe(false)
      expect(g.denyInboundUpgradedConnection(peer('p'), c)).toBe(false)
    }
    expect(g.counters).toMatchObject({ pending: 0, open: 3 })
    expect(g.denyInboundConnection(maConn('/ip4/10.0.0.1/tcp/9'))).toBe(true)
    expect(g.counters.deniedConnectionsPerIp).toBe(1)
    conns[0]!.close()
    expect(g.counters.open).toBe(2)
    expect(g.denyInboundConnection(maConn('/ip4/10.0.0.1/tcp/9'))).toBe(false)
  })

  it('with every pending slot taken, a newcomer replaces the oldest handshake pending long enough', () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const g = new GdpConnectionGater({ maxPending: 2, evictAfterMs: 40 })
    const first = maConn('/ip4/10.0.0.1/tcp/1')
    expect(g.denyInboundConnection(first)).toBe(false)
    expect(g.denyInboundConnection(maConn('/ip4/10.0.0.2/tcp/1'))).toBe(false)
    expect(g.denyInboundConnection(maConn('/ip4/10.0.0.3/tcp/1'))).toBe(true) // none pending long enough
    expect(g.counters.deniedPendingTotal).toBe(1)
    vi.advanceTimersByTime(60) // past evictAfterMs
    expect(g.denyInboundConnection(maConn('/ip4/10.0.0.3/tcp/2'))).toBe(false)
    expect(first.aborted).toBe(true)
    expect(g.counters).toMatchObject({ pending: 2, evicted: 1 })
  })

  it('counts an IPv6 /64 as one address, and IPv4-mapped addresses as IPv4', () => {
    const g = new GdpConnectionGater({ maxPendingPerIp: 1 })
    expect(g.denyInboundConnection(maConn('/ip6/2001:db8:1:2::1/tcp/1'))).toBe(false)
    expect(g.denyInboundConnection(maConn('/ip6/2001:db8:1:2:ffff::7/tcp/1'))).toBe(true)
    expect(g.denyInboundConnection(maConn('/ip6/2001:db8:1:3::1/tcp/1'))).toBe(false)
    expect(g.denyInboundConnection(maConn('/ip6/::ffff:10.0.0.5/tcp/1'))).toBe(false)
    expect(g.denyInboundConnection(maConn('/ip4/10.0.0.5/tcp/2'))).toBe(true)
  })

  it('exempts allow-listed addresses and networks from the limits and from bans', () => {
    const allow = ipAllowList(['/ip4/10.0.0.7/tcp/4040/p2p/12D3KooWEoBcQR1Y1DRTpyS34X3Dd69Hg4uvaFWq6D2MPxLrvE54', '/ip4/192.168.0.0/ipcidr/16', '/dns4/example.com/tcp/1'])
    expect(allow).toEqual(['/ip4/10.0.0.7/ipcidr/32', '/ip4/192.168.0.0/ipcidr/16'])
    const g = new GdpConnectionGater({ maxPendingPerIp: 1, allow })
    for (let i = 0; i < 5; i++) expect(g.denyInboundConnection(maConn(`/ip4/10.0.0.7/tcp/${i}`))).toBe(false)
    for (let i = 0; i < 5; i++) expect(g.denyInboundConnection(maConn(`/ip4/192.168.3.4/tcp/${i}`))).toBe(false)
    expect(g.counters.pending).toBe(0)
    g.ban(peer('bad'))
    expect(g.denyInboundEncryptedConnection(peer('bad'), maConn('/ip4/10.0.0.8/tcp/1'))).toBe(true)
    expect(g.denyInboundEncryptedConnection(peer('bad'), maConn('/ip4/10.0.0.7/tcp/1'))).toBe(false)
    expect(g.denyInboundEncryptedConnection(peer('good'), maConn('/ip4/10.0.0.8/tcp/1'))).toBe(false)
    expect(g.counters).toMatchObject({ bans: 1, deniedBanned: 1 })
  })

  it('streams negotiating their protocol: maxNegotiatingPerIp per IP, then refused; past maxNegotiating in all the one negotiating longest is reset; allow-listed ones not counted', () => {
    const g = new GdpConnectionGater({ maxNegotiatingPerIp: 2, maxNegotiating: 3, allow: ['/ip4/10.0.0.9'] })
    const stream = (): { abort: (err: Error) => void, reset?: string } => { const s: { abort: (err: Error) => void, reset?: string } = { abort: (err) => { s.reset = err.message } }; return s }
    const from = (ip: string): ReturnType<typeof multiaddr> => multiaddr(`/ip4/${ip}/tcp/4000`)
    const [a1, a2, a3] = [stream(), stream(), stream()]
    expect(g.admitNegotiation(from('10.0.0.1'), a1)).toBe(true)
    expect(g.admitNegotiation(from('10.0.0.1'), a2)).toBe(true)
    expect(g.admitNegotiation(from('10.0.0.1'), a3)).toBe(false)
    expect(g.counters.deniedNegotiatingPerIp).toBe(1)
    // a1 settles its protocol: room for another of that IP.
    g.negotiated(a1)
    expect(g.admitNegotiation(from('10.0.0.1'), a3)).toBe(true)
    // Allow-listed: not counted, however many.
    for (let i = 0; i < 5; i++) expect(g.admitNegotiation(from('10.0.0.9'), stream())).toBe(true)
    const b = stream()
    expect(g.admitNegotiation(from('10.0.0.2'), b)).toBe(true) // 3 in all
    const c = stream()
    expect(g.admitNegotiation(from('10.0.0.3'), c)).toBe(true) // 4: a2, the oldest, is reset
    expect(a2.reset).toMatch(/3 streams negotiating their protocol, and this one negotiated longest/)
    expect([a3, b, c].map((s) => s.reset)).toEqual([undefined, undefined, undefined])
    expect(g.counters.negotiatingEvicted).toBe(1)
    // a2 no longer counts against its IP.
    expect(g.admitNegotiation(from('10.0.0.1'), stream())).toBe(true)
  })

  it('a ban lapses', () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    const g = new GdpConnectionGater({ banMs: 30 })
    g.ban(peer('bad'))
    expect(g.banned(peer('bad'))).toBe(true)
    vi.advanceTimersByTime(50) // past banMs
    expect(g.banned(peer('bad'))).toBe(false)
  })
})

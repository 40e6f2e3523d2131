// `gdp status` as text: a node's store trouble (a full disk refusing new
// data, damage dealt with at open) is said there, not only with --json.
import { describe, expect, it } from 'vitest'
import { statusText } from '../../src/cli/admin-commands.js'

const running = {
  name: 'n', role: 'server', domain: null, peerId: 'p', uptimeSeconds: 5, pid: 1, crypto: 'libsodium', sha256: 'openssl',
  upstream: null, neighbours: [], routes: 0, hosted: 1, subscriptions: 0, addresses: ['/ip4/127.0.0.1/tcp/4040']
}

describe('gdp status as text', () => {
  it('a healthy store has no store line', () => {
    expect(statusText(running)).not.toMatch(/^store/m)
  })

  // Found by killing replicas under a writer: a server refusing every write with its disk full showed nothing of it.
  it('says a store refusing new data for want of room, since when and why, and damage dealt with at open (escaped)', () => {
    const text = statusText({
      ...running,
      storeFull: { since: '2026-12-05T21:00:00.000Z', refused: 75, refusal: 'the disk holding the store at d/store is full: ...' },
      storeDamageAtOpen: ['LevelDB dropped part of its log at open\u001b[2J'],
      storeDamagedBlocks: ['the store format entry: LevelDB: Corruption: block checksum mismatch']
    })
    expect(text).toMatch(/^store {7}FULL since 2026-12-05T21:00:00\.000Z: 75 writes of new data refused; the disk holding the store at d\/store is full: \.\.\.$/m)
    expect(text).toMatch(/^store {7}damage found at open, dealt with: LevelDB dropped part of its log at open\\x1b\[2J$/m)
    // A damaged block is not dealt with: its capsules are refused until a repair.
    expect(text).toMatch(/^store {7}DAMAGED: the store format entry: LevelDB: Corruption: block checksum mismatch$/m)
  })

  it('names the capsules whose damage the last repair did not mend, the first of them and how many more', () => {
    const text = statusText({
      ...running,
      repair: { repaired: 0, failed: 3, refused: 0, unavailable: 4, heldBack: 9, unmendedCount: 3, unmended: [{ capsule: 'cap1', failures: 2, retryInSeconds: 17, error: 'capsule cap1: records 16..31 are damaged\u001b[2J' }] }
    })
    expect(text).toMatch(/^capsule {5}DAMAGED, not mended: cap1: 2 failed repairs, tried again in 17 s or by 'gdp capsule repair': capsule cap1: records 16\.\.31 are damaged\\x1b\[2J$/m)
    expect(text).toMatch(/^capsule {5}DAMAGED, not mended: 2 more$/m)
    expect(statusText({ ...running, repair: { repaired: 1, failed: 0, refused: 0, unavailable: 0, heldBack: 0, unmendedCount: 0, unmended: [] } })).not.toMatch(/^capsule {5}DAMAGED/m)
  })

  // Found by replacing a server's node.key: its capsules went unrouted, and its status said nothing.
  it('says the capsules not advertised because their AdCerts name another server, and which', () => {
    const text = statusText({ ...running, delegatedElsewhere: { old: 2 } })
    expect(text).toMatch(/^capsules {4}NOT ADVERTISED: 2 capsules in this store are delegated to server old, not to this node \(n\), .*node\.key of old/m)
    // Where the old key is lost, the owners' way: a renewal asking this server (no router has a route to ask by).
    expect(text).toMatch(/or have their owners place them on this node's key: gdp capsule renew --all-from n --node <a node's address>$/m)
  })

  // Found by starting a router whose --neighbours named a server: it linked, routed nothing from it, and said nothing.
  it('says which configured neighbours are not routers, and how a server is attached instead', () => {
    const text = statusText({ ...running, neighboursNotRouters: { s: '/ip4/127.0.0.1/tcp/1/p2p/x' } })
    expect(text).toMatch(/^neighbours {2}NOT A ROUTER: s \(\/ip4\/127\.0\.0\.1\/tcp\/1\/p2p\/x\), a configured neighbour, .* start it with --upstream set to this router's address$/m)
  })

  // Found by copying a server's data folder and starting both: only their router said so, in its own status.
  it('says the upstream\'s warning about this server (two nodes advertise with its key), and when it came last', () => {
    const text = statusText({ ...running, advertiser: { refused: 0, lastWarning: { warning: 'router r sees two nodes advertise with this server\'s key (n)', at: '2026-12-07T02:00:00.000Z' } } })
    expect(text).toMatch(/^upstream {4}WARNS \(last at 2026-12-07T02:00:00\.000Z\): router r sees two nodes advertise with this server's key \(n\)$/m)
  })

  // Found by starting a server whose --upstream was another server: only --json showed why nothing was routed.
  it('says the last snapshot the upstream refused, and why', () => {
    const text = statusText({ ...running, advertiser: { refused: 1, lastRefusal: { sequence: 3, error: 'x is a server, not a router', at: '2026-12-07T02:00:00.000Z' } } })
    expect(text).toMatch(/^upstream {4}refused this server's snapshot \(update 3, the last it refused\) at 2026-12-07T02:00:00\.000Z: x is a server, not a router$/m)
    // A child router whose parent does not trust its domain (a typo in --trusted-domains): said nowhere on the router.
    expect(statusText({ ...running, role: 'router', parentRefusal: { sequence: 9, error: 'domain d is not trusted by this node', at: '2026-12-07T02:00:00.000Z' } })).toMatch(/^upstream {4}refused this router's announcement \(update 9, the last it refused\) at 2026-12-07T02:00:00\.000Z: domain d is not trusted by this node$/m)
  })

  // Found by copying a server's data folder to make a second node: its router said nothing.
  it('says a server whose key two nodes run with', () => {
    expect(statusText({ ...running, serversOnTwoLinks: { srv: 4 } })).toMatch(/^servers {5}ONE KEY TWICE: server srv advertised over two links in turn \(4 s ago\): two nodes run with its key/m)
  })
})

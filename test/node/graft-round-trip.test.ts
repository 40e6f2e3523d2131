// A node grafted to another router and back (drain attack F5): the link it
// keeps must lead to the router it came back to. It kept dialling the one it
// had left, the node's own configured upstream standing in for the router it
// was grafted from.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { RequestTimeoutError } from '../../src/errors.js'
import type { GdpNode } from '../../src/node/node.js'
import { waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

/** Two routers, and a server whose configured upstream is the first. */
async function homeAwayAndServer (): Promise<{ home: GdpNode, away: GdpNode, server: GdpNode }> {
  const home = await start('router')
  const away = await start('router')
  return { home, away, server: await start('server', home) }
}

describe('a graft away and back', () => {
  it('when its link drops, the node relinks to the router it came back to, not to the one it visited (stopped since)', async () => {
    const { home, away, server } = await homeAwayAndServer()
    await home.graftNeighbour(server.name, away.multiaddrs()[0]!)
    await away.graftNeighbour(server.name, home.multiaddrs()[0]!)
    await away.stop()
    // The link home drops (home restarting would do it): the server dials again, and must dial home.
    for (const c of server.libp2p.getConnections()) c.abort(new Error('the link drops (test)'))
    await waitFor(() => server.forwarder.link(home.name) !== undefined || undefined, { timeoutMs: 15_000, intervalMs: 100, what: `the server to link to ${formatName(home.name)} again` })
    expect(server.stats().upstream).toEqual({ name: formatName(home.name), linked: true })
  }, 60_000)
})

describe('a graft to a router that goes away (drain attack F6)', () => {
  it('the node finds its way back to its configured upstream (it dialled the dead router alone, for good)', async () => {
    const { home, away, server } = await homeAwayAndServer()
    await home.graftNeighbour(server.name, away.multiaddrs()[0]!)
    await away.stop()
    const upstream = (): unknown => JSON.parse(JSON.stringify(server.stats().upstream))
    await waitFor(() => JSON.stringify(upstream()) === JSON.stringify({ name: formatName(home.name), linked: true }) || undefined, { timeoutMs: 15_000, intervalMs: 100, what: `the server to make ${formatName(home.name)} its upstream again` })
  }, 60_000)
})

describe('grafts and drains at once (drain attack F2)', () => {
  it('a second graft of a neighbour while one is under way, and a second drain while one runs, are refused at once; a neighbour\'s silence is a RequestTimeoutError of its own', async () => {
    const { home, away, server } = await homeAwayAndServer()
    const first = home.graftNeighbour(server.name, away.multiaddrs()[0]!)
    // The second took the first's place and the first waited out its 60 s, reported as the target out of reach.
    await expect(home.graftNeighbour(server.name, away.multiaddrs()[0]!)).rejects.toThrow(`a graft of ${formatName(server.name)} is under way already: wait for it to end`)
    await first
    const drains = [away.drain([home.multiaddrs()[0]!]), away.drain([home.multiaddrs()[0]!])]
    await expect(drains[1]).rejects.toThrow('a drain of this router is under way already: wait for it to end')
    expect((await drains[0]!).moved.map((m) => [m.neighbour, m.error])).toEqual([[formatName(server.name), undefined]])
    // No answer within the time allowed: the neighbour's own error, which a drain does not count against the target.
    await expect(home.graftNeighbour(server.name, away.multiaddrs()[0]!, 1)).rejects.toBeInstanceOf(RequestTimeoutError)
  }, 60_000)
})

describe('grafts and a move of the router at once', () => {
  it('a move while a graft is under way is refused, and a graft, drain or rebalance while the router moves (the new instance kept the grafted neighbour\'s routes, pointing at a neighbour that never linked to it)', async () => {
    const { home, away, server } = await homeAwayAndServer()
    const grafting = home.graftNeighbour(server.name, away.multiaddrs()[0]!)
    await expect(home.migrateTo(away.multiaddrs()[0]!)).rejects.toThrow(`the router did not move to ${away.multiaddrs()[0]!}: a graft of ${formatName(server.name)} is under way; wait for it to end`)
    await grafting
    // A move under way (here to a node that refuses it as no standby: it fails once asked).
    const moving = away.migrateTo(home.multiaddrs()[0]!)
    const moves = `this router is moving to ${home.multiaddrs()[0]!}, its neighbours following it there; once the move ends (or fails), try again`
    await expect(away.graftNeighbour(server.name, home.multiaddrs()[0]!)).rejects.toThrow(`cannot graft a neighbour: ${moves}`)
    await expect(away.drain([home.multiaddrs()[0]!])).rejects.toThrow(`cannot drain it: ${moves}`)
    await expect(away.rebalance({ to: [home.multiaddrs()[0]!], share: 1, windowMs: 1, apply: true })).rejects.toThrow(`cannot rebalance it: ${moves}`)
    await expect(moving).rejects.toThrow()
    // Once it failed, a graft goes through.
    await away.graftNeighbour(server.name, home.multiaddrs()[0]!)
  }, 60_000)
})

describe('a rebalance onto the router itself', () => {
  it('is refused before it measures, as a drain is (it measured for the whole window, then planned the neighbours\' moves to where they are)', async () => {
    const { home, away } = await homeAwayAndServer()
    const self = home.multiaddrs()[0]!
    for (const to of [[self], [away.multiaddrs()[0]!, self]]) {
      await expect(home.rebalance({ to, share: 1, windowMs: 3_600_000, apply: true })).rejects.toThrow(`${self} is this router: its neighbours are attached here already; name another router`)
    }
    await expect(home.rebalance({ to: ['/ip4/127.0.0.1/tcp/1'], share: 1, windowMs: 1, apply: false })).rejects.toThrow('\'/ip4/127.0.0.1/tcp/1\' must end in /p2p/<the other router\'s peer id>')
  }, 60_000)
})

describe('a graft whose links to the old router fail to retire', () => {
  it('is answered once, as done: the error after it told the router that asked its success was a failure too', async () => {
    const { home, away, server } = await homeAwayAndServer()
    const link = server.forwarder.link(home.name)!
    const answers: string[] = []
    const send = link.send.bind(link)
    link.send = (pdu, encoded) => {
      if (pdu.graft?.done === true) answers.push(pdu.graft.error ?? '')
      send(pdu, encoded)
    }
    server.transport.retireOlderLinks = () => { throw new Error('retiring fails (test)') }
    // The home router has the first answer: the server sent any second one in the same turn, before it could arrive.
    await home.graftNeighbour(server.name, away.multiaddrs()[0]!)
    expect(answers).toEqual([''])
  }, 60_000)
})

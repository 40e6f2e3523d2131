// Where a kept link is dialled after its neighbour moved (docs/moving.md
// sections 2 and 4): the same node's new instance, with the address it left
// as the fallback; another router (a graft), with the configured address as
// the fallback, so a node whose new router went away finds its way back
// (drain attack F6: it was stranded, dialling the dead router alone).
import { afterEach, describe, expect, it } from 'vitest'
import { LinkKeeper } from '../../src/node/link-keeper.js'
import { waitFor } from '../helpers.js'

const peerIdOf = (address: string): string | undefined => address.split('/p2p/')[1]
const at = (port: number, peer: string): string => `/ip4/127.0.0.1/tcp/${port}/p2p/${peer}`
const keepers: LinkKeeper[] = []
afterEach(() => { for (const k of keepers.splice(0)) k.stop() })

/** A keeper whose every dial fails, the addresses it dialled in order, after the first dial of `home`. */
async function refusedKeeper (home: string): Promise<{ keeper: LinkKeeper, dialled: string[] }> {
  const dialled: string[] = []
  const keeper = new LinkKeeper({ retryMs: 10 }, { connect: async (address) => { dialled.push(address); throw new Error('refused') } })
  keepers.push(keeper)
  keeper.keep(home, { up: () => false }, home)
  await waitFor(() => dialled.length > 0 || undefined, { timeoutMs: 2000, what: 'the first dial' })
  dialled.length = 0
  return { keeper, dialled }
}

const distinct = async (dialled: string[]): Promise<string[]> => {
  await waitFor(() => dialled.length >= 6 || undefined, { timeoutMs: 5000, what: 'six dials' })
  return [...new Set(dialled)].sort()
}

describe('a kept link after its neighbour moved', () => {
  it('a graft to another router: the new router, and the configured one by turns when it does not answer', async () => {
    const { keeper, dialled } = await refusedKeeper(at(1, 'A'))
    keeper.readdress('A', at(2, 'B'), peerIdOf)
    expect(await distinct(dialled)).toEqual([at(1, 'A'), at(2, 'B')])
  })

  it('the same node at a new address: the new one, and the one it left by turns', async () => {
    const { keeper, dialled } = await refusedKeeper(at(1, 'A'))
    keeper.readdress('A', at(3, 'A'), peerIdOf)
    expect(await distinct(dialled)).toEqual([at(1, 'A'), at(3, 'A')])
  })

  it('a graft away and back: the configured router alone again', async () => {
    const { keeper, dialled } = await refusedKeeper(at(1, 'A'))
    keeper.readdress('A', at(2, 'B'), peerIdOf)
    keeper.readdress('B', at(1, 'A'), peerIdOf)
    dialled.length = 0
    expect(await distinct(dialled)).toEqual([at(1, 'A')])
  })

  it('a graft onward (A to B to C): C, and the configured A by turns, not B', async () => {
    const { keeper, dialled } = await refusedKeeper(at(1, 'A'))
    keeper.readdress('A', at(2, 'B'), peerIdOf)
    keeper.readdress('B', at(4, 'C'), peerIdOf)
    dialled.length = 0
    expect(await distinct(dialled)).toEqual([at(1, 'A'), at(4, 'C')])
  })
})

// Found timing the command line's tests: a command given a node's address where the port refused every dial waited
// 10 s and said only "cannot reach ... within 10000 ms".
describe('why a kept link is down', () => {
  it('is the last failed dial, where it was dialled and its error; gone once a dial succeeds', async () => {
    let refuse = true
    let linked = 0
    const keeper = new LinkKeeper({ retryMs: 10 }, {
      connect: async (address) => {
        if (refuse) throw new Error(`connect ECONNREFUSED ${address}`)
        return new Uint8Array(32)
      }
    })
    keepers.push(keeper)
    expect(keeper.lastFailure(at(1, 'A'))).toBeUndefined()
    keeper.keep(at(1, 'A'), { up: () => linked > 0, onLinked: () => { linked++ } }, at(1, 'A'))
    await waitFor(() => keeper.lastFailure(at(1, 'A')), { timeoutMs: 2000, what: 'a failed dial' })
    expect(keeper.lastFailure(at(1, 'A'))).toEqual({ address: at(1, 'A'), message: `connect ECONNREFUSED ${at(1, 'A')}` })
    // Moved: the failure is told for the configured address too, naming where the dial went.
    keeper.readdress('A', at(2, 'A'), peerIdOf)
    await waitFor(() => keeper.lastFailure(at(1, 'A'))?.address === at(2, 'A') || undefined, { timeoutMs: 2000, what: 'a failed dial of the new address' })
    refuse = false
    await waitFor(() => linked > 0 || undefined, { timeoutMs: 2000, what: 'the link' })
    expect(keeper.lastFailure(at(1, 'A'))).toBeUndefined()
  })

  // Found running the browser client's Chromium test: its LinkTimeoutError said "the last dial failed: undefined".
  it('a dial rejected with a bare error event, as a browser\'s WebSocket fails, says so and what it may be, not "undefined"', async () => {
    const keeper = new LinkKeeper({ retryMs: 10 }, { connect: async () => { throw new Event('error') } })
    keepers.push(keeper)
    keeper.keep(at(1, 'A'), { up: () => false }, at(1, 'A'))
    await waitFor(() => keeper.lastFailure(at(1, 'A')), { timeoutMs: 2000, what: 'a failed dial' })
    expect(keeper.lastFailure(at(1, 'A'))).toEqual({ address: at(1, 'A'), message: 'the connection failed with an error event of no reason (a browser\'s WebSocket gives none: nothing listens there, no answer, a TLS failure, or a page origin the node does not take)' })
  })
})

// A command given a node's address whose port refused every dial waited the whole 10 s link timeout: refused dials
// are told apart (upstreamReady bounds them), and dialled again sooner when a caller waits on them.
describe('dials refused: nothing listens at the address', () => {
  const refusal = (address: string): Error => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' })

  it('keep when the first of them was, until a dial fails otherwise or succeeds; each failure is told to the link', async () => {
    let failWith: ((address: string) => Error) | undefined = refusal
    let linked = 0
    const told: Array<number | undefined> = []
    const keeper = new LinkKeeper({ retryMs: 10 }, {
      connect: async (address) => {
        if (failWith !== undefined) throw failWith(address)
        return new Uint8Array(32)
      }
    })
    keepers.push(keeper)
    keeper.keep(at(1, 'A'), { up: () => linked > 0, onLinked: () => { linked++ }, onDialFailed: (failure) => { told.push(failure.refusedSinceMs) } })
    await waitFor(() => told.length >= 3 || undefined, { timeoutMs: 2000, what: 'three refused dials' })
    const since = told[0]
    expect(since).toBeTypeOf('number')
    expect(told.slice(0, 3)).toEqual([since, since, since])
    // On the monotonic clock, as the wait for refused dials (GdpNode.upstreamReady) counts: on the wall clock, a step of
    // it ahead ended that wait at once with LinkRefusedError.
    expect(since).toBeLessThanOrEqual(performance.now())
    expect(since).toBeGreaterThan(performance.now() - 2000)
    failWith = (address) => new Error(`the operation was aborted due to timeout (${address})`)
    await waitFor(() => (keeper.lastFailure(at(1, 'A'))?.message.includes('timeout') ?? false) || undefined, { timeoutMs: 2000, what: 'a dial that timed out' })
    expect(keeper.lastFailure(at(1, 'A'))?.refusedSinceMs).toBeUndefined()
    failWith = refusal
    await waitFor(() => keeper.lastFailure(at(1, 'A'))?.refusedSinceMs, { timeoutMs: 2000, what: 'a refused dial again' })
    failWith = undefined
    await waitFor(() => linked > 0 || undefined, { timeoutMs: 2000, what: 'the link' })
    expect(keeper.lastFailure(at(1, 'A'))).toBeUndefined()
  })

  it('dialSoon dials a link that is down once more, sooner than its next check; not one that is up, nor after stop', async () => {
    let dials = 0
    let up = false
    // Checked once an hour: every dial past the first is dialSoon's.
    const keeper = new LinkKeeper({ retryMs: 3_600_000 }, { connect: async (address) => { dials++; throw refusal(address) } })
    keepers.push(keeper)
    keeper.keep(at(1, 'A'), { up: () => up })
    await waitFor(() => dials === 1 || undefined, { timeoutMs: 2000, what: 'the first dial' })
    keeper.dialSoon(at(1, 'A'), 1)
    await waitFor(() => dials === 2 || undefined, { timeoutMs: 2000, what: 'the dial asked for' })
    // A timer set after dialSoon's, of the same delay, fires after it: once it did, a dial dialSoon made has begun.
    const afterDialSoon = async (): Promise<void> => { await new Promise((resolve) => setTimeout(resolve, 1)) }
    up = true
    keeper.dialSoon(at(1, 'A'), 1)
    await afterDialSoon()
    up = false
    keeper.dialSoon(at(1, 'A'), 1)
    keeper.stop()
    keeper.dialSoon(at(1, 'A'), 1)
    await afterDialSoon()
    expect(dials).toBe(2)
  })
})

// Found by reading the keeper: each check dialled a link that was down, dials in flight or not, so a neighbour whose
// handshake stalled (or a dial that waited out its timeout) was dialled once more every retryMs, the dials piling up.
describe('a dial in flight', () => {
  it('is the only one: checks while it runs dial nothing more, the next check after it failed dials again', async () => {
    const pending: Array<(err: Error) => void> = []
    let checks = 0
    const keeper = new LinkKeeper({ retryMs: 1 }, { connect: async () => await new Promise<Uint8Array>((resolve, reject) => { pending.push(reject) }) })
    keepers.push(keeper)
    keeper.keep(at(1, 'A'), { up: () => { checks++; return false } })
    await waitFor(() => checks >= 5 || undefined, { timeoutMs: 2000, what: 'five checks' })
    expect(pending).toHaveLength(1)
    pending[0]!(new Error('timed out'))
    await waitFor(() => pending.length === 2 || undefined, { timeoutMs: 2000, what: 'the next dial' })
    const after = checks
    await waitFor(() => checks >= after + 5 || undefined, { timeoutMs: 2000, what: 'five checks more' })
    expect(pending).toHaveLength(2)
  })
})

import { describe, expect, it } from 'vitest'
import { CreateRefusedError, QuotaExceededError } from '../../src/errors.js'
import { CreatePolicy } from '../../src/server/create-policy.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { testCapsule } from '../helpers.js'

const refusal = (fn: () => void): string => { try { fn(); return 'admitted' } catch (err) { return (err as Error).name } }

describe('create policy', () => {
  it('an allow-list admits its owners only', () => {
    const allowed = testCapsule()
    const policy = new CreatePolicy({ allowOwners: [allowed.owner.publicKey] })
    expect(refusal(() => { policy.admit(allowed.signed, allowed.name, false) })).toBe('admitted')
    const other = testCapsule()
    expect(refusal(() => { policy.admit(other.signed, other.name, false) })).toBe(CreateRefusedError.name)
  })

  it('holds each owner to its capsule quota, counting what is stored; repeating a create is not a new capsule', () => {
    const t = testCapsule()
    const policy = new CreatePolicy({ maxCapsulesPerOwner: 3 })
    policy.held(t.signed) // one stored before the server started
    policy.admit(t.signed, t.name, false)
    policy.admit(t.signed, t.name, false) // at the limit: 3
    expect(refusal(() => { policy.admit(t.signed, t.name, false) })).toBe(QuotaExceededError.name)
    expect(refusal(() => { policy.admit(t.signed, t.name, true) })).toBe('admitted')
    // Another owner has its own quota.
    const u = testCapsule()
    expect(refusal(() => { policy.admit(u.signed, u.name, false) })).toBe('admitted')
  })

  it('limits creates per minute by one owner and by all, refilling over time; the message says when to retry', () => {
    let now = 0
    const policy = new CreatePolicy({ maxCreatesPerMinutePerOwner: 2, maxCreatesPerMinute: 3 }, () => now)
    const a = testCapsule()
    policy.admit(a.signed, a.name, false)
    policy.admit(a.signed, a.name, false)
    let message = ''
    try { policy.admit(a.signed, a.name, false) } catch (err) { message = (err as Error).message }
    expect(message).toMatch(/create_rate\b.*try again in 30 s/)
    const b = testCapsule()
    policy.admit(b.signed, b.name, false) // the third of the server's 3 a minute
    const c = testCapsule()
    expect(refusal(() => { policy.admit(c.signed, c.name, false) })).toBe(QuotaExceededError.name)
    now += 30_000 // half a minute: one create per owner back, 1.5 for the server
    expect(refusal(() => { policy.admit(a.signed, a.name, false) })).toBe('admitted')
    expect(refusal(() => { policy.admit(c.signed, c.name, false) })).toBe(QuotaExceededError.name)
  })

  // Found by sending a stored create again, many times, from a peer with no key: a capsule's signed metadata is in
  // every info answer, and each repeat drew on its owner's create_rate, so the owner's next new capsule was refused.
  it("a repeated create (a capsule already stored) draws on the server's rate only, not on its owner's", () => {
    let now = 0
    const policy = new CreatePolicy({ maxCreatesPerMinutePerOwner: 2, maxCreatesPerMinute: 5 }, () => now)
    const a = testCapsule()
    policy.admit(a.signed, a.name, false)
    // Three repeats of the stored create: past the owner's 2 a minute, within the server's 5.
    for (let i = 0; i < 3; i++) expect(refusal(() => { policy.admit(a.signed, a.name, true) })).toBe('admitted')
    // The owner's second new capsule of the minute is taken.
    const metadata = newMetadata({ owner: a.owner.publicKey, writer: a.writer.publicKey, createdAtUs: 1_700_000_000_000_001, nonce: new Uint8Array(16) })
    expect(refusal(() => { policy.admit(signMetadata(metadata, a.owner), capsuleName(metadata), false) })).toBe('admitted')
    // The server's rate holds repeats too: 5 taken this minute.
    expect(refusal(() => { policy.admit(a.signed, a.name, true) })).toBe(QuotaExceededError.name)
    now += 60_000
    expect(refusal(() => { policy.admit(a.signed, a.name, true) })).toBe('admitted')
  })

  // Found by starting a server on a clock ten years ahead and setting it right while it ran: every create was refused
  // QUOTA_EXCEEDED, "try again in 315359912 s", until a restart (the buckets had started ten years ahead).
  it('rates count running time: a wall clock stepped back (or ahead) neither refuses creates for the length of the step nor grants more', () => {
    const TEN_YEARS = 10 * 365 * 86_400_000
    const real = Date.now
    let offset = TEN_YEARS
    try {
      Date.now = () => real() + offset
      const policy = new CreatePolicy({ maxCreatesPerMinutePerOwner: 2, maxCreatesPerMinute: 3 })
      const a = testCapsule()
      policy.admit(a.signed, a.name, false)
      offset = 0
      expect(refusal(() => { policy.admit(a.signed, a.name, false) })).toBe('admitted')
      const b = testCapsule()
      expect(refusal(() => { policy.admit(b.signed, b.name, false) })).toBe('admitted')
      // And a step ahead gives no more: the server's 3 a minute are taken.
      offset = TEN_YEARS
      const c = testCapsule()
      expect(refusal(() => { policy.admit(c.signed, c.name, false) })).toBe(QuotaExceededError.name)
    } finally {
      Date.now = real
    }
  })

  it('holds each owner to its byte quota, at and past the limit; a failed write gives the bytes back', () => {
    const t = testCapsule()
    const owner = t.owner.publicKey
    const policy = new CreatePolicy({ maxBytesPerOwner: 1000 })
    policy.usage(owner, 400) // saved before a restart
    policy.admitBytes(owner, 600) // exactly at the limit
    expect(refusal(() => { policy.admitBytes(owner, 1) })).toBe(QuotaExceededError.name)
    policy.releaseBytes(owner, 100)
    expect(refusal(() => { policy.admitBytes(owner, 100) })).toBe('admitted')
    expect(policy.usageChanged).toBe(true)
    expect(policy.takeChangedOwners()).toEqual([owner])
    expect(policy.bytesOf(owner)).toBe(1000)
    expect(policy.usageChanged).toBe(false)
    expect(policy.takeChangedOwners()).toEqual([])
  })
})

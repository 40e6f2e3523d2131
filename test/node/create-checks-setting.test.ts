// create_checks_per_second reaches a server's capsule service (as
// writing_budget does, beside it): both were the service's options alone, so
// an operator could not bound a small machine's create checks or the appends
// it holds waiting for its disk.
import { describe, expect, it } from 'vitest'
import { signDeletion } from '../../src/capsule/deletion.js'
import { RequestRefusedError } from '../../src/errors.js'
import { signAdCert } from '../../src/routing/certificates.js'
import { MAX_REMOVALS } from '../../src/routing/replica-set.js'
import { testCapsule } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

describe('create_checks_per_second on a server node', () => {
  it('bounds the signatures its creates carry: creates of 66 each are taken until 153 a second are spent, then refused QUOTA_EXCEEDED naming the setting\'s value', async () => {
    const server = await start('server', undefined, { createChecksPerSecond: 153 })
    const client = await start('client', server)
    const create = async (): Promise<unknown> => {
      const t = testCapsule(Date.now() * 1000)
      const now = Date.now() * 1000
      const adCert = signAdCert({ capsule: t.name, server: server.name, notBeforeUs: now - 1e6, notAfterUs: now + 3600e6 }, t.owner)
      // Removals of servers that never held it: each a signature to check, as a replica set may carry 64.
      const removals = Array.from({ length: MAX_REMOVALS }, () => signDeletion(t.name, now, t.owner, crypto.getRandomValues(new Uint8Array(32))))
      return await client.client.create(t.signed, server.name, adCert, [adCert], { removals }).then(() => 'created', (err: unknown) => err)
    }
    const outcomes: unknown[] = []
    // Two take 132 of the 153; the third, or one soon after as the share refills, is refused. Bounded at 8.
    while (outcomes.length < 8 && !(outcomes.at(-1) instanceof Error)) outcomes.push(await create())
    expect(outcomes.slice(0, 2)).toEqual(['created', 'created'])
    const refused = outcomes.at(-1) as RequestRefusedError
    expect(refused).toBeInstanceOf(RequestRefusedError)
    expect(refused.reason).toBe('QUOTA_EXCEEDED')
    expect(refused.message).toMatch(/checks 153 signatures a second for creates, shared by the neighbours sending them, and this create carries 66 besides its metadata's/)
    // Past a second the share is whole again.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(await create()).toBe('created')
  }, 30_000)
})

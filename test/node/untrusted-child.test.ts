// A parent router that does not trust its child's domain (a typo in
// --trusted-domains): found by starting one so. The child's servers were
// told why their snapshots were refused; the child router itself, whose
// membership the parent refused, said nothing in its status or its log.
import { describe, expect, it } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { nodeName } from '../../src/routing/signing.js'
import { waitFor } from '../helpers.js'
import { admittedRouter, nodesPerTest } from './local-nodes.js'

const start = nodesPerTest({ advertiseIntervalMs: 200 })

describe('a child router whose parent does not trust its domain', () => {
  it('shows the parent\'s refusal in its status', async () => {
    const { membership, key } = admittedRouter()
    const otherDomain = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const parent = await start('router', undefined, { trustedDomains: [formatName(nodeName(otherDomain.publicKey))] })
    const child = await start('router', parent, { membership }, key)
    await start('server', child)
    const refusal = await waitFor(() => child.stats().parentRefusal as { error: string } | undefined, { timeoutMs: 5000, what: 'the child to see its announcement refused' })
    expect(refusal.error).toMatch(/is not trusted by this node/)
  }, 20_000)
})

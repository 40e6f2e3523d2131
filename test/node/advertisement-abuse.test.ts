// A peer whose own key makes it a "server" over its own link, sending a
// router advertisement updates full of AdCerts it forged: each costs the
// router a signature check, so the peer is cut off and refused for peer_ban,
// as a neighbour over its frame rate is; what it listed is not counted as
// routes in status.
import { describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { PDU_VERSION } from '../../src/routing/forwarder.js'
import { EMPTY_SET_DIGEST, signAdCert, signAdvertisement, signedAdvertisementToPb, type AdvertisedCapsule } from '../../src/routing/certificates.js'
import { MAX_BAD_ADCERT_SIGNATURES } from '../../src/routing/route-table.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { testCapsule, waitFor } from '../helpers.js'
import { nodesPerTest } from './local-nodes.js'

const start = nodesPerTest()

describe('advertisements from a self-made server', () => {
  it('an update with more than MAX_BAD_ADCERT_SIGNATURES forged AdCerts cuts the sender off and bans its peer id; none of it counts as routes', async () => {
    const router = await start('router')
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const attacker = await start('client', router, {}, key)
    const nowUs = Date.now() * 1000
    // One capsule each (one listed twice makes the update malformed before any AdCert is checked).
    const added: AdvertisedCapsule[] = Array.from({ length: MAX_BAD_ADCERT_SIGNATURES + 1 }, () => {
      const t = testCapsule(nowUs)
      const real = signAdCert({ capsule: t.name, server: attacker.name, notBeforeUs: nowUs - 60e6, notAfterUs: nowUs + 3600e6 }, t.owner)
      return { metadata: t.signed, adCert: { ...real, ownerSignature: crypto.getRandomValues(new Uint8Array(64)) } }
    })
    const update = signAdvertisement({ serverKey: key.publicKey, router: router.name, sequence: 1, issuedAtUs: nowUs, expiresAtUs: nowUs + 3600e6, cost: 1, added, withdrawn: [], set: { count: 0, digest: new Uint8Array(EMPTY_SET_DIGEST) } }, key)
    const routesBefore = router.stats().routes as number
    attacker.forwarder.link(router.name)!.send({ version: PDU_VERSION, destination: router.name, source: attacker.name, ttl: 1, nonce: crypto.getRandomValues(new Uint8Array(16)), advertisement: signedAdvertisementToPb(update) })
    await waitFor(() => router.gater.counters.bans === 1, { timeoutMs: 5000, what: 'the router to ban the forger' })
    await waitFor(() => router.forwarder.link(attacker.name) === undefined, { timeoutMs: 5000, what: 'the forger\'s link to close' })
    expect((router.stats().rejectedAdvertisements as Record<string, number>)['bad-signature']).toBe(MAX_BAD_ADCERT_SIGNATURES + 1)
    // The set went with the link; the refused names were never routes.
    expect(router.stats().routes).toBe(routesBefore)
    expect(router.gater.banned(attacker.libp2p.peerId)).toBe(true)
  })
})

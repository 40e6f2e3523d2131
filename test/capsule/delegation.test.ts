// Placement delegations (docs/spec.md section 3.1): an owner lets another key
// sign AdCerts and remove replicas of one capsule, for a period, and nothing
// more. Checked where every AdCert and removal is checked.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeSignedPlacementDelegation, encodeSignedPlacementDelegation, signPlacementDelegation, type SignedPlacementDelegation } from '../../src/capsule/delegation.js'
import { decodeSignedDeletion, encodeSignedDeletion, signDeletion, verifyDeletion } from '../../src/capsule/deletion.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CertificateError, InvalidSignatureError, MalformedMessageError } from '../../src/errors.js'
import { decodeSignedAdCert, decodeSignedAdvertisement, encodeSignedAdCert, encodeSignedAdvertisement, signAdCert, signAdvertisement, verifyAdCert, type SignedAdCert } from '../../src/routing/certificates.js'
import { currentDelegations, decodeReplicaSet, encodeReplicaSet, MAX_DELEGATIONS, withDelegations } from '../../src/routing/replica-set.js'
import { AdvertisementProcessor, RouteTable } from '../../src/routing/route-table.js'
import { nodeName } from '../../src/routing/signing.js'
import { testCapsule } from '../helpers.js'

const NOW = 1_800_000_000_000_000
const HOUR = 3_600_000_000
const signer = (): Ed25519Signer => new Ed25519Signer(generateEd25519KeyPair().secretKey)
const problem = (fn: () => unknown): string => { try { fn(); return 'accepted' } catch (err) { return err instanceof CertificateError ? err.problem : (err as Error).name } }

const t = testCapsule()
const operator = signer()
const server = signer()
const serverName = nodeName(server.publicKey)
const delegation = signPlacementDelegation({ capsule: t.name, delegate: operator.publicKey, notBeforeUs: NOW - HOUR, notAfterUs: NOW + 10 * HOUR }, t.owner)
const delegatedAdCert = (change: { notBeforeUs?: number, notAfterUs?: number } = {}, by = operator, d: SignedPlacementDelegation = delegation): SignedAdCert =>
  signAdCert({ capsule: t.name, server: serverName, notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR, ...change }, by, d)

describe('AdCerts signed by a delegate', () => {
  it('hold with the owner\'s delegation, survive encoding, and attract the capsule\'s traffic at a router', () => {
    const cert = decodeSignedAdCert(encodeSignedAdCert(delegatedAdCert()))
    expect(problem(() => { verifyAdCert(cert, t.name, t.signed, serverName, NOW) })).toBe('accepted')
    const router = signer()
    const table = new RouteTable()
    const p = new AdvertisementProcessor(nodeName(router.publicKey), table)
    // Encoded and decoded as it crosses the link (an advertisement that dropped the delegation was refused: found by the CLI test).
    const ad = decodeSignedAdvertisement(encodeSignedAdvertisement(signAdvertisement({ serverKey: server.publicKey, router: nodeName(router.publicKey), sequence: 1, issuedAtUs: NOW, expiresAtUs: NOW + HOUR, cost: 1, added: [{ metadata: t.signed, adCert: cert }], withdrawn: [], set: { count: 1, digest: t.name } }, server)))
    expect(p.apply(ad, { neighbour: serverName, linkCost: 1 }, NOW).installed).toHaveLength(1)
    expect(table.lookup(t.name, NOW)).toMatchObject({ nextHop: serverName })
  })

  it('are refused when the delegation does not hold: another capsule\'s, forged, expired, not yet valid, or exceeded', () => {
    const other = testCapsule()
    const otherDelegation = signPlacementDelegation({ ...delegation.delegation, capsule: other.name }, other.owner)
    expect(problem(() => { verifyAdCert(delegatedAdCert({}, operator, otherDelegation), t.name, t.signed, serverName, NOW) })).toBe('wrong-capsule')
    // The operator signs a delegation to itself.
    const selfMade = signPlacementDelegation(delegation.delegation, operator)
    expect(problem(() => { verifyAdCert(delegatedAdCert({}, operator, selfMade), t.name, t.signed, serverName, NOW) })).toBe('bad-signature')
    // Someone else signs under the operator's delegation.
    expect(problem(() => { verifyAdCert(delegatedAdCert({}, signer()), t.name, t.signed, serverName, NOW) })).toBe('bad-signature')
    // The owner's own signature does not hold as the delegate's either.
    expect(problem(() => { verifyAdCert(delegatedAdCert({}, t.owner), t.name, t.signed, serverName, NOW) })).toBe('bad-signature')
    expect(problem(() => { verifyAdCert(delegatedAdCert({ notAfterUs: NOW + 20 * HOUR }), t.name, t.signed, serverName, NOW) })).toBe('outside-delegation')
    expect(problem(() => { verifyAdCert(delegatedAdCert({ notBeforeUs: NOW - 2 * HOUR }), t.name, t.signed, serverName, NOW) })).toBe('outside-delegation')
    const late = signPlacementDelegation({ ...delegation.delegation, notBeforeUs: NOW + 2 * HOUR, notAfterUs: NOW + 3 * HOUR }, t.owner)
    expect(problem(() => { verifyAdCert(delegatedAdCert({ notBeforeUs: NOW + 2 * HOUR, notAfterUs: NOW + 3 * HOUR }, operator, late), t.name, t.signed, serverName, NOW) })).toBe('not-yet-valid')
    expect(problem(() => { verifyAdCert(delegatedAdCert({ notAfterUs: NOW + 10 * HOUR }), t.name, t.signed, serverName, NOW + 11 * HOUR) })).toBe('expired')
  })

  it('a delegation cannot be moved onto another AdCert without the delegate\'s signature over it', () => {
    // An owner-signed AdCert with a delegation stuck on is checked against the delegate's key, and fails.
    const owners = signAdCert({ capsule: t.name, server: serverName, notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, t.owner)
    expect(problem(() => { verifyAdCert({ ...owners, delegation }, t.name, t.signed, serverName, NOW) })).toBe('bad-signature')
    // Taking the delegation off a delegate's AdCert leaves a signature the owner did not make.
    expect(problem(() => { verifyAdCert({ ...delegatedAdCert(), delegation: undefined }, t.name, t.signed, serverName, NOW) })).toBe('bad-signature')
  })
})

describe('removals signed by a delegate', () => {
  it('remove one replica, and stay evidence after the delegation expired (checked at the time they say they were signed)', () => {
    const removal = decodeSignedDeletion(encodeSignedDeletion(signDeletion(t.name, NOW, operator, serverName, delegation)))
    expect(removal.delegation).toBeDefined()
    verifyDeletion(removal, t.name, t.signed)
  })

  it('never delete the capsule, and are refused when dated outside the delegation or signed by another key', () => {
    expect(problem(() => { verifyDeletion(signDeletion(t.name, NOW, operator, undefined, delegation), t.name, t.signed) })).toBe('InvalidSignatureError')
    expect(() => { verifyDeletion(signDeletion(t.name, NOW, operator, undefined, delegation), t.name, t.signed) }).toThrow(/not delete the capsule/)
    expect(problem(() => { verifyDeletion(signDeletion(t.name, NOW + 11 * HOUR, operator, serverName, delegation), t.name, t.signed) })).toBe('expired')
    expect(problem(() => { verifyDeletion(signDeletion(t.name, NOW - 2 * HOUR, operator, serverName, delegation), t.name, t.signed) })).toBe('not-yet-valid')
    expect(problem(() => { verifyDeletion(signDeletion(t.name, NOW, signer(), serverName, delegation), t.name, t.signed) })).toBe('InvalidSignatureError')
    // Without the delegation, the operator's signature is not the owner's.
    expect(() => { verifyDeletion(signDeletion(t.name, NOW, operator, serverName), t.name, t.signed) }).toThrow(InvalidSignatureError)
  })
})

describe('delegations in a replica set', () => {
  const at = (notBeforeUs: number, key = operator): SignedPlacementDelegation =>
    signPlacementDelegation({ capsule: t.name, delegate: key.publicKey, notBeforeUs, notAfterUs: notBeforeUs + 10 * HOUR }, t.owner)

  it('one per delegate, the later replacing the earlier, the newest MAX_DELEGATIONS kept', () => {
    const first = at(NOW - HOUR)
    const second = at(NOW)
    expect(withDelegations([first], [second])).toEqual([second])
    expect(withDelegations([second], [first])).toEqual([second])
    const many = Array.from({ length: MAX_DELEGATIONS + 2 }, (_, i) => at(NOW + i, signer()))
    const kept = withDelegations([], many)
    expect(kept).toHaveLength(MAX_DELEGATIONS)
    expect(kept).toEqual(many.slice(2))
  })

  it('expired ones are left out when read; a forged one is refused', () => {
    const expired = at(NOW - 20 * HOUR)
    const current = at(NOW - HOUR, signer())
    expect(currentDelegations([expired, current], t.name, t.signed, NOW)).toEqual([current])
    const forged = signPlacementDelegation(current.delegation, operator)
    expect(problem(() => currentDelegations([forged], t.name, t.signed, NOW))).toBe('bad-signature')
  })

  it('a set carries MAX_DELEGATIONS of them; one more is malformed', () => {
    const adCert = signAdCert({ capsule: t.name, server: serverName, notBeforeUs: NOW - HOUR, notAfterUs: NOW + HOUR }, t.owner)
    const delegations = Array.from({ length: MAX_DELEGATIONS + 1 }, (_, i) => at(NOW + i, signer()))
    expect(decodeReplicaSet(encodeReplicaSet([adCert], { delegations: delegations.slice(0, MAX_DELEGATIONS) })).delegations).toHaveLength(MAX_DELEGATIONS)
    expect(() => decodeReplicaSet(encodeReplicaSet([adCert], { delegations }))).toThrow(new RegExp(`carries ${MAX_DELEGATIONS + 1} placement delegations, more than ${MAX_DELEGATIONS}`))
  })
})

describe('delegation decoders', () => {
  const bytesOf = {
    delegation: encodeSignedPlacementDelegation(delegation),
    adCert: encodeSignedAdCert(delegatedAdCert()),
    removal: encodeSignedDeletion(signDeletion(t.name, NOW, operator, serverName, delegation))
  }
  const decoders = { delegation: decodeSignedPlacementDelegation, adCert: decodeSignedAdCert, removal: decodeSignedDeletion } as const

  for (const kind of ['delegation', 'adCert', 'removal'] as const) {
    it(`${kind}: garbage gives MalformedMessageError only`, () => {
      fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try { decoders[kind](bytes) } catch (err) { if (!(err instanceof MalformedMessageError)) throw err }
      }), { numRuns: 400 })
    })
  }

  it('a mutated delegated AdCert or removal decodes to the same statement or is malformed or refused', () => {
    for (const kind of ['adCert', 'removal'] as const) {
      const bytes = bytesOf[kind]
      fc.assert(fc.property(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), (at, xor) => {
        const mutated = bytes.slice(); mutated[at]! ^= xor
        let accepted: Uint8Array
        try {
          if (kind === 'adCert') {
            const cert = decodeSignedAdCert(mutated)
            verifyAdCert(cert, t.name, t.signed, serverName, NOW)
            accepted = encodeSignedAdCert(cert)
          } else {
            const removal = decodeSignedDeletion(mutated)
            verifyDeletion(removal, t.name, t.signed)
            accepted = encodeSignedDeletion(removal)
          }
        } catch (err) {
          if (err instanceof MalformedMessageError || err instanceof CertificateError || err instanceof InvalidSignatureError) return
          throw err
        }
        // Accepted only if what is signed did not change.
        expect(Buffer.from(accepted).equals(Buffer.from(bytes))).toBe(true)
      }), { numRuns: 300 })
    }
  })
})

/**
 * The routing statements every reader must refuse (docs/routing.md section
 * 3.1), generated from the keys and statements of generate-routing.ts: each
 * breaks one rule, named with the error our code gives (a CertificateError's
 * problem, or MalformedMessageError). Time-bound cases also give the instant
 * at which the same statement is still accepted, the edge of the rule.
 */
import type { SignedMetadata } from '../../src/capsule/types.js'
import { capsuleName, signMetadata } from '../../src/capsule/metadata.js'
import { signPlacementDelegation, type SignedPlacementDelegation } from '../../src/capsule/delegation.js'
import { TAGS } from '../../src/capsule/signing.js'
import type { Ed25519Signer } from '../../src/crypto/ed25519.js'
import {
  CLOCK_SKEW_US, encodeAdCert, encodeDomainMembership, encodeSignedAdCert, encodeSignedDomainMembership, signAdCert, signDomainMembership,
  type AdCert, type DomainMembership, type SignedAdCert, type SignedAdvertisement, type SignedDomainMembership
} from '../../src/routing/certificates.js'
import { encodeLookupRecord, lookupKey, MAX_LOOKUP_RECORD_BYTES, signServerLookupRecord, type LookupRecord } from '../../src/routing/lookup.js'
import { nodeName, ROUTING_TAGS, tagged } from '../../src/routing/signing.js'
import { pb } from '../../src/wire/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
/** The identity point's encoding: 32 bytes of the right form, but of order 1, so no key (spec.md section 1.1). */
const IDENTITY_POINT = Uint8Array.from([1, ...new Array(31).fill(0)])
const flipped = (signature: Uint8Array): Uint8Array => { const s = new Uint8Array(signature); s[0]! ^= 1; return s }

export interface RefusalKeys { owner: Ed25519Signer, server: Ed25519Signer, router: Ed25519Signer, parent: Ed25519Signer, domain: Ed25519Signer, operator: Ed25519Signer }
export interface RefusalContext {
  keys: RefusalKeys
  signedMetadata: SignedMetadata
  name: Uint8Array
  adCert: SignedAdCert
  delegation: SignedPlacementDelegation
  membership: SignedDomainMembership
  advertisement: SignedAdvertisement
  routerPeerId: string
  parentPeerId: string
  t0: number
  day: number
}

/** What a reader gives: our error's name, and a CertificateError's problem. */
type Refusal = { error: 'MalformedMessageError' } | { error: 'CertificateError', problem: string }
const malformed: Refusal = { error: 'MalformedMessageError' }
const certificate = (problem: string): Refusal => ({ error: 'CertificateError', problem })

export function generateRoutingRefusals (c: RefusalContext): unknown {
  const { keys, name, t0, day } = c
  const serverName = nodeName(keys.server.publicKey)
  const parentName = nodeName(keys.parent.publicKey)
  const routerName = nodeName(keys.router.publicKey)
  const otherCapsule = new Uint8Array(32).fill(0x33)
  const cert = c.adCert.cert

  // ---- AdCerts, checked for the vector capsule (its metadata) and a server, at a time ----
  const adCertAt = t0 + 2 * day
  const adCerts: unknown[] = []
  const adCertCase = (rule: string, signed: Uint8Array, server: Uint8Array, refusal: Refusal, nowUs = adCertAt, acceptedAtUs?: number): void => {
    adCerts.push({ rule, signed: hex(signed), server: hex(server), nowUs, ...(acceptedAtUs === undefined ? {} : { acceptedAtUs }), ...refusal })
  }
  const ownerSigned = (a: AdCert): Uint8Array => encodeSignedAdCert(signAdCert(a, keys.owner))
  adCertCase('the owner\'s signature does not verify (one bit of it flipped)', encodeSignedAdCert({ ...c.adCert, ownerSignature: flipped(c.adCert.ownerSignature) }), serverName, certificate('bad-signature'))
  adCertCase('signed under another domain tag: the owner signed the AdCert\'s encoding after the placement-delegation tag',
    encodeSignedAdCert({ cert, ownerSignature: keys.owner.sign(tagged(TAGS.placementDelegation, encodeAdCert(cert))) }), serverName, certificate('bad-signature'))
  adCertCase('signed by a key other than the owner\'s (the server\'s own)', encodeSignedAdCert(signAdCert(cert, keys.server)), serverName, certificate('bad-signature'))
  adCertCase('expired: checked 60 s and 1 µs after not_after_us', encodeSignedAdCert(c.adCert), serverName, certificate('expired'), cert.notAfterUs + CLOCK_SKEW_US + 1, cert.notAfterUs + CLOCK_SKEW_US)
  adCertCase('not yet valid: checked 60 s and 1 µs before not_before_us', encodeSignedAdCert(c.adCert), serverName, certificate('not-yet-valid'), cert.notBeforeUs - CLOCK_SKEW_US - 1, cert.notBeforeUs - CLOCK_SKEW_US)
  adCertCase('for another capsule (0x33 repeated), signed by this capsule\'s owner', ownerSigned({ ...cert, capsule: otherCapsule }), serverName, certificate('wrong-capsule'))
  adCertCase('for another server: it names the server, and is checked for the parent router\'s name', encodeSignedAdCert(c.adCert), parentName, certificate('wrong-server'))
  adCertCase('ends before it begins', ownerSigned({ ...cert, notBeforeUs: cert.notAfterUs, notAfterUs: cert.notBeforeUs }), serverName, malformed)
  adCertCase('a capsule name of 33 bytes', ownerSigned({ ...cert, capsule: Uint8Array.from([...name, 0]) }), serverName, malformed)
  adCertCase('a server name of 31 bytes', ownerSigned({ ...cert, server: serverName.subarray(0, 31) }), serverName, malformed)
  adCertCase('a signature of 65 bytes', encodeSignedAdCert({ ...c.adCert, ownerSignature: Uint8Array.from([...c.adCert.ownerSignature, 0]) }), serverName, malformed)
  adCertCase('not_after_us of 2^53', ownerSigned({ ...cert, notAfterUs: 2 ** 53 }), serverName, malformed)

  // ---- delegated AdCerts: the chain must lead back to the capsule's owner ----
  const d = c.delegation.delegation
  const parentCert: AdCert = { capsule: name, server: parentName, notBeforeUs: t0 + day, notAfterUs: t0 + 31 * day }
  // The operator, a delegate, delegates on to the server key, which signs the AdCert: only the owner delegates.
  const passedOn = signPlacementDelegation({ ...d, delegate: keys.server.publicKey }, keys.operator)
  adCertCase('a delegation passed on: the delegate (operator) delegated to the server key, which signed the AdCert; the delegation is not the owner\'s',
    encodeSignedAdCert(signAdCert(parentCert, keys.server, passedOn)), parentName, certificate('bad-signature'))
  adCertCase('the owner\'s delegation is for another capsule (0x33 repeated)',
    encodeSignedAdCert(signAdCert(parentCert, keys.operator, signPlacementDelegation({ ...d, capsule: otherCapsule }, keys.owner))), parentName, certificate('wrong-capsule'))
  adCertCase('signed by a key other than the delegate the owner named (the server\'s)',
    encodeSignedAdCert(signAdCert(parentCert, keys.server, c.delegation)), parentName, certificate('bad-signature'))
  adCertCase('the owner\'s delegation signature does not verify (one bit flipped)',
    encodeSignedAdCert(signAdCert(parentCert, keys.operator, { ...c.delegation, ownerSignature: flipped(c.delegation.ownerSignature) })), parentName, certificate('bad-signature'))
  adCertCase('the owner delegated to a key that is no point of order L (the identity, 01 and 31 zero bytes): no signature verifies under it (spec.md 1.1)',
    encodeSignedAdCert(signAdCert(parentCert, keys.operator, signPlacementDelegation({ ...d, delegate: IDENTITY_POINT }, keys.owner))), parentName, certificate('bad-signature'))
  adCertCase('valid beyond its delegation: the AdCert ends a day after the delegation does',
    encodeSignedAdCert(signAdCert({ ...parentCert, notAfterUs: d.notAfterUs + day }, keys.operator, c.delegation)), parentName, certificate('outside-delegation'))
  adCertCase('valid before its delegation: the delegation starts a day after the AdCert',
    encodeSignedAdCert(signAdCert({ ...parentCert, notBeforeUs: t0 }, keys.operator, signPlacementDelegation({ ...d, notBeforeUs: t0 + day }, keys.owner))), parentName, certificate('outside-delegation'))
  // An AdCert and a delegation that end together: the AdCert's 60 s of skew would still hold it, the delegation's end has none.
  const endsTogether = signPlacementDelegation({ ...d, notAfterUs: parentCert.notAfterUs }, keys.owner)
  adCertCase('the delegation has ended (no skew at its end) though the AdCert, ending with it, would hold 60 s more',
    encodeSignedAdCert(signAdCert(parentCert, keys.operator, endsTogether)), parentName, certificate('expired'), parentCert.notAfterUs + 1, parentCert.notAfterUs)

  // ---- domain memberships, checked for the router and a policy trusting the vector domain ----
  const m = c.membership.membership
  const membershipAt = t0 + day
  const memberships: unknown[] = []
  const membershipCase = (rule: string, signed: Uint8Array, refusal: Refusal, nowUs = membershipAt, acceptedAtUs?: number): void => {
    memberships.push({ rule, signed: hex(signed), router: hex(routerName), trustedDomains: [hex(m.domain)], nowUs, ...(acceptedAtUs === undefined ? {} : { acceptedAtUs }), ...refusal })
  }
  // Signed as the domain key signs, whatever the fields say (signDomainMembership would set domain and key right).
  const domainSigned = (membership: DomainMembership, signer = keys.domain): Uint8Array =>
    encodeSignedDomainMembership({ membership, domainSignature: signer.sign(tagged(ROUTING_TAGS.domainMembership, encodeDomainMembership(membership))) })
  membershipCase('the domain\'s signature does not verify (one bit flipped)', encodeSignedDomainMembership({ ...c.membership, domainSignature: flipped(c.membership.domainSignature) }), certificate('bad-signature'))
  membershipCase('signed under another domain tag (the AdCert\'s)',
    encodeSignedDomainMembership({ membership: m, domainSignature: keys.domain.sign(tagged(ROUTING_TAGS.adCert, encodeDomainMembership(m))) }), certificate('bad-signature'))
  membershipCase('the domain name is not SHA-256 of the domain key (it names the parent router)', domainSigned({ ...m, domain: parentName }), certificate('malformed'))
  membershipCase('it admits another router (the parent), and is checked for the router', domainSigned({ ...m, router: parentName }), certificate('wrong-router'))
  membershipCase('a domain the reader does not trust: the operator key\'s own domain', encodeSignedDomainMembership(signDomainMembership({ router: routerName, parent: new Uint8Array(0), notBeforeUs: m.notBeforeUs, notAfterUs: m.notAfterUs }, keys.operator)), certificate('untrusted-domain'))
  membershipCase('expired: checked 60 s and 1 µs after not_after_us', encodeSignedDomainMembership(c.membership), certificate('expired'), m.notAfterUs + CLOCK_SKEW_US + 1, m.notAfterUs + CLOCK_SKEW_US)
  membershipCase('not yet valid: checked 60 s and 1 µs before not_before_us', encodeSignedDomainMembership(c.membership), certificate('not-yet-valid'), m.notBeforeUs - CLOCK_SKEW_US - 1, m.notBeforeUs - CLOCK_SKEW_US)
  membershipCase('ends before it begins', domainSigned({ ...m, notBeforeUs: m.notAfterUs, notAfterUs: m.notBeforeUs }), malformed)
  membershipCase('a router name of 33 bytes', domainSigned({ ...m, router: Uint8Array.from([...routerName, 0]) }), malformed)
  membershipCase('a parent domain name of 31 bytes (it is 32, or empty at the top)', domainSigned({ ...m, parent: parentName.subarray(0, 31) }), malformed)
  membershipCase('a domain key of 33 bytes', encodeSignedDomainMembership({ membership: { ...m, domainKey: Uint8Array.from([...m.domainKey, 0]) }, domainSignature: c.membership.domainSignature }), malformed)
  membershipCase('a domain key of 32 bytes that is no point of order L (the identity), its name its hash: no signature verifies under it (spec.md 1.1)',
    domainSigned({ ...m, domainKey: IDENTITY_POINT, domain: nodeName(IDENTITY_POINT) }), certificate('bad-signature'))
  membershipCase('a domain key of another algorithm (2)', (() => {
    const value = pb.SignedDomainMembership.decode(encodeSignedDomainMembership(c.membership))
    value.membership!.domainKey!.algorithm = 2 as pb.SignatureAlgorithm
    return pb.SignedDomainMembership.encode(value).finish()
  })(), malformed)

  // ---- lookup records, under a key, at a time ----
  const lookupAt = t0 + 1_000_000
  const lookups: unknown[] = []
  const lookupCase = (rule: string, key: string, record: Uint8Array, refusal: Refusal, nowUs = lookupAt, acceptedAtUs?: number): void => {
    lookups.push({ rule, key, record: hex(record), nowUs, ...(acceptedAtUs === undefined ? {} : { acceptedAtUs }), ...refusal })
  }
  const capsuleKey = Buffer.from(lookupKey(name)).toString()
  const serverKey = Buffer.from(lookupKey(serverName)).toString()
  const capsuleRecord = (adCert: SignedAdCert): Uint8Array => encodeLookupRecord({ capsule: { metadata: c.signedMetadata, adCert } })
  const address = (peerId: string): string => `/ip4/127.0.0.1/tcp/4040/p2p/${peerId}`
  const serverRecord = signServerLookupRecord(c.advertisement, [address(c.routerPeerId)], keys.router)
  const goodServer = encodeLookupRecord(serverRecord)
  const goodCapsule = capsuleRecord(c.adCert)
  const a = c.advertisement.advertisement
  lookupCase('a capsule record whose AdCert signature does not verify', capsuleKey, capsuleRecord({ ...c.adCert, ownerSignature: flipped(c.adCert.ownerSignature) }), certificate('bad-signature'))
  lookupCase('a capsule record under another name\'s key (0x33 repeated)', `/gdp/${hex(otherCapsule)}`, goodCapsule, certificate('wrong-capsule'))
  lookupCase('a capsule record whose AdCert has expired', capsuleKey, goodCapsule, certificate('expired'), cert.notAfterUs + CLOCK_SKEW_US + 1, cert.notAfterUs + CLOCK_SKEW_US)
  lookupCase('a capsule record with a router address', capsuleKey, pb.LookupRecord.encode({ capsule: pb.LookupRecord.decode(goodCapsule).capsule, routerAddresses: [address(c.routerPeerId)] }).finish(), malformed)
  lookupCase('a server record whose update signature does not verify', serverKey,
    encodeLookupRecord(signServerLookupRecord({ ...c.advertisement, serverSignature: flipped(c.advertisement.serverSignature) }, [address(c.routerPeerId)], keys.router)), certificate('bad-signature'))
  lookupCase('a server record whose router signature does not verify', serverKey, encodeLookupRecord({ ...serverRecord, routerSignature: flipped(serverRecord.routerSignature) }), certificate('bad-signature'))
  lookupCase('a server record whose addresses the router signed under another domain tag (the advertisement\'s)', serverKey,
    encodeLookupRecord({ ...serverRecord, routerSignature: keys.router.sign(tagged(ROUTING_TAGS.advertisement, pb.LookupRecord.encode({ advertisement: pb.LookupRecord.decode(goodServer).advertisement, routerAddresses: serverRecord.routerAddresses }).finish())) }),
    certificate('bad-signature'))
  lookupCase('a server record whose address ends in another router\'s peer id (the parent\'s, which signed it)', serverKey,
    encodeLookupRecord(signServerLookupRecord(c.advertisement, [address(c.parentPeerId)], keys.parent)), certificate('wrong-router'))
  lookupCase('a server record whose address does not end in the router\'s peer id: a relay circuit (/p2p-circuit) follows it', serverKey,
    encodeLookupRecord(signServerLookupRecord(c.advertisement, [`${address(c.routerPeerId)}/p2p-circuit`], keys.router)), certificate('wrong-router'))
  lookupCase('a server record whose address ends in another peer id, reached through the router as a relay (/p2p/<router>/p2p-circuit/p2p/<parent>)', serverKey,
    encodeLookupRecord(signServerLookupRecord(c.advertisement, [`${address(c.routerPeerId)}/p2p-circuit/p2p/${c.parentPeerId}`], keys.router)), certificate('wrong-router'))
  lookupCase('a server record under another server\'s key (the parent\'s)', `/gdp/${hex(parentName)}`, goodServer, certificate('wrong-server'))
  lookupCase('a server record whose update has expired', serverKey, goodServer, certificate('expired'), a.expiresAtUs + CLOCK_SKEW_US + 1, a.expiresAtUs + CLOCK_SKEW_US)
  lookupCase('a server record whose update is not yet valid', serverKey, goodServer, certificate('not-yet-valid'), a.issuedAtUs - CLOCK_SKEW_US - 1, a.issuedAtUs - CLOCK_SKEW_US)
  lookupCase('a server record with no address', serverKey, encodeLookupRecord(signServerLookupRecord(c.advertisement, [], keys.router)), malformed)
  lookupCase('a server record with 17 addresses', serverKey,
    encodeLookupRecord(signServerLookupRecord(c.advertisement, Array.from({ length: 17 }, (_, i) => `/ip4/127.0.0.${i + 1}/tcp/4040/p2p/${c.routerPeerId}`), keys.router)), malformed)
  lookupCase('a server record with a router signature of 63 bytes', serverKey, encodeLookupRecord({ ...serverRecord, routerSignature: serverRecord.routerSignature.subarray(0, 63) }), malformed)
  lookupCase('trailing bytes: an unknown field (5, the varint 1) after the server record', serverKey, Buffer.concat([goodServer, Uint8Array.from([0x28, 0x01])]), malformed)
  lookupCase('trailing bytes: the router signature (field 4) a second time', serverKey, Buffer.concat([goodServer, Uint8Array.from([0x22, 0x40]), serverRecord.routerSignature]), malformed)
  lookupCase('not canonical: the capsule record\'s length written in a varint one byte longer than it needs', capsuleKey, nonMinimalFirstLength(goodCapsule), malformed)
  lookupCase('not canonical: the server record\'s fields out of order (the signature, 4, before the addresses, 2)', serverKey, reorderedServerRecord(serverRecord), malformed)
  lookupCase('both statements: a server record that carries a capsule too', serverKey, Buffer.concat([goodServer.subarray(0, goodServer.length - 66), goodCapsule, goodServer.subarray(goodServer.length - 66)]), malformed)
  const pastLimit = capsuleRecordOfBytes(c, MAX_LOOKUP_RECORD_BYTES + 1)
  lookupCase('a capsule record of 65,537 bytes, one past 64 KiB, valid but for its size (its metadata carries an app field that fills it)', pastLimit.key, pastLimit.record, malformed)
  lookupCase('a key of 63 hex digits', `/gdp/${hex(name).slice(0, 63)}`, goodCapsule, malformed)
  lookupCase('a key in upper-case hex', `/gdp/${hex(name).toUpperCase()}`, goodCapsule, malformed)

  return { adCerts, domainMemberships: memberships, lookupRecords: lookups }
}

/**
 * The records every reader must take (docs/routing.md section 6,
 * "Validating"), at the edges of its rules: each holds at `nowUs`.
 */
export function generateRoutingAcceptances (c: RefusalContext): unknown {
  const lookupAt = c.t0 + 1_000_000
  const atLimit = capsuleRecordOfBytes(c, MAX_LOOKUP_RECORD_BYTES)
  const unsignedMetadata = encodeLookupRecord({ capsule: { metadata: { ...c.signedMetadata, ownerSignature: flipped(c.signedMetadata.ownerSignature) }, adCert: c.adCert } })
  return {
    lookupRecords: [
      { rule: 'a capsule record of exactly 65,536 bytes (64 KiB), the most a record may be: its metadata carries an app field that fills it', key: atLimit.key, record: hex(atLimit.record), nowUs: lookupAt },
      {
        rule: 'a capsule record whose metadata\'s owner signature does not verify (one bit flipped): the metadata hashes to the name, which commits to the owner key, and the owner signed the AdCert; the metadata\'s own signature is not checked',
        key: Buffer.from(lookupKey(c.name)).toString(),
        record: hex(unsignedMetadata),
        nowUs: lookupAt
      }
    ]
  }
}

/**
 * A valid capsule record of exactly `bytes` bytes, under its key: the vector
 * capsule's metadata with an app field whose value fills it, signed by the
 * owner, and the owner's AdCert for the server (30 days from t0).
 */
function capsuleRecordOfBytes (c: RefusalContext, bytes: number): { key: string, record: Uint8Array } {
  const record = (fill: number): { key: string, record: Uint8Array } => {
    const metadata = { ...c.signedMetadata.metadata, appFields: [{ key: 'padding', value: new Uint8Array(fill).fill(0x70) }] }
    const name = capsuleName(metadata)
    const adCert = signAdCert({ ...c.adCert.cert, capsule: name }, c.keys.owner)
    return { key: Buffer.from(lookupKey(name)).toString(), record: encodeLookupRecord({ capsule: { metadata: signMetadata(metadata, c.keys.owner), adCert } }) }
  }
  // The record grows a byte with each byte of the value while no length prefix changes size: two tries find it.
  let fill = bytes - record(0).record.length
  for (let tries = 0; tries < 4; tries++) {
    const made = record(fill)
    if (made.record.length === bytes) return made
    fill += bytes - made.record.length
  }
  throw new Error(`no capsule record of exactly ${bytes} bytes`)
}

/** The record with its first field's length prefix (a 2-byte varint) written in 3 bytes. */
function nonMinimalFirstLength (record: Uint8Array): Uint8Array {
  if (record[1]! < 0x80 || record[2]! >= 0x80) throw new Error('the record\'s first length was to be a 2-byte varint')
  return Buffer.concat([record.subarray(0, 2), Uint8Array.from([record[2]! | 0x80, 0x00]), record.subarray(3)])
}

/** A server record's fields in the order 1, 4, 2. */
function reorderedServerRecord (r: LookupRecord & { routerSignature: Uint8Array }): Uint8Array {
  const whole = pb.LookupRecord.decode(encodeLookupRecord(r))
  return Buffer.concat([
    pb.LookupRecord.encode({ advertisement: whole.advertisement }).finish(),
    pb.LookupRecord.encode({ routerSignature: whole.routerSignature }).finish(),
    pb.LookupRecord.encode({ routerAddresses: whole.routerAddresses }).finish()
  ])
}

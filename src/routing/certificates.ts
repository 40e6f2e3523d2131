/**
 * AdCerts, domain memberships and advertisements: building, signing,
 * encoding and verifying. A router installs a route for a capsule only from
 * an advertisement whose whole chain holds: server signature, the owner's
 * AdCert naming that server, and the metadata that hashes to the capsule
 * name, all within their validity periods.
 */
import { signedMetadataFromPb, signedMetadataToPb } from '../capsule/codec.js'
import { signedPlacementDelegationFromPb, signedPlacementDelegationToPb, verifyPlacementDelegation, type SignedPlacementDelegation } from '../capsule/delegation.js'
import type { Signer } from '../capsule/metadata.js'
import { capsuleName } from '../capsule/metadata.js'
import { formatName, NAME_LENGTH } from '../capsule/name.js'
import type { SignedMetadata } from '../capsule/types.js'
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH, verifyEd25519 } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { CertificateError, MalformedMessageError } from '../errors.js'
import { decodeProto, fixedBytes, pb, safeUint } from '../wire/index.js'
import { nodeName, ROUTING_TAGS, tagged } from './signing.js'

/** Validity period in microseconds since the epoch, inclusive. */
export interface Validity { notBeforeUs: number, notAfterUs: number }

export interface AdCert extends Validity {
  capsule: Uint8Array
  server: Uint8Array
}
/** Signed by the owner, or, with `delegation`, by the delegate it names. */
export interface SignedAdCert { cert: AdCert, ownerSignature: Uint8Array, delegation?: SignedPlacementDelegation }

export interface DomainMembership extends Validity {
  domain: Uint8Array
  domainKey: Uint8Array
  router: Uint8Array
  /** Parent domain name; empty for a top-level domain. */
  parent: Uint8Array
}
export interface SignedDomainMembership { membership: DomainMembership, domainSignature: Uint8Array }

export interface AdvertisedCapsule { metadata: SignedMetadata, adCert: SignedAdCert }

/** A server's advertised set in brief: how many capsules, and the XOR of their names. */
export interface AdvertisedSet { count: number, digest: Uint8Array }

/** Marks the pages of a full snapshot of a server's set. */
export interface AdvertisementSnapshot { firstSequence: number, last: boolean }

/** One signed update to a server's advertised set (docs/routing.md section 4). */
export interface Advertisement {
  serverKey: Uint8Array
  router: Uint8Array
  sequence: number
  issuedAtUs: number
  expiresAtUs: number
  cost: number
  added: AdvertisedCapsule[]
  withdrawn: Uint8Array[]
  /** The set after this update. */
  set: AdvertisedSet
  snapshot?: AdvertisementSnapshot
  /** The server leaves the router this is addressed to (a graft): its set there ends. */
  leaving?: true
}
export interface SignedAdvertisement { advertisement: Advertisement, serverSignature: Uint8Array }

/** How far a peer's clock may run ahead of ours before its statements count as from the future. */
export const CLOCK_SKEW_US = 60_000_000
/** Capsules added plus withdrawn in one advertisement update, at most. */
export const MAX_ADVERTISED_CAPSULES = 1024

/** The digest of an empty advertised set. */
export const EMPTY_SET_DIGEST = new Uint8Array(32)

/** Adds a name to a set digest, or removes it (XOR is its own inverse). */
export function toggleSetDigest (digest: Uint8Array, name: Uint8Array): void {
  for (let i = 0; i < 32; i++) digest[i]! ^= name[i]!
}

const ed25519Key = (key: Uint8Array): pb.IPublicKey => ({ algorithm: pb.SignatureAlgorithm.ED25519, key })

/** The skew allowed at both ends of a window: a verifier whose clock ran behind its signer's refused it early (a server 130 s behind its router lost every route, in silence). */
function checkValidity (v: Validity, nowUs: number, what: string): void {
  if (nowUs + CLOCK_SKEW_US < v.notBeforeUs) throw new CertificateError('not-yet-valid', `${what} is not valid before ${new Date(v.notBeforeUs / 1000).toISOString()}`)
  if (nowUs - CLOCK_SKEW_US > v.notAfterUs) throw new CertificateError('expired', `${what} expired at ${new Date(v.notAfterUs / 1000).toISOString()}`)
}

/**
 * When an update issued at `issuedAtUs` to last until `expiresAtUs` (by its
 * signer's clock) ends by this node's clock: its lifetime from now, and no
 * later than the skew allowed past its own end. Routes of a server whose
 * clock ran 100 s behind its router's lapsed part of every refresh cycle.
 */
export function endsHereUs (issuedAtUs: number, expiresAtUs: number, nowUs: number): number {
  return Math.min(expiresAtUs + CLOCK_SKEW_US, nowUs + Math.max(0, expiresAtUs - issuedAtUs))
}

function keyFromPb (value: pb.IPublicKey | null | undefined, field: string): Uint8Array {
  if (value == null) throw new MalformedMessageError(`${field} is missing`)
  if (value.algorithm !== pb.SignatureAlgorithm.ED25519) throw new MalformedMessageError(`${field} uses unsupported signature algorithm ${String(value.algorithm)}`)
  return fixedBytes(value.key, ED25519_PUBLIC_KEY_LENGTH, `${field}.key`)
}

function validityFromPb (value: { notBeforeUs?: number | null, notAfterUs?: number | null }, what: string): Validity {
  const v = { notBeforeUs: safeUint(value.notBeforeUs, `${what} not_before_us`), notAfterUs: safeUint(value.notAfterUs, `${what} not_after_us`) }
  if (v.notAfterUs < v.notBeforeUs) throw new MalformedMessageError(`${what} ends before it begins`)
  return v
}

// ---- AdCert ----

function adCertToPb (c: AdCert): pb.IAdCert {
  return { capsule: c.capsule, server: c.server, notBeforeUs: c.notBeforeUs, notAfterUs: c.notAfterUs }
}

export function encodeAdCert (c: AdCert): Uint8Array {
  return pb.AdCert.encode(adCertToPb(c)).finish()
}

/**
 * The owner signs an AdCert (`owner` holds the key named in the capsule's
 * metadata), or a delegate does, with the owner's `delegation` to it.
 */
export function signAdCert (cert: AdCert, owner: Signer, delegation?: SignedPlacementDelegation): SignedAdCert {
  return { cert, ownerSignature: owner.sign(tagged(ROUTING_TAGS.adCert, encodeAdCert(cert))), ...(delegation !== undefined ? { delegation } : {}) }
}

export function signedAdCertFromPb (value: pb.ISignedAdCert | null | undefined): SignedAdCert {
  if (value?.cert == null) throw new MalformedMessageError('AdCert is missing')
  const c = value.cert
  return {
    cert: { capsule: fixedBytes(c.capsule, NAME_LENGTH, 'AdCert capsule'), server: fixedBytes(c.server, NAME_LENGTH, 'AdCert server'), ...validityFromPb(c, 'AdCert') },
    ownerSignature: fixedBytes(value.ownerSignature, ED25519_SIGNATURE_LENGTH, 'AdCert owner_signature'),
    ...(value.delegation == null ? {} : { delegation: signedPlacementDelegationFromPb(value.delegation) })
  }
}

export function signedAdCertToPb (s: SignedAdCert): pb.ISignedAdCert {
  return { cert: adCertToPb(s.cert), ownerSignature: s.ownerSignature, ...(s.delegation !== undefined ? { delegation: signedPlacementDelegationToPb(s.delegation) } : {}) }
}

export function encodeSignedAdCert (s: SignedAdCert): Uint8Array {
  return pb.SignedAdCert.encode(signedAdCertToPb(s)).finish()
}

export function decodeSignedAdCert (bytes: Uint8Array): SignedAdCert {
  return signedAdCertFromPb(decodeProto(pb.SignedAdCert, bytes, 'AdCert'))
}

/**
 * Checks an AdCert against the capsule's metadata (already verified, giving
 * `name`) and the server it should name. One a delegate signed holds while
 * the owner's delegation does, and only within it.
 */
export function verifyAdCert (signed: SignedAdCert, name: Uint8Array, metadata: SignedMetadata, server: Uint8Array, nowUs: number): void {
  const c = signed.cert
  const what = `AdCert for capsule ${formatName(c.capsule)}`
  if (!equalBytes(c.capsule, name)) throw new CertificateError('wrong-capsule', `${what} does not match the advertised capsule ${formatName(name)}`)
  if (!equalBytes(c.server, server)) throw new CertificateError('wrong-server', `${what} delegates to server ${formatName(c.server)}, not to the advertiser ${formatName(server)}`)
  let signer = metadata.metadata.owner.key
  const delegation = signed.delegation?.delegation
  if (delegation !== undefined) {
    verifyPlacementDelegation(signed.delegation!, name, metadata, nowUs, CLOCK_SKEW_US)
    if (c.notBeforeUs < delegation.notBeforeUs || c.notAfterUs > delegation.notAfterUs) throw new CertificateError('outside-delegation', `${what} is valid beyond the owner's delegation to the key that signed it`)
    signer = delegation.delegate
  }
  if (!verifyEd25519(signer, tagged(ROUTING_TAGS.adCert, encodeAdCert(c)), signed.ownerSignature)) {
    throw new CertificateError('bad-signature', `${what} is not signed by the capsule ${delegation === undefined ? 'owner' : 'owner\'s delegate'}`)
  }
  checkValidity(c, nowUs, what)
}

// ---- domain membership ----

function membershipToPb (m: DomainMembership): pb.IDomainMembership {
  return { domain: m.domain, domainKey: ed25519Key(m.domainKey), router: m.router, parent: m.parent, notBeforeUs: m.notBeforeUs, notAfterUs: m.notAfterUs }
}

export function encodeDomainMembership (m: DomainMembership): Uint8Array {
  return pb.DomainMembership.encode(membershipToPb(m)).finish()
}

/** The domain operator admits a router. `domain` is the domain's key. */
export function signDomainMembership (m: Omit<DomainMembership, 'domain' | 'domainKey'>, domain: Signer): SignedDomainMembership {
  const membership: DomainMembership = { ...m, domain: nodeName(domain.publicKey), domainKey: domain.publicKey }
  return { membership, domainSignature: domain.sign(tagged(ROUTING_TAGS.domainMembership, encodeDomainMembership(membership))) }
}

export function encodeSignedDomainMembership (s: SignedDomainMembership): Uint8Array {
  return pb.SignedDomainMembership.encode({ membership: membershipToPb(s.membership), domainSignature: s.domainSignature }).finish()
}

export function decodeSignedDomainMembership (bytes: Uint8Array): SignedDomainMembership {
  const value = decodeProto(pb.SignedDomainMembership, bytes, 'domain membership')
  const m = value.membership
  if (m == null) throw new MalformedMessageError('domain membership is missing')
  return {
    membership: {
      domain: fixedBytes(m.domain, NAME_LENGTH, 'membership domain'),
      domainKey: keyFromPb(m.domainKey, 'membership domain_key'),
      router: fixedBytes(m.router, NAME_LENGTH, 'membership router'),
      parent: fixedBytes(m.parent, NAME_LENGTH, 'membership parent', true),
      ...validityFromPb(m, 'domain membership')
    },
    domainSignature: fixedBytes(value.domainSignature, ED25519_SIGNATURE_LENGTH, 'membership domain_signature')
  }
}

/** Which routing domains this node routes through. */
export interface TrustPolicy {
  /** Domain names whose members are trusted. */
  trustedDomains: Uint8Array[]
}

/** Checks that `router` is a member of a trusted domain; returns the domain name. */
export function verifyDomainMembership (signed: SignedDomainMembership, router: Uint8Array, policy: TrustPolicy, nowUs: number): Uint8Array {
  const m = signed.membership
  const what = `membership of router ${formatName(m.router)} in domain ${formatName(m.domain)}`
  if (!equalBytes(m.domain, nodeName(m.domainKey))) throw new CertificateError('malformed', `${what}: the domain name is not the hash of the domain key`)
  if (!verifyEd25519(m.domainKey, tagged(ROUTING_TAGS.domainMembership, encodeDomainMembership(m)), signed.domainSignature)) throw new CertificateError('bad-signature', `${what} is not signed by the domain key`)
  if (!equalBytes(m.router, router)) throw new CertificateError('wrong-router', `${what} is not for router ${formatName(router)}`)
  if (!policy.trustedDomains.some((d) => equalBytes(d, m.domain))) throw new CertificateError('untrusted-domain', `domain ${formatName(m.domain)} is not trusted by this node`)
  checkValidity(m, nowUs, what)
  return m.domain
}

// ---- advertisements ----

function advertisementToPb (a: Advertisement): pb.IAdvertisement {
  return {
    serverKey: ed25519Key(a.serverKey),
    router: a.router,
    sequence: a.sequence,
    issuedAtUs: a.issuedAtUs,
    expiresAtUs: a.expiresAtUs,
    cost: a.cost,
    added: a.added.map((c) => ({ metadata: signedMetadataToPb(c.metadata), adcert: signedAdCertToPb(c.adCert) })),
    withdrawn: a.withdrawn,
    set: { count: a.set.count, digest: a.set.digest },
    snapshot: a.snapshot === undefined ? null : { firstSequence: a.snapshot.firstSequence, last: a.snapshot.last },
    // Only when true: a false field would be encoded, and the bytes signed would differ.
    ...(a.leaving === true ? { leaving: true } : {})
  }
}

export function encodeAdvertisement (a: Advertisement): Uint8Array {
  return pb.Advertisement.encode(advertisementToPb(a)).finish()
}

export function signAdvertisement (a: Advertisement, server: Signer): SignedAdvertisement {
  return { advertisement: a, serverSignature: server.sign(tagged(ROUTING_TAGS.advertisement, encodeAdvertisement(a))) }
}

export function signedAdvertisementToPb (s: SignedAdvertisement): pb.ISignedAdvertisement {
  return { advertisement: advertisementToPb(s.advertisement), serverSignature: s.serverSignature }
}

export function encodeSignedAdvertisement (s: SignedAdvertisement): Uint8Array {
  return pb.SignedAdvertisement.encode(signedAdvertisementToPb(s)).finish()
}

/** Decodes an advertisement; checks its form, not its signatures (see verifyAdvertisement). */
export function signedAdvertisementFromPb (value: pb.ISignedAdvertisement | null | undefined): SignedAdvertisement {
  const a = value?.advertisement
  if (a == null) throw new MalformedMessageError('advertisement is missing')
  const added = a.added ?? []
  const withdrawn = a.withdrawn ?? []
  if (added.length + withdrawn.length > MAX_ADVERTISED_CAPSULES) throw new MalformedMessageError(`advertisement adds and withdraws ${added.length + withdrawn.length} capsules, at most ${MAX_ADVERTISED_CAPSULES} allowed`)
  if (a.set == null) throw new MalformedMessageError('advertisement does not state its set')
  const snapshot = a.snapshot == null ? undefined : { firstSequence: safeUint(a.snapshot.firstSequence, 'advertisement snapshot first_sequence'), last: a.snapshot.last ?? false }
  const sequence = safeUint(a.sequence, 'advertisement sequence')
  if (snapshot !== undefined && snapshot.firstSequence > sequence) throw new MalformedMessageError('advertisement snapshot starts after its own page')
  return {
    advertisement: {
      serverKey: keyFromPb(a.serverKey, 'advertisement server_key'),
      router: fixedBytes(a.router, NAME_LENGTH, 'advertisement router'),
      sequence,
      issuedAtUs: safeUint(a.issuedAtUs, 'advertisement issued_at_us'),
      expiresAtUs: safeUint(a.expiresAtUs, 'advertisement expires_at_us'),
      cost: a.cost ?? 0,
      added: added.map((c) => ({ metadata: signedMetadataFromPb(c.metadata), adCert: signedAdCertFromPb(c.adcert) })),
      withdrawn: withdrawn.map((w, i) => fixedBytes(w, NAME_LENGTH, `advertisement withdrawn[${i}]`)),
      set: { count: safeUint(a.set.count, 'advertisement set count'), digest: fixedBytes(a.set.digest, NAME_LENGTH, 'advertisement set digest') },
      ...(snapshot === undefined ? {} : { snapshot }),
      ...(a.leaving === true ? { leaving: true as const } : {})
    },
    serverSignature: fixedBytes(value!.serverSignature, ED25519_SIGNATURE_LENGTH, 'advertisement server_signature')
  }
}

export function decodeSignedAdvertisement (bytes: Uint8Array): SignedAdvertisement {
  return signedAdvertisementFromPb(decodeProto(pb.SignedAdvertisement, bytes, 'advertisement'))
}

/** A capsule an update adds whose whole chain holds: routable until `notAfterUs` (its AdCert's end). */
export interface VerifiedCapsule { name: Uint8Array, notAfterUs: number }

export interface VerifiedAdvertisement {
  server: Uint8Array
  sequence: number
  /** When the set it updates ends, by the verifier's clock (endsHereUs). */
  expiresAtUs: number
  cost: number
  added: VerifiedCapsule[]
  /**
   * Added capsules whose chain fails, by the name their AdCert claims: still
   * members of the server's set (so the set digest agrees), never routed.
   */
  rejected: Array<{ name: Uint8Array, error: CertificateError }>
  withdrawn: Uint8Array[]
  /** The server leaves this router: its set here ends. */
  leaving: boolean
  set: AdvertisedSet
  snapshot: AdvertisementSnapshot | undefined
}

/**
 * Verifies an advertisement update addressed to `router`: the server's
 * signature, its validity, that its sequence number is newer than
 * `lastSequence` (replays are refused), and for each added capsule the chain
 * back to its name: the metadata hashes to the name, which commits to the
 * owner key, and that key signed the AdCert naming this server. (The
 * metadata's own signature adds nothing here, so a router skips it.)
 * Throws CertificateError when the update as a whole fails; entries that
 * fail alone are returned in `rejected`.
 */
export function verifyAdvertisement (signed: SignedAdvertisement, router: Uint8Array, nowUs: number, lastSequence: number | undefined): VerifiedAdvertisement {
  const a = signed.advertisement
  const server = nodeName(a.serverKey)
  const what = `advertisement ${a.sequence} from server ${formatName(server)}`
  if (!verifyEd25519(a.serverKey, tagged(ROUTING_TAGS.advertisement, encodeAdvertisement(a)), signed.serverSignature)) throw new CertificateError('bad-signature', `${what} is not signed by its server key`)
  if (!equalBytes(a.router, router)) throw new CertificateError('wrong-router', `${what} is addressed to router ${formatName(a.router)}, not ${formatName(router)}`)
  checkValidity({ notBeforeUs: a.issuedAtUs, notAfterUs: a.expiresAtUs }, nowUs, what)
  if (lastSequence !== undefined && a.sequence <= lastSequence) throw new CertificateError('replayed', `${what} is not newer than ${lastSequence}, already seen from that server`)
  // Before an AdCert is checked: one capsule listed a thousand times cost a thousand checks (and held a root's
  // event loop for seconds per relayed announcement), for nothing an honest server sends.
  const listed = new Set<string>()
  for (const entry of a.added) {
    const id = formatName(entry.adCert.cert.capsule)
    if (listed.has(id)) throw new CertificateError('malformed', `${what} adds capsule ${id} twice`)
    listed.add(id)
  }
  const added: VerifiedCapsule[] = []
  const rejected: VerifiedAdvertisement['rejected'] = []
  for (const entry of a.added) {
    try {
      let name: Uint8Array
      try { name = capsuleName(entry.metadata.metadata) } catch (err) { throw new CertificateError('malformed', (err as Error).message) }
      verifyAdCert(entry.adCert, name, entry.metadata, server, nowUs)
      added.push({ name, notAfterUs: entry.adCert.cert.notAfterUs })
    } catch (err) {
      if (!(err instanceof CertificateError)) throw err
      rejected.push({ name: entry.adCert.cert.capsule, error: err })
    }
  }
  return { server, sequence: a.sequence, expiresAtUs: endsHereUs(a.issuedAtUs, a.expiresAtUs, nowUs), cost: a.cost, added, rejected, withdrawn: a.withdrawn, set: a.set, snapshot: a.snapshot, leaving: a.leaving === true }
}

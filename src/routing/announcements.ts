/**
 * Route announcements: how a router tells its parent-domain router what is
 * reachable through it, carrying the server advertisements it accepted so
 * the parent checks the whole chain itself (docs/routing.md).
 */
import { formatName } from '../capsule/name.js'
import type { Signer } from '../capsule/metadata.js'
import { ED25519_SIGNATURE_LENGTH, verifyEd25519 } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { CertificateError, MalformedMessageError } from '../errors.js'
import { decodeProto, fixedBytes, pb, safeUint } from '../wire/index.js'
import {
  CLOCK_SKEW_US, decodeSignedDomainMembership, endsHereUs, encodeSignedDomainMembership, signedAdvertisementFromPb, signedAdvertisementToPb,
  verifyDomainMembership, type SignedAdvertisement, type SignedDomainMembership, type TrustPolicy
} from './certificates.js'
import { nodeName, ROUTING_TAGS, tagged } from './signing.js'

export interface RouteAnnouncement {
  routerKey: Uint8Array
  parent: Uint8Array
  sequence: number
  issuedAtUs: number
  expiresAtUs: number
  membership: SignedDomainMembership
  advertisements: SignedAdvertisement[]
  cost: number
  /** The router leaves this parent (a graft): the parent drops every set it holds through it. With no advertisements. */
  leaving?: true
  /** Servers attached to the router whose link to it went down: the parent drops their sets through it. Alone (no advertisements, not leaving). */
  lostServers?: Uint8Array[]
}
export interface SignedRouteAnnouncement { announcement: RouteAnnouncement, routerSignature: Uint8Array }

/** Advertisement updates in one announcement, at most. */
export const MAX_ANNOUNCED_ADVERTISEMENTS = 4096
/** A router packs relayed updates into announcements of about this many encoded bytes. */
export const ANNOUNCEMENT_TARGET_BYTES = 4 * 1024 * 1024

function announcementToPb (a: RouteAnnouncement): pb.IRouteAnnouncement {
  return {
    routerKey: { algorithm: pb.SignatureAlgorithm.ED25519, key: a.routerKey },
    parent: a.parent,
    sequence: a.sequence,
    issuedAtUs: a.issuedAtUs,
    expiresAtUs: a.expiresAtUs,
    membership: pb.SignedDomainMembership.decode(encodeSignedDomainMembership(a.membership)),
    advertisements: a.advertisements.map(signedAdvertisementToPb),
    cost: a.cost,
    ...(a.leaving === true ? { leaving: true } : {}),
    ...(a.lostServers !== undefined ? { lostServers: a.lostServers } : {})
  }
}

export function encodeRouteAnnouncement (a: RouteAnnouncement): Uint8Array {
  return pb.RouteAnnouncement.encode(announcementToPb(a)).finish()
}

export function signRouteAnnouncement (a: RouteAnnouncement, router: Signer): SignedRouteAnnouncement {
  return { announcement: a, routerSignature: router.sign(tagged(ROUTING_TAGS.routeAnnouncement, encodeRouteAnnouncement(a))) }
}

export function signedRouteAnnouncementToPb (s: SignedRouteAnnouncement): pb.ISignedRouteAnnouncement {
  return { announcement: announcementToPb(s.announcement), routerSignature: s.routerSignature }
}

export function signedRouteAnnouncementFromPb (value: pb.ISignedRouteAnnouncement | null | undefined): SignedRouteAnnouncement {
  const a = value?.announcement
  if (a == null) throw new MalformedMessageError('route announcement is missing')
  if (a.routerKey?.algorithm !== pb.SignatureAlgorithm.ED25519) throw new MalformedMessageError('route announcement router key is not Ed25519')
  const ads = a.advertisements ?? []
  if (ads.length > MAX_ANNOUNCED_ADVERTISEMENTS) throw new MalformedMessageError(`route announcement carries ${ads.length} advertisements, at most ${MAX_ANNOUNCED_ADVERTISEMENTS} allowed`)
  if (a.membership == null) throw new MalformedMessageError('route announcement has no domain membership')
  if (a.leaving === true && ads.length > 0) throw new MalformedMessageError('a leaving route announcement carries advertisements')
  const lost = a.lostServers ?? []
  if (lost.length > MAX_ANNOUNCED_ADVERTISEMENTS) throw new MalformedMessageError(`route announcement names ${lost.length} lost servers, at most ${MAX_ANNOUNCED_ADVERTISEMENTS} allowed`)
  if (lost.length > 0 && (ads.length > 0 || a.leaving === true)) throw new MalformedMessageError('a route announcement naming lost servers carries advertisements or leaves: it goes alone')
  return {
    announcement: {
      routerKey: fixedBytes(a.routerKey.key, 32, 'announcement router_key'),
      parent: fixedBytes(a.parent, 32, 'announcement parent'),
      sequence: safeUint(a.sequence, 'announcement sequence'),
      issuedAtUs: safeUint(a.issuedAtUs, 'announcement issued_at_us'),
      expiresAtUs: safeUint(a.expiresAtUs, 'announcement expires_at_us'),
      membership: decodeSignedDomainMembership(pb.SignedDomainMembership.encode(a.membership).finish()),
      advertisements: ads.map(signedAdvertisementFromPb),
      cost: a.cost ?? 0,
      ...(a.leaving === true ? { leaving: true as const } : {}),
      ...(lost.length > 0 ? { lostServers: lost.map((s, i) => fixedBytes(s, 32, `announcement lost_servers[${i}]`)) } : {})
    },
    routerSignature: fixedBytes(value!.routerSignature, ED25519_SIGNATURE_LENGTH, 'announcement router_signature')
  }
}

export function decodeSignedRouteAnnouncement (bytes: Uint8Array): SignedRouteAnnouncement {
  return signedRouteAnnouncementFromPb(decodeProto(pb.SignedRouteAnnouncement, bytes, 'route announcement'))
}

export interface VerifiedAnnouncement {
  router: Uint8Array
  domain: Uint8Array
  sequence: number
  /** When the sets it relays end, by the verifier's clock (endsHereUs), and at the latest when the router's membership does. */
  expiresAtUs: number
  cost: number
  /** The server updates it relays, not yet verified: each is checked as addressed to `router`. */
  advertisements: SignedAdvertisement[]
  /** The router leaves the parent: every set through it goes. */
  leaving: boolean
}

/**
 * Verifies an announcement addressed to `parent`: the router's signature,
 * validity, freshness against `lastSequence`, and its membership in a domain
 * the parent's policy trusts. The updates inside are the caller's to verify,
 * one by one, as addressed to that router (AdvertisementProcessor.apply).
 */
export function verifyRouteAnnouncement (signed: SignedRouteAnnouncement, parent: Uint8Array, policy: TrustPolicy, nowUs: number, lastSequence: number | undefined): VerifiedAnnouncement {
  const a = signed.announcement
  const router = nodeName(a.routerKey)
  const what = `route announcement ${a.sequence} from router ${formatName(router)}`
  // The cheap refusals first (a replay among them: sent again, a genuine announcement of megabytes cost a whole
  // check each time before it was found to be one), then the membership (one signature over a few hundred
  // bytes), and only then the signature over the whole announcement (megabytes re-encoded): an untrusted
  // router's announcements cost the parent about 61 ms each when that came first.
  if (!equalBytes(a.parent, parent)) throw new CertificateError('wrong-router', `${what} is addressed to ${formatName(a.parent)}`)
  if (nowUs + CLOCK_SKEW_US < a.issuedAtUs) throw new CertificateError('not-yet-valid', `${what} is from the future`)
  if (nowUs - CLOCK_SKEW_US > a.expiresAtUs) throw new CertificateError('expired', `${what} has expired`)
  if (lastSequence !== undefined && a.sequence <= lastSequence) throw new CertificateError('replayed', `${what} is not newer than ${lastSequence}`)
  const domain = verifyDomainMembership(a.membership, router, policy, nowUs)
  if (!verifyEd25519(a.routerKey, tagged(ROUTING_TAGS.routeAnnouncement, encodeRouteAnnouncement(a)), signed.routerSignature)) throw new CertificateError('bad-signature', `${what} is not signed by its router key`)
  // The membership is what lets the router announce at all: what it relays ends with it (as the membership holds
  // here, skew included), whatever lifetime the router gave its announcement.
  const expiresAtUs = Math.min(endsHereUs(a.issuedAtUs, a.expiresAtUs, nowUs), a.membership.membership.notAfterUs + CLOCK_SKEW_US)
  return { router, domain, sequence: a.sequence, expiresAtUs, cost: a.cost, advertisements: a.advertisements, leaving: a.leaving === true }
}

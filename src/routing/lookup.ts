/**
 * GLookup records, stored in a kad-dht shared by routers under the validated
 * namespace /gdp/, in two levels (docs/routing.md section 6):
 *
 * - a capsule record, under the capsule's name: "capsule C is served by
 *   server S", the capsule's metadata (it hashes to C and names the owner
 *   key) and the owner's AdCert for S. It lives as long as the AdCert (days).
 * - a server record, under the server's node name: "server S is attached to
 *   router R now", S's latest signed update to R (any update, a refresh too)
 *   and R's addresses, each naming R's own peer id, so a dial reaches R or
 *   fails, signed by R with the update, so that nobody else can put other
 *   addresses beside it. It lives as long as that update (minutes).
 *
 * Anyone may store or relay a record; only one whose statement holds is
 * accepted, by every DHT node and again by the router that looks it up.
 */
import { isLoopback, isPrivate } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { requireCanonical } from '../capsule/canonical.js'
import { signedMetadataFromPb, signedMetadataToPb } from '../capsule/codec.js'
import { capsuleName, type Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import { ED25519_SIGNATURE_LENGTH, verifyEd25519 } from '../crypto/ed25519.js'
import { equalBytes } from '../crypto/hash.js'
import { CertificateError, MalformedMessageError } from '../errors.js'
import { decodeProto, fixedBytes, pb } from '../wire/index.js'
import {
  CLOCK_SKEW_US, encodeAdvertisement, signedAdCertFromPb, signedAdCertToPb, signedAdvertisementFromPb, signedAdvertisementToPb, verifyAdCert,
  type AdvertisedCapsule, type SignedAdvertisement
} from './certificates.js'
import { nodeName, ROUTING_TAGS, tagged } from './signing.js'

export const LOOKUP_NAMESPACE = 'gdp'
/** Router addresses in a server record, at most. */
export const MAX_ROUTER_ADDRESSES = 16
/**
 * A record's encoding, at most: a server record carries a whole update
 * (about 330 bytes per capsule it adds), and every DHT node holding it
 * stores and sends it. Updates of up to about 190 capsules fit.
 */
export const MAX_LOOKUP_RECORD_BYTES = 64 * 1024

/** A capsule record: the chain from the capsule's name to the server its owner delegated it to. */
export interface CapsuleLookupRecord { capsule: AdvertisedCapsule }
/**
 * A server record: the server's update to a router, proving it is attached
 * there, and how to dial that router, which signs those addresses with the
 * update (signServerLookupRecord).
 */
export interface ServerLookupRecord { advertisement: SignedAdvertisement, routerAddresses: string[], routerSignature: Uint8Array }
/** One or the other, as in the message's oneof. */
export type LookupRecord = CapsuleLookupRecord | ServerLookupRecord

export const isCapsuleRecord = (r: LookupRecord): r is CapsuleLookupRecord => 'capsule' in r

/** The DHT key of a name's lookup record (a capsule's or a server's). */
export function lookupKey (name: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.from(`/${LOOKUP_NAMESPACE}/${Buffer.from(name).toString('hex')}`))
}

export function nameOfLookupKey (key: Uint8Array): Uint8Array {
  const text = Buffer.from(key).toString()
  const match = /^\/gdp\/([0-9a-f]{64})$/.exec(text)
  if (match === null) throw new MalformedMessageError(`'${text}' is not a GLookup key (/gdp/<64 hex digits>)`)
  return new Uint8Array(Buffer.from(match[1]!, 'hex'))
}

export function encodeLookupRecord (r: LookupRecord): Uint8Array {
  if (isCapsuleRecord(r)) return pb.LookupRecord.encode({ capsule: { metadata: signedMetadataToPb(r.capsule.metadata), adcert: signedAdCertToPb(r.capsule.adCert) } }).finish()
  return pb.LookupRecord.encode({ advertisement: signedAdvertisementToPb(r.advertisement), routerAddresses: r.routerAddresses, routerSignature: r.routerSignature }).finish()
}

/** What the router signs in a server record: the tag, then the record without its signature. */
function serverRecordSigningBytes (advertisement: SignedAdvertisement, routerAddresses: string[]): Uint8Array {
  return tagged(ROUTING_TAGS.lookupAddresses, pb.LookupRecord.encode({ advertisement: signedAdvertisementToPb(advertisement), routerAddresses }).finish())
}

/** The server record a router publishes: its server's update and its own addresses, which it signs. */
export function signServerLookupRecord (advertisement: SignedAdvertisement, routerAddresses: string[], router: Signer): ServerLookupRecord {
  return { advertisement, routerAddresses, routerSignature: router.sign(serverRecordSigningBytes(advertisement, routerAddresses)) }
}

/**
 * Decodes a record and checks its form (one statement; addresses and the
 * router's signature with a server record only, 1 to 16 addresses; the
 * canonical encoding, docs/spec.md section 2: bytes besides the statement
 * would travel with it unsigned); not its signatures.
 */
export function decodeLookupRecord (bytes: Uint8Array): LookupRecord {
  const record = decodeLookupRecordValues(bytes)
  requireCanonical(bytes, encodeLookupRecord(record), 'lookup record')
  return record
}

function decodeLookupRecordValues (bytes: Uint8Array): LookupRecord {
  if (bytes.length > MAX_LOOKUP_RECORD_BYTES) throw new MalformedMessageError(`lookup record of ${bytes.length} bytes, at most ${MAX_LOOKUP_RECORD_BYTES} allowed`)
  const value = decodeProto(pb.LookupRecord, bytes, 'lookup record')
  const routerAddresses = value.routerAddresses ?? []
  if ((value.advertisement == null) === (value.capsule == null)) throw new MalformedMessageError('lookup record needs either an advertisement (server record) or a capsule (capsule record)')
  if (value.capsule != null) {
    if (routerAddresses.length > 0 || (value.routerSignature?.length ?? 0) > 0) throw new MalformedMessageError('a capsule lookup record has no router addresses nor router signature')
    return { capsule: { metadata: signedMetadataFromPb(value.capsule.metadata), adCert: signedAdCertFromPb(value.capsule.adcert) } }
  }
  if (routerAddresses.length === 0 || routerAddresses.length > MAX_ROUTER_ADDRESSES) throw new MalformedMessageError(`a server lookup record needs 1 to ${MAX_ROUTER_ADDRESSES} router addresses`)
  return { advertisement: signedAdvertisementFromPb(value.advertisement), routerAddresses, routerSignature: fixedBytes(value.routerSignature, ED25519_SIGNATURE_LENGTH, 'lookup record router_signature') }
}

/** A capsule record that holds: the owner delegated `capsule` to `server` for the AdCert's period. */
export interface VerifiedCapsuleRecord { kind: 'capsule', capsule: Uint8Array, server: Uint8Array, notBeforeUs: number, notAfterUs: number }

/** A server record that holds: `server` is attached to `router` until `expiresAtUs`. */
export interface VerifiedServerRecord {
  kind: 'server'
  server: Uint8Array
  router: Uint8Array
  routerAddresses: string[]
  /** The server's own cost, as it stated it. */
  cost: number
  sequence: number
  /** When the server issued the update the record carries (its clock). */
  issuedAtUs: number
  expiresAtUs: number
}

export type VerifiedLookup = VerifiedCapsuleRecord | VerifiedServerRecord

/** The Ed25519 public key the peer id a multiaddr ends in (/p2p/<id>) holds, if it names one. */
export type KeyOfAddress = (address: string) => Uint8Array | undefined

/**
 * Checks a record found under the key of `name`. `routerKeyOfAddress` maps
 * a multiaddr to the key of the peer id it ends in (undefined if none).
 * Throws CertificateError (or MalformedMessageError) when it does not hold.
 */
export function verifyLookupRecord (name: Uint8Array, record: LookupRecord, nowUs: number, routerKeyOfAddress: KeyOfAddress): VerifiedLookup {
  return isCapsuleRecord(record) ? verifyCapsuleRecord(name, record.capsule, nowUs) : verifyServerRecord(name, record, nowUs, routerKeyOfAddress)
}

/**
 * The metadata hashes to `name` (which commits to the owner key), and that
 * key signed the AdCert, valid now. Not the metadata's own signature, as in
 * an update (docs/routing.md sections 4 and 6): the owner's over the same
 * name, it proves nothing the AdCert does not, and only the owner key is used.
 */
function verifyCapsuleRecord (name: Uint8Array, capsule: AdvertisedCapsule, nowUs: number): VerifiedCapsuleRecord {
  let named: Uint8Array
  try { named = capsuleName(capsule.metadata.metadata) } catch (err) { throw new CertificateError('malformed', (err as Error).message) }
  if (!equalBytes(named, name)) throw new CertificateError('wrong-capsule', `the capsule lookup record under ${formatName(name)} is for capsule ${formatName(named)}`)
  const cert = capsule.adCert.cert
  verifyAdCert(capsule.adCert, name, capsule.metadata, cert.server, nowUs)
  return { kind: 'capsule', capsule: name, server: cert.server, notBeforeUs: cert.notBeforeUs, notAfterUs: cert.notAfterUs }
}

/**
 * The update is signed by the key that hashes to `name` and valid now,
 * every address names the router it is addressed to, and that router signed
 * them with the update. Only the signatures and period count: whatever the
 * update adds or withdraws proves nothing here, and checking each added
 * capsule's AdCert (about 160 µs each) would let a forged record cost every
 * DHT node that much.
 */
function verifyServerRecord (name: Uint8Array, record: ServerLookupRecord, nowUs: number, routerKeyOfAddress: KeyOfAddress): VerifiedServerRecord {
  const a = record.advertisement.advertisement
  const server = nodeName(a.serverKey)
  const what = `advertisement ${a.sequence} from server ${formatName(server)}`
  if (!equalBytes(server, name)) throw new CertificateError('wrong-server', `the server lookup record under ${formatName(name)} carries an ${what}`)
  if (!verifyEd25519(a.serverKey, tagged(ROUTING_TAGS.advertisement, encodeAdvertisement(a)), record.advertisement.serverSignature)) throw new CertificateError('bad-signature', `${what} is not signed by its server key`)
  if (nowUs + CLOCK_SKEW_US < a.issuedAtUs) throw new CertificateError('not-yet-valid', `${what} is not valid before ${new Date(a.issuedAtUs / 1000).toISOString()}`)
  if (nowUs - CLOCK_SKEW_US > a.expiresAtUs) throw new CertificateError('expired', `${what} expired at ${new Date(a.expiresAtUs / 1000).toISOString()}`)
  let routerKey: Uint8Array | undefined
  for (const address of record.routerAddresses) {
    routerKey = routerKeyOfAddress(address)
    if (routerKey === undefined || !equalBytes(nodeName(routerKey), a.router)) throw new CertificateError('wrong-router', `lookup address ${address} is not router ${formatName(a.router)}`)
  }
  if (!verifyEd25519(routerKey!, serverRecordSigningBytes(record.advertisement, record.routerAddresses), record.routerSignature)) {
    throw new CertificateError('bad-signature', `the addresses beside ${what} are not signed by router ${formatName(a.router)}`)
  }
  return { kind: 'server', server, router: a.router, routerAddresses: record.routerAddresses, cost: a.cost, sequence: a.sequence, issuedAtUs: a.issuedAtUs, expiresAtUs: a.expiresAtUs }
}

/**
 * The addresses a router puts in its server records: those that name it, once
 * each, public before private before loopback, at most MAX_ROUTER_ADDRESSES,
 * so that no DHT node refuses the record however many interfaces it listens on.
 *
 * @example
 * recordAddresses(node.multiaddrs(), node.name, routerKeyOfAddress) // [] when none names the router: publish nothing
 */
export function recordAddresses (addresses: string[], router: Uint8Array, routerKeyOfAddress: KeyOfAddress): string[] {
  const own = [...new Set(addresses)].filter((a) => { const key = routerKeyOfAddress(a); return key !== undefined && equalBytes(nodeName(key), router) })
  const ranked = own.map((address, i) => ({ address, i, rank: addressRank(address) }))
  ranked.sort((x, y) => x.rank - y.rank || x.i - y.i)
  return ranked.slice(0, MAX_ROUTER_ADDRESSES).map((r) => r.address)
}

/** 0 public, 1 private, 2 loopback (or not a multiaddr): who can dial it, from most to fewest. */
function addressRank (address: string): number {
  try {
    const ma = multiaddr(address)
    return isLoopback(ma) ? 2 : isPrivate(ma) ? 1 : 0
  } catch {
    return 2
  }
}

/**
 * The DHT's selector for the /gdp/ namespace: of several valid records under
 * one key, the best. For a capsule, the newest AdCert (the owner's latest
 * delegation: a renewal, or a move to another server), then the longest,
 * then the lowest server name, so every node picks the same; for a server,
 * its newest update. A record that does not decode ranks last.
 */
export function lookupRecordSelector (_key: Uint8Array, records: Uint8Array[]): number {
  const ranks = records.map(recordRank)
  let best = 0
  for (let i = 1; i < ranks.length; i++) if (compareRanks(ranks[i]!, ranks[best]!) > 0) best = i
  return best
}

type Rank = [number, number, Uint8Array]
const LOWEST: Rank = [-1, -1, new Uint8Array(0)]

function recordRank (bytes: Uint8Array): Rank {
  try {
    const r = decodeLookupRecord(bytes)
    if (!isCapsuleRecord(r)) return [r.advertisement.advertisement.sequence, 0, new Uint8Array(0)]
    const c = r.capsule.adCert.cert
    return [c.notBeforeUs, c.notAfterUs, c.server]
  } catch {
    return LOWEST
  }
}

function compareRanks (x: Rank, y: Rank): number {
  return x[0] - y[0] || x[1] - y[1] || Buffer.compare(y[2], x[2])
}

/**
 * Whether a DHT node keeps the record it holds under a key rather than one
 * put over it: the held one still validates and the selector ranks it
 * above the incoming one (a replayed older delegation or update). An equal
 * rank is replaced (the same record again, or new addresses).
 */
export function keepNewerLookupRecord (validate: (key: Uint8Array, value: Uint8Array) => Promise<void>): (key: Uint8Array, held: Uint8Array, incoming: Uint8Array) => Promise<boolean> {
  return async (key, held, incoming) => {
    try {
      await validate(key, held)
    } catch {
      return false
    }
    return lookupRecordSelector(key, [incoming, held]) === 1
  }
}

/**
 * The DHT's validator for the /gdp/ namespace: every node checks a record
 * before it stores or returns it, so a forged one goes no further than the
 * node it was handed to. `clock` gives microseconds since the epoch.
 */
export function lookupRecordValidator (clock: () => number, routerKeyOfAddress: KeyOfAddress): (key: Uint8Array, value: Uint8Array) => Promise<void> {
  return async (key, value) => { verifyLookupRecord(nameOfLookupKey(key), decodeLookupRecord(value), clock(), routerKeyOfAddress) }
}

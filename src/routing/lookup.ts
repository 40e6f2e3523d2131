/**
 * GLookup records: "capsule C (or server S) is reachable through router R", stored in a
 * kad-dht shared by routers under the validated namespace /gdp/. Anyone may
 * store or relay a record, but only one that carries a valid server
 * advertisement to R, with the whole chain back to C's name, is accepted;
 * its addresses must name R's own peer id, so a dial reaches R or fails.
 */
import { formatName } from '../capsule/name.js'
import { equalBytes } from '../crypto/hash.js'
import { CertificateError, MalformedMessageError } from '../errors.js'
import { decodeProto, pb } from '../wire/index.js'
import { decodeSignedAdvertisement, encodeSignedAdvertisement, verifyAdvertisement, type SignedAdvertisement, type VerifiedAdvertisement } from './certificates.js'

export const LOOKUP_NAMESPACE = 'gdp'
const MAX_ADDRESSES = 16

export interface LookupRecord {
  advertisement: SignedAdvertisement
  routerAddresses: string[]
}

/** The DHT key of a capsule's lookup record. */
export function lookupKey (capsule: Uint8Array): Uint8Array {
  return new Uint8Array(Buffer.from(`/${LOOKUP_NAMESPACE}/${Buffer.from(capsule).toString('hex')}`))
}

export function capsuleOfLookupKey (key: Uint8Array): Uint8Array {
  const text = Buffer.from(key).toString()
  const match = /^\/gdp\/([0-9a-f]{64})$/.exec(text)
  if (match === null) throw new MalformedMessageError(`'${text}' is not a GLookup key (/gdp/<64 hex digits>)`)
  return new Uint8Array(Buffer.from(match[1]!, 'hex'))
}

export function encodeLookupRecord (r: LookupRecord): Uint8Array {
  return pb.LookupRecord.encode({ advertisement: pb.SignedAdvertisement.decode(encodeSignedAdvertisement(r.advertisement)), routerAddresses: r.routerAddresses }).finish()
}

export function decodeLookupRecord (bytes: Uint8Array): LookupRecord {
  const value = decodeProto(pb.LookupRecord, bytes, 'lookup record')
  if (value.advertisement == null) throw new MalformedMessageError('lookup record has no advertisement')
  const routerAddresses = value.routerAddresses ?? []
  if (routerAddresses.length === 0 || routerAddresses.length > MAX_ADDRESSES) throw new MalformedMessageError(`lookup record needs 1 to ${MAX_ADDRESSES} router addresses`)
  return { advertisement: decodeSignedAdvertisement(pb.SignedAdvertisement.encode(value.advertisement).finish()), routerAddresses }
}

export interface VerifiedLookup {
  capsule: Uint8Array
  router: Uint8Array
  routerAddresses: string[]
  advertisement: VerifiedAdvertisement
  expiresAtUs: number
}

/**
 * Checks a record found under the key of `capsule`. `routerOfAddress` maps a
 * multiaddr to the node name of the peer id it ends in (undefined if none).
 */
export function verifyLookupRecord (capsule: Uint8Array, record: LookupRecord, nowUs: number, routerOfAddress: (address: string) => Uint8Array | undefined): VerifiedLookup {
  const router = record.advertisement.advertisement.router
  const verified = verifyAdvertisement(record.advertisement, router, nowUs, undefined)
  // A server's own node name is self-certifying: its advertisement proves where it is attached.
  const self = equalBytes(capsule, verified.server)
  const entry = verified.added.find((c) => equalBytes(c.name, capsule))
  if (entry === undefined && !self) {
    throw verified.rejected.find((r) => equalBytes(r.name, capsule))?.error ?? new CertificateError('wrong-capsule', `the advertisement in this lookup record does not add capsule ${formatName(capsule)}`)
  }
  for (const address of record.routerAddresses) {
    const named = routerOfAddress(address)
    if (named === undefined || !equalBytes(named, router)) throw new CertificateError('wrong-router', `lookup address ${address} is not router ${formatName(router)}`)
  }
  return { capsule, router, routerAddresses: record.routerAddresses, advertisement: verified, expiresAtUs: Math.min(verified.expiresAtUs, entry?.notAfterUs ?? Infinity) }
}

/** Of several valid records, the one with the newest advertisement. */
export function selectLookupRecord (records: LookupRecord[]): number {
  let best = 0
  for (let i = 1; i < records.length; i++) {
    if (records[i]!.advertisement.advertisement.sequence > records[best]!.advertisement.advertisement.sequence) best = i
  }
  return best
}

/**
 * The DHT's validator for the /gdp/ namespace: every node checks a record
 * before it stores or returns it, so a forged one goes no further than the
 * node it was handed to. `clock` gives microseconds since the epoch.
 */
export function lookupRecordValidator (clock: () => number, routerOfAddress: (address: string) => Uint8Array | undefined): (key: Uint8Array, value: Uint8Array) => Promise<void> {
  return async (key, value) => { verifyLookupRecord(capsuleOfLookupKey(key), decodeLookupRecord(value), clock(), routerOfAddress) }
}

/** The DHT's selector for the /gdp/ namespace (records it validated already). */
export function lookupRecordSelector (_key: Uint8Array, records: Uint8Array[]): number {
  return selectLookupRecord(records.map(decodeLookupRecord))
}

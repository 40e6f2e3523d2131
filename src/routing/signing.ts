/**
 * The signed byte strings of routing, each with its own domain-separation
 * tag (docs/routing.md). Inputs are canonical encodings.
 */
import { utf8Bytes } from '../crypto/bytes.js'
import { sha256 } from '../crypto/hash.js'

// Tags are ASCII, whose UTF-8 encoding is one byte a character.
const ascii = (s: string): Uint8Array => utf8Bytes(s)

export const ROUTING_TAGS = {
  adCert: ascii('gdp/v1/adcert\0'),
  domainMembership: ascii('gdp/v1/domain-membership\0'),
  advertisement: ascii('gdp/v1/advertisement-update\0'),
  appendAck: ascii('gdp/v1/append-ack\0'),
  serverReceipt: ascii('gdp/v1/server-receipt\0'),
  routeAnnouncement: ascii('gdp/v1/route-announcement\0'),
  lookupAddresses: ascii('gdp/v1/lookup-addresses\0')
} as const

export function tagged (tag: Uint8Array, encoding: Uint8Array): Uint8Array {
  const out = new Uint8Array(tag.length + encoding.length)
  out.set(tag, 0)
  out.set(encoding, tag.length)
  return out
}

/** A node's (or domain's) flat name: SHA-256 of its Ed25519 public key. */
export function nodeName (publicKey: Uint8Array): Uint8Array {
  return sha256(publicKey)
}

/**
 * A node's Ed25519 key as its libp2p identity (its peer id).
 */
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import type { PrivateKey } from '@libp2p/interface'

/**
 * libp2p's private key for `key`, handed its public half: from the seed
 * alone libp2p derives it again in JavaScript (@noble/curves), whose first
 * point multiplication builds its tables, about 55 ms of every node's start
 * and of every `gdp --node` command. `publicKey` must be the seed's own (an
 * Ed25519Signer derives it from the seed).
 */
export function libp2pIdentity (key: { seed: Uint8Array, publicKey: Uint8Array }): PrivateKey {
  const raw = new Uint8Array(64)
  raw.set(key.seed)
  raw.set(key.publicKey, 32)
  return privateKeyFromRaw(raw)
}

/**
 * The SHA-256 addon (src/crypto/native/sha256.c, built into
 * dist/native/gdp-sha256.node by `npm run build`): OpenSSL's SHA-256, with the
 * CPU's SHA instructions, called without node:crypto's per-call cost. About
 * 0.17 us for a 65-byte Merkle node on this project's machine, against 0.6
 * through libsodium and 1.1 through node:crypto.
 *
 * Optional like libsodium: where it was not built, does not load (a Node
 * whose OpenSSL symbols are not exported), or is turned off with
 * GDP_NATIVE_CRYPTO=off, hash.ts uses libsodium or node:crypto. Before it is
 * used its answers are checked against node:crypto at the lengths where
 * SHA-256's padding changes shape; an addon that disagrees is not used.
 */
import { hash } from 'node:crypto'
import { loadAddon } from './load-addon.js'
import { nativeCryptoEnabled } from './sodium.js'

export interface Sha256Addon {
  /** Writes SHA-256(input) into out (32 bytes); throws a TypeError for anything but two Uint8Arrays, out of 32 bytes. */
  sha256: (out: Uint8Array, input: Uint8Array) => void
}

// This module runs from src/crypto (the tests) and from dist/src/crypto (the build).
const PLACES = ['../../dist/native/gdp-sha256.node', '../../native/gdp-sha256.node', '../native/gdp-sha256.node']

// Empty, within one block, at the last length with room for the length field, the first without, a full block, past it, many blocks.
const CHECK_LENGTHS = [0, 3, 55, 56, 64, 65, 1000]

/** The addon if it gives node:crypto's digests, else undefined. */
export function checkedAddon (addon: Sha256Addon): Sha256Addon | undefined {
  const out = new Uint8Array(32)
  const agrees = CHECK_LENGTHS.every((length) => {
    const input = new Uint8Array(length).map((_, i) => (i * 131 + length) & 0xff)
    addon.sha256(out, input)
    return Buffer.from(out).equals(hash('sha256', input, 'buffer'))
  })
  return agrees ? addon : undefined
}

function load (): Sha256Addon | undefined {
  if (!nativeCryptoEnabled) return undefined
  const addon = loadAddon<Sha256Addon>(PLACES, import.meta.url)
  return addon === undefined ? undefined : checkedAddon(addon)
}

export const sha256Addon: Sha256Addon | undefined = load()

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Ed25519Signer, generateEd25519KeyPair } from '../src/crypto/ed25519.js'
import { capsuleName, newMetadata, signMetadata } from '../src/capsule/metadata.js'
import type { SignedMetadata } from '../src/capsule/types.js'

/** A fresh folder under the OS temp dir, removed by `cleanup`. */
export function tempDir (prefix = 'gdp-test-'): { path: string, cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}

export interface TestCapsule {
  signed: SignedMetadata
  name: Uint8Array
  owner: Ed25519Signer
  writer: Ed25519Signer
}

/** Owner-signed metadata with fresh owner and writer keys. */
export function testCapsule (createdAtUs = 1_700_000_000_000_000): TestCapsule {
  const owner = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const writer = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const metadata = newMetadata({ owner: owner.publicKey, writer: writer.publicKey, createdAtUs, nonce: new Uint8Array(16).fill(7) })
  const signed = signMetadata(metadata, owner)
  return { signed, name: capsuleName(metadata), owner, writer }
}

export const payload = (text: string): Uint8Array => Buffer.from(text)

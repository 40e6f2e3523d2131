/** Key files: JSON with the Ed25519 seed, written with mode 0600. */
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ed25519PublicKeyOf, generateEd25519KeyPair, type Ed25519KeyPair } from '../crypto/ed25519.js'
import { InvalidArgumentError } from '../errors.js'
import { parseName } from '../capsule/name.js'

export const KEY_FILE_TYPE = 'gdp-ed25519-key'

interface KeyFileJson { type: string, publicKey: string, secretKey: string }

export function writeKeyFile (path: string, force: boolean): Ed25519KeyPair {
  if (existsSync(path) && !force) throw new InvalidArgumentError(`key file ${path} already exists (use --force to replace it)`)
  const pair = generateEd25519KeyPair()
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  const json: KeyFileJson = { type: KEY_FILE_TYPE, publicKey: Buffer.from(pair.publicKey).toString('base64url'), secretKey: Buffer.from(pair.secretKey).toString('base64url') }
  writeFileSync(path, JSON.stringify(json, null, 2) + '\n', { mode: 0o600 })
  chmodSync(path, 0o600) // an existing file keeps its old mode otherwise
  return pair
}

export function readKeyFile (path: string): Ed25519KeyPair {
  if (!existsSync(path)) throw new InvalidArgumentError(`no key file at ${path} (create one with 'gdp keys generate')`)
  if ((statSync(path).mode & 0o077) !== 0) process.emitWarning(`key file ${path} is readable by other users; chmod 600 it`)
  let json: Partial<KeyFileJson>
  try { json = JSON.parse(readFileSync(path, 'utf8')) } catch { throw new InvalidArgumentError(`key file ${path} is not JSON`) }
  if (json.type !== KEY_FILE_TYPE || typeof json.secretKey !== 'string' || typeof json.publicKey !== 'string') throw new InvalidArgumentError(`${path} is not a gdp key file`)
  const secretKey = new Uint8Array(Buffer.from(json.secretKey, 'base64url'))
  if (secretKey.length !== 32) throw new InvalidArgumentError(`key file ${path} holds a secret key of ${secretKey.length} bytes, not 32`)
  const publicKey = ed25519PublicKeyOf(secretKey)
  if (Buffer.from(publicKey).toString('base64url') !== json.publicKey) throw new InvalidArgumentError(`key file ${path} is damaged: its public key does not match its secret key`)
  return { publicKey, secretKey }
}

/**
 * Parses a public key given as base64url (43 characters) or hex (64), the
 * forms a capsule name takes. Buffer's base64url skipped characters it
 * could not read, so '!!!' before a key passed as that key.
 */
export function parsePublicKey (text: string): Uint8Array {
  try {
    return parseName(text)
  } catch {
    throw new InvalidArgumentError(`not an Ed25519 public key: '${text}' (expected 43 base64url characters, as 'gdp keys show' prints it, or 64 hex digits)`)
  }
}

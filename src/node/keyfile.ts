/** Key files: JSON with the Ed25519 seed, written with mode 0600. */
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { Ed25519Signer, ed25519PublicKeyOf, generateEd25519KeyPair, type Ed25519KeyPair } from '../crypto/ed25519.js'
import { InvalidArgumentError } from '../errors.js'
import { parseName } from '../capsule/name.js'
import { createFolder, linkToNothing } from '../store/folders.js'
import { replaceFile } from '../store/replace-file.js'

export const KEY_FILE_TYPE = 'gdp-ed25519-key'

interface KeyFileJson { type: string, publicKey: string, secretKey: string }

/** Writes `pair` (a new key unless given) to the key file at `path`. */
export function writeKeyFile (path: string, force: boolean, options: KeyFileOptions = {}, pair: Ed25519KeyPair = generateEd25519KeyPair()): Ed25519KeyPair {
  if (!force) refuseLinkToNothing(path, options)
  if (existsSync(path) && !force) throw new InvalidArgumentError(`key file ${path} already exists (use --force to replace it)`)
  const json: KeyFileJson = { type: KEY_FILE_TYPE, publicKey: Buffer.from(pair.publicKey).toString('base64url'), secretKey: Buffer.from(pair.secretKey).toString('base64url') }
  writeSecretFile(path, Buffer.from(JSON.stringify(json, null, 2) + '\n'))
  return pair
}

/**
 * Writes a key (or other secret) so that a crash or power loss leaves the
 * old file or the new one, whole, never a part: written to `<path>.new`
 * (mode 0600 from the start), flushed, renamed over `path`, and the rename
 * flushed. A key file written in place could be left empty, and a key lost
 * loses the capsules it owns.
 */
export function writeSecretFile (path: string, bytes: Uint8Array): void {
  createFolder(dirname(path), 0o700)
  replaceFile(path, bytes, { temporary: `${path}.new`, mode: 0o600 })
}

/** Whose key a key file holds: a node's (its data folder's node.key) or a writer's or owner's. */
export interface KeyFileOptions {
  /** A node's own key: a new one makes it another node. @default false */
  node?: boolean
}

/** What a new key would cost, said where a key file is lost or damaged: a key cannot be made again. */
const newKeyCost = (node: boolean): string => node
  ? "A new key ('gdp node init' once this file is removed) makes this another node, which its neighbours and the owners who delegated capsules to it do not know"
  : "A new key ('gdp keys generate --force') is another key, which can neither write nor own the capsules this one did"

/**
 * Refuses a key file that is a symbolic link to nothing (its target on a
 * disk not mounted): existsSync follows the link, so it read as no key file,
 * and one was made in its place, another key.
 */
function refuseLinkToNothing (path: string, { node = false }: KeyFileOptions): void {
  const target = linkToNothing(path)
  if (target !== undefined) throw new InvalidArgumentError(`key file ${path} is a symbolic link to ${target}, which is not there: put the key file back where the link points (a disk not mounted?). ${newKeyCost(node)}`)
}

export function readKeyFile (path: string, { node = false }: KeyFileOptions = {}): Ed25519KeyPair {
  refuseLinkToNothing(path, { node })
  if (!existsSync(path)) throw new InvalidArgumentError(`no key file at ${path} (create one with 'gdp keys generate')`)
  const stat = statSync(path)
  if (!stat.isFile()) throw new InvalidArgumentError(`key file ${path} is not a file`)
  if ((stat.mode & 0o077) !== 0) process.emitWarning(`key file ${path} is readable by other users; chmod 600 it`)
  // A key cannot be made again: the advice is to restore it, and what a new one would cost.
  const damaged = (what: string): InvalidArgumentError => new InvalidArgumentError(`key file ${path} ${what}: restore it from a backup. ${newKeyCost(node)}`)
  // Read apart from the parse: a file that may not be read (its mode, its owner) is no damaged one to restore, nor,
  // a node's, to remove for a new identity; its error names the file and the access (the command line's FileAccessError).
  const text = readFileSync(path, 'utf8')
  let json: Partial<KeyFileJson> | null
  try { json = JSON.parse(text) } catch { throw damaged('is not JSON') }
  // JSON null has no fields to read: it failed as an internal error.
  if (typeof json !== 'object' || json === null || json.type !== KEY_FILE_TYPE || typeof json.secretKey !== 'string' || typeof json.publicKey !== 'string') throw new InvalidArgumentError(`${path} is not a gdp key file`)
  // Buffer's base64url skips what it cannot read: a key with junk in it was taken.
  if (!/^[A-Za-z0-9_-]{43}$/.test(json.secretKey)) throw damaged('is damaged: its secretKey is not 43 base64url characters')
  const secretKey = new Uint8Array(Buffer.from(json.secretKey, 'base64url'))
  const publicKey = ed25519PublicKeyOf(secretKey)
  if (Buffer.from(publicKey).toString('base64url') !== json.publicKey) throw damaged('is damaged: its public key does not match its secret key')
  return { publicKey, secretKey }
}

/** The signer of the key in the key file at `path` (readKeyFile's checks and errors). */
export function readKeySigner (path: string): Ed25519Signer {
  return new Ed25519Signer(readKeyFile(path).secretKey)
}

/** The signer of the key file at `path`, which is made (writeKeyFile) when there is none yet: a standby's key on its first start. */
export function readOrCreateKeySigner (path: string, options: KeyFileOptions = {}): Ed25519Signer {
  return new Ed25519Signer((existsSync(path) ? readKeyFile(path, options) : writeKeyFile(path, false, options)).secretKey)
}

/**
 * Parses a public key given as base64url (43 characters) or hex (64), the
 * forms a capsule name takes. Buffer's base64url skipped characters it
 * could not read, so '!!!' before a key passed as that key.
 */
export function parsePublicKey (text: string, what?: string): Uint8Array {
  try {
    return parseName(text)
  } catch {
    throw new InvalidArgumentError(`${what === undefined ? '' : `${what}: `}not an Ed25519 public key: '${text}' (expected 43 base64url characters, as 'gdp keys show' prints it, or 64 hex digits)`)
  }
}

/**
 * The one credential of a node's HTTP services (the gateway, the admin API):
 * a bearer token kept in a file only the node's user can read. Whoever holds
 * a service's token may do through it what that service offers.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, closeSync, existsSync, openSync, readFileSync, statSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'
import { sha256 } from '../crypto/hash.js'
import { InvalidArgumentError } from '../errors.js'
import { createFolder, linkToNothing } from '../store/folders.js'

/** Characters of a token at least: shorter ones are guessable. */
export const MIN_TOKEN_LENGTH = 16

/**
 * The token in `path`, made there first (32 random bytes, base64url, file
 * mode 0600) when the file does not exist and `create` is set. The token is
 * the file's first line, trimmed.
 */
export function loadToken (path: string, create: boolean, service: 'gateway' | 'admin'): string {
  // existsSync follows a link: one to nothing was taken for no file, and making the token through it failed as an
  // internal error (EEXIST; found by attacking a server's disk). A token made where it points would not be the one lost.
  const target = linkToNothing(path)
  if (target !== undefined) throw new InvalidArgumentError(`${service} token file ${path} is a symbolic link to ${target}, which is not there: put the token file back there, or remove the link for a new token`)
  if (!existsSync(path)) {
    if (!create) throw new InvalidArgumentError(`${service} token file ${path} does not exist`)
    const token = randomBytes(32).toString('base64url')
    createFolder(dirname(path))
    // 'wx': never overwrite a token another process just made; 0o600 from the start, not after a chmod.
    const fd = openSync(path, 'wx', 0o600)
    try { writeSync(fd, token + '\n') } finally { closeSync(fd) }
    chmodSync(path, 0o600) // the umask may have taken bits off, never added: this only makes sure
    return token
  }
  const stat = statSync(path)
  if (!stat.isFile()) throw new InvalidArgumentError(`${service} token file ${path} is not a file`)
  // Whoever can read it can use the service: said as for a node key (a token file given in the configuration was
  // taken whatever its mode).
  if ((stat.mode & 0o077) !== 0) process.emitWarning(`${service} token file ${path} is readable by other users; chmod 600 it`)
  const token = readFileSync(path, 'utf8').split('\n')[0]!.trim()
  checkToken(token, `${service} token file ${path}`)
  return token
}

export function checkToken (token: string, where: string): void {
  if (token.length < MIN_TOKEN_LENGTH) throw new InvalidArgumentError(`${where}: a token has at least ${MIN_TOKEN_LENGTH} characters`)
  if (!/^[\x21-\x7e]+$/.test(token)) throw new InvalidArgumentError(`${where}: a token is printable ASCII without spaces`)
}

/**
 * Checks a request's Authorization header against the token in constant
 * time: both sides are hashed first, so neither the time nor an early exit
 * on length tells how much of a guess was right. Returns what is wrong, in
 * words (`missing` or `wrong`, the service's own words for those), or
 * undefined when the token is there. A request with two or more
 * Authorization headers matches nothing: Node keeps the first, and behind
 * a proxy that adds its own, which one counted was no choice of the
 * client's (found by attacking the gateway); it was told its token was
 * wrong, whichever it was.
 */
export function bearerRefusal (rawHeaders: string[], token: string, words: { missing: string, wrong: string }): string | undefined {
  const given: string[] = []
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) if (rawHeaders[i]!.toLowerCase() === 'authorization') given.push(rawHeaders[i + 1]!)
  if (given.length === 0) return words.missing
  if (given.length > 1) return `the request has ${given.length} Authorization headers and is taken with one alone (behind a proxy that adds its own, which one counted would be no choice of the client's)`
  const match = /^Bearer[ ]+(\S+)[ ]*$/i.exec(given[0]!)
  const same = timingSafeEqual(sha256(Buffer.from(match?.[1] ?? '')), sha256(Buffer.from(token)))
  return match !== null && same ? undefined : words.wrong
}

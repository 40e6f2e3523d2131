/**
 * Where neighbours that moved to another machine are now (docs/moving.md
 * section 3): `<data>/moved-peers.json`, peer id to multiaddr. A node that
 * restarts dials a moved neighbour at its new address although its
 * configuration still names the old one.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { logger } from '@libp2p/logger'
import { multiaddr } from '@multiformats/multiaddr'
import { replaceFile } from '../store/replace-file.js'

const log = logger('gdp:node')
export const ADDRESS_BOOK_FILE = 'moved-peers.json'

export function readAddressBook (data: string): Map<string, string> {
  const path = join(data, ADDRESS_BOOK_FILE)
  if (!existsSync(path)) return new Map()
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown
    if (parsed === null || typeof parsed !== 'object') throw new Error('not an object')
    // An entry that is not a multiaddr is left out alone: dialled, it stopped the node from starting.
    return new Map(Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === 'string' && isMultiaddr(e[1], path)))
  } catch (err) {
    // A damaged book costs only the moves it recorded: the configured addresses are dialled instead. Said as an error:
    // at debug level alone, an operator whose moved neighbours were dialled where they no longer are never learnt why.
    log.error('ignoring %s, which is damaged (%s): neighbours it named as moved are dialled at their configured addresses; restore it from a backup, or delete it', path, (err as Error).message)
    return new Map()
  }
}

function isMultiaddr (text: string, path: string): boolean {
  try {
    multiaddr(text)
    return true
  } catch (err) {
    log('ignoring the entry %s of %s: %s', JSON.stringify(text), path, (err as Error).message)
    return false
  }
}

export function rememberAddress (data: string, peerId: string, address: string): void {
  const book = readAddressBook(data)
  book.set(peerId, address)
  const path = join(data, ADDRESS_BOOK_FILE)
  // Flushed: a node restarted after a power loss dials a moved neighbour where it went.
  replaceFile(path, Buffer.from(JSON.stringify(Object.fromEntries(book), null, 2)), { temporary: `${path}.new` })
}

/** `addresses` with each one whose peer moved replaced by where it is now. */
export function movedAddresses (addresses: string[], book: Map<string, string>, peerIdOf: (address: string) => string | undefined): string[] {
  return addresses.map((a) => book.get(peerIdOf(a) ?? '') ?? a)
}

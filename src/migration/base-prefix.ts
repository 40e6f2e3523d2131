/**
 * How command lines name a registered base: its hash (the SHA-256 of its
 * file, in hex), or a prefix of it. Apart from the registry (bases.ts), which
 * opens LevelDB: the command line checks a name before it asks the node.
 */
import { InvalidArgumentError } from '../errors.js'

/** A base's hash, or a prefix of it (8 hex digits or more), as command lines name a base. */
export function checkBasePrefix (prefix: string): string {
  if (!/^[0-9a-fA-F]{8,64}$/.test(prefix)) throw new InvalidArgumentError(`'${prefix}' is not a base hash (8 to 64 hex digits)`)
  return prefix
}

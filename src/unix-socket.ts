/**
 * Unix socket paths of any length. A socket's address holds at most 107
 * bytes of path (sun_path, less its NUL), and Node binds and connects a
 * longer one truncated, without a word: a node whose data folder had a long
 * path put its control socket at the truncated path (in another folder,
 * /tmp say, where another user may make that file first), `gdp status` found
 * no node running there, and nodes whose folders shared the first 107 bytes
 * took each other's socket. A longer path is reached through a descriptor of
 * its folder instead (/proc/self/fd/<n>/<file>, which Linux resolves as a
 * path of any length); elsewhere it is refused, naming the limit.
 */
import { closeSync, constants, existsSync, openSync } from 'node:fs'
import { basename, dirname } from 'node:path'
import { InvalidArgumentError } from './errors.js'

/** The longest path a Unix socket address holds on Linux (sun_path is 108 bytes with its NUL). */
export const SOCKET_PATH_BYTES = 107

/** A path to bind or connect to for a socket file, and what to do once that is done (or failed). */
export interface SocketPath { path: string, release: () => void }

/**
 * A path to the socket file at `path` that fits in a socket address. Call
 * `release` once bound or connected (or failed): a longer path holds its
 * folder open until then. `advice` says what to do where that is refused.
 */
export function socketPath (path: string, advice: string): SocketPath {
  if (Buffer.byteLength(path) <= SOCKET_PATH_BYTES) return { path, release: () => {} }
  const folderPath = dirname(path)
  const file = basename(path)
  if (!existsSync('/proc/self/fd')) throw new InvalidArgumentError(`the socket ${path} is ${Buffer.byteLength(path)} bytes long, more than a Unix socket address holds (${SOCKET_PATH_BYTES}): ${advice}`)
  // A folder that cannot be opened is refused here as it would be at the path: by the errors of that open.
  const folder = openSync(folderPath, constants.O_RDONLY | constants.O_DIRECTORY)
  const reachable = `/proc/self/fd/${folder}/${file}`
  if (Buffer.byteLength(reachable) > SOCKET_PATH_BYTES) {
    closeSync(folder)
    throw new InvalidArgumentError(`the socket file name ${file} is too long for a Unix socket address: ${advice}`)
  }
  let open = true
  return { path: reachable, release: () => { if (open) { open = false; closeSync(folder) } } }
}

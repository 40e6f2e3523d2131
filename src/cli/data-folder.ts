import { existsSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { UsageError } from './usage-error.js'

/**
 * Refuses a data folder that is plainly another thing: a file (a node.key
 * given to --data, --data and --key swapped), or a capsule store itself (a
 * node's store/ folder). A store there was read as a data folder holding no
 * store: `gdp status` said it held none yet, and `gdp node start` made a new
 * node's key, store and folders inside the LevelDB folder. `what` names
 * where the folder was given (`--data`, `GDP_DATA`, a config file's `data`).
 */
export function refuseDataFolderMistakes (dir: string, what: string): void {
  if (!existsSync(dir)) return
  if (!statSync(dir).isDirectory()) throw new UsageError(`${what} ${dir} is a file, not a data folder`)
  if (existsSync(join(dir, 'CURRENT'))) {
    throw new UsageError(`${what} ${dir} is a capsule store itself (LevelDB's files are in it), not a data folder: give the folder that holds it, ${what} ${dirname(dir)}`)
  }
}

/**
 * The mark a router leaves in its data folder when it moved to another
 * machine (gdp node migrate, docs/moving.md section 3). The folder keeps the
 * router's key, so that the router can be started there again if the new
 * instance fails for good; started while the new instance runs, it was a
 * second instance of the router (one key, two places, the neighbours and
 * the domain's routes split between them), and nothing said so. A restart on
 * the old machine (a service manager after a reboot, an operator's habit)
 * is refused while the mark is there.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeSecretFile } from './keyfile.js'
import { MOVE_COMMIT_WAIT_MS } from './router-commit.js'

export const MOVED_AWAY_FILE = 'moved-away.json'

export interface MovedAway {
  /** The new instance's address (ending in the router's peer id). */
  to: string
  /** When the new instance confirmed the move (or, unconfirmed, when the router's state reached the standby), ISO 8601. */
  at: string
  /**
   * Whether the new instance's confirmation was noted. The mark is written
   * once the router's state reached the standby (a new instance may run
   * from then on), taken away if the move fails, and confirmed once the new
   * instance took over: an old instance killed in between (or whose disk
   * refused the mark at the end) had left its folder unmarked while the new
   * one ran. A mark of an earlier version, which has no such field, was
   * written confirmed.
   */
  confirmed: boolean
}

/** Marks `data` as the folder of a router that moves, or moved, to `to` (written durably: the mark must survive a power cut after the move). */
export function recordMovedAway (data: string, to: string, at: Date, confirmed: boolean): void {
  const mark: MovedAway = { to, at: at.toISOString(), confirmed }
  writeSecretFile(join(data, MOVED_AWAY_FILE), Buffer.from(JSON.stringify(mark, null, 2) + '\n'))
}

/**
 * The mark in `data`, if there is one. A mark that does not read (a damaged
 * disk) still marks the folder: where the router went is then unknown.
 */
export function movedAway (data: string): MovedAway | undefined {
  const path = join(data, MOVED_AWAY_FILE)
  if (!existsSync(path)) return undefined
  try {
    const mark = JSON.parse(readFileSync(path, 'utf8')) as Partial<MovedAway> | null
    return { to: typeof mark?.to === 'string' ? mark.to : 'an address the damaged mark no longer says', at: typeof mark?.at === 'string' ? mark.at : 'an unknown time', confirmed: mark?.confirmed !== false }
  } catch {
    return { to: 'an address the damaged mark no longer says', at: 'an unknown time', confirmed: true }
  }
}

export function movedAwayMessage (data: string, mark: MovedAway): string {
  const where = mark.confirmed
    ? `the router in ${data} moved to ${mark.to} at ${mark.at} (gdp node migrate) and runs there`
    : `the router in ${data} was moving to ${mark.to} (gdp node migrate) when this instance stopped, after its state reached the standby there at ${mark.at} and before the new instance confirmed taking over: it may run there (one that was not told to go on stands down by itself ${MOVE_COMMIT_WAIT_MS / 1000} s after its start)`
  return `${where}: started here too, it would be a second instance of it, its neighbours and routes split between the two. ` +
    `If that instance is stopped for good and the router is to run here again, start it with --moved-back (the mark, ${MOVED_AWAY_FILE}, is then deleted)`
}

/** Deletes the mark: the router runs in `data` again. */
export function clearMovedAway (data: string): void {
  rmSync(join(data, MOVED_AWAY_FILE), { force: true })
}

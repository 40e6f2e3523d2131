/**
 * A router's routing state as one byte string, for a router that moves to
 * another machine (docs/moving.md section 3): its server sets with their
 * members, the last sequence number it accepted from each server and
 * announcing router, and what its lookup service held. The new machine
 * installs it as it is: no advertisement is checked again and no neighbour
 * announces anything again.
 */
import { decodeProto, pb, safeUint } from '../wire/index.js'
import type { AdvertisementProcessor, RouteTable } from './route-table.js'

export function exportRouterState (table: RouteTable, processor: AdvertisementProcessor, nowUs: number, lookup?: pb.ILookupState): Uint8Array {
  return pb.RouterState.encode({ sets: table.exportSets(), sequences: processor.exportSequences(nowUs), exportedAtUs: nowUs, lookup }).finish()
}

/**
 * Installs an exported state into `table` and `processor`, and gives back
 * its lookup state for the node's lookup service (which the table does not
 * hold); throws MalformedMessageError (nothing half-installed by a bad set is
 * left out of the count).
 */
export function importRouterState (bytes: Uint8Array, table: RouteTable, processor: AdvertisementProcessor): { sets: number, routes: number, lookup: pb.ILookupState | undefined } {
  const state = decodeProto(pb.RouterState, bytes, 'router state')
  const before = table.size
  // Past the importing router's bounds, as an advertisement past them would be: refused, and counted so.
  const refusals = table.importSets(state.sets ?? [], processor.importBounds)
  for (const [problem, times] of Object.entries(refusals) as Array<[keyof typeof refusals, number]>) processor.count(problem, times)
  // A state that does not say when it was exported (0): its sequences count until later ones are taken.
  const exportedAtUs = safeUint(state.exportedAtUs, 'router state exported_at_us')
  processor.importSequences(state.sequences ?? [], exportedAtUs === 0 ? undefined : exportedAtUs)
  return { sets: state.sets?.length ?? 0, routes: table.size - before, lookup: state.lookup ?? undefined }
}

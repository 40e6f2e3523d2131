/**
 * The gateway's requests through the overlay for a capsule the node's own
 * store acknowledged but cannot serve (its metadata row lost, or in a block
 * LevelDB cannot read): the node neither holds nor advertises it, so the
 * overlay reaches it at another replica only, and with none answers
 * NO_ROUTE once it waited seconds for a route, which says nothing of the
 * damage here.
 */
import type { GdpClient } from '../client/client.js'
import { RequestRefusedError } from '../errors.js'
import type { GatewayCapsuleClient } from '../gateway/capsule-routes.js'
import type { CapsuleService } from '../server/capsule-service.js'

/**
 * `request` through the overlay, for capsule `name`; when the node's store
 * cannot serve it, the damage instead: at once when the node knows no other
 * replica of it, else when the overlay finds no route to one.
 */
export async function overlayOrDamageHere<T> (service: CapsuleService | undefined, name: Uint8Array, request: () => Promise<T>): Promise<T> {
  const fault = await service?.unservedFault(name)
  if (fault !== undefined && (service?.replicator?.peers(name) ?? []).length === 0) throw fault
  try {
    return await request()
  } catch (err) {
    throw fault !== undefined && err instanceof RequestRefusedError && err.reason === 'NO_ROUTE' ? fault : err
  }
}

/**
 * The node's client as the gateway's raw capsule routes use it: each of
 * them asks info, read or readProven first, which say the damage here as
 * overlayOrDamageHere does.
 */
export function gatewayCapsuleClient (client: GdpClient, service: CapsuleService | undefined): GatewayCapsuleClient {
  if (service === undefined) return client
  return {
    info: async (name, choice) => await overlayOrDamageHere(service, name, async () => await client.info(name, choice)),
    read: async (name, selector, metadata, options) => await overlayOrDamageHere(service, name, async () => await client.read(name, selector, metadata, options)),
    readProven: async (name, selector, metadata) => await overlayOrDamageHere(service, name, async () => await client.readProven(name, selector, metadata)),
    appendBatch: async (batch, choice) => await client.appendBatch(batch, choice),
    subscribe: (name, fromSeqno, signal) => client.subscribe(name, fromSeqno, signal)
  }
}

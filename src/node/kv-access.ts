/**
 * How a node's HTTP gateway reaches key-value (and file) capsules: reads
 * from the node's own index when the node holds the capsule (one index per
 * capsule, the one its capsule service answers from), else through the
 * overlay with every answer proven; writes only for capsules whose writer
 * key the operator gave the node, always through the overlay, so a write
 * to a capsule of several replicas reaches its write quorum.
 */
import { decodeSignedDeletion } from '../capsule/deletion.js'
import type { Signer } from '../capsule/metadata.js'
import { formatName } from '../capsule/name.js'
import type { GdpClient, WriterJournal } from '../client/client.js'
import { equalBytes } from '../crypto/hash.js'
import { CapsuleDeletedError, CapsuleNotFoundError } from '../errors.js'
import type { KvAccess, KvCapsule } from '../gateway/kv-routes.js'
import { requireKvCapsule } from '../kv/format.js'
import { LocalKv } from '../kv/local.js'
import { RemoteKv } from '../kv/remote.js'
import type { CapsuleService } from '../server/capsule-service.js'
import type { CapsuleStore } from '../store/capsule-store.js'

export interface NodeKvAccessInit {
  /** Writer keys the operator gave the node, each with its journal: it writes the capsules whose writer is one of them. */
  writers?: Array<{ signer: Signer, journal?: WriterJournal }>
  /** Capsules kept open (their writer state and caches), the least recently used closed first. @default 256 */
  maxOpen?: number
}

export interface NodeKvAccessComponents {
  client: GdpClient
  /** The node's capsule service, when it stores capsules. */
  service?: CapsuleService
  /** Its store, which keeps the tombstones of the capsules deleted here. */
  store?: CapsuleStore
}

export function nodeKvAccess (init: NodeKvAccessInit, components: NodeKvAccessComponents): KvAccess {
  const writers = init.writers ?? []
  const maxOpen = init.maxOpen ?? 256
  const open = new Map<string, Promise<KvCapsule>>()
  const keyOf = (name: Uint8Array): string => Buffer.from(name).toString('hex')
  // A deleted capsule's rows are gone: a reader kept open on its index found its records missing, as damage (502).
  components.service?.events.addEventListener('deleted', (event) => { open.delete(keyOf(event.detail)) })
  const connect = async (name: Uint8Array): Promise<KvCapsule> => {
    // Before the overlay is asked, which would look for a deleted capsule in vain (404 NO_ROUTE after seconds).
    await refuseDeleted(components.store, name)
    const info = await components.client.info(name)
    requireKvCapsule(info.metadata.metadata)
    const key = writers.find((w) => equalBytes(w.signer.publicKey, info.metadata.metadata.writer.key))
    const writer = key === undefined ? undefined : await RemoteKv.open(components.client, name, key)
    return { metadata: info.metadata.metadata, reader: await localReader(components.service, name) ?? writer ?? await RemoteKv.open(components.client, name), ...(writer === undefined ? {} : { writer }) }
  }
  return async (name) => {
    const key = keyOf(name)
    let capsule = open.get(key)
    if (capsule !== undefined) open.delete(key)
    else {
      capsule = connect(name)
      capsule.catch(() => { open.delete(key) })
    }
    open.set(key, capsule)
    while (open.size > maxOpen) open.delete(open.keys().next().value!)
    return await capsule
  }
}

/** A reader on the node's own index of the capsule, or undefined when the node does not hold it. */
async function localReader (service: CapsuleService | undefined, name: Uint8Array): Promise<LocalKv | undefined> {
  if (service === undefined) return undefined
  try {
    return LocalKv.onIndex(await service.kv.index(name))
  } catch (err) {
    if (err instanceof CapsuleNotFoundError) return undefined
    throw err
  }
}

/**
 * CapsuleDeletedError (410) when the store keeps the tombstone of a capsule
 * gone everywhere: its owner deleted it, or it expired. Not when the owner's
 * order took only this server off its replicas (a move away): the capsule
 * lives on at the others, and the overlay is asked.
 */
async function refuseDeleted (store: CapsuleStore | undefined, name: Uint8Array): Promise<void> {
  const tombstone = await store?.tombstone(name)
  if (tombstone === undefined) return
  if (tombstone.length === 0) throw new CapsuleDeletedError(`capsule ${formatName(name)} was deleted when it expired; its name is not used again`)
  let server: Uint8Array | undefined
  try {
    server = decodeSignedDeletion(tombstone).deletion.server
  } catch {
    // An order that no longer decodes cannot say which it was: the overlay is asked.
    return
  }
  if (server === undefined) throw new CapsuleDeletedError(`capsule ${formatName(name)} was deleted by its owner; its name is not used again`, tombstone)
}

// In-memory key-value capsules (test/files/memory-kv.ts) as the gateway's
// key-value access sees them: with their metadata (a key-value or a file
// capsule's application fields), writable, or read-only as on a node that
// does not hold the writer key.
import { capsuleName, newMetadata } from '../../src/capsule/metadata.js'
import type { AppField, CapsuleMetadata } from '../../src/capsule/types.js'
import { equalBytes } from '../../src/crypto/hash.js'
import { generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { CapsuleNotFoundError } from '../../src/errors.js'
import type { KvReader } from '../../src/kv/api.js'
import type { KvAccess } from '../../src/gateway/kv-routes.js'
import { formatName } from '../../src/capsule/name.js'
import { MemoryKv } from '../files/memory-kv.js'

/** An in-memory capsule and the metadata its name is the hash of. */
export interface MemoryCapsule {
  kv: MemoryKv
  metadata: CapsuleMetadata
}

/** A new in-memory capsule whose metadata carries `appFields` (kvAppField() for a key-value capsule, filesAppFields() for a file capsule). */
export function memoryCapsule (appFields: AppField[]): MemoryCapsule {
  const writer = generateEd25519KeyPair().publicKey
  const metadata = newMetadata({ owner: writer, writer, createdAtUs: Date.now() * 1000, appFields, nonce: crypto.getRandomValues(new Uint8Array(16)) })
  return { kv: new MemoryKv({ name: capsuleName(metadata), clock: 'wall' }), metadata }
}

/** The same capsule as another node that does not hold the writer key sees it: reads only. */
export function readOnly (kv: MemoryKv): KvReader {
  return { name: kv.name, view: kv.view.bind(kv), diff: kv.diff.bind(kv), watch: kv.watch.bind(kv), blobs: kv.blobs.bind(kv), findBlob: kv.findBlob.bind(kv) }
}

/** A KvAccess over some capsules by name, writable or read-only: the others are not found. */
export function memoryKvAccess (writable: MemoryCapsule[], readable: MemoryCapsule[]): KvAccess {
  return async (name) => {
    const writer = writable.find((c) => equalBytes(c.kv.name, name))
    if (writer !== undefined) return { metadata: writer.metadata, reader: writer.kv, writer: writer.kv }
    const reader = readable.find((c) => equalBytes(c.kv.name, name))
    if (reader !== undefined) return { metadata: reader.metadata, reader: readOnly(reader.kv) }
    throw new CapsuleNotFoundError(`no key-value capsule ${formatName(name)} here`)
  }
}

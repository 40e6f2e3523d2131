// In-memory key-value capsules (test/files/memory-kv.ts) as the gateway's
// key-value access sees them: writable, or read-only as on a node that does
// not hold the writer key.
import { equalBytes } from '../../src/crypto/hash.js'
import { CapsuleNotFoundError } from '../../src/errors.js'
import type { KvReader } from '../../src/kv/api.js'
import type { KvAccess } from '../../src/gateway/kv-routes.js'
import { formatName } from '../../src/capsule/name.js'
import type { MemoryKv } from '../files/memory-kv.js'

/** The same capsule as another node that does not hold the writer key sees it: reads only. */
export function readOnly (kv: MemoryKv): KvReader {
  return { name: kv.name, view: kv.view.bind(kv), diff: kv.diff.bind(kv), watch: kv.watch.bind(kv), blobs: kv.blobs.bind(kv), findBlob: kv.findBlob.bind(kv) }
}

/** A KvAccess over some capsules by name, writable or read-only: the others are not found. */
export function memoryKvAccess (writable: MemoryKv[], readable: MemoryKv[]): KvAccess {
  return async (name) => {
    const writer = writable.find((c) => equalBytes(c.name, name))
    if (writer !== undefined) return { reader: writer, writer }
    const reader = readable.find((c) => equalBytes(c.name, name))
    if (reader !== undefined) return { reader: readOnly(reader) }
    throw new CapsuleNotFoundError(`no key-value capsule ${formatName(name)} here`)
  }
}

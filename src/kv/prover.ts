/**
 * Proofs of key-value reads from an index (docs/kv.md section 6): the
 * checkpoint record that covers the version read, its inclusion in the
 * capsule's latest heartbeat, and the part of the state tree the read
 * needs. The server side of verifyKvProof.
 */
import { KvProofUnavailableError } from '../errors.js'
import { checkVersion, compareKeys, type KeyBounds } from './format.js'
import type { KvIndex, KvIndexedCheckpoint } from './index.js'
import type { KvProof } from './proof.js'
import { buildKvTree, intervalHolds, intervalInside, intervalOutside, proveCount, proveKeys, proveRange, type KeyInterval, type KvProofNode, type KvTree } from './tree.js'

/** What a proof is to show: keys present or absent, every key of a range, or how many keys a range holds. */
export type KvProofQuery =
  | { keys: Uint8Array[] }
  | { range: KeyBounds }
  | { count: KeyBounds }

/**
 * A past state's tree is built from the state when it is not the latest
 * (the index keeps only the latest tree): at most this many keys, unless
 * the caller names another bound.
 */
export const MAX_REBUILT_PROOF_KEYS = 100_000

/**
 * The keys a writer's proof must show to let it edit the latest tree for
 * writes of `keys` (tree-edit.ts): each key's search path, and for a delete
 * the paths of the key's neighbours, which a merge walks. Run it inside
 * index.atTip() or exclusive().
 */
export async function keysForWrite (index: KvIndex, keys: Uint8Array[]): Promise<Uint8Array[]> {
  const out = [...keys]
  for (const key of keys) out.push(...await index.neighbours(key))
  return out
}

function show (query: KvProofQuery): (interval: KeyInterval) => boolean {
  if ('keys' in query) return (interval) => query.keys.some((key) => intervalHolds(interval, key))
  if ('range' in query) return (interval) => !intervalOutside(interval, query.range)
  return (interval) => !intervalOutside(interval, query.count) && !intervalInside(interval, query.count)
}

function proveOn (tree: KvTree | undefined, query: KvProofQuery): KvProofNode[] {
  if ('keys' in query) return proveKeys(tree, query.keys)
  if ('range' in query) return proveRange(tree, query.range)
  return proveCount(tree, query.count)
}

/** The checkpoint that holds and covers `version`: at record version - 1 stating version - 1, or at record version stating version. */
async function coveringCheckpoint (index: KvIndex, version: number): Promise<KvIndexedCheckpoint> {
  const candidates = [await index.checkpointAt(version - 1), version < index.version ? await index.checkpointAt(version) : undefined]
  for (const c of candidates) if (c !== undefined && c.holds && c.version === c.seqno && (c.seqno === version || c.seqno === version - 1)) return c
  throw new KvProofUnavailableError(`no checkpoint covers version ${version} of capsule: proofs need a checkpoint of the state at record ${version - 1} or ${version} (a writer that checkpoints every batch leaves one at each version a heartbeat ends)`)
}

/**
 * A proof of `query` at `version` (0 to the index's latest), against the
 * capsule's latest heartbeat. Throws KvProofUnavailableError when no
 * checkpoint that holds covers the version, or when the version's tree
 * would have to be rebuilt from more than `maxRebuiltKeys` keys.
 */
export async function proveKvRead (index: KvIndex, version: number, query: KvProofQuery, maxRebuiltKeys = MAX_REBUILT_PROOF_KEYS): Promise<KvProof> {
  return await index.exclusive(async () => {
    checkVersion(version, index.version)
    const checkpoint = await coveringCheckpoint(index, version)
    const capsule = index.capsule
    const heartbeat = capsule.head
    if (heartbeat === undefined) throw new KvProofUnavailableError('the capsule has no heartbeat yet')
    const size = heartbeat.heartbeat.size
    const stated = await index.commitmentAt(checkpoint.version)
    const latest = index.commitment
    let nodes: KvProofNode[]
    if (stated.keyCount === latest.keyCount && compareKeys(stated.root, latest.root) === 0) {
      nodes = await index.partialTree(show(query))
    } else {
      const entries = await index.viewOf(checkpoint.version).treeEntries(maxRebuiltKeys)
      if (entries === undefined) throw new KvProofUnavailableError(`version ${version} is not the latest state and holds more than ${maxRebuiltKeys} keys: a proof of a past state is built from the whole state, at most ${maxRebuiltKeys} keys`)
      nodes = proveOn(buildKvTree(entries), query)
    }
    const seqno = checkpoint.seqno
    const proof: KvProof = {
      heartbeat,
      checkpoint: capsule.read(seqno),
      checkpointInclusion: await capsule.inclusionProof(seqno, size),
      nodes
    }
    if (seqno + 1 < size) proof.next = { header: capsule.read(seqno + 1).header, inclusion: await capsule.inclusionProof(seqno + 1, size) }
    return proof
  })
}

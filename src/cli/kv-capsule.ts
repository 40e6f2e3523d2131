/**
 * Opening the key-value capsule a `gdp kv` or `gdp fs` command names (a file
 * capsule is a key-value capsule): in the local store, or through --node.
 * Apart from command.ts, which every command loads: this loads the local
 * key-value index.
 */
import type { GdpClient } from '../client/client.js'
import { LocalKv } from '../kv/local.js'
import type { KvWriter } from '../kv/api.js'
import type { CapsuleMetadata } from '../capsule/types.js'
import { readKeySigner } from '../node/keyfile.js'
import { fullCapsuleName, refuseRemoteReadOptions, remoteKvInit, remoteWrite, resolveCapsule, withRemote, withStore, type CommandContext } from './command.js'

export interface KvCapsuleOptions {
  /** A read through --node that cannot be proven anyway (a diff: docs/files.md section 11): read without proofs. */
  unproven?: boolean
  /** For a write through --node: what an error after which it may still take effect calls it (remoteWrite); without it, the error as it is. */
  writeName?: string
  /** Refuses a capsule not of the kind the command works on, naming that kind (a file capsule's check); else any key-value capsule. */
  requireKind?: (metadata: CapsuleMetadata) => void
}

/**
 * Opens the key-value capsule named by the first argument: local, or through
 * --node; with `write`, as its writer (--key). Through --node, reads are
 * proven unless --trust-server (or `unproven`).
 */
export async function withKvCapsule<T> (ctx: CommandContext, write: boolean, fn: (kv: KvWriter & { metadata: CapsuleMetadata }) => Promise<T>, { unproven = false, writeName, requireKind }: KvCapsuleOptions = {}): Promise<T> {
  const signer = write ? readKeySigner(ctx.keyPath) : undefined
  const text = ctx.positionals[0]!
  if (ctx.node === undefined) {
    refuseRemoteReadOptions(ctx)
    return await withStore(ctx, async (store) => {
      const capsule = await resolveCapsule(store, text)
      requireKind?.(capsule.metadata)
      return await LocalKv.using(store, capsule.name, signer === undefined ? {} : { signer }, fn)
    })
  }
  // Before the node is dialled: a name it could never find is refused at once.
  const name = fullCapsuleName(text)
  const { RemoteKv } = await import('../kv/remote.js')
  const run = async (client: GdpClient): Promise<T> => await fn(await RemoteKv.open(client, name, { ...remoteKvInit(ctx, signer, unproven), ...(requireKind === undefined ? {} : { requireKind }) }))
  return write && writeName !== undefined ? await remoteWrite(ctx, () => writeName, run) : await withRemote(ctx, run)
}

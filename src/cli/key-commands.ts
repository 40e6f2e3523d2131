/** `gdp keys ...` and `gdp status`: key files and the local store at a glance. */
import { existsSync } from 'node:fs'
import { readKeyFile, writeKeyFile } from '../node/keyfile.js'
import { capsuleLine, isMissing, listCapsules, print, requireStore, sayStoreRepairFor, requireWritable, storePath, withStore, type Command, type CommandContext, type ListedCapsule } from './command.js'

const keysGenerate: Command = {
  path: ['keys', 'generate'],
  usage: 'keys generate [--force]',
  summary: 'create an Ed25519 key file (mode 0600)',
  help: '  --force   replace a key file that is there: the old key is gone, and with it the capsules it owns or writes\n' +
    '            (a new key can neither sign for them nor delete them); a key file that is there is refused without it\n',
  options: { force: { type: 'boolean', default: false } },
  minArgs: 0,
  maxArgs: 0,
  usesKey: true,
  async run (ctx) {
    // A key file --key names goes where it says, as an --out file does: its folder was made in silence (a typo made
    // one). The default, <data>/keys/default.key, is made with its folders.
    if (ctx.values.key !== undefined) requireWritable(ctx.keyPath, '--key')
    const pair = writeKeyFile(ctx.keyPath, ctx.values.force === true)
    const pub = Buffer.from(pair.publicKey).toString('base64url')
    print(ctx, `wrote ${ctx.keyPath}\npublic key ${pub}`, { file: ctx.keyPath, publicKey: pub })
    return 0
  }
}

const keysShow: Command = {
  path: ['keys', 'show'],
  usage: 'keys show',
  summary: 'print the public key of a key file',
  options: {},
  minArgs: 0,
  maxArgs: 0,
  usesKey: true,
  async run (ctx) {
    const pub = Buffer.from(readKeyFile(ctx.keyPath).publicKey).toString('base64url')
    print(ctx, pub, { file: ctx.keyPath, publicKey: pub })
    return 0
  }
}

/**
 * `gdp status` with no node running on the data folder: the local store and
 * key at a glance. A data folder without a store yet (a key only) is shown
 * so, and no store is made; a data folder that is not there is an error (a
 * mistyped --data). A damaged capsule is listed, marked with its error.
 */
export async function localStoreStatus (ctx: CommandContext): Promise<number> {
  if (isMissing(ctx.dataDir)) requireStore(ctx)
  const key = existsSync(ctx.keyPath) ? Buffer.from(readKeyFile(ctx.keyPath).publicKey).toString('base64url') : null
  const noStore = isMissing(storePath(ctx))
  const capsules = noStore
    ? []
    : await withStore(ctx, async (store) => {
      const out: ListedCapsule[] = []
      for await (const c of listCapsules(store)) out.push(c)
      return out
    })
  const damaged = capsules.filter((c) => c.size === null).length
  const human = [
    noStore
      ? `store   ${storePath(ctx)} (none yet: 'gdp capsule create' makes one)`
      : `store   ${storePath(ctx)} (${capsules.length} capsule${capsules.length === 1 ? '' : 's'}, ${capsules.reduce((n, c) => n + (c.size ?? 0), 0)} records${damaged === 0 ? '' : `, ${damaged} DAMAGED`})`,
    `key     ${key ?? `none at ${ctx.keyPath}: run 'gdp keys generate'`}`,
    ...capsules.map((c) => `capsule ${capsuleLine(c)}`)
  ].join('\n')
  print(ctx, human, { store: storePath(ctx), key, capsules })
  sayStoreRepairFor(ctx, capsules)
  return 0
}

export const keyCommands: Command[] = [keysGenerate, keysShow]

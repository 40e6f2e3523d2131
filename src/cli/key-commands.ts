/** `gdp keys ...` and `gdp status`: key files and the local store at a glance. */
import { existsSync } from 'node:fs'
import { formatName } from '../capsule/name.js'
import { readKeyFile, writeKeyFile } from '../node/keyfile.js'
import { print, withStore, type Command, type CommandContext } from './command.js'

const keysGenerate: Command = {
  path: ['keys', 'generate'],
  usage: 'keys generate [--force]',
  summary: 'create an Ed25519 key file (mode 0600)',
  options: { force: { type: 'boolean', default: false } },
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
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
  async run (ctx) {
    const pub = Buffer.from(readKeyFile(ctx.keyPath).publicKey).toString('base64url')
    print(ctx, pub, { file: ctx.keyPath, publicKey: pub })
    return 0
  }
}

/** `gdp status` with no node running on the data folder: the local store and key at a glance. */
export async function localStoreStatus (ctx: CommandContext): Promise<number> {
  const key = existsSync(ctx.keyPath) ? Buffer.from(readKeyFile(ctx.keyPath).publicKey).toString('base64url') : null
  const capsules = await withStore(ctx, async (store) => {
    const out: Array<{ name: string, size: number }> = []
    for await (const name of store.names()) out.push({ name: formatName(name), size: (await store.capsule(name)).size })
    return out
  })
  const human = [
    `store   ${ctx.dataDir}/store (${capsules.length} capsule${capsules.length === 1 ? '' : 's'}, ${capsules.reduce((n, c) => n + c.size, 0)} records)`,
    `key     ${key ?? `none at ${ctx.keyPath}: run 'gdp keys generate'`}`,
    ...capsules.map((c) => `capsule ${c.name}  ${c.size} records`)
  ].join('\n')
  print(ctx, human, { store: `${ctx.dataDir}/store`, key, capsules })
  return 0
}

export const keyCommands: Command[] = [keysGenerate, keysShow]

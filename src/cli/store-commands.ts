/** `gdp store repair`: salvage of a store LevelDB cannot read whole, with no node running on it. */
import { salvageStore, type SalvagedCapsule } from '../store/salvage.js'
import { describeSeqRanges } from '../capsule/seq-range.js'
import { print, requireStore, storePath, type Command } from './command.js'

function salvageLine (c: SalvagedCapsule): string {
  const rebuilt = c.indexRows > 0 ? `; key-value index dropped (${c.indexRows} rows), rebuilt from the records when next used` : ''
  if (c.fault !== undefined) return `capsule ${c.name}: ${c.fault}${rebuilt}`
  if (c.records.length > 0) return `capsule ${c.name}: records ${describeSeqRanges(c.records)} of ${c.size} missing or damaged: mend them from a replica (gdp capsule repair, with the node running)${rebuilt}`
  return `capsule ${c.name}: ${c.size} records whole${c.tiles > 0 ? `, ${c.tiles} tree tiles derived again` : ''}${rebuilt}`
}

const storeRepair: Command = {
  path: ['store', 'repair'],
  writesStore: true,
  usage: 'store repair',
  summary: 'salvage a store LevelDB cannot read whole (a damaged table, a lost MANIFEST or CURRENT), with no node running on it',
  help: '  LevelDB rebuilds the database from its files, keeping every row it can read (a table whose index is damaged\n' +
    '  is given a new one from its data blocks first, said on stderr); key-value indexes are dropped\n' +
    '  (rebuilt from the records when next used), tree tiles derived again, and each capsule\'s records checked\n' +
    '  against its signed heartbeats: records lost are listed, to mend from a replica, and so are capsules that lost\n' +
    '  their metadata. Exit 1 when any are.\n',
  options: {},
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    requireStore(ctx)
    let unmended = 0
    await salvageStore(storePath(ctx), (c) => {
      if (c.fault !== undefined || c.records.length > 0) unmended++
      print(ctx, salvageLine(c), c)
    }, (line) => { process.stderr.write(`${line}\n`) }, `'gdp --data ${ctx.dataDir} store repair'`)
    return unmended === 0 ? 0 : 1
  }
}

export const storeCommands: Command[] = [storeRepair]

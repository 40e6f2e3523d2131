/** `gdp base ...` and `gdp migrate ...`: the running node's migration endpoint, through its control socket. */
import { resolve } from 'node:path'
import type { ModeDecision } from '../migration/controller.js'
import { modeByName } from '../migration/codecs.js'
import { checkBasePrefix } from '../migration/base-prefix.js'
import { checkImageName, checkMigrationName } from '../migration/entries.js'
import type { MigrationProgress, MigrationSummary } from '../migration/sender.js'
import { controlRequest, type MigrateSendArgs } from '../node/control.js'
import type { ReceivedMigration, RemovedMigration } from '../migration/receiver.js'
import { durationOption, integer, optionValue, print, requireFile, type Command } from './command.js'
import { UsageError } from './usage-error.js'
import { peerAddress } from './peer-address.js'
import { escapeControls } from '../peer-text.js'

/**
 * A name or base hash the command passes to the node, checked here with the
 * node's own check: one not of its kind is a usage error (exit 2), as any
 * option value or argument not of its kind is, where the node's refusal
 * exited 1 (which `base verify` also says for a damaged base). `label` names
 * the option ('--name: ...'), or is '' for an argument.
 */
function checked (label: string, check: () => unknown): void {
  try {
    check()
  } catch (err) {
    throw new UsageError(`${label === '' ? '' : `${label}: `}${(err as Error).message}`, { cause: err })
  }
}

const MiB = 1024 * 1024
const mib = (bytes: number): string => `${(bytes / MiB).toFixed(1)} MiB`

const baseAdd: Command = {
  path: ['base', 'add'],
  asksRunningNode: true,
  usage: 'base add <image-file>',
  summary: 'register a base image with the running node (--data): a copy is kept and its blocks indexed',
  help: '  migrations send references to blocks both ends hold in registered bases instead of the blocks\n' +
    '  a base is at most 128 GiB, and an add that would leave less than the node\'s migration_keep_free\n  of its disk free is refused\n',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    // The image is checked here first: a missing one is the mistake to mend, whether a node runs or not.
    const image = requireFile(ctx.positionals[0]!)
    const base = await controlRequest(ctx.dataDir, { op: 'base.add', args: { path: resolve(image) } }) as { hash: string, size: number, blocks: number }
    print(ctx, `base ${base.hash} (${mib(base.size)}, ${base.blocks} blocks)`, base)
    return 0
  }
}

const baseList: Command = {
  path: ['base', 'list'],
  asksRunningNode: true,
  usage: 'base list',
  summary: 'base images registered with the running node (--data)',
  options: {},
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const bases = await controlRequest(ctx.dataDir, { op: 'base.list', args: {} }) as Array<{ hash: string, size: number, damaged?: { detail: string } }>
    print(ctx, bases.length === 0 ? 'no bases registered' : bases.map((b) => `${b.hash}  ${mib(b.size)}${b.damaged === undefined ? '' : `  DAMAGED: ${b.damaged.detail}`}`).join('\n'), bases)
    return 0
  }
}

const baseVerify: Command = {
  path: ['base', 'verify'],
  asksRunningNode: true,
  usage: 'base verify <hash-prefix>',
  summary: 'check a registered base in full: every block against its index, the whole copy against its hash (exit 1 if damaged)',
  help: '  a damaged base is marked so, and no migration uses it until this finds it whole or a good copy is added (gdp base add);\n' +
    '  a whole copy whose block index was damaged gets its index rebuilt\n' +
    '  exit 1 if damaged, its report on stdout; a base not registered is an error (exit 1, stderr only)\n',
  options: {},
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    checked('', () => checkBasePrefix(ctx.positionals[0]!))
    const v = await controlRequest(ctx.dataDir, { op: 'base.verify', args: { hash: ctx.positionals[0]! } }) as { hash: string, size: number, copyBytes: number, blocks: number, badBlocks: number, firstBadBlocks: number[], wholeMatches: boolean, indexRebuilt: boolean, damaged: boolean }
    // A copy longer than the base is damaged too: a receiver would copy the bytes past its end into the image it starts from.
    const size = v.copyBytes === v.size ? '' : v.copyBytes < v.size ? `the copy is ${v.copyBytes} bytes, not ${v.size}` : `the copy has ${v.copyBytes - v.size} bytes past the base's ${v.size} (something wrote to it: truncate it to ${v.size} bytes, then verify it again)`
    const text = v.damaged
      ? `base ${v.hash} is DAMAGED: ${v.badBlocks > 0 ? `${v.badBlocks} of ${v.blocks} blocks do not match its index${size === '' ? '' : ` (${size})`} (first: ${v.firstBadBlocks.join(', ')})` : size !== '' ? size : 'its blocks match the index but the whole copy does not hash to its name'}; no migration uses it until a good copy is added with 'gdp base add'`
      : `base ${v.hash} is whole (${v.blocks} blocks)${v.indexRebuilt ? `; its block index was damaged (${v.badBlocks} entries) and was rebuilt from the copy` : ''}`
    print(ctx, text, v)
    return v.damaged ? 1 : 0
  }
}

/**
 * --<option> <name>=<value>, repeated, one per name: as a list it is not
 * refused given twice as an option of one value is, and of `--base a=zz
 * --base a=none` the last went to the node, zz never checked.
 */
function pairs (values: unknown, option: string, twice: string): Array<[string, string]> {
  const list = values === undefined ? [] : values as string[]
  const seen = new Set<string>()
  return list.map((v) => {
    const at = v.indexOf('=')
    if (at <= 0 || at === v.length - 1) throw new UsageError(`--${option} '${v}': expected <name>=<value>`)
    const name = v.slice(0, at)
    if (seen.has(name)) throw new UsageError(`--${option} ${name} is given twice: ${twice}`)
    seen.add(name)
    return [name, v.slice(at + 1)]
  })
}

export function progressLine (p: MigrationProgress): string {
  const eta = p.etaSeconds === undefined ? '--' : `${Math.ceil(p.etaSeconds)} s`
  return `${p.final ? 'final round' : `round ${p.round}`} | read ${mib(p.roundDone)} of ${mib(p.roundTotal)} | sent ${mib(p.sentBytes)} (ratio ${p.ratio.toFixed(3)}) | ${mib(p.wireBytesPerSecond)}/s | ETA ${eta} | mode ${p.mode}`
}

const migrateSend: Command = {
  path: ['migrate', 'send'],
  asksRunningNode: true,
  usage: 'migrate send --to <multiaddr> --name <name> --image <name>=<file> [--image ...] [--base <image>=<hash>|none] [--mode auto|raw|zstd-1|zstd-3|zstd-9|zstd-19|gzip-1|gzip-6] [--live --pause-command <cmd> | --pause-qmp <socket>=<image> [--max-downtime 500ms] [--max-rounds n]] [--no-delta]',
  summary: 'ship VM state (image files) from the running node (--data) to another node, which rebuilds and verifies it',
  help: [
    '  --to            the receiving node, /ip4/.../tcp/.../p2p/<peer id>; it must list this node in migration_allow',
    '  --name          the migration name: the receiver writes <migration_dir>/<name>/<image>',
    '  --image         an image file and its name on the receiver (repeat for disk, memory, device state)',
    '  --base          start the receiver\'s copy of an image from a registered base (default: picked by sampling)',
    '  --mode          compression; auto (default) adapts to the CPU and the link as it goes',
    '  --live          iterative pre-copy while the source runs; then --pause-command stops it, and the',
    '                  final round sends what changed. Device state files may appear only after the pause.',
    '  --pause-qmp     pause a QEMU guest from the node itself, by its QMP socket: stop it and save its',
    '                  device state (RAM left out: x-ignore-shared) into <image>\'s file. Checked at the start:',
    '                  the guest must run with its RAM in a shared memory-backend-file, sent as another image.',
    '                  Saves the guest the start-up of a pause command\'s process (about 150 ms).',
    '  --max-downtime  pre-copy rounds go on until one takes at most this long, read to acknowledged (default',
    '                  500ms): the final round, with the source paused, does the same work',
    '  --max-rounds    ...or stop after this many rounds (default 8), or when a round no longer shrinks by 10 %',
    '  --no-delta      send a block that differs from the base whole, not as its XOR with the base block',
    '  progress goes to stderr; the summary (with --json, one object) to stdout',
    ''
  ].join('\n'),
  options: {
    to: { type: 'string' },
    name: { type: 'string' },
    image: { type: 'string', multiple: true },
    base: { type: 'string', multiple: true },
    mode: { type: 'string' },
    live: { type: 'boolean' },
    'pause-command': { type: 'string' },
    'pause-qmp': { type: 'string' },
    'no-delta': { type: 'boolean' },
    'max-rounds': { type: 'string' },
    'max-downtime': { type: 'string' }
  },
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const v = ctx.values
    if (typeof v.to !== 'string') throw new UsageError('--to <multiaddr> is required')
    if (typeof v.name !== 'string') throw new UsageError('--name <name> is required')
    const name = v.name
    checked('--name', () => checkMigrationName(name))
    const bases = new Map(pairs(v.base, 'base', 'an image starts from one base (or none)'))
    for (const [image, base] of bases) if (base !== 'none') checked(`--base ${image}`, () => checkBasePrefix(base))
    const images = pairs(v.image, 'image', 'each image has a name of its own on the receiver').map(([name, path]) => ({ name, path: resolve(path), ...(bases.has(name) ? { base: bases.get(name)! } : {}) }))
    for (const image of images) checked('--image', () => checkImageName(image.name))
    if (images.length === 0) throw new UsageError('at least one --image <name>=<file> is required')
    for (const name of bases.keys()) if (!images.some((i) => i.name === name)) throw new UsageError(`--base ${name}: no --image of that name`)
    const pauseQmp = typeof v['pause-qmp'] === 'string' ? qmpPause(v['pause-qmp']) : undefined
    if (pauseQmp !== undefined && !images.some((i) => i.name === pauseQmp.image)) throw new UsageError(`--pause-qmp ${v['pause-qmp'] as string}: no --image ${pauseQmp.image} to save the device state into`)
    if (typeof v['pause-command'] === 'string' && pauseQmp !== undefined) throw new UsageError('--pause-command and --pause-qmp are two ways to pause: give one')
    if (v.live === true && typeof v['pause-command'] !== 'string' && pauseQmp === undefined) throw new UsageError('--live needs --pause-command <cmd> or --pause-qmp <socket>=<image>, which stops the source before the final round')
    const maxRounds = integer(ctx, 'max-rounds', 1)
    if (v.live !== true) for (const option of ['max-rounds', 'max-downtime', 'pause-command', 'pause-qmp']) if (v[option] !== undefined) throw new UsageError(`--${option} is for a live migration (--live)`)
    const maxDowntimeMs = v['max-downtime'] === undefined ? undefined : durationOption(ctx, 'max-downtime', '')
    // An unknown mode is a usage error here (exit 2), where the node refused it (exit 1); named, as the codec's words name no option.
    if (typeof v.mode === 'string' && v.mode !== 'auto') { const mode = v.mode; optionValue(() => modeByName(mode), '--mode') }
    const args: MigrateSendArgs = {
      to: peerAddress(v.to, 'the receiver\'s'),
      name,
      images,
      mode: v.mode as string | undefined,
      live: v.live === true,
      pauseCommand: v['pause-command'] as string | undefined,
      pauseQmp: pauseQmp === undefined ? undefined : { socket: resolve(pauseQmp.socket), image: pauseQmp.image },
      cwd: process.cwd(),
      delta: v['no-delta'] !== true,
      maxRounds,
      maxDowntimeMs
    }
    const tty = process.stderr.isTTY
    let lastLine = -Infinity
    const summary = await controlRequest(ctx.dataDir, { op: 'migrate.send', args: { ...args } }, (event, data) => {
      if (event === 'progress') {
        const now = performance.now()
        if (tty) process.stderr.write(`\r\u001b[K${progressLine(data as MigrationProgress)}`)
        else if (now - lastLine >= 2000) { lastLine = now; process.stderr.write(progressLine(data as MigrationProgress) + '\n') }
      } else if (event === 'decision') {
        const d = data as ModeDecision
        if (d.mode !== d.previous) process.stderr.write(`${tty ? '\r\u001b[K' : ''}mode ${d.previous} -> ${d.mode}: ${escapeControls(d.reason)}\n`)
      } else {
        process.stderr.write(`${tty ? '\r\u001b[K' : ''}${escapeControls(String(data))}\n`)
      }
    }) as MigrationSummary
    if (tty) process.stderr.write('\r\u001b[K')
    const human = [
      `migrated ${summary.name}: ${summary.images.map((i) => `${i.name} ${mib(i.size)}`).join(', ')} verified by the receiver in ${summary.folder}`,
      `sent ${mib(summary.bytesSent)} for ${mib(summary.imageBytes)} (ratio ${summary.ratio.toFixed(3)}) in ${summary.seconds.toFixed(1)} s, ${summary.rounds.length} round(s), ${summary.resumes} resume(s)`,
      ...(summary.downtimeMs === undefined ? [] : [`downtime ${summary.downtimeMs.toFixed(0)} ms (pause to verified commit)`]),
      `blocks: ${Object.entries(summary.blocks).map(([k, n]) => `${k} ${n}`).join(', ')}`,
      `modes: ${Object.entries(summary.modeSeconds).map(([m, s]) => `${m} ${s.toFixed(1)} s`).join(', ')}`
    ].join('\n')
    print(ctx, human, summary)
    return 0
  }
}

const migrateList: Command = {
  path: ['migrate', 'list'],
  asksRunningNode: true,
  usage: 'migrate list',
  summary: 'migrations the running node (--data) received or is receiving',
  options: {},
  minArgs: 0,
  maxArgs: 0,
  async run (ctx) {
    const list = await controlRequest(ctx.dataDir, { op: 'migrate.list', args: {} }) as ReceivedMigration[]
    print(ctx, list.length === 0 ? 'no migrations received' : list.map((m) => `${m.name}  ${m.status}  ${m.entries} entries  from ${m.sender}  ${m.folder}${m.error === undefined ? '' : `  (${m.error})`}${m.diskCheck === undefined ? '' : m.diskCheck === 'ok' ? '  checked on disk' : `  DISK CHECK: ${m.diskCheck}`}`).join('\n'), list)
    return 0
  }
}

const migrateRemove: Command = {
  path: ['migrate', 'rm'],
  asksRunningNode: true,
  aliases: [['migrate', 'delete']],
  usage: 'migrate rm <name> [--keep-files]',
  summary: 'delete a migration the running node (--data) received: its capsule from the store, its folder, its entry in \'migrate list\'',
  help: [
    '  --keep-files    keep <migration_dir>/<name>/ (images, manifest.json); only the capsule and the list entry go.',
    '                  A new migration of the same name is refused until that folder is moved away.',
    '  a migration a sender is streaming now is refused (MigrationInProgressError); one whose sender went away',
    '  can be removed, and that sender, if it comes back, is refused. LevelDB frees the space by compaction.',
    ''
  ].join('\n'),
  options: { 'keep-files': { type: 'boolean' } },
  minArgs: 1,
  maxArgs: 1,
  async run (ctx) {
    checked('', () => checkMigrationName(ctx.positionals[0]!))
    const keepFiles = ctx.values['keep-files'] === true
    const removed = await controlRequest(ctx.dataDir, { op: 'migrate.rm', args: { name: ctx.positionals[0]!, keepFiles } }) as RemovedMigration
    const files = removed.filesRemoved ? `${removed.files} file(s), ${mib(removed.bytes)}, in ${removed.folder}` : `files kept in ${removed.folder}`
    print(ctx, `removed migration ${removed.name}: ${removed.capsules.length} capsule(s) deleted from the store; ${files}`, removed)
    return 0
  }
}

export const migrateCommands: Command[] = [baseAdd, baseList, baseVerify, migrateSend, migrateList, migrateRemove]

/** `<socket>=<image>`, split at the last '=' (a socket path may hold one, an image name may not). */
function qmpPause (text: string): { socket: string, image: string } {
  const at = text.lastIndexOf('=')
  if (at <= 0 || at === text.length - 1) throw new UsageError(`--pause-qmp ${text}: expected <qmp socket>=<image name of the device state>`)
  return { socket: text.slice(0, at), image: text.slice(at + 1) }
}

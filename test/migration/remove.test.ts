// `gdp migrate rm`: a received migration leaves the store (its capsule, whose
// space compaction frees), its folder and `migrate list`; an unknown name or
// a migration a sender is streaming now is refused. Two nodes in this
// process over loopback libp2p, the CLI as separate processes; then the
// receiver alone, in memory, for a sender that comes back after the removal.
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { parseName } from '../../src/capsule/name.js'
import { MigrationInProgressError } from '../../src/errors.js'
import type { ReceivedMigration, RemovedMigration } from '../../src/migration/receiver.js'
import type { MigrationSummary } from '../../src/migration/sender.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { controlRequest } from '../../src/node/control.js'
import { GdpNode } from '../../src/node/node.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { gdpAsync, type GdpRun } from '../cli/run-gdp.js'
import { tempDir, waitFor } from '../helpers.js'
import { imagePair, migrationPair } from './fixtures.js'

const running: GdpNode[] = []
const dirs: Array<() => void> = []
afterEach(async () => {
  for (const n of running.splice(0).reverse()) await n.stop().catch(() => {})
  for (const d of dirs.splice(0)) d()
})

function folder (): string {
  const dir = tempDir('gdp-migrate-rm-')
  dirs.push(dir.cleanup)
  return dir.path
}

async function start (allow: string[] = []): Promise<{ node: GdpNode, data: string }> {
  const data = folder()
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, data, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], migrationAllow: allow })
  await node.start()
  running.push(node)
  return { node, data }
}

const gdp = async (data: string, args: string[]): Promise<GdpRun> => await gdpAsync(['--data', data, ...args])

/** Bytes of the files of a LevelDB folder. */
function folderBytes (path: string): number {
  return readdirSync(path).reduce((sum, file) => sum + statSync(join(path, file)).size, 0)
}

async function send (from: string, to: GdpNode, name: string, image: string, extra: Record<string, unknown> = {}, onEvent?: (event: string, data: unknown) => void): Promise<MigrationSummary> {
  return await controlRequest(from, { op: 'migrate.send', args: { to: to.multiaddrs()[0]!, name, images: [{ name: 'disk', path: image, base: 'none' }], mode: 'raw', ...extra } }, onEvent) as MigrationSummary
}

describe('gdp migrate rm', () => {
  it('deletes a received migration: its capsule leaves the store and LevelDB shrinks, its folder goes, list no longer shows it', async () => {
    const a = await start()
    const b = await start(['any'])
    const images = imagePair(folder(), 2048, 5)
    const summary = await send(a.data, b.node, 'big', images.modified)
    // Once committed, the receiver rereads the images from disk and says so in the list.
    await waitFor(async () => ((await controlRequest(b.data, { op: 'migrate.list', args: {} })) as Array<{ diskCheck?: string }>)[0]?.diskCheck === 'ok', { timeoutMs: 10_000, what: 'the check on disk' })
    expect((await gdp(b.data, ['migrate', 'list'])).out).toMatch(/^big {2}complete {2}\d+ entries {2}from \S+ {2}\S+ {2}checked on disk\n$/)
    const capsules = join(b.data, 'migration', 'capsules')
    const before = folderBytes(capsules)
    expect(before).toBeGreaterThan(2 * 1024 * 1024)

    const removed = await gdp(b.data, ['migrate', 'rm', 'big', '--json'])
    expect(removed.err).toBe('')
    expect(removed.code).toBe(0)
    const result = JSON.parse(removed.out) as RemovedMigration
    expect(result).toMatchObject({ name: 'big', folder: summary.folder, capsules: [summary.capsule], filesRemoved: true })
    // The image, its manifest and the state file.
    expect(result.files).toBe(3)
    expect(existsSync(summary.folder)).toBe(false)
    expect(await controlRequest(b.data, { op: 'migrate.list', args: {} })).toEqual([])
    expect((await gdp(b.data, ['migrate', 'list'])).out).toBe('no migrations received\n')
    // Compaction runs in the background: the records' space is given back once it has.
    const after = await waitFor(() => { const size = folderBytes(capsules); return size < before / 4 && size }, { timeoutMs: 30_000, intervalMs: 100, what: `the migration store (${before} bytes) to shrink after the removal` })
    console.log(`migration store: ${before} bytes before 'gdp migrate rm', ${after} after compaction`)

    // The name is free again: a new migration under it is a new capsule.
    const again = await send(a.data, b.node, 'big', imagePair(folder(), 16, 6).modified)
    expect(again.capsule).not.toBe(summary.capsule)
    expect(await controlRequest(b.data, { op: 'migrate.list', args: {} })).toMatchObject([{ name: 'big', status: 'complete', capsule: again.capsule }])

    await b.node.stop()
    running.splice(running.indexOf(b.node), 1)
    const store = await CapsuleStore.open({ path: capsules })
    try {
      expect(await store.has(parseName(summary.capsule))).toBe(false)
      expect(await store.tombstone(parseName(summary.capsule))).toBeDefined()
      const names: string[] = []
      for await (const { signed } of store.allMetadata()) names.push(Buffer.from(signed.metadata.appFields[0]!.value).toString())
      expect(names).toEqual(['big'])
    } finally {
      await store.close()
    }
  })

  it('refuses an unknown name (status 1, the node\'s answer) and a name no migration could have (a usage error, status 2, as an option value not of its kind is: it was 1)', async () => {
    const b = await start(['any'])
    const unknown = await gdp(b.data, ['migrate', 'rm', 'nothing-here'])
    expect(unknown.code).toBe(1)
    expect(unknown.err).toBe("gdp: NodeCommandError: MigrationNotFoundError: no received migration 'nothing-here' on this node ('gdp migrate list' shows them; a node keeps nothing of the migrations it sent)\n")
    const traversal = await gdp(b.data, ['migrate', 'rm', '../migration'])
    expect(traversal.code).toBe(2)
    expect(traversal.err).toMatch(/^gdp: migration name '\.\.\/migration' must be 1 to 64 of .*\nrun 'gdp migrate rm --help' for its options\n$/)
    expect(existsSync(join(b.data, 'migration'))).toBe(true)
    const usage = await gdp(b.data, ['migrate', 'rm'])
    expect(usage.code).toBe(2)
    expect(usage.err).toBe('gdp: usage: gdp migrate rm <name> [--keep-files]\n')
  })

  it('refuses a migration still being received; once complete, --keep-files removes it and keeps its files, which a new migration of that name may not reuse', async () => {
    const a = await start()
    const b = await start(['any'])
    const work = folder()
    const images = imagePair(work, 256, 7)
    // The pause step waits (at most 30 s) for the test to let it go: meanwhile the sender holds its stream open.
    const pauseCommand = 'i=0; while [ ! -e go ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done'
    let paused: () => void = () => {}
    const pausing = new Promise<void>((resolve) => { paused = resolve })
    const sending = send(a.data, b.node, 'vm', images.modified, { live: true, pauseCommand, cwd: work }, (event, data) => { if (data === 'pausing the source') paused() })
    await waitFor(pausing, { timeoutMs: 30_000, what: 'the sender to pause the source' })

    const busy = await gdp(b.data, ['migrate', 'rm', 'vm'])
    expect(busy.code).toBe(1)
    expect(busy.err).toMatch(/^gdp: NodeCommandError: MigrationInProgressError: migration 'vm' is being received now from \S+ \(\d+ entries so far\); remove it once it completes or its sender stops\n$/)
    expect(await controlRequest(b.data, { op: 'migrate.list', args: {} })).toMatchObject([{ name: 'vm', status: 'receiving' }])

    writeFileSync(join(work, 'go'), '')
    const summary = await sending
    const kept = await gdp(b.data, ['migrate', 'rm', 'vm', '--keep-files'])
    expect(kept.code).toBe(0)
    expect(kept.out).toBe(`removed migration vm: 1 capsule(s) deleted from the store; files kept in ${summary.folder}\n`)
    expect(await controlRequest(b.data, { op: 'migrate.list', args: {} })).toEqual([])
    expect(readdirSync(summary.folder).sort()).toEqual(['disk', 'manifest.json'])

    const reuse = send(a.data, b.node, 'vm', images.modified)
    await expect(reuse).rejects.toMatchObject({ name: 'NodeCommandError', remoteName: 'MigrationConflictError' })
    await expect(reuse).rejects.toThrow(`${summary.folder} holds files of a removed migration; move them away or choose another name`)
  })
})

describe('removing a migration whose sender went away (in memory)', () => {
  it('is allowed, and the sender, when it comes back, is refused: its migration was removed', async () => {
    const dir = folder()
    const pair = await migrationPair(dir)
    try {
      const images = imagePair(dir, 256, 9)
      // The sender's redial waits until the removal is done, so that it meets the removed migration.
      let redial: () => void = () => {}
      const removalDone = new Promise<void>((resolve) => { redial = resolve })
      pair.intercept = (channel) => pair.links.length === 1 ? channel : { ...channel, send: async (frame) => { await removalDone; await channel.send(frame) } }
      let removed: RemovedMigration | undefined
      const sender = pair.sender({
        name: 'gone',
        images: [{ name: 'disk', path: images.modified }],
        mode: 'raw',
        live: true,
        pause: async () => {
          pair.links[0]!.cut()
          // The receiver lets go of the stream once it sees the link drop.
          removed = await waitFor(async () => await pair.receiver.remove('gone'), { timeoutMs: 10_000, what: 'the receiver to let go of the dropped stream', retryOn: (err) => err instanceof MigrationInProgressError })
          redial()
        }
      })
      const run = sender.run()
      await expect(run).rejects.toMatchObject({ name: 'MigrationRejectedError' })
      await expect(run).rejects.toThrow("migration 'gone' (capsule")
      await expect(run).rejects.toThrow("was removed from this node with 'gdp migrate rm'")
      expect(removed).toMatchObject({ name: 'gone', filesRemoved: true })
      expect(pair.receiver.list()).toEqual([] as ReceivedMigration[])
      expect(existsSync(join(pair.receiver.folder, 'gone'))).toBe(false)
      expect(await pair.store.has(sender.capsule)).toBe(false)
    } finally {
      await pair.close()
    }
  })
})

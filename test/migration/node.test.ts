// Migrations between two whole nodes in this process, over a real loopback
// libp2p link, driven through the nodes' control sockets as `gdp` does.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import '../../src/node/polyfill.js'
import { formatName } from '../../src/capsule/name.js'
import { GdpNode } from '../../src/node/node.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { controlRequest } from '../../src/node/control.js'
import type { MigrationSummary } from '../../src/migration/sender.js'
import { tempDir } from '../helpers.js'
import { imagePair } from './fixtures.js'

const running: GdpNode[] = []
const dirs: Array<() => void> = []
afterEach(async () => {
  for (const n of running.splice(0).reverse()) await n.stop().catch(() => {})
  for (const d of dirs.splice(0)) d()
})

async function start (allow: string[] = []): Promise<{ node: GdpNode, data: string }> {
  const dir = tempDir()
  dirs.push(dir.cleanup)
  const node = await GdpNode.create({ ...DEFAULT_CONFIG, data: dir.path, role: 'server', listen: ['/ip4/127.0.0.1/tcp/0'], migrationAllow: allow })
  await node.start()
  running.push(node)
  return { node, data: dir.path }
}

describe('migration between nodes', () => {
  it('sends entries larger than the stream decoder\'s default buffer without dropping the link', async () => {
    const a = await start()
    const b = await start(['any'])
    const work = tempDir()
    dirs.push(work.cleanup)
    // Random blocks do not compress: raw batches of 8 MiB make frames of 8 MiB.
    const images = imagePair(work.path, 4096, 5)
    for (const data of [a.data, b.data]) await controlRequest(data, { op: 'base.add', args: { path: images.base } })
    const events: string[] = []
    const summary = await controlRequest(a.data, {
      op: 'migrate.send',
      args: { to: b.node.multiaddrs()[0]!, name: 'big', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', batchBytes: 8 * 1024 * 1024 }
    }, (event, data) => { if (event === 'event') events.push(String(data)) }) as MigrationSummary
    expect(events).toEqual([])
    expect(summary.resumes).toBe(0)
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
    const list = await controlRequest(b.data, { op: 'migrate.list', args: {} }) as Array<{ name: string, status: string, sender: string }>
    expect(list).toMatchObject([{ name: 'big', status: 'complete', sender: formatName(a.node.name) }])
  })

  it('a node not in migration_allow is refused, by name', async () => {
    const a = await start()
    const b = await start([])
    const work = tempDir()
    dirs.push(work.cleanup)
    const images = imagePair(work.path, 16, 5)
    const run = controlRequest(a.data, { op: 'migrate.send', args: { to: b.node.multiaddrs()[0]!, name: 'x', images: [{ name: 'disk', path: images.modified }] } })
    await expect(run).rejects.toThrow(`does not accept migrations from node ${formatName(a.node.name)}`)
    await expect(run).rejects.toMatchObject({ name: 'NodeCommandError', remoteName: 'MigrationUnauthorizedError' })
  })
})

// What a standby checks in the images a router sent before it adopts it
// (src/node/standby.ts): a router of a version from before moves were
// committed with a token sends none, and is refused with the reason before
// the standby writes anything (it had written the router's key first, then
// died with "cannot open move-token").
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { RouterMoveFailedError } from '../../src/errors.js'
import { BatchBuilder, BlockKind } from '../../src/migration/batch.js'
import { blockListDigest, paddedBlockHash } from '../../src/migration/block-hashes.js'
import { encodeEntry } from '../../src/migration/entries.js'
import { DEFAULT_CONFIG } from '../../src/node/config.js'
import { writeKeyFile } from '../../src/node/keyfile.js'
import { adoptRouter, arrivedImagesProblem, NodeStandby, unconfirmedArrival, type ArrivedRouter } from '../../src/node/standby.js'
import { logicalSettings, MOVE_TOKEN_IMAGE, NODE_KEY_FILE, NODE_KEY_IMAGE, NODE_SETTINGS_IMAGE, ROUTER_STATE_IMAGE } from '../../src/node/router-images.js'
import { nodeName } from '../../src/routing/signing.js'
import { tempDir } from '../helpers.js'
import { chunkEntry, connect, hostileSender, roundEntry, type HostileSender } from '../migration/hostile.js'

/** While `hold` is set, rereads of image files wait until the node stops: a check on disk that does not end. */
const rereads = vi.hoisted(() => ({ hold: false }))
vi.mock('../../src/migration/block-hashes.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/migration/block-hashes.js')>()
  return {
    ...original,
    fileBlockHashList: async (...args: Parameters<typeof original.fileBlockHashList>) => {
      const signal = args[2]
      if (rereads.hold) await new Promise((_resolve, reject) => { signal?.addEventListener('abort', () => { reject(signal.reason) }) })
      return await original.fileBlockHashList(...args)
    }
  }
})

const cleanups: Array<() => void | Promise<void>> = []
// The last pushed first, each awaited: a standby stops before its folder goes (removed while it still wrote there, the
// folder's removal failed, ENOTEMPTY, once in a clean-clone run).
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c() })

function arrivedWith (images: string[]): string {
  const dir = tempDir()
  cleanups.push(dir.cleanup)
  const folder = join(dir.path, 'node-x')
  mkdirSync(folder)
  for (const image of images) writeFileSync(join(folder, image), 'x')
  return folder
}

describe('arrivedImagesProblem', () => {
  const name = new Uint8Array(32).fill(7)

  it('is none when every image came', () => {
    expect(arrivedImagesProblem(arrivedWith([ROUTER_STATE_IMAGE, NODE_KEY_IMAGE, NODE_SETTINGS_IMAGE, MOVE_TOKEN_IMAGE]), name)).toBeUndefined()
  })

  it('names a router without a move token as one of an earlier version, and what to do', () => {
    expect(arrivedImagesProblem(arrivedWith([ROUTER_STATE_IMAGE, NODE_KEY_IMAGE, NODE_SETTINGS_IMAGE]), name)).toBe(
      `router ${formatName(name)} sent no move-token: it runs a version from before router moves were committed with a token; move it to a standby of its own version, or upgrade it in place. ` +
      'Nothing was adopted here (the folder is still a standby\'s), and the router goes on where it was')
  })

  it('names whatever else is missing', () => {
    expect(arrivedImagesProblem(arrivedWith([NODE_KEY_IMAGE]), name)).toMatch(/^router \S+ sent no router-state, node-settings, move-token\. Nothing was adopted here/)
  })
})

describe('unconfirmedArrival', () => {
  /** A data folder with these files ('standby/' a folder). */
  const folderWith = (entries: string[]): string => {
    const dir = tempDir()
    cleanups.push(dir.cleanup)
    for (const entry of entries) {
      if (entry.endsWith('/')) mkdirSync(join(dir.path, entry))
      else writeFileSync(join(dir.path, entry), 'x')
    }
    return dir.path
  }

  it('is a router\'s key beside the standby\'s, with neither the settings its commit writes nor the standby\'s store (deleted before the key is written)', () => {
    expect(unconfirmedArrival(folderWith(['standby.key', 'node.key']))).toBe(true)
    expect(unconfirmedArrival(folderWith(['standby.key', 'node.key', 'router.yaml']))).toBe(false)
    expect(unconfirmedArrival(folderWith(['standby.key']))).toBe(false)
  })

  it('is not a router adopted by a version from before router.yaml, which kept the standby\'s store and had no commit to wait for (found by attacking upgrades: it would not start)', () => {
    expect(unconfirmedArrival(folderWith(['standby.key', 'node.key', 'standby/', 'arriving/']))).toBe(false)
  })
})

describe('adoptRouter and the settings a router brings', () => {
  /** A standby, and a router's images as its migration left them, with `settings` as its settings image. */
  async function arrivalWith (settings: string): Promise<{ standby: NodeStandby, arrived: ArrivedRouter, data: string }> {
    const dir = tempDir('gdp-standby-')
    cleanups.push(dir.cleanup)
    const folder = join(dir.path, 'sent')
    mkdirSync(folder)
    const key = writeKeyFile(join(folder, NODE_KEY_IMAGE), false)
    writeFileSync(join(folder, ROUTER_STATE_IMAGE), '')
    writeFileSync(join(folder, MOVE_TOKEN_IMAGE), 'token')
    writeFileSync(join(folder, NODE_SETTINGS_IMAGE), settings)
    const data = join(dir.path, 'standby')
    const standby = await NodeStandby.create({ ...DEFAULT_CONFIG, role: 'router', data, listen: ['/ip4/127.0.0.1/tcp/0'] }, formatName(nodeName(key.publicKey)))
    await standby.start()
    cleanups.push(async () => { await standby.stop().catch(() => {}) })
    // No migration of that name on the standby: the images were put in place by hand.
    return { standby, data, arrived: { name: nodeName(key.publicKey), folder, migration: { name: 'node-put-by-hand' } as ArrivedRouter['migration'] } }
  }

  const routerSettings = logicalSettings({ ...DEFAULT_CONFIG, role: 'router' })

  // The router's own key vouches for the images, not for paths on the standby's machine or values of the wrong kind:
  // they were spread over the standby's configuration unchecked (a data folder of the sender's choosing, a role, a
  // duration that was a string), and the standby wrote the router's key before the node refused them, if it did.
  it.each([
    ['a setting that is not one a router brings', { ...routerSettings, data: '/elsewhere' }, /'data', which is not a setting a router brings/],
    ['a role other than router', { ...routerSettings, role: 'server' }, /role 'server': a standby takes a router over/],
    ['a duration that is not a number of ms', { ...routerSettings, advertiseIntervalMs: 'soon' }, /advertise_interval/],
    ['a neighbour that is no multiaddr', { ...routerSettings, neighbours: ['somewhere'] }, /neighbours: 'somewhere' is not a multiaddr/],
    ['a migration_allow entry that is no node name', { ...routerSettings, migrationAllow: ['x'] }, /migration_allow: 'x' is not a node name/],
    ['not a JSON object', [], /not an object of settings/],
    ['not JSON', undefined, /not JSON/]
  ])('refuses %s before anything is written, naming it', async (_what, settings, problem) => {
    const { standby, arrived, data } = await arrivalWith(settings === undefined ? '{"role": "router",' : JSON.stringify(settings))
    let created = false
    const adopting = adoptRouter(standby, arrived, async () => { created = true; throw new Error('the node was created') })
    await expect(adopting).rejects.toThrow(RouterMoveFailedError)
    await expect(adopting).rejects.toThrow(problem)
    await expect(adopting).rejects.toThrow(/Nothing was adopted here/)
    expect(created).toBe(false)
    expect(existsSync(join(data, NODE_KEY_FILE))).toBe(false)
    // Still a standby: its libp2p node runs.
    expect(standby.multiaddrs().length).toBeGreaterThan(0)
  })

  it('takes the settings of a router of this version', async () => {
    const { standby, arrived } = await arrivalWith(JSON.stringify({ ...routerSettings, advertiseIntervalMs: 1234, trustedDomains: [formatName(new Uint8Array(32).fill(3))] }))
    let given: typeof DEFAULT_CONFIG | undefined
    await expect(adoptRouter(standby, arrived, async (config) => { given = config; throw new Error('created') })).rejects.toThrow('created')
    expect(given?.advertiseIntervalMs).toBe(1234)
    expect(given?.trustedDomains).toEqual([formatName(new Uint8Array(32).fill(3))])
    expect(given?.data).toBe(standby.config.data)
  })
})

// The standby adopted a router as soon as its migration was complete, before the images were reread from disk: a
// router image storage damaged after the commit was adopted as sent (found by attacking the migration receiver).
describe('a standby waits for the check on disk of the router\'s images', () => {
  /** A standby on loopback for a router of its own key, and what sends that router's images to it through its receiver. */
  async function standbyForRouter (): Promise<{ standby: NodeStandby, send: (options?: { damage?: boolean }) => Promise<HostileSender>, migration: string }> {
    const dir = tempDir('gdp-standby-check-')
    cleanups.push(dir.cleanup)
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const router = formatName(nodeName(key.publicKey))
    const standby = await NodeStandby.create({ ...DEFAULT_CONFIG, role: 'router', data: join(dir.path, 'standby'), listen: ['/ip4/127.0.0.1/tcp/0'] }, router)
    await standby.start()
    cleanups.push(async () => { await standby.stop().catch(() => {}) })
    // The fixed name a router moves under (GdpNode.migrate): each move a new capsule.
    const migration = `node-${router.slice(0, 16)}`
    const send = async ({ damage = false } = {}): Promise<HostileSender> => {
      const sender = hostileSender(migration, key)
      const link = connect(standby.migration.receiver, sender)
      expect((await link.exchange(sender.hello))?.welcome).toBeDefined()
      const block = new Uint8Array(4096).fill(5)
      const builder = new BatchBuilder(0)
      builder.add(0, BlockKind.literal, undefined, block)
      expect((await link.exchange(sender.append([roundEntry(0, [{ name: ROUTER_STATE_IMAGE, size: 4096, seed: 0 }], { final: true }), chunkEntry(builder.batch())])))?.ack?.applied).toBe(2)
      if (damage) {
        // Storage changes the written block before the commit renames it: the commit's digests are of what was written.
        const fd = openSync(join(standby.receiveFolder, migration, `${ROUTER_STATE_IMAGE}.partial`), 'r+')
        writeSync(fd, Uint8Array.of(0xee), 0, 1, 100)
        closeSync(fd)
      }
      const commit = encodeEntry({ type: 'commit', blockDigests: [blockListDigest(paddedBlockHash(block))] })
      expect((await link.exchange(sender.append([commit])))?.ack?.complete).toBe(true)
      link.channel.close()
      await link.served
      return sender
    }
    return { standby, send, migration }
  }

  it('refuses a router whose image storage damaged after the commit, naming image and block, and takes it when it moves here again under the same name', async () => {
    const { standby, send, migration } = await standbyForRouter()
    const refused = standby.arrival()
    refused.catch(() => {})
    const damaged = await send({ damage: true })
    await expect(refused).rejects.toThrow(RouterMoveFailedError)
    await expect(refused).rejects.toThrow(/did not arrive whole: image router-state block 0 on disk is not what was written and committed: .*Nothing was adopted here/)
    expect(standby.migration.receiver.list()).toMatchObject([{ name: migration, status: 'failed', errorName: 'ImageDamagedError' }])
    // The router, had it lost the commit's acknowledgement, is told so as it redials.
    expect((await connect(standby.migration.receiver, damaged).exchange(damaged.hello))?.error).toMatchObject({ code: 'ImageDamagedError', message: expect.stringMatching(/failed on this node: image router-state block 0/) })
    const arriving = standby.arrival()
    await send()
    const arrived = await arriving
    expect(arrived.migration).toMatchObject({ name: migration, status: 'complete', diskCheck: 'ok' })
    expect(readdirSync(arrived.folder).sort()).toEqual(['.migration.json', 'manifest.json', ROUTER_STATE_IMAGE])
  })

  // Found by attacking the migration receiver: a router refused as it was adopted (an image missing, settings
  // refused) left its migration complete, so a restarted standby refused it again, and the router's next move under
  // its name was refused as a name taken.
  it('a router refused as it is adopted may move here again under the same name', async () => {
    const { standby, send, migration } = await standbyForRouter()
    const arriving = standby.arrival()
    await send()
    const arrived = await arriving
    // Its state alone came: the key and settings images are missing.
    await expect(adoptRouter(standby, arrived, async () => { throw new Error('the node was created') })).rejects.toThrow(RouterMoveFailedError)
    expect(standby.migration.receiver.list()).toEqual([])
    const again = standby.arrival()
    await send()
    expect((await again).migration).toMatchObject({ name: migration, status: 'complete', diskCheck: 'ok' })
  })

  it('refuses a router whose check on disk does not end within its wait, and removes the migration so that the router may move here again', async () => {
    const { standby, send, migration } = await standbyForRouter()
    rereads.hold = true
    try {
      const refused = standby.arrival(undefined, 100)
      refused.catch(() => {})
      await send()
      await expect(refused).rejects.toThrow(/did not arrive whole: the check on disk of its images did not end within 100 ms/)
      expect(standby.migration.receiver.list()).toEqual([])
    } finally {
      rereads.hold = false
    }
    const arriving = standby.arrival(undefined, 100)
    await send()
    expect((await arriving).migration).toMatchObject({ name: migration, status: 'complete', diskCheck: 'ok' })
  })

  // Found by reading the wait: it ran on the wall clock, so one set back meanwhile (NTP) held the router's arrival as
  // long as the step.
  it('ends that wait on time while the wall clock runs backwards', async () => {
    const { standby, send } = await standbyForRouter()
    rereads.hold = true
    const wallClock = Date.now.bind(Date)
    const start = wallClock()
    const backwards = vi.spyOn(Date, 'now').mockImplementation(() => start - (wallClock() - start))
    try {
      const refused = standby.arrival(undefined, 100)
      refused.catch(() => {})
      await send()
      const outcome = await Promise.race([refused.then(() => 'adopted', (err: Error) => err.message), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 3000))])
      expect(outcome).toMatch(/did not end within 100 ms/)
    } finally {
      backwards.mockRestore()
      rereads.hold = false
    }
  })
})

// The migration counts in the node's status file, written every second, and the received migrations the dashboard
// polls every second: taken from what the receiver keeps, not from every state file in migration_dir (found by
// attacking the migration endpoints: each second read the state file of every migration ever received, a cost that
// grew with each handoff).
import '../../src/node/polyfill.js'
import { randomBytes } from 'node:crypto'
import * as fs from 'node:fs'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { STATE_FILE } from '../../src/migration/entries.js'
import { MigrationService } from '../../src/migration/service.js'
import { tempDir } from '../helpers.js'
import { MemoryNetwork } from './fixtures.js'
import { connect, hostileSender, roundEntry } from './hostile.js'

// The service's reads of files, counted: only a spy on the module's own export sees them.
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>()
  return { ...original, readFileSync: vi.fn(original.readFileSync), readdirSync: vi.fn(original.readdirSync), openSync: vi.fn(original.openSync), statSync: vi.fn(original.statSync) }
})

/** Past handoffs, as their state files say: complete, failed, and one whose state file is not JSON. */
const PAST = { complete: 300, failed: 100 }

describe('the migration counts of the node\'s status', () => {
  let dir: { path: string, cleanup: () => void }
  let service: MigrationService
  let receiveFolder: string

  beforeEach(async () => {
    dir = tempDir('gdp-migrate-counts-')
    receiveFolder = join(dir.path, 'migrations')
    const state = (name: string, status: string): object => ({ name, capsule: formatName(randomBytes(32)), sender: 'past-sender', status, entries: 3, folder: join(receiveFolder, name), images: [], startedAt: '2026-01-01T00:00:00.000Z', diskCheck: 'ok' })
    for (const [status, count] of Object.entries(PAST)) {
      for (let i = 0; i < count; i++) {
        const name = `${status}-${i}`
        mkdirSync(join(receiveFolder, name), { recursive: true })
        writeFileSync(join(receiveFolder, name, STATE_FILE), JSON.stringify(state(name, status)))
      }
    }
    mkdirSync(join(receiveFolder, 'garbled'))
    writeFileSync(join(receiveFolder, 'garbled', STATE_FILE), '{"name": "garbled", "sta')
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    service = new MigrationService({ folder: join(dir.path, 'migration'), receiveFolder, allow: ['any'], workers: 1 }, {
      libp2p: new MemoryNetwork().node(peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', key.seed))),
      signer: key,
      peerKey: (connection) => connection.remotePeer.publicKey!.raw
    })
    await service.start()
  })
  afterEach(async () => {
    await service.stop()
    dir.cleanup()
  })

  /** The files under migration_dir read, or folders there listed, since the last call. */
  const readsOfMigrationDir = (): string[] => {
    const paths = [...vi.mocked(fs.readFileSync).mock.calls, ...vi.mocked(fs.readdirSync).mock.calls].map(([path]) => String(path)).filter((path) => path.startsWith(receiveFolder))
    vi.mocked(fs.readFileSync).mockClear()
    vi.mocked(fs.readdirSync).mockClear()
    return paths
  }

  it('reads no state file, however many migrations were received, and follows those received and removed since', async () => {
    readsOfMigrationDir()
    expect(service.stats()).toMatchObject({ received: PAST.complete, receiving: 0, damaged: 1 })
    // The dashboard's list of received migrations, polled every second, too.
    const summaries = service.summaries()
    expect(readsOfMigrationDir()).toEqual([])
    expect(summaries).toEqual(service.receiver.list().map(({ name, status, sender, startedAt }) => ({ name, status, sender, startedAt })))

    const sender = hostileSender('new-one')
    const link = connect(service.receiver, sender)
    expect((await link.exchange(sender.hello))?.welcome).toBeDefined()
    expect((await link.exchange(sender.append([roundEntry(0, [{ name: 'disk', size: 4096, seed: 0 }])])))?.ack?.applied).toBe(1)
    readsOfMigrationDir()
    expect(service.stats()).toMatchObject({ received: PAST.complete, receiving: 1, damaged: 1 })
    expect(readsOfMigrationDir()).toEqual([])

    link.channel.abort(new Error('link dropped'))
    await link.served
    await service.receiver.remove('new-one')
    await service.receiver.remove('garbled')
    await service.receiver.remove('complete-0')
    readsOfMigrationDir()
    expect(service.stats()).toMatchObject({ received: PAST.complete - 1, receiving: 0, damaged: 0 })
    expect(service.summaries()).toHaveLength(PAST.complete - 1 + PAST.failed)
    expect(readsOfMigrationDir()).toEqual([])
    // The list, asked for, still reads them all, and agrees.
    const listed = service.receiver.list()
    expect(listed.filter((m) => m.status === 'complete')).toHaveLength(PAST.complete - 1)
    expect(listed.filter((m) => m.status === 'failed')).toHaveLength(PAST.failed)
  })

  it('counts the bases without opening their copies or block indexes', async () => {
    const file = join(dir.path, 'base.img')
    writeFileSync(file, randomBytes(3 * 4096))
    const base = await service.bases.add(file)
    vi.mocked(fs.openSync).mockClear()
    vi.mocked(fs.statSync).mockClear()
    expect(service.stats()).toMatchObject({ bases: 1 })
    const touched = [...vi.mocked(fs.openSync).mock.calls, ...vi.mocked(fs.statSync).mock.calls].map(([path]) => String(path)).filter((path) => path.startsWith(base.path))
    expect(touched).toEqual([])
  })

  it('a state file damaged while the node runs is counted once a list has read it', () => {
    writeFileSync(join(receiveFolder, 'failed-0', STATE_FILE), 'not json')
    expect(service.stats()).toMatchObject({ damaged: 1 })
    expect(service.receiver.list().filter((m) => m.status === 'damaged').map((m) => m.name).sort()).toEqual(['failed-0', 'garbled'])
    expect(service.stats()).toMatchObject({ damaged: 2 })
  })
})

// What a receiver keeps of the migrations not finished on it, for the room a new round may take: read once, not
// at every round (found by attacking the migration receiver: each round read every state file in migration_dir).
import * as fs from 'node:fs'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { InvalidArgumentError } from '../../src/errors.js'
import { hashListBytes } from '../../src/migration/block-hashes.js'
import { MigrationReceiver, type MigrationReceiverComponents } from '../../src/migration/receiver.js'
import { nodeName } from '../../src/routing/signing.js'
import type { pb } from '../../src/wire/index.js'
import { tempDir } from '../helpers.js'
import { BlockKind } from '../../src/migration/batch.js'
import { chunkEntry, connect, hostileSender, roundEntry, testReceiver, type HostileSender, type TestReceiver } from './hostile.js'

// The receiver's reads of files, counted: only a spy on the module's own export sees them.
vi.mock('node:fs', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs')>()
  return { ...original, readFileSync: vi.fn(original.readFileSync) }
})

const MIB = 1024 * 1024

describe('the migrations not finished on a receiver', () => {
  let dir: { path: string, cleanup: () => void }
  let rx: TestReceiver | undefined
  beforeEach(() => { dir = tempDir('gdp-migrate-unfinished-') })
  afterEach(async () => {
    await rx?.close()
    rx = undefined
    dir.cleanup()
  })

  /** Opens migration `name` on `receiver` and sends its round 0, one image of `size` bytes; returns the link and the answer. */
  const declare = async (receiver: TestReceiver, name: string, size: number): Promise<{ link: ReturnType<typeof connect>, answer: Awaited<ReturnType<ReturnType<typeof connect>['next']>> }> => {
    const sender = hostileSender(name)
    const link = connect(receiver.receiver, sender)
    expect((await link.exchange(sender.hello))?.welcome).toBeDefined()
    return { link, answer: await link.exchange(sender.append([roundEntry(0, [{ name: 'disk', size, seed: 0 }])])) }
  }

  it('a round\'s room check reads no state file: the paused migrations are counted from what the receiver keeps', async () => {
    rx = await testReceiver(dir.path)
    const PAUSED = 40
    for (let i = 0; i < PAUSED; i++) {
      const { link, answer } = await declare(rx, `paused-${i}`, MIB)
      expect(answer?.ack?.applied).toBe(1)
      link.channel.abort(new Error('link dropped'))
      await link.served
    }
    expect(rx.receiver.list().filter((m) => m.status === 'receiving')).toHaveLength(PAUSED)
    const readFileSync = vi.mocked(fs.readFileSync)
    readFileSync.mockClear()
    const { answer } = await declare(rx, 'next', MIB)
    expect(answer?.ack?.applied).toBe(1)
    // Its own state file is read once as its hello opens it; no other migration's is read.
    const stateReads = readFileSync.mock.calls.map(([path]) => String(path)).filter((path) => path.endsWith('.migration.json'))
    expect(stateReads).toEqual([join(rx.receiver.folder, 'next', '.migration.json')])
  })

  it('a migration paused before the node stopped still counts once it starts again', async () => {
    const max = hashListBytes(8 * MIB)
    rx = await testReceiver(dir.path, { maxHashBytes: max })
    const { link, answer } = await declare(rx, 'before', 8 * MIB)
    expect(answer?.ack?.applied).toBe(1)
    link.channel.abort(new Error('link dropped'))
    await link.served
    await rx.close()
    rx = await testReceiver(dir.path, { maxHashBytes: max })
    const beside = await declare(rx, 'after', 1)
    expect(beside.answer?.error?.message).toMatch(new RegExp(`of which the other migrations not finished here and the checks of completed ones on disk may take ${max}; nothing of it was applied$`))
    // Removed, it holds nothing.
    await rx.receiver.remove('before')
    expect((await declare(rx, 'again', 8 * MIB)).answer?.ack?.applied).toBe(1)
  })
})

describe('migrations per sender', () => {
  let dir: { path: string, cleanup: () => void }
  let rx: TestReceiver
  beforeEach(async () => {
    dir = tempDir('gdp-migrate-per-sender-')
    rx = await testReceiver(dir.path, { maxUnfinishedPerSender: 3 })
  })
  afterEach(async () => {
    await rx.close()
    dir.cleanup()
  })

  /** Opens migration `name` from `key`'s node; returns the sender, the link and the receiver's answer to the hello. */
  const open = async (name: string, key: Ed25519Signer): Promise<{ sender: HostileSender, link: ReturnType<typeof connect>, answer: pb.MigrateFrame | undefined }> => {
    const sender = hostileSender(name, key)
    const link = connect(rx.receiver, sender)
    return { sender, link, answer: await link.exchange(sender.hello) }
  }

  // Found by attacking the migration receiver: one sender could start migrations without end, each with its folder,
  // state file, stored capsule and share of the room and memory.
  it('a sender may have maxUnfinishedPerSender migrations not finished, received or paused; the next is refused with QuotaExceededError naming the limit and the setting, and nothing of it is made', async () => {
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const first = await open('one', key)
    expect(first.answer?.welcome).toBeDefined()
    expect((await first.link.exchange(first.sender.append([roundEntry(0, [{ name: 'disk', size: MIB, seed: 0 }])])))?.ack?.applied).toBe(1)
    // Paused: its sender went away.
    first.link.channel.abort(new Error('link dropped'))
    await first.link.served
    const two = await open('two', key)
    expect(two.answer?.welcome).toBeDefined()
    // At the limit: the third is taken.
    expect((await open('three', key)).answer?.welcome).toBeDefined()
    const past = await open('four', key)
    const sender = formatName(nodeName(key.publicKey))
    expect(past.answer?.error).toEqual(expect.objectContaining({ code: 'QuotaExceededError', message: `this node has 3 migrations from node ${sender} not finished (one, three, two: received now, paused until it resumes them, or failed and kept until it sends them again), and takes at most 3 from one sender at once (maxUnfinishedPerSender, the node's migration_unfinished_per_sender); resume or send again one of those, or remove one with 'gdp migrate rm' on this node, then send 'four' again` }))
    expect(existsSync(join(rx.receiver.folder, 'four'))).toBe(false)
    // Another node is not held to this one's count; this one still resumes its paused migration.
    expect((await open('other', new Ed25519Signer(generateEd25519KeyPair().secretKey))).answer?.welcome).toBeDefined()
    const resumed = connect(rx.receiver, first.sender)
    expect((await resumed.exchange(first.sender.hello))?.welcome?.applied).toBe(1)
    resumed.channel.abort(new Error('link dropped'))
    await resumed.served
    // One removed, the fourth is taken; a new send of a name it has not finished replaces that one, and is not counted twice.
    await rx.receiver.remove('one')
    expect((await open('four', key)).answer?.welcome).toBeDefined()
    two.link.channel.abort(new Error('the sender restarted'))
    await two.link.served
    expect((await open('two', key)).answer?.welcome).toBeDefined()
  })

  it('counts the paused migrations a receiver finds as it starts', async () => {
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    for (const name of ['a', 'b', 'c']) {
      const { link, answer } = await open(name, key)
      expect(answer?.welcome).toBeDefined()
      link.channel.abort(new Error('link dropped'))
      await link.served
    }
    await rx.close()
    rx = await testReceiver(dir.path, { maxUnfinishedPerSender: 3 })
    expect((await open('d', key)).answer?.error?.code).toBe('QuotaExceededError')
  })

  // A failed migration keeps its capsule, every entry its sender sent included: failing one after another, a sender
  // left capsules without end in the store.
  it('counts the failed migrations of a sender, as the receiver finds them when it starts too, until one is sent again', async () => {
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const bad = await open('bad', key)
    expect(bad.answer?.welcome).toBeDefined()
    expect((await bad.link.exchange(bad.sender.append([chunkEntry({ image: 0, blocks: [0], kinds: [BlockKind.zero], sources: [], sourceBlocks: [], data: new Uint8Array(0) })])))?.error?.message).toMatch(/data before the first round/)
    await bad.link.served
    expect(rx.receiver.list()).toMatchObject([{ name: 'bad', status: 'failed' }])
    expect((await open('one', key)).answer?.welcome).toBeDefined()
    expect((await open('two', key)).answer?.welcome).toBeDefined()
    expect((await open('three', key)).answer?.error).toMatchObject({ code: 'QuotaExceededError', message: expect.stringContaining('this node has 3 migrations from node') })
    await rx.close()
    rx = await testReceiver(dir.path, { maxUnfinishedPerSender: 3 })
    expect((await open('three', key)).answer?.error).toMatchObject({ code: 'QuotaExceededError', message: expect.stringContaining('(bad, one, two: ') })
    // Sent again, the failed one is replaced, not counted twice.
    expect((await open('bad', key)).answer?.welcome).toBeDefined()
  })

  // Found by attacking the migration endpoint: each replace listed the metadata of every capsule in the migration store
  // (every migration ever received here), so a sender failing a migration and sending it again, in a loop, made the
  // receiver read its whole store each time. The capsule its state file names is the one to delete.
  it('a new send replacing a failed migration deletes the capsule its state names, without listing the store', async () => {
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    const bad = await open('bad', key)
    expect((await bad.link.exchange(bad.sender.append([chunkEntry({ image: 0, blocks: [0], kinds: [BlockKind.zero], sources: [], sourceBlocks: [], data: new Uint8Array(0) })])))?.error?.code).toBe('MigrationRejectedError')
    await bad.link.served
    const listings = vi.spyOn(rx.store, 'allMetadata')
    const again = await open('bad', key)
    expect(again.answer?.welcome).toBeDefined()
    expect(listings).not.toHaveBeenCalled()
    expect(await rx.store.has(bad.sender.capsule)).toBe(false)
    expect(rx.receiver.list()).toMatchObject([{ name: 'bad', status: 'receiving', capsule: formatName(again.sender.capsule) }])
  })

  it('refuses a maxUnfinishedPerSender that is not a whole number, at least 1', () => {
    for (const maxUnfinishedPerSender of [0, -1, 1.5, Number.NaN]) {
      expect(() => new MigrationReceiver({ folder: join(dir.path, 'refused'), allow: () => true, maxUnfinishedPerSender }, {} as unknown as MigrationReceiverComponents)).toThrow(InvalidArgumentError)
    }
  })
})

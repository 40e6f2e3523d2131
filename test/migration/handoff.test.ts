import { createHash, randomBytes } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseName } from '../../src/capsule/name.js'
import { BaseRegistry } from '../../src/migration/bases.js'
import { MigrationReceiver } from '../../src/migration/receiver.js'
import type { MigrationSummary } from '../../src/migration/sender.js'
import { imagePair, migrationPair, useMigrationPair } from './fixtures.js'
import { waitFor } from '../helpers.js'

describe('migration sender and receiver (in memory)', () => {
  const t = useMigrationPair('gdp-migrate-')
  it('rebuilds the images byte for byte, using every kind of block operation', async () => {
    const images = imagePair(t.dir)
    await t.pair.senderBases.add(images.base)
    await t.pair.receiverBases.add(images.base)
    const summary = await t.pair.sender({ name: 'vm1', images: [{ name: 'disk', path: images.modified }], mode: 'zstd-3' }).run()
    const rebuilt = readFileSync(join(summary.folder, 'disk'))
    expect(Buffer.compare(rebuilt, images.modifiedBytes)).toBe(0)
    expect(summary.blocks.zero + summary.blocks.unchanged).toBeGreaterThan(0)
    expect(summary.blocks.base).toBeGreaterThan(0)
    expect(summary.blocks.copy).toBeGreaterThan(0)
    expect(summary.blocks.delta).toBeGreaterThan(0)
    expect(summary.blocks.literal).toBeGreaterThan(0)
    expect(summary.images[0]!.seed).toBeDefined()
    expect(summary.ratio).toBeLessThan(0.35)
    const received = t.pair.receiver.list()
    expect(received[0]).toMatchObject({ name: 'vm1', status: 'complete' })
  })

  it('an image of many read chunks, the last one short, arrives byte for byte (the sender reuses its read buffers: the short one\'s padding must be zeros again)', async () => {
    // Six chunks of 4 MiB go through the sender's four buffers (two hash workers), then 3 blocks and 100 bytes.
    const bytes = randomBytes(6 * 4 * 1024 * 1024 + 3 * 4096 + 100)
    const path = join(t.dir, 'chunks.img')
    writeFileSync(path, bytes)
    const summary = await t.pair.sender({ name: 'chunks', images: [{ name: 'disk', path, base: 'none' }], mode: 'raw' }).run()
    expect(summary.blocks.literal).toBe(Math.ceil(bytes.length / 4096))
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), bytes)).toBe(0)
  })

  it('keeps the defaults of options given as undefined, as the command line passes them', async () => {
    const images = imagePair(t.dir, 4096, 8)
    const summary = await t.pair.sender({ name: 'defaults', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', batchBytes: undefined, maxRounds: undefined }).run()
    // About 7 MiB of blocks to send in batches of 2 MiB: a round, at least 4 chunks, a commit.
    expect(summary.entries).toBeGreaterThanOrEqual(6)
  })

  it('tells every listener every event: a second listener does not replace the first', async () => {
    const images = imagePair(t.dir, 256, 5)
    const sender = t.pair.sender({ name: 'listeners', images: [{ name: 'disk', path: images.modified }], mode: 'raw', live: true, maxDowntimeMs: 60_000, pause: async () => {}, progressEveryMs: 1 })
    const heard: Array<{ notices: string[], progress: number[] }> = [{ notices: [], progress: [] }, { notices: [], progress: [] }]
    for (const listener of heard) {
      sender.events.addEventListener('notice', (event) => { listener.notices.push(event.detail) })
      sender.events.addEventListener('progress', (event) => { listener.progress.push(event.detail.roundDone) })
    }
    await sender.run()
    expect(heard[0]!.notices).toEqual([expect.stringMatching(/^pre-copy round 0: /), 'pausing the source'])
    expect(heard[1]).toEqual(heard[0])
  })

  describe('failures', () => {
    it('a damaged block of the sender\'s base stops the migration when a delta would be built from it, not when the delta test only looked at it', async () => {
      const base = randomBytes(64 * 4096)
      const modified = Buffer.from(base)
      modified.writeUInt32LE(0xdeadbeef, 10 * 4096 + 100) // block 10: changed in place, sent as a delta against the base
      randomBytes(4096).copy(modified, 30 * 4096) // block 30: new data; the delta test reads the base's block and turns it down
      writeFileSync(join(t.dir, 'base.img'), base)
      writeFileSync(join(t.dir, 'modified.img'), modified)
      await t.pair.receiverBases.add(join(t.dir, 'base.img'))
      const migrate = async (rotten: number): Promise<{ run: Promise<MigrationSummary>, registry: BaseRegistry, hash: Uint8Array }> => {
        // A registry of its own each time: a registry keeps the blocks it read last.
        const registry = await BaseRegistry.open({ folder: join(t.dir, `bases-${rotten}`) })
        const { hash, path } = await registry.add(join(t.dir, 'base.img'))
        const copy = readFileSync(path)
        copy[rotten * 4096 + 2000]! ^= 0x10
        writeFileSync(path, copy)
        const sender = t.pair.sender({ name: `rot${rotten}`, images: [{ name: 'disk', path: join(t.dir, 'modified.img'), base: Buffer.from(hash).toString('hex') }], mode: 'raw' }, registry)
        return { run: sender.run(), registry, hash }
      }

      const looked = await migrate(30)
      const fine = await looked.run
      expect(fine.blocks).toMatchObject({ delta: 1, literal: 1 })
      expect(Buffer.compare(readFileSync(join(fine.folder, 'disk')), modified)).toBe(0)
      expect(looked.registry.get(looked.hash)?.damaged).toBeUndefined()
      await looked.registry.close()

      const built = await migrate(10)
      const hex = Buffer.from(built.hash).toString('hex')
      await expect(built.run).rejects.toMatchObject({ name: 'BaseDamagedError', message: expect.stringMatching(new RegExp(`^base ${hex} is damaged: block 10 \\(bytes 40960 to 45056 of `)) })
      expect(built.registry.get(built.hash)?.damaged).toMatchObject({ block: 10 })
      await built.registry.close()
    })

    it('a sender whose base block index is wrong fails at the commit with a MigrationVerifyError that names the bases and how to check them', async () => {
      const base = randomBytes(64 * 4096)
      const modified = Buffer.from(base)
      randomBytes(4096).copy(modified, 10 * 4096)
      writeFileSync(join(t.dir, 'base.img'), base)
      writeFileSync(join(t.dir, 'modified.img'), modified)
      await t.pair.receiverBases.add(join(t.dir, 'base.img'))
      const folder = join(t.dir, 'bases-index')
      const registry = await BaseRegistry.open({ folder })
      const { hash, path } = await registry.add(join(t.dir, 'base.img'))
      await registry.close()
      // The index says base block 10 is the image's new block 10: the planner takes it as held by the receiver's seed.
      const index = readFileSync(`${path}.blocks`)
      createHash('sha256').update(modified.subarray(10 * 4096, 11 * 4096)).digest().copy(index, 10 * 32)
      writeFileSync(`${path}.blocks`, index)
      const altered = await BaseRegistry.open({ folder })
      try {
        const hex = Buffer.from(hash).toString('hex')
        const run = t.pair.sender({ name: 'index', images: [{ name: 'disk', path: join(t.dir, 'modified.img'), base: hex }], mode: 'raw' }, altered).run()
        await expect(run).rejects.toMatchObject({ name: 'MigrationVerifyError', message: expect.stringMatching(new RegExp(`image disk: block-list SHA-256 .*; the receiver built the images from bases too \\(${hex.slice(0, 12)}\\), by their block indexes here and their copies there: 'gdp base verify <hash>' on both nodes checks them$`)) })
      } finally {
        await altered.close()
      }
    })

    it('resumes after a dropped link from the last acknowledged entry, not from zero', async () => {
      const images = imagePair(t.dir, 2048, 7)
      let acks = 0
      t.pair.intercept = (channel) => ({
        ...channel,
        frames: async function * () {
          for await (const frame of channel.frames()) {
            yield frame
            if (frame.ack != null && ++acks === 2) t.pair.links[0]!.cut()
          }
        }
      })
      const summary = await t.pair.sender({ name: 'drop', images: [{ name: 'disk', path: images.modified }], mode: 'raw', batchBytes: 256 * 1024, windowBytes: 512 * 1024 }).run()
      expect(summary.resumes).toBe(1)
      expect(t.pair.links.length).toBe(2)
      expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
      // Only what was in flight when the link dropped went twice.
      const once = summary.entries
      expect(once).toBeGreaterThan(6)
      expect(summary.bytesSent).toBeLessThan(summary.imageBytes * 1.5)
    })

    it('rejects an altered entry with a clear error, applies nothing of it, and marks the migration failed', async () => {
      const images = imagePair(t.dir, 1024, 9)
      let appends = 0
      t.pair.intercept = (channel) => ({
        ...channel,
        send: async (frame) => {
          if (frame.append != null && ++appends === 3) {
            const payload = new Uint8Array(frame.append.records![0]!.payload!)
            payload[payload.length - 100]! ^= 1
            frame = { append: { ...frame.append, records: [{ ...frame.append.records![0], payload }] } }
          }
          await channel.send(frame)
        }
      })
      const run = t.pair.sender({ name: 'bad', images: [{ name: 'disk', path: images.modified }], mode: 'raw', batchBytes: 256 * 1024 }).run()
      await expect(run).rejects.toThrow(/entry 2: .*payload does not match its hash/)
      await expect(run).rejects.toHaveProperty('name', 'MigrationRejectedError')
      const [state] = t.pair.receiver.list()
      // Its sender stops at the refusal: the migration cannot go on, and a new send of the name replaces it.
      expect(state).toMatchObject({ name: 'bad', status: 'failed', entries: 2, error: expect.stringMatching(/^entry 2: /) })
    })

    it('a commit whose block-list digest differs from what the receiver wrote fails the migration, and no image file is left', async () => {
      // A sender that signs a wrong digest (a bug, or a source that changed under it), built by hand: the receiver's own hashes of what it wrote decide.
      const { readdirSync } = await import('node:fs')
      const { randomBytes } = await import('node:crypto')
      const { newMetadata, signMetadata, capsuleName } = await import('../../src/capsule/metadata.js')
      const { CapsuleWriter, emptyWriterState } = await import('../../src/capsule/writer.js')
      const { recordToPb, signedHeartbeatToPb, signedMetadataToPb } = await import('../../src/capsule/codec.js')
      const { memoryChannelPair } = await import('../../src/migration/channel.js')
      const { BatchBuilder, BlockKind, encodeBatch } = await import('../../src/migration/batch.js')
      const { encodeEntry, MIGRATION_FIELD } = await import('../../src/migration/entries.js')
      const { pb } = await import('../../src/wire/index.js')
      const key = t.pair.senderKey
      const metadata = newMetadata({ owner: key.publicKey, writer: key.publicKey, createdAtUs: Date.now() * 1000, nonce: randomBytes(16), appFields: [{ key: MIGRATION_FIELD, value: Buffer.from('wrong') }] })
      const name = capsuleName(metadata)
      const writer = new CapsuleWriter(name, metadata, key, emptyWriterState(name))
      const builder = new BatchBuilder(0)
      builder.add(0, BlockKind.literal, undefined, new Uint8Array(4096).fill(7))
      const raw = encodeBatch(builder.batch())
      const entries = [
        encodeEntry({ type: 'round', round: { round: 0, final: true, images: [{ name: 'disk', size: 4096, seed: 0 }], bases: [] } }),
        encodeEntry({ type: 'chunk', codec: pb.MigrationCodec.MIGRATION_CODEC_RAW, rawLength: raw.length, body: raw }),
        encodeEntry({ type: 'commit', blockDigests: [new Uint8Array(32).fill(9)] })
      ]
      const batch = writer.append(entries, Date.now() * 1000)
      const link = memoryChannelPair()
      const served = t.pair.receiver.serve(link.b, key.publicKey)
      await link.a.send({ hello: { metadata: signedMetadataToPb(signMetadata(metadata, key)) } })
      await link.a.send({ append: { records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) } })
      // The receiver says why, then ends the stream.
      const refusal = await (async () => { for await (const frame of link.a.frames()) if (frame.error != null) return frame.error })()
      await served
      expect(refusal).toMatchObject({ code: 'MigrationVerifyError', message: expect.stringMatching(/^image disk: block-list SHA-256 [0-9a-f]{64} after rebuilding, the sender signed (09){32}/) })
      expect(t.pair.receiver.list()).toMatchObject([{ name: 'wrong', status: 'failed', error: expect.stringMatching(/^image disk: block-list SHA-256/) }])
      expect(readdirSync(join(t.pair.receiver.folder, 'wrong'))).toEqual(['.migration.json'])
      // A sender that lost that frame with its link redials: it is told the same failure, by the same name (it was
      // MigrationRejectedError, so the sender could not tell a commit that did not verify from a refused stream).
      const again = memoryChannelPair()
      const servedAgain = t.pair.receiver.serve(again.b, key.publicKey)
      await again.a.send({ hello: { metadata: signedMetadataToPb(signMetadata(metadata, key)) } })
      const second = await (async () => { for await (const frame of again.a.frames()) if (frame.error != null) return frame.error })()
      await servedAgain
      expect(second).toMatchObject({ code: 'MigrationVerifyError', message: expect.stringMatching(/^migration 'wrong' failed on this node: image disk: block-list SHA-256 /) })
    })

    // It stayed complete, the image under its own name beside manifest.json: the folder looked whole to a hypervisor or
    // a script waiting for the manifest, and only diskCheck said otherwise (found by attacking the migration receiver).
    it('after the commit, the images are reread: a block storage changed after it was written fails the migration, and nothing is left that looks complete', async () => {
      const images = imagePair(t.dir, 2048, 12)
      let acks = 0
      // Once the first batches are written, a stray write changes the receiver's image (uncommitted: disk.partial) where nothing will write again.
      t.pair.intercept = (channel) => ({
        ...channel,
        frames: async function * () {
          for await (const frame of channel.frames()) {
            if (frame.ack != null && ++acks === 2) {
              const fd = openSync(join(t.pair.receiver.folder, 'stray', 'disk.partial'), 'r+')
              writeSync(fd, Uint8Array.of(0xee), 0, 1, 0)
              closeSync(fd)
            }
            yield frame
          }
        }
      })
      const send = (): Promise<MigrationSummary> => t.pair.sender({ name: 'stray', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', batchBytes: 256 * 1024 }).run()
      const { folder } = await send()
      await waitFor(() => t.pair.receiver.list()[0]?.diskCheck !== undefined, { timeoutMs: 10_000, what: 'the check on disk' })
      const damage = 'image disk block 0 on disk is not what was written and committed'
      expect(t.pair.receiver.list()).toMatchObject([{ name: 'stray', status: 'failed', errorName: 'ImageDamagedError', error: expect.stringMatching(/^image disk block 0 on disk is not what was written and committed: this node's storage changed it/), diskCheck: damage }])
      expect(t.pair.receiver.counts()).toMatchObject({ complete: 0, failed: 1 })
      // Kept under a name that says so (a guest may be running from it), the manifest gone.
      expect(readdirSync(folder).sort()).toEqual(['.migration.json', 'disk~damaged'])
      // A node stopped after noting the failure and before setting the files aside does it as it starts.
      renameSync(join(folder, 'disk~damaged'), join(folder, 'disk'))
      writeFileSync(join(folder, 'manifest.json'), '{}')
      const restarted = new MigrationReceiver({ folder: t.pair.receiver.folder, allow: () => true }, { store: t.pair.store, bases: t.pair.receiverBases })
      expect(readdirSync(folder).sort()).toEqual(['.migration.json', 'disk~damaged'])
      await restarted.stop()
      // A new send of the name replaces it.
      t.pair.intercept = undefined
      await send()
      await waitFor(() => t.pair.receiver.list()[0]?.diskCheck !== undefined, { timeoutMs: 10_000, what: 'the check on disk of the new send' })
      expect(t.pair.receiver.list()).toMatchObject([{ name: 'stray', status: 'complete', diskCheck: 'ok' }])
      expect(readdirSync(folder).sort()).toEqual(['.migration.json', 'disk', 'manifest.json'])
    })

    it('an untouched migration passes the check on disk', async () => {
      const images = imagePair(t.dir, 512, 14)
      await t.pair.senderBases.add(images.base)
      await t.pair.receiverBases.add(images.base)
      await t.pair.sender({ name: 'fine', images: [{ name: 'disk', path: images.modified }], mode: 'raw' }).run()
      await waitFor(() => t.pair.receiver.list()[0]?.diskCheck !== undefined, { timeoutMs: 10_000, what: 'the check on disk' })
      expect(t.pair.receiver.list()).toMatchObject([{ name: 'fine', status: 'complete', diskCheck: 'ok' }])
    })

    it('a check on disk that a stop cut short runs again when the receiver starts (as the node starts), against the block-list digests the commit named', async () => {
      const images = imagePair(t.dir, 512, 15)
      await t.pair.sender({ name: 'cut', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw' }).run()
      await waitFor(() => t.pair.receiver.list()[0]?.diskCheck !== undefined, { timeoutMs: 10_000, what: 'the first check on disk' })
      // As a stop during the check leaves it: complete, no diskCheck.
      const { folder } = t.pair.receiver.list()[0]!
      const stateFile = join(folder, '.migration.json')
      const unchecked = (): void => { const state = JSON.parse(readFileSync(stateFile, 'utf8')); delete state.diskCheck; writeFileSync(stateFile, JSON.stringify(state)) }
      unchecked()
      await t.pair.receiver.start()
      await waitFor(() => t.pair.receiver.list()[0]?.diskCheck !== undefined, { timeoutMs: 10_000, what: 'the check on disk again' })
      expect(t.pair.receiver.list()[0]).toMatchObject({ status: 'complete', diskCheck: 'ok' })
      // A block changed on disk since, as storage changes one: its mtime what the commit left (noted again, as this write moved it).
      const image = readFileSync(join(folder, 'disk'))
      image.writeUInt8(image.readUInt8(4096 * 7) ^ 0xff, 4096 * 7)
      writeFileSync(join(folder, 'disk'), image)
      const state = JSON.parse(readFileSync(stateFile, 'utf8'))
      state.images[0].mtimeNs = statSync(join(folder, 'disk'), { bigint: true }).mtimeNs.toString()
      writeFileSync(stateFile, JSON.stringify(state))
      unchecked()
      await t.pair.receiver.start()
      await waitFor(() => t.pair.receiver.list()[0]?.diskCheck !== undefined, { timeoutMs: 10_000, what: 'the check on disk of the changed image' })
      expect(t.pair.receiver.list()[0]!.diskCheck).toMatch(/^image disk on disk is not what was committed: its block list hashes to [0-9a-f]{64}, the commit named [0-9a-f]{64}$/)
      expect(t.pair.receiver.list()[0]).toMatchObject({ status: 'failed', errorName: 'ImageDamagedError' })
      expect(readdirSync(folder).sort()).toEqual(['.migration.json', 'disk~damaged'])
    })

    it('an image written after the commit (a guest running from it) is not taken for damage: the migration stays complete, and the check says the image was not checked', async () => {
      const images = imagePair(t.dir, 64, 17)
      await t.pair.sender({ name: 'running', images: [{ name: 'disk', path: images.modified, base: 'none' }, { name: 'ram', path: images.base, base: 'none' }], mode: 'raw' }).run()
      await waitFor(() => t.pair.receiver.list()[0]?.diskCheck !== undefined, { timeoutMs: 10_000, what: 'the first check on disk' })
      const { folder } = t.pair.receiver.list()[0]!
      // The guest writes its RAM file; the check runs again (as after a stop during it).
      const fd = openSync(join(folder, 'ram'), 'r+')
      writeSync(fd, Uint8Array.of(0xee), 0, 1, 4096)
      closeSync(fd)
      const stateFile = join(folder, '.migration.json')
      const state = JSON.parse(readFileSync(stateFile, 'utf8'))
      delete state.diskCheck
      writeFileSync(stateFile, JSON.stringify(state))
      await t.pair.receiver.start()
      await waitFor(() => t.pair.receiver.list()[0]?.diskCheck !== undefined, { timeoutMs: 10_000, what: 'the check on disk again' })
      expect(t.pair.receiver.list()[0]).toMatchObject({ status: 'complete', diskCheck: 'image ram was written after the commit (by a guest running from it, or another program), so it was not checked; the other image is as committed' })
      expect(readdirSync(folder).sort()).toEqual(['.migration.json', 'disk', 'manifest.json', 'ram'])
    })

    it('a migration whose state file is gone is listed as damaged at the next start, naming its capsule, and rm removes it', async () => {
      const images = imagePair(t.dir, 64, 16)
      await t.pair.sender({ name: 'lost', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw' }).run()
      const { folder, capsule } = t.pair.receiver.list()[0]!
      rmSync(join(folder, '.migration.json'))
      // Hidden before: no state file, no migration; its capsule stayed in the store.
      expect(t.pair.receiver.list()).toEqual([])
      await t.pair.receiver.start()
      expect(t.pair.receiver.list()).toMatchObject([{ name: 'lost', capsule, status: 'damaged', error: `its state file ${join(folder, '.migration.json')} is gone, and this node's store holds its capsule; 'gdp migrate rm lost' removes what is left` }])
      expect(await t.pair.receiver.remove('lost')).toMatchObject({ capsules: [capsule], filesRemoved: true })
      expect(t.pair.receiver.list()).toEqual([])
      expect((await t.pair.store.capsule(parseName(capsule)).then(() => 'held', (err: Error) => err.name))).toBe('CapsuleDeletedError')
    })

    // Found by attacking a server's disk: a state file out of reach (a link to nothing: its disk not mounted) was taken
    // for one gone, and the way out said was 'gdp migrate rm', which deletes the migration's capsule and its folder.
    it('a migration whose state file is a symbolic link to nothing is listed as damaged naming the link and where it points, not as gone to be removed', async () => {
      const images = imagePair(t.dir, 64, 18)
      await t.pair.sender({ name: 'linked', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw' }).run()
      const { folder, capsule } = t.pair.receiver.list()[0]!
      const stateFile = join(folder, '.migration.json')
      const elsewhere = join(t.dir, 'unmounted', '.migration.json')
      renameSync(stateFile, join(t.dir, 'kept.json'))
      symlinkSync(elsewhere, stateFile)
      await t.pair.receiver.start()
      expect(t.pair.receiver.list()).toMatchObject([{ name: 'linked', status: 'damaged', error: `its state file ${stateFile} is a symbolic link to ${elsewhere}, which is not there: put the file back where the link points (a disk not mounted?)` }])
      mkdirSync(join(t.dir, 'unmounted'))
      renameSync(join(t.dir, 'kept.json'), elsewhere)
      expect(t.pair.receiver.list()).toMatchObject([{ name: 'linked', capsule, status: 'complete' }])
    })

    // Found by an audit of the links-to-nothing fixes: a migration's folder out of reach (a link to nothing) was taken
    // for a state file gone, and the way out said was 'gdp migrate rm', as for the state file itself.
    it('a migration whose folder is a symbolic link to nothing is listed as damaged naming the link and where it points, not as gone to be removed', async () => {
      const images = imagePair(t.dir, 64, 18)
      await t.pair.sender({ name: 'linked', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw' }).run()
      const { folder, capsule } = t.pair.receiver.list()[0]!
      const elsewhere = join(t.dir, 'unmounted', 'linked')
      renameSync(folder, join(t.dir, 'kept'))
      symlinkSync(elsewhere, folder)
      await t.pair.receiver.start()
      expect(t.pair.receiver.list()).toMatchObject([{ name: 'linked', status: 'damaged', error: `its folder ${folder} is a symbolic link to ${elsewhere}, which is not there: put the folder back where the link points (a disk not mounted?)` }])
      mkdirSync(join(t.dir, 'unmounted'))
      renameSync(join(t.dir, 'kept'), elsewhere)
      expect(t.pair.receiver.list()).toMatchObject([{ name: 'linked', capsule, status: 'complete' }])
    })

    it('a base named for an image whose copy here is damaged is refused as damaged, not as one the receiver lacks', async () => {
      const images = imagePair(t.dir, 64, 3)
      const base = await t.pair.senderBases.add(images.base)
      await t.pair.receiverBases.add(images.base)
      rmSync(base.path)
      const run = t.pair.sender({ name: 'rotten', images: [{ name: 'disk', path: images.modified, base: Buffer.from(base.hash).toString('hex') }], mode: 'raw' }).run()
      await expect(run).rejects.toMatchObject({ name: 'BaseDamagedError', message: expect.stringContaining(`its copy ${base.path}: there is no such file`) })
    })

    it('refuses entries signed by a key other than the migration capsule writer', async () => {
      const images = imagePair(t.dir, 256, 3)
      const { Ed25519Signer, generateEd25519KeyPair } = await import('../../src/crypto/ed25519.js')
      const { signHeartbeat } = await import('../../src/capsule/heartbeat.js')
      const { signedHeartbeatFromPb, signedHeartbeatToPb } = await import('../../src/capsule/codec.js')
      const forger = new Ed25519Signer(generateEd25519KeyPair().secretKey)
      t.pair.intercept = (channel) => ({
        ...channel,
        send: async (frame) => {
          if (frame.append != null) {
            const hb = signedHeartbeatFromPb(frame.append.heartbeat)
            frame = { append: { ...frame.append, heartbeat: signedHeartbeatToPb(signHeartbeat(hb.heartbeat, forger)) } }
          }
          await channel.send(frame)
        }
      })
      const run = t.pair.sender({ name: 'forged', images: [{ name: 'disk', path: images.modified }] }).run()
      await expect(run).rejects.toThrow(/entry 0: .*not signed by the writer key/)
      expect(t.pair.receiver.list()[0]).toMatchObject({ entries: 0 })
    })

    it('refuses a sender the receiver does not allow, naming it', async () => {
      await t.pair.close()
      t.pair = await migrationPair(t.dir, () => false)
      const images = imagePair(t.dir, 64, 3)
      const run = t.pair.sender({ name: 'nope', images: [{ name: 'disk', path: images.modified }] }).run()
      await expect(run).rejects.toThrow(/does not accept migrations from node .* migration_allow/)
      await expect(run).rejects.toHaveProperty('name', 'MigrationUnauthorizedError')
    })
  })

  describe('live migration (iterative pre-copy)', () => {
    it('sends changed blocks in rounds, then the paused state, and ends with the final images', async () => {
      const { openSync, writeSync, closeSync, writeFileSync } = await import('node:fs')
      const images = imagePair(t.dir, 1024, 11)
      const ram = images.modified
      const devstate = join(t.dir, 'devstate')
      let writes = 0
      const dirty = setInterval(() => {
        // The "guest" keeps dirtying a few blocks while the pre-copy runs.
        const fd = openSync(ram, 'r+')
        writeSync(fd, Buffer.from(`tick ${++writes}`), 0, undefined, (writes % 64) * 4096 + 100)
        closeSync(fd)
      }, 5)
      const events: string[] = []
      const sender = t.pair.sender({
        name: 'live',
        images: [{ name: 'ram', path: ram }, { name: 'devstate', path: devstate }],
        live: true,
        pause: async () => {
          clearInterval(dirty)
          writeFileSync(devstate, Buffer.from('device state at pause'))
        }
      })
      sender.events.addEventListener('notice', (event) => { events.push(event.detail) })
      const summary = await sender.run()
      clearInterval(dirty)
      expect(summary.rounds.length).toBeGreaterThanOrEqual(2)
      expect(summary.rounds.at(-1)!.final).toBe(true)
      expect(summary.rounds[0]!.blocksSent).toBeGreaterThan(summary.rounds.at(-1)!.blocksSent)
      expect(summary.downtimeMs).toBeGreaterThan(0)
      expect(events.some((e) => e.startsWith('pre-copy round 0'))).toBe(true)
      expect(Buffer.compare(readFileSync(join(summary.folder, 'ram')), readFileSync(ram))).toBe(0)
      expect(readFileSync(join(summary.folder, 'devstate'), 'utf8')).toBe('device state at pause')
    })

    it('runs pre-copy rounds until one takes at most --max-downtime, read to acknowledged; at most --max-rounds', async () => {
      const { openSync, writeSync, closeSync } = await import('node:fs')
      const images = imagePair(t.dir, 512, 13)
      let writes = 0
      // A source that dirties blocks all the time: no round is ever quick enough for 1 ms.
      const dirty = setInterval(() => {
        const fd = openSync(images.modified, 'r+')
        for (let i = 0; i < 8; i++) writeSync(fd, Buffer.from(`tick ${++writes}`), 0, undefined, (writes % 64) * 4096 + 64)
        closeSync(fd)
      }, 2)
      const notices: string[] = []
      const sender = t.pair.sender({ name: 'busy', images: [{ name: 'ram', path: images.modified }], live: true, maxDowntimeMs: 1, maxRounds: 3, pause: async () => { clearInterval(dirty) } })
      sender.events.addEventListener('notice', (event) => { notices.push(event.detail) })
      const summary = await sender.run().finally(() => { clearInterval(dirty) })
      expect(summary.rounds.map((r) => r.final)).toEqual([false, false, false, true])
      expect(notices.filter((n) => n.startsWith('pre-copy round'))).toEqual([0, 1, 2].map((r) => expect.stringMatching(new RegExp(`^pre-copy round ${r}: \\d+ blocks changed \\([\\d.]+ MiB\\) in \\d+ ms$`))))
      expect(Buffer.compare(readFileSync(join(summary.folder, 'ram')), readFileSync(images.modified))).toBe(0)
      // With room (a minute), the first round is quick enough: straight to the final round.
      const relaxed = await t.pair.sender({ name: 'calm', images: [{ name: 'ram', path: images.modified }], live: true, maxDowntimeMs: 60_000, pause: async () => {} }).run()
      expect(relaxed.rounds.map((r) => r.final)).toEqual([false, true])
    })
  })
})

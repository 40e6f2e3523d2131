// Sends that cannot start, are cancelled, or fail part-way, and hellos that
// compete for one migration name: what the sender refuses before the
// receiver hears of it, and what the receiver keeps (and lets go of).
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { memoryChannelPair } from '../../src/migration/channel.js'
import { MigrationSender, type MigrationSendInit } from '../../src/migration/sender.js'
import { waitFor } from '../helpers.js'
import { imagePair, useMigrationPair } from './fixtures.js'

describe('migration sends that fail or compete (in memory)', () => {
  const t = useMigrationPair('gdp-migrate-fail-')

  /** A sender with a key of its own (another allowed node) to the t.pair's receiver. */
  function otherSender (init: MigrationSendInit): MigrationSender {
    const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
    return new MigrationSender({ resumeTimeoutMs: 5000, ...init }, {
      signer: key,
      bases: t.pair.senderBases,
      pool: t.pair.pool,
      connect: async () => {
        const link = memoryChannelPair()
        void t.pair.receiver.serve(link.b, key.publicKey)
        return link.a
      }
    })
  }

  /** Holds the first link's `n`th append until `release`; `reached` resolves when it comes. */
  function holdAppend (n: number): { reached: Promise<void>, release: () => void } {
    let reached: () => void = () => {}
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => { release = resolve })
    const held = { reached: new Promise<void>((resolve) => { reached = resolve }), release }
    let appends = 0
    t.pair.intercept = (channel) => t.pair.links.length !== 1
      ? channel
      : {
          ...channel,
          send: async (frame) => {
            if (frame.append != null && ++appends === n) { reached(); await gate }
            await channel.send(frame)
          }
        }
    return held
  }

  it('refuses, before the receiver hears of it, an image that is a folder, a device, a pipe, missing, or named as a receiver file', () => {
    const images = imagePair(t.dir, 16, 3)
    const folder = join(t.dir, 'folder')
    mkdirSync(folder)
    const fifo = join(t.dir, 'fifo')
    execFileSync('mkfifo', [fifo])
    const send = (path: string, name = 'disk'): MigrationSender => t.pair.sender({ name: 'vm', images: [{ name, path }] })
    expect(() => send(folder)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', message: `image disk: ${folder} is a folder, not a file` }))
    expect(() => send('/dev/zero')).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', message: 'image disk: /dev/zero is a character device, not a regular file: its size cannot be known, so it cannot be sent as an image (copy its content into a file first)' }))
    expect(() => send(fifo)).toThrow(/^image disk: .*fifo is a pipe, not a regular file/)
    expect(() => send(join(t.dir, 'nonexistent'))).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', message: `image disk: no file ${join(t.dir, 'nonexistent')}` }))
    for (const name of ['manifest.json', '.migration.json', '.migration.json.tmp', 'disk.partial']) {
      expect(() => send(images.modified, name)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', message: expect.stringMatching(new RegExp(`^image name '${name.replace('.', '\\.')}' is reserved: the receiver keeps its own files`)) }))
    }
    // A pause step without --live, as --max-rounds without it: refused.
    expect(() => t.pair.sender({ name: 'vm', images: [{ name: 'disk', path: images.modified }], pause: async () => {} })).toThrow('a pause step (--pause-command or --pause-qmp) is for a live migration (--live)')
    expect(t.pair.links).toEqual([])
    expect(t.pair.receiver.list()).toEqual([])
  })

  it('a receiver that never answers fails the send after its first connect timeout, saying so, not after the resume timeout (a dead standby held gdp node migrate a minute)', async () => {
    const images = imagePair(t.dir, 16, 3)
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })
    // A first connect timeout shorter than the default (FIRST_CONNECT_TIMEOUT_MS, 10 s): nothing answers however long it dials.
    const sender = new MigrationSender({ name: 'nobody', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', resumeTimeoutMs: 60_000, firstConnectTimeoutMs: 1000 }, {
      signer: new Ed25519Signer(generateEd25519KeyPair().secretKey),
      bases: t.pair.senderBases,
      pool: t.pair.pool,
      connect: async () => { throw refused }
    })
    const err = await sender.run().catch((e: Error) => e) as Error
    expect(err.message).toBe(`cannot reach the receiver within 1000 ms (it never answered: is it running, at that address?): ${refused.message}`)
  }, 30_000)

  it('a send that failed part-way on the sender leaves its name to that sender\'s next send; another sender still cannot take it', async () => {
    const images = imagePair(t.dir, 256, 4)
    // Live, and the device state never appears: the final round fails on the sender, after entries went.
    const failed = t.pair.sender({ name: 'n1', images: [{ name: 'disk', path: images.modified }, { name: 'devstate', path: join(t.dir, 'devstate') }], mode: 'raw', live: true, maxDowntimeMs: 60_000, pause: async () => {} })
    await expect(failed.run()).rejects.toMatchObject({ name: 'InvalidArgumentError', message: `image devstate: no file ${join(t.dir, 'devstate')}` })
    expect(t.pair.receiver.list()).toMatchObject([{ name: 'n1', status: 'receiving', entries: expect.any(Number) }])
    expect(t.pair.receiver.list()[0]!.entries).toBeGreaterThan(0)

    const intruder = otherSender({ name: 'n1', images: [{ name: 'disk', path: images.modified }], mode: 'raw' })
    await expect(intruder.run()).rejects.toMatchObject({ name: 'MigrationConflictError', message: expect.stringContaining("name 'n1' is taken by another migration on this node") })

    const again = await t.pair.sender({ name: 'n1', images: [{ name: 'disk', path: images.modified }], mode: 'raw' }).run()
    expect(Buffer.compare(readFileSync(join(again.folder, 'disk')), images.modifiedBytes)).toBe(0)
    expect(t.pair.receiver.list()).toMatchObject([{ name: 'n1', status: 'complete', capsule: again.capsule }])
    expect(await t.pair.store.has(failed.capsule)).toBe(false)
  })

  it('a send that fails on the sender as it starts tells the receiver, which lets go of the name at once, though the stream stays open', async () => {
    const images = imagePair(t.dir, 64, 9)
    const info = await t.pair.senderBases.add(images.base)
    await t.pair.receiverBases.add(images.base)
    // The sender's block index is off by a bit everywhere: its first base read fails, before any data went.
    const indexFile = `${info.path}.blocks`
    const index = readFileSync(indexFile)
    for (let block = 0; block < info.blocks; block++) index[block * 32]! ^= 1
    writeFileSync(indexFile, index)
    // A close the receiver does not see (a connection kept open): only what the sender says ends the stream there.
    t.pair.intercept = (channel) => ({ ...channel, close: async () => {} })
    const send = (name: string): MigrationSender => t.pair.sender({ name, images: [{ name: 'disk', path: images.modified, base: Buffer.from(info.hash).toString('hex') }], mode: 'raw' })
    await expect(send('gone').run()).rejects.toHaveProperty('name', 'BaseDamagedError')
    // The base is now marked damaged on the sender: this send stops as it starts, before the receiver hears of it, saying so.
    await expect(send('again').run()).rejects.toHaveProperty('name', 'BaseDamagedError')
    expect(t.pair.receiver.list()).toMatchObject([{ name: 'gone', status: 'receiving' }])
    const notServing = { timeoutMs: 2000, what: 'the receiver to let go of the migration', retryOn: (err: Error) => err.name === 'MigrationInProgressError' }
    expect(await waitFor(async () => await t.pair.receiver.remove('gone'), notServing)).toMatchObject({ name: 'gone', filesRemoved: true })
    // Once the base is whole again, a send is taken at once (not after the 3 s a live stream is given to end).
    t.pair.intercept = undefined
    expect(await t.pair.senderBases.verify(info.hash)).toMatchObject({ indexRebuilt: true, damaged: false })
    const started = performance.now()
    const again = await send('again').run()
    expect(performance.now() - started).toBeLessThan(2500)
    expect(Buffer.compare(readFileSync(join(again.folder, 'disk')), images.modifiedBytes)).toBe(0)
    expect(t.pair.receiver.list()).toMatchObject([{ name: 'again', status: 'complete', capsule: again.capsule }])
  })

  it('an entry the receiver refuses marks the migration failed and deletes its images; a new send of the name replaces it', async () => {
    const images = imagePair(t.dir, 256, 5)
    writeFileSync(join(t.dir, 'other.img'), Buffer.alloc(3 * 4096, 7))
    let appends = 0
    t.pair.intercept = (channel) => t.pair.links.length !== 1
      ? channel
      : {
          ...channel,
          send: async (frame) => {
            if (frame.append != null && ++appends === 2) {
              const payload = new Uint8Array(frame.append.records![0]!.payload!)
              payload[payload.length - 10]! ^= 1
              frame = { append: { ...frame.append, records: [{ ...frame.append.records![0], payload }] } }
            }
            await channel.send(frame)
          }
        }
    await expect(t.pair.sender({ name: 'n2', images: [{ name: 'disk', path: images.modified }], mode: 'raw', batchBytes: 64 * 1024 }).run()).rejects.toHaveProperty('name', 'MigrationRejectedError')
    expect(t.pair.receiver.list()).toMatchObject([{ name: 'n2', status: 'failed', error: expect.stringMatching(/^entry 1: /) }])
    expect(readdirSync(join(t.pair.receiver.folder, 'n2'))).toEqual(['.migration.json'])
    const again = await t.pair.sender({ name: 'n2', images: [{ name: 'disk', path: join(t.dir, 'other.img') }], mode: 'raw' }).run()
    expect(readFileSync(join(again.folder, 'disk'))).toEqual(Buffer.alloc(3 * 4096, 7))
  })

  it('a hello for a name being received under another capsule is refused without disturbing the stream being served', async () => {
    const images = imagePair(t.dir, 512, 6)
    const held = holdAppend(3)
    const first = t.pair.sender({ name: 'dup', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', batchBytes: 64 * 1024 }).run()
    await held.reached
    // Another send of the name from the same node, and one from another node: each refused, the first stream untouched.
    const refused = { name: 'MigrationConflictError', message: expect.stringMatching(/migration 'dup' is being received now from another capsule \(\S+\)/) }
    await Promise.all([
      expect(t.pair.sender({ name: 'dup', images: [{ name: 'disk', path: images.modified }] }).run()).rejects.toMatchObject(refused),
      expect(otherSender({ name: 'dup', images: [{ name: 'disk', path: images.modified }] }).run()).rejects.toMatchObject(refused)
    ])
    held.release()
    const summary = await first
    expect(summary.resumes).toBe(0)
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
    expect(t.pair.receiver.list()).toMatchObject([{ name: 'dup', status: 'complete', capsule: summary.capsule }])
  })

  it('a cancelled send stops before its pause step: no pause, no commit, the stream ends, and the next send of the name replaces it', async () => {
    const images = imagePair(t.dir, 1024, 7)
    const cancel = new AbortController()
    let appends = 0
    t.pair.intercept = (channel) => t.pair.links.length !== 1
      ? channel
      : { ...channel, send: async (frame) => { if (frame.append != null && ++appends === 3) cancel.abort(); await channel.send(frame) } }
    let paused = false
    const sender = t.pair.sender({ name: 'c', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', batchBytes: 64 * 1024, live: true, maxDowntimeMs: 60_000, pause: async () => { paused = true }, signal: cancel.signal })
    await expect(sender.run()).rejects.toMatchObject({ name: 'MigrationCancelledError', message: expect.stringMatching(/^migration 'c' was cancelled before its pause step/) })
    expect(paused).toBe(false)
    const [state] = t.pair.receiver.list()
    expect(state).toMatchObject({ name: 'c', status: 'receiving' })
    expect(state!.entries).toBeLessThan(20)
    // A cancel once the pause step began is ignored: stopping then would leave the source paused and no complete copy.
    const late = new AbortController()
    const summary = await t.pair.sender({ name: 'c', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', live: true, maxDowntimeMs: 60_000, pause: async () => { late.abort() }, signal: late.signal }).run()
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
    expect(t.pair.receiver.list()).toMatchObject([{ name: 'c', status: 'complete', capsule: summary.capsule }])
  })
})

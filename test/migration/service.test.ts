// Two migration services joined by in-memory libp2p stream pairs, no
// sockets: the endpoint's protocol handling, dialling and resumption.
import '../../src/node/polyfill.js'
import { randomBytes } from 'node:crypto'
import { cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys'
import type { PeerId } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { multiaddr } from '@multiformats/multiaddr'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { signedMetadataToPb } from '../../src/capsule/codec.js'
import { newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { formatName } from '../../src/capsule/name.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { BLOCK_SIZE } from '../../src/migration/batch.js'
import { MIGRATE_PROTOCOL, streamChannel } from '../../src/migration/channel.js'
import { MIGRATION_FIELD } from '../../src/migration/entries.js'
import { OutboundEntryStream } from '../../src/migration/entry-stream.js'
import { MAX_STREAMS_PER_SENDER, MigrationService } from '../../src/migration/service.js'
import { nodeName } from '../../src/routing/signing.js'
import { tempDir, waitFor } from '../helpers.js'
import { flipByteAt } from '../store/damage-helper.js'
import { MemoryNetwork, imagePair, streamAfterMessages } from './fixtures.js'

interface TestNode { key: Ed25519Signer, peerId: PeerId, folder: string }

async function testNode (root: string, label: string): Promise<TestNode> {
  const key = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const peerId = peerIdFromPrivateKey(await generateKeyPairFromSeed('Ed25519', key.seed))
  return { key, peerId, folder: join(root, label) }
}

describe('migration service over in-memory streams', () => {
  let dir: { path: string, cleanup: () => void }
  let network: MemoryNetwork
  let a: TestNode
  let b: TestNode
  const running = new Set<MigrationService>()

  /** Starts (or restarts, on the same folders) the service of `node`; `allow` as in migration_allow. */
  async function start (node: TestNode, allow: string[] = [], keepFreeBytes?: number): Promise<MigrationService> {
    const service = new MigrationService({ folder: join(node.folder, 'migration'), receiveFolder: join(node.folder, 'migrations'), allow, workers: 2, ...(keepFreeBytes === undefined ? {} : { keepFreeBytes }) }, {
      libp2p: network.node(node.peerId),
      signer: node.key,
      peerKey: (connection) => connection.remotePeer.publicKey!.raw
    })
    await service.start()
    running.add(service)
    return service
  }

  async function stop (service: MigrationService): Promise<void> {
    running.delete(service)
    await service.stop()
  }

  beforeEach(async () => {
    dir = tempDir('gdp-migrate-service-')
    network = new MemoryNetwork()
    a = await testNode(dir.path, 'a')
    b = await testNode(dir.path, 'b')
  })
  afterEach(async () => {
    for (const service of running) await stop(service)
    dir.cleanup()
  })

  const to = (node: TestNode): string => `/ip4/127.0.0.1/tcp/4040/p2p/${node.peerId.toString()}`
  const allowA = (): string[] => [formatName(nodeName(a.key.publicKey))]

  it('migrates between two services, with the bases both registered and every listener told', async () => {
    const sender = await start(a)
    const receiver = await start(b, allowA())
    const images = imagePair(dir.path, 1024, 13)
    await sender.bases.add(images.base)
    await receiver.bases.add(images.base)
    const modes: string[] = []
    const summary = await sender.send({ name: 'vm1', images: [{ name: 'disk', path: images.modified }], mode: 'zstd-1', progressEveryMs: 1 }, to(b), {
      onProgress: (p) => { modes.push(p.mode) }
    })
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
    expect(summary.images[0]!.seed).toBeDefined()
    expect(summary.resumes).toBe(0)
    expect(receiver.receiver.list()).toMatchObject([{ name: 'vm1', status: 'complete', sender: formatName(nodeName(a.key.publicKey)) }])
    // The service's own listener kept its counters while the caller's got the same events.
    expect(sender.stats()).toMatchObject({ sent: 1, failed: 0 })
    expect(sender.counters.sending.size).toBe(0)
    expect(new Set(modes)).toEqual(new Set(['zstd-1']))
  })

  it('keeps the free bytes it is given (migration_keep_free) on the receiving disk', async () => {
    const sender = await start(a)
    const images = imagePair(dir.path, 16, 3)
    // More than any disk here holds: the first round is refused, naming it.
    const keep = 2 ** 50
    await start(b, allowA(), keep)
    await expect(sender.send({ name: 'kept', images: [{ name: 'disk', path: images.modified }] }, to(b))).rejects.toThrow(new RegExp(`of which it keeps ${keep} free \\(keepFreeBytes, the node's migration_keep_free\\)`))
    // None: a round that fits in the free space is taken.
    for (const service of [...running].filter((s) => s.receiver.folder.startsWith(b.folder))) await stop(service)
    await start(b, allowA(), 0)
    const summary = await sender.send({ name: 'taken', images: [{ name: 'disk', path: images.modified }] }, to(b))
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
  })

  it('refuses a sender its allow list does not name, over the stream', async () => {
    const sender = await start(a)
    await start(b, [])
    const images = imagePair(dir.path, 16, 3)
    const run = sender.send({ name: 'nope', images: [{ name: 'disk', path: images.modified }] }, to(b))
    await expect(run).rejects.toHaveProperty('name', 'MigrationUnauthorizedError')
    expect(sender.stats()).toMatchObject({ sent: 0, failed: 1 })
  })

  it('a sender that closes its end of the stream without a word, its connection kept, lets go of the migration at once', async () => {
    await start(b, ['any'])
    const c = await testNode(dir.path, 'c')
    const key = c.key.publicKey
    const metadata = newMetadata({ owner: key, writer: key, createdAtUs: Date.now() * 1000, nonce: randomBytes(16), appFields: [{ key: MIGRATION_FIELD, value: Buffer.from('quiet') }] })
    const outbound = new OutboundEntryStream({ metadata: signedMetadataToPb(signMetadata(metadata, c.key)), resumeTimeoutMs: 1000 }, {
      connect: async () => streamChannel(await network.node(c.peerId).dialProtocol(multiaddr(to(b)), MIGRATE_PROTOCOL)),
      windowBytes: () => 1 << 20
    })
    await outbound.open()
    const receiver = [...running].find((s) => s.receiver.folder.startsWith(b.folder))!
    expect(receiver.receiver.list()).toMatchObject([{ name: 'quiet', status: 'receiving', entries: 0 }])
    await outbound.close()
    const removed = await waitFor(async () => await receiver.receiver.remove('quiet'), { timeoutMs: 2000, what: 'the receiver to let go of the migration', retryOn: (err) => err.name === 'MigrationInProgressError' })
    expect(removed).toMatchObject({ name: 'quiet', filesRemoved: true })
  })

  it('takes at most MAX_STREAMS_PER_SENDER streams from one node at once: the next is refused as busy, another node\'s is not, and one that ends makes room', async () => {
    await start(b, ['any'])
    const c = await testNode(dir.path, 'c')
    const d = await testNode(dir.path, 'd')
    const outbound = (node: TestNode, name: string): OutboundEntryStream => {
      const metadata = newMetadata({ owner: node.key.publicKey, writer: node.key.publicKey, createdAtUs: Date.now() * 1000, nonce: randomBytes(16), appFields: [{ key: MIGRATION_FIELD, value: Buffer.from(name) }] })
      return new OutboundEntryStream({ metadata: signedMetadataToPb(signMetadata(metadata, node.key)), resumeTimeoutMs: 1000 }, {
        connect: async () => streamChannel(await network.node(node.peerId).dialProtocol(multiaddr(to(b)), MIGRATE_PROTOCOL)),
        windowBytes: () => 1 << 20
      })
    }
    // Streams that send nothing yet hold their place as much as migrations do: a hello may take 10 s to come.
    const held = await Promise.all(Array.from({ length: MAX_STREAMS_PER_SENDER }, async () => await network.node(c.peerId).dialProtocol(multiaddr(to(b)), MIGRATE_PROTOCOL)))
    const refused = await outbound(c, 'one-more').open().then(() => undefined, (err: Error) => err)
    expect(refused).toMatchObject({ name: 'ServerBusyError', message: `the receiver refused the migration: this node receives ${MAX_STREAMS_PER_SENDER} migration streams from node ${formatName(nodeName(c.key.publicKey))} at once already: send again once one of them ends` })
    const other = outbound(d, 'other')
    await other.open()
    await other.close()
    // Found by this survey: busy was final, so a sender that redialled a dropped link while the receiver still
    // counted the dead stream (until its silence showed) failed the migration rather than resume it. A sender tries
    // again within its connect time, and gets in once one of the streams ends.
    const waiting = outbound(c, 'after')
    const opening = waiting.open()
    await new Promise((resolve) => setTimeout(resolve, 300))
    await held[0]!.close()
    await opening
    await waiting.close()
    for (const stream of held) stream.abort(new Error('done'))
  })

  it('a sender with maxUnfinishedPerSender migrations not finished on the receiver is refused a new one with QuotaExceededError at once, not redialled', async () => {
    const receiver = new MigrationService({ folder: join(b.folder, 'migration'), receiveFolder: join(b.folder, 'migrations'), allow: ['any'], maxUnfinishedPerSender: 1 }, { libp2p: network.node(b.peerId), signer: b.key, peerKey: (connection) => connection.remotePeer.publicKey!.raw })
    await receiver.start()
    running.add(receiver)
    const c = await testNode(dir.path, 'c')
    const outbound = (name: string): OutboundEntryStream => {
      const metadata = newMetadata({ owner: c.key.publicKey, writer: c.key.publicKey, createdAtUs: Date.now() * 1000, nonce: randomBytes(16), appFields: [{ key: MIGRATION_FIELD, value: Buffer.from(name) }] })
      return new OutboundEntryStream({ metadata: signedMetadataToPb(signMetadata(metadata, c.key)), resumeTimeoutMs: 5000 }, {
        connect: async () => streamChannel(await network.node(c.peerId).dialProtocol(multiaddr(to(b)), MIGRATE_PROTOCOL)),
        windowBytes: () => 1 << 20
      })
    }
    const first = outbound('first')
    await first.open()
    await first.close()
    const started = performance.now()
    const refused = await outbound('second').open().then(() => undefined, (err: Error) => err)
    expect(refused).toMatchObject({ name: 'QuotaExceededError', message: expect.stringContaining('takes at most 1 from one sender at once (maxUnfinishedPerSender, the node\'s migration_unfinished_per_sender)') })
    expect(performance.now() - started).toBeLessThan(2000)
    expect(receiver.receiver.list().map((m) => m.name)).toEqual(['first'])
  })

  it('resumes on a new stream after the stream drops mid-transfer, resending only what was not acknowledged', async () => {
    const sender = await start(a)
    const receiver = await start(b, allowA())
    const images = imagePair(dir.path, 2048, 7)
    const notices: string[] = []
    // The first stream drops once its dialler has the welcome and one acknowledgement, and the sender has taken it (its
    // progress, looked at every millisecond, counts bytes acknowledged). Dropped as the acknowledgement arrived, the
    // stream could break before the sender read it, which a loaded machine's held loop made happen: it resumed after
    // entry 0.
    const first = streamAfterMessages(network, 2)
    let stream: Awaited<typeof first> | undefined
    void first.then((s) => { stream = s })
    let dropped = false
    const sending = sender.send({ name: 'drop', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', batchBytes: 256 * 1024, windowBytes: 512 * 1024, progressEveryMs: 1 }, to(b), {
      onEvent: (message) => { notices.push(message) },
      onProgress: (progress) => {
        if (dropped || stream === undefined || progress.ackedBytes === 0) return
        dropped = true
        stream.outbound.abort(new Error('link dropped'))
      }
    })
    const summary = await sending
    expect(summary.resumes).toBe(1)
    expect(notices).toEqual([expect.stringMatching(/^link dropped \(link dropped\); resuming after entry [1-9]\d*$/)])
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
    expect(summary.bytesSent).toBeLessThan(summary.imageBytes * 1.5)
    expect(receiver.receiver.list()).toMatchObject([{ name: 'drop', status: 'complete' }])
  })

  it('resumes after the receiving service restarts mid-transfer, from the entries it had stored', async () => {
    const sender = await start(a)
    let receiver = await start(b, allowA())
    const images = imagePair(dir.path, 2048, 8)
    const first = streamAfterMessages(network, 3)
    const sending = sender.send({ name: 'restart', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', batchBytes: 256 * 1024, windowBytes: 512 * 1024 }, to(b))
    await first
    // Stopping ends the stream being served; until the restart, the sender's dials find no handler.
    await stop(receiver)
    const folder = join(b.folder, 'migrations', 'restart')
    const stored = JSON.parse(readFileSync(join(folder, '.migration.json'), 'utf8')) as { entries: number }
    expect(stored.entries).toBeGreaterThanOrEqual(2)
    // Not committed: the image has no name that looks complete.
    expect(readdirSync(folder).sort()).toEqual(['.migration.json', 'disk.partial'])
    // Under its own name, as a node stopped while applying the commit (or an older version) leaves it: resumed all the same.
    renameSync(join(folder, 'disk.partial'), join(folder, 'disk'))
    receiver = await start(b, allowA())
    const summary = await sending
    expect(summary.resumes).toBe(1)
    expect(Buffer.compare(readFileSync(join(summary.folder, 'disk')), images.modifiedBytes)).toBe(0)
    expect(summary.bytesSent).toBeLessThan(summary.imageBytes * 1.5)
    expect(receiver.receiver.list()).toMatchObject([{ name: 'restart', status: 'complete' }])
    expect(readdirSync(folder).sort()).toEqual(['.migration.json', 'disk', 'manifest.json'])
  })

  it('an image damaged on the receiver\'s disk while it was stopped fails the resumed send naming that image\'s file, not the bases it was seeded from', async () => {
    const sender = await start(a)
    let receiver = await start(b, allowA())
    // A base of 2048 random blocks; the image changes every fourth, so the receiver seeds it from the base.
    const base = randomBytes(2048 * BLOCK_SIZE)
    const modified = Buffer.from(base)
    for (let block = 0; block < 2048; block += 4) randomBytes(BLOCK_SIZE).copy(modified, block * BLOCK_SIZE)
    writeFileSync(join(dir.path, 'base.img'), base)
    writeFileSync(join(dir.path, 'modified.img'), modified)
    const hash = Buffer.from((await sender.bases.add(join(dir.path, 'base.img'))).hash).toString('hex')
    await receiver.bases.add(join(dir.path, 'base.img'))
    const first = streamAfterMessages(network, 3)
    const sending = sender.send({ name: 'rot', images: [{ name: 'disk', path: join(dir.path, 'modified.img'), base: hash }], mode: 'raw', batchBytes: 256 * 1024, windowBytes: 512 * 1024 }, to(b))
    const failed = sending.then(() => undefined, (err: Error) => err)
    await first
    await stop(receiver)
    // Block 1 came from the seed and is never sent: a byte of it rots while the node is stopped.
    const image = join(b.folder, 'migrations', 'rot', 'disk.partial')
    const bytes = readFileSync(image)
    bytes[BLOCK_SIZE + 100]! ^= 0x20
    writeFileSync(image, bytes)
    receiver = await start(b, allowA())
    const err = await failed
    expect(err).toMatchObject({ name: 'MigrationVerifyError', message: expect.stringContaining(`image disk: block-list SHA-256 `) })
    expect(err!.message).toMatch(new RegExp(`the receiver read this image back from its file \\(${image.replace(/[/.]/g, (c) => `\\${c}`)}\\) when the migration resumed: that file no longer holds what was written to it`))
    // The bases are whole on both nodes: they are not what the error sends the operator to.
    expect(err!.message).not.toMatch(/the receiver built the images from bases too/)
    expect(await receiver.bases.verify(Buffer.from(hash, 'hex'))).toMatchObject({ damaged: false })
    expect(receiver.receiver.list()).toMatchObject([{ name: 'rot', status: 'failed' }])
  })

  it('a receiver that comes back holding fewer entries than it acknowledged (its folder restored from a backup) fails the send saying so, and leaves the migration to be sent again', async () => {
    const sender = await start(a)
    let receiver = await start(b, allowA())
    const images = imagePair(dir.path, 2048, 9)
    const first = streamAfterMessages(network, 2)
    const sending = sender.send({ name: 'behind', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw', batchBytes: 256 * 1024, windowBytes: 512 * 1024 }, to(b))
    const failed = sending.then(() => undefined, (err: Error) => err)
    await first
    await stop(receiver)
    const folder = join(b.folder, 'migrations', 'behind')
    const backedUp = (JSON.parse(readFileSync(join(folder, '.migration.json'), 'utf8')) as { entries: number }).entries
    const backup = join(dir.path, 'b-backup')
    cpSync(b.folder, backup, { recursive: true })
    // Back, it acknowledges three more entries; then it stops and its folder is restored from the backup.
    const second = streamAfterMessages(network, 4)
    receiver = await start(b, allowA())
    await second
    await stop(receiver)
    rmSync(b.folder, { recursive: true, force: true })
    cpSync(backup, b.folder, { recursive: true })
    receiver = await start(b, allowA())
    const err = await failed
    expect(err).toMatchObject({ name: 'MigrationConflictError', message: expect.stringMatching(new RegExp(`^the receiver holds ${backedUp} entries of this migration, fewer than the \\d+ it acknowledged`)) })
    // Not refused entry by entry and failed there: the sender's next send of the name replaces it.
    expect(receiver.receiver.list()).toMatchObject([{ name: 'behind', status: 'receiving', entries: backedUp }])
    const again = await sender.send({ name: 'behind', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw' }, to(b))
    expect(Buffer.compare(readFileSync(join(again.folder, 'disk')), images.modifiedBytes)).toBe(0)
  })

  it('a migration store that lost its CURRENT file is refused with a way out that works for it (gdp store repair mends the node\'s own store, not this one)', async () => {
    const sender = await start(a)
    let receiver = await start(b, allowA())
    const images = imagePair(dir.path, 64, 3)
    await sender.send({ name: 'kept', images: [{ name: 'disk', path: images.modified, base: 'none' }], mode: 'raw' }, to(b))
    await stop(receiver)
    // Opened again, its log goes into a table: a database that lost CURRENT would be started empty and that table deleted.
    await stop(await start(b, allowA()))
    const store = join(b.folder, 'migration', 'capsules')
    expect(readdirSync(store).some((f) => f.endsWith('.ldb'))).toBe(true)
    rmSync(join(store, 'CURRENT'))
    const refused = await start(b, allowA()).then(() => undefined, (err: Error) => err)
    expect(refused).toMatchObject({ name: 'StoreCorruptionError', message: expect.stringMatching(/^the migration store at .* has lost its CURRENT file .*printf 'MANIFEST-\d+\\n' > .*CURRENT, or with the node stopped, move .*capsules away: the migrations received whole stay \(their folders and 'gdp migrate list'\); one being received is sent again$/) })
    expect(refused?.message).not.toMatch(/store repair/)
    // Its MANIFEST damaged instead: the same way out, not the node's store's.
    writeFileSync(join(store, 'CURRENT'), `${readdirSync(store).filter((f) => f.startsWith('MANIFEST-')).sort().at(-1)!}\n`)
    flipByteAt(join(store, readdirSync(store).filter((f) => f.startsWith('MANIFEST-')).sort().at(-1)!), 0.5)
    const damaged = await start(b, allowA()).then(() => undefined, (err: Error) => err)
    expect(damaged).toMatchObject({ name: 'StoreCorruptionError', message: expect.stringMatching(/^the migration store at .* has a damaged MANIFEST \(MANIFEST-\d+, which lists its tables\): LevelDB: Corruption: .*; restore the migration store from a backup, or with the node stopped, move .*capsules away: /) })
    expect(damaged?.message).not.toMatch(/store repair/)
    // Moved away as it says: the node starts, and the migration received is listed still.
    renameSync(store, join(b.folder, 'migration', 'capsules.aside'))
    receiver = await start(b, allowA())
    expect(receiver.receiver.list()).toMatchObject([{ name: 'kept', status: 'complete' }])
  })

  it('a byte flipped in the receiver\'s copy of the base stops the migration at its seed, naming the base and block; a new send goes without that base, and a good copy clears it', async () => {
    const sender = await start(a)
    const receiver = await start(b, allowA())
    // A base of 256 random blocks; the image changes 8 of them, so the receiver seeds it from the base.
    const base = Buffer.alloc(256 * BLOCK_SIZE)
    for (let i = 0; i < base.length; i += 4) base.writeUInt32LE((i * 2654435761) >>> 0, i)
    const modified = Buffer.from(base)
    for (let block = 40; block < 48; block++) modified.fill(block, block * BLOCK_SIZE, (block + 1) * BLOCK_SIZE)
    writeFileSync(join(dir.path, 'base.img'), base)
    writeFileSync(join(dir.path, 'modified.img'), modified)
    const registered = await sender.bases.add(join(dir.path, 'base.img'))
    const copy = (await receiver.bases.add(join(dir.path, 'base.img'))).path
    const hash = Buffer.from(registered.hash).toString('hex')
    // Block 200, which the image did not change, rots on the receiver.
    const rotten = readFileSync(copy)
    rotten[200 * BLOCK_SIZE + 17]! ^= 0x40
    writeFileSync(copy, rotten)

    const first = sender.send({ name: 'vm', images: [{ name: 'disk', path: join(dir.path, 'modified.img'), base: hash }], mode: 'raw' }, to(b))
    await expect(first).rejects.toMatchObject({ name: 'BaseDamagedError', message: expect.stringMatching(new RegExp(`base ${hash} is damaged: block 200 \\(bytes 819200 to 823296 of .*\\) hashes to [0-9a-f]{64}, its index says [0-9a-f]{64}; no migration uses it until 'gdp base verify ${hash.slice(0, 12)}'`)) })
    // Nothing that looks like an image is left, and the base is marked damaged (and stays so across a restart).
    const folder = join(b.folder, 'migrations', 'vm')
    expect(readdirSync(folder)).toEqual(['.migration.json'])
    expect(receiver.receiver.list()).toMatchObject([{ name: 'vm', status: 'failed', error: expect.stringMatching(/block 200/) }])
    expect(receiver.bases.get(registered.hash)?.damaged).toMatchObject({ block: 200 })
    await stop(receiver)
    const restarted = await start(b, allowA())
    expect(restarted.bases.get(registered.hash)?.damaged).toMatchObject({ block: 200 })
    expect(restarted.bases.usable()).toEqual([])

    // A full check names the block; the same migration sent again goes without that base (the receiver no longer offers it).
    expect(await restarted.bases.verify(registered.hash)).toMatchObject({ badBlocks: 1, firstBadBlocks: [200], wholeMatches: false, damaged: true })
    const again = await sender.send({ name: 'vm', images: [{ name: 'disk', path: join(dir.path, 'modified.img') }], mode: 'raw' }, to(b))
    expect(again.images[0]!.seed).toBeUndefined()
    expect(Buffer.compare(readFileSync(join(again.folder, 'disk')), modified)).toBe(0)
    expect(restarted.receiver.list()).toMatchObject([{ name: 'vm', status: 'complete' }])

    // A good copy added again replaces the damaged one: whole, and used again.
    await restarted.bases.add(join(dir.path, 'base.img'))
    expect(restarted.bases.get(registered.hash)?.damaged).toBeUndefined()
    expect(await restarted.bases.verify(registered.hash)).toMatchObject({ badBlocks: 0, wholeMatches: true, damaged: false })
    const third = await sender.send({ name: 'vm2', images: [{ name: 'disk', path: join(dir.path, 'modified.img'), base: hash }], mode: 'raw' }, to(b))
    expect(third.images[0]!.seed).toBeDefined()
    expect(Buffer.compare(readFileSync(join(third.folder, 'disk')), modified)).toBe(0)
  })

  it('a damaged block index, with the copy whole, is rebuilt by verify; a damaged base on the sender fails the send naming it', async () => {
    const sender = await start(a)
    const receiver = await start(b, allowA())
    const images = imagePair(dir.path, 64, 5)
    const info = await sender.bases.add(images.base)
    await receiver.bases.add(images.base)
    // Every entry of the sender's block index is off by a bit: whichever block the sender reads, it does not match.
    const index = readFileSync(`${info.path}.blocks`)
    for (let block = 0; block < info.blocks; block++) index[block * 32]! ^= 1
    writeFileSync(`${info.path}.blocks`, index)
    await expect(sender.send({ name: 'x', images: [{ name: 'disk', path: images.modified }] }, to(b))).rejects.toMatchObject({ name: 'BaseDamagedError' })
    expect(sender.bases.usable()).toEqual([])
    const v = await sender.bases.verify(info.hash)
    expect(v).toMatchObject({ badBlocks: 64, firstBadBlocks: Array.from({ length: 16 }, (_, i) => i), wholeMatches: true, indexRebuilt: true, damaged: false })
    expect(sender.bases.usable()).toHaveLength(1)
    expect(existsSync(`${info.path}.blocks.partial`)).toBe(false)
  })
})

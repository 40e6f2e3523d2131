/**
 * A hostile but allowed sender for receiver tests: it signs whatever
 * migration entries a test gives it with its own node key (so the receiver
 * authenticates and admits it) and speaks the frame protocol directly,
 * without the sender's checks.
 */
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { recordToPb, signedHeartbeatToPb, signedMetadataToPb } from '../../src/capsule/codec.js'
import { capsuleName, newMetadata, signMetadata } from '../../src/capsule/metadata.js'
import { CapsuleWriter, emptyWriterState } from '../../src/capsule/writer.js'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { BaseRegistry } from '../../src/migration/bases.js'
import { memoryChannelPair, type FrameChannel } from '../../src/migration/channel.js'
import { MIGRATION_FIELD, encodeBatch, encodeEntry, type RoundImage } from '../../src/migration/entries.js'
import { MigrationReceiver, type MigrationReceiverInit } from '../../src/migration/receiver.js'
import type { BlockBatch } from '../../src/migration/batch.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { pb } from '../../src/wire/index.js'

export interface TestReceiver {
  receiver: MigrationReceiver
  store: CapsuleStore
  bases: BaseRegistry
  close: () => Promise<void>
}

/** A receiver as MigrationService builds it, in `dir`, accepting every sender. */
export async function testReceiver (dir: string, init: Partial<MigrationReceiverInit> = {}): Promise<TestReceiver> {
  const bases = await BaseRegistry.open({ folder: join(dir, 'b-bases') })
  const store = await CapsuleStore.open({ path: join(dir, 'b-store') })
  const receiver = new MigrationReceiver({ folder: join(dir, 'b-migrations'), allow: () => true, ...init }, { store, bases })
  return { receiver, store, bases, close: async () => { await receiver.stop(); await bases.close(); await store.close() } }
}

export interface HostileSender {
  key: Ed25519Signer
  capsule: Uint8Array
  hello: pb.IMigrateFrame
  /** The append frame making `payloads` the capsule's next records. */
  append: (payloads: Uint8Array[]) => pb.IMigrateFrame
}

export function hostileSender (name: string, key = new Ed25519Signer(generateEd25519KeyPair().secretKey)): HostileSender {
  const metadata = newMetadata({ owner: key.publicKey, writer: key.publicKey, createdAtUs: Date.now() * 1000, nonce: randomBytes(16), appFields: [{ key: MIGRATION_FIELD, value: Buffer.from(name) }] })
  const capsule = capsuleName(metadata)
  const writer = new CapsuleWriter(capsule, metadata, key, emptyWriterState(capsule))
  return {
    key,
    capsule,
    hello: { hello: { metadata: signedMetadataToPb(signMetadata(metadata, key)) } },
    append: (payloads) => {
      const batch = writer.append(payloads, Date.now() * 1000)
      return { append: { records: batch.records.map(recordToPb), heartbeat: signedHeartbeatToPb(batch.heartbeat) } }
    }
  }
}

export interface TestLink {
  channel: FrameChannel
  /** Resolves when the receiver stops serving the stream. */
  served: Promise<void>
  /** The receiver's next frame (undefined once the stream ended). */
  next: () => Promise<pb.MigrateFrame | undefined>
  /** Sends `frame` and returns the receiver's answer. */
  exchange: (frame: pb.IMigrateFrame) => Promise<pb.MigrateFrame | undefined>
}

/** Opens a stream from `sender` to `receiver`. */
export function connect (receiver: MigrationReceiver, sender: HostileSender): TestLink {
  const link = memoryChannelPair()
  const served = receiver.serve(link.b, sender.key.publicKey)
  const frames = link.a.frames()
  const next = async (): Promise<pb.MigrateFrame | undefined> => (await frames.next()).value ?? undefined
  return { channel: link.a, served, next, exchange: async (frame) => { await link.a.send(frame); return await next() } }
}

export const roundEntry = (round: number, images: RoundImage[], options: { bases?: Uint8Array[], final?: boolean } = {}): Uint8Array =>
  encodeEntry({ type: 'round', round: { round, final: options.final ?? false, images, bases: options.bases ?? [] } })

export const chunkEntry = (batch: BlockBatch): Uint8Array => {
  const raw = encodeBatch(batch)
  return encodeEntry({ type: 'chunk', codec: pb.MigrationCodec.MIGRATION_CODEC_RAW, rawLength: raw.length, body: raw })
}

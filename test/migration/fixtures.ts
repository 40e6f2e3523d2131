/**
 * Small deterministic images, a sender/receiver pair joined by in-memory
 * channels, and an in-memory network of libp2p stream pairs, for migration
 * tests.
 */
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach } from 'vitest'
import { TypedEventEmitter, type PeerId, type Stream } from '@libp2p/interface'
import { streamPair } from '@libp2p/utils'
import { Ed25519Signer, generateEd25519KeyPair } from '../../src/crypto/ed25519.js'
import { BaseRegistry } from '../../src/migration/bases.js'
import { memoryChannelPair, type FrameChannel } from '../../src/migration/channel.js'
import { MigrationReceiver } from '../../src/migration/receiver.js'
import { MigrationSender, type MigrationSendInit } from '../../src/migration/sender.js'
import type { MigrationNetwork } from '../../src/migration/service.js'
import { WorkerPool } from '../../src/migration/pool.js'
import { CapsuleStore } from '../../src/store/capsule-store.js'
import { tempDir } from '../helpers.js'

const BLOCK = 4096

/** xorshift32: the same bytes on every run. */
export function prng (seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return x }
}

function textBlock (next: () => number): Uint8Array {
  const words = ['the', 'data', 'capsule', 'edge', 'node', 'virtual', 'machine', 'state', 'append', 'log', 'of', 'and', 'handoff']
  let s = ''
  while (s.length < BLOCK) s += words[next() % words.length]! + (next() % 9 === 0 ? '.\n' : ' ')
  return Buffer.from(s.slice(0, BLOCK))
}

function randomBlock (next: () => number): Uint8Array {
  const b = new Uint8Array(BLOCK)
  const v = new Uint32Array(b.buffer)
  for (let i = 0; i < v.length; i++) v[i] = next()
  return b
}

/**
 * A base and a modified image with every kind of block the planner
 * distinguishes: zeros, copies of base blocks at other offsets, repeats,
 * text, base blocks with 8 bytes changed in place, random.
 */
export function imagePair (dir: string, blocks = 512, seed = 42): { base: string, modified: string, modifiedBytes: Buffer } {
  const next = prng(seed)
  const base = Buffer.alloc(blocks * BLOCK)
  for (let b = 0; b < blocks; b++) {
    const kind = next() % 10
    if (kind < 3) continue
    base.set(kind < 7 ? textBlock(next) : randomBlock(next), b * BLOCK)
  }
  const modified = Buffer.alloc(blocks * BLOCK)
  const unique: number[] = []
  for (let b = 0; b < blocks; b++) {
    const kind = next() % 100
    const at = b * BLOCK
    if (kind < 30) continue
    if (kind < 55) { const from = next() % blocks; modified.set(base.subarray(from * BLOCK, from * BLOCK + BLOCK), at); continue }
    if (kind < 70 && unique.length > 0) { const from = unique[next() % unique.length]!; modified.set(modified.subarray(from * BLOCK, from * BLOCK + BLOCK), at); continue }
    if (kind < 80) {
      modified.set(base.subarray(at, at + BLOCK), at)
      modified.writeUInt32LE(next(), at + 8 * (next() % 512))
      modified.writeUInt32LE(next(), at + 8 * (next() % 512))
    } else {
      modified.set(kind < 92 ? textBlock(next) : randomBlock(next), at)
    }
    unique.push(b)
  }
  const basePath = join(dir, 'base.img')
  const modifiedPath = join(dir, 'modified.img')
  writeFileSync(basePath, base)
  writeFileSync(modifiedPath, modified)
  return { base: basePath, modified: modifiedPath, modifiedBytes: modified }
}

export interface MigrationPair {
  senderKey: Ed25519Signer
  senderBases: BaseRegistry
  receiverBases: BaseRegistry
  receiver: MigrationReceiver
  store: CapsuleStore
  pool: WorkerPool
  /** Channels opened so far (the receiver serves each). */
  links: Array<{ a: FrameChannel, b: FrameChannel, cut: (err?: Error) => void }>
  /** Wraps what the sender sends on each new link (to tamper with frames). */
  intercept?: (channel: FrameChannel) => FrameChannel
  /** A sender to the receiver, with the sender's registry of bases or another. */
  sender: (init: MigrationSendInit, bases?: BaseRegistry) => MigrationSender
  close: () => Promise<void>
}

export async function migrationPair (dir: string, allow: () => boolean = () => true): Promise<MigrationPair> {
  const senderKey = new Ed25519Signer(generateEd25519KeyPair().secretKey)
  const senderBases = await BaseRegistry.open({ folder: join(dir, 'a-bases') })
  const receiverBases = await BaseRegistry.open({ folder: join(dir, 'b-bases') })
  const store = await CapsuleStore.open({ path: join(dir, 'b-store') })
  const receiver = new MigrationReceiver({ folder: join(dir, 'b-migrations'), allow }, { store, bases: receiverBases })
  const pool = new WorkerPool(2)
  const pair: MigrationPair = {
    senderKey,
    senderBases,
    receiverBases,
    receiver,
    store,
    pool,
    links: [],
    sender: (init, bases = senderBases) => new MigrationSender({ resumeTimeoutMs: 5000, ...init }, {
      signer: senderKey,
      bases,
      pool,
      connect: async () => {
        const link = memoryChannelPair()
        pair.links.push(link)
        void receiver.serve(link.b, senderKey.publicKey)
        return pair.intercept === undefined ? link.a : pair.intercept(link.a)
      }
    }),
    close: async () => {
      await pool.close()
      await senderBases.close()
      await receiverBases.close()
      await store.close()
    }
  }
  return pair
}

/** A fresh folder and migration pair for each test of the enclosing describe block. */
export interface MigrationPairContext {
  /** The test's temporary folder. */
  dir: string
  /** The test's pair; a test may close it and put another in its place, which is then closed after it. */
  pair: MigrationPair
}

/** Registers hooks that give each test a temporary folder named `prefix…` and a migration pair in it, closed and removed after the test. */
export function useMigrationPair (prefix: string): MigrationPairContext {
  const context = {} as MigrationPairContext
  let cleanup = (): void => {}
  beforeEach(async () => {
    const dir = tempDir(prefix)
    cleanup = dir.cleanup
    context.dir = dir.path
    context.pair = await migrationPair(dir.path)
  })
  afterEach(async () => {
    await context.pair.close()
    cleanup()
  })
  return context
}

export interface MemoryStream { outbound: Stream, inbound: Stream, protocol: string }

type ProtocolHandler = Parameters<MigrationNetwork['handle']>[1]

/**
 * Nodes that reach each other's protocol handlers over in-memory stream
 * pairs (@libp2p/utils streamPair), as libp2p would over a connection: a
 * dial names the peer in its /p2p/ part, and the handler learns who dialled.
 */
export class MemoryNetwork {
  /** 'stream' for every stream a dial opened, before the dialler uses it. */
  readonly events = new TypedEventEmitter<{ stream: CustomEvent<MemoryStream> }>()
  readonly #handlers = new Map<string, Map<string, ProtocolHandler>>()

  /** The network as the node `self` sees it. */
  node (self: PeerId): MigrationNetwork {
    const handlers = new Map<string, ProtocolHandler>()
    this.#handlers.set(self.toString(), handlers)
    return {
      handle: async (protocol, handler) => { handlers.set(protocol, handler) },
      unhandle: async (protocol) => { handlers.delete(protocol) },
      dialProtocol: async (peer, protocol) => {
        const id = peer.getComponents().find((c) => c.name === 'p2p')?.value ?? ''
        const handler = this.#handlers.get(id)?.get(protocol)
        if (handler === undefined) throw new Error(`peer ${id} does not handle ${protocol}`)
        const [outbound, inbound] = await streamPair({ protocol })
        this.events.safeDispatchEvent('stream', { detail: { outbound, inbound, protocol } })
        handler(inbound, { remotePeer: self })
        return outbound
      }
    }
  }
}

/** Resolves with the next stream opened on `network` once its dialler has received `messages` messages (a welcome, then acknowledgements). */
export async function streamAfterMessages (network: MemoryNetwork, messages: number): Promise<MemoryStream> {
  return await new Promise((resolve) => {
    network.events.addEventListener('stream', (event) => {
      let received = 0
      event.detail.outbound.addEventListener('message', () => { if (++received === messages) resolve(event.detail) })
    }, { once: true })
  })
}
